//! The HTTP client every sign-in uses: rustls with ring, the connection's TLS choice, timeouts,
//! and no automatic redirects (OAuth redirects carry the answer and are read, not followed).

use std::time::Duration;

use connections::TlsMode;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The most of a reply body kept for an error message.
const MESSAGE_LIMIT: usize = 300;

/// A client for a server reached with `tls`; `url` names the server in errors.
pub fn client(url: &str, tls: &TlsMode) -> Result<reqwest::Client> {
    // ring is the process's provider; installing it again is a no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("registry-console/", env!("CARGO_PKG_VERSION")));
    match tls {
        TlsMode::System => {}
        TlsMode::CaBundle { path } => builder = builder.tls_certs_merge(read_ca_bundle(path)?),
        TlsMode::Insecure => builder = builder.tls_danger_accept_invalid_certs(true),
    }
    builder.build().map_err(|source| Error::ClientSetup {
        url: url.to_owned(),
        source,
    })
}

fn read_ca_bundle(path: &str) -> Result<Vec<reqwest::Certificate>> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let bad = |reason: String| Error::CaBundle {
        path: path.to_owned(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut certs = Vec::new();
    for der in CertificateDer::pem_slice_iter(&bytes) {
        let der = der.map_err(|e| bad(format!("invalid PEM: {e}")))?;
        certs.push(reqwest::Certificate::from_der(&der).map_err(|e| bad(e.to_string()))?);
    }
    if certs.is_empty() {
        if bytes.first() == Some(&0x30) {
            certs.push(reqwest::Certificate::from_der(&bytes).map_err(|e| bad(e.to_string()))?);
        } else {
            return Err(bad("it holds no PEM or DER certificate".into()));
        }
    }
    Ok(certs)
}

/// Sends `request`, mapping a transport failure to [`Error::Unreachable`].
pub async fn send(request: reqwest::RequestBuilder, url: &str) -> Result<reqwest::Response> {
    request
        .send()
        .await
        .map_err(|e| Error::unreachable(url, &e))
}

/// The body of a reply as JSON of type `T`.
pub async fn json<T: DeserializeOwned>(response: reqwest::Response, url: &str) -> Result<T> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::unreachable(url, &e))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::bad_response(url, format!("not the JSON expected: {e}")))
}

/// An OAuth error reply (RFC 6749 §5.2).
#[derive(Debug, serde::Deserialize)]
pub struct OAuthErrorBody {
    /// `invalid_grant`, `invalid_request`, ...
    pub error: String,
    /// Human words, when given.
    pub error_description: Option<String>,
}

/// A Kubernetes `Status` reply (only its message is kept).
#[derive(Debug, serde::Deserialize)]
struct StatusBody {
    kind: Option<String>,
    message: Option<String>,
}

