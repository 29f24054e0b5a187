//! The Quay page's teams, permissions, effective access and audit log commands as the shell
//! runs them (a whole `console::Console` over a memory keyring), against a real Red Hat Quay
//! (`harness::quay`), with `skopeo` as the independent judge: a robot account that is a member
//! of a team with Write on a repository pushes to it (`skopeo copy` of a small image the
//! harness pushed), a robot with Read only does not, and once the team's permission is revoked
//! the first one no longer does either. Quay's audit log shows the permission changes.
//!
//! Multi-threaded runtime: skopeo runs synchronously (see `quay_console.rs`).

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::client::{Credentials, RegistryClient};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::quay::Quay;
use ipc::{CommandError, ErrorCode};
use quay::{AccessSource, Grantee, LogDay, LogScope, Role, Subject, TeamRole};
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

/// `skopeo copy` of `ops/seed:1.0` (pulled as the admin) to `ops/web:<tag>`, pushed as `creds`.
fn skopeo_push(quay: &Quay, creds: &str, tag: &str) -> Output {
    Command::new("skopeo")
        .args([
            "copy",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            "--src-creds",
        ])
        .arg(format!("$oauthtoken:{}", quay.admin_token()))
        .args(["--dest-creds", creds])
        .arg(format!("docker://{}/ops/seed:1.0", quay.host()))
        .arg(format!("docker://{}/ops/web:{tag}", quay.host()))
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("skopeo runs")
}

