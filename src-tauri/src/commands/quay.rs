//! Red Hat Quay: adapters over `console::Console`'s Quay area (a client per connection, made
//! from the connection's OAuth-token sign-in).

use console::Console;
use credentials::model::{PullSecret, PullSecretRequest};
use ipc::CommandError;
use ipc::quay::RobotCredentials;
use quay::{Organization, QuayUser, Repository, Robot};
use tauri::State;
use vault::{KeptIn, Secret};

/// Checks an OAuth access token against Quay's API and `/v2`, then keeps it where the user
/// chose. A refused token is kept nowhere.
#[tauri::command]
pub async fn quay_sign_in(
    console: State<'_, Console>,
    connection_id: String,
    token: String,
    kept_in: KeptIn,
) -> Result<QuayUser, CommandError> {
    Ok(console
        .quay_sign_in(&connection_id, Secret::new(token), kept_in)
        .await?)
}

/// Who the connection's token signs in as.
#[tauri::command]
pub async fn quay_whoami(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<QuayUser, CommandError> {
    Ok(console.quay_whoami(&connection_id).await?)
}

/// The user's organizations (every one for a superuser).
#[tauri::command]
pub async fn quay_organizations(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<Vec<Organization>, CommandError> {
    Ok(console.quay_organizations(&connection_id).await?)
}

/// The repositories of an organization.
#[tauri::command]
pub async fn quay_repositories(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<Repository>, CommandError> {
    Ok(console
        .quay_repositories(&connection_id, &namespace)
        .await?)
}

/// The robot accounts of an organization.
#[tauri::command]
pub async fn quay_robots(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
) -> Result<Vec<Robot>, CommandError> {
    Ok(console.quay_robots(&connection_id, &organization).await?)
}

/// Creates a robot account; its token and login lines.
#[tauri::command]
pub async fn quay_robot_create(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
    description: String,
) -> Result<RobotCredentials, CommandError> {
    Ok(console
        .quay_robot_create(&connection_id, &organization, &name, &description)
        .await?
        .into())
}

/// A robot account's token and login lines (to reveal or copy).
#[tauri::command]
pub async fn quay_robot_credentials(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
) -> Result<RobotCredentials, CommandError> {
    Ok(console
        .quay_robot_credentials(&connection_id, &organization, &name)
        .await?
        .into())
}

/// Gives a robot account a new token; the old one stops working at once.
#[tauri::command]
pub async fn quay_robot_regenerate(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
) -> Result<RobotCredentials, CommandError> {
    Ok(console
        .quay_robot_regenerate(&connection_id, &organization, &name)
        .await?
        .into())
}

/// Deletes a robot account.
#[tauri::command]
pub async fn quay_robot_delete(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
) -> Result<(), CommandError> {
    Ok(console
        .quay_robot_delete(&connection_id, &organization, &name)
        .await?)
}

/// A pull secret holding a robot account's token for the Quay.
#[tauri::command]
pub async fn quay_robot_pull_secret(
    console: State<'_, Console>,
    connection_id: String,
    organization: String,
    name: String,
    request: PullSecretRequest,
) -> Result<PullSecret, CommandError> {
    Ok(console
        .quay_robot_pull_secret(&connection_id, &organization, &name, &request)
        .await?)
}
