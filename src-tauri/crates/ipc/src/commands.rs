//! Every command the shell registers, with its argument and result types.
//!
//! `src-tauri/src/lib.rs` registers the same names; the e2e tests call each through the UI.

use ts_rs::{Config, TS};

use auth::SignInStatus;
use auth::kubeconfig::KubeconfigListing;
use auth::kubeconfig::import::KubeconfigImported;
use auth::openshift::OpenShiftOAuthInfo;
use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, LastView, Preferences};
use console::pull_secret_import::PullSecretCreated;
use credentials::import::PullSecretImport;
use credentials::model::{
    AuthFileKind, AuthFilePreview, AuthFileWritten, LoginLines, PullSecret, PullSecretRequest,
    SecretCopied, SecretKind, SecretRef,
};
use registry::model::{CatalogEvent, DeletePlan, ManifestDetail, TagSummary};
use vault::{KeptIn, SignedIn};

use quay::{
    Organization, QuayUser, Repository, RepositoryDetail, Robot, Tag, TagHistoryEntry, Visibility,
};
// Quay teams, permissions, effective access and audit logs.
use quay::{
    AccessEntry, DefaultPermission, Grantee, LogDay, LogKindCount, LogPage, LogScope,
    RepositoryPermission, RobotPermission, Role, SavedTeam, Team, TeamMember, TeamRole,
};

use crate::cluster::{IssuedToken, PullSecretRegistry};
use crate::quay::RobotCredentials;
use crate::quay_bridge::{BridgeManifests, GeneratedToken};
use crate::recent_repositories::OpenedRepository;
use crate::{AppInfo, CommandError};

