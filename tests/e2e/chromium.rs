//! The system browser of the sign-in tests. The app opens the authorization URL through Tauri's
//! opener plugin, which runs `xdg-open <url>` on Linux; the `xdg-open` first on the app's `PATH`
//! hands the URL to the test, and a headless Chromium (Debian's `chromium` and `chromedriver`)
//! loads it. The test fills the provider's real login page in Chromium as a person would, and
//! Chromium itself follows the redirects to the app's loopback listener and shows its page.

use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::Session;

/// `xdg-open`: appends the URL it is asked to open to `$RC_E2E_BROWSER_LOG` and returns, as a
/// desktop's launcher does once it has handed the URL to the browser.
const XDG_OPEN: &str = "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$RC_E2E_BROWSER_LOG\"\n";

/// The `xdg-open` the app finds first, and what it was asked to open.
pub struct Launcher {
    dir: tempfile::TempDir,
}

impl Launcher {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("launcher dir");
        let script = dir.path().join("xdg-open");
        std::fs::write(&script, XDG_OPEN).expect("write xdg-open");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))
            .expect("xdg-open is executable");
        Self { dir }
    }

    /// Put first on the app's `PATH` (`Desktop::path_prefix`).
    pub fn path_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The environment the script needs (`Desktop::extra_env`).
    pub fn env(&self) -> (String, String) {
        (
            "RC_E2E_BROWSER_LOG".into(),
            self.log().display().to_string(),
        )
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("opened.log")
    }

    /// Every URL opened so far.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.log())
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Waits for the app to open a URL in the browser.
    pub fn wait_opened(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(url) = self.opened().into_iter().next() {
                return url;
            }
            assert!(
                Instant::now() < deadline,
                "the app did not open the system browser within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A headless Chromium behind ChromeDriver, with a fresh profile.
pub struct Chromium {
    driver: ChromeDriver,
    pub session: Session,
}

/// The chromedriver process in its own process group: Chromium dies with it.
struct ChromeDriver {
    child: Child,
    profile: tempfile::TempDir,
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
    }
}

impl ChromeDriver {
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.profile.path().join("chromedriver.log"))
            .unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Chromium {
    pub async fn start() -> Self {
        use std::os::unix::process::CommandExt as _;
        let profile = tempfile::tempdir().expect("browser profile");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("free port");
        let log_file =
            std::fs::File::create(profile.path().join("chromedriver.log")).expect("driver log");
        let child = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .expect("start chromedriver (Debian package chromium-driver)");
        let user_data = profile.path().join("profile");
        let driver = ChromeDriver { child, profile };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen within 20 s\n{}",
                driver.log_tail()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // The flags keep Chromium off the network it cannot reach here (component updates,
        // sync, background requests) and out of a sandbox that needs privileges CI lacks.
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1000,700",
                    format!("--user-data-dir={}", user_data.display()),
                ],
            },
        });
        let session = Session::start_with(&format!("http://127.0.0.1:{port}"), capabilities)
            .await
            .unwrap_or_else(|e| panic!("Chromium did not start: {e}\n{}", driver.log_tail()));
        Self { driver, session }
    }

    /// Loads `url` as if the user had followed it.
    pub async fn visit(&self, url: &str) {
        self.session
            .navigate(url)
            .await
            .unwrap_or_else(|e| panic!("Chromium could not load {url}: {e}"));
    }

    /// Saves a PNG of the browser's page under `test-artifacts/e2e/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.session.screenshot().await.expect("browser screenshot");
        let dir = crate::app::artifacts_dir();
        std::fs::create_dir_all(&dir).expect("artifacts dir");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the session and stops Chromium.
    pub async fn close(self) {
        let Self { driver, session } = self;
        let _ = session.quit().await;
        drop(driver);
    }
}

fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

fn chromium_binary() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}
