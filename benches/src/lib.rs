//! Shared inputs for the criterion benches of the SCIM workspace.
