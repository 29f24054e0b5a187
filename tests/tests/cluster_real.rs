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
