//! Evaluation of filters against resources held as JSON.
//!
//! The rules, and the choices made where RFC 7644 §3.4.2.2 leaves room, are
//! listed on [`Evaluator`].

use std::cmp::Ordering;
use std::fmt;

use serde_json::{Map, Number, Value};

use super::ast::{AttrPath, CompValue, CompareOp, Comparison, Filter};
use crate::datetime::parse_instant;
use crate::error::ScimType;
use crate::message::ScimError;
use crate::schema::{Attribute, AttributeType, Mutability, SchemaRegistry};

/// Decides whether resources match filters, following RFC 7644 §3.4.2.2
/// and the attribute characteristics of a [`SchemaRegistry`].
///
/// [`Filter::matches`] uses the core schemas; build an evaluator over your
/// own registry when resources carry schemas of your own.
///
/// ```
/// use scim_core::Filter;
/// use scim_core::filter::Evaluator;
///
/// let user = serde_json::json!({
///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
///     "id": "2819c223",
///     "userName": "BJensen",
///     "emails": [
///         {"value": "bjensen@example.com", "type": "work"},
///         {"value": "babs@jensen.org", "type": "home"}
///     ],
///     "meta": {"lastModified": "2011-05-13T04:42:34Z"}
/// });
///
/// let evaluator = Evaluator::core();
/// let f: Filter = r#"userName eq "bjensen" and emails[type eq "work" and value co "@example.com"]"#.parse()?;
/// assert!(evaluator.matches(&f, &user)?);
///
/// // `id` is case exact in the core schemas; `userName` is not.
/// assert!(!Filter::parse(r#"id eq "2819C223""#)?.matches(&user)?);
/// // dateTime attributes compare as instants.
/// assert!(Filter::parse(r#"meta.lastModified gt "2011-05-13T06:00:00+02:00""#)?.matches(&user)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Typed resources ([`User`](crate::User), [`Group`](crate::Group), …)
/// are evaluated through their JSON form:
///
/// ```
/// use scim_core::{Filter, User};
///
/// let user: User = scim_core::from_str(r#"{"userName": "bjensen", "active": true}"#)?;
/// let f = Filter::parse("active eq true")?;
/// assert!(f.matches(&serde_json::to_value(&user)?)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Rules
///
/// * **Attribute names** and schema URNs are compared ignoring ASCII case
///   (RFC 7643 §2.1), in the filter and in the resource.
/// * **Where attributes are found.** A path without a URN is looked up at
///   the top level of the resource. A URN-qualified path
///   (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`)
///   is looked up in the member named by the URN (the extension object);
///   if the resource has no such member and the URN is one of its
///   `schemas` (or the resource lists no `schemas`), at the top level, so
///   `urn:ietf:params:scim:schemas:core:2.0:User:userName` is `userName`.
/// * **Types** come from the schema of the attribute, found in the registry
///   from the resource's own `schemas` (see [`SchemaRegistry::attribute`]).
///   Strings compare ignoring case unless the attribute is `caseExact`;
///   attributes the registry does not know compare as case-insensitive
///   strings. Case-insensitive comparison is Unicode's locale-independent
///   simple case folding: each character is lowercased
///   ([`char::to_lowercase`]) and the few variant forms are folded too, so
///   `ΣΊΣΥΦΟΣ` equals `σίσυφος` (final sigma) and `ſ` equals `s`. It is
///   not full case folding (`straße` does not equal `STRASSE`), not
///   Turkish (`ı` is not `i`; `İ` lowercases to `i` with a combining dot),
///   and it does not normalise (`é` precomposed does not equal `e` with a
///   combining accent). Nothing is allocated, and ASCII text takes a
///   byte-wise fast path.
/// * **`gt`, `ge`, `lt`, `le`** order strings lexicographically (by
///   Unicode scalar value, after lowercasing unless `caseExact`), numbers
///   by value and `dateTime`s chronologically.
/// * **`dateTime` attributes** compare as instants: `2011-05-13T04:42:34Z`
///   equals `2011-05-13T06:42:34+02:00`. For `eq`, `ne` and the ordering
///   operators the comparison value must then be a `dateTime`, or
///   evaluation fails with [`EvalError::NotADateTime`]; `co`, `sw` and `ew`
///   compare the text. For attributes the registry does not know, a
///   comparison value that reads as a `dateTime` compares as an instant
///   with every resource value that also reads as one, and as text with
///   the others.
/// * **Numbers** compare by value: `7` equals `7.0`.
/// * **Booleans and binary** attributes (by schema), and the values
///   `true`, `false` and `null`, take only `eq` and `ne`; any other
///   operator is an error (RFC 7644 §3.4.2.2 asks for `invalidFilter`).
///   `co`, `sw` and `ew` are substring tests, so they are an error with a
///   number value or on an `integer` or `decimal` attribute too.
/// * **`writeOnly` attributes** such as `password` take only `eq` and `ne`
///   (RFC 7643 §4.1.1: a password may be filtered for equality only).
/// * **Values of another type** never match: `userName eq 7` is false, not
///   an error, and so is `active eq "true"`.
/// * **Multi-valued attributes** match if any value matches; `emails.value`
///   looks at the `value` of every email. A complex attribute compared
///   without a sub-attribute (`emails co "example.com"`, an RFC 7644
///   example) compares its `value` sub-attribute (RFC 7643 §2.4). Any
///   other complex attribute compared without a sub-attribute, such as
///   `name eq "x"` or the single-valued enterprise `manager`, is an error,
///   [`EvalError::ComplexAttribute`]: RFC 7644 §3.4.2.2 says a
///   sub-attribute MUST be given for complex attributes. (For attributes
///   the registry does not know, an object value compares its `value`
///   member.)
/// * **Value paths** (`emails[type eq "work" and value co "@example.com"]`)
///   apply the whole inner filter to one value at a time, so all the
///   conditions hold for the same email. A single complex value (not in an
///   array) counts as one value; inside the brackets, `value` names a
///   simple value itself. A URN written on a path inside the brackets is
///   ignored: those paths are relative to the bracketed attribute.
/// * **Unassigned values.** RFC 7643 §2.5 makes an absent attribute, `null`
///   and an empty array the same state. `pr` is false for those, for `""`
///   and for an object with no present member (RFC 7644: `pr` needs "a
///   non-empty value"). `attr eq null` holds when the attribute is
///   unassigned and `attr ne null` when it is assigned; an empty string is
///   a value, so for `"displayName": ""` both `displayName pr` and
///   `displayName eq null` are false. With a sub-attribute of a
///   multi-valued attribute, the any-value rule applies as for every
///   operator: `emails.type eq null` holds when some email has no `type`
///   (or there is no email), `emails.type ne null` when some email has
///   one. `ne` with any other
///   value is the negation of equality for each value, so an unassigned
///   attribute, or an element that lacks the sub-attribute, is `ne`
///   anything; every other operator is false on them. On a multi-valued
///   attribute, `emails.type ne "work"` holds when some email's type is
///   not `work` (RFC 7644: the filter matches if any value matches the
///   criterion); write `not (emails.type eq "work")` for "no work email".
/// * **Errors do not depend on the data**: a comparison that would fail is
///   reported even when `and`/`or` would not need to evaluate it, so a
///   filter either fails on every resource with the same `schemas` or on
///   none. [`Evaluator::check`] finds those errors without a resource.
#[derive(Clone, Copy, Debug)]
pub struct Evaluator<'r> {
    registry: &'r SchemaRegistry,
    depth_limit: u32,
}

