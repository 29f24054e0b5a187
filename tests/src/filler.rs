//! Filling a registry over its HTTP API, with no network and no other tool.
//!
//! One small real layer (a gzip'd tar holding one file) is uploaded once to a seed repository;
//! every other repository mounts it (`POST .../blobs/uploads/?mount=<digest>&from=<seed>`,
//! 201) instead of uploading it again, which is how PEERS.md filled 1,000 repositories in
//! seconds. Each tag gets its own small config blob (its labels name the tag), so tags have
//! distinct digests and deleting one tag does not delete its siblings.
//!
//! Besides bulk content, it pushes the fixtures the app must render: an OCI image index and a
//! Docker manifest list with linux/amd64 and linux/arm64 images, and a repository with blobs
//! but no tags (in the catalog, yet `tags/list` is 404 NAME_UNKNOWN).

use std::io::Write as _;
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::client::{Call, RegistryClient};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::sha256_digest;

/// Docker image manifest, schema 2.
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";
/// Docker manifest list (multi-arch).
pub const DOCKER_MANIFEST_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
/// Docker image config.
pub const DOCKER_CONFIG: &str = "application/vnd.docker.container.image.v1+json";
/// Docker gzip'd layer.
pub const DOCKER_LAYER: &str = "application/vnd.docker.image.rootfs.diff.tar.gzip";
/// OCI image manifest.
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
/// OCI image index (multi-arch).
pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
/// OCI image config.
pub const OCI_CONFIG: &str = "application/vnd.oci.image.config.v1+json";
/// OCI gzip'd layer.
pub const OCI_LAYER: &str = "application/vnd.oci.image.layer.v1.tar+gzip";

/// Every manifest media type, for `Accept` headers.
pub const ACCEPT_ALL_MANIFESTS: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// The repository that holds the one uploaded layer, which all others mount.
pub const SEED_REPOSITORY: &str = "filler/seed";

/// Tag names in the order [`tag_name`] hands them out: they sort differently as text and as
/// versions (`1.10.0`), and include a non-version (`latest`) and a date.
pub const TAG_NAMES: [&str; 8] = [
    "1.0.0",
    "1.2.0",
    "1.10.0",
    "latest",
    "2024-01-05",
    "2.0.0-rc.1",
    "stable",
    "0.9.1",
];

/// The `i`th tag name: [`TAG_NAMES`], then `v8`, `v9`, ...
pub fn tag_name(i: usize) -> String {
    TAG_NAMES
        .get(i)
        .map_or_else(|| format!("v{i}"), |t| (*t).to_owned())
}

/// Which manifest format an image is pushed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    /// Docker v2 schema 2.
    Docker,
    /// OCI image manifest.
    Oci,
}

/// A CPU architecture of a pushed image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    /// linux/amd64.
    Amd64,
    /// linux/arm64 (variant v8).
    Arm64,
}

impl Arch {
    /// The OCI `architecture` value.
    pub fn name(self) -> &'static str {
        match self {
            Self::Amd64 => "amd64",
            Self::Arm64 => "arm64",
        }
    }

    fn platform(self) -> serde_json::Value {
        match self {
            Self::Amd64 => json!({"architecture": "amd64", "os": "linux"}),
            Self::Arm64 => json!({"architecture": "arm64", "os": "linux", "variant": "v8"}),
        }
    }
}

/// How much to push with [`Filler::fill`].
#[derive(Debug, Clone)]
pub struct FillSpec {
    /// How many repositories.
    pub repositories: usize,
    /// How many tags in each.
    pub tags_per_repository: usize,
    /// Repository names are `<prefix><index, 4 digits>`, e.g. `fill/repo-0007`.
    pub prefix: String,
    /// How many repositories are pushed at once.
    pub concurrency: usize,
}

impl FillSpec {
    /// `repositories` × `tags` under `fill/repo-`, 16 at a time.
    pub fn new(repositories: usize, tags: usize) -> Self {
        Self {
            repositories,
            tags_per_repository: tags,
            prefix: "fill/repo-".into(),
            concurrency: 16,
        }
    }

