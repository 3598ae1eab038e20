//! Validation of resources against the schemas of a registry.

use scim_core::schema::urn;
use scim_core::validate::{Mode, ReadOnlyPolicy, ValidationError, ValidationErrorKind, Validator};
use scim_core::{Schema, SchemaRegistry, ScimType, User};
use serde_json::{Value, json};

const ENT: &str = urn::ENTERPRISE_USER;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The registry with a custom schema that has every attribute type and a
/// required sub-attribute.
fn registry() -> SchemaRegistry {
    let mut r = SchemaRegistry::core();
    let custom: Schema = serde_json::from_value(json!({
        "id": "urn:example:params:scim:schemas:Device",
        "name": "Device",
        "attributes": [
            {"name": "serial", "type": "string", "required": true, "caseExact": true},
            {"name": "level", "type": "integer"},
            {"name": "weight", "type": "decimal"},
            {"name": "seen", "type": "dateTime"},
            {"name": "key", "type": "binary"},
            {"name": "tags", "type": "string", "multiValued": true},
            {"name": "colour", "type": "string", "canonicalValues": ["Red", "Blue"], "caseExact": true},
            {"name": "owner", "type": "complex", "subAttributes": [
                {"name": "value", "type": "string", "required": true},
                {"name": "kind", "type": "string", "canonicalValues": ["person", "team"]}
            ]}
        ]
    }))
    .unwrap();
    r.add(custom);
    r
}

const DEVICE: &str = "urn:example:params:scim:schemas:Device";

type Setup = fn(&SchemaRegistry) -> Validator<'_>;

fn request(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r)
}
fn report(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).read_only(ReadOnlyPolicy::Report)
}
fn response(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).mode(Mode::Response)
}
fn strip(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).read_only(ReadOnlyPolicy::Strip)
}
fn strict(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).report_unknown_attributes(true)
}
fn single(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).allow_single_values(true)
}
fn unknown_schemas(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).allow_unknown_schemas(true)
}
fn closed_emails(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).close_canonical_values("emails.type")
}
fn closed_emails_qualified(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).close_canonical_values(format!("{}:emails.type", urn::USER))
}
fn closed_emails_wrong_schema(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).close_canonical_values(format!("{ENT}:emails.type"))
}
fn closed_device(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r)
        .close_canonical_values("colour")
        .close_canonical_values("OWNER.KIND")
}
fn open(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).open_canonical_values()
}
fn expect_group(r: &SchemaRegistry) -> Validator<'_> {
    Validator::new(r).expect_schema(urn::GROUP)
}

fn user(extra: Value) -> Value {
    let mut v = json!({"schemas": [urn::USER], "userName": "bjensen"});
    merge(&mut v, extra);
    v
}

fn group(extra: Value) -> Value {
    let mut v = json!({"schemas": [urn::GROUP], "displayName": "Tour Guides"});
    merge(&mut v, extra);
    v
}

fn device(extra: Value) -> Value {
    let mut v = json!({"schemas": [DEVICE], "serial": "X1"});
    merge(&mut v, extra);
    v
}

/// Sets (or, for `null`, removes) the top-level keys of `extra` in `v`.
fn merge(v: &mut Value, extra: Value) {
    let (Value::Object(target), Value::Object(extra)) = (v, extra) else {
        panic!("objects expected");
    };
    for (k, x) in extra {
        if x == json!("<remove>") {
            target.remove(&k);
        } else {
            target.insert(k, x);
        }
    }
}

fn found(setup: Setup, reg: &SchemaRegistry, input: &Value) -> Vec<(String, ScimType)> {
    let mut out: Vec<(String, ScimType)> = match setup(reg).validate(input) {
        Ok(()) => Vec::new(),
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(!errors.to_string().is_empty());
            errors
                .iter()
                .map(|e| (e.path().to_owned(), e.scim_type()))
                .collect()
        }
    };
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

const IV: ScimType = ScimType::InvalidValue;
const IS: ScimType = ScimType::InvalidSyntax;
const MU: ScimType = ScimType::Mutability;

/// A named input, how to validate it, and the (path, scimType) expected.
type Case = (
    &'static str,
    Setup,
    Value,
    &'static [(&'static str, ScimType)],
);

