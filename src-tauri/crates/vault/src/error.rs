//! The errors of a [`SecretStore`](crate::SecretStore), sorted the way the UI reacts to them.

use std::time::Duration;

/// The result of a store call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a store call failed. No variant ever holds a secret: reasons are the platform's words
/// about the store, and blobs a store hands back with an error are dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// No keyring to talk to: no session bus, no Secret Service on it, or no default
    /// credential store on this platform. The UI offers to keep the secret for this session
    /// only ([`MemoryStore`](crate::MemoryStore)).
    #[error("the OS keyring is not available: {reason}")]
    Unavailable {
        /// What the platform said.
        reason: String,
    },
    /// The keyring is there but locked, and unlocking it failed or the prompt was dismissed.
    /// The UI asks the user to unlock it and retry, or to keep the secret for this session.
    #[error("the OS keyring is locked: {reason}")]
    Locked {
        /// What the platform said.
        reason: String,
    },
    /// The keyring did not answer in time, typically because it waits on an unlock prompt.
    /// The call may still complete in the background.
    #[error("the OS keyring did not answer within {after:?}")]
    TimedOut {
        /// How long the call was given.
        after: Duration,
    },
    /// Any other failure of the store (malformed data, an ambiguous entry, a bad argument).
    #[error("the OS keyring failed: {reason}")]
    Other {
        /// What went wrong, without any secret.
        reason: String,
    },
}

/// The variant of an [`Error`] without its details, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// [`Error::Unavailable`].
    Unavailable,
    /// [`Error::Locked`].
    Locked,
    /// [`Error::TimedOut`].
    TimedOut,
    /// [`Error::Other`].
    Other,
}

impl Error {
    /// The variant, without its details.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Unavailable { .. } => ErrorKind::Unavailable,
            Self::Locked { .. } => ErrorKind::Locked,
            Self::TimedOut { .. } => ErrorKind::TimedOut,
            Self::Other { .. } => ErrorKind::Other,
        }
    }

    /// What the UI does about it: every keyring failure lets the sign-in form offer to keep
    /// the credentials for this session only.
    pub fn code(&self) -> codes::ErrorCode {
        match self {
            Self::Unavailable { .. }
            | Self::Locked { .. }
            | Self::TimedOut { .. }
            | Self::Other { .. } => codes::ErrorCode::KeyringUnavailable,
        }
    }

    /// What the user can do about it, as one sentence for the UI; the platform's own words
    /// stay in the error's `Display`, for the detail line.
    pub fn advice(&self) -> &'static str {
        match self.kind() {
            ErrorKind::Unavailable => "The OS keyring is not available on this desktop.",
            ErrorKind::Locked => "The OS keyring is locked. Unlock it and try again.",
            ErrorKind::TimedOut => {
                "The OS keyring did not answer in time (is it waiting for an unlock prompt?)."
            }
            ErrorKind::Other => "The OS keyring could not be used.",
        }
    }

    /// An [`Error::Other`] with `reason`.
    pub(crate) fn other(reason: impl Into<String>) -> Self {
        Self::Other {
            reason: reason.into(),
        }
    }
}

impl From<keyring::Error> for Error {
    /// Sorts a keyring error. `NoEntry` is not an error for a store: callers turn it into
    /// `None`/`false` before converting.
    fn from(error: keyring::Error) -> Self {
        use keyring::Error as K;
        match error {
            K::NoDefaultStore => Self::Unavailable {
                reason: "no default credential store (no Secret Service on the session bus?)"
                    .to_owned(),
            },
            K::PlatformFailure(e) => Self::Unavailable {
                reason: e.to_string(),
            },
            K::NoStorageAccess(e) => Self::Locked {
                reason: e.to_string(),
            },
            K::NoEntry => Self::other("no matching credential found"),
            // These two carry the stored bytes, which are the secret: keep none of it.
            K::BadEncoding(_) => Self::other("the stored secret is not valid UTF-8"),
            K::BadDataFormat(..) => Self::other("the stored secret is malformed"),
            K::Ambiguous(entries) => Self::other(format!(
                "{} keyring entries match this account",
                entries.len()
            )),
            other => Self::other(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "hunter2-in-the-blob";

    fn printed(error: &Error) -> String {
        format!("{error} | {error:?} | {error:#?}")
    }

    #[test]
    fn keyring_errors_carrying_the_secret_do_not_print_it() {
        let errors = [
            Error::from(keyring::Error::BadEncoding(SECRET.as_bytes().to_vec())),
            Error::from(keyring::Error::BadDataFormat(
                SECRET.as_bytes().to_vec(),
                "bad".into(),
            )),
        ];
        for error in &errors {
            assert_eq!(error.kind(), ErrorKind::Other);
            let text = printed(error);
            assert!(!text.contains(SECRET), "{text}");
        }
    }

    #[test]
    fn keyring_errors_sort_into_the_kinds_the_ui_branches_on() {
        assert_eq!(
            Error::from(keyring::Error::NoDefaultStore).kind(),
            ErrorKind::Unavailable
        );
        assert_eq!(
            Error::from(keyring::Error::PlatformFailure("no bus".into())).kind(),
            ErrorKind::Unavailable
        );
        assert_eq!(
            Error::from(keyring::Error::NoStorageAccess("prompt dismissed".into())).kind(),
            ErrorKind::Locked
        );
        assert_eq!(
            Error::from(keyring::Error::Invalid("user".into(), "empty".into())).kind(),
            ErrorKind::Other
        );
    }

    #[test]
    fn every_variant_prints_without_a_secret() {
        let errors = [
            Error::Unavailable {
                reason: "no session bus".into(),
            },
            Error::Locked {
                reason: "prompt dismissed".into(),
            },
            Error::TimedOut {
                after: Duration::from_secs(10),
            },
            Error::other("ambiguous"),
        ];
        for error in &errors {
            let text = printed(error);
            assert!(!text.contains(SECRET), "{text}");
        }
        assert_eq!(
            errors[2].to_string(),
            "the OS keyring did not answer within 10s"
        );
    }

    #[test]
    fn kinds_serialize_for_the_ui() {
        let kinds = [
            ErrorKind::Unavailable,
            ErrorKind::Locked,
            ErrorKind::TimedOut,
            ErrorKind::Other,
        ];
        let json: Vec<String> = kinds
            .iter()
            .map(|k| serde_json::to_string(k).unwrap())
            .collect();
        assert_eq!(
            json,
            ["\"unavailable\"", "\"locked\"", "\"timedOut\"", "\"other\""]
        );
    }
}
