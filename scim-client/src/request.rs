//! Building requests: URLs, query strings and headers. Pure functions,
//! tested without a runtime.

use std::fmt::{self, Write as _};

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, IF_MATCH, USER_AGENT};
use http::{HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use scim_core::{SearchRequest, SortOrder};
use url::Url;

use crate::error::RequestError;
use crate::transport::HttpRequest;

/// The media type of SCIM bodies (RFC 7644 §8.1).
pub(crate) const SCIM_JSON: &str = "application/scim+json";
/// What the client accepts: SCIM JSON, and plain JSON from servers that
/// label their bodies so.
pub(crate) const ACCEPT_VALUE: &str = "application/scim+json, application/json";

/// Everything but the unreserved characters of RFC 3986 §2.3 is encoded in
/// a path segment: an id can never add a segment (`/`), a query (`?`), a
/// fragment (`#`), a path parameter (`;`) or an escape of its own (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query values: as path segments, but `,` (attribute lists) and `:`
/// (schema URNs) stay readable. `+`, `&`, `=`, `#` and `%` are encoded, and
/// spaces become `%20`, not `+`.
const QUERY: &AsciiSet = &SEGMENT.remove(b',').remove(b':');

/// The query parameters of a list request (RFC 7644 §3.4.2) and of a
/// cursor-paginated one (RFC 9865).
///
/// Every setter is optional; an empty query lists with the server's
/// defaults.
///
/// ```
/// use scim_client::ListQuery;
/// use scim_core::{SortOrder, filter::attr};
///
/// let query = ListQuery::new()
///     .filter(attr("userName").sw("J"))
///     .sort_by("userName")
///     .sort_order(SortOrder::Descending)
///     .count(50)
///     .attributes(["userName", "emails"]);
/// assert_eq!(
///     query.to_query_string(),
///     "filter=userName%20sw%20%22J%22&sortBy=userName&sortOrder=descending&count=50&attributes=userName,emails"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    filter: Option<String>,
    sort_by: Option<String>,
    sort_order: Option<SortOrder>,
    start_index: Option<u64>,
    count: Option<u64>,
    cursor: Option<String>,
    attributes: Vec<String>,
    excluded_attributes: Vec<String>,
    extra: Vec<(String, String)>,
}

impl ListQuery {
    /// An empty query.
    pub fn new() -> ListQuery {
        ListQuery::default()
    }

    /// The `filter` parameter: a [`scim_core::Filter`], a builder
    /// expression, or filter text, written with its `Display` form.
    ///
    /// Text is sent as given; a [`Filter`](scim_core::Filter) prints
    /// canonical, correctly escaped filter text.
    pub fn filter(mut self, filter: impl fmt::Display) -> ListQuery {
        self.filter = Some(filter.to_string());
        self
    }

    /// The `sortBy` parameter: an attribute path.
    pub fn sort_by(mut self, attribute: impl Into<String>) -> ListQuery {
        self.sort_by = Some(attribute.into());
        self
    }

    /// The `sortOrder` parameter.
    pub fn sort_order(mut self, order: SortOrder) -> ListQuery {
        self.sort_order = Some(order);
        self
    }

    /// The 1-based `startIndex` parameter. A pager starts there.
    pub fn start_index(mut self, index: u64) -> ListQuery {
        self.start_index = Some(index);
        self
    }

    /// The `count` parameter: the largest page wanted. A pager uses it as
    /// its page size.
    pub fn count(mut self, count: u64) -> ListQuery {
        self.count = Some(count);
        self
    }

    /// The `cursor` parameter of RFC 9865: empty for the first page, then a
    /// `nextCursor` the server returned.
    pub fn cursor(mut self, cursor: impl Into<String>) -> ListQuery {
        self.cursor = Some(cursor.into());
        self
    }

