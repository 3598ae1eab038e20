//! The connector type: a client, a profile, options, links, and a sink.

use std::fmt;
use std::sync::Arc;

use scim_client::Client;
use scim_client::transport::Transport;

use super::api::{Api, ApiError, Kind};
use super::apply::{ApplyOptions, apply};
use super::check::{CheckedBy, ConnectionError};
use super::client_api::Explain;
use super::directory::Directory;
use super::event::{Event, EventName, EventSink, Outcome};
use super::guard::DeprovisionGuard;
use super::import::{ImportCandidate, import_candidates};
use super::plan::Plan;
use super::planner;
use super::profile_shape::ProfileShape;
use super::report::Report;
use super::shape::Shape;
use super::target::{SyncState, TargetSnapshot};
use crate::smartsheet::SeatMapping;
use crate::{Profile, Selection};

/// How a connector runs.
///
/// ```
/// use scim_profiles::connector::{ConnectorOptions, DeprovisionGuard};
///
/// let options = ConnectorOptions::default()
///     .concurrency(16)
///     .allow_destructive(true)
///     .guard(DeprovisionGuard::default().max_count(Some(25)));
/// assert_eq!(options.concurrency_limit(), 16);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectorOptions {
    concurrency: usize,
    allow_destructive: bool,
    guard: DeprovisionGuard,
    lookups: bool,
}

impl Default for ConnectorOptions {
    /// 8 requests at a time, no destructive effects, the default guard, and
    /// one listing instead of per-user lookups.
    fn default() -> ConnectorOptions {
        ConnectorOptions {
            concurrency: 8,
            allow_destructive: false,
            guard: DeprovisionGuard::default(),
            lookups: false,
        }
    }
}

impl ConnectorOptions {
    /// How many write requests may be in flight at once (at least 1).
    /// Default 8.
    pub fn concurrency(mut self, n: usize) -> ConnectorOptions {
        self.concurrency = n.max(1);
        self
    }

    /// The concurrency set.
    pub fn concurrency_limit(&self) -> usize {
        self.concurrency
    }

    /// Whether destructive effects (users deleted, including by services
    /// that delete on deactivation) are carried out. Default false: such
    /// operations are reported as skipped.
    pub fn allow_destructive(mut self, allow: bool) -> ConnectorOptions {
        self.allow_destructive = allow;
        self
    }

    /// The mass-deprovision guard. Default [`DeprovisionGuard::default`].
    pub fn guard(mut self, guard: DeprovisionGuard) -> ConnectorOptions {
        self.guard = guard;
        self
    }

    /// Look each new user up by `userName` before creating it, for
    /// services whose listings do not show every user. Default false: the
    /// connector lists the target once and trusts the listing (it still
    /// takes over a user when a create answers 409).
    pub fn lookups(mut self, lookups: bool) -> ConnectorOptions {
        self.lookups = lookups;
        self
    }
}

/// A listing of the target failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("listing the target's {what} failed: {message}")]
pub struct ListingError {
    what: &'static str,
    status: Option<u16>,
    message: String,
}

impl ListingError {
    fn new(what: &'static str, error: ApiError) -> ListingError {
        ListingError {
            what,
            status: error.status,
            message: error.message,
        }
    }

    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

/// Keeps a target's users and groups in line with a directory.
///
/// See the [module documentation](crate::connector) for the rules. A connector owns
/// its links ([`SyncState`]); persist them with [`Connector::state`] and
/// restore them with [`Connector::with_state`].
pub struct Connector {
    api: Box<dyn Api>,
    shape: Box<dyn Shape>,
    name: String,
    options: ConnectorOptions,
    state: SyncState,
    sink: Arc<dyn EventSink>,
    groups: bool,
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connector")
            .field("profile", &self.name)
            .field("options", &self.options)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl Connector {
    /// A connector provisioning through `client` into the target `profile`
    /// describes, with the profile's mappings as they are.
    ///
    /// The client's base URL, credential and retry policy are used as
    /// given; the connector adds the profile's page size and listing
    /// parameters to its listings.
    pub fn new<T: Transport + 'static>(client: Client<T>, profile: &Profile) -> Connector {
        Connector::with_selection(client, Selection::new(profile))
    }

