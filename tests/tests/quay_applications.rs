//! A real Red Hat Quay 3.18 (`harness::quay`): an organization's OAuth applications through
//! the `quay` crate (create, list, delete), a token generated through Quay 3.18's token API
//! (used by the API and by `/v2` as `$oauthtoken`, its scopes enforced), and a token generated
//! in the browser (`auth::quay`): Quay's code grant driven with plain HTTP as a browser would
//! (Quay's web bundles are not built: its session sign-in and the authorization page's JSON
//! form), the code taken by the loopback listener, which refuses a foreign `state` and
//! survives garbage.

use std::time::Duration;

use auth::browser::BrowserOptions;
use connections::{Connection, ConnectionKind, TlsMode};
use harness::quay::{ADMIN, ADMIN_PASSWORD, Quay};
use quay::{NewApplication, OAuthScope, QuayClient};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vault::Secret;

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

fn client(quay: &Quay, token: &str) -> QuayClient {
    QuayClient::new(&connection(quay), Secret::new(token)).unwrap()
}

fn new_org(quay: &Quay, name: &str) {
    let (status, reply) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": name, "email": format!("{name}@example.com")})),
        )
        .unwrap();
    assert_eq!(status, 201, "{reply}\n{}", quay.log_tail());
}

/// `/v2/auth` with Basic `$oauthtoken:<token>`, as `podman login -u '$oauthtoken'` does: the
/// status.
async fn registry_login_status(quay: &Quay, token: &str) -> u16 {
    reqwest::Client::new()
        .get(format!("{}/v2/auth", quay.url()))
        .query(&[("service", quay.host())])
        .basic_auth("$oauthtoken", Some(token))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn applications_are_created_listed_and_deleted_and_the_token_api_mints_working_tokens() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    new_org(&quay, "ops");
    let admin = client(&quay, quay.admin_token());
    assert!(admin.applications("ops").await.unwrap().is_empty());

    let created = admin
        .create_application(
            "ops",
            &NewApplication {
                name: "openshift".into(),
                redirect_uri: quay::LOOPBACK_REDIRECT_URI.into(),
                application_uri: "".into(),
                description: "Quay Bridge Operator".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(created.name, "openshift");
    assert_eq!(created.client_id.len(), 20, "{created:?}");
    assert!(created.client_secret.is_some(), "an admin sees the secret");
    assert_eq!(
        created.redirect_uri.as_deref(),
        Some(quay::LOOPBACK_REDIRECT_URI)
    );
    let listed = admin.applications("ops").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].client_id, created.client_id);
    assert_eq!(
        listed[0].description.as_deref(),
        Some("Quay Bridge Operator")
    );
    assert_eq!(
        listed[0].client_secret.as_ref().map(Secret::expose),
        created.client_secret.as_ref().map(Secret::expose)
    );
    let shown = serde_json::to_string(&listed).unwrap();
    assert!(
        !shown.contains(created.client_secret.as_ref().unwrap().expose()),
        "{shown}"
    );

    // Every scope (the default of "Generate Token"), through Quay 3.18's token API.
    let minted = admin
        .create_application_token("ops", &created.client_id, "bridge", &[], None)
        .await
        .unwrap();
    assert_eq!(minted.info.name.as_deref(), Some("bridge"));
    assert_eq!(minted.info.scope, quay::scope_string(&[]));
    assert_eq!(minted.info.created_by.as_deref(), Some(ADMIN));
    assert!(minted.info.expires_at.is_some(), "{:?}", minted.info);
    let as_token = client(&quay, minted.token.expose());
    let orgs = as_token.organizations().await.unwrap();
    assert!(orgs.iter().any(|o| o.name == "ops"), "{orgs:?}");
    assert_eq!(as_token.applications("ops").await.unwrap().len(), 1);
    assert_eq!(
        registry_login_status(&quay, minted.token.expose()).await,
        200
    );
    assert_eq!(registry_login_status(&quay, "not-a-token").await, 401);
    let tokens = admin
        .application_tokens("ops", &created.client_id)
        .await
        .unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].uuid, minted.info.uuid);

    // repo:read only: the API answers what it may read, and refuses an org-admin call (403).
    let reader = admin
        .create_application_token(
            "ops",
            &created.client_id,
            "reader",
            &[OAuthScope::RepoRead],
            Some(3600),
        )
        .await
        .unwrap();
    assert_eq!(reader.info.scope, "repo:read");
    let as_reader = client(&quay, reader.token.expose());
    let refused = as_reader.applications("ops").await.unwrap_err();
    assert!(
        matches!(refused, quay::Error::Forbidden { .. }),
        "{refused:?}"
    );
    assert_eq!(refused.code(), codes::ErrorCode::AccessDenied);
    assert!(as_reader.repositories("ops").await.unwrap().is_empty());
    assert_eq!(
        registry_login_status(&quay, reader.token.expose()).await,
        200
    );
    // A token cannot mint a scope it lacks itself (Quay: 403).
    let escalation = as_reader
        .create_application_token("ops", &created.client_id, "more", &[], None)
        .await
        .unwrap_err();
    assert_eq!(
        escalation.code(),
        codes::ErrorCode::AccessDenied,
        "{escalation}"
    );

    // Revoked: refused at once; then the application goes, and its tokens with it.
    admin
        .revoke_application_token("ops", &created.client_id, &reader.info.uuid)
        .await
        .unwrap();
    // (An endpoint open to anonymous users serves a revoked token as anonymous: Quay answers
    // `/repository?namespace=ops` with 200 and no private repository, not 401.)
    assert!(as_reader.repositories("ops").await.unwrap().is_empty());
    assert!(matches!(
        as_reader.organizations().await.unwrap_err(),
        quay::Error::SignInRequired
    ));
    assert_eq!(
        registry_login_status(&quay, reader.token.expose()).await,
        401
    );
    admin
        .delete_application("ops", &created.client_id)
        .await
        .unwrap();
    assert!(admin.applications("ops").await.unwrap().is_empty());
    assert!(matches!(
        as_token.organizations().await.unwrap_err(),
        quay::Error::SignInRequired
    ));
    assert_eq!(
        registry_login_status(&quay, minted.token.expose()).await,
        401
    );
    let gone = admin
        .application("ops", &created.client_id)
        .await
        .unwrap_err();
    assert_eq!(gone.code(), codes::ErrorCode::NotFound, "{gone}");
}

