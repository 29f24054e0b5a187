//! The Access page in the real window, against a real Kubernetes control plane with OpenShift's
//! API groups served beside it (`harness::kube`): sign in by pasting a token, grant `registry-viewer` in one project to a service account of
//! another, see it in Effective access, mint that service account's token (which the cluster
//! then accepts as the service account), and revoke the grant after one confirmation.

use connections::{ConnectionKind, TlsMode};
use harness::keyring::KeyringDaemon;
use harness::kube::{KubeCluster, KubeUser};

use crate::app::Desktop;
use crate::{init, steps};

const ALICE_TOKEN: &str = "sha256~alice-e2e-token-0123456789";

/// The cluster's CA, as the connection's CA bundle.
fn ca_bundle(cluster: &KubeCluster) -> TlsMode {
    TlsMode::CaBundle {
        path: cluster.ca_path().display().to_string(),
    }
}

/// Role binding `name` of `namespace`, as the cluster holds it.
fn rolebinding(cluster: &KubeCluster, namespace: &str, name: &str) -> Option<serde_json::Value> {
    cluster
        .object("rbac.authorization.k8s.io", "rolebindings", namespace, name)
        .expect("the cluster answers")
}

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

#[tokio::test(flavor = "multi_thread")]
async fn grant_registry_viewer_across_projects_see_it_mint_its_token_and_revoke() {
    init();
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
        &[
            (
                "1.0",
                "sha256:1111111111111111111111111111111111111111111111111111111111111111",
            ),
            (
                "latest",
                "sha256:2222222222222222222222222222222222222222222222222222222222222222",
            ),
        ],
    );
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        kube.url(),
        ca_bundle(&kube),
    );

    let app = desktop.launch().await;
    let s = &app.session;

    // Sign in by pasting a token, through the sign-in dialog.
    let cluster = row("sim-cluster");
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();

    // The Access page: the cluster and who I am, the projects, the bindings of team-a.
    steps::open_access_in_team_a(s, "alice").await;
    s.wait_text_content(
        "[data-testid=access-cluster]",
        &format!("Cluster sim-cluster ({})", kube.url()),
    )
    .await
    .unwrap();
    app.screenshot("60-access-role-bindings").await;

    // Grant registry-viewer in team-a to the service account team-b/default, picked from the
    // accounts team-b has on the cluster (the list opens once the project is picked).
    s.click_css("[data-testid=grant-open]").await.unwrap();
    s.click_css("[data-testid=grant-subject-serviceAccount]")
        .await
        .unwrap();
    steps::pick_from_list(s, "grant-sa-project", "team-b").await;
    s.wait_text_content(
        "[data-testid=grant-name-option][data-value=\"default\"]",
        "default",
    )
    .await
    .unwrap();
    app.screenshot("161-access-grant-account-picker-en").await;
    s.click_css("[data-testid=grant-name-option][data-value=\"default\"]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=grant-preview]",
        "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:default -n team-a",
    )
    .await
    .unwrap();
    app.screenshot("61-access-grant-role").await;
    app.screenshot("162-access-grant-same-as-filled-en").await;
    s.click_css("[data-testid=grant-submit]").await.unwrap();
    s.wait_text_content(
        "[data-testid=bindings-notice]",
        "registry-viewer granted to team-b/default in team-a",
    )
    .await
    .unwrap();
    s.wait_text_content("[data-testid=bindings-table]", "registry-viewer")
        .await
        .unwrap();
    let binding =
        rolebinding(&kube, "team-a", "registry-viewer").expect("the binding is on the cluster");
    assert_eq!(binding["subjects"][0]["kind"], "ServiceAccount");
    assert_eq!(binding["subjects"][0]["namespace"], "team-b");
    app.screenshot("62-access-granted").await;

    // Effective access: team-b/default can pull, through that binding.
    s.click_css("[data-testid=tab-effective]").await.unwrap();
    s.wait_text_content("[data-testid=pull-table]", "via binding registry-viewer")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=self-table]", "Allowed")
        .await
        .unwrap();
    app.screenshot("63-access-effective").await;

    // Image streams with both pull specs.
    s.click_css("[data-testid=tab-imageStreams]").await.unwrap();
    s.wait_text_content(
        "[data-testid=streams-table]",
        "image-registry.openshift-image-registry.svc:5000/team-a/web:1.0",
    )
    .await
    .unwrap();
    app.screenshot("64-access-image-streams").await;

    // Pull secrets and the cross-project wizard render in the window.
    s.click_css("[data-testid=tab-pullSecrets]").await.unwrap();
    s.find("[data-testid=pull-generate]").await.unwrap();
    app.screenshot("65-access-pull-secrets").await;
    s.click_css("[data-testid=tab-crossPull]").await.unwrap();
    s.wait_text_content("[data-testid=cross-command]", "system:image-puller")
        .await
        .unwrap();
    app.screenshot("66-access-cross-project-pull").await;

    // Mint a token for team-b/default: masked until revealed; the cluster accepts it as the SA.
    s.type_into("[data-testid=project-filter] input", "team-b")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=project-count]", "1 of 2")
        .await
        .unwrap();
    s.click_css("[data-testid=tab-accounts]").await.unwrap();
    s.type_into("[data-testid=accounts-filter] input", "default")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=accounts-table]",
        "system:serviceaccount:team-b:default",
    )
    .await
    .unwrap();
    app.screenshot("67-access-service-accounts").await;
    s.click_css("[data-testid=account-row] [data-testid=token-open]")
        .await
        .unwrap();
    s.click_css("[data-testid=token-lifetime] option[value=\"28800\"]")
        .await
        .unwrap();
    s.click_css("[data-testid=token-submit]").await.unwrap();
    let masked = s
        .wait_text_content("[data-testid=issued-token-text]", "••••")
        .await
        .unwrap();
    app.screenshot("68-access-token-masked").await;
    s.click_css("[data-testid=issued-token-reveal]")
        .await
        .unwrap();
    let shown = s.find("[data-testid=issued-token-text]").await.unwrap();
    let token = s.text(&shown).await.unwrap();
    crate::secrets::used(token.trim());
    assert_ne!(token, masked);
    let minted = cluster::ClusterClient::new(
        kube.url(),
        &ca_bundle(&kube),
        vault::Secret::new(token.trim()),
    )
    .unwrap();
    let who = minted
        .whoami()
        .await
        .expect("the cluster accepts the token");
    assert_eq!(
        who.name.as_deref(),
        Some("system:serviceaccount:team-b:default")
    );

    // Write it to Podman's auth.json for the cluster's registry, after one check. The host is
    // typed (this cluster has no registry route to offer); Escape closes the picker's list
    // and leaves the dialog open.
    s.type_into(
        "[data-testid=token-registry] input",
        "registry.apps.example.test",
    )
    .await
    .unwrap();
    let host = s.find("[data-testid=token-registry] input").await.unwrap();
    s.send_keys(&host, "\u{E00C}").await.unwrap();
    s.wait_gone("[data-testid=token-registry-no-match]")
        .await
        .unwrap();
    s.click_css("[data-testid=token-file-preview]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=token-file-confirm]",
        "registry.apps.example.test",
    )
    .await
    .unwrap();
    app.screenshot("68b-access-token-auth-file-check").await;
    s.click_css("[data-testid=token-file-write]").await.unwrap();
    s.wait_text_content("[data-testid=token-file-written]", "auth.json")
        .await
        .unwrap();
    let auth_file = desktop.runtime_dir().join("containers/auth.json");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&auth_file).expect("auth.json written"))
            .expect("auth.json is JSON");
    {
        use base64::Engine;
        let expected =
            base64::engine::general_purpose::STANDARD.encode(format!("default:{}", token.trim()));
        assert_eq!(
            written["auths"]["registry.apps.example.test"]["auth"],
            serde_json::Value::String(expected)
        );
    }
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&auth_file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "auth.json is readable by its owner only"
        );
    }
    s.click_css("[data-testid=token-close]").await.unwrap();
    s.wait_gone("[data-testid=token-modal]").await.unwrap();

    // Revoke, after one confirmation that names role, subject and binding.
    s.type_into("[data-testid=project-filter] input", "team-a")
        .await
        .unwrap();
    s.click_css("[data-testid=tab-bindings]").await.unwrap();
    s.type_into("[data-testid=bindings-filter] input", "registry-viewer")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=bindings-table]", "team-b")
        .await
        .unwrap();
    s.click_css("[data-testid=binding-row] [data-testid=revoke-open]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=revoke-text]",
        "Remove ServiceAccount team-b/default from role registry-viewer (binding registry-viewer) in project team-a",
    )
    .await
    .unwrap();
    app.screenshot("69-access-revoke-confirm").await;
    s.click_css("[data-testid=revoke-confirm]").await.unwrap();
    s.wait_text_content("[data-testid=bindings-notice]", "registry-viewer revoked")
        .await
        .unwrap();
    assert!(
        rolebinding(&kube, "team-a", "registry-viewer").is_none(),
        "the emptied binding is deleted"
    );

    // In Japanese, cross-project pull: the project whose pods pull is picked, its service
    // accounts open, and the `oc policy` line carries both, ready to copy.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    s.click_css("[data-testid=tab-crossPull]").await.unwrap();
    steps::pick_from_list(s, "cross-from", "team-b").await;
    s.wait_text_content(
        "[data-testid=cross-account-option][data-value=\"builder\"]",
        "builder",
    )
    .await
    .unwrap();
    app.screenshot("165-access-cross-pull-account-picker-ja")
        .await;
    s.click_css("[data-testid=cross-account-option][data-value=\"builder\"]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=cross-command]",
        "oc policy add-role-to-user system:image-puller system:serviceaccount:team-b:builder -n team-a",
    )
    .await
    .unwrap();
    s.find("[data-testid=cross-command-line] button[aria-label=\"コマンドをコピー\"]")
        .await
        .unwrap();
    app.screenshot("166-access-cross-pull-same-as-filled-ja")
        .await;
    s.click_css("[data-testid=language-switch] option[value=\"en\"]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=tab-crossPull]", "Cross-project pull")
        .await
        .unwrap();
    app.close().await;

    // Dark theme, after a restart (the session comes back from the keyring).
    desktop.gtk_theme = Some("Adwaita:dark".into());
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.type_into("[data-testid=project-filter] input", "team-a")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=bindings-table]", "system:image-pullers")
        .await
        .unwrap();
    app.screenshot("70-access-role-bindings-dark").await;
    app.close().await;

    // The token never reached a file of the app (settings, webview storage); the only file
    // that holds it is the auth file the user asked for.
    assert!(auth_file.starts_with(desktop.runtime_dir().join("containers")));
    let hits = harness::secrets::files_containing(desktop.home(), token.trim());
    assert!(hits.is_empty(), "the token is in {hits:?}");
}

