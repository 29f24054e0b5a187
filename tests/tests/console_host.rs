//! The commands' logic, run with no window: `console::Console` driven the way the shell's
//! `#[tauri::command]`s drive it (look up the connection, call the console, map the error),
//! against the real distribution registry with Basic authentication and the OpenShift OAuth
//! simulator. Secrets are kept in a memory keyring, so no OS keyring is needed.

use std::sync::{Arc, Mutex};

use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::{Console, Registries};
use harness::filler::demo_content;
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth};
use harness::registry::{Mode, Registry};
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use registry::model::{CatalogEvent, ManifestKind};
use vault::{BasicCredentials, KeptIn, MemoryStore, Secret, SignInVault, SignedIn};

fn connection(registry: &Registry) -> Connection {
    Connection {
        id: "registry-1".into(),
        name: "Registry".into(),
        kind: ConnectionKind::Registry,
        url: registry.url(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

/// The console as the shell manages it, but over a memory keyring, and with pages of 3 so the
/// 7 demo repositories span three pages.
fn console() -> Registries {
    Registries::with_options(
        SignInVault::new(Box::new(MemoryStore::new())),
        ClientOptions {
            catalog_page_size: 3,
            ..ClientOptions::default()
        },
    )
}

/// The code the UI receives for `error`.
fn code(error: console::Error) -> ErrorCode {
    CommandError::from(error).code
}

/// Lists the catalog as `registry_catalog` does, into a vector instead of a channel.
async fn catalog(
    registries: &Registries,
    connection: &Connection,
    listing_id: &str,
) -> Result<Vec<CatalogEvent>, console::Error> {
    let events = Mutex::new(Vec::new());
    registries
        .catalog(connection, listing_id, |event| {
            events.lock().unwrap().push(event);
        })
        .await?;
    Ok(events.into_inner().unwrap())
}

/// The repository names of every page, sorted.
fn names(events: &[CatalogEvent]) -> Vec<String> {
    let mut names: Vec<String> = events
        .iter()
        .flat_map(|event| match event {
            CatalogEvent::Page { repositories, .. } => repositories.clone(),
            _ => Vec::new(),
        })
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_registry_commands_sign_in_browse_cancel_and_sign_out_without_a_window() {
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    demo_content(&registry).await.expect("demo content pushed");
    let user = registry
        .credentials()
        .expect("Basic mode has a user")
        .clone();
    let registries = console();
    let saved = connection(&registry);

    // Not signed in: the registry asks for credentials, and the UI is told to sign in.
    assert_eq!(registries.signed_in(&saved).await.unwrap(), None);
    let refused = catalog(&registries, &saved, "catalog-0").await.unwrap_err();
    assert_eq!(code(refused), ErrorCode::SignInRequired);

    // A wrong password is checked against the registry and kept nowhere.
    let wrong = BasicCredentials::new(&user.username, "not-the-password");
    let error = registries
        .sign_in(&saved, wrong, KeptIn::Session)
        .await
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::SignInRequired);
    assert_eq!(registries.signed_in(&saved).await.unwrap(), None);

    // Signed in for this session: the anonymous client made above is not used any more.
    let right = BasicCredentials::new(&user.username, &user.password);
    let signed_in = registries
        .sign_in(&saved, right, KeptIn::Session)
        .await
        .expect("the right password signs in");
    let expected = SignedIn {
        username: user.username.clone(),
        kept_in: KeptIn::Session,
    };
    assert_eq!(signed_in, expected);
    assert_eq!(registries.signed_in(&saved).await.unwrap(), Some(expected));

    // The whole catalog, page by page, to the callback the shell gives a channel.
    let events = catalog(&registries, &saved, "catalog-1").await.unwrap();
    assert_eq!(names(&events).len(), 7, "{events:?}");
    assert!(
        matches!(events.last(), Some(CatalogEvent::Done { total: 7, .. })),
        "{events:?}"
    );

    // Cancelled by its listing id after the first page, as `registry_catalog_cancel` does
    // while the catalog streams: the listing ends with `Cancelled` before a second page.
    let events = Mutex::new(Vec::new());
    registries
        .catalog(&saved, "catalog-2", |event| {
            if matches!(event, CatalogEvent::Page { .. }) {
                registries.cancel_listing("catalog-2");
            }
            events.lock().unwrap().push(event);
        })
        .await
        .expect("a cancelled catalog is not an error");
    let events = events.into_inner().unwrap();
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        matches!(events[0], CatalogEvent::Page { loaded: 3, .. }),
        "{events:?}"
    );
    assert!(
        matches!(events[1], CatalogEvent::Cancelled { loaded: 3 }),
        "{events:?}"
    );
    // An ended listing is forgotten: cancelling its id stops nothing that starts later.
    registries.cancel_listing("catalog-2");
    let events = catalog(&registries, &saved, "catalog-2").await.unwrap();
    assert!(
        matches!(events.last(), Some(CatalogEvent::Done { total: 7, .. })),
        "{events:?}"
    );

    // Tags in version order, then a manifest verified against its digest.
    let tags = registries
        .tags(&saved, "demo/hello", "tags-1")
        .await
        .unwrap();
    assert_eq!(tags, ["latest", "2024-01-05", "1.10.0", "1.2.0", "1.0.0"]);
    let summary = registries
        .tag_summary(&saved, "demo/hello", "1.0.0")
        .await
        .unwrap();
    let manifest = registries
        .manifest(&saved, "demo/hello", "1.0.0")
        .await
        .unwrap();
    assert_eq!(manifest.kind, ManifestKind::DockerV2);
    assert_eq!(manifest.digest, summary.digest);
    let missing = registries
        .manifest(&saved, "demo/hello", "no-such-tag")
        .await
        .unwrap_err();
    assert_eq!(code(missing), ErrorCode::NotFound);

    // Signed out: the sign-in and the signed-in client are gone, the registry refuses again.
    registries.sign_out(&saved.id).await.unwrap();
    assert_eq!(registries.signed_in(&saved).await.unwrap(), None);
    let refused = registries
        .tags(&saved, "demo/hello", "tags-2")
        .await
        .unwrap_err();
    assert_eq!(code(refused), ErrorCode::SignInRequired);
}

#[tokio::test]
async fn a_connection_moved_to_another_registry_gets_a_new_client_and_no_old_sign_in() {
    let first = Registry::start(Mode::Basic).expect("first registry starts");
    demo_content(&first).await.expect("demo content pushed");
    let second = Registry::start(Mode::Open).expect("second registry starts");
    let user = first.credentials().expect("Basic mode has a user").clone();
    let registries = console();
    let saved = connection(&first);
    registries
        .sign_in(
            &saved,
            BasicCredentials::new(&user.username, &user.password),
            KeptIn::Session,
        )
        .await
        .expect("signs in to the first registry");
    let events = catalog(&registries, &saved, "catalog-1").await.unwrap();
    assert_eq!(names(&events).len(), 7, "{events:?}");

    // The user points the connection at another registry. The shell also drops the client
    // of an edited connection, but the console does not depend on it: the client made for
    // the old URL is never handed out for the new one.
    let moved = Connection {
        url: second.url(),
        ..saved.clone()
    };
    let events = catalog(&registries, &moved, "catalog-2").await.unwrap();
    assert_eq!(names(&events), Vec::<String>::new(), "{events:?}");
    assert!(
        matches!(events.last(), Some(CatalogEvent::Done { total: 0, .. })),
        "{events:?}"
    );
    // The sign-in was given for the first registry's origin: it is none for the new one.
    assert_eq!(registries.signed_in(&moved).await.unwrap(), None);
}

/// A whole `console::Console` as the shell manages it, over a settings file in a scratch
/// directory and a memory keyring.
fn whole_console(dir: &std::path::Path) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        Arc::new(MemoryStore::new()),
        ClientOptions::default(),
    )
}

