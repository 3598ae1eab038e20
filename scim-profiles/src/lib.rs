//! Connector profiles for SCIM 2.0 service providers: what a provisioning
//! connector must know about a target that RFC 7643 and RFC 7644 do not say.
//!
//! A [`Profile`] says where a target lives (each vendor module builds its
//! base URL from validated pieces), how requests authenticate
//! ([`AuthScheme`]), what the target supports ([`Capabilities`]), which
//! directory property goes to which SCIM attribute ([`Mapping`] rows,
//! required or optional), which attributes are never sent
//! ([`Unsupported`]), and the target's [`Rules`] (what deprovisioning does,
//! attributes that must not be in a `PUT`, lowercased or limited values,
//! how roles travel).
//!
//! Built-in profiles are statics (compile-time data), one module each, whose docs show the
//! mapping table, the rules and what the vendors leave uncertain:
//!
//! * [`smartsheet`]: no soft delete (`active: false` deletes), seats from
//!   groups, base URL region and `v2`/`v3`.
//! * [`sparkpost`]: users only, one `role`, US/EU/Enterprise hosts.
//! * [`monday`]: teams as groups, `active`/`userType` only by PATCH,
//!   lists need `scim_provisioned_only=false`.
//! * [`generic`]: a target that follows the RFCs.
//!
//! Users define their own profiles at run time with [`ProfileBuilder`],
//! which runs the same checks ([`Profile::check`]) the built-in tables pass
//! in this crate's tests.
//!
//! ```
//! use scim_profiles::{monday, DirectoryProperty, ResourceKind};
//!
//! let base = monday::Subdomain::new("acme")?.base_url();
//! assert_eq!(base.join("Users")?.as_str(), "https://acme.monday.com/scim/v2/Users");
//!
//! let profile = &monday::PROFILE;
//! assert!(profile.rules.is_put_forbidden("active"));
//! assert_eq!(profile.capabilities.list_params[0].name, "scim_provisioned_only");
//! let row = profile.mapping_for(ResourceKind::User, "userType").unwrap();
//! assert_eq!(row.property, DirectoryProperty::UserType);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The directory side is a [`DirectoryUser`]: a map from
//! [`DirectoryProperty`] to a JSON value, plus the user's directory groups.
//! A [`Selection`] of a profile's rows turns it into request bodies
//! ([`Shaper`]: create, PUT, PATCH), reporting what it left out and why.
//!
//! The [`connector`] module keeps a target in line with a directory through
//! a profile: it plans the operations (provisioning, takeovers, minimal
//! updates, deprovisioning, groups and Smartsheet seats) against one
//! listing of the target, guards against mass deprovisioning and
//! unrequested destructive effects, applies the plan with bounded
//! concurrency, and reports each step as an event.
//!
//! # Crate features
//!
//! * `emulation`: `Profile::emulator` and `Profile::emulation_quirks`
//!   configure the in-memory service provider of `scim-client` (its
//!   `memory` feature) to behave as the profile's target documents, for
//!   tests and examples.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod connector;
mod directory;
#[cfg(feature = "emulation")]
mod emulate;
mod mapping;
mod profile;
mod selection;
mod shape;
mod site;

pub mod generic;
pub mod monday;
pub mod smartsheet;
pub mod sparkpost;

pub use directory::{DirectoryError, DirectoryProperty, DirectoryUser, ValueKind};
pub use mapping::{Mapping, Requirement, ResourceKind, ScimPath, Unsupported};
pub use profile::{
    AllowedValues, AuthScheme, Capabilities, Deprovision, DeprovisionRequest, Deprovisioning,
    FilterSupport, KnownError, PasswordRule, Profile, ProfileBuilder, ProfileError, QueryParam,
    Remedy, RoleRule, Rules, UpdateMethod,
};
pub use selection::{Selection, SelectionError};
pub use shape::{DropReason, Dropped, ShapeError, Shaped, Shaper};
pub use site::BaseUrlError;

pub use scim_client;
pub use scim_core;
pub use url;

/// The built-in profile named `name` (`smartsheet`, `sparkpost`, `monday`,
/// `generic`), ignoring ASCII case.
///
/// ```
/// let p = scim_profiles::built_in("Monday").unwrap();
/// assert_eq!(p.display_name, "monday.com");
/// assert!(scim_profiles::built_in("okta").is_none());
/// ```
pub fn built_in(name: &str) -> Option<&'static Profile> {
    BUILT_IN
        .iter()
        .copied()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Every built-in profile.
pub static BUILT_IN: [&Profile; 4] = [
    &smartsheet::PROFILE,
    &sparkpost::PROFILE,
    &monday::PROFILE,
    &generic::PROFILE,
];
