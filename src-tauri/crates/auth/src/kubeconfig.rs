//! The user's kubeconfig, read the way `oc` and `kubectl` read it, so that a cluster they
//! already use can become a connection without typing its URL, CA or token again.
//!
//! Where: `$KUBECONFIG`, a list of files (`:`-separated; `;` on Windows) merged so that the
//! first file to name a cluster, user or context wins, as does the first `current-context`
//! (files of the list that do not exist are skipped, as client-go does); else
//! `~/.kube/config`. A path the user chose must exist.
//! Paths inside a file (`certificate-authority`, `tokenFile`) are relative to that file.
//!
//! What: each context with its cluster's server and TLS (`certificate-authority`,
//! `certificate-authority-data`, `insecure-skip-tls-verify`) and whether its user carries a
//! token this app can use (`token`, `tokenFile`) or a credential it cannot (client
//! certificates, `exec` and `auth-provider` plugins, basic auth). [`KubeconfigListing`] is
//! what the UI sees: it never holds a token. [`import`] turns one context into a connection.
//!
//! Limits: a file is read up to [`MAX_FILE_BYTES`] (a kubeconfig of a hundred clusters is
//! well under 1 MiB; a bigger file, or `/dev/zero`, is refused rather than read into memory).
//! A file that does not parse is refused with its line, column and what was expected there,
//! never with its content: serde's messages quote the value they met
//! (`invalid type: string "sha256~...", expected a sequence`), and that value can be a token.

/// The fuzzing entry (`fuzz/`): not part of the crate's API.
#[doc(hidden)]
pub mod fuzzing;
pub mod import;

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vault::Secret;

use crate::error::{Error, Result};

/// The most a kubeconfig file, or a file it names (`tokenFile`, `certificate-authority`), may
/// hold: 4 MiB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Where the kubeconfig is looked for: `$KUBECONFIG` and the home directory (given, so tests
/// do not depend on the process's environment).
#[derive(Debug, Clone, Default)]
pub struct Locations {
    /// The value of `$KUBECONFIG`, when set.
    pub kubeconfig_env: Option<OsString>,
    /// The user's home directory.
    pub home: Option<PathBuf>,
}

impl Locations {
    /// This process's `$KUBECONFIG` and `$HOME` (`%USERPROFILE%` on Windows).
    pub fn from_env() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        Self {
            kubeconfig_env: std::env::var_os("KUBECONFIG").filter(|v| !v.is_empty()),
            home,
        }
    }

    /// `~/.kube/config`.
    pub fn home_config(&self) -> Option<PathBuf> {
        self.home.as_ref().map(|h| h.join(".kube").join("config"))
    }
}

/// Where the files of a listing came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum KubeconfigSource {
    /// `$KUBECONFIG`.
    Env,
    /// `~/.kube/config`.
    Home,
    /// A path the user typed.
    Chosen,
}

/// The kubeconfig as the UI sees it: no token, only whether there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KubeconfigListing {
    /// The files read, in the order they were merged.
    pub files: Vec<String>,
    /// Where that list came from.
    pub source: KubeconfigSource,
    /// The `current-context`, when set.
    pub current_context: Option<String>,
    /// Every context, in the order of the files.
    pub contexts: Vec<KubeContext>,
}

/// One context of the kubeconfig.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KubeContext {
    /// The context's name (`default/api-crc-testing:6443/kubeadmin` as `oc login` names them).
    pub name: String,
    /// Whether it is the `current-context`.
    pub current: bool,
    /// The name of its cluster entry.
    pub cluster: String,
    /// The cluster's API server URL, when the entry exists and has one.
    pub server: Option<String>,
    /// The name of its user entry.
    pub user: String,
    /// The context's namespace, when set.
    pub namespace: Option<String>,
    /// What the user entry signs in with.
    pub credential: KubeCredential,
    /// Whether the user entry has a token this app can sign in with.
    pub has_token: bool,
    /// How the cluster's certificate is checked.
    pub tls: KubeTls,
    /// Why the context cannot be imported, when it cannot.
    pub problem: Option<KubeProblem>,
    /// The file the context comes from.
    pub file: String,
}

