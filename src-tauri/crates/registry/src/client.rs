//! The registry client: one HTTP client per connection, the authentication dance, retries,
//! capped reads, and the browse operations built on them.
//!
//! Every request goes through [`RegistryClient::request`]: it attaches what the registry asked
//! for last time (Basic, or the cached Bearer token of the operation's scope), and on 401
//! answers the challenge once (fetching a fresh token) before giving up. Below it,
//! `send_with_retries` retries GET/HEAD on 429 (`Retry-After`), 500/502/503/504 and
//! connection resets; DELETE is never retried. The HTTP client, the capped body reader, the
//! `Retry-After` bound and the cleartext rule are the shared `net` layer's: the connection's
//! "verification off" covers its own origin only (a token realm elsewhere is verified), and
//! every body is read against a cap for its kind. Redirects are followed by reqwest, which
//! drops `Authorization` when the target is another host, port or scheme (blob downloads
//! redirect to object storage, which must never see registry credentials).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, LINK, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode};
use url::Url;
use vault::{BasicCredentials, Secret};

use crate::auth::{Challenge, TokenCache, TokenReply, token_lifetime};
use crate::digest;
use crate::error::{Error, ErrorEnvelope, Result};
use crate::link;
use crate::manifest::{self, Parsed};
use crate::model::{CatalogEvent, DeletePlan, ManifestDetail, ManifestKind, TagSummary};
use crate::tags;

/// Largest manifest we read (the distribution registry refuses to store more than 4 MiB).
pub const MANIFEST_LIMIT: usize = net::limits::MANIFEST;
/// Largest image config blob we read.
pub const CONFIG_LIMIT: usize = net::limits::CONFIG_BLOB;
/// Largest catalog or tag-list page we read.
pub const LIST_PAGE_LIMIT: usize = net::limits::LIST_PAGE;
/// Largest token reply we read.
const TOKEN_LIMIT: usize = net::limits::SMALL_JSON;
/// Largest error body we read (only its envelope is shown).
const ERROR_LIMIT: usize = net::limits::ERROR_BODY;
/// How many bytes of manifests, and as many of config blobs, are kept by digest: 64 MiB in
/// all. A count of entries bounded nothing (1024 configs of 8 MiB are 8 GiB).
pub const CACHE_BYTES: usize = 32 << 20;
/// The most tags listed for one repository (over all its pages). Beyond it the listing is
/// [`Error::TooManyTags`]: a registry that pages forever must not grow our memory forever.
pub const MAX_TAGS: usize = 100_000;
/// How many tag summaries or tag digests are resolved at once per client.
const CONCURRENCY: usize = 8;

const CATALOG_SCOPE: &str = "registry:catalog:*";
const DIGEST_HEADER: &str = "docker-content-digest";

/// Timeouts, paging and retry settings. [`ClientOptions::default`] is what the app uses;
/// tests shorten the waits.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time to establish a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub request_timeout: Duration,
    /// `n` of catalog requests (the distribution registry refuses more than 1000).
    pub catalog_page_size: u32,
    /// Waits before the second and third attempt of an idempotent request.
    pub retry_backoff: Vec<Duration>,
    /// The longest `Retry-After` honoured; longer ones are cut to this.
    pub max_retry_after: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            catalog_page_size: 1000,
            retry_backoff: vec![Duration::from_millis(200), Duration::from_millis(800)],
            max_retry_after: Duration::from_secs(10),
        }
    }
}

/// Set by the UI to stop a catalog or tag listing between two pages.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    /// A flag not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the listing to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`CancelFlag::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What the registry asked for last time; requests send it up front to save a round trip.
#[derive(Debug, Clone)]
enum Scheme {
    Basic,
    Bearer {
        realm: String,
        service: Option<String>,
    },
}

#[derive(Default)]
struct AuthState {
    scheme: Option<Scheme>,
    tokens: TokenCache,
}

/// A manifest as received: its verified digest, its content type and its exact bytes.
#[derive(Debug)]
struct StoredManifest {
    digest: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// What a cached value costs in memory, in bytes.
trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for Arc<StoredManifest> {
    fn weight(&self) -> usize {
        self.bytes.len() + self.digest.len() + self.content_type.as_ref().map_or(0, String::len)
    }
}

impl Weigh for Arc<Vec<u8>> {
    fn weight(&self) -> usize {
        self.len()
    }
}

/// A map by digest that forgets its oldest entries beyond [`CACHE_BYTES`] (content behind a
/// digest never changes, so nothing is ever stale, only old). A value larger than the whole
/// budget is not kept.
struct DigestCache<V> {
    map: HashMap<String, (V, usize)>,
    order: VecDeque<String>,
    bytes: usize,
    budget: usize,
}

impl<V: Clone + Weigh> DigestCache<V> {
    fn new() -> Self {
        Self {
            map: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
            budget: CACHE_BYTES,
        }
    }

    fn get(&self, digest: &str) -> Option<V> {
        self.map.get(digest).map(|(v, _)| v.clone())
    }

    fn put(&mut self, digest: String, value: V) {
        let weight = value.weight().saturating_add(digest.len());
        if weight > self.budget || self.map.contains_key(&digest) {
            return;
        }
        while self.bytes + weight > self.budget {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some((_, w)) = self.map.remove(&old) {
                self.bytes -= w;
            }
        }
        self.bytes += weight;
        self.map.insert(digest.clone(), (value, weight));
        self.order.push_back(digest);
    }

    fn remove(&mut self, digest: &str) {
        if let Some((_, w)) = self.map.remove(digest) {
            self.bytes -= w;
            self.order.retain(|d| d != digest);
        }
    }
}

struct Inner {
    http: net::Client,
    /// `scheme://host[:port]`, no trailing slash.
    base: String,
    /// `base` parsed: the origin the credentials were given for.
    base_url: Url,
    /// `host[:port]` for pull specs.
    host: String,
    credentials: Option<BasicCredentials>,
    options: ClientOptions,
    auth: Mutex<AuthState>,
    /// Held while a token is fetched, so that 50 concurrent requests make one token request.
    token_fetch: tokio::sync::Mutex<()>,
    manifests: Mutex<DigestCache<Arc<StoredManifest>>>,
    blobs: Mutex<DigestCache<Arc<Vec<u8>>>>,
    summaries: tokio::sync::Semaphore,
}

/// A registry client for one connection. Cheap to clone; clones share caches and tokens.
#[derive(Clone)]
pub struct RegistryClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for RegistryClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistryClient")
            .field("base", &self.inner.base)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

/// Locks a std mutex; a panic elsewhere while it was held leaves data that is still usable
/// (caches and tokens), so poisoning is ignored.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl RegistryClient {
    /// A client for `connection` with the app's timeouts (connect 10 s, request 30 s).
    pub fn new(
        connection: &connections::Connection,
        credentials: Option<BasicCredentials>,
    ) -> Result<Self> {
        Self::with_options(connection, credentials, ClientOptions::default())
    }

