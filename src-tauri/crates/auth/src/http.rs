//! How every sign-in talks HTTP: through the one HTTP/TLS layer ([`net`]) with the
//! connection's TLS choice (verification off reaches the connection's own origin only, never
//! its OAuth server or identity provider), timeouts, no automatic redirects (OAuth redirects
//! carry the answer and are read, not followed), and every body read with a cap.

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

/// The client of the connection at `base` reached with `tls`.
pub fn client(base: &url::Url, tls: &TlsMode) -> Result<net::Client> {
    // ring is the process's provider; installing it again is a no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let options = net::Options {
        connect_timeout: CONNECT_TIMEOUT,
        request_timeout: REQUEST_TIMEOUT,
        redirects: 0,
    };
    net::Client::new(base, tls, &options).map_err(|e| match e {
        net::Error::CaBundle { path, reason } => Error::CaBundle { path, reason },
        source @ net::Error::ClientSetup { .. } => Error::ClientSetup {
            url: base.to_string(),
            source,
        },
    })
}

/// Sends `request`, mapping a transport failure to [`Error::Unreachable`].
pub async fn send(request: reqwest::RequestBuilder, url: &str) -> Result<reqwest::Response> {
    request
        .send()
        .await
        .map_err(|e| Error::unreachable(url, &e))
}

/// The body of a reply, at most `limit` bytes ([`net::limits`]): a larger one is
/// [`Error::BadResponse`], a broken one [`Error::Unreachable`].
pub async fn body(response: reqwest::Response, url: &str, limit: usize) -> Result<bytes::Bytes> {
    net::read_body(response, limit).await.map_err(|e| match e {
        net::BodyError::TooLarge { limit } => Error::bad_response(
            url,
            format!("the reply is larger than {limit} bytes, more than it can hold"),
        ),
        net::BodyError::Transport(e) => Error::unreachable(url, &e),
    })
}

/// The body of an error reply, for its message: at most [`net::limits::ERROR_BODY`] bytes,
/// and empty when it cannot be read (the status is the error then).
pub async fn error_body(response: reqwest::Response) -> bytes::Bytes {
    net::read_body(response, net::limits::ERROR_BODY)
        .await
        .unwrap_or_default()
}

/// The body of a reply (a token reply, a discovery document, a user) as JSON of type `T`,
/// read with the cap of [`net::limits::SMALL_JSON`].
pub async fn json<T: DeserializeOwned>(response: reqwest::Response, url: &str) -> Result<T> {
    let bytes = body(response, url, net::limits::SMALL_JSON).await?;
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

/// When a token stated to live `expires_in` (a token reply's or a redirect fragment's value,
/// as the server sent it) expires, in Unix seconds from `now`. A hostile or broken server can
/// send any number (`18446744073709551615`, `-5`, `1e300`, `"3600"`): [`net::lifetime`] bounds
/// it to at most [`net::lifetime::MAX_LIFETIME`] (negative: already expired) before it meets
/// the clock, so the sum never overflows. `None` when it is no number at all: the expiry is
/// then unknown, as when none is stated.
pub fn expires_at(now: i64, expires_in: Option<&serde_json::Value>) -> Option<i64> {
    let lifetime = net::lifetime::from_json(expires_in?)?;
    Some(net::lifetime::expires_at_unix(
        now,
        i128::from(lifetime.as_secs()),
    ))
}

/// Refuses `endpoint` (from a discovery document) as a place to send `what` unless it is
/// https or plain http on this machine, or, when `http_if_given_http`, plain http because the
/// user gave `given` (the cluster API URL) as http themselves ([`net::secret_may_travel`]).
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
    let may = match target.scheme() {
        "https" => true,
        "http" if http_if_given_http => net::secret_may_travel(given, &target).is_ok(),
        "http" => net::is_loopback(&target),
        _ => false,
    };
    if may {
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
        let max = 1_000 + i64::try_from(net::lifetime::MAX_LIFETIME.as_secs()).unwrap();
        assert_eq!(at(json!(i64::MAX)), Some(max));
        assert_eq!(at(json!(u64::MAX)), Some(max));
        assert_eq!(at(json!(1e300)), Some(max));
        assert_eq!(at(json!("99999999999999999999999999999")), Some(max));
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
