//! The `quay` crate's teams, repository permissions, default permissions (Quay's prototypes),
//! robot permissions, effective access and audit logs against a real Quay 3.18
//! (`harness::quay`), with Quay's refusals said as the crate's errors.
//!
//! Mail is off in the harness (`FEATURE_MAILING: false`), so Quay adds a user to a team at
//! once instead of inviting them: no member is ever `invited` here.

use connections::{Connection, ConnectionKind, TlsMode};
use harness::quay::Quay;
use quay::{
    AccessSource, Error, Grantee, LogDay, LogScope, QuayClient, Role, Subject, TeamRole, Visibility,
};
use serde_json::json;

fn client(quay: &Quay, token: &str) -> QuayClient {
    let connection = Connection {
        id: "quay-1".into(),
        name: "Quay".into(),
        kind: ConnectionKind::Quay,
        url: quay.url().into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    QuayClient::new(&connection, vault::Secret::new(token)).unwrap()
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

fn forbidden(e: Error) {
    assert!(matches!(e, Error::Forbidden { .. }), "{e:?}");
    assert!(e.to_string().contains("Quay refused (HTTP 403)"), "{e}");
}

#[tokio::test]
async fn teams_permissions_and_effective_access_on_a_real_quay() {
    let quay = Quay::start().expect("Quay starts");
    organization(&quay, "ops");
    let admin = client(&quay, quay.admin_token());
    let dev = quay
        .create_user(
            "dev",
            "repo:read repo:write repo:admin repo:create user:read user:admin org:admin",
        )
        .unwrap();
    let as_dev = client(&quay, &dev.token);
    admin
        .create_repository("ops", "web", Visibility::Private, "")
        .await
        .unwrap();
    admin.create_robot("ops", "ci", "").await.unwrap();

    // Teams: Quay makes `owners` (admin) with its creator in it.
    let teams = admin.teams("ops").await.unwrap();
    assert_eq!(teams.len(), 1, "{teams:?}");
    assert_eq!(
        (teams[0].name.as_str(), teams[0].role),
        ("owners", TeamRole::Admin)
    );
    assert_eq!(teams[0].member_count, 1);
    let saved = admin
        .save_team("ops", "devs", TeamRole::Member, "builders")
        .await
        .unwrap();
    assert!(saved.created);
    assert_eq!(saved.description.as_deref(), Some("builders"));
    let saved = admin
        .save_team("ops", "devs", TeamRole::Creator, "builders of web")
        .await
        .unwrap();
    assert!(!saved.created);
    assert_eq!(saved.role, TeamRole::Creator);
    let added = admin.add_team_member("ops", "devs", "dev").await.unwrap();
    assert!(!added.invited && !added.is_robot);
    let robot = admin
        .add_team_member("ops", "devs", "ops+ci")
        .await
        .unwrap();
    assert!(robot.is_robot);
    let members = admin.team_members("ops", "devs").await.unwrap();
    let names: Vec<(&str, bool)> = members
        .iter()
        .map(|m| (m.name.as_str(), m.is_robot))
        .collect();
    assert_eq!(names, [("dev", false), ("ops+ci", true)]);
    let teams = admin.teams("ops").await.unwrap();
    let devs = teams.iter().find(|t| t.name == "devs").unwrap();
    assert_eq!((devs.role, devs.member_count), (TeamRole::Creator, 2));
    assert_eq!(devs.description.as_deref(), Some("builders of web"));

    // Refusals: a user Quay does not know (400 "Unknown user"), a team that is not there
    // (404), a bad name before sending, and dev (a member, not an admin) may not change teams.
    let unknown = admin
        .add_team_member("ops", "devs", "nobody")
        .await
        .unwrap_err();
    assert!(
        matches!(&unknown, Error::Refused { status: 400, message: Some(m), .. } if m == "Unknown user"),
        "{unknown:?}"
    );
    let missing = admin.team_members("ops", "ghosts").await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
    assert!(matches!(
        admin
            .save_team("ops", "Bad", TeamRole::Member, "")
            .await
            .unwrap_err(),
        Error::InvalidName { .. }
    ));
    forbidden(
        as_dev
            .save_team("ops", "mine", TeamRole::Admin, "")
            .await
            .unwrap_err(),
    );
    forbidden(as_dev.delete_team("ops", "devs").await.unwrap_err());
    // A member of the organization sees its teams.
    assert_eq!(as_dev.teams("ops").await.unwrap().len(), 2);

    // Repository permissions: a user, a robot, a team.
    admin
        .set_repository_permission("ops", "web", &Grantee::User("dev".into()), Role::Read)
        .await
        .unwrap();
    admin
        .set_repository_permission("ops", "web", &Grantee::Robot("ops+ci".into()), Role::Write)
        .await
        .unwrap();
    admin
        .set_repository_permission("ops", "web", &Grantee::Team("devs".into()), Role::Write)
        .await
        .unwrap();
    let permissions = admin.repository_permissions("ops", "web").await.unwrap();
    let listed: Vec<(Grantee, Role)> = permissions
        .iter()
        .map(|p| (p.grantee.clone(), p.role))
        .collect();
    // (Quay gives the repository's creator admin on it at creation.)
    assert!(
        listed.contains(&(Grantee::User("admin".into()), Role::Admin)),
        "{listed:?}"
    );
    assert!(listed.contains(&(Grantee::User("dev".into()), Role::Read)));
    assert!(listed.contains(&(Grantee::Robot("ops+ci".into()), Role::Write)));
    assert!(listed.contains(&(Grantee::Team("devs".into()), Role::Write)));
    // Changed: read → admin.
    admin
        .set_repository_permission("ops", "web", &Grantee::User("dev".into()), Role::Admin)
        .await
        .unwrap();
    assert!(
        admin
            .repository_permissions("ops", "web")
            .await
            .unwrap()
            .iter()
            .any(|p| p.grantee == Grantee::User("dev".into()) && p.role == Role::Admin)
    );
    // The robot's permissions, from its side (Quay wants `user:admin` here).
    let robot_permissions = admin.robot_permissions("ops", "ci").await.unwrap();
    assert_eq!(robot_permissions.len(), 1);
    assert_eq!(
        (
            robot_permissions[0].repository.as_str(),
            robot_permissions[0].role
        ),
        ("web", Role::Write)
    );
    // A robot that is not there: Quay's 400 "Could not find robot" (the crate: not found).
    let gone = admin.robot_permissions("ops", "nope").await.unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");

    // Effective access, from four calls at once and the members of devs and owners.
    let access = admin.repository_access("ops", "web").await.unwrap();
    let of = |subject: Subject| access.iter().find(|a| a.subject == subject).cloned();
    let dev_access = of(Subject::User("dev".into())).expect("dev has access");
    assert!(dev_access.can_admin);
    assert_eq!(
        dev_access.sources,
        [
            AccessSource::Direct { role: Role::Admin },
            AccessSource::Team {
                team: "devs".into(),
                role: Role::Write
            }
        ]
    );
    let admin_access = of(Subject::User("admin".into())).unwrap();
    assert!(
        admin_access
            .sources
            .contains(&AccessSource::OrganizationAdmin {
                team: "owners".into()
            })
    );
    let ci = of(Subject::Robot("ops+ci".into())).unwrap();
    assert_eq!(ci.role, Role::Write);
    assert!(ci.can_push && !ci.can_admin);
    assert!(of(Subject::Anyone).is_none());
    admin
        .set_repository_visibility("ops", "web", Visibility::Public)
        .await
        .unwrap();
    let access = admin.repository_access("ops", "web").await.unwrap();
    assert_eq!(access[0].subject, Subject::Anyone);
    assert!(access[0].can_pull && !access[0].can_push);

    // dev is an admin of ops/web (granted), so Quay lets it change that repository's
    // permissions, but not those of a repository it has no admin on.
    admin
        .create_repository("ops", "db", Visibility::Private, "")
        .await
        .unwrap();
    as_dev
        .set_repository_permission("ops", "web", &Grantee::Robot("ops+ci".into()), Role::Read)
        .await
        .unwrap();
    forbidden(
        as_dev
            .repository_permissions("ops", "db")
            .await
            .unwrap_err(),
    );

    // Revoked: gone.
    admin
        .revoke_repository_permission("ops", "web", &Grantee::Team("devs".into()))
        .await
        .unwrap();
    admin
        .revoke_repository_permission("ops", "web", &Grantee::Robot("ops+ci".into()))
        .await
        .unwrap();
    let permissions = admin.repository_permissions("ops", "web").await.unwrap();
    assert!(
        !permissions
            .iter()
            .any(|p| matches!(p.grantee, Grantee::Team(_) | Grantee::Robot(_)))
    );
    assert!(
        admin
            .robot_permissions("ops", "ci")
            .await
            .unwrap()
            .is_empty()
    );
    // Revoking what is not granted: Quay's 400.
    let again = admin
        .revoke_repository_permission("ops", "web", &Grantee::Team("devs".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(&again, Error::Refused { status: 400, message: Some(m), .. } if m == "Team does not have permission for repo."),
        "{again:?}"
    );

    // A token holding only `repo:read` may not grant (Quay: 403, insufficient_scope).
    let read_only = client(
        &quay,
        &quay.admin_token_with_scopes("ops", "repo:read").unwrap(),
    );
    forbidden(
        read_only
            .set_repository_permission("ops", "web", &Grantee::User("dev".into()), Role::Read)
            .await
            .unwrap_err(),
    );
    // Quay does not refuse the organization to a token without `org:admin`: it answers it
    // without its teams, so such a token sees none (no 403 to tell).
    assert!(read_only.teams("ops").await.unwrap().is_empty());

    // Team removal.
    admin
        .remove_team_member("ops", "devs", "ops+ci")
        .await
        .unwrap();
    assert_eq!(admin.team_members("ops", "devs").await.unwrap().len(), 1);
    admin.delete_team("ops", "devs").await.unwrap();
    assert!(
        !admin
            .teams("ops")
            .await
            .unwrap()
            .iter()
            .any(|t| t.name == "devs")
    );
    // Quay answers a team that is not there with 400 "Team 'devs' is not a team in org 'ops'"
    // (its docs list 404); the crate says not found.
    let missing = admin.delete_team("ops", "devs").await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");
}

#[tokio::test]
async fn default_permissions_and_audit_logs_on_a_real_quay() {
    let quay = Quay::start().expect("Quay starts");
    organization(&quay, "ops");
    let admin = client(&quay, quay.admin_token());
    admin
        .save_team("ops", "readers", TeamRole::Member, "")
        .await
        .unwrap();
    admin.create_robot("ops", "ci", "").await.unwrap();

    assert!(admin.default_permissions("ops").await.unwrap().is_empty());
    let for_team = admin
        .create_default_permission("ops", &Grantee::Team("readers".into()), Role::Read, None)
        .await
        .unwrap();
    assert_eq!(for_team.delegate, Grantee::Team("readers".into()));
    let for_robot = admin
        .create_default_permission(
            "ops",
            &Grantee::Robot("ops+ci".into()),
            Role::Write,
            Some("admin"),
        )
        .await
        .unwrap();
    assert_eq!(for_robot.delegate, Grantee::Robot("ops+ci".into()));
    assert_eq!(for_robot.activating_user.as_deref(), Some("admin"));
    let listed = admin.default_permissions("ops").await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].delegate, Grantee::Robot("ops+ci".into()));

    // A repository made now gets them.
    admin
        .create_repository("ops", "web", Visibility::Private, "")
        .await
        .unwrap();
    let permissions = admin.repository_permissions("ops", "web").await.unwrap();
    assert!(
        permissions
            .iter()
            .any(|p| p.grantee == Grantee::Team("readers".into()) && p.role == Role::Read),
        "{permissions:?}"
    );
    assert!(
        permissions
            .iter()
            .any(|p| p.grantee == Grantee::Robot("ops+ci".into()) && p.role == Role::Write)
    );

    // Refusals: a team Quay does not know, a prototype id that is not there.
    let unknown = admin
        .create_default_permission("ops", &Grantee::Team("ghosts".into()), Role::Read, None)
        .await
        .unwrap_err();
    // Quay's 400 here carries a Python tuple as its message ("('Team does not exist: %s/%s',
    // 'ops', 'ghosts')": the exception is built with printf arguments it never formats).
    assert!(
        matches!(&unknown, Error::NotFound { message: Some(m), .. } if m.contains("Team does not exist")),
        "{unknown:?}"
    );
    let gone = admin
        .delete_default_permission("ops", "00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
    admin
        .delete_default_permission("ops", &for_team.id)
        .await
        .unwrap();
    assert_eq!(admin.default_permissions("ops").await.unwrap().len(), 1);

    // Audit logs: what was just done, newest first, today.
    let today = LogDay::of_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    );
    let org = LogScope::Organization { name: "ops".into() };
    let page = admin
        .logs(&org, Some(today), Some(today), None)
        .await
        .unwrap();
    let kinds: Vec<&str> = page.entries.iter().map(|e| e.kind.as_str()).collect();
    assert!(kinds.contains(&"create_repo"), "{kinds:?}");
    assert!(kinds.contains(&"create_prototype_permission"), "{kinds:?}");
    let created = page
        .entries
        .iter()
        .find(|e| e.kind == "create_repo")
        .unwrap();
    assert_eq!(created.performer.as_deref(), Some("admin"));
    assert!(
        created.metadata.contains(r#""repo":"web""#),
        "{}",
        created.metadata
    );
    assert!(created.time.is_some_and(|t| t > 1_700_000_000));
    assert!(created.ip.is_some());
    // Quay hands a next-page token even when everything fit on the first page (its log model
    // pages by time range too); the next page then holds nothing new.
    if let Some(next) = &page.next_page {
        let more = admin
            .logs(&org, Some(today), Some(today), Some(next))
            .await
            .unwrap();
        eprintln!(
            "second page: {} entries, next {:?}",
            more.entries.len(),
            more.next_page
        );
    }
    let repo = LogScope::Repository {
        namespace: "ops".into(),
        name: "web".into(),
    };
    let page = admin.logs(&repo, None, None, None).await.unwrap();
    assert!(
        page.entries.iter().any(|e| e.kind == "create_repo"),
        "{page:?}"
    );
    let kinds = admin
        .log_kinds(&org, Some(today), Some(today))
        .await
        .unwrap();
    assert!(
        kinds
            .iter()
            .any(|k| k.kind == "create_repo" && k.count == 1),
        "{kinds:?}"
    );
    assert!(kinds.windows(2).all(|w| w[0].kind < w[1].kind));

    // A non-admin may not read the organization's logs (403), nor a token without
    // `org:admin`.
    let dev = quay
        .create_user("dev", "repo:read org:admin user:read")
        .unwrap();
    forbidden(
        client(&quay, &dev.token)
            .logs(&org, None, None, None)
            .await
            .unwrap_err(),
    );
    let read_only = client(
        &quay,
        &quay.admin_token_with_scopes("ops", "repo:read").unwrap(),
    );
    forbidden(read_only.logs(&org, None, None, None).await.unwrap_err());
    forbidden(read_only.default_permissions("ops").await.unwrap_err());
}
