//! The HTTP side: one reqwest client per cluster connection, the bearer token, the mapping of
//! the apiserver's answers to [`Error`], and the retry policy.
//!
//! Reads (GET) are retried on 5xx and on broken connections, with short waits; writes are
//! never retried blindly: a write that fails on 5xx or a cut connection is reported, and the
//! only write retries are the deliberate ones on 409 (re-read, re-apply the change on the
//! fresh object, write again with its `resourceVersion`), done by the operations.
//!
//! Why reqwest and not kube-rs: kube 4 can use ring (`default-features = false, features =
//! ["client", "rustls-tls", "ring"]`), but it brings a second HTTP stack beside the
//! workspace's reqwest (hyper-util, tower, tower-http, hyper-rustls, jsonpath-rust,
//! serde-saphyr, jiff), needs k8s-openapi (one of the slowest crates to build on this
//! project's 2-core CI) for the core types, and has no types for OpenShift's project, image
//! and user groups anyway. The dozen REST calls used here are plain JSON.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;
use vault::Secret;

use crate::error::{ApiStatus, Error, Result};

/// Timeouts, retry and wait settings. [`ClusterOptions::default`] is what the app uses;
/// tests shorten the waits.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Time to establish a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub request_timeout: Duration,
    /// Waits before the second and third attempt of a GET after a 5xx or a broken
    /// connection.
    pub read_retry_backoff: Vec<Duration>,
    /// The longest `Retry-After` honoured on 429/503 (a longer one is cut to this).
    pub max_retry_after: Duration,
    /// How many times a change is tried on fresh data after 409 Conflict / AlreadyExists.
    pub conflict_attempts: u32,
    /// How long to wait for the token controller to fill a long-lived token secret.
    pub token_wait: Duration,
    /// How often to look while waiting.
    pub token_poll: Duration,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            read_retry_backoff: vec![Duration::from_millis(200), Duration::from_millis(800)],
            max_retry_after: Duration::from_secs(5),
            conflict_attempts: 5,
            token_wait: Duration::from_secs(15),
            token_poll: Duration::from_millis(250),
        }
    }
}

/// A client of one cluster's API, signed in with a bearer token. Cheap to clone.
#[derive(Clone)]
pub struct ClusterClient {
    pub(crate) http: net::Client,
    /// `scheme://host[:port][/prefix]`, no trailing slash.
    pub(crate) base: String,
    pub(crate) token: Secret,
    pub(crate) options: ClusterOptions,
}

