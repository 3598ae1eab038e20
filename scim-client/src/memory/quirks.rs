//! Real-world misbehaviour the provider can be told to show.

use std::time::Duration;

/// How the provider departs from RFC 7644, so that a client can be tested
/// against the servers it will really meet.
///
/// [`Quirks::default()`] (the same as [`Quirks::rfc()`]) is a correct
/// server; every setter turns one behaviour on and says what the default
/// is. Set it with [`MemoryProviderBuilder::quirks`] or change it on a
/// live provider with [`MemoryProvider::set_quirks`].
///
/// ```
/// use std::time::Duration;
/// use scim_client::memory::{Faults, MemoryProvider, Quirks, TotalResults};
///
/// let quirks = Quirks::rfc()
///     .page_size_cap(50)
///     .total_results(TotalResults::PageLength)
///     .lowercase_resources(true)
///     .rate_limit(100, Duration::from_secs(2))
///     .faults(Faults::seeded(7).server_errors(0.01));
/// let provider = MemoryProvider::builder().quirks(quirks).build();
/// assert_eq!(provider.quirks().page_size_cap_value(), Some(50));
/// ```
///
/// [`MemoryProviderBuilder::quirks`]: super::MemoryProviderBuilder::quirks
/// [`MemoryProvider::set_quirks`]: super::MemoryProvider::set_quirks
#[derive(Clone, Debug, PartialEq)]
pub struct Quirks {
    pub(crate) filter_operators: Option<Vec<String>>,
    pub(crate) compound_filters: bool,
    pub(crate) filter_attributes: Option<Vec<String>>,
    pub(crate) unsupported_filter: UnsupportedFilter,
    pub(crate) page_size_cap: Option<usize>,
    pub(crate) zero_based_index: bool,
    pub(crate) total_results: TotalResults,
    pub(crate) items_per_page_echoes_count: bool,
    pub(crate) lowercase_resources: bool,
    pub(crate) ignore_start_index: bool,
    pub(crate) no_patch: bool,
    pub(crate) patch_no_content: bool,
    pub(crate) no_groups: bool,
    pub(crate) no_etags: bool,
    pub(crate) no_location: bool,
    pub(crate) deactivate_deletes: bool,
    pub(crate) put_ignored: Vec<String>,
    pub(crate) put_rejected: Vec<String>,
    pub(crate) hide_unprovisioned: Option<(String, String)>,
    pub(crate) rate_limit: Option<RateLimit>,
    pub(crate) faults: Option<Faults>,
}

/// What a server does with a filter it does not support, or cannot read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnsupportedFilter {
    /// 400 with `scimType` `invalidFilter`, as RFC 7644 §3.4.2.2 asks.
    #[default]
    Reject,
    /// 200 with an empty list, as some servers (scimmy among them) answer.
    EmptyList,
}

/// What a list response says in `totalResults`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TotalResults {
    /// The number of resources the query matched (RFC 7644 §3.4.2).
    #[default]
    Correct,
    /// The number of resources on this page, a common server bug.
    PageLength,
    /// Always this number.
    Fixed(u64),
    /// The correct number plus this amount (negative: fewer), at least 0.
    Offset(i64),
    /// Left out of the response, although the RFC requires it.
    Absent,
}

/// A request-count rate limit: after `limit` accepted requests, the next
/// one is refused with 429 Too Many Requests and a `Retry-After` header;
/// then the count starts again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests accepted between two refusals.
    pub limit: u64,
    /// The `Retry-After` sent with the refusal, in whole seconds.
    pub retry_after: Duration,
}

/// Seeded, reproducible faults: the same seed and the same requests give
/// the same faults. Each request draws once per kind, in the order of the
/// setters below; rates are probabilities from 0 to 1 (default 0).
///
/// ```
/// use std::time::Duration;
/// use scim_client::memory::Faults;
///
/// let faults = Faults::seeded(42)
///     .server_errors(0.05)
///     .malformed_bodies(0.01)
///     .delays(0.1, Duration::from_millis(20));
/// # let _ = faults;
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Faults {
    pub(crate) seed: u64,
    pub(crate) connection_errors: f64,
    pub(crate) server_errors: f64,
    pub(crate) malformed_bodies: f64,
    pub(crate) delays: f64,
    pub(crate) delay: Duration,
}

impl Faults {
    /// No faults yet, drawn from a generator seeded with `seed`.
    pub fn seeded(seed: u64) -> Faults {
        Faults {
            seed,
            connection_errors: 0.0,
            server_errors: 0.0,
            malformed_bodies: 0.0,
            delays: 0.0,
            delay: Duration::ZERO,
        }
    }

