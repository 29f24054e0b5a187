//! The Quay page's commands as the shell runs them (a whole `console::Console` over a memory
//! keyring), against a real Red Hat Quay (`harness::quay`), with `skopeo` as the independent
//! judge of what the app hands out: a robot's login works against Quay's `/v2`, its pull
//! secret works as an auth file, and a regenerated robot's old token is refused.
//!
//! Multi-threaded runtime: skopeo runs synchronously, and on a single-threaded runtime the
//! HTTP pool's connection tasks would not run meanwhile, so a connection Quay closed while
//! idle (gunicorn keeps one alive 2 s) would look open when next reused, as it never does in
//! the app.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use base64::Engine;
use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use credentials::model::PullSecretRequest;
use harness::quay::Quay;
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use serde_json::json;
use vault::{BasicCredentials, KeptIn, MemoryStore, Secret};

fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

/// `skopeo list-tags` of `repository` on the Quay with `args` (credentials or an auth file).
fn skopeo_tags(quay: &Quay, repository: &str, args: &[&str]) -> Output {
    quay.skopeo_list_tags(repository, args)
}

fn assert_lists(output: &Output, tag: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(tag),
        "skopeo failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn assert_refused(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr).to_lowercase();
    assert!(!output.status.success(), "skopeo succeeded");
    assert!(
        stderr.contains("unauthorized") || stderr.contains("401") || stderr.contains("denied"),
        "skopeo failed for another reason: {stderr}"
    );
}