/// What a kubeconfig user entry signs in with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum KubeCredential {
    /// A bearer token in the file (`token`), as `oc login` writes it.
    Token,
    /// A bearer token in another file (`tokenFile`).
    #[serde(rename_all = "camelCase")]
    TokenFile {
        /// The token file.
        path: String,
    },
    /// A `tokenFile` that cannot be read or is empty.
    #[serde(rename_all = "camelCase")]
    TokenFileUnreadable {
        /// The token file.
        path: String,
        /// The operating system's reason, or "it is empty".
        reason: String,
    },
    /// A client certificate and key (`client-certificate(-data)`): not usable by this app.
    ClientCertificate,
    /// An exec credential plugin (`exec`): not run by this app.
    #[serde(rename_all = "camelCase")]
    Exec {
        /// The plugin's command.
        command: String,
    },
    /// An auth-provider plugin (`auth-provider`, removed from kubectl): not usable.
    #[serde(rename_all = "camelCase")]
    AuthProvider {
        /// The provider's name (`oidc`, `gcp`, ...).
        name: String,
    },
    /// A user name and password (`username`/`password`, basic auth): not used by this app.
    BasicAuth,
    /// No credential at all.
    None,
}

/// How a kubeconfig cluster entry checks the server's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum KubeTls {
    /// The system's trusted roots (no CA given).
    System,
    /// A CA file (`certificate-authority`).
    #[serde(rename_all = "camelCase")]
    CaFile {
        /// The file, made absolute.
        path: String,
    },
    /// CA certificates inline (`certificate-authority-data`).
    #[serde(rename_all = "camelCase")]
    CaData {
        /// How many certificates it holds.
        certificates: u32,
    },
    /// No verification (`insecure-skip-tls-verify: true`).
    Insecure,
}

/// Why a context cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum KubeProblem {
    /// The context names a cluster that no file defines.
    #[error("its cluster \"{cluster}\" is not defined in the kubeconfig")]
    #[serde(rename_all = "camelCase")]
    MissingCluster {
        /// The cluster's name.
        cluster: String,
    },
    /// The context names a user that no file defines.
    #[error("its user \"{user}\" is not defined in the kubeconfig")]
    #[serde(rename_all = "camelCase")]
    MissingUser {
        /// The user's name.
        user: String,
    },
    /// The cluster entry has no `server`.
    #[error("its cluster \"{cluster}\" has no server URL")]
    #[serde(rename_all = "camelCase")]
    NoServer {
        /// The cluster's name.
        cluster: String,
    },
    /// `certificate-authority-data` is not base64 or holds no certificate.
    #[error("the certificate-authority-data of cluster \"{cluster}\" is unusable: {reason}")]
    #[serde(rename_all = "camelCase")]
    BadCaData {
        /// The cluster's name.
        cluster: String,
        /// What is wrong.
        reason: String,
    },
    /// The `certificate-authority` file cannot be read or holds no certificate.
    #[error("the certificate-authority file {path} is unusable: {reason}")]
    #[serde(rename_all = "camelCase")]
    BadCaFile {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Both a CA and `insecure-skip-tls-verify`, which kubectl refuses too.
    #[error(
        "cluster \"{cluster}\" has both a certificate authority and insecure-skip-tls-verify, which kubectl refuses too"
    )]
    #[serde(rename_all = "camelCase")]
    CaWithInsecure {
        /// The cluster's name.
        cluster: String,
    },
}

// The file's shape. Every field is optional: what a context does not use may be absent, and
// client-go ignores fields it does not know. No `Debug`: the user entry holds a token.

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct RawFile {
    #[serde(default)]
    clusters: Option<Vec<RawNamedCluster>>,
    #[serde(default)]
    contexts: Option<Vec<RawNamedContext>>,
    #[serde(default)]
    users: Option<Vec<RawNamedUser>>,
    #[serde(default)]
    current_context: Option<String>,
}

#[derive(Deserialize)]
struct RawNamedCluster {
    name: String,
    #[serde(default)]
    cluster: Option<RawCluster>,
}

#[derive(Deserialize)]
struct RawNamedContext {
    name: String,
    #[serde(default)]
    context: Option<RawContext>,
}

