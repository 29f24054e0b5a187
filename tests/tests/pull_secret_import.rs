//! Importing a pull secret file (issue 15, seed 004), through a whole `console::Console` as the
//! shell drives it, against real servers:
//! - each format (the portal's Secret YAML, a `.dockerconfigjson`, a Docker `config.json`, a
//!   Podman `auth.json`) merged into an auth file and proven by `skopeo inspect --authfile`
//!   against the distribution registry with Basic auth, as a registry service account named
//!   `12345678|registry-console` (htpasswd user with the pipe);
//! - the same user through a token server on another origin (as registry.redhat.io sends
//!   clients to sso.redhat.com): saved as a registry connection's sign-in and browsing;
//! - the Secret created in a project of the real kube-apiserver, linked to a service account
//!   for pull and `view` granted to `system:serviceaccount:<project>:<name>`, checked in the
//!   objects the cluster holds.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cluster::{RoleKind, Subject};
use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use credentials::model::AuthFileKind;
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::{Mode, Registry, RegistryOptions};
use harness::token_server::{Grant, TokenServerConfig, User};
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use serde_json::{Value, json};
use vault::{KeptIn, MemoryStore, Secret};

/// A registry service account's user name, as the Red Hat portal makes it.
const SERVICE_ACCOUNT: &str = "12345678|registry-console";

fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

/// `skopeo inspect` of `demo/hello:1.0.0` with `authfile`, in a home of its own.
fn inspect(home: &Path, registry: &Registry, authfile: &Path) -> Output {
    Command::new("skopeo")
        .args(["inspect", "--tls-verify=false", "--authfile"])
        .arg(authfile)
        .arg(format!("docker://{}/demo/hello:1.0.0", registry.host()))
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env_remove("REGISTRY_AUTH_FILE")
        .output()
        .expect("skopeo runs")
}

fn assert_inspects(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what}: skopeo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["Name"].as_str().unwrap().ends_with("/demo/hello"));
}

fn auth(user: &str, password: &str) -> String {
    STANDARD.encode(format!("{user}:{password}"))
}

/// The four files a user meets, each holding `user`/`password` for `host`.
fn files(host: &str, user: &str, password: &str) -> Vec<(&'static str, String)> {
    let config = json!({"auths": {host: {"auth": auth(user, password), "email": ""}}}).to_string();
    let portal = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: 12345678-registry-console-pull-secret\ndata:\n  .dockerconfigjson: {}\ntype: kubernetes.io/dockerconfigjson\n",
        STANDARD.encode(&config)
    );
    let docker = json!({
        "auths": {
            "https://index.docker.io/v1/": {},
            host: {"auth": auth(user, password)},
        },
        "credsStore": "desktop",
        "HttpHeaders": {"User-Agent": "Docker-Client/24.0.7 (linux)"},
    })
    .to_string();
    let podman = json!({"auths": {
        "quay.io": {"auth": auth("someone", "else")},
        host: {"username": user, "password": password},
    }})
    .to_string();
    vec![
        ("12345678_registry-console-secret.yaml", portal),
        (".dockerconfigjson", config),
        ("config.json", docker),
        ("auth.json", podman),
    ]
}

