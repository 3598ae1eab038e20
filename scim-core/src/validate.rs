//! Checking a resource against its schemas (RFC 7643 §2, §3, §7).
//!
//! A [`Validator`] looks at a resource as JSON (a [`serde_json::Value`];
//! for a typed resource use `serde_json::to_value`), finds its schemas in a
//! [`SchemaRegistry`] through its `schemas` attribute, and reports every
//! problem it finds, each naming the attribute path and the `scimType` a
//! service provider answers with (RFC 7644 §3.12).
//!
//! ```
//! use scim_core::validate::{Mode, ReadOnlyPolicy, Validator};
//! use scim_core::{SchemaRegistry, ScimType};
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::core();
//! let body = json!({
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!     "id": "2819c223",
//!     "name": {"givenName": 7},
//!     "emails": [{"value": "a@example.com", "primary": "yes"}]
//! });
//!
//! let errors = Validator::new(&registry)
//!     .mode(Mode::Request)
//!     .read_only(ReadOnlyPolicy::Report)
//!     .validate(&body)
//!     .unwrap_err();
//! let mut found: Vec<(&str, ScimType)> = errors.iter().map(|e| (e.path(), e.scim_type())).collect();
//! found.sort_by_key(|(path, _)| *path);
//! assert_eq!(found, [
//!     ("emails[0].primary", ScimType::InvalidValue), // not a boolean
//!     ("id", ScimType::Mutability),                  // read-only, sent by a client
//!     ("name.givenName", ScimType::InvalidValue),    // not a string
//!     ("userName", ScimType::InvalidValue),          // required, missing
//! ]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The rules
//!
//! * **`schemas`** is required (when absent or empty, a missing required
//!   attribute, `invalidValue`), lists at least one resource schema (one
//!   that is not an extension), lists every extension whose object is
//!   present, and names only registered schemas (unless
//!   [`allow_unknown_schemas`](Validator::allow_unknown_schemas)). These
//!   inconsistencies are `invalidSyntax`. Schema URNs compare ignoring case.
//! * **Required attributes** must have a value: not absent, `null`, `""`,
//!   `[]` or `{}`. A read-only required attribute (`id`) is only asked of
//!   responses; a required sub-attribute only when its parent has a value.
//! * **Types**: `string`, `reference` and `dateTime` (which must also parse)
//!   are JSON strings, `binary` is a base64 string (standard or URL-safe
//!   alphabet, padding optional, RFC 7643 §2.3.6), `boolean` a JSON boolean,
//!   `decimal` a number, `integer` a number without fraction or exponent,
//!   `complex` an object. A multi-valued attribute is an array (RFC 7643
//!   §2.4); a lone value is an error unless
//!   [`allow_single_values`](Validator::allow_single_values). `null` means
//!   unassigned and is always accepted (§2.5).
//! * **`primary`** is `true` on at most one value of a multi-valued
//!   attribute (§2.4).
//! * **Canonical values** are mostly suggestions in RFC 7643 ("service
//!   providers MAY choose other values"), so they are enforced only for the
//!   paths declared closed. By default those are Group `members.type`
//!   (`User`, `Group`: a member is a SCIM resource, and these are the
//!   resource types that can be members) and User `groups.type` (`direct`,
//!   `indirect`: assigned by the service provider, which has no other kind
//!   of membership). Comparison ignores case unless the attribute is
//!   `caseExact`.
//! * **Mutability**: in [`Mode::Request`] (what a service provider checks on
//!   POST and PUT), a read-only attribute (`id`, `meta`, `groups`,
//!   `manager.displayName`, …) is by default ([`ReadOnlyPolicy::Strip`]) left
//!   out of the checks and removed by [`Validator::validate_mut`], as RFC 7644
//!   §3.5.1 has a service provider ignore such values; with
//!   [`ReadOnlyPolicy::Report`] each is reported as `mutability`.
//!   [`Mode::Response`] accepts read-only attributes and checks them.
//!   `immutable` attributes cannot be judged without the stored resource and
//!   are not checked.
//! * **Unknown attributes** (not in the resource's schemas) are accepted by
//!   default, so nothing a peer sends is rejected for being new; with
//!   [`report_unknown_attributes`](Validator::report_unknown_attributes) they
//!   are `invalidSyntax`. Their values are not looked into.
//! * Two spellings of one attribute in one object (`userName` and
//!   `USERNAME`) are `invalidSyntax`.
//!
//! The walk never goes deeper than a schema does (an attribute and its
//! sub-attributes), and stops after [`max_errors`](Validator::max_errors)
//! problems.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::schema::{Attribute, AttributeType, Mutability, Schema, SchemaRegistry, urn};
use crate::{DateTime, ScimType};

