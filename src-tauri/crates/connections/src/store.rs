//! The settings file: one JSON document in the platform's config directory.
//!
//! Writes are atomic (a temp file in the same directory, fsync, rename, fsync of the
//! directory), so a crash leaves either the old file or the new one. The in-memory copy
//! changes only after the file is written, so what the UI shows is always what is on disk.
//! A file that cannot be read or understood is moved aside under a new name and reported
//! ([`Recovery`]); when it cannot be moved, the store refuses to write rather than destroy it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::model::{Connection, ConnectionDraft, ConnectionKind, LastView, Preferences, Settings};
use crate::validate::check_draft;

/// The schema version this build writes; files with a higher one are left untouched.
pub const SCHEMA_VERSION: u32 = 1;

/// The settings file's name inside the app's config directory.
pub const FILE_NAME: &str = "settings.json";

/// The file as it is on disk: the settings plus the schema version.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OnDisk {
    schema_version: u32,
    #[serde(flatten)]
    settings: Settings,
}

/// What happened to a settings file that could not be used at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recovery {
    /// Why the file could not be used, in words.
    pub reason: String,
    /// Where the unusable file was moved, when it could be moved.
    pub moved_to: Option<String>,
    /// True when nothing will be saved this session, so that the file on disk is not lost.
    pub read_only: bool,
}

/// What the UI needs to draw the settings: their content and where they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsState {
    /// The settings in force.
    pub settings: Settings,
    /// The settings file's path, shown to the user.
    pub path: String,
    /// Set when the file on disk could not be used at start.
    pub recovery: Option<Recovery>,
}

/// The settings in memory and the file they are kept in.
#[derive(Debug)]
pub struct SettingsStore {
    path: PathBuf,
    settings: Settings,
    recovery: Option<Recovery>,
}

impl SettingsStore {
    /// Opens the settings file at `path`. Never fails: a missing file means empty settings,
    /// an unusable one is moved aside (or left alone, read-only) and reported in
    /// [`SettingsStore::state`].
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let (settings, recovery) = match std::fs::read(&path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(mut settings) => {
                    forget_recent_of_unknown_connections(&mut settings);
                    (settings, None)
                }
                Err(Unusable::Newer(version)) => (
                    Settings::default(),
                    Some(Recovery {
                        reason: format!(
                            "the settings file was written by a newer version of Registry Console (schema {version}; this one knows {SCHEMA_VERSION})"
                        ),
                        moved_to: None,
                        read_only: true,
                    }),
                ),
                Err(Unusable::Corrupt(reason)) => {
                    (Settings::default(), Some(move_aside(&path, reason)))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(e) => (
                Settings::default(),
                Some(move_aside(&path, format!("cannot read it: {e}"))),
            ),
        };
        Self {
            path,
            settings,
            recovery,
        }
    }