    /// A client for `connection` with other timeouts, paging or retry waits.
    pub fn with_options(
        connection: &connections::Connection,
        credentials: Option<BasicCredentials>,
        options: ClientOptions,
    ) -> Result<Self> {
        let url = Url::parse(connection.url.trim()).map_err(|e| Error::InvalidUrl {
            url: connection.url.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::InvalidUrl {
                url: connection.url.clone(),
                reason: "only http:// and https:// are supported".into(),
            });
        }
        let Some(host_name) = url.host_str() else {
            return Err(Error::InvalidUrl {
                url: connection.url.clone(),
                reason: "it names no host".into(),
            });
        };
        let host = match url.port() {
            Some(port) => format!("{host_name}:{port}"),
            None => host_name.to_owned(),
        };
        let base = format!("{}://{host}", url.scheme());
        let base_url = Url::parse(&base).map_err(|e| Error::InvalidUrl {
            url: connection.url.clone(),
            reason: e.to_string(),
        })?;
        let net_options = net::Options {
            connect_timeout: options.connect_timeout,
            request_timeout: options.request_timeout,
            // Blob GETs redirect to object storage (one hop; a CDN may add one more).
            redirects: 5,
        };
        let http =
            net::Client::new(&base_url, &connection.tls, &net_options).map_err(
                |error| match error {
                    net::Error::CaBundle { path, reason } => Error::CaBundle { path, reason },
                    net::Error::ClientSetup { url, reason } => Error::ClientSetup { url, reason },
                },
            )?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                base_url,
                host,
                credentials,
                options,
                auth: Mutex::new(AuthState::default()),
                token_fetch: tokio::sync::Mutex::new(()),
                manifests: Mutex::new(DigestCache::new()),
                blobs: Mutex::new(DigestCache::new()),
                summaries: tokio::sync::Semaphore::new(CONCURRENCY),
            }),
        })
    }

    /// `host[:port]` of the registry, as pull specs name it.
    pub fn host(&self) -> &str {
        &self.inner.host
    }

    // ---------------------------------------------------------------- operations

    /// Checks that the registry speaks the v2 API and accepts our credentials
    /// (`GET /v2/`, answering the authentication it asks for).
    pub async fn check(&self) -> Result<()> {
        let url = self.url("/v2/")?;
        let response = self.request(Method::GET, &url, "", None).await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(status_error(response, &url, url.as_str()).await)
        }
    }

    /// Lists every repository, page by page (`GET /v2/_catalog?n=…`, following `Link`),
    /// sending each page to `on_event` as it arrives, then `Done`; or `Cancelled` when
    /// `cancel` is set between two pages.
    ///
    /// A registry that will not list its repositories to this user is
    /// [`Error::CatalogRefused`], one without a catalog [`Error::CatalogNotOffered`], never
    /// [`Error::SignInRequired`] while the same credentials (or none) are accepted on `/v2/`:
    /// signing in again would only bring the same refusal back. See
    /// [`RegistryClient::explain_catalog_refusal`].
    pub async fn catalog(
        &self,
        cancel: &CancelFlag,
        on_event: &mut (dyn FnMut(CatalogEvent) + Send),
    ) -> Result<()> {
        match self.catalog_pages(cancel, on_event).await {
            Ok(()) => Ok(()),
            Err(error) => Err(self.explain_catalog_refusal(error).await),
        }
    }

    /// What a failed catalog listing means for the user. The refusals registries really give:
    /// - the token service answers 401/403 for `registry:catalog:*` only (some token services
    ///   refuse a scope instead of granting less): [`Error::SignInRequired`] from the token
    ///   fetch;
    /// - the token service grants a token without the catalog (Docker Hub, the distribution
    ///   token flow for a user without the grant) and the registry answers 401 with
    ///   `error="insufficient_scope"` and `UNAUTHORIZED`: [`Error::AccessDenied`];
    /// - the registry checks the permission itself and answers 401 (OpenShift's integrated
    ///   registry for a user who may not list image streams cluster-wide: `Basic
    ///   realm=…,error="access denied"`) or 403 / `DENIED`;
    /// - no catalog at all: 404 or 405.
    ///
    /// A 401 alone cannot tell a refused catalog from a wrong password, so the same client
    /// asks `/v2/` (with the same credentials, or none): when it answers, the credentials are
    /// fine and the refusal is about the catalog alone; when it too wants a sign-in, that is
    /// what the user is told. `insufficient_scope` and 403 say it is a permission already.
    async fn explain_catalog_refusal(&self, error: Error) -> Error {
        let signed_in = self.inner.credentials.is_some();
        let catalog_url = || {
            self.url("/v2/_catalog")
                .map_or_else(|_| self.inner.base.clone(), |u| u.to_string())
        };
        match error {
            Error::AccessDenied {
                url,
                status,
                envelope,
            } => Error::CatalogRefused {
                url,
                status,
                signed_in,
                envelope,
            },
            Error::SignInRequired {
                url,
                status,
                envelope,
            } => match self.check().await {
                Ok(()) => Error::CatalogRefused {
                    url,
                    status,
                    signed_in,
                    envelope,
                },
                // The credentials themselves are refused (or the registry wants some): ask.
                Err(probe @ Error::SignInRequired { .. }) => probe,
                Err(_) => Error::SignInRequired {
                    url,
                    status,
                    envelope,
                },
            },
            Error::NotFound {
                status, envelope, ..
            }
            | Error::Registry {
                status: status @ 405,
                envelope,
                ..
            } => match self.check().await {
                Ok(()) => Error::CatalogNotOffered {
                    url: catalog_url(),
                    status,
                    envelope,
                },
                Err(probe) => probe,
            },
            other => other,
        }
    }

    async fn catalog_pages(
        &self,
        cancel: &CancelFlag,
        on_event: &mut (dyn FnMut(CatalogEvent) + Send),
    ) -> Result<()> {
        let started = Instant::now();
        let first = |n: u32| self.url(&format!("/v2/_catalog?n={n}"));
        let mut url = first(self.inner.options.catalog_page_size)?;
        let mut seen: HashSet<String> = HashSet::new();
        let mut loaded: u32 = 0;
        let mut fell_back = false;
        loop {
            if cancel.is_cancelled() {
                on_event(CatalogEvent::Cancelled { loaded });
                return Ok(());
            }
            seen.insert(url.to_string());
            let response = self
                .request(Method::GET, &url, CATALOG_SCOPE, Some("application/json"))
                .await?;
            if response.status() == StatusCode::BAD_REQUEST && !fell_back && loaded == 0 {
                // Some registries cap `n` lower than 1000: ask with the default page of 100.
                let error = status_error(response, &url, url.as_str()).await;
                if error
                    .envelope()
                    .is_some_and(|e| e.has_code("PAGINATION_NUMBER_INVALID"))
                {
                    fell_back = true;
                    url = first(100)?;
                    seen.clear();
                    continue;
                }
                return Err(error);
            }
            if !response.status().is_success() {
                return Err(status_error(response, &url, "the repository catalog").await);
            }
            let next = next_link(response.headers());
            let bytes = read_capped(response, &url, LIST_PAGE_LIMIT).await?;
            #[derive(serde::Deserialize)]
            struct Page {
                #[serde(default)]
                repositories: Option<Vec<String>>,
            }
            let page: Page = serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
                url: url.to_string(),
                reason: format!("invalid catalog JSON: {e}"),
            })?;
            let repositories = page.repositories.unwrap_or_default();
            loaded = loaded.saturating_add(u32::try_from(repositories.len()).unwrap_or(u32::MAX));
            on_event(CatalogEvent::Page {
                repositories,
                loaded,
            });
            match next {
                None => break,
                Some(target) => url = self.next_page(&url, &target, &seen)?,
            }
        }
        on_event(CatalogEvent::Done {
            total: loaded,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        });
        Ok(())
    }

    /// The tags of `repository`, in display order (see [`crate::tags`]). A repository the
    /// catalog lists but that has no tag (only mounted blobs) is [`Error::NotFound`]; one
    /// with more than [`MAX_TAGS`] is [`Error::TooManyTags`].
    pub async fn tags(&self, repository: &str) -> Result<Vec<String>> {
        self.tags_cancellable(repository, &CancelFlag::new()).await
    }

    /// [`RegistryClient::tags`], stopped with [`Error::Cancelled`] when `cancel` is set
    /// between two pages (a repository with 100,000 tags is a hundred pages).
    pub async fn tags_cancellable(
        &self,
        repository: &str,
        cancel: &CancelFlag,
    ) -> Result<Vec<String>> {
        check_repository(repository)?;
        let scope = pull_scope(repository);
        let mut url = self.url(&format!("/v2/{repository}/tags/list"))?;
        let mut seen: HashSet<String> = HashSet::new();
        let mut all = Vec::new();
        loop {
            if cancel.is_cancelled() {
                return Err(Error::Cancelled {
                    what: format!("the tag list of {repository}"),
                    loaded: all.len(),
                });
            }
            seen.insert(url.to_string());
            let response = self
                .request(Method::GET, &url, &scope, Some("application/json"))
                .await?;
            if !response.status().is_success() {
                return Err(status_error(response, &url, repository).await);
            }
            let next = next_link(response.headers());
            let bytes = read_capped(response, &url, LIST_PAGE_LIMIT).await?;
            #[derive(serde::Deserialize)]
            struct Page {
                #[serde(default)]
                tags: Option<Vec<String>>,
            }
            let page: Page = serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
                url: url.to_string(),
                reason: format!("invalid tag list JSON: {e}"),
            })?;
            all.extend(page.tags.unwrap_or_default());
            if all.len() > MAX_TAGS {
                return Err(Error::TooManyTags {
                    repository: repository.to_owned(),
                    limit: MAX_TAGS,
                });
            }
            match next {
                None => break,
                Some(target) => url = self.next_page(&url, &target, &seen)?,
            }
        }
        tags::sort(&mut all);
        all.dedup();
        Ok(all)
    }

    /// What `repository:tag` points to: digest, kind, platforms, total size and creation
    /// time. At most 8 run at once per client, however many the UI asks for.
    pub async fn tag_summary(&self, repository: &str, tag: &str) -> Result<TagSummary> {
        check_repository(repository)?;
        check_reference(tag)?;
        let _permit = self.inner.summaries.acquire().await.ok();
        let stored = self.fetch_manifest(repository, tag).await?;
        let parsed = self.parse_stored(repository, &stored)?;
        let mut summary = TagSummary {
            tag: tag.to_owned(),
            digest: stored.digest.clone(),
            media_type: parsed.media_type.clone(),
            kind: parsed.kind,
            total_size: None,
            created: None,
            platforms: Vec::new(),
        };
        match parsed.kind {
            ManifestKind::DockerV1 => {}
            ManifestKind::OciIndex | ManifestKind::DockerManifestList => {
                let entries = parsed.entries();
                summary.platforms = entries
                    .iter()
                    .filter(|e| !manifest::is_attestation(e))
                    .filter_map(|e| e.platform.clone())
                    .collect();
                if let Some(entry) = manifest::representative(&entries) {
                    let child = self.fetch_manifest(repository, &entry.digest).await?;
                    let child_parsed = self.parse_stored(repository, &child)?;
                    if !child_parsed.is_index() && child_parsed.kind != ManifestKind::DockerV1 {
                        let image = self.image(repository, &child_parsed).await?;
                        summary.total_size = Some(image.total_size);
                        summary.created = image.created;
                    }
                }
            }
            ManifestKind::DockerV2 | ManifestKind::OciManifest => {
                let image = self.image(repository, &parsed).await?;
                summary.total_size = Some(image.total_size);
                summary.created = image.created.clone();
                summary.platforms = vec![image.platform];
            }
        }
        Ok(summary)
    }

    /// The manifest of `repository` at `reference` (a tag or `sha256:` digest), verified
    /// against its digest, with its image config when it is a single image.
    pub async fn manifest(&self, repository: &str, reference: &str) -> Result<ManifestDetail> {
        check_repository(repository)?;
        check_reference(reference)?;
        let stored = self.fetch_manifest(repository, reference).await?;
        let parsed = self.parse_stored(repository, &stored)?;
        let image = match parsed.kind {
            ManifestKind::DockerV2 | ManifestKind::OciManifest => {
                Some(self.image(repository, &parsed).await?)
            }
            _ => None,
        };
        Ok(ManifestDetail {
            repository: repository.to_owned(),
            reference: reference.to_owned(),
            digest: stored.digest.clone(),
            media_type: parsed.media_type.clone(),
            kind: parsed.kind,
            annotations: parsed.manifest.annotations.clone().unwrap_or_default(),
            entries: parsed.entries(),
            image,
            raw: manifest::pretty_json(&stored.bytes),
            pull: manifest::pull_specs(&self.inner.host, repository, reference, &stored.digest),
        })
    }

    /// What deleting `repository:tag`'s manifest would remove: its digest and every tag of
    /// the repository that points to the same digest.
    pub async fn delete_plan(&self, repository: &str, tag: &str) -> Result<DeletePlan> {
        check_repository(repository)?;
        check_reference(tag)?;
        let target = self.fetch_manifest(repository, tag).await?.digest.clone();
        let all = self.tags(repository).await?;
        let resolved: Vec<(String, Result<Option<String>>)> =
            futures_util::stream::iter(all.into_iter().map(|t| async move {
                let digest = self.tag_digest(repository, &t).await;
                (t, digest)
            }))
            .buffered(CONCURRENCY)
            .collect()
            .await;
        let mut tags = Vec::new();
        for (t, digest) in resolved {
            // A tag deleted meanwhile is simply not in the plan.
            if digest?.as_deref() == Some(target.as_str()) {
                tags.push(t);
            }
        }
        if !tags.iter().any(|t| t == tag) {
            tags.insert(0, tag.to_owned());
        }
        Ok(DeletePlan {
            repository: repository.to_owned(),
            digest: target,
            tags,
        })
    }

    /// Deletes the manifest `repository@digest` (and so every tag pointing to it). Never
    /// retried. A registry with deletes disabled gives [`Error::DeleteDisabled`].
    pub async fn delete_manifest(&self, repository: &str, digest: &str) -> Result<()> {
        check_repository(repository)?;
        if !digest::is_sha256(digest) {
            return Err(Error::InvalidName {
                what: "sha256 digest",
                value: digest.to_owned(),
            });
        }
        let url = self.url(&format!("/v2/{repository}/manifests/{digest}"))?;
        let scope = format!("repository:{repository}:delete");
        let response = self.request(Method::DELETE, &url, &scope, None).await?;
        let status = response.status();
        if status.is_success() {
            lock(&self.inner.manifests).remove(digest);
            return Ok(());
        }
        let what = format!("{repository}@{digest}");
        if status == StatusCode::METHOD_NOT_ALLOWED {
            let envelope = read_envelope(response).await;
            return Err(Error::DeleteDisabled {
                what,
                status: status.as_u16(),
                envelope,
            });
        }
        Err(status_error(response, &url, &what).await)
    }

    // ---------------------------------------------------------------- manifests and blobs

    /// The digest `tag` points to now: from a HEAD when the registry names it, else from
    /// the verified content. None when the tag is gone.
    async fn tag_digest(&self, repository: &str, tag: &str) -> Result<Option<String>> {
        let url = self.url(&format!("/v2/{repository}/manifests/{tag}"))?;
        let response = self
            .request(
                Method::HEAD,
                &url,
                &pull_scope(repository),
                Some(manifest::ACCEPT),
            )
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if response.status().is_success()
            && let Some(d) = response
                .headers()
                .get(DIGEST_HEADER)
                .and_then(|v| v.to_str().ok())
                .filter(|d| digest::is_sha256(d))
        {
            return Ok(Some(d.to_owned()));
        }
        match self.fetch_manifest(repository, tag).await {
            Ok(m) => Ok(Some(m.digest.clone())),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The manifest at `reference`, its sha256 computed over the exact bytes and checked
    /// against the digest asked for (and against `Docker-Content-Digest`). By digest, served
    /// from the cache when known.
    async fn fetch_manifest(
        &self,
        repository: &str,
        reference: &str,
    ) -> Result<Arc<StoredManifest>> {
        let by_digest = digest::is_digest(reference);
        if by_digest {
            if !digest::is_sha256(reference) {
                return Err(Error::InvalidName {
                    what: "sha256 digest",
                    value: reference.to_owned(),
                });
            }
            if let Some(m) = lock(&self.inner.manifests).get(reference) {
                return Ok(m);
            }
        }
        let what = format!(
            "{repository}{}{reference}",
            if by_digest { "@" } else { ":" }
        );
        let url = self.url(&format!("/v2/{repository}/manifests/{reference}"))?;
        let response = self
            .request(
                Method::GET,
                &url,
                &pull_scope(repository),
                Some(manifest::ACCEPT),
            )
            .await?;
        if !response.status().is_success() {
            return Err(status_error(response, &url, &what).await);
        }
        let content_type = header_str(response.headers(), CONTENT_TYPE.as_str());
        let claimed = header_str(response.headers(), DIGEST_HEADER);
        let bytes = read_capped(response, &url, MANIFEST_LIMIT).await?;
        // By the media type's essence: a registry may add `; charset=utf-8`.
        let signed_schema1 = content_type
            .as_deref()
            .is_some_and(manifest::is_signed_schema1);
        let actual = digest::manifest_digest(&bytes, signed_schema1);
        if by_digest && actual != reference {
            return Err(Error::DigestMismatch {
                what,
                expected: reference.to_owned(),
                actual,
            });
        }
        if let Some(claimed) = claimed.filter(|c| digest::is_sha256(c))
            && claimed != actual
        {
            return Err(Error::DigestMismatch {
                what,
                expected: claimed,
                actual,
            });
        }
        let stored = Arc::new(StoredManifest {
            digest: actual.clone(),
            content_type,
            bytes,
        });
        lock(&self.inner.manifests).put(actual, stored.clone());
        Ok(stored)
    }

    fn parse_stored(&self, repository: &str, stored: &StoredManifest) -> Result<Parsed> {
        manifest::parse(stored.content_type.as_deref(), &stored.bytes).map_err(|reason| {
            Error::BadResponse {
                url: format!(
                    "{}/v2/{repository}/manifests/{}",
                    self.inner.base, stored.digest
                ),
                reason,
            }
        })
    }

    /// The image of a single-image manifest: its config blob (verified, cached) and layers.
    async fn image(&self, repository: &str, parsed: &Parsed) -> Result<crate::model::ImageDetail> {
        let config = parsed
            .manifest
            .config
            .as_ref()
            .ok_or_else(|| Error::BadResponse {
                url: format!("{}/v2/{repository}", self.inner.base),
                reason: "an image manifest without a config".into(),
            })?;
        let bytes = self
            .fetch_blob(repository, &config.digest, CONFIG_LIMIT)
            .await?;
        manifest::image_detail(&parsed.manifest, &bytes).map_err(|reason| Error::BadResponse {
            url: format!(
                "{}/v2/{repository}/blobs/{}",
                self.inner.base, config.digest
            ),
            reason,
        })
    }

    /// A blob, verified against its digest and cached. Blob GETs may redirect to object
    /// storage; reqwest drops `Authorization` on the way there.
    async fn fetch_blob(&self, repository: &str, blob: &str, limit: usize) -> Result<Arc<Vec<u8>>> {
        if !digest::is_sha256(blob) {
            return Err(Error::InvalidName {
                what: "sha256 digest",
                value: blob.to_owned(),
            });
        }
        if let Some(b) = lock(&self.inner.blobs).get(blob) {
            return Ok(b);
        }
        let url = self.url(&format!("/v2/{repository}/blobs/{blob}"))?;
        let what = format!("{repository}@{blob}");
        let response = self
            .request(Method::GET, &url, &pull_scope(repository), None)
            .await?;
        if !response.status().is_success() {
            return Err(status_error(response, &url, &what).await);
        }
        let bytes = read_capped(response, &url, limit).await?;
        if let Err(actual) = digest::verify(&bytes, blob) {
            return Err(Error::DigestMismatch {
                what,
                expected: blob.to_owned(),
                actual,
            });
        }
        let bytes = Arc::new(bytes);
        lock(&self.inner.blobs).put(blob.to_owned(), bytes.clone());
        Ok(bytes)
    }

    // ---------------------------------------------------------------- paging

    fn next_page(&self, current: &Url, target: &str, seen: &HashSet<String>) -> Result<Url> {
        let next = link::resolve(current, target).ok_or_else(|| Error::BadResponse {
            url: current.to_string(),
            reason: format!("the Link target \"{target}\" is not a URL"),
        })?;
        if !link::same_origin(current, &next) {
            return Err(Error::BadResponse {
                url: current.to_string(),
                reason: format!("the next page {next} is on another host"),
            });
        }
        if seen.contains(next.as_str()) {
            return Err(Error::LinkLoop {
                url: next.to_string(),
                reason: "the next page was already listed".into(),
            });
        }
        if let (Some(now), Some(then)) = (link::last_param(&next), link::last_param(current))
            && now == then
        {
            return Err(Error::LinkLoop {
                url: next.to_string(),
                reason: format!("`last={now}` does not advance"),
            });
        }
        Ok(next)
    }

    /// Basic credentials go to a token realm only over TLS, or unencrypted where they would
    /// go unencrypted anyway: the registry's own origin when the connection itself is
    /// `http://`, or this computer (loopback). A registry may name any realm in its
    /// challenge; an `http://` realm elsewhere would put the password on the wire in clear.
    fn check_realm_for_credentials(&self, realm: &Url) -> Result<()> {
        if credentials_may_go_to_realm(&self.inner.base_url, realm) {
            return Ok(());
        }
        let mut shown = realm.clone();
        shown.set_query(None);
        Err(Error::CleartextRealm {
            realm: shown.to_string(),
        })
    }

    fn url(&self, path: &str) -> Result<Url> {
        let text = format!("{}{path}", self.inner.base);
        Url::parse(&text).map_err(|e| Error::InvalidUrl {
            url: text,
            reason: e.to_string(),
        })
    }

    // ---------------------------------------------------------------- authentication

    /// Sends a request with the authentication `scope` needs; on 401 answers the challenge
    /// once (fresh token, or Basic) and repeats. Other statuses are returned as they are.
    async fn request(
        &self,
        method: Method,
        url: &Url,
        scope: &str,
        accept: Option<&str>,
    ) -> Result<Response> {
        // The first challenge of a request sent without credentials is the normal start of
        // the dance; after credentials or a token were refused, we re-challenge once only.
        let mut anonymous_answered = false;
        let mut rechallenged = false;
        loop {
            let auth = self.authorization(scope).await?;
            let response = self
                .send_with_retries(&method, url, accept, auth.as_ref())
                .await?;
            if response.status() != StatusCode::UNAUTHORIZED {
                return Ok(response);
            }
            let challenge = response
                .headers()
                .get_all(WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(Challenge::parse);
            let status = response.status().as_u16();
            let envelope = read_envelope(response).await;
            let insufficient = challenge
                .as_ref()
                .is_some_and(Challenge::is_insufficient_scope);
            let refused = |envelope| {
                if insufficient {
                    Error::AccessDenied {
                        url: url.to_string(),
                        status,
                        envelope,
                    }
                } else {
                    Error::SignInRequired {
                        url: url.to_string(),
                        status,
                        envelope,
                    }
                }
            };
            let done = if auth.is_some() {
                std::mem::replace(&mut rechallenged, true)
            } else {
                std::mem::replace(&mut anonymous_answered, true)
            };
            if done {
                return Err(refused(envelope));
            }
            match challenge {
                Some(Challenge::Basic { .. }) => {
                    // Without credentials, or with ones just refused, asking again is useless.
                    if self.inner.credentials.is_none() || matches!(auth, Some(Auth::Basic)) {
                        return Err(refused(envelope));
                    }
                    lock(&self.inner.auth).scheme = Some(Scheme::Basic);
                }
                Some(Challenge::Bearer {
                    realm,
                    service,
                    scope: asked,
                    ..
                }) => {
                    let refused_token = match &auth {
                        Some(Auth::Bearer(t)) => Some(t.clone()),
                        _ => None,
                    };
                    {
                        let mut state = lock(&self.inner.auth);
                        state.scheme = Some(Scheme::Bearer {
                            realm: realm.clone(),
                            service: service.clone(),
                        });
                        if refused_token.is_some() && state.tokens.get(scope) == refused_token {
                            state.tokens.remove(scope);
                        }
                    }
                    self.fetch_token(&realm, service.as_deref(), scope, asked.as_deref())
                        .await?;
                }
                None => return Err(refused(envelope)),
            }
        }
    }

    /// What to send for `scope` now: Basic, a cached (or freshly fetched) token, or nothing
    /// until the registry asks.
    async fn authorization(&self, scope: &str) -> Result<Option<Auth>> {
        let scheme = {
            let state = lock(&self.inner.auth);
            if let Some(token) = state.tokens.get(scope) {
                return Ok(Some(Auth::Bearer(token)));
            }
            state.scheme.clone()
        };
        match scheme {
            None => Ok(None),
            Some(Scheme::Basic) => Ok(self.inner.credentials.as_ref().map(|_| Auth::Basic)),
            Some(Scheme::Bearer { realm, service }) => {
                let token = self
                    .fetch_token(&realm, service.as_deref(), scope, None)
                    .await?;
                Ok(Some(Auth::Bearer(token)))
            }
        }
    }

    /// Gets a token for `scope` from `realm` (one fetch at a time per client; a token that
    /// another request fetched meanwhile is used as it is) and caches it.
    async fn fetch_token(
        &self,
        realm: &str,
        service: Option<&str>,
        scope: &str,
        asked: Option<&str>,
    ) -> Result<Secret> {
        let _guard = self.inner.token_fetch.lock().await;
        if let Some(token) = lock(&self.inner.auth).tokens.get(scope) {
            return Ok(token);
        }
        let mut url = Url::parse(realm).map_err(|e| Error::BadResponse {
            url: self.inner.base.clone(),
            reason: format!("the token realm \"{realm}\" is not a URL: {e}"),
        })?;
        {
            let mut query = url.query_pairs_mut();
            if let Some(service) = service {
                query.append_pair("service", service);
            }
            if !scope.is_empty() {
                query.append_pair("scope", scope);
            }
            if let Some(asked) = asked.filter(|a| *a != scope && !a.is_empty()) {
                query.append_pair("scope", asked);
            }
        }
        let auth = self.inner.credentials.as_ref().map(|_| Auth::Basic);
        if auth.is_some() {
            self.check_realm_for_credentials(&url)?;
        }
        let response = self
            .send_with_retries(&Method::GET, &url, Some("application/json"), auth.as_ref())
            .await?;
        let mut shown = url.clone();
        shown.set_query(None);
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            let envelope = read_envelope(response).await;
            return Err(Error::SignInRequired {
                url: shown.to_string(),
                status: status.as_u16(),
                envelope,
            });
        }
        if !status.is_success() {
            return Err(status_error(response, &shown, shown.as_str()).await);
        }
        let bytes = read_capped(response, &shown, TOKEN_LIMIT).await?;
        let reply: TokenReply = serde_json::from_slice(&bytes).map_err(|e| Error::BadResponse {
            url: shown.to_string(),
            reason: format!("invalid token reply: {e}"),
        })?;
        let token = reply
            .token
            .or(reply.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::BadResponse {
                url: shown.to_string(),
                reason: "the token reply holds no token".into(),
            })?;
        let lifetime = token_lifetime(&bytes);
        let token = Secret::new(token);
        lock(&self.inner.auth)
            .tokens
            .put(scope, token.clone(), lifetime);
        Ok(token)
    }

    // ---------------------------------------------------------------- transport

    /// One request, retried when it is idempotent (GET, HEAD) and the failure is passing:
    /// 429 (after `Retry-After`), 500/502/503/504 and connection resets, with backoff.
    async fn send_with_retries(
        &self,
        method: &Method,
        url: &Url,
        accept: Option<&str>,
        auth: Option<&Auth>,
    ) -> Result<Response> {
        let idempotent = *method == Method::GET || *method == Method::HEAD;
        let backoff = &self.inner.options.retry_backoff;
        let mut attempt = 0usize;
        loop {
            let mut request = self.inner.http.request(method.clone(), url.as_str());
            if let Some(accept) = accept {
                request = request.header(ACCEPT, accept);
            }
            match auth {
                Some(Auth::Basic) => {
                    if let Some(c) = &self.inner.credentials {
                        request = request.basic_auth(&c.username, Some(c.password.expose()));
                    }
                }
                Some(Auth::Bearer(token)) => request = request.bearer_auth(token.expose()),
                None => {}
            }
            let can_retry = idempotent && attempt < backoff.len();
            match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let passing = matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504);
                    if !(can_retry && passing) {
                        return Ok(response);
                    }
                    let wait = if status == StatusCode::TOO_MANY_REQUESTS {
                        net::retry::retry_after(
                            response.headers(),
                            self.inner.options.max_retry_after,
                        )
                        .unwrap_or(backoff[attempt])
                        .min(self.inner.options.max_retry_after)
                    } else {
                        backoff[attempt]
                    };
                    drop(response);
                    tokio::time::sleep(wait).await;
                }
                Err(error) if can_retry && is_reset(&error) => {
                    tokio::time::sleep(backoff[attempt]).await;
                }
                Err(error) => return Err(transport_error(error, url, &self.inner.options)),
            }
            attempt += 1;
        }
    }
}

