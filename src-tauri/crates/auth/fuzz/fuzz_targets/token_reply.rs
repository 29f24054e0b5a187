//! A token endpoint's reply body (OIDC and OpenShift, RFC 6749 §5.1) or, when the input
//! starts with `Location: `, the challenging client's redirect: nothing may panic, and a
//! token that expires in the future (`expires_in` > 0) is not taken as expired.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check(expires_in_positive: bool, expires_at: Option<i64>) {
    if expires_in_positive {
        let at = expires_at.expect("expires_in gives an expiry");
        assert!(at > auth::session::now() - 1, "a live token is not expired");
    }
}

/// Whether the body's `expires_in` is a positive number of seconds.
fn positive_expires_in(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("expires_in").and_then(serde_json::Value::as_i64))
        .is_some_and(|n| n > 0)
}

fuzz_target!(|data: &[u8]| {
    if let Some(location) = data.strip_prefix(b"Location: ") {
        if let Ok(location) = std::str::from_utf8(location) {
            let _ = auth::openshift::fuzz_token_reply(Some(location), &[]);
        }
        return;
    }
    if let Ok(expires_at) = auth::oidc::fuzz_token_reply(data) {
        check(positive_expires_in(data), expires_at);
    }
    if let Some(expires_at) = auth::openshift::fuzz_token_reply(None, data) {
        check(positive_expires_in(data), expires_at);
    }
});
