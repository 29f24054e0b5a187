//! Import from kubeconfig against a real Kubernetes control plane with OpenShift's APIs and
//! OAuth tokens beside it (`harness::kube`): a kubeconfig written as `oc login` writes one, its
//! contexts imported through the same call the app makes. The CA data lands in the app's CA
//! store before the sign-in, which goes through it; a valid token signs in (the identity comes
//! from `/apis/user.openshift.io/v1/users/~`); a revoked one is refused and the connection is
//! kept; a context without CA data is refused by the cluster's TLS, not trusted blindly.

use std::path::Path;
use std::sync::{Arc, Mutex};

use auth::SessionStore;
use auth::kubeconfig::import::{ImportedSignIn, KubeconfigImport, import};
use auth::kubeconfig::{KubeCredential, Kubeconfig, Locations};
use base64::Engine as _;
use connections::{ConnectionKind, SettingsStore, TlsMode};
use harness::kube::KubeCluster;
use vault::MemoryStore;

const VALID: &str = "sha256~kubeconfig-valid-token-for-alice";
const REVOKED: &str = "sha256~kubeconfig-revoked-token-of-bob";

fn kubeconfig(server: &str, ca_pem: &str) -> String {
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem);
    format!(
        r#"apiVersion: v1
kind: Config
clusters:
- name: sim:6443
  cluster:
    server: {server}
    certificate-authority-data: {ca}
- name: sim-without-ca
  cluster:
    server: {server}
contexts:
- name: default/sim:6443/alice
  context: {{cluster: "sim:6443", namespace: default, user: alice/sim:6443}}
- name: default/sim:6443/bob
  context: {{cluster: "sim:6443", namespace: default, user: bob/sim:6443}}
- name: without-ca
  context: {{cluster: sim-without-ca, user: alice/sim:6443}}
current-context: default/sim:6443/alice
users:
- name: alice/sim:6443
  user: {{token: "{VALID}"}}
- name: bob/sim:6443
  user: {{token: "{REVOKED}"}}
"#
    )
}

struct Machine {
    home: tempfile::TempDir,
    settings: Mutex<SettingsStore>,
    sessions: Arc<SessionStore>,
}

impl Machine {
    fn new(kubeconfig_text: &str) -> Self {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".kube")).unwrap();
        std::fs::write(home.path().join(".kube/config"), kubeconfig_text).unwrap();
        let settings = Mutex::new(SettingsStore::open(
            home.path()
                .join("config")
                .join(connections::store::FILE_NAME),
        ));
        Self {
            home,
            settings,
            sessions: Arc::new(SessionStore::new(Arc::new(MemoryStore::new()))),
        }
    }

    fn locations(&self) -> Locations {
        Locations {
            kubeconfig_env: None,
            home: Some(self.home.path().to_path_buf()),
        }
    }

    fn ca_dir(&self) -> std::path::PathBuf {
        self.home.path().join("config/ca")
    }

    async fn import(
        &self,
        context: &str,
        name: &str,
    ) -> auth::kubeconfig::import::KubeconfigImported {
        import(
            &self.locations(),
            &KubeconfigImport {
                path: None,
                context: context.into(),
                name: name.into(),
            },
            &self.settings,
            &self.ca_dir(),
            self.sessions.clone(),
        )
        .await
        .unwrap_or_else(|e| panic!("import of {context}: {e}"))
    }
}

fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// The cluster: alice's token valid, bob's revoked since `oc login` wrote it.
fn cluster() -> (KubeCluster, String) {
    let kube = KubeCluster::start_openshift(&[]).expect("the control plane starts");
    let oauth = kube.openshift().unwrap();
    oauth.add_token(VALID, "alice", &["registry-admins"]);
    oauth.add_token(REVOKED, "bob", &[]);
    oauth.expire_token(REVOKED);
    let ca = std::fs::read_to_string(kube.ca_path()).unwrap();
    (kube, ca)
}

