//! Import from kubeconfig: adapters over `auth::kubeconfig`. The contexts are listed without
//! their tokens; an import reads the file again in the backend, so a token never reaches the
//! webview.

use std::sync::Mutex;

use auth::kubeconfig::import::{KubeconfigImport, KubeconfigImported};
use auth::kubeconfig::{Kubeconfig, KubeconfigListing, Locations};
use connections::SettingsStore;
use ipc::CommandError;
use tauri::State;

use super::auth::Auth;
use super::certs::CaDir;

/// The contexts of the kubeconfig at `path` (as typed), or of `$KUBECONFIG` /
/// `~/.kube/config` when `path` is `null`.
#[tauri::command]
pub async fn kubeconfig_contexts(path: Option<String>) -> Result<KubeconfigListing, CommandError> {
    Ok(Kubeconfig::load(&Locations::from_env(), path.as_deref())?.listing())
}

/// Imports one context as an OpenShift connection (its CA into the app's CA store) and
/// signs in with its token when it has one.
#[tauri::command]
pub async fn kubeconfig_import(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    ca_dir: State<'_, CaDir>,
    path: Option<String>,
    context: String,
    name: String,
) -> Result<KubeconfigImported, CommandError> {
    let request = KubeconfigImport {
        path,
        context,
        name,
    };
    Ok(auth::kubeconfig::import::import(
        &Locations::from_env(),
        &request,
        &settings,
        &ca_dir.0,
        auth.sessions(),
    )
    .await?)
}
