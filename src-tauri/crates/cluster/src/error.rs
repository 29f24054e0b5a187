//! Errors of the cluster client. The apiserver explains its refusals in a `Status` object
//! (`reason`, `message`, `details`); every variant built from a reply keeps that message,
//! because it is the one that says who the caller is and which permission is missing
//! (`User "bob" cannot create resource "rolebindings" in API group
//! "rbac.authorization.k8s.io" in the namespace "p"`).
//!
//! No variant holds a secret: tokens never enter an error.

use serde::Deserialize;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The apiserver's `Status` error object (`kind: Status`, `status: Failure`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ApiStatus {
    /// The human-readable explanation, e.g. `... is forbidden: User "bob" cannot ...`.
    #[serde(default)]
    pub message: String,
    /// `Forbidden`, `NotFound`, `AlreadyExists`, `Conflict`, `Unauthorized`, `Invalid`, ...
    #[serde(default)]
    pub reason: String,
    /// The HTTP status code the server put in the body.
    #[serde(default)]
    pub code: u16,
}

impl ApiStatus {
    /// Parses a reply body as a `Status`; None when it is not one.
    pub fn parse(body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        if value.get("kind").and_then(|k| k.as_str()) != Some("Status") {
            return None;
        }
        serde_json::from_value(value).ok()
    }
}

fn message_suffix(status: &Option<ApiStatus>) -> String {
    status
        .as_ref()
        .filter(|s| !s.message.is_empty())
        .map(|s| format!(": {}", s.message))
        .unwrap_or_default()
}

/// Everything that can go wrong while talking to a cluster's API.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The API URL cannot be used.
    #[error("\"{url}\" is not a usable cluster API URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why, in words.
        reason: String,
    },

    /// A name given by the user cannot be a Kubernetes object name.
    #[error("\"{value}\" is not a valid {what}: {reason}")]
    InvalidName {
        /// `project name`, `service account name`, `secret name`, `role name`, ...
        what: &'static str,
        /// The value given.
        value: String,
        /// Which rule it breaks.
        reason: String,
    },

    /// Bad input that is not a name (a lifetime too short, an empty registry list, ...).
    #[error("{0}")]
    InvalidInput(String),

    /// The connection's CA bundle could not be read or holds no certificate.
    #[error("cannot use the CA bundle {path}: {reason}")]
    CaBundle {
        /// The file named in the connection.
        path: String,
        /// Why, in words.
        reason: String,
    },

    /// The HTTP client could not be built (a TLS setting it refused).
    #[error("cannot set up the HTTP client for {url}: {source}")]
    ClientSetup {
        /// The API URL.
        url: String,
        /// Why.
        #[source]
        source: net::Error,
    },

    /// 401: the token is unknown, expired or revoked. The user must sign in again.
    #[error("the cluster did not accept the token (HTTP 401): sign in again")]
    SignInRequired,

    /// 403: the signed-in user lacks a permission. The message is the apiserver's, which
    /// names the user and the missing verb, resource, API group and namespace.
    #[error("{message}")]
    Forbidden {
        /// The apiserver's message (`... is forbidden: User "bob" cannot ...`).
        message: String,
        /// The request, as `METHOD path`.
        request: String,
        /// The refusal's parts (user, verb, resource, group, namespace), when the message
        /// is the standard RBAC one.
        denial: Option<Box<crate::model::Denial>>,
    },

    /// 403 to a grant of a role with rules the granter does not hold (RBAC's escalation
    /// check): who may not grant what, with the missing rules listed compactly.
    #[error("You may not grant {role}: it allows what you do not hold yourself: {missing}")]
    Escalation {
        /// The role granted.
        role: String,
        /// The missing rules, compact (`get, update: imagestreams/layers (core and
        /// image.openshift.io)`), or the apiserver's list when it could not be read.
        missing: String,
        /// The apiserver's message.
        message: String,
    },

    /// 404: the object (or the API) does not exist.
    #[error("not found (HTTP 404) at {request}{}", message_suffix(status))]
    NotFound {
        /// The request, as `METHOD path`.
        request: String,
        /// The apiserver's Status, when it sent one (an absent API group sends none).
        status: Option<ApiStatus>,
    },

    /// 409 `AlreadyExists` on a create.
    #[error("{message}")]
    AlreadyExists {
        /// The apiserver's message (`... "x" already exists`).
        message: String,
    },

    /// 409 `Conflict`: someone else changed the object first, and retrying on fresh data
    /// did not get through either.
    #[error("{message} (gave up after {attempts} attempts on fresh data)")]
    Conflict {
        /// The apiserver's message.
        message: String,
        /// How many times the change was tried.
        attempts: u32,
    },

    /// 422 `Invalid`: the server refused the object's content.
    #[error("{message}")]
    Invalid {
        /// The apiserver's message, with the field and the rule.
        message: String,
    },

    /// Any other error status (500, 503, ...).
    #[error("{request} answered HTTP {status}{}", message_suffix(api_status))]
    Api {
        /// The request, as `METHOD path`.
        request: String,
        /// The HTTP status.
        status: u16,
        /// The apiserver's Status, when it sent one.
        api_status: Option<ApiStatus>,
    },

    /// The server could not be reached, or the connection broke before the reply ended.
    #[error("cannot reach {url}: {reason}")]
    Unreachable {
        /// The URL.
        url: String,
        /// `connection refused`, `timed out`, `connection closed before the reply ended`, ...
        reason: String,
        /// The underlying error.
        #[source]
        source: Option<reqwest::Error>,
    },

    /// The reply could not be understood.
    #[error("the reply of {request} cannot be understood: {reason}")]
    BadResponse {
        /// The request, as `METHOD path`.
        request: String,
        /// What was wrong.
        reason: String,
    },

    /// The token controller did not fill the long-lived token secret in time.
    #[error(
        "the cluster did not fill the token of secret {namespace}/{name} within {seconds} s; is service account {service_account} there, and is the token controller running?"
    )]
    TokenNotIssued {
        /// The project.
        namespace: String,
        /// The secret.
        name: String,
        /// The service account it is for.
        service_account: String,
        /// How long we waited.
        seconds: u64,
    },

    /// The operation changed nothing because the subject holds no such role here.
    #[error("{subject} has no role binding to {role} in project {namespace}")]
    NotBound {
        /// The subject, as `oc` writes it.
        subject: String,
        /// The role.
        role: String,
        /// The project.
        namespace: String,
    },
}

