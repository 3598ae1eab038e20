//! Applying PATCH requests (RFC 7644 §3.5.2) to resources, reading the
//! dialects identity providers send, and computing the PATCH that turns
//! one version of a resource into another.
//!
//! ```
//! use scim_core::patch::Patcher;
//! use scim_core::PatchOp;
//! use serde_json::json;
//!
//! let mut group = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
//!     "id": "e9e30dba", "displayName": "Tour Guides",
//!     "members": [{"value": "2819c223"}, {"value": "902c246b"}]
//! });
//! let patch: PatchOp = serde_json::from_value(json!({
//!     "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
//!     "Operations": [
//!         {"op": "remove", "path": "members[value eq \"2819c223\"]"},
//!         {"op": "add", "path": "members", "value": [{"value": "08e1d05d"}]}
//!     ]
//! }))?;
//! let report = Patcher::core().apply(&mut group, &patch)?;
//! assert!(report.changed());
//! assert_eq!(group["members"], json!([{"value": "902c246b"}, {"value": "08e1d05d"}]));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Semantics
//!
//! [`Patcher::apply`] follows RFC 7644 §3.5.2, with the characteristics of
//! each attribute taken from a [`SchemaRegistry`] and the resource's own
//! `schemas`:
//!
//! * **`add`** without a path merges the value's attributes into the
//!   resource. At a path, it sets a single-valued attribute, merges the
//!   sub-attributes of a complex one, and appends to a multi-valued one; a
//!   value already present (same `value` sub-attribute, compared as the
//!   schema says, or equal for values without one) is not added twice: the
//!   sub-attributes given are merged into the present value instead. At
//!   `emails[type eq "work"].display` it sets the sub-attribute on every
//!   matching value; a filter matching nothing is `noTarget`.
//! * **`remove`** needs a path (else `noTarget`). A value filter removes
//!   the matching values (matching nothing is `noTarget`), `attr[filter].sub`
//!   the sub-attribute of each; removing the last value removes the
//!   attribute. Removing an attribute that has no value succeeds without
//!   change. A `remove` with a `value` is rejected: the path alone selects
//!   what is removed, and on `members` it would mean every member.
//! * **`replace`** without a path replaces each attribute of the value. At a
//!   path, it replaces a multi-valued attribute whole, merges the given
//!   sub-attributes into a complex one (those not given are left
//!   unchanged, as the RFC says), and replaces every value matching a
//!   filter (`noTarget` when none matches). A missing attribute is added.
//! * `null`, and `[]` for a multi-valued attribute, mean "no value"
//!   (RFC 7643 §2.5): setting one removes the attribute.
//! * **`primary`**: setting it to `true` on one value sets it to `false`
//!   on the others that had it; one operation setting it on two values is
//!   `invalidValue`.
//! * **Mutability**: a change to a `readOnly` attribute, or to an
//!   `immutable` one that has a value, is `mutability`; so is removing a
//!   `required` attribute (RFC 7644 §3.5.2.2). Writing the value an
//!   attribute already has is not a change, so a path-less `replace` that
//!   echoes `id` or `meta` unchanged succeeds.
//! * **Types**: a value of the wrong type for its attribute, or for a
//!   sub-attribute of a complex value, is `invalidValue`. Attributes the
//!   registry does not know take any value, unless the patcher
//!   [rejects unknown attributes](Patcher::reject_unknown_attributes).
//! * **Names** match ignoring ASCII case; an existing attribute keeps its
//!   spelling, a new one takes the schema's.
//! * **Extensions**: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`
//!   reaches into the extension object, which is created when needed (and
//!   its URN added to `schemas`) and removed when its last attribute is
//!   (and its URN taken out of `schemas`, which lists the schemas "that
//!   define the attributes present", RFC 7643 §3).
//!   A URN in the core namespace (`urn:ietf:params:scim:schemas:core:…`),
//!   or the resource's first `schemas` entry, qualifies top-level
//!   attributes. The extension URN alone as a path, or as a key of a
//!   path-less value, addresses the whole extension; a fully qualified
//!   attribute name (`urn:…:enterprise:2.0:User:department`, RFC 7644
//!   §3.10) as a key of a path-less value addresses that attribute.
//! * **Filters** in paths match as [`Evaluator`](crate::filter::Evaluator)
//!   does, `caseExact` included: `members[value eq "2819C223"]` matches
//!   `2819c223` because `members.value` is not case exact. A filter the
//!   RFC does not define (`emails[primary gt true]`) is `invalidFilter`.
//! * **Operations**: a patch needs at least one (RFC 7644 §3.5.2);
//!   an empty `Operations` is `invalidValue`.
//! * **Atomic**: if any operation fails, the resource is left exactly as
//!   it was, and the [`PatchError`] names the operation.
//!
//! Read the dialects of identity providers with a [`Tolerance`]; each
//! input it accepts is listed in the [`PatchReport`].
//!
//! # Performance
//!
//! Changes are recorded in an undo log instead of copying the resource
//! first, and duplicates are found by hashing, so adding or removing one
//! member costs time linear in the size of the group.

mod apply;
mod diff;
mod doc;
mod error;
mod tolerance;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use diff::{DiffOptions, diff};
pub use error::{PatchError, PatchErrorKind};
pub use tolerance::{Coercion, CoercionKind, PatchReport, Tolerance};

use crate::message::PatchOp;
use crate::schema::SchemaRegistry;

