//! A small registry client that answers the registry's challenges generically, as a real
//! client must: it reads `WWW-Authenticate`, then either sends Basic credentials or fetches a
//! Bearer token from the challenge's realm for the challenge's service and scopes.
//!
//! It exists for the filler and for tests that need to look at a registry; it is not the app's
//! client, which the tests must judge independently.

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode};

use crate::error::{Error, Result};

/// A user name and password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl Credentials {
    /// Credentials from a user name and password.
    pub fn new(username: &str, password: &str) -> Self {
        Self {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The value of an `Authorization: Basic` header.
    pub fn basic_header(&self) -> String {
        format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", self.username, self.password))
        )
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// One challenge of a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme, lowercased (`basic`, `bearer`).
    pub scheme: String,
    /// Its parameters (`realm`, `service`, `scope`, `error`), names lowercased.
    pub params: HashMap<String, String>,
}

impl Challenge {
    /// Parses a `WWW-Authenticate` value with one challenge (what registries send):
    /// `Scheme k="v",k2="v2"`. Quoted values may hold commas and escaped quotes.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        let mut params = HashMap::new();
        let mut chars = rest.chars().peekable();
        loop {
            while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
                chars.next();
            }
            let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
            if name.trim().is_empty() {
                break;
            }
            let mut val = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => val.extend(chars.next()),
                        '"' => break,
                        c => val.push(c),
                    }
                }
            } else {
                val = chars.by_ref().take_while(|c| *c != ',').collect();
            }
            params.insert(name.trim().to_ascii_lowercase(), val.trim().to_owned());
        }
        Some(Self {
            scheme: scheme.to_ascii_lowercase(),
            params,
        })
    }

    /// The challenge of a response, if it has one.
    pub fn of(headers: &HeaderMap) -> Option<Self> {
        headers
            .get(WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .and_then(Self::parse)
    }
}

/// Builds a reqwest client for a registry; with `ca_pem`, it trusts that CA and nothing else.
pub fn http_client(ca_pem: Option<&[u8]>) -> Result<reqwest::Client> {
    crate::install_crypto_provider();
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(pem) = ca_pem {
        let cert = reqwest::Certificate::from_pem(pem)
            .map_err(|e| Error::http("read the test CA certificate", e))?;
        builder = builder.tls_certs_only([cert]);
    }
    builder
        .build()
        .map_err(|e| Error::http("build the HTTP client", e))
}

/// A registry client that authenticates as its server asks.
#[derive(Debug)]
pub struct RegistryClient {
    base: String,
    http: reqwest::Client,
    credentials: Option<Credentials>,
    /// `Authorization` values that worked, by repository (or `catalog`); `*` for Basic.
    auth: Mutex<HashMap<String, String>>,
}

/// What one request sends; kept whole so it can be sent again after a challenge.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// HTTP method (GET when unset).
    pub method: Option<Method>,
    /// A path under the base URL (`/v2/...`) or an absolute URL (an upload's `Location`).
    pub path: String,
    /// `Content-Type` of the body.
    pub content_type: Option<String>,
    /// `Accept`.
    pub accept: Option<String>,
    /// The body.
    pub body: Option<Vec<u8>>,
}

impl Call {
    /// A GET of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    /// A request with another method.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method: Some(method),
            path: path.into(),
            ..Self::default()
        }
    }

    /// Adds a body and its content type.
    pub fn body(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.content_type = Some(content_type.into());
        self.body = Some(body);
        self
    }

    /// Sets `Accept`.
    pub fn accept(mut self, accept: &str) -> Self {
        self.accept = Some(accept.into());
        self
    }
}

/// The repository a `/v2/<name>/...` path is about, or `catalog`; the key of the token cache.
fn auth_key(path: &str) -> String {
    let path = path
        .split_once("/v2/")
        .map_or(path, |(_, p)| p)
        .split('?')
        .next()
        .unwrap_or("");
    if path.starts_with("_catalog") {
        return "catalog".into();
    }
    for marker in ["/blobs/", "/manifests/", "/tags/"] {
        if let Some(i) = path.find(marker) {
            return path[..i].to_owned();
        }
    }
    String::new()
}

