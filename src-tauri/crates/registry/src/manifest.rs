//! Manifests and image configs: telling the five kinds apart, reading them into the detail
//! the UI shows, and the ready-to-copy pull specs.
//!
//! Parsing is lenient where registries differ (missing `mediaType`, `null` labels) and
//! strict where it matters: the digests were already verified over the exact bytes before
//! anything here runs. To support a new manifest kind, add its media type to
//! [`ACCEPT`] and [`kind_of_media_type`], then its shape to [`parse`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::{
    HistoryEntry, ImageDetail, IndexEntry, Layer, ManifestKind, Platform, PullSpecs,
};

/// Docker image manifest v2 schema 2.
pub const DOCKER_V2: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Docker manifest list.
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// OCI image index.
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// Docker schema 1, signed.
pub const DOCKER_V1_SIGNED: &str = "application/vnd.docker.distribution.manifest.v1+prettyjws";
/// Docker schema 1, unsigned.
pub const DOCKER_V1: &str = "application/vnd.docker.distribution.manifest.v1+json";

/// The `Accept` header of a manifest request: every kind we can show, newest first.
pub const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.5, application/vnd.docker.distribution.manifest.v1+json;q=0.5";

/// A media type's essence (RFC 9110 section 8.3.1): type and subtype without parameters, in
/// lower case. `...+prettyjws; charset=utf-8` and `...+prettyjws` are the same type.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a `Content-Type` names a signed schema 1 manifest, whose digest covers the payload
/// without its signatures.
pub fn is_signed_schema1(content_type: &str) -> bool {
    essence(content_type) == DOCKER_V1_SIGNED
}

/// The kind named by a media type (parameters ignored), when it names one.
pub fn kind_of_media_type(media_type: &str) -> Option<ManifestKind> {
    match essence(media_type).as_str() {
        DOCKER_V2 => Some(ManifestKind::DockerV2),
        DOCKER_LIST => Some(ManifestKind::DockerManifestList),
        OCI_MANIFEST => Some(ManifestKind::OciManifest),
        OCI_INDEX => Some(ManifestKind::OciIndex),
        DOCKER_V1_SIGNED | DOCKER_V1 => Some(ManifestKind::DockerV1),
        _ => None,
    }
}

/// The media type of a kind.
pub fn media_type_of_kind(kind: ManifestKind) -> &'static str {
    match kind {
        ManifestKind::DockerV2 => DOCKER_V2,
        ManifestKind::DockerManifestList => DOCKER_LIST,
        ManifestKind::OciManifest => OCI_MANIFEST,
        ManifestKind::OciIndex => OCI_INDEX,
        ManifestKind::DockerV1 => DOCKER_V1_SIGNED,
    }
}

