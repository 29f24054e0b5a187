//! The `quay` crate's repository and tag calls against a real Quay 3.18 (`harness::quay`):
//! create, list, detail (tag count), visibility, delete; active tags over several pages, a
//! tag's history, expiration, deletion and restore; and Quay's refusals of each, said as the
//! crate's errors.
//!
//! Quay's background workers do not run here: an expired tag is not collected by a worker
//! (Quay hides it when read), and a deleted repository's storage is not freed.

use connections::{Connection, ConnectionKind, TlsMode};
use harness::client::{Call, Credentials, RegistryClient};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::quay::Quay;
use quay::{Error, QuayClient, Visibility};
use serde_json::json;

fn connection(quay: &Quay) -> Connection {
    Connection {
        id: "quay-1".into(),
        name: "Quay".into(),
        kind: ConnectionKind::Quay,
        url: quay.url().into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn client(quay: &Quay, token: &str) -> QuayClient {
    QuayClient::new(&connection(quay), vault::Secret::new(token)).unwrap()
}

fn organization(quay: &Quay, name: &str) {
    let (status, org) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": name, "email": format!("{name}@example.com")})),
        )
        .unwrap();
    assert_eq!(status, 201, "{org}\n{}", quay.log_tail());
}

fn pusher(quay: &Quay) -> RegistryClient {
    RegistryClient::new(
        quay.url(),
        Some(Credentials::new("$oauthtoken", quay.admin_token())),
        None,
    )
    .unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn repositories_are_created_listed_made_public_and_deleted_and_refusals_are_said() {
    let quay = Quay::start().expect("Quay starts");
    organization(&quay, "ops");
    let admin = client(&quay, quay.admin_token());

    let made = admin
        .create_repository("ops", "web", Visibility::Private, "the web front end")
        .await
        .unwrap();
    assert_eq!(
        (made.namespace.as_str(), made.name.as_str()),
        ("ops", "web")
    );
    admin
        .create_repository("ops", "api", Visibility::Public, "")
        .await
        .unwrap();
    let listed = admin.repositories("ops").await.unwrap();
    let names: Vec<(&str, bool)> = listed
        .iter()
        .map(|r| (r.name.as_str(), r.is_public))
        .collect();
    assert_eq!(names, [("api", true), ("web", false)]);
    assert_eq!(listed[1].description.as_deref(), Some("the web front end"));

    // The detail: no tags yet, and the superuser may do everything.
    let detail = admin.repository("ops", "web").await.unwrap();
    assert_eq!(detail.tag_count, 0);
    assert!(!detail.tag_count_capped);
    assert!(detail.can_write && detail.can_admin, "{detail:?}");
    assert!(!detail.repository.is_public);

    // A name already taken: Quay's 400 "Repository already exists".
    let taken = admin
        .create_repository("ops", "web", Visibility::Private, "")
        .await
        .unwrap_err();
    assert!(
        matches!(&taken, Error::Refused { status: 400, message: Some(m), .. } if m == "Repository already exists"),
        "{taken:?}"
    );
    // Names Quay would refuse are refused before sending.
    for bad in ["Web", "-web", "a//b", "web/"] {
        assert!(matches!(
            admin
                .create_repository("ops", bad, Visibility::Private, "")
                .await
                .unwrap_err(),
            Error::InvalidName { .. }
        ));
    }

    // Public: anyone may read it, even without a token; private again: not any more (Quay
    // answers an anonymous read of a private repository 401).
    let anonymous = |path: &str| {
        let url = format!("{}/api/v1{path}", quay.url());
        async move { reqwest::get(url).await.unwrap().status().as_u16() }
    };
    assert_eq!(anonymous("/repository/ops/web").await, 401);
    admin
        .set_repository_visibility("ops", "web", Visibility::Public)
        .await
        .unwrap();
    assert!(
        admin
            .repository("ops", "web")
            .await
            .unwrap()
            .repository
            .is_public
    );
    assert_eq!(anonymous("/repository/ops/web").await, 200);
    admin
        .set_repository_visibility("ops", "web", Visibility::Private)
        .await
        .unwrap();
    assert_eq!(anonymous("/repository/ops/web").await, 401);

    // A user who is not a member of ops: Quay's 403 for each, said in words.
    let dev = quay
        .create_user(
            "dev",
            "repo:read repo:write repo:admin repo:create user:read org:admin",
        )
        .unwrap();
    let as_dev = client(&quay, &dev.token);
    for refused in [
        as_dev
            .create_repository("ops", "mine", Visibility::Private, "")
            .await
            .unwrap_err(),
        as_dev
            .set_repository_visibility("ops", "web", Visibility::Public)
            .await
            .unwrap_err(),
        as_dev.delete_repository("ops", "web").await.unwrap_err(),
        as_dev.repository("ops", "web").await.unwrap_err(),
    ] {
        assert!(matches!(refused, Error::Forbidden { .. }), "{refused:?}");
        assert_eq!(refused.code(), codes::ErrorCode::AccessDenied);
        assert!(
            refused.to_string().contains("Quay refused (HTTP 403)"),
            "{refused}"
        );
    }
    // Its own namespace is its own.
    as_dev
        .create_repository("dev", "mine", Visibility::Private, "")
        .await
        .unwrap();
    assert_eq!(as_dev.repositories("dev").await.unwrap().len(), 1);

    // A token without `repo:create` (Quay: 403 insufficient_scope) and one without
    // `repo:admin` may not create or change visibility, though the admin behind them may.
    let read_only = client(
        &quay,
        &quay.admin_token_with_scopes("ops", "repo:read").unwrap(),
    );
    let refused = read_only
        .create_repository("ops", "scoped", Visibility::Private, "")
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Forbidden { .. }), "{refused:?}");
    let refused = read_only
        .set_repository_visibility("ops", "web", Visibility::Public)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Forbidden { .. }), "{refused:?}");
    assert_eq!(read_only.repositories("ops").await.unwrap().len(), 2);

    // Deleted: gone from the list and the detail.
    admin.delete_repository("ops", "api").await.unwrap();
    let names: Vec<String> = admin
        .repositories("ops")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["web"]);
    let gone = admin.repository("ops", "api").await.unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
    // Quay's docs promise 404 for a missing repository; its changevisibility answers 200 with
    // an empty body (the crate says not found), and its delete answers 204 (the crate
    // succeeds: nothing is there either way).
    let missing = admin
        .set_repository_visibility("ops", "never", Visibility::Public)
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
    admin.delete_repository("ops", "never").await.unwrap();
}

