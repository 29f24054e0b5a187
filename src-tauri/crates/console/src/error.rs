//! What the console's calls can fail with: the failure of the area crate that did the work,
//! unchanged, so the UI receives the same `code` it received before the console existed.

/// The result of a console call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a console call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The registry refused or could not be reached, or the connection cannot be a registry.
    #[error(transparent)]
    Registry(#[from] registry::Error),
    /// The sign-in vault (the OS keyring) failed.
    #[error(transparent)]
    Vault(#[from] vault::Error),
}
