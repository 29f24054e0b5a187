//! The app's vault ([`vault::KeyringStore`]) against a real Secret Service: each test starts
//! its own private keyring and drives the store through `vault-probe`, a child process with
//! that keyring's environment and never a `DISPLAY` (a locked keyring with a display waits on
//! an unlock prompt).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use harness::keyring::KeyringDaemon;
use tokio::io::AsyncWriteExt as _;

struct Probe {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `vault-probe` with `configure` applied (the keyring's env), `stdin` as its input.
async fn probe(configure: impl FnOnce(&mut Command), args: &[&str], stdin: &str) -> Probe {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vault-probe"));
    command
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    configure(&mut command);
    let mut command = tokio::process::Command::from(command);
    command.kill_on_drop(true);
    let started = Instant::now();
    let mut child = command.spawn().expect("vault-probe starts");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.as_bytes())
        .await
        .expect("write stdin");
    drop(input);
    // The store has its own timeout; this one only keeps a broken test from hanging.
    let output = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("vault-probe finished")
        .expect("vault-probe runs");
    Probe {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    }
}

async fn on(daemon: &KeyringDaemon, args: &[&str], stdin: &str) -> Probe {
    probe(
        |c| {
            daemon.apply(c);
        },
        args,
        stdin,
    )
    .await
}

#[tokio::test]
async fn vault_round_trip_set_get_delete_then_no_entry() {
    let daemon = KeyringDaemon::start().unwrap();
    let account = "conn-1/alice";

    let set = on(&daemon, &["set", account], "s3cret value with spaces").await;
    assert_eq!(set.code, Some(0), "set: {}\n{}", set.stderr, daemon.log());
    let get = on(&daemon, &["get", account], "").await;
    assert_eq!(
        (get.code, get.stdout.as_str()),
        (Some(0), "s3cret value with spaces"),
        "{}",
        get.stderr
    );
    let replace = on(&daemon, &["set", account], "rotated\n").await;
    assert_eq!(replace.code, Some(0), "{}", replace.stderr);
    let get = on(&daemon, &["get", account], "").await;
    assert_eq!((get.code, get.stdout.as_str()), (Some(0), "rotated"));

    let delete = on(&daemon, &["delete", account], "").await;
    assert_eq!(delete.code, Some(0), "{}", delete.stderr);
    let gone = on(&daemon, &["get", account], "").await;
    assert_eq!(
        (gone.code, gone.stdout.as_str()),
        (Some(2), ""),
        "{}",
        gone.stderr
    );
    let again = on(&daemon, &["delete", account], "").await;
    assert_eq!(again.code, Some(2), "{}", again.stderr);
}

#[tokio::test]
async fn vault_keeps_accounts_apart() {
    let daemon = KeyringDaemon::start().unwrap();
    for (account, secret) in [("conn-1/alice", "one"), ("conn-2/alice", "two")] {
        let set = on(&daemon, &["set", account], secret).await;
        assert_eq!(set.code, Some(0), "{}", set.stderr);
    }
    assert_eq!(
        on(&daemon, &["get", "conn-1/alice"], "").await.stdout,
        "one"
    );
    assert_eq!(
        on(&daemon, &["get", "conn-2/alice"], "").await.stdout,
        "two"
    );
    assert_eq!(
        on(&daemon, &["delete", "conn-1/alice"], "").await.code,
        Some(0)
    );
    assert_eq!(
        on(&daemon, &["get", "conn-1/alice"], "").await.code,
        Some(2)
    );
    let other = on(&daemon, &["get", "conn-2/alice"], "").await;
    assert_eq!((other.code, other.stdout.as_str()), (Some(0), "two"));
}

#[tokio::test]
async fn vault_locked_keyring_is_locked_not_a_hang() {
    let daemon = KeyringDaemon::start().unwrap();
    let set = on(&daemon, &["set", "conn-1/alice"], "before-lock").await;
    assert_eq!(set.code, Some(0), "{}", set.stderr);
    daemon.lock().unwrap();
    for args in [&["get", "conn-1/alice"][..], &["set", "conn-1/alice"][..]] {
        let locked = on(&daemon, args, "after-lock").await;
        assert_eq!(
            locked.code,
            Some(4),
            "{args:?}: stdout {} stderr {}",
            locked.stdout,
            locked.stderr
        );
        assert!(locked.stderr.starts_with("Locked"), "{}", locked.stderr);
        assert!(!locked.stdout.contains("before-lock"));
        assert!(!locked.stderr.contains("after-lock"), "{}", locked.stderr);
        assert!(locked.took < Duration::from_secs(10), "{:?}", locked.took);
    }
}

#[tokio::test]
async fn vault_without_a_session_bus_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let missing = dir.path().join("no-such-bus");
    let address = format!("unix:path={}", missing.display());
    for args in [&["get", "conn-1/alice"][..], &["set", "conn-1/alice"][..]] {
        let result = probe(
            |c| {
                c.env("DBUS_SESSION_BUS_ADDRESS", &address)
                    .env("HOME", dir.path())
                    .env("XDG_RUNTIME_DIR", &runtime);
            },
            args,
            "no-bus-secret",
        )
        .await;
        assert_eq!(
            result.code,
            Some(3),
            "{args:?}: stdout {} stderr {}",
            result.stdout,
            result.stderr
        );
        assert!(
            result.stderr.starts_with("Unavailable"),
            "{}",
            result.stderr
        );
        assert!(
            !result.stderr.contains("no-bus-secret"),
            "{}",
            result.stderr
        );
    }
}

