//! Wire types of the Access page that the `cluster` crate does not define itself, because
//! there they hold a `vault::Secret` (which never serializes): a token shown to the user once,
//! and the registry entries typed into the pull-secret form.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A service-account token, sent to the window once so the user can reveal and copy it.
/// The window keeps it in component state only, never in its storage.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    /// The token.
    pub token: String,
    /// When it stops working (RFC 3339), for a TokenRequest token.
    pub expires_at: Option<String>,
    /// The `kubernetes.io/service-account-token` secret holding it, for a long-lived token
    /// (deleting the secret revokes the token).
    pub secret_name: Option<String>,
}

/// One registry entry of a pull secret, as typed in the form.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullSecretRegistry {
    /// Registry host or host/path.
    pub registry: String,
    /// The user name (must not contain a colon).
    pub username: String,
    /// The password or token.
    pub password: String,
    /// An e-mail address for old clients, when wanted.
    pub email: Option<String>,
}

impl From<PullSecretRegistry> for cluster::PullSecretEntry {
    fn from(entry: PullSecretRegistry) -> Self {
        Self {
            registry: entry.registry,
            username: entry.username,
            password: vault::Secret::new(entry.password),
            email: entry.email,
        }
    }
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .field("secret_name", &self.secret_name)
            .finish()
    }
}

impl std::fmt::Debug for PullSecretRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PullSecretRegistry")
            .field("registry", &self.registry)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("email", &self.email)
            .finish()
    }
}

impl From<cluster::MintedToken> for IssuedToken {
    fn from(minted: cluster::MintedToken) -> Self {
        Self {
            token: minted.token.expose().to_owned(),
            expires_at: Some(minted.expires_at).filter(|e| !e.is_empty()),
            secret_name: None,
        }
    }
}

impl From<cluster::LongLivedToken> for IssuedToken {
    fn from(long: cluster::LongLivedToken) -> Self {
        Self {
            token: long.token.expose().to_owned(),
            expires_at: None,
            secret_name: Some(long.secret_name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_token_or_password() {
        let token = IssuedToken::from(cluster::MintedToken {
            token: vault::Secret::new("sha256~tok"),
            expires_at: "2026-11-23T15:00:00Z".into(),
        });
        assert_eq!(token.expires_at.as_deref(), Some("2026-11-23T15:00:00Z"));
        assert!(!format!("{token:?}").contains("sha256~tok"));
        let entry = PullSecretRegistry {
            registry: "quay.io".into(),
            username: "robot".into(),
            password: "hunter2".into(),
            email: None,
        };
        assert!(!format!("{entry:?}").contains("hunter2"));
        let wire = cluster::PullSecretEntry::from(entry);
        assert_eq!(wire.password.expose(), "hunter2");
    }
}
