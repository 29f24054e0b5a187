//! The registry client against the real distribution registry in all four modes: catalog
//! paging, tag order, summaries and details of every manifest kind, delete plans and deletes,
//! and the refusals an admin meets (wrong password, no delete right, delete disabled,
//! untrusted certificate).

use std::time::Duration;

use connections::{Connection, ConnectionKind, TlsMode};
use harness::filler::{FillSpec, Filler, demo_content};
use harness::registry::{Mode, Registry, RegistryOptions};
use harness::token_server::{BOB_PASSWORD, TokenServerConfig};
use registry::model::{CatalogEvent, ManifestKind, Platform};
use registry::{CancelFlag, ClientOptions, Error, RegistryClient};
use vault::BasicCredentials;

fn connection(registry: &Registry, tls: TlsMode) -> Connection {
    Connection {
        id: "test".into(),
        name: "test".into(),
        kind: ConnectionKind::Registry,
        url: registry.url(),
        tls,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn default_tls(registry: &Registry) -> TlsMode {
    match registry.ca_path() {
        Some(path) => TlsMode::CaBundle {
            path: path.display().to_string(),
        },
        None => TlsMode::System,
    }
}

fn credentials(registry: &Registry) -> Option<BasicCredentials> {
    registry
        .credentials()
        .map(|c| BasicCredentials::new(&c.username, &c.password))
}

fn client_with(registry: &Registry, options: ClientOptions) -> RegistryClient {
    RegistryClient::with_options(
        &connection(registry, default_tls(registry)),
        credentials(registry),
        options,
    )
    .expect("client builds")
}

fn client(registry: &Registry) -> RegistryClient {
    client_with(registry, ClientOptions::default())
}

fn small_pages(n: u32) -> ClientOptions {
    ClientOptions {
        catalog_page_size: n,
        ..ClientOptions::default()
    }
}

/// Lists the whole catalog; returns the names, the page sizes and the final event.
async fn list(
    client: &RegistryClient,
    cancel: &CancelFlag,
) -> (Vec<String>, Vec<u32>, CatalogEvent) {
    let mut names = Vec::new();
    let mut loaded = Vec::new();
    let mut last = None;
    client
        .catalog(cancel, &mut |event| match event {
            CatalogEvent::Page {
                repositories,
                loaded: n,
            } => {
                names.extend(repositories);
                loaded.push(n);
            }
            other => last = Some(other),
        })
        .await
        .expect("catalog lists");
    (names, loaded, last.expect("a final event"))
}

fn linux(arch: &str, variant: Option<&str>) -> Platform {
    Platform {
        os: "linux".into(),
        architecture: arch.into(),
        variant: variant.map(Into::into),
    }
}

/// Everything a user does while browsing, in one registry of `mode` holding the demo content.
async fn browse_demo_content(mode: Mode) {
    let registry = Registry::start(mode).expect("registry starts");
    demo_content(&registry).await.expect("demo content pushed");
    // Pages of 3 make the 7 demo repositories span three pages.
    let client = client_with(&registry, small_pages(3));
    client.check().await.expect("GET /v2/ succeeds");

    let (mut names, loaded, done) = list(&client, &CancelFlag::new()).await;
    names.sort();
    assert_eq!(
        names,
        [
            "demo/hello",
            "demo/multiarch",
            "demo/multiarch-docker",
            "demo/untagged",
            "library/busybox",
            "team/app/api",
            "team/app/web",
        ]
    );
    assert_eq!(loaded, [3, 6, 7]);
    assert!(
        matches!(done, CatalogEvent::Done { total: 7, .. }),
        "{done:?}"
    );

    assert_eq!(
        client.tags("demo/hello").await.unwrap(),
        ["latest", "2024-01-05", "1.10.0", "1.2.0", "1.0.0"]
    );

    // Docker v2 (1.0.0) and OCI (1.2.0) single images.
    for (tag, kind) in [
        ("1.0.0", ManifestKind::DockerV2),
        ("1.2.0", ManifestKind::OciManifest),
    ] {
        let summary = client.tag_summary("demo/hello", tag).await.unwrap();
        assert_eq!(summary.kind, kind, "{tag}");
        assert_eq!(summary.platforms, [linux("amd64", None)]);
        assert_eq!(summary.created.as_deref(), Some("2024-01-05T00:00:00Z"));
        assert!(summary.total_size.unwrap() > 100, "{summary:?}");
        assert!(summary.digest.starts_with("sha256:"));

        let detail = client.manifest("demo/hello", tag).await.unwrap();
        assert_eq!(detail.kind, kind);
        assert_eq!(detail.digest, summary.digest);
        let image = detail.image.as_ref().expect("an image");
        assert_eq!(image.cmd, ["/bin/sh"]);
        assert_eq!(
            image.labels["io.registry-console.test.image"],
            format!("demo/hello:{tag}")
        );
        assert_eq!(image.platform, linux("amd64", None));
        assert_eq!(image.layers.len(), 1);
        assert_eq!(
            image.history[0].created_by.as_deref(),
            Some("registry-console test filler")
        );
        assert_eq!(
            image.total_size,
            image.config_size + image.layers.iter().map(|l| l.size).sum::<u64>()
        );
        assert_eq!(Some(image.total_size), summary.total_size);
        let host = registry.host();
        assert_eq!(detail.pull.by_tag, Some(format!("{host}/demo/hello:{tag}")));
        assert_eq!(
            detail.pull.by_digest,
            format!("{host}/demo/hello@{}", detail.digest)
        );
        assert_eq!(
            detail.pull.podman_pull,
            format!("podman pull {}", detail.pull.by_digest)
        );
        assert!(
            detail.raw.contains("\n  \"schemaVersion\": 2"),
            "{}",
            detail.raw
        );

        // The same manifest by digest: verified, and no tag spec.
        let by_digest = client.manifest("demo/hello", &detail.digest).await.unwrap();
        assert_eq!(by_digest.digest, detail.digest);
        assert_eq!(by_digest.pull.by_tag, None);
    }

    // An OCI index and a Docker manifest list, each linux/amd64 + linux/arm64/v8.
    for (repo, kind) in [
        ("demo/multiarch", ManifestKind::OciIndex),
        ("demo/multiarch-docker", ManifestKind::DockerManifestList),
    ] {
        let summary = client.tag_summary(repo, "v1").await.unwrap();
        assert_eq!(summary.kind, kind, "{repo}");
        assert_eq!(
            summary.platforms,
            [linux("amd64", None), linux("arm64", Some("v8"))]
        );
        assert!(
            summary.total_size.is_some() && summary.created.is_some(),
            "{summary:?}"
        );

        let detail = client.manifest(repo, "v1").await.unwrap();
        assert_eq!(detail.kind, kind);
        assert!(detail.image.is_none());
        assert_eq!(detail.entries.len(), 2);
        let arm = &detail.entries[1];
        assert_eq!(arm.platform, Some(linux("arm64", Some("v8"))));
        // Choosing a platform: the entry's manifest by digest, with its own config.
        let image = client.manifest(repo, &arm.digest).await.unwrap();
        let image = image.image.expect("the arm64 image");
        assert_eq!(image.platform, linux("arm64", Some("v8")));
        assert_eq!(
            image.labels["io.registry-console.test.image"],
            format!("{repo}:v1 (arm64)")
        );
    }

    // A repository with only mounted blobs is listed, but has no tags.
    let error = client.tags("demo/untagged").await.unwrap_err();
    assert!(matches!(error, Error::NotFound { .. }), "{error:?}");
    assert!(
        error.detail().unwrap().contains("NAME_UNKNOWN"),
        "{:?}",
        error.detail()
    );

    // Deleting `latest` takes 1.10.0 with it: same digest.
    let plan = client.delete_plan("demo/hello", "latest").await.unwrap();
    assert_eq!(plan.tags, ["latest", "1.10.0"]);
    let newest = client.manifest("demo/hello", "1.10.0").await.unwrap();
    assert_eq!(plan.digest, newest.digest);
    client
        .delete_manifest("demo/hello", &plan.digest)
        .await
        .expect("delete accepted");
    assert_eq!(
        client.tags("demo/hello").await.unwrap(),
        ["2024-01-05", "1.2.0", "1.0.0"]
    );
    let gone = client
        .manifest("demo/hello", &plan.digest)
        .await
        .unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
}

#[tokio::test]
async fn open_registry_browses_every_manifest_kind_and_deletes_by_digest() {
    browse_demo_content(Mode::Open).await;
}

#[tokio::test]
async fn basic_registry_browses_every_manifest_kind_and_deletes_by_digest() {
    browse_demo_content(Mode::Basic).await;
}

#[tokio::test]
async fn tls_registry_with_its_ca_bundle_browses_every_manifest_kind_and_deletes_by_digest() {
    browse_demo_content(Mode::Tls).await;
}

#[tokio::test]
async fn token_registry_browses_every_manifest_kind_and_deletes_by_digest() {
    browse_demo_content(Mode::Token).await;
}

#[tokio::test]
async fn catalog_follows_link_pages_and_can_be_cancelled_between_pages() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    let mut expected = filler.fill(&FillSpec::new(120, 1)).await.unwrap();
    expected.push(filler.seed_repository().to_owned());
    expected.sort();

    let client = client_with(&registry, small_pages(50));
    let (mut names, loaded, done) = list(&client, &CancelFlag::new()).await;
    names.sort();
    assert_eq!(names, expected);
    assert_eq!(loaded, [50, 100, 121]);
    assert!(
        matches!(done, CatalogEvent::Done { total: 121, .. }),
        "{done:?}"
    );

    let cancel = CancelFlag::new();
    let mut events = Vec::new();
    client
        .catalog(&cancel, &mut |event| {
            if matches!(event, CatalogEvent::Page { .. }) {
                cancel.cancel();
            }
            events.push(event);
        })
        .await
        .unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[1], CatalogEvent::Cancelled { loaded: 50 });
}