/// What kind of message the resource is, which decides how read-only
/// attributes are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// A resource sent by a client (POST, PUT): read-only attributes are
    /// not the client's to send, and required read-only attributes (`id`)
    /// are not expected.
    #[default]
    Request,
    /// A resource returned by a service provider: read-only attributes are
    /// expected, and required ones (`id`) must be there.
    Response,
}

/// What [`Mode::Request`] does with read-only attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ReadOnlyPolicy {
    /// Report each as a [`ValidationErrorKind::ReadOnly`] (`mutability`).
    Report,
    /// Ignore them, as RFC 7644 §3.5.1 has a service provider do: they are
    /// not checked, and [`Validator::validate_mut`] removes them.
    #[default]
    Strip,
}

/// What is wrong with one attribute; see [`ValidationError`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// The resource is not a JSON object.
    #[error("a resource must be a JSON object, found {found}")]
    NotAnObject {
        /// The JSON kind found, for example `an array`.
        found: &'static str,
    },
    /// A required attribute has no value.
    #[error("required attribute has no value")]
    Missing,
    /// The value has the wrong JSON type for the attribute.
    #[error("expected {expected}, found {found}")]
    WrongType {
        /// What the attribute's type asks for, for example `a boolean`.
        expected: &'static str,
        /// The JSON kind found, for example `a string`.
        found: &'static str,
    },
    /// A `dateTime` attribute holds a string that is not a date and time.
    #[error("`{value}` is not a dateTime such as 2008-01-23T04:56:22Z")]
    InvalidDateTime {
        /// The string found.
        value: String,
    },
    /// A `binary` attribute holds a string that is not base64.
    #[error("not base64-encoded binary data")]
    InvalidBinary,
    /// A value outside the canonical values of a closed attribute.
    #[error("`{value}` is not one of the allowed values {allowed:?}")]
    NotCanonical {
        /// The value found.
        value: String,
        /// The canonical values of the attribute.
        allowed: Vec<String>,
    },
    /// A second value marked `"primary": true` in one multi-valued
    /// attribute.
    #[error("more than one value is primary")]
    MultiplePrimary,
    /// A read-only attribute in a request.
    #[error("attribute is read-only")]
    ReadOnly,
    /// An attribute none of the resource's schemas defines.
    #[error("attribute is not defined by the resource's schemas")]
    UnknownAttribute,
    /// The same attribute twice in one object, spelled differently.
    #[error("attribute appears more than once (names ignore case)")]
    DuplicateAttribute,
    /// `schemas` names no resource schema (only extensions), or not the one
    /// the validator expects.
    #[error("`schemas` does not list {}", expected.as_deref().unwrap_or("a resource schema"))]
    MissingResourceSchema {
        /// The resource schema the validator expected, if one was set.
        expected: Option<String>,
    },
    /// An extension object whose schema URN `schemas` does not list.
    #[error("extension is present but not listed in `schemas`")]
    UnlistedExtension,
    /// `schemas` lists a schema the registry does not know.
    #[error("unknown schema `{urn}`")]
    UnknownSchema {
        /// The URN listed.
        urn: String,
    },
}

impl ValidationErrorKind {
    /// The `scimType` a service provider reports for this problem.
    pub fn scim_type(&self) -> ScimType {
        use ValidationErrorKind as K;
        match self {
            K::ReadOnly => ScimType::Mutability,
            K::NotAnObject { .. }
            | K::UnknownAttribute
            | K::DuplicateAttribute
            | K::MissingResourceSchema { .. }
            | K::UnlistedExtension
            | K::UnknownSchema { .. } => ScimType::InvalidSyntax,
            K::Missing
            | K::WrongType { .. }
            | K::InvalidDateTime { .. }
            | K::InvalidBinary
            | K::NotCanonical { .. }
            | K::MultiplePrimary => ScimType::InvalidValue,
        }
    }
}

/// One problem found in a resource: the attribute path and what is wrong.
///
/// The path uses the schema's spelling of known attributes and the input's
/// spelling of unknown ones, 0-based indexes into multi-valued attributes,
/// and the schema URN for extension attributes:
/// `emails[1].primary`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
/// Problems with the resource as a whole have an empty path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", Self::render(.path, .kind))]
pub struct ValidationError {
    path: String,
    kind: ValidationErrorKind,
}

impl ValidationError {
    fn render(path: &str, kind: &ValidationErrorKind) -> String {
        if path.is_empty() {
            kind.to_string()
        } else {
            format!("`{path}`: {kind}")
        }
    }

