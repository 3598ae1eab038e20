//! The `scimType` error keywords and the error of decoding JSON.

use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `scimType` keyword of a SCIM error (RFC 7644 §3.12, table 9).
///
/// Every error in this workspace that a server would report to a client maps
/// to one of these. A keyword this crate does not know is kept in
/// [`ScimType::Other`] so it survives a round trip.
///
/// ```
/// use scim_core::ScimType;
///
/// let t: ScimType = "invalidFilter".parse().unwrap();
/// assert_eq!(t, ScimType::InvalidFilter);
/// assert_eq!(t.to_string(), "invalidFilter");
/// assert_eq!("vendorSpecific".parse::<ScimType>().unwrap(), ScimType::Other("vendorSpecific".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScimType {
    /// The filter syntax is invalid, or an operator is not allowed there.
    InvalidFilter,
    /// The filter yields more results than the server will process.
    TooMany,
    /// A value conflicts with one that must be unique.
    Uniqueness,
    /// An attempt to change an attribute its mutability forbids changing.
    Mutability,
    /// The request body is not valid JSON or not a valid SCIM message.
    InvalidSyntax,
    /// A PATCH `path` is invalid.
    InvalidPath,
    /// A PATCH `path` selects nothing.
    NoTarget,
    /// A value is missing, of the wrong type, or not allowed.
    InvalidValue,
    /// The SCIM protocol version is not supported.
    InvalidVers,
    /// The request holds sensitive data in a place it must not go (URL).
    Sensitive,
    /// A keyword not defined by RFC 7644, kept as it was spelled.
    Other(String),
}

impl ScimType {
    const KNOWN: [(&'static str, ScimType); 10] = [
        ("invalidFilter", ScimType::InvalidFilter),
        ("tooMany", ScimType::TooMany),
        ("uniqueness", ScimType::Uniqueness),
        ("mutability", ScimType::Mutability),
        ("invalidSyntax", ScimType::InvalidSyntax),
        ("invalidPath", ScimType::InvalidPath),
        ("noTarget", ScimType::NoTarget),
        ("invalidValue", ScimType::InvalidValue),
        ("invalidVers", ScimType::InvalidVers),
        ("sensitive", ScimType::Sensitive),
    ];

    /// The keyword as RFC 7644 spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::TooMany => "tooMany",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
            ScimType::InvalidVers => "invalidVers",
            ScimType::Sensitive => "sensitive",
            ScimType::Other(s) => s,
        }
    }

    /// The HTTP status RFC 7644 §3.12 pairs with this keyword.
    pub fn status(&self) -> u16 {
        match self {
            ScimType::Uniqueness => 409,
            ScimType::Sensitive => 403,
            _ => 400,
        }
    }
}

impl fmt::Display for ScimType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ScimType {
    type Err = std::convert::Infallible;

    /// Reads a keyword, ignoring ASCII case for the known ones.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(ScimType::KNOWN
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(s))
            .map_or_else(|| ScimType::Other(s.to_owned()), |(_, t)| t.clone()))
    }
}

impl Serialize for ScimType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ScimType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let Ok(t) = s.parse();
        Ok(t)
    }
}

/// What went wrong while decoding a SCIM message from JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The input is not JSON, or it ends too early.
    Syntax,
    /// The JSON is well formed but does not fit the SCIM type: a missing
    /// required attribute, a value of the wrong type, a duplicate attribute.
    Data,
}

/// An error from [`from_slice`], [`from_str`] or [`from_value`].
///
/// It names the attribute path where decoding failed (as spelled in the
/// input, for example `emails[1].primary`), and for text input the line and
/// column.
///
/// ```
/// let err = scim_core::from_str::<scim_core::User>(r#"{"userName": "bjensen", "name": {"givenName": 5}}"#)
///     .unwrap_err();
/// assert_eq!(err.path(), "name.givenName");
/// assert_eq!(err.scim_type(), scim_core::ScimType::InvalidValue);
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{}", Self::render(.path, .source))]
pub struct DecodeError {
    path: String,
    kind: DecodeErrorKind,
    #[source]
    source: serde_json::Error,
}

impl DecodeError {
    fn new(err: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        DecodeError::at(path, err.into_inner())
    }

    fn at(path: String, source: serde_json::Error) -> DecodeError {
        let kind = match source.classify() {
            serde_json::error::Category::Data => DecodeErrorKind::Data,
            _ => DecodeErrorKind::Syntax,
        };
        DecodeError { path, kind, source }
    }

    fn render(path: &str, source: &serde_json::Error) -> String {
        if path.is_empty() {
            source.to_string()
        } else {
            format!("at `{path}`: {source}")
        }
    }

    /// The attribute path where decoding failed, empty for the top level.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether the input was malformed JSON or did not fit the type.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The 1-based line of the error in text input (0 for [`from_value`]).
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The 1-based column of the error in text input (0 for [`from_value`]).
    pub fn column(&self) -> usize {
        self.source.column()
    }

    /// The `scimType` a server reports for this error: `invalidSyntax` for
    /// malformed JSON, `invalidValue` for JSON that does not fit.
    pub fn scim_type(&self) -> ScimType {
        match self.kind {
            DecodeErrorKind::Syntax => ScimType::InvalidSyntax,
            DecodeErrorKind::Data => ScimType::InvalidValue,
        }
    }
}

/// Decodes a SCIM message from JSON bytes.
///
/// The happy path runs at full `serde_json` speed; only after a failure is
/// the input read a second time to find the attribute path of the error.
///
/// # Errors
///
/// A [`DecodeError`] when the bytes are not JSON or do not fit `T`.
///
/// ```
/// let user: scim_core::User = scim_core::from_slice(br#"{"UserName": "bjensen"}"#)?;
/// assert_eq!(user.user_name, "bjensen");
/// # Ok::<(), scim_core::DecodeError>(())
/// ```
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match serde_json::from_slice(bytes) {
        Ok(v) => Ok(v),
        Err(_) => {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            Err(match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => DecodeError::new(e),
                // The second pass cannot succeed where the first failed, except
                // for trailing input, which the plain pass checks and this
                // one does not.
                Ok(_) => match de.end() {
                    Err(e) => DecodeError::at(String::new(), e),
                    Ok(()) => {
                        return serde_json::from_slice(bytes)
                            .map_err(|e| DecodeError::at(String::new(), e));
                    }
                },
            })
        }
    }
}

/// Decodes a SCIM message from a JSON string. See [`from_slice`].
///
/// # Errors
///
/// A [`DecodeError`] when the text is not JSON or does not fit `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    from_slice(text.as_bytes())
}

/// Decodes a SCIM message from a [`serde_json::Value`].
///
/// # Errors
///
/// A [`DecodeError`] naming the attribute path when the value does not fit `T`.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(e) => Err(DecodeError::new(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scim_type_round_trips() {
        for (name, t) in ScimType::KNOWN {
            assert_eq!(t.as_str(), name);
            assert_eq!(name.parse::<ScimType>().unwrap(), t);
            assert_eq!(name.to_uppercase().parse::<ScimType>().unwrap(), t);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<ScimType>(&json).unwrap(), t);
        }
        let other: ScimType = serde_json::from_str("\"quotaExceeded\"").unwrap();
        assert_eq!(other, ScimType::Other("quotaExceeded".into()));
        assert_eq!(serde_json::to_string(&other).unwrap(), "\"quotaExceeded\"");
        assert_eq!(ScimType::Uniqueness.status(), 409);
        assert_eq!(ScimType::InvalidFilter.status(), 400);
    }
}
