//! A ready [`Transport`] over [reqwest](https://docs.rs/reqwest) 0.12 with
//! rustls (feature `reqwest`).
//!
//! ```no_run
//! use scim_client::reqwest::ReqwestTransport;
//! use scim_client::{Auth, Client};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("https://example.com/scim/v2".parse()?)
//!     .auth(Auth::bearer(std::env::var("SCIM_TOKEN")?)?)
//!     .build(ReqwestTransport::new()?)?;
//! let config = client.service_provider_config().await?;
//! # let _ = config;
//! # Ok(()) }
//! ```
//!
//! The client does its own retries; this transport only sends. It needs a
//! tokio runtime, as reqwest does.

use std::time::Duration;

use crate::transport::{HttpRequest, HttpResponse, Transport};

/// The largest response body read by default: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// Sends requests with a `reqwest::Client`.
///
/// [`ReqwestTransport::new`] uses rustls with the Mozilla root
/// certificates, a 30 s connect timeout, a 120 s request timeout, and no
/// redirects (a SCIM endpoint has no reason to redirect, and following one
/// to another host would take the request body there). Bring your own
/// client with [`ReqwestTransport::from_client`] for proxies, custom roots
/// or client certificates.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: ::reqwest::Client,
    max_response_size: usize,
}

/// Why a [`ReqwestTransport`] exchange failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReqwestError {
    /// reqwest could not send the request or read the response
    /// (connection, TLS, timeout).
    #[error(transparent)]
    Reqwest(#[from] ::reqwest::Error),
    /// The response body was larger than the limit.
    #[error("the response body is larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The response could not be rebuilt as an `http::Response`.
    #[error(transparent)]
    Http(#[from] http::Error),
}

impl ReqwestTransport {
    /// A transport with its own reqwest client, configured as described on
    /// [`ReqwestTransport`].
    ///
    /// # Errors
    ///
    /// When reqwest cannot set up TLS.
    pub fn new() -> Result<ReqwestTransport, ReqwestError> {
        let client = ::reqwest::Client::builder()
            .use_rustls_tls()
            .connect_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(120))
            .redirect(::reqwest::redirect::Policy::none())
            .build()?;
        Ok(ReqwestTransport::from_client(client))
    }

    /// A transport over a reqwest client you configured.
    pub fn from_client(client: ::reqwest::Client) -> ReqwestTransport {
        ReqwestTransport {
            client,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
        }
    }

    /// The largest response body read; a larger one is an error. Defaults
    /// to [`DEFAULT_MAX_RESPONSE_SIZE`].
    pub fn max_response_size(mut self, bytes: usize) -> ReqwestTransport {
        self.max_response_size = bytes;
        self
    }

    /// The reqwest client.
    pub fn client(&self) -> &::reqwest::Client {
        &self.client
    }
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    type Error = ReqwestError;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, ReqwestError> {
        let request = ::reqwest::Request::try_from(request)?;
        let mut response = self.client.execute(request).await?;
        if response
            .content_length()
            .is_some_and(|n| n > self.max_response_size as u64)
        {
            return Err(ReqwestError::TooLarge {
                limit: self.max_response_size,
            });
        }
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = std::mem::take(response.headers_mut());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > self.max_response_size {
                return Err(ReqwestError::TooLarge {
                    limit: self.max_response_size,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(builder.body(body)?)
    }
}
