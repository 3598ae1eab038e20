//! Integration tests of scim-profiles, one module per area.

// Test helpers outside `#[test]` functions fail loudly, like the tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod base_urls;
mod connector;
mod connector_faults;
mod connector_perf;
mod connector_support;
mod data;
mod emulation;
mod seats;
mod selection;
mod shape;
mod tables;
