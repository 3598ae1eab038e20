//! Resources: lossless, case-insensitive reading and canonical writing.

use scim_core::{User, from_str};
use serde_json::{Value, json};

fn round_trip<T>(input: &Value) -> Value
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = scim_core::from_value(input.clone()).expect("decodes");
    serde_json::to_value(&typed).expect("encodes")
}

#[test]
fn unknown_attributes_at_every_level_survive() {
    let input = json!({
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:example:params:scim:schemas:Badge"
        ],
        "userName": "bjensen",
        "x-top": {"nested": [1, 2, {"deep": null}]},
        "name": {"givenName": "Barbara", "x-name": true},
        "emails": [{"value": "b@example.com", "x-item": "kept", "primary": true}],
        "addresses": [{"locality": "Hollywood", "x-addr": 1.5}],
        "meta": {"resourceType": "User", "x-meta": "m"},
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "department": "Tour Operations",
            "x-ent": [],
            "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "x-mgr": "k"}
        },
        "urn:example:params:scim:schemas:Badge": {"badge": 7, "colours": ["red"]}
    });
    assert_eq!(round_trip::<User>(&input), input);
}

#[test]
fn mixed_case_names_read_as_canonical() {
    let mixed: User = from_str(
        r#"{"UserName": "x", "NAME": {"GivenName": "y"}, "EMAILS": [{"VALUE": "a@b.c", "Primary": true}],
            "urn:ietf:params:scim:schemas:extension:ENTERPRISE:2.0:User": {"DEPARTMENT": "d"}}"#,
    )
    .unwrap();
    let canonical: User = from_str(
        r#"{"userName": "x", "name": {"givenName": "y"}, "emails": [{"value": "a@b.c", "primary": true}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "d"}}"#,
    )
    .unwrap();
    assert_eq!(mixed, canonical);
    let out = serde_json::to_value(&mixed).unwrap();
    assert_eq!(out["userName"], "x");
    assert_eq!(out["name"]["givenName"], "y");
    assert_eq!(out["emails"][0]["value"], "a@b.c");
    assert_eq!(
        out["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"],
        "d"
    );
}

#[test]
fn two_spellings_of_one_attribute_are_rejected() {
    let err = from_str::<User>(r#"{"userName": "a", "USERNAME": "b"}"#).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `userName`"),
        "{err}"
    );
}
