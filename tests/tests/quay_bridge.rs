//! The Quay Bridge Operator's set-up on a real Quay 3.18 (`harness::quay`) and a real
//! Kubernetes API server (`harness::kube`): the token of an organization's application written
//! into the `quay-integration` secret through the `cluster` crate, the `QuayIntegration`
//! applied against the operator's CRD (its schema prunes what it does not know, so the field
//! names are proven), and the sync check of the `quay` crate: every organization and robot
//! missing, then, once made on Quay as the operator makes them, all present.

use cluster::{Applied, ClusterClient};
use connections::{Connection, ConnectionKind, TlsMode};
use harness::kube::KubeCluster;
use harness::quay::Quay;
use quay::QuayClient;
use quay::bridge::{
    MANAGED_SERVICE_ACCOUNTS, QUAY_INTEGRATION_GROUP, QUAY_INTEGRATION_PLURAL,
    QUAY_INTEGRATION_VERSION, QuayIntegration,
};
use serde_json::{Value, json};
use vault::Secret;

fn cluster_client(cluster: &KubeCluster) -> ClusterClient {
    let tls = TlsMode::CaBundle {
        path: cluster.ca_path().display().to_string(),
    };
    ClusterClient::new(cluster.url(), &tls, Secret::new(cluster.token("admin"))).unwrap()
}

fn quay_client(quay: &Quay, token: &str) -> QuayClient {
    let connection = Connection {
        id: "quay-1".into(),
        name: "Quay".into(),
        kind: ConnectionKind::Quay,
        url: quay.url().into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    QuayClient::new(&connection, Secret::new(token)).unwrap()
}

/// Makes organization `name` on Quay, as the operator does.
fn make_org(quay: &Quay, name: &str) {
    let (status, reply) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": name, "email": format!("{name}@example.com")})),
        )
        .unwrap();
    assert_eq!(status, 201, "{name}: {reply}\n{}", quay.log_tail());
}

/// Makes robot `short` of `org` on Quay, as the operator does.
fn make_robot(quay: &Quay, org: &str, short: &str) {
    let (status, reply) = quay
        .api(
            "PUT",
            &format!("/organization/{org}/robots/{short}"),
            Some(json!({})),
        )
        .unwrap();
    assert!(
        status == 200 || status == 201,
        "{org}+{short}: {status} {reply}"
    );
}

