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
/// team-b/default, with the `oc policy` line it amounts to shown. Six clicks with the Grant
/// button: the dialog, "Service account", the project picker, team-b (which opens the list
/// of team-b's service accounts, read from the cluster), default, then Grant.
pub async fn fill_grant_to_team_b_default(s: &Session) {
    s.click_css("[data-testid=grant-open]").await.unwrap();
    s.click_css("[data-testid=grant-subject-serviceAccount]")
        .await
        .unwrap();
    pick_from_list(s, "grant-sa-project", "team-b").await;
    // On a loaded machine the pick can land while the list is redrawn; pick again until the
    // field holds team-b (a few times at most), as a user would.
    let project =
        "return document.querySelector('[data-testid=grant-sa-project] input')?.value ?? null";
    for _ in 0..3 {
        if s.execute(project).await.unwrap().as_str() == Some("team-b") {
            break;
        }
        pick_from_list(s, "grant-sa-project", "team-b").await;
    }
    // The account list opens by itself once team-b's accounts are read; on a loaded machine
    // it can be redrawn (loading, then the list) just as the click lands, which leaves the
    // field empty. A user then picks again; so does the test, a few times at most.
    for _ in 0..3 {
        if s.try_find("[data-testid=grant-preview]")
            .await
            .unwrap()
            .is_some()
        {
            break;
        }
        if s.try_find("[data-testid=grant-name-option][data-value=\"default\"]")
            .await
            .unwrap()
            .is_none()
        {
            let _ = s.click_css("[data-testid=grant-name] input").await;
        }
        let _ = s
            .click_css("[data-testid=grant-name-option][data-value=\"default\"]")
            .await;
        let _ = s.find("[data-testid=grant-preview]").await;
    }
    s.wait_text_content(
        "[data-testid=grant-preview]",
        "oc policy add-role-to-user registry-viewer system:serviceaccount:team-b:default -n team-a",
    )
    .await
    .unwrap();
}

/// Opens the typeahead picker `test_id` with a click in its field and clicks `value`.
pub async fn pick_from_list(s: &Session, test_id: &str, value: &str) {
    s.click_css(&format!("[data-testid={test_id}] input"))
        .await
        .unwrap();
    s.click_css(&format!(
        "[data-testid={test_id}-option][data-value=\"{value}\"]"
    ))
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

/// On the Registries page: opens the actions menu (the kebab) of `tag`'s row and chooses
/// `action`: `tag-details`, `tag-copy-pull` or `tag-delete`.
pub async fn tag_action(s: &Session, tag: &str, action: &str) {
    s.click_css(&format!(
        "[data-testid=tag-row][data-tag=\"{tag}\"] [data-testid=tag-actions]"
    ))
    .await
    .unwrap();
    // The test id is on the menu's list item; the item is the button inside it.
    s.click_css(&format!("[data-testid={action}] button"))
        .await
        .unwrap();
}

/// Panics, with the sizes, when something on the page scrolls sideways or is cut off: the
/// page's main area must not be wider than it shows, and the tags table must end inside the
/// box around it.
pub async fn assert_no_sideways_scrolling(s: &Session) {
    let sizes = s
        .execute(
            "const main = document.querySelector('.pf-v6-c-page__main'); \
             const t = document.querySelector('[data-testid=tags-table]'); \
             const box = t ? t.closest('.rc-browse-detail') : null; \
             return [main.scrollWidth, main.clientWidth, \
               t ? t.getBoundingClientRect().right : 0, \
               box ? box.getBoundingClientRect().right : 0];",
        )
        .await
        .unwrap();
    let w: Vec<i64> = sizes
        .as_array()
        .expect("four sizes")
        .iter()
        .map(|v| v.as_f64().unwrap_or(0.0).round() as i64)
        .collect();
    assert!(
        w[0] <= w[1] && w[2] <= w[3],
        "sideways scrolling: the page's main area is {} wide in {}; the tags table ends at {}, its box at {}",
        w[0],
        w[1],
        w[2],
        w[3]
    );
}