/// A user who may only view a project tries to grant a role: the dialog says, in words, who
/// they are and which permission is missing (a grant first reads the project's bindings, as
/// `oc policy` does, and `view` may not), and nothing changes on the cluster.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_grant_says_who_you_are_and_what_is_missing() {
    init();
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "bob".into(),
        token: "sha256~bob-e2e-token-0123456789".into(),
        groups: Vec::new(),
    }])
    .expect("the control plane starts");
    crate::secrets::used("sha256~bob-e2e-token-0123456789");
    kube.add_project("team-a", Some("alice")).unwrap();
    kube.bind_in_namespace("team-a", "view", "bob").unwrap();
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        kube.url(),
        ca_bundle(&kube),
    );
    let app = desktop.launch().await;
    let s = &app.session;
    let cluster = row("sim-cluster");
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, "sha256~bob-e2e-token-0123456789").await;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "bob")
        .await
        .unwrap();
    grant_to_carol_is_refused(
        s,
        "You are signed in as bob, who may not list rolebindings (API group rbac.authorization.k8s.io) in project team-a",
    )
    .await;
    app.screenshot("71-access-grant-refused").await;
    assert!(rolebinding(&kube, "team-a", "registry-viewer").is_none());
    app.close().await;

    // The same refusal on a Japanese desktop, after a restart (still signed in as bob).
    let mut desktop = desktop;
    desktop.lang = "ja_JP.UTF-8".into();
    let app = desktop.launch().await;
    let s = &app.session;
    // The app reopens on the page shown last (Access); the sign-in is on Connections.
    s.click_css("[data-testid=nav-connections]").await.unwrap();
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "bob")
        .await
        .unwrap();
    grant_to_carol_is_refused(
        s,
        "bob としてログインしていますが、プロジェクト team-a で rolebindings",
    )
    .await;
    app.screenshot("71-access-grant-refused-ja").await;
    assert!(rolebinding(&kube, "team-a", "registry-viewer").is_none());
    app.close().await;
}

/// Bob opens Access, asks to grant registry-viewer to carol, and is told `denial`.
async fn grant_to_carol_is_refused(s: &crate::webdriver::Session, denial: &str) {
    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.wait_text_content("[data-testid=whoami]", "bob")
        .await
        .unwrap();
    s.click_css("[data-testid=grant-open]").await.unwrap();
    s.type_into("[data-testid=grant-name]", "carol")
        .await
        .unwrap();
    s.click_css("[data-testid=grant-submit]").await.unwrap();
    s.wait_text_content("[data-testid=grant-modal] [data-testid=denial]", denial)
        .await
        .unwrap();
}
