//! Secrets on demand: revealed to the window or copied to the clipboard only when the user
//! asks, and a copied secret cleared again (`console::clipboard`). Non-secret copies (a digest,
//! a URL) stay in the webview.

use std::sync::Arc;

use console::Console;
use console::clipboard::{CLEAR_AFTER_ENV, Clipboard, SecretClipboard, clear_after_from};
use credentials::model::{SecretCopied, SecretRef};
use ipc::CommandError;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt as _;
use vault::Secret;

/// The system clipboard through Tauri's clipboard plugin.
struct PluginClipboard(AppHandle);

impl Clipboard for PluginClipboard {
    fn write_text(&self, text: &str) -> Result<(), String> {
        self.0
            .clipboard()
            .write_text(text.to_owned())
            .map_err(|e| e.to_string())
    }

    fn read_text(&self) -> Option<String> {
        self.0.clipboard().read_text().ok()
    }

    fn clear(&self) -> Result<(), String> {
        self.0.clipboard().clear().map_err(|e| e.to_string())
    }
}

/// The app's secret clipboard, clearing after the time [`CLEAR_AFTER_ENV`] shortens (read
/// once, here at startup).
pub fn secret_clipboard(app: &AppHandle) -> SecretClipboard {
    let clear_after = clear_after_from(std::env::var(CLEAR_AFTER_ENV).ok().as_deref());
    SecretClipboard::new(Arc::new(PluginClipboard(app.clone())), clear_after)
}

fn copy(clipboard: &SecretClipboard, secret: &Secret) -> Result<SecretCopied, CommandError> {
    let copied = clipboard.copy(secret)?;
    Ok(SecretCopied {
        clears_in_seconds: u32::try_from(copied.clears_in.as_secs()).unwrap_or(u32::MAX),
    })
}

/// The secret `reference` names, for the window: asked when the user clicks Reveal.
#[tauri::command]
pub async fn secret_reveal(
    console: State<'_, Console>,
    reference: SecretRef,
) -> Result<String, CommandError> {
    Ok(console.secret(&reference).await?.expose().to_owned())
}

/// Copies the secret `reference` names from the backend to the clipboard, without the window
/// ever holding it, and clears it later.
#[tauri::command]
pub async fn secret_copy(
    console: State<'_, Console>,
    clipboard: State<'_, SecretClipboard>,
    reference: SecretRef,
) -> Result<SecretCopied, CommandError> {
    let secret = console.secret(&reference).await?;
    copy(&clipboard, &secret)
}

/// Copies a secret the window already shows (a token just minted, a pull secret just made) and
/// clears it later.
#[tauri::command]
pub async fn copy_secret(
    clipboard: State<'_, SecretClipboard>,
    text: String,
) -> Result<SecretCopied, CommandError> {
    copy(&clipboard, &Secret::from(text))
}
