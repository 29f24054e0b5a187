//! Commands the UI calls, one file per area. Each is an adapter of a line or two over the
//! managed `console::Console`, which holds the app's state and decides everything.

pub mod activity;
pub mod app;
pub mod auth;
pub mod certs;
pub mod clipboard;
pub mod cluster;
pub mod cluster_registry;
pub mod connections;
pub mod credentials;
pub mod kubeconfig;
pub mod pull_secret_import;
pub mod quay;
pub mod quay_bridge;
pub mod quay_repos;
pub mod quay_teams;
pub mod recent_repositories;
pub mod registry;
pub mod registry_health;