#[tokio::test]
async fn sign_in_kept_in_the_keyring_survives_a_restart_and_sign_out_deletes_it() {
    let daemon = KeyringDaemon::start().unwrap();
    // Each probe is a new process with a new SignInVault: the app after a restart.
    let saved = on(&daemon, &["sign-in", "conn-7", "alice"], "pa ss:word").await;
    assert_eq!(saved.code, Some(0), "{}\n{}", saved.stderr, daemon.log());
    let after_restart = on(&daemon, &["signed-in", "conn-7"], "").await;
    assert_eq!(
        (after_restart.code, after_restart.stdout.as_str()),
        (Some(0), "alice pa ss:word Keyring"),
        "{}",
        after_restart.stderr
    );
    // The entry is the connection's, under the app's service: the plain store sees it too.
    let raw = on(&daemon, &["get", "conn-7"], "").await;
    assert_eq!(raw.code, Some(0));
    assert!(
        raw.stdout.contains("\"username\":\"alice\""),
        "{}",
        raw.stdout
    );
    assert_eq!(
        on(&daemon, &["signed-in", "conn-8"], "").await.code,
        Some(2)
    );

    let out = on(&daemon, &["sign-out", "conn-7"], "").await;
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let gone = on(&daemon, &["signed-in", "conn-7"], "").await;
    assert_eq!((gone.code, gone.stdout.as_str()), (Some(2), ""));
    assert_eq!(on(&daemon, &["get", "conn-7"], "").await.code, Some(2));
}

#[tokio::test]
async fn sign_in_with_a_locked_keyring_is_locked_promptly_and_keeps_nothing() {
    let daemon = KeyringDaemon::start().unwrap();
    let saved = on(&daemon, &["sign-in", "conn-1", "alice"], "before").await;
    assert_eq!(saved.code, Some(0), "{}", saved.stderr);
    daemon.lock().unwrap();
    let read = on(&daemon, &["signed-in", "conn-1"], "").await;
    assert_eq!(read.code, Some(4), "{} {}", read.stdout, read.stderr);
    assert!(read.stderr.starts_with("Locked"), "{}", read.stderr);
    assert!(!read.stdout.contains("before") && !read.stderr.contains("before"));
    assert!(read.took < Duration::from_secs(10), "{:?}", read.took);
    let write = on(&daemon, &["sign-in", "conn-2", "bob"], "after-lock").await;
    assert_eq!(write.code, Some(4), "{}", write.stderr);
    assert!(write.took < Duration::from_secs(10), "{:?}", write.took);
}
