//! The certificate doctor: answers "will this bundle work?" before an admin installs it on a
//! registry, and "what is this endpoint presenting?" after; and makes server certificates.
//!
//! `model` is the UI contract (exported to TypeScript by `ipc`).

pub mod error;
pub mod model;

pub use error::{Error, Result};
