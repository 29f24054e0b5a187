//! The cluster's own registry: adapters over `console::cluster_registry` (find its host names,
//! add the registry connection linked to the cluster connection, remove an image stream tag).

use cluster::RegistryInfo;
use console::Console;
use ipc::CommandError;
use ipc::cluster_registry::OpenedClusterRegistry;
use tauri::State;

/// The registry's host names as `oc registry info` finds them, and which one is used and why.
#[tauri::command]
pub async fn cluster_registry_info(
    console: State<'_, Console>,
    connection_id: String,
    project: Option<String>,
) -> Result<RegistryInfo, CommandError> {
    Ok(console
        .cluster_registry_info(&connection_id, project.as_deref())
        .await?)
}

/// Adds (or reuses) the registry connection linked to the cluster connection for `host`.
#[tauri::command]
pub async fn cluster_registry_open(
    console: State<'_, Console>,
    connection_id: String,
    project: Option<String>,
    host: String,
) -> Result<OpenedClusterRegistry, CommandError> {
    Ok(console
        .open_cluster_registry(&connection_id, project.as_deref(), &host)
        .await?
        .into())
}

/// Removes an image stream tag through the image API (`oc tag -d`), on a linked connection.
#[tauri::command]
pub async fn cluster_registry_delete_tag(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<(), CommandError> {
    Ok(console
        .cluster_registry_delete_tag(&connection_id, &repository, &tag)
        .await?)
}
