//! Signing in to an OpenShift cluster (the OAuth simulator) with a user name and password in
//! the real window: the identity is shown, survives a restart (the token is in a private
//! Secret Service), and sign-out deletes it. No password or token reaches the settings file,
//! the webview's storage or the screenshots' folder.

use connections::{ConnectionKind, TlsMode};
use harness::keyring::KeyringDaemon;
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth};

use crate::app::Desktop;
use crate::chromium::{Chromium, Launcher};
use crate::init;
use crate::secrets;
use harness::secrets::files_containing;

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

#[tokio::test(flavor = "multi_thread")]
async fn password_sign_in_shows_the_user_survives_a_restart_and_sign_out_deletes_it() {
    init();
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).expect("the simulator starts");
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "prod-cluster",
        sim.api_url(),
        TlsMode::System,
    );
    let cluster = row("prod-cluster");
    secrets::used(ALICE_PASSWORD);
    secrets::used("wrong-password");
    secrets::used("sha256~");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    s.find("[data-testid=cluster-sign-in]").await.unwrap();
    app.screenshot("40-sign-in-browser-tab").await;
    s.click_css("[data-testid=way-password]").await.unwrap();
    s.type_into("#auth-username", "alice").await.unwrap();
    s.type_into("#auth-password", "wrong-password")
        .await
        .unwrap();
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=sign-in-error]", "not accepted")
        .await
        .unwrap();
    app.screenshot("41-sign-in-wrong-password").await;
    s.type_into("#auth-password", ALICE_PASSWORD).await.unwrap();
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=cluster-sign-in]").await.unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    s.wait_text_content(
        &format!("{cluster} [data-testid=auth-identity]"),
        "registry-admins",
    )
    .await
    .unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-expiry]"), "in 24 h")
        .await
        .unwrap();
    app.screenshot("42-signed-in-as-alice").await;
    app.close().await;

    // A restart: the token comes back from the keyring.
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    app.screenshot("43-still-signed-in-after-restart").await;

    s.click_css(&format!("{cluster} [data-testid=auth-sign-out]"))
        .await
        .unwrap();
    s.wait_text_content("[data-testid=sign-out-modal]", "OS keyring")
        .await
        .unwrap();
    app.screenshot("44-sign-out-asks-once").await;
    assert_eq!(
        sim.valid_tokens(),
        1,
        "alice's token is live until sign-out"
    );
    s.click_css("[data-testid=confirm-sign-out]").await.unwrap();
    s.find(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    // Revoked on the cluster, as `oc logout` does.
    assert_eq!(sim.valid_tokens(), 0);
    app.close().await;

    // Nothing secret on disk: not the password, not a token (all start with sha256~).
    for needle in [ALICE_PASSWORD, "wrong-password", "sha256~"] {
        let hits = files_containing(desktop.home(), needle);
        assert!(hits.is_empty(), "{needle} found in {hits:?}");
        let hits = files_containing(&crate::app::artifacts_dir(), needle);
        assert!(hits.is_empty(), "{needle} found in {hits:?}");
    }
}

/// The page the app's loopback listener shows in the browser once it has the code.
const SIGNED_IN_PAGE: &str = "Signed in. You can close this tab";

