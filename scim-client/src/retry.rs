//! When and how long to wait before sending a request again.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use http::{Method, StatusCode};

use crate::error::Error;

/// Reads a `Retry-After` header value (RFC 9110 §10.2.3): delay-seconds,
/// or an HTTP date (IMF-fixdate, or the obsolete RFC 850 and asctime
/// forms) taken relative to `now`. A date in the past is no delay;
/// anything else is `None`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use scim_client::retry::parse_retry_after;
///
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
/// assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now), Some(Duration::from_secs(30)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    crate::response::retry_after(value, now)
}

/// A future returned by [`Sleep::sleep`].
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits: how the client pauses between attempts.
///
/// The client spawns nothing and needs no particular runtime; it only asks
/// a `Sleep` to wait. Implemented for closures returning a future, so tests
/// can record the delays and return at once:
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
///
/// let slept = Arc::new(Mutex::new(Vec::<Duration>::new()));
/// let log = slept.clone();
/// let fake_clock = move |d: Duration| {
///     log.lock().unwrap().push(d);
///     std::future::ready(())
/// };
/// # let _ = scim_client::ClientBuilder::new("https://h/".parse()?).sleep(fake_clock);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The default, [`ThreadSleep`], works with any executor; with the `tokio`
/// feature, `TokioSleep` uses tokio's timer.
pub trait Sleep: Send + Sync {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

impl<F, Fut> Sleep for F
where
    F: Fn(Duration) -> Fut + Send + Sync,
    Fut: Future<Output = ()> + Send + 'static,
{
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(self(duration))
    }
}

/// Sleeps on a short-lived helper thread and wakes the task when done.
///
/// It needs no runtime, so it works under tokio, async-std, smol or a
/// simple `block_on`. A thread per wait is cheap next to a request that
/// had to be retried; with tokio, prefer
/// `TokioSleep`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ThreadSleep;

impl Sleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        if duration.is_zero() {
            return Box::pin(std::future::ready(()));
        }
        let state = Arc::new(Mutex::new(TimerState {
            done: false,
            waker: None,
            started: false,
        }));
        Box::pin(ThreadTimer { state, duration })
    }
}

struct TimerState {
    done: bool,
    started: bool,
    waker: Option<Waker>,
}

struct ThreadTimer {
    state: Arc<Mutex<TimerState>>,
    duration: Duration,
}

impl Future for ThreadTimer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.done {
            return Poll::Ready(());
        }
        state.waker = Some(cx.waker().clone());
        if !state.started {
            state.started = true;
            let shared = Arc::clone(&self.state);
            let duration = self.duration;
            let spawned = std::thread::Builder::new()
                .name("scim-client-sleep".into())
                .spawn(move || {
                    std::thread::sleep(duration);
                    let mut state = shared.lock().unwrap_or_else(PoisonError::into_inner);
                    state.done = true;
                    if let Some(w) = state.waker.take() {
                        w.wake();
                    }
                });
            if spawned.is_err() {
                // No thread to wait on: do not wait rather than hang.
                state.done = true;
                return Poll::Ready(());
            }
        }
        Poll::Pending
    }
}

/// Sleeps with `tokio::time::sleep`. Needs a tokio runtime with the timer
/// enabled.
#[cfg(feature = "tokio")]
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

#[cfg(feature = "tokio")]
impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// When the client sends a request again.
///
/// Retried, with exponential backoff and jitter:
/// * `429 Too Many Requests`, for every method, and
///   `503 Service Unavailable`, for requests that are safe to repeat (see
///   below), and for a `POST` that creates or a `PATCH` only when the 503
///   carries `Retry-After`: a bare 503 may come from a proxy whose
///   upstream dropped the request after acting on it. The server's
///   `Retry-After` (seconds or an HTTP date) is honoured in place of the
///   backoff;
/// * transport errors (connection refused or reset, timeouts), only for
///   requests that are safe to repeat: `GET`, `PUT`, `DELETE` and
///   `POST /.search`. A `POST` that creates or a `PATCH` may have been
///   applied before the connection failed, so it is not sent twice.
///
/// Never retried: every other status, in particular 400, 401, 403, 404,
/// 409 and 412.
///
/// Attempts and total time are bounded: the client gives up and returns the
/// last error when [`max_attempts`](RetryPolicy::max_attempts) is reached
/// or when the next wait would end after
/// [`max_elapsed`](RetryPolicy::max_elapsed).
///
/// ```
/// use std::time::Duration;
/// use scim_client::RetryPolicy;
///
/// let policy = RetryPolicy::new()
///     .max_attempts(6)
///     .initial_delay(Duration::from_millis(200))
///     .max_elapsed(Duration::from_secs(30));
/// # let _ = policy;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

