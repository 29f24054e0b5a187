//! Service accounts, tokens and pull secrets: create and list service accounts, TokenRequest
//! with a lifetime, the long-lived token secret filled by the token controller and minted
//! tokens authenticating as the service account, on a real Kubernetes control plane with
//! OpenShift's APIs beside it (`harness::kube`); `kubernetes.io/dockerconfigjson` pull secrets
//! and `oc secrets link` beside OpenShift's own dockercfg secrets, with a concurrent change
//! injected, on the simulator (no OpenShift controller runs here).

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cluster::{ClusterClient, ClusterOptions, Error, LinkFor, PullSecretEntry, RoleKind, Subject};
use harness::kube::{KubeCluster, KubeUser};
use harness::kube_sim::{KubeSim, SimConfig, role_binding, user_subject};
use serde_json::{Value, json};
use vault::Secret;

fn options() -> ClusterOptions {
    ClusterOptions {
        read_retry_backoff: vec![Duration::from_millis(10)],
        token_wait: Duration::from_secs(10),
        token_poll: Duration::from_millis(50),
        ..ClusterOptions::default()
    }
}

/// alice requested p and q (with an image stream each); bob may view p.
fn real() -> KubeCluster {
    let kube = KubeCluster::start_openshift(&[
        KubeUser {
            name: "alice".into(),
            token: "alice-token".into(),
            groups: Vec::new(),
        },
        KubeUser {
            name: "bob".into(),
            token: "bob-token".into(),
            groups: Vec::new(),
        },
    ])
    .expect("the control plane starts");
    kube.add_project("p", Some("alice")).unwrap();
    kube.add_project("q", Some("alice")).unwrap();
    kube.bind_in_namespace("p", "view", "bob").unwrap();
    let apis = kube.openshift().unwrap();
    apis.add_image_stream("p", "app", &[("latest", "sha256:aaaa")]);
    apis.add_image_stream("q", "other", &[("latest", "sha256:bbbb")]);
    kube
}

fn real_client(kube: &KubeCluster, token: &str) -> ClusterClient {
    let tls = connections::TlsMode::CaBundle {
        path: kube.ca_path().display().to_string(),
    };
    ClusterClient::with_options(kube.url(), &tls, Secret::new(token), options()).expect("client")
}

/// Object `name` of core `plural` in p.
fn in_p(kube: &KubeCluster, plural: &str, name: &str) -> Option<Value> {
    kube.object("", plural, "p", name).unwrap()
}

fn client(sim: &KubeSim, token: &str) -> ClusterClient {
    ClusterClient::with_options(
        sim.url(),
        &connections::TlsMode::System,
        Secret::new(token),
        ClusterOptions {
            read_retry_backoff: vec![Duration::from_millis(10)],
            token_wait: Duration::from_secs(2),
            token_poll: Duration::from_millis(20),
            ..ClusterOptions::default()
        },
    )
    .expect("client")
}

fn cluster() -> KubeSim {
    let sim = KubeSim::start(SimConfig::default()).expect("simulator");
    sim.add_user("alice-token", "alice", &[]);
    sim.add_user("bob-token", "bob", &[]);
    sim.add_project("p", Some("alice"));
    sim.add_project("q", Some("alice"));
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding("view", "view", vec![user_subject("bob")]),
    );
    sim.add_image_stream("p", "app", &[("latest", "sha256:aaaa")]);
    sim.add_image_stream("q", "other", &[("latest", "sha256:bbbb")]);
    sim
}

fn entry(registry: &str, user: &str, password: &str) -> PullSecretEntry {
    PullSecretEntry {
        registry: registry.into(),
        username: user.into(),
        password: Secret::new(password),
        email: None,
    }
}

#[tokio::test]
async fn service_accounts_are_listed_and_created() {
    let kube = real();
    let alice = real_client(&kube, "alice-token");
    // The controller manager makes `default` a moment after the namespace.
    let mut names = Vec::new();
    for _ in 0..100 {
        names = alice
            .list_service_accounts("p")
            .await
            .unwrap()
            .into_iter()
            .map(|sa| sa.name)
            .collect::<Vec<_>>();
        if names.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(names, vec!["builder", "default", "deployer"]);

    let robot = alice.create_service_account("p", "robot").await.unwrap();
    assert_eq!(robot.user_name, "system:serviceaccount:p:robot");
    assert!(in_p(&kube, "serviceaccounts", "robot").is_some());
    let listed = alice.list_service_accounts("p").await.unwrap();
    let listed_robot = listed.iter().find(|sa| sa.name == "robot").unwrap();
    assert!(listed_robot.created.is_some());

    let err = alice
        .create_service_account("p", "robot")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyExists { .. }), "{err}");
    assert_eq!(err.to_string(), "serviceaccounts \"robot\" already exists");

    // A name Kubernetes would refuse is refused before anything is sent.
    let err = alice
        .create_service_account("p", "Robot_1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err}");

    let err = real_client(&kube, "bob-token")
        .create_service_account("p", "mine")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "serviceaccounts is forbidden: User \"bob\" cannot create resource \"serviceaccounts\" in API group \"\" in the namespace \"p\""
    );
}

