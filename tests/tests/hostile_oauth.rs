//! Sign-in against servers that lie: token lifetimes no clock can hold (the OpenShift OAuth
//! simulator with an injected `expires_in`, and an in-process OpenID Connect provider), a
//! refresh the provider refuses while a newer sign-in is being saved, and discovery documents
//! served over https (by `openssl s_server`) that send credentials to plain http endpoints.
//!
//! The in-process provider ([`Idp`]) is the smallest one the `auth` crate signs in to for
//! real: discovery, a token endpoint (code and refresh grants) and ES256 ID tokens checked
//! against its JWKS. Its token endpoint states whatever `expires_in` the test chooses, and can
//! hold a request until the test lets it answer, so an interleaving is fixed, not timed.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use auth::browser::BrowserOptions;
use auth::oidc::OidcProvider;
use auth::openshift::{CLI_CLIENT, OpenShift};
use auth::session::now;
use auth::{Bearer, Error, Session, SessionStore};
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use connections::TlsMode;
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth, browser_login};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};
use vault::{MemoryStore, Secret};

const CLIENT: &str = "registry-console";
/// A year: what the app believes at most, whatever a server states.
const YEAR: i64 = 365 * 24 * 3600;

/// The lifetimes a hostile server states, and what the app must make of them: `Some(range)`
/// of seconds from now.
fn hostile_lifetimes() -> Vec<(Value, std::ops::RangeInclusive<i64>)> {
    let at_most_a_year = YEAR..=YEAR + 2 * 24 * 3600;
    vec![
        (json!(i64::MAX), at_most_a_year.clone()),
        (json!(u64::MAX), at_most_a_year.clone()),
        (json!(1e300), at_most_a_year.clone()),
        (json!(1_000_000_000_000_i64), at_most_a_year),
        (json!(-5), -2..=0),
        (json!(-1e300), -2..=0),
        (json!("3600"), 3598..=3600),
        (json!(3600.7), 3598..=3600),
    ]
}

fn assert_lives(session: &Session, stated: &Value, lives: &std::ops::RangeInclusive<i64>) {
    let expires_at = session
        .expires_at
        .unwrap_or_else(|| panic!("expires_in {stated} gave no expiry"));
    let left = expires_at.saturating_sub(now());
    assert!(
        lives.contains(&left),
        "expires_in {stated}: the token is believed to live {left} s"
    );
}

#[tokio::test]
async fn openshift_lifetimes_no_clock_can_hold_are_bounded_in_both_sign_ins() {
    harness::install_crypto_provider();
    for (stated, lives) in hostile_lifetimes() {
        let sim = OpenShiftOAuth::start(OpenShiftConfig {
            stated_expires_in: Some(stated.clone()),
            ..OpenShiftConfig::default()
        })
        .unwrap();
        let cluster = OpenShift::new(sim.api_url(), &TlsMode::System).unwrap();
        // `oc login -u`: the lifetime comes in the redirect's fragment.
        let session = cluster
            .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
            .await
            .unwrap_or_else(|e| panic!("expires_in {stated}: {e}"));
        assert_lives(&session, &stated, &lives);
        // `oc login --web`: the lifetime comes in the token reply's JSON.
        let oauth_url = sim.oauth_url().to_owned();
        let opener = move |url: &url::Url| {
            let (url, oauth_url) = (url.to_string(), oauth_url.clone());
            tokio::spawn(async move {
                let browser = harness::oidc::browser().unwrap();
                let back = browser_login(&browser, &oauth_url, &url, "alice", ALICE_PASSWORD)
                    .await
                    .unwrap();
                let _ = browser.get(back).send().await;
            });
            Ok(())
        };
        let session = cluster
            .login_with_browser(CLI_CLIENT, &opener, &BrowserOptions::default())
            .await
            .unwrap_or_else(|e| panic!("expires_in {stated}: {e}"));
        assert_lives(&session, &stated, &lives);
    }
}

#[tokio::test]
async fn oidc_lifetimes_no_clock_can_hold_are_bounded_at_sign_in_and_refresh() {
    harness::install_crypto_provider();
    for (stated, lives) in hostile_lifetimes() {
        let idp = Idp::start().await;
        idp.state_expires_in(stated.clone());
        let (provider, session) = idp.sign_in().await;
        assert_lives(&session, &stated, &lives);
        let refreshed = provider
            .refresh(&session)
            .await
            .unwrap_or_else(|e| panic!("expires_in {stated}: {e}"));
        assert_lives(&refreshed, &stated, &lives);
    }
}

