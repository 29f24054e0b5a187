//! Signing in to any OpenID Connect provider as a native public client (RFC 8252): discovery,
//! code grant with PKCE S256 and a loopback redirect, the ID token checked against the
//! provider's JWKS, and refresh tokens used once each (providers rotate them; replaying a
//! used one revokes the whole grant, so the new one must be stored before anything else).

use std::sync::Arc;

use connections::{Connection, TlsMode};
use serde::Deserialize;
use vault::{KeptIn, Secret};

use crate::browser::{BrowserOpener, BrowserOptions, Loopback, Pkce, random_token};
use crate::error::{Error, Result};
use crate::http;
use crate::jwt::{self, JwkSet};
use crate::session::{
    Bearer, Identity, LastRefresh, Session, SessionStore, SignInMethod, SignInStatus, now,
};

/// The scopes asked for: `offline_access` for a refresh token (granted only with
/// `prompt=consent`), `profile` and `email` for the claims shown.
pub const SCOPES: &str = "openid profile email offline_access";

/// The provider's metadata (OpenID Connect Discovery 1.0 §3).
#[derive(Debug, Clone, Deserialize)]
pub struct OidcMetadata {
    /// The issuer; must equal the URL discovered from.
    pub issuer: String,
    /// Where the browser goes.
    pub authorization_endpoint: String,
    /// Where codes and refresh tokens are exchanged.
    pub token_endpoint: String,
    /// The provider's signing keys.
    pub jwks_uri: String,
    /// Where the profile claims are, when the ID token leaves them out (Core §5.3).
    #[serde(default)]
    pub userinfo_endpoint: Option<String>,
    /// Where tokens are revoked (RFC 7009), when the provider has one.
    #[serde(default)]
    pub revocation_endpoint: Option<String>,
    /// PKCE methods; S256 must be among them when the list is given.
    #[serde(default)]
    pub code_challenge_methods_supported: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct UserInfo {
    sub: String,
    email: Option<String>,
    name: Option<String>,
    preferred_username: Option<String>,
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: String,
    refresh_token: Option<String>,
    id_token: Option<String>,
    /// Kept as sent (a number, a float, a string): [`http::expires_at`] bounds it.
    expires_in: Option<serde_json::Value>,
}

/// The fuzzing entry (`fuzz/`): a token endpoint's reply body read as `token_request` reads
/// it (its OAuth error, or the server's message, when it is not a token), and the expiry the
/// session gets from it. Not an API.
#[doc(hidden)]
pub fn fuzz_token_reply(body: &[u8]) -> std::result::Result<Option<i64>, Option<String>> {
    match serde_json::from_slice::<TokenReply>(body) {
        Ok(reply) => Ok(http::expires_at(now(), reply.expires_in.as_ref())),
        Err(_) => Err(serde_json::from_slice::<http::OAuthErrorBody>(body)
            .map(|oauth| oauth.error)
            .ok()
            .or_else(|| http::message_of(body))),
    }
}

/// A discovered provider.
#[derive(Debug, Clone)]
pub struct OidcProvider {
    metadata: OidcMetadata,
    http: net::Client,
}

impl OidcProvider {
    /// Discovers the provider at `issuer` (`<issuer>/.well-known/openid-configuration`),
    /// reached with `tls` as a connection of its own.
    pub async fn discover(issuer: &str, tls: &TlsMode) -> Result<Self> {
        Self::discover_for(issuer, issuer, tls).await
    }

