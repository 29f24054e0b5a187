//! Starts the real app under the display of `xvfb-run`, through tauri-driver, in an isolated
//! home: its own HOME, XDG config, data, cache and runtime directories, the locale a test asks
//! for, and a private OS keyring (gnome-keyring on a D-Bus session bus of its own, started
//! without DISPLAY so it never waits on an unlock prompt) that outlives app restarts.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use harness::keyring::KeyringDaemon;

use crate::webdriver::Session;

/// The app's identifier from tauri.conf.json: its config directory is named after it.
pub const APP_ID: &str = "io.registryconsole.desktop";

/// A user's machine as the app sees it: a home of its own that outlives app restarts.
pub struct Desktop {
    home: PathBuf,
    /// Deletes the home with the test, unless the run keeps homes for its secret sweep.
    _home_cleanup: Option<tempfile::TempDir>,
    keyring: KeyringDaemon,
    /// The value of `LANG` the app is started with.
    pub lang: String,
    /// The GTK theme (`Adwaita:dark` for a dark desktop), when not the default.
    pub gtk_theme: Option<String>,
    /// The session bus of a private Secret Service (`harness::keyring::KeyringDaemon`) the
    /// app keeps its tokens in; `None`: the desktop's own private keyring.
    pub keyring_bus: Option<String>,
    /// A directory put first on the app's `PATH`: a test's stand-in for `xdg-open` (the
    /// system browser) lives there.
    pub path_prefix: Option<PathBuf>,
    /// More environment for the app (what a stand-in browser needs to know).
    pub extra_env: Vec<(String, String)>,
}

/// The app, running, with a WebDriver session on its window.
pub struct Running {
    driver: Driver,
    /// The WebDriver session on the app's window.
    pub session: Session,
}

impl Desktop {
    /// A fresh machine with an English locale.
    pub fn new() -> Self {
        Self::with_lang("en_US.UTF-8")
    }

    /// A fresh machine whose locale is `lang` (`ja_JP.UTF-8`).
    pub fn with_lang(lang: &str) -> Self {
        let (home, home_cleanup) = crate::secrets::new_home();
        let runtime = home.join("runtime");
        std::fs::create_dir_all(&runtime).expect("runtime dir");
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .expect("private runtime dir");
        Self {
            home,
            _home_cleanup: home_cleanup,
            keyring: KeyringDaemon::start().expect("private keyring starts"),
            lang: lang.to_owned(),
            gtk_theme: None,
            keyring_bus: None,
            path_prefix: None,
            extra_env: Vec::new(),
        }
    }

    /// Where the app keeps its settings file on this machine.
    pub fn settings_path(&self) -> PathBuf {
        self.home
            .join("config")
            .join(APP_ID)
            .join(connections::store::FILE_NAME)
    }

    /// Saves a connection the way the app does, before the app starts (the form itself is
    /// proven by the Connections tests).
    pub fn add_connection(
        &self,
        name: &str,
        url: &str,
        tls: connections::TlsMode,
    ) -> connections::Connection {
        self.add_connection_of(connections::ConnectionKind::Registry, name, url, tls)
    }

    /// Saves a connection of another kind (an OpenShift cluster) before the app starts.
    pub fn add_connection_of(
        &self,
        kind: connections::ConnectionKind,
        name: &str,
        url: &str,
        tls: connections::TlsMode,
    ) -> connections::Connection {
        connections::SettingsStore::open(self.settings_path())
            .add(&connections::ConnectionDraft {
                name: name.to_owned(),
                kind,
                url: url.to_owned(),
                tls,
                openshift_version: None,
            })
            .expect("connection saved")
    }

    /// The whole isolated home (config, data incl. the webview's storage, cache, runtime).
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// `$XDG_RUNTIME_DIR` of the app (Podman's `auth.json` is under `containers/` there).
    pub fn runtime_dir(&self) -> PathBuf {
        self.home.join("runtime")
    }

    /// The desktop's OS keyring.
    pub fn keyring(&self) -> &KeyringDaemon {
        &self.keyring
    }