impl RetryPolicy {
    /// The default policy: 4 attempts, delays from 500 ms doubling up to
    /// 30 s, at most 2 minutes in all, with jitter.
    pub fn new() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(120),
            jitter: true,
        }
    }

    /// No retries: every request is sent once.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::new()
        }
    }

    /// How many times a request is sent at most, the first included.
    /// Defaults to 4; 0 counts as 1.
    pub fn max_attempts(mut self, attempts: u32) -> RetryPolicy {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each further
    /// one. Defaults to 500 ms.
    pub fn initial_delay(mut self, delay: Duration) -> RetryPolicy {
        self.initial_delay = delay;
        self
    }

    /// The longest backoff between two attempts. Defaults to 30 s. A
    /// server's `Retry-After` may ask for longer; it is honoured within
    /// [`max_elapsed`](RetryPolicy::max_elapsed).
    pub fn max_delay(mut self, delay: Duration) -> RetryPolicy {
        self.max_delay = delay;
        self
    }

    /// The longest time one call may take across all its attempts and
    /// waits; a retry whose wait would end later is not made. Defaults to
    /// 120 s.
    pub fn max_elapsed(mut self, elapsed: Duration) -> RetryPolicy {
        self.max_elapsed = elapsed;
        self
    }

    /// Whether backoffs are randomised, each between half and all of the
    /// exponential delay, so that many clients do not retry in step.
    /// Defaults to `true`.
    pub fn jitter(mut self, jitter: bool) -> RetryPolicy {
        self.jitter = jitter;
        self
    }

    /// The exponential backoff before retry number `retry` (0 for the
    /// first retry), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.initial_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// How long to wait before sending again, or `None` to give up.
    ///
    /// `attempt` is the 1-based number of the attempt that just failed,
    /// `elapsed` the time spent so far, and `random` a number in `[0, 1)`
    /// for the jitter.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        error: &Error,
        method: &Method,
        idempotent: bool,
        random: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !retryable(error, method, idempotent) {
            return None;
        }
        let delay = match error.retry_after() {
            Some(asked) => asked,
            None => {
                let full = self.backoff(attempt.saturating_sub(1));
                if self.jitter {
                    let half = full / 2;
                    half + (full - half).mul_f64(random.clamp(0.0, 1.0))
                } else {
                    full
                }
            }
        };
        (elapsed.saturating_add(delay) <= self.max_elapsed).then_some(delay)
    }
}

/// Whether `error` may go away if the same request is sent again.
fn retryable(error: &Error, method: &Method, idempotent: bool) -> bool {
    let safe = idempotent || is_idempotent_method(method);
    match error {
        Error::Transport(_) => safe,
        _ => match error.status() {
            Some(StatusCode::TOO_MANY_REQUESTS) => true,
            // A 503 the server chose to send says when to come back; a
            // bare one may come from a proxy whose upstream dropped the
            // request after acting on it.
            Some(StatusCode::SERVICE_UNAVAILABLE) => safe || error.retry_after().is_some(),
            _ => false,
        },
    }
}

fn is_idempotent_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// A small, lock-free pseudo-random source for jitter; not for secrets.
pub(crate) struct Jitter(AtomicU64);

