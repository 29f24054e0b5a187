//! The `cluster` crate against a real Kubernetes control plane (`harness::kube`): etcd,
//! kube-apiserver and kube-controller-manager, RBAC on, tokens for an admin and for users
//! with rights in one namespace only. Each test is a finding of the simulator's agreeing with
//! our assumptions where the real server does not.

use cluster::{ClusterClient, ProjectSource, RoleKind, Subject};
use connections::TlsMode;
use harness::kube::{KubeCluster, KubeUser};
use vault::Secret;

/// A cluster with `alice`, admin of namespace `team-a` only.
fn cluster_with_a_namespace_admin() -> KubeCluster {
    let cluster = KubeCluster::start(&[KubeUser::new("alice", &["developers"])])
        .expect("the control plane starts");
    cluster.create_namespace("team-a").unwrap();
    cluster.create_namespace("team-b").unwrap();
    cluster
        .bind_in_namespace("team-a", "admin", "alice")
        .unwrap();
    cluster
}

fn client(cluster: &KubeCluster, user: &str) -> ClusterClient {
    let tls = TlsMode::CaBundle {
        path: cluster.ca_path().display().to_string(),
    };
    ClusterClient::new(cluster.url(), &tls, Secret::new(cluster.token(user))).unwrap()
}

#[tokio::test]
async fn the_admin_lists_namespaces_where_the_cluster_has_no_projects_api() {
    let cluster = cluster_with_a_namespace_admin();
    let projects = client(&cluster, "admin").list_projects().await.unwrap();
    assert_eq!(projects.source, ProjectSource::Namespaces);
    let names: Vec<_> = projects.projects.iter().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"team-a") && names.contains(&"team-b"),
        "{names:?}"
    );
}

/// Finding 1: on a cluster without OpenShift's projects API, a user who is not a cluster admin
/// gets 403 (RBAC runs before routing), not 404, for `projects.project.openshift.io`. The
/// Access page must not show that refusal for an API the cluster does not have: it falls back
/// to namespaces and, where listing them is refused too, says so for the user to type a name.
#[tokio::test]
async fn a_namespace_admin_is_not_refused_an_api_the_cluster_does_not_have() {
    let cluster = cluster_with_a_namespace_admin();
    let alice = client(&cluster, "alice");
    let projects = alice
        .list_projects()
        .await
        .expect("no 403 for the projects API this cluster lacks");
    assert_eq!(projects.source, ProjectSource::Namespaces);
    assert!(projects.listing_refused, "{projects:?}");
    assert!(projects.projects.is_empty(), "{projects:?}");
    // Her own namespace still works on every tab.
    let bindings = alice.list_role_bindings("team-a").await.unwrap();
    assert!(
        bindings.iter().any(|b| b.subject.name == "alice"),
        "{bindings:?}"
    );
    // Each row says when its binding was made, as the API server stamped it (RFC 3339, UTC).
    assert!(
        bindings.iter().all(|b| b
            .created
            .as_deref()
            .is_some_and(|c| c.len() == 20 && c.ends_with('Z') && c.starts_with("20"))),
        "{bindings:?}"
    );
}

/// Finding 4: who am I on a cluster with neither OpenShift's user API nor `SelfSubjectReview`
/// (before 1.26/1.28): signed in, the name unknown, said plainly, for the admin too.
#[tokio::test]
async fn who_am_i_on_a_cluster_without_either_identity_api_is_signed_in_with_no_name() {
    let cluster = cluster_with_a_namespace_admin();
    for user in ["admin", "alice"] {
        let who = client(&cluster, user)
            .whoami()
            .await
            .unwrap_or_else(|e| panic!("{user}: {e}"));
        assert_eq!(who.name, None, "{user}: {who:?}");
    }
}

/// Finding 2: a namespace admin may not read ClusterRoles (403 on `clusterroles/admin`):
/// effective access degrades to what could be read and names what could not.
#[tokio::test]
async fn effective_access_for_a_namespace_admin_says_which_roles_it_could_not_read() {
    let cluster = cluster_with_a_namespace_admin();
    cluster
        .bind_in_namespace("team-a", "system:image-puller", "bob")
        .unwrap();
    let access = client(&cluster, "alice")
        .effective_access("team-a")
        .await
        .expect("a partial answer, not an error");
    assert!(!access.cluster_bindings_included);
    assert!(
        access
            .unreadable_roles
            .contains(&"ClusterRole/system:image-puller".to_owned()),
        "{access:?}"
    );
    // The admin reads everything: bob pulls through his binding.
    let full = client(&cluster, "admin")
        .effective_access("team-a")
        .await
        .unwrap();
    assert!(full.unreadable_roles.is_empty(), "{full:?}");
    assert!(
        full.pull.iter().any(|g| g.subject.name == "bob"),
        "{full:?}"
    );
}

