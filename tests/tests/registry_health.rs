//! A registry's Health and Metrics tabs through a whole `console::Console` as the shell drives
//! it (a memory keyring, a settings file in a temp dir): the real distribution registry's
//! `/v2/`, its debug server's `/debug/health` (passing, and failing for storage it cannot
//! use) and `/metrics` (rates over two real scrapes with requests in between); and an
//! in-process server that answers as the OpenShift registry does for `/healthz` and
//! `/extensions/v2/metrics` (Basic authentication, any user name, the metrics secret as the
//! password: seed 002), with a wrong secret, a redirect elsewhere, an endless body, absurd
//! numbers and a restart.

use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::registry::{Mode, Registry, RegistryOptions};
use health::FailureKind;
use health::metrics::MetricsSource;
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use vault::{KeptIn, MemoryStore, Secret, SecretStore};

const METRICS_SECRET: &str = "s3cr3t-metrics";

fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()) as Arc<dyn SecretStore>,
        ClientOptions::default(),
    )
}

fn add(console: &Console, url: &str) -> Connection {
    console
        .add_connection(&ConnectionDraft {
            name: format!("Registry at {url}"),
            kind: ConnectionKind::Registry,
            url: url.to_owned(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .expect("the connection is saved")
}

fn code(error: console::Error) -> ErrorCode {
    CommandError::from(error).code
}

#[tokio::test]
async fn a_real_registry_answers_v2_and_its_debug_server_reports_every_check_passing() {
    let registry = Registry::start_with(RegistryOptions {
        debug: true,
        ..RegistryOptions::new(Mode::Basic)
    })
    .expect("registry starts");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &registry.url());

    // Without a debug address: /v2/ and /healthz only.
    let report = console.registry_health(&connection.id).await.unwrap();
    let v2 = report.v2.expect("the registry answers /v2/");
    assert_eq!(v2.status, 401);
    assert_eq!(v2.api_version.as_deref(), Some("registry/2.0"));
    assert_eq!(v2.auth_scheme.as_deref(), Some("Basic"));
    assert_eq!(v2.realm.as_deref(), Some("basic-realm"));
    assert!(v2.answers());
    // The distribution registry has no /healthz: that is OpenShift's.
    assert_eq!(
        report.healthz_failure.unwrap().kind,
        FailureKind::NotOffered
    );
    assert!(report.debug.is_none() && report.debug_failure.is_none());

    let saved = console
        .set_debug_address(&connection.id, registry.debug_address().as_deref())
        .unwrap();
    assert_eq!(saved, Some(format!("{}/", registry.debug_url().unwrap())));
    let report = console.registry_health(&connection.id).await.unwrap();
    let debug = report.debug.expect("the debug server answers");
    assert_eq!(debug.status, 200);
    assert!(debug.healthy);
    assert!(debug.checks.is_empty());

    // Kept in the settings file: a console opened again finds it.
    drop(console);
    let again = whole_console(dir.path());
    let report = again.registry_health(&connection.id).await.unwrap();
    assert!(report.debug.expect("still saved").healthy);

    // An address with a path is refused where it is typed, and nothing is saved.
    let error = again
        .set_debug_address(&connection.id, Some("127.0.0.1:1/debug/health"))
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::InvalidInput);
    // Forgetting it.
    assert_eq!(
        again.set_debug_address(&connection.id, Some(" ")).unwrap(),
        None
    );
    assert!(
        again
            .registry_health(&connection.id)
            .await
            .unwrap()
            .debug
            .is_none()
    );
}

#[tokio::test]
async fn a_registry_whose_storage_cannot_be_used_shows_the_failing_check_and_its_error() {
    let registry = Registry::start_with(RegistryOptions {
        debug: true,
        failing_storage: true,
        ..RegistryOptions::new(Mode::Open)
    })
    .expect("registry starts");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &registry.url());
    console
        .set_debug_address(&connection.id, registry.debug_address().as_deref())
        .unwrap();

    // The checker runs every second; wait (without asserting on time) until it has run.
    let mut report = console.registry_health(&connection.id).await.unwrap();
    for _ in 0..100 {
        if report.debug.as_ref().is_some_and(|d| !d.healthy) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        report = console.registry_health(&connection.id).await.unwrap();
    }
    let debug = report.debug.expect("the debug server answers");
    assert_eq!(debug.status, 503);
    assert!(!debug.healthy);
    let check = debug
        .checks
        .iter()
        .find(|c| c.name == "storagedriver_filesystem")
        .expect("the storage driver's check is named");
    assert!(
        check.error.contains("not a directory"),
        "the error says what failed: {}",
        check.error
    );
    // The registry then refuses every request, /v2/ included, and says why.
    let v2 = report.v2.expect("it still answers");
    assert_eq!(v2.status, 503);
    assert!(!v2.answers());
    assert!(
        v2.registry_error
            .as_deref()
            .unwrap_or("")
            .contains("UNAVAILABLE"),
        "{:?}",
        v2.registry_error
    );
}

