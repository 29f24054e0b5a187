//! Facts about the running app.

use ipc::AppInfo;

/// The app's version and the system locale (the UI's language follows it by default).
#[tauri::command]
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    AppInfo {
        version: app.package_info().version.to_string(),
        system_locale: sys_locale::get_locale().unwrap_or_else(|| "en".to_owned()),
    }
}