    /// The share of requests that fail before reaching the server, as a
    /// dropped connection would: the transport returns
    /// [`MemoryError::ConnectionReset`](super::MemoryError::ConnectionReset)
    /// and nothing is changed. Defaults to 0.
    pub fn connection_errors(mut self, rate: f64) -> Faults {
        self.connection_errors = rate;
        self
    }

    /// The share of requests answered with 500 Internal Server Error or 503
    /// Service Unavailable (with `Retry-After: 1`), one or the other with
    /// equal chance, without being carried out. Defaults to 0.
    pub fn server_errors(mut self, rate: f64) -> Faults {
        self.server_errors = rate;
        self
    }

    /// The share of requests that are carried out but whose response body
    /// is cut in half, so it is no longer JSON. Defaults to 0.
    pub fn malformed_bodies(mut self, rate: f64) -> Faults {
        self.malformed_bodies = rate;
        self
    }

    /// The share of requests answered only after `delay`. The delay is
    /// recorded in the [request log](super::LogEntry::delay) and slept
    /// through the sleep function given to
    /// [`MemoryProviderBuilder::sleep`](super::MemoryProviderBuilder::sleep),
    /// if any. Defaults to none.
    pub fn delays(mut self, rate: f64, delay: Duration) -> Faults {
        self.delays = rate;
        self.delay = delay;
        self
    }
}

impl Default for Quirks {
    /// The same as [`Quirks::rfc`].
    fn default() -> Quirks {
        Quirks::rfc()
    }
}

impl Quirks {
    /// A server that follows RFC 7644: every setter's default.
    pub fn rfc() -> Quirks {
        Quirks {
            filter_operators: None,
            compound_filters: true,
            filter_attributes: None,
            unsupported_filter: UnsupportedFilter::Reject,
            page_size_cap: None,
            zero_based_index: false,
            total_results: TotalResults::Correct,
            items_per_page_echoes_count: false,
            lowercase_resources: false,
            ignore_start_index: false,
            no_patch: false,
            patch_no_content: false,
            no_groups: false,
            no_etags: false,
            no_location: false,
            deactivate_deletes: false,
            put_ignored: Vec::new(),
            put_rejected: Vec::new(),
            hide_unprovisioned: None,
            rate_limit: None,
            faults: None,
        }
    }

    /// Supports only these comparison operators in filters, by keyword
    /// (`eq`, `sw`, `pr`, …, ignoring case); a filter using another is
    /// [unsupported](Self::unsupported_filter). Defaults to all.
    pub fn filter_operators<S: Into<String>>(mut self, ops: impl IntoIterator<Item = S>) -> Quirks {
        self.filter_operators = Some(ops.into_iter().map(Into::into).collect());
        self
    }

    /// Whether `and`, `or`, `not` and value paths (`emails[…]`) are
    /// supported; when `false` only a single comparison is, as on many
    /// services that only look users up by `userName eq`. Defaults to
    /// `true`.
    pub fn compound_filters(mut self, supported: bool) -> Quirks {
        self.compound_filters = supported;
        self
    }

    /// Supports filtering only on these attributes (as written in the
    /// filter, ignoring case, for example `userName` or `emails.value`); a
    /// filter on another is [unsupported](Self::unsupported_filter).
    /// Defaults to all.
    pub fn filter_attributes<S: Into<String>>(
        mut self,
        attributes: impl IntoIterator<Item = S>,
    ) -> Quirks {
        self.filter_attributes = Some(attributes.into_iter().map(Into::into).collect());
        self
    }

    /// What to answer to a filter that is unsupported or cannot be read.
    /// Defaults to [`UnsupportedFilter::Reject`].
    pub fn unsupported_filter(mut self, answer: UnsupportedFilter) -> Quirks {
        self.unsupported_filter = answer;
        self
    }

    /// Returns at most `cap` resources per page whatever `count` asks,
    /// without advertising it in `/ServiceProviderConfig`. Defaults to no
    /// cap beyond the advertised `filter.maxResults`.
    pub fn page_size_cap(mut self, cap: usize) -> Quirks {
        self.page_size_cap = Some(cap);
        self
    }

    /// Reads `startIndex` as a 0-based offset (`startIndex=1` skips the
    /// first resource, no `startIndex` starts at offset 0) and writes that
    /// offset back as `startIndex`. Defaults to `false`: 1-based, as RFC
    /// 7644 §3.4.2.4 says.
    pub fn zero_based_index(mut self, on: bool) -> Quirks {
        self.zero_based_index = on;
        self
    }