fn check_table(cases: &[Case]) {
    let reg = registry();
    for (name, setup, input, want) in cases {
        let got = found(*setup, &reg, input);
        let mut want: Vec<(String, ScimType)> = want
            .iter()
            .map(|(p, t)| ((*p).to_owned(), t.clone()))
            .collect();
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, want, "case `{name}`: input {input}");
    }
}

#[test]
fn required_attributes() {
    check_table(&[
        ("user with userName", request, user(json!({})), &[]),
        (
            "userName absent",
            request,
            user(json!({"userName": "<remove>"})),
            &[("userName", IV)],
        ),
        (
            "userName empty",
            request,
            user(json!({"userName": ""})),
            &[("userName", IV)],
        ),
        (
            "userName null",
            request,
            user(json!({"userName": null})),
            &[("userName", IV)],
        ),
        (
            "userName other case",
            request,
            user(json!({"userName": "<remove>", "USERNAME": "b"})),
            &[],
        ),
        ("group with displayName", request, group(json!({})), &[]),
        (
            "group without displayName",
            request,
            group(json!({"displayName": "<remove>"})),
            &[("displayName", IV)],
        ),
        ("request needs no id", request, user(json!({})), &[]),
        (
            "response needs id",
            response,
            user(json!({})),
            &[("id", IV)],
        ),
        (
            "response with id",
            response,
            user(json!({"id": "2819c223"})),
            &[],
        ),
        (
            "response with empty id",
            response,
            user(json!({"id": ""})),
            &[("id", IV)],
        ),
        (
            "schemas absent",
            request,
            json!({"userName": "b"}),
            &[("schemas", IV)],
        ),
        (
            "schemas empty",
            request,
            json!({"schemas": [], "userName": "b"}),
            &[("schemas", IV)],
        ),
        (
            "custom required",
            request,
            device(json!({"serial": "<remove>"})),
            &[("serial", IV)],
        ),
        (
            "required sub-attribute",
            request,
            device(json!({"owner": {"kind": "team"}})),
            &[("owner.value", IV)],
        ),
        (
            "required sub-attribute present",
            request,
            device(json!({"owner": {"value": "t1"}})),
            &[],
        ),
        (
            "parent absent, sub not asked",
            request,
            device(json!({"owner": null})),
            &[],
        ),
    ]);
}

