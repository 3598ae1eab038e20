//! Evaluating filters (RFC 7644 §3.4.2.2) against an enterprise User, a
//! full User and a Group: one table per rule, then errors and properties.

use proptest::prelude::*;
use scim_core::filter::{EvalError, Evaluator, Operand};
use scim_core::schema::urn;
use scim_core::{AttrPath, Filter, Schema, SchemaRegistry, ScimType, User};
use serde_json::{Value, json};

use crate::support::fixture;

fn enterprise_user() -> Value {
    fixture("enterprise_user_full.json")
}

fn full_user() -> Value {
    fixture("user_full.json")
}

fn group() -> Value {
    fixture("group_full.json")
}

/// Checks every `(filter, expected)` row against `resource`, and that
/// `not (filter)` gives the opposite.
fn check_table(resource: &Value, table: &[(&str, bool)]) {
    let mut failures = Vec::new();
    for &(text, want) in table {
        let f = Filter::parse(text).unwrap_or_else(|e| panic!("{text}: {e:#}"));
        match f.matches(resource) {
            Ok(got) if got == want => {}
            other => failures.push(format!("{text}: got {other:?}, want {want}")),
        }
        let negated = Filter::not(f);
        match negated.matches(resource) {
            Ok(got) if got != want => {}
            other => failures.push(format!("{negated}: got {other:?}, want {}", !want)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn attribute_names_ignore_case() {
    check_table(
        &enterprise_user(),
        &[
            (r#"userName eq "bjensen@example.com""#, true),
            (r#"USERNAME eq "bjensen@example.com""#, true),
            (r#"username EQ "bjensen@example.com""#, true),
            (r#"NAME.FAMILYNAME eq "Jensen""#, true),
            (r#"Meta.ResourceType eq "User""#, true),
            (r#"EMAILS[TYPE eq "work"]"#, true),
            (
                r#"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq "Tour Operations""#,
                true,
            ),
        ],
    );
    // Names in the resource are matched ignoring case too.
    let shouting = json!({"USERNAME": "bjensen", "NAME": {"GIVENNAME": "Barbara"}});
    check_table(
        &shouting,
        &[
            (r#"userName eq "bjensen""#, true),
            (r#"name.givenName eq "barbara""#, true),
        ],
    );
}

#[test]
fn strings_ignore_case_unless_case_exact() {
    check_table(
        &enterprise_user(),
        &[
            // userName is not caseExact.
            (r#"userName eq "BJensen@Example.COM""#, true),
            (r#"userName sw "BJ""#, true),
            (r#"userName ew "EXAMPLE.COM""#, true),
            (r#"userName co "JENSEN@""#, true),
            (r#"name.givenName eq "barbara""#, true),
            // id and externalId are caseExact (RFC 7643 §3.1).
            (r#"id eq "2819c223-7f76-453a-919d-413861904646""#, true),
            (r#"id eq "2819C223-7F76-453A-919D-413861904646""#, false),
            (r#"id sw "2819C223""#, false),
            (r#"id sw "2819c223""#, true),
            (r#"externalId eq "701984""#, true),
            (r#"meta.version eq "W/\"3694e05e9dff591\"""#, true),
            (r#"meta.version eq "w/\"3694E05E9DFF591\"""#, false),
            // The enterprise manager's `value` is not caseExact (RFC 7643 §4.3).
            (
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87E4-49D8CA9F808D""#,
                true,
            ),
            // An exact comparison still compares the whole string.
            (r#"userName eq "bjensen""#, false),
            (r#"userName ne "bjensen""#, true),
            (r#"userName ne "BJENSEN@EXAMPLE.COM""#, false),
        ],
    );
}

#[test]
fn unknown_attributes_compare_as_case_insensitive_strings() {
    let mut user = enterprise_user();
    user["nickname-of-record"] = json!("Babs");
    user["favouriteColour"] = json!("Teal");
    check_table(
        &user,
        &[
            (r#"favouriteColour eq "TEAL""#, true),
            (r#"favouritecolour sw "te""#, true),
            (r#"favouriteColour gt "SALMON""#, true),
            (r#"favouriteColour lt "salmon""#, false),
            (r#"nickname-of-record eq "babs""#, true),
            (r#"noSuchAttribute eq "x""#, false),
            (r#"noSuchAttribute co "x""#, false),
            (r#"noSuchAttribute gt "x""#, false),
        ],
    );
}

#[test]
fn custom_schema_case_exactness() {
    let badge: Schema = serde_json::from_value(json!({
        "id": "urn:example:params:scim:schemas:Badge",
        "attributes": [
            {"name": "badgeId", "type": "string", "caseExact": true},
            {"name": "issued", "type": "dateTime"},
            {"name": "level", "type": "integer"},
            {"name": "holder", "type": "boolean"}
        ]
    }))
    .unwrap();
    let mut registry = SchemaRegistry::core();
    registry.add(badge);
    let evaluator = Evaluator::new(&registry);
    let resource = json!({
        "schemas": [urn::USER, "urn:example:params:scim:schemas:Badge"],
        "userName": "bjensen",
        "urn:example:params:scim:schemas:Badge": {
            "badgeId": "AbC-1", "issued": "2020-01-01T10:00:00+01:00", "level": 3, "holder": true
        }
    });
    let cases = [
        (
            r#"urn:example:params:scim:schemas:Badge:badgeId eq "AbC-1""#,
            true,
        ),
        (
            r#"urn:example:params:scim:schemas:Badge:badgeId eq "abc-1""#,
            false,
        ),
        (
            r#"urn:example:params:scim:schemas:Badge:issued eq "2020-01-01T09:00:00Z""#,
            true,
        ),
        (
            r#"urn:example:params:scim:schemas:Badge:level ge 3.0"#,
            true,
        ),
        (
            r#"urn:example:params:scim:schemas:Badge:holder eq true"#,
            true,
        ),
    ];
    for (text, want) in cases {
        let f = Filter::parse(text).unwrap();
        assert_eq!(evaluator.matches(&f, &resource).unwrap(), want, "{text}");
    }
    // The core evaluator does not know the schema: the badge id is then a
    // case-insensitive string, and comparing the boolean with `gt` is no
    // error (nothing says it is a boolean attribute) but never matches.
    let f = Filter::parse(r#"urn:example:params:scim:schemas:Badge:badgeId eq "abc-1""#).unwrap();
    assert!(f.matches(&resource).unwrap());
    let f = Filter::parse(r#"urn:example:params:scim:schemas:Badge:holder gt "a""#).unwrap();
    assert!(!f.matches(&resource).unwrap());
    assert!(matches!(
        evaluator.matches(&f, &resource),
        Err(EvalError::OperatorNotAllowed {
            operand: Operand::BooleanAttribute,
            ..
        })
    ));
}

#[test]
fn multi_valued_attributes_match_if_any_value_matches() {
    check_table(
        &full_user(),
        &[
            (r#"emails.value eq "babs@jensen.org""#, true),
            (r#"emails.value co "@example.com""#, true),
            (r#"emails.value ew ".org""#, true),
            (r#"emails.value ew ".net""#, false),
            (r#"emails.type eq "home""#, true),
            (r#"phoneNumbers.value sw "555-555-4""#, true),
            (r#"addresses.locality eq "hollywood""#, true),
            (r#"groups.display eq "Employees""#, true),
            // A complex attribute without a sub-attribute compares `value`.
            (r#"emails co "example.com""#, true),
            (r#"emails eq "babs@jensen.org""#, true),
            (r#"emails eq "home""#, false),
            (r#"photos ew "/T""#, true),
            // The RFC 7644 example.
            (
                r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
                true,
            ),
            // `ne` holds when any value differs.
            (r#"emails.type ne "work""#, true),
            (r#"ims.type ne "aim""#, false),
        ],
    );
    // Simple multi-valued attributes.
    check_table(
        &enterprise_user(),
        &[
            (
                r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
                true,
            ),
            (r#"schemas co "enterprise""#, true),
            (r#"schemas ew "Group""#, false),
        ],
    );
}

#[test]
fn value_paths_apply_all_conditions_to_one_value() {
    check_table(
        &full_user(),
        &[
            (
                r#"emails[type eq "work" and value co "@example.com"]"#,
                true,
            ),
            // Each condition holds for some email, but not for the same one.
            (
                r#"emails[type eq "work" and value co "@jensen.org"]"#,
                false,
            ),
            (
                r#"emails.type eq "work" and emails.value co "@jensen.org""#,
                true,
            ),
            (r#"emails[type eq "home" or primary eq true]"#, true),
            (r#"emails[type eq "home" and primary eq true]"#, false),
            (r#"emails[not (type eq "work")]"#, true),
            (r#"emails[primary pr]"#, true),
            (r#"ims[primary pr]"#, false),
            (
                r#"addresses[type eq "work" and postalCode eq "91608" and primary eq true]"#,
                true,
            ),
            (r#"addresses[type eq "home" and primary eq true]"#, false),
            (
                r#"phoneNumbers[type eq "mobile" and value ew "4444"]"#,
                true,
            ),
            (r#"x509Certificates[value pr]"#, true),
            (r#"noSuch[value eq "x"]"#, false),
            (
                r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
                true,
            ),
            // The RFC 7644 example with two value paths.
            (
                r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
                true,
            ),
        ],
    );
    check_table(
        &group(),
        &[
            (
                r#"members[value eq "902c246b-6245-4190-8e05-00816be7344a"]"#,
                true,
            ),
            (r#"members[display sw "mandy" and value sw "902c"]"#, true),
            (r#"members[display sw "mandy" and value sw "2819"]"#, false),
            (
                r#"members[$ref ew "/2819c223-7f76-453a-919d-413861904646"]"#,
                true,
            ),
        ],
    );
    // A single complex value counts as one value; `value` names a simple
    // value itself.
    let resource = json!({
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "tags": ["blue", "green"]
    });
    check_table(
        &resource,
        &[
            (
                r#"name[givenName eq "barbara" and familyName sw "J"]"#,
                true,
            ),
            (
                r#"name[givenName eq "barbara" and familyName sw "K"]"#,
                false,
            ),
            (r#"tags[value eq "GREEN"]"#, true),
            (r#"tags[value eq "red"]"#, false),
        ],
    );
}

#[test]
fn matches_element_evaluates_one_value() {
    let evaluator = Evaluator::core();
    let emails = AttrPath::parse("emails").unwrap();
    let f = Filter::parse(r#"type eq "work" and value co "@EXAMPLE.com""#).unwrap();
    let user = full_user();
    let hits: Vec<bool> = user["emails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            evaluator
                .matches_element(&f, &[urn::USER], &emails, e)
                .unwrap()
        })
        .collect();
    assert_eq!(hits, [true, false]);
    // The element's schema characteristics come from the parent: `value`
    // of x509Certificates is case exact (binary), of emails it is not.
    let certs = AttrPath::parse("x509Certificates").unwrap();
    let cert = json!({"value": "MIIDQz"});
    let exact = Filter::parse(r#"value eq "miidqz""#).unwrap();
    assert!(
        !evaluator
            .matches_element(&exact, &[urn::USER], &certs, &cert)
            .unwrap()
    );
    assert!(
        evaluator
            .matches_element(&exact, &[urn::USER], &emails, &cert)
            .unwrap()
    );
    // Members of a Group.
    let members = AttrPath::parse("members").unwrap();
    let g = group();
    let member = &g["members"][1];
    let f = Filter::parse(r#"value eq "902C246B-6245-4190-8E05-00816BE7344A""#).unwrap();
    assert!(
        evaluator
            .matches_element(&f, &[urn::GROUP], &members, member)
            .unwrap()
    );
    // Errors are the same with or without an element.
    let bad = Filter::parse(r#"value sw "MII""#).unwrap();
    let err = evaluator
        .matches_element(&bad, &[urn::USER], &certs, &cert)
        .unwrap_err();
    assert_eq!(
        evaluator.check_element(&bad, &[urn::USER], &certs),
        Err(err)
    );
    assert_eq!(evaluator.check_element(&bad, &[urn::USER], &emails), Ok(()));
}

#[test]
fn present() {
    let resource = json!({
        "schemas": [urn::USER],
        "userName": "bjensen",
        "title": "",
        "nickName": null,
        "emails": [],
        "ims": [{"value": "", "type": null}],
        "phoneNumbers": [{"value": "555"}],
        "name": {},
        "addresses": [{}],
        "x509Certificates": [null],
        "active": false,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "7", "manager": {}}
    });
    check_table(
        &resource,
        &[
            ("userName pr", true),
            ("title pr", false),
            ("nickName pr", false),
            ("displayName pr", false),
            ("emails pr", false),
            ("ims pr", false),
            ("ims.value pr", false),
            ("ims.type pr", false),
            ("phoneNumbers pr", true),
            ("phoneNumbers.value pr", true),
            ("phoneNumbers.type pr", false),
            ("name pr", false),
            ("name.givenName pr", false),
            ("addresses pr", false),
            ("x509Certificates pr", false),
            // `false` is a value.
            ("active pr", true),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr",
                true,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr",
                false,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr",
                false,
            ),
        ],
    );
    check_table(
        &enterprise_user(),
        &[
            ("title pr", false),
            ("name pr", true),
            ("emails pr", true),
            ("meta.created pr", true),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr",
                true,
            ),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName pr",
                true,
            ),
        ],
    );
    check_table(
        &group(),
        &[
            ("members pr", true),
            ("members.display pr", true),
            ("externalId pr", false),
        ],
    );
}

#[test]
fn null_is_the_unassigned_state() {
    let resource = json!({
        "userName": "bjensen",
        "title": "",
        "nickName": null,
        "emails": [],
        "name": {"givenName": null, "familyName": null},
        "phoneNumbers": [{"value": "555-0100", "type": "work"}, {"value": "555-0199"}],
        "ims": [{"value": "bjensen", "type": "aim"}]
    });
    check_table(
        &resource,
        &[
            ("userName eq null", false),
            ("userName ne null", true),
            ("nickName eq null", true),
            ("displayName eq null", true),
            ("emails eq null", true),
            ("emails.value eq null", true),
            ("emails.value ne null", false),
            ("displayName ne null", false),
            ("name.givenName eq null", true),
            ("name.familyName ne null", false),
            // An empty string is a value (RFC 7643 §2.5 lists absent,
            // null and [] as unassigned), though not a present one.
            ("title eq null", false),
            ("title ne null", true),
            ("title pr", false),
            // Any value matches: one phone number has no type, one has.
            ("phoneNumbers.type eq null", true),
            ("phoneNumbers.type ne null", true),
            ("phoneNumbers.value eq null", false),
            ("ims.type eq null", false),
            ("phoneNumbers[type eq null]", true),
            // Anything else is `ne` an unassigned attribute.
            (r#"displayName ne "x""#, true),
            (r#"displayName eq "x""#, false),
        ],
    );
}

#[test]
fn date_times_compare_as_instants() {
    check_table(
        &enterprise_user(),
        &[
            // meta.lastModified is 2011-05-13T04:42:34Z.
            (r#"meta.lastModified eq "2011-05-13T04:42:34Z""#, true),
            (r#"meta.lastModified eq "2011-05-13T06:42:34+02:00""#, true),
            (r#"meta.lastModified eq "2011-05-12T21:42:34-07:00""#, true),
            (r#"meta.lastModified eq "2011-05-13T04:42:34.000Z""#, true),
            (r#"meta.lastModified eq "2011-05-13T04:42:34""#, true),
            (r#"meta.lastModified ne "2011-05-13T06:42:34+02:00""#, false),
            (r#"meta.lastModified gt "2011-05-13T04:42:33Z""#, true),
            (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false),
            (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
            (r#"meta.lastModified lt "2011-05-13T05:42:34+01:00""#, false),
            (r#"meta.lastModified le "2011-05-13T05:42:34+01:00""#, true),
            // As text, 05:00+01:00 sorts after 04:42Z, as an instant it is earlier.
            (r#"meta.lastModified gt "2011-05-13T05:00:00+01:00""#, true),
            (r#"meta.created lt "2011-05-13T04:42:34Z""#, true),
            // co, sw, ew look at the text.
            (r#"meta.lastModified sw "2011-05""#, true),
            (r#"meta.lastModified ew "z""#, true),
        ],
    );
    // An attribute without a schema compares as an instant when both sides
    // read as one, and as text otherwise.
    let resource = json!({"lastSeen": "2020-06-01T12:00:00+02:00", "label": "2020-06-01 draft"});
    check_table(
        &resource,
        &[
            (r#"lastSeen eq "2020-06-01T10:00:00Z""#, true),
            (r#"lastSeen gt "2020-06-01T11:00:00Z""#, false),
            (r#"lastSeen sw "2020-06-01T12""#, true),
            (r#"label gt "2020-06-01T00:00:00Z""#, false),
            (r#"label sw "2020-06-01 D""#, true),
        ],
    );
}

#[test]
fn numbers_compare_by_value() {
    let resource =
        json!({"level": 7, "score": 2.5, "big": 18446744073709551615u64, "neg": -3, "code": "7"});
    check_table(
        &resource,
        &[
            ("level eq 7", true),
            ("level eq 7.0", true),
            ("level eq 7e0", true),
            ("level eq 70e-1", true),
            ("level ne 7.0", false),
            ("level gt 6.5", true),
            ("level lt 7", false),
            ("level le 7", true),
            ("score gt 2", true),
            ("score lt 3", true),
            ("score eq 2.50", true),
            ("big gt 18446744073709551614", true),
            ("big gt -1", true),
            ("neg lt 0", true),
            ("neg ge -3.0", true),
            // Types do not convert.
            ("code eq 7", false),
            (r#"level eq "7""#, false),
            (r#"level gt "6""#, false),
        ],
    );
}

#[test]
fn booleans_with_eq_and_ne() {
    check_table(
        &enterprise_user(),
        &[
            ("active eq true", true),
            ("active eq false", false),
            ("active ne false", true),
            ("ACTIVE EQ TRUE", true),
            ("emails.primary eq true", true),
            ("emails[primary eq false]", false),
            (r#"active eq "true""#, false),
        ],
    );
    check_table(&full_user(), &[("emails[primary ne true]", true)]);
}

#[test]
fn operators_the_rfc_does_not_define_are_invalid_filter() {
    // (filter, operand reported)
    let cases = [
        ("active gt true", Operand::BooleanValue),
        ("active lt false", Operand::BooleanValue),
        (r#"active gt "a""#, Operand::BooleanAttribute),
        (r#"active co "t""#, Operand::BooleanAttribute),
        (r#"active sw "t""#, Operand::BooleanAttribute),
        (r#"active ew "e""#, Operand::BooleanAttribute),
        ("active ge 1", Operand::BooleanAttribute),
        (r#"emails.primary le "x""#, Operand::BooleanAttribute),
        (r#"emails[primary gt "x"]"#, Operand::BooleanAttribute),
        (
            r#"x509Certificates.value gt "MII""#,
            Operand::BinaryAttribute,
        ),
        (r#"x509Certificates co "MII""#, Operand::BinaryAttribute),
        (
            r#"x509Certificates[value sw "MII"]"#,
            Operand::BinaryAttribute,
        ),
        ("title gt null", Operand::NullValue),
        ("title co null", Operand::NullValue),
        (r#"userName co true"#, Operand::BooleanValue),
        ("userName co 7", Operand::NumberValue),
        ("userName sw 7", Operand::NumberValue),
        ("noSuchAttribute ew 1.5", Operand::NumberValue),
    ];
    let user = full_user();
    for (text, operand) in cases {
        let f = Filter::parse(text).unwrap();
        let err = f.matches(&user).unwrap_err();
        assert_eq!(err.scim_type(), ScimType::InvalidFilter, "{text}");
        match &err {
            EvalError::OperatorNotAllowed {
                operand: got,
                path,
                op,
                ..
            } => {
                assert_eq!(*got, operand, "{text}");
                assert!(
                    text.contains(&format!("{path} {op}")) || text.contains('['),
                    "{text}: {err}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
        // The error does not depend on the data, nor on short-circuits.
        assert!(
            f.matches(&json!({})).is_err(),
            "{text} on an empty resource"
        );
        for wrapped in [
            format!("userName pr or {text}"),
            format!("title pr and {text}"),
        ] {
            let w = Filter::parse(&wrapped).unwrap();
            assert!(w.matches(&user).is_err(), "{wrapped}");
        }
        assert!(Evaluator::core().check(&f, &[urn::USER]).is_err(), "{text}");
    }
    let reply = scim_core::ScimError::from(
        Filter::parse("active gt true")
            .unwrap()
            .matches(&user)
            .unwrap_err(),
    );
    assert_eq!(reply.status.code(), 400);
    assert_eq!(reply.scim_type, Some(ScimType::InvalidFilter));
    assert_eq!(
        Filter::parse("active gt true")
            .unwrap()
            .matches(&user)
            .unwrap_err()
            .to_string(),
        "operator `gt` cannot be used with `true` or `false` (only `eq` and `ne` are) (in `active gt …`)"
    );
}

#[test]
fn numeric_attributes_reject_substring_tests() {
    let mut registry = SchemaRegistry::core();
    registry.add(
        serde_json::from_value(json!({
            "id": "urn:example:Counter",
            "attributes": [{"name": "count", "type": "integer"}, {"name": "ratio", "type": "decimal"}]
        }))
        .unwrap(),
    );
    let evaluator = Evaluator::new(&registry);
    let resource = json!({"schemas": ["urn:example:Counter"], "count": 12, "ratio": 0.5});
    for text in [r#"count co "1""#, r#"ratio sw "0""#, r#"count ew "2""#] {
        let err = evaluator
            .matches(&Filter::parse(text).unwrap(), &resource)
            .unwrap_err();
        assert!(
            matches!(
                err,
                EvalError::OperatorNotAllowed {
                    operand: Operand::NumberAttribute,
                    ..
                }
            ),
            "{text}: {err:?}"
        );
    }
    assert!(
        evaluator
            .matches(&Filter::parse("count gt 11.5").unwrap(), &resource)
            .unwrap()
    );
    assert!(
        evaluator
            .matches(&Filter::parse("ratio eq 0.50").unwrap(), &resource)
            .unwrap()
    );
}

#[test]
fn complex_attributes_need_a_sub_attribute() {
    let user = full_user();
    for text in [
        r#"name eq "Barbara""#,
        r#"addresses co "Hollywood""#,
        r#"meta gt "a""#,
        r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915""#,
    ] {
        let err = Filter::parse(text).unwrap().matches(&user).unwrap_err();
        assert!(
            matches!(err, EvalError::ComplexAttribute { .. }),
            "{text}: {err:?}"
        );
        assert_eq!(err.scim_type(), ScimType::InvalidFilter);
    }
    // `emails` is multi-valued with a `value` sub-attribute.
    assert!(
        Filter::parse(r#"emails eq "BABS@jensen.org""#)
            .unwrap()
            .matches(&user)
            .unwrap()
    );
    // Presence needs no sub-attribute.
    assert!(
        Filter::parse("name pr and addresses pr")
            .unwrap()
            .matches(&user)
            .unwrap()
    );
}

#[test]
fn write_only_attributes_take_only_equality() {
    let user = full_user();
    assert!(
        Filter::parse(r#"password eq "t1meMa$heen""#)
            .unwrap()
            .matches(&user)
            .unwrap()
    );
    for text in [
        r#"password sw "t""#,
        r#"password gt "a""#,
        r#"password co "Ma""#,
    ] {
        let err = Filter::parse(text).unwrap().matches(&user).unwrap_err();
        assert!(
            matches!(
                err,
                EvalError::OperatorNotAllowed {
                    operand: Operand::WriteOnlyAttribute,
                    ..
                }
            ),
            "{text}: {err:?}"
        );
    }
}

#[test]
fn date_time_attributes_need_date_time_values() {
    let user = enterprise_user();
    for text in [
        r#"meta.created gt "yesterday""#,
        r#"meta.created eq "2010-01-23""#,
        r#"meta.lastModified lt 1262222582"#,
        r#"meta.lastModified ne "2011-13-13T04:42:34Z""#,
    ] {
        let f = Filter::parse(text).unwrap();
        let err = f.matches(&user).unwrap_err();
        assert!(
            matches!(err, EvalError::NotADateTime { .. }),
            "{text}: {err:?}"
        );
        assert_eq!(err.scim_type(), ScimType::InvalidFilter);
    }
    let err = Filter::parse(r#"meta.created gt "yesterday""#)
        .unwrap()
        .matches(&user)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"`meta.created` is a dateTime attribute, but "yesterday" is not a dateTime"#
    );
    // `eq null` is allowed: it asks whether the attribute is unassigned.
    assert!(
        !Filter::parse("meta.created eq null")
            .unwrap()
            .matches(&user)
            .unwrap()
    );
}

#[test]
fn urn_qualified_paths() {
    const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    check_table(
        &enterprise_user(),
        &[
            (&format!(r#"{ENT}:department eq "Tour Operations""#), true),
            (&format!(r#"{ENT}:employeeNumber eq "701984""#), true),
            (
                &format!(r#"{ENT}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#),
                true,
            ),
            (&format!(r#"{ENT}:manager.displayName sw "john""#), true),
            (
                &format!(r#"{ENT}:userName eq "bjensen@example.com""#),
                false,
            ),
            // Extension attributes are not at the top level.
            (r#"department eq "Tour Operations""#, false),
            // The core schema URN qualifies top-level attributes.
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen@example.com""#,
                true,
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
                false,
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "jensen""#,
                true,
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:id eq "2819c223-7f76-453a-919d-413861904646""#,
                true,
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"]"#,
                true,
            ),
            // A URN the resource does not have finds nothing.
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:Group:userName eq "bjensen@example.com""#,
                false,
            ),
            (r#"urn:example:other:userName pr"#, false),
        ],
    );
    check_table(
        &group(),
        &[
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "tour guides""#,
                true,
            ),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:displayName eq "tour guides""#,
                false,
            ),
        ],
    );
    // Without `schemas`, a URN-qualified path falls back to the top level.
    let bare = json!({"userName": "bjensen"});
    check_table(
        &bare,
        &[(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen""#,
            true,
        )],
    );
}

#[test]
fn logical_operators_and_grouping() {
    check_table(
        &full_user(),
        &[
            (r#"title pr and userType eq "Employee""#, true),
            (r#"title pr or userType eq "Intern""#, true),
            (r#"nickName eq "x" or userType eq "Intern""#, false),
            (
                r#"userType eq "Employee" and not (emails co "example.org")"#,
                true,
            ),
            (r#"not (userType eq "Employee")"#, false),
            (r#"not(not (userType eq "Employee"))"#, true),
            // `and` binds tighter than `or`.
            (
                r#"userType eq "Intern" and title pr or active eq true"#,
                true,
            ),
            (
                r#"userType eq "Intern" and (title pr or active eq true)"#,
                false,
            ),
            (
                r#"nickName eq "x" or title pr and userType eq "Intern""#,
                false,
            ),
            (
                r#"(nickName eq "x" or title pr) and userType eq "Employee""#,
                true,
            ),
        ],
    );
}

#[test]
fn rfc_7644_examples_on_the_full_user() {
    // Every example of RFC 7644 §3.4.2.2 figure 2, with the expected result
    // against the RFC 7643 §8.2-like user (dates in meta are 2010-01-23 and
    // 2011-05-13).
    check_table(
        &full_user(),
        &[
            (r#"userName eq "bjensen""#, false),
            (r#"userName eq "bjensen@example.com""#, true),
            (r#"name.familyName co "O'Malley""#, false),
            (r#"userName sw "J""#, false),
            (
                r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
                false,
            ),
            ("title pr", true),
            (r#"meta.lastModified gt "2011-05-13T04:42:34Z""#, false),
            (r#"meta.lastModified ge "2011-05-13T04:42:34Z""#, true),
            (r#"meta.lastModified lt "2011-05-13T04:42:34Z""#, false),
            (r#"meta.lastModified le "2011-05-13T04:42:34Z""#, true),
            (r#"title pr and userType eq "Employee""#, true),
            (r#"title pr or userType eq "Intern""#, true),
            (
                r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
                false,
            ),
            (
                r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
                true,
            ),
            (
                r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
                false,
            ),
            (
                r#"userType eq "Employee" and (emails.type eq "work")"#,
                true,
            ),
            (
                r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
                true,
            ),
            (
                r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
                true,
            ),
        ],
    );
}

#[test]
fn typed_resources_through_json() {
    let user: User = scim_core::from_value(enterprise_user()).unwrap();
    let value = serde_json::to_value(&user).unwrap();
    let f = Filter::parse(
        r#"userName eq "BJENSEN@example.com" and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq "John Smith""#,
    )
    .unwrap();
    assert!(f.matches(&value).unwrap());
}

#[test]
fn not_an_object_matches_nothing() {
    let f = Filter::parse(r#"userName eq "x""#).unwrap();
    for v in [
        json!(null),
        json!("userName"),
        json!([{"userName": "x"}]),
        json!(3),
    ] {
        assert!(!f.matches(&v).unwrap(), "{v}");
    }
    assert!(
        Filter::parse("userName ne \"x\"")
            .unwrap()
            .matches(&json!({}))
            .unwrap()
    );
}

#[test]
fn unicode_case_folding() {
    let resource = json!({"displayName": "Zoë Ærønsen", "title": "ΣΟΦΊΑ"});
    check_table(
        &resource,
        &[
            (r#"displayName eq "ZOË ÆRØNSEN""#, true),
            (r#"displayName sw "zoË""#, true),
            (r#"displayName ew "RØNSEN""#, true),
            (r#"displayName co "Ë æ""#, true),
            (r#"title eq "σοφία""#, true),
            (r#"displayName eq "Zoe Aeronsen""#, false),
        ],
    );
    // Simple case folding: variant lowercase forms fold with the others;
    // no full folding (ß stays ß), no Turkish rules, no normalisation.
    let resource = json!({
        "title": "ΣΊΣΥΦΟΣ",
        "nickName": "Straße",
        "userType": "Ilgaz",
        "locale": "İstanbul",
        "displayName": "e\u{301}cole",
        "profileUrl": "µ-ſtar",
    });
    check_table(
        &resource,
        &[
            (r#"title eq "σίσυφος""#, true),
            (r#"title eq "σίσυφοσ""#, true),
            (r#"title ew "ος""#, true),
            (r#"title co "ΣΥΦΟς""#, true),
            (r#"title gt "σίσυφορ""#, true),
            (r#"title lt "σίσυφοτ""#, true),
            (r#"nickName eq "STRAẞE""#, true),
            (r#"nickName eq "STRASSE""#, false),
            (r#"userType eq "ILGAZ""#, true),
            (r#"userType eq "ılgaz""#, false),
            (r#"locale eq "i\u0307stanbul""#, true),
            (r#"locale eq "istanbul""#, false),
            (r#"displayName eq "École""#, false),
            (r#"displayName eq "E\u0301COLE""#, true),
            (r#"profileUrl eq "Μ-STAR""#, true),
            (r#"profileUrl sw "μ-s""#, true),
        ],
    );
}

#[test]
fn hand_built_deep_filters_fail_instead_of_overflowing() {
    let mut f = Filter::parse("userName pr").unwrap();
    for _ in 0..300 {
        f = Filter::not(f);
    }
    let err = Evaluator::core()
        .matches(&f, &enterprise_user())
        .unwrap_err();
    assert_eq!(err, EvalError::TooDeep { limit: 256 });
    assert!(
        Evaluator::core()
            .depth_limit(400)
            .matches(&f, &enterprise_user())
            .unwrap()
    );
}

proptest! {
    /// A string always equals itself, compares with `sw`, `ew`, `co`, and
    /// `ne` is the negation of `eq`, whatever its characters.
    #[test]
    fn any_string_matches_itself(s in "\\PC*") {
        let resource = json!({"userName": s, "id": s});
        for text in ["userName", "id"] {
            let path = AttrPath::parse(text).unwrap();
            for (op, want) in [
                (scim_core::filter::CompareOp::Eq, true),
                (scim_core::filter::CompareOp::Ne, false),
                (scim_core::filter::CompareOp::Sw, true),
                (scim_core::filter::CompareOp::Ew, true),
                (scim_core::filter::CompareOp::Co, true),
                (scim_core::filter::CompareOp::Ge, true),
                (scim_core::filter::CompareOp::Le, true),
                (scim_core::filter::CompareOp::Gt, false),
            ] {
                let f = Filter::compare(path.clone(), op, s.as_str());
                prop_assert_eq!(f.matches(&resource).unwrap(), want, "{}", f);
            }
        }
    }

    /// Case-insensitive equality agrees with comparing lowercased strings
    /// for ASCII text, and never fails for any text.
    #[test]
    fn ascii_case_insensitive_equality(a in "[a-zA-Z0-9 ]{0,8}", b in "[a-zA-Z0-9 ]{0,8}") {
        let resource = json!({"userName": a});
        let f = Filter::compare(AttrPath::parse("userName").unwrap(), scim_core::filter::CompareOp::Eq, b.as_str());
        prop_assert_eq!(f.matches(&resource).unwrap(), a.to_lowercase() == b.to_lowercase());
        let co = Filter::compare(AttrPath::parse("userName").unwrap(), scim_core::filter::CompareOp::Co, b.as_str());
        prop_assert_eq!(co.matches(&resource).unwrap(), a.to_lowercase().contains(&b.to_lowercase()));
    }
}

/// The shared case table (also run through scim2-models by
/// `scripts/interop/filter_interop.py`).
#[test]
fn shared_case_table() {
    let table = fixture("filter_eval_cases.json");
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() > 100);
    let mut failures = Vec::new();
    for case in cases {
        let resource = fixture(case["resource"].as_str().unwrap());
        let text = case["filter"].as_str().unwrap();
        let got = match Filter::parse(text).unwrap().matches(&resource) {
            Ok(b) => json!(b),
            Err(e) => {
                assert_eq!(e.scim_type(), ScimType::InvalidFilter);
                json!("error")
            }
        };
        if got != case["expect"] {
            failures.push(format!(
                "{}: {text}: got {got}, want {}",
                case["resource"], case["expect"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Small JSON values, nested a few levels, with SCIM-like member names.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop_oneof![
            Just("bjensen".to_owned()),
            Just("2011-05-13T04:42:34Z".to_owned()),
            Just(String::new()),
            "\\PC{0,6}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("userName".to_owned()),
                    Just("value".to_owned()),
                    Just("type".to_owned()),
                    Just("emails".to_owned()),
                    Just("meta".to_owned()),
                    Just("lastModified".to_owned()),
                    Just("active".to_owned()),
                    Just("primary".to_owned()),
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Filter texts over the same names, all operators and value kinds.
fn arb_filter() -> impl Strategy<Value = String> {
    let path = prop_oneof![
        Just("userName"),
        Just("emails"),
        Just("emails.value"),
        Just("emails.primary"),
        Just("meta.lastModified"),
        Just("active"),
        Just("name"),
        Just("x509Certificates.value"),
        Just("urn:ietf:params:scim:schemas:core:2.0:User:userName"),
        Just("nothing"),
    ];
    let op = prop_oneof![
        Just("eq"),
        Just("ne"),
        Just("co"),
        Just("sw"),
        Just("ew"),
        Just("gt"),
        Just("ge"),
        Just("lt"),
        Just("le")
    ];
    let value = prop_oneof![
        Just("null"),
        Just("true"),
        Just("7"),
        Just("7.0"),
        Just(r#""bjensen""#),
        Just(r#""2011-05-13T06:42:34+02:00""#),
        Just(r#""""#),
    ];
    let leaf = prop_oneof![
        (path.clone(), op, value).prop_map(|(p, o, v)| format!("{p} {o} {v}")),
        path.prop_map(|p| format!("{p} pr")),
        Just(r#"emails[type eq "work" and value co "x"]"#.to_owned()),
        Just("emails[primary gt true]".to_owned()),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

proptest! {
    /// On any object: evaluation never panics, `not` negates, and whether a
    /// filter fails depends only on the filter and the schemas, never on
    /// the data (it fails exactly when `check` does).
    #[test]
    fn evaluation_is_total_and_errors_are_static(text in arb_filter(), mut data in arb_json()) {
        // A resource that is not an object matches nothing, negated or not.
        if !data.is_object() {
            data = json!({ "userName": data });
        }
        if let Value::Object(map) = &mut data {
            map.insert("schemas".into(), json!([urn::USER]));
        }
        let f = Filter::parse(&text).unwrap();
        let evaluator = Evaluator::core();
        let got = evaluator.matches(&f, &data);
        let checked = evaluator.check(&f, &[urn::USER]);
        prop_assert_eq!(got.is_err(), checked.is_err(), "{} on {}", text, data);
        let negated = evaluator.matches(&Filter::not(f), &data);
        match (got, negated) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, !b),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }
}

#[test]
fn long_value_filters_apply_to_each_element() {
    // More comparisons than the evaluator remembers plans for, evaluated
    // for each of several elements.
    let mut resource = json!({"schemas": [urn::USER], "emails": []});
    for i in 0..5 {
        resource["emails"]
            .as_array_mut()
            .unwrap()
            .push(json!({"value": format!("u{i}@example.com"), "type": format!("t{i}")}));
    }
    let conditions: Vec<String> = (0..12)
        .map(|i| format!(r#"value ne "u{i}@example.org""#))
        .collect();
    for (last, want) in [("t4", true), ("t9", false)] {
        let text = format!(
            r#"emails[{} and type eq "{last}" and value ew "4@EXAMPLE.COM"]"#,
            conditions.join(" and ")
        );
        let f = Filter::parse(&text).unwrap();
        assert_eq!(f.matches(&resource).unwrap(), want, "{text}");
    }
}
