//! A signed-in session and where it is kept: the OS keyring, one entry per connection
//! (`oauth:<connection-id>`, a JSON document with the tokens, their expiry, who signed in, and
//! the origin and TLS mode of the connection they were given for), or, only when the user
//! chose it after the keyring failed, this process's memory.
//!
//! A session is bound to its connection's [`Binding`] when it is saved, and loaded only for a
//! connection with the same binding: once the connection's URL or TLS mode changed, the
//! session is forgotten, so its token never goes to a server it was not given to. Entries
//! written before bindings existed are bound to the connection as it is at their first load
//! (the app that wrote them already sent the token there; see `vault::sign_in`).
//!
//! Tokens are [`vault::Secret`]s; the UI sees a [`SignInStatus`], which holds none.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use connections::{Connection, TlsMode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vault::{Binding, KeptIn, Secret, SecretStore};

use crate::error::{Error, Result};

/// How the user signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SignInMethod {
    /// OpenShift: the browser, code grant with PKCE (`oc login --web`).
    OpenshiftBrowser,
    /// OpenShift: user name and password through the challenging client (`oc login -u`).
    OpenshiftPassword,
    /// OpenShift: a pasted token (`oc whoami -t`).
    OpenshiftToken,
    /// An OpenID Connect provider: code grant with PKCE, refresh tokens.
    Oidc,
}

/// Who is signed in, as the server says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The user name (OpenShift `metadata.name`; OIDC `preferred_username`, else `email`,
    /// else `sub`).
    pub user: String,
    /// The user's groups (OpenShift), empty when unknown.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The OIDC subject (`sub`).
    #[serde(default)]
    pub subject: Option<String>,
    /// The e-mail address (`email` claim).
    #[serde(default)]
    pub email: Option<String>,
    /// The display name (`name` claim).
    #[serde(default)]
    pub name: Option<String>,
}

/// What the UI shows about a sign-in. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInStatus {
    /// The connection signed in to.
    pub connection_id: String,
    /// How.
    pub method: SignInMethod,
    /// The cluster API URL or the OIDC issuer.
    pub server: String,
    /// The OAuth client used, when one was.
    pub client_id: Option<String>,
    /// Who.
    pub identity: Identity,
    /// When the access token expires (Unix seconds), when known.
    #[ts(type = "number | null")]
    pub expires_at: Option<i64>,
    /// Whether a refresh token is held (OIDC with `offline_access`).
    pub refreshable: bool,
    /// Where the session is kept: the same notion as a registry sign-in's.
    pub kept_in: KeptIn,
}

