//! The Quay page's Applications tab and the Quay Bridge Operator set-up (seed document 003):
//! an organization's OAuth applications, an access token generated for one (through Quay
//! 3.18's token API with the connection's own sign-in, or in the system browser through Quay's
//! code grant), then the operator's `quay-integration` secret and `QuayIntegration` written
//! through an OpenShift connection, and the sync check of what the operator has made on Quay.
//!
//! Tokens are [`Secret`]s here; the shell hands one to the window only when the user made it.

use auth::BrowserOpener;
use cluster::Applied;
use connections::{ConnectionKind, TlsMode};
use quay::bridge::{
    QUAY_INTEGRATION_GROUP, QUAY_INTEGRATION_PLURAL, QUAY_INTEGRATION_VERSION, QuayIntegration,
    SyncReport,
};
use quay::{Application, NewApplication, NewApplicationToken, OAuthScope, ScopeInfo};
use vault::Secret;

use crate::sign_ins::Waiting;
use crate::{Console, Error, Result};

/// What the Bridge Operator's set-up shows to copy: the resource's YAML and the `oc create
/// secret` line (with the token, a [`Secret`]; with a placeholder when there is none).
#[derive(Debug, Clone)]
pub struct BridgeManifests {
    /// The `QuayIntegration` as YAML (`oc create -f quay-integration.yaml`).
    pub yaml: String,
    /// `oc create secret generic quay-integration --from-literal=token=… -n …`.
    pub secret_command: Secret,
    /// The same line with the token masked.
    pub secret_command_masked: String,
}

/// A refusal of what the user typed, before anything is sent (said as the UI's invalid input).
fn invalid_input(why: &str) -> Error {
    Error::Cluster(cluster::Error::InvalidInput(why.to_owned()))
}

/// The mask shown in place of a token.
const MASK: &str = "••••••••";

impl Console {
    /// The OAuth applications of `organization`, sorted by name.
    pub async fn quay_applications(
        &self,
        id: &str,
        organization: &str,
    ) -> Result<Vec<Application>> {
        Ok(self
            .quay_client(id)
            .await?
            .applications(organization)
            .await?)
    }

    /// Creates application `name` in `organization`, its redirect URI the app's loopback
    /// address (the browser flow points it at its listener's port before each run).
    async fn quay_application_create_unrecorded(
        &self,
        id: &str,
        organization: &str,
        name: &str,
        description: &str,
    ) -> Result<Application> {
        // Quay itself takes an application without a name (and lists it as ""): refused here.
        if name.trim().is_empty() {
            return Err(invalid_input("An application needs a name."));
        }
        let new = NewApplication {
            name: name.trim().to_owned(),
            redirect_uri: quay::LOOPBACK_REDIRECT_URI.to_owned(),
            application_uri: String::new(),
            description: description.trim().to_owned(),
        };
        Ok(self
            .quay_client(id)
            .await?
            .create_application(organization, &new)
            .await?)
    }

    /// Deletes application `client_id` of `organization`: every token it issued stops working.
    ///
    /// Signed in with a token the application issued, Quay 3.18 deletes the application (and
    /// the token with it), then fails writing its audit log entry, which names the token's
    /// application (HTTP 500). Such a 500 is taken as done when the application is gone, or the
    /// sign-in's token with it.
    async fn quay_application_delete_unrecorded(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
    ) -> Result<()> {
        let client = self.quay_client(id).await?;
        match client.delete_application(organization, client_id).await {
            Err(failed @ quay::Error::Server { status: 500, .. }) => {
                match client.application(organization, client_id).await {
                    Err(quay::Error::NotFound { .. } | quay::Error::SignInRequired) => Ok(()),
                    _ => Err(failed.into()),
                }
            }
            done => Ok(done?),
        }
    }

    /// Generates a token of application `client_id` with `scopes` (none: all) through Quay
    /// 3.18's token API, as the signed-in user; Quay refuses a scope the sign-in's own token
    /// lacks (403).
    async fn quay_application_token_unrecorded(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
        name: &str,
        scopes: &[OAuthScope],
    ) -> Result<NewApplicationToken> {
        Ok(self
            .quay_client(id)
            .await?
            .create_application_token(organization, client_id, name, scopes, None)
            .await?)
    }

