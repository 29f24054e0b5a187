//! The Access page: adapters over `cluster::ClusterClient` for an OpenShift connection.
//!
//! One client per connection is kept and rebuilt when the connection or its token changes.
//! The bearer token is the connection's sign-in session, read in one place,
//! [`cluster_token`].

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use cluster::{
    AccessCheck, ClusterClient, EffectiveAccess, GrantOutcome, ImageStream, LinkFor, ProjectList,
    RevokeOutcome, RoleBindingRow, RoleKind, ServiceAccount, Subject, WhoAmI,
};
use connections::{Connection, ConnectionKind, SettingsStore};
use ipc::cluster::{IssuedToken, PullSecretRegistry};
use ipc::{CommandError, ErrorCode};
use tauri::State;

use super::auth::Auth;
use vault::Secret;

/// Cluster clients, one per connection, with the connection and token they were made for.
#[derive(Default)]
pub struct Clusters {
    clients: Mutex<HashMap<String, (Connection, Secret, ClusterClient)>>,
}

use super::{connection, lock};

/// The bearer token of the connection's sign-in session (kept by the auth commands): the one
/// place the Access page gets it from. `signInRequired` without a session or when it expired.
async fn cluster_token(auth: &Auth, connection: &Connection) -> Result<Secret, CommandError> {
    let sign_in_again = |message: String| CommandError::new(ErrorCode::SignInRequired, message);
    match super::auth::session_bearer(auth, connection).await? {
        ::auth::Bearer::Token(token) => Ok(token),
        ::auth::Bearer::Expired => Err(sign_in_again(format!(
            "Your sign-in to {} has expired: sign in again.",
            connection.name
        ))),
        ::auth::Bearer::Missing => Err(sign_in_again(format!(
            "You are not signed in to {}: sign in first.",
            connection.name
        ))),
    }
}

fn openshift_connection(
    settings: &State<'_, Mutex<SettingsStore>>,
    id: &str,
) -> Result<Connection, CommandError> {
    let connection = connection(settings, id)?;
    if connection.kind != ConnectionKind::Openshift {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "Connection {} is not an OpenShift cluster; the Access page works on OpenShift connections.",
                connection.name
            ),
        ));
    }
    Ok(connection)
}

/// The client of the saved connection `id`, signed in with its session's token (returned too,
/// to know which token a 401 refused).
async fn client(
    auth: &State<'_, Auth>,
    settings: &State<'_, Mutex<SettingsStore>>,
    clusters: &State<'_, Clusters>,
    id: &str,
) -> Result<(ClusterClient, Secret), CommandError> {
    let connection = openshift_connection(settings, id)?;
    let token = cluster_token(auth, &connection).await?;
    let mut clients = lock(&clusters.clients);
    if let Some((seen, seen_token, client)) = clients.get(id)
        && *seen == connection
        && seen_token.expose() == token.expose()
    {
        return Ok((client.clone(), token));
    }
    let client = ClusterClient::new(&connection.url, &connection.tls, token.clone())?;
    clients.insert(id.to_owned(), (connection, token.clone(), client.clone()));
    Ok((client, token))
}

/// Runs `request` with the connection's client. When the cluster refuses the token (401), the
/// stale session is forgotten (keyring entry and cached client), so the status shows
/// signed-out and the UI's sign-in dialog asks again; the error stays `signInRequired`.
async fn call<T, F, Fut>(
    auth: &State<'_, Auth>,
    settings: &State<'_, Mutex<SettingsStore>>,
    clusters: &State<'_, Clusters>,
    id: &str,
    request: F,
) -> Result<T, CommandError>
where
    F: FnOnce(ClusterClient) -> Fut,
    Fut: Future<Output = cluster::Result<T>>,
{
    let (client, token) = client(auth, settings, clusters, id).await?;
    match request(client).await {
        Err(error) if error.is_sign_in_required() => {
            {
                let mut clients = lock(&clusters.clients);
                if clients
                    .get(id)
                    .is_some_and(|(_, seen, _)| seen.expose() == token.expose())
                {
                    clients.remove(id);
                }
            }
            // The refusal is what the user must see; a keyring that cannot delete now only
            // leaves the stale entry to be refused again.
            if let Ok(connection) = connection(settings, id) {
                let _ = super::auth::drop_refused_session(auth, &connection, token).await;
            }
            Err(error.into())
        }
        result => Ok(result?),
    }
}

