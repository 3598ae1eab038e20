//! The directory snapshot: the source of truth a connector reconciles from.

use std::collections::{BTreeMap, BTreeSet};

use super::DirectoryUser;

/// A group of the directory, with its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryGroup {
    /// The directory's stable identifier of the group.
    pub id: String,
    /// The group's name; in the target it becomes `displayName`.
    pub name: String,
    /// The directory identifiers of the member users.
    pub members: BTreeSet<String>,
    /// Whether the group is bound to the application: its members are
    /// provisioned, and the group itself is synced when group management
    /// is enabled.
    pub bound: bool,
}

impl DirectoryGroup {
    /// A group bound to the application, without members.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> DirectoryGroup {
        DirectoryGroup {
            id: id.into(),
            name: name.into(),
            members: BTreeSet::new(),
            bound: true,
        }
    }

    /// Adds members by directory identifier.
    pub fn with_members<I, S>(mut self, members: I) -> DirectoryGroup
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.members.extend(members.into_iter().map(Into::into));
        self
    }

    /// Sets whether the group is bound to the application.
    pub fn bound(mut self, bound: bool) -> DirectoryGroup {
        self.bound = bound;
        self
    }
}

/// A snapshot of the directory: users with their properties, groups with
/// their members, which groups are bound to the application, and whether
/// the connector manages groups.
///
/// A user is provisioned when it is a member of at least one bound group.
/// Users are kept by directory identifier, which is stable across renames;
/// groups likewise.
///
/// ```
/// use scim_profiles::connector::{Directory, DirectoryGroup};
/// use scim_profiles::{DirectoryProperty, DirectoryUser};
///
/// let user = |name: &str| DirectoryUser::new().with(DirectoryProperty::Username, name);
/// let mut dir = Directory::new();
/// dir.insert_user("u1", user("bjensen@example.com")?);
/// dir.insert_user("u2", user("jsmith@example.com")?);
/// dir.insert_group(DirectoryGroup::new("g1", "Sales").with_members(["u1"]));
/// dir.insert_group(DirectoryGroup::new("g2", "Alumni").with_members(["u2"]).bound(false));
///
/// assert!(dir.is_bound("u1"));
/// assert!(!dir.is_bound("u2"));
/// # Ok::<(), scim_profiles::DirectoryError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Directory {
    users: BTreeMap<String, DirectoryUser>,
    groups: BTreeMap<String, DirectoryGroup>,
    group_management: bool,
}

impl Default for Directory {
    fn default() -> Directory {
        Directory::new()
    }
}

impl Directory {
    /// An empty directory, with group management enabled.
    pub fn new() -> Directory {
        Directory {
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            group_management: true,
        }
    }

    /// Adds or replaces the user with directory identifier `id`.
    pub fn insert_user(&mut self, id: impl Into<String>, user: DirectoryUser) -> &mut Directory {
        self.users.insert(id.into(), user);
        self
    }

    /// Removes a user, and its memberships, from the directory.
    pub fn remove_user(&mut self, id: &str) -> Option<DirectoryUser> {
        for group in self.groups.values_mut() {
            group.members.remove(id);
        }
        self.users.remove(id)
    }

    /// The user with directory identifier `id`.
    pub fn user(&self, id: &str) -> Option<&DirectoryUser> {
        self.users.get(id)
    }

    /// The user with directory identifier `id`, for change.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut DirectoryUser> {
        self.users.get_mut(id)
    }

    /// Every user with its directory identifier, ordered by identifier.
    pub fn users(&self) -> impl Iterator<Item = (&str, &DirectoryUser)> {
        self.users.iter().map(|(id, user)| (id.as_str(), user))
    }

    /// Adds or replaces a group (by its identifier).
    pub fn insert_group(&mut self, group: DirectoryGroup) -> &mut Directory {
        self.groups.insert(group.id.clone(), group);
        self
    }

    /// Removes a group; its members stay in the directory.
    pub fn remove_group(&mut self, id: &str) -> Option<DirectoryGroup> {
        self.groups.remove(id)
    }

    /// The group with directory identifier `id`.
    pub fn group(&self, id: &str) -> Option<&DirectoryGroup> {
        self.groups.get(id)
    }

    /// The group with directory identifier `id`, for change (rename,
    /// members, binding).
    pub fn group_mut(&mut self, id: &str) -> Option<&mut DirectoryGroup> {
        self.groups.get_mut(id)
    }

    /// Every group, ordered by identifier.
    pub fn groups(&self) -> impl Iterator<Item = &DirectoryGroup> {
        self.groups.values()
    }

    /// Whether the connector creates, renames and deletes groups and sets
    /// their members in the target. When disabled, groups and memberships in
    /// the target are left as they are, and users are still provisioned
    /// through bound groups. Enabled by default.
    pub fn group_management(&self) -> bool {
        self.group_management
    }

    /// Enables or disables group management.
    pub fn set_group_management(&mut self, enabled: bool) -> &mut Directory {
        self.group_management = enabled;
        self
    }

    /// Whether the user is bound to the application: a member of at least
    /// one bound group, and present in the directory.
    pub fn is_bound(&self, user_id: &str) -> bool {
        self.users.contains_key(user_id)
            && self
                .groups
                .values()
                .any(|g| g.bound && g.members.contains(user_id))
    }

    /// The bound groups the user is a member of.
    pub fn bound_groups_of<'a>(
        &'a self,
        user_id: &'a str,
    ) -> impl Iterator<Item = &'a DirectoryGroup> {
        self.groups
            .values()
            .filter(move |g| g.bound && g.members.contains(user_id))
    }
}
