//! The catalog refusals registries really give, played by a scripted loopback server, and what
//! the client makes of each: a permission fact ([`Error::CatalogRefused`]), no catalog at all
//! ([`Error::CatalogNotOffered`]), or a sign-in that is really wanted
//! ([`Error::SignInRequired`]). The shapes follow the servers: the distribution registry's
//! `insufficient_scope` challenge and `UNAUTHORIZED` body (Docker Hub answers the same,
//! docker/hub-feedback#2094), a token service that refuses the catalog scope with 401/403,
//! OpenShift's integrated registry (`Basic realm=…,error="access denied"` on 401 when the user
//! may not list image streams cluster-wide), and a registry without `/v2/_catalog` (404).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vault::BasicCredentials;

use crate::model::CatalogEvent;
use crate::{CancelFlag, Error, RegistryClient};

/// What the scripted server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    authorization: Option<String>,
}

/// A reply: status line, extra headers, JSON body.
struct Reply {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: String,
}

fn reply(status: &'static str, headers: Vec<(&'static str, String)>, body: &str) -> Reply {
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

type Script = dyn Fn(&Seen, &str) -> Reply + Send + Sync;

/// Serves `script(request, base_url)` on 127.0.0.1, one request per connection; returns the
/// base URL and the requests seen.
async fn serve(script: Arc<Script>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, url) = (Arc::clone(&seen), base.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (script, log, url) = (Arc::clone(&script), Arc::clone(&log), url.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                let mut lines = text.lines();
                let path = lines
                    .next()
                    .and_then(|l| l.split(' ').nth(1))
                    .unwrap_or("/")
                    .to_owned();
                let authorization = lines.find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("authorization")
                        .then(|| v.trim().to_owned())
                });
                let request = Seen {
                    path,
                    authorization,
                };
                let answer = script(&request, &url);
                log.lock().unwrap().push(request);
                let mut out = format!(
                    "HTTP/1.1 {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    answer.status,
                    answer.body.len()
                );
                for (k, v) in &answer.headers {
                    out.push_str(&format!("{k}: {v}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&answer.body);
                let _ = socket.write_all(out.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (base, seen)
}

const UNAUTHORIZED_CATALOG: &str = r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":[{"Type":"registry","Class":"","Name":"catalog","Action":"*"}]}]}"#;
const TOKEN: &str = r#"{"token":"t0k3n","expires_in":300}"#;

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

fn client(base: &str, credentials: Option<BasicCredentials>) -> RegistryClient {
    let connection = connections::Connection {
        id: "c".into(),
        name: "c".into(),
        kind: connections::ConnectionKind::Registry,
        url: base.into(),
        tls: connections::TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    RegistryClient::with_options(
        &connection,
        credentials,
        crate::ClientOptions {
            retry_backoff: Vec::new(),
            ..crate::ClientOptions::default()
        },
    )
    .unwrap()
}

async fn list(client: &RegistryClient) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    client
        .catalog(&CancelFlag::new(), &mut |event| {
            if let CatalogEvent::Page { repositories, .. } = event {
                names.extend(repositories);
            }
        })
        .await
        .map(|()| names)
}

fn bearer_challenge(base: &str, scope: Option<&str>, error: Option<&str>) -> String {
    let mut value = format!(r#"Bearer realm="{base}/token",service="svc""#);
    if let Some(scope) = scope {
        value.push_str(&format!(r#",scope="{scope}""#));
    }
    if let Some(error) = error {
        value.push_str(&format!(r#",error="{error}""#));
    }
    value
}

/// A token-mode registry whose token service knows `bob:pw`; `catalog_token` is what it
/// answers `bob` for the catalog scope (`None`: a token without the catalog in it, so the
/// registry answers `insufficient_scope`).
fn token_registry(catalog_token: Option<&'static str>) -> Arc<Script> {
    Arc::new(move |seen: &Seen, base: &str| {
        let bob = seen.authorization.as_deref() == Some(basic("bob", "pw").as_str());
        let bearer = seen.authorization.as_deref() == Some("Bearer t0k3n");
        if seen.path.starts_with("/token") {
            if seen.authorization.is_some() && !bob {
                return reply(
                    "401 Unauthorized",
                    vec![("WWW-Authenticate", r#"Basic realm="token""#.into())],
                    r#"{"errors":[{"code":"UNAUTHORIZED","message":"incorrect username or password"}]}"#,
                );
            }
            if seen.path.contains("registry%3Acatalog")
                && let Some(status) = catalog_token
            {
                return reply(
                    status,
                    Vec::new(),
                    r#"{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"#,
                );
            }
            return reply("200 OK", Vec::new(), TOKEN);
        }
        let scope = if seen.path.starts_with("/v2/_catalog") {
            Some("registry:catalog:*")
        } else if seen.path == "/v2/" {
            None
        } else {
            return reply("404 Not Found", Vec::new(), "{}");
        };
        if !bearer {
            return reply(
                "401 Unauthorized",
                vec![("WWW-Authenticate", bearer_challenge(base, scope, None))],
                UNAUTHORIZED_CATALOG,
            );
        }
        if scope.is_some() {
            // The token holds no catalog access.
            return reply(
                "401 Unauthorized",
                vec![(
                    "WWW-Authenticate",
                    bearer_challenge(base, scope, Some("insufficient_scope")),
                )],
                UNAUTHORIZED_CATALOG,
            );
        }
        reply("200 OK", Vec::new(), "{}")
    })
}

fn token_requests(seen: &Mutex<Vec<Seen>>, scope: &str) -> usize {
    seen.lock()
        .unwrap()
        .iter()
        .filter(|s| s.path.starts_with("/token") && s.path.contains(scope))
        .count()
}

#[tokio::test]
async fn a_token_service_refusing_the_catalog_scope_is_a_permission_not_a_sign_in() {
    for status in ["403 Forbidden", "401 Unauthorized"] {
        let (base, seen) = serve(token_registry(Some(status))).await;
        let bob = client(&base, Some(BasicCredentials::new("bob", "pw")));
        let error = list(&bob).await.unwrap_err();
        let Error::CatalogRefused {
            signed_in,
            status: code,
            ref envelope,
            ..
        } = error
        else {
            panic!("{status}: {error:?}")
        };
        assert!(signed_in);
        assert_eq!(code.to_string(), status[..3]);
        assert!(envelope.as_ref().unwrap().has_code("DENIED"));
        assert_eq!(error.code(), codes::ErrorCode::CatalogRefused);
        // One catalog token request per listing: asking again would only be refused again.
        assert_eq!(token_requests(&seen, "registry%3Acatalog"), 1, "{status}");
        let again = list(&bob).await.unwrap_err();
        assert!(matches!(again, Error::CatalogRefused { .. }), "{again:?}");
        assert_eq!(token_requests(&seen, "registry%3Acatalog"), 2, "{status}");
    }
}

#[tokio::test]
async fn a_wrong_password_on_the_catalog_still_asks_to_sign_in() {
    let (base, _) = serve(token_registry(Some("403 Forbidden"))).await;
    let wrong = client(&base, Some(BasicCredentials::new("bob", "wrong")));
    let error = list(&wrong).await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
    assert_eq!(error.code(), codes::ErrorCode::SignInRequired);
    assert!(
        error
            .detail()
            .unwrap()
            .contains("incorrect username or password")
    );
}

#[tokio::test]
async fn a_token_without_the_catalog_is_refused_for_the_signed_in_user_and_for_anonymous() {
    let (base, seen) = serve(token_registry(None)).await;
    let bob = client(&base, Some(BasicCredentials::new("bob", "pw")));
    let error = list(&bob).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::CatalogRefused {
                signed_in: true,
                status: 401,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.detail().unwrap().contains("UNAUTHORIZED"));
    // The refused token is asked for again once (a fresh challenge), never in a loop.
    assert!(token_requests(&seen, "registry%3Acatalog") <= 2);

    // Docker Hub without a sign-in answers the same: the user is offered a sign-in.
    let anonymous = client(&base, None);
    let error = list(&anonymous).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::CatalogRefused {
                signed_in: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("sign in"), "{error}");
}

/// OpenShift's integrated registry checks the catalog itself (a cluster-wide `list
/// imagestreams`) and answers a user who may not with 401, `Basic realm=…,error="access
/// denied"`, while `/v2/` accepts the same token.
#[tokio::test]
async fn a_registry_refusing_the_catalog_itself_with_401_is_a_permission_when_v2_accepts() {
    let script: Arc<Script> = Arc::new(|seen: &Seen, _base: &str| {
        let ok = seen.authorization.as_deref() == Some(basic("developer", "sha256~t").as_str());
        let challenge = |error: Option<&str>| {
            let mut v = r#"Basic realm="openshift""#.to_owned();
            if let Some(e) = error {
                v.push_str(&format!(r#",error="{e}""#));
            }
            vec![("WWW-Authenticate", v)]
        };
        match (seen.path.as_str(), ok) {
            ("/v2/", true) => reply("200 OK", Vec::new(), "{}"),
            (p, true) if p.starts_with("/v2/_catalog") => reply(
                "401 Unauthorized",
                challenge(Some("access denied")),
                UNAUTHORIZED_CATALOG,
            ),
            _ => reply("401 Unauthorized", challenge(None), UNAUTHORIZED_CATALOG),
        }
    });
    let (base, _) = serve(script.clone()).await;
    let developer = client(&base, Some(BasicCredentials::new("developer", "sha256~t")));
    let error = list(&developer).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::CatalogRefused {
                signed_in: true,
                ..
            }
        ),
        "{error:?}"
    );
    // An expired token is refused on `/v2/` too: that is a sign-in to ask for.
    let expired = client(
        &base,
        Some(BasicCredentials::new("developer", "sha256~old")),
    );
    let error = list(&expired).await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
    // Nobody signed in, and `/v2/` wants a sign-in as well: sign in.
    let anonymous = client(&base, None);
    let error = list(&anonymous).await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
}

#[tokio::test]
async fn a_registry_without_a_catalog_says_so_and_a_refused_v2_wins() {
    let script: Arc<Script> = Arc::new(|seen: &Seen, _base: &str| match seen.path.as_str() {
        "/v2/" => reply("200 OK", Vec::new(), "{}"),
        _ => reply(
            "404 Not Found",
            Vec::new(),
            r#"{"errors":[{"code":"NOT_FOUND","message":"not found"}]}"#,
        ),
    });
    let (base, _) = serve(script).await;
    let error = list(&client(&base, None)).await.unwrap_err();
    assert!(
        matches!(error, Error::CatalogNotOffered { status: 404, .. }),
        "{error:?}"
    );
    assert_eq!(error.code(), codes::ErrorCode::CatalogNotOffered);
    assert!(error.to_string().contains("/v2/_catalog"), "{error}");

    // A URL that is no registry at all (404 on `/v2/` too) stays "not found".
    let nothing: Arc<Script> = Arc::new(|_: &Seen, _: &str| reply("404 Not Found", Vec::new(), ""));
    let (base, _) = serve(nothing).await;
    let error = list(&client(&base, None)).await.unwrap_err();
    assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
}

#[tokio::test]
async fn a_catalog_that_works_is_not_probed() {
    let script: Arc<Script> = Arc::new(|seen: &Seen, _base: &str| match seen.path.as_str() {
        p if p.starts_with("/v2/_catalog") => {
            reply("200 OK", Vec::new(), r#"{"repositories":["demo/x"]}"#)
        }
        _ => reply("500 Internal Server Error", Vec::new(), "{}"),
    });
    let (base, seen) = serve(script).await;
    assert_eq!(list(&client(&base, None)).await.unwrap(), ["demo/x"]);
    let paths: HashMap<String, usize> =
        seen.lock()
            .unwrap()
            .iter()
            .fold(HashMap::new(), |mut m, s| {
                *m.entry(s.path.clone()).or_default() += 1;
                m
            });
    assert_eq!(paths.len(), 1, "{paths:?}");
}