/// Who the session's token belongs to.
#[tauri::command]
pub async fn cluster_whoami(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
) -> Result<WhoAmI, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.whoami().await },
    )
    .await
}

/// The projects the user can see (namespaces on a cluster without projects).
#[tauri::command]
pub async fn cluster_projects(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
) -> Result<ProjectList, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.list_projects().await },
    )
    .await
}

/// The image streams of a project with their tags' pull specs.
#[tauri::command]
pub async fn cluster_image_streams(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<ImageStream>, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.list_image_streams(&namespace).await },
    )
    .await
}

/// The role bindings of a project as (role, subject, binding) rows.
#[tauri::command]
pub async fn cluster_role_bindings(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<RoleBindingRow>, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.list_role_bindings(&namespace).await },
    )
    .await
}

/// Grants a role in a project, as `oc policy add-role-to-user|group`.
// Three of the arguments are Tauri's managed state, not inputs.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn cluster_grant_role(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    role_kind: RoleKind,
    role: String,
    subject: Subject,
) -> Result<GrantOutcome, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.grant_role(&namespace, role_kind, &role, &subject).await },
    )
    .await
}

/// Revokes a role in a project, as `oc policy remove-role-from-user|group`.
// Three of the arguments are Tauri's managed state, not inputs.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn cluster_revoke_role(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    role_kind: RoleKind,
    role: String,
    subject: Subject,
) -> Result<RevokeOutcome, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.revoke_role(&namespace, role_kind, &role, &subject).await },
    )
    .await
}

/// Lets one service account (or all) of `from` pull the images of `to` (seed 001, 5.4.1).
#[tauri::command]
pub async fn cluster_cross_project_pull(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    from: String,
    to: String,
    service_account: Option<String>,
) -> Result<GrantOutcome, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move {
            c.allow_cross_project_pull(&from, &to, service_account.as_deref())
                .await
        },
    )
    .await
}

/// Who can pull from and push to a project, and through which binding.
#[tauri::command]
pub async fn cluster_effective_access(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
) -> Result<EffectiveAccess, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.effective_access(&namespace).await },
    )
    .await
}

/// The signed-in user's own rights in a project, one SelfSubjectAccessReview per action.
#[tauri::command]
pub async fn cluster_self_access(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<AccessCheck>, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.self_access(&namespace).await },
    )
    .await
}

/// The service accounts of a project.
#[tauri::command]
pub async fn cluster_service_accounts(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
) -> Result<Vec<ServiceAccount>, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.list_service_accounts(&namespace).await },
    )
    .await
}

/// Creates a service account (`oc create serviceaccount`).
#[tauri::command]
pub async fn cluster_create_service_account(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    name: String,
) -> Result<ServiceAccount, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move { c.create_service_account(&namespace, name.trim()).await },
    )
    .await
}

/// Mints a service-account token with TokenRequest, living `lifetime_seconds`.
#[tauri::command]
pub async fn cluster_request_token(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    service_account: String,
    lifetime_seconds: u32,
) -> Result<IssuedToken, CommandError> {
    let lifetime = Duration::from_secs(u64::from(lifetime_seconds));
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move {
            c.request_token(&namespace, &service_account, lifetime)
                .await
        },
    )
    .await
    .map(Into::into)
}

/// Creates a long-lived token secret for a service account and returns its token.
#[tauri::command]
pub async fn cluster_long_lived_token(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    service_account: String,
) -> Result<IssuedToken, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move {
            c.create_long_lived_token(&namespace, &service_account)
                .await
        },
    )
    .await
    .map(Into::into)
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
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    name: String,
    registries: Vec<PullSecretRegistry>,
) -> Result<(), CommandError> {
    let entries: Vec<_> = registries.into_iter().map(Into::into).collect();
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move {
            c.create_pull_secret(&namespace, name.trim(), &entries)
                .await
        },
    )
    .await
}

/// Links a secret to a service account for pull and/or mount (`oc secrets link`).
// Three of the arguments are Tauri's managed state, not inputs.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
pub async fn cluster_link_secret(
    auth: State<'_, Auth>,
    settings: State<'_, Mutex<SettingsStore>>,
    clusters: State<'_, Clusters>,
    connection_id: String,
    namespace: String,
    service_account: String,
    secret: String,
    link: LinkFor,
) -> Result<ServiceAccount, CommandError> {
    call(
        &auth,
        &settings,
        &clusters,
        &connection_id,
        |c| async move {
            c.link_secret(&namespace, &service_account, secret.trim(), link)
                .await
        },
    )
    .await
}
