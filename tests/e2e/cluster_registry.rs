//! "Open the cluster's registry" in the real window, against a real Kubernetes control plane
//! with OpenShift's APIs beside it and a real distribution registry in token mode playing the
//! integrated registry (its token server takes the cluster's tokens and decides by
//! SubjectAccessReview): sign in to the OpenShift connection by pasting a token, see why no
//! host can be used while the registry is exposed only inside the cluster, then the host found
//! in the image config and why, open it as a registry connection linked to the cluster's
//! login, browse a repository's tags, and remove a tag through the image API (`oc tag -d`).

use connections::{ConnectionKind, TlsMode};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::Registry;
use serde_json::json;

use crate::app::Desktop;
use crate::{init, steps};

const ALICE_TOKEN: &str = "sha256~alice-e2e-registry-0123456789";
const INTERNAL: &str = "image-registry.openshift-image-registry.svc:5000";

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

fn repo_row(name: &str) -> String {
    format!("[data-testid=repository-row][data-name=\"{name}\"]")
}

fn tag_row(tag: &str) -> String {
    format!("[data-testid=tag-row][data-tag=\"{tag}\"]")
}

/// A cluster where alice requested project p, with the integrated registry holding p/app at
/// v1 and v2 and its image stream; the image config names only the internal host so far.
/// alice is also a cluster reader (the part of OpenShift's `cluster-reader` that matters here):
/// she may read the image config and the routes, and list image streams cluster-wide, so the
/// registry gives her its catalog.
async fn cluster_with_registry() -> (KubeCluster, Registry) {
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "alice".into(),
        token: ALICE_TOKEN.into(),
        groups: vec![],
    }])
    .expect("the control plane starts");
    crate::secrets::used(ALICE_TOKEN);
    kube.add_project("p", Some("alice")).unwrap();
    kube.create(
        "/apis/rbac.authorization.k8s.io/v1/clusterroles",
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
        "metadata": {"name": "cluster-reader"},
        "rules": [
            {"apiGroups": ["image.openshift.io"], "resources": ["imagestreams"],
             "verbs": ["get", "list"]},
            {"apiGroups": ["config.openshift.io"], "resources": ["images"],
             "verbs": ["get", "list"]},
            {"apiGroups": ["route.openshift.io"], "resources": ["routes"],
             "verbs": ["get", "list"]},
        ]}),
    )
    .unwrap();
    kube.create(
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
        json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
               "metadata": {"name": "alice-cluster-reader"},
               "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                           "name": "cluster-reader"},
               "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User",
                             "name": "alice"}]}),
    )
    .unwrap();
    let registry = kube
        .start_integrated_registry()
        .expect("the registry starts");
    let filler = Filler::with_client(registry.client().unwrap(), "p/seed")
        .await
        .expect("the admin may push");
    let v1 = filler
        .push_image("p/app", "v1", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();
    let v2 = filler
        .push_image("p/app", "v2", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();
    kube.openshift().unwrap().add_image_stream_at(
        "p",
        "app",
        &[("v1", &v1), ("v2", &v2)],
        &registry.host(),
    );
    kube.install_image_config_crd().unwrap();
    kube.set_image_config_status(json!({"internalRegistryHostname": INTERNAL}))
        .unwrap();
    (kube, registry)
}

/// The registry exposed as the image registry operator does with `defaultRoute: true`: its
/// host written into the image config (here the registry's own `127.0.0.1:PORT`).
fn expose(kube: &KubeCluster, registry: &Registry) {
    kube.set_image_config_status(json!({
        "internalRegistryHostname": INTERNAL,
        "externalRegistryHostnames": [registry.host()],
    }))
    .unwrap();
}

/// The desktop with the OpenShift connection "Lab" (the cluster's CA as its bundle).
fn desktop(kube: &KubeCluster, lang: &str) -> Desktop {
    let desktop = Desktop::with_lang(lang);
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "Lab",
        kube.url(),
        TlsMode::CaBundle {
            path: kube.ca_path().display().to_string(),
        },
    );
    desktop
}

