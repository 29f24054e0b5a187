//! An OAuth access token of a Quay organization's application, generated in the system
//! browser as Quay's "Generate Token" does, for Quays before 3.18 (no token API) or for a user
//! whose own token lacks a scope asked for.
//!
//! Quay's provider offers the code grant (`response_type=code`, the code exchanged at
//! `/oauth/access_token` with the client secret) beside the implicit grant its own UI uses
//! (`#access_token=` in the redirect's fragment). The code grant is used: the redirect to the
//! loopback listener carries only a one-time code in its query, so the shared listener of
//! [`crate::browser`] takes it as it is (state checked, other requests answered and ignored,
//! capped heads, timeout, cancel), and no page script is needed to read a fragment.
//!
//! Quay has no PKCE for its own applications, and compares the redirect's `host:port` with
//! the application's redirect URI exactly (no RFC 8252 port leniency for loopback), so the
//! application's redirect URI is set to this listener's address before the browser opens.
//! Quay's error redirects (`error=access_denied`) carry no `state`: the listener ignores them
//! as it ignores any reply without our state, and the user cancels.

use quay::{Application, OAuthScope, QuayClient};
use vault::Secret;

use crate::browser::{BrowserOpener, BrowserOptions, Loopback, random_token};

/// Why generating a token in the browser failed: a Quay call (the application's update, the
/// code exchange) or the browser half (listener, timeout, cancel).
#[derive(Debug, thiserror::Error)]
pub enum QuayTokenError {
    /// Quay refused or failed a call.
    #[error(transparent)]
    Quay(#[from] quay::Error),
    /// The browser half failed: the listener, the opener, a timeout or a cancel.
    #[error(transparent)]
    Browser(#[from] crate::Error),
}

impl QuayTokenError {
    /// What the UI does about it.
    pub fn code(&self) -> codes::ErrorCode {
        match self {
            Self::Quay(e) => e.code(),
            Self::Browser(e) => e.code(),
        }
    }

    /// The underlying reason, for the UI's detail line.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Quay(e) => e.detail(),
            Self::Browser(e) => e.detail(),
        }
    }
}

/// Generates an access token of `application` (of `organization`, with its client secret:
/// the caller is an admin of the organization) with `scopes` (none: all) in the browser:
/// binds the loopback listener, points the application's redirect URI at it when it does not
/// already, opens Quay's authorization page with `opener`, waits for the code with our
/// `state` (`options`: timeout and cancel), and exchanges it for the token.
pub async fn generate_token_in_browser(
    client: &QuayClient,
    organization: &str,
    application: &Application,
    scopes: &[OAuthScope],
    opener: &dyn BrowserOpener,
    options: &BrowserOptions,
) -> Result<Secret, QuayTokenError> {
    let client_secret =
        application
            .client_secret
            .clone()
            .ok_or_else(|| quay::Error::Forbidden {
                request: format!("application {}", application.name),
                message: Some(
                    "its client secret is shown to the organization's admins only".into(),
                ),
            })?;
    let loopback = Loopback::bind().await?;
    let redirect_uri = loopback.redirect_uri();
    if application.redirect_uri.as_deref() != Some(redirect_uri.as_str()) {
        client
            .set_application_redirect_uri(organization, application, &redirect_uri)
            .await?;
    }
    let state = random_token(16);
    let authorize = client.authorize_url(&application.client_id, &redirect_uri, scopes, &state);
    opener.open(&authorize)?;
    let callback = loopback.wait(&state, options).await?;
    let token = client
        .exchange_code(
            &application.client_id,
            &client_secret,
            &redirect_uri,
            &callback.code,
            scopes,
        )
        .await?;
    Ok(token)
}
