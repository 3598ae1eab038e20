//! Schemas (RFC 7643 §7), resource types (§6), service provider
//! configuration (§5), and the schema URNs.

mod builtin;
mod registry;
mod types;

pub use builtin::{common_attributes, enterprise_user_schema, group_schema, user_schema};
pub use registry::SchemaRegistry;
pub(crate) use registry::split_urn;
pub use types::{Attribute, AttributeType, Mutability, Returned, Schema, Uniqueness};

/// The schema and message URNs defined by RFC 7643 and RFC 7644.
pub mod urn {
    /// The core User schema (RFC 7643 §4.1).
    pub const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    /// The core Group schema (RFC 7643 §4.2).
    pub const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /// The enterprise User extension (RFC 7643 §4.3).
    pub const ENTERPRISE_USER: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /// The service provider configuration schema (RFC 7643 §5).
    pub const SERVICE_PROVIDER_CONFIG: &str =
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    /// The resource type schema (RFC 7643 §6).
    pub const RESOURCE_TYPE: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    /// The schema of schemas (RFC 7643 §7).
    pub const SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    /// A list response (RFC 7644 §3.4.2).
    pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /// A query request sent with POST `/.search` (RFC 7644 §3.4.3).
    pub const SEARCH_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    /// A PATCH request (RFC 7644 §3.5.2).
    pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /// A bulk request (RFC 7644 §3.7).
    pub const BULK_REQUEST: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    /// A bulk response (RFC 7644 §3.7).
    pub const BULK_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    /// An error response (RFC 7644 §3.12).
    pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
}
