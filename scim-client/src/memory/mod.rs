//! An in-memory SCIM service provider (RFC 7644) that implements
//! [`Transport`], for tests, examples and benchmarks (feature `memory`).
//!
//! [`MemoryProvider`] answers `http::Request`s like a SCIM server: Users,
//! Groups (and custom resource types) with filters, sorting, paging,
//! `attributes`/`excludedAttributes`, POST/GET/PUT/PATCH/DELETE, `ETag`s
//! and preconditions, `userName` uniqueness, Group `members` kept
//! consistent with `User.groups`, the discovery endpoints, `/.search` and
//! `/Bulk`, and optional bearer-token authentication. [`Quirks`] make it
//! misbehave like the servers found in the wild, reproducibly.
//!
//! ```
//! use scim_client::memory::MemoryProvider;
//! use scim_client::transport::Transport;
//!
//! # pollster::block_on(async {
//! let provider = MemoryProvider::builder()
//!     .base_url("https://example.com/scim/v2".parse()?)
//!     .bearer_token("s3cret")
//!     .build();
//!
//! let create = http::Request::post("https://example.com/scim/v2/Users")
//!     .header("authorization", "Bearer s3cret")
//!     .header("content-type", "application/scim+json")
//!     .body(br#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}"#.to_vec())?;
//! let created = provider.send(create).await?;
//! assert_eq!(created.status(), 201);
//! let location = created.headers()["location"].to_str()?.to_owned();
//!
//! let get = http::Request::get(&location)
//!     .header("authorization", "Bearer s3cret")
//!     .body(Vec::new())?;
//! let user: serde_json::Value = serde_json::from_slice(provider.send(get).await?.body())?;
//! assert_eq!(user["userName"], "bjensen");
//! assert_eq!(user["meta"]["version"], "W/\"1\"");
//! assert_eq!(provider.counters().writes, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # What it does, and where RFC 7644 leaves a choice
//!
//! * **Paths** are taken relative to the path of the
//!   [base URL](MemoryProviderBuilder::base_url); a request may carry an
//!   absolute URI or only a path. Locations are written with the request's
//!   scheme and authority (or its `Host` header, as `http`), else the base
//!   URL's. Ids are percent-decoded from their path segment.
//! * **Create** (POST) validates the body against the resource type's
//!   schemas with [`Validator`](scim_core::validate::Validator), ignoring
//!   read-only attributes the client sent; assigns a random UUID `id` (from
//!   a seeded generator, see [`id_seed`](MemoryProviderBuilder::id_seed))
//!   and `meta`; answers 201 with `Location` and `ETag`.
//! * **Versions** are weak entity tags `W/"n"`, `n` counting every change in the
//!   provider; `If-Match` on PUT, PATCH and DELETE answers 412 when no tag
//!   matches (weak comparison; `*` matches), `If-None-Match` on GET 304.
//! * **Replace** (PUT) keeps `id`, `meta.created`, read-only attributes
//!   (`groups`) and write-only ones the body leaves out (`password`, so a
//!   read-modify-write does not wipe it); changing an `immutable`
//!   attribute that has a value is 400 `mutability`.
//! * **Modify** (PATCH) applies the operations with
//!   [`Patcher`](scim_core::patch::Patcher) (strict RFC 7644 unless a
//!   [tolerance](MemoryProviderBuilder::patch_tolerance) is set), all or
//!   nothing, to the resource as a client sees it, so echoing read-only
//!   values back is no change; then checks the result like a replacement
//!   (uniqueness, members). The answer is 200 with the resource
//!   (`attributes` honoured); a PATCH that changes nothing keeps the
//!   version. The body must list the `PatchOp` URN and one operation or
//!   more (else 400 `invalidSyntax`).
//! * **Uniqueness**: `userName` ignoring case, and every single-valued
//!   attribute of the resource type's schema marked `server` or `global`
//!   unique: 409 `uniqueness`.
//! * **Groups**: each member must name an existing User or Group (else
//!   400 `invalidValue`); `type` is filled in when missing and `$ref` is
//!   written by the provider. A User's read-only `groups` lists its direct
//!   memberships (`type: "direct"`); deleting a User or Group removes it
//!   from every group.
//! * **Queries**: filters are evaluated with
//!   [`Evaluator`](scim_core::filter::Evaluator) and checked before any
//!   resource is read, so an invalid filter fails on an empty store too
//!   (400 `invalidFilter`). `startIndex` is 1-based (values below 1 read as
//!   1), `count` is capped by `filter.maxResults` (a negative count reads
//!   as 0), and no `count` means `maxResults`. `sortBy` takes the primary
//!   (else first) value of a multi-valued attribute; unassigned values sort
//!   last in both orders. A query on the root (`GET /`, `POST /.search`)
//!   searches every resource type. `userName eq "…"` is answered from an
//!   index, and so are `id eq` and `externalId eq` (also as an operand of `and`); other filters evaluate each resource.
//! * **Returned attributes**: `returned: never` (`password`) is never
//!   written, `always` (`id`, `schemas`) always, `request` only when named
//!   in `attributes`. Paths may be URN-qualified; an extension URN alone
//!   selects (or excludes) the whole extension.
//! * **Discovery**: `/ServiceProviderConfig`, `/Schemas[/{id}]` and
//!   `/ResourceTypes[/{name}]`; a `filter` there is 403 (RFC 7644 §4).
//! * **Bulk**: `bulkId` references (`"bulkId:x"`, in data and paths) are
//!   resolved in any order, forward ones included; an unknown or circular
//!   reference fails that operation with 409 `invalidValue`; processing
//!   stops once `failOnErrors` errors occurred. More operations than
//!   `maxOperations` is 413, and so is any request body larger than
//!   `maxPayloadSize`.
//! * **Authentication**: with a [bearer token](MemoryProviderBuilder::bearer_token)
//!   every request needs `Authorization: Bearer <token>`, else 401 with
//!   `WWW-Authenticate: Bearer`.
//! * **Errors** are SCIM error bodies with the RFC 7644 §3.12 status and
//!   `scimType`; an unknown path is 404, a method a path does not take 405
//!   (with `Allow`), `/Me` 501.
//!
//! Seeding ([`insert`](MemoryProvider::insert)) and reading the store
//! ([`get`](MemoryProvider::get), [`snapshot`](MemoryProvider::snapshot))
//! bypass HTTP, authentication, quirks and the log.

