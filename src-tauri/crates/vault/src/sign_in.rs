//! A connection's sign-in (user name and password or token), kept where the user chose: the OS
//! keyring by default, so it survives a restart, or this session's memory when the user
//! explicitly asked for that (typically because the keyring is unavailable or locked).
//!
//! One keyring entry per connection: the account is the connection id, the secret is a small
//! JSON object `{"username", "password"}`. A bearer-token credential (an OpenShift token with
//! any user name, a robot account's token) is stored the same way, the token as the password.
//!
//! There is no fallback from one place to the other: a keyring error is returned, and the
//! caller asks the user whether to keep the sign-in for this session only.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{BasicCredentials, Error, KeyringStore, MemoryStore, Result, Secret, SecretStore};

/// Where a sign-in is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum KeptIn {
    /// The OS keyring: still there after a restart.
    Keyring,
    /// This process's memory: gone when the app exits. Only on the user's explicit choice.
    Session,
}

/// A sign-in as the UI may see it: who, and where it is kept. Never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    /// The user name.
    pub username: String,
    /// Where the credentials are kept.
    pub kept_in: KeptIn,
}

/// The JSON shape of a keyring entry. Not `Debug`: it holds the secret in the clear.
#[derive(Serialize, Deserialize)]
struct Stored {
    username: String,
    password: String,
}

/// The sign-ins of every connection: a keyring, a session-only memory store, and a cache of
/// what was read from the keyring this session (so the keyring is asked once per connection).
pub struct SignInVault {
    keyring: Box<dyn SecretStore>,
    session: MemoryStore,
    /// Connection id → what is known: `Some` credentials and where, or `None` (looked up,
    /// nothing stored). Absent: not looked up yet.
    known: Mutex<HashMap<String, Option<(BasicCredentials, KeptIn)>>>,
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
    /// A vault over `keyring` (the OS keyring in the app; a [`MemoryStore`] in unit tests).
    pub fn new(keyring: Box<dyn SecretStore>) -> Self {
        Self {
            keyring,
            session: MemoryStore::new(),
            known: Mutex::new(HashMap::new()),
        }
    }

    fn known(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, Option<(BasicCredentials, KeptIn)>>> {
        self.known.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `credentials` for `connection_id` in `kept_in`, replacing what was kept before
    /// (in either place). A keyring error is returned and nothing is kept anywhere.
    pub fn save(
        &self,
        connection_id: &str,
        credentials: &BasicCredentials,
        kept_in: KeptIn,
    ) -> Result<()> {
        match kept_in {
            KeptIn::Keyring => {
                self.keyring.set(connection_id, &encode(credentials)?)?;
                self.session.delete(connection_id)?;
            }
            KeptIn::Session => {
                self.session.set(connection_id, &encode(credentials)?)?;
                // A sign-in the user chose to keep for this session only must not come back
                // from an older keyring entry after a restart. The keyring may be the reason
                // for this choice, so failing to reach it is not an error here.
                let _ = self.keyring.delete(connection_id);
            }
        }
        self.known().insert(
            connection_id.to_owned(),
            Some((credentials.clone(), kept_in)),
        );
        Ok(())
    }

    /// The credentials of `connection_id`: this session's, else the keyring's (asked once per
    /// connection and session; an error is not remembered, so a retry asks again).
    pub fn load(&self, connection_id: &str) -> Result<Option<(BasicCredentials, KeptIn)>> {
        if let Some(known) = self.known().get(connection_id) {
            return Ok(known.clone());
        }
        let found = match self.session.get(connection_id)? {
            Some(secret) => Some((decode(&secret)?, KeptIn::Session)),
            None => match self.keyring.get(connection_id)? {
                Some(secret) => Some((decode(&secret)?, KeptIn::Keyring)),
                None => None,
            },
        };
        self.known().insert(connection_id.to_owned(), found.clone());
        Ok(found)
    }

    /// Who is signed in to `connection_id`, and where that is kept.
    pub fn signed_in(&self, connection_id: &str) -> Result<Option<SignedIn>> {
        Ok(self
            .load(connection_id)?
            .map(|(credentials, kept_in)| SignedIn {
                username: credentials.username,
                kept_in,
            }))
    }

    /// Signs out of `connection_id`: deletes the keyring entry and the session copy. `true`
    /// when something was deleted. With no keyring at all there is no entry this app could
    /// have left, so that is not an error; a keyring that is there but refuses (locked, no
    /// answer) is, and its entry may still be there (the session copy is gone already).
    pub fn forget(&self, connection_id: &str) -> Result<bool> {
        let in_session = self.session.delete(connection_id)?;
        self.known().remove(connection_id);
        let in_keyring = match self.keyring.delete(connection_id) {
            Ok(deleted) => deleted,
            Err(Error::Unavailable { .. }) => false,
            Err(e) => return Err(e),
        };
        Ok(in_session || in_keyring)
    }
}

fn encode(credentials: &BasicCredentials) -> Result<Secret> {
    let stored = Stored {
        username: credentials.username.clone(),
        password: credentials.password.expose().to_owned(),
    };
    serde_json::to_string(&stored)
        .map(Secret::new)
        .map_err(|_| Error::other("the credentials could not be encoded"))
}

fn decode(secret: &Secret) -> Result<BasicCredentials> {
    // serde_json's message could quote the input, which is the secret: keep none of it.
    let stored: Stored = serde_json::from_str(secret.expose())
        .map_err(|_| Error::other("the stored sign-in is not in the expected format"))?;
    Ok(BasicCredentials::new(stored.username, stored.password))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

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
                "c1",
                &BasicCredentials::new("alice", "pw-1"),
                KeptIn::Keyring,
            )
            .unwrap();
        let second = SignInVault::new(Box::new(keyring.clone()));
        let (credentials, kept_in) = second.load("c1").unwrap().unwrap();
        assert_eq!(credentials, BasicCredentials::new("alice", "pw-1"));
        assert_eq!(kept_in, KeptIn::Keyring);
        assert_eq!(second.load("c2").unwrap(), None);
    }