/// The kind and media type of a manifest: from the `Content-Type` when it names a kind,
/// else from the JSON (`mediaType`, then the shape: `manifests` is an index, `config` an
/// image, `schemaVersion: 1` a schema 1 manifest). Err says why it is not a manifest.
pub fn detect(content_type: Option<&str>, bytes: &[u8]) -> Result<(ManifestKind, String), String> {
    if let Some(ct) = content_type
        && let Some(kind) = kind_of_media_type(ct)
    {
        let essence = ct.split(';').next().unwrap_or(ct).trim().to_owned();
        return Ok((kind, essence));
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    if let Some(mt) = &probe.media_type
        && let Some(kind) = kind_of_media_type(mt)
    {
        return Ok((kind, mt.clone()));
    }
    let kind = match probe.schema_version {
        Some(1) => ManifestKind::DockerV1,
        Some(2) if probe.manifests.is_some() => ManifestKind::OciIndex,
        Some(2) if probe.config.is_some() => ManifestKind::OciManifest,
        _ => {
            return Err(format!(
                "not a known manifest (media type {})",
                content_type.unwrap_or("missing")
            ));
        }
    };
    Ok((kind, media_type_of_kind(kind).to_owned()))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Probe {
    schema_version: Option<u32>,
    media_type: Option<String>,
    manifests: Option<serde_json::Value>,
    config: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawPlatform {
    #[serde(default)]
    pub os: String,
    #[serde(default)]
    pub architecture: String,
    pub variant: Option<String>,
}

impl From<RawPlatform> for Platform {
    fn from(p: RawPlatform) -> Self {
        Self {
            os: p.os,
            architecture: p.architecture,
            variant: p.variant.filter(|v| !v.is_empty()),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Descriptor {
    #[serde(default)]
    pub media_type: String,
    pub digest: String,
    #[serde(default)]
    pub size: u64,
    #[serde(default)]
    pub annotations: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub platform: Option<RawPlatform>,
}

/// A schema 2 / OCI manifest or index, as far as the UI needs it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawManifest {
    #[serde(default)]
    pub config: Option<Descriptor>,
    #[serde(default)]
    pub layers: Vec<Descriptor>,
    #[serde(default)]
    pub manifests: Vec<Descriptor>,
    #[serde(default)]
    pub annotations: Option<BTreeMap<String, String>>,
}

/// A parsed manifest with its kind.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub kind: ManifestKind,
    pub media_type: String,
    pub manifest: RawManifest,
}

impl Parsed {
    /// The index entries (empty for an image).
    pub fn entries(&self) -> Vec<IndexEntry> {
        self.manifest
            .manifests
            .iter()
            .map(|d| IndexEntry {
                digest: d.digest.clone(),
                media_type: d.media_type.clone(),
                size: d.size,
                platform: d.platform.clone().map(Platform::from),
                annotations: d.annotations.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// True for an index or manifest list.
    pub fn is_index(&self) -> bool {
        matches!(
            self.kind,
            ManifestKind::OciIndex | ManifestKind::DockerManifestList
        )
    }
}

/// Reads a manifest's bytes. Err says what is wrong with them.
pub(crate) fn parse(content_type: Option<&str>, bytes: &[u8]) -> Result<Parsed, String> {
    let (kind, media_type) = detect(content_type, bytes)?;
    let manifest = if kind == ManifestKind::DockerV1 {
        // Schema 1 is shown raw and read-only; only check that it is JSON.
        serde_json::from_slice::<serde_json::Value>(bytes)
            .map_err(|e| format!("invalid JSON: {e}"))?;
        RawManifest {
            config: None,
            layers: Vec::new(),
            manifests: Vec::new(),
            annotations: None,
        }
    } else {
        let m: RawManifest =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid manifest JSON: {e}"))?;
        let is_index = matches!(
            kind,
            ManifestKind::OciIndex | ManifestKind::DockerManifestList
        );
        if !is_index && m.config.is_none() {
            return Err("an image manifest without a config".into());
        }
        m
    };
    Ok(Parsed {
        kind,
        media_type,
        manifest,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawConfig {
    created: Option<String>,
    author: Option<String>,
    os: Option<String>,
    architecture: Option<String>,
    variant: Option<String>,
    config: Option<RawContainerConfig>,
    history: Option<Vec<RawHistory>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct RawContainerConfig {
    env: Option<Vec<String>>,
    entrypoint: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    labels: Option<BTreeMap<String, String>>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    volumes: Option<BTreeMap<String, serde_json::Value>>,
    user: Option<String>,
    working_dir: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawHistory {
    created: Option<String>,
    created_by: Option<String>,
    comment: Option<String>,
    empty_layer: Option<bool>,
}

/// The image detail of an image manifest and its (verified) config blob.
pub(crate) fn image_detail(
    manifest: &RawManifest,
    config_bytes: &[u8],
) -> Result<ImageDetail, String> {
    let descriptor = manifest
        .config
        .as_ref()
        .ok_or("an image manifest without a config")?;
    let config: RawConfig =
        serde_json::from_slice(config_bytes).map_err(|e| format!("invalid config JSON: {e}"))?;
    let inner = config.config.unwrap_or_default();
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
    let layers: Vec<Layer> = manifest
        .layers
        .iter()
        .map(|d| Layer {
            digest: d.digest.clone(),
            media_type: d.media_type.clone(),
            size: d.size,
            annotations: d.annotations.clone().unwrap_or_default(),
        })
        .collect();
    let total_size = descriptor.size + layers.iter().map(|l| l.size).sum::<u64>();
    Ok(ImageDetail {
        config_digest: descriptor.digest.clone(),
        config_size: descriptor.size,
        created: non_empty(config.created),
        author: non_empty(config.author),
        platform: Platform {
            os: config.os.unwrap_or_default(),
            architecture: config.architecture.unwrap_or_default(),
            variant: non_empty(config.variant),
        },
        env: inner.env.unwrap_or_default(),
        entrypoint: inner.entrypoint.unwrap_or_default(),
        cmd: inner.cmd.unwrap_or_default(),
        labels: inner.labels.unwrap_or_default(),
        exposed_ports: inner
            .exposed_ports
            .unwrap_or_default()
            .into_keys()
            .collect(),
        volumes: inner.volumes.unwrap_or_default().into_keys().collect(),
        user: non_empty(inner.user),
        working_dir: non_empty(inner.working_dir),
        history: config
            .history
            .unwrap_or_default()
            .into_iter()
            .map(|h| HistoryEntry {
                created: h.created,
                created_by: h.created_by,
                comment: h.comment,
                empty_layer: h.empty_layer.unwrap_or(false),
            })
            .collect(),
        layers,
        total_size,
    })
}

/// True for an index entry that is not a runnable image (a BuildKit attestation is
/// `unknown/unknown`).
pub(crate) fn is_attestation(entry: &IndexEntry) -> bool {
    entry
        .platform
        .as_ref()
        .is_none_or(|p| p.os == "unknown" || p.architecture == "unknown")
}

/// The entry whose image stands for an index in a tag's summary: linux/amd64 when present,
/// else the first runnable one.
pub(crate) fn representative(entries: &[IndexEntry]) -> Option<&IndexEntry> {
    entries
        .iter()
        .find(|e| {
            e.platform
                .as_ref()
                .is_some_and(|p| p.os == "linux" && p.architecture == "amd64")
        })
        .or_else(|| entries.iter().find(|e| !is_attestation(e)))
}

/// The copy-ready pull specs of `repository` at `reference` (a tag or a digest) whose
/// manifest digest is `digest`; `host` is `host[:port]` without a scheme.
pub fn pull_specs(host: &str, repository: &str, reference: &str, digest: &str) -> PullSpecs {
    let by_digest = format!("{host}/{repository}@{digest}");
    PullSpecs {
        by_tag: (!crate::digest::is_digest(reference))
            .then(|| format!("{host}/{repository}:{reference}")),
        docker_pull: format!("docker pull {by_digest}"),
        podman_pull: format!("podman pull {by_digest}"),
        by_digest,
    }
}

/// JSON re-indented with two spaces, keys kept in the order received (parsing into a map
/// would sort them, and the raw view must show what the registry sent). Input that is not
/// valid JSON was refused before this runs.
pub(crate) fn pretty_json(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // Keep empty containers on one line.
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_name_their_kinds_with_or_without_parameters() {
        assert_eq!(kind_of_media_type(DOCKER_V2), Some(ManifestKind::DockerV2));
        assert_eq!(kind_of_media_type(OCI_INDEX), Some(ManifestKind::OciIndex));
        assert_eq!(
            kind_of_media_type(&format!("{DOCKER_V1_SIGNED}; charset=utf-8")),
            Some(ManifestKind::DockerV1)
        );
        assert_eq!(kind_of_media_type(DOCKER_V1), Some(ManifestKind::DockerV1));
        assert_eq!(kind_of_media_type("application/json"), None);
    }

    #[test]
    fn media_types_compare_by_essence() {
        assert!(is_signed_schema1(DOCKER_V1_SIGNED));
        assert!(is_signed_schema1(&format!(
            "{DOCKER_V1_SIGNED}; charset=utf-8"
        )));
        assert!(is_signed_schema1(
            " Application/Vnd.Docker.Distribution.Manifest.V1+PrettyJWS ;charset=UTF-8"
        ));
        assert!(!is_signed_schema1(DOCKER_V1));
        assert!(!is_signed_schema1("application/json"));
    }

    #[test]
    fn generic_content_type_falls_back_to_the_json() {
        let index = br#"{"schemaVersion":2,"manifests":[]}"#;
        assert_eq!(
            detect(Some("application/json"), index).unwrap().0,
            ManifestKind::OciIndex
        );
        let image = br#"{"schemaVersion":2,"config":{"digest":"sha256:a","size":1},"layers":[]}"#;
        assert_eq!(detect(None, image).unwrap().0, ManifestKind::OciManifest);
        let typed = format!(r#"{{"schemaVersion":2,"mediaType":"{DOCKER_LIST}","manifests":[]}}"#);
        assert_eq!(
            detect(Some("text/plain"), typed.as_bytes()).unwrap(),
            (ManifestKind::DockerManifestList, DOCKER_LIST.to_owned())
        );
        let v1 = br#"{"schemaVersion":1,"name":"x","fsLayers":[]}"#;
        assert_eq!(detect(None, v1).unwrap().0, ManifestKind::DockerV1);
        assert!(detect(None, b"{\"a\":1}").is_err());
        assert!(
            detect(None, b"not json")
                .unwrap_err()
                .contains("invalid JSON")
        );
    }

    #[test]
    fn pull_specs_by_tag_and_by_digest() {
        let d = "sha256:0123";
        let specs = pull_specs("registry.example.com:5000", "team/app", "v1", d);
        assert_eq!(
            specs.by_tag.as_deref(),
            Some("registry.example.com:5000/team/app:v1")
        );
        assert_eq!(
            specs.by_digest,
            "registry.example.com:5000/team/app@sha256:0123"
        );
        assert_eq!(
            specs.docker_pull,
            "docker pull registry.example.com:5000/team/app@sha256:0123"
        );
        assert_eq!(
            specs.podman_pull,
            "podman pull registry.example.com:5000/team/app@sha256:0123"
        );
        assert_eq!(pull_specs("h", "r", d, d).by_tag, None);
    }

    #[test]
    fn image_detail_reads_config_fields_and_sums_sizes() {
        let manifest: RawManifest = serde_json::from_str(
            r#"{"config":{"mediaType":"c","digest":"sha256:c","size":100},
               "layers":[{"mediaType":"l","digest":"sha256:l1","size":1000,"annotations":{"a":"b"}},
                         {"mediaType":"l","digest":"sha256:l2","size":10}]}"#,
        )
        .unwrap();
        let config = br#"{"created":"2024-01-05T00:00:00Z","author":"me","os":"linux","architecture":"arm64","variant":"v8",
            "config":{"Env":["A=1"],"Entrypoint":["/bin/sh"],"Cmd":null,"Labels":{"k":"v"},
                      "ExposedPorts":{"8080/tcp":{}},"Volumes":{"/data":{}},"User":"1000","WorkingDir":"/app"},
            "history":[{"created_by":"COPY x","empty_layer":true}]}"#;
        let d = image_detail(&manifest, config).unwrap();
        assert_eq!(d.total_size, 1110);
        assert_eq!(d.platform.variant.as_deref(), Some("v8"));
        assert_eq!(d.env, ["A=1"]);
        assert_eq!(d.entrypoint, ["/bin/sh"]);
        assert!(d.cmd.is_empty());
        assert_eq!(d.exposed_ports, ["8080/tcp"]);
        assert_eq!(d.volumes, ["/data"]);
        assert_eq!(d.user.as_deref(), Some("1000"));
        assert_eq!(d.working_dir.as_deref(), Some("/app"));
        assert!(d.history[0].empty_layer);
        assert_eq!(d.layers[0].annotations["a"], "b");
    }

    #[test]
    fn pretty_json_keeps_key_order_and_strings() {
        let raw = br#"{"z":1,"a":{"s":"x, {y}: \"q\""},"e":[],"l":[1,2]}"#;
        let pretty = pretty_json(raw);
        let reparsed: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(
            reparsed,
            serde_json::from_slice::<serde_json::Value>(raw).unwrap()
        );
        assert!(pretty.starts_with("{\n  \"z\": 1,\n  \"a\": {"), "{pretty}");
        assert!(pretty.contains("\"e\": []"), "{pretty}");
    }

    #[test]
    fn representative_prefers_linux_amd64_and_skips_attestations() {
        let entry = |os: &str, arch: &str| IndexEntry {
            digest: format!("sha256:{os}{arch}"),
            media_type: OCI_MANIFEST.into(),
            size: 1,
            platform: Some(Platform {
                os: os.into(),
                architecture: arch.into(),
                variant: None,
            }),
            annotations: BTreeMap::new(),
        };
        let entries = [
            entry("unknown", "unknown"),
            entry("linux", "arm64"),
            entry("linux", "amd64"),
        ];
        assert_eq!(
            representative(&entries).unwrap().digest,
            "sha256:linuxamd64"
        );
        assert_eq!(
            representative(&entries[..2]).unwrap().digest,
            "sha256:linuxarm64"
        );
        assert!(is_attestation(&entries[0]));
    }
}
