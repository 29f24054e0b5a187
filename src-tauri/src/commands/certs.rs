//! Certificates: the bundle doctor, live TLS inspection, "trust this CA", generation; thin
//! adapters over `certs::Workbench`, which keeps bundles and keys by handle.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use certs::Workbench;
use certs::model::{
    BundleInput, BundleReport, EndpointInput, EndpointReport, GenerateRequest, Generated, SavePart,
    SavedFile,
};
use connections::{Connection, SettingsStore, TlsMode};
use ipc::CommandError;
use tauri::State;

/// Where "trust this CA" keeps each connection's CA file (`<config>/ca`).
pub struct CaDir(pub PathBuf);

type Store<'a> = State<'a, Mutex<SettingsStore>>;

use super::lock;

/// Runs the doctor on files and pasted text; the fixed bundle stays in the backend.
#[tauri::command]
pub async fn certs_doctor(
    bench: State<'_, Workbench>,
    input: BundleInput,
) -> Result<BundleReport, CommandError> {
    Ok(bench.doctor(&input)?)
}

/// Writes a doctored bundle's fixed form (leaf first, then the key) with mode 0600.
#[tauri::command]
pub async fn certs_export_bundle(
    bench: State<'_, Workbench>,
    bundle_id: String,
    path: String,
    overwrite: bool,
) -> Result<SavedFile, CommandError> {
    Ok(bench.export_bundle(&bundle_id, Path::new(&path), overwrite)?)
}

/// Connects to host:port and reports the chain presented, trusting the connection's CA too.
#[tauri::command]
pub async fn certs_inspect(
    bench: State<'_, Workbench>,
    store: Store<'_>,
    input: EndpointInput,
) -> Result<EndpointReport, CommandError> {
    let ca_file = match &input.connection_id {
        Some(id) => {
            let guard = lock(&store);
            let connection = guard
                .settings()
                .connections
                .iter()
                .find(|c| &c.id == id)
                .ok_or_else(|| connections::Error::NotFound { id: id.clone() })?;
            match &connection.tls {
                TlsMode::CaBundle { path } => Some(PathBuf::from(path)),
                _ => None,
            }
        }
        None => None,
    };
    Ok(bench.inspect(&input, ca_file.as_deref()).await?)
}

/// Adds certificate `cert_index` of an inspection to the connection's CA bundle.
#[tauri::command]
pub async fn certs_trust_ca(
    bench: State<'_, Workbench>,
    store: Store<'_>,
    ca_dir: State<'_, CaDir>,
    inspection_id: String,
    cert_index: usize,
    connection_id: String,
) -> Result<Connection, CommandError> {
    let mut guard = lock(&store);
    Ok(bench.trust_ca(
        &inspection_id,
        cert_index,
        &ca_dir.0,
        &mut guard,
        &connection_id,
    )?)
}

/// Makes a server certificate (self-signed or CA-signed); the key stays in the backend.
#[tauri::command]
pub async fn certs_generate(
    bench: State<'_, Workbench>,
    request: GenerateRequest,
) -> Result<Generated, CommandError> {
    Ok(bench.generate(&request)?)
}

/// Writes a generated certificate, its key, or the bundle of both, with mode 0600.
#[tauri::command]
pub async fn certs_save_generated(
    bench: State<'_, Workbench>,
    generated_id: String,
    part: SavePart,
    path: String,
    overwrite: bool,
) -> Result<SavedFile, CommandError> {
    Ok(bench.save_generated(&generated_id, part, Path::new(&path), overwrite)?)
}
