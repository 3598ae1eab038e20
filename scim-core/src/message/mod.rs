//! SCIM protocol messages (RFC 7644) and the discovery resources of
//! RFC 7643 §5–6.
//!
//! * [`ListResponse`]: a page of query results (§3.4.2), with RFC 9865
//!   cursors;
//! * [`SearchRequest`]: a query sent with POST `/.search` (§3.4.3);
//! * [`PatchOp`]: the body of a PATCH request (§3.5.2);
//! * [`BulkRequest`] and [`BulkResponse`] (§3.7);
//! * [`ScimError`]: an error response (§3.12);
//! * [`ServiceProviderConfig`] (RFC 7643 §5) and [`ResourceType`] (§6).
//!
//! All of them read attribute names ignoring case and keep attributes they
//! do not model, like the resources of this crate.

mod bulk;
mod config;
mod error;
mod list;
mod patch;
mod resource_type;
mod search;

pub use bulk::{BulkMethod, BulkOperation, BulkOperationResponse, BulkRequest, BulkResponse};
pub use config::{
    AuthenticationScheme, BulkConfig, FeatureSupport, FilterConfig, ServiceProviderConfig,
};
pub use error::{ScimError, Status};
pub use list::ListResponse;
pub use patch::{PatchOp, PatchOpKind, PatchOperation};
pub use resource_type::{ResourceType, SchemaExtension};
pub use search::{SearchRequest, SortOrder};
