//! Retries: which failures, how long, how often.

use std::sync::Mutex;
use std::time::Duration;

use http::Method;
use scim_client::transport::Transport;
use scim_client::{Client, Error, ListQuery, RetryPolicy};
use scim_core::{PatchOp, SearchRequest, User};
use serde_json::json;

use crate::support::{BASE, FakeClock, block_on, client, empty, json, recording, scim_error};

/// A transport answering with `failures` in order, then 200 with a user.
fn scripted(
    failures: Vec<Result<http::Response<Vec<u8>>, std::io::Error>>,
) -> (
    impl Transport<Error = std::io::Error> + Clone,
    crate::support::Log,
) {
    let script = Mutex::new(failures.into_iter());
    recording(move |_| {
        script
            .lock()
            .unwrap()
            .next()
            .unwrap_or_else(|| Ok(json(200, json!({"id": "1", "userName": "a"}))))
    })
}

fn with_retry_after(mut r: http::Response<Vec<u8>>, value: &str) -> http::Response<Vec<u8>> {
    r.headers_mut()
        .insert("retry-after", value.parse().unwrap());
    r
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

/// A client on `BASE` with a fake clock and `policy`.
fn client_with<T: Transport>(transport: T, policy: RetryPolicy) -> (Client<T>, FakeClock) {
    let clock = FakeClock::default();
    let client = Client::builder(BASE.parse().unwrap())
        .sleep(clock.clone())
        .retry(policy)
        .build(transport)
        .unwrap();
    (client, clock)
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    let (t, log) = scripted(vec![
        Ok(with_retry_after(scim_error(429, None, "slow down"), "3")),
        Ok(with_retry_after(empty(503), "1")),
    ]);
    let (c, clock) = client(t);
    let user = block_on(c.users().get("1")).unwrap();
    assert_eq!(user.user_name, "a");
    assert_eq!(log.lock().unwrap().len(), 3);
    assert_eq!(clock.delays(), [secs(3.0), secs(1.0)]);
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(6);
    let date = at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let (t, _) = scripted(vec![Ok(with_retry_after(empty(429), &date))]);
    let (c, clock) = client(t);
    block_on(c.users().get("1")).unwrap();
    let delays = clock.delays();
    assert_eq!(delays.len(), 1);
    // The date has whole seconds: between 5 and 6 seconds from now.
    assert!(
        delays[0] > secs(4.5) && delays[0] <= secs(6.0),
        "{delays:?}"
    );

    let past = "Sun, 06 Nov 1994 08:49:37 GMT";
    let (t, _) = scripted(vec![Ok(with_retry_after(empty(503), past))]);
    let (c, clock) = client(t);
    block_on(c.users().get("1")).unwrap();
    assert_eq!(clock.delays(), [Duration::ZERO]);
}

#[test]
fn service_unavailable_backs_off_exponentially_up_to_the_attempt_limit() {
    let (t, log) = scripted((0..10).map(|_| Ok(empty(503))).collect());
    let (c, clock) = client(t);
    let err = block_on(c.users().get("1")).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(log.lock().unwrap().len(), 4, "default: 4 attempts");
    assert_eq!(clock.delays(), [secs(0.5), secs(1.0), secs(2.0)]);

    let (t, log) = scripted((0..10).map(|_| Ok(empty(503))).collect());
    let (c, clock) = client_with(
        t,
        RetryPolicy::new()
            .max_attempts(6)
            .initial_delay(secs(0.1))
            .max_delay(secs(0.3))
            .jitter(false),
    );
    block_on(c.users().get("1")).unwrap_err();
    assert_eq!(log.lock().unwrap().len(), 6);
    assert_eq!(
        clock.delays(),
        [secs(0.1), secs(0.2), secs(0.3), secs(0.3), secs(0.3)]
    );
}

#[test]
fn total_time_is_bounded() {
    let (t, log) = scripted((0..10).map(|_| Ok(empty(503))).collect());
    let (c, clock) = client_with(
        t,
        RetryPolicy::new()
            .max_attempts(100)
            .max_elapsed(secs(2.0))
            .jitter(false),
    );
    block_on(c.users().get("1")).unwrap_err();
    // 0.5 + 1.0 = 1.5 s waited; the next wait (2 s) would end after 2 s.
    assert_eq!(clock.delays(), [secs(0.5), secs(1.0)]);
    assert_eq!(log.lock().unwrap().len(), 3);
    let total: Duration = clock.delays().iter().sum();
    assert!(total <= secs(2.0));

    // A Retry-After longer than the budget: give up at once, and say why.
    let (t, log) = scripted(vec![Ok(with_retry_after(
        scim_error(429, Some("tooMany"), "later"),
        "3600",
    ))]);
    let (c, clock) = client(t);
    let err = block_on(c.users().get("1")).unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.retry_after(), Some(secs(3600.0)));
    assert_eq!(log.lock().unwrap().len(), 1);
    assert!(clock.delays().is_empty());
}