    /// The attribute path, empty for the resource as a whole.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn kind(&self) -> &ValidationErrorKind {
        &self.kind
    }

    /// The `scimType` a service provider reports for this problem.
    pub fn scim_type(&self) -> ScimType {
        self.kind.scim_type()
    }
}

/// Every problem [`Validator::validate`] found, in document order (checks of
/// `schemas` and missing required attributes come after the walk).
///
/// Never empty. At most [`Validator::max_errors`] are kept;
/// [`is_truncated`](Self::is_truncated) says whether more were found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct ValidationErrors {
    errors: Vec<ValidationError>,
    truncated: bool,
}

impl ValidationErrors {
    fn render(&self) -> String {
        let mut out = match self.errors.len() {
            1 => String::from("invalid resource: "),
            n => format!("invalid resource, {n} problems: "),
        };
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            out.push_str(&e.to_string());
        }
        if self.truncated {
            out.push_str("; and more");
        }
        out
    }

    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, ValidationError> {
        self.errors.iter()
    }

    /// How many problems are kept.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always `false`: a `ValidationErrors` holds at least one problem.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether the walk stopped at [`Validator::max_errors`], so that more
    /// problems may have gone unreported.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The first problem.
    pub fn first(&self) -> Option<&ValidationError> {
        self.errors.first()
    }

    /// The `scimType` to report for the whole resource: the first
    /// problem's.
    pub fn scim_type(&self) -> ScimType {
        self.errors
            .first()
            .map_or(ScimType::InvalidValue, ValidationError::scim_type)
    }

    /// The problems, as a vector.
    pub fn into_vec(self) -> Vec<ValidationError> {
        self.errors
    }
}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a ValidationError;
    type IntoIter = std::slice::Iter<'a, ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl IntoIterator for ValidationErrors {
    type Item = ValidationError;
    type IntoIter = std::vec::IntoIter<ValidationError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

/// The canonical-value paths closed by default; see the module docs.
const DEFAULT_CLOSED: [&str; 2] = ["members.type", "groups.type"];

/// Checks resources against the schemas of a [`SchemaRegistry`].
///
/// Built once with the setters below and reused; see the [module
/// documentation](self) for the rules and an example.
#[derive(Clone, Debug)]
pub struct Validator<'r> {
    registry: &'r SchemaRegistry,
    mode: Mode,
    read_only: ReadOnlyPolicy,
    report_unknown: bool,
    allow_unknown_schemas: bool,
    allow_single_values: bool,
    closed: Vec<String>,
    extensions: Vec<String>,
    expected: Option<String>,
    max_errors: usize,
}

