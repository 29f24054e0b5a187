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
    /// The registry wants credentials (401): the UI asks the user to sign in, then retries.
    SignInRequired,
    /// The credentials are valid but not allowed this (403, `DENIED`, `insufficient_scope`).
    AccessDenied,
    /// The registry refuses deletes (405 `UNSUPPORTED`): the UI explains how to enable them.
    DeleteDisabled,
    /// The content's sha256 differs from the digest asked for: shown as an error, never as data.
    DigestMismatch,
    /// The server could not be reached (refused, DNS, timeout, reset): the UI offers a retry.
    Unreachable,
    /// The TLS handshake failed (untrusted CA, wrong host name): the UI points at the TLS settings.
    TlsFailure,
    /// The registry answered with an error of its own; its code and message are in the error.
    RegistryError,
    /// The reply could not be understood (invalid JSON, truncated, too large, a `Link` loop).
    BadResponse,
    /// The OS keyring could not be used (no Secret Service, locked, no answer in time): the
    /// sign-in form offers to keep the credentials for this session only.
    KeyringUnavailable,
    /// A value the user typed cannot be used (a user name with a colon, a Kubernetes name):
    /// shown under the field.
    InvalidInput,
    /// An auth file cannot be read, parsed or written, or a credential helper owns the
    /// registry: shown with the file's path; the file is unchanged.
    AuthFileUnusable,
    /// A sign-in did not complete (wrong password, provider refusal, state mismatch, invalid
    /// discovery or ID token): shown in the sign-in dialog with the provider's words.
    SignInFailed,
    /// The user cancelled the sign-in or did not finish it in the browser: the dialog goes
    /// back to its choices without an error.
    SignInCancelled,
    /// The file to save already exists: the UI asks once whether to replace it, then retries
    /// with `overwrite: true`.
    FileExists,
    /// The cluster refused (403): the UI says who the user is and which permission is
    /// missing, read from the apiserver's message in `detail`.
    Forbidden,
    /// Someone else changed the object at the same time, or a name is taken (409): the UI
    /// reloads and says nothing was overwritten.
    Conflict,
    /// The cluster's API answered with an error of its own (500, 503, a token never issued).
    ClusterError,
    /// The user stopped a listing (a repository's tags) before its end: the UI says so and
    /// offers to load it again, without an error.
    Cancelled,
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

impl From<registry::Error> for CommandError {
    fn from(error: registry::Error) -> Self {
        use registry::Error as E;
        let code = match &error {
            E::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            E::CaBundle { .. } => ErrorCode::InvalidCaBundle,
            // A name that cannot exist on the registry: nothing is there to show.
            E::InvalidName { .. } | E::NotFound { .. } => ErrorCode::NotFound,
            E::ClientSetup { .. } | E::Tls { .. } => ErrorCode::TlsFailure,
            E::SignInRequired { .. } => ErrorCode::SignInRequired,
            // Not a password problem: the registry's setup sends it unencrypted elsewhere.
            E::CleartextRealm { .. } => ErrorCode::SignInFailed,
            E::Cancelled { .. } => ErrorCode::Cancelled,
            E::AccessDenied { .. } => ErrorCode::AccessDenied,
            E::DeleteDisabled { .. } => ErrorCode::DeleteDisabled,
            E::DigestMismatch { .. } => ErrorCode::DigestMismatch,
            E::Unreachable { .. } => ErrorCode::Unreachable,
            E::Registry { .. } => ErrorCode::RegistryError,
            E::BadResponse { .. }
            | E::TooLarge { .. }
            | E::Truncated { .. }
            | E::TooManyTags { .. }
            | E::LinkLoop { .. } => ErrorCode::BadResponse,
        };
        let mut message = error.to_string();
        if !message.ends_with('.') {
            message.push('.');
        }
        Self {
            code,
            message,
            detail: error.detail(),
        }
    }
}

impl CommandError {
    /// The connection has no sign-in to make credentials from.
    pub fn not_signed_in(connection_name: &str) -> Self {
        Self {
            code: ErrorCode::SignInRequired,
            message: format!(
                "Sign in to {connection_name} on the Registries page first: its credentials are what is shown here."
            ),
            detail: None,
        }
    }

