//! Secrets copied to the system clipboard. The backend writes them (the webview never needs
//! the stored password to copy it) and, after [`CLEAR_AFTER`], clears the clipboard if it
//! still holds exactly what the app put there: a password left on the clipboard is pasted
//! into the wrong chat window sooner or later, but something the user copied since is theirs
//! and stays.
//!
//! What was copied is remembered only as a SHA-256 digest, so no copy of the secret waits in
//! memory for the clearing time. The clipboard itself is a trait: the shell gives Tauri's
//! clipboard plugin, the tests a fake.

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};
use vault::Secret;

use crate::{Error, Result};

/// How long a copied secret stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(45);

/// The environment variable, read once at startup, that shortens [`CLEAR_AFTER`] (whole
/// seconds, 1 to 45) so the end-to-end tests need not wait 45 s. It can never lengthen it.
pub const CLEAR_AFTER_ENV: &str = "REGISTRY_CONSOLE_CLIPBOARD_CLEAR_SECONDS";

/// The system clipboard, as far as copying a secret needs it.
pub trait Clipboard: Send + Sync + 'static {
    /// Puts `text` on the clipboard; the reason when it cannot.
    fn write_text(&self, text: &str) -> std::result::Result<(), String>;
    /// What the clipboard holds as text; `None` when it holds none (or an image, or cannot be
    /// read).
    fn read_text(&self) -> Option<String>;
    /// Empties the clipboard.
    fn clear(&self) -> std::result::Result<(), String>;
}

/// The clearing time from the value of [`CLEAR_AFTER_ENV`]: [`CLEAR_AFTER`] unless it is a
/// whole number of seconds from 1 to 45.
pub fn clear_after_from(value: Option<&str>) -> Duration {
    value
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .filter(|d| !d.is_zero() && *d <= CLEAR_AFTER)
        .unwrap_or(CLEAR_AFTER)
}

/// A secret put on the clipboard.
#[derive(Debug)]
pub struct Copied {
    /// When the clipboard is cleared (if it still holds the secret then).
    pub clears_in: Duration,
    /// The clearing, done after `clears_in`: `true` when the clipboard still held the secret
    /// and was emptied. The shell lets it run; tests await it instead of a timer.
    pub cleared: tokio::task::JoinHandle<bool>,
}

/// Copies secrets to a [`Clipboard`] and clears them again.
pub struct SecretClipboard {
    clipboard: Arc<dyn Clipboard>,
    clear_after: Duration,
}

impl SecretClipboard {
    /// Copies to `clipboard`, clearing after `clear_after` (see [`clear_after_from`]).
    pub fn new(clipboard: Arc<dyn Clipboard>, clear_after: Duration) -> Self {
        Self {
            clipboard,
            clear_after,
        }
    }

    /// How long a copied secret stays.
    pub fn clear_after(&self) -> Duration {
        self.clear_after
    }

    /// Puts `secret` on the clipboard and schedules its clearing on the current tokio runtime.
    pub fn copy(&self, secret: &Secret) -> Result<Copied> {
        self.clipboard
            .write_text(secret.expose())
            .map_err(|reason| Error::Clipboard { reason })?;
        let digest = fingerprint(secret.expose());
        let clipboard = Arc::clone(&self.clipboard);
        let clear_after = self.clear_after;
        let cleared = tokio::spawn(async move {
            tokio::time::sleep(clear_after).await;
            clear_if_unchanged(clipboard.as_ref(), &digest)
        });
        Ok(Copied {
            clears_in: clear_after,
            cleared,
        })
    }
}

fn fingerprint(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Empties `clipboard` if it holds the text whose digest is `digest`; `true` when it did.
fn clear_if_unchanged(clipboard: &dyn Clipboard, digest: &[u8; 32]) -> bool {
    // Held as a `Secret` so the text read back is zeroized too.
    let Some(now) = clipboard.read_text().map(Secret::from) else {
        return false;
    };
    fingerprint(now.expose()) == *digest && clipboard.clear().is_ok()
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A clipboard in memory, which counts its clears.
    #[derive(Default)]
    struct Fake {
        text: Mutex<Option<String>>,
        clears: Mutex<u32>,
    }

    impl Clipboard for Fake {
        fn write_text(&self, text: &str) -> std::result::Result<(), String> {
            *self.text.lock().unwrap() = Some(text.to_owned());
            Ok(())
        }
        fn read_text(&self) -> Option<String> {
            self.text.lock().unwrap().clone()
        }
        fn clear(&self) -> std::result::Result<(), String> {
            *self.text.lock().unwrap() = None;
            *self.clears.lock().unwrap() += 1;
            Ok(())
        }
    }

    /// A clipboard that refuses writes (no display, another app holding it).
    struct Refusing;

    impl Clipboard for Refusing {
        fn write_text(&self, _: &str) -> std::result::Result<(), String> {
            Err("no clipboard".into())
        }
        fn read_text(&self) -> Option<String> {
            None
        }
        fn clear(&self) -> std::result::Result<(), String> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_copied_secret_is_cleared_when_the_clipboard_still_holds_it() {
        let fake = Arc::new(Fake::default());
        let clipboard = SecretClipboard::new(fake.clone(), Duration::ZERO);
        let copied = clipboard.copy(&Secret::from("s3cret".to_owned())).unwrap();
        assert!(copied.cleared.await.unwrap());
        assert_eq!(fake.read_text(), None);
        assert_eq!(*fake.clears.lock().unwrap(), 1);
    }

    #[tokio::test]
    async fn what_the_user_copied_since_is_left_alone() {
        let fake = Arc::new(Fake::default());
        // Cleared only after a while: the user copies something else first.
        let clipboard = SecretClipboard::new(fake.clone(), Duration::from_millis(50));
        let copied = clipboard.copy(&Secret::from("s3cret".to_owned())).unwrap();
        assert_eq!(fake.read_text().as_deref(), Some("s3cret"));
        fake.write_text("the user's own text").unwrap();
        assert!(!copied.cleared.await.unwrap());
        assert_eq!(fake.read_text().as_deref(), Some("the user's own text"));
        assert_eq!(*fake.clears.lock().unwrap(), 0);
    }

    #[tokio::test]
    async fn a_refused_write_is_an_error_and_nothing_is_scheduled() {
        let clipboard = SecretClipboard::new(Arc::new(Refusing), Duration::ZERO);
        let error = clipboard
            .copy(&Secret::from("s3cret".to_owned()))
            .unwrap_err();
        assert!(matches!(error, Error::Clipboard { .. }));
        assert!(!error.to_string().contains("s3cret"));
    }

    #[test]
    fn the_clearing_time_can_only_be_shortened() {
        assert_eq!(clear_after_from(None), CLEAR_AFTER);
        assert_eq!(clear_after_from(Some("3")), Duration::from_secs(3));
        assert_eq!(clear_after_from(Some(" 45 ")), CLEAR_AFTER);
        assert_eq!(clear_after_from(Some("0")), CLEAR_AFTER);
        assert_eq!(clear_after_from(Some("3600")), CLEAR_AFTER);
        assert_eq!(clear_after_from(Some("-1")), CLEAR_AFTER);
        assert_eq!(clear_after_from(Some("soon")), CLEAR_AFTER);
    }
}
