//! Importing a pull secret file (seed 004: a registry service account's Secret downloaded from
//! the Red Hat portal, or a `.dockerconfigjson`, Docker `config.json`, Podman `auth.json`):
//! the file is parsed by `credentials::import` and kept here, secrets and all, under an id;
//! the UI sees the entries masked and acts on one by its registry:
//! - create the Secret in a project and link it to a service account for pull (`oc create -f`
//!   then `oc secrets link <sa> <secret> --for=pull`), through the OpenShift connection's
//!   cluster client; granting `view` to the service account is the Access page's own grant;
//! - save it as a registry connection's sign-in (checked against the registry first, kept in
//!   the OS keyring), only for a connection whose registry is the entry's: a secret goes
//!   nowhere but where it was given for;
//! - merge it into Docker's or Podman's auth file, as the Credentials page does.
//!
//! A few imports are kept (the newest [`KEPT_IMPORTS`]); the UI forgets its own when its
//! dialog closes.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use cluster::{LinkFor, PullSecretEntry, ServiceAccount};
use connections::ConnectionKind;
use credentials::import::{ImportedEntry, ImportedPullSecret, PullSecretImport};
use credentials::model::{AuthFileKind, AuthFilePreview, AuthFileWritten};
use credentials::paths::{Env, auth_file_path};
use vault::{KeptIn, Secret, SignedIn};

use crate::{Console, Error, Result, lock};

/// How many imported files are kept at once.
pub const KEPT_IMPORTS: usize = 8;

/// The imported files, newest last.
#[derive(Default)]
pub struct PullSecretImports {
    imports: Mutex<Vec<(String, Arc<ImportedPullSecret>)>>,
    next: AtomicU64,
}

impl std::fmt::Debug for PullSecretImports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PullSecretImports").finish_non_exhaustive()
    }
}

impl PullSecretImports {
    fn keep(&self, parsed: ImportedPullSecret) -> (String, Arc<ImportedPullSecret>) {
        let id = format!(
            "pull-secret-{}",
            self.next.fetch_add(1, Ordering::SeqCst) + 1
        );
        let parsed = Arc::new(parsed);
        let mut imports = lock(&self.imports);
        imports.push((id.clone(), Arc::clone(&parsed)));
        let extra = imports.len().saturating_sub(KEPT_IMPORTS);
        imports.drain(..extra);
        (id, parsed)
    }

    fn entry(&self, import_id: &str, registry: &str) -> Result<ImportedEntry> {
        let imports = lock(&self.imports);
        let parsed = imports
            .iter()
            .find(|(id, _)| id == import_id)
            .map(|(_, p)| Arc::clone(p))
            .ok_or(Error::ImportGone)?;
        drop(imports);
        parsed
            .entry(registry)
            .cloned()
            .ok_or_else(|| Error::ImportEntryMissing {
                registry: registry.to_owned(),
            })
    }

    fn forget(&self, import_id: &str) -> bool {
        let mut imports = lock(&self.imports);
        let before = imports.len();
        imports.retain(|(id, _)| id != import_id);
        imports.len() != before
    }
}

/// What creating the Secret did.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PullSecretCreated {
    /// The Secret's name.
    pub secret: String,
    /// The project.
    pub namespace: String,
    /// The service account it was linked to for pull, as the cluster now holds it.
    pub service_account: Option<ServiceAccount>,
}

fn path_of(kind: AuthFileKind) -> Result<(std::path::PathBuf, String)> {
    auth_file_path(kind, &Env::from_process()).ok_or(Error::NoHome)
}

impl Console {
    /// Parses a pull secret file the user opened or pasted (sent as base64) and keeps it.
    pub fn pull_secret_import(
        &self,
        file_name: &str,
        content_base64: &str,
    ) -> Result<PullSecretImport> {
        let parsed = credentials::import::parse_base64(file_name, content_base64)?;
        let (id, parsed) = self.pull_secret_imports.keep(parsed);
        Ok(parsed.view(&id, file_name))
    }

