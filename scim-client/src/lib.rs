//! An async, transport-agnostic SCIM 2.0 client (RFC 7644), built on
//! [`scim_core`]: typed operations on Users, Groups and any resource type,
//! paging that survives servers that page wrongly, bounded retries, bulk
//! requests split to the server's limits, and credentials that never leak.
//!
//! ```
//! use scim_client::transport::HttpRequest;
//! use scim_client::{Auth, Client, ListQuery};
//! use scim_core::{User, filter::attr};
//!
//! # pollster::block_on(async {
//! // Any async function from request to response is a transport: here a
//! // stand-in server holding three users. In production use your HTTP
//! // stack, or `reqwest::ReqwestTransport` (feature `reqwest`).
//! let server = |req: HttpRequest| async move {
//!     let url = url::Url::parse(&req.uri().to_string()).unwrap();
//!     let param = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.parse::<usize>().unwrap());
//!     let (start, count) = (param("startIndex").unwrap_or(1), param("count").unwrap_or(10));
//!     let all = ["bjensen", "jsmith", "mdoe"];
//!     let page: Vec<_> = all.iter().enumerate().skip(start - 1).take(count)
//!         .map(|(i, name)| serde_json::json!({"id": i.to_string(), "userName": name}))
//!         .collect();
//!     let body = serde_json::json!({"totalResults": all.len(), "startIndex": start, "Resources": page});
//!     Ok::<_, std::convert::Infallible>(
//!         http::Response::builder()
//!             .header("content-type", "application/scim+json")
//!             .body(serde_json::to_vec(&body).unwrap())
//!             .unwrap(),
//!     )
//! };
//!
//! let client = Client::builder("https://example.com/scim/v2".parse()?)
//!     .auth(Auth::bearer("token")?)
//!     .page_size(2)
//!     .build(server)?;
//!
//! // Every user, page after page.
//! let mut users = client.users().pages(ListQuery::new().filter(attr("active").eq(true)));
//! let mut names = Vec::new();
//! while let Some(user) = users.next().await {
//!     let user: User = user?;
//!     names.push(user.user_name);
//! }
//! assert_eq!(names, ["bjensen", "jsmith", "mdoe"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```
//!
//! # Design: no network I/O of its own
//!
//! The client builds each request as an [`http::Request`] with a JSON body,
//! hands it to a [`Transport`](transport::Transport), and reads the
//! [`http::Response`]. Building and reading are pure functions; the only
//! asynchronous step is `Transport::send`. Any HTTP stack fits, a closure
//! is a mock server in tests, and the client spawns no task and needs no
//! particular runtime. `http` and `url` are re-exported so that you name
//! the same versions.
//!
//! # Operations
//!
//! [`Client::users`], [`Client::groups`] and [`Client::resources`] give a
//! [`Resources`] handle for one endpoint, with `create` (POST), `get` and
//! `get_with` (`attributes`/`excludedAttributes`), `replace` (PUT, with
//! `If-Match` from `meta.version`), `patch` (a 200 with the resource, or a
//! 204 without body), `delete`, `list` (GET with a [`ListQuery`]),
//! `search` (POST `/.search`), and `pages`/`search_pages` (a [`Pager`]).
//! Resources come back as [`Versioned`]: the resource with its location
//! (`Location`, else `meta.location`) and version (`ETag`, else
//! `meta.version`).
//!
//! Ids are percent-encoded as exactly one path segment: `../Groups/x`,
//! `a/b?c` or `%2F` cannot reach another path, and `.`/`..` are refused.
//! Filter text and other query values are percent-encoded (`%20` for
//! spaces, `+` encoded).
//!
//! [`Client::bulk`] sends a bulk request; [`Client::bulk_split`] splits one
//! to the server's `maxOperations` and `maxPayloadSize` ([`BulkLimits`])
//! while keeping `bulkId` references resolvable. Discovery:
//! [`Client::service_provider_config`], [`Client::schemas`],
//! [`Client::resource_types`].
//!
//! # Paging
//!
//! A [`Pager`] yields every resource once or stops with a
//! [`PagingError`]; it never loops forever. It does not trust
//! `totalResults` or `itemsPerPage`, copes with servers counting from 0,
//! capping page sizes or ignoring `startIndex`, reads `Resources` in any
//! case, and follows RFC 9865 cursors (`nextCursor`) when the server
//! offers them. See its documentation for the exact rules.
//!
//! # Errors
//!
//! [`Error`] keeps what the server said: the SCIM error body (`status`,
//! `scimType`, `detail`) of a non-2xx response, or the raw status and the
//! start of the body when it is not a SCIM error; transport errors (with
//! [`Error::transport_error`] to get the transport's own type back);
//! decode errors naming the attribute path.
//!
//! # Retries
//!
//! [`RetryPolicy`]: exponential backoff with jitter on 429 and 503 (for a
//! create or a PATCH, 503 only with `Retry-After`),
//! honouring `Retry-After` (seconds or an HTTP date), and on transport
//! errors for requests that are safe to repeat; bounded in attempts and
//! total time. Never retried: 400, 401, 403, 404, 409, 412. Waiting goes
//! through a [`Sleep`]; tests plug in a fake clock.
//!
//! # Credentials
//!
//! [`Auth`] holds a bearer token, HTTP Basic credentials or a raw
//! `Authorization` value. It can be
//! rotated on a live client, and it never appears in `Debug`, `Display`,
//! errors or traces; the header value is marked sensitive. A server that
//! echoes it in an error body or `detail` has it replaced with
//! `<redacted>` (secrets shorter than 4 characters are not searched for).
//!
//! # Tracing
//!
//! Each request runs in a `scim_request` [`tracing`] span (debug level)
//! with the method, resource type, path, status and attempt; never the
//! credential, the query string or a body.
//!
//! # Crate features
//!
//! * `memory`: `memory::MemoryProvider`, an in-memory SCIM service
//!   provider implementing [`Transport`](transport::Transport), with
//!   configurable real-world misbehaviour, for tests, examples and benches.
//! * `reqwest`: `reqwest::ReqwestTransport`, a ready
//!   transport over reqwest 0.12 with rustls. Implies `tokio`.
//! * `tokio`: `retry::TokioSleep`, waiting with tokio's timer.
//!
//! No feature is on by default.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod bulk;
mod client;
mod error;
#[cfg(feature = "memory")]
pub mod memory;
mod pager;
mod request;
#[cfg(feature = "reqwest")]
pub mod reqwest;
mod response;
pub mod retry;
pub mod transport;

pub use auth::{Auth, InvalidCredential};
pub use bulk::{BulkLimits, BulkOutcome, SkipReason, SkippedOperation};
pub use client::{Client, ClientBuilder, DEFAULT_USER_AGENT, Resources};
pub use error::{BuildError, BulkError, Error, MAX_ERROR_BODY, PagingError, RequestError};
pub use pager::Pager;
pub use request::{ListQuery, Projection};
pub use response::Versioned;
pub use retry::{RetryPolicy, Sleep};

pub use http;
pub use scim_core;
pub use url;
