//! Issue #4's "a 401 later asks to sign in again and then continues what the user was doing",
//! in the real window against a real Kubernetes control plane with OpenShift's APIs and OAuth
//! tokens beside it (`harness::kube`): signed in with a pasted
//! token, the user fills the grant form; meanwhile the cluster stops accepting the token. The
//! Grant click opens the sign-in dialog saying the session ended (and the stale session is
//! gone from the OS keyring); after signing in again with a new token the grant completes
//! without the form being filled again, and the binding is on the cluster. Then, in Japanese,
//! two loads refused at once share one dialog and both continue after it.

use std::process::Command;

use connections::{ConnectionKind, TlsMode};
use harness::keyring::KeyringDaemon;
use harness::kube::KubeCluster;

use crate::app::Desktop;
use crate::{init, steps};

const FIRST_TOKEN: &str = "sha256~alice-reauth-first-0123456789";
const SECOND_TOKEN: &str = "sha256~alice-reauth-second-0123456789";
const THIRD_TOKEN: &str = "sha256~alice-reauth-third-0123456789";

fn row(name: &str) -> String {
    format!("[data-testid=connection-row][data-name=\"{name}\"]")
}

/// Whether the OS keyring holds a session for `connection_id`, and whether it is `token`
/// (asked through the app's own keyring store in a child process; nothing is printed).
fn stored_session(keyring: &KeyringDaemon, connection_id: &str) -> Option<String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vault-probe"));
    command.args(["get", &format!("oauth:{connection_id}")]);
    keyring.apply(&mut command);
    let output = command.output().expect("vault-probe runs");
    match output.status.code() {
        Some(0) => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        Some(2) => None,
        other => panic!(
            "vault-probe failed ({other:?}): {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_asks_to_sign_in_again_and_the_grant_completes_without_refilling() {
    init();
    let kube = KubeCluster::start_openshift(&[]).expect("the control plane starts");
    let oauth = kube.openshift().expect("OpenShift's APIs");
    oauth.add_token(FIRST_TOKEN, "alice", &["developers"]);
    for token in [FIRST_TOKEN, SECOND_TOKEN, THIRD_TOKEN] {
        crate::secrets::used(token);
    }
    kube.add_project("team-a", Some("alice")).unwrap();
    kube.add_project("team-b", Some("alice")).unwrap();
    let keyring = KeyringDaemon::start().expect("the private keyring starts");
    let mut desktop = Desktop::new();
    desktop.keyring_bus = Some(keyring.bus_address().to_owned());
    let connection = desktop.add_connection_of(
        ConnectionKind::Openshift,
        "sim-cluster",
        kube.url(),
        TlsMode::CaBundle {
            path: kube.ca_path().display().to_string(),
        },
    );

    let app = desktop.launch().await;
    let s = &app.session;

    // Signed in by pasting a token; the Access page works.
    let cluster = row("sim-cluster");
    s.click_css(&format!("{cluster} [data-testid=auth-sign-in]"))
        .await
        .unwrap();
    steps::sign_in_with_token(s, FIRST_TOKEN).await;
    s.wait_text_content(&format!("{cluster} [data-testid=auth-user]"), "alice")
        .await
        .unwrap();
    steps::open_access_in_team_a(s, "alice").await;
    app.screenshot("80-reauth-access-signed-in-en").await;

    // The user fills the grant form; meanwhile the token stops working (its lifetime ends).
    steps::fill_grant_to_team_b_default(s).await;
    oauth.expire_token(FIRST_TOKEN);
    kube.wait_until_refused(FIRST_TOKEN).unwrap();
    oauth.add_token(SECOND_TOKEN, "alice", &["developers"]);
    app.screenshot("81-reauth-grant-form-en").await;
    s.click_css("[data-testid=grant-submit]").await.unwrap();

    // The sign-in dialog says why; the refused session is gone from the OS keyring.
    s.wait_text_content(
        "[data-testid=cluster-sign-in] [data-testid=reauth-reason]",
        "Your session for sim-cluster has ended; sign in again to continue granting the role.",
    )
    .await
    .unwrap();
    assert!(
        stored_session(&keyring, &connection.id).is_none(),
        "the refused session was dropped from the keyring"
    );
    // One dialog at a time: the grant form stepped aside for the sign-in (it comes back, as
    // it was, if the sign-in is cancelled).
    s.wait_gone("[data-testid=grant-modal]").await.unwrap();
    assert!(
        kube.object(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "team-a",
            "registry-viewer"
        )
        .unwrap()
        .is_none(),
        "nothing was granted with the refused token"
    );
    app.screenshot("82-reauth-session-ended-en").await;

    // Signed in again: the same grant runs once more, and completes.
    steps::sign_in_with_token(s, SECOND_TOKEN).await;
    s.wait_text_content(
        "[data-testid=bindings-notice]",
        "registry-viewer granted to team-b/default in team-a",
    )
    .await
    .unwrap();
    s.wait_gone("[data-testid=cluster-sign-in]").await.unwrap();
    s.wait_gone("[data-testid=grant-modal]").await.unwrap();
    s.wait_text_content("[data-testid=bindings-table]", "registry-viewer")
        .await
        .unwrap();
    let binding = kube
        .object(
            "rbac.authorization.k8s.io",
            "rolebindings",
            "team-a",
            "registry-viewer",
        )
        .unwrap()
        .expect("the binding is on the cluster");
    assert_eq!(binding["subjects"][0]["kind"], "ServiceAccount");
    assert_eq!(binding["subjects"][0]["namespace"], "team-b");
    assert_eq!(binding["subjects"][0]["name"], "default");
    assert_eq!(
        stored_session(&keyring, &connection.id).map(|json| json.contains(SECOND_TOKEN)),
        Some(true),
        "the new session is kept in the keyring"
    );
    app.screenshot("83-reauth-grant-completed-en").await;

    // In Japanese: the token ends again; the Effective access tab's two loads are refused at
    // once, share one dialog, and both continue after one sign-in.
    s.click_css("[data-testid=language-switch] option[value=\"ja\"]")
        .await
        .unwrap();
    oauth.expire_token(SECOND_TOKEN);
    kube.wait_until_refused(SECOND_TOKEN).unwrap();
    oauth.add_token(THIRD_TOKEN, "alice", &["developers"]);
    s.click_css("[data-testid=tab-effective]").await.unwrap();
    s.wait_text_content(
        "[data-testid=cluster-sign-in] [data-testid=reauth-reason]",
        "sim-cluster のセッションは終了しました。",
    )
    .await
    .unwrap();
    // The two refusals come back one after the other; the second joins the open dialog.
    let reason = s
        .wait_text_content(
            "[data-testid=cluster-sign-in] [data-testid=reauth-reason]",
            "プル・プッシュできるユーザーの読み込み",
        )
        .await
        .unwrap();
    assert!(reason.contains("自分の権限の確認"), "{reason}");
    assert_eq!(
        s.find_all("[data-testid=cluster-sign-in]")
            .await
            .unwrap()
            .len(),
        1,
        "one dialog for both loads"
    );
    app.screenshot("84-reauth-session-ended-ja").await;
    steps::sign_in_with_token(s, THIRD_TOKEN).await;
    s.wait_text_content("[data-testid=pull-table]", "registry-viewer")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=self-table]", "許可")
        .await
        .unwrap();
    s.wait_gone("[data-testid=cluster-sign-in]").await.unwrap();
    app.screenshot("85-reauth-effective-continued-ja").await;
    app.close().await;

    // None of the tokens reached a file of the app (settings, webview storage, logs).
    for token in [FIRST_TOKEN, SECOND_TOKEN, THIRD_TOKEN] {
        let hits = harness::secrets::files_containing(desktop.home(), token);
        assert!(hits.is_empty(), "a token is in {hits:?}");
    }
}
