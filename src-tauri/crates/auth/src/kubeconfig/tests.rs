//! Finding, merging and reading kubeconfigs; refusals; importing without a server.

use std::path::Path;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use connections::{SettingsStore, TlsMode};
use vault::MemoryStore;

use crate::session::SessionStore;

use super::import::{ImportedSignIn, KubeconfigImport, import};
use super::*;

/// A self-signed CA (CN=kubeconfig-test-ca), made once with openssl for these tests.
const CA_PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUIL2Bhb0p/r7uyZbXdpBjSHOZY+gwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSa3ViZWNvbmZpZy10ZXN0LWNhMCAXDTI2MTEyMzE2MDI1MVoY
DzIxMjYxMDMwMTYwMjUxWjAdMRswGQYDVQQDDBJrdWJlY29uZmlnLXRlc3QtY2Ew
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASWzonM1KyB+W8onS172TRt8ToOJDgG
z4Ymi2ncvK4neQKlFsJe/lz2GkNewylD9Ge3Vo0n2DgMaM7dko/sRTPjo1MwUTAd
BgNVHQ4EFgQUr94rsfGsfpY16ax8OSYJKuuRgLcwHwYDVR0jBBgwFoAUr94rsfGs
fpY16ax8OSYJKuuRgLcwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiEAgsTrPX8nqWho/SmVhzBjONQZ7eJ/Qh83jzO8b7iJX9YCIGvnbzpWh9P1Qa2q
UWgfb4Zzfce40XuVUzx1t6eGZhME
-----END CERTIFICATE-----
";

const TOKEN: &str = "sha256~kubeconfig-unit-test-token";

fn ca_data() -> String {
    base64::engine::general_purpose::STANDARD.encode(CA_PEM)
}

/// What `oc login` writes: a token user, a CA-data cluster, a current context; plus one
/// context per credential kind this app cannot use.
fn oc_login_config() -> String {
    format!(
        r#"apiVersion: v1
kind: Config
clusters:
- name: api-crc-testing:6443
  cluster:
    server: https://api.crc.testing:6443
    certificate-authority-data: {ca}
- name: plain
  cluster:
    server: https://plain.example:6443
- name: lab
  cluster:
    server: https://lab.example:6443
    insecure-skip-tls-verify: true
contexts:
- name: default/api-crc-testing:6443/kubeadmin
  context:
    cluster: api-crc-testing:6443
    namespace: default
    user: kubeadmin/api-crc-testing:6443
- name: eks
  context:
    cluster: plain
    user: aws
- name: gke
  context:
    cluster: plain
    user: gcp
- name: certs
  context:
    cluster: plain
    user: admin-cert
- name: lab
  context:
    cluster: lab
    user: lab-basic
- name: nobody
  context:
    cluster: plain
    user: empty
current-context: default/api-crc-testing:6443/kubeadmin
preferences: {{}}
users:
- name: kubeadmin/api-crc-testing:6443
  user:
    token: {TOKEN}
- name: aws
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token]
- name: gcp
  user:
    auth-provider:
      name: gcp
- name: admin-cert
  user:
    client-certificate-data: AAAA
    client-key-data: AAAA
- name: lab-basic
  user:
    username: admin
    password: secret
- name: empty
  user: {{}}
"#,
        ca = ca_data()
    )
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn home(dir: &Path) -> Locations {
    Locations {
        kubeconfig_env: None,
        home: Some(dir.to_path_buf()),
    }
}

fn context<'a>(listing: &'a KubeconfigListing, name: &str) -> &'a KubeContext {
    listing
        .contexts
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("context {name} listed"))
}

