//! Docker's `config.json` and Podman's `auth.json`: read, merge one entry, write back.
//!
//! Both files are `{"auths": {"<key>": {"auth": "<base64 user:password>"}}, ...}`; Docker's
//! also holds `credsStore`, `credHelpers`, proxies, plugins and more. Everything the app does
//! not change is kept: the file is held as a `serde_json::Value` with its key order, only the
//! one entry is replaced, and unknown fields (of the file and of that entry) stay.
//!
//! Rules (seed 001: "Docker and Podman do not support several entries for exactly the same
//! registry path"): an entry is added or updated for the exact key; an existing key that
//! clients read as the same registry (`https://host`, `http://host/v1/`) is updated in place
//! rather than a second one added. When a credential helper handles the registry
//! (`credHelpers`, or `credsStore` for all), the client would ignore a plain entry: nothing
//! is written and the caller is told which helper.
//!
//! Writes are atomic: a temp file (mode 0600) in the same directory, fsync, a backup copy of
//! the previous file (mode 0600), rename over, fsync of the directory. A file that does not
//! parse is reported and never overwritten. Only the newest [`KEPT_BACKUPS`] backups stay:
//! every write makes one, and a user who copies logins daily would otherwise collect hundreds
//! of files that each hold their passwords.
//!
//! A `config.json` that is a symbolic link (dotfiles kept in a repository, a config shared
//! between users) is written through to its target, as the Docker CLI does
//! (`cli/config/configfile/file.go`, `Save`): the temp file and the backups sit beside the
//! target and the rename replaces the target, so the link stays a link.
//!
//! Mode bits exist on Unix only; on Windows the files get the ACL inherited from the
//! directory (the user's profile), which is what Docker and Podman rely on there too.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use vault::BasicCredentials;

use crate::login::{MASK, auth_field, key_host};
use crate::model::EntryChange;
use crate::{Error, Result};

/// An auth file as read: its path and its JSON (an empty object when it does not exist).
#[derive(Clone)]
pub struct AuthFile {
    path: PathBuf,
    exists: bool,
    root: Map<String, Value>,
}

impl std::fmt::Debug for AuthFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The entries hold secrets: only the keys.
        f.debug_struct("AuthFile")
            .field("path", &self.path)
            .field("exists", &self.exists)
            .field("keys", &self.keys())
            .finish()
    }
}

/// How clients compare keys: without a scheme, and for Docker's legacy spellings without a
/// trailing `/`, `/v1` or `/v2`.
fn normalized(key: &str) -> &str {
    let key = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    let key = key.trim_end_matches('/');
    let key = key
        .strip_suffix("/v1")
        .or_else(|| key.strip_suffix("/v2"))
        .unwrap_or(key);
    match key {
        "index.docker.io" | "registry-1.docker.io" => "docker.io",
        other => other,
    }
}

