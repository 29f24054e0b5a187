//! The app's core: the saved connections, each connection's live clients and sign-ins, the
//! running listings and browser sign-ins, and the certificate workbench, with no Tauri
//! dependency.
//!
//! It exists so that the shell holds no state and decides nothing: a Tauri command calls one
//! method of the [`Console`] it manages with the arguments the UI sent, and maps the error to
//! the UI's shape. Everything in between (which client to reuse, when a client is stale, where
//! a sign-in is kept, which listing a cancel stops, what a removed connection takes with it) is
//! reachable from a test without a window (`tests/tests/console_host.rs`).
//!
//! One module per area, each an `impl Console` block or a struct the console holds:
//! - [`registries`]: registry clients, registry sign-ins and catalog/tag listings;
//! - [`clusters`]: the Access page's cluster clients, fed by the OpenShift/OIDC sign-in;
//! - [`sign_ins`]: OpenShift and OIDC sign-ins (sessions, browser sign-ins in progress);
//! - [`settings`]: the saved connections and preferences, and what an edit or removal of a
//!   connection does to its secrets;
//! - [`credentials`]: login lines, auth files and pull secrets from a registry sign-in;
//! - [`certificates`]: the certificate workbench and "trust this CA";
//! - [`quay`]: a Quay connection's API client, from its OAuth-token sign-in;
//! - [`quay_bridge`]: OAuth applications and their tokens, the Quay Bridge Operator's set-up;
//! - [`pull_secret_import`]: a downloaded pull secret file, its entries and what to do with one;
//! - [`activity`]: the activity log every change is recorded in, and the Activity page's reads
//!   and exports of it.
//! - [`registry_health`]: a registry's health checks, debug address, metrics scrapes and
//!   metrics secret.
//!
//! Blocking calls (the OS keyring, which can wait for an unlock prompt) run on tokio's
//! blocking pool, never on the async workers. Progress goes through callbacks the shell
//! supplies, and the system browser through an [`auth::BrowserOpener`] it supplies: never a
//! Tauri type.

pub mod activity;
pub mod certificates;
pub mod clipboard;
pub mod cluster_changes;
pub mod cluster_registry;
pub mod clusters;
pub mod credentials;
mod error;
pub mod pull_secret_import;
pub mod quay;
pub mod quay_bridge;
pub mod quay_repos;
pub mod quay_teams;
pub mod recent_repositories;
pub mod registries;
pub mod registry_health;
pub mod settings;
pub mod sign_ins;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use auth::SessionStore;
use connections::{Connection, SettingsStore};
use registry::ClientOptions;
use vault::{SecretStore, SignInVault};

pub use clusters::Clusters;
pub use error::{Error, Result};
pub use registries::Registries;
pub use sign_ins::SignIns;

/// Everything the app keeps while it runs. The shell manages one.
pub struct Console {
    settings: Arc<Mutex<SettingsStore>>,
    /// Where "trust this CA" and the kubeconfig import keep each connection's CA file.
    ca_dir: PathBuf,
    registries: Registries,
    clusters: Clusters,
    quays: quay::Quays,
    sign_ins: SignIns,
    workbench: certs::Workbench,
    pull_secret_imports: pull_secret_import::PullSecretImports,
    /// The activity log every change is recorded in.
    audit: Arc<audit::AuditLog>,
    /// Where a log write failure is said (the shell's window event); unset in tests that do
    /// not listen.
    audit_warnings: OnceLock<activity::AuditWarnings>,
    health: registry_health::Health,
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console")
            .field("ca_dir", &self.ca_dir)
            .finish_non_exhaustive()
    }
}

/// Locks shared state. Every change under the console's locks is made whole or not at all (the
/// settings store changes memory only after the file is written; the maps take single inserts
/// and removes), so a panic elsewhere cannot leave them half-changed and a poisoned lock is
/// safe to keep using.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Console {
    /// The app's console: settings in `config_dir` (its settings file and `ca/`), sign-ins in
    /// the OS keyring, clients with the app's timeouts and page sizes.
    pub fn open(config_dir: &Path) -> Self {
        Self::with_parts(
            SettingsStore::open(config_dir.join(connections::store::FILE_NAME)),
            config_dir.join("ca"),
            Arc::new(vault::KeyringStore::new()),
            ClientOptions::default(),
        )
    }

    /// A console over `settings`, keeping CA files in `ca_dir`, the activity log beside it
    /// (`activity/`), and secrets in `keyring` (a `vault::MemoryStore` in tests), with
    /// registry clients made with `options`.
    pub fn with_parts(
        settings: SettingsStore,
        ca_dir: PathBuf,
        keyring: Arc<dyn SecretStore>,
        options: ClientOptions,
    ) -> Self {
        let settings = Arc::new(Mutex::new(settings));
        let sessions = Arc::new(SessionStore::new(keyring.clone()));
        let registries =
            Registries::with_options(SignInVault::new(Box::new(Arc::clone(&keyring))), options);
        let _ = registries.linked_login.set(cluster_registry::linked_login(
            Arc::clone(&settings),
            Arc::clone(&sessions),
        ));
        Self {
            settings,
            registries,
            clusters: Clusters::default(),
            quays: quay::Quays::default(),
            sign_ins: SignIns::new(sessions),
            workbench: certs::Workbench::default(),
            pull_secret_imports: pull_secret_import::PullSecretImports::default(),
            audit: Arc::new(audit::AuditLog::new(
                ca_dir.with_file_name("activity"),
                audit::Rotation::default(),
            )),
            audit_warnings: OnceLock::new(),
            ca_dir,
            health: registry_health::Health::new(keyring),
        }
    }

    /// The saved connection `id`, or [`connections::Error::NotFound`].
    pub fn connection(&self, id: &str) -> Result<Connection> {
        Ok(lock(&self.settings).connection(id)?)
    }

    /// The registry area.
    pub fn registries(&self) -> &Registries {
        &self.registries
    }

    /// The OpenShift and OIDC sign-ins.
    pub fn sign_ins(&self) -> &SignIns {
        &self.sign_ins
    }

    /// Where CA files are kept.
    pub fn ca_dir(&self) -> &Path {
        &self.ca_dir
    }

    /// Makes the client of the first registry connection while the window loads
    /// ([`Registries::warm_up`]).
    pub async fn warm_up(&self) {
        let saved = lock(&self.settings).settings().connections.clone();
        self.registries.warm_up(&saved).await;
    }
}
