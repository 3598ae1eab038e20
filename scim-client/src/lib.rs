//! An async, transport-agnostic SCIM 2.0 client (RFC 7644).
//!
//! This crate does no network I/O by itself: requests go through a
//! [`Transport`](transport::Transport), which you implement for your HTTP
//! stack (or take from a ready one).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "memory")]
pub mod memory;
pub mod transport;

pub use http;
pub use scim_core;
pub use url;