/// Finding 3: an aggregated ClusterRole whose selectors match nothing has `"rules": null` on
/// the real server; effective access must read it as no rules.
#[tokio::test]
async fn an_aggregated_role_with_null_rules_grants_nothing_and_breaks_nothing() {
    let cluster = cluster_with_a_namespace_admin();
    cluster
        .create(
            "/apis/rbac.authorization.k8s.io/v1/clusterroles",
            serde_json::json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "empty-aggregate"},
                "aggregationRule": {"clusterRoleSelectors": [
                    {"matchLabels": {"example.com/aggregate-to-nothing": "true"}}]},
            }),
        )
        .unwrap();
    let (_, role) = cluster
        .admin(
            "GET",
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/empty-aggregate",
            None,
        )
        .unwrap();
    assert!(role["rules"].is_null(), "the real server's answer: {role}");
    cluster
        .bind_in_namespace("team-a", "empty-aggregate", "carol")
        .unwrap();
    let access = client(&cluster, "admin")
        .effective_access("team-a")
        .await
        .expect("rules: null is no rules");
    assert!(
        access.pull.iter().all(|g| g.subject.name != "carol"),
        "{access:?}"
    );
}

/// Two app instances grant the same role to two users at once, then revoke both at once: the
/// real server's 409s are retried on fresh data and nothing is overwritten.
#[tokio::test]
async fn concurrent_grants_and_revokes_from_two_instances_lose_nothing() {
    let cluster = cluster_with_a_namespace_admin();
    let (one, two) = (client(&cluster, "admin"), client(&cluster, "admin"));
    let (bob, carol) = (Subject::user("bob"), Subject::user("carol"));
    let (a, b) = tokio::join!(
        one.grant_role("team-a", RoleKind::ClusterRole, "registry-viewer", &bob),
        two.grant_role("team-a", RoleKind::ClusterRole, "registry-viewer", &carol),
    );
    a.unwrap();
    b.unwrap();
    let holders = |rows: &[cluster::RoleBindingRow]| {
        let mut names: Vec<String> = rows
            .iter()
            .filter(|r| r.role == "registry-viewer")
            .map(|r| r.subject.name.clone())
            .collect();
        names.sort();
        names
    };
    let rows = one.list_role_bindings("team-a").await.unwrap();
    assert_eq!(holders(&rows), ["bob", "carol"], "{rows:?}");
    let (a, b) = tokio::join!(
        one.revoke_role("team-a", RoleKind::ClusterRole, "registry-viewer", &bob),
        two.revoke_role("team-a", RoleKind::ClusterRole, "registry-viewer", &carol),
    );
    a.unwrap();
    b.unwrap();
    let rows = one.list_role_bindings("team-a").await.unwrap();
    assert!(holders(&rows).is_empty(), "{rows:?}");
}

/// A namespace admin granting a role with rules she does not hold: the real server's
/// escalation refusal, said in words with the missing rules listed compactly.
#[tokio::test]
async fn an_escalating_grant_is_refused_in_words_with_the_missing_rules() {
    let cluster = cluster_with_a_namespace_admin();
    let error = client(&cluster, "alice")
        .grant_role(
            "team-a",
            RoleKind::ClusterRole,
            "registry-editor",
            &Subject::user("bob"),
        )
        .await
        .unwrap_err();
    let shown = ipc::CommandError::from(error);
    assert_eq!(shown.code, ipc::ErrorCode::AccessDenied);
    assert!(
        shown.message.starts_with(
            "You may not grant registry-editor: it allows what you do not hold yourself:"
        ),
        "{}",
        shown.message
    );
    assert!(
        shown
            .message
            .contains("; get, update: imagestreams/layers (core and image.openshift.io);")
            && shown.message.contains(
                "get, list, watch, create, update, patch, delete, deletecollection: imagestreamimages"
            ),
        "{}",
        shown.message
    );
    // The apiserver's own words stay beneath, in the detail.
    assert!(
        shown.detail.as_deref().is_some_and(
            |d| d.contains("is attempting to grant RBAC permissions not currently held")
        ),
        "{shown:?}"
    );
}

