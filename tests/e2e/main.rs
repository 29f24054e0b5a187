//! End-to-end tests of the real application window: the built app, started by tauri-driver
//! under Xvfb, clicked through by WebDriver. A PNG of each screen is kept under
//! `test-artifacts/e2e/`. Run with `make e2e`.

mod access;
mod app;
mod browse;
mod certificates;
mod chromium;
mod connections;
mod credentials;
mod kubeconfig;
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

/// Installs the process-wide TLS provider (ring) once, before any client is built.
pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