#[tokio::test]
async fn a_refused_refresh_does_not_forget_a_sign_in_saved_while_it_ran() {
    harness::install_crypto_provider();
    let idp = Idp::start().await;
    let store = Arc::new(SessionStore::new(Arc::new(MemoryStore::new())));
    let (_, old) = idp.sign_in().await;
    let (_, newer) = idp.sign_in().await;
    assert_ne!(old.access_token, newer.access_token);

    // The explicit refresh (the app's `auth_refresh`), then the one before a cluster call.
    for explicit in [true, false] {
        store.save(&cluster_c1(), expired(&old)).unwrap();
        idp.refuse_refreshes_after_a_hold();
        let call = {
            let store = store.clone();
            tokio::spawn(async move {
                if explicit {
                    auth::oidc::refresh_stored(&store, &cluster_c1())
                        .await
                        .map(|_| ())
                } else {
                    auth::oidc::fresh_bearer(&store, &cluster_c1())
                        .await
                        .map(|_| ())
                }
            })
        };
        // The refresh has reached the provider; meanwhile the user signs in again.
        idp.held_refresh_arrived().await;
        store.save(&cluster_c1(), newer.clone()).unwrap();
        idp.release_held_refresh();

        let err = call.await.unwrap().unwrap_err();
        assert!(matches!(err, Error::GrantRevoked { .. }), "{err:?}");
        assert_eq!(
            ipc::CommandError::from(err).code,
            ipc::ErrorCode::SignInRequired
        );
        let (kept, _) = store
            .load(&cluster_c1())
            .unwrap()
            .expect("the newer sign-in is kept");
        assert_eq!(
            kept.access_token, newer.access_token,
            "explicit: {explicit}"
        );
    }
}

#[tokio::test]
async fn a_refused_refresh_with_nothing_newer_signs_out_with_sign_in_required() {
    harness::install_crypto_provider();
    let idp = Idp::start().await;
    let store = Arc::new(SessionStore::new(Arc::new(MemoryStore::new())));
    let (_, old) = idp.sign_in().await;
    store.save(&cluster_c1(), expired(&old)).unwrap();
    idp.refuse_refreshes();
    let err = auth::oidc::fresh_bearer(&store, &cluster_c1())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("sign in again"), "{err}");
    assert!(store.load(&cluster_c1()).unwrap().is_none());
    assert!(matches!(
        auth::oidc::fresh_bearer(&store, &cluster_c1())
            .await
            .unwrap(),
        Bearer::Missing
    ));
}

#[tokio::test]
async fn an_https_cluster_never_sends_a_password_to_a_plain_http_oauth_server() {
    harness::install_crypto_provider();
    let catcher = Catcher::start().await;
    let oauth = catcher.url.clone();
    let api = HttpsFiles::start(|_| {
        vec![(
            ".well-known/oauth-authorization-server".into(),
            json!({
                "issuer": oauth,
                "authorization_endpoint": format!("{oauth}/oauth/authorize"),
                "token_endpoint": format!("{oauth}/oauth/token"),
                "code_challenge_methods_supported": ["plain", "S256"],
            }),
        )]
    });
    let cluster = OpenShift::new(&api.base, &api.tls()).unwrap();
    assert_eq!(cluster.discover().await.unwrap().issuer, catcher.url);

    let err = cluster
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Cleartext { .. }), "{err:?}");
    let said = err.to_string();
    assert!(
        said.contains("your password would cross the network unencrypted"),
        "{said}"
    );
    assert!(
        said.contains(&format!("{}/oauth/authorize", catcher.url)),
        "{said}"
    );
    assert!(said.contains(&api.base), "{said}");

    let opened = Arc::new(AtomicBool::new(false));
    let seen = opened.clone();
    let opener = move |_: &url::Url| {
        seen.store(true, Ordering::SeqCst);
        Ok(())
    };
    let options = BrowserOptions {
        timeout: std::time::Duration::from_secs(2),
        ..BrowserOptions::default()
    };
    let err = cluster
        .login_with_browser(CLI_CLIENT, &opener, &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Cleartext { .. }), "{err:?}");
    assert!(!opened.load(Ordering::SeqCst), "the browser was not opened");
    assert_eq!(
        catcher.requests(),
        Vec::<(String, bool)>::new(),
        "nothing reached the plain http OAuth server"
    );

    // A cluster the user reached over plain http themselves: their choice, the password goes.
    if catcher.is_real() {
        let cluster = OpenShift::new(&catcher.url, &TlsMode::System).unwrap();
        let err = cluster
            .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::WrongPassword { .. }), "{err:?}");
        assert!(catcher.requests().iter().any(|(_, basic)| *basic));
    }
}

