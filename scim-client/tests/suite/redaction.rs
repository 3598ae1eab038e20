//! The credential never shows: not in Debug, Display, errors or traces.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use scim_client::{Auth, Client, ListQuery};
use serde_json::json;

use crate::support::{BASE, block_on, empty, json, recording, scim_error};

const SECRET: &str = "sk_live_SECRET_7c1d";

fn assert_hidden(text: &str) {
    assert!(!text.contains(SECRET), "credential leaked: {text}");
    assert!(!text.contains("SECRET"), "credential leaked: {text}");
}

#[test]
fn auth_client_and_builder_debug_and_display() {
    for auth in [
        Auth::bearer(SECRET).unwrap(),
        Auth::authorization(format!("Basic {SECRET}")).unwrap(),
        Auth::basic("svc", SECRET).unwrap(),
    ] {
        assert_hidden(&format!("{auth:?} {auth:#?} {auth}"));
        let builder = Client::builder(BASE.parse().unwrap()).auth(auth.clone());
        assert_hidden(&format!("{builder:?} {builder:#?}"));
        let (t, _) = recording(|_| Ok(empty(204)));
        let client = builder.build(t).unwrap();
        assert_hidden(&format!("{client:?} {client:#?}"));
        assert_hidden(&format!("{:?}", client.auth()));
    }
}

#[test]
fn the_request_a_transport_sees_prints_no_credential() {
    let printed = Arc::new(Mutex::new(String::new()));
    let p = printed.clone();
    let (t, _) = recording(move |req| {
        write!(p.lock().unwrap(), "{req:?} {:?}", req.headers()).unwrap();
        Ok(json(200, json!({"userName": "a"})))
    });
    let client = Client::builder(BASE.parse().unwrap())
        .auth(Auth::bearer(SECRET).unwrap())
        .build(t)
        .unwrap();
    block_on(client.users().get("1")).unwrap();
    let printed = printed.lock().unwrap();
    assert!(printed.contains("Sensitive"), "{printed}");
    assert_hidden(&printed);
}

#[test]
fn errors_print_no_credential() {
    let responses = [
        scim_error(401, None, "invalid token"),
        http::Response::builder()
            .status(403)
            .header("content-type", "text/html")
            .body(b"<h1>Forbidden</h1>".to_vec())
            .unwrap(),
        json(200, json!({"userName": 42})),
        http::Response::builder()
            .status(200)
            .header("content-type", "text/plain")
            .body(b"hello".to_vec())
            .unwrap(),
    ];
    for response in responses {
        let r = Mutex::new(Some(response));
        let (t, _) = recording(move |_| Ok(r.lock().unwrap().take().unwrap()));
        let client = Client::builder(BASE.parse().unwrap())
            .auth(Auth::bearer(SECRET).unwrap())
            .build(t)
            .unwrap();
        let err = block_on(client.users().get("1")).unwrap_err();
        let mut text = format!("{err} {err:?} {err:#?}");
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            write!(text, " {s} {s:?}").unwrap();
            source = s.source();
        }
        assert_hidden(&text);
    }
    // A transport error, and an invalid credential.
    let (t, _) = recording(|_| Err(std::io::Error::other("connection reset")));
    let client = Client::builder(BASE.parse().unwrap())
        .auth(Auth::bearer(SECRET).unwrap())
        .retry(scim_client::RetryPolicy::none())
        .build(t)
        .unwrap();
    let err = block_on(client.users().list(&ListQuery::new())).unwrap_err();
    assert_hidden(&format!("{err} {err:?}"));
    let bad = Auth::bearer(format!("{SECRET}\n")).map(|_| ());
    assert!(bad.is_ok(), "a trailing line break is trimmed");
    let bad = Auth::bearer(format!("{SECRET}\nX: y")).unwrap_err();
    assert_hidden(&format!("{bad} {bad:?}"));
}

#[test]
fn rotation_reaches_a_live_client() {
    let (t, log) = recording(|_| Ok(json(200, json!({"userName": "a"}))));
    let auth = Auth::bearer("first").unwrap();
    let client = Client::builder(BASE.parse().unwrap())
        .auth(auth.clone())
        .build(t)
        .unwrap();
    block_on(client.users().get("1")).unwrap();
    auth.set_bearer("second").unwrap();
    block_on(client.users().get("1")).unwrap();
    client.auth().set_authorization("SSWS third").unwrap();
    block_on(client.users().get("1")).unwrap();
    auth.clear();
    block_on(client.users().get("1")).unwrap();
    let got: Vec<Option<String>> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            r.headers()
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        got,
        [
            Some("Bearer first".to_owned()),
            Some("Bearer second".to_owned()),
            Some("SSWS third".to_owned()),
            None
        ]
    );
}

/// A subscriber that writes every span and event field into a string.
struct Capture(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        write!(self.0, " {}={value:?}", field.name()).unwrap();
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut out = self.0.lock().unwrap();
        write!(out, "\nspan {}", span.metadata().name()).unwrap();
        span.record(&mut Fields(&mut out));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut out = self.0.lock().unwrap();
        out.push_str("\nevent");
        event.record(&mut Fields(&mut out));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn traces_have_method_type_status_attempt_and_no_credential() {
    let calls = Mutex::new(0);
    let (t, _) = recording(move |_| {
        let mut n = calls.lock().unwrap();
        *n += 1;
        Ok(if *n == 1 {
            scim_error(503, None, "busy")
        } else {
            json(200, json!({"userName": "a"}))
        })
    });
    let (client, _) = crate::support::client(t);
    client.auth().set_bearer(SECRET).unwrap();
    let out = Arc::new(Mutex::new(String::new()));
    tracing::subscriber::with_default(Capture(out.clone()), || {
        block_on(client.users().get("42")).unwrap();
    });
    let out = out.lock().unwrap();
    assert_hidden(&out);
    for needle in [
        "span scim_request",
        "method=GET",
        "resource_type=\"Users\"",
        "path=\"/v2/Users/42\"",
        "attempt=1",
        "status=503",
        "attempt=2",
        "status=200",
    ] {
        assert!(out.contains(needle), "{needle} missing from {out}");
    }
}

#[test]
fn a_credential_the_server_echoes_stays_out_of_traces() {
    let calls = Mutex::new(0);
    let (t, _) = recording(move |_| {
        let mut n = calls.lock().unwrap();
        *n += 1;
        Ok(if *n == 1 {
            // Retried (a GET after 503), so the error is traced.
            scim_error(503, None, &format!("busy; token {SECRET} noted"))
        } else {
            scim_error(401, None, &format!("token Bearer {SECRET} revoked"))
        })
    });
    let (client, _) = crate::support::client(t);
    client.auth().set_bearer(SECRET).unwrap();
    let out = Arc::new(Mutex::new(String::new()));
    let err = tracing::subscriber::with_default(Capture(out.clone()), || {
        block_on(client.users().get("42")).unwrap_err()
    });
    let out = out.lock().unwrap();
    assert!(out.contains("retrying SCIM request"), "{out}");
    assert!(out.contains("<redacted>"), "{out}");
    assert_hidden(&out);
    assert_hidden(&format!("{err} {err:?}"));
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
}
