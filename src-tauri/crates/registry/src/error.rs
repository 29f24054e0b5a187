//! Errors of the registry client. Each variant says what went wrong with the context a user
//! needs (the URL or `repository:reference`, the HTTP status) and keeps the registry's own
//! error envelope (`{"errors":[{"code","message","detail"}]}`) so the UI can show it.
//!
//! No variant holds a secret: credentials and tokens never enter an error.

use serde::Deserialize;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// One entry of a registry's error envelope (distribution spec, "Error codes").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RegistryErrorEntry {
    /// `UNAUTHORIZED`, `DENIED`, `NAME_UNKNOWN`, `MANIFEST_UNKNOWN`, `UNSUPPORTED`, ...
    #[serde(default)]
    pub code: String,
    /// The registry's message.
    #[serde(default)]
    pub message: String,
    /// The registry's detail (any JSON), when it sent one.
    #[serde(default)]
    pub detail: Option<serde_json::Value>,
}

/// A registry's error body: `{"errors":[...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorEnvelope {
    /// The errors, in the registry's order.
    #[serde(default)]
    pub errors: Vec<RegistryErrorEntry>,
}

impl ErrorEnvelope {
    /// Parses a body as an envelope; None when it is not one (or holds no error).
    pub fn parse(body: &[u8]) -> Option<Self> {
        serde_json::from_slice::<Self>(body)
            .ok()
            .filter(|e| !e.errors.is_empty())
    }