#[test]
fn home_kube_config_lists_every_context_with_its_credential_and_tls() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".kube/config", &oc_login_config());
    let listing = Kubeconfig::load(&home(dir.path()), None).unwrap().listing();
    assert_eq!(listing.source, KubeconfigSource::Home);
    assert_eq!(
        listing.files,
        vec![dir.path().join(".kube/config").display().to_string()]
    );
    assert_eq!(
        listing.current_context.as_deref(),
        Some("default/api-crc-testing:6443/kubeadmin")
    );
    let crc = context(&listing, "default/api-crc-testing:6443/kubeadmin");
    assert!(crc.current && crc.has_token && crc.problem.is_none());
    assert_eq!(crc.credential, KubeCredential::Token);
    assert_eq!(crc.server.as_deref(), Some("https://api.crc.testing:6443"));
    assert_eq!(crc.namespace.as_deref(), Some("default"));
    assert_eq!(crc.user, "kubeadmin/api-crc-testing:6443");
    assert_eq!(crc.tls, KubeTls::CaData { certificates: 1 });

    let eks = context(&listing, "eks");
    assert!(!eks.current && !eks.has_token && eks.problem.is_none());
    assert_eq!(
        eks.credential,
        KubeCredential::Exec {
            command: "aws".into()
        }
    );
    assert_eq!(eks.tls, KubeTls::System);
    assert_eq!(
        context(&listing, "gke").credential,
        KubeCredential::AuthProvider { name: "gcp".into() }
    );
    assert_eq!(
        context(&listing, "certs").credential,
        KubeCredential::ClientCertificate
    );
    let lab = context(&listing, "lab");
    assert_eq!(lab.credential, KubeCredential::BasicAuth);
    assert_eq!(lab.tls, KubeTls::Insecure);
    assert_eq!(context(&listing, "nobody").credential, KubeCredential::None);
}

#[test]
fn the_listing_never_holds_a_token_or_a_password() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".kube/config", &oc_login_config());
    let listing = Kubeconfig::load(&home(dir.path()), None).unwrap().listing();
    let json = serde_json::to_string(&listing).unwrap();
    assert!(!json.contains(TOKEN), "{json}");
    assert!(!json.contains("secret"), "{json}");
    let config = Kubeconfig::load(&home(dir.path()), None).unwrap();
    assert!(!format!("{config:?}").contains(TOKEN));
    let resolved = config
        .resolve("default/api-crc-testing:6443/kubeadmin")
        .unwrap();
    assert!(!format!("{resolved:?}").contains(TOKEN));
    assert_eq!(resolved.token.unwrap().expose(), TOKEN);
}

#[test]
fn kubeconfig_list_merges_first_wins_per_name_and_skips_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(
        dir.path(),
        "a.yaml",
        r#"
clusters:
- name: shared
  cluster: {server: "https://first.example:6443"}
contexts:
- name: shared
  context: {cluster: shared, user: first-user}
users:
- name: first-user
  user: {token: first-token}
"#,
    );
    let second = write(
        dir.path(),
        "b.yaml",
        r#"
current-context: only-second
clusters:
- name: shared
  cluster: {server: "https://second.example:6443"}
- name: other
  cluster: {server: "https://other.example:6443"}
contexts:
- name: shared
  context: {cluster: other, user: second-user}
- name: only-second
  context: {cluster: other, user: second-user}
users:
- name: second-user
  user: {token: second-token}
"#,
    );
    let missing = dir.path().join("missing.yaml");
    let list = std::env::join_paths([&first, &missing, &second]).unwrap();
    let locations = Locations {
        kubeconfig_env: Some(list),
        home: Some(dir.path().to_path_buf()),
    };
    let config = Kubeconfig::load(&locations, None).unwrap();
    let listing = config.listing();
    assert_eq!(listing.source, KubeconfigSource::Env);
    assert_eq!(
        listing.files,
        vec![first.display().to_string(), second.display().to_string()]
    );
    // The first file has no current-context: the second's is taken.
    assert_eq!(listing.current_context.as_deref(), Some("only-second"));
    let shared = context(&listing, "shared");
    assert_eq!(shared.server.as_deref(), Some("https://first.example:6443"));
    assert_eq!(shared.user, "first-user");
    assert_eq!(shared.file, first.display().to_string());
    let only = context(&listing, "only-second");
    assert!(only.current);
    assert_eq!(only.server.as_deref(), Some("https://other.example:6443"));
    assert_eq!(
        config.resolve("shared").unwrap().token.unwrap().expose(),
        "first-token"
    );
}

