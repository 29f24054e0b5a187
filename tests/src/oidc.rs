//! An OpenID Connect provider (`oidc-provider` 9 on Node) for the login tests.
//!
//! The app signs in to OAuth providers as a native public client with PKCE and a loopback
//! redirect (RFC 8252). `tests/oidc/provider.mjs` runs the real `oidc-provider` with such a
//! client (`registry-console`) and its development login and consent forms, which
//! [`complete_dev_interactions`] fills in as a user would. Install its packages once with
//! `npm ci --prefix tests/oidc`.

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;

use crate::error::{Error, Result};
use crate::process::{START_TIMEOUT, ServerProcess};

/// The client id of the app's registration.
pub const CLIENT_ID: &str = "registry-console";
/// The account the tests log in as (the dev login form accepts any login and password).
pub const TEST_ACCOUNT: &str = "tester";
/// Its password (any value works with the dev login form).
pub const TEST_PASSWORD: &str = "tester-password";

/// Token lifetimes of a provider.
#[derive(Debug, Clone)]
pub struct OidcOptions {
    /// Access token lifetime.
    pub access_token_ttl: Duration,
    /// Refresh token lifetime.
    pub refresh_token_ttl: Duration,
    /// ID token lifetime.
    pub id_token_ttl: Duration,
    /// Authorization code lifetime.
    pub code_ttl: Duration,
}

impl Default for OidcOptions {
    /// An hour for access and ID tokens, a day for refresh tokens, a minute for codes.
    fn default() -> Self {
        Self {
            access_token_ttl: Duration::from_secs(3600),
            refresh_token_ttl: Duration::from_secs(86_400),
            id_token_ttl: Duration::from_secs(3600),
            code_ttl: Duration::from_secs(60),
        }
    }
}

/// The directory holding `provider.mjs` and its `node_modules`.
pub fn provider_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc")
}

/// A running provider; stopped on [`OidcProvider::stop`] or Drop.
#[derive(Debug)]
pub struct OidcProvider {
    process: ServerProcess,
    issuer: String,
    port: u16,
    _dir: tempfile::TempDir,
}

impl OidcProvider {
    /// Starts a provider with the default lifetimes.
    pub fn start() -> Result<Self> {
        Self::start_with(OidcOptions::default())
    }

    /// Starts `node tests/oidc/provider.mjs` on a free port and waits for its `READY` line.
    pub fn start_with(options: OidcOptions) -> Result<Self> {
        let source = provider_dir();
        if !source.join("node_modules/oidc-provider").is_dir() {
            return Err(Error::Other(format!(
                "the OIDC provider's packages are not installed: run `npm ci --prefix tests/oidc` (in {})",
                source
                    .parent()
                    .map_or_else(String::new, |p| p.display().to_string())
            )));
        }
        let dir = tempfile::Builder::new()
            .prefix("rc-oidc-")
            .tempdir()
            .map_err(|e| Error::io("make the OIDC provider's temp dir", e))?;
        let log_path = dir.path().join("oidc-provider.log");
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| Error::io(format!("open {}", log_path.display()), e))?;
        let secs = |d: Duration| d.as_secs().max(1).to_string();
        let mut command = Command::new("node");
        command
            .arg(source.join("provider.mjs"))
            .current_dir(&source)
            .env("OIDC_PORT", "0")
            .env("OIDC_ACCESS_TOKEN_TTL", secs(options.access_token_ttl))
            .env("OIDC_REFRESH_TOKEN_TTL", secs(options.refresh_token_ttl))
            .env("OIDC_ID_TOKEN_TTL", secs(options.id_token_ttl))
            .env("OIDC_CODE_TTL", secs(options.code_ttl))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        let mut process =
            ServerProcess::spawn_configured("oidc-provider (node)", command, &log_path)?;
        let stdout = process
            .child_mut()
            .and_then(|c| c.stdout.take())
            .ok_or_else(|| Error::Other("node's stdout is not piped".into()))?;

        // Read stdout on a thread: the first `READY` line is handed over, then everything
        // goes on into the log, so node never blocks on a full pipe.
        let (tx, rx) = std::sync::mpsc::channel();
        let mut log = std::fs::File::options()
            .append(true)
            .open(&log_path)
            .map_err(|e| Error::io(format!("open {}", log_path.display()), e))?;
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = writeln!(log, "{line}");
                if let Some(issuer) = line.strip_prefix("READY ")
                    && let Some(tx) = tx.take()
                {
                    let _ = tx.send(issuer.trim().to_owned());
                }
            }
        });
        let issuer = match rx.recv_timeout(START_TIMEOUT) {
            Ok(issuer) => issuer,
            Err(_) => {
                // Give a crashing node a moment to finish writing its error.
                std::thread::sleep(Duration::from_millis(100));
                return Err(match process.exited() {
                    Some(status) => {
                        process.start_error(format!("it exited while starting ({status})"))
                    }
                    None => process.start_error(format!("no READY line after {START_TIMEOUT:?}")),
                });
            }
        };
        let port = issuer
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| process.start_error(format!("cannot read the port of {issuer}")))?;
        Ok(Self {
            process,
            issuer,
            port,
            _dir: dir,
        })
    }

    /// The issuer, `http://127.0.0.1:PORT` (also the base URL).
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The discovery document's URL.
    pub fn discovery_url(&self) -> String {
        format!("{}/.well-known/openid-configuration", self.issuer)
    }

    /// The authorization endpoint (`/auth`).
    pub fn authorization_endpoint(&self) -> String {
        format!("{}/auth", self.issuer)
    }

    /// The token endpoint (`/token`).
    pub fn token_endpoint(&self) -> String {
        format!("{}/token", self.issuer)
    }

    /// How many requests of `grant_type` (`refresh_token`, `authorization_code`) the token
    /// endpoint has received, answered or refused.
    pub async fn token_requests(&self, grant_type: &str) -> Result<u64> {
        let url = format!("{}/test/token-requests", self.issuer);
        let counts: serde_json::Value = browser()?
            .get(&url)
            .send()
            .await
            .map_err(|e| Error::http(format!("GET {url}"), e))?
            .json()
            .await
            .map_err(|e| Error::http(format!("read {url}"), e))?;
        Ok(counts[grant_type].as_u64().unwrap_or(0))
    }

    /// The node process's id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// The provider's log (its stdout and stderr).
    pub fn log(&self) -> String {
        self.process.log()
    }

    /// Stops the provider. Idempotent.
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

