//! What the provider records about the requests it answers.

use std::time::Duration;

/// One request as the provider saw it, in the order received.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogEntry {
    /// The request method.
    pub method: http::Method,
    /// The request path as sent, base path included, percent-encoded.
    pub path: String,
    /// The query string as sent, if any.
    pub query: Option<String>,
    /// The status answered; `None` when an injected fault dropped the
    /// connection.
    pub status: Option<http::StatusCode>,
    /// The fault injected into this exchange, if any.
    pub fault: Option<FaultKind>,
    /// How long the answer was held back by an injected delay, if at all.
    pub delay: Option<Duration>,
}

/// A kind of injected misbehaviour; see [`Faults`](super::Faults) and
/// [`RateLimit`](super::RateLimit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaultKind {
    /// The transport failed before the request reached the server.
    ConnectionReset,
    /// 500 or 503 without carrying out the request.
    ServerError,
    /// The request was carried out, the response body cut short.
    MalformedBody,
    /// 429 from the rate limit.
    RateLimited,
    /// The answer was delayed.
    Delay,
}

/// Running totals since the provider was built (or
/// [reset](super::MemoryProvider::reset_log)); seeding data directly
/// counts nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counters {
    /// Every request received, faults included.
    pub requests: u64,
    /// GET requests.
    pub gets: u64,
    /// POST requests (creates, searches and bulk).
    pub posts: u64,
    /// PUT requests.
    pub puts: u64,
    /// PATCH requests.
    pub patches: u64,
    /// DELETE requests.
    pub deletes: u64,
    /// Resources created, replaced, patched or deleted, one per bulk
    /// operation.
    pub writes: u64,
    /// Responses with a 4xx or 5xx status, faults included.
    pub errors: u64,
    /// Requests refused with 429 by the rate limit.
    pub throttled: u64,
    /// Injected faults of any kind except the rate limit.
    pub faults: u64,
}