impl RegistryClient {
    /// A client for the registry at `base_url` (`http://127.0.0.1:PORT`), with optional
    /// credentials and, for a TLS registry, the CA to trust.
    pub fn new(
        base_url: &str,
        credentials: Option<Credentials>,
        ca_pem: Option<&[u8]>,
    ) -> Result<Self> {
        Ok(Self {
            base: base_url.trim_end_matches('/').to_owned(),
            http: http_client(ca_pem)?,
            credentials,
            auth: Mutex::new(HashMap::new()),
        })
    }

    /// The registry's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The underlying HTTP client (trusts the registry's CA, follows no redirects).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// An absolute URL for a path or a `Location` value.
    pub fn url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http://") || path_or_url.starts_with("https://") {
            path_or_url.to_owned()
        } else {
            format!("{}{}", self.base, path_or_url)
        }
    }

    async fn send_once(&self, call: &Call, auth: Option<&str>) -> Result<Response> {
        let url = self.url(&call.path);
        let mut request = self
            .http
            .request(call.method.clone().unwrap_or(Method::GET), &url);
        if let Some(auth) = auth {
            request = request.header(AUTHORIZATION, auth);
        }
        if let Some(ct) = &call.content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        if let Some(accept) = &call.accept {
            request = request.header(ACCEPT, accept);
        }
        if let Some(body) = &call.body {
            request = request.body(body.clone());
        } else if call
            .method
            .as_ref()
            .is_some_and(|m| m == Method::PUT || m == Method::POST)
        {
            request = request.body(Vec::new());
        }
        request.send().await.map_err(|e| {
            Error::http(
                format!("{} {url}", call.method.as_ref().unwrap_or(&Method::GET)),
                e,
            )
        })
    }

    /// Sends `call`; on a 401 with a Basic or Bearer challenge, authenticates as asked and
    /// sends it once more. Returns the last response whatever its status.
    pub async fn send(&self, call: Call) -> Result<Response> {
        let key = auth_key(&call.path);
        let cached = {
            let auth = self.auth.lock().expect("auth cache lock");
            auth.get("*").or_else(|| auth.get(&key)).cloned()
        };
        let response = self.send_once(&call, cached.as_deref()).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let Some(challenge) = Challenge::of(response.headers()) else {
            return Ok(response);
        };
        let (cache_key, auth) = match challenge.scheme.as_str() {
            "basic" => match &self.credentials {
                Some(c) => ("*".to_owned(), c.basic_header()),
                None => return Ok(response),
            },
            "bearer" => (
                key,
                format!("Bearer {}", self.fetch_token(&challenge).await?),
            ),
            _ => return Ok(response),
        };
        if cached.as_deref() == Some(auth.as_str()) {
            return Ok(response);
        }
        let retry = self.send_once(&call, Some(&auth)).await?;
        if retry.status() != StatusCode::UNAUTHORIZED {
            self.auth
                .lock()
                .expect("auth cache lock")
                .insert(cache_key, auth);
        }
        Ok(retry)
    }

    /// Fetches a token for a Bearer challenge: `GET realm?service=S&scope=...` (one `scope`
    /// parameter per space-separated scope of the challenge), with Basic credentials if any.
    pub async fn fetch_token(&self, challenge: &Challenge) -> Result<String> {
        let realm = challenge.params.get("realm").ok_or_else(|| {
            Error::Other(format!("Bearer challenge without realm: {challenge:?}"))
        })?;
        let mut query: Vec<(&str, &str)> = Vec::new();
        if let Some(service) = challenge.params.get("service") {
            query.push(("service", service));
        }
        if let Some(scope) = challenge.params.get("scope") {
            query.extend(
                scope
                    .split(' ')
                    .filter(|s| !s.is_empty())
                    .map(|s| ("scope", s)),
            );
        }
        let mut request = self.http.get(realm).query(&query);
        if let Some(c) = &self.credentials {
            request = request.header(AUTHORIZATION, c.basic_header());
        }
        let response = request
            .send()
            .await
            .map_err(|e| Error::http(format!("GET token from {realm}"), e))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| Error::http(format!("read token from {realm}"), e))?;
        if !status.is_success() {
            return Err(Error::Unexpected {
                context: format!("token request to {realm}"),
                status: status.as_u16(),
                body,
            });
        }
        let json: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| Error::Other(format!("token reply is not JSON ({e}): {body}")))?;
        json.get("token")
            .or_else(|| json.get("access_token"))
            .and_then(|t| t.as_str())
            .map(str::to_owned)
            .ok_or_else(|| Error::Other(format!("token reply without token: {body}")))
    }

    /// Sends `call` and fails unless the status is `expected`; returns the response.
    pub async fn expect(&self, call: Call, expected: StatusCode) -> Result<Response> {
        let what = format!(
            "{} {}",
            call.method.as_ref().unwrap_or(&Method::GET),
            call.path
        );
        let response = self.send(call).await?;
        if response.status() != expected {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            return Err(Error::Unexpected {
                context: format!("{what} (expected {expected})"),
                status,
                body,
            });
        }
        Ok(response)
    }

    /// GETs a JSON document, which must come with 200.
    pub async fn get_json(&self, path: &str) -> Result<serde_json::Value> {
        let response = self.expect(Call::get(path), StatusCode::OK).await?;
        response
            .json()
            .await
            .map_err(|e| Error::http(format!("read JSON of {path}"), e))
    }

    /// Every repository of the catalog, following `Link: <...>; rel="next"` pages.
    pub async fn catalog(&self) -> Result<Vec<String>> {
        let mut next = Some("/v2/_catalog?n=1000".to_owned());
        let mut all = Vec::new();
        while let Some(path) = next.take() {
            let response = self.expect(Call::get(&path), StatusCode::OK).await?;
            next = response
                .headers()
                .get(reqwest::header::LINK)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| l.split_once('<'))
                .and_then(|(_, rest)| rest.split_once('>'))
                .map(|(link, _)| link.to_owned());
            let json: serde_json::Value = response
                .json()
                .await
                .map_err(|e| Error::http("read the catalog", e))?;
            all.extend(
                json["repositories"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.as_str().map(str::to_owned)),
            );
        }
        Ok(all)
    }

    /// The tags of a repository, sorted (the registry returns them unsorted).
    pub async fn tags(&self, repository: &str) -> Result<Vec<String>> {
        let json = self
            .get_json(&format!("/v2/{repository}/tags/list"))
            .await?;
        let mut tags: Vec<String> = json["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect();
        tags.sort();
        Ok(tags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_challenge_with_commas_in_scope_parses() {
        let c = Challenge::parse(
            r#"Bearer realm="http://127.0.0.1:1/token",service="svc",scope="repository:a/b:pull,push repository:c:pull",error="insufficient_scope""#,
        )
        .unwrap();
        assert_eq!(c.scheme, "bearer");
        assert_eq!(c.params["realm"], "http://127.0.0.1:1/token");
        assert_eq!(
            c.params["scope"],
            "repository:a/b:pull,push repository:c:pull"
        );
        assert_eq!(c.params["error"], "insufficient_scope");
    }

    #[test]
    fn auth_key_names_the_repository_of_a_path() {
        assert_eq!(auth_key("/v2/team/app/api/manifests/1.0"), "team/app/api");
        assert_eq!(auth_key("/v2/_catalog?n=10"), "catalog");
        assert_eq!(
            auth_key("http://127.0.0.1:5/v2/a/b/blobs/uploads/x?_state=1"),
            "a/b"
        );
    }
}
