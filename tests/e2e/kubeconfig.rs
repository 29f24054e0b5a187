//! Import from kubeconfig in the real window: a `~/.kube/config` with a context that `oc login`
//! wrote for a real Kubernetes control plane with OpenShift's APIs beside it (a token, the
//! cluster's CA inline) and one for a cloud cluster (an exec plugin). The dialog lists both, marks the exec one as unusable, imports the token one;
//! the row shows the signed-in user, still after a restart, and the token is nowhere in the
//! app's home but in the kubeconfig itself (`secrets::ON_PURPOSE`).

use base64::Engine;
use harness::kube::{KubeCluster, KubeUser};

use crate::app::Desktop;
use crate::init;

const TOKEN: &str = "sha256~kubeconfig-e2e-token-of-alice-0123456789";
const SIM_CONTEXT: &str = "default/sim-cluster:6443/alice";

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

fn context(name: &str) -> String {
    format!("[data-testid=kubeconfig-context][data-name=\"{name}\"]")
}

/// Writes `~/.kube/config` in the desktop's home, as `oc login` and `aws eks update-kubeconfig`
/// leave it.
fn write_kubeconfig(desktop: &Desktop, server: &str, ca_pem: &str) -> std::path::PathBuf {
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    let dir = desktop.home().join(".kube");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("config");
    std::fs::write(
        &path,
        format!(
            r#"apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {ca}
    server: {server}
  name: sim-cluster:6443
- cluster:
    server: https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com
  name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
contexts:
- context:
    cluster: sim-cluster:6443
    namespace: default
    user: alice/sim-cluster:6443
  name: {SIM_CONTEXT}
- context:
    cluster: arn:aws:eks:eu-west-1:123456789012:cluster/prod
    user: arn:aws:eks:eu-west-1:123456789012:cluster/prod
  name: eks-prod
current-context: {SIM_CONTEXT}
preferences: {{}}
users:
- name: alice/sim-cluster:6443
  user:
    token: {TOKEN}
- name: arn:aws:eks:eu-west-1:123456789012:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --cluster-name, prod]
"#
        ),
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn import_a_token_context_from_kube_config_signs_in_and_stays_signed_in_after_a_restart() {
    init();
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "alice".into(),
        token: TOKEN.into(),
        groups: vec!["registry-admins".into()],
    }])
    .expect("the control plane starts");
    crate::secrets::used(TOKEN);
    let desktop = Desktop::new();
    let ca_pem = std::fs::read_to_string(kube.ca_path()).unwrap();
    let kubeconfig = write_kubeconfig(&desktop, kube.url(), &ca_pem);

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=import-kubeconfig]")
        .await
        .unwrap();
    s.find(&context(SIM_CONTEXT)).await.unwrap();
    assert_eq!(
        s.find_all("[data-testid=kubeconfig-context]")
            .await
            .unwrap()
            .len(),
        2
    );
    let shown = s
        .execute("return document.getElementById('kubeconfig-path').value;")
        .await
        .unwrap();
    assert_eq!(
        shown.as_str(),
        Some(kubeconfig.display().to_string().as_str())
    );
    s.wait_text_content(
        &format!("{} [data-testid=kubeconfig-current]", context(SIM_CONTEXT)),
        "Current",
    )
    .await
    .unwrap();
    s.wait_text_content(
        &format!(
            "{} [data-testid=kubeconfig-credential]",
            context(SIM_CONTEXT)
        ),
        "Token",
    )
    .await
    .unwrap();
    s.wait_text_content(
        &format!(
            "{} [data-testid=kubeconfig-credential]",
            context("eks-prod")
        ),
        "Exec plugin: not usable",
    )
    .await
    .unwrap();
    app.screenshot("70-kubeconfig-contexts-en").await;

    // The exec context explains itself when chosen.
    s.click_css(&format!("{} input[type=radio]", context("eks-prod")))
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=kubeconfig-credential-help]",
        "does not run credential plugins (exec: aws)",
    )
    .await
    .unwrap();
    app.screenshot("71-kubeconfig-exec-context-en").await;

    // Import the token context under a shorter name.
    s.click_css(&format!("{} input[type=radio]", context(SIM_CONTEXT)))
        .await
        .unwrap();
    s.wait_text_content("[data-testid=kubeconfig-details]", kube.url())
        .await
        .unwrap();
    s.type_into("#kubeconfig-name", "sim-cluster")
        .await
        .unwrap();
    s.click_css("[data-testid=kubeconfig-import-submit]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=kubeconfig-modal]").await.unwrap();
    s.wait_text_content(
        &format!("{} [data-testid=auth-user]", row("sim-cluster")),
        "alice",
    )
    .await
    .unwrap();
    s.wait_text_content(
        &format!("{} [data-testid=auth-identity]", row("sim-cluster")),
        "registry-admins",
    )
    .await
    .unwrap();
    s.wait_text_content(&row("sim-cluster"), kube.url())
        .await
        .unwrap();
    app.screenshot("72-kubeconfig-imported-signed-in-en").await;
    app.close().await;

    // A restart: the token comes back from the OS keyring.
    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text_content(
        &format!("{} [data-testid=auth-user]", row("sim-cluster")),
        "alice",
    )
    .await
    .unwrap();
    app.screenshot("73-kubeconfig-still-signed-in-en").await;
    app.close().await;

    // The cluster's CA came from the kubeconfig into the app's CA store, and the cluster
    // accepted the token through it (the user and groups above are its `users/~`).
    let ca_files: Vec<_> = std::fs::read_dir(
        desktop
            .home()
            .join("config")
            .join(crate::app::APP_ID)
            .join("ca"),
    )
    .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
    .unwrap_or_default();
    assert_eq!(ca_files.len(), 1, "{ca_files:?}");
    // Nowhere in the app's home (settings, CA files, webview storage, caches) but the
    // kubeconfig itself, where the search does find it.
    let hits = harness::secrets::files_containing(desktop.home(), TOKEN);
    assert!(hits.is_empty(), "the token is in {hits:?}");
    let kept = std::fs::read_to_string(&kubeconfig).unwrap();
    assert!(kept.contains(TOKEN), "the kubeconfig is left as it was");
    let hits = harness::secrets::files_containing(&crate::app::artifacts_dir(), TOKEN);
    assert!(hits.is_empty(), "the token is in {hits:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_import_dialog_speaks_japanese_with_the_oc_words() {
    init();
    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    // Only listed, never reached.
    write_kubeconfig(
        &desktop,
        "https://127.0.0.1:6443",
        "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.wait_text_content(
        "[data-testid=import-kubeconfig]",
        "kubeconfig からインポート",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=import-kubeconfig]")
        .await
        .unwrap();
    s.wait_text_content(
        &format!("{} [data-testid=kubeconfig-current]", context(SIM_CONTEXT)),
        "現在",
    )
    .await
    .unwrap();
    s.wait_text_content(
        &format!(
            "{} [data-testid=kubeconfig-credential]",
            context("eks-prod")
        ),
        "exec プラグイン: 使用不可",
    )
    .await
    .unwrap();
    s.wait_text_content("[data-testid=kubeconfig-modal]", "コンテキスト")
        .await
        .unwrap();
    app.screenshot("74-kubeconfig-contexts-ja").await;
    app.close().await;
}
