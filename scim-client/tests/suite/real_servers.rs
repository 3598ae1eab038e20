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

#[test]
fn a_base_url_with_a_path_and_a_tenant_query() {
    let (t, log) = recording(|req| {
        Ok(if req.method() == http::Method::DELETE {
            raw(204, None, "")
        } else if req.uri().path().ends_with("/Users") && req.method() == http::Method::GET {
            json(200, json!({"totalResults": 0}))
        } else {
            json(201, json!({"id": "a/b", "userName": "x"}))
        })
    });
    let c = Client::builder(
        "https://h.example/scim/v2/?tenant=a%20b&x=1"
            .parse()
            .unwrap(),
    )
    .query_param("Users", "extra", "1+1")
    .build(t)
    .unwrap();
    block_on(c.users().create(&scim_core::User::new("x"))).unwrap();
    block_on(c.users().get("a/b ?#%é")).unwrap();
    block_on(c.users().delete("a/b")).unwrap();
    block_on(
        c.users().list(
            &ListQuery::new()
                .filter(r#"userName eq "a&b=c+d""#)
                .cursor("a+b/c=="),
        ),
    )
    .unwrap();
    block_on(c.users().search(&scim_core::SearchRequest::new())).unwrap();
    let uris: Vec<String> = log
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.uri().to_string())
        .collect();
    assert_eq!(
        uris,
        [
            "https://h.example/scim/v2/Users?tenant=a%20b&x=1",
            "https://h.example/scim/v2/Users/a%2Fb%20%3F%23%25%C3%A9?tenant=a%20b&x=1",
            "https://h.example/scim/v2/Users/a%2Fb?tenant=a%20b&x=1",
            "https://h.example/scim/v2/Users?tenant=a%20b&x=1&filter=userName%20eq%20%22a%26b%3Dc%2Bd%22&cursor=a%2Bb%2Fc%3D%3D&extra=1%2B1",
            "https://h.example/scim/v2/Users/.search?tenant=a%20b&x=1&extra=1%2B1",
        ]
    );
}

#[test]
fn versions_and_locations_as_servers_send_them() {
    type Case = (
        Option<&'static str>,
        Option<&'static str>,
        serde_json::Value,
        Option<&'static str>,
        Option<&'static str>,
    );
    // (Location, ETag, body meta) -> (location, version)
    let cases: Vec<Case> = vec![
        (
            Some("https://h.example/scim/v2/Users/1"),
            Some("W/\"3\""),
            json!({}),
            Some("https://h.example/scim/v2/Users/1"),
            Some("W/\"3\""),
        ),
        (
            Some("/scim/v2/Users/1"),
            Some("\"abc\""),
            json!({}),
            Some("https://h.example/scim/v2/Users/1"),
            Some("\"abc\""),
        ),
        (
            None,
            None,
            json!({"meta": {"location": "/scim/v2/Users/2", "version": "W/\"9\""}}),
            Some("https://h.example/scim/v2/Users/2"),
            Some("W/\"9\""),
        ),
        (None, None, json!({}), None, None),
    ];
    for (loc, etag, meta, want_loc, want_version) in cases {
        let mut body = json!({"id": "1", "userName": "u"});
        for (k, v) in meta.as_object().unwrap() {
            body[k] = v.clone();
        }
        let mut r = json(200, body);
        if let Some(l) = loc {
            r.headers_mut().insert("location", l.parse().unwrap());
        }
        if let Some(e) = etag {
            r.headers_mut().insert("etag", e.parse().unwrap());
        }
        let r = Mutex::new(Some(r));
        let (t, _) = recording(move |_| Ok(r.lock().unwrap().take().unwrap()));
        let c = Client::builder("https://h.example/scim/v2".parse().unwrap())
            .build(t)
            .unwrap();
        let got = block_on(c.users().create(&scim_core::User::new("u"))).unwrap();
        assert_eq!(got.location.as_ref().map(url::Url::as_str), want_loc);
        assert_eq!(got.version.as_deref(), want_version);
    }
}

