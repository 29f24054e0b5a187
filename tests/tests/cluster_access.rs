//! Role bindings against a real Kubernetes control plane with OpenShift's API groups beside it
//! (`harness::kube`): grants named and reused the way `oc policy add-role-to-*` does, revokes,
//! the cross-project pull wizard, 403 refusals with the apiserver's message, effective access
//! and the signed-in user's SelfSubjectAccessReviews. The two tests of 409s retried on fresh
//! data inject the concurrent change at the exact moment, which only the simulator can do.

use std::time::Duration;

use cluster::{BindingKind, ClusterClient, ClusterOptions, Error, RoleKind, Subject, SubjectKind};
use harness::kube::{KubeCluster, KubeUser};
use harness::kube_sim::{KubeSim, SimConfig, role_binding, user_subject};
use serde_json::json;
use vault::Secret;

fn options() -> ClusterOptions {
    ClusterOptions {
        read_retry_backoff: vec![Duration::from_millis(10), Duration::from_millis(20)],
        token_wait: Duration::from_secs(2),
        token_poll: Duration::from_millis(20),
        ..ClusterOptions::default()
    }
}

/// The real cluster, with what these tests ask of it in the simulator's words.
struct Real(KubeCluster);

impl Real {
    fn tls(&self) -> connections::TlsMode {
        connections::TlsMode::CaBundle {
            path: self.0.ca_path().display().to_string(),
        }
    }

    /// Creates `object` (`plural` of `group`) in `namespace`, as the admin.
    fn put(&self, group: &str, plural: &str, namespace: &str, mut object: serde_json::Value) {
        let kind = match plural {
            "rolebindings" => "RoleBinding",
            "roles" => "Role",
            other => panic!("no kind for {other}"),
        };
        object["apiVersion"] = json!(format!("{group}/v1"));
        object["kind"] = json!(kind);
        self.0
            .create(
                &format!("/apis/{group}/v1/namespaces/{namespace}/{plural}"),
                object,
            )
            .unwrap();
    }

    /// Object `name` of the RBAC `plural` in `namespace`.
    fn object(&self, plural: &str, namespace: &str, name: &str) -> Option<serde_json::Value> {
        self.0
            .object("rbac.authorization.k8s.io", plural, namespace, name)
            .unwrap()
    }

    /// The names of the RBAC `plural` in `namespace`.
    fn names(&self, plural: &str, namespace: &str) -> Vec<String> {
        let (_, list) = self
            .0
            .admin(
                "GET",
                &format!("/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/{plural}"),
                None,
            )
            .unwrap();
        list["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["metadata"]["name"].as_str().map(str::to_owned))
            .collect()
    }
}

fn client(sim: &Real, token: &str) -> ClusterClient {
    ClusterClient::with_options(sim.0.url(), &sim.tls(), Secret::new(token), options())
        .expect("client")
}

fn sim_client(sim: &KubeSim, token: &str) -> ClusterClient {
    ClusterClient::with_options(
        sim.url(),
        &connections::TlsMode::System,
        Secret::new(token),
        options(),
    )
    .expect("client")
}

fn user(name: &str, groups: &[&str]) -> KubeUser {
    KubeUser {
        name: name.into(),
        token: format!("{name}-token"),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    }
}

/// alice requested projects p and q; bob has view in p, erin edit in p, rita registry-admin
/// in p; root is a cluster admin.
fn cluster() -> Real {
    let kube = KubeCluster::start_openshift(&[
        user("alice", &["developers"]),
        user("bob", &[]),
        user("erin", &[]),
        user("rita", &[]),
        user("root", &["system:masters"]),
    ])
    .expect("the control plane starts");
    kube.add_project("p", Some("alice")).unwrap();
    kube.add_project("q", Some("alice")).unwrap();
    let real = Real(kube);
    for (binding, role, who) in [
        ("view", "view", "bob"),
        ("edit", "edit", "erin"),
        ("registry-admin", "registry-admin", "rita"),
    ] {
        real.put(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "p",
            role_binding(binding, role, vec![user_subject(who)]),
        );
    }
    real
}

/// The same cluster in the simulator, for the tests that inject a concurrent change.
fn sim_cluster() -> KubeSim {
    let sim = KubeSim::start(SimConfig::default()).expect("simulator");
    sim.add_user("alice-token", "alice", &["developers"]);
    sim.add_user("bob-token", "bob", &[]);
    sim.add_user("erin-token", "erin", &[]);
    sim.add_user("rita-token", "rita", &[]);
    sim.add_user("root-token", "root", &["system:cluster-admins"]);
    sim.add_project("p", Some("alice"));
    sim.add_project("q", Some("alice"));
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding("view", "view", vec![user_subject("bob")]),
    );
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding("edit", "edit", vec![user_subject("erin")]),
    );
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-admin",
            "registry-admin",
            vec![user_subject("rita")],
        ),
    );
    sim
}