/// A signed-in session with its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// How the user signed in.
    pub method: SignInMethod,
    /// The cluster API URL or the OIDC issuer.
    pub server: String,
    /// The OAuth client used.
    pub client_id: Option<String>,
    /// The token endpoint, for refreshing.
    pub token_endpoint: Option<String>,
    /// The access token (OpenShift: `sha256~...`).
    pub access_token: Secret,
    /// The refresh token (OIDC with `offline_access`).
    pub refresh_token: Option<Secret>,
    /// When the access token expires (Unix seconds), when known.
    pub expires_at: Option<i64>,
    /// Who.
    pub identity: Identity,
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl Session {
    /// What the UI shows.
    pub fn status(&self, connection_id: &str, kept_in: KeptIn) -> SignInStatus {
        SignInStatus {
            connection_id: connection_id.to_owned(),
            method: self.method,
            server: self.server.clone(),
            client_id: self.client_id.clone(),
            identity: self.identity.clone(),
            expires_at: self.expires_at,
            refreshable: self.refresh_token.is_some(),
            kept_in,
        }
    }

    /// Whether the access token has expired (or will within `margin_secs`).
    pub fn expires_within(&self, margin_secs: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now() + margin_secs)
    }

    /// The keyring entry of this session, bound to `binding`. Written straight into a
    /// [`Secret`] from borrowed tokens: no unwiped copy of a token is made.
    fn to_json(&self, connection_id: &str, binding: &Binding) -> Result<Secret> {
        let access_token = self.access_token.expose();
        let refresh_token = self.refresh_token.as_ref().map(Secret::expose);
        let stored = StoredRef {
            version: 1,
            method: self.method,
            server: &self.server,
            client_id: self.client_id.as_deref(),
            token_endpoint: self.token_endpoint.as_deref(),
            access_token,
            refresh_token,
            expires_at: self.expires_at,
            identity: &self.identity,
            origin: &binding.origin,
            tls: &binding.tls,
        };
        let tokens = access_token.len() + refresh_token.map_or(0, str::len);
        vault::json_secret(&stored, tokens + 4096).map_err(|_| Error::StoredSession {
            connection_id: connection_id.to_owned(),
            reason: "the session could not be encoded".into(),
        })
    }

    /// A session read from its keyring entry, with the binding it records (none in entries
    /// written before bindings existed).
    fn from_json(connection_id: &str, json: &Secret) -> Result<(Self, Option<Binding>)> {
        let stored: Stored =
            serde_json::from_str(json.expose()).map_err(|e| Error::StoredSession {
                connection_id: connection_id.to_owned(),
                // serde's message may quote the input: keep only where it failed.
                reason: format!(
                    "not a stored sign-in (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            })?;
        if stored.version != 1 {
            return Err(Error::StoredSession {
                connection_id: connection_id.to_owned(),
                reason: format!("unknown version {}", stored.version),
            });
        }
        let binding = match (stored.origin, stored.tls) {
            (Some(origin), Some(tls)) => Some(Binding { origin, tls }),
            _ => None,
        };
        let session = Self {
            method: stored.method,
            server: stored.server,
            client_id: stored.client_id,
            token_endpoint: stored.token_endpoint,
            // Moved, not copied: the only copies are the ones the `Secret`s wipe.
            access_token: Secret::new(stored.access_token),
            refresh_token: stored.refresh_token.map(Secret::new),
            expires_at: stored.expires_at,
            identity: stored.identity,
        };
        Ok((session, binding))
    }
}

/// The keyring entry's JSON as it is read. Not `Debug`: it holds the tokens in the clear.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    version: u32,
    method: SignInMethod,
    server: String,
    client_id: Option<String>,
    token_endpoint: Option<String>,
    access_token: String,
    refresh_token: Option<String>,
    expires_at: Option<i64>,
    identity: Identity,
    /// Absent in entries written before sessions were bound.
    #[serde(default)]
    origin: Option<String>,
    /// Absent in entries written before sessions were bound.
    #[serde(default)]
    tls: Option<TlsMode>,
}

/// The keyring entry's JSON as it is written, borrowing the session's tokens.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StoredRef<'a> {
    version: u32,
    method: SignInMethod,
    server: &'a str,
    client_id: Option<&'a str>,
    token_endpoint: Option<&'a str>,
    access_token: &'a str,
    refresh_token: Option<&'a str>,
    expires_at: Option<i64>,
    identity: &'a Identity,
    origin: &'a str,
    tls: &'a TlsMode,
}

/// What a connection's session gives to call its server with.
#[derive(Debug)]
pub enum Bearer {
    /// The access token.
    Token(Secret),
    /// The session's token has expired (it was forgotten).
    Expired,
    /// No session: never signed in, signed out, or dropped after a refusal.
    Missing,
}

/// The keyring account of a connection's session.
pub fn account(connection_id: &str) -> String {
    format!("oauth:{connection_id}")
}

/// The OpenShift/OIDC session of a connection, as the one store of a connection's secrets
/// ([`vault::BoundStore`]) keeps it.
impl vault::BoundSecret for Session {
    type Error = Error;

    fn account(connection_id: &str) -> String {
        account(connection_id)
    }

    fn encode(&self, connection_id: &str, binding: &Binding) -> Result<Secret> {
        self.to_json(connection_id, binding)
    }

    fn decode(connection_id: &str, text: &Secret) -> Result<(Self, Option<Binding>)> {
        Self::from_json(connection_id, text)
    }
}

/// Sessions per connection, kept by [`vault::BoundStore`] (bound to origin and TLS mode, the
/// keyring read once per run): in the OS keyring, or in memory when the user chose "this
/// session only" after the keyring failed. A session whose keyring write failed waits in
/// `pending` for that choice; it is never kept anywhere without it.
pub struct SessionStore {
    store: vault::BoundStore<Session>,
    pending: Mutex<HashMap<String, (Session, Connection)>>,
    refreshing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<LastRefresh>>>>,
}

/// What the last refresh of a connection obtained in this run, kept under its refresh lock: a
/// token is refreshed when it has less than a margin left, and for a token this run obtained
/// the margin is at most half its lifetime, so a provider whose tokens live less than the
/// margin is not asked again on every call.
#[derive(Debug, Default)]
pub struct LastRefresh {
    /// The access token the refresh obtained and the seconds it was given to live.
    pub(crate) obtained: Option<(Secret, i64)>,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionStore").finish_non_exhaustive()
    }
}