    /// The environment the app runs in on this machine, set on `command` (tauri-driver, which
    /// passes it on to the app, or the app itself).
    pub fn set_env(&self, command: &mut Command) {
        let home = self.home();
        match &self.gtk_theme {
            Some(theme) => command.env("GTK_THEME", theme),
            None => command.env_remove("GTK_THEME"),
        };
        if let Some(prefix) = &self.path_prefix {
            let path = std::env::var("PATH").unwrap_or_default();
            command.env("PATH", format!("{}:{path}", prefix.display()));
        }
        command.envs(self.extra_env.iter().map(|(k, v)| (k, v)));
        command
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", self.runtime_dir())
            // The desktop's private Secret Service, or one the test started itself; never the
            // developer's.
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                self.keyring_bus
                    .as_deref()
                    .unwrap_or(self.keyring().bus_address()),
            )
            .env_remove("REGISTRY_AUTH_FILE")
            // The kubeconfig is the home's `~/.kube/config`, never the developer's list.
            .env_remove("KUBECONFIG")
            .env_remove("DOCKER_CONFIG")
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("LANG", &self.lang)
            .env("LANGUAGE", self.lang.split('.').next().unwrap_or("en_US"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            // No accessibility bus under Xvfb; without this GTK waits for it.
            .env("NO_AT_BRIDGE", "1");
    }

    /// Starts the app and opens a WebDriver session on its window.
    pub async fn launch(&self) -> Running {
        self.launch_binary(&app_binary()).await
    }

    /// Starts the app from another binary (a release build) with a WebDriver session on it.
    pub async fn launch_binary(&self, app: &Path) -> Running {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "the e2e tests need a display: run them with `make e2e` (xvfb-run)"
        );
        assert!(
            app.exists(),
            "{} is missing: build it with `make app` first",
            app.display()
        );
        // A second try with fresh ports: tauri-driver's native port is picked free here and
        // bound later by WebKitWebDriver, and on a machine busy with many short connections
        // (the benchmark's sequential pass) it was taken in between once ("client error
        // (Connect)" from tauri-driver).
        let mut tries = 2;
        loop {
            let driver = Driver::start(self);
            match Session::start(&driver.url, &app.display().to_string()).await {
                Ok(session) => return Running { driver, session },
                Err(e) if tries > 1 => {
                    eprintln!(
                        "starting the app through tauri-driver failed, trying again: {e}\n{}",
                        driver.log_tail()
                    );
                    tries -= 1;
                }
                Err(e) => panic!(
                    "cannot start the app through tauri-driver: {e}\n{}",
                    driver.log_tail()
                ),
            }
        }
    }
}

impl Running {
    /// Closes the app (ends the session) and stops the driver.
    pub async fn close(self) {
        let Running { driver, session } = self;
        if let Err(e) = session.quit().await {
            eprintln!("closing the session: {e}");
        }
        drop(driver);
    }

    /// Saves a PNG of the window under `test-artifacts/e2e/<name>.png` and returns its path;
    /// then runs axe-core on the same screen and writes its result beside it. The dedicated
    /// walk (`accessibility.rs`) fails on serious or critical violations; here they are
    /// printed and kept in `<name>.axe.json`, and fail the test only with
    /// `RC_E2E_AXE_STRICT=1`, until every screen of every test has been brought to pass.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.session.settle().await.expect("page settles");
        let png = self.session.screenshot().await.expect("screenshot");
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        if std::env::var_os("RC_E2E_AXE_STRICT").is_some_and(|v| v == "1") {
            self.check_accessibility(name).await;
        } else {
            self.record_accessibility(name).await;
        }
        path
    }

    /// Like `check_accessibility`, but only writes the result and prints what is serious.
    pub async fn record_accessibility(&self, name: &str) {
        let result = run_axe(&self.session).await;
        let path = artifacts_dir().join(format!("{name}.axe.json"));
        std::fs::write(
            &path,
            serde_json::to_vec_pretty(&result).expect("axe result as JSON"),
        )
        .expect("write the axe result");
        for failure in serious_violations(&result) {
            eprintln!("axe-core on {name}: {failure}");
        }
    }

    /// Runs axe-core on the page as it is now, writes its whole result to
    /// `test-artifacts/e2e/<name>.axe.json` and fails the test on any serious or critical
    /// violation, listing each rule, its impact and the elements it found.
    pub async fn check_accessibility(&self, name: &str) {
        let result = run_axe(&self.session).await;
        let path = artifacts_dir().join(format!("{name}.axe.json"));
        std::fs::write(
            &path,
            serde_json::to_vec_pretty(&result).expect("axe result as JSON"),
        )
        .expect("write the axe result");
        let failures = serious_violations(&result);
        assert!(
            failures.is_empty(),
            "axe-core finds serious or critical accessibility violations on {name} (all in {}):\n{}",
            path.display(),
            failures.join("\n")
        );
    }
}

