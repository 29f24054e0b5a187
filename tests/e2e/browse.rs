//! Browsing a real distribution registry in the window: catalog, filter, a multi-arch tag and
//! its platforms, the pull-by-digest spec, deleting a tag, and signing in to a Basic registry.

use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::{init, steps};

fn repo_row(name: &str) -> String {
    format!("[data-testid=repository-row][data-name=\"{name}\"]")
}

fn tag_row(tag: &str) -> String {
    format!("[data-testid=tag-row][data-tag=\"{tag}\"]")
}

#[tokio::test(flavor = "multi_thread")]
async fn browse_filter_open_a_multi_arch_tag_pick_a_platform_and_delete_a_tag() {
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let desktop = Desktop::new();
    desktop.add_connection(
        "Local demo registry",
        &registry.url(),
        connections::TlsMode::System,
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    // Seven repositories: the six with tags and the untagged seed.
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.find(&repo_row("team/app/api")).await.unwrap();
    app.screenshot("20-registries-catalog-en").await;

    s.type_into("[data-testid=repository-filter]", "multi")
        .await
        .unwrap();
    s.wait_gone(&repo_row("team/app/api")).await.unwrap();
    s.wait_count("[data-testid=repository-row]", 2)
        .await
        .unwrap();
    app.screenshot("21-registries-filtered-en").await;

    s.click_css(&repo_row("demo/multiarch")).await.unwrap();
    s.wait_text(&tag_row("v1"), "OCI index").await.unwrap();
    app.screenshot("22-registries-tags-multiarch-en").await;
    let platforms = s
        .wait_text_content(
            &format!("{} [data-testid=tag-platforms]", tag_row("v1")),
            "linux/arm64",
        )
        .await
        .unwrap();
    assert!(platforms.contains("linux/amd64"), "{platforms}");
    assert!(platforms.contains("linux/amd64"), "{platforms}");
    steps::assert_no_sideways_scrolling(s).await;
    steps::tag_action(s, "v1", "tag-details").await;
    s.find("[data-testid=manifest-detail] [data-testid=platform-select]")
        .await
        .unwrap();
    // A page under a breadcrumb, not a dialog.
    let crumbs = s
        .wait_text_content("[data-testid=manifest-breadcrumb]", "demo/multiarch")
        .await
        .unwrap();
    assert!(crumbs.contains("Local demo registry"), "{crumbs}");
    assert!(
        s.try_find("[role=dialog] [data-testid=manifest-detail]")
            .await
            .unwrap()
            .is_none()
    );
    s.find("[data-testid=manifest-detail] [data-testid=layers-table]")
        .await
        .unwrap();
    app.screenshot("159-manifest-page-en").await;
    let arm = s
        .find("[data-testid=platform-select] option[value*=\"sha256:\"]:nth-child(2)")
        .await
        .unwrap();
    let arm_text = s.text(&arm).await.unwrap();
    assert!(arm_text.contains("arm64"), "second platform is {arm_text}");
    s.click(&arm).await.unwrap();
    s.wait_text("[data-testid=manifest-detail]", "arm64")
        .await
        .unwrap();
    s.find("[data-testid=layers-table]").await.unwrap();
    let by_digest = s.find("[data-testid=pull-by-digest] input").await.unwrap();
    let spec = s
        .attribute(&by_digest, "value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        spec.starts_with(&format!("{}/demo/multiarch@sha256:", registry.host())),
        "{spec}"
    );
    app.screenshot("23-manifest-detail-index-arm64-en").await;
    // Copy works without an error (the clipboard itself is the desktop's).
    s.click_css("[data-testid=pull-by-digest] button")
        .await
        .unwrap();
    // Back through the breadcrumb: the tags as they were.
    s.click_css("[data-testid=breadcrumb-repository]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=manifest-page]").await.unwrap();
    s.find(&tag_row("v1")).await.unwrap();

    // Delete demo/hello:1.10.0: `latest` has the same digest and goes with it.
    s.type_into("[data-testid=repository-filter]", "demo/hello")
        .await
        .unwrap();
    s.click_css(&repo_row("demo/hello")).await.unwrap();
    s.wait_text(&tag_row("1.10.0"), "Docker v2").await.unwrap();
    app.screenshot("24-registries-tags-en").await;
    steps::assert_no_sideways_scrolling(s).await;

    // 1.10.0 and latest share a manifest: both carry its marker, and only they do.
    let marker = format!("{} [data-testid=tag-digest-marker]", tag_row("1.10.0"));
    let digest = s
        .attribute(&s.find(&marker).await.unwrap(), "data-digest")
        .await
        .unwrap()
        .expect("the marker names its digest");
    let other = s
        .find(&format!(
            "{} [data-testid=tag-digest-marker]",
            tag_row("latest")
        ))
        .await
        .unwrap();
    assert_eq!(
        s.attribute(&other, "data-digest").await.unwrap().as_deref(),
        Some(digest.as_str())
    );
    assert!(
        s.try_find(&format!(
            "{} [data-testid=tag-digest-marker]",
            tag_row("1.2.0")
        ))
        .await
        .unwrap()
        .is_none()
    );
    // Focus shows the tooltip as hover does.
    s.execute(&format!(
        "document.querySelector('{}').focus()",
        marker.replace('\'', "\\'")
    ))
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=tag-digest-marker-tooltip]",
        "Also tagged as latest",
    )
    .await
    .unwrap();
    app.screenshot("158-tags-shared-digest-en").await;
    s.click_css(&marker).await.unwrap();
    s.wait_count("[data-testid=tag-row]", 2).await.unwrap();
    s.find("[data-testid=digest-filter]").await.unwrap();
    s.click_css("[data-testid=digest-filter-clear]")
        .await
        .unwrap();
    s.find(&tag_row("1.2.0")).await.unwrap();

    s.click_css(&format!("{} [data-testid=tag-actions]", tag_row("1.10.0")))
        .await
        .unwrap();
    s.find("[data-testid=tag-copy-pull]").await.unwrap();
    app.screenshot("158-tags-row-actions-en").await;
    s.click_css("[data-testid=tag-delete] button")
        .await
        .unwrap();
    let modal = s
        .wait_text_content("[data-testid=delete-confirm-modal]", "latest")
        .await
        .unwrap();
    assert!(modal.contains("1.10.0"), "{modal}");
    app.screenshot("25-delete-tag-confirm-en").await;
    s.click_css("[data-testid=confirm-delete]").await.unwrap();
    s.wait_gone(&tag_row("1.10.0")).await.unwrap();
    s.wait_gone(&tag_row("latest")).await.unwrap();
    s.find(&tag_row("1.2.0")).await.unwrap();
    // Said once it is done, naming every tag that went.
    let done = s
        .wait_text_content("[data-testid=tags-notice-success]", "Deleted 2 tags")
        .await
        .unwrap();
    assert!(done.contains("demo/hello:latest"), "{done}");
    app.screenshot("26-tags-after-delete-en").await;
    app.close().await;

    // The registry itself says the tag is gone.
    let status = registry
        .http_client()
        .unwrap()
        .get(format!("{}/v2/demo/hello/manifests/1.10.0", registry.url()))
        .header("Accept", harness::filler::ACCEPT_ALL_MANIFESTS)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn shared_digest_markers_and_the_manifest_page_in_japanese_on_a_dark_desktop() {
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let mut desktop = Desktop::with_lang("ja_JP.UTF-8");
    desktop.gtk_theme = Some("Adwaita:dark".into());
    desktop.add_connection(
        "ローカルのデモ",
        &registry.url(),
        connections::TlsMode::System,
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.type_into("[data-testid=repository-filter]", "demo/hello")
        .await
        .unwrap();
    s.click_css(&repo_row("demo/hello")).await.unwrap();
    s.wait_text(&tag_row("1.10.0"), "Docker v2").await.unwrap();
    let marker = s
        .wait_text_content(
            &format!("{} [data-testid=tag-digest-marker]", tag_row("latest")),
            "2 件",
        )
        .await
        .unwrap();
    assert!(!marker.is_empty());
    steps::assert_no_sideways_scrolling(s).await;
    app.screenshot("158-tags-shared-digest-ja-dark").await;

    steps::tag_action(s, "1.10.0", "tag-details").await;
    s.find("[data-testid=manifest-detail] [data-testid=layers-table]")
        .await
        .unwrap();
    let crumbs = s
        .wait_text_content("[data-testid=manifest-breadcrumb]", "ローカルのデモ")
        .await
        .unwrap();
    assert!(crumbs.contains("1.10.0"), "{crumbs}");
    s.wait_text_content("[data-testid=manifest-detail]", "ダイジェスト")
        .await
        .unwrap();
    app.screenshot("159-manifest-page-ja-dark").await;
    s.click_css("[data-testid=breadcrumb-registry]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=manifest-page]").await.unwrap();
    s.wait_gone("[data-testid=tags-panel]").await.unwrap();
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_basic_auth_registry_asks_to_sign_in_and_then_lists() {
    init();
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let credentials = registry.credentials().expect("basic credentials").clone();
    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    desktop.add_connection("basic", &registry.url(), connections::TlsMode::System);

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css("[data-testid=registry-sign-in]").await.unwrap();
    s.type_into("#registry-username", &credentials.username)
        .await
        .unwrap();
    s.type_into("#registry-password", "wrong-password")
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    s.find("[data-testid=registry-error]").await.unwrap();
    app.screenshot("27-registry-sign-in-refused-ja").await;
    s.type_into("#registry-password", &credentials.password)
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.wait_text("[data-testid=signed-in-as]", "キーリング")
        .await
        .unwrap();
    app.screenshot("28-registries-catalog-ja").await;
    app.close().await;

    // After a restart the sign-in comes from the OS keyring: the catalog lists at once.
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    let who = s
        .wait_text("[data-testid=signed-in-as]", &credentials.username)
        .await
        .unwrap();
    assert!(who.contains("キーリング"), "{who}");
    assert!(
        s.try_find("[data-testid=registry-error]")
            .await
            .unwrap()
            .is_none()
    );
    app.screenshot("29-registries-after-restart-keyring-ja")
        .await;
    // Sign out deletes the keyring entry: the next start asks again.
    s.click_css("[data-testid=registry-sign-out]")
        .await
        .unwrap();
    s.find("[data-testid=registry-sign-in]").await.unwrap();
    app.close().await;
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.find("[data-testid=registry-sign-in]").await.unwrap();
    assert!(
        s.try_find("[data-testid=signed-in-as]")
            .await
            .unwrap()
            .is_none()
    );
    app.close().await;

    // The password went to the registry and the (encrypted) keyring, nowhere in the app's home.
    let home = desktop.home().to_owned();
    let hits = harness_grep(&home, &credentials.password);
    assert!(hits.is_empty(), "the password was written to {hits:?}");
}

/// Files under `dir` containing `needle`.
fn harness_grep(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if std::fs::read(&path)
            .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
        {
            hits.push(path);
        }
    }
    hits
}
