//! End-to-end tests of the real application window: the built app, started by tauri-driver
//! under Xvfb, clicked through by WebDriver. A PNG of each screen is kept under
//! `test-artifacts/e2e/`. Run with `make e2e`.

mod access;
mod accessibility;
mod activity;
mod app;
mod browse;
mod certificates;
mod chromium;
mod cluster_registry;
mod connections;
mod credentials;
mod desktop;
mod keyboard;
mod kubeconfig;
mod native;
mod package;
mod pull_secret_import;
mod quay;
mod quay_bridge;
mod quay_repos;
mod quay_teams;
mod reauth;
mod secrets;
mod signin;
mod single_instance;
mod steps;
mod webdriver;
// Issue 15: a registry that refuses the catalog, a repository opened by name.
mod catalog_refused;
// Issue 18: a registry's health and metrics.
mod health;

/// Installs the process-wide TLS provider (ring) once, before any client is built.
pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