    /// The settings in force, the file's path and any recovery that happened at start.
    pub fn state(&self) -> SettingsState {
        SettingsState {
            settings: self.settings.clone(),
            path: self.path.display().to_string(),
            recovery: self.recovery.clone(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The saved connection `id`, or [`Error::NotFound`].
    pub fn connection(&self, id: &str) -> Result<Connection> {
        let index = self.index_of(id)?;
        Ok(self.settings.connections[index].clone())
    }

    /// Checks the draft, gives it a new id, saves, and returns the saved connection.
    pub fn add(&mut self, draft: &ConnectionDraft) -> Result<Connection> {
        self.insert(draft, None)
    }

    /// Checks and saves a registry connection linked to the OpenShift connection
    /// `cluster_id`: it signs in with that connection's current token.
    pub fn add_linked(&mut self, draft: &ConnectionDraft, cluster_id: &str) -> Result<Connection> {
        self.insert(draft, Some(cluster_id))
    }

    /// Checks the draft (and the link, when there is one), gives it a new id and saves it.
    fn insert(
        &mut self,
        draft: &ConnectionDraft,
        linked_cluster: Option<&str>,
    ) -> Result<Connection> {
        let checked = check_draft(draft)?;
        if let Some(cluster_id) = linked_cluster {
            self.check_link(checked.kind, cluster_id)?;
        }
        self.ensure_unique_name(&checked.name, None)?;
        let connection = Connection {
            id: uuid::Uuid::new_v4().to_string(),
            name: checked.name,
            kind: checked.kind,
            url: checked.url,
            tls: checked.tls,
            linked_cluster: linked_cluster.map(str::to_owned),
            openshift_version: checked.openshift_version,
        };
        let mut next = self.settings.clone();
        next.connections.push(connection.clone());
        self.commit(next)?;
        Ok(connection)
    }

    /// The registry connections linked to the OpenShift connection `cluster_id`.
    pub fn linked_to(&self, cluster_id: &str) -> Vec<Connection> {
        self.settings
            .connections
            .iter()
            .filter(|c| c.linked_cluster.as_deref() == Some(cluster_id))
            .cloned()
            .collect()
    }

    /// A link is from a registry connection to a saved OpenShift connection.
    fn check_link(&self, kind: ConnectionKind, cluster_id: &str) -> Result<()> {
        if kind != ConnectionKind::Registry {
            return Err(Error::InvalidLink {
                reason: "only a registry connection can sign in with a cluster's login".into(),
            });
        }
        match self
            .settings
            .connections
            .iter()
            .find(|c| c.id == cluster_id)
        {
            Some(c) if c.kind == ConnectionKind::Openshift => Ok(()),
            Some(c) => Err(Error::InvalidLink {
                reason: format!("\"{}\" is not an OpenShift connection", c.name),
            }),
            None => Err(Error::InvalidLink {
                reason: format!("no connection with id {cluster_id}"),
            }),
        }
    }

    /// Replaces the connection `id` with the checked draft, keeping its id and position.
    pub fn update(&mut self, id: &str, draft: &ConnectionDraft) -> Result<Connection> {
        let checked = check_draft(draft)?;
        let index = self.index_of(id)?;
        self.ensure_unique_name(&checked.name, Some(id))?;
        // A linked registry keeps its link while it stays a registry at the same URL: the
        // cluster's token must not follow the connection to another server.
        let before = &self.settings.connections[index];
        let linked_cluster = before
            .linked_cluster
            .clone()
            .filter(|_| checked.kind == ConnectionKind::Registry && checked.url == before.url);
        let connection = Connection {
            id: id.to_owned(),
            name: checked.name,
            kind: checked.kind,
            url: checked.url,
            tls: checked.tls,
            linked_cluster,
            openshift_version: checked.openshift_version,
        };
        let mut next = self.settings.clone();
        next.connections[index] = connection.clone();
        self.commit(next)?;
        Ok(connection)
    }

    /// Removes the connection `id` (and the repositories it remembers). Registry connections
    /// linked to it stay, unlinked: they no longer sign in with its token and ask for their own
    /// sign-in.
    pub fn remove(&mut self, id: &str) -> Result<()> {
        let index = self.index_of(id)?;
        let mut next = self.settings.clone();
        next.connections.remove(index);
        next.recent_repositories.remove(id);
        if let Some(view) = &mut next.last_view
            && view.connection_id.as_deref() == Some(id)
        {
            view.connection_id = None;
        }
        next.debug_addresses.remove(id);
        for c in &mut next.connections {
            if c.linked_cluster.as_deref() == Some(id) {
                c.linked_cluster = None;
            }
        }
        self.commit(next)
    }

    /// The repositories recently opened by name on connection `id`, most recent first.
    pub fn recent_repositories(&self, id: &str) -> Vec<String> {
        self.settings
            .recent_repositories
            .get(id)
            .cloned()
            .unwrap_or_default()
    }

    /// Puts `name` first among the recent repositories of connection `id` (at most
    /// [`crate::recent::MAX_RECENT_REPOSITORIES`] are kept) and saves; returns the list. The
    /// caller checks the name, and says with `keep` which names already listed are names
    /// (the file may have been edited); the others are dropped from the list saved.
    pub fn remember_repository(
        &mut self,
        id: &str,
        name: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>> {
        self.index_of(id)?;
        let listed: Vec<String> = self
            .recent_repositories(id)
            .into_iter()
            .filter(|n| keep(n))
            .collect();
        let list = crate::recent::remember(&listed, name);
        if list == self.recent_repositories(id) {
            return Ok(list);
        }
        let mut next = self.settings.clone();
        next.recent_repositories.insert(id.to_owned(), list.clone());
        self.commit(next)?;
        Ok(list)
    }

    /// Removes `name` from the recent repositories of connection `id` and saves; returns the
    /// list. A name not in it changes nothing.
    pub fn forget_repository(&mut self, id: &str, name: &str) -> Result<Vec<String>> {
        self.index_of(id)?;
        let before = self.recent_repositories(id);
        let list: Vec<String> = before.iter().filter(|n| *n != name).cloned().collect();
        if list.len() == before.len() {
            return Ok(list);
        }
        let mut next = self.settings.clone();
        if list.is_empty() {
            next.recent_repositories.remove(id);
        } else {
            next.recent_repositories.insert(id.to_owned(), list.clone());
        }
        self.commit(next)?;
        Ok(list)
    }

    /// Saves the page and connection shown, for the next start. A connection that is not
    /// saved (any more) is not kept, an implausible view (see [`LastView::is_plausible`]) is
    /// not saved, and an unchanged one is not written again.
    pub fn remember_view(&mut self, view: LastView) -> Result<()> {
        let view = LastView {
            connection_id: view.connection_id.filter(|id| self.index_of(id).is_ok()),
            ..view
        };
        if !view.is_plausible() || self.settings.last_view.as_ref() == Some(&view) {
            return Ok(());
        }
        let mut next = self.settings.clone();
        next.last_view = Some(view);
        self.commit(next)
    }

    /// The registry debug server's address saved for connection `id`.
    pub fn debug_address(&self, id: &str) -> Option<String> {
        self.settings.debug_addresses.get(id).cloned()
    }

    /// Saves (or, with `None`, forgets) the debug server's address of connection `id`. The
    /// caller has checked that it is a usable address.
    pub fn set_debug_address(&mut self, id: &str, address: Option<&str>) -> Result<()> {
        self.index_of(id)?;
        if self.debug_address(id).as_deref() == address {
            return Ok(());
        }
        let mut next = self.settings.clone();
        match address {
            Some(a) => next.debug_addresses.insert(id.to_owned(), a.to_owned()),
            None => next.debug_addresses.remove(id),
        };
        self.commit(next)
    }

    /// Saves new UI preferences.
    pub fn set_preferences(&mut self, preferences: Preferences) -> Result<Preferences> {
        let mut next = self.settings.clone();
        next.preferences = preferences.clone();
        self.commit(next)?;
        Ok(preferences)
    }

    fn index_of(&self, id: &str) -> Result<usize> {
        self.settings
            .connections
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| Error::NotFound { id: id.to_owned() })
    }

    fn ensure_unique_name(&self, name: &str, except_id: Option<&str>) -> Result<()> {
        let taken = self.settings.connections.iter().any(|c| {
            Some(c.id.as_str()) != except_id && c.name.to_lowercase() == name.to_lowercase()
        });
        if taken {
            return Err(Error::DuplicateName {
                name: name.to_owned(),
            });
        }
        Ok(())
    }

    /// Writes `next` to disk and, only once that succeeded, makes it the settings in force.
    fn commit(&mut self, next: Settings) -> Result<()> {
        if let Some(recovery) = self.recovery.as_ref().filter(|r| r.read_only) {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
                reason: recovery.reason.clone(),
            });
        }
        write_atomically(&self.path, &next).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })?;
        self.settings = next;
        Ok(())
    }
}

