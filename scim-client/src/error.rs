//! The client's error type.

use std::time::Duration;

use http::StatusCode;
use scim_core::{DecodeError, ScimError, ScimType};

/// How many bytes of a response body an error keeps.
pub const MAX_ERROR_BODY: usize = 4096;

/// What went wrong with a SCIM request.
///
/// A server's answer is kept as data: [`Error::Scim`] when a non-2xx
/// response carried a SCIM error body (RFC 7644 §3.12), [`Error::Status`]
/// with the raw status and (the first [`MAX_ERROR_BODY`] bytes of) the body
/// when it did not. No variant ever holds the credential.
///
/// ```
/// use scim_client::Error;
/// use scim_core::ScimType;
///
/// fn explain(err: &Error) -> &'static str {
///     match err.scim_type() {
///         Some(ScimType::Uniqueness) => "already exists",
///         _ if err.status() == Some(http::StatusCode::NOT_FOUND) => "gone",
///         _ => "failed",
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status and a SCIM error body.
    #[error("{} {}", status_line(*.status), scim_summary(.error))]
    Scim {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The SCIM error body; its `status` is the HTTP status when the
        /// server left it out.
        error: Box<ScimError>,
        /// The delay the server asked for in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },

    /// The server answered with a non-2xx status and a body that is not a
    /// SCIM error (an HTML page from a proxy, an OAuth error, nothing).
    #[error("{}{}", status_line(*.status), body_summary(.body))]
    Status {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The `Content-Type` of the response, if any.
        content_type: Option<String>,
        /// The start of the body, at most [`MAX_ERROR_BODY`] bytes.
        body: Vec<u8>,
        /// The delay the server asked for in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },

    /// A successful response had a body of a media type other than JSON.
    #[error("the server answered {status} with a {content_type:?} body, not SCIM JSON{}", body_summary(.body))]
    ContentType {
        /// The HTTP status of the response.
        status: StatusCode,
        /// The `Content-Type` the server sent.
        content_type: String,
        /// The start of the body, at most [`MAX_ERROR_BODY`] bytes.
        body: Vec<u8>,
    },

    /// A successful response's body could not be decoded; the source names
    /// the attribute path.
    #[error("cannot decode the {status} response: {source}")]
    Decode {
        /// The HTTP status of the response.
        status: StatusCode,
        /// Where and why decoding failed.
        #[source]
        source: DecodeError,
        /// The start of the body, at most [`MAX_ERROR_BODY`] bytes.
        body: Vec<u8>,
    },

    /// The transport could not complete the exchange (connection refused,
    /// timeout, TLS failure, …). See [`Error::transport_error`].
    #[error("the request could not be sent: {0}")]
    Transport(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),

    /// The request could not be built from the arguments given.
    #[error(transparent)]
    Request(#[from] RequestError),

    /// Paging through a list stopped because the server misbehaved.
    #[error(transparent)]
    Paging(#[from] PagingError),

    /// A bulk request could not be split to the server's limits.
    #[error(transparent)]
    Bulk(#[from] BulkError),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Scim { status, .. }
            | Error::Status { status, .. }
            | Error::ContentType { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The SCIM error body, for [`Error::Scim`].
    pub fn scim_error(&self) -> Option<&ScimError> {
        match self {
            Error::Scim { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The `scimType` of a SCIM error body, if it had one.
    pub fn scim_type(&self) -> Option<&ScimType> {
        self.scim_error().and_then(|e| e.scim_type.as_ref())
    }

    /// The start of the response body, for errors that keep it.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Status { body, .. }
            | Error::ContentType { body, .. }
            | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The delay the server asked for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Scim { retry_after, .. } | Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the server answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the server answered 409 Conflict (for example `uniqueness`).
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// Whether the server answered 412 Precondition Failed: the resource
    /// changed since the version given in `If-Match`.
    pub fn is_precondition_failed(&self) -> bool {
        self.status() == Some(StatusCode::PRECONDITION_FAILED)
    }

    /// The transport's own error, if this is an [`Error::Transport`] of
    /// type `E`.
    pub fn transport_error<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Transport(e) => e.downcast_ref::<E>(),
            _ => None,
        }
    }

    pub(crate) fn transport<E: std::error::Error + Send + Sync + 'static>(err: E) -> Error {
        Error::Transport(Box::new(err))
    }

    /// Replaces every occurrence of a secret in what the server answered
    /// (a body, a SCIM `detail` or other attribute) with `<redacted>`: a
    /// server that echoes the token it refused must not put it into logs.
    pub(crate) fn redact(&mut self, secrets: &[Box<str>]) {
        if secrets.is_empty() {
            return;
        }
        match self {
            Error::Scim { error, .. } => {
                if let Some(detail) = &mut error.detail {
                    redact_text(detail, secrets);
                }
                if let Some(ScimType::Other(t)) = &mut error.scim_type {
                    redact_text(t, secrets);
                }
                for value in error.extra.values_mut() {
                    redact_value(value, secrets, 0);
                }
            }
            Error::Status { body, .. }
            | Error::ContentType { body, .. }
            | Error::Decode { body, .. } => redact_bytes(body, secrets),
            _ => {}
        }
    }
}

const REDACTED: &str = "<redacted>";

fn redact_text(text: &mut String, secrets: &[Box<str>]) {
    for secret in secrets {
        if text.contains(&**secret) {
            *text = text.replace(&**secret, REDACTED);
        }
    }
}

fn redact_value(value: &mut serde_json::Value, secrets: &[Box<str>], depth: usize) {
    // Decoded JSON is depth-limited already; this bound only keeps the
    // recursion visibly finite.
    if depth > 256 {
        return;
    }
    match value {
        serde_json::Value::String(s) => redact_text(s, secrets),
        serde_json::Value::Array(items) => {
            for item in items {
                redact_value(item, secrets, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            for v in map.values_mut() {
                redact_value(v, secrets, depth + 1);
            }
        }
        _ => {}
    }
}

/// Removes every secret from `body`, and a tail that is the start of one
/// (the body was cut at [`MAX_ERROR_BODY`] in the middle of it).
fn redact_bytes(body: &mut Vec<u8>, secrets: &[Box<str>]) {
    let cut = body.len() >= MAX_ERROR_BODY;
    for secret in secrets {
        let secret = secret.as_bytes();
        if secret.is_empty() {
            continue;
        }
        let mut out = Vec::with_capacity(body.len());
        let mut rest = body.as_slice();
        let mut changed = false;
        while let Some(at) = rest.windows(secret.len()).position(|w| w == secret) {
            out.extend_from_slice(rest.get(..at).unwrap_or_default());
            out.extend_from_slice(REDACTED.as_bytes());
            rest = rest.get(at + secret.len()..).unwrap_or_default();
            changed = true;
        }
        if changed {
            out.extend_from_slice(rest);
            *body = out;
        }
        if !cut {
            continue;
        }
        // A secret cut off at the end: at least half of it, or 8 bytes.
        let min = (secret.len() / 2).clamp(1, 8);
        for keep in (min..secret.len()).rev() {
            if body.ends_with(secret.get(..keep).unwrap_or_default()) {
                body.truncate(body.len() - keep);
                body.extend_from_slice(REDACTED.as_bytes());
                break;
            }
        }
    }
}

/// Arguments that cannot make a valid request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// A resource id that cannot be one path segment: empty, `.` or `..`.
    #[error("{0:?} cannot be used as a resource id in a URL path")]
    InvalidId(String),
    /// A resource endpoint that is empty or has a `.` or `..` segment.
    #[error("{0:?} is not a resource endpoint path")]
    InvalidEndpoint(String),
    /// A header value (`If-Match`, user agent) with characters HTTP cannot
    /// carry.
    #[error("the {0} header value has characters an HTTP header cannot carry")]
    InvalidHeader(&'static str),
    /// The request body could not be encoded as JSON.
    #[error("cannot encode the request body: {0}")]
    Encode(String),
    /// A URL that the `http` crate does not accept.
    #[error("the URL {0:?} is not a valid request target")]
    InvalidUri(String),
}

/// Why paging through a list stopped before the end.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PagingError {
    /// A page held only resources already yielded: the server ignores
    /// `startIndex` (or repeats pages), and continuing would loop forever.
    #[error(
        "page {page} repeated resources already returned: the server does not honour startIndex"
    )]
    RepeatedPage {
        /// The 1-based number of the page.
        page: u64,
    },
    /// The server returned the same `nextCursor` twice in a row.
    #[error("page {page} returned the cursor it was asked with: the server does not advance")]
    RepeatedCursor {
        /// The 1-based number of the page.
        page: u64,
    },
    /// The pager fetched its maximum number of pages.
    #[error("stopped after {max_pages} pages, the pager's limit")]
    TooManyPages {
        /// The limit that was reached.
        max_pages: u64,
    },
}

/// Why a bulk request could not be split to the server's limits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// One operation, or a group of operations that refer to each other
    /// and must travel together, is larger than the limits allow.
    #[error(
        "operations {first}..={last} must be sent together but exceed the server's limits ({operations} operations, {bytes} bytes)"
    )]
    TooLarge {
        /// Index of the first operation of the group.
        first: usize,
        /// Index of the last operation of the group.
        last: usize,
        /// Number of operations in the group.
        operations: usize,
        /// Encoded size of the smallest request holding the group.
        bytes: usize,
    },
    /// The server's limits are zero: it accepts no bulk operation.
    #[error("the server's bulk limits allow no operation")]
    NoCapacity,
}

/// A client that cannot be built from the settings given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL with a host.
    #[error("the base URL {0:?} is not an absolute http(s) URL with a host")]
    BaseUrl(String),
    /// The user agent has characters an HTTP header cannot carry.
    #[error("the user agent has characters an HTTP header cannot carry")]
    UserAgent,
}