#[test]
fn value_types() {
    let cert = "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw";
    check_table(&[
        (
            "string as number",
            request,
            user(json!({"userName": 5})),
            &[("userName", IV)],
        ),
        ("boolean", request, user(json!({"active": false})), &[]),
        (
            "boolean as string",
            request,
            user(json!({"active": "true"})),
            &[("active", IV)],
        ),
        (
            "sub-attribute type",
            request,
            user(json!({"name": {"givenName": 7}})),
            &[("name.givenName", IV)],
        ),
        (
            "complex as array",
            request,
            user(json!({"name": [{"givenName": "B"}]})),
            &[("name", IV)],
        ),
        (
            "complex as string",
            request,
            user(json!({"name": "Barbara"})),
            &[("name", IV)],
        ),
        (
            "reference",
            request,
            user(json!({"profileUrl": "https://example.com/b"})),
            &[],
        ),
        (
            "reference as number",
            request,
            user(json!({"profileUrl": 1})),
            &[("profileUrl", IV)],
        ),
        (
            "externalId as number",
            request,
            user(json!({"externalId": 701984})),
            &[("externalId", IV)],
        ),
        (
            "null is unassigned",
            request,
            user(json!({"displayName": null, "emails": null, "name": null})),
            &[],
        ),
        (
            "null sub-attribute",
            request,
            user(json!({"name": {"givenName": null}})),
            &[],
        ),
        ("integer", request, device(json!({"level": 3})), &[]),
        (
            "negative integer",
            request,
            device(json!({"level": -3})),
            &[],
        ),
        (
            "integer with fraction",
            request,
            device(json!({"level": 1.5})),
            &[("level", IV)],
        ),
        (
            "integer as string",
            request,
            device(json!({"level": "3"})),
            &[("level", IV)],
        ),
        ("decimal", request, device(json!({"weight": 1.5})), &[]),
        (
            "decimal without fraction",
            request,
            device(json!({"weight": 2})),
            &[],
        ),
        (
            "decimal as string",
            request,
            device(json!({"weight": "1.5"})),
            &[("weight", IV)],
        ),
        (
            "dateTime",
            request,
            device(json!({"seen": "2011-08-01T18:29:49.793-07:00"})),
            &[],
        ),
        (
            "dateTime garbage",
            request,
            device(json!({"seen": "yesterday"})),
            &[("seen", IV)],
        ),
        (
            "dateTime bare date",
            request,
            device(json!({"seen": "2011-08-01"})),
            &[("seen", IV)],
        ),
        (
            "dateTime as number",
            request,
            device(json!({"seen": 1312233600})),
            &[("seen", IV)],
        ),
        (
            "meta.created in response",
            response,
            user(json!({"id": "1", "meta": {"created": "2010-01-23T04:56:22Z"}})),
            &[],
        ),
        (
            "meta.created bad in response",
            response,
            user(json!({"id": "1", "meta": {"lastModified": "soon"}})),
            &[("meta.lastModified", IV)],
        ),
        ("binary", request, device(json!({"key": "TWFu"})), &[]),
        (
            "binary unpadded",
            request,
            device(json!({"key": "TWE"})),
            &[],
        ),
        (
            "binary url-safe",
            request,
            device(json!({"key": "ab-_"})),
            &[],
        ),
        (
            "binary not base64",
            request,
            device(json!({"key": "not base64!"})),
            &[("key", IV)],
        ),
        (
            "x509 certificate",
            request,
            user(json!({"x509Certificates": [{"value": cert}]})),
            &[],
        ),
        (
            "x509 certificate broken",
            request,
            user(json!({"x509Certificates": [{"value": "%%"}]})),
            &[("x509Certificates[0].value", IV)],
        ),
        (
            "other attribute types unknown",
            request,
            device(json!({"tags": ["a", "b"]})),
            &[],
        ),
    ]);
}

#[test]
fn multi_valued_attributes() {
    check_table(&[
        (
            "array of objects",
            request,
            user(json!({"emails": [{"value": "a@example.com"}]})),
            &[],
        ),
        ("empty array", request, user(json!({"emails": []})), &[]),
        (
            "lone object",
            request,
            user(json!({"emails": {"value": "a@example.com"}})),
            &[("emails", IV)],
        ),
        (
            "lone object allowed",
            single,
            user(json!({"emails": {"value": "a@example.com"}})),
            &[],
        ),
        (
            "lone object allowed, still typed",
            single,
            user(json!({"emails": {"primary": "yes"}})),
            &[("emails.primary", IV)],
        ),
        (
            "array of strings",
            request,
            user(json!({"emails": ["a@example.com"]})),
            &[("emails[0]", IV)],
        ),
        (
            "null element",
            request,
            user(json!({"emails": [null]})),
            &[("emails[0]", IV)],
        ),
        (
            "bad element index",
            request,
            user(json!({"emails": [{"value": "a"}, {"primary": "yes"}]})),
            &[("emails[1].primary", IV)],
        ),
        (
            "simple multi-valued",
            request,
            device(json!({"tags": ["a", 1]})),
            &[("tags[1]", IV)],
        ),
        (
            "simple multi-valued lone",
            request,
            device(json!({"tags": "a"})),
            &[("tags", IV)],
        ),
        (
            "single-valued given an array",
            request,
            user(json!({"displayName": ["Babs"]})),
            &[("displayName", IV)],
        ),
        (
            "schemas lone string",
            request,
            json!({"schemas": urn::USER, "userName": "b"}),
            &[("schemas", IV)],
        ),
        (
            "schemas lone string allowed",
            single,
            json!({"schemas": urn::USER, "userName": "b"}),
            &[],
        ),
    ]);
}

