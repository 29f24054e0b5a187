//! Signing in to a real OpenID Connect provider (`oidc-provider`) with the `auth` crate: the
//! browser flow with PKCE through the provider's own login and consent forms, the ID token
//! checked against its JWKS, refresh with rotation, a replayed refresh token ending the
//! grant; and the session kept in a real Secret Service across process restarts.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use auth::browser::BrowserOptions;
use auth::oidc::OidcProvider as Provider;
use auth::{Bearer, Error, SessionStore, SignInMethod};
use connections::TlsMode;
use harness::keyring::KeyringDaemon;
use harness::oidc::{
    CLIENT_ID, OidcOptions, OidcProvider, TEST_ACCOUNT, TEST_PASSWORD, browser,
    complete_dev_interactions,
};

/// An opener that fills the provider's login and consent forms and then delivers the
/// redirect to the app's loopback listener, after `tamper` had its way with it.
fn scripted_browser(
    issuer: String,
    tamper: fn(url::Url) -> url::Url,
) -> impl Fn(&url::Url) -> auth::Result<()> + Send + Sync {
    move |url: &url::Url| {
        let url = url.to_string();
        let issuer = issuer.clone();
        tokio::spawn(async move {
            let http = browser().unwrap();
            let back = complete_dev_interactions(&http, &issuer, &url, TEST_ACCOUNT, TEST_PASSWORD)
                .await
                .expect("the provider's forms let the user in");
            let _ = http.get(tamper(back)).send().await;
        });
        Ok(())
    }
}

async fn signed_in(provider: &OidcProvider) -> (Provider, auth::Session) {
    harness::install_crypto_provider();
    let oidc = Provider::discover(provider.issuer(), &TlsMode::System)
        .await
        .unwrap();
    let opener = scripted_browser(provider.issuer().to_owned(), |u| u);
    let session = oidc
        .login(CLIENT_ID, &opener, &BrowserOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
    (oidc, session)
}

#[tokio::test]
async fn browser_sign_in_with_pkce_gives_verified_claims_and_a_refresh_token() {
    let provider = OidcProvider::start().unwrap();
    let (oidc, session) = signed_in(&provider).await;
    assert_eq!(oidc.metadata().issuer, provider.issuer());
    assert_eq!(session.method, SignInMethod::Oidc);
    assert_eq!(session.server, provider.issuer());
    assert_eq!(session.identity.user, TEST_ACCOUNT);
    assert_eq!(session.identity.subject.as_deref(), Some(TEST_ACCOUNT));
    assert_eq!(
        session.identity.email.as_deref(),
        Some("tester@example.test")
    );
    assert_eq!(session.identity.name.as_deref(), Some("Test user tester"));
    assert!(
        session.refresh_token.is_some(),
        "offline_access with prompt=consent"
    );
    let lives = session.expires_at.unwrap() - auth::session::now();
    assert!((3500..=3600).contains(&lives), "{lives}");
}

#[tokio::test]
async fn refresh_rotates_and_a_replayed_refresh_token_ends_the_grant() {
    let provider = OidcProvider::start().unwrap();
    let (oidc, first) = signed_in(&provider).await;
    let second = oidc.refresh(&first).await.unwrap();
    let (r1, r2) = (
        first.refresh_token.clone().unwrap(),
        second.refresh_token.clone().unwrap(),
    );
    assert_ne!(r1, r2, "the refresh token rotates");
    assert_ne!(first.access_token, second.access_token);
    assert_eq!(second.identity.user, TEST_ACCOUNT);

    // Replaying the spent one: invalid_grant, and the provider revokes the whole grant.
    let err = oidc.refresh(&first).await.unwrap_err();
    assert!(matches!(err, Error::GrantRevoked { .. }), "{err:?}");
    assert!(err.to_string().contains("sign in again"), "{err}");
    assert!(!err.to_string().contains(r1.expose()));
    let err = oidc.refresh(&second).await.unwrap_err();
    assert!(
        matches!(err, Error::GrantRevoked { .. }),
        "the grant is gone: {err:?}"
    );
}

#[tokio::test]
async fn a_callback_with_another_state_is_ignored_and_the_real_sign_in_completes() {
    // A local process hits the loopback listener first with a forged `state` (an error, then
    // a code): the app answers each with an error page and keeps waiting, and the user's real
    // redirect still signs in.
    let provider = OidcProvider::start().unwrap();
    harness::install_crypto_provider();
    let oidc = Provider::discover(provider.issuer(), &TlsMode::System)
        .await
        .unwrap();
    let issuer = provider.issuer().to_owned();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let opener = move |url: &url::Url| {
        let redirect_uri = url
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri")
            .unwrap()
            .1
            .into_owned();
        let (url, issuer) = (url.to_string(), issuer.clone());
        let tx = tx.lock().unwrap().take().unwrap();
        tokio::spawn(async move {
            let http = browser().unwrap();
            let mut pages = Vec::new();
            for forged in [
                format!("{redirect_uri}?error=access_denied&state=forged"),
                format!("{redirect_uri}?code=not-a-code&state=forged"),
            ] {
                pages.push(http.get(forged).send().await.unwrap().status().as_u16());
            }
            let back = complete_dev_interactions(&http, &issuer, &url, TEST_ACCOUNT, TEST_PASSWORD)
                .await
                .expect("the provider's forms let the user in");
            pages.push(http.get(back).send().await.unwrap().status().as_u16());
            let _ = tx.send(pages);
        });
        Ok(())
    };
    let session = oidc
        .login(CLIENT_ID, &opener, &BrowserOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
    assert_eq!(session.identity.user, TEST_ACCOUNT);
    assert_eq!(rx.await.unwrap(), [400, 400, 200]);
}

#[tokio::test]
async fn unknown_client_gets_the_providers_error_not_a_token() {
    // oidc-provider shows an error page for an unknown client (it cannot trust the redirect
    // URI), so the browser never comes back: the scripted browser sees a 400 page.
    let provider = OidcProvider::start().unwrap();
    harness::install_crypto_provider();
    let oidc = Provider::discover(provider.issuer(), &TlsMode::System)
        .await
        .unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    let options = BrowserOptions::default();
    let cancel = options.cancel.clone();
    let opener = move |url: &url::Url| {
        let url = url.to_string();
        let tx = tx.lock().unwrap().take();
        let cancel = cancel.clone();
        tokio::spawn(async move {
            let status = browser().unwrap().get(url).send().await.unwrap().status();
            // The user reads the error page and presses Cancel in the app.
            cancel.cancel();
            let _ = tx.unwrap().send(status);
        });
        Ok(())
    };
    let err = oidc
        .login("no-such-client", &opener, &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Cancelled), "{err:?}");
    assert_eq!(rx.await.unwrap(), 400);
}

#[tokio::test]
async fn discovery_refuses_a_wrong_issuer_and_a_missing_document() {
    let provider = OidcProvider::start().unwrap();
    harness::install_crypto_provider();
    let err = Provider::discover(&format!("{}/realms/x", provider.issuer()), &TlsMode::System)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidDiscovery { .. }), "{err:?}");
    // Same host, written differently: the document names another issuer.
    let other = provider.issuer().replace("127.0.0.1", "localhost");
    let err = Provider::discover(&other, &TlsMode::System)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("names the issuer"), "{err}");
}

