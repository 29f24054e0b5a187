//! The distribution registry (`docker-registry` 2.8), started in one of four modes.
//!
//! Each instance gets its own config, temp dir, port and log, so tests can run in parallel.
//! The packaged `/etc/docker/registry/config.yml` is broken (see PEERS.md), so the config is
//! always written here. To add a mode: add a [`Mode`] variant and its `auth`/`http` section in
//! [`config_yaml`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::client::{Credentials, RegistryClient};
use crate::error::{Error, Result};
use crate::process::{
    START_TIMEOUT, ServerProcess, free_port, path_str, port_open, run, wait_until,
};
use crate::tls::{ServerCertificates, server_certificates};
use crate::token_server::{ALICE_PASSWORD, TokenServer, TokenServerConfig};

/// How the registry authenticates and serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain HTTP, no authentication.
    Open,
    /// Plain HTTP with htpasswd (bcrypt) Basic authentication.
    Basic,
    /// HTTPS with a certificate from a test CA; no authentication.
    Tls,
    /// Plain HTTP with Bearer tokens from our own [`TokenServer`].
    Token,
}

/// Everything a registry can be started with; [`RegistryOptions::new`] gives the defaults.
#[derive(Debug, Clone)]
pub struct RegistryOptions {
    /// The mode.
    pub mode: Mode,
    /// `storage.delete.enabled`; false makes DELETE answer 405 UNSUPPORTED.
    pub delete_enabled: bool,
    /// Basic mode's user (default `alice`).
    pub username: Option<String>,
    /// Basic mode's password (default: random).
    pub password: Option<String>,
    /// Token mode's token server (default: [`TokenServerConfig::default`]).
    pub token: TokenServerConfig,
    /// Where the registry keeps its data (default: a `data` dir in its temp dir). A given
    /// directory is kept after the registry stops, so a later run sees the same content.
    pub data_dir: Option<PathBuf>,
    /// A fixed port (default: a free one, retried if someone else takes it first).
    pub port: Option<u16>,
    /// TLS mode's certificate, key and CA (default: made by [`server_certificates`]); lets a
    /// test serve a certificate made by the app. Given in token mode, it serves HTTPS too.
    pub certificates: Option<ServerCertificates>,
    /// Serve the debug server (`http.debug.addr`) on a free loopback port, with Prometheus
    /// metrics at `/metrics` and the in-memory blob descriptor cache (whose hits and misses
    /// it exports).
    pub debug: bool,
    /// Make the storage driver's health check fail: the storage root lies under a regular
    /// file, which no user (root included) can make a directory in, and the check runs every
    /// second with a threshold of one, so `/debug/health` (and every request) turns 503.
    pub failing_storage: bool,
}

impl RegistryOptions {
    /// Defaults for `mode`: delete enabled, generated credentials, temp storage, free port.
    pub fn new(mode: Mode) -> Self {
        Self {
            mode,
            delete_enabled: true,
            username: None,
            password: None,
            token: TokenServerConfig::default(),
            data_dir: None,
            port: None,
            certificates: None,
            debug: false,
            failing_storage: false,
        }
    }
}

/// A running registry; stopped (with its token server) on [`Registry::stop`] or Drop.
#[derive(Debug)]
pub struct Registry {
    // Field order is drop order: the process goes before the files it uses.
    process: ServerProcess,
    token_server: Option<TokenServer>,
    mode: Mode,
    port: u16,
    debug_port: Option<u16>,
    credentials: Option<Credentials>,
    certificates: Option<ServerCertificates>,
    data_dir: PathBuf,
    config_path: PathBuf,
    dir: tempfile::TempDir,
}

impl Registry {
    /// Starts a registry in `mode` with the defaults of [`RegistryOptions::new`].
    pub fn start(mode: Mode) -> Result<Self> {
        Self::start_with(RegistryOptions::new(mode))
    }

    /// Starts a registry with `options` and waits until it accepts connections.
    pub fn start_with(options: RegistryOptions) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("rc-registry-")
            .tempdir()
            .map_err(|e| Error::io("make the registry's temp dir", e))?;
        let data_dir = if options.failing_storage {
            // A regular file where a directory should be: ENOTDIR for every user, root too.
            let blocker = dir.path().join("not-a-directory");
            std::fs::write(&blocker, b"storage cannot live under a file\n")
                .map_err(|e| Error::io(format!("write {}", blocker.display()), e))?;
            blocker.join("data")
        } else {
            let data_dir = options
                .data_dir
                .clone()
                .unwrap_or_else(|| dir.path().join("data"));
            std::fs::create_dir_all(&data_dir)
                .map_err(|e| Error::io(format!("make {}", data_dir.display()), e))?;
            data_dir
        };

