//! The cluster side of Registry Console: an OpenShift / Kubernetes API client for what the
//! registry documents ask administrators to do with `oc` — projects and image streams, role
//! bindings (grant and revoke the way `oc policy` does), effective pull/push access, the
//! signed-in user's own rights, service accounts, their tokens, and pull secrets linked to
//! service accounts.
//!
//! No Tauri here: the desktop shell's commands call [`ClusterClient`]. Tests run it against
//! the API simulator of the test harness (`tests/src/kube_sim.rs`).

mod access;
mod accounts;
mod browse;
mod client;
pub mod error;
mod generic;
pub mod model;
pub mod rbac;
mod registry_info;

pub use access::parse_user;
pub use accounts::{
    LongLivedToken, MIN_TOKEN_LIFETIME, MintedToken, dockerconfigjson, pull_secret_yaml,
};
pub use client::{ClusterClient, ClusterOptions, check_name, check_role_name};
pub use error::{ApiStatus, Error, Result};
pub use generic::Applied;
pub use model::*;
pub use registry_info::{
    LookupOutcome, MAX_EXTERNAL_HOSTNAMES, RegistryChoice, RegistryHost, RegistryHostSource,
    RegistryInfo, RegistryLookup, check_image_stream_name, check_registry_host, check_tag,
};