impl Jitter {
    pub(crate) fn new() -> Jitter {
        use std::hash::{BuildHasher, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(0x5c1e_u64);
        Jitter(AtomicU64::new(h.finish() | 1))
    }

    /// A number in `[0, 1)`.
    pub(crate) fn next(&self) -> f64 {
        // xorshift64*
        let mut x = self.0.load(Ordering::Relaxed);
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0.store(x, Ordering::Relaxed);
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (r >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Jitter")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, retry_after: Option<u64>) -> Error {
        Error::Status {
            status: StatusCode::from_u16(code).unwrap(),
            content_type: None,
            body: Vec::new(),
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::new()
            .initial_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1));
        let got: Vec<_> = (0..6).map(|r| p.backoff(r).as_millis()).collect();
        assert_eq!(got, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn which_errors_are_retried() {
        let p = RetryPolicy::new().jitter(false);
        let z = Duration::ZERO;
        for code in [429, 503] {
            for method in [Method::GET, Method::PUT, Method::DELETE] {
                assert!(
                    p.delay(1, z, &status(code, None), &method, false, 0.5)
                        .is_some()
                );
            }
            assert!(
                p.delay(1, z, &status(code, Some(1)), &Method::POST, false, 0.5)
                    .is_some()
            );
            // `POST /.search`: safe to repeat.
            assert!(
                p.delay(1, z, &status(code, None), &Method::POST, true, 0.5)
                    .is_some()
            );
        }
        // A create or a PATCH after a bare 503 may have been applied.
        assert!(
            p.delay(1, z, &status(429, None), &Method::POST, false, 0.5)
                .is_some()
        );
        for method in [Method::POST, Method::PATCH] {
            assert_eq!(p.delay(1, z, &status(503, None), &method, false, 0.5), None);
        }
        for code in [400, 401, 403, 404, 409, 412, 500, 502] {
            assert_eq!(
                p.delay(1, z, &status(code, None), &Method::GET, true, 0.5),
                None,
                "{code}"
            );
        }
        let io = Error::transport(std::io::Error::other("reset"));
        assert!(p.delay(1, z, &io, &Method::GET, false, 0.5).is_some());
        assert!(p.delay(1, z, &io, &Method::PUT, false, 0.5).is_some());
        assert!(p.delay(1, z, &io, &Method::DELETE, false, 0.5).is_some());
        assert_eq!(p.delay(1, z, &io, &Method::POST, false, 0.5), None);
        assert_eq!(p.delay(1, z, &io, &Method::PATCH, false, 0.5), None);
        assert!(p.delay(1, z, &io, &Method::POST, true, 0.5).is_some());
    }

    #[test]
    fn bounds_on_attempts_and_time() {
        let p = RetryPolicy::new()
            .max_attempts(3)
            .max_elapsed(Duration::from_secs(10))
            .jitter(false);
        let e = status(503, None);
        assert!(
            p.delay(2, Duration::ZERO, &e, &Method::GET, true, 0.0)
                .is_some()
        );
        assert_eq!(
            p.delay(3, Duration::ZERO, &e, &Method::GET, true, 0.0),
            None
        );
        let long = status(429, Some(11));
        assert_eq!(
            p.delay(1, Duration::ZERO, &long, &Method::GET, true, 0.0),
            None
        );
        let ok = status(429, Some(10));
        assert_eq!(
            p.delay(1, Duration::ZERO, &ok, &Method::GET, true, 0.0),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            p.delay(1, Duration::from_millis(1), &ok, &Method::GET, true, 0.0),
            None
        );
    }

    #[test]
    fn jitter_stays_within_half_and_full() {
        let p = RetryPolicy::new().initial_delay(Duration::from_secs(2));
        let j = Jitter::new();
        for _ in 0..1000 {
            let r = j.next();
            assert!((0.0..1.0).contains(&r));
            let d = p
                .delay(1, Duration::ZERO, &status(503, None), &Method::GET, true, r)
                .unwrap();
            assert!(
                d >= Duration::from_secs(1) && d <= Duration::from_secs(2),
                "{d:?}"
            );
        }
    }

    #[test]
    fn thread_sleep_wakes_the_task() {
        let start = std::time::Instant::now();
        pollster::block_on(ThreadSleep.sleep(Duration::from_millis(20)));
        assert!(start.elapsed() >= Duration::from_millis(20));
    }
}
