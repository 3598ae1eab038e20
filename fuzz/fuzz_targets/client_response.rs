//! Any HTTP response (status, a few headers, any body) handed to each
//! client operation: never a panic, only a typed result or error, and the
//! error prints.
//!
//! The input's first bytes choose the status, the operation and the header
//! values; the rest is the body. The client runs over a closure transport
//! that returns that response, driven by `pollster`, with retries off.
#![no_main]

use std::convert::Infallible;
use std::sync::Arc;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use scim_client::transport::HttpRequest;
use scim_client::{Client, ListQuery, RetryPolicy};
use scim_core::{BulkMethod, BulkOperation, BulkRequest, PatchOp, PatchOperation, Resource, SearchRequest, User};

struct Canned {
    status: u16,
    headers: Vec<(&'static str, Vec<u8>)>,
    body: Vec<u8>,
}

const HEADERS: &[&str] = &["content-type", "location", "etag", "retry-after"];
const TYPES: &[&[u8]] = &[
    b"application/scim+json",
    b"application/json; charset=utf-8",
    b"text/html",
    b"application/problem+json",
];

fn canned(mut u: Unstructured<'_>) -> Result<(u8, Canned)> {
    let status = match u.int_in_range(0..=3)? {
        0 => 200,
        1 => u.int_in_range(200..=299)?,
        2 => u.int_in_range(400..=599)?,
        _ => u.int_in_range(100..=999)?,
    };
    let op = u.arbitrary::<u8>()?;
    let mut headers = Vec::new();
    for name in HEADERS {
        match u.int_in_range(0..=3)? {
            0 => {}
            1 if *name == "content-type" => headers.push((*name, u.choose(TYPES)?.to_vec())),
            _ => {
                let len = u.int_in_range(0..=40)?;
                headers.push((*name, u.bytes(len)?.to_vec()));
            }
        }
    }
    let body = u.take_rest().to_vec();
    Ok((op, Canned { status, headers, body }))
}

fn response(c: &Canned) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(c.status);
    for (name, value) in &c.headers {
        if let Ok(v) = http::HeaderValue::from_bytes(value) {
            builder = builder.header(*name, v);
        }
    }
    builder
        .body(c.body.clone())
        .unwrap_or_else(|_| http::Response::new(c.body.clone()))
}

async fn run(op: u8, client: &Client<impl scim_client::transport::Transport>) {
    let users = client.users();
    let patch = PatchOp::new(vec![PatchOperation::remove("emails")]);
    let outcome: std::result::Result<String, scim_client::Error> = match op % 13 {
        0 => users.get("1").await.map(|r| format!("{r:?}")),
        1 => users.create(&User::new("bjensen")).await.map(|r| format!("{r:?}")),
        2 => users.replace("1", &User::new("bjensen")).await.map(|r| format!("{r:?}")),
        3 => users.patch("1", &patch).await.map(|r| format!("{r:?}")),
        4 => users.delete("1").await.map(|r| format!("{r:?}")),
        5 => users.list(&ListQuery::new()).await.map(|r| format!("{r:?}")),
        6 => users
            .search(&SearchRequest::default())
            .await
            .map(|r| format!("{r:?}")),
        7 => client.service_provider_config().await.map(|r| format!("{r:?}")),
        8 => client.schemas().await.map(|r| format!("{r:?}")),
        9 => client.resource_types().await.map(|r| format!("{r:?}")),
        10 => {
            let request = BulkRequest::new(vec![BulkOperation::new(BulkMethod::Delete, "/Users/1")]);
            client.bulk(&request).await.map(|r| format!("{r:?}"))
        }
        11 => client
            .resources::<Resource>("Devices")
            .pages(ListQuery::new())
            .max_pages(3)
            .try_collect()
            .await
            .map(|r| format!("{r:?}")),
        _ => users.patch_and_get("1", &patch).await.map(|r| format!("{r:?}")),
    };
    if let Err(e) = outcome {
        let _ = format!("{e} {e:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok((op, canned)) = canned(Unstructured::new(data)) else {
        return;
    };
    let canned = Arc::new(canned);
    let transport = move |_req: HttpRequest| {
        let canned = Arc::clone(&canned);
        async move { Ok::<_, Infallible>(response(&canned)) }
    };
    let Ok(base) = "https://example.com/scim/v2".parse() else {
        return;
    };
    let client = Client::builder(base)
        .retry(RetryPolicy::none())
        .build(transport)
        .expect("a client builds");
    pollster::block_on(run(op, &client));
});
