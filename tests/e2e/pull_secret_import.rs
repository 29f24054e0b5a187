//! Import a pull secret in the real window (issue 15, seed 004): the Secret YAML downloaded
//! from the Red Hat portal for a registry service account (`12345678|registry-console`) is
//! opened on the Credentials page, its entry picked (token masked), the Secret created in a
//! project of a real Kubernetes control plane and linked to the service account `amp` for
//! pull, and `view` granted to `system:serviceaccount:3scale:amp`; the objects are then read
//! from the cluster. Screenshots in English and Japanese.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use connections::{ConnectionKind, TlsMode};
use harness::kube::{KubeCluster, KubeUser};
use serde_json::{Value, json};

use crate::app::Desktop;
use crate::webdriver::Session;
use crate::{init, steps};

const ALICE_TOKEN: &str = "sha256~alice-e2e-pull-secret-0123456789";
const SERVICE_ACCOUNT: &str = "12345678|registry-console";
const SERVICE_ACCOUNT_TOKEN: &str = "eyJhbGciOiJSUzUxMiJ9.e2e-registry-service-account-token";

/// The file the portal's "OpenShift Secret" tab downloads, in a download folder outside the
/// app's home (the secret sweep checks that nothing else holds the token).
fn downloaded_secret(dir: &std::path::Path) -> std::path::PathBuf {
    let auth = STANDARD.encode(format!("{SERVICE_ACCOUNT}:{SERVICE_ACCOUNT_TOKEN}"));
    let config = json!({"auths": {"registry.redhat.io": {"auth": auth, "email": ""}}}).to_string();
    let path = dir.join("12345678_registry-console-secret.yaml");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: 12345678-registry-console-pull-secret\ndata:\n  .dockerconfigjson: {}\ntype: kubernetes.io/dockerconfigjson\n",
            STANDARD.encode(config)
        ),
    )
    .unwrap();
    path
}

async fn set_input(s: &Session, css: &str, value: &str) {
    // Select what is there, then type over it.
    s.execute(&format!(
        "document.querySelector({}).select(); return true;",
        serde_json::to_string(css).unwrap()
    ))
    .await
    .unwrap();
    s.type_into(css, value).await.unwrap();
}

/// Types `value` into the picker whose text field is `css`, then closes its list with Escape
/// (the dialog stays), so that the list covers nothing the test clicks next.
async fn set_picker(s: &Session, css: &str, value: &str) {
    set_input(s, css, value).await;
    let field = s.find(css).await.unwrap();
    s.send_keys(&field, "\u{E00C}").await.unwrap();
    s.wait_gone(".pf-v6-c-menu [role=listbox]").await.unwrap();
}

async fn open_import(s: &Session, file: &std::path::Path, title: &str) {
    s.click_css("[data-testid=nav-credentials]").await.unwrap();
    s.wait_text("[data-testid=page-title]", title)
        .await
        .unwrap();
    s.click_css("[data-testid=pull-secret-import-open]")
        .await
        .unwrap();
    // GTK's open dialog, titled in the page's language; the backend reads the file.
    s.click_css("[data-testid=pull-secret-import-file]")
        .await
        .unwrap();
    let dialog_title = if title == "Credentials" {
        "Pull secret file"
    } else {
        "プルシークレットのファイル"
    };
    crate::native::choose_path(dialog_title, file, || {});
    s.wait_text_content("[data-testid=pull-secret-import-user]", SERVICE_ACCOUNT)
        .await
        .unwrap();
}

fn cluster_with_amp() -> KubeCluster {
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "alice".into(),
        token: ALICE_TOKEN.into(),
        groups: vec![],
    }])
    .expect("the control plane starts");
    kube.add_project("3scale", Some("alice")).unwrap();
    kube.create(
        "/api/v1/namespaces/3scale/serviceaccounts",
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "amp"}}),
    )
    .unwrap();
    kube
}

