//! Wire types of the Quay page's Applications tab and the Bridge Operator set-up that hold a
//! secret shown to the user (a generated OAuth token, the `oc create secret` line with it).

use quay::ApplicationToken;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An OAuth access token the user just generated, sent to the window once. The window keeps it
/// in component state only (masked until revealed), never in its storage.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedToken {
    /// The bearer token (`$oauthtoken`'s password for `podman login`).
    pub token: String,
    /// What Quay says of it (the token API answers it; the browser flow does not).
    pub info: Option<ApplicationToken>,
}

impl From<quay::NewApplicationToken> for GeneratedToken {
    fn from(made: quay::NewApplicationToken) -> Self {
        Self {
            token: made.token.expose().to_owned(),
            info: Some(made.info),
        }
    }
}

impl From<vault::Secret> for GeneratedToken {
    fn from(token: vault::Secret) -> Self {
        Self {
            token: token.expose().to_owned(),
            info: None,
        }
    }
}

impl std::fmt::Debug for GeneratedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedToken")
            .field("token", &"<redacted>")
            .field("info", &self.info)
            .finish()
    }
}

/// The Bridge Operator's `QuayIntegration` as YAML, and the `oc create secret` line (with
/// the token when one was given, and masked).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BridgeManifests {
    /// `quay-integration.yaml`.
    pub yaml: String,
    /// `oc create secret generic quay-integration --from-literal=token=… -n …`.
    pub secret_command: String,
    /// The same line with the token masked.
    pub secret_command_masked: String,
}

impl From<console::quay_bridge::BridgeManifests> for BridgeManifests {
    fn from(made: console::quay_bridge::BridgeManifests) -> Self {
        Self {
            yaml: made.yaml,
            secret_command: made.secret_command.expose().to_owned(),
            secret_command_masked: made.secret_command_masked,
        }
    }
}

impl std::fmt::Debug for BridgeManifests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BridgeManifests")
            .field("yaml", &self.yaml)
            .field("secret_command", &self.secret_command_masked)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let made = GeneratedToken::from(vault::Secret::new("tok-123"));
        assert!(!format!("{made:?}").contains("tok-123"));
        let lines = BridgeManifests {
            yaml: String::new(),
            secret_command: "oc … token=tok-123".into(),
            secret_command_masked: "oc … token=••••".into(),
        };
        assert!(!format!("{lines:?}").contains("tok-123"));
    }
}
