//! The Quay page's repository and tag commands as the shell runs them (a whole
//! `console::Console` over a memory keyring), against a real Red Hat Quay (`harness::quay`).
//! What the window is told is judged independently: visibility by an anonymous
//! `skopeo list-tags` and an anonymous API read, tags by `skopeo list-tags` with the admin's
//! token.
//!
//! Quay's background workers do not run here: an expired tag is not removed by a worker (Quay
//! only leaves it out when tags are read, which is what a user sees), a deleted tag's or
//! repository's storage is not garbage-collected, and nothing purges history past the time
//! machine. Expiry itself is therefore not waited for; what Quay stored is.
//!
//! Multi-threaded runtime: skopeo runs synchronously (see `quay_console.rs`).

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::client::{Credentials, RegistryClient};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::quay::Quay;
use ipc::{CommandError, ErrorCode};
use quay::Visibility;
use registry::ClientOptions;
use serde_json::json;
use vault::{KeptIn, MemoryStore, Secret};

fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

/// `skopeo list-tags` of `repository`: anonymously (`None`) or as `user:token`.
fn skopeo_tags(quay: &Quay, repository: &str, creds: Option<(&str, &str)>) -> Output {
    match creds {
        Some((user, token)) => {
            quay.skopeo_list_tags(repository, &["--creds", &format!("{user}:{token}")])
        }
        None => quay.skopeo_list_tags(repository, &["--no-creds"]),
    }
}

