//! What the UI shows of a registry: the catalog as it streams in, tags with their summary,
//! manifests (single images, indexes, schema 1), image configs and layers, delete plans.
//!
//! Every type here is also a TypeScript type of the UI (exported by `ipc`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One event of a catalog listing, streamed to the UI as pages arrive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum CatalogEvent {
    /// A page of repository names, in the registry's order.
    Page {
        /// The names on this page.
        repositories: Vec<String>,
        /// How many names have arrived so far, this page included.
        loaded: u32,
    },
    /// The listing is complete.
    Done {
        /// How many repositories the registry has.
        total: u32,
        /// How long the whole listing took, in milliseconds.
        #[ts(type = "number")]
        elapsed_ms: u64,
    },
    /// The user cancelled the listing; the names already sent stay valid.
    Cancelled {
        /// How many names had arrived.
        loaded: u32,
    },
}

/// The kind of a manifest, from its media type (or its content when the type is missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ManifestKind {
    /// `application/vnd.docker.distribution.manifest.v2+json`
    DockerV2,
    /// `application/vnd.oci.image.manifest.v1+json`
    OciManifest,
    /// `application/vnd.docker.distribution.manifest.list.v2+json`
    DockerManifestList,
    /// `application/vnd.oci.image.index.v1+json`
    OciIndex,
    /// Legacy `application/vnd.docker.distribution.manifest.v1+prettyjws` (or `+json`): read-only.
    DockerV1,
}

/// An OS/architecture pair, as in an index entry or an image config.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Platform {
    /// `linux`, `windows`, ...
    pub os: String,
    /// `amd64`, `arm64`, ...
    pub architecture: String,
    /// `v8` for `arm64/v8`, when given.
    pub variant: Option<String>,
}

/// A tag as listed: what it points to, without the whole manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagSummary {
    /// The tag name.
    pub tag: String,
    /// `sha256:...` of the manifest the tag points to (verified against the content).
    pub digest: String,
    /// The manifest's media type.
    pub media_type: String,
    /// The manifest's kind.
    pub kind: ManifestKind,
    /// Config plus layers in bytes; for an index, of the first platform's image. None for schema 1.
    #[ts(type = "number | null")]
    pub total_size: Option<u64>,
    /// The image's creation time (RFC 3339) from its config, when known.
    pub created: Option<String>,
    /// The platforms: one for an image, several for an index.
    pub platforms: Vec<Platform>,
}

/// One entry of an OCI index or Docker manifest list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IndexEntry {
    /// The entry's manifest digest.
    pub digest: String,
    /// The entry's media type.
    pub media_type: String,
    /// The entry's manifest size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// The platform it is for (absent for attestations and other artifacts).
    pub platform: Option<Platform>,
    /// The entry's annotations.
    pub annotations: BTreeMap<String, String>,
}

/// A layer (or the config blob) of an image manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Layer {
    /// The blob digest.
    pub digest: String,
    /// The blob media type.
    pub media_type: String,
    /// The blob size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// The layer's annotations.
    pub annotations: BTreeMap<String, String>,
}

/// One line of an image's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// When the step ran (RFC 3339).
    pub created: Option<String>,
    /// The command that made the step.
    pub created_by: Option<String>,
    /// A comment.
    pub comment: Option<String>,
    /// True when the step made no layer.
    pub empty_layer: bool,
}

/// An image: its config blob (verified) and its layers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageDetail {
    /// The config blob's digest.
    pub config_digest: String,
    /// The config blob's size.
    #[ts(type = "number")]
    pub config_size: u64,
    /// Creation time (RFC 3339).
    pub created: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// OS, architecture and variant.
    pub platform: Platform,
    /// Environment variables, `NAME=value`.
    pub env: Vec<String>,
    /// Entrypoint.
    pub entrypoint: Vec<String>,
    /// Cmd.
    pub cmd: Vec<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Exposed ports (`8080/tcp`).
    pub exposed_ports: Vec<String>,
    /// Volumes.
    pub volumes: Vec<String>,
    /// User.
    pub user: Option<String>,
    /// Working directory.
    pub working_dir: Option<String>,
    /// History, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Layers, base first.
    pub layers: Vec<Layer>,
    /// Config plus layers, in bytes.
    #[ts(type = "number")]
    pub total_size: u64,
}

/// A manifest as the detail view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ManifestDetail {
    /// The repository.
    pub repository: String,
    /// The tag or digest asked for.
    pub reference: String,
    /// The manifest digest (verified: sha256 of the bytes received).
    pub digest: String,
    /// The manifest's media type.
    pub media_type: String,
    /// Its kind.
    pub kind: ManifestKind,
    /// The manifest's annotations.
    pub annotations: BTreeMap<String, String>,
    /// For an index or manifest list: its entries (choose one to see an image).
    pub entries: Vec<IndexEntry>,
    /// For a single image manifest: the image. None for an index and for schema 1.
    pub image: Option<ImageDetail>,
    /// The manifest as received, pretty-printed.
    pub raw: String,
    /// Ready-to-copy references for this manifest.
    pub pull: PullSpecs,
}

/// Ready-to-copy ways to pull an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullSpecs {
    /// `host[:port]/repo:tag`, when the reference was a tag.
    pub by_tag: Option<String>,
    /// `host[:port]/repo@sha256:...`
    pub by_digest: String,
    /// `docker pull host[:port]/repo@sha256:...`
    pub docker_pull: String,
    /// `podman pull host[:port]/repo@sha256:...`
    pub podman_pull: String,
}

/// What deleting a tag's manifest would remove: every tag pointing to the same digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeletePlan {
    /// The repository.
    pub repository: String,
    /// The manifest digest that would be deleted.
    pub digest: String,
    /// Every tag of the repository that points to it (all go with it).
    pub tags: Vec<String>,
}
