//! The OS keyring, through the `keyring` crate, each call on a worker thread with a timeout.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use keyring::Entry;

use crate::timeout::InFlight;
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
/// [`Error::TimedOut`] instead of freezing. One call per account is in flight at a time, in
/// the whole process: a call for an account whose previous call is still stuck waits for it
/// (within its own timeout) instead of starting another thread and another prompt. The
/// platform store is set up once per process, on the first call; if that fails, every call
/// returns [`Error::Unavailable`].
#[derive(Clone)]
pub struct KeyringStore {
    timeout: Duration,
    platform: Arc<dyn SecretStore>,
    in_flight: Arc<InFlight>,
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The calls in flight on the OS keyring, which is one per process however many
/// [`KeyringStore`]s talk to it.
fn os_keyring_calls() -> Arc<InFlight> {
    static CALLS: OnceLock<Arc<InFlight>> = OnceLock::new();
    Arc::clone(CALLS.get_or_init(Arc::default))
}

impl KeyringStore {
    /// The OS keyring, with [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            platform: Arc::new(Platform),
            in_flight: os_keyring_calls(),
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

    /// Runs `call` on the platform store for `account`, on a worker thread, within the
    /// timeout, once the account's previous call (if any) has finished.
    fn call<T, F>(&self, account: &str, call: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn SecretStore, &str) -> Result<T> + Send + 'static,
    {
        let platform = Arc::clone(&self.platform);
        let owned = account.to_owned();
        self.in_flight.run(account, self.timeout, move || {
            call(platform.as_ref(), &owned)
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
        self.call(account, |store, account| store.get(account))
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        let secret = secret.clone();
        self.call(account, move |store, account| store.set(account, &secret))
    }

    fn delete(&self, account: &str) -> Result<bool> {
        self.call(account, |store, account| store.delete(account))
    }
}

/// The `keyring` crate's entries, called directly (blocking).
struct Platform;

impl Platform {
    fn entry(account: &str) -> Result<Entry> {
        // The one-time store setup; its error says why (no bus, no Secret Service).
        if let Err(e) = Entry::store_status() {
            return Err(store_setup_error(e));
        }
        Ok(Entry::new(SERVICE, account)?)
    }
}

impl SecretStore for Platform {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        match Self::entry(account)?.get_password() {
            Ok(password) => Ok(Some(Secret::new(password))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        Self::entry(account)?
            .set_password(secret.expose())
            .map_err(Error::from)
    }

    fn delete(&self, account: &str) -> Result<bool> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e.into()),
        }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, mpsc};

    use super::*;

    /// A keyring whose calls block until released, as the Secret Service does behind an
    /// unlock prompt nobody answers; it counts the calls that reached it.
    struct Prompting {
        entered: AtomicUsize,
        release: Mutex<mpsc::Receiver<()>>,
    }

    impl Prompting {
        fn block(&self) {
            self.entered.fetch_add(1, Ordering::SeqCst);
            let _ = self.release.lock().unwrap().recv();
        }
    }

    impl SecretStore for Prompting {
        fn get(&self, _: &str) -> Result<Option<Secret>> {
            self.block();
            Ok(None)
        }
        fn set(&self, _: &str, _: &Secret) -> Result<()> {
            self.block();
            Ok(())
        }
        fn delete(&self, _: &str) -> Result<bool> {
            self.block();
            Ok(false)
        }
    }

    #[test]
    fn calls_for_an_account_whose_call_is_stuck_start_no_new_keyring_call() {
        let (release, released) = mpsc::channel();
        let prompting = Arc::new(Prompting {
            entered: AtomicUsize::new(0),
            release: Mutex::new(released),
        });
        let store = KeyringStore {
            timeout: Duration::from_millis(50),
            platform: prompting.clone(),
            in_flight: Arc::default(),
        };
        let timed_out = |r: Result<()>| matches!(r, Err(Error::TimedOut { .. }));
        assert!(timed_out(store.get("c1").map(drop)));
        // The UI retries, another page loads the same sign-in, the user signs out.
        assert!(timed_out(store.get("c1").map(drop)));
        assert!(timed_out(store.set("c1", &Secret::new("pw"))));
        assert!(timed_out(store.clone().delete("c1").map(drop)));
        assert_eq!(
            prompting.entered.load(Ordering::SeqCst),
            1,
            "one blocked call, not four"
        );
        drop(release);
    }
}
