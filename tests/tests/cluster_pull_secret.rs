//! A pull secret made by the cluster crate, as a real kube-apiserver stores it, is proven
//! against the real distribution registry by an independent client: its
//! `.dockerconfigjson` is given to `skopeo inspect --authfile`, in Basic and Bearer-token
//! modes (the token mode with the delegated-auth pair of entries: the auth server and the
//! registry). A wrong password in the same secret fails the same way `skopeo` fails for a
//! user.

use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cluster::{ClusterClient, PullSecretEntry};
use harness::filler::Filler;
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::{Mode, Registry};
use vault::Secret;

/// skopeo with its HOME and XDG dirs in `home`, so no user auth file is read.
fn skopeo(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new("skopeo")
        .args(args)
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env_remove("REGISTRY_AUTH_FILE")
        .output()
        .expect("skopeo runs")
}

/// Creates the pull secret in the cluster as alice (admin of project `p`) and returns the
/// `.dockerconfigjson` the cluster stored.
async fn stored_config(kube: &KubeCluster, name: &str, entries: &[PullSecretEntry]) -> Vec<u8> {
    let tls = connections::TlsMode::CaBundle {
        path: kube.ca_path().display().to_string(),
    };
    let alice = ClusterClient::new(kube.url(), &tls, Secret::new(kube.token("alice"))).unwrap();
    alice.create_pull_secret("p", name, entries).await.unwrap();
    let stored = kube
        .object("", "secrets", "p", name)
        .unwrap()
        .expect("the secret is stored");
    STANDARD
        .decode(stored["data"][".dockerconfigjson"].as_str().unwrap())
        .unwrap()
}

fn entry(registry: &str, user: &str, password: &str) -> PullSecretEntry {
    PullSecretEntry {
        registry: registry.into(),
        username: user.into(),
        password: Secret::new(password),
        email: None,
    }
}

async fn prove(mode: Mode) {
    let registry = Registry::start(mode).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler.push_oci_index("demo/app", "v1").await.unwrap();
    let credentials = registry.credentials().expect("credentials").clone();
    let kube = KubeCluster::start(&[KubeUser::new("alice", &[])]).unwrap();
    kube.add_project("p", Some("alice")).unwrap();

    let mut good = vec![entry(
        &registry.host(),
        &credentials.username,
        &credentials.password,
    )];
    let mut bad = vec![entry(
        &registry.host(),
        &credentials.username,
        "wrong-password",
    )];
    if let Some(url) = registry.token_server_url() {
        // Delegated auth: an entry for the auth server too.
        let auth_host = url::Url::parse(url).unwrap();
        let auth_host = format!(
            "{}:{}",
            auth_host.host_str().unwrap(),
            auth_host.port().unwrap()
        );
        good.insert(
            0,
            entry(&auth_host, &credentials.username, &credentials.password),
        );
        bad.insert(
            0,
            entry(&auth_host, &credentials.username, "wrong-password"),
        );
    }
    let home = tempfile::tempdir().unwrap();
    let image = format!("docker://{}/demo/app:v1", registry.host());

    let authfile = home.path().join("pull-secret.json");
    std::fs::write(&authfile, stored_config(&kube, "good", &good).await).unwrap();
    let ok = skopeo(
        home.path(),
        &[
            "inspect",
            "--raw",
            "--tls-verify=false",
            "--authfile",
            authfile.to_str().unwrap(),
            &image,
        ],
    );
    assert!(
        ok.status.success(),
        "{mode:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let raw: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(raw["manifests"].as_array().unwrap().len(), 2);

    // No credentials at all: refused (so the success above is the secret's doing).
    let none = skopeo(
        home.path(),
        &["inspect", "--raw", "--tls-verify=false", &image],
    );
    assert!(!none.status.success(), "{mode:?}: anonymous pull worked");

    std::fs::write(&authfile, stored_config(&kube, "bad", &bad).await).unwrap();
    let refused = skopeo(
        home.path(),
        &[
            "inspect",
            "--raw",
            "--tls-verify=false",
            "--authfile",
            authfile.to_str().unwrap(),
            &image,
        ],
    );
    assert!(!refused.status.success(), "{mode:?}: wrong password worked");
    let stderr = String::from_utf8_lossy(&refused.stderr).to_lowercase();
    assert!(
        stderr.contains("unauthorized") || stderr.contains("authentication required"),
        "{mode:?}: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_secret_works_with_skopeo_against_a_basic_auth_registry() {
    prove(Mode::Basic).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_secret_with_delegated_auth_works_against_a_token_registry() {
    prove(Mode::Token).await;
}
