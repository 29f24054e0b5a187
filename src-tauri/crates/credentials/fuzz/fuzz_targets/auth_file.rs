//! An existing Docker `config.json` / Podman `auth.json` and one entry to merge into it: the
//! first three lines are the registry key, the user name and the password, the rest is the
//! file. Nothing may panic; a file read and written reads back the same (parse → serialize →
//! parse is stable); a merge changes only its own entry, holds exactly the credentials
//! given, and merging them again changes nothing; a preview never shows the credentials.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use credentials::Error;
use credentials::auth_file::AuthFile;
use credentials::model::EntryChange;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vault::BasicCredentials;

/// The file every run reads: one per fuzzing process, in its own directory.
fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("auth-file-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        dir.join("auth.json")
    })
}

/// The file as written, read back.
fn reread(file: &AuthFile) -> AuthFile {
    let json = file.to_json();
    std::fs::write(path(), &json).expect("scratch file written");
    let again = AuthFile::read(path()).expect("what was written reads back");
    assert_eq!(again.to_json(), json, "parse → serialize → parse is stable");
    again
}

fn entries(file: &AuthFile) -> serde_json::Map<String, Value> {
    let root: Value = serde_json::from_str(&file.to_json()).expect("to_json is JSON");
    root.get("auths")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(4, '\n');
    let (Some(key), Some(user), Some(password), Some(contents)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    std::fs::write(path(), contents).expect("scratch file written");
    let Ok(file) = AuthFile::read(path()) else {
        return;
    };
    let file = reread(&file);
    let credentials = BasicCredentials::new(user, password);
    let Ok(auth) = credentials::login::auth_field(&credentials) else {
        return;
    };
    let before = entries(&file);
    let preview = file.preview(key, &credentials);
    let mut merged = file.clone();
    match merged.upsert(key, &credentials) {
        Err(Error::HelperConfigured { .. }) => {
            assert!(file.helper_for(key).is_some());
            return;
        }
        Err(_) => {
            assert!(
                preview.is_err(),
                "the preview refuses what the merge refuses"
            );
            return;
        }
        Ok(change) => {
            let (used_key, shown, previewed) = preview.expect("the preview agrees");
            assert_eq!(change, previewed);
            if ![contents, key, user]
                .iter()
                .any(|given| given.contains(&auth))
            {
                assert!(!shown.contains(&auth), "the preview shows the credentials");
            }
            let merged = reread(&merged);
            assert_eq!(merged.existing_key(key).as_deref(), Some(used_key.as_str()));
            let after = entries(&merged);
            let entry = after[&used_key]
                .as_object()
                .expect("the entry is an object");
            assert_eq!(entry.get("auth"), Some(&Value::String(auth.clone())));
            for stale in ["username", "password", "identitytoken", "registrytoken"] {
                assert!(
                    !entry.contains_key(stale),
                    "{stale} stays beside the new auth"
                );
            }
            for (k, v) in &before {
                if *k != used_key {
                    assert_eq!(after.get(k), Some(v), "another entry changed");
                }
            }
            let added = usize::from(change == EntryChange::Add);
            assert_eq!(after.len(), before.len() + added);
            let mut again = merged.clone();
            assert_eq!(
                again.upsert(key, &credentials).ok(),
                Some(EntryChange::Unchanged)
            );
            assert_eq!(again.to_json(), merged.to_json());
        }
    }
});
