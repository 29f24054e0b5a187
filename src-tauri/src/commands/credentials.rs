//! The Credentials page: adapters over the console's credentials calls, fed with the sign-in
//! a registry connection keeps or a token the user minted.

use console::Console;
use credentials::model::{
    AuthFileKind, AuthFilePreview, AuthFileWritten, LoginLines, PullSecret, PullSecretRequest,
};
use ipc::CommandError;
use tauri::State;

/// `docker login` and `podman login` lines for a signed-in connection, their secret masked:
/// the secret is fetched only when the user reveals or copies a line (`secret_reveal`).
#[tauri::command]
pub async fn credentials_login_lines(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<LoginLines, CommandError> {
    Ok(console.login_lines(&connection_id).await?)
}

/// What writing the connection's entry into Docker's or Podman's auth file would do.
#[tauri::command]
pub async fn credentials_auth_file_preview(
    console: State<'_, Console>,
    connection_id: String,
    kind: AuthFileKind,
) -> Result<AuthFilePreview, CommandError> {
    Ok(console.auth_file_preview(&connection_id, kind).await?)
}

/// Writes the connection's entry into Docker's or Podman's auth file (after the user confirmed
/// the preview): merged, atomic, with a backup of the previous file.
#[tauri::command]
pub async fn credentials_auth_file_write(
    console: State<'_, Console>,
    connection_id: String,
    kind: AuthFileKind,
) -> Result<AuthFileWritten, CommandError> {
    Ok(console.auth_file_write(&connection_id, kind).await?)
}

/// A `kubernetes.io/dockerconfigjson` pull secret for the connection's registry.
#[tauri::command]
pub async fn credentials_pull_secret(
    console: State<'_, Console>,
    connection_id: String,
    request: PullSecretRequest,
) -> Result<PullSecret, CommandError> {
    Ok(console.pull_secret(&connection_id, &request).await?)
}

/// What writing a minted token for `registry` into Docker's or Podman's auth file would do.
#[tauri::command]
pub async fn credentials_token_auth_file_preview(
    console: State<'_, Console>,
    registry: String,
    username: String,
    token: String,
    kind: AuthFileKind,
) -> Result<AuthFilePreview, CommandError> {
    Ok(console.token_auth_file_preview(&registry, &username, token, kind)?)
}

/// Writes a minted token for `registry` into Docker's or Podman's auth file (after the user
/// confirmed the preview): merged, atomic, with a backup of the previous file.
#[tauri::command]
pub async fn credentials_token_auth_file_write(
    console: State<'_, Console>,
    registry: String,
    username: String,
    token: String,
    kind: AuthFileKind,
) -> Result<AuthFileWritten, CommandError> {
    Ok(console.token_auth_file_write(&registry, &username, token, kind)?)
}