/// A server paging by 1-based index over a list that loses its first
/// `deleted` resources after the first page (another client deleting them,
/// or the caller deleting what it read).
fn shrinking_server(
    n: usize,
    cap: usize,
    deleted: impl Fn(usize) -> usize + Send + Sync + 'static,
) -> (
    impl scim_client::transport::Transport<Error = std::io::Error> + Clone,
    crate::support::Log,
) {
    let calls = Mutex::new(0usize);
    recording(move |req| {
        let mut calls = calls.lock().unwrap();
        *calls += 1;
        let skip = deleted(*calls).min(n);
        let all: Vec<_> = (skip..n)
            .map(|i| json!({"id": format!("u{i:02}"), "userName": format!("u{i}")}))
            .collect();
        let start: usize =
            crate::support::param(req, "startIndex").map_or(1, |s| s.parse().unwrap());
        let count: usize = crate::support::param(req, "count")
            .unwrap()
            .parse()
            .unwrap();
        let page: Vec<_> = all
            .iter()
            .skip(start.max(1) - 1)
            .take(count.min(cap))
            .cloned()
            .collect();
        Ok(json(
            200,
            json!({"totalResults": all.len(), "startIndex": start, "itemsPerPage": page.len(), "Resources": page}),
        ))
    })
}

#[test]
fn resources_deleted_while_paging_do_not_make_others_skipped() {
    // (deleted after the first page, the server's page-size cap)
    for (deleted, cap) in [(1, 99), (2, 99), (3, 99), (7, 99), (2, 3), (5, 3), (3, 1)] {
        let (t, log) = shrinking_server(25, cap, move |call| if call > 1 { deleted } else { 0 });
        let (c, _) = client(t);
        let mut got: Vec<String> =
            block_on(c.users().pages(ListQuery::new().count(10)).try_collect())
                .unwrap()
                .into_iter()
                .map(|u| u.id.unwrap())
                .collect();
        // A resource found again after the shift comes later than in the
        // server's order; each comes once.
        got.sort();
        // The first page's resources, then every one not deleted.
        let first = cap.min(10);
        let want: Vec<String> = (0..25)
            .filter(|&i| i < first || i >= deleted)
            .map(|i| format!("u{i:02}"))
            .collect();
        assert_eq!(got, want, "{deleted} deleted, cap {cap}");
        let requests = log.lock().unwrap().len();
        assert!(
            requests <= 25 / cap.min(10) + 6,
            "{deleted} deleted, cap {cap}: {requests} requests"
        );
    }
}

#[test]
fn deleting_each_page_as_it_is_read_skips_nothing() {
    // The caller deletes every resource it has read before asking for the
    // next page: the list moves up by a page between requests.
    let live = Mutex::new((0..45).map(|i| format!("u{i:02}")).collect::<Vec<_>>());
    let returned = Mutex::new(Vec::<String>::new());
    let (t, log) = recording(move |req| {
        let mut live = live.lock().unwrap();
        let mut returned = returned.lock().unwrap();
        live.retain(|id| !returned.contains(id));
        let start: usize =
            crate::support::param(req, "startIndex").map_or(1, |s| s.parse().unwrap());
        let count: usize = crate::support::param(req, "count")
            .unwrap()
            .parse()
            .unwrap();
        let page: Vec<String> = live
            .iter()
            .skip(start.max(1) - 1)
            .take(count)
            .cloned()
            .collect();
        returned.extend(page.iter().cloned());
        let resources: Vec<_> = page
            .iter()
            .map(|id| json!({"id": id, "userName": id}))
            .collect();
        Ok(json(
            200,
            json!({"totalResults": live.len(), "startIndex": start, "Resources": resources}),
        ))
    });
    let (c, _) = client(t);
    let mut got: Vec<String> = block_on(c.users().pages(ListQuery::new().count(10)).try_collect())
        .unwrap()
        .into_iter()
        .map(|u| u.id.unwrap())
        .collect();
    got.sort();
    let want: Vec<String> = (0..45).map(|i| format!("u{i:02}")).collect();
    assert_eq!(got, want);
    let requests = log.lock().unwrap().len();
    assert!(requests <= 12, "{requests} requests");
}

#[test]
fn bulk_responses_without_bulk_ids_are_matched_by_position() {
    // Some servers answer every operation in order but leave `bulkId` out.
    let sent = std::sync::Arc::new(Mutex::new(Vec::<serde_json::Value>::new()));
    let log = sent.clone();
    let (t, _) = recording(move |req| {
        let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
        let ops = body["Operations"].as_array().unwrap().clone();
        log.lock().unwrap().push(body);
        let answers: Vec<_> = ops
            .iter()
            .enumerate()
            .map(|(i, op)| {
                json!({"method": op["method"], "status": "201",
                       "location": format!("{BASE}{}/srv{i}-{}", op["path"].as_str().unwrap(), op["data"]["displayName"].as_str().unwrap_or("u"))})
            })
            .collect();
        Ok(json(
            200,
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"], "Operations": answers}),
        ))
    });
    let (c, _) = client(t);
    let mut user = BulkOperation::new(BulkMethod::Post, "/Users");
    user.bulk_id = Some("u1".into());
    user.data = Some(json!({"userName": "u1"}));
    let mut group = BulkOperation::new(BulkMethod::Post, "/Groups");
    group.bulk_id = Some("g1".into());
    group.data = Some(json!({"displayName": "g", "members": [{"value": "bulkId:u1"}]}));
    let outcome = block_on(c.bulk_split(
        BulkRequest::new(vec![user, group]),
        scim_client::BulkLimits::new(Some(1), None),
    ))
    .unwrap();
    assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
    assert!(outcome.is_success());
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1]["Operations"][0]["data"]["members"][0]["value"],
        "srv0-u"
    );
}