#[test]
fn kubeconfig_naming_only_missing_files_is_refused_with_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let locations = Locations {
        kubeconfig_env: Some(std::env::join_paths([dir.path().join("nope")]).unwrap()),
        home: Some(dir.path().to_path_buf()),
    };
    let error = Kubeconfig::load(&locations, None).unwrap_err();
    assert!(
        matches!(&error, Error::KubeconfigNotFound { paths } if paths[0].ends_with("nope")),
        "{error}"
    );
    // No $KUBECONFIG and no ~/.kube/config.
    let error = Kubeconfig::load(&home(dir.path()), None).unwrap_err();
    assert!(error.to_string().contains(".kube/config"), "{error}");
}

#[test]
fn a_chosen_path_must_exist_and_tilde_means_home() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "clusters/lab.yaml", &oc_login_config());
    let error = Kubeconfig::load(&home(dir.path()), Some("~/clusters/missing.yaml")).unwrap_err();
    assert!(
        error.to_string().contains("clusters/missing.yaml"),
        "{error}"
    );
    let listing = Kubeconfig::load(&home(dir.path()), Some(" ~/clusters/lab.yaml "))
        .unwrap()
        .listing();
    assert_eq!(listing.source, KubeconfigSource::Chosen);
    assert_eq!(listing.contexts.len(), 6);
}

#[test]
fn malformed_yaml_is_refused_with_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        ".kube/config",
        "apiVersion: v1\nclusters:\n- name: x\n  cluster: {server: [unclosed\n",
    );
    let error = Kubeconfig::load(&home(dir.path()), None).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, Error::KubeconfigInvalid { .. }), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("line"), "{text}");
    // A field of the wrong type is refused too, not ignored.
    write(dir.path(), ".kube/config", "contexts: 42\n");
    let error = Kubeconfig::load(&home(dir.path()), None).unwrap_err();
    assert!(matches!(error, Error::KubeconfigInvalid { .. }), "{error}");
    // Not text at all.
    std::fs::write(dir.path().join(".kube/config"), [0xff, 0xfe, 0x00]).unwrap();
    assert!(matches!(
        Kubeconfig::load(&home(dir.path()), None).unwrap_err(),
        Error::KubeconfigInvalid { .. }
    ));
}

#[test]
fn an_empty_file_is_an_empty_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".kube/config", "\n");
    let listing = Kubeconfig::load(&home(dir.path()), None).unwrap().listing();
    assert!(listing.contexts.is_empty());
    assert_eq!(listing.current_context, None);
}

#[test]
fn a_context_naming_a_missing_cluster_or_user_is_listed_with_its_problem_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".kube/config",
        r#"
clusters:
- name: c
  cluster: {server: "https://c.example"}
- name: serverless
  cluster: {}
users:
- name: u
  user: {token: t}
contexts:
- name: no-cluster
  context: {cluster: gone, user: u}
- name: no-user
  context: {cluster: c, user: ghost}
- name: no-server
  context: {cluster: serverless, user: u}
- name: bare
"#,
    );
    let config = Kubeconfig::load(&home(dir.path()), None).unwrap();
    let listing = config.listing();
    assert_eq!(
        context(&listing, "no-cluster").problem,
        Some(KubeProblem::MissingCluster {
            cluster: "gone".into()
        })
    );
    assert_eq!(
        context(&listing, "no-user").problem,
        Some(KubeProblem::MissingUser {
            user: "ghost".into()
        })
    );
    assert_eq!(
        context(&listing, "no-server").problem,
        Some(KubeProblem::NoServer {
            cluster: "serverless".into()
        })
    );
    assert!(context(&listing, "bare").problem.is_some());
    let error = config.resolve("no-user").unwrap_err();
    assert_eq!(
        error.to_string(),
        "the context \"no-user\" cannot be imported: its user \"ghost\" is not defined in the kubeconfig"
    );
    assert!(matches!(
        config.resolve("not-there").unwrap_err(),
        Error::ContextNotFound { .. }
    ));
}

