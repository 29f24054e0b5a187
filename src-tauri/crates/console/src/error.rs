//! What the console's calls can fail with: the failure of the area crate that did the work,
//! unchanged (so it keeps its own `code()`), or one of the console's own refusals, whose code
//! is said here ([`Error::code`]).

use codes::ErrorCode;

/// The result of a console call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a console call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The saved connections or preferences could not be read or written, or a connection is
    /// gone.
    #[error(transparent)]
    Connections(#[from] connections::Error),
    /// The registry refused or could not be reached, or the connection cannot be a registry.
    #[error(transparent)]
    Registry(#[from] registry::Error),
    /// The cluster refused or could not be reached.
    #[error(transparent)]
    Cluster(#[from] cluster::Error),
    /// A sign-in, its session store or a kubeconfig failed.
    #[error(transparent)]
    Auth(#[from] auth::Error),
    /// The sign-in vault (the OS keyring) failed.
    #[error(transparent)]
    Vault(#[from] vault::Error),
    /// A login line, auth file or pull secret could not be made or written.
    #[error(transparent)]
    Credentials(#[from] credentials::Error),
    /// Quay refused or could not be reached.
    #[error(transparent)]
    Quay(#[from] quay::Error),
    /// A certificate could not be read, checked, made or saved.
    #[error(transparent)]
    Certs(#[from] certs::Error),
    /// A connection change or removal was refused because the OS keyring did not answer: the
    /// connection is kept as it was, so its saved sign-in is not left in the keyring unseen.
    #[error("{source} {kept}")]
    KeptForKeyring {
        /// The keyring's failure.
        source: auth::Error,
        /// What was kept, as a sentence.
        kept: &'static str,
    },
    /// The Credentials page needs a registry sign-in the connection does not have.
    #[error(
        "Sign in to {connection} on the Registries page first: its credentials are what is shown here."
    )]
    NotSignedIn {
        /// The connection's name.
        connection: String,
    },
    /// The Access page needs the connection's OpenShift or OIDC sign-in.
    #[error("{}", sign_in_required(connection, *expired))]
    SignInRequired {
        /// The connection's name.
        connection: String,
        /// The sign-in existed and expired (else there is none).
        expired: bool,
    },
    /// The Access page works on OpenShift connections only.
    #[error(
        "Connection {connection} is not an OpenShift cluster; the Access page works on OpenShift connections."
    )]
    NotOpenShift {
        /// The connection's name.
        connection: String,
    },
    /// The Quay page works on Quay connections only.
    #[error("Connection {connection} is not a Quay; the Quay page works on Quay connections.")]
    NotQuay {
        /// The connection's name.
        connection: String,
    },
    /// A tag expiration asked for a time already past (Quay answers it with a bare 400).
    #[error("The expiration of tag {tag} must be in the future.")]
    ExpirationInPast {
        /// The tag.
        tag: String,
    },
    /// Signed in to a Quay with a robot account or a password, which its registry takes but
    /// its API does not.
    #[error(
        "{connection} is signed in as {username}, for pulling and pushing only: Quay's API needs an OAuth access token. Sign in with a token."
    )]
    QuayTokenRequired {
        /// The connection's name.
        connection: String,
        /// Who it is signed in as.
        username: String,
    },
    /// No home directory to find Docker's or Podman's auth file in.
    #[error("The auth file's location is unknown: HOME is not set.")]
    NoHome,
}

fn sign_in_required(connection: &str, expired: bool) -> String {
    if expired {
        format!("Your sign-in to {connection} has expired: sign in again.")
    } else {
        format!("You are not signed in to {connection}: sign in first.")
    }
}

impl Error {
    /// Said when a connection edit is refused for the keyring.
    pub(crate) const NOT_CHANGED: &'static str =
        "The connection was not changed, so that its saved sign-in is not left in the keyring.";
    /// Said when a connection removal is refused for the keyring.
    pub(crate) const NOT_REMOVED: &'static str =
        "The connection was not removed, so that its saved sign-in is not left in the keyring.";

    /// `error` as it stands, or, when the keyring refused, [`Error::KeptForKeyring`] saying
    /// that `kept` happened.
    pub(crate) fn kept_for_keyring(error: auth::Error, kept: &'static str) -> Self {
        if matches!(error, auth::Error::Keyring { .. }) {
            Self::KeptForKeyring {
                source: error,
                kept,
            }
        } else {
            Self::Auth(error)
        }
    }

    /// What the UI does about the console's own refusals; `None` for an area crate's failure,
    /// which says its own code.
    pub fn own_code(&self) -> Option<ErrorCode> {
        match self {
            Self::Connections(_)
            | Self::Registry(_)
            | Self::Cluster(_)
            | Self::Auth(_)
            | Self::Vault(_)
            | Self::Credentials(_)
            | Self::Quay(_)
            | Self::Certs(_) => None,
            Self::KeptForKeyring { .. } => Some(ErrorCode::KeyringUnavailable),
            Self::NotSignedIn { .. } | Self::SignInRequired { .. } => {
                Some(ErrorCode::SignInRequired)
            }
            Self::NotOpenShift { .. } | Self::NotQuay { .. } => Some(ErrorCode::InvalidInput),
            Self::ExpirationInPast { .. } => Some(ErrorCode::InvalidInput),
            Self::QuayTokenRequired { .. } => Some(ErrorCode::SignInRequired),
            Self::NoHome => Some(ErrorCode::Other),
        }
    }
}