    /// Discovers the provider at `issuer` for the connection at `connection_url`, whose TLS
    /// choice is `tls`. Verification off is the connection's own origin only: a provider on
    /// another host (the usual case: a cluster signing in through Keycloak or Dex) is verified
    /// against the system roots and the connection's CA bundle whatever the connection says.
    pub async fn discover_for(issuer: &str, connection_url: &str, tls: &TlsMode) -> Result<Self> {
        let base = http::base_url(issuer)?;
        let http_client = http::client(&http::base_url(connection_url)?, tls)?;
        let url = http::join(&base, "/.well-known/openid-configuration").to_string();
        let response = http::send(http_client.get(&url), &url).await?;
        let status = response.status();
        let invalid = |reason: String| Error::InvalidDiscovery {
            url: url.clone(),
            reason,
        };
        if !status.is_success() {
            return Err(invalid(format!("HTTP {}", status.as_u16())));
        }
        let bytes = http::body(response, &url, net::limits::SMALL_JSON).await?;
        let metadata: OidcMetadata =
            serde_json::from_slice(&bytes).map_err(|e| invalid(e.to_string()))?;
        // §4.3: the issuer in the document must be the one asked for.
        if metadata.issuer.trim_end_matches('/') != issuer.trim().trim_end_matches('/') {
            return Err(invalid(format!(
                "it names the issuer {}, not {}",
                metadata.issuer,
                issuer.trim()
            )));
        }
        if let Some(methods) = &metadata.code_challenge_methods_supported
            && !methods.iter().any(|m| m == "S256")
        {
            return Err(invalid("the provider does not support PKCE S256".into()));
        }
        // Codes, tokens and the keys that vouch for ID tokens travel through these: each must
        // be https (or on this machine) before anything is sent or the browser is opened, even
        // when the issuer itself was typed as http.
        for (name, value, what) in [
            (
                "authorization_endpoint",
                Some(&metadata.authorization_endpoint),
                "the password typed on the sign-in page",
            ),
            (
                "token_endpoint",
                Some(&metadata.token_endpoint),
                "the sign-in code and the tokens",
            ),
            (
                "jwks_uri",
                Some(&metadata.jwks_uri),
                "the keys that vouch for the ID token",
            ),
            (
                "userinfo_endpoint",
                metadata.userinfo_endpoint.as_ref(),
                "the access token",
            ),
            (
                "revocation_endpoint",
                metadata.revocation_endpoint.as_ref(),
                "the tokens",
            ),
        ] {
            let Some(value) = value else { continue };
            url::Url::parse(value).map_err(|e| invalid(format!("{name} {value:?}: {e}")))?;
            http::secrets_may_go_to(value, what, &base, false)?;
        }
        Ok(Self {
            metadata,
            http: http_client,
        })
    }

    /// The discovered metadata.
    pub fn metadata(&self) -> &OidcMetadata {
        &self.metadata
    }

    /// Signs in through the browser as `client_id`.
    pub async fn login(
        &self,
        client_id: &str,
        opener: &dyn BrowserOpener,
        options: &BrowserOptions,
    ) -> Result<Session> {
        let loopback = Loopback::bind().await?;
        let redirect_uri = loopback.redirect_uri();
        let pkce = Pkce::new();
        let state = random_token(16);
        let nonce = random_token(16);
        let mut authorize =
            url::Url::parse(&self.metadata.authorization_endpoint).map_err(|e| {
                Error::InvalidDiscovery {
                    url: self.metadata.authorization_endpoint.clone(),
                    reason: e.to_string(),
                }
            })?;
        authorize
            .query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("scope", SCOPES)
            .append_pair("prompt", "consent")
            .append_pair("state", &state)
            .append_pair("nonce", &nonce)
            .append_pair("code_challenge", pkce.challenge())
            .append_pair("code_challenge_method", "S256");
        opener.open(&authorize)?;
        let callback = loopback.wait(&state, options).await?;
        if let Some(iss) = &callback.iss
            && iss != &self.metadata.issuer
        {
            return Err(Error::IssuerMismatch {
                expected: self.metadata.issuer.clone(),
                got: iss.clone(),
            });
        }
        let reply = self
            .token_request(&[
                ("grant_type", "authorization_code"),
                ("code", callback.code.expose()),
                ("redirect_uri", &redirect_uri),
                ("client_id", client_id),
                ("code_verifier", pkce.verifier().expose()),
            ])
            .await?;
        let id_token = reply
            .id_token
            .as_deref()
            .ok_or_else(|| Error::InvalidIdToken {
                issuer: self.metadata.issuer.clone(),
                reason: "the token reply holds no id_token".into(),
            })?;
        let access_token = Secret::new(reply.access_token);
        let identity = self
            .identity(id_token, client_id, Some(&nonce), &access_token)
            .await?;
        Ok(Session {
            method: SignInMethod::Oidc,
            server: self.metadata.issuer.clone(),
            client_id: Some(client_id.to_owned()),
            token_endpoint: Some(self.metadata.token_endpoint.clone()),
            access_token,
            refresh_token: reply.refresh_token.map(Secret::new),
            expires_at: http::expires_at(now(), reply.expires_in.as_ref()),
            identity,
        })
    }

