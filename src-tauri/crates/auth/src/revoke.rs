//! What a connection owns besides its entry in the settings file, and how to let go of it.
//!
//! A connection owns:
//! - its registry sign-in ([`vault::SignInVault`]: the keyring entry `<connection-id>` and
//!   this session's copy);
//! - its OAuth session ([`SessionStore`]: the keyring entry `oauth:<connection-id>`, or this
//!   session's copy), whose token the server that issued it still honours;
//! - the CA file that "Trust this CA" and the kubeconfig import write for it,
//!   `<ca-dir>/<connection-id>.pem`.
//!
//! [`Belongings::remove_connection`] deletes all of it and revokes the session's token where
//! it was issued: an OpenShift token by deleting its `OAuthAccessToken`, as `oc logout` does;
//! an OIDC grant at the provider's RFC 7009 `revocation_endpoint`, when its discovery
//! document offers one. When the keyring refuses a deletion (locked, no answer), the
//! connection is kept, so that its secrets are not left behind unseen; the user unlocks the
//! keyring and removes it again.
//!
//! [`Belongings::update_connection`] saves an edit; when the edit changes where the
//! connection points (origin or TLS mode, see [`vault::Binding`]) it first forgets the
//! connection's sign-ins, which were given to the old place. (The stores also refuse a
//! sign-in whose binding differs at load time; forgetting here keeps the keyring tidy.)
//!
//! To give a connection something new to own, delete it in `remove_connection` and add it to
//! [`Released`].

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use connections::{Connection, ConnectionDraft, SettingsStore};
use serde::Deserialize;
use vault::{Binding, SignInVault};

use crate::error::{Error, Result};
use crate::http;
use crate::openshift::OpenShift;
use crate::session::{Session, SessionStore, SignInMethod};

/// Where a connection's secrets and files are kept.
#[derive(Debug, Clone)]
pub struct Belongings {
    sign_ins: Arc<SignInVault>,
    sessions: Arc<SessionStore>,
    ca_dir: PathBuf,
}

/// What removing a connection (or changing where it points) let go of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Released {
    /// A registry sign-in was deleted.
    pub sign_in: bool,
    /// A session was deleted; how it had been signed in.
    pub session: Option<SignInMethod>,
    /// What became of the session's token at its server.
    pub revocation: Revocation,
    /// The connection's CA file, deleted.
    pub ca_file: Option<PathBuf>,
}

/// What became of a session's token at the server that issued it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Revocation {
    /// No session, or not asked (an edit forgets without revoking).
    #[default]
    NotAsked,
    /// The server revoked it (or no longer knew it).
    Revoked,
    /// The OIDC provider's discovery offers no `revocation_endpoint`: the refresh token stays
    /// valid at the provider until it expires.
    NotOffered,
    /// The server could not be asked or refused; the token stays valid until it expires, as
    /// after an `oc logout` that cannot reach the cluster.
    Failed {
        /// Why, without the token.
        reason: String,
    },
}

impl Belongings {
    /// The stores the app keeps sign-ins in, and its CA directory (`<config>/ca`).
    pub fn new(
        sign_ins: Arc<SignInVault>,
        sessions: Arc<SessionStore>,
        ca_dir: impl Into<PathBuf>,
    ) -> Self {
        Self {
            sign_ins,
            sessions,
            ca_dir: ca_dir.into(),
        }
    }

    /// The CA file "Trust this CA" writes for `connection_id`.
    pub fn ca_file(&self, connection_id: &str) -> PathBuf {
        self.ca_dir.join(format!("{connection_id}.pem"))
    }

    /// Removes the connection `id` and everything it owns; revokes its session's token. The
    /// connection stays when a keyring entry or its CA file cannot be deleted.
    pub async fn remove_connection(
        &self,
        settings: &Mutex<SettingsStore>,
        id: &str,
    ) -> Result<Released> {
        let connection = saved(settings, id)?;
        let (sign_in, session) = self.forget_sign_ins(id).await?;
        let mut released = Released {
            sign_in,
            session: session.as_ref().map(|s| s.method),
            ..Released::default()
        };
        if let Some(session) = &session {
            released.revocation = revoke(session, &connection).await;
        }
        let ca_file = self.ca_file(id);
        match std::fs::remove_file(&ca_file) {
            Ok(()) => released.ca_file = Some(ca_file),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::CaStore(certs::Error::Write {
                    path: ca_file,
                    source,
                }));
            }
        }
        lock(settings).remove(id)?;
        Ok(released)
    }

    /// Saves an edit of the connection `id`. When it changes the connection's origin or TLS
    /// mode, the connection's sign-ins are forgotten first (not revoked: the old server may be
    /// the reason for the edit, and may not answer); when the keyring refuses, nothing is
    /// saved.
    pub async fn update_connection(
        &self,
        settings: &Mutex<SettingsStore>,
        id: &str,
        draft: &ConnectionDraft,
    ) -> Result<(Connection, Released)> {
        let before = saved(settings, id)?;
        let checked = connections::validate::check_draft(draft)?;
        let after = Connection {
            url: checked.url,
            tls: checked.tls,
            ..before.clone()
        };
        let mut released = Released::default();
        if Binding::of(&after) != Binding::of(&before) {
            let (sign_in, session) = self.forget_sign_ins(id).await?;
            released.sign_in = sign_in;
            released.session = session.map(|s| s.method);
        }
        let updated = lock(settings).update(id, draft)?;
        Ok((updated, released))
    }

    /// Deletes the registry sign-in and the session of `id` (keyring entries and session
    /// copies); returns whether there was a sign-in, and the session, to revoke.
    async fn forget_sign_ins(&self, id: &str) -> Result<(bool, Option<Session>)> {
        let sign_ins = Arc::clone(&self.sign_ins);
        let sessions = Arc::clone(&self.sessions);
        let id = id.to_owned();
        // The keyring may block up to its own timeout (an unlock prompt): off the async workers.
        tokio::task::spawn_blocking(move || {
            let sign_in = sign_ins
                .forget(&id)
                .map_err(|source| Error::Keyring { source })?;
            let session = sessions.remove(&id)?;
            Ok((sign_in, session))
        })
        .await
        .map_err(|e| Error::Keyring {
            source: vault::Error::Other {
                reason: format!("the keyring call did not finish: {e}"),
            },
        })?
    }
}