/// The axe-core the UI's dev dependencies installed (`ui/node_modules/axe-core`).
fn axe_source() -> &'static str {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{} is missing ({e}): run `npm --prefix ui ci` (axe-core is a dev dependency of ui/)",
                path.display()
            )
        })
    })
}

/// axe-core's result for the whole page. The script is put into the page once (the app is
/// one page; a reload loses it and it is put in again). Nodes are reported without their
/// HTML: a screen may show a revealed secret, and the artifacts must never hold one.
async fn run_axe(session: &crate::webdriver::Session) -> serde_json::Value {
    let loaded = session
        .execute("return typeof window.axe === 'object';")
        .await
        .expect("ask whether axe-core is in the page");
    if loaded != serde_json::Value::Bool(true) {
        let inject = format!(
            "{}\n;window.axe.configure({{ noHtml: true }}); return true;",
            axe_source()
        );
        session
            .execute(&inject)
            .await
            .expect("axe-core loads into the page");
    }
    let run = r#"
        const done = arguments[arguments.length - 1];
        window.axe
            .run(document, { resultTypes: ["violations", "incomplete"] })
            .then((r) => done({ ok: r }), (e) => done({ error: String(e) }));
    "#;
    let answer = session.execute_async(run).await.expect("axe-core runs");
    match answer.get("ok") {
        Some(result) => result.clone(),
        None => panic!("axe-core failed: {answer}"),
    }
}

/// One line per serious or critical violation: rule, impact, help and the elements' selectors.
pub fn serious_violations(result: &serde_json::Value) -> Vec<String> {
    let empty = Vec::new();
    let violations = result["violations"].as_array().unwrap_or(&empty);
    violations
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
        .map(|v| {
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|n| n["target"].to_string())
                .collect();
            format!(
                "- {} ({}): {} at {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                targets.join(", ")
            )
        })
        .collect()
}

/// `test-artifacts/e2e` at the workspace root (git-ignored).
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts/e2e")
}

/// The debug app binary next to this test binary (`target/debug/registry-console`), so a
/// `CARGO_TARGET_DIR` elsewhere is followed; `REGISTRY_CONSOLE_APP` overrides it.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("REGISTRY_CONSOLE_APP") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("test binary path");
    // target/debug/deps/e2e-HASH -> target/debug/registry-console
    exe.parent()
        .and_then(Path::parent)
        .expect("target dir")
        .join("registry-console")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// tauri-driver in its own process group, so WebKitWebDriver and the app die with it.
struct Driver {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Driver {
    fn start(desktop: &Desktop) -> Self {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let native_port = free_port();
        let home = desktop.home();
        let log = home.join(format!("tauri-driver-{port}.log"));
        let log_file = std::fs::File::create(&log).expect("driver log");
        let mut command = Command::new(tauri_driver());
        desktop.set_env(&mut command);
        let child = command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked)");
        let url = format!("http://127.0.0.1:{port}");
        let driver = Self { child, url, log };
        driver.wait_ready();
        driver
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", self.port())).is_ok() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen within 20 s\n{}",
                self.log_tail()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_default()
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|p| p.join("bin/tauri-driver"));
    cargo_bin
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("tauri-driver"))
}
