//! Registry Console's executable.
// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// What `--help` prints.
const HELP: &str = "\
Registry Console: a desktop console for container-registry administrators.

Usage: registry-console [OPTIONS]

Options:
  -h, --help       Print this help and exit
  -V, --version    Print the version and exit

Without options the window opens; if Registry Console is already running, its window is
brought to the front instead. Settings are kept in
$XDG_CONFIG_HOME/io.registryconsole.desktop/settings.json (~/.config by default).";

fn main() {
    // Answered before Tauri starts: no window, no display needed, nothing read or written.
    match std::env::args().nth(1).as_deref() {
        Some("-V" | "--version") => {
            println!("registry-console {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Some("-h" | "--help") => {
            println!("{HELP}");
            return;
        }
        _ => {}
    }
    registry_console_lib::run();
}
