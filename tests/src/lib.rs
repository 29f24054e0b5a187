//! Registry Console's test harness: real servers started on 127.0.0.1 by the tests themselves.
//!
//! The app talks to registries, token servers, the OS keyring and OAuth providers; mocks of
//! those would only prove that the app agrees with our own idea of them. So each module here
//! starts the real thing (or, for the Bearer token server, a faithful in-process one) in a
//! temporary directory, on a free port, waits until it answers, and kills it by PID when
//! dropped. Tests get their own servers and can run in parallel.
//!
//! - [`registry`]: the distribution registry in four modes (open, Basic, TLS, token).
//! - [`token_server`]: the Bearer token server the token mode needs.
//! - [`client`]: a small registry client that answers Basic and Bearer challenges.
//! - [`filler`]: pushes repositories, tags and multi-arch images over HTTP.
//! - [`keyring`]: a Secret Service (gnome-keyring) in a private D-Bus session.
//! - [`latency`]: a TCP proxy that adds a network's round-trip time in front of a server.
//! - [`kube`]: a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager).
//! - [`kube_sim`]: a Kubernetes / OpenShift API simulator, for injected faults and races.
//! - [`oidc`]: an OpenID Connect provider (`oidc-provider` on Node).
//! - [`openshift_apis`]: OpenShift's API groups served beside the real kube-apiserver.
//! - [`openshift_oauth`]: an OpenShift OAuth server and user API simulator (no real one runs here).
//! - [`tls`]: the certificates of the TLS registry.
//! - [`quay`]: a real Red Hat Quay (from source, with PostgreSQL and Redis).
//! - [`process`]: how every server process is started, waited for and stopped.
//!
//! To add a server: give it a `start` that returns a value owning a [`process::ServerProcess`]
//! (so Drop stops it), wait for readiness with [`process::wait_until`], and put its logs in its
//! temp dir so a failure can quote them.

pub mod client;
pub mod cluster_registry;
pub mod error;
pub mod filler;
pub mod keyring;
pub mod kube;
pub mod kube_sim;
pub mod latency;
pub mod oidc;
pub mod openshift_apis;
pub mod openshift_oauth;
pub mod process;
pub mod quay;
pub mod registry;
pub mod secrets;
pub mod tls;
pub mod token_server;

pub use error::{Error, Result};

/// Installs ring as rustls' process-wide crypto provider, once; a provider already installed
/// (by this or another caller) is fine. Call it before building any reqwest client: the
/// workspace takes reqwest without a provider so that ring is the only one in the tree.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Random bytes as lowercase hex, for passwords, secrets and ids.
pub fn random_hex(bytes: usize) -> String {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; bytes];
    ring::rand::SystemRandom::new()
        .fill(&mut buf)
        .expect("the system random generator works");
    hex(&buf)
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The OCI digest (`sha256:<hex>`) of some bytes.
pub fn sha256_digest(bytes: &[u8]) -> String {
    format!(
        "sha256:{}",
        hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
    )
}