/// The client's loopback redirect URI on `port` (any port matches the registered one).
pub fn redirect_uri(port: u16) -> String {
    format!("http://127.0.0.1:{port}/callback")
}

/// A PKCE verifier and its S256 challenge (RFC 7636).
#[derive(Debug, Clone)]
pub struct Pkce {
    /// The `code_verifier`, sent with the code to the token endpoint.
    pub verifier: String,
    /// `base64url(sha256(verifier))`, sent as `code_challenge`.
    pub challenge: String,
}

impl Pkce {
    /// A fresh random pair.
    pub fn new() -> Self {
        let verifier = crate::random_hex(32);
        let challenge = URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            verifier.as_bytes(),
        ));
        Self {
            verifier,
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// A browser stand-in: keeps cookies, follows no redirects (the flow's redirects are read).
pub fn browser() -> Result<reqwest::Client> {
    crate::install_crypto_provider();
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::http("build the browser client", e))
}

/// A form of an HTML page: where it posts and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlForm {
    /// The `action` attribute.
    pub action: String,
    /// `name` → `value` of its inputs, in order (inputs without a value get "").
    pub fields: Vec<(String, String)>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')? + start;
    Some(
        tag[start..end]
            .replace("&amp;", "&")
            .replace("&#x2F;", "/")
            .replace("&#39;", "'")
            .replace("&quot;", "\""),
    )
}

/// The first `<form>` of a page, read just well enough for the provider's dev forms.
pub fn first_form(html: &str) -> Option<HtmlForm> {
    let start = html.find("<form")?;
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |e| start + e);
    let form = &html[start..end];
    let open_end = form.find('>')?;
    let action = attribute(&form[..open_end], "action")?;
    let mut fields = Vec::new();
    let mut rest = form;
    while let Some(i) = rest.find("<input") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        if let Some(name) = attribute(tag, "name") {
            fields.push((name, attribute(tag, "value").unwrap_or_default()));
        }
        rest = &rest[tag_end..];
    }
    Some(HtmlForm { action, fields })
}

/// Drives an authorization request through the dev login and consent forms as `login`, the
/// way a user's browser would: follows redirects on the provider, posts each form, and stops
/// at the first redirect that leaves the provider (to the client's `redirect_uri`), which it
/// returns with its `code`, `state` and `iss` (or `error`).
pub async fn complete_dev_interactions(
    browser: &reqwest::Client,
    issuer: &str,
    authorization_url: &str,
    login: &str,
    password: &str,
) -> Result<url::Url> {
    let mut next = Some((
        reqwest::Method::GET,
        authorization_url.to_owned(),
        None::<Vec<(String, String)>>,
    ));
    for _ in 0..20 {
        let Some((method, url, form)) = next.take() else {
            break;
        };
        let mut request = browser.request(method.clone(), &url);
        if let Some(form) = &form {
            request = request.form(form);
        }
        let response = request
            .send()
            .await
            .map_err(|e| Error::http(format!("{method} {url}"), e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| Error::Other(format!("{status} from {url} without Location")))?;
            let target = url::Url::parse(&url)
                .and_then(|base| base.join(location))
                .map_err(|e| Error::Other(format!("bad Location {location}: {e}")))?;
            if !target.as_str().starts_with(issuer) {
                return Ok(target);
            }
            next = Some((reqwest::Method::GET, target.to_string(), None));
            continue;
        }
        let body = response.text().await.unwrap_or_default();
        if status != StatusCode::OK {
            return Err(Error::Unexpected {
                context: format!("{method} {url} during the login flow"),
                status: status.as_u16(),
                body,
            });
        }
        let form = first_form(&body)
            .ok_or_else(|| Error::Other(format!("no form on the page of {url}: {body}")))?;
        let fields = form
            .fields
            .into_iter()
            .map(|(name, value)| match name.as_str() {
                "login" => (name, login.to_owned()),
                "password" => (name, password.to_owned()),
                _ => (name, value),
            })
            .collect();
        let action = url::Url::parse(&url)
            .and_then(|base| base.join(&form.action))
            .map_err(|e| Error::Other(format!("bad form action {}: {e}", form.action)))?;
        next = Some((reqwest::Method::POST, action.to_string(), Some(fields)));
    }
    Err(Error::Other(format!(
        "the login flow from {authorization_url} did not reach the redirect URI"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_form_reads_action_and_hidden_inputs() {
        let html = r#"<p>x</p><form autocomplete="off" action="/interaction/abc/login" method="post">
  <input type="hidden" name="prompt" value="login"/>
  <input required type="text" name="login" placeholder="Enter any login" autofocus="on">
  <input required type="password" name="password" placeholder="and password" ></form>"#;
        let form = first_form(html).unwrap();
        assert_eq!(form.action, "/interaction/abc/login");
        assert_eq!(
            form.fields,
            [
                ("prompt".to_owned(), "login".to_owned()),
                ("login".to_owned(), String::new()),
                ("password".to_owned(), String::new()),
            ]
        );
    }
}
