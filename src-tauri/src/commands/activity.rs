//! The Activity page: adapters over the console's activity log (`console::activity`).

use audit::{ExportFormat, Exported, Filter, Page};
use console::Console;
use ipc::CommandError;
use tauri::State;

/// A page of the activity log through `filter`, newest first.
#[tauri::command]
pub async fn activity_page(
    console: State<'_, Console>,
    filter: Filter,
    offset: u32,
    limit: u32,
) -> Result<Page, CommandError> {
    Ok(console.activity_page(filter, offset, limit).await?)
}

/// Writes what `filter` keeps to `path` (the save dialog's answer) as CSV or JSON.
#[tauri::command]
pub async fn activity_export(
    console: State<'_, Console>,
    filter: Filter,
    format: ExportFormat,
    path: String,
) -> Result<Exported, CommandError> {
    Ok(console.activity_export(filter, format, path).await?)
}
