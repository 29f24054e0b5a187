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
