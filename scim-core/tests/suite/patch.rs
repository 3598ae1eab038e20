//! PATCH (RFC 7644 §3.5.2): the RFC's examples, a table per rule, errors
//! and atomicity.

// Table rows edit the expected resource in one-line closures.
#![allow(clippy::semicolon_if_nothing_returned)]

use pretty_assertions::assert_eq;
use scim_core::patch::{PatchError, PatchReport, Patcher, Tolerance};
use scim_core::{PatchOp, ScimError, ScimType};
use serde_json::{Value, json};

use crate::support::fixture;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn patch_of(ops: Value) -> PatchOp {
    serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": ops
    }))
    .unwrap()
}

/// Applies `ops` with `patcher`; on error, checks the resource is unchanged.
fn run_with(
    patcher: &Patcher<'_>,
    resource: &Value,
    ops: Value,
) -> Result<(Value, PatchReport), PatchError> {
    let mut out = resource.clone();
    match patcher.apply(&mut out, &patch_of(ops)) {
        Ok(report) => Ok((out, report)),
        Err(e) => {
            assert_eq!(&out, resource, "a failed patch changed the resource: {e}");
            Err(e)
        }
    }
}

fn run(resource: &Value, ops: Value) -> Result<Value, PatchError> {
    run_with(&Patcher::core(), resource, ops).map(|(v, _)| v)
}

fn ok(resource: &Value, ops: Value) -> Value {
    run(resource, ops).unwrap_or_else(|e| panic!("{e}"))
}

fn err(resource: &Value, ops: Value) -> PatchError {
    match run(resource, ops) {
        Ok(v) => panic!("expected an error, got {v:#}"),
        Err(e) => e,
    }
}

fn group() -> Value {
    fixture("rfc7643/8.4-group.json")
}

fn full_user() -> Value {
    fixture("rfc7643/8.2-user-full.json")
}

fn user() -> Value {
    json!({
        "schemas": [USER],
        "id": "2819c223",
        "userName": "bjensen",
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z"}
    })
}

fn rfc_patch(name: &str) -> PatchOp {
    serde_json::from_value(fixture(&format!("rfc7644/{name}"))).unwrap()
}