    /// Uses the session's refresh token once and returns the session with the new tokens.
    /// Store the result before using its access token: the old refresh token is spent. An
    /// `invalid_grant` (the refresh token was used before, or the grant was revoked) is
    /// [`Error::GrantRevoked`]: sign in again.
    pub async fn refresh(&self, session: &Session) -> Result<Session> {
        let client_id = session.client_id.as_deref().unwrap_or_default();
        let refresh_token = session
            .refresh_token
            .as_ref()
            .ok_or_else(|| Error::GrantRevoked {
                url: self.metadata.token_endpoint.clone(),
                description: Some("no refresh token is held".into()),
            })?;
        let reply = match self
            .token_request(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token.expose()),
                ("client_id", client_id),
            ])
            .await
        {
            Err(Error::Provider {
                url,
                error,
                description,
                ..
            }) if error == "invalid_grant" => return Err(Error::GrantRevoked { url, description }),
            other => other?,
        };
        let access_token = Secret::new(reply.access_token);
        let identity = match &reply.id_token {
            Some(id_token) => {
                self.identity(id_token, client_id, None, &access_token)
                    .await?
            }
            None => session.identity.clone(),
        };
        Ok(Session {
            access_token,
            // A provider that does not rotate sends none: the old one stays valid.
            refresh_token: reply
                .refresh_token
                .map(Secret::new)
                .or_else(|| session.refresh_token.clone()),
            expires_at: http::expires_at(now(), reply.expires_in.as_ref()),
            identity,
            ..session.clone()
        })
    }

    async fn token_request(&self, form: &[(&str, &str)]) -> Result<TokenReply> {
        let url = self.metadata.token_endpoint.clone();
        let response = http::send(self.http.post(&url).form(form), &url).await?;
        let status = response.status();
        if status.is_success() {
            return http::json(response, &url).await;
        }
        let body = http::error_body(response).await;
        match serde_json::from_slice::<http::OAuthErrorBody>(&body) {
            Ok(oauth) => Err(Error::Provider {
                url,
                status: Some(status.as_u16()),
                error: oauth.error,
                description: oauth.error_description,
            }),
            Err(_) => Err(Error::Unexpected {
                url,
                status: status.as_u16(),
                message: http::message_of(&body),
            }),
        }
    }

    async fn identity(
        &self,
        id_token: &str,
        client_id: &str,
        nonce: Option<&str>,
        access_token: &Secret,
    ) -> Result<Identity> {
        let url = self.metadata.jwks_uri.clone();
        let response = http::send(self.http.get(&url), &url).await?;
        if !response.status().is_success() {
            return Err(Error::Unexpected {
                url,
                status: response.status().as_u16(),
                message: None,
            });
        }
        let jwks: JwkSet = http::json(response, &url).await?;
        let claims = jwt::verify_id_token(
            id_token,
            &jwks,
            &jwt::Expected {
                issuer: &self.metadata.issuer,
                client_id,
                nonce,
                now: now(),
            },
        )
        .map_err(|reason| Error::InvalidIdToken {
            issuer: self.metadata.issuer.clone(),
            reason,
        })?;
        let mut claims = claims;
        if claims.email.is_none() || claims.name.is_none() || claims.preferred_username.is_none() {
            // Providers may keep profile claims out of the ID token of a code flow and serve
            // them from the UserInfo endpoint; its `sub` must be the ID token's (Core §5.3.2).
            if let Some(info) = self.userinfo(access_token).await
                && info.sub == claims.sub
            {
                claims.email = claims.email.or(info.email);
                claims.name = claims.name.or(info.name);
                claims.preferred_username = claims.preferred_username.or(info.preferred_username);
            }
        }
        let user = claims
            .preferred_username
            .clone()
            .or_else(|| claims.email.clone())
            .unwrap_or_else(|| claims.sub.clone());
        Ok(Identity {
            user,
            groups: Vec::new(),
            subject: Some(claims.sub),
            email: claims.email,
            name: claims.name,
        })
    }

    /// The UserInfo claims, or `None` when the provider has no endpoint or it fails (the ID
    /// token alone is enough to sign in).
    async fn userinfo(&self, access_token: &Secret) -> Option<UserInfo> {
        let url = self.metadata.userinfo_endpoint.as_deref()?;
        let response = self
            .http
            .get(url)
            .bearer_auth(access_token.expose())
            .send()
            .await
            .ok()?;
        if !response.status().is_success() {
            return None;
        }
        http::json(response, url).await.ok()
    }
}

/// How long before its expiry an access token is refreshed: a call started with a token that
/// has seconds left can reach the server after it expired (and the 401 would end the sign-in).
pub const REFRESH_MARGIN_SECS: i64 = 60;

