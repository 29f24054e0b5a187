//! Errors of the connections crate. Each names what went wrong with the context a user needs.

use std::path::PathBuf;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What can go wrong while checking, loading or saving connections.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection has no name (or only spaces).
    #[error("a connection needs a name")]
    EmptyName,

    /// Another connection already has this name; names identify connections in the UI.
    #[error("a connection named \"{name}\" already exists")]
    DuplicateName {
        /// The name asked for.
        name: String,
    },

    /// The URL cannot be used to reach a server.
    #[error("\"{url}\" is not a usable URL: {reason}")]
    InvalidUrl {
        /// The URL as typed.
        url: String,
        /// Why it was refused, in words.
        reason: String,
    },

    /// The extra CA bundle file could not be read.
    #[error("cannot read the CA bundle {path}: {source}")]
    CaBundleUnreadable {
        /// The file named by the user.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// The CA bundle file was read but holds no usable certificate.
    #[error("the CA bundle {path} holds no PEM or DER certificate{}", reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default())]
    CaBundleWithoutCertificate {
        /// The file named by the user.
        path: PathBuf,
        /// What the parser said, when it said something.
        reason: Option<String>,
    },

    /// A registry connection cannot be linked as asked.
    #[error("cannot link the registry connection to a cluster: {reason}")]
    InvalidLink {
        /// Why, in words.
        reason: String,
    },

    /// No connection has this id (it was removed in the meantime).
    #[error("no connection with id {id}")]
    NotFound {
        /// The id asked for.
        id: String,
    },

    /// The settings file could not be written; nothing was changed on disk.
    #[error("cannot save the settings file {path}: {source}")]
    Write {
        /// The settings file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },

    /// Saving is refused because the file on disk could not be understood and could not be
    /// moved aside: writing now would destroy it.
    #[error("the settings file {path} is kept read-only: {reason}")]
    ReadOnly {
        /// The settings file.
        path: PathBuf,
        /// Why it is not written.
        reason: String,
    },
}

impl Error {
    /// What the UI does about it: the form field it belongs under, a reload, or nothing
    /// special.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::EmptyName | Self::DuplicateName { .. } => C::InvalidName,
            Self::InvalidUrl { .. } => C::InvalidUrl,
            Self::CaBundleUnreadable { .. } | Self::CaBundleWithoutCertificate { .. } => {
                C::InvalidCaBundle
            }
            Self::NotFound { .. } => C::NotFound,
            Self::InvalidLink { .. } => C::InvalidInput,
            Self::Write { .. } | Self::ReadOnly { .. } => C::Other,
        }
    }

    /// The operating system's reason, for the UI's detail line.
    pub fn detail(&self) -> Option<String> {
        std::error::Error::source(self).map(ToString::to_string)
    }
}