#[tokio::test]
async fn a_valid_token_signs_in_as_its_user_and_is_kept_in_the_session_store_never_in_files() {
    let (kube, ca) = cluster();
    let machine = Machine::new(&kubeconfig(kube.url(), &ca));

    let listing = Kubeconfig::load(&machine.locations(), None)
        .unwrap()
        .listing();
    let alice = listing
        .contexts
        .iter()
        .find(|c| c.name == "default/sim:6443/alice")
        .unwrap();
    assert!(alice.current && alice.has_token);
    assert_eq!(alice.credential, KubeCredential::Token);

    let imported = machine.import("default/sim:6443/alice", "sim").await;
    assert_eq!(imported.connection.kind, ConnectionKind::Openshift);
    assert_eq!(imported.connection.url, kube.url());
    // The CA data went to the app's CA store before the sign-in, which went through it.
    let ca_file = machine
        .ca_dir()
        .join(format!("{}.pem", imported.connection.id));
    assert_eq!(
        imported.connection.tls,
        TlsMode::CaBundle {
            path: ca_file.display().to_string()
        }
    );
    assert_eq!(std::fs::read_to_string(&ca_file).unwrap().trim(), ca.trim());
    let ImportedSignIn::SignedIn { status } = &imported.sign_in else {
        panic!("signed in: {:?}", imported.sign_in);
    };
    assert_eq!(status.identity.user, "alice");
    assert!(
        status
            .identity
            .groups
            .contains(&"registry-admins".to_owned())
    );
    assert_eq!(status.method, auth::SignInMethod::OpenshiftToken);
    // The session store holds the token; the app's files do not.
    let (session, _) = machine
        .sessions
        .load(&imported.connection)
        .unwrap()
        .expect("a stored session");
    assert_eq!(session.access_token.expose(), VALID);
    let hits = files_holding(&machine.home.path().join("config"), VALID);
    assert!(hits.is_empty(), "the token is in {hits:?}");
}

#[tokio::test]
async fn a_revoked_token_is_refused_and_the_connection_is_kept_for_another_sign_in() {
    let (kube, ca) = cluster();
    let machine = Machine::new(&kubeconfig(kube.url(), &ca));

    let imported = machine.import("default/sim:6443/bob", "bob on sim").await;
    let ImportedSignIn::TokenRefused { message, .. } = &imported.sign_in else {
        panic!("refused: {:?}", imported.sign_in);
    };
    assert!(message.contains("not accepted"), "{message}");
    assert!(!message.contains(REVOKED));
    let saved: Vec<String> = machine
        .settings
        .lock()
        .unwrap()
        .settings()
        .connections
        .iter()
        .map(|c| c.name.clone())
        .collect();
    assert_eq!(saved, vec!["bob on sim"]);
    assert!(
        machine
            .sessions
            .load(&imported.connection)
            .unwrap()
            .is_none()
    );
    // A second import under the same name is refused before anything is written.
    let again = import(
        &machine.locations(),
        &KubeconfigImport {
            path: None,
            context: "default/sim:6443/alice".into(),
            name: "bob on sim".into(),
        },
        &machine.settings,
        &machine.ca_dir(),
        machine.sessions.clone(),
    )
    .await
    .unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
    assert_eq!(
        machine
            .settings
            .lock()
            .unwrap()
            .settings()
            .connections
            .len(),
        1
    );
}

#[tokio::test]
async fn a_context_without_ca_data_is_refused_by_the_clusters_tls_not_trusted_blindly() {
    let (kube, ca) = cluster();
    let machine = Machine::new(&kubeconfig(kube.url(), &ca));
    let imported = machine.import("without-ca", "no CA").await;
    assert_eq!(imported.connection.tls, TlsMode::System);
    assert!(
        !matches!(imported.sign_in, ImportedSignIn::SignedIn { .. }),
        "{:?}",
        imported.sign_in
    );
    assert!(
        machine
            .sessions
            .load(&imported.connection)
            .unwrap()
            .is_none()
    );
}
