//! Browsing a Docker Registry v2 / OCI registry: adapters over `registry::RegistryClient`.
//!
//! One client per connection is kept (it holds the token cache and the manifest cache) and
//! rebuilt when the connection's URL or TLS settings change. Sign-ins are kept by
//! `vault::SignInVault`: in the OS keyring unless the user chose this session only. Every
//! vault call blocks (the keyring runs on a worker thread with a timeout), so it is made on
//! tokio's blocking pool, never on the async workers.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use connections::{Connection, SettingsStore};
use ipc::CommandError;
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use registry::{CancelFlag, RegistryClient};
use tauri::State;
use tauri::ipc::Channel;
use vault::{BasicCredentials, KeptIn, Secret, SignInVault, SignedIn};

/// Registry clients, sign-ins and running catalog and tag listings.
#[derive(Default)]
pub struct Registries {
    clients: Mutex<HashMap<String, (Connection, RegistryClient)>>,
    /// Bumped by every sign-in and sign-out: a client made from what the vault said before
    /// one of them (the start-up warm-up, racing a sign-in) is not kept.
    changes: std::sync::atomic::AtomicU64,
    vault: Arc<SignInVault>,
    listings: Mutex<HashMap<String, CancelFlag>>,
}

use super::{connection, lock};

impl Registries {
    /// Runs `call` on the vault, on the blocking pool.
    pub async fn vault<T, F>(&self, call: F) -> vault::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&SignInVault) -> vault::Result<T> + Send + 'static,
    {
        let vault = Arc::clone(&self.vault);
        tauri::async_runtime::spawn_blocking(move || call(&vault))
            .await
            .unwrap_or_else(|e| {
                Err(vault::Error::Other {
                    reason: format!("the keyring call did not finish: {e}"),
                })
            })
    }

    /// [`Registries::vault`] with its error as the UI receives it.
    async fn with_vault<T, F>(&self, call: F) -> Result<T, CommandError>
    where
        T: Send + 'static,
        F: FnOnce(&SignInVault) -> vault::Result<T> + Send + 'static,
    {
        Ok(self.vault(call).await?)
    }

    /// The client of `connection`, made anew when the connection changed since. Its
    /// credentials come from the vault (the keyring the first time after a start).
    async fn client(&self, connection: &Connection) -> Result<RegistryClient, CommandError> {
        if let Some((seen, client)) = lock(&self.clients).get(&connection.id)
            && seen == connection
        {
            return Ok(client.clone());
        }
        let generation = self.changes.load(Ordering::SeqCst);
        let bound_to = connection.clone();
        let credentials = self
            .with_vault(move |vault| vault.load(&bound_to))
            .await?
            .map(|(credentials, _)| credentials);
        let client = RegistryClient::new(connection, credentials)?;
        let mut clients = lock(&self.clients);
        if self.changes.load(Ordering::SeqCst) == generation {
            clients.insert(connection.id.clone(), (connection.clone(), client.clone()));
        } else if let Some((seen, current)) = clients.get(&connection.id)
            && seen == connection
        {
            return Ok(current.clone());
        }
        Ok(client)
    }

    /// Forgets the sign-in of `connection_id` (keyring entry and session copy) and its client.
    pub async fn forget(&self, connection_id: &str) -> vault::Result<bool> {
        self.drop_client(connection_id);
        let id = connection_id.to_owned();
        self.vault(move |vault| vault.forget(&id)).await
    }

    /// Drops the client of `connection_id`, and keeps a client being made from what the
    /// vault said before now from being kept.
    pub fn drop_client(&self, connection_id: &str) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        lock(&self.clients).remove(connection_id);
    }

    /// The sign-ins, for removing a connection with everything it owns.
    pub fn sign_ins(&self) -> Arc<SignInVault> {
        Arc::clone(&self.vault)
    }
}