#[tokio::test]
async fn an_oidc_provider_with_any_plain_http_endpoint_is_refused_before_the_browser_opens() {
    harness::install_crypto_provider();
    let catcher = Catcher::start().await;
    let plain = catcher.url.clone();
    const ENDPOINTS: [&str; 5] = [
        "authorization_endpoint",
        "token_endpoint",
        "jwks_uri",
        "userinfo_endpoint",
        "revocation_endpoint",
    ];
    // One realm per endpoint, where that one endpoint is plain http; `all-https` is the control.
    let idp = HttpsFiles::start(|base| {
        ENDPOINTS
            .iter()
            .copied()
            .chain(["all-https"])
            .map(|realm| {
                let issuer = format!("{base}/realms/{realm}");
                let mut doc = json!({"issuer": issuer});
                for name in ENDPOINTS {
                    let host = if name == realm { &plain } else { &issuer };
                    doc[name] = format!("{host}/{name}").into();
                }
                (
                    format!("realms/{realm}/.well-known/openid-configuration"),
                    doc,
                )
            })
            .collect()
    });
    let control = OidcProvider::discover(&format!("{}/realms/all-https", idp.base), &idp.tls())
        .await
        .unwrap();
    assert!(
        control
            .metadata()
            .authorization_endpoint
            .starts_with("https://")
    );
    for name in ENDPOINTS {
        let err = OidcProvider::discover(&format!("{}/realms/{name}", idp.base), &idp.tls())
            .await
            .unwrap_err();
        match &err {
            Error::Cleartext { endpoint, .. } => {
                assert_eq!(endpoint, &format!("{plain}/{name}"), "{name}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert_eq!(catcher.requests(), Vec::<(String, bool)>::new());
}

#[tokio::test]
async fn verification_off_for_a_cluster_stops_at_its_own_origin() {
    harness::install_crypto_provider();
    // The OAuth server / identity provider: https on another origin, with a certificate from
    // a CA the app does not trust.
    let idp = HttpsFiles::start(|base| {
        vec![(
            ".well-known/openid-configuration".into(),
            json!({
                "issuer": base,
                "authorization_endpoint": format!("{base}/auth"),
                "token_endpoint": format!("{base}/token"),
                "jwks_uri": format!("{base}/jwks"),
            }),
        )]
    });
    let oauth = idp.base.clone();
    // The cluster's API, whose certificate the user chose not to verify.
    let api = HttpsFiles::start(|_| {
        vec![(
            ".well-known/oauth-authorization-server".into(),
            json!({
                "issuer": oauth,
                "authorization_endpoint": format!("{oauth}/oauth/authorize"),
                "token_endpoint": format!("{oauth}/oauth/token"),
            }),
        )]
    });
    let unverified = |err: &Error, server: &str| {
        matches!(err, Error::Unreachable { url, reason }
            if url.starts_with(server) && reason.to_lowercase().contains("certificate"))
    };

    let cluster = OpenShift::new(&api.base, &TlsMode::Insecure).unwrap();
    assert_eq!(
        cluster.discover().await.unwrap().issuer,
        idp.base,
        "the cluster's own origin is reached without verification, as the user chose"
    );
    let err = cluster
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap_err();
    assert!(unverified(&err, &idp.base), "{err:?}");

    let err = OidcProvider::discover_for(&idp.base, &api.base, &TlsMode::Insecure)
        .await
        .unwrap_err();
    assert!(unverified(&err, &idp.base), "{err:?}");
    // An issuer that is the connection itself is reached as the user chose.
    OidcProvider::discover_for(&idp.base, &idp.base, &TlsMode::Insecure)
        .await
        .unwrap();
}

#[tokio::test]
async fn oversized_replies_are_refused_not_read_to_the_end() {
    harness::install_crypto_provider();
    let bloated = Bloated::start().await;
    let too_large = |err: &Error| matches!(err, Error::BadResponse { reason, .. } if reason.contains("larger than"));
    let cluster = OpenShift::new(&bloated.base, &TlsMode::System).unwrap();

    // OpenShift's discovery and user documents, 4 MiB of whitespace before valid JSON.
    let err = cluster.discover().await.unwrap_err();
    assert!(too_large(&err), "discovery: {err:?}");
    let err = cluster
        .login_with_token(Secret::new("sha256~token"))
        .await
        .unwrap_err();
    assert!(too_large(&err), "user: {err:?}");

    // An OIDC discovery document, and a token reply.
    let err = OidcProvider::discover(&format!("{}/big", bloated.base), &TlsMode::System)
        .await
        .unwrap_err();
    assert!(too_large(&err), "OIDC discovery: {err:?}");
    let idp = Idp::start().await;
    let (_, session) = idp.sign_in().await;
    let provider = OidcProvider::discover(&format!("{}/small", bloated.base), &TlsMode::System)
        .await
        .unwrap();
    let err = provider.refresh(&session).await.unwrap_err();
    assert!(too_large(&err), "token reply: {err:?}");

    // A declared length past the cap is refused before any of it is read.
    let err = OidcProvider::discover(&bloated.declared_base, &TlsMode::System)
        .await
        .unwrap_err();
    assert!(too_large(&err), "declared: {err:?}");
}

/// The cluster connection `c1`, whose users sign in at the provider (TLS verified as usual).
fn cluster_c1() -> connections::Connection {
    connections::Connection {
        id: "c1".into(),
        name: "c1".into(),
        kind: connections::ConnectionKind::Openshift,
        url: "https://cluster.example.invalid".into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn expired(session: &Session) -> Session {
    let mut session = session.clone();
    session.expires_at = Some(now() - 1);
    session
}

/// Files served over https by `openssl s_server -WWW` (an independent TLS server) from a temp
/// dir, with a certificate for 127.0.0.1 from a test CA.
struct HttpsFiles {
    base: String,
    ca: std::path::PathBuf,
    _process: harness::process::ServerProcess,
    _dir: tempfile::TempDir,
}

impl HttpsFiles {
    /// Serves the `(path, JSON)` pairs `files` gives for the server's base URL.
    fn start(files: impl Fn(&str) -> Vec<(String, Value)>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let certs = harness::tls::server_certificates(dir.path()).unwrap();
        let www = dir.path().join("www");
        for _attempt in 0..3 {
            let port = harness::process::free_port().unwrap();
            let base = format!("https://127.0.0.1:{port}");
            for (path, body) in files(&base) {
                let file = www.join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, body.to_string()).unwrap();
            }
            let mut command = std::process::Command::new("openssl");
            command
                .args(["s_server", "-quiet", "-WWW", "-accept"])
                .arg(format!("127.0.0.1:{port}"))
                .arg("-cert")
                .arg(&certs.cert_path)
                .arg("-key")
                .arg(&certs.key_path)
                .current_dir(&www);
            let log = dir.path().join(format!("s_server-{port}.log"));
            let mut process =
                harness::process::ServerProcess::spawn("openssl s_server", command, &log).unwrap();
            // Another process may take the free port first: then s_server exits, and a new
            // port is tried.
            if harness::process::wait_until(&mut process, harness::process::START_TIMEOUT, |_| {
                Ok(harness::process::port_open(port))
            })
            .is_ok()
            {
                return Self {
                    base,
                    ca: certs.ca_path,
                    _process: process,
                    _dir: dir,
                };
            }
        }
        panic!("openssl s_server did not start");
    }

    /// The connection's TLS choice: trust the test CA.
    fn tls(&self) -> TlsMode {
        TlsMode::CaBundle {
            path: self.ca.display().to_string(),
        }
    }
}

/// A plain http server on this machine's own network address (not loopback, so the app must
/// treat it as across the network), that records each request and whether it carried Basic
/// credentials, answering with OpenShift's challenge. Where the machine has no such address,
/// its URL names a host that does not exist (`.invalid`, RFC 6761) and it records nothing.
struct Catcher {
    url: String,
    seen: Arc<Mutex<Vec<(String, bool)>>>,
}

impl Catcher {
    async fn start() -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let Some(ip) = network_address() else {
            return Self {
                url: "http://oauth.invalid".into(),
                seen,
            };
        };
        let listener = tokio::net::TcpListener::bind((ip, 0)).await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let recorded = seen.clone();
        let issuer = url.clone();
        let app = axum::Router::new()
            .route(
                "/.well-known/oauth-authorization-server",
                get(move || {
                    let o = issuer.clone();
                    async move {
                        axum::Json(json!({
                            "issuer": o,
                            "authorization_endpoint": format!("{o}/oauth/authorize"),
                            "token_endpoint": format!("{o}/oauth/token"),
                        }))
                    }
                }),
            )
            .fallback(move |request: axum::extract::Request| {
                let recorded = recorded.clone();
                async move {
                    let basic = request
                        .headers()
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| v.starts_with("Basic "));
                    recorded
                        .lock()
                        .unwrap()
                        .push((request.uri().path().to_owned(), basic));
                    (
                        StatusCode::UNAUTHORIZED,
                        [("www-authenticate", "Basic realm=\"openshift\"")],
                    )
                }
            });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, seen }
    }

    fn is_real(&self) -> bool {
        !self.url.ends_with(".invalid")
    }

    fn requests(&self) -> Vec<(String, bool)> {
        self.seen.lock().unwrap().clone()
    }
}

/// This machine's address on its default route, when it has one (no packet is sent: a UDP
/// `connect` only picks the route).
fn network_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind(("0.0.0.0", 0)).ok()?;
    socket.connect(("198.51.100.1", 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// A server on 127.0.0.1 whose documents are valid JSON after 4 MiB of whitespace (sent in
/// chunks, without a length), or declare a length of 10 GiB: a client that reads bodies
/// without a cap takes them. Bounded, so that such a client finishes rather than exhausts the
/// machine.
struct Bloated {
    base: String,
    /// Every reply declares 10 GiB.
    declared_base: String,
}

impl Bloated {
    async fn start() -> Self {
        let (listener, port) = harness::process::bind_loopback("the bloated server").unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let b = base.clone();
        let app = axum::Router::new()
            .route(
                "/.well-known/oauth-authorization-server",
                get({
                    let b = b.clone();
                    move || async move {
                        padded(json!({
                            "issuer": b,
                            "authorization_endpoint": format!("{b}/oauth/authorize"),
                            "token_endpoint": format!("{b}/oauth/token"),
                        }))
                    }
                }),
            )
            .route(
                "/apis/user.openshift.io/v1/users/{name}",
                get(|| async {
                    padded(json!({"kind": "User", "metadata": {"name": "alice"}, "groups": []}))
                }),
            )
            .route(
                "/big/.well-known/openid-configuration",
                get({
                    let b = b.clone();
                    move || async move { padded(oidc_document(&format!("{b}/big"))) }
                }),
            )
            .route(
                "/small/.well-known/openid-configuration",
                get({
                    let b = b.clone();
                    move || async move {
                        axum::Json(oidc_document(&format!("{b}/small"))).into_response()
                    }
                }),
            )
            .route(
                "/small/token",
                post(|| async {
                    padded(json!({"access_token": "at", "token_type": "Bearer", "expires_in": 60}))
                }),
            );
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });

        // Raw, because an HTTP server library will not announce a length it does not send.
        let declared = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let declared_base = format!("http://{}", declared.local_addr().unwrap());
        tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut socket, _)) = declared.accept().await {
                let mut head = [0u8; 4096];
                let _ = socket.read(&mut head).await;
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{}",
                    )
                    .await;
                let _ = socket.shutdown().await;
            }
        });
        Self {
            base,
            declared_base,
        }
    }
}

