//! `demo-registry`: a local registry with sample content, for trying the app by hand.
//!
//! ```text
//! demo-registry --data DIR [--port 5000] [--config-dir CONFIGDIR]
//! ```
//! Starts an open registry on 127.0.0.1:PORT storing into DIR (a second run reuses it),
//! pushes the demo content when the registry is empty, and with `--config-dir` adds a
//! "Local demo registry" connection to CONFIGDIR/settings.json unless one with that URL exists.
//! The registry serves its debug server too (`/debug/health`, Prometheus `/metrics`) on a free
//! loopback port, saved as the connection's debug address, so the Health and Metrics tabs
//! show it right away. Prints the URL, then runs until SIGINT or SIGTERM.

use std::path::PathBuf;
use std::process::ExitCode;

use connections::{ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use harness::registry::{Mode, Registry, RegistryOptions};

/// The name of the connection added to the settings.
const CONNECTION_NAME: &str = "Local demo registry";

struct Args {
    data: PathBuf,
    port: u16,
    config_dir: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut data = None;
    let mut port = 5000;
    let mut config_dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--data" => data = Some(PathBuf::from(value("--data")?)),
            "--port" => {
                port = value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?;
            }
            "--config-dir" => config_dir = Some(PathBuf::from(value("--config-dir")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        data: data.ok_or("--data DIR is required")?,
        port,
        config_dir,
    })
}

fn add_connection(
    config_dir: &std::path::Path,
    url: &str,
    debug_url: Option<&str>,
) -> Result<&'static str, String> {
    std::fs::create_dir_all(config_dir)
        .map_err(|e| format!("make {}: {e}", config_dir.display()))?;
    let mut store = SettingsStore::open(config_dir.join(connections::store::FILE_NAME));
    let same = |u: &str| u.trim_end_matches('/') == url.trim_end_matches('/');
    let (id, what) = match store.settings().connections.iter().find(|c| same(&c.url)) {
        Some(existing) => (existing.id.clone(), "already there"),
        None => {
            let added = store
                .add(&ConnectionDraft {
                    name: CONNECTION_NAME.into(),
                    kind: ConnectionKind::Registry,
                    url: url.into(),
                    tls: TlsMode::System,
                    openshift_version: None,
                })
                .map_err(|e| format!("add the connection: {e}"))?;
            (added.id, "added")
        }
    };
    // The debug port is new each run: the saved address follows it.
    let debug_address = debug_url.map(|u| format!("{}/", u.trim_end_matches('/')));
    store
        .set_debug_address(&id, debug_address.as_deref())
        .map_err(|e| format!("save the debug address: {e}"))?;
    Ok(what)
}

async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler installs");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("demo-registry: {e}");
            }
            eprintln!("usage: demo-registry --data DIR [--port 5000] [--config-dir CONFIGDIR]");
            return ExitCode::from(64);
        }
    };
    let mut options = RegistryOptions::new(Mode::Open);
    options.port = Some(args.port);
    options.data_dir = Some(args.data.clone());
    options.debug = true;
    let mut registry = match Registry::start_with(options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("demo-registry: {e}");
            return ExitCode::FAILURE;
        }
    };
    let url = registry.url();
    let result = async {
        let client = registry.client()?;
        if client.catalog().await?.is_empty() {
            harness::filler::demo_content_with(client).await?;
            eprintln!(
                "demo-registry: pushed the demo content into {}",
                args.data.display()
            );
        } else {
            eprintln!("demo-registry: {} already has content", args.data.display());
        }
        Ok::<(), harness::Error>(())
    }
    .await;
    if let Err(e) = result {
        eprintln!("demo-registry: {e}");
        registry.stop();
        return ExitCode::FAILURE;
    }
    if let Some(dir) = &args.config_dir {
        match add_connection(dir, &url, registry.debug_url().as_deref()) {
            Ok(what) => eprintln!(
                "demo-registry: connection \"{CONNECTION_NAME}\" {what} in {}",
                dir.display()
            ),
            Err(e) => {
                eprintln!("demo-registry: {e}");
                registry.stop();
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(debug) = registry.debug_url() {
        eprintln!("demo-registry: debug server (/debug/health, /metrics) at {debug}");
    }
    println!("{url}");
    wait_for_signal().await;
    registry.stop();
    eprintln!("demo-registry: stopped");
    ExitCode::SUCCESS
}