    /// The `attributes` parameter: the attributes to return (plus those
    /// always returned).
    pub fn attributes<I, S>(mut self, names: I) -> ListQuery
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.attributes = names.into_iter().map(Into::into).collect();
        self
    }

    /// The `excludedAttributes` parameter: attributes not to return.
    pub fn excluded_attributes<I, S>(mut self, names: I) -> ListQuery
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.excluded_attributes = names.into_iter().map(Into::into).collect();
        self
    }

    /// Any other query parameter, sent after the standard ones.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> ListQuery {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// The filter, if set.
    pub fn filter_text(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    /// The start index, if set.
    pub fn start_index_value(&self) -> Option<u64> {
        self.start_index
    }

    /// The count, if set.
    pub fn count_value(&self) -> Option<u64> {
        self.count
    }

    /// The cursor, if set.
    pub fn cursor_value(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    pub(crate) fn set_start_index(&mut self, index: Option<u64>) {
        self.start_index = index;
    }

    pub(crate) fn set_count(&mut self, count: Option<u64>) {
        self.count = count;
    }

    pub(crate) fn set_cursor(&mut self, cursor: Option<String>) {
        self.cursor = cursor;
    }

    /// The query string, percent-encoded, without the leading `?`.
    ///
    /// An empty `cursor` is written as a bare `cursor`, as in RFC 9865's
    /// examples.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        self.write_query(&mut out, &[]);
        out
    }

    /// Writes the parameters, then `extra`, `&`-separated.
    pub(crate) fn write_query(&self, out: &mut String, extra: &[(String, String)]) {
        let mut pair = |name: &str, value: Option<&str>| {
            if !out.is_empty() {
                out.push('&');
            }
            push_encoded(out, name);
            if let Some(value) = value {
                out.push('=');
                push_encoded(out, value);
            }
        };
        if let Some(f) = &self.filter {
            pair("filter", Some(f));
        }
        if let Some(s) = &self.sort_by {
            pair("sortBy", Some(s));
        }
        if let Some(o) = &self.sort_order {
            pair("sortOrder", Some(o.as_str()));
        }
        if let Some(i) = self.start_index {
            pair("startIndex", Some(&i.to_string()));
        }
        if let Some(c) = self.count {
            pair("count", Some(&c.to_string()));
        }
        if let Some(c) = &self.cursor {
            pair("cursor", (!c.is_empty()).then_some(c.as_str()));
        }
        if !self.attributes.is_empty() {
            pair("attributes", Some(&self.attributes.join(",")));
        }
        if !self.excluded_attributes.is_empty() {
            pair(
                "excludedAttributes",
                Some(&self.excluded_attributes.join(",")),
            );
        }
        for (name, value) in self.extra.iter().chain(extra) {
            pair(name, Some(value));
        }
    }

    /// The same query as a `SearchRequest` body for `POST /.search`
    /// (RFC 7644 §3.4.3). Extra parameters have no place in the body; the
    /// client sends them in the URL.
    pub fn to_search_request(&self) -> SearchRequest {
        let mut search = SearchRequest::new();
        search.filter.clone_from(&self.filter);
        search.sort_by.clone_from(&self.sort_by);
        search.sort_order.clone_from(&self.sort_order);
        search.start_index = self.start_index.map(saturating_i64);
        search.count = self.count.map(saturating_i64);
        search.cursor.clone_from(&self.cursor);
        search.attributes.clone_from(&self.attributes);
        search
            .excluded_attributes
            .clone_from(&self.excluded_attributes);
        search
    }

    /// The query of a `SearchRequest` body.
    pub fn from_search_request(search: &SearchRequest) -> ListQuery {
        ListQuery {
            filter: search.filter.clone(),
            sort_by: search.sort_by.clone(),
            sort_order: search.sort_order.clone(),
            start_index: search.start_index.and_then(|i| u64::try_from(i).ok()),
            count: search.count.and_then(|i| u64::try_from(i).ok()),
            cursor: search.cursor.clone(),
            attributes: search.attributes.clone(),
            excluded_attributes: search.excluded_attributes.clone(),
            extra: Vec::new(),
        }
    }

    /// Only the `extra` parameters, for a `POST /.search` URL.
    pub(crate) fn extra_only(&self) -> ListQuery {
        ListQuery {
            extra: self.extra.clone(),
            ..ListQuery::default()
        }
    }
}

