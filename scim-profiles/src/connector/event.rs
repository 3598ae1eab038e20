//! Events: one per step of a run, named like the directory-insights events
//! of identity-provider connectors.

use std::fmt;
use std::sync::Mutex;

/// The name of an [`Event`]: what kind of step it reports.
///
/// The text forms ([`EventName::as_str`]) are the directory-insights event
/// names that identity providers give their SCIM connectors, so that logs
/// written from these events read like theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum EventName {
    /// A user was created in the target, or an existing target user with
    /// the same `userName` was taken over.
    UserCreateProvision,
    /// A user's attributes, seat or group memberships were updated.
    UserUpdateProvision,
    /// A user was deactivated (`active` set to false).
    UserDeprovision,
    /// A user was deleted from the target.
    UserDeleteProvision,
    /// A user was looked up in the target.
    UserLookupProvision,
    /// A group was created in the target, or taken over by name.
    GroupCreateProvision,
    /// A group was renamed or its members changed.
    GroupUpdateProvision,
    /// A group was deleted from the target.
    GroupDeleteProvision,
    /// The connector was activated: its connection was checked.
    IdmIntegrationActivate,
    /// The connector's settings were changed.
    IdmIntegrationUpdate,
    /// The connector's credential was replaced.
    IdmIntegrationReauth,
    /// The connector was removed.
    IdmIntegrationDelete,
}

impl EventName {
    /// Every event name, in declaration order.
    pub const ALL: [EventName; 12] = [
        EventName::UserCreateProvision,
        EventName::UserUpdateProvision,
        EventName::UserDeprovision,
        EventName::UserDeleteProvision,
        EventName::UserLookupProvision,
        EventName::GroupCreateProvision,
        EventName::GroupUpdateProvision,
        EventName::GroupDeleteProvision,
        EventName::IdmIntegrationActivate,
        EventName::IdmIntegrationUpdate,
        EventName::IdmIntegrationReauth,
        EventName::IdmIntegrationDelete,
    ];

    /// The event's name as logs show it, such as `user_create_provision`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventName::UserCreateProvision => "user_create_provision",
            EventName::UserUpdateProvision => "user_update_provision",
            EventName::UserDeprovision => "user_deprovision",
            EventName::UserDeleteProvision => "user_delete_provision",
            EventName::UserLookupProvision => "user_lookup_provision",
            EventName::GroupCreateProvision => "group_create_provision",
            EventName::GroupUpdateProvision => "group_update_provision",
            EventName::GroupDeleteProvision => "group_delete_provision",
            EventName::IdmIntegrationActivate => "idm_integration_activate",
            EventName::IdmIntegrationUpdate => "idm_integration_update",
            EventName::IdmIntegrationReauth => "idm_integration_reauth",
            EventName::IdmIntegrationDelete => "idm_integration_delete",
        }
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The text was not one of the event names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown connector event name {0:?}")]
pub struct UnknownEventName(pub String);

impl std::str::FromStr for EventName {
    type Err = UnknownEventName;

    fn from_str(s: &str) -> Result<EventName, UnknownEventName> {
        EventName::ALL
            .into_iter()
            .find(|name| name.as_str() == s)
            .ok_or_else(|| UnknownEventName(s.to_owned()))
    }
}

/// How a step ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The step did what it planned.
    Success,
    /// The step failed; [`Event::error`] says why.
    Failure,
    /// The step was not attempted (a destructive effect without opt-in, or
    /// a step whose prerequisite failed); [`Event::error`] says why.
    Skipped,
}

impl Outcome {
    /// `success`, `failure` or `skipped`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One step of a run: what was done to which resource, and how it ended.
///
/// Events carry names and identifiers, never credentials or attribute
/// values beyond the `userName` or group name that identifies the subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// What kind of step this is.
    pub name: EventName,
    /// How it ended.
    pub outcome: Outcome,
    /// The `userName` or group name the step is about (empty for
    /// connector-level events).
    pub subject: String,
    /// The directory identifier of the subject, when it has one.
    pub directory_id: Option<String>,
    /// The target's `id` of the subject, when known.
    pub target_id: Option<String>,
    /// A short description of the step (such as `took over existing user`).
    pub detail: String,
    /// Why the step failed or was skipped.
    pub error: Option<String>,
}

