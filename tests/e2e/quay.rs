//! The Quay page in the window, against a real Red Hat Quay (`harness::quay`): sign in with a
//! pasted OAuth access token, see the organization's repositories, create a robot account,
//! reveal its token and login line (skopeo proves the token the window shows), regenerate it
//! after the one question (the old token refused by Quay's `/v2` at once), delete it, and the
//! same screens in Japanese. Nothing secret lands on disk.

use harness::quay::Quay;
use harness::secrets::files_containing;
use serde_json::json;

use crate::app::Desktop;
use crate::init;
use crate::secrets;

/// Whether skopeo lists the tags of `repository` with `user:token`.
fn skopeo_lists(quay: &Quay, repository: &str, user: &str, token: &str) -> bool {
    quay.skopeo_list_tags(repository, &["--creds", &format!("{user}:{token}")])
        .status
        .success()
}

const ROBOT_ROW: &str = "[data-testid=quay-robot-row][data-name=\"team+deployer\"]";

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_a_token_create_reveal_regenerate_and_delete_a_robot_on_a_real_quay() {
    init();
    let quay = Quay::start().expect("Quay starts");
    secrets::used(quay.admin_token());
    quay.organization_with_images("team", &[("base", "0.1"), ("app", "1.0")])
        .await
        .unwrap();

    let desktop = Desktop::new();
    desktop.add_connection_of(
        connections::ConnectionKind::Quay,
        "lab-quay",
        quay.url(),
        connections::TlsMode::System,
    );
    let app = desktop.launch().await;
    let s = &app.session;

    s.click_css("[data-testid=nav-quay]").await.unwrap();
    s.find("[data-testid=quay-signed-out]").await.unwrap();
    app.screenshot("90-quay-signed-out-en").await;
    s.click_css("[data-testid=quay-sign-in]").await.unwrap();
    s.type_into("#quay-token", "not-a-token").await.unwrap();
    s.click_css("[data-testid=quay-sign-in-submit]")
        .await
        .unwrap();
    // Our words in sight; Quay's own text only under the closed "Details".
    s.wait_text(
        "[data-testid=quay-error]",
        "Sign in to this Quay with an OAuth access token",
    )
    .await
    .unwrap();
    s.wait_text_content(
        "[data-testid=quay-error] [data-testid=error-details]",
        "did not accept the token",
    )
    .await
    .unwrap();
    app.screenshot("91-quay-token-refused-en").await;
    s.type_into("#quay-token", quay.admin_token())
        .await
        .unwrap();
    s.click_css("[data-testid=quay-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-whoami]", "Signed in as admin")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-repo-row]", 2)
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-repos]", "team/app")
        .await
        .unwrap();
    app.screenshot("92-quay-repositories-en").await;

    // A robot account: created, its token shown masked, revealed, and it is the real one.
    s.click_css("[data-testid=quay-tab-robots]").await.unwrap();
    s.find("[data-testid=quay-robots-none]").await.unwrap();
    s.click_css("[data-testid=quay-robot-create]")
        .await
        .unwrap();
    s.type_into("#quay-robot-name", "deployer").await.unwrap();
    s.type_into("#quay-robot-description", "deploys team/app")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-robot-create-submit]")
        .await
        .unwrap();
    let masked = s
        .wait_text("[data-testid=quay-robot-docker-login-text]", "docker login")
        .await
        .unwrap();
    // The line holds no token (docker asks for it at its prompt).
    assert_eq!(
        masked,
        format!("docker login -u 'team+deployer' '{}'", quay.host())
    );
    app.screenshot("93-quay-robot-created-en").await;
    s.click_css("[data-testid=quay-robot-token-reveal]")
        .await
        .unwrap();
    let token = s
        .text(&s.find("[data-testid=quay-robot-token-text]").await.unwrap())
        .await
        .unwrap();
    assert!(!token.contains('•') && token.len() > 20, "{token}");
    secrets::used(&token);
    let line = s
        .wait_text("[data-testid=quay-robot-podman-login-text]", "podman login")
        .await
        .unwrap();
    assert!(!line.contains(&token), "{line}");
    s.click_css("[data-testid=quay-robot-credentials-close]")
        .await
        .unwrap();
    s.wait_count(ROBOT_ROW, 1).await.unwrap();
    app.screenshot("94-quay-robots-en").await;

    // The token the window showed pulls once the robot may read.
    assert!(!skopeo_lists(&quay, "team/app", "team+deployer", &token));
    let (status, _) = quay
        .api(
            "PUT",
            "/repository/team/app/permissions/user/team+deployer",
            Some(json!({"role": "read"})),
        )
        .unwrap();
    assert_eq!(status, 200);
    assert!(skopeo_lists(&quay, "team/app", "team+deployer", &token));

    // Regenerated after one question: the old token is refused at once.
    s.click_css(&format!("{ROBOT_ROW} [data-testid=quay-robot-regenerate]"))
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=quay-robot-regenerate-confirm]",
        "stops working at once",
    )
    .await
    .unwrap();
    app.screenshot("95-quay-robot-regenerate-confirm-en").await;
    s.click_css("[data-testid=quay-robot-regenerate-confirm-submit]")
        .await
        .unwrap();
    s.wait_text("[data-testid=quay-robot-note]", "no longer works")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-robot-token-reveal]")
        .await
        .unwrap();
    let new_token = s
        .text(&s.find("[data-testid=quay-robot-token-text]").await.unwrap())
        .await
        .unwrap();
    secrets::used(&new_token);
    assert_ne!(new_token, token);
    assert!(!skopeo_lists(&quay, "team/app", "team+deployer", &token));
    assert!(skopeo_lists(&quay, "team/app", "team+deployer", &new_token));
    s.click_css("[data-testid=quay-robot-credentials-close]")
        .await
        .unwrap();

    // Japanese: the same page in the seeds' words.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-tab-robots]", "ロボットアカウント")
        .await
        .unwrap();
    app.screenshot("96-quay-robots-ja").await;
    s.click_css(&format!("{ROBOT_ROW} [data-testid=quay-robot-delete]"))
        .await
        .unwrap();
    s.wait_text("[data-testid=quay-robot-delete-confirm]", "削除")
        .await
        .unwrap();
    app.screenshot("97-quay-robot-delete-confirm-ja").await;
    s.click_css("[data-testid=quay-robot-delete-confirm-submit]")
        .await
        .unwrap();
    s.wait_count(ROBOT_ROW, 0).await.unwrap();
    s.find("[data-testid=quay-robot-done]").await.unwrap();
    app.screenshot("98-quay-robot-deleted-ja").await;
    assert!(!skopeo_lists(
        &quay,
        "team/app",
        "team+deployer",
        &new_token
    ));

    // Nothing secret on disk: not the Quay token, not a robot's.
    for needle in [quay.admin_token(), token.as_str(), new_token.as_str()] {
        let hits = files_containing(desktop.home(), needle);
        assert!(hits.is_empty(), "a secret found in {hits:?}");
    }
    app.close().await;
}
