//! `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) and
//! `sortBy` (§3.4.2.3).

use std::cmp::Ordering;

use scim_core::schema::{Attribute, AttributeType, Returned, SchemaRegistry};
use scim_core::{AttrPath, DateTime};
use serde_json::{Map, Value};

/// One entry of `attributes` or `excludedAttributes`, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Selected {
    /// The extension URN the attribute lives under; `None` for the
    /// resource's own schema (and common attributes).
    ext: Option<String>,
    /// The attribute name; `None` selects the whole extension object.
    name: Option<String>,
    sub: Option<String>,
}

/// Reads a comma-separated list of attribute paths. `schemas` is the
/// resource type's own schema, `extensions` its extension schemas.
pub(crate) fn parse_list(
    items: &[String],
    schema: &str,
    extensions: &[String],
) -> Result<Vec<Selected>, String> {
    let mut out = Vec::new();
    for item in items.iter().flat_map(|s| s.split(',')) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(ext) = extensions.iter().find(|e| e.eq_ignore_ascii_case(item)) {
            out.push(Selected {
                ext: Some(ext.clone()),
                name: None,
                sub: None,
            });
            continue;
        }
        let path = AttrPath::parse(item).map_err(|e| format!("attribute path `{item}`: {e}"))?;
        let ext = match path.uri() {
            None => None,
            Some(uri) if uri.eq_ignore_ascii_case(schema) => None,
            Some(uri) => Some(
                extensions
                    .iter()
                    .find(|e| e.eq_ignore_ascii_case(uri))
                    .cloned()
                    .unwrap_or_else(|| uri.to_owned()),
            ),
        };
        out.push(Selected {
            ext,
            name: Some(path.name().to_owned()),
            sub: path.sub_attr().map(str::to_owned),
        });
    }
    Ok(out)
}

/// Which attributes a response carries.
#[derive(Clone, Debug, Default)]
pub(crate) struct Projection {
    pub(crate) attributes: Vec<Selected>,
    pub(crate) excluded: Vec<Selected>,
    /// The `returned: never` attributes of the resource type, for the fast
    /// path without `attributes`/`excludedAttributes`.
    pub(crate) never: Option<Vec<Selected>>,
}

/// The `returned: never` attributes and sub-attributes of `schemas` (the
/// resource type's own schema first, then its extensions).
pub(crate) fn never_returned(
    registry: &SchemaRegistry,
    schema: &str,
    extensions: &[String],
) -> Vec<Selected> {
    let mut out = Vec::new();
    let all = std::iter::once((None, schema))
        .chain(extensions.iter().map(|e| (Some(e.clone()), e.as_str())));
    for (ext, urn) in all {
        let Some(s) = registry.get(urn) else { continue };
        for a in s.attributes.iter().chain(if ext.is_none() {
            registry.common_attributes()
        } else {
            &[]
        }) {
            if a.returned() == Returned::Never {
                out.push(Selected {
                    ext: ext.clone(),
                    name: Some(a.name.clone()),
                    sub: None,
                });
                continue;
            }
            for sub in &a.sub_attributes {
                if sub.returned() == Returned::Never {
                    out.push(Selected {
                        ext: ext.clone(),
                        name: Some(a.name.clone()),
                        sub: Some(sub.name.clone()),
                    });
                }
            }
        }
    }
    out
}

fn remove_key(map: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()?;
    map.remove(&key)
}