/// Revokes `session`'s token at the server that issued it, for `connection` (whose TLS mode
/// the session was given under).
pub async fn revoke(session: &Session, connection: &Connection) -> Revocation {
    let result = match session.method {
        SignInMethod::Oidc => revoke_oidc(session, connection).await,
        SignInMethod::OpenshiftBrowser
        | SignInMethod::OpenshiftPassword
        | SignInMethod::OpenshiftToken => {
            async {
                OpenShift::new(&connection.url, &connection.tls)?
                    .revoke(&session.access_token)
                    .await
                    .map(|_| Revocation::Revoked)
            }
            .await
        }
    };
    result.unwrap_or_else(|e| Revocation::Failed {
        reason: e.to_string(),
    })
}

/// The discovery fields revocation needs (RFC 8414 §2, which OIDC providers also publish).
#[derive(Deserialize)]
struct RevocationMetadata {
    issuer: String,
    revocation_endpoint: Option<String>,
}

/// RFC 7009: revokes the refresh token (§2.1: the provider then invalidates the access
/// tokens of the same grant too), or the access token when there is no refresh token.
async fn revoke_oidc(session: &Session, connection: &Connection) -> Result<Revocation> {
    let base = http::base_url(&session.server)?;
    let client = http::client(base.as_str(), &connection.tls)?;
    let url = http::join(&base, "/.well-known/openid-configuration").to_string();
    let response = http::send(client.get(&url), &url).await?;
    if !response.status().is_success() {
        return Err(Error::InvalidDiscovery {
            url,
            reason: format!("HTTP {}", response.status().as_u16()),
        });
    }
    let metadata: RevocationMetadata = http::json(response, &url).await?;
    if metadata.issuer.trim_end_matches('/') != session.server.trim_end_matches('/') {
        return Err(Error::InvalidDiscovery {
            url,
            reason: format!(
                "it names the issuer {}, not {}",
                metadata.issuer, session.server
            ),
        });
    }
    let Some(endpoint) = metadata.revocation_endpoint else {
        return Ok(Revocation::NotOffered);
    };
    let (token, hint) = match &session.refresh_token {
        Some(refresh) => (refresh, "refresh_token"),
        None => (&session.access_token, "access_token"),
    };
    let client_id = session.client_id.as_deref().unwrap_or_default();
    let form = [
        ("token", token.expose()),
        ("token_type_hint", hint),
        ("client_id", client_id),
    ];
    let response = http::send(client.post(&endpoint).form(&form), &endpoint).await?;
    let status = response.status();
    // §2.2: 200 also for a token the provider no longer knows.
    if status.is_success() {
        return Ok(Revocation::Revoked);
    }
    let body = response.bytes().await.unwrap_or_default();
    Err(
        match serde_json::from_slice::<http::OAuthErrorBody>(&body) {
            Ok(oauth) => Error::Provider {
                url: endpoint,
                status: Some(status.as_u16()),
                error: oauth.error,
                description: oauth.error_description,
            },
            Err(_) => Error::Unexpected {
                url: endpoint,
                status: status.as_u16(),
                message: http::message_of(&body),
            },
        },
    )
}

/// The saved connection `id`.
fn saved(settings: &Mutex<SettingsStore>, id: &str) -> Result<Connection> {
    lock(settings)
        .settings()
        .connections
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| connections::Error::NotFound { id: id.to_owned() }.into())
}

/// The settings store's lock. Its memory changes only after the file is written, so a panic
/// while it was held left nothing half-done.
fn lock(settings: &Mutex<SettingsStore>) -> std::sync::MutexGuard<'_, SettingsStore> {
    settings.lock().unwrap_or_else(PoisonError::into_inner)
}
