//! Connector profiles for SCIM 2.0 service providers.
//!
//! This crate is at an early stage: profiles for Smartsheet, SparkPost,
//! monday.com and generic targets, and the reconciling connector, are not
//! published yet. It re-exports the crates it builds on.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod connector;

pub use connector::{DirectoryError, DirectoryProperty, DirectoryUser, ValueKind};
pub use scim_client;
pub use scim_core;
