//! Signing in to OpenShift (the `auth` crate) against the OAuth server simulator, in the three
//! ways `oc login` offers, and the refusals a real cluster gives.

use std::time::Duration;

use auth::browser::{BrowserOptions, Cancel};
use auth::openshift::{CLI_CLIENT, OpenShift};
use auth::{Error, SignInMethod};
use connections::TlsMode;
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth, browser_login};
use vault::Secret;

fn sim() -> OpenShiftOAuth {
    harness::install_crypto_provider();
    OpenShiftOAuth::start(OpenShiftConfig::default()).unwrap()
}

fn cluster(sim: &OpenShiftOAuth) -> OpenShift {
    OpenShift::new(sim.api_url(), &TlsMode::System).unwrap()
}

fn browser() -> reqwest::Client {
    harness::oidc::browser().unwrap()
}

fn param(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// An opener that logs in on the simulator's login page as `user` and then delivers the
/// redirect to the app's loopback listener, after `tamper` had its way with it.
fn scripted_browser(
    oauth_url: String,
    user: &'static str,
    password: &'static str,
    tamper: fn(url::Url) -> url::Url,
) -> impl Fn(&url::Url) -> auth::Result<()> + Send + Sync {
    move |url: &url::Url| {
        let url = url.to_string();
        let oauth_url = oauth_url.clone();
        tokio::spawn(async move {
            let browser = browser();
            let back = browser_login(&browser, &oauth_url, &url, user, password)
                .await
                .expect("the login page lets the user in");
            let back = tamper(back);
            let _ = browser.get(back).send().await;
        });
        Ok(())
    }
}

#[tokio::test]
async fn discovery_names_the_oauth_server_on_its_own_host() {
    let sim = sim();
    let metadata = cluster(&sim).discover().await.unwrap();
    assert_eq!(metadata.issuer, sim.oauth_url());
    assert_ne!(metadata.issuer, sim.api_url());
    assert_eq!(
        metadata.authorization_endpoint,
        format!("{}/oauth/authorize", sim.oauth_url())
    );
    assert_eq!(
        metadata.token_endpoint,
        format!("{}/oauth/token", sim.oauth_url())
    );
    assert_eq!(metadata.code_challenge_methods_supported, ["plain", "S256"]);
    assert_eq!(
        metadata.token_request_url(),
        format!("{}/oauth/token/request", sim.oauth_url())
    );
}

#[tokio::test]
async fn password_sign_in_answers_the_basic_challenge_and_reads_the_token_from_the_fragment() {
    let sim = sim();
    let session = cluster(&sim)
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap();
    assert_eq!(session.method, SignInMethod::OpenshiftPassword);
    assert_eq!(session.identity.user, "alice");
    assert!(
        session
            .identity
            .groups
            .contains(&"registry-admins".to_owned())
    );
    assert!(
        session
            .identity
            .groups
            .contains(&"system:authenticated:oauth".to_owned())
    );
    assert!(session.access_token.expose().starts_with("sha256~"));
    assert!(sim.token_is_valid(session.access_token.expose()));
    let lives = session.expires_at.unwrap() - auth::session::now();
    assert!((86_300..=86_400).contains(&lives), "{lives}");
    assert_eq!(sim.challenges(), 1, "one challenge, then the credentials");
    assert!(!format!("{session:?}").contains(session.access_token.expose()));
}

#[tokio::test]
async fn wrong_password_is_refused_as_a_wrong_password() {
    let sim = sim();
    let err = cluster(&sim)
        .login_with_password("alice", &Secret::new("not-her-password"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassword { .. }), "{err:?}");
    assert!(!err.to_string().contains("not-her-password"));
    let err = cluster(&sim)
        .login_with_password("mallory", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassword { .. }), "{err:?}");
}

#[tokio::test]
async fn simulator_challenges_only_requests_with_the_csrf_header() {
    let sim = sim();
    let url = format!(
        "{}/oauth/authorize?client_id=openshift-challenging-client&response_type=token",
        sim.oauth_url()
    );
    let plain = browser().get(&url).send().await.unwrap();
    assert_eq!(plain.status(), 401);
    assert!(plain.headers().get("www-authenticate").is_none());
    let warning = plain.headers()["warning"].to_str().unwrap();
    assert!(
        warning.contains("X-CSRF-Token header is required"),
        "{warning}"
    );

    let marked = browser()
        .get(&url)
        .header("X-CSRF-Token", "1")
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), 401);
    assert_eq!(
        marked.headers()["www-authenticate"],
        "Basic realm=\"openshift\""
    );

    // Wrong credentials: challenged again.
    let wrong = browser()
        .get(&url)
        .header("X-CSRF-Token", "1")
        .basic_auth("alice", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        wrong.headers()["www-authenticate"],
        "Basic realm=\"openshift\""
    );

    let good = browser()
        .get(&url)
        .header("X-CSRF-Token", "1")
        .basic_auth("alice", Some(ALICE_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), 302);
    let location = url::Url::parse(good.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.path(), "/oauth/token/implicit");
    let fragment: Vec<(String, String)> =
        url::form_urlencoded::parse(location.fragment().unwrap().as_bytes())
            .into_owned()
            .collect();
    assert!(
        fragment
            .iter()
            .any(|(k, v)| k == "access_token" && v.starts_with("sha256~"))
    );
    assert!(fragment.contains(&("token_type".into(), "Bearer".into())));
    assert!(fragment.contains(&("expires_in".into(), "86400".into())));
}

