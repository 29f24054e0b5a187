//! Saved connections (registries, OpenShift clusters, Quay) and UI preferences.
//!
//! This crate owns the one settings file of the app: what it holds ([`model`]), how a
//! connection the user typed is checked before it is kept ([`validate`]), and how the file
//! is read and written so that a crash or a corrupt file never loses data ([`store`]).
//! It holds no secrets: tokens and passwords belong to the OS keyring, never to this file.
//!
//! To add a setting: add the field to [`model::Settings`] with a serde default, so files
//! written by older versions still load; bump [`store::SCHEMA_VERSION`] only when an old
//! file must be rewritten to be understood, and add that migration to `store::migrate`.

pub mod debug_address;
pub mod error;
pub mod model;
pub mod recent;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
pub use model::{
    Connection, ConnectionDraft, ConnectionKind, Language, LastView, OpenshiftVersion, Preferences,
    Settings, TlsMode,
};
pub use store::{Recovery, SettingsStore};