impl std::fmt::Debug for ClusterClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterClient")
            .field("base", &self.base)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl ClusterClient {
    /// A client for the API at `api_url` (e.g. `https://api.cluster.example:6443`), checking
    /// its certificate as `tls` says, sending `token` as `Authorization: Bearer`.
    pub fn new(api_url: &str, tls: &connections::TlsMode, token: Secret) -> Result<Self> {
        Self::with_options(api_url, tls, token, ClusterOptions::default())
    }

    /// The same with other timeouts or waits.
    pub fn with_options(
        api_url: &str,
        tls: &connections::TlsMode,
        token: Secret,
        options: ClusterOptions,
    ) -> Result<Self> {
        let invalid = |reason: &str| Error::InvalidUrl {
            url: api_url.to_owned(),
            reason: reason.to_owned(),
        };
        let url = Url::parse(api_url.trim()).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("only http:// and https:// are supported"));
        }
        if url.host_str().is_none() {
            return Err(invalid("it names no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("an API URL has no query or fragment"));
        }
        if token.expose().trim().is_empty() {
            return Err(Error::SignInRequired);
        }
        let base = url.as_str().trim_end_matches('/').to_owned();

        // The apiserver does not redirect API calls; a redirect would be a proxy's login page,
        // which must not see the token, so none is followed.
        let net_options = net::Options {
            connect_timeout: options.connect_timeout,
            request_timeout: options.request_timeout,
            redirects: 0,
        };
        let http = net::Client::new(&url, tls, &net_options).map_err(|e| match e {
            net::Error::CaBundle { path, reason } => Error::CaBundle { path, reason },
            other => Error::ClientSetup {
                url: base.clone(),
                source: other,
            },
        })?;
        Ok(Self {
            http,
            base,
            token,
            options,
        })
    }

    /// The API URL, without a trailing slash.
    pub fn api_url(&self) -> &str {
        &self.base
    }

    /// The options in force.
    pub fn options(&self) -> &ClusterOptions {
        &self.options
    }

    /// Sends one request and maps every failure to [`Error`]. GETs are retried on 5xx and
    /// on broken connections.
    pub(crate) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T> {
        let bytes = self.call_raw(method.clone(), path, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
            request: format!("{method} {path}"),
            reason: e.to_string(),
        })
    }

    pub(crate) async fn call_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Vec<u8>> {
        // Writes are never repeated blindly (see the module's docs): only reads.
        let policy = if method == Method::GET {
            net::retry::Policy {
                backoff: self.options.read_retry_backoff.clone(),
                max_retry_after: self.options.max_retry_after,
            }
        } else {
            net::retry::Policy::none()
        };
        let mut attempt = 0;
        loop {
            let (result, answer) = self.once(&method, path, body).await;
            let outcome = match (&result, &answer) {
                (Ok(_), _) => return result,
                (Err(_), Some((status, headers))) => net::retry::Outcome::Status(*status, headers),
                (Err(e), None) if retryable(e) => net::retry::Outcome::Transport,
                (Err(_), None) => return result,
            };
            match policy.delay(&method, &outcome, attempt) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return result,
            }
        }
    }

    /// One attempt; with the error status and headers when the server answered one.
    async fn once(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> (
        Result<Vec<u8>>,
        Option<(StatusCode, reqwest::header::HeaderMap)>,
    ) {
        let url = format!("{}{path}", self.base);
        let request = format!("{method} {path}");
        let mut builder = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(self.token.expose())
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(b) = body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(b.to_string());
        }
        let response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return (Err(unreachable_error(&url, e)), None),
        };
        let status = response.status();
        let headers = response.headers().clone();
        let limit = if status.is_success() {
            net::limits::LIST_PAGE
        } else {
            net::limits::ERROR_BODY
        };
        let bytes = match net::read_body(response, limit).await {
            Ok(bytes) => bytes,
            Err(net::BodyError::TooLarge { limit }) => {
                return (
                    Err(Error::BadResponse {
                        request,
                        reason: format!("the reply is larger than {limit} bytes"),
                    }),
                    None,
                );
            }
            Err(net::BodyError::Transport(e)) => {
                let reason = if e.is_timeout() {
                    format!(
                        "no complete reply within {} s",
                        self.options.request_timeout.as_secs()
                    )
                } else {
                    "the connection closed before the reply ended".into()
                };
                return (
                    Err(Error::Unreachable {
                        url,
                        reason,
                        source: Some(e),
                    }),
                    None,
                );
            }
        };
        if status.is_success() {
            return (Ok(bytes.to_vec()), None);
        }
        (
            Err(status_error(status, &bytes, request)),
            Some((status, headers)),
        )
    }
}

fn retryable(error: &Error) -> bool {
    match error {
        Error::Unreachable { .. } => true,
        Error::Api { status, .. } => *status >= 500,
        _ => false,
    }
}

fn unreachable_error(url: &str, e: reqwest::Error) -> Error {
    let reason = if e.is_timeout() {
        "no answer in time".to_owned()
    } else if e.is_connect() {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text = s.to_string();
            source = s.source();
        }
        format!("cannot connect ({text})")
    } else {
        "the connection broke before a reply came".to_owned()
    };
    Error::Unreachable {
        url: url.to_owned(),
        reason,
        source: Some(e),
    }
}