#[test]
fn at_most_one_primary() {
    let two = json!({"emails": [
        {"value": "a@example.com", "primary": true},
        {"value": "b@example.com", "primary": false},
        {"value": "c@example.com", "primary": true}
    ]});
    let one = json!({"emails": [
        {"value": "a@example.com", "primary": true},
        {"value": "b@example.com", "primary": false}
    ]});
    check_table(&[
        (
            "two primaries",
            request,
            user(two),
            &[("emails[2].primary", IV)],
        ),
        ("one primary", request, user(one), &[]),
        (
            "no primary",
            request,
            user(json!({"phoneNumbers": [{"value": "1"}, {"value": "2"}]})),
            &[],
        ),
    ]);
}

#[test]
fn canonical_values() {
    let member = |t: &str| group(json!({"members": [{"value": "2819c223", "type": t}]}));
    let email = |t: &str| user(json!({"emails": [{"value": "a@example.com", "type": t}]}));
    check_table(&[
        ("member User", request, member("User"), &[]),
        ("member Group", request, member("Group"), &[]),
        ("member case-insensitive", request, member("user"), &[]),
        (
            "member Robot",
            request,
            member("Robot"),
            &[("members[0].type", IV)],
        ),
        ("member Robot, all open", open, member("Robot"), &[]),
        (
            "groups.type closed",
            response,
            user(json!({"id": "1", "groups": [{"value": "g", "type": "indirect"}]})),
            &[],
        ),
        (
            "groups.type closed, bad",
            response,
            user(json!({"id": "1", "groups": [{"value": "g", "type": "nested"}]})),
            &[("groups[0].type", IV)],
        ),
        ("emails.type open by default", request, email("custom"), &[]),
        (
            "emails.type closed",
            closed_emails,
            email("custom"),
            &[("emails[0].type", IV)],
        ),
        (
            "emails.type closed, canonical",
            closed_emails,
            email("WORK"),
            &[],
        ),
        (
            "emails.type closed by URN",
            closed_emails_qualified,
            email("custom"),
            &[("emails[0].type", IV)],
        ),
        (
            "emails.type closed in another schema",
            closed_emails_wrong_schema,
            email("custom"),
            &[],
        ),
        (
            "caseExact canonical",
            closed_device,
            device(json!({"colour": "Red"})),
            &[],
        ),
        (
            "caseExact canonical, other case",
            closed_device,
            device(json!({"colour": "red"})),
            &[("colour", IV)],
        ),
        (
            "closed sub-attribute path ignores case",
            closed_device,
            device(json!({"owner": {"value": "t", "kind": "robot"}})),
            &[("owner.kind", IV)],
        ),
        (
            "open custom attribute",
            request,
            device(json!({"colour": "green"})),
            &[],
        ),
    ]);
}

#[test]
fn schemas_consistency() {
    let ext = json!({"employeeNumber": "701984"});
    check_table(&[
        (
            "extension listed and present",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: ext}),
            &[],
        ),
        (
            "extension listed, absent",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b"}),
            &[],
        ),
        (
            "extension present, not listed",
            request,
            json!({"schemas": [urn::USER], "userName": "b", ENT: ext}),
            &[(ENT, IS)],
        ),
        (
            "URNs ignore case",
            request,
            json!({"schemas": [urn::USER.to_uppercase(), ENT.to_lowercase()], "userName": "b", ENT: ext}),
            &[],
        ),
        (
            "only the extension",
            request,
            json!({"schemas": [ENT], ENT: ext}),
            &[("schemas", IS)],
        ),
        (
            "only the extension, no object",
            request,
            json!({"schemas": [ENT], "userName": "b"}),
            &[("schemas", IS)],
        ),
        (
            "unknown schema",
            request,
            json!({"schemas": [urn::USER, "urn:example:Nope"], "userName": "b"}),
            &[("schemas[1]", IS)],
        ),
        (
            "unknown schema allowed",
            unknown_schemas,
            json!({"schemas": [urn::USER, "urn:example:Nope"], "userName": "b", "urn:example:Nope": {"anything": [1, {"x": 2}]}}),
            &[],
        ),
        (
            "unknown extension object, not listed",
            unknown_schemas,
            json!({"schemas": [urn::USER], "userName": "b", "urn:example:Nope": {}}),
            &[("urn:example:Nope", IS)],
        ),
        (
            "unknown resource schema only",
            request,
            json!({"schemas": ["urn:example:Thing"]}),
            &[("schemas[0]", IS)],
        ),
        (
            "expected schema listed",
            expect_group,
            group(json!({})),
            &[],
        ),
        (
            "expected schema missing",
            expect_group,
            user(json!({})),
            &[("schemas", IS)],
        ),
        (
            "extension attribute type",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: {"employeeNumber": 701984}}),
            &[(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                IV,
            )],
        ),
        (
            "extension sub-attribute type",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: {"manager": {"value": 5}}}),
            &[(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                IV,
            )],
        ),
        (
            "extension not an object",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: "x"}),
            &[(ENT, IV)],
        ),
        (
            "extension null",
            request,
            json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: null}),
            &[],
        ),
    ]);
}

