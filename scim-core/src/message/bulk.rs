//! Bulk requests and responses (RFC 7644 §3.7).

use serde_json::Value;

use super::error::Status;
use crate::object::{keyword_enum, scim_object};
use crate::schema::urn;

keyword_enum! {
    /// The HTTP method of a bulk operation (RFC 7644 §3.7).
    ///
    /// Read ignoring case, written in capitals.
    pub enum BulkMethod {
        /// Create a resource.
        Post = "POST",
        /// Replace a resource.
        Put = "PUT",
        /// Change a resource with a [`PatchOp`](crate::PatchOp).
        Patch = "PATCH",
        /// Delete a resource.
        Delete = "DELETE",
    }
}

scim_object! {
    /// A bulk request (RFC 7644 §3.7.1): several operations sent at once.
    ///
    /// ```
    /// use scim_core::{BulkMethod, BulkOperation, BulkRequest};
    /// use serde_json::json;
    ///
    /// let mut create = BulkOperation::new(BulkMethod::Post, "/Users");
    /// create.bulk_id = Some("qwerty".into());
    /// create.data = Some(json!({"userName": "Alice"}));
    /// let mut request = BulkRequest::new(vec![create]);
    /// request.fail_on_errors = Some(1);
    ///
    /// let json = serde_json::to_value(&request)?;
    /// assert_eq!(json["Operations"][0]["method"], "POST");
    /// assert_eq!(json["failOnErrors"], 1);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct BulkRequest {
        /// The message URN, `urn:ietf:params:scim:api:messages:2.0:BulkRequest`.
        schemas: Vec<String> => "schemas" (vec),
        /// The number of errors after which the server stops processing.
        fail_on_errors: Option<u64> => "failOnErrors" (opt),
        /// The operations, in order.
        operations: Vec<BulkOperation> => "Operations" (vec),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl BulkRequest {
    /// A bulk request with the `BulkRequest` URN and the given operations.
    pub fn new(operations: Vec<BulkOperation>) -> BulkRequest {
        BulkRequest {
            schemas: vec![urn::BULK_REQUEST.to_owned()],
            fail_on_errors: None,
            operations,
            extra: serde_json::Map::new(),
        }
    }
}

scim_object! {
    /// One operation of a bulk request (RFC 7644 §3.7).
    #[derive(Clone, Debug, PartialEq)]
    pub struct BulkOperation {
        /// The HTTP method.
        method: BulkMethod => "method" (req),
        /// A client-chosen identifier, required for POST, by which other
        /// operations refer to the new resource (`bulkId:<id>`).
        bulk_id: Option<String> => "bulkId" (opt),
        /// The resource version (entity tag) the operation expects.
        version: Option<String> => "version" (opt),
        /// The path relative to the base URL, for example `/Users` or
        /// `/Groups/<id>` (REQUIRED by the RFC).
        path: Option<String> => "path" (opt),
        /// The resource (POST, PUT) or the PATCH body (PATCH), as JSON.
        data: Option<Value> => "data" (raw),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl BulkOperation {
    /// An operation with the given method and path and nothing else.
    pub fn new(method: BulkMethod, path: impl Into<String>) -> BulkOperation {
        BulkOperation {
            method,
            bulk_id: None,
            version: None,
            path: Some(path.into()),
            data: None,
            extra: serde_json::Map::new(),
        }
    }
}

scim_object! {
    /// A bulk response (RFC 7644 §3.7): the outcome of each operation.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct BulkResponse {
        /// The message URN, `urn:ietf:params:scim:api:messages:2.0:BulkResponse`.
        schemas: Vec<String> => "schemas" (vec),
        /// The outcome of each operation processed.
        operations: Vec<BulkOperationResponse> => "Operations" (vec),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl BulkResponse {
    /// A bulk response with the `BulkResponse` URN and the given outcomes.
    pub fn new(operations: Vec<BulkOperationResponse>) -> BulkResponse {
        BulkResponse {
            schemas: vec![urn::BULK_RESPONSE.to_owned()],
            operations,
            extra: serde_json::Map::new(),
        }
    }
}

scim_object! {
    /// The outcome of one bulk operation (RFC 7644 §3.7).
    ///
    /// `status` is read as a JSON string, a number, or the
    /// `{"code": "201"}` object of the drafts before RFC 7644: see
    /// [`Status`](crate::Status).
    #[derive(Clone, Debug, PartialEq)]
    pub struct BulkOperationResponse {
        /// The HTTP method of the operation.
        method: BulkMethod => "method" (req),
        /// The `bulkId` of the operation, when it had one.
        bulk_id: Option<String> => "bulkId" (opt),
        /// The version of the resource after the operation.
        version: Option<String> => "version" (opt),
        /// The URI of the resource.
        location: Option<String> => "location" (opt),
        /// The HTTP status of the operation.
        status: Status => "status" (req),
        /// The response body, as JSON: a SCIM error when the operation
        /// failed, sometimes the resource when it succeeded.
        response: Option<Value> => "response" (raw),
        ;
        /// Attributes this type does not model, kept as read.
        extra
    }
}

impl BulkOperationResponse {
    /// An outcome with the given method and status and nothing else.
    pub fn new(method: BulkMethod, status: impl Into<Status>) -> BulkOperationResponse {
        BulkOperationResponse {
            method,
            bulk_id: None,
            version: None,
            location: None,
            status: status.into(),
            response: None,
            extra: serde_json::Map::new(),
        }
    }

    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status.code())
    }

    /// The response body as a SCIM error, when it decodes as one.
    pub fn error(&self) -> Option<super::ScimError> {
        if self.is_success() {
            return None;
        }
        self.response
            .clone()
            .and_then(|r| serde_json::from_value(r).ok())
    }
}
