//! Mapping rows: which directory property goes to which SCIM attribute.

use std::borrow::Cow;
use std::fmt;

use scim_core::{AttrPath, ParseError, PatchPath};

use crate::directory::DirectoryProperty;

/// A SCIM attribute path as a profile writes it: PATCH path syntax
/// (RFC 7644 §3.5.2), such as `userName`, `name.givenName`,
/// `phoneNumbers[type eq "work"]` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`.
///
/// Built-in profiles hold their paths as static text (checked by
/// [`Profile::check`](crate::Profile::check) and by the crate's tests);
/// [`ScimPath::parse`] checks text given at run time.
///
/// ```
/// use scim_profiles::ScimPath;
///
/// let p = ScimPath::parse(r#"phoneNumbers[type eq "fax"]"#)?;
/// assert_eq!(p.patch_path()?.attr().name(), "phoneNumbers");
/// assert!(ScimPath::parse("phone numbers").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ScimPath(Cow<'static, str>);

impl ScimPath {
    /// A path from static text, not checked here:
    /// [`Profile::check`](crate::Profile::check) reports it if it does not
    /// parse.
    pub const fn from_static(text: &'static str) -> ScimPath {
        ScimPath(Cow::Borrowed(text))
    }

    /// Reads and checks a path.
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of [`PatchPath::parse`] (`scimType`
    /// `invalidPath`).
    pub fn parse(text: impl Into<Cow<'static, str>>) -> Result<ScimPath, ParseError> {
        let text = text.into();
        PatchPath::parse(&text)?;
        Ok(ScimPath(text))
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path parsed.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] if the text is not a PATCH path (only possible for a
    /// path made with [`ScimPath::from_static`]).
    pub fn patch_path(&self) -> Result<PatchPath, ParseError> {
        PatchPath::parse(&self.0)
    }

    /// The attribute the path starts with (URN, name and sub-attribute
    /// before any `[`).
    ///
    /// # Errors
    ///
    /// As [`patch_path`](Self::patch_path).
    pub fn attr(&self) -> Result<AttrPath, ParseError> {
        Ok(self.patch_path()?.attr().clone())
    }

    /// Whether both paths are the same text ignoring ASCII case (attribute
    /// names and URNs are case-insensitive, RFC 7643 §2.1).
    pub fn eq_ignore_case(&self, other: &ScimPath) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl fmt::Display for ScimPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ScimPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::str::FromStr for ScimPath {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ScimPath::parse(s.to_owned())
    }
}

/// The kind of SCIM resource a mapping row fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ResourceKind {
    /// A User (RFC 7643 §4.1).
    User,
    /// A Group (RFC 7643 §4.2).
    Group,
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResourceKind::User => "User",
            ResourceKind::Group => "Group",
        })
    }
}

/// Whether a mapping row can be left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Requirement {
    /// The connector cannot work without it (identity, lifecycle, or the
    /// target rejects resources without it): it can never be excluded.
    Required,
    /// Sent by default; can be excluded one by one, and restored.
    Optional,
}

/// One row of a profile's attribute mapping: a directory property, the SCIM
/// attribute it fills, and the target's own name for that field.
///
/// ```
/// use scim_profiles::{DirectoryProperty, Mapping, Requirement, ResourceKind, ScimPath};
///
/// const ROW: Mapping = Mapping::optional(
///     DirectoryProperty::Title,
///     ScimPath::from_static("title"),
///     "Job title",
/// );
/// assert_eq!(ROW.requirement, Requirement::Optional);
/// assert_eq!(ROW.resource, ResourceKind::User);
/// assert_eq!(ROW.path.as_str(), "title");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Mapping {
    /// The resource the row fills.
    pub resource: ResourceKind,
    /// The directory property read.
    pub property: DirectoryProperty,
    /// The SCIM attribute written.
    pub path: ScimPath,
    /// The target's own name for the field, as its documentation gives it
    /// (documentation only).
    pub vendor_field: Cow<'static, str>,
    /// Whether the row can be excluded.
    pub requirement: Requirement,
}

impl Mapping {
    /// A required User row.
    pub const fn required(
        property: DirectoryProperty,
        path: ScimPath,
        vendor_field: &'static str,
    ) -> Mapping {
        Mapping::user_row(property, path, vendor_field, Requirement::Required)
    }

    /// An optional User row.
    pub const fn optional(
        property: DirectoryProperty,
        path: ScimPath,
        vendor_field: &'static str,
    ) -> Mapping {
        Mapping::user_row(property, path, vendor_field, Requirement::Optional)
    }

    /// A User row of a compile-time table.
    const fn user_row(
        property: DirectoryProperty,
        path: ScimPath,
        vendor_field: &'static str,
        requirement: Requirement,
    ) -> Mapping {
        Mapping {
            resource: ResourceKind::User,
            property,
            path,
            vendor_field: Cow::Borrowed(vendor_field),
            requirement,
        }
    }

    /// A row with every part given, for profiles built at run time.
    pub fn new(
        resource: ResourceKind,
        property: DirectoryProperty,
        path: ScimPath,
        vendor_field: impl Into<Cow<'static, str>>,
        requirement: Requirement,
    ) -> Mapping {
        Mapping {
            resource,
            property,
            path,
            vendor_field: vendor_field.into(),
            requirement,
        }
    }

    /// The same row for a Group instead of a User.
    #[must_use]
    pub const fn for_group(mut self) -> Mapping {
        self.resource = ResourceKind::Group;
        self
    }

    /// Whether the row can never be excluded.
    pub fn is_required(&self) -> bool {
        self.requirement == Requirement::Required
    }
}

/// A SCIM attribute a profile never sends, with the reason; a caller that
/// provides it gets it back in the shaping report.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Unsupported {
    /// The resource concerned.
    pub resource: ResourceKind,
    /// The attribute (an attribute path, without a filter).
    pub path: ScimPath,
    /// Why it is not sent.
    pub reason: Cow<'static, str>,
}

impl Unsupported {
    /// An unsupported User attribute.
    pub const fn user(path: ScimPath, reason: &'static str) -> Unsupported {
        Unsupported {
            resource: ResourceKind::User,
            path,
            reason: Cow::Borrowed(reason),
        }
    }

    /// An unsupported attribute, for profiles built at run time.
    pub fn new(
        resource: ResourceKind,
        path: ScimPath,
        reason: impl Into<Cow<'static, str>>,
    ) -> Unsupported {
        Unsupported {
            resource,
            path,
            reason: reason.into(),
        }
    }
}