fn sim_subjects(sim: &KubeSim, ns: &str, binding: &str) -> Vec<serde_json::Value> {
    sim.object("rolebindings", ns, binding)
        .unwrap_or_else(|| panic!("binding {ns}/{binding} exists"))["subjects"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn subjects(sim: &Real, ns: &str, binding: &str) -> Vec<serde_json::Value> {
    sim.object("rolebindings", ns, binding)
        .unwrap_or_else(|| panic!("binding {ns}/{binding} exists"))["subjects"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_grant_names_the_binding_after_the_role_reuses_it_and_numbers_the_next() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    let sa = Subject::service_account("q", "default");

    let first = alice
        .grant_role("p", RoleKind::ClusterRole, "registry-viewer", &sa)
        .await
        .unwrap();
    assert_eq!(
        (first.binding.as_str(), first.created),
        ("registry-viewer", true)
    );
    assert_eq!(
        subjects(&sim, "p", "registry-viewer"),
        vec![json!({"kind": "ServiceAccount", "name": "default", "namespace": "q"})]
    );
    let binding = sim.object("rolebindings", "p", "registry-viewer").unwrap();
    assert_eq!(
        binding["roleRef"],
        json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "registry-viewer"})
    );

    // The same grant again changes nothing.
    let again = alice
        .grant_role("p", RoleKind::ClusterRole, "registry-viewer", &sa)
        .await
        .unwrap();
    assert_eq!(
        (again.binding.as_str(), again.created),
        ("registry-viewer", false)
    );
    assert_eq!(
        sim.object("rolebindings", "p", "registry-viewer").unwrap()["metadata"]["resourceVersion"],
        binding["metadata"]["resourceVersion"]
    );

    // Another subject gets the next free name, as `oc` does.
    let carol = alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("carol"),
        )
        .await
        .unwrap();
    assert_eq!(
        (carol.binding.as_str(), carol.created),
        ("registry-viewer-0", true)
    );
    assert_eq!(
        subjects(&sim, "p", "registry-viewer-0"),
        vec![json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "carol"})]
    );

    let rows = alice.list_role_bindings("p").await.unwrap();
    let viewer_rows: Vec<(String, String)> = rows
        .iter()
        .filter(|r| r.role == "registry-viewer")
        .map(|r| (r.subject.display(), r.binding.clone()))
        .collect();
    assert_eq!(
        viewer_rows,
        vec![
            ("carol".to_owned(), "registry-viewer-0".to_owned()),
            (
                "system:serviceaccount:q:default".to_owned(),
                "registry-viewer".to_owned()
            ),
        ]
    );
    // OpenShift's defaults are listed with their real kinds.
    assert!(rows.iter().any(|r| r.binding == "system:image-pullers"
        && r.subject == Subject::group("system:serviceaccounts:p")
        && r.role == "system:image-puller"));
    assert!(rows.iter().any(|r| r.binding == "system:image-builders"
        && r.subject.kind == SubjectKind::ServiceAccount
        && r.subject.namespace.as_deref() == Some("p")));
}

