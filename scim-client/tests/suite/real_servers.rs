//! Responses as real service providers send them, and cases from RFC 7644,
//! replayed through a canned transport.

use std::sync::Mutex;

use scim_client::{Auth, Client, ListQuery};
use scim_core::{BulkMethod, BulkOperation, BulkRequest};
use serde_json::json;

use crate::support::{BASE, block_on, client, json, recording};

fn raw(status: u16, content_type: Option<&str>, body: &str) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    if let Some(ct) = content_type {
        b = b.header("content-type", ct);
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn list_numbers_written_as_strings() {
    let (t, _) = recording(|_| {
        Ok(raw(
            200,
            Some("application/json"),
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":"2","itemsPerPage":"2","startIndex":"1","Resources":[{"id":"a","userName":"a"},{"id":"b","userName":"b"}]}"#,
        ))
    });
    let (c, _) = client(t);
    let page = block_on(c.users().list(&ListQuery::new())).unwrap();
    assert_eq!(page.total_results, Some(2));
    assert_eq!(page.items_per_page, Some(2));
    assert_eq!(page.start_index, Some(1));
}

const SECRET: &str = "sk_live_SECRET_7c1d";

#[test]
fn an_echoed_credential_is_redacted_from_errors() {
    let bodies = [
        (
            401,
            Some("application/scim+json"),
            format!(
                r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token {SECRET} is expired"}}"#
            ),
        ),
        (
            401,
            Some("text/plain"),
            format!("invalid bearer token: Bearer {SECRET}"),
        ),
        (
            403,
            Some("application/json"),
            format!(r#"{{"error":"forbidden","token":"{SECRET}"}}"#),
        ),
    ];
    for (status, ct, body) in bodies {
        let r = Mutex::new(Some(raw(status, ct, &body)));
        let (t, _) = recording(move |_| Ok(r.lock().unwrap().take().unwrap()));
        let c = Client::builder(BASE.parse().unwrap())
            .auth(Auth::bearer(SECRET).unwrap())
            .build(t)
            .unwrap();
        let err = block_on(c.users().get("1")).unwrap_err();
        let text = format!(
            "{err} {err:?} {:?}",
            err.body().map(String::from_utf8_lossy)
        );
        assert!(!text.contains(SECRET), "{text}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    }
}

#[test]
fn scim_1_1_error_bodies() {
    for body in [
        r#"{"Errors":[{"description":"User not found","code":"404"}]}"#,
        r#"{"Errors":{"description":"User not found","code":404}}"#,
    ] {
        let r = Mutex::new(Some(raw(404, Some("application/json"), body)));
        let (t, _) = recording(move |_| Ok(r.lock().unwrap().take().unwrap()));
        let (c, _) = client(t);
        let err = block_on(c.users().get("1")).unwrap_err();
        assert!(err.is_not_found());
        assert_eq!(
            err.scim_error().and_then(|e| e.detail.as_deref()),
            Some("User not found"),
            "{body}: {err:?}"
        );
    }
}

#[test]
fn bulk_status_as_an_object() {
    let (t, _) = recording(|_| {
        Ok(json(
            200,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
                "Operations": [
                    {"location": "https://example.com/v1/Users/92b725cd", "method": "POST", "bulkId": "qwerty", "version": "W/\"4weymrEsh5O6cAEK\"", "status": {"code": "201"}},
                    {"method": "POST", "bulkId": "x", "status": {"code": 400, "description": "bad"}}
                ]
            }),
        ))
    });
    let (c, _) = client(t);
    let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
    op.bulk_id = Some("qwerty".into());
    let resp = block_on(c.bulk(&BulkRequest::new(vec![op]))).unwrap();
    assert_eq!(resp.operations[0].status.code(), 201);
    assert_eq!(resp.operations[1].status.code(), 400);
}

#[test]
fn a_server_ignoring_count_and_start_index_returns_everything_once() {
    let all: Vec<_> = (0..25)
        .map(|i| json!({"id": format!("u{i}"), "userName": format!("u{i}")}))
        .collect();
    let (t, log) = recording(move |_| {
        Ok(json(
            200,
            json!({"totalResults": 25, "startIndex": 1, "itemsPerPage": 25, "Resources": all}),
        ))
    });
    let (c, _) = client(t);
    let got = block_on(c.users().pages(ListQuery::new().count(10)).try_collect()).unwrap();
    assert_eq!(got.len(), 25);
    assert!(log.lock().unwrap().len() <= 2);
}
