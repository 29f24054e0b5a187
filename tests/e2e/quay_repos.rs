//! The Quay page's repositories and tags in the window, against a real Red Hat Quay
//! (`harness::quay`): create a repository, push two images into it from the test, see its tag
//! count, make it public after the one question (an anonymous skopeo then lists it), open its
//! tags, see a manifest through `/v2` (the Quay token as `$oauthtoken`), set an expiration
//! (Quay's API reports the time chosen in the window), delete a tag after asking and restore it
//! from its history (skopeo lists it again); then the same screens in Japanese and the
//! repository deleted after asking.
//!
//! Quay's background workers do not run here: the expiration is set and reported, but nothing
//! would collect the tag when it passes (Quay only hides an expired tag when it is read), and
//! the deleted repository's storage is not garbage-collected.

use std::process::Command;

use harness::client::{Credentials, RegistryClient};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::quay::Quay;
use harness::secrets::files_containing;
use serde_json::json;

use crate::app::Desktop;
use crate::init;
use crate::secrets;
use crate::steps;

/// The tags an anonymous `skopeo list-tags` sees in `repository`, or `None` when refused.
fn anonymous_tags(quay: &Quay, repository: &str) -> Option<Vec<String>> {
    let output = Command::new("skopeo")
        .args(["list-tags", "--tls-verify=false", "--no-creds"])
        .arg(format!("docker://{}/{repository}", quay.host()))
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("skopeo runs");
    if !output.status.success() {
        return None;
    }
    let reply: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let mut tags: Vec<String> = reply["Tags"]
        .as_array()?
        .iter()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect();
    tags.sort();
    Some(tags)
}

const WEB_ROW: &str = "[data-testid=quay-repo-row][data-name=web]";
const TAG_1: &str = "[data-testid=quay-tag-row][data-name=\"1.0\"]";
const TAG_LATEST: &str = "[data-testid=quay-tag-row][data-name=latest]";

/// Types a day three days from now (local time, to the minute) into the expiration's date
/// picker and its time into the time picker, as a user would, and answers that time in Unix
/// seconds.
const PICK_EXPIRATION: &str = r#"
    const at = new Date(Date.now() + 3 * 86400 * 1000);
    at.setSeconds(0, 0);
    const pad = (n) => String(n).padStart(2, "0");
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    const type = (id, value) => {
        const input = document.getElementById(id);
        setter.call(input, value);
        input.dispatchEvent(new Event("input", { bubbles: true }));
    };
    type("quay-tag-expiration-date", `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`);
    type("quay-tag-expiration-time", `${pad(at.getHours())}:${pad(at.getMinutes())}`);
    return Math.floor(at.getTime() / 1000);
"#;