/// One command: its name, its named arguments and its result, as TypeScript type names.
pub struct Signature {
    /// The name given to `invoke`.
    pub name: &'static str,
    /// Argument names (camelCase, as Tauri expects them) and their types.
    pub args: Vec<(&'static str, String)>,
    /// The result type (`null` for none).
    pub result: String,
}

fn ts<T: TS>(cfg: &Config) -> String {
    T::name(cfg)
}

/// A minted token written to an auth file: the registry typed, the user name, the token.
fn token_file_args(cfg: &Config) -> Vec<(&'static str, String)> {
    vec![
        ("registry", "string".into()),
        ("username", "string".into()),
        ("token", "string".into()),
        ("kind", ts::<AuthFileKind>(cfg)),
    ]
}

/// All commands, in the order of the shell's handler list.
pub fn all(cfg: &Config) -> Vec<Signature> {
    let sig = |name, args: Vec<(&'static str, String)>, result| Signature { name, args, result };
    let ns = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("namespace", "string".to_owned()),
        ]
    };
    let role_args = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("namespace", "string".to_owned()),
            ("roleKind", ts::<cluster::RoleKind>(cfg)),
            ("role", "string".to_owned()),
            ("subject", ts::<cluster::Subject>(cfg)),
        ]
    };
    let robot = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("organization", "string".to_owned()),
            ("name", "string".to_owned()),
        ]
    };
    let org_args = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("organization", "string".to_owned()),
        ]
    };
    // A Quay repository (`namespace`, `name`), the same as its tags' (`repository`), a tag.
    let repo = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("namespace", "string".to_owned()),
            ("name", "string".to_owned()),
        ]
    };
    let repo_of = || {
        vec![
            ("connectionId", "string".to_owned()),
            ("namespace", "string".to_owned()),
            ("repository", "string".to_owned()),
        ]
    };
    let log_args = |paged: bool| {
        let mut args = vec![
            ("connectionId", "string".to_owned()),
            ("scope", ts::<LogScope>(cfg)),
            ("start", format!("{} | null", ts::<LogDay>(cfg))),
            ("end", format!("{} | null", ts::<LogDay>(cfg))),
        ];
        if paged {
            args.push(("page", "string | null".to_owned()));
        }
        args
    };
    let repo_args = repo_of;
    let tag = || {
        let mut args = repo_of();
        args.push(("tag", "string".to_owned()));
        args
    };
    vec![
        sig("app_info", vec![], ts::<AppInfo>(cfg)),
        sig("app_ready", vec![], "null".into()),
        sig("settings_state", vec![], ts::<SettingsState>(cfg)),
        sig(
            "connection_add",
            vec![("draft", ts::<ConnectionDraft>(cfg))],
            ts::<Connection>(cfg),
        ),
        sig(
            "connection_update",
            vec![
                ("id", "string".into()),
                ("draft", ts::<ConnectionDraft>(cfg)),
            ],
            ts::<Connection>(cfg),
        ),
        sig(
            "connection_remove",
            vec![("id", "string".into())],
            "null".into(),
        ),
        sig(
            "preferences_set",
            vec![("preferences", ts::<Preferences>(cfg))],
            ts::<Preferences>(cfg),
        ),
        sig(
            "view_remember",
            vec![("view", ts::<LastView>(cfg))],
            "null".into(),
        ),
        sig(
            "registry_sign_in",
            vec![
                ("connectionId", "string".into()),
                ("username", "string".into()),
                ("password", "string".into()),
                ("keptIn", ts::<KeptIn>(cfg)),
            ],
            ts::<SignedIn>(cfg),
        ),
        sig(
            "registry_sign_out",
            vec![("connectionId", "string".into())],
            "null".into(),
        ),
        sig(
            "registry_signed_in",
            vec![("connectionId", "string".into())],
            format!("{} | null", ts::<SignedIn>(cfg)),
        ),
        sig(
            "registry_catalog",
            vec![
                ("connectionId", "string".into()),
                ("listingId", "string".into()),
                ("onEvent", format!("Channel<{}>", ts::<CatalogEvent>(cfg))),
            ],
            "null".into(),
        ),
        sig(
            "registry_catalog_cancel",
            vec![("listingId", "string".into())],
            "null".into(),
        ),
        sig(
            "registry_tags",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("listingId", "string".into()),
            ],
            "Array<string>".into(),
        ),
        sig(
            "registry_tags_cancel",
            vec![("listingId", "string".into())],
            "null".into(),
        ),
        sig(
            "registry_tag_summary",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("tag", "string".into()),
            ],
            ts::<TagSummary>(cfg),
        ),
        sig(
            "registry_manifest",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("reference", "string".into()),
            ],
            ts::<ManifestDetail>(cfg),
        ),
        sig(
            "registry_delete_plan",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("tag", "string".into()),
            ],
            ts::<DeletePlan>(cfg),
        ),
        sig(
            "registry_delete",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("digest", "string".into()),
            ],
            "null".into(),
        ),
        sig(
            "credentials_login_lines",
            vec![("connectionId", "string".into())],
            ts::<LoginLines>(cfg),
        ),
        sig(
            "credentials_auth_file_preview",
            vec![
                ("connectionId", "string".into()),
                ("kind", ts::<AuthFileKind>(cfg)),
            ],
            ts::<AuthFilePreview>(cfg),
        ),
        sig(
            "credentials_auth_file_write",
            vec![
                ("connectionId", "string".into()),
                ("kind", ts::<AuthFileKind>(cfg)),
            ],
            ts::<AuthFileWritten>(cfg),
        ),
        sig(
            "credentials_pull_secret",
            vec![
                ("connectionId", "string".into()),
                ("request", ts::<PullSecretRequest>(cfg)),
            ],
            ts::<PullSecret>(cfg),
        ),
        sig(
            "credentials_token_auth_file_preview",
            token_file_args(cfg),
            ts::<AuthFilePreview>(cfg),
        ),
        sig(
            "credentials_token_auth_file_write",
            token_file_args(cfg),
            ts::<AuthFileWritten>(cfg),
        ),
        sig(
            "secret_reveal",
            vec![("reference", ts::<SecretRef>(cfg))],
            "string".into(),
        ),
        sig(
            "secret_copy",
            vec![("reference", ts::<SecretRef>(cfg))],
            ts::<SecretCopied>(cfg),
        ),
        sig(
            "copy_secret",
            vec![("text", "string".into())],
            ts::<SecretCopied>(cfg),
        ),
        // Access (#6): the cluster side, for OpenShift connections.
        sig(
            "cluster_whoami",
            vec![("connectionId", "string".into())],
            ts::<cluster::WhoAmI>(cfg),
        ),
        sig(
            "cluster_projects",
            vec![("connectionId", "string".into())],
            ts::<cluster::ProjectList>(cfg),
        ),
        sig(
            "cluster_image_streams",
            ns(),
            format!("Array<{}>", ts::<cluster::ImageStream>(cfg)),
        ),
        sig(
            "cluster_role_bindings",
            ns(),
            format!("Array<{}>", ts::<cluster::RoleBindingRow>(cfg)),
        ),
        sig(
            "cluster_grant_role",
            role_args(),
            ts::<cluster::GrantOutcome>(cfg),
        ),
        sig(
            "cluster_grant_cluster_role",
            vec![
                ("connectionId", "string".into()),
                ("role", "string".into()),
                ("subject", ts::<cluster::Subject>(cfg)),
            ],
            ts::<cluster::GrantOutcome>(cfg),
        ),
        sig(
            "cluster_revoke_role",
            role_args(),
            ts::<cluster::RevokeOutcome>(cfg),
        ),
        sig(
            "cluster_cross_project_pull",
            vec![
                ("connectionId", "string".into()),
                ("from", "string".into()),
                ("to", "string".into()),
                ("serviceAccount", "string | null".into()),
            ],
            ts::<cluster::GrantOutcome>(cfg),
        ),
        sig(
            "cluster_effective_access",
            ns(),
            ts::<cluster::EffectiveAccess>(cfg),
        ),
        sig(
            "cluster_self_access",
            ns(),
            format!("Array<{}>", ts::<cluster::AccessCheck>(cfg)),
        ),
        sig(
            "cluster_service_accounts",
            ns(),
            format!("Array<{}>", ts::<cluster::ServiceAccount>(cfg)),
        ),
        sig(
            "cluster_create_service_account",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("name", "string".into()),
            ],
            ts::<cluster::ServiceAccount>(cfg),
        ),
        sig(
            "cluster_request_token",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("serviceAccount", "string".into()),
                ("lifetimeSeconds", "number".into()),
            ],
            ts::<IssuedToken>(cfg),
        ),
        sig(
            "cluster_long_lived_token",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("serviceAccount", "string".into()),
            ],
            ts::<IssuedToken>(cfg),
        ),
        sig(
            "cluster_pull_secret_yaml",
            vec![
                ("namespace", "string".into()),
                ("name", "string".into()),
                (
                    "registries",
                    format!("Array<{}>", ts::<PullSecretRegistry>(cfg)),
                ),
            ],
            "string".into(),
        ),
        sig(
            "cluster_create_pull_secret",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("name", "string".into()),
                (
                    "registries",
                    format!("Array<{}>", ts::<PullSecretRegistry>(cfg)),
                ),
            ],
            "null".into(),
        ),
        sig(
            "cluster_link_secret",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("serviceAccount", "string".into()),
                ("secret", "string".into()),
                ("link", ts::<cluster::LinkFor>(cfg)),
            ],
            ts::<cluster::ServiceAccount>(cfg),
        ),
        // Certificates (#5).
        sig(
            "certs_doctor",
            vec![("input", ts::<certs::model::BundleInput>(cfg))],
            ts::<certs::model::BundleReport>(cfg),
        ),
        sig(
            "certs_doctor_directory",
            vec![("input", ts::<certs::model::DirectoryInput>(cfg))],
            ts::<certs::model::DirectoryReport>(cfg),
        ),
        sig(
            "certs_export_bundle",
            vec![
                ("bundleId", "string".into()),
                ("path", "string".into()),
                ("overwrite", "boolean".into()),
            ],
            ts::<certs::model::SavedFile>(cfg),
        ),
        sig(
            "certs_inspect",
            vec![("input", ts::<certs::model::EndpointInput>(cfg))],
            ts::<certs::model::EndpointReport>(cfg),
        ),
        sig(
            "certs_trust_ca",
            vec![
                ("inspectionId", "string".into()),
                ("certIndex", "number".into()),
                ("connectionId", "string".into()),
            ],
            ts::<Connection>(cfg),
        ),
        sig(
            "certs_generate",
            vec![("request", ts::<certs::model::GenerateRequest>(cfg))],
            ts::<certs::model::Generated>(cfg),
        ),
        sig(
            "certs_save_generated",
            vec![
                ("generatedId", "string".into()),
                ("part", ts::<certs::model::SavePart>(cfg)),
                ("path", "string".into()),
                ("overwrite", "boolean".into()),
            ],
            ts::<certs::model::SavedFile>(cfg),
        ),
        // Sign-in (#4): OpenShift's OAuth server and OpenID Connect providers.
        sig(
            "auth_status",
            vec![("connectionId", "string".into())],
            format!("{} | null", ts::<SignInStatus>(cfg)),
        ),
        sig(
            "auth_openshift_discover",
            vec![("connectionId", "string".into())],
            ts::<OpenShiftOAuthInfo>(cfg),
        ),
        sig(
            "auth_openshift_browser",
            vec![
                ("connectionId", "string".into()),
                ("clientId", "string".into()),
                ("signInId", "string".into()),
            ],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_openshift_password",
            vec![
                ("connectionId", "string".into()),
                ("username", "string".into()),
                ("password", "string".into()),
            ],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_openshift_token",
            vec![
                ("connectionId", "string".into()),
                ("token", "string".into()),
            ],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_oidc_browser",
            vec![
                ("connectionId", "string".into()),
                ("issuer", "string".into()),
                ("clientId", "string".into()),
                ("signInId", "string".into()),
            ],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_cancel",
            vec![("signInId", "string".into())],
            "null".into(),
        ),
        sig(
            "auth_keep_for_session",
            vec![("connectionId", "string".into())],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_refresh",
            vec![("connectionId", "string".into())],
            ts::<SignInStatus>(cfg),
        ),
        sig(
            "auth_sign_out",
            vec![("connectionId", "string".into())],
            "null".into(),
        ),
        // Import from kubeconfig (#4): the token stays in the backend.
        sig(
            "kubeconfig_contexts",
            vec![("path", "string | null".into())],
            ts::<KubeconfigListing>(cfg),
        ),
        sig(
            "kubeconfig_import",
            vec![
                ("path", "string | null".into()),
                ("context", "string".into()),
                ("name", "string".into()),
            ],
            ts::<KubeconfigImported>(cfg),
        ),
        // Quay (#14): a Quay connection's API, signed in with an OAuth token.
        sig(
            "quay_sign_in",
            vec![
                ("connectionId", "string".into()),
                ("token", "string".into()),
                ("keptIn", ts::<KeptIn>(cfg)),
            ],
            ts::<QuayUser>(cfg),
        ),
        sig(
            "quay_whoami",
            vec![("connectionId", "string".into())],
            ts::<QuayUser>(cfg),
        ),
        sig(
            "quay_organizations",
            vec![("connectionId", "string".into())],
            format!("Array<{}>", ts::<Organization>(cfg)),
        ),
        sig(
            "quay_repositories",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
            ],
            format!("Array<{}>", ts::<Repository>(cfg)),
        ),
        sig(
            "quay_robots",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
            ],
            format!("Array<{}>", ts::<Robot>(cfg)),
        ),
        sig(
            "quay_robot_create",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
                ("name", "string".into()),
                ("description", "string".into()),
            ],
            ts::<RobotCredentials>(cfg),
        ),
        sig(
            "quay_robot_credentials",
            robot(),
            ts::<RobotCredentials>(cfg),
        ),
        sig(
            "quay_robot_regenerate",
            robot(),
            ts::<RobotCredentials>(cfg),
        ),
        sig("quay_robot_delete", robot(), "null".into()),
        sig(
            "quay_robot_pull_secret",
            {
                let mut args = robot();
                args.push(("request", ts::<PullSecretRequest>(cfg)));
                args
            },
            ts::<PullSecret>(cfg),
        ),
        // Quay teams, repository and default permissions, effective access, audit logs.
        sig(
            "quay_teams",
            org_args(),
            format!("Array<{}>", ts::<Team>(cfg)),
        ),
        sig(
            "quay_team_members",
            with(org_args(), &[("team", "string".into())]),
            format!("Array<{}>", ts::<TeamMember>(cfg)),
        ),
        sig(
            "quay_team_save",
            with(
                org_args(),
                &[
                    ("team", "string".into()),
                    ("role", ts::<TeamRole>(cfg)),
                    ("description", "string".into()),
                ],
            ),
            ts::<SavedTeam>(cfg),
        ),
        sig(
            "quay_team_delete",
            with(org_args(), &[("team", "string".into())]),
            "null".into(),
        ),
        sig(
            "quay_team_member_add",
            with(
                org_args(),
                &[("team", "string".into()), ("member", "string".into())],
            ),
            ts::<TeamMember>(cfg),
        ),
        sig(
            "quay_team_member_remove",
            with(
                org_args(),
                &[("team", "string".into()), ("member", "string".into())],
            ),
            "null".into(),
        ),
        sig(
            "quay_repository_permissions",
            repo_args(),
            format!("Array<{}>", ts::<RepositoryPermission>(cfg)),
        ),
        sig(
            "quay_permission_set",
            with(
                repo_args(),
                &[("grantee", ts::<Grantee>(cfg)), ("role", ts::<Role>(cfg))],
            ),
            "null".into(),
        ),
        sig(
            "quay_permission_revoke",
            with(repo_args(), &[("grantee", ts::<Grantee>(cfg))]),
            "null".into(),
        ),
        sig(
            "quay_default_permissions",
            org_args(),
            format!("Array<{}>", ts::<DefaultPermission>(cfg)),
        ),
        sig(
            "quay_default_permission_create",
            with(
                org_args(),
                &[
                    ("delegate", ts::<Grantee>(cfg)),
                    ("role", ts::<Role>(cfg)),
                    ("activatingUser", "string | null".into()),
                ],
            ),
            ts::<DefaultPermission>(cfg),
        ),
        sig(
            "quay_default_permission_delete",
            with(org_args(), &[("permission", "string".into())]),
            "null".into(),
        ),
        sig(
            "quay_robot_permissions",
            robot(),
            format!("Array<{}>", ts::<RobotPermission>(cfg)),
        ),
        sig(
            "quay_repository_access",
            repo_args(),
            format!("Array<{}>", ts::<AccessEntry>(cfg)),
        ),
        sig("quay_logs", log_args(true), ts::<LogPage>(cfg)),
        sig(
            "quay_log_kinds",
            log_args(false),
            format!("Array<{}>", ts::<LogKindCount>(cfg)),
        ),
        // Quay applications and the Bridge Operator (#14): tokens generated, the operator's set-up.
        sig(
            "quay_oauth_scopes",
            vec![],
            format!("Array<{}>", ts::<quay::ScopeInfo>(cfg)),
        ),
        sig(
            "quay_applications",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
            ],
            format!("Array<{}>", ts::<quay::Application>(cfg)),
        ),
        sig(
            "quay_application_create",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
                ("name", "string".into()),
                ("description", "string".into()),
            ],
            ts::<quay::Application>(cfg),
        ),
        sig(
            "quay_application_delete",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
                ("clientId", "string".into()),
            ],
            "null".into(),
        ),
        sig(
            "quay_application_token",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
                ("clientId", "string".into()),
                ("name", "string".into()),
                ("scopes", format!("Array<{}>", ts::<quay::OAuthScope>(cfg))),
            ],
            ts::<GeneratedToken>(cfg),
        ),
        sig(
            "quay_application_token_browser",
            vec![
                ("connectionId", "string".into()),
                ("organization", "string".into()),
                ("clientId", "string".into()),
                ("scopes", format!("Array<{}>", ts::<quay::OAuthScope>(cfg))),
                ("requestId", "string".into()),
            ],
            ts::<GeneratedToken>(cfg),
        ),
        sig(
            "quay_bridge_defaults",
            vec![
                ("quayConnectionId", "string".into()),
                ("secretNamespace", "string".into()),
            ],
            ts::<quay::bridge::QuayIntegration>(cfg),
        ),
        sig(
            "quay_bridge_manifests",
            vec![
                ("integration", ts::<quay::bridge::QuayIntegration>(cfg)),
                ("token", "string | null".into()),
            ],
            ts::<BridgeManifests>(cfg),
        ),
        sig(
            "quay_bridge_create_secret",
            vec![
                ("clusterConnectionId", "string".into()),
                ("integration", ts::<quay::bridge::QuayIntegration>(cfg)),
                ("token", "string".into()),
            ],
            ts::<cluster::Applied>(cfg),
        ),
        sig(
            "quay_bridge_apply",
            vec![
                ("clusterConnectionId", "string".into()),
                ("integration", ts::<quay::bridge::QuayIntegration>(cfg)),
            ],
            ts::<cluster::Applied>(cfg),
        ),
        sig(
            "quay_bridge_sync_check",
            vec![
                ("quayConnectionId", "string".into()),
                ("clusterConnectionId", "string | null".into()),
                ("integration", ts::<quay::bridge::QuayIntegration>(cfg)),
            ],
            ts::<quay::bridge::SyncReport>(cfg),
        ),
        // Quay repositories and tags.
        sig(
            "quay_repository_create",
            vec![
                ("connectionId", "string".into()),
                ("namespace", "string".into()),
                ("name", "string".into()),
                ("visibility", ts::<Visibility>(cfg)),
                ("description", "string".into()),
            ],
            ts::<Repository>(cfg),
        ),
        sig("quay_repository", repo(), ts::<RepositoryDetail>(cfg)),
        sig("quay_repository_delete", repo(), "null".into()),
        sig(
            "quay_repository_visibility",
            {
                let mut args = repo();
                args.push(("visibility", ts::<Visibility>(cfg)));
                args
            },
            "null".into(),
        ),
        sig("quay_tags", repo_of(), format!("Array<{}>", ts::<Tag>(cfg))),
        sig(
            "quay_tag_history",
            tag(),
            format!("Array<{}>", ts::<TagHistoryEntry>(cfg)),
        ),
        sig(
            "quay_tag_expiration",
            {
                let mut args = tag();
                args.push(("expiration", "number | null".into()));
                args
            },
            ts::<Tag>(cfg),
        ),
        sig(
            "quay_deleted_tags",
            repo_of(),
            format!("Array<{}>", ts::<TagHistoryEntry>(cfg)),
        ),
        sig("quay_tag_delete", tag(), "null".into()),
        sig(
            "quay_tag_restore",
            {
                let mut args = tag();
                args.push(("manifestDigest", "string".into()));
                args
            },
            "null".into(),
        ),
        // Import a pull secret file (issue 15, seed 004).
        sig(
            "pull_secret_import",
            vec![
                ("fileName", "string".into()),
                ("contentBase64", "string".into()),
            ],
            ts::<PullSecretImport>(cfg),
        ),
        sig(
            "pull_secret_import_file",
            vec![("path", "string".into())],
            ts::<PullSecretImport>(cfg),
        ),
        sig("pull_secret_import_reveal", import_entry(), "string".into()),
        sig(
            "pull_secret_import_forget",
            vec![("importId", "string".into())],
            "boolean".into(),
        ),
        sig(
            "pull_secret_import_create",
            with(
                with(vec![("connectionId", "string".into())], &import_entry()),
                &[
                    ("namespace", "string".into()),
                    ("secretName", "string".into()),
                    ("serviceAccount", "string | null".into()),
                ],
            ),
            ts::<PullSecretCreated>(cfg),
        ),
        sig(
            "pull_secret_import_sign_in",
            with(
                import_entry(),
                &[
                    ("connectionId", "string".into()),
                    ("keptIn", ts::<KeptIn>(cfg)),
                ],
            ),
            ts::<SignedIn>(cfg),
        ),
        sig(
            "pull_secret_import_auth_file_preview",
            with(import_entry(), &[("kind", ts::<AuthFileKind>(cfg))]),
            ts::<AuthFilePreview>(cfg),
        ),
        sig(
            "pull_secret_import_auth_file_write",
            with(import_entry(), &[("kind", ts::<AuthFileKind>(cfg))]),
            ts::<AuthFileWritten>(cfg),
        ),
        // Opening a repository by its name, and the names recently opened so.
        sig(
            "registry_recent_repositories",
            vec![("connectionId", "string".into())],
            "Array<string>".into(),
        ),
        sig(
            "registry_open_repository",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
            ],
            ts::<OpenedRepository>(cfg),
        ),
        sig(
            "registry_forget_recent_repository",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
            ],
            "Array<string>".into(),
        ),
        // The cluster's own registry.
        sig(
            "cluster_registry_info",
            vec![
                ("connectionId", "string".into()),
                ("project", "string | null".into()),
            ],
            ts::<cluster::RegistryInfo>(cfg),
        ),
        sig(
            "cluster_registry_open",
            vec![
                ("connectionId", "string".into()),
                ("project", "string | null".into()),
                ("host", "string".into()),
            ],
            ts::<crate::cluster_registry::OpenedClusterRegistry>(cfg),
        ),
        sig(
            "cluster_registry_delete_tag",
            vec![
                ("connectionId", "string".into()),
                ("repository", "string".into()),
                ("tag", "string".into()),
            ],
            "null".into(),
        ),
        sig(
            "activity_page",
            vec![
                ("filter", ts::<audit::Filter>(cfg)),
                ("offset", "number".into()),
                ("limit", "number".into()),
            ],
            ts::<audit::Page>(cfg),
        ),
        sig(
            "activity_export",
            vec![
                ("filter", ts::<audit::Filter>(cfg)),
                ("format", ts::<audit::ExportFormat>(cfg)),
                ("path", "string".into()),
            ],
            ts::<audit::Exported>(cfg),
        ),
        // A registry's health and metrics.
        sig(
            "registry_health",
            vec![("connectionId", "string".into())],
            ts::<health::probe::HealthReport>(cfg),
        ),
        sig(
            "registry_set_debug_address",
            vec![
                ("connectionId", "string".into()),
                ("address", "string | null".into()),
            ],
            "string | null".into(),
        ),
        sig(
            "registry_metrics",
            vec![
                ("connectionId", "string".into()),
                ("source", ts::<health::metrics::MetricsSource>(cfg)),
            ],
            ts::<health::series::MetricsSeries>(cfg),
        ),
        sig(
            "registry_metrics_secret_kept",
            vec![("connectionId", "string".into())],
            format!("{} | null", ts::<KeptIn>(cfg)),
        ),
        sig(
            "registry_metrics_secret_save",
            vec![
                ("connectionId", "string".into()),
                ("secret", "string".into()),
                ("keptIn", ts::<KeptIn>(cfg)),
            ],
            "null".into(),
        ),
        sig(
            "registry_metrics_secret_forget",
            vec![("connectionId", "string".into())],
            "null".into(),
        ),
    ]
}

