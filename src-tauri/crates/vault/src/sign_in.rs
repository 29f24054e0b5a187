//! A connection's registry sign-in (user name and password or token), kept where the user
//! chose: the OS keyring by default, so it survives a restart, or this session's memory when
//! the user explicitly asked for that (typically because the keyring is unavailable or
//! locked). Kept by the one store of a connection's secrets, [`BoundStore`], whose rules it
//! follows: bound to the origin and TLS mode it was given for, the keyring asked once, no
//! fallback from one place to the other.
//!
//! One keyring entry per connection: the account is the connection id, the secret is a small
//! JSON object `{"username", "password", "origin", "tls"}`. A bearer-token credential (an
//! OpenShift token with any user name, a robot account's token) is stored the same way, the
//! token as the password.
//!
//! A keyring error is returned, and the caller asks the user whether to keep the sign-in for
//! this session only. A desktop with no keyring at all ([`Error::Unavailable`]) simply has no
//! saved sign-in: a connection browses anonymously, and the keyring's absence is reported
//! when the user tries to save one.

use std::sync::Arc;

use connections::{Connection, TlsMode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::bound::{BoundSecret, BoundStore};
use crate::{BasicCredentials, Binding, Error, KeptIn, KeyringStore, Result, Secret, SecretStore};

/// A sign-in as the UI may see it: who, and where it is kept. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The user name.
    pub username: String,
    /// Where the credentials are kept.
    pub kept_in: KeptIn,
}

/// The JSON of a keyring entry as it is written: borrowed, so the password is not copied
/// into a string that would outlive this call unwiped.
#[derive(Serialize)]
struct StoredRef<'a> {
    username: &'a str,
    password: &'a str,
    origin: &'a str,
    tls: &'a TlsMode,
}

/// The JSON of a keyring entry as it is read. Not `Debug`: it holds the secret in the clear.
/// `origin` and `tls` are absent in entries written before sign-ins were bound.
#[derive(Deserialize)]
struct Stored {
    username: String,
    password: String,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    tls: Option<TlsMode>,
}

impl BoundSecret for BasicCredentials {
    type Error = Error;

    /// The connection id itself (the entries of the first releases).
    fn account(connection_id: &str) -> String {
        connection_id.to_owned()
    }

    fn encode(&self, _connection_id: &str, binding: &Binding) -> Result<Secret> {
        let stored = StoredRef {
            username: &self.username,
            password: self.password.expose(),
            origin: &binding.origin,
            tls: &binding.tls,
        };
        crate::json_secret(
            &stored,
            self.password.expose().len() + self.username.len() + binding.origin.len(),
        )
        .map_err(|_| Error::other("the credentials could not be encoded"))
    }

    fn decode(_connection_id: &str, text: &Secret) -> Result<(Self, Option<Binding>)> {
        // serde_json's message could quote the input, which is the secret: keep none of it.
        let stored: Stored = serde_json::from_str(text.expose())
            .map_err(|_| Error::other("the stored sign-in is not in the expected format"))?;
        let binding = match (stored.origin, stored.tls) {
            (Some(origin), Some(tls)) => Some(Binding { origin, tls }),
            _ => None,
        };
        let credentials = BasicCredentials {
            username: stored.username,
            // Moved, not copied: the only copy is the one the `Secret` wipes.
            password: Secret::new(stored.password),
        };
        Ok((credentials, binding))
    }
}

/// The registry sign-ins of every connection.
pub struct SignInVault {
    store: BoundStore<BasicCredentials>,
}

impl std::fmt::Debug for SignInVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInVault").finish_non_exhaustive()
    }
}

impl Default for SignInVault {
    fn default() -> Self {
        Self::new(Box::new(KeyringStore::new()))
    }
}

impl SignInVault {
    /// A vault over `keyring` (the OS keyring in the app; a [`crate::MemoryStore`] in tests).
    pub fn new(keyring: Box<dyn SecretStore>) -> Self {
        Self::shared(Arc::from(keyring))
    }

