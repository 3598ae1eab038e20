//! The SCIM error response (RFC 7644 §3.12) and the HTTP status it carries.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::object::scim_object;
use crate::schema::urn;
use crate::{DecodeError, ScimType};

/// An HTTP status code as written in a SCIM message body.
///
/// RFC 7644 writes `status` as a JSON string (`"400"`), but many servers
/// send a number (`400`). Both are read; the status remembers which form it
/// came in so that writing it back does not change it. A status built with
/// [`Status::new`] is written as a string, as the RFC says. The object of
/// the drafts before RFC 7644, `{"code": "201", "description": "…"}`, still
/// sent in bulk responses by some servers, is read too, for its `code`; it
/// is written back as a string.
///
/// Two statuses are equal when their codes are, whatever their form.
///
/// ```
/// use scim_core::Status;
///
/// let text: Status = serde_json::from_str(r#""404""#)?;
/// let number: Status = serde_json::from_str("404")?;
/// assert_eq!(text, number);
/// assert_eq!(text.code(), 404);
/// assert_eq!(serde_json::to_string(&text)?, r#""404""#);
/// assert_eq!(serde_json::to_string(&number)?, "404");
/// assert_eq!(serde_json::to_string(&Status::new(409))?, r#""409""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Status {
    code: u16,
    /// The text it was read from, or `None` when it was a JSON number.
    text: Option<Box<str>>,
}

impl Status {
    /// A status with the given code, written as a JSON string.
    pub fn new(code: u16) -> Status {
        Status {
            code,
            text: Some(code.to_string().into_boxed_str()),
        }
    }

    /// A status with the given code, written as a JSON number.
    pub fn number(code: u16) -> Status {
        Status { code, text: None }
    }

    /// The numeric code, for example `404`.
    pub fn code(&self) -> u16 {
        self.code
    }

    /// Whether the status is (or was read as) a JSON string.
    pub fn is_string(&self) -> bool {
        self.text.is_some()
    }
}

impl From<u16> for Status {
    fn from(code: u16) -> Self {
        Status::new(code)
    }
}

