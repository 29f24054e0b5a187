//! Errors of the health checks and metrics scrapes. Each variant names the URL it was about
//! and what went wrong in words; none holds the metrics secret (it is never formatted, and a
//! reply body is quoted only from servers that were sent no secret or refused it).

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What can go wrong while checking a registry's health or reading its metrics.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection's HTTP client could not be made (its CA bundle, no TLS roots).
    #[error(transparent)]
    Client(#[from] net::Error),

    /// The debug address the user gave is not a usable `host:port` or http(s) URL.
    #[error("the debug address {address:?} cannot be used: {reason}")]
    InvalidDebugAddress {
        /// What the user typed.
        address: String,
        /// Why, in words.
        reason: String,
    },

    /// The server could not be reached (refused, DNS, reset, timeout).
    #[error("{url} could not be reached: {reason}")]
    Unreachable {
        /// The URL asked.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// The TLS handshake failed (an untrusted CA, a wrong host name).
    #[error("the TLS handshake with {url} failed: {reason}")]
    Tls {
        /// The URL asked.
        url: String,
        /// rustls' reason.
        reason: String,
    },

    /// The reply is larger than the cap for its kind, or broke off.
    #[error("the reply of {url} could not be read: {reason}")]
    Body {
        /// The URL asked.
        url: String,
        /// Why, in words (the cap, or the broken connection).
        reason: String,
    },

    /// The reply is not what the endpoint sends (not JSON, not the Prometheus text format).
    #[error("the reply of {url} is not understood: {reason}")]
    BadResponse {
        /// The URL asked.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// The server answered with a redirect, which is not followed: the metrics secret (or a
    /// health probe) must not be carried to another place the server names.
    #[error("{url} answered with a redirect to {location:?}, which is not followed")]
    Redirected {
        /// The URL asked.
        url: String,
        /// Where the server pointed (its `Location` header, capped).
        location: String,
    },

    /// The metrics secret would have travelled in cleartext to a server the user reached over
    /// https (an http URL for an https connection, a non-loopback http host).
    #[error("the metrics secret is not sent to {url}: {reason}")]
    CleartextRefused {
        /// The URL that would have received it.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// The OpenShift registry's metrics need the metrics secret, and none is saved.
    #[error("{url} needs the registry's metrics secret, and none is saved for this connection")]
    MetricsSecretRequired {
        /// The metrics URL.
        url: String,
    },

    /// The metrics secret was refused (401 or 403).
    #[error("{url} refused the metrics secret (HTTP {status})")]
    MetricsSecretRefused {
        /// The metrics URL.
        url: String,
        /// The status it answered with.
        status: u16,
    },

    /// The endpoint is not there (404): the registry does not serve it (metrics not
    /// enabled, or not this kind of registry).
    #[error("{url} is not offered by this server (HTTP {status})")]
    NotOffered {
        /// The URL asked.
        url: String,
        /// The status (404, or 405).
        status: u16,
    },

    /// The server answered with an error status of its own.
    #[error("{url} answered HTTP {status}{}", excerpt_suffix(.excerpt))]
    Status {
        /// The URL asked.
        url: String,
        /// The status.
        status: u16,
        /// The start of its body (capped), when there was one.
        excerpt: String,
    },
}

fn excerpt_suffix(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!(": {excerpt}")
    }
}

/// Which kind of failure a check had, for the UI to say it in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum FailureKind {
    /// Not reached at all.
    Unreachable,
    /// The TLS handshake failed.
    Tls,
    /// The reply was too large, broke off, or is not understood.
    BadResponse,
    /// A redirect was not followed.
    Redirected,
    /// The endpoint is not offered (404).
    NotOffered,
    /// The server answered with an error status.
    ServerError,
    /// The metrics secret is missing or was refused, or would have gone in cleartext.
    Secret,
    /// The address the user gave cannot be used.
    InvalidAddress,
    /// Anything else (the client could not be made, the keyring).
    Other,
}

impl Error {
    /// The code the UI branches on.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::Client(_) => C::TlsFailure,
            Self::InvalidDebugAddress { .. } => C::InvalidInput,
            Self::Unreachable { .. } => C::Unreachable,
            Self::Tls { .. } => C::TlsFailure,
            Self::Body { .. } | Self::BadResponse { .. } | Self::Redirected { .. } => {
                C::BadResponse
            }
            Self::CleartextRefused { .. } => C::Other,
            Self::MetricsSecretRequired { .. } | Self::MetricsSecretRefused { .. } => {
                C::MetricsSecretRequired
            }
            Self::NotOffered { .. } => C::NotFound,
            Self::Status { .. } => C::ServerError,
        }
    }

    /// More than the message says, for the UI's detail line: none here, as every variant's
    /// message already names the URL and the server's words.
    pub fn detail(&self) -> Option<String> {
        None
    }

    /// The kind of failure, for a check's row.
    pub fn kind(&self) -> FailureKind {
        match self {
            Self::Unreachable { .. } => FailureKind::Unreachable,
            Self::Tls { .. } => FailureKind::Tls,
            Self::Body { .. } | Self::BadResponse { .. } => FailureKind::BadResponse,
            Self::Redirected { .. } => FailureKind::Redirected,
            Self::NotOffered { .. } => FailureKind::NotOffered,
            Self::Status { .. } => FailureKind::ServerError,
            Self::CleartextRefused { .. }
            | Self::MetricsSecretRequired { .. }
            | Self::MetricsSecretRefused { .. } => FailureKind::Secret,
            Self::InvalidDebugAddress { .. } => FailureKind::InvalidAddress,
            Self::Client(_) => FailureKind::Other,
        }
    }
}
