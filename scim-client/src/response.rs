//! Reading responses: status, media type, body, `Location`, `ETag` and
//! `Retry-After`. Pure functions, tested without a runtime.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::time::{Duration, SystemTime};

use http::header::{CONTENT_TYPE, ETAG, LOCATION, RETRY_AFTER};
use http::{HeaderMap, StatusCode};
use scim_core::{Meta, ScimError, urn};
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use url::Url;

use crate::error::{Error, truncated};
use crate::transport::HttpResponse;

/// A resource as the server returned it, with where it lives and its
/// version.
///
/// It dereferences to the resource.
///
/// ```
/// # fn show(created: scim_client::Versioned<scim_core::User>) {
/// println!("{} at {:?}, version {:?}", created.user_name, created.location, created.version);
/// let user: scim_core::User = created.into_inner();
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Versioned<R> {
    /// The resource.
    pub resource: R,
    /// Its URL: the `Location` header, or `meta.location` when the server
    /// sent no header.
    pub location: Option<Url>,
    /// Its version: the `ETag` header, or `meta.version` when the server
    /// sent no header. Pass it back as `If-Match` to update only this
    /// version.
    pub version: Option<String>,
}

impl<R> Versioned<R> {
    /// The resource alone.
    pub fn into_inner(self) -> R {
        self.resource
    }

    /// Maps the resource, keeping location and version.
    pub fn map<S>(self, f: impl FnOnce(R) -> S) -> Versioned<S> {
        Versioned {
            resource: f(self.resource),
            location: self.location,
            version: self.version,
        }
    }
}

impl<R> Deref for Versioned<R> {
    type Target = R;
    fn deref(&self) -> &R {
        &self.resource
    }
}

impl<R> DerefMut for Versioned<R> {
    fn deref_mut(&mut self) -> &mut R {
        &mut self.resource
    }
}

/// Turns a non-2xx response into an error; passes 2xx responses through.
pub(crate) fn check_status(response: &HttpResponse, now: SystemTime) -> Result<(), Error> {
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| retry_after(v, now));
    let body = strip_bom(response.body());
    if let Some(error) = scim_error(status, body) {
        return Err(Error::Scim {
            status,
            error: Box::new(error),
            retry_after,
        });
    }
    Err(Error::Status {
        status,
        content_type: content_type(response.headers()).map(str::to_owned),
        body: truncated(response.body()),
        retry_after,
    })
}

/// Reads a SCIM error body: a valid `ScimError`, or a JSON object that is
/// recognisably one (the Error schema URN, `detail` or `scimType`) but
/// lacks or garbles `status`, which is then the HTTP status, or a SCIM 1.1
/// `Errors` body, whose first `description` becomes `detail` (the body's
/// attributes are kept in `extra`).
fn scim_error(status: StatusCode, body: &[u8]) -> Option<ScimError> {
    if body.is_empty() {
        return None;
    }
    if let Ok(error) = scim_core::from_slice::<ScimError>(body) {
        return Some(error);
    }
    let serde_json::Value::Object(map) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let get = |name: &str| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    };
    let has_urn = get("schemas")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|a| a.iter().any(|s| s.as_str() == Some(urn::ERROR)));
    // SCIM 1.1 (still served by some providers): `{"Errors": [{"description":
    // "…", "code": "404"}]}`, or one object in place of the array.
    let legacy = get("Errors").and_then(|e| match e {
        serde_json::Value::Array(items) => items.first(),
        other => Some(other),
    });
    let legacy_detail = legacy
        .and_then(serde_json::Value::as_object)
        .and_then(|o| {
            o.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("description"))
        })
        .and_then(|(_, v)| v.as_str());
    let detail = get("detail")
        .and_then(serde_json::Value::as_str)
        .or(legacy_detail);
    let scim_type = get("scimType").and_then(serde_json::Value::as_str);
    if !has_urn && detail.is_none() && scim_type.is_none() {
        return None;
    }
    let Ok(scim_type) = scim_type.map(str::parse).transpose();
    let mut error = ScimError::new(status.as_u16(), scim_type, detail.unwrap_or_default());
    for (k, v) in &map {
        if !["schemas", "status", "scimType", "detail"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(k))
        {
            error.extra.insert(k.clone(), v.clone());
        }
    }
    Some(error)
}

