//! Every page and main dialog of the real window checked with axe-core, in the light and the
//! dark theme: Connections and its add dialog, Registries with a real registry's repositories,
//! tags and a manifest's details, Access's tabs on a real control plane with OpenShift's API
//! groups, Credentials, Certificates' tabs, About, the quick switcher and the shortcuts list.
//! Each `app.screenshot` runs axe and fails on a serious or critical violation
//! (`Running::check_accessibility`); the results are kept as `<name>.axe.json`.

use connections::{ConnectionKind, TlsMode};
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::{Mode, Registry};

use crate::app::{Desktop, Running};
use crate::webdriver::keys::{CONTROL, ESCAPE};
use crate::{init, steps};

const ALICE_TOKEN: &str = "sha256~alice-a11y-token-0123456789";

/// Every screen once, named `a11y-<screen>-<theme>`.
async fn walk(app: &Running, theme: &str) {
    let s = &app.session;
    let shot = |screen: &str| format!("a11y-{screen}-{theme}");

    s.find("[data-testid=connection-row]").await.unwrap();
    app.screenshot(&shot("connections")).await;
    s.click_css("[data-testid=add-connection]").await.unwrap();
    s.find("[data-testid=connection-save]").await.unwrap();
    app.screenshot(&shot("add-connection")).await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=connection-save]").await.unwrap();

    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.wait_text("[data-testid=catalog-count]", "7")
        .await
        .unwrap();
    s.click_css("[data-testid=repository-row][data-name=\"demo/multiarch\"]")
        .await
        .unwrap();
    s.wait_text("[data-testid=tag-row][data-tag=\"v1\"]", "OCI index")
        .await
        .unwrap();
    app.screenshot(&shot("registries-tags")).await;
    steps::tag_action(s, "v1", "tag-details").await;
    s.find("[data-testid=manifest-detail] [data-testid=layers-table]")
        .await
        .unwrap();
    app.screenshot(&shot("manifest-details")).await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=manifest-page]").await.unwrap();

    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.wait_text_content("[data-testid=whoami]", "alice")
        .await
        .unwrap();
    for (tab, ready) in [
        ("bindings", "[data-testid=bindings-table]"),
        ("effective", "[data-testid=self-table]"),
        ("accounts", "[data-testid=accounts-table]"),
        ("pullSecrets", ".rc-tab-body .rc-intro"),
        ("imageStreams", "[data-testid=streams-table]"),
        ("crossPull", "[data-testid=cross-submit]"),
    ] {
        s.click_css(&format!("[data-testid=tab-{tab}]"))
            .await
            .unwrap();
        s.find(ready).await.unwrap();
        app.screenshot(&shot(&format!("access-{tab}"))).await;
    }

    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    s.wait_text("[data-testid=page-title]", "Credentials")
        .await
        .unwrap();
    app.screenshot(&shot("credentials")).await;

    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    for tab in ["doctor", "endpoint", "generate"] {
        s.click_css(&format!("[data-testid=tab-{tab}]"))
            .await
            .unwrap();
        s.find(&format!("#certs-panel-{tab}:not([hidden])"))
            .await
            .unwrap();
        app.screenshot(&shot(&format!("certificates-{tab}"))).await;
    }

    s.click_css("[data-testid=about-open]").await.unwrap();
    s.find("[data-testid=about-modal] [data-testid=about-version]")
        .await
        .unwrap();
    app.screenshot(&shot("about")).await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=about-modal]").await.unwrap();

    s.chord(&[CONTROL, "k"]).await.unwrap();
    s.find("[data-testid=quick-switcher-option]").await.unwrap();
    app.screenshot(&shot("quick-switcher")).await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=quick-switcher]").await.unwrap();

    s.click_css("[data-testid=shortcuts-open]").await.unwrap();
    s.find("[data-testid=shortcuts-table]").await.unwrap();
    app.screenshot(&shot("shortcuts")).await;
    s.chord(&[ESCAPE]).await.unwrap();
    s.wait_gone("[data-testid=shortcuts-help]").await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_and_main_dialog_passes_axe_in_light_and_dark() {
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "alice".into(),
        token: ALICE_TOKEN.into(),
        groups: vec!["developers".into()],
    }])
    .expect("the control plane starts");
    crate::secrets::used(ALICE_TOKEN);
    kube.add_project("team-a", Some("alice")).unwrap();
    kube.add_project("team-b", Some("alice")).unwrap();
    kube.openshift().unwrap().add_image_stream(
        "team-a",
        "web",
        &[(
            "1.0",
            "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        )],
    );

    let mut desktop = Desktop::new();
    desktop.add_connection("Local demo registry", &registry.url(), TlsMode::System);
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        kube.url(),
        TlsMode::CaBundle {
            path: kube.ca_path().display().to_string(),
        },
    );

    let app = desktop.launch().await;
    let s = &app.session;
    let cluster = "[data-testid=connection-row][data-name=\"sim-cluster\"]";
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    walk(&app, "light").await;
    app.close().await;

    // The dark theme follows the desktop's (the session comes back from the keyring).
    desktop.gtk_theme = Some("Adwaita:dark".into());
    let app = desktop.launch().await;
    // The app reopens on the page shown last; the walk starts from Connections.
    app.session
        .click_css("[data-testid=nav-connections]")
        .await
        .unwrap();
    app.session
        .find("[data-testid=connection-row]")
        .await
        .unwrap();
    let dark = app
        .session
        .execute("return document.documentElement.classList.contains('pf-v6-theme-dark')")
        .await
        .unwrap();
    assert_eq!(dark, serde_json::Value::Bool(true), "the window is dark");
    walk(&app, "dark").await;
    app.close().await;
}
