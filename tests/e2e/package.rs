//! The smoke test of an installed package: `make test-package` runs it against
//! `/usr/bin/registry-console` (`REGISTRY_CONSOLE_APP`) after `apt-get install ./….deb`;
//! `make e2e` runs it against the debug build like every other test. Start, connect to a real
//! registry through the form, list its repositories, and read the About dialog.

use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::init;

#[tokio::test(flavor = "multi_thread")]
async fn installed_app_connects_lists_repositories_and_shows_its_about_dialog() {
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let url = registry.url();
    let desktop = Desktop::new();

    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text("[data-testid=page-title]", "Connections")
        .await
        .unwrap();
    s.click_css("[data-testid=add-connection]").await.unwrap();
    s.type_into("#connection-name", "Smoke").await.unwrap();
    s.type_into("#connection-url", &url).await.unwrap();
    s.click_css("[data-testid=connection-save]").await.unwrap();
    s.wait_text("[data-testid=connection-row][data-name=\"Smoke\"]", &url)
        .await
        .unwrap();

    s.click_css("[data-testid=nav-registries]").await.unwrap();
    // Seven repositories: the six with tags and the untagged seed.
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.find("[data-testid=repository-row][data-name=\"demo/multiarch\"]")
        .await
        .unwrap();
    app.screenshot("200-package-registries-en").await;

    s.click_css("[data-testid=about-open]").await.unwrap();
    let version = s
        .wait_text("[data-testid=about-version]", ".")
        .await
        .unwrap();
    assert_eq!(version.trim(), env!("CARGO_PKG_VERSION"));
    let webkit = s
        .wait_text("[data-testid=about-webview]", ".")
        .await
        .unwrap();
    assert!(
        webkit.trim().starts_with("2."),
        "WebKitGTK version {webkit}"
    );
    s.find("[data-testid=about-rust] [data-testid=about-package][data-name=\"tauri\"]")
        .await
        .unwrap();
    app.screenshot("201-package-about-en").await;
    app.close().await;
}