#[tokio::test(flavor = "multi_thread")]
async fn create_a_repository_push_open_its_tags_set_an_expiration_delete_and_restore_a_tag_on_a_real_quay()
 {
    init();
    let quay = Quay::start().expect("Quay starts");
    secrets::used(quay.admin_token());
    let (status, org) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": "team", "email": "team@example.com"})),
        )
        .unwrap();
    assert_eq!(status, 201, "{org}");

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
    s.find("[data-testid=quay-repos-none]").await.unwrap();

    // Created from the window: a name Quay would refuse is said before anything is sent.
    s.click_css("[data-testid=quay-repo-create]").await.unwrap();
    s.type_into("#quay-repo-name", "Web").await.unwrap();
    s.wait_text(
        "[data-testid=quay-repo-name-invalid]",
        "cannot be a repository name",
    )
    .await
    .unwrap();
    s.type_into("#quay-repo-name", "web").await.unwrap();
    s.type_into("#quay-repo-description", "the web front end")
        .await
        .unwrap();
    app.screenshot("100-quay-repo-create-en").await;
    s.click_css("[data-testid=quay-repo-create-submit]")
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=quay-repo-done]",
        "Repository team/web created",
    )
    .await
    .unwrap();
    s.wait_count(WEB_ROW, 1).await.unwrap();
    s.wait_text_content(
        &format!("{WEB_ROW} [data-testid=quay-repo-visibility]"),
        "Private",
    )
    .await
    .unwrap();
    assert_eq!(anonymous_tags(&quay, "team/web"), None);

    // Two images pushed into it from the test (the admin's token as `$oauthtoken`).
    let pusher = RegistryClient::new(
        quay.url(),
        Some(Credentials::new("$oauthtoken", quay.admin_token())),
        None,
    )
    .unwrap();
    let filler = Filler::with_client(pusher, "team/seed").await.unwrap();
    let one = filler
        .push_image("team/web", "1.0", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    let latest = filler
        .push_image("team/web", "latest", ManifestKind::Docker, Arch::Arm64)
        .await
        .unwrap();

    // The list again (the tab reopened): the tag count is asked for and shown.
    s.click_css("[data-testid=quay-tab-robots]").await.unwrap();
    s.click_css("[data-testid=quay-tab-repositories]")
        .await
        .unwrap();
    s.wait_text_content(
        &format!("{WEB_ROW} [data-testid=quay-repo-tag-count][data-status=ok]"),
        "2",
    )
    .await
    .unwrap();

    // Public after the one question saying who can then pull: an anonymous skopeo lists it.
    s.click_css(&format!(
        "{WEB_ROW} [data-testid=quay-repo-visibility-toggle]"
    ))
    .await
    .unwrap();
    s.wait_text(
        "[data-testid=quay-repo-visibility-confirm]",
        "without signing in",
    )
    .await
    .unwrap();
    app.screenshot("101-quay-repo-make-public-en").await;
    s.click_css("[data-testid=quay-repo-visibility-confirm-submit]")
        .await
        .unwrap();
    s.wait_text_content(
        &format!("{WEB_ROW} [data-testid=quay-repo-visibility]"),
        "Public",
    )
    .await
    .unwrap();
    assert_eq!(
        anonymous_tags(&quay, "team/web"),
        Some(vec!["1.0".to_owned(), "latest".to_owned()])
    );
    app.screenshot("102-quay-repos-en").await;

    // Its tags, as Quay's API lists them.
    s.click_css(&format!("{WEB_ROW} [data-testid=quay-repo-open]"))
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-row]", 2).await.unwrap();
    let short = &one["sha256:".len().."sha256:".len() + 12];
    s.wait_text_content(&format!("{TAG_1} [data-testid=quay-tag-digest]"), short)
        .await
        .unwrap();
    s.wait_text_content(&format!("{TAG_1} [data-testid=quay-tag-expires]"), "Never")
        .await
        .unwrap();
    app.screenshot("103-quay-tags-en").await;

    // The manifest through /v2 with the same sign-in.
    s.click_css(&format!("{TAG_1} [data-testid=quay-tag-manifest]"))
        .await
        .unwrap();
    s.wait_text("[data-testid=manifest-digest]", &one)
        .await
        .unwrap();
    app.screenshot("104-quay-tag-manifest-en").await;
    s.click_css("[data-testid=manifest-detail] button[aria-label=Close]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-row]", 2).await.unwrap();

    // An expiration three days ahead, picked in the window; Quay reports the same time.
    s.click_css(&format!("{TAG_1} [data-testid=quay-tag-expiration]"))
        .await
        .unwrap();
    s.find("#quay-tag-expiration-date").await.unwrap();
    let chosen = s.execute(PICK_EXPIRATION).await.unwrap().as_i64().unwrap();
    s.wait_text("[data-testid=quay-tag-expiration-chosen]", "in 3 days")
        .await
        .unwrap();
    app.screenshot("105-quay-tag-expiration-en").await;
    s.click_css("[data-testid=quay-tag-expiration-set]")
        .await
        .unwrap();
    s.wait_text("[data-testid=quay-tags-notice]", "1.0 expires")
        .await
        .unwrap();
    s.wait_text_content(
        &format!("{TAG_1} [data-testid=quay-tag-expires]"),
        "in 3 days",
    )
    .await
    .unwrap();
    let (status, reply) = quay
        .api(
            "GET",
            "/repository/team/web/tag/?specificTag=1.0&onlyActiveTags=true",
            None,
        )
        .unwrap();
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["tags"][0]["end_ts"].as_i64(), Some(chosen), "{reply}");
    app.screenshot("106-quay-tag-expiration-set-en").await;

    // Deleted after asking (it says the tag stays restorable), then restored from its history.
    s.click_css(&format!("{TAG_LATEST} [data-testid=quay-tag-delete]"))
        .await
        .unwrap();
    s.wait_text("[data-testid=quay-tag-delete-confirm]", "stop working")
        .await
        .unwrap();
    app.screenshot("107-quay-tag-delete-confirm-en").await;
    s.click_css("[data-testid=quay-tag-delete-confirm-submit]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-row]", 1).await.unwrap();
    assert_eq!(
        anonymous_tags(&quay, "team/web"),
        Some(vec!["1.0".to_owned()])
    );
    // Among the recently deleted tags, as Quay's history keeps them.
    s.click_css("[data-testid=quay-tags-deleted] button[aria-expanded]")
        .await
        .unwrap();
    s.wait_count(
        "[data-testid=quay-deleted-tag-row][data-name=latest] [data-testid=quay-deleted-tag-restore]",
        1,
    )
    .await
    .unwrap();
    app.screenshot("107b-quay-tags-recently-deleted-en").await;
    s.click_css("[data-testid=quay-tags-notice-history]")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-history-row][data-state=ended]", 1)
        .await
        .unwrap();
    app.screenshot("108-quay-tag-history-deleted-en").await;
    s.click_css(
        "[data-testid=quay-tag-history-row][data-state=ended] [data-testid=quay-tag-restore]",
    )
    .await
    .unwrap();
    s.wait_text("[data-testid=quay-tag-restored]", "points at")
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-history-row]", 2)
        .await
        .unwrap();
    app.screenshot("109-quay-tag-restored-en").await;
    assert_eq!(
        anonymous_tags(&quay, "team/web"),
        Some(vec!["1.0".to_owned(), "latest".to_owned()])
    );
    let (_, reply) = quay
        .api(
            "GET",
            "/repository/team/web/tag/?specificTag=latest&onlyActiveTags=true",
            None,
        )
        .unwrap();
    assert_eq!(
        reply["tags"][0]["manifest_digest"].as_str(),
        Some(latest.as_str())
    );
    s.click_css("[data-testid=quay-tags-close]").await.unwrap();
    s.wait_gone("[data-testid=quay-tags]").await.unwrap();

    // Japanese: the same screens in the Red Hat Quay documentation's words.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-repo-create]", "リポジトリーの作成")
        .await
        .unwrap();
    app.screenshot("110-quay-repos-ja").await;
    s.click_css(&format!("{WEB_ROW} [data-testid=quay-repo-open]"))
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-row]", 2).await.unwrap();
    s.wait_text_content(&format!("{TAG_1} [data-testid=quay-tag-expires]"), "3 日後")
        .await
        .unwrap();
    app.screenshot("111-quay-tags-ja").await;
    s.click_css(&format!("{TAG_LATEST} [data-testid=quay-tag-history]"))
        .await
        .unwrap();
    s.wait_count("[data-testid=quay-tag-history-row]", 2)
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-tag-history-panel]", "削除または期限切れ")
        .await
        .unwrap();
    app.screenshot("112-quay-tag-history-ja").await;
    s.click_css("[data-testid=quay-tags-back]").await.unwrap();
    s.click_css(&format!("{TAG_1} [data-testid=quay-tag-expiration]"))
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-tag-expiration-current]", "有効期限")
        .await
        .unwrap();
    // The calendar speaks the UI's language too.
    s.click_css(
        "[data-testid=quay-tag-expiration-panel] button[aria-label=\"カレンダーから日付を選ぶ\"]",
    )
    .await
    .unwrap();
    s.find(".pf-v6-c-calendar-month").await.unwrap();
    app.screenshot("113-quay-tag-expiration-ja").await;
    s.click_css(".pf-v6-c-calendar-month__dates-cell.pf-m-selected button")
        .await
        .unwrap();
    s.wait_gone(".pf-v6-c-calendar-month").await.unwrap();
    s.click_css("[data-testid=quay-tag-expiration-clear]")
        .await
        .unwrap();
    s.wait_text_content(&format!("{TAG_1} [data-testid=quay-tag-expires]"), "なし")
        .await
        .unwrap();
    let (_, reply) = quay
        .api(
            "GET",
            "/repository/team/web/tag/?specificTag=1.0&onlyActiveTags=true",
            None,
        )
        .unwrap();
    assert!(reply["tags"][0]["end_ts"].is_null(), "{reply}");
    s.click_css("[data-testid=quay-tags-close]").await.unwrap();
    s.wait_gone("[data-testid=quay-tags]").await.unwrap();

    // The repository deleted after asking: its tags go with it.
    s.click_css(&format!("{WEB_ROW} [data-testid=quay-repo-delete]"))
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-repo-delete-confirm]", "2 件のタグ")
        .await
        .unwrap();
    app.screenshot("114-quay-repo-delete-confirm-ja").await;
    s.click_css("[data-testid=quay-repo-delete-confirm-submit]")
        .await
        .unwrap();
    s.wait_count(WEB_ROW, 0).await.unwrap();
    s.wait_text_content("[data-testid=quay-repo-done]", "team/web")
        .await
        .unwrap();
    app.screenshot("115-quay-repo-deleted-ja").await;
    assert_eq!(anonymous_tags(&quay, "team/web"), None);

    // Nothing secret on disk.
    let hits = files_containing(desktop.home(), quay.admin_token());
    assert!(hits.is_empty(), "the Quay token found in {hits:?}");
    app.close().await;
}
