//! Saved connections and preferences: adapters over `connections::SettingsStore`.

use std::sync::Mutex;

use auth::revoke::Belongings;
use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, Preferences, SettingsStore};
use ipc::CommandError;
use tauri::State;

use super::auth::Auth;
use super::certs::CaDir;
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

/// Checks and saves changes to a connection; a change of its origin or TLS mode forgets its
/// sign-ins, which were given to the old place. When the keyring refuses, nothing is saved.
#[tauri::command]
pub async fn connection_update(
    store: Store<'_>,
    registries: State<'_, Registries>,
    auth: State<'_, Auth>,
    ca_dir: State<'_, CaDir>,
    id: String,
    draft: ConnectionDraft,
) -> Result<Connection, CommandError> {
    let belongings = Belongings::new(registries.sign_ins(), auth.sessions(), ca_dir.0.clone());
    let result = belongings.update_connection(&store, &id, &draft).await;
    registries.drop_client(&id);
    match result {
        Ok((connection, _)) => Ok(connection),
        Err(error) => Err(kept_because_of_keyring(
            error,
            "The connection was not changed, so that its saved sign-in is not left in the keyring.",
        )),
    }
}

/// Removes a connection from the settings with everything it owns: its sign-ins in the OS
/// keyring (the OpenShift or OIDC token revoked at its server) and its CA file. When the
/// keyring refuses (locked, no answer), the connection is kept, so that its keyring entries
/// are not left behind unseen.
#[tauri::command]
pub async fn connection_remove(
    store: Store<'_>,
    registries: State<'_, Registries>,
    auth: State<'_, Auth>,
    ca_dir: State<'_, CaDir>,
    id: String,
) -> Result<(), CommandError> {
    let belongings = Belongings::new(registries.sign_ins(), auth.sessions(), ca_dir.0.clone());
    registries.drop_client(&id);
    let result = belongings.remove_connection(&store, &id).await;
    registries.drop_client(&id);
    match result {
        Ok(_) => Ok(()),
        Err(error) => Err(kept_because_of_keyring(
            error,
            "The connection was not removed, so that its saved sign-in is not left in the keyring.",
        )),
    }
}

/// The error as the UI receives it; a keyring refusal says why the connection was kept.
fn kept_because_of_keyring(error: auth::Error, why: &str) -> CommandError {
    let keyring = matches!(error, auth::Error::Keyring { .. });
    let error = CommandError::from(error);
    if !keyring {
        return error;
    }
    CommandError {
        message: format!("{} {why}", error.message),
        ..error
    }
}

/// Saves UI preferences.
#[tauri::command]
pub async fn preferences_set(
    store: Store<'_>,
    preferences: Preferences,
) -> Result<Preferences, CommandError> {
    Ok(lock(&store).set_preferences(preferences)?)
}
