//! The client, its builder, and typed operations per resource type.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::LOCATION;
use http::{HeaderValue, Method};
use scim_core::filter::Evaluator;
use scim_core::{
    Filter, Group, ListResponse, PatchOp, Resource, ResourceType, Schema, SearchRequest,
    ServiceProviderConfig, User,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use crate::auth::Auth;
use crate::error::{BuildError, Error, RequestError};
use crate::pager::Pager;
use crate::request::{self, CommonHeaders, ListQuery, Projection};
use crate::response::{self, Versioned};
use crate::retry::{Jitter, RetryPolicy, Sleep, ThreadSleep};
use crate::transport::{HttpResponse, Transport};

/// The user agent sent unless [`ClientBuilder::user_agent`] sets another.
pub const DEFAULT_USER_AGENT: &str = concat!("scim-client/", env!("CARGO_PKG_VERSION"));

/// A SCIM client over a [`Transport`].
///
/// Cheap to share: clone it when the transport is `Clone` (for example an
/// `Arc`), or share it by reference; every method takes `&self`.
///
/// Typed operations live on [`Resources`] handles: [`Client::users`],
/// [`Client::groups`], and [`Client::resources`] for any other resource
/// type. Discovery is on the client itself.
///
/// # Example
///
/// ```
/// use scim_client::{Auth, Client};
/// use scim_client::transport::HttpRequest;
/// use scim_core::User;
///
/// # pollster::block_on(async {
/// // A closure is a transport: here, a server that creates every user as id 1.
/// let server = |req: HttpRequest| async move {
///     assert_eq!(req.uri(), "https://example.com/scim/v2/Users");
///     assert_eq!(req.headers()["authorization"], "Bearer t0ken");
///     let mut user: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
///     user["id"] = "1".into();
///     Ok::<_, std::convert::Infallible>(
///         http::Response::builder()
///             .status(201)
///             .header("content-type", "application/scim+json")
///             .header("location", "https://example.com/scim/v2/Users/1")
///             .header("etag", "W/\"1\"")
///             .body(serde_json::to_vec(&user).unwrap())
///             .unwrap(),
///     )
/// };
/// let client = Client::builder("https://example.com/scim/v2".parse()?)
///     .auth(Auth::bearer("t0ken")?)
///     .build(server)?;
///
/// let created = client.users().create(&User::new("bjensen")).await?;
/// assert_eq!(created.id.as_deref(), Some("1"));
/// assert_eq!(created.version.as_deref(), Some("W/\"1\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # }).unwrap();
/// ```
pub struct Client<T> {
    transport: T,
    shared: Arc<Shared>,
}

struct Shared {
    base: Url,
    auth: Auth,
    user_agent: HeaderValue,
    params: Vec<EndpointParam>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    jitter: Jitter,
    page_size: u64,
    max_pages: u64,
}

#[derive(Clone, Debug)]
struct EndpointParam {
    endpoint: String,
    name: String,
    value: String,
}

impl<T: Clone> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            transport: self.transport.clone(),
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> fmt::Debug for Client<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base.as_str())
            .field("auth", &self.shared.auth)
            .field("user_agent", &self.shared.user_agent)
            .field("retry", &self.shared.retry)
            .field("page_size", &self.shared.page_size)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`]. Every setter has a default.
///
/// ```
/// use std::time::Duration;
/// use scim_client::{Auth, ClientBuilder, RetryPolicy};
///
/// let builder = ClientBuilder::new("https://example.com/scim/v2/".parse()?)
///     .auth(Auth::bearer("token")?)
///     .user_agent("acme-provisioner/2.1")
///     .query_param("Users", "tenant", "acme")
///     .retry(RetryPolicy::new().max_attempts(5))
///     .page_size(200);
/// # let _ = builder;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ClientBuilder {
    base: Url,
    auth: Auth,
    user_agent: Option<String>,
    params: Vec<EndpointParam>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    page_size: u64,
    max_pages: u64,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base.as_str())
            .field("auth", &self.auth)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("page_size", &self.page_size)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Settings for a service provider whose SCIM endpoints live under
    /// `base_url`, such as `https://example.com/scim/v2` (a trailing slash
    /// makes no difference; a query string is kept and sent with every
    /// request).
    pub fn new(base_url: Url) -> ClientBuilder {
        ClientBuilder {
            base: base_url,
            auth: Auth::none(),
            user_agent: None,
            params: Vec::new(),
            retry: RetryPolicy::new(),
            sleep: Arc::new(ThreadSleep),
            page_size: 100,
            max_pages: 100_000,
        }
    }

    /// How requests authenticate. Keep a clone of the [`Auth`] to rotate
    /// the credential later. Defaults to [`Auth::none`].
    pub fn auth(mut self, auth: Auth) -> ClientBuilder {
        self.auth = auth;
        self
    }

    /// The `User-Agent` header. Defaults to [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> ClientBuilder {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A query parameter sent with every list and search request to
    /// `endpoint` (for example `Users`), as some services require. May be
    /// called several times. Defaults to none.
    pub fn query_param(
        mut self,
        endpoint: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> ClientBuilder {
        self.params.push(EndpointParam {
            endpoint: endpoint.into(),
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// When to retry. Defaults to [`RetryPolicy::new`].
    pub fn retry(mut self, policy: RetryPolicy) -> ClientBuilder {
        self.retry = policy;
        self
    }

    /// How to wait between attempts. Defaults to [`ThreadSleep`], which
    /// needs no runtime.
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> ClientBuilder {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The `count` a [`Pager`] asks for when its query sets none. Defaults
    /// to 100.
    pub fn page_size(mut self, size: u64) -> ClientBuilder {
        self.page_size = size.max(1);
        self
    }

    /// The most pages a [`Pager`] fetches before it stops with
    /// [`PagingError::TooManyPages`](crate::PagingError::TooManyPages).
    /// Defaults to 100 000.
    pub fn max_pages(mut self, pages: u64) -> ClientBuilder {
        self.max_pages = pages.max(1);
        self
    }

    /// The client, sending through `transport`.
    ///
    /// # Errors
    ///
    /// [`BuildError`] when the base URL is not an absolute `http(s)` URL
    /// with a host, or the user agent cannot be a header value.
    pub fn build<T: Transport>(self, transport: T) -> Result<Client<T>, BuildError> {
        let mut base = self.base;
        if !matches!(base.scheme(), "http" | "https")
            || base.cannot_be_a_base()
            || base.host_str().is_none_or(str::is_empty)
        {
            return Err(BuildError::BaseUrl(base.to_string()));
        }
        base.set_fragment(None);
        let user_agent = match &self.user_agent {
            Some(ua) => HeaderValue::from_str(ua).map_err(|_| BuildError::UserAgent)?,
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
        };
        Ok(Client {
            transport,
            shared: Arc::new(Shared {
                base,
                auth: self.auth,
                user_agent,
                params: self.params,
                retry: self.retry,
                sleep: self.sleep,
                jitter: Jitter::new(),
                page_size: self.page_size,
                max_pages: self.max_pages,
            }),
        })
    }
}

/// One request as the client sends it, before headers.
pub(crate) struct Call<'a> {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) if_match: Option<&'a str>,
    pub(crate) resource_type: &'a str,
    /// Safe to repeat after a transport error even if the method is not
    /// idempotent (`POST /.search`).
    pub(crate) safe: bool,
}

impl Client<()> {
    /// Settings for a client; see [`ClientBuilder::new`].
    pub fn builder(base_url: Url) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }
}

impl<T: Transport> Client<T> {
    /// The base URL, as given to the builder.
    pub fn base_url(&self) -> &Url {
        &self.shared.base
    }

    /// The credential handle; rotating it affects this client at once.
    pub fn auth(&self) -> &Auth {
        &self.shared.auth
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Operations on `/Users`.
    pub fn users(&self) -> Resources<'_, T, User> {
        self.resources("Users")
    }

    /// Operations on `/Groups`.
    pub fn groups(&self) -> Resources<'_, T, Group> {
        self.resources("Groups")
    }

    /// Operations on any endpoint, read as `R`: a custom resource type,
    /// [`Resource`] for untyped access, or `User`/`Group` with a
    /// non-standard endpoint.
    ///
    /// ```
    /// # fn f<T: scim_client::transport::Transport>(client: &scim_client::Client<T>) {
    /// let devices = client.resources::<scim_core::Resource>("/Devices");
    /// # let _ = devices;
    /// # }
    /// ```
    pub fn resources<R>(&self, endpoint: impl Into<Cow<'static, str>>) -> Resources<'_, T, R> {
        Resources {
            client: self,
            endpoint: endpoint.into(),
            _resource: PhantomData,
        }
    }

    /// `POST /.search` at the root: a query across every resource type
    /// (RFC 7644 §3.4.3). Resources of any type come back as
    /// [`Resource`]; `meta.resourceType` says which is which.
    ///
    /// # Errors
    ///
    /// As every request; many servers do not support root searches (404
    /// or 501).
    pub async fn search(&self, search: &SearchRequest) -> Result<ListResponse<Resource>, Error> {
        let url = self.endpoint_url(".search")?;
        let response = self.post(url, search, "", true).await?;
        response::decode(&response)
    }

    /// `GET /ServiceProviderConfig` (RFC 7644 §4).
    ///
    /// A server that answers 404 is asked for `/ServiceProviderConfigs`,
    /// the SCIM 1.1 name some servers still use.
    ///
    /// # Errors
    ///
    /// As every request: see [`Error`]; the error of the first request
    /// when both fail.
    pub async fn service_provider_config(&self) -> Result<ServiceProviderConfig, Error> {
        let url = self.endpoint_url("ServiceProviderConfig")?;
        let response = match self.get_url(url, "ServiceProviderConfig").await {
            Ok(response) => response,
            Err(err) if err.is_not_found() => {
                let legacy = self.endpoint_url("ServiceProviderConfigs")?;
                self.get_url(legacy, "ServiceProviderConfig")
                    .await
                    .map_err(|_| err)?
            }
            Err(err) => return Err(err),
        };
        response::decode(&response)
    }

    /// `GET /Schemas`: every schema the server knows. A bare JSON array is
    /// accepted as well as a list response.
    ///
    /// # Errors
    ///
    /// As every request: see [`Error`].
    pub async fn schemas(&self) -> Result<Vec<Schema>, Error> {
        self.discovery_list("Schemas").await
    }

    /// `GET /ResourceTypes`: every resource type the server serves. A bare
    /// JSON array is accepted as well as a list response.
    ///
    /// # Errors
    ///
    /// As every request: see [`Error`].
    pub async fn resource_types(&self) -> Result<Vec<ResourceType>, Error> {
        self.discovery_list("ResourceTypes").await
    }

    async fn discovery_list<R: DeserializeOwned>(&self, endpoint: &str) -> Result<Vec<R>, Error> {
        let url = self.endpoint_url(endpoint)?;
        let response = self.get_url(url, endpoint).await?;
        // Try the standard form first so its decode errors are the ones
        // reported.
        match response::decode::<ListResponse<R>>(&response) {
            Ok(list) => Ok(list.resources),
            Err(err) => response::decode::<Vec<R>>(&response).map_err(|_| err),
        }
    }

    pub(crate) fn endpoint_url(&self, endpoint: &str) -> Result<Url, Error> {
        Ok(request::endpoint_url(&self.shared.base, endpoint)?)
    }

    pub(crate) fn extra_params(&self, endpoint: &str) -> Vec<(String, String)> {
        let wanted = endpoint.trim_matches('/');
        self.shared
            .params
            .iter()
            .filter(|p| p.endpoint.trim_matches('/').eq_ignore_ascii_case(wanted))
            .map(|p| (p.name.clone(), p.value.clone()))
            .collect()
    }

    pub(crate) fn page_size(&self) -> u64 {
        self.shared.page_size
    }

    pub(crate) fn max_pages(&self) -> u64 {
        self.shared.max_pages
    }

    async fn get_url(&self, url: Url, resource_type: &str) -> Result<HttpResponse, Error> {
        self.execute(Call {
            method: Method::GET,
            url,
            body: None,
            if_match: None,
            resource_type,
            safe: true,
        })
        .await
    }

    /// `POST`s `body` as JSON to `url`. `safe` when sending it again after
    /// a transport error cannot change anything on the server (a
    /// `/.search`).
    pub(crate) async fn post<B: Serialize + ?Sized>(
        &self,
        url: Url,
        body: &B,
        resource_type: &str,
        safe: bool,
    ) -> Result<HttpResponse, Error> {
        let body = request::json_body(body)?;
        self.execute(Call {
            method: Method::POST,
            url,
            body: Some(body),
            if_match: None,
            resource_type,
            safe,
        })
        .await
    }

    /// Sends `call` with retries and returns the 2xx response.
    pub(crate) async fn execute(&self, call: Call<'_>) -> Result<HttpResponse, Error> {
        let span = tracing::debug_span!(
            "scim_request",
            method = %call.method,
            resource_type = call.resource_type,
            path = call.url.path(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
        );
        self.execute_inner(&call, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute_inner(
        &self,
        call: &Call<'_>,
        span: &tracing::Span,
    ) -> Result<HttpResponse, Error> {
        let shared = &*self.shared;
        let mut attempt: u32 = 0;
        let mut elapsed = Duration::ZERO;
        // An earlier attempt may have reached the server: its answer was
        // lost to a transport error.
        let mut answer_lost = false;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempt", attempt);
            let (authorization, secrets) = shared.auth.header_and_secrets();
            let headers = CommonHeaders {
                user_agent: shared.user_agent.clone(),
                authorization,
            };
            let request = request::build(
                call.method.clone(),
                &call.url,
                &headers,
                call.body.clone(),
                call.if_match,
            )?;
            let started = Instant::now();
            let result = self.transport.send(request).await;
            elapsed = elapsed.saturating_add(started.elapsed());
            let mut error = match result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if answer_lost
                        && call.method == Method::DELETE
                        && response.status() == http::StatusCode::NOT_FOUND
                    {
                        // The lost attempt deleted it: the DELETE is done.
                        tracing::debug!(
                            status = 404,
                            "SCIM resource already deleted by an attempt whose answer was lost"
                        );
                        return Ok(response);
                    }
                    match response::check_status(&response, SystemTime::now()) {
                        Ok(()) => {
                            tracing::debug!(status = response.status().as_u16(), "SCIM response");
                            return Ok(response);
                        }
                        Err(error) => error,
                    }
                }
                Err(error) => Error::transport(error),
            };
            error.redact(&secrets);
            let delay = shared.retry.delay(
                attempt,
                elapsed,
                &error,
                &call.method,
                call.safe,
                shared.jitter.next(),
            );
            match delay {
                Some(delay) => {
                    answer_lost |= matches!(error, Error::Transport(_));
                    tracing::debug!(
                        attempt,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        error = %error,
                        "retrying SCIM request"
                    );
                    shared.sleep.sleep(delay).await;
                    elapsed = elapsed.saturating_add(delay);
                }
                None => {
                    tracing::debug!(attempt, error = %error, "SCIM request failed");
                    return Err(error);
                }
            }
        }
    }
}

/// Typed operations on one resource endpoint, from [`Client::users`],
/// [`Client::groups`] or [`Client::resources`].
///
/// `R` is what the server's resources are read into and written from:
/// [`User`], [`Group`], [`Resource`], or your own type.
pub struct Resources<'c, T, R> {
    client: &'c Client<T>,
    endpoint: Cow<'static, str>,
    _resource: PhantomData<fn() -> R>,
}

impl<T, R> Clone for Resources<'_, T, R> {
    fn clone(&self) -> Self {
        Resources {
            client: self.client,
            endpoint: self.endpoint.clone(),
            _resource: PhantomData,
        }
    }
}