#[test]
fn read_only_attributes() {
    let mgr = json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: {"manager": {"value": "m1", "displayName": "John"}}});
    let full = user(json!({
        "id": "2819c223",
        "meta": {"resourceType": "User", "created": "garbage"},
        "groups": [{"value": "g1", "display": "Tour Guides"}],
    }));
    check_table(&[
        (
            "reported in requests",
            report,
            full.clone(),
            &[("groups", MU), ("id", MU), ("meta", MU)],
        ),
        ("ignored when stripped", strip, full.clone(), &[]),
        ("ignored by default", request, full.clone(), &[]),
        (
            "accepted in responses, but typed",
            response,
            full.clone(),
            &[("meta.created", IV)],
        ),
        (
            "read-only sub-attribute",
            report,
            mgr.clone(),
            &[(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
                MU,
            )],
        ),
        ("read-only sub-attribute stripped", strip, mgr.clone(), &[]),
        (
            "read-only sub-attribute in response",
            response,
            merged(mgr, json!({"id": "1"})),
            &[],
        ),
        (
            "immutable is not read-only",
            request,
            group(json!({"members": [{"value": "u1", "type": "User"}]})),
            &[],
        ),
        (
            "readOnly null is unassigned",
            request,
            user(json!({"id": null})),
            &[],
        ),
    ]);
}

fn merged(mut v: Value, extra: Value) -> Value {
    merge(&mut v, extra);
    v
}

#[test]
fn strip_removes_read_only_values() {
    let reg = registry();
    let mut body = json!({
        "schemas": [urn::USER, ENT],
        "id": "2819c223",
        "userName": "bjensen",
        "META": {"resourceType": "User"},
        "groups": [{"value": "g1"}],
        "emails": [{"value": "a@example.com", "x-kept": 1}],
        ENT: {"department": "Tours", "manager": {"value": "m1", "DisplayName": "John"}}
    });
    strip(&reg).validate_mut(&mut body).unwrap();
    assert_eq!(
        body,
        json!({
            "schemas": [urn::USER, ENT],
            "userName": "bjensen",
            "emails": [{"value": "a@example.com", "x-kept": 1}],
            ENT: {"department": "Tours", "manager": {"value": "m1"}}
        })
    );

    // Other problems are still reported, and stripping still happens.
    let mut bad = user(json!({"id": "1", "active": "yes"}));
    let errors = strip(&reg).validate_mut(&mut bad).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors.first().unwrap().path(), "active");
    assert!(bad.get("id").is_none());

    // Outside request mode with the strip policy nothing is removed.
    let mut kept = user(json!({"id": "1"}));
    response(&reg).validate_mut(&mut kept).unwrap();
    assert_eq!(kept["id"], "1");
    let mut reported = user(json!({"id": "1"}));
    assert!(report(&reg).validate_mut(&mut reported).is_err());
    assert_eq!(reported["id"], "1");
}

#[test]
fn unknown_attributes() {
    let input = user(json!({"x-custom": {"deep": [1, 2]}, "name": {"givenName": "B", "nick": 1}}));
    let ext = json!({"schemas": [urn::USER, ENT], "userName": "b", ENT: {"badge": 7}});
    check_table(&[
        ("allowed by default", request, input.clone(), &[]),
        (
            "reported",
            strict,
            input,
            &[("name.nick", IS), ("x-custom", IS)],
        ),
        (
            "reported in extension",
            strict,
            ext.clone(),
            &[(
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:badge",
                IS,
            )],
        ),
        ("allowed in extension", request, ext, &[]),
        (
            "extension attribute at top level is unknown",
            strict,
            user(json!({"employeeNumber": "1"})),
            &[("employeeNumber", IS)],
        ),
        (
            "members.display is not in the RFC schema",
            strict,
            group(json!({"members": [{"value": "u", "display": "B"}]})),
            &[("members[0].display", IS)],
        ),
    ]);
}

