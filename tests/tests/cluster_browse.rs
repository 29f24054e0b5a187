//! Reading a cluster: projects (only those the user may see), the namespaces fallback when the
//! projects API is absent, image streams with their pull specs and 401s on a real Kubernetes
//! control plane with OpenShift's APIs beside it (`harness::kube`); the failures no real
//! server gives on demand (500, 429, an endless body, a dropped connection, a reply too slow)
//! on the simulator, which also answers discovery as the real server does.

use std::time::Duration;

use cluster::{ClusterClient, ClusterOptions, Error, ProjectSource, RoleKind, Subject};
use harness::kube::{KubeCluster, KubeUser};
use harness::kube_sim::{Fault, INTERNAL_REGISTRY, KubeSim, SimConfig, role_binding, user_subject};
use harness::openshift_apis::PUBLIC_REGISTRY;
use vault::Secret;

fn options() -> ClusterOptions {
    ClusterOptions {
        read_retry_backoff: vec![Duration::from_millis(10), Duration::from_millis(20)],
        request_timeout: Duration::from_millis(500),
        ..ClusterOptions::default()
    }
}

fn client(sim: &KubeSim, token: &str) -> ClusterClient {
    ClusterClient::with_options(
        sim.url(),
        &connections::TlsMode::System,
        Secret::new(token),
        options(),
    )
    .expect("client")
}

fn cluster(config: SimConfig) -> KubeSim {
    let sim = KubeSim::start(config).expect("simulator");
    sim.add_user("alice-token", "alice", &[]);
    sim.add_user("bob-token", "bob", &[]);
    sim.add_user("carol-token", "carol", &[]);
    sim.add_user("root-token", "root", &["system:cluster-admins"]);
    sim.add_project("p", Some("alice"));
    sim.add_project("q", Some("alice"));
    sim.add_project("z", None);
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding("view", "view", vec![user_subject("bob")]),
    );
    sim
}

/// The same cluster on the real control plane (with OpenShift's APIs when `openshift`): alice
/// requested p and q, bob may view p, carol nothing, root is a cluster admin, z has no
/// requester.
fn real(openshift: bool) -> KubeCluster {
    let users: Vec<KubeUser> = [
        ("alice", &[][..]),
        ("bob", &[]),
        ("carol", &[]),
        ("root", &["system:masters"][..]),
    ]
    .iter()
    .map(|(name, groups)| KubeUser {
        name: (*name).into(),
        token: format!("{name}-token"),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    })
    .collect();
    let kube = if openshift {
        KubeCluster::start_openshift(&users)
    } else {
        KubeCluster::start(&users)
    }
    .expect("the control plane starts");
    kube.add_project("p", Some("alice")).unwrap();
    kube.add_project("q", Some("alice")).unwrap();
    kube.add_project("z", None).unwrap();
    kube.create(
        "/apis/rbac.authorization.k8s.io/v1/namespaces/p/rolebindings",
        serde_json::json!({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"name": "view"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "bob"}],
        }),
    )
    .unwrap();
    kube
}

fn real_client(kube: &KubeCluster, token: &str) -> ClusterClient {
    let tls = connections::TlsMode::CaBundle {
        path: kube.ca_path().display().to_string(),
    };
    // The real API server (with OpenShift's APIs aggregated beside it) can take longer than
    // the simulator's 500 ms on a loaded 2-core machine; its timeout is the product's own.
    let options = ClusterOptions {
        read_retry_backoff: vec![Duration::from_millis(10), Duration::from_millis(20)],
        ..ClusterOptions::default()
    };
    ClusterClient::with_options(kube.url(), &tls, Secret::new(token), options).expect("client")
}

fn names(list: &cluster::ProjectList) -> Vec<&str> {
    list.projects.iter().map(|p| p.name.as_str()).collect()
}

