//! A repository's tags through Quay's API (`/repository/{ns}/{repo}/tag/`): the active ones,
//! one tag's history (deleted and expired entries too, while Quay's time machine keeps them),
//! expiration, deletion, and restoring a tag to a manifest it pointed at.
//!
//! Quay pages tags by page number (`page`, `limit` at most 100) with `has_additional`; the
//! crate reads every page, at most [`MAX_PAGES`], and stops if the server answers a page it
//! already answered.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::repos::repository_path;
use crate::{Error, QuayClient, Result};

/// Tags per page (Quay's maximum).
pub const PAGE_SIZE: u32 = 100;
/// Pages read at most (100,000 tags).
pub const MAX_PAGES: u32 = 1000;

/// An active tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// Its name.
    pub name: String,
    /// The digest of the manifest it points at.
    pub manifest_digest: String,
    /// The manifest's layers, compressed, in bytes (Quay has none for a manifest list).
    #[ts(type = "number | null")]
    pub size: Option<u64>,
    /// When it was last pushed or moved, in Unix seconds.
    #[ts(type = "number | null")]
    pub last_modified: Option<i64>,
    /// When it expires, in Unix seconds; `None` if never.
    #[ts(type = "number | null")]
    pub expiration: Option<i64>,
    /// Whether it points at a manifest list (an OCI index).
    pub is_manifest_list: bool,
}

/// One entry of a tag's history: a span of time the tag pointed at a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagHistoryEntry {
    /// The tag's name.
    pub name: String,
    /// The manifest it pointed at.
    pub manifest_digest: String,
    /// Since when, in Unix seconds.
    #[ts(type = "number | null")]
    pub start: Option<i64>,
    /// Until when (deleted, moved or expired), in Unix seconds; `None` while it still points
    /// there with no expiration. A time in the future is an expiration to come.
    #[ts(type = "number | null")]
    pub end: Option<i64>,
    /// Whether this span began with a restore (Quay's `reversion`).
    pub reversion: bool,
    /// Whether the manifest is a manifest list.
    pub is_manifest_list: bool,
}

impl TagHistoryEntry {
    /// Whether the tag still pointed there at `now` (Unix seconds).
    pub fn is_alive_at(&self, now: i64) -> bool {
        self.end.is_none_or(|end| end > now)
    }
}

/// A tag as Quay's `_tag_dict` writes it.
#[derive(Deserialize)]
struct QuayTag {
    name: String,
    #[serde(default)]
    manifest_digest: String,
    #[serde(default)]
    size: Option<u64>,
    #[serde(default)]
    start_ts: Option<i64>,
    #[serde(default)]
    end_ts: Option<i64>,
    #[serde(default)]
    reversion: bool,
    #[serde(default)]
    is_manifest_list: bool,
}

impl From<QuayTag> for TagHistoryEntry {
    fn from(t: QuayTag) -> Self {
        Self {
            name: t.name,
            manifest_digest: t.manifest_digest,
            start: t.start_ts,
            end: t.end_ts,
            reversion: t.reversion,
            is_manifest_list: t.is_manifest_list,
        }
    }
}

impl From<QuayTag> for Tag {
    fn from(t: QuayTag) -> Self {
        Self {
            name: t.name,
            manifest_digest: t.manifest_digest,
            size: t.size,
            last_modified: t.start_ts,
            expiration: t.end_ts,
            is_manifest_list: t.is_manifest_list,
        }
    }
}

/// The tags of one page of Quay's reply, and whether it says more follow.
fn parse_page(reply: &Value) -> (Vec<QuayTag>, bool) {
    let tags = reply["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| serde_json::from_value(t.clone()).ok())
        .collect();
    (tags, reply["has_additional"].as_bool().unwrap_or(false))
}

/// A tag name Quay takes: `[A-Za-z0-9_]` then `[A-Za-z0-9_.-]`, at most 128.
pub(crate) fn check_tag_name(name: &str) -> Result<()> {
    let ok = name.len() <= 128
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "tag name",
            name: name.to_owned(),
        })
    }
}

/// A manifest digest: `sha256:` and 64 lowercase hex digits (or another algorithm's).
fn check_digest(digest: &str) -> Result<()> {
    let ok = digest.split_once(':').is_some_and(|(algorithm, hex)| {
        !algorithm.is_empty()
            && algorithm
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            && hex.len() >= 32
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "manifest digest",
            name: digest.to_owned(),
        })
    }
}