    /// Generates a token of application `client_id` with `scopes` (none: all) in the system
    /// browser (`browser`): Quay's authorization page, "Authorize Application", the code on the
    /// loopback listener. The sign-in's token reads the application's client secret and
    /// points its redirect URI at the listener. `auth_cancel` with `request_id` stops the wait.
    async fn quay_application_token_in_browser_unrecorded(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
        scopes: &[OAuthScope],
        browser: &dyn BrowserOpener,
        request_id: &str,
    ) -> Result<Secret> {
        let client = self.quay_client(id).await?;
        let application = client.application(organization, client_id).await?;
        let waiting = Waiting::start(&self.sign_ins, request_id);
        auth::quay::generate_token_in_browser(
            &client,
            organization,
            &application,
            scopes,
            browser,
            &waiting.options,
        )
        .await
        .map_err(|e| match e {
            auth::quay::QuayTokenError::Quay(e) => Error::Quay(e),
            auth::quay::QuayTokenError::Browser(e) => Error::Auth(e),
        })
    }

    /// The documents' `QuayIntegration` for Quay connection `quay_id`: its URL as
    /// `quayHostname`, `insecureRegistry` when the connection does not verify Quay's
    /// certificate (no verification, or a CA of its own: a self-signed Quay), the token's
    /// secret in `secret_namespace`.
    pub fn quay_bridge_defaults(
        &self,
        quay_id: &str,
        secret_namespace: &str,
    ) -> Result<QuayIntegration> {
        let connection = self.connection(quay_id)?;
        if connection.kind != ConnectionKind::Quay {
            return Err(Error::NotQuay {
                connection: connection.name,
            });
        }
        let mut integration = QuayIntegration::new(&connection.url, secret_namespace.trim());
        integration.insecure_registry = !matches!(connection.tls, TlsMode::System);
        Ok(integration)
    }

    /// The YAML of `integration` and the `oc create secret` line with `token` (or its
    /// placeholder), after checking what the operator or the API server would refuse.
    pub fn quay_bridge_manifests(
        integration: &QuayIntegration,
        token: Option<&Secret>,
    ) -> Result<BridgeManifests> {
        integration.validate()?;
        let token = token.filter(|t| !t.expose().trim().is_empty());
        let secret_command = integration.create_secret_command(token);
        let secret_command_masked = match token {
            Some(_) => integration
                .create_secret_command(Some(&Secret::new(MASK)))
                .expose()
                .to_owned(),
            None => secret_command.expose().to_owned(),
        };
        Ok(BridgeManifests {
            yaml: integration.to_yaml(),
            secret_command,
            secret_command_masked,
        })
    }

    /// Writes `token` into the secret `integration` names (key `token`), through OpenShift
    /// connection `cluster_id`: created, or updated when it exists.
    async fn quay_bridge_create_secret_unrecorded(
        &self,
        cluster_id: &str,
        integration: &QuayIntegration,
        token: Secret,
    ) -> Result<Applied> {
        integration.validate()?;
        if token.expose().trim().is_empty() {
            return Err(invalid_input(
                "There is no token to put into the secret: generate or paste one first.",
            ));
        }
        let secret = integration.credentials_secret.clone();
        self.cluster(cluster_id, |client| async move {
            client
                .put_opaque_secret(&secret.namespace, &secret.name, &secret.key, &token)
                .await
        })
        .await
    }

    /// Applies `integration` (cluster-scoped) through OpenShift connection `cluster_id`:
    /// created, or its spec replaced when it exists.
    async fn quay_bridge_apply_unrecorded(
        &self,
        cluster_id: &str,
        integration: &QuayIntegration,
    ) -> Result<Applied> {
        integration.validate()?;
        let object = integration.to_object();
        self.cluster(cluster_id, |client| async move {
            client
                .apply_cluster_resource(
                    QUAY_INTEGRATION_GROUP,
                    QUAY_INTEGRATION_VERSION,
                    QUAY_INTEGRATION_PLURAL,
                    &object,
                )
                .await
                .map(|(applied, _)| applied)
        })
        .await
    }

    /// The sync check on Quay connection `quay_id`: the namespaces of OpenShift connection
    /// `cluster_id` (when given) and the allowlisted ones, which the operator syncs, and for
    /// each whether organization `<clusterID>_<namespace>` and its `builder`, `default` and
    /// `deployer` robot accounts exist.
    pub async fn quay_bridge_sync_check(
        &self,
        quay_id: &str,
        cluster_id: Option<&str>,
        integration: &QuayIntegration,
    ) -> Result<SyncReport> {
        integration.validate()?;
        let client = self.quay_client(quay_id).await?;
        let namespaces: Vec<String> = match cluster_id.filter(|c| !c.is_empty()) {
            Some(cluster_id) => self
                .cluster(cluster_id, |c| async move { c.list_projects().await })
                .await?
                .projects
                .into_iter()
                .map(|p| p.name)
                .collect(),
            None => Vec::new(),
        };
        Ok(client.bridge_sync_check(integration, &namespaces).await)
    }
}

