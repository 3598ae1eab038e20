//! Hostile responses for the client and hostile requests for the in-memory
//! provider: megabyte bodies and filters, 100 000-deep JSON, million
//! element arrays, numbers out of range, invalid UTF-8. Each gives a typed
//! error or a result, quickly, on the default test thread: never a panic
//! or a stack overflow.

use std::time::{Duration, Instant};

use scim_client::memory::MemoryProvider;
use scim_client::transport::{HttpRequest, HttpResponse};
use scim_client::{Client, Error, ListQuery, MAX_ERROR_BODY, RetryPolicy};
use scim_core::{Filter, ScimType, User};
use serde_json::{Value, json};

const MB: usize = 1 << 20;
const DEEP: usize = 100_000;
const MILLION: usize = 1_000_000;
const BASE: &str = "https://scim.example.com/v2";

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

fn response(status: u16, content_type: Option<&str>, body: &[u8]) -> HttpResponse {
    let mut b = http::Response::builder().status(status);
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    b.body(body.to_vec()).unwrap()
}

/// Runs a get, a list and a create against a server answering `canned`.
fn each_operation(canned: HttpResponse) -> Vec<Result<String, Error>> {
    let transport = move |_req: HttpRequest| {
        let r = canned.clone();
        async move { Ok::<_, std::convert::Infallible>(r) }
    };
    let client = Client::builder(BASE.parse().unwrap())
        .retry(RetryPolicy::none())
        .build(transport)
        .unwrap();
    pollster::block_on(async {
        let users = client.users();
        vec![
            users.get("1").await.map(|u| format!("{u:?}")),
            users
                .list(&ListQuery::new())
                .await
                .map(|l| format!("{l:?}")),
            users
                .create(&User::new("bjensen"))
                .await
                .map(|u| format!("{u:?}")),
            client
                .service_provider_config()
                .await
                .map(|c| format!("{c:?}")),
        ]
    })
}

/// Every operation fails with a decoding error on a 2xx response, and the
/// error keeps at most [`MAX_ERROR_BODY`] bytes of the body.
fn each_operation_fails_to_decode(status: u16, body: &[u8]) {
    let outcomes = timed("operations", || {
        each_operation(response(status, Some("application/scim+json"), body))
    });
    for outcome in outcomes {
        let err = outcome.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err}");
        assert!(
            err.body().is_some_and(|b| b.len() <= MAX_ERROR_BODY),
            "{err}"
        );
        let _ = (err.to_string(), format!("{err:?}"));
    }
}

