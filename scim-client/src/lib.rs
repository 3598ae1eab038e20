//! An async, transport-agnostic SCIM 2.0 client (RFC 7644).
//!
//! This crate does no network I/O by itself: requests go through a
//! [`Transport`](transport::Transport), which you implement for your HTTP
//! stack (or take from a ready one).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod bulk;
mod client;
mod error;
#[cfg(feature = "memory")]
pub mod memory;
mod pager;
mod request;
mod response;
pub mod retry;
pub mod transport;

pub use auth::{Auth, InvalidCredential};
pub use bulk::{BulkLimits, BulkOutcome, SkipReason, SkippedOperation};
pub use client::{Client, ClientBuilder, DEFAULT_USER_AGENT, Resources};
pub use error::{BuildError, BulkError, Error, MAX_ERROR_BODY, PagingError, RequestError};
pub use pager::Pager;
pub use request::{ListQuery, Projection};
pub use response::{Versioned, retry_after};
pub use retry::{RetryPolicy, Sleep};

pub use http;
pub use scim_core;
pub use url;