/// Why a filter cannot be evaluated. Every case answers with `scimType`
/// `invalidFilter` (see [`EvalError::scim_type`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// The operator is not defined for the attribute or the value: `gt`
    /// on a boolean, `co` on a number, `lt null`, ….
    #[error("operator `{op}` cannot be used with {operand} (in `{path} {op} …`)")]
    OperatorNotAllowed {
        /// The attribute compared.
        path: AttrPath,
        /// The operator.
        op: CompareOp,
        /// What the operator cannot be used with.
        operand: Operand,
    },
    /// The attribute is a `dateTime`, but the value compared with it is not.
    #[error("`{path}` is a dateTime attribute, but {value} is not a dateTime")]
    NotADateTime {
        /// The attribute compared.
        path: AttrPath,
        /// The value that is not a `dateTime`.
        value: CompValue,
    },
    /// A complex attribute is compared without naming a sub-attribute
    /// (`name eq "x"`), and it is not a multi-valued attribute with a
    /// `value` sub-attribute (like `emails`); RFC 7644 §3.4.2.2 asks for a
    /// sub-attribute (`name.familyName eq "x"`).
    #[error("`{path}` is a complex attribute: compare one of its sub-attributes")]
    ComplexAttribute {
        /// The attribute compared.
        path: AttrPath,
    },
    /// The filter nests deeper than the evaluator's
    /// [depth limit](Evaluator::depth_limit) (only trees built in code can).
    #[error("the filter nests deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: u32,
    },
}

impl EvalError {
    /// The `scimType` a server answers with: always `invalidFilter`.
    pub fn scim_type(&self) -> ScimType {
        ScimType::InvalidFilter
    }
}

impl From<&EvalError> for ScimError {
    /// The answer a server gives to a filter it cannot evaluate: status 400,
    /// `invalidFilter`, and the error as `detail`.
    fn from(err: &EvalError) -> ScimError {
        ScimError::new(400, err.scim_type(), err.to_string())
    }
}

impl From<EvalError> for ScimError {
    /// See the conversion from `&EvalError`.
    fn from(err: EvalError) -> ScimError {
        ScimError::from(&err)
    }
}

/// What an operator was used with, in [`EvalError::OperatorNotAllowed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operand {
    /// An attribute of type `boolean`.
    BooleanAttribute,
    /// An attribute of type `binary`.
    BinaryAttribute,
    /// An attribute of type `integer` or `decimal` (with `co`, `sw`, `ew`).
    NumberAttribute,
    /// The value `true` or `false`.
    BooleanValue,
    /// The value `null`.
    NullValue,
    /// A number value (with `co`, `sw`, `ew`).
    NumberValue,
    /// A `writeOnly` attribute, such as `password`: only `eq` and `ne`
    /// (RFC 7643 §4.1.1 allows filtering a password for equality only).
    WriteOnlyAttribute,
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operand::BooleanAttribute => "a boolean attribute (only `eq` and `ne` are)",
            Operand::BinaryAttribute => "a binary attribute (only `eq` and `ne` are)",
            Operand::NumberAttribute => "a number attribute (substring tests are not)",
            Operand::BooleanValue => "`true` or `false` (only `eq` and `ne` are)",
            Operand::NullValue => "`null` (only `eq` and `ne` are)",
            Operand::NumberValue => "a number (substring tests are not)",
            Operand::WriteOnlyAttribute => "a write-only attribute (only `eq` and `ne` are)",
        })
    }
}

