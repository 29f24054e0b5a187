//! The search for secrets left on disk. The e2e tests record every password and token they
//! use; after the whole run, `secret-sweep` (run by `make e2e`) searches every app home of the
//! run and the screenshots' folder for each of them.

use std::path::{Path, PathBuf};

/// Places under a home where a secret is there on purpose: files the user asked the app to
/// write a credential to (Podman's `auth.json`, Docker's `config.json`) or read one from (a
/// kubeconfig). Everything else in a home must be free of secrets.
pub const ON_PURPOSE: &[&str] = &["runtime/containers", ".docker", ".kube"];

/// The file of a run directory that lists the secrets the run used, one per line.
pub const LIST: &str = "secrets.list";

/// The folder of a run directory holding one home per app the run started.
pub const HOMES: &str = "homes";

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

/// What a sweep of a run found.
#[derive(Debug)]
pub struct Sweep {
    /// Distinct secrets searched for.
    pub secrets: usize,
    /// Homes searched.
    pub homes: usize,
    /// One line per hit, naming the secret by its number and length only (this is a log too).
    pub found: Vec<String>,
}

/// Searches every home of the run at `run` and the folders `more` for every secret the run
/// recorded.
pub fn sweep(run: &Path, more: &[PathBuf]) -> std::io::Result<Sweep> {
    let list = std::fs::read_to_string(run.join(LIST))?;
    let mut secrets: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
    secrets.sort_unstable();
    secrets.dedup();
    let mut places: Vec<PathBuf> = std::fs::read_dir(run.join(HOMES))?
        .flatten()
        .map(|e| e.path())
        .collect();
    let homes = places.len();
    places.extend(more.iter().cloned());
    let mut found = Vec::new();
    for (n, secret) in secrets.iter().enumerate() {
        for place in &places {
            for hit in files_containing(place, secret) {
                found.push(format!("secret #{n} ({} chars) in {hit}", secret.len()));
            }
        }
    }
    Ok(Sweep {
        secrets: secrets.len(),
        homes,
        found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_in_a_home_is_found_and_one_where_the_user_asked_for_it_is_not() {
        let run = tempfile::tempdir().unwrap();
        std::fs::write(run.path().join(LIST), "sha256~one\npass-two\nsha256~one\n").unwrap();
        let home = run.path().join(HOMES).join("home-a");
        let config = home.join("config/app");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("settings.json"), "{\"t\":\"xx-pass-two-xx\"}").unwrap();
        let kube = home.join(".kube");
        std::fs::create_dir_all(&kube).unwrap();
        std::fs::write(kube.join("config"), "token: sha256~one").unwrap();
        std::fs::create_dir_all(run.path().join(HOMES).join("home-b")).unwrap();
        let shots = tempfile::tempdir().unwrap();
        std::fs::write(shots.path().join("log.txt"), "sha256~one").unwrap();

        let sweep = sweep(run.path(), &[shots.path().to_path_buf()]).unwrap();
        assert_eq!((sweep.secrets, sweep.homes), (2, 2));
        assert_eq!(sweep.found.len(), 2, "{:?}", sweep.found);
        assert!(
            sweep
                .found
                .iter()
                .any(|f| f.ends_with("settings.json") && f.contains("(8 chars)"))
        );
        assert!(sweep.found.iter().any(|f| f.ends_with("log.txt")));
        assert!(sweep.found.iter().all(|f| !f.contains("pass-two")));
    }

    #[test]
    fn the_activity_logs_of_a_home_are_searched_rotated_ones_too() {
        let run = tempfile::tempdir().unwrap();
        std::fs::write(run.path().join(LIST), "sha256~minted\n").unwrap();
        // Where the app keeps its activity log: beside its settings.
        let activity = run
            .path()
            .join(HOMES)
            .join("home-a")
            .join("config/app/activity");
        std::fs::create_dir_all(&activity).unwrap();
        std::fs::write(
            activity.join("activity.jsonl"),
            "{\"action\":\"tokenMinted\"}\n",
        )
        .unwrap();
        std::fs::write(
            activity.join("activity.1.jsonl"),
            "{\"v\":\"sha256~minted\"}\n",
        )
        .unwrap();

        let sweep = sweep(run.path(), &[]).unwrap();
        assert_eq!(sweep.found.len(), 1, "{:?}", sweep.found);
        assert!(sweep.found[0].ends_with("activity/activity.1.jsonl"));
    }

    #[test]
    fn a_run_without_its_list_is_an_error_not_a_clean_sweep() {
        let run = tempfile::tempdir().unwrap();
        assert!(sweep(run.path(), &[]).is_err());
    }
}