impl<'r> Validator<'r> {
    /// A validator over `registry` with the defaults each setter names.
    pub fn new(registry: &'r SchemaRegistry) -> Validator<'r> {
        Validator {
            registry,
            mode: Mode::Request,
            read_only: ReadOnlyPolicy::Strip,
            report_unknown: false,
            allow_unknown_schemas: false,
            allow_single_values: false,
            closed: DEFAULT_CLOSED.iter().map(|p| (*p).to_owned()).collect(),
            extensions: vec![urn::ENTERPRISE_USER.to_owned()],
            expected: None,
            max_errors: 32,
        }
    }

    /// Whether the resource is a request or a response body.
    ///
    /// Defaults to [`Mode::Request`].
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// What [`Mode::Request`] does with read-only attributes.
    ///
    /// Defaults to [`ReadOnlyPolicy::Strip`]: a service provider ignores the
    /// read-only values (`id`, `meta`, …) a client sends (RFC 7644 §3.5.1),
    /// and clients commonly send back what they read. Choose
    /// [`ReadOnlyPolicy::Report`] to check what a client is about to send.
    pub fn read_only(mut self, policy: ReadOnlyPolicy) -> Self {
        self.read_only = policy;
        self
    }

    /// Whether attributes the schemas do not define are reported.
    ///
    /// Defaults to `false`: they are accepted and kept.
    pub fn report_unknown_attributes(mut self, report: bool) -> Self {
        self.report_unknown = report;
        self
    }

    /// Whether `schemas` may list schemas the registry does not know (their
    /// extension objects are then not checked).
    ///
    /// Defaults to `false`: each is reported.
    pub fn allow_unknown_schemas(mut self, allow: bool) -> Self {
        self.allow_unknown_schemas = allow;
        self
    }

    /// Whether a multi-valued attribute may be given as a lone value instead
    /// of an array, as some peers do (`"emails": {"value": …}`).
    ///
    /// Defaults to `false`: RFC 7643 §2.4 makes it an array.
    pub fn allow_single_values(mut self, allow: bool) -> Self {
        self.allow_single_values = allow;
        self
    }

    /// Enforces the canonical values of the attribute at `path` (for example
    /// `emails.type`, or
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter`).
    /// Without a URN the path matches that name in any schema.
    ///
    /// Defaults to `members.type` and `groups.type`; see the module docs.
    pub fn close_canonical_values(mut self, path: impl Into<String>) -> Self {
        self.closed.push(path.into());
        self
    }

    /// Enforces no canonical values, including the default ones; paths
    /// closed afterwards are enforced.
    pub fn open_canonical_values(mut self) -> Self {
        self.closed.clear();
        self
    }

    /// Treats the schema `urn` as an extension: it cannot stand as the
    /// resource's own schema in `schemas`.
    ///
    /// Defaults to the enterprise User extension. An extension whose
    /// object is present is always recognised as one.
    pub fn extension_schema(mut self, urn: impl Into<String>) -> Self {
        self.extensions.push(urn.into());
        self
    }

    /// Requires `schemas` to list this resource schema, for example the
    /// User schema on `/Users`.
    ///
    /// Defaults to none: any listed schema that is not an extension will do.
    pub fn expect_schema(mut self, urn: impl Into<String>) -> Self {
        self.expected = Some(urn.into());
        self
    }

    /// The most problems reported for one resource; the walk stops there.
    ///
    /// Defaults to 32. At least 1.
    pub fn max_errors(mut self, max: usize) -> Self {
        self.max_errors = max.max(1);
        self
    }

    /// Checks `resource`, collecting every problem up to
    /// [`max_errors`](Self::max_errors).
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] when at least one problem was found.
    pub fn validate(&self, resource: &Value) -> Result<(), ValidationErrors> {
        let mut sink = Sink::new(self.max_errors);
        self.check_resource(resource, &mut sink);
        sink.finish()
    }

    /// [`validate`](Self::validate), after removing the read-only
    /// attributes and sub-attributes from `resource` when the mode is
    /// [`Mode::Request`] and the policy [`ReadOnlyPolicy::Strip`];
    /// otherwise `resource` is left as it is. Attributes are removed even
    /// when other problems are found.
    ///
    /// ```
    /// use scim_core::validate::{ReadOnlyPolicy, Validator};
    /// use serde_json::json;
    ///
    /// let registry = scim_core::SchemaRegistry::core();
    /// let mut body = json!({
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    ///     "id": "2819c223",
    ///     "userName": "bjensen",
    ///     "meta": {"resourceType": "User"},
    ///     "groups": [{"value": "e9e30dba"}]
    /// });
    /// Validator::new(&registry).read_only(ReadOnlyPolicy::Strip).validate_mut(&mut body)?;
    /// assert_eq!(body, json!({
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    ///     "userName": "bjensen"
    /// }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ValidationErrors`] when at least one problem was found.
    pub fn validate_mut(&self, resource: &mut Value) -> Result<(), ValidationErrors> {
        if self.strips() {
            self.strip(resource);
        }
        self.validate(resource)
    }

    fn strips(&self) -> bool {
        self.mode == Mode::Request && self.read_only == ReadOnlyPolicy::Strip
    }

    // ----- the walk -----

    fn check_resource(&self, resource: &Value, sink: &mut Sink) {
        let Some(obj) = resource.as_object() else {
            sink.push(
                String::new(),
                ValidationErrorKind::NotAnObject {
                    found: json_kind(resource),
                },
            );
            return;
        };
        let plan = self.plan(obj);

        let mut seen = Names::default();
        for (key, value) in obj {
            if sink.is_full() {
                return;
            }
            if seen.is_duplicate(key) {
                sink.push(key.clone(), ValidationErrorKind::DuplicateAttribute);
                continue;
            }
            if plan.is_extension_key(key) {
                self.check_extension(&plan, key, value, sink);
                continue;
            }
            match self.top_level(&plan, key) {
                Some((schema, attr)) => {
                    let at = At {
                        schema,
                        top: &attr.name,
                        sub: None,
                    };
                    self.check_attribute(attr.name.clone(), at, attr, value, true, sink);
                }
                None => self.unknown(key.clone(), sink),
            }
        }

        self.check_schemas(&plan, obj, sink);

        // Required attributes of the common attributes and resource schemas.
        for attr in self.registry.common_attributes() {
            if attr.name != "schemas" {
                self.require(obj, "", attr, sink);
            }
        }
        for schema in &plan.core {
            for attr in &schema.attributes {
                self.require(obj, "", attr, sink);
            }
        }
    }

    /// Resolves a top-level key of the resource: a common attribute, or an
    /// attribute of one of its resource schemas.
    fn top_level<'p>(&self, plan: &Plan<'p>, key: &str) -> Option<(Option<&'p str>, &'p Attribute)>
    where
        'r: 'p,
    {
        if let Some(a) = self.registry.common_attribute(key) {
            return Some((None, a));
        }
        plan.core
            .iter()
            .find_map(|s| s.attribute(key).map(|a| (Some(s.id.as_str()), a)))
    }