#[test]
fn duplicate_spellings() {
    let reg = registry();
    let input = json!({"schemas": [urn::USER], "userName": "a", "USERNAME": "b", "name": {"givenName": "x", "GIVENNAME": "y"}});
    let errors = request(&reg).validate(&input).unwrap_err();
    assert_eq!(errors.len(), 2);
    for e in &errors {
        assert_eq!(e.kind(), &ValidationErrorKind::DuplicateAttribute);
        assert_eq!(e.scim_type(), IS);
    }
    let paths: Vec<String> = errors.iter().map(|e| e.path().to_lowercase()).collect();
    assert!(paths.contains(&"username".to_owned()));
    assert!(paths.contains(&"name.givenname".to_owned()));
}

#[test]
fn error_kinds_and_messages() {
    let reg = registry();
    let input = user(json!({"active": "yes", "x509Certificates": [{"value": "%"}]}));
    let errors = request(&reg).validate(&input).unwrap_err();
    let active = errors.iter().find(|e| e.path() == "active").unwrap();
    assert_eq!(
        active.kind(),
        &ValidationErrorKind::WrongType {
            expected: "a boolean",
            found: "a string"
        }
    );
    assert_eq!(
        active.to_string(),
        "`active`: expected a boolean, found a string"
    );
    let cert = errors
        .iter()
        .find(|e| e.path() == "x509Certificates[0].value")
        .unwrap();
    assert_eq!(cert.kind(), &ValidationErrorKind::InvalidBinary);
    assert_eq!(errors.scim_type(), IV);

    let err = request(&reg)
        .validate(&group(
            json!({"members": [{"value": "u", "type": "Robot"}]}),
        ))
        .unwrap_err();
    assert!(matches!(
        err.first().unwrap().kind(),
        ValidationErrorKind::NotCanonical { value, allowed } if value == "Robot" && allowed == &["User", "Group"]
    ));

    let err = request(&reg)
        .validate(&json!(["not", "a", "resource"]))
        .unwrap_err();
    let first = err.first().unwrap();
    assert_eq!(first.path(), "");
    assert_eq!(first.scim_type(), IS);
    assert_eq!(
        first.to_string(),
        "a resource must be a JSON object, found an array"
    );

    let err = request(&reg)
        .validate(&json!({"schemas": ["urn:x:Nope"]}))
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown schema `urn:x:Nope`"),
        "{err}"
    );
}

#[test]
fn problems_are_collected_up_to_a_bound() {
    let reg = registry();
    let many: Vec<Value> = (0..100).map(|i| json!({"value": i})).collect();
    let input = user(json!({"emails": many}));
    let all = request(&reg).validate(&input).unwrap_err();
    assert_eq!(all.len(), 32);
    assert!(all.is_truncated());
    let few = Validator::new(&reg)
        .max_errors(3)
        .validate(&input)
        .unwrap_err();
    assert_eq!(few.len(), 3);
    assert!(few.is_truncated());
    assert!(few.to_string().ends_with("and more"), "{few}");
    let paths: Vec<&str> = few.iter().map(ValidationError::path).collect();
    assert_eq!(
        paths,
        ["emails[0].value", "emails[1].value", "emails[2].value"]
    );

    let two = user(json!({"active": 1, "title": 2}));
    let err = Validator::new(&reg)
        .max_errors(10)
        .validate(&two)
        .unwrap_err();
    assert_eq!(err.len(), 2);
    assert!(!err.is_truncated());
}

#[test]
fn deep_values_are_not_walked() {
    let reg = registry();
    let mut deep = json!("bottom");
    for _ in 0..200 {
        deep = json!([deep]);
    }
    let input =
        user(json!({"x-deep": deep.clone(), "name": {"givenName": deep.clone(), "x": deep}}));
    let got = found(strict, &reg, &input);
    assert_eq!(
        got,
        [
            ("name.givenName".to_owned(), IV),
            ("name.x".to_owned(), IS),
            ("x-deep".to_owned(), IS)
        ]
    );
}

