//! The filler lands what it promises, and its multi-arch fixtures are what skopeo, an
//! independent client, says they are.

use std::process::Command;

use harness::filler::{DOCKER_MANIFEST_LIST, FillSpec, Filler, OCI_INDEX, SEED_REPOSITORY};
use harness::registry::{Mode, Registry};
use reqwest::StatusCode;

/// Runs skopeo with HOME and XDG dirs in a temp dir, so it reads no user auth file or policy
/// and writes nothing outside it. `inspect` keeps no blob cache (that is `copy`'s).
fn skopeo(home: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new("skopeo")
        .args(args)
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .output()
        .expect("skopeo runs");
    assert!(
        output.status.success(),
        "skopeo {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filler_lands_50_repositories_with_3_tags_each() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    let spec = FillSpec::new(50, 3);
    let names = filler.fill(&spec).await.unwrap();
    assert_eq!(names.len(), 50);

    let client = registry.client().unwrap();
    let mut catalog = client.catalog().await.unwrap();
    catalog.retain(|r| r != SEED_REPOSITORY);
    catalog.sort();
    assert_eq!(catalog, names);
    for name in &names {
        assert_eq!(
            client.tags(name).await.unwrap(),
            ["1.0.0", "1.10.0", "1.2.0"],
            "{name}"
        );
    }
}

#[tokio::test]
async fn filler_works_through_token_auth_with_mounts() {
    let registry = Registry::start(Mode::Token).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    let names = filler.fill(&FillSpec::new(5, 2)).await.unwrap();
    let client = registry.client().unwrap();
    for name in &names {
        assert_eq!(client.tags(name).await.unwrap(), ["1.0.0", "1.2.0"]);
    }
    // Mounts, not uploads: the layer was uploaded once, to the seed.
    let log = registry.log();
    let mounts = log.matches("mount=").count();
    assert!(
        mounts >= names.len(),
        "expected a mount per repository in the log"
    );
}

#[tokio::test]
async fn oci_index_and_manifest_list_are_multi_arch_for_skopeo() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler.push_oci_index("demo/multiarch", "v1").await.unwrap();
    filler
        .push_docker_manifest_list("demo/multiarch-docker", "v1")
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let image = |repo: &str| format!("docker://{}/{repo}:v1", registry.host());

    let raw: serde_json::Value = serde_json::from_str(&skopeo(
        home.path(),
        &[
            "inspect",
            "--raw",
            "--tls-verify=false",
            &image("demo/multiarch"),
        ],
    ))
    .unwrap();
    assert_eq!(raw["mediaType"], OCI_INDEX);
    assert_eq!(raw["manifests"].as_array().unwrap().len(), 2);

    for (arch, repo) in [
        ("arm64", "demo/multiarch"),
        ("amd64", "demo/multiarch"),
        ("arm64", "demo/multiarch-docker"),
    ] {
        let inspected: serde_json::Value = serde_json::from_str(&skopeo(
            home.path(),
            &[
                "inspect",
                "--override-arch",
                arch,
                "--override-os",
                "linux",
                "--tls-verify=false",
                &image(repo),
            ],
        ))
        .unwrap();
        assert_eq!(inspected["Architecture"], arch, "{repo}");
        assert_eq!(inspected["Os"], "linux");
    }

    let raw: serde_json::Value = serde_json::from_str(&skopeo(
        home.path(),
        &[
            "inspect",
            "--raw",
            "--tls-verify=false",
            &image("demo/multiarch-docker"),
        ],
    ))
    .unwrap();
    assert_eq!(raw["mediaType"], DOCKER_MANIFEST_LIST);
}

#[tokio::test]
async fn untagged_repository_is_in_the_catalog_but_its_tags_are_name_unknown() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler.push_untagged("demo/untagged").await.unwrap();
    let client = registry.client().unwrap();
    assert!(
        client
            .catalog()
            .await
            .unwrap()
            .contains(&"demo/untagged".to_owned())
    );
    let response = client
        .send(harness::client::Call::get("/v2/demo/untagged/tags/list"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "NAME_UNKNOWN");
}

#[tokio::test]
async fn demo_content_pushes_the_sample_set() {
    let registry = Registry::start(Mode::Basic).unwrap();
    harness::filler::demo_content(&registry).await.unwrap();
    let client = registry.client().unwrap();
    let mut catalog = client.catalog().await.unwrap();
    catalog.sort();
    let mut expected: Vec<String> = harness::filler::DEMO_REPOSITORIES
        .iter()
        .map(|(r, _)| (*r).to_owned())
        .collect();
    expected.sort();
    assert_eq!(catalog, expected);
    for (repo, tags) in harness::filler::DEMO_REPOSITORIES {
        if tags.is_empty() {
            continue;
        }
        let mut tags: Vec<&str> = tags.to_vec();
        tags.sort();
        assert_eq!(client.tags(repo).await.unwrap(), tags, "{repo}");
    }
}
