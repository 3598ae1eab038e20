//! The connector's bounded concurrency: creating users in a target that
//! takes 5 ms to answer each request, at concurrency 1 and 16.
//!
//! The target is the in-memory provider with a delay injected into every
//! answer and slept on tokio's timer; each iteration starts from an empty
//! target and times `apply` only (the listing and planning are left out).
//! `cargo run --release -p scim-examples --bin connector_concurrency`
//! measures the same with 10 000 users.

// Bench code: a failure on the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_client::Client;
use scim_client::memory::{Faults, MemoryProvider, Quirks};
use scim_profiles::connector::{Connector, ConnectorOptions, Directory, DirectoryGroup};
use scim_profiles::{DirectoryProperty as P, DirectoryUser, generic};

const USERS: usize = 200;
const LATENCY: Duration = Duration::from_millis(5);

fn directory() -> Directory {
    let mut dir = Directory::new();
    let mut everyone = DirectoryGroup::new("all", "Everyone");
    for i in 0..USERS {
        let login = format!("user{i}@example.com");
        let user = DirectoryUser::new()
            .with(P::Username, login.as_str())
            .unwrap()
            .with(P::Email, login.as_str())
            .unwrap();
        dir.insert_user(format!("u{i}"), user);
        everyone.members.insert(format!("u{i}"));
    }
    dir.insert_group(everyone);
    dir.set_group_management(false);
    dir
}

async fn creates(dir: &Directory, concurrency: usize) -> Duration {
    let target = MemoryProvider::builder()
        .quirks(Quirks::rfc().faults(Faults::seeded(1).delays(1.0, LATENCY)))
        .sleep(tokio::time::sleep)
        .build();
    let client = Client::builder(target.base_url().clone())
        .build(target.clone())
        .unwrap();
    let mut connector = Connector::new(client, &generic::PROFILE)
        .with_options(ConnectorOptions::default().concurrency(concurrency));
    let plan = connector.plan(dir).await.unwrap();
    let started = Instant::now();
    let report = connector.apply(&plan).await;
    let took = started.elapsed();
    assert!(report.is_success(), "{report}");
    took
}

fn concurrency(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let dir = directory();
    let mut group = c.benchmark_group("connector/creates_5ms_latency");
    group.sample_size(10);
    group.throughput(Throughput::Elements(USERS as u64));
    for n in [1, 16] {
        group.bench_function(format!("concurrency_{n}"), |b| {
            b.iter_custom(|iters| (0..iters).map(|_| runtime.block_on(creates(&dir, n))).sum());
        });
    }
    group.finish();
}

criterion_group!(benches, concurrency);
criterion_main!(benches);
