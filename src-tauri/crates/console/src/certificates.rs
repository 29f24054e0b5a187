//! Certificates: the bundle doctor, generation and export on `certs::Workbench` (which keeps
//! bundles, inspections and keys by handle, so a private key never reaches the webview), and
//! the two calls that need a saved connection: inspecting its endpoint with its CA, and
//! "trust this CA".

use std::path::{Path, PathBuf};

use certs::Workbench;
use certs::model::{EndpointInput, EndpointReport, SavePart, SavedFile};
use connections::{Connection, TlsMode};

use crate::{Console, Error, Result, lock};

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
        let entry = self.entry_for(audit::Action::CaTrusted, connection_id);
        let result = self.trust_ca_unrecorded(inspection_id, cert_index, connection_id);
        let entry = match &result {
            Ok(connection) => match &connection.tls {
                TlsMode::CaBundle { path } => entry.target(audit::TargetKind::File, path),
                _ => entry,
            },
            Err(_) => entry,
        };
        self.record(entry, &result);
        result
    }

    /// Writes a generated certificate, its key, or both to `path` (mode 0600), recorded.
    pub fn save_generated(
        &self,
        generated_id: &str,
        part: SavePart,
        path: &Path,
        overwrite: bool,
    ) -> Result<SavedFile> {
        let result = self
            .workbench
            .save_generated(generated_id, part, path, overwrite)
            .map_err(Error::from);
        let entry = audit::Entry::new(audit::Action::CertificateSaved)
            .target(audit::TargetKind::File, &path.display().to_string());
        self.record(entry, &result);
        result
    }

    /// Writes a fixed CA bundle to `path`, recorded.
    pub fn export_bundle(
        &self,
        bundle_id: &str,
        path: &Path,
        overwrite: bool,
    ) -> Result<SavedFile> {
        let result = self
            .workbench
            .export_bundle(bundle_id, path, overwrite)
            .map_err(Error::from);
        let entry = audit::Entry::new(audit::Action::BundleExported)
            .target(audit::TargetKind::File, &path.display().to_string());
        self.record(entry, &result);
        result
    }

    fn trust_ca_unrecorded(
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
