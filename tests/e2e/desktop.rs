//! Desktop habits in the real window (issue 17): a secret copied by the backend is on the X
//! clipboard and cleared again after the clearing time (shortened for the test through
//! `REGISTRY_CONSOLE_CLIPBOARD_CLEAR_SECONDS`, read at startup); a key saved through GTK's own
//! save dialog, typed into as a user does; the app reopening on the page and registry shown
//! last. Screenshots 140-149.

use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::init;
use crate::native;

/// Signs in to the registry connection shown on the Registries page.
async fn sign_in(s: &crate::webdriver::Session, user: &str, password: &str) {
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css("[data-testid=registry-sign-in]").await.unwrap();
    s.type_into("#registry-username", user).await.unwrap();
    s.type_into("#registry-password", password).await.unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    s.find("[data-testid=catalog-count]").await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_copied_login_line_is_on_the_clipboard_and_cleared_after_the_clearing_time() {
    init();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    let credentials = registry.credentials().expect("basic credentials").clone();
    crate::secrets::used(&credentials.password);
    let mut desktop = Desktop::new();
    desktop.extra_env.push((
        "REGISTRY_CONSOLE_CLIPBOARD_CLEAR_SECONDS".into(),
        "5".into(),
    ));
    desktop.add_connection("lab", &registry.url(), connections::TlsMode::System);
    let app = desktop.launch().await;
    let s = &app.session;
    sign_in(s, &credentials.username, &credentials.password).await;

    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    let masked = s
        .wait_text("[data-testid=docker-login-text]", "docker login")
        .await
        .unwrap();
    assert!(!masked.contains(&credentials.password), "{masked}");
    assert!(
        native::clipboard_text().is_none_or(|t| !t.contains(&credentials.password)),
        "the password is on the clipboard before any copy"
    );

    s.click_css("[data-testid=login-password-copy] button")
        .await
        .unwrap();
    let notice = s
        .wait_text("[data-testid=login-password-copy-notice]", "cleared in 5 s")
        .await
        .unwrap();
    assert_eq!(notice, "Copied — cleared in 5 s");
    // The backend copied the password, which the page never showed.
    let copied = native::wait_for_clipboard("held the password", |text| {
        text.is_some_and(|t| t.contains(&credentials.password))
    })
    .unwrap();
    assert_eq!(copied, credentials.password);
    let shown = s
        .wait_text("[data-testid=docker-login-text]", "docker login")
        .await
        .unwrap();
    assert!(!shown.contains(&credentials.password), "{shown}");
    app.screenshot("140-desktop-copied-cleared-in-en").await;

    // After the clearing time, the clipboard no longer holds it.
    native::wait_for_clipboard("was cleared", |text| {
        text.is_none_or(|t| !t.contains(&credentials.password))
    });
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn something_the_user_copied_after_the_secret_stays_on_the_clipboard() {
    init();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    let credentials = registry.credentials().expect("basic credentials").clone();
    crate::secrets::used(&credentials.password);
    let mut desktop = Desktop::new();
    desktop.extra_env.push((
        "REGISTRY_CONSOLE_CLIPBOARD_CLEAR_SECONDS".into(),
        "3".into(),
    ));
    desktop.add_connection("lab", &registry.url(), connections::TlsMode::System);
    let app = desktop.launch().await;
    let s = &app.session;
    sign_in(s, &credentials.username, &credentials.password).await;
    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    s.click_css("[data-testid=login-password-copy] button")
        .await
        .unwrap();
    native::wait_for_clipboard("held the password", |text| {
        text.is_some_and(|t| t.contains(&credentials.password))
    });
    // The user copies something else (xclip owns the clipboard now, as another app would).
    let mut xclip = std::process::Command::new("xclip")
        // -quiet keeps xclip in the foreground (it would fork away otherwise), so it can be
        // stopped by its id at the end.
        .args(["-i", "-selection", "clipboard", "-quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("xclip runs");
    {
        use std::io::Write as _;
        let mut stdin = xclip.stdin.take().unwrap();
        stdin.write_all(b"the user's own text").unwrap();
    }
    native::wait_for_clipboard("held the user's text", |text| {
        text == Some("the user's own text")
    });
    // Well past the clearing time, the user's text is still there: the app clears only what
    // it put there. (A generous wait; the assertion is on what is held, not on a timing.)
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    assert_eq!(
        native::clipboard_text().as_deref(),
        Some("the user's own text")
    );
    let _ = xclip.kill();
    let _ = xclip.wait();
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_generated_key_is_saved_where_the_user_types_in_the_native_save_dialog() {
    init();
    let files = tempfile::tempdir().unwrap();
    let desktop = Desktop::new();
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.click_css("[data-testid=tab-generate]").await.unwrap();
    s.type_into("[data-testid=generate-hostnames]", "registry.example.test")
        .await
        .unwrap();
    s.click_css("[data-testid=generate-submit]").await.unwrap();
    s.find("[data-testid=generate-result]").await.unwrap();

    let key = files.path().join("keys").join("registry.key");
    std::fs::create_dir_all(key.parent().unwrap()).unwrap();
    s.click_css("[data-testid=save-key]").await.unwrap();
    // GTK's save dialog, titled with what is saved; the path typed as a user does.
    native::choose_path("Private key", &key, || {
        native::screenshot_screen("141-desktop-native-save-dialog-en");
    });
    let saved = s
        .wait_text_content("[data-testid=save-key-saved]", "0600")
        .await
        .unwrap();
    assert!(saved.contains(&key.display().to_string()), "{saved}");
    app.screenshot("142-desktop-saved-through-the-dialog-en")
        .await;
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.contains("-----BEGIN PRIVATE KEY-----"));
    use std::os::unix::fs::PermissionsExt as _;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_reopens_on_the_page_and_registry_shown_last() {
    init();
    let desktop = Desktop::new();
    desktop.add_connection("first", "http://127.0.0.1:9", connections::TlsMode::System);
    let second = desktop.add_connection(
        "second",
        "http://127.0.0.1:10",
        connections::TlsMode::System,
    );
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css(&format!(
        "[data-testid=registry-connection] option[value=\"{}\"]",
        second.id
    ))
    .await
    .unwrap();
    // Saved as it changes: wait until the settings file says so, then quit.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !std::fs::read_to_string(desktop.settings_path())
        .unwrap_or_default()
        .contains(&second.id.to_string())
        || !std::fs::read_to_string(desktop.settings_path())
            .unwrap_or_default()
            .contains("\"registries\"")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the view was never saved"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.close().await;

    // The same home, started again: the Registries page with the second registry.
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text("[data-testid=page-title]", "Registries")
        .await
        .unwrap();
    s.find("[data-testid=registry-connection]").await.unwrap();
    let chosen = s
        .execute("return document.querySelector('[data-testid=registry-connection]').value")
        .await
        .unwrap();
    assert_eq!(chosen.as_str(), Some(second.id.as_str()));
    app.screenshot("143-desktop-reopened-on-the-last-page-en")
        .await;
    app.close().await;
}