impl Default for Evaluator<'static> {
    /// The same as [`Evaluator::core`].
    fn default() -> Self {
        Evaluator::core()
    }
}

impl<'r> Evaluator<'r> {
    /// The default [depth limit](Self::depth_limit).
    pub const DEFAULT_DEPTH_LIMIT: u32 = 256;

    /// An evaluator that takes attribute characteristics from `registry`.
    pub fn new(registry: &'r SchemaRegistry) -> Evaluator<'r> {
        Evaluator {
            registry,
            depth_limit: Self::DEFAULT_DEPTH_LIMIT,
        }
    }

    /// An evaluator over the core schemas ([`SchemaRegistry::core_ref`]).
    pub fn core() -> Evaluator<'static> {
        Evaluator::new(SchemaRegistry::core_ref())
    }

    /// How deeply `not`, `and`, `or` and value paths may nest before
    /// evaluation fails with [`EvalError::TooDeep`]. Parsed filters never
    /// come near it with the parser's default limits; it guards the stack
    /// against trees built in code.
    ///
    /// Defaults to 256.
    pub const fn depth_limit(mut self, limit: u32) -> Evaluator<'r> {
        self.depth_limit = limit;
        self
    }

    /// The registry attribute characteristics come from.
    pub fn registry(&self) -> &'r SchemaRegistry {
        self.registry
    }

    /// Whether `resource`, a whole resource, matches `filter`. The
    /// resource's own `schemas` attribute tells which schemas apply. A
    /// resource that is not a JSON object matches nothing.
    ///
    /// # Errors
    ///
    /// An [`EvalError`] (`invalidFilter`) if the filter compares in a way
    /// the RFC does not define; see the rules on [`Evaluator`].
    pub fn matches(&self, filter: &Filter, resource: &Value) -> Result<bool, EvalError> {
        let Some(map) = resource.as_object() else {
            self.check_scope(filter, &[] as &[&str], None, false, 0)?;
            return Ok(false);
        };
        with_schemas(map, |schemas| {
            let scope = Scope::Resource(map);
            self.eval(filter, schemas, &scope, 0, &mut Plans::new())
        })
    }

    /// Evaluates a value filter (the part inside `attr[…]`, whose paths are
    /// relative to the multi-valued attribute `parent`) against one
    /// element of that attribute. `resource_schemas` are the schemas of
    /// the resource holding it, used to find the characteristics of
    /// `parent`'s sub-attributes.
    ///
    /// ```
    /// use scim_core::{AttrPath, Filter};
    /// use scim_core::filter::Evaluator;
    /// use scim_core::schema::urn;
    ///
    /// let emails = AttrPath::parse("emails")?;
    /// let f = Filter::parse(r#"type eq "work" and primary eq true"#)?;
    /// let email = serde_json::json!({"value": "bjensen@example.com", "type": "Work", "primary": true});
    /// assert!(Evaluator::core().matches_element(&f, &[urn::USER], &emails, &email)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As for [`matches`](Self::matches).
    pub fn matches_element<S: AsRef<str>>(
        &self,
        filter: &Filter,
        resource_schemas: &[S],
        parent: &AttrPath,
        element: &Value,
    ) -> Result<bool, EvalError> {
        let scope = Scope::Element {
            parent: Some(parent),
            value: element,
        };
        self.eval(filter, resource_schemas, &scope, 0, &mut Plans::new())
    }

    /// Finds the errors [`matches`](Self::matches) would report for a
    /// resource with these `schemas`, without a resource. A server can call
    /// it once before searching, so that an invalid filter fails even when
    /// there is nothing to search.
    ///
    /// ```
    /// use scim_core::Filter;
    /// use scim_core::filter::Evaluator;
    /// use scim_core::schema::urn;
    ///
    /// let f = Filter::parse(r#"title pr or active gt true"#)?;
    /// let err = Evaluator::core().check(&f, &[urn::USER]).unwrap_err();
    /// assert_eq!(err.scim_type().as_str(), "invalidFilter");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first [`EvalError`] found.
    pub fn check<S: AsRef<str>>(
        &self,
        filter: &Filter,
        resource_schemas: &[S],
    ) -> Result<(), EvalError> {
        self.check_scope(filter, resource_schemas, None, false, 0)
    }

    /// Finds the errors [`matches_element`](Self::matches_element) would
    /// report for the value filter `filter` of the attribute `parent`,
    /// without an element: a PATCH whose `path` selects no value can still
    /// reject a filter the RFC does not define.
    ///
    /// ```
    /// use scim_core::{AttrPath, Filter};
    /// use scim_core::filter::Evaluator;
    /// use scim_core::schema::urn;
    ///
    /// let emails = AttrPath::parse("emails")?;
    /// let evaluator = Evaluator::core();
    /// assert!(evaluator.check_element(&Filter::parse("primary gt true")?, &[urn::USER], &emails).is_err());
    /// assert!(evaluator.check_element(&Filter::parse(r#"type eq "work""#)?, &[urn::USER], &emails).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first [`EvalError`] found.
    pub fn check_element<S: AsRef<str>>(
        &self,
        filter: &Filter,
        resource_schemas: &[S],
        parent: &AttrPath,
    ) -> Result<(), EvalError> {
        self.check_scope(filter, resource_schemas, Some(parent), true, 0)
    }

    fn eval<'f, S: AsRef<str>>(
        &self,
        filter: &'f Filter,
        schemas: &[S],
        scope: &Scope<'_, '_>,
        depth: u32,
        plans: &mut Plans<'f>,
    ) -> Result<bool, EvalError> {
        if depth > self.depth_limit {
            return Err(EvalError::TooDeep {
                limit: self.depth_limit,
            });
        }
        match filter {
            Filter::Compare(c) => {
                // A node's scope is fixed by its place in the tree, so its
                // plan holds for every element a value path visits.
                let plan = match plans.get(c) {
                    Some(p) => p,
                    None => {
                        let def =
                            self.definition(schemas, scope.parent(), scope.is_element(), &c.path)?;
                        let p = plan(c, def)?;
                        plans.put(c, p);
                        p
                    }
                };
                Ok(compare(scope, &c.path, &plan))
            }
            Filter::Present(p) => Ok(scope.present(p)),
            Filter::ValuePath(vp) => {
                let (inner_parent, elements) = match scope {
                    Scope::Resource(map) => (Some(&vp.path), resolve_top(map, &vp.path)),
                    Scope::Element { value, .. } => (None, resolve_relative(value, &vp.path)),
                };
                let Some(elements) = elements else {
                    return self
                        .check_scope(&vp.filter, schemas, inner_parent, true, depth + 1)
                        .map(|()| false);
                };
                let items: &[Value] = match elements {
                    Value::Array(items) => items,
                    one => std::slice::from_ref(one),
                };
                if items.is_empty() {
                    return self
                        .check_scope(&vp.filter, schemas, inner_parent, true, depth + 1)
                        .map(|()| false);
                }
                // Evaluating the inner filter once finds all its errors.
                for item in items {
                    let inner = Scope::Element {
                        parent: inner_parent,
                        value: item,
                    };
                    if self.eval(&vp.filter, schemas, &inner, depth + 1, plans)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Filter::Not(inner) => Ok(!self.eval(inner, schemas, scope, depth + 1, plans)?),
            Filter::And(operands) => self.all_or_any(operands, schemas, scope, depth, false, plans),
            Filter::Or(operands) => self.all_or_any(operands, schemas, scope, depth, true, plans),
        }
    }

    /// `and` (`stop_on` false) or `or` (`stop_on` true): stops evaluating
    /// at the first operand equal to `stop_on`, checking the rest.
    fn all_or_any<'f, S: AsRef<str>>(
        &self,
        operands: &'f [Filter],
        schemas: &[S],
        scope: &Scope<'_, '_>,
        depth: u32,
        stop_on: bool,
        plans: &mut Plans<'f>,
    ) -> Result<bool, EvalError> {
        let mut rest = operands.iter();
        while let Some(o) = rest.next() {
            if self.eval(o, schemas, scope, depth + 1, plans)? == stop_on {
                for later in rest {
                    self.check_scope(
                        later,
                        schemas,
                        scope.parent(),
                        scope.is_element(),
                        depth + 1,
                    )?;
                }
                return Ok(stop_on);
            }
        }
        Ok(!stop_on)
    }

    /// Walks `filter` looking for the errors evaluation would report.
    fn check_scope<S: AsRef<str>>(
        &self,
        filter: &Filter,
        schemas: &[S],
        parent: Option<&AttrPath>,
        in_element: bool,
        depth: u32,
    ) -> Result<(), EvalError> {
        if depth > self.depth_limit {
            return Err(EvalError::TooDeep {
                limit: self.depth_limit,
            });
        }
        match filter {
            Filter::Compare(c) => {
                let def = self.definition(schemas, parent, in_element, &c.path)?;
                plan(c, def).map(|_| ())
            }
            Filter::Present(_) => Ok(()),
            Filter::ValuePath(vp) => {
                let inner_parent = if in_element { None } else { Some(&vp.path) };
                self.check_scope(&vp.filter, schemas, inner_parent, true, depth + 1)
            }
            Filter::Not(inner) => self.check_scope(inner, schemas, parent, in_element, depth + 1),
            Filter::And(operands) | Filter::Or(operands) => operands
                .iter()
                .try_for_each(|o| self.check_scope(o, schemas, parent, in_element, depth + 1)),
        }
    }

    /// The schema definition of the values `path` compares (`None` if the
    /// registry does not know it): for a complex attribute named without a
    /// sub-attribute, its `value` sub-attribute.
    fn definition<S: AsRef<str>>(
        &self,
        schemas: &[S],
        parent: Option<&AttrPath>,
        in_element: bool,
        path: &AttrPath,
    ) -> Result<Option<&'r Attribute>, EvalError> {
        let def = if in_element {
            // Relative to `parent`: only one level of sub-attributes exists.
            match parent {
                Some(parent) if parent.sub_attr().is_none() && path.sub_attr().is_none() => self
                    .registry
                    .attribute(schemas, parent.uri(), parent.name(), Some(path.name())),
                _ => None,
            }
        } else {
            self.registry
                .attribute(schemas, path.uri(), path.name(), path.sub_attr())
        };
        match def {
            Some(d) if d.attribute_type() == AttributeType::Complex => {
                match d.sub_attribute("value").filter(|_| d.is_multi_valued()) {
                    Some(value) => Ok(Some(value)),
                    None => Err(EvalError::ComplexAttribute { path: path.clone() }),
                }
            }
            other => Ok(other),
        }
    }
}

