//! A signed-in session and where it is kept: the OS keyring, one entry per connection
//! (`oauth:<connection-id>`, a JSON document with the tokens, their expiry and who signed in),
//! or, only when the user chose it after the keyring failed, this process's memory.
//!
//! Tokens are [`vault::Secret`]s; the UI sees a [`SignInStatus`], which holds none.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vault::{MemoryStore, Secret, SecretStore};

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

/// Where a session is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Storage {
    /// The OS keyring: still signed in after a restart.
    Keyring,
    /// This process's memory, by the user's choice: gone when the app quits.
    SessionOnly,
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
    /// Where the session is kept.
    pub storage: Storage,
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

/// When a token that the provider says lives `expires_in` seconds (RFC 6749 §5.1) expires,
/// in Unix seconds.
pub fn expires_at(expires_in: Option<i64>) -> Option<i64> {
    // The provider's number: past i64 seconds from now it would overflow (a panic in debug
    // builds, an expiry long past in release ones); such a token expires at the end of time.
    expires_in.map(|s| now().saturating_add(s))
}

impl Session {
    /// What the UI shows.
    pub fn status(&self, connection_id: &str, storage: Storage) -> SignInStatus {
        SignInStatus {
            connection_id: connection_id.to_owned(),
            method: self.method,
            server: self.server.clone(),
            client_id: self.client_id.clone(),
            identity: self.identity.clone(),
            expires_at: self.expires_at,
            refreshable: self.refresh_token.is_some(),
            storage,
        }
    }

    /// Whether the access token has expired (or will within `margin_secs`).
    pub fn expires_within(&self, margin_secs: i64) -> bool {
        self.expires_at.is_some_and(|at| at <= now() + margin_secs)
    }

    fn to_json(&self) -> Secret {
        let stored = Stored {
            version: 1,
            method: self.method,
            server: self.server.clone(),
            client_id: self.client_id.clone(),
            token_endpoint: self.token_endpoint.clone(),
            access_token: self.access_token.expose().to_owned(),
            refresh_token: self.refresh_token.as_ref().map(|t| t.expose().to_owned()),
            expires_at: self.expires_at,
            identity: self.identity.clone(),
        };
        Secret::new(serde_json::to_string(&stored).expect("a session serializes"))
    }

    fn from_json(connection_id: &str, json: &Secret) -> Result<Self> {
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
        Ok(Self {
            method: stored.method,
            server: stored.server,
            client_id: stored.client_id,
            token_endpoint: stored.token_endpoint,
            access_token: Secret::new(stored.access_token),
            refresh_token: stored.refresh_token.map(Secret::new),
            expires_at: stored.expires_at,
            identity: stored.identity,
        })
    }
}

/// The keyring entry's JSON. Only ever built to be written to a [`SecretStore`].
#[derive(Serialize, Deserialize)]
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

/// Sessions per connection: in the OS keyring, or in memory when the user chose "this
/// session only" after the keyring failed. A session whose keyring write failed waits in
/// `pending` for that choice; it is never kept anywhere without it.
///
/// What the keyring holds is remembered after the first read (`known`), and kept in step by
/// every save and removal here, so a cluster call does not pay a Secret Service round trip
/// (~0.2 s) each time. A keyring error is never remembered: the next call asks again.
pub struct SessionStore {
    keyring: Arc<dyn SecretStore>,
    memory: MemoryStore,
    pending: Mutex<HashMap<String, Session>>,
    known: Mutex<HashMap<String, Option<Session>>>,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionStore").finish_non_exhaustive()
    }
}