/// The server's own message from an error reply: a `Status` message, an OAuth
/// `error_description`, or the start of the body.
pub fn message_of(body: &[u8]) -> Option<String> {
    if let Ok(status) = serde_json::from_slice::<StatusBody>(body)
        && status.kind.as_deref() == Some("Status")
    {
        return status.message;
    }
    if let Ok(oauth) = serde_json::from_slice::<OAuthErrorBody>(body) {
        return Some(match oauth.error_description {
            Some(d) => format!("{}: {d}", oauth.error),
            None => oauth.error,
        });
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut cut: String = text.chars().take(MESSAGE_LIMIT).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Some(cut)
}

/// The longest a token is believed to live, whatever the server says: a year.
pub const MAX_LIFETIME_SECS: i64 = 366 * 24 * 3600;

/// When a token stated to live `expires_in` (a token reply's or a redirect fragment's value,
/// as the server sent it) expires, in Unix seconds from `now`. A hostile or broken server can
/// send any number (`18446744073709551615`, `-5`, `1e300`, `"3600"`): it is bounded to
/// `0..=`[`MAX_LIFETIME_SECS`] before it meets the clock, so the sum never overflows. `None`
/// when it is no number at all: the expiry is then unknown, as when none is stated.
pub fn expires_at(now: i64, expires_in: Option<&serde_json::Value>) -> Option<i64> {
    let seconds: f64 = match expires_in? {
        serde_json::Value::Number(n) => n.as_f64()?,
        serde_json::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    if seconds.is_nan() {
        return None;
    }
    // `as` saturates a float out of range, infinities included; the clamp does the rest.
    #[allow(clippy::cast_possible_truncation)]
    let lifetime = (seconds as i64).clamp(0, MAX_LIFETIME_SECS);
    Some(now.saturating_add(lifetime))
}

/// Parses an absolute http(s) URL given by the user, without a trailing slash on its path.
pub fn base_url(input: &str) -> Result<url::Url> {
    let trimmed = input.trim();
    let url = url::Url::parse(trimmed).map_err(|e| Error::InvalidUrl {
        url: input.to_owned(),
        reason: e.to_string(),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::InvalidUrl {
            url: input.to_owned(),
            reason: "only http:// and https:// are supported".into(),
        });
    }
    if url.host_str().is_none() {
        return Err(Error::InvalidUrl {
            url: input.to_owned(),
            reason: "it names no host".into(),
        });
    }
    Ok(url)
}

/// Whether `url` names this machine: `localhost` (and `*.localhost`, RFC 6761 §6.3),
/// 127.0.0.0/8 or `::1`. Loopback traffic never leaves the machine, so plain http is allowed
/// there (test servers, `oc`-style port forwards).
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Refuses `endpoint` (from a discovery document) as a place to send `what` unless it is
/// https, or plain http on this machine, or plain http because the user gave `given` (the
/// cluster API URL or issuer) as http themselves and `http_if_given_http` allows that.
pub fn secrets_may_go_to(
    endpoint: &str,
    what: &str,
    given: &url::Url,
    http_if_given_http: bool,
) -> Result<()> {
    let target = url::Url::parse(endpoint).map_err(|e| Error::InvalidDiscovery {
        url: endpoint.to_owned(),
        reason: e.to_string(),
    })?;
    let plain_ok = is_loopback(&target) || (http_if_given_http && given.scheme() == "http");
    if target.scheme() == "https" || (target.scheme() == "http" && plain_ok) {
        return Ok(());
    }
    let mut shown = target;
    shown.set_query(None);
    shown.set_fragment(None);
    Err(Error::Cleartext {
        endpoint: shown.to_string(),
        what: what.to_owned(),
        reached_over_https: (given.scheme() == "https")
            .then(|| given.as_str().trim_end_matches('/').to_owned()),
    })
}

/// `base` with `path` appended to its path (keeping any path prefix of `base`).
pub fn join(base: &url::Url, path: &str) -> url::Url {
    let mut url = base.clone();
    let joined = format!(
        "{}/{}",
        base.path().trim_end_matches('/'),
        path.trim_start_matches('/')
    );
    url.set_path(&joined);
    url.set_query(None);
    url.set_fragment(None);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_keeps_a_path_prefix() {
        let base = base_url("https://api.example.com:6443/").unwrap();
        assert_eq!(
            join(&base, "/.well-known/oauth-authorization-server").as_str(),
            "https://api.example.com:6443/.well-known/oauth-authorization-server"
        );
        let base = base_url("https://idp.example.com/realms/admins").unwrap();
        assert_eq!(
            join(&base, ".well-known/openid-configuration").as_str(),
            "https://idp.example.com/realms/admins/.well-known/openid-configuration"
        );
    }

    #[test]
    fn hostile_lifetimes_are_bounded_and_never_overflow() {
        use serde_json::json;
        let at = |v: serde_json::Value| expires_at(1_000, Some(&v));
        assert_eq!(at(json!(3600)), Some(4_600));
        assert_eq!(at(json!(3600.9)), Some(4_600));
        assert_eq!(at(json!("3600")), Some(4_600));
        assert_eq!(at(json!(i64::MAX)), Some(1_000 + MAX_LIFETIME_SECS));
        assert_eq!(at(json!(u64::MAX)), Some(1_000 + MAX_LIFETIME_SECS));
        assert_eq!(at(json!(1e300)), Some(1_000 + MAX_LIFETIME_SECS));
        assert_eq!(
            at(json!("99999999999999999999999999999")),
            Some(1_000 + MAX_LIFETIME_SECS)
        );
        assert_eq!(at(json!(-5)), Some(1_000), "already expired");
        assert_eq!(at(json!(-1e300)), Some(1_000));
        assert_eq!(at(json!(i64::MIN)), Some(1_000));
        assert_eq!(at(json!("soon")), None);
        assert_eq!(at(json!(null)), None);
        assert_eq!(at(json!([1])), None);
        assert_eq!(expires_at(1_000, None), None);
        assert_eq!(expires_at(i64::MAX, Some(&json!(60))), Some(i64::MAX));
    }

    #[test]
    fn secrets_go_over_https_or_stay_on_this_machine() {
        let https = base_url("https://api.example.com:6443").unwrap();
        let http = base_url("http://api.lan:8080").unwrap();
        let ok = |endpoint: &str, given: &url::Url, http_if_given_http: bool| {
            secrets_may_go_to(endpoint, "your password", given, http_if_given_http).is_ok()
        };
        assert!(ok(
            "https://oauth.example.com/oauth/authorize",
            &https,
            true
        ));
        assert!(ok("http://127.0.0.1:8443/oauth/authorize", &https, true));
        assert!(ok("http://localhost:8443/x", &http, false));
        assert!(ok("http://[::1]:8443/x", &https, false));
        assert!(ok("http://oauth.lan/oauth/authorize", &http, true));
        assert!(!ok("http://oauth.lan/oauth/authorize", &http, false));
        assert!(!ok(
            "http://oauth.example.com/oauth/authorize",
            &https,
            true
        ));
        assert!(!ok("http://localhost.evil.com/token", &https, true));
        assert!(!ok("file:///etc/passwd", &http, true));
        assert!(!ok("javascript:alert(1)", &http, true));
        let err = secrets_may_go_to(
            "http://oauth.example.com/oauth/authorize?client_id=x",
            "your password",
            &https,
            true,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "http://oauth.example.com/oauth/authorize is not https: your password would cross \
             the network unencrypted, so nothing was sent (https://api.example.com:6443 itself \
             was reached over https)"
        );
    }

    #[test]
    fn base_url_refuses_other_schemes_and_garbage() {
        assert!(matches!(base_url("ftp://x"), Err(Error::InvalidUrl { .. })));
        assert!(matches!(
            base_url("not a url"),
            Err(Error::InvalidUrl { .. })
        ));
    }

    #[test]
    fn message_of_reads_status_oauth_and_text() {
        assert_eq!(
            message_of(
                br#"{"kind":"Status","apiVersion":"v1","message":"Unauthorized","code":401}"#
            )
            .as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            message_of(
                br#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#
            )
            .as_deref(),
            Some("invalid_grant: grant request is invalid")
        );
        assert_eq!(message_of(b"  \n").as_deref(), None);
        assert_eq!(message_of(b"oops").as_deref(), Some("oops"));
    }
}