#[tokio::test]
async fn oauth_host_typed_as_the_api_url_has_no_discovery_document() {
    // A common mistake: the OAuth server's URL typed instead of the API server's.
    let sim = sim();
    let err = OpenShift::new(sim.oauth_url(), &TlsMode::System)
        .unwrap()
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap_err();
    // The OAuth server publishes no discovery document: that is what the user learns.
    assert!(matches!(err, Error::InvalidDiscovery { .. }), "{err:?}");
    assert!(
        err.to_string().contains("oauth-authorization-server"),
        "{err}"
    );
}

#[tokio::test]
async fn browser_sign_in_uses_the_cli_client_with_pkce_and_a_loopback_redirect() {
    let sim = sim();
    let opener = scripted_browser(sim.oauth_url().to_owned(), "alice", ALICE_PASSWORD, |u| u);
    let session = cluster(&sim)
        .login_with_browser(CLI_CLIENT, &opener, &BrowserOptions::default())
        .await
        .unwrap();
    assert_eq!(session.method, SignInMethod::OpenshiftBrowser);
    assert_eq!(session.client_id.as_deref(), Some(CLI_CLIENT));
    assert_eq!(session.identity.user, "alice");
    assert!(sim.token_is_valid(session.access_token.expose()));
    assert!(session.expires_at.is_some());
    assert_eq!(sim.token_requests(), 1);
}

#[tokio::test]
async fn forged_callbacks_are_ignored_and_the_real_redirect_still_signs_in() {
    // Anything on the machine can reach the loopback listener. Before the user finishes, a
    // local process sends an `access_denied` and then the user's own code with a state of its
    // choosing; neither may end the sign-in, and the code is exchanged once, for the reply
    // that carries the app's state.
    let sim = sim();
    let oauth_url = sim.oauth_url().to_owned();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let opener = move |url: &url::Url| {
        let url = url.to_string();
        let oauth_url = oauth_url.clone();
        let tx = tx.lock().unwrap().take().unwrap();
        tokio::spawn(async move {
            let browser = browser();
            let redirect_uri = param(&url::Url::parse(&url).unwrap(), "redirect_uri").unwrap();
            let mut pages = Vec::new();
            let denied = format!("{redirect_uri}?error=access_denied&state=forged");
            pages.push(browser.get(denied).send().await.unwrap().status().as_u16());
            let back = browser_login(&browser, &oauth_url, &url, "alice", ALICE_PASSWORD)
                .await
                .expect("the login page lets the user in");
            let mut forged = back.clone();
            forged
                .query_pairs_mut()
                .clear()
                .append_pair("code", &param(&back, "code").unwrap())
                .append_pair("state", "forged");
            pages.push(browser.get(forged).send().await.unwrap().status().as_u16());
            pages.push(browser.get(back).send().await.unwrap().status().as_u16());
            let _ = tx.send(pages);
        });
        Ok(())
    };
    let session = cluster(&sim)
        .login_with_browser(CLI_CLIENT, &opener, &BrowserOptions::default())
        .await
        .unwrap();
    assert_eq!(session.identity.user, "alice");
    assert_eq!(
        rx.await.unwrap(),
        [400, 400, 200],
        "two error pages, then the signed-in page"
    );
    assert_eq!(sim.token_requests(), 1, "the code was exchanged once");
}

#[tokio::test]
async fn browser_sign_in_times_out_or_is_cancelled_when_nobody_logs_in() {
    let sim = sim();
    let idle = |_: &url::Url| Ok(());
    let options = BrowserOptions {
        timeout: Duration::from_millis(300),
        cancel: Cancel::new(),
    };
    let err = cluster(&sim)
        .login_with_browser(CLI_CLIENT, &idle, &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TimedOut { .. }), "{err:?}");

    let options = BrowserOptions::default();
    let cancel = options.cancel.clone();
    let opener = move |_: &url::Url| {
        cancel.cancel();
        Ok(())
    };
    let err = cluster(&sim)
        .login_with_browser(CLI_CLIENT, &opener, &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err:?}");
}