fn saturating_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Which attributes a single-resource request returns (RFC 7644 §3.9).
///
/// ```
/// use scim_client::Projection;
///
/// let only = Projection::attributes(["userName", "name.givenName"]);
/// let all_but = Projection::excluded(["members"]);
/// # let _ = (only, all_but);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projection {
    pub(crate) attributes: Vec<String>,
    pub(crate) excluded: Vec<String>,
}

impl Projection {
    /// Every attribute returned by default (no parameter).
    pub fn all() -> Projection {
        Projection::default()
    }

    /// Only these attributes, plus those the server always returns.
    pub fn attributes<I, S>(names: I) -> Projection
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Projection {
            attributes: names.into_iter().map(Into::into).collect(),
            excluded: Vec::new(),
        }
    }

    /// Every attribute returned by default except these.
    pub fn excluded<I, S>(names: I) -> Projection
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Projection {
            attributes: Vec::new(),
            excluded: names.into_iter().map(Into::into).collect(),
        }
    }

    pub(crate) fn to_query(&self) -> ListQuery {
        ListQuery::new()
            .attributes(self.attributes.iter().cloned())
            .excluded_attributes(self.excluded.iter().cloned())
    }
}

fn push_encoded(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write!(out, "{}", utf8_percent_encode(text, QUERY));
}

/// The URL of an endpoint, such as `Users` or `/Users`, under `base`.
///
/// `base` may end with a slash or not. Each segment of `endpoint` is
/// percent-encoded; `.` and `..` segments are refused.
pub(crate) fn endpoint_url(base: &Url, endpoint: &str) -> Result<Url, RequestError> {
    let mut path = base.path().trim_end_matches('/').to_owned();
    let mut any = false;
    for segment in endpoint.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Err(RequestError::InvalidEndpoint(endpoint.to_owned()));
        }
        path.push('/');
        path.extend(utf8_percent_encode(segment, SEGMENT));
        any = true;
    }
    if !any {
        return Err(RequestError::InvalidEndpoint(endpoint.to_owned()));
    }
    let mut url = base.clone();
    url.set_path(&path);
    Ok(url)
}

/// The URL of one resource: the endpoint URL plus `id` as exactly one
/// percent-encoded path segment.
pub(crate) fn resource_url(base: &Url, endpoint: &str, id: &str) -> Result<Url, RequestError> {
    if id.is_empty() || id == "." || id == ".." {
        return Err(RequestError::InvalidId(id.to_owned()));
    }
    let mut url = endpoint_url(base, endpoint)?;
    let mut path = url.path().to_owned();
    path.push('/');
    path.extend(utf8_percent_encode(id, SEGMENT));
    url.set_path(&path);
    Ok(url)
}

/// Appends `query` (and `extra`) to the query string `url` already has.
pub(crate) fn with_query(mut url: Url, query: &ListQuery, extra: &[(String, String)]) -> Url {
    let mut text = url.query().unwrap_or_default().to_owned();
    query.write_query(&mut text, extra);
    url.set_query((!text.is_empty()).then_some(text.as_str()));
    url
}

/// The headers every request carries.
#[derive(Clone, Debug)]
pub(crate) struct CommonHeaders {
    pub(crate) user_agent: HeaderValue,
    pub(crate) authorization: Option<HeaderValue>,
}

/// Builds a request. `if_match` is an entity tag, quoted when the server
/// gave a bare version.
pub(crate) fn build(
    method: Method,
    url: &Url,
    headers: &CommonHeaders,
    body: Option<Vec<u8>>,
    if_match: Option<&str>,
) -> Result<HttpRequest, RequestError> {
    let uri = http::Uri::try_from(url.as_str())
        .map_err(|_| RequestError::InvalidUri(url.as_str().to_owned()))?;
    let mut builder = http::Request::builder()
        .method(method)
        .uri(uri)
        .header(ACCEPT, HeaderValue::from_static(ACCEPT_VALUE))
        .header(USER_AGENT, headers.user_agent.clone());
    if let Some(auth) = &headers.authorization {
        builder = builder.header(AUTHORIZATION, auth.clone());
    }
    if let Some(tag) = if_match {
        builder = builder.header(IF_MATCH, entity_tag(tag)?);
    }
    let body = match body {
        Some(body) => {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
            body
        }
        None => Vec::new(),
    };
    builder
        .body(body)
        .map_err(|_| RequestError::InvalidUri(url.as_str().to_owned()))
}