fn import(console: &Console, name: &str, content: &str) -> credentials::import::PullSecretImport {
    console
        .pull_secret_import(name, &STANDARD.encode(content))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[tokio::test]
async fn each_format_merged_into_an_auth_file_is_used_by_skopeo() {
    harness::install_crypto_provider();
    let mut options = RegistryOptions::new(Mode::Basic);
    options.username = Some(SERVICE_ACCOUNT.into());
    let registry = Registry::start_with(options).expect("registry starts");
    harness::filler::demo_content(&registry).await.unwrap();
    let password = registry.credentials().unwrap().password.clone();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let console = whole_console(&dir.path().join("config"));

    for (name, content) in files(&registry.host(), SERVICE_ACCOUNT, &password) {
        let imported = import(&console, name, &content);
        let entry = imported
            .entries
            .iter()
            .find(|e| e.registry == registry.host())
            .unwrap_or_else(|| panic!("{name}: {imported:?}"));
        assert_eq!(entry.username, SERVICE_ACCOUNT, "{name}");
        assert!(
            !serde_json::to_string(&imported)
                .unwrap()
                .contains(&password)
        );
        assert_eq!(
            console
                .pull_secret_import_reveal(&imported.import_id, &entry.registry)
                .unwrap()
                .expose(),
            password
        );
        // Merged into an auth file that already holds another registry, for each client.
        for kind in [AuthFileKind::Podman, AuthFileKind::Docker] {
            let authfile = dir.path().join(format!("{name}-{kind:?}.json"));
            std::fs::write(
                &authfile,
                r#"{"auths":{"quay.io":{"auth":"cXVheTpxdWF5"}}}"#,
            )
            .unwrap();
            console
                .pull_secret_import_auth_file_write_to(
                    &imported.import_id,
                    &entry.registry,
                    kind,
                    &authfile,
                )
                .unwrap();
            assert_inspects(&inspect(&home, &registry, &authfile), name);
            let written: Value =
                serde_json::from_slice(&std::fs::read(&authfile).unwrap()).unwrap();
            assert_eq!(written["auths"]["quay.io"]["auth"], "cXVheTpxdWF5");
        }
        assert!(console.pull_secret_import_forget(&imported.import_id));
    }

    // The same file with a wrong token: skopeo is refused, as a user would be.
    let (name, content) = files(&registry.host(), SERVICE_ACCOUNT, "wrong-token").remove(0);
    let imported = import(&console, name, &content);
    let authfile = dir.path().join("wrong.json");
    console
        .pull_secret_import_auth_file_write_to(
            &imported.import_id,
            &registry.host(),
            AuthFileKind::Podman,
            &authfile,
        )
        .unwrap();
    let refused = inspect(&home, &registry, &authfile);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .to_lowercase()
            .contains("unauthorized")
    );

    // Broken files: an error the UI shows under the file, without the secret.
    let portal = files(&registry.host(), SERVICE_ACCOUNT, &password)
        .remove(0)
        .1;
    let broken = [
        (
            "cut.yaml",
            portal.replace(".dockerconfigjson: ", ".dockerconfigjson: x*"),
        ),
        (
            "no-auths.json",
            json!({"registry.redhat.io": {"auth": auth("a", "b")}}).to_string(),
        ),
        ("notes.txt", "Please find attached the token".into()),
        ("two-secrets.yaml", format!("{portal}---\n{portal}")),
    ];
    for (name, content) in broken {
        let error = CommandError::from(
            console
                .pull_secret_import(name, &STANDARD.encode(&content))
                .unwrap_err(),
        );
        assert_eq!(error.code, ErrorCode::InvalidInput, "{name}");
        assert!(
            error
                .message
                .starts_with(&format!("{name} cannot be imported: ")),
            "{}",
            error.message
        );
        assert!(!error.message.contains(&password));
    }
    let huge = "A".repeat(3 * 1024 * 1024);
    let error = CommandError::from(console.pull_secret_import("huge.yaml", &huge).unwrap_err());
    assert!(error.message.contains("larger than"), "{}", error.message);
}