#[tokio::test]
async fn catalog_page_size_the_registry_refuses_falls_back_to_pages_of_100() {
    let registry = Registry::start(Mode::Open).unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler.fill(&FillSpec::new(150, 1)).await.unwrap();
    // The registry answers n > 1000 with 400 PAGINATION_NUMBER_INVALID.
    let client = client_with(&registry, small_pages(5000));
    let (names, loaded, done) = list(&client, &CancelFlag::new()).await;
    assert_eq!(names.len(), 151);
    assert_eq!(loaded, [100, 151]);
    assert!(matches!(done, CatalogEvent::Done { total: 151, .. }));
}

#[tokio::test]
async fn delete_on_a_registry_with_delete_disabled_explains_how_to_enable_it() {
    let registry = Registry::start_with(RegistryOptions {
        delete_enabled: false,
        ..RegistryOptions::new(Mode::Open)
    })
    .unwrap();
    demo_content(&registry).await.unwrap();
    let client = client(&registry);
    let plan = client.delete_plan("team/app/web", "2.0.0").await.unwrap();
    let error = client
        .delete_manifest("team/app/web", &plan.digest)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::DeleteDisabled { status: 405, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("storage.delete.enabled"),
        "{error}"
    );
    assert!(
        error.detail().unwrap().contains("UNSUPPORTED"),
        "{:?}",
        error.detail()
    );
    // Nothing was deleted.
    assert!(client.manifest("team/app/web", &plan.digest).await.is_ok());
}

