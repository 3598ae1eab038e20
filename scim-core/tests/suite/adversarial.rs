//! Hostile input: megabyte filters and paths, 100 000-deep JSON, million
//! element arrays, numbers out of range, invalid UTF-8. Each gives an error
//! or a result, quickly, on the default test thread's stack: never a panic
//! or a stack overflow.
//!
//! JSON text nests at most 128 levels deep: `serde_json`'s recursion limit
//! makes deeper text a syntax error before any of our code sees it. A
//! deeper `serde_json::Value` can only be built in code. Such values are
//! built and taken apart here with loops ([`Deep`]), because `serde_json`
//! itself drops, clones, compares and prints a `Value` recursively: a
//! program that builds one in code must also take it apart that way.

use std::time::{Duration, Instant};

use scim_core::filter::{Evaluator, ParseErrorKind, ParserBuilder};
use scim_core::patch::{DiffOptions, Patcher, diff};
use scim_core::validate::Validator;
use scim_core::{
    AttrPath, BulkRequest, DecodeErrorKind, Filter, Group, ListResponse, PatchOp, PatchOperation,
    PatchPath, Resource, SchemaRegistry, ScimError, ScimType, SearchRequest, User,
};
use serde_json::{Map, Value, json};

const MB: usize = 1 << 20;
const DEEP: usize = 100_000;
const MILLION: usize = 1_000_000;

/// Far above what linear work on these inputs takes, even unoptimised on a
/// loaded machine; far below what quadratic work would.
const BOUND: Duration = Duration::from_secs(60);

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < BOUND, "{what} took {took:?}");
    out
}

// ---- values nested in code -------------------------------------------------

/// A `Value` that may nest deeper than the stack allows to drop
/// recursively; dropping the guard takes it apart with a loop.
struct Deep(Value);

impl Drop for Deep {
    fn drop(&mut self) {
        let mut stack = vec![self.0.take()];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items),
                Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
}

/// `[[[…[leaf]…]]]`, `depth` arrays deep.
fn nested_arrays(depth: usize, leaf: Value) -> Deep {
    let mut v = leaf;
    for _ in 0..depth {
        v = Value::Array(vec![v]);
    }
    Deep(v)
}

/// `{key: value}`, built without `json!`, which recurses.
fn object(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_owned(), value);
    Value::Object(map)
}

/// `{"value": {"value": … leaf …}}`, `depth` objects deep.
fn nested_objects(depth: usize, leaf: Value) -> Deep {
    let mut v = leaf;
    for _ in 0..depth {
        let mut map = Map::new();
        map.insert("value".to_owned(), v);
        v = Value::Object(map);
    }
    Deep(v)
}

/// A user with `deep` as the value of `attr`.
fn user_with(attr: &str, deep: Deep) -> Deep {
    let mut deep = deep;
    let mut user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "bjensen",
        "emails": [{"value": "bjensen@example.com", "type": "work"}]
    });
    user[attr] = deep.0.take();
    Deep(user)
}

// ---- filters and paths -------------------------------------------------------

#[test]
fn megabyte_filters_fail_at_the_length_limit() {
    let shapes = [
        "a".repeat(MB),
        "(".repeat(MB),
        "not (".repeat(MB / 5),
        format!("userName eq \"{}\"", "x".repeat(MB)),
        "userName pr or ".repeat(MB / 15) + "userName pr",
        "emails[".repeat(MB / 7),
        "\"".repeat(MB),
        "\u{1F600}".repeat(MB / 4),
    ];
    for text in &shapes {
        let err = timed("parse", || Filter::parse(text)).unwrap_err();
        assert!(
            matches!(err.kind(), ParseErrorKind::TooLong(_)),
            "{:?}",
            &text[..20]
        );
        assert_eq!(err.scim_type(), ScimType::InvalidFilter);
        assert!(PatchPath::parse(text).is_err());
        assert!(AttrPath::parse(text).is_err());
    }
}