/// Recent repositories of connections the file does not hold (removed by hand) are dropped.
fn forget_recent_of_unknown_connections(settings: &mut Settings) {
    let ids: std::collections::HashSet<&str> =
        settings.connections.iter().map(|c| c.id.as_str()).collect();
    settings
        .recent_repositories
        .retain(|id, _| ids.contains(id.as_str()));
    settings
        .debug_addresses
        .retain(|id, _| ids.contains(id.as_str()));
}

enum Unusable {
    Newer(u32),
    Corrupt(String),
}

fn parse(bytes: &[u8]) -> std::result::Result<Settings, Unusable> {
    // Read the version alone first, so a newer file is recognised even when its shape changed.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct VersionOnly {
        schema_version: u32,
    }
    let version = serde_json::from_slice::<VersionOnly>(bytes)
        .map_err(|e| Unusable::Corrupt(format!("it is not a valid settings file ({e})")))?
        .schema_version;
    if version > SCHEMA_VERSION {
        return Err(Unusable::Newer(version));
    }
    if version == 0 {
        return Err(Unusable::Corrupt("its schema version is 0".into()));
    }
    serde_json::from_slice::<OnDisk>(bytes)
        .map(|on_disk| on_disk.settings)
        .map_err(|e| Unusable::Corrupt(format!("it is not a valid settings file ({e})")))
}