/// Maps an error status to [`Error`], keeping the apiserver's `Status` message.
fn status_error(status: StatusCode, body: &[u8], request: String) -> Error {
    let api_status = ApiStatus::parse(body);
    let message = api_status
        .as_ref()
        .map(|s| s.message.clone())
        .filter(|m| !m.is_empty());
    match status.as_u16() {
        401 => Error::SignInRequired,
        403 => Error::Forbidden {
            denial: message
                .as_deref()
                .and_then(crate::model::Denial::parse)
                .map(Box::new),
            message: message.unwrap_or_else(|| format!("{request} is forbidden (HTTP 403)")),
            request,
        },
        404 => Error::NotFound {
            request,
            status: api_status,
        },
        409 if api_status
            .as_ref()
            .is_some_and(|s| s.reason == "AlreadyExists") =>
        {
            Error::AlreadyExists {
                message: message.unwrap_or_else(|| format!("{request}: already exists")),
            }
        }
        409 => Error::Conflict {
            message: message.unwrap_or_else(|| format!("{request}: conflict (HTTP 409)")),
            attempts: 1,
        },
        422 => Error::Invalid {
            message: message.unwrap_or_else(|| format!("{request}: invalid (HTTP 422)")),
        },
        code => Error::Api {
            request,
            status: code,
            api_status,
        },
    }
}

/// Checks a Kubernetes object name (DNS-1123 subdomain: lowercase letters, digits, `-` and
/// `.`, starting and ending with a letter or digit, at most 253 characters), so that it can
/// go into a URL path as is.
pub fn check_name(what: &'static str, value: &str) -> Result<()> {
    let bad = |reason: &str| Error::InvalidName {
        what,
        value: value.to_owned(),
        reason: reason.to_owned(),
    };
    if value.is_empty() {
        return Err(bad("it is empty"));
    }
    if value.len() > 253 {
        return Err(bad("it is longer than 253 characters"));
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return Err(bad(
            "only lowercase letters, digits, '-' and '.' are allowed",
        ));
    }
    let edge_ok = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !edge_ok(value.bytes().next()) || !edge_ok(value.bytes().last()) {
        return Err(bad("it must start and end with a letter or digit"));
    }
    Ok(())
}

/// A name the server gave us, made safe as one URL path segment (percent-encoding all but
/// unreserved characters and `:`), so that no name can change the path.
pub(crate) fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out == "." || out == ".." {
        out = out.replace('.', "%2E");
    }
    out
}

/// Checks a role name: RBAC role names may also hold `:` (`system:image-puller`), but no `/`
/// or `%`, which would change the URL.
pub fn check_role_name(value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 253
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:_".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "role name",
            value: value.to_owned(),
            reason: "only letters, digits, '-', '.', '_' and ':' are allowed".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_change_the_url_are_refused() {
        assert!(check_name("project name", "team-a.prod").is_ok());
        for bad in ["", "A", "a/b", "-a", "a-", "a b", "a%2f", "../x"] {
            assert!(check_name("project name", bad).is_err(), "{bad}");
        }
        assert!(check_role_name("system:image-puller").is_ok());
        assert!(check_role_name("a/b").is_err());
        assert!(check_role_name("").is_err());
    }

    #[test]
    fn server_names_stay_one_path_segment() {
        assert_eq!(segment("system:image-puller"), "system:image-puller");
        assert_eq!(segment("a/b c%"), "a%2Fb%20c%25");
        assert_eq!(segment(".."), "%2E%2E");
    }

    #[test]
    fn status_errors_keep_the_apiservers_message() {
        let body = br#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"rolebindings.rbac.authorization.k8s.io is forbidden: User \"bob\" cannot create resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \"p\"","reason":"Forbidden","code":403}"#;
        let e = status_error(StatusCode::FORBIDDEN, body, "POST /x".into());
        assert!(e.is_forbidden());
        let Error::Forbidden { denial, .. } = &e else {
            unreachable!()
        };
        assert_eq!(denial.as_ref().map(|d| d.verb.as_str()), Some("create"));
        assert!(
            e.to_string()
                .contains("User \"bob\" cannot create resource \"rolebindings\""),
            "{e}"
        );
        let e = status_error(
            StatusCode::NOT_FOUND,
            b"404 page not found\n",
            "GET /apis/x".into(),
        );
        assert!(e.is_not_found());
        let e = status_error(
            StatusCode::CONFLICT,
            br#"{"kind":"Status","reason":"AlreadyExists","message":"x already exists","code":409}"#,
            "POST /x".into(),
        );
        assert!(matches!(e, Error::AlreadyExists { .. }));
        let e = status_error(StatusCode::UNAUTHORIZED, b"{}", "GET /x".into());
        assert!(e.is_sign_in_required());
    }
}