#[test]
fn megabyte_filters_without_a_length_limit_parse_in_linear_time() {
    let parser = ParserBuilder::new().max_len(usize::MAX).build();

    // A flat chain of a megabyte of comparisons: one `or` node.
    let text = "userName eq \"bjensen\" or ".repeat(MB / 25) + "title pr";
    let filter = timed("long or", || parser.parse_filter(&text)).unwrap();
    let Filter::Or(operands) = &filter else {
        panic!("not an or: {:?}", &filter.to_string()[..50]);
    };
    assert_eq!(operands.len(), MB / 25 + 1);
    let printed = timed("print", || filter.to_string());
    assert_eq!(
        timed("reparse", || parser.parse_filter(&printed)).unwrap(),
        filter
    );
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "x"});
    assert!(!timed("eval", || Evaluator::core().matches(&filter, &user)).unwrap());

    // A megabyte string literal, with escapes.
    let text = format!("userName eq \"{}\"", "\\\"x".repeat(MB / 3));
    let filter = timed("long string", || parser.parse_filter(&text)).unwrap();
    assert_eq!(filter.to_string().len(), text.len());

    // A megabyte of nesting stops at the nesting limit (or, for value
    // paths, at the second one: they do not nest).
    let err = parser.parse_filter(&"emails[".repeat(MB / 7)).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::NestedValuePath);
    for text in ["(".repeat(MB), "not (".repeat(MB / 5)] {
        let err = timed("deep", || parser.parse_filter(&text)).unwrap_err();
        assert_eq!(
            err.kind(),
            ParseErrorKind::NestLimitExceeded(ParserBuilder::DEFAULT_NEST_LIMIT),
            "{:?}",
            &text[..10]
        );
    }

    // Garbage fails at its first byte.
    for text in ["\0".repeat(MB), "\u{FEFF}".repeat(MB / 3), "=".repeat(MB)] {
        let err = timed("garbage", || parser.parse_filter(&text)).unwrap_err();
        assert!(err.span().end <= 3, "{err:?}");
    }
}

#[test]
fn megabyte_paths() {
    let parser = ParserBuilder::new().max_len(usize::MAX).build();
    let long_name = "a".repeat(MB);
    let path = timed("long name", || parser.parse_path(&long_name)).unwrap();
    assert_eq!(path.attr().name().len(), MB);
    assert!(PatchPath::parse(&long_name).is_err());

    let text = format!(
        "emails[{}].value",
        "value pr and ".repeat(MB / 13) + "type pr"
    );
    let path = timed("long value filter", || parser.parse_path(&text)).unwrap();
    assert_eq!(path.sub_attr(), Some("value"));

    let text = format!("{}.{}", "x".repeat(MB / 2), "y".repeat(MB / 2));
    assert!(timed("long sub-attribute", || parser.parse_path(&text)).is_ok());

    for text in [".".repeat(MB), "a.".repeat(MB / 2), "a[".repeat(MB / 2)] {
        assert!(timed("bad path", || parser.parse_path(&text)).is_err());
    }
}

#[test]
fn huge_numbers_in_filters() {
    let digits = "9".repeat(100);
    let f = Filter::parse(&format!("x eq {digits}")).unwrap();
    assert_eq!(f.to_string(), "x eq 1e+100");
    for text in ["x eq 1e400", "x gt -1e400", "x eq 1e-400"] {
        match Filter::parse(text) {
            Ok(f) => assert!(f.to_string().starts_with("x eq 0"), "{f}"),
            Err(e) => assert_eq!(e.kind(), ParseErrorKind::NumberOutOfRange, "{text}"),
        }
    }
    let user = json!({"userName": "a", "x": 1e300, "y": u64::MAX, "z": i64::MIN});
    for text in [
        format!("x gt {digits}"),
        format!("y lt {digits}"),
        format!("z lt -{digits}"),
        "y eq 18446744073709551615".to_owned(),
        "z eq -9223372036854775808".to_owned(),
    ] {
        let f = Filter::parse(&text).unwrap();
        assert!(Evaluator::core().matches(&f, &user).is_ok(), "{text}");
    }
}

// ---- decoding ---------------------------------------------------------------

/// Checks that `bytes` fail to decode as each message type; as JSON at
/// all, with an error of `kind`.
fn each_type_rejects(bytes: &[u8], kind: DecodeErrorKind) {
    fn one<T: serde::de::DeserializeOwned>(name: &str, bytes: &[u8], kind: DecodeErrorKind) {
        let err = timed(name, || scim_core::from_slice::<T>(bytes))
            .err()
            .unwrap_or_else(|| panic!("{name} decoded"));
        // A message type may see a wrong type before the nesting.
        if name == "Value" {
            assert_eq!(err.kind(), kind, "{name}: {err}");
        }
        let reply = ScimError::from(&err);
        assert!(
            [Some(ScimType::InvalidSyntax), Some(ScimType::InvalidValue)]
                .contains(&reply.scim_type),
            "{reply}"
        );
    }
    one::<User>("User", bytes, kind);
    one::<Group>("Group", bytes, kind);
    one::<Resource>("Resource", bytes, kind);
    one::<ListResponse<User>>("ListResponse", bytes, kind);
    one::<ListResponse<Resource>>("ListResponse<Resource>", bytes, kind);
    one::<ScimError>("ScimError", bytes, kind);
    one::<SearchRequest>("SearchRequest", bytes, kind);
    one::<PatchOp>("PatchOp", bytes, kind);
    one::<BulkRequest>("BulkRequest", bytes, kind);
    one::<Value>("Value", bytes, kind);
}

