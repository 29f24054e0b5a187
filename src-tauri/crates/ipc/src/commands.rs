//! Every command the shell registers, with its argument and result types.
//!
//! `src-tauri/src/lib.rs` registers the same names; the e2e tests call each through the UI.

use ts_rs::{Config, TS};

use connections::store::SettingsState;
use connections::{Connection, ConnectionDraft, Preferences};

use crate::{AppInfo, CommandError};

/// One command: its name, its named arguments and its result, as TypeScript type names.
pub struct Signature {
    /// The name given to `invoke`.
    pub name: &'static str,
    /// Argument names (camelCase, as Tauri expects them) and their types.
    pub args: Vec<(&'static str, String)>,
    /// The result type (`null` for none).
    pub result: String,
}

fn ts<T: TS>(cfg: &Config) -> String {
    T::name(cfg)
}

/// All commands, in the order of the shell's handler list.
pub fn all(cfg: &Config) -> Vec<Signature> {
    let sig = |name, args: Vec<(&'static str, String)>, result| Signature { name, args, result };
    vec![
        sig("app_info", vec![], ts::<AppInfo>(cfg)),
        sig("settings_state", vec![], ts::<SettingsState>(cfg)),
        sig(
            "connection_add",
            vec![("draft", ts::<ConnectionDraft>(cfg))],
            ts::<Connection>(cfg),
        ),
        sig(
            "connection_update",
            vec![
                ("id", "string".into()),
                ("draft", ts::<ConnectionDraft>(cfg)),
            ],
            ts::<Connection>(cfg),
        ),
        sig(
            "connection_remove",
            vec![("id", "string".into())],
            "null".into(),
        ),
        sig(
            "preferences_set",
            vec![("preferences", ts::<Preferences>(cfg))],
            ts::<Preferences>(cfg),
        ),
    ]
}

/// Writes each type the commands use (and the types those use) into the config's out dir.
pub fn export_types(cfg: &Config) -> Result<(), ts_rs::ExportError> {
    AppInfo::export_all(cfg)?;
    SettingsState::export_all(cfg)?;
    Connection::export_all(cfg)?;
    ConnectionDraft::export_all(cfg)?;
    Preferences::export_all(cfg)?;
    CommandError::export_all(cfg)?;
    Ok(())
}