#[tokio::test]
async fn a_token_request_mints_a_token_that_works_as_the_service_account() {
    let kube = real();
    let alice = real_client(&kube, "alice-token");
    alice.create_service_account("p", "robot").await.unwrap();
    alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::service_account("p", "robot"),
        )
        .await
        .unwrap();

    let minted = alice
        .request_token("p", "robot", Duration::from_secs(7200))
        .await
        .unwrap();
    assert_eq!(format!("{:?}", minted.token), "<redacted>");
    let expected = harness::kube_sim::rfc3339(SystemTime::now() + Duration::from_secs(7200));
    // Same minute (the clock may tick between the two).
    assert_eq!(&minted.expires_at[..16], &expected[..16]);

    // The token authenticates as the service account...
    let robot = real_client(&kube, minted.token.expose());
    let me = robot.whoami().await.unwrap();
    assert_eq!(me.name.as_deref(), Some("system:serviceaccount:p:robot"));
    assert_eq!(
        me.groups,
        vec!["system:serviceaccounts", "system:serviceaccounts:p"]
    );
    // ...with exactly the service account's rights: registry-viewer in p.
    let streams = robot.list_image_streams("p").await.unwrap();
    assert_eq!(streams[0].name, "app");
    let (pull, _) = robot
        .can_i("p", "get", "image.openshift.io", "imagestreams/layers")
        .await
        .unwrap();
    let (push, _) = robot
        .can_i("p", "update", "image.openshift.io", "imagestreams/layers")
        .await
        .unwrap();
    assert!(pull && !push);
    let err = robot.list_role_bindings("p").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "rolebindings.rbac.authorization.k8s.io is forbidden: User \"system:serviceaccount:p:robot\" cannot list resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \"p\""
    );
    let err = robot.list_image_streams("q").await.unwrap_err();
    assert!(err.is_forbidden(), "{err}");

    // Lifetimes the cluster would refuse are refused here first.
    let err = alice
        .request_token("p", "robot", Duration::from_secs(599))
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "a token must live at least 10 minutes");
    // A service account that does not exist.
    let err = alice
        .request_token("p", "ghost", Duration::from_secs(600))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    // view may not mint tokens.
    let err = real_client(&kube, "bob-token")
        .request_token("p", "robot", Duration::from_secs(600))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "serviceaccounts \"robot\" is forbidden: User \"bob\" cannot create resource \"serviceaccounts/token\" in API group \"\" in the namespace \"p\""
    );
}