/// The tags skopeo lists, or its refusal.
fn listed(output: &Output) -> Result<Vec<String>, String> {
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let reply: serde_json::Value = serde_json::from_slice(&output.stdout).expect("skopeo's JSON");
    Ok(reply["Tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect())
}

fn assert_anonymous_refused(quay: &Quay, repository: &str) {
    let refused = listed(&skopeo_tags(quay, repository, None)).unwrap_err();
    let lower = refused.to_lowercase();
    assert!(
        lower.contains("unauthorized") || lower.contains("401") || lower.contains("denied"),
        "skopeo failed for another reason: {refused}"
    );
}

/// The status of an anonymous `GET /api/v1{path}`.
async fn anonymous_status(quay: &Quay, path: &str) -> u16 {
    reqwest::get(format!("{}/api/v1{path}", quay.url()))
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repositories_are_created_listed_made_public_and_private_and_deleted_with_tags_expired_deleted_and_restored()
 {
    let quay = Quay::start().expect("Quay starts");
    let (status, org) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": "team", "email": "team@example.com"})),
        )
        .unwrap();
    assert_eq!(status, 201, "{org}");

    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = console
        .add_connection(&ConnectionDraft {
            name: "lab-quay".into(),
            kind: ConnectionKind::Quay,
            url: quay.url().into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let id = connection.id.as_str();
    console
        .quay_sign_in(id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();

    // Created from the page: private, with its description; listed as such.
    let made = console
        .quay_repository_create(id, "team", "app", Visibility::Private, "the app")
        .await
        .unwrap();
    assert!(!made.is_public);
    let listed_repos = console.quay_repositories(id, "team").await.unwrap();
    assert_eq!(listed_repos.len(), 1);
    assert_eq!(listed_repos[0].name, "app");
    assert!(!listed_repos[0].is_public);
    assert_eq!(listed_repos[0].description.as_deref(), Some("the app"));
    let detail = console.quay_repository(id, "team", "app").await.unwrap();
    assert_eq!((detail.tag_count, detail.tag_count_capped), (0, false));
    assert!(detail.can_admin && detail.can_write);
    // The time machine of a new organization: two weeks (Quay's default), which bounds restores.
    assert_eq!(detail.tag_expiration_seconds, Some(14 * 24 * 3600));

    // A name already taken is said in Quay's words; a name Quay would refuse is never sent.
    let taken = CommandError::from(
        console
            .quay_repository_create(id, "team", "app", Visibility::Public, "")
            .await
            .unwrap_err(),
    );
    assert_eq!(taken.code, ErrorCode::InvalidInput, "{taken:?}");
    assert!(
        taken.message.contains("Repository already exists"),
        "{taken:?}"
    );
    let bad = CommandError::from(
        console
            .quay_repository_create(id, "team", "App", Visibility::Private, "")
            .await
            .unwrap_err(),
    );
    assert_eq!(bad.code, ErrorCode::InvalidInput, "{bad:?}");
    assert!(
        bad.message
            .contains("\"App\" is not a valid repository name")
    );

    // Two images pushed into it (the admin's token as `$oauthtoken`, as `docker push` would).
    let pusher = RegistryClient::new(
        quay.url(),
        Some(Credentials::new("$oauthtoken", quay.admin_token())),
        None,
    )
    .unwrap();
    let filler = Filler::with_client(pusher, "team/seed").await.unwrap();
    let one = filler
        .push_image("team/app", "1.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    let latest = filler
        .push_image("team/app", "latest", ManifestKind::Docker, Arch::Arm64)
        .await
        .unwrap();
    assert_eq!(
        console
            .quay_repository(id, "team", "app")
            .await
            .unwrap()
            .tag_count,
        2
    );

    // Private: nobody without a sign-in reads it, through /v2 or the API.
    assert_anonymous_refused(&quay, "team/app");
    assert_eq!(anonymous_status(&quay, "/repository/team/app").await, 401);
    // Public: anyone does.
    console
        .quay_repository_visibility(id, "team", "app", Visibility::Public)
        .await
        .unwrap();
    assert!(console.quay_repositories(id, "team").await.unwrap()[0].is_public);
    let mut anonymous = listed(&skopeo_tags(&quay, "team/app", None)).unwrap();
    anonymous.sort();
    assert_eq!(anonymous, ["1.0", "latest"]);
    assert_eq!(anonymous_status(&quay, "/repository/team/app").await, 200);
    // Private again: refused again.
    console
        .quay_repository_visibility(id, "team", "app", Visibility::Private)
        .await
        .unwrap();
    assert!(!console.quay_repositories(id, "team").await.unwrap()[0].is_public);
    assert_anonymous_refused(&quay, "team/app");
    assert_eq!(anonymous_status(&quay, "/repository/team/app").await, 401);

    // Tags as the tags panel shows them.
    let tags = console.quay_tags(id, "team", "app").await.unwrap();
    let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["1.0", "latest"]);
    assert_eq!(tags[0].manifest_digest, one);
    assert_eq!(tags[1].manifest_digest, latest);
    assert!(tags.iter().all(|t| t.size.is_some_and(|s| s > 0)));
    assert!(tags.iter().all(|t| t.expiration.is_none()));
    let pushed = tags[0].last_modified.expect("a push time");

    // An expiration two hours ahead is kept as asked, and Quay reports it.
    let in_two_hours = now() + 2 * 3600;
    let set = console
        .quay_tag_expiration(id, "team", "app", "1.0", Some(in_two_hours))
        .await
        .unwrap();
    assert_eq!(set.expiration, Some(in_two_hours));
    assert_eq!(
        console.quay_tags(id, "team", "app").await.unwrap()[0].expiration,
        Some(in_two_hours)
    );
    // Ten minutes ahead of a tag pushed just now: Quay keeps at least one hour after the push
    // (LABELED_EXPIRATION_MINIMUM), and the answer says what it kept.
    let set = console
        .quay_tag_expiration(id, "team", "app", "1.0", Some(now() + 600))
        .await
        .unwrap();
    assert_eq!(set.expiration, Some(pushed + 3600), "{set:?}");
    // In the past: refused in words before sending (Quay would answer a bare 400).
    let past = CommandError::from(
        console
            .quay_tag_expiration(id, "team", "app", "1.0", Some(now() - 60))
            .await
            .unwrap_err(),
    );
    assert_eq!(past.code, ErrorCode::InvalidInput);
    assert_eq!(
        past.message,
        "The expiration of tag 1.0 must be in the future."
    );
    // Cleared: none, as Quay reports it; the history's current span has no end again.
    let cleared = console
        .quay_tag_expiration(id, "team", "app", "1.0", None)
        .await
        .unwrap();
    assert_eq!(cleared.expiration, None);
    assert_eq!(
        console.quay_tags(id, "team", "app").await.unwrap()[0].expiration,
        None
    );
    let history = console
        .quay_tag_history(id, "team", "app", "1.0")
        .await
        .unwrap();
    assert_eq!(history[0].end, None, "{history:?}");

    // Deleted: gone from the list and from /v2, in the history with an end.
    console
        .quay_tag_delete(id, "team", "app", "latest")
        .await
        .unwrap();
    let names: Vec<String> = console
        .quay_tags(id, "team", "app")
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["1.0"]);
    let as_admin = Some(("$oauthtoken", quay.admin_token()));
    assert_eq!(
        listed(&skopeo_tags(&quay, "team/app", as_admin)).unwrap(),
        ["1.0"]
    );
    let history = console
        .quay_tag_history(id, "team", "app", "latest")
        .await
        .unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].manifest_digest, latest);
    assert!(history[0].end.is_some_and(|end| end <= now()));
    // Among the recently deleted tags: `latest` alone (`1.0` is alive), with its manifest.
    let gone = console.quay_deleted_tags(id, "team", "app").await.unwrap();
    let gone: Vec<(&str, &str)> = gone
        .iter()
        .map(|t| (t.name.as_str(), t.manifest_digest.as_str()))
        .collect();
    assert_eq!(gone, [("latest", latest.as_str())]);

    // Restored to the manifest of its history: listed again, by the API and by /v2.
    console
        .quay_tag_restore(id, "team", "app", "latest", &history[0].manifest_digest)
        .await
        .unwrap();
    let tags = console.quay_tags(id, "team", "app").await.unwrap();
    assert!(
        tags.iter()
            .any(|t| t.name == "latest" && t.manifest_digest == latest)
    );
    let mut via_v2 = listed(&skopeo_tags(&quay, "team/app", as_admin)).unwrap();
    via_v2.sort();
    assert_eq!(via_v2, ["1.0", "latest"]);
    let history = console
        .quay_tag_history(id, "team", "app", "latest")
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].reversion && history[0].end.is_none());
    assert!(
        console
            .quay_deleted_tags(id, "team", "app")
            .await
            .unwrap()
            .is_empty()
    );

    // A tag that is not there: said as not found.
    let missing = CommandError::from(
        console
            .quay_tag_delete(id, "team", "app", "nope")
            .await
            .unwrap_err(),
    );
    assert_eq!(missing.code, ErrorCode::NotFound, "{missing:?}");

    // The repository deleted, its tags with it: gone from the list and from /v2.
    console
        .quay_repository_delete(id, "team", "app")
        .await
        .unwrap();
    let left = console.quay_repositories(id, "team").await.unwrap();
    // (The Filler's own `seed` repository, where it keeps its blobs, stays.)
    assert!(left.iter().all(|r| r.name != "app"), "{left:?}");
    assert!(listed(&skopeo_tags(&quay, "team/app", as_admin)).is_err());
}
