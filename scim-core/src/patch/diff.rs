//! Computing the PATCH that turns one version of a resource into another.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::apply::find_key;
use crate::filter::{AttrPath, PatchPath, attr, fold_case};
use crate::message::{PatchOp, PatchOperation};
use crate::schema::{Attribute, Mutability, SchemaRegistry};

/// How [`diff`] writes its operations, for service providers whose PATCH
/// support is narrower than RFC 7644's.
///
/// ```
/// use scim_core::patch::DiffOptions;
///
/// let narrow = DiffOptions::new().value_filters(false).replace_whole_multi_valued(true);
/// assert!(!narrow.uses_value_filters());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct DiffOptions<'r> {
    registry: &'r SchemaRegistry,
    pathless: bool,
    filters: bool,
    whole_multi: bool,
    read_only: bool,
}

impl Default for DiffOptions<'static> {
    fn default() -> Self {
        DiffOptions::new()
    }
}

impl DiffOptions<'static> {
    /// The default options, with the core schemas: operations with paths,
    /// value filters to remove or replace single values of multi-valued
    /// attributes, read-only attributes left out.
    pub fn new() -> DiffOptions<'static> {
        DiffOptions {
            registry: SchemaRegistry::core_ref(),
            pathless: false,
            filters: true,
            whole_multi: false,
            read_only: false,
        }
    }
}

impl<'r> DiffOptions<'r> {
    /// Takes attribute characteristics (which attributes are read-only or
    /// immutable) from `registry`.
    ///
    /// Defaults to the core schemas.
    pub fn with_registry<'s>(self, registry: &'s SchemaRegistry) -> DiffOptions<'s> {
        DiffOptions {
            registry,
            pathless: self.pathless,
            filters: self.filters,
            whole_multi: self.whole_multi,
            read_only: self.read_only,
        }
    }

    /// Writes the whole change as one path-less `replace`, with each
    /// changed attribute at its new value and `null` for each removed
    /// attribute or sub-attribute (RFC 7643 §2.5: `null` is "no value").
    ///
    /// Defaults to off.
    pub const fn pathless_replace_only(mut self, on: bool) -> DiffOptions<'r> {
        self.pathless = on;
        self
    }

    /// Whether paths may hold value filters (`members[value eq "…"]`).
    /// Without them, a multi-valued attribute that lost or changed values
    /// is replaced whole; added values are still added alone.
    ///
    /// Defaults to on.
    pub const fn value_filters(mut self, on: bool) -> DiffOptions<'r> {
        self.filters = on;
        self
    }

    /// Replaces a changed multi-valued attribute whole instead of adding
    /// and removing single values.
    ///
    /// Defaults to off.
    pub const fn replace_whole_multi_valued(mut self, on: bool) -> DiffOptions<'r> {
        self.whole_multi = on;
        self
    }

    /// Includes read-only attributes (`id`, `meta`, `groups`, …), which a
    /// service provider rejects in a PATCH.
    ///
    /// Defaults to off: they are left out.
    pub const fn include_read_only(mut self, on: bool) -> DiffOptions<'r> {
        self.read_only = on;
        self
    }

    /// Whether [`pathless_replace_only`](Self::pathless_replace_only) is on.
    pub const fn is_pathless_replace_only(&self) -> bool {
        self.pathless
    }

    /// Whether [`value_filters`](Self::value_filters) is on.
    pub const fn uses_value_filters(&self) -> bool {
        self.filters
    }

    /// Whether [`replace_whole_multi_valued`](Self::replace_whole_multi_valued) is on.
    pub const fn replaces_whole_multi_valued(&self) -> bool {
        self.whole_multi
    }

    /// Whether [`include_read_only`](Self::include_read_only) is on.
    pub const fn includes_read_only(&self) -> bool {
        self.read_only
    }
}

