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
    /// mode, the connection's sign-ins are forgotten (not revoked: the old server may be the
    /// reason for the edit, and may not answer). When the keyring refuses, the edit is undone
    /// and the keyring's error returned; an edit the settings refuse (a taken name, a bad URL)
    /// keeps the sign-ins.
    pub async fn update_connection(
        &self,
        settings: &Mutex<SettingsStore>,
        id: &str,
        draft: &ConnectionDraft,
    ) -> Result<(Connection, Released)> {
        let before = saved(settings, id)?;
        let updated = lock(settings).update(id, draft)?;
        let mut released = Released::default();
        if Binding::of(&updated) == Binding::of(&before) {
            return Ok((updated, released));
        }
        match self.forget_sign_ins(id).await {
            Ok((sign_in, session)) => {
                released.sign_in = sign_in;
                released.session = session.map(|s| s.method);
                Ok((updated, released))
            }
            Err(error) => {
                // The stores would refuse the old sign-ins for the edited connection anyway;
                // undoing the edit keeps them usable and in view until the keyring answers.
                let _ = lock(settings).update(id, &draft_of(&before));
                Err(error)
            }
        }
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
    // "Verification off" belongs to the connection's own origin; the provider elsewhere is
    // verified (net::Client scopes it).
    let client = http::client(&http::base_url(&connection.url)?, &connection.tls)?;
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
    // The token goes nowhere in cleartext (a discovery document naming an http endpoint).
    http::secrets_may_go_to(&endpoint, "the tokens", &base, false)?;
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
    let body = http::error_body(response).await;
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

/// The draft that saves `connection` as it is.
fn draft_of(connection: &Connection) -> ConnectionDraft {
    ConnectionDraft {
        name: connection.name.clone(),
        kind: connection.kind,
        url: connection.url.clone(),
        tls: connection.tls.clone(),
        openshift_version: None,
    }
}

/// The saved connection `id`.
fn saved(settings: &Mutex<SettingsStore>, id: &str) -> Result<Connection> {
    Ok(lock(settings).connection(id)?)
}

/// The settings store's lock. Its memory changes only after the file is written, so a panic
/// while it was held left nothing half-done.
fn lock(settings: &Mutex<SettingsStore>) -> std::sync::MutexGuard<'_, SettingsStore> {
    settings.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use connections::{ConnectionKind, TlsMode};
    use vault::{BasicCredentials, KeptIn, MemoryStore, Secret, SecretStore};

    use super::*;

    /// A keyring over memory that can be locked, shared by both stores.
    #[derive(Clone, Default)]
    struct Keyring {
        entries: Arc<MemoryStore>,
        locked: Arc<std::sync::atomic::AtomicBool>,
    }

    impl Keyring {
        fn check(&self) -> vault::Result<()> {
            if self.locked.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(vault::Error::Locked {
                    reason: "prompt dismissed".into(),
                });
            }
            Ok(())
        }
    }

    impl SecretStore for Keyring {
        fn get(&self, account: &str) -> vault::Result<Option<Secret>> {
            self.check()?;
            self.entries.get(account)
        }
        fn set(&self, account: &str, secret: &Secret) -> vault::Result<()> {
            self.check()?;
            self.entries.set(account, secret)
        }
        fn delete(&self, account: &str) -> vault::Result<bool> {
            self.check()?;
            self.entries.delete(account)
        }
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        settings: Mutex<SettingsStore>,
        keyring: Keyring,
        belongings: Belongings,
        connection: Connection,
    }

    /// A registry connection signed in as alice, and another connection named `taken`.
    fn signed_in() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SettingsStore::open(dir.path().join("settings.json"));
        let add = |store: &mut SettingsStore, name: &str| {
            store
                .add(&ConnectionDraft {
                    name: name.into(),
                    kind: ConnectionKind::Registry,
                    url: format!("https://{name}.example:5000"),
                    tls: TlsMode::System,
                    openshift_version: None,
                })
                .unwrap()
        };
        let connection = add(&mut store, "mirror");
        add(&mut store, "taken");
        let keyring = Keyring::default();
        let sign_ins = Arc::new(SignInVault::new(Box::new(keyring.clone())));
        sign_ins
            .save(
                &connection,
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Keyring,
            )
            .unwrap();
        let belongings = Belongings::new(
            sign_ins,
            Arc::new(SessionStore::new(Arc::new(keyring.clone()))),
            dir.path().join("ca"),
        );
        Fixture {
            settings: Mutex::new(store),
            _dir: dir,
            keyring,
            belongings,
            connection,
        }
    }

    fn holds_sign_in(f: &Fixture) -> bool {
        f.keyring.entries.get(&f.connection.id).unwrap().is_some()
    }

    #[tokio::test]
    async fn an_edit_that_keeps_origin_and_tls_keeps_the_sign_in() {
        let f = signed_in();
        let renamed = ConnectionDraft {
            name: "renamed".into(),
            url: "https://MIRROR.example:5000/v2/".into(),
            ..draft_of(&f.connection)
        };
        let (_, released) = f
            .belongings
            .update_connection(&f.settings, &f.connection.id, &renamed)
            .await
            .unwrap();
        assert_eq!(released, Released::default());
        assert!(holds_sign_in(&f));
    }

    #[tokio::test]
    async fn an_edit_the_settings_refuse_keeps_the_sign_in() {
        let f = signed_in();
        let refused = ConnectionDraft {
            name: "taken".into(),
            url: "https://elsewhere.example".into(),
            ..draft_of(&f.connection)
        };
        let error = f
            .belongings
            .update_connection(&f.settings, &f.connection.id, &refused)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Settings(_)), "{error:?}");
        assert!(holds_sign_in(&f));
    }

    #[tokio::test]
    async fn a_locked_keyring_undoes_an_edit_that_would_forget_the_sign_in() {
        let f = signed_in();
        f.keyring
            .locked
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let moved = ConnectionDraft {
            url: "https://elsewhere.example".into(),
            ..draft_of(&f.connection)
        };
        let error = f
            .belongings
            .update_connection(&f.settings, &f.connection.id, &moved)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Keyring { .. }), "{error:?}");
        assert_eq!(saved(&f.settings, &f.connection.id).unwrap(), f.connection);
        assert!(holds_sign_in(&f));
    }

    #[tokio::test]
    async fn removing_a_connection_without_a_session_deletes_its_sign_in_and_ca_file() {
        let f = signed_in();
        let ca_file = f.belongings.ca_file(&f.connection.id);
        std::fs::create_dir_all(ca_file.parent().unwrap()).unwrap();
        std::fs::write(&ca_file, "-----BEGIN CERTIFICATE-----\n").unwrap();
        let released = f
            .belongings
            .remove_connection(&f.settings, &f.connection.id)
            .await
            .unwrap();
        assert_eq!(
            released,
            Released {
                sign_in: true,
                session: None,
                revocation: Revocation::NotAsked,
                ca_file: Some(ca_file.clone()),
            }
        );
        assert!(!holds_sign_in(&f));
        assert!(!ca_file.exists());
        assert!(saved(&f.settings, &f.connection.id).is_err());
    }
}
