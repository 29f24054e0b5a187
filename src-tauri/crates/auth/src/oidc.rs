//! Signing in to any OpenID Connect provider as a native public client (RFC 8252): discovery,
//! code grant with PKCE S256 and a loopback redirect, the ID token checked against the
//! provider's JWKS, and refresh tokens used once each (providers rotate them; replaying a
//! used one revokes the whole grant, so the new one must be stored before anything else).

use connections::TlsMode;
use serde::Deserialize;
use vault::Secret;

use crate::browser::{BrowserOpener, BrowserOptions, Loopback, Pkce, random_token};
use crate::error::{Error, Result};
use crate::http;
use crate::jwt::{self, JwkSet};
use crate::session::{self, Identity, Session, SessionStore, SignInMethod, SignInStatus, now};

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
    expires_in: Option<i64>,
}

/// The fuzzing entry (`fuzz/`): a token endpoint's reply body read as `token_request` reads
/// it (its OAuth error, or the server's message, when it is not a token), and the expiry the
/// session gets from it. Not an API.
#[doc(hidden)]
pub fn fuzz_token_reply(body: &[u8]) -> std::result::Result<Option<i64>, Option<String>> {
    match serde_json::from_slice::<TokenReply>(body) {
        Ok(reply) => Ok(session::expires_at(reply.expires_in)),
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
    http: reqwest::Client,
}

impl OidcProvider {
    /// Discovers the provider at `issuer` (`<issuer>/.well-known/openid-configuration`).
    pub async fn discover(issuer: &str, tls: &TlsMode) -> Result<Self> {
        let base = http::base_url(issuer)?;
        let http_client = http::client(base.as_str(), tls)?;
        let url = http::join(&base, "/.well-known/openid-configuration").to_string();
        let response = http::send(http_client.get(&url), &url).await?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Error::unreachable(&url, &e))?;
        let invalid = |reason: String| Error::InvalidDiscovery {
            url: url.clone(),
            reason,
        };
        if !status.is_success() {
            return Err(invalid(format!("HTTP {}", status.as_u16())));
        }
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
        for (name, value) in [
            ("authorization_endpoint", &metadata.authorization_endpoint),
            ("token_endpoint", &metadata.token_endpoint),
            ("jwks_uri", &metadata.jwks_uri),
        ] {
            url::Url::parse(value).map_err(|e| invalid(format!("{name} {value:?}: {e}")))?;
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
            expires_at: session::expires_at(reply.expires_in),
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
            expires_at: session::expires_at(reply.expires_in),
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
        let body = response.bytes().await.unwrap_or_default();
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
        response.json().await.ok()
    }
}

/// Refreshes the stored OIDC session of a connection and stores the result before returning
/// it, so the spent refresh token is never used again. When the provider says the grant is
/// gone ([`Error::GrantRevoked`]), the stored session is deleted: the user signs in again.
pub async fn refresh_stored(
    store: &SessionStore,
    connection_id: &str,
    tls: &TlsMode,
) -> Result<SignInStatus> {
    let (session, _) = store
        .load(connection_id)?
        .ok_or_else(|| Error::NotSignedIn {
            connection_id: connection_id.to_owned(),
        })?;
    let provider = OidcProvider::discover(&session.server, tls).await?;
    match provider.refresh(&session).await {
        Ok(refreshed) => {
            let storage = store.save(connection_id, refreshed.clone())?;
            Ok(refreshed.status(connection_id, storage))
        }
        Err(error @ Error::GrantRevoked { .. }) => {
            let _ = store.remove(connection_id);
            Err(error)
        }
        Err(error) => Err(error),
    }
}
