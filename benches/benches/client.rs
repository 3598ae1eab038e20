//! The client over the in-memory provider: the overhead the client adds to
//! one request, and listing 100 000 users in pages of 500.
//!
//! `request/*` times the same exchange twice: as a raw `http::Request`
//! handed to the provider (`provider`), and through the client
//! (`client`), which builds the request, sends it through `Transport`
//! and decodes the typed response. The difference is the client's
//! overhead.
//!
//! `list_100k/page_500` pages through 100 000 users with the pager,
//! consuming them one by one. Before it runs, the peak resident memory of
//! one such listing (from `/proc/self/status`, after resetting the peak
//! through `/proc/self/clear_refs`, on Linux) is printed next to the
//! memory the store itself holds.

// Bench code: a failure on the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use scim_client::http;
use scim_client::memory::MemoryProvider;
use scim_client::{Client, ListQuery};
use scim_core::schema::urn;
use serde_json::json;

const BASE: &str = "https://scim.example.com/v2";

fn provider_with(users: usize) -> MemoryProvider {
    let provider = MemoryProvider::builder()
        .base_url(BASE.parse().unwrap())
        .max_results(1000)
        .log_capacity(0)
        .build();
    for i in 0..users {
        provider
            .insert(
                "User",
                json!({
                    "schemas": [urn::USER],
                    "userName": format!("user{i:06}"),
                    "name": {"givenName": "Barbara", "familyName": format!("Jensen{i}")},
                    "emails": [{"value": format!("user{i:06}@example.com"), "type": "work", "primary": true}],
                    "active": true
                }),
            )
            .unwrap();
    }
    provider
}

fn client(provider: &MemoryProvider, page: u64) -> Client<MemoryProvider> {
    Client::builder(BASE.parse().unwrap())
        .page_size(page)
        .build(provider.clone())
        .unwrap()
}

fn request(c: &mut Criterion) {
    let provider = provider_with(1000);
    let id = provider.snapshot().resources("User")[500]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = client(&provider, 100);
    let mut group = c.benchmark_group("request");
    group.throughput(Throughput::Elements(1));

    let url = format!("{BASE}/Users/{id}");
    group.bench_function("get_user/provider", |b| {
        b.iter(|| {
            let req = http::Request::get(&url)
                .header("accept", "application/scim+json")
                .body(Vec::new())
                .unwrap();
            let resp = provider.handle(req).unwrap();
            assert_eq!(resp.status(), 200);
            black_box(resp)
        });
    });
    group.bench_function("get_user/client", |b| {
        b.iter(|| {
            let user = pollster::block_on(client.users().get(&id)).unwrap();
            assert_eq!(user.resource.user_name, "user000500");
            black_box(user)
        });
    });

    let list = format!("{BASE}/Users?filter=userName%20eq%20%22user000500%22");
    group.bench_function("find_by_user_name/provider", |b| {
        b.iter(|| {
            let resp = provider
                .handle(http::Request::get(&list).body(Vec::new()).unwrap())
                .unwrap();
            assert_eq!(resp.status(), 200);
            black_box(resp)
        });
    });
    group.bench_function("find_by_user_name/client", |b| {
        let query = ListQuery::new().filter(r#"userName eq "user000500""#);
        b.iter(|| {
            let page = pollster::block_on(client.users().list(&query)).unwrap();
            assert_eq!(page.resources.len(), 1);
            black_box(page)
        });
    });

    let body = serde_json::to_vec(&json!({"schemas": [urn::USER], "userName": "x"})).unwrap();
    let mut n = 0u64;
    group.bench_function("create_delete_user/provider", |b| {
        b.iter_batched(
            || {
                n += 1;
                n
            },
            |_| {
                let req = http::Request::post(format!("{BASE}/Users"))
                    .header("content-type", "application/scim+json")
                    .body(body.clone())
                    .unwrap();
                let resp = provider.handle(req).unwrap();
                assert_eq!(resp.status(), 201);
                let loc = resp.headers()["location"].to_str().unwrap().to_owned();
                let resp = provider
                    .handle(http::Request::delete(loc).body(Vec::new()).unwrap())
                    .unwrap();
                assert_eq!(resp.status(), 204);
            },
            BatchSize::SmallInput,
        );
    });
    let user: scim_core::User = serde_json::from_slice(&body).unwrap();
    group.bench_function("create_delete_user/client", |b| {
        b.iter(|| {
            let created = pollster::block_on(client.users().create(&user)).unwrap();
            let id = created.resource.id.clone().unwrap();
            pollster::block_on(client.users().delete(&id)).unwrap();
        });
    });
    group.finish();
}

/// Peak and current resident memory, in KiB, from `/proc/self/status`.
fn memory_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

fn list_all(client: &Client<MemoryProvider>) -> usize {
    pollster::block_on(async {
        let mut pager = client.users().pages(ListQuery::new());
        let mut n = 0;
        while let Some(user) = pager.next().await {
            black_box(user.unwrap());
            n += 1;
        }
        n
    })
}

fn list_100k(c: &mut Criterion) {
    const USERS: usize = 100_000;
    let provider = provider_with(USERS);
    let client = client(&provider, 500);

    // One listing, for its peak memory.
    let before = memory_kib();
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let started = std::time::Instant::now();
    assert_eq!(list_all(&client), USERS);
    let took = started.elapsed();
    match (before, memory_kib(), reset) {
        (Some((_, rss)), Some((peak, _)), true) => println!(
            "list_100k/page_500: one listing took {took:?}; resident before {rss} KiB (store included), \
             peak during the listing {peak} KiB, so the listing added at most {} KiB",
            peak.saturating_sub(rss)
        ),
        _ => println!(
            "list_100k/page_500: one listing took {took:?}; peak memory not available here"
        ),
    }

    let mut group = c.benchmark_group("list_100k");
    group.sample_size(10);
    group.throughput(Throughput::Elements(USERS as u64));
    group.bench_function("page_500", |b| {
        b.iter(|| assert_eq!(list_all(&client), USERS));
    });
    group.finish();
}

criterion_group!(benches, request, list_100k);
criterion_main!(benches);
