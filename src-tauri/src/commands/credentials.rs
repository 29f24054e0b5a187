//! The Credentials page: adapters over the `credentials` crate, fed with the sign-in the
//! vault keeps for a registry connection.

use std::sync::Mutex;

use connections::SettingsStore;
use credentials::model::{
    AuthFileKind, AuthFilePreview, AuthFileWritten, LoginLines, PullSecret, PullSecretRequest,
};
use credentials::paths::{Env, auth_file_path};
use ipc::CommandError;
use tauri::State;
use vault::BasicCredentials;

use super::registry::Registries;

/// The connection's registry key and its signed-in credentials.
async fn signed_in(
    settings: &State<'_, Mutex<SettingsStore>>,
    registries: &State<'_, Registries>,
    connection_id: &str,
) -> Result<(String, BasicCredentials), CommandError> {
    let connection = super::connection(settings, connection_id)?;
    let key = credentials::login::registry_key(&connection.url)?;
    let bound_to = connection.clone();
    let found = registries.vault(move |vault| vault.load(&bound_to)).await?;
    match found {
        Some((credentials, _)) => Ok((key, credentials)),
        None => Err(CommandError::not_signed_in(&connection.name)),
    }
}

fn path_of(kind: AuthFileKind) -> Result<(std::path::PathBuf, String), CommandError> {
    auth_file_path(kind, &Env::from_process()).ok_or_else(CommandError::no_home)
}

/// `docker login` and `podman login` lines for a signed-in connection.
#[tauri::command]
pub async fn credentials_login_lines(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<LoginLines, CommandError> {
    let (key, credentials) = signed_in(&settings, &registries, &connection_id).await?;
    Ok(credentials::login::login_lines(&key, &credentials)?)
}

/// What writing the connection's entry into Docker's or Podman's auth file would do.
#[tauri::command]
pub async fn credentials_auth_file_preview(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    kind: AuthFileKind,
) -> Result<AuthFilePreview, CommandError> {
    let (key, credentials) = signed_in(&settings, &registries, &connection_id).await?;
    let (path, reason) = path_of(kind)?;
    Ok(credentials::preview(
        kind,
        &path,
        &reason,
        &key,
        &credentials,
    )?)
}

/// Writes the connection's entry into Docker's or Podman's auth file (after the user confirmed
/// the preview): merged, atomic, with a backup of the previous file.
#[tauri::command]
pub async fn credentials_auth_file_write(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    kind: AuthFileKind,
) -> Result<AuthFileWritten, CommandError> {
    let (key, credentials) = signed_in(&settings, &registries, &connection_id).await?;
    let (path, _) = path_of(kind)?;
    Ok(credentials::write(kind, &path, &key, &credentials)?)
}

/// A `kubernetes.io/dockerconfigjson` pull secret for the connection's registry.
#[tauri::command]
pub async fn credentials_pull_secret(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    request: PullSecretRequest,
) -> Result<PullSecret, CommandError> {
    let (key, credentials) = signed_in(&settings, &registries, &connection_id).await?;
    Ok(credentials::pull_secret::pull_secret(
        &key,
        &credentials,
        &request,
    )?)
}

/// The auth-file key and credentials for a token the user minted (a service account's), typed
/// registry and all: nothing of it is kept after the call.
fn token_credentials(
    registry: &str,
    username: &str,
    token: String,
) -> Result<(String, BasicCredentials), CommandError> {
    let key = credentials::login::registry_key(registry.trim())?;
    credentials::login::check_username(username)?;
    Ok((key, BasicCredentials::new(username, token)))
}

/// What writing a minted token for `registry` into Docker's or Podman's auth file would do.
#[tauri::command]
pub async fn credentials_token_auth_file_preview(
    registry: String,
    username: String,
    token: String,
    kind: AuthFileKind,
) -> Result<AuthFilePreview, CommandError> {
    let (key, credentials) = token_credentials(&registry, &username, token)?;
    let (path, reason) = path_of(kind)?;
    Ok(credentials::preview(
        kind,
        &path,
        &reason,
        &key,
        &credentials,
    )?)
}

/// Writes a minted token for `registry` into Docker's or Podman's auth file (after the user
/// confirmed the preview): merged, atomic, with a backup of the previous file.
#[tauri::command]
pub async fn credentials_token_auth_file_write(
    registry: String,
    username: String,
    token: String,
    kind: AuthFileKind,
) -> Result<AuthFileWritten, CommandError> {
    let (key, credentials) = token_credentials(&registry, &username, token)?;
    let (path, _) = path_of(kind)?;
    Ok(credentials::write(kind, &path, &key, &credentials)?)
}
