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
//! ```
//! use scim_client::Client;
//! use scim_client::memory::MemoryProvider;
//! use scim_profiles::connector::{Connector, Directory, DirectoryGroup, OperationKind};
//! use scim_profiles::{generic, DirectoryProperty as P, DirectoryUser};
//!
//! # pollster::block_on(async {
//! // A target: here the in-memory provider; any `Transport` in practice.
//! let target = MemoryProvider::new();
//! let client = Client::builder(target.base_url().clone()).build(target.clone())?;
//! let mut connector = Connector::new(client, &generic::PROFILE);
//!
//! let mut dir = Directory::new();
//! let user = DirectoryUser::new()
//!     .with(P::Username, "bjensen@example.com")?
//!     .with(P::Email, "bjensen@example.com")?;
//! dir.insert_user("u1", user);
//! dir.insert_group(DirectoryGroup::new("g1", "Sales").with_members(["u1"]));
//!
//! let plan = connector.plan(&dir).await?;
//! assert_eq!(plan.count(OperationKind::CreateUser), 1);
//! assert_eq!(plan.count(OperationKind::CreateGroup), 1);
//! let report = connector.apply(&plan).await;
//! assert!(report.is_success(), "{report}");
//!
//! // In line: the next plan is empty and a sync sends no write.
//! assert!(connector.plan(&dir).await?.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
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
//!
//! # Events, progress and reports
//!
//! Each step emits an [`Event`] named like the directory-insights events of
//! identity providers (`user_create_provision`, `user_update_provision`,
//! `user_deprovision`, `user_delete_provision`, `user_lookup_provision`,
//! `group_create_provision`, `group_update_provision`,
//! `group_delete_provision`, and `idm_integration_activate`, `_update`,
//! `_reauth`, `_delete` for the connector itself) with its [`Outcome`] and
//! error, through `tracing` (target `scim_profiles::connector`) and the
//! [`EventSink`] given to [`Connector::with_sink`], which also receives
//! [`Progress`] after each operation. The [`Report`] counts successes,
//! failures and skips per event name and lists every problem.
//!
//! # Cost
//!
//! A run lists the target once (users, and groups when managed) and
//! plans from that listing, so an initial sync costs one request per
//! created user (and one per group) plus the listing pages, and a run with
//! nothing to change sends no write. Writes run with bounded concurrency
//! ([`ConnectorOptions::concurrency`]), on whatever executor polls the
//! future: the library spawns no task and needs no particular runtime.
//! Rate limits and unavailability are retried by the client's
//! [`RetryPolicy`](scim_client::RetryPolicy).
//!
//! # Resuming
//!
//! A failed step does not stop the others, and the links of the steps that
//! succeeded are kept; running again plans only what is still missing. A
//! user created by a step whose answer was lost is found by its `userName`
//! and taken over instead of duplicated.

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