#[tokio::test]
async fn a_service_account_signs_in_through_a_token_service_on_another_origin() {
    harness::install_crypto_provider();
    let token = TokenServerConfig {
        users: vec![User::new(
            SERVICE_ACCOUNT,
            "eyJhbGciOiJSUzUxMiJ9.service-account-token",
            vec![Grant::repository("demo/*", &["pull"]), Grant::catalog()],
        )],
        ..TokenServerConfig::default()
    };
    let mut options = RegistryOptions::new(Mode::Token);
    options.username = Some(SERVICE_ACCOUNT.into());
    options.token = token;
    let registry = Registry::start_with(options).expect("registry starts");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(&dir.path().join("config"));
    let realm = url::Url::parse(registry.token_server_url().unwrap()).unwrap();
    let registry_url = url::Url::parse(&registry.url()).unwrap();
    assert_ne!(
        realm.port(),
        registry_url.port(),
        "the token service is on another origin"
    );

    let (name, content) = files(
        &registry.host(),
        SERVICE_ACCOUNT,
        "eyJhbGciOiJSUzUxMiJ9.service-account-token",
    )
    .remove(0);
    let imported = import(&console, name, &content);
    let saved = console
        .add_connection(&ConnectionDraft {
            name: "Red Hat registry (lab)".into(),
            kind: ConnectionKind::Registry,
            url: registry.url(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let other = console
        .add_connection(&ConnectionDraft {
            name: "Elsewhere".into(),
            kind: ConnectionKind::Registry,
            url: "http://127.0.0.1:9".into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();

    // Another registry's connection does not get the secret.
    let error = CommandError::from(
        console
            .pull_secret_import_sign_in(
                &imported.import_id,
                &registry.host(),
                &other.id,
                KeptIn::Session,
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("only given to"), "{}", error.message);
    assert_eq!(registry.token_server().unwrap().issued_total(), 0);

    // Its own registry's connection: checked at the token service, kept, and browsing works.
    let signed_in = console
        .pull_secret_import_sign_in(
            &imported.import_id,
            &registry.host(),
            &saved.id,
            KeptIn::Session,
        )
        .await
        .expect("the service account signs in");
    assert_eq!(signed_in.username, SERVICE_ACCOUNT);
    assert!(registry.token_server().unwrap().issued_total() > 0);
    let connection = console.connection(&saved.id).unwrap();
    let status = console
        .registries()
        .signed_in(&connection)
        .await
        .unwrap()
        .expect("the sign-in is kept");
    assert_eq!(status.username, SERVICE_ACCOUNT);
    let lines = console.login_lines(&saved.id).await.unwrap();
    assert!(lines.podman.contains(&format!("-u '{SERVICE_ACCOUNT}'")));
    let mut events = Vec::new();
    console
        .registries()
        .catalog(&connection, "listing-1", |e| events.push(e))
        .await
        .expect("the catalog lists with the service account's token");
}

#[tokio::test]
async fn the_secret_is_created_linked_for_pull_and_view_granted_in_the_cluster() {
    harness::install_crypto_provider();
    let kube = KubeCluster::start_openshift(&[KubeUser::new("alice", &[])]).unwrap();
    kube.add_project("3scale", Some("alice")).unwrap();
    kube.create(
        "/api/v1/namespaces/3scale/serviceaccounts",
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "amp"}}),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(&dir.path().join("config"));
    let cluster = console
        .add_connection(&ConnectionDraft {
            name: "Lab cluster".into(),
            kind: ConnectionKind::Openshift,
            url: kube.url().to_owned(),
            tls: TlsMode::CaBundle {
                path: kube.ca_path().display().to_string(),
            },
            openshift_version: None,
        })
        .unwrap();
    let token = "eyJhbGciOiJSUzUxMiJ9.portal-token";
    let (name, content) = files("registry.redhat.io", SERVICE_ACCOUNT, token).remove(0);
    let imported = import(&console, name, &content);
    assert_eq!(
        imported.secret_name.as_deref(),
        Some("12345678-registry-console-pull-secret")
    );

    // Not signed in to the cluster: asked to, nothing created.
    let refused = CommandError::from(
        console
            .pull_secret_import_create(
                &cluster.id,
                &imported.import_id,
                "registry.redhat.io",
                "3scale",
                "threescale-registry-auth",
                Some("amp"),
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::SignInRequired);
    let connection = console.connection(&cluster.id).unwrap();
    console
        .sign_ins()
        .openshift_token(&connection, Secret::new(kube.token("alice")))
        .await
        .expect("alice signs in");

    // `oc create -f` + `oc secrets link amp threescale-registry-auth --for=pull`.
    let created = console
        .pull_secret_import_create(
            &cluster.id,
            &imported.import_id,
            "registry.redhat.io",
            "3scale",
            "threescale-registry-auth",
            Some("amp"),
        )
        .await
        .expect("the secret is created and linked");
    assert_eq!(created.secret, "threescale-registry-auth");
    let sa = created.service_account.expect("linked");
    assert_eq!(sa.image_pull_secrets, ["threescale-registry-auth"]);

    let stored = kube
        .object("", "secrets", "3scale", "threescale-registry-auth")
        .unwrap()
        .expect("the cluster holds the secret");
    assert_eq!(stored["type"], "kubernetes.io/dockerconfigjson");
    let config: Value = serde_json::from_slice(
        &STANDARD
            .decode(stored["data"][".dockerconfigjson"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        config["auths"]["registry.redhat.io"]["auth"],
        auth(SERVICE_ACCOUNT, token)
    );
    let account = kube
        .object("", "serviceaccounts", "3scale", "amp")
        .unwrap()
        .unwrap();
    assert_eq!(
        account["imagePullSecrets"],
        json!([{"name": "threescale-registry-auth"}])
    );

    // Again: the Secret exists, so the cluster refuses as `oc create` would.
    let again = CommandError::from(
        console
            .pull_secret_import_create(
                &cluster.id,
                &imported.import_id,
                "registry.redhat.io",
                "3scale",
                "threescale-registry-auth",
                Some("amp"),
            )
            .await
            .unwrap_err(),
    );
    assert!(
        again.message.contains("already exists"),
        "{}",
        again.message
    );

    // `oc policy add-role-to-user view system:serviceaccount:3scale:amp -n 3scale`, through
    // the Access page's own grant.
    let subject = cluster::parse_user("system:serviceaccount:3scale:amp");
    assert_eq!(subject, Subject::service_account("3scale", "amp"));
    let granted = console
        .cluster(&cluster.id, |c| async move {
            c.grant_role("3scale", RoleKind::ClusterRole, "view", &subject)
                .await
        })
        .await
        .unwrap();
    assert!(granted.created);
    let binding = kube
        .object(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "3scale",
            &granted.binding,
        )
        .unwrap()
        .expect("the binding exists");
    assert_eq!(binding["roleRef"]["name"], "view");
    assert_eq!(
        binding["subjects"],
        json!([{"kind": "ServiceAccount", "name": "amp", "namespace": "3scale"}])
    );

    // As the documents do it: `oc adm policy add-cluster-role-to-user view
    // system:serviceaccount:3scale:amp`. A project admin is refused by the server's RBAC...
    let amp = Subject::service_account("3scale", "amp");
    let subject = amp.clone();
    let refused = CommandError::from(
        console
            .cluster(&cluster.id, |c| async move {
                c.grant_cluster_role("view", &subject).await
            })
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::AccessDenied, "{refused:?}");
    let (_, bindings) = kube
        .admin(
            "GET",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            None,
        )
        .unwrap();
    let holds_amp = |bindings: &Value| {
        bindings["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["roleRef"]["name"] == "view")
            .any(|b| {
                b["subjects"]
                    .as_array()
                    .is_some_and(|s| s.iter().any(|s| s["name"] == "amp"))
            })
    };
    assert!(!holds_amp(&bindings), "nothing was granted");
    // ...and a cluster admin makes the cluster role binding, once.
    console
        .sign_ins()
        .openshift_token(&connection, Secret::new(kube.token("admin")))
        .await
        .unwrap();
    for created in [true, false] {
        let subject = amp.clone();
        let granted = console
            .cluster(&cluster.id, |c| async move {
                c.grant_cluster_role("view", &subject).await
            })
            .await
            .unwrap();
        assert_eq!(granted.created, created);
        let (status, binding) = kube
            .admin(
                "GET",
                &format!(
                    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/{}",
                    granted.binding
                ),
                None,
            )
            .unwrap();
        assert_eq!(status, 200, "the cluster role binding exists");
        assert_eq!(binding["kind"], "ClusterRoleBinding");
        assert_eq!(binding["roleRef"]["kind"], "ClusterRole");
        assert_eq!(binding["roleRef"]["name"], "view");
    }
    let (_, bindings) = kube
        .admin(
            "GET",
            "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            None,
        )
        .unwrap();
    assert!(holds_amp(&bindings));
}
