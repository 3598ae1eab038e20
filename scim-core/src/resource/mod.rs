//! SCIM resources (RFC 7643 §3, §4): User, Group, the enterprise extension,
//! and resources of any other type.

mod common;
mod generic;
mod group;
mod user;

pub(crate) use common::SchemasOut;
pub use common::{
    Email, Entitlement, GroupRef, Im, Meta, MultiValue, Password, PhoneNumber, Photo, Role,
    X509Certificate,
};
pub use generic::Resource;
pub use group::{Group, Member};
pub use user::{Address, EnterpriseUser, Manager, Name, User};
