//! The keyboard in the real window against a real distribution registry: Ctrl+K's quick
//! switcher jumps to a repository (its tags show), ↑/↓ and Enter open a tag's manifest
//! details, Esc closes it, `?` lists the shortcuts; in English and in Japanese.

use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::init;
use crate::webdriver::keys::{ARROW_DOWN, CONTROL, ENTER, ESCAPE};

fn tag_row(tag: &str) -> String {
    format!("[data-testid=tag-row][data-tag=\"{tag}\"]")
}

/// The whole path in one language; screenshots numbered from `first`.
async fn quick_switcher_tags_and_shortcuts(lang: &str, suffix: &str, first: u32) {
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let desktop = Desktop::with_lang(lang);
    desktop.add_connection(
        "Local demo registry",
        &registry.url(),
        connections::TlsMode::System,
    );
    let app = desktop.launch().await;
    let s = &app.session;

    // The catalog is read once, then the user is elsewhere (the Connections page).
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.click_css("[data-testid=nav-connections]").await.unwrap();
    s.find("[data-testid=connection-row]").await.unwrap();

    // Ctrl+K, type part of the name: the repository is the first match; Enter goes there.
    s.chord(&[CONTROL, "k"]).await.unwrap();
    s.find("[data-testid=quick-switcher-input]").await.unwrap();
    let focused = s
        .execute("return document.activeElement?.dataset.testid ?? null")
        .await
        .unwrap();
    assert_eq!(focused, "quick-switcher-input", "the field has the focus");
    s.type_into("[data-testid=quick-switcher-input]", "hello")
        .await
        .unwrap();
    s.wait_count("[data-testid=quick-switcher-option]", 1)
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=quick-switcher-option][aria-selected=true]",
        "demo/hello",
    )
    .await
    .unwrap();
    app.screenshot(&format!("{first}-quick-switcher-{suffix}"))
        .await;
    s.chord(&[ENTER]).await.unwrap();
    s.wait_gone("[data-testid=quick-switcher]").await.unwrap();
    s.find("[data-testid=tags-panel][data-repository=\"demo/hello\"]")
        .await
        .unwrap();
    s.wait_text(&tag_row("1.10.0"), "Docker v2").await.unwrap();
    s.find("[data-testid=repository-row][data-name=\"demo/hello\"][aria-selected=true]")
        .await
        .unwrap();
    app.screenshot(&format!("{}-quick-switcher-jumped-{suffix}", first + 1))
        .await;

    // ↓ from the tag filter enters the tag list, ↓ again is the second tag, Enter opens it.
    s.click_css("[data-testid=tag-filter]").await.unwrap();
    s.chord(&[ARROW_DOWN]).await.unwrap();
    s.chord(&[ARROW_DOWN]).await.unwrap();
    let tags = s
        .execute(
            "return [...document.querySelectorAll('[data-testid=tag-open]')].map((b) => b.textContent)",
        )
        .await
        .unwrap();
    let second = tags[1].as_str().expect("a second tag").to_owned();
    let focused = s
        .execute("return document.activeElement?.textContent ?? null")
        .await
        .unwrap();
    assert_eq!(focused, second.as_str(), "the second tag has the focus");
    s.chord(&[ENTER]).await.unwrap();
    s.wait_text_content(
        "[data-testid=manifest-page]",
        &format!("demo/hello:{second}"),
    )
    .await
    .unwrap();
    app.screenshot(&format!("{}-tag-opened-with-keys-{suffix}", first + 2))
        .await;
    // Esc goes back from the manifest page to the tags, the focus on the tag it was.
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=manifest-page]").await.unwrap();
    let focused = s
        .execute("return document.activeElement?.textContent ?? null")
        .await
        .unwrap();
    assert_eq!(focused, second.as_str(), "the focus is back on the tag");

    // `?` typed into a filter is text; outside a field it lists the shortcuts.
    s.type_into("[data-testid=tag-filter]", "?").await.unwrap();
    assert!(
        s.try_find("[data-testid=shortcuts-help]")
            .await
            .unwrap()
            .is_none()
    );
    s.type_into("[data-testid=tag-filter]", "").await.unwrap();
    s.click_css("[data-testid=page-title]").await.unwrap();
    s.chord(&["?"]).await.unwrap();
    s.find("[data-testid=shortcuts-help] [data-testid=shortcuts-table]")
        .await
        .unwrap();
    app.screenshot(&format!("{}-shortcuts-{suffix}", first + 3))
        .await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=shortcuts-help]").await.unwrap();
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_k_jumps_to_a_repository_and_arrows_and_enter_open_a_tag_in_english() {
    quick_switcher_tags_and_shortcuts("en_US.UTF-8", "en", 160).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_k_jumps_to_a_repository_and_arrows_and_enter_open_a_tag_in_japanese() {
    quick_switcher_tags_and_shortcuts("ja_JP.UTF-8", "ja", 164).await;
}