fn apply_rfc(resource: &Value, name: &str) -> Value {
    let mut out = resource.clone();
    Patcher::core()
        .apply(&mut out, &rfc_patch(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    out
}

// ---- RFC 7644 §3.5.2 examples ---------------------------------------------

#[test]
fn rfc_add_member() {
    let mut g = group();
    g["members"].as_array_mut().unwrap().truncate(1);
    g["members"][0]["value"] = json!("902c246b-6245-4190-8e05-00816be7344a");
    let out = apply_rfc(&g, "3.5.2.1-patch-add-member.json");
    let members = out["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1]["value"], "2819c223-7f76-453a-919d-413861904646");
    assert_eq!(members[1]["display"], "Babs Jensen");
    // Adding again changes nothing (RFC 7644 §3.5.2.1: no duplicate).
    let mut again = out.clone();
    let report = Patcher::core()
        .apply(&mut again, &rfc_patch("3.5.2.1-patch-add-member.json"))
        .unwrap();
    assert_eq!(again, out);
    assert!(!report.changed());
}

#[test]
fn rfc_add_without_path() {
    let mut u = full_user();
    u.as_object_mut().unwrap().remove("nickName");
    u["emails"].as_array_mut().unwrap().truncate(1);
    let out = apply_rfc(&u, "3.5.2.1-patch-add-without-path.json");
    assert_eq!(out["nickName"], "Babs");
    assert!(
        out.get("nickname").is_none(),
        "the schema's spelling is used"
    );
    assert_eq!(
        out["emails"],
        json!([
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ])
    );
    // On the full user, the email is already there and nickName is "Babs".
    let full = full_user();
    let mut same = full.clone();
    let report = Patcher::core()
        .apply(&mut same, &rfc_patch("3.5.2.1-patch-add-without-path.json"))
        .unwrap();
    assert_eq!(same, full);
    assert!(!report.changed());
}

#[test]
fn rfc_remove_all_members() {
    let out = apply_rfc(&group(), "3.5.2.2-patch-remove-all-members.json");
    assert!(out.get("members").is_none());
    assert_eq!(out["displayName"], "Tour Guides");
}

#[test]
fn rfc_remove_one_member() {
    let out = ok(
        &group(),
        json!([{"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"}]),
    );
    let members = out["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["value"], "902c246b-6245-4190-8e05-00816be7344a");
    // The RFC's own text abbreviates the id, so it matches nothing.
    let e = Patcher::core()
        .apply(&mut group(), &rfc_patch("3.5.2.2-patch-remove-member.json"))
        .unwrap_err();
    assert_eq!(e.scim_type(), ScimType::NoTarget);
}

#[test]
fn rfc_remove_work_emails() {
    let mut u = user();
    u["emails"]
        .as_array_mut()
        .unwrap()
        .push(json!({"value": "babs@example.com", "type": "work"}));
    let out = ok(
        &u,
        json!([{"op": "remove", "path": "emails[type eq \"work\" and value ew \"example.com\"]"}]),
    );
    assert_eq!(
        out["emails"],
        json!([{"value": "babs@jensen.org", "type": "home"}])
    );
}

#[test]
fn rfc_remove_and_add_member() {
    let out = apply_rfc(&group(), "3.5.2.2-patch-remove-and-add-member.json");
    let values: Vec<&str> = out["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        values,
        [
            "902c246b-6245-4190-8e05-00816be7344a",
            "08e1d05d-121c-4561-8b96-473d93df9210"
        ]
    );
}

#[test]
fn rfc_replace_all_members_by_remove_then_add() {
    let out = ok(
        &group(),
        json!([
            {"op": "remove", "path": "members"},
            {"op": "add", "path": "members", "value": [
                {"display": "James Smith", "value": "08e1d05d-121c-4561-8b96-473d93df9210"}
            ]}
        ]),
    );
    assert_eq!(
        out["members"],
        json!([{"display": "James Smith", "value": "08e1d05d-121c-4561-8b96-473d93df9210"}])
    );
}

#[test]
fn rfc_replace_members() {
    let out = apply_rfc(&group(), "3.5.2.3-patch-replace-members.json");
    let want = rfc_patch("3.5.2.3-patch-replace-members.json").operations[0]
        .value
        .clone()
        .unwrap();
    assert_eq!(out["members"], want);
}

#[test]
fn rfc_replace_work_address() {
    let out = apply_rfc(&full_user(), "3.5.2.3-patch-replace-address.json");
    let addresses = out["addresses"].as_array().unwrap();
    assert_eq!(addresses.len(), 2);
    assert_eq!(addresses[0]["streetAddress"], "911 Universal City Plaza");
    assert_eq!(addresses[0]["primary"], true);
    assert_eq!(addresses[1], full_user()["addresses"][1]);
}

#[test]
fn rfc_replace_street() {
    let out = apply_rfc(&full_user(), "3.5.2.3-patch-replace-street.json");
    let mut want = full_user();
    want["addresses"][0]["streetAddress"] = json!("1010 Broadway Ave");
    assert_eq!(out, want);
}

#[test]
fn rfc_replace_without_path() {
    let mut u = user();
    u["emails"] = json!([{"value": "old@example.com"}]);
    let out = apply_rfc(&u, "3.5.2.3-patch-replace-without-path.json");
    assert_eq!(
        out["emails"],
        json!([
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ])
    );
    assert_eq!(out["nickName"], "Babs");
    assert_eq!(out["userName"], "bjensen");
}

// ---- rules, as tables -----------------------------------------------------

/// (what, resource, operations, the resource afterwards)
type OkCase = (&'static str, Value, Value, Value);

fn check_ok(cases: Vec<OkCase>) {
    for (what, resource, ops, want) in cases {
        let got = run(&resource, ops).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(got, want, "{what}");
    }
}

/// (what, resource, operations, failing index, scimType)
type ErrCase = (&'static str, Value, Value, usize, ScimType);

fn check_err(cases: Vec<ErrCase>) {
    for (what, resource, ops, index, scim_type) in cases {
        match run(&resource, ops) {
            Ok(v) => panic!("{what}: expected {scim_type}, got {v:#}"),
            Err(e) => {
                assert_eq!(
                    (e.index(), e.scim_type()),
                    (index, scim_type.clone()),
                    "{what}: {e}"
                );
            }
        }
    }
}

fn with(mut base: Value, f: impl FnOnce(&mut Value)) -> Value {
    f(&mut base);
    base
}

#[test]
fn add_rules() {
    let u = user();
    check_ok(vec![
        (
            "single-valued attribute is set",
            u.clone(),
            json!([{"op": "add", "path": "title", "value": "Tour Guide"}]),
            with(u.clone(), |v| v["title"] = json!("Tour Guide")),
        ),
        (
            "single-valued attribute is replaced",
            u.clone(),
            json!([{"op": "add", "path": "userName", "value": "babs"}]),
            with(u.clone(), |v| v["userName"] = json!("babs")),
        ),
        (
            "complex attribute merges sub-attributes",
            u.clone(),
            json!([{"op": "add", "path": "name", "value": {"givenName": "Babs", "middleName": "Jane"}}]),
            with(u.clone(), |v| {
                v["name"] =
                    json!({"givenName": "Babs", "familyName": "Jensen", "middleName": "Jane"});
            }),
        ),
        (
            "sub-attribute path",
            u.clone(),
            json!([{"op": "add", "path": "name.honorificPrefix", "value": "Ms."}]),
            with(u.clone(), |v| v["name"]["honorificPrefix"] = json!("Ms.")),
        ),
        (
            "multi-valued attribute appends",
            u.clone(),
            json!([{"op": "add", "path": "emails", "value": [{"value": "b@example.org", "type": "other"}]}]),
            with(u.clone(), |v| {
                v["emails"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"value": "b@example.org", "type": "other"}));
            }),
        ),
        (
            "a single value for a multi-valued attribute is one value",
            u.clone(),
            json!([{"op": "add", "path": "emails", "value": {"value": "b@example.org"}}]),
            with(u.clone(), |v| {
                v["emails"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"value": "b@example.org"}));
            }),
        ),
        (
            "a present value (ignoring case, emails.value is not caseExact) is merged, not added",
            u.clone(),
            json!([{"op": "add", "path": "emails", "value": [{"value": "BABS@jensen.org", "display": "Babs"}]}]),
            with(u.clone(), |v| v["emails"][1]["display"] = json!("Babs")),
        ),
        (
            "repeats among the new values are added once",
            u.clone(),
            json!([{"op": "add", "path": "emails", "value": [{"value": "x@example.org"}, {"value": "X@example.org"}, {"value": "bjensen@example.com"}]}]),
            with(u.clone(), |v| {
                v["emails"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"value": "x@example.org"}))
            }),
        ),
        (
            "missing multi-valued attribute is created",
            u.clone(),
            json!([{"op": "add", "path": "phoneNumbers", "value": [{"value": "555-555-5555", "type": "work"}]}]),
            with(u.clone(), |v| {
                v["phoneNumbers"] = json!([{"value": "555-555-5555", "type": "work"}])
            }),
        ),
        (
            "value path with sub-attribute sets it on every match",
            u.clone(),
            json!([{"op": "add", "path": "emails[type eq \"work\"].display", "value": "Work"}]),
            with(u.clone(), |v| v["emails"][0]["display"] = json!("Work")),
        ),
        (
            "value path without sub-attribute merges into the matches",
            u.clone(),
            json!([{"op": "add", "path": "emails[type eq \"home\"]", "value": {"display": "Home"}}]),
            with(u.clone(), |v| v["emails"][1]["display"] = json!("Home")),
        ),
        (
            "names ignore case and keep the existing spelling",
            with(u.clone(), |v| v["Title"] = json!("Old")),
            json!([{"op": "add", "path": "TITLE", "value": "New"}, {"op": "add", "path": "NAME.GIVENNAME", "value": "B"}]),
            with(u.clone(), |v| {
                v["Title"] = json!("New");
                v["name"]["givenName"] = json!("B");
            }),
        ),
        (
            "without path: the value's attributes are added",
            u.clone(),
            json!([{"op": "add", "value": {"title": "Boss", "name": {"formatted": "Ms. B"}}}]),
            with(u.clone(), |v| {
                v["title"] = json!("Boss");
                v["name"]["formatted"] = json!("Ms. B");
            }),
        ),
        (
            "null removes (RFC 7643 §2.5)",
            with(u.clone(), |v| v["title"] = json!("x")),
            json!([{"op": "add", "path": "title", "value": null}]),
            u.clone(),
        ),
        (
            "unknown attribute is kept untyped",
            u.clone(),
            json!([{"op": "add", "path": "favouriteColour", "value": {"hue": 7}}]),
            with(u.clone(), |v| v["favouriteColour"] = json!({"hue": 7})),
        ),
        (
            "empty array adds nothing",
            u.clone(),
            json!([{"op": "add", "path": "emails", "value": []}]),
            u.clone(),
        ),
    ]);
}

