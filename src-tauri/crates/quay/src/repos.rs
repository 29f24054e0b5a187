//! Repositories: create, delete, public or private, and one repository's detail (with its tag
//! count, which Quay's repository list does not give).
//!
//! Quay's `GET /repository?namespace=` has no tag count (its `repositories` hold namespace,
//! name, description, is_public, kind, state, last_modified, popularity); the cheapest honest
//! count is `GET /repository/{ns}/{name}` (`includeTags`, Quay's default), whose `tags` holds at
//! most 500 active tags: one call per repository, ~0.3 s each on the server (bcrypt per token).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::{Error, QuayClient, Repository, Result, check_name};

/// At most this many tags are in a repository's detail (`max_tags` in Quay's `getRepo`).
pub const DETAIL_TAG_LIMIT: u32 = 500;

/// Who may pull a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Visibility {
    /// Anyone, even without signing in.
    Public,
    /// Only those granted (and the organization's admins).
    Private,
}

impl Visibility {
    /// Quay's word for it.
    pub fn as_quay(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Private => "private",
        }
    }
}

/// One repository as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RepositoryDetail {
    /// Namespace, name, visibility, description.
    pub repository: Repository,
    /// Its active tags, as Quay counts them (at most [`DETAIL_TAG_LIMIT`]).
    pub tag_count: u32,
    /// Whether Quay stopped at [`DETAIL_TAG_LIMIT`]: there may be more.
    pub tag_count_capped: bool,
    /// Whether the signed-in user may push (Quay's `can_write`).
    pub can_write: bool,
    /// Whether the signed-in user may administer it (Quay's `can_admin`).
    pub can_admin: bool,
    /// How long deleted tags can still be restored, in seconds (the namespace's time machine).
    #[ts(type = "number | null")]
    pub tag_expiration_seconds: Option<i64>,
}

impl RepositoryDetail {
    /// The detail of Quay's `getRepo` reply.
    pub(crate) fn from_reply(reply: &Value) -> Result<Self> {
        let repository: Repository =
            serde_json::from_value(reply.clone()).map_err(|e| Error::BadResponse {
                request: "GET /repository".into(),
                reason: format!("not a repository: {e}"),
            })?;
        let tags = reply["tags"].as_object().map_or(0, |t| t.len());
        let tag_count = u32::try_from(tags).unwrap_or(u32::MAX);
        Ok(Self {
            repository,
            tag_count,
            tag_count_capped: tag_count >= DETAIL_TAG_LIMIT,
            can_write: reply["can_write"].as_bool().unwrap_or(false),
            can_admin: reply["can_admin"].as_bool().unwrap_or(false),
            tag_expiration_seconds: reply["tag_expiration_s"].as_i64(),
        })
    }
}

/// A repository name Quay would take (its extended names, `/` between parts): lowercase
/// letters, digits, `.`, `_`, `-`, each part starting with a letter or digit, at most 255.
pub(crate) fn check_repository_name(name: &str) -> Result<()> {
    let ok = name.len() <= 255
        && name.split('/').all(|part| {
            part.bytes()
                .next()
                .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && part.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
                })
        });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "repository name",
            name: name.to_owned(),
        })
    }
}

/// `namespace/name`, both checked.
pub(crate) fn repository_path(namespace: &str, name: &str) -> Result<String> {
    check_name("namespace", namespace, false)?;
    check_repository_name(name)?;
    Ok(format!("{namespace}/{name}"))
}

impl QuayClient {
    /// Creates repository `namespace/name` (`POST /repository`). A name already taken is
    /// Quay's 400 "Repository already exists" ([`Error::Refused`]).
    pub async fn create_repository(
        &self,
        namespace: &str,
        name: &str,
        visibility: Visibility,
        description: &str,
    ) -> Result<Repository> {
        repository_path(namespace, name)?;
        let body = json!({
            "namespace": namespace,
            "repository": name,
            "visibility": visibility.as_quay(),
            "description": description,
            "repo_kind": "image",
        });
        let _: Value = self.call(Method::POST, "/repository", Some(&body)).await?;
        Ok(Repository {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            is_public: visibility == Visibility::Public,
            description: Some(description.to_owned()),
            last_modified: None,
        })
    }

    /// One repository with its tag count and what the user may do
    /// (`GET /repository/{ns}/{name}`; one call, ~0.3 s, per repository).
    pub async fn repository(&self, namespace: &str, name: &str) -> Result<RepositoryDetail> {
        let path = repository_path(namespace, name)?;
        let reply: Value = self
            .call(
                Method::GET,
                &format!("/repository/{path}?includeTags=true&includeStats=false"),
                None,
            )
            .await?;
        RepositoryDetail::from_reply(&reply)
    }

    /// Deletes repository `namespace/name` (Quay marks it for deletion at once; its storage
    /// goes with garbage collection). Quay answers 204 for a repository that is not there
    /// too, so this succeeds for it.
    pub async fn delete_repository(&self, namespace: &str, name: &str) -> Result<()> {
        let path = repository_path(namespace, name)?;
        let _: Value = self
            .call(Method::DELETE, &format!("/repository/{path}"), None)
            .await?;
        Ok(())
    }

    /// Makes `namespace/name` public or private (`POST .../changevisibility`; admin only).
    pub async fn set_repository_visibility(
        &self,
        namespace: &str,
        name: &str,
        visibility: Visibility,
    ) -> Result<()> {
        let path = repository_path(namespace, name)?;
        let body = json!({"visibility": visibility.as_quay()});
        let request = format!("/repository/{path}/changevisibility");
        let reply: Value = self.call(Method::POST, &request, Some(&body)).await?;
        // Quay answers 200 with an empty body when there is no such repository (its handler
        // falls through), and `{"success": true}` when it changed it.
        if reply["success"].as_bool() == Some(true) {
            Ok(())
        } else {
            Err(Error::NotFound {
                request: format!("POST {request}"),
                message: Some("no such repository (Quay changed nothing)".into()),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_follow_quays_extended_rule() {
        assert!(check_repository_name("web").is_ok());
        assert!(check_repository_name("team/web-1.2_x").is_ok());
        assert!(check_repository_name("Web").is_err());
        assert!(check_repository_name("-web").is_err());
        assert!(check_repository_name("a//b").is_err());
        assert!(check_repository_name("a/").is_err());
        assert!(check_repository_name("").is_err());
        assert!(check_repository_name(&"a".repeat(256)).is_err());
        assert!(repository_path("ops", "../x").is_err());
        assert!(repository_path("Ops", "x").is_err());
    }

    #[test]
    fn a_detail_counts_the_tags_quay_listed_and_says_when_it_stopped() {
        let reply = json!({
            "namespace": "ops", "name": "web", "is_public": false, "description": "d",
            "can_write": true, "can_admin": false, "tag_expiration_s": 1_209_600,
            "tags": {"1.0": {}, "latest": {}},
        });
        let detail = RepositoryDetail::from_reply(&reply).unwrap();
        assert_eq!(detail.tag_count, 2);
        assert!(!detail.tag_count_capped);
        assert!(detail.can_write && !detail.can_admin);
        assert_eq!(detail.tag_expiration_seconds, Some(1_209_600));
        assert_eq!(detail.repository.name, "web");

        let many: serde_json::Map<String, Value> =
            (0..500).map(|i| (format!("t{i}"), json!({}))).collect();
        let reply = json!({"namespace": "ops", "name": "big", "tags": many});
        let detail = RepositoryDetail::from_reply(&reply).unwrap();
        assert_eq!(detail.tag_count, 500);
        assert!(detail.tag_count_capped);
    }
}