    /// What `totalResults` says. Defaults to [`TotalResults::Correct`].
    pub fn total_results(mut self, total: TotalResults) -> Quirks {
        self.total_results = total;
        self
    }

    /// Writes the requested `count` as `itemsPerPage`, even on a short
    /// last page. Defaults to `false`: the number of resources returned.
    pub fn items_per_page_echoes_count(mut self, on: bool) -> Quirks {
        self.items_per_page_echoes_count = on;
        self
    }

    /// Writes the list as `resources` instead of `Resources`. Defaults to
    /// `false`.
    pub fn lowercase_resources(mut self, on: bool) -> Quirks {
        self.lowercase_resources = on;
        self
    }

    /// Ignores `startIndex`: every request gets the first page, with
    /// `startIndex` 1. Defaults to `false`.
    pub fn ignore_start_index(mut self, on: bool) -> Quirks {
        self.ignore_start_index = on;
        self
    }

    /// Answers every PATCH with 501 Not Implemented, and says so in
    /// `/ServiceProviderConfig`. Defaults to `false`.
    pub fn no_patch(mut self, on: bool) -> Quirks {
        self.no_patch = on;
        self
    }

    /// Answers a successful PATCH with 204 No Content and no body (as the
    /// Python scim2-server does) instead of 200 with the resource. Defaults
    /// to `false`.
    pub fn patch_no_content(mut self, on: bool) -> Quirks {
        self.patch_no_content = on;
        self
    }

    /// Has no Groups endpoint: `/Groups` is 404 and Group is not listed in
    /// `/ResourceTypes`. Defaults to `false`.
    pub fn no_groups(mut self, on: bool) -> Quirks {
        self.no_groups = on;
        self
    }

    /// Sends no `ETag` header and no `meta.version`, ignores `If-Match`
    /// and `If-None-Match`, and says `etag` is unsupported. Defaults to
    /// `false`.
    pub fn no_etags(mut self, on: bool) -> Quirks {
        self.no_etags = on;
        self
    }

    /// Sends no `Location` header (the resource still has
    /// `meta.location`), as scimmy does. Defaults to `false`.
    pub fn no_location(mut self, on: bool) -> Quirks {
        self.no_location = on;
        self
    }

    /// Deletes a User that a PUT or PATCH leaves with `active` false, as
    /// Smartsheet does; the response still shows the user. Defaults to
    /// `false`.
    pub fn deactivate_deletes(mut self, on: bool) -> Quirks {
        self.deactivate_deletes = on;
        self
    }

    /// PUT leaves these top-level attributes (names, ignoring case) as
    /// they were, whatever the body says. Defaults to none.
    pub fn put_ignores<S: Into<String>>(
        mut self,
        attributes: impl IntoIterator<Item = S>,
    ) -> Quirks {
        self.put_ignored = attributes.into_iter().map(Into::into).collect();
        self
    }

    /// PUT answers 400 `invalidValue` when the body holds one of these
    /// top-level attributes (monday.com refuses `active` and `userType`).
    /// Defaults to none.
    pub fn put_rejects<S: Into<String>>(
        mut self,
        attributes: impl IntoIterator<Item = S>,
    ) -> Quirks {
        self.put_rejected = attributes.into_iter().map(Into::into).collect();
        self
    }

    /// Lists and searches show only resources created through SCIM unless
    /// the query string has `param=value` (monday.com hides its other users
    /// unless `scim_provisioned_only=false` is sent). Resources are marked
    /// as not created through SCIM with
    /// [`MemoryProvider::insert_unprovisioned`](super::MemoryProvider::insert_unprovisioned).
    /// Defaults to showing everything.
    pub fn hide_unprovisioned_unless(
        mut self,
        param: impl Into<String>,
        value: impl Into<String>,
    ) -> Quirks {
        self.hide_unprovisioned = Some((param.into(), value.into()));
        self
    }

    /// Refuses a request with 429 and `Retry-After` after every `limit`
    /// accepted ones; see [`RateLimit`]. Defaults to no limit.
    pub fn rate_limit(mut self, limit: u64, retry_after: Duration) -> Quirks {
        self.rate_limit = Some(RateLimit { limit, retry_after });
        self
    }

    /// Injects seeded faults; see [`Faults`]. Defaults to none.
    pub fn faults(mut self, faults: Faults) -> Quirks {
        self.faults = Some(faults);
        self
    }

    /// The [page size cap](Self::page_size_cap), if any.
    pub fn page_size_cap_value(&self) -> Option<usize> {
        self.page_size_cap
    }
}