#[test]
fn remove_rules() {
    let u = user();
    check_ok(vec![
        (
            "single-valued attribute",
            with(u.clone(), |v| v["title"] = json!("x")),
            json!([{"op": "remove", "path": "title"}]),
            u.clone(),
        ),
        (
            "absent attribute: nothing to do",
            u.clone(),
            json!([{"op": "remove", "path": "title"}]),
            u.clone(),
        ),
        (
            "sub-attribute of a complex attribute",
            u.clone(),
            json!([{"op": "remove", "path": "name.givenName"}]),
            with(u.clone(), |v| v["name"] = json!({"familyName": "Jensen"})),
        ),
        (
            "last sub-attribute removes the attribute",
            with(u.clone(), |v| v["name"] = json!({"givenName": "B"})),
            json!([{"op": "remove", "path": "name.givenName"}]),
            with(u.clone(), |v| {
                v.as_object_mut().unwrap().remove("name");
            }),
        ),
        (
            "value path removes matches only",
            u.clone(),
            json!([{"op": "remove", "path": "emails[type eq \"home\"]"}]),
            with(u.clone(), |v| {
                v["emails"].as_array_mut().unwrap().truncate(1)
            }),
        ),
        (
            "removing every value removes the attribute",
            u.clone(),
            json!([{"op": "remove", "path": "emails[value pr]"}]),
            with(u.clone(), |v| {
                v.as_object_mut().unwrap().remove("emails");
            }),
        ),
        (
            "sub-attribute of matching values",
            u.clone(),
            json!([{"op": "remove", "path": "emails[type eq \"work\"].primary"}]),
            with(u.clone(), |v| {
                v["emails"][0] = json!({"value": "bjensen@example.com", "type": "work"})
            }),
        ),
        (
            "sub-attribute of every value, without a filter",
            u.clone(),
            json!([{"op": "remove", "path": "emails.type"}]),
            with(u.clone(), |v| {
                v["emails"] = json!([{"value": "bjensen@example.com", "primary": true}, {"value": "babs@jensen.org"}]);
            }),
        ),
        (
            "filter follows caseExact: members.value is not case exact",
            group(),
            json!([{"op": "remove", "path": "members[value eq \"2819C223-7F76-453A-919D-413861904646\"]"}]),
            with(group(), |v| {
                v["members"].as_array_mut().unwrap().remove(0);
            }),
        ),
    ]);
    check_err(vec![
        (
            "no path",
            u.clone(),
            json!([{"op": "remove"}]),
            0,
            ScimType::NoTarget,
        ),
        (
            "filter matching nothing",
            u.clone(),
            json!([{"op": "remove", "path": "emails[type eq \"other\"]"}]),
            0,
            ScimType::NoTarget,
        ),
        (
            "caseExact attribute does not match in another case",
            json!({"schemas": [USER], "userName": "a", "x509Certificates": [{"value": "QUJD"}]}),
            json!([{"op": "remove", "path": "x509Certificates[value eq \"qujd\"]"}]),
            0,
            ScimType::NoTarget,
        ),
        (
            "a value is not taken (it would remove every member)",
            group(),
            json!([{"op": "remove", "path": "members", "value": [{"value": "2819c223-7f76-453a-919d-413861904646"}]}]),
            0,
            ScimType::InvalidSyntax,
        ),
        (
            "required attribute",
            u.clone(),
            json!([{"op": "remove", "path": "userName"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "required attribute of a group",
            group(),
            json!([{"op": "remove", "path": "displayName"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "read-only attribute",
            u.clone(),
            json!([{"op": "remove", "path": "id"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "read-only sub-attribute",
            u.clone(),
            json!([{"op": "remove", "path": "meta.created"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "immutable sub-attribute with a value",
            group(),
            json!([{"op": "remove", "path": "members.value"}]),
            0,
            ScimType::Mutability,
        ),
    ]);
}

#[test]
fn replace_rules() {
    let u = user();
    check_ok(vec![
        (
            "single-valued attribute",
            u.clone(),
            json!([{"op": "replace", "path": "userName", "value": "babs"}]),
            with(u.clone(), |v| v["userName"] = json!("babs")),
        ),
        (
            "missing attribute is added",
            u.clone(),
            json!([{"op": "replace", "path": "title", "value": "Boss"}]),
            with(u.clone(), |v| v["title"] = json!("Boss")),
        ),
        (
            "complex attribute: sub-attributes not given are left unchanged",
            u.clone(),
            json!([{"op": "replace", "path": "name", "value": {"givenName": "Babs"}}]),
            with(u.clone(), |v| v["name"]["givenName"] = json!("Babs")),
        ),
        (
            "multi-valued attribute is replaced whole",
            u.clone(),
            json!([{"op": "replace", "path": "emails", "value": [{"value": "new@example.com"}]}]),
            with(u.clone(), |v| {
                v["emails"] = json!([{"value": "new@example.com"}])
            }),
        ),
        (
            "value path replaces every match",
            u.clone(),
            json!([{"op": "replace", "path": "emails[type eq \"home\"]", "value": {"value": "h@example.com", "type": "home"}}]),
            with(u.clone(), |v| {
                v["emails"][1] = json!({"value": "h@example.com", "type": "home"})
            }),
        ),
        (
            "value path with sub-attribute",
            u.clone(),
            json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "w@example.com"}]),
            with(u.clone(), |v| {
                v["emails"][0]["value"] = json!("w@example.com")
            }),
        ),
        (
            "sub-attribute of every value, without a filter",
            u.clone(),
            json!([{"op": "replace", "path": "emails.type", "value": "other"}]),
            with(u.clone(), |v| {
                v["emails"][0]["type"] = json!("other");
                v["emails"][1]["type"] = json!("other");
            }),
        ),
        (
            "without path, each attribute is replaced",
            u.clone(),
            json!([{"op": "replace", "value": {"userName": "babs", "emails": [{"value": "x@example.com"}], "name": {"familyName": "J"}}}]),
            with(u.clone(), |v| {
                v["userName"] = json!("babs");
                v["emails"] = json!([{"value": "x@example.com"}]);
                v["name"]["familyName"] = json!("J");
            }),
        ),
        (
            "read-only attributes echoed unchanged are not a change",
            u.clone(),
            json!([{"op": "replace", "value": {"id": "2819c223", "meta": {"resourceType": "User"}, "title": "T"}}]),
            with(u.clone(), |v| v["title"] = json!("T")),
        ),
        (
            "empty array removes",
            u.clone(),
            json!([{"op": "replace", "path": "emails", "value": []}]),
            with(u.clone(), |v| {
                v.as_object_mut().unwrap().remove("emails");
            }),
        ),
        (
            "null sub-attribute removes it",
            u.clone(),
            json!([{"op": "replace", "path": "name", "value": {"givenName": null}}]),
            with(u.clone(), |v| v["name"] = json!({"familyName": "Jensen"})),
        ),
        (
            "immutable attribute without a value may be set",
            json!({"schemas": [GROUP], "displayName": "g", "members": [{"display": "x"}]}),
            json!([{"op": "replace", "path": "members[display eq \"x\"].value", "value": "2819c223"}]),
            json!({"schemas": [GROUP], "displayName": "g", "members": [{"display": "x", "value": "2819c223"}]}),
        ),
    ]);
    check_err(vec![
        (
            "value path matching nothing",
            u.clone(),
            json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x"}]),
            0,
            ScimType::NoTarget,
        ),
        (
            "value path matching nothing, whole value",
            u.clone(),
            json!([{"op": "replace", "path": "emails[type eq \"other\"]", "value": {"value": "x"}}]),
            0,
            ScimType::NoTarget,
        ),
        (
            "no value",
            u.clone(),
            json!([{"op": "replace", "path": "title"}]),
            0,
            ScimType::InvalidValue,
        ),
        (
            "no value, add",
            u.clone(),
            json!([{"op": "add", "path": "title"}]),
            0,
            ScimType::InvalidValue,
        ),
        (
            "path-less value not an object",
            u.clone(),
            json!([{"op": "replace", "value": "x"}]),
            0,
            ScimType::InvalidValue,
        ),
        (
            "immutable sub-attribute with a value",
            group(),
            json!([{"op": "replace", "path": "members[display eq \"Babs Jensen\"].value", "value": "x"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "immutable sub-attribute changed by replacing the value",
            group(),
            json!([{"op": "replace", "path": "members[display eq \"Babs Jensen\"]", "value": {"value": "x"}}]),
            0,
            ScimType::Mutability,
        ),
        (
            "read-only attribute",
            u.clone(),
            json!([{"op": "replace", "path": "id", "value": "x"}]),
            0,
            ScimType::Mutability,
        ),
        (
            "read-only attribute in a path-less value",
            u.clone(),
            json!([{"op": "replace", "value": {"title": "T", "meta": {"created": "2020-01-01T00:00:00Z"}}}]),
            0,
            ScimType::Mutability,
        ),
        (
            "read-only multi-valued attribute",
            u.clone(),
            json!([{"op": "add", "path": "groups", "value": [{"value": "g"}]}]),
            0,
            ScimType::Mutability,
        ),
        (
            "required attribute set to null",
            u.clone(),
            json!([{"op": "replace", "path": "userName", "value": null}]),
            0,
            ScimType::Mutability,
        ),
        (
            "value filter on a single-valued attribute",
            u.clone(),
            json!([{"op": "replace", "path": "name[givenName eq \"Barbara\"].familyName", "value": "x"}]),
            0,
            ScimType::InvalidPath,
        ),
        (
            "unparsable path",
            u.clone(),
            json!([{"op": "replace", "path": "emails[type eq", "value": "x"}]),
            0,
            ScimType::InvalidPath,
        ),
        (
            "filter the RFC does not define",
            u.clone(),
            json!([{"op": "replace", "path": "emails[primary gt true].value", "value": "x"}]),
            0,
            ScimType::InvalidFilter,
        ),
        (
            "unknown op",
            u.clone(),
            json!([{"op": "move", "path": "title", "value": "x"}]),
            0,
            ScimType::InvalidSyntax,
        ),
        (
            "capitalised op, strict",
            u.clone(),
            json!([{"op": "Replace", "path": "title", "value": "x"}]),
            0,
            ScimType::InvalidSyntax,
        ),
    ]);
}

#[test]
fn type_checks() {
    let u = user();
    let cases: Vec<(&str, Value)> = vec![
        ("active", json!("true")),
        ("active", json!(1)),
        ("userName", json!(7)),
        ("userName", json!(["a"])),
        ("name", json!("Barbara")),
        ("name.givenName", json!(true)),
        ("emails", json!(["x@example.com"])),
        ("emails", json!([{"value": 7}])),
        ("emails[type eq \"work\"].primary", json!("yes")),
        ("emails", json!([{"value": "a", "primary": "true"}])),
        ("meta.created", json!("yesterday")),
        ("x509Certificates", json!([{"value": "not base64!"}])),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            json!("boss"),
        ),
        ("emails", json!([[{"value": "a"}]])),
    ];
    let mut u = u;
    u["schemas"] = json!([USER, ENTERPRISE]);
    for (path, value) in cases {
        let e = err(&u, json!([{"op": "add", "path": path, "value": value}]));
        assert_eq!(e.scim_type(), ScimType::InvalidValue, "{path} {value}: {e}");
    }
    // Numbers: an integer attribute takes no fraction, a decimal takes both.
    let mut reg = scim_core::SchemaRegistry::core();
    reg.add(
        serde_json::from_value(json!({
            "id": "urn:example:params:scim:schemas:Counts",
            "attributes": [
                {"name": "count", "type": "integer"},
                {"name": "ratio", "type": "decimal"},
                {"name": "since", "type": "dateTime"}
            ]
        }))
        .unwrap(),
    );
    let patcher = Patcher::new(&reg);
    let r = json!({"schemas": ["urn:example:params:scim:schemas:Counts"]});
    for (path, value, good) in [
        ("count", json!(3), true),
        ("count", json!(3.5), false),
        ("count", json!("3"), false),
        ("ratio", json!(3), true),
        ("ratio", json!(0.5), true),
        ("ratio", json!("0.5"), false),
        ("since", json!("2011-05-13T04:42:34Z"), true),
        ("since", json!("2011-05-13"), false),
    ] {
        let got = run_with(
            &patcher,
            &r,
            json!([{"op": "add", "path": path, "value": value}]),
        );
        assert_eq!(got.is_ok(), good, "{path} {value}");
        if let Err(e) = got {
            assert_eq!(e.scim_type(), ScimType::InvalidValue);
        }
    }
}

#[test]
fn primary_is_unique() {
    let u = user();
    let out = ok(
        &u,
        json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}]),
    );
    assert_eq!(out["emails"][0]["primary"], false);
    assert_eq!(out["emails"][1]["primary"], true);
    let out = ok(
        &u,
        json!([{"op": "add", "path": "emails", "value": [{"value": "n@example.com", "primary": true}]}]),
    );
    assert_eq!(out["emails"][0]["primary"], false);
    assert_eq!(out["emails"][2]["primary"], true);
    assert!(
        out["emails"][1].get("primary").is_none(),
        "values without primary are left alone"
    );
    // Marking a present value primary through add merges into it.
    let out = ok(
        &u,
        json!([{"op": "add", "path": "emails", "value": {"value": "babs@jensen.org", "primary": true}}]),
    );
    assert_eq!(out["emails"][0]["primary"], false);
    assert_eq!(out["emails"][1]["primary"], true);
    for ops in [
        json!([{"op": "add", "path": "emails", "value": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}]}]),
        json!([{"op": "replace", "path": "emails", "value": [{"value": "a@x", "primary": true}, {"value": "b@x", "primary": true}]}]),
        json!([{"op": "replace", "path": "emails[value pr].primary", "value": true}]),
    ] {
        assert_eq!(err(&u, ops).scim_type(), ScimType::InvalidValue);
    }
}

#[test]
fn extensions_by_urn() {
    let u = with(user(), |v| v["schemas"] = json!([USER]));
    let out = ok(
        &u,
        json!([
            {"op": "add", "path": format!("{ENTERPRISE}:department"), "value": "Tour Operations"},
            {"op": "add", "path": format!("{ENTERPRISE}:manager"), "value": {"value": "26118915"}},
            {"op": "replace", "path": format!("{ENTERPRISE}:manager.value"), "value": "62811915"}
        ]),
    );
    assert_eq!(out["schemas"], json!([USER, ENTERPRISE]));
    assert_eq!(
        out[ENTERPRISE],
        json!({"department": "Tour Operations", "manager": {"value": "62811915"}})
    );
    // The extension keeps its spelling, found ignoring case.
    let lower = ENTERPRISE.to_lowercase();
    let mixed = with(out.clone(), |v| {
        let ext = v.as_object_mut().unwrap().remove(ENTERPRISE).unwrap();
        v[&lower] = ext;
    });
    let out2 = ok(
        &mixed,
        json!([{"op": "replace", "path": format!("{ENTERPRISE}:Department"), "value": "X"}]),
    );
    assert_eq!(out2[&lower]["department"], "X");
    // Removing the last attribute removes the extension object.
    let out3 = ok(
        &out,
        json!([
            {"op": "remove", "path": format!("{ENTERPRISE}:department")},
            {"op": "remove", "path": format!("{ENTERPRISE}:manager")}
        ]),
    );
    assert!(out3.get(ENTERPRISE).is_none());
    assert_eq!(out3["schemas"], json!([USER]));
    // The URN alone addresses the whole extension; in a path-less value too.
    let out4 = ok(
        &u,
        json!([{"op": "add", "value": {ENTERPRISE: {"employeeNumber": "701984"}}}]),
    );
    assert_eq!(out4[ENTERPRISE], json!({"employeeNumber": "701984"}));
    let out5 = ok(
        &out4,
        json!([{"op": "replace", "path": ENTERPRISE, "value": {"costCenter": "4130"}}]),
    );
    assert_eq!(
        out5[ENTERPRISE],
        json!({"employeeNumber": "701984", "costCenter": "4130"})
    );
    let out6 = ok(&out5, json!([{"op": "remove", "path": ENTERPRISE}]));
    assert!(out6.get(ENTERPRISE).is_none());
    assert_eq!(out6["schemas"], json!([USER]));
    // The core URN qualifies top-level attributes.
    let out7 = ok(
        &u,
        json!([{"op": "replace", "path": format!("{USER}:userName"), "value": "babs"}]),
    );
    assert_eq!(out7["userName"], "babs");
    // Read-only sub-attribute of the extension.
    let e = err(
        &out,
        json!([{"op": "replace", "path": format!("{ENTERPRISE}:manager.displayName"), "value": "Boss"}]),
    );
    assert_eq!(e.scim_type(), ScimType::Mutability);
}

/// Answers checked against two independent implementations (see
/// `patch_interop`): extensions leave `schemas` with their last attribute,
/// fully qualified attribute names are attribute names, and a patch needs
/// an operation.
#[test]
fn extension_schemas_and_qualified_names() {
    let ent = with(user(), |v| {
        v["schemas"] = json!([USER, ENTERPRISE]);
        v[ENTERPRISE] = json!({"department": "Tour Operations", "manager": {"value": "26118915"}});
    });
    let plain = user();
    check_ok(vec![
        (
            "removing the last extension attribute takes the URN out of schemas",
            ent.clone(),
            json!([
                {"op": "remove", "path": format!("{ENTERPRISE}:department")},
                {"op": "remove", "path": format!("{ENTERPRISE}:manager.value")}
            ]),
            plain.clone(),
        ),
        (
            "removing the extension by its URN takes it out of schemas",
            ent.clone(),
            json!([{"op": "remove", "path": ENTERPRISE}]),
            plain.clone(),
        ),
        (
            "replacing the extension with null takes it out of schemas",
            ent.clone(),
            json!([{"op": "replace", "value": {ENTERPRISE: null}}]),
            plain.clone(),
        ),
        (
            "removing one of two extension attributes keeps the URN",
            ent.clone(),
            json!([{"op": "remove", "path": format!("{ENTERPRISE}:department")}]),
            with(ent.clone(), |v| {
                v[ENTERPRISE].as_object_mut().unwrap().remove("department");
            }),
        ),
        (
            "the extension comes back, listed once",
            ent.clone(),
            json!([
                {"op": "remove", "path": ENTERPRISE},
                {"op": "add", "path": format!("{ENTERPRISE}:department"), "value": "Sales"}
            ]),
            with(plain.clone(), |v| {
                v["schemas"] = json!([USER, ENTERPRISE]);
                v[ENTERPRISE] = json!({"department": "Sales"});
            }),
        ),
        (
            "a fully qualified extension attribute as a path-less key",
            ent.clone(),
            json!([{"op": "replace", "value": {format!("{ENTERPRISE}:department"): "Sales"}}]),
            with(ent.clone(), |v| {
                v[ENTERPRISE]["department"] = json!("Sales")
            }),
        ),
        (
            "a fully qualified extension attribute as a path-less key creates the extension",
            plain.clone(),
            json!([{"op": "add", "value": {format!("{ENTERPRISE}:manager"): {"value": "26118915"}}}]),
            with(plain.clone(), |v| {
                v["schemas"] = json!([USER, ENTERPRISE]);
                v[ENTERPRISE] = json!({"manager": {"value": "26118915"}});
            }),
        ),
        (
            "a fully qualified core attribute as a path-less key",
            plain.clone(),
            json!([{"op": "replace", "value": {format!("{USER}:userName"): "babs"}}]),
            with(plain.clone(), |v| v["userName"] = json!("babs")),
        ),
    ]);
    check_err(vec![
        (
            "a failed patch puts the extension and its URN back",
            ent.clone(),
            json!([
                {"op": "remove", "path": ENTERPRISE},
                {"op": "replace", "path": "id", "value": "other"}
            ]),
            1,
            ScimType::Mutability,
        ),
        (
            "a qualified key with a sub-attribute is still a path",
            ent.clone(),
            json!([{"op": "replace", "value": {format!("{ENTERPRISE}:manager.value"): "x"}}]),
            0,
            ScimType::InvalidValue,
        ),
        (
            "a qualified key of a read-only attribute",
            plain.clone(),
            json!([{"op": "replace", "value": {format!("{USER}:id"): "other"}}]),
            0,
            ScimType::Mutability,
        ),
        (
            "a URN no schema knows is no qualified name",
            plain.clone(),
            json!([{"op": "add", "value": {"urn:example:params:custom:colour": "blue"}}]),
            0,
            ScimType::InvalidValue,
        ),
        (
            "no operations",
            plain.clone(),
            json!([]),
            0,
            ScimType::InvalidValue,
        ),
    ]);
    // A qualified name is no coercion.
    let (_, report) = run_with(
        &Patcher::core(),
        &ent,
        json!([{"op": "add", "value": {format!("{ENTERPRISE}:department"): "Sales"}}]),
    )
    .unwrap();
    assert!(report.coercions().is_empty());
    let e = err(&plain, json!([]));
    assert_eq!(
        e.to_string(),
        "`Operations` is empty: a PATCH request needs at least one operation"
    );
}

#[test]
fn atomic_on_failure() {
    let u = user();
    let g = group();
    // Each patch changes the resource in several ways, then fails; `run`
    // checks that nothing is left of the earlier operations.
    let cases = vec![
        (
            u.clone(),
            json!([
                {"op": "replace", "path": "userName", "value": "x"},
                {"op": "add", "path": "emails", "value": [{"value": "n@x", "primary": true}]},
                {"op": "remove", "path": "name.givenName"},
                {"op": "add", "path": format!("{ENTERPRISE}:department"), "value": "d"},
                {"op": "remove", "path": "emails[type eq \"home\"]"},
                {"op": "replace", "path": "id", "value": "other"}
            ]),
            5,
        ),
        (
            g.clone(),
            json!([
                {"op": "remove", "path": "members[value eq \"2819c223-7f76-453a-919d-413861904646\"]"},
                {"op": "add", "path": "members", "value": [{"value": "a"}, {"value": "b"}]},
                {"op": "replace", "path": "displayName", "value": "New"},
                {"op": "remove", "path": "members[value eq \"nobody\"]"}
            ]),
            3,
        ),
        (
            g.clone(),
            json!([
                {"op": "remove", "path": "members"},
                {"op": "remove", "path": "displayName"}
            ]),
            1,
        ),
        (
            u.clone(),
            json!([
                {"op": "replace", "value": {"nickName": "B", "emails": [{"value": "z@z"}]}},
                {"op": "add", "path": "active", "value": "yes"}
            ]),
            1,
        ),
    ];
    for (resource, ops, index) in cases {
        let e = run(&resource, ops).unwrap_err();
        assert_eq!(e.index(), index, "{e}");
    }
}

#[test]
fn errors_say_where_and_what() {
    let e = err(
        &user(),
        json!([{"op": "add", "path": "title", "value": "x"}, {"op": "replace", "path": "active", "value": "True"}]),
    );
    assert_eq!(e.index(), 1);
    assert_eq!(e.op(), "replace");
    assert_eq!(e.path(), Some("active"));
    assert_eq!(
        e.to_string(),
        "operation 1 (`replace` `active`): `active` takes a boolean, not the string \"True\" (Tolerance::string_booleans accepts it)"
    );
    let reply = ScimError::from(&e);
    assert_eq!(reply.status.code(), 400);
    assert_eq!(reply.scim_type, Some(ScimType::InvalidValue));
    let e = err(
        &user(),
        json!([{"op": "Add", "path": "title", "value": "x"}]),
    );
    assert!(e.to_string().contains("Tolerance::op_name_case"), "{e}");
    let e = err(
        &user(),
        json!([{"op": "add", "path": "emails", "value": [[{"value": "a@example.com"}]]}]),
    );
    assert_eq!(
        e.to_string(),
        "operation 0 (`add` `emails`): `emails` takes an array of values, not an array nested in the array"
    );
    assert_eq!(e.scim_type(), ScimType::InvalidValue);
    let mut not_object = json!([1]);
    let e = Patcher::core()
        .apply(
            &mut not_object,
            &patch_of(json!([{"op": "add", "path": "a", "value": 1}])),
        )
        .unwrap_err();
    assert_eq!(e.scim_type(), ScimType::InvalidSyntax);
}

#[test]
fn typed_resources() {
    let mut user: scim_core::User = scim_core::from_value(user()).unwrap();
    let report = Patcher::core()
        .apply_to(
            &mut user,
            &patch_of(json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "w@example.com"}])),
        )
        .unwrap();
    assert!(report.changed());
    assert_eq!(user.emails[0].value.as_deref(), Some("w@example.com"));
    let before = user.clone();
    assert!(
        Patcher::core()
            .apply_to(
                &mut user,
                &patch_of(json!([{"op": "remove", "path": "userName"}]))
            )
            .is_err()
    );
    assert_eq!(user, before);
}

#[test]
fn reject_unknown_attributes() {
    let strict = Patcher::core().reject_unknown_attributes(true);
    for ops in [
        json!([{"op": "add", "path": "favouriteColour", "value": "blue"}]),
        json!([{"op": "add", "path": "name.nickname", "value": "B"}]),
        json!([{"op": "add", "value": {"favouriteColour": "blue"}}]),
    ] {
        let e = run_with(&strict, &user(), ops).unwrap_err();
        assert_eq!(e.scim_type(), ScimType::InvalidPath, "{e}");
    }
    assert!(
        run_with(
            &strict,
            &user(),
            json!([{"op": "add", "path": "title", "value": "T"}])
        )
        .is_ok()
    );
}

#[test]
fn tolerance_default_is_strict() {
    assert_eq!(Patcher::core().tolerance(), Tolerance::STRICT);
    assert_eq!(Tolerance::default(), Tolerance::STRICT);
}

// ---- tolerant reading -----------------------------------------------------

mod tolerance {
    use super::*;
    use pretty_assertions::assert_eq;
    use scim_core::patch::CoercionKind;

    struct Case {
        what: &'static str,
        switch: Tolerance,
        resource: Value,
        ops: Value,
        want: Value,
        coercion: CoercionKind,
        strict: ScimType,
    }

    fn cases() -> Vec<Case> {
        let u = user();
        let ent_user = with(user(), |v| v["schemas"] = json!([USER, ENTERPRISE]));
        vec![
            Case {
                what: "capitalised op",
                switch: Tolerance::STRICT.op_name_case(true),
                resource: u.clone(),
                ops: json!([{"op": "Replace", "path": "title", "value": "Boss"}]),
                want: with(u.clone(), |v| v["title"] = json!("Boss")),
                coercion: CoercionKind::OpNameCase("Replace".into()),
                strict: ScimType::InvalidSyntax,
            },
            Case {
                what: "upper-case op",
                switch: Tolerance::STRICT.op_name_case(true),
                resource: u.clone(),
                ops: json!([{"op": "REMOVE", "path": "name"}]),
                want: with(u.clone(), |v| {
                    v.as_object_mut().unwrap().remove("name");
                }),
                coercion: CoercionKind::OpNameCase("REMOVE".into()),
                strict: ScimType::InvalidSyntax,
            },
            Case {
                what: "string boolean",
                switch: Tolerance::STRICT.string_booleans(true),
                resource: with(u.clone(), |v| v["active"] = json!(true)),
                ops: json!([{"op": "replace", "path": "active", "value": "False"}]),
                want: with(u.clone(), |v| v["active"] = json!(false)),
                coercion: CoercionKind::StringBoolean("False".into()),
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "string boolean in a sub-attribute",
                switch: Tolerance::STRICT.string_booleans(true),
                resource: u.clone(),
                ops: json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": "TRUE"}]),
                want: with(u.clone(), |v| {
                    v["emails"][0]["primary"] = json!(false);
                    v["emails"][1]["primary"] = json!(true);
                }),
                coercion: CoercionKind::StringBoolean("TRUE".into()),
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "dotted key in a path-less value",
                switch: Tolerance::STRICT.path_keys(true),
                resource: u.clone(),
                ops: json!([{"op": "replace", "value": {"name.givenName": "Babs"}}]),
                want: with(u.clone(), |v| v["name"]["givenName"] = json!("Babs")),
                coercion: CoercionKind::PathKey("name.givenName".into()),
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "URN-qualified path with a sub-attribute as a key",
                switch: Tolerance::STRICT.path_keys(true),
                resource: ent_user.clone(),
                ops: json!([{"op": "add", "value": {format!("{ENTERPRISE}:manager.value"): "26118915"}}]),
                want: with(ent_user.clone(), |v| {
                    v[ENTERPRISE] = json!({"manager": {"value": "26118915"}})
                }),
                coercion: CoercionKind::PathKey(format!("{ENTERPRISE}:manager.value")),
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "remove of members with a value array",
                switch: Tolerance::STRICT.remove_with_value(true),
                resource: group(),
                ops: json!([{"op": "remove", "path": "members", "value": [{"value": "2819C223-7f76-453a-919d-413861904646"}, {"value": "gone"}]}]),
                want: with(group(), |v| {
                    v["members"].as_array_mut().unwrap().remove(0);
                }),
                coercion: CoercionKind::RemoveWithValue(1),
                strict: ScimType::InvalidSyntax,
            },
            Case {
                what: "add to a value path matching nothing creates the value",
                switch: Tolerance::STRICT.add_creates_value(true),
                resource: u.clone(),
                ops: json!([{"op": "add", "path": "emails[type eq \"other\"].value", "value": "o@example.com"}]),
                want: with(u.clone(), |v| {
                    v["emails"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"type": "other", "value": "o@example.com"}))
                }),
                coercion: CoercionKind::CreatedValue,
                strict: ScimType::NoTarget,
            },
            Case {
                what: "add to a value path of a missing attribute creates it",
                switch: Tolerance::STRICT.add_creates_value(true),
                resource: u.clone(),
                ops: json!([{"op": "add", "path": "phoneNumbers[type eq \"work\"].value", "value": "555"}]),
                want: with(u.clone(), |v| {
                    v["phoneNumbers"] = json!([{"type": "work", "value": "555"}])
                }),
                coercion: CoercionKind::CreatedValue,
                strict: ScimType::NoTarget,
            },
            Case {
                what: "bare string for the manager",
                switch: Tolerance::STRICT.bare_string_complex(true),
                resource: ent_user.clone(),
                ops: json!([{"op": "replace", "path": format!("{ENTERPRISE}:manager"), "value": "26118915"}]),
                want: with(ent_user.clone(), |v| {
                    v[ENTERPRISE] = json!({"manager": {"value": "26118915"}})
                }),
                coercion: CoercionKind::BareStringComplex,
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "single-element array for a simple attribute",
                switch: Tolerance::STRICT.single_value_array(true),
                resource: u.clone(),
                ops: json!([{"op": "replace", "path": "title", "value": [{"value": "Boss"}]}]),
                want: with(u.clone(), |v| v["title"] = json!("Boss")),
                coercion: CoercionKind::SingleValueArray,
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "single-element array with a null $ref",
                switch: Tolerance::STRICT.single_value_array(true),
                resource: u.clone(),
                ops: json!([{"op": "replace", "path": "displayName", "value": [{"$ref": null, "value": "Babs"}]}]),
                want: with(u.clone(), |v| v["displayName"] = json!("Babs")),
                coercion: CoercionKind::SingleValueArray,
                strict: ScimType::InvalidValue,
            },
            Case {
                what: "remove of a value path matching nothing",
                switch: Tolerance::STRICT.remove_unmatched(true),
                resource: group(),
                ops: json!([{"op": "remove", "path": "members[value eq \"gone\"]"}]),
                want: group(),
                coercion: CoercionKind::RemoveUnmatched,
                strict: ScimType::NoTarget,
            },
        ]
    }

    #[test]
    fn each_switch_accepts_and_reports_its_case_and_strict_rejects_it() {
        for c in cases() {
            // Strict: rejected, the resource untouched.
            let e = run(&c.resource, c.ops.clone()).expect_err(c.what);
            assert_eq!(e.scim_type(), c.strict, "{}: {e}", c.what);
            // The other switches alone do not accept it either.
            let (s, a) = (Tolerance::STRICT, Tolerance::ALL);
            let pairs = [
                (s.op_name_case(true), a.op_name_case(false)),
                (s.string_booleans(true), a.string_booleans(false)),
                (s.path_keys(true), a.path_keys(false)),
                (s.remove_with_value(true), a.remove_with_value(false)),
                (s.add_creates_value(true), a.add_creates_value(false)),
                (s.bare_string_complex(true), a.bare_string_complex(false)),
                (s.single_value_array(true), a.single_value_array(false)),
                (s.remove_unmatched(true), a.remove_unmatched(false)),
            ];
            let only_others = pairs.iter().find(|(on, _)| *on == c.switch).unwrap().1;
            assert!(
                run_with(
                    &Patcher::core().with_tolerance(only_others),
                    &c.resource,
                    c.ops.clone()
                )
                .is_err(),
                "{}: accepted without its switch",
                c.what
            );
            // With the switch: accepted and reported.
            let (got, report) = run_with(
                &Patcher::core().with_tolerance(c.switch),
                &c.resource,
                c.ops.clone(),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", c.what));
            assert_eq!(got, c.want, "{}", c.what);
            let kinds: Vec<&CoercionKind> = report
                .coercions()
                .iter()
                .map(scim_core::patch::Coercion::kind)
                .collect();
            assert_eq!(kinds, [&c.coercion], "{}", c.what);
            assert_eq!(report.coercions()[0].index(), 0);
            assert!(!report.coercions()[0].to_string().is_empty());
        }
    }

    #[test]
    fn entra_id_request() {
        // The shape of an update Microsoft Entra ID sends.
        let resource = with(user(), |v| {
            v["schemas"] = json!([USER, ENTERPRISE]);
            v["active"] = json!(true);
        });
        let ops = json!([
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Add", "value": {
                "name.familyName": "Jensen-Smith",
                format!("{ENTERPRISE}:employeeNumber"): "701984"
            }},
            {"op": "Add", "path": "emails[type eq \"other\"].value", "value": "b@other.example"},
            {"op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": "26118915"}
        ]);
        assert!(run(&resource, ops.clone()).is_err());
        let (got, report) = run_with(
            &Patcher::core().with_tolerance(Tolerance::ENTRA_ID),
            &resource,
            ops,
        )
        .unwrap();
        assert_eq!(got["active"], false);
        assert_eq!(got["name"]["familyName"], "Jensen-Smith");
        assert_eq!(got[ENTERPRISE]["employeeNumber"], "701984");
        assert_eq!(
            got["emails"][2],
            json!({"type": "other", "value": "b@other.example"})
        );
        assert_eq!(got[ENTERPRISE]["manager"], json!({"value": "26118915"}));
        // The URN-qualified attribute name is no coercion (RFC 7644 §3.10).
        assert_eq!(report.coercions().len(), 8, "{:#?}", report.coercions());
    }

    #[test]
    fn remove_with_value_never_removes_everything() {
        let t = Patcher::core().with_tolerance(Tolerance::ALL);
        // A value naming no member removes nothing.
        let (got, report) = run_with(
            &t,
            &group(),
            json!([{"op": "remove", "path": "members", "value": [{"value": "nobody"}]}]),
        )
        .unwrap();
        assert_eq!(got, group());
        assert!(!report.changed());
        // On a single-valued attribute a value is still an error.
        assert!(
            run_with(
                &t,
                &user(),
                json!([{"op": "remove", "path": "userName", "value": "bjensen"}])
            )
            .is_err()
        );
    }
}

