//! `keyring-probe`: one keyring call per run, through the same `keyring` crate the app uses,
//! so tests can check what the app stored, or prove that a test keyring works.
//!
//! ```text
//! keyring-probe set SERVICE USER SECRET   # prints "ok"
//! keyring-probe get SERVICE USER          # prints the secret; exit 2 and "NoEntry" if none
//! keyring-probe delete SERVICE USER       # prints "ok"; exit 2 and "NoEntry" if none
//! keyring-probe status                    # prints "ok" or the store's error
//! ```
//! Other errors exit 1 with the error's Debug form on stderr.

use std::process::ExitCode;

use keyring::{Entry, Error};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["status"] => Entry::store_status()
            .as_ref()
            .map(|()| "ok".to_owned())
            .map_err(clone_err),
        ["set", service, user, secret] => Entry::new(service, user)
            .and_then(|e| e.set_password(secret))
            .map(|()| "ok".to_owned()),
        ["get", service, user] => Entry::new(service, user).and_then(|e| e.get_password()),
        ["delete", service, user] => Entry::new(service, user)
            .and_then(|e| e.delete_credential())
            .map(|()| "ok".to_owned()),
        _ => {
            eprintln!(
                "usage: keyring-probe status | set SERVICE USER SECRET | get SERVICE USER | delete SERVICE USER"
            );
            return ExitCode::from(64);
        }
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(Error::NoEntry) => {
            println!("NoEntry");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e:?}");
            ExitCode::from(1)
        }
    }
}

/// The store status is a `&'static Result`; its error is not `Clone`, so keep its words.
fn clone_err(e: &Error) -> Error {
    Error::PlatformFailure(format!("{e:?}").into())
}
