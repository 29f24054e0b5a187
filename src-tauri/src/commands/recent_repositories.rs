//! Opening a repository by its name on the Registries page, and the names recently opened so
//! (kept per connection in the settings file): adapters over `console::Console`.

use console::Console;
use ipc::CommandError;
use ipc::recent_repositories::OpenedRepository;
use tauri::State;

/// The repositories recently opened by name on a registry connection, most recent first.
#[tauri::command]
pub fn registry_recent_repositories(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<Vec<String>, CommandError> {
    Ok(console.recent_repositories(&connection_id)?)
}

/// Opens a repository by its name (its tags must answer) and remembers it.
#[tauri::command]
pub async fn registry_open_repository(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
) -> Result<OpenedRepository, CommandError> {
    Ok(console
        .open_repository(&connection_id, &repository)
        .await?
        .into())
}

/// Removes a name from the connection's recent repositories.
#[tauri::command]
pub fn registry_forget_recent_repository(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
) -> Result<Vec<String>, CommandError> {
    Ok(console.forget_recent_repository(&connection_id, &repository)?)
}