/// The media type of the body, without parameters.
fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
}

/// Whether a `Content-Type` is JSON: `application/scim+json`,
/// `application/json`, or any other `…/json` or `…/…+json`, with or without
/// parameters such as `charset`; also the reversed `application/json+scim`
/// that some servers send (as `FusionAuth` does) and the old `x-json`.
pub(crate) fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some((_, subtype)) = essence.split_once('/') else {
        return false;
    };
    subtype
        .split('+')
        .any(|part| part == "json" || part == "x-json")
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Decodes the JSON body of a 2xx response. A body without
/// `Content-Type` is tried as JSON; one of another media type is an error.
pub(crate) fn decode<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    let status = response.status();
    if let Some(ct) = content_type(response.headers()) {
        if !is_json(ct) {
            return Err(Error::ContentType {
                status,
                content_type: ct.to_owned(),
                body: truncated(response.body()),
            });
        }
    }
    scim_core::from_slice(strip_bom(response.body())).map_err(|source| Error::Decode {
        status,
        source,
        body: truncated(response.body()),
    })
}

/// Whether a 2xx response has no body to decode (204, or an empty or
/// all-whitespace body).
pub(crate) fn is_empty(response: &HttpResponse) -> bool {
    response.status() == StatusCode::NO_CONTENT
        || strip_bom(response.body())
            .iter()
            .all(u8::is_ascii_whitespace)
}

/// Reads a resource with its location and version.
pub(crate) fn resource<R: DeserializeOwned>(
    response: &HttpResponse,
    request_url: &Url,
) -> Result<Versioned<R>, Error> {
    let resource = decode::<R>(response)?;
    let headers = response.headers();
    let header_location = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| request_url.join(v.trim()).ok());
    let header_version = headers
        .get(ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let (location, version) = if header_location.is_some() && header_version.is_some() {
        (header_location, header_version)
    } else {
        let meta = serde_json::from_slice::<MetaProbe>(strip_bom(response.body()))
            .ok()
            .and_then(|p| p.0)
            .unwrap_or_default();
        (
            header_location.or_else(|| {
                meta.location
                    .as_deref()
                    .and_then(|l| request_url.join(l.trim()).ok())
            }),
            header_version.or(meta.version),
        )
    };
    Ok(Versioned {
        resource,
        location,
        version,
    })
}

/// Reads only `meta` from a resource, ignoring every other attribute.
struct MetaProbe(Option<Meta>);

impl<'de> Deserialize<'de> for MetaProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MetaProbe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a resource")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MetaProbe, A::Error> {
                let mut meta = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key.eq_ignore_ascii_case("meta") && meta.is_none() {
                        meta = map.next_value::<Option<Meta>>()?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(MetaProbe(meta))
            }
        }
        d.deserialize_map(V)
    }
}

/// Reads the `id` of a resource, ignoring every other attribute.
#[derive(Debug)]
pub(crate) struct IdProbe(pub(crate) Option<String>);

