//! The requests the connector sends, behind a small trait so that `apply`
//! reads the same over any client.

use scim_core::PatchOp;
use serde_json::Value;

/// A failed request, as the connector reports it: the HTTP status when
/// there was a response, and a message without secrets.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct ApiError {
    pub(crate) status: Option<u16>,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }

    pub(crate) fn is_conflict(&self) -> bool {
        self.status == Some(409)
    }
}

/// A resource type the connector writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Group,
}

/// What the connector needs from a SCIM client.
#[async_trait::async_trait]
pub(crate) trait Api: Send + Sync {
    /// `POST`; the created resource.
    async fn create(&self, kind: Kind, body: Value) -> Result<Value, ApiError>;
    /// `PUT`.
    async fn replace(&self, kind: Kind, id: &str, body: Value) -> Result<(), ApiError>;
    /// `PATCH`.
    async fn patch(&self, kind: Kind, id: &str, body: PatchOp) -> Result<(), ApiError>;
    /// `DELETE`.
    async fn delete(&self, kind: Kind, id: &str) -> Result<(), ApiError>;
    /// Every resource of a kind, over all pages.
    async fn list_all(&self, kind: Kind) -> Result<Vec<Value>, ApiError>;
    /// `GET /ServiceProviderConfig`, read and dropped.
    async fn discovery(&self) -> Result<(), ApiError>;
    /// `GET /Users?count=1`, read and dropped.
    async fn list_one(&self) -> Result<(), ApiError>;
    /// The users whose `userName` equals `user_name` (`filter=userName eq`).
    async fn find_user(&self, user_name: &str) -> Result<Option<Value>, ApiError>;
}
