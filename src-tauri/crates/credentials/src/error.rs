//! What can go wrong with credentials on this laptop. No variant ever holds a secret.

use std::path::PathBuf;

/// The result of a credentials call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a login line, an auth file entry or a pull secret could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Docker and Podman join user and password with a colon in the `auth` field, so a user
    /// name with a colon cannot be stored (registries ignore the name for token logins anyway).
    #[error(
        "The user name \"{username}\" contains a colon (:), which Docker and Podman cannot store; use a user name without one"
    )]
    ColonInUsername {
        /// The refused user name.
        username: String,
    },
    /// The connection's URL does not name a registry host.
    #[error("\"{url}\" does not name a registry host: {reason}")]
    InvalidRegistry {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A Kubernetes name (secret name, namespace) is not valid.
    #[error("\"{value}\" is not a valid {what}: {reason}")]
    InvalidName {
        /// What the name is for ("secret name", "namespace").
        what: &'static str,
        /// The refused value.
        value: String,
        /// Which rule it breaks.
        reason: &'static str,
    },
    /// The auth file could not be read.
    #[error("{path} could not be read")]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The auth file is not valid JSON of the expected shape; it is left as it is.
    #[error("{path} is not a valid auth file ({reason}); it was not changed")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong (a JSON parse position, or a field of the wrong type).
        reason: String,
    },
    /// A credential helper handles this registry: a plain secret is not written beside it.
    #[error(
        "{path} hands the credentials of {key} to the credential helper docker-credential-{helper}; no password was written to the file. Use the login line instead, which stores it through the helper"
    )]
    HelperConfigured {
        /// The file.
        path: PathBuf,
        /// The registry key.
        key: String,
        /// The helper's name (`secretservice`, `pass`, `desktop`).
        helper: String,
    },
    /// A pull secret file to import is larger than anything such a file needs; it was not read.
    #[error(
        "{file} is {size} bytes, larger than the {max} bytes a pull secret file may be; it was not read"
    )]
    ImportTooLarge {
        /// The file's name.
        file: String,
        /// Its size.
        size: u64,
        /// The most read.
        max: u64,
    },
    /// A pull secret file to import cannot be used: why, in words that never quote the file.
    #[error("{file} cannot be imported: {reason}")]
    ImportInvalid {
        /// The file's name.
        file: String,
        /// What is wrong (a field, a line and column; never the content).
        reason: String,
    },
    /// The auth file (or its backup, or its directory) could not be written; the previous
    /// file is unchanged.
    #[error("{path} could not be written; the previous file is unchanged")]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// What the UI does about it: a refused value is shown under its field; an auth file
    /// that cannot be used is shown with its path.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::ColonInUsername { .. }
            | Self::InvalidName { .. }
            | Self::InvalidRegistry { .. }
            | Self::ImportTooLarge { .. }
            | Self::ImportInvalid { .. } => C::InvalidInput,
            Self::Read { .. }
            | Self::Malformed { .. }
            | Self::HelperConfigured { .. }
            | Self::Write { .. } => C::Other,
        }
    }

    /// The operating system's reason, for the UI's detail line.
    pub fn detail(&self) -> Option<String> {
        std::error::Error::source(self).map(ToString::to_string)
    }
}