impl QuayClient {
    /// Every page of `GET /repository/{path}/tag/?{query}&limit=100&page=N`.
    async fn tag_pages(&self, path: &str, query: &str) -> Result<Vec<QuayTag>> {
        let mut all = Vec::new();
        let mut previous: Option<Value> = None;
        for page in 1..=MAX_PAGES {
            let reply: Value = self
                .call(
                    Method::GET,
                    &format!("/repository/{path}/tag/?{query}&limit={PAGE_SIZE}&page={page}"),
                    None,
                )
                .await?;
            // A server that answers the same page again is cut off.
            if previous.as_ref() == Some(&reply["tags"]) {
                break;
            }
            let (tags, more) = parse_page(&reply);
            all.extend(tags);
            if !more {
                break;
            }
            previous = Some(reply["tags"].clone());
        }
        Ok(all)
    }

    /// The active tags of `namespace/repository`, sorted by name.
    pub async fn tags(&self, namespace: &str, repository: &str) -> Result<Vec<Tag>> {
        let path = repository_path(namespace, repository)?;
        let mut tags: Vec<Tag> = self
            .tag_pages(&path, "onlyActiveTags=true")
            .await?
            .into_iter()
            .map(Tag::from)
            .collect();
        tags.sort_by(|a, b| a.name.cmp(&b.name));
        tags.dedup_by(|a, b| a.name == b.name);
        Ok(tags)
    }

    /// The history of tag `tag`: every span Quay still keeps (deleted and expired ones while
    /// the namespace's time machine holds them), newest first.
    pub async fn tag_history(
        &self,
        namespace: &str,
        repository: &str,
        tag: &str,
    ) -> Result<Vec<TagHistoryEntry>> {
        let path = repository_path(namespace, repository)?;
        check_tag_name(tag)?;
        let mut entries: Vec<TagHistoryEntry> = self
            .tag_pages(&path, &format!("specificTag={tag}"))
            .await?
            .into_iter()
            .map(TagHistoryEntry::from)
            .collect();
        sort_history(&mut entries);
        Ok(entries)
    }

    /// The tags of `namespace/repository` that are gone (deleted or expired) but still in
    /// Quay's history: for each name with no active span, its latest span, most recently
    /// ended first. Whether Quay can still restore one depends on the namespace's time machine
    /// ([`crate::RepositoryDetail::tag_expiration_seconds`]).
    pub async fn deleted_tags(
        &self,
        namespace: &str,
        repository: &str,
    ) -> Result<Vec<TagHistoryEntry>> {
        let path = repository_path(namespace, repository)?;
        let spans: Vec<TagHistoryEntry> = self
            .tag_pages(&path, "onlyActiveTags=false")
            .await?
            .into_iter()
            .map(TagHistoryEntry::from)
            .collect();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Ok(gone_tags(spans, now))
    }

