//! Browsing a Docker Registry v2 / OCI registry: adapters over `console::Registries`, which
//! keeps one client per connection, the sign-ins and the running listings.

use console::Console;
use ipc::CommandError;
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use tauri::State;
use tauri::ipc::Channel;
use vault::{BasicCredentials, KeptIn, Secret, SignedIn};

/// Checks the credentials against the registry and, when they work, keeps them where the user
/// chose (the OS keyring, or this session only). A keyring error keeps them nowhere.
#[tauri::command]
pub async fn registry_sign_in(
    console: State<'_, Console>,
    connection_id: String,
    username: String,
    password: String,
    kept_in: KeptIn,
) -> Result<SignedIn, CommandError> {
    let credentials = BasicCredentials {
        username,
        password: Secret::new(password),
    };
    Ok(console
        .registry_sign_in(&connection_id, credentials, kept_in)
        .await?)
}

/// Signs out: deletes the keyring entry and the session copy of the connection's sign-in.
#[tauri::command]
pub async fn registry_sign_out(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<(), CommandError> {
    Ok(console.registry_sign_out(&connection_id).await?)
}

/// Who is signed in to a connection (read from the keyring the first time), and where it is
/// kept. A sign-in given for another origin or TLS mode than the connection's now is none.
#[tauri::command]
pub async fn registry_signed_in(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<Option<SignedIn>, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console.registries().signed_in(&connection).await?)
}

/// Streams the catalog to `on_event` page by page until done or cancelled.
#[tauri::command]
pub async fn registry_catalog(
    console: State<'_, Console>,
    connection_id: String,
    listing_id: String,
    on_event: Channel<CatalogEvent>,
) -> Result<(), CommandError> {
    let connection = console.connection(&connection_id)?;
    // The window may have gone away; the listing then ends at the next page anyway.
    let send = |event: CatalogEvent| {
        let _ = on_event.send(event);
    };
    Ok(console
        .registries()
        .catalog(&connection, &listing_id, send)
        .await?)
}

/// Stops a running catalog listing after the page in flight.
#[tauri::command]
pub async fn registry_catalog_cancel(
    console: State<'_, Console>,
    listing_id: String,
) -> Result<(), CommandError> {
    console.registries().cancel_listing(&listing_id);
    Ok(())
}

/// The tags of a repository, sorted by version; `registry_tags_cancel` with the same
/// `listing_id` stops it between two pages (it then fails with `cancelled`).
#[tauri::command]
pub async fn registry_tags(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    listing_id: String,
) -> Result<Vec<String>, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console
        .registries()
        .tags(&connection, &repository, &listing_id)
        .await?)
}

/// Stops a running tag listing after the page in flight.
#[tauri::command]
pub async fn registry_tags_cancel(
    console: State<'_, Console>,
    listing_id: String,
) -> Result<(), CommandError> {
    console.registries().cancel_listing(&listing_id);
    Ok(())
}

/// Digest, kind, size, creation time and platforms of one tag.
#[tauri::command]
pub async fn registry_tag_summary(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<TagSummary, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console
        .registries()
        .tag_summary(&connection, &repository, &tag)
        .await?)
}

/// A manifest (by tag or digest) with its image config and layers, verified against its digest.
#[tauri::command]
pub async fn registry_manifest(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    reference: String,
) -> Result<ManifestDetail, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console
        .registries()
        .manifest(&connection, &repository, &reference)
        .await?)
}

/// What deleting a tag's manifest removes: its digest and every tag pointing to it.
#[tauri::command]
pub async fn registry_delete_plan(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<DeletePlan, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console
        .registries()
        .delete_plan(&connection, &repository, &tag)
        .await?)
}

/// Deletes a manifest by digest (every tag pointing to it goes with it).
#[tauri::command]
pub async fn registry_delete(
    console: State<'_, Console>,
    connection_id: String,
    repository: String,
    digest: String,
) -> Result<(), CommandError> {
    Ok(console
        .registry_delete(&connection_id, &repository, &digest)
        .await?)
}
