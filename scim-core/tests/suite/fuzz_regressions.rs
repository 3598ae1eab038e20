//! Inputs found by the fuzz targets in `fuzz/`, kept as ordinary tests.

use scim_core::patch::{DiffOptions, Patcher, diff};
use scim_core::validate::Validator;
use scim_core::{Group, PatchOp, SchemaRegistry, User};
use serde_json::{Value, json};

/// `patch_json`: a path-less `replace` may set an attribute whose name is
/// not `ALPHA *(nameChar)`; the diff back to the old version must still
/// apply, so it cannot write that name as a path.
#[test]
fn diff_of_an_attribute_no_path_can_name() {
    let old = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223", "userName": "bjensen", "name": {"givenName": "Barbara"},
        "emails": [{"value": "b@example.com", "type": "work", "primary": true},
                   {"value": "b@home.example", "type": "home"}]
    });
    let patch: PatchOp = scim_core::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@examp+e.com"},
            {"op": "replace", "value": {"di!playName": "Babs", "name": {"familyName": "Jensen"}}}
        ]
    }))
    .unwrap();
    let mut new = old.clone();
    Patcher::core().apply(&mut new, &patch).unwrap();
    assert_eq!(new["di!playName"], "Babs");
    let validator = Validator::new(SchemaRegistry::core_ref());
    assert!(validator.validate(&old).is_ok() && validator.validate(&new).is_ok());

    for (from, to) in [(&old, &new), (&new, &old)] {
        let forward = diff(from, to, &DiffOptions::new());
        let mut patched = from.clone();
        Patcher::core()
            .apply(&mut patched, &forward)
            .unwrap_or_else(|e| {
                panic!("{e}: {}", serde_json::to_string(&forward).unwrap());
            });
        assert_eq!(patched.get("di!playName"), to.get("di!playName"));
        assert_eq!(patched["emails"], to["emails"]);
    }
}

/// `resource_decode`: an extension object whose URN is missing from
/// `schemas` is added to `schemas` when written (on purpose: RFC 7643 §3
/// lists every extension a resource carries there), so decode, encode,
/// decode changes the value once, and is stable from then on.
#[test]
fn unlisted_extension_urn_is_added_on_write_once() {
    let input = br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"b","urn:ietf:params:scim:schemaswextension:enterprise:2.0:User":{"employeeNumber":"701984","manager":{"value":"26118915","$ref":"../Users/26118915"}},"active":"True","phoneNumbers":[{"value":"tel:+1-201-555-0123","type":"work"}]}"#;
    fn rounds<T>(input: &[u8])
    where
        T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        let first: T = scim_core::from_slice(input).unwrap();
        let once: T = scim_core::from_slice(&serde_json::to_vec(&first).unwrap()).unwrap();
        let twice: T = scim_core::from_slice(&serde_json::to_vec(&once).unwrap()).unwrap();
        assert_eq!(once, twice);
        let schemas = serde_json::to_value(&once).unwrap()["schemas"].clone();
        assert_eq!(schemas.as_array().map(Vec::len), Some(3), "{schemas}");
        assert_eq!(
            schemas[2],
            Value::from("urn:ietf:params:scim:schemaswextension:enterprise:2.0:User")
        );
    }
    rounds::<Group>(input);
    // As a User, `active` (the string "True") reads as the boolean.
    rounds::<User>(input);
    assert_eq!(
        scim_core::from_slice::<User>(input).unwrap().active,
        Some(true)
    );
}