/// What a request carries.
enum Auth {
    Basic,
    Bearer(Secret),
}

fn pull_scope(repository: &str) -> String {
    format!("repository:{repository}:pull")
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn next_link(headers: &HeaderMap) -> Option<String> {
    link::next_target(headers.get_all(LINK).iter().filter_map(|v| v.to_str().ok()))
}

/// Reads a body through the shared capped reader; more than `limit` bytes (announced or
/// received) is [`Error::TooLarge`] without reading the rest.
async fn read_capped(response: Response, url: &Url, limit: usize) -> Result<Vec<u8>> {
    match net::read_body(response, limit).await {
        // Bytes hands its buffer over without a copy when it is the only owner.
        Ok(bytes) => Ok(Vec::from(bytes)),
        Err(net::BodyError::TooLarge { limit }) => Err(Error::TooLarge {
            url: url.to_string(),
            limit: u64::try_from(limit).unwrap_or(u64::MAX),
        }),
        Err(net::BodyError::Transport(source)) if source.is_timeout() => Err(Error::Unreachable {
            url: url.to_string(),
            reason: "the reply stalled and timed out".into(),
            source: Some(source),
        }),
        Err(net::BodyError::Transport(source)) => Err(Error::Truncated {
            url: url.to_string(),
            source,
        }),
    }
}

/// The registry's error envelope of a failed response, when it sent one.
async fn read_envelope(response: Response) -> Option<ErrorEnvelope> {
    let url = response.url().clone();
    let bytes = read_capped(response, &url, ERROR_LIMIT).await.ok()?;
    ErrorEnvelope::parse(&bytes)
}

/// The error of a non-success status: the registry's codes decide when it sent some.
async fn status_error(response: Response, url: &Url, what: &str) -> Error {
    let status = response.status().as_u16();
    let envelope = read_envelope(response).await;
    let has = |code: &str| envelope.as_ref().is_some_and(|e| e.has_code(code));
    if status == 401 {
        Error::SignInRequired {
            url: url.to_string(),
            status,
            envelope,
        }
    } else if status == 403 || has("DENIED") {
        Error::AccessDenied {
            url: url.to_string(),
            status,
            envelope,
        }
    } else if status == 404 || has("NAME_UNKNOWN") || has("MANIFEST_UNKNOWN") {
        Error::NotFound {
            what: what.to_owned(),
            status,
            envelope,
        }
    } else {
        Error::Registry {
            url: url.to_string(),
            status,
            envelope,
        }
    }
}

fn sources(error: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    let first: &(dyn std::error::Error + 'static) = error;
    std::iter::successors(Some(first), |e| e.source())
}

/// True when the connection was reset or closed before a reply: worth one more try.
fn is_reset(error: &reqwest::Error) -> bool {
    if error.is_timeout() || is_tls(error) {
        return false;
    }
    sources(error).any(|e| {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
            );
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            return h.is_incomplete_message() || h.is_canceled();
        }
        false
    })
}