/// The scopes of "Generate Token", with Quay's titles and descriptions, in Quay's order.
pub fn quay_oauth_scopes() -> Vec<ScopeInfo> {
    quay::oauth_scopes()
}

/// The Quay application and Bridge Operator changes, recorded in the activity log.
impl Console {
    /// Creates application `name` in `organization` (see `quay_application_create_unrecorded`).
    pub async fn quay_application_create(
        &self,
        id: &str,
        organization: &str,
        name: &str,
        description: &str,
    ) -> Result<Application> {
        let entry = self
            .entry_for(audit::Action::QuayApplicationCreated, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Application, name);
        let work = self.quay_application_create_unrecorded(id, organization, name, description);
        self.recorded(entry, work).await
    }

    /// Deletes application `client_id` of `organization`: every token it issued stops working.
    pub async fn quay_application_delete(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
    ) -> Result<()> {
        let entry = self
            .entry_for(audit::Action::QuayApplicationDeleted, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Application, client_id);
        let work = self.quay_application_delete_unrecorded(id, organization, client_id);
        self.recorded(entry, work).await
    }

    /// Generates a token of application `client_id` through Quay's token API; the entry names
    /// the application and the token's name, never the token.
    pub async fn quay_application_token(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
        name: &str,
        scopes: &[OAuthScope],
    ) -> Result<NewApplicationToken> {
        let entry = self
            .entry_for(audit::Action::QuayApplicationToken, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Application, client_id)
            .target(audit::TargetKind::Value, name);
        let work =
            self.quay_application_token_unrecorded(id, organization, client_id, name, scopes);
        self.recorded(entry, work).await
    }

    /// Generates a token of application `client_id` in the system browser.
    pub async fn quay_application_token_in_browser(
        &self,
        id: &str,
        organization: &str,
        client_id: &str,
        scopes: &[OAuthScope],
        browser: &dyn BrowserOpener,
        request_id: &str,
    ) -> Result<Secret> {
        let entry = self
            .entry_for(audit::Action::QuayApplicationToken, id)
            .target(audit::TargetKind::Organization, organization)
            .target(audit::TargetKind::Application, client_id);
        let work = self.quay_application_token_in_browser_unrecorded(
            id,
            organization,
            client_id,
            scopes,
            browser,
            request_id,
        );
        self.recorded(entry, work).await
    }

    /// Writes `token` into the secret `integration` names, through OpenShift connection
    /// `cluster_id`; the entry names the secret, never the token.
    pub async fn quay_bridge_create_secret(
        &self,
        cluster_id: &str,
        integration: &QuayIntegration,
        token: Secret,
    ) -> Result<Applied> {
        let secret = &integration.credentials_secret;
        let entry = self
            .entry_for(audit::Action::QuayBridgeSecretCreated, cluster_id)
            .target(audit::TargetKind::Project, &secret.namespace)
            .target(audit::TargetKind::Secret, &secret.name);
        let work = self.quay_bridge_create_secret_unrecorded(cluster_id, integration, token);
        self.recorded(entry, work).await
    }

    /// Applies `integration` through OpenShift connection `cluster_id`.
    pub async fn quay_bridge_apply(
        &self,
        cluster_id: &str,
        integration: &QuayIntegration,
    ) -> Result<Applied> {
        let entry = self
            .entry_for(audit::Action::QuayBridgeApplied, cluster_id)
            .target(audit::TargetKind::Value, &integration.name)
            .target(audit::TargetKind::Host, &integration.quay_hostname);
        let work = self.quay_bridge_apply_unrecorded(cluster_id, integration);
        self.recorded(entry, work).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_line_is_masked_and_the_yaml_checked() {
        let mut spec = QuayIntegration::new("https://quay.example.com", "openshift-operators");
        spec.allowlist_namespaces = vec!["team-a".into()];
        let token = Secret::new("s3cr3t-token");
        let made = Console::quay_bridge_manifests(&spec, Some(&token)).unwrap();
        assert!(made.secret_command.expose().contains("token=s3cr3t-token"));
        assert!(!made.secret_command_masked.contains("s3cr3t"));
        assert!(made.secret_command_masked.contains(MASK));
        assert!(made.yaml.contains("allowlistNamespaces"));
        let without = Console::quay_bridge_manifests(&spec, None).unwrap();
        assert!(without.secret_command_masked.contains("<access_token>"));
        assert_eq!(
            without.secret_command.expose(),
            without.secret_command_masked
        );
        let blank = Console::quay_bridge_manifests(&spec, Some(&Secret::new("  "))).unwrap();
        assert!(blank.secret_command_masked.contains("<access_token>"));
        spec.cluster_id = String::new();
        assert!(Console::quay_bridge_manifests(&spec, Some(&token)).is_err());
    }
}
