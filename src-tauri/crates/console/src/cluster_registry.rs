//! The cluster's own registry: "Open the cluster's registry" from an OpenShift connection
//! finds the registry's host names ([`cluster::ClusterClient::registry_info`]), adds (or
//! reuses) a registry connection **linked** to the cluster connection, and that connection
//! signs in with the cluster's current token.
//!
//! The link keeps no second copy of the token: each registry call asks the cluster's session
//! for its token ([`auth::oidc::fresh_bearer`], the same read as the Access page's), and the
//! registry client is made anew when the token changed (a new sign-in, a refresh). The user
//! name is `user`, as `oc registry login` sends it (the integrated registry ignores it; it
//! must not hold a colon, which would end it inside Basic credentials).
//!
//! Deleting on a linked connection goes through the image API, as `oc tag -d` does: the
//! integrated registry's own manifest delete removes only stored content and leaves the
//! image stream pointing at it, so it is refused here ([`Error::RegistryDeleteNotOffered`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use auth::{Bearer, SessionStore};
use cluster::{RegistryHost, RegistryInfo};
use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use registry::RegistryClient;
use vault::{BasicCredentials, Secret};

use crate::registries::Registries;
use crate::{Console, Error, Result, lock};

/// The user name sent with the cluster's token, as `oc registry login` sends it.
pub const REGISTRY_USER: &str = "user";

/// Where a linked connection's token comes from: its cluster connection's session.
pub type LinkedLogin =
    Arc<dyn Fn(Connection) -> Pin<Box<dyn Future<Output = Result<Secret>> + Send>> + Send + Sync>;

/// The login of the cluster `connection` is linked to: its session's current token, or
/// [`Error::SignInRequired`] naming the cluster.
pub(crate) fn linked_login(
    settings: Arc<Mutex<SettingsStore>>,
    sessions: Arc<SessionStore>,
) -> LinkedLogin {
    Arc::new(move |connection: Connection| {
        let settings = Arc::clone(&settings);
        let sessions = Arc::clone(&sessions);
        Box::pin(async move {
            let cluster_id = connection.linked_cluster.clone().unwrap_or_default();
            let cluster = lock(&settings).connection(&cluster_id)?;
            if cluster.kind != ConnectionKind::Openshift {
                return Err(Error::NotOpenShift {
                    connection: cluster.name,
                });
            }
            match auth::oidc::fresh_bearer(&sessions, &cluster).await? {
                Bearer::Token(token) => Ok(token),
                Bearer::Expired => Err(Error::SignInRequired {
                    connection: cluster.name,
                    expired: true,
                }),
                Bearer::Missing => Err(Error::SignInRequired {
                    connection: cluster.name,
                    expired: false,
                }),
            }
        })
    })
}

/// How the new connection checks the registry's certificate, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsChoice {
    /// The system's roots verify it (a route with a publicly trusted certificate).
    System,
    /// The cluster connection's CA bundle verifies it (the router's certificate is signed by
    /// the cluster's ingress CA).
    ClusterCa,
    /// The cluster connection does not verify TLS, and neither does this one.
    ClusterInsecure,
    /// Neither verified it: system roots are kept, and browsing will say why it fails.
    Unverified,
}

/// What "Open the cluster's registry" did.
#[derive(Debug, Clone)]
pub struct OpenedRegistry {
    /// The linked registry connection.
    pub connection: Connection,
    /// It existed already (linked to this cluster, same URL).
    pub reused: bool,
    /// The host it uses, and where it was found.
    pub host: RegistryHost,
    /// How it checks TLS, and why.
    pub tls: TlsChoice,
}

