//! The OS keyring, through the `keyring` crate, each call on a worker thread with a timeout.

use std::time::Duration;

use keyring::Entry;

use crate::timeout::run_with_timeout;
use crate::{Error, Result, Secret, SecretStore};

/// The keyring service every entry is stored under: the app identifier.
pub const SERVICE: &str = "io.registryconsole.desktop";

/// How long a keyring call may take before [`Error::TimedOut`], unless set otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows), one entry per account under the service [`SERVICE`].
///
/// Every call runs on a worker thread and is given [`KeyringStore::timeout`]: with a locked
/// keyring and a display, the Secret Service waits on an unlock prompt, and the caller gets
/// [`Error::TimedOut`] instead of freezing. The platform store is set up once per process,
/// on the first call; if that fails, every call returns [`Error::Unavailable`].
#[derive(Debug, Clone)]
pub struct KeyringStore {
    timeout: Duration,
}

impl KeyringStore {
    /// The OS keyring, with [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same store with another timeout per call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long each call may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs `call` on the entry for `account`, on a worker thread, within the timeout.
    fn with_entry<T, F>(&self, account: &str, call: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Entry) -> Result<T> + Send + 'static,
    {
        let account = account.to_owned();
        run_with_timeout(self.timeout, move || {
            // The one-time store setup; its error says why (no bus, no Secret Service).
            if let Err(e) = Entry::store_status() {
                return Err(store_setup_error(e));
            }
            let entry = Entry::new(SERVICE, &account)?;
            call(&entry)
        })
    }
}

impl Default for KeyringStore {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        self.with_entry(account, |entry| match entry.get_password() {
            Ok(password) => Ok(Some(Secret::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        })
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        let secret = secret.clone();
        self.with_entry(account, move |entry| {
            entry.set_password(secret.expose()).map_err(Error::from)
        })
    }

    fn delete(&self, account: &str) -> Result<bool> {
        self.with_entry(account, |entry| match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e.into()),
        })
    }
}

/// The store setup error is kept by `keyring` behind a `&'static`; sort it by reference.
fn store_setup_error(error: &keyring::Error) -> Error {
    use keyring::Error as K;
    match error {
        K::NoStorageAccess(e) => Error::Locked {
            reason: e.to_string(),
        },
        K::PlatformFailure(e) => Error::Unavailable {
            reason: e.to_string(),
        },
        other => Error::Unavailable {
            reason: other.to_string(),
        },
    }
}
