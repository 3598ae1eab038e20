//! Integration tests of scim-core, built as one binary.

mod resources;
