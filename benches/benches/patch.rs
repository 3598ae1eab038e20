//! PATCH: a 10-operation patch on a full enterprise User, adding and
//! removing one member of large groups (which must grow linearly with the
//! group), and the diff of two full Users.
//!
//! Every timed call applies to a fresh copy of the resource, made outside
//! the timing.

// Bench code: a failure on the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
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
        let add = patch_of(
            json!([{"op": "add", "path": "members", "value": [{"value": "ffffffff-7f76-453a-919d-413861904646", "display": "New"}]}]),
        );
        let middle = format!("{:08x}-7f76-453a-919d-413861904646", n / 2);
        let remove =
            patch_of(json!([{"op": "remove", "path": format!("members[value eq \"{middle}\"]")}]));
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