impl<T, R> fmt::Debug for Resources<'_, T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Resources")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl<'c, T, R> Resources<'c, T, R>
where
    T: Transport,
    R: DeserializeOwned,
{
    /// The endpoint, as given.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `POST /{endpoint}`: creates a resource (RFC 7644 §3.3) and returns
    /// it as the server stored it.
    ///
    /// A server that answers 201 without a body but with a `Location` on
    /// the same origin as the base URL is asked for the resource with a
    /// `GET`.
    ///
    /// # Errors
    ///
    /// As every request; a 409 with `scimType` `uniqueness` when the
    /// resource exists.
    pub async fn create(&self, resource: &R) -> Result<Versioned<R>, Error>
    where
        R: Serialize,
    {
        let url = self.client.endpoint_url(&self.endpoint)?;
        let response = self
            .client
            .post(url.clone(), resource, &self.endpoint, false)
            .await?;
        if response::is_empty(&response) {
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| url.join(v.trim()).ok())
                .filter(|l| same_origin(l, self.client.base_url()));
            if let Some(location) = location {
                let fetched = self
                    .client
                    .get_url(location.clone(), &self.endpoint)
                    .await?;
                let mut created = response::resource::<R>(&fetched, &location)?;
                created.location.get_or_insert(location);
                return Ok(created);
            }
        }
        response::resource(&response, &url)
    }

    /// `GET /{endpoint}/{id}`: one resource, with every attribute returned
    /// by default (RFC 7644 §3.4.1).
    ///
    /// # Errors
    ///
    /// As every request; [`Error::is_not_found`] when there is no such
    /// resource.
    pub async fn get(&self, id: &str) -> Result<Versioned<R>, Error> {
        self.get_with(id, &Projection::all()).await
    }

    /// `GET /{endpoint}/{id}` with `attributes` or `excludedAttributes`.
    ///
    /// A projection can leave out attributes that `R` requires (`userName`
    /// of a [`User`]); read such projections with [`Resource`].
    ///
    /// # Errors
    ///
    /// As [`get`](Resources::get).
    pub async fn get_with(&self, id: &str, projection: &Projection) -> Result<Versioned<R>, Error> {
        let url = request::resource_url(self.client.base_url(), &self.endpoint, id)?;
        let url = request::with_query(url, &projection.to_query(), &[]);
        let response = self.client.get_url(url.clone(), &self.endpoint).await?;
        response::resource(&response, &url)
    }

    /// `PUT /{endpoint}/{id}`: replaces the resource (RFC 7644 §3.5.1).
    ///
    /// When `resource` carries `meta.version`, it is sent as `If-Match`,
    /// so the server refuses (412) to overwrite a version changed since it
    /// was read. Use [`replace_if_match`](Resources::replace_if_match) to
    /// choose explicitly.
    ///
    /// # Errors
    ///
    /// As every request; [`Error::is_precondition_failed`] on a version
    /// mismatch.
    pub async fn replace(&self, id: &str, resource: &R) -> Result<Versioned<R>, Error>
    where
        R: Serialize,
    {
        let value =
            serde_json::to_value(resource).map_err(|e| RequestError::Encode(e.to_string()))?;
        let version = meta_version(&value);
        self.put(id, &value, version.as_deref()).await
    }

    /// `PUT /{endpoint}/{id}` with `If-Match: version`, or with no
    /// precondition when `version` is `None`.
    ///
    /// # Errors
    ///
    /// As [`replace`](Resources::replace).
    pub async fn replace_if_match(
        &self,
        id: &str,
        resource: &R,
        version: Option<&str>,
    ) -> Result<Versioned<R>, Error>
    where
        R: Serialize,
    {
        self.put(id, resource, version).await
    }

    async fn put<B: Serialize + ?Sized>(
        &self,
        id: &str,
        body: &B,
        version: Option<&str>,
    ) -> Result<Versioned<R>, Error> {
        let url = request::resource_url(self.client.base_url(), &self.endpoint, id)?;
        let body = request::json_body(body)?;
        let response = self
            .client
            .execute(Call {
                method: Method::PUT,
                url: url.clone(),
                body: Some(body),
                if_match: version,
                resource_type: &self.endpoint,
                safe: true,
            })
            .await?;
        response::resource(&response, &url)
    }

    /// `PATCH /{endpoint}/{id}` (RFC 7644 §3.5.2).
    ///
    /// Returns the resource when the server answers 200 with it, and
    /// `None` when it answers 204 without a body (both are allowed); use
    /// [`patch_and_get`](Resources::patch_and_get) to always get the
    /// resource.
    ///
    /// # Errors
    ///
    /// As every request. A PATCH is not sent again after a transport
    /// error, since it may have been applied.
    pub async fn patch(&self, id: &str, op: &PatchOp) -> Result<Option<Versioned<R>>, Error> {
        self.patch_if_match(id, op, None).await
    }

    /// `PATCH` with `If-Match: version` when `version` is given.
    ///
    /// # Errors
    ///
    /// As [`patch`](Resources::patch); [`Error::is_precondition_failed`]
    /// on a version mismatch.
    pub async fn patch_if_match(
        &self,
        id: &str,
        op: &PatchOp,
        version: Option<&str>,
    ) -> Result<Option<Versioned<R>>, Error> {
        let url = request::resource_url(self.client.base_url(), &self.endpoint, id)?;
        let body = request::json_body(op)?;
        let response = self
            .client
            .execute(Call {
                method: Method::PATCH,
                url: url.clone(),
                body: Some(body),
                if_match: version,
                resource_type: &self.endpoint,
                safe: false,
            })
            .await?;
        if response::is_empty(&response) {
            return Ok(None);
        }
        response::resource(&response, &url).map(Some)
    }

    /// `PATCH`, then the resource: from the response when the server
    /// returned it, otherwise from a `GET`.
    ///
    /// # Errors
    ///
    /// As [`patch`](Resources::patch) and [`get`](Resources::get).
    pub async fn patch_and_get(&self, id: &str, op: &PatchOp) -> Result<Versioned<R>, Error> {
        match self.patch(id, op).await? {
            Some(resource) => Ok(resource),
            None => self.get(id).await,
        }
    }

    /// `DELETE /{endpoint}/{id}` (RFC 7644 §3.6).
    ///
    /// A DELETE is sent again after a transport error. When the retry is
    /// answered 404, the lost attempt deleted the resource, and the call
    /// succeeds.
    ///
    /// # Errors
    ///
    /// As every request; [`Error::is_not_found`] when there is no such
    /// resource (already deleted).
    pub async fn delete(&self, id: &str) -> Result<(), Error> {
        self.delete_if_match(id, None).await
    }

    /// `DELETE` with `If-Match: version` when `version` is given.
    ///
    /// # Errors
    ///
    /// As [`delete`](Resources::delete).
    pub async fn delete_if_match(&self, id: &str, version: Option<&str>) -> Result<(), Error> {
        let url = request::resource_url(self.client.base_url(), &self.endpoint, id)?;
        self.client
            .execute(Call {
                method: Method::DELETE,
                url,
                body: None,
                if_match: version,
                resource_type: &self.endpoint,
                safe: true,
            })
            .await?;
        Ok(())
    }

    /// The first resource matching `filter`, or `None` when there is none.
    ///
    /// Meant for unique attributes (`userName`, `externalId`,
    /// `displayName` of a group): the usual look-up before a create. Every
    /// returned resource is checked against `filter` on the client too, so
    /// a server that ignores the filter and lists everything cannot make
    /// this return the wrong resource; it is then paged through until a
    /// match is found.
    ///
    /// ```no_run
    /// # async fn run<T: scim_client::transport::Transport>(client: scim_client::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use scim_core::filter::attr;
    ///
    /// let filter = attr("userName").eq("o'hara@example.com").build()?;
    /// match client.users().find_one(&filter).await? {
    ///     Some(user) => println!("exists: {:?}", user.id),
    ///     None => println!("not found"),
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`list`](Resources::list); a server that does not support
    /// filtering answers 400 or 501.
    pub async fn find_one(&self, filter: &Filter) -> Result<Option<R>, Error>
    where
        R: Serialize,
    {
        let evaluator = Evaluator::core();
        let mut pager = self.pages(ListQuery::new().filter(filter));
        while let Some(item) = pager.next().await {
            let item = item?;
            let value =
                serde_json::to_value(&item).map_err(|e| RequestError::Encode(e.to_string()))?;
            // A filter the evaluator cannot apply (unknown attribute
            // types) is left to the server.
            if evaluator.matches(filter, &value).unwrap_or(true) {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }

    /// `GET /{endpoint}?…`: one page of a query (RFC 7644 §3.4.2). To read
    /// every page, use [`pages`](Resources::pages).
    ///
    /// # Errors
    ///
    /// As every request; a 400 with `scimType` `invalidFilter` for a
    /// filter the server does not accept.
    pub async fn list(&self, query: &ListQuery) -> Result<ListResponse<R>, Error> {
        let response = self.list_response(query).await?;
        response::decode(&response)
    }

    /// `POST /{endpoint}/.search` with a `SearchRequest` body: one page of
    /// a query, without putting the filter in the URL (RFC 7644 §3.4.3).
    ///
    /// # Errors
    ///
    /// As [`list`](Resources::list).
    pub async fn search(&self, search: &SearchRequest) -> Result<ListResponse<R>, Error> {
        let response = self.search_response(search).await?;
        response::decode(&response)
    }

    /// A [`Pager`] over every resource matching `query`, page after page
    /// with `GET`.
    pub fn pages(&self, query: ListQuery) -> Pager<'c, T, R> {
        Pager::new(self.client, self.endpoint.clone(), query, false)
    }

    /// A [`Pager`] over every resource matching `search`, page after page
    /// with `POST /.search`.
    pub fn search_pages(&self, search: &SearchRequest) -> Pager<'c, T, R> {
        let query = ListQuery::from_search_request(search);
        Pager::new(self.client, self.endpoint.clone(), query, true)
    }

    async fn list_response(&self, query: &ListQuery) -> Result<HttpResponse, Error> {
        list_request(self.client, &self.endpoint, query, false).await
    }

    async fn search_response(&self, search: &SearchRequest) -> Result<HttpResponse, Error> {
        post_search(self.client, &self.endpoint, &ListQuery::new(), search).await
    }
}

