//! Signing in to an OpenShift cluster the ways `oc login` does: the browser (code grant with
//! PKCE through `openshift-cli-client`), a user name and password (the challenging client),
//! or a pasted token; then asking the API who that is.
//!
//! The OAuth server is found from the API URL through
//! `/.well-known/oauth-authorization-server`; on a real cluster it is a different host
//! (`oauth-openshift.apps.<domain>`) from the API server.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use connections::TlsMode;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, LOCATION, WWW_AUTHENTICATE};
use serde::Deserialize;
use vault::Secret;

use crate::browser::{BrowserOpener, BrowserOptions, Loopback, Pkce, random_token};
use crate::error::{Error, Result};
use crate::http;
use crate::session::{self, Identity, Session, SignInMethod};

/// The client `oc login --web` uses: code grant, PKCE S256, loopback redirect.
pub const CLI_CLIENT: &str = "openshift-cli-client";
/// The client `oc login -u` uses: answers Basic challenges, token in the redirect fragment.
pub const CHALLENGING_CLIENT: &str = "openshift-challenging-client";
/// The client of the token request page (`<oauth>/oauth/token/request`).
pub const BROWSER_CLIENT: &str = "openshift-browser-client";

/// The OAuth server's metadata, as the API server publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OAuthMetadata {
    /// The OAuth server's base URL.
    pub issuer: String,
    /// `<issuer>/oauth/authorize`.
    pub authorization_endpoint: String,
    /// `<issuer>/oauth/token`.
    pub token_endpoint: String,
    /// `["plain", "S256"]` on OpenShift.
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
}

/// What the sign-in dialog shows about a cluster's OAuth server.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenShiftOAuthInfo {
    /// The OAuth server (`issuer`).
    pub issuer: String,
    /// Where a user gets a token to paste: `<issuer>/oauth/token/request`.
    pub token_request_url: String,
    /// The browser client `oc login --web` uses, the dialog's default.
    pub default_browser_client: String,
}

impl OAuthMetadata {
    /// The facts the sign-in dialog shows.
    pub fn info(&self) -> OpenShiftOAuthInfo {
        OpenShiftOAuthInfo {
            issuer: self.issuer.clone(),
            token_request_url: self.token_request_url(),
            default_browser_client: CLI_CLIENT.to_owned(),
        }
    }

    /// The page where a user gets a token to paste (`<issuer>/oauth/token/request`).
    pub fn token_request_url(&self) -> String {
        format!("{}/oauth/token/request", self.issuer.trim_end_matches('/'))
    }
}

/// `GET /apis/user.openshift.io/v1/users/~`.
#[derive(Debug, Deserialize)]
struct User {
    kind: Option<String>,
    metadata: UserMetadata,
    #[serde(default)]
    groups: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct UserMetadata {
    name: String,
}

/// A token reply (RFC 6749 §5.1).
#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    /// Kept as sent (a number, a float, a string): [`http::expires_at`] bounds it.
    expires_in: Option<serde_json::Value>,
}

/// An OpenShift cluster, reached by its API URL.
#[derive(Debug, Clone)]
pub struct OpenShift {
    api: url::Url,
    http: net::Client,
}

impl OpenShift {
    /// A cluster whose API server is at `api_url`, with the connection's TLS choice.
    pub fn new(api_url: &str, tls: &TlsMode) -> Result<Self> {
        let api = http::base_url(api_url)?;
        let http = http::client(&api, tls)?;
        Ok(Self { api, http })
    }

    /// The API URL, as shown to the user.
    pub fn api_url(&self) -> String {
        self.api.as_str().trim_end_matches('/').to_owned()
    }