#[tokio::test]
async fn a_long_lived_token_secret_is_filled_by_the_cluster_and_read_back() {
    let kube = real();
    let alice = real_client(&kube, "alice-token");
    alice.create_service_account("p", "pusher").await.unwrap();
    alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-editor",
            &Subject::service_account("p", "pusher"),
        )
        .await
        .unwrap();
    let long = alice.create_long_lived_token("p", "pusher").await.unwrap();
    assert!(
        long.secret_name.starts_with("pusher-token-"),
        "{}",
        long.secret_name
    );
    let stored = in_p(&kube, "secrets", &long.secret_name).unwrap();
    assert_eq!(stored["type"], "kubernetes.io/service-account-token");
    assert_eq!(
        stored["metadata"]["annotations"]["kubernetes.io/service-account.name"],
        "pusher"
    );
    assert_eq!(
        stored["metadata"]["annotations"]["kubernetes.io/service-account.uid"],
        in_p(&kube, "serviceaccounts", "pusher").unwrap()["metadata"]["uid"]
    );
    // The token we read is the one the controller stored, and it pushes.
    let stored_token = String::from_utf8(
        STANDARD
            .decode(stored["data"]["token"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(long.token.expose(), stored_token);
    let pusher = real_client(&kube, long.token.expose());
    assert_eq!(
        pusher.whoami().await.unwrap().name.as_deref(),
        Some("system:serviceaccount:p:pusher")
    );
    assert!(
        pusher
            .can_i("p", "update", "image.openshift.io", "imagestreams/layers")
            .await
            .unwrap()
            .0
    );
    // Reading it again gives the same token.
    let again = alice
        .read_token_secret("p", &long.secret_name)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.expose(), long.token.expose());
    // No such service account: said before a secret is made.
    let err = alice
        .create_long_lived_token("p", "ghost")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not found (HTTP 404) at GET /api/v1/namespaces/p/serviceaccounts/ghost: serviceaccounts \"ghost\" not found"
    );
    let (_, secrets) = kube
        .admin("GET", "/api/v1/namespaces/p/secrets", None)
        .unwrap();
    assert!(!secrets["items"].as_array().unwrap().iter().any(|s| {
        s["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .starts_with("ghost")
    }));
}

#[tokio::test]
async fn a_pull_secret_is_created_and_linked_for_pull_and_mount_like_oc_secrets_link() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    // Delegated auth: one entry for the auth server and one for the registry.
    let entries = [
        entry("auth.registry.example", "robot", "auth-pass"),
        entry("registry.example:5000", "openshift", "sha256~token"),
    ];
    alice
        .create_pull_secret("p", "my-registry", &entries)
        .await
        .unwrap();
    let stored = sim.object("secrets", "p", "my-registry").unwrap();
    assert_eq!(stored["type"], "kubernetes.io/dockerconfigjson");
    let config: Value = serde_json::from_slice(
        &STANDARD
            .decode(stored["data"][".dockerconfigjson"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        config,
        json!({"auths": {
            "auth.registry.example": {"username": "robot", "password": "auth-pass", "auth": STANDARD.encode("robot:auth-pass")},
            "registry.example:5000": {"username": "openshift", "password": "sha256~token", "auth": STANDARD.encode("openshift:sha256~token")},
        }})
    );
    // The YAML to copy holds the same bytes.
    let yaml = cluster::pull_secret_yaml("p", "my-registry", &entries).unwrap();
    assert!(
        yaml.expose().contains(&format!(
            ".dockerconfigjson: {}",
            stored["data"][".dockerconfigjson"].as_str().unwrap()
        )),
        "{}",
        yaml.expose()
    );

    // OpenShift gave each service account its dockercfg secret for the internal registry.
    let provisioned = |sa: &str| {
        sim.object("serviceaccounts", "p", sa).unwrap()["imagePullSecrets"][0]["name"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let default_cfg = provisioned("default");
    let builder_cfg = provisioned("builder");
    assert!(
        default_cfg.starts_with("default-dockercfg-"),
        "{default_cfg}"
    );
    // `oc secrets link default my-registry --for=pull`
    let sa = alice
        .link_secret(
            "p",
            "default",
            "my-registry",
            LinkFor {
                pull: true,
                mount: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sa.image_pull_secrets,
        vec![default_cfg.clone(), "my-registry".into()]
    );
    assert_eq!(sa.secrets, vec![default_cfg.clone()]);
    // `oc secrets link builder my-registry` (mount)
    let sa = alice
        .link_secret(
            "p",
            "builder",
            "my-registry",
            LinkFor {
                pull: false,
                mount: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(sa.secrets, vec![builder_cfg.clone(), "my-registry".into()]);
    assert_eq!(sa.image_pull_secrets, vec![builder_cfg.clone()]);
    assert_eq!(
        sim.object("serviceaccounts", "p", "builder").unwrap()["secrets"],
        json!([{"name": builder_cfg}, {"name": "my-registry"}])
    );
    // Linking again changes nothing (no write).
    let puts = |sim: &KubeSim| {
        sim.requests()
            .iter()
            .filter(|r| r.starts_with("PUT "))
            .count()
    };
    let before = puts(&sim);
    alice
        .link_secret(
            "p",
            "default",
            "my-registry",
            LinkFor {
                pull: true,
                mount: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(puts(&sim), before);

    // A concurrent change to the service account is kept.
    alice
        .create_pull_secret(
            "p",
            "second",
            &[entry("quay.io/org/repo", "org+robot", "x")],
        )
        .await
        .unwrap();
    sim.before_next_write("serviceaccounts", "p", "default", |sa| {
        sa["imagePullSecrets"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "someone-elses"}));
    });
    let sa = alice
        .link_secret(
            "p",
            "default",
            "second",
            LinkFor {
                pull: true,
                mount: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        sa.image_pull_secrets,
        vec![
            default_cfg.clone(),
            "my-registry".into(),
            "someone-elses".into(),
            "second".into()
        ]
    );
    assert_eq!(sa.secrets, vec![default_cfg, "second".into()]);

    // A secret that does not exist is not linked.
    let err = alice
        .link_secret(
            "p",
            "default",
            "ghost",
            LinkFor {
                pull: true,
                mount: false,
            },
        )
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
    // Same name twice is a clear AlreadyExists.
    let err = alice
        .create_pull_secret("p", "my-registry", &entries)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "secrets \"my-registry\" already exists");
    // view cannot create secrets.
    let err = client(&sim, "bob-token")
        .create_pull_secret("p", "bobs", &entries)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("User \"bob\" cannot create resource \"secrets\""),
        "{err}"
    );
}