    /// Parses the pull secret file at `path` (refused by its size when too large) and keeps it.
    pub fn pull_secret_import_path(&self, path: &std::path::Path) -> Result<PullSecretImport> {
        let parsed = credentials::import::read_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (id, parsed) = self.pull_secret_imports.keep(parsed);
        Ok(parsed.view(&id, &name))
    }

    /// The password or token of an imported entry, for the user who asked to see it.
    pub fn pull_secret_import_reveal(&self, import_id: &str, registry: &str) -> Result<Secret> {
        let entry = self.pull_secret_imports.entry(import_id, registry)?;
        Ok(entry.credentials.password.clone())
    }

    /// Forgets an imported file (its dialog closed); `false` when it was already gone.
    pub fn pull_secret_import_forget(&self, import_id: &str) -> bool {
        self.pull_secret_imports.forget(import_id)
    }

    /// Creates a `kubernetes.io/dockerconfigjson` Secret `secret_name` in `namespace` holding
    /// the imported entry for `registry` (as `oc create -f <file>`), then, when a service
    /// account is named, links it for pull (`oc secrets link <sa> <secret> --for=pull`).
    pub async fn pull_secret_import_create(
        &self,
        cluster_connection_id: &str,
        import_id: &str,
        registry: &str,
        namespace: &str,
        secret_name: &str,
        service_account: Option<&str>,
    ) -> Result<PullSecretCreated> {
        let entry = self.pull_secret_imports.entry(import_id, registry)?;
        let entries = [PullSecretEntry {
            registry: entry.registry.clone(),
            username: entry.credentials.username.clone(),
            password: entry.credentials.password.clone(),
            email: entry.email.clone(),
        }];
        let namespace = namespace.trim().to_owned();
        let secret = secret_name.trim().to_owned();
        let service_account = service_account
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let (ns, name) = (namespace.clone(), secret.clone());
        let created = self
            .cluster_entry(audit::Action::SecretCreated, cluster_connection_id)
            .await
            .target(audit::TargetKind::Project, &namespace)
            .target(audit::TargetKind::Secret, &secret)
            .target(audit::TargetKind::Host, &entries[0].registry);
        let work = self.cluster(cluster_connection_id, |c| async move {
            c.create_pull_secret(&ns, &name, &entries).await
        });
        self.recorded(created, work).await?;
        let linked = match service_account {
            Some(sa) => {
                let (ns, name) = (namespace.clone(), secret.clone());
                let link = LinkFor {
                    pull: true,
                    mount: false,
                };
                let linked = self
                    .cluster_entry(audit::Action::SecretLinked, cluster_connection_id)
                    .await
                    .target(audit::TargetKind::Project, &namespace)
                    .target(audit::TargetKind::ServiceAccount, &sa)
                    .target(audit::TargetKind::Secret, &secret)
                    .target(audit::TargetKind::Value, "pull");
                let work = self.cluster(cluster_connection_id, |c| async move {
                    c.link_secret(&ns, &sa, &name, link).await
                });
                Some(self.recorded(linked, work).await?)
            }
            None => None,
        };
        Ok(PullSecretCreated {
            secret,
            namespace,
            service_account: linked,
        })
    }

    /// Signs registry connection `connection_id` in with the imported entry for `registry`
    /// (checked against the registry first), kept in `kept_in`. Refused for a connection of
    /// another registry: the secret was given for the entry's registry only.
    pub async fn pull_secret_import_sign_in(
        &self,
        import_id: &str,
        registry: &str,
        connection_id: &str,
        kept_in: KeptIn,
    ) -> Result<SignedIn> {
        let audit_entry = self.entry_for(audit::Action::SignIn, connection_id);
        let work =
            self.pull_secret_import_sign_in_unrecorded(import_id, registry, connection_id, kept_in);
        self.recorded(audit_entry, work).await
    }

