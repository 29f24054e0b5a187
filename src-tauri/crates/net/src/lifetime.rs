//! Lifetimes a server states (`expires_in` of a token reply, `exp` of a JWT) bounded before
//! use. A hostile or broken server can send any number — `18446744073709551615`, `-5`,
//! `1e300` — and adding it to a clock must neither panic nor wrap.

use std::time::{Duration, Instant};

/// The longest a token is believed to live, whatever the server says: a year.
pub const MAX_LIFETIME: Duration = Duration::from_secs(366 * 24 * 3600);

/// A stated lifetime in seconds as a [`Duration`]: negative or zero is zero (already
/// expired), anything beyond [`MAX_LIFETIME`] is [`MAX_LIFETIME`].
pub fn from_secs(seconds: i128) -> Duration {
    if seconds <= 0 {
        return Duration::ZERO;
    }
    let capped = seconds.min(i128::from(MAX_LIFETIME.as_secs()));
    Duration::from_secs(u64::try_from(capped).unwrap_or(MAX_LIFETIME.as_secs()))
}

/// A stated lifetime from a JSON value: an integer, a float (`3600.0`, `1e300`) or a numeric
/// string. `None` when it is none of these (or `NaN`), so the caller uses its default.
pub fn from_json(value: &serde_json::Value) -> Option<Duration> {
    let seconds = match value {
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i128::from(i)
            } else if let Some(u) = n.as_u64() {
                i128::from(u)
            } else {
                float_secs(n.as_f64()?)?
            }
        }
        serde_json::Value::String(s) => {
            let s = s.trim();
            match s.parse::<i128>() {
                Ok(i) => i,
                Err(_) => float_secs(s.parse::<f64>().ok()?)?,
            }
        }
        _ => return None,
    };
    Some(from_secs(seconds))
}

/// Whole seconds of a float, saturating; `None` for `NaN`.
fn float_secs(f: f64) -> Option<i128> {
    if f.is_nan() {
        return None;
    }
    // `as` saturates floats out of range (and infinities), which is what is wanted here.
    #[allow(clippy::cast_possible_truncation)]
    Some(f as i128)
}

/// The instant `lifetime` after `now`, never past what the clock can hold.
pub fn deadline(now: Instant, lifetime: Duration) -> Instant {
    now.checked_add(lifetime.min(MAX_LIFETIME)).unwrap_or(now)
}

/// `now_unix + seconds` in Unix seconds, bounded by [`MAX_LIFETIME`]; never overflows.
pub fn expires_at_unix(now_unix: i64, seconds: i128) -> i64 {
    let lifetime = i64::try_from(from_secs(seconds).as_secs()).unwrap_or(i64::MAX);
    now_unix.saturating_add(lifetime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hostile_lifetimes_are_bounded_and_never_panic() {
        assert_eq!(from_secs(i128::from(u64::MAX)), MAX_LIFETIME);
        assert_eq!(from_secs(-5), Duration::ZERO);
        assert_eq!(from_secs(0), Duration::ZERO);
        assert_eq!(from_secs(300), Duration::from_secs(300));
        assert_eq!(from_json(&json!(1e300)), Some(MAX_LIFETIME));
        assert_eq!(from_json(&json!(-1e300)), Some(Duration::ZERO));
        assert_eq!(from_json(&json!(u64::MAX)), Some(MAX_LIFETIME));
        assert_eq!(from_json(&json!(60.9)), Some(Duration::from_secs(60)));
        assert_eq!(from_json(&json!("300")), Some(Duration::from_secs(300)));
        assert_eq!(
            from_json(&json!("99999999999999999999999999999999999999999")),
            Some(MAX_LIFETIME)
        );
        assert_eq!(from_json(&json!("soon")), None);
        assert_eq!(from_json(&json!(null)), None);
        let now = Instant::now();
        assert!(deadline(now, Duration::MAX) > now);
        assert_eq!(expires_at_unix(i64::MAX - 1, i128::MAX), i64::MAX);
        assert_eq!(expires_at_unix(1_000, -10), 1_000);
        assert_eq!(expires_at_unix(1_000, 60), 1_060);
    }
}