    /// True when one of the errors has this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.errors
            .iter()
            .any(|e| e.code.eq_ignore_ascii_case(code))
    }

    /// The errors as `CODE: message` lines (with the detail when it says more).
    pub fn lines(&self) -> String {
        self.errors
            .iter()
            .map(|e| {
                let mut line = format!("{}: {}", e.code, e.message);
                match &e.detail {
                    None | Some(serde_json::Value::Null) => {}
                    Some(serde_json::Value::String(s)) if s.is_empty() => {}
                    Some(serde_json::Value::String(s)) => line.push_str(&format!(" ({s})")),
                    Some(other) => line.push_str(&format!(" ({other})")),
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn envelope_suffix(envelope: &Option<ErrorEnvelope>) -> String {
    envelope
        .as_ref()
        .and_then(|e| e.errors.first())
        .map(|e| format!(": {} {}", e.code, e.message))
        .unwrap_or_default()
}

fn catalog_refused(url: &str, status: u16, signed_in: bool) -> String {
    if signed_in {
        format!(
            "{url} refused to list the registry's repositories to this user (HTTP {status}), though it accepts the sign-in: open a repository by its name"
        )
    } else {
        format!(
            "{url} lists the registry's repositories only to users who may see them (HTTP {status}): sign in, or open a repository by its name"
        )
    }
}

/// Everything that can go wrong while talking to a registry.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection's URL cannot be used for a registry.
    #[error("\"{url}\" is not a usable registry URL: {reason}")]
    InvalidUrl {
        /// The URL as saved.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// The repository name or reference cannot be a registry name (it would change the URL).
    #[error("\"{value}\" is not a valid {what}")]
    InvalidName {
        /// `repository name`, `tag` or `digest`.
        what: &'static str,
        /// The value given.
        value: String,
    },

    /// The connection's CA bundle could not be read or holds no certificate.
    #[error("cannot use the CA bundle {path}: {reason}")]
    CaBundle {
        /// The file named in the connection.
        path: String,
        /// Why, in words.
        reason: String,
    },

    /// The HTTP client could not be built (no usable TLS roots, a TLS setting it refused).
    #[error("cannot set up the HTTP client for {url}: {reason}")]
    ClientSetup {
        /// The registry URL.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// The registry (or its token server) wants credentials we do not have, or refused ours,
    /// after one fresh challenge.
    #[error(
        "{url} requires signing in (HTTP {status}){}",
        envelope_suffix(envelope)
    )]
    SignInRequired {
        /// The URL that was refused.
        url: String,
        /// The HTTP status (401).
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The credentials are valid but not allowed this operation (403, `DENIED`,
    /// `insufficient_scope`).
    #[error(
        "access to {url} is denied (HTTP {status}){}",
        envelope_suffix(envelope)
    )]
    AccessDenied {
        /// The URL that was refused.
        url: String,
        /// The HTTP status (401 with `insufficient_scope`, or 403).
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The registry answers its API with these credentials (or none) but refuses to list its
    /// repositories: its token service refused the `registry:catalog:*` scope, or granted a
    /// token without it (`insufficient_scope`), or `/v2/_catalog` answered 401/403/`DENIED`
    /// while `/v2/` accepted the same credentials. A permission fact, not an expired sign-in.
    #[error("{}", catalog_refused(url, *status, *signed_in))]
    CatalogRefused {
        /// The catalog URL (or the token service's) that refused.
        url: String,
        /// The HTTP status of the refusal (401 or 403).
        status: u16,
        /// True when credentials were sent; false when nobody is signed in.
        signed_in: bool,
        /// The registry's (or token service's) error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The registry answers its API but has no catalog endpoint (404 or 405 on
    /// `/v2/_catalog`).
    #[error(
        "{url} answered HTTP {status}: this registry does not offer a list of its repositories; open a repository by its name"
    )]
    CatalogNotOffered {
        /// The catalog URL.
        url: String,
        /// The HTTP status (404 or 405).
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The repository, tag or manifest does not exist (404, `NAME_UNKNOWN`,
    /// `MANIFEST_UNKNOWN`).
    #[error(
        "{what} was not found on the registry (HTTP {status}){}",
        envelope_suffix(envelope)
    )]
    NotFound {
        /// `repository:reference` or the URL.
        what: String,
        /// The HTTP status (404).
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The registry refuses deletes (405 `UNSUPPORTED`).
    #[error(
        "the registry refused to delete {what} (HTTP {status}): deleting is disabled; the registry must run with `storage.delete.enabled: true` (or REGISTRY_STORAGE_DELETE_ENABLED=true), and space returns only after its garbage collection"
    )]
    DeleteDisabled {
        /// `repository@digest`.
        what: String,
        /// The HTTP status (405).
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The content's sha256 is not the digest asked for: the content is refused.
    #[error("the content of {what} does not match its digest: expected {expected}, got {actual}")]
    DigestMismatch {
        /// `repository@digest`, or the blob.
        what: String,
        /// The digest asked for.
        expected: String,
        /// The sha256 of the bytes received.
        actual: String,
    },

    /// The server could not be reached: refused, DNS, reset, or no answer in time.
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// The URL.
        url: String,
        /// `connection refused`, `timed out after 30 s`, `connection reset`, ...
        reason: String,
        /// The underlying error.
        #[source]
        source: Option<reqwest::Error>,
    },

    /// The TLS handshake failed (untrusted certificate, wrong host name, protocol).
    #[error("the TLS connection to {url} failed: {reason}")]
    Tls {
        /// The URL.
        url: String,
        /// The TLS library's reason.
        reason: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },

    /// The registry answered with an error of its own that has no more specific meaning here.
    #[error("{url} answered HTTP {status}{}", envelope_suffix(envelope))]
    Registry {
        /// The URL.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The registry's error body, when it sent one.
        envelope: Option<ErrorEnvelope>,
    },

    /// The reply could not be understood: invalid JSON, missing fields, wrong shape.
    #[error("the reply of {url} cannot be understood: {reason}")]
    BadResponse {
        /// The URL.
        url: String,
        /// What was wrong.
        reason: String,
    },

    /// The reply was larger than this client accepts for its kind; the rest was not read.
    #[error("the reply of {url} is too large (more than {limit} bytes)")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },

    /// The reply ended before its end (connection closed mid-body).
    #[error("the reply of {url} was cut off before its end")]
    Truncated {
        /// The URL.
        url: String,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },

    /// The registry named a token server reached without TLS, on another origin than the
    /// connection's own `http://` one and not on this computer: the credentials were not sent.
    #[error(
        "the registry asks for your credentials to be sent unencrypted (http://) to {realm}; they were not sent. Credentials travel without TLS only to a registry connected over http:// itself, or to this computer"
    )]
    CleartextRealm {
        /// The token realm the registry named (without its query).
        realm: String,
    },

    /// The listing was cancelled by the user between two pages.
    #[error("the listing of {what} was cancelled after {loaded} entries")]
    Cancelled {
        /// `the tag list of demo/hello`.
        what: String,
        /// How many entries had been read.
        loaded: usize,
    },

    /// A repository lists more tags than this client reads; the rest was not read.
    #[error(
        "{repository} has more than {limit} tags; lists longer than that are not read (prune its tags, or use the registry's own tools)"
    )]
    TooManyTags {
        /// The repository.
        repository: String,
        /// The limit ([`crate::client::MAX_TAGS`]).
        limit: usize,
    },

    /// Paging went in circles: a `Link` repeated an earlier page, or `last` did not advance.
    #[error("the registry's paging at {url} loops: {reason}")]
    LinkLoop {
        /// The repeated URL.
        url: String,
        /// What repeated.
        reason: String,
    },
}

