//! The Quay area: a Quay connection's API client, made from the connection's sign-in.
//!
//! A Quay sign-in is the connection's registry sign-in (one keyring entry, `vault::SignInVault`):
//! an OAuth access token is kept as user `$oauthtoken` (the user name `docker login` takes for
//! it), so the same sign-in browses `/v2` and calls `/api/v1`. A robot account or a user name
//! and password also sign in, for the registry only: Quay's API takes OAuth tokens, so the
//! Quay page then asks for a token ([`Error::QuayTokenRequired`]).

use std::collections::HashMap;
use std::sync::Mutex;

use connections::{Connection, ConnectionKind};
use credentials::model::{LoginLines, PullSecret, PullSecretRequest};
use quay::{Organization, QuayClient, QuayUser, Repository, Robot, RobotToken};
use vault::{BasicCredentials, KeptIn, Secret};

use crate::{Console, Error, Result, lock};

/// The user name Quay's `/v2` takes with an OAuth access token.
pub const OAUTH_TOKEN_USER: &str = "$oauthtoken";

/// One Quay client per connection, remade when the connection or its token changes.
#[derive(Default)]
pub struct Quays {
    clients: Mutex<HashMap<String, (Connection, QuayClient)>>,
}

impl std::fmt::Debug for Quays {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Quays").finish_non_exhaustive()
    }
}

/// A robot account's token with what the user copies it as.
#[derive(Debug, Clone)]
pub struct RobotCredentials {
    /// `<organization>+<name>`, its token.
    pub robot: RobotToken,
    /// `docker login` / `podman login` lines for the Quay.
    pub login: LoginLines,
}

impl Console {
    /// The saved connection `id` if it is a Quay, else [`Error::NotQuay`].
    fn quay_connection(&self, id: &str) -> Result<Connection> {
        let connection = self.connection(id)?;
        if connection.kind != ConnectionKind::Quay {
            return Err(Error::NotQuay {
                connection: connection.name,
            });
        }
        Ok(connection)
    }

    /// The API client of Quay connection `id`, signed in with its OAuth token.
    pub async fn quay_client(&self, id: &str) -> Result<QuayClient> {
        let connection = self.quay_connection(id)?;
        let bound_to = connection.clone();
        let found = self
            .registries
            .vault(move |vault| vault.load(&bound_to))
            .await?;
        let Some((credentials, _)) = found else {
            lock(&self.quays.clients).remove(id);
            return Err(Error::SignInRequired {
                connection: connection.name,
                expired: false,
            });
        };
        if credentials.username != OAUTH_TOKEN_USER {
            return Err(Error::QuayTokenRequired {
                connection: connection.name,
                username: credentials.username,
            });
        }
        let mut clients = lock(&self.quays.clients);
        if let Some((seen, client)) = clients.get(id)
            && *seen == connection
            && client.token_is(credentials.password.expose())
        {
            return Ok(client.clone());
        }
        let client = QuayClient::new(&connection, credentials.password)?;
        clients.insert(id.to_owned(), (connection, client.clone()));
        Ok(client)
    }

    /// Signs in to Quay connection `id` with an OAuth access `token`: Quay's API must accept
    /// it (who it signs in as is the answer), then `/v2` must (as `$oauthtoken`); only then is
    /// it kept in `kept_in`. A refused token is kept nowhere.
    pub async fn quay_sign_in(&self, id: &str, token: Secret, kept_in: KeptIn) -> Result<QuayUser> {
        let result = self.quay_sign_in_unrecorded(id, token, kept_in).await;
        let mut entry = self.entry_for(audit::Action::SignIn, id);
        if let Ok(user) = &result {
            entry = entry.user(Some(&user.username));
        }
        self.recorded(entry, async { result }).await
    }

    async fn quay_sign_in_unrecorded(
        &self,
        id: &str,
        token: Secret,
        kept_in: KeptIn,
    ) -> Result<QuayUser> {
        let connection = self.quay_connection(id)?;
        let client = QuayClient::new(&connection, token.clone())?;
        let user = client.whoami().await?;
        self.registries
            .sign_in(
                &connection,
                BasicCredentials {
                    username: OAUTH_TOKEN_USER.into(),
                    password: token,
                },
                kept_in,
            )
            .await?;
        lock(&self.quays.clients).insert(id.to_owned(), (connection, client));
        Ok(user)
    }