mod log;
mod project;
mod quirks;
mod rng;
mod server;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use scim_core::patch::Tolerance;
use scim_core::schema::urn;
use scim_core::{ResourceType, Schema, SchemaExtension, SchemaRegistry, ScimError};
use serde_json::Value;

pub use log::{Counters, FaultKind, LogEntry};
pub use quirks::{Faults, Quirks, RateLimit, TotalResults, UnsupportedFilter};

use crate::transport::{HttpRequest, HttpResponse, Transport};
use server::{Call, Config, Reply, Server, State, TypeDef};

type SleepFn = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// An in-memory SCIM service provider; see the [module docs](self).
///
/// Cloning is cheap and shares the store.
#[derive(Clone)]
pub struct MemoryProvider {
    inner: Arc<Inner>,
}

struct Inner {
    cfg: Config,
    state: Mutex<State>,
    sleep: Option<SleepFn>,
    base_url: url::Url,
}

impl fmt::Debug for MemoryProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryProvider")
            .field("base_url", &self.inner.base_url.as_str())
            .field("config", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

/// The error of the provider's [`Transport`] implementation: only an
/// injected fault (see [`Faults::connection_errors`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MemoryError {
    /// An injected fault: the connection dropped before the request reached
    /// the server, which changed nothing.
    ConnectionReset,
}

impl fmt::Display for MemoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoryError::ConnectionReset => f.write_str("connection reset (injected fault)"),
        }
    }
}

impl std::error::Error for MemoryError {}

/// Configures a [`MemoryProvider`]; every setter says its default.
pub struct MemoryProviderBuilder {
    base_url: url::Url,
    token: Option<String>,
    quirks: Quirks,
    custom: Vec<(ResourceType, Vec<Schema>)>,
    enterprise: bool,
    max_operations: usize,
    max_payload_size: usize,
    max_results: usize,
    sleep: Option<SleepFn>,
    id_seed: u64,
    log_capacity: usize,
    patch_tolerance: Tolerance,
}