#[derive(Deserialize)]
struct RawNamedUser {
    name: String,
    #[serde(default)]
    user: Option<RawUser>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "kebab-case")]
struct RawCluster {
    #[serde(default)]
    server: Option<String>,
    #[serde(default)]
    certificate_authority: Option<String>,
    #[serde(default)]
    certificate_authority_data: Option<String>,
    #[serde(default)]
    insecure_skip_tls_verify: Option<bool>,
}

#[derive(Deserialize, Default, Clone)]
struct RawContext {
    #[serde(default)]
    cluster: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    namespace: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "kebab-case")]
struct RawUser {
    #[serde(default)]
    token: Option<String>,
    #[serde(default, rename = "tokenFile")]
    token_file: Option<String>,
    #[serde(default)]
    client_certificate: Option<String>,
    #[serde(default)]
    client_certificate_data: Option<String>,
    #[serde(default)]
    client_key: Option<String>,
    #[serde(default)]
    client_key_data: Option<String>,
    #[serde(default)]
    exec: Option<RawExec>,
    #[serde(default)]
    auth_provider: Option<RawAuthProvider>,
    #[serde(default)]
    username: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
struct RawExec {
    #[serde(default)]
    command: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
struct RawAuthProvider {
    #[serde(default)]
    name: Option<String>,
}

/// An entry and the directory of the file it came from (relative paths start there).
struct Entry<T> {
    name: String,
    value: T,
    dir: PathBuf,
    file: PathBuf,
}

/// The merged kubeconfig, tokens included: it stays in the backend.
pub struct Kubeconfig {
    files: Vec<PathBuf>,
    source: KubeconfigSource,
    current_context: Option<String>,
    clusters: Vec<Entry<RawCluster>>,
    contexts: Vec<Entry<RawContext>>,
    users: Vec<Entry<RawUser>>,
}

impl std::fmt::Debug for Kubeconfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kubeconfig")
            .field("files", &self.files)
            .field("contexts", &self.contexts.len())
            .finish_non_exhaustive()
    }
}

/// How a context's server certificate will be checked once imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedTls {
    /// The system roots.
    System,
    /// These CA certificates (PEM or DER bytes), named for error messages.
    Ca {
        /// Where they come from (a file, or `certificate-authority-data of cluster "x"`).
        name: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// No verification.
    Insecure,
}

/// A context ready to become a connection, with its token when it has one.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The context's name.
    pub context: String,
    /// The cluster's API server URL.
    pub server: String,
    /// How TLS will be checked.
    pub tls: ResolvedTls,
    /// The token (`token`, or the content of `tokenFile`).
    pub token: Option<Secret>,
}

