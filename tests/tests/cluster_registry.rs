//! The cluster's own registry, end to end without a window: its host names found as `oc
//! registry info` finds them on a real kube-apiserver (the image config as a real CRD, routes
//! and image streams from the aggregated OpenShift APIs, RBAC real), a registry connection
//! linked to the OpenShift connection browsing a real distribution registry in token mode
//! whose token server takes the cluster's tokens (TokenReview + SubjectAccessReview, as the
//! OpenShift registry does), the token's renewal followed, image stream tags removed through
//! the image API, and skopeo as the oracle of the credentials.

use std::sync::Arc;

use cluster::{ClusterClient, LookupOutcome, RegistryChoice, RegistryHostSource};
use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::filler::{Arch, Filler, ManifestKind};
use harness::kube::{KubeCluster, KubeUser};
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use serde_json::json;
use vault::{MemoryStore, Secret};

/// A cluster with OpenShift's APIs: alice requested project p (admin there), bob may view p,
/// root is a cluster admin.
fn cluster() -> KubeCluster {
    let kube = KubeCluster::start_openshift(&[
        KubeUser::new("alice", &[]),
        KubeUser::new("bob", &[]),
        KubeUser::new("root", &["system:masters"]),
    ])
    .expect("the control plane starts");
    kube.add_project("p", Some("alice")).unwrap();
    kube.bind_in_namespace("p", "view", "bob").unwrap();
    kube
}

fn client(kube: &KubeCluster, token: &str) -> ClusterClient {
    ClusterClient::new(
        kube.url(),
        &TlsMode::CaBundle {
            path: kube.ca_path().display().to_string(),
        },
        Secret::new(token),
    )
    .unwrap()
}

fn sources(info: &cluster::RegistryInfo) -> Vec<(RegistryHostSource, String)> {
    info.hosts
        .iter()
        .map(|h| (h.source.clone(), h.host.clone()))
        .collect()
}

