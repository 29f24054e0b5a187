//! The registry area: one `registry::RegistryClient` per connection, the sign-ins kept by
//! `vault::SignInVault`, and the running catalog and tag listings.
//!
//! A client holds the token cache and the manifest cache, so it is kept, and made anew when
//! the connection's URL or TLS settings change. Every vault call blocks (the keyring runs on
//! a worker thread with a timeout), so it is made on tokio's blocking pool, never on the async
//! workers.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use connections::{Connection, ConnectionKind};
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use registry::{CancelFlag, ClientOptions, RegistryClient};
use vault::{BasicCredentials, KeptIn, SignInVault, SignedIn};

use crate::Result;

/// Registry clients, sign-ins and running catalog and tag listings.
pub struct Registries {
    clients: Mutex<HashMap<String, (Connection, RegistryClient)>>,
    /// Bumped by every sign-in and sign-out: a client made from what the vault said before
    /// one of them (the start-up warm-up, racing a sign-in) is not kept.
    changes: AtomicU64,
    vault: Arc<SignInVault>,
    /// Listing id → the flag that stops it, while it runs.
    listings: Mutex<HashMap<String, CancelFlag>>,
    pub(crate) options: ClientOptions,
    /// Where a registry connection linked to a cluster gets its credentials
    /// ([`crate::cluster_registry`]).
    pub(crate) linked_login: std::sync::OnceLock<crate::cluster_registry::LinkedLogin>,
    /// The clients of linked connections, with the cluster token each was made with.
    pub(crate) linked_clients: Mutex<HashMap<String, (Connection, vault::Secret, RegistryClient)>>,
}

impl Default for Registries {
    /// Sign-ins in the OS keyring, clients with the app's timeouts and page sizes.
    fn default() -> Self {
        Self::new(SignInVault::default())
    }
}

impl std::fmt::Debug for Registries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registries").finish_non_exhaustive()
    }
}

/// Locks shared state. Every change under these locks is a single insert or remove, so a
/// panic elsewhere cannot leave them half-changed and a poisoned lock is safe to keep using.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running listing's entry in [`Registries::listings`], removed when the listing ends, also
/// when its caller stops waiting for it (the window went away mid-page).
struct Listing<'a> {
    registries: &'a Registries,
    id: String,
    cancel: CancelFlag,
}

impl<'a> Listing<'a> {
    fn start(registries: &'a Registries, id: &str) -> Self {
        let cancel = CancelFlag::new();
        lock(&registries.listings).insert(id.to_owned(), cancel.clone());
        Self {
            registries,
            id: id.to_owned(),
            cancel,
        }
    }
}

impl Drop for Listing<'_> {
    fn drop(&mut self) {
        lock(&self.registries.listings).remove(&self.id);
    }
}

impl Registries {
    /// Sign-ins kept by `vault` (the OS keyring in the app; a `vault::MemoryStore` in tests),
    /// clients with the app's timeouts and page sizes.
    pub fn new(vault: SignInVault) -> Self {
        Self::with_options(vault, ClientOptions::default())
    }

    /// [`Registries::new`] with clients made with `options` (tests use small catalog pages).
    pub fn with_options(vault: SignInVault, options: ClientOptions) -> Self {
        Self {
            clients: Mutex::default(),
            changes: AtomicU64::new(0),
            vault: Arc::new(vault),
            listings: Mutex::default(),
            options,
            linked_login: std::sync::OnceLock::new(),
            linked_clients: Mutex::default(),
        }
    }

