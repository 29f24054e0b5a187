//! A connection's secrets stay with the server they were given to, and go when it goes:
//! against the real distribution registry (Basic authentication), the OpenShift OAuth
//! simulator and a real OpenID Connect provider (`oidc-provider`, with RFC 7009 revocation).
//!
//! - an edit that points a connection elsewhere sends the saved password nowhere (a second
//!   registry that would accept it records no sign-in), and forgets it;
//! - without a keyring a connection browses, and only saving a sign-in says so;
//! - removing a connection deletes its keyring entries and CA file and revokes its token; a
//!   keyring that refuses keeps the connection and all it owns.
//!
//! The keyring here is an in-memory [`SecretStore`] that can refuse like a locked or absent
//! Secret Service; the real Secret Service is exercised by `vault_keyring` and `oidc_signin`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use auth::browser::BrowserOptions;
use auth::oidc::OidcProvider as Provider;
use auth::openshift::OpenShift;
use auth::revoke::{Belongings, Revocation};
use auth::{Error, SessionStore, SignInMethod};
use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use harness::oidc::{
    CLIENT_ID, OidcProvider, TEST_ACCOUNT, TEST_PASSWORD, browser, complete_dev_interactions,
};
use harness::openshift_oauth::{ALICE_PASSWORD, OpenShiftConfig, OpenShiftOAuth};
use harness::registry::{Mode, Registry, RegistryOptions};
use registry::model::CatalogEvent;
use registry::{CancelFlag, RegistryClient};
use vault::{BasicCredentials, KeptIn, MemoryStore, Secret, SecretStore, SignInVault};

/// The OS keyring of these tests: memory shared by every store made over it (as the one
/// Secret Service is shared by the app's stores), which can be made to refuse.
#[derive(Clone, Default)]
struct Keyring {
    entries: Arc<MemoryStore>,
    locked: Arc<AtomicBool>,
    absent: bool,
}

impl Keyring {
    /// A desktop without a Secret Service.
    fn absent() -> Self {
        Self {
            absent: true,
            ..Self::default()
        }
    }

    fn check(&self) -> vault::Result<()> {
        if self.absent {
            return Err(vault::Error::Unavailable {
                reason: "no Secret Service on the session bus".into(),
            });
        }
        if self.locked.load(Ordering::SeqCst) {
            return Err(vault::Error::Locked {
                reason: "the unlock prompt was dismissed".into(),
            });
        }
        Ok(())
    }

    fn holds(&self, account: &str) -> bool {
        self.entries.get(account).unwrap().is_some()
    }
}

impl SecretStore for Keyring {
    fn get(&self, account: &str) -> vault::Result<Option<Secret>> {
        self.check()?;
        self.entries.get(account)
    }
    fn set(&self, account: &str, secret: &Secret) -> vault::Result<()> {
        self.check()?;
        self.entries.set(account, secret)
    }
    fn delete(&self, account: &str) -> vault::Result<bool> {
        self.check()?;
        self.entries.delete(account)
    }
}

/// The app's state, as the shell keeps it: settings, the two sign-in stores, the CA dir.
struct App {
    dir: tempfile::TempDir,
    settings: Mutex<SettingsStore>,
    keyring: Keyring,
    sign_ins: Arc<SignInVault>,
    sessions: Arc<SessionStore>,
}

impl App {
    fn new(keyring: Keyring) -> Self {
        harness::install_crypto_provider();
        let dir = tempfile::tempdir().unwrap();
        let settings = Mutex::new(SettingsStore::open(dir.path().join("settings.json")));
        Self {
            settings,
            sign_ins: Arc::new(SignInVault::new(Box::new(keyring.clone()))),
            sessions: Arc::new(SessionStore::new(Arc::new(keyring.clone()))),
            keyring,
            dir,
        }
    }

    fn belongings(&self) -> Belongings {
        Belongings::new(
            Arc::clone(&self.sign_ins),
            Arc::clone(&self.sessions),
            self.dir.path().join("ca"),
        )
    }

    fn add(&self, kind: ConnectionKind, url: &str) -> Connection {
        self.settings
            .lock()
            .unwrap()
            .add(&ConnectionDraft {
                name: format!("{kind:?} at {url}"),
                kind,
                url: url.to_owned(),
                tls: TlsMode::System,
                openshift_version: None,
            })
            .unwrap()
    }

    fn saved(&self, id: &str) -> Option<Connection> {
        let settings = self.settings.lock().unwrap();
        settings
            .settings()
            .connections
            .iter()
            .find(|c| c.id == id)
            .cloned()
    }

    /// The registry client the app makes for `connection` (commands/registry.rs): with the
    /// sign-in the vault gives for the connection as it is now.
    fn registry_client(&self, connection: &Connection) -> RegistryClient {
        let credentials = self
            .sign_ins
            .load(connection)
            .unwrap()
            .map(|(credentials, _)| credentials);
        RegistryClient::new(connection, credentials).unwrap()
    }

