//! Signing in to an OpenShift cluster (the OAuth simulator) with a user name and password in
//! the real window: the identity is shown, survives a restart (the token is in a private
//! Secret Service), and sign-out deletes it. No password or token reaches the settings file,
//! the webview's storage or the screenshots' folder.

use connections::{ConnectionKind, TlsMode};
use harness::keyring::KeyringDaemon;
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth};

use crate::app::Desktop;
use crate::init;

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

/// Every file under `dir` that holds `needle`.
fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
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

/// A stand-in for the system browser: the app runs `xdg-open <authorization URL>`; this one
/// logs in on the OAuth server's login page with curl (cookies kept, redirects followed) and
/// so lands on the app's loopback `/callback` with the code, as a browser would.
const FAKE_XDG_OPEN: &str = r#"#!/bin/sh
url="$1"
jar=$(mktemp)
echo "$url" >> "$RC_E2E_BROWSER_LOG"
login=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$url")
then=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["then"][0])' "$login")
base="${login%%/login*}"
( curl -s -L -c "$jar" -b "$jar" --data-urlencode "then=$then" \
    --data-urlencode "username=$RC_E2E_USER" --data-urlencode "password=$RC_E2E_PASSWORD" \
    "$base/login" > /dev/null; rm -f "$jar" ) &
"#;

#[tokio::test(flavor = "multi_thread")]
async fn browser_sign_in_opens_the_system_browser_and_takes_the_redirect_on_loopback() {
    use std::os::unix::fs::PermissionsExt;
    init();
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).expect("the simulator starts");
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let browser_dir = tempfile::tempdir().unwrap();
    let opener = browser_dir.path().join("xdg-open");
    std::fs::write(&opener, FAKE_XDG_OPEN).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let browser_log = browser_dir.path().join("opened.log");

    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.path_prefix = Some(browser_dir.path().to_path_buf());
    desktop.extra_env = vec![
        ("RC_E2E_USER".into(), "alice".into()),
        ("RC_E2E_PASSWORD".into(), ALICE_PASSWORD.into()),
        (
            "RC_E2E_BROWSER_LOG".into(),
            browser_log.display().to_string(),
        ),
    ];
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
    s.wait_gone("[data-testid=cluster-sign-in]").await.unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    app.screenshot("45-signed-in-through-the-browser").await;
    app.close().await;

    // The browser was sent to the cli client's authorization with PKCE S256 and a loopback
    // redirect on 127.0.0.1, and the code was exchanged once.
    let opened = std::fs::read_to_string(&browser_log).unwrap();
    let url = url::Url::parse(opened.lines().next().unwrap()).unwrap();
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

/// A stand-in for the system browser in front of the real `oidc-provider`: follows its
/// redirects with a cookie jar, fills and posts its login and consent forms, and delivers the
/// final redirect to the app's loopback `/callback`. Forks, so `xdg-open` returns at once.
const FAKE_OIDC_BROWSER: &str = r#"#!/usr/bin/env python3
import html, http.cookiejar, os, re, sys, urllib.error, urllib.parse, urllib.request

if os.fork():
    sys.exit(0)

class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

opener = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), Stay)
url, data = sys.argv[1], None
with open(os.environ["RC_E2E_BROWSER_LOG"], "a") as log:
    log.write(url + "\n")
for _ in range(20):
    if urllib.parse.urlparse(url).path == "/callback":
        urllib.request.urlopen(url).read()
        break
    try:
        reply = opener.open(urllib.request.Request(url, data=data))
        location, body = None, reply.read().decode()
    except urllib.error.HTTPError as e:
        location, body = e.headers.get("Location"), e.read().decode()
    if location:
        url, data = urllib.parse.urljoin(url, location), None
        continue
    action = html.unescape(re.search(r'<form[^>]*action="([^"]+)"', body).group(1))
    fields = {}
    for tag in re.findall(r"<input[^>]*>", body):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    if "login" in fields:
        fields["login"] = os.environ["RC_E2E_USER"]
    if "password" in fields:
        fields["password"] = os.environ["RC_E2E_PASSWORD"]
    url, data = urllib.parse.urljoin(url, action), urllib.parse.urlencode(fields).encode()
"#;

#[tokio::test(flavor = "multi_thread")]
async fn oidc_sign_in_through_the_providers_login_page_survives_a_restart() {
    use std::os::unix::fs::PermissionsExt;
    init();
    let provider = harness::oidc::OidcProvider::start().expect("oidc-provider starts");
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let browser_dir = tempfile::tempdir().unwrap();
    let opener = browser_dir.path().join("xdg-open");
    std::fs::write(&opener, FAKE_OIDC_BROWSER).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let browser_log = browser_dir.path().join("opened.log");

    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.path_prefix = Some(browser_dir.path().to_path_buf());
    desktop.extra_env = vec![
        ("RC_E2E_USER".into(), harness::oidc::TEST_ACCOUNT.into()),
        (
            "RC_E2E_PASSWORD".into(),
            harness::oidc::TEST_PASSWORD.into(),
        ),
        (
            "RC_E2E_BROWSER_LOG".into(),
            browser_log.display().to_string(),
        ),
    ];
    desktop.add_connection_of(
        ConnectionKind::Quay,
        "lab-quay",
        "https://quay.lab.internal",
        TlsMode::System,
    );
    let quay = row("lab-quay");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css(&format!("{quay} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
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
    s.wait_gone("[data-testid=cluster-sign-in]")
        .await
        .unwrap_or_else(|e| {
            panic!(
                "{e}\nopened: {:?}\n{}",
                std::fs::read_to_string(&browser_log),
                provider.log()
            )
        });
    s.wait_text_content(
        &format!("{quay} [data-testid=auth-identity]"),
        "tester@example.test",
    )
    .await
    .unwrap();
    app.screenshot("47-signed-in-with-oidc").await;
    app.close().await;

    let opened = std::fs::read_to_string(&browser_log).unwrap();
    let url = url::Url::parse(opened.lines().next().unwrap()).unwrap();
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
        &format!("{quay} [data-testid=auth-user]"),
        harness::oidc::TEST_ACCOUNT,
    )
    .await
    .unwrap();
    s.click_css(&format!("{quay} [data-testid=auth-sign-out]"))
        .await
        .unwrap();
    s.click_css("[data-testid=confirm-sign-out]").await.unwrap();
    s.find(&format!("{quay} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    app.close().await;
    let hits = files_containing(desktop.home(), harness::oidc::TEST_PASSWORD);
    assert!(hits.is_empty(), "the password found in {hits:?}");
}