    /// Finds the OAuth server: `GET <api>/.well-known/oauth-authorization-server`.
    pub async fn discover(&self) -> Result<OAuthMetadata> {
        let url = http::join(&self.api, "/.well-known/oauth-authorization-server");
        let url_s = url.to_string();
        let response = http::send(self.http.get(url), &url_s).await?;
        let status = response.status();
        if !status.is_success() {
            let body = http::error_body(response).await;
            return Err(Error::InvalidDiscovery {
                url: url_s,
                reason: format!(
                    "HTTP {}{}",
                    status.as_u16(),
                    http::message_of(&body)
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default()
                ),
            });
        }
        let bytes = http::body(response, &url_s, net::limits::SMALL_JSON).await?;
        let metadata: OAuthMetadata =
            serde_json::from_slice(&bytes).map_err(|e| Error::InvalidDiscovery {
                url: url_s.clone(),
                reason: e.to_string(),
            })?;
        for (name, value) in [
            ("authorization_endpoint", &metadata.authorization_endpoint),
            ("token_endpoint", &metadata.token_endpoint),
        ] {
            let parsed = url::Url::parse(value).map_err(|e| Error::InvalidDiscovery {
                url: url_s.clone(),
                reason: format!("{name} {value:?}: {e}"),
            })?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(Error::InvalidDiscovery {
                    url: url_s,
                    reason: format!("{name} {value:?} is not http(s)"),
                });
            }
        }
        Ok(metadata)
    }

    /// Signs in with a user name and password as `oc login -u` does: the challenging client
    /// asks for a token in the redirect's fragment, sending `X-CSRF-Token` (without it the
    /// server will not challenge), answering the 401 Basic challenge with the credentials.
    pub async fn login_with_password(&self, username: &str, password: &Secret) -> Result<Session> {
        let metadata = self.discover().await?;
        // The password goes to the OAuth server, often another host than the API: a discovery
        // document that names it over http would send it there in the clear.
        http::secrets_may_go_to(
            &metadata.authorization_endpoint,
            "your password",
            &self.api,
            true,
        )?;
        let mut url = url::Url::parse(&metadata.authorization_endpoint).map_err(|e| {
            Error::InvalidDiscovery {
                url: metadata.authorization_endpoint.clone(),
                reason: e.to_string(),
            }
        })?;
        url.query_pairs_mut()
            .append_pair("client_id", CHALLENGING_CLIENT)
            .append_pair("response_type", "token");
        let endpoint = metadata.authorization_endpoint.clone();

        // First without credentials, to see the challenge (and refuse early if there is none).
        let first = http::send(
            self.http.get(url.clone()).header("X-CSRF-Token", "1"),
            &endpoint,
        )
        .await?;
        if first.status() != StatusCode::UNAUTHORIZED {
            return Err(self.unexpected_authorize_reply(first, &endpoint).await);
        }
        let basic = first
            .headers()
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| v.trim_start().to_ascii_lowercase().starts_with("basic"));
        if !basic {
            let warning = first
                .headers()
                .get("Warning")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            return Err(Error::ChallengeRefused {
                url: endpoint,
                reason: warning.unwrap_or_else(|| "no Basic challenge in the 401 reply".into()),
            });
        }

        let credentials = STANDARD.encode(format!("{username}:{}", password.expose()));
        let second = http::send(
            self.http
                .get(url)
                .header("X-CSRF-Token", "1")
                .header(AUTHORIZATION, format!("Basic {credentials}")),
            &endpoint,
        )
        .await?;
        match second.status() {
            StatusCode::UNAUTHORIZED => Err(Error::WrongPassword { url: endpoint }),
            s if s.is_redirection() => {
                let location = second
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .ok_or_else(|| Error::bad_response(&endpoint, "a redirect without Location"))?;
                let target = url::Url::parse(&endpoint)
                    .and_then(|base| base.join(location))
                    .map_err(|_| Error::bad_response(&endpoint, "a redirect to an unusable URL"))?;
                let (token, expires_in) = token_from_redirect(&target, &endpoint)?;
                let identity = self.whoami(&token).await?;
                Ok(Session {
                    method: SignInMethod::OpenshiftPassword,
                    server: self.api_url(),
                    client_id: Some(CHALLENGING_CLIENT.to_owned()),
                    token_endpoint: Some(metadata.token_endpoint),
                    access_token: token,
                    refresh_token: None,
                    expires_at: http::expires_at(now(), expires_in.as_ref()),
                    identity,
                })
            }
            _ => Err(self.unexpected_authorize_reply(second, &endpoint).await),
        }
    }

    async fn unexpected_authorize_reply(&self, response: reqwest::Response, url: &str) -> Error {
        let status = response.status().as_u16();
        let body = http::error_body(response).await;
        if let Ok(oauth) = serde_json::from_slice::<http::OAuthErrorBody>(&body) {
            return Error::Provider {
                url: url.to_owned(),
                status: Some(status),
                error: oauth.error,
                description: oauth.error_description,
            };
        }
        Error::Unexpected {
            url: url.to_owned(),
            status,
            message: http::message_of(&body),
        }
    }

    /// Signs in through the browser as `oc login --web` does: `client_id` (by default
    /// [`CLI_CLIENT`]), code grant with PKCE S256, a loopback redirect on `127.0.0.1`.
    pub async fn login_with_browser(
        &self,
        client_id: &str,
        opener: &dyn BrowserOpener,
        options: &BrowserOptions,
    ) -> Result<Session> {
        let metadata = self.discover().await?;
        // The user types a password on the sign-in page, and the code and token travel through
        // the token endpoint: both must be encrypted before the browser is opened.
        http::secrets_may_go_to(
            &metadata.authorization_endpoint,
            "the password typed on the sign-in page",
            &self.api,
            true,
        )?;
        http::secrets_may_go_to(
            &metadata.token_endpoint,
            "the sign-in code and the token",
            &self.api,
            true,
        )?;
        let loopback = Loopback::bind().await?;
        let redirect_uri = loopback.redirect_uri();
        let pkce = Pkce::new();
        let state = random_token(16);
        let mut authorize = url::Url::parse(&metadata.authorization_endpoint).map_err(|e| {
            Error::InvalidDiscovery {
                url: metadata.authorization_endpoint.clone(),
                reason: e.to_string(),
            }
        })?;
        authorize
            .query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("code_challenge", pkce.challenge())
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", &state);
        opener.open(&authorize)?;
        let callback = loopback.wait(&state, options).await?;

        let endpoint = metadata.token_endpoint.clone();
        let response = http::send(
            self.http.post(&endpoint).form(&[
                ("grant_type", "authorization_code"),
                ("code", callback.code.expose()),
                ("redirect_uri", &redirect_uri),
                ("client_id", client_id),
                ("code_verifier", pkce.verifier().expose()),
            ]),
            &endpoint,
        )
        .await?;
        let reply: TokenReply = token_reply(response, &endpoint).await?;
        let token = Secret::new(reply.access_token);
        let identity = self.whoami(&token).await?;
        Ok(Session {
            method: SignInMethod::OpenshiftBrowser,
            server: self.api_url(),
            client_id: Some(client_id.to_owned()),
            token_endpoint: Some(endpoint),
            access_token: token,
            refresh_token: None,
            expires_at: http::expires_at(now(), reply.expires_in.as_ref()),
            identity,
        })
    }

    /// Signs in with a pasted token (`oc whoami -t`), checked by asking who it belongs to.
    pub async fn login_with_token(&self, token: Secret) -> Result<Session> {
        let trimmed = Secret::new(token.expose().trim());
        if trimmed.expose().is_empty() {
            return Err(Error::InvalidToken {
                url: self.users_me_url(),
                status: 401,
                message: Some("the token is empty".into()),
            });
        }
        let identity = self.whoami(&trimmed).await?;
        Ok(Session {
            method: SignInMethod::OpenshiftToken,
            server: self.api_url(),
            client_id: None,
            token_endpoint: None,
            access_token: trimmed,
            refresh_token: None,
            expires_at: None,
            identity,
        })
    }

    fn users_me_url(&self) -> String {
        http::join(&self.api, "/apis/user.openshift.io/v1/users/~").to_string()
    }

    /// Who the token belongs to: `GET <api>/apis/user.openshift.io/v1/users/~`.
    pub async fn whoami(&self, token: &Secret) -> Result<Identity> {
        let url = self.users_me_url();
        let response = http::send(self.http.get(&url).bearer_auth(token.expose()), &url).await?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED {
            let body = http::error_body(response).await;
            return Err(Error::InvalidToken {
                url,
                status: status.as_u16(),
                message: http::message_of(&body),
            });
        }
        if !status.is_success() {
            let body = http::error_body(response).await;
            return Err(Error::Unexpected {
                url,
                status: status.as_u16(),
                message: http::message_of(&body),
            });
        }
        let user: User = http::json(response, &url).await?;
        if user.kind.as_deref().is_some_and(|k| k != "User") {
            return Err(Error::bad_response(
                &url,
                format!("a {:?}, not a User", user.kind),
            ));
        }
        Ok(Identity {
            user: user.metadata.name,
            groups: user.groups.unwrap_or_default(),
            ..Identity::default()
        })
    }

    /// Revokes the token as `oc logout` does: deletes its `OAuthAccessToken` (named
    /// `sha256~` + base64url(sha256(the token after its prefix))). `false` when the server
    /// no longer knew it.
    pub async fn revoke(&self, token: &Secret) -> Result<bool> {
        let name = access_token_name(token);
        let url = http::join(
            &self.api,
            &format!("/apis/oauth.openshift.io/v1/oauthaccesstokens/{name}"),
        )
        .to_string();
        let response = http::send(self.http.delete(&url).bearer_auth(token.expose()), &url).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(true);
        }
        if status == StatusCode::NOT_FOUND || status == StatusCode::UNAUTHORIZED {
            return Ok(false);
        }
        let body = http::error_body(response).await;
        Err(Error::Unexpected {
            url,
            status: status.as_u16(),
            message: http::message_of(&body),
        })
    }
}

