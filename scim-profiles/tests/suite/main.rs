//! Integration tests of scim-profiles, one module per area.

mod base_urls;
mod data;
mod selection;
mod shape;
mod tables;
