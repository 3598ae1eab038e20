//! SCIM 2.0 without I/O: the resources, schemas and messages of RFC 7643
//! and RFC 7644, read and written exactly.
//!
//! # Reading and writing resources
//!
//! Every typed object ([`User`], [`Group`], [`EnterpriseUser`], [`Schema`],
//! …) reads attribute names case-insensitively, as RFC 7643 §2.1 requires,
//! and keeps whatever it does not model (unknown attributes at any level,
//! unknown extensions) so that writing it back loses nothing. Output always
//! uses the canonical attribute names.
//!
//! ```
//! use scim_core::User;
//!
//! let input = r#"{
//!     "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
//!                 "urn:example:params:scim:schemas:Badge"],
//!     "UserName": "bjensen",
//!     "name": {"givenName": "Barbara", "nickname-of-record": "Babs"},
//!     "urn:example:params:scim:schemas:Badge": {"badge": 7}
//! }"#;
//! let user: User = scim_core::from_str(input)?;
//! assert_eq!(user.user_name, "bjensen");
//! assert_eq!(user.extension("urn:example:params:scim:schemas:Badge").unwrap()["badge"], 7);
//!
//! let back = serde_json::to_value(&user)?;
//! assert_eq!(back["userName"], "bjensen");
//! assert_eq!(back["name"]["nickname-of-record"], "Babs");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! [`from_slice`], [`from_str`] and [`from_value`] decode any SCIM type and
//! report the attribute path of a failure, with the `scimType` a server
//! would answer. Nothing in this crate panics on input.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod datetime;
mod error;
pub mod filter;
mod object;
pub mod resource;
pub mod schema;

pub use datetime::{DateTime, InvalidDateTime};
pub use error::{DecodeError, DecodeErrorKind, ScimType, from_slice, from_str, from_value};
pub use filter::{AttrPath, Filter, ParseError, PatchPath};
pub use resource::{
    Address, Email, EnterpriseUser, Group, Im, Manager, Member, Meta, MultiValue, Name, Password,
    PhoneNumber, Resource, User,
};
pub use schema::{Attribute, AttributeType, Mutability, Returned, Schema, Uniqueness, urn};
