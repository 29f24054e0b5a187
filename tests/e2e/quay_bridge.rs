//! The Quay page's Applications and Bridge Operator tabs in the window, against a real Red Hat
//! Quay (`harness::quay`) and a real Kubernetes API server with OpenShift's API groups
//! (`harness::kube`) carrying the operator's CRD: an application created, a token generated
//! with every permission and signed in with, a second one carried to the Bridge Operator tab,
//! the `quay-integration` secret and the `QuayIntegration` written through the OpenShift
//! connection (read back from the API server), and the sync check before and after the
//! organizations and robot accounts are made as the operator would; then the same screens in
//! Japanese. Nothing secret lands on disk.
//!
//! The token is generated the API way ("Generate here", Quay 3.18's token API): Quay's web
//! bundles are not built here, so its authorization page cannot render in a browser. The
//! browser way (Quay's sign-in and "Authorize Application" with the code on the app's loopback
//! listener) is proven through the whole console in `tests/tests/quay_bridge_console.rs`.

use std::time::Duration;

use base64::Engine;
use connections::{ConnectionKind, TlsMode};
use harness::kube::KubeCluster;
use harness::quay::Quay;
use harness::secrets::files_containing;
use serde_json::json;

use crate::app::Desktop;
use crate::{init, secrets, steps};

fn make_org(quay: &Quay, name: &str) {
    let (status, reply) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": name, "email": format!("{name}@example.com")})),
        )
        .unwrap();
    assert_eq!(status, 201, "{name}: {reply}");
}

fn make_robot(quay: &Quay, org: &str, short: &str) {
    let (status, reply) = quay
        .api(
            "PUT",
            &format!("/organization/{org}/robots/{short}"),
            Some(json!({})),
        )
        .unwrap();
    assert!(status == 200 || status == 201, "{status} {reply}");
}

