//! Reading and printing filters (RFC 7644 §3.4.2.2) and PATCH paths
//! (§3.5.2): the RFC examples, canonical forms, rejected input with its
//! error kind and byte offset, hostile input, and round-trip properties.

use std::time::{Duration, Instant};

use pretty_assertions::assert_eq;
use proptest::prelude::*;
use scim_core::filter::{
    AttrPath, CompValue, CompareOp, Expected, Filter, ParseErrorKind, ParserBuilder, PatchPath,
};
use scim_core::{ParseError, ScimType};

/// Parses `input`, checks the canonical print, and checks that the print
/// reads back equal and prints the same.
fn roundtrip(input: &str, canonical: &str) -> Filter {
    let f = Filter::parse(input).unwrap_or_else(|e| panic!("{input}: {e:#}"));
    let printed = f.to_string();
    assert_eq!(printed, canonical, "canonical form of {input}");
    let again = Filter::parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e:#}"));
    assert_eq!(again, f, "re-parse of {printed}");
    assert_eq!(again.to_string(), printed, "fixpoint of {printed}");
    f
}

fn path(s: &str) -> AttrPath {
    AttrPath::parse(s).unwrap()
}

fn cmp(p: &str, op: CompareOp, v: impl Into<CompValue>) -> Filter {
    Filter::compare(path(p), op, v)
}

fn pr(p: &str) -> Filter {
    Filter::Present(path(p))
}

