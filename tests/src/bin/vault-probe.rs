//! `vault-probe`: one call to the app's own [`vault::KeyringStore`] per run, so tests can
//! drive the vault against a private keyring in a child process with that keyring's
//! environment (tests cannot change their own environment without unsafe code).
//!
//! ```text
//! vault-probe set ACCOUNT      # the secret is read from stdin (one trailing newline dropped)
//! vault-probe get ACCOUNT      # prints the secret (this is a test tool)
//! vault-probe delete ACCOUNT
//! ```
//! Exit codes: 0 ok, 2 no entry, 3 unavailable, 4 locked, 5 timed out, 1 other failure,
//! 64 usage. On failure the error kind and message are printed on stderr. The timeout per
//! call is `VAULT_PROBE_TIMEOUT_MS` milliseconds (default: the store's default).

use std::io::Read as _;
use std::process::ExitCode;
use std::time::Duration;

use vault::{ErrorKind, KeyringStore, Secret, SecretStore};

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
    let result = match args.as_slice() {
        ["set", account] => {
            let mut input = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut input) {
                eprintln!("read the secret from stdin: {e}");
                return ExitCode::from(1);
            }
            let secret = input
                .strip_suffix('\n')
                .map(|s| s.strip_suffix('\r').unwrap_or(s))
                .unwrap_or(&input);
            store.set(account, &Secret::new(secret)).map(|()| true)
        }
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
                "usage: vault-probe set ACCOUNT (secret on stdin) | get ACCOUNT | delete ACCOUNT"
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
