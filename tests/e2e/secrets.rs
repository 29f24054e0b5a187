//! Secrets must never land on disk outside the OS keyring. Every password and token a test
//! types, pastes or gets minted is reported with [`used`]; each test may check its own home
//! with [`files_containing`], and after the whole run `make e2e` runs
//! [`no_secret_left_anywhere_after_the_whole_run`], which searches every home the run used
//! (settings, CA files, logs, the webview's storage and cache) and the screenshots' folder for
//! every secret of the run.
//!
//! The run directory (`RC_E2E_RUN_DIR`, made by `make e2e` with `mktemp -d`, removed after the
//! sweep) keeps the homes and the list of secrets, mode 0600, outside every place searched.
//! Without it (a single test run by hand) homes are deleted with their test and nothing is
//! recorded.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The directory of this e2e run, when `make e2e` set one.
pub fn run_dir() -> Option<PathBuf> {
    std::env::var_os("RC_E2E_RUN_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn list_path(run: &Path) -> PathBuf {
    run.join("secrets.list")
}

/// Records a password or token a test used, for the sweep after the run.
pub fn used(secret: &str) {
    assert!(
        !secret.contains('\n') && !secret.is_empty(),
        "one secret per line"
    );
    let Some(run) = run_dir() else {
        return;
    };
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(list_path(&run))
        .expect("the run's secret list opens");
    writeln!(file, "{secret}").expect("the run's secret list is written");
}

/// Places under a home where a secret is there on purpose: files the user asked the app to
/// write a credential to (Podman's `auth.json`, Docker's `config.json`) or read one from (a
/// kubeconfig). Everything else in a home must be free of secrets.
const ON_PURPOSE: &[&str] = &["runtime/containers", ".docker", ".kube"];

/// Every file under `dir` that holds `needle`, except the places of [`ON_PURPOSE`].
pub fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let skip: Vec<PathBuf> = ON_PURPOSE.iter().map(|p| dir.join(p)).collect();
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if skip.contains(&path) {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file()
                && let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// A new home for a `Desktop`: kept in the run directory for the sweep, or a temporary one.
pub fn new_home() -> (PathBuf, Option<tempfile::TempDir>) {
    match run_dir() {
        Some(run) => {
            let homes = run.join("homes");
            std::fs::create_dir_all(&homes).expect("the run's homes dir");
            let home = tempfile::Builder::new()
                .prefix("home-")
                .tempdir_in(&homes)
                .expect("a home in the run dir")
                .keep();
            (home, None)
        }
        None => {
            let home = tempfile::tempdir().expect("temp home");
            (home.path().to_path_buf(), Some(home))
        }
    }
}

/// The sweep after the whole run (`make e2e` runs it last, with `--ignored`).
#[test]
#[ignore = "run by `make e2e` after every other e2e test, over the whole run's homes"]
fn no_secret_left_anywhere_after_the_whole_run() {
    let run = run_dir().expect("RC_E2E_RUN_DIR: run this through `make e2e`");
    let list = std::fs::read_to_string(list_path(&run)).unwrap_or_default();
    let mut secrets: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
    secrets.sort_unstable();
    secrets.dedup();
    assert!(
        secrets.len() >= 5,
        "the e2e tests recorded only {} secrets: the run did not happen or lost its list",
        secrets.len()
    );
    let homes: Vec<PathBuf> = std::fs::read_dir(run.join("homes"))
        .expect("the run's homes")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(homes.len() >= 5, "only {} homes were kept", homes.len());
    let mut places = homes.clone();
    places.push(crate::app::artifacts_dir());
    let mut found = Vec::new();
    for (n, secret) in secrets.iter().enumerate() {
        for place in &places {
            for hit in files_containing(place, secret) {
                // Name the secret by its number and length only: this message is a log too.
                found.push(format!("secret #{n} ({} chars) in {hit}", secret.len()));
            }
        }
    }
    eprintln!(
        "secret sweep: {} secrets searched for in {} homes and {}",
        secrets.len(),
        homes.len(),
        crate::app::artifacts_dir().display()
    );
    assert!(found.is_empty(), "secrets on disk:\n{}", found.join("\n"));
}