impl Error {
    /// What the UI does about it: a sign-in, a hint of its own, a retry, or the TLS settings.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::InvalidUrl { .. } => C::InvalidUrl,
            Self::CaBundle { .. } => C::InvalidCaBundle,
            // A name that cannot exist on the registry: nothing is there to show.
            Self::InvalidName { .. } | Self::NotFound { .. } => C::NotFound,
            Self::ClientSetup { .. } | Self::Tls { .. } => C::TlsFailure,
            Self::SignInRequired { .. } => C::SignInRequired,
            // Not a password problem: the registry's setup sends it unencrypted elsewhere, so
            // signing in again would not help.
            Self::CleartextRealm { .. } => C::Other,
            Self::Cancelled { .. } => C::Cancelled,
            Self::AccessDenied { .. } => C::AccessDenied,
            // Signing in again would bring the same refusal back: never `SignInRequired`.
            Self::CatalogRefused { .. } => C::CatalogRefused,
            Self::CatalogNotOffered { .. } => C::CatalogNotOffered,
            Self::DeleteDisabled { .. } => C::DeleteDisabled,
            Self::DigestMismatch { .. } => C::DigestMismatch,
            Self::Unreachable { .. } => C::Unreachable,
            Self::Registry { .. } => C::ServerError,
            Self::BadResponse { .. }
            | Self::TooLarge { .. }
            | Self::Truncated { .. }
            | Self::TooManyTags { .. }
            | Self::LinkLoop { .. } => C::BadResponse,
        }
    }

    /// The registry's error envelope, when this error carries one.
    pub fn envelope(&self) -> Option<&ErrorEnvelope> {
        match self {
            Self::SignInRequired { envelope, .. }
            | Self::AccessDenied { envelope, .. }
            | Self::CatalogRefused { envelope, .. }
            | Self::CatalogNotOffered { envelope, .. }
            | Self::NotFound { envelope, .. }
            | Self::DeleteDisabled { envelope, .. }
            | Self::Registry { envelope, .. } => envelope.as_ref(),
            _ => None,
        }
    }

    /// The underlying reason as one line: the registry's errors as `CODE: message` lines, or
    /// the chain of OS/TLS reasons.
    pub fn detail(&self) -> Option<String> {
        if let Some(envelope) = self.envelope() {
            return Some(envelope.lines());
        }
        let mut parts: Vec<String> = Vec::new();
        let mut source = std::error::Error::source(self);
        while let Some(s) = source {
            let text = s.to_string();
            if !parts.iter().any(|p| p.contains(&text)) {
                parts.push(text);
            }
            source = s.source();
        }
        (!parts.is_empty()).then(|| parts.join(": "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_lines_keep_code_message_and_detail() {
        let envelope = ErrorEnvelope::parse(
            br#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null},
                {"code":"DENIED","message":"no","detail":"repository demo/x"}]}"#,
        )
        .unwrap();
        assert_eq!(
            envelope.lines(),
            "UNAUTHORIZED: authentication required\nDENIED: no (repository demo/x)"
        );
        assert!(envelope.has_code("denied"));
        assert!(ErrorEnvelope::parse(b"<html>").is_none());
        assert!(ErrorEnvelope::parse(br#"{"errors":[]}"#).is_none());
    }

    #[test]
    fn delete_disabled_explains_the_registry_setting() {
        let error = Error::DeleteDisabled {
            what: "demo/hello@sha256:ab".into(),
            status: 405,
            envelope: None,
        };
        let text = error.to_string();
        assert!(text.contains("storage.delete.enabled: true"), "{text}");
        assert!(
            text.contains("REGISTRY_STORAGE_DELETE_ENABLED=true"),
            "{text}"
        );
        assert!(text.contains("garbage collection"), "{text}");
    }
}
