//! Issue 15's "a registry that refuses the catalog still lets the user open a repository by
//! typing its name", in the real window against the real distribution registry in token mode,
//! whose token service answers 403 for the catalog scope to anyone without the catalog grant
//! (`TokenServerConfig::refuse_catalog`), as some token services do. Before signing in, the
//! window says in one sentence that the list is shown only to signed-in users allowed to see
//! it, with a sign-in link; signed in as `bob` (who may pull `demo/*`, not list the catalog),
//! it says bob may not see the list: no sign-in dialog comes back, and the catalog scope is
//! asked for once per listing, never in a loop. `demo/x` typed by name opens with its tag, and
//! after a restart it is among the recent names (kept in settings.json).

use std::time::Duration;

use harness::filler::{Arch, Filler, ManifestKind, demo_content};
use harness::registry::{Mode, Registry, RegistryOptions};
use harness::token_server::{BOB_PASSWORD, TokenServerConfig};

use crate::app::Desktop;
use crate::init;

const CATALOG: &str = "registry:catalog:*";

async fn refusing_registry() -> Registry {
    let registry = Registry::start_with(RegistryOptions {
        token: TokenServerConfig {
            refuse_catalog: Some(403),
            ..TokenServerConfig::default()
        },
        ..RegistryOptions::new(Mode::Token)
    })
    .expect("registry starts");
    demo_content(&registry).await.expect("demo content");
    Filler::with_client(registry.client().unwrap(), "demo/untagged")
        .await
        .unwrap()
        .push_image("demo/x", "v1", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    registry
}

/// The whole path in one language; screenshots numbered from `first`.
async fn refused_catalog_opened_by_name(lang: &str, suffix: &str, first: u32, words: &Words) {
    init();
    let registry = refusing_registry().await;
    let tokens = registry.token_server().unwrap();
    let desktop = Desktop::with_lang(lang);
    desktop.add_connection(
        "Token registry",
        &registry.url(),
        connections::TlsMode::System,
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    // Nobody signed in: one sentence, a sign-in link, no error.
    let note = s
        .wait_text("[data-testid=catalog-refused]", words.anonymous)
        .await
        .unwrap();
    assert!(!note.is_empty());
    assert!(
        s.try_find("[data-testid=registry-error]")
            .await
            .unwrap()
            .is_none()
    );
    app.screenshot(&format!("{first}-catalog-refused-anonymous-{suffix}"))
        .await;

    s.click_css("[data-testid=catalog-refused-sign-in]")
        .await
        .unwrap();
    s.type_into("#registry-username", "bob").await.unwrap();
    s.type_into("#registry-password", BOB_PASSWORD)
        .await
        .unwrap();
    s.click_css("[data-testid=registry-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text("[data-testid=signed-in-as]", "bob")
        .await
        .unwrap();
    s.wait_text("[data-testid=catalog-refused]", words.signed_in)
        .await
        .unwrap();
    // No sign-in loop: the dialog stays closed and the catalog scope is not asked for again.
    let asked = tokens.asked_for(CATALOG);
    assert!(asked <= 3, "{asked} catalog token requests");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        s.try_find("#registry-username").await.unwrap().is_none(),
        "the sign-in dialog came back"
    );
    assert_eq!(
        tokens.asked_for(CATALOG),
        asked,
        "the catalog is asked again"
    );
    assert_eq!(tokens.issued_for(CATALOG), 0);
    app.screenshot(&format!("{}-catalog-refused-{suffix}", first + 1))
        .await;

    // A name that is no name is said under the field, and nothing is asked.
    s.type_into("[data-testid=open-repository-name]", "Demo/X:latest")
        .await
        .unwrap();
    s.click_css("[data-testid=open-repository-submit]")
        .await
        .unwrap();
    s.wait_text("[data-testid=open-repository-invalid]", words.invalid)
        .await
        .unwrap();

    s.type_into("[data-testid=open-repository-name]", "demo/x")
        .await
        .unwrap();
    s.click_css("[data-testid=open-repository-submit]")
        .await
        .unwrap();
    s.find("[data-testid=tag-row][data-tag=v1]").await.unwrap();
    s.find("[data-testid=recent-repository][data-name=\"demo/x\"]")
        .await
        .unwrap();
    s.wait_text("[data-testid=tag-row][data-tag=v1]", "OCI")
        .await
        .unwrap();
    app.screenshot(&format!("{}-opened-by-name-{suffix}", first + 2))
        .await;
    app.close().await;

    let saved = std::fs::read_to_string(desktop.settings_path()).unwrap();
    assert!(saved.contains("\"demo/x\""), "{saved}");

    // After a restart the name is there; a click opens it again.
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.wait_text("[data-testid=catalog-refused]", words.signed_in)
        .await
        .unwrap();
    s.click_css("[data-testid=recent-repository][data-name=\"demo/x\"] .pf-v6-c-label__content")
        .await
        .unwrap();
    s.find("[data-testid=tag-row][data-tag=v1]").await.unwrap();
    app.screenshot(&format!("{}-recent-after-restart-{suffix}", first + 3))
        .await;
    app.close().await;
}

/// What the window says, in the language of the run.
struct Words {
    anonymous: &'static str,
    signed_in: &'static str,
    invalid: &'static str,
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_catalog_is_one_sentence_and_a_repository_opens_by_name_en() {
    refused_catalog_opened_by_name(
        "en_US.UTF-8",
        "en",
        150,
        &Words {
            anonymous: "only to signed-in users allowed to see it",
            signed_in: "bob may not see this registry's list of repositories",
            invalid: "is not a repository name",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_catalog_is_one_sentence_and_a_repository_opens_by_name_ja() {
    refused_catalog_opened_by_name(
        "ja_JP.UTF-8",
        "ja",
        154,
        &Words {
            anonymous: "権限のあるユーザーにのみリポジトリー一覧を表示する",
            signed_in: "bob にはこのレジストリーのリポジトリー一覧を表示する権限がない",
            invalid: "はリポジトリー名ではありません",
        },
    )
    .await;
}
