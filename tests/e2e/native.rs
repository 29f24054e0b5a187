//! The desktop around the window, which WebDriver does not reach: the system's file chooser
//! (GTK's, driven with `xdotool` the way a user types into it), the X clipboard (`xclip`), and
//! a screenshot of the whole screen (`xwd` and ImageMagick's `convert`: WebDriver's show only
//! the webview). The tools come from `.ci/setup`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a dialog may take to appear on a busy machine (a generous deadline, not a timing
/// that is asserted).
const DIALOG_DEADLINE: Duration = Duration::from_secs(60);

fn xdotool(args: &[&str]) -> std::process::Output {
    Command::new("xdotool")
        // A UTF-8 locale, so a window title in Japanese is converted and matched as UTF-8.
        .env("LC_ALL", "C.UTF-8")
        .args(args)
        .output()
        .expect("xdotool runs (apt install xdotool; see .ci/setup)")
}

/// The visible X windows titled exactly `title`. Titles are read from `_NET_WM_NAME` (UTF-8)
/// with `xprop`: xdotool's own name search goes through the legacy `WM_NAME`, which GTK
/// writes in COMPOUND_TEXT for a title in Japanese, so it never matches one.
fn windows_titled(title: &str) -> Vec<String> {
    let listed = xdotool(&["search", "--onlyvisible", "--class", ""]);
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .filter(|id| window_title(id).as_deref() == Some(title))
        .map(str::to_owned)
        .collect()
}

/// A window's `_NET_WM_NAME`, as UTF-8.
fn window_title(id: &str) -> Option<String> {
    let out = Command::new("xprop")
        .env("LC_ALL", "C.UTF-8")
        .args(["-id", id, "-notype", "_NET_WM_NAME"])
        .output()
        .expect("xprop runs (apt install x11-utils; see .ci/setup)");
    let text = String::from_utf8_lossy(&out.stdout);
    let quoted = text.split_once(" = \"")?.1.trim_end();
    let name = quoted.strip_suffix('"')?;
    Some(name.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// Every visible window's title, for a failure message.
fn visible_titles() -> Vec<String> {
    let listed = xdotool(&["search", "--onlyvisible", "--class", ""]);
    String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter_map(|id| window_title(id.trim()))
        .collect()
}

/// The X window whose title is exactly `title` (a native dialog), once it is on screen.
pub fn wait_for_window(title: &str) -> String {
    let deadline = Instant::now() + DIALOG_DEADLINE;
    loop {
        if let Some(id) = windows_titled(title).into_iter().next() {
            return id;
        }
        assert!(
            Instant::now() < deadline,
            "no window titled {title:?} appeared; visible: {:?}",
            visible_titles()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Waits until no window titled `title` is on screen (the dialog closed).
pub fn wait_for_window_gone(title: &str) {
    let deadline = Instant::now() + DIALOG_DEADLINE;
    while !windows_titled(title).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the window titled {title:?} stayed open"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Types `path` into the open or save dialog titled `title` as a user does: the pointer over
/// the dialog (with no window manager the keyboard follows it), Ctrl+L for the location
/// field, the whole path, Return. Calls `before_return` with the dialog filled in (for a
/// screenshot of it).
pub fn choose_path(title: &str, path: &Path, before_return: impl FnOnce()) {
    let window = wait_for_window(title);
    xdotool(&["mousemove", "--window", &window, "40", "40"]);
    xdotool(&["windowfocus", "--sync", &window]);
    // GTK's file chooser: Ctrl+L shows the location field (in a save dialog it is the name
    // field), Ctrl+A selects what it holds so the path replaces it.
    xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
    xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
    xdotool(&[
        "type",
        "--clearmodifiers",
        "--delay",
        "30",
        &path.display().to_string(),
    ]);
    before_return();
    xdotool(&["key", "--clearmodifiers", "Return"]);
    // In a chooser that takes several files, the first Return may only accept the location
    // field's completion; a second one opens what it names.
    let settle = Instant::now() + Duration::from_secs(5);
    while !windows_titled(title).is_empty() && Instant::now() < settle {
        std::thread::sleep(Duration::from_millis(200));
    }
    if !windows_titled(title).is_empty() {
        screenshot_screen("native-dialog-after-return");
        xdotool(&["key", "--clearmodifiers", "Return"]);
    }
    wait_for_window_gone(title);
}

/// What the X clipboard holds as text; `None` when it holds no text (nobody owns it).
pub fn clipboard_text() -> Option<String> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .output()
        .expect("xclip runs (apt install xclip; see .ci/setup)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Polls the clipboard until `holds` says yes, up to a generous deadline; what it held last.
pub fn wait_for_clipboard(what: &str, holds: impl Fn(Option<&str>) -> bool) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let now = clipboard_text();
        if holds(now.as_deref()) {
            return now;
        }
        assert!(Instant::now() < deadline, "the clipboard never {what}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// A PNG of the whole X screen (dialogs included) under `test-artifacts/e2e/<name>.png`.
pub fn screenshot_screen(name: &str) -> PathBuf {
    let dir = crate::app::artifacts_dir();
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let xwd = dir.join(format!("{name}.xwd"));
    let png = dir.join(format!("{name}.png"));
    let dumped = Command::new("xwd")
        .args(["-root", "-silent", "-out"])
        .arg(&xwd)
        .status()
        .expect("xwd runs (apt install x11-apps; see .ci/setup)");
    assert!(dumped.success(), "xwd could not dump the screen");
    let converted = Command::new("convert")
        .arg(format!("xwd:{}", xwd.display()))
        .arg(&png)
        .status()
        .expect("convert runs (apt install imagemagick; see .ci/setup)");
    assert!(converted.success(), "convert could not make a PNG");
    let _ = std::fs::remove_file(&xwd);
    png
}
