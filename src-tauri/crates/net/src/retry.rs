//! When to send a request again: a `Retry-After` bounded by the caller's patience, and only
//! for requests that can be repeated without changing anything twice.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// The wait a server asks for in `Retry-After` (RFC 9110 §10.2.3: delta-seconds or an
/// HTTP-date), at most `max`; `None` when absent or unreadable. A wait longer than `max` is
/// cut to `max`, so a server cannot park a request for a day.
pub fn retry_after(headers: &HeaderMap, max: Duration) -> Option<Duration> {
    retry_after_at(headers, max, SystemTime::now())
}

fn retry_after_at(headers: &HeaderMap, max: Duration, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        Duration::from_secs(seconds)
    } else {
        let at = httpdate::parse_http_date(value).ok()?;
        at.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(max))
}

/// Whether `method` may be sent again after a failure without doing its work twice
/// (RFC 9110 §9.2.2). POST and PATCH are never repeated blindly.
pub fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    )
}

/// A retry policy: the waits between attempts, and the longest `Retry-After` honoured.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The wait before each further attempt; its length is the number of retries.
    pub backoff: Vec<Duration>,
    /// The longest server-requested wait honoured (longer ones are cut to this).
    pub max_retry_after: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            backoff: vec![Duration::from_millis(200), Duration::from_millis(800)],
            max_retry_after: Duration::from_secs(10),
        }
    }
}

/// What happened to one attempt, as far as retrying cares.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// The server answered with this status and headers.
    Status(StatusCode, &'a HeaderMap),
    /// The connection failed or broke before an answer (nothing is known of the server's
    /// state, so only idempotent requests are repeated).
    Transport,
}

impl Policy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            backoff: Vec::new(),
            max_retry_after: Duration::ZERO,
        }
    }

    /// How long to wait before attempt `attempt + 1` (attempts count from 0), or `None` to
    /// give up: for idempotent requests only, on a transport failure, 5xx, or 429; a
    /// `Retry-After` on 429/503 replaces the backoff, bounded by `max_retry_after`.
    pub fn delay(
        &self,
        method: &Method,
        outcome: &Outcome<'_>,
        attempt: usize,
    ) -> Option<Duration> {
        if !idempotent(method) {
            return None;
        }
        let backoff = *self.backoff.get(attempt)?;
        match outcome {
            Outcome::Transport => Some(backoff),
            Outcome::Status(status, headers) => {
                let throttled = *status == StatusCode::TOO_MANY_REQUESTS
                    || *status == StatusCode::SERVICE_UNAVAILABLE;
                if throttled {
                    Some(retry_after(headers, self.max_retry_after).unwrap_or(backoff))
                } else if status.is_server_error() {
                    Some(backoff)
                } else {
                    None
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn retry_after_is_read_in_both_forms_and_bounded() {
        let max = Duration::from_secs(10);
        assert_eq!(retry_after(&with("3"), max), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&with("86400"), max), Some(max));
        assert_eq!(retry_after(&with("99999999999999999999999"), max), None);
        assert_eq!(retry_after(&with("soon"), max), None);
        assert_eq!(retry_after(&HeaderMap::new(), max), None);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(
            retry_after_at(&with(&later), max, now),
            Some(Duration::from_secs(5))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(retry_after_at(&with(&past), max, now), Some(Duration::ZERO));
    }

    #[test]
    fn only_idempotent_requests_are_retried_and_only_so_often() {
        let policy = Policy::default();
        let none = HeaderMap::new();
        let busy = Outcome::Status(StatusCode::TOO_MANY_REQUESTS, &none);
        assert_eq!(
            policy.delay(&Method::GET, &busy, 0),
            Some(Duration::from_millis(200))
        );
        assert_eq!(policy.delay(&Method::GET, &busy, 2), None);
        assert_eq!(policy.delay(&Method::POST, &busy, 0), None);
        assert_eq!(policy.delay(&Method::POST, &Outcome::Transport, 0), None);
        assert!(
            policy
                .delay(&Method::DELETE, &Outcome::Transport, 1)
                .is_some()
        );
        let wait = with("2");
        let throttled = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &wait);
        assert_eq!(
            policy.delay(&Method::GET, &throttled, 0),
            Some(Duration::from_secs(2))
        );
        let not_found = Outcome::Status(StatusCode::NOT_FOUND, &none);
        assert_eq!(policy.delay(&Method::GET, &not_found, 0), None);
        assert_eq!(
            Policy::none().delay(&Method::GET, &Outcome::Transport, 0),
            None
        );
    }
}
