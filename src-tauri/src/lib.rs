//! The desktop shell: builds the window, manages the one `console::Console` (the app's state),
//! and lists the commands.
//!
//! Nothing here decides anything a test would want to check; each command in [`commands`]
//! turns its arguments into a call of the console and maps the error to
//! [`ipc::CommandError`]. The command list must match `ipc::commands::all`, from which the
//! UI's typed wrappers are generated, name for name and in its order
//! (`tests/command_list.rs` fails otherwise).

mod commands;

use tauri::{Emitter, Manager};

/// Brings the running window to the front (a second launch asked for it).
fn focus_main_window(app: &tauri::AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Starts the app and blocks until its last window closes.
pub fn run() {
    // One TLS provider for the whole process (ring); every client built later uses it.
    // An error only means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();

    tauri::Builder::default()
        // First, so that a second launch exits before anything else starts: two instances
        // would each hold the settings and write their own copy back over the other's.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            focus_main_window(app);
        }))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // Used from the backend only (commands::clipboard): the window gets no clipboard
        // permission, so it cannot read what other programs copied.
        .plugin(tauri_plugin_clipboard_manager::init())
        // Size, position and maximized state, saved in the config directory on exit and
        // restored when the window opens.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            app.manage(commands::clipboard::secret_clipboard(app.handle()));
            let dir = app.path().app_config_dir()?;
            let console = console::Console::open(&dir);
            // A change whose activity entry could not be written is said in the window at once.
            let events = app.handle().clone();
            console.set_audit_warnings(std::sync::Arc::new(
                move |warning: console::activity::AuditWarning| {
                    let _ = events.emit(console::activity::AUDIT_WARNING_EVENT, warning);
                },
            ));
            app.manage(console);
            // The first registry's client is made while the window loads.
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                handle.state::<console::Console>().warm_up().await;
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::app_ready,
            commands::connections::settings_state,
            commands::connections::connection_add,
            commands::connections::connection_update,
            commands::connections::connection_remove,
            commands::connections::preferences_set,
            commands::connections::view_remember,
            commands::registry::registry_sign_in,
            commands::registry::registry_sign_out,
            commands::registry::registry_signed_in,
            commands::registry::registry_catalog,
            commands::registry::registry_catalog_cancel,
            commands::registry::registry_tags,
            commands::registry::registry_tags_cancel,
            commands::registry::registry_tag_summary,
            commands::registry::registry_manifest,
            commands::registry::registry_delete_plan,
            commands::registry::registry_delete,
            commands::credentials::credentials_login_lines,
            commands::credentials::credentials_auth_file_preview,
            commands::credentials::credentials_auth_file_write,
            commands::credentials::credentials_pull_secret,
            commands::credentials::credentials_token_auth_file_preview,
            commands::credentials::credentials_token_auth_file_write,
            commands::clipboard::secret_reveal,
            commands::clipboard::secret_copy,
            commands::clipboard::copy_secret,
            commands::cluster::cluster_whoami,
            commands::cluster::cluster_projects,
            commands::cluster::cluster_image_streams,
            commands::cluster::cluster_role_bindings,
            commands::cluster::cluster_grant_role,
            commands::cluster::cluster_grant_cluster_role,
            commands::cluster::cluster_revoke_role,
            commands::cluster::cluster_cross_project_pull,
            commands::cluster::cluster_effective_access,
            commands::cluster::cluster_self_access,
            commands::cluster::cluster_service_accounts,
            commands::cluster::cluster_create_service_account,
            commands::cluster::cluster_request_token,
            commands::cluster::cluster_long_lived_token,
            commands::cluster::cluster_pull_secret_yaml,
            commands::cluster::cluster_create_pull_secret,
            commands::cluster::cluster_link_secret,
            commands::certs::certs_doctor,
            commands::certs::certs_doctor_directory,
            commands::certs::certs_export_bundle,
            commands::certs::certs_inspect,
            commands::certs::certs_trust_ca,
            commands::certs::certs_generate,
            commands::certs::certs_save_generated,
            commands::auth::auth_status,
            commands::auth::auth_openshift_discover,
            commands::auth::auth_openshift_browser,
            commands::auth::auth_openshift_password,
            commands::auth::auth_openshift_token,
            commands::auth::auth_oidc_browser,
            commands::auth::auth_cancel,
            commands::auth::auth_keep_for_session,
            commands::auth::auth_refresh,
            commands::auth::auth_sign_out,
            commands::kubeconfig::kubeconfig_contexts,
            commands::kubeconfig::kubeconfig_import,
            commands::quay::quay_sign_in,
            commands::quay::quay_whoami,
            commands::quay::quay_organizations,
            commands::quay::quay_repositories,
            commands::quay::quay_robots,
            commands::quay::quay_robot_create,
            commands::quay::quay_robot_credentials,
            commands::quay::quay_robot_regenerate,
            commands::quay::quay_robot_delete,
            commands::quay::quay_robot_pull_secret,
            commands::quay_teams::quay_teams,
            commands::quay_teams::quay_team_members,
            commands::quay_teams::quay_team_save,
            commands::quay_teams::quay_team_delete,
            commands::quay_teams::quay_team_member_add,
            commands::quay_teams::quay_team_member_remove,
            commands::quay_teams::quay_repository_permissions,
            commands::quay_teams::quay_permission_set,
            commands::quay_teams::quay_permission_revoke,
            commands::quay_teams::quay_default_permissions,
            commands::quay_teams::quay_default_permission_create,
            commands::quay_teams::quay_default_permission_delete,
            commands::quay_teams::quay_robot_permissions,
            commands::quay_teams::quay_repository_access,
            commands::quay_teams::quay_logs,
            commands::quay_teams::quay_log_kinds,
            commands::quay_bridge::quay_oauth_scopes,
            commands::quay_bridge::quay_applications,
            commands::quay_bridge::quay_application_create,
            commands::quay_bridge::quay_application_delete,
            commands::quay_bridge::quay_application_token,
            commands::quay_bridge::quay_application_token_browser,
            commands::quay_bridge::quay_bridge_defaults,
            commands::quay_bridge::quay_bridge_manifests,
            commands::quay_bridge::quay_bridge_create_secret,
            commands::quay_bridge::quay_bridge_apply,
            commands::quay_bridge::quay_bridge_sync_check,
            commands::quay_repos::quay_repository_create,
            commands::quay_repos::quay_repository,
            commands::quay_repos::quay_repository_delete,
            commands::quay_repos::quay_repository_visibility,
            commands::quay_repos::quay_tags,
            commands::quay_repos::quay_tag_history,
            commands::quay_repos::quay_tag_expiration,
            commands::quay_repos::quay_deleted_tags,
            commands::quay_repos::quay_tag_delete,
            commands::quay_repos::quay_tag_restore,
            commands::pull_secret_import::pull_secret_import,
            commands::pull_secret_import::pull_secret_import_file,
            commands::pull_secret_import::pull_secret_import_reveal,
            commands::pull_secret_import::pull_secret_import_forget,
            commands::pull_secret_import::pull_secret_import_create,
            commands::pull_secret_import::pull_secret_import_sign_in,
            commands::pull_secret_import::pull_secret_import_auth_file_preview,
            commands::pull_secret_import::pull_secret_import_auth_file_write,
            commands::recent_repositories::registry_recent_repositories,
            commands::recent_repositories::registry_open_repository,
            commands::recent_repositories::registry_forget_recent_repository,
            commands::cluster_registry::cluster_registry_info,
            commands::cluster_registry::cluster_registry_open,
            commands::cluster_registry::cluster_registry_delete_tag,
            commands::activity::activity_page,
            commands::activity::activity_export,
            commands::registry_health::registry_health,
            commands::registry_health::registry_set_debug_address,
            commands::registry_health::registry_metrics,
            commands::registry_health::registry_metrics_secret_kept,
            commands::registry_health::registry_metrics_secret_save,
            commands::registry_health::registry_metrics_secret_forget,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Registry Console could not start: {e}");
            std::process::exit(1);
        });
}
