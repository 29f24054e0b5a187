//! Commands the UI calls, one file per area. Each is an adapter of a line or two over the
//! managed `console::Console`, which holds the app's state and decides everything.

pub mod app;
pub mod auth;
pub mod certs;
pub mod cluster;
pub mod connections;
pub mod credentials;
pub mod kubeconfig;
pub mod quay;
pub mod quay_bridge;
pub mod quay_repos;
pub mod quay_teams;
pub mod registry;