    /// Sets when tag `tag` expires (Unix seconds, which Quay wants in the future), or clears
    /// it with `None`. Quay deletes an expired tag when it is next read; nothing runs at the
    /// moment itself.
    pub async fn set_tag_expiration(
        &self,
        namespace: &str,
        repository: &str,
        tag: &str,
        expiration: Option<i64>,
    ) -> Result<()> {
        let path = repository_path(namespace, repository)?;
        check_tag_name(tag)?;
        let body = json!({"expiration": expiration});
        let _: Value = self
            .call(
                Method::PUT,
                &format!("/repository/{path}/tag/{tag}"),
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// Deletes tag `tag` (it stays in the history, restorable while the time machine keeps it).
    pub async fn delete_tag(&self, namespace: &str, repository: &str, tag: &str) -> Result<()> {
        let path = repository_path(namespace, repository)?;
        check_tag_name(tag)?;
        let _: Value = self
            .call(
                Method::DELETE,
                &format!("/repository/{path}/tag/{tag}"),
                None,
            )
            .await?;
        Ok(())
    }

    /// Points tag `tag` at `manifest_digest` again (Quay's restore: the manifest must still be
    /// in the repository, alive or within the time machine).
    pub async fn restore_tag(
        &self,
        namespace: &str,
        repository: &str,
        tag: &str,
        manifest_digest: &str,
    ) -> Result<()> {
        let path = repository_path(namespace, repository)?;
        check_tag_name(tag)?;
        check_digest(manifest_digest)?;
        let body = json!({"manifest_digest": manifest_digest});
        let _: Value = self
            .call(
                Method::POST,
                &format!("/repository/{path}/tag/{tag}/restore"),
                Some(&body),
            )
            .await?;
        Ok(())
    }
}

/// For each tag name with no span alive at `now`, its latest span; most recently ended first.
fn gone_tags(spans: Vec<TagHistoryEntry>, now: i64) -> Vec<TagHistoryEntry> {
    use std::collections::{HashMap, HashSet};
    let alive: HashSet<String> = spans
        .iter()
        .filter(|s| s.is_alive_at(now))
        .map(|s| s.name.clone())
        .collect();
    let mut latest: HashMap<String, TagHistoryEntry> = HashMap::new();
    for span in spans {
        if alive.contains(&span.name) {
            continue;
        }
        match latest.get(&span.name) {
            Some(kept) if kept.end >= span.end => {}
            _ => {
                latest.insert(span.name.clone(), span);
            }
        }
    }
    let mut gone: Vec<TagHistoryEntry> = latest.into_values().collect();
    gone.sort_by(|a, b| b.end.cmp(&a.end).then_with(|| a.name.cmp(&b.name)));
    gone
}

/// Newest first (by start, then end; a span without an end is the newest of its start).
fn sort_history(entries: &mut [TagHistoryEntry]) {
    entries.sort_by(|a, b| {
        b.start
            .cmp(&a.start)
            .then_with(|| b.end.unwrap_or(i64::MAX).cmp(&a.end.unwrap_or(i64::MAX)))
            .then_with(|| a.manifest_digest.cmp(&b.manifest_digest))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quays_tag_dict_becomes_a_tag_and_a_history_entry() {
        let reply = json!({
            "tags": [
                {"name": "1.0", "reversion": false, "start_ts": 1_700_000_000,
                 "manifest_digest": "sha256:aa", "is_manifest_list": false, "size": 1234,
                 "last_modified": "Tue, 14 Nov 2023 22:13:20 -0000"},
                {"name": "multi", "reversion": true, "start_ts": 1_700_000_100,
                 "end_ts": 1_900_000_000, "manifest_digest": "sha256:bb",
                 "is_manifest_list": true, "size": null,
                 "expiration": "Sat, 17 Mar 2030 17:46:40 -0000"},
                {"no": "name"}
            ],
            "page": 1,
            "has_additional": true
        });
        let (tags, more) = parse_page(&reply);
        assert!(more);
        assert_eq!(tags.len(), 2);
        let tags: Vec<Tag> = tags.into_iter().map(Tag::from).collect();
        assert_eq!(
            tags[0],
            Tag {
                name: "1.0".into(),
                manifest_digest: "sha256:aa".into(),
                size: Some(1234),
                last_modified: Some(1_700_000_000),
                expiration: None,
                is_manifest_list: false,
            }
        );
        assert_eq!(tags[1].expiration, Some(1_900_000_000));
        assert!(tags[1].is_manifest_list);
        assert_eq!(tags[1].size, None);

        let (entries, _) = parse_page(&reply);
        let entry = TagHistoryEntry::from(entries.into_iter().nth(1).unwrap());
        assert!(entry.reversion);
        assert!(entry.is_alive_at(1_800_000_000));
        assert!(!entry.is_alive_at(1_900_000_000));
    }

    #[test]
    fn history_is_newest_first() {
        let entry = |start, end: Option<i64>| TagHistoryEntry {
            name: "t".into(),
            manifest_digest: format!("sha256:{start}"),
            start: Some(start),
            end,
            reversion: false,
            is_manifest_list: false,
        };
        let mut entries = vec![entry(10, Some(20)), entry(30, None), entry(20, Some(30))];
        sort_history(&mut entries);
        let starts: Vec<_> = entries.iter().map(|e| e.start.unwrap()).collect();
        assert_eq!(starts, [30, 20, 10]);
    }

    #[test]
    fn gone_tags_are_the_latest_span_of_names_with_none_alive() {
        let span = |name: &str, start, end: Option<i64>| TagHistoryEntry {
            name: name.into(),
            manifest_digest: format!("sha256:{name}{start}"),
            start: Some(start),
            end,
            reversion: false,
            is_manifest_list: false,
        };
        let spans = vec![
            span("live", 10, None),
            span("live", 1, Some(10)),
            span("old", 1, Some(5)),
            span("old", 5, Some(20)),
            span("new", 2, Some(30)),
            span("expiring", 3, Some(1000)),
        ];
        let gone = gone_tags(spans, 100);
        let seen: Vec<(&str, Option<i64>)> =
            gone.iter().map(|s| (s.name.as_str(), s.end)).collect();
        assert_eq!(seen, [("new", Some(30)), ("old", Some(20))]);
    }

    #[test]
    fn tag_names_and_digests_are_checked() {
        assert!(check_tag_name("v1.2-rc_3").is_ok());
        assert!(check_tag_name("Latest").is_ok());
        assert!(check_tag_name(".hidden").is_err());
        assert!(check_tag_name("-x").is_err());
        assert!(check_tag_name("a/b").is_err());
        assert!(check_tag_name(&"a".repeat(129)).is_err());
        assert!(check_tag_name("").is_err());
        assert!(check_digest(&format!("sha256:{}", "a".repeat(64))).is_ok());
        assert!(check_digest("sha256:../../x").is_err());
        assert!(check_digest("latest").is_err());
    }
}
