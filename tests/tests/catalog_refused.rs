//! A registry that will not list its repositories to the user, and opening a repository by its
//! name instead, through a whole `console::Console` as the shell drives it (a memory keyring,
//! a settings file in a temp dir), against the real distribution registry in token mode with
//! our token server, and a plain registry.
//!
//! The refusals are the ones registries give: a token service that answers 401/403 for the
//! catalog scope only (`TokenServerConfig::refuse_catalog`), and one that grants a token
//! without the catalog, so that the registry answers 401 `insufficient_scope` (the distribution
//! token flow, Docker Hub). `bob` may pull `demo/*` and has no catalog grant; `alice` has it.
//! The bug this guards: a refused catalog scope was `signInRequired`, so the window asked to
//! sign in again and, after the sign-in, met the same refusal again, in a loop.

use std::path::Path;
use std::sync::{Arc, Mutex};

use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use console::Console;
use harness::filler::{Arch, Filler, ManifestKind, demo_content};
use harness::registry::{Mode, Registry, RegistryOptions};
use harness::token_server::{ALICE_PASSWORD, BOB_PASSWORD, TokenServerConfig};
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use registry::model::CatalogEvent;
use vault::{BasicCredentials, KeptIn, MemoryStore, SecretStore};

const CATALOG: &str = "registry:catalog:*";

/// The console as the shell manages it, over the settings file in `dir` and `keyring`.
fn whole_console(dir: &Path, keyring: Arc<MemoryStore>) -> Console {
    Console::with_parts(
        SettingsStore::open(dir.join(connections::store::FILE_NAME)),
        dir.join("ca"),
        keyring as Arc<dyn SecretStore>,
        ClientOptions::default(),
    )
}