impl Kubeconfig {
    /// Reads the kubeconfig: the files of `chosen` (as typed; a list like `$KUBECONFIG`'s,
    /// each of which must exist) or, without a choice, `$KUBECONFIG` or `~/.kube/config`.
    pub fn load(locations: &Locations, chosen: Option<&str>) -> Result<Self> {
        let chosen = chosen.map(str::trim).filter(|c| !c.is_empty());
        let (source, candidates, must_exist): (_, Vec<PathBuf>, _) = match chosen {
            Some(typed) => (
                KubeconfigSource::Chosen,
                std::env::split_paths(typed)
                    .filter(|p| !p.as_os_str().is_empty())
                    .map(|p| expand_home(&p, locations))
                    .collect(),
                true,
            ),
            None => match &locations.kubeconfig_env {
                Some(list) => (
                    KubeconfigSource::Env,
                    std::env::split_paths(list)
                        .filter(|p| !p.as_os_str().is_empty())
                        .collect(),
                    false,
                ),
                None => (
                    KubeconfigSource::Home,
                    locations.home_config().into_iter().collect(),
                    true,
                ),
            },
        };
        if candidates.is_empty() {
            return Err(Error::KubeconfigNotFound {
                paths: vec!["~/.kube/config".into()],
            });
        }
        let mut config = Self {
            files: Vec::new(),
            source,
            current_context: None,
            clusters: Vec::new(),
            contexts: Vec::new(),
            users: Vec::new(),
        };
        // A file named twice in the list is read once, as client-go does.
        let mut seen = HashSet::new();
        for path in &candidates {
            if !seen.insert(path.clone()) {
                continue;
            }
            let bytes = match read_capped(path) {
                Ok(bytes) => bytes,
                Err(Capped::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                    continue;
                }
                Err(Capped::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::KubeconfigNotFound {
                        paths: vec![path.display().to_string()],
                    });
                }
                Err(Capped::Io(e)) => {
                    return Err(Error::KubeconfigUnreadable {
                        path: path.display().to_string(),
                        reason: e.to_string(),
                    });
                }
                Err(too_large @ Capped::TooLarge) => {
                    return Err(Error::KubeconfigInvalid {
                        path: path.display().to_string(),
                        reason: too_large.to_string(),
                    });
                }
            };
            let raw = parse_file(path, &bytes)?;
            config.merge(path, raw);
        }
        if config.files.is_empty() {
            return Err(Error::KubeconfigNotFound {
                paths: candidates.iter().map(|p| p.display().to_string()).collect(),
            });
        }
        Ok(config)
    }

    /// Merges one file: the first file to define a name (or `current-context`) wins.
    fn merge(&mut self, path: &Path, raw: RawFile) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        self.files.push(path.to_path_buf());
        if self.current_context.is_none() {
            self.current_context = raw.current_context.filter(|c| !c.is_empty());
        }
        for c in raw.clusters.unwrap_or_default() {
            if !self.clusters.iter().any(|e| e.name == c.name) {
                let value = c.cluster.unwrap_or_default();
                self.clusters.push(Entry {
                    name: c.name,
                    value,
                    dir: dir.clone(),
                    file: path.to_path_buf(),
                });
            }
        }
        for c in raw.contexts.unwrap_or_default() {
            if !self.contexts.iter().any(|e| e.name == c.name) {
                let value = c.context.unwrap_or_default();
                self.contexts.push(Entry {
                    name: c.name,
                    value,
                    dir: dir.clone(),
                    file: path.to_path_buf(),
                });
            }
        }
        for u in raw.users.unwrap_or_default() {
            if !self.users.iter().any(|e| e.name == u.name) {
                let value = u.user.unwrap_or_default();
                self.users.push(Entry {
                    name: u.name,
                    value,
                    dir: dir.clone(),
                    file: path.to_path_buf(),
                });
            }
        }
    }

    /// The files read, in order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// What the UI shows: every context, with no token.
    pub fn listing(&self) -> KubeconfigListing {
        KubeconfigListing {
            files: self.files.iter().map(|f| f.display().to_string()).collect(),
            source: self.source,
            current_context: self.current_context.clone(),
            contexts: self.contexts.iter().map(|c| self.describe(c)).collect(),
        }
    }

    fn describe(&self, context: &Entry<RawContext>) -> KubeContext {
        let cluster_name = context.value.cluster.clone().unwrap_or_default();
        let user_name = context.value.user.clone().unwrap_or_default();
        let cluster = self.clusters.iter().find(|c| c.name == cluster_name);
        let user = self.users.iter().find(|u| u.name == user_name);
        let (credential, has_token) = match user {
            Some(u) => credential_of(u),
            None => (KubeCredential::None, false),
        };
        let (tls, tls_problem) = match cluster {
            Some(c) => tls_of(c),
            None => (KubeTls::System, None),
        };
        let problem = if cluster.is_none() {
            Some(KubeProblem::MissingCluster {
                cluster: cluster_name.clone(),
            })
        } else if user.is_none() {
            Some(KubeProblem::MissingUser {
                user: user_name.clone(),
            })
        } else if cluster.is_some_and(|c| {
            c.value
                .server
                .as_deref()
                .is_none_or(|s| s.trim().is_empty())
        }) {
            Some(KubeProblem::NoServer {
                cluster: cluster_name.clone(),
            })
        } else {
            tls_problem
        };
        KubeContext {
            current: self.current_context.as_deref() == Some(context.name.as_str()),
            name: context.name.clone(),
            cluster: cluster_name,
            server: cluster.and_then(|c| c.value.server.clone()),
            user: user_name,
            namespace: context.value.namespace.clone().filter(|n| !n.is_empty()),
            credential,
            has_token,
            tls,
            problem,
            file: context.file.display().to_string(),
        }
    }

    /// The context `name` ready to import: its server, its CA bytes, its token.
    pub fn resolve(&self, name: &str) -> Result<Resolved> {
        let context = self
            .contexts
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| Error::ContextNotFound {
                context: name.to_owned(),
                files: self.files.iter().map(|f| f.display().to_string()).collect(),
            })?;
        let described = self.describe(context);
        if let Some(problem) = described.problem {
            return Err(Error::ContextUnusable {
                context: name.to_owned(),
                problem,
            });
        }
        let unusable = |problem| Error::ContextUnusable {
            context: name.to_owned(),
            problem,
        };
        // `describe` reported no problem, so both entries exist.
        let cluster = self
            .clusters
            .iter()
            .find(|c| c.name == described.cluster)
            .ok_or_else(|| {
                unusable(KubeProblem::MissingCluster {
                    cluster: described.cluster.clone(),
                })
            })?;
        let user = self
            .users
            .iter()
            .find(|u| u.name == described.user)
            .ok_or_else(|| {
                unusable(KubeProblem::MissingUser {
                    user: described.user.clone(),
                })
            })?;
        let tls = match described.tls {
            KubeTls::System => ResolvedTls::System,
            KubeTls::Insecure => ResolvedTls::Insecure,
            KubeTls::CaData { .. } => ResolvedTls::Ca {
                name: format!(
                    "the certificate-authority-data of cluster \"{}\"",
                    cluster.name
                ),
                bytes: ca_data(cluster).map_err(|reason| {
                    unusable(KubeProblem::BadCaData {
                        cluster: cluster.name.clone(),
                        reason,
                    })
                })?,
            },
            KubeTls::CaFile { path } => ResolvedTls::Ca {
                bytes: read_capped(Path::new(&path)).map_err(|e| {
                    unusable(KubeProblem::BadCaFile {
                        path: path.clone(),
                        reason: e.to_string(),
                    })
                })?,
                name: path,
            },
        };
        let token = match described.credential {
            KubeCredential::Token => user.value.token.clone().map(Secret::new),
            KubeCredential::TokenFile { path } => {
                Some(read_token_file(Path::new(&path)).map_err(|reason| {
                    Error::KubeconfigUnreadable {
                        path: path.clone(),
                        reason,
                    }
                })?)
            }
            _ => None,
        };
        Ok(Resolved {
            context: name.to_owned(),
            server: cluster
                .value
                .server
                .clone()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            tls,
            token,
        })
    }
}