/// OpenShift's API groups served beside the real server by an aggregated API server: the
/// project list is per user (decided by the real RBAC), `users/~` names the caller, and image
/// streams are listed where the real RBAC lets the caller.
#[tokio::test]
async fn openshift_groups_beside_the_real_server_answer_per_user_as_openshift_does() {
    let cluster = KubeCluster::start_openshift(&[
        KubeUser::new("alice", &["developers"]),
        KubeUser::new("bob", &[]),
    ])
    .expect("the control plane and the OpenShift APIs start");
    for ns in ["team-a", "team-b", "team-c"] {
        cluster.create_namespace(ns).unwrap();
    }
    cluster
        .bind_in_namespace("team-a", "admin", "alice")
        .unwrap();
    cluster
        .bind_in_namespace("team-b", "registry-viewer", "bob")
        .unwrap();
    let apis = cluster.openshift().unwrap();
    apis.add_image_stream(
        "team-b",
        "app",
        &[("1.0", "sha256:aaaa"), ("latest", "sha256:bbbb")],
    );

    let alice = client(&cluster, "alice");
    let who = alice.whoami().await.unwrap();
    assert_eq!(who.name.as_deref(), Some("alice"));
    assert_eq!(who.groups, ["developers"]);
    let projects = alice.list_projects().await.unwrap();
    assert_eq!(projects.source, ProjectSource::Projects);
    let names: Vec<_> = projects.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["team-a"]);

    let bob = client(&cluster, "bob");
    let names: Vec<String> = bob
        .list_projects()
        .await
        .unwrap()
        .projects
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["team-b"]);
    let streams = bob.list_image_streams("team-b").await.unwrap();
    assert_eq!(streams.len(), 1);
    assert_eq!(
        streams[0].tags[0].internal_pull_spec.as_deref(),
        Some("image-registry.openshift-image-registry.svc:5000/team-b/app:1.0")
    );
    // The real RBAC refuses alice the streams of a project she has no role in.
    let refused = alice.list_image_streams("team-b").await.unwrap_err();
    assert!(refused.is_forbidden(), "{refused}");
    // And the admin sees every project.
    let all = client(&cluster, "admin").list_projects().await.unwrap();
    assert!(all.projects.len() >= 3, "{all:?}");
}

/// OpenShift's OAuth tokens through the API server's token webhook: a token issued while the
/// cluster runs works at once, and one that ends is refused (401) on the next call.
#[tokio::test]
async fn an_oauth_token_issued_at_run_time_works_and_is_refused_once_it_ends() {
    let cluster = KubeCluster::start_openshift(&[]).expect("the control plane starts");
    cluster.add_project("team-a", Some("alice")).unwrap();
    let apis = cluster.openshift().unwrap();
    let token = "sha256~webhook-token-0123456789abcdef";
    apis.add_token(token, "alice", &["developers"]);
    let tls = TlsMode::CaBundle {
        path: cluster.ca_path().display().to_string(),
    };
    let alice = ClusterClient::new(cluster.url(), &tls, Secret::new(token)).unwrap();
    assert_eq!(alice.whoami().await.unwrap().name.as_deref(), Some("alice"));
    let rows = alice.list_role_bindings("team-a").await.unwrap();
    assert!(rows.iter().any(|r| r.role == "admin"), "{rows:?}");
    apis.expire_token(token);
    cluster.wait_until_refused(token).unwrap();
    let refused = alice.list_role_bindings("team-a").await.unwrap_err();
    assert!(refused.is_sign_in_required(), "{refused}");
}

/// Pull secrets on the real server, linked for pull as `oc secrets link` does (service
/// accounts and tokens: `cluster_accounts`).
#[tokio::test]
async fn pull_secrets_are_created_and_linked_on_the_real_server() {
    let cluster =
        KubeCluster::start_openshift(&[KubeUser::new("alice", &[]), KubeUser::new("bob", &[])])
            .expect("the control plane starts");
    cluster.add_project("p", Some("alice")).unwrap();
    cluster.bind_in_namespace("p", "view", "bob").unwrap();
    let alice = client(&cluster, "alice");
    let bob = client(&cluster, "bob");
    // The controller manager makes `default` a moment after the namespace.
    for _ in 0..100 {
        if cluster
            .object("", "serviceaccounts", "p", "default")
            .unwrap()
            .is_some()
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // A pull secret, linked for pull as `oc secrets link` does; linking again changes nothing.
    let entries = [cluster::PullSecretEntry {
        registry: "registry.example:5000".into(),
        username: "openshift".into(),
        password: Secret::new("sha256~token"),
        email: None,
    }];
    alice
        .create_pull_secret("p", "my-registry", &entries)
        .await
        .unwrap();
    let stored = cluster
        .object("", "secrets", "p", "my-registry")
        .unwrap()
        .expect("stored");
    assert_eq!(stored["type"], "kubernetes.io/dockerconfigjson");
    let pull_only = cluster::LinkFor {
        pull: true,
        mount: false,
    };
    let sa = alice
        .link_secret("p", "default", "my-registry", pull_only)
        .await
        .unwrap();
    assert_eq!(sa.image_pull_secrets, ["my-registry"]);
    let version = |c: &KubeCluster| {
        c.object("", "serviceaccounts", "p", "default")
            .unwrap()
            .unwrap()["metadata"]["resourceVersion"]
            .clone()
    };
    let before = version(&cluster);
    alice
        .link_secret("p", "default", "my-registry", pull_only)
        .await
        .unwrap();
    assert_eq!(version(&cluster), before, "linking again wrote nothing");
    assert!(
        alice
            .link_secret("p", "default", "ghost", pull_only)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        alice
            .create_pull_secret("p", "my-registry", &entries)
            .await
            .unwrap_err()
            .to_string(),
        "secrets \"my-registry\" already exists"
    );
    assert!(
        bob.create_pull_secret("p", "bobs", &entries)
            .await
            .unwrap_err()
            .to_string()
            .contains("User \"bob\" cannot create resource \"secrets\"")
    );
}
