//! What the connector needs from a profile: capabilities and the shaping
//! of requests from directory users.

use serde_json::Value;

use super::DirectoryUser;
use super::plan::UserRequest;

/// How a profile deprovisions a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deprovision {
    /// `active` set to false; the user stays in the target.
    Deactivate,
    /// `active` set to false, which the service takes as a permanent delete.
    DeactivateDeletes,
    /// `DELETE /Users/{id}`.
    Delete,
}

/// How a profile updates a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpdateStyle {
    Patch,
    Put,
}

/// The capabilities the planner and `apply` read from a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caps {
    pub(crate) groups: bool,
    pub(crate) group_rename: bool,
    pub(crate) group_update: UpdateStyle,
    pub(crate) deprovision: Deprovision,
    pub(crate) page_size: Option<u64>,
}

/// A shaped user request with what it changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ShapedUpdate {
    /// The requests, in order; empty when nothing changes.
    pub(crate) requests: Vec<UserRequest>,
    /// The SCIM paths that change.
    pub(crate) changed: Vec<String>,
    /// The seat before and after, when it changes.
    pub(crate) seat: Option<(String, String)>,
    /// What the operator should know (seat changes to make by hand,
    /// attributes dropped).
    pub(crate) notices: Vec<String>,
}

/// What the connector asks of a profile.
pub(crate) trait Shape: Send + Sync {
    /// The capabilities.
    fn caps(&self) -> Caps;

    /// The `POST /Users` body for a directory user (whose `active` is
    /// already derived and whose groups are its bound groups), with notices.
    fn create_user(&self, user: &DirectoryUser) -> Result<(Value, Vec<String>), String>;

    /// The requests that bring `current` in line with the directory user;
    /// no request when nothing mapped differs.
    fn update_user(&self, user: &DirectoryUser, current: &Value) -> Result<ShapedUpdate, String>;

    /// The requests that set `active` to false on `current`.
    fn deactivate_user(&self, current: &Value) -> Vec<UserRequest>;

    /// Sets which directory groups give which Smartsheet seat. Ignored by
    /// profiles without coded roles.
    fn set_seats(&mut self, seats: crate::smartsheet::SeatMapping) {
        let _ = seats;
    }
}