/// The PATCH that turns `old` into `new`: applying it to `old` with
/// [`Patcher`](super::Patcher) gives `new` (apart from attributes left out,
/// see [`DiffOptions::include_read_only`]).
///
/// * Unchanged attributes get no operation; attribute names match
///   ignoring case.
/// * A complex attribute gets one `replace` of the sub-attributes that
///   changed and a `remove` of each one that went away.
/// * A multi-valued attribute whose values all have a distinct `value`
///   gets a `remove` of each value that went away (`members[value eq
///   "…"]`, the value escaped), a `replace` of each one that changed, and
///   one `add` of the new ones; when the order of the values would then
///   differ from `new`, or the values cannot be told apart, it is replaced
///   whole.
/// * Extension attributes are written with their schema URN.
/// * An attribute whose name no path can hold (not `ALPHA *(nameChar)`,
///   RFC 7643 §2.1) is set, or removed with `null`, in one path-less
///   `replace`.
/// * `null`, `[]` and `{}` count as no value.
///
/// If either side is not a JSON object, the result has no operation. A
/// result without operations means there is nothing to send: RFC 7644
/// §3.5.2 asks a PATCH for at least one, and [`Patcher::apply`] answers an
/// empty one with `invalidValue`.
///
/// [`Patcher::apply`]: super::Patcher::apply
///
/// ```
/// use scim_core::patch::{diff, DiffOptions, Patcher};
/// use serde_json::json;
///
/// let old = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Tour Guides",
///                  "members": [{"value": "2819c223"}, {"value": "902c246b"}]});
/// let new = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Tour Guides",
///                  "members": [{"value": "902c246b"}, {"value": "08e1d05d"}]});
/// let patch = diff(&old, &new, &DiffOptions::new());
/// assert_eq!(serde_json::to_value(&patch)?["Operations"], json!([
///     {"op": "remove", "path": "members[value eq \"2819c223\"]"},
///     {"op": "add", "path": "members", "value": [{"value": "08e1d05d"}]}
/// ]));
///
/// let mut patched = old.clone();
/// Patcher::core().apply(&mut patched, &patch)?;
/// assert_eq!(patched, new);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(old: &Value, new: &Value, options: &DiffOptions<'_>) -> PatchOp {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return PatchOp::new(Vec::new());
    };
    let schemas: Vec<&str> = [new, old]
        .iter()
        .filter_map(|m| find_key(m, "schemas").and_then(|k| m.get(k)))
        .filter_map(Value::as_array)
        .next()
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut d = Differ {
        options,
        registry: options.registry,
        schemas: &schemas,
        ops: Vec::new(),
        pathless: Map::new(),
    };
    for (key, o, n) in pairs(old, new) {
        let is_ext = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"))
            && (o.is_some_and(Value::is_object) || n.is_some_and(Value::is_object));
        if is_ext {
            d.extension(key, o, n);
        } else {
            d.attribute(None, key, o, n);
        }
    }
    let mut ops = d.ops;
    if !d.pathless.is_empty() {
        ops.push(PatchOperation::replace_attributes(Value::Object(
            d.pathless,
        )));
    }
    PatchOp::new(ops)
}

/// The members of two objects paired by name ignoring ASCII case, in the
/// order of `old` then the names only in `new`; the key is `new`'s
/// spelling when both have one.
fn pairs<'v>(
    old: &'v Map<String, Value>,
    new: &'v Map<String, Value>,
) -> Vec<(&'v str, Option<&'v Value>, Option<&'v Value>)> {
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    let mut seen_new = HashSet::new();
    for (k, o) in old {
        let nk = find_key(new, k);
        if let Some(nk) = nk {
            seen_new.insert(nk.as_str());
        }
        let n = nk.and_then(|nk| new.get(nk));
        out.push((nk.map_or(k.as_str(), String::as_str), Some(o), n));
    }
    for (k, n) in new {
        if !seen_new.contains(k.as_str()) {
            out.push((k.as_str(), None, Some(n)));
        }
    }
    out
}

/// The value, or `None` when it counts as no value.
fn assigned(v: Option<&Value>) -> Option<&Value> {
    match v? {
        Value::Null => None,
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) if o.is_empty() => None,
        other => Some(other),
    }
}

struct Differ<'o, 's> {
    options: &'o DiffOptions<'o>,
    registry: &'o SchemaRegistry,
    schemas: &'s [&'s str],
    ops: Vec<PatchOperation>,
    pathless: Map<String, Value>,
}

fn path_text(urn: Option<&str>, name: &str) -> String {
    match urn {
        Some(u) => format!("{u}:{name}"),
        None => name.to_owned(),
    }
}