#[tokio::test]
async fn the_projects_api_lists_only_what_the_user_may_see() {
    let sim = real(true);
    let alice = real_client(&sim, "alice-token")
        .list_projects()
        .await
        .unwrap();
    assert_eq!(alice.source, ProjectSource::Projects);
    assert_eq!(names(&alice), vec!["p", "q"]);
    assert_eq!(alice.projects[0].requester.as_deref(), Some("alice"));
    assert_eq!(alice.projects[0].phase.as_deref(), Some("Active"));
    assert_eq!(
        names(
            &real_client(&sim, "bob-token")
                .list_projects()
                .await
                .unwrap()
        ),
        vec!["p"]
    );
    assert!(
        real_client(&sim, "carol-token")
            .list_projects()
            .await
            .unwrap()
            .projects
            .is_empty()
    );
    // The admin sees every project, the cluster's own namespaces too.
    let all = real_client(&sim, "root-token")
        .list_projects()
        .await
        .unwrap();
    assert!(
        ["p", "q", "z", "default", "kube-system"]
            .iter()
            .all(|n| names(&all).contains(n)),
        "{all:?}"
    );
    // A grant makes the project visible to its new member.
    real_client(&sim, "alice-token")
        .grant_role(
            "q",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("carol"),
        )
        .await
        .unwrap();
    assert_eq!(
        names(
            &real_client(&sim, "carol-token")
                .list_projects()
                .await
                .unwrap()
        ),
        vec!["q"]
    );
}

#[tokio::test]
async fn without_the_projects_api_namespaces_are_listed_instead() {
    let sim = real(false);
    let root = real_client(&sim, "root-token");
    let list = root.list_projects().await.unwrap();
    assert_eq!(list.source, ProjectSource::Namespaces);
    assert!(
        ["p", "q", "z"].iter().all(|n| names(&list).contains(n)),
        "{list:?}"
    );
    // Listing namespaces needs a cluster-wide right: without it the list is marked refused,
    // for the user to name a project.
    let refused = real_client(&sim, "bob-token")
        .list_projects()
        .await
        .unwrap();
    assert!(refused.listing_refused && refused.projects.is_empty());
    // No image streams on plain Kubernetes.
    let err = root.list_image_streams("p").await.unwrap_err();
    assert!(err.is_not_found(), "{err}");
    assert!(
        err.to_string()
            .contains("this cluster has no OpenShift image streams"),
        "{err}"
    );
    // Who am I, without users/~ and (before Kubernetes 1.26) without SelfSubjectReview:
    // signed in, the name unknown.
    let me = real_client(&sim, "bob-token").whoami().await.unwrap();
    assert_eq!(me.name, None);
    // Role bindings work the same.
    let outcome = real_client(&sim, "alice-token")
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "view",
            &Subject::service_account("q", "default"),
        )
        .await
        .unwrap();
    assert_eq!(outcome.binding, "view-0");
}

#[tokio::test]
async fn image_streams_carry_internal_and_external_pull_specs() {
    let sim = real(true);
    let apis = sim.openshift().unwrap();
    apis.add_image_stream(
        "p",
        "web",
        &[("latest", "sha256:1111"), ("v2", "sha256:2222")],
    );
    apis.add_image_stream("p", "api", &[]);
    let streams = real_client(&sim, "bob-token")
        .list_image_streams("p")
        .await
        .unwrap();
    assert_eq!(
        streams.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        vec!["api", "web"]
    );
    let web = &streams[1];
    assert_eq!(
        web.internal_repository.as_deref(),
        Some(format!("{INTERNAL_REGISTRY}/p/web").as_str())
    );
    let v2 = &web.tags[1];
    assert_eq!(v2.tag, "v2");
    assert_eq!(v2.image.as_deref(), Some("sha256:2222"));
    assert_eq!(
        v2.internal_pull_spec.as_deref(),
        Some(format!("{INTERNAL_REGISTRY}/p/web:v2").as_str())
    );
    assert_eq!(
        v2.external_pull_spec.as_deref(),
        Some(format!("{PUBLIC_REGISTRY}/p/web:v2").as_str())
    );
    assert!(streams[0].tags.is_empty());
    let err = real_client(&sim, "bob-token")
        .list_image_streams("q")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "imagestreams.image.openshift.io is forbidden: User \"bob\" cannot list resource \"imagestreams\" in API group \"image.openshift.io\" in the namespace \"q\""
    );
}

