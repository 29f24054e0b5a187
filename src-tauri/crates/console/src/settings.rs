//! The saved connections and preferences (`connections::SettingsStore`), and what an edit or
//! removal of a connection does to the secrets it owns (`auth::revoke::Belongings`).

use auth::kubeconfig::import::{KubeconfigImport, KubeconfigImported};
use auth::kubeconfig::{Kubeconfig, KubeconfigListing, Locations};
use auth::revoke::Belongings;
use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, Preferences};

use crate::{Console, Error, Result, lock};

impl Console {
    /// The settings in force, the file's path and what happened to an unusable file at start.
    pub fn settings_state(&self) -> SettingsState {
        lock(&self.settings).state()
    }

    /// Checks and saves a new connection.
    pub fn add_connection(&self, draft: &ConnectionDraft) -> Result<Connection> {
        Ok(lock(&self.settings).add(draft)?)
    }

    /// Saves UI preferences.
    pub fn set_preferences(&self, preferences: Preferences) -> Result<Preferences> {
        Ok(lock(&self.settings).set_preferences(preferences)?)
    }

    fn belongings(&self) -> Belongings {
        Belongings::new(
            self.registries.sign_ins(),
            self.sign_ins.store(),
            self.ca_dir.clone(),
        )
    }

    /// Checks and saves changes to connection `id`; a change of its origin or TLS mode forgets
    /// its sign-ins, which were given to the old place. When the keyring refuses, nothing is
    /// saved ([`Error::KeptForKeyring`]).
    pub async fn update_connection(&self, id: &str, draft: &ConnectionDraft) -> Result<Connection> {
        let result = self
            .belongings()
            .update_connection(&self.settings, id, draft)
            .await;
        self.registries.drop_client(id);
        self.clusters.drop_client(id);
        match result {
            Ok((connection, _)) => Ok(connection),
            Err(error) => Err(Error::kept_for_keyring(error, Error::NOT_CHANGED)),
        }
    }

    /// Removes connection `id` with everything it owns: its sign-ins in the OS keyring (the
    /// OpenShift or OIDC token revoked at its server) and its CA file. When the keyring refuses
    /// (locked, no answer), the connection is kept, so that its keyring entries are not left
    /// behind unseen ([`Error::KeptForKeyring`]).
    pub async fn remove_connection(&self, id: &str) -> Result<()> {
        self.registries.drop_client(id);
        let result = self
            .belongings()
            .remove_connection(&self.settings, id)
            .await;
        self.registries.drop_client(id);
        self.clusters.drop_client(id);
        match result {
            Ok(_) => Ok(()),
            Err(error) => Err(Error::kept_for_keyring(error, Error::NOT_REMOVED)),
        }
    }

    /// The contexts of the kubeconfig at `path` (as typed), or of `$KUBECONFIG` /
    /// `~/.kube/config` when `path` is `None`, without their tokens.
    pub fn kubeconfig_contexts(&self, path: Option<&str>) -> Result<KubeconfigListing> {
        Ok(Kubeconfig::load(&Locations::from_env(), path)?.listing())
    }

    /// Imports one kubeconfig context as an OpenShift connection (its CA into the app's CA
    /// store) and signs in with its token when it has one. The file is read again here, so a
    /// token never reaches the webview.
    pub async fn kubeconfig_import(
        &self,
        request: &KubeconfigImport,
    ) -> Result<KubeconfigImported> {
        Ok(auth::kubeconfig::import::import(
            &Locations::from_env(),
            request,
            &self.settings,
            &self.ca_dir,
            self.sign_ins.store(),
        )
        .await?)
    }
}
