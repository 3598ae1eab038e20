//! Tolerant reading of the PATCH dialects identity providers send, and the
//! report of what was read tolerantly.

use std::fmt;

/// Which departures from RFC 7644 §3.5.2 a [`Patcher`](super::Patcher)
/// accepts. Every switch is off by default ([`Tolerance::STRICT`]); with a
/// switch off, the input it covers is rejected with a [`PatchError`] that
/// names the switch. Every input a switch accepts is listed in the
/// [`PatchReport`], so nothing is read differently in silence.
///
/// ```
/// use scim_core::patch::{Patcher, Tolerance};
/// use scim_core::{PatchOp, PatchOperation, PatchOpKind};
/// use serde_json::json;
///
/// let patch: PatchOp = serde_json::from_value(json!({
///     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
///     "Operations": [{"op": "Replace", "path": "active", "value": "False"}]
/// }))?;
/// let mut user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "active": true});
///
/// assert!(Patcher::core().apply(&mut user, &patch).is_err());
///
/// let lenient = Patcher::core().with_tolerance(Tolerance::STRICT.op_name_case(true).string_booleans(true));
/// let report = lenient.apply(&mut user, &patch)?;
/// assert_eq!(user["active"], false);
/// assert_eq!(report.coercions().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`PatchError`]: super::PatchError
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Tolerance {
    op_name_case: bool,
    string_booleans: bool,
    path_keys: bool,
    remove_with_value: bool,
    add_creates_value: bool,
    bare_string_complex: bool,
    single_value_array: bool,
    remove_unmatched: bool,
}

impl Tolerance {
    /// Every switch off: RFC 7644 exactly.
    pub const STRICT: Tolerance = Tolerance {
        op_name_case: false,
        string_booleans: false,
        path_keys: false,
        remove_with_value: false,
        add_creates_value: false,
        bare_string_complex: false,
        single_value_array: false,
        remove_unmatched: false,
    };

    /// Every switch on.
    pub const ALL: Tolerance = Tolerance {
        op_name_case: true,
        string_booleans: true,
        path_keys: true,
        remove_with_value: true,
        add_creates_value: true,
        bare_string_complex: true,
        single_value_array: true,
        remove_unmatched: true,
    };

    /// What Microsoft Entra ID (Azure AD) provisioning sends: capitalised
    /// ops (`Replace`, `Add`, `Remove`), `"True"`/`"False"` for booleans,
    /// path-less values keyed by paths (`name.givenName`,
    /// `urn:…:enterprise:2.0:User:manager.value`), `Remove` of `members` with a
    /// value array, `Add` to `emails[type eq "work"].value` when there
    /// is no work email yet, and the enterprise `manager` as the bare id of
    /// the manager (`"value": "26118915"`) or as a one-element array
    /// (`"value": [{"$ref": null, "value": "26118915"}]`, the request of
    /// Entra's documentation).
    pub const ENTRA_ID: Tolerance = Tolerance::STRICT
        .op_name_case(true)
        .string_booleans(true)
        .path_keys(true)
        .remove_with_value(true)
        .add_creates_value(true)
        .bare_string_complex(true)
        .single_value_array(true);

    /// Accept `op` in any case: `Add`, `REMOVE`, `Replace`.
    ///
    /// Defaults to off: `op` is case-sensitive in RFC 7644.
    pub const fn op_name_case(mut self, on: bool) -> Tolerance {
        self.op_name_case = on;
        self
    }

    /// Accept the strings `"true"` and `"false"`, in any case, for boolean
    /// attributes and sub-attributes (`active`, `emails.primary`).
    ///
    /// Defaults to off.
    pub const fn string_booleans(mut self, on: bool) -> Tolerance {
        self.string_booleans = on;
        self
    }

    /// In a path-less `add` or `replace`, read a key that is a path with a
    /// sub-attribute or a filter, `name.givenName` or
    /// `urn:…:enterprise:2.0:User:manager.value`, as that path rather than
    /// as an attribute name.
    ///
    /// A key that is a schema URN and one attribute name,
    /// `urn:…:enterprise:2.0:User:department`, needs no tolerance: it is
    /// the attribute's fully qualified name (RFC 7644 §3.10).
    ///
    /// Defaults to off.
    pub const fn path_keys(mut self, on: bool) -> Tolerance {
        self.path_keys = on;
        self
    }

    /// Read `remove` of a multi-valued attribute with a `value` as "remove
    /// these values": `{"op": "remove", "path": "members", "value":
    /// [{"value": "2819c223"}]}` removes that one member. Values are matched
    /// on their `value` sub-attribute (or, for simple values, themselves);
    /// values not present are ignored.
    ///
    /// Defaults to off, and the operation is then rejected (never read as
    /// "remove every member", which is what the path alone means).
    pub const fn remove_with_value(mut self, on: bool) -> Tolerance {
        self.remove_with_value = on;
        self
    }

    /// Let `add` (and `replace`) to a value path that matches no value
    /// create one: `add` of `"bjensen@example.com"` at
    /// `emails[type eq "work"].value` on a user without a work email adds
    /// `{"type": "work", "value": "bjensen@example.com"}`. Only filters made
    /// of `eq` comparisons joined by `and` can create a value.
    ///
    /// Defaults to off (`noTarget`).
    pub const fn add_creates_value(mut self, on: bool) -> Tolerance {
        self.add_creates_value = on;
        self
    }

    /// Accept a bare string for a single-valued complex attribute with a
    /// `value` sub-attribute, such as the enterprise `manager`: `"26118915"`
    /// reads as `{"value": "26118915"}`.
    ///
    /// Defaults to off.
    pub const fn bare_string_complex(mut self, on: bool) -> Tolerance {
        self.bare_string_complex = on;
        self
    }

