//! The Activity page in the real window: a role granted on a real kube-apiserver, a token
//! minted and written to Podman's auth file, and a tag deleted on a real distribution registry
//! each appear in Activity with what was changed and how it ended; the list filtered by action;
//! the filtered list exported to CSV by the command the Export button calls, and the file read
//! back. In English, then in Japanese on a dark desktop after a restart (the log is a file).

use connections::{ConnectionKind, TlsMode};
use harness::keyring::KeyringDaemon;
use harness::kube::{KubeCluster, KubeUser};
use harness::registry::{Mode, Registry};

use crate::app::Desktop;
use crate::{init, steps};

const ALICE_TOKEN: &str = "sha256~alice-activity-e2e-0123456789";

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

fn repo_row(name: &str) -> String {
    format!("[data-testid=repository-row][data-name=\"{name}\"]")
}

fn tag_row(name: &str) -> String {
    format!("[data-testid=tag-row][data-tag=\"{name}\"]")
}

/// The actions of the rows shown, top to bottom.
async fn actions_shown(s: &crate::webdriver::Session) -> Vec<String> {
    let mut actions = Vec::new();
    for row in s.find_all("[data-testid=activity-row]").await.unwrap() {
        actions.push(
            s.attribute(&row, "data-action")
                .await
                .unwrap()
                .unwrap_or_default(),
        );
    }
    actions
}