// ---- diff -----------------------------------------------------------------

mod diff {
    use super::*;
    use pretty_assertions::assert_eq;
    use proptest::prelude::*;
    use scim_core::patch::{DiffOptions, diff};

    fn modes() -> [(&'static str, DiffOptions<'static>); 4] {
        [
            ("default", DiffOptions::new()),
            (
                "path-less replace only",
                DiffOptions::new().pathless_replace_only(true),
            ),
            ("no value filters", DiffOptions::new().value_filters(false)),
            (
                "whole multi-valued",
                DiffOptions::new().replace_whole_multi_valued(true),
            ),
        ]
    }

    fn round_trip(old: &Value, new: &Value) {
        for (mode, options) in modes() {
            let patch = diff(old, new, &options);
            if patch.operations.is_empty() {
                // Nothing to send, and nothing a PATCH may carry.
                assert_eq!(old, new, "{mode}");
                continue;
            }
            let mut got = old.clone();
            Patcher::core().apply(&mut got, &patch).unwrap_or_else(|e| {
                panic!("{mode}: {e}\n{:#}", serde_json::to_value(&patch).unwrap())
            });
            assert_eq!(
                &got,
                new,
                "{mode}: {:#}",
                serde_json::to_value(&patch).unwrap()
            );
            // Diffing a resource with itself gives nothing to do.
            assert!(diff(new, new, &options).operations.is_empty(), "{mode}");
        }
    }

