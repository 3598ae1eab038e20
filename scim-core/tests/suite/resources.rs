//! Resources: lossless, case-insensitive reading and canonical writing.

use scim_core::{DateTime, EnterpriseUser, Group, User, from_str};
use serde_json::json;

use crate::support::{round_trip, typed_fixture};

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

// RFC 7643 §8.1–8.4: each example reads, writes back unchanged, and holds
// the values the RFC shows.

const USER_ID: &str = "2819c223-7f76-453a-919d-413861904646";
const CERT_START: &str = "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw";
const CERT_END: &str = "+GFiBZ+GNF/cAYKcMtGcrs2i97ZkJMo=";

#[test]
fn rfc7643_8_1_minimal_user() {
    let user: User = typed_fixture("rfc7643/8.1-user-minimal.json");
    assert_eq!(user.user_name, "bjensen@example.com");
    assert_eq!(user.id.as_deref(), Some(USER_ID));
    assert_eq!(user.schemas, ["urn:ietf:params:scim:schemas:core:2.0:User"]);
    assert!(user.name.is_none() && user.emails.is_empty() && user.enterprise.is_none());
    let meta = user.meta.unwrap();
    assert_eq!(meta.resource_type.as_deref(), Some("User"));
    // The JSON text escapes the slash (`W\/\"...`); the value has none.
    assert_eq!(meta.version.as_deref(), Some("W/\"3694e05e9dff590\""));
    let created: DateTime = "2010-01-23T05:56:22+01:00".parse().unwrap();
    assert_eq!(meta.created, Some(created));
    assert_eq!(meta.created.unwrap().as_str(), "2010-01-23T04:56:22Z");
    assert!(meta.last_modified.unwrap() > "2011-05-13T04:42:33Z".parse().unwrap());
    assert_eq!(
        meta.location.as_deref(),
        Some("https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646")
    );
}

#[test]
fn rfc7643_8_2_full_user() {
    let user: User = typed_fixture("rfc7643/8.2-user-full.json");
    assert_eq!(user.external_id.as_deref(), Some("701984"));
    let name = user.name.as_ref().unwrap();
    assert_eq!(name.family_name.as_deref(), Some("Jensen"));
    assert_eq!(name.formatted.as_deref(), Some("Ms. Barbara J Jensen, III"));
    assert_eq!(name.honorific_suffix.as_deref(), Some("III"));
    assert_eq!(user.emails.len(), 2);
    assert_eq!(user.emails[1].type_.as_deref(), Some("home"));
    assert_eq!(user.emails[1].primary, None);
    assert_eq!(user.primary_email(), Some("bjensen@example.com"));
    assert_eq!(
        user.addresses[0].formatted.as_deref(),
        Some("100 Universal City Plaza\nHollywood, CA 91608 USA")
    );
    assert_eq!(user.addresses[0].primary, Some(true));
    assert_eq!(
        user.addresses[1].street_address.as_deref(),
        Some("456 Hollywood Blvd")
    );
    assert_eq!(user.phone_numbers[1].type_.as_deref(), Some("mobile"));
    assert_eq!(user.ims[0].value.as_deref(), Some("someaimhandle"));
    assert_eq!(user.photos[1].type_.as_deref(), Some("thumbnail"));
    assert_eq!(user.active, Some(true));
    assert_eq!(user.timezone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(user.password.as_ref().unwrap().expose(), "t1meMa$heen");
    assert_eq!(user.groups.len(), 3);
    assert_eq!(user.groups[2].display.as_deref(), Some("US Employees"));
    assert_eq!(
        user.groups[0].ref_.as_deref(),
        Some("https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a")
    );
    let cert = user.x509_certificates[0].value.as_deref().unwrap();
    assert!(cert.starts_with(CERT_START) && cert.ends_with(CERT_END));
    assert_eq!(cert.len(), 1120);
    assert_eq!(
        user.meta.unwrap().version.as_deref(),
        Some("W/\"a330bc54f0671c9\"")
    );
}

#[test]
fn rfc7643_8_3_enterprise_user() {
    let user: User = typed_fixture("rfc7643/8.3-user-enterprise.json");
    assert_eq!(
        user.extension_urns().collect::<Vec<_>>(),
        ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
    );
    let ent: &EnterpriseUser = user.enterprise.as_ref().unwrap();
    assert_eq!(ent.employee_number.as_deref(), Some("701984"));
    assert_eq!(ent.cost_center.as_deref(), Some("4130"));
    assert_eq!(ent.department.as_deref(), Some("Tour Operations"));
    let manager = ent.manager.as_ref().unwrap();
    assert_eq!(
        manager.value.as_deref(),
        Some("26118915-6090-4610-87e4-49d8ca9f808d")
    );
    assert_eq!(
        manager.ref_.as_deref(),
        Some("../Users/26118915-6090-4610-87e4-49d8ca9f808d")
    );
    assert_eq!(manager.display_name.as_deref(), Some("John Smith"));
    assert!(user.extra.is_empty(), "{:?}", user.extra.keys());
    assert_eq!(
        user.groups[1].ref_.as_deref(),
        Some("../Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5")
    );
}

#[test]
fn rfc7643_8_4_group() {
    let group: Group = typed_fixture("rfc7643/8.4-group.json");
    assert_eq!(group.display_name.as_deref(), Some("Tour Guides"));
    let values: Vec<_> = group
        .members
        .iter()
        .map(|m| m.value.as_deref().unwrap())
        .collect();
    assert_eq!(values, [USER_ID, "902c246b-6245-4190-8e05-00816be7344a"]);
    assert_eq!(
        group.members[1].display.as_deref(),
        Some("Mandy Pepperidge")
    );
    assert_eq!(group.members[0].type_, None);
    assert_eq!(
        group.members[0].ref_.as_deref(),
        Some("https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646")
    );
    let meta = group.meta.unwrap();
    assert_eq!(meta.resource_type.as_deref(), Some("Group"));
    assert_eq!(meta.version.as_deref(), Some("W/\"3694e05e9dff592\""));
}

#[test]
fn rfc7643_users_read_the_same_from_text_and_value() {
    for name in [
        "rfc7643/8.1-user-minimal.json",
        "rfc7643/8.2-user-full.json",
        "rfc7643/8.3-user-enterprise.json",
    ] {
        let text = crate::support::fixture_text(name);
        let from_text: User = from_str(&text).unwrap();
        let from_value: User = scim_core::from_value(crate::support::fixture(name)).unwrap();
        assert_eq!(from_text, from_value, "{name}");
    }
}