impl Filter {
    /// Whether `resource` matches this filter, with the core schemas
    /// ([`Evaluator::core`]); see [`Evaluator`] for the rules.
    ///
    /// ```
    /// use scim_core::Filter;
    ///
    /// let group = serde_json::json!({
    ///     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    ///     "displayName": "Tour Guides",
    ///     "members": [{"value": "2819c223", "display": "Babs Jensen"}]
    /// });
    /// assert!(Filter::parse(r#"members[value eq "2819c223"]"#)?.matches(&group)?);
    /// assert!(!Filter::parse(r#"displayName sw "tour" and not (members pr)"#)?.matches(&group)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// An [`EvalError`] (`invalidFilter`) if the filter compares in a way
    /// the RFC does not define, such as `active gt true`.
    pub fn matches(&self, resource: &Value) -> Result<bool, EvalError> {
        Evaluator::core().matches(self, resource)
    }
}

/// Where paths are resolved.
enum Scope<'v, 'p> {
    /// At the top level of a resource.
    Resource(&'v Map<String, Value>),
    /// In one element of a multi-valued attribute, `parent` if known.
    Element {
        parent: Option<&'p AttrPath>,
        value: &'v Value,
    },
}

impl Scope<'_, '_> {
    fn parent(&self) -> Option<&AttrPath> {
        match self {
            Scope::Resource(_) => None,
            Scope::Element { parent, .. } => *parent,
        }
    }