#[tokio::test]
async fn metrics_rates_come_from_two_real_scrapes_with_requests_in_between() {
    let registry = Registry::start_with(RegistryOptions {
        debug: true,
        ..RegistryOptions::new(Mode::Open)
    })
    .expect("registry starts");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &registry.url());

    // No debug address yet: said in words, not a crash.
    let error = console
        .registry_metrics(&connection.id, MetricsSource::Debug)
        .await
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::InvalidInput);

    console
        .set_debug_address(&connection.id, registry.debug_address().as_deref())
        .unwrap();
    let first = console
        .registry_metrics(&connection.id, MetricsSource::Debug)
        .await
        .unwrap();
    assert_eq!(first.scrapes, 1);
    assert!(first.points.is_empty(), "a rate needs two scrapes");
    assert!(
        first
            .raw
            .iter()
            .any(|r| r.name == "promhttp_metric_handler_requests_total"),
        "the raw list holds every sample"
    );

    let http = registry.http_client().unwrap();
    for _ in 0..10 {
        let r = http
            .get(format!("{}/v2/", registry.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    for _ in 0..3 {
        let r = http
            .get(format!("{}/v2/nothing/here/tags/list", registry.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }

    let second = console
        .registry_metrics(&connection.id, MetricsSource::Debug)
        .await
        .unwrap();
    assert_eq!(second.scrapes, 2);
    assert!(!second.no_registry_series);
    let point = second.points.last().expect("two scrapes give a point");
    assert!(!point.restarted);
    let increase = |method: &str, code: &str| {
        point
            .request_rates
            .iter()
            .find(|r| r.method == method && r.code == code)
            .map_or(0.0, |r| r.per_second * point.interval_seconds)
    };
    assert!((increase("GET", "200") - 10.0).abs() < 1e-6, "{point:?}");
    assert!((increase("GET", "404") - 3.0).abs() < 1e-6, "{point:?}");
    let (p50, p99) = (point.p50_ms.unwrap(), point.p99_ms.unwrap());
    assert!(p50 > 0.0 && p50 <= p99, "{point:?}");
    assert!(point.bytes_out_per_second.unwrap() > 0.0);
    assert!(
        point.storage.iter().any(|s| s.driver == "filesystem"),
        "the tags lookups ask the storage driver: {point:?}"
    );
}

/// What the OpenShift-like server answers for `/extensions/v2/metrics`, by scrape number.
#[derive(Clone)]
struct OpenShiftLike {
    scrapes: Arc<AtomicUsize>,
    /// Where `/extensions/v2/metrics` redirects to, if it does.
    redirect_to: Option<String>,
    /// An endless body instead of metrics.
    endless: bool,
}

fn basic_password(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    // Any user name (seed 002: <user> は任意); the password must be the metrics secret.
    text.split_once(':').map(|(_, p)| p.to_owned())
}

async fn openshift_metrics(
    axum::extract::State(state): axum::extract::State<OpenShiftLike>,
    headers: HeaderMap,
) -> Response {
    if let Some(to) = &state.redirect_to {
        return (StatusCode::FOUND, [(header::LOCATION, to.clone())]).into_response();
    }
    if basic_password(&headers).as_deref() != Some(METRICS_SECRET) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Basic realm=\"metrics\"")],
            "unauthorized",
        )
            .into_response();
    }
    if state.endless {
        let chunk = axum::body::Bytes::from(vec![b'#'; 64 * 1024]);
        let stream = futures_util::stream::repeat(Ok::<_, Infallible>(chunk));
        return axum::body::Body::from_stream(stream).into_response();
    }
    let n = state.scrapes.fetch_add(1, Ordering::SeqCst);
    // The second scrape counts from nearly zero again: the registry restarted.
    let count = if n == 0 { 1000 } else { 4 };
    format!(
        "# TYPE openshift_build_info gauge\n\
         openshift_build_info{{gitVersion=\"v4.16.0\"}} 1\n\
         # TYPE imageregistry_http_requests_total counter\n\
         imageregistry_http_requests_total{{code=\"200\",handler=\"manifests\",method=\"get\"}} {count}\n\
         imageregistry_http_requests_total{{code=\"500\",handler=\"blobs\",method=\"get\"}} NaN\n\
         imageregistry_http_requests_total{{code=\"503\",handler=\"blobs\",method=\"get\"}} +Inf\n\
         imageregistry_http_requests_total{{code=\"201\",handler=\"blobs\",method=\"put\"}} 1e308\n\
         # TYPE imageregistry_digest_cache_requests_total counter\n\
         imageregistry_digest_cache_requests_total{{type=\"Hit\"}} {count}\n\
         imageregistry_digest_cache_requests_total{{type=\"Miss\"}} 0\n"
    )
    .into_response()
}

