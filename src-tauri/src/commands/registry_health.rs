//! A registry's health and metrics: adapters over `console::registry_health` (the checks, the
//! debug server's address, one more metrics scrape, the OpenShift metrics secret).

use console::Console;
use health::metrics::MetricsSource;
use health::probe::HealthReport;
use health::series::MetricsSeries;
use ipc::CommandError;
use tauri::State;
use vault::{KeptIn, Secret};

/// `/v2/`, `/healthz` and, with a debug address, `/debug/health` of the connection.
#[tauri::command]
pub async fn registry_health(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<HealthReport, CommandError> {
    Ok(console.registry_health(&connection_id).await?)
}

/// Saves (or, empty, forgets) the registry debug server's address; returns it as saved.
#[tauri::command]
pub fn registry_set_debug_address(
    console: State<'_, Console>,
    connection_id: String,
    address: Option<String>,
) -> Result<Option<String>, CommandError> {
    Ok(console.set_debug_address(&connection_id, address.as_deref())?)
}

/// One more scrape from `source`, and the series so far.
#[tauri::command]
pub async fn registry_metrics(
    console: State<'_, Console>,
    connection_id: String,
    source: MetricsSource,
) -> Result<MetricsSeries, CommandError> {
    Ok(console.registry_metrics(&connection_id, source).await?)
}

/// Where the metrics secret is kept, if one is (never the secret).
#[tauri::command]
pub async fn registry_metrics_secret_kept(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<Option<KeptIn>, CommandError> {
    Ok(console.metrics_secret_kept(&connection_id).await?)
}

/// Keeps the OpenShift registry's metrics secret where the user chose.
#[tauri::command]
pub async fn registry_metrics_secret_save(
    console: State<'_, Console>,
    connection_id: String,
    secret: String,
    kept_in: KeptIn,
) -> Result<(), CommandError> {
    Ok(console
        .save_metrics_secret(&connection_id, Secret::new(secret), kept_in)
        .await?)
}

/// Forgets the metrics secret.
#[tauri::command]
pub async fn registry_metrics_secret_forget(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<(), CommandError> {
    Ok(console.forget_metrics_secret(&connection_id).await?)
}