#[test]
fn json_100_000_deep_fails_to_decode_with_a_syntax_error() {
    let arrays = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let objects = format!("{}1{}", "{\"a\":".repeat(DEEP), "}".repeat(DEEP));
    let unclosed = "[".repeat(DEEP);
    for deep in [&arrays, &objects, &unclosed] {
        // Alone, and at each place a message can hold any JSON.
        let bodies = [
            deep.clone(),
            format!(r#"{{"userName": "bjensen", "x": {deep}}}"#),
            format!(r#"{{"userName": "bjensen", "name": {{"givenName": {deep}}}}}"#),
            format!(r#"{{"userName": "bjensen", "emails": [{{"value": {deep}}}]}}"#),
            format!(r#"{{"displayName": "g", "members": [{deep}]}}"#),
            format!(r#"{{"urn:example:ext": {{"x": {deep}}}, "userName": "b"}}"#),
            format!(r#"{{"totalResults": 1, "Resources": [{deep}]}}"#),
            format!(r#"{{"status": "400", "detail": {deep}}}"#),
            format!(r#"{{"filter": {deep}}}"#),
            format!(r#"{{"Operations": [{{"op": "add", "path": "x", "value": {deep}}}]}}"#),
            format!(
                r#"{{"Operations": [{{"method": "POST", "path": "/Users", "data": {deep}}}]}}"#
            ),
        ];
        for body in &bodies {
            each_type_rejects(body.as_bytes(), DecodeErrorKind::Syntax);
        }
    }
}

#[test]
fn json_just_within_the_recursion_limit_decodes() {
    // serde_json allows 128 levels; the user object is one of them.
    let depth = 126;
    let body = format!(
        r#"{{"userName": "bjensen", "x": {}{}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let user: User = scim_core::from_str(&body).unwrap();
    let back = serde_json::to_vec(&user).unwrap();
    assert_eq!(scim_core::from_slice::<User>(&back).unwrap(), user);
    let patch = format!(
        r#"{{"Operations": [{{"op": "add", "path": "x", "value": {}1{}}}]}}"#,
        r#"{"a":"#.repeat(124),
        "}".repeat(124)
    );
    let patch: PatchOp = scim_core::from_str(&patch).unwrap();
    let mut resource =
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b"});
    Patcher::core().apply(&mut resource, &patch).unwrap();
    assert!(resource["x"]["a"]["a"].is_object());
}

#[test]
fn million_element_arrays_decode() {
    let ints = format!("[{}0]", "0,".repeat(MILLION - 1));

    // Where any value goes: decodes, in linear time.
    let body = format!(r#"{{"userName": "bjensen", "x": {ints}}}"#);
    let user: User = timed("decode", || scim_core::from_str(&body)).unwrap();
    assert_eq!(user.extra["x"].as_array().unwrap().len(), MILLION);

    // Where objects must go: a data error naming the first bad element.
    let body = format!(r#"{{"userName": "bjensen", "emails": {ints}}}"#);
    let err = timed("decode", || scim_core::from_str::<User>(&body)).unwrap_err();
    assert_eq!(err.kind(), DecodeErrorKind::Data);
    assert_eq!(err.path(), "emails[0]");

    // A million PATCH operations: a data error at the first bad one.
    let body = format!(r#"{{"Operations": {ints}}}"#);
    let err = timed("decode", || scim_core::from_str::<PatchOp>(&body)).unwrap_err();
    assert_eq!(err.path(), "Operations[0]");
}

#[test]
fn a_million_members() {
    let mut text = String::from(
        r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "everyone", "members": ["#,
    );
    for i in 0..MILLION {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(r#"{{"value": "{i}"}}"#));
    }
    text.push_str("]}");
    let typed: Group = timed("decode group", || scim_core::from_str(&text)).unwrap();
    assert_eq!(typed.members.len(), MILLION);

    // Looked for by a filter, one removed by PATCH.
    let mut group: Value = serde_json::from_str(&text).unwrap();
    let f = Filter::parse(r#"members[value eq "999999"]"#).unwrap();
    assert!(timed("eval", || Evaluator::core().matches(&f, &group)).unwrap());
    let patch = PatchOp::new(vec![PatchOperation::remove(
        r#"members[value eq "500000"]"#,
    )]);
    timed("patch", || Patcher::core().apply(&mut group, &patch)).unwrap();
    assert_eq!(group["members"].as_array().unwrap().len(), MILLION - 1);
}

#[test]
fn huge_numbers_in_bodies() {
    let digits = "1".repeat(100);
    // Beyond f64: a syntax error, as serde_json reads numbers.
    for n in ["1e400", "-1e400", &format!("{digits}e300")] {
        for body in [
            format!(r#"{{"userName": "b", "x": {n}}}"#),
            format!(r#"{{"status": {n}}}"#),
            format!(r#"{{"totalResults": {n}}}"#),
            format!(r#"{{"startIndex": {n}}}"#),
            format!(r#"{{"Operations": [{{"op": "add", "path": "x", "value": {n}}}]}}"#),
        ] {
            let err = scim_core::from_str::<Value>(&body).unwrap_err();
            assert_eq!(err.kind(), DecodeErrorKind::Syntax, "{body}");
            assert!(scim_core::from_str::<User>(&body).is_err());
            assert!(scim_core::from_str::<SearchRequest>(&body).is_err());
            assert!(scim_core::from_str::<ScimError>(&body).is_err());
            assert!(scim_core::from_str::<PatchOp>(&body).is_err());
        }
    }
    // A 100-digit integer reads as a float where any value goes, and is an
    // error where an integer must go.
    let user: User =
        scim_core::from_str(&format!(r#"{{"userName": "b", "x": {digits}}}"#)).unwrap();
    assert!(user.extra["x"].is_f64());
    for body in [
        format!(r#"{{"status": {digits}}}"#),
        format!(r#"{{"status": "{digits}"}}"#),
    ] {
        assert!(scim_core::from_str::<ScimError>(&body).is_err(), "{body}");
    }
    for body in [
        format!(r#"{{"totalResults": {digits}}}"#),
        format!(r#"{{"startIndex": {digits}, "Resources": []}}"#),
        r#"{"itemsPerPage": 18446744073709551616}"#.to_owned(),
        r#"{"totalResults": -1}"#.to_owned(),
    ] {
        let err = scim_core::from_str::<ListResponse<User>>(&body).unwrap_err();
        assert_eq!(err.scim_type(), ScimType::InvalidValue, "{body}");
    }
    assert!(scim_core::from_str::<SearchRequest>(&format!(r#"{{"count": {digits}}}"#)).is_err());
    assert!(scim_core::from_str::<SearchRequest>(r#"{"startIndex": 1e300}"#).is_err());

    // And through PATCH and validation, as values.
    let mut resource =
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b"});
    let big: Value = serde_json::from_str(&digits).unwrap();
    let patch = PatchOp::new(vec![
        PatchOperation::add("x", big.clone()),
        PatchOperation::add("active", big),
    ]);
    let err = Patcher::core().apply(&mut resource, &patch).unwrap_err();
    assert_eq!(err.index(), 1);
    assert_eq!(err.scim_type(), ScimType::InvalidValue);
}

#[test]
fn invalid_utf8_bodies_fail_to_decode() {
    let bodies: [&[u8]; 6] = [
        b"{\"userName\": \"\xff\"}",
        b"{\"userName\": \"b\", \"x\xc3\": 1}",
        b"{\"userName\": \"\xed\xa0\x80\"}",
        b"\xef\xbb\xbf{\"userName\": \"b\"}",
        b"{\"Operations\": [{\"op\": \"add\", \"value\": \"\xc0\xaf\"}]}",
        b"\xfe\xff\x00{",
    ];
    for body in bodies {
        each_type_rejects(body, DecodeErrorKind::Syntax);
    }
    // A lone surrogate escape is valid JSON syntax but not a string.
    let err = scim_core::from_slice::<User>(br#"{"userName": "\ud800"}"#).unwrap_err();
    assert_eq!(err.scim_type(), ScimType::InvalidSyntax);
}

// ---- values nested in code: PATCH, diff, filters, validation -----------------

#[test]
fn patch_with_a_100_000_deep_value() {
    for deep in [
        nested_arrays(DEEP, json!(1)),
        nested_objects(DEEP, json!(1)),
    ] {
        for op in [
            PatchOperation::add("x", deep.0.clone_shallow()),
            PatchOperation::replace("x", deep.0.clone_shallow()),
            PatchOperation::add("emails", Value::Array(vec![deep.0.clone_shallow()])),
            PatchOperation::add("name", object("givenName", deep.0.clone_shallow())),
            PatchOperation::add_attributes(object("x", deep.0.clone_shallow())),
            PatchOperation::add("urn:example:ext:x", deep.0.clone_shallow()),
        ] {
            let patch = DeepPatch(PatchOp::new(vec![op]));
            let mut user = user_with("title", Deep(json!("t")));
            let before = user.0.clone();
            let err = timed("apply", || Patcher::core().apply(&mut user.0, &patch.0)).unwrap_err();
            assert_eq!(err.scim_type(), ScimType::InvalidValue, "{err}");
            assert_eq!(user.0, before);
        }
    }
}

#[test]
fn resources_100_000_deep_in_patch_diff_filters_and_validation() {
    for deep in [
        nested_arrays(DEEP, json!(1)),
        nested_objects(DEEP, json!(1)),
    ] {
        for attr in ["x", "emails", "name", "members"] {
            let mut user = user_with(attr, Deep(deep.0.clone_shallow()));
            let _ = timed("validate", || {
                Validator::new(SchemaRegistry::core_ref()).validate(&user.0)
            });
            for text in [
                "x eq 1",
                "x pr",
                "emails[value eq \"a\"]",
                "emails.value co \"a\"",
                "name.givenName sw \"a\"",
                "members[value pr]",
            ] {
                let f = Filter::parse(text).unwrap();
                let _ = timed("eval", || Evaluator::core().matches(&f, &user.0));
            }
            let d = timed("diff", || {
                diff(&user.0, &json!({"userName": "b"}), &DiffOptions::new())
            });
            assert!(!d.operations.is_empty());
            // Operations beside the deep attribute. (One that removed or
            // replaced it would drop it, and serde_json drops recursively.)
            for op in [
                PatchOperation::replace("userName", json!("b")),
                PatchOperation::add("title", json!("t")),
                PatchOperation::add("emails", json!([{"value": "c@example.com"}])),
                PatchOperation::remove(r#"emails[value eq "c@example.com"]"#),
                PatchOperation::replace_attributes(json!({"displayName": "B", "nickName": "b"})),
                PatchOperation::replace("x", json!(1)),
            ] {
                if attr == "emails" && op.path.as_deref().is_some_and(|p| p.starts_with("emails"))
                    || attr == "x" && op.path.as_deref() == Some("x")
                {
                    continue;
                }
                let patch = PatchOp::new(vec![op]);
                let _ = timed("apply", || Patcher::core().apply(&mut user.0, &patch));
            }
        }
        // `deep` itself also goes through a loop.
        drop(deep);
    }
}

/// A PATCH request whose values may nest deeper than the stack allows to
/// drop recursively.
struct DeepPatch(PatchOp);

impl Drop for DeepPatch {
    fn drop(&mut self) {
        for op in &mut self.0.operations {
            drop(Deep(op.value.take().unwrap_or_default()));
        }
    }
}

/// A cheap stand-in for `Value::clone` on deep values: the same nesting,
/// rebuilt with a loop.
trait CloneShallow {
    fn clone_shallow(&self) -> Value;
}

impl CloneShallow for Value {
    fn clone_shallow(&self) -> Value {
        // Walk down the single-child chain, then rebuild it bottom-up.
        let mut shape = Vec::new();
        let mut cur = self;
        loop {
            match cur {
                Value::Array(items) if items.len() == 1 => {
                    shape.push(None);
                    cur = &items[0];
                }
                Value::Object(map) if map.len() == 1 => {
                    let (k, v) = map.iter().next().unwrap();
                    shape.push(Some(k.clone()));
                    cur = v;
                }
                _ => break,
            }
        }
        assert!(!matches!(cur, Value::Array(_) | Value::Object(_)) || shape.len() < 64);
        let mut v = cur.clone();
        for key in shape.into_iter().rev() {
            v = match key {
                None => Value::Array(vec![v]),
                Some(k) => {
                    let mut map = Map::new();
                    map.insert(k, v);
                    Value::Object(map)
                }
            };
        }
        v
    }
}