fn status_line(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("the server answered {} {reason}", status.as_u16()),
        None => format!("the server answered {}", status.as_u16()),
    }
}

fn scim_summary(error: &ScimError) -> String {
    let mut out = String::new();
    if let Some(t) = &error.scim_type {
        out.push_str(&format!("({t})"));
    }
    // Without `detail`, the message a server put elsewhere (`{"status":
    // "409", "error": "Conflict"}`, `message`, `description`).
    let message = error.detail.as_deref().or_else(|| {
        [
            "message",
            "error_description",
            "description",
            "error",
            "title",
        ]
        .iter()
        .find_map(|name| {
            error
                .extra
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| v.as_str())
        })
    });
    if let Some(message) = message {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&printable(message, 300));
    }
    if out.is_empty() {
        out.push_str("(SCIM error without detail)");
    }
    out
}

fn body_summary(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    let text = String::from_utf8_lossy(body);
    format!(": {}", printable(&text, 200))
}

/// `text` with control characters replaced and cut to `max` characters.
fn printable(text: &str, max: usize) -> String {
    let mut out: String = text
        .trim()
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim().chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// The first [`MAX_ERROR_BODY`] bytes of `body`.
pub(crate) fn truncated(body: &[u8]) -> Vec<u8> {
    body.get(..MAX_ERROR_BODY).unwrap_or(body).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_status_type_and_detail() {
        let err = Error::Scim {
            status: StatusCode::CONFLICT,
            error: Box::new(ScimError::new(
                409,
                ScimType::Uniqueness,
                "userName\nexists",
            )),
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            "the server answered 409 Conflict (uniqueness) userName exists"
        );
        assert!(err.is_conflict());
        assert_eq!(err.scim_type(), Some(&ScimType::Uniqueness));

        let err = Error::Status {
            status: StatusCode::BAD_GATEWAY,
            content_type: Some("text/html".into()),
            body: b"<html>\r\nbad gateway</html>".to_vec(),
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            "the server answered 502 Bad Gateway: <html>  bad gateway</html>"
        );
        assert_eq!(err.body(), Some(&b"<html>\r\nbad gateway</html>"[..]));
    }

    #[test]
    fn a_message_outside_detail_is_shown() {
        let error: ScimError =
            serde_json::from_str(r#"{"status": "409", "error": "Conflict: userName taken"}"#)
                .unwrap();
        let err = Error::Scim {
            status: StatusCode::CONFLICT,
            error: Box::new(error),
            retry_after: None,
        };
        assert_eq!(
            err.to_string(),
            "the server answered 409 Conflict Conflict: userName taken"
        );
        let bare: ScimError = serde_json::from_str(r#"{"status": 500}"#).unwrap();
        let err = Error::Scim {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            error: Box::new(bare),
            retry_after: None,
        };
        assert!(err.to_string().ends_with("(SCIM error without detail)"));
    }

    #[test]
    fn bodies_are_truncated() {
        let big = vec![b'x'; MAX_ERROR_BODY * 2];
        assert_eq!(truncated(&big).len(), MAX_ERROR_BODY);
        assert_eq!(truncated(b"ab"), b"ab");
        let long = "y".repeat(500);
        assert_eq!(printable(&long, 10), "yyyyyyyyyy…");
    }

    #[test]
    fn secrets_are_redacted_even_when_cut() {
        let secrets: Vec<Box<str>> = vec!["Bearer abcdefghijkl".into(), "abcdefghijkl".into()];
        let mut body = b"no Bearer abcdefghijkl, nor abcdefghijkl!".to_vec();
        redact_bytes(&mut body, &secrets);
        assert_eq!(body, b"no <redacted>, nor <redacted>!");

        let mut cut = vec![b' '; MAX_ERROR_BODY - 9];
        cut.extend_from_slice(b"abcdefghi");
        redact_bytes(&mut cut, &secrets);
        assert!(
            cut.ends_with(b" <redacted>"),
            "{:?}",
            String::from_utf8_lossy(&cut)
        );
        // Not cut: a body that merely ends like the start of a secret stays.
        let mut whole = b"abcdefghi".to_vec();
        redact_bytes(&mut whole, &secrets);
        assert_eq!(whole, b"abcdefghi");

        let mut err = Error::Scim {
            status: StatusCode::UNAUTHORIZED,
            error: Box::new(ScimError::new(401, None, "bad abcdefghijkl")),
            retry_after: None,
        };
        if let Error::Scim { error, .. } = &mut err {
            error.extra.insert(
                "echo".into(),
                serde_json::json!({"h": ["Bearer abcdefghijkl"]}),
            );
        }
        err.redact(&secrets);
        let text = format!("{err} {err:?}");
        assert!(!text.contains("abcdefghijkl"), "{text}");
        assert!(text.contains("bad <redacted>"), "{text}");
    }

    #[test]
    fn transport_errors_downcast() {
        let err = Error::transport(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "refused",
        ));
        assert_eq!(
            err.transport_error::<std::io::Error>()
                .map(std::io::Error::kind),
            Some(std::io::ErrorKind::ConnectionRefused)
        );
        assert!(err.transport_error::<std::fmt::Error>().is_none());
        assert_eq!(err.status(), None);
    }
}
