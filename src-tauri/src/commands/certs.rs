//! Certificates: the bundle doctor, live TLS inspection, "trust this CA", generation; thin
//! adapters over the console's `certs::Workbench`, which keeps bundles and keys by handle.

use std::path::Path;

use certs::model::{
    BundleInput, BundleReport, DirectoryInput, DirectoryReport, EndpointInput, EndpointReport,
    GenerateRequest, Generated, SavePart, SavedFile,
};
use connections::Connection;
use console::Console;
use ipc::CommandError;
use tauri::State;

/// Runs the doctor on files and pasted text; the fixed bundle stays in the backend.
#[tauri::command]
pub async fn certs_doctor(
    console: State<'_, Console>,
    input: BundleInput,
) -> Result<BundleReport, CommandError> {
    Ok(console.workbench().doctor(&input)?)
}

/// Runs the doctor on the file the registry console would use in its certificates directory.
#[tauri::command]
pub async fn certs_doctor_directory(
    console: State<'_, Console>,
    input: DirectoryInput,
) -> Result<DirectoryReport, CommandError> {
    Ok(console.workbench().doctor_directory(&input)?)
}

/// Writes a doctored bundle's fixed form (leaf first, then the key) with mode 0600.
#[tauri::command]
pub async fn certs_export_bundle(
    console: State<'_, Console>,
    bundle_id: String,
    path: String,
    overwrite: bool,
) -> Result<SavedFile, CommandError> {
    Ok(console.export_bundle(&bundle_id, Path::new(&path), overwrite)?)
}

/// Connects to host:port and reports the chain presented, trusting the connection's CA too.
#[tauri::command]
pub async fn certs_inspect(
    console: State<'_, Console>,
    input: EndpointInput,
) -> Result<EndpointReport, CommandError> {
    Ok(console.inspect_endpoint(&input).await?)
}

/// Adds certificate `cert_index` of an inspection to the connection's CA bundle.
#[tauri::command]
pub async fn certs_trust_ca(
    console: State<'_, Console>,
    inspection_id: String,
    cert_index: usize,
    connection_id: String,
) -> Result<Connection, CommandError> {
    Ok(console.trust_ca(&inspection_id, cert_index, &connection_id)?)
}

/// Makes a server certificate (self-signed or CA-signed); the key stays in the backend.
#[tauri::command]
pub async fn certs_generate(
    console: State<'_, Console>,
    request: GenerateRequest,
) -> Result<Generated, CommandError> {
    Ok(console.workbench().generate(&request)?)
}

/// Writes a generated certificate, its key, or the bundle of both, with mode 0600.
#[tauri::command]
pub async fn certs_save_generated(
    console: State<'_, Console>,
    generated_id: String,
    part: SavePart,
    path: String,
    overwrite: bool,
) -> Result<SavedFile, CommandError> {
    Ok(console.save_generated(&generated_id, part, Path::new(&path), overwrite)?)
}