    /// Runs `call` on the vault, on the blocking pool.
    pub async fn vault<T, F>(&self, call: F) -> vault::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&SignInVault) -> vault::Result<T> + Send + 'static,
    {
        let vault = Arc::clone(&self.vault);
        tokio::task::spawn_blocking(move || call(&vault))
            .await
            .unwrap_or_else(|e| {
                Err(vault::Error::Other {
                    reason: format!("the keyring call did not finish: {e}"),
                })
            })
    }

    /// The sign-ins, for removing a connection with everything it owns.
    pub fn sign_ins(&self) -> Arc<SignInVault> {
        Arc::clone(&self.vault)
    }

    /// The client of `connection`, made anew when the connection changed since. Its
    /// credentials come from the vault (the keyring the first time after a start).
    pub async fn client(&self, connection: &Connection) -> Result<RegistryClient> {
        if connection.linked_cluster.is_some() {
            return self.linked_client(connection).await;
        }
        if let Some((seen, client)) = lock(&self.clients).get(&connection.id)
            && seen == connection
        {
            return Ok(client.clone());
        }
        let generation = self.changes.load(Ordering::SeqCst);
        let bound_to = connection.clone();
        let credentials = self
            .vault(move |vault| vault.load(&bound_to))
            .await?
            .map(|(credentials, _)| credentials);
        let client = RegistryClient::with_options(connection, credentials, self.options.clone())?;
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

    /// Makes the client of the first registry connection in `connections` (the one the
    /// Registries page opens) while the window loads, so its first catalog request does not
    /// wait for the keyring read of its sign-in (a Secret Service session, ~0.2 s) and the TLS
    /// roots (~0.07 s). A failure is left for the page to report when the user gets there.
    pub async fn warm_up(&self, connections: &[Connection]) {
        let first = connections
            .iter()
            .find(|c| c.kind == ConnectionKind::Registry);
        if let Some(connection) = first {
            let _ = self.client(connection).await;
        }
    }

    /// Checks `credentials` against the registry of `connection` and, when they work, keeps
    /// them in `kept_in` (the OS keyring, or this session only) and uses them from now on. A
    /// keyring error keeps them nowhere.
    pub async fn sign_in(
        &self,
        connection: &Connection,
        credentials: BasicCredentials,
        kept_in: KeptIn,
    ) -> Result<SignedIn> {
        self.refuse_if_linked(connection)?;
        let client = RegistryClient::with_options(
            connection,
            Some(credentials.clone()),
            self.options.clone(),
        )?;
        client.check().await?;
        let bound_to = connection.clone();
        let saved = credentials.clone();
        self.vault(move |vault| vault.save(&bound_to, &saved, kept_in))
            .await?;
        let mut clients = lock(&self.clients);
        self.changes.fetch_add(1, Ordering::SeqCst);
        clients.insert(connection.id.clone(), (connection.clone(), client));
        drop(clients);
        Ok(SignedIn {
            username: credentials.username,
            kept_in,
        })
    }

    /// Forgets the sign-in of `connection_id` (keyring entry and session copy) and its
    /// client; `false` when there was none.
    pub async fn forget(&self, connection_id: &str) -> vault::Result<bool> {
        self.drop_client(connection_id);
        let id = connection_id.to_owned();
        self.vault(move |vault| vault.forget(&id)).await
    }

    /// Signs out of `connection_id`: [`Registries::forget`].
    pub async fn sign_out(&self, connection_id: &str) -> Result<()> {
        self.forget(connection_id).await?;
        Ok(())
    }

    /// Drops the client of `connection_id`, and keeps a client being made from what the
    /// vault said before now from being kept.
    pub fn drop_client(&self, connection_id: &str) {
        self.changes.fetch_add(1, Ordering::SeqCst);
        lock(&self.clients).remove(connection_id);
        lock(&self.linked_clients).remove(connection_id);
    }

    /// Who is signed in to `connection` (read from the keyring the first time), and where it
    /// is kept. A sign-in given for another origin or TLS mode than the connection's now is
    /// none.
    pub async fn signed_in(&self, connection: &Connection) -> Result<Option<SignedIn>> {
        // A linked connection has no sign-in of its own: it uses its cluster's.
        if connection.linked_cluster.is_some() {
            return Ok(None);
        }
        let connection = connection.clone();
        Ok(self
            .vault(move |vault| vault.signed_in(&connection))
            .await?)
    }

    /// Streams the catalog of `connection` to `on_event` page by page until done, or until
    /// [`Registries::cancel_listing`] with `listing_id` stops it between two pages.
    pub async fn catalog(
        &self,
        connection: &Connection,
        listing_id: &str,
        mut on_event: impl FnMut(CatalogEvent) + Send,
    ) -> Result<()> {
        let client = self.client(connection).await?;
        let listing = Listing::start(self, listing_id);
        Ok(client.catalog(&listing.cancel, &mut on_event).await?)
    }

    /// The tags of `repository`, sorted by version; [`Registries::cancel_listing`] with
    /// `listing_id` stops it between two pages (it then fails with `registry::Error::Cancelled`).
    pub async fn tags(
        &self,
        connection: &Connection,
        repository: &str,
        listing_id: &str,
    ) -> Result<Vec<String>> {
        let client = self.client(connection).await?;
        let listing = Listing::start(self, listing_id);
        Ok(client.tags_cancellable(repository, &listing.cancel).await?)
    }

    /// Stops the running catalog or tag listing `listing_id` after the page in flight; nothing
    /// when it has ended already.
    pub fn cancel_listing(&self, listing_id: &str) {
        if let Some(flag) = lock(&self.listings).get(listing_id) {
            flag.cancel();
        }
    }

    /// Digest, kind, size, creation time and platforms of one tag.
    pub async fn tag_summary(
        &self,
        connection: &Connection,
        repository: &str,
        tag: &str,
    ) -> Result<TagSummary> {
        let client = self.client(connection).await?;
        Ok(client.tag_summary(repository, tag).await?)
    }

    /// A manifest (by tag or digest) with its image config and layers, verified against its
    /// digest.
    pub async fn manifest(
        &self,
        connection: &Connection,
        repository: &str,
        reference: &str,
    ) -> Result<ManifestDetail> {
        let client = self.client(connection).await?;
        Ok(client.manifest(repository, reference).await?)
    }

    /// What deleting a tag's manifest removes: its digest and every tag pointing to it.
    pub async fn delete_plan(
        &self,
        connection: &Connection,
        repository: &str,
        tag: &str,
    ) -> Result<DeletePlan> {
        self.refuse_delete_if_linked(connection)?;
        let client = self.client(connection).await?;
        Ok(client.delete_plan(repository, tag).await?)
    }

    /// Deletes a manifest by digest (every tag pointing to it goes with it).
    pub async fn delete(
        &self,
        connection: &Connection,
        repository: &str,
        digest: &str,
    ) -> Result<()> {
        self.refuse_delete_if_linked(connection)?;
        let client = self.client(connection).await?;
        Ok(client.delete_manifest(repository, digest).await?)
    }
}