#[tokio::test]
async fn wrong_basic_password_is_sign_in_required_with_the_registrys_error() {
    let registry = Registry::start(Mode::Basic).unwrap();
    let username = registry.credentials().unwrap().username.clone();
    let client = RegistryClient::new(
        &connection(&registry, TlsMode::System),
        Some(BasicCredentials::new(username, "not-the-password")),
    )
    .unwrap();
    let error = client.check().await.unwrap_err();
    assert!(
        matches!(error, Error::SignInRequired { status: 401, .. }),
        "{error:?}"
    );
    assert!(
        error.detail().unwrap().contains("UNAUTHORIZED"),
        "{:?}",
        error.detail()
    );
    assert!(!format!("{error:?} {error}").contains("not-the-password"));

    let anonymous = RegistryClient::new(&connection(&registry, TlsMode::System), None).unwrap();
    let error = anonymous.tags("demo/hello").await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
}

#[tokio::test]
async fn token_user_with_pull_only_is_denied_a_delete_but_may_pull() {
    let registry = Registry::start(Mode::Token).unwrap();
    demo_content(&registry).await.unwrap();
    let bob = RegistryClient::new(
        &connection(&registry, TlsMode::System),
        Some(BasicCredentials::new("bob", BOB_PASSWORD)),
    )
    .unwrap();
    let plan = bob.delete_plan("demo/hello", "latest").await.unwrap();
    assert_eq!(plan.tags, ["latest", "1.10.0"]);
    let error = bob
        .delete_manifest("demo/hello", &plan.digest)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::AccessDenied { .. }), "{error:?}");
    // Bob may not pull outside demo/* either.
    let error = bob.tags("team/app/api").await.unwrap_err();
    assert!(matches!(error, Error::AccessDenied { .. }), "{error:?}");
    // Still there.
    assert!(bob.manifest("demo/hello", &plan.digest).await.is_ok());
}

