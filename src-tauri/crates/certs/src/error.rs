//! What can go wrong in the certificate doctor.

/// A failed certificate operation. Never carries key material.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Placeholder until the doctor lands; replaced by the real variants.
    #[error("{message}")]
    Other {
        /// What went wrong.
        message: String,
    },
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
