//! A Bearer token server of our own, for the registry's token mode.
//!
//! Quay, registry.redhat.io, Docker Hub and the OpenShift registry all answer `/v2/` with
//! `Bearer realm=...,service=...` and hand out JWTs from a separate token endpoint (the
//! distribution "token authentication" spec). No packaged server does this here, so this module
//! implements the spec's server side: `GET /token?service=S&scope=...` with optional Basic
//! credentials, checked against a user table with per-user grants; the token grants the
//! intersection of what was asked and what the user may do, signed RS256 with a key whose
//! certificate the registry trusts (`rootcertbundle`), and names it by a libtrust `kid`.
//!
//! It runs on a dedicated thread with its own current-thread tokio runtime, so it works from
//! sync code and from any test runtime, and stops when dropped. It counts the tokens it issued
//! per scope, so tests can prove that a client caches tokens.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::{Error, Result};
use crate::process::{bind_loopback, run};

/// One entry of a token's `access` claim (and of a parsed `scope`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// `repository` or `registry`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The repository name, or `catalog`.
    pub name: String,
    /// `pull`, `push`, `delete`, `*`.
    pub actions: Vec<String>,
}

impl Access {
    /// Parses one scope, `type:name:action,action`. The name may itself hold a colon (a
    /// registry host with a port), so the type ends at the first colon and the actions start
    /// after the last one.
    pub fn parse_scope(scope: &str) -> Option<Self> {
        let (kind, rest) = scope.split_once(':')?;
        let (name, actions) = rest.rsplit_once(':')?;
        Some(Self {
            kind: kind.to_owned(),
            name: name.to_owned(),
            actions: actions
                .split(',')
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }

    /// The scope string of this access.
    pub fn scope(&self) -> String {
        format!("{}:{}:{}", self.kind, self.name, self.actions.join(","))
    }
}

/// What a user may do on resources of one type whose name matches a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// `repository` or `registry`.
    pub kind: String,
    /// `*` (everything), `prefix/*` (everything under `prefix/`) or an exact name.
    pub name_pattern: String,
    /// Allowed actions; `*` allows every action.
    pub actions: Vec<String>,
}

impl Grant {
    /// A grant on repositories matching `pattern`.
    pub fn repository(pattern: &str, actions: &[&str]) -> Self {
        Self {
            kind: "repository".into(),
            name_pattern: pattern.into(),
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    /// The right to list the catalog (`registry:catalog:*`).
    pub fn catalog() -> Self {
        Self {
            kind: "registry".into(),
            name_pattern: "catalog".into(),
            actions: vec!["*".into()],
        }
    }

    fn matches(&self, kind: &str, name: &str) -> bool {
        if self.kind != kind {
            return false;
        }
        match self.name_pattern.as_str() {
            "*" => true,
            p => match p.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => p == name,
            },
        }
    }

    fn allows(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a == "*" || a == action)
    }
}

/// A user of the token server.
#[derive(Debug, Clone)]
pub struct User {
    /// The user name sent in Basic credentials.
    pub name: String,
    /// The password.
    pub password: String,
    /// What the user may do.
    pub grants: Vec<Grant>,
}

impl User {
    /// A user with a name, password and grants.
    pub fn new(name: &str, password: &str, grants: Vec<Grant>) -> Self {
        Self {
            name: name.into(),
            password: password.into(),
            grants,
        }
    }
}

/// How a token server is set up.
#[derive(Debug, Clone)]
pub struct TokenServerConfig {
    /// The `service` the registry names in its challenge; the tokens' `aud`.
    pub service: String,
    /// The tokens' `iss`, which the registry checks.
    pub issuer: String,
    /// How long a token lives (`exp - iat`, and the reply's `expires_in`).
    pub lifetime: Duration,
    /// Who may log in, and what they may do.
    pub users: Vec<User>,
    /// What a request without credentials may do (nothing, by default: it still gets a token,
    /// with an empty `access`, as Docker Hub's token server does).
    pub anonymous: Vec<Grant>,
    /// How a request for the catalog scope (`registry:catalog:*`) from someone without the
    /// catalog grant is answered. `None` (the default): a token without the catalog in it, as
    /// the distribution token flow and Docker Hub do (the registry then answers 401
    /// `insufficient_scope`). `Some(401)` or `Some(403)`: that status with a `DENIED`
    /// envelope and no token, as token services that refuse a scope instead of granting less
    /// do.
    pub refuse_catalog: Option<u16>,
    /// When set, the server plays the OpenShift integrated registry's authentication instead
    /// of the user table: see [`ClusterAuth`].
    pub cluster: Option<ClusterAuth>,
}

/// The OpenShift registry's way of authenticating: the password of the Basic credentials is
/// the cluster's OAuth (or service-account) token, the user name is ignored; who the token
/// belongs to is asked of the real kube-apiserver (`TokenReview`), and each scope is granted
/// by a `SubjectAccessReview` as the OpenShift registry decides it: pull is `get
/// imagestreams/layers` in the repository's project, push is `update imagestreams/layers`,
/// the catalog is `list imagestreams` cluster-wide (so non-admins are refused it).
#[derive(Debug, Clone)]
pub struct ClusterAuth {
    /// The API server (`https://127.0.0.1:PORT`).
    pub api_url: String,
    /// The CA that signed its certificate (PEM).
    pub ca_pem: String,
    /// The token the server asks with (the registry's own service account on OpenShift).
    pub admin_token: String,
}

/// Alice's password in [`TokenServerConfig::default`].
pub const ALICE_PASSWORD: &str = "alice-s3cret";
/// Bob's password in [`TokenServerConfig::default`].
pub const BOB_PASSWORD: &str = "bob-s3cret";

impl Default for TokenServerConfig {
    /// `alice` may pull, push and delete everything and list the catalog; `bob` may only pull
    /// `demo/*`; anonymous may do nothing. Tokens live 5 minutes.
    fn default() -> Self {
        Self {
            service: "registry-console-test".into(),
            issuer: "registry-console-test-token-issuer".into(),
            lifetime: Duration::from_secs(300),
            users: vec![
                User::new(
                    "alice",
                    ALICE_PASSWORD,
                    vec![
                        Grant::repository("*", &["pull", "push", "delete", "*"]),
                        Grant::catalog(),
                    ],
                ),
                User::new(
                    "bob",
                    BOB_PASSWORD,
                    vec![Grant::repository("demo/*", &["pull"])],
                ),
            ],
            anonymous: Vec::new(),
            refuse_catalog: None,
            cluster: None,
        }
    }
}

/// The RSA key that signs tokens, with its certificate and libtrust key id. Made once per test
/// process with the `openssl` CLI (fast, unlike RSA key generation in a debug build).
struct SigningKey {
    key_pair: ring::signature::RsaKeyPair,
    cert_pem: String,
    kid: String,
}

fn signing_key() -> Result<&'static SigningKey> {
    static KEY: OnceLock<std::result::Result<SigningKey, String>> = OnceLock::new();
    KEY.get_or_init(|| make_signing_key().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| Error::Other(format!("token signing key: {e}")))
}