    fn ops(old: &Value, new: &Value, options: &DiffOptions<'_>) -> Value {
        let patch = serde_json::to_value(diff(old, new, options)).unwrap();
        patch.get("Operations").cloned().unwrap_or(json!([]))
    }

    #[test]
    fn minimal_operations() {
        let u = user();
        // Unchanged attributes get nothing; a changed one, one operation.
        let new = with(u.clone(), |v| v["title"] = json!("Boss"));
        assert_eq!(
            ops(&u, &new, &DiffOptions::new()),
            json!([{"op": "add", "path": "title", "value": "Boss"}])
        );
        // Complex: changed sub-attributes replaced, removed ones removed.
        let new = with(u.clone(), |v| {
            v["name"] = json!({"givenName": "Babs", "middleName": "J"})
        });
        assert_eq!(
            ops(&u, &new, &DiffOptions::new()),
            json!([
                {"op": "remove", "path": "name.familyName"},
                {"op": "replace", "path": "name", "value": {"givenName": "Babs", "middleName": "J"}}
            ])
        );
        // Read-only attributes are left out unless asked for.
        let new = with(u.clone(), |v| {
            v["meta"]["created"] = json!("2020-01-01T00:00:00Z")
        });
        assert_eq!(ops(&u, &new, &DiffOptions::new()), json!([]));
        assert_eq!(
            ops(&u, &new, &DiffOptions::new().include_read_only(true)),
            json!([{"op": "replace", "path": "meta", "value": {"created": "2020-01-01T00:00:00Z"}}])
        );
    }

