//! Bulk requests split to a server's limits, references kept resolvable.

use std::collections::HashMap;
use std::sync::Mutex;

use scim_client::{BulkLimits, BulkOutcome, SkipReason};
use scim_core::{BulkMethod, BulkOperation, BulkOperationResponse, BulkRequest, BulkResponse};
use serde_json::{Value, json};

use crate::support::{BASE, block_on, client, json, recording, scim_error};

fn create_user(bulk_id: &str, fail: bool) -> BulkOperation {
    let mut op = BulkOperation::new(BulkMethod::Post, "/Users");
    op.bulk_id = Some(bulk_id.into());
    op.data = Some(json!({"userName": bulk_id, "fail": fail}));
    op
}

fn create_group(bulk_id: &str, members: &[&str]) -> BulkOperation {
    let mut op = BulkOperation::new(BulkMethod::Post, "/Groups");
    op.bulk_id = Some(bulk_id.into());
    let members: Vec<Value> = members
        .iter()
        .map(|m| json!({"value": format!("bulkId:{m}")}))
        .collect();
    op.data = Some(json!({"displayName": bulk_id, "members": members}));
    op
}

/// The operations not sent, by index, with why.
fn skipped(outcome: &BulkOutcome) -> Vec<(usize, SkipReason)> {
    outcome
        .skipped
        .iter()
        .map(|s| (s.index, s.reason.clone()))
        .collect()
}

/// A bulk server: creates `srv-<bulkId>`, fails data with `"fail": true`,
/// resolves bulkIds defined in the same request only, and refuses requests
/// above `max_ops`.
fn bulk_server(
    max_ops: usize,
    requests: &Mutex<Vec<Value>>,
    body: &[u8],
) -> http::Response<Vec<u8>> {
    let request: BulkRequest = serde_json::from_slice(body).unwrap();
    requests
        .lock()
        .unwrap()
        .push(serde_json::from_slice(body).unwrap());
    if request.operations.len() > max_ops {
        return scim_error(413, None, "too many operations");
    }
    let defined: HashMap<String, String> = request
        .operations
        .iter()
        .filter_map(|o| o.bulk_id.clone())
        .map(|b| (b.clone(), format!("srv-{b}")))
        .collect();
    let mut errors = 0;
    let mut out = Vec::new();
    for op in &request.operations {
        if request.fail_on_errors.is_some_and(|f| errors >= f) {
            break;
        }
        let text = serde_json::to_string(&op.data).unwrap();
        let unresolved = text.match_indices("bulkId:").any(|(i, _)| {
            !defined
                .keys()
                .any(|k| text[i + 7..].starts_with(&format!("{k}\"")))
        });
        let fail = op.data.as_ref().unwrap()["fail"] == true || unresolved;
        let bulk_id = op.bulk_id.clone().unwrap();
        let mut r = BulkOperationResponse::new(op.method.clone(), if fail { 400 } else { 201 });
        r.bulk_id = Some(bulk_id.clone());
        if fail {
            errors += 1;
            r.response = Some(json!({"status": "400", "detail": "refused"}));
        } else {
            r.location = Some(format!(
                "{BASE}{}/srv-{bulk_id}",
                op.path.as_deref().unwrap()
            ));
        }
        out.push(r);
    }
    json(200, serde_json::to_value(BulkResponse::new(out)).unwrap())
}

#[test]
fn references_resolve_across_requests() {
    let sent = Mutex::new(Vec::new());
    let sent = std::sync::Arc::new(sent);
    let s = sent.clone();
    let (t, log) = recording(move |req| {
        assert_eq!(req.uri().path(), "/v2/Bulk");
        Ok(bulk_server(2, &s, req.body()))
    });
    let (c, _) = client(t);
    let ops = vec![
        create_user("u0", false),
        create_user("u1", false),
        create_user("u2", false),
        create_user("u3", false),
        create_user("u4", false),
        create_group("g", &["u0", "u3", "u4"]),
    ];
    let outcome =
        block_on(c.bulk_split(BulkRequest::new(ops), BulkLimits::new(Some(2), None))).unwrap();
    assert!(outcome.is_success(), "{outcome:?}");
    assert_eq!(outcome.requests, 3);
    assert_eq!(log.lock().unwrap().len(), 3);
    assert_eq!(outcome.responses.len(), 6);
    let sent = sent.lock().unwrap();
    let last = &sent[2]["Operations"];
    assert_eq!(last[0]["bulkId"], "u4");
    let members: Vec<&str> = last[1]["data"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["srv-u0", "srv-u3", "bulkId:u4"]);
}

