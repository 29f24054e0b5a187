//! The Quay page's teams, permissions, effective access and audit log in the window, against
//! a real Red Hat Quay (`harness::quay`): create a robot account, give it Write on a repository
//! on the Permissions tab, see it can push on the Effective access tab, put it in a new team,
//! see the permission change in Quay's audit log, then revoke it after the one question, in
//! English and in Japanese.

use harness::quay::Quay;
use harness::secrets::files_containing;

use crate::app::Desktop;
use crate::init;
use crate::secrets;
use crate::steps;

const PERM_ROW: &str = "[data-testid=quay-perm-row][data-name=\"team+deployer\"]";
const ACCESS_ROW: &str = "[data-testid=quay-access-row][data-name=\"team+deployer\"]";

#[tokio::test(flavor = "multi_thread")]
async fn give_a_new_robot_write_see_it_in_effective_access_and_the_audit_log_on_a_real_quay() {
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

    steps::quay_sign_in_with_token(s, quay.admin_token(), "admin").await;
    s.click_css("[data-testid=quay-organization] option[value=\"team\"]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-repo-row]", 2)
        .await
        .unwrap();

    // A robot account, made on the Robot accounts tab.
    s.click_css("[data-testid=quay-tab-robots]").await.unwrap();
    s.click_css("[data-testid=quay-robot-create]")
        .await
        .unwrap();
    s.type_into("#quay-robot-name", "deployer").await.unwrap();
    s.click_css("[data-testid=quay-robot-create-submit]")
        .await
        .unwrap();
    s.find("[data-testid=quay-robot-permissions-none]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-robot-credentials-close]")
        .await
        .unwrap();

    // Write on team/app, granted on the Permissions tab: kind robot account (the default),
    // the robot picked from the organization's, role Write.
    s.click_css("[data-testid=quay-tab-permissions]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-perm-repo] option[value=\"app\"]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-perm-table]", "admin")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-perm-grant-name] option[value=\"team+deployer\"]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-perm-grant-role] option[value=\"write\"]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-perm-grant]").await.unwrap();
    s.find(&format!("{PERM_ROW}[data-role=write]"))
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=quay-perm-done]",
        "team+deployer granted Write",
    )
    .await
    .unwrap();
    app.screenshot("30-quay-permissions-en").await;

    // Quay itself says so: the robot's permissions, asked of Quay directly.
    let (status, permissions) = quay
        .api(
            "GET",
            "/organization/team/robots/deployer/permissions",
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{permissions}");
    assert_eq!(
        permissions["permissions"][0]["role"], "write",
        "{permissions}"
    );

    // Effective access: it can push, through its direct permission.
    s.click_css("[data-testid=quay-tab-access]").await.unwrap();
    s.find(&format!("{ACCESS_ROW}[data-push=true][data-admin=false]"))
        .await
        .unwrap();
    s.wait_text(ACCESS_ROW, "direct permission (Write)")
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=quay-access-row][data-name=admin]",
        "organization admin through team owners",
    )
    .await
    .unwrap();
    app.screenshot("31-quay-effective-access-en").await;

    // A team with the robot in it, on the Teams tab.
    s.click_css("[data-testid=quay-tab-teams]").await.unwrap();
    s.click_css("[data-testid=quay-team-create]").await.unwrap();
    s.type_into("#quay-team-name", "deployers").await.unwrap();
    s.click_css("#quay-team-role option[value=\"creator\"]")
        .await
        .unwrap();
    s.type_into("#quay-team-description", "Deploys team/app")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-team-save-submit]")
        .await
        .unwrap();
    s.find("[data-testid=quay-team-members-none]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-team-add-name] option[value=\"team+deployer\"]")
        .await
        .unwrap();
    s.click_css("[data-testid=quay-team-add]").await.unwrap();
    s.find("[data-testid=quay-team-member-row][data-name=\"team+deployer\"][data-robot=true]")
        .await
        .unwrap();
    // (A PatternFly label's text is textContent to WebKitWebDriver, not visible text.)
    s.wait_text_content(
        "[data-testid=quay-team-row][data-name=deployers] [data-testid=quay-team-role]",
        "Creator",
    )
    .await
    .unwrap();
    app.screenshot("32-quay-teams-en").await;

    // The audit log: the permission change, newest first, times relative with the exact time
    // on hover.
    s.click_css("[data-testid=quay-tab-logs]").await.unwrap();
    let row = "[data-testid=quay-log-row][data-kind=change_repo_permission]";
    s.wait_text(row, "team+deployer").await.unwrap();
    let when = s
        .find(&format!("{row} [data-testid=quay-log-when]"))
        .await
        .unwrap();
    let exact = s
        .attribute(&when, "title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(exact.chars().any(|c| c.is_ascii_digit()), "{exact:?}");
    s.click_css("[data-testid=quay-log-kind] option[value=change_repo_permission]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-log-row]", 1).await.unwrap();
    app.screenshot("33-quay-audit-log-en").await;

    // Japanese: the same tabs in Quay's Japanese terms; the permission revoked after asking.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-tab-logs]", "監査ログ")
        .await
        .unwrap();
    app.screenshot("34-quay-audit-log-ja").await;
    s.click_css("[data-testid=quay-tab-access]").await.unwrap();
    s.wait_text(ACCESS_ROW, "直接のパーミッション (Write)")
        .await
        .unwrap();
    app.screenshot("35-quay-effective-access-ja").await;
    s.click_css("[data-testid=quay-tab-permissions]")
        .await
        .unwrap();
    s.click_css(&format!("{PERM_ROW} [data-testid=quay-perm-revoke]"))
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=quay-perm-revoke-confirm]",
        "team/app の Write を失います",
    )
    .await
    .unwrap();
    app.screenshot("36-quay-revoke-confirm-ja").await;
    s.click_css("[data-testid=quay-perm-revoke-confirm-submit]")
        .await
        .unwrap();
    s.wait_count(PERM_ROW, 0).await.unwrap();
    app.screenshot("37-quay-permissions-ja").await;
    let (_, permissions) = quay
        .api(
            "GET",
            "/organization/team/robots/deployer/permissions",
            None,
        )
        .unwrap();
    assert_eq!(
        permissions["permissions"].as_array().map(Vec::len),
        Some(0),
        "{permissions}"
    );
    s.click_css("[data-testid=quay-tab-access]").await.unwrap();
    s.find("[data-testid=quay-access-table]").await.unwrap();
    s.wait_count(ACCESS_ROW, 0).await.unwrap();
    s.click_css("[data-testid=quay-tab-teams]").await.unwrap();
    s.wait_count("[data-testid=quay-team-row]", 2)
        .await
        .unwrap();
    app.screenshot("38-quay-teams-ja").await;

    let hits = files_containing(desktop.home(), quay.admin_token());
    assert!(hits.is_empty(), "the Quay token found in {hits:?}");
    app.close().await;
}