    #[test]
    fn members_one_by_one_with_escaped_values() {
        let g = json!({"schemas": [GROUP], "displayName": "g", "members": [
            {"value": "a\"] or value pr or [\""}, {"value": "b"}
        ]});
        let new = json!({"schemas": [GROUP], "displayName": "g", "members": [
            {"value": "b", "display": "Bee"}, {"value": "c"}
        ]});
        assert_eq!(
            ops(&g, &new, &DiffOptions::new()),
            json!([
                {"op": "remove", "path": "members[value eq \"a\\\"] or value pr or [\\\"\"]"},
                {"op": "replace", "path": "members[value eq \"b\"]", "value": {"value": "b", "display": "Bee"}},
                {"op": "add", "path": "members", "value": [{"value": "c"}]}
            ])
        );
        round_trip(&g, &new);
        // Narrower targets.
        assert_eq!(
            ops(&g, &new, &DiffOptions::new().value_filters(false)),
            json!([{"op": "replace", "path": "members", "value": new["members"]}])
        );
        assert_eq!(
            ops(&g, &new, &DiffOptions::new().pathless_replace_only(true)),
            json!([{"op": "replace", "value": {"members": new["members"]}}])
        );
        // Only additions stay additions without filters.
        let more = with(g.clone(), |v| {
            v["members"]
                .as_array_mut()
                .unwrap()
                .push(json!({"value": "z"}))
        });
        assert_eq!(
            ops(&g, &more, &DiffOptions::new().value_filters(false)),
            json!([{"op": "add", "path": "members", "value": [{"value": "z"}]}])
        );
        // Reordering cannot be done one by one.
        let swapped = with(g.clone(), |v| {
            v["members"].as_array_mut().unwrap().reverse()
        });
        assert_eq!(
            ops(&g, &swapped, &DiffOptions::new()),
            json!([{"op": "replace", "path": "members", "value": swapped["members"]}])
        );
    }

