//! The Quay page's Applications and Bridge Operator commands as the shell runs them (a whole
//! `console::Console` over a memory keyring), against a real Red Hat Quay 3.18
//! (`harness::quay`) and a real Kubernetes API server with OpenShift's API groups
//! (`harness::kube`):
//! - an application created, a token generated through Quay's token API and signed in with;
//! - a token generated in the browser through the console, with a `BrowserOpener` that drives
//!   Quay's sign-in and "Authorize Application" with plain HTTP (Quay's web bundles are not
//!   built here: its session sign-in and the authorization form, as `quay_applications.rs`);
//!   the wait cancelled by id as the UI's Cancel does;
//! - the `quay-integration` secret and the `QuayIntegration` written through the OpenShift
//!   connection's sign-in and read back from the API server, and the sync check before and
//!   after the organizations and robots are made as the operator would make them.
//!
//! Multi-threaded: the harness's blocking calls must not stall the HTTP pools' tasks.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use cluster::Applied;
use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::kube::KubeCluster;
use harness::quay::{ADMIN, ADMIN_PASSWORD, Quay};
use ipc::{CommandError, ErrorCode};
use quay::OAuthScope;
use quay::bridge::{MANAGED_SERVICE_ACCOUNTS, QUAY_INTEGRATION_GROUP, QUAY_INTEGRATION_VERSION};
use registry::ClientOptions;
use serde_json::{Value, json};
use vault::{KeptIn, MemoryStore, Secret};

