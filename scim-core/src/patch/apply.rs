//! Applying PATCH operations (RFC 7644 §3.5.2) to a resource held as JSON.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::doc::{Doc, Step};
use super::error::PatchErrorKind as K;
use super::tolerance::{Coercion, CoercionKind, Tolerance};
use crate::datetime::parse_instant;
use crate::filter::{AttrPath, CompValue, CompareOp, Evaluator, Filter, PatchPath, fold_case};
use crate::message::{PatchOpKind, PatchOperation};
use crate::schema::{Attribute, AttributeType, Mutability, SchemaRegistry};

type R<T> = Result<T, K>;

/// Add or replace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    Add,
    Replace,
}

/// What a path points at, resolved against the resource.
struct Target<'r> {
    /// Steps to the object holding the attribute: the root, or an extension.
    holder: Vec<Step>,
    /// The extension member to create (its key), when it does not exist.
    missing_holder: Option<String>,
    /// The attribute's key: the existing spelling, or the one to create.
    key: String,
    def: Option<&'r Attribute>,
    /// The attribute as written, for messages.
    shown: String,
    /// The attribute path without sub-attribute, for filters.
    parent: Option<AttrPath>,
    /// The value filter.
    filter: Option<Filter>,
    /// The sub-attribute, after `.` or `].`.
    sub: Option<String>,
}

impl Target<'_> {
    fn at(&self) -> Vec<Step> {
        let mut at = self.holder.clone();
        at.push(Step::Key(self.key.clone()));
        at
    }

    fn sub_def(&self) -> Option<&Attribute> {
        let sub = self.sub.as_deref()?;
        self.def.and_then(|d| d.sub_attribute(sub))
    }

    fn sub_shown(&self) -> String {
        match &self.sub {
            Some(s) => format!("{}.{s}", self.shown),
            None => self.shown.clone(),
        }
    }
}

/// One run of a patch over one resource.
pub(crate) struct Run<'d, 'r> {
    pub(crate) doc: Doc<'d>,
    pub(crate) registry: &'r SchemaRegistry,
    pub(crate) tolerance: Tolerance,
    pub(crate) reject_unknown: bool,
    pub(crate) coercions: Vec<Coercion>,
    pub(crate) index: usize,
    schemas: Vec<String>,
}

/// A member of an object by name, ignoring ASCII case (exact match first).
pub(crate) fn find_key<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m String> {
    if let Some((k, _)) = map.get_key_value(name) {
        return Some(k);
    }
    map.keys().find(|k| k.eq_ignore_ascii_case(name))
}

fn member<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// [`member`] for small objects such as the values of a multi-valued
/// attribute, scanned once per value: a key of another length is skipped
/// without reading its text (which, for large groups, is a cache miss).
fn small_member<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    let mut folded = None;
    for (k, v) in map {
        if k.len() != name.len() {
            continue;
        }
        if k == name {
            return Some(v);
        }
        if folded.is_none() && k.eq_ignore_ascii_case(name) {
            folded = Some(v);
        }
    }
    folded
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