    fn check_extension(&self, plan: &Plan<'_>, key: &str, value: &Value, sink: &mut Sink) {
        if !plan.listed.iter().any(|u| u.eq_ignore_ascii_case(key)) {
            sink.push(key.to_owned(), ValidationErrorKind::UnlistedExtension);
        }
        let Some(schema) = self.registry.get(key) else {
            // Unknown schemas are reported where `schemas` lists them.
            return;
        };
        if value.is_null() {
            return;
        }
        let Some(ext) = value.as_object() else {
            sink.push(
                schema.id.clone(),
                ValidationErrorKind::WrongType {
                    expected: "an object",
                    found: json_kind(value),
                },
            );
            return;
        };
        let prefix = format!("{}:", schema.id);
        let at = |attr: &'r Attribute| At {
            schema: Some(&schema.id),
            top: &attr.name,
            sub: None,
        };
        self.check_members(ext, &prefix, &schema.attributes, at, true, sink);
    }

    fn check_schemas(&self, plan: &Plan<'_>, obj: &Map<String, Value>, sink: &mut Sink) {
        // A missing or empty `schemas` is reported as a missing required
        // attribute; the rest only makes sense when some are listed.
        if plan.listed.is_empty() {
            let schemas = self.registry.common_attribute("schemas");
            if let Some(attr) = schemas {
                self.require(obj, "", attr, sink);
            }
            return;
        }
        if !self.allow_unknown_schemas {
            for (i, u) in plan.listed.iter().enumerate() {
                if self.registry.get(u).is_none() {
                    sink.push(
                        format!("schemas[{i}]"),
                        ValidationErrorKind::UnknownSchema {
                            urn: (*u).to_owned(),
                        },
                    );
                }
            }
        }
        match &self.expected {
            Some(expected) => {
                if !plan.listed.iter().any(|u| u.eq_ignore_ascii_case(expected)) {
                    sink.push(
                        "schemas".to_owned(),
                        ValidationErrorKind::MissingResourceSchema {
                            expected: Some(expected.clone()),
                        },
                    );
                }
            }
            None => {
                if !plan.has_resource_schema {
                    sink.push(
                        "schemas".to_owned(),
                        ValidationErrorKind::MissingResourceSchema { expected: None },
                    );
                }
            }
        }
    }

    /// Checks one attribute's value; `top` says whether sub-attributes may
    /// follow (the walk goes no deeper than attribute.sub-attribute).
    fn check_attribute(
        &self,
        path: String,
        at: At<'_>,
        attr: &Attribute,
        value: &Value,
        top: bool,
        sink: &mut Sink,
    ) {
        if value.is_null() {
            return;
        }
        if self.mode == Mode::Request && attr.mutability() == Mutability::ReadOnly {
            if self.read_only == ReadOnlyPolicy::Report {
                sink.push(path, ValidationErrorKind::ReadOnly);
            }
            return;
        }
        if attr.is_multi_valued() {
            match value.as_array() {
                Some(items) => {
                    let mut primary_seen = false;
                    for (i, item) in items.iter().enumerate() {
                        if sink.is_full() {
                            return;
                        }
                        let item_path = format!("{path}[{i}]");
                        if item.is_null() {
                            sink.push(
                                item_path,
                                ValidationErrorKind::WrongType {
                                    expected: expected_single(attr),
                                    found: "null",
                                },
                            );
                            continue;
                        }
                        if is_primary(item) && attr.attribute_type() == AttributeType::Complex {
                            if primary_seen {
                                let p = format!("{item_path}.primary");
                                sink.push(p, ValidationErrorKind::MultiplePrimary);
                            }
                            primary_seen = true;
                        }
                        self.check_single(item_path, at, attr, item, top, sink);
                    }
                }
                None if self.allow_single_values => {
                    self.check_single(path, at, attr, value, top, sink);
                }
                None => sink.push(
                    path,
                    ValidationErrorKind::WrongType {
                        expected: "an array",
                        found: json_kind(value),
                    },
                ),
            }
        } else {
            self.check_single(path, at, attr, value, top, sink);
        }
    }

    fn check_single(
        &self,
        path: String,
        at: At<'_>,
        attr: &Attribute,
        value: &Value,
        top: bool,
        sink: &mut Sink,
    ) {
        let ty = attr.attribute_type();
        let ok = match (&ty, value) {
            (AttributeType::String | AttributeType::Reference, Value::String(_)) => true,
            (AttributeType::Boolean, Value::Bool(_)) => true,
            (AttributeType::Decimal, Value::Number(_)) => true,
            (AttributeType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (AttributeType::DateTime, Value::String(s)) => {
                if s.parse::<DateTime>().is_err() {
                    sink.push(
                        path,
                        ValidationErrorKind::InvalidDateTime {
                            value: s.chars().take(64).collect(),
                        },
                    );
                    return;
                }
                true
            }
            (AttributeType::Binary, Value::String(s)) => {
                if !is_base64(s) {
                    sink.push(path, ValidationErrorKind::InvalidBinary);
                    return;
                }
                true
            }
            (AttributeType::Complex, Value::Object(obj)) => {
                if top {
                    self.check_complex(&path, at, attr, obj, sink);
                }
                true
            }
            // A type this crate does not know: anything goes.
            (AttributeType::Other(_), _) => true,
            _ => false,
        };
        if !ok {
            sink.push(
                path,
                ValidationErrorKind::WrongType {
                    expected: expected_single(attr),
                    found: json_kind(value),
                },
            );
            return;
        }
        if let Value::String(s) = value {
            self.check_canonical(path, at, attr, s, sink);
        }
    }

    fn check_complex<'a>(
        &self,
        path: &str,
        at: At<'a>,
        attr: &'a Attribute,
        obj: &Map<String, Value>,
        sink: &mut Sink,
    ) {
        let prefix = format!("{path}.");
        let sub_at = |sub: &'a Attribute| At {
            sub: Some(&sub.name),
            ..at
        };
        self.check_members(obj, &prefix, &attr.sub_attributes, sub_at, false, sink);
    }

    /// Checks the members of an object against the attributes that may
    /// stand in it (an extension's attributes, or a complex attribute's
    /// sub-attributes): case-variant duplicates, unknown names, each known
    /// member's value (`top` as for `check_attribute`), then the required
    /// attributes. Paths are `prefix` and the name.
    fn check_members<'a>(
        &self,
        obj: &Map<String, Value>,
        prefix: &str,
        attributes: &'a [Attribute],
        at: impl Fn(&'a Attribute) -> At<'a>,
        top: bool,
        sink: &mut Sink,
    ) {
        let mut seen = Names::default();
        for (name, v) in obj {
            if sink.is_full() {
                return;
            }
            if seen.is_duplicate(name) {
                sink.push(
                    format!("{prefix}{name}"),
                    ValidationErrorKind::DuplicateAttribute,
                );
                continue;
            }
            match attributes
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(name))
            {
                Some(attr) => {
                    let path = format!("{prefix}{}", attr.name);
                    self.check_attribute(path, at(attr), attr, v, top, sink);
                }
                None => self.unknown(format!("{prefix}{name}"), sink),
            }
        }
        for attr in attributes {
            self.require(obj, prefix, attr, sink);
        }
    }

    fn check_canonical(
        &self,
        path: String,
        at: At<'_>,
        attr: &Attribute,
        s: &str,
        sink: &mut Sink,
    ) {
        if attr.canonical_values.is_empty() || !self.is_closed(at) {
            return;
        }
        let exact = attr.is_case_exact();
        let allowed = attr.canonical_values.iter().any(|c| match c.as_str() {
            Some(c) if exact => c == s,
            Some(c) => c.eq_ignore_ascii_case(s),
            None => false,
        });
        if !allowed {
            sink.push(
                path,
                ValidationErrorKind::NotCanonical {
                    value: s.chars().take(64).collect(),
                    allowed: attr
                        .canonical_values
                        .iter()
                        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned))
                        .collect(),
                },
            );
        }
    }

    fn is_closed(&self, at: At<'_>) -> bool {
        self.closed.iter().any(|p| {
            let (urn, rest) = crate::schema::split_urn(p);
            let (name, sub) = match rest.split_once('.') {
                Some((n, s)) => (n, Some(s)),
                None => (rest, None),
            };
            let urn_ok = match (urn, at.schema) {
                (None, _) => true,
                (Some(u), Some(s)) => u.eq_ignore_ascii_case(s),
                (Some(_), None) => false,
            };
            let sub_ok = match (sub, at.sub) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            };
            urn_ok && sub_ok && name.eq_ignore_ascii_case(at.top)
        })
    }

    /// Reports `attr` as missing from `obj` when it is required there.
    fn require(&self, obj: &Map<String, Value>, prefix: &str, attr: &Attribute, sink: &mut Sink) {
        if !attr.is_required() || sink.is_full() {
            return;
        }
        let applies = match attr.mutability() {
            Mutability::ReadOnly => self.mode == Mode::Response,
            Mutability::WriteOnly => self.mode == Mode::Request,
            _ => true,
        };
        if !applies {
            return;
        }
        let present = obj
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case(&attr.name) && has_value(v));
        if !present {
            sink.push(
                format!("{prefix}{}", attr.name),
                ValidationErrorKind::Missing,
            );
        }
    }

    fn unknown(&self, path: String, sink: &mut Sink) {
        if self.report_unknown {
            sink.push(path, ValidationErrorKind::UnknownAttribute);
        }
    }

    /// Reads `schemas` and sorts the listed schemas into resource schemas
    /// and extensions.
    fn plan<'p>(&self, obj: &'p Map<String, Value>) -> Plan<'p>
    where
        'r: 'p,
    {
        let mut listed: Vec<&'p str> = Vec::new();
        for (k, v) in obj {
            if k.eq_ignore_ascii_case("schemas") {
                match v {
                    Value::Array(items) => listed.extend(items.iter().filter_map(Value::as_str)),
                    Value::String(s) if self.allow_single_values => listed.push(s),
                    _ => {}
                }
            }
        }
        let is_key = |u: &str| obj.keys().any(|k| k.eq_ignore_ascii_case(u));
        let is_extension =
            |u: &str| is_key(u) || self.extensions.iter().any(|e| e.eq_ignore_ascii_case(u));
        let resource_schemas: Vec<&str> = match &self.expected {
            Some(e) => listed
                .iter()
                .copied()
                .filter(|u| u.eq_ignore_ascii_case(e))
                .collect(),
            None => listed
                .iter()
                .copied()
                .filter(|u| !is_extension(u))
                .collect(),
        };
        let mut core: Vec<&'p Schema> = Vec::new();
        for u in &resource_schemas {
            if let Some(s) = self.registry.get(u) {
                if !core.iter().any(|c| c.id == s.id) {
                    core.push(s);
                }
            }
        }
        let mut extension_keys = Vec::new();
        for k in obj.keys() {
            let is_urn = k.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
            let is_core = core.iter().any(|s| s.id.eq_ignore_ascii_case(k));
            if (is_urn || self.registry.get(k).is_some()) && !is_core {
                extension_keys.push(k.as_str());
            }
        }
        Plan {
            has_resource_schema: !resource_schemas.is_empty(),
            listed,
            core,
            extension_keys,
        }
    }

    // ----- stripping read-only attributes -----

    fn strip(&self, resource: &mut Value) {
        let Some(obj) = resource.as_object() else {
            return;
        };
        let plan = self.plan(obj);
        let mut top: Vec<Removal> = Vec::new();
        let mut ext: Vec<(String, Vec<Removal>)> = Vec::new();
        for (key, value) in obj {
            if plan.is_extension_key(key) {
                let (Some(schema), Some(inner)) = (self.registry.get(key), value.as_object())
                else {
                    continue;
                };
                let removals: Vec<Removal> = inner
                    .iter()
                    .filter_map(|(k, v)| schema.attribute(k).and_then(|a| removal(k, a, v)))
                    .collect();
                if !removals.is_empty() {
                    ext.push((key.clone(), removals));
                }
            } else if let Some((_, attr)) = self.top_level(&plan, key) {
                top.extend(removal(key, attr, value));
            }
        }
        let Some(obj) = resource.as_object_mut() else {
            return;
        };
        apply_removals(obj, top);
        for (key, removals) in ext {
            if let Some(inner) = obj.get_mut(&key).and_then(Value::as_object_mut) {
                apply_removals(inner, removals);
            }
        }
    }
}