impl<'de> Deserialize<'de> for IdProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IdProbe;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a resource")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IdProbe, A::Error> {
                let mut id = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key.eq_ignore_ascii_case("id") && id.is_none() {
                        id = map
                            .next_value::<Option<serde_json::Value>>()?
                            .map(|v| match v {
                                serde_json::Value::String(s) => s,
                                other => other.to_string(),
                            });
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                Ok(IdProbe(id))
            }
            fn visit_unit<E: de::Error>(self) -> Result<IdProbe, E> {
                Ok(IdProbe(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads `Retry-After` (RFC 9110 §10.2.3): delay-seconds, or an HTTP-date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) taken relative to `now`. A date in
/// the past is no delay. Anything else is `None`.
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long numbers saturate; the retry policy bounds the wait.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let date = parse_http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate, or the obsolete RFC 850 and asctime forms that
/// RFC 9110 §5.6.7 still asks recipients to accept.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    use jiff::civil::DateTime;
    const FORMATS: [&str; 3] = [
        "%a, %d %b %Y %H:%M:%S GMT", // Sun, 06 Nov 1994 08:49:37 GMT
        "%A, %d-%b-%y %H:%M:%S GMT", // Sunday, 06-Nov-94 08:49:37 GMT
        "%a %b %e %H:%M:%S %Y",      // Sun Nov  6 08:49:37 1994
    ];
    FORMATS.iter().find_map(|format| {
        let civil = DateTime::strptime(format, value).ok()?;
        let ts = civil.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
        Some(SystemTime::from(ts))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::{ScimType, User};

    fn response(status: u16, content_type: Option<&str>, body: &str) -> HttpResponse {
        let mut b = http::Response::builder().status(status);
        if let Some(ct) = content_type {
            b = b.header(CONTENT_TYPE, ct);
        }
        b.body(body.as_bytes().to_vec()).unwrap()
    }

    fn url() -> Url {
        Url::parse("https://h.example/scim/v2/Users").unwrap()
    }

    #[test]
    fn json_media_types() {
        for ok in [
            "application/scim+json",
            "application/json",
            "application/scim+json; charset=utf-8",
            "Application/JSON;charset=UTF-8",
            "application/json ; charset=\"utf-8\"",
            "application/vnd.example+json",
            "application/json+scim;charset=UTF-8",
            "text/json",
            "application/x-json",
        ] {
            assert!(is_json(ok), "{ok}");
        }
        for bad in [
            "text/html",
            "text/plain",
            "application/xml",
            "json",
            "",
            "application/jsonp",
            "application/json-seq-x",
            "application/scim+xml",
        ] {
            assert!(!is_json(bad), "{bad}");
        }
    }

    #[test]
    fn resources_decode_with_any_json_type() {
        for ct in [
            Some("application/scim+json"),
            Some("application/json;charset=utf-8"),
            None,
        ] {
            let r = response(
                200,
                ct,
                "\u{feff}{\"userName\": \"bjensen\", \"id\": \"1\"}",
            );
            let user: Versioned<User> = resource(&r, &url()).unwrap();
            assert_eq!(user.user_name, "bjensen");
        }
        let html = response(200, Some("text/html"), "<html/>");
        let err = resource::<User>(&html, &url()).unwrap_err();
        assert!(matches!(err, Error::ContentType { .. }), "{err}");
    }

    #[test]
    fn decode_errors_name_the_attribute() {
        let r = response(
            200,
            Some("application/scim+json"),
            r#"{"userName": "a", "emails": [{"value": "x"}, {"primary": "yes"}]}"#,
        );
        let err = resource::<User>(&r, &url()).unwrap_err();
        let Error::Decode { source, status, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*status, 200);
        assert_eq!(source.path(), "emails[1].primary");
        assert!(err.to_string().contains("emails[1].primary"), "{err}");
    }

    #[test]
    fn location_and_etag_from_headers_or_meta() {
        let body = r#"{"userName": "a", "meta": {"location": "https://h.example/scim/v2/Users/m1", "version": "W/\"m\""}}"#;
        let mut r = response(201, Some("application/scim+json"), body);
        let from_meta: Versioned<User> = resource(&r, &url()).unwrap();
        assert_eq!(
            from_meta.location.as_ref().map(Url::as_str),
            Some("https://h.example/scim/v2/Users/m1")
        );
        assert_eq!(from_meta.version.as_deref(), Some("W/\"m\""));

        r.headers_mut()
            .insert(LOCATION, "/scim/v2/Users/h1".parse().unwrap());
        r.headers_mut().insert(ETAG, "\"h\"".parse().unwrap());
        let from_headers: Versioned<User> = resource(&r, &url()).unwrap();
        assert_eq!(
            from_headers.location.as_ref().map(Url::as_str),
            Some("https://h.example/scim/v2/Users/h1")
        );
        assert_eq!(from_headers.version.as_deref(), Some("\"h\""));

        let bare = response(200, None, r#"{"userName": "a"}"#);
        let none: Versioned<User> = resource(&bare, &url()).unwrap();
        assert_eq!((none.location, none.version), (None, None));
    }

    #[test]
    fn scim_error_bodies() {
        let now = SystemTime::UNIX_EPOCH;
        let r = response(
            409,
            Some("application/scim+json"),
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "409", "scimType": "uniqueness", "detail": "taken"}"#,
        );
        let err = check_status(&r, now).unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::CONFLICT));
        assert_eq!(err.scim_type(), Some(&ScimType::Uniqueness));
        assert_eq!(err.scim_error().unwrap().detail.as_deref(), Some("taken"));

        // No status in the body, status as a number, extra attributes.
        for body in [
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "nope"}"#,
            r#"{"status": 404, "detail": "nope", "code": 7}"#,
            r#"{"Detail": "nope"}"#,
        ] {
            let err =
                check_status(&response(404, Some("application/json"), body), now).unwrap_err();
            let scim = err.scim_error().unwrap_or_else(|| panic!("{body}"));
            assert_eq!(scim.status.code(), 404);
            assert_eq!(scim.detail.as_deref(), Some("nope"));
        }

        // Not SCIM errors: the raw body is kept.
        for (status, ct, body) in [
            (502, Some("text/html"), "<h1>Bad gateway</h1>"),
            (
                401,
                Some("application/json"),
                r#"{"error": "invalid_token"}"#,
            ),
            (500, None, ""),
            (400, Some("application/json"), "[1, 2]"),
        ] {
            let err = check_status(&response(status, ct, body), now).unwrap_err();
            let Error::Status {
                status: s,
                body: b,
                content_type,
                ..
            } = &err
            else {
                panic!("{err:?}")
            };
            assert_eq!(*s, status);
            assert_eq!(b, body.as_bytes());
            assert_eq!(content_type.as_deref(), ct);
        }
        assert!(check_status(&response(204, None, ""), now).is_ok());
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        for date in [
            "Sun, 06 Nov 1994 08:50:07 GMT",
            "Sunday, 06-Nov-94 08:50:07 GMT",
            "Sun Nov  6 08:50:07 1994",
        ] {
            assert_eq!(
                retry_after(date, now),
                Some(Duration::from_secs(30)),
                "{date}"
            );
        }
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(retry_after(bad, now), None, "{bad}");
        }
        let r = http::Response::builder()
            .status(429)
            .header(RETRY_AFTER, "7")
            .body(Vec::new())
            .unwrap();
        assert_eq!(
            check_status(&r, now).unwrap_err().retry_after(),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn empty_bodies() {
        assert!(is_empty(&response(204, None, "")));
        assert!(is_empty(&response(
            200,
            Some("application/scim+json"),
            " \n"
        )));
        assert!(!is_empty(&response(200, None, "{}")));
    }

    #[test]
    fn id_probe_reads_only_the_id() {
        let list: scim_core::ListResponse<IdProbe> = serde_json::from_str(
            r#"{"Resources": [{"ID": "a", "x": [1, {"id": "no"}]}, {"id": 7}, {"userName": "z"}]}"#,
        )
        .unwrap();
        let ids: Vec<_> = list.resources.into_iter().map(|p| p.0).collect();
        assert_eq!(ids, [Some("a".into()), Some("7".into()), None]);
    }
}
