//! Import: the target's users the directory does not manage yet.

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use super::DirectoryProperty as P;
use super::directory::Directory;
use super::target::{SyncState, TargetSnapshot, get_str, resource_id, user_active, user_email};

/// Whether an import candidate is already in the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportStatus {
    /// No directory user has its `userName` or email: importing creates one.
    New,
    /// A directory user with the same `userName` or email exists (imported
    /// earlier, or created by hand) but is not bound to the application.
    Imported,
}

impl fmt::Display for ImportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImportStatus::New => "New",
            ImportStatus::Imported => "Imported",
        })
    }
}

/// A target user that an import would bring into the directory.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportCandidate {
    /// The target's `id`.
    pub target_id: String,
    /// The target's `userName`.
    pub user_name: String,
    /// The primary (else first) email, if any.
    pub email: Option<String>,
    /// New, or already imported.
    pub status: ImportStatus,
    /// The user as the target listed it.
    pub resource: Value,
}

/// Lists the active users of the target that no bound directory user
/// manages: users created in the application by other means. Inactive
/// (suspended) target users are left out, as are users the connector
/// manages.
pub fn import_candidates(
    dir: &Directory,
    target: &TargetSnapshot,
    state: &SyncState,
) -> Vec<ImportCandidate> {
    let managed: HashSet<&str> = state
        .users()
        .filter(|(d, _)| dir.is_bound(d))
        .map(|(_, t)| t)
        .collect();
    let mut known_names = HashSet::new();
    let mut known_emails = HashSet::new();
    let mut bound_names = HashSet::new();
    for (id, user) in dir.users() {
        if let Some(name) = user.text(&P::Username) {
            known_names.insert(name.to_lowercase());
            if dir.is_bound(id) {
                bound_names.insert(name.to_lowercase());
            }
        }
        if let Some(email) = user.text(&P::Email) {
            known_emails.insert(email.to_lowercase());
        }
    }
    target
        .users
        .iter()
        .filter(|u| user_active(u))
        .filter_map(|u| {
            let target_id = resource_id(u)?;
            let user_name = get_str(u, "userName")?;
            let lower = user_name.to_lowercase();
            if managed.contains(target_id) || bound_names.contains(&lower) {
                return None;
            }
            let email = user_email(u).map(str::to_owned);
            let known = known_names.contains(&lower)
                || email
                    .as_deref()
                    .is_some_and(|e| known_emails.contains(&e.to_lowercase()));
            Some(ImportCandidate {
                target_id: target_id.to_owned(),
                user_name: user_name.to_owned(),
                email,
                status: if known {
                    ImportStatus::Imported
                } else {
                    ImportStatus::New
                },
                resource: u.clone(),
            })
        })
        .collect()
}
