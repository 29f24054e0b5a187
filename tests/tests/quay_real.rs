//! A real Red Hat Quay (`harness::quay`): its API makes an organization, a repository and a
//! robot account as Quay's own UI does; an image pushed over `/v2` with an OAuth token
//! (`$oauthtoken`) is then listed by the app's registry client signed in as the robot, through
//! Quay's Bearer token flow, and a robot without a permission is refused. The `quay` crate
//! lists organizations and repositories and runs a robot's whole life: create, use, regenerate
//! (the old token refused by `/v2` at once), delete.

use connections::{Connection, ConnectionKind, TlsMode};
use harness::client::{Credentials, RegistryClient};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::quay::Quay;
use serde_json::json;
use vault::BasicCredentials;

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

#[tokio::test]
async fn a_robot_of_a_real_quay_lists_the_tags_it_may_read_and_nothing_else() {
    let quay = Quay::start().expect("Quay starts");
    let (status, org) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": "team", "email": "team@example.com"})),
        )
        .unwrap();
    assert_eq!(status, 201, "{org}\n{}", quay.log_tail());
    let (status, robot) = quay
        .api(
            "PUT",
            "/organization/team/robots/puller",
            Some(json!({"description": "pulls team/app"})),
        )
        .unwrap();
    assert!(status == 200 || status == 201, "{status} {robot}");
    assert_eq!(robot["name"], "team+puller");
    let robot_token = robot["token"].as_str().expect("a robot token").to_owned();

    // Pushed over /v2 with the superuser's OAuth token, as `podman login -u '$oauthtoken'`.
    let pusher = RegistryClient::new(
        quay.url(),
        Some(Credentials::new("$oauthtoken", quay.admin_token())),
        None,
    )
    .unwrap();
    let filler = Filler::with_client(pusher, "team/seed").await.unwrap();
    filler
        .push_image("team/app", "1.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    filler
        .push_image("team/app", "latest", ManifestKind::Docker, Arch::Amd64)
        .await
        .unwrap();

    // The robot may not read team/app yet: Quay refuses the pull scope.
    let client = registry::RegistryClient::new(
        &connection(&quay),
        Some(BasicCredentials::new("team+puller", robot_token.as_str())),
    )
    .unwrap();
    let refused = client.tags("team/app").await.unwrap_err();
    assert!(
        matches!(
            refused,
            registry::Error::AccessDenied { .. } | registry::Error::SignInRequired { .. }
        ),
        "{refused:?}"
    );

    // Read granted as Quay's UI does: the robot lists the tags and reads a manifest.
    let (status, granted) = quay
        .api(
            "PUT",
            "/repository/team/app/permissions/user/team+puller",
            Some(json!({"role": "read"})),
        )
        .unwrap();
    assert_eq!(status, 200, "{granted}");
    let client = registry::RegistryClient::new(
        &connection(&quay),
        Some(BasicCredentials::new("team+puller", robot_token.as_str())),
    )
    .unwrap();
    let mut tags = client.tags("team/app").await.unwrap();
    tags.sort();
    assert_eq!(tags, ["1.0", "latest"]);
    let detail = client.manifest("team/app", "1.0").await.unwrap();
    assert!(detail.digest.starts_with("sha256:"), "{}", detail.digest);
}

#[tokio::test]
async fn the_quay_crate_lists_and_runs_a_robot_from_creation_to_deletion() {
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
    let filler = Filler::with_client(pusher, "ops/seed").await.unwrap();
    filler
        .push_image("ops/web", "2.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    let client =
        quay::QuayClient::new(&connection(&quay), vault::Secret::new(quay.admin_token())).unwrap();

    let orgs = client.organizations().await.unwrap();
    assert!(
        orgs.iter().any(|o| o.name == "ops" && o.is_org_admin),
        "{orgs:?}"
    );
    let repos = client.repositories("ops").await.unwrap();
    let names: Vec<&str> = repos.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["seed", "web"]);
    assert!(repos.iter().all(|r| !r.is_public && r.namespace == "ops"));
    assert!(repos[1].last_modified.is_some(), "{repos:?}");
    assert!(client.robots("ops").await.unwrap().is_empty());

    // Created with a token that pulls once it may read.
    let robot = client
        .create_robot("ops", "deployer", "pulls ops/web")
        .await
        .unwrap();
    assert_eq!(robot.name, "ops+deployer");
    assert_eq!(format!("{:?}", robot.token), "<redacted>");
    let (status, _) = quay
        .api(
            "PUT",
            "/repository/ops/web/permissions/user/ops+deployer",
            Some(json!({"role": "read"})),
        )
        .unwrap();
    assert_eq!(status, 200);
    let as_robot = |token: &vault::Secret| {
        registry::RegistryClient::new(
            &connection(&quay),
            Some(BasicCredentials::new("ops+deployer", token.expose())),
        )
        .unwrap()
    };
    assert_eq!(
        as_robot(&robot.token).tags("ops/web").await.unwrap(),
        ["2.0"]
    );
    let listed = client.robots("ops").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].description.as_deref(), Some("pulls ops/web"));
    assert_eq!(
        client
            .robot_token("ops", "deployer")
            .await
            .unwrap()
            .token
            .expose(),
        robot.token.expose()
    );

    // Regenerated: the old token is refused by /v2 at once, the new one pulls.
    let renewed = client
        .regenerate_robot_token("ops", "deployer")
        .await
        .unwrap();
    assert_ne!(renewed.token.expose(), robot.token.expose());
    let refused = as_robot(&robot.token).tags("ops/web").await.unwrap_err();
    assert!(
        matches!(refused, registry::Error::SignInRequired { .. }),
        "{refused:?}"
    );
    assert_eq!(
        as_robot(&renewed.token).tags("ops/web").await.unwrap(),
        ["2.0"]
    );

    // Deleted: gone from the list, its token refused.
    client.delete_robot("ops", "deployer").await.unwrap();
    assert!(client.robots("ops").await.unwrap().is_empty());
    // (Quay answers 400 "Could not find robot …"; the crate says not found.)
    let gone = client.robot_token("ops", "deployer").await.unwrap_err();
    assert_eq!(gone.code(), codes::ErrorCode::NotFound, "{gone}");
    assert!(as_robot(&renewed.token).tags("ops/web").await.is_err());

    // A token Quay does not know, and a name Quay would refuse.
    let stranger =
        quay::QuayClient::new(&connection(&quay), vault::Secret::new("not-a-token")).unwrap();
    assert!(matches!(
        stranger.organizations().await.unwrap_err(),
        quay::Error::SignInRequired
    ));
    assert!(matches!(
        client
            .create_robot("ops", "Bad-Name", "")
            .await
            .unwrap_err(),
        quay::Error::InvalidName { .. }
    ));
}
