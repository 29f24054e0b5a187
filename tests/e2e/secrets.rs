//! Secrets must never land on disk outside the OS keyring. Every password and token a test
//! types, pastes or gets minted is reported with [`used`]; each test may check its own home
//! with `harness::secrets::files_containing`, and after the whole run `make e2e` runs `secret-sweep`
//! (`harness::secrets`), which searches every home the run used (settings, CA files, logs, the
//! webview's storage and cache) and the screenshots' folder for every secret of the run.
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
    run.join(harness::secrets::LIST)
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

/// A new home for a `Desktop`: kept in the run directory for the sweep, or a temporary one.
pub fn new_home() -> (PathBuf, Option<tempfile::TempDir>) {
    match run_dir() {
        Some(run) => {
            let homes = run.join(harness::secrets::HOMES);
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