/// The rustls error behind a failed connection, when TLS is what failed.
fn tls_reason(error: &reqwest::Error) -> Option<String> {
    for e in sources(error) {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(r.to_string());
        }
        // rustls' error reaches us wrapped in io::Errors (hyper-rustls, then hyper-util),
        // whose `source()` skips the wrapped error itself.
        let mut inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        while let Some(i) = inner {
            if let Some(r) = i.downcast_ref::<rustls::Error>() {
                return Some(r.to_string());
            }
            inner = i
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref);
        }
    }
    None
}

fn is_tls(error: &reqwest::Error) -> bool {
    tls_reason(error).is_some()
}

/// A failed send as a user reads it: TLS, timeout, refused/reset/DNS.
fn transport_error(error: reqwest::Error, url: &Url, options: &ClientOptions) -> Error {
    if let Some(reason) = tls_reason(&error) {
        return Error::Tls {
            url: url.to_string(),
            reason,
            source: error,
        };
    }
    let reason = if error.is_timeout() {
        if error.is_connect() {
            format!(
                "no connection within {} s",
                options.connect_timeout.as_secs_f32()
            )
        } else {
            format!(
                "no complete answer within {} s",
                options.request_timeout.as_secs_f32()
            )
        }
    } else if is_reset(&error) {
        "the connection was reset".to_owned()
    } else {
        sources(&error)
            .last()
            .map(ToString::to_string)
            .unwrap_or_else(|| error.to_string())
    };
    Error::Unreachable {
        url: url.to_string(),
        reason,
        source: Some(error),
    }
}