#[tokio::test(flavor = "multi_thread")]
async fn browser_sign_in_opens_the_system_browser_and_takes_the_redirect_on_loopback() {
    init();
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).expect("the simulator starts");
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let launcher = Launcher::new();
    secrets::used(ALICE_PASSWORD);
    secrets::used("sha256~");

    // A Japanese desktop: the sign-in dialog and the signed-in row in Japanese.
    let mut desktop = Desktop::with_lang("ja_JP.UTF-8");
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.path_prefix = Some(launcher.path_dir());
    desktop.extra_env = vec![launcher.env()];
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "prod-cluster",
        sim.api_url(),
        TlsMode::System,
    );
    let cluster = row("prod-cluster");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    s.find("#auth-client-id").await.unwrap();
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();

    // The system browser gets the authorization URL; the user logs in on the OAuth server's
    // own login page there.
    let opened = launcher.wait_opened();
    let browser = Chromium::start().await;
    let b = &browser.session;
    browser.visit(&opened).await;
    b.type_into("input[name=username]", "alice").await.unwrap();
    b.type_into("input[name=password]", ALICE_PASSWORD)
        .await
        .unwrap();
    browser.screenshot("45-browser-openshift-login-page").await;
    app.screenshot("45-app-waiting-for-the-browser-ja").await;
    b.click_css("button[type=submit]").await.unwrap();
    b.wait_text_content("body", SIGNED_IN_PAGE).await.unwrap();
    assert!(
        b.current_url()
            .await
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "the browser ends on the app's loopback listener"
    );
    browser.screenshot("45-browser-signed-in-page").await;
    browser.close().await;

    s.wait_gone("[data-testid=cluster-sign-in]").await.unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    app.screenshot("45-signed-in-through-the-browser-ja").await;
    app.close().await;

    // The browser was sent to the cli client's authorization with PKCE S256 and a loopback
    // redirect on 127.0.0.1, and the code was exchanged once.
    let url = url::Url::parse(&opened).unwrap();
    let param = |n: &str| {
        url.query_pairs()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.into_owned())
    };
    assert!(
        url.as_str()
            .starts_with(&format!("{}/oauth/authorize", sim.oauth_url())),
        "{url}"
    );
    assert_eq!(param("client_id").as_deref(), Some("openshift-cli-client"));
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));
    let redirect = url::Url::parse(&param("redirect_uri").unwrap()).unwrap();
    assert_eq!(
        (redirect.host_str(), redirect.path()),
        (Some("127.0.0.1"), "/callback")
    );
    assert!(param("state").is_some_and(|s| s.len() >= 16));
    assert_eq!(sim.token_requests(), 1);
    assert_eq!(sim.valid_tokens(), 1);
    for needle in [ALICE_PASSWORD, "sha256~"] {
        let hits = files_containing(desktop.home(), needle);
        assert!(hits.is_empty(), "{needle} found in {hits:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn oidc_sign_in_through_the_providers_login_page_survives_a_restart() {
    init();
    let provider = harness::oidc::OidcProvider::start().expect("oidc-provider starts");
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let launcher = Launcher::new();
    secrets::used(harness::oidc::TEST_PASSWORD);

    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.path_prefix = Some(launcher.path_dir());
    desktop.extra_env = vec![launcher.env()];
    // A cluster whose users sign in through an OIDC provider (a Quay signs in with its own
    // OAuth token instead: tests/e2e/quay.rs).
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sso-cluster",
        "https://api.sso.lab.internal:6443",
        TlsMode::System,
    );
    let cluster = row("sso-cluster");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    s.click_css("[data-testid=way-oidc]").await.unwrap();
    s.type_into("#auth-issuer", provider.issuer())
        .await
        .unwrap();
    s.type_into("#auth-oidc-client", harness::oidc::CLIENT_ID)
        .await
        .unwrap();
    app.screenshot("46-sign-in-oidc-provider").await;
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();

    // The provider's own pages in the browser: its login form, then its consent page.
    let opened = launcher.wait_opened();
    let browser = Chromium::start().await;
    let b = &browser.session;
    browser.visit(&opened).await;
    b.type_into("input[name=login]", harness::oidc::TEST_ACCOUNT)
        .await
        .unwrap();
    b.type_into("input[name=password]", harness::oidc::TEST_PASSWORD)
        .await
        .unwrap();
    browser.screenshot("46-browser-oidc-login-page").await;
    b.click_css("button[type=submit]").await.unwrap();
    b.wait_text_content("body", "Authorize")
        .await
        .unwrap_or_else(|e| {
            panic!("{e}\n{}", provider.log());
        });
    browser.screenshot("46-browser-oidc-consent-page").await;
    b.click_css("button[type=submit]").await.unwrap();
    b.wait_text_content("body", SIGNED_IN_PAGE)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
    browser.screenshot("46-browser-oidc-signed-in-page").await;
    browser.close().await;

    s.wait_gone("[data-testid=cluster-sign-in]")
        .await
        .unwrap_or_else(|e| panic!("{e}\nopened: {:?}\n{}", launcher.opened(), provider.log()));
    s.wait_text_content(
        &format!("{cluster} [data-testid=auth-identity]"),
        "tester@example.test",
    )
    .await
    .unwrap();
    app.screenshot("47-signed-in-with-oidc").await;
    app.close().await;

    let url = url::Url::parse(&opened).unwrap();
    let param = |n: &str| {
        url.query_pairs()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(param("prompt").as_deref(), Some("consent"));
    assert!(param("scope").unwrap().contains("offline_access"));
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));

    // A restart: still signed in, from the keyring.
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text_content(
        &format!("{cluster} [data-testid=auth-user]"),
        harness::oidc::TEST_ACCOUNT,
    )
    .await
    .unwrap();
    s.click_css(&format!("{cluster} [data-testid=auth-sign-out]"))
        .await
        .unwrap();
    s.click_css("[data-testid=confirm-sign-out]").await.unwrap();
    s.find(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    app.close().await;
    let hits = files_containing(desktop.home(), harness::oidc::TEST_PASSWORD);
    assert!(hits.is_empty(), "the password found in {hits:?}");
}