/// What to remove for one attribute: all of it, or some sub-attributes.
struct Removal {
    key: String,
    subs: Vec<String>,
}

fn removal(key: &str, attr: &Attribute, value: &Value) -> Option<Removal> {
    if attr.mutability() == Mutability::ReadOnly {
        return Some(Removal {
            key: key.to_owned(),
            subs: Vec::new(),
        });
    }
    if attr.attribute_type() != AttributeType::Complex {
        return None;
    }
    let objects: Vec<&Map<String, Value>> = match value {
        Value::Object(o) => vec![o],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    };
    let mut subs: Vec<String> = Vec::new();
    for o in objects {
        for k in o.keys() {
            let read_only = attr
                .sub_attribute(k)
                .is_some_and(|s| s.mutability() == Mutability::ReadOnly);
            if read_only && !subs.contains(k) {
                subs.push(k.clone());
            }
        }
    }
    (!subs.is_empty()).then(|| Removal {
        key: key.to_owned(),
        subs,
    })
}

fn apply_removals(obj: &mut Map<String, Value>, removals: Vec<Removal>) {
    for r in removals {
        if r.subs.is_empty() {
            obj.remove(&r.key);
            continue;
        }
        match obj.get_mut(&r.key) {
            Some(Value::Object(o)) => {
                for s in &r.subs {
                    o.remove(s);
                }
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    for s in &r.subs {
                        item.remove(s);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The schemas of one resource, as its `schemas` attribute and its keys
/// say.
struct Plan<'p> {
    /// The URNs `schemas` lists, as spelled.
    listed: Vec<&'p str>,
    /// The registered resource (non-extension) schemas listed.
    core: Vec<&'p Schema>,
    /// Whether any listed schema can be the resource's own.
    has_resource_schema: bool,
    /// Top-level keys that are schema URNs, holding extension objects.
    extension_keys: Vec<&'p str>,
}

impl Plan<'_> {
    fn is_extension_key(&self, key: &str) -> bool {
        self.extension_keys.contains(&key)
    }
}

/// Where an attribute sits, for matching closed canonical-value paths.
#[derive(Clone, Copy)]
struct At<'a> {
    schema: Option<&'a str>,
    top: &'a str,
    sub: Option<&'a str>,
}

/// The names seen so far in one object, to find case-variant duplicates.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn is_duplicate(&mut self, name: &str) -> bool {
        !self.0.insert(name.to_ascii_lowercase())
    }
}