/// The access token to call the connection's server with, refreshed first when it expires
/// within [`REFRESH_MARGIN_SECS`] (at most half the lifetime of a token this run obtained) and
/// the session holds a refresh token. One refresh per connection runs at a time
/// ([`SessionStore::refresh_lock`]): callers that arrive during it wait and get the token it
/// saved. Without a session: [`Bearer::Missing`]; expired without a refresh token:
/// [`Bearer::Expired`] (and forgotten). A refresh the provider refuses
/// ([`Error::GrantRevoked`]) is the error, and the session is forgotten unless a newer one
/// was saved meanwhile. A refresh that fails otherwise (provider unreachable) leaves the
/// session as it was: its token is returned while it has not expired, the error after.
///
/// The provider is reached with the connection's TLS choice as
/// [`OidcProvider::discover_for`] says.
pub async fn fresh_bearer(store: &Arc<SessionStore>, connection: &Connection) -> Result<Bearer> {
    let connection_id = connection.id.as_str();
    let id = connection.clone();
    let Some((session, _)) = off_the_workers(store, move |s| s.load(&id)).await? else {
        return Ok(Bearer::Missing);
    };
    if !needs_refresh(&session, REFRESH_MARGIN_SECS) {
        let id = connection.clone();
        return off_the_workers(store, move |s| s.bearer(&id)).await;
    }
    let lock = store.refresh_lock(connection_id);
    let mut last = lock.lock().await;
    // Read again: a refresh that held the lock while this caller waited has saved new tokens.
    let id = connection.clone();
    let Some((session, _)) = off_the_workers(store, move |s| s.load(&id)).await? else {
        return Ok(Bearer::Missing);
    };
    if !needs_refresh(&session, margin(&session, &last)) {
        let id = connection.clone();
        return off_the_workers(store, move |s| s.bearer(&id)).await;
    }
    match refresh_locked(store, connection, &session, &mut last).await {
        Ok((refreshed, _)) => Ok(Bearer::Token(refreshed.access_token)),
        Err(error @ Error::GrantRevoked { .. }) => Err(error),
        Err(_) if !session.expires_within(0) => Ok(Bearer::Token(session.access_token)),
        Err(error) => Err(error),
    }
}

/// Whether `session` is an OIDC session to refresh before its token is used.
fn needs_refresh(session: &Session, margin_secs: i64) -> bool {
    session.method == SignInMethod::Oidc
        && session.refresh_token.is_some()
        && session.expires_within(margin_secs)
}

/// The refresh margin for `session`'s token: [`REFRESH_MARGIN_SECS`], or half the token's
/// lifetime when this run obtained it and it lives less than twice the margin.
fn margin(session: &Session, last: &LastRefresh) -> i64 {
    match &last.obtained {
        Some((token, lifetime)) if *token == session.access_token => {
            REFRESH_MARGIN_SECS.min(lifetime / 2)
        }
        _ => REFRESH_MARGIN_SECS,
    }
}

/// Refreshes the stored OIDC session of a connection and stores the result before returning
/// it, so the spent refresh token is never used again. Waits for a refresh of the same
/// connection already running, then refreshes what is stored. When the provider says the
/// grant is gone ([`Error::GrantRevoked`]), the stored session is deleted, unless a newer one
/// replaced it meanwhile: the user signs in again.
pub async fn refresh_stored(
    store: &Arc<SessionStore>,
    connection: &Connection,
) -> Result<SignInStatus> {
    let connection_id = connection.id.as_str();
    let lock = store.refresh_lock(connection_id);
    let mut last = lock.lock().await;
    let id = connection.clone();
    let (session, _) = off_the_workers(store, move |s| s.load(&id))
        .await?
        .ok_or_else(|| Error::NotSignedIn {
            connection_id: connection_id.to_owned(),
        })?;
    let (refreshed, storage) = refresh_locked(store, connection, &session, &mut last).await?;
    Ok(refreshed.status(connection_id, storage))
}

/// Uses `session`'s refresh token once and saves the result; the caller holds the
/// connection's refresh lock (`last` is what it guards). On [`Error::GrantRevoked`] the stored
/// session is forgotten only if it is still `session` (its access token compared), never a
/// sign-in saved meanwhile.
async fn refresh_locked(
    store: &Arc<SessionStore>,
    connection: &Connection,
    session: &Session,
    last: &mut LastRefresh,
) -> Result<(Session, KeptIn)> {
    let provider =
        OidcProvider::discover_for(&session.server, &connection.url, &connection.tls).await?;
    match provider.refresh(session).await {
        Ok(refreshed) => {
            let (id, saved) = (connection.clone(), refreshed.clone());
            let storage = off_the_workers(store, move |s| s.save(&id, saved)).await?;
            last.obtained = refreshed.expires_at.map(|at| {
                (
                    refreshed.access_token.clone(),
                    at.saturating_sub(now()).max(0),
                )
            });
            Ok((refreshed, storage))
        }
        Err(error @ Error::GrantRevoked { .. }) => {
            let (id, spent) = (connection.clone(), session.access_token.clone());
            // The refusal is what the user must see; a keyring that cannot delete now leaves
            // an entry whose next refresh is refused again.
            let _ = off_the_workers(store, move |s| s.remove_if_token(&id, &spent)).await;
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// Runs a session store call on a blocking thread: the keyring may take up to its timeout (an
/// unlock prompt), and the async workers must keep serving.
async fn off_the_workers<T, F>(store: &Arc<SessionStore>, call: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&SessionStore) -> Result<T> + Send + 'static,
{
    let store = store.clone();
    match tokio::task::spawn_blocking(move || call(&store)).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => Err(Error::Keyring {
            source: vault::Error::Other {
                reason: format!("the keyring call did not finish: {e}"),
            },
        }),
    }
}
