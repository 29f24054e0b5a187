//! The app's core: each saved connection's live clients, sign-ins and running listings.
//!
//! It exists so that the shell holds no state and decides nothing: a Tauri command looks up
//! the saved connection, calls a method here and maps the error, and everything in between
//! (which client to reuse, when a client is stale, where a sign-in is kept, which listing a
//! cancel stops) is reachable from a test without a window (`tests/tests/console_host.rs`).
//!
//! [`Registries`] is the registry area. To extend the console to the next areas (the cluster
//! clients and the sign-in flows that `src-tauri/src/commands/{cluster,auth}.rs` still hold),
//! add one module per area beside [`registries`] with the same shape: a struct the shell
//! `manage`s, taking the saved [`connections::Connection`] by reference, running blocking
//! store calls on tokio's blocking pool, reporting progress through a callback the shell
//! supplies (never a Tauri type), and failing with a variant of [`Error`] that wraps the
//! area crate's own error, so the codes the UI branches on stay where they are (`ipc`).

mod error;
pub mod registries;

pub use error::{Error, Result};
pub use registries::Registries;