    /// Who the Quay connection `id` is signed in as.
    pub async fn quay_whoami(&self, id: &str) -> Result<QuayUser> {
        Ok(self.quay_client(id).await?.whoami().await?)
    }

    /// The organizations of the signed-in user; for a superuser, every organization of the Quay.
    pub async fn quay_organizations(&self, id: &str) -> Result<Vec<Organization>> {
        Ok(self.quay_client(id).await?.all_organizations().await?)
    }

    /// The repositories of `namespace`.
    pub async fn quay_repositories(&self, id: &str, namespace: &str) -> Result<Vec<Repository>> {
        Ok(self.quay_client(id).await?.repositories(namespace).await?)
    }

    /// The robot accounts of `organization`.
    pub async fn quay_robots(&self, id: &str, organization: &str) -> Result<Vec<Robot>> {
        Ok(self.quay_client(id).await?.robots(organization).await?)
    }

    /// The login lines of a robot token, for the Quay of connection `id`.
    fn robot_credentials(connection: &Connection, robot: RobotToken) -> Result<RobotCredentials> {
        let key = credentials::login::registry_key(&connection.url)?;
        let login = credentials::login::login_lines(
            &key,
            &BasicCredentials {
                username: robot.name.clone(),
                password: robot.token.clone(),
            },
        )?;
        Ok(RobotCredentials { robot, login })
    }

    /// Creates robot `name` in `organization`; its token and login lines.
    pub async fn quay_robot_create(
        &self,
        id: &str,
        organization: &str,
        name: &str,
        description: &str,
    ) -> Result<RobotCredentials> {
        let entry = self
            .entry_for(audit::Action::QuayRobotCreated, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Robot, name);
        let work = async {
            let client = self.quay_client(id).await?;
            let robot = client.create_robot(organization, name, description).await?;
            Self::robot_credentials(&self.connection(id)?, robot)
        };
        self.recorded(entry, work).await
    }

    /// The token and login lines of robot `name` (short name) of `organization`.
    pub async fn quay_robot_credentials(
        &self,
        id: &str,
        organization: &str,
        name: &str,
    ) -> Result<RobotCredentials> {
        let client = self.quay_client(id).await?;
        let robot = client.robot_token(organization, name).await?;
        Self::robot_credentials(&self.connection(id)?, robot)
    }

    /// Gives robot `name` of `organization` a new token (the old one stops working at once).
    pub async fn quay_robot_regenerate(
        &self,
        id: &str,
        organization: &str,
        name: &str,
    ) -> Result<RobotCredentials> {
        let entry = self
            .entry_for(audit::Action::QuayRobotRegenerated, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Robot, name);
        let work = async {
            let client = self.quay_client(id).await?;
            let robot = client.regenerate_robot_token(organization, name).await?;
            Self::robot_credentials(&self.connection(id)?, robot)
        };
        self.recorded(entry, work).await
    }

    /// Deletes robot `name` of `organization`.
    pub async fn quay_robot_delete(&self, id: &str, organization: &str, name: &str) -> Result<()> {
        let entry = self
            .entry_for(audit::Action::QuayRobotDeleted, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Robot, name);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .delete_robot(organization, name)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// A `kubernetes.io/dockerconfigjson` pull secret holding robot `name`'s token for the Quay.
    pub async fn quay_robot_pull_secret(
        &self,
        id: &str,
        organization: &str,
        name: &str,
        request: &PullSecretRequest,
    ) -> Result<PullSecret> {
        let client = self.quay_client(id).await?;
        let robot = client.robot_token(organization, name).await?;
        let key = credentials::login::registry_key(&self.connection(id)?.url)?;
        Ok(credentials::pull_secret::pull_secret(
            &key,
            &BasicCredentials {
                username: robot.name,
                password: robot.token,
            },
            request,
        )?)
    }
}