impl fmt::Debug for MemoryProviderBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryProviderBuilder")
            .field("base_url", &self.base_url.as_str())
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("quirks", &self.quirks)
            .finish_non_exhaustive()
    }
}

impl Default for MemoryProviderBuilder {
    fn default() -> Self {
        MemoryProviderBuilder {
            base_url: default_base_url(),
            token: None,
            quirks: Quirks::rfc(),
            custom: Vec::new(),
            enterprise: true,
            max_operations: 1000,
            max_payload_size: 1_048_576,
            max_results: 1000,
            sleep: None,
            id_seed: 0x5C1A_2000,
            log_capacity: 10_000,
            patch_tolerance: Tolerance::STRICT,
        }
    }
}

fn default_base_url() -> url::Url {
    url::Url::parse("http://localhost/").unwrap_or_else(|_| unreachable_url())
}

#[allow(clippy::panic)] // a constant URL that parses; never reached
fn unreachable_url() -> url::Url {
    panic!("the default base URL parses")
}

impl MemoryProviderBuilder {
    /// Where the provider lives: its path is the base path requests must
    /// start with (`/scim/v2`), its origin the one written in locations
    /// when a request carries none.
    ///
    /// Defaults to `http://localhost/` (no base path).
    pub fn base_url(mut self, url: url::Url) -> Self {
        self.base_url = url;
        self
    }

    /// Requires `Authorization: Bearer <token>` on every request. The
    /// token never appears in `Debug` output.
    ///
    /// Defaults to no authentication.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The misbehaviour to show. Defaults to [`Quirks::rfc`].
    pub fn quirks(mut self, quirks: Quirks) -> Self {
        self.quirks = quirks;
        self
    }

    /// Whether Users take the enterprise extension (RFC 7643 §4.3).
    ///
    /// Defaults to `true`.
    pub fn enterprise_user(mut self, on: bool) -> Self {
        self.enterprise = on;
        self
    }