/// The `OAuthAccessToken` object name of a `sha256~` token.
pub fn access_token_name(token: &Secret) -> String {
    let raw = token.expose();
    let body = raw.strip_prefix("sha256~").unwrap_or(raw);
    format!(
        "sha256~{}",
        URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, body.as_bytes()))
    )
}

/// Reads `access_token` and `expires_in` from the challenging client's redirect fragment,
/// or the OAuth error it carries.
fn token_from_redirect(
    target: &url::Url,
    endpoint: &str,
) -> Result<(Secret, Option<serde_json::Value>)> {
    let fragment = target.fragment().unwrap_or_default();
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(fragment.as_bytes())
        .chain(target.query_pairs())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    if let Some(error) = get("error") {
        return Err(Error::Provider {
            url: endpoint.to_owned(),
            status: None,
            error,
            description: get("error_description"),
        });
    }
    let token = get("access_token")
        .ok_or_else(|| Error::bad_response(endpoint, "the redirect carries no access_token"))?;
    let expires_in = get("expires_in").map(serde_json::Value::String);
    Ok((Secret::new(token), expires_in))
}

/// The fuzzing entry (`fuzz/`): the challenging client's redirect `location` (resolved
/// against its authorize endpoint, as `login_with_password` does) or, without one, a token
/// endpoint's reply `body`, read into the token's expiry. Not an API.
#[doc(hidden)]
pub fn fuzz_token_reply(location: Option<&str>, body: &[u8]) -> Option<Option<i64>> {
    let endpoint = "https://oauth.example/oauth/authorize";
    match location {
        Some(location) => {
            let target = url::Url::parse(endpoint).ok()?.join(location).ok()?;
            let (_, expires_in) = token_from_redirect(&target, endpoint).ok()?;
            Some(http::expires_at(now(), expires_in.as_ref()))
        }
        None => {
            let reply = serde_json::from_slice::<TokenReply>(body).ok()?;
            Some(http::expires_at(now(), reply.expires_in.as_ref()))
        }
    }
}