fn oidc_document(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
    })
}

/// `document` after 4 MiB of JSON whitespace, streamed without a length.
fn padded(document: Value) -> Response {
    let padding =
        (0..64).map(|_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b' '; 64 * 1024])));
    let document = std::iter::once(Ok(axum::body::Bytes::from(document.to_string())));
    Response::builder()
        .header("content-type", "application/json")
        .body(axum::body::Body::from_stream(futures_util::stream::iter(
            padding.chain(document),
        )))
        .unwrap()
}

/// An OpenID Connect provider on 127.0.0.1 in this process.
struct Idp {
    base: String,
    shared: Arc<Shared>,
}

struct Shared {
    base: String,
    key: EcdsaKeyPair,
    /// What `expires_in` says; `null` for the default of an hour.
    expires_in: Mutex<Value>,
    /// The nonce of the authorization request in progress.
    nonce: Mutex<Option<String>>,
    issued: AtomicU64,
    /// Refresh grants are refused (`invalid_grant`).
    refuse: AtomicBool,
    /// Refresh requests wait for a permit here when `hold` is set.
    hold: AtomicBool,
    release: tokio::sync::Semaphore,
    arrived: tokio::sync::Notify,
}

impl Idp {
    async fn start() -> Self {
        let (listener, port) = harness::process::bind_loopback("the test OIDC provider").unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let shared = Arc::new(Shared {
            base: base.clone(),
            key,
            expires_in: Mutex::new(Value::Null),
            nonce: Mutex::new(None),
            issued: AtomicU64::new(0),
            refuse: AtomicBool::new(false),
            hold: AtomicBool::new(false),
            release: tokio::sync::Semaphore::new(0),
            arrived: tokio::sync::Notify::new(),
        });
        let app = axum::Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base, shared }
    }

    fn state_expires_in(&self, value: Value) {
        *self.shared.expires_in.lock().unwrap() = value;
    }

    fn refuse_refreshes(&self) {
        self.shared.refuse.store(true, Ordering::SeqCst);
    }

    fn refuse_refreshes_after_a_hold(&self) {
        self.refuse_refreshes();
        self.shared.hold.store(true, Ordering::SeqCst);
    }

    async fn held_refresh_arrived(&self) {
        self.shared.arrived.notified().await;
    }

    fn release_held_refresh(&self) {
        self.shared.release.add_permits(1);
    }

    /// Signs in through the app's browser flow; the "browser" delivers a code at once.
    async fn sign_in(&self) -> (OidcProvider, Session) {
        let provider = OidcProvider::discover(&self.base, &TlsMode::System)
            .await
            .unwrap();
        let shared = self.shared.clone();
        let opener = move |url: &url::Url| {
            let param = |name: &str| {
                url.query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
                    .unwrap()
            };
            *shared.nonce.lock().unwrap() = Some(param("nonce"));
            let back = format!(
                "{}?code=c0de&state={}",
                param("redirect_uri"),
                param("state")
            );
            tokio::spawn(async move {
                let _ = harness::oidc::browser().unwrap().get(back).send().await;
            });
            Ok(())
        };
        let session = provider
            .login(CLIENT, &opener, &BrowserOptions::default())
            .await
            .unwrap();
        (provider, session)
    }
}