/// A raw request to the listener; its reply (empty when it closed without one).
async fn raw(port: u16, bytes: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    // A listener that stops reading resets the connection: that is safe too.
    let _ = stream.write_all(bytes).await;
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut reply)).await;
    String::from_utf8_lossy(&reply).into_owned()
}

/// Signs `browser` in to Quay as the admin with a session cookie, as Quay's sign-in page does.
async fn sign_in(browser: &reqwest::Client, quay: &Quay) {
    let csrf: Value = browser
        .get(format!("{}/csrf_token", quay.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let csrf = csrf["csrf_token"]
        .as_str()
        .expect("a CSRF token")
        .to_owned();
    let signed_in = browser
        .post(format!("{}/api/v1/signin", quay.url()))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"username": ADMIN, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    let status = signed_in.status();
    let body = signed_in.text().await.unwrap_or_default();
    assert_eq!(status, 200, "{body}\n{}", quay.log_tail());
}

#[tokio::test]
async fn a_token_generated_in_the_browser_reaches_the_loopback_listener_through_the_code_grant() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    new_org(&quay, "bridge");
    let admin = client(&quay, quay.admin_token());
    let app = admin
        .create_application(
            "bridge",
            &NewApplication {
                name: "registry-console".into(),
                redirect_uri: quay::LOOPBACK_REDIRECT_URI.into(),
                ..NewApplication::default()
            },
        )
        .await
        .unwrap();

    // The app's half: the opener hands the authorization page to the test's "browser".
    let (tx, mut opened) = tokio::sync::mpsc::unbounded_channel::<url::Url>();
    let opener = move |url: &url::Url| -> auth::Result<()> {
        let _ = tx.send(url.clone());
        Ok(())
    };
    let scopes = [
        OAuthScope::RepoRead,
        OAuthScope::RepoWrite,
        OAuthScope::OrgAdmin,
    ];
    let flow = {
        let (admin, app) = (admin.clone(), app.clone());
        tokio::spawn(async move {
            let options = BrowserOptions {
                timeout: Duration::from_secs(120),
                ..BrowserOptions::default()
            };
            auth::quay::generate_token_in_browser(
                &admin, "bridge", &app, &scopes, &opener, &options,
            )
            .await
        })
    };
    let authorize = tokio::time::timeout(Duration::from_secs(60), opened.recv())
        .await
        .expect("the browser is opened")
        .unwrap();
    let param = |url: &url::Url, name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(param(&authorize, "response_type").as_deref(), Some("code"));
    let redirect_uri = param(&authorize, "redirect_uri").unwrap();
    let state = param(&authorize, "state").unwrap();
    let port: u16 = url::Url::parse(&redirect_uri).unwrap().port().unwrap();
    // Quay matches host:port exactly, so the flow pointed the application at its listener.
    let updated = admin.application("bridge", &app.client_id).await.unwrap();
    assert_eq!(updated.redirect_uri.as_deref(), Some(redirect_uri.as_str()));

    // The user's half, as a browser: not signed in, Quay refuses the authorization page.
    let browser = harness::oidc::browser().unwrap();
    let anonymous = browser.get(authorize.clone()).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    sign_in(&browser, &quay).await;
    // The page's data as Quay's new UI reads it (`format=json`), with its CSRF token.
    let mut as_json = authorize.clone();
    as_json.query_pairs_mut().append_pair("format", "json");
    let page: Value = browser
        .get(as_json)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["scope"], "repo:read repo:write org:admin", "{page}");
    assert_eq!(page["has_dangerous_scopes"], true, "{page}");
    let csrf = page["csrf_token_val"].as_str().expect("a CSRF token");
    let form = |csrf: &str| {
        vec![
            ("client_id", app.client_id.clone()),
            ("redirect_uri", redirect_uri.clone()),
            ("scope", page["scope"].as_str().unwrap().to_owned()),
            ("state", state.clone()),
            ("response_type", "code".to_owned()),
            ("_csrf_token", csrf.to_owned()),
        ]
    };
    let encode = |fields: &[(&str, String)]| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields.iter().map(|(k, v)| (*k, v.as_str())))
            .finish()
    };
    // Without the session's CSRF token Quay refuses "Authorize Application".
    let forged = browser
        .post(format!("{}/oauth/authorizeapp", quay.url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(encode(&form("not-the-token")))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let approved = browser
        .post(format!("{}/oauth/authorizeapp", quay.url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(encode(&form(csrf)))
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 302, "{}", quay.log_tail());
    let back =
        url::Url::parse(approved.headers()["location"].to_str().expect("a Location")).unwrap();
    assert!(
        back.as_str().starts_with(&redirect_uri),
        "back to the listener: {back}"
    );
    assert_eq!(param(&back, "state").as_deref(), Some(state.as_str()));
    assert!(
        back.fragment().is_none(),
        "the code grant, not the fragment"
    );
    let code = param(&back, "code").expect("a code");

    // Before the real redirect: a foreign state, garbage and a huge head are answered (or
    // dropped) and ignored; the listener goes on waiting.
    let mut wrong = back.clone();
    wrong
        .query_pairs_mut()
        .clear()
        .append_pair("code", &code)
        .append_pair("state", "not-ours");
    let reply = raw(
        port,
        format!(
            "GET {}?{} HTTP/1.1\r\nHost: x\r\n\r\n",
            wrong.path(),
            wrong.query().unwrap()
        )
        .as_bytes(),
    )
    .await;
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    assert!(reply.contains("was ignored"), "{reply}");
    let reply = raw(
        port,
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    )
    .await;
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 4"),
        "{reply}"
    );
    let mut huge = b"GET /callback?state=".to_vec();
    huge.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    let reply = raw(port, &huge).await;
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 4"),
        "{reply}"
    );
    assert!(
        !flow.is_finished(),
        "nothing but our redirect ends the wait"
    );

    // The real redirect: the listener answers the browser, the code becomes the token.
    let landed = browser.get(back).send().await.unwrap();
    assert_eq!(landed.status(), 200);
    assert!(landed.text().await.unwrap().contains("Signed in"));
    let token = flow.await.unwrap().expect("the code grant gives a token");
    assert_eq!(format!("{token:?}"), "<redacted>");
    let as_token = client(&quay, token.expose());
    assert_eq!(as_token.applications("bridge").await.unwrap().len(), 1);
    assert_eq!(registry_login_status(&quay, token.expose()).await, 200);
    // Not a superuser token: the scopes chosen are the scopes it has.
    let (status, _) = harness_superuser_call(&quay, token.expose()).await;
    assert_eq!(status, 403);
    // The code was used once: replayed, Quay refuses it.
    let replay = admin
        .exchange_code(
            &app.client_id,
            app.client_secret.as_ref().unwrap(),
            &redirect_uri,
            &Secret::new(code),
            &scopes,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&replay, quay::Error::Refused { message: Some(m), .. } if m == "invalid_grant"),
        "{replay:?}"
    );
}

