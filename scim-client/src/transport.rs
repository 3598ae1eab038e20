//! The [`Transport`] trait: how the client sends one HTTP exchange.

use std::sync::Arc;

/// An HTTP request as the client builds it: the body is JSON bytes.
pub type HttpRequest = http::Request<Vec<u8>>;
/// An HTTP response as a transport returns it: the body is raw bytes.
pub type HttpResponse = http::Response<Vec<u8>>;

/// Sends one HTTP exchange. Implement it for your HTTP stack.
///
/// The client never names a concrete HTTP library: it builds an
/// [`HttpRequest`], hands it to a `Transport`, and parses the
/// [`HttpResponse`]. A transport does no retries and no SCIM parsing; it
/// only reports the exchange, or the error that prevented it (connection
/// refused, timeout, TLS failure, …).
///
/// Implementations exist for `Arc<T>`, `Box<dyn Transport>`,
/// `&dyn Transport`, and for closures returning a future, which makes a
/// closure a mock server in tests. (A blanket impl for `&T` and `Box<T>`
/// would overlap with the closure impl; share a transport through `Arc`.)
///
/// ```
/// use scim_client::transport::{HttpRequest, HttpResponse, Transport};
///
/// # pollster::block_on(async {
/// let mock = |req: HttpRequest| async move {
///     assert_eq!(req.method(), http::Method::GET);
///     Ok::<_, std::io::Error>(
///         http::Response::builder()
///             .status(200)
///             .header("content-type", "application/scim+json")
///             .body(br#"{"userName": "bjensen"}"#.to_vec())
///             .unwrap(),
///     )
/// };
/// let req = http::Request::get("https://example.com/scim/v2/Users/1").body(Vec::new())?;
/// let resp: HttpResponse = mock.send(req).await?;
/// assert_eq!(resp.status(), 200);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// What prevented an exchange.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Sends `request` and returns the response, whatever its status.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error>;
}

#[async_trait::async_trait]
impl<'a, E> Transport for Box<dyn Transport<Error = E> + 'a>
where
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<'a, E> Transport for &'a (dyn Transport<Error = E> + 'a)
where
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    type Error = T::Error;
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        (**self).send(request).await
    }
}

#[async_trait::async_trait]
impl<F, Fut, E> Transport for F
where
    F: Fn(HttpRequest) -> Fut + Send + Sync,
    Fut: Future<Output = Result<HttpResponse, E>> + Send,
    E: std::error::Error + Send + Sync + 'static,
{
    type Error = E;
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, Self::Error> {
        self(request).await
    }
}