        let credentials = match options.mode {
            Mode::Basic => {
                let c = Credentials::new(
                    options.username.as_deref().unwrap_or("alice"),
                    &options
                        .password
                        .clone()
                        .unwrap_or_else(|| crate::random_hex(12)),
                );
                run(
                    "write the htpasswd file",
                    Command::new("htpasswd")
                        .arg("-Bbc")
                        .arg(dir.path().join("htpasswd"))
                        .args([&c.username, &c.password]),
                )?;
                Some(c)
            }
            Mode::Token => {
                let user = options.username.as_deref().unwrap_or("alice");
                let password = options.password.clone().unwrap_or_else(|| {
                    options
                        .token
                        .users
                        .iter()
                        .find(|u| u.name == user)
                        .map_or_else(|| ALICE_PASSWORD.to_owned(), |u| u.password.clone())
                });
                Some(Credentials::new(user, &password))
            }
            Mode::Open | Mode::Tls => None,
        };
        let certificates = match options.mode {
            Mode::Tls => Some(match options.certificates.clone() {
                Some(given) => given,
                None => server_certificates(dir.path())?,
            }),
            // Token mode over TLS when certificates are given (the OpenShift registry).
            Mode::Token => options.certificates.clone(),
            _ => None,
        };
        let token_server = match options.mode {
            Mode::Token => Some(TokenServer::start(options.token.clone())?),
            _ => None,
        };

        let config_path = dir.path().join("config.yml");
        let log_path = dir.path().join("registry.log");
        let attempts = if options.port.is_some() { 1 } else { 4 };
        let mut last_error = None;
        for _ in 0..attempts {
            let port = match options.port {
                Some(p) => p,
                None => free_port()?,
            };
            let debug_port = if options.debug {
                Some(free_port()?)
            } else {
                None
            };
            let yaml = config_yaml(&ConfigInput {
                mode: options.mode,
                port,
                debug_port,
                failing_storage: options.failing_storage,
                delete_enabled: options.delete_enabled,
                data_dir: &data_dir,
                dir: dir.path(),
                certificates: certificates.as_ref(),
                token_server: token_server.as_ref(),
            });
            std::fs::write(&config_path, yaml)
                .map_err(|e| Error::io(format!("write {}", config_path.display()), e))?;
            let mut command = Command::new("docker-registry");
            command
                .arg("serve")
                .arg(&config_path)
                .current_dir(dir.path());
            let mut process = ServerProcess::spawn(
                &format!("docker-registry ({:?}, port {port})", options.mode),
                command,
                &log_path,
            )?;
            match wait_until(&mut process, START_TIMEOUT, |_| Ok(port_open(port))) {
                Ok(()) => {
                    return Ok(Self {
                        process,
                        token_server,
                        mode: options.mode,
                        port,
                        debug_port,
                        credentials,
                        certificates,
                        data_dir,
                        config_path,
                        dir,
                    });
                }
                Err(e) => {
                    // Someone took the port between our probe and the registry's bind: retry.
                    let taken = process.log().contains("address already in use");
                    last_error = Some(e);
                    if !taken {
                        break;
                    }
                }
            }
        }
        Err(last_error.unwrap_or_else(|| Error::Other("the registry did not start".into())))
    }

    /// The base URL: `http://127.0.0.1:PORT`, or `https://` in TLS mode.
    pub fn url(&self) -> String {
        let scheme = if self.certificates.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// `127.0.0.1:PORT`, as skopeo and `docker login` name a registry.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The debug server's address (`127.0.0.1:PORT`), when started with [`RegistryOptions::debug`].
    pub fn debug_address(&self) -> Option<String> {
        self.debug_port.map(|p| format!("127.0.0.1:{p}"))
    }

    /// The debug server's base URL (`http://127.0.0.1:PORT`), when it has one.
    pub fn debug_url(&self) -> Option<String> {
        self.debug_address().map(|a| format!("http://{a}"))
    }

    /// The mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The credentials that work: Basic mode's htpasswd user, or token mode's user.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// TLS mode's CA certificate (PEM file), which clients must trust.
    pub fn ca_path(&self) -> Option<&Path> {
        self.certificates.as_ref().map(|c| c.ca_path.as_path())
    }

    /// TLS mode's CA certificate as PEM text.
    pub fn ca_pem(&self) -> Option<&str> {
        self.certificates.as_ref().map(|c| c.ca_pem.as_str())
    }

    /// Token mode's token server.
    pub fn token_server(&self) -> Option<&TokenServer> {
        self.token_server.as_ref()
    }

    /// Token mode's token server URL (`http://127.0.0.1:PORT`; the realm is `<url>/token`).
    pub fn token_server_url(&self) -> Option<&str> {
        self.token_server.as_ref().map(TokenServer::url)
    }

    /// The registry process's id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// Where the registry stores blobs and manifests.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The temp dir holding config, log, htpasswd and certificates.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The config file the registry runs with.
    pub fn config_path(&self) -> &Path {
        &self.config_path
    }

    /// The registry's log so far (it logs every request and every auth refusal's reason).
    pub fn log(&self) -> String {
        self.process.log()
    }

    /// A client that authenticates as this registry asks, with its credentials and CA.
    pub fn client(&self) -> Result<RegistryClient> {
        RegistryClient::new(
            &self.url(),
            self.credentials.clone(),
            self.ca_pem().map(str::as_bytes),
        )
    }

    /// A plain HTTP client that trusts this registry's CA (if any) and sends no credentials.
    pub fn http_client(&self) -> Result<reqwest::Client> {
        crate::client::http_client(self.ca_pem().map(str::as_bytes))
    }

    /// Stops the registry and its token server. Idempotent.
    pub fn stop(&mut self) {
        self.process.stop();
        if let Some(t) = self.token_server.as_mut() {
            t.stop();
        }
    }
}