fn outcome(info: &cluster::RegistryInfo, path_part: &str) -> Option<LookupOutcome> {
    info.lookups
        .iter()
        .find(|l| l.request.contains(path_part))
        .map(|l| l.outcome.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_registry_is_found_as_oc_registry_info_finds_it_on_4x_3x_and_not_at_all() {
    let kube = cluster();
    let openshift = kube.openshift().unwrap();
    let root = client(&kube, kube.token("root"));
    let alice = client(&kube, kube.token("alice"));

    // Nothing yet: every place says so, and nothing is chosen. No image config API at all
    // (OpenShift 3.x has none): 404 to the admin.
    let info = root.registry_info(Some("p")).await.unwrap();
    assert_eq!(info.choice, RegistryChoice::NotFound, "{info:?}");
    assert!(info.hosts.is_empty());
    assert_eq!(
        outcome(&info, "images/cluster"),
        Some(LookupOutcome::NotFound)
    );
    assert_eq!(
        outcome(&info, "default-route"),
        Some(LookupOutcome::NotFound)
    );
    assert_eq!(
        outcome(&info, "docker-registry"),
        Some(LookupOutcome::NotFound)
    );
    assert_eq!(
        outcome(&info, "namespaces/p/imagestreams"),
        Some(LookupOutcome::Empty)
    );

    // 4.x: the image config with the internal name only (no route yet): the Service name
    // works inside the cluster only, so none is chosen.
    kube.install_image_config_crd().unwrap();
    kube.set_image_config_status(json!({
        "internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000",
    }))
    .unwrap();
    let info = root.registry_info(None).await.unwrap();
    assert_eq!(info.choice, RegistryChoice::InternalOnly, "{info:?}");
    assert_eq!(
        sources(&info),
        vec![(
            RegistryHostSource::ImageConfigInternal,
            "image-registry.openshift-image-registry.svc:5000".to_owned()
        )]
    );

    // A user without cluster rights is refused the image config and the routes by the real
    // RBAC: facts in the answer, not a failure of the whole lookup.
    let info = alice.registry_info(Some("p")).await.unwrap();
    assert_eq!(
        outcome(&info, "images/cluster"),
        Some(LookupOutcome::Forbidden)
    );
    assert_eq!(
        outcome(&info, "default-route"),
        Some(LookupOutcome::Forbidden)
    );
    assert!(
        info.lookups
            .iter()
            .find(|l| l.request.contains("images/cluster"))
            .and_then(|l| l.message.as_deref())
            .is_some_and(|m| m.contains("User \"alice\" cannot get resource \"images\"")),
        "{info:?}"
    );

    // 3.x: `oc expose svc docker-registry` made a plain-http route: found, never used.
    openshift.add_route(
        "default",
        "docker-registry",
        "docker-registry-default.apps.example.com",
        false,
    );
    let info = root.registry_info(None).await.unwrap();
    assert_eq!(info.choice, RegistryChoice::PlainHttpOnly, "{info:?}");
    assert!(info.chosen.is_none());
    let plain = info
        .hosts
        .iter()
        .find(|h| h.source == RegistryHostSource::DockerRegistryRoute)
        .unwrap();
    assert!(!plain.tls && plain.external);
    assert_eq!(plain.object, "default/docker-registry");

    // 4.x with `defaultRoute: true`: the route re-encrypts, and is chosen.
    let route_host = "default-route-openshift-image-registry.apps.example.com";
    openshift.add_route(
        "openshift-image-registry",
        "default-route",
        route_host,
        true,
    );
    let info = root.registry_info(None).await.unwrap();
    assert_eq!(info.choice, RegistryChoice::External);
    let chosen = info.chosen.clone().unwrap();
    assert_eq!(chosen.host, route_host);
    assert_eq!(chosen.source, RegistryHostSource::DefaultRoute);

    // The operator writes the route's host into the image config too: that comes first.
    kube.set_image_config_status(json!({
        "internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000",
        "externalRegistryHostnames": [route_host, "registry.example.com:8443"],
    }))
    .unwrap();
    let info = root.registry_info(None).await.unwrap();
    assert_eq!(
        info.chosen.as_ref().map(|h| (&h.source, h.host.as_str())),
        Some((&RegistryHostSource::ImageConfigExternal, route_host))
    );

    // A developer who may not read either still finds it as `oc registry login` does: from
    // an image stream of the project.
    openshift.add_image_stream("p", "app", &[("v1", "sha256:0123")]);
    let info = alice.registry_info(Some("p")).await.unwrap();
    assert_eq!(info.choice, RegistryChoice::External, "{info:?}");
    assert_eq!(
        info.chosen.as_ref().map(|h| (&h.source, h.object.as_str())),
        Some((&RegistryHostSource::ImageStreamPublic, "p/app"))
    );

    // Hostile: a huge image config with junk among thousands of names. Only the first 16 are
    // read, and names that are not `host[:port]` are dropped.
    let mut names: Vec<String> = vec![
        "http://evil.example/steal".into(),
        "user:pw@evil.example".into(),
        "evil.example/path".into(),
    ];
    names.extend((0..5000).map(|i| format!("r{i}.apps.example.com")));
    kube.set_image_config_status(json!({"externalRegistryHostnames": names}))
        .unwrap();
    let info = root.registry_info(None).await.unwrap();
    let from_config: Vec<&str> = info
        .hosts
        .iter()
        .filter(|h| h.source == RegistryHostSource::ImageConfigExternal)
        .map(|h| h.host.as_str())
        .collect();
    assert_eq!(from_config.len(), cluster::MAX_EXTERNAL_HOSTNAMES - 3);
    assert_eq!(from_config[0], "r0.apps.example.com");
    assert!(
        info.hosts.iter().all(|h| !h.host.contains("evil")),
        "{info:?}"
    );
}

/// A whole console over a scratch settings file and a memory keyring.
fn whole_console(dir: &std::path::Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

fn code(error: console::Error) -> ErrorCode {
    CommandError::from(error).code
}

#[tokio::test(flavor = "multi_thread")]
async fn the_linked_registry_browses_with_the_cluster_token_follows_its_renewal_and_deletes_through_the_image_api()
 {
    let kube = cluster();
    let openshift = kube.openshift().unwrap();
    let registry = kube
        .start_integrated_registry()
        .expect("the registry starts");
    // Content pushed as the cluster admin (the token as the password), then the image
    // stream that OpenShift keeps for it.
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
    openshift.add_image_stream_at("p", "app", &[("v1", &v1), ("v2", &v2)], &registry.host());
    kube.install_image_config_crd().unwrap();
    kube.set_image_config_status(json!({
        "internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000",
        "externalRegistryHostnames": [registry.host()],
    }))
    .unwrap();

    // alice signs in to the cluster with an OAuth token.
    let first_token = "sha256~alice-first-0123456789";
    openshift.add_token(first_token, "alice", &[]);
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let cluster_connection = console
        .add_connection(&ConnectionDraft {
            name: "Lab".into(),
            kind: ConnectionKind::Openshift,
            url: kube.url().to_owned(),
            tls: TlsMode::CaBundle {
                path: kube.ca_path().display().to_string(),
            },
            openshift_version: None,
        })
        .unwrap();
    console
        .sign_ins()
        .openshift_token(&cluster_connection, Secret::new(first_token))
        .await
        .expect("alice signs in");

    // Found and opened: the image config's external name, checked with the cluster's CA
    // (the system roots do not know it).
    let info = console
        .cluster_registry_info(&cluster_connection.id, Some("p"))
        .await
        .unwrap();
    assert_eq!(info.choice, RegistryChoice::External, "{info:?}");
    let host = info.chosen.unwrap().host;
    assert_eq!(host, registry.host());
    let opened = console
        .open_cluster_registry(&cluster_connection.id, Some("p"), &host)
        .await
        .unwrap();
    assert!(!opened.reused);
    assert_eq!(opened.tls, console::cluster_registry::TlsChoice::ClusterCa);
    let linked = opened.connection.clone();
    assert_eq!(linked.url, registry.url());
    assert_eq!(linked.name, "Lab registry");
    assert_eq!(
        linked.linked_cluster.as_deref(),
        Some(cluster_connection.id.as_str())
    );
    // Opened again: the same connection.
    let again = console
        .open_cluster_registry(&cluster_connection.id, Some("p"), &host)
        .await
        .unwrap();
    assert!(again.reused);
    assert_eq!(again.connection.id, linked.id);
    // The webview cannot send the token to a host the cluster did not name.
    let elsewhere = console
        .open_cluster_registry(&cluster_connection.id, Some("p"), "evil.example")
        .await
        .unwrap_err();
    assert_eq!(code(elsewhere), ErrorCode::InvalidInput);
    // No token was written anywhere but the session: not in the settings file.
    let settings = std::fs::read_to_string(dir.path().join(connections::store::FILE_NAME)).unwrap();
    assert!(!settings.contains(first_token), "{settings}");
    assert!(settings.contains("\"linkedCluster\""), "{settings}");

    // Browsing with the cluster's token: the tags of the image stream's repository.
    let registries = console.registries();
    let mut tags = registries.tags(&linked, "p/app", "t1").await.unwrap();
    tags.sort();
    assert_eq!(tags, vec!["v1".to_owned(), "v2".to_owned()]);
    let summary = registries
        .tag_summary(&linked, "p/app", "v1")
        .await
        .unwrap();
    assert_eq!(summary.digest, v1);
    // It has no sign-in of its own.
    assert_eq!(registries.signed_in(&linked).await.unwrap(), None);
    let own = registries
        .sign_in(
            &linked,
            vault::BasicCredentials::new("alice", "pw"),
            vault::KeptIn::Session,
        )
        .await
        .unwrap_err();
    assert_eq!(code(own), ErrorCode::InvalidInput);

    // alice is a project admin, not a cluster admin: the catalog (list image streams across
    // the cluster) is refused by the registry's token server.
    let mut events = Vec::new();
    let refused = registries
        .catalog(&linked, "c1", |e| events.push(e))
        .await
        .unwrap_err();
    // A permission fact, not an expired sign-in: no sign-in dialog (which, on a linked
    // connection, would be the cluster's) in a loop.
    assert_eq!(code(refused), ErrorCode::CatalogRefused);

    // skopeo, as the oracle: `--creds user:<token>` works, a wrong token does not.
    let certs = tempfile::tempdir().unwrap();
    std::fs::copy(kube.ca_path(), certs.path().join("ca.crt")).unwrap();
    let skopeo = |creds: &str| {
        std::process::Command::new("skopeo")
            .args(["inspect", "--creds", creds, "--cert-dir"])
            .arg(certs.path())
            .arg(format!("docker://{}/p/app:v1", registry.host()))
            .env("REGISTRY_AUTH_FILE", certs.path().join("auth.json"))
            .output()
            .expect("skopeo runs")
    };
    let ok = skopeo(&format!("user:{first_token}"));
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains(&v1));
    let bad = skopeo("user:sha256~not-a-token");
    assert!(!bad.status.success());

    // The token ends (expired, or revoked elsewhere): the registry refuses it...
    openshift.expire_token(first_token);
    kube.wait_until_refused(first_token).unwrap();
    let ended = registries.tags(&linked, "p/app", "t2").await.unwrap_err();
    assert_eq!(code(ended), ErrorCode::SignInRequired);
    // ...signing in to the cluster anew is all it takes: the client follows the new token.
    let second_token = "sha256~alice-second-9876543210";
    openshift.add_token(second_token, "alice", &[]);
    console
        .sign_ins()
        .openshift_token(&cluster_connection, Secret::new(second_token))
        .await
        .unwrap();
    let tags = registries.tags(&linked, "p/app", "t3").await.unwrap();
    assert_eq!(tags.len(), 2);
    // The Credentials page's lines are `oc registry login`'s: user `user`, the current token.
    let lines = console.login_lines(&linked.id).await.unwrap();
    assert!(lines.podman.contains("-u 'user'"), "{}", lines.podman);
    assert!(lines.podman.contains(&registry.host()), "{}", lines.podman);
    let password = console
        .secret(&credentials::model::SecretRef {
            connection_id: linked.id.clone(),
            kind: credentials::model::SecretKind::Password,
        })
        .await
        .unwrap();
    assert_eq!(
        password.expose(),
        second_token,
        "the renewed token is the one given"
    );
    assert!(!lines.podman.contains(first_token) && !lines.podman.contains(second_token));

    // Deleting: the registry-API manifest delete is not offered...
    let manifest = registries.delete(&linked, "p/app", &v2).await.unwrap_err();
    assert_eq!(code(manifest), ErrorCode::DeleteDisabled);
    let plan = registries
        .delete_plan(&linked, "p/app", "v2")
        .await
        .unwrap_err();
    assert_eq!(code(plan), ErrorCode::DeleteDisabled);
    // ...the image stream tag goes through the image API, as `oc tag -d` does.
    console
        .cluster_registry_delete_tag(&linked.id, "p/app", "v2")
        .await
        .unwrap();
    let (status, gone) = kube
        .admin(
            "GET",
            "/apis/image.openshift.io/v1/namespaces/p/imagestreamtags/app:v2",
            None,
        )
        .unwrap();
    assert_eq!(status, 404, "{gone}");
    assert_eq!(gone["reason"], "NotFound");
    let (status, kept) = kube
        .admin(
            "GET",
            "/apis/image.openshift.io/v1/namespaces/p/imagestreamtags/app:v1",
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{kept}");
    assert_eq!(kept["image"]["metadata"]["name"], v1.as_str());
    // The registry lists the stream's tags without it (the OpenShift registry serves tags
    // from the image stream), but the manifest stays until `oc adm prune images`.
    let tags = registries.tags(&linked, "p/app", "t4").await.unwrap();
    assert_eq!(tags, vec!["v1".to_owned()]);
    let by_tag = registries
        .tag_summary(&linked, "p/app", "v2")
        .await
        .unwrap_err();
    assert_eq!(code(by_tag), ErrorCode::NotFound);
    assert!(registries.manifest(&linked, "p/app", &v2).await.is_ok());
    // Twice: the real API's 404.
    let twice = console
        .cluster_registry_delete_tag(&linked.id, "p/app", "v2")
        .await
        .unwrap_err();
    assert_eq!(code(twice), ErrorCode::NotFound);
    // A viewer is refused by the real RBAC (403 with the apiserver's words).
    let bob = client(&kube, kube.token("bob"));
    let forbidden = bob
        .delete_image_stream_tag("p", "app", "v1")
        .await
        .unwrap_err();
    assert!(forbidden.is_forbidden(), "{forbidden}");
    assert!(
        forbidden
            .to_string()
            .contains("User \"bob\" cannot delete resource \"imagestreamtags\""),
        "{forbidden}"
    );
    // Not a project/stream repository.
    let odd = console
        .cluster_registry_delete_tag(&linked.id, "a/b/c", "v1")
        .await
        .unwrap_err();
    assert_eq!(code(odd), ErrorCode::InvalidInput);

    // Removing the cluster connection unlinks the registry connection, which stays.
    console
        .remove_connection(&cluster_connection.id)
        .await
        .unwrap();
    let kept = console.connection(&linked.id).unwrap();
    assert_eq!(kept.linked_cluster, None);
}