    /// The name of repository `i`.
    pub fn repository(&self, i: usize) -> String {
        format!("{}{i:04}", self.prefix)
    }
}

/// The layer every image shares.
#[derive(Debug, Clone)]
struct Layer {
    bytes: Arc<Vec<u8>>,
    digest: String,
    diff_id: String,
}

/// Pushes content into one registry. Cheap to clone; clones share the client.
#[derive(Debug, Clone)]
pub struct Filler {
    client: Arc<RegistryClient>,
    layer: Layer,
    seed: String,
}

/// A gzip'd tar with one file, built byte-for-byte the same every time, so its digest is too.
fn build_layer() -> Result<Layer> {
    let content = b"Hello from Registry Console's test filler.\n";
    let mut tar = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(content.len() as u64);
    header.set_mode(0o644);
    header.set_mtime(1_704_412_800);
    header.set_uid(0);
    header.set_gid(0);
    header.set_entry_type(tar::EntryType::Regular);
    tar.append_data(&mut header, "hello.txt", &content[..])
        .map_err(|e| Error::io("build the layer tar", e))?;
    let tar = tar
        .into_inner()
        .map_err(|e| Error::io("finish the layer tar", e))?;
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar)
        .map_err(|e| Error::io("gzip the layer", e))?;
    let bytes = gz.finish().map_err(|e| Error::io("gzip the layer", e))?;
    Ok(Layer {
        digest: sha256_digest(&bytes),
        diff_id: sha256_digest(&tar),
        bytes: Arc::new(bytes),
    })
}

fn is(status: StatusCode, expected: StatusCode) -> bool {
    status == expected
}

impl Filler {
    /// A filler for `registry`, using its credentials and CA; uploads the layer to
    /// [`SEED_REPOSITORY`] unless it is there already.
    pub async fn new(registry: &Registry) -> Result<Self> {
        Self::with_client(registry.client()?, SEED_REPOSITORY).await
    }

    /// A filler over an existing client, with `seed` as the repository that holds the layer.
    pub async fn with_client(client: RegistryClient, seed: &str) -> Result<Self> {
        let filler = Self {
            client: Arc::new(client),
            layer: build_layer()?,
            seed: seed.to_owned(),
        };
        filler
            .upload_blob(seed, &filler.layer.bytes, &filler.layer.digest)
            .await?;
        Ok(filler)
    }

    /// The client it pushes with.
    pub fn client(&self) -> &RegistryClient {
        &self.client
    }

    /// The repository holding the shared layer.
    pub fn seed_repository(&self) -> &str {
        &self.seed
    }

    /// The shared layer's digest.
    pub fn layer_digest(&self) -> &str {
        &self.layer.digest
    }

    /// Uploads a blob to `repo` (monolithic: POST then PUT with `digest`) unless it exists.
    pub async fn upload_blob(&self, repo: &str, bytes: &[u8], digest: &str) -> Result<()> {
        let head = self
            .client
            .send(Call::new(
                Method::HEAD,
                format!("/v2/{repo}/blobs/{digest}"),
            ))
            .await?;
        if head.status() == StatusCode::OK {
            return Ok(());
        }
        let started = self
            .client
            .expect(
                Call::new(Method::POST, format!("/v2/{repo}/blobs/uploads/")),
                StatusCode::ACCEPTED,
            )
            .await?;
        self.finish_upload(repo, &started, bytes, digest).await
    }

