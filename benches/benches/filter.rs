//! Filter parsing, printing and evaluation, with the published peer crates
//! parsing the same filters side by side.
//!
//! A filter a peer rejects is skipped for that peer; the list of skipped
//! (peer, filter) pairs is printed before the run.

// Bench code: a failure on the fixed inputs should stop the run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::str::FromStr;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scim_benches::filters::CASES;
use scim_core::Filter;

type PeerParse = fn(&str) -> bool;

fn peers() -> [(&'static str, PeerParse); 3] {
    [
        ("scim_v2", |s| scim_v2::filter::Filter::from_str(s).is_ok()),
        (
            "scim-filter",
            |s| matches!(scim_filter::parser::filter(s), Ok((rest, _)) if rest.trim().is_empty()),
        ),
        ("scim_proto", |s| {
            scim_proto::filter::ScimFilter::from_str(s).is_ok()
        }),
    ]
}

fn parse(c: &mut Criterion) {
    for (peer, accepts) in peers() {
        for (name, text) in CASES {
            if !accepts(text) {
                println!("skipped: {peer} rejects {name}: {text:.80}");
            }
        }
    }
    for (name, text) in CASES {
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("scim_core", |b| {
            b.iter(|| Filter::parse(black_box(text)).unwrap());
        });
        if scim_v2::filter::Filter::from_str(text).is_ok() {
            g.bench_function("scim_v2", |b| {
                b.iter(|| scim_v2::filter::Filter::from_str(black_box(text)).unwrap());
            });
        }
        if matches!(scim_filter::parser::filter(text), Ok((rest, _)) if rest.trim().is_empty()) {
            g.bench_function("scim-filter", |b| {
                b.iter(|| scim_filter::parser::filter(black_box(text)).unwrap());
            });
        }
        if scim_proto::filter::ScimFilter::from_str(text).is_ok() {
            g.bench_function("scim_proto", |b| {
                b.iter(|| scim_proto::filter::ScimFilter::from_str(black_box(text)).unwrap());
            });
        }
        g.finish();
    }
}

fn print(c: &mut Criterion) {
    let mut g = c.benchmark_group("print");
    for (name, text) in CASES {
        let f = Filter::parse(text).unwrap();
        g.bench_function(*name, |b| b.iter(|| black_box(&f).to_string()));
    }
    g.finish();
}

fn eval(c: &mut Criterion) {
    let user: serde_json::Value = serde_json::from_str(scim_benches::ENTERPRISE_USER).unwrap();
    let evaluator = scim_core::filter::Evaluator::core();
    let mut g = c.benchmark_group("eval/enterprise_user");
    for (name, text) in CASES {
        let f = Filter::parse(text).unwrap();
        // Filters the evaluator rejects for this resource (none expected)
        // are reported and skipped.
        if let Err(e) = evaluator.matches(&f, &user) {
            println!("skipped: eval of {name}: {e}");
            continue;
        }
        g.bench_function(*name, |b| {
            b.iter(|| evaluator.matches(black_box(&f), black_box(&user)).unwrap());
        });
    }
    g.finish();
}

criterion_group!(benches, parse, print, eval);
criterion_main!(benches);