impl SessionStore {
    /// Sessions kept in `keyring` (the app passes [`vault::KeyringStore`]).
    pub fn new(keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            keyring,
            memory: MemoryStore::new(),
            pending: Mutex::new(HashMap::new()),
            known: Mutex::new(HashMap::new()),
        }
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn known(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<Session>>> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `session` where this connection's session is kept: memory if the user chose
    /// that earlier in this run, else the keyring. When the keyring fails, the session waits
    /// for [`SessionStore::keep_for_session`] and the keyring's error is returned.
    pub fn save(&self, connection_id: &str, session: Session) -> Result<Storage> {
        let account = account(connection_id);
        let json = session.to_json();
        if self.memory.get(&account).ok().flatten().is_some() {
            self.memory
                .set(&account, &json)
                .map_err(|source| Error::Keyring { source })?;
            return Ok(Storage::SessionOnly);
        }
        match self.keyring.set(&account, &json) {
            Ok(()) => {
                self.pending().remove(connection_id);
                self.known().insert(connection_id.to_owned(), Some(session));
                Ok(Storage::Keyring)
            }
            Err(source) => {
                // What the keyring holds now is not known: read it again next time.
                self.known().remove(connection_id);
                self.pending().insert(connection_id.to_owned(), session);
                Err(Error::Keyring { source })
            }
        }
    }

    /// The user's choice after a keyring failure: keep the waiting session in memory until
    /// the app quits.
    pub fn keep_for_session(&self, connection_id: &str) -> Result<SignInStatus> {
        let session =
            self.pending()
                .remove(connection_id)
                .ok_or_else(|| Error::NothingPending {
                    connection_id: connection_id.to_owned(),
                })?;
        self.memory
            .set(&account(connection_id), &session.to_json())
            .map_err(|source| Error::Keyring { source })?;
        Ok(session.status(connection_id, Storage::SessionOnly))
    }

    /// The session of a connection and where it is kept, or `None` when not signed in.
    pub fn load(&self, connection_id: &str) -> Result<Option<(Session, Storage)>> {
        let account = account(connection_id);
        if let Some(json) = self
            .memory
            .get(&account)
            .map_err(|source| Error::Keyring { source })?
        {
            return Ok(Some((
                Session::from_json(connection_id, &json)?,
                Storage::SessionOnly,
            )));
        }
        if let Some(known) = self.known().get(connection_id) {
            return Ok(known.clone().map(|session| (session, Storage::Keyring)));
        }
        let found = match self
            .keyring
            .get(&account)
            .map_err(|source| Error::Keyring { source })?
        {
            Some(json) => Some(Session::from_json(connection_id, &json)?),
            None => None,
        };
        self.known().insert(connection_id.to_owned(), found.clone());
        Ok(found.map(|session| (session, Storage::Keyring)))
    }

    /// Forgets a connection's session everywhere (keyring entry deleted); returns it, so the
    /// caller can revoke its token.
    pub fn remove(&self, connection_id: &str) -> Result<Option<Session>> {
        let account = account(connection_id);
        let pending = self.pending().remove(connection_id);
        let memory = self.memory.get(&account).ok().flatten();
        let _ = self.memory.delete(&account);
        let keyring = self.keyring.get(&account).ok().flatten();
        self.known().remove(connection_id);
        self.keyring
            .delete(&account)
            .map_err(|source| Error::Keyring { source })?;
        self.known().insert(connection_id.to_owned(), None);
        let json = memory.or(keyring);
        Ok(match json {
            Some(json) => Session::from_json(connection_id, &json).ok(),
            None => pending,
        })
    }

    /// The access token to call the server with: [`Bearer::Missing`] without a session,
    /// [`Bearer::Expired`] (and the session forgotten) when it expired and holds no refresh
    /// token, so that the status shows signed-out and the UI asks to sign in again.
    pub fn bearer(&self, connection_id: &str) -> Result<Bearer> {
        match self.load(connection_id)? {
            None => Ok(Bearer::Missing),
            Some((session, _)) if session.refresh_token.is_none() && session.expires_within(0) => {
                self.remove_if_token(connection_id, &session.access_token)?;
                Ok(Bearer::Expired)
            }
            Some((session, _)) => Ok(Bearer::Token(session.access_token)),
        }
    }

    /// Forgets a connection's session if its access token is still `refused` (the server
    /// answered 401 to it): a stale sign-in must not show as signed in, but a newer one saved
    /// meanwhile (a sign-in that finished while the refused call was in flight) is kept.
    /// Returns whether a session was removed.
    pub fn remove_if_token(&self, connection_id: &str, refused: &Secret) -> Result<bool> {
        match self.load(connection_id)? {
            Some((session, _)) if session.access_token.expose() == refused.expose() => {
                self.remove(connection_id)?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn token_said_to_live_past_the_end_of_time_is_not_taken_as_expired() {
        // `{"access_token":"t","expires_in":9223372036854775807}` from a token endpoint.
        let mut forever = session("t", None);
        forever.expires_at = expires_at(Some(i64::MAX));
        assert_eq!(forever.expires_at, Some(i64::MAX));
        assert!(!forever.expires_within(60));
        assert!(expires_at(Some(3600)).is_some_and(|at| at > now()));
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

    #[test]
    fn round_trip_through_a_store_keeps_every_token() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        assert_eq!(
            store.save("c1", session("at-1", Some("rt-1"))).unwrap(),
            Storage::Keyring
        );
        let raw = keyring.get("oauth:c1").unwrap().unwrap();
        assert!(raw.expose().contains("\"refreshToken\":\"rt-1\""));
        let (loaded, storage) = store.load("c1").unwrap().unwrap();
        assert_eq!(storage, Storage::Keyring);
        assert_eq!(
            loaded,
            session("at-1", Some("rt-1")).clone_with_expiry(loaded.expires_at)
        );
        let removed = store.remove("c1").unwrap().unwrap();
        assert_eq!(removed.access_token.expose(), "at-1");
        assert!(store.load("c1").unwrap().is_none());
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
            .save("c1", session("at-1", None))
            .unwrap();
        let store = SessionStore::new(keyring.clone());
        for _ in 0..3 {
            let (loaded, storage) = store.load("c1").unwrap().unwrap();
            assert_eq!(
                (loaded.access_token.expose(), storage),
                ("at-1", Storage::Keyring)
            );
        }
        assert_eq!(reads(), 1, "one keyring read for three loads");
        // A new sign-in is what the next load returns, without reading the keyring.
        store.save("c1", session("at-2", None)).unwrap();
        assert_eq!(
            store.load("c1").unwrap().unwrap().0.access_token.expose(),
            "at-2"
        );
        assert_eq!(reads(), 1);
        // Signed out: gone at once (remove reads the entry once, to revoke its token).
        store.remove("c1").unwrap();
        let after_remove = reads();
        assert!(store.load("c1").unwrap().is_none());
        assert!(store.load("c1").unwrap().is_none());
        assert_eq!(reads(), after_remove, "a known absence is not read again");
        assert!(keyring.inner.get("oauth:c1").unwrap().is_none());
    }

    #[test]
    fn a_keyring_error_is_not_remembered() {
        let store = SessionStore::new(Arc::new(NoKeyring));
        assert!(store.load("c1").is_err());
        assert!(store.load("c1").is_err(), "asked again, still refused");
        // A save that failed leaves nothing known: the session waits for the user's choice.
        assert!(store.save("c1", session("at-1", None)).is_err());
        assert!(store.load("c1").is_err());
    }

    #[test]
    fn a_refused_token_drops_its_session_but_not_a_newer_one() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        store.save("c1", session("at-new", None)).unwrap();
        // The call that was refused used the old token: the newer sign-in stays.
        assert!(!store.remove_if_token("c1", &Secret::new("at-old")).unwrap());
        assert!(store.load("c1").unwrap().is_some());
        // The stored token itself was refused: the session is gone, keyring entry and all.
        assert!(store.remove_if_token("c1", &Secret::new("at-new")).unwrap());
        assert!(store.load("c1").unwrap().is_none());
        assert!(keyring.get("oauth:c1").unwrap().is_none());
        // Nothing stored: nothing to drop.
        assert!(!store.remove_if_token("c1", &Secret::new("at-new")).unwrap());
    }

    #[test]
    fn an_expired_session_gives_no_token_and_is_forgotten() {
        let keyring = Arc::new(MemoryStore::new());
        let store = SessionStore::new(keyring.clone());
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Missing));
        store.save("c1", session("at-1", None)).unwrap();
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Token(t) if t.expose() == "at-1"));
        let mut expired = session("at-2", None);
        expired.expires_at = Some(now() - 1);
        store.save("c1", expired).unwrap();
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Expired));
        assert!(keyring.get("oauth:c1").unwrap().is_none());
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Missing));
        // With a refresh token the session stays: it can be refreshed instead.
        let mut refreshable = session("at-3", Some("rt-3"));
        refreshable.expires_at = Some(now() - 1);
        store.save("c1", refreshable).unwrap();
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Token(_)));
        // Unknown expiry (a pasted token): used until the server refuses it.
        let mut pasted = session("at-4", None);
        pasted.expires_at = None;
        store.save("c1", pasted).unwrap();
        assert!(matches!(store.bearer("c1").unwrap(), Bearer::Token(t) if t.expose() == "at-4"));
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
        let err = store.save("c1", session("at-1", None)).unwrap_err();
        assert!(
            matches!(err, Error::Keyring { ref source } if source.kind() == vault::ErrorKind::Unavailable)
        );
        // Not signed in until the choice is made (load fails because the keyring does).
        assert!(store.load("c1").is_err());
        let status = store.keep_for_session("c1").unwrap();
        assert_eq!(status.storage, Storage::SessionOnly);
        let (loaded, storage) = store.load("c1").unwrap().unwrap();
        assert_eq!(
            (loaded.access_token.expose(), storage),
            ("at-1", Storage::SessionOnly)
        );
        // Later saves (a refresh) stay in memory.
        assert_eq!(
            store.save("c1", session("at-2", None)).unwrap(),
            Storage::SessionOnly
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
            s.status("c1", Storage::Keyring),
            serde_json::to_string(&s.status("c1", Storage::Keyring)).unwrap()
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
        let err = SessionStore::new(keyring).load("c1").unwrap_err();
        assert!(!err.to_string().contains("leak-me"), "{err}");
    }
}
