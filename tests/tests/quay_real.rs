//! A real Red Hat Quay (`harness::quay`): its API makes an organization, a repository and a
//! robot account as Quay's own UI does; an image pushed over `/v2` with an OAuth token
//! (`$oauthtoken`) is then listed by the app's registry client signed in as the robot, through
//! Quay's Bearer token flow, and a robot without a permission is refused.

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
