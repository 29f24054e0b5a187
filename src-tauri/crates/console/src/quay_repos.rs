//! The Quay page's repositories and tags: create, delete and make public or private a
//! repository, its tag count (one detail call each, which the window issues a few at a time),
//! and its tags through Quay's API: the active ones, one tag's history, expiration, deletion
//! and restore.
//!
//! An expiration in the past is refused here in words before anything is sent (Quay answers
//! it with a bare 400). Quay keeps an expiration between one hour and 104 weeks after the tag
//! was pushed (its `LABELED_EXPIRATION_MINIMUM`/`_MAXIMUM`), moving one outside that range to
//! the nearest bound: [`Console::quay_tag_expiration`] answers the tag as Quay then reports it.

use std::time::{SystemTime, UNIX_EPOCH};

use quay::{Repository, RepositoryDetail, Tag, TagHistoryEntry, Visibility};

use audit::{Action, Entry, TargetKind};

use crate::{Console, Error, Result};

/// Now, in Unix seconds.
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A visibility as the activity log names it.
fn visibility_word(visibility: &Visibility) -> &'static str {
    match visibility {
        Visibility::Public => "public",
        Visibility::Private => "private",
    }
}

impl Console {
    /// An activity entry for a change to repository `namespace/name` of Quay connection `id`.
    pub(crate) fn quay_entry(
        &self,
        action: Action,
        id: &str,
        namespace: &str,
        name: &str,
    ) -> Entry {
        self.entry_for(action, id)
            .target(TargetKind::Repository, &format!("{namespace}/{name}"))
    }

    /// Creates repository `namespace/name`, public or private, with `description`.
    pub async fn quay_repository_create(
        &self,
        id: &str,
        namespace: &str,
        name: &str,
        visibility: Visibility,
        description: &str,
    ) -> Result<Repository> {
        let entry = self
            .quay_entry(Action::QuayRepositoryCreated, id, namespace, name)
            .target(TargetKind::Value, visibility_word(&visibility));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .create_repository(namespace, name, visibility, description)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// One repository with its tag count (at most 500 counted) and what the user may do.
    pub async fn quay_repository(
        &self,
        id: &str,
        namespace: &str,
        name: &str,
    ) -> Result<RepositoryDetail> {
        Ok(self
            .quay_client(id)
            .await?
            .repository(namespace, name)
            .await?)
    }

    /// Deletes repository `namespace/name` with all its tags.
    pub async fn quay_repository_delete(
        &self,
        id: &str,
        namespace: &str,
        name: &str,
    ) -> Result<()> {
        let entry = self.quay_entry(Action::QuayRepositoryDeleted, id, namespace, name);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .delete_repository(namespace, name)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Makes repository `namespace/name` public or private.
    pub async fn quay_repository_visibility(
        &self,
        id: &str,
        namespace: &str,
        name: &str,
        visibility: Visibility,
    ) -> Result<()> {
        let entry = self
            .quay_entry(Action::QuayVisibilityChanged, id, namespace, name)
            .target(TargetKind::Value, visibility_word(&visibility));
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .set_repository_visibility(namespace, name, visibility)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// The active tags of `namespace/repository`, sorted by name.
    pub async fn quay_tags(&self, id: &str, namespace: &str, repository: &str) -> Result<Vec<Tag>> {
        Ok(self
            .quay_client(id)
            .await?
            .tags(namespace, repository)
            .await?)
    }

    /// The history of tag `tag`, newest first (deleted and expired spans too).
    pub async fn quay_tag_history(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        tag: &str,
    ) -> Result<Vec<TagHistoryEntry>> {
        Ok(self
            .quay_client(id)
            .await?
            .tag_history(namespace, repository, tag)
            .await?)
    }

    /// The tags that are gone (deleted or expired) but still in Quay's history, each with its
    /// latest span, most recently ended first.
    pub async fn quay_deleted_tags(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<TagHistoryEntry>> {
        Ok(self
            .quay_client(id)
            .await?
            .deleted_tags(namespace, repository)
            .await?)
    }

    /// Sets when tag `tag` expires (Unix seconds, in the future) or clears it (`None`), then
    /// answers the tag as Quay reports it (Quay may have moved the time, see the module).
    pub async fn quay_tag_expiration(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        tag: &str,
        expiration: Option<i64>,
    ) -> Result<Tag> {
        let entry = self
            .quay_entry(Action::QuayTagExpirationSet, id, namespace, repository)
            .target(TargetKind::Tag, tag)
            .target(
                TargetKind::Value,
                &expiration.map_or_else(|| "none".to_owned(), |at| at.to_string()),
            );
        let work = self.quay_tag_expiration_unrecorded(id, namespace, repository, tag, expiration);
        self.recorded(entry, work).await
    }

    async fn quay_tag_expiration_unrecorded(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        tag: &str,
        expiration: Option<i64>,
    ) -> Result<Tag> {
        if let Some(at) = expiration
            && at <= now()
        {
            return Err(Error::ExpirationInPast {
                tag: tag.to_owned(),
            });
        }
        let client = self.quay_client(id).await?;
        client
            .set_tag_expiration(namespace, repository, tag, expiration)
            .await?;
        let tags = client.tags(namespace, repository).await?;
        tags.into_iter().find(|t| t.name == tag).ok_or_else(|| {
            Error::Quay(quay::Error::NotFound {
                request: format!("GET /repository/{namespace}/{repository}/tag/"),
                message: Some(format!("tag {tag} is no longer there")),
            })
        })
    }

    /// Deletes tag `tag` (restorable from its history while Quay's time machine keeps it).
    pub async fn quay_tag_delete(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        tag: &str,
    ) -> Result<()> {
        let entry = self
            .quay_entry(Action::QuayTagDeleted, id, namespace, repository)
            .target(TargetKind::Tag, tag);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .delete_tag(namespace, repository, tag)
                .await?)
        };
        self.recorded(entry, work).await
    }

    /// Points tag `tag` at `manifest_digest` again (a history entry's manifest).
    pub async fn quay_tag_restore(
        &self,
        id: &str,
        namespace: &str,
        repository: &str,
        tag: &str,
        manifest_digest: &str,
    ) -> Result<()> {
        let entry = self
            .quay_entry(Action::QuayTagRestored, id, namespace, repository)
            .target(TargetKind::Tag, tag)
            .target(TargetKind::Digest, manifest_digest);
        let work = async {
            Ok(self
                .quay_client(id)
                .await?
                .restore_tag(namespace, repository, tag, manifest_digest)
                .await?)
        };
        self.recorded(entry, work).await
    }
}