    /// Adds a resource type, with its schema and extension schemas (the
    /// ones named by `resource_type.schema` and its `schemaExtensions`).
    ///
    /// Defaults to only `User` (`/Users`) and `Group` (`/Groups`).
    ///
    /// ```
    /// use scim_client::memory::MemoryProvider;
    /// use scim_core::{ResourceType, Schema};
    ///
    /// let schema: Schema = serde_json::from_str(r#"{
    ///     "id": "urn:example:scim:schemas:Device",
    ///     "name": "Device",
    ///     "attributes": [{"name": "serial", "type": "string", "required": true, "uniqueness": "server"}]
    /// }"#)?;
    /// let provider = MemoryProvider::builder()
    ///     .resource_type(ResourceType::new("Device", "/Devices", "urn:example:scim:schemas:Device"), [schema])
    ///     .build();
    /// provider.insert("Device", serde_json::json!({
    ///     "schemas": ["urn:example:scim:schemas:Device"], "serial": "A-1"
    /// }))?;
    /// assert_eq!(provider.len("Device"), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resource_type(
        mut self,
        resource_type: ResourceType,
        schemas: impl IntoIterator<Item = Schema>,
    ) -> Self {
        self.custom
            .push((resource_type, schemas.into_iter().collect()));
        self
    }

    /// The most operations a bulk request may hold (`bulk.maxOperations`).
    ///
    /// Defaults to 1000.
    pub fn max_operations(mut self, n: usize) -> Self {
        self.max_operations = n;
        self
    }

    /// The largest request body, in bytes (`bulk.maxPayloadSize`, applied
    /// to every request).
    ///
    /// Defaults to 1 MiB (1 048 576).
    pub fn max_payload_size(mut self, bytes: usize) -> Self {
        self.max_payload_size = bytes;
        self
    }

    /// The most resources one list response holds (`filter.maxResults`).
    ///
    /// Defaults to 1000.
    pub fn max_results(mut self, n: usize) -> Self {
        self.max_results = n;
        self
    }

    /// The async sleep injected delays go through (for example
    /// `|d| Box::pin(tokio::time::sleep(d))`). Without one, delays are only
    /// recorded in the log.
    ///
    /// Defaults to none.
    pub fn sleep<F, Fut>(mut self, sleep: F) -> Self
    where
        F: Fn(Duration) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.sleep = Some(Arc::new(move |d| Box::pin(sleep(d))));
        self
    }

    /// The seed of the generator of resource ids, so that runs repeat.
    ///
    /// Defaults to a fixed seed.
    pub fn id_seed(mut self, seed: u64) -> Self {
        self.id_seed = seed;
        self
    }

    /// How many requests the log keeps (the oldest are dropped; counters
    /// keep counting).
    ///
    /// Defaults to 10 000.
    pub fn log_capacity(mut self, n: usize) -> Self {
        self.log_capacity = n;
        self
    }

    /// The PATCH dialects accepted besides RFC 7644 (Entra ID's
    /// capitalised `op` names, string booleans, …); see [`Tolerance`].
    ///
    /// Defaults to [`Tolerance::STRICT`].
    pub fn patch_tolerance(mut self, tolerance: Tolerance) -> Self {
        self.patch_tolerance = tolerance;
        self
    }

    /// Builds the provider, empty.
    pub fn build(self) -> MemoryProvider {
        let mut registry = SchemaRegistry::core();
        let mut user = ResourceType::new("User", "/Users", urn::USER);
        user.description = Some("User Account".to_owned());
        if self.enterprise {
            user.schema_extensions = vec![SchemaExtension::new(urn::ENTERPRISE_USER, false)];
        }
        let mut group = ResourceType::new("Group", "/Groups", urn::GROUP);
        group.description = Some("Group".to_owned());
        let mut rts = vec![user, group];
        for (rt, schemas) in self.custom {
            for s in schemas {
                registry.add(s);
            }
            rts.retain(|t| !t.name.eq_ignore_ascii_case(&rt.name));
            rts.push(rt);
        }
        let types = rts
            .into_iter()
            .map(|rt| TypeDef::new(rt, &registry))
            .collect();
        let origin = self.base_url.origin().ascii_serialization();
        let prefix = self.base_url.path().trim_end_matches('/').to_owned();
        let cfg = Config {
            registry,
            types,
            origin,
            prefix,
            token: self.token,
            max_operations: self.max_operations,
            max_payload_size: self.max_payload_size,
            max_results: self.max_results,
            log_capacity: self.log_capacity,
            patch_tolerance: self.patch_tolerance,
        };
        let state = State::new(cfg.types.len(), self.quirks, self.id_seed);
        MemoryProvider {
            inner: Arc::new(Inner {
                cfg,
                state: Mutex::new(state),
                sleep: self.sleep,
                base_url: self.base_url,
            }),
        }
    }
}

/// A copy of everything stored, by resource type, in creation order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    resources: BTreeMap<String, Vec<Value>>,
}