    async fn finish_upload(
        &self,
        repo: &str,
        started: &reqwest::Response,
        bytes: &[u8],
        digest: &str,
    ) -> Result<()> {
        let location = started
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| Error::Other(format!("upload to {repo} started without Location")))?;
        let mut url = url::Url::parse(&self.client.url(location))
            .map_err(|e| Error::Other(format!("bad upload Location {location}: {e}")))?;
        url.query_pairs_mut().append_pair("digest", digest);
        self.client
            .expect(
                Call::new(Method::PUT, url.to_string())
                    .body("application/octet-stream", bytes.to_vec()),
                StatusCode::CREATED,
            )
            .await?;
        Ok(())
    }

    /// Makes the shared layer available in `repo` by a cross-repository mount from the seed;
    /// when the registry declines the mount (202), uploads it into the session it opened.
    pub async fn mount_layer(&self, repo: &str) -> Result<()> {
        if repo == self.seed {
            return Ok(());
        }
        let response = self
            .client
            .send(Call::new(
                Method::POST,
                format!(
                    "/v2/{repo}/blobs/uploads/?mount={}&from={}",
                    self.layer.digest, self.seed
                ),
            ))
            .await?;
        match response.status() {
            s if is(s, StatusCode::CREATED) => Ok(()),
            s if is(s, StatusCode::ACCEPTED) => {
                self.finish_upload(repo, &response, &self.layer.bytes, &self.layer.digest)
                    .await
            }
            s => Err(Error::Unexpected {
                context: format!("mount the layer into {repo}"),
                status: s.as_u16(),
                body: response.text().await.unwrap_or_default(),
            }),
        }
    }

    /// PUTs a manifest under `reference` (a tag or its digest); returns its digest.
    pub async fn put_manifest(
        &self,
        repo: &str,
        reference: &str,
        media_type: &str,
        bytes: Vec<u8>,
    ) -> Result<String> {
        let digest = sha256_digest(&bytes);
        self.client
            .expect(
                Call::new(Method::PUT, format!("/v2/{repo}/manifests/{reference}"))
                    .body(media_type, bytes),
                StatusCode::CREATED,
            )
            .await?;
        Ok(digest)
    }

    /// Builds and uploads a config blob for `arch` labelled with `label`; returns its digest
    /// and size.
    async fn push_config(
        &self,
        repo: &str,
        arch: Arch,
        label: &str,
        created: &str,
    ) -> Result<(String, usize)> {
        let mut config = json!({
            "architecture": arch.name(),
            "os": "linux",
            "created": created,
            "config": {
                "Cmd": ["/bin/sh"],
                "Labels": {"io.registry-console.test.image": label},
            },
            "rootfs": {"type": "layers", "diff_ids": [self.layer.diff_id]},
            "history": [{"created": created, "created_by": "registry-console test filler"}],
        });
        if arch == Arch::Arm64 {
            config["variant"] = json!("v8");
        }
        let bytes = serde_json::to_vec(&config).expect("JSON serializes");
        let digest = sha256_digest(&bytes);
        self.upload_blob(repo, &bytes, &digest).await?;
        Ok((digest, bytes.len()))
    }

    /// The bytes of an image manifest of `kind` for a config.
    fn image_manifest(
        &self,
        kind: ManifestKind,
        config: &(String, usize),
        label: &str,
    ) -> (String, Vec<u8>) {
        let (media_type, config_type, layer_type) = match kind {
            ManifestKind::Docker => (DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER),
            ManifestKind::Oci => (OCI_MANIFEST, OCI_CONFIG, OCI_LAYER),
        };
        let mut manifest = json!({
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {"mediaType": config_type, "digest": config.0, "size": config.1},
            "layers": [{"mediaType": layer_type, "digest": self.layer.digest, "size": self.layer.bytes.len()}],
        });
        if kind == ManifestKind::Oci {
            manifest["annotations"] = json!({"org.opencontainers.image.title": label});
        }
        (
            media_type.to_owned(),
            serde_json::to_vec_pretty(&manifest).expect("JSON serializes"),
        )
    }

    /// Pushes a single-architecture image as `repo:tag`; returns the manifest's digest.
    pub async fn push_image(
        &self,
        repo: &str,
        tag: &str,
        kind: ManifestKind,
        arch: Arch,
    ) -> Result<String> {
        self.mount_layer(repo).await?;
        let label = format!("{repo}:{tag}");
        let config = self
            .push_config(repo, arch, &label, "2024-01-05T00:00:00Z")
            .await?;
        let (media_type, bytes) = self.image_manifest(kind, &config, &label);
        self.put_manifest(repo, tag, &media_type, bytes).await
    }

    /// Pushes a linux/amd64 + linux/arm64 image in `kind`'s multi-arch form (an OCI image
    /// index, or a Docker manifest list of v2s2 manifests) as `repo:tag`; returns its digest.
    pub async fn push_multiarch(
        &self,
        repo: &str,
        tag: &str,
        kind: ManifestKind,
    ) -> Result<String> {
        self.mount_layer(repo).await?;
        let mut entries = Vec::new();
        for arch in [Arch::Amd64, Arch::Arm64] {
            let label = format!("{repo}:{tag} ({})", arch.name());
            let config = self
                .push_config(repo, arch, &label, "2024-01-05T00:00:00Z")
                .await?;
            let (media_type, bytes) = self.image_manifest(kind, &config, &label);
            let size = bytes.len();
            let digest = sha256_digest(&bytes);
            // A list may only name manifests the repository already has.
            self.put_manifest(repo, &digest, &media_type, bytes).await?;
            entries.push(json!({
                "mediaType": media_type, "digest": digest, "size": size, "platform": arch.platform(),
            }));
        }
        let list_type = match kind {
            ManifestKind::Docker => DOCKER_MANIFEST_LIST,
            ManifestKind::Oci => OCI_INDEX,
        };
        let list = json!({"schemaVersion": 2, "mediaType": list_type, "manifests": entries});
        self.put_manifest(
            repo,
            tag,
            list_type,
            serde_json::to_vec_pretty(&list).expect("JSON serializes"),
        )
        .await
    }

    /// An OCI image index with linux/amd64 and linux/arm64 images, as `repo:tag`.
    pub async fn push_oci_index(&self, repo: &str, tag: &str) -> Result<String> {
        self.push_multiarch(repo, tag, ManifestKind::Oci).await
    }

    /// A Docker manifest list with linux/amd64 and linux/arm64 v2s2 images, as `repo:tag`.
    pub async fn push_docker_manifest_list(&self, repo: &str, tag: &str) -> Result<String> {
        self.push_multiarch(repo, tag, ManifestKind::Docker).await
    }

    /// A repository with the layer mounted and no manifest: listed in the catalog, but its
    /// `tags/list` is 404 NAME_UNKNOWN.
    pub async fn push_untagged(&self, repo: &str) -> Result<()> {
        self.mount_layer(repo).await
    }

    /// Pushes `spec.repositories` repositories of `spec.tags_per_repository` tags each,
    /// alternating Docker and OCI manifests, `spec.concurrency` repositories at a time.
    /// Returns the repository names.
    pub async fn fill(&self, spec: &FillSpec) -> Result<Vec<String>> {
        let semaphore = Arc::new(tokio::sync::Semaphore::new(spec.concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        let names: Vec<String> = (0..spec.repositories).map(|i| spec.repository(i)).collect();
        for (i, repo) in names.iter().cloned().enumerate() {
            let filler = self.clone();
            let semaphore = semaphore.clone();
            let tags = spec.tags_per_repository;
            tasks.spawn(async move {
                let _permit = semaphore.acquire_owned().await.expect("semaphore open");
                for t in 0..tags {
                    let kind = if (i + t) % 2 == 0 {
                        ManifestKind::Docker
                    } else {
                        ManifestKind::Oci
                    };
                    filler
                        .push_image(&repo, &tag_name(t), kind, Arch::Amd64)
                        .await?;
                }
                Ok::<(), Error>(())
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.map_err(|e| Error::Other(format!("a fill task panicked: {e}")))??;
        }
        Ok(names)
    }
}

/// The repositories [`demo_content`] pushes, with their tags (empty: no tags).
pub const DEMO_REPOSITORIES: [(&str, &[&str]); 7] = [
    (
        "demo/hello",
        &["1.0.0", "1.2.0", "1.10.0", "latest", "2024-01-05"],
    ),
    ("team/app/api", &["1.0.0", "1.1.0", "latest"]),
    ("team/app/web", &["2.0.0", "latest"]),
    ("library/busybox", &["1.36", "latest"]),
    ("demo/multiarch", &["v1"]),
    ("demo/multiarch-docker", &["v1"]),
    ("demo/untagged", &[]),
];

/// Pushes the demo's sample content (see [`DEMO_REPOSITORIES`]) into `registry`.
pub async fn demo_content(registry: &Registry) -> Result<()> {
    demo_content_with(registry.client()?).await
}

/// [`demo_content`] over an existing client. `demo/untagged` is the seed repository, so it
/// holds the shared layer and nothing else.
pub async fn demo_content_with(client: RegistryClient) -> Result<()> {
    let filler = Filler::with_client(client, "demo/untagged").await?;
    for (i, tag) in ["1.0.0", "1.2.0", "1.10.0", "2024-01-05"]
        .iter()
        .enumerate()
    {
        let kind = if i % 2 == 0 {
            ManifestKind::Docker
        } else {
            ManifestKind::Oci
        };
        filler
            .push_image("demo/hello", tag, kind, Arch::Amd64)
            .await?;
    }
    // `latest` is the newest version under a second name: same digest as 1.10.0.
    let newest = filler
        .client()
        .expect(
            Call::get("/v2/demo/hello/manifests/1.10.0").accept(ACCEPT_ALL_MANIFESTS),
            StatusCode::OK,
        )
        .await?;
    let media_type = newest
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(DOCKER_MANIFEST)
        .to_owned();
    let bytes = newest
        .bytes()
        .await
        .map_err(|e| Error::http("read demo/hello:1.10.0", e))?;
    filler
        .put_manifest("demo/hello", "latest", &media_type, bytes.to_vec())
        .await?;
    for tag in ["1.0.0", "1.1.0", "latest"] {
        filler
            .push_image("team/app/api", tag, ManifestKind::Docker, Arch::Amd64)
            .await?;
    }
    for tag in ["2.0.0", "latest"] {
        filler
            .push_image("team/app/web", tag, ManifestKind::Oci, Arch::Amd64)
            .await?;
    }
    for tag in ["1.36", "latest"] {
        filler
            .push_image("library/busybox", tag, ManifestKind::Docker, Arch::Amd64)
            .await?;
    }
    filler.push_oci_index("demo/multiarch", "v1").await?;
    filler
        .push_docker_manifest_list("demo/multiarch-docker", "v1")
        .await?;
    filler.push_untagged("demo/untagged").await?;
    Ok(())
}

/// The benchmarks' fixed input: an open registry of `repositories` × `tags` (`fill/repo-…`),
/// filled on first use and kept under `~/.cache/registry-console/bench-registry-<r>x<t>/`
/// (about 10 minutes on 2 cores the first time), started on a free port.
pub async fn bench_registry(repositories: usize, tags: usize) -> Result<Registry> {
    let home = std::env::var_os("HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let data = home.join(format!(
        ".cache/registry-console/bench-registry-{repositories}x{tags}"
    ));
    let filled = data.join("filled");
    let mut options = crate::registry::RegistryOptions::new(crate::registry::Mode::Open);
    options.data_dir = Some(data.clone());
    let registry = Registry::start_with(options)?;
    if !filled.exists() {
        let start = std::time::Instant::now();
        Filler::new(&registry)
            .await?
            .fill(&FillSpec::new(repositories, tags))
            .await?;
        std::fs::write(&filled, "")
            .map_err(|e| Error::io(format!("writing {}", filled.display()), e))?;
        println!(
            "filled {repositories} x {tags} in {:.1} s (once; kept in {})",
            start.elapsed().as_secs_f64(),
            data.display()
        );
    }
    Ok(registry)
}
