//! Why a sign-in, a refresh or a stored session failed, with the context the user needs.
//!
//! No variant ever holds a token, a password or a refresh token: URLs here never carry the
//! redirect fragment (where OpenShift puts the token), and a provider's reply is kept only as
//! its `error` and `error_description` fields.

use std::time::Duration;

/// The result of an auth call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why signing in (or staying signed in) failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL typed for the cluster API or the issuer is unusable.
    #[error("\"{url}\" is not a usable URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The connection's CA bundle cannot be read or holds no certificate.
    #[error("the CA bundle {path} cannot be used: {reason}")]
    CaBundle {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be built (TLS setup).
    #[error("could not set up HTTPS for {url}")]
    ClientSetup {
        /// The server.
        url: String,
        /// The HTTP layer's reason (no usable TLS roots).
        #[source]
        source: net::Error,
    },
    /// The server could not be reached (refused, DNS, timeout, TLS failure).
    #[error("{url} could not be reached: {reason}")]
    Unreachable {
        /// The URL asked for.
        url: String,
        /// Why, in words (the innermost OS or TLS reason).
        reason: String,
    },
    /// The discovery document is missing, not JSON, or lacks a required endpoint.
    #[error("the discovery document at {url} is not usable: {reason}")]
    InvalidDiscovery {
        /// The document's URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A discovery document named an endpoint that is not https (and not on this machine)
    /// for what must not cross the network in the clear: a password, a code, tokens. Nothing
    /// was sent there, and the browser was not opened.
    #[error(
        "{endpoint} is not https: {what} would cross the network unencrypted, so nothing was sent{}",
        reached_over_https.as_deref().map(|c| format!(" ({c} itself was reached over https)")).unwrap_or_default()
    )]
    Cleartext {
        /// The endpoint, without its query.
        endpoint: String,
        /// What would have gone there ("your password", "sign-in codes and tokens").
        what: String,
        /// The cluster API URL or issuer the user gave, when it is https.
        reached_over_https: Option<String>,
    },
    /// The user name or password was refused (401 to the Basic credentials).
    #[error("the user name or password was not accepted by {url}")]
    WrongPassword {
        /// The authorization endpoint.
        url: String,
    },
    /// The server did not offer a Basic challenge, so user name and password cannot be used
    /// (the identity provider does not allow challenges, or the request was refused as CSRF).
    #[error("{url} does not accept a user name and password: {reason}")]
    ChallengeRefused {
        /// The authorization endpoint.
        url: String,
        /// What the server said (its `Warning` header) or did.
        reason: String,
    },
    /// The OAuth server or provider answered with an OAuth error (`error`, `error_description`).
    #[error("{url} refused the sign-in: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Provider {
        /// The endpoint that answered.
        url: String,
        /// The HTTP status, when the error came in a reply rather than a redirect.
        status: Option<u16>,
        /// The OAuth `error` code (`invalid_grant`, `access_denied`, ...).
        error: String,
        /// The provider's `error_description`, when given.
        description: Option<String>,
    },
    /// The refresh token is no longer valid (`invalid_grant`): the grant is gone, for example
    /// because a used refresh token was replayed and the provider revoked the whole grant.
    /// The user must sign in again.
    #[error("the sign-in at {url} has ended; sign in again{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    GrantRevoked {
        /// The token endpoint.
        url: String,
        /// The provider's `error_description`, when given.
        description: Option<String>,
    },
    /// The token was refused by the API (401): expired, revoked or never valid.
    #[error("the token was not accepted by {url} (HTTP {status}); sign in again")]
    InvalidToken {
        /// The API URL.
        url: String,
        /// The status (401).
        status: u16,
        /// The server's `Status` message, when it sent one.
        message: Option<String>,
    },
    /// The server answered with a status this client does not expect.
    #[error("{url} answered HTTP {status}{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Unexpected {
        /// The URL asked for.
        url: String,
        /// The status.
        status: u16,
        /// The server's own message (a Kubernetes `Status` message, or the start of the body).
        message: Option<String>,
    },
    /// A reply could not be understood (not JSON, a field missing, a redirect without token).
    #[error("the reply of {url} could not be understood: {reason}")]
    BadResponse {
        /// The URL asked for.
        url: String,
        /// What was wrong.
        reason: String,
    },
    /// The browser came back with an `iss` that is not the provider's (RFC 9207 mix-up defence).
    #[error("the browser's reply comes from {got}, not from {expected}")]
    IssuerMismatch {
        /// The issuer signed in to.
        expected: String,
        /// The `iss` parameter received.
        got: String,
    },
    /// Nobody finished the sign-in in the browser in time.
    #[error("the sign-in in the browser was not finished within {} s", after.as_secs())]
    TimedOut {
        /// How long the app waited.
        after: Duration,
    },
    /// The user cancelled the sign-in.
    #[error("the sign-in was cancelled")]
    Cancelled,
    /// The loopback listener for the browser's redirect could not be set up or used.
    #[error("the redirect listener on 127.0.0.1 failed: {reason}")]
    Callback {
        /// Why.
        reason: String,
    },
    /// The system browser could not be opened.
    #[error("the browser could not be opened: {reason}")]
    BrowserNotOpened {
        /// Why.
        reason: String,
    },
    /// The ID token's signature or claims do not check out.
    #[error("the ID token from {issuer} is not valid: {reason}")]
    InvalidIdToken {
        /// The issuer.
        issuer: String,
        /// What failed (signature, `iss`, `aud`, `exp`, `nonce`).
        reason: String,
    },
    /// The OS keyring could not store, read or delete the session.
    #[error("the sign-in could not be kept in the OS keyring: {source}")]
    Keyring {
        /// The vault's reason (its kind tells unavailable from locked).
        #[source]
        source: vault::Error,
    },
    /// The stored session could not be read back (written by another version, or damaged).
    #[error("the stored sign-in of connection {connection_id} is unreadable: {reason}")]
    StoredSession {
        /// The connection.
        connection_id: String,
        /// What was wrong (never the content).
        reason: String,
    },
    /// The connection has no stored sign-in.
    #[error("connection {connection_id} is not signed in")]
    NotSignedIn {
        /// The connection.
        connection_id: String,
    },
    /// No kubeconfig file exists where it was looked for.
    #[error("no kubeconfig found at {}", paths.join(", "))]
    KubeconfigNotFound {
        /// The paths looked at.
        paths: Vec<String>,
    },
    /// A kubeconfig file (or a file it names, such as a `tokenFile`) cannot be read.
    #[error("cannot read {path}: {reason}")]
    KubeconfigUnreadable {
        /// The file.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// A kubeconfig file is not a kubeconfig (YAML syntax, a field of the wrong type).
    #[error("{path} is not a valid kubeconfig: {reason}")]
    KubeconfigInvalid {
        /// The file.
        path: String,
        /// What is wrong, with the line and column; never the file's content (a token
        /// could be where the parse failed).
        reason: String,
    },
    /// The kubeconfig has no context of this name (it changed since it was listed).
    #[error("the kubeconfig ({}) has no context \"{context}\"", files.join(", "))]
    ContextNotFound {
        /// The context asked for.
        context: String,
        /// The files read.
        files: Vec<String>,
    },
    /// The context cannot become a connection.
    #[error("the context \"{context}\" cannot be imported: {problem}")]
    ContextUnusable {
        /// The context.
        context: String,
        /// Why.
        problem: crate::kubeconfig::KubeProblem,
    },
    /// The imported connection could not be saved (its name is taken, its URL unusable, the
    /// settings file not written).
    #[error(transparent)]
    Settings(#[from] connections::Error),
    /// The imported context's CA could not be written to the app's CA store.
    #[error(transparent)]
    CaStore(#[from] certs::Error),
    /// There is no sign-in waiting for the "this session only" choice.
    #[error("there is no sign-in waiting to be kept for connection {connection_id}")]
    NothingPending {
        /// The connection.
        connection_id: String,
    },
}

impl Error {
    /// An [`Error::Unreachable`] from a failed request, with the innermost reason (the OS's
    /// "connection refused", rustls' certificate complaint) in words.
    pub(crate) fn unreachable(url: &str, error: &reqwest::Error) -> Self {
        let mut reason = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(s) = source {
            reason = s.to_string();
            source = s.source();
        }
        if error.is_timeout() {
            reason = format!("timed out ({reason})");
        }
        Self::Unreachable {
            url: url.to_owned(),
            reason,
        }
    }

    /// An [`Error::BadResponse`].
    pub(crate) fn bad_response(url: &str, reason: impl Into<String>) -> Self {
        Self::BadResponse {
            url: url.to_owned(),
            reason: reason.into(),
        }
    }

    /// What the UI does about it: a field, a sign-in, the keyring's "this session only"
    /// offer, or nothing special (the sign-in dialog shows the provider's words).
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::InvalidUrl { .. } => C::InvalidUrl,
            Self::CaBundle { .. } => C::InvalidCaBundle,
            Self::ClientSetup { .. } => C::TlsFailure,
            Self::Unreachable { .. } => C::Unreachable,
            Self::InvalidToken { .. } | Self::GrantRevoked { .. } | Self::NotSignedIn { .. } => {
                C::SignInRequired
            }
            // Nobody finished it in the browser: the dialog goes back to its choices.
            Self::TimedOut { .. } | Self::Cancelled => C::Cancelled,
            Self::Keyring { .. } => C::KeyringUnavailable,
            Self::NothingPending { .. } | Self::ContextNotFound { .. } => C::NotFound,
            Self::KubeconfigNotFound { .. }
            | Self::KubeconfigUnreadable { .. }
            | Self::KubeconfigInvalid { .. }
            | Self::ContextUnusable { .. } => C::InvalidInput,
            // The import saves a connection and its CA as the Connections and Certificates
            // pages do: the same refusals, under the same fields.
            Self::Settings(inner) => inner.code(),
            Self::CaStore(inner) => inner.code(),
            Self::InvalidDiscovery { .. }
            | Self::WrongPassword { .. }
            | Self::ChallengeRefused { .. }
            | Self::Provider { .. }
            | Self::Unexpected { .. }
            | Self::BadResponse { .. }
            | Self::Cleartext { .. }
            | Self::IssuerMismatch { .. }
            | Self::Callback { .. }
            | Self::BrowserNotOpened { .. }
            | Self::InvalidIdToken { .. }
            | Self::StoredSession { .. } => C::Other,
        }
    }

    /// The provider's own words, for the UI's detail line: `error: error_description`, or the
    /// server's `Status` message.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Settings(inner) => inner.detail(),
            Self::CaStore(inner) => inner.detail(),
            Self::Provider {
                error, description, ..
            } => Some(match description {
                Some(d) => format!("{error}: {d}"),
                None => error.clone(),
            }),
            Self::GrantRevoked { description, .. } => Some(match description {
                Some(d) => format!("invalid_grant: {d}"),
                None => "invalid_grant".to_owned(),
            }),
            Self::InvalidToken { message, .. } | Self::Unexpected { message, .. } => {
                message.clone()
            }
            Self::Keyring { source } => Some(source.to_string()),
            Self::ClientSetup { source, .. } => Some(source.to_string()),
            _ => None,
        }
    }
}
