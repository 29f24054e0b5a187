//! Errors of building a client.

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What can go wrong while making a client for a connection.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection's CA bundle could not be read or holds no certificate.
    #[error("cannot use the CA bundle {path}: {reason}")]
    CaBundle {
        /// The file named in the connection.
        path: String,
        /// Why, in words.
        reason: String,
    },

    /// The HTTP client could not be made (no usable TLS roots, an invalid setting).
    #[error("cannot set up a client for {url}: {reason}")]
    ClientSetup {
        /// The connection's URL.
        url: String,
        /// Why, in words.
        reason: String,
    },
}