/// A provider whose access tokens live 30 s: less than the refresh margin, so a session is
/// due for a refresh as soon as it is signed in.
fn short_lived_provider() -> OidcProvider {
    OidcProvider::start_with(OidcOptions {
        access_token_ttl: Duration::from_secs(30),
        ..OidcOptions::default()
    })
    .unwrap()
}

/// The cluster connection `c1`, whose users sign in at the provider (TLS verified as usual).
fn cluster_c1() -> connections::Connection {
    connections::Connection {
        id: "c1".into(),
        name: "c1".into(),
        kind: connections::ConnectionKind::Openshift,
        url: "https://cluster.example.invalid".into(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn memory_store() -> Arc<SessionStore> {
    Arc::new(SessionStore::new(Arc::new(vault::MemoryStore::new())))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn callers_of_an_expiring_session_share_one_refresh_and_its_token() {
    let provider = short_lived_provider();
    let (oidc, session) = signed_in(&provider).await;
    assert!(session.expires_within(auth::oidc::REFRESH_MARGIN_SECS));
    let store = memory_store();
    store.save(&cluster_c1(), session.clone()).unwrap();

    let callers: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { auth::oidc::fresh_bearer(&store, &cluster_c1()).await })
        })
        .collect();
    let mut tokens = Vec::new();
    for caller in callers {
        match caller.await.unwrap() {
            Ok(Bearer::Token(token)) => tokens.push(token),
            other => panic!("{other:?}\n{}", provider.log()),
        }
    }
    assert_ne!(
        tokens[0], session.access_token,
        "the expiring token is not what a call gets"
    );
    assert!(
        tokens.iter().all(|t| *t == tokens[0]),
        "every caller gets the one refreshed token"
    );
    assert_eq!(
        provider.token_requests("refresh_token").await.unwrap(),
        1,
        "eight callers, one refresh request"
    );
    let (stored, _) = store.load(&cluster_c1()).unwrap().unwrap();
    assert_eq!(stored.access_token, tokens[0]);
    assert_ne!(
        stored.refresh_token, session.refresh_token,
        "rotated and kept"
    );
    // The grant is alive: a second use of the spent refresh token would have revoked it.
    oidc.refresh(&stored)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
}

#[tokio::test]
async fn a_revoked_refresh_token_asks_to_sign_in_again_instead_of_sending_the_old_token() {
    let provider = short_lived_provider();
    let (oidc, session) = signed_in(&provider).await;
    // Someone else used the refresh token, then replayed it: the provider revokes the grant.
    let _elsewhere = oidc.refresh(&session).await.unwrap();
    assert!(matches!(
        oidc.refresh(&session).await,
        Err(Error::GrantRevoked { .. })
    ));
    let store = memory_store();
    store.save(&cluster_c1(), session.clone()).unwrap();

    let err = auth::oidc::fresh_bearer(&store, &cluster_c1())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::GrantRevoked { .. }), "{err:?}");
    assert!(err.to_string().contains("sign in again"), "{err}");
    let refused = ipc::CommandError::from(err);
    assert_eq!(refused.code, ipc::ErrorCode::SignInRequired);
    assert!(
        !refused
            .to_string()
            .contains(session.refresh_token.as_ref().unwrap().expose())
    );
    assert!(
        store.load(&cluster_c1()).unwrap().is_none(),
        "the dead session is forgotten"
    );
}

