//! The `quay` client against an in-process "Quay" that lies: endless bodies, pages that never
//! end or repeat, absurd numbers, failing writes, a redirect to another origin. Each case ends
//! in a clear error or a bounded answer, never a hang, a panic, or the token sent elsewhere.
//! (What the real Quay does is proven in `quay_*.rs` against Quay 3.18.)

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use connections::{Connection, ConnectionKind, TlsMode};
use quay::{Error, QuayClient};
use serde_json::json;
use tokio::net::TcpListener;
use vault::Secret;

const TOKEN: &str = "hostile-test-oauth-token";

fn client(url: &str) -> QuayClient {
    let connection = Connection {
        id: "hostile".into(),
        name: "hostile".into(),
        kind: ConnectionKind::Quay,
        url: url.into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    QuayClient::new(&connection, Secret::new(TOKEN)).unwrap()
}

async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://127.0.0.1:{port}")
}

fn json_reply(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// Counts requests and remembers whether any carried the token.
#[derive(Clone, Default)]
struct Seen {
    requests: Arc<AtomicUsize>,
    with_token: Arc<AtomicUsize>,
}

impl Seen {
    fn record(&self, headers: &HeaderMap) -> usize {
        if headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(TOKEN))
        {
            self.with_token.fetch_add(1, Ordering::SeqCst);
        }
        self.requests.fetch_add(1, Ordering::SeqCst)
    }
    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn an_endless_repository_list_is_cut_at_its_cap_not_buffered() {
    let url = serve(Router::new().route(
        "/api/v1/repository",
        axum::routing::get(|| async {
            // `{"repositories": [` then the same object forever.
            let chunk = Bytes::from_static(br#"{"namespace":"x","name":"y","is_public":false},"#);
            let head = futures_util::stream::once(async {
                Ok::<_, std::io::Error>(Bytes::from_static(br#"{"repositories": ["#))
            });
            let tail = futures_util::stream::repeat_with(move || Ok(chunk.clone()));
            let body = Body::from_stream(futures_util::StreamExt::chain(head, tail));
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }),
    ))
    .await;
    let error = client(&url).repositories("team").await.unwrap_err();
    assert!(matches!(error, Error::BadResponse { .. }), "{error:?}");
    assert!(!error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_tag_page_answered_again_and_again_ends_the_listing() {
    let seen = Seen::default();
    let url = serve(
        Router::new()
            .route(
                "/api/v1/repository/team/app/tag/",
                axum::routing::get(|State(seen): State<Seen>, headers: HeaderMap| async move {
                    seen.record(&headers);
                    json_reply(json!({
                        "tags": [{"name": "1.0", "manifest_digest": "sha256:aa", "size": 10,
                                  "start_ts": 1_700_000_000, "is_manifest_list": false}],
                        "page": 1, "has_additional": true
                    }))
                }),
            )
            .with_state(seen.clone()),
    )
    .await;
    let tags = client(&url).tags("team", "app").await.unwrap();
    assert_eq!(
        tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["1.0"]
    );
    assert_eq!(seen.requests(), 2, "the repeated page ends it");
}

#[tokio::test]
async fn tag_pages_that_never_end_stop_at_the_page_cap() {
    let seen = Seen::default();
    let url = serve(
        Router::new()
            .route(
                "/api/v1/repository/team/app/tag/",
                axum::routing::get(|State(seen): State<Seen>, headers: HeaderMap| async move {
                    let n = seen.record(&headers);
                    json_reply(json!({
                        "tags": [{"name": format!("t{n}"), "manifest_digest": "sha256:aa"}],
                        "page": n + 1, "has_additional": true
                    }))
                }),
            )
            .with_state(seen.clone()),
    )
    .await;
    let tags = client(&url).tags("team", "app").await.unwrap();
    assert_eq!(seen.requests(), quay::MAX_PAGES as usize);
    assert_eq!(tags.len(), quay::MAX_PAGES as usize);
}

#[tokio::test]
async fn absurd_numbers_and_wrong_types_in_a_tag_do_not_panic_and_leave_the_sane_tags() {
    let url = serve(Router::new().route(
        "/api/v1/repository/team/app/tag/",
        axum::routing::get(|| async {
            json_reply(json!({
                "tags": [
                    {"name": "huge", "manifest_digest": "sha256:aa", "size": 1e300,
                     "start_ts": -9_223_372_036_854_775_808i64, "end_ts": 1e30,
                     "expiration": "tomorrow"},
                    {"name": "ok", "manifest_digest": "sha256:bb", "size": 1024,
                     "start_ts": 1_700_000_000},
                    {"manifest_digest": "sha256:cc"},
                    "not an object"
                ],
                "page": 1, "has_additional": false
            }))
        }),
    ))
    .await;
    let tags = client(&url).tags("team", "app").await.unwrap();
    let ok = tags
        .iter()
        .find(|t| t.name == "ok")
        .expect("the sane tag is kept");
    assert_eq!(ok.size, Some(1024));
    assert!(
        tags.iter().all(|t| !t.name.is_empty()),
        "a tag without a name is not shown: {tags:?}"
    );
}

#[tokio::test]
async fn a_failing_read_is_tried_again_and_a_failing_write_never_is() {
    let seen = Seen::default();
    let url = serve(
        Router::new()
            .route(
                "/api/v1/organization/team/robots",
                axum::routing::get(|State(seen): State<Seen>, headers: HeaderMap| async move {
                    if seen.record(&headers) < 2 {
                        return StatusCode::SERVICE_UNAVAILABLE.into_response();
                    }
                    json_reply(json!({"robots": [{"name": "team+ci"}]}))
                }),
            )
            .route(
                "/api/v1/organization/team/robots/ci/regenerate",
                axum::routing::post(|State(seen): State<Seen>, headers: HeaderMap| async move {
                    seen.record(&headers);
                    StatusCode::SERVICE_UNAVAILABLE.into_response()
                }),
            )
            .with_state(seen.clone()),
    )
    .await;
    let quay = client(&url);
    let robots = quay.robots("team").await.unwrap();
    assert_eq!(robots.len(), 1);
    assert_eq!(seen.requests(), 3, "two 503s, then the answer");
    let error = quay.regenerate_robot_token("team", "ci").await.unwrap_err();
    assert!(
        matches!(error, Error::Server { status: 503, .. }),
        "{error:?}"
    );
    assert_eq!(seen.requests(), 4, "a regeneration is sent once");
}

#[tokio::test]
async fn a_huge_error_body_is_cut_and_its_message_kept_short() {
    let url = serve(Router::new().route(
        "/api/v1/user/",
        axum::routing::get(|| async {
            let message = "x".repeat(5 * 1024 * 1024);
            (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json")],
                json!({"error_message": message}).to_string(),
            )
                .into_response()
        }),
    ))
    .await;
    let error = client(&url).whoami().await.unwrap_err();
    // Over the error-body cap: the reply could not be read, said without it.
    assert!(
        matches!(error, Error::BadResponse { .. } | Error::Forbidden { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().len() < 600,
        "{} bytes",
        error.to_string().len()
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_and_the_token_stays_home() {
    let elsewhere = Seen::default();
    let other = serve(
        Router::new()
            .fallback(|State(seen): State<Seen>, headers: HeaderMap| async move {
                seen.record(&headers);
                json_reply(json!({"username": "mallory"}))
            })
            .with_state(elsewhere.clone()),
    )
    .await;
    let url = serve(Router::new().route(
        "/api/v1/user/",
        axum::routing::get(move || {
            let to = format!("{other}/steal");
            async move { (StatusCode::FOUND, [(header::LOCATION, to)]).into_response() }
        }),
    ))
    .await;
    let error = client(&url).whoami().await.unwrap_err();
    assert!(!error.to_string().contains(TOKEN), "{error}");
    assert_eq!(elsewhere.requests(), 0, "the redirect was not followed");
    assert_eq!(elsewhere.with_token.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_refused_token_is_sign_in_required_and_never_said() {
    let url = serve(Router::new().route(
        "/api/v1/user/",
        axum::routing::get(|headers: HeaderMap| async move {
            let said = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            // A hostile server echoing the token back in its error.
            (
                StatusCode::UNAUTHORIZED,
                json!({"error_message": format!("bad token {said}")}).to_string(),
            )
                .into_response()
        }),
    ))
    .await;
    let error = client(&url).whoami().await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired), "{error:?}");
    assert!(!error.to_string().contains(TOKEN));
}