/// Makes the client of the first registry connection (the one the Registries page opens)
/// while the window loads, so its first catalog request does not wait for the keyring read
/// of its sign-in (a Secret Service session, ~0.2 s) and the TLS roots (~0.07 s). The keyring
/// is read at start already for the sign-in column of the Connections page; a failure here
/// is left for the page to report when the user gets there.
pub async fn warm_up(app: tauri::AppHandle) {
    use tauri::Manager as _;
    let first = {
        let settings = app.state::<Mutex<SettingsStore>>();
        lock(&settings)
            .settings()
            .connections
            .iter()
            .find(|c| c.kind == connections::ConnectionKind::Registry)
            .cloned()
    };
    if let Some(connection) = first {
        let _ = app.state::<Registries>().client(&connection).await;
    }
}

/// The client of the saved connection `id`.
async fn client_for(
    settings: &State<'_, Mutex<SettingsStore>>,
    registries: &State<'_, Registries>,
    id: &str,
) -> Result<RegistryClient, CommandError> {
    let connection = connection(settings, id)?;
    registries.client(&connection).await
}

/// Checks the credentials against the registry and, when they work, keeps them where the user
/// chose (the OS keyring, or this session only). A keyring error keeps them nowhere.
#[tauri::command]
pub async fn registry_sign_in(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    username: String,
    password: String,
    kept_in: KeptIn,
) -> Result<SignedIn, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let credentials = BasicCredentials {
        username,
        password: Secret::new(password),
    };
    let client = RegistryClient::new(&connection, Some(credentials.clone()))?;
    client.check().await?;
    let bound_to = connection.clone();
    let saved = credentials.clone();
    registries
        .with_vault(move |vault| vault.save(&bound_to, &saved, kept_in))
        .await?;
    let mut clients = lock(&registries.clients);
    registries.changes.fetch_add(1, Ordering::SeqCst);
    clients.insert(connection_id, (connection, client));
    drop(clients);
    Ok(SignedIn {
        username: credentials.username,
        kept_in,
    })
}

/// Signs out: deletes the keyring entry and the session copy of the connection's sign-in.
#[tauri::command]
pub async fn registry_sign_out(
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<(), CommandError> {
    registries.forget(&connection_id).await?;
    Ok(())
}

/// Who is signed in to a connection (read from the keyring the first time), and where it is
/// kept. A sign-in given for another origin or TLS mode than the connection's now is none.
#[tauri::command]
pub async fn registry_signed_in(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
) -> Result<Option<SignedIn>, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    registries
        .with_vault(move |vault| vault.signed_in(&connection))
        .await
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
    let client = client_for(&settings, &registries, &connection_id).await?;
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

/// The tags of a repository, sorted by version; `registry_tags_cancel` with the same
/// `listing_id` stops it between two pages (it then fails with `cancelled`).
#[tauri::command]
pub async fn registry_tags(
    settings: State<'_, Mutex<SettingsStore>>,
    registries: State<'_, Registries>,
    connection_id: String,
    repository: String,
    listing_id: String,
) -> Result<Vec<String>, CommandError> {
    let client = client_for(&settings, &registries, &connection_id).await?;
    let cancel = CancelFlag::new();
    lock(&registries.listings).insert(listing_id.clone(), cancel.clone());
    let result = client.tags_cancellable(&repository, &cancel).await;
    lock(&registries.listings).remove(&listing_id);
    Ok(result?)
}

/// Stops a running tag listing after the page in flight.
#[tauri::command]
pub async fn registry_tags_cancel(
    registries: State<'_, Registries>,
    listing_id: String,
) -> Result<(), CommandError> {
    if let Some(flag) = lock(&registries.listings).get(&listing_id) {
        flag.cancel();
    }
    Ok(())
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
    let client = client_for(&settings, &registries, &connection_id).await?;
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
    let client = client_for(&settings, &registries, &connection_id).await?;
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
    let client = client_for(&settings, &registries, &connection_id).await?;
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
    let client = client_for(&settings, &registries, &connection_id).await?;
    Ok(client.delete_manifest(&repository, &digest).await?)
}