async fn discovery(State(shared): State<Arc<Shared>>) -> Response {
    let base = &shared.base;
    axum::Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/auth"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks"),
        "code_challenge_methods_supported": ["S256"],
    }))
    .into_response()
}

async fn jwks(State(shared): State<Arc<Shared>>) -> Response {
    let public = shared.key.public_key().as_ref();
    axum::Json(json!({"keys": [{
        "kty": "EC", "crv": "P-256", "kid": "k1", "alg": "ES256", "use": "sig",
        "x": URL_SAFE_NO_PAD.encode(&public[1..33]),
        "y": URL_SAFE_NO_PAD.encode(&public[33..65]),
    }]}))
    .into_response()
}

async fn token(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Response {
    let n = shared.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let expires_in = match shared.expires_in.lock().unwrap().clone() {
        Value::Null => json!(3600),
        stated => stated,
    };
    let mut reply = json!({
        "access_token": format!("at-{n}"),
        "refresh_token": format!("rt-{n}"),
        "token_type": "Bearer",
        "expires_in": expires_in,
    });
    match form.get("grant_type").map(String::as_str) {
        Some("authorization_code") => {
            let nonce = shared.nonce.lock().unwrap().take();
            reply["id_token"] = id_token(&shared, nonce).into();
        }
        Some("refresh_token") => {
            if shared.hold.swap(false, Ordering::SeqCst) {
                shared.arrived.notify_one();
                shared.release.acquire().await.unwrap().forget();
            }
            if shared.refuse.load(Ordering::SeqCst) {
                return (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({"error": "invalid_grant", "error_description": "grant request is invalid"})),
                )
                    .into_response();
            }
        }
        _ => return StatusCode::BAD_REQUEST.into_response(),
    }
    axum::Json(reply).into_response()
}

fn id_token(shared: &Shared, nonce: Option<String>) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256","kid":"k1"}"#);
    let claims = json!({
        "iss": shared.base, "sub": "tester", "aud": CLIENT,
        "exp": now() + 3600, "iat": now(), "nonce": nonce,
        "preferred_username": "tester", "email": "tester@example.test", "name": "Test user",
    });
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signature = shared
        .key
        .sign(
            &SystemRandom::new(),
            format!("{header}.{payload}").as_bytes(),
        )
        .unwrap();
    format!(
        "{header}.{payload}.{}",
        URL_SAFE_NO_PAD.encode(signature.as_ref())
    )
}
