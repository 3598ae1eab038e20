//! What the target holds: listed users and groups, and the links the
//! connector keeps between directory and target identifiers.

use std::collections::BTreeMap;

use serde_json::Value;

/// Looks up an attribute of a JSON object, ignoring ASCII case (RFC 7643
/// §2.1: attribute names are case-insensitive).
pub(crate) fn get_ci<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
    let object = value.as_object()?;
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

pub(crate) fn get_str<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
    get_ci(value, name).and_then(Value::as_str)
}

/// The `id` of a resource.
pub(crate) fn resource_id(value: &Value) -> Option<&str> {
    get_str(value, "id")
}

/// A user's `active`, true when absent (RFC 7643 leaves its default to the
/// service provider; every profile here treats a missing value as active).
pub(crate) fn user_active(value: &Value) -> bool {
    get_ci(value, "active")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}

/// The user's primary email, else its first email.
pub(crate) fn user_email(value: &Value) -> Option<&str> {
    let emails = get_ci(value, "emails")?.as_array()?;
    let primary = emails
        .iter()
        .find(|e| get_ci(e, "primary").and_then(Value::as_bool) == Some(true));
    primary.or(emails.first()).and_then(|e| get_str(e, "value"))
}

/// The member ids of a group.
pub(crate) fn group_member_ids(value: &Value) -> Vec<&str> {
    get_ci(value, "members")
        .and_then(Value::as_array)
        .map(|members| members.iter().filter_map(|m| get_str(m, "value")).collect())
        .unwrap_or_default()
}

/// What the target holds, as listed before planning: its users and groups,
/// as JSON resources (kept whole, so nothing the service returns is lost).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetSnapshot {
    /// The target's users.
    pub users: Vec<Value>,
    /// The target's groups (empty when the profile has no groups).
    pub groups: Vec<Value>,
    /// Whether `users` holds every user of the target. When it does not
    /// (a service that hides some users from listings), the connector looks
    /// each user up by `userName` before creating it.
    pub complete: bool,
}

impl TargetSnapshot {
    /// An empty, complete snapshot: a target with no users and no groups.
    pub fn empty() -> TargetSnapshot {
        TargetSnapshot {
            users: Vec::new(),
            groups: Vec::new(),
            complete: true,
        }
    }
}

/// The links a connector keeps between directory identifiers and target
/// identifiers, so that renames are followed and only what the connector
/// manages is ever deprovisioned or deleted.
///
/// The connector updates its state after every run; persist it
/// ([`SyncState::users`], [`SyncState::groups`], [`SyncState::link_user`],
/// [`SyncState::link_group`]) to resume across process restarts. Without a
/// state, a first run takes over target users and groups by `userName` and
/// name instead of duplicating them, and nothing is deprovisioned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    users: BTreeMap<String, String>,
    groups: BTreeMap<String, String>,
}

impl SyncState {
    /// A state without links.
    pub fn new() -> SyncState {
        SyncState::default()
    }

    /// Records that directory user `directory_id` is target user `target_id`.
    pub fn link_user(&mut self, directory_id: impl Into<String>, target_id: impl Into<String>) {
        self.users.insert(directory_id.into(), target_id.into());
    }

    /// Records that directory group `directory_id` is target group `target_id`.
    pub fn link_group(&mut self, directory_id: impl Into<String>, target_id: impl Into<String>) {
        self.groups.insert(directory_id.into(), target_id.into());
    }

    /// Forgets the link of a directory user.
    pub fn unlink_user(&mut self, directory_id: &str) -> Option<String> {
        self.users.remove(directory_id)
    }

    /// Forgets the link of a directory group.
    pub fn unlink_group(&mut self, directory_id: &str) -> Option<String> {
        self.groups.remove(directory_id)
    }

    /// The target id of a directory user.
    pub fn user(&self, directory_id: &str) -> Option<&str> {
        self.users.get(directory_id).map(String::as_str)
    }

    /// The target id of a directory group.
    pub fn group(&self, directory_id: &str) -> Option<&str> {
        self.groups.get(directory_id).map(String::as_str)
    }

    /// Every user link, as (directory id, target id).
    pub fn users(&self) -> impl Iterator<Item = (&str, &str)> {
        self.users.iter().map(|(d, t)| (d.as_str(), t.as_str()))
    }

    /// Every group link, as (directory id, target id).
    pub fn groups(&self) -> impl Iterator<Item = (&str, &str)> {
        self.groups.iter().map(|(d, t)| (d.as_str(), t.as_str()))
    }
}