/// The `value` of each element, if every element is an object with a
/// distinct string `value`, distinct also ignoring case.
fn identities(items: &[Value]) -> Option<Vec<&str>> {
    let mut folded = HashSet::with_capacity(items.len());
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let v = item.as_object().and_then(|o| o.get("value"))?.as_str()?;
        if !folded.insert(fold_case(v)) {
            return None;
        }
        out.push(v);
    }
    Some(out)
}

/// Whether a list would lose values when added one by one (values equal
/// to, or with the same `value` as, an earlier one).
fn has_repeats(items: &[Value]) -> bool {
    if items
        .iter()
        .all(|i| i.as_object().is_some_and(|o| o.contains_key("value")))
    {
        return identities(items).is_none();
    }
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items.iter().skip(i + 1).any(|b| a == b))
}

impl<'o> Differ<'o, '_> {
    fn def(&self, urn: Option<&str>, name: &str) -> Option<&'o Attribute> {
        self.registry.attribute(self.schemas, urn, name, None)
    }

    fn extension(&mut self, urn: &str, o: Option<&Value>, n: Option<&Value>) {
        let empty = Map::new();
        let o = o.and_then(Value::as_object).unwrap_or(&empty);
        let n = n.and_then(Value::as_object).unwrap_or(&empty);
        for (key, ov, nv) in pairs(o, n) {
            self.attribute(Some(urn), key, ov, nv);
        }
    }

    /// Puts `name: value` into the path-less replace, under the extension
    /// object when `urn` is given.
    fn put_pathless(&mut self, urn: Option<&str>, name: &str, value: Value) {
        let map = match urn {
            None => &mut self.pathless,
            Some(u) => {
                let slot = self
                    .pathless
                    .entry(u.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                match slot {
                    Value::Object(m) => m,
                    _ => return,
                }
            }
        };
        map.insert(name.to_owned(), value);
    }

    fn attribute(&mut self, urn: Option<&str>, name: &str, o: Option<&Value>, n: Option<&Value>) {
        let def = self.def(urn, name);
        if !self.options.read_only && def.is_some_and(|d| d.mutability() == Mutability::ReadOnly) {
            return;
        }
        let (o, n) = (assigned(o), assigned(n));
        if o == n {
            return;
        }
        let path = path_text(urn, name);
        // A name no path can hold (`a!b`, which a path-less PATCH can
        // still set) goes into the path-less replace.
        if self.options.pathless || AttrPath::from_parts(urn, name, None).is_err() {
            let value = match (o, n) {
                (_, None) => Value::Null,
                (Some(Value::Object(om)), Some(Value::Object(nm))) => {
                    let mut v = nm.clone();
                    for k in om.keys() {
                        if find_key(nm, k).is_none() {
                            v.insert(k.clone(), Value::Null);
                        }
                    }
                    Value::Object(v)
                }
                (_, Some(n)) => n.clone(),
            };
            self.put_pathless(urn, name, value);
            return;
        }
        match (o, n) {
            (_, None) => self.ops.push(PatchOperation::remove(path)),
            (None, Some(n)) => {
                let op = match n {
                    Value::Array(items) if has_repeats(items) => {
                        PatchOperation::replace(path, n.clone())
                    }
                    _ => PatchOperation::add(path, n.clone()),
                };
                self.ops.push(op);
            }
            (Some(Value::Array(oa)), Some(Value::Array(na))) => {
                self.multi(urn, name, def, &path, oa, na);
            }
            (Some(Value::Object(om)), Some(Value::Object(nm))) => {
                self.complex(&path, def, om, nm);
            }
            (Some(_), Some(n)) => self.ops.push(PatchOperation::replace(path, n.clone())),
        }
    }

    fn complex(
        &mut self,
        path: &str,
        def: Option<&Attribute>,
        om: &Map<String, Value>,
        nm: &Map<String, Value>,
    ) {
        let mut removed = Vec::new();
        let mut set = Map::new();
        for (k, ov, nv) in pairs(om, nm) {
            let sub = def.and_then(|d| d.sub_attribute(k));
            if !self.options.read_only
                && sub.is_some_and(|s| s.mutability() == Mutability::ReadOnly)
            {
                continue;
            }
            match (assigned(ov), assigned(nv)) {
                (a, b) if a == b => {}
                (_, None) => removed.push(k),
                (_, Some(v)) => {
                    set.insert(k.to_owned(), v.clone());
                }
            }
        }
        let valid = removed
            .iter()
            .all(|k| AttrPath::from_parts(None, k, None).is_ok());
        if !valid {
            // Sub-attributes a path cannot name: replace the whole value.
            self.ops.push(PatchOperation::remove(path));
            self.ops
                .push(PatchOperation::add(path, Value::Object(nm.clone())));
            return;
        }
        for k in removed {
            self.ops.push(PatchOperation::remove(format!("{path}.{k}")));
        }
        if !set.is_empty() {
            self.ops
                .push(PatchOperation::replace(path, Value::Object(set)));
        }
    }

    fn multi(
        &mut self,
        urn: Option<&str>,
        name: &str,
        def: Option<&Attribute>,
        path: &str,
        oa: &[Value],
        na: &[Value],
    ) {
        let whole = |d: &mut Self| {
            d.ops
                .push(PatchOperation::replace(path, Value::Array(na.to_vec())));
        };
        if self.options.whole_multi {
            return whole(self);
        }
        let (Some(old_ids), Some(new_ids)) = (identities(oa), identities(na)) else {
            return whole(self);
        };
        // The same value must be spelled the same on both sides.
        let old_by_fold: HashMap<String, (usize, &str)> = old_ids
            .iter()
            .enumerate()
            .map(|(i, v)| (fold_case(v), (i, *v)))
            .collect();
        let mut kept = Vec::new();
        let mut added = Vec::new();
        let mut in_new = HashSet::with_capacity(new_ids.len());
        for (j, v) in new_ids.iter().enumerate() {
            let f = fold_case(v);
            match old_by_fold.get(&f) {
                Some((i, ov)) if ov == v => kept.push((*i, j)),
                Some(_) => return whole(self),
                None => added.push(j),
            }
            in_new.insert(f);
        }
        // Applying keeps the old order and appends: it must give `new`'s.
        let order_ok = kept.windows(2).all(|w| match w {
            [a, b] => a.0 < b.0,
            _ => true,
        }) && kept.iter().enumerate().all(|(pos, (_, j))| pos == *j);
        if !order_ok {
            return whole(self);
        }
        let removed: Vec<&str> = old_ids
            .iter()
            .copied()
            .filter(|v| !in_new.contains(&fold_case(v)))
            .collect();
        let changed: Vec<(usize, usize)> = kept
            .iter()
            .copied()
            .filter(|(i, j)| oa.get(*i) != na.get(*j))
            .collect();
        if removed.len() == oa.len() && !added.is_empty() {
            return whole(self);
        }
        if !self.options.filters && (!removed.is_empty() || !changed.is_empty()) {
            return whole(self);
        }
        // A change to a value's immutable or read-only sub-attribute cannot
        // be made in place.
        let fixed = |k: &str| {
            def.and_then(|d| d.sub_attribute(k)).is_some_and(|s| {
                matches!(s.mutability(), Mutability::Immutable | Mutability::ReadOnly)
            })
        };
        for (i, j) in &changed {
            let (Some(Value::Object(o)), Some(Value::Object(n))) = (oa.get(*i), na.get(*j)) else {
                return whole(self);
            };
            let touches_fixed = pairs(o, n).iter().any(|(k, a, b)| a != b && fixed(k));
            if touches_fixed {
                return whole(self);
            }
        }
        let Ok(attr_path) = AttrPath::from_parts(urn, name, None) else {
            return whole(self);
        };
        let select = |v: &str| -> Option<String> {
            let filter = attr("value").eq(v).build().ok()?;
            PatchPath::with_filter(attr_path.clone(), filter, None)
                .ok()
                .map(|p| p.to_string())
        };
        let mut ops = Vec::new();
        for v in removed {
            let Some(p) = select(v) else {
                return whole(self);
            };
            ops.push(PatchOperation::remove(p));
        }
        for (_, j) in changed {
            let (Some(v), Some(el)) = (new_ids.get(j), na.get(j)) else {
                return whole(self);
            };
            let Some(p) = select(v) else {
                return whole(self);
            };
            ops.push(PatchOperation::replace(p, el.clone()));
        }
        if !added.is_empty() {
            let values: Vec<Value> = added.iter().filter_map(|j| na.get(*j).cloned()).collect();
            ops.push(PatchOperation::add(path, Value::Array(values)));
        }
        self.ops.extend(ops);
    }
}
