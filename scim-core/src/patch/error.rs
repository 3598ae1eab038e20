//! The error of applying a PATCH.

use std::fmt;

use crate::error::ScimType;
use crate::filter::{EvalError, ParseError};
use crate::message::ScimError;

/// Why a PATCH request could not be applied.
///
/// It tells which operation failed ([`index`](Self::index), counting from
/// 0 in `Operations`), its `path` as written, what went wrong
/// ([`kind`](Self::kind)) and the `scimType` a service provider answers
/// with ([`scim_type`](Self::scim_type)). When `apply` returns it, the
/// resource is exactly as it was before.
///
/// ```
/// use scim_core::patch::Patcher;
/// use scim_core::{PatchOp, PatchOperation, ScimError, ScimType};
/// use serde_json::json;
///
/// let mut user = json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223", "userName": "bjensen"
/// });
/// let patch = PatchOp::new(vec![
///     PatchOperation::replace("displayName", json!("Babs")),
///     PatchOperation::replace("id", json!("other")),
/// ]);
/// let err = Patcher::core().apply(&mut user, &patch).unwrap_err();
/// assert_eq!(err.index(), 1);
/// assert_eq!(err.scim_type(), ScimType::Mutability);
/// assert_eq!(user["displayName"], serde_json::Value::Null); // nothing applied
///
/// let reply = ScimError::from(&err);
/// assert_eq!(reply.status.code(), 400);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PatchError(Box<Inner>);

#[derive(Clone, Debug, PartialEq)]
struct Inner {
    index: usize,
    op: String,
    path: Option<String>,
    kind: PatchErrorKind,
}

impl PatchError {
    pub(crate) fn new(
        index: usize,
        op: &str,
        path: Option<&str>,
        kind: PatchErrorKind,
    ) -> PatchError {
        PatchError(Box::new(Inner {
            index,
            op: op.to_owned(),
            path: path.map(str::to_owned),
            kind,
        }))
    }

    /// The position of the failing operation in `Operations`, from 0 (0
    /// when `Operations` is empty).
    pub fn index(&self) -> usize {
        self.0.index
    }

    /// The failing operation's `op`, as written.
    pub fn op(&self) -> &str {
        &self.0.op
    }

    /// The failing operation's `path`, as written, if it had one.
    pub fn path(&self) -> Option<&str> {
        self.0.path.as_deref()
    }

    /// What went wrong.
    pub fn kind(&self) -> &PatchErrorKind {
        &self.0.kind
    }

    /// The `scimType` a service provider answers with (RFC 7644 §3.12).
    pub fn scim_type(&self) -> ScimType {
        self.0.kind.scim_type()
    }

    /// The HTTP status to answer with: 400 for every PATCH error.
    pub fn status(&self) -> u16 {
        400
    }
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.kind == PatchErrorKind::NoOperations {
            return write!(f, "{}", self.0.kind);
        }
        write!(f, "operation {} (`{}`", self.0.index, self.0.op)?;
        if let Some(p) = &self.0.path {
            write!(f, " `{p}`")?;
        }
        write!(f, "): {}", self.0.kind)
    }
}

impl std::error::Error for PatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            PatchErrorKind::InvalidPath(e) => Some(e),
            PatchErrorKind::InvalidFilter(e) => Some(e),
            _ => None,
        }
    }
}

impl From<&PatchError> for ScimError {
    /// The answer a service provider gives to a PATCH it cannot apply:
    /// status 400, the error's `scimType`, and the error as `detail`.
    fn from(err: &PatchError) -> ScimError {
        ScimError::new(err.status(), err.scim_type(), err.to_string())
    }
}

impl From<PatchError> for ScimError {
    /// See the conversion from `&PatchError`.
    fn from(err: PatchError) -> ScimError {
        ScimError::from(&err)
    }
}

