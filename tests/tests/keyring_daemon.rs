//! The private Secret Service works for a program using the `keyring` crate, as the app does.

use std::process::Command;
use std::time::Duration;

use harness::keyring::KeyringDaemon;

struct Probe {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

async fn probe(daemon: &KeyringDaemon, args: &[&str]) -> Probe {
    let mut command = Command::new(env!("CARGO_BIN_EXE_keyring-probe"));
    command.args(args);
    daemon.apply(&mut command);
    let mut command = tokio::process::Command::from(command);
    command.kill_on_drop(true);
    // A keyring call that waits on an unlock prompt would hang the test: bound it.
    let output = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("keyring-probe finished")
        .expect("keyring-probe runs");
    Probe {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[tokio::test]
async fn keyring_round_trip_set_get_delete_then_no_entry() {
    let daemon = KeyringDaemon::start().unwrap();
    let service = "registry-console-test";
    let user = "alice@127.0.0.1";

    let set = probe(&daemon, &["set", service, user, "s3cret value"]).await;
    assert_eq!(
        set.code,
        Some(0),
        "set: {} {}\n{}",
        set.stdout,
        set.stderr,
        daemon.log()
    );
    let get = probe(&daemon, &["get", service, user]).await;
    assert_eq!(
        (get.code, get.stdout.as_str()),
        (Some(0), "s3cret value"),
        "{}",
        get.stderr
    );
    let delete = probe(&daemon, &["delete", service, user]).await;
    assert_eq!(delete.code, Some(0), "{}", delete.stderr);
    let gone = probe(&daemon, &["get", service, user]).await;
    assert_eq!(
        (gone.code, gone.stdout.as_str()),
        (Some(2), "NoEntry"),
        "{}",
        gone.stderr
    );
}

#[tokio::test]
async fn keyring_daemons_are_private_to_each_test() {
    let first = KeyringDaemon::start().unwrap();
    let second = KeyringDaemon::start().unwrap();
    assert_ne!(first.bus_address(), second.bus_address());
    assert_eq!(
        probe(&first, &["set", "rc-test", "u", "one"]).await.code,
        Some(0)
    );
    let other = probe(&second, &["get", "rc-test", "u"]).await;
    assert_eq!(other.stdout, "NoEntry");
}

#[tokio::test]
async fn locked_keyring_refuses_instead_of_hanging() {
    let daemon = KeyringDaemon::start().unwrap();
    assert_eq!(
        probe(&daemon, &["set", "rc-test", "u", "v"]).await.code,
        Some(0)
    );
    daemon.lock().unwrap();
    let locked = probe(&daemon, &["get", "rc-test", "u"]).await;
    assert_eq!(
        locked.code,
        Some(1),
        "stdout {} stderr {}",
        locked.stdout,
        locked.stderr
    );
    assert!(
        locked.stderr.contains("NoStorageAccess"),
        "{}",
        locked.stderr
    );
}

#[test]
fn keyring_daemon_stops_both_processes() {
    let mut daemon = KeyringDaemon::start().unwrap();
    let pid = daemon.pid();
    daemon.stop();
    assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
}
