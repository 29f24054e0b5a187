//! What the activity log's calls can fail with.

use std::path::PathBuf;

use codes::ErrorCode;

/// The result of an activity log call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the activity log could not be written, read or exported.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The log's directory or file could not be created, opened, written or synced (disk
    /// full, no permission). The change that was being recorded is not undone for it.
    #[error("the activity log {path} could not be written: {source}")]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A log file could not be read.
    #[error("the activity log {path} could not be read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The export file could not be written (its directory missing or read-only, disk full).
    #[error("the export {path} could not be written: {source}")]
    Export {
        /// The file asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The export path is not absolute (the save dialog always gives an absolute one).
    #[error("the export path {path} is not absolute")]
    RelativeExportPath {
        /// The path given.
        path: PathBuf,
    },
    /// A time of the filter is not an RFC 3339 time.
    #[error("{value} is not a time (RFC 3339, such as 2026-01-31T09:00:00Z)")]
    InvalidTime {
        /// The value given.
        value: String,
    },
}

impl Error {
    /// The system's reason, shown under the message.
    pub fn detail(&self) -> Option<String> {
        std::error::Error::source(self).map(ToString::to_string)
    }

    /// What the UI does about it: a bad filter is shown at the filter, the rest where the user
    /// acted, with the message.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidTime { .. } | Self::RelativeExportPath { .. } => ErrorCode::InvalidInput,
            Self::Write { .. } | Self::Read { .. } | Self::Export { .. } => ErrorCode::Other,
        }
    }
}