impl Registries {
    /// The client of a linked connection, signed in with its cluster's current token; made
    /// anew when the token or the connection changed.
    pub(crate) async fn linked_client(&self, connection: &Connection) -> Result<RegistryClient> {
        let login = self
            .linked_login
            .get()
            .cloned()
            .ok_or_else(|| Error::NotLinked {
                connection: connection.name.clone(),
            })?;
        let token = login(connection.clone()).await?;
        if let Some((seen, seen_token, client)) = lock(&self.linked_clients).get(&connection.id)
            && seen == connection
            && seen_token.expose() == token.expose()
        {
            return Ok(client.clone());
        }
        let credentials = BasicCredentials {
            username: REGISTRY_USER.to_owned(),
            password: token.clone(),
        };
        let client =
            RegistryClient::with_options(connection, Some(credentials), self.options.clone())?;
        lock(&self.linked_clients).insert(
            connection.id.clone(),
            (connection.clone(), token, client.clone()),
        );
        Ok(client)
    }

    /// A linked connection has no sign-in of its own.
    pub(crate) fn refuse_if_linked(&self, connection: &Connection) -> Result<()> {
        match &connection.linked_cluster {
            Some(_) => Err(Error::LinkedSignIn {
                connection: connection.name.clone(),
            }),
            None => Ok(()),
        }
    }

