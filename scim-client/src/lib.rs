//! An async, transport-agnostic SCIM 2.0 client (RFC 7644).
//!
//! This crate is at an early stage: it currently re-exports the types of
//! [`scim_core`], [`http`] and [`url`] that the client API is built on. The
//! transport trait, the typed client and the in-memory service provider are
//! not published yet.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use http;
pub use scim_core;
pub use url;
