//! Wire types of the Quay page that hold a secret shown to the user (a robot's token), which
//! the `quay` crate keeps as a `vault::Secret` that never serializes.

use credentials::model::LoginLines;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A robot account's token and login lines, sent to the window when the user asks to reveal,
/// copy or regenerate it. The window keeps it in component state only, never in its storage.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RobotCredentials {
    /// `<organization>+<name>`: the user name of `docker login`.
    pub name: String,
    /// The token (the password of `docker login`).
    pub token: String,
    /// `docker login` / `podman login` lines for the Quay.
    pub login: LoginLines,
}

impl From<console::quay::RobotCredentials> for RobotCredentials {
    fn from(credentials: console::quay::RobotCredentials) -> Self {
        Self {
            name: credentials.robot.name,
            token: credentials.robot.token.expose().to_owned(),
            login: credentials.login,
        }
    }
}

impl std::fmt::Debug for RobotCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RobotCredentials")
            .field("name", &self.name)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}
