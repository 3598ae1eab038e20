//! The body of a PATCH request (RFC 7644 §3.5.2).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::object::scim_object;
use crate::schema::urn;

/// The `op` of a PATCH operation (RFC 7644 §3.5.2).
///
/// Only the exact RFC spellings `add`, `remove` and `replace` read as the
/// known variants; any other text, including `Replace` or `ADD` as some
/// identity providers send, is kept in [`PatchOpKind::Other`] so that a
/// caller can tell a strict request from a sloppy one.
/// [`PatchOpKind::ignoring_case`] gives the lenient reading.
///
/// ```
/// use scim_core::PatchOpKind;
///
/// let strict: PatchOpKind = "Replace".parse()?;
/// assert_eq!(strict, PatchOpKind::Other("Replace".into()));
/// assert_eq!(strict.ignoring_case(), PatchOpKind::Replace);
/// assert_eq!(strict.to_string(), "Replace");
/// # Ok::<(), std::convert::Infallible>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PatchOpKind {
    /// `add`: add values, or set a single-valued attribute.
    Add,
    /// `remove`: remove an attribute or some of its values.
    Remove,
    /// `replace`: replace an attribute or some of its values.
    Replace,
    /// Any other text, kept exactly as spelled.
    Other(String),
}

impl PatchOpKind {
    /// The keyword as spelled: the RFC form for the known operations.
    pub fn as_str(&self) -> &str {
        match self {
            PatchOpKind::Add => "add",
            PatchOpKind::Remove => "remove",
            PatchOpKind::Replace => "replace",
            PatchOpKind::Other(s) => s,
        }
    }

    /// Whether this is one of the three operations spelled as the RFC
    /// spells them.
    pub fn is_known(&self) -> bool {
        !matches!(self, PatchOpKind::Other(_))
    }

    /// The operation read ignoring ASCII case, so that `Add`, `REMOVE` or
    /// `Replace` count as the operations they name. Other text stays
    /// [`PatchOpKind::Other`].
    pub fn ignoring_case(&self) -> PatchOpKind {
        match self {
            PatchOpKind::Other(s) => {
                for known in [PatchOpKind::Add, PatchOpKind::Remove, PatchOpKind::Replace] {
                    if s.eq_ignore_ascii_case(known.as_str()) {
                        return known;
                    }
                }
                self.clone()
            }
            known => known.clone(),
        }
    }
}

impl fmt::Display for PatchOpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PatchOpKind {
    type Err = std::convert::Infallible;

    /// Reads the exact RFC spellings as the known operations, anything else
    /// as [`PatchOpKind::Other`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "add" => PatchOpKind::Add,
            "remove" => PatchOpKind::Remove,
            "replace" => PatchOpKind::Replace,
            other => PatchOpKind::Other(other.to_owned()),
        })
    }
}

impl Serialize for PatchOpKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PatchOpKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PatchOpKind;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a PATCH operation: \"add\", \"remove\" or \"replace\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PatchOpKind, E> {
                let Ok(k) = v.parse();
                Ok(k)
            }
        }
        d.deserialize_str(V)
    }
}