#[test]
fn token_file_and_ca_file_are_read_relative_to_the_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "conf/token", &format!("  {TOKEN}\n"));
    write(dir.path(), "conf/ca.crt", CA_PEM);
    write(dir.path(), "conf/empty-token", "\n");
    let path = write(
        dir.path(),
        "conf/kubeconfig",
        r#"
clusters:
- name: c
  cluster: {server: "https://c.example:6443", certificate-authority: ca.crt}
- name: no-ca
  cluster: {server: "https://c.example:6443", certificate-authority: /nonexistent/ca.crt}
users:
- name: file-user
  user: {tokenFile: token}
- name: empty-user
  user: {tokenFile: empty-token}
contexts:
- name: file
  context: {cluster: c, user: file-user}
- name: empty
  context: {cluster: c, user: empty-user}
- name: no-ca
  context: {cluster: no-ca, user: file-user}
"#,
    );
    let config = Kubeconfig::load(&home(dir.path()), Some(&path.display().to_string())).unwrap();
    let listing = config.listing();
    let file = context(&listing, "file");
    let token_path = dir.path().join("conf/token").display().to_string();
    assert_eq!(
        file.credential,
        KubeCredential::TokenFile {
            path: token_path.clone()
        }
    );
    assert!(file.has_token);
    assert_eq!(
        file.tls,
        KubeTls::CaFile {
            path: dir.path().join("conf/ca.crt").display().to_string()
        }
    );
    let resolved = config.resolve("file").unwrap();
    assert_eq!(resolved.token.unwrap().expose(), TOKEN);
    assert!(
        matches!(resolved.tls, ResolvedTls::Ca { ref bytes, .. } if bytes == CA_PEM.as_bytes())
    );

    let empty = context(&listing, "empty");
    assert!(!empty.has_token);
    assert!(matches!(
        &empty.credential,
        KubeCredential::TokenFileUnreadable { reason, .. } if reason == "it is empty"
    ));
    let no_ca = context(&listing, "no-ca");
    assert!(matches!(
        &no_ca.problem,
        Some(KubeProblem::BadCaFile { path, .. }) if path == "/nonexistent/ca.crt"
    ));
    assert!(config.resolve("no-ca").is_err());
}

#[test]
fn bad_ca_data_and_ca_with_insecure_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".kube/config",
        &format!(
            r#"
clusters:
- name: garbage
  cluster: {{server: "https://g.example", certificate-authority-data: "not base64!"}}
- name: not-a-cert
  cluster: {{server: "https://g.example", certificate-authority-data: aGVsbG8=}}
- name: both
  cluster: {{server: "https://g.example", certificate-authority-data: {ca}, insecure-skip-tls-verify: true}}
users:
- name: u
  user: {{token: t}}
contexts:
- {{name: garbage, context: {{cluster: garbage, user: u}}}}
- {{name: not-a-cert, context: {{cluster: not-a-cert, user: u}}}}
- {{name: both, context: {{cluster: both, user: u}}}}
"#,
            ca = ca_data()
        ),
    );
    let config = Kubeconfig::load(&home(dir.path()), None).unwrap();
    let listing = config.listing();
    assert!(matches!(
        &context(&listing, "garbage").problem,
        Some(KubeProblem::BadCaData { reason, .. }) if reason.contains("base64")
    ));
    assert!(matches!(
        &context(&listing, "not-a-cert").problem,
        Some(KubeProblem::BadCaData { .. })
    ));
    assert_eq!(
        context(&listing, "both").problem,
        Some(KubeProblem::CaWithInsecure {
            cluster: "both".into()
        })
    );
    for name in ["garbage", "not-a-cert", "both"] {
        assert!(matches!(
            config.resolve(name).unwrap_err(),
            Error::ContextUnusable { .. }
        ));
    }
}

struct App {
    dir: tempfile::TempDir,
    settings: Mutex<SettingsStore>,
    sessions: Arc<SessionStore>,
}

