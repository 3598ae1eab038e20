//! The connection check: is the base URL a SCIM service, and is the
//! credential accepted?

use std::fmt;

/// Why a connection check failed, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectionError {
    /// 401: the service did not accept the credential.
    #[error(
        "the service rejected the credential (401 Unauthorized): check the token, and that it is sent with the scheme the service expects"
    )]
    Unauthorized,
    /// 403: the credential is valid but may not manage users.
    #[error(
        "the credential is not allowed to manage users (403 Forbidden): give the token's account the provisioning permission"
    )]
    Forbidden,
    /// 404: nothing answers at the base URL.
    #[error(
        "no SCIM service at the base URL (404 Not Found): check its path (such as `/scim/v2`) and the tenant or region in it"
    )]
    NotFound,
    /// Another status.
    #[error("the service answered {status}: {detail}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// What the service said, without the credential.
        detail: String,
    },
    /// The request did not reach the service.
    #[error("the service could not be reached: {0}")]
    Unreachable(String),
}

impl ConnectionError {
    /// The error for an HTTP status and the service's message.
    pub fn from_status(status: u16, detail: impl fmt::Display) -> ConnectionError {
        match status {
            401 => ConnectionError::Unauthorized,
            403 => ConnectionError::Forbidden,
            404 => ConnectionError::NotFound,
            status => ConnectionError::Status {
                status,
                detail: detail.to_string(),
            },
        }
    }
}

/// What a successful check found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckedBy {
    /// `GET /ServiceProviderConfig` answered.
    Discovery,
    /// The service has no discovery; `GET /Users?count=1` answered.
    Listing,
}

impl fmt::Display for CheckedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CheckedBy::Discovery => "ServiceProviderConfig",
            CheckedBy::Listing => "a one-user listing",
        })
    }
}
