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
//! in this session's memory only when the user chose that.

use std::fmt;

mod error;
mod keyring_store;
mod memory;
pub mod sign_in;
mod timeout;

pub use error::{Error, ErrorKind, Result};
pub use keyring_store::{DEFAULT_TIMEOUT, KeyringStore, SERVICE};
pub use memory::MemoryStore;
pub use sign_in::{KeptIn, SignInVault, SignedIn};

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

/// A secret string (password, token). Prints as `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
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
        Self(value)
    }
}

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
