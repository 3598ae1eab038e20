//! Decoding and encoding resources: scim-core's lossless, case-insensitive
//! types side by side with `serde_json::Value` and a plain derived struct.

// Bench code: a failure to decode the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::missing_docs_in_private_items)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_benches::{ENTERPRISE_USER, list_response, plain};
use scim_core::{ListResponse, User};

fn user(c: &mut Criterion) {
    let bytes = ENTERPRISE_USER.as_bytes();
    let mut g = c.benchmark_group("decode/enterprise_user");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("scim_core", |b| {
        b.iter(|| {
            let u: User = serde_json::from_slice(black_box(bytes)).unwrap();
            assert_eq!(u.user_name.len(), 19);
            u
        });
    });
    g.bench_function("plain_derive", |b| {
        b.iter(|| {
            let u: plain::User = serde_json::from_slice(black_box(bytes)).unwrap();
            assert_eq!(u.user_name.len(), 19);
            u
        });
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(bytes)).unwrap();
            assert!(v.is_object());
            v
        });
    });
    g.finish();

    let typed: User = serde_json::from_slice(bytes).unwrap();
    let plain_typed: plain::User = serde_json::from_slice(bytes).unwrap();
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let mut g = c.benchmark_group("encode/enterprise_user");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("scim_core", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap());
    });
    g.bench_function("plain_derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain_typed)).unwrap());
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap());
    });
    g.finish();
}

fn list(c: &mut Criterion) {
    let text = list_response(1000);
    let bytes = text.as_bytes();
    let mut g = c.benchmark_group("decode/list_response_1000");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("scim_core", |b| {
        b.iter(|| {
            let l: ListResponse<User> = serde_json::from_slice(black_box(bytes)).unwrap();
            assert_eq!(l.resources.len(), 1000);
            l
        });
    });
    g.bench_function("plain_derive", |b| {
        b.iter(|| {
            let l: plain::ListResponse = serde_json::from_slice(black_box(bytes)).unwrap();
            assert_eq!(l.resources.len(), 1000);
            l
        });
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| {
            let v: serde_json::Value = serde_json::from_slice(black_box(bytes)).unwrap();
            assert!(v.is_object());
            v
        });
    });
    g.finish();

    let typed: ListResponse<User> = serde_json::from_slice(bytes).unwrap();
    let plain_typed: plain::ListResponse = serde_json::from_slice(bytes).unwrap();
    let value: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let mut g = c.benchmark_group("encode/list_response_1000");
    g.sample_size(20);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("scim_core", |b| {
        b.iter(|| serde_json::to_vec(black_box(&typed)).unwrap());
    });
    g.bench_function("plain_derive", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain_typed)).unwrap());
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap());
    });
    g.finish();
}

criterion_group!(benches, user, list);
criterion_main!(benches);
