//! Choosing which rows of a profile's mapping are in use.

use std::collections::BTreeSet;

use crate::mapping::{Mapping, ResourceKind, ScimPath};
use crate::profile::{Profile, ProfileError};
use crate::shape::CompiledRow;

/// The rows of a profile's mapping in use: every row by default; optional
/// rows can be excluded one by one and restored, required rows never; a
/// profile that is not [`closed`](Profile::closed) also takes extra rows.
///
/// ```
/// use scim_profiles::{smartsheet, ResourceKind::User, Selection, SelectionError};
///
/// let mut sel = Selection::new(&smartsheet::PROFILE);
/// sel.exclude(User, "title")?;
/// assert!(!sel.is_selected(User, "title"));
///
/// // Required rows stay.
/// assert!(matches!(sel.exclude(User, "userName"), Err(SelectionError::Required { .. })));
/// // Built-in profiles take nothing beyond their table.
/// assert!(matches!(sel.exclude(User, "nickName"), Err(SelectionError::NotInTable { .. })));
///
/// sel.restore_defaults();
/// assert!(sel.is_selected(User, "title"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    profile: Profile,
    /// Indexes into `profile.mappings` of the excluded rows.
    excluded: BTreeSet<usize>,
    /// Rows added beyond the profile's table (open profiles only).
    extra: Vec<Mapping>,
    /// The rows in use, worked out for shaping; kept in step with the
    /// fields above.
    compiled: Vec<CompiledRow>,
}

impl Selection {
    /// Every row of `profile` (a copy of it: the built-in profiles' tables
    /// are borrowed, not copied).
    pub fn new(profile: &Profile) -> Selection {
        Selection::from(profile.clone())
    }

    /// Works the rows in use out again after a change.
    fn recompile(&mut self) {
        let compiled = self
            .rows_in_use()
            .map(|m| CompiledRow::new(&self.profile, m))
            .collect();
        self.compiled = compiled;
    }

