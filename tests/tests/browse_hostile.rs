//! The registry client against an in-process registry that lies, stalls and sends garbage.
//! Each case must end in a clear error or a correct retry: never a hang, never a panic.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use connections::{Connection, ConnectionKind, TlsMode};
use registry::model::CatalogEvent;
use registry::{CancelFlag, ClientOptions, Error, RegistryClient};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vault::BasicCredentials;

const DOCKER_V2: &str = "application/vnd.docker.distribution.manifest.v2+json";

fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(2),
        retry_backoff: vec![Duration::from_millis(10), Duration::from_millis(20)],
        ..ClientOptions::default()
    }
}

fn client(url: &str, credentials: Option<BasicCredentials>) -> RegistryClient {
    let connection = Connection {
        id: "hostile".into(),
        name: "hostile".into(),
        kind: ConnectionKind::Registry,
        url: url.into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    RegistryClient::with_options(&connection, credentials, options()).unwrap()
}

/// Serves `router` on 127.0.0.1:0; returns its base URL. The server lives as long as the test.
async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://127.0.0.1:{port}")
}

/// What a raw TCP server does with its `n`th connection.
#[derive(Clone, Copy)]
enum Raw {
    /// Send this reply, then close.
    Reply(&'static str),
    /// Reset the connection (RST) after reading the request.
    Reset,
    /// Read the request and never answer.
    Stall,
}

/// A server below HTTP, for what axum will not do: resets, stalls, lying Content-Length.
/// Returns the base URL and the count of connections.
async fn raw_server(plan: fn(usize) -> Raw) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut request = Vec::new();
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(k) => request.extend_from_slice(&buf[..k]),
                    }
                }
                match plan(n) {
                    Raw::Reply(reply) => {
                        let _ = stream.write_all(reply.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                    Raw::Reset => {
                        let _ = stream.set_zero_linger();
                        drop(stream);
                    }
                    Raw::Stall => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        drop(stream);
                    }
                }
            });
        }
    });
    (format!("http://127.0.0.1:{port}"), count)
}

async fn list_all(client: &RegistryClient) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    client
        .catalog(&CancelFlag::new(), &mut |event| {
            if let CatalogEvent::Page { repositories, .. } = event {
                names.extend(repositories);
            }
        })
        .await?;
    Ok(names)
}

fn json(body: impl Into<String>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body.into()).into_response()
}

fn sha256(bytes: &[u8]) -> String {
    harness::sha256_digest(bytes)
}

#[tokio::test]
async fn invalid_json_catalog_is_a_bad_response() {
    let url = serve(Router::new().route(
        "/v2/_catalog",
        axum::routing::get(|| async { json("{\"repositories\": [\"a\",") }),
    ))
    .await;
    let error = list_all(&client(&url, None)).await.unwrap_err();
    assert!(matches!(error, Error::BadResponse { .. }), "{error:?}");
    assert!(
        error.to_string().contains("invalid catalog JSON"),
        "{error}"
    );
}

#[tokio::test]
async fn truncated_body_is_an_error_not_data() {
    let (url, _) = raw_server(|_| {
        Raw::Reply(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"repositories\":[\"a\",",
        )
    })
    .await;
    let error = list_all(&client(&url, None)).await.unwrap_err();
    assert!(matches!(error, Error::Truncated { .. }), "{error:?}");
}

fn manifest_bytes() -> String {
    let config = r#"{"architecture":"amd64","os":"linux"}"#;
    format!(
        r#"{{"schemaVersion":2,"mediaType":"{DOCKER_V2}","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{}","size":{}}},"layers":[]}}"#,
        sha256(config.as_bytes()),
        config.len()
    )
}

