//! The OIDC provider behaves as PEERS.md says a real one does: PKCE S256 is required, the
//! code flow through its login and consent forms gives access and refresh tokens, and refresh
//! tokens rotate, a replayed one being refused.

use harness::oidc::{
    CLIENT_ID, OidcProvider, Pkce, TEST_ACCOUNT, TEST_PASSWORD, browser, complete_dev_interactions,
    redirect_uri,
};
use reqwest::StatusCode;

fn query_param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn discovery_document_names_the_endpoints_and_s256() {
    let provider = OidcProvider::start().unwrap();
    let http = browser().unwrap();
    let doc: serde_json::Value = http
        .get(provider.discovery_url())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["issuer"], provider.issuer());
    assert_eq!(
        doc["authorization_endpoint"],
        provider.authorization_endpoint()
    );
    assert_eq!(doc["token_endpoint"], provider.token_endpoint());
    assert!(
        doc["jwks_uri"]
            .as_str()
            .unwrap()
            .starts_with(provider.issuer())
    );
    assert_eq!(
        doc["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    assert!(
        doc["grant_types_supported"]
            .as_array()
            .unwrap()
            .contains(&"refresh_token".into())
    );
}

#[tokio::test]
async fn authorization_request_without_pkce_is_refused_with_invalid_request() {
    let provider = OidcProvider::start().unwrap();
    let redirect = redirect_uri(49152);
    let response = browser()
        .unwrap()
        .get(provider.authorization_endpoint())
        .query(&[
            ("client_id", CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", &redirect),
            ("scope", "openid"),
            ("state", "s1"),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    assert!(location.as_str().starts_with(&redirect), "{location}");
    assert_eq!(
        query_param(&location, "error").as_deref(),
        Some("invalid_request")
    );
}

async fn token_request(
    provider: &OidcProvider,
    form: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let response = browser()
        .unwrap()
        .post(provider.token_endpoint())
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn code_flow_with_pkce_gives_tokens_and_a_replayed_refresh_token_is_invalid_grant() {
    let provider = OidcProvider::start().unwrap();
    let pkce = Pkce::new();
    let redirect = redirect_uri(51234);
    let mut authorize = url::Url::parse(&provider.authorization_endpoint()).unwrap();
    authorize
        .query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", "openid offline_access profile")
        .append_pair("prompt", "consent")
        .append_pair("state", "state-123")
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256");

    let http = browser().unwrap();
    let back = complete_dev_interactions(
        &http,
        provider.issuer(),
        authorize.as_str(),
        TEST_ACCOUNT,
        TEST_PASSWORD,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
    assert!(back.as_str().starts_with(&redirect), "{back}");
    assert_eq!(query_param(&back, "state").as_deref(), Some("state-123"));
    assert_eq!(
        query_param(&back, "iss").as_deref(),
        Some(provider.issuer())
    );
    let code = query_param(&back, "code").unwrap_or_else(|| panic!("no code in {back}"));

    // The code is bound to the verifier: a wrong one is refused.
    let (status, body) = token_request(
        &provider,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", CLIENT_ID),
            ("code_verifier", &Pkce::new().verifier),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    // Start over with a fresh code, so the real exchange does not depend on whether the
    // refused attempt consumed this one.
    let pkce = Pkce::new();
    authorize
        .query_pairs_mut()
        .clear()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", "openid offline_access profile")
        .append_pair("prompt", "consent")
        .append_pair("state", "state-456")
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256");
    let back = complete_dev_interactions(
        &http,
        provider.issuer(),
        authorize.as_str(),
        TEST_ACCOUNT,
        TEST_PASSWORD,
    )
    .await
    .unwrap();
    let code = query_param(&back, "code").unwrap();
    let (status, tokens) = token_request(
        &provider,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", CLIENT_ID),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(
        tokens["access_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(tokens["id_token"].as_str().is_some());
    let first_refresh = tokens["refresh_token"]
        .as_str()
        .expect("offline_access gives a refresh token")
        .to_owned();

    let (status, rotated) = token_request(
        &provider,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &first_refresh),
            ("client_id", CLIENT_ID),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rotated}");
    let second_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, first_refresh, "refresh tokens rotate");

    let (status, replay) = token_request(
        &provider,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &first_refresh),
            ("client_id", CLIENT_ID),
        ],
    )
    .await;
    assert_eq!(
        (status, replay["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
}

#[test]
fn oidc_provider_stops_by_pid() {
    let mut provider = OidcProvider::start().unwrap();
    let port = provider.port();
    assert!(harness::process::port_open(port));
    provider.stop();
    assert!(!harness::process::port_open(port));
}