    /// No home directory to find the auth files in.
    pub fn no_home() -> Self {
        Self {
            code: ErrorCode::AuthFileUnusable,
            message: "The auth file's location is unknown: HOME is not set.".to_owned(),
            detail: None,
        }
    }
}

impl From<credentials::Error> for CommandError {
    fn from(error: credentials::Error) -> Self {
        use credentials::Error as E;
        let code = match &error {
            E::ColonInUsername { .. } | E::InvalidName { .. } | E::InvalidRegistry { .. } => {
                ErrorCode::InvalidInput
            }
            E::Read { .. } | E::Malformed { .. } | E::HelperConfigured { .. } | E::Write { .. } => {
                ErrorCode::AuthFileUnusable
            }
        };
        let detail = std::error::Error::source(&error).map(ToString::to_string);
        let mut message = error.to_string();
        if !message.ends_with('.') {
            message.push('.');
        }
        Self {
            code,
            message,
            detail,
        }
    }
}

impl From<certs::Error> for CommandError {
    fn from(error: certs::Error) -> Self {
        use certs::Error as E;
        if let E::Settings(inner) = error {
            return inner.into();
        }
        let code = match &error {
            E::CaFileWithoutCertificate { .. } => ErrorCode::InvalidCaBundle,
            E::UnknownHandle { .. } | E::NoSuchCertificate { .. } => ErrorCode::NotFound,
            E::Exists { .. } => ErrorCode::FileExists,
            E::Write { .. } | E::Read { .. } | E::RelativePath { .. } => ErrorCode::InvalidInput,
            E::InvalidServerName { .. }
            | E::Resolve { .. }
            | E::Refused { .. }
            | E::Timeout { .. }
            | E::Connect { .. } => ErrorCode::Unreachable,
            E::PlainHttp { .. } | E::Handshake { .. } | E::TlsSetup { .. } => ErrorCode::TlsFailure,
            E::InputEncoding { .. }
            | E::NotExportable
            | E::NoHostnames
            | E::InvalidHostname { .. }
            | E::InvalidDays { .. }
            | E::CaCertificateMissing { .. }
            | E::NotACa { .. }
            | E::CaKeyMissing { .. }
            | E::CaKeyEncrypted { .. }
            | E::CaKeyMismatch { .. }
            | E::CaKeyUnsupported { .. }
            | E::Generate { .. }
            | E::TrustNotCa { .. } => ErrorCode::InvalidInput,
            E::Settings(_) => ErrorCode::SettingsNotSaved,
        };
        let detail = std::error::Error::source(&error).map(ToString::to_string);
        let mut message = error.to_string();
        if !message.ends_with('.') {
            message.push('.');
        }
        Self {
            code,
            message,
            detail,
        }
    }
}

impl From<vault::Error> for CommandError {
    fn from(error: vault::Error) -> Self {
        use vault::ErrorKind as K;
        let message = match error.kind() {
            K::Unavailable => "The OS keyring is not available on this desktop.",
            K::Locked => "The OS keyring is locked. Unlock it and try again.",
            K::TimedOut => {
                "The OS keyring did not answer in time (is it waiting for an unlock prompt?)."
            }
            K::Other => "The OS keyring could not be used.",
        };
        Self {
            code: ErrorCode::KeyringUnavailable,
            message: message.to_owned(),
            // The vault's own words: the platform's reason, never a secret.
            detail: Some(error.to_string()),
        }
    }
}

/// The console passes on its area crates' errors unchanged; each keeps its own code.
impl From<console::Error> for CommandError {
    fn from(error: console::Error) -> Self {
        match error {
            console::Error::Registry(error) => error.into(),
            console::Error::Vault(error) => error.into(),
        }
    }
}

