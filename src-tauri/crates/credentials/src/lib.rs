//! Credentials on this laptop, for the Credentials page: the `docker login` / `podman login`
//! lines of a registry connection, its entry in Docker's `config.json` and Podman's
//! `auth.json` (read, merged, written atomically with a backup), and a pull secret to copy.
//!
//! Every function takes a [`vault::BasicCredentials`]: a registry's user and password, or a
//! user name and a token (an OpenShift token from `oc whoami -t`, a robot account's token)
//! the same way; the registry key comes from the connection's URL ([`login::registry_key`]).
//! Nothing here talks to the network or the keyring, and nothing depends on Tauri.

pub mod auth_file;
mod error;
pub mod import;
pub mod login;
pub mod model;
pub mod paths;
pub mod pull_secret;

use std::path::Path;

pub use error::{Error, Result};

use auth_file::AuthFile;
use model::{AuthFileKind, AuthFilePreview, AuthFileWritten};
use vault::BasicCredentials;

/// What writing `credentials` for `key` into the file of `kind` at `path` would do.
pub fn preview(
    kind: AuthFileKind,
    path: &Path,
    path_reason: &str,
    key: &str,
    credentials: &BasicCredentials,
) -> Result<AuthFilePreview> {
    let key = &login::key_for(kind, key);
    let file = AuthFile::read(path)?;
    let (used_key, entry_masked, change) = file.preview(key, credentials)?;
    Ok(AuthFilePreview {
        kind,
        path: path.display().to_string(),
        path_reason: path_reason.to_owned(),
        exists: file.exists(),
        other_keys: file.keys().into_iter().filter(|k| *k != used_key).collect(),
        helper: file.helper_for(key),
        key: used_key,
        entry_masked,
        change,
    })
}

/// Reads the file at `path` again, merges the entry and writes it (with a backup). Nothing is
/// written when the entry is already there, unchanged.
pub fn write(
    kind: AuthFileKind,
    path: &Path,
    key: &str,
    credentials: &BasicCredentials,
) -> Result<AuthFileWritten> {
    let key = &login::key_for(kind, key);
    let mut file = AuthFile::read(path)?;
    let change = file.upsert(key, credentials)?;
    let backup = if change == model::EntryChange::Unchanged {
        None
    } else {
        file.write()?
    };
    Ok(AuthFileWritten {
        path: path.display().to_string(),
        backup: backup.map(|b| b.display().to_string()),
        change,
    })
}
