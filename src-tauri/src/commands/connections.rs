//! Saved connections and preferences: adapters over `connections::SettingsStore`.

use std::sync::Mutex;

use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, Preferences, SettingsStore};
use ipc::CommandError;
use tauri::State;

use super::registry::Registries;

type Store<'a> = State<'a, Mutex<SettingsStore>>;

use super::lock;

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

/// Removes a connection from the settings and its sign-in from the OS keyring (nothing on
/// the server changes). When the keyring refuses (locked, no answer), the connection is kept,
/// so that its keyring entry is not left behind unseen.
#[tauri::command]
pub async fn connection_remove(
    store: Store<'_>,
    registries: State<'_, Registries>,
    id: String,
) -> Result<(), CommandError> {
    if let Err(error) = registries.forget(&id).await {
        let error = CommandError::from(error);
        return Err(CommandError {
            message: format!(
                "{} The connection was not removed, so that its saved sign-in is not left in the keyring.",
                error.message
            ),
            ..error
        });
    }
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