impl AuthFile {
    /// Reads `path`; a missing file is an empty one. Not an object, or an `auths`,
    /// `credHelpers` or `credsStore` of the wrong type, is [`Error::Malformed`].
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    path: path.to_owned(),
                    exists: false,
                    root: Map::new(),
                });
            }
            Err(source) => {
                return Err(Error::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let malformed = |reason: String| Error::Malformed {
            path: path.to_owned(),
            reason,
        };
        // An empty file is what some tools leave behind; clients read it as no entries.
        let root = if bytes.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else {
            // serde_json's message gives a line and column, never the content.
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(root)) => root,
                Ok(_) => return Err(malformed("the top level is not a JSON object".into())),
                Err(e) => return Err(malformed(format!("invalid JSON: {e}"))),
            }
        };
        for (field, object) in [
            ("auths", true),
            ("credHelpers", true),
            ("credsStore", false),
        ] {
            match root.get(field) {
                None | Some(Value::Null) => {}
                Some(Value::Object(_)) if object => {}
                Some(Value::String(_)) if !object => {}
                Some(_) => {
                    return Err(malformed(format!(
                        "\"{field}\" is not {}",
                        if object { "an object" } else { "a string" }
                    )));
                }
            }
        }
        Ok(Self {
            path: path.to_owned(),
            exists: true,
            root,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file existed when read.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// The registry keys of `auths`, in file order.
    pub fn keys(&self) -> Vec<String> {
        self.auths()
            .map(|a| a.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn auths(&self) -> Option<&Map<String, Value>> {
        self.root.get("auths").and_then(Value::as_object)
    }

    /// The existing key clients read as `key`: `key` itself first, else an equivalent spelling.
    pub fn existing_key(&self, key: &str) -> Option<String> {
        let auths = self.auths()?;
        if auths.contains_key(key) {
            return Some(key.to_owned());
        }
        auths
            .keys()
            .find(|k| normalized(k) == normalized(key))
            .cloned()
    }

    /// The credential helper that handles `key`'s registry, if any: `credHelpers` by host
    /// (or by the full key), else `credsStore`.
    pub fn helper_for(&self, key: &str) -> Option<String> {
        let by_registry = self
            .root
            .get("credHelpers")
            .and_then(Value::as_object)
            .and_then(|helpers| {
                helpers
                    .iter()
                    .find(|(k, _)| {
                        let k = normalized(k);
                        k == normalized(key) || k == key_host(key)
                    })
                    .and_then(|(_, v)| v.as_str())
            });
        let store = self.root.get("credsStore").and_then(Value::as_str);
        by_registry
            .or(store)
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
    }

    /// The entry `upsert` would write for `key`, and what it changes.
    fn merged_entry(
        &self,
        key: &str,
        credentials: &BasicCredentials,
    ) -> Result<(String, Map<String, Value>, EntryChange)> {
        let auth = auth_field(credentials)?;
        let existing_key = self.existing_key(key);
        let existing = existing_key
            .as_ref()
            .and_then(|k| self.auths().and_then(|a| a.get(k)));
        let mut entry = match existing {
            Some(Value::Object(entry)) => entry.clone(),
            Some(_) => {
                return Err(Error::Malformed {
                    path: self.path.clone(),
                    reason: format!(
                        "the entry for \"{}\" is not an object",
                        existing_key.as_deref().unwrap_or(key)
                    ),
                });
            }
            None => Map::new(),
        };
        let unchanged = entry.get("auth").and_then(Value::as_str) == Some(auth.as_str())
            && !entry.contains_key("identitytoken");
        entry.insert("auth".into(), Value::String(auth));
        // Fields that would contradict the new `auth`: clients prefer some of them over it.
        for stale in ["username", "password", "identitytoken", "registrytoken"] {
            entry.remove(stale);
        }
        let change = match (&existing_key, unchanged) {
            (None, _) => EntryChange::Add,
            (Some(_), true) => EntryChange::Unchanged,
            (Some(_), false) => EntryChange::Update,
        };
        Ok((
            existing_key.unwrap_or_else(|| key.to_owned()),
            entry,
            change,
        ))
    }

    /// What writing `credentials` for `key` would do: the key used, the entry with its
    /// `auth` masked (pretty JSON), and the change.
    pub fn preview(
        &self,
        key: &str,
        credentials: &BasicCredentials,
    ) -> Result<(String, String, EntryChange)> {
        let (key, mut entry, change) = self.merged_entry(key, credentials)?;
        entry.insert("auth".into(), Value::String(MASK.into()));
        let text = serde_json::to_string_pretty(&Value::Object(
            [(key.clone(), Value::Object(entry))].into_iter().collect(),
        ))
        .unwrap_or_default();
        Ok((key, text, change))
    }

    /// Adds or updates the entry for `key` in memory. Refuses when a credential helper
    /// handles the registry.
    pub fn upsert(&mut self, key: &str, credentials: &BasicCredentials) -> Result<EntryChange> {
        if let Some(helper) = self.helper_for(key) {
            return Err(Error::HelperConfigured {
                path: self.path.clone(),
                key: key.to_owned(),
                helper,
            });
        }
        let (key, entry, change) = self.merged_entry(key, credentials)?;
        let auths = self
            .root
            .entry("auths")
            .or_insert_with(|| Value::Object(Map::new()));
        if auths.is_null() {
            *auths = Value::Object(Map::new());
        }
        if let Value::Object(auths) = auths {
            auths.insert(key, Value::Object(entry));
        }
        Ok(change)
    }

    /// The file's JSON as it would be written (tab-indented like Docker's own output).
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(&Value::Object(self.root.clone()))
            .unwrap_or_else(|_| "{}".into());
        out.push('\n');
        out
    }

    /// Writes the file atomically, mode 0600, its directory made 0700 when missing, after
    /// copying the previous file to `<name>.bak-<unix time>[-n]` (mode 0600) and before
    /// removing all but the newest [`KEPT_BACKUPS`] backups. A symbolic link is written
    /// through: the file replaced is its target. Returns the backup.
    pub fn write(&self) -> Result<Option<PathBuf>> {
        let write_error = |source: std::io::Error| Error::Write {
            path: self.path.clone(),
            source,
        };
        let target = resolve_links(&self.path).map_err(write_error)?;
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .ok_or_else(|| write_error(std::io::Error::other("the file has no directory")))?;
        if !dir.exists() {
            private_dir_builder().create(dir).map_err(write_error)?;
        }
        let backup = match fs::read(&target) {
            Ok(previous) => Some(write_backup(&target, &previous).map_err(write_error)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(write_error(e)),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".rc-auth-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(fs::Permissions::from_mode(0o600));
        }
        let mut temp = builder.tempfile_in(dir).map_err(write_error)?;
        temp.write_all(self.to_json().as_bytes())
            .map_err(write_error)?;
        temp.as_file().sync_all().map_err(write_error)?;
        temp.persist(&target).map_err(|e| write_error(e.error))?;
        // The rename is durable once the directory is (Windows cannot open a directory).
        #[cfg(unix)]
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        // The new file is in place: a backup that cannot be removed costs only disk space.
        prune_backups(&target);
        Ok(backup)
    }
}

/// How many backups of an auth file are kept beside it.
pub const KEPT_BACKUPS: usize = 3;

/// How many symbolic links are followed before giving up (Linux's `MAXSYMLINKS`).
const MAX_LINKS: usize = 40;

/// The file a write replaces: `path`, or the end of its chain of symbolic links. A link whose
/// target does not exist yet resolves to that target, which the write then creates (as the
/// Docker CLI does for a dangling link).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                // A relative target is relative to the link's directory; `join` keeps an
                // absolute one as it is.
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(tidy(path, current)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(tidy(path, current)),
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links lead to the file"
    )))
}

