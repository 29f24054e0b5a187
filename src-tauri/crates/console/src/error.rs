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
    /// The activity log could not be read or exported (a write failure is never an error of
    /// the change: it is a warning).
    #[error(transparent)]
    Audit(#[from] audit::Error),
    /// A registry's health check or metrics scrape failed, or its debug address is unusable.
    #[error(transparent)]
    Health(#[from] health::Error),
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
    /// An imported pull secret file is no longer kept (too many imports since, or closed).
    #[error("The imported pull secret file is no longer open: open it again.")]
    ImportGone,
    /// The imported file has no usable entry for this registry.
    #[error("The imported pull secret file has no usable entry for {registry}.")]
    ImportEntryMissing {
        /// The registry asked for.
        registry: String,
    },
    /// An imported entry was to be saved as the sign-in of a connection to another registry.
    #[error(
        "The entry is for {registry}, but {connection} is a connection to {connection_registry}: its credentials are only given to {registry}. Choose a connection to {registry}, or add one."
    )]
    ImportOtherRegistry {
        /// The entry's registry key.
        registry: String,
        /// The connection's name.
        connection: String,
        /// The connection's registry key.
        connection_registry: String,
    },
    /// A repository was to be opened by name on a connection that is not a registry.
    #[error(
        "Connection {connection} is not a registry; repositories are opened by name on registry connections."
    )]
    NotARegistry {
        /// The connection's name.
        connection: String,
    },
    /// The name typed to open a repository is not a repository name.
    #[error(
        "\"{value}\" is not a repository name: lowercase letters and digits, separated by `.`, `_`, `__` or `-`, in parts joined by `/`, such as namespace/name."
    )]
    InvalidRepositoryName {
        /// The name as typed (without surrounding spaces).
        value: String,
    },
    /// A registry connection linked to a cluster has no sign-in of its own.
    #[error(
        "{connection} signs in with its cluster's login: sign in to the OpenShift connection instead."
    )]
    LinkedSignIn {
        /// The registry connection's name.
        connection: String,
    },
    /// The registry-API manifest delete is not offered on the cluster's registry.
    #[error(
        "On {connection}, tags are removed through the image API (as oc tag -d does): deleting the manifest in the registry would leave the image stream pointing at it. OpenShift removes unused images with oc adm prune images."
    )]
    RegistryDeleteNotOffered {
        /// The registry connection's name.
        connection: String,
    },
    /// An image API call on a registry connection that is not linked to a cluster.
    #[error("{connection} is not linked to an OpenShift connection.")]
    NotLinked {
        /// The registry connection's name.
        connection: String,
    },
    /// A repository of the integrated registry is `<project>/<image stream>`.
    #[error(
        "{repository} is not a repository of the cluster's registry (<project>/<image stream>)."
    )]
    NotClusterRepository {
        /// The repository as given.
        repository: String,
    },
    /// The host asked for is not one the cluster names as its external, TLS registry host.
    #[error("{host} is not an external registry host name that {connection} gives.")]
    NoRegistryHost {
        /// The cluster connection's name.
        connection: String,
        /// The host asked for.
        host: String,
    },
    /// The system clipboard refused the copy (no display, another program holding it).
    #[error("The clipboard could not be written: {reason}")]
    Clipboard {
        /// The clipboard's own words (never the text being copied).
        reason: String,
    },
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
            | Self::Certs(_)
            | Self::Audit(_)
            | Self::Health(_) => None,
            Self::KeptForKeyring { .. } => Some(ErrorCode::KeyringUnavailable),
            Self::NotSignedIn { .. } | Self::SignInRequired { .. } => {
                Some(ErrorCode::SignInRequired)
            }
            Self::NotOpenShift { .. } | Self::NotQuay { .. } => Some(ErrorCode::InvalidInput),
            Self::ExpirationInPast { .. } => Some(ErrorCode::InvalidInput),
            Self::QuayTokenRequired { .. } => Some(ErrorCode::SignInRequired),
            Self::NoHome => Some(ErrorCode::Other),
            Self::ImportGone
            | Self::ImportEntryMissing { .. }
            | Self::ImportOtherRegistry { .. } => Some(ErrorCode::InvalidInput),
            Self::NotARegistry { .. } | Self::InvalidRepositoryName { .. } => {
                Some(ErrorCode::InvalidInput)
            }
            Self::LinkedSignIn { .. }
            | Self::NotLinked { .. }
            | Self::NotClusterRepository { .. }
            | Self::NoRegistryHost { .. } => Some(ErrorCode::InvalidInput),
            Self::RegistryDeleteNotOffered { .. } => Some(ErrorCode::DeleteDisabled),
            Self::Clipboard { .. } => Some(ErrorCode::Other),
        }
    }
}