#[tokio::test(flavor = "multi_thread")]
async fn import_a_downloaded_pull_secret_link_it_and_grant_view() {
    init();
    crate::secrets::used(ALICE_TOKEN);
    crate::secrets::used(SERVICE_ACCOUNT_TOKEN);
    let kube = cluster_with_amp();
    let downloads = tempfile::tempdir().unwrap();
    let file = downloaded_secret(downloads.path());
    let desktop = Desktop::new();
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

    // Sign in to the cluster by pasting a token.
    s.click_css(
        "[data-testid=connection-row][data-name=\"sim-cluster\"] [data-testid=auth-sign-in]",
    )
    .await
    .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(
        "[data-testid=connection-row][data-name=\"sim-cluster\"] [data-testid=auth-user]",
        "alice",
    )
    .await
    .unwrap();

    open_import(s, &file, "Credentials").await;
    let masked = s
        .wait_text_content("[data-testid=pull-secret-import-secret]", "••••••••")
        .await
        .unwrap();
    assert!(!masked.contains(SERVICE_ACCOUNT_TOKEN));
    s.wait_text_content(
        "[data-testid=pull-secret-import-format]",
        "kubernetes.io/dockerconfigjson",
    )
    .await
    .unwrap();
    // Seed 004: the Secret is renamed threescale-registry-auth and used by service account amp.
    set_picker(s, "#pull-secret-import-project", "3scale").await;
    set_input(
        s,
        "#pull-secret-import-secret-name",
        "threescale-registry-auth",
    )
    .await;
    set_picker(s, "#pull-secret-import-account", "amp").await;
    s.wait_text_content(
        "[data-testid=pull-secret-import-create-same-as]",
        "oc secrets link amp threescale-registry-auth --for=pull -n 3scale",
    )
    .await
    .unwrap();
    app.screenshot("100-pull-secret-import-en").await;

    s.click_css("[data-testid=pull-secret-import-create]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-import-create-confirm]",
        "Creates the Secret threescale-registry-auth in project 3scale on sim-cluster",
    )
    .await
    .unwrap();
    app.screenshot("101-pull-secret-import-confirm-en").await;
    s.click_css("[data-testid=pull-secret-import-create-confirm-confirm]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-import-created]",
        "Service account amp now pulls with: threescale-registry-auth",
    )
    .await
    .unwrap();

    // As the documents do, in every project: alice administers 3scale only, and the real
    // API server's RBAC refuses her a cluster role binding, said in the dialog.
    s.click_css("[data-testid=pull-secret-import-view]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-import-view-confirm]",
        "every project",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=pull-secret-import-view-confirm-confirm]")
        .await
        .unwrap();
    s.find("[data-testid=pull-secret-import-view-confirm-error]")
        .await
        .unwrap();
    app.screenshot("105-pull-secret-import-view-cluster-refused-en")
        .await;
    s.click_css("[data-testid=pull-secret-import-view-confirm-cancel]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=pull-secret-import-view-confirm]")
        .await
        .unwrap();
    // In this project, which she may.
    s.click_css("[data-testid=pull-secret-import-view-project]")
        .await
        .unwrap();
    s.click_css("[data-testid=pull-secret-import-view]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-import-view-confirm]",
        "system:serviceaccount:3scale:amp",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=pull-secret-import-view-confirm-confirm]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=pull-secret-import-granted]", "view granted")
        .await
        .unwrap();
    app.screenshot("102-pull-secret-import-done-en").await;

    // What the cluster holds.
    let secret = kube
        .object("", "secrets", "3scale", "threescale-registry-auth")
        .unwrap()
        .expect("the Secret exists");
    let config: Value = serde_json::from_slice(
        &STANDARD
            .decode(secret["data"][".dockerconfigjson"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        config["auths"]["registry.redhat.io"]["username"],
        SERVICE_ACCOUNT
    );
    let amp = kube
        .object("", "serviceaccounts", "3scale", "amp")
        .unwrap()
        .unwrap();
    assert_eq!(
        amp["imagePullSecrets"],
        json!([{"name": "threescale-registry-auth"}])
    );
    let binding = kube
        .object(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "3scale",
            "view",
        )
        .unwrap()
        .expect("the view binding exists");
    assert_eq!(
        binding["subjects"],
        json!([{"kind": "ServiceAccount", "name": "amp", "namespace": "3scale"}])
    );
    assert!(harness::secrets::files_containing(desktop.home(), SERVICE_ACCOUNT_TOKEN).is_empty());
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_import_in_japanese() {
    init();
    crate::secrets::used(SERVICE_ACCOUNT_TOKEN);
    let downloads = tempfile::tempdir().unwrap();
    let file = downloaded_secret(downloads.path());
    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        "https://api.sim.example:6443",
        TlsMode::System,
    );
    desktop.add_connection_of(
        ConnectionKind::Registry,
        "Red Hat registry",
        "https://registry.redhat.io",
        TlsMode::System,
    );
    let app = desktop.launch().await;
    let s = &app.session;
    open_import(s, &file, "認証情報").await;
    s.wait_text_content(
        "[data-testid=pull-secret-import]",
        "プルシークレットのインポート",
    )
    .await
    .unwrap();
    set_picker(s, "#pull-secret-import-project", "3scale").await;
    set_input(
        s,
        "#pull-secret-import-secret-name",
        "threescale-registry-auth",
    )
    .await;
    set_picker(s, "#pull-secret-import-account", "amp").await;
    app.screenshot("103-pull-secret-import-ja").await;
    s.click_css("[data-testid=pull-secret-import-create]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=pull-secret-import-create-confirm]",
        "シークレット threescale-registry-auth を作成します",
    )
    .await
    .unwrap();
    app.screenshot("104-pull-secret-import-confirm-ja").await;
    app.close().await;
}