impl From<cluster::Error> for CommandError {
    fn from(error: cluster::Error) -> Self {
        use cluster::Error as E;
        let (code, detail) = match &error {
            E::InvalidUrl { .. } => (ErrorCode::InvalidUrl, None),
            E::CaBundle { .. } => (ErrorCode::InvalidCaBundle, None),
            E::ClientSetup { .. } => (ErrorCode::TlsFailure, None),
            E::InvalidName { .. } | E::InvalidInput(_) | E::Invalid { .. } => {
                (ErrorCode::InvalidInput, None)
            }
            E::SignInRequired => (ErrorCode::SignInRequired, None),
            // The apiserver's own sentence goes to `detail`: the UI reads who the user is and
            // the missing verb, resource, group and namespace from it, in its language.
            E::Forbidden { message, .. } => (ErrorCode::Forbidden, Some(message.clone())),
            E::NotFound { .. } | E::NotBound { .. } => (ErrorCode::NotFound, None),
            E::AlreadyExists { .. } | E::Conflict { .. } => (ErrorCode::Conflict, None),
            E::Unreachable { .. } => (
                ErrorCode::Unreachable,
                std::error::Error::source(&error).map(ToString::to_string),
            ),
            E::Api { .. } | E::TokenNotIssued { .. } => (ErrorCode::ClusterError, None),
            E::BadResponse { .. } => (ErrorCode::BadResponse, None),
        };
        let mut message = match &error {
            E::Forbidden {
                denial: Some(d), ..
            } => format!(
                "Signed in as {}, you may not {} {}{} {}",
                d.user,
                d.verb,
                d.resource,
                if d.group.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", d.group)
                },
                d.namespace
                    .as_deref()
                    .map(|n| format!("in project {n}"))
                    .unwrap_or_else(|| "at the cluster scope".into()),
            ),
            _ => error.to_string(),
        };
        if let Some(first) = message.get(..1) {
            message = format!("{}{}", first.to_uppercase(), &message[1..]);
        }
        if !message.ends_with('.') {
            message.push('.');
        }
        Self {
            code,
            message,
            detail,
        }
    }
}