/// What went wrong in a [`PatchError`].
///
/// Where a [`Tolerance`](super::Tolerance) switch would have accepted the
/// input, the message names it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PatchErrorKind {
    /// `op` is not `add`, `remove` or `replace` (`invalidSyntax`).
    #[error("unknown op `{op}`: expected `add`, `remove` or `replace`{}", if *.case_only { " in lowercase (Tolerance::op_name_case accepts other cases)" } else { "" })]
    UnknownOp {
        /// The `op` as written.
        op: String,
        /// Whether it names an operation in another case, like `Replace`.
        case_only: bool,
    },
    /// The resource is not a JSON object (`invalidSyntax`).
    #[error("the resource is not a JSON object")]
    NotAnObject,
    /// `path` does not parse (`invalidPath`).
    #[error("invalid path: {0}")]
    InvalidPath(ParseError),
    /// The filter inside `path` compares in a way RFC 7644 §3.4.2.2 does
    /// not define (`invalidFilter`).
    #[error("invalid filter in path: {0}")]
    InvalidFilter(EvalError),
    /// `path` has a value filter on an attribute that is not multi-valued,
    /// or a form this crate cannot address (`invalidPath`).
    #[error("`{path}` cannot be addressed: {reason}")]
    UnsupportedPath {
        /// The attribute or path.
        path: String,
        /// Why.
        reason: &'static str,
    },
    /// The attribute is not defined by the resource's schemas, and the
    /// patcher [rejects unknown attributes](super::Patcher::reject_unknown_attributes)
    /// (`invalidPath`).
    #[error("no attribute `{0}` in the resource's schemas")]
    UnknownAttribute(String),
    /// `remove` without a `path` (RFC 7644 §3.5.2.2: `noTarget`).
    #[error("`remove` needs a path")]
    MissingPath,
    /// The value filter of `path` matches no value (`noTarget`), or the
    /// sub-attribute path has no value to set it on.
    #[error("`{path}` selects no value{}", if *.creatable { " (Tolerance::add_creates_value creates one)" } else { "" })]
    NoTarget {
        /// The path.
        path: String,
        /// Whether a tolerance switch would create the value.
        creatable: bool,
    },
    /// `Operations` is empty (`invalidValue`): RFC 7644 §3.5.2 asks for
    /// "an array of one or more PATCH operations".
    #[error("`Operations` is empty: a PATCH request needs at least one operation")]
    NoOperations,
    /// `add` or `replace` without a `value` (`invalidValue`).
    #[error("`{0}` needs a value")]
    MissingValue(&'static str),
    /// `remove` with a `value` (`invalidSyntax`): RFC 7644 §3.5.2.2 selects
    /// what to remove with the path alone, and removing a multi-valued
    /// attribute without a filter would remove every value.
    #[error("`remove` takes no value: select the values to remove with a filter in the path{}", if *.0 { " (Tolerance::remove_with_value reads the value as the values to remove)" } else { "" })]
    RemoveWithValue(bool),
    /// A path-less `add` or `replace` whose value is not a JSON object
    /// (`invalidValue`).
    #[error("without a path, the value must be an object of attributes")]
    ValueNotObject,
    /// A key of a path-less value is a path (`name.givenName` or
    /// `urn:…:User:department`), not an attribute name (`invalidValue`).
    #[error("`{0}` is a path, not an attribute name (Tolerance::path_keys reads it as a path)")]
    PathAsKey(String),
    /// A value of the wrong type for the attribute (`invalidValue`).
    #[error("`{attr}` takes {expected}, not {found}{}", hint.map(|h| format!(" ({h})")).unwrap_or_default())]
    WrongType {
        /// The attribute.
        attr: String,
        /// What the schema asks for.
        expected: &'static str,
        /// A short description of what was given.
        found: String,
        /// The tolerance switch that would accept the value, if any.
        hint: Option<&'static str>,
    },
    /// The operation would change a `readOnly` attribute (`mutability`).
    #[error("`{0}` is read-only")]
    ReadOnly(String),
    /// The operation would change an `immutable` attribute that already
    /// has a value (`mutability`).
    #[error("`{0}` is immutable and already has a value")]
    Immutable(String),
    /// The operation would leave a required attribute without a value
    /// (RFC 7644 §3.5.2.2: `mutability`).
    #[error("`{0}` is required and cannot be removed")]
    Required(String),
    /// The patched resource no longer reads as the typed resource it was
    /// applied to (`invalidValue`).
    #[error("the patched resource does not read back: {0}")]
    Typed(String),
    /// More than one value of a multi-valued attribute set as `primary`
    /// by one operation (`invalidValue`).
    #[error("more than one value of `{0}` is marked primary")]
    ManyPrimary(String),
    /// The operation's value nests arrays and objects deeper than
    /// [`Patcher::MAX_VALUE_DEPTH`](super::Patcher::MAX_VALUE_DEPTH)
    /// levels (`invalidValue`).
    #[error("the value nests deeper than {0} levels")]
    TooDeep(usize),
}

impl PatchErrorKind {
    /// The `scimType` of this kind of error.
    pub fn scim_type(&self) -> ScimType {
        match self {
            PatchErrorKind::UnknownOp { .. }
            | PatchErrorKind::NotAnObject
            | PatchErrorKind::RemoveWithValue(_) => ScimType::InvalidSyntax,
            PatchErrorKind::InvalidPath(_)
            | PatchErrorKind::UnsupportedPath { .. }
            | PatchErrorKind::UnknownAttribute(_) => ScimType::InvalidPath,
            PatchErrorKind::InvalidFilter(_) => ScimType::InvalidFilter,
            PatchErrorKind::MissingPath | PatchErrorKind::NoTarget { .. } => ScimType::NoTarget,
            PatchErrorKind::NoOperations
            | PatchErrorKind::MissingValue(_)
            | PatchErrorKind::ValueNotObject
            | PatchErrorKind::PathAsKey(_)
            | PatchErrorKind::WrongType { .. }
            | PatchErrorKind::ManyPrimary(_)
            | PatchErrorKind::TooDeep(_)
            | PatchErrorKind::Typed(_) => ScimType::InvalidValue,
            PatchErrorKind::ReadOnly(_)
            | PatchErrorKind::Immutable(_)
            | PatchErrorKind::Required(_) => ScimType::Mutability,
        }
    }
}