/// `version` as an entity tag for `If-Match`: kept when it is already one
/// (`"x"`, `W/"x"`, `*`), quoted otherwise.
pub(crate) fn entity_tag(version: &str) -> Result<HeaderValue, RequestError> {
    let version = version.trim();
    let tagged = version == "*"
        || (version.len() >= 2 && version.starts_with('"') && version.ends_with('"'))
        || (version.len() >= 4 && version.starts_with("W/\"") && version.ends_with('"'));
    let text = if tagged {
        version.to_owned()
    } else {
        if version.is_empty() || version.contains('"') {
            return Err(RequestError::InvalidHeader("If-Match"));
        }
        format!("\"{version}\"")
    };
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(RequestError::InvalidHeader("If-Match"));
    }
    HeaderValue::from_str(&text).map_err(|_| RequestError::InvalidHeader("If-Match"))
}

/// Encodes a request body.
pub(crate) fn json_body<B: serde::Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, RequestError> {
    serde_json::to_vec(body).map_err(|e| RequestError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn base_with_or_without_trailing_slash() {
        for b in ["https://h.example/scim/v2", "https://h.example/scim/v2/"] {
            for e in ["Users", "/Users", "Users/", "//Users"] {
                assert_eq!(
                    endpoint_url(&base(b), e).unwrap().as_str(),
                    "https://h.example/scim/v2/Users",
                    "{b} + {e}"
                );
            }
        }
        assert_eq!(
            endpoint_url(&base("https://h.example"), "/Groups")
                .unwrap()
                .as_str(),
            "https://h.example/Groups"
        );
        assert_eq!(
            endpoint_url(&base("https://h.example/t/"), "/tenants/a b/Users")
                .unwrap()
                .as_str(),
            "https://h.example/t/tenants/a%20b/Users"
        );
        for bad in ["", "/", "..", "/Users/../x", "./Users"] {
            assert!(endpoint_url(&base("https://h/"), bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_are_exactly_one_segment() {
        let b = base("https://h.example/scim/v2/");
        let cases = [
            (
                "2819c223-7f76-453a-919d-413861904646",
                "2819c223-7f76-453a-919d-413861904646",
            ),
            ("../Groups/x", "..%2FGroups%2Fx"),
            ("a/b?c", "a%2Fb%3Fc"),
            ("%2F", "%252F"),
            ("%2e%2e", "%252e%252e"),
            ("x#frag", "x%23frag"),
            ("a;jsessionid=1", "a%3Bjsessionid%3D1"),
            ("sp ace+plus&amp", "sp%20ace%2Bplus%26amp"),
            ("é", "%C3%A9"),
            ("...", "..."),
            ("bulkId:1", "bulkId%3A1"),
        ];
        for (id, segment) in cases {
            let url = resource_url(&b, "Users", id).unwrap();
            assert_eq!(
                url.as_str(),
                format!("https://h.example/scim/v2/Users/{segment}"),
                "{id}"
            );
            assert_eq!(url.path_segments().unwrap().count(), 4, "{id}");
            assert!(url.query().is_none() && url.fragment().is_none(), "{id}");
            // The http crate accepts it unchanged.
            let uri = http::Uri::try_from(url.as_str()).unwrap();
            assert_eq!(uri.path(), format!("/scim/v2/Users/{segment}"));
        }
        for bad in ["", ".", ".."] {
            assert_eq!(
                resource_url(&b, "Users", bad),
                Err(RequestError::InvalidId(bad.into()))
            );
        }
    }

    #[test]
    fn query_parameters_are_encoded() {
        let q = ListQuery::new()
            .filter(r#"userName eq "a&b=c+d#e%f" and title pr"#)
            .sort_by("name.familyName")
            .sort_order(SortOrder::Ascending)
            .start_index(11)
            .count(10)
            .attributes([
                "userName",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            ])
            .excluded_attributes(["groups"])
            .param("tenant", "a b");
        assert_eq!(
            q.to_query_string(),
            "filter=userName%20eq%20%22a%26b%3Dc%2Bd%23e%25f%22%20and%20title%20pr\
             &sortBy=name.familyName&sortOrder=ascending&startIndex=11&count=10\
             &attributes=userName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber\
             &excludedAttributes=groups&tenant=a%20b"
        );
        assert_eq!(ListQuery::new().to_query_string(), "");
        assert_eq!(
            ListQuery::new().cursor("").count(10).to_query_string(),
            "count=10&cursor"
        );
        assert_eq!(
            ListQuery::new().cursor("VZUTiyhEQJ94IR").to_query_string(),
            "cursor=VZUTiyhEQJ94IR"
        );
    }

    #[test]
    fn query_joins_the_base_query() {
        let b = base("https://h.example/scim?tenant=t1");
        let url = endpoint_url(&b, "Users").unwrap();
        let url = with_query(url, &ListQuery::new().count(5), &[("x".into(), "1".into())]);
        assert_eq!(
            url.as_str(),
            "https://h.example/scim/Users?tenant=t1&count=5&x=1"
        );
        let bare = with_query(
            endpoint_url(&base("https://h/"), "Users").unwrap(),
            &ListQuery::new(),
            &[],
        );
        assert_eq!(bare.as_str(), "https://h/Users");
    }

    #[test]
    fn filter_values_round_trip_through_a_url_parser() {
        let filter = r#"displayName eq "Ünïcode & \"quotes\" + 100%""#;
        let url = with_query(
            endpoint_url(&base("https://h/"), "Users").unwrap(),
            &ListQuery::new().filter(filter),
            &[],
        );
        let decoded: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(decoded, [("filter".to_owned(), filter.to_owned())]);
    }

    #[test]
    fn search_request_mirrors_the_query() {
        let q = ListQuery::new()
            .filter("active eq true")
            .start_index(3)
            .count(7)
            .attributes(["id"]);
        let s = q.to_search_request();
        assert_eq!(s.filter.as_deref(), Some("active eq true"));
        assert_eq!((s.start_index, s.count), (Some(3), Some(7)));
        assert_eq!(s.schemas, [scim_core::urn::SEARCH_REQUEST]);
        assert_eq!(ListQuery::from_search_request(&s), q);
    }

    #[test]
    fn headers() {
        let headers = CommonHeaders {
            user_agent: HeaderValue::from_static("test/1"),
            authorization: Some(HeaderValue::from_static("Bearer t")),
        };
        let url = base("https://h/Users/1");
        let req = build(
            Method::PUT,
            &url,
            &headers,
            Some(b"{}".to_vec()),
            Some("W/\"3\""),
        )
        .unwrap();
        let h = req.headers();
        assert_eq!(h[CONTENT_TYPE], "application/scim+json");
        assert_eq!(h[ACCEPT], "application/scim+json, application/json");
        assert_eq!(h[USER_AGENT], "test/1");
        assert_eq!(h[AUTHORIZATION], "Bearer t");
        assert_eq!(h[IF_MATCH], "W/\"3\"");
        assert_eq!(req.uri(), "https://h/Users/1");
        let get = build(Method::GET, &url, &headers, None, None).unwrap();
        assert!(get.headers().get(CONTENT_TYPE).is_none());
        assert!(get.headers().get(IF_MATCH).is_none());
        assert!(get.body().is_empty());
    }

    #[test]
    fn entity_tags_are_quoted_when_bare() {
        for (given, sent) in [
            ("W/\"a1\"", "W/\"a1\""),
            ("\"a1\"", "\"a1\""),
            ("a1", "\"a1\""),
            ("3", "\"3\""),
            ("*", "*"),
        ] {
            assert_eq!(entity_tag(given).unwrap(), sent, "{given}");
        }
        for bad in ["", "a\"b", "a b", "x\r\ny", "é"] {
            assert!(entity_tag(bad).is_err(), "{bad:?}");
        }
    }
}