#[test]
fn rfc_examples() {
    let reg = registry();
    for name in [
        "user_full.json",
        "enterprise_user_full.json",
        "group_full.json",
    ] {
        let input = fixture(name);
        assert_eq!(found(response, &reg, &input), [], "{name} as a response");
        assert_eq!(
            found(strip, &reg, &input),
            [],
            "{name} as a request, stripped"
        );
        let reported: Vec<String> = found(report, &reg, &input)
            .into_iter()
            .inspect(|(_, t)| assert_eq!(*t, MU, "{name}"))
            .map(|(p, _)| p)
            .collect();
        assert!(reported.contains(&"id".to_owned()), "{name}: {reported:?}");
        assert!(
            reported.contains(&"meta".to_owned()),
            "{name}: {reported:?}"
        );
    }
    // The full User example sends `primary` on addresses and the Group
    // example `display` on members, neither of which §8.7.1 lists.
    let strict_found = found(strict, &reg, &fixture("user_full.json"));
    assert!(strict_found.contains(&("addresses[0].primary".to_owned(), IS)));
    let mut group = fixture("group_full.json");
    strip(&reg).validate_mut(&mut group).unwrap();
    assert!(group.get("id").is_none() && group.get("meta").is_none());
    assert_eq!(group["members"][1]["display"], "Mandy Pepperidge");
}

#[test]
fn typed_resources_validate_through_to_value() {
    let reg = SchemaRegistry::core();
    let user: User = scim_core::from_value(fixture("enterprise_user_full.json")).unwrap();
    let value = serde_json::to_value(&user).unwrap();
    Validator::new(&reg)
        .mode(Mode::Response)
        .validate(&value)
        .unwrap();

    // Without `schemas` the resource type is unknown: only that is reported.
    let value = serde_json::to_value(User::default()).unwrap();
    let err = Validator::new(&reg).validate(&value).unwrap_err();
    let paths: Vec<&str> = err.iter().map(ValidationError::path).collect();
    assert_eq!(paths, ["schemas"]);

    let mut no_name = User::new("");
    no_name.enterprise_mut().employee_number = Some("701984".into());
    let value = serde_json::to_value(&no_name).unwrap();
    let err = Validator::new(&reg).validate(&value).unwrap_err();
    let paths: Vec<&str> = err.iter().map(ValidationError::path).collect();
    assert_eq!(paths, ["userName"]);
}

#[test]
fn core_registry_validates_without_custom_schemas() {
    let reg = SchemaRegistry::core_ref();
    let input = json!({"schemas": [DEVICE], "serial": "X"});
    let err = Validator::new(reg).validate(&input).unwrap_err();
    assert_eq!(
        err.first().unwrap().kind(),
        &ValidationErrorKind::UnknownSchema {
            urn: DEVICE.to_owned()
        }
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| json!(f)),
            "[a-zA-Z0-9+/=:. -]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("value".to_owned()),
                        Just("primary".to_owned()),
                        Just("type".to_owned()),
                        Just("givenName".to_owned()),
                        Just("manager".to_owned()),
                        "[a-z]{1,6}",
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn on_any_attribute_values(
            values in prop::collection::vec(any_json(), 8),
            mode in prop_oneof![Just(Mode::Request), Just(Mode::Response)],
            strip_ro in any::<bool>(),
        ) {
            let reg = registry();
            let keys = ["userName", "name", "emails", "groups", "meta", "schemas", ENT, "x509Certificates"];
            let mut obj = serde_json::Map::new();
            for (k, v) in keys.iter().zip(values) {
                obj.insert((*k).to_owned(), v);
            }
            let mut input = Value::Object(obj);
            let policy = if strip_ro { ReadOnlyPolicy::Strip } else { ReadOnlyPolicy::Report };
            let v = Validator::new(&reg).mode(mode).read_only(policy).report_unknown_attributes(true);
            if let Err(errors) = v.validate(&input) {
                prop_assert!(errors.len() <= 32);
                for e in &errors {
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            let _ = v.validate_mut(&mut input);
        }
    }
}
