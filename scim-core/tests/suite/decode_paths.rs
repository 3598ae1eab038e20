//! Every way into the resource types reads the same: JSON bytes (the
//! usual HTTP body), JSON text, a reader, a `serde_json::Value`, and
//! scim-core's own entry points, with escapes, case variants and unusual
//! attribute names.

use scim_core::User;
use serde_json::Value;

/// The message of an error without its position: reading bytes, `serde_json`
/// may report a bad attribute name at its end rather than at the bad byte.
fn message(e: impl ToString) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Decodes `input` every way there is; all must agree.
fn decode_all(input: &[u8]) -> Result<User, String> {
    let from_slice = serde_json::from_slice::<User>(input).map_err(message);
    let from_reader = serde_json::from_reader::<_, User>(input).map_err(message);
    let core = scim_core::from_slice::<User>(input).map_err(message);
    // scim-core's own entry point reports what serde_json reports for
    // text; serde_json's `from_slice` may word a malformed name otherwise.
    // (scim-core puts the attribute path in front.)
    let same = |a: &Result<User, String>, b: &Result<User, String>| match (a, b) {
        (Ok(a), Ok(b)) => a == b,
        (Err(a), Err(b)) => a.ends_with(b.as_str()),
        _ => false,
    };
    assert!(
        same(&core, &from_reader),
        "{core:?} / reader: {from_reader:?}"
    );
    assert_eq!(
        from_slice.is_ok(),
        core.is_ok(),
        "from_slice: {from_slice:?}"
    );
    if let Ok(text) = std::str::from_utf8(input) {
        let from_str = serde_json::from_str::<User>(text).map_err(message);
        assert!(same(&core, &from_str), "{core:?} / from_str: {from_str:?}");
    }
    if let Ok(user) = &from_slice {
        assert_eq!(Ok(user), core.as_ref(), "from_slice");
        // A `Value` cannot hold what fails above (duplicate keys, bad text).
        let value: Value = serde_json::from_slice(input).unwrap();
        assert_eq!(
            user,
            &scim_core::from_value::<User>(value).unwrap(),
            "from_value"
        );
    }
    core
}

#[test]
fn escaped_names_match_like_plain_ones() {
    let plain = decode_all(br#"{"userName": "a", "name": {"givenName": "b"}, "x-v": 1}"#).unwrap();
    for input in [
        &br#"{"user\u004eame": "a", "name": {"\u0067ivenName": "b"}, "x\u002dv": 1}"#[..],
        br#"{"USER\u004EAME": "a", "N\u0041ME": {"givenname": "b"}, "x-v": 1}"#,
        br#"{"userName": "a", "name": {"given\u004eame": "b"}, "x\u002Dv": 1}"#,
    ] {
        assert_eq!(
            decode_all(input).unwrap(),
            plain,
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn unusual_names_are_kept_as_written() {
    let cases: &[(&[u8], &str)] = &[
        (
            "{\"userName\": \"a\", \"na\u{ef}ve\": 1}".as_bytes(),
            "na\u{ef}ve",
        ),
        (br#"{"userName": "a", "na\u00efve": 1}"#, "na\u{ef}ve"),
        // Differs from `userName` only in a non-ASCII letter.
        (br#"{"userName": "a", "userN\u00e1me": 1}"#, "userN\u{e1}me"),
        (br#"{"userName": "a", "line\nbreak": 1}"#, "line\nbreak"),
        (br#"{"userName": "a", "tab\u0009": 1}"#, "tab\t"),
        (
            br#"{"userName": "a", "emoji\ud83d\ude00": 1}"#,
            "emoji\u{1f600}",
        ),
        (br#"{"userName": "a", "": 1}"#, ""),
        (br#"{"userName": "a", "userName ": 1}"#, "userName "),
    ];
    for (input, key) in cases {
        let user = decode_all(input).unwrap();
        assert_eq!(user.user_name, "a");
        assert_eq!(user.extra.get(*key), Some(&Value::from(1)), "{key:?}");
        assert_eq!(user.extra.len(), 1);
    }
}

#[test]
fn malformed_names_are_rejected_every_way() {
    for input in [
        // Not UTF-8.
        &b"{\"userName\": \"a\", \"\xff\": 1}"[..],
        b"{\"userName\": \"a\", \"ab\xc3\": 1}",
        b"{\"userName\": \"a\", \"name\": {\"x\xe2\x82\": 1}}",
        // Raw control characters.
        b"{\"userName\": \"a\", \"a\x01b\": 1}",
        b"{\"userName\": \"a\", \"emails\": [{\"v\nx\": 1}]}",
        // Lone surrogates, bad escapes.
        br#"{"userName": "a", "\ud800": 1}"#,
        br#"{"userName": "a", "x\udc00": 1}"#,
        br#"{"userName": "a", "\ud800\u0041": 1}"#,
        br#"{"userName": "a", "\q": 1}"#,
        br#"{"userName": "a", "\u12": 1}"#,
        // Unterminated.
        br#"{"userName": "a", "abc"#,
        br#"{"user"#,
    ] {
        let err = decode_all(input).unwrap_err();
        assert!(!err.is_empty(), "{}", String::from_utf8_lossy(input));
    }
}

#[test]
fn wrong_keys_give_the_same_messages_from_bytes_and_text() {
    // Duplicates and missing attributes are found the same way whatever
    // the key path.
    for (input, message) in [
        (
            &br#"{"userName": "a", "USERNAME": "b"}"#[..],
            "duplicate field `userName`",
        ),
        (
            br#"{"userN\u0061me": "a", "userName": "b"}"#,
            "duplicate field `userName`",
        ),
        (
            br#"{"x": 1, "x": 2, "userName": "a"}"#,
            "duplicate attribute `x`",
        ),
        (
            br#"{"name": {"givenName": "a"}}"#,
            "missing field `userName`",
        ),
    ] {
        let err = decode_all(input).unwrap_err();
        assert!(err.contains(message), "{err}");
    }
}
