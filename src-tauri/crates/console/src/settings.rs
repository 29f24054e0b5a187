//! The saved connections and preferences (`connections::SettingsStore`), and what an edit or
//! removal of a connection does to the secrets it owns (`auth::revoke::Belongings`).

use auth::kubeconfig::import::{KubeconfigImport, KubeconfigImported};
use auth::kubeconfig::{Kubeconfig, KubeconfigListing, Locations};
use auth::revoke::Belongings;
use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, LastView, Preferences};

use audit::{Action, Entry, TargetKind};

use crate::{Console, Error, Result, lock};

impl Console {
    /// The settings in force, the file's path and what happened to an unusable file at start.
    pub fn settings_state(&self) -> SettingsState {
        lock(&self.settings).state()
    }

    /// Checks and saves a new connection.
    pub fn add_connection(&self, draft: &ConnectionDraft) -> Result<Connection> {
        let result: Result<Connection> = lock(&self.settings).add(draft).map_err(Error::from);
        let entry = match &result {
            Ok(connection) => Self::entry(Action::ConnectionAdded, connection),
            Err(_) => Entry::new(Action::ConnectionAdded)
                .server(&draft.url)
                .target(TargetKind::Value, &draft.name),
        };
        self.record(entry, &result);
        result
    }

    /// Saves UI preferences.
    pub fn set_preferences(&self, preferences: Preferences) -> Result<Preferences> {
        Ok(lock(&self.settings).set_preferences(preferences)?)
    }

    /// Saves the page and connection shown, so the next start opens there.
    pub fn remember_view(&self, view: LastView) -> Result<()> {
        Ok(lock(&self.settings).remember_view(view)?)
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
        let entry = self.entry_for(Action::ConnectionEdited, id);
        let work = self.update_connection_unrecorded(id, draft);
        self.recorded(entry, work).await
    }

    async fn update_connection_unrecorded(
        &self,
        id: &str,
        draft: &ConnectionDraft,
    ) -> Result<Connection> {
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
        let entry = self.entry_for(Action::ConnectionRemoved, id);
        self.recorded(entry, self.remove_connection_unrecorded(id))
            .await
    }

    async fn remove_connection_unrecorded(&self, id: &str) -> Result<()> {
        self.registries.drop_client(id);
        let result = self
            .belongings()
            .remove_connection(&self.settings, id)
            .await;
        self.registries.drop_client(id);
        self.clusters.drop_client(id);
        self.health.drop_connection(id);
        match result {
            Ok(_) => {
                // Best effort, after the connection is gone: an entry left behind is bound to
                // the connection's origin and id, which no new connection reuses.
                let _ = self.forget_metrics_secret(id).await;
                Ok(())
            }
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
        let work = async {
            Ok(auth::kubeconfig::import::import(
                &Locations::from_env(),
                request,
                &self.settings,
                &self.ca_dir,
                self.sign_ins.store(),
            )
            .await?)
        };
        let entry =
            Entry::new(Action::KubeconfigImported).target(TargetKind::Context, &request.context);
        self.recorded(entry, work).await
    }
}