#[test]
fn every_split_request_fits_max_payload_size() {
    let ops: Vec<BulkOperation> = (0..12)
        .map(|i| {
            let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
            op.bulk_id = Some(format!("b{i}"));
            op.data = Some(json!({"userName": "x".repeat(i * 7), "n": "é".repeat(i)}));
            op
        })
        .collect();
    for limit in [400, 450, 600, 1000, 5000] {
        let sizes = std::sync::Arc::new(Mutex::new(Vec::new()));
        let log = sizes.clone();
        let (t, _) = recording(move |req| {
            let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
            log.lock().unwrap().push(req.body().len());
            let answers: Vec<_> = body["Operations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|op| json!({"method": "POST", "bulkId": op["bulkId"], "status": 201, "location": "https://h/Users/1"}))
                .collect();
            Ok(json(200, json!({"Operations": answers})))
        });
        let (c, _) = client(t);
        let mut request = BulkRequest::new(ops.clone());
        request.fail_on_errors = Some(3);
        let outcome =
            block_on(c.bulk_split(request, scim_client::BulkLimits::new(None, Some(limit))))
                .unwrap();
        assert!(outcome.is_success(), "{limit}");
        assert_eq!(outcome.responses.len(), 12, "{limit}");
        let sizes = sizes.lock().unwrap();
        assert!(sizes.iter().all(|&s| s <= limit), "{limit}: {sizes:?}");
        if limit < 1000 {
            assert!(sizes.len() > 1, "{limit}: {sizes:?}");
        }
    }
}

#[test]
fn a_delete_whose_answer_was_lost_and_then_404_is_done() {
    // The first DELETE reached the server, which deleted the resource, but
    // the connection dropped before the answer: the retry finds nothing.
    let script = Mutex::new(
        vec![
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "reset",
            )),
            Ok(crate::support::scim_error(
                404,
                None,
                "Resource 1 not found",
            )),
        ]
        .into_iter(),
    );
    let (t, log) = recording(move |_| script.lock().unwrap().next().unwrap());
    let (c, _) = client(t);
    block_on(c.users().delete("1")).unwrap();
    assert_eq!(log.lock().unwrap().len(), 2);

    // A 404 on the first attempt is still an error.
    let (t, _) = recording(|_| Ok(crate::support::scim_error(404, None, "not found")));
    let (c, _) = client(t);
    assert!(block_on(c.users().delete("1")).unwrap_err().is_not_found());
    // And so is a 404 after a 503 (which the server did not act on).
    let script = Mutex::new(
        vec![
            Ok(crate::support::empty(503)),
            Ok(crate::support::scim_error(404, None, "not found")),
        ]
        .into_iter(),
    );
    let (t, _) = recording(move |_| script.lock().unwrap().next().unwrap());
    let (c, _) = client(t);
    assert!(block_on(c.users().delete("1")).unwrap_err().is_not_found());
}

