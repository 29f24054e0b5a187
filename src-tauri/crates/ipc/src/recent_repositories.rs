//! Wire types of opening a repository by its name on the Registries page.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A repository opened by name: the name as opened (spaces and the registry's own host
/// removed) and the connection's recent repositories, most recent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedRepository {
    /// The repository name as opened.
    pub repository: String,
    /// The connection's recent repositories, this one first.
    pub recent: Vec<String>,
}

impl From<(String, Vec<String>)> for OpenedRepository {
    fn from((repository, recent): (String, Vec<String>)) -> Self {
        Self { repository, recent }
    }
}
