//! Integration tests of scim-core, built as one binary.

// Test helpers outside `#[test]` functions fail loudly, like the tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod adversarial;
mod decode_paths;
mod filter_build;
mod filter_eval;
mod filter_interop;
mod filter_parse;
mod filter_visit;
mod fuzz_regressions;
mod messages;
mod parse_interop;
mod patch;
mod patch_interop;
mod real_payloads;
mod resources;
mod support;
mod validate;