#[tokio::test(flavor = "multi_thread")]
async fn open_the_clusters_registry_see_why_browse_it_and_remove_a_tag_through_the_image_api() {
    init();
    let (kube, registry) = cluster_with_registry().await;
    let desktop = desktop(&kube, "en_US.UTF-8");
    let app = desktop.launch().await;
    let s = &app.session;

    // Sign in to the cluster by pasting a token.
    let lab = row("Lab");
    s.click_css(&format!("{lab} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(&format!("{lab} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();

    // Exposed only inside the cluster: why nothing can be used, and what the admin runs.
    s.click_css(&format!("{lab} [data-testid=open-cluster-registry]"))
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-none]",
        &format!("Only the internal name {INTERNAL} was found: it works only inside the cluster"),
    )
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-admin-4x]",
        r#"{"spec":{"defaultRoute":true}}"#,
    )
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-lookups]",
        "route default-route in openshift-image-registry: 404: not there",
    )
    .await
    .unwrap();
    assert!(
        s.try_find("[data-testid=cluster-registry-open]")
            .await
            .unwrap()
            .is_none()
    );
    app.screenshot("130-cluster-registry-internal-only-en")
        .await;

    // The administrator exposes it; looking again finds the image config's external host.
    expose(&kube, &registry);
    s.click_css("[data-testid=cluster-registry-retry]")
        .await
        .unwrap();
    s.wait_text("[data-testid=cluster-registry-host]", &registry.host())
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-why]",
        "The image config (images.config.openshift.io/cluster) lists it among the external registry host names",
    )
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-lookups]",
        &format!(
            "image config: external host {}, internal host {INTERNAL}",
            registry.host()
        ),
    )
    .await
    .unwrap();
    app.screenshot("131-cluster-registry-found-en").await;

    // Open it: a registry connection linked to Lab, checked with Lab's CA bundle.
    s.click_css("[data-testid=cluster-registry-open]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-opened]",
        &format!(
            "Added the registry connection Lab registry ({}), linked to Lab.",
            registry.url()
        ),
    )
    .await
    .unwrap();
    s.wait_text_content("[data-testid=cluster-registry-tls]", "Lab's CA bundle")
        .await
        .unwrap();
    app.screenshot("132-cluster-registry-opened-en").await;
    let settings = std::fs::read_to_string(desktop.settings_path()).unwrap();
    assert!(settings.contains("\"linkedCluster\""), "{settings}");
    assert!(
        !settings.contains(ALICE_TOKEN),
        "the token stays out of the settings"
    );

    // Browse: the Registries page on the linked connection, signed in with Lab's login.
    s.click_css("[data-testid=cluster-registry-browse]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=linked-login]", "Signs in with Lab's login")
        .await
        .unwrap();
    assert!(
        s.try_find("[data-testid=registry-sign-out]")
            .await
            .unwrap()
            .is_none()
    );
    s.click_css(&repo_row("p/app")).await.unwrap();
    s.wait_text(&tag_row("v1"), "Docker v2").await.unwrap();
    s.wait_text(&tag_row("v2"), "Docker v2").await.unwrap();
    app.screenshot("133-cluster-registry-tags-en").await;

    // Remove v2 from the image stream, as `oc tag -d` does: one confirmation, which says why
    // the registry's manifest delete is not offered.
    crate::steps::tag_action(s, "v2", "tag-delete").await;
    s.wait_text_content(
        "[data-testid=cluster-tag-delete-command]",
        "oc tag -d app:v2 -n p",
    )
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-tag-delete-why]",
        "oc adm prune images",
    )
    .await
    .unwrap();
    app.screenshot("134-cluster-registry-remove-tag-en").await;
    s.click_css("[data-testid=cluster-tag-delete-confirm]")
        .await
        .unwrap();
    s.wait_gone("[data-testid=cluster-tag-delete-modal]")
        .await
        .unwrap();
    s.wait_gone(&tag_row("v2")).await.unwrap();
    s.find(&tag_row("v1")).await.unwrap();
    let (status, gone) = kube
        .admin(
            "GET",
            "/apis/image.openshift.io/v1/namespaces/p/imagestreamtags/app:v2",
            None,
        )
        .unwrap();
    assert_eq!(status, 404, "{gone}");
    let (status, kept) = kube
        .admin(
            "GET",
            "/apis/image.openshift.io/v1/namespaces/p/imagestreamtags/app:v1",
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{kept}");
    app.screenshot("135-cluster-registry-tag-removed-en").await;

    // The linked row on Connections says whose login it uses; removing Lab names it.
    s.click_css("[data-testid=nav-connections]").await.unwrap();
    s.wait_text_content(
        &format!("{} [data-testid=linked-login]", row("Lab registry")),
        "Signs in with Lab's login",
    )
    .await
    .unwrap();
    app.screenshot("136-cluster-registry-linked-row-en").await;
    s.click_css(&format!("{lab} [data-testid=remove-connection]"))
        .await
        .unwrap();
    s.wait_text_content("[data-testid=remove-unlinks]", "Lab registry")
        .await
        .unwrap();
    app.screenshot("137-cluster-registry-remove-cluster-en")
        .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clusters_registry_in_japanese() {
    init();
    let (kube, registry) = cluster_with_registry().await;
    expose(&kube, &registry);
    let desktop = desktop(&kube, "ja_JP.UTF-8");
    let app = desktop.launch().await;
    let s = &app.session;
    let lab = row("Lab");
    s.click_css(&format!("{lab} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(&format!("{lab} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();

    // From the Access page's Image streams tab this time.
    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.click_css("[data-testid=tab-imageStreams]").await.unwrap();
    s.wait_text_content("[data-testid=streams-table]", "app:v2")
        .await
        .unwrap();
    s.click_css("[data-testid=open-cluster-registry]")
        .await
        .unwrap();
    s.wait_text("[data-testid=cluster-registry-host]", &registry.host())
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=cluster-registry-why]",
        "外部レジストリーホスト名",
    )
    .await
    .unwrap();
    app.screenshot("131-cluster-registry-found-ja").await;
    s.click_css("[data-testid=cluster-registry-open]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=cluster-registry-tls]", "CA バンドル")
        .await
        .unwrap();
    app.screenshot("132-cluster-registry-opened-ja").await;
    s.click_css("[data-testid=cluster-registry-browse]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=linked-login]", "Lab のログイン情報を使用")
        .await
        .unwrap();
    s.click_css(&repo_row("p/app")).await.unwrap();
    s.find(&tag_row("v2")).await.unwrap();
    app.screenshot("133-cluster-registry-tags-ja").await;
    crate::steps::tag_action(s, "v2", "tag-delete").await;
    s.wait_text_content(
        "[data-testid=cluster-tag-delete-why]",
        "oc adm prune images",
    )
    .await
    .unwrap();
    app.screenshot("134-cluster-registry-remove-tag-ja").await;
    s.click_css("[data-testid=cluster-tag-delete-confirm]")
        .await
        .unwrap();
    s.wait_gone(&tag_row("v2")).await.unwrap();
    s.find(&tag_row("v1")).await.unwrap();
    s.wait_text_content(
        "[data-testid=tags-notice-success]",
        "イメージストリームから削除しました",
    )
    .await
    .unwrap();
    app.close().await;
}