struct ConfigInput<'a> {
    mode: Mode,
    port: u16,
    debug_port: Option<u16>,
    failing_storage: bool,
    delete_enabled: bool,
    data_dir: &'a Path,
    dir: &'a Path,
    certificates: Option<&'a ServerCertificates>,
    token_server: Option<&'a TokenServer>,
}

/// The registry's config.yml. Strings are JSON-quoted, which YAML reads as the same strings.
fn config_yaml(input: &ConfigInput<'_>) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let mut y = String::new();
    let _ = writeln!(y, "version: 0.1");
    let _ = writeln!(y, "log:\n  level: info\n  formatter: text");
    let _ = writeln!(y, "storage:");
    let _ = writeln!(
        y,
        "  filesystem:\n    rootdirectory: {}",
        q(&path_str(input.data_dir))
    );
    let _ = writeln!(y, "  delete:\n    enabled: {}", input.delete_enabled);
    if input.debug_port.is_some() {
        let _ = writeln!(y, "  cache:\n    blobdescriptor: inmemory");
    }
    let _ = writeln!(
        y,
        "  maintenance:\n    uploadpurging:\n      enabled: false"
    );
    let _ = writeln!(y, "http:");
    let _ = writeln!(y, "  addr: {}", q(&format!("127.0.0.1:{}", input.port)));
    let _ = writeln!(y, "  secret: {}", q(&crate::random_hex(16)));
    if let Some(debug_port) = input.debug_port {
        let _ = writeln!(
            y,
            "  debug:\n    addr: {}\n    prometheus:\n      enabled: true\n      path: /metrics",
            q(&format!("127.0.0.1:{debug_port}"))
        );
    }
    if let Some(c) = input.certificates {
        let _ = writeln!(
            y,
            "  tls:\n    certificate: {}\n    key: {}",
            q(&path_str(&c.cert_path)),
            q(&path_str(&c.key_path))
        );
    }
    if input.failing_storage {
        let _ = writeln!(
            y,
            "health:\n  storagedriver:\n    enabled: true\n    interval: 1s\n    threshold: 1"
        );
    }
    match input.mode {
        Mode::Basic => {
            let _ = writeln!(
                y,
                "auth:\n  htpasswd:\n    realm: basic-realm\n    path: {}",
                q(&path_str(&input.dir.join("htpasswd")))
            );
        }
        Mode::Token => {
            let t = input.token_server.expect("token mode has a token server");
            let _ = writeln!(
                y,
                "auth:\n  token:\n    realm: {}\n    service: {}\n    issuer: {}\n    rootcertbundle: {}",
                q(&t.realm()),
                q(t.service()),
                q(t.issuer()),
                q(&path_str(t.cert_path()))
            );
        }
        Mode::Open | Mode::Tls => {}
    }
    y
}
