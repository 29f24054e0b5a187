//! `vault-probe`: one call to the app's own [`vault::KeyringStore`] per run, so tests can
//! drive the vault against a private keyring in a child process with that keyring's
//! environment (tests cannot change their own environment without unsafe code).
//!
//! ```text
//! vault-probe set ACCOUNT      # the secret is read from stdin (one trailing newline dropped)
//! vault-probe get ACCOUNT      # prints the secret (this is a test tool)
//! vault-probe delete ACCOUNT
//! vault-probe sign-in CONNECTION USER   # a SignInVault keeps USER and the stdin password in the keyring
//! vault-probe signed-in CONNECTION      # a new SignInVault (as after a restart) prints `USER PASSWORD`
//! vault-probe sign-out CONNECTION
//! ```
//! Exit codes: 0 ok, 2 no entry, 3 unavailable, 4 locked, 5 timed out, 1 other failure,
//! 64 usage. On failure the error kind and message are printed on stderr. The timeout per
//! call is `VAULT_PROBE_TIMEOUT_MS` milliseconds (default: the store's default).

use std::io::Read as _;
use std::process::ExitCode;
use std::time::Duration;

use connections::{Connection, ConnectionKind, TlsMode};
use vault::{BasicCredentials, ErrorKind, KeptIn, KeyringStore, Secret, SecretStore, SignInVault};

/// The registry connection `id` every run binds its sign-in to: the same in each run, so a
/// sign-in saved by one run is loaded by the next.
fn bound(id: &str) -> Connection {
    Connection {
        id: id.to_owned(),
        name: id.to_owned(),
        kind: ConnectionKind::Registry,
        url: "https://registry.probe.invalid".to_owned(),
        tls: TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut store = KeyringStore::new();
    if let Some(ms) = std::env::var("VAULT_PROBE_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        store = store.with_timeout(Duration::from_millis(ms));
    }
    let read_secret = || {
        let mut input = String::new();
        std::io::stdin().read_to_string(&mut input).map(|_| {
            let secret = input
                .strip_suffix('\n')
                .map(|s| s.strip_suffix('\r').unwrap_or(s))
                .unwrap_or(&input);
            secret.to_owned()
        })
    };
    let vault = || SignInVault::new(Box::new(store.clone()));
    let result = match args.as_slice() {
        ["set", account] => match read_secret() {
            Ok(secret) => store.set(account, &Secret::new(secret)).map(|()| true),
            Err(e) => {
                eprintln!("read the secret from stdin: {e}");
                return ExitCode::from(1);
            }
        },
        ["sign-in", connection, user] => match read_secret() {
            Ok(password) => vault()
                .save(
                    &bound(connection),
                    &BasicCredentials::new(*user, password),
                    KeptIn::Keyring,
                )
                .map(|()| true),
            Err(e) => {
                eprintln!("read the password from stdin: {e}");
                return ExitCode::from(1);
            }
        },
        ["signed-in", connection] => vault().load(&bound(connection)).map(|found| match found {
            Some((credentials, kept_in)) => {
                println!(
                    "{} {} {kept_in:?}",
                    credentials.username,
                    credentials.password.expose()
                );
                true
            }
            None => false,
        }),
        ["sign-out", connection] => vault().forget(connection),
        ["get", account] => store.get(account).map(|secret| match secret {
            Some(secret) => {
                println!("{}", secret.expose());
                true
            }
            None => false,
        }),
        ["delete", account] => store.delete(account),
        _ => {
            eprintln!(
                "usage: vault-probe set ACCOUNT (secret on stdin) | get ACCOUNT | delete ACCOUNT | sign-in CONNECTION USER | signed-in CONNECTION | sign-out CONNECTION"
            );
            return ExitCode::from(64);
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("noEntry");
            ExitCode::from(2)
        }
        Err(e) => {
            let kind = e.kind();
            eprintln!("{kind:?}: {e}");
            ExitCode::from(match kind {
                ErrorKind::Unavailable => 3,
                ErrorKind::Locked => 4,
                ErrorKind::TimedOut => 5,
                ErrorKind::Other => 1,
            })
        }
    }
}