impl App {
    fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".kube/config", config);
        let settings = Mutex::new(SettingsStore::open(dir.path().join("config/settings.json")));
        Self {
            settings,
            sessions: Arc::new(SessionStore::new(Arc::new(MemoryStore::new()))),
            dir,
        }
    }

    fn ca_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("config/ca")
    }

    async fn import(&self, context: &str, name: &str) -> Result<import::KubeconfigImported> {
        import(
            &home(self.dir.path()),
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
    }
}

fn replace_server(config: &str, from: &str, to: &str) -> String {
    config.replace(from, to)
}

#[tokio::test]
async fn import_writes_the_ca_data_to_the_ca_store_and_keeps_a_refused_sign_in_as_data() {
    // Nothing listens on port 1: the token cannot be checked, the connection stays.
    let app = App::new(&replace_server(
        &oc_login_config(),
        "https://api.crc.testing:6443",
        "https://127.0.0.1:1",
    ));
    let imported = app
        .import("default/api-crc-testing:6443/kubeadmin", "crc")
        .await
        .unwrap();
    let connection = &imported.connection;
    assert_eq!(connection.name, "crc");
    assert_eq!(connection.kind, connections::ConnectionKind::Openshift);
    assert_eq!(connection.url, "https://127.0.0.1:1");
    let ca_file = app.ca_dir().join(format!("{}.pem", connection.id));
    assert_eq!(
        connection.tls,
        TlsMode::CaBundle {
            path: ca_file.display().to_string()
        }
    );
    assert_eq!(
        std::fs::read_to_string(&ca_file).unwrap().trim(),
        CA_PEM.trim()
    );
    assert!(
        matches!(&imported.sign_in, ImportedSignIn::Failed { message, .. } if message.contains("could not be reached")),
        "{:?}",
        imported.sign_in
    );
    let saved = std::fs::read_to_string(app.dir.path().join("config/settings.json")).unwrap();
    assert!(
        saved.contains("\"crc\"") && !saved.contains(TOKEN),
        "{saved}"
    );
    assert!(app.sessions.load(connection).unwrap().is_none());
}

#[tokio::test]
async fn import_of_a_context_without_a_token_makes_the_connection_only() {
    let app = App::new(&oc_login_config());
    let imported = app.import("eks", "eks").await.unwrap();
    assert_eq!(imported.sign_in, ImportedSignIn::NoToken);
    assert_eq!(imported.connection.tls, TlsMode::System);
    let lab = app.import("lab", "lab").await.unwrap();
    assert_eq!(lab.connection.tls, TlsMode::Insecure);
    assert!(!app.ca_dir().exists());
}

#[tokio::test]
async fn a_taken_name_or_an_unusable_context_is_refused_before_anything_is_written() {
    let app = App::new(&oc_login_config());
    app.import("eks", "prod").await.unwrap();
    let before = std::fs::read(app.dir.path().join("config/settings.json")).unwrap();
    let error = app
        .import("default/api-crc-testing:6443/kubeadmin", "prod")
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Settings(connections::Error::DuplicateName { name }) if name == "prod"),
        "{error}"
    );
    let error = app.import("gone", "other").await.unwrap_err();
    assert!(matches!(error, Error::ContextNotFound { .. }), "{error}");
    let error = app
        .import("default/api-crc-testing:6443/kubeadmin", "  ")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Settings(connections::Error::EmptyName)),
        "{error}"
    );
    assert_eq!(
        std::fs::read(app.dir.path().join("config/settings.json")).unwrap(),
        before
    );
    assert!(!app.ca_dir().exists(), "no CA file was written");
    assert_eq!(app.settings.lock().unwrap().settings().connections.len(), 1);
}

/// A token that must never reach an error message.
const PARSE_SECRET: &str = "sha256~parse-error-secret-Zq9";

