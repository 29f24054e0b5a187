//! Steps several e2e tests take the same way, on the Connections and Access pages of the
//! kube simulator's usual projects (team-a and team-b).

use crate::webdriver::Session;

/// In the open cluster sign-in dialog: paste `token` and sign in.
pub async fn sign_in_with_token(s: &Session, token: &str) {
    s.click_css("[data-testid=cluster-sign-in] [data-testid=way-token]")
        .await
        .unwrap();
    s.type_into("#auth-token", token).await.unwrap();
    s.click_css("[data-testid=cluster-sign-in-submit]")
        .await
        .unwrap();
}

/// Opens Access as `user` and narrows the projects to team-a (1 of 2), its bindings shown.
pub async fn open_access_in_team_a(s: &Session, user: &str) {
    s.click_css("[data-testid=nav-access]").await.unwrap();
    s.wait_text_content("[data-testid=whoami]", user)
        .await
        .unwrap();
    s.type_into("[data-testid=project-filter] input", "team-a")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=project-count]", "1 of 2")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=bindings-table]", "admin")
        .await
        .unwrap();
}

/// Opens the grant dialog and fills it: registry-viewer in team-a to the service account
/// team-b/default, with the `oc policy` line it amounts to shown.
pub async fn fill_grant_to_team_b_default(s: &Session) {
    s.click_css("[data-testid=grant-open]").await.unwrap();
    s.click_css("[data-testid=grant-subject-serviceAccount]")
        .await
        .unwrap();
    s.click_css("[data-testid=grant-sa-project] option[value=\"team-b\"]")
        .await
        .unwrap();
    s.type_into("[data-testid=grant-name]", "default")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=grant-preview]",
        "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:default -n team-a",
    )
    .await
    .unwrap();
}

/// Opens the Quay page and signs in with the OAuth `token` pasted into the Quay sign-in dialog
/// (what the dialog does with a wrong token is proven in `quay.rs`); waits for who it is.
pub async fn quay_sign_in_with_token(s: &Session, token: &str, user: &str) {
    s.click_css("[data-testid=nav-quay]").await.unwrap();
    s.click_css("[data-testid=quay-sign-in]").await.unwrap();
    s.type_into("#quay-token", token).await.unwrap();
    s.click_css("[data-testid=quay-sign-in-submit]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=quay-whoami]", &format!("Signed in as {user}"))
        .await
        .unwrap();
}
