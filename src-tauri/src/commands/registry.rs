//! Browsing a Docker Registry v2 / OCI registry: adapters over `console::Registries`, which
//! keeps one client per connection, the sign-ins and the running listings.

use std::sync::Mutex;

use connections::SettingsStore;
use ipc::CommandError;
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use tauri::State;
use tauri::ipc::Channel;
use vault::{BasicCredentials, KeptIn, Secret, SignedIn};

pub use console::Registries;

use super::{connection, lock};

type Settings<'a> = State<'a, Mutex<SettingsStore>>;

/// Makes the client of the first registry connection while the window loads
/// ([`Registries::warm_up`]).
pub async fn warm_up(app: tauri::AppHandle) {
    use tauri::Manager as _;
    let saved = lock(&app.state::<Mutex<SettingsStore>>())
        .settings()
        .connections
        .clone();
    app.state::<Registries>().warm_up(&saved).await;
}

/// Checks the credentials against the registry and, when they work, keeps them where the user
/// chose (the OS keyring, or this session only). A keyring error keeps them nowhere.
#[tauri::command]
pub async fn registry_sign_in(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    username: String,
    password: String,
    kept_in: KeptIn,
) -> Result<SignedIn, CommandError> {
    let credentials = BasicCredentials {
        username,
        password: Secret::new(password),
    };
    let connection = connection(&settings, &connection_id)?;
    Ok(registries
        .sign_in(&connection, credentials, kept_in)
        .await?)
}

/// Signs out: deletes the keyring entry and the session copy of the connection's sign-in.
#[tauri::command]
pub async fn registry_sign_out(
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<(), CommandError> {
    Ok(registries.sign_out(&connection_id).await?)
}

/// Who is signed in to a connection (read from the keyring the first time), and where it is
/// kept. A sign-in given for another origin or TLS mode than the connection's now is none.
#[tauri::command]
pub async fn registry_signed_in(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<Option<SignedIn>, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries.signed_in(&connection).await?)
}

/// Streams the catalog to `on_event` page by page until done or cancelled.
#[tauri::command]
pub async fn registry_catalog(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    listing_id: String,
    on_event: Channel<CatalogEvent>,
) -> Result<(), CommandError> {
    let connection = connection(&settings, &connection_id)?;
    // The window may have gone away; the listing then ends at the next page anyway.
    let send = |event: CatalogEvent| {
        let _ = on_event.send(event);
    };
    Ok(registries.catalog(&connection, &listing_id, send).await?)
}

/// Stops a running catalog listing after the page in flight.
#[tauri::command]
pub async fn registry_catalog_cancel(
    registries: State<'_, Registries>,
    listing_id: String,
) -> Result<(), CommandError> {
    registries.cancel_listing(&listing_id);
    Ok(())
}

/// The tags of a repository, sorted by version; `registry_tags_cancel` with the same
/// `listing_id` stops it between two pages (it then fails with `cancelled`).
#[tauri::command]
pub async fn registry_tags(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    listing_id: String,
) -> Result<Vec<String>, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries
        .tags(&connection, &repository, &listing_id)
        .await?)
}

/// Stops a running tag listing after the page in flight.
#[tauri::command]
pub async fn registry_tags_cancel(
    registries: State<'_, Registries>,
    listing_id: String,
) -> Result<(), CommandError> {
    registries.cancel_listing(&listing_id);
    Ok(())
}

/// Digest, kind, size, creation time and platforms of one tag.
#[tauri::command]
pub async fn registry_tag_summary(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<TagSummary, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries
        .tag_summary(&connection, &repository, &tag)
        .await?)
}

/// A manifest (by tag or digest) with its image config and layers, verified against its digest.
#[tauri::command]
pub async fn registry_manifest(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    reference: String,
) -> Result<ManifestDetail, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries
        .manifest(&connection, &repository, &reference)
        .await?)
}

/// What deleting a tag's manifest removes: its digest and every tag pointing to it.
#[tauri::command]
pub async fn registry_delete_plan(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<DeletePlan, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries
        .delete_plan(&connection, &repository, &tag)
        .await?)
}

/// Deletes a manifest by digest (every tag pointing to it goes with it).
#[tauri::command]
pub async fn registry_delete(
    settings: Settings<'_>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    digest: String,
) -> Result<(), CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(registries.delete(&connection, &repository, &digest).await?)
}