    /// A vault over a keyring that other stores use too.
    pub fn shared(keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            store: BoundStore::new(keyring),
        }
    }

    /// Keeps `credentials` for `connection`, bound to its origin and TLS mode as they are now,
    /// in `kept_in`, replacing what was kept before (in either place). A keyring error is
    /// returned and nothing is kept anywhere.
    pub fn save(
        &self,
        connection: &Connection,
        credentials: &BasicCredentials,
        kept_in: KeptIn,
    ) -> Result<()> {
        self.store.put(connection, credentials.clone(), kept_in)
    }

    /// The credentials of `connection` ([`BoundStore::get`]): `None` when nothing is saved,
    /// when there is no keyring on this desktop, and when the saved sign-in was given for
    /// another origin or TLS mode than the connection's now (that sign-in is forgotten).
    pub fn load(&self, connection: &Connection) -> Result<Option<(BasicCredentials, KeptIn)>> {
        self.store.get(connection)
    }

    /// Who is signed in to `connection`, and where that is kept.
    pub fn signed_in(&self, connection: &Connection) -> Result<Option<SignedIn>> {
        Ok(self
            .load(connection)?
            .map(|(credentials, kept_in)| SignedIn {
                username: credentials.username,
                kept_in,
            }))
    }

    /// Signs out of `connection_id`: deletes the keyring entry and the session copy. `true`
    /// when something was deleted ([`BoundStore::remove`]).
    pub fn forget(&self, connection_id: &str) -> Result<bool> {
        Ok(self.store.remove(connection_id)?.deleted)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::MemoryStore;
    use std::sync::Mutex;

    /// A keyring double that shares its contents between "app runs" and can be made to fail.
    #[derive(Clone, Default)]
    struct SharedKeyring {
        inner: Arc<MemoryStore>,
        failing: Arc<Mutex<Option<Error>>>,
    }

    impl SharedKeyring {
        fn fail_with(&self, error: Option<Error>) {
            *self.failing.lock().unwrap() = error;
        }
        fn check(&self) -> Result<()> {
            match self.failing.lock().unwrap().clone() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
    }

    impl SecretStore for SharedKeyring {
        fn get(&self, account: &str) -> Result<Option<Secret>> {
            self.check()?;
            self.inner.get(account)
        }
        fn set(&self, account: &str, secret: &Secret) -> Result<()> {
            self.check()?;
            self.inner.set(account, secret)
        }
        fn delete(&self, account: &str) -> Result<bool> {
            self.check()?;
            self.inner.delete(account)
        }
    }

    /// The connection `id` at `https://registry.example:5000`, TLS checked against the system roots.
    fn at(id: &str) -> Connection {
        Connection {
            id: id.into(),
            name: id.into(),
            kind: connections::ConnectionKind::Registry,
            url: "https://registry.example:5000".into(),
            tls: TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        }
    }

    fn locked() -> Error {
        Error::Locked {
            reason: "prompt dismissed".into(),
        }
    }

    #[test]
    fn keyring_sign_in_survives_a_new_vault() {
        let keyring = SharedKeyring::default();
        let first = SignInVault::new(Box::new(keyring.clone()));
        first
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw-1"),
                KeptIn::Keyring,
            )
            .unwrap();
        let second = SignInVault::new(Box::new(keyring.clone()));
        let (credentials, kept_in) = second.load(&at("c1")).unwrap().unwrap();
        assert_eq!(credentials, BasicCredentials::new("alice", "pw-1"));
        assert_eq!(kept_in, KeptIn::Keyring);
        assert_eq!(second.load(&at("c2")).unwrap(), None);
    }

    #[test]
    fn session_only_sign_in_is_gone_after_a_restart_and_replaces_a_keyring_entry() {
        let keyring = SharedKeyring::default();
        let first = SignInVault::new(Box::new(keyring.clone()));
        first
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "old"),
                KeptIn::Keyring,
            )
            .unwrap();
        first
            .save(
                &at("c1"),
                &BasicCredentials::new("bob", "new"),
                KeptIn::Session,
            )
            .unwrap();
        assert_eq!(
            first.signed_in(&at("c1")).unwrap(),
            Some(SignedIn {
                username: "bob".into(),
                kept_in: KeptIn::Session
            })
        );
        assert_eq!(keyring.inner.get("c1").unwrap(), None);
        let second = SignInVault::new(Box::new(keyring));
        assert_eq!(second.load(&at("c1")).unwrap(), None);
    }

    #[test]
    fn a_locked_keyring_is_an_error_and_keeps_nothing() {
        let keyring = SharedKeyring::default();
        keyring.fail_with(Some(locked()));
        let vault = SignInVault::new(Box::new(keyring.clone()));
        let error = vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Keyring,
            )
            .unwrap_err();
        assert_eq!(error, locked());
        assert_eq!(vault.load(&at("c1")).unwrap_err(), locked());
        // The user's explicit choice: this session only, while the keyring stays locked.
        vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Session,
            )
            .unwrap();
        assert_eq!(vault.load(&at("c1")).unwrap().unwrap().1, KeptIn::Session);
    }

    #[test]
    fn load_errors_are_not_remembered() {
        let keyring = SharedKeyring::default();
        SignInVault::new(Box::new(keyring.clone()))
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Keyring,
            )
            .unwrap();
        keyring.fail_with(Some(locked()));
        let vault = SignInVault::new(Box::new(keyring.clone()));
        assert!(vault.load(&at("c1")).is_err());
        keyring.fail_with(None);
        assert_eq!(vault.load(&at("c1")).unwrap().unwrap().0.username, "alice");
    }

    #[test]
    fn forget_deletes_both_copies() {
        let keyring = SharedKeyring::default();
        let vault = SignInVault::new(Box::new(keyring.clone()));
        vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Keyring,
            )
            .unwrap();
        assert!(vault.forget("c1").unwrap());
        assert!(!vault.forget("c1").unwrap());
        assert_eq!(vault.load(&at("c1")).unwrap(), None);
        assert_eq!(keyring.inner.get("c1").unwrap(), None);
    }

    #[test]
    fn sign_out_without_a_keyring_forgets_the_session_copy_but_a_locked_one_is_an_error() {
        let keyring = SharedKeyring::default();
        let vault = SignInVault::new(Box::new(keyring.clone()));
        keyring.fail_with(Some(Error::Unavailable {
            reason: "no bus".into(),
        }));
        vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Session,
            )
            .unwrap();
        assert!(vault.forget("c1").unwrap());
        keyring.fail_with(Some(locked()));
        assert_eq!(vault.forget("c1").unwrap_err(), locked());
    }

    #[test]
    fn a_malformed_entry_is_an_error_without_its_content() {
        let keyring = SharedKeyring::default();
        keyring
            .inner
            .set("c1", &Secret::new("not-json-hunter2"))
            .unwrap();
        let vault = SignInVault::new(Box::new(keyring));
        let error = vault.load(&at("c1")).unwrap_err();
        assert!(!format!("{error} {error:?}").contains("hunter2"));
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
    fn a_sign_in_is_not_given_to_the_connection_once_it_points_elsewhere() {
        let elsewhere = [
            moved("c1", "https://other.example:5000", TlsMode::System),
            moved("c1", "http://registry.example:5000", TlsMode::System),
            moved("c1", "https://registry.example:5001", TlsMode::System),
            moved("c1", "https://registry.example:5000", TlsMode::Insecure),
        ];
        for edited in &elsewhere {
            let keyring = SharedKeyring::default();
            let vault = SignInVault::new(Box::new(keyring.clone()));
            vault
                .save(
                    &at("c1"),
                    &BasicCredentials::new("alice", "pw"),
                    KeptIn::Keyring,
                )
                .unwrap();
            let raw = keyring.inner.get("c1").unwrap().unwrap();
            assert!(
                raw.expose()
                    .contains("\"origin\":\"https://registry.example:5000\""),
                "the entry records where it was given"
            );
            // After a restart (read from the keyring) and within the run (the cache) alike.
            let restarted = SignInVault::new(Box::new(keyring.clone()));
            assert_eq!(restarted.load(edited).unwrap(), None, "{edited:?}");
            assert_eq!(keyring.inner.get("c1").unwrap(), None, "forgotten");
            assert_eq!(restarted.load(&at("c1")).unwrap(), None);

            vault
                .save(
                    &at("c1"),
                    &BasicCredentials::new("alice", "pw"),
                    KeptIn::Session,
                )
                .unwrap();
            assert_eq!(vault.load(edited).unwrap(), None, "{edited:?}");
            assert_eq!(vault.load(&at("c1")).unwrap(), None, "forgotten");
        }
    }

    #[test]
    fn a_sign_in_saved_before_bindings_is_bound_to_the_connection_at_its_first_load() {
        let keyring = SharedKeyring::default();
        keyring
            .inner
            .set(
                "c1",
                &Secret::new(r#"{"username":"alice","password":"pw"}"#),
            )
            .unwrap();
        let vault = SignInVault::new(Box::new(keyring.clone()));
        assert_eq!(
            vault.load(&at("c1")).unwrap().unwrap().0,
            BasicCredentials::new("alice", "pw")
        );
        let raw = keyring.inner.get("c1").unwrap().unwrap();
        assert!(
            raw.expose().contains("\"origin\""),
            "rewritten with its binding"
        );
        let restarted = SignInVault::new(Box::new(keyring.clone()));
        let edited = moved("c1", "https://other.example", TlsMode::System);
        assert_eq!(restarted.load(&edited).unwrap(), None);
    }

    #[test]
    fn without_a_keyring_a_connection_has_no_saved_sign_in_and_saving_says_why() {
        let keyring = SharedKeyring::default();
        let unavailable = Error::Unavailable {
            reason: "no Secret Service".into(),
        };
        keyring.fail_with(Some(unavailable.clone()));
        let vault = SignInVault::new(Box::new(keyring.clone()));
        assert_eq!(vault.load(&at("c1")).unwrap(), None);
        assert_eq!(vault.signed_in(&at("c1")).unwrap(), None);
        assert_eq!(
            vault
                .save(
                    &at("c1"),
                    &BasicCredentials::new("alice", "pw"),
                    KeptIn::Keyring
                )
                .unwrap_err(),
            unavailable
        );
        vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "pw"),
                KeptIn::Session,
            )
            .unwrap();
        assert_eq!(vault.load(&at("c1")).unwrap().unwrap().1, KeptIn::Session);
        // A keyring that starts later in the run is asked: the absence was not remembered.
        keyring.fail_with(None);
        keyring
            .inner
            .set(
                "c2",
                &BasicCredentials::new("bob", "pw")
                    .encode("c2", &Binding::of(&at("c2")))
                    .unwrap(),
            )
            .unwrap();
        keyring.fail_with(Some(unavailable));
        assert_eq!(vault.load(&at("c2")).unwrap(), None);
        keyring.fail_with(None);
        assert_eq!(vault.load(&at("c2")).unwrap().unwrap().0.username, "bob");
    }

    #[test]
    fn debug_prints_no_secret() {
        let vault = SignInVault::new(Box::new(MemoryStore::new()));
        vault
            .save(
                &at("c1"),
                &BasicCredentials::new("alice", "hunter2"),
                KeptIn::Session,
            )
            .unwrap();
        vault.load(&at("c1")).unwrap();
        assert!(!format!("{vault:?} {:?}", vault.load(&at("c1"))).contains("hunter2"));
    }
}