    fn is_element(&self) -> bool {
        matches!(self, Scope::Element { .. })
    }

    /// The value of `path` without its sub-attribute.
    fn attribute(&self, path: &AttrPath) -> Option<&Value> {
        match self {
            Scope::Resource(map) => resolve_top_name(map, path),
            Scope::Element { value, .. } => match value {
                Value::Object(o) => member(o, path.name()),
                simple
                    if path.sub_attr().is_none() && path.name().eq_ignore_ascii_case("value") =>
                {
                    Some(simple)
                }
                _ => None,
            },
        }
    }

    /// `eq null` (`want` false) or `ne null` (`want` true): whether the
    /// attribute is unassigned or assigned; with a sub-attribute, whether
    /// any value's sub-attribute is.
    fn assigned(&self, path: &AttrPath, want: bool) -> bool {
        let top = self.attribute(path);
        match path.sub_attr() {
            None => assigned(top, 0) == want,
            Some(sub) => match top {
                Some(Value::Array(items)) if !items.is_empty() => items
                    .iter()
                    .any(|i| assigned(i.as_object().and_then(|o| member(o, sub)), 0) == want),
                Some(Value::Object(o)) => assigned(member(o, sub), 0) == want,
                _ => !want,
            },
        }
    }

    fn present(&self, path: &AttrPath) -> bool {
        let top = self.attribute(path);
        match path.sub_attr() {
            None => present(top, 0),
            Some(sub) => match top {
                Some(Value::Array(items)) => items
                    .iter()
                    .any(|i| present(i.as_object().and_then(|o| member(o, sub)), 0)),
                Some(Value::Object(o)) => present(member(o, sub), 0),
                _ => false,
            },
        }
    }
}

/// Runs `f` with the resource's `schemas` as a slice of `&str`, without
/// allocating for up to eight of them.
fn with_schemas<R>(map: &Map<String, Value>, f: impl FnOnce(&[&str]) -> R) -> R {
    const INLINE: usize = 8;
    let list = match member(map, "schemas") {
        Some(Value::Array(items)) => items.as_slice(),
        _ => &[],
    };
    if list.len() <= INLINE {
        let mut buf = [""; INLINE];
        let mut n = 0;
        for (slot, s) in buf.iter_mut().zip(list.iter().filter_map(Value::as_str)) {
            *slot = s;
            n += 1;
        }
        f(buf.get(..n).unwrap_or_default())
    } else {
        let all: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
        f(&all)
    }
}

/// A member of a JSON object, by name ignoring ASCII case (an exact match
/// is tried first).
fn member<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// The top-level attribute `path` names (before its sub-attribute),
/// following its URN into an extension object.
fn resolve_top_name<'v>(map: &'v Map<String, Value>, path: &AttrPath) -> Option<&'v Value> {
    match path.uri() {
        None => member(map, path.name()),
        Some(urn) => match member(map, urn) {
            Some(Value::Object(ext)) => member(ext, path.name()),
            Some(_) => None,
            None if urn_is_top_level(map, urn) => member(map, path.name()),
            None => None,
        },
    }
}

/// Whether attributes qualified with `urn` live at the top level of the
/// resource: the URN is one of its `schemas` (its core schema, since an
/// extension's attributes would be under a member named by the URN), or
/// the resource lists no schemas.
fn urn_is_top_level(map: &Map<String, Value>, urn: &str) -> bool {
    match member(map, "schemas") {
        Some(Value::Array(list)) if !list.is_empty() => list
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn))),
        _ => true,
    }
}

/// The value `path` names, sub-attribute included, at the top level (for
/// value paths such as `name.x[…]`, whose path rarely has one).
fn resolve_top<'v>(map: &'v Map<String, Value>, path: &AttrPath) -> Option<&'v Value> {
    let top = resolve_top_name(map, path)?;
    match path.sub_attr() {
        None => Some(top),
        Some(sub) => top.as_object().and_then(|o| member(o, sub)),
    }
}

/// The value `path` names relative to `value` (an element).
fn resolve_relative<'v>(value: &'v Value, path: &AttrPath) -> Option<&'v Value> {
    let top = member(value.as_object()?, path.name())?;
    match path.sub_attr() {
        None => Some(top),
        Some(sub) => top.as_object().and_then(|o| member(o, sub)),
    }
}