impl Error {
    /// What the UI does about it: a field, a sign-in, the missing permission, a reload or a
    /// retry.
    pub fn code(&self) -> codes::ErrorCode {
        use codes::ErrorCode as C;
        match self {
            Self::InvalidUrl { .. } => C::InvalidUrl,
            Self::CaBundle { .. } => C::InvalidCaBundle,
            Self::ClientSetup { .. } => C::TlsFailure,
            Self::InvalidName { .. } | Self::InvalidInput(_) | Self::Invalid { .. } => {
                C::InvalidInput
            }
            Self::SignInRequired => C::SignInRequired,
            Self::Forbidden { .. } | Self::Escalation { .. } => C::AccessDenied,
            Self::NotFound { .. } | Self::NotBound { .. } => C::NotFound,
            Self::AlreadyExists { .. } | Self::Conflict { .. } => C::Conflict,
            Self::Unreachable { .. } => C::Unreachable,
            Self::Api { .. } | Self::TokenNotIssued { .. } => C::ServerError,
            Self::BadResponse { .. } => C::BadResponse,
        }
    }

    /// The underlying reason for the UI's detail line: the apiserver's own sentence for a
    /// 403 (the reference beneath the UI's words), the network's reason when unreachable.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Forbidden { message, .. } | Self::Escalation { message, .. } => {
                Some(message.clone())
            }
            Self::Unreachable { .. } => std::error::Error::source(self).map(ToString::to_string),
            _ => None,
        }
    }

    /// The refusal's parts for a 403 in the standard RBAC words, for the UI to say in its
    /// own language.
    pub fn denial(&self) -> Option<&crate::model::Denial> {
        match self {
            Self::Forbidden { denial, .. } => denial.as_deref(),
            _ => None,
        }
    }

    /// True for 401 (the UI offers to sign in again).
    pub fn is_sign_in_required(&self) -> bool {
        matches!(self, Self::SignInRequired)
    }

    /// True for 403.
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Self::Forbidden { .. } | Self::Escalation { .. })
    }

    /// True for 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }
}