#[tokio::test]
async fn an_unknown_token_means_sign_in_again() {
    let sim = real(true);
    let err = real_client(&sim, "stale-token")
        .list_projects()
        .await
        .unwrap_err();
    assert!(err.is_sign_in_required(), "{err}");
    assert_eq!(
        err.to_string(),
        "the cluster did not accept the token (HTTP 401): sign in again"
    );
    let err =
        ClusterClient::new(sim.url(), &connections::TlsMode::System, Secret::new(" ")).unwrap_err();
    assert!(err.is_sign_in_required());
    let err =
        ClusterClient::new("ftp://x", &connections::TlsMode::System, Secret::new("t")).unwrap_err();
    assert!(matches!(err, Error::InvalidUrl { .. }), "{err}");
    let err = ClusterClient::new(
        sim.url(),
        &connections::TlsMode::CaBundle {
            path: "/nonexistent/ca.crt".into(),
        },
        Secret::new("t"),
    )
    .unwrap_err();
    assert!(matches!(err, Error::CaBundle { .. }), "{err}");

    // A minted token stops working when its service account is deleted (it is bound to it).
    let alice = real_client(&sim, "alice-token");
    alice.create_service_account("p", "robot").await.unwrap();
    let minted = alice
        .request_token("p", "robot", Duration::from_secs(600))
        .await
        .unwrap();
    let robot = real_client(&sim, minted.token.expose());
    assert_eq!(
        robot.whoami().await.unwrap().name.as_deref(),
        Some("system:serviceaccount:p:robot")
    );
    let (status, _) = sim
        .admin("DELETE", "/api/v1/namespaces/p/serviceaccounts/robot", None)
        .unwrap();
    assert_eq!(status, 200);
    sim.wait_until_refused(minted.token.expose()).unwrap();
    let err = robot.whoami().await.unwrap_err();
    assert!(err.is_sign_in_required(), "{err}");
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_and_reported_for_writes() {
    let sim = cluster(SimConfig::default());
    let alice = client(&sim, "alice-token");
    // One 500: the read is retried and succeeds.
    sim.fail_next("/imagestreams", Fault::InternalError, 1);
    alice.list_image_streams("p").await.unwrap();
    let gets = |sim: &KubeSim| {
        sim.requests()
            .iter()
            .filter(|r| r.as_str() == "GET /apis/image.openshift.io/v1/namespaces/p/imagestreams")
            .count()
    };
    assert_eq!(gets(&sim), 2);
    // 500 every time: reported with the apiserver's message after three attempts.
    sim.fail_next("/imagestreams", Fault::InternalError, 3);
    let err = alice.list_image_streams("p").await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "GET /apis/image.openshift.io/v1/namespaces/p/imagestreams answered HTTP 500: Internal error occurred: etcdserver: request timed out"
    );
    assert_eq!(gets(&sim), 5);
    // A write is not retried blindly: the create fails once, nothing is half-written.
    let posts_before = sim
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST "))
        .count();
    sim.fail_next(
        "POST /apis/rbac.authorization.k8s.io",
        Fault::InternalError,
        1,
    );
    let err = alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("dave"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err}");
    let posts = sim
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST "))
        .count();
    assert_eq!(posts - posts_before, 1, "{:?}", sim.requests());
    assert!(sim.object("rolebindings", "p", "registry-viewer").is_none());
}

#[tokio::test]
async fn a_shed_read_waits_as_retry_after_says_then_succeeds() {
    let sim = cluster(SimConfig::default());
    let alice = client(&sim, "alice-token");
    sim.fail_next("/projects", Fault::TooManyRequests(1), 1);
    let started = std::time::Instant::now();
    assert_eq!(names(&alice.list_projects().await.unwrap()), vec!["p", "q"]);
    // The backoff here is 10 ms; the server's Retry-After (1 s) was honoured instead.
    assert!(started.elapsed() >= Duration::from_millis(900));
    let gets = sim
        .requests()
        .iter()
        .filter(|r| r.as_str() == "GET /apis/project.openshift.io/v1/projects")
        .count();
    assert_eq!(gets, 2, "{:?}", sim.requests());
    // A day-long Retry-After is cut to the client's maximum (5 s by default, 50 ms here).
    let impatient = ClusterClient::with_options(
        sim.url(),
        &connections::TlsMode::System,
        Secret::new("alice-token"),
        ClusterOptions {
            max_retry_after: Duration::from_millis(50),
            ..options()
        },
    )
    .unwrap();
    sim.fail_next("/projects", Fault::TooManyRequests(86_400), 1);
    assert_eq!(
        names(&impatient.list_projects().await.unwrap()),
        vec!["p", "q"]
    );
    // A shed write is not repeated.
    sim.fail_next("/serviceaccounts", Fault::TooManyRequests(1), 1);
    let err = alice
        .create_service_account("p", "robot")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 429, .. }), "{err}");
}