/// Starts the server on a free loopback port; its base URL.
async fn start_openshift_like(state: OpenShiftLike) -> String {
    let app = axum::Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/v2/",
            get(|| async {
                (
                    StatusCode::UNAUTHORIZED,
                    [
                        (
                            header::WWW_AUTHENTICATE,
                            "Bearer realm=\"https://oauth.example/openshift/token\"",
                        ),
                        (
                            header::HeaderName::from_static("docker-distribution-api-version"),
                            "registry/2.0",
                        ),
                    ],
                )
            }),
        )
        .route("/extensions/v2/metrics", get(openshift_metrics))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openshift_metrics_ask_for_the_secret_once_refuse_a_wrong_one_and_survive_a_restart() {
    let url = start_openshift_like(OpenShiftLike {
        scrapes: Arc::default(),
        redirect_to: None,
        endless: false,
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &url);

    let report = console.registry_health(&connection.id).await.unwrap();
    assert!(report.healthz.expect("/healthz answers").healthy);
    let v2 = report.v2.unwrap();
    assert_eq!(v2.auth_scheme.as_deref(), Some("Bearer"));
    assert_eq!(
        v2.realm.as_deref(),
        Some("https://oauth.example/openshift/token")
    );

    // No secret saved: the tab asks for it.
    let error = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::MetricsSecretRequired);
    assert_eq!(
        console.metrics_secret_kept(&connection.id).await.unwrap(),
        None
    );

    // A wrong secret: refused, in words, and the secret is not in them.
    console
        .save_metrics_secret(&connection.id, Secret::new("wrong-secret"), KeptIn::Keyring)
        .await
        .unwrap();
    let error = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("refused the metrics secret"), "{message}");
    assert!(!message.contains("wrong-secret"));
    assert_eq!(code(error), ErrorCode::MetricsSecretRequired);

    console
        .save_metrics_secret(&connection.id, Secret::new(METRICS_SECRET), KeptIn::Keyring)
        .await
        .unwrap();
    assert_eq!(
        console.metrics_secret_kept(&connection.id).await.unwrap(),
        Some(KeptIn::Keyring)
    );
    let first = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap();
    assert_eq!(first.scrapes, 1);
    assert!(first.raw.iter().any(|r| r.value == "NaN"));
    // A point needs two scrapes apart in time; a local server can answer both in under the
    // millisecond the series asks for, so wait as a user's next refresh would.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let second = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap();
    let point = second.points.last().expect("a point");
    // 1000 then 4: a restart, counted as 4 new requests, never a negative rate.
    assert!(point.restarted);
    let get_200 = point
        .request_rates
        .iter()
        .find(|r| r.method == "GET" && r.code == "200")
        .unwrap();
    assert!((get_200.per_second * point.interval_seconds - 4.0).abs() < 1e-6);
    for r in &point.request_rates {
        assert!(r.per_second.is_finite() && r.per_second >= 0.0, "{r:?}");
        assert_ne!(r.code, "500", "NaN is not a count");
        assert_ne!(r.code, "503", "+Inf is not a count");
    }
    assert_eq!(point.cache_hit_ratio, Some(1.0));
    // Every number the window gets is JSON it can draw (no NaN, which JSON cannot hold).
    let json = serde_json::to_string(&second).unwrap();
    assert!(!json.contains("null,\"perSecond\""));

    // Forgotten: asked again.
    console.forget_metrics_secret(&connection.id).await.unwrap();
    let error = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::MetricsSecretRequired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metrics_secret_does_not_follow_a_redirect_to_another_server() {
    // The server the redirect points at records whether anything reached it.
    let elsewhere_hits = Arc::new(AtomicUsize::new(0));
    let hits = Arc::clone(&elsewhere_hits);
    let elsewhere = axum::Router::new().fallback(move |headers: HeaderMap| {
        let hits = Arc::clone(&hits);
        async move {
            hits.fetch_add(1, Ordering::SeqCst);
            assert!(headers.get(header::AUTHORIZATION).is_none());
            "# nothing\n"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let elsewhere_url = format!("http://{}/steal", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, elsewhere).await;
    });

    let url = start_openshift_like(OpenShiftLike {
        scrapes: Arc::default(),
        redirect_to: Some(elsewhere_url.clone()),
        endless: false,
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &url);
    console
        .save_metrics_secret(&connection.id, Secret::new(METRICS_SECRET), KeptIn::Session)
        .await
        .unwrap();
    let error = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("redirect") && message.contains(&elsewhere_url),
        "{message}"
    );
    assert_eq!(code(error), ErrorCode::BadResponse);
    assert_eq!(
        elsewhere_hits.load(Ordering::SeqCst),
        0,
        "nothing went elsewhere"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_metrics_body_is_cut_off_at_the_cap() {
    let url = start_openshift_like(OpenShiftLike {
        scrapes: Arc::default(),
        redirect_to: None,
        endless: true,
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = add(&console, &url);
    console
        .save_metrics_secret(&connection.id, Secret::new(METRICS_SECRET), KeptIn::Session)
        .await
        .unwrap();
    let error = console
        .registry_metrics(&connection.id, MetricsSource::OpenShift)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("larger than"), "{error}");
    assert_eq!(code(error), ErrorCode::BadResponse);
}

#[tokio::test]
async fn the_metrics_secret_is_not_sent_in_cleartext_for_an_https_connection() {
    // The rule of `net::secret_may_travel`: a secret given for an https server never goes to
    // an http URL elsewhere. Nothing listens there; the refusal comes before any request.
    let connection_url = url::Url::parse("https://registry.example.com/").unwrap();
    let target = url::Url::parse("http://registry.example.com:5000/extensions/v2/metrics").unwrap();
    let client =
        net::Client::new(&connection_url, &TlsMode::System, &net::Options::default()).unwrap();
    let secret = Secret::new(METRICS_SECRET);
    let error = health::metrics::scrape(&client, &connection_url, &target, Some(&secret))
        .await
        .unwrap_err();
    assert!(
        matches!(error, health::Error::CleartextRefused { .. }),
        "{error}"
    );
    assert!(!error.to_string().contains(METRICS_SECRET));
}