scim_object! {
    /// The body of a PATCH request (RFC 7644 §3.5.2): a list of operations
    /// applied in order, all or nothing.
    ///
    /// `Operations` is read ignoring case, like every attribute name.
    ///
    /// ```
    /// use scim_core::{PatchOp, PatchOperation};
    /// use serde_json::json;
    ///
    /// let patch = PatchOp::new(vec![
    ///     PatchOperation::replace("active", json!(false)),
    ///     PatchOperation::remove(r#"emails[type eq "home"]"#),
    /// ]);
    /// assert_eq!(
    ///     serde_json::to_value(&patch)?,
    ///     json!({
    ///         "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    ///         "Operations": [
    ///             {"op": "replace", "path": "active", "value": false},
    ///             {"op": "remove", "path": "emails[type eq \"home\"]"}
    ///         ]
    ///     })
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct PatchOp {
        /// The message URN, `urn:ietf:params:scim:api:messages:2.0:PatchOp`.
        schemas: Vec<String> => "schemas" (vec),
        /// The operations, in order.
        operations: Vec<PatchOperation> => "Operations" (vec),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl PatchOp {
    /// A PATCH body with the `PatchOp` URN and the given operations.
    pub fn new(operations: Vec<PatchOperation>) -> PatchOp {
        PatchOp {
            schemas: vec![urn::PATCH_OP.to_owned()],
            operations,
            extra: serde_json::Map::new(),
        }
    }
}

scim_object! {
    /// One operation of a PATCH request (RFC 7644 §3.5.2).
    ///
    /// `path` is kept as text; `value` is any JSON, and an explicit `null`
    /// is kept apart from an absent value (`Some(Value::Null)` versus
    /// `None`).
    #[derive(Clone, Debug, PartialEq)]
    pub struct PatchOperation {
        /// The operation.
        op: PatchOpKind => "op" (req),
        /// The attribute path (RFC 7644 §3.5.2), when given.
        path: Option<String> => "path" (opt),
        /// The value to add or replace with.
        value: Option<Value> => "value" (raw),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl PatchOperation {
    fn with(op: PatchOpKind, path: Option<String>, value: Option<Value>) -> PatchOperation {
        PatchOperation {
            op,
            path,
            value,
            extra: serde_json::Map::new(),
        }
    }

    /// `add` of `value` at `path`.
    pub fn add(path: impl Into<String>, value: Value) -> PatchOperation {
        PatchOperation::with(PatchOpKind::Add, Some(path.into()), Some(value))
    }

    /// `add` without a path: `value` is an object of attributes to add.
    pub fn add_attributes(value: Value) -> PatchOperation {
        PatchOperation::with(PatchOpKind::Add, None, Some(value))
    }

    /// `remove` of what `path` selects.
    pub fn remove(path: impl Into<String>) -> PatchOperation {
        PatchOperation::with(PatchOpKind::Remove, Some(path.into()), None)
    }

    /// `replace` of what `path` selects with `value`.
    pub fn replace(path: impl Into<String>, value: Value) -> PatchOperation {
        PatchOperation::with(PatchOpKind::Replace, Some(path.into()), Some(value))
    }

    /// `replace` without a path: `value` is an object of attributes to
    /// replace.
    pub fn replace_attributes(value: Value) -> PatchOperation {
        PatchOperation::with(PatchOpKind::Replace, None, Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_spellings_are_known() {
        for (text, strict, lenient) in [
            ("add", PatchOpKind::Add, PatchOpKind::Add),
            ("remove", PatchOpKind::Remove, PatchOpKind::Remove),
            ("replace", PatchOpKind::Replace, PatchOpKind::Replace),
            ("Add", PatchOpKind::Other("Add".into()), PatchOpKind::Add),
            (
                "REMOVE",
                PatchOpKind::Other("REMOVE".into()),
                PatchOpKind::Remove,
            ),
            (
                "Replace",
                PatchOpKind::Other("Replace".into()),
                PatchOpKind::Replace,
            ),
            (
                "move",
                PatchOpKind::Other("move".into()),
                PatchOpKind::Other("move".into()),
            ),
        ] {
            let read: PatchOpKind = serde_json::from_value(Value::from(text)).unwrap();
            assert_eq!(read, strict, "{text}");
            assert_eq!(read.ignoring_case(), lenient, "{text}");
            assert_eq!(
                read.is_known(),
                text == strict.as_str() && strict.is_known()
            );
            assert_eq!(serde_json::to_value(&read).unwrap(), Value::from(text));
        }
    }

    #[test]
    fn null_value_is_kept_apart_from_absence() {
        let op: PatchOperation =
            serde_json::from_str(r#"{"op": "replace", "path": "title", "value": null}"#).unwrap();
        assert_eq!(op.value, Some(Value::Null));
        let back = serde_json::to_value(&op).unwrap();
        assert_eq!(back["value"], Value::Null);
        assert!(back.as_object().unwrap().contains_key("value"));
        let op: PatchOperation =
            serde_json::from_str(r#"{"op": "remove", "path": "title"}"#).unwrap();
        assert_eq!(op.value, None);
    }

    #[test]
    fn op_is_required_and_a_string() {
        assert!(serde_json::from_str::<PatchOperation>(r#"{"path": "x"}"#).is_err());
        assert!(serde_json::from_str::<PatchOperation>(r#"{"op": 1}"#).is_err());
    }
}
