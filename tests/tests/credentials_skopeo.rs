//! The auth files and pull secrets the Credentials page writes, proven by an independent
//! client: `skopeo inspect --authfile` against the real distribution registry, in Basic mode
//! and in Bearer-token mode (where skopeo takes the credentials to the token server).

use std::path::Path;
use std::process::{Command, Output};

use base64::Engine as _;
use credentials::login::registry_key;
use credentials::model::AuthFileKind::Podman;
use credentials::model::PullSecretRequest;
use harness::registry::{Mode, Registry};
use vault::BasicCredentials;

/// `skopeo inspect` of `demo/hello:1.0.0` with `authfile`, in a home of its own (no user auth
/// file, no policy, nothing written outside it).
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

fn assert_inspects(output: &Output) {
    assert!(
        output.status.success(),
        "skopeo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        json["Name"].as_str().unwrap().ends_with("/demo/hello"),
        "{json}"
    );
}

fn assert_unauthorized(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "skopeo succeeded");
    assert!(
        stderr.to_lowercase().contains("unauthorized"),
        "skopeo failed for another reason: {stderr}"
    );
}

async fn registry_with_content(mode: Mode) -> (Registry, BasicCredentials) {
    harness::install_crypto_provider();
    let registry = Registry::start(mode).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let c = registry.credentials().expect("credentials").clone();
    (registry, BasicCredentials::new(c.username, c.password))
}

/// Writes the entry into an auth file that already holds other registries and Docker fields,
/// then lets skopeo use it; a wrong password written the same way is refused.
async fn auth_file_works_and_a_wrong_secret_is_unauthorized(mode: Mode) {
    let (registry, good) = registry_with_content(mode).await;
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let key = registry_key(&registry.url()).unwrap();
    assert_eq!(key, registry.host());

    let authfile = dir.path().join("containers/auth.json");
    std::fs::create_dir_all(authfile.parent().unwrap()).unwrap();
    std::fs::write(
        &authfile,
        r#"{"auths": {"quay.io": {"auth": "cXVheTpxdWF5"}}, "detachKeys": "ctrl-e,e"}"#,
    )
    .unwrap();
    let written = credentials::write(Podman, &authfile, &key, &good).unwrap();
    assert!(written.backup.is_some());
    assert_inspects(&inspect(&home, &registry, &authfile));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&authfile).unwrap()).unwrap();
    assert_eq!(json["detachKeys"], "ctrl-e,e");
    assert_eq!(json["auths"].as_object().unwrap().len(), 2);

    // The same registry under another name is another key: skopeo does not use it.
    let other_name = dir.path().join("localhost.json");
    let localhost_key = format!("localhost:{}", registry.port());
    credentials::write(Podman, &other_name, &localhost_key, &good).unwrap();
    assert_unauthorized(&inspect(&home, &registry, &other_name));

    let wrong = BasicCredentials::new(good.username.clone(), "not-the-password");
    let changed = credentials::write(Podman, &authfile, &key, &wrong).unwrap();
    assert_eq!(changed.change, credentials::model::EntryChange::Update);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&authfile).unwrap()).unwrap();
    assert_eq!(json["auths"].as_object().unwrap().len(), 2, "{json}");
    assert_unauthorized(&inspect(&home, &registry, &authfile));
}

/// The pull secret's `.dockerconfigjson`, decoded into a file, works as an auth file.
async fn pull_secret_content_works(mode: Mode) {
    let (registry, good) = registry_with_content(mode).await;
    let dir = tempfile::tempdir().unwrap();
    let key = registry_key(&registry.url()).unwrap();
    // Token mode: the delegated-auth entry for the token server's host as well.
    let auth_server = registry.token_server_url().map(str::to_owned);
    let request = PullSecretRequest {
        name: "registry-pull".into(),
        namespace: "project-a".into(),
        auth_server: auth_server.clone(),
    };
    for (credentials, works) in [
        (good.clone(), true),
        (BasicCredentials::new(good.username.clone(), "wrong"), false),
    ] {
        let secret = credentials::pull_secret::pull_secret(&key, &credentials, &request).unwrap();
        assert_eq!(secret.keys.len(), if auth_server.is_some() { 2 } else { 1 });
        let data = secret
            .yaml
            .lines()
            .find_map(|l| l.strip_prefix("  .dockerconfigjson: "))
            .expect("a .dockerconfigjson line");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        let file = dir.path().join(format!("dockerconfig-{works}.json"));
        std::fs::write(&file, decoded).unwrap();
        let output = inspect(dir.path(), &registry, &file);
        if works {
            assert_inspects(&output);
        } else {
            assert_unauthorized(&output);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_auth_file_entry_works_with_skopeo_and_a_wrong_secret_is_unauthorized() {
    auth_file_works_and_a_wrong_secret_is_unauthorized(Mode::Basic).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_auth_file_entry_works_with_skopeo_and_a_wrong_secret_is_unauthorized() {
    auth_file_works_and_a_wrong_secret_is_unauthorized(Mode::Token).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn basic_pull_secret_dockerconfigjson_works_with_skopeo() {
    pull_secret_content_works(Mode::Basic).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_pull_secret_with_the_auth_server_entry_works_with_skopeo() {
    pull_secret_content_works(Mode::Token).await;
}