/// `~/x` as a shell would expand it (the path field is typed like one).
fn expand_home(path: &Path, locations: &Locations) -> PathBuf {
    match (path.strip_prefix("~"), &locations.home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

fn parse_file(path: &Path, bytes: &[u8]) -> Result<RawFile> {
    let invalid = |reason: String| Error::KubeconfigInvalid {
        path: path.display().to_string(),
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "it is not UTF-8 text (byte {} is not)",
            e.valid_up_to() + 1
        ))
    })?;
    // An empty file is an empty kubeconfig, as for client-go.
    if text.trim().is_empty() {
        return Ok(RawFile::default());
    }
    let raw: Option<RawFile> =
        serde_yaml_ng::from_str(text).map_err(|e| invalid(yaml_reason(&e)))?;
    Ok(raw.unwrap_or_default())
}

/// Why a file was not read.
#[derive(Debug)]
enum Capped {
    /// The operating system's error.
    Io(std::io::Error),
    /// More than [`MAX_FILE_BYTES`].
    TooLarge,
}

impl std::fmt::Display for Capped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => e.fmt(f),
            Self::TooLarge => write!(
                f,
                "it is larger than {} MiB, the most a kubeconfig (or a file it names) may be; it was not read",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        }
    }
}

/// Reads `path` whole, up to [`MAX_FILE_BYTES`]. The size is checked on the bytes read, not
/// only the metadata: a device or a pipe reports 0 and never ends.
fn read_capped(path: &Path) -> std::result::Result<Vec<u8>, Capped> {
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    if hint > MAX_FILE_BYTES {
        return Err(Capped::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Capped::TooLarge);
    }
    Ok(bytes)
}

