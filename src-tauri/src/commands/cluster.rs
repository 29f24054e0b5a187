//! The Access page: adapters over `console::Console::cluster`, which runs each request with
//! the connection's cluster client, signed in with its OpenShift or OIDC session.

use std::time::Duration;

use cluster::{
    AccessCheck, EffectiveAccess, GrantOutcome, ImageStream, LinkFor, ProjectList, RevokeOutcome,
    RoleBindingRow, RoleKind, ServiceAccount, Subject, WhoAmI,
};
use console::Console;
use ipc::CommandError;
use ipc::cluster::{IssuedToken, PullSecretRegistry};
use tauri::State;

/// Who the session's token belongs to.
#[tauri::command]
pub async fn cluster_whoami(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<WhoAmI, CommandError> {
    console
        .cluster(&connection_id, |c| async move { c.whoami().await })
        .await
        .map_err(Into::into)
}

/// The projects the user can see (namespaces on a cluster without projects).
#[tauri::command]
pub async fn cluster_projects(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<ProjectList, CommandError> {
    console
        .cluster(&connection_id, |c| async move { c.list_projects().await })
        .await
        .map_err(Into::into)
}

/// The image streams of a project with their tags' pull specs.
#[tauri::command]
pub async fn cluster_image_streams(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<ImageStream>, CommandError> {
    console
        .cluster(&connection_id, |c| async move {
            c.list_image_streams(&namespace).await
        })
        .await
        .map_err(Into::into)
}

/// The role bindings of a project as (role, subject, binding) rows.
#[tauri::command]
pub async fn cluster_role_bindings(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<RoleBindingRow>, CommandError> {
    console
        .cluster(&connection_id, |c| async move {
            c.list_role_bindings(&namespace).await
        })
        .await
        .map_err(Into::into)
}

/// Grants a role in a project, as `oc policy add-role-to-user|group`.
#[tauri::command]
pub async fn cluster_grant_role(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    role_kind: RoleKind,
    role: String,
    subject: Subject,
) -> Result<GrantOutcome, CommandError> {
    console
        .grant_role(&connection_id, &namespace, role_kind, &role, &subject)
        .await
        .map_err(Into::into)
}

/// Grants a cluster role in every project, as `oc adm policy add-cluster-role-to-user|group`.
#[tauri::command]
pub async fn cluster_grant_cluster_role(
    console: State<'_, Console>,
    connection_id: String,
    role: String,
    subject: Subject,
) -> Result<GrantOutcome, CommandError> {
    console
        .grant_cluster_role(&connection_id, &role, &subject)
        .await
        .map_err(Into::into)
}

/// Revokes a role in a project, as `oc policy remove-role-from-user|group`.
#[tauri::command]
pub async fn cluster_revoke_role(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    role_kind: RoleKind,
    role: String,
    subject: Subject,
) -> Result<RevokeOutcome, CommandError> {
    console
        .revoke_role(&connection_id, &namespace, role_kind, &role, &subject)
        .await
        .map_err(Into::into)
}

/// Lets one service account (or all) of `from` pull the images of `to` (seed 001, 5.4.1).
#[tauri::command]
pub async fn cluster_cross_project_pull(
    console: State<'_, Console>,
    connection_id: String,
    from: String,
    to: String,
    service_account: Option<String>,
) -> Result<GrantOutcome, CommandError> {
    console
        .allow_cross_project_pull(&connection_id, &from, &to, service_account.as_deref())
        .await
        .map_err(Into::into)
}

/// Who can pull from and push to a project, and through which binding.
#[tauri::command]
pub async fn cluster_effective_access(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<EffectiveAccess, CommandError> {
    console
        .cluster(&connection_id, |c| async move {
            c.effective_access(&namespace).await
        })
        .await
        .map_err(Into::into)
}

/// The signed-in user's own rights in a project, one SelfSubjectAccessReview per action.
#[tauri::command]
pub async fn cluster_self_access(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<AccessCheck>, CommandError> {
    console
        .cluster(&connection_id, |c| async move {
            c.self_access(&namespace).await
        })
        .await
        .map_err(Into::into)
}

/// The service accounts of a project.
#[tauri::command]
pub async fn cluster_service_accounts(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<ServiceAccount>, CommandError> {
    console
        .cluster(&connection_id, |c| async move {
            c.list_service_accounts(&namespace).await
        })
        .await
        .map_err(Into::into)
}

/// Creates a service account (`oc create serviceaccount`).
#[tauri::command]
pub async fn cluster_create_service_account(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
) -> Result<ServiceAccount, CommandError> {
    console
        .create_service_account(&connection_id, &namespace, name.trim())
        .await
        .map_err(Into::into)
}

/// Mints a service-account token with TokenRequest, living `lifetime_seconds`.
#[tauri::command]
pub async fn cluster_request_token(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    service_account: String,
    lifetime_seconds: u32,
) -> Result<IssuedToken, CommandError> {
    let lifetime = Duration::from_secs(u64::from(lifetime_seconds));
    console
        .request_token(&connection_id, &namespace, &service_account, lifetime)
        .await
        .map(Into::into)
        .map_err(Into::into)
}

/// Creates a long-lived token secret for a service account and returns its token.
#[tauri::command]
pub async fn cluster_long_lived_token(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    service_account: String,
) -> Result<IssuedToken, CommandError> {
    console
        .create_long_lived_token(&connection_id, &namespace, &service_account)
        .await
        .map(Into::into)
        .map_err(Into::into)
}

/// The `kubernetes.io/dockerconfigjson` Secret as YAML to copy (nothing is sent anywhere).
#[tauri::command]
pub async fn cluster_pull_secret_yaml(
    namespace: String,
    name: String,
    registries: Vec<PullSecretRegistry>,
) -> Result<String, CommandError> {
    let entries: Vec<_> = registries.into_iter().map(Into::into).collect();
    let yaml = cluster::pull_secret_yaml(namespace.trim(), name.trim(), &entries)?;
    Ok(yaml.expose().to_owned())
}

/// Creates the pull secret in the project.
#[tauri::command]
pub async fn cluster_create_pull_secret(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    name: String,
    registries: Vec<PullSecretRegistry>,
) -> Result<(), CommandError> {
    let entries: Vec<_> = registries.into_iter().map(Into::into).collect();
    console
        .create_pull_secret(&connection_id, &namespace, name.trim(), &entries)
        .await
        .map_err(Into::into)
}

/// Links a secret to a service account for pull and/or mount (`oc secrets link`).
#[tauri::command]
pub async fn cluster_link_secret(
    console: State<'_, Console>,
    connection_id: String,
    namespace: String,
    service_account: String,
    secret: String,
    link: LinkFor,
) -> Result<ServiceAccount, CommandError> {
    console
        .link_secret(
            &connection_id,
            &namespace,
            &service_account,
            secret.trim(),
            link,
        )
        .await
        .map_err(Into::into)
}
