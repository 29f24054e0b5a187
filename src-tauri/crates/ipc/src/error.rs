//! The one error shape the UI receives.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the UI branches on. Add a variant only when the UI does something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The connection name is empty or taken: shown under the name field.
    InvalidName,
    /// The URL is unusable: shown under the URL field.
    InvalidUrl,
    /// The CA bundle cannot be read or holds no certificate: shown under the CA file field.
    InvalidCaBundle,
    /// The thing acted on is gone: the UI reloads its list.
    NotFound,
    /// The settings file was not written: shown where the user acted, nothing changed.
    SettingsNotSaved,
}

/// A failed command as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommandError {
    /// What the UI branches on.
    pub code: ErrorCode,
    /// One sentence, in words, for the user.
    pub message: String,
    /// The underlying reason (an OS error, a server's own message), when there is one.
    pub detail: Option<String>,
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CommandError {}

impl From<connections::Error> for CommandError {
    fn from(error: connections::Error) -> Self {
        use connections::Error as E;
        let code = match &error {
            E::EmptyName | E::DuplicateName { .. } => ErrorCode::InvalidName,
            E::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            E::CaBundleUnreadable { .. } | E::CaBundleWithoutCertificate { .. } => {
                ErrorCode::InvalidCaBundle
            }
            E::NotFound { .. } => ErrorCode::NotFound,
            E::Write { .. } | E::ReadOnly { .. } => ErrorCode::SettingsNotSaved,
        };
        let detail = std::error::Error::source(&error).map(ToString::to_string);
        Self {
            code,
            message: error.to_string(),
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_message_detail() {
        let error = CommandError::from(connections::Error::InvalidUrl {
            url: "ftp://x".into(),
            reason: "only http:// and https:// are supported".into(),
        });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "invalidUrl");
        assert_eq!(
            json["message"],
            "\"ftp://x\" is not a usable URL: only http:// and https:// are supported"
        );
        assert!(json["detail"].is_null());
    }

    #[test]
    fn os_reason_goes_to_detail() {
        let error = CommandError::from(connections::Error::Write {
            path: "/x/settings.json".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        });
        assert_eq!(error.code, ErrorCode::SettingsNotSaved);
        assert_eq!(error.detail.as_deref(), Some("permission denied"));
    }
}
