//! Secrets as a type: passwords and tokens live in [`Secret`], whose `Debug` and `Display`
//! print `<redacted>`, so a secret cannot reach a log line, an error message or a panic by
//! accident. Reading it takes an explicit [`Secret::expose`], which is easy to find in review.
//!
//! `Secret` deliberately has no `Serialize`: a secret is written only to the OS keyring or to
//! a file the user asked to export.
//!
//! Where secrets are kept: the [`SecretStore`] trait, with [`KeyringStore`] (the OS keyring,
//! every call bounded by a timeout so a hung unlock prompt never freezes the caller) and
//! [`MemoryStore`] (the user's explicit "this session only" choice). There is no file store,
//! and no silent fallback from one store to another: a [`KeyringStore`] error is returned as
//! an [`Error`] the UI can branch on.
//!
//! A registry connection's sign-in is kept by [`SignInVault`]: in the keyring by default,
//! in this session's memory only when the user chose that. Every sign-in is bound to the
//! [`Binding`] (origin and TLS mode) of the connection it was given for, and is never handed
//! out for anything else.
//!
//! A [`Secret`] wipes its bytes when dropped (`zeroize`), so a password does not linger in
//! freed memory after the last copy is gone.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

mod binding;
pub mod bound;
mod error;
mod keyring_store;
mod memory;
pub mod sign_in;
mod timeout;

pub use binding::Binding;
pub use bound::{BoundSecret, BoundStore, KeptIn, Removed};
pub use error::{Error, ErrorKind, Result};
pub use keyring_store::{DEFAULT_TIMEOUT, KeyringStore, SERVICE};
pub use memory::MemoryStore;
pub use sign_in::{SignInVault, SignedIn};

/// Where secrets are kept, one per account.
///
/// An account is a string such as `<connection-id>/<user>`. Implementations never put a secret
/// into an error.
pub trait SecretStore: Send + Sync {
    /// The secret stored for `account`, or `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<Secret>>;

    /// Stores `secret` for `account`, replacing any previous one.
    fn set(&self, account: &str, secret: &Secret) -> Result<()>;

    /// Removes the secret stored for `account`; `false` when there was none.
    fn delete(&self, account: &str) -> Result<bool>;
}

/// One keyring shared by the stores that keep secrets in it (the registry sign-ins and the
/// OpenShift/OIDC sessions), so that its one-call-in-flight-per-account rule covers both.
impl<T: SecretStore + ?Sized> SecretStore for std::sync::Arc<T> {
    fn get(&self, account: &str) -> Result<Option<Secret>> {
        (**self).get(account)
    }

    fn set(&self, account: &str, secret: &Secret) -> Result<()> {
        (**self).set(account, secret)
    }

    fn delete(&self, account: &str) -> Result<bool> {
        (**self).delete(account)
    }
}

/// `value` as JSON, straight into a [`Secret`]: for the keyring entries that hold a secret
/// among other fields. `secret_len` is the length of the secrets inside; the buffer is made
/// large enough for their worst-case escaping up front, so it is never reallocated and no
/// unwiped partial copy is left in freed memory.
pub fn json_secret<T: serde::Serialize>(
    value: &T,
    secret_len: usize,
) -> serde_json::Result<Secret> {
    // `\u00XX` is the longest escape: six bytes for one.
    let mut buffer = Zeroizing::new(Vec::with_capacity(secret_len.saturating_mul(6) + 1024));
    serde_json::to_writer(&mut *buffer, value)?;
    let bytes = std::mem::take(&mut *buffer);
    // serde_json writes UTF-8 only; the error case cannot happen, and keeps no bytes.
    String::from_utf8(bytes)
        .map(Secret::new)
        .map_err(|_| serde::ser::Error::custom("not UTF-8"))
}

/// A secret string (password, token). Prints as `<redacted>`; its bytes are overwritten
/// with zeros when it is dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret. The string is moved in, not copied, so no unwiped copy stays behind.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl Zeroize for Secret {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

/// Its one field is a [`Zeroizing`], whose `Drop` wipes the string.
impl ZeroizeOnDrop for Secret {}

/// A user name and password, as HTTP Basic authentication and token servers take them.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user name (not secret: shown in the UI).
    pub username: String,
    /// The password or token.
    pub password: Secret,
}

impl BasicCredentials {
    /// Credentials from a user name and a password.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: Secret::new(password),
        }
    }
}

/// Its password is a [`Secret`]; the user name is not secret.
impl ZeroizeOnDrop for BasicCredentials {}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_prints_redacted_in_debug_and_display() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:#?}", Some(&secret)), "Some(\n    <redacted>,\n)");
        assert_eq!(secret.expose(), "hunter2");
    }

    /// Compiles only for types whose drop wipes their secret.
    fn wiped_on_drop<T: ZeroizeOnDrop>() {}

    /// Counts how often it was wiped.
    #[derive(Default)]
    struct Spy(std::sync::Arc<std::sync::atomic::AtomicUsize>);
    impl Zeroize for Spy {
        fn zeroize(&mut self) {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    #[test]
    fn secrets_and_credentials_are_wiped_on_drop() {
        wiped_on_drop::<Secret>();
        wiped_on_drop::<BasicCredentials>();
        // The secret's string is held in a `Zeroizing`, and dropping one wipes what it holds.
        let secret = Secret::new("hunter2");
        let _held_in: &Zeroizing<String> = &secret.0;
        let spy = Spy::default();
        let wiped = spy.0.clone();
        drop(Zeroizing::new(spy));
        assert_eq!(wiped.load(std::sync::atomic::Ordering::SeqCst), 1);
        // What the drop runs on a secret: the bytes are overwritten and the string emptied.
        let mut secret = secret;
        secret.zeroize();
        assert_eq!(secret.expose(), "");
    }

    #[test]
    fn credentials_debug_shows_the_user_but_not_the_password() {
        let credentials = BasicCredentials::new("alice", "s3cret-pw");
        let debug = format!("{credentials:?}");
        assert!(debug.contains("alice"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(!debug.contains("s3cret-pw"), "{debug}");
        let pretty = format!("{credentials:#?}");
        assert!(!pretty.contains("s3cret-pw"), "{pretty}");
    }
}