    /// Writes the connection's CA file, as "Trust this CA" does.
    fn write_ca_file(&self, id: &str) -> std::path::PathBuf {
        let path = self.belongings().ca_file(id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "-----BEGIN CERTIFICATE-----\n").unwrap();
        path
    }
}

fn draft_of(connection: &Connection) -> ConnectionDraft {
    ConnectionDraft {
        name: connection.name.clone(),
        kind: connection.kind,
        url: connection.url.clone(),
        tls: connection.tls.clone(),
        openshift_version: None,
    }
}

async fn list(client: &RegistryClient) -> registry::Result<Vec<String>> {
    let mut names = Vec::new();
    client
        .catalog(&CancelFlag::new(), &mut |event| {
            if let CatalogEvent::Page { repositories, .. } = event {
                names.extend(repositories);
            }
        })
        .await?;
    Ok(names)
}

#[tokio::test]
async fn an_edited_registry_url_sends_the_saved_password_nowhere_and_forgets_it() {
    let first = Registry::start(Mode::Basic).unwrap();
    let user = first.credentials().unwrap().clone();
    // A registry on another port that would accept the same password, were it sent.
    let second = Registry::start_with(RegistryOptions {
        username: Some(user.username.clone()),
        password: Some(user.password.clone()),
        ..RegistryOptions::new(Mode::Basic)
    })
    .unwrap();
    let app = App::new(Keyring::default());
    let connection = app.add(ConnectionKind::Registry, &first.url());
    let credentials = BasicCredentials::new(&user.username, &user.password);
    app.sign_ins
        .save(&connection, &credentials, KeptIn::Keyring)
        .unwrap();
    app.registry_client(&connection).check().await.unwrap();

    let edited = ConnectionDraft {
        url: second.url(),
        ..draft_of(&connection)
    };
    let (moved, released) = app
        .belongings()
        .update_connection(&app.settings, &connection.id, &edited)
        .await
        .unwrap();
    assert!(released.sign_in, "the edit forgot the sign-in");
    assert!(!app.keyring.holds(&connection.id));
    let error = app.registry_client(&moved).check().await.unwrap_err();
    assert!(
        matches!(error, registry::Error::SignInRequired { .. }),
        "{error:?}"
    );
    // The registry logs every request it let in with these credentials as authorized.
    const LET_IN: &str = "msg=\"authorized request\"";
    assert!(
        !second.log().contains(LET_IN),
        "the second registry accepted a sign-in:\n{}",
        second.log()
    );
    // What its log shows once the password is given to it.
    RegistryClient::new(&moved, Some(credentials))
        .unwrap()
        .check()
        .await
        .unwrap();
    assert!(second.log().contains(LET_IN), "{}", second.log());
}

