//! Wire types of "Open the cluster's registry": the linked registry connection it added or
//! reused, the host it uses and how it checks that host's certificate.

use cluster::RegistryHost;
use connections::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the linked connection checks the registry's certificate, and so why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RegistryTls {
    /// The system's trusted roots verify it.
    System,
    /// The cluster connection's CA bundle verifies it (the route is signed by the cluster's CA).
    ClusterCa,
    /// The cluster connection verifies nothing, so neither does this one.
    ClusterInsecure,
    /// Nothing here verified it; the system roots are kept and browsing says what is wrong.
    Unverified,
}

/// What "Open the cluster's registry" did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedClusterRegistry {
    /// The registry connection linked to the cluster connection.
    pub connection: Connection,
    /// It was there already.
    pub reused: bool,
    /// The host it uses and where it was found.
    pub host: RegistryHost,
    /// How its TLS is checked.
    pub tls: RegistryTls,
}

impl From<console::cluster_registry::OpenedRegistry> for OpenedClusterRegistry {
    fn from(opened: console::cluster_registry::OpenedRegistry) -> Self {
        use console::cluster_registry::TlsChoice as T;
        Self {
            connection: opened.connection,
            reused: opened.reused,
            host: opened.host,
            tls: match opened.tls {
                T::System => RegistryTls::System,
                T::ClusterCa => RegistryTls::ClusterCa,
                T::ClusterInsecure => RegistryTls::ClusterInsecure,
                T::Unverified => RegistryTls::Unverified,
            },
        }
    }
}
