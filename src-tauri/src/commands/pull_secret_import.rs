//! Import a pull secret file: adapters over the console's `pull_secret_import` calls. The
//! parsed file stays in the backend; the UI names an entry by the import's id and registry.

use console::Console;
use console::pull_secret_import::PullSecretCreated;
use credentials::import::PullSecretImport;
use credentials::model::{AuthFileKind, AuthFilePreview, AuthFileWritten};
use ipc::CommandError;
use tauri::State;
use vault::{KeptIn, SignedIn};

/// Parses a pull secret file the user opened or pasted (base64) and keeps it.
#[tauri::command]
pub async fn pull_secret_import(
    console: State<'_, Console>,
    file_name: String,
    content_base64: String,
) -> Result<PullSecretImport, CommandError> {
    Ok(console.pull_secret_import(&file_name, &content_base64)?)
}

/// Parses the pull secret file the user picked in the native open dialog: the backend reads
/// it (a regular file, capped), so the file's secrets never pass through the window.
#[tauri::command]
pub async fn pull_secret_import_file(
    console: State<'_, Console>,
    path: String,
) -> Result<PullSecretImport, CommandError> {
    Ok(console.pull_secret_import_path(std::path::Path::new(&path))?)
}

/// The password or token of an imported entry, for the user who asked to see it.
#[tauri::command]
pub async fn pull_secret_import_reveal(
    console: State<'_, Console>,
    import_id: String,
    registry: String,
) -> Result<String, CommandError> {
    let secret = console.pull_secret_import_reveal(&import_id, &registry)?;
    Ok(secret.expose().to_owned())
}

/// Forgets an imported file (its dialog closed).
#[tauri::command]
pub async fn pull_secret_import_forget(
    console: State<'_, Console>,
    import_id: String,
) -> Result<bool, CommandError> {
    Ok(console.pull_secret_import_forget(&import_id))
}

/// Creates the Secret in a project and links it to a service account for pull.
#[tauri::command]
pub async fn pull_secret_import_create(
    console: State<'_, Console>,
    connection_id: String,
    import_id: String,
    registry: String,
    namespace: String,
    secret_name: String,
    service_account: Option<String>,
) -> Result<PullSecretCreated, CommandError> {
    Ok(console
        .pull_secret_import_create(
            &connection_id,
            &import_id,
            &registry,
            &namespace,
            &secret_name,
            service_account.as_deref(),
        )
        .await?)
}

/// Saves an imported entry as a registry connection's sign-in.
#[tauri::command]
pub async fn pull_secret_import_sign_in(
    console: State<'_, Console>,
    import_id: String,
    registry: String,
    connection_id: String,
    kept_in: KeptIn,
) -> Result<SignedIn, CommandError> {
    Ok(console
        .pull_secret_import_sign_in(&import_id, &registry, &connection_id, kept_in)
        .await?)
}

/// What merging an imported entry into Docker's or Podman's auth file would do.
#[tauri::command]
pub async fn pull_secret_import_auth_file_preview(
    console: State<'_, Console>,
    import_id: String,
    registry: String,
    kind: AuthFileKind,
) -> Result<AuthFilePreview, CommandError> {
    Ok(console.pull_secret_import_auth_file_preview(&import_id, &registry, kind)?)
}

/// Merges an imported entry into Docker's or Podman's auth file (after the user confirmed).
#[tauri::command]
pub async fn pull_secret_import_auth_file_write(
    console: State<'_, Console>,
    import_id: String,
    registry: String,
    kind: AuthFileKind,
) -> Result<AuthFileWritten, CommandError> {
    Ok(console.pull_secret_import_auth_file_write(&import_id, &registry, kind)?)
}