    #[test]
    fn extensions_and_removals() {
        let old = with(user(), |v| {
            v["schemas"] = json!([USER, ENTERPRISE]);
            v[ENTERPRISE] = json!({"department": "d", "manager": {"value": "m"}});
        });
        let new = with(user(), |v| {
            v["schemas"] = json!([USER, ENTERPRISE]);
            v[ENTERPRISE] = json!({"department": "e"});
        });
        assert_eq!(
            ops(&old, &new, &DiffOptions::new()),
            json!([
                {"op": "replace", "path": format!("{ENTERPRISE}:department"), "value": "e"},
                {"op": "remove", "path": format!("{ENTERPRISE}:manager")}
            ])
        );
        round_trip(&old, &new);
        round_trip(&new, &old);
        round_trip(&old, &user());
        round_trip(&user(), &old);
    }

    // Generated pairs of resources over small vocabularies, so that they
    // share values often.

    fn pick<T: Clone + std::fmt::Debug + 'static>(items: &'static [T]) -> impl Strategy<Value = T> {
        prop::sample::select(items)
    }

    fn opt<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
        prop::option::of(s)
    }

    fn text() -> impl Strategy<Value = String> {
        pick(&["a", "b", "Babs", "x\"y", "]", "", "straße", "B"]).prop_map(str::to_owned)
    }

    fn multi(
        values: &'static [&'static str],
        types: &'static [&'static str],
        with_primary: bool,
    ) -> impl Strategy<Value = Option<Value>> {
        prop::collection::vec(
            (
                pick(values),
                opt(pick(types)),
                opt(text()),
                opt(any::<bool>()),
            ),
            0..5,
        )
        .prop_map(move |items| {
            let mut seen = std::collections::HashSet::new();
            let mut primary_taken = false;
            let mut out = Vec::new();
            for (value, ty, display, primary) in items {
                if !seen.insert(value) {
                    continue;
                }
                let mut o = serde_json::Map::new();
                o.insert("value".into(), json!(value));
                if let Some(t) = ty {
                    o.insert("type".into(), json!(t));
                }
                if let Some(d) = display {
                    o.insert("display".into(), json!(d));
                }
                if let (true, Some(p)) = (with_primary, primary) {
                    if !(p && primary_taken) {
                        primary_taken |= p;
                        o.insert("primary".into(), json!(p));
                    }
                }
                out.push(Value::Object(o));
            }
            (!out.is_empty()).then_some(Value::Array(out))
        })
    }

    fn object(keys: &'static [&'static str]) -> impl Strategy<Value = Option<Value>> {
        prop::collection::vec((pick(keys), text()), 0..4).prop_map(|pairs| {
            let o: serde_json::Map<String, Value> = pairs
                .into_iter()
                .map(|(k, v)| (k.to_owned(), json!(v)))
                .collect();
            (!o.is_empty()).then_some(Value::Object(o))
        })
    }

    fn user_strategy() -> impl Strategy<Value = Value> {
        (
            text(),
            opt(text()),
            opt(any::<bool>()),
            object(&["givenName", "familyName", "middleName"]),
            multi(
                &["a@x.org", "b@x.org", "c@x.org", "A@x.org", "d@x.org"],
                &["work", "home"],
                true,
            ),
            prop::collection::vec((pick(&["work", "home"]), text()), 0..3),
            (opt(text()), opt(pick(&["m1", "m2"]))),
            opt(prop_oneof![
                text().prop_map(Value::from),
                object(&["a", "b"]).prop_map(|o| o.unwrap_or(json!(1)))
            ]),
        )
            .prop_map(
                |(user_name, title, active, name, emails, addresses, (dept, manager), custom)| {
                    let mut u = json!({"schemas": [USER], "id": "2819c223", "userName": user_name});
                    let set = |u: &mut Value, k: &str, v: Option<Value>| {
                        if let Some(v) = v {
                            u[k] = v;
                        }
                    };
                    set(&mut u, "title", title.map(Value::from));
                    set(&mut u, "active", active.map(Value::from));
                    set(&mut u, "name", name);
                    set(&mut u, "emails", emails);
                    let mut seen = Vec::new();
                    for (t, l) in addresses {
                        let a = json!({"type": t, "locality": l});
                        if !seen.contains(&a) {
                            seen.push(a);
                        }
                    }
                    if !seen.is_empty() {
                        u["addresses"] = Value::Array(seen);
                    }
                    set(&mut u, "favourite", custom);
                    let mut ext = serde_json::Map::new();
                    if let Some(d) = dept {
                        ext.insert("department".into(), json!(d));
                    }
                    if let Some(m) = manager {
                        ext.insert("manager".into(), json!({"value": m}));
                    }
                    if !ext.is_empty() {
                        u["schemas"] = json!([USER, ENTERPRISE]);
                        u[ENTERPRISE] = Value::Object(ext);
                    }
                    u
                },
            )
    }

    fn group_strategy() -> impl Strategy<Value = Value> {
        (
            text(),
            multi(&["u1", "u2", "u3", "U1", "u\"4"], &["User", "Group"], false),
        )
            .prop_map(|(display_name, members)| {
                let mut g =
                    json!({"schemas": [GROUP], "id": "e9e30dba", "displayName": display_name});
                if let Some(m) = members {
                    g["members"] = m;
                }
                g
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn applying_the_diff_gives_the_new_user((old, new) in (user_strategy(), user_strategy())) {
            round_trip(&old, &new);
        }

        #[test]
        fn applying_the_diff_gives_the_new_group((old, new) in (group_strategy(), group_strategy())) {
            round_trip(&old, &new);
        }
    }
}

/// Values that are not case exact are duplicates when they are equal by the
/// same case folding filters use (final sigma included).
#[test]
fn duplicates_fold_case_as_filters_do() {
    let user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "sisyphus",
        "emails": [{"value": "σίσυφος@example.com", "type": "work"}]
    });
    for (value, added) in [
        ("ΣΊΣΥΦΟΣ@EXAMPLE.COM", false),
        ("σίσυφοσ@example.com", false),
        ("sisyphus@example.com", true),
    ] {
        let out = run(
            &user,
            json!([{"op": "add", "path": "emails", "value": [{"value": value}]}]),
        )
        .unwrap();
        let emails = out["emails"].as_array().unwrap();
        assert_eq!(emails.len(), if added { 2 } else { 1 }, "{value}");
        let f = scim_core::Filter::parse(&format!("emails.value eq \"{value}\"")).unwrap();
        assert_eq!(f.matches(&user).unwrap(), !added, "{value}");
    }
}
