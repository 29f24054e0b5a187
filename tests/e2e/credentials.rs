//! The Credentials page in the window: sign in to a Basic registry, reveal and copy the
//! podman login line, write the entry into Podman's auth.json (in the desktop's own
//! `$XDG_RUNTIME_DIR`), and prove the file with skopeo; generate a pull secret.

use std::process::Command;

use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::init;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_reveal_the_podman_line_write_auth_json_and_skopeo_uses_it() {
    init();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let credentials = registry.credentials().expect("basic credentials").clone();
    crate::secrets::used(&credentials.password);
    let desktop = Desktop::new();
    desktop.add_connection("lab", &registry.url(), connections::TlsMode::System);

    let app = desktop.launch().await;
    let s = &app.session;
    // Not signed in yet: the page says where to sign in.
    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    s.find("[data-testid=credentials-sign-in-first]")
        .await
        .unwrap();
    app.screenshot("40-credentials-not-signed-in-en").await;
    s.click_css("[data-testid=credentials-open-registries]")
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in]").await.unwrap();
    s.type_into("#registry-username", &credentials.username)
        .await
        .unwrap();
    s.type_into("#registry-password", &credentials.password)
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();

    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    let masked = s
        .wait_text("[data-testid=podman-login-text]", "podman login")
        .await
        .unwrap();
    assert!(!masked.contains(&credentials.password), "{masked}");
    assert!(masked.contains(&registry.host()), "{masked}");
    s.wait_text_content("[data-testid=auth-file-path]", "auth.json")
        .await
        .unwrap();
    app.screenshot("41-credentials-masked-en").await;
    assert_eq!(
        masked,
        format!(
            "podman login -u '{}' '{}'",
            credentials.username,
            registry.host()
        ),
        "the line holds no password: podman asks for it at its prompt"
    );
    s.click_css("[data-testid=login-password-reveal]")
        .await
        .unwrap();
    s.wait_text("[data-testid=login-password-text]", &credentials.password)
        .await
        .unwrap();
    // Copy works without an error (the clipboard itself is the desktop's).
    s.click_css("[data-testid=login-password-copy] button")
        .await
        .unwrap();
    app.screenshot("42-credentials-revealed-en").await;
    s.click_css("[data-testid=login-password-reveal]")
        .await
        .unwrap();

    // Podman's auth.json: the path shown is the desktop's $XDG_RUNTIME_DIR one.
    let auth_json = desktop.runtime_dir().join("containers/auth.json");
    let shown = s
        .wait_text_content("[data-testid=auth-file-path]", "auth.json")
        .await
        .unwrap();
    assert_eq!(shown, auth_json.display().to_string());
    s.click_css("[data-testid=auth-file-write]").await.unwrap();
    s.wait_text_content("[data-testid=auth-file-confirm]", &registry.host())
        .await
        .unwrap();
    assert!(
        !auth_json.exists(),
        "nothing is written before the user confirms"
    );
    app.screenshot("43-credentials-write-confirm-en").await;
    s.click_css("[data-testid=auth-file-confirm-write]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=auth-file-written]", "auth.json")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=auth-file-change]", "up to date")
        .await
        .unwrap();
    app.screenshot("44-credentials-written-en").await;

    // Pull secret for a project, masked until revealed.
    s.type_into("#pull-secret-namespace", "project-a")
        .await
        .unwrap();
    s.click_css("[data-testid=pull-secret-generate]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-yaml-text]",
        "kubernetes.io/dockerconfigjson",
    )
    .await
    .unwrap();
    s.execute("document.querySelector('[data-testid=pull-secret-yaml]').scrollIntoView({block: 'center'})")
        .await
        .unwrap();
    app.screenshot("45-credentials-pull-secret-en").await;
    app.close().await;

    // The file is the user's alone, and skopeo (an independent client) logs in with it.
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(&auth_json).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let skopeo_home = tempfile::tempdir().unwrap();
    let output = Command::new("skopeo")
        .args(["inspect", "--tls-verify=false", "--authfile"])
        .arg(&auth_json)
        .arg(format!("docker://{}/demo/hello:1.0.0", registry.host()))
        .env("HOME", skopeo_home.path())
        .env("XDG_RUNTIME_DIR", skopeo_home.path())
        .env("XDG_CONFIG_HOME", skopeo_home.path().join(".config"))
        .env_remove("REGISTRY_AUTH_FILE")
        .output()
        .expect("skopeo runs");
    assert!(
        output.status.success(),
        "skopeo with the app's auth.json failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locked_keyring_is_said_and_session_only_is_the_users_choice() {
    init();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let credentials = registry.credentials().expect("basic credentials").clone();
    crate::secrets::used(&credentials.password);
    let desktop = Desktop::new();
    desktop.add_connection("lab", &registry.url(), connections::TlsMode::System);
    desktop.keyring().lock().expect("keyring locked");

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css("[data-testid=registry-sign-in]").await.unwrap();
    s.type_into("#registry-username", &credentials.username)
        .await
        .unwrap();
    s.type_into("#registry-password", &credentials.password)
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    let problem = s
        .wait_text_content("[data-testid=keyring-problem]", "keyring")
        .await
        .unwrap();
    assert!(!problem.contains(&credentials.password), "{problem}");
    // Nothing was kept: the catalog still waits for a sign-in.
    assert!(
        s.try_find("[data-testid=catalog-count]")
            .await
            .unwrap()
            .is_none()
    );
    app.screenshot("46-sign-in-keyring-locked-en").await;
    s.click_css("[data-testid=sign-in-session-only]")
        .await
        .unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.wait_text("[data-testid=signed-in-as]", "this session only")
        .await
        .unwrap();
    app.close().await;

    // A session-only sign-in is gone after a restart.
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.find("[data-testid=registry-sign-in]").await.unwrap();
    app.close().await;
}