/// An entry of an imported pull secret file: the import's id and the entry's registry.
fn import_entry() -> Vec<(&'static str, String)> {
    vec![("importId", "string".into()), ("registry", "string".into())]
}

/// `args` followed by `more`.
fn with(
    mut args: Vec<(&'static str, String)>,
    more: &[(&'static str, String)],
) -> Vec<(&'static str, String)> {
    args.extend(more.iter().cloned());
    args
}

/// Writes each type the commands use (and the types those use) into the config's out dir.
pub fn export_types(cfg: &Config) -> Result<(), ts_rs::ExportError> {
    AppInfo::export_all(cfg)?;
    SettingsState::export_all(cfg)?;
    Connection::export_all(cfg)?;
    ConnectionDraft::export_all(cfg)?;
    Preferences::export_all(cfg)?;
    LastView::export_all(cfg)?;
    CommandError::export_all(cfg)?;
    CatalogEvent::export_all(cfg)?;
    TagSummary::export_all(cfg)?;
    ManifestDetail::export_all(cfg)?;
    DeletePlan::export_all(cfg)?;
    KeptIn::export_all(cfg)?;
    SignedIn::export_all(cfg)?;
    LoginLines::export_all(cfg)?;
    SecretKind::export_all(cfg)?;
    SecretRef::export_all(cfg)?;
    SecretCopied::export_all(cfg)?;
    AuthFileKind::export_all(cfg)?;
    AuthFilePreview::export_all(cfg)?;
    AuthFileWritten::export_all(cfg)?;
    PullSecretRequest::export_all(cfg)?;
    PullSecret::export_all(cfg)?;
    // Access: the cluster side.
    cluster::WhoAmI::export_all(cfg)?;
    cluster::ProjectList::export_all(cfg)?;
    cluster::ImageStream::export_all(cfg)?;
    cluster::RoleBindingRow::export_all(cfg)?;
    cluster::GrantOutcome::export_all(cfg)?;
    cluster::RevokeOutcome::export_all(cfg)?;
    cluster::EffectiveAccess::export_all(cfg)?;
    cluster::AccessCheck::export_all(cfg)?;
    cluster::ServiceAccount::export_all(cfg)?;
    cluster::LinkFor::export_all(cfg)?;
    cluster::Denial::export_all(cfg)?;
    IssuedToken::export_all(cfg)?;
    PullSecretRegistry::export_all(cfg)?;
    // Certificates: the doctor, live inspection and generation (commands land with #5).
    certs::model::BundleInput::export_all(cfg)?;
    certs::model::BundleReport::export_all(cfg)?;
    certs::model::DirectoryInput::export_all(cfg)?;
    certs::model::DirectoryReport::export_all(cfg)?;
    certs::model::EndpointInput::export_all(cfg)?;
    certs::model::EndpointReport::export_all(cfg)?;
    certs::model::GenerateRequest::export_all(cfg)?;
    certs::model::Generated::export_all(cfg)?;
    certs::model::SavePart::export_all(cfg)?;
    certs::model::SavedFile::export_all(cfg)?;
    // Sign-in.
    SignInStatus::export_all(cfg)?;
    OpenShiftOAuthInfo::export_all(cfg)?;
    // Import from kubeconfig.
    KubeconfigListing::export_all(cfg)?;
    KubeconfigImported::export_all(cfg)?;
    // Quay.
    QuayUser::export_all(cfg)?;
    Organization::export_all(cfg)?;
    Repository::export_all(cfg)?;
    Robot::export_all(cfg)?;
    RobotCredentials::export_all(cfg)?;
    // Quay teams, permissions, effective access, audit logs.
    Team::export_all(cfg)?;
    TeamMember::export_all(cfg)?;
    SavedTeam::export_all(cfg)?;
    RepositoryPermission::export_all(cfg)?;
    DefaultPermission::export_all(cfg)?;
    RobotPermission::export_all(cfg)?;
    AccessEntry::export_all(cfg)?;
    LogScope::export_all(cfg)?;
    LogDay::export_all(cfg)?;
    LogPage::export_all(cfg)?;
    LogKindCount::export_all(cfg)?;
    // Quay applications and the Bridge Operator.
    quay::ScopeInfo::export_all(cfg)?;
    quay::Application::export_all(cfg)?;
    GeneratedToken::export_all(cfg)?;
    BridgeManifests::export_all(cfg)?;
    quay::bridge::QuayIntegration::export_all(cfg)?;
    quay::bridge::SyncReport::export_all(cfg)?;
    cluster::Applied::export_all(cfg)?;
    // Quay repositories and tags.
    Visibility::export_all(cfg)?;
    RepositoryDetail::export_all(cfg)?;
    Tag::export_all(cfg)?;
    TagHistoryEntry::export_all(cfg)?;
    // Import a pull secret file.
    PullSecretImport::export_all(cfg)?;
    PullSecretCreated::export_all(cfg)?;
    // Opening a repository by its name.
    OpenedRepository::export_all(cfg)?;
    // The cluster's own registry.
    cluster::RegistryInfo::export_all(cfg)?;
    crate::cluster_registry::OpenedClusterRegistry::export_all(cfg)?;
    // The activity log.
    audit::Entry::export_all(cfg)?;
    audit::Filter::export_all(cfg)?;
    audit::Page::export_all(cfg)?;
    audit::ExportFormat::export_all(cfg)?;
    audit::Exported::export_all(cfg)?;
    console::activity::AuditWarning::export_all(cfg)?;
    // A registry's health and metrics.
    health::probe::HealthReport::export_all(cfg)?;
    health::metrics::MetricsSource::export_all(cfg)?;
    health::series::MetricsSeries::export_all(cfg)?;
    Ok(())
}
