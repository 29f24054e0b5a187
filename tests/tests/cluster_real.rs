//! The `cluster` crate against a real Kubernetes control plane (`harness::kube`): etcd,
//! kube-apiserver and kube-controller-manager, RBAC on, tokens for an admin and for users
//! with rights in one namespace only. Each test is a finding of the simulator's agreeing with
//! our assumptions where the real server does not.

use cluster::{ClusterClient, ProjectSource};
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