/// The registry changes, recorded in the activity log ([`crate::activity`]).
impl crate::Console {
    /// The user signed in to registry `connection`, for its activity entries.
    async fn registry_user(&self, connection: &Connection) -> Option<String> {
        match self.registries.signed_in(connection).await {
            Ok(Some(signed_in)) => Some(signed_in.username),
            _ => None,
        }
    }

    /// Checks `credentials` against registry `connection_id` and keeps them
    /// ([`Registries::sign_in`]); recorded as a sign-in by that user name.
    pub async fn registry_sign_in(
        &self,
        connection_id: &str,
        credentials: BasicCredentials,
        kept_in: KeptIn,
    ) -> Result<SignedIn> {
        let entry = self
            .entry_for(audit::Action::SignIn, connection_id)
            .user(Some(&credentials.username));
        let work = async {
            let connection = self.connection(connection_id)?;
            self.registries
                .sign_in(&connection, credentials, kept_in)
                .await
        };
        self.recorded(entry, work).await
    }

    /// Signs out of registry `connection_id` ([`Registries::sign_out`]).
    pub async fn registry_sign_out(&self, connection_id: &str) -> Result<()> {
        let mut entry = self.entry_for(audit::Action::SignOut, connection_id);
        if let Ok(connection) = self.connection(connection_id) {
            entry = entry.user(self.registry_user(&connection).await.as_deref());
        }
        self.recorded(entry, self.registries.sign_out(connection_id))
            .await
    }

    /// Deletes manifest `digest` of `repository` on registry `connection_id`
    /// ([`Registries::delete`]), every tag pointing to it with it.
    pub async fn registry_delete(
        &self,
        connection_id: &str,
        repository: &str,
        digest: &str,
    ) -> Result<()> {
        let mut entry = self
            .entry_for(audit::Action::ManifestDeleted, connection_id)
            .target(audit::TargetKind::Repository, repository)
            .target(audit::TargetKind::Digest, digest);
        let connection = self.connection(connection_id);
        if let Ok(connection) = &connection {
            entry = entry.user(self.registry_user(connection).await.as_deref());
        }
        let work = async {
            self.registries
                .delete(&connection?, repository, digest)
                .await
        };
        self.recorded(entry, work).await
    }
}

#[cfg(test)]
mod tests {
    use connections::TlsMode;
    use vault::MemoryStore;

    use super::*;
    use crate::Error;

    fn registries() -> Registries {
        Registries::new(SignInVault::new(Box::new(MemoryStore::new())))
    }

    fn connection(url: &str) -> Connection {
        Connection {
            id: "c1".into(),
            name: "c1".into(),
            kind: ConnectionKind::Registry,
            url: url.into(),
            tls: TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        }
    }

    #[tokio::test]
    async fn a_sign_in_for_an_unusable_url_is_refused_before_anything_is_kept() {
        let registries = registries();
        let connection = connection("ftp://registry.example");
        let error = registries
            .sign_in(
                &connection,
                BasicCredentials::new("alice", "pw"),
                KeptIn::Session,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::Registry(registry::Error::InvalidUrl { .. })),
            "{error:?}"
        );
        assert_eq!(registries.signed_in(&connection).await.unwrap(), None);
    }

    #[tokio::test]
    async fn signing_out_forgets_a_sign_in_kept_for_the_session() {
        let registries = registries();
        let connection = connection("http://127.0.0.1:9");
        let kept = connection.clone();
        registries
            .vault(move |vault| {
                vault.save(
                    &kept,
                    &BasicCredentials::new("alice", "pw"),
                    KeptIn::Session,
                )
            })
            .await
            .unwrap();
        let signed_in = registries.signed_in(&connection).await.unwrap();
        assert_eq!(signed_in.map(|s| s.kept_in), Some(KeptIn::Session));
        registries.sign_out(&connection.id).await.unwrap();
        assert_eq!(registries.signed_in(&connection).await.unwrap(), None);
    }

    #[test]
    fn a_listing_is_forgotten_when_it_ends_and_cancelling_an_unknown_one_is_nothing() {
        let registries = registries();
        let listing = Listing::start(&registries, "l1");
        registries.cancel_listing("l1");
        assert!(listing.cancel.is_cancelled());
        drop(listing);
        assert!(lock(&registries.listings).is_empty());
        registries.cancel_listing("l1");
        registries.cancel_listing("never-started");
    }
}
