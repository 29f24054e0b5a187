//! An empty Tauri 2 window: the baseline `make bench-footprint` measures the app against.
//!
//! Its page calls `ready` once its first frame is on screen; with
//! `REGISTRY_CONSOLE_READY_STAMP` set, that prints `ready <unix time in ns>` on stderr, as the
//! app's `app_ready` does.

/// The page's first frame is on screen.
#[tauri::command]
fn ready() {
    if std::env::var_os("REGISTRY_CONSOLE_READY_STAMP").is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!("ready {}", now.as_nanos());
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("the empty window could not start: {e}");
            std::process::exit(1);
        });
}
