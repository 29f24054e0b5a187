//! What a Quay call can fail with, each with the code the UI branches on ([`Error::code`]).

use codes::ErrorCode;

/// The result of a Quay call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a Quay call failed. Never holds a token.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection's URL cannot be used.
    #[error("cannot use {url}: {reason}")]
    InvalidUrl {
        /// As saved.
        url: String,
        /// Why not.
        reason: String,
    },
    /// The HTTP client could not be made (the CA bundle).
    #[error(transparent)]
    ClientSetup {
        /// The HTTP layer's reason.
        #[from]
        source: net::Error,
    },
    /// A name Quay would refuse, checked before anything was sent.
    #[error(
        "\"{name}\" is not a valid {what}: lowercase letters, digits and _ (organizations also . and -), starting with a letter or digit"
    )]
    InvalidName {
        /// What was named.
        what: &'static str,
        /// As typed.
        name: String,
    },
    /// No token, or Quay did not accept it (401).
    #[error("Quay did not accept the token (HTTP 401): sign in again")]
    SignInRequired,
    /// The token is valid but may not do this (403): a missing scope or permission.
    #[error("{request}: Quay refused (HTTP 403){}", said(message))]
    Forbidden {
        /// `METHOD path`.
        request: String,
        /// Quay's own words.
        message: Option<String>,
    },
    /// Not there (404).
    #[error("{request}: not found (HTTP 404){}", said(message))]
    NotFound {
        /// `METHOD path`.
        request: String,
        /// Quay's own words.
        message: Option<String>,
    },
    /// Quay refused the request itself (400, 409): a name taken, a bad value.
    #[error("{request}: Quay refused it (HTTP {status}){}", said(message))]
    Refused {
        /// `METHOD path`.
        request: String,
        /// The status.
        status: u16,
        /// Quay's own words.
        message: Option<String>,
    },
    /// Quay failed (5xx).
    #[error("{request}: Quay failed (HTTP {status}){}", said(message))]
    Server {
        /// `METHOD path`.
        request: String,
        /// The status.
        status: u16,
        /// Quay's own words.
        message: Option<String>,
    },
    /// Quay could not be reached.
    #[error("cannot reach Quay for {request}: {reason}")]
    Unreachable {
        /// `METHOD path`.
        request: String,
        /// The network's reason.
        reason: String,
    },
    /// The reply could not be read (too large, not JSON).
    #[error("{request}: the reply could not be read: {reason}")]
    BadResponse {
        /// `METHOD path`.
        request: String,
        /// Why.
        reason: String,
    },
}

fn said(message: &Option<String>) -> String {
    message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default()
}

impl Error {
    /// The error of a reply with `status` and `body` (Quay's `{"error_message"|"message"|"detail"}`).
    pub(crate) fn from_status(status: reqwest::StatusCode, request: &str, body: &[u8]) -> Self {
        let message = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| {
                ["error_message", "message", "detail", "error_description"]
                    .iter()
                    .find_map(|k| v[*k].as_str().map(str::to_owned))
            })
            // A message is shown to the user: keep it one short line.
            .map(|m| m.chars().take(300).collect::<String>().replace('\n', " "));
        let request = request.to_owned();
        match status.as_u16() {
            401 => Self::SignInRequired,
            403 => Self::Forbidden { request, message },
            404 => Self::NotFound { request, message },
            // Quay answers a robot that is not there with 400 "Could not find ...", a team with
            // 400 "Team 'x' is not a team in org 'o'" or "('Team does not exist: ...".
            400 if message.as_deref().is_some_and(|m| {
                m.starts_with("Could not find")
                    || m.contains("is not a team in org")
                    || m.contains("Team does not exist")
            }) =>
            {
                Self::NotFound { request, message }
            }
            s @ 400..=499 => Self::Refused {
                request,
                status: s,
                message,
            },
            s => Self::Server {
                request,
                status: s,
                message,
            },
        }
    }

    /// What the UI does about it.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidUrl { .. } => ErrorCode::InvalidUrl,
            Self::ClientSetup { .. } => ErrorCode::TlsFailure,
            Self::InvalidName { .. } => ErrorCode::InvalidInput,
            Self::SignInRequired => ErrorCode::SignInRequired,
            Self::Forbidden { .. } => ErrorCode::AccessDenied,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Refused { status: 409, .. } => ErrorCode::Conflict,
            Self::Refused { .. } => ErrorCode::InvalidInput,
            Self::Server { .. } => ErrorCode::ServerError,
            Self::Unreachable { .. } => ErrorCode::Unreachable,
            Self::BadResponse { .. } => ErrorCode::BadResponse,
        }
    }

    /// The underlying reason, for the UI's detail line.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Unreachable { reason, .. } => Some(reason.clone()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quay_refusals_keep_quays_words_on_one_line_and_map_to_codes() {
        let e = Error::from_status(
            reqwest::StatusCode::FORBIDDEN,
            "GET /superuser/users/",
            br#"{"error_message": "Unauthorized\nscope", "status": 403}"#,
        );
        assert_eq!(e.code(), ErrorCode::AccessDenied);
        assert_eq!(
            e.to_string(),
            "GET /superuser/users/: Quay refused (HTTP 403): Unauthorized scope"
        );
        assert_eq!(
            Error::from_status(reqwest::StatusCode::UNAUTHORIZED, "x", b"").code(),
            ErrorCode::SignInRequired
        );
        assert_eq!(
            Error::from_status(reqwest::StatusCode::CONFLICT, "x", b"{}").code(),
            ErrorCode::Conflict
        );
        assert_eq!(
            Error::from_status(
                reqwest::StatusCode::BAD_REQUEST,
                "GET /organization/ops/robots/gone",
                br#"{"message": "Could not find robot with specified username"}"#
            )
            .code(),
            ErrorCode::NotFound
        );
        assert_eq!(
            Error::from_status(
                reqwest::StatusCode::BAD_REQUEST,
                "DELETE /organization/ops/team/devs",
                br#"{"message": "Team 'devs' is not a team in org 'ops'"}"#
            )
            .code(),
            ErrorCode::NotFound
        );
        assert_eq!(
            Error::from_status(reqwest::StatusCode::BAD_GATEWAY, "x", b"<html>").code(),
            ErrorCode::ServerError
        );
    }
}