/// Applies PATCH requests to resources, with the attribute characteristics
/// of a [`SchemaRegistry`]. See the [module documentation](self) for the
/// rules.
#[derive(Clone, Copy, Debug)]
pub struct Patcher<'r> {
    registry: &'r SchemaRegistry,
    tolerance: Tolerance,
    reject_unknown: bool,
}

impl Default for Patcher<'static> {
    /// The same as [`Patcher::core`].
    fn default() -> Self {
        Patcher::core()
    }
}

impl<'r> Patcher<'r> {
    /// How deeply an operation's value may nest arrays and objects
    /// (`[1]` is one level). A deeper value is rejected with
    /// [`PatchErrorKind::TooDeep`] before it is copied or compared, which
    /// keeps the recursion of `serde_json`'s own clone, comparison and drop
    /// within the stack. JSON text cannot come near it: `serde_json` reads
    /// at most 128 levels for the whole request.
    pub const MAX_VALUE_DEPTH: usize = 128;

    /// A patcher taking attribute characteristics from `registry`, strict.
    pub fn new(registry: &'r SchemaRegistry) -> Patcher<'r> {
        Patcher {
            registry,
            tolerance: Tolerance::STRICT,
            reject_unknown: false,
        }
    }

    /// A strict patcher over the core schemas ([`SchemaRegistry::core_ref`]).
    pub fn core() -> Patcher<'static> {
        Patcher::new(SchemaRegistry::core_ref())
    }

    /// Accepts the departures from RFC 7644 that `tolerance` switches on.
    ///
    /// Defaults to [`Tolerance::STRICT`].
    pub fn with_tolerance(mut self, tolerance: Tolerance) -> Patcher<'r> {
        self.tolerance = tolerance;
        self
    }

    /// Rejects attributes (and sub-attributes of known complex attributes)
    /// that the resource's schemas do not define, with `invalidPath`, when
    /// the registry knows those schemas.
    ///
    /// Defaults to off: unknown attributes are kept, untyped.
    pub fn reject_unknown_attributes(mut self, on: bool) -> Patcher<'r> {
        self.reject_unknown = on;
        self
    }

    /// The tolerance in use.
    pub fn tolerance(&self) -> Tolerance {
        self.tolerance
    }

    /// The registry in use.
    pub fn registry(&self) -> &'r SchemaRegistry {
        self.registry
    }

    /// Applies every operation of `patch` to `resource`, in order, all or
    /// nothing.
    ///
    /// # Errors
    ///
    /// A [`PatchError`] naming the first operation that cannot be applied;
    /// `resource` is then left exactly as it was. An operation whose value
    /// nests deeper than [`MAX_VALUE_DEPTH`](Self::MAX_VALUE_DEPTH) fails
    /// with [`PatchErrorKind::TooDeep`]. A patch without operations fails
    /// with [`PatchErrorKind::NoOperations`] (`invalidValue`): RFC 7644
    /// §3.5.2 asks for one or more. (A [`diff`] of two equal resources is
    /// such a patch: there is nothing to send.)
    pub fn apply(&self, resource: &mut Value, patch: &PatchOp) -> Result<PatchReport, PatchError> {
        if patch.operations.is_empty() {
            return Err(PatchError::new(0, "", None, PatchErrorKind::NoOperations));
        }
        let mut run = apply::Run::new(
            doc::Doc::new(resource),
            self.registry,
            self.tolerance,
            self.reject_unknown,
        );
        for (index, op) in patch.operations.iter().enumerate() {
            run.index = index;
            if let Err(kind) = run.op(op) {
                run.doc.rollback_to(0);
                return Err(PatchError::new(
                    index,
                    op.op.as_str(),
                    op.path.as_deref(),
                    kind,
                ));
            }
        }
        Ok(PatchReport {
            coercions: run.coercions,
            changed: run.doc.changed(),
        })
    }

    /// Applies `patch` to a typed resource ([`User`](crate::User),
    /// [`Group`](crate::Group), …) through its JSON form; on error the
    /// resource is unchanged.
    ///
    /// ```
    /// use scim_core::patch::Patcher;
    /// use scim_core::{PatchOp, PatchOperation, User};
    /// use serde_json::json;
    ///
    /// let mut user: User = scim_core::from_str(r#"{"userName": "bjensen"}"#)?;
    /// let patch = PatchOp::new(vec![PatchOperation::replace("name.givenName", json!("Barbara"))]);
    /// Patcher::core().apply_to(&mut user, &patch)?;
    /// assert_eq!(user.name.unwrap().given_name.as_deref(), Some("Barbara"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`PatchError`] as for [`apply`](Self::apply), and one of kind
    /// [`PatchErrorKind::Typed`] (`invalidValue`) if the patched JSON no
    /// longer reads as `T`.
    pub fn apply_to<T>(&self, resource: &mut T, patch: &PatchOp) -> Result<PatchReport, PatchError>
    where
        T: Serialize + DeserializeOwned,
    {
        let last = patch.operations.len().saturating_sub(1);
        let typed_error =
            |detail: String| PatchError::new(last, "", None, PatchErrorKind::Typed(detail));
        let mut value = serde_json::to_value(&*resource).map_err(|e| typed_error(e.to_string()))?;
        let report = self.apply(&mut value, patch)?;
        if report.changed() {
            *resource = crate::from_value(value).map_err(|e| typed_error(e.to_string()))?;
        }
        Ok(report)
    }
}
