//! Facts about the running app.

use ipc::AppInfo;

/// When this variable is set, [`app_ready`] prints the moment the start page was first painted
/// (`make bench-footprint` reads it; the empty window of `bench/empty-window` prints the same).
pub const READY_STAMP_ENV: &str = "REGISTRY_CONSOLE_READY_STAMP";

/// The app's version, the system locale (the UI's language follows it by default) and the
/// web engine's version (the About dialog).
#[tauri::command]
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    AppInfo {
        version: app.package_info().version.to_string(),
        system_locale: sys_locale::get_locale().unwrap_or_else(|| "en".to_owned()),
        webview_version: tauri::webview_version().unwrap_or_else(|_| "unknown".to_owned()),
    }
}

/// The UI has painted its start page. Prints `ready <unix time in ns>` on stderr when
/// [`READY_STAMP_ENV`] is set, and does nothing otherwise.
#[tauri::command]
pub async fn app_ready() {
    if std::env::var_os(READY_STAMP_ENV).is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!("ready {}", now.as_nanos());
    }
}