/// Every filter example of RFC 7644 §3.4.2.2 (figure 2), with its canonical
/// form.
const RFC_EXAMPLES: &[(&str, &str)] = &[
    (r#"userName eq "bjensen""#, r#"userName eq "bjensen""#),
    (
        r#"name.familyName co "O'Malley""#,
        r#"name.familyName co "O'Malley""#,
    ),
    (r#"userName sw "J""#, r#"userName sw "J""#),
    (
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J""#,
    ),
    ("title pr", "title pr"),
    (
        r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
        r#"meta.lastModified gt "2011-05-13T04:42:34Z""#,
    ),
    (
        r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
        r#"meta.lastModified ge "2011-05-13T04:42:34Z""#,
    ),
    (
        r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
        r#"meta.lastModified lt "2011-05-13T04:42:34Z""#,
    ),
    (
        r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
        r#"meta.lastModified le "2011-05-13T04:42:34Z""#,
    ),
    (
        r#"title pr and userType eq "Employee""#,
        r#"title pr and userType eq "Employee""#,
    ),
    (
        r#"title pr or userType eq "Intern""#,
        r#"title pr or userType eq "Intern""#,
    ),
    (
        r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
        r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#,
    ),
    (
        "userType eq \"Employee\" and (emails co \"example.com\" or\n  emails.value co \"example.org\")",
        r#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#,
    ),
    (
        "userType ne \"Employee\" and not (emails co \"example.com\" or\n  emails.value co \"example.org\")",
        r#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#,
    ),
    (
        r#"userType eq "Employee" and (emails.type eq "work")"#,
        r#"userType eq "Employee" and emails.type eq "work""#,
    ),
    (
        "userType eq \"Employee\" and emails[type eq \"work\" and\n  value co \"@example.com\"]",
        r#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#,
    ),
    (
        "emails[type eq \"work\" and value co \"@example.com\"] or\n  ims[type eq \"xmpp\" and value co \"@foo.com\"]",
        r#"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#,
    ),
    // The two spellings of §3.4.2.2 that evaluate alike.
    (r#"userName Eq "john""#, r#"userName eq "john""#),
    (r#"Username eq "john""#, r#"Username eq "john""#),
];

#[test]
fn rfc_examples_parse_and_print_canonically() {
    assert_eq!(RFC_EXAMPLES.len(), 19);
    for (input, canonical) in RFC_EXAMPLES {
        roundtrip(input, canonical);
    }
}

#[test]
fn rfc_examples_have_the_expected_shape() {
    use CompareOp::*;
    assert_eq!(Filter::parse(RFC_EXAMPLES[4].0).unwrap(), pr("title"));
    assert_eq!(
        Filter::parse(RFC_EXAMPLES[9].0).unwrap(),
        Filter::And(vec![pr("title"), cmp("userType", Eq, "Employee")])
    );
    let f = Filter::parse(RFC_EXAMPLES[13].0).unwrap();
    assert_eq!(
        f,
        Filter::And(vec![
            cmp("userType", Ne, "Employee"),
            Filter::not(Filter::Or(vec![
                cmp("emails", Co, "example.com"),
                cmp("emails.value", Co, "example.org"),
            ])),
        ])
    );
    let f = Filter::parse(RFC_EXAMPLES[16].0).unwrap();
    assert_eq!(
        f,
        Filter::Or(vec![
            Filter::value_path(
                path("emails"),
                Filter::And(vec![
                    cmp("type", Eq, "work"),
                    cmp("value", Co, "@example.com")
                ])
            ),
            Filter::value_path(
                path("ims"),
                Filter::And(vec![cmp("type", Eq, "xmpp"), cmp("value", Co, "@foo.com")])
            ),
        ])
    );
    let Filter::Compare(c) = Filter::parse(RFC_EXAMPLES[3].0).unwrap() else {
        panic!("a comparison")
    };
    assert_eq!(
        c.path.uri(),
        Some("urn:ietf:params:scim:schemas:core:2.0:User")
    );
    assert_eq!(c.path.name(), "userName");
    assert_eq!(c.path.sub_attr(), None);
    assert_eq!(c.path.span().unwrap().start, 0);
    assert_eq!(c.path.span().unwrap().end, 51);
}

#[test]
fn more_filters_parse_and_print_canonically() {
    let table: &[(&str, &str)] = &[
        // Keywords and operators in any case; names keep their spelling.
        (
            r#"USERNAME EQ "x" AND Title PR OR NOT (a Ne TRUE)"#,
            r#"USERNAME eq "x" and Title pr or not (a ne true)"#,
        ),
        ("not(a pr)", "not (a pr)"),
        ("NOT  (a pr)", "not (a pr)"),
        ("not (not (a pr))", "not (not (a pr))"),
        // Precedence: and binds tighter than or.
        ("a pr or b pr and c pr", "a pr or b pr and c pr"),
        ("(a pr or b pr) and c pr", "(a pr or b pr) and c pr"),
        ("a pr and (b pr or c pr)", "a pr and (b pr or c pr)"),
        ("(a pr and b pr) or c pr", "a pr and b pr or c pr"),
        // Redundant parentheses go; those that shape the tree stay.
        ("((a pr))", "a pr"),
        ("(a pr) and (b pr)", "a pr and b pr"),
        ("(a pr and b pr) and c pr", "(a pr and b pr) and c pr"),
        ("a pr or (b pr or c pr)", "a pr or (b pr or c pr)"),
        (
            "a pr and b pr and c pr and d pr",
            "a pr and b pr and c pr and d pr",
        ),
        // Keywords are attribute names where a name is expected.
        ("not pr", "not pr"),
        ("pr pr", "pr pr"),
        ("and eq 1 or or eq 2", "and eq 1 or or eq 2"),
        ("not[value pr]", "not[value pr]"),
        ("eq eq \"eq\"", "eq eq \"eq\""),
        // Values.
        ("a eq null", "a eq null"),
        ("a eq True", "a eq true"),
        ("a eq FALSE", "a eq false"),
        ("a gt 0", "a gt 0"),
        ("a gt -0", "a gt 0"),
        ("a gt -12", "a gt -12"),
        ("a gt 1.5", "a gt 1.5"),
        ("a gt 1.50", "a gt 1.5"),
        ("a gt 1E5", "a gt 100000.0"),
        ("a gt 1e-7", "a gt 1e-7"),
        ("a gt 2.5e+300", "a gt 2.5e+300"),
        ("a gt 2.5E300", "a gt 2.5e+300"),
        ("a gt 18446744073709551615", "a gt 18446744073709551615"),
        ("a gt -9223372036854775808", "a gt -9223372036854775808"),
        ("a gt 1e-400", "a gt 0.0"),
        // Strings: every JSON escape; only `"`, `\` and controls escaped on output.
        (
            r#"a eq "\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#,
            r#"a eq "\"\\/\b\f\n\r\tAé€😀""#,
        ),
        (
            r#"a eq "\u0000\u001f\u007f""#,
            "a eq \"\\u0000\\u001f\u{7f}\"",
        ),
        ("a eq \"naïve ünïcödé\"", "a eq \"naïve ünïcödé\""),
        (r#"a eq """#, r#"a eq """#),
        (r#"a eq "(not) [x] and or""#, r#"a eq "(not) [x] and or""#),
        // Paths: URNs with dots, sub-attributes, $ref.
        (
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d""#,
        ),
        ("members.$ref pr", "members.$ref pr"),
        ("$ref pr", "$ref pr"),
        // Any URI scheme (RFC 3986 §3), not only `urn`.
        ("u.1+x-y:b:name pr", "u.1+x-y:b:name pr"),
        ("a-b_c9 pr", "a-b_c9 pr"),
        (
            r#"members[value eq "2819c223" or $ref ew "/Users/1"]"#,
            r#"members[value eq "2819c223" or $ref ew "/Users/1"]"#,
        ),
        (
            r#"emails[not (type eq "work")]"#,
            r#"emails[not (type eq "work")]"#,
        ),
        // Whitespace: tabs, line breaks, none beside brackets and quotes.
        ("\ta pr\r\nor\tb pr ", "a pr or b pr"),
        (r#"(a eq"x")and(b pr)"#, r#"a eq "x" and b pr"#),
        (r#"emails [type eq "work"]"#, r#"emails[type eq "work"]"#),
        // Entra ID's `attr[filter].sub op value`, read as the RFC form.
        (
            r#"emails[type eq "work"].value eq "bjensen@example.com""#,
            r#"emails[type eq "work" and value eq "bjensen@example.com"]"#,
        ),
        (
            r#"emails[type eq "work" and primary eq true].value pr"#,
            r#"emails[type eq "work" and primary eq true and value pr]"#,
        ),
        (
            r#"emails[type eq "work" or type eq "home"].VALUE co "@x" and userName pr"#,
            r#"emails[(type eq "work" or type eq "home") and VALUE co "@x"] and userName pr"#,
        ),
    ];
    for (input, canonical) in table {
        roundtrip(input, canonical);
    }
}

#[test]
fn value_path_sub_attr_can_be_refused() {
    let strict = ParserBuilder::new().value_path_sub_attr(false).build();
    let err = strict
        .parse_filter(r#"emails[type eq "work"].value eq "x""#)
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.span().start),
        (ParseErrorKind::TrailingInput, 22)
    );
    assert!(strict.parse_filter(r#"emails[type eq "work"]"#).is_ok());
    // The lenient reading is exactly the RFC filter it stands for.
    assert_eq!(
        Filter::parse(r#"emails[type eq "work"].value eq "x""#).unwrap(),
        Filter::parse(r#"emails[type eq "work" and value eq "x"]"#).unwrap()
    );
}

#[test]
fn values_are_decoded() {
    let value = |s: &str| match Filter::parse(s).unwrap() {
        Filter::Compare(c) => c.value,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        value(r#"a eq "\ud83d\ude00""#),
        CompValue::String("😀".into())
    );
    assert_eq!(value("a eq -5"), CompValue::Number((-5i64).into()));
    assert_eq!(value("a eq 7"), CompValue::Number(7u64.into()));
    assert_eq!(
        value("a eq 0.1"),
        CompValue::Number(serde_json::Number::from_f64(0.1).unwrap())
    );
    // Beyond u64: the nearest f64.
    assert_eq!(
        value("a eq 18446744073709551616"),
        CompValue::Number(serde_json::Number::from_f64(18446744073709551616.0).unwrap())
    );
    assert_eq!(value("a eq NULL"), CompValue::Null);

    // Accessors and the JSON value each one stands for.
    let v = value(r#"a eq "x""#);
    assert_eq!(
        (v.as_str(), v.as_bool(), v.is_null()),
        (Some("x"), None, false)
    );
    assert_eq!(serde_json::Value::from(v), serde_json::json!("x"));
    let v = value("a eq false");
    assert_eq!((v.as_str(), v.as_bool()), (None, Some(false)));
    assert_eq!(serde_json::Value::from(v), serde_json::json!(false));
    let v = value("a eq -2.5");
    assert_eq!(
        v.as_number().and_then(serde_json::Number::as_f64),
        Some(-2.5)
    );
    assert_eq!(serde_json::Value::from(v), serde_json::json!(-2.5));
    let v = value("a eq null");
    assert!(v.is_null() && v.as_number().is_none());
    assert_eq!(serde_json::Value::from(v), serde_json::Value::Null);
}

/// (filter, error kind, byte offset of the error)
const INVALID_FILTERS: &[(&str, ParseErrorKind, usize)] = {
    use ParseErrorKind::*;
    &[
        ("", UnexpectedEnd, 0),
        ("   ", UnexpectedEnd, 3),
        ("userName", UnexpectedEnd, 8),
        (r#"userName eqq "bjensen""#, UnexpectedToken, 9),
        (r#"userName is "bjensen""#, UnexpectedToken, 9),
        ("userName eq", UnexpectedEnd, 11),
        (r#"userName eq "bjensen" foo"#, TrailingInput, 22),
        ("userName eq bjensen", UnexpectedToken, 12),
        ("userName eq 'bjensen'", UnexpectedChar, 12),
        (r#"userName eq "bjensen"#, UnterminatedString, 12),
        (r#"userName eq "bjensen\""#, UnterminatedString, 12),
        (r#"userName eq "a\qb""#, InvalidEscape, 14),
        (r#"userName eq "é\x""#, InvalidEscape, 15),
        (r#"userName eq "\ud800""#, LoneSurrogate, 13),
        (r#"userName eq "\ud800\u0041""#, LoneSurrogate, 13),
        (r#"userName eq "\udc00\ud800""#, LoneSurrogate, 13),
        (r#"userName eq "x\ud83d""#, LoneSurrogate, 14),
        (r#"userName eq "\u12G4""#, InvalidEscape, 13),
        (r#"userName eq "\u12""#, InvalidEscape, 13),
        ("userName eq \"a\tb\"", ControlCharInString, 14),
        ("userName eq \"a\nb\"", ControlCharInString, 14),
        ("age gt 01", InvalidNumber, 7),
        ("age gt 1.", InvalidNumber, 7),
        ("age gt .5", InvalidNumber, 7),
        ("age gt +1", InvalidNumber, 7),
        ("age gt -", InvalidNumber, 7),
        ("age gt 1.5.3", InvalidNumber, 7),
        ("age gt 1e", InvalidNumber, 7),
        ("age gt 0x1F", InvalidNumber, 7),
        ("age gt 1e400", NumberOutOfRange, 7),
        ("age gt -1e400", NumberOutOfRange, 7),
        ("title pr pr", TrailingInput, 9),
        ("(userName pr", UnexpectedEnd, 12),
        ("userName pr)", TrailingInput, 11),
        ("()", UnexpectedToken, 1),
        ("not userName pr", UnexpectedToken, 4),
        ("not", UnexpectedEnd, 3),
        ("title pr and", UnexpectedEnd, 12),
        ("title pr and (", UnexpectedEnd, 14),
        (r#"userName eq "x" or"#, UnexpectedEnd, 18),
        ("and title pr", UnexpectedToken, 4),
        (r#"emails[type eq "work""#, UnexpectedEnd, 21),
        (r#"emails[type eq "work"]]"#, TrailingInput, 22),
        (r#"emails[type eq "work") "#, UnexpectedToken, 21),
        (
            r#"emails[type eq "work" and addresses[type pr]]"#,
            NestedValuePath,
            35,
        ),
        ("emails[]", UnexpectedToken, 7),
        (r#"emails[type eq "work"] pr"#, TrailingInput, 23),
        (r#"emails[type eq "work"].value"#, UnexpectedEnd, 28),
        (r#"emails[type eq "work"].value xx 1"#, UnexpectedToken, 29),
        (r#"emails[type eq "work"].1value eq 1"#, InvalidAttrPath, 22),
        (
            r#"emails[type eq "work"].value.x eq 1"#,
            InvalidAttrPath,
            22,
        ),
        (r#"emails[type eq "work"].a:b eq 1"#, InvalidAttrPath, 22),
        (
            r#"emails[type eq "work"].value eq 1.display pr"#,
            InvalidNumber,
            32,
        ),
        ("name.familyName.x pr", InvalidAttrPath, 0),
        ("1userName pr", InvalidAttrPath, 0),
        (":userName pr", InvalidAttrPath, 0),
        ("urn:x::userName pr", InvalidAttrPath, 0),
        ("urn:x:.name pr", InvalidAttrPath, 0),
        // `[URI ":"] ATTRNAME`: a URI is `scheme ":" …` (RFC 3986 §3), so
        // the part before the last colon needs a colon of its own, and a
        // scheme has no `_` or `$`.
        ("a:b pr", InvalidAttrPath, 0),
        (r#"urn:userName eq "x""#, InvalidAttrPath, 0),
        (r#"a eq 1 and x:name.givenName eq "x""#, InvalidAttrPath, 11),
        ("emails[a:b pr]", InvalidAttrPath, 7),
        ("a_b:c:d pr", InvalidAttrPath, 0),
        ("a$:c:d pr", InvalidAttrPath, 0),
        ("userName. pr", InvalidAttrPath, 0),
        ("a eq 1 and $refs pr", InvalidAttrPath, 11),
        ("user_name@x pr", UnexpectedChar, 9),
        ("naïve pr", UnexpectedChar, 2),
        (r#"userName eq "x" && title pr"#, UnexpectedChar, 16),
        (r#"userName == "x""#, UnexpectedChar, 9),
        (r#""userName" eq "x""#, UnexpectedToken, 0),
        ("userName eq true false", TrailingInput, 17),
        (r#"userName eq ("x")"#, UnexpectedToken, 12),
        ("userName ne [", UnexpectedToken, 12),
        (r#"userName eq ["x"]"#, UnexpectedToken, 12),
        // RFC 7644 §3.4.2.2 writes this in its prose, but figure 1 requires
        // strings to be quoted.
        (
            "(meta.resourceType eq User) or (meta.resourceType eq Group)",
            UnexpectedToken,
            22,
        ),
    ]
};

/// String values of every length around the 24 bytes a `CompString`
/// holds inline, plain and escaped, ASCII and not, read back exactly and
/// behave as `&str` (comparison, hashing, conversion).
#[test]
fn string_values_of_any_length() {
    use std::collections::HashSet;

    use scim_core::filter::CompString;

    for len in (0..=40).chain([100, 1000]) {
        // (written in the filter, read back)
        let units = [("a", "a"), ("é", "é"), (r#"\""#, "\""), (r"\u00e9", "é")];
        for (unit, read) in units {
            let (text, decoded) = (unit.repeat(len), read.repeat(len));
            let f = Filter::parse(&format!(r#"userName eq "{text}""#)).unwrap();
            let Filter::Compare(c) = &f else {
                panic!("{f:?}")
            };
            let CompValue::String(s) = &c.value else {
                panic!("{f:?}")
            };
            assert_eq!(s.as_str(), decoded, "{unit} x {len}");
            assert_eq!(*s, decoded);
            assert_eq!(s.len(), decoded.len());
            assert_eq!(CompString::from(decoded.clone()), *s);
            assert_eq!(s.clone().into_string(), decoded);
            assert_eq!(Filter::parse(&f.to_string()).unwrap(), f);
            let set: HashSet<CompString> = HashSet::from([s.clone()]);
            assert!(set.contains(decoded.as_str()), "{unit} x {len}");
        }
    }
    assert_eq!(CompString::new(), "");
    let mut sorted = vec![CompString::from("b"), CompString::from("a")];
    sorted.sort();
    assert_eq!(sorted, ["a", "b"]);
    assert_eq!(format!("{:?}", CompString::from("a\"b")), r#""a\"b""#);
    assert_eq!(CompString::from("a\"b").to_string(), "a\"b");
}

#[test]
fn invalid_filters_are_rejected_with_kind_and_offset() {
    assert!(INVALID_FILTERS.len() >= 40);
    for &(input, kind, at) in INVALID_FILTERS {
        let err = Filter::parse(input).expect_err(input);
        assert_eq!((err.kind(), err.span().start), (kind, at), "{input}: {err}");
        assert_eq!(err.scim_type(), ScimType::InvalidFilter);
        assert_eq!(err.input(), input);
        assert!(err.span().end <= input.len(), "{input}");
        // The message is one line and names the offset.
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "{msg}");
        assert!(msg.contains(&format!("byte {at}")), "{input}: {msg}");
    }
}

/// (PATCH path, error kind, byte offset of the error)
const INVALID_PATHS: &[(&str, ParseErrorKind, usize)] = {
    use ParseErrorKind::*;
    &[
        ("", UnexpectedEnd, 0),
        ("name.", InvalidAttrPath, 0),
        ("name.familyName.x", InvalidAttrPath, 0),
        ("9lives", InvalidAttrPath, 0),
        ("urn:userName", InvalidAttrPath, 0),
        (r#"x:emails[type eq "work"].value"#, InvalidAttrPath, 0),
        (
            "urn:ietf:params:scim:schemas:core:2.0:User:",
            InvalidAttrPath,
            0,
        ),
        (r#"emails[type eq "work""#, UnexpectedEnd, 21),
        (r#"emails[type eq "work"]."#, InvalidAttrPath, 22),
        (r#"emails[type eq "work"].display.x"#, InvalidAttrPath, 22),
        (r#"emails[type eq "work"].1x"#, InvalidAttrPath, 22),
        (r#"emails[type eq "work"]display"#, TrailingInput, 22),
        (r#"emails[type eq "work"].display extra"#, TrailingInput, 31),
        (r#"emails[type eq "work"][value pr]"#, TrailingInput, 22),
        (r#"userName eq "x""#, TrailingInput, 9),
        ("name familyName", TrailingInput, 5),
        ("emails[]", UnexpectedToken, 7),
        (r#"[type eq "work"]"#, UnexpectedToken, 0),
        ("emails[addresses[type pr]]", NestedValuePath, 16),
        (r#"members[value eq "2819c223]"#, UnterminatedString, 17),
        ("emails[type eq work]", UnexpectedToken, 15),
        ("emails/value", UnexpectedChar, 6),
    ]
};

#[test]
fn invalid_patch_paths_are_rejected_with_kind_and_offset() {
    assert!(INVALID_PATHS.len() >= 15);
    for &(input, kind, at) in INVALID_PATHS {
        let err = PatchPath::parse(input).expect_err(input);
        assert_eq!((err.kind(), err.span().start), (kind, at), "{input}: {err}");
        assert_eq!(err.scim_type(), ScimType::InvalidPath);
    }
}

#[test]
fn patch_paths_parse_and_print() {
    // RFC 7644 §3.5.2 examples and the shapes of its ABNF.
    let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        // (path, attribute path, filter, sub-attribute)
        ("members", "members", None, None),
        ("name.familyName", "name.familyName", None, None),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            None,
            None,
        ),
        (
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            None,
            None,
        ),
        (
            r#"members[value eq "2819c223-7f76-453a-919d-413861904646"]"#,
            "members",
            Some(r#"value eq "2819c223-7f76-453a-919d-413861904646""#),
            None,
        ),
        (
            r#"emails[type eq "work" and value ew "example.com"]"#,
            "emails",
            Some(r#"type eq "work" and value ew "example.com""#),
            None,
        ),
        (
            r#"addresses[type eq "work"].streetAddress"#,
            "addresses",
            Some(r#"type eq "work""#),
            Some("streetAddress"),
        ),
        (
            r#"emails[type EQ "work"].display"#,
            "emails",
            Some(r#"type eq "work""#),
            Some("display"),
        ),
        (
            r#"members[value eq "1"].$ref"#,
            "members",
            Some(r#"value eq "1""#),
            Some("$ref"),
        ),
    ];
    for &(input, attr, filter, sub) in table {
        let p = PatchPath::parse(input).unwrap_or_else(|e| panic!("{input}: {e:#}"));
        assert_eq!(p.attr().as_str(), attr, "{input}");
        assert_eq!(
            p.filter().map(ToString::to_string).as_deref(),
            filter,
            "{input}"
        );
        assert_eq!(p.sub_attr(), sub, "{input}");
        let printed = p.to_string();
        let again: PatchPath = printed.parse().unwrap();
        assert_eq!(again, p);
        assert_eq!(again.to_string(), printed);
    }
    let p = PatchPath::parse(r#"emails[type eq "work"].display"#).unwrap();
    assert_eq!(p.to_string(), r#"emails[type eq "work"].display"#);
}

#[test]
fn attr_paths() {
    let p = path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
    assert_eq!(
        p.uri(),
        Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
    );
    assert_eq!(p.name(), "manager");
    assert_eq!(p.sub_attr(), Some("value"));
    let q = path("urn:IETF:params:scim:schemas:extension:enterprise:2.0:user:MANAGER.Value");
    assert_ne!(p, q);
    assert!(p.eq_ignore_case(&q));
    assert!(!p.eq_ignore_case(&path("manager.value")));
    assert!(path("UserName").is_simple_name("username"));
    assert!(!path("name.givenName").is_simple_name("name"));

    let built = AttrPath::from_parts(
        Some("urn:ietf:params:scim:schemas:core:2.0:User"),
        "name",
        Some("givenName"),
    )
    .unwrap();
    assert_eq!(
        built,
        path("urn:ietf:params:scim:schemas:core:2.0:User:name.givenName")
    );
    assert_eq!(built.span(), None);
    for (uri, name, sub) in [
        (None, "", None),
        (None, "a b", None),
        (None, "a.b", None),
        (None, "a:b", None),
        (Some(""), "a", None),
        (Some("urn::x"), "a", None),
        // A URI has a scheme and a colon (RFC 3986 §3).
        (Some("urn"), "a", None),
        (Some("a_b:c"), "a", None),
        (None, "a", Some("")),
        (None, "a", Some("b.c")),
    ] {
        let err = AttrPath::from_parts(uri, name, sub).unwrap_err();
        assert_eq!(
            err.kind(),
            ParseErrorKind::InvalidAttrPath,
            "{uri:?} {name} {sub:?}"
        );
    }
    for bad in ["", " userName", "userName ", "a b", "a[b]", "a.b.c", "é"] {
        let err = AttrPath::parse(bad).unwrap_err();
        assert_eq!(err.scim_type(), ScimType::InvalidPath, "{bad}");
    }
    assert_eq!("name.givenName".parse::<AttrPath>().unwrap().name(), "name");
}

#[test]
fn error_messages() {
    let table: &[(&str, &str)] = &[
        (
            r#"userName eqq "bjensen""#,
            "expected a comparison operator at byte 9, found `eqq`",
        ),
        (
            "",
            "expected an attribute path at byte 0, found the end of the text",
        ),
        (
            "(a pr",
            "expected `and`, `or` or `)` at byte 5, found the end of the text",
        ),
        ("a eq 'x'", "unexpected character `'` at byte 5"),
        ("a eq \"x", "string starting at byte 5 has no closing quote"),
        (r#"a eq "\x""#, r#"invalid escape `\x` at byte 6"#),
        (
            r#"a eq "\ud800""#,
            r#"unpaired surrogate `\ud800` at byte 6"#,
        ),
        ("a eq 1e999", "number `1e999` at byte 5 is out of range"),
        ("a eq 01", "expected a value at byte 5, found `01`"),
        ("a.b.c pr", "invalid attribute path `a.b.c` at byte 0"),
        ("not a pr", "expected `(` at byte 4, found `a`"),
        (
            "a[b[c pr]]",
            "value path nested inside another value path at byte 3",
        ),
    ];
    for (input, message) in table {
        assert_eq!(
            Filter::parse(input).unwrap_err().to_string(),
            *message,
            "{input}"
        );
    }
    let long = format!("a eq \"{}\" x", "y".repeat(100));
    let err = Filter::parse(&long).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected `and`, `or` or the end of the text at byte 108, found `x`"
    );
    assert_eq!(
        err.expected(),
        &[Expected::And, Expected::Or, Expected::End]
    );
}

#[test]
fn alternate_error_form_draws_a_caret() {
    let err = Filter::parse(r#"userName eqq "bjensen""#).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "expected a comparison operator at byte 9, found `eqq`\n  userName eqq \"bjensen\"\n           ^^^"
    );
    // At the end of the text, the caret goes just past it.
    let err = Filter::parse("title pr and").unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "expected an attribute path at byte 12, found the end of the text\n  title pr and\n              ^"
    );
    // Multi-byte characters count as one column.
    let err = Filter::parse("naïve pr").unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "unexpected character `ï` at byte 2\n  naïve pr\n    ^"
    );
    // Long text is shown as a window around the error.
    let long = format!("{} and 1x pr", vec!["a pr"; 50].join(" and "));
    let err = Filter::parse(&long).unwrap_err();
    let rendered = format!("{err:#}");
    let lines: Vec<&str> = rendered.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("  …"), "{rendered}");
    assert!(lines[1].chars().count() < 90, "{rendered}");
    let caret = lines[2].chars().position(|c| c == '^').unwrap();
    let under: String = lines[1].chars().skip(caret).take(5).collect();
    assert_eq!(under, "1x pr");
    assert_eq!(lines[2].matches('^').count(), 2);
}

/// Runs `f`, failing if it takes longer than `limit` (generous: the
/// machine may be busy; what matters is that nothing is quadratic).
fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < limit, "{what} took {took:?}");
    out
}

/// Text exceeding the limits fails at once, on the default test thread.
#[test]
fn hostile_input_fails_fast() {
    let fast = Duration::from_secs(1);
    let parens = format!("{}a pr{}", "(".repeat(100_000), ")".repeat(100_000));
    let nots = format!("{}a pr{}", "not (".repeat(100_000), ")".repeat(100_000));
    let nots_tight = format!("{}a pr{}", "not(".repeat(100_000), ")".repeat(100_000));
    let brackets = format!("{}a pr{}", "x[".repeat(100_000), "]".repeat(100_000));
    let unlimited = ParserBuilder::new().max_len(usize::MAX).build();
    let table: &[(&str, &String, ParseErrorKind, usize)] = &[
        (
            "parentheses",
            &parens,
            ParseErrorKind::NestLimitExceeded(64),
            64,
        ),
        (
            "not (",
            &nots,
            ParseErrorKind::NestLimitExceeded(64),
            64 * 5,
        ),
        (
            "not(",
            &nots_tight,
            ParseErrorKind::NestLimitExceeded(64),
            64 * 4,
        ),
        ("brackets", &brackets, ParseErrorKind::NestedValuePath, 3),
    ];
    for &(what, text, kind, at) in table {
        // Too long for the default limit…
        let err = timed(what, fast, || Filter::parse(text).unwrap_err());
        assert_eq!(err.kind(), ParseErrorKind::TooLong(64 * 1024), "{what}");
        // …and too deep once the length limit is lifted.
        let err = timed(what, fast, || unlimited.parse_filter(text).unwrap_err());
        assert_eq!((err.kind(), err.span().start), (kind, at), "{what}");
    }
    let paths = format!("x[{}a pr{}]", "(".repeat(100_000), ")".repeat(100_000));
    let err = timed("path", fast, || {
        ParserBuilder::new()
            .max_len(usize::MAX)
            .build()
            .parse_path(&paths)
            .unwrap_err()
    });
    assert_eq!(err.kind(), ParseErrorKind::NestLimitExceeded(64));

    // A megabyte of text is refused by default.
    let mut big = String::from("a pr");
    while big.len() < 1_000_000 {
        big.push_str(" or a pr and b eq \"x\"");
    }
    let err = timed("1 MB filter", fast, || Filter::parse(&big).unwrap_err());
    assert_eq!(err.kind(), ParseErrorKind::TooLong(64 * 1024));
    let err = timed("1 MB path", fast, || PatchPath::parse(&big).unwrap_err());
    assert_eq!(err.kind(), ParseErrorKind::TooLong(64 * 1024));
}

/// With the length limit lifted, megabytes are read in linear time, into a
/// flat tree that drops and prints without deep recursion.
#[test]
fn megabyte_filters_parse_in_linear_time() {
    let slow = Duration::from_secs(30);
    let unlimited = ParserBuilder::new().max_len(usize::MAX).build();
    let mut big = String::from("a pr");
    while big.len() < 1_000_000 {
        big.push_str(" or a pr and b eq \"x\"");
    }
    let f = timed("1 MB filter", slow, || {
        unlimited.parse_filter(&big).unwrap()
    });
    let Filter::Or(operands) = &f else {
        panic!("an or")
    };
    assert!(operands.len() > 40_000);
    assert_eq!(timed("printing", slow, || f.to_string()), big);
    timed("dropping", slow, || drop(f));

    let escapes = format!("a eq \"{}\"", "\\\"".repeat(500_000));
    let f = timed("escapes", slow, || {
        unlimited.parse_filter(&escapes).unwrap()
    });
    let Filter::Compare(c) = f else {
        panic!("a comparison")
    };
    assert_eq!(c.value.as_str().map(str::len), Some(500_000));
    let unterminated = format!("a eq \"{}", "x".repeat(1_000_000));
    let err = timed("unterminated", slow, || {
        unlimited.parse_filter(&unterminated).unwrap_err()
    });
    assert_eq!(err.kind(), ParseErrorKind::UnterminatedString);
}

#[test]
fn nest_limit_counts_parens_not_and_brackets() {
    let parser = ParserBuilder::new().nest_limit(3).build();
    assert!(parser.parse_filter("((not (a pr)))").is_ok());
    assert!(parser.parse_filter("(not (x[a pr]))").is_ok());
    let err = parser.parse_filter("(((not (a pr))))").unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::NestLimitExceeded(3));
    assert_eq!(err.span().start, 3);
    let err = parser.parse_filter("((not (x[a pr])))").unwrap_err();
    assert_eq!(err.span().start, 8);
    // Siblings do not add up.
    assert!(parser.parse_filter("(((a pr))) and (((b pr)))").is_ok());
    let flat = ParserBuilder::new().nest_limit(0).build();
    assert!(flat.parse_filter("a pr and b pr").is_ok());
    assert!(flat.parse_filter("(a pr)").is_err());
    assert!(flat.parse_path(r#"emails[type eq "work"]"#).is_err());
    // The default.
    let deep = |n| format!("{}a pr{}", "(".repeat(n), ")".repeat(n));
    assert!(Filter::parse(&deep(64)).is_ok());
    assert!(Filter::parse(&deep(65)).is_err());
}

#[test]
fn max_len_is_configurable() {
    let parser = ParserBuilder::new().max_len(8).build();
    assert!(parser.parse_filter("a pr").is_ok());
    assert!(parser.parse_filter("abcdefgh").is_err());
    let err = parser.parse_filter("abcdef pr").unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::TooLong(8));
    assert_eq!(
        err.to_string(),
        "text of 9 bytes is longer than the limit of 8 bytes"
    );
    assert_eq!(
        parser.parse_path("abcdefghi").unwrap_err().kind(),
        ParseErrorKind::TooLong(8)
    );
}

#[test]
fn compare_op_from_str() {
    for op in CompareOp::ALL {
        assert_eq!(op.as_str().parse::<CompareOp>().unwrap(), op);
        assert_eq!(op.as_str().to_uppercase().parse::<CompareOp>().unwrap(), op);
        assert_eq!(op.to_string(), op.as_str());
    }
    assert!("pr".parse::<CompareOp>().is_err());
    assert!("eqq".parse::<CompareOp>().is_err());
}

// ---- properties ----

/// Attribute names, including ones spelled like keywords.
fn arb_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_-]{0,8}",
        Just("$ref".to_owned()),
        Just("not".to_owned()),
        Just("pr".to_owned()),
        Just("AND".to_owned()),
        Just("eq".to_owned()),
    ]
}

fn arb_attr_path(relative: bool) -> impl Strategy<Value = AttrPath> {
    let uri = if relative {
        Just(None).boxed()
    } else {
        proptest::option::of(prop_oneof![
            Just("urn:ietf:params:scim:schemas:core:2.0:User".to_owned()),
            Just("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".to_owned()),
            "[a-z][a-z0-9.-]{0,5}(:[a-zA-Z0-9.-]{1,5}){1,3}",
        ])
        .boxed()
    };
    (uri, arb_name(), proptest::option::of(arb_name()))
        .prop_map(|(u, n, s)| AttrPath::from_parts(u.as_deref(), &n, s.as_deref()).unwrap())
}

fn arb_value() -> impl Strategy<Value = CompValue> {
    prop_oneof![
        Just(CompValue::Null),
        any::<bool>().prop_map(CompValue::Bool),
        any::<i64>().prop_map(CompValue::from),
        any::<u64>().prop_map(CompValue::from),
        any::<f64>()
            .prop_filter_map("finite", serde_json::Number::from_f64)
            .prop_map(CompValue::Number),
        any::<String>().prop_map(CompValue::from),
    ]
}

fn arb_op() -> impl Strategy<Value = CompareOp> {
    proptest::sample::select(CompareOp::ALL.to_vec())
}

fn arb_filter(relative: bool) -> BoxedStrategy<Filter> {
    let leaf = prop_oneof![
        (arb_attr_path(relative), arb_op(), arb_value())
            .prop_map(|(p, op, v)| Filter::compare(p, op, v)),
        arb_attr_path(relative).prop_map(Filter::Present),
    ];
    leaf.prop_recursive(5, 48, 4, move |inner| {
        let mut options = vec![
            inner.clone().prop_map(Filter::not).boxed(),
            proptest::collection::vec(inner.clone(), 2..4)
                .prop_map(Filter::And)
                .boxed(),
            proptest::collection::vec(inner.clone(), 2..4)
                .prop_map(Filter::Or)
                .boxed(),
        ];
        if !relative {
            options.push(
                (arb_attr_path(false), arb_filter(true))
                    .prop_map(|(p, f)| Filter::value_path(p, f))
                    .boxed(),
            );
        }
        proptest::strategy::Union::new(options)
    })
    .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any string, printed as a comparison value, reads back exactly.
    #[test]
    fn any_string_value_roundtrips(s in any::<String>()) {
        let f = Filter::compare(AttrPath::parse("userName").unwrap(), CompareOp::Eq, s.clone());
        let printed = f.to_string();
        let back = Filter::parse(&printed).unwrap();
        let Filter::Compare(c) = back else { panic!("not a comparison: {printed}") };
        prop_assert_eq!(c.op, CompareOp::Eq);
        prop_assert!(c.path.is_simple_name("userName"));
        prop_assert_eq!(c.value.as_str(), Some(s.as_str()));
    }

    /// Generated trees print to text that reads back equal.
    #[test]
    fn generated_filters_roundtrip(f in arb_filter(false)) {
        let printed = f.to_string();
        let back = Filter::parse(&printed)
            .map_err(|e| TestCaseError::fail(format!("{printed}: {e:#}")))?;
        prop_assert_eq!(&back, &f);
        prop_assert_eq!(back.to_string(), printed);
    }

    /// Generated PATCH paths print to text that reads back equal.
    #[test]
    fn generated_patch_paths_roundtrip(
        p in arb_attr_path(false),
        f in proptest::option::of(arb_filter(true)),
        sub in proptest::option::of(arb_name()),
    ) {
        let path = match f {
            Some(f) => PatchPath::with_filter(p, f, sub.as_deref()).unwrap(),
            None => PatchPath::from(p),
        };
        let printed = path.to_string();
        let back = PatchPath::parse(&printed)
            .map_err(|e| TestCaseError::fail(format!("{printed}: {e:#}")))?;
        prop_assert_eq!(&back, &path);
        prop_assert_eq!(back.to_string(), printed);
    }

    /// Arbitrary text never panics, and whatever parses prints to a fixpoint.
    #[test]
    fn arbitrary_text_never_panics(s in "[a-z()\\[\\]\" .:\\\\0-9$-]{0,40}") {
        if let Ok(f) = Filter::parse(&s) {
            let printed = f.to_string();
            let back = Filter::parse(&printed).unwrap();
            prop_assert_eq!(&back, &f);
            prop_assert_eq!(back.to_string(), printed);
        }
        if let Ok(p) = PatchPath::parse(&s) {
            let printed = p.to_string();
            prop_assert_eq!(PatchPath::parse(&printed).unwrap(), p);
        }
        let _: Result<AttrPath, ParseError> = s.parse();
    }
}

/// The committed fuzz seeds stay valid: each parses and round-trips.
#[test]
fn fuzz_seed_corpus_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let mut seen = 0;
    for (target, is_path) in [
        ("filter_parse", false),
        ("filter_roundtrip", false),
        ("path_parse", true),
    ] {
        for entry in std::fs::read_dir(root.join(target)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if is_path {
                let p = PatchPath::parse(&text).unwrap_or_else(|e| panic!("{text}: {e:#}"));
                assert_eq!(PatchPath::parse(&p.to_string()).unwrap(), p);
            } else {
                let f = Filter::parse(&text).unwrap_or_else(|e| panic!("{text}: {e:#}"));
                assert_eq!(Filter::parse(&f.to_string()).unwrap(), f);
            }
            seen += 1;
        }
    }
    assert!(seen >= 40, "{seen} seeds");
}

/// Paths read from text point back at it, so later errors (an unknown
/// attribute, say) can name the offset.
#[test]
fn paths_remember_their_spans() {
    let text = r#"userName eq "x" or emails[type eq "work"].value pr"#;
    let f = Filter::parse(text).unwrap();
    let Filter::Or(operands) = &f else {
        panic!("an or")
    };
    let Filter::Compare(c) = &operands[0] else {
        panic!("a comparison")
    };
    let span = c.path.span().unwrap();
    assert_eq!(&text[span.start..span.end], "userName");
    let Filter::ValuePath(v) = &operands[1] else {
        panic!("a value path")
    };
    let span = v.path.span().unwrap();
    assert_eq!(&text[span.start..span.end], "emails");
    let Filter::And(inner) = &*v.filter else {
        panic!("an and")
    };
    let Filter::Compare(c) = &inner[0] else {
        panic!("a comparison")
    };
    assert_eq!(c.path.span().map(|s| (s.start, s.end)), Some((26, 30)));
    let Filter::Present(p) = &inner[1] else {
        panic!("pr")
    };
    let span = p.span().unwrap();
    assert_eq!(&text[span.start..span.end], "value");
    // Spans do not take part in equality.
    assert_eq!(f, Filter::parse(&format!("  {text}")).unwrap());
}
