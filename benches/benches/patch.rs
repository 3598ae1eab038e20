//! PATCH: a 10-operation patch on a full enterprise User, adding and
//! removing one member of large groups (which must grow linearly with the
//! group), and the diff of two full Users.
//!
//! Every timed call applies to a fresh copy of the resource, made outside
//! the timing.
//!
//! The member benches run twice. `patch/apply/{add,remove}_member` apply
//! to a copy made just before, so a 10 000-member group (a few MB of JSON
//! objects) is still in the CPU caches while a 100 000-member one is not:
//! the ratio between the two sizes then measures the cache hierarchy as
//! much as the work. `patch/apply_cold/…` evicts the caches (by writing a
//! buffer larger than the last-level cache) between the copy and the
//! timed call, so both sizes are read from memory and the ratio shows how
//! the work itself grows with the group.

// Bench code: a failure on the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Bencher, BenchmarkId, Criterion, criterion_group, criterion_main};
use scim_benches::ENTERPRISE_USER;
use scim_core::PatchOp;
use scim_core::patch::{DiffOptions, Patcher, diff};
use serde_json::{Value, json};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

fn patch_of(ops: Value) -> PatchOp {
    serde_json::from_value(json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": ops
    }))
    .unwrap()
}

fn user() -> Value {
    serde_json::from_str(ENTERPRISE_USER).unwrap()
}

fn ten_operations() -> PatchOp {
    patch_of(json!([
        {"op": "replace", "path": "displayName", "value": "Barbara Jensen"},
        {"op": "replace", "path": "name.givenName", "value": "Babs"},
        {"op": "add", "path": "emails", "value": [{"value": "babs@example.org", "type": "other"}]},
        {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "barbara@example.com"},
        {"op": "remove", "path": "phoneNumbers[type eq \"mobile\"]"},
        {"op": "replace", "path": "addresses[type eq \"home\"].primary", "value": true},
        {"op": "replace", "path": "active", "value": false},
        {"op": "replace", "path": format!("{ENT}:department"), "value": "Tour Operations (West)"},
        {"op": "replace", "path": format!("{ENT}:manager.value"), "value": "62811915"},
        {"op": "replace", "value": {"title": "Senior Tour Guide", "nickName": "B"}}
    ]))
}

fn group(n: usize) -> Value {
    let members: Vec<Value> = (0..n)
        .map(|i| json!({"value": format!("{i:08x}-7f76-453a-919d-413861904646"), "display": format!("User {i}")}))
        .collect();
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "id": "e9e30dba", "displayName": "Everyone", "members": members
    })
}

/// Bytes written between the copy and the timed call of the cold benches:
/// more than the last-level cache of the machines these runs are made on
/// (`lscpu` reports 260 MiB on the reference machine).
const EVICT_BYTES: usize = 512 << 20;

/// Writes one byte per cache line of `buffer`, pushing everything else out
/// of the caches.
fn evict(buffer: &mut [u8]) {
    for line in buffer.chunks_mut(64) {
        if let Some(b) = line.first_mut() {
            *b = b.wrapping_add(1);
        }
    }
    black_box(buffer);
}

/// Times `run` on fresh copies of `base` read from memory, not from cache.
fn cold(b: &mut Bencher<'_>, base: &Value, buffer: &mut [u8], run: impl Fn(&mut Value)) {
    b.iter_custom(|iters| {
        let mut timed = Duration::ZERO;
        for _ in 0..iters {
            let mut copy = base.clone();
            evict(buffer);
            let start = Instant::now();
            run(black_box(&mut copy));
            timed += start.elapsed();
            drop(copy);
        }
        timed
    });
}

/// Adding a new member, and removing the one in the middle, of a group of
/// `n` members.
fn member_patches(n: usize) -> (PatchOp, PatchOp) {
    let add = patch_of(
        json!([{"op": "add", "path": "members", "value": [{"value": "ffffffff-7f76-453a-919d-413861904646", "display": "New"}]}]),
    );
    let middle = format!("{:08x}-7f76-453a-919d-413861904646", n / 2);
    let remove =
        patch_of(json!([{"op": "remove", "path": format!("members[value eq \"{middle}\"]")}]));
    (add, remove)
}

fn apply(c: &mut Criterion) {
    let patcher = Patcher::core();
    let mut g = c.benchmark_group("patch/apply");
    let base = user();
    let ten = ten_operations();
    {
        let mut check = base.clone();
        patcher.apply(&mut check, &ten).unwrap();
        assert_eq!(check["displayName"], "Barbara Jensen");
    }
    g.bench_function("ten_operations/enterprise_user", |b| {
        b.iter_batched(
            || base.clone(),
            |mut u| {
                let report = patcher.apply(&mut u, black_box(&ten)).unwrap();
                assert!(report.changed());
                u
            },
            BatchSize::SmallInput,
        );
    });
    for n in [10_000usize, 100_000] {
        let base = group(n);
        let (add, remove) = member_patches(n);
        g.bench_with_input(BenchmarkId::new("add_member", n), &n, |b, &n| {
            b.iter_batched(
                || base.clone(),
                |mut grp| {
                    patcher.apply(&mut grp, black_box(&add)).unwrap();
                    assert_eq!(grp["members"].as_array().map(Vec::len), Some(n + 1));
                    grp
                },
                BatchSize::LargeInput,
            );
        });
        g.bench_with_input(BenchmarkId::new("remove_member", n), &n, |b, &n| {
            b.iter_batched(
                || base.clone(),
                |mut grp| {
                    patcher.apply(&mut grp, black_box(&remove)).unwrap();
                    assert_eq!(grp["members"].as_array().map(Vec::len), Some(n - 1));
                    grp
                },
                BatchSize::LargeInput,
            );
        });
    }
    g.finish();

    // The same member changes with the group read from memory (see the
    // module docs). Each timed call is preceded by a copy and a 512 MiB
    // write, so fewer, longer samples.
    let mut g = c.benchmark_group("patch/apply_cold");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    let mut buffer = vec![0u8; EVICT_BYTES];
    for n in [10_000usize, 100_000] {
        let base = group(n);
        let (add, remove) = member_patches(n);
        g.bench_with_input(BenchmarkId::new("add_member", n), &n, |b, &n| {
            cold(b, &base, &mut buffer, |grp| {
                patcher.apply(grp, &add).unwrap();
                assert_eq!(grp["members"].as_array().map(Vec::len), Some(n + 1));
            });
        });
        g.bench_with_input(BenchmarkId::new("remove_member", n), &n, |b, &n| {
            cold(b, &base, &mut buffer, |grp| {
                patcher.apply(grp, &remove).unwrap();
                assert_eq!(grp["members"].as_array().map(Vec::len), Some(n - 1));
            });
        });
    }
    g.finish();
}

fn diff_users(c: &mut Criterion) {
    let old = user();
    let mut new = old.clone();
    Patcher::core().apply(&mut new, &ten_operations()).unwrap();
    let mut g = c.benchmark_group("patch/diff");
    g.bench_function("full_users", |b| {
        b.iter(|| {
            let patch = diff(black_box(&old), black_box(&new), &DiffOptions::new());
            assert!(!patch.operations.is_empty());
            patch
        });
    });
    g.finish();
}

criterion_group!(benches, apply, diff_users);
criterion_main!(benches);