    /// The registry-API manifest delete is not offered on the cluster's registry.
    pub(crate) fn refuse_delete_if_linked(&self, connection: &Connection) -> Result<()> {
        match &connection.linked_cluster {
            Some(_) => Err(Error::RegistryDeleteNotOffered {
                connection: connection.name.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// Splits a repository of the integrated registry into its project and image stream.
pub fn project_and_stream(repository: &str) -> Result<(&str, &str)> {
    match repository.split('/').collect::<Vec<_>>().as_slice() {
        [project, stream] if !project.is_empty() && !stream.is_empty() => Ok((project, stream)),
        _ => Err(Error::NotClusterRepository {
            repository: repository.to_owned(),
        }),
    }
}

impl Console {
    /// The cluster's registry host names as `oc registry info` finds them, and which one the
    /// app uses from this machine and why. `project` is the project whose image streams are
    /// read too (besides `openshift`).
    pub async fn cluster_registry_info(
        &self,
        cluster_id: &str,
        project: Option<&str>,
    ) -> Result<RegistryInfo> {
        let project = project.map(str::to_owned);
        self.cluster(cluster_id, |client| async move {
            client.registry_info(project.as_deref()).await
        })
        .await
    }

    /// Adds (or reuses) the registry connection linked to the OpenShift connection
    /// `cluster_id` for `host`, which must be one of the external TLS host names the cluster
    /// gives now (the webview cannot send the cluster's token elsewhere).
    pub async fn open_cluster_registry(
        &self,
        cluster_id: &str,
        project: Option<&str>,
        host: &str,
    ) -> Result<OpenedRegistry> {
        let entry = self
            .cluster_entry(audit::Action::ClusterRegistryOpened, cluster_id)
            .await
            .target(audit::TargetKind::Host, host);
        let work = self.open_cluster_registry_unrecorded(cluster_id, project, host);
        self.recorded(entry, work).await
    }

    async fn open_cluster_registry_unrecorded(
        &self,
        cluster_id: &str,
        project: Option<&str>,
        host: &str,
    ) -> Result<OpenedRegistry> {
        let cluster = self.openshift_connection(cluster_id)?;
        let info = self.cluster_registry_info(cluster_id, project).await?;
        let found = info
            .hosts
            .iter()
            .find(|h| h.host == host.trim().to_ascii_lowercase() && h.external && h.tls)
            .cloned()
            .ok_or_else(|| Error::NoRegistryHost {
                connection: cluster.name.clone(),
                host: host.to_owned(),
            })?;
        let url = connections::validate::normalize_url(
            &format!("https://{}", found.host),
            ConnectionKind::Registry,
        )?;
        let existing = lock(&self.settings)
            .linked_to(cluster_id)
            .into_iter()
            .find(|c| c.url == url);
        if let Some(connection) = existing {
            let tls = match &connection.tls {
                TlsMode::System => TlsChoice::System,
                TlsMode::CaBundle { .. } => TlsChoice::ClusterCa,
                TlsMode::Insecure => TlsChoice::ClusterInsecure,
            };
            return Ok(OpenedRegistry {
                connection,
                reused: true,
                host: found,
                tls,
            });
        }
        let (tls_mode, tls) = choose_tls(&url, &cluster.tls, &self.registries).await;
        let name = self.free_name(&format!("{} registry", cluster.name));
        let draft = ConnectionDraft {
            name,
            kind: ConnectionKind::Registry,
            url,
            tls: tls_mode,
            openshift_version: None,
        };
        let connection = lock(&self.settings).add_linked(&draft, cluster_id)?;
        Ok(OpenedRegistry {
            connection,
            reused: false,
            host: found,
            tls,
        })
    }

    /// `base`, or `base (2)`, `base (3)`, ... when a connection has that name already.
    fn free_name(&self, base: &str) -> String {
        let settings = lock(&self.settings);
        let taken = |name: &str| {
            settings
                .settings()
                .connections
                .iter()
                .any(|c| c.name.to_lowercase() == name.to_lowercase())
        };
        let mut name = base.to_owned();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base} ({n})");
            n += 1;
        }
        name
    }

    /// Removes tag `tag` of image stream `repository` (`<project>/<stream>`) on the linked
    /// registry connection `registry_id`, through its cluster's image API as `oc tag -d` does.
    pub async fn cluster_registry_delete_tag(
        &self,
        registry_id: &str,
        repository: &str,
        tag: &str,
    ) -> Result<()> {
        let entry = self
            .entry_for(audit::Action::ImageStreamTagDeleted, registry_id)
            .target(audit::TargetKind::Repository, repository)
            .target(audit::TargetKind::Tag, tag);
        let work = self.delete_image_stream_tag(registry_id, repository, tag);
        self.recorded(entry, work).await
    }

    async fn delete_image_stream_tag(
        &self,
        registry_id: &str,
        repository: &str,
        tag: &str,
    ) -> Result<()> {
        let connection = self.connection(registry_id)?;
        let Some(cluster_id) = connection.linked_cluster.clone() else {
            return Err(Error::NotLinked {
                connection: connection.name,
            });
        };
        let (project, stream) = project_and_stream(repository)?;
        let (project, stream, tag) = (project.to_owned(), stream.to_owned(), tag.to_owned());
        self.cluster(&cluster_id, |client| async move {
            client
                .delete_image_stream_tag(&project, &stream, &tag)
                .await
        })
        .await
    }
}

/// The TLS mode for the registry at `url`: the system roots when they verify it, else the
/// cluster connection's CA bundle when that does, else the cluster's own choice to verify
/// nothing, else the system roots (browsing then says what is wrong).
async fn choose_tls(
    url: &str,
    cluster_tls: &TlsMode,
    registries: &Registries,
) -> (TlsMode, TlsChoice) {
    let verifies = |tls: TlsMode| async move {
        let probe = Connection {
            id: String::new(),
            name: String::new(),
            kind: ConnectionKind::Registry,
            url: url.to_owned(),
            tls,
            linked_cluster: None,
            openshift_version: None,
        };
        match RegistryClient::with_options(&probe, None, registries.options.clone()) {
            // Anonymous: a 401 answered over a verified connection is what is looked for.
            Ok(client) => match client.check().await {
                Ok(()) => true,
                Err(e) => e.code() != codes::ErrorCode::TlsFailure,
            },
            Err(_) => false,
        }
    };
    if verifies(TlsMode::System).await {
        return (TlsMode::System, TlsChoice::System);
    }
    match cluster_tls {
        TlsMode::CaBundle { path } if verifies(cluster_tls.clone()).await => (
            TlsMode::CaBundle { path: path.clone() },
            TlsChoice::ClusterCa,
        ),
        TlsMode::Insecure => (TlsMode::Insecure, TlsChoice::ClusterInsecure),
        _ => (TlsMode::System, TlsChoice::Unverified),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_repository_is_project_slash_stream() {
        assert_eq!(project_and_stream("p/app").unwrap(), ("p", "app"));
        for bad in ["app", "p/a/b", "/app", "p/", ""] {
            assert!(project_and_stream(bad).is_err(), "{bad}");
        }
        assert!(!REGISTRY_USER.contains(':'));
    }
}
