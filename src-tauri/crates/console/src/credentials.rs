//! The Credentials page: login lines, Docker/Podman auth-file entries and pull secrets, made
//! by the `credentials` crate from the sign-in a registry connection keeps, or from a token
//! the user minted (nothing of which is kept).

use std::path::PathBuf;

use credentials::model::{
    AuthFileKind, AuthFilePreview, AuthFileWritten, LoginLines, PullSecret, PullSecretRequest,
    SecretKind, SecretRef,
};
use credentials::paths::{Env, auth_file_path};
use vault::{BasicCredentials, Secret};

use crate::{Console, Error, Result};

/// Where the auth file of `kind` is, and why there (which variable chose it).
fn path_of(kind: AuthFileKind) -> Result<(PathBuf, String)> {
    auth_file_path(kind, &Env::from_process()).ok_or(Error::NoHome)
}

/// The auth-file key and credentials for a token the user minted (a service account's), for
/// the registry they typed.
fn token_credentials(
    registry: &str,
    username: &str,
    token: String,
) -> Result<(String, BasicCredentials)> {
    let key = credentials::login::registry_key(registry.trim())?;
    credentials::login::check_username(username)?;
    Ok((key, BasicCredentials::new(username, token)))
}

/// The path the auth file of `kind` is written to, for its activity entry (empty when there is
/// no home, which fails the write and is recorded as such).
fn written_path(kind: AuthFileKind) -> String {
    path_of(kind)
        .map(|(path, _)| path.display().to_string())
        .unwrap_or_default()
}

impl Console {
    /// The registry key of connection `connection_id` and the credentials it is signed in
    /// with; [`Error::NotSignedIn`] without a sign-in. A registry linked to a cluster signs in
    /// as `oc registry login` does: user `user` and the cluster session's current token
    /// ([`Error::SignInRequired`] naming the cluster when there is none).
    async fn registry_credentials(
        &self,
        connection_id: &str,
    ) -> Result<(String, BasicCredentials)> {
        let connection = self.connection(connection_id)?;
        let key = credentials::login::registry_key(&connection.url)?;
        if connection.linked_cluster.is_some() {
            let login =
                self.registries
                    .linked_login
                    .get()
                    .cloned()
                    .ok_or_else(|| Error::NotLinked {
                        connection: connection.name.clone(),
                    })?;
            let token = login(connection).await?;
            let username = crate::cluster_registry::REGISTRY_USER.to_owned();
            return Ok((
                key,
                BasicCredentials {
                    username,
                    password: token,
                },
            ));
        }
        let bound_to = connection.clone();
        let found = self
            .registries
            .vault(move |vault| vault.load(&bound_to))
            .await?;
        match found {
            Some((credentials, _)) => Ok((key, credentials)),
            None => Err(Error::NotSignedIn {
                connection: connection.name,
            }),
        }
    }

    /// `docker login` and `podman login` lines for a signed-in registry connection.
    pub async fn login_lines(&self, connection_id: &str) -> Result<LoginLines> {
        let (key, credentials) = self.registry_credentials(connection_id).await?;
        Ok(credentials::login::login_lines(&key, &credentials)?)
    }

    /// The secret `reference` names, read from the sign-in the connection keeps: for the
    /// window when the user reveals it, or for the clipboard when they copy it.
    pub async fn secret(&self, reference: &SecretRef) -> Result<Secret> {
        let (_, credentials) = self.registry_credentials(&reference.connection_id).await?;
        match reference.kind {
            SecretKind::Password => Ok(credentials.password),
        }
    }

    /// What writing the connection's entry into Docker's or Podman's auth file would do.
    pub async fn auth_file_preview(
        &self,
        connection_id: &str,
        kind: AuthFileKind,
    ) -> Result<AuthFilePreview> {
        let (key, credentials) = self.registry_credentials(connection_id).await?;
        let (path, reason) = path_of(kind)?;
        Ok(credentials::preview(
            kind,
            &path,
            &reason,
            &key,
            &credentials,
        )?)
    }

    /// Writes the connection's entry into Docker's or Podman's auth file (after the user
    /// confirmed the preview): merged, atomic, with a backup of the previous file.
    pub async fn auth_file_write(
        &self,
        connection_id: &str,
        kind: AuthFileKind,
    ) -> Result<AuthFileWritten> {
        let entry = self
            .entry_for(audit::Action::AuthFileWritten, connection_id)
            .target(audit::TargetKind::File, &written_path(kind));
        let work = async {
            let (key, credentials) = self.registry_credentials(connection_id).await?;
            let (path, _) = path_of(kind)?;
            Ok(credentials::write(kind, &path, &key, &credentials)?)
        };
        self.recorded(entry, work).await
    }

    /// A `kubernetes.io/dockerconfigjson` pull secret for the connection's registry.
    pub async fn pull_secret(
        &self,
        connection_id: &str,
        request: &PullSecretRequest,
    ) -> Result<PullSecret> {
        let (key, credentials) = self.registry_credentials(connection_id).await?;
        Ok(credentials::pull_secret::pull_secret(
            &key,
            &credentials,
            request,
        )?)
    }

    /// What writing a minted `token` for `registry` into Docker's or Podman's auth file would
    /// do.
    pub fn token_auth_file_preview(
        &self,
        registry: &str,
        username: &str,
        token: String,
        kind: AuthFileKind,
    ) -> Result<AuthFilePreview> {
        let (key, credentials) = token_credentials(registry, username, token)?;
        let (path, reason) = path_of(kind)?;
        Ok(credentials::preview(
            kind,
            &path,
            &reason,
            &key,
            &credentials,
        )?)
    }

    /// Writes a minted `token` for `registry` into Docker's or Podman's auth file (after the
    /// user confirmed the preview).
    pub fn token_auth_file_write(
        &self,
        registry: &str,
        username: &str,
        token: String,
        kind: AuthFileKind,
    ) -> Result<AuthFileWritten> {
        let entry = audit::Entry::new(audit::Action::AuthFileWritten)
            .server(registry)
            .user(Some(username))
            .target(audit::TargetKind::File, &written_path(kind));
        let result = token_credentials(registry, username, token).and_then(|(key, credentials)| {
            let (path, _) = path_of(kind)?;
            Ok(credentials::write(kind, &path, &key, &credentials)?)
        });
        self.record(entry, &result);
        result
    }
}
