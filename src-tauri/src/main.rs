//! Registry Console's executable.
// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before anything else starts a thread: it may set an environment variable for WebKit.
    registry_console_lib::display::choose_renderer();
    registry_console_lib::run();
}