impl Snapshot {
    /// The resources of one type (by name, for example `User`), as stored:
    /// with `meta`, `groups`, and write-only attributes such as `password`.
    pub fn resources(&self, resource_type: &str) -> &[Value] {
        self.resources
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(resource_type))
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// The resource types, by name.
    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.resources.keys().map(String::as_str)
    }

    /// The number of resources of every type.
    pub fn len(&self) -> usize {
        self.resources.values().map(Vec::len).sum()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for MemoryProvider {
    fn default() -> Self {
        MemoryProvider::new()
    }
}

impl MemoryProvider {
    /// An empty provider with every default of [`MemoryProviderBuilder`].
    pub fn new() -> MemoryProvider {
        MemoryProvider::builder().build()
    }

    /// A builder, to set the base URL, authentication, quirks and limits.
    pub fn builder() -> MemoryProviderBuilder {
        MemoryProviderBuilder::default()
    }

    /// The base URL the provider was built with.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Answers one request synchronously. Injected delays are recorded in
    /// the log but not slept; [`Transport::send`] sleeps them when a
    /// [sleep function](MemoryProviderBuilder::sleep) is set.
    ///
    /// # Errors
    ///
    /// [`MemoryError::ConnectionReset`] when an injected fault drops the
    /// connection.
    pub fn handle(&self, request: HttpRequest) -> Result<HttpResponse, MemoryError> {
        self.exchange(request).0
    }

    fn exchange(
        &self,
        request: HttpRequest,
    ) -> (Result<HttpResponse, MemoryError>, Option<Duration>) {
        let cfg = &self.inner.cfg;
        let mut st = self.state();
        let st = &mut *st;
        let (parts, body) = request.into_parts();
        let method = parts.method.clone();
        let mut entry = LogEntry {
            method: method.clone(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            status: None,
            fault: None,
            delay: None,
        };
        let c = &mut st.counters;
        c.requests += 1;
        match method {
            http::Method::GET => c.gets += 1,
            http::Method::POST => c.posts += 1,
            http::Method::PUT => c.puts += 1,
            http::Method::PATCH => c.patches += 1,
            http::Method::DELETE => c.deletes += 1,
            _ => {}
        }

        // Draw every fault kind once per request, so a seed replays.
        let mut malformed = false;
        let mut early: Option<Reply> = None;
        if let (Some(f), Some(rng)) = (st.quirks.faults, st.faults.as_mut()) {
            let reset = rng.chance(f.connection_errors);
            let server = rng.chance(f.server_errors);
            let which = rng.next_u64() & 1;
            malformed = rng.chance(f.malformed_bodies);
            if rng.chance(f.delays) && !f.delay.is_zero() {
                entry.delay = Some(f.delay);
            }
            if reset {
                st.counters.faults += 1;
                st.counters.errors += 1;
                entry.fault = Some(FaultKind::ConnectionReset);
                let delay = entry.delay;
                push_log(st, cfg.log_capacity, entry);
                return (Err(MemoryError::ConnectionReset), delay);
            }
            if server {
                st.counters.faults += 1;
                entry.fault = Some(FaultKind::ServerError);
                early = Some(if which == 0 {
                    Reply::error(500, None, "internal server error (injected fault)")
                } else {
                    Reply::error(503, None, "service unavailable (injected fault)")
                        .header("retry-after", "1")
                });
            }
        }
        if early.is_none() {
            if let Some(limit) = st.quirks.rate_limit {
                if st.since_refusal >= limit.limit {
                    st.since_refusal = 0;
                    st.counters.throttled += 1;
                    entry.fault = Some(FaultKind::RateLimited);
                    early = Some(
                        Reply::error(429, None, "too many requests")
                            .header("retry-after", limit.retry_after.as_secs().to_string()),
                    );
                } else {
                    st.since_refusal += 1;
                }
            }
        }
        let origin = request_origin(&parts, &cfg.origin);
        let reply = match early {
            Some(r) => {
                malformed = false;
                r
            }
            None => self.serve(cfg, st, &parts, &body, &origin),
        };
        if malformed {
            st.counters.faults += 1;
            entry.fault = Some(FaultKind::MalformedBody);
        } else if entry.delay.is_some() && entry.fault.is_none() {
            entry.fault = Some(FaultKind::Delay);
        }
        if entry.delay.is_some() && entry.fault == Some(FaultKind::Delay) {
            st.counters.faults += 1;
        }
        let response = to_http(reply, malformed, st.quirks.no_location);
        if response.status().is_client_error() || response.status().is_server_error() {
            st.counters.errors += 1;
        }
        entry.status = Some(response.status());
        let delay = entry.delay;
        push_log(st, cfg.log_capacity, entry);
        (Ok(response), delay)
    }

    fn serve(
        &self,
        cfg: &Config,
        st: &mut State,
        parts: &http::request::Parts,
        body: &[u8],
        origin: &str,
    ) -> Reply {
        if let Some(token) = &cfg.token {
            let given = parts
                .headers
                .get(http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, t)| t.trim());
            let ok = given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()));
            if !ok {
                let challenge = if given.is_some() {
                    "Bearer realm=\"scim\", error=\"invalid_token\""
                } else {
                    "Bearer realm=\"scim\""
                };
                return Reply::error(401, None, "authentication required")
                    .header("www-authenticate", challenge);
            }
        }
        let path = parts.uri.path();
        let rest = if cfg.prefix.is_empty() {
            Some(path)
        } else {
            path.strip_prefix(cfg.prefix.as_str())
                .filter(|r| r.is_empty() || r.starts_with('/'))
        };
        let Some(rest) = rest else {
            return Reply::error(404, None, format!("{path} is not under {}", cfg.prefix));
        };
        if body.len() > cfg.max_payload_size {
            return Reply::error(
                413,
                None,
                format!(
                    "the request body has {} bytes, more than maxPayloadSize {}",
                    body.len(),
                    cfg.max_payload_size
                ),
            );
        }
        let header = |name: http::header::HeaderName| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let query = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let call = Call {
            method: parts.method.clone(),
            path: rest,
            query,
            if_match: header(http::header::IF_MATCH),
            if_none_match: header(http::header::IF_NONE_MATCH),
            body,
        };
        let mut server = Server { cfg, st, origin };
        server.dispatch(&call)
    }

    fn seed(
        &self,
        resource_type: &str,
        resource: Value,
        provisioned: bool,
    ) -> Result<Value, ScimError> {
        self.with_server(|server| {
            let Some(t) = server.type_by_name(resource_type) else {
                return Err(ScimError::new(
                    404,
                    None,
                    format!("no resource type {resource_type}"),
                ));
            };
            let body = serde_json::to_vec(&resource).unwrap_or_default();
            match server.create(t, &body, provisioned, true) {
                Ok(id) => Ok(server
                    .st
                    .stores
                    .get(t)
                    .and_then(|s| s.get(&id))
                    .map(|e| server.render(t, e))
                    .unwrap_or(Value::Null)),
                Err(reply) => Err(reply
                    .body
                    .and_then(|b| serde_json::from_value(b).ok())
                    .unwrap_or_else(|| ScimError::new(reply.status, None, ""))),
            }
        })
    }

    /// Runs `f` on the stored resources directly: no HTTP, authentication,
    /// quirks or logging; the state is locked meanwhile.
    fn with_server<R>(&self, f: impl FnOnce(&mut Server<'_>) -> R) -> R {
        let cfg = &self.inner.cfg;
        let mut st = self.state();
        let mut server = Server {
            cfg,
            st: &mut st,
            origin: &cfg.origin,
        };
        f(&mut server)
    }

    /// Stores a resource of the type named `resource_type` (`User`,
    /// `Group`, …) as if a client had created it, but without HTTP,
    /// authentication, quirks or logging. An `id` in `resource` is kept
    /// (unless taken); otherwise one is generated. Returns the stored
    /// representation, write-only attributes included.
    ///
    /// ```
    /// use scim_client::memory::MemoryProvider;
    /// use serde_json::json;
    ///
    /// let provider = MemoryProvider::new();
    /// let user = provider.insert("User", json!({
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    ///     "id": "u1", "userName": "bjensen"
    /// }))?;
    /// provider.insert("Group", json!({
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    ///     "displayName": "Tour Guides", "members": [{"value": "u1"}]
    /// }))?;
    /// assert_eq!(user["id"], "u1");
    /// assert_eq!(provider.get("User", "u1").unwrap()["groups"][0]["display"], "Tour Guides");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The [`ScimError`] a POST would have been answered with: 400 for an
    /// invalid resource, 409 for a taken `userName` or `id`, 404 for an
    /// unknown resource type.
    pub fn insert(&self, resource_type: &str, resource: Value) -> Result<Value, ScimError> {
        self.seed(resource_type, resource, true)
    }

    /// [`insert`](Self::insert), marking the resource as not created
    /// through SCIM: with [`Quirks::hide_unprovisioned_unless`], lists
    /// leave it out.
    ///
    /// # Errors
    ///
    /// As for [`insert`](Self::insert).
    pub fn insert_unprovisioned(
        &self,
        resource_type: &str,
        resource: Value,
    ) -> Result<Value, ScimError> {
        self.seed(resource_type, resource, false)
    }

    /// The stored representation of one resource, write-only attributes
    /// included, or `None`.
    pub fn get(&self, resource_type: &str, id: &str) -> Option<Value> {
        self.with_server(|server| {
            let t = server.type_by_name(resource_type)?;
            let entry = server.st.stores.get(t)?.get(id)?;
            Some(server.render(t, entry))
        })
    }

    /// Removes one resource directly (and it from every group). Returns
    /// whether it existed.
    pub fn remove(&self, resource_type: &str, id: &str) -> bool {
        self.with_server(|server| match server.type_by_name(resource_type) {
            Some(t) => server.remove(t, id).is_some(),
            None => false,
        })
    }

    /// The number of resources of the type named `resource_type`.
    pub fn len(&self, resource_type: &str) -> usize {
        self.with_server(|server| {
            server
                .type_by_name(resource_type)
                .and_then(|t| server.st.stores.get(t))
                .map_or(0, server::Store::len)
        })
    }

    /// Whether no resource of any type is stored.
    pub fn is_empty(&self) -> bool {
        self.state().stores.iter().all(|s| s.len() == 0)
    }

    /// A copy of everything stored.
    pub fn snapshot(&self) -> Snapshot {
        self.with_server(|server| {
            let mut resources = BTreeMap::new();
            for (t, d) in server.cfg.types.iter().enumerate() {
                let list = server
                    .st
                    .stores
                    .get(t)
                    .map(|s| s.iter().map(|e| server.render(t, e)).collect())
                    .unwrap_or_default();
                resources.insert(d.rt.name.clone(), list);
            }
            Snapshot { resources }
        })
    }

    /// The requests received, oldest first (at most
    /// [`log_capacity`](MemoryProviderBuilder::log_capacity)).
    pub fn log(&self) -> Vec<LogEntry> {
        self.state().log.iter().cloned().collect()
    }

    /// The running totals.
    pub fn counters(&self) -> Counters {
        self.state().counters
    }

    /// Empties the log and zeroes the counters.
    pub fn reset_log(&self) {
        let mut st = self.state();
        st.log.clear();
        st.counters = Counters::default();
    }

    /// The current quirks.
    pub fn quirks(&self) -> Quirks {
        self.state().quirks.clone()
    }

    /// Changes the quirks of a live provider; the fault generator restarts
    /// from its seed and the rate limit count from 0.
    pub fn set_quirks(&self, quirks: Quirks) {
        self.state().set_quirks(quirks);
    }
}