fn whole_console(dir: &Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

fn add(console: &Console, name: &str, kind: ConnectionKind, url: &str, tls: TlsMode) -> String {
    console
        .add_connection(&ConnectionDraft {
            name: name.into(),
            kind,
            url: url.into(),
            tls,
            openshift_version: None,
        })
        .unwrap()
        .id
}

fn make_org(quay: &Quay, name: &str) {
    let (status, reply) = quay
        .api(
            "POST",
            "/organization/",
            Some(json!({"name": name, "email": format!("{name}@example.com")})),
        )
        .unwrap();
    assert_eq!(status, 201, "{name}: {reply}\n{}", quay.log_tail());
}

fn make_robot(quay: &Quay, org: &str, short: &str) {
    let (status, reply) = quay
        .api(
            "PUT",
            &format!("/organization/{org}/robots/{short}"),
            Some(json!({})),
        )
        .unwrap();
    assert!(
        status == 200 || status == 201,
        "{org}+{short}: {status} {reply}"
    );
}

/// Whether Quay's `/v2` takes `$oauthtoken:<token>`, as `podman login` would.
async fn registry_login_works(quay: &Quay, token: &str) -> bool {
    reqwest::Client::new()
        .get(format!("{}/v2/auth", quay.url()))
        .query(&[("service", quay.host())])
        .basic_auth("$oauthtoken", Some(token))
        .send()
        .await
        .unwrap()
        .status()
        .is_success()
}

/// The user's half of the browser flow, with plain HTTP: Quay's sign-in (session cookie), the
/// authorization page's data and CSRF token, "Authorize Application", and the redirect followed
/// to the app's loopback listener. Whether Quay showed its page (it does not when the user
/// granted these scopes to the application before).
async fn authorize_in_browser(quay: &Quay, authorize: url::Url) -> bool {
    let browser = harness::oidc::browser().unwrap();
    let csrf: Value = browser
        .get(format!("{}/csrf_token", quay.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let signed_in = browser
        .post(format!("{}/api/v1/signin", quay.url()))
        .header("X-CSRF-Token", csrf["csrf_token"].as_str().unwrap())
        .json(&json!({"username": ADMIN, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let param = |name: &str| {
        authorize
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap()
    };
    let mut as_json = authorize.clone();
    as_json.query_pairs_mut().append_pair("format", "json");
    let response = browser.get(as_json).send().await.unwrap();
    // Scopes the user has granted this application already: Quay skips its page and sends the
    // browser straight back with a code (this browser follows no redirect: done here).
    if response.status().is_redirection() {
        let back = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(back.starts_with(&param("redirect_uri")), "{back}");
        let landed = browser.get(back).send().await.unwrap();
        assert_eq!(landed.status(), 200);
        return false;
    }
    let page: Value = response.json().await.unwrap();
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", &param("client_id"))
        .append_pair("redirect_uri", &param("redirect_uri"))
        .append_pair("scope", page["scope"].as_str().unwrap())
        .append_pair("state", &param("state"))
        .append_pair("response_type", "code")
        .append_pair("_csrf_token", page["csrf_token_val"].as_str().unwrap())
        .finish();
    let approved = browser
        .post(format!("{}/oauth/authorizeapp", quay.url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(approved.status(), 302, "{}", quay.log_tail());
    let back = approved.headers()["location"].to_str().unwrap().to_owned();
    let landed = browser.get(back).send().await.unwrap();
    assert_eq!(landed.status(), 200);
    true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_generated_through_the_api_or_in_the_browser_signs_the_console_in() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    make_org(&quay, "ops");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let id = add(
        &console,
        "lab-quay",
        ConnectionKind::Quay,
        quay.url(),
        TlsMode::System,
    );
    let id = id.as_str();

    // Not signed in: the Applications tab is told to ask for a sign-in.
    let refused = CommandError::from(console.quay_applications(id, "ops").await.unwrap_err());
    assert_eq!(refused.code, ErrorCode::SignInRequired);
    console
        .quay_sign_in(id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();
    assert!(
        console
            .quay_applications(id, "ops")
            .await
            .unwrap()
            .is_empty()
    );

    // "Create New Application": its redirect is the app's loopback address.
    let app = console
        .quay_application_create(id, "ops", " openshift ", "Quay Bridge Operator")
        .await
        .unwrap();
    assert_eq!(app.name, "openshift");
    assert_eq!(
        app.redirect_uri.as_deref(),
        Some(quay::LOOPBACK_REDIRECT_URI)
    );
    let listed = console.quay_applications(id, "ops").await.unwrap();
    assert_eq!(listed.len(), 1);
    // Quay itself would make an application named "" (it did, in 3.18): refused before sending.
    let nameless = CommandError::from(
        console
            .quay_application_create(id, "ops", "  ", "")
            .await
            .unwrap_err(),
    );
    assert_eq!(nameless.code, ErrorCode::InvalidInput, "{nameless:?}");
    assert_eq!(console.quay_applications(id, "ops").await.unwrap().len(), 1);

    // In the browser first (scopes never granted to it): the opener hands Quay's authorization
    // page to a "browser" that signs in and chooses "Authorize Application" with plain HTTP;
    // the code comes back to the console's listener, and the console signs in with the token.
    let (tx, mut opened) = tokio::sync::mpsc::unbounded_channel::<url::Url>();
    let opener = move |url: &url::Url| -> auth::Result<()> {
        let _ = tx.send(url.clone());
        Ok(())
    };
    let some = [
        OAuthScope::RepoRead,
        OAuthScope::RepoWrite,
        OAuthScope::UserRead,
        OAuthScope::OrgAdmin,
    ];
    let (browser_token, shown) = tokio::join!(
        console.quay_application_token_in_browser(
            id,
            "ops",
            &app.client_id,
            &some,
            &opener,
            "quay-token-1"
        ),
        async {
            let authorize = tokio::time::timeout(Duration::from_secs(60), opened.recv())
                .await
                .expect("the browser is opened")
                .unwrap();
            authorize_in_browser(&quay, authorize).await
        }
    );
    assert!(shown, "Quay showed its authorization page");
    let browser_token = browser_token.expect("the browser flow gives a token");
    // The flow pointed the application at its listener (Quay matches host:port exactly).
    let updated = console.quay_applications(id, "ops").await.unwrap();
    assert!(
        updated[0]
            .redirect_uri
            .as_deref()
            .is_some_and(|r| r.starts_with("http://127.0.0.1:") && r.ends_with("/callback")),
        "{updated:?}"
    );
    let user = console
        .quay_sign_in(id, browser_token.clone(), KeptIn::Keyring)
        .await
        .unwrap();
    assert_eq!(user.username, ADMIN);
    assert!(
        console
            .quay_organizations(id)
            .await
            .unwrap()
            .iter()
            .any(|o| o.name == "ops")
    );
    // Its scopes are those chosen: no superuser call (Quay: 403).
    let as_browser = reqwest::Client::new()
        .get(format!("{}/api/v1/superuser/users/", quay.url()))
        .bearer_auth(browser_token.expose())
        .send()
        .await
        .unwrap();
    assert_eq!(as_browser.status(), 403);

    // "Generate Token" with every scope, through the token API, with the browser token's
    // sign-in: Quay refuses scopes that sign-in lacks (403, said in words)...
    let lacking = CommandError::from(
        console
            .quay_application_token(id, "ops", &app.client_id, "bridge", &[])
            .await
            .unwrap_err(),
    );
    assert_eq!(lacking.code, ErrorCode::AccessDenied, "{lacking:?}");
    assert!(lacking.message.contains("HTTP 403"), "{lacking:?}");
    // ...and, signed in with the admin's all-scope token again, makes it.
    console
        .quay_sign_in(id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();
    let made = console
        .quay_application_token(id, "ops", &app.client_id, "bridge", &[])
        .await
        .unwrap();
    assert_eq!(made.info.scope, quay::scope_string(&[]));
    assert_eq!(made.info.created_by.as_deref(), Some(ADMIN));
    let wire = ipc::quay_bridge::GeneratedToken::from(made.clone());
    assert!(!format!("{wire:?}").contains(made.token.expose()));
    let user = console
        .quay_sign_in(id, made.token.clone(), KeptIn::Keyring)
        .await
        .unwrap();
    assert!(user.super_user);
    let kept = console
        .registries()
        .signed_in(&console.connection(id).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.username, "$oauthtoken");
    assert!(registry_login_works(&quay, made.token.expose()).await);

    // Once granted (the API token holds every scope), Quay skips its page in the browser: the
    // code comes back at once and the flow still ends with a token.
    let (tx, mut opened) = tokio::sync::mpsc::unbounded_channel::<url::Url>();
    let opener = move |url: &url::Url| -> auth::Result<()> {
        let _ = tx.send(url.clone());
        Ok(())
    };
    let (again, shown) = tokio::join!(
        console.quay_application_token_in_browser(
            id,
            "ops",
            &app.client_id,
            &[],
            &opener,
            "quay-token-2"
        ),
        async {
            let authorize = tokio::time::timeout(Duration::from_secs(60), opened.recv())
                .await
                .expect("the browser is opened")
                .unwrap();
            authorize_in_browser(&quay, authorize).await
        }
    );
    assert!(!shown, "Quay skipped the page for scopes granted before");
    assert!(again.is_ok(), "{again:?}");

    // The UI's Cancel while the browser is open: `auth_cancel` with the request's id.
    let idle = |_: &url::Url| -> auth::Result<()> { Ok(()) };
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        console.sign_ins().cancel("quay-token-3");
    };
    let (cancelled, ()) = tokio::join!(
        console.quay_application_token_in_browser(
            id,
            "ops",
            &app.client_id,
            &[],
            &idle,
            "quay-token-3"
        ),
        cancel
    );
    let cancelled = CommandError::from(cancelled.unwrap_err());
    assert_eq!(cancelled.code, ErrorCode::Cancelled, "{cancelled:?}");

    // Deleted while signed in with a token it issued: Quay 3.18 deletes it, then fails its
    // audit log entry (HTTP 500, the token's application gone): the console says it is done.
    // Every token it issued stops working, the console's sign-in included.
    console
        .quay_application_delete(id, "ops", &app.client_id)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", quay.log_tail()));
    let gone = CommandError::from(console.quay_whoami(id).await.unwrap_err());
    assert_eq!(gone.code, ErrorCode::SignInRequired, "{gone:?}");
    assert!(
        !registry_login_works(&quay, made.token.expose()).await,
        "the registry refuses it too"
    );
    console
        .quay_sign_in(id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();
    assert!(
        console
            .quay_applications(id, "ops")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bridge_operator_is_set_up_through_the_console_and_its_sync_checked() {
    harness::install_crypto_provider();
    let quay = Quay::start().expect("Quay starts");
    let cluster = KubeCluster::start_openshift(&[]).expect("the control plane starts");
    cluster.create_namespace("openshift-operators").unwrap();
    for project in ["team-a", "team-b", "skipped"] {
        cluster.add_project(project, None).unwrap();
    }
    cluster
        .create(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            harness::quay::quay_integration_crd(),
        )
        .unwrap();
    make_org(&quay, "cluster-admin");

    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let quay_id = add(
        &console,
        "lab-quay",
        ConnectionKind::Quay,
        quay.url(),
        TlsMode::System,
    );
    let kube_id = add(
        &console,
        "sim-cluster",
        ConnectionKind::Openshift,
        cluster.url(),
        TlsMode::CaBundle {
            path: cluster.ca_path().display().to_string(),
        },
    );
    console
        .quay_sign_in(&quay_id, Secret::new(quay.admin_token()), KeptIn::Keyring)
        .await
        .unwrap();
    let app = console
        .quay_application_create(&quay_id, "cluster-admin", "openshift", "")
        .await
        .unwrap();
    let token = console
        .quay_application_token(&quay_id, "cluster-admin", &app.client_id, "bridge", &[])
        .await
        .unwrap()
        .token;

    // The form's defaults from the Quay connection: its URL, verified TLS (not insecure).
    let mut spec = console
        .quay_bridge_defaults(&quay_id, "openshift-operators")
        .unwrap();
    assert_eq!(spec.quay_hostname, quay.url().trim_end_matches('/'));
    assert!(!spec.insecure_registry);
    assert_eq!(spec.cluster_id, "openshift");
    let not_quay = CommandError::from(
        console
            .quay_bridge_defaults(&kube_id, "openshift-operators")
            .unwrap_err(),
    );
    assert_eq!(not_quay.code, ErrorCode::InvalidInput);
    spec.allowlist_namespaces = vec!["team-a".into(), "team-b".into()];

    // What is copied: the YAML, and the secret line masked (the token only in the real one).
    let manifests = Console::quay_bridge_manifests(&spec, Some(&token)).unwrap();
    let from_yaml: Value = serde_yaml_ng::from_str(&manifests.yaml).unwrap();
    assert_eq!(from_yaml, spec.to_object());
    assert!(manifests.secret_command.expose().contains(token.expose()));
    assert!(!manifests.secret_command_masked.contains(token.expose()));
    assert!(
        manifests
            .secret_command_masked
            .starts_with("oc create secret generic quay-integration ")
    );

    // Through a cluster connection not signed in: asked to sign in, nothing written.
    let refused = CommandError::from(
        console
            .quay_bridge_create_secret(&kube_id, &spec, token.clone())
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::SignInRequired);
    assert!(!refused.message.contains(token.expose()));
    let connection = console.connection(&kube_id).unwrap();
    console
        .sign_ins()
        .openshift_token(&connection, Secret::new(cluster.token("admin")))
        .await
        .expect("the admin signs in");

    // The secret: created, read back from the API server, written again as an update.
    assert_eq!(
        console
            .quay_bridge_create_secret(&kube_id, &spec, token.clone())
            .await
            .unwrap(),
        Applied::Created
    );
    let stored = cluster
        .object("", "secrets", "openshift-operators", "quay-integration")
        .unwrap()
        .expect("the secret exists");
    assert_eq!(stored["type"], "Opaque");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(stored["data"]["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(decoded, token.expose().as_bytes());
    assert_eq!(
        console
            .quay_bridge_create_secret(&kube_id, &spec, token.clone())
            .await
            .unwrap(),
        Applied::Updated
    );

    // The QuayIntegration: applied (once the CRD is established), read back unpruned.
    let served = format!("/apis/{QUAY_INTEGRATION_GROUP}/{QUAY_INTEGRATION_VERSION}");
    for _ in 0..100 {
        if cluster.admin("GET", &served, None).unwrap().0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut applied = None;
    for _ in 0..50 {
        match console.quay_bridge_apply(&kube_id, &spec).await {
            Ok(outcome) => {
                applied = Some(outcome);
                break;
            }
            Err(console::Error::Cluster(cluster::Error::NotFound { .. })) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(applied, Some(Applied::Created));
    let (status, object) = cluster
        .admin("GET", &format!("{served}/quayintegrations/quay"), None)
        .unwrap();
    assert_eq!(status, 200, "{object}");
    assert_eq!(object["spec"], spec.to_object()["spec"], "nothing pruned");
    spec.insecure_registry = true;
    assert_eq!(
        console.quay_bridge_apply(&kube_id, &spec).await.unwrap(),
        Applied::Updated
    );
    let (_, object) = cluster
        .admin("GET", &format!("{served}/quayintegrations/quay"), None)
        .unwrap();
    assert_eq!(object["spec"]["insecureRegistry"], true);

    // The sync check over the cluster's namespaces: nothing made yet on Quay.
    let report = console
        .quay_bridge_sync_check(&quay_id, Some(&kube_id), &spec)
        .await
        .unwrap();
    let synced: Vec<&str> = report
        .namespaces
        .iter()
        .map(|n| n.namespace.as_str())
        .collect();
    assert_eq!(synced, ["team-a", "team-b"]);
    assert!(report.not_synced.iter().any(|n| n == "skipped"));
    assert!(!report.in_sync);
    for namespace in &report.namespaces {
        assert!(namespace.error.is_none(), "{namespace:?}");
        assert_eq!(namespace.missing.len(), 4, "{namespace:?}");
    }
    // Without the cluster, the allowlist alone.
    let alone = console
        .quay_bridge_sync_check(&quay_id, None, &spec)
        .await
        .unwrap();
    assert_eq!(alone.namespaces.len(), 2);
    assert!(alone.not_synced.is_empty());

    // Made as the operator would: team-a's organization and builder, then everything.
    make_org(&quay, "openshift_team-a");
    make_robot(&quay, "openshift_team-a", "builder");
    let report = console
        .quay_bridge_sync_check(&quay_id, Some(&kube_id), &spec)
        .await
        .unwrap();
    assert!(report.namespaces[0].organization_exists);
    assert_eq!(
        report.namespaces[0].missing,
        ["openshift_team-a+default", "openshift_team-a+deployer"]
    );
    make_org(&quay, "openshift_team-b");
    for (org, sa) in ["openshift_team-a", "openshift_team-b"]
        .iter()
        .flat_map(|o| MANAGED_SERVICE_ACCOUNTS.iter().map(move |sa| (*o, *sa)))
    {
        if !(org == "openshift_team-a" && sa == "builder") {
            make_robot(&quay, org, sa);
        }
    }
    let report = console
        .quay_bridge_sync_check(&quay_id, Some(&kube_id), &spec)
        .await
        .unwrap();
    assert!(report.in_sync, "{report:#?}");

    // An invalid form is refused before anything is sent.
    spec.cluster_id = String::new();
    let invalid = CommandError::from(
        console
            .quay_bridge_apply(&kube_id, &spec)
            .await
            .unwrap_err(),
    );
    assert_ne!(invalid.code, ErrorCode::Other, "{invalid:?}");
}
