//! Our Bearer token server grants what the user asked and may have, refuses bad passwords,
//! and the registry accepts its tokens, refusing the wrong scope and expired ones.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use harness::registry::{Mode, Registry};
use harness::token_server::{ALICE_PASSWORD, Access, BOB_PASSWORD, TokenServer, TokenServerConfig};
use reqwest::StatusCode;

fn claims_of(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn token(
    server: &TokenServer,
    user: Option<(&str, &str)>,
    scopes: &[&str],
) -> reqwest::Response {
    let http = harness::client::http_client(None).unwrap();
    let mut query = vec![("service", server.service())];
    query.extend(scopes.iter().map(|s| ("scope", *s)));
    let mut request = http.get(server.realm()).query(&query);
    if let Some((u, p)) = user {
        request = request.basic_auth(u, Some(p));
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn token_server_grants_catalog_and_repository_pull_to_alice() {
    let server = TokenServer::start(TokenServerConfig::default()).unwrap();
    let response = token(
        &server,
        Some(("alice", ALICE_PASSWORD)),
        &["registry:catalog:*", "repository:demo/hello:pull"],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["token"], body["access_token"]);
    assert_eq!(body["expires_in"], 300);
    assert!(body["issued_at"].as_str().unwrap().ends_with('Z'));
    let claims = claims_of(body["token"].as_str().unwrap());
    assert_eq!(claims["iss"], server.issuer());
    assert_eq!(claims["aud"], server.service());
    assert_eq!(claims["sub"], "alice");
    let access: Vec<Access> = serde_json::from_value(claims["access"].clone()).unwrap();
    assert_eq!(
        access,
        [
            Access::parse_scope("registry:catalog:*").unwrap(),
            Access::parse_scope("repository:demo/hello:pull").unwrap(),
        ]
    );
    assert_eq!(server.issued_for("repository:demo/hello:pull"), 1);
    assert_eq!(server.issued_total(), 1);
}

#[tokio::test]
async fn token_server_grants_only_the_intersection_of_asked_and_allowed() {
    let server = TokenServer::start(TokenServerConfig::default()).unwrap();
    let body: serde_json::Value = token(
        &server,
        Some(("bob", BOB_PASSWORD)),
        &[
            "repository:demo/hello:pull,push",
            "repository:team/app:pull",
            "registry:catalog:*",
        ],
    )
    .await
    .json()
    .await
    .unwrap();
    let access: Vec<Access> =
        serde_json::from_value(claims_of(body["token"].as_str().unwrap())["access"].clone())
            .unwrap();
    assert_eq!(
        access,
        [Access::parse_scope("repository:demo/hello:pull").unwrap()]
    );

    let anonymous: serde_json::Value = token(&server, None, &["repository:demo/hello:pull"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        claims_of(anonymous["token"].as_str().unwrap())["access"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn token_server_refuses_a_wrong_password_with_401() {
    let server = TokenServer::start(TokenServerConfig::default()).unwrap();
    let response = token(
        &server,
        Some(("alice", "wrong")),
        &["repository:demo/hello:pull"],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(server.issued_total(), 0);
}

async fn get_with_token(registry: &Registry, path: &str, jwt: &str) -> reqwest::Response {
    registry
        .http_client()
        .unwrap()
        .get(format!("{}{path}", registry.url()))
        .bearer_auth(jwt)
        .send()
        .await
        .unwrap()
}

fn www_authenticate(response: &reqwest::Response) -> String {
    response.headers()[reqwest::header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn registry_accepts_a_token_for_the_catalog_and_refuses_one_for_the_wrong_repository() {
    let registry = Registry::start(Mode::Token).unwrap();
    let server = registry.token_server().unwrap();
    let filler = harness::filler::Filler::new(&registry).await.unwrap();
    filler
        .push_image(
            "demo/hello",
            "1.0.0",
            harness::filler::ManifestKind::Docker,
            harness::filler::Arch::Amd64,
        )
        .await
        .unwrap();

    let catalog: serde_json::Value = token(
        server,
        Some(("alice", ALICE_PASSWORD)),
        &["registry:catalog:*"],
    )
    .await
    .json()
    .await
    .unwrap();
    let response = get_with_token(
        &registry,
        "/v2/_catalog",
        catalog["token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);

    let other: serde_json::Value = token(
        server,
        Some(("alice", ALICE_PASSWORD)),
        &["repository:other/repo:pull"],
    )
    .await
    .json()
    .await
    .unwrap();
    let response = get_with_token(
        &registry,
        "/v2/demo/hello/tags/list",
        other["token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = www_authenticate(&response);
    assert!(
        challenge.contains(r#"error="insufficient_scope""#),
        "{challenge}"
    );
    assert!(
        challenge.contains(r#"scope="repository:demo/hello:pull""#),
        "{challenge}"
    );

    let pull: serde_json::Value = token(
        server,
        Some(("alice", ALICE_PASSWORD)),
        &["repository:demo/hello:pull"],
    )
    .await
    .json()
    .await
    .unwrap();
    let response = get_with_token(
        &registry,
        "/v2/demo/hello/tags/list",
        pull["token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn registry_refuses_an_expired_token_with_invalid_token() {
    let registry = Registry::start(Mode::Token).unwrap();
    let server = registry.token_server().unwrap();
    let claims = server.claims(
        "alice",
        &[Access::parse_scope("registry:catalog:*").unwrap()],
        -120,
    );
    let response = get_with_token(&registry, "/v2/_catalog", &server.sign(&claims)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(www_authenticate(&response).contains(r#"error="invalid_token""#));

    // The same token, still valid, is accepted: only the expiry was wrong.
    let fresh = server.claims(
        "alice",
        &[Access::parse_scope("registry:catalog:*").unwrap()],
        60,
    );
    let response = get_with_token(&registry, "/v2/_catalog", &server.sign(&fresh)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn registry_refuses_a_token_from_another_issuer_and_logs_why() {
    let registry = Registry::start(Mode::Token).unwrap();
    let server = registry.token_server().unwrap();
    let mut claims = server.claims(
        "alice",
        &[Access::parse_scope("registry:catalog:*").unwrap()],
        60,
    );
    claims["iss"] = "someone-else".into();
    let response = get_with_token(&registry, "/v2/_catalog", &server.sign(&claims)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(www_authenticate(&response).contains(r#"error="invalid_token""#));
    assert!(
        registry.log().contains("untrusted issuer"),
        "{}",
        registry.log()
    );
}
