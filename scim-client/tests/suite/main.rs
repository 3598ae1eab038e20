//! Integration tests of the client: one binary, one module per area.

// Test helpers outside `#[test]` functions fail loudly, like the tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod adversarial;
mod bulk;
mod client_memory;
mod memory;
mod memory_pager;
mod operations;
mod pager;
mod real_servers;
mod redaction;
mod requests;
#[cfg(feature = "reqwest")]
mod reqwest;
mod retry;
mod support;