    async fn pull_secret_import_sign_in_unrecorded(
        &self,
        import_id: &str,
        registry: &str,
        connection_id: &str,
        kept_in: KeptIn,
    ) -> Result<SignedIn> {
        let entry = self.pull_secret_imports.entry(import_id, registry)?;
        let connection = self.connection(connection_id)?;
        let entry_key = credentials::login::registry_key(&entry.registry)?;
        let connection_key = credentials::login::registry_key(&connection.url)?;
        if connection.kind != ConnectionKind::Registry || entry_key != connection_key {
            return Err(Error::ImportOtherRegistry {
                registry: entry_key,
                connection: connection.name,
                connection_registry: connection_key,
            });
        }
        self.registries
            .sign_in(&connection, entry.credentials.clone(), kept_in)
            .await
    }

    /// What merging the imported entry for `registry` into Docker's or Podman's auth file
    /// would do.
    pub fn pull_secret_import_auth_file_preview(
        &self,
        import_id: &str,
        registry: &str,
        kind: AuthFileKind,
    ) -> Result<AuthFilePreview> {
        let entry = self.pull_secret_imports.entry(import_id, registry)?;
        let key = credentials::login::registry_key(&entry.registry)?;
        let (path, reason) = path_of(kind)?;
        Ok(credentials::preview(
            kind,
            &path,
            &reason,
            &key,
            &entry.credentials,
        )?)
    }

    /// Merges the imported entry for `registry` into Docker's or Podman's auth file (after
    /// the user confirmed the preview): atomic, with a backup of the previous file.
    pub fn pull_secret_import_auth_file_write(
        &self,
        import_id: &str,
        registry: &str,
        kind: AuthFileKind,
    ) -> Result<AuthFileWritten> {
        let (path, _) = path_of(kind)?;
        self.pull_secret_import_auth_file_write_to(import_id, registry, kind, &path)
    }

    /// [`Console::pull_secret_import_auth_file_write`] into the file at `path`, for a caller
    /// that chose the file itself (the tests, which must not touch the user's own).
    pub fn pull_secret_import_auth_file_write_to(
        &self,
        import_id: &str,
        registry: &str,
        kind: AuthFileKind,
        path: &std::path::Path,
    ) -> Result<AuthFileWritten> {
        let result = self
            .pull_secret_imports
            .entry(import_id, registry)
            .and_then(|entry| {
                let key = credentials::login::registry_key(&entry.registry)?;
                Ok(credentials::write(kind, path, &key, &entry.credentials)?)
            });
        let audit_entry = audit::Entry::new(audit::Action::AuthFileWritten)
            .server(registry)
            .target(audit::TargetKind::File, &path.display().to_string());
        self.record(audit_entry, &result);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(user: &str) -> ImportedPullSecret {
        let body = format!(
            r#"{{"auths":{{"registry.redhat.io":{{"username":"{user}","password":"tok"}}}}}}"#
        );
        credentials::import::parse("auth.json", body.as_bytes()).unwrap()
    }

    #[test]
    fn imports_are_kept_by_id_and_the_oldest_go() {
        let imports = PullSecretImports::default();
        let (first, _) = imports.keep(parsed("12345678|a"));
        let entry = imports.entry(&first, "registry.redhat.io").unwrap();
        assert_eq!(entry.credentials.username, "12345678|a");
        assert!(matches!(
            imports.entry(&first, "quay.io"),
            Err(Error::ImportEntryMissing { .. })
        ));
        for _ in 0..KEPT_IMPORTS {
            imports.keep(parsed("b"));
        }
        assert!(matches!(
            imports.entry(&first, "registry.redhat.io"),
            Err(Error::ImportGone)
        ));
        let (last, _) = imports.keep(parsed("c"));
        assert!(imports.forget(&last));
        assert!(!imports.forget(&last));
    }
}