#[test]
fn megabyte_responses() {
    let garbage = "x".repeat(MB);
    each_operation_fails_to_decode(200, garbage.as_bytes());
    let long_name = format!(r#"{{"userName": "{}", "Resources": []}}"#, "x".repeat(MB));
    let outcomes = timed("operations", || {
        each_operation(response(
            200,
            Some("application/scim+json"),
            long_name.as_bytes(),
        ))
    });
    assert!(outcomes[0].as_ref().is_ok_and(|u| u.len() > MB));
    // An error body of a megabyte: kept to its first bytes.
    for ct in [Some("application/scim+json"), Some("text/html"), None] {
        for outcome in each_operation(response(500, ct, garbage.as_bytes())) {
            let err = outcome.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
            assert!(
                err.body().is_some_and(|b| b.len() <= MAX_ERROR_BODY),
                "{err}"
            );
            assert!(err.to_string().len() < 2 * MAX_ERROR_BODY);
        }
    }
}

#[test]
fn deep_json_responses() {
    let arrays = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let in_user = format!(r#"{{"userName": "b", "x": {arrays}}}"#);
    let in_list =
        format!(r#"{{"totalResults": 1, "Resources": [{{"userName": "b", "x": {arrays}}}]}}"#);
    for body in [&arrays, &in_user, &in_list] {
        each_operation_fails_to_decode(200, body.as_bytes());
    }
    // As an error body: not a SCIM error, a plain status error.
    let in_error = format!(r#"{{"status": "400", "detail": {arrays}}}"#);
    for outcome in each_operation(response(
        400,
        Some("application/scim+json"),
        in_error.as_bytes(),
    )) {
        let err = outcome.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    }
}

#[test]
fn million_element_responses() {
    let ints = format!("[{}0]", "0,".repeat(MILLION - 1));
    let list = format!(r#"{{"totalResults": {MILLION}, "Resources": {ints}}}"#);
    let outcomes = timed("operations", || {
        each_operation(response(
            200,
            Some("application/scim+json"),
            list.as_bytes(),
        ))
    });
    assert!(
        matches!(outcomes[1], Err(Error::Decode { .. })),
        "{:?}",
        outcomes[1]
    );
    let user = format!(r#"{{"userName": "b", "x": {ints}}}"#);
    let outcomes = timed("operations", || {
        each_operation(response(
            200,
            Some("application/scim+json"),
            user.as_bytes(),
        ))
    });
    assert!(outcomes[0].is_ok());
}

#[test]
fn huge_numbers_in_responses() {
    let digits = "9".repeat(100);
    for body in [
        r#"{"totalResults": 1e400, "Resources": []}"#.to_owned(),
        format!(r#"{{"totalResults": {digits}, "Resources": []}}"#),
        format!(r#"{{"startIndex": {digits}, "itemsPerPage": -1, "Resources": []}}"#),
        r#"{"userName": "b", "x": 1e400}"#.to_owned(),
    ] {
        for outcome in each_operation(response(
            200,
            Some("application/scim+json"),
            body.as_bytes(),
        )) {
            if let Err(e) = outcome {
                assert!(matches!(e, Error::Decode { .. }), "{e}");
            }
        }
    }
    // An error with a status out of range is still an error.
    for status in [digits.as_str(), "1e400", "\"99999999999999999999\"", "-1"] {
        let body = format!(
            r#"{{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": {status}, "detail": "no"}}"#
        );
        for outcome in each_operation(response(
            409,
            Some("application/scim+json"),
            body.as_bytes(),
        )) {
            let err = outcome.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err}");
        }
    }
}

#[test]
fn invalid_utf8_in_responses() {
    let bodies: [&[u8]; 4] = [
        b"{\"userName\": \"\xff\"}",
        b"{\"totalResults\": 1, \"Resources\": [{\"userName\": \"\xc0\xaf\"}]}",
        b"\xff\xfe{}",
        b"{\"userName\": \"b\", \"\xed\xa0\x80\": 1}",
    ];
    for body in bodies {
        each_operation_fails_to_decode(200, body);
        for outcome in each_operation(response(400, Some("application/scim+json"), body)) {
            let err = outcome.unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
            let _ = err.to_string();
        }
    }
    // Header values with bytes that are not UTF-8 (allowed by HTTP as
    // obs-text) are ignored, not trusted.
    let canned = http::Response::builder()
        .status(201)
        .header("content-type", "application/scim+json")
        .header(
            "location",
            http::HeaderValue::from_bytes(b"https://x/\xff").unwrap(),
        )
        .header(
            "etag",
            http::HeaderValue::from_bytes(b"W/\"\xfe\"").unwrap(),
        )
        .header(
            "retry-after",
            http::HeaderValue::from_bytes(b"\xff").unwrap(),
        )
        .body(br#"{"id": "1", "userName": "bjensen"}"#.to_vec())
        .unwrap();
    let outcomes = each_operation(canned);
    assert!(outcomes[2].is_ok(), "{:?}", outcomes[2]);
}

// ---- the in-memory provider -------------------------------------------------

fn provider() -> MemoryProvider {
    MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .build()
}

/// Sends a raw request; returns the status and the `scimType` of the body.
fn send(p: &MemoryProvider, method: &str, path: &str, body: Vec<u8>) -> (u16, Option<String>) {
    let req = http::Request::builder()
        .method(method)
        .uri(format!("{BASE}{path}"))
        .header("content-type", "application/scim+json")
        .body(body)
        .unwrap();
    let resp = timed(path, || p.handle(req)).unwrap();
    let body: Value = serde_json::from_slice(resp.body()).unwrap_or(Value::Null);
    let scim_type = body
        .get("scimType")
        .and_then(Value::as_str)
        .map(str::to_owned);
    (resp.status().as_u16(), scim_type)
}

fn seeded() -> (MemoryProvider, String) {
    let p = provider();
    let body = serde_json::to_vec(&json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "bjensen"
    }))
    .unwrap();
    let req = http::Request::post(format!("{BASE}/Users"))
        .body(body)
        .unwrap();
    let resp = p.handle(req).unwrap();
    assert_eq!(resp.status(), 201);
    let created: Value = serde_json::from_slice(resp.body()).unwrap();
    (p, created["id"].as_str().unwrap().to_owned())
}

/// Each body sent as a POST, a PUT and a PATCH is refused with 400 and
/// `scimType`, and the store is unchanged.
fn each_write_refuses(body: &[u8]) {
    let (p, id) = seeded();
    let before = p.snapshot();
    for (method, path) in [
        ("POST", "/Users".to_owned()),
        ("PUT", format!("/Users/{id}")),
        ("PATCH", format!("/Users/{id}")),
        ("POST", "/Users/.search".to_owned()),
        ("POST", "/Bulk".to_owned()),
    ] {
        let (status, scim_type) = send(&p, method, &path, body.to_vec());
        // 501 where the provider does not implement PATCH.
        assert!(
            status == 400 || status == 413 || (method == "PATCH" && status == 501),
            "{method} {path}: {status} {scim_type:?}"
        );
        if status == 400 {
            assert!(
                matches!(scim_type.as_deref(), Some("invalidSyntax" | "invalidValue")),
                "{method} {path}: {scim_type:?}"
            );
        }
    }
    assert_eq!(p.snapshot(), before);
}

#[test]
fn provider_refuses_hostile_bodies() {
    let arrays = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let deep_user = format!(
        r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b", "x": {arrays}}}"#
    );
    let deep_patch = format!(
        r#"{{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{{"op": "add", "path": "x", "value": {arrays}}}]}}"#
    );
    let ints = format!("[{}0]", "0,".repeat(MILLION - 1));
    let million = format!(
        r#"{{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b", "emails": {ints}, "Operations": {ints}, "filter": {ints}}}"#
    );
    let huge = r#"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "b", "x": 1e400}"#;
    let bodies: [&[u8]; 8] = [
        deep_user.as_bytes(),
        deep_patch.as_bytes(),
        million.as_bytes(),
        huge.as_bytes(),
        b"{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"\xff\"}",
        b"\xff\xfe",
        b"{\"userName\": \"\xed\xa0\x80\"}",
        &[b'['; MB],
    ];
    for body in bodies {
        each_write_refuses(body);
    }
}

#[test]
fn provider_refuses_megabyte_filters() {
    let (p, _) = seeded();
    // A URI holds at most 64 KiB (the `http` crate's limit): a filter in
    // the query is as long as that allows.
    for filter in [
        "(".repeat(20_000),
        format!(r#"userName eq "{}""#, "x".repeat(20_000)),
    ] {
        let query = percent_encode(&filter);
        let (status, scim_type) = send(&p, "GET", &format!("/Users?filter={query}"), Vec::new());
        if filter.starts_with('(') {
            assert_eq!((status, scim_type.as_deref()), (400, Some("invalidFilter")));
        } else {
            assert_eq!(status, 200);
        }
    }
    for filter in [
        format!(r#"userName eq "{}""#, "x".repeat(MB)),
        "(".repeat(MB),
        "userName pr or ".repeat(MB / 15) + "userName pr",
    ] {
        let body = serde_json::to_vec(&json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": filter
        }))
        .unwrap();
        // Refused as too large a body, or as too long a filter.
        let (status, scim_type) = send(&p, "POST", "/Users/.search", body);
        assert!(
            status == 413 || (status, scim_type.as_deref()) == (400, Some("invalidFilter")),
            "{status} {scim_type:?}"
        );
    }
    // The provider's own filters are limited the same way as the parser's.
    assert!(Filter::parse(&"a".repeat(MB)).is_err());
    // And a deeply nested PATCH value that decodes is applied or refused.
    let (p, id) = seeded();
    let value = format!("{}1{}", r#"{"a":"#.repeat(120), "}".repeat(120));
    let body = format!(
        r#"{{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{{"op": "add", "path": "x", "value": {value}}}]}}"#
    );
    let (status, _) = send(&p, "PATCH", &format!("/Users/{id}"), body.into_bytes());
    assert!([200, 204, 400, 501].contains(&status), "{status}");
    assert!(ScimType::InvalidValue.status() == 400);
}

/// Percent-encodes every byte outside the unreserved set.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
