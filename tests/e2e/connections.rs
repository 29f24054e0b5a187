//! The Connections page: add, edit, remove, restart, a corrupt settings file, languages.

use connections::{ConnectionKind, TlsMode};
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth};

use crate::app::Desktop;
use crate::init;
use crate::secrets;

const ROW: &str = "[data-testid=connection-row]";

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

#[tokio::test(flavor = "multi_thread")]
async fn app_starts_on_the_connections_page_and_each_area_says_what_it_needs_first() {
    init();
    let desktop = Desktop::new();
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text("[data-testid=page-title]", "Connections")
        .await
        .unwrap();
    s.find("[data-testid=connections-empty]").await.unwrap();
    let path = s
        .wait_text("[data-testid=settings-path]", "settings.json")
        .await
        .unwrap();
    assert!(
        path.contains(&desktop.settings_path().display().to_string()),
        "{path}"
    );
    app.screenshot("01-connections-empty-en").await;

    // Access is built: with no OpenShift connection it points to the Connections page.
    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.wait_text("[data-testid=page-title]", "Access")
        .await
        .unwrap();
    s.find("[data-testid=access-no-cluster]").await.unwrap();
    app.screenshot("03-access-no-cluster-en").await;
    // Credentials is built: without a registry connection it points to the Connections page.
    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    s.find("[data-testid=credentials-no-registries]")
        .await
        .unwrap();
    app.screenshot("04-credentials-no-registries-en").await;
    app.close().await;
    // Looking around saves no connection: at most the page shown last, for the next start.
    if let Ok(saved) = std::fs::read_to_string(desktop.settings_path()) {
        let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
        assert!(
            saved["connections"].as_array().is_none_or(|c| c.is_empty()),
            "{saved}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn connection_to_the_demo_registry_added_through_the_form_survives_a_restart() {
    init();
    let registry = harness::registry::Registry::start(harness::registry::Mode::Open)
        .expect("the distribution registry starts");
    let url = registry.url();
    let desktop = Desktop::new();

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=add-connection]").await.unwrap();
    s.type_into("#connection-name", "Local demo registry")
        .await
        .unwrap();
    // First a URL no client can use: the error is shown under the field, the typing kept.
    s.type_into("#connection-url", "ftp://127.0.0.1")
        .await
        .unwrap();
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text("[data-testid=error-url]", "http")
        .await
        .unwrap();
    let name = s.find("#connection-name").await.unwrap();
    assert_eq!(
        s.attribute(&name, "value").await.unwrap().as_deref(),
        Some("Local demo registry")
    );
    app.screenshot("06-add-connection-invalid-url-en").await;
    // (The page shown last may be saved; a connection may not.)
    assert!(
        std::fs::read_to_string(desktop.settings_path())
            .map_or(true, |saved| !saved.contains("Local demo registry")),
        "a refused form wrote the settings file"
    );

    s.type_into("#connection-url", &url).await.unwrap();
    app.screenshot("07-add-connection-form-en").await;
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text(&row("Local demo registry"), &url)
        .await
        .unwrap();
    app.screenshot("08-connections-one-en").await;
    app.close().await;

    let saved = std::fs::read_to_string(desktop.settings_path()).expect("settings file written");
    assert!(saved.contains(&url), "{saved}");

    let app = desktop.launch().await;
    app.session
        .wait_text(&row("Local demo registry"), &url)
        .await
        .expect("the connection is there after a restart");
    app.screenshot("09-connections-after-restart-en").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn editing_to_insecure_shows_a_warning_and_remove_asks_once() {
    init();
    let desktop = Desktop::new();
    let app = desktop.launch().await;
    let s = &app.session;
    for (name, url) in [
        ("alpha", "https://alpha.example.com"),
        ("beta", "https://beta.example.com:5000"),
    ] {
        s.click_css("[data-testid=add-connection]").await.unwrap();
        s.type_into("#connection-name", name).await.unwrap();
        s.type_into("#connection-url", url).await.unwrap();
        s.click_css("[data-testid=connection-save]").await.unwrap();
        s.find(&row(name)).await.unwrap();
    }

    s.click_css(&format!("{} [data-testid=edit-connection]", row("beta")))
        .await
        .unwrap();
    s.click_css("#tls-insecure").await.unwrap();
    app.screenshot("10-edit-connection-insecure-en").await;
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.find(&format!(
        "{} [data-testid=tls-insecure-warning]",
        row("beta")
    ))
    .await
    .unwrap();
    assert!(
        s.try_find(&format!(
            "{} [data-testid=tls-insecure-warning]",
            row("alpha")
        ))
        .await
        .unwrap()
        .is_none()
    );

    // The filter narrows the list as one types.
    s.type_into("[data-testid=connection-filter]", "alp")
        .await
        .unwrap();
    s.wait_gone(&row("beta")).await.unwrap();
    assert_eq!(s.find_all(ROW).await.unwrap().len(), 1);
    s.type_into("[data-testid=connection-filter]", "")
        .await
        .unwrap();
    s.find(&row("beta")).await.unwrap();

    s.click_css(&format!("{} [data-testid=remove-connection]", row("alpha")))
        .await
        .unwrap();
    let confirm = s.find("[data-testid=confirm-remove]").await.unwrap();
    app.screenshot("11-remove-connection-confirm-en").await;
    s.click(&confirm).await.unwrap();
    s.wait_gone(&row("alpha")).await.unwrap();
    app.close().await;

    let saved = std::fs::read_to_string(desktop.settings_path()).unwrap();
    assert!(!saved.contains("alpha.example.com"), "{saved}");
    assert!(saved.contains("\"mode\": \"insecure\""), "{saved}");
}

/// A saved sign-in is bound to the origin it was given to: editing a signed-in cluster's URL
/// to another host names where the sign-in was given and asks once; saving forgets it (the
/// row asks to sign in again, after a restart too).
#[tokio::test(flavor = "multi_thread")]
async fn editing_a_signed_in_clusters_url_asks_once_and_forgets_the_sign_in() {
    init();
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).expect("the simulator starts");
    let desktop = Desktop::new();
    let connection = desktop.add_connection_of(
        ConnectionKind::Openshift,
        "prod-cluster",
        sim.api_url(),
        TlsMode::System,
    );
    secrets::used(ALICE_PASSWORD);
    secrets::used("sha256~");
    let cluster = row("prod-cluster");
    let given_to = sim.api_url().trim_end_matches('/').to_owned();
    let elsewhere = given_to.replace("127.0.0.1", "localhost");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    s.click_css("[data-testid=way-password]").await.unwrap();
    s.type_into("#auth-username", "alice").await.unwrap();
    s.type_into("#auth-password", ALICE_PASSWORD).await.unwrap();
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();

    assert_eq!(stored_session(&desktop, &connection.id), Some(0));

    s.click_css(&format!("{cluster} [data-testid=edit-connection]"))
        .await
        .unwrap();
    s.type_into("#connection-url", &elsewhere).await.unwrap();
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text_content(
        "[data-testid=forget-sign-in-warning]",
        &format!("The saved sign-in for prod-cluster was given to {given_to}; saving forgets it."),
    )
    .await
    .unwrap();
    app.screenshot("86-edit-signed-in-url-asks-en").await;
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text(&cluster, "localhost").await.unwrap();
    s.find(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    app.screenshot("87-edited-url-signed-out-en").await;
    app.close().await;

    assert_eq!(stored_session(&desktop, &connection.id), None, "forgotten");
}

/// The exit code of `auth-probe raw`, which reads a connection's session from the desktop's
/// keyring as it is stored: `Some(0)` when there is one, `None` when there is none (code 2).
fn stored_session(desktop: &Desktop, connection_id: &str) -> Option<i32> {
    let mut probe = std::process::Command::new(env!("CARGO_BIN_EXE_auth-probe"));
    desktop.keyring().apply(&mut probe);
    let raw = probe.args(["raw", connection_id]).output().unwrap();
    match raw.status.code() {
        Some(2) => None,
        code => Some(code.unwrap_or(-1)),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn corrupt_settings_file_is_reported_kept_aside_and_the_app_starts() {
    init();
    let desktop = Desktop::new();
    let path = desktop.settings_path();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage = "{\"schemaVersion\": 1, \"connections\": [ truncated";
    std::fs::write(&path, garbage).unwrap();

    let app = desktop.launch().await;
    let s = &app.session;
    let alert = s
        .wait_text("[data-testid=settings-recovery]", "settings.json.broken-")
        .await
        .unwrap();
    s.find("[data-testid=connections-empty]").await.unwrap();
    app.screenshot("12-settings-corrupt-en").await;
    app.close().await;

    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.display().to_string().contains("settings.json.broken-"))
        .collect();
    assert_eq!(kept.len(), 1, "{alert}");
    assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), garbage);
}

#[tokio::test(flavor = "multi_thread")]
async fn japanese_system_locale_starts_in_japanese_and_the_switch_choice_is_kept() {
    init();
    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text("[data-testid=page-title]", "接続")
        .await
        .unwrap();
    app.screenshot("13-connections-empty-ja").await;
    s.click_css("[data-testid=add-connection]").await.unwrap();
    s.type_into("#connection-name", "デモ").await.unwrap();
    // A registry URL with a repository path: the refusal leads with a Japanese sentence.
    s.type_into("#connection-url", "https://registry.example.com/team/app")
        .await
        .unwrap();
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text("[data-testid=error-url]", "この URL は使用できません。")
        .await
        .unwrap();
    app.screenshot("14-add-connection-invalid-url-ja").await;
    s.type_into("#connection-url", "http://127.0.0.1:5000")
        .await
        .unwrap();
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.find(&row("デモ")).await.unwrap();
    app.screenshot("15-connections-one-ja").await;

    // The switch overrides the system locale, and the choice is saved.
    s.click_css("[data-testid=language-switch] option[value=en]")
        .await
        .unwrap();
    s.wait_text("[data-testid=page-title]", "Connections")
        .await
        .unwrap();
    app.close().await;

    let app = desktop.launch().await;
    app.session
        .wait_text("[data-testid=page-title]", "Connections")
        .await
        .unwrap();
    app.session
        .click_css("[data-testid=language-switch] option[value=system]")
        .await
        .unwrap();
    app.session
        .wait_text("[data-testid=page-title]", "接続")
        .await
        .unwrap();
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dark_desktop_theme_turns_the_window_dark() {
    init();
    let mut desktop = Desktop::new();
    desktop.gtk_theme = Some("Adwaita:dark".into());
    let app = desktop.launch().await;
    let s = &app.session;
    s.find("[data-testid=connections-empty]").await.unwrap();
    let dark = s
        .execute("return document.documentElement.classList.contains('pf-v6-theme-dark')")
        .await
        .unwrap();
    app.screenshot("16-connections-empty-dark-en").await;
    assert_eq!(dark, serde_json::Value::Bool(true));
    app.close().await;
}