#[tokio::test]
async fn every_role_can_be_granted_to_every_kind_of_subject() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    let cases = [
        (
            "registry-editor",
            Subject::service_account("p", "builder"),
            json!({"kind": "ServiceAccount", "name": "builder", "namespace": "p"}),
        ),
        (
            "registry-admin",
            Subject::user("dave"),
            json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "dave"}),
        ),
        (
            "system:image-puller",
            Subject::all_service_accounts_of("q"),
            json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:serviceaccounts:q"}),
        ),
        (
            "system:image-builder",
            Subject::service_account("q", "builder"),
            json!({"kind": "ServiceAccount", "name": "builder", "namespace": "q"}),
        ),
        (
            "system:image-puller",
            Subject::anonymous(),
            json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:unauthenticated"}),
        ),
        (
            "view",
            Subject::group("developers"),
            json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "developers"}),
        ),
        (
            "admin",
            Subject::user("frank"),
            json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "frank"}),
        ),
    ];
    for (role, subject, wire) in cases {
        let outcome = alice
            .grant_role("p", RoleKind::ClusterRole, role, &subject)
            .await
            .unwrap();
        assert!(outcome.created, "{role} to {subject:?}");
        assert_eq!(subjects(&sim, "p", &outcome.binding), vec![wire], "{role}");
        assert_eq!(
            sim.object("rolebindings", "p", &outcome.binding).unwrap()["roleRef"]["name"],
            role
        );
    }
    // `system:image-puller` was granted twice: the second binding got the next name.
    assert!(
        sim.object("rolebindings", "p", "system:image-puller-0")
            .is_some()
    );
    // Names given by the user are checked before anything is sent.
    let before = sim.names("rolebindings", "p");
    let err = alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "view",
            &Subject::service_account("q", "Not Valid"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err}");
    let err = alice
        .grant_role("p/../q", RoleKind::ClusterRole, "view", &Subject::user("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidName { .. }), "{err}");
    assert_eq!(sim.names("rolebindings", "p"), before, "nothing was sent");
}

#[tokio::test]
async fn a_revoke_removes_the_subject_everywhere_and_deletes_emptied_bindings() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-viewer",
            "registry-viewer",
            vec![user_subject("carol"), user_subject("dave")],
        ),
    );
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-viewer-0",
            "registry-viewer",
            vec![user_subject("carol")],
        ),
    );
    let carol = Subject::user("carol");
    let outcome = alice
        .revoke_role("p", RoleKind::ClusterRole, "registry-viewer", &carol)
        .await
        .unwrap();
    assert_eq!(outcome.updated, vec!["registry-viewer"]);
    assert_eq!(outcome.deleted, vec!["registry-viewer-0"]);
    assert_eq!(
        subjects(&sim, "p", "registry-viewer"),
        vec![json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "dave"})]
    );
    assert!(
        sim.object("rolebindings", "p", "registry-viewer-0")
            .is_none()
    );

    // Nothing left to revoke: said so, nothing written.
    let err = alice
        .revoke_role("p", RoleKind::ClusterRole, "registry-viewer", &carol)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotBound { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("carol has no role binding to registry-viewer in project p"),
        "{err}"
    );

    // A binding protected from reconciliation (`autoupdate: "false"`) is kept empty, as `oc`
    // does.
    let mut protected = role_binding(
        "registry-editor",
        "registry-editor",
        vec![user_subject("carol")],
    );
    protected["metadata"]["annotations"] =
        json!({"rbac.authorization.kubernetes.io/autoupdate": "false"});
    sim.put("rbac.authorization.k8s.io", "rolebindings", "p", protected);
    let outcome = alice
        .revoke_role("p", RoleKind::ClusterRole, "registry-editor", &carol)
        .await
        .unwrap();
    assert_eq!(outcome.updated, vec!["registry-editor"]);
    assert!(subjects(&sim, "p", "registry-editor").is_empty());
    assert_eq!(
        sim.object("rolebindings", "p", "registry-editor").unwrap()["metadata"]["annotations"]["rbac.authorization.kubernetes.io/autoupdate"],
        "false"
    );

    // Another role's binding holding the same subject is untouched.
    let outcome = alice
        .revoke_role("p", RoleKind::ClusterRole, "view", &Subject::user("bob"))
        .await
        .unwrap();
    assert_eq!(outcome.deleted, vec!["view"]);
    assert!(sim.object("rolebindings", "p", "edit").is_some());
}