/// Sends one list request: `GET` with the query in the URL, or
/// `POST /.search` with it in the body.
pub(crate) async fn list_request<T: Transport>(
    client: &Client<T>,
    endpoint: &str,
    query: &ListQuery,
    post: bool,
) -> Result<HttpResponse, Error> {
    if post {
        let search = query.to_search_request();
        return post_search(client, endpoint, &query.extra_only(), &search).await;
    }
    let params = client.extra_params(endpoint);
    let url = request::with_query(client.endpoint_url(endpoint)?, query, &params);
    client.get_url(url, endpoint).await
}

/// `POST /{endpoint}/.search` with `search` as the body, and `in_url` and
/// the client's extra parameters for the endpoint in the URL.
async fn post_search<T: Transport>(
    client: &Client<T>,
    endpoint: &str,
    in_url: &ListQuery,
    search: &SearchRequest,
) -> Result<HttpResponse, Error> {
    let url = request::endpoint_url(client.base_url(), &format!("{endpoint}/.search"))?;
    let params = client.extra_params(endpoint);
    let url = request::with_query(url, in_url, &params);
    client.post(url, search, endpoint, true).await
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// `meta.version` of a resource, read case-insensitively.
fn meta_version(value: &serde_json::Value) -> Option<String> {
    let object = value.as_object()?;
    let meta = object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("meta"))?
        .1
        .as_object()?;
    meta.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("version"))?
        .1
        .as_str()
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        let t = |_: crate::transport::HttpRequest| async {
            Err::<HttpResponse, _>(std::io::Error::other("unused"))
        };
        for bad in ["mailto:a@b", "file:///tmp/x", "data:text/plain,x"] {
            let err = Client::builder(bad.parse().unwrap()).build(t).unwrap_err();
            assert!(matches!(err, BuildError::BaseUrl(_)), "{bad}");
        }
        let err = Client::builder("https://h/".parse().unwrap())
            .user_agent("bad\nagent")
            .build(t)
            .unwrap_err();
        assert_eq!(err, BuildError::UserAgent);
        let ok = Client::builder("https://h/scim#frag".parse().unwrap())
            .build(t)
            .unwrap();
        assert_eq!(ok.base_url().as_str(), "https://h/scim");
    }

    #[test]
    fn meta_version_is_read_in_any_case() {
        let v = serde_json::json!({"Meta": {"VERSION": "W/\"1\""}});
        assert_eq!(meta_version(&v).as_deref(), Some("W/\"1\""));
        assert_eq!(meta_version(&serde_json::json!({"meta": {}})), None);
    }

    #[test]
    fn extra_params_match_the_endpoint() {
        let t = |_: crate::transport::HttpRequest| async {
            Err::<HttpResponse, _>(std::io::Error::other("unused"))
        };
        let c = Client::builder("https://h/".parse().unwrap())
            .query_param("/Users", "a", "1")
            .query_param("users", "b", "2")
            .query_param("Groups", "c", "3")
            .build(t)
            .unwrap();
        assert_eq!(
            c.extra_params("Users"),
            [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "2".to_owned())
            ]
        );
        assert!(c.extra_params("Devices").is_empty());
    }
}