/// The keys of a kubeconfig this reader knows: the only words of a parse error's path that are
/// repeated to the user (any other would be the file's content).
const KNOWN_KEYS: &[&str] = &[
    "clusters",
    "contexts",
    "users",
    "current-context",
    "name",
    "cluster",
    "context",
    "user",
    "server",
    "certificate-authority",
    "certificate-authority-data",
    "insecure-skip-tls-verify",
    "namespace",
    "token",
    "tokenFile",
    "client-certificate",
    "client-certificate-data",
    "client-key",
    "client-key-data",
    "exec",
    "command",
    "auth-provider",
    "username",
];

/// What a YAML error says, in words that never quote the file: the line and column, the
/// field (when it is one of [`KNOWN_KEYS`]), what was expected there and what kind of value
/// was found. serde_yaml_ng's own message is only mined for these parts.
fn yaml_reason(error: &serde_yaml_ng::Error) -> String {
    let message = error.to_string();
    let what = yaml_problem(&message);
    match error.location() {
        Some(at) => format!("line {}, column {}: {what}", at.line(), at.column()),
        None => what,
    }
}

fn yaml_problem(message: &str) -> String {
    // serde_yaml_ng writes `<path>: <message> at line L column C`; libyaml's own errors are
    // `<problem> at line L column C, <context> ...`.
    let body = message.rsplit_once(" at line ").map_or(message, |(b, _)| b);
    let (field, body) = match body.split_once(": ") {
        Some((path, rest)) if is_known_path(path) => (Some(path), rest),
        _ => (None, body),
    };
    let at = |words: String| match field {
        Some(field) => format!("{field}: {words}"),
        None => words,
    };
    // `invalid type: <found>, expected <expected>` (and `invalid value`, `invalid length`):
    // the expected part is the reader's own type, the found part is cut to its kind.
    if let Some((found, expected)) = body.rsplit_once(", expected ") {
        let expected = if expected.starts_with("struct ") {
            "a mapping"
        } else {
            expected
        };
        if !is_plain_words(expected) {
            return at("the value does not have the expected type".into());
        }
        let found = found
            .strip_prefix("invalid type: ")
            .or_else(|| found.strip_prefix("invalid value: "))
            .and_then(value_kind);
        return at(match found {
            Some(kind) => format!("expected {expected}, found {kind}"),
            None => format!("expected {expected}"),
        });
    }
    for (prefix, words) in [
        ("missing field ", "is missing"),
        ("duplicate field ", "is given twice"),
    ] {
        if let Some(name) = body.strip_prefix(prefix) {
            let name = name.trim_matches('`');
            return at(if KNOWN_KEYS.contains(&name) {
                format!("the field \"{name}\" {words}")
            } else {
                format!("a field {words}")
            });
        }
    }
    // libyaml's syntax errors are fixed sentences ("did not find expected key", "mapping
    // values are not allowed in this context"); anything else is not repeated.
    let problem = message.split(" at line ").next().unwrap_or_default();
    if is_plain_words(problem) && problem.split(' ').count() >= 3 {
        at(format!("invalid YAML: {problem}"))
    } else {
        at("invalid YAML".into())
    }
}

/// The kind of a value as serde's `Unexpected` names it (`string "..."`, `integer `5``), and
/// nothing of the value itself.
fn value_kind(found: &str) -> Option<&'static str> {
    [
        ("string", "a string"),
        ("map", "a mapping"),
        ("sequence", "a sequence"),
        ("integer", "a number"),
        ("floating point", "a number"),
        ("boolean", "true or false"),
        ("unit value", "nothing (null)"),
    ]
    .into_iter()
    .find(|(prefix, _)| found.starts_with(prefix))
    .map(|(_, kind)| kind)
}

/// `users[0].user`: dot-separated known keys, each with optional `[n]` indices.
fn is_known_path(path: &str) -> bool {
    path.split('.').all(|segment| {
        let key = segment.split('[').next().unwrap_or_default();
        let indices = &segment[key.len()..];
        KNOWN_KEYS.contains(&key)
            && indices
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'[' || b == b']')
    })
}

/// Lower-case words, spaces and the punctuation of libyaml's and serde's fixed sentences.
fn is_plain_words(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || matches!(c, ' ' | '\'' | ':' | ',' | '-'))
}