/// Collects problems up to a limit.
struct Sink {
    errors: Vec<ValidationError>,
    max: usize,
    truncated: bool,
}

impl Sink {
    fn new(max: usize) -> Sink {
        Sink {
            errors: Vec::new(),
            max,
            truncated: false,
        }
    }

    fn push(&mut self, path: String, kind: ValidationErrorKind) {
        if self.errors.len() < self.max {
            self.errors.push(ValidationError { path, kind });
        } else {
            self.truncated = true;
        }
    }

    /// Whether the limit is reached; the walk then stops, and the result
    /// is marked truncated.
    fn is_full(&mut self) -> bool {
        let full = self.errors.len() >= self.max;
        self.truncated |= full;
        full
    }

    fn finish(self) -> Result<(), ValidationErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors {
                errors: self.errors,
                truncated: self.truncated,
            })
        }
    }
}

/// Whether a value counts as assigned (RFC 7643 §2.5), for required
/// attributes: not `null`, `""`, `[]` or `{}`.
fn has_value(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn is_primary(item: &Value) -> bool {
    item.as_object().is_some_and(|o| {
        o.iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("primary") && *v == Value::Bool(true))
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn expected_single(attr: &Attribute) -> &'static str {
    match attr.attribute_type() {
        AttributeType::String => "a string",
        AttributeType::Boolean => "a boolean",
        AttributeType::Decimal => "a number",
        AttributeType::Integer => "an integer",
        AttributeType::DateTime => "a dateTime string",
        AttributeType::Binary => "a base64 string",
        AttributeType::Reference => "a reference string",
        AttributeType::Complex => "an object",
        _ => "a value",
    }
}

/// Whether `s` is base64 (RFC 4648 §4, or the URL-safe alphabet of §5, not
/// mixed), with padding optional as RFC 7643 §2.3.6 allows.
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let padding = s.len() - body.len();
    if padding > 2 {
        return false;
    }
    let (mut standard, mut url_safe) = (false, false);
    for b in body.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {}
            b'+' | b'/' => standard = true,
            b'-' | b'_' => url_safe = true,
            _ => return false,
        }
    }
    if standard && url_safe {
        return false;
    }
    if body.len() % 4 == 1 {
        return false;
    }
    padding == 0 || (body.len() + padding) % 4 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_forms() {
        let cases = [
            ("", true),
            ("TWFu", true),
            ("TWE=", true),
            ("TWE", true),
            ("TQ==", true),
            ("TQ", true),
            ("T", false),
            ("TQ===", false),
            ("T=Q=", false),
            ("ab+/", true),
            ("ab-_", true),
            ("a+-b", false),
            ("TWFu\nTWFu", false),
            ("TW Fu", false),
            ("TWE==", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_base64(s), want, "{s:?}");
        }
    }

    #[test]
    fn kinds_map_to_scim_types() {
        assert_eq!(
            ValidationErrorKind::ReadOnly.scim_type(),
            ScimType::Mutability
        );
        assert_eq!(
            ValidationErrorKind::Missing.scim_type(),
            ScimType::InvalidValue
        );
        assert_eq!(
            ValidationErrorKind::UnlistedExtension.scim_type(),
            ScimType::InvalidSyntax
        );
    }
}
