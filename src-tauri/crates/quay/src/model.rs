//! What Quay's API answers, as the UI shows it. No secret but in [`RobotToken`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use vault::Secret;

use crate::{Error, Result};

/// An organization the user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Its name (the namespace of its repositories).
    pub name: String,
    /// Whether the user is an admin of it.
    #[serde(default, alias = "is_org_admin")]
    pub is_org_admin: bool,
    /// Whether the user may create repositories in it.
    #[serde(default, alias = "can_create_repo")]
    pub can_create_repo: bool,
}

/// A repository of a namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Repository {
    /// Its namespace (organization or user).
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// Whether anyone may pull it.
    #[serde(default, alias = "is_public")]
    pub is_public: bool,
    /// Its description, as written.
    #[serde(default)]
    pub description: Option<String>,
    /// When it last changed, in Unix seconds.
    #[serde(default, alias = "last_modified")]
    #[ts(type = "number | null")]
    pub last_modified: Option<i64>,
}

/// A robot account, without its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Robot {
    /// `<organization>+<name>`: the user name of `docker login`.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// When it was made, as Quay says it.
    #[serde(default)]
    pub created: Option<String>,
    /// When it was last used, as Quay says it.
    #[serde(default, alias = "last_accessed")]
    pub last_accessed: Option<String>,
}

/// A robot account and its token.
#[derive(Debug, Clone)]
pub struct RobotToken {
    /// `<organization>+<name>`.
    pub name: String,
    /// The token (the password of `docker login`).
    pub token: Secret,
}

impl RobotToken {
    /// The robot and token of a robot reply.
    pub(crate) fn from_reply(reply: &Value) -> Result<Self> {
        match (reply["name"].as_str(), reply["token"].as_str()) {
            (Some(name), Some(token)) if !token.is_empty() => Ok(Self {
                name: name.to_owned(),
                token: Secret::new(token),
            }),
            _ => Err(Error::BadResponse {
                request: "robot".into(),
                reason: "the reply holds no robot token".into(),
            }),
        }
    }
}

/// Who a token signs in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuayUser {
    /// The Quay user name.
    pub username: String,
    /// Whether the user is a Quay superuser (sees every organization).
    #[serde(default, alias = "super_user")]
    pub super_user: bool,
}