/// Whether a value counts as present for `pr`: not absent, `null`, `""`,
/// an empty array or an object without a present member.
fn present(value: Option<&Value>, depth: u8) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        // Below a few levels (never reached by SCIM data), any non-empty
        // container counts, which keeps the recursion bounded.
        Some(Value::Array(a)) if depth >= 4 => !a.is_empty(),
        Some(Value::Object(o)) if depth >= 4 => !o.is_empty(),
        Some(Value::Array(a)) => a.iter().any(|v| present(Some(v), depth + 1)),
        Some(Value::Object(o)) => o.values().any(|v| present(Some(v), depth + 1)),
        Some(_) => true,
    }
}

/// Whether a value is assigned (RFC 7643 §2.5: absent, `null` and an
/// empty array are unassigned; so is an object without an assigned
/// member). Unlike [`present`], an empty string is a value.
fn assigned(value: Option<&Value>, depth: u8) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) if depth >= 4 => !a.is_empty(),
        Some(Value::Object(o)) if depth >= 4 => !o.is_empty(),
        Some(Value::Array(a)) => a.iter().any(|v| assigned(Some(v), depth + 1)),
        Some(Value::Object(o)) => o.values().any(|v| assigned(Some(v), depth + 1)),
        Some(_) => true,
    }
}

/// The plans of the comparisons met so far in one evaluation, by node (a
/// few; later ones are planned each time).
struct Plans<'f> {
    seen: [Option<(&'f Comparison, Plan<'f>)>; 8],
}

impl<'f> Plans<'f> {
    fn new() -> Plans<'f> {
        Plans { seen: [None; 8] }
    }

    fn get(&self, c: &Comparison) -> Option<Plan<'f>> {
        self.seen
            .iter()
            .map_while(|s| *s)
            .find(|(node, _)| std::ptr::eq(*node, c))
            .map(|(_, p)| p)
    }

    fn put(&mut self, c: &'f Comparison, plan: Plan<'f>) {
        if let Some(slot) = self.seen.iter_mut().find(|s| s.is_none()) {
            *slot = Some((c, plan));
        }
    }
}

/// What one comparison tests each value with, decided before looking at
/// the resource.
#[derive(Clone, Copy)]
enum Plan<'a> {
    /// `eq null` (`false`: unassigned) or `ne null` (`true`: assigned).
    Presence(bool),
    /// Compare each value.
    Values { op: CompareOp, want: Want<'a> },
}

/// The comparison value, read for the attribute's type.
#[derive(Clone, Copy)]
enum Want<'a> {
    Str {
        text: &'a str,
        case_exact: bool,
        /// For attributes without a schema: the instant the text denotes.
        instant: Option<jiff::Timestamp>,
    },
    Instant(jiff::Timestamp),
    Number(&'a Number),
    Bool(bool),
}

/// Checks a comparison against the attribute's definition and reads its
/// value.
fn plan<'a>(c: &'a Comparison, def: Option<&Attribute>) -> Result<Plan<'a>, EvalError> {
    let op = c.op;
    let equality = matches!(op, CompareOp::Eq | CompareOp::Ne);
    let substring = matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew);
    let not_allowed = |operand| EvalError::OperatorNotAllowed {
        path: c.path.clone(),
        op,
        operand,
    };
    let ty = def.map(Attribute::attribute_type);
    match (&c.value, &ty) {
        (CompValue::Null, _) if !equality => return Err(not_allowed(Operand::NullValue)),
        (CompValue::Bool(_), _) if !equality => return Err(not_allowed(Operand::BooleanValue)),
        (_, Some(AttributeType::Boolean)) if !equality => {
            return Err(not_allowed(Operand::BooleanAttribute));
        }
        (_, Some(AttributeType::Binary)) if !equality => {
            return Err(not_allowed(Operand::BinaryAttribute));
        }
        _ if !equality && def.is_some_and(|d| d.mutability() == Mutability::WriteOnly) => {
            return Err(not_allowed(Operand::WriteOnlyAttribute));
        }
        (CompValue::Number(_), _) if substring => return Err(not_allowed(Operand::NumberValue)),
        (_, Some(AttributeType::Integer | AttributeType::Decimal)) if substring => {
            return Err(not_allowed(Operand::NumberAttribute));
        }
        _ => {}
    }
    let want = match &c.value {
        CompValue::Null => return Ok(Plan::Presence(op == CompareOp::Ne)),
        CompValue::Bool(b) => Want::Bool(*b),
        CompValue::Number(n) if ty == Some(AttributeType::DateTime) => {
            return Err(EvalError::NotADateTime {
                path: c.path.clone(),
                value: CompValue::Number(n.clone()),
            });
        }
        CompValue::Number(n) => Want::Number(n),
        CompValue::String(s) if ty == Some(AttributeType::DateTime) && !substring => {
            match parse_instant(s) {
                Some(t) => Want::Instant(t),
                None => {
                    return Err(EvalError::NotADateTime {
                        path: c.path.clone(),
                        value: c.value.clone(),
                    });
                }
            }
        }
        CompValue::String(s) => Want::Str {
            text: s,
            case_exact: def.is_some_and(Attribute::is_case_exact),
            instant: if def.is_none() && !substring {
                parse_instant(s)
            } else {
                None
            },
        },
    };
    Ok(Plan::Values { op, want })
}

static NULL: Value = Value::Null;