#[tokio::test(flavor = "multi_thread")]
async fn a_grant_a_token_written_to_an_auth_file_and_a_delete_appear_in_activity_and_export_as_csv()
{
    init();
    let registry = Registry::start(Mode::Open).expect("registry starts");
    harness::filler::demo_content(&registry)
        .await
        .expect("demo content");
    let kube = KubeCluster::start_openshift(&[KubeUser {
        name: "alice".into(),
        token: ALICE_TOKEN.into(),
        groups: Vec::new(),
    }])
    .expect("the control plane starts");
    crate::secrets::used(ALICE_TOKEN);
    kube.add_project("team-a", Some("alice")).unwrap();
    kube.add_project("team-b", Some("alice")).unwrap();
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    desktop.add_connection("Local demo registry", &registry.url(), TlsMode::System);
    desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        kube.url(),
        TlsMode::CaBundle {
            path: kube.ca_path().display().to_string(),
        },
    );
    let app = desktop.launch().await;
    let s = &app.session;

    // Sign in to the cluster and grant registry-viewer in team-a to team-b/default.
    let cluster = row("sim-cluster");
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, ALICE_TOKEN).await;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    steps::open_access_in_team_a(s, "alice").await;
    steps::fill_grant_to_team_b_default(s).await;
    s.click_css("[data-testid=grant-submit]").await.unwrap();
    s.wait_text_content(
        "[data-testid=bindings-notice]",
        "registry-viewer granted to team-b/default in team-a",
    )
    .await
    .unwrap();

    // Mint a token for team-b/default and write it to Podman's auth file.
    s.type_into("[data-testid=project-filter] input", "team-b")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=project-count]", "1 of 2")
        .await
        .unwrap();
    s.click_css("[data-testid=tab-accounts]").await.unwrap();
    s.type_into("[data-testid=accounts-filter] input", "default")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=accounts-table]",
        "system:serviceaccount:team-b:default",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=account-row] [data-testid=token-open]")
        .await
        .unwrap();
    s.click_css("[data-testid=token-submit]").await.unwrap();
    s.wait_text_content("[data-testid=issued-token-text]", "••••")
        .await
        .unwrap();
    s.click_css("[data-testid=issued-token-reveal]")
        .await
        .unwrap();
    let shown = s.find("[data-testid=issued-token-text]").await.unwrap();
    let token = s.text(&shown).await.unwrap();
    crate::secrets::used(token.trim());
    s.type_into(
        "[data-testid=token-registry] input",
        "registry.apps.example.test",
    )
    .await
    .unwrap();
    // Escape closes the host picker's list (the dialog stays).
    let host = s.find("[data-testid=token-registry] input").await.unwrap();
    s.send_keys(&host, "\u{E00C}").await.unwrap();
    s.wait_gone("[data-testid=token-registry-no-match]")
        .await
        .unwrap();
    s.click_css("[data-testid=token-file-preview]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=token-file-confirm]",
        "registry.apps.example.test",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=token-file-write]").await.unwrap();
    s.wait_text_content("[data-testid=token-file-written]", "auth.json")
        .await
        .unwrap();
    s.click_css("[data-testid=token-close]").await.unwrap();
    s.wait_gone("[data-testid=token-modal]").await.unwrap();

    // Delete demo/hello:1.10.0 on the registry (latest goes with it).
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.type_into("[data-testid=repository-filter]", "demo/hello")
        .await
        .unwrap();
    s.click_css(&repo_row("demo/hello")).await.unwrap();
    s.wait_text(&tag_row("1.10.0"), "Docker v2").await.unwrap();
    crate::steps::tag_action(s, "1.10.0", "tag-delete").await;
    s.click_css("[data-testid=confirm-delete]").await.unwrap();
    s.wait_gone(&tag_row("1.10.0")).await.unwrap();

    // Activity: newest first, each change with its target and outcome.
    s.click_css("[data-testid=nav-activity]").await.unwrap();
    s.wait_text_content("[data-testid=activity-table]", "demo/hello")
        .await
        .unwrap();
    let actions = actions_shown(s).await;
    assert_eq!(
        actions,
        [
            "manifestDeleted",
            "authFileWritten",
            "tokenMinted",
            "roleGranted",
            "signIn"
        ],
        "{actions:?}"
    );
    let table = s
        .wait_text_content("[data-testid=activity-table]", "registry-viewer")
        .await
        .unwrap();
    assert!(table.contains("serviceaccount:team-b:default"), "{table}");
    assert!(table.contains("containers/auth.json"), "{table}");
    assert!(
        table.contains("Image deleted (manifest and its tags)"),
        "{table}"
    );
    assert!(!table.contains(token.trim()));
    app.screenshot("120-activity-en").await;
    // Times in one style: relative words in the list, the absolute local time on hover
    // (the title), never the log's RFC 3339 text.
    let time = s.find("[data-testid=activity-time]").await.unwrap();
    let shown = s.text(&time).await.unwrap();
    assert!(shown == "now" || shown.ends_with(" ago"), "{shown}");
    let title = s
        .attribute(&time, "title")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(title != shown && title.contains(':'), "{title}");
    let iso = s
        .attribute(&time, "datetime")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        !title.contains(&iso[..16.min(iso.len())]),
        "{title} / {iso}"
    );
    app.screenshot("173-relative-times-activity-en").await;

    // Filtered by action: only the grant.
    s.click_css("[data-testid=activity-action] option[value=\"roleGranted\"]")
        .await
        .unwrap();
    s.wait_count("[data-testid=activity-row]", 1).await.unwrap();
    app.screenshot("121-activity-filtered-en").await;

    // Export: the command the Export button calls once the save dialog answers, with this
    // filter and a path in the home (GTK's dialog itself is the desktop's).
    let csv = desktop.home().join("activity-export.csv");
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__
          .invoke("activity_export", {{ filter: {{ actions: ["roleGranted"] }}, format: "csv", path: {path} }})
          .then((r) => done({{ ok: r }}), (e) => done({{ err: e }}));"#,
        path = serde_json::Value::String(csv.display().to_string())
    );
    let answer = s.execute_async(&script).await.unwrap();
    assert_eq!(answer["ok"]["count"], 1, "{answer}");
    let text = std::fs::read_to_string(&csv).expect("the export is written");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "time,connection,server,user,action,target,outcome,connectionId"
    );
    assert!(lines[1].contains(",sim-cluster,"), "{}", lines[1]);
    assert!(
        lines[1].contains(
            ",roleGranted,\"role registry-viewer, subject serviceaccount:team-b:default, project team-a\",done,"
        ),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 3, "{text}");
    app.close().await;

    // Japanese, dark, after a restart: the log is read back from its file.
    desktop.lang = "ja_JP.UTF-8".into();
    desktop.gtk_theme = Some("Adwaita:dark".into());
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-activity]").await.unwrap();
    let table = s
        .wait_text_content("[data-testid=activity-table]", "ロールを付与")
        .await
        .unwrap();
    assert!(table.contains("認証ファイルに書き込み"), "{table}");
    app.screenshot("122-activity-ja-dark").await;
    let time = s.find("[data-testid=activity-time]").await.unwrap();
    let shown = s.text(&time).await.unwrap();
    assert!(shown == "今" || shown.ends_with("前"), "{shown}");
    app.screenshot("174-relative-times-activity-ja-dark").await;

    // The days are YYYY-MM-DD in Japanese too (not the system's native date format), with a
    // calendar in Japanese; a range before every change leaves nothing, and clearing the filters
    // empties both days and brings the changes back.
    s.type_into("[data-testid=activity-from] input", "2020-01-01")
        .await
        .unwrap();
    s.type_into("[data-testid=activity-to] input", "2020-12-31")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=activity-empty]", "一致する変更")
        .await
        .unwrap();
    s.click_css("[data-testid=activity-to] button[aria-label=\"カレンダーから終了日を選ぶ\"]")
        .await
        .unwrap();
    s.wait_text_content(".pf-v6-c-calendar-month", "12月")
        .await
        .unwrap();
    app.screenshot("181-activity-days-calendar-ja-dark").await;
    s.chord(&["\u{E00C}"]).await.unwrap();
    s.wait_gone(".pf-v6-c-calendar-month").await.unwrap();
    s.click_css("[data-testid=activity-empty] button")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=activity-table]", "ロールを付与")
        .await
        .unwrap();
    let days = s
        .execute(
            "return [...document.querySelectorAll('[data-testid^=activity-] input')]\
             .filter(i => i.placeholder === 'YYYY-MM-DD').map(i => i.value)",
        )
        .await
        .unwrap();
    assert_eq!(days, serde_json::json!(["", ""]), "both days are cleared");
    app.close().await;

    // Nothing the app wrote holds the minted token or alice's, the activity log included
    // (the auth file the user asked for is the one place it is on purpose).
    for secret in [token.trim(), ALICE_TOKEN] {
        let hits = harness::secrets::files_containing(desktop.home(), secret);
        assert!(
            hits.iter().all(|h| !h.contains("/activity/")),
            "a secret is in the activity log: {hits:?}"
        );
        assert!(hits.is_empty(), "a secret is in {hits:?}");
    }
}