fn make_signing_key() -> Result<SigningKey> {
    use rustls_pki_types::PrivatePkcs8KeyDer;
    use rustls_pki_types::pem::PemObject;

    let output = run(
        "generate the token signing key with openssl",
        std::process::Command::new("openssl").args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
        ]),
    )?;
    let pem = String::from_utf8_lossy(&output.stdout).into_owned();
    let der = PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes())
        .map_err(|e| Error::Other(format!("read the openssl key: {e}")))?;
    let key_pair = ring::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der())
        .map_err(|e| Error::Other(format!("load the RSA key: {e}")))?;
    let rc_key = rcgen::KeyPair::from_pem(&pem)
        .map_err(|e| Error::Other(format!("load the RSA key for rcgen: {e}")))?;
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name.push(
        rcgen::DnType::CommonName,
        "Registry Console test token issuer",
    );
    let cert = params
        .self_signed(&rc_key)
        .map_err(|e| Error::Other(format!("sign the token certificate: {e}")))?;
    use rcgen::PublicKeyData;
    let kid = libtrust_key_id(&rc_key.subject_public_key_info());
    Ok(SigningKey {
        key_pair,
        cert_pem: cert.pem(),
        kid,
    })
}

/// The key id the distribution registry computes for a key (libtrust's form): the first 30
/// bytes of sha256(DER SubjectPublicKeyInfo), base32 without padding, in 12 groups of 4
/// joined by colons.
pub fn libtrust_key_id(spki_der: &[u8]) -> String {
    let hash = ring::digest::digest(&ring::digest::SHA256, spki_der);
    let b32 = base32(&hash.as_ref()[..30]);
    b32.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

struct Shared {
    config: TokenServerConfig,
    key: &'static SigningKey,
    issued: Mutex<HashMap<String, u64>>,
    requests: Mutex<u64>,
    /// Every token request per scope asked for, answered with a token or refused.
    asked: Mutex<HashMap<String, u64>>,
}

/// A running token server; stopped on [`TokenServer::stop`] or Drop.
pub struct TokenServer {
    url: String,
    port: u16,
    cert_path: PathBuf,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for TokenServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenServer")
            .field("url", &self.url)
            .field("service", &self.shared.config.service)
            .finish_non_exhaustive()
    }
}