/// Evaluates a planned comparison of `path` in `scope`.
fn compare(scope: &Scope<'_, '_>, path: &AttrPath, plan: &Plan<'_>) -> bool {
    let (op, want) = match plan {
        Plan::Presence(want_assigned) => return scope.assigned(path, *want_assigned),
        Plan::Values { op, want } => (*op, want),
    };
    let mut test = |v: &Value| test_value(v, op, want);
    let top = scope.attribute(path);
    match path.sub_attr() {
        None => any_value(top, &mut test),
        Some(sub) => match top {
            Some(Value::Array(items)) if !items.is_empty() => items
                .iter()
                .any(|item| any_value(item.as_object().and_then(|o| member(o, sub)), &mut test)),
            Some(Value::Object(o)) => any_value(member(o, sub), &mut test),
            _ => test(&NULL),
        },
    }
}

/// Whether `test` holds for any simple value of `value`: each element of
/// an array, the `value` member of an object, `null` for nothing.
fn any_value(value: Option<&Value>, test: &mut impl FnMut(&Value) -> bool) -> bool {
    match value {
        None => test(&NULL),
        Some(Value::Array(items)) if items.is_empty() => test(&NULL),
        Some(Value::Array(items)) => items.iter().any(|i| test(simple(i))),
        Some(other) => test(simple(other)),
    }
}

/// A simple value: an object stands for its `value` member.
fn simple(value: &Value) -> &Value {
    match value {
        Value::Object(o) => member(o, "value").unwrap_or(&NULL),
        other => other,
    }
}

fn test_value(value: &Value, op: CompareOp, want: &Want<'_>) -> bool {
    match op {
        CompareOp::Eq => equal(value, want),
        CompareOp::Ne => !equal(value, want),
        CompareOp::Gt => order(value, want) == Some(Ordering::Greater),
        CompareOp::Ge => matches!(
            order(value, want),
            Some(Ordering::Greater | Ordering::Equal)
        ),
        CompareOp::Lt => order(value, want) == Some(Ordering::Less),
        CompareOp::Le => matches!(order(value, want), Some(Ordering::Less | Ordering::Equal)),
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => {
            let (
                Value::String(have),
                Want::Str {
                    text, case_exact, ..
                },
            ) = (value, want)
            else {
                return false;
            };
            substring(have, text, op, *case_exact)
        }
    }
}

/// Whether a resource value equals the comparison value.
fn equal(value: &Value, want: &Want<'_>) -> bool {
    match (value, want) {
        (
            Value::String(have),
            Want::Str {
                text,
                case_exact,
                instant: None,
            },
        ) => {
            if *case_exact {
                have == text
            } else {
                eq_ignore_case(have, text)
            }
        }
        _ => order(value, want) == Some(Ordering::Equal),
    }
}

/// Whether two strings are equal ignoring case.
pub(crate) fn eq_ignore_case(a: &str, b: &str) -> bool {
    // Equal ignoring ASCII case implies equal after lowercasing; the
    // reverse only needs checking when there is non-ASCII text.
    a.eq_ignore_ascii_case(b) || (!(a.is_ascii() && b.is_ascii()) && folded(a).eq(folded(b)))
}

/// How a resource value orders against the comparison value, `None` if
/// they cannot be compared (different types, or unassigned).
fn order(value: &Value, want: &Want<'_>) -> Option<Ordering> {
    match (value, want) {
        (
            Value::String(have),
            Want::Str {
                text,
                case_exact,
                instant,
            },
        ) => {
            if let Some(w) = instant {
                if let Some(h) = parse_instant(have) {
                    return Some(h.cmp(w));
                }
            }
            Some(if *case_exact {
                have.as_str().cmp(text)
            } else {
                cmp_ignore_case(have, text)
            })
        }
        (Value::String(have), Want::Instant(w)) => parse_instant(have).map(|h| h.cmp(w)),
        (Value::Number(have), Want::Number(w)) => cmp_numbers(have, w),
        (Value::Bool(have), Want::Bool(w)) => Some(have.cmp(w)),
        _ => None,
    }
}

/// Compares two JSON numbers by value: exactly when both are integers,
/// else as `f64`.
fn cmp_numbers(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// `s` case folded as case-insensitive comparison folds it, for use as a
/// key: two strings are equal ignoring case exactly when their
/// `fold_case` forms are equal.
pub(crate) fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        folded(s).collect()
    }
}

/// The characters of `s`, case folded: see [`fold`].
fn folded(s: &str) -> impl Iterator<Item = char> + Clone + '_ {
    s.chars().flat_map(char::to_lowercase).map(fold)
}

/// Completes the lowercase mapping of a character into Unicode's simple
/// case folding (`CaseFolding.txt`, statuses C and S): the characters
/// whose folding is not their lowercase letter are the lowercase variant
/// forms below (final sigma, long s, the micro sign, Greek symbol forms,
/// old Cyrillic letter forms). Every other character folds to its
/// lowercase form.
fn fold(c: char) -> char {
    match c {
        '\u{b5}' => '\u{3bc}',                // MICRO SIGN -> mu
        '\u{17f}' => 's',                     // LATIN SMALL LETTER LONG S
        '\u{345}' | '\u{1fbe}' => '\u{3b9}',  // ypogegrammeni, prosgegrammeni -> iota
        '\u{3c2}' => '\u{3c3}',               // final sigma -> sigma
        '\u{3d0}' => '\u{3b2}',               // beta symbol
        '\u{3d1}' => '\u{3b8}',               // theta symbol
        '\u{3d5}' => '\u{3c6}',               // phi symbol
        '\u{3d6}' => '\u{3c0}',               // pi symbol
        '\u{3f0}' => '\u{3ba}',               // kappa symbol
        '\u{3f1}' => '\u{3c1}',               // rho symbol
        '\u{3f5}' => '\u{3b5}',               // lunate epsilon symbol
        '\u{1c80}' => '\u{432}',              // Cyrillic rounded ve
        '\u{1c81}' => '\u{434}',              // long-legged de
        '\u{1c82}' => '\u{43e}',              // narrow o
        '\u{1c83}' => '\u{441}',              // wide es
        '\u{1c84}' | '\u{1c85}' => '\u{442}', // tall te, three-legged te
        '\u{1c86}' => '\u{44a}',              // tall hard sign
        '\u{1c87}' => '\u{463}',              // tall yat
        '\u{1c88}' => '\u{a64b}',             // unblended uk
        '\u{1e9b}' => '\u{1e61}',             // long s with dot above
        other => other,
    }
}