#[test]
fn a_create_is_sent_again_after_503_only_when_the_server_asks() {
    use scim_core::PatchOp;
    // (status, Retry-After) -> requests sent for a create and a PATCH
    for (status, retry_after, sent) in [
        (429, None, 2),
        (429, Some("1"), 2),
        (503, Some("1"), 2),
        // A 503 without Retry-After can come from a proxy whose upstream
        // dropped the request after acting on it.
        (503, None, 1),
    ] {
        for op in ["create", "patch"] {
            let script = Mutex::new(0);
            let (t, log) = recording(move |_| {
                let mut n = script.lock().unwrap();
                *n += 1;
                Ok(if *n == 1 {
                    let mut r = crate::support::empty(status);
                    if let Some(v) = retry_after {
                        r.headers_mut().insert("retry-after", v.parse().unwrap());
                    }
                    r
                } else {
                    json(201, json!({"id": "1", "userName": "u"}))
                })
            });
            let (c, _) = client(t);
            let result = if op == "create" {
                block_on(c.users().create(&scim_core::User::new("u"))).map(drop)
            } else {
                block_on(c.users().patch("1", &PatchOp::new(vec![]))).map(drop)
            };
            assert_eq!(
                log.lock().unwrap().len(),
                sent,
                "{op} {status} {retry_after:?}"
            );
            assert_eq!(result.is_ok(), sent == 2, "{op} {status} {retry_after:?}");
        }
    }
    // Safe requests are retried after any 503.
    let script = Mutex::new(0);
    let (t, log) = recording(move |_| {
        let mut n = script.lock().unwrap();
        *n += 1;
        Ok(if *n == 1 {
            crate::support::empty(503)
        } else {
            json(200, json!({"id": "1", "userName": "u"}))
        })
    });
    let (c, _) = client(t);
    block_on(c.users().get("1")).unwrap();
    assert_eq!(log.lock().unwrap().len(), 2);
}

#[test]
fn numeric_ids_as_servers_numbering_their_rows_send_them() {
    // As snipe-it and laravel-scim-server answered before their fixes, and
    // invGate answers group members.
    let (t, _) = recording(|req| {
        Ok(if req.uri().path().ends_with("/Groups/7") {
            json(
                200,
                json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": 7, "displayName": "g",
                "members": [{"value": 53, "display": "a"}, {"value": "54"}]}),
            )
        } else {
            json(
                200,
                json!({"totalResults": 1369, "itemsPerPage": 1, "startIndex": 1,
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "Resources": [{"id": 1, "userName": "admin", "groups": [{"value": 7}],
                    "meta": {"location": "http://snipe-it.test/scim/v2/Users/1", "resourceType": "User"}}]}),
            )
        })
    });
    let (c, _) = client(t);
    let page = block_on(c.users().list(&ListQuery::new().count(1))).unwrap();
    assert_eq!(page.resources[0].id.as_deref(), Some("1"));
    assert_eq!(page.resources[0].groups[0].value.as_deref(), Some("7"));
    let generic = block_on(
        c.resources::<scim_core::Resource>("Users")
            .list(&ListQuery::new()),
    )
    .unwrap();
    assert_eq!(generic.resources[0].id.as_deref(), Some("1"));
    let group = block_on(c.groups().get("7")).unwrap();
    assert_eq!(group.id.as_deref(), Some("7"));
    let members: Vec<_> = group.members.iter().map(|m| m.value.as_deref()).collect();
    assert_eq!(members, [Some("53"), Some("54")]);
    // Written back as the strings RFC 7643 §3.1 asks for.
    let back = serde_json::to_value(&group.resource).unwrap();
    assert_eq!(back["id"], "7");
    assert_eq!(back["members"][0]["value"], "53");
    // Anything else is still an error.
    for bad in [
        r#"{"id": 1.5, "userName": "a"}"#,
        r#"{"id": true, "userName": "a"}"#,
        r#"{"id": {}, "userName": "a"}"#,
    ] {
        assert!(
            scim_core::from_str::<scim_core::User>(bad).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn total_results_that_count_only_the_page() {
    // Some servers report the length of `Resources` as `totalResults`; it
    // drops on the last page without anything being deleted.
    for n in [0, 1, 9, 10, 11, 25, 30] {
        let (t, log) = recording(move |req| {
            let start: usize =
                crate::support::param(req, "startIndex").map_or(1, |s| s.parse().unwrap());
            let count: usize = crate::support::param(req, "count")
                .unwrap()
                .parse()
                .unwrap();
            let page: Vec<_> = (0..n)
                .skip(start.max(1) - 1)
                .take(count)
                .map(|i| json!({"id": format!("u{i:02}"), "userName": format!("u{i}")}))
                .collect();
            Ok(json(
                200,
                json!({"totalResults": page.len(), "startIndex": start, "Resources": page}),
            ))
        });
        let (c, _) = client(t);
        let mut got: Vec<String> =
            block_on(c.users().pages(ListQuery::new().count(10)).try_collect())
                .unwrap()
                .into_iter()
                .map(|u| u.id.unwrap())
                .collect();
        got.sort();
        let want: Vec<String> = (0..n).map(|i| format!("u{i:02}")).collect();
        assert_eq!(got, want, "n={n}");
        let requests = log.lock().unwrap().len();
        assert!(requests <= n / 9 + 3, "n={n}: {requests} requests");
    }
}