impl Event {
    /// An event with a subject and no identifiers, detail or error.
    pub fn new(name: EventName, outcome: Outcome, subject: impl Into<String>) -> Event {
        Event {
            name,
            outcome,
            subject: subject.into(),
            directory_id: None,
            target_id: None,
            detail: String::new(),
            error: None,
        }
    }

    /// Emits the event through `tracing` (target `scim_profiles::connector`):
    /// at `INFO` for a success, `WARN` otherwise.
    pub(crate) fn trace(&self) {
        let error = self.error.as_deref().unwrap_or("");
        let target_id = self.target_id.as_deref().unwrap_or("");
        match self.outcome {
            Outcome::Success => tracing::info!(
                target: "scim_profiles::connector",
                event = self.name.as_str(),
                outcome = self.outcome.as_str(),
                subject = %self.subject,
                target_id,
                detail = %self.detail,
            ),
            Outcome::Failure | Outcome::Skipped => tracing::warn!(
                target: "scim_profiles::connector",
                event = self.name.as_str(),
                outcome = self.outcome.as_str(),
                subject = %self.subject,
                target_id,
                detail = %self.detail,
                error,
            ),
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.name, self.outcome, self.subject)?;
        if let Some(id) = &self.target_id {
            write!(f, " (id {id})")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        Ok(())
    }
}

/// How far a run has come: `done` of `total` operations finished
/// (successfully or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Progress {
    /// Operations finished so far.
    pub done: usize,
    /// Operations in the run.
    pub total: usize,
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.done, self.total)
    }
}

/// Where a connector sends its events and progress, besides `tracing`.
///
/// Implemented for closures taking `&Event`, for [`EventLog`], and for
/// `()` (which drops everything). Methods are called from whichever task
/// finished the step, so implementations must be cheap and thread-safe.
pub trait EventSink: Send + Sync {
    /// Receives one event.
    fn event(&self, event: &Event);

    /// Receives the progress after each finished operation. Does nothing
    /// by default.
    fn progress(&self, progress: Progress) {
        let _ = progress;
    }
}

impl EventSink for () {
    fn event(&self, _: &Event) {}
}

impl<F> EventSink for F
where
    F: Fn(&Event) + Send + Sync,
{
    fn event(&self, event: &Event) {
        self(event);
    }
}

impl<S: EventSink + ?Sized> EventSink for std::sync::Arc<S> {
    fn event(&self, event: &Event) {
        (**self).event(event);
    }
    fn progress(&self, progress: Progress) {
        (**self).progress(progress);
    }
}

/// An [`EventSink`] that keeps every event and the last progress, for
/// tests, examples and reports.
///
/// ```
/// use scim_profiles::connector::{Event, EventLog, EventName, EventSink, Outcome};
///
/// let log = EventLog::new();
/// log.event(&Event::new(EventName::UserCreateProvision, Outcome::Success, "bjensen"));
/// assert_eq!(log.events()[0].name.as_str(), "user_create_provision");
/// ```
#[derive(Debug, Default)]
pub struct EventLog {
    events: Mutex<Vec<Event>>,
    progress: Mutex<Progress>,
}

impl EventLog {
    /// An empty log.
    pub fn new() -> EventLog {
        EventLog::default()
    }

    /// A copy of the events received so far, in order of arrival.
    pub fn events(&self) -> Vec<Event> {
        match self.events.lock() {
            Ok(events) => events.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Takes the events received so far, leaving the log empty.
    pub fn take(&self) -> Vec<Event> {
        match self.events.lock() {
            Ok(mut events) => std::mem::take(&mut *events),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    /// The last progress received.
    pub fn last_progress(&self) -> Progress {
        match self.progress.lock() {
            Ok(p) => *p,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }
}

impl EventSink for EventLog {
    fn event(&self, event: &Event) {
        match self.events.lock() {
            Ok(mut events) => events.push(event.clone()),
            Err(poisoned) => poisoned.into_inner().push(event.clone()),
        }
    }

    fn progress(&self, progress: Progress) {
        match self.progress.lock() {
            Ok(mut p) => *p = progress,
            Err(poisoned) => *poisoned.into_inner() = progress,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text() {
        for name in EventName::ALL {
            assert_eq!(name.as_str().parse::<EventName>().unwrap(), name);
        }
        assert!("user_create".parse::<EventName>().is_err());
    }
}
