//! Commands the UI calls, one file per area. Each is an adapter of a few lines.

pub mod app;
pub mod auth;
pub mod certs;
pub mod cluster;
pub mod connections;
pub mod credentials;
pub mod registry;