impl From<vault::Error> for Error {
    fn from(source: vault::Error) -> Self {
        Self::Keyring { source }
    }
}

impl SessionStore {
    /// Sessions kept in `keyring` (the app passes [`vault::KeyringStore`]).
    pub fn new(keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            store: vault::BoundStore::new(keyring),
            pending: Mutex::new(HashMap::new()),
            refreshing: Mutex::new(HashMap::new()),
        }
    }

    /// The lock a refresh of `connection_id`'s session holds, one per connection and store:
    /// providers rotate refresh tokens and treat a second use of one as theft (the whole
    /// grant is revoked), so two refreshes of one session must never run at once. Whoever
    /// waited on it reads the session again and uses the token the winner saved. A sign-in or
    /// a sign-out takes it too, so that a refresh of the old session cannot overwrite the
    /// one or undo the other.
    pub fn refresh_lock(&self, connection_id: &str) -> Arc<tokio::sync::Mutex<LastRefresh>> {
        self.refreshing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(connection_id.to_owned())
            .or_default()
            .clone()
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Session, Connection)>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `session` for `connection`, bound to its origin and TLS mode as they are now,
    /// where this connection's session is kept: memory if the user chose that earlier in
    /// this run, else the keyring. When the keyring fails, the session waits for
    /// [`SessionStore::keep_for_session`] and the keyring's error is returned.
    pub fn save(&self, connection: &Connection, session: Session) -> Result<KeptIn> {
        let kept_in = if self.store.in_session(&connection.id) {
            KeptIn::Session
        } else {
            KeptIn::Keyring
        };
        match self.store.put(connection, session.clone(), kept_in) {
            Ok(()) => {
                self.pending().remove(&connection.id);
                Ok(kept_in)
            }
            Err(error @ Error::Keyring { .. }) if kept_in == KeptIn::Keyring => {
                self.pending()
                    .insert(connection.id.clone(), (session, connection.clone()));
                Err(error)
            }
            Err(error) => Err(error),
        }
    }

    /// The user's choice after a keyring failure: keep the waiting session in memory until
    /// the app quits.
    pub fn keep_for_session(&self, connection_id: &str) -> Result<SignInStatus> {
        let (session, connection) =
            self.pending()
                .remove(connection_id)
                .ok_or_else(|| Error::NothingPending {
                    connection_id: connection_id.to_owned(),
                })?;
        self.store
            .put(&connection, session.clone(), KeptIn::Session)?;
        Ok(session.status(connection_id, KeptIn::Session))
    }

    /// The session of `connection` and where it is kept, or `None` when not signed in, or
    /// when the session was given for another origin or TLS mode than the connection's now
    /// (that session is then forgotten, best effort).
    pub fn load(&self, connection: &Connection) -> Result<Option<(Session, KeptIn)>> {
        self.store.get(connection)
    }

    /// Forgets a connection's session everywhere (keyring entry deleted); returns it, so the
    /// caller can revoke its token. A desktop without a keyring has no entry to delete; a
    /// keyring that refuses (locked, no answer) is an error, and its entry stays.
    pub fn remove(&self, connection_id: &str) -> Result<Option<Session>> {
        let pending = self
            .pending()
            .remove(connection_id)
            .map(|(session, _)| session);
        Ok(self.store.remove(connection_id)?.value.or(pending))
    }

    /// The access token to call `connection`'s server with: [`Bearer::Missing`] without a
    /// session, [`Bearer::Expired`] (and the session forgotten) when it expired and holds no
    /// refresh token, so that the status shows signed-out and the UI asks to sign in again.
    pub fn bearer(&self, connection: &Connection) -> Result<Bearer> {
        match self.load(connection)? {
            None => Ok(Bearer::Missing),
            Some((session, _)) if session.refresh_token.is_none() && session.expires_within(0) => {
                self.remove_if_token(connection, &session.access_token)?;
                Ok(Bearer::Expired)
            }
            Some((session, _)) => Ok(Bearer::Token(session.access_token)),
        }
    }

    /// Forgets a connection's session if its access token is still `refused` (the server
    /// answered 401 to it): a stale sign-in must not show as signed in, but a newer one saved
    /// meanwhile (a sign-in that finished while the refused call was in flight) is kept.
    /// Returns whether a session was removed.
    pub fn remove_if_token(&self, connection: &Connection, refused: &Secret) -> Result<bool> {
        match self.load(connection)? {
            Some((session, _)) if session.access_token.expose() == refused.expose() => {
                self.remove(&connection.id)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vault::MemoryStore;

    fn session(token: &str, refresh: Option<&str>) -> Session {
        Session {
            method: SignInMethod::Oidc,
            server: "http://idp".into(),
            client_id: Some("registry-console".into()),
            token_endpoint: Some("http://idp/token".into()),
            access_token: Secret::new(token),
            refresh_token: refresh.map(Secret::new),
            expires_at: Some(now() + 60),
            identity: Identity {
                user: "tester".into(),
                ..Identity::default()
            },
        }
    }

    /// The OpenShift connection `id` at `https://api.example:6443`, system roots.
    fn at(id: &str) -> Connection {
        Connection {
            id: id.into(),
            name: id.into(),
            kind: connections::ConnectionKind::Openshift,
            url: "https://api.example:6443".into(),
            tls: TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        }
    }

    /// A keyring that is unavailable, as on a desktop without a Secret Service.
    struct NoKeyring;
    impl SecretStore for NoKeyring {
        fn get(&self, _: &str) -> vault::Result<Option<Secret>> {
            Err(vault::Error::Unavailable {
                reason: "no bus".into(),
            })
        }
        fn set(&self, _: &str, _: &Secret) -> vault::Result<()> {
            Err(vault::Error::Unavailable {
                reason: "no bus".into(),
            })
        }
        fn delete(&self, _: &str) -> vault::Result<bool> {
            Err(vault::Error::Unavailable {
                reason: "no bus".into(),
            })
        }
    }

    /// A keyring that is there but locked, its unlock prompt dismissed.
    struct LockedKeyring;
    impl SecretStore for LockedKeyring {
        fn get(&self, _: &str) -> vault::Result<Option<Secret>> {
            Err(locked())
        }
        fn set(&self, _: &str, _: &Secret) -> vault::Result<()> {
            Err(locked())
        }
        fn delete(&self, _: &str) -> vault::Result<bool> {
            Err(locked())
        }
    }

    fn locked() -> vault::Error {
        vault::Error::Locked {
            reason: "prompt dismissed".into(),
        }
    }

    /// `at(id)` with another URL or TLS mode.
    fn moved(id: &str, url: &str, tls: TlsMode) -> Connection {
        Connection {
            url: url.into(),
            tls,
            ..at(id)
        }
    }

    #[test]
    fn a_session_is_not_given_to_the_connection_once_it_points_elsewhere() {
        let elsewhere = [
            moved("c1", "https://evil.example:6443", TlsMode::System),
            moved("c1", "http://api.example:6443", TlsMode::System),
            moved("c1", "https://api.example:443", TlsMode::System),
            moved("c1", "https://api.example:6443", TlsMode::Insecure),
        ];
        for edited in &elsewhere {
            let keyring = Arc::new(MemoryStore::new());
            SessionStore::new(keyring.clone())
                .save(&at("c1"), session("at-1", Some("rt-1")))
                .unwrap();
            let raw = keyring.get("oauth:c1").unwrap().unwrap();
            assert!(
                raw.expose()
                    .contains("\"origin\":\"https://api.example:6443\"")
            );
            // After a restart: read from the keyring.
            let restarted = SessionStore::new(keyring.clone());
            assert!(restarted.load(edited).unwrap().is_none(), "{edited:?}");
            assert!(keyring.get("oauth:c1").unwrap().is_none(), "forgotten");
            assert!(restarted.load(&at("c1")).unwrap().is_none());
            // Within the run: known from the save.
            let store = SessionStore::new(keyring.clone());
            store.save(&at("c1"), session("at-2", None)).unwrap();
            assert!(matches!(store.bearer(edited).unwrap(), Bearer::Missing));
            assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Missing));
            // Kept for this session only.
            let store = SessionStore::new(Arc::new(NoKeyring));
            let _ = store.save(&at("c1"), session("at-3", None));
            store.keep_for_session("c1").unwrap();
            assert!(store.load(edited).unwrap().is_none(), "{edited:?}");
            assert!(store.load(&at("c1")).unwrap().is_none());
        }
    }

    #[test]
    fn a_session_saved_before_bindings_is_bound_to_the_connection_at_its_first_load() {
        let keyring = Arc::new(MemoryStore::new());
        let unbound = serde_json::json!({
            "version": 1, "method": "openshiftToken", "server": "https://api.example:6443",
            "clientId": null, "tokenEndpoint": null, "accessToken": "sha256~old",
            "refreshToken": null, "expiresAt": null, "identity": {"user": "tester"},
        });
        keyring
            .set("oauth:c1", &Secret::new(unbound.to_string()))
            .unwrap();
        let (loaded, _) = SessionStore::new(keyring.clone())
            .load(&at("c1"))
            .unwrap()
            .unwrap();
        assert_eq!(loaded.access_token.expose(), "sha256~old");
        let raw = keyring.get("oauth:c1").unwrap().unwrap();
        assert!(
            raw.expose().contains("\"origin\""),
            "rewritten with its binding"
        );
        let edited = moved("c1", "https://evil.example:6443", TlsMode::System);
        assert!(SessionStore::new(keyring).load(&edited).unwrap().is_none());
    }

    #[test]
    fn without_a_keyring_there_is_no_session_and_removal_has_nothing_to_delete() {
        let store = SessionStore::new(Arc::new(NoKeyring));
        assert!(store.load(&at("c1")).unwrap().is_none());
        assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Missing));
        assert!(store.remove("c1").unwrap().is_none());
        let locked = SessionStore::new(Arc::new(LockedKeyring));
        assert!(matches!(locked.remove("c1"), Err(Error::Keyring { .. })));
    }

    #[test]
    fn round_trip_through_a_store_keeps_every_token() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        assert_eq!(
            store
                .save(&at("c1"), session("at-1", Some("rt-1")))
                .unwrap(),
            KeptIn::Keyring
        );
        let raw = keyring.get("oauth:c1").unwrap().unwrap();
        assert!(raw.expose().contains("\"refreshToken\":\"rt-1\""));
        let (loaded, storage) = store.load(&at("c1")).unwrap().unwrap();
        assert_eq!(storage, KeptIn::Keyring);
        assert_eq!(
            loaded,
            session("at-1", Some("rt-1")).clone_with_expiry(loaded.expires_at)
        );
        let removed = store.remove("c1").unwrap().unwrap();
        assert_eq!(removed.access_token.expose(), "at-1");
        assert!(store.load(&at("c1")).unwrap().is_none());
        assert!(keyring.get("oauth:c1").unwrap().is_none());
    }

    /// A keyring that counts its reads, over a map.
    #[derive(Default)]
    struct CountingKeyring {
        inner: MemoryStore,
        reads: std::sync::atomic::AtomicUsize,
    }
    impl SecretStore for CountingKeyring {
        fn get(&self, account: &str) -> vault::Result<Option<Secret>> {
            self.reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.inner.get(account)
        }
        fn set(&self, account: &str, secret: &Secret) -> vault::Result<()> {
            self.inner.set(account, secret)
        }
        fn delete(&self, account: &str) -> vault::Result<bool> {
            self.inner.delete(account)
        }
    }

    #[test]
    fn the_keyring_is_read_once_and_kept_in_step_by_saves_and_removals() {
        let keyring = Arc::new(CountingKeyring::default());
        let reads = || keyring.reads.load(std::sync::atomic::Ordering::SeqCst);
        // Written by an earlier run of the app.
        SessionStore::new(keyring.clone())
            .save(&at("c1"), session("at-1", None))
            .unwrap();
        let store = SessionStore::new(keyring.clone());
        for _ in 0..3 {
            let (loaded, storage) = store.load(&at("c1")).unwrap().unwrap();
            assert_eq!(
                (loaded.access_token.expose(), storage),
                ("at-1", KeptIn::Keyring)
            );
        }
        assert_eq!(reads(), 1, "one keyring read for three loads");
        // A new sign-in is what the next load returns, without reading the keyring.
        store.save(&at("c1"), session("at-2", None)).unwrap();
        assert_eq!(
            store
                .load(&at("c1"))
                .unwrap()
                .unwrap()
                .0
                .access_token
                .expose(),
            "at-2"
        );
        assert_eq!(reads(), 1);
        // Signed out: gone at once (remove reads the entry once, to revoke its token).
        store.remove("c1").unwrap();
        let after_remove = reads();
        assert!(store.load(&at("c1")).unwrap().is_none());
        assert!(store.load(&at("c1")).unwrap().is_none());
        assert_eq!(reads(), after_remove, "a known absence is not read again");
        assert!(keyring.inner.get("oauth:c1").unwrap().is_none());
    }

    #[test]
    fn a_keyring_error_is_not_remembered() {
        let store = SessionStore::new(Arc::new(LockedKeyring));
        assert!(store.load(&at("c1")).is_err());
        assert!(store.load(&at("c1")).is_err(), "asked again, still refused");
        // A save that failed leaves nothing known: the session waits for the user's choice.
        assert!(store.save(&at("c1"), session("at-1", None)).is_err());
        assert!(store.load(&at("c1")).is_err());
    }

    #[test]
    fn a_refused_token_drops_its_session_but_not_a_newer_one() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        store.save(&at("c1"), session("at-new", None)).unwrap();
        // The call that was refused used the old token: the newer sign-in stays.
        assert!(
            !store
                .remove_if_token(&at("c1"), &Secret::new("at-old"))
                .unwrap()
        );
        assert!(store.load(&at("c1")).unwrap().is_some());
        // The stored token itself was refused: the session is gone, keyring entry and all.
        assert!(
            store
                .remove_if_token(&at("c1"), &Secret::new("at-new"))
                .unwrap()
        );
        assert!(store.load(&at("c1")).unwrap().is_none());
        assert!(keyring.get("oauth:c1").unwrap().is_none());
        // Nothing stored: nothing to drop.
        assert!(
            !store
                .remove_if_token(&at("c1"), &Secret::new("at-new"))
                .unwrap()
        );
    }

    #[test]
    fn an_expired_session_gives_no_token_and_is_forgotten() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Missing));
        store.save(&at("c1"), session("at-1", None)).unwrap();
        assert!(
            matches!(store.bearer(&at("c1")).unwrap(), Bearer::Token(t) if t.expose() == "at-1")
        );
        let mut expired = session("at-2", None);
        expired.expires_at = Some(now() - 1);
        store.save(&at("c1"), expired).unwrap();
        assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Expired));
        assert!(keyring.get("oauth:c1").unwrap().is_none());
        assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Missing));
        // With a refresh token the session stays: it can be refreshed instead.
        let mut refreshable = session("at-3", Some("rt-3"));
        refreshable.expires_at = Some(now() - 1);
        store.save(&at("c1"), refreshable).unwrap();
        assert!(matches!(store.bearer(&at("c1")).unwrap(), Bearer::Token(_)));
        // Unknown expiry (a pasted token): used until the server refuses it.
        let mut pasted = session("at-4", None);
        pasted.expires_at = None;
        store.save(&at("c1"), pasted).unwrap();
        assert!(
            matches!(store.bearer(&at("c1")).unwrap(), Bearer::Token(t) if t.expose() == "at-4")
        );
    }

    impl Session {
        fn clone_with_expiry(mut self, at: Option<i64>) -> Self {
            self.expires_at = at;
            self
        }
    }

    #[test]
    fn keyring_failure_keeps_nothing_until_the_user_chooses_session_only() {
        let store = SessionStore::new(Arc::new(NoKeyring));
        let err = store.save(&at("c1"), session("at-1", None)).unwrap_err();
        assert!(
            matches!(err, Error::Keyring { ref source } if source.kind() == vault::ErrorKind::Unavailable)
        );
        // Not signed in until the choice is made (no keyring: nothing saved there).
        assert!(store.load(&at("c1")).unwrap().is_none());
        let status = store.keep_for_session("c1").unwrap();
        assert_eq!(status.kept_in, KeptIn::Session);
        let (loaded, storage) = store.load(&at("c1")).unwrap().unwrap();
        assert_eq!(
            (loaded.access_token.expose(), storage),
            ("at-1", KeptIn::Session)
        );
        // Later saves (a refresh) stay in memory.
        assert_eq!(
            store.save(&at("c1"), session("at-2", None)).unwrap(),
            KeptIn::Session
        );
        assert!(matches!(
            store.keep_for_session("c1"),
            Err(Error::NothingPending { .. })
        ));
    }

    #[test]
    fn status_and_debug_hold_no_token() {
        let s = session("at-secret-1", Some("rt-secret-1"));
        let text = format!(
            "{s:?} {:?} {}",
            s.status("c1", KeptIn::Keyring),
            serde_json::to_string(&s.status("c1", KeptIn::Keyring)).unwrap()
        );
        assert!(
            !text.contains("at-secret-1") && !text.contains("rt-secret-1"),
            "{text}"
        );
        assert!(text.contains("\"refreshable\":true"));
    }

    #[test]
    fn damaged_entry_is_an_error_without_its_content() {
        let keyring = Arc::new(MemoryStore::new());
        keyring
            .set("oauth:c1", &Secret::new("{\"accessToken\":\"leak-me\""))
            .unwrap();
        let err = SessionStore::new(keyring).load(&at("c1")).unwrap_err();
        assert!(!err.to_string().contains("leak-me"), "{err}");
    }
}
