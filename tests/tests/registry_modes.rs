//! Each registry mode starts, challenges as the real registry does, and serves what the filler
//! pushed to a client that holds the right credentials (or trusts the right CA).

use harness::filler::{FillSpec, Filler};
use harness::registry::{Mode, Registry, RegistryOptions};
use reqwest::StatusCode;

fn challenge(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn fill_two_and_list(registry: &Registry) {
    let filler = Filler::new(registry).await.expect("filler starts");
    let spec = FillSpec::new(2, 2);
    let names = filler.fill(&spec).await.expect("fill");
    let catalog = registry.client().unwrap().catalog().await.expect("catalog");
    for name in &names {
        assert!(catalog.contains(name), "{name} missing from {catalog:?}");
    }
    let tags = registry.client().unwrap().tags(&names[0]).await.unwrap();
    assert_eq!(tags, ["1.0.0", "1.2.0"]);
}

#[tokio::test]
async fn open_registry_answers_v2_without_credentials_and_lists_pushed_repositories() {
    let registry = Registry::start(Mode::Open).unwrap();
    let response = registry
        .http_client()
        .unwrap()
        .get(format!("{}/v2/", registry.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(challenge(&response), "");
    fill_two_and_list(&registry).await;
}

#[tokio::test]
async fn basic_registry_challenges_with_basic_realm_and_lists_with_credentials() {
    let registry = Registry::start(Mode::Basic).unwrap();
    let http = registry.http_client().unwrap();
    let response = http
        .get(format!("{}/v2/", registry.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(challenge(&response), r#"Basic realm="basic-realm""#);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "UNAUTHORIZED");

    let credentials = registry.credentials().unwrap();
    let wrong = http
        .get(format!("{}/v2/", registry.url()))
        .basic_auth(&credentials.username, Some("not-the-password"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = http
        .get(format!("{}/v2/", registry.url()))
        .basic_auth(&credentials.username, Some(&credentials.password))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::OK);
    fill_two_and_list(&registry).await;
}

#[tokio::test]
async fn tls_registry_is_trusted_with_its_ca_and_refused_without_it() {
    let registry = Registry::start(Mode::Tls).unwrap();
    assert!(registry.url().starts_with("https://"));
    let trusted = registry
        .http_client()
        .unwrap()
        .get(format!("{}/v2/", registry.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(trusted.status(), StatusCode::OK);
    // `localhost` is in the certificate too.
    let by_name = registry
        .http_client()
        .unwrap()
        .get(format!("https://localhost:{}/v2/", registry.port()))
        .send()
        .await
        .unwrap();
    assert_eq!(by_name.status(), StatusCode::OK);

    let untrusting = harness::client::http_client(None).unwrap();
    let error = untrusting
        .get(format!("{}/v2/", registry.url()))
        .send()
        .await
        .expect_err("a client without the test CA must refuse the certificate");
    let mut chain = format!("{error}");
    let mut source = std::error::Error::source(&error);
    while let Some(s) = source {
        chain.push_str(&format!(" / {s}"));
        source = s.source();
    }
    assert!(
        chain.to_lowercase().contains("certificate"),
        "not a certificate error: {chain}"
    );

    let ca = std::fs::read_to_string(registry.ca_path().unwrap()).unwrap();
    assert!(ca.contains("BEGIN CERTIFICATE"));
    fill_two_and_list(&registry).await;
}

#[tokio::test]
async fn token_registry_challenges_with_bearer_realm_and_service_and_lists_with_a_token() {
    let registry = Registry::start(Mode::Token).unwrap();
    let token_server = registry.token_server().unwrap();
    let response = registry
        .http_client()
        .unwrap()
        .get(format!("{}/v2/", registry.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        challenge(&response),
        format!(
            r#"Bearer realm="{}",service="{}""#,
            token_server.realm(),
            token_server.service()
        )
    );
    fill_two_and_list(&registry).await;
    assert!(token_server.issued_for("registry:catalog:*") >= 1);
}

#[tokio::test]
async fn registry_without_delete_refuses_manifest_delete_with_unsupported() {
    let mut options = RegistryOptions::new(Mode::Open);
    options.delete_enabled = false;
    let registry = Registry::start_with(options).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    let digest = filler
        .push_image(
            "demo/keep",
            "1.0.0",
            harness::filler::ManifestKind::Oci,
            harness::filler::Arch::Amd64,
        )
        .await
        .unwrap();
    let response = registry
        .http_client()
        .unwrap()
        .delete(format!(
            "{}/v2/demo/keep/manifests/{digest}",
            registry.url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "UNSUPPORTED");
}

#[tokio::test]
async fn registry_with_delete_deletes_one_tag_and_keeps_its_siblings() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler.fill(&FillSpec::new(1, 3)).await.unwrap();
    let client = registry.client().unwrap();
    let response = client
        .send(
            harness::client::Call::new(reqwest::Method::HEAD, "/v2/fill/repo-0000/manifests/1.2.0")
                .accept(harness::filler::ACCEPT_ALL_MANIFESTS),
        )
        .await
        .unwrap();
    let digest = response.headers()["docker-content-digest"]
        .to_str()
        .unwrap()
        .to_owned();
    client
        .expect(
            harness::client::Call::new(
                reqwest::Method::DELETE,
                format!("/v2/fill/repo-0000/manifests/{digest}"),
            ),
            StatusCode::ACCEPTED,
        )
        .await
        .unwrap();
    assert_eq!(
        client.tags("fill/repo-0000").await.unwrap(),
        ["1.0.0", "1.10.0"]
    );
}

#[test]
fn registry_stops_by_pid_and_its_port_closes() {
    let mut registry = Registry::start(Mode::Open).unwrap();
    let port = registry.port();
    assert!(harness::process::port_open(port));
    assert!(
        registry.log().contains("listening on 127.0.0.1"),
        "{}",
        registry.log()
    );
    registry.stop();
    assert!(!harness::process::port_open(port));
}