impl PartialEq for Status {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Status {}

impl std::hash::Hash for Status {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

impl PartialEq<u16> for Status {
    fn eq(&self, other: &u16) -> bool {
        self.code == *other
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => s.serialize_str(text),
            None => s.serialize_u16(self.code),
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// `map`: whether the `{"code": …}` form is accepted (only at the
        /// top, not inside itself).
        struct V {
            map: bool,
        }
        impl<'v> serde::de::DeserializeSeed<'v> for V {
            type Value = Status;
            fn deserialize<D: Deserializer<'v>>(self, d: D) -> Result<Status, D::Error> {
                d.deserialize_any(self)
            }
        }
        impl<'v> serde::de::Visitor<'v> for V {
            type Value = Status;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an HTTP status code, as a string such as \"400\" or a number")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Status, E> {
                u16::try_from(v)
                    .map(Status::number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Status, E> {
                u16::try_from(v)
                    .map(Status::number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Status, E> {
                // Digits only: `u16::from_str` alone would also take a `+` sign.
                let code = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
                    v.parse::<u16>().ok()
                } else {
                    None
                };
                match code {
                    Some(code) => Ok(Status {
                        code,
                        text: Some(v.into()),
                    }),
                    None => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'v>>(
                self,
                mut map: A,
            ) -> Result<Status, A::Error> {
                // `{"code": "201", "description": "Created"}`, the form of
                // the drafts before RFC 7644 that some servers still send.
                if !self.map {
                    return Err(serde::de::Error::invalid_type(
                        serde::de::Unexpected::Map,
                        &self,
                    ));
                }
                let mut status = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'v, str>>()? {
                    if key.eq_ignore_ascii_case("code") && status.is_none() {
                        status = Some(map.next_value_seed(V { map: false })?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                status.ok_or_else(|| serde::de::Error::missing_field("code"))
            }
        }
        d.deserialize_any(V { map: true })
    }
}

scim_object! {
    /// A SCIM error response (RFC 7644 §3.12).
    ///
    /// Service providers answer a failed request with this body and an HTTP
    /// status. `status` is read as a JSON string or number (see [`Status`]);
    /// `scimType` keeps keywords this crate does not know. It is also a Rust
    /// error, so a client can return it with `?`.
    ///
    /// ```
    /// use scim_core::{ScimError, ScimType};
    ///
    /// let err: ScimError = scim_core::from_str(r#"{
    ///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
    ///     "scimType": "mutability",
    ///     "detail": "Attribute 'id' is readOnly",
    ///     "status": "400"
    /// }"#)?;
    /// assert_eq!(err.status.code(), 400);
    /// assert_eq!(err.scim_type, Some(ScimType::Mutability));
    /// assert_eq!(err.to_string(), "SCIM error 400 (mutability): Attribute 'id' is readOnly");
    ///
    /// let ours = ScimError::new(404, None, "Resource 2819c223 not found");
    /// assert_eq!(serde_json::to_value(&ours)?["status"], "404");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Clone, Debug, PartialEq)]
    pub struct ScimError {
        /// The message URN, `urn:ietf:params:scim:api:messages:2.0:Error`.
        schemas: Vec<String> => "schemas" (vec),
        /// The HTTP status code.
        status: Status => "status" (req),
        /// The SCIM detail error keyword, when the server gives one.
        scim_type: Option<ScimType> => "scimType" (opt),
        /// A human-readable message.
        detail: Option<String> => "detail" (opt),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl ScimError {
    /// An error response with the Error message URN, the status written as
    /// a string, an optional `scimType`, and `detail` (left out when empty).
    pub fn new(
        status: impl Into<Status>,
        scim_type: impl Into<Option<ScimType>>,
        detail: impl Into<String>,
    ) -> ScimError {
        let detail = detail.into();
        ScimError {
            schemas: vec![urn::ERROR.to_owned()],
            status: status.into(),
            scim_type: scim_type.into(),
            detail: (!detail.is_empty()).then_some(detail),
            extra: serde_json::Map::new(),
        }
    }
}

impl fmt::Display for ScimError {
    /// One line: `SCIM error <status> (<scimType>): <detail>`, with the parts
    /// that are absent left out and control characters in `detail` shown as
    /// spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SCIM error {}", self.status)?;
        if let Some(t) = &self.scim_type {
            write!(f, " ({t})")?;
        }
        if let Some(detail) = &self.detail {
            f.write_str(": ")?;
            for c in detail.chars() {
                let c = if c.is_control() { ' ' } else { c };
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ScimError {}

impl From<&DecodeError> for ScimError {
    /// The answer a server gives to a request body it cannot decode: status
    /// 400, `invalidSyntax` or `invalidValue`, and the error (with its
    /// attribute path) as `detail`.
    fn from(err: &DecodeError) -> Self {
        ScimError::new(400, err.scim_type(), err.to_string())
    }
}

impl From<DecodeError> for ScimError {
    /// See the conversion from `&DecodeError`.
    fn from(err: DecodeError) -> Self {
        ScimError::from(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rejects_what_is_not_a_code() {
        for bad in [
            r#""""#,
            r#""4x0""#,
            r#""+400""#,
            r#""70000""#,
            "70000",
            "-1",
            "400.0",
            "true",
            "null",
        ] {
            assert!(serde_json::from_str::<Status>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_as_an_object_of_the_drafts() {
        for (text, code) in [
            (r#"{"code": "201"}"#, 201),
            (r#"{"description": "Conflict", "Code": 409}"#, 409),
        ] {
            let status: Status = serde_json::from_str(text).unwrap();
            assert_eq!(status.code(), code, "{text}");
        }
        for bad in [r#"{}"#, r#"{"code": "abc"}"#, r#"{"code": {"code": 1}}"#] {
            assert!(serde_json::from_str::<Status>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_keeps_its_spelling() {
        for text in [r#""0400""#, r#""201""#, "201"] {
            let s: Status = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&s).unwrap(), text);
        }
    }

    #[test]
    fn decode_errors_become_bad_requests() {
        let err =
            crate::from_str::<crate::User>(r#"{"userName": "a", "active": "yes"}"#).unwrap_err();
        let reply = ScimError::from(&err);
        assert_eq!(reply.status.code(), 400);
        assert_eq!(reply.scim_type, Some(ScimType::InvalidValue));
        assert!(reply.detail.as_deref().unwrap().contains("active"));
        let err = crate::from_str::<crate::User>("{").unwrap_err();
        assert_eq!(
            ScimError::from(err).scim_type,
            Some(ScimType::InvalidSyntax)
        );
    }

    #[test]
    fn display_is_one_line() {
        let e = ScimError::new(400, ScimType::InvalidFilter, "bad\nfilter");
        assert_eq!(e.to_string(), "SCIM error 400 (invalidFilter): bad filter");
        let bare = ScimError::new(500, None, "");
        assert_eq!(bare.to_string(), "SCIM error 500");
        assert_eq!(bare.detail, None);
    }
}