    /// Accept `[{"value": x}]`, one element holding only `value` (and
    /// perhaps members that are `null`, such as `"$ref": null`), for a
    /// single-valued simple attribute: it reads as `x`. For a single-valued
    /// complex attribute, a one-element array of an object reads as the
    /// object (Microsoft Entra ID adds the enterprise `manager` as
    /// `[{"$ref": null, "value": "26118915"}]`).
    ///
    /// Defaults to off.
    pub const fn single_value_array(mut self, on: bool) -> Tolerance {
        self.single_value_array = on;
        self
    }

    /// Let `remove` of a value path that matches nothing succeed without
    /// change, as removing a member that is already gone.
    ///
    /// Defaults to off (`noTarget`, as RFC 7644 §3.12 says for a filter
    /// that yields no match).
    pub const fn remove_unmatched(mut self, on: bool) -> Tolerance {
        self.remove_unmatched = on;
        self
    }

    /// Whether [`op_name_case`](Self::op_name_case) is on.
    pub const fn accepts_op_name_case(&self) -> bool {
        self.op_name_case
    }

    /// Whether [`string_booleans`](Self::string_booleans) is on.
    pub const fn accepts_string_booleans(&self) -> bool {
        self.string_booleans
    }

    /// Whether [`path_keys`](Self::path_keys) is on.
    pub const fn accepts_path_keys(&self) -> bool {
        self.path_keys
    }

    /// Whether [`remove_with_value`](Self::remove_with_value) is on.
    pub const fn accepts_remove_with_value(&self) -> bool {
        self.remove_with_value
    }

    /// Whether [`add_creates_value`](Self::add_creates_value) is on.
    pub const fn accepts_add_creates_value(&self) -> bool {
        self.add_creates_value
    }

    /// Whether [`bare_string_complex`](Self::bare_string_complex) is on.
    pub const fn accepts_bare_string_complex(&self) -> bool {
        self.bare_string_complex
    }

    /// Whether [`single_value_array`](Self::single_value_array) is on.
    pub const fn accepts_single_value_array(&self) -> bool {
        self.single_value_array
    }

    /// Whether [`remove_unmatched`](Self::remove_unmatched) is on.
    pub const fn accepts_remove_unmatched(&self) -> bool {
        self.remove_unmatched
    }
}

/// What a [`Tolerance`] switch accepted, in a [`Coercion`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CoercionKind {
    /// `op` in another case, as written (`Replace`).
    OpNameCase(String),
    /// A string read as a boolean, as written (`"False"`).
    StringBoolean(String),
    /// A key of a path-less value read as a path.
    PathKey(String),
    /// `remove` with a value read as "remove these values"; how many values
    /// were removed.
    RemoveWithValue(usize),
    /// `add` to a value path that matched nothing created a value.
    CreatedValue,
    /// A bare string read as `{"value": …}`.
    BareStringComplex,
    /// `[{"value": x}]` read as `x`, or, for a complex attribute, `[{…}]`
    /// read as `{…}`.
    SingleValueArray,
    /// `remove` of a value path that matched nothing did nothing.
    RemoveUnmatched,
}

/// One input a [`Tolerance`] switch accepted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Coercion {
    index: usize,
    attribute: String,
    kind: CoercionKind,
}

impl Coercion {
    pub(crate) fn new(index: usize, attribute: &str, kind: CoercionKind) -> Coercion {
        Coercion {
            index,
            attribute: attribute.to_owned(),
            kind,
        }
    }

    /// The position of the operation in `Operations`, from 0.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The attribute (or path) concerned, as written; empty for the `op`.
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// What was accepted.
    pub fn kind(&self) -> &CoercionKind {
        &self.kind
    }
}

impl fmt::Display for Coercion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "operation {}: ", self.index)?;
        let a = &self.attribute;
        match &self.kind {
            CoercionKind::OpNameCase(op) => write!(f, "op `{op}` read as lowercase"),
            CoercionKind::StringBoolean(s) => write!(f, "`{a}`: string \"{s}\" read as a boolean"),
            CoercionKind::PathKey(k) => write!(f, "key `{k}` read as a path"),
            CoercionKind::RemoveWithValue(n) => {
                write!(f, "`remove` of `{a}` with a value removed {n} value(s)")
            }
            CoercionKind::CreatedValue => write!(f, "`{a}` matched nothing: a value was created"),
            CoercionKind::BareStringComplex => {
                write!(f, "`{a}`: bare string read as {{\"value\": …}}")
            }
            CoercionKind::SingleValueArray => {
                write!(f, "`{a}`: one-element array read as its element")
            }
            CoercionKind::RemoveUnmatched => {
                write!(f, "`remove` of `{a}` matched nothing: nothing removed")
            }
        }
    }
}

/// What applying a PATCH did, beyond changing the resource.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatchReport {
    pub(crate) coercions: Vec<Coercion>,
    pub(crate) changed: bool,
}

impl PatchReport {
    /// The inputs read tolerantly, in order (empty with
    /// [`Tolerance::STRICT`]).
    pub fn coercions(&self) -> &[Coercion] {
        &self.coercions
    }

    /// Whether the resource changed. A PATCH that changes nothing, such as
    /// adding a member already present, "SHALL NOT change the modify
    /// timestamp" (RFC 7644 §3.5.2.1): leave `meta.lastModified` and the
    /// version alone when this is false.
    pub fn changed(&self) -> bool {
        self.changed
    }
}