#[tokio::test]
async fn tags_are_listed_over_pages_expired_deleted_and_restored() {
    let quay = Quay::start().expect("Quay starts");
    organization(&quay, "ops");
    let filler = Filler::with_client(pusher(&quay), "ops/seed")
        .await
        .unwrap();
    let one = filler
        .push_image("ops/web", "1.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    let latest = filler
        .push_image("ops/web", "latest", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();
    let multi = filler.push_oci_index("ops/web", "multi").await.unwrap();
    let admin = client(&quay, quay.admin_token());

    let tags = admin.tags("ops", "web").await.unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["1.0", "latest", "multi"]);
    assert_eq!(tags[0].manifest_digest, one);
    assert_eq!(tags[1].manifest_digest, latest);
    assert_eq!(tags[2].manifest_digest, multi);
    assert!(tags[2].is_manifest_list && !tags[0].is_manifest_list);
    assert!(tags[0].size.is_some_and(|s| s > 0), "{tags:?}");
    assert!(tags.iter().all(|t| t.expiration.is_none()));
    let pushed_at = tags[0].last_modified.unwrap();
    assert!((now() - pushed_at).abs() < 600, "{pushed_at}");
    assert_eq!(admin.repository("ops", "web").await.unwrap().tag_count, 3);

    // An expiration in the future shows; cleared, it is gone; one in the past is Quay's 400.
    let soon = now() + 3600;
    admin
        .set_tag_expiration("ops", "web", "1.0", Some(soon))
        .await
        .unwrap();
    let tags = admin.tags("ops", "web").await.unwrap();
    assert_eq!(tags[0].expiration, Some(soon));
    admin
        .set_tag_expiration("ops", "web", "1.0", None)
        .await
        .unwrap();
    assert_eq!(admin.tags("ops", "web").await.unwrap()[0].expiration, None);
    let past = admin
        .set_tag_expiration("ops", "web", "1.0", Some(now() - 60))
        .await
        .unwrap_err();
    assert!(
        matches!(past, Error::Refused { status: 400, .. }),
        "{past:?}"
    );
    let missing = admin
        .set_tag_expiration("ops", "web", "nope", Some(soon))
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");

    // Deleted: not active, but in the history with an end; restored with its digest.
    admin.delete_tag("ops", "web", "latest").await.unwrap();
    let names: Vec<String> = admin
        .tags("ops", "web")
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["1.0", "multi"]);
    let history = admin.tag_history("ops", "web", "latest").await.unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].manifest_digest, latest);
    assert!(
        history[0].end.is_some_and(|end| end <= now()),
        "{history:?}"
    );
    assert!(!history[0].is_alive_at(now() + 1));
    admin
        .restore_tag("ops", "web", "latest", &latest)
        .await
        .unwrap();
    let restored = admin.tags("ops", "web").await.unwrap();
    assert!(
        restored
            .iter()
            .any(|t| t.name == "latest" && t.manifest_digest == latest)
    );
    let history = admin.tag_history("ops", "web", "latest").await.unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history[0].reversion && history[0].end.is_none(),
        "{history:?}"
    );
    assert!(!history[1].reversion && history[1].end.is_some());

    // Quay restores a tag to any manifest of the repository, even one it never pointed at
    // (`latest` -> the manifest of `1.0`): the "restore" is a retarget marked as a reversion.
    admin
        .restore_tag("ops", "web", "latest", &one)
        .await
        .unwrap();
    let moved = admin.tags("ops", "web").await.unwrap();
    assert!(
        moved
            .iter()
            .any(|t| t.name == "latest" && t.manifest_digest == one)
    );
    // A digest not in the repository: Quay's 404.
    let unknown = admin
        .restore_tag(
            "ops",
            "web",
            "latest",
            &format!("sha256:{}", "0".repeat(64)),
        )
        .await
        .unwrap_err();
    assert!(matches!(unknown, Error::NotFound { .. }), "{unknown:?}");
    // A tag that is not there: Quay's 404; names refused before sending.
    let missing = admin.delete_tag("ops", "web", "nope").await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
    assert!(matches!(
        admin.delete_tag("ops", "web", ".bad").await.unwrap_err(),
        Error::InvalidName { .. }
    ));
    assert!(matches!(
        admin
            .restore_tag("ops", "web", "latest", "latest")
            .await
            .unwrap_err(),
        Error::InvalidName { .. }
    ));
    let missing_repo = admin.tags("ops", "never").await.unwrap_err();
    assert!(
        matches!(missing_repo, Error::NotFound { .. }),
        "{missing_repo:?}"
    );

    // A token with only `repo:read` lists but may not delete (403).
    let read_only = client(
        &quay,
        &quay.admin_token_with_scopes("ops", "repo:read").unwrap(),
    );
    assert_eq!(read_only.tags("ops", "web").await.unwrap().len(), 3);
    let refused = read_only.delete_tag("ops", "web", "1.0").await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden { .. }), "{refused:?}");

    // More than one page (Quay's pages hold at most 100): the same manifest under 150 more
    // tags (a manifest may only name blobs of its own repository).
    let registry = pusher(&quay);
    let manifest = registry
        .send(
            Call::get("/v2/ops/web/manifests/1.0")
                .accept("application/vnd.oci.image.manifest.v1+json"),
        )
        .await
        .unwrap();
    assert_eq!(manifest.status(), 200);
    let bytes = manifest.bytes().await.unwrap().to_vec();
    for i in 0..150 {
        filler
            .put_manifest(
                "ops/web",
                &format!("t{i:03}"),
                "application/vnd.oci.image.manifest.v1+json",
                bytes.clone(),
            )
            .await
            .unwrap_or_else(|e| panic!("t{i:03}: {e:?}"));
    }
    let many = admin.tags("ops", "web").await.unwrap();
    assert_eq!(many.len(), 153);
    let numbered: Vec<&quay::Tag> = many.iter().filter(|t| t.name.starts_with('t')).collect();
    assert_eq!(numbered.len(), 150);
    assert_eq!(numbered[0].name, "t000");
    assert_eq!(numbered[149].name, "t149");
    assert!(numbered.iter().all(|t| t.manifest_digest == one));
    assert_eq!(admin.repository("ops", "web").await.unwrap().tag_count, 153);
}
