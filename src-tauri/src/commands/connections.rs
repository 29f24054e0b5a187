//! Saved connections and preferences: adapters over the console's settings.

use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, LastView, Preferences};
use console::Console;
use ipc::CommandError;
use tauri::State;

/// The settings in force, the file's path and what happened to an unusable file at start.
#[tauri::command]
pub async fn settings_state(console: State<'_, Console>) -> Result<SettingsState, CommandError> {
    Ok(console.settings_state())
}

/// Checks and saves a new connection.
#[tauri::command]
pub async fn connection_add(
    console: State<'_, Console>,
    draft: ConnectionDraft,
) -> Result<Connection, CommandError> {
    Ok(console.add_connection(&draft)?)
}

/// Checks and saves changes to a connection; a change of its origin or TLS mode forgets its
/// sign-ins, which were given to the old place. When the keyring refuses, nothing is saved.
#[tauri::command]
pub async fn connection_update(
    console: State<'_, Console>,
    id: String,
    draft: ConnectionDraft,
) -> Result<Connection, CommandError> {
    Ok(console.update_connection(&id, &draft).await?)
}

/// Removes a connection with everything it owns: its sign-ins in the OS keyring (the
/// OpenShift or OIDC token revoked at its server) and its CA file. When the keyring refuses,
/// the connection is kept.
#[tauri::command]
pub async fn connection_remove(
    console: State<'_, Console>,
    id: String,
) -> Result<(), CommandError> {
    Ok(console.remove_connection(&id).await?)
}

/// Saves UI preferences.
#[tauri::command]
pub async fn preferences_set(
    console: State<'_, Console>,
    preferences: Preferences,
) -> Result<Preferences, CommandError> {
    Ok(console.set_preferences(preferences)?)
}

/// Saves the page and connection shown, so the next start opens there.
#[tauri::command]
pub async fn view_remember(
    console: State<'_, Console>,
    view: LastView,
) -> Result<(), CommandError> {
    Ok(console.remember_view(view)?)
}
