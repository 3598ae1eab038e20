//! Mock transports and a fake clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use scim_client::transport::{HttpRequest, HttpResponse, Transport};
use scim_client::{Client, RetryPolicy};

/// The requests a mock received, in order.
pub(crate) type Log = Arc<Mutex<Vec<HttpRequest>>>;

/// A transport answering with `handler`, recording every request.
pub(crate) fn recording<F>(handler: F) -> (impl Transport<Error = std::io::Error> + Clone, Log)
where
    F: Fn(&HttpRequest) -> Result<HttpResponse, std::io::Error> + Send + Sync + 'static,
{
    let log: Log = Arc::default();
    let handler = Arc::new(handler);
    let seen = log.clone();
    let transport = move |req: HttpRequest| {
        let seen = seen.clone();
        let handler = handler.clone();
        async move {
            let result = handler(&req);
            seen.lock().unwrap().push(req);
            result
        }
    };
    (transport, log)
}

/// A response with a JSON body.
pub(crate) fn json(status: u16, body: serde_json::Value) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/scim+json")
        .body(serde_json::to_vec(&body).unwrap())
        .unwrap()
}

/// A response without a body.
pub(crate) fn empty(status: u16) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .body(Vec::new())
        .unwrap()
}

/// A SCIM error response.
pub(crate) fn scim_error(status: u16, scim_type: Option<&str>, detail: &str) -> HttpResponse {
    let mut body = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status.to_string(),
        "detail": detail,
    });
    if let Some(t) = scim_type {
        body["scimType"] = t.into();
    }
    json(status, body)
}

/// A sleep that returns at once and records the delays asked for.
#[derive(Clone, Default)]
pub(crate) struct FakeClock(pub Arc<Mutex<Vec<Duration>>>);

impl FakeClock {
    pub(crate) fn delays(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl scim_client::Sleep for FakeClock {
    fn sleep(&self, duration: Duration) -> scim_client::retry::SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

pub(crate) const BASE: &str = "https://scim.example.com/v2";

/// A client on `BASE` with a fake clock and no jitter.
pub(crate) fn client<T: Transport>(transport: T) -> (Client<T>, FakeClock) {
    let clock = FakeClock::default();
    let client = Client::builder(BASE.parse().unwrap())
        .sleep(clock.clone())
        .retry(RetryPolicy::new().jitter(false))
        .build(transport)
        .unwrap();
    (client, clock)
}

/// The query pairs of a request, decoded.
pub(crate) fn query(req: &HttpRequest) -> Vec<(String, String)> {
    let url = url::Url::parse(&req.uri().to_string()).unwrap();
    url.query_pairs().into_owned().collect()
}

/// One query parameter of a request.
pub(crate) fn param(req: &HttpRequest, name: &str) -> Option<String> {
    query(req)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

pub(crate) fn block_on<F: Future>(f: F) -> F::Output {
    pollster::block_on(f)
}