/// The `.dockerconfigjson` of a pull secret's YAML, decoded.
fn docker_config_json(yaml: &str) -> String {
    let encoded = yaml
        .lines()
        .find_map(|l| l.trim().strip_prefix(".dockerconfigjson:"))
        .expect("a .dockerconfigjson entry")
        .trim()
        .trim_matches('"');
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .expect("base64"),
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_token_signs_in_and_a_robot_is_made_copied_proven_by_skopeo_regenerated_and_deleted()
 {
    let quay = Quay::start().expect("Quay starts");
    quay.organization_with_images("team", &[("seed", "0.1"), ("app", "1.0")])
        .await
        .unwrap();

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

    // Not signed in: the page is told to ask for a sign-in.
    let refused = CommandError::from(console.quay_organizations(id).await.unwrap_err());
    assert_eq!(refused.code, ErrorCode::SignInRequired, "{refused:?}");

    // A token Quay does not know is refused and kept nowhere.
    let wrong = console
        .quay_sign_in(id, Secret::new("not-a-quay-token"), KeptIn::Keyring)
        .await
        .unwrap_err();
    let wrong = CommandError::from(wrong);
    assert_eq!(wrong.code, ErrorCode::SignInRequired, "{wrong:?}");
    assert!(!wrong.message.contains("not-a-quay-token"), "{wrong:?}");
    assert_eq!(
        console.registries().signed_in(&connection).await.unwrap(),
        None
    );

    // The real token: who it is, kept as `$oauthtoken`, the organizations.
    let user = console
        .quay_sign_in(id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();
    assert_eq!(user.username, "admin");
    assert!(user.super_user);
    let kept = console
        .registries()
        .signed_in(&connection)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.username, "$oauthtoken");
    let organizations = console.quay_organizations(id).await.unwrap();
    assert!(
        organizations
            .iter()
            .any(|o| o.name == "team" && o.is_org_admin),
        "{organizations:?}"
    );
    let repositories = console.quay_repositories(id, "team").await.unwrap();
    let names: Vec<&str> = repositories.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["app", "seed"]);

    // A robot: created, its token given once with its login lines.
    let created = console
        .quay_robot_create(id, "team", "puller", "pulls team/app")
        .await
        .unwrap();
    assert_eq!(created.robot.name, "team+puller");
    assert_eq!(created.login.key, quay.host());
    // The line holds no token: podman asks for it at its prompt.
    assert_eq!(
        created.login.podman,
        format!("podman login -u 'team+puller' '{}'", quay.host())
    );
    let robots = console.quay_robots(id, "team").await.unwrap();
    assert_eq!(
        robots.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["team+puller"]
    );
    // A name Quay would refuse is refused before anything is sent.
    let bad = CommandError::from(
        console
            .quay_robot_create(id, "team", "Bad-Name", "")
            .await
            .unwrap_err(),
    );
    assert_eq!(bad.code, ErrorCode::InvalidInput, "{bad:?}");
    // A name already taken: Quay's own refusal, said.
    let taken = CommandError::from(
        console
            .quay_robot_create(id, "team", "puller", "")
            .await
            .unwrap_err(),
    );
    assert_eq!(taken.code, ErrorCode::InvalidInput, "{taken:?}");
    assert!(taken.message.contains("HTTP 400"), "{taken:?}");

    // skopeo: refused before the grant, lists after it.
    let creds = format!("team+puller:{}", created.robot.token.expose());
    assert_refused(&skopeo_tags(&quay, "team/app", &["--creds", &creds]));
    let (status, granted) = quay
        .api(
            "PUT",
            "/repository/team/app/permissions/user/team+puller",
            Some(json!({"role": "read"})),
        )
        .unwrap();
    assert_eq!(status, 200, "{granted}");
    assert_lists(&skopeo_tags(&quay, "team/app", &["--creds", &creds]), "1.0");

    // Revealed again: the same token. Its pull secret works as skopeo's auth file.
    let revealed = console
        .quay_robot_credentials(id, "team", "puller")
        .await
        .unwrap();
    assert_eq!(revealed.robot.token.expose(), created.robot.token.expose());
    let secret = console
        .quay_robot_pull_secret(
            id,
            "team",
            "puller",
            &PullSecretRequest {
                name: "team-puller-pull-secret".into(),
                namespace: "apps".into(),
                auth_server: None,
            },
        )
        .await
        .unwrap();
    assert!(!secret.yaml_masked.contains(created.robot.token.expose()));
    let auth_file = dir.path().join("auth.json");
    std::fs::write(&auth_file, docker_config_json(&secret.yaml)).unwrap();
    let auth_arg = auth_file.to_str().unwrap();
    assert_lists(
        &skopeo_tags(&quay, "team/app", &["--authfile", auth_arg]),
        "1.0",
    );

    // Regenerated: the old token is refused by /v2 at once, the new one works.
    let regenerated = console
        .quay_robot_regenerate(id, "team", "puller")
        .await
        .unwrap();
    assert_ne!(
        regenerated.robot.token.expose(),
        created.robot.token.expose()
    );
    assert_refused(&skopeo_tags(&quay, "team/app", &["--creds", &creds]));
    assert_refused(&skopeo_tags(&quay, "team/app", &["--authfile", auth_arg]));
    let new_creds = format!("team+puller:{}", regenerated.robot.token.expose());
    assert_lists(
        &skopeo_tags(&quay, "team/app", &["--creds", &new_creds]),
        "1.0",
    );

    // Deleted: gone from the list, its token refused, a second delete is "not found".
    console
        .quay_robot_delete(id, "team", "puller")
        .await
        .unwrap();
    assert!(console.quay_robots(id, "team").await.unwrap().is_empty());
    assert_refused(&skopeo_tags(&quay, "team/app", &["--creds", &new_creds]));
    let gone = CommandError::from(
        console
            .quay_robot_credentials(id, "team", "puller")
            .await
            .unwrap_err(),
    );
    assert_eq!(gone.code, ErrorCode::NotFound, "{gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robot_sign_in_browses_the_registry_but_the_quay_page_asks_for_a_token() {
    let quay = Quay::start().expect("Quay starts");
    let (status, _) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": "ops", "email": "ops@example.com"})),
        )
        .unwrap();
    assert_eq!(status, 201);
    let (_, robot) = quay
        .api("PUT", "/organization/ops/robots/ci", Some(json!({})))
        .unwrap();
    let token = robot["token"].as_str().unwrap().to_owned();

    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let connection = console
        .add_connection(&ConnectionDraft {
            name: "ops-quay".into(),
            kind: ConnectionKind::Quay,
            url: quay.url().into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    console
        .registries()
        .sign_in(
            &connection,
            BasicCredentials::new("ops+ci", token.as_str()),
            KeptIn::Session,
        )
        .await
        .expect("Quay's /v2 takes a robot");
    let error = CommandError::from(
        console
            .quay_organizations(&connection.id)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::SignInRequired, "{error:?}");
    assert!(
        error.message.contains("ops+ci") && error.message.contains("OAuth access token"),
        "{error:?}"
    );
    assert!(!error.message.contains(&token));

    // A registry connection is not a Quay.
    let plain = console
        .add_connection(&ConnectionDraft {
            name: "plain".into(),
            kind: ConnectionKind::Registry,
            url: quay.url().into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let error = CommandError::from(console.quay_whoami(&plain.id).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::InvalidInput, "{error:?}");
}
