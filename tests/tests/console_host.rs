//! The registry commands' logic, run with no window: `console::Registries` driven the way the
//! shell's `#[tauri::command]`s drive it (look up the connection, call the console, map the
//! error), against the real distribution registry with Basic authentication. Sign-ins are kept
//! for this session only, in a vault over a memory keyring, so no OS keyring is needed.

use std::sync::Mutex;

use connections::{Connection, ConnectionKind, TlsMode};
use console::Registries;
use harness::filler::demo_content;
use harness::registry::{Mode, Registry};
use ipc::{CommandError, ErrorCode};
use registry::ClientOptions;
use registry::model::{CatalogEvent, ManifestKind};
use vault::{BasicCredentials, KeptIn, MemoryStore, SignInVault, SignedIn};

fn connection(registry: &Registry) -> Connection {
    Connection {
        id: "registry-1".into(),
        name: "Registry".into(),
        kind: ConnectionKind::Registry,
        url: registry.url(),
        tls: TlsMode::System,
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
