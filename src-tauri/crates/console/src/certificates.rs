//! Certificates: the bundle doctor, generation and export on `certs::Workbench` (which keeps
//! bundles, inspections and keys by handle, so a private key never reaches the webview), and
//! the two calls that need a saved connection: inspecting its endpoint with its CA, and
//! "trust this CA".

use std::path::PathBuf;

use certs::Workbench;
use certs::model::{EndpointInput, EndpointReport};
use connections::{Connection, TlsMode};

use crate::{Console, Result, lock};

impl Console {
    /// The certificate workbench.
    pub fn workbench(&self) -> &Workbench {
        &self.workbench
    }

    /// Connects to host:port and reports the chain presented, trusting the CA bundle of the
    /// connection named in `input` too.
    pub async fn inspect_endpoint(&self, input: &EndpointInput) -> Result<EndpointReport> {
        let ca_file = match &input.connection_id {
            Some(id) => match self.connection(id)?.tls {
                TlsMode::CaBundle { path } => Some(PathBuf::from(path)),
                _ => None,
            },
            None => None,
        };
        Ok(self.workbench.inspect(input, ca_file.as_deref()).await?)
    }

    /// Adds certificate `cert_index` of inspection `inspection_id` to the CA bundle of
    /// connection `connection_id` (its TLS mode becomes that bundle, which forgets a sign-in
    /// given under the old mode).
    pub fn trust_ca(
        &self,
        inspection_id: &str,
        cert_index: usize,
        connection_id: &str,
    ) -> Result<Connection> {
        let mut settings = lock(&self.settings);
        let connection = self.workbench.trust_ca(
            inspection_id,
            cert_index,
            &self.ca_dir,
            &mut settings,
            connection_id,
        )?;
        drop(settings);
        self.registries.drop_client(connection_id);
        self.clusters.drop_client(connection_id);
        Ok(connection)
    }
}
