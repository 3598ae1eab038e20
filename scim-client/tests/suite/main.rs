//! Integration tests of scim-client, built as one binary.

// Test helpers outside `#[test]` functions fail loudly, like the tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod memory;
