//! The `.deb` that `make package` builds, read back with `dpkg-deb` as apt would: the binary
//! on the PATH, the desktop entry and its icons, the AppStream metadata, and the dependencies
//! a fresh Debian 12 needs. Run by `make test-package` with `REGISTRY_CONSOLE_DEB` set.

use std::path::PathBuf;
use std::process::Command;

fn deb() -> PathBuf {
    PathBuf::from(
        std::env::var_os("REGISTRY_CONSOLE_DEB")
            .expect("REGISTRY_CONSOLE_DEB names the .deb to check (make test-package)"),
    )
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The value of one control field (`Depends`), or "" when missing.
fn field(control: &str, name: &str) -> String {
    control
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_default()
        .to_owned()
}

/// One file of the package's tree, read without installing it.
fn file_in_deb(path: &str) -> String {
    let deb = deb();
    // Members are named `usr/…` or `./usr/…`, depending on the builder: try both.
    let script = format!(
        "dpkg-deb --fsys-tarfile '{0}' | tar -xOf - '.{path}' 2>/dev/null || \
         dpkg-deb --fsys-tarfile '{0}' | tar -xOf - '{1}'",
        deb.display(),
        path.trim_start_matches('/')
    );
    run("sh", &["-c", &script])
}

#[test]
fn deb_control_names_the_app_and_the_libraries_a_fresh_debian_needs() {
    let control = run("dpkg-deb", &["--info", &deb().display().to_string()]);
    assert_eq!(field(&control, "Package"), "registry-console", "{control}");
    assert_eq!(
        field(&control, "Version"),
        env!("CARGO_PKG_VERSION"),
        "{control}"
    );
    assert_eq!(field(&control, "Architecture"), "amd64", "{control}");
    let depends = field(&control, "Depends");
    for library in ["libwebkit2gtk-4.1-0", "libgtk-3-0"] {
        assert!(depends.contains(library), "Depends: {depends}");
    }
    // keyring talks to the Secret Service over D-Bus in pure Rust (zbus): no library to link,
    // but a keyring daemon to store the tokens in.
    assert!(
        field(&control, "Recommends").contains("gnome-keyring"),
        "{control}"
    );
    assert!(
        !field(&control, "Description").is_empty(),
        "no description: {control}"
    );
}

#[test]
fn deb_installs_the_binary_the_desktop_entry_its_icons_and_the_appstream_metadata() {
    let contents = run("dpkg-deb", &["--contents", &deb().display().to_string()]);
    // `dpkg-deb --contents` lists `usr/bin/x` or `./usr/bin/x`, depending on the builder.
    let paths: Vec<String> = contents
        .lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .map(|p| format!("/{}", p.trim_start_matches("./").trim_start_matches('/')))
        .collect();
    let has = |path: &str| paths.iter().any(|p| p == path);
    assert!(has("/usr/bin/registry-console"), "{contents}");
    let metainfo = "/usr/share/metainfo/io.registryconsole.desktop.metainfo.xml";
    assert!(has(metainfo), "{contents}");
    for size in ["32x32", "64x64", "128x128", "256x256", "512x512"] {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/registry-console.png");
        assert!(has(&icon), "{icon} missing: {contents}");
    }
    let desktop_files: Vec<&String> = paths
        .iter()
        .filter(|p| p.starts_with("/usr/share/applications/") && p.ends_with(".desktop"))
        .collect();
    assert_eq!(desktop_files.len(), 1, "{contents}");

    let entry = file_in_deb(desktop_files[0]);
    assert!(entry.contains("\nExec=registry-console"), "{entry}");
    assert!(entry.contains("\nIcon=registry-console"), "{entry}");
    assert!(entry.contains("\nName=Registry Console"), "{entry}");
    // The AppStream launchable names this desktop entry.
    let xml = file_in_deb(metainfo);
    let desktop_id = desktop_files[0].rsplit('/').next().unwrap_or_default();
    assert!(
        xml.contains(&format!(
            "<launchable type=\"desktop-id\">{desktop_id}</launchable>"
        )),
        "{xml}"
    );
    assert!(xml.contains("<screenshots>"), "{xml}");

    // Both files as the desktop's own tools judge them (.ci/setup installs them).
    let dir = tempfile::tempdir().expect("temp dir");
    let xml_path = dir.path().join("io.registryconsole.desktop.metainfo.xml");
    std::fs::write(&xml_path, &xml).expect("write metainfo");
    run(
        "appstreamcli",
        &["validate", "--no-net", &xml_path.display().to_string()],
    );
    let entry_path = dir.path().join(desktop_id);
    std::fs::write(&entry_path, &entry).expect("write desktop entry");
    run(
        "desktop-file-validate",
        &[&entry_path.display().to_string()],
    );
}