/// A followed link's target without the `..` of relative links (the backup's path is shown to
/// the user): its directory made canonical when it exists.
fn tidy(path: &Path, target: PathBuf) -> PathBuf {
    if target == path {
        return target;
    }
    match (target.parent(), target.file_name()) {
        (Some(dir), Some(name)) => fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or(target),
        _ => target,
    }
}

/// A recursive directory builder that makes new directories private (0700) on Unix.
fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder
}

/// The backups of `path` beside it, oldest first, with their `(seconds, n)` order keys.
fn backups_of(path: &Path) -> Vec<((u64, u64), PathBuf)> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    let prefix = format!("{}.bak-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<_> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let file_name = entry.file_name();
            let suffix = file_name.to_str()?.strip_prefix(&prefix)?;
            let key = backup_key(suffix)?;
            Some((key, entry.path()))
        })
        .collect();
    found.sort();
    found
}

/// The order key of a backup suffix `<seconds>` or `<seconds>-<n>`; `None` for a name this
/// app did not write.
fn backup_key(suffix: &str) -> Option<(u64, u64)> {
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match suffix.split_once('-') {
        Some((seconds, n)) => Some((number(seconds)?, number(n)?)),
        None => Some((number(suffix)?, 0)),
    }
}

/// Removes all but the newest [`KEPT_BACKUPS`] backups of `path`.
fn prune_backups(path: &Path) {
    let backups = backups_of(path);
    let excess = backups.len().saturating_sub(KEPT_BACKUPS);
    for (_, old) in backups.into_iter().take(excess) {
        let _ = fs::remove_file(old);
    }
}