#[test]
fn a_failed_target_skips_the_operations_that_refer_to_it() {
    let sent = std::sync::Arc::new(Mutex::new(Vec::new()));
    let s = sent.clone();
    let (t, _) = recording(move |req| Ok(bulk_server(1, &s, req.body())));
    let (c, _) = client(t);
    let ops = vec![
        create_user("u0", false),
        create_user("u1", true),
        create_group("g", &["u0", "u1"]),
        create_group("parent", &["g"]),
        create_user("u2", false),
    ];
    let outcome =
        block_on(c.bulk_split(BulkRequest::new(ops), BulkLimits::new(Some(1), None))).unwrap();
    assert!(!outcome.is_success());
    assert_eq!(outcome.requests, 3, "u0, u1, u2");
    let skipped = skipped(&outcome);
    assert_eq!(
        skipped,
        [
            (2, SkipReason::UnresolvedReference("u1".into())),
            (3, SkipReason::UnresolvedReference("g".into())),
        ]
    );
    assert_eq!(
        outcome.responses.iter().filter(|r| r.is_success()).count(),
        2
    );
}

#[test]
fn fail_on_errors_counts_across_requests() {
    let sent = std::sync::Arc::new(Mutex::new(Vec::new()));
    let s = sent.clone();
    let (t, _) = recording(move |req| Ok(bulk_server(2, &s, req.body())));
    let (c, _) = client(t);
    let mut request = BulkRequest::new(vec![
        create_user("a", true),
        create_user("b", false),
        create_user("c", true),
        create_user("d", false),
        create_user("e", false),
    ]);
    request.fail_on_errors = Some(2);
    let outcome = block_on(c.bulk_split(request, BulkLimits::new(Some(2), None))).unwrap();
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0]["failOnErrors"], 2);
    assert_eq!(sent[1]["failOnErrors"], 1);
    assert_eq!(outcome.responses.len(), 3, "the server stopped after c");
    let skipped = skipped(&outcome);
    assert_eq!(
        skipped,
        [(3, SkipReason::NotProcessed), (4, SkipReason::FailOnErrors)],
        "d was sent but not processed, e was not sent"
    );
}

#[test]
fn a_failed_request_reports_what_was_and_was_not_done() {
    let calls = Mutex::new(0);
    let sent = std::sync::Arc::new(Mutex::new(Vec::new()));
    let s = sent.clone();
    let (t, _) = recording(move |req| {
        let mut n = calls.lock().unwrap();
        *n += 1;
        Ok(if *n == 2 {
            scim_error(500, None, "down")
        } else {
            bulk_server(2, &s, req.body())
        })
    });
    let (c, _) = client(t);
    let ops = (0..6)
        .map(|i| create_user(&format!("u{i}"), false))
        .collect();
    let outcome =
        block_on(c.bulk_split(BulkRequest::new(ops), BulkLimits::new(Some(2), None))).unwrap();
    assert_eq!(outcome.responses.len(), 2);
    assert_eq!(outcome.error.as_ref().unwrap().status().unwrap(), 500);
    let skipped = skipped(&outcome);
    assert_eq!(
        skipped,
        (2..6)
            .map(|i| (i, SkipReason::RequestFailed))
            .collect::<Vec<_>>()
    );
}

#[test]
fn one_request_as_is() {
    let (t, log) = recording(|req| {
        let request: BulkRequest = serde_json::from_slice(req.body()).unwrap();
        assert_eq!(
            request.schemas,
            ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]
        );
        Ok(json(
            200,
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"], "Operations": [
                {"method": "POST", "bulkId": "x", "status": "201", "location": "https://scim.example.com/v2/Users/1"}
            ]}),
        ))
    });
    let (c, _) = client(t);
    let response = block_on(c.bulk(&BulkRequest::new(vec![create_user("x", false)]))).unwrap();
    assert_eq!(response.operations[0].status, 201);
    assert_eq!(log.lock().unwrap()[0].method(), http::Method::POST);
}

#[test]
fn limits_from_the_service_provider_config() {
    let spc: scim_core::ServiceProviderConfig = scim_core::from_str(
        r#"{"bulk": {"supported": true, "maxOperations": 1000, "maxPayloadSize": 1048576}}"#,
    )
    .unwrap();
    let limits = BulkLimits::from_config(spc.bulk.as_ref().unwrap());
    assert_eq!(limits, BulkLimits::new(Some(1000), Some(1_048_576)));
}