struct ProbeRun {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn probe(daemon: &KeyringDaemon, args: &[&str], stdin: &str) -> ProbeRun {
    use std::io::Write as _;
    let mut command = Command::new(env!("CARGO_BIN_EXE_auth-probe"));
    daemon.apply(&mut command);
    let mut child = command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("auth-probe starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    ProbeRun {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn raw_refresh_token(daemon: &KeyringDaemon, connection: &str) -> String {
    let raw = probe(daemon, &["raw", connection], "");
    assert_eq!(raw.code, Some(0), "{}", raw.stderr);
    let json: serde_json::Value = serde_json::from_str(&raw.stdout).unwrap();
    json["refreshToken"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn oidc_session_survives_restarts_in_the_keyring_and_a_replay_signs_out() {
    let provider = OidcProvider::start().unwrap();
    let daemon = KeyringDaemon::start().unwrap();
    let (issuer, conn) = (provider.issuer().to_owned(), "conn-oidc");
    let (d, p) = (&daemon, &provider);
    let run = move |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        probe(d, &refs, "")
    };
    let login =
        tokio::task::block_in_place(|| run(vec!["oidc-login".into(), issuer.clone(), conn.into()]));
    assert_eq!(
        login.code,
        Some(0),
        "{}\n{}\n{}",
        login.stderr,
        p.log(),
        daemon.log()
    );
    let status: serde_json::Value = serde_json::from_str(&login.stdout).unwrap();
    assert_eq!(status["keptIn"], "keyring");
    assert_eq!(status["identity"]["user"], TEST_ACCOUNT);
    assert_eq!(status["refreshable"], true);
    assert!(!login.stdout.contains("refreshToken"));

    // Another process (a restart) finds the session in the keyring.
    let again = tokio::task::block_in_place(|| run(vec!["status".into(), conn.into()]));
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(again.stdout, login.stdout);

    // A refresh stores the rotated refresh token.
    let r1 = tokio::task::block_in_place(|| raw_refresh_token(&daemon, conn));
    let refresh = tokio::task::block_in_place(|| run(vec!["refresh".into(), conn.into()]));
    assert_eq!(refresh.code, Some(0), "{}", refresh.stderr);
    let r2 = tokio::task::block_in_place(|| raw_refresh_token(&daemon, conn));
    assert_ne!(r1, r2);

    // Someone replays the spent token: the provider revokes the grant, and the next refresh
    // says so, deleting the stored session.
    let replay = browser()
        .unwrap()
        .post(provider.token_endpoint())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r1),
            ("client_id", CLIENT_ID),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 400);
    let refresh = tokio::task::block_in_place(|| run(vec!["refresh".into(), conn.into()]));
    assert_eq!(refresh.code, Some(4), "{}", refresh.stderr);
    assert!(
        refresh.stderr.contains("sign in again"),
        "{}",
        refresh.stderr
    );
    assert!(!refresh.stderr.contains(&r2));
    let gone = tokio::task::block_in_place(|| run(vec!["status".into(), conn.into()]));
    assert_eq!(gone.code, Some(2), "{}", gone.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn openshift_password_session_is_kept_in_the_keyring_and_sign_out_deletes_it() {
    harness::install_crypto_provider();
    let sim = harness::openshift_oauth::OpenShiftOAuth::start(Default::default()).unwrap();
    let daemon = KeyringDaemon::start().unwrap();
    let conn = "conn-ocp";
    let login = tokio::task::block_in_place(|| {
        probe(
            &daemon,
            &["openshift-password", sim.api_url(), conn, "alice"],
            harness::openshift_oauth::ALICE_PASSWORD,
        )
    });
    assert_eq!(login.code, Some(0), "{}", login.stderr);
    let status: serde_json::Value = serde_json::from_str(&login.stdout).unwrap();
    assert_eq!(status["method"], "openshiftPassword");
    assert_eq!(status["identity"]["user"], "alice");
    assert!(status["expiresAt"].as_i64().is_some());

    let raw = tokio::task::block_in_place(|| probe(&daemon, &["raw", conn], ""));
    let stored: serde_json::Value = serde_json::from_str(&raw.stdout).unwrap();
    let token = stored["accessToken"].as_str().unwrap();
    assert!(sim.token_is_valid(token));
    assert!(
        !stored
            .to_string()
            .contains(harness::openshift_oauth::ALICE_PASSWORD),
        "the password is never stored"
    );

    let again = tokio::task::block_in_place(|| probe(&daemon, &["status", conn], ""));
    assert_eq!(again.stdout, login.stdout, "{}", again.stderr);
    let out = tokio::task::block_in_place(|| probe(&daemon, &["sign-out", conn], ""));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let gone = tokio::task::block_in_place(|| probe(&daemon, &["raw", conn], ""));
    assert_eq!(
        gone.code,
        Some(2),
        "the keyring entry is deleted: {}",
        gone.stdout
    );
}

#[tokio::test]
async fn id_token_from_the_real_provider_verifies_against_its_jwks_and_a_changed_one_does_not() {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let provider = OidcProvider::start().unwrap();
    let http = browser().unwrap();
    let pkce = harness::oidc::Pkce::new();
    let redirect = harness::oidc::redirect_uri(50999);
    let mut authorize = url::Url::parse(&provider.authorization_endpoint()).unwrap();
    authorize
        .query_pairs_mut()
        .append_pair("client_id", CLIENT_ID)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", "openid")
        .append_pair("nonce", "n-123")
        .append_pair("state", "s")
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256");
    let back = complete_dev_interactions(
        &http,
        provider.issuer(),
        authorize.as_str(),
        TEST_ACCOUNT,
        TEST_PASSWORD,
    )
    .await
    .unwrap();
    let code = back
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let tokens: serde_json::Value = http
        .post(provider.token_endpoint())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("client_id", CLIENT_ID),
            ("code_verifier", &pkce.verifier),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id_token = tokens["id_token"].as_str().unwrap();
    let discovery: serde_json::Value = http
        .get(provider.discovery_url())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let jwks: auth::jwt::JwkSet = http
        .get(discovery["jwks_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let header: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(id_token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        header["alg"], "RS256",
        "the provider's default signing algorithm"
    );

    let expected = auth::jwt::Expected {
        issuer: provider.issuer(),
        client_id: CLIENT_ID,
        nonce: Some("n-123"),
        now: auth::session::now(),
    };
    let claims = auth::jwt::verify_id_token(id_token, &jwks, &expected).unwrap();
    assert_eq!(claims.sub, TEST_ACCOUNT);

    // Another subject in the payload, the provider's signature kept: refused.
    let parts: Vec<&str> = id_token.split('.').collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["sub"] = "admin".into();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        parts[2]
    );
    let err = auth::jwt::verify_id_token(&forged, &jwks, &expected).unwrap_err();
    assert!(err.contains("signature"), "{err}");
    // The right token with another nonce (a replayed response): refused.
    let replayed = auth::jwt::Expected {
        nonce: Some("n-other"),
        ..expected
    };
    assert!(
        auth::jwt::verify_id_token(id_token, &jwks, &replayed)
            .unwrap_err()
            .contains("nonce")
    );
}
