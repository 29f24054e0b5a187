//! The one error shape the UI receives.
//!
//! Each backend crate decides its own [`ErrorCode`] (`Error::code`, an exhaustive match next to
//! its variants) and its detail line (`Error::detail`); this module only puts them together.
//! To add a crate: give its error `code()` and `detail()`, and add it to the list below.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use codes::ErrorCode;

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
    /// A cluster's RBAC refusal in its parts (who, which verb on which resource, where), so the
    /// UI says it in its own language without reading the apiserver's English again.
    // Boxed: every command's `Result` carries this type, and a 403 is the rare case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub denial: Option<Box<cluster::Denial>>,
}

impl CommandError {
    /// An error with `code` and `message` and nothing beneath it.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
            denial: None,
        }
    }

    /// The same error with `detail` as its underlying reason.
    pub fn with_detail(self, detail: Option<String>) -> Self {
        Self { detail, ..self }
    }
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

/// A crate's message as a sentence: capitalized, ending with a period (the crates write
/// theirs to be composed into longer ones: `cannot reach {url}: {reason}`). A message that
/// starts with a name (`demo/hello`, `http://r`, `rolebindings.rbac...`) keeps it as it is.
fn sentence(text: String) -> String {
    let mut sentence = text;
    let first_word = sentence.split(' ').next().unwrap_or_default();
    if !first_word.is_empty() && first_word.bytes().all(|b| b.is_ascii_lowercase()) {
        sentence[..1].make_ascii_uppercase();
    }
    if !sentence.ends_with('.') {
        sentence.push('.');
    }
    sentence
}

/// `From<E> for CommandError` for each crate error with `code()` and `detail()`.
macro_rules! from_crate_errors {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for CommandError {
            fn from(error: $error) -> Self {
                Self::new(error.code(), sentence(error.to_string())).with_detail(error.detail())
            }
        }
    )*};
}

from_crate_errors!(
    connections::Error,
    registry::Error,
    credentials::Error,
    certs::Error,
    auth::Error,
    quay::Error,
    audit::Error,
    health::Error,
);

impl From<vault::Error> for CommandError {
    fn from(error: vault::Error) -> Self {
        // The advice is the message; the vault's own words (the platform's reason, never a
        // secret) are the detail.
        Self::new(error.code(), error.advice()).with_detail(Some(error.to_string()))
    }
}

/// The console passes on its area crates' errors unchanged, each with its own code; its own
/// refusals say theirs (`console::Error::own_code`).
impl From<console::Error> for CommandError {
    fn from(error: console::Error) -> Self {
        use console::Error as E;
        match error {
            E::Connections(error) => error.into(),
            E::Registry(error) => error.into(),
            E::Cluster(error) => error.into(),
            E::Auth(error) => error.into(),
            E::Vault(error) => error.into(),
            E::Credentials(error) => error.into(),
            E::Certs(error) => error.into(),
            E::Quay(error) => error.into(),
            E::Audit(error) => error.into(),
            E::Health(error) => error.into(),
            E::KeptForKeyring { source, kept } => {
                let error = Self::from(source);
                Self {
                    message: format!("{} {kept}", error.message),
                    ..error
                }
            }
            own => Self::new(own.own_code().unwrap_or(ErrorCode::Other), own.to_string()),
        }
    }
}

