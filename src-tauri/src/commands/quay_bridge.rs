//! Quay's OAuth applications and the tokens generated for them, and the Quay Bridge
//! Operator's set-up: adapters over `console::Console`'s `quay_bridge` area. The one thing only
//! the shell can do is open the system browser.

use cluster::Applied;
use console::Console;
use ipc::CommandError;
use ipc::quay_bridge::{BridgeManifests, GeneratedToken};
use quay::bridge::{QuayIntegration, SyncReport};
use quay::{Application, OAuthScope, ScopeInfo};
use tauri::{AppHandle, State};
use vault::Secret;

use super::auth::SystemBrowser;

/// The scopes of "Generate Token", with Quay's titles and descriptions.
#[tauri::command]
pub async fn quay_oauth_scopes() -> Result<Vec<ScopeInfo>, CommandError> {
    Ok(console::quay_bridge::quay_oauth_scopes())
}

/// The OAuth applications of an organization.
#[tauri::command]
pub async fn quay_applications(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
) -> Result<Vec<Application>, CommandError> {
    Ok(console
        .quay_applications(&connection_id, &organization)
        .await?)
}

/// Creates an application whose redirect URI is the app's loopback address.
#[tauri::command]
pub async fn quay_application_create(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
    description: String,
) -> Result<Application, CommandError> {
    Ok(console
        .quay_application_create(&connection_id, &organization, &name, &description)
        .await?)
}

/// Deletes an application; the tokens it issued stop working.
#[tauri::command]
pub async fn quay_application_delete(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    client_id: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_application_delete(&connection_id, &organization, &client_id)
        .await?)
}

/// Generates a token through Quay 3.18's token API, with the connection's sign-in.
#[tauri::command]
pub async fn quay_application_token(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    client_id: String,
    name: String,
    scopes: Vec<OAuthScope>,
) -> Result<GeneratedToken, CommandError> {
    Ok(console
        .quay_application_token(&connection_id, &organization, &client_id, &name, &scopes)
        .await?
        .into())
}

/// Generates a token in the system browser (Quay's "Authorize Application"); `auth_cancel`
/// with `request_id` stops the wait.
#[tauri::command]
pub async fn quay_application_token_browser(
    console: State<'_, Console>,
    app: AppHandle,
    connection_id: String,
    organization: String,
    client_id: String,
    scopes: Vec<OAuthScope>,
    request_id: String,
) -> Result<GeneratedToken, CommandError> {
    let browser = SystemBrowser(app);
    Ok(console
        .quay_application_token_in_browser(
            &connection_id,
            &organization,
            &client_id,
            &scopes,
            &browser,
            &request_id,
        )
        .await?
        .into())
}

/// The documents' `QuayIntegration` for a Quay connection.
#[tauri::command]
pub async fn quay_bridge_defaults(
    console: State<'_, Console>,
    quay_connection_id: String,
    secret_namespace: String,
) -> Result<QuayIntegration, CommandError> {
    Ok(console.quay_bridge_defaults(&quay_connection_id, &secret_namespace)?)
}

/// The `QuayIntegration`'s YAML and the `oc create secret` line.
#[tauri::command]
pub async fn quay_bridge_manifests(
    integration: QuayIntegration,
    token: Option<String>,
) -> Result<BridgeManifests, CommandError> {
    let token = token.map(Secret::new);
    Ok(Console::quay_bridge_manifests(&integration, token.as_ref())?.into())
}

/// Writes the token into the `quay-integration` secret through an OpenShift connection.
#[tauri::command]
pub async fn quay_bridge_create_secret(
    console: State<'_, Console>,
    cluster_connection_id: String,
    integration: QuayIntegration,
    token: String,
) -> Result<Applied, CommandError> {
    Ok(console
        .quay_bridge_create_secret(&cluster_connection_id, &integration, Secret::new(token))
        .await?)
}

/// Applies the `QuayIntegration` through an OpenShift connection.
#[tauri::command]
pub async fn quay_bridge_apply(
    console: State<'_, Console>,
    cluster_connection_id: String,
    integration: QuayIntegration,
) -> Result<Applied, CommandError> {
    Ok(console
        .quay_bridge_apply(&cluster_connection_id, &integration)
        .await?)
}

/// Which organizations and robot accounts the operator has made on Quay, per namespace.
#[tauri::command]
pub async fn quay_bridge_sync_check(
    console: State<'_, Console>,
    quay_connection_id: String,
    cluster_connection_id: Option<String>,
    integration: QuayIntegration,
) -> Result<SyncReport, CommandError> {
    Ok(console
        .quay_bridge_sync_check(
            &quay_connection_id,
            cluster_connection_id.as_deref(),
            &integration,
        )
        .await?)
}