    /// The rows in use for every resource: the profile's, minus the
    /// excluded, plus the extra ones.
    fn rows_in_use(&self) -> impl Iterator<Item = &Mapping> {
        self.profile
            .mappings
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.excluded.contains(i))
            .map(|(_, m)| m)
            .chain(self.extra.iter())
    }

    /// The rows in use for `resource`, worked out for shaping.
    pub(crate) fn compiled(&self, resource: ResourceKind) -> impl Iterator<Item = &CompiledRow> {
        self.compiled
            .iter()
            .filter(move |c| c.row().resource == resource)
    }

    /// The profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn index_of(&self, resource: ResourceKind, path: &str) -> Option<usize> {
        self.profile
            .mappings
            .iter()
            .position(|m| m.resource == resource && m.path.as_str().eq_ignore_ascii_case(path))
    }

    fn not_in_table(&self, resource: ResourceKind, path: &str) -> SelectionError {
        SelectionError::NotInTable {
            profile: self.profile.name.to_string(),
            resource,
            path: path.to_owned(),
        }
    }

    /// Excludes the optional row writing `path` (compared ignoring ASCII
    /// case); excluding it again does nothing. An extra row is removed.
    ///
    /// # Errors
    ///
    /// [`SelectionError::Required`] for a required row, and
    /// [`SelectionError::NotInTable`] if no row writes `path`.
    pub fn exclude(&mut self, resource: ResourceKind, path: &str) -> Result<(), SelectionError> {
        if let Some(at) = self
            .extra
            .iter()
            .position(|m| m.resource == resource && m.path.as_str().eq_ignore_ascii_case(path))
        {
            self.extra.remove(at);
            self.recompile();
            return Ok(());
        }
        let at = self
            .index_of(resource, path)
            .ok_or_else(|| self.not_in_table(resource, path))?;
        let row = self
            .profile
            .mappings
            .get(at)
            .ok_or_else(|| self.not_in_table(resource, path))?;
        if row.is_required() {
            return Err(SelectionError::Required {
                resource,
                path: row.path.clone(),
            });
        }
        if self.excluded.insert(at) {
            self.recompile();
        }
        Ok(())
    }

    /// Restores an excluded row to the default (selected); restoring a
    /// selected row does nothing.
    ///
    /// # Errors
    ///
    /// [`SelectionError::NotInTable`] if the profile has no row writing
    /// `path`.
    pub fn restore(&mut self, resource: ResourceKind, path: &str) -> Result<(), SelectionError> {
        let at = self
            .index_of(resource, path)
            .ok_or_else(|| self.not_in_table(resource, path))?;
        if self.excluded.remove(&at) {
            self.recompile();
        }
        Ok(())
    }

    /// Back to the profile's defaults: every row selected, no extra row.
    pub fn restore_defaults(&mut self) {
        self.excluded.clear();
        self.extra.clear();
        self.recompile();
    }

    /// Adds a row beyond the profile's table.
    ///
    /// # Errors
    ///
    /// [`SelectionError::Closed`] if the profile is
    /// [`closed`](Profile::closed) (every built-in profile is), and
    /// [`SelectionError::Profile`] if the row does not fit the profile
    /// (invalid path, already mapped, or declared unsupported).
    pub fn include(&mut self, row: Mapping) -> Result<(), SelectionError> {
        if self.profile.closed {
            return Err(SelectionError::Closed {
                profile: self.profile.name.to_string(),
                resource: row.resource,
                path: row.path,
            });
        }
        let mut trial = self.profile.clone();
        let rows = trial.mappings.to_mut();
        rows.extend(self.extra.iter().cloned());
        rows.push(row.clone());
        trial.check().map_err(SelectionError::Profile)?;
        self.extra.push(row);
        self.recompile();
        Ok(())
    }

    /// Whether a row writing `path` is in use.
    pub fn is_selected(&self, resource: ResourceKind, path: &str) -> bool {
        self.rows(resource)
            .any(|m| m.path.as_str().eq_ignore_ascii_case(path))
    }

    /// Whether the row writing `path` is in the profile's table but
    /// excluded.
    pub fn is_excluded(&self, resource: ResourceKind, path: &str) -> bool {
        self.index_of(resource, path)
            .is_some_and(|at| self.excluded.contains(&at))
    }

    /// The rows in use for `resource`: the profile's, minus the excluded,
    /// plus the extra ones.
    pub fn rows(&self, resource: ResourceKind) -> impl Iterator<Item = &Mapping> {
        self.rows_in_use().filter(move |m| m.resource == resource)
    }

    /// The excluded rows.
    pub fn excluded(&self) -> impl Iterator<Item = &Mapping> {
        self.excluded
            .iter()
            .filter_map(|i| self.profile.mappings.get(*i))
    }
}

impl From<Profile> for Selection {
    fn from(profile: Profile) -> Selection {
        let mut selection = Selection {
            profile,
            excluded: BTreeSet::new(),
            extra: Vec::new(),
            compiled: Vec::new(),
        };
        selection.recompile();
        selection
    }
}

/// A change to a [`Selection`] that cannot be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SelectionError {
    /// The row is required and cannot be excluded.
    #[error("the {resource} attribute `{path}` is required and cannot be excluded")]
    Required {
        /// The resource.
        resource: ResourceKind,
        /// The row's path.
        path: ScimPath,
    },
    /// No row of the profile writes this path.
    #[error("the {profile} profile has no {resource} attribute `{path}` in its table")]
    NotInTable {
        /// The profile's name.
        profile: String,
        /// The resource.
        resource: ResourceKind,
        /// The path asked for.
        path: String,
    },
    /// The profile takes no attribute beyond its table.
    #[error(
        "the {profile} profile takes no attribute beyond its table, not the {resource} attribute `{path}`"
    )]
    Closed {
        /// The profile's name.
        profile: String,
        /// The resource.
        resource: ResourceKind,
        /// The path of the refused row.
        path: ScimPath,
    },
    /// The extra row does not fit the profile.
    #[error(transparent)]
    Profile(ProfileError),
}