#[tokio::test]
async fn an_endless_reply_is_cut_off_not_buffered() {
    let sim = cluster(SimConfig::default());
    let alice = ClusterClient::with_options(
        sim.url(),
        &connections::TlsMode::System,
        Secret::new("alice-token"),
        ClusterOptions {
            request_timeout: Duration::from_secs(30),
            ..options()
        },
    )
    .unwrap();
    sim.fail_next("/projects", Fault::EndlessBody, 1);
    let err = alice.list_projects().await.unwrap_err();
    assert!(matches!(err, Error::BadResponse { .. }), "{err}");
    assert!(err.to_string().contains("larger than"), "{err}");
}

#[tokio::test]
async fn a_dropped_connection_and_a_slow_reply_are_reported_as_unreachable() {
    let sim = cluster(SimConfig::default());
    let alice = client(&sim, "alice-token");
    // Dropped once: retried.
    sim.fail_next("/projects", Fault::DropConnection, 1);
    assert_eq!(names(&alice.list_projects().await.unwrap()), vec!["p", "q"]);
    // Dropped every time.
    sim.fail_next("/projects", Fault::DropConnection, 3);
    let err = alice.list_projects().await.unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("the connection broke before a reply came")
            || text.contains("the connection closed before the reply ended"),
        "{err}"
    );
    // Slower than the request timeout (500 ms here), every time.
    sim.fail_next("/projects", Fault::Slow(Duration::from_secs(2)), 3);
    let err = alice.list_projects().await.unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    // Slow but in time: fine.
    sim.fail_next("/projects", Fault::Slow(Duration::from_millis(100)), 1);
    alice.list_projects().await.unwrap();
    // A dropped connection on a write is reported, not repeated.
    sim.fail_next("/serviceaccounts", Fault::DropConnection, 1);
    let err = alice
        .create_service_account("p", "robot")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err}");
    assert_eq!(
        sim.requests()
            .iter()
            .filter(|r| r.starts_with("POST /api/v1/namespaces/p/serviceaccounts"))
            .count(),
        1
    );
    assert!(sim.object("serviceaccounts", "p", "robot").is_none());
    // Nothing listens any more.
    let url = sim.url().to_owned();
    drop(sim);
    let gone = ClusterClient::with_options(
        &url,
        &connections::TlsMode::System,
        Secret::new("alice-token"),
        options(),
    )
    .unwrap();
    let err = gone.list_projects().await.unwrap_err();
    assert!(err.to_string().contains("cannot connect"), "{err}");
}

#[tokio::test]
async fn discovery_lists_the_openshift_groups_only_on_openshift() {
    harness::install_crypto_provider();
    let http = reqwest::Client::new();
    for (config, expect_openshift) in [
        (SimConfig::default(), true),
        (SimConfig { openshift: false }, false),
    ] {
        let sim = cluster(config);
        let get = |path: &str| {
            http.get(format!("{}{path}", sim.url()))
                .bearer_auth("bob-token")
                .send()
        };
        let groups: serde_json::Value = get("/apis").await.unwrap().json().await.unwrap();
        assert_eq!(groups["kind"], "APIGroupList");
        let names: Vec<&str> = groups["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"rbac.authorization.k8s.io"));
        assert_eq!(
            names.contains(&"project.openshift.io"),
            expect_openshift,
            "{names:?}"
        );
        let core: serde_json::Value = get("/api/v1").await.unwrap().json().await.unwrap();
        assert!(
            core["resources"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["name"] == "serviceaccounts/token" && r["kind"] == "TokenRequest")
        );
        let image = get("/apis/image.openshift.io/v1").await.unwrap();
        assert_eq!(
            image.status().as_u16(),
            if expect_openshift { 200 } else { 404 }
        );
        // Unknown tokens are refused with the apiserver's Status.
        let refused = http
            .get(format!("{}/api/v1/namespaces", sim.url()))
            .bearer_auth("nobody")
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 401);
        let status: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(
            status,
            serde_json::json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": "Unauthorized", "reason": "Unauthorized", "code": 401})
        );
    }
}