#[tokio::test]
async fn a_view_user_cannot_grant_and_is_told_who_they_are_and_what_is_missing() {
    let sim = cluster();
    let bob = client(&sim, "bob-token");
    let err = bob
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("mallory"),
        )
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err}");
    assert_eq!(
        err.to_string(),
        "rolebindings.rbac.authorization.k8s.io is forbidden: User \"bob\" cannot list resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \"p\""
    );
    let Error::Forbidden { denial, .. } = &err else {
        unreachable!()
    };
    assert_eq!(
        *denial.clone().unwrap(),
        cluster::Denial {
            user: "bob".into(),
            verb: "list".into(),
            resource: "rolebindings".into(),
            group: "rbac.authorization.k8s.io".into(),
            namespace: Some("p".into()),
        }
    );

    // edit may read bindings but not create them.
    let erin = client(&sim, "erin-token");
    let err = erin
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("mallory"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        // `edit` holds no right on role bindings at all: the grant's first read is refused.
        "rolebindings.rbac.authorization.k8s.io is forbidden: User \"erin\" cannot list resource \"rolebindings\" in API group \"rbac.authorization.k8s.io\" in the namespace \"p\""
    );
    let err = erin
        .revoke_role("p", RoleKind::ClusterRole, "view", &Subject::user("bob"))
        .await
        .unwrap_err();
    // A revoke reads the bindings first, which `edit` may not.
    assert!(
        err.to_string()
            .contains("User \"erin\" cannot list resource \"rolebindings\""),
        "{err}"
    );

    // registry-admin may create bindings, but not grant more than it holds.
    let rita = client(&sim, "rita-token");
    let ok = rita
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("gus"),
        )
        .await
        .unwrap();
    assert!(ok.created);
    let err = rita
        .grant_role("p", RoleKind::ClusterRole, "admin", &Subject::user("gus"))
        .await
        .unwrap_err();
    assert!(err.is_forbidden(), "{err}");
    assert!(
        err.to_string()
            .starts_with("You may not grant admin: it allows what you do not hold yourself: "),
        "{err}"
    );
    let said = err.detail().unwrap_or_default();
    assert!(
        said.contains("user \"rita\"")
            && said.contains("is attempting to grant RBAC permissions not currently held"),
        "{said}"
    );
    assert!(sim.object("rolebindings", "p", "admin-0").is_none());
    assert!(
        !sim.names("rolebindings", "p")
            .iter()
            .any(|n| n.starts_with("admin-"))
    );
    assert_eq!(
        subjects(&sim, "p", "view").len(),
        1,
        "nothing was changed by the refusals"
    );
}