fn drop_never(map: &mut Map<String, Value>, never: &[Selected]) {
    for n in never {
        let holder = match &n.ext {
            None => Some(&mut *map),
            Some(urn) => {
                let key = map.keys().find(|k| k.eq_ignore_ascii_case(urn)).cloned();
                key.and_then(|k| map.get_mut(&k))
                    .and_then(Value::as_object_mut)
            }
        };
        let (Some(holder), Some(name)) = (holder, &n.name) else {
            continue;
        };
        match &n.sub {
            None => {
                remove_key(holder, name);
            }
            Some(sub) => {
                let key = holder
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case(name))
                    .cloned();
                match key.and_then(|k| holder.get_mut(&k)) {
                    Some(Value::Object(m)) => {
                        remove_key(m, sub);
                    }
                    Some(Value::Array(items)) => {
                        for m in items.iter_mut().filter_map(Value::as_object_mut) {
                            remove_key(m, sub);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

enum Keep {
    Whole,
    Subs(Vec<String>),
    Without(Vec<String>),
    Drop,
}

impl Projection {
    /// Applies the projection to a full resource, dropping `returned:
    /// never` attributes always.
    pub(crate) fn apply(&self, registry: &SchemaRegistry, resource: Value) -> Value {
        let Value::Object(mut map) = resource else {
            return resource;
        };
        if let (Some(never), true) = (
            &self.never,
            self.attributes.is_empty() && self.excluded.is_empty(),
        ) {
            drop_never(&mut map, never);
            return Value::Object(map);
        }
        let schemas: Vec<String> = map
            .get("schemas")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Value::Object(self.object(registry, &schemas, None, map))
    }

    fn object(
        &self,
        registry: &SchemaRegistry,
        schemas: &[String],
        ext: Option<&str>,
        map: Map<String, Value>,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in map {
            let is_ext = ext.is_none()
                && value.is_object()
                && key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
            if is_ext {
                if let Some(v) = self.extension(registry, schemas, &key, value) {
                    out.insert(key, v);
                }
                continue;
            }
            let def = registry.attribute(schemas, ext, &key, None);
            match self.keep(def, ext, &key) {
                Keep::Drop => {}
                Keep::Whole => {
                    out.insert(key, strip_subs(def, value, |_| true));
                }
                Keep::Subs(subs) => {
                    let v = strip_subs(def, value, |name| {
                        subs.iter().any(|s| s.eq_ignore_ascii_case(name))
                            || def
                                .and_then(|d| d.sub_attribute(name))
                                .is_some_and(|a| a.returned() == Returned::Always)
                    });
                    if !is_empty(&v) {
                        out.insert(key, v);
                    }
                }
                Keep::Without(subs) => {
                    let v = strip_subs(def, value, |name| {
                        !subs.iter().any(|s| s.eq_ignore_ascii_case(name))
                            || def
                                .and_then(|d| d.sub_attribute(name))
                                .is_some_and(|a| a.returned() == Returned::Always)
                    });
                    if !is_empty(&v) {
                        out.insert(key, v);
                    }
                }
            }
        }
        out
    }

    fn extension(
        &self,
        registry: &SchemaRegistry,
        schemas: &[String],
        urn: &str,
        value: Value,
    ) -> Option<Value> {
        let whole = |list: &[Selected]| {
            list.iter().any(|s| {
                s.name.is_none()
                    && s.ext
                        .as_deref()
                        .is_some_and(|e| e.eq_ignore_ascii_case(urn))
            })
        };
        if whole(&self.excluded) {
            return None;
        }
        let Value::Object(map) = value else {
            return None;
        };
        let inner = if whole(&self.attributes) {
            Projection {
                attributes: Vec::new(),
                excluded: self.excluded.clone(),
                never: None,
            }
            .object(registry, schemas, Some(urn), map)
        } else {
            self.object(registry, schemas, Some(urn), map)
        };
        (!inner.is_empty()).then_some(Value::Object(inner))
    }

    fn keep(&self, def: Option<&Attribute>, ext: Option<&str>, key: &str) -> Keep {
        let returned = def.map_or(Returned::Default, Attribute::returned);
        match returned {
            Returned::Never => return Keep::Drop,
            Returned::Always => return Keep::Whole,
            _ => {}
        }
        let matches = |s: &&Selected| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(key))
                && match (&s.ext, ext) {
                    (None, None) => true,
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => false,
                }
        };
        if !self.attributes.is_empty() {
            let hits: Vec<&Selected> = self.attributes.iter().filter(matches).collect();
            if hits.is_empty() {
                return Keep::Drop;
            }
            if hits.iter().any(|s| s.sub.is_none()) {
                return Keep::Whole;
            }
            return Keep::Subs(hits.iter().filter_map(|s| s.sub.clone()).collect());
        }
        if returned == Returned::Request {
            return Keep::Drop;
        }
        let hits: Vec<&Selected> = self.excluded.iter().filter(matches).collect();
        if hits.iter().any(|s| s.sub.is_none()) {
            return Keep::Drop;
        }
        if hits.is_empty() {
            Keep::Whole
        } else {
            Keep::Without(hits.iter().filter_map(|s| s.sub.clone()).collect())
        }
    }
}

/// Keeps the sub-attributes of a complex value (or of each element of a
/// multi-valued one) for which `keep` holds, always dropping `returned:
/// never` ones.
fn strip_subs(def: Option<&Attribute>, value: Value, keep: impl Fn(&str) -> bool) -> Value {
    let filter = |map: Map<String, Value>| -> Map<String, Value> {
        map.into_iter()
            .filter(|(k, _)| {
                let never = def
                    .and_then(|d| d.sub_attribute(k))
                    .is_some_and(|a| a.returned() == Returned::Never);
                !never && keep(k)
            })
            .collect()
    };
    match value {
        Value::Object(map) => Value::Object(filter(map)),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .filter_map(|item| match item {
                    Value::Object(map) => {
                        let m = filter(map);
                        (!m.is_empty()).then_some(Value::Object(m))
                    }
                    other => Some(other),
                })
                .collect(),
        ),
        other => other,
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// A sort key: the value of `sortBy` in one resource.
#[derive(Clone, Debug)]
pub(crate) enum SortKey {
    Missing,
    Bool(bool),
    Number(f64),
    Instant(i128),
    Text(String),
}

/// Extracts the sort key of `path` from `resource` (RFC 7644 §3.4.2.3:
/// for a multi-valued attribute, the primary value, else the first).
pub(crate) fn sort_key(registry: &SchemaRegistry, path: &AttrPath, resource: &Value) -> SortKey {
    let Some(map) = resource.as_object() else {
        return SortKey::Missing;
    };
    let schemas: Vec<&str> = map
        .get("schemas")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    // A URN names the extension object holding the attribute, or, when
    // the resource has no such object, the resource's own schema.
    let holder = match path.uri() {
        Some(uri) => match get_ci(map, uri).and_then(Value::as_object) {
            Some(m) => m,
            None if schemas.iter().any(|s| s.eq_ignore_ascii_case(uri)) => map,
            None => return SortKey::Missing,
        },
        None => map,
    };
    let Some(mut value) = get_ci(holder, path.name()) else {
        return SortKey::Missing;
    };
    if let Value::Array(items) = value {
        let primary = items
            .iter()
            .find(|v| v.get("primary").and_then(Value::as_bool) == Some(true));
        match primary.or_else(|| items.first()) {
            Some(v) => value = v,
            None => return SortKey::Missing,
        }
    }
    if let Value::Object(m) = value {
        let sub = path.sub_attr().unwrap_or("value");
        match get_ci(m, sub) {
            Some(v) => value = v,
            None => return SortKey::Missing,
        }
    }
    let def = registry.attribute(&schemas, path.uri(), path.name(), path.sub_attr());
    match value {
        Value::Bool(b) => SortKey::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(SortKey::Missing, SortKey::Number),
        Value::String(s) => {
            let ty = def.map(Attribute::attribute_type);
            if ty == Some(AttributeType::DateTime) {
                if let Ok(t) = s.parse::<DateTime>() {
                    return SortKey::Instant(t.unix_nanos());
                }
            }
            if def.is_some_and(Attribute::is_case_exact) {
                SortKey::Text(s.clone())
            } else {
                SortKey::Text(s.to_lowercase())
            }
        }
        _ => SortKey::Missing,
    }
}

/// Orders keys; unassigned values go last whatever the direction.
pub(crate) fn compare(a: &SortKey, b: &SortKey, descending: bool) -> Ordering {
    use SortKey::*;
    let rank = |k: &SortKey| match k {
        Bool(_) => 0,
        Number(_) => 1,
        Instant(_) => 2,
        Text(_) => 3,
        Missing => 4,
    };
    let ord = match (a, b) {
        (Missing, Missing) => return Ordering::Equal,
        (Missing, _) => return Ordering::Greater,
        (_, Missing) => return Ordering::Less,
        (Bool(x), Bool(y)) => x.cmp(y),
        (Number(x), Number(y)) => x.total_cmp(y),
        (Instant(x), Instant(y)) => x.cmp(y),
        (Text(x), Text(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    };
    if descending { ord.reverse() } else { ord }
}

/// A member of an object by name, ignoring ASCII case.
pub(crate) fn get_ci<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_core::schema::urn;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": [urn::USER, urn::ENTERPRISE_USER],
            "id": "1",
            "userName": "bjensen",
            "password": "secret",
            "name": {"givenName": "Barbara", "familyName": "Jensen"},
            "emails": [{"value": "a@example.com", "type": "work"}, {"value": "b@example.com", "primary": true}],
            "meta": {"resourceType": "User"},
            urn::ENTERPRISE_USER: {"employeeNumber": "7", "department": "Tour"}
        })
    }

    fn project(attrs: &[&str], excluded: &[&str]) -> Value {
        let exts = vec![urn::ENTERPRISE_USER.to_owned()];
        let list = |xs: &[&str]| {
            parse_list(
                &xs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                urn::USER,
                &exts,
            )
            .unwrap()
        };
        let r = SchemaRegistry::core_ref();
        let fast = Projection {
            never: Some(never_returned(r, urn::USER, &exts)),
            ..Projection::default()
        };
        let slow = Projection::default().apply(r, user());
        assert_eq!(
            fast.apply(r, user()),
            slow,
            "the fast path drops what the slow one does"
        );
        Projection {
            attributes: list(attrs),
            excluded: list(excluded),
            never: Some(never_returned(r, urn::USER, &exts)),
        }
        .apply(r, user())
    }

    #[test]
    fn password_is_never_returned() {
        assert!(project(&[], &[]).get("password").is_none());
        assert!(project(&["password"], &[]).get("password").is_none());
    }

    #[test]
    fn attributes_keep_always_returned_ones() {
        let v = project(&["name.givenName", "emails.value"], &[]);
        assert_eq!(
            v,
            json!({
                "schemas": [urn::USER, urn::ENTERPRISE_USER],
                "id": "1",
                "name": {"givenName": "Barbara"},
                "emails": [{"value": "a@example.com"}, {"value": "b@example.com"}]
            })
        );
    }

    #[test]
    fn urn_qualified_and_extension_paths() {
        let v = project(
            &[
                "urn:ietf:params:scim:schemas:core:2.0:User:userName",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            ],
            &[],
        );
        assert_eq!(v["userName"], "bjensen");
        assert_eq!(v[urn::ENTERPRISE_USER], json!({"department": "Tour"}));
        assert!(v.get("name").is_none());
        let v = project(&[urn::ENTERPRISE_USER], &[]);
        assert_eq!(v[urn::ENTERPRISE_USER]["employeeNumber"], "7");
        assert!(v.get("userName").is_none());
    }

    #[test]
    fn excluded_attributes() {
        let v = project(
            &[],
            &["emails", "name.familyName", "id", urn::ENTERPRISE_USER],
        );
        assert!(v.get("emails").is_none());
        assert_eq!(v["name"], json!({"givenName": "Barbara"}));
        assert_eq!(v["id"], "1", "id is returned always");
        assert!(v.get(urn::ENTERPRISE_USER).is_none());
        assert_eq!(v["userName"], "bjensen");
    }

    #[test]
    fn sort_keys() {
        let r = SchemaRegistry::core_ref();
        let u = user();
        let k = |p: &str| sort_key(r, &AttrPath::parse(p).unwrap(), &u);
        assert!(matches!(k("userName"), SortKey::Text(s) if s == "bjensen"));
        assert!(matches!(k("emails"), SortKey::Text(s) if s == "b@example.com"));
        assert!(matches!(k("emails.type"), SortKey::Missing));
        assert!(matches!(k("title"), SortKey::Missing));
        assert_eq!(
            compare(&SortKey::Missing, &SortKey::Text("a".into()), true),
            Ordering::Greater
        );
        assert_eq!(
            compare(&SortKey::Text("b".into()), &SortKey::Text("a".into()), true),
            Ordering::Less
        );
    }
}
