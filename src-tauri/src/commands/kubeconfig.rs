//! Import from kubeconfig: adapters over the console's kubeconfig calls. The contexts are
//! listed without their tokens; an import reads the file again in the backend, so a token
//! never reaches the webview.

use auth::kubeconfig::KubeconfigListing;
use auth::kubeconfig::import::{KubeconfigImport, KubeconfigImported};
use console::Console;
use ipc::CommandError;
use tauri::State;

/// The contexts of the kubeconfig at `path` (as typed), or of `$KUBECONFIG` /
/// `~/.kube/config` when `path` is `null`.
#[tauri::command]
pub async fn kubeconfig_contexts(
    console: State<'_, Console>,
    path: Option<String>,
) -> Result<KubeconfigListing, CommandError> {
    Ok(console.kubeconfig_contexts(path.as_deref())?)
}

/// Imports one context as an OpenShift connection (its CA into the app's CA store) and
/// signs in with its token when it has one.
#[tauri::command]
pub async fn kubeconfig_import(
    console: State<'_, Console>,
    path: Option<String>,
    context: String,
    name: String,
) -> Result<KubeconfigImported, CommandError> {
    let request = KubeconfigImport {
        path,
        context,
        name,
    };
    Ok(console.kubeconfig_import(&request).await?)
}
