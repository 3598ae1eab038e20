//! The connector: keeps a target's users and groups in line with a
//! directory, through a profile.
//!
//! A run has two steps. **Planning** reads a [`Directory`] snapshot, the
//! target's listing ([`TargetSnapshot`]) and the links the connector keeps
//! ([`SyncState`]), and computes a [`Plan`]: every operation with its
//! effects, destructive ones flagged, without writing anything. **Applying**
//! sends the plan's requests with bounded concurrency, emits an [`Event`]
//! per step, and returns a [`Report`].
//!
//! # Rules
//!
//! - A user is provisioned when it is a member of a bound group. A target
//!   user with the same `userName` (and the same email, when both have one)
//!   is taken over instead of duplicated.
//! - `active` is derived: not suspended and password not expired.
//! - A change in a mapped attribute is sent as the profile requires
//!   (minimal PATCH, or PUT); a run with no change sends nothing.
//! - A user no longer bound (in no bound group) is deprovisioned:
//!   deactivated, or deleted where the profile says so. Deletions, including
//!   deactivations a service takes as deletions, are destructive and need
//!   an explicit opt-in; a [`DeprovisionGuard`] stops a run that would
//!   deprovision too many before any write.
//! - Only users and groups the connector manages (linked in its
//!   [`SyncState`]) are ever deprovisioned, deleted or removed from a group.
//! - Groups, when the profile has them and group management is enabled:
//!   empty groups are not created, a target group with the same name is
//!   taken over, renames and member changes propagate, a group deleted in
//!   the directory is deleted in the target, and a group that is no longer
//!   bound is left as it is.

mod api;
mod apply;
mod check;
mod client_api;
mod directory;
mod event;
mod guard;
mod import;
mod plan;
mod planner;
mod profile_shape;
mod report;
mod run;
mod shape;
mod target;

pub use check::{CheckedBy, ConnectionError};
pub use directory::{Directory, DirectoryGroup};
pub use event::{Event, EventLog, EventName, EventSink, Outcome, Progress, UnknownEventName};
pub use guard::{DeprovisionGuard, GuardTripped, Limit};
pub use import::{ImportCandidate, ImportStatus, import_candidates};
pub use plan::{
    Effect, GroupChange, MemberRef, Notice, Operation, OperationKind, Plan, UserRequest,
};
pub use report::{Counts, Report};
pub use run::{Connector, ConnectorOptions, ListingError};
pub use target::{SyncState, TargetSnapshot};

#[cfg(test)]
mod tests;

use crate::{DirectoryProperty, DirectoryUser};