impl From<cluster::Error> for CommandError {
    fn from(error: cluster::Error) -> Self {
        let denial = error.denial().cloned().map(Box::new);
        // With the refusal's parts, the sentence says who may not do what; the apiserver's
        // own sentence stays in `detail` as the reference.
        let message = match &denial {
            Some(d) => format!(
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
            None => error.to_string(),
        };
        Self {
            denial,
            ..Self::new(error.code(), sentence(message)).with_detail(error.detail())
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
                ErrorCode::ServerError,
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
        assert!(
            error.message.starts_with("demo/untagged was not found"),
            "{}",
            error.message
        );
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
        assert_eq!(error.code, ErrorCode::AccessDenied);
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
    fn rbac_refusal_reaches_the_ui_as_a_typed_denial() {
        let text = "serviceaccounts \"robot\" is forbidden: User \"system:serviceaccount:p:robot\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"p\"";
        let error = CommandError::from(cluster::Error::Forbidden {
            message: text.into(),
            request: "POST /api/v1/namespaces/p/serviceaccounts/robot/token".into(),
            denial: cluster::Denial::parse(text).map(Box::new),
        });
        let expected = cluster::Denial {
            user: "system:serviceaccount:p:robot".into(),
            verb: "create".into(),
            resource: "serviceaccounts/token".into(),
            group: String::new(),
            namespace: Some("p".into()),
        };
        assert_eq!(error.denial.as_deref(), Some(&expected));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "accessDenied");
        assert_eq!(
            json["denial"],
            serde_json::json!({
                "user": "system:serviceaccount:p:robot",
                "verb": "create",
                "resource": "serviceaccounts/token",
                "group": "",
                "namespace": "p",
            })
        );
        // A cluster-scope refusal has no namespace; a 403 in other words has no denial, and
        // its message is the apiserver's sentence.
        let cluster_scope = "namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope";
        let error = CommandError::from(cluster::Error::Forbidden {
            message: cluster_scope.into(),
            request: "GET /api/v1/namespaces".into(),
            denial: cluster::Denial::parse(cluster_scope).map(Box::new),
        });
        let denial = error.denial.expect("a cluster-scope refusal has its parts");
        assert_eq!((denial.verb.as_str(), denial.namespace), ("list", None));
        let escalation =
            "user \"rita\" (groups=[]) is attempting to grant RBAC permissions not currently held";
        let error = CommandError::from(cluster::Error::Forbidden {
            message: escalation.into(),
            request: "POST /apis/rbac.authorization.k8s.io/v1/namespaces/p/rolebindings".into(),
            denial: cluster::Denial::parse(escalation).map(Box::new),
        });
        assert_eq!(error.code, ErrorCode::AccessDenied);
        assert_eq!(error.denial, None);
        assert_eq!(error.message, format!("User{}.", &escalation[4..]));
    }

    #[test]
    fn kubeconfig_import_refusals_keep_the_codes_of_the_field_they_belong_to() {
        let taken = CommandError::from(auth::Error::Settings(connections::Error::DuplicateName {
            name: "prod".into(),
        }));
        assert_eq!(taken.code, ErrorCode::InvalidName);
        assert_eq!(taken.message, "A connection named \"prod\" already exists.");
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
    fn messages_become_sentences_without_changing_the_names_they_start_with() {
        assert_eq!(
            sentence("cannot reach http://r: refused".into()),
            "Cannot reach http://r: refused."
        );
        assert_eq!(
            sentence("http://idp/token refused the sign-in: invalid_request".into()),
            "http://idp/token refused the sign-in: invalid_request."
        );
        assert_eq!(
            sentence("demo/hello was not found".into()),
            "demo/hello was not found."
        );
        assert_eq!(sentence("Already one.".into()), "Already one.");
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
        assert_eq!(provider.code, ErrorCode::Other);
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
            ErrorCode::Cancelled
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
            "\"ftp://x\" is not a usable URL: only http:// and https:// are supported."
        );
        assert!(json["detail"].is_null());
        // Only a cluster's RBAC refusal carries a denial; the others leave the field out.
        assert!(json.get("denial").is_none(), "{json}");
    }

    #[test]
    fn os_reason_goes_to_detail() {
        let error = CommandError::from(connections::Error::Write {
            path: "/x/settings.json".into(),
            source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        });
        assert_eq!(error.code, ErrorCode::Other);
        assert_eq!(error.detail.as_deref(), Some("permission denied"));
    }
}