/// Renames an unusable file to `settings.json.broken-<unix time>[-n]` beside it.
fn move_aside(path: &Path, reason: String) -> Recovery {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let mut target = path.with_file_name(format!("{FILE_NAME}.broken-{stamp}"));
    let mut n = 1;
    while target.exists() {
        target = path.with_file_name(format!("{FILE_NAME}.broken-{stamp}-{n}"));
        n += 1;
    }
    match std::fs::rename(path, &target) {
        Ok(()) => Recovery {
            reason,
            moved_to: Some(target.display().to_string()),
            read_only: false,
        },
        Err(e) => Recovery {
            reason: format!(
                "{reason}; it could not be moved aside ({e}), so it is left as it is and nothing will be saved"
            ),
            moved_to: None,
            read_only: true,
        },
    }
}

fn write_atomically(path: &Path, settings: &Settings) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let on_disk = OnDisk {
        schema_version: SCHEMA_VERSION,
        settings: settings.clone(),
    };
    let mut body = serde_json::to_vec_pretty(&on_disk).map_err(std::io::Error::other)?;
    body.push(b'\n');
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{FILE_NAME}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(&body)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, LastView, TlsMode};

    fn draft(name: &str) -> ConnectionDraft {
        ConnectionDraft {
            name: name.into(),
            kind: ConnectionKind::Registry,
            url: "http://127.0.0.1:5000".into(),
            tls: TlsMode::System,
            openshift_version: None,
        }
    }

    #[test]
    fn missing_file_opens_empty_and_first_save_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/settings.json");
        let mut store = SettingsStore::open(&path);
        assert!(store.state().recovery.is_none());
        assert!(store.settings().connections.is_empty());
        store.add(&draft("demo")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"schemaVersion\": 1"), "{text}");
    }

    #[test]
    fn add_update_remove_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut store = SettingsStore::open(&path);
        let a = store.add(&draft("a")).unwrap();
        let b = store.add(&draft("b")).unwrap();
        let mut changed = draft("b2");
        changed.tls = TlsMode::Insecure;
        store.update(&b.id, &changed).unwrap();
        store.remove(&a.id).unwrap();
        store
            .set_preferences(Preferences {
                language: Language::Ja,
            })
            .unwrap();

        let reopened = SettingsStore::open(&path);
        let settings = reopened.settings();
        assert_eq!(settings.connections.len(), 1);
        assert_eq!(settings.connections[0].id, b.id);
        assert_eq!(settings.connections[0].name, "b2");
        assert_eq!(settings.connections[0].tls, TlsMode::Insecure);
        assert_eq!(settings.preferences.language, Language::Ja);
        // Nothing but the settings file is left in the directory: no temp files.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from(FILE_NAME)]);
    }

    #[test]
    fn names_are_unique_ignoring_case_but_a_connection_may_keep_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SettingsStore::open(dir.path().join(FILE_NAME));
        let a = store.add(&draft("Demo")).unwrap();
        assert!(matches!(
            store.add(&draft("demo")),
            Err(Error::DuplicateName { .. })
        ));
        store.update(&a.id, &draft("DEMO")).unwrap();
    }

    #[test]
    fn refused_change_leaves_memory_and_disk_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut store = SettingsStore::open(&path);
        let a = store.add(&draft("a")).unwrap();
        let before = std::fs::read(&path).unwrap();
        let mut bad = draft("a");
        bad.url = "ftp://nope".into();
        assert!(store.update(&a.id, &bad).is_err());
        assert!(store.remove("no-such-id").is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(store.settings().connections[0], a);
    }

    #[cfg(unix)]
    #[test]
    fn failed_write_keeps_the_old_settings_in_memory_and_on_disk() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut store = SettingsStore::open(&path);
        store.add(&draft("a")).unwrap();
        let before = std::fs::read(&path).unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        let result = store.add(&draft("b"));
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        // root ignores directory permissions, so only check when the write really failed.
        if let Err(e) = result {
            assert!(matches!(e, Error::Write { .. }), "{e}");
            assert_eq!(store.settings().connections.len(), 1);
            assert_eq!(std::fs::read(&path).unwrap(), before);
        }
    }

    #[test]
    fn corrupt_file_is_moved_aside_and_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "{ this is not json").unwrap();
        let mut store = SettingsStore::open(&path);
        let recovery = store.state().recovery.expect("recovery reported");
        assert!(!recovery.read_only);
        assert!(recovery.reason.contains("not a valid settings file"));
        let moved = PathBuf::from(recovery.moved_to.expect("moved aside"));
        assert_eq!(
            std::fs::read_to_string(moved).unwrap(),
            "{ this is not json"
        );
        assert!(!path.exists());
        // The app goes on with empty settings and can save again.
        store.add(&draft("fresh")).unwrap();
        assert!(path.exists());
    }

    #[test]
    fn wrong_shape_is_corrupt_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, r#"{"schemaVersion":1,"connections":[{"id":1}]}"#).unwrap();
        let recovery = SettingsStore::open(&path).state().recovery.unwrap();
        assert!(recovery.moved_to.is_some());
    }

    #[test]
    fn newer_schema_is_left_untouched_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let newer = r#"{"schemaVersion":99,"somethingNew":true}"#;
        std::fs::write(&path, newer).unwrap();
        let mut store = SettingsStore::open(&path);
        let recovery = store.state().recovery.unwrap();
        assert!(recovery.read_only);
        assert!(recovery.reason.contains("newer version"));
        assert!(matches!(
            store.add(&draft("x")),
            Err(Error::ReadOnly { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    }

    #[test]
    fn recent_repositories_are_kept_per_connection_survive_reopening_and_go_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut store = SettingsStore::open(&path);
        let a = store.add(&draft("a")).unwrap();
        let b = store.add(&draft("b")).unwrap();
        store
            .remember_repository(&a.id, "demo/x", |_| true)
            .unwrap();
        store
            .remember_repository(&a.id, "demo/y", |_| true)
            .unwrap();
        store
            .remember_repository(&b.id, "other/z", |_| true)
            .unwrap();
        assert_eq!(
            store
                .remember_repository(&a.id, "demo/x", |n| n != "demo/y")
                .unwrap(),
            ["demo/x"],
            "a name `keep` refuses is dropped"
        );
        store
            .remember_repository(&a.id, "demo/y", |_| true)
            .unwrap();
        store
            .remember_repository(&a.id, "demo/x", |_| true)
            .unwrap();
        assert!(matches!(
            store.remember_repository("no-such-id", "demo/x", |_| true),
            Err(Error::NotFound { .. })
        ));
        let mut reopened = SettingsStore::open(&path);
        assert_eq!(reopened.recent_repositories(&a.id), ["demo/x", "demo/y"]);
        assert_eq!(reopened.recent_repositories(&b.id), ["other/z"]);
        assert_eq!(
            reopened.forget_repository(&a.id, "demo/x").unwrap(),
            ["demo/y"]
        );
        reopened.remove(&b.id).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("other/z"), "{text}");
        assert_eq!(
            SettingsStore::open(&path).recent_repositories(&a.id),
            ["demo/y"]
        );
    }

    #[test]
    fn a_hostile_recent_list_is_cut_and_cleaned_without_losing_the_connections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let mut store = SettingsStore::open(&path);
        let a = store.add(&draft("a")).unwrap();
        let b = store.add(&draft("b")).unwrap();
        let c = store.add(&draft("c")).unwrap();
        let mut on_disk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let huge: Vec<serde_json::Value> = (0..100_000)
            .map(|i| serde_json::Value::String(format!("fill/repo-{i}")))
            .collect();
        on_disk["recentRepositories"] = serde_json::json!({
            a.id.clone(): huge,
            b.id.clone(): [1, null, {"x": 1}, "", "A/B", "x".repeat(300), "<script>", "ok/one", "ok/one"],
            c.id.clone(): "not a list",
            "gone-connection": ["demo/x"],
        });
        std::fs::write(&path, serde_json::to_vec(&on_disk).unwrap()).unwrap();
        let store = SettingsStore::open(&path);
        assert!(store.state().recovery.is_none());
        assert_eq!(store.settings().connections.len(), 3);
        let kept = store.recent_repositories(&a.id);
        assert_eq!(kept.len(), crate::recent::MAX_RECENT_REPOSITORIES);
        assert_eq!(kept[0], "fill/repo-0");
        assert_eq!(store.recent_repositories(&b.id), ["ok/one"]);
        assert!(store.recent_repositories(&c.id).is_empty());
        assert!(
            !store
                .settings()
                .recent_repositories
                .contains_key("gone-connection")
        );
        // Anything but an object is nothing.
        on_disk["recentRepositories"] = serde_json::json!(["demo/x"]);
        std::fs::write(&path, serde_json::to_vec(&on_disk).unwrap()).unwrap();
        let store = SettingsStore::open(&path);
        assert!(store.state().recovery.is_none());
        assert!(store.settings().recent_repositories.is_empty());
    }

    #[test]
    fn a_linked_registry_follows_its_cluster_and_old_files_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        // A file written before links existed.
        std::fs::write(
            &path,
            r#"{"schemaVersion":1,"connections":[{"id":"c","name":"ocp","kind":"openshift","url":"https://api.example:6443","tls":{"mode":"system"}}]}"#,
        )
        .unwrap();
        let mut store = SettingsStore::open(&path);
        assert!(store.state().recovery.is_none());
        assert_eq!(store.settings().connections[0].linked_cluster, None);
        let registry = store.add(&draft("plain")).unwrap();

        // Only a registry may be linked, and only to an OpenShift connection.
        let mut cluster_draft = draft("another cluster");
        cluster_draft.kind = ConnectionKind::Openshift;
        assert!(matches!(
            store.add_linked(&cluster_draft, "c"),
            Err(Error::InvalidLink { .. })
        ));
        assert!(matches!(
            store.add_linked(&draft("r"), &registry.id),
            Err(Error::InvalidLink { .. })
        ));
        assert!(matches!(
            store.add_linked(&draft("r"), "gone"),
            Err(Error::InvalidLink { .. })
        ));
        let linked = store.add_linked(&draft("ocp registry"), "c").unwrap();
        assert_eq!(linked.linked_cluster.as_deref(), Some("c"));
        assert_eq!(store.linked_to("c"), vec![linked.clone()]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"linkedCluster\": \"c\""), "{text}");
        // A connection without a link writes no field at all.
        assert_eq!(text.matches("linkedCluster").count(), 1, "{text}");

        // A rename keeps the link; another URL drops it (the token must not follow).
        let mut renamed = draft("ocp registry 2");
        renamed.tls = TlsMode::Insecure;
        assert_eq!(
            store
                .update(&linked.id, &renamed)
                .unwrap()
                .linked_cluster
                .as_deref(),
            Some("c")
        );
        let mut moved = renamed.clone();
        moved.url = "https://elsewhere.example".into();
        assert_eq!(
            store.update(&linked.id, &moved).unwrap().linked_cluster,
            None
        );

        // Removing the cluster unlinks what was linked to it, which stays.
        let again = store.add_linked(&draft("ocp registry 3"), "c").unwrap();
        store.remove("c").unwrap();
        let reopened = SettingsStore::open(&path);
        let kept = reopened.connection(&again.id).unwrap();
        assert_eq!(kept.linked_cluster, None);
    }

    #[test]
    fn the_last_page_and_connection_survive_reopening_and_a_removed_connection_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let mut store = SettingsStore::open(&path);
        let kept = store.add(&draft("kept")).unwrap();
        let gone = store.add(&draft("gone")).unwrap();
        let view = |page: &str, id: Option<&str>| LastView {
            page: page.into(),
            connection_id: id.map(Into::into),
        };
        store
            .remember_view(view("credentials", Some(&gone.id)))
            .unwrap();
        let reopened = SettingsStore::open(&path);
        assert_eq!(
            reopened.settings().last_view,
            Some(view("credentials", Some(&gone.id)))
        );
        // Removing the connection shown keeps the page, without the connection.
        store.remove(&gone.id).unwrap();
        assert_eq!(
            SettingsStore::open(&path).settings().last_view,
            Some(view("credentials", None))
        );
        // A connection that is not saved is not remembered; the page is.
        store
            .remember_view(view("registries", Some("no-such-id")))
            .unwrap();
        assert_eq!(store.settings().last_view, Some(view("registries", None)));
        store
            .remember_view(view("registries", Some(&kept.id)))
            .unwrap();
        // Something our UI never sends is not saved.
        store.remember_view(view("../../etc/passwd", None)).unwrap();
        store
            .remember_view(view(&"a".repeat(LastView::MAX_LEN + 1), None))
            .unwrap();
        assert_eq!(
            SettingsStore::open(&path).settings().last_view,
            Some(view("registries", Some(&kept.id)))
        );
    }

    #[test]
    fn a_damaged_last_view_is_dropped_without_losing_the_connections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let mut store = SettingsStore::open(&path);
        store.add(&draft("demo")).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for damaged in [
            r#""lastView": 42"#,
            r#""lastView": {"page": ["x"]}"#,
            r#""lastView": {"page": "REGISTRIES"}"#,
            r#""lastView": {"page": "registries", "connectionId": "a/b"}"#,
        ] {
            let edited = text.replacen('{', &format!("{{{damaged},"), 1);
            std::fs::write(&path, &edited).unwrap();
            let reopened = SettingsStore::open(&path);
            assert!(reopened.state().recovery.is_none(), "{damaged}");
            assert_eq!(reopened.settings().connections.len(), 1, "{damaged}");
            assert_eq!(reopened.settings().last_view, None, "{damaged}");
        }
    }

    #[test]
    fn file_without_schema_version_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, r#"{"connections":[]}"#).unwrap();
        let recovery = SettingsStore::open(&path).state().recovery.unwrap();
        assert!(recovery.moved_to.is_some());
    }
}