#[tokio::test]
async fn wrong_password_at_the_token_server_is_sign_in_required() {
    let registry = Registry::start(Mode::Token).unwrap();
    let client = RegistryClient::new(
        &connection(&registry, TlsMode::System),
        Some(BasicCredentials::new("alice", "wrong")),
    )
    .unwrap();
    let error = client.check().await.unwrap_err();
    assert!(matches!(error, Error::SignInRequired { .. }), "{error:?}");
    assert!(
        error
            .detail()
            .unwrap()
            .contains("incorrect username or password")
    );
}

#[tokio::test]
async fn tokens_are_cached_per_scope_across_calls() {
    let registry = Registry::start(Mode::Token).unwrap();
    demo_content(&registry).await.unwrap();
    let tokens = registry.token_server().unwrap();
    let before = tokens.issued_for("repository:demo/hello:pull");
    let client = client(&registry);
    client.tags("demo/hello").await.unwrap();
    client.tags("demo/hello").await.unwrap();
    client.tag_summary("demo/hello", "1.0.0").await.unwrap();
    client.manifest("demo/hello", "1.2.0").await.unwrap();
    assert_eq!(tokens.issued_for("repository:demo/hello:pull") - before, 1);
    client.tags("team/app/api").await.unwrap();
    assert_eq!(tokens.issued_for("repository:team/app/api:pull"), 1);
    assert_eq!(tokens.issued_for("repository:demo/hello:pull") - before, 1);
}

#[tokio::test]
async fn token_expiring_in_the_middle_of_a_catalog_listing_is_renewed_and_the_listing_completes() {
    let registry = Registry::start_with(RegistryOptions {
        token: TokenServerConfig {
            lifetime: Duration::from_secs(1),
            ..TokenServerConfig::default()
        },
        ..RegistryOptions::new(Mode::Token)
    })
    .unwrap();
    demo_content(&registry).await.unwrap();
    let tokens = registry.token_server().unwrap();
    let client = client_with(&registry, small_pages(2));
    let mut pages = 0;
    let mut done = None;
    client
        .catalog(&CancelFlag::new(), &mut |event| match event {
            CatalogEvent::Page { .. } => {
                pages += 1;
                if pages == 1 {
                    // Setup, not an assertion: let the 1 s token expire between two pages.
                    std::thread::sleep(Duration::from_millis(1200));
                }
            }
            other => done = Some(other),
        })
        .await
        .expect("the listing survives the expiry");
    assert_eq!(pages, 4);
    assert!(
        matches!(done, Some(CatalogEvent::Done { total: 7, .. })),
        "{done:?}"
    );
    assert_eq!(tokens.issued_for("registry:catalog:*"), 2);
}

#[tokio::test]
async fn system_roots_refuse_the_test_ca_with_a_tls_failure() {
    let registry = Registry::start(Mode::Tls).unwrap();
    let client = RegistryClient::new(&connection(&registry, TlsMode::System), None).unwrap();
    let error = client.check().await.unwrap_err();
    assert!(matches!(error, Error::Tls { .. }), "{error:?}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    let insecure = RegistryClient::new(&connection(&registry, TlsMode::Insecure), None).unwrap();
    insecure.check().await.expect("verification off accepts it");
}
