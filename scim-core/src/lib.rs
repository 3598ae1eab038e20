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
//! Reading is liberal where identity providers and servers depart from
//! RFC 7643 without changing the meaning, and writes the RFC form back:
//! booleans as the strings `"True"`/`"false"`, identifiers as JSON
//! integers (`"id": 1`), the enterprise `manager` as a bare id, a bare
//! string among the values of `emails` and the like. A `meta.created`
//! that is not a dateTime is kept as read in [`Meta::extra`].
//! [`validate::Validator`] still reports each of these against the
//! schemas, for a service provider that wants to refuse them.
//!
//! # Protocol messages
//!
//! The [`message`] module has the bodies of RFC 7644: [`ListResponse`] for
//! query results, [`SearchRequest`], [`PatchOp`], [`BulkRequest`] and
//! [`BulkResponse`], and [`ScimError`]; and the discovery resources
//! [`ServiceProviderConfig`] and [`ResourceType`] of RFC 7643 §5–6. They
//! read and write like the resources: case-insensitive, lossless.
//!
//! ```
//! use scim_core::{ListResponse, ScimError, ScimType, User};
//!
//! let page: ListResponse<User> = scim_core::from_str(
//!     r#"{"totalResults": 1, "Resources": [{"userName": "bjensen"}]}"#,
//! )?;
//! assert_eq!(page.resources[0].user_name, "bjensen");
//!
//! // A body a server cannot decode becomes a SCIM error response.
//! let bad = scim_core::from_str::<User>(r#"{"userName": 7}"#).unwrap_err();
//! let reply = ScimError::from(&bad);
//! assert_eq!(reply.status.code(), 400);
//! assert_eq!(reply.scim_type, Some(ScimType::InvalidValue));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Filters and PATCH paths
//!
//! [`Filter`] reads the filter language of RFC 7644 §3.4.2.2 and
//! [`PatchPath`] the PATCH `path` of §3.5.2 into a syntax tree, and prints
//! a canonical form that reads back equal. See the [`filter`] module for
//! the grammar, the limits that make hostile text safe, and [`ParseError`].
//!
//! ```
//! use scim_core::{Filter, PatchPath};
//!
//! let f: Filter = r#"emails[type eq "work" AND value co "@example.com"]"#.parse()?;
//! assert_eq!(f.to_string(), r#"emails[type eq "work" and value co "@example.com"]"#);
//!
//! let p: PatchPath = r#"addresses[type eq "work"].streetAddress"#.parse()?;
//! assert_eq!(p.sub_attr(), Some("streetAddress"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors
//!
//! [`from_slice`], [`from_str`] and [`from_value`] decode any SCIM type and
//! report the attribute path of a failure, with the `scimType` a server
//! would answer. [`Filter::parse`] and [`PatchPath::parse`] give a
//! [`ParseError`] with the byte offset of the problem and its `scimType`
//! (`invalidFilter` or `invalidPath`). Nothing in this crate panics on input.
//!
//! # PATCH
//!
//! [`patch::Patcher`] applies a [`PatchOp`] to a resource as RFC 7644
//! §3.5.2 says, all or nothing, with the attribute characteristics of a
//! [`SchemaRegistry`]; [`patch::Tolerance`] reads the dialects identity
//! providers send, reporting each departure; [`patch::diff`] computes the
//! PATCH that turns one version of a resource into another.
//!
//! ```
//! use scim_core::patch::{diff, DiffOptions, Patcher};
//! use serde_json::json;
//!
//! let old = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"});
//! let new = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "title": "Tour Guide"});
//! let patch = diff(&old, &new, &DiffOptions::new());
//! let mut patched = old.clone();
//! Patcher::core().apply(&mut patched, &patch)?;
//! assert_eq!(patched, new);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Schemas and validation
//!
//! [`SchemaRegistry`] holds the core schemas of RFC 7643 (as data, see
//! [`schema`]) and any of your own, and answers what an attribute's
//! characteristics are (`caseExact`, `mutability`, `multiValued`, …).
//! [`validate::Validator`] checks a whole resource against them.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod datetime;
mod depth;
mod error;
pub mod filter;
pub mod message;
mod object;
pub mod patch;
pub mod resource;
pub mod schema;
pub mod validate;

pub use datetime::{DateTime, InvalidDateTime};
pub use error::{DecodeError, DecodeErrorKind, ScimType, from_slice, from_str, from_value};
pub use filter::{AttrPath, Filter, ParseError, PatchPath};
pub use message::{
    AuthenticationScheme, BulkConfig, BulkMethod, BulkOperation, BulkOperationResponse,
    BulkRequest, BulkResponse, FeatureSupport, FilterConfig, ListResponse, PatchOp, PatchOpKind,
    PatchOperation, ResourceType, SchemaExtension, ScimError, SearchRequest, ServiceProviderConfig,
    SortOrder, Status,
};
pub use resource::{
    Address, Email, EnterpriseUser, Group, Im, Manager, Member, Meta, MultiValue, Name, Password,
    PhoneNumber, Resource, User,
};
pub use schema::{
    Attribute, AttributeType, Mutability, Returned, Schema, SchemaRegistry, Uniqueness, urn,
};