impl TokenServer {
    /// Starts a token server on a free port of 127.0.0.1. It is ready when this returns: the
    /// socket is bound before the server thread starts.
    pub fn start(config: TokenServerConfig) -> Result<Self> {
        let key = signing_key()?;
        let dir = tempfile::Builder::new()
            .prefix("rc-token-server-")
            .tempdir()
            .map_err(|e| Error::io("make the token server's temp dir", e))?;
        let cert_path = dir.path().join("token-signer.crt");
        std::fs::write(&cert_path, &key.cert_pem)
            .map_err(|e| Error::io(format!("write {}", cert_path.display()), e))?;

        let (listener, port) = bind_loopback("the token server")?;

        let shared = Arc::new(Shared {
            config,
            key,
            issued: Mutex::new(HashMap::new()),
            requests: Mutex::new(0),
            asked: Mutex::new(HashMap::new()),
        });
        let app = axum::Router::new()
            .route("/token", axum::routing::get(token))
            .with_state(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("token-server-{port}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a current-thread runtime builds");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("a bound std listener converts");
                    // Not a graceful shutdown: a client's idle keep-alive connection must not
                    // hold the test up. Dropping the runtime closes every connection.
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = rx => {}
                    }
                });
            })
            .map_err(|e| Error::io("start the token server thread", e))?;

        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            port,
            cert_path,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
            _dir: dir,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The token endpoint, the `realm` of the registry's challenge.
    pub fn realm(&self) -> String {
        format!("{}/token", self.url)
    }

    /// The `service` (tokens' audience).
    pub fn service(&self) -> &str {
        &self.shared.config.service
    }

    /// The tokens' issuer.
    pub fn issuer(&self) -> &str {
        &self.shared.config.issuer
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &TokenServerConfig {
        &self.shared.config
    }

    /// The certificate (PEM) whose key signs the tokens: the registry's `rootcertbundle`.
    pub fn cert_path(&self) -> &Path {
        &self.cert_path
    }

    /// The signing key's id, as put in the tokens' `kid` header.
    pub fn key_id(&self) -> &str {
        &self.shared.key.kid
    }

    /// How many tokens were issued that granted or asked for `scope` (exactly as the client
    /// sent it, e.g. `repository:demo/hello:pull`).
    pub fn issued_for(&self, scope: &str) -> u64 {
        self.shared
            .issued
            .lock()
            .expect("counter lock")
            .get(scope)
            .copied()
            .unwrap_or(0)
    }

    /// How many token requests asked for `scope`, whatever the answer (a token, or a refusal:
    /// a wrong password, a catalog refused with [`TokenServerConfig::refuse_catalog`]).
    pub fn asked_for(&self, scope: &str) -> u64 {
        self.shared
            .asked
            .lock()
            .expect("counter lock")
            .get(scope)
            .copied()
            .unwrap_or(0)
    }

    /// How many token requests were answered with a token, in all.
    pub fn issued_total(&self) -> u64 {
        *self.shared.requests.lock().expect("counter lock")
    }

    /// The standard claims of a token for `subject` with `access`, issued now and living
    /// `lifetime_secs` (negative: already expired). Tests edit them to make bad tokens.
    pub fn claims(
        &self,
        subject: &str,
        access: &[Access],
        lifetime_secs: i64,
    ) -> serde_json::Value {
        let now = unix_now();
        let (nbf, exp) = if lifetime_secs < 0 {
            (now + 2 * lifetime_secs, now + lifetime_secs)
        } else {
            (now - 1, now + lifetime_secs)
        };
        json!({
            "iss": self.shared.config.issuer,
            "sub": subject,
            "aud": self.shared.config.service,
            "exp": exp,
            "nbf": nbf,
            "iat": nbf,
            "jti": crate::random_hex(16),
            "access": access,
        })
    }

    /// Signs `claims` as an RS256 JWT with this server's key and `kid`.
    pub fn sign(&self, claims: &serde_json::Value) -> String {
        sign_jwt(self.shared.key, claims)
    }

    /// Stops the server. Idempotent.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for TokenServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn sign_jwt(key: &SigningKey, claims: &serde_json::Value) -> String {
    let header = json!({"typ": "JWT", "alg": "RS256", "kid": key.kid});
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0u8; key.key_pair.public().modulus_len()];
    key.key_pair
        .sign(
            &ring::signature::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            signing_input.as_bytes(),
            &mut signature,
        )
        .expect("RSA signing with a valid key works");
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// Who sent the request: `None` for anonymous, or the user; `Err` for bad credentials.
fn authenticate<'a>(
    config: &'a TokenServerConfig,
    headers: &HeaderMap,
) -> std::result::Result<Option<&'a User>, ()> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ())?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
        .ok_or(())?;
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| ())?;
    let decoded = String::from_utf8(decoded).map_err(|_| ())?;
    let (name, password) = decoded.split_once(':').ok_or(())?;
    config
        .users
        .iter()
        .find(|u| u.name == name && u.password == password)
        .map(Some)
        .ok_or(())
}