/// Copies `previous` next to `path` as `<name>.bak-<unix seconds>[-n]`, mode 0600, named so
/// that it sorts after every backup already there (several writes in one second, a clock set
/// back), which is what pruning keeps.
fn write_backup(path: &Path, previous: &[u8]) -> std::io::Result<PathBuf> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "auth.json".into());
    let (seconds, mut n) = match backups_of(path).last() {
        Some(&((newest, _), _)) if newest < seconds => (seconds, 0),
        Some(&((newest, newest_n), _)) => (newest, newest_n + 1),
        None => (seconds, 0),
    };
    for _ in 0..1000 {
        let suffix = if n == 0 {
            format!("{seconds}")
        } else {
            format!("{seconds}-{n}")
        };
        let backup = path.with_file_name(format!("{name}.bak-{suffix}"));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        match options.open(&backup) {
            Ok(mut file) => {
                file.write_all(previous)?;
                file.sync_all()?;
                return Ok(backup);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // Another writer took the name in between.
                n += 1;
            }
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free backup file name"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn alice() -> BasicCredentials {
        BasicCredentials::new("alice", "s3cret")
    }

    /// The permission bits (Unix only: Windows has ACLs, not modes).
    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt as _;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("config.json");
        fs::write(&path, text).unwrap();
        path
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_mode_0600_in_a_new_0700_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("containers/auth.json");
        let mut file = AuthFile::read(&path).unwrap();
        assert!(!file.exists());
        assert_eq!(
            file.upsert("127.0.0.1:5000", &alice()).unwrap(),
            EntryChange::Add
        );
        assert_eq!(file.write().unwrap(), None);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("containers")), 0o700);
        let written: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let auth = written["auths"]["127.0.0.1:5000"]["auth"].as_str().unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth)
            .unwrap();
        assert_eq!(decoded, b"alice:s3cret");
    }

    #[test]
    fn merge_keeps_every_other_entry_and_unknown_field_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let original = r#"{
  "auths": {
    "quay.io": {"auth": "cXVheTpxdWF5"},
    "127.0.0.1:5000": {"auth": "b2xkOm9sZA==", "email": "a@example.com"},
    "quay.io/org/repo": {"auth": "cmVwbzpyZXBv"}
  },
  "HttpHeaders": {"User-Agent": "Docker-Client/24"},
  "detachKeys": "ctrl-e,e",
  "plugins": {"x": {"y": [1, 2, {"z": null}]}}
}"#;
        let path = write(dir.path(), original);
        let mut file = AuthFile::read(&path).unwrap();
        assert_eq!(
            file.upsert("127.0.0.1:5000", &alice()).unwrap(),
            EntryChange::Update
        );
        file.write().unwrap();
        let before: Value = serde_json::from_str(original).unwrap();
        let after: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        // Everything but the one entry's auth is as it was, key order included.
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&before), keys(&after));
        assert_eq!(keys(&before["auths"]), keys(&after["auths"]));
        for field in ["HttpHeaders", "detachKeys", "plugins"] {
            assert_eq!(before[field], after[field], "{field}");
        }
        assert_eq!(before["auths"]["quay.io"], after["auths"]["quay.io"]);
        assert_eq!(
            before["auths"]["quay.io/org/repo"],
            after["auths"]["quay.io/org/repo"]
        );
        assert_eq!(after["auths"]["127.0.0.1:5000"]["email"], "a@example.com");
        assert_eq!(after["auths"]["127.0.0.1:5000"]["auth"], "YWxpY2U6czNjcmV0");
    }

    #[test]
    fn numbers_of_other_tools_are_written_back_as_read() {
        // Found by the `auth_file` fuzz target: serde_json's fast float parsing read this as
        // 1.1758111439181321e20, wrote it so, and read that back as 1.175811143918132e20: each
        // write moved a number the app does not own.
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), r#"{"":117581114391813216e3}"#);
        let first = AuthFile::read(&path).unwrap();
        fs::write(&path, first.to_json()).unwrap();
        let second = AuthFile::read(&path).unwrap();
        assert_eq!(second.to_json(), first.to_json());
        let read: Value = serde_json::from_str(&first.to_json()).unwrap();
        let exact: f64 = "117581114391813216e3".parse().unwrap();
        assert_eq!(read[""].as_f64(), Some(exact));
    }

    #[test]
    fn never_two_entries_for_the_same_registry() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"{"auths": {"https://127.0.0.1:5000/v1/": {"auth": "b2xkOm9sZA=="}}}"#,
        );
        let mut file = AuthFile::read(&path).unwrap();
        assert_eq!(
            file.upsert("127.0.0.1:5000", &alice()).unwrap(),
            EntryChange::Update
        );
        assert_eq!(file.keys(), ["https://127.0.0.1:5000/v1/"]);
        // Twice is the same as once.
        assert_eq!(
            file.upsert("127.0.0.1:5000", &alice()).unwrap(),
            EntryChange::Unchanged
        );
        assert_eq!(file.keys().len(), 1);
        // A per-path entry is a different registry path, and a different host is too.
        file.upsert("127.0.0.1:5000/team/app", &alice()).unwrap();
        file.upsert("localhost:5000", &alice()).unwrap();
        assert_eq!(file.keys().len(), 3);
    }

    #[test]
    fn docker_hub_under_its_legacy_key_is_the_same_registry() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"{"auths": {"https://index.docker.io/v1/": {"auth": "b2xkOm9sZA=="}}}"#,
        );
        let mut file = AuthFile::read(&path).unwrap();
        assert_eq!(
            file.upsert("docker.io", &alice()).unwrap(),
            EntryChange::Update
        );
        assert_eq!(file.keys(), ["https://index.docker.io/v1/"]);
    }

    #[test]
    fn stale_fields_that_clients_prefer_over_auth_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"{"auths": {"r.example.com": {"auth": "eDp5", "identitytoken": "tok", "username": "x", "password": "y"}}}"#,
        );
        let mut file = AuthFile::read(&path).unwrap();
        file.upsert("r.example.com", &alice()).unwrap();
        let json: Value = serde_json::from_str(&file.to_json()).unwrap();
        let entry = json["auths"]["r.example.com"].as_object().unwrap();
        assert_eq!(entry.keys().collect::<Vec<_>>(), ["auth"]);
    }

    #[test]
    fn a_credential_helper_for_the_registry_is_respected() {
        let dir = tempfile::tempdir().unwrap();
        let text = r#"{"auths": {}, "credHelpers": {"127.0.0.1:5000": "secretservice"}}"#;
        let path = write(dir.path(), text);
        let mut file = AuthFile::read(&path).unwrap();
        assert_eq!(
            file.helper_for("127.0.0.1:5000").as_deref(),
            Some("secretservice")
        );
        assert_eq!(
            file.helper_for("127.0.0.1:5000/team/app").as_deref(),
            Some("secretservice")
        );
        assert_eq!(file.helper_for("quay.io"), None);
        let error = file.upsert("127.0.0.1:5000", &alice()).unwrap_err();
        assert!(
            matches!(error, Error::HelperConfigured { ref helper, .. } if helper == "secretservice")
        );
        assert!(
            error
                .to_string()
                .contains("docker-credential-secretservice"),
            "{error}"
        );
        file.upsert("quay.io", &alice()).unwrap();

        let path = write(
            dir.path(),
            r#"{"auths": {"quay.io": {}}, "credsStore": "desktop"}"#,
        );
        let mut file = AuthFile::read(&path).unwrap();
        assert_eq!(file.helper_for("anything:1").as_deref(), Some("desktop"));
        assert!(file.upsert("quay.io", &alice()).is_err());
    }

    #[test]
    fn a_malformed_file_is_reported_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        for text in [
            "{\"auths\": {\"quay.io\": {\"auth\": \"x\"}",
            "[1, 2]",
            "{\"auths\": []}",
            "{\"credsStore\": 7}",
        ] {
            let path = write(dir.path(), text);
            let error = AuthFile::read(&path).unwrap_err();
            assert!(
                matches!(error, Error::Malformed { .. }),
                "{text}: {error:?}"
            );
            assert!(error.to_string().contains("was not changed"), "{error}");
            assert_eq!(fs::read_to_string(&path).unwrap(), text);
        }
        let path = write(dir.path(), r#"{"auths": {"quay.io": "not an object"}}"#);
        let mut file = AuthFile::read(&path).unwrap();
        assert!(matches!(
            file.upsert("quay.io", &alice()),
            Err(Error::Malformed { .. })
        ));
        assert!(file.preview("quay.io", &alice()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_previous_file_is_backed_up_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let original = r#"{"auths": {"quay.io": {"auth": "cXVheTpxdWF5"}}}"#;
        let path = write(dir.path(), original);
        set_mode(&path, 0o644);
        let mut file = AuthFile::read(&path).unwrap();
        file.upsert("127.0.0.1:5000", &alice()).unwrap();
        let backup = file.write().unwrap().expect("a backup");
        assert!(
            backup
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("config.json.bak-")
        );
        assert_eq!(fs::read_to_string(&backup).unwrap(), original);
        assert_eq!(mode(&backup), 0o600);
        assert_eq!(mode(&path), 0o600);
        // A second write the same second gets its own backup.
        let second = file.write().unwrap().expect("a backup");
        assert_ne!(second, backup);
        // No temp file is left behind.
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names.iter().any(|n| n.starts_with(".rc-auth-")),
            "{names:?}"
        );
    }

    /// What `user` logged in with, as the file holds it after a write.
    fn auth_of(path: &Path, key: &str) -> String {
        let json: Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
        json["auths"][key]["auth"].as_str().unwrap().to_owned()
    }

    #[test]
    fn only_the_newest_three_backups_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), r#"{"auths": {}}"#);
        // Backups a user's earlier runs left, and a file of someone else's that looks alike.
        for old in [
            "config.json.bak-100",
            "config.json.bak-100-1",
            "config.json.bak-99",
        ] {
            fs::write(dir.path().join(old), "{}").unwrap();
        }
        fs::write(dir.path().join("config.json.bak-notes"), "mine").unwrap();
        let mut states = Vec::new();
        for n in 0..6 {
            let mut file = AuthFile::read(&path).unwrap();
            file.upsert("quay.io", &BasicCredentials::new("alice", format!("pw{n}")))
                .unwrap();
            file.write().unwrap().expect("a backup");
            states.push(fs::read_to_string(&path).unwrap());
        }
        let backups: Vec<String> = names(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("config.json.bak-") && n != "config.json.bak-notes")
            .collect();
        assert_eq!(backups.len(), KEPT_BACKUPS, "{backups:?}");
        // The newest three: the states before the last three writes, written in one second or
        // across a second boundary alike.
        let mut kept: Vec<String> = backups
            .iter()
            .map(|b| fs::read_to_string(dir.path().join(b)).unwrap())
            .collect();
        kept.sort();
        let mut expected = states[2..5].to_vec();
        expected.sort();
        assert_eq!(kept, expected);
        assert_eq!(
            fs::read_to_string(dir.path().join("config.json.bak-notes")).unwrap(),
            "mine"
        );
        assert_eq!(auth_of(&path, "quay.io"), "YWxpY2U6cHc1");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_auth_file_is_written_through_to_its_target() {
        use std::os::unix::fs::symlink;
        let home = tempfile::tempdir().unwrap();
        let dotfiles = home.path().join("dotfiles");
        let docker = home.path().join(".docker");
        fs::create_dir_all(&dotfiles).unwrap();
        fs::create_dir_all(&docker).unwrap();
        let target = dotfiles.join("docker-config.json");
        let original = r#"{"auths": {"quay.io": {"auth": "cXVheTpxdWF5"}}}"#;
        fs::write(&target, original).unwrap();
        set_mode(&target, 0o644);
        let link = docker.join("config.json");
        // Relative, as `ln -s ../dotfiles/docker-config.json` makes it.
        symlink("../dotfiles/docker-config.json", &link).unwrap();

        let mut file = AuthFile::read(&link).unwrap();
        file.upsert("127.0.0.1:5000", &alice()).unwrap();
        let backup = file.write().unwrap().expect("a backup");

        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "the link became a plain file"
        );
        assert_eq!(
            fs::read_link(&link).unwrap(),
            Path::new("../dotfiles/docker-config.json")
        );
        assert_eq!(auth_of(&target, "127.0.0.1:5000"), "YWxpY2U6czNjcmV0");
        assert_eq!(auth_of(&target, "quay.io"), "cXVheTpxdWF5");
        assert_eq!(mode(&target), 0o600);
        // The backup sits beside the file it copies; no temp file is left in either directory.
        assert_eq!(backup.parent(), Some(dotfiles.as_path()));
        assert_eq!(fs::read_to_string(&backup).unwrap(), original);
        assert_eq!(names(&docker), ["config.json"]);
        assert_eq!(names(&dotfiles).len(), 2, "{:?}", names(&dotfiles));

        // A link to a link to a file that does not exist yet: the file is created there.
        let podman = home.path().join("runtime/containers");
        fs::create_dir_all(&podman).unwrap();
        let real = home.path().join("secrets/auth.json");
        symlink(&real, home.path().join("secrets-link")).unwrap();
        let auth_json = podman.join("auth.json");
        symlink(home.path().join("secrets-link"), &auth_json).unwrap();
        let mut file = AuthFile::read(&auth_json).unwrap();
        assert!(!file.exists());
        file.upsert("quay.io", &alice()).unwrap();
        assert_eq!(file.write().unwrap(), None);
        assert!(
            fs::symlink_metadata(&auth_json)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(auth_of(&real, "quay.io"), "YWxpY2U6czNjcmV0");
        assert_eq!(mode(&real), 0o600);
        assert_eq!(mode(real.parent().unwrap()), 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn a_write_that_fails_leaves_the_previous_file() {
        let dir = tempfile::tempdir().unwrap();
        let original = r#"{"auths": {}}"#;
        let path = write(dir.path(), original);
        let mut file = AuthFile::read(&path).unwrap();
        file.upsert("quay.io", &alice()).unwrap();
        set_mode(dir.path(), 0o500);
        let result = file.write();
        set_mode(dir.path(), 0o700);
        // root ignores directory permissions; the point is only checked where they apply.
        if let Err(error) = result {
            assert!(matches!(error, Error::Write { .. }));
            assert_eq!(fs::read_to_string(&path).unwrap(), original);
        }
    }

    #[test]
    fn preview_masks_the_secret_and_debug_prints_only_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"{"auths": {"quay.io": {"auth": "cXVheTpxdWF5"}}}"#,
        );
        let mut file = AuthFile::read(&path).unwrap();
        let (key, text, change) = file.preview("quay.io", &alice()).unwrap();
        assert_eq!((key.as_str(), change), ("quay.io", EntryChange::Update));
        assert!(
            text.contains(MASK) && !text.contains("YWxpY2U6czNjcmV0"),
            "{text}"
        );
        file.upsert("quay.io", &alice()).unwrap();
        let debug = format!("{file:?}");
        assert!(
            !debug.contains("YWxp") && !debug.contains("cXVh"),
            "{debug}"
        );
    }
}