impl From<auth::Error> for CommandError {
    fn from(error: auth::Error) -> Self {
        use auth::Error as E;
        let error = match error {
            // The import saves a connection and its CA as the Connections and Certificates
            // pages do: the same refusals, under the same fields.
            E::Settings(inner) => return inner.into(),
            E::CaStore(inner) => return inner.into(),
            other => other,
        };
        let code = match &error {
            E::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            E::CaBundle { .. } => ErrorCode::InvalidCaBundle,
            E::ClientSetup { .. } => ErrorCode::TlsFailure,
            E::Unreachable { .. } => ErrorCode::Unreachable,
            E::InvalidToken { .. } | E::GrantRevoked { .. } | E::NotSignedIn { .. } => {
                ErrorCode::SignInRequired
            }
            E::TimedOut { .. } | E::Cancelled => ErrorCode::SignInCancelled,
            E::Keyring { .. } => ErrorCode::KeyringUnavailable,
            E::NothingPending { .. } | E::ContextNotFound { .. } => ErrorCode::NotFound,
            E::KubeconfigNotFound { .. }
            | E::KubeconfigUnreadable { .. }
            | E::KubeconfigInvalid { .. }
            | E::ContextUnusable { .. } => ErrorCode::InvalidInput,
            // Converted with their own codes above.
            E::Settings(_) | E::CaStore(_) => ErrorCode::SettingsNotSaved,
            E::InvalidDiscovery { .. }
            | E::WrongPassword { .. }
            | E::ChallengeRefused { .. }
            | E::Provider { .. }
            | E::Unexpected { .. }
            | E::BadResponse { .. }
            | E::Cleartext { .. }
            | E::IssuerMismatch { .. }
            | E::Callback { .. }
            | E::BrowserNotOpened { .. }
            | E::InvalidIdToken { .. }
            | E::StoredSession { .. } => ErrorCode::SignInFailed,
        };
        let mut message = error.to_string();
        if let Some(first) = message.get(..1) {
            message = format!("{}{}", first.to_uppercase(), &message[1..]);
        }
        if !message.ends_with('.') {
            message.push('.');
        }
        Self {
            code,
            message,
            detail: error.detail(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(code: &str, message: &str) -> Option<registry::ErrorEnvelope> {
        registry::ErrorEnvelope::parse(
            serde_json::json!({"errors": [{"code": code, "message": message, "detail": null}]})
                .to_string()
                .as_bytes(),
        )
    }

    #[test]
    fn registry_refusals_map_to_the_codes_the_ui_branches_on() {
        let cases = [
            (
                registry::Error::SignInRequired {
                    url: "http://r/v2/".into(),
                    status: 401,
                    envelope: envelope("UNAUTHORIZED", "authentication required"),
                },
                ErrorCode::SignInRequired,
            ),
            (
                registry::Error::AccessDenied {
                    url: "http://r/v2/x/manifests/sha256:a".into(),
                    status: 401,
                    envelope: envelope("DENIED", "requested access to the resource is denied"),
                },
                ErrorCode::AccessDenied,
            ),
            (
                registry::Error::NotFound {
                    what: "demo/untagged".into(),
                    status: 404,
                    envelope: envelope("NAME_UNKNOWN", "repository name not known to registry"),
                },
                ErrorCode::NotFound,
            ),
            (
                registry::Error::Registry {
                    url: "http://r/v2/_catalog".into(),
                    status: 500,
                    envelope: envelope("UNKNOWN", "unknown error"),
                },
                ErrorCode::RegistryError,
            ),
            (
                registry::Error::LinkLoop {
                    url: "http://r/v2/_catalog?last=a".into(),
                    reason: "the next page was already listed".into(),
                },
                ErrorCode::BadResponse,
            ),
            (
                registry::Error::DigestMismatch {
                    what: "demo/hello@sha256:a".into(),
                    expected: "sha256:a".into(),
                    actual: "sha256:b".into(),
                },
                ErrorCode::DigestMismatch,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(CommandError::from(error).code, code);
        }
    }

    #[test]
    fn registry_envelope_goes_to_detail_as_code_message_lines() {
        let error = CommandError::from(registry::Error::NotFound {
            what: "demo/untagged".into(),
            status: 404,
            envelope: envelope("NAME_UNKNOWN", "repository name not known to registry"),
        });
        assert!(error.message.contains("demo/untagged"), "{}", error.message);
        assert!(error.message.contains("404"), "{}", error.message);
        assert_eq!(
            error.detail.as_deref(),
            Some("NAME_UNKNOWN: repository name not known to registry")
        );
    }

    #[test]
    fn delete_disabled_message_says_how_to_enable_deletes() {
        let error = CommandError::from(registry::Error::DeleteDisabled {
            what: "demo/hello@sha256:a".into(),
            status: 405,
            envelope: envelope("UNSUPPORTED", "The operation is unsupported."),
        });
        assert_eq!(error.code, ErrorCode::DeleteDisabled);
        assert!(error.message.contains("storage.delete.enabled: true"));
        assert!(
            error
                .message
                .contains("REGISTRY_STORAGE_DELETE_ENABLED=true")
        );
        assert!(error.message.contains("garbage collection"));
        assert_eq!(
            error.detail.as_deref(),
            Some("UNSUPPORTED: The operation is unsupported.")
        );
    }

    #[test]
    fn keyring_errors_say_what_to_do_and_keep_the_platform_reason() {
        let error = CommandError::from(vault::Error::Locked {
            reason: "prompt dismissed".into(),
        });
        assert_eq!(error.code, ErrorCode::KeyringUnavailable);
        assert!(error.message.contains("locked"), "{}", error.message);
        assert_eq!(
            error.detail.as_deref(),
            Some("the OS keyring is locked: prompt dismissed")
        );
        let timed_out = CommandError::from(vault::Error::TimedOut {
            after: std::time::Duration::from_secs(10),
        });
        assert!(timed_out.message.contains("did not answer"));
    }

    #[test]
    fn cluster_refusals_keep_the_apiservers_words_for_the_ui() {
        let text = "rolebindings.rbac.authorization.k8s.io is forbidden: User \"bob\" cannot create resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \"team-a\"";
        let error = CommandError::from(cluster::Error::Forbidden {
            message: text.into(),
            request: "POST /apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings"
                .into(),
            denial: cluster::Denial::parse(text).map(Box::new),
        });
        assert_eq!(error.code, ErrorCode::Forbidden);
        assert_eq!(
            error.message,
            "Signed in as bob, you may not create rolebindings (rbac.authorization.k8s.io) in project team-a."
        );
        assert_eq!(error.detail.as_deref(), Some(text));
        let conflict = CommandError::from(cluster::Error::Conflict {
            message: "Operation cannot be fulfilled".into(),
            attempts: 5,
        });
        assert_eq!(conflict.code, ErrorCode::Conflict);
        assert!(
            conflict.message.contains("5 attempts"),
            "{}",
            conflict.message
        );
        // A refused token (401) is what the UI's sign-in dialog opens for.
        let refused = CommandError::from(cluster::Error::SignInRequired);
        assert_eq!(refused.code, ErrorCode::SignInRequired);
        assert_eq!(
            refused.message,
            "The cluster did not accept the token (HTTP 401): sign in again."
        );
        let short = CommandError::from(cluster::Error::InvalidInput(
            "a token must live at least 10 minutes".into(),
        ));
        assert_eq!(short.code, ErrorCode::InvalidInput);
        assert_eq!(short.message, "A token must live at least 10 minutes.");
    }

    #[test]
    fn kubeconfig_import_refusals_keep_the_codes_of_the_field_they_belong_to() {
        let taken = CommandError::from(auth::Error::Settings(connections::Error::DuplicateName {
            name: "prod".into(),
        }));
        assert_eq!(taken.code, ErrorCode::InvalidName);
        assert_eq!(taken.message, "a connection named \"prod\" already exists");
        let bad_ca = CommandError::from(auth::Error::CaStore(
            certs::Error::CaFileWithoutCertificate {
                name: "certificate-authority-data".into(),
            },
        ));
        assert_eq!(
            bad_ca,
            CommandError::from(certs::Error::CaFileWithoutCertificate {
                name: "certificate-authority-data".into(),
            })
        );
        let invalid = CommandError::from(auth::Error::KubeconfigInvalid {
            path: "/home/u/.kube/config".into(),
            reason: "did not find expected key at line 4 column 3".into(),
        });
        assert_eq!(invalid.code, ErrorCode::InvalidInput);
        assert_eq!(
            invalid.message,
            "/home/u/.kube/config is not a valid kubeconfig: did not find expected key at line 4 column 3."
        );
        let gone = CommandError::from(auth::Error::ContextNotFound {
            context: "old".into(),
            files: vec!["/home/u/.kube/config".into()],
        });
        assert_eq!(gone.code, ErrorCode::NotFound);
    }

    #[test]
    fn auth_errors_map_to_the_codes_the_sign_in_dialog_branches_on() {
        let keyring = CommandError::from(auth::Error::Keyring {
            source: vault::Error::Locked {
                reason: "prompt dismissed".into(),
            },
        });
        assert_eq!(keyring.code, ErrorCode::KeyringUnavailable);
        assert!(keyring.message.starts_with("The sign-in could not be kept"));
        let provider = CommandError::from(auth::Error::Provider {
            url: "http://idp/token".into(),
            status: Some(400),
            error: "invalid_request".into(),
            description: Some("PKCE required".into()),
        });
        assert_eq!(provider.code, ErrorCode::SignInFailed);
        assert_eq!(
            provider.detail.as_deref(),
            Some("invalid_request: PKCE required")
        );
        assert_eq!(
            CommandError::from(auth::Error::GrantRevoked {
                url: "u".into(),
                description: None
            })
            .code,
            ErrorCode::SignInRequired
        );
        assert_eq!(
            CommandError::from(auth::Error::Cancelled).code,
            ErrorCode::SignInCancelled
        );
    }

    #[test]
    fn certificate_errors_map_to_what_the_ui_branches_on() {
        let refused = CommandError::from(certs::Error::Refused {
            address: "127.0.0.1:1".into(),
        });
        assert_eq!(refused.code, ErrorCode::Unreachable);
        assert_eq!(
            refused.message,
            "127.0.0.1:1 refused the connection: nothing is listening on that port."
        );
        let plain = CommandError::from(certs::Error::PlainHttp {
            address: "127.0.0.1:5000".into(),
        });
        assert_eq!(plain.code, ErrorCode::TlsFailure);
        let exists = CommandError::from(certs::Error::Exists {
            path: "/tmp/console.cert".into(),
        });
        assert_eq!(exists.code, ErrorCode::FileExists);
        let missing = CommandError::from(certs::Error::Settings(connections::Error::NotFound {
            id: "c1".into(),
        }));
        assert_eq!(missing.code, ErrorCode::NotFound);
        let dns = CommandError::from(certs::Error::Resolve {
            host: "nowhere.invalid".into(),
            source: std::io::Error::other("failed to lookup address information"),
        });
        assert_eq!(dns.code, ErrorCode::Unreachable);
        assert_eq!(
            dns.detail.as_deref(),
            Some("failed to lookup address information")
        );
    }

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