#[async_trait::async_trait]
impl Transport for MemoryProvider {
    type Error = MemoryError;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, MemoryError> {
        let (result, delay) = self.exchange(request);
        if let (Some(d), Some(sleep)) = (delay, &self.inner.sleep) {
            sleep(d).await;
        }
        result
    }
}

fn push_log(st: &mut State, capacity: usize, entry: LogEntry) {
    if capacity == 0 {
        return;
    }
    while st.log.len() >= capacity {
        st.log.pop_front();
    }
    st.log.push_back(entry);
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `scheme://authority` of a request: from its URI, else its `Host`
/// header (as `http`), else the base URL's.
fn request_origin(parts: &http::request::Parts, fallback: &str) -> String {
    if let (Some(scheme), Some(authority)) = (parts.uri.scheme_str(), parts.uri.authority()) {
        return format!("{scheme}://{authority}");
    }
    match parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
    {
        Some(host) if !host.is_empty() => format!("http://{host}"),
        _ => fallback.to_owned(),
    }
}

fn to_http(reply: Reply, malformed: bool, no_location: bool) -> HttpResponse {
    let mut builder = http::Response::builder().status(reply.status);
    let mut body = match &reply.body {
        Some(v) => {
            builder = builder.header(http::header::CONTENT_TYPE, "application/scim+json");
            serde_json::to_vec(v).unwrap_or_default()
        }
        None => Vec::new(),
    };
    if malformed {
        body.truncate(body.len() / 2);
        if body.is_empty() {
            body.extend_from_slice(b"{\"");
        }
    }
    if let Some(etag) = &reply.etag {
        builder = builder.header(http::header::ETAG, etag);
    }
    if let (Some(loc), false) = (&reply.location, no_location) {
        builder = builder.header(http::header::LOCATION, loc);
    }
    for (name, value) in &reply.headers {
        builder = builder.header(*name, value);
    }
    builder.body(body).unwrap_or_else(|_| {
        let mut r = http::Response::new(Vec::new());
        *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}
