//! Quay repositories and tags: adapters over `console::Console`'s `quay_repos` area.

use console::Console;
use ipc::CommandError;
use quay::{Repository, RepositoryDetail, Tag, TagHistoryEntry, Visibility};
use tauri::State;

/// Creates a repository, public or private.
#[tauri::command]
pub async fn quay_repository_create(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
    visibility: Visibility,
    description: String,
) -> Result<Repository, CommandError> {
    Ok(console
        .quay_repository_create(&connection_id, &namespace, &name, visibility, &description)
        .await?)
}

/// One repository with its tag count.
#[tauri::command]
pub async fn quay_repository(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
) -> Result<RepositoryDetail, CommandError> {
    Ok(console
        .quay_repository(&connection_id, &namespace, &name)
        .await?)
}

/// Deletes a repository with all its tags.
#[tauri::command]
pub async fn quay_repository_delete(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_repository_delete(&connection_id, &namespace, &name)
        .await?)
}

/// Makes a repository public or private.
#[tauri::command]
pub async fn quay_repository_visibility(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
    visibility: Visibility,
) -> Result<(), CommandError> {
    Ok(console
        .quay_repository_visibility(&connection_id, &namespace, &name, visibility)
        .await?)
}

/// The active tags of a repository.
#[tauri::command]
pub async fn quay_tags(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
) -> Result<Vec<Tag>, CommandError> {
    Ok(console
        .quay_tags(&connection_id, &namespace, &repository)
        .await?)
}

/// One tag's history, newest first.
#[tauri::command]
pub async fn quay_tag_history(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    tag: String,
) -> Result<Vec<TagHistoryEntry>, CommandError> {
    Ok(console
        .quay_tag_history(&connection_id, &namespace, &repository, &tag)
        .await?)
}

/// Sets or clears a tag's expiration; the tag as Quay then reports it.
#[tauri::command]
pub async fn quay_tag_expiration(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    tag: String,
    expiration: Option<i64>,
) -> Result<Tag, CommandError> {
    Ok(console
        .quay_tag_expiration(&connection_id, &namespace, &repository, &tag, expiration)
        .await?)
}

/// The tags that are gone but still in Quay's history.
#[tauri::command]
pub async fn quay_deleted_tags(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
) -> Result<Vec<TagHistoryEntry>, CommandError> {
    Ok(console
        .quay_deleted_tags(&connection_id, &namespace, &repository)
        .await?)
}

/// Deletes a tag.
#[tauri::command]
pub async fn quay_tag_delete(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    tag: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_tag_delete(&connection_id, &namespace, &repository, &tag)
        .await?)
}

/// Points a tag at a manifest of its history again.
#[tauri::command]
pub async fn quay_tag_restore(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    repository: String,
    tag: String,
    manifest_digest: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_tag_restore(
            &connection_id,
            &namespace,
            &repository,
            &tag,
            &manifest_digest,
        )
        .await?)
}