    /// A connector with a selection of the profile's mappings (optional
    /// rows excluded or restored).
    pub fn with_selection<T: Transport + 'static>(
        client: Client<T>,
        selection: Selection,
    ) -> Connector {
        let profile = selection.profile().clone();
        let list_params = profile
            .capabilities
            .list_params
            .iter()
            .map(|p| (p.name.to_string(), p.value.to_string()))
            .collect();
        let explain: Explain = Box::new(move |error| {
            profile
                .classify_error(error)
                .map(|known| known.explanation.to_string())
        });
        let name = selection.profile().name.to_string();
        let shape = ProfileShape {
            selection,
            seats: None,
        };
        Connector::over_client(client, Box::new(shape), name, list_params, Some(explain))
    }

    /// Sets which directory groups give which Smartsheet seat (ignored by
    /// other profiles). Without it, Smartsheet users get no roles from the
    /// connector.
    pub fn with_seats(mut self, seats: SeatMapping) -> Connector {
        self.shape.set_seats(seats);
        self
    }

    /// A connector over a client, with the profile's shaping.
    pub(crate) fn over_client<T: Transport + 'static>(
        client: Client<T>,
        shape: Box<dyn Shape>,
        name: String,
        list_params: Vec<(String, String)>,
        explain: Option<Explain>,
    ) -> Connector {
        let page_size = shape.caps().page_size;
        let api = super::client_api::ClientApi {
            client,
            page_size,
            list_params,
            explain,
        };
        Connector::from_parts(Box::new(api), shape, name)
    }

    pub(crate) fn from_parts(api: Box<dyn Api>, shape: Box<dyn Shape>, name: String) -> Connector {
        let groups = shape.caps().groups;
        Connector {
            api,
            shape,
            name,
            options: ConnectorOptions::default(),
            state: SyncState::new(),
            sink: Arc::new(()),
            groups,
        }
    }

    /// Sends events and progress to `sink` as well as to `tracing`.
    pub fn with_sink(mut self, sink: Arc<dyn EventSink>) -> Connector {
        self.sink = sink;
        self
    }

    /// Sets the options.
    pub fn with_options(mut self, options: ConnectorOptions) -> Connector {
        self.options = options;
        self
    }

    /// Restores the links of an earlier run.
    pub fn with_state(mut self, state: SyncState) -> Connector {
        self.state = state;
        self
    }

    /// The links between directory and target identifiers.
    pub fn state(&self) -> &SyncState {
        &self.state
    }

    /// The options.
    pub fn options(&self) -> &ConnectorOptions {
        &self.options
    }

    fn emit(&self, event: Event) {
        event.trace();
        self.sink.event(&event);
    }

    fn connector_event(&self, name: EventName, outcome: Outcome, detail: &str) -> Event {
        let mut event = Event::new(name, outcome, self.name.clone());
        event.detail = detail.to_owned();
        event
    }

    /// Changes the options; emits `idm_integration_update`.
    pub fn update_options(&mut self, options: ConnectorOptions) {
        self.options = options;
        self.emit(self.connector_event(
            EventName::IdmIntegrationUpdate,
            Outcome::Success,
            "options changed",
        ));
    }

    /// Checks the base URL and the credential: `GET /ServiceProviderConfig`,
    /// or, when the service has no discovery endpoint, a one-user listing.
    /// Sends nothing else and emits no event.
    pub async fn check(&self) -> Result<CheckedBy, ConnectionError> {
        match self.api.discovery().await {
            Ok(()) => Ok(CheckedBy::Discovery),
            Err(e) if e.status == Some(404) || e.status == Some(501) => {
                match self.api.list_one().await {
                    Ok(()) => Ok(CheckedBy::Listing),
                    Err(e) => Err(connection_error(e)),
                }
            }
            Err(e) => Err(connection_error(e)),
        }
    }

    /// Checks the connection and emits `idm_integration_activate` with the
    /// outcome.
    pub async fn activate(&self) -> Result<CheckedBy, ConnectionError> {
        let result = self.check().await;
        self.emit_check(EventName::IdmIntegrationActivate, &result);
        result
    }

    /// Checks the connection after the credential was replaced (on the
    /// shared [`Auth`](scim_client::Auth) handle the client was built with),
    /// and emits `idm_integration_reauth` with the outcome. The connector,
    /// its options and its links stay as they are.
    pub async fn reauthenticated(&self) -> Result<CheckedBy, ConnectionError> {
        let result = self.check().await;
        self.emit_check(EventName::IdmIntegrationReauth, &result);
        result
    }

    fn emit_check(&self, name: EventName, result: &Result<CheckedBy, ConnectionError>) {
        let event = match result {
            Ok(by) => self.connector_event(name, Outcome::Success, &format!("checked with {by}")),
            Err(e) => {
                let mut event = self.connector_event(name, Outcome::Failure, "connection check");
                event.error = Some(e.to_string());
                event
            }
        };
        self.emit(event);
    }

    /// Removes the connector: syncing stops, users and groups are left as
    /// they are in the target. Emits `idm_integration_delete` and returns
    /// the links.
    pub fn delete(self) -> SyncState {
        self.emit(self.connector_event(
            EventName::IdmIntegrationDelete,
            Outcome::Success,
            "stopped syncing; the target is left as it is",
        ));
        self.state
    }

    /// Lists the target: every user, and every group when the profile has
    /// groups.
    pub async fn snapshot(&self) -> Result<TargetSnapshot, ListingError> {
        let users = self
            .api
            .list_all(Kind::User)
            .await
            .map_err(|e| ListingError::new("users", e))?;
        let groups = if self.groups {
            self.api
                .list_all(Kind::Group)
                .await
                .map_err(|e| ListingError::new("groups", e))?
        } else {
            Vec::new()
        };
        Ok(TargetSnapshot {
            users,
            groups,
            complete: !self.options.lookups,
        })
    }

    /// Plans against a listing already made. Pure: sends nothing.
    pub fn plan_against(&self, directory: &Directory, target: &TargetSnapshot) -> Plan {
        planner::plan(directory, target, &self.state, self.shape.as_ref())
    }

    /// Lists the target and plans. Sends only the listing requests.
    pub async fn plan(&self, directory: &Directory) -> Result<Plan, ListingError> {
        let target = self.snapshot().await?;
        Ok(self.plan_against(directory, &target))
    }

    /// Applies a plan: checks the mass-deprovision guard, then sends the
    /// requests (users, then groups, then deprovisioning), emitting an event
    /// per step, and updates the links.
    ///
    /// A failed step does not stop the others; a later run converges.
    pub async fn apply(&mut self, plan: &Plan) -> Report {
        let options = ApplyOptions {
            concurrency: self.options.concurrency,
            allow_destructive: self.options.allow_destructive,
            guard: self.options.guard,
        };
        apply(
            self.api.as_ref(),
            self.shape.as_ref(),
            plan,
            &mut self.state,
            &options,
            self.sink.as_ref(),
        )
        .await
    }

    /// Lists, plans and applies.
    pub async fn sync(&mut self, directory: &Directory) -> Result<Report, ListingError> {
        let plan = self.plan(directory).await?;
        Ok(self.apply(&plan).await)
    }

    /// Lists the target's active users that no bound directory user
    /// manages, each marked New or Imported.
    pub async fn import(
        &self,
        directory: &Directory,
    ) -> Result<Vec<ImportCandidate>, ListingError> {
        let users = self
            .api
            .list_all(Kind::User)
            .await
            .map_err(|e| ListingError::new("users", e))?;
        let target = TargetSnapshot {
            users,
            groups: Vec::new(),
            complete: true,
        };
        Ok(import_candidates(directory, &target, &self.state))
    }
}

fn connection_error(e: ApiError) -> ConnectionError {
    match e.status {
        Some(status) => ConnectionError::from_status(status, &e.message),
        None => ConnectionError::Unreachable(e.message),
    }
}