#[tokio::test]
async fn browser_that_cannot_open_is_reported() {
    let sim = sim();
    let broken = |_: &url::Url| {
        Err(Error::BrowserNotOpened {
            reason: "xdg-open: not found".into(),
        })
    };
    let err = cluster(&sim)
        .login_with_browser(CLI_CLIENT, &broken, &BrowserOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::BrowserNotOpened { .. }), "{err:?}");
}

/// Starts a cli-client authorization with `pkce` (challenge, method) and returns the redirect.
async fn authorize_cli(
    sim: &OpenShiftOAuth,
    redirect: &str,
    pkce: Option<(&str, &str)>,
) -> url::Url {
    let mut url = url::Url::parse(&format!("{}/oauth/authorize", sim.oauth_url())).unwrap();
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("client_id", CLI_CLIENT)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect)
            .append_pair("state", "s1");
        if let Some((challenge, method)) = pkce {
            q.append_pair("code_challenge", challenge)
                .append_pair("code_challenge_method", method);
        }
    }
    browser_login(
        &browser(),
        sim.oauth_url(),
        url.as_str(),
        "alice",
        ALICE_PASSWORD,
    )
    .await
    .unwrap()
}

async fn exchange(sim: &OpenShiftOAuth, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
    let response = browser()
        .post(format!("{}/oauth/token", sim.oauth_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn cli_client_refuses_missing_pkce_wrong_verifier_reused_code_and_foreign_redirect() {
    let sim = sim();
    let redirect = "http://127.0.0.1:40123/callback";

    // No code_challenge: redirected back with invalid_request.
    let back = authorize_cli(&sim, redirect, None).await;
    assert_eq!(
        param(&back, "error").as_deref(),
        Some("invalid_request"),
        "{back}"
    );
    assert_eq!(param(&back, "state").as_deref(), Some("s1"));

    // A redirect that is not the loopback /callback: 400, no redirect at all.
    let foreign = browser()
        .get(format!("{}/oauth/authorize", sim.oauth_url()))
        .query(&[
            ("client_id", CLI_CLIENT),
            ("response_type", "code"),
            ("redirect_uri", "http://evil.example/callback"),
            ("code_challenge", "x"),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 400);
    let localhost = browser()
        .get(format!("{}/oauth/authorize", sim.oauth_url()))
        .query(&[
            ("client_id", CLI_CLIENT),
            ("response_type", "code"),
            ("redirect_uri", "http://127.0.0.1:40123/other"),
            ("code_challenge", "x"),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(localhost.status(), 400);

    // S256: a wrong verifier, no verifier, then the right one, then the same code again.
    let pkce = harness::oidc::Pkce::new();
    let back = authorize_cli(&sim, redirect, Some((&pkce.challenge, "S256"))).await;
    let code = param(&back, "code").unwrap();
    let (status, body) = exchange(
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", CLI_CLIENT),
            (
                "code_verifier",
                "wrong-verifier-wrong-verifier-wrong-verifier",
            ),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    let back = authorize_cli(&sim, redirect, Some((&pkce.challenge, "S256"))).await;
    let code = param(&back, "code").unwrap();
    let (status, body) = exchange(
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", CLI_CLIENT),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    let back = authorize_cli(&sim, redirect, Some((&pkce.challenge, "S256"))).await;
    let code = param(&back, "code").unwrap();
    let good = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", redirect),
        ("client_id", CLI_CLIENT),
        ("code_verifier", pkce.verifier.as_str()),
    ];
    let (status, body) = exchange(&sim, &good).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["access_token"]
            .as_str()
            .unwrap()
            .starts_with("sha256~")
    );
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 86_400);
    let (status, body) = exchange(&sim, &good).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "a code works once"
    );

    // Another redirect_uri at the token endpoint than at the authorization.
    let back = authorize_cli(&sim, redirect, Some((&pkce.challenge, "S256"))).await;
    let code = param(&back, "code").unwrap();
    let (status, body) = exchange(
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:9/callback"),
            ("client_id", CLI_CLIENT),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // plain is listed in the discovery document and accepted.
    let back = authorize_cli(
        &sim,
        redirect,
        Some(("plain-verifier-0123456789-0123456789-0123", "plain")),
    )
    .await;
    let code = param(&back, "code").unwrap();
    let (status, _) = exchange(
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", CLI_CLIENT),
            ("code_verifier", "plain-verifier-0123456789-0123456789-0123"),
        ],
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn expired_code_is_invalid_grant() {
    harness::install_crypto_provider();
    let sim = OpenShiftOAuth::start(OpenShiftConfig {
        code_lifetime: Duration::ZERO,
        ..OpenShiftConfig::default()
    })
    .unwrap();
    let pkce = harness::oidc::Pkce::new();
    let redirect = "http://127.0.0.1:40124/callback";
    let back = authorize_cli(&sim, redirect, Some((&pkce.challenge, "S256"))).await;
    let code = param(&back, "code").unwrap();
    let (status, body) = exchange(
        &sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", CLI_CLIENT),
            ("code_verifier", &pkce.verifier),
        ],
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant")),
        "{body}"
    );
}

#[tokio::test]
async fn pasted_token_from_the_token_request_page_signs_in() {
    let sim = sim();
    let metadata = cluster(&sim).discover().await.unwrap();
    // The user visits the token request page, logs in, and copies the token shown.
    let http = browser();
    let login = browser_login(
        &http,
        sim.oauth_url(),
        &metadata.token_request_url(),
        "bob",
        harness::openshift_oauth::BOB_PASSWORD,
    )
    .await;
    // The page is on the OAuth server itself: the login ends on it, not on a redirect away.
    assert!(login.is_err());
    let page = http
        .get(metadata.token_request_url())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = page
        .split("<code id=\"token\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert!(token.starts_with("sha256~"), "{page}");

    let session = cluster(&sim)
        .login_with_token(Secret::new(format!("  {token}\n")))
        .await
        .unwrap();
    assert_eq!(session.method, SignInMethod::OpenshiftToken);
    assert_eq!(session.identity.user, "bob");
    assert_eq!(
        session.identity.groups,
        ["system:authenticated", "system:authenticated:oauth"]
    );
    assert_eq!(session.access_token.expose(), token, "whitespace trimmed");
    assert_eq!(
        session.expires_at, None,
        "a pasted token's expiry is not known"
    );
}

#[tokio::test]
async fn bad_expired_and_empty_tokens_are_refused_with_the_servers_status() {
    let sim = sim();
    let expired = sim.issue_token("alice", -10);
    for token in [expired.as_str(), "sha256~not-a-token", ""] {
        let err = cluster(&sim)
            .login_with_token(Secret::new(token))
            .await
            .unwrap_err();
        match &err {
            Error::InvalidToken {
                status, message, ..
            } => {
                assert_eq!(*status, 401);
                assert!(message.is_some());
            }
            other => panic!("{other:?}"),
        }
        if !token.is_empty() {
            assert!(!err.to_string().contains(token));
        }
    }
}

#[tokio::test]
async fn user_api_answers_401_status_for_a_bad_token_and_403_for_anonymous() {
    let sim = sim();
    let url = format!("{}/apis/user.openshift.io/v1/users/~", sim.api_url());
    let anonymous = browser().get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 403);
    let body: serde_json::Value = anonymous.json().await.unwrap();
    assert_eq!(
        (body["kind"].as_str(), body["reason"].as_str()),
        (Some("Status"), Some("Forbidden"))
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("system:anonymous")
    );

    let bad = browser()
        .get(&url)
        .bearer_auth("sha256~nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["kind"], "Status");
    assert_eq!(body["code"], 401);

    let token = sim.issue_token("alice", 60);
    let me: serde_json::Value = browser()
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["kind"], "User");
    assert_eq!(me["apiVersion"], "user.openshift.io/v1");
    assert_eq!(me["metadata"]["name"], "alice");
}

#[tokio::test]
async fn revoking_deletes_the_oauth_access_token() {
    let sim = sim();
    let cluster = cluster(&sim);
    let session = cluster
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap();
    assert!(cluster.revoke(&session.access_token).await.unwrap());
    assert!(!sim.token_is_valid(session.access_token.expose()));
    let err = cluster.whoami(&session.access_token).await.unwrap_err();
    assert!(matches!(err, Error::InvalidToken { .. }), "{err:?}");
    assert!(
        !cluster.revoke(&session.access_token).await.unwrap(),
        "already gone"
    );
}

#[tokio::test]
async fn unreachable_cluster_and_bad_urls_say_so() {
    harness::install_crypto_provider();
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let err = OpenShift::new(&format!("http://127.0.0.1:{port}"), &TlsMode::System)
        .unwrap()
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(matches!(
        OpenShift::new("ftp://cluster", &TlsMode::System),
        Err(Error::InvalidUrl { .. })
    ));
}

#[tokio::test]
async fn discovery_that_is_not_json_is_invalid() {
    // A path prefix under which the well-known document is a 404 page, not JSON.
    let sim = sim();
    let err = OpenShift::new(&format!("{}/login", sim.oauth_url()), &TlsMode::System)
        .unwrap()
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidDiscovery { .. }), "{err:?}");
}