#[tokio::test]
async fn a_concurrent_change_is_retried_on_fresh_data_never_overwritten() {
    let sim = sim_cluster();
    let alice = sim_client(&sim, "alice-token");
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-editor",
            "registry-editor",
            vec![user_subject("carol"), user_subject("dave")],
        ),
    );
    // Between our read and our write, someone adds erin.
    sim.before_next_write("rolebindings", "p", "registry-editor", |b| {
        b["subjects"]
            .as_array_mut()
            .unwrap()
            .push(json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "erin"}));
    });
    let outcome = alice
        .revoke_role(
            "p",
            RoleKind::ClusterRole,
            "registry-editor",
            &Subject::user("carol"),
        )
        .await
        .unwrap();
    assert_eq!(outcome.updated, vec!["registry-editor"]);
    let names: Vec<String> = sim_subjects(&sim, "p", "registry-editor")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        vec!["dave", "erin"],
        "erin's concurrent grant survived"
    );
    let puts = sim
        .requests()
        .iter()
        .filter(|r| r.starts_with("PUT "))
        .count();
    assert_eq!(
        puts,
        2,
        "the first PUT met 409 and was retried: {:?}",
        sim.requests()
    );

    // Deleting an emptied binding is conditional: a subject added meanwhile keeps it.
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-viewer",
            "registry-viewer",
            vec![user_subject("carol")],
        ),
    );
    sim.before_next_write("rolebindings", "p", "registry-viewer", |b| {
        b["subjects"].as_array_mut().unwrap().push(
            json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "frank"}),
        );
    });
    let outcome = alice
        .revoke_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("carol"),
        )
        .await
        .unwrap();
    assert_eq!(
        (outcome.updated, outcome.deleted),
        (vec!["registry-viewer".to_owned()], vec![])
    );
    assert_eq!(
        sim_subjects(&sim, "p", "registry-viewer"),
        vec![json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": "frank"})]
    );

    // A binding of the chosen name created meanwhile: listed again, the next name is used.
    sim.before_next_create(
        "rolebindings",
        "p",
        role_binding(
            "system:image-builder",
            "system:image-builder",
            vec![user_subject("zed")],
        ),
    );
    let outcome = alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "system:image-builder",
            &Subject::service_account("q", "builder"),
        )
        .await
        .unwrap();
    assert_eq!(outcome.binding, "system:image-builder-0");
    assert_eq!(
        sim_subjects(&sim, "p", "system:image-builder")[0]["name"],
        "zed"
    );
    assert_eq!(
        sim_subjects(&sim, "p", "system:image-builder-0")[0]["name"],
        "builder"
    );
}

#[tokio::test]
async fn the_cross_project_pull_wizard_lets_the_other_projects_service_accounts_pull() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    // Before: q's default service account may not pull from p.
    let minted = alice
        .request_token("q", "default", Duration::from_secs(3600))
        .await
        .unwrap();
    let q_default = client(&sim, minted.token.expose());
    let (allowed, _) = q_default
        .can_i("p", "get", "image.openshift.io", "imagestreams/layers")
        .await
        .unwrap();
    assert!(!allowed);

    let outcome = alice
        .allow_cross_project_pull("q", "p", Some("default"))
        .await
        .unwrap();
    assert_eq!(outcome.binding, "system:image-puller");
    assert_eq!(
        subjects(&sim, "p", "system:image-puller"),
        vec![json!({"kind": "ServiceAccount", "name": "default", "namespace": "q"})]
    );
    let (allowed, reason) = q_default
        .can_i("p", "get", "image.openshift.io", "imagestreams/layers")
        .await
        .unwrap();
    assert!(allowed);
    assert_eq!(
        reason.as_deref(),
        Some(
            "RBAC: allowed by RoleBinding \"system:image-puller/p\" of ClusterRole \"system:image-puller\" to ServiceAccount \"default/q\""
        )
    );
    // Pull only, not push.
    let (push, _) = q_default
        .can_i("p", "update", "image.openshift.io", "imagestreams/layers")
        .await
        .unwrap();
    assert!(!push);

    // Every service account of q: the group, in a second binding.
    let builder = client(
        &sim,
        alice
            .request_token("q", "builder", Duration::from_secs(600))
            .await
            .unwrap()
            .token
            .expose(),
    );
    assert!(
        !builder
            .can_i("p", "get", "image.openshift.io", "imagestreams/layers")
            .await
            .unwrap()
            .0
    );
    let outcome = alice
        .allow_cross_project_pull("q", "p", None)
        .await
        .unwrap();
    assert_eq!(
        (outcome.binding.as_str(), outcome.created),
        ("system:image-puller-0", true)
    );
    assert_eq!(
        subjects(&sim, "p", "system:image-puller-0"),
        vec![
            json!({"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:serviceaccounts:q"})
        ]
    );
    assert!(
        builder
            .can_i("p", "get", "image.openshift.io", "imagestreams/layers")
            .await
            .unwrap()
            .0
    );

    // Run again: already in place, nothing created.
    let again = alice
        .allow_cross_project_pull("q", "p", None)
        .await
        .unwrap();
    assert_eq!(
        (again.binding.as_str(), again.created),
        ("system:image-puller-0", false)
    );
}

