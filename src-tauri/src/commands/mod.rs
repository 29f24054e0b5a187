//! Commands the UI calls, one file per area. Each is an adapter of a few lines.

pub mod app;
pub mod auth;
pub mod certs;
pub mod cluster;
pub mod connections;
pub mod credentials;
pub mod kubeconfig;
pub mod registry;

use std::sync::{Mutex, MutexGuard, PoisonError};

use ::connections::{Connection, SettingsStore};
use ipc::CommandError;
use tauri::State;

/// Locks shared state. A panic while holding a lock cannot leave it half-changed (the settings
/// store changes memory only after the file is written; the caches are rebuilt on demand), so a
/// poisoned lock is safe to keep using.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The saved connection `id`, or `notFound`.
pub(crate) fn connection(
    settings: &State<'_, Mutex<SettingsStore>>,
    id: &str,
) -> Result<Connection, CommandError> {
    lock(settings)
        .settings()
        .connections
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| ::connections::Error::NotFound { id: id.to_owned() }.into())
}