async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let config = &shared.config;
    if let Some(cluster) = &config.cluster {
        return cluster_token(&shared, cluster, &headers, query).await;
    }
    let mut service = None;
    let mut scopes = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "service" => service = Some(v.into_owned()),
            // Docker sends one `scope` parameter per scope; some clients join them by spaces.
            "scope" => scopes.extend(v.split(' ').filter(|s| !s.is_empty()).map(str::to_owned)),
            _ => {}
        }
    }
    {
        let mut asked = shared.asked.lock().expect("counter lock");
        for scope in &scopes {
            *asked.entry(scope.clone()).or_default() += 1;
        }
    }
    let user = match authenticate(config, &headers) {
        Ok(user) => user,
        Err(()) => {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Basic realm=\"token-server\"")],
                axum::Json(json!({"errors": [{"code": "UNAUTHORIZED",
                    "message": "incorrect username or password", "detail": null}]})),
            )
                .into_response();
        }
    };
    if service.as_deref().is_some_and(|s| s != config.service) {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"errors": [{"code": "DENIED",
                "message": format!("unknown service, this server serves {}", config.service)}]})),
        )
            .into_response();
    }
    let grants = user.map_or(&config.anonymous, |u| &u.grants);
    if let Some(status) = config.refuse_catalog
        && scopes.iter().any(|s| s == "registry:catalog:*")
        && !grants.iter().any(|g| g.matches("registry", "catalog"))
    {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN);
        return (
            status,
            axum::Json(json!({"errors": [{"code": "DENIED",
                "message": "requested access to the resource is denied",
                "detail": [{"Type": "registry", "Name": "catalog", "Action": "*"}]}]})),
        )
            .into_response();
    }
    let mut access: Vec<Access> = Vec::new();
    for scope in &scopes {
        let Some(asked) = Access::parse_scope(scope) else {
            continue;
        };
        let allowed: Vec<String> = asked
            .actions
            .iter()
            .filter(|a| {
                grants
                    .iter()
                    .any(|g| g.matches(&asked.kind, &asked.name) && g.allows(a))
            })
            .cloned()
            .collect();
        if allowed.is_empty() {
            continue;
        }
        match access
            .iter_mut()
            .find(|a| a.kind == asked.kind && a.name == asked.name)
        {
            Some(existing) => {
                for a in allowed {
                    if !existing.actions.contains(&a) {
                        existing.actions.push(a);
                    }
                }
            }
            None => access.push(Access {
                kind: asked.kind,
                name: asked.name,
                actions: allowed,
            }),
        }
    }

    let lifetime = config.lifetime.as_secs().max(1) as i64;
    let now = unix_now();
    let claims = json!({
        "iss": config.issuer,
        "sub": user.map_or("", |u| u.name.as_str()),
        "aud": config.service,
        "exp": now + lifetime,
        // The registry allows no clock skew; the token must already be valid when it arrives.
        "nbf": now - 1,
        "iat": now,
        "jti": crate::random_hex(16),
        "access": access,
    });
    let jwt = sign_jwt(shared.key, &claims);
    {
        let mut issued = shared.issued.lock().expect("counter lock");
        for scope in &scopes {
            *issued.entry(scope.clone()).or_default() += 1;
        }
        *shared.requests.lock().expect("counter lock") += 1;
    }
    axum::Json(json!({
        "token": jwt,
        "access_token": jwt,
        "expires_in": lifetime,
        "issued_at": rfc3339(now),
    }))
    .into_response()
}

/// The Basic credentials' password, when the user name holds no colon (the OpenShift
/// registry ignores the name; a colon in it would end it early).
fn basic_password(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (_, password) = decoded.split_once(':')?;
    (!password.is_empty()).then(|| password.to_owned())
}