/// `cluster_whoami` as the shell runs it.
async fn whoami(console: &Console, id: &str) -> Result<cluster::WhoAmI, CommandError> {
    console
        .cluster(id, |c| async move { c.whoami().await })
        .await
        .map_err(CommandError::from)
}

#[tokio::test]
async fn the_access_commands_sign_in_call_the_cluster_forget_a_refused_token_and_remove_without_a_window()
 {
    let mut cluster = OpenShiftOAuth::start(OpenShiftConfig::default()).expect("simulator starts");
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let saved = console
        .add_connection(&ConnectionDraft {
            name: "Lab cluster".into(),
            kind: ConnectionKind::Openshift,
            url: cluster.api_url().to_owned(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .expect("the connection is saved");

    // Not signed in: the Access page is told to sign in, in the connection's name.
    let refused = whoami(&console, &saved.id).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::SignInRequired);
    assert_eq!(
        refused.message,
        "You are not signed in to Lab cluster: sign in first."
    );

    // A registry connection is not a cluster.
    let registry = console
        .add_connection(&ConnectionDraft {
            name: "Registry".into(),
            kind: ConnectionKind::Registry,
            url: "http://127.0.0.1:9".into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let error = console
        .cluster(&registry.id, |c| async move { c.whoami().await })
        .await
        .map_err(CommandError::from)
        .unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);

    // Signed in with a password (`oc login -u`): the cluster is called with the session's token.
    let status = console
        .sign_ins()
        .openshift_password(&saved, "alice", Secret::new(ALICE_PASSWORD))
        .await
        .expect("alice signs in");
    assert_eq!(status.connection_id, saved.id);
    assert_eq!(
        whoami(&console, &saved.id).await.unwrap().name.as_deref(),
        Some("alice")
    );

    // Signed out: the token is revoked at the cluster as `oc logout` does, and forgotten.
    assert_eq!(cluster.valid_tokens(), 1);
    console.sign_out_of_cluster(&saved.id).await.unwrap();
    assert_eq!(cluster.valid_tokens(), 0);
    assert_eq!(console.sign_ins().status(&saved).await.unwrap(), None);

    // A pasted token that the cluster stops accepting (revoked elsewhere): the 401 forgets the
    // session, so the status shows signed-out and the next call asks for a sign-in.
    let token = cluster.issue_token("alice", 3600);
    console
        .sign_ins()
        .openshift_token(&saved, Secret::new(token.clone()))
        .await
        .expect("the pasted token signs in");
    assert_eq!(
        whoami(&console, &saved.id).await.unwrap().name.as_deref(),
        Some("alice")
    );
    let elsewhere = auth::openshift::OpenShift::new(cluster.api_url(), &TlsMode::System).unwrap();
    assert!(elsewhere.revoke(&Secret::new(token)).await.unwrap());
    let refused = whoami(&console, &saved.id).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::SignInRequired);
    assert_eq!(console.sign_ins().status(&saved).await.unwrap(), None);

    // Removed with everything it owns: the new sign-in's token is revoked, the session is gone
    // with the connection.
    console
        .sign_ins()
        .openshift_password(&saved, "alice", Secret::new(ALICE_PASSWORD))
        .await
        .expect("alice signs in again");
    assert_eq!(cluster.valid_tokens(), 1);
    console.remove_connection(&saved.id).await.unwrap();
    assert_eq!(cluster.valid_tokens(), 0);
    assert_eq!(console.sign_ins().status(&saved).await.unwrap(), None);
    let gone = CommandError::from(console.connection(&saved.id).unwrap_err());
    assert_eq!(gone.code, ErrorCode::NotFound);
    assert!(
        console
            .settings_state()
            .settings
            .connections
            .iter()
            .all(|c| c.id != saved.id)
    );
    cluster.stop();
}

#[tokio::test]
async fn the_credentials_commands_need_a_registry_sign_in_and_then_give_login_lines() {
    let registry = Registry::start(Mode::Basic).expect("registry starts");
    let user = registry
        .credentials()
        .expect("Basic mode has a user")
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let saved = console
        .add_connection(&ConnectionDraft {
            name: "Team registry".into(),
            kind: ConnectionKind::Registry,
            url: registry.url(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let error = CommandError::from(console.login_lines(&saved.id).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::SignInRequired);
    assert!(
        error.message.starts_with("Sign in to Team registry"),
        "{}",
        error.message
    );
    console
        .registries()
        .sign_in(
            &saved,
            BasicCredentials::new(&user.username, &user.password),
            KeptIn::Session,
        )
        .await
        .unwrap();
    let lines = console.login_lines(&saved.id).await.unwrap();
    let host = registry.url().trim_start_matches("http://").to_owned();
    assert_eq!(lines.key, host);
    assert_eq!(lines.username, user.username);
    assert!(lines.docker.contains(&host), "the docker line names {host}");
    // Moving the connection to another port forgets the sign-in given to the old one.
    let moved = console
        .update_connection(
            &saved.id,
            &ConnectionDraft {
                name: "Team registry".into(),
                kind: ConnectionKind::Registry,
                url: "http://127.0.0.1:9".into(),
                tls: TlsMode::System,
                openshift_version: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.url, "http://127.0.0.1:9");
    let error = CommandError::from(console.login_lines(&saved.id).await.unwrap_err());
    assert_eq!(error.code, ErrorCode::SignInRequired);
}

#[tokio::test]
async fn the_credentials_page_loads_with_no_secret_and_gets_one_only_when_asked() {
    use credentials::model::{AuthFileKind, SecretKind, SecretRef};

    let registry = Registry::start(Mode::Basic).expect("registry starts");
    let user = registry
        .credentials()
        .expect("Basic mode has a user")
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let console = whole_console(dir.path());
    let saved = console
        .add_connection(&ConnectionDraft {
            name: "Team registry".into(),
            kind: ConnectionKind::Registry,
            url: registry.url(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    console
        .registries()
        .sign_in(
            &saved,
            BasicCredentials::new(&user.username, &user.password),
            KeptIn::Session,
        )
        .await
        .unwrap();

    // Every reply the page loads with, as the window gets it (JSON, or the error's words).
    let mut replies =
        vec![serde_json::to_string(&console.login_lines(&saved.id).await.unwrap()).unwrap()];
    for kind in [AuthFileKind::Podman, AuthFileKind::Docker] {
        replies.push(match console.auth_file_preview(&saved.id, kind).await {
            Ok(preview) => serde_json::to_string(&preview).unwrap(),
            Err(error) => format!("{:?}", CommandError::from(error)),
        });
    }
    replies.push(serde_json::to_string(&console.settings_state()).unwrap());
    let basic = {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", user.username, user.password))
    };
    for reply in &replies {
        assert!(
            !reply.contains(&user.password),
            "a page-load reply holds the password: {reply}"
        );
        assert!(
            !reply.contains(&basic),
            "a page-load reply holds the password in base64"
        );
    }
    assert!(replies[0].contains("podman login"), "{}", replies[0]);

    // Revealed on demand: the password alone (the lines never hold it).
    let reveal = |kind| SecretRef {
        connection_id: saved.id.clone(),
        kind,
    };
    let password = console.secret(&reveal(SecretKind::Password)).await.unwrap();
    assert_eq!(password.expose(), user.password);
    // Without a sign-in there is nothing to reveal, and the refusal says so without a secret.
    console.registries().sign_out(&saved.id).await.unwrap();
    let error = CommandError::from(
        console
            .secret(&reveal(SecretKind::Password))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.code, ErrorCode::SignInRequired);
}