/// A superuser-only API call with `token`: the status and reply.
async fn harness_superuser_call(quay: &Quay, token: &str) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .get(format!("{}/api/v1/superuser/users/", quay.url()))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_browser_flow_times_out_or_is_cancelled_without_a_redirect() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    new_org(&quay, "idle");
    let admin = client(&quay, quay.admin_token());
    let app = admin
        .create_application(
            "idle",
            &NewApplication {
                name: "idle".into(),
                redirect_uri: quay::LOOPBACK_REDIRECT_URI.into(),
                ..NewApplication::default()
            },
        )
        .await
        .unwrap();
    let opener = |_: &url::Url| -> auth::Result<()> { Ok(()) };
    let options = BrowserOptions {
        timeout: Duration::from_millis(300),
        ..BrowserOptions::default()
    };
    let timed_out =
        auth::quay::generate_token_in_browser(&admin, "idle", &app, &[], &opener, &options)
            .await
            .unwrap_err();
    assert_eq!(timed_out.code(), codes::ErrorCode::Cancelled, "{timed_out}");

    let options = BrowserOptions::default();
    let cancel = options.cancel.clone();
    let canceller = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        cancel.cancel();
    });
    let cancelled =
        auth::quay::generate_token_in_browser(&admin, "idle", &app, &[], &opener, &options)
            .await
            .unwrap_err();
    canceller.await.unwrap();
    assert!(
        matches!(
            cancelled,
            auth::quay::QuayTokenError::Browser(auth::Error::Cancelled)
        ),
        "{cancelled:?}"
    );

    // Without the client secret (not an admin of the organization) nothing is opened.
    let mut no_secret = app.clone();
    no_secret.client_secret = None;
    let refused =
        auth::quay::generate_token_in_browser(&admin, "idle", &no_secret, &[], &opener, &options)
            .await
            .unwrap_err();
    assert_eq!(refused.code(), codes::ErrorCode::AccessDenied);
}