fn assert_pushed(output: &Output) {
    assert!(
        output.status.success(),
        "skopeo copy failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn assert_refused(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr).to_lowercase();
    assert!(!output.status.success(), "skopeo copy succeeded");
    assert!(
        stderr.contains("unauthorized")
            || stderr.contains("denied")
            || stderr.contains("401")
            || stderr.contains("403"),
        "skopeo failed for another reason: {stderr}"
    );
}

fn today() -> LogDay {
    LogDay::of_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robot_in_a_team_with_write_pushes_a_read_only_robot_does_not_and_the_log_says_so() {
    let quay = Quay::start().expect("Quay starts");
    let (status, org) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": "ops", "email": "ops@example.com"})),
        )
        .unwrap();
    assert_eq!(status, 201, "{org}");
    let pusher = RegistryClient::new(
        quay.url(),
        Some(Credentials::new("$oauthtoken", quay.admin_token())),
        None,
    )
    .unwrap();
    let filler = Filler::with_client(pusher, "ops/base").await.unwrap();
    filler
        .push_image("ops/seed", "1.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    let (status, repo) = quay
        .api(
            "POST",
            "/repository",
            Some(json!({"namespace": "ops", "repository": "web", "visibility": "private", "description": ""})),
        )
        .unwrap();
    assert_eq!(status, 201, "{repo}");

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

    // Two robots: one to join a team, one to get Read directly.
    let builder = console
        .quay_robot_create(id, "ops", "builder", "pushes ops/web")
        .await
        .unwrap();
    let reader = console
        .quay_robot_create(id, "ops", "reader", "pulls ops/web")
        .await
        .unwrap();
    let builder_creds = format!("ops+builder:{}", builder.robot.token.expose());
    let reader_creds = format!("ops+reader:{}", reader.robot.token.expose());

    // A team (Quay's `member` role), with the builder robot in it.
    let saved = console
        .quay_team_save(id, "ops", "builders", TeamRole::Member, "builds web")
        .await
        .unwrap();
    assert!(saved.created);
    let member = console
        .quay_team_member_add(id, "ops", "builders", "ops+builder")
        .await
        .unwrap();
    assert!(member.is_robot && !member.invited);
    let members = console
        .quay_team_members(id, "ops", "builders")
        .await
        .unwrap();
    assert_eq!(
        members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        ["ops+builder"]
    );
    let teams = console.quay_teams(id, "ops").await.unwrap();
    let builders = teams.iter().find(|t| t.name == "builders").unwrap();
    assert_eq!(
        (builders.role, builders.member_count),
        (TeamRole::Member, 1)
    );
    // Changed in place: the role and the description.
    let saved = console
        .quay_team_save(id, "ops", "builders", TeamRole::Creator, "builds ops/web")
        .await
        .unwrap();
    assert!(!saved.created);
    assert_eq!(saved.role, TeamRole::Creator);

    // Before any grant, neither robot may push.
    assert_refused(&skopeo_push(&quay, &builder_creds, "before"));

    // The team gets Write; the reader robot Read, directly.
    console
        .quay_permission_set(
            id,
            "ops",
            "web",
            &Grantee::Team("builders".into()),
            Role::Write,
        )
        .await
        .unwrap();
    console
        .quay_permission_set(
            id,
            "ops",
            "web",
            &Grantee::Robot("ops+reader".into()),
            Role::Admin,
        )
        .await
        .unwrap();
    // Changed in place: Admin → Read.
    console
        .quay_permission_set(
            id,
            "ops",
            "web",
            &Grantee::Robot("ops+reader".into()),
            Role::Read,
        )
        .await
        .unwrap();
    let permissions = console
        .quay_repository_permissions(id, "ops", "web")
        .await
        .unwrap();
    let listed: Vec<(Grantee, Role)> = permissions
        .iter()
        .map(|p| (p.grantee.clone(), p.role))
        .collect();
    assert!(listed.contains(&(Grantee::Team("builders".into()), Role::Write)));
    assert!(listed.contains(&(Grantee::Robot("ops+reader".into()), Role::Read)));

    // Effective access: the builder robot pushes through the team, the reader only pulls, the
    // admin administers through the owners team.
    let access = console
        .quay_repository_access(id, "ops", "web")
        .await
        .unwrap();
    let of = |subject: Subject| access.iter().find(|a| a.subject == subject).cloned();
    let through_team = of(Subject::Robot("ops+builder".into())).expect("the builder robot");
    assert!(through_team.can_push && !through_team.can_admin);
    assert_eq!(
        through_team.sources,
        [AccessSource::Team {
            team: "builders".into(),
            role: Role::Write
        }]
    );
    let direct = of(Subject::Robot("ops+reader".into())).expect("the reader robot");
    assert!(direct.can_pull && !direct.can_push);
    assert_eq!(direct.sources, [AccessSource::Direct { role: Role::Read }]);
    let admin = of(Subject::User("admin".into())).expect("the admin");
    assert!(admin.can_admin);
    assert!(admin.sources.contains(&AccessSource::OrganizationAdmin {
        team: "owners".into()
    }));

    // skopeo agrees: the builder robot pushes, the reader robot may not.
    assert_pushed(&skopeo_push(&quay, &builder_creds, "by-builder"));
    assert_refused(&skopeo_push(&quay, &reader_creds, "by-reader"));

    // The robot's own view of its permissions.
    let reader_permissions = console
        .quay_robot_permissions(id, "ops", "reader")
        .await
        .unwrap();
    assert_eq!(reader_permissions.len(), 1);
    assert_eq!(
        (
            reader_permissions[0].repository.as_str(),
            reader_permissions[0].role
        ),
        ("web", Role::Read)
    );

    // Revoked: the team's Write is gone, so is the builder robot's push.
    console
        .quay_permission_revoke(id, "ops", "web", &Grantee::Team("builders".into()))
        .await
        .unwrap();
    let access = console
        .quay_repository_access(id, "ops", "web")
        .await
        .unwrap();
    assert!(
        !access
            .iter()
            .any(|a| a.subject == Subject::Robot("ops+builder".into())),
        "{access:?}"
    );
    assert_refused(&skopeo_push(&quay, &builder_creds, "after-revoke"));
    // Revoking again: Quay's 400, said.
    let again = CommandError::from(
        console
            .quay_permission_revoke(id, "ops", "web", &Grantee::Team("builders".into()))
            .await
            .unwrap_err(),
    );
    assert!(again.message.contains("HTTP 400"), "{again:?}");

    // Default permissions: added, listed, deleted.
    let default = console
        .quay_default_permission_create(
            id,
            "ops",
            &Grantee::Robot("ops+reader".into()),
            Role::Read,
            Some(" "),
        )
        .await
        .unwrap();
    assert_eq!(default.activating_user, None, "a blank creator is anyone");
    let defaults = console.quay_default_permissions(id, "ops").await.unwrap();
    assert_eq!(defaults.len(), 1);
    assert_eq!(defaults[0].delegate, Grantee::Robot("ops+reader".into()));
    console
        .quay_default_permission_delete(id, "ops", &default.id)
        .await
        .unwrap();
    assert!(
        console
            .quay_default_permissions(id, "ops")
            .await
            .unwrap()
            .is_empty()
    );

    // The team: its member removed, then the team deleted; a missing team is "not found".
    console
        .quay_team_member_remove(id, "ops", "builders", "ops+builder")
        .await
        .unwrap();
    console
        .quay_team_delete(id, "ops", "builders")
        .await
        .unwrap();
    let gone = CommandError::from(
        console
            .quay_team_members(id, "ops", "builders")
            .await
            .unwrap_err(),
    );
    assert_eq!(gone.code, ErrorCode::NotFound, "{gone:?}");

    // The audit log: the permission changes, newest first, and their kinds counted.
    let day = Some(today());
    let org = LogScope::Organization { name: "ops".into() };
    let mut entries = Vec::new();
    let mut page = None;
    for _ in 0..5 {
        let got = console
            .quay_logs(id, &org, day, day, page.as_deref())
            .await
            .unwrap();
        entries.extend(got.entries);
        match got.next_page {
            Some(next) => page = Some(next),
            None => break,
        }
    }
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    for kind in [
        "change_repo_permission",
        "delete_repo_permission",
        "org_create_team",
        "org_add_team_member",
        "org_delete_team",
    ] {
        assert!(kinds.contains(&kind), "{kind} not in {kinds:?}");
    }
    let times: Vec<i64> = entries.iter().filter_map(|e| e.time).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let grant = entries
        .iter()
        .find(|e| e.kind == "change_repo_permission" && e.metadata.contains("builders"))
        .expect("the team's grant logged");
    assert_eq!(grant.performer.as_deref(), Some("admin"));
    assert!(grant.metadata.contains(r#""repo":"web""#), "{grant:?}");
    let repo_log = console
        .quay_logs(
            id,
            &LogScope::Repository {
                namespace: "ops".into(),
                name: "web".into(),
            },
            day,
            day,
            None,
        )
        .await
        .unwrap();
    assert!(
        repo_log
            .entries
            .iter()
            .any(|e| e.kind == "delete_repo_permission"),
        "{repo_log:?}"
    );
    let counted = console.quay_log_kinds(id, &org, day, day).await.unwrap();
    assert!(
        counted
            .iter()
            .any(|k| k.kind == "change_repo_permission" && k.count >= 3),
        "{counted:?}"
    );

    // A token holding only `repo:read` (and `user:read`, without which Quay answers the
    // sign-in's `GET /user/` with 401) may not grant: a 403 the page says in words.
    let read_only = console
        .add_connection(&ConnectionDraft {
            name: "read-only".into(),
            kind: ConnectionKind::Quay,
            url: quay.url().into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    console
        .quay_sign_in(
            &read_only.id,
            Secret::new(
                quay.admin_token_with_scopes("ops", "repo:read user:read")
                    .unwrap(),
            ),
            KeptIn::Session,
        )
        .await
        .unwrap();
    let denied = CommandError::from(
        console
            .quay_permission_set(
                &read_only.id,
                "ops",
                "web",
                &Grantee::Robot("ops+builder".into()),
                Role::Write,
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(denied.code, ErrorCode::AccessDenied, "{denied:?}");
    assert!(denied.message.contains("HTTP 403"), "{denied:?}");
    // Quay answers the organization to that token without its teams: none, not a 403.
    assert!(
        console
            .quay_teams(&read_only.id, "ops")
            .await
            .unwrap()
            .is_empty()
    );
}
