//! Saved connections and preferences: adapters over `connections::SettingsStore`.

use std::sync::Mutex;

use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, Preferences, SettingsStore};
use ipc::CommandError;
use tauri::State;

type Store<'a> = State<'a, Mutex<SettingsStore>>;

fn lock<'a>(store: &'a Store<'_>) -> std::sync::MutexGuard<'a, SettingsStore> {
    // A panic while holding the lock cannot leave the store half-changed (it changes memory
    // only after the file is written), so a poisoned lock is safe to keep using.
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The settings in force, the file's path and what happened to an unusable file at start.
#[tauri::command]
pub async fn settings_state(store: Store<'_>) -> Result<SettingsState, CommandError> {
    Ok(lock(&store).state())
}

/// Checks and saves a new connection.
#[tauri::command]
pub async fn connection_add(
    store: Store<'_>,
    draft: ConnectionDraft,
) -> Result<Connection, CommandError> {
    Ok(lock(&store).add(&draft)?)
}

/// Checks and saves changes to a connection.
#[tauri::command]
pub async fn connection_update(
    store: Store<'_>,
    id: String,
    draft: ConnectionDraft,
) -> Result<Connection, CommandError> {
    Ok(lock(&store).update(&id, &draft)?)
}

/// Removes a connection from the settings (nothing on the server changes).
#[tauri::command]
pub async fn connection_remove(store: Store<'_>, id: String) -> Result<(), CommandError> {
    Ok(lock(&store).remove(&id)?)
}

/// Saves UI preferences.
#[tauri::command]
pub async fn preferences_set(
    store: Store<'_>,
    preferences: Preferences,
) -> Result<Preferences, CommandError> {
    Ok(lock(&store).set_preferences(preferences)?)
}
