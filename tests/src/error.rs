//! The harness's one error type: every failure says which server or step failed and, for a
//! server that did not come up, the tail of its log, so a red test explains itself.

/// What went wrong while starting, driving or stopping a test server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or process operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What the harness was doing.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A server did not become ready, or exited while starting.
    #[error("{server} did not start: {reason}\n--- last lines of its log ---\n{log_tail}")]
    Start {
        /// Which server.
        server: String,
        /// Why the harness gave up (timeout, exit status).
        reason: String,
        /// The end of the server's log.
        log_tail: String,
    },
    /// An HTTP request could not be sent or its reply not read.
    #[error("{context}: {source}")]
    Http {
        /// The request, in words.
        context: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// A server answered something the harness did not expect.
    #[error("{context}: unexpected reply {status}: {body}")]
    Unexpected {
        /// The request, in words.
        context: String,
        /// The HTTP status received.
        status: u16,
        /// The reply body (or the part of it that matters).
        body: String,
    },
    /// Anything else, in words.
    #[error("{0}")]
    Other(String),
}

/// The harness's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An I/O error with what the harness was doing.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    /// An HTTP transport error with the request in words.
    pub fn http(context: impl Into<String>, source: reqwest::Error) -> Self {
        Self::Http {
            context: context.into(),
            source,
        }
    }
}