/// True when Basic credentials given for the connection at `connection` may go to the token
/// realm `realm`: the shared cleartext rule (https, an http connection, or loopback), and
/// over http only to the connection's own origin or loopback, never to another server in
/// clear.
fn credentials_may_go_to_realm(connection: &Url, realm: &Url) -> bool {
    if net::secret_may_travel(connection, realm).is_err() {
        return false;
    }
    realm.scheme() == "https"
        || net::is_loopback(realm)
        || net::Origin::of(connection).is_some_and(|own| net::Origin::of(realm) == Some(own))
}

/// The longest repository name accepted (the distribution reference grammar caps a whole
/// name at 255 characters).
pub const MAX_REPOSITORY_NAME: usize = 255;

/// True when `name` is a repository name as the distribution spec's grammar allows it:
/// path components `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` joined by `/`, at most
/// [`MAX_REPOSITORY_NAME`] characters. Such a name cannot change the URL it is put in.
pub fn is_repository_name(name: &str) -> bool {
    fn component_ok(c: &str) -> bool {
        let bytes = c.as_bytes();
        if bytes.is_empty() || !bytes[0].is_ascii_alphanumeric() {
            return false;
        }
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                i += 1;
                continue;
            }
            // A separator: `.`, `_`, `__` or one or more `-`, then an alphanumeric.
            let start = i;
            match b {
                b'.' => i += 1,
                b'_' => {
                    i += 1;
                    if bytes.get(i) == Some(&b'_') {
                        i += 1;
                    }
                }
                b'-' => {
                    while bytes.get(i) == Some(&b'-') {
                        i += 1;
                    }
                }
                _ => return false,
            }
            if i == start
                || !bytes
                    .get(i)
                    .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit())
            {
                return false;
            }
        }
        true
    }
    name.len() <= MAX_REPOSITORY_NAME && name.split('/').all(component_ok)
}