/// Asks the real API server as the registry's service account.
async fn ask_cluster(
    cluster: &ClusterAuth,
    path: &str,
    body: serde_json::Value,
) -> Option<serde_json::Value> {
    let ca = reqwest::Certificate::from_pem(cluster.ca_pem.as_bytes()).ok()?;
    let client = reqwest::Client::builder()
        .tls_certs_only([ca])
        .timeout(Duration::from_secs(10))
        .build()
        .ok()?;
    client
        .post(format!("{}{path}", cluster.api_url))
        .bearer_auth(&cluster.admin_token)
        .json(&body)
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()
}

/// The `SubjectAccessReview` the OpenShift registry asks for one action of a scope.
fn review_for(access: &Access, action: &str) -> Option<serde_json::Value> {
    match (access.kind.as_str(), action) {
        ("registry", "*") if access.name == "catalog" => Some(json!({
            "verb": "list", "group": "image.openshift.io", "resource": "imagestreams",
        })),
        ("repository", "pull" | "push") => {
            let (namespace, name) = access.name.split_once('/')?;
            if name.contains('/') {
                return None;
            }
            Some(json!({
                "namespace": namespace, "name": name,
                "verb": if action == "pull" { "get" } else { "update" },
                "group": "image.openshift.io", "resource": "imagestreams",
                "subresource": "layers",
            }))
        }
        _ => None,
    }
}

/// [`token`] as the OpenShift registry authenticates (see [`ClusterAuth`]).
async fn cluster_token(
    shared: &Shared,
    cluster: &ClusterAuth,
    headers: &HeaderMap,
    query: Option<String>,
) -> Response {
    let config = &shared.config;
    let refuse = || {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"openshift\"")],
            axum::Json(json!({"errors": [{"code": "UNAUTHORIZED",
                "message": "authentication required", "detail": null}]})),
        )
            .into_response()
    };
    let mut scopes = Vec::new();
    for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if k == "scope" {
            scopes.extend(v.split(' ').filter(|s| !s.is_empty()).map(str::to_owned));
        }
    }
    // Anonymous users get nothing, as the OpenShift registry does.
    let Some(token) = basic_password(headers) else {
        return refuse();
    };
    let review = ask_cluster(
        cluster,
        "/apis/authentication.k8s.io/v1/tokenreviews",
        json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview",
               "spec": {"token": token}}),
    )
    .await;
    let Some(review) = review.filter(|r| r["status"]["authenticated"] == true) else {
        return refuse();
    };
    let user = review["status"]["user"]["username"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let groups = review["status"]["user"]["groups"].clone();
    let mut access: Vec<Access> = Vec::new();
    for scope in &scopes {
        let Some(asked) = Access::parse_scope(scope) else {
            continue;
        };
        let mut allowed = Vec::new();
        for action in &asked.actions {
            let Some(attributes) = review_for(&asked, action) else {
                continue;
            };
            let answer = ask_cluster(
                cluster,
                "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                       "spec": {"user": user, "groups": groups, "resourceAttributes": attributes}}),
            )
            .await;
            if answer.is_some_and(|a| a["status"]["allowed"] == true) {
                allowed.push(action.clone());
            }
        }
        if !allowed.is_empty() {
            access.push(Access {
                kind: asked.kind,
                name: asked.name,
                actions: allowed,
            });
        }
    }
    let lifetime = config.lifetime.as_secs().max(1) as i64;
    let now = unix_now();
    let claims = json!({
        "iss": config.issuer, "sub": user, "aud": config.service,
        "exp": now + lifetime, "nbf": now - 1, "iat": now,
        "jti": crate::random_hex(16), "access": access,
    });
    let jwt = sign_jwt(shared.key, &claims);
    {
        let mut issued = shared.issued.lock().expect("counter lock");
        for scope in &scopes {
            *issued.entry(scope.clone()).or_default() += 1;
        }
        *shared.requests.lock().expect("counter lock") += 1;
    }
    axum::Json(json!({
        "token": jwt, "access_token": jwt,
        "expires_in": lifetime, "issued_at": rfc3339(now),
    }))
    .into_response()
}

/// Seconds since the epoch as an RFC 3339 UTC timestamp.
fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_a_known_instant() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_704_412_800), "2024-01-05T00:00:00Z");
    }

    #[test]
    fn base32_matches_rfc4648_vectors() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
    }

    #[test]
    fn scope_with_a_port_in_the_name_keeps_the_name_whole() {
        let a = Access::parse_scope("repository:host:5000/demo:pull,push").unwrap();
        assert_eq!(a.name, "host:5000/demo");
        assert_eq!(a.actions, ["pull", "push"]);
    }
}
