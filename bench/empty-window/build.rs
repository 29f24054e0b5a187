//! Embeds tauri.conf.json and the page, as the app's build script does.

fn main() {
    tauri_build::build();
}