/// [`is_repository_name`] as an error that names the value: for a name the user typed.
pub fn check_repository_name(name: &str) -> Result<()> {
    if is_repository_name(name) {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "repository name",
            value: name.to_owned(),
        })
    }
}

/// Repository names as a registry may list them (lowercase path components of `[a-z0-9]`
/// with `.`, `_`, `-` inside), checked so a name cannot change the URL. Looser than
/// [`is_repository_name`]: Quay lists names such as `a._b` that its own rules allow, and a
/// listed repository must stay browsable.
fn check_repository(name: &str) -> Result<()> {
    let component_ok = |c: &str| {
        !c.is_empty()
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && c.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
            && c.bytes().last().is_some_and(|b| b.is_ascii_alphanumeric())
    };
    if name.len() <= MAX_REPOSITORY_NAME && name.split('/').all(component_ok) {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "repository name",
            value: name.to_owned(),
        })
    }
}

/// A tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`) or a digest (`algorithm:hex`).
fn check_reference(reference: &str) -> Result<()> {
    let ok = if digest::is_digest(reference) {
        reference.split_once(':').is_some_and(|(alg, hex)| {
            !alg.is_empty()
                && !hex.is_empty()
                && alg
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+._-".contains(&b))
                && hex.bytes().all(|b| b.is_ascii_alphanumeric())
        })
    } else {
        reference.len() <= 128
            && reference
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            && reference
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
    };
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "tag or digest",
            value: reference.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_names_that_would_change_the_url_are_refused() {
        for ok in [
            "demo/hello",
            "team/app/api",
            "a",
            "fill/repo-0007",
            "x__y.z",
        ] {
            assert!(check_repository(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Demo", "a//b", "../etc", "a/", "a?b", "a b", "-a"] {
            assert!(check_repository(bad).is_err(), "{bad}");
        }
        for ok in ["v1", "1.10.0", "latest", "_x", "sha256:abc"] {
            assert!(check_reference(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".x", "a/b", "a?b", "sha256:", "x:y/z"] {
            assert!(check_reference(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn typed_repository_names_follow_the_distribution_grammar() {
        for ok in [
            "demo/x",
            "a",
            "team/app/api",
            "x__y.z",
            "a--b",
            "a-b-c/d.e_f",
            "openshift/ruby-27",
            "12345678/n",
        ] {
            assert!(is_repository_name(ok), "{ok}");
            assert!(check_repository_name(ok).is_ok(), "{ok}");
        }
        let long = format!("a/{}", "b".repeat(MAX_REPOSITORY_NAME - 2));
        assert!(is_repository_name(&long));
        for bad in [
            "",
            "/",
            "a/",
            "/a",
            "a//b",
            "Demo/x",
            "demo/x:latest",
            "demo/x@sha256:ab",
            "a..b",
            "a___b",
            "a._b",
            "a-_b",
            "_a",
            "a_",
            "a-",
            ".a",
            "../etc",
            "a b",
            "a?b",
            "a%2fb",
            "quay.io:443/ns/name",
            "ｄｅｍｏ/x",
            "demo/x\n",
        ] {
            assert!(!is_repository_name(bad), "{bad}");
            assert!(
                matches!(
                    check_repository_name(bad),
                    Err(Error::InvalidName {
                        what: "repository name",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        let too_long = format!("a/{}", "b".repeat(MAX_REPOSITORY_NAME - 1));
        assert!(!is_repository_name(&too_long));
        // A listed name Quay allows but the grammar does not stays browsable.
        assert!(check_repository("a._b").is_ok());
    }

    #[test]
    fn digest_cache_is_bounded_by_bytes_and_forgets_oldest_first() {
        // 100 config blobs of 1 MiB: far fewer than any count limit, far more than the bytes.
        let mut cache: DigestCache<Arc<Vec<u8>>> = DigestCache::new();
        let blob = Arc::new(vec![0u8; 1 << 20]);
        for i in 0..100 {
            cache.put(format!("d{i}"), blob.clone());
        }
        let kept: Vec<usize> = (0..100)
            .filter(|i| cache.get(&format!("d{i}")).is_some())
            .collect();
        let held: usize = kept.len() * (1 << 20);
        assert!(held <= CACHE_BYTES, "{held} bytes kept");
        assert_eq!(kept.len(), 31, "as many of the newest as fit: {kept:?}");
        assert_eq!(kept.first(), Some(&69));
        assert_eq!(kept.last(), Some(&99));
        cache.remove("d99");
        assert!(cache.get("d99").is_none());
        cache.put("d100".into(), blob.clone());
        assert!(
            cache.get("d69").is_some(),
            "a removed entry frees its bytes"
        );
        // A value larger than the whole budget is not kept (and evicts nothing).
        cache.put("huge".into(), Arc::new(vec![0u8; CACHE_BYTES + 1]));
        assert!(cache.get("huge").is_none());
        assert!(cache.get("d100").is_some());
    }

    #[test]
    fn credentials_travel_unencrypted_only_to_the_own_http_origin_or_loopback() {
        let url = |s: &str| Url::parse(s).unwrap();
        let secret_may_travel =
            |c: Option<&Url>, r: &Url| c.is_some_and(|c| credentials_may_go_to_realm(c, r));
        let https_registry = url("https://registry.example");
        let http_registry = url("http://registry.example:5000");
        // TLS anywhere is fine.
        assert!(secret_may_travel(
            Some(&https_registry),
            &url("https://auth.example/token")
        ));
        // The https registry's realm in clear, elsewhere or even on its own host: refused.
        assert!(!secret_may_travel(
            Some(&https_registry),
            &url("http://auth.example/token")
        ));
        assert!(!secret_may_travel(
            Some(&https_registry),
            &url("http://registry.example/token")
        ));
        // An http registry: its own origin, yes; another origin in clear, no.
        assert!(secret_may_travel(
            Some(&http_registry),
            &url("http://registry.example:5000/token")
        ));
        assert!(!secret_may_travel(
            Some(&http_registry),
            &url("http://registry.example:5001/token")
        ));
        assert!(!secret_may_travel(
            Some(&http_registry),
            &url("http://auth.example/token")
        ));
        // Loopback never leaves this computer.
        for local in [
            "http://127.0.0.1:5001/token",
            "http://127.0.0.5/t",
            "http://[::1]:9/t",
            "http://localhost:9/t",
        ] {
            assert!(
                secret_may_travel(Some(&https_registry), &url(local)),
                "{local}"
            );
        }
    }

    #[test]
    fn cancel_flag_is_shared_by_clones() {
        let flag = CancelFlag::new();
        let clone = flag.clone();
        assert!(!clone.is_cancelled());
        flag.cancel();
        assert!(clone.is_cancelled());
    }

    #[test]
    fn new_refuses_urls_that_are_not_http() {
        let connection = connections::Connection {
            id: "1".into(),
            name: "x".into(),
            kind: connections::ConnectionKind::Registry,
            url: "ftp://r.example".into(),
            tls: connections::TlsMode::System,
            linked_cluster: None,
            openshift_version: None,
        };
        assert!(matches!(
            RegistryClient::new(&connection, None),
            Err(Error::InvalidUrl { .. })
        ));
        let ok = connections::Connection {
            url: "https://r.example:5000/".into(),
            ..connection
        };
        let client = RegistryClient::new(&ok, Some(BasicCredentials::new("u", "pw-123"))).unwrap();
        assert_eq!(client.host(), "r.example:5000");
        assert!(!format!("{client:?}").contains("pw-123"));
    }
}