/// Whether Quay's API takes `token` (who it signs in as).
async fn quay_takes(quay: &Quay, token: &str) -> bool {
    reqwest::Client::new()
        .get(format!("{}/api/v1/user/", quay.url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .is_success()
}

const SYNC: &str = "[data-testid=quay-bridge-report]";

/// Scrolls what `css` finds into the middle of the window, for the screenshot.
async fn show(s: &crate::webdriver::Session, css: &str) {
    s.execute(&format!(
        "document.querySelector('{css}').scrollIntoView({{block: 'center'}}); return null;"
    ))
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn generate_a_token_sign_in_with_it_and_set_up_the_bridge_operator_with_its_sync_check() {
    init();
    let quay = Quay::start().expect("Quay starts");
    secrets::used(quay.admin_token());
    make_org(&quay, "team");
    let kube = KubeCluster::start_openshift(&[]).expect("the control plane starts");
    secrets::used(kube.token("admin"));
    kube.create_namespace("openshift-operators").unwrap();
    for project in ["team-a", "team-b"] {
        kube.add_project(project, None).unwrap();
    }
    kube.create(
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        harness::quay::quay_integration_crd(),
    )
    .unwrap();
    for _ in 0..100 {
        if kube
            .admin("GET", "/apis/quay.redhat.com/v1/quayintegrations", None)
            .unwrap()
            .0
            == 200
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }

    let desktop = Desktop::new();
    desktop.add_connection_of(
        ConnectionKind::Quay,
        "lab-quay",
        quay.url(),
        TlsMode::System,
    );
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

    // The OpenShift connection signed in (the Bridge Operator tab writes through it).
    let row = "[data-testid=connection-row][data-name=\"sim-cluster\"]";
    s.click_css(&format!("{row} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, kube.token("admin")).await;
    s.find(&format!("{row} [data-testid=auth-user]"))
        .await
        .unwrap();

    steps::quay_sign_in_with_token(s, quay.admin_token(), "admin").await;
    s.click_css("[data-testid=quay-tab-applications]")
        .await
        .unwrap();
    s.find("[data-testid=quay-apps-none]").await.unwrap();

    // "Create New Application" (openshift), then "Generate Token" with every permission.
    s.click_css("[data-testid=quay-app-create]").await.unwrap();
    s.click_css("[data-testid=quay-app-create-submit]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-token-scope]", 8)
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-token-dangerous]", 3)
        .await
        .unwrap();
    app.screenshot("50-quay-token-scopes-en").await;
    s.click_css("[data-testid=quay-token-here]").await.unwrap();
    s.find("[data-testid=quay-token-made]").await.unwrap();
    let masked = s
        .text(&s.find("[data-testid=quay-token-value-text]").await.unwrap())
        .await
        .unwrap();
    assert!(masked.chars().all(|c| c == '•'), "{masked}");
    s.click_css("[data-testid=quay-token-value-reveal]")
        .await
        .unwrap();
    let token = s
        .text(&s.find("[data-testid=quay-token-value-text]").await.unwrap())
        .await
        .unwrap();
    secrets::used(&token);
    assert!(!token.contains('•') && token.len() >= 20, "{token}");
    assert!(quay_takes(&quay, &token).await);
    s.wait_text_content(
        "[data-testid=quay-token-scopes]",
        "repo:read repo:write repo:admin repo:create user:read org:admin super:user user:admin",
    )
    .await
    .unwrap();
    app.screenshot("51-quay-token-made-en").await;

    // Signed in with it: the page reloads with the new token (the application listed again).
    s.click_css("[data-testid=quay-token-sign-in]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=quay-token-dialog]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-whoami]", "Signed in as admin")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-app-row]", 1).await.unwrap();
    app.screenshot("52-quay-applications-en").await;

    // A second token, for the Bridge Operator.
    s.click_css("[data-testid=quay-app-generate]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-token-scope]", 8)
        .await
        .unwrap();
    s.click_css("[data-testid=quay-token-here]").await.unwrap();
    s.click_css("[data-testid=quay-token-value-reveal]")
        .await
        .unwrap();
    let bridge_token = s
        .text(&s.find("[data-testid=quay-token-value-text]").await.unwrap())
        .await
        .unwrap();
    secrets::used(&bridge_token);
    assert_ne!(bridge_token, token);
    s.click_css("[data-testid=quay-token-use-for-bridge]")
        .await
        .unwrap();

    // The Bridge Operator tab: the token carried over, the secret line masked, the YAML.
    s.find("[data-testid=quay-bridge-token-given]")
        .await
        .unwrap();
    s.type_into("#quay-bridge-allowlist", "team-a, team-b")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-bridge-yaml-text]", "- \"team-b\"")
        .await
        .unwrap();
    let yaml = s
        .wait_text_content(
            "[data-testid=quay-bridge-yaml-text]",
            &format!("quayHostname: \"{}\"", quay.url().trim_end_matches('/')),
        )
        .await
        .unwrap();
    assert!(yaml.contains("clusterID: \"openshift\""), "{yaml}");
    assert!(!yaml.contains("insecureRegistry"), "{yaml}");
    let line = s
        .wait_text_content(
            "[data-testid=quay-bridge-secret-line-text]",
            "oc create secret generic quay-integration",
        )
        .await
        .unwrap();
    assert!(
        !line.contains(&bridge_token) && line.contains("••••"),
        "{line}"
    );
    show(s, "[data-testid=quay-bridge-secret-line]").await;
    app.screenshot("53-quay-bridge-en").await;

    // Create secret and Apply, through the OpenShift connection; read back from the cluster.
    s.click_css("[data-testid=quay-bridge-create-secret]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=quay-bridge-secret-done]",
        "Secret openshift-operators/quay-integration created.",
    )
    .await
    .unwrap();
    let stored = kube
        .object("", "secrets", "openshift-operators", "quay-integration")
        .unwrap()
        .expect("the secret exists");
    let kept = base64::engine::general_purpose::STANDARD
        .decode(stored["data"]["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(kept, bridge_token.as_bytes());
    s.click_css("[data-testid=quay-bridge-apply]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=quay-bridge-apply-done]",
        "QuayIntegration quay created.",
    )
    .await
    .unwrap();
    let (status, object) = kube
        .admin(
            "GET",
            "/apis/quay.redhat.com/v1/quayintegrations/quay",
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{object}");
    assert_eq!(
        object["spec"]["allowlistNamespaces"],
        json!(["team-a", "team-b"])
    );
    assert_eq!(
        object["spec"]["credentialsSecret"]["name"],
        "quay-integration"
    );

    // The sync check: nothing made yet; then team-a partly; then everything.
    s.click_css("[data-testid=quay-bridge-sync]").await.unwrap();
    s.wait_text_content(SYNC, "8 missing on Quay.")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-bridge-sync-row]", 2)
        .await
        .unwrap();
    show(s, SYNC).await;
    app.screenshot("54-quay-bridge-sync-missing-en").await;
    make_org(&quay, "openshift_team-a");
    make_robot(&quay, "openshift_team-a", "builder");
    s.click_css("[data-testid=quay-bridge-sync]").await.unwrap();
    s.wait_text_content(SYNC, "6 missing on Quay.")
        .await
        .unwrap();
    show(s, SYNC).await;
    app.screenshot("55-quay-bridge-sync-partial-en").await;
    make_org(&quay, "openshift_team-b");
    for org in ["openshift_team-a", "openshift_team-b"] {
        for sa in ["builder", "default", "deployer"] {
            if !(org == "openshift_team-a" && sa == "builder") {
                make_robot(&quay, org, sa);
            }
        }
    }
    s.click_css("[data-testid=quay-bridge-sync]").await.unwrap();
    s.wait_text_content(SYNC, "Every synced namespace has its organization")
        .await
        .unwrap();
    show(s, SYNC).await;
    app.screenshot("56-quay-bridge-sync-done-en").await;

    // Japanese: the same tabs in the documents' words.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    s.wait_text_content(SYNC, "同期されるすべての namespace")
        .await
        .unwrap();
    show(s, SYNC).await;
    app.screenshot("57-quay-bridge-sync-done-ja").await;
    s.click_css("[data-testid=quay-tab-applications]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-app-row]", 1).await.unwrap();
    s.click_css("[data-testid=quay-app-generate]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-token-dialog]", "組織の管理")
        .await
        .unwrap();
    app.screenshot("58-quay-token-scopes-ja").await;
    s.click_css("[data-testid=quay-token-dialog] button[aria-label=Close]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=quay-token-dialog]")
        .await
        .unwrap();

    // The first token, before any sign-in: the steps in Quay's web UI, in the documents' words.
    s.click_css("[data-testid=quay-sign-out]").await.unwrap();
    s.click_css("[data-testid=quay-sign-in]").await.unwrap();
    s.click_css("[data-testid=quay-way-browser]").await.unwrap();
    s.wait_text_content("[data-testid=quay-token-steps]", "Generate Token")
        .await
        .unwrap();
    app.screenshot("59-quay-sign-in-steps-ja").await;

    // Nothing secret on disk: not the sign-in token, not the generated ones.
    for needle in [quay.admin_token(), token.as_str(), bridge_token.as_str()] {
        let hits = files_containing(desktop.home(), needle);
        assert!(hits.is_empty(), "a secret found in {hits:?}");
    }
    app.close().await;
}