    #[test]
    fn session_only_sign_in_is_gone_after_a_restart_and_replaces_a_keyring_entry() {
        let keyring = SharedKeyring::default();
        let first = SignInVault::new(Box::new(keyring.clone()));
        first
            .save(
                "c1",
                &BasicCredentials::new("alice", "old"),
                KeptIn::Keyring,
            )
            .unwrap();
        first
            .save("c1", &BasicCredentials::new("bob", "new"), KeptIn::Session)
            .unwrap();
        assert_eq!(
            first.signed_in("c1").unwrap(),
            Some(SignedIn {
                username: "bob".into(),
                kept_in: KeptIn::Session
            })
        );
        assert_eq!(keyring.inner.get("c1").unwrap(), None);
        let second = SignInVault::new(Box::new(keyring));
        assert_eq!(second.load("c1").unwrap(), None);
    }

    #[test]
    fn a_locked_keyring_is_an_error_and_keeps_nothing() {
        let keyring = SharedKeyring::default();
        keyring.fail_with(Some(locked()));
        let vault = SignInVault::new(Box::new(keyring.clone()));
        let error = vault
            .save("c1", &BasicCredentials::new("alice", "pw"), KeptIn::Keyring)
            .unwrap_err();
        assert_eq!(error, locked());
        assert_eq!(vault.load("c1").unwrap_err(), locked());
        // The user's explicit choice: this session only, while the keyring stays locked.
        vault
            .save("c1", &BasicCredentials::new("alice", "pw"), KeptIn::Session)
            .unwrap();
        assert_eq!(vault.load("c1").unwrap().unwrap().1, KeptIn::Session);
    }

    #[test]
    fn load_errors_are_not_remembered() {
        let keyring = SharedKeyring::default();
        SignInVault::new(Box::new(keyring.clone()))
            .save("c1", &BasicCredentials::new("alice", "pw"), KeptIn::Keyring)
            .unwrap();
        keyring.fail_with(Some(locked()));
        let vault = SignInVault::new(Box::new(keyring.clone()));
        assert!(vault.load("c1").is_err());
        keyring.fail_with(None);
        assert_eq!(vault.load("c1").unwrap().unwrap().0.username, "alice");
    }

    #[test]
    fn forget_deletes_both_copies() {
        let keyring = SharedKeyring::default();
        let vault = SignInVault::new(Box::new(keyring.clone()));
        vault
            .save("c1", &BasicCredentials::new("alice", "pw"), KeptIn::Keyring)
            .unwrap();
        assert!(vault.forget("c1").unwrap());
        assert!(!vault.forget("c1").unwrap());
        assert_eq!(vault.load("c1").unwrap(), None);
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
            .save("c1", &BasicCredentials::new("alice", "pw"), KeptIn::Session)
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
        let error = vault.load("c1").unwrap_err();
        assert!(!format!("{error} {error:?}").contains("hunter2"));
    }

    #[test]
    fn debug_prints_no_secret() {
        let vault = SignInVault::new(Box::new(MemoryStore::new()));
        vault
            .save(
                "c1",
                &BasicCredentials::new("alice", "hunter2"),
                KeptIn::Session,
            )
            .unwrap();
        vault.load("c1").unwrap();
        assert!(!format!("{vault:?} {:?}", vault.load("c1")).contains("hunter2"));
    }
}