#[tokio::test]
async fn effective_access_lists_pullers_and_pushers_with_their_bindings() {
    let sim = cluster();
    let root = client(&sim, "root-token");
    let alice = client(&sim, "alice-token");
    alice
        .grant_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::service_account("q", "default"),
        )
        .await
        .unwrap();
    let access = root.effective_access("p").await.unwrap();
    assert!(access.cluster_bindings_included);
    let pull: Vec<(String, String, BindingKind)> = access
        .pull
        .iter()
        .map(|g| (g.subject.display(), g.binding.clone(), g.binding_kind))
        .collect();
    for expected in [
        ("alice", "admin", BindingKind::RoleBinding),
        ("bob", "view", BindingKind::RoleBinding),
        ("erin", "edit", BindingKind::RoleBinding),
        ("rita", "registry-admin", BindingKind::RoleBinding),
        (
            "group system:serviceaccounts:p",
            "system:image-pullers",
            BindingKind::RoleBinding,
        ),
        (
            "system:serviceaccount:p:builder",
            "system:image-builders",
            BindingKind::RoleBinding,
        ),
        (
            "system:serviceaccount:q:default",
            "registry-viewer",
            BindingKind::RoleBinding,
        ),
        // Kubernetes' own cluster admins (OpenShift adds `cluster-admins` beside them).
        (
            "group system:masters",
            "cluster-admin",
            BindingKind::ClusterRoleBinding,
        ),
    ] {
        assert!(
            pull.contains(&(expected.0.to_owned(), expected.1.to_owned(), expected.2)),
            "{expected:?} missing from {pull:?}"
        );
    }
    // Deployers and basic users cannot pull.
    assert!(
        !pull
            .iter()
            .any(|(s, _, _)| s.contains("deployer") || s == "group system:authenticated")
    );
    let push: Vec<String> = access.push.iter().map(|g| g.subject.display()).collect();
    assert!(push.contains(&"alice".to_owned()) && push.contains(&"erin".to_owned()));
    assert!(push.contains(&"system:serviceaccount:p:builder".to_owned()));
    assert!(!push.contains(&"bob".to_owned()), "view cannot push");
    assert!(
        !push.contains(&"system:serviceaccount:q:default".to_owned()),
        "registry-viewer cannot push"
    );
    assert!(!push.contains(&"group system:serviceaccounts:p".to_owned()));

    // A project admin cannot read cluster role bindings: the project's own are shown, and
    // the answer says so.
    let mine = alice.effective_access("p").await.unwrap();
    assert!(!mine.cluster_bindings_included);
    assert!(
        !mine
            .pull
            .iter()
            .any(|g| g.binding_kind == BindingKind::ClusterRoleBinding)
    );
    let project_pushers: Vec<_> = access
        .push
        .iter()
        .filter(|g| g.binding_kind == BindingKind::RoleBinding)
        .cloned()
        .collect();
    assert_eq!(mine.push, project_pushers);

    // bob cannot even list the project's bindings.
    let err = client(&sim, "bob-token")
        .effective_access("p")
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("User \"bob\" cannot list resource \"rolebindings\""),
        "{err}"
    );
}