#[test]
fn client_errors_are_never_retried() {
    for status in [400, 401, 403, 404, 409, 412, 500, 501] {
        let (t, log) = scripted(vec![Ok(scim_error(status, None, "no"))]);
        let (c, clock) = client(t);
        let err = block_on(c.users().get("1")).unwrap_err();
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert_eq!(log.lock().unwrap().len(), 1, "{status}");
        assert!(clock.delays().is_empty(), "{status}");
    }
}

#[test]
fn connection_errors_are_retried_only_when_repeating_is_safe() {
    type Op = fn(&Client<Box<dyn Transport<Error = std::io::Error>>>) -> Result<(), Error>;
    let cases: [(Method, bool, Op); 6] = [
        (Method::GET, true, |c| {
            block_on(c.users().get("1")).map(drop)
        }),
        (Method::PUT, true, |c| {
            block_on(c.users().replace("1", &User::new("a"))).map(drop)
        }),
        (Method::DELETE, true, |c| block_on(c.users().delete("1"))),
        (Method::POST, true, |c| {
            block_on(c.users().search(&SearchRequest::new())).map(drop)
        }),
        (Method::POST, false, |c| {
            block_on(c.users().create(&User::new("a"))).map(drop)
        }),
        (Method::PATCH, false, |c| {
            block_on(c.users().patch("1", &PatchOp::new(vec![]))).map(drop)
        }),
    ];
    for (method, retried, op) in cases {
        let (t, log) = recording(|_| {
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "reset",
            ))
        });
        let transport: Box<dyn Transport<Error = std::io::Error>> = Box::new(t);
        let (c, _) = client_with(transport, RetryPolicy::new());
        let err = op(&c).unwrap_err();
        assert!(err.transport_error::<std::io::Error>().is_some(), "{err}");
        let sent = log.lock().unwrap().len();
        assert_eq!(
            sent,
            if retried { 4 } else { 1 },
            "{method} retried={retried}"
        );
        assert!(log.lock().unwrap().iter().all(|r| r.method() == method));
    }
}

#[test]
fn jittered_backoff_stays_within_bounds() {
    let (t, _) = scripted((0..10).map(|_| Ok(empty(503))).collect());
    let (c, clock) = client_with(
        t,
        RetryPolicy::new()
            .max_attempts(8)
            .initial_delay(secs(1.0))
            .max_delay(secs(8.0))
            .max_elapsed(secs(600.0)),
    );
    block_on(c.users().list(&ListQuery::new())).unwrap_err();
    let delays = clock.delays();
    assert_eq!(delays.len(), 7);
    for (i, d) in delays.iter().enumerate() {
        let full = secs(f64::from(1u32 << i.min(3)));
        assert!(
            *d >= full / 2 && *d <= full,
            "retry {i}: {d:?} outside [{:?}, {full:?}]",
            full / 2
        );
    }
}

#[test]
fn the_default_sleep_needs_no_runtime() {
    let (t, log) = scripted(vec![Ok(with_retry_after(empty(503), "0")), Ok(empty(503))]);
    let c = Client::builder(BASE.parse().unwrap())
        .retry(RetryPolicy::new().initial_delay(Duration::from_millis(5)))
        .build(t)
        .unwrap();
    let started = std::time::Instant::now();
    block_on(c.users().get("1")).unwrap();
    assert_eq!(log.lock().unwrap().len(), 3);
    assert!(started.elapsed() >= Duration::from_millis(2));
}

#[test]
fn no_retries_policy_sends_once() {
    let (t, log) = scripted(vec![Ok(empty(503))]);
    let c = Client::builder(BASE.parse().unwrap())
        .retry(RetryPolicy::none())
        .build(t)
        .unwrap();
    block_on(c.users().get("1")).unwrap_err();
    assert_eq!(log.lock().unwrap().len(), 1);
}
