//! `auth-probe`: one sign-in step of the `auth` crate per run, with sessions kept in the OS
//! keyring ([`vault::KeyringStore`]), so tests can prove that a sign-in survives a restart of
//! the process, against a private keyring in a child process with that keyring's environment.
//!
//! ```text
//! auth-probe oidc-login ISSUER CONNECTION      # logs in as harness::oidc::TEST_ACCOUNT
//! auth-probe openshift-password API CONNECTION USER   # the password is read from stdin
//! auth-probe status CONNECTION                 # prints the SignInStatus JSON
//! auth-probe refresh CONNECTION                # OIDC refresh, stored before it is printed
//! auth-probe raw CONNECTION                    # prints the keyring entry (a test tool)
//! auth-probe sign-out CONNECTION
//! ```
//! Exit codes: 0 ok, 2 not signed in, 3 keyring error, 4 grant revoked, 1 other failure.

use std::io::Read as _;
use std::process::ExitCode;
use std::sync::Arc;

use auth::browser::BrowserOptions;
use auth::oidc::OidcProvider;
use auth::openshift::OpenShift;
use auth::{Error, SessionStore};
use connections::{Connection, ConnectionKind, TlsMode};
use vault::{KeyringStore, Secret, SecretStore};

/// The connection `id` every run binds its session to: the same in each run, so a session
/// saved by one run is loaded by the next.
fn bound(id: &str) -> Connection {
    Connection {
        id: id.to_owned(),
        name: id.to_owned(),
        kind: ConnectionKind::Openshift,
        url: "https://cluster.probe.invalid".to_owned(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn main() -> ExitCode {
    harness::install_crypto_provider();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let keyring: Arc<dyn SecretStore> = Arc::new(KeyringStore::new());
    let store = Arc::new(SessionStore::new(keyring.clone()));
    let result: Result<Option<String>, Error> = runtime.block_on(async {
        match args.as_slice() {
            ["oidc-login", issuer, connection] => {
                let provider = OidcProvider::discover(issuer, &TlsMode::System).await?;
                let issuer = issuer.to_string();
                let opener = move |url: &url::Url| {
                    let url = url.to_string();
                    let issuer = issuer.clone();
                    tokio::spawn(async move {
                        let browser = harness::oidc::browser().expect("a browser");
                        let back = harness::oidc::complete_dev_interactions(
                            &browser,
                            &issuer,
                            &url,
                            harness::oidc::TEST_ACCOUNT,
                            harness::oidc::TEST_PASSWORD,
                        )
                        .await
                        .expect("the provider's forms let the user in");
                        let _ = browser.get(back).send().await;
                    });
                    Ok(())
                };
                let session = provider
                    .login(
                        harness::oidc::CLIENT_ID,
                        &opener,
                        &BrowserOptions::default(),
                    )
                    .await?;
                let storage = store.save(&bound(connection), session.clone())?;
                Ok(Some(json(&session.status(connection, storage))))
            }
            ["openshift-password", api, connection, user] => {
                let mut password = String::new();
                let _ = std::io::stdin().read_to_string(&mut password);
                let session = OpenShift::new(api, &TlsMode::System)?
                    .login_with_password(user, &Secret::new(password.trim_end()))
                    .await?;
                let storage = store.save(&bound(connection), session.clone())?;
                Ok(Some(json(&session.status(connection, storage))))
            }
            ["status", connection] => Ok(store
                .load(&bound(connection))?
                .map(|(session, storage)| json(&session.status(connection, storage)))),
            ["refresh", connection] => {
                let status = auth::oidc::refresh_stored(&store, &bound(connection)).await?;
                Ok(Some(json(&status)))
            }
            ["raw", connection] => Ok(keyring
                .get(&auth::session::account(connection))
                .map_err(|source| Error::Keyring { source })?
                .map(|s| s.expose().to_owned())),
            ["sign-out", connection] => Ok(store.remove(connection)?.map(|_| "removed".into())),
            _ => {
                eprintln!("usage: see the module docs");
                std::process::exit(64);
            }
        }
    });
    match result {
        Ok(Some(out)) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::from(2),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(match e {
                Error::Keyring { .. } => 3,
                Error::GrantRevoked { .. } => 4,
                Error::NotSignedIn { .. } => 2,
                _ => 1,
            })
        }
    }
}

fn json(status: &auth::SignInStatus) -> String {
    serde_json::to_string(status).expect("a status serializes")
}