/// Orders two strings ignoring case.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        for (x, y) in a.bytes().zip(b.bytes()) {
            let (x, y) = (x.to_ascii_lowercase(), y.to_ascii_lowercase());
            if x != y {
                return x.cmp(&y);
            }
        }
        a.len().cmp(&b.len())
    } else {
        folded(a).cmp(folded(b))
    }
}

/// `co`, `sw` or `ew`.
fn substring(have: &str, want: &str, op: CompareOp, case_exact: bool) -> bool {
    if case_exact {
        return match op {
            CompareOp::Sw => have.starts_with(want),
            CompareOp::Ew => have.ends_with(want),
            _ => have.contains(want),
        };
    }
    if have.is_ascii() && want.is_ascii() {
        let (h, w) = (have.as_bytes(), want.as_bytes());
        return match op {
            CompareOp::Sw => h.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)),
            CompareOp::Ew => h
                .len()
                .checked_sub(w.len())
                .and_then(|at| h.get(at..))
                .is_some_and(|s| s.eq_ignore_ascii_case(w)),
            _ => w.is_empty() || h.windows(w.len()).any(|s| s.eq_ignore_ascii_case(w)),
        };
    }
    match op {
        CompareOp::Sw => starts_with_folded(folded(have), want),
        CompareOp::Ew => {
            let mut h = have
                .chars()
                .rev()
                .flat_map(|c| c.to_lowercase().rev().map(fold));
            want.chars()
                .rev()
                .flat_map(|c| c.to_lowercase().rev().map(fold))
                .all(|c| h.next() == Some(c))
        }
        _ => have
            .char_indices()
            .map(|(at, _)| at)
            .chain(std::iter::once(have.len()))
            .any(|at| starts_with_folded(folded(have.get(at..).unwrap_or_default()), want)),
    }
}

/// Whether the lowercased characters `have` start with those of `want`.
fn starts_with_folded(mut have: impl Iterator<Item = char>, want: &str) -> bool {
    folded(want).all(|c| have.next() == Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_helpers() {
        assert_eq!(cmp_ignore_case("ABC", "abc"), Ordering::Equal);
        assert_eq!(cmp_ignore_case("abc", "ABD"), Ordering::Less);
        assert_eq!(cmp_ignore_case("ab", "A"), Ordering::Greater);
        assert_eq!(cmp_ignore_case("ÉCOLE", "école"), Ordering::Equal);
        assert_eq!(cmp_ignore_case("Straße", "STRASSE"), Ordering::Greater);
        for (a, b, want) in [
            ("ABC", "abc", true),
            ("ABC", "abd", false),
            ("ÉCOLE", "école", true),
            ("école", "ecole", false),
            ("K", "\u{212A}", true), // KELVIN SIGN lowercases to `k`
            ("", "", true),
            ("a", "", false),
        ] {
            assert_eq!(eq_ignore_case(a, b), want, "{a} {b}");
            assert_eq!(cmp_ignore_case(a, b) == Ordering::Equal, want, "{a} {b}");
        }
        let cases = [
            ("Hello World", "WORLD", CompareOp::Co, true),
            ("Hello World", "O W", CompareOp::Co, true),
            ("Hello", "", CompareOp::Co, true),
            ("", "x", CompareOp::Co, false),
            ("Hello", "HE", CompareOp::Sw, true),
            ("Hello", "LLO", CompareOp::Ew, true),
            ("He", "Hello", CompareOp::Sw, false),
            ("He", "Hello", CompareOp::Ew, false),
            ("Ünïcödé", "NÏC", CompareOp::Co, true),
            ("Ünïcödé", "üN", CompareOp::Sw, true),
            ("Ünïcödé", "ÖDÉ", CompareOp::Ew, true),
            ("Ünïcödé", "ödë", CompareOp::Ew, false),
            ("ΑΒΓ", "βγ", CompareOp::Co, true),
        ];
        for (have, want, op, expect) in cases {
            assert_eq!(
                substring(have, want, op, false),
                expect,
                "{have} {op} {want}"
            );
        }
        assert!(!substring("Hello", "hello", CompareOp::Sw, true));
        assert!(substring("Hello", "Hel", CompareOp::Sw, true));
    }

    #[test]
    fn numbers_by_value() {
        let n = |s: &str| -> Number { serde_json::from_str(s).unwrap() };
        assert_eq!(cmp_numbers(&n("7"), &n("7.0")), Some(Ordering::Equal));
        assert_eq!(
            cmp_numbers(&n("-1"), &n("18446744073709551615")),
            Some(Ordering::Less)
        );
        assert_eq!(cmp_numbers(&n("1e2"), &n("100")), Some(Ordering::Equal));
        assert_eq!(
            cmp_numbers(&n("9007199254740993"), &n("9007199254740992")),
            Some(Ordering::Greater)
        );
    }
}