fn add_registry(console: &Console, registry: &Registry) -> Connection {
    console
        .add_connection(&ConnectionDraft {
            name: "Token registry".into(),
            kind: ConnectionKind::Registry,
            url: registry.url(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .expect("the connection is saved")
}

fn code(error: console::Error) -> ErrorCode {
    CommandError::from(error).code
}

/// Lists the catalog as `registry_catalog` does; the names, or the error the window gets.
async fn catalog(console: &Console, connection: &Connection) -> Result<Vec<String>, CommandError> {
    let names = Mutex::new(Vec::new());
    console
        .registries()
        .catalog(connection, "listing", |event| {
            if let CatalogEvent::Page { repositories, .. } = event {
                names.lock().unwrap().extend(repositories);
            }
        })
        .await
        .map_err(CommandError::from)?;
    Ok(names.into_inner().unwrap())
}

async fn sign_in(console: &Console, connection: &Connection, user: &str, password: &str) {
    console
        .registries()
        .sign_in(
            connection,
            BasicCredentials::new(user, password),
            KeptIn::Session,
        )
        .await
        .expect("the sign-in is accepted");
}

/// A token-mode registry whose token server answers the catalog scope as `refuse_catalog`
/// says, with the demo content and `demo/x`.
async fn token_registry(refuse_catalog: Option<u16>) -> Registry {
    let registry = Registry::start_with(RegistryOptions {
        token: TokenServerConfig {
            refuse_catalog,
            ..TokenServerConfig::default()
        },
        ..RegistryOptions::new(Mode::Token)
    })
    .expect("the registry starts");
    demo_content(&registry).await.expect("demo content");
    let filler = Filler::with_client(registry.client().unwrap(), "demo/untagged")
        .await
        .unwrap();
    filler
        .push_image("demo/x", "v1", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();
    registry
}

#[tokio::test]
async fn a_token_service_refusing_the_catalog_scope_is_explained_opened_by_name_and_never_loops() {
    for status in [403, 401] {
        let registry = token_registry(Some(status)).await;
        let tokens = registry.token_server().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let console = whole_console(dir.path(), Arc::new(MemoryStore::new()));
        let connection = add_registry(&console, &registry);

        // Nobody signed in: the anonymous catalog is refused too, and the window offers a
        // sign-in with the sentence (the code is the same; the UI knows nobody is signed in).
        let error = catalog(&console, &connection).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::CatalogRefused, "{status}: {error:?}");
        assert!(error.message.contains("sign in"), "{}", error.message);

        sign_in(&console, &connection, "bob", BOB_PASSWORD).await;
        let before = tokens.asked_for(CATALOG);
        let error = catalog(&console, &connection).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::CatalogRefused, "{status}: {error:?}");
        assert!(
            error.detail.as_deref().unwrap_or("").contains("DENIED"),
            "the token service's words are kept: {error:?}"
        );
        // One catalog token request per listing, however often the window lists again: the
        // bug asked for credentials and the catalog over and over.
        assert_eq!(tokens.asked_for(CATALOG) - before, 1, "{status}");
        assert_eq!(tokens.issued_for(CATALOG), 0);
        for _ in 0..3 {
            let again = catalog(&console, &connection).await.unwrap_err();
            assert_eq!(again.code, ErrorCode::CatalogRefused);
        }
        assert_eq!(tokens.asked_for(CATALOG) - before, 4, "{status}");

        // Opened by its name, the repository answers, and is remembered.
        let (name, recent) = console
            .open_repository(&connection.id, " demo/x ")
            .await
            .expect("bob may pull demo/x");
        assert_eq!(name, "demo/x");
        assert_eq!(recent, ["demo/x"]);
        let tags = console
            .registries()
            .tags(&connection, "demo/x", "tags")
            .await
            .unwrap();
        assert_eq!(tags, ["v1"]);

        // Alice has the catalog grant: the same registry lists for her.
        sign_in(&console, &connection, "alice", ALICE_PASSWORD).await;
        let names = catalog(&console, &connection).await.unwrap();
        assert!(names.contains(&"demo/x".to_owned()), "{names:?}");
        assert_eq!(tokens.issued_for(CATALOG), 1);
    }
}

#[tokio::test]
async fn a_token_without_the_catalog_is_refused_in_one_sentence_and_a_wrong_password_still_asks() {
    let registry = token_registry(None).await;
    let tokens = registry.token_server().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keyring = Arc::new(MemoryStore::new());
    let console = whole_console(dir.path(), Arc::clone(&keyring));
    let connection = add_registry(&console, &registry);
    sign_in(&console, &connection, "bob", BOB_PASSWORD).await;

    let before = tokens.issued_for(CATALOG);
    let error = catalog(&console, &connection).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::CatalogRefused, "{error:?}");
    // The registry's own answer: 401 UNAUTHORIZED with the catalog as its detail.
    let detail = error.detail.clone().unwrap_or_default();
    assert!(
        detail.contains("UNAUTHORIZED") && detail.contains("catalog"),
        "{detail}"
    );
    // A token is issued (without the catalog), and asked for once more after the refusal:
    // never in a loop.
    let issued = tokens.issued_for(CATALOG) - before;
    assert!((1..=2).contains(&issued), "{issued} catalog tokens");

    // Open by name; a name bob may not pull is denied, not a sign-in; a name that is no name
    // is refused before anything is asked; neither is remembered.
    let (_, recent) = console
        .open_repository(&connection.id, "demo/x")
        .await
        .unwrap();
    assert_eq!(recent, ["demo/x"]);
    let denied = console
        .open_repository(&connection.id, "team/app/api")
        .await
        .unwrap_err();
    assert_eq!(code(denied), ErrorCode::AccessDenied);
    let asked = tokens.asked_for("repository:demo/X:pull");
    let invalid = console
        .open_repository(&connection.id, "demo/X:latest")
        .await
        .unwrap_err();
    assert_eq!(code(invalid), ErrorCode::InvalidInput);
    assert_eq!(tokens.asked_for("repository:demo/X:pull"), asked);
    let missing = console
        .open_repository(&connection.id, "demo/nothing-here")
        .await
        .unwrap_err();
    assert_eq!(code(missing), ErrorCode::NotFound);
    assert_eq!(
        console.recent_repositories(&connection.id).unwrap(),
        ["demo/x"]
    );

    // A password that no longer works (changed, an expired token) still asks to sign in, on
    // a repository and on the catalog alike.
    let saved = connection.clone();
    console
        .registries()
        .vault(move |vault| {
            vault.save(
                &saved,
                &BasicCredentials::new("bob", "changed-since"),
                KeptIn::Session,
            )
        })
        .await
        .unwrap();
    console.registries().drop_client(&connection.id);
    let error = console
        .open_repository(&connection.id, "demo/x")
        .await
        .unwrap_err();
    assert_eq!(code(error), ErrorCode::SignInRequired);
    let error = catalog(&console, &connection).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::SignInRequired, "{error:?}");
}

