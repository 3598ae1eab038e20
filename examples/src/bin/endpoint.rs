//! A SCIM 2.0 endpoint over HTTP: the in-memory service provider of
//! `scim-client` served by hyper on 127.0.0.1.
//!
//! Everything SCIM (Users, Groups, `/.search`, `/Bulk`, discovery, bearer
//! authentication, `ETag`s and preconditions, `Location`, SCIM error bodies)
//! is done by [`MemoryProvider`], which answers `http::Request`s. This
//! program is the part an endpoint adds around such a handler: it accepts
//! connections, reads each request body up to a limit, gives the handler an
//! absolute request URI (so that it writes `Location` and `meta.location`
//! with the address the client used), and writes the response back. The
//! same glue serves any [`Transport`].
//!
//! ```sh
//! cargo run -p scim-examples --bin endpoint -- --port 8080 --token s3cret
//! curl -H 'Authorization: Bearer s3cret' http://127.0.0.1:8080/scim/v2/Users
//! ```
//!
//! Options: `--port N` (default 0: any free port), `--token TOKEN` (default:
//! `$SCIM_ENDPOINT_TOKEN`; without either, requests need no authentication),
//! `--quiet` (no log line per request). Once listening, the program prints
//! `SCIM_BASE_URL=http://127.0.0.1:PORT/scim/v2` on standard output. It
//! listens on the loopback address only.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST};
use http::{HeaderValue, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use scim_client::memory::MemoryProvider;
use scim_client::transport::Transport;
use scim_core::ScimError;
use tokio::net::TcpListener;

/// Where the SCIM resources live under the server's root.
const BASE_PATH: &str = "/scim/v2";

/// The largest request body read; larger ones are refused with 413 before
/// they reach the handler. The provider enforces its own, smaller,
/// `bulk.maxPayloadSize` on top.
const MAX_BODY: usize = 4 * 1024 * 1024;

struct Options {
    port: u16,
    token: Option<String>,
    quiet: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        port: 0,
        token: std::env::var("SCIM_ENDPOINT_TOKEN")
            .ok()
            .filter(|t| !t.is_empty()),
        quiet: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: not a port number: {value}"))?;
            }
            "--token" => options.token = Some(args.next().ok_or("--token needs a value")?),
            "--quiet" => options.quiet = true,
            "--help" | "-h" => {
                return Err("usage: endpoint [--port N] [--token TOKEN] [--quiet]".to_owned());
            }
            other => return Err(format!("unknown argument {other} (try --help)")),
        }
    }
    Ok(options)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = match parse_args() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    // One thread is plenty for an example; the provider serialises writes.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(options))
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
    let local = listener.local_addr()?;
    let base_url = format!("http://{local}{BASE_PATH}");

    let mut builder = MemoryProvider::builder().base_url(base_url.parse()?);
    if let Some(token) = &options.token {
        builder = builder.bearer_token(token);
    }
    let provider = Arc::new(builder.build());

    println!("SCIM_BASE_URL={base_url}");
    serve(listener, provider, !options.quiet).await
}

/// Accepts connections forever, each served on its own task with HTTP/1.1
/// keep-alive.
async fn serve<T>(
    listener: TcpListener,
    handler: Arc<T>,
    log: bool,
) -> Result<(), Box<dyn std::error::Error>>
where
    T: Transport + 'static,
{
    let local = listener.local_addr()?;
    loop {
        let (stream, _peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) => {
                // Out of file descriptors and the like: report, give
                // connections a moment to close, and go on.
                eprintln!("accept: {err}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                continue;
            }
        };
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let handler = Arc::clone(&handler);
                async move { Ok::<_, Infallible>(handle(&*handler, request, local, log).await) }
            });
            if let Err(err) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                if log {
                    eprintln!("connection: {err}");
                }
            }
        });
    }
}

/// Turns one hyper request into an `http::Request<Vec<u8>>` for the
/// handler, and the handler's answer back into a hyper response.
async fn handle<T: Transport>(
    handler: &T,
    request: Request<Incoming>,
    local: SocketAddr,
    log: bool,
) -> Response<Full<Bytes>> {
    let (mut parts, body) = request.into_parts();
    let label = format!("{} {}", parts.method, parts.uri.path());

    let response = 'answer: {
        let declared = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            break 'answer too_large();
        }
        let body = match Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => collected.to_bytes().to_vec(),
            Err(err) if err.is::<http_body_util::LengthLimitError>() => break 'answer too_large(),
            Err(err) => {
                break 'answer scim_error(
                    StatusCode::BAD_REQUEST,
                    &format!("cannot read the request body: {err}"),
                );
            }
        };

        // The handler writes locations from the request URI: make it the
        // absolute URI the client used (its Host header, else our address).
        let authority = parts
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.parse::<http::uri::Authority>().ok())
            .map_or_else(|| local.to_string(), |a| a.to_string());
        let path_and_query = parts
            .uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str);
        parts.uri = match Uri::builder()
            .scheme("http")
            .authority(authority)
            .path_and_query(path_and_query)
            .build()
        {
            Ok(uri) => uri,
            Err(err) => {
                break 'answer scim_error(
                    StatusCode::BAD_REQUEST,
                    &format!("invalid request URI: {err}"),
                );
            }
        };

        match handler.send(Request::from_parts(parts, body)).await {
            Ok(answer) => answer.map(|body| Full::new(Bytes::from(body))),
            Err(err) => scim_error(StatusCode::INTERNAL_SERVER_ERROR, &err.to_string()),
        }
    };
    if log {
        eprintln!("{label} -> {}", response.status().as_u16());
    }
    response
}

fn too_large() -> Response<Full<Bytes>> {
    scim_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("the request body is larger than {MAX_BODY} bytes"),
    )
}

/// A SCIM error response (RFC 7644 §3.12) for failures outside the handler.
fn scim_error(status: StatusCode, detail: &str) -> Response<Full<Bytes>> {
    let error = ScimError::new(status.as_u16(), None, detail);
    let body = serde_json::to_vec(&error).unwrap_or_default();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    response
}