/// Resolves a path of the file relative to the file's directory, as client-go does.
fn resolve_path(dir: &Path, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

fn credential_of(user: &Entry<RawUser>) -> (KubeCredential, bool) {
    let u = &user.value;
    if u.token.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return (KubeCredential::Token, true);
    }
    if let Some(file) = u.token_file.as_deref().filter(|f| !f.is_empty()) {
        let path = resolve_path(&user.dir, file);
        return match read_token_file(&path) {
            Ok(_) => (
                KubeCredential::TokenFile {
                    path: path.display().to_string(),
                },
                true,
            ),
            Err(reason) => (
                KubeCredential::TokenFileUnreadable {
                    path: path.display().to_string(),
                    reason,
                },
                false,
            ),
        };
    }
    let credential = if u.exec.is_some() {
        KubeCredential::Exec {
            command: u
                .exec
                .as_ref()
                .and_then(|e| e.command.clone())
                .unwrap_or_default(),
        }
    } else if let Some(provider) = &u.auth_provider {
        KubeCredential::AuthProvider {
            name: provider.name.clone().unwrap_or_default(),
        }
    } else if [
        &u.client_certificate,
        &u.client_certificate_data,
        &u.client_key,
        &u.client_key_data,
    ]
    .iter()
    .any(|f| f.is_some())
    {
        KubeCredential::ClientCertificate
    } else if u.username.is_some() {
        KubeCredential::BasicAuth
    } else {
        KubeCredential::None
    };
    (credential, false)
}

/// The token of a `tokenFile`, trimmed; an empty file is refused.
fn read_token_file(path: &Path) -> std::result::Result<Secret, String> {
    let bytes = read_capped(path).map_err(|e| e.to_string())?;
    // Not the UTF-8 error's words: they quote the bytes around the fault.
    let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
    let token = text.trim();
    if token.is_empty() {
        return Err("it is empty".into());
    }
    Ok(Secret::new(token))
}

fn ca_data(cluster: &Entry<RawCluster>) -> std::result::Result<Vec<u8>, String> {
    let data = cluster
        .value
        .certificate_authority_data
        .as_deref()
        .unwrap_or_default();
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|e| format!("it is not base64 ({e})"))
}

fn tls_of(cluster: &Entry<RawCluster>) -> (KubeTls, Option<KubeProblem>) {
    let c = &cluster.value;
    let has_data = c
        .certificate_authority_data
        .as_deref()
        .is_some_and(|d| !d.trim().is_empty());
    let file = c.certificate_authority.as_deref().filter(|f| !f.is_empty());
    if c.insecure_skip_tls_verify == Some(true) {
        let problem = (has_data || file.is_some()).then(|| KubeProblem::CaWithInsecure {
            cluster: cluster.name.clone(),
        });
        return (KubeTls::Insecure, problem);
    }
    // client-go: certificate-authority-data takes precedence over certificate-authority.
    if has_data {
        return match ca_data(cluster).and_then(|bytes| {
            certs::ca_certificates("certificate-authority-data", &bytes).map_err(|e| e.to_string())
        }) {
            Ok(found) => (
                KubeTls::CaData {
                    certificates: u32::try_from(found.len()).unwrap_or(u32::MAX),
                },
                None,
            ),
            Err(reason) => (
                KubeTls::CaData { certificates: 0 },
                Some(KubeProblem::BadCaData {
                    cluster: cluster.name.clone(),
                    reason,
                }),
            ),
        };
    }
    if let Some(file) = file {
        let path = resolve_path(&cluster.dir, file);
        let shown = path.display().to_string();
        let problem = match read_capped(&path) {
            Ok(bytes) => {
                certs::ca_certificates(&shown, &bytes)
                    .err()
                    .map(|e| KubeProblem::BadCaFile {
                        path: shown.clone(),
                        reason: e.to_string(),
                    })
            }
            Err(e) => Some(KubeProblem::BadCaFile {
                path: shown.clone(),
                reason: e.to_string(),
            }),
        };
        return (KubeTls::CaFile { path: shown }, problem);
    }
    (KubeTls::System, None)
}

#[cfg(test)]
mod tests;