// Multi-threaded: the harness's calls block the test's thread for seconds, and Quay's gunicorn
// closes a keep-alive connection idle for 2 s; on one thread the client's connection tasks
// could not see those closes, and the next check would reuse dead connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bridge_operators_secret_and_integration_are_applied_and_its_sync_is_checked() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    let cluster = KubeCluster::start(&[]).expect("the control plane starts");

    // Quay's side of seed 003: a dedicated organization, its application, an all-scope token.
    make_org(&quay, "cluster-admin");
    let admin = quay_client(&quay, quay.admin_token());
    let app = admin
        .create_application(
            "cluster-admin",
            &quay::NewApplication {
                name: "openshift".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let token = admin
        .create_application_token("cluster-admin", &app.client_id, "bridge", &[], None)
        .await
        .unwrap()
        .token;

    // The secret, through the cluster crate, read back; written again it is updated.
    cluster.create_namespace("openshift-operators").unwrap();
    for project in ["team-a", "team-b", "skipped"] {
        cluster.add_project(project, None).unwrap();
    }
    let kube = cluster_client(&cluster);
    let mut spec = QuayIntegration::new(quay.url(), "openshift-operators");
    spec.allowlist_namespaces = vec!["team-a".into(), "team-b".into(), "default".into()];
    spec.insecure_registry = true;
    spec.validate().unwrap();
    let secret = &spec.credentials_secret;
    assert_eq!(
        kube.put_opaque_secret(&secret.namespace, &secret.name, &secret.key, &token)
            .await
            .unwrap(),
        Applied::Created
    );
    let stored = cluster
        .object("", "secrets", "openshift-operators", "quay-integration")
        .unwrap()
        .expect("the secret exists");
    assert_eq!(stored["type"], "Opaque");
    assert_eq!(
        stored["data"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["token"]
    );
    let read = kube
        .read_secret_value(&secret.namespace, &secret.name, "token")
        .await
        .unwrap()
        .expect("the token is there");
    assert_eq!(read.expose(), token.expose());
    assert_eq!(
        kube.put_opaque_secret(&secret.namespace, &secret.name, &secret.key, &token)
            .await
            .unwrap(),
        Applied::Updated
    );
    assert!(
        kube.read_secret_value(&secret.namespace, &secret.name, "other")
            .await
            .unwrap()
            .is_none()
    );
    // The token in the secret is the one Quay's API takes.
    let as_operator = quay_client(&quay, read.expose());
    assert!(as_operator.organizations().await.is_ok());

    // The CRD, then the QuayIntegration: created, stored as sent (nothing pruned), updated.
    cluster
        .create(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            harness::quay::quay_integration_crd(),
        )
        .unwrap();
    let served = format!("/apis/{QUAY_INTEGRATION_GROUP}/{QUAY_INTEGRATION_VERSION}");
    let mut ready = false;
    for _ in 0..100 {
        if cluster.admin("GET", &served, None).unwrap().0 == 200 {
            ready = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(ready, "the CRD is served\n{}", cluster.apiserver_log_tail());
    // Creating right after the group is served may race the CRD's establishment: retry briefly.
    let mut outcome = None;
    for _ in 0..50 {
        match kube
            .apply_cluster_resource(
                QUAY_INTEGRATION_GROUP,
                QUAY_INTEGRATION_VERSION,
                QUAY_INTEGRATION_PLURAL,
                &spec.to_object(),
            )
            .await
        {
            Ok(done) => {
                outcome = Some(done);
                break;
            }
            Err(cluster::Error::NotFound { .. }) => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) => panic!("{e}"),
        }
    }
    let (applied, object) = outcome.expect("the QuayIntegration is applied");
    assert_eq!(applied, Applied::Created);
    assert_eq!(object["spec"], spec.to_object()["spec"], "nothing pruned");
    assert_eq!(object["spec"]["credentialsSecret"]["key"], "token");
    // The YAML to copy is the same object.
    let from_yaml: Value = serde_yaml_ng::from_str(&spec.to_yaml()).unwrap();
    assert_eq!(from_yaml, spec.to_object());
    spec.insecure_registry = false;
    let (applied, object) = kube
        .apply_cluster_resource(
            QUAY_INTEGRATION_GROUP,
            QUAY_INTEGRATION_VERSION,
            QUAY_INTEGRATION_PLURAL,
            &spec.to_object(),
        )
        .await
        .unwrap();
    assert_eq!(applied, Applied::Updated);
    assert!(object["spec"].get("insecureRegistry").is_none(), "{object}");
    assert_eq!(
        object["spec"]["allowlistNamespaces"],
        json!(["team-a", "team-b", "default"])
    );
    // Seed 003's older spelling is not in the CRD: the API server drops it.
    let mut old = spec.to_object();
    old["metadata"]["name"] = json!("old-spelling");
    old["spec"]["whitelistNamespaces"] = json!(["team-a"]);
    old["spec"]["credentialsSecretName"] = json!("openshift-operators/quay-integration");
    let (_, stored_old) = kube
        .apply_cluster_resource(
            QUAY_INTEGRATION_GROUP,
            QUAY_INTEGRATION_VERSION,
            QUAY_INTEGRATION_PLURAL,
            &old,
        )
        .await
        .unwrap();
    assert!(
        stored_old["spec"].get("whitelistNamespaces").is_none(),
        "{stored_old}"
    );
    assert!(stored_old["spec"].get("credentialsSecretName").is_none());
    // A namespaced object is refused before anything is sent.
    let mut namespaced = spec.to_object();
    namespaced["metadata"]["namespace"] = json!("team-a");
    assert!(matches!(
        kube.apply_cluster_resource(
            QUAY_INTEGRATION_GROUP,
            QUAY_INTEGRATION_VERSION,
            QUAY_INTEGRATION_PLURAL,
            &namespaced
        )
        .await,
        Err(cluster::Error::InvalidInput(_))
    ));

    // The sync check over the cluster's namespaces: nothing made yet.
    let namespaces: Vec<String> = kube
        .list_projects()
        .await
        .unwrap()
        .projects
        .into_iter()
        .map(|p| p.name)
        .collect();
    let checker = quay_client(&quay, read.expose());
    let report = checker.bridge_sync_check(&spec, &namespaces).await;
    let synced: Vec<&str> = report
        .namespaces
        .iter()
        .map(|n| n.namespace.as_str())
        .collect();
    assert_eq!(synced, ["default", "team-a", "team-b"]);
    assert!(
        report.not_synced.iter().any(|n| n == "skipped"),
        "{report:?}"
    );
    assert!(
        report.not_synced.iter().any(|n| n == "kube-system"),
        "{report:?}"
    );
    assert!(!report.in_sync);
    for namespace in &report.namespaces {
        assert!(namespace.error.is_none(), "{namespace:?}");
        assert!(!namespace.organization_exists);
        assert_eq!(namespace.missing.len(), 4, "{namespace:?}");
        assert_eq!(
            namespace.missing[0],
            format!("openshift_{}", namespace.namespace)
        );
    }

    // Made as the operator would, part of it: team-a's organization and its builder robot.
    make_org(&quay, "openshift_team-a");
    make_robot(&quay, "openshift_team-a", "builder");
    let report = checker.bridge_sync_check(&spec, &namespaces).await;
    let team_a = &report.namespaces[1];
    assert!(team_a.organization_exists);
    assert_eq!(
        team_a.missing,
        ["openshift_team-a+default", "openshift_team-a+deployer"]
    );
    assert!(!report.in_sync);

    // All of it: every organization and every robot present.
    for namespace in ["default", "team-a", "team-b"] {
        let org = format!("openshift_{namespace}");
        if namespace != "team-a" {
            make_org(&quay, &org);
        }
        for sa in MANAGED_SERVICE_ACCOUNTS {
            if namespace == "team-a" && sa == "builder" {
                continue;
            }
            make_robot(&quay, &org, sa);
        }
    }
    let report = checker.bridge_sync_check(&spec, &namespaces).await;
    assert!(report.in_sync, "{report:#?}");
    assert!(
        report
            .namespaces
            .iter()
            .all(|n| n.robots.iter().all(|r| r.exists) && n.missing.is_empty())
    );

    // A token that may not read the organizations' robots: said per namespace, not as missing.
    let reader = admin
        .create_application_token(
            "cluster-admin",
            &app.client_id,
            "reader",
            &[quay::OAuthScope::RepoRead],
            None,
        )
        .await
        .unwrap();
    let report = quay_client(&quay, reader.token.expose())
        .bridge_sync_check(&spec, &namespaces)
        .await;
    assert!(!report.in_sync);
    assert!(
        report
            .namespaces
            .iter()
            .all(|n| n.error.is_some() && n.missing.is_empty()),
        "{report:#?}"
    );
}
