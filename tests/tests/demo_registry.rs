//! `demo-registry` serves the demo content, keeps it across runs, adds its connection once,
//! and stops its registry on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn run_until_url(
    data: &std::path::Path,
    config: &std::path::Path,
    port: u16,
) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_demo-registry"))
        .arg("--data")
        .arg(data)
        .args(["--port", &port.to_string()])
        .arg("--config-dir")
        .arg(config)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_owned())
}

fn terminate(child: &mut std::process::Child) {
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[tokio::test]
async fn demo_registry_serves_demo_content_keeps_it_and_adds_its_connection_once() {
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let port = harness::process::free_port().unwrap();

    let (mut child, url) = run_until_url(data.path(), config.path(), port);
    assert_eq!(url, format!("http://127.0.0.1:{port}"));
    let client = harness::client::RegistryClient::new(&url, None, None).unwrap();
    assert!(
        client
            .catalog()
            .await
            .unwrap()
            .contains(&"demo/multiarch".to_owned())
    );
    terminate(&mut child);
    assert!(
        !harness::process::port_open(port),
        "the registry stopped with it"
    );

    let (mut child, _) = run_until_url(data.path(), config.path(), port);
    let client = harness::client::RegistryClient::new(&url, None, None).unwrap();
    assert_eq!(
        client.tags("team/app/web").await.unwrap(),
        ["2.0.0", "latest"]
    );
    terminate(&mut child);

    let store = connections::SettingsStore::open(config.path().join("settings.json"));
    let matching: Vec<_> = store
        .settings()
        .connections
        .iter()
        .filter(|c| c.name == "Local demo registry")
        .collect();
    assert_eq!(matching.len(), 1);
    assert_eq!(matching[0].url.trim_end_matches('/'), url);
    // Its debug server's address is saved on it, so Health and Metrics work right away.
    let debug = store.debug_address(&matching[0].id).unwrap_or_default();
    assert!(debug.starts_with("http://127.0.0.1:"), "{debug:?}");
}
