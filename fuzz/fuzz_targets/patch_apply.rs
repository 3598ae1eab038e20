//! Arbitrary PATCH operations applied to fixed resources: never a panic,
//! and whenever `apply` returns an error the resource is exactly as it was.
//! The bytes choose operations, paths and values from vocabularies close
//! to SCIM (so that most inputs reach deep into the patcher), mixed with
//! raw text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use scim_core::PatchOp;
use scim_core::patch::{DiffOptions, Patcher, Tolerance, diff};
use serde_json::{Map, Value, json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn resources() -> &'static [Value; 2] {
    static CELL: OnceLock<[Value; 2]> = OnceLock::new();
    CELL.get_or_init(|| {
        [
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
                "id": "2819c223", "externalId": "bjensen", "userName": "bjensen",
                "name": {"givenName": "Barbara", "familyName": "Jensen"},
                "active": true,
                "emails": [
                    {"value": "bjensen@example.com", "type": "work", "primary": true},
                    {"value": "babs@jensen.org", "type": "home"}
                ],
                "addresses": [{"type": "work", "locality": "Hollywood"}],
                "x509Certificates": [{"value": "QUJD"}],
                "groups": [{"value": "e9e30dba", "display": "Tour Guides"}],
                ENT: {"department": "Tour Operations", "manager": {"value": "26118915", "displayName": "John"}},
                "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"}
            }),
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                "id": "e9e30dba", "displayName": "Tour Guides",
                "members": [
                    {"value": "2819c223", "display": "Babs", "type": "User"},
                    {"value": "902c246b"}, {"value": "X"}
                ]
            }),
        ]
    })
}

const OPS: &[&str] = &["add", "remove", "replace", "Add", "REPLACE", "Remove", "move", ""];
const ATTRS: &[&str] = &[
    "userName", "name", "emails", "members", "active", "title", "id", "meta", "groups",
    "addresses", "schemas", "externalId", "x509Certificates", "displayName", "password",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:example:x:y", "EMAILS", "unknown",
];
const SUBS: &[&str] = &[
    "value", "type", "primary", "display", "givenName", "familyName", "created", "displayName",
    "$ref", "locality", "Value",
];
const FILTERS: &[&str] = &[
    r#"type eq "work""#, "value pr", "primary eq true", r#"value eq "2819c223""#,
    r#"value eq "x""#, r#"type eq "work" and value co "@""#, "primary gt true",
    r#"not (type eq "home")"#, r#"value eq "X" or display pr"#, r#"type eq "other""#,
];
const KEYS: &[&str] = &[
    "value", "type", "primary", "display", "givenName", "userName", "emails", "members",
    "name.givenName", "active", "title", "id", "meta", "schemas", ENT,
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "manager", "x",
];
const STRINGS: &[&str] = &[
    "", "x", "work", "home", "true", "False", "yes", "2011-05-13T04:42:34Z", "QUJD", "not base64!",
    "2819c223", "X", "bjensen@example.com", ENT,
];

fn pick<'a>(u: &mut Unstructured<'_>, items: &'a [&'a str]) -> Result<&'a str> {
    u.choose(items).copied()
}

fn text(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 8)? {
        let s: &str = u.arbitrary()?;
        return Ok(s.chars().take(40).collect());
    }
    Ok(pick(u, STRINGS)?.to_owned())
}

fn value(u: &mut Unstructured<'_>, depth: u8) -> Result<Value> {
    let kinds = if depth >= 3 { 4 } else { 6 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => match u.choose_index(3)? {
            0 => json!(u.arbitrary::<i64>()?),
            1 => json!(u.arbitrary::<u8>()? as f64 / 3.0),
            _ => json!(7),
        },
        3 => Value::String(text(u)?),
        4 => {
            let n = u.choose_index(4)?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let n = u.choose_index(4)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(pick(u, KEYS)?.to_owned(), value(u, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

fn path(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    Ok(match u.choose_index(6)? {
        0 => None,
        1 => {
            let s: &str = u.arbitrary()?;
            Some(s.chars().take(60).collect())
        }
        2 => Some(format!("{}.{}", pick(u, ATTRS)?, pick(u, SUBS)?)),
        3 => Some(format!("{}[{}]", pick(u, ATTRS)?, pick(u, FILTERS)?)),
        4 => Some(format!("{}[{}].{}", pick(u, ATTRS)?, pick(u, FILTERS)?, pick(u, SUBS)?)),
        _ => Some(pick(u, ATTRS)?.to_owned()),
    })
}

fn operation(u: &mut Unstructured<'_>) -> Result<Value> {
    let mut op = Map::new();
    op.insert("op".into(), json!(pick(u, OPS)?));
    if let Some(p) = path(u)? {
        op.insert("path".into(), json!(p));
    }
    if u.ratio(3, 4)? {
        op.insert("value".into(), value(u, 0)?);
    }
    Ok(Value::Object(op))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(which) = u.choose_index(2) else { return };
    let Ok(lenient) = u.arbitrary::<bool>() else { return };
    let mut ops = Vec::new();
    while ops.len() < 8 && !u.is_empty() {
        match operation(&mut u) {
            Ok(op) => ops.push(op),
            Err(_) => break,
        }
    }
    let Ok(patch) = serde_json::from_value::<PatchOp>(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": ops
    })) else {
        return;
    };
    let original = &resources()[which];
    let tolerance = if lenient { Tolerance::ALL } else { Tolerance::STRICT };
    let patcher = Patcher::core().with_tolerance(tolerance);
    let mut resource = original.clone();
    match patcher.apply(&mut resource, &patch) {
        Err(e) => {
            assert_eq!(&resource, original, "changed by a failed patch: {e}");
            let _ = e.to_string();
        }
        Ok(report) => {
            if !report.changed() {
                assert_eq!(&resource, original, "reported unchanged, but changed");
            }
            // Whatever the result, diffing and re-applying never panics.
            let back = diff(&resource, original, &DiffOptions::new());
            let mut again = resource.clone();
            let _ = Patcher::core().apply(&mut again, &back);
        }
    }
});
