//! The wire contract between the desktop shell and the web UI.
//!
//! The UI receives every failure as [`CommandError`] `{code, message, detail, denial?}` and
//! branches only on [`ErrorCode`] (from the `codes` crate); each backend crate's error says its
//! own code and detail, and this crate puts them into that shape. It also
//! lists every command with its argument and result types ([`commands::ALL`]), from which
//! `export-bindings` writes the UI's TypeScript types and typed `invoke` wrappers.
//!
//! To add a command: write it in `src-tauri/src/commands/`, add its line to
//! [`commands::ALL`], run `cargo run -p ipc --bin export-bindings`, and commit the result.
//! CI runs the same exporter with `--check` and fails when the committed files drift.

pub mod cluster;
pub mod cluster_registry;
pub mod commands;
mod error;
pub mod export;
pub mod quay;
pub mod quay_bridge;
pub mod recent_repositories;

pub use error::{CommandError, ErrorCode};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Facts about the running app the UI needs at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// The operating system's locale as a BCP 47 tag (`ja-JP`, `en-US`), `en` when unknown.
    pub system_locale: String,
    /// The version of the system's web engine the window runs in (WebKitGTK on Linux), or
    /// `unknown` when it cannot be told.
    pub webview_version: String,
}