/// Kubeconfigs whose parse fails right where a token sits, what the error must name, and
/// what each one looked like in the wild (a token pasted one line off, a stray quote).
fn token_where_the_parse_fails() -> Vec<(String, &'static str, &'static str)> {
    vec![
        (
            format!("users:\n- name: admin\n  user: {PARSE_SECRET}\n"),
            "line 3, column 9",
            "users[0].user: expected a mapping, found a string",
        ),
        (
            format!("users: {PARSE_SECRET}\n"),
            "line 1, column 8",
            "users: expected a sequence, found a string",
        ),
        (
            format!(
                "clusters:\n- name: c\n  cluster:\n    server: https://c:6443\n    insecure-skip-tls-verify: {PARSE_SECRET}\n"
            ),
            "line 5, column 31",
            "clusters[0].cluster.insecure-skip-tls-verify: expected a boolean",
        ),
        (
            format!("users:\n- name: admin\n  user:\n    token: \"{PARSE_SECRET}\n"),
            "line 5",
            "invalid YAML",
        ),
        (
            format!("users:\n- name: admin\n  user:\n    token: {PARSE_SECRET}\n   oops: 1\n"),
            "line 5",
            "invalid YAML",
        ),
    ]
}

#[test]
fn a_parse_error_names_line_column_and_expectation_but_never_the_token() {
    let dir = tempfile::tempdir().unwrap();
    for (text, line, expected) in token_where_the_parse_fails() {
        let path = write(dir.path(), ".kube/config", &text);
        let error = Kubeconfig::load(&home(dir.path()), None).unwrap_err();
        let (display, debug) = (error.to_string(), format!("{error:?}"));
        for shown in [&display, &debug] {
            assert!(!shown.contains("parse-error-secret"), "{shown}\n{text}");
        }
        assert!(matches!(error, Error::KubeconfigInvalid { .. }), "{debug}");
        assert!(display.contains(&path.display().to_string()), "{display}");
        assert!(display.contains(line), "{display}\n{text}");
        assert!(display.contains(expected), "{display}\n{text}");
        assert_eq!(error.detail(), None);
    }
}

#[test]
fn a_kubeconfig_or_token_file_over_4_mib_is_refused_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    // Valid YAML all the way: only the size is wrong.
    let padding = "# padding\n".repeat((MAX_FILE_BYTES / 10) as usize + 1);
    let path = write(
        dir.path(),
        ".kube/config",
        &format!("{}{padding}", oc_login_config()),
    );
    let error = Kubeconfig::load(&home(dir.path()), None).unwrap_err();
    let text = error.to_string();
    assert!(matches!(error, Error::KubeconfigInvalid { .. }), "{text}");
    assert!(
        text.contains(&path.display().to_string()) && text.contains("larger than 4 MiB"),
        "{text}"
    );
    // Exactly the limit is still read.
    let config = oc_login_config();
    let fill = MAX_FILE_BYTES as usize - config.len();
    let exact = format!("{config}#{}\n", "x".repeat(fill - 2));
    assert_eq!(exact.len() as u64, MAX_FILE_BYTES);
    write(dir.path(), ".kube/config", &exact);
    Kubeconfig::load(&home(dir.path()), None).expect("a file of exactly 4 MiB is read");

    // A device that never ends is cut at the limit, not read into memory.
    #[cfg(unix)]
    {
        let error = Kubeconfig::load(&home(dir.path()), Some("/dev/zero")).unwrap_err();
        assert!(error.to_string().contains("larger than 4 MiB"), "{error}");
    }

    // A tokenFile the kubeconfig names is capped the same way.
    write(
        dir.path(),
        "token",
        &"t".repeat(MAX_FILE_BYTES as usize + 1),
    );
    let config = "clusters:\n- name: c\n  cluster:\n    server: https://c.example:6443\nusers:\n- name: u\n  user:\n    tokenFile: token\ncontexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\n";
    let path = write(dir.path(), "config", config);
    let loaded = Kubeconfig::load(&home(dir.path()), Some(&path.display().to_string())).unwrap();
    let listing = loaded.listing();
    match &context(&listing, "ctx").credential {
        KubeCredential::TokenFileUnreadable { reason, .. } => {
            assert!(reason.contains("larger than 4 MiB"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}