/// The token endpoint's reply, or its OAuth error.
async fn token_reply(response: reqwest::Response, url: &str) -> Result<TokenReply> {
    let status = response.status();
    if status.is_success() {
        return http::json(response, url).await;
    }
    let body = http::error_body(response).await;
    match serde_json::from_slice::<http::OAuthErrorBody>(&body) {
        Ok(oauth) => Err(Error::Provider {
            url: url.to_owned(),
            status: Some(status.as_u16()),
            error: oauth.error,
            description: oauth.error_description,
        }),
        Err(_) => Err(Error::Unexpected {
            url: url.to_owned(),
            status: status.as_u16(),
            message: http::message_of(&body),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_read_from_the_fragment_and_errors_are_provider_errors() {
        let ok = url::Url::parse(
            "https://oauth.example/oauth/token/implicit#access_token=sha256~abc&expires_in=86400&scope=user%3Afull&token_type=Bearer",
        )
        .unwrap();
        let (token, expires) = token_from_redirect(&ok, "e").unwrap();
        assert_eq!(
            (token.expose(), expires),
            (
                "sha256~abc",
                Some(serde_json::Value::String("86400".into()))
            )
        );
        let err = url::Url::parse(
            "https://oauth.example/oauth/token/implicit#error=access_denied&error_description=denied",
        )
        .unwrap();
        assert!(
            matches!(token_from_redirect(&err, "e"), Err(Error::Provider { error, .. }) if error == "access_denied")
        );
        let none = url::Url::parse("https://oauth.example/x").unwrap();
        assert!(matches!(
            token_from_redirect(&none, "e"),
            Err(Error::BadResponse { .. })
        ));
    }

    #[test]
    fn access_token_name_hashes_the_part_after_the_prefix() {
        let name = access_token_name(&Secret::new("sha256~abc"));
        let expected = URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, b"abc"));
        assert_eq!(name, format!("sha256~{expected}"));
    }
}