#[tokio::test]
async fn self_access_answers_each_action_for_the_signed_in_user() {
    let sim = cluster();
    let bob = client(&sim, "bob-token").self_access("p").await.unwrap();
    let answer = |checks: &[cluster::AccessCheck], action: &str| {
        checks
            .iter()
            .find(|c| c.action == action)
            .unwrap_or_else(|| panic!("{action}"))
            .allowed
    };
    assert!(answer(&bob, "pull"));
    assert!(answer(&bob, "listImageStreams"));
    assert!(answer(&bob, "listServiceAccounts"));
    for denied in [
        "push",
        "listRoleBindings",
        "grantRoles",
        "revokeRoles",
        "createServiceAccounts",
        "requestTokens",
        "createSecrets",
        "linkSecrets",
    ] {
        assert!(!answer(&bob, denied), "{denied}");
    }
    let alice = client(&sim, "alice-token").self_access("p").await.unwrap();
    assert!(alice.iter().all(|c| c.allowed), "{alice:?}");
    let grant = alice.iter().find(|c| c.action == "grantRoles").unwrap();
    assert_eq!(
        grant.reason.as_deref(),
        Some("RBAC: allowed by RoleBinding \"admin/p\" of ClusterRole \"admin\" to User \"alice\"")
    );
    // bob has nothing in q.
    let q = client(&sim, "bob-token").self_access("q").await.unwrap();
    assert!(q.iter().all(|c| !c.allowed));

    let me = client(&sim, "alice-token").whoami().await.unwrap();
    assert_eq!(me.name.as_deref(), Some("alice"));
    assert_eq!(me.groups, vec!["developers"]);
}

#[tokio::test]
async fn a_project_role_is_granted_and_counted_in_effective_access() {
    let sim = cluster();
    let alice = client(&sim, "alice-token");
    sim.put(
        "rbac.authorization.k8s.io",
        "roles",
        "p",
        json!({"metadata": {"name": "layer-reader"}, "rules": [
            {"apiGroups": ["image.openshift.io"], "resources": ["imagestreams/layers"], "verbs": ["get"]},
        ]}),
    );
    let outcome = alice
        .grant_role("p", RoleKind::Role, "layer-reader", &Subject::user("rob"))
        .await
        .unwrap();
    assert_eq!(outcome.binding, "layer-reader");
    assert_eq!(
        sim.object("rolebindings", "p", "layer-reader").unwrap()["roleRef"],
        json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "layer-reader"})
    );
    let access = alice.effective_access("p").await.unwrap();
    let rob = access
        .pull
        .iter()
        .find(|g| g.subject == Subject::user("rob"))
        .expect("rob can pull");
    assert_eq!(rob.role_kind, RoleKind::Role);
    assert!(
        !access
            .push
            .iter()
            .any(|g| g.subject == Subject::user("rob"))
    );
    // A ClusterRole of the same name is another role: nothing to revoke there.
    let err = alice
        .revoke_role(
            "p",
            RoleKind::ClusterRole,
            "layer-reader",
            &Subject::user("rob"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotBound { .. }), "{err}");
    let outcome = alice
        .revoke_role("p", RoleKind::Role, "layer-reader", &Subject::user("rob"))
        .await
        .unwrap();
    assert_eq!(outcome.deleted, vec!["layer-reader"]);
}

#[tokio::test]
async fn endless_concurrent_changes_end_in_a_conflict_error_not_an_overwrite() {
    let sim = sim_cluster();
    let alice = sim_client(&sim, "alice-token");
    sim.put(
        "rbac.authorization.k8s.io",
        "rolebindings",
        "p",
        role_binding(
            "registry-viewer",
            "registry-viewer",
            vec![user_subject("carol"), user_subject("dave")],
        ),
    );
    // Someone changes the binding before each of our five attempts.
    for i in 0..5 {
        sim.before_next_write("rolebindings", "p", "registry-viewer", move |b| {
            b["subjects"].as_array_mut().unwrap().push(
                json!({"kind": "User", "apiGroup": "rbac.authorization.k8s.io", "name": format!("other-{i}")}),
            );
        });
    }
    let err = alice
        .revoke_role(
            "p",
            RoleKind::ClusterRole,
            "registry-viewer",
            &Subject::user("carol"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Conflict { attempts: 5, .. }), "{err}");
    assert!(
        err.to_string().starts_with("Operation cannot be fulfilled on rolebindings.rbac.authorization.k8s.io \"registry-viewer\": the object has been modified"),
        "{err}"
    );
    // Every concurrent change is there, and carol too: nothing of ours was written.
    let names: Vec<String> = sim_subjects(&sim, "p", "registry-viewer")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        vec![
            "carol", "dave", "other-0", "other-1", "other-2", "other-3", "other-4"
        ]
    );
}