#[tokio::test]
async fn recent_repositories_survive_a_restart_and_a_hostile_list_is_cleaned() {
    let registry = Registry::start(Mode::Open).unwrap();
    demo_content(&registry).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keyring = Arc::new(MemoryStore::new());
    let connection = {
        let console = whole_console(dir.path(), Arc::clone(&keyring));
        let connection = add_registry(&console, &registry);
        // A plain registry lists its catalog; opening by name works there too, and the
        // registry's own host pasted in front is dropped.
        assert!(catalog(&console, &connection).await.unwrap().len() >= 7);
        for name in ["demo/hello", "team/app/api", "library/busybox"] {
            console.open_repository(&connection.id, name).await.unwrap();
        }
        let pasted = format!("{}/demo/hello", registry.host());
        let (name, recent) = console
            .open_repository(&connection.id, &pasted)
            .await
            .unwrap();
        assert_eq!(name, "demo/hello");
        assert_eq!(recent, ["demo/hello", "library/busybox", "team/app/api"]);
        let recent = console
            .forget_recent_repository(&connection.id, "library/busybox")
            .unwrap();
        assert_eq!(recent, ["demo/hello", "team/app/api"]);
        connection
    };

    // The console starts again over the same settings file: the names are there.
    let console = whole_console(dir.path(), Arc::clone(&keyring));
    assert_eq!(
        console.recent_repositories(&connection.id).unwrap(),
        ["demo/hello", "team/app/api"]
    );
    drop(console);

    // Someone edits the file: a huge list, names that are no names, another connection's id.
    let path = dir.path().join(connections::store::FILE_NAME);
    let mut on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut hostile: Vec<serde_json::Value> = vec![
        "a..b".into(),
        "../../etc".into(),
        "demo//x".into(),
        "-x/y".into(),
        42.into(),
        "x".repeat(100_000).into(),
        "<img src=x onerror=alert(1)>".into(),
    ];
    hostile.extend((0..50_000).map(|i| serde_json::Value::from(format!("fill/repo-{i:05}"))));
    on_disk["recentRepositories"] = serde_json::json!({
        connection.id.clone(): hostile,
        "no-such-connection": ["demo/hello"],
    });
    std::fs::write(&path, serde_json::to_vec(&on_disk).unwrap()).unwrap();
    let console = whole_console(dir.path(), Arc::clone(&keyring));
    assert!(
        console.settings_state().recovery.is_none(),
        "the file is not corrupt"
    );
    assert_eq!(console.settings_state().settings.connections.len(), 1);
    let recent = console.recent_repositories(&connection.id).unwrap();
    assert!(
        recent.iter().all(|n| registry::is_repository_name(n)),
        "{recent:?}"
    );
    assert!(recent.len() <= connections::recent::MAX_RECENT_REPOSITORIES);
    assert_eq!(recent.first().map(String::as_str), Some("fill/repo-00000"));
    // Opening puts a real name first and writes a clean list back.
    let (_, recent) = console
        .open_repository(&connection.id, "demo/hello")
        .await
        .unwrap();
    // Ten names were read (the first ten that could be names at all); the four the grammar
    // refuses are dropped when the list is written again.
    assert_eq!(recent[0], "demo/hello");
    assert_eq!(recent.len(), 7, "{recent:?}");
    assert_eq!(recent[6], "fill/repo-00005");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("no-such-connection") && !text.contains("<img"));
    assert!(text.len() < 20_000, "{} bytes", text.len());

    // Not a registry connection: refused in words.
    let other = console
        .add_connection(&ConnectionDraft {
            name: "Cluster".into(),
            kind: ConnectionKind::Openshift,
            url: "https://api.cluster.example:6443".into(),
            tls: TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let error = console.recent_repositories(&other.id).unwrap_err();
    assert_eq!(code(error), ErrorCode::InvalidInput);
}