#[tokio::test]
async fn a_sign_in_does_not_follow_a_connection_changed_behind_the_vaults_back() {
    let registry = Registry::start(Mode::Basic).unwrap();
    let user = registry.credentials().unwrap().clone();
    let app = App::new(Keyring::default());
    let connection = app.add(ConnectionKind::Registry, &registry.url());
    app.sign_ins
        .save(
            &connection,
            &BasicCredentials::new(&user.username, &user.password),
            KeptIn::Keyring,
        )
        .unwrap();
    // Another writer of the settings (an older build, a hand edit) turns verification off.
    let insecure = app
        .settings
        .lock()
        .unwrap()
        .update(
            &connection.id,
            &ConnectionDraft {
                tls: TlsMode::Insecure,
                ..draft_of(&connection)
            },
        )
        .unwrap();
    // After a restart the vault reads the keyring, and refuses the entry for the new mode.
    let restarted = SignInVault::new(Box::new(app.keyring.clone()));
    assert_eq!(restarted.load(&insecure).unwrap(), None);
    assert!(!app.keyring.holds(&connection.id), "and forgot it");
    let error = RegistryClient::new(&insecure, None)
        .unwrap()
        .check()
        .await
        .unwrap_err();
    assert!(
        matches!(error, registry::Error::SignInRequired { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn without_a_keyring_a_registry_connection_browses_and_only_saving_a_sign_in_says_so() {
    let open = Registry::start(Mode::Open).unwrap();
    let basic = Registry::start(Mode::Basic).unwrap();
    let app = App::new(Keyring::absent());

    // A registry that answers anonymously is browsed, with no word about the keyring.
    let anonymous = app.add(ConnectionKind::Registry, &open.url());
    assert_eq!(app.sign_ins.signed_in(&anonymous).unwrap(), None);
    list(&app.registry_client(&anonymous)).await.unwrap();

    // A registry that needs a password asks for one: sign-in required, not a keyring error.
    let guarded = app.add(ConnectionKind::Registry, &basic.url());
    let error = list(&app.registry_client(&guarded)).await.unwrap_err();
    assert!(
        matches!(error, registry::Error::SignInRequired { .. }),
        "{error:?}"
    );

    // Saving the sign-in is where the keyring's absence is said; this session only works.
    let user = basic.credentials().unwrap();
    let credentials = BasicCredentials::new(&user.username, &user.password);
    let refused = app
        .sign_ins
        .save(&guarded, &credentials, KeptIn::Keyring)
        .unwrap_err();
    assert_eq!(refused.kind(), vault::ErrorKind::Unavailable);
    app.sign_ins
        .save(&guarded, &credentials, KeptIn::Session)
        .unwrap();
    list(&app.registry_client(&guarded)).await.unwrap();
}

/// Signs in to the simulated cluster as alice, as the app does (`auth_openshift_password`).
async fn openshift_sign_in(app: &App, connection: &Connection) -> auth::Session {
    let session = OpenShift::new(&connection.url, &connection.tls)
        .unwrap()
        .login_with_password("alice", &Secret::new(ALICE_PASSWORD))
        .await
        .unwrap();
    app.sessions.save(connection, session.clone()).unwrap();
    session
}

#[tokio::test]
async fn removing_an_openshift_connection_revokes_its_token_and_deletes_its_keyring_entries_and_ca_file()
 {
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).unwrap();
    let app = App::new(Keyring::default());
    let connection = app.add(ConnectionKind::Openshift, sim.api_url());
    let ca_file = app.write_ca_file(&connection.id);
    let session = openshift_sign_in(&app, &connection).await;
    // The integrated registry's sign-in, kept by the vault under the connection's id.
    app.sign_ins
        .save(
            &connection,
            &BasicCredentials::new("alice", session.access_token.expose()),
            KeptIn::Keyring,
        )
        .unwrap();
    let session_account = auth::session::account(&connection.id);
    assert!(app.keyring.holds(&session_account) && app.keyring.holds(&connection.id));

    let released = app
        .belongings()
        .remove_connection(&app.settings, &connection.id)
        .await
        .unwrap();

    assert!(released.sign_in);
    assert_eq!(released.session, Some(SignInMethod::OpenshiftPassword));
    assert_eq!(released.revocation, Revocation::Revoked);
    assert_eq!(released.ca_file.as_deref(), Some(ca_file.as_path()));
    assert!(
        !sim.token_is_valid(session.access_token.expose()),
        "revoked"
    );
    assert!(!app.keyring.holds(&session_account));
    assert!(!app.keyring.holds(&connection.id));
    assert!(!ca_file.exists());
    assert_eq!(app.saved(&connection.id), None);
}

#[tokio::test]
async fn a_keyring_that_refuses_keeps_the_connection_its_ca_file_and_its_token() {
    let sim = OpenShiftOAuth::start(OpenShiftConfig::default()).unwrap();
    let app = App::new(Keyring::default());
    let connection = app.add(ConnectionKind::Openshift, sim.api_url());
    let ca_file = app.write_ca_file(&connection.id);
    let session = openshift_sign_in(&app, &connection).await;
    app.keyring.locked.store(true, Ordering::SeqCst);

    let error = app
        .belongings()
        .remove_connection(&app.settings, &connection.id)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Keyring { .. }), "{error:?}");
    assert_eq!(app.saved(&connection.id), Some(connection.clone()));
    assert!(ca_file.exists());
    assert!(sim.token_is_valid(session.access_token.expose()));
    assert!(app.keyring.holds(&auth::session::account(&connection.id)));

    // Unlocked, the removal goes through.
    app.keyring.locked.store(false, Ordering::SeqCst);
    app.belongings()
        .remove_connection(&app.settings, &connection.id)
        .await
        .unwrap();
    assert_eq!(app.saved(&connection.id), None);
    assert!(!sim.token_is_valid(session.access_token.expose()));
}

#[tokio::test]
async fn removing_an_oidc_connection_revokes_its_refresh_token_at_the_provider() {
    let provider = OidcProvider::start().unwrap();
    let app = App::new(Keyring::default());
    let connection = app.add(ConnectionKind::Openshift, provider.issuer());
    let oidc = Provider::discover(provider.issuer(), &connection.tls)
        .await
        .unwrap();
    let issuer = provider.issuer().to_owned();
    let opener = move |url: &url::Url| {
        let url = url.to_string();
        let issuer = issuer.clone();
        tokio::spawn(async move {
            let http = browser().unwrap();
            let back = complete_dev_interactions(&http, &issuer, &url, TEST_ACCOUNT, TEST_PASSWORD)
                .await
                .expect("the provider's forms let the user in");
            let _ = http.get(back).send().await;
        });
        Ok(())
    };
    let session = oidc
        .login(CLIENT_ID, &opener, &BrowserOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", provider.log()));
    assert!(session.refresh_token.is_some());
    app.sessions.save(&connection, session.clone()).unwrap();

    let released = app
        .belongings()
        .remove_connection(&app.settings, &connection.id)
        .await
        .unwrap();

    assert_eq!(released.session, Some(SignInMethod::Oidc));
    assert_eq!(
        released.revocation,
        Revocation::Revoked,
        "{}",
        provider.log()
    );
    assert!(!app.keyring.holds(&auth::session::account(&connection.id)));
    // The provider no longer honours the refresh token (nor the grant behind it).
    let error = oidc.refresh(&session).await.unwrap_err();
    assert!(matches!(error, Error::GrantRevoked { .. }), "{error:?}");
}