#[tokio::test]
async fn manifest_whose_content_does_not_match_the_digest_asked_for_is_refused() {
    let url = serve(Router::new().fallback(|| async {
        ([(header::CONTENT_TYPE, DOCKER_V2)], manifest_bytes()).into_response()
    }))
    .await;
    let client = client(&url, None);
    let asked = sha256(b"something else");
    let error = client.manifest("demo/x", &asked).await.unwrap_err();
    let Error::DigestMismatch {
        expected, actual, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(expected, &asked);
    assert_eq!(actual, &sha256(manifest_bytes().as_bytes()));
    // By tag the manifest itself is accepted, but the config blob this server sends (the
    // manifest again) does not match the config digest: refused too.
    let error = client.tag_summary("demo/x", "v1").await.unwrap_err();
    let Error::DigestMismatch { expected, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        expected,
        &sha256(br#"{"architecture":"amd64","os":"linux"}"#)
    );
}

#[tokio::test]
async fn docker_content_digest_header_that_disagrees_with_the_bytes_is_refused() {
    let url = serve(Router::new().fallback(|| async {
        (
            [
                (header::CONTENT_TYPE, DOCKER_V2.to_owned()),
                (
                    header::HeaderName::from_static("docker-content-digest"),
                    sha256(b"other"),
                ),
            ],
            manifest_bytes(),
        )
            .into_response()
    }))
    .await;
    let error = client(&url, None)
        .manifest("demo/x", "v1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::DigestMismatch { .. }), "{error:?}");
}

#[tokio::test]
async fn link_that_repeats_an_earlier_page_is_a_link_loop() {
    let url = serve(Router::new().route(
        "/v2/_catalog",
        axum::routing::get(|uri: Uri| async move {
            let next = if uri.query().unwrap_or("").contains("last=b") {
                "</v2/_catalog?last=a&n=1000>; rel=\"next\""
            } else if uri.query().unwrap_or("").contains("last=a") {
                "</v2/_catalog?last=b&n=1000>; rel=\"next\""
            } else {
                "</v2/_catalog?last=a&n=1000>; rel=\"next\""
            };
            (
                [(header::LINK, next)],
                json("{\"repositories\":[\"a\",\"b\"]}"),
            )
                .into_response()
        }),
    ))
    .await;
    let error = list_all(&client(&url, None)).await.unwrap_err();
    assert!(matches!(error, Error::LinkLoop { .. }), "{error:?}");
}

#[tokio::test]
async fn fifty_megabyte_replies_are_refused_without_reading_them() {
    let url = serve(
        Router::new()
            .route(
                "/v2/_catalog",
                axum::routing::get(|| async {
                    // Chunked, no Content-Length: the cap must hold while streaming.
                    let chunk = Bytes::from(vec![b' '; 1 << 20]);
                    let stream = futures_util::stream::iter(
                        (0..50).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
                    );
                    Response::new(Body::from_stream(stream))
                }),
            )
            .fallback(|| async {
                let body = vec![b' '; 50 << 20];
                ([(header::CONTENT_TYPE, DOCKER_V2)], body).into_response()
            }),
    )
    .await;
    let client = client(&url, None);
    let error = list_all(&client).await.unwrap_err();
    assert!(matches!(error, Error::TooLarge { .. }), "{error:?}");
    let error = client.manifest("demo/x", "v1").await.unwrap_err();
    assert!(
        matches!(error, Error::TooLarge { limit, .. } if limit == 4 << 20),
        "{error:?}"
    );
}

#[tokio::test]
async fn too_many_requests_is_retried_after_retry_after() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(
        Router::new()
            .route(
                "/v2/_catalog",
                axum::routing::get(|State(hits): State<Arc<AtomicUsize>>| async move {
                    if hits.fetch_add(1, Ordering::SeqCst) == 0 {
                        (
                            StatusCode::TOO_MANY_REQUESTS,
                            [(header::RETRY_AFTER, "1")],
                            "slow down",
                        )
                            .into_response()
                    } else {
                        json("{\"repositories\":[\"a\"]}")
                    }
                }),
            )
            .with_state(hits.clone()),
    )
    .await;
    assert_eq!(list_all(&client(&url, None)).await.unwrap(), ["a"]);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn server_errors_are_retried_for_get_then_reported_and_never_retried_for_delete() {
    let hits = Arc::new(AtomicUsize::new(0));
    let url = serve(
        Router::new()
            .fallback(|State(hits): State<Arc<AtomicUsize>>| async move {
                hits.fetch_add(1, Ordering::SeqCst);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json(r#"{"errors":[{"code":"UNKNOWN","message":"storage on fire","detail":null}]}"#),
                )
            })
            .with_state(hits.clone()),
    )
    .await;
    let client = client(&url, None);
    let error = client.tags("demo/x").await.unwrap_err();
    assert!(
        matches!(error, Error::Registry { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(error.detail().as_deref(), Some("UNKNOWN: storage on fire"));
    assert_eq!(hits.load(Ordering::SeqCst), 3, "GET: three attempts");

    hits.store(0, Ordering::SeqCst);
    let error = client
        .delete_manifest("demo/x", &sha256(b"x"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Registry { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1, "DELETE: one attempt");
}

#[tokio::test]
async fn connection_reset_is_retried_for_get() {
    let (url, connections) = raw_server(|n| {
        if n == 0 {
            Raw::Reset
        } else {
            Raw::Reply(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\nConnection: close\r\n\r\n{\"repositories\":[]}\n",
            )
        }
    })
    .await;
    assert!(list_all(&client(&url, None)).await.unwrap().is_empty());
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn connection_reset_every_time_is_unreachable_after_three_attempts() {
    let (url, connections) = raw_server(|_| Raw::Reset).await;
    let error = list_all(&client(&url, None)).await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("reset"), "{error}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn stalled_server_ends_in_a_timeout_error() {
    let (url, _) = raw_server(|_| Raw::Stall).await;
    let error = client(&url, None).check().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
    assert!(error.to_string().contains("within 2 s"), "{error}");
}

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Option<String>>>>);

#[tokio::test]
async fn redirect_to_another_host_does_not_carry_authorization() {
    let config = r#"{"architecture":"amd64","os":"linux","config":{"Cmd":["/x"]}}"#;
    let seen_by_storage = Seen::default();
    let storage = serve(
        Router::new()
            .fallback(|State(seen): State<Seen>, headers: HeaderMap| async move {
                let auth = headers
                    .get(header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap().to_owned());
                seen.0.lock().unwrap().push(auth);
                r#"{"architecture":"amd64","os":"linux","config":{"Cmd":["/x"]}}"#
            })
            .with_state(seen_by_storage.clone()),
    )
    .await;
    // Another host: `localhost` instead of 127.0.0.1, and another port.
    let storage = storage.replace("127.0.0.1", "localhost");
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"{DOCKER_V2}","config":{{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"{}","size":{}}},"layers":[]}}"#,
        sha256(config.as_bytes()),
        config.len()
    );
    let seen_by_registry = Seen::default();
    let registry = serve(
        Router::new()
            .fallback(
                move |State(seen): State<Seen>, uri: Uri, headers: HeaderMap| {
                    let manifest = manifest.clone();
                    let storage = storage.clone();
                    async move {
                        let auth = headers
                            .get(header::AUTHORIZATION)
                            .map(|v| v.to_str().unwrap().to_owned());
                        seen.0.lock().unwrap().push(auth.clone());
                        if auth.is_none() {
                            return (
                                StatusCode::UNAUTHORIZED,
                                [(header::WWW_AUTHENTICATE, "Basic realm=\"hostile\"")],
                                "",
                            )
                                .into_response();
                        }
                        if uri.path().contains("/blobs/") {
                            return (
                                StatusCode::TEMPORARY_REDIRECT,
                                [(header::LOCATION, format!("{storage}/bucket/config"))],
                                "",
                            )
                                .into_response();
                        }
                        ([(header::CONTENT_TYPE, DOCKER_V2)], manifest).into_response()
                    }
                },
            )
            .with_state(seen_by_registry.clone()),
    )
    .await;
    let client = client(&registry, Some(BasicCredentials::new("alice", "pw")));
    let detail = client.manifest("demo/x", "v1").await.unwrap();
    assert_eq!(detail.image.unwrap().cmd, ["/x"]);
    assert!(
        seen_by_registry
            .0
            .lock()
            .unwrap()
            .iter()
            .any(Option::is_some),
        "the registry itself got credentials"
    );
    assert_eq!(
        *seen_by_storage.0.lock().unwrap(),
        [None],
        "storage saw Authorization"
    );
}

#[derive(Clone, Default)]
struct TokenState {
    issued: Arc<AtomicUsize>,
    /// Tokens the registry accepts, by number; an empty set refuses all.
    accept_from: usize,
    /// The `expires_in` of the token replies, as JSON.
    expires_in: &'static str,
    realm: Arc<Mutex<String>>,
}

async fn token_registry(accept_from: usize) -> (String, TokenState) {
    token_registry_with(accept_from, "300").await
}

async fn token_registry_with(accept_from: usize, expires_in: &'static str) -> (String, TokenState) {
    let state = TokenState {
        accept_from,
        expires_in,
        ..TokenState::default()
    };
    let router = Router::new()
        .route(
            "/token",
            axum::routing::get(|State(s): State<TokenState>| async move {
                let n = s.issued.fetch_add(1, Ordering::SeqCst);
                json(format!(r#"{{"token":"t{n}","expires_in":{}}}"#, s.expires_in))
            }),
        )
        .fallback(|State(s): State<TokenState>, headers: HeaderMap| async move {
            let token = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer t"))
                .and_then(|n| n.parse::<usize>().ok());
            match token {
                Some(n) if n >= s.accept_from => json("{\"repositories\":[\"a\"]}"),
                _ => {
                    let realm = s.realm.lock().unwrap().clone();
                    let error = if token.is_some() { ",error=\"invalid_token\"" } else { "" };
                    (
                        StatusCode::UNAUTHORIZED,
                        [(
                            header::WWW_AUTHENTICATE,
                            format!(r#"Bearer realm="{realm}",service="hostile",scope="registry:catalog:*"{error}"#),
                        )],
                        json(r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#),
                    )
                        .into_response()
                }
            }
        })
        .with_state(state.clone());
    let url = serve(router).await;
    *state.realm.lock().unwrap() = format!("{url}/token");
    (url, state)
}

#[tokio::test]
async fn refused_token_triggers_one_rechallenge_then_succeeds() {
    // The first token (t0) is refused as if expired; t1 works.
    let (url, state) = token_registry(1).await;
    let client = client(&url, None);
    assert_eq!(list_all(&client).await.unwrap(), ["a"]);
    assert_eq!(state.issued.load(Ordering::SeqCst), 2);
    // Cached from now on.
    assert_eq!(list_all(&client).await.unwrap(), ["a"]);
    assert_eq!(state.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_refused_twice_is_sign_in_required_after_exactly_one_rechallenge() {
    let (url, state) = token_registry(usize::MAX).await;
    let error = list_all(&client(&url, None)).await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
    assert_eq!(
        error.detail().as_deref(),
        Some("UNAUTHORIZED: authentication required")
    );
    // One token and one rechallenge for the catalog, then the same for the `/v2/` check
    // that tells a refused catalog from refused credentials: bounded, never a loop.
    assert_eq!(state.issued.load(Ordering::SeqCst), 4);
    // A second listing costs the same again, not more.
    let client = client(&url, None);
    list_all(&client).await.unwrap_err();
    assert_eq!(state.issued.load(Ordering::SeqCst), 8);
}

#[tokio::test]
async fn absurd_token_lifetimes_neither_crash_nor_break_the_client() {
    // u64::MAX once overflowed `Instant::now() + lifetime` and panicked on every request;
    // floats, negatives and out-of-range numbers made the whole token reply unreadable.
    for expires_in in [
        "18446744073709551615",
        "1e300",
        "9223372036854775807",
        "-1",
        "-1e300",
        "1e400",
        "\"forever\"",
    ] {
        let (url, state) = token_registry_with(0, expires_in).await;
        let client = client(&url, None);
        for round in 0..3 {
            assert_eq!(
                list_all(&client).await.unwrap(),
                ["a"],
                "expires_in {expires_in}, round {round}"
            );
        }
        // Each lifetime is clamped to something sane (a day, or the spec's 60 s): the token
        // is kept and used again, not fetched for every request.
        assert_eq!(
            state.issued.load(Ordering::SeqCst),
            1,
            "expires_in {expires_in}"
        );
    }
}

/// A registry whose tag list of `demo/x` pages on, 1000 tags a page, for `pages` pages; it
/// counts the pages served and sets `cancel_after.1` once it served `cancel_after.0`.
async fn paging_tags_registry(
    pages: usize,
    cancel_after: Option<(usize, CancelFlag)>,
) -> (String, Arc<AtomicUsize>) {
    let served = Arc::new(AtomicUsize::new(0));
    let counter = served.clone();
    let url = serve(Router::new().route(
        "/v2/demo/x/tags/list",
        axum::routing::get(move |uri: Uri| {
            let counter = counter.clone();
            let cancel_after = cancel_after.clone();
            async move {
                let page: usize = uri
                    .query()
                    .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("last=t")))
                    .and_then(|n| n.parse::<usize>().ok())
                    .map_or(0, |last| last / 1000 + 1);
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                if let Some((after, flag)) = &cancel_after
                    && n == *after
                {
                    flag.cancel();
                }
                let tags: Vec<String> = (page * 1000..(page + 1) * 1000)
                    .map(|i| format!("\"t{i}\""))
                    .collect();
                let body = format!(r#"{{"name":"demo/x","tags":[{}]}}"#, tags.join(","));
                if page + 1 < pages {
                    let next = format!(
                        "</v2/demo/x/tags/list?n=1000&last=t{}>; rel=\"next\"",
                        (page + 1) * 1000 - 1
                    );
                    ([(header::LINK, next)], json(body)).into_response()
                } else {
                    json(body)
                }
            }
        }),
    ))
    .await;
    (url, served)
}

#[tokio::test]
async fn tag_paging_stops_at_a_total_cap_with_a_clear_error() {
    // 150 pages of 1000 tags: every page is small, but the whole never ends soon enough.
    let (url, served) = paging_tags_registry(150, None).await;
    let error = client(&url, None).tags("demo/x").await.unwrap_err();
    let Error::TooManyTags { repository, limit } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(repository, "demo/x");
    assert_eq!(*limit, registry::client::MAX_TAGS);
    assert!(
        error.to_string().contains("more than 100000 tags"),
        "{error}"
    );
    assert_eq!(
        served.load(Ordering::SeqCst),
        101,
        "not one page more than needed"
    );

    // Under the cap the same paging reads every page.
    let (url, _) = paging_tags_registry(3, None).await;
    assert_eq!(client(&url, None).tags("demo/x").await.unwrap().len(), 3000);
}

#[tokio::test]
async fn tag_listing_stops_between_pages_when_cancelled() {
    let cancel = CancelFlag::new();
    let (url, served) = paging_tags_registry(50, Some((3, cancel.clone()))).await;
    let error = client(&url, None)
        .tags_cancellable("demo/x", &cancel)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Cancelled { loaded: 3000, .. }),
        "{error:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 3, "no page after the cancel");
    let shown = ipc::CommandError::from(error);
    assert_eq!(shown.code, ipc::ErrorCode::Cancelled);
}

#[tokio::test]
async fn endless_token_replies_tag_pages_and_error_bodies_are_cut_at_their_cap() {
    fn endless() -> Response {
        let chunk = Bytes::from(vec![b' '; 1 << 20]);
        let stream =
            futures_util::stream::iter(std::iter::repeat(chunk).map(Ok::<_, std::io::Error>));
        Response::new(Body::from_stream(stream))
    }
    let realm: Arc<Mutex<String>> = Arc::default();
    let url = serve(
        Router::new()
            .route("/token", axum::routing::get(|| async { endless() }))
            .route(
                "/v2/_catalog",
                axum::routing::get(|State(realm): State<Arc<Mutex<String>>>| async move {
                    let realm = realm.lock().unwrap().clone();
                    (
                        StatusCode::UNAUTHORIZED,
                        [(
                            header::WWW_AUTHENTICATE,
                            format!(r#"Bearer realm="{realm}""#),
                        )],
                        "",
                    )
                        .into_response()
                }),
            )
            .route(
                "/v2/demo/x/tags/list",
                axum::routing::get(|| async { endless() }),
            )
            .route(
                "/v2/demo/y/tags/list",
                axum::routing::get(|| async {
                    let mut response = endless();
                    *response.status_mut() = StatusCode::NOT_FOUND;
                    response
                }),
            )
            .with_state(realm.clone()),
    )
    .await;
    *realm.lock().unwrap() = format!("{url}/token");
    let client = client(&url, None);
    let error = list_all(&client).await.unwrap_err();
    assert!(
        matches!(&error, Error::TooLarge { url, .. } if url.ends_with("/token")),
        "{error:?}"
    );
    // A fresh client: this one now asks the token realm before every request.
    let client = self::client(&url, None);
    let error = client.tags("demo/x").await.unwrap_err();
    assert!(
        matches!(&error, Error::TooLarge { url, .. } if url.ends_with("/tags/list")),
        "{error:?}"
    );
    // An error body is read to its cap only; the status still says what happened.
    let error = client.tags("demo/y").await.unwrap_err();
    assert!(
        matches!(error, Error::NotFound { envelope: None, .. }),
        "{error:?}"
    );
}

/// A signed schema 1 manifest as libtrust writes it, and the digest of its payload.
fn signed_schema1() -> (String, String) {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = "{\n   \"schemaVersion\": 1,\n   \"name\": \"demo/old\",\n   \"tag\": \"v1\",\n   \"architecture\": \"amd64\",\n   \"fsLayers\": [],\n   \"history\": []\n}";
    let cut = payload.rfind('\n').unwrap();
    let protected = b64.encode(format!(
        r#"{{"formatLength":{cut},"formatTail":"{}","time":"2016-01-01T00:00:00Z"}}"#,
        b64.encode(&payload[cut..])
    ));
    let signed = format!(
        "{},\n   \"signatures\": [{{\"header\": {{\"alg\": \"ES256\"}}, \"signature\": \"c2ln\", \"protected\": \"{protected}\"}}]{}",
        &payload[..cut],
        &payload[cut..]
    );
    (signed, sha256(payload.as_bytes()))
}

#[tokio::test]
async fn signed_schema1_is_verified_against_the_digest_of_its_payload() {
    // With the bare media type, and with parameters as some registries send it: the type is
    // judged by its essence, or the digest would be taken over the signatures too.
    for content_type in [
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/vnd.docker.distribution.manifest.v1+prettyjws; charset=utf-8",
    ] {
        let (signed, digest) = signed_schema1();
        let header_digest = digest.clone();
        let url = serve(Router::new().fallback(move || {
            let signed = signed.clone();
            let digest = header_digest.clone();
            async move {
                (
                    [
                        (header::CONTENT_TYPE, content_type.to_owned()),
                        (
                            header::HeaderName::from_static("docker-content-digest"),
                            digest,
                        ),
                    ],
                    signed,
                )
                    .into_response()
            }
        }))
        .await;
        let client = client(&url, None);
        let by_tag = client.manifest("demo/old", "v1").await.unwrap();
        assert_eq!(by_tag.digest, digest, "{content_type}");
        assert!(by_tag.image.is_none(), "schema 1 is shown read-only");
        let by_digest = client.manifest("demo/old", &digest).await.unwrap();
        assert_eq!(by_digest.digest, digest);
    }
}
