//! Browsing a Docker Registry v2 / OCI registry: adapters over `registry::RegistryClient`.
//!
//! One client per connection is kept (it holds the token cache and the manifest cache) and
//! rebuilt when the connection's URL or TLS settings change. Credentials typed by the user
//! are kept in memory for the session, behind the same shape the OS-keyring vault will take.

use std::collections::HashMap;
use std::sync::Mutex;

use connections::{Connection, SettingsStore};
use ipc::CommandError;
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use registry::{CancelFlag, RegistryClient};
use tauri::State;
use tauri::ipc::Channel;
use vault::{BasicCredentials, Secret};

/// Registry clients, session credentials and running catalog listings.
#[derive(Default)]
pub struct Registries {
    clients: Mutex<HashMap<String, (Connection, RegistryClient)>>,
    credentials: Mutex<HashMap<String, BasicCredentials>>,
    listings: Mutex<HashMap<String, CancelFlag>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Registries {
    /// The client of `connection`, made anew when the connection changed since.
    fn client(&self, connection: &Connection) -> Result<RegistryClient, CommandError> {
        let mut clients = lock(&self.clients);
        if let Some((seen, client)) = clients.get(&connection.id)
            && seen == connection
        {
            return Ok(client.clone());
        }
        let credentials = lock(&self.credentials).get(&connection.id).cloned();
        let client = RegistryClient::new(connection, credentials)?;
        clients.insert(connection.id.clone(), (connection.clone(), client.clone()));
        Ok(client)
    }
}

fn connection(
    settings: &State<'_, Mutex<SettingsStore>>,
    id: &str,
) -> Result<Connection, CommandError> {
    let store = lock(settings);
    store
        .settings()
        .connections
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| connections::Error::NotFound { id: id.to_owned() }.into())
}

/// The client of the saved connection `id`.
fn client_for(
    settings: &State<'_, Mutex<SettingsStore>>,
    registries: &State<'_, Registries>,
    id: &str,
) -> Result<RegistryClient, CommandError> {
    registries.client(&connection(settings, id)?)
}

/// Checks the credentials against the registry and, when they work, keeps them for the session.
#[tauri::command]
pub async fn registry_sign_in(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    username: String,
    password: String,
) -> Result<(), CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let credentials = BasicCredentials {
        username,
        password: Secret::new(password),
    };
    let client = RegistryClient::new(&connection, Some(credentials.clone()))?;
    client.check().await?;
    lock(&registries.credentials).insert(connection_id.clone(), credentials);
    lock(&registries.clients).insert(connection_id, (connection, client));
    Ok(())
}

/// Forgets the session credentials of a connection.
#[tauri::command]
pub async fn registry_sign_out(
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<(), CommandError> {
    lock(&registries.credentials).remove(&connection_id);
    lock(&registries.clients).remove(&connection_id);
    Ok(())
}

/// Streams the catalog to `on_event` page by page until done or cancelled.
#[tauri::command]
pub async fn registry_catalog(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    listing_id: String,
    on_event: Channel<CatalogEvent>,
) -> Result<(), CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    let cancel = CancelFlag::new();
    lock(&registries.listings).insert(listing_id.clone(), cancel.clone());
    let mut send = |event: CatalogEvent| {
        // The window may have gone away; the listing then ends at the next page anyway.
        let _ = on_event.send(event);
    };
    let result = client.catalog(&cancel, &mut send).await;
    lock(&registries.listings).remove(&listing_id);
    Ok(result?)
}

/// Stops a running catalog listing after the page in flight.
#[tauri::command]
pub async fn registry_catalog_cancel(
    registries: State<'_, Registries>,
    listing_id: String,
) -> Result<(), CommandError> {
    if let Some(flag) = lock(&registries.listings).get(&listing_id) {
        flag.cancel();
    }
    Ok(())
}

/// The tags of a repository, sorted by version.
#[tauri::command]
pub async fn registry_tags(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
) -> Result<Vec<String>, CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    Ok(client.tags(&repository).await?)
}

/// Digest, kind, size, creation time and platforms of one tag.
#[tauri::command]
pub async fn registry_tag_summary(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<TagSummary, CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    Ok(client.tag_summary(&repository, &tag).await?)
}

/// A manifest (by tag or digest) with its image config and layers, verified against its digest.
#[tauri::command]
pub async fn registry_manifest(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    reference: String,
) -> Result<ManifestDetail, CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    Ok(client.manifest(&repository, &reference).await?)
}

/// What deleting a tag's manifest removes: its digest and every tag pointing to it.
#[tauri::command]
pub async fn registry_delete_plan(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    tag: String,
) -> Result<DeletePlan, CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    Ok(client.delete_plan(&repository, &tag).await?)
}

/// Deletes a manifest by digest (every tag pointing to it goes with it).
#[tauri::command]
pub async fn registry_delete(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    digest: String,
) -> Result<(), CommandError> {
    let client = client_for(&settings, &registries, &connection_id)?;
    Ok(client.delete_manifest(&repository, &digest).await?)
}
