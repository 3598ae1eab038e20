//! The reqwest transport against a minimal HTTP server on 127.0.0.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use scim_client::reqwest::{ReqwestError, ReqwestTransport};
use scim_client::{Auth, Client, RetryPolicy};

/// Serves `responses` (raw HTTP) one connection each; returns the address
/// and a handle yielding the raw requests.
fn serve(responses: Vec<String>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for response in responses {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                head.push_str(&line);
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            head.push_str(&String::from_utf8(body).unwrap());
            seen.push(head);
            reader.get_mut().write_all(response.as_bytes()).unwrap();
        }
        seen
    });
    (addr, handle)
}

fn http_response(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn a_whole_exchange_over_http() {
    let (addr, server) = serve(vec![
        http_response(
            "201 Created",
            &[
                "content-type: application/scim+json; charset=utf-8",
                "etag: W/\"1\"",
                "location: /scim/Users/1",
            ],
            r#"{"id": "1", "userName": "bjensen"}"#,
        ),
        http_response(
            "404 Not Found",
            &["content-type: application/scim+json"],
            r#"{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "404", "detail": "no such user"}"#,
        ),
    ]);
    let client = Client::builder(format!("http://{addr}/scim").parse().unwrap())
        .auth(Auth::bearer("t0k").unwrap())
        .sleep(scim_client::retry::TokioSleep)
        .build(ReqwestTransport::new().unwrap())
        .unwrap();
    runtime().block_on(async {
        let created = client
            .users()
            .create(&scim_core::User::new("bjensen"))
            .await
            .unwrap();
        assert_eq!(created.id.as_deref(), Some("1"));
        assert_eq!(created.version.as_deref(), Some("W/\"1\""));
        assert_eq!(
            created.location.as_ref().unwrap().as_str(),
            format!("http://{addr}/scim/Users/1")
        );
        let err = client.users().get("missing/../x").await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
    });
    let seen = server.join().unwrap();
    assert!(
        seen[0].starts_with("POST /scim/Users HTTP/1.1\r\n"),
        "{}",
        seen[0]
    );
    let lower = seen[0].to_ascii_lowercase();
    assert!(lower.contains("authorization: bearer t0k\r\n"));
    assert!(lower.contains("content-type: application/scim+json\r\n"));
    assert!(seen[0].ends_with(r#""userName":"bjensen"}"#), "{}", seen[0]);
    assert!(
        seen[1].starts_with("GET /scim/Users/missing%2F..%2Fx HTTP/1.1\r\n"),
        "{}",
        seen[1]
    );
}

#[test]
fn connection_errors_and_size_limits() {
    // Nothing listens on this port once the listener is dropped.
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = Client::builder(format!("http://{addr}/").parse().unwrap())
        .retry(RetryPolicy::none())
        .build(ReqwestTransport::new().unwrap())
        .unwrap();
    let err = runtime().block_on(client.users().get("1")).unwrap_err();
    assert!(err.transport_error::<ReqwestError>().is_some(), "{err}");

    let big = "x".repeat(2000);
    let (addr, server) = serve(vec![http_response(
        "200 OK",
        &["content-type: application/json"],
        &big,
    )]);
    let client = Client::builder(format!("http://{addr}/").parse().unwrap())
        .retry(RetryPolicy::none())
        .build(ReqwestTransport::new().unwrap().max_response_size(1000))
        .unwrap();
    let err = runtime().block_on(client.users().get("1")).unwrap_err();
    assert!(
        matches!(
            err.transport_error::<ReqwestError>(),
            Some(ReqwestError::TooLarge { limit: 1000 })
        ),
        "{err}"
    );
    server.join().unwrap();
}