/// Whether the value is unassigned (RFC 7643 §2.5): null or an empty array.
fn unassigned(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

fn json_kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn is_complex(def: Option<&Attribute>) -> bool {
    def.is_some_and(|d| d.attribute_type() == AttributeType::Complex)
}

/// The identity of a value of a multi-valued attribute for finding
/// duplicates: its `value` (for complex values), compared as the schema
/// says. `None` for complex values without a `value`.
fn identity(element: &Value, def: Option<&Attribute>) -> Option<String> {
    let (v, case_exact) = match element {
        Value::Object(o) => {
            let v = member(o, "value")?;
            let sub = def.and_then(|d| d.sub_attribute("value"));
            (v, sub.is_some_and(Attribute::is_case_exact))
        }
        other => (other, def.is_some_and(Attribute::is_case_exact)),
    };
    Some(match v {
        Value::String(s) if case_exact => format!("s{s}"),
        Value::String(s) => format!("s{}", fold_case(s)),
        Value::Null => return None,
        other => format!("j{other}"),
    })
}

/// The identity of one value of a multi-valued attribute, borrowed, to
/// find the values with the same identity without allocating: what
/// [`identity`] hashes.
enum Ident<'a> {
    /// A string `value`, and whether it is compared exactly.
    Str(&'a str, bool),
    /// Another JSON `value`.
    Json(&'a Value),
    /// A value without `value`: compared whole.
    Whole(&'a Value),
}

impl<'a> Ident<'a> {
    fn of(element: &'a Value, def: Option<&Attribute>) -> Ident<'a> {
        let (v, case_exact) = match element {
            Value::Object(o) => match member(o, "value") {
                Some(v) if !v.is_null() => {
                    let sub = def.and_then(|d| d.sub_attribute("value"));
                    (v, sub.is_some_and(Attribute::is_case_exact))
                }
                _ => return Ident::Whole(element),
            },
            other => (other, def.is_some_and(Attribute::is_case_exact)),
        };
        match v {
            Value::String(s) => Ident::Str(s, case_exact),
            other => Ident::Json(other),
        }
    }

    /// Whether `element` has this identity.
    fn matches(&self, element: &Value) -> bool {
        let v = match (self, element) {
            (Ident::Whole(w), _) => return *w == element,
            (_, Value::Object(o)) => match small_member(o, "value") {
                Some(v) if !v.is_null() => v,
                _ => return false,
            },
            (_, other) => other,
        };
        match (self, v) {
            (Ident::Str(want, true), Value::String(s)) => s == want,
            (Ident::Str(want, false), Value::String(s)) => crate::filter::eq_ignore_case(s, want),
            (Ident::Json(want), other) => *want == other,
            _ => false,
        }
    }
}

impl<'d, 'r> Run<'d, 'r> {
    pub(crate) fn new(
        doc: Doc<'d>,
        registry: &'r SchemaRegistry,
        tolerance: Tolerance,
        reject_unknown: bool,
    ) -> Run<'d, 'r> {
        Run {
            doc,
            registry,
            tolerance,
            reject_unknown,
            coercions: Vec::new(),
            index: 0,
            schemas: Vec::new(),
        }
    }

    fn coerced(&mut self, attr: &str, kind: CoercionKind) {
        self.coercions.push(Coercion::new(self.index, attr, kind));
    }

    fn root_map(&self) -> Option<&Map<String, Value>> {
        self.doc.root().as_object()
    }

    fn refresh_schemas(&mut self) {
        let mut schemas = std::mem::take(&mut self.schemas);
        schemas.clear();
        if let Some(Value::Array(list)) = self.root_map().and_then(|m| member(m, "schemas")) {
            schemas.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        self.schemas = schemas;
    }

    fn evaluator(&self) -> Evaluator<'r> {
        Evaluator::new(self.registry)
    }

    /// Applies one operation.
    pub(crate) fn op(&mut self, op: &PatchOperation) -> R<()> {
        if !self.doc.root().is_object() {
            return Err(K::NotAnObject);
        }
        if op
            .value
            .as_ref()
            .is_some_and(|v| crate::depth::exceeds(v, super::Patcher::MAX_VALUE_DEPTH))
        {
            return Err(K::TooDeep(super::Patcher::MAX_VALUE_DEPTH));
        }
        self.refresh_schemas();
        let kind = match &op.op {
            PatchOpKind::Other(text) => match op.op.ignoring_case() {
                PatchOpKind::Other(_) => {
                    return Err(K::UnknownOp {
                        op: text.clone(),
                        case_only: false,
                    });
                }
                known if self.tolerance.accepts_op_name_case() => {
                    self.coerced("", CoercionKind::OpNameCase(text.clone()));
                    known
                }
                _ => {
                    return Err(K::UnknownOp {
                        op: text.clone(),
                        case_only: true,
                    });
                }
            },
            known => known.clone(),
        };
        let path = match &op.path {
            Some(p) => Some(PatchPath::parse(p).map_err(K::InvalidPath)?),
            None => None,
        };
        let value = op.value.as_ref();
        match kind {
            PatchOpKind::Remove => {
                let path = path.ok_or(K::MissingPath)?;
                let target = self.resolve(&path)?;
                match value {
                    None | Some(Value::Null) => self.remove(&target),
                    Some(v) => self.remove_values(&target, v),
                }
            }
            PatchOpKind::Add | PatchOpKind::Replace => {
                let how = if kind == PatchOpKind::Add {
                    Set::Add
                } else {
                    Set::Replace
                };
                let value = value.ok_or(K::MissingValue(if how == Set::Add {
                    "add"
                } else {
                    "replace"
                }))?;
                match path {
                    Some(path) => {
                        let target = self.resolve(&path)?;
                        self.set(how, target, value.clone())
                    }
                    None => self.set_pathless(how, value),
                }
            }
            PatchOpKind::Other(_) => Ok(()),
        }
    }

    // ---- resolving paths ------------------------------------------------

    /// Whether attributes qualified with `urn` live at the top level of the
    /// resource rather than in an extension object.
    fn urn_is_top_level(&self, urn: &str) -> bool {
        if urn.to_ascii_lowercase().contains(":extension:") {
            return false;
        }
        starts_with_ignore_case(urn, "urn:ietf:params:scim:schemas:core:")
            || self
                .schemas
                .first()
                .is_some_and(|s| s.eq_ignore_ascii_case(urn))
    }

    /// Whether `text` names an extension of the resource (a registered
    /// schema that is not top level, or a member object of the resource).
    fn is_extension_urn(&self, text: &str) -> bool {
        if !starts_with_ignore_case(text, "urn:") || self.urn_is_top_level(text) {
            return false;
        }
        self.registry.get(text).is_some()
            || self
                .root_map()
                .and_then(|m| member(m, text))
                .is_some_and(Value::is_object)
    }

    fn resolve(&self, path: &PatchPath) -> R<Target<'r>> {
        let attr = path.attr();
        if path.filter().is_some() && attr.sub_attr().is_some() {
            return Err(K::UnsupportedPath {
                path: attr.to_string(),
                reason: "a value filter follows a sub-attribute",
            });
        }
        if attr.sub_attr().is_some() && path.sub_attr().is_some() {
            return Err(K::UnsupportedPath {
                path: attr.to_string(),
                reason: "too many sub-attributes",
            });
        }
        let sub = attr.sub_attr().or(path.sub_attr()).map(str::to_owned);
        self.target(
            attr.uri(),
            attr.name(),
            sub,
            path.filter().cloned(),
            Some(attr),
        )
    }

    /// The target for attribute `name` (qualified by `uri`), with its
    /// sub-attribute and filter.
    fn target(
        &self,
        uri: Option<&str>,
        name: &str,
        sub: Option<String>,
        filter: Option<Filter>,
        written: Option<&AttrPath>,
    ) -> R<Target<'r>> {
        let root = self.root_map().ok_or(K::NotAnObject)?;
        let mut holder = Vec::new();
        let mut missing_holder = None;
        let mut holder_map = Some(root);
        if let Some(u) = uri {
            match find_key(root, u) {
                Some(k) if root.get(k).is_some_and(Value::is_object) => {
                    holder_map = root.get(k).and_then(Value::as_object);
                    holder.push(Step::Key(k.clone()));
                }
                _ if self.urn_is_top_level(u) => {}
                _ => {
                    let key = self
                        .registry
                        .get(u)
                        .map_or_else(|| u.to_owned(), |s| s.id.clone());
                    holder.push(Step::Key(key.clone()));
                    missing_holder = Some(key);
                    holder_map = None;
                }
            }
        }
        let def = self.registry.attribute(&self.schemas, uri, name, None);
        let shown = match uri {
            Some(u) => format!("{u}:{name}"),
            None => name.to_owned(),
        };
        if def.is_none() && self.reject_unknown && self.knows_schemas(uri) {
            return Err(K::UnknownAttribute(shown));
        }
        if let (Some(d), Some(s)) = (def, sub.as_deref()) {
            if d.attribute_type() == AttributeType::Complex
                && d.sub_attribute(s).is_none()
                && self.reject_unknown
            {
                return Err(K::UnknownAttribute(format!("{shown}.{s}")));
            }
        }
        let key = holder_map
            .and_then(|m| find_key(m, name))
            .cloned()
            .unwrap_or_else(|| def.map_or_else(|| name.to_owned(), |d| d.name.clone()));
        let parent = match written {
            Some(w) => AttrPath::from_parts(w.uri(), w.name(), None).ok(),
            None => AttrPath::from_parts(uri, name, None).ok(),
        };
        Ok(Target {
            holder,
            missing_holder,
            key,
            def,
            shown,
            parent,
            filter,
            sub,
        })
    }

    /// Whether the registry knows the schema `uri`, or (without one) any of
    /// the resource's schemas.
    fn knows_schemas(&self, uri: Option<&str>) -> bool {
        match uri {
            Some(u) => self.registry.get(u).is_some(),
            None => self.schemas.iter().any(|s| self.registry.get(s).is_some()),
        }
    }

    fn current(&self, t: &Target<'_>) -> Option<&Value> {
        if t.missing_holder.is_some() {
            return None;
        }
        self.doc.get(&t.at())
    }

    /// Creates the extension object a target lives in, if missing, and
    /// lists its URN in `schemas`.
    fn ensure_holder(&mut self, t: &mut Target<'_>) {
        let Some(key) = t.missing_holder.take() else {
            return;
        };
        self.doc
            .set(&[Step::Key(key.clone())], Value::Object(Map::new()));
        let root = self.doc.root().as_object();
        let schemas_key = root.and_then(|m| find_key(m, "schemas")).cloned();
        if let Some(sk) = schemas_key {
            let listed = match root.and_then(|m| m.get(&sk)) {
                Some(Value::Array(list)) => Some(
                    list.iter()
                        .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(&key))),
                ),
                _ => None,
            };
            if listed == Some(false) {
                self.doc.push(&[Step::Key(sk)], vec![Value::String(key)]);
            }
        }
    }

    /// Removes the extension object holding `t` if it became empty.
    fn prune_holder(&mut self, t: &Target<'_>) {
        if t.holder.is_empty() || t.missing_holder.is_some() {
            return;
        }
        if self.doc.object(&t.holder).is_some_and(Map::is_empty) {
            self.doc.remove(&t.holder);
            if let [Step::Key(urn)] = t.holder.as_slice() {
                self.unlist_schema(urn);
            }
        }
    }

    /// Takes the URN of an extension that no longer has attributes out of
    /// `schemas`, which lists the schemas "that define the attributes
    /// present" (RFC 7643 §3). The first entry, the resource's core schema,
    /// stays.
    fn unlist_schema(&mut self, urn: &str) {
        let root = self.doc.root().as_object();
        let Some(sk) = root.and_then(|m| find_key(m, "schemas")).cloned() else {
            return;
        };
        let indices: Vec<usize> = match root.and_then(|m| m.get(&sk)) {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(_, s)| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
                .map(|(i, _)| i)
                .collect(),
            _ => return,
        };
        self.doc.remove_elements(&[Step::Key(sk)], &indices);
    }

    // ---- type checks ----------------------------------------------------

    /// Checks (and, with tolerance, coerces) one value of an attribute
    /// that is not multi-valued, or one element of a multi-valued one.
    fn check_single(&mut self, def: Option<&Attribute>, shown: &str, value: Value) -> R<Value> {
        let Some(def) = def else {
            return Ok(value);
        };
        let wrong = |expected: &'static str, v: &Value, hint: Option<&'static str>| K::WrongType {
            attr: shown.to_owned(),
            expected,
            found: json_kind(v),
            hint,
        };
        let ty = def.attribute_type();
        // `[{"value": x}]` for a simple attribute; other members that are
        // null (`"$ref": null`, as Microsoft's SCIM library writes) say
        // nothing.
        let value = match value {
            Value::Array(items) if ty != AttributeType::Complex => {
                let single = match items.as_slice() {
                    [Value::Object(o)] => {
                        let mut given = o.iter().filter(|(_, v)| !v.is_null());
                        match (given.next(), given.next()) {
                            (Some((k, v)), None) if k.eq_ignore_ascii_case("value") => {
                                Some(v.clone())
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match single {
                    Some(x) if self.tolerance.accepts_single_value_array() => {
                        self.coerced(shown, CoercionKind::SingleValueArray);
                        x
                    }
                    Some(_) => {
                        return Err(wrong(
                            "a single value",
                            &Value::Array(items),
                            Some("Tolerance::single_value_array accepts [{\"value\": x}]"),
                        ));
                    }
                    None => return Err(wrong("a single value", &Value::Array(items), None)),
                }
            }
            other => other,
        };
        match ty {
            AttributeType::String | AttributeType::Reference => match value {
                Value::String(_) => Ok(value),
                other => Err(wrong("a string", &other, None)),
            },
            AttributeType::Binary => match value {
                Value::String(ref s) if is_base64(s) => Ok(value),
                other => Err(wrong("base64 text", &other, None)),
            },
            AttributeType::DateTime => match value {
                Value::String(ref s) if parse_instant(s).is_some() => Ok(value),
                other => Err(wrong("a dateTime (xsd:dateTime text)", &other, None)),
            },
            AttributeType::Boolean => match value {
                Value::Bool(_) => Ok(value),
                Value::String(s)
                    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
                {
                    if self.tolerance.accepts_string_booleans() {
                        let b = s.eq_ignore_ascii_case("true");
                        self.coerced(shown, CoercionKind::StringBoolean(s));
                        Ok(Value::Bool(b))
                    } else {
                        Err(wrong(
                            "a boolean",
                            &Value::String(s),
                            Some("Tolerance::string_booleans accepts it"),
                        ))
                    }
                }
                other => Err(wrong("a boolean", &other, None)),
            },
            AttributeType::Integer => match value {
                Value::Number(ref n) if n.is_i64() || n.is_u64() => Ok(value),
                other => Err(wrong("an integer", &other, None)),
            },
            AttributeType::Decimal => match value {
                Value::Number(_) => Ok(value),
                other => Err(wrong("a number", &other, None)),
            },
            AttributeType::Complex => match value {
                Value::Object(o) => self.check_complex(def, shown, o).map(Value::Object),
                // `[{"$ref": null, "value": x}]` for a single-valued complex
                // attribute, as Microsoft Entra ID sends the enterprise
                // `manager`: the one element is the value.
                Value::Array(items) if !def.is_multi_valued() => {
                    match <[Value; 1]>::try_from(items) {
                        Ok([Value::Object(o)]) if self.tolerance.accepts_single_value_array() => {
                            self.coerced(shown, CoercionKind::SingleValueArray);
                            self.check_complex(def, shown, o).map(Value::Object)
                        }
                        Ok([Value::Object(o)]) => Err(wrong(
                            "a complex value (an object)",
                            &Value::Array(vec![Value::Object(o)]),
                            Some("Tolerance::single_value_array reads [{…}] as {…}"),
                        )),
                        Ok([other]) => Err(wrong(
                            "a complex value (an object)",
                            &Value::Array(vec![other]),
                            None,
                        )),
                        Err(items) => Err(wrong(
                            "a complex value (an object)",
                            &Value::Array(items),
                            None,
                        )),
                    }
                }
                Value::String(s) if def.sub_attribute("value").is_some() => {
                    if self.tolerance.accepts_bare_string_complex() {
                        self.coerced(shown, CoercionKind::BareStringComplex);
                        let mut o = Map::new();
                        o.insert("value".to_owned(), Value::String(s));
                        self.check_complex(def, shown, o).map(Value::Object)
                    } else {
                        Err(wrong(
                            "a complex value (an object)",
                            &Value::String(s),
                            Some("Tolerance::bare_string_complex reads it as {\"value\": …}"),
                        ))
                    }
                }
                other => Err(wrong("a complex value (an object)", &other, None)),
            },
            // A type this crate does not know: any value.
            _ => Ok(value),
        }
    }

    /// Checks the sub-attributes of a complex value, spelling known ones
    /// as the schema does; `null` members are kept (merging them removes
    /// the sub-attribute; new values drop them, see [`strip_nulls`]).
    fn check_complex(
        &mut self,
        def: &Attribute,
        shown: &str,
        o: Map<String, Value>,
    ) -> R<Map<String, Value>> {
        let mut out = Map::new();
        for (k, v) in o {
            let sub = def.sub_attribute(&k);
            let name = sub.map_or(k, |s| s.name.clone());
            let shown_sub = format!("{shown}.{name}");
            if sub.is_none() && self.reject_unknown {
                return Err(K::UnknownAttribute(shown_sub));
            }
            let v = if v.is_null() {
                v
            } else {
                self.check_single(sub, &shown_sub, v)?
            };
            out.insert(name, v);
        }
        Ok(out)
    }

    /// The elements of a value for a multi-valued attribute: an array, or
    /// a single value meaning one element.
    fn check_elements(
        &mut self,
        def: Option<&Attribute>,
        shown: &str,
        value: Value,
    ) -> R<Vec<Value>> {
        let items = match value {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            one => vec![one],
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if item.is_null() {
                continue;
            }
            if item.is_array() {
                return Err(K::WrongType {
                    attr: shown.to_owned(),
                    expected: "an array of values",
                    found: "an array nested in the array".to_owned(),
                    hint: None,
                });
            }
            out.push(strip_nulls(self.check_single(def, shown, item)?));
        }
        Ok(out)
    }

    // ---- mutability -----------------------------------------------------

    /// Checks that the attribute `def` may change from `old` to `new`
    /// (`None`: removed).
    fn may_change(
        def: Option<&Attribute>,
        shown: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) -> R<()> {
        let Some(def) = def else { return Ok(()) };
        if old == new || (unassigned(old) && unassigned(new)) {
            return Ok(());
        }
        match def.mutability() {
            Mutability::ReadOnly => return Err(K::ReadOnly(shown.to_owned())),
            Mutability::Immutable if !unassigned(old) => {
                return Err(K::Immutable(shown.to_owned()));
            }
            _ => {}
        }
        if def.is_required() && unassigned(new) {
            return Err(K::Required(shown.to_owned()));
        }
        Ok(())
    }

    // ---- add and replace ------------------------------------------------

    fn set_pathless(&mut self, how: Set, value: &Value) -> R<()> {
        let Value::Object(members) = value else {
            return Err(K::ValueNotObject);
        };
        for (k, v) in members {
            if self.is_extension_urn(k)
                || (starts_with_ignore_case(k, "urn:")
                    && v.is_object()
                    && !self.is_qualified_attr(k))
            {
                self.set_extension(how, k, v)?;
                continue;
            }
            // `urn:…:User:department` names one attribute in the notation
            // of RFC 7644 §3.10 ("attributes are uniquely identified by
            // prefixing the attribute name with its schema URN"), when the
            // URN is a schema the registry or the resource knows.
            if let Some(path) = Self::qualified_name(k).filter(|_| self.is_qualified_attr(k)) {
                let target = self.resolve(&path)?;
                self.set(how, target, v.clone())?;
                self.refresh_schemas();
                continue;
            }
            let is_path = k.contains('.') || k.contains('[') || starts_with_ignore_case(k, "urn:");
            if is_path {
                if !self.tolerance.accepts_path_keys() {
                    return Err(K::PathAsKey(k.clone()));
                }
                self.coerced(k, CoercionKind::PathKey(k.clone()));
                let path = PatchPath::parse(k).map_err(K::InvalidPath)?;
                let target = self.resolve(&path)?;
                self.set(how, target, v.clone())?;
                self.refresh_schemas();
                continue;
            }
            let target = self.target(None, k, None, None, None)?;
            self.set(how, target, v.clone())?;
            self.refresh_schemas();
        }
        Ok(())
    }

    /// `k` read as a schema URN and one attribute name, without
    /// sub-attribute or filter: `urn:…:enterprise:2.0:User:department`.
    fn qualified_name(k: &str) -> Option<PatchPath> {
        if !starts_with_ignore_case(k, "urn:") {
            return None;
        }
        let path = PatchPath::parse(k).ok()?;
        let attr = path.attr();
        let simple = attr.uri().is_some()
            && attr.sub_attr().is_none()
            && path.filter().is_none()
            && path.sub_attr().is_none();
        simple.then_some(path)
    }

    /// Whether `k` is `urn:…:attr` for a known (or present) schema URN.
    fn is_qualified_attr(&self, k: &str) -> bool {
        let Some((urn, _)) = k.rsplit_once(':') else {
            return false;
        };
        self.registry.get(urn).is_some()
            || self.root_map().and_then(|m| member(m, urn)).is_some()
            || self.schemas.iter().any(|s| s.eq_ignore_ascii_case(urn))
    }

    /// Add or replace of a whole extension object: each of its attributes.
    fn set_extension(&mut self, how: Set, urn: &str, value: &Value) -> R<()> {
        let Value::Object(members) = value else {
            if value.is_null() {
                return self.remove_extension(urn);
            }
            return Err(K::WrongType {
                attr: urn.to_owned(),
                expected: "an object of extension attributes",
                found: json_kind(value),
                hint: None,
            });
        };
        for (k, v) in members {
            let target = self.target(Some(urn), k, None, None, None)?;
            self.set(how, target, v.clone())?;
            self.refresh_schemas();
        }
        Ok(())
    }

    fn remove_extension(&mut self, urn: &str) -> R<()> {
        let Some(root) = self.root_map() else {
            return Err(K::NotAnObject);
        };
        let Some(key) = find_key(root, urn).cloned() else {
            return Ok(());
        };
        let names: Vec<String> = root
            .get(&key)
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            let target = self.target(Some(urn), &name, None, None, None)?;
            self.remove(&target)?;
        }
        self.doc.remove(&[Step::Key(key.clone())]);
        self.unlist_schema(&key);
        Ok(())
    }

    fn set(&mut self, how: Set, mut t: Target<'r>, value: Value) -> R<()> {
        // The path is a whole extension, `urn:…:enterprise:2.0:User`.
        if t.sub.is_none() && t.filter.is_none() && t.def.is_none() {
            let whole = t.shown.clone();
            if self.is_extension_urn(&whole) {
                return self.set_extension(how, &whole, &value);
            }
        }
        match (t.filter.is_some(), t.sub.is_some()) {
            (false, false) => self.set_whole(how, &mut t, value),
            (false, true) => self.set_sub(how, &mut t, value),
            (true, _) => self.set_filtered(how, &mut t, value),
        }
    }

    fn is_multi(&self, t: &Target<'_>, value: Option<&Value>) -> bool {
        match t.def {
            Some(d) => d.is_multi_valued(),
            None => match self.current(t) {
                Some(Value::Array(_)) => true,
                Some(_) => false,
                None => value.is_some_and(Value::is_array),
            },
        }
    }

    fn set_whole(&mut self, how: Set, t: &mut Target<'r>, value: Value) -> R<()> {
        if self.is_multi(t, Some(&value)) {
            let elements = self.check_elements(t.def, &t.shown, value)?;
            return match how {
                Set::Add => self.add_elements(t, elements),
                Set::Replace => self.replace_elements(t, elements),
            };
        }
        if value.is_null() {
            return self.remove_whole(t);
        }
        let complex = is_complex(t.def)
            || (t.def.is_none()
                && value.is_object()
                && self.current(t).is_none_or(Value::is_object));
        if complex {
            let value = self.check_single(t.def, &t.shown, value)?;
            let Value::Object(incoming) = value else {
                return Err(K::WrongType {
                    attr: t.shown.clone(),
                    expected: "a complex value (an object)",
                    found: json_kind(&value),
                    hint: None,
                });
            };
            return self.merge_attribute(t, incoming);
        }
        let value = self.check_single(t.def, &t.shown, value)?;
        Self::may_change(t.def, &t.shown, self.current(t), Some(&value))?;
        if self.current(t) == Some(&value) {
            return Ok(());
        }
        self.ensure_holder(t);
        self.doc.set(&t.at(), value);
        Ok(())
    }

    /// Merges sub-attributes into a single-valued complex attribute,
    /// creating it if needed (RFC 7644: sub-attributes not given are left
    /// unchanged, for `add` and `replace` alike).
    fn merge_attribute(&mut self, t: &mut Target<'r>, incoming: Map<String, Value>) -> R<()> {
        if let Some(d) = t.def {
            if d.mutability() == Mutability::ReadOnly {
                let cur = self.current(t).and_then(Value::as_object);
                let unchanged = incoming
                    .iter()
                    .all(|(k, v)| cur.and_then(|c| member(c, k)) == Some(v));
                if !unchanged {
                    return Err(K::ReadOnly(t.shown.clone()));
                }
                return Ok(());
            }
        }
        match self.current(t) {
            Some(Value::Object(_)) => {}
            Some(Value::Null) | None => {
                if incoming.is_empty() {
                    return Ok(());
                }
                self.ensure_holder(t);
                self.doc.set(&t.at(), Value::Object(Map::new()));
            }
            Some(other) => {
                return Err(K::WrongType {
                    attr: t.shown.clone(),
                    expected: "a simple value, as it holds",
                    found: json_kind(other),
                    hint: None,
                });
            }
        }
        let at = t.at();
        self.merge_into(&at, t.def, &t.shown, incoming)?;
        if self.doc.object(&at).is_some_and(Map::is_empty) {
            self.doc.remove(&at);
            self.prune_holder(t);
        }
        Ok(())
    }

    /// Merges checked sub-attributes into the object at `at`: each one
    /// given replaces the existing one (keeping its spelling), `null`
    /// removes it.
    fn merge_into(
        &mut self,
        at: &[Step],
        def: Option<&Attribute>,
        shown: &str,
        incoming: Map<String, Value>,
    ) -> R<()> {
        for (k, v) in incoming {
            let sub = def.and_then(|d| d.sub_attribute(&k));
            let existing = self.doc.object(at).and_then(|o| find_key(o, &k)).cloned();
            let shown_sub = format!("{shown}.{}", sub.map_or(k.as_str(), |s| s.name.as_str()));
            let old = existing
                .as_ref()
                .and_then(|e| self.doc.object(at).and_then(|o| o.get(e)));
            let new = if v.is_null() { None } else { Some(&v) };
            Self::may_change(sub, &shown_sub, old, new)?;
            let key = existing.unwrap_or_else(|| sub.map_or(k, |s| s.name.clone()));
            let mut slot = at.to_vec();
            slot.push(Step::Key(key));
            if v.is_null() {
                self.doc.remove(&slot);
            } else {
                self.doc.set(&slot, v);
            }
        }
        Ok(())
    }

    /// `attr.sub`: the sub-attribute of a complex attribute, or of every
    /// value of a multi-valued one.
    fn set_sub(&mut self, how: Set, t: &mut Target<'r>, value: Value) -> R<()> {
        let sub = t.sub.clone().unwrap_or_default();
        if self.is_multi(t, None) {
            let n = match self.current(t) {
                Some(Value::Array(a)) => a.len(),
                _ => 0,
            };
            if n == 0 {
                return Err(K::NoTarget {
                    path: t.sub_shown(),
                    creatable: false,
                });
            }
            let all: Vec<usize> = (0..n).collect();
            return self.set_in_elements(how, t, &all, Some(&sub), value);
        }
        let sub_def = t.sub_def();
        let value = if value.is_null() {
            value
        } else {
            self.check_single(sub_def, &t.sub_shown(), value)?
        };
        let mut incoming = Map::new();
        incoming.insert(sub, value);
        if t.def.is_some() && !is_complex(t.def) {
            return Err(K::UnsupportedPath {
                path: t.sub_shown(),
                reason: "the attribute has no sub-attributes",
            });
        }
        self.merge_attribute(t, incoming)
    }

    /// `attr[filter]` and `attr[filter].sub`.
    fn set_filtered(&mut self, how: Set, t: &mut Target<'r>, value: Value) -> R<()> {
        let matched = self.matching(t)?;
        if matched.is_empty() {
            if self.tolerance.accepts_add_creates_value() {
                if let Some(element) = self.element_from_filter(t) {
                    return self.create_element(t, element, value);
                }
            }
            let creatable = self.element_from_filter(t).is_some();
            return Err(K::NoTarget {
                path: t.sub_shown(),
                creatable,
            });
        }
        let sub = t.sub.clone();
        self.set_in_elements(how, t, &matched, sub.as_deref(), value)
    }

    /// Sets `sub` (or, without one, the whole value for `replace`, the
    /// given sub-attributes for `add`) in the elements at `indices`.
    fn set_in_elements(
        &mut self,
        how: Set,
        t: &mut Target<'r>,
        indices: &[usize],
        sub: Option<&str>,
        value: Value,
    ) -> R<()> {
        let at = t.at();
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        match sub {
            Some(sub) => {
                let sub_def = t.def.and_then(|d| d.sub_attribute(sub));
                let shown = format!("{}.{}", t.shown, sub_def.map_or(sub, |s| s.name.as_str()));
                let value = if value.is_null() {
                    value
                } else {
                    self.check_single(sub_def, &shown, value)?
                };
                let mut incoming = Map::new();
                incoming.insert(sub.to_owned(), value);
                for &i in indices {
                    let mut el = at.clone();
                    el.push(Step::Index(i));
                    if !self.doc.get(&el).is_some_and(Value::is_object) {
                        return Err(K::UnsupportedPath {
                            path: shown,
                            reason: "the value is not complex",
                        });
                    }
                    self.merge_into(&el, t.def, &t.shown, incoming.clone())?;
                }
            }
            None => {
                let new = self.check_single(t.def, &t.shown, value)?;
                for &i in indices {
                    let mut el = at.clone();
                    el.push(Step::Index(i));
                    match (how, &new) {
                        (Set::Add, Value::Object(o))
                            if self.doc.get(&el).is_some_and(Value::is_object) =>
                        {
                            self.merge_into(&el, t.def, &t.shown, o.clone())?;
                        }
                        _ => {
                            let new = strip_nulls(new.clone());
                            self.check_element_change(t, &el, &new)?;
                            self.doc.set(&el, new);
                        }
                    }
                }
            }
        }
        self.enforce_primary(t, indices)
    }

    /// Checks that replacing the element at `el` with `new` changes no
    /// read-only or immutable sub-attribute that has a value.
    fn check_element_change(&self, t: &Target<'_>, el: &[Step], new: &Value) -> R<()> {
        let Some(def) = t.def else { return Ok(()) };
        let old = self.doc.get(el);
        for sub in &def.sub_attributes {
            let o = old
                .and_then(Value::as_object)
                .and_then(|o| member(o, &sub.name));
            let n = new.as_object().and_then(|o| member(o, &sub.name));
            let shown = format!("{}.{}", t.shown, sub.name);
            match sub.mutability() {
                Mutability::ReadOnly | Mutability::Immutable => {
                    Self::may_change(Some(sub), &shown, o, n)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A new element holding what an `eq`-only filter asks for, if the
    /// filter is of that form.
    fn element_from_filter(&self, t: &Target<'_>) -> Option<Map<String, Value>> {
        fn collect(f: &Filter, out: &mut Map<String, Value>) -> bool {
            match f {
                Filter::Compare(c)
                    if c.op == CompareOp::Eq
                        && c.path.sub_attr().is_none()
                        && !matches!(c.value, CompValue::Null) =>
                {
                    out.insert(c.path.name().to_owned(), Value::from(c.value.clone()));
                    true
                }
                Filter::And(list) => list.iter().all(|f| collect(f, out)),
                _ => false,
            }
        }
        let mut out = Map::new();
        let f = t.filter.as_ref()?;
        if !collect(f, &mut out) {
            return None;
        }
        if !self.is_multi(t, None) || t.def.is_some_and(|d| !is_complex(Some(d))) {
            return None;
        }
        Some(out)
    }

    /// Creates an element from a filter and the operation's value.
    fn create_element(
        &mut self,
        t: &mut Target<'r>,
        mut element: Map<String, Value>,
        value: Value,
    ) -> R<()> {
        match (&t.sub, value) {
            (Some(sub), v) => {
                element.insert(sub.clone(), v);
            }
            (None, Value::Object(o)) => element.extend(o),
            (None, other) => {
                return Err(K::WrongType {
                    attr: t.shown.clone(),
                    expected: "a complex value (an object)",
                    found: json_kind(&other),
                    hint: None,
                });
            }
        }
        self.coerced(&t.sub_shown(), CoercionKind::CreatedValue);
        let element = strip_nulls(self.check_single(t.def, &t.shown, Value::Object(element))?);
        self.append(t, vec![element])
    }

    /// `add` of values to a multi-valued attribute: values already present
    /// (same `value`, compared as the schema says; or equal, for values
    /// without one) are not added twice, and their other sub-attributes
    /// are merged into the present one.
    fn add_elements(&mut self, t: &mut Target<'r>, elements: Vec<Value>) -> R<()> {
        if elements.is_empty() {
            return Ok(());
        }
        Self::check_one_primary(&elements, &t.shown)?;
        let existing: &[Value] = match self.current(t) {
            Some(Value::Array(a)) => a,
            Some(Value::Null) | None => &[],
            Some(other) => {
                return Err(K::WrongType {
                    attr: t.shown.clone(),
                    expected: "a single value, as it holds",
                    found: json_kind(other),
                    hint: None,
                });
            }
        };
        let def = t.def;
        let mut merges: Vec<(usize, Value)> = Vec::new();
        let mut fresh: Vec<Value> = Vec::new();
        if elements.len() == 1 {
            for e in elements {
                let want = Ident::of(&e, def);
                match existing.iter().position(|x| want.matches(x)) {
                    Some(i) => merges.push((i, e)),
                    None => fresh.push(e),
                }
            }
        } else {
            let mut seen: HashMap<String, usize> = HashMap::with_capacity(existing.len());
            for (i, x) in existing.iter().enumerate() {
                if let Some(id) = identity(x, def) {
                    seen.entry(id).or_insert(i);
                }
            }
            let n = existing.len();
            for e in elements {
                let found = match identity(&e, def) {
                    Some(id) => match seen.get(&id) {
                        Some(&i) => Some(i),
                        None => {
                            seen.insert(id, n + fresh.len());
                            None
                        }
                    },
                    None => existing.iter().chain(fresh.iter()).position(|x| x == &e),
                };
                match found {
                    Some(i) if i < n => merges.push((i, e)),
                    Some(i) => {
                        // A repeat among the new values: merge into the new one.
                        if let (Some(Value::Object(into)), Value::Object(mut from)) =
                            (fresh.get_mut(i - n), e)
                        {
                            if let Some(k) = find_key(&from, "value").cloned() {
                                from.remove(&k);
                            }
                            into.extend(from);
                        }
                    }
                    None => fresh.push(e),
                }
            }
        }
        if def.is_some_and(|d| d.mutability() == Mutability::ReadOnly) {
            let at = t.at();
            let unchanged = fresh.is_empty()
                && merges.iter().all(|(i, e)| {
                    let mut el = at.clone();
                    el.push(Step::Index(*i));
                    self.doc.get(&el) == Some(e)
                });
            return if unchanged {
                Ok(())
            } else {
                Err(K::ReadOnly(t.shown.clone()))
            };
        }
        let at = t.at();
        let mut touched = Vec::with_capacity(merges.len() + fresh.len());
        for (i, e) in merges {
            let mut el = at.clone();
            el.push(Step::Index(i));
            match e {
                Value::Object(mut o) if self.doc.get(&el).is_some_and(Value::is_object) => {
                    // The present value keeps its own spelling of `value`.
                    if let Some(k) = find_key(&o, "value").cloned() {
                        o.remove(&k);
                    }
                    self.merge_into(&el, def, &t.shown, o)?;
                }
                _ => {}
            }
            touched.push(i);
        }
        self.append_touched(t, fresh, touched)
    }

    fn append(&mut self, t: &mut Target<'r>, fresh: Vec<Value>) -> R<()> {
        self.append_touched(t, fresh, Vec::new())
    }

    fn append_touched(
        &mut self,
        t: &mut Target<'r>,
        fresh: Vec<Value>,
        mut touched: Vec<usize>,
    ) -> R<()> {
        if !fresh.is_empty() {
            if t.def
                .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
            {
                return Err(K::ReadOnly(t.shown.clone()));
            }
            let at = t.at();
            match self.current(t) {
                Some(Value::Array(a)) => {
                    let n = a.len();
                    touched.extend(n..n + fresh.len());
                    self.doc.push(&at, fresh);
                }
                _ => {
                    touched.extend(0..fresh.len());
                    self.ensure_holder(t);
                    self.doc.set(&at, Value::Array(fresh));
                }
            }
        }
        self.enforce_primary(t, &touched)
    }

    /// `replace` of a whole multi-valued attribute.
    fn replace_elements(&mut self, t: &mut Target<'r>, elements: Vec<Value>) -> R<()> {
        Self::check_one_primary(&elements, &t.shown)?;
        if elements.is_empty() {
            return self.remove_whole(t);
        }
        let new = Value::Array(elements);
        Self::may_change(t.def, &t.shown, self.current(t), Some(&new))?;
        self.ensure_holder(t);
        self.doc.set(&t.at(), new);
        Ok(())
    }

    fn is_primary(v: &Value) -> bool {
        v.as_object()
            .and_then(|o| member(o, "primary"))
            .is_some_and(|p| p == &Value::Bool(true))
    }

    fn check_one_primary(elements: &[Value], shown: &str) -> R<()> {
        if elements.iter().filter(|e| Self::is_primary(e)).count() > 1 {
            return Err(K::ManyPrimary(shown.to_owned()));
        }
        Ok(())
    }

    /// After the elements at `touched` were set, makes the one marked
    /// primary the only one (RFC 7644 §3.5.2).
    fn enforce_primary(&mut self, t: &Target<'_>, touched: &[usize]) -> R<()> {
        let at = t.at();
        let Some(Value::Array(items)) = self.doc.get(&at) else {
            return Ok(());
        };
        let primaries: Vec<usize> = touched
            .iter()
            .copied()
            .filter(|&i| items.get(i).is_some_and(Self::is_primary))
            .collect();
        let [winner] = primaries.as_slice() else {
            if primaries.len() > 1 {
                return Err(K::ManyPrimary(t.shown.clone()));
            }
            return Ok(());
        };
        let losers: Vec<(usize, String)> = items
            .iter()
            .enumerate()
            .filter(|(i, v)| i != winner && Self::is_primary(v))
            .filter_map(|(i, v)| {
                v.as_object()
                    .and_then(|o| find_key(o, "primary"))
                    .map(|k| (i, k.clone()))
            })
            .collect();
        for (i, k) in losers {
            let mut slot = at.clone();
            slot.push(Step::Index(i));
            slot.push(Step::Key(k));
            self.doc.set(&slot, Value::Bool(false));
        }
        Ok(())
    }

    // ---- filters --------------------------------------------------------

    /// The indices of the values of the target's attribute its filter
    /// matches.
    fn matching(&self, t: &Target<'_>) -> R<Vec<usize>> {
        let (Some(filter), Some(parent)) = (t.filter.as_ref(), t.parent.as_ref()) else {
            return Ok(Vec::new());
        };
        if t.def.is_some_and(|d| !d.is_multi_valued()) {
            return Err(K::UnsupportedPath {
                path: t.shown.clone(),
                reason: "a value filter needs a multi-valued attribute",
            });
        }
        let ev = self.evaluator();
        ev.check_element(filter, &self.schemas, parent)
            .map_err(K::InvalidFilter)?;
        let items: &[Value] = match self.current(t) {
            Some(Value::Array(a)) => a,
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(_) => {
                return Err(K::UnsupportedPath {
                    path: t.shown.clone(),
                    reason: "a value filter needs a multi-valued attribute",
                });
            }
        };
        let fast = FastEq::new(filter, t.def);
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let hit = match fast.as_ref().and_then(|f| f.test(item)) {
                Some(hit) => hit,
                None => ev
                    .matches_element(filter, &self.schemas, parent, item)
                    .map_err(K::InvalidFilter)?,
            };
            if hit {
                out.push(i);
            }
        }
        Ok(out)
    }

    // ---- remove ---------------------------------------------------------

    fn remove(&mut self, t: &Target<'r>) -> R<()> {
        if t.sub.is_none()
            && t.filter.is_none()
            && t.def.is_none()
            && self.is_extension_urn(&t.shown)
        {
            let whole = t.shown.clone();
            return self.remove_extension(&whole);
        }
        match (t.filter.is_some(), t.sub.as_deref()) {
            (false, None) => self.remove_whole(t),
            (false, Some(sub)) => {
                let sub = sub.to_owned();
                if self.is_multi(t, None) {
                    let n = match self.current(t) {
                        Some(Value::Array(a)) => a.len(),
                        _ => 0,
                    };
                    let all: Vec<usize> = (0..n).collect();
                    self.remove_sub_in_elements(t, &all, &sub)
                } else {
                    self.remove_sub(t, &sub)
                }
            }
            (true, sub) => {
                let matched = self.matching(t)?;
                if matched.is_empty() {
                    if self.tolerance.accepts_remove_unmatched() {
                        self.coerced(&t.sub_shown(), CoercionKind::RemoveUnmatched);
                        return Ok(());
                    }
                    return Err(K::NoTarget {
                        path: t.sub_shown(),
                        creatable: false,
                    });
                }
                match sub {
                    Some(sub) => {
                        let sub = sub.to_owned();
                        self.remove_sub_in_elements(t, &matched, &sub)
                    }
                    None => self.remove_elements(t, &matched),
                }
            }
        }
    }

    fn remove_whole(&mut self, t: &Target<'_>) -> R<()> {
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        let old = self.current(t);
        if old.is_none() {
            return Ok(());
        }
        Self::may_change(t.def, &t.shown, old, None)?;
        self.doc.remove(&t.at());
        self.prune_holder(t);
        Ok(())
    }

    /// `attr.sub` of a single-valued complex attribute.
    fn remove_sub(&mut self, t: &Target<'_>, sub: &str) -> R<()> {
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        let Some(Value::Object(cur)) = self.current(t) else {
            return Ok(());
        };
        let Some(k) = find_key(cur, sub).cloned() else {
            return Ok(());
        };
        Self::may_change(t.sub_def(), &t.sub_shown(), cur.get(&k), None)?;
        let attr_at = t.at();
        let mut at = attr_at.clone();
        at.push(Step::Key(k));
        self.doc.remove(&at);
        if self.doc.object(&attr_at).is_some_and(Map::is_empty) {
            if t.def.is_some_and(Attribute::is_required) {
                return Err(K::Required(t.shown.clone()));
            }
            self.doc.remove(&attr_at);
            self.prune_holder(t);
        }
        Ok(())
    }

    fn remove_elements(&mut self, t: &Target<'_>, indices: &[usize]) -> R<()> {
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        let at = t.at();
        let all = match self.current(t) {
            Some(Value::Array(a)) => a.len() == indices.len(),
            _ => false,
        };
        if all {
            Self::may_change(t.def, &t.shown, Some(&Value::Bool(true)), None)?;
            self.doc.remove(&at);
            self.prune_holder(t);
        } else {
            self.doc.remove_elements(&at, indices);
        }
        Ok(())
    }

    fn remove_sub_in_elements(&mut self, t: &Target<'_>, indices: &[usize], sub: &str) -> R<()> {
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        let sub_def = t.def.and_then(|d| d.sub_attribute(sub));
        let shown = format!("{}.{}", t.shown, sub_def.map_or(sub, |s| s.name.as_str()));
        let at = t.at();
        for &i in indices {
            let mut el = at.clone();
            el.push(Step::Index(i));
            let Some(obj) = self.doc.object(&el) else {
                continue;
            };
            let Some(k) = find_key(obj, sub).cloned() else {
                continue;
            };
            Self::may_change(sub_def, &shown, obj.get(&k), None)?;
            el.push(Step::Key(k));
            self.doc.remove(&el);
        }
        Ok(())
    }

    /// `remove` with a value, read (with tolerance) as removing those
    /// values from a multi-valued attribute.
    fn remove_values(&mut self, t: &Target<'r>, value: &Value) -> R<()> {
        let allowed = self.tolerance.accepts_remove_with_value();
        if !allowed || t.filter.is_some() || t.sub.is_some() || !self.is_multi(t, Some(value)) {
            return Err(K::RemoveWithValue(
                !allowed && t.filter.is_none() && t.sub.is_none(),
            ));
        }
        if t.def
            .is_some_and(|d| d.mutability() == Mutability::ReadOnly)
        {
            return Err(K::ReadOnly(t.shown.clone()));
        }
        let wanted: Vec<&Value> = match value {
            Value::Array(a) => a.iter().collect(),
            one => vec![one],
        };
        let indices: Vec<usize> = match self.current(t) {
            Some(Value::Array(items)) => {
                let ids: std::collections::HashSet<String> =
                    wanted.iter().filter_map(|w| identity(w, t.def)).collect();
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| match identity(x, t.def) {
                        Some(id) => ids.contains(&id),
                        None => wanted.contains(x),
                    })
                    .map(|(i, _)| i)
                    .collect()
            }
            _ => Vec::new(),
        };
        self.coerced(&t.shown, CoercionKind::RemoveWithValue(indices.len()));
        if indices.is_empty() {
            return Ok(());
        }
        self.remove_elements(t, &indices)
    }
}

/// A fast path for the most common value filter, `value eq "…"` (or any
/// string sub-attribute compared with `eq`), with the same meaning as the
/// evaluator. `test` answers `None` when the element needs the evaluator.
struct FastEq<'f> {
    name: &'f str,
    want: &'f str,
    case_exact: bool,
}

impl<'f> FastEq<'f> {
    fn new(filter: &'f Filter, def: Option<&Attribute>) -> Option<FastEq<'f>> {
        let Filter::Compare(c) = filter else {
            return None;
        };
        if c.op != CompareOp::Eq || c.path.uri().is_some() || c.path.sub_attr().is_some() {
            return None;
        }
        let want = c.value.as_str()?;
        let sub = def?.sub_attribute(c.path.name())?;
        if !matches!(
            sub.attribute_type(),
            AttributeType::String | AttributeType::Reference
        ) || sub.is_multi_valued()
        {
            return None;
        }
        Some(FastEq {
            name: c.path.name(),
            want,
            case_exact: sub.is_case_exact(),
        })
    }

    fn test(&self, element: &Value) -> Option<bool> {
        let Value::Object(o) = element else {
            return None;
        };
        match small_member(o, self.name) {
            None | Some(Value::Null) => Some(false),
            Some(Value::String(s)) => Some(if self.case_exact {
                s == self.want
            } else {
                crate::filter::eq_ignore_case(s, self.want)
            }),
            Some(_) => None,
        }
    }
}

/// A new value without its `null` sub-attributes (they mean "no value").
fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(mut o) => {
            o.retain(|_, v| !v.is_null());
            Value::Object(o)
        }
        other => other,
    }
}

/// Whether `s` is base64 text (standard or URL-safe alphabet, padding and
/// line breaks allowed).
fn is_base64(s: &str) -> bool {
    s.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'=' | b'\r' | b'\n')
    })
}
