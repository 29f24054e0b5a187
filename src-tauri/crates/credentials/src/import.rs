//! Importing a pull secret file: the Secret YAML the Red Hat portal offers for download for a
//! registry service account (seed 004: `kind: Secret`, `type: kubernetes.io/dockerconfigjson`,
//! `data.".dockerconfigjson"` in base64), a bare `.dockerconfigjson`, a Docker `config.json`
//! or a Podman `auth.json` (all three `{"auths": {"<registry>": {...}}}`), and the legacy
//! `.dockercfg` Secret (`kubernetes.io/dockercfg`, the registry map without `auths`).
//!
//! An entry's credentials are `auth` (base64 of `user:password`, what every client writes) or
//! the `username` and `password` fields; a registry service account's user name
//! (`12345678|name`) is kept exactly as it is. Entries that cannot be used are listed with
//! the reason rather than failing the whole file: a Docker `config.json` whose credentials
//! live in a credential helper has empty entries, and an `identitytoken` is an OAuth refresh
//! token only the client that got it can exchange. A file with no usable entry is an error.
//!
//! Hostile input: a file larger than [`MAX_FILE_BYTES`] is refused before it is read whole;
//! errors name the field, line and column but never quote the file (it holds secrets); the
//! decoded bytes live in zeroizing buffers and the secrets in [`vault::Secret`].

use std::io::Read as _;
use std::path::Path;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;
use vault::BasicCredentials;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The largest pull secret file read (a portal download is about 2 KiB; a Docker config with
/// a hundred registries about 20 KiB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What kind of file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportFormat {
    /// A `kind: Secret` of type `kubernetes.io/dockerconfigjson` (YAML or JSON), as the Red
    /// Hat portal's "OpenShift Secret" tab downloads it or `oc get secret -o yaml` prints it.
    Secret,
    /// A legacy `kubernetes.io/dockercfg` Secret.
    DockercfgSecret,
    /// A bare `.dockerconfigjson` (`{"auths": ...}` and nothing else).
    DockerConfigJson,
    /// Docker's `config.json` (Docker's own fields beside `auths`, or the file's name).
    DockerConfig,
    /// Podman's `auth.json` (by the file's name).
    PodmanAuth,
}

/// One usable registry entry of an imported file.
#[derive(Clone)]
pub struct ImportedEntry {
    /// The key as written in the file (`registry.redhat.io`, `https://index.docker.io/v1/`,
    /// `quay.io/org/repo`).
    pub registry: String,
    /// The user name and the password or token.
    pub credentials: BasicCredentials,
    /// The `email` field, when there is one.
    pub email: Option<String>,
}

impl std::fmt::Debug for ImportedEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportedEntry")
            .field("registry", &self.registry)
            .field("username", &self.credentials.username)
            .field("password", &self.credentials.password)
            .finish()
    }
}

/// An entry of the file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SkippedEntry {
    /// The key as written in the file.
    pub registry: String,
    /// Why, in words (never the entry's content).
    pub reason: String,
}

/// A parsed pull secret file.
#[derive(Debug, Clone)]
pub struct ImportedPullSecret {
    /// What kind of file it was.
    pub format: ImportFormat,
    /// The Secret's `metadata.name`, for a Secret.
    pub secret_name: Option<String>,
    /// The Secret's `metadata.namespace`, when it names one.
    pub namespace: Option<String>,
    /// The usable entries, in file order.
    pub entries: Vec<ImportedEntry>,
    /// The entries that cannot be used.
    pub skipped: Vec<SkippedEntry>,
}

impl ImportedPullSecret {
    /// The usable entry for `registry` (the key as written in the file).
    pub fn entry(&self, registry: &str) -> Option<&ImportedEntry> {
        self.entries.iter().find(|e| e.registry == registry)
    }
}

/// An imported file as the UI sees it: everything but the secrets, which stay in the
/// backend under `import_id` until the user reveals one or acts on an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullSecretImport {
    /// The backend's handle on the parsed file.
    pub import_id: String,
    /// The file's name as the user chose it.
    pub file_name: String,
    /// What kind of file it was.
    pub format: ImportFormat,
    /// The Secret's `metadata.name`, for a Secret (the name to create it under by default).
    pub secret_name: Option<String>,
    /// The Secret's `metadata.namespace`, when it names one.
    pub namespace: Option<String>,
    /// The usable entries, in file order.
    pub entries: Vec<ImportEntry>,
    /// The entries that cannot be used, with the reason.
    pub skipped: Vec<SkippedEntry>,
}

/// One usable entry as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportEntry {
    /// The key as written in the file.
    pub registry: String,
    /// The auth-file key clients look it up by (`docker.io` for Docker Hub's legacy URL).
    pub registry_key: String,
    /// The user name, as it is (`12345678|name`).
    pub username: String,
    /// The password or token, masked.
    pub secret_masked: String,
    /// How long the secret is, so the user can tell a token from a password.
    pub secret_length: usize,
    /// The `email` field, when there is one.
    pub email: Option<String>,
}

impl ImportedPullSecret {
    /// The view of this file under `import_id`.
    pub fn view(&self, import_id: &str, file_name: &str) -> PullSecretImport {
        PullSecretImport {
            import_id: import_id.to_owned(),
            file_name: file_name.to_owned(),
            format: self.format,
            secret_name: self.secret_name.clone(),
            namespace: self.namespace.clone(),
            entries: self
                .entries
                .iter()
                .map(|e| ImportEntry {
                    registry: e.registry.clone(),
                    registry_key: crate::login::registry_key(&e.registry)
                        .unwrap_or_else(|_| e.registry.clone()),
                    username: e.credentials.username.clone(),
                    secret_masked: crate::login::MASK.to_owned(),
                    secret_length: e.credentials.password.expose().chars().count(),
                    email: e.email.clone(),
                })
                .collect(),
            skipped: self.skipped.clone(),
        }
    }
}

/// Decodes a file sent by the UI as base64, refusing one larger than [`MAX_FILE_BYTES`] by
/// its encoded length before decoding it.
pub fn parse_base64(file_name: &str, content_base64: &str) -> Result<ImportedPullSecret> {
    let encoded_max = MAX_FILE_BYTES.div_ceil(3) * 4 + 4;
    if content_base64.len() as u64 > encoded_max {
        return Err(too_large(file_name, content_base64.len() as u64 / 4 * 3));
    }
    let bytes = decode_base64(content_base64).ok_or_else(|| Error::ImportInvalid {
        file: file_name.to_owned(),
        reason: "the file did not arrive whole; open it again".into(),
    })?;
    parse(file_name, &bytes)
}

/// Reads and parses the file at `path`. A file larger than [`MAX_FILE_BYTES`] is refused by
/// its size before it is read, and reading stops past the cap (a pipe or device reports no
/// size).
pub fn read_file(path: &Path) -> Result<ImportedPullSecret> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    // Asked before opening: opening a named pipe waits for a writer, and a device may never
    // end.
    if !std::fs::metadata(path).map_err(unreadable)?.is_file() {
        return Err(Error::ImportInvalid {
            file: name,
            reason: "it is a folder, a device or a pipe, not a file; choose the file itself".into(),
        });
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(too_large(&name, size));
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(usize::try_from(size).unwrap_or(0)));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    parse(&name, &bytes)
}

fn too_large(file: &str, size: u64) -> Error {
    Error::ImportTooLarge {
        file: file.to_owned(),
        size,
        max: MAX_FILE_BYTES,
    }
}

/// Parses a pull secret file's bytes; `file_name` is only for messages and for telling a
/// Podman `auth.json` from a Docker `config.json`.
pub fn parse(file_name: &str, bytes: &[u8]) -> Result<ImportedPullSecret> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(file_name, bytes.len() as u64));
    }
    let invalid = |reason: String| Error::ImportInvalid {
        file: file_name.to_owned(),
        reason,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "it is not text (byte {} is not UTF-8); choose the YAML or JSON file itself",
            e.valid_up_to() + 1
        ))
    })?;
    // Editors on Windows start a file with a byte-order mark; clients ignore it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(invalid("the file is empty".into()));
    }
    let documents = documents(text).map_err(invalid)?;
    let document = pick_document(documents).map_err(invalid)?;
    let object = match document {
        Value::Object(object) => object,
        _ => {
            return Err(invalid(
                "it is neither a Secret nor an auth file (the top level is not a mapping)".into(),
            ));
        }
    };
    from_object(file_name, &object).map_err(invalid)
}

/// The documents of a YAML (or JSON, which YAML reads too) text. A parse error says where,
/// never what was there.
fn documents(text: &str) -> std::result::Result<Vec<Value>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return match serde_json::from_str::<Value>(text) {
            Ok(value) => Ok(vec![value]),
            Err(e) => Err(format!(
                "it is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            )),
        };
    }
    let mut out = Vec::new();
    for document in serde_yaml_ng::Deserializer::from_str(text) {
        match Value::deserialize(document) {
            Ok(Value::Null) => {}
            Ok(value) => out.push(value),
            Err(e) => {
                return Err(match e.location() {
                    Some(at) => format!(
                        "it is neither YAML nor JSON (line {}, column {})",
                        at.line(),
                        at.column()
                    ),
                    None => "it is neither YAML nor JSON".into(),
                });
            }
        }
    }
    if out.is_empty() {
        return Err("the file holds no document".into());
    }
    Ok(out)
}

/// The one document to read: the only one, or the only pull secret among several (`oc get
/// secret -o yaml` of a list, or several documents separated by `---`).
fn pick_document(documents: Vec<Value>) -> std::result::Result<Value, String> {
    let mut candidates: Vec<Value> = documents
        .into_iter()
        .flat_map(|d| match d {
            Value::Object(ref o) if o.get("kind").and_then(Value::as_str) == Some("List") => o
                .get("items")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            other => vec![other],
        })
        .collect();
    if candidates.len() == 1 {
        return Ok(candidates.remove(0));
    }
    let pull_secrets: Vec<Value> = candidates
        .into_iter()
        .filter(|d| {
            d.get("kind").and_then(Value::as_str) == Some("Secret")
                && matches!(
                    d.get("type").and_then(Value::as_str),
                    Some(DOCKERCONFIGJSON | DOCKERCFG)
                )
        })
        .collect();
    match pull_secrets.len() {
        0 => Err("it holds several documents and none is a pull secret".into()),
        1 => Ok(pull_secrets.into_iter().next().unwrap_or_default()),
        n => Err(format!(
            "it holds {n} pull secrets; save the one to import in a file of its own"
        )),
    }
}

const DOCKERCONFIGJSON: &str = "kubernetes.io/dockerconfigjson";
const DOCKERCFG: &str = "kubernetes.io/dockercfg";

/// Docker's own `config.json` fields: a file with one of them is Docker's.
const DOCKER_FIELDS: &[&str] = &[
    "credsStore",
    "credHelpers",
    "HttpHeaders",
    "psFormat",
    "imagesFormat",
    "detachKeys",
    "proxies",
    "plugins",
    "currentContext",
    "experimental",
    "cliPluginsExtraDirs",
];

fn from_object(
    file_name: &str,
    object: &Map<String, Value>,
) -> std::result::Result<ImportedPullSecret, String> {
    if let Some(kind) = object.get("kind") {
        let kind = kind.as_str().unwrap_or_default();
        if kind != "Secret" {
            return Err(format!(
                "it is a Kubernetes object of kind \"{}\", not a Secret",
                plain(kind)
            ));
        }
        return from_secret(object);
    }
    let Some(auths) = object.get("auths") else {
        return Err(
            "it has no \"auths\" field, so it is not a .dockerconfigjson, config.json or auth.json"
                .into(),
        );
    };
    let format = if DOCKER_FIELDS.iter().any(|f| object.contains_key(*f))
        || file_name.eq_ignore_ascii_case("config.json")
    {
        ImportFormat::DockerConfig
    } else if file_name.eq_ignore_ascii_case("auth.json") {
        ImportFormat::PodmanAuth
    } else {
        ImportFormat::DockerConfigJson
    };
    let helper = |registry: &str| helper_for(object, registry);
    let (entries, skipped) = entries_of(auths, "auths", &helper)?;
    finish(format, None, None, entries, skipped)
}

fn from_secret(object: &Map<String, Value>) -> std::result::Result<ImportedPullSecret, String> {
    let metadata = object.get("metadata").and_then(Value::as_object);
    let meta = |field: &str| {
        metadata
            .and_then(|m| m.get(field))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .filter(|s| !s.is_empty())
    };
    let secret_type = object.get("type").and_then(Value::as_str).unwrap_or("");
    let (format, field) = match secret_type {
        DOCKERCONFIGJSON => (ImportFormat::Secret, ".dockerconfigjson"),
        DOCKERCFG => (ImportFormat::DockercfgSecret, ".dockercfg"),
        "" => {
            return Err(format!(
                "the Secret has no type; a pull secret is of type {DOCKERCONFIGJSON}"
            ));
        }
        other => {
            return Err(format!(
                "the Secret is of type \"{}\", not a pull secret ({DOCKERCONFIGJSON})",
                plain(other)
            ));
        }
    };
    // `data` is base64; `stringData` (what people write by hand) is the text itself.
    let content: Zeroizing<String> = if let Some(encoded) = object
        .get("data")
        .and_then(Value::as_object)
        .and_then(|d| d.get(field))
    {
        let encoded = encoded
            .as_str()
            .ok_or_else(|| format!("data.{field} is not a string"))?;
        let bytes = decode_base64(encoded).ok_or_else(|| {
            format!("data.{field} is not valid base64 (the file may have been cut or edited)")
        })?;
        Zeroizing::new(
            String::from_utf8(bytes.to_vec())
                .map_err(|_| format!("data.{field} does not decode to text"))?,
        )
    } else if let Some(text) = object
        .get("stringData")
        .and_then(Value::as_object)
        .and_then(|d| d.get(field))
    {
        Zeroizing::new(
            text.as_str()
                .ok_or_else(|| format!("stringData.{field} is not a string"))?
                .to_owned(),
        )
    } else {
        return Err(format!("the Secret has no data.{field}"));
    };
    let inner: Value = serde_json::from_str(&content).map_err(|e| {
        format!(
            "data.{field} is not valid JSON once decoded (line {}, column {})",
            e.line(),
            e.column()
        )
    })?;
    let no_helper = |_: &str| None;
    let (entries, skipped) = if format == ImportFormat::Secret {
        let auths = inner
            .get("auths")
            .ok_or_else(|| format!("data.{field} has no \"auths\" field"))?;
        entries_of(auths, &format!("data.{field} auths"), &no_helper)?
    } else {
        entries_of(&inner, &format!("data.{field}"), &no_helper)?
    };
    finish(format, meta("name"), meta("namespace"), entries, skipped)
}

fn finish(
    format: ImportFormat,
    secret_name: Option<String>,
    namespace: Option<String>,
    entries: Vec<ImportedEntry>,
    skipped: Vec<SkippedEntry>,
) -> std::result::Result<ImportedPullSecret, String> {
    if entries.is_empty() {
        return Err(match skipped.as_slice() {
            [] => "it names no registry".into(),
            [one] => format!(
                "the entry for {} cannot be used: {}",
                one.registry, one.reason
            ),
            many => format!(
                "none of its {} entries can be used ({}: {})",
                many.len(),
                many[0].registry,
                many[0].reason
            ),
        });
    }
    Ok(ImportedPullSecret {
        format,
        secret_name,
        namespace,
        entries,
        skipped,
    })
}

/// The credential helper Docker would use for `registry`, by `credHelpers` or `credsStore`.
fn helper_for(object: &Map<String, Value>, registry: &str) -> Option<String> {
    let host = registry
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or(registry);
    object
        .get("credHelpers")
        .and_then(Value::as_object)
        .and_then(|h| h.get(registry).or_else(|| h.get(host)))
        .or_else(|| object.get("credsStore"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The registry entries of an `auths` map.
fn entries_of(
    auths: &Value,
    at: &str,
    helper: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<(Vec<ImportedEntry>, Vec<SkippedEntry>), String> {
    let auths = auths
        .as_object()
        .ok_or_else(|| format!("{at} is not a mapping of registries"))?;
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (registry, value) in auths {
        let registry = registry.trim();
        if registry.is_empty() || registry.contains(char::is_whitespace) {
            skipped.push(SkippedEntry {
                registry: registry.to_owned(),
                reason: "the registry name is empty or has spaces".into(),
            });
            continue;
        }
        match entry_of(registry, value, helper) {
            Ok(entry) => entries.push(entry),
            Err(reason) => skipped.push(SkippedEntry {
                registry: registry.to_owned(),
                reason,
            }),
        }
    }
    Ok((entries, skipped))
}

fn entry_of(
    registry: &str,
    value: &Value,
    helper: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<ImportedEntry, String> {
    let object = value
        .as_object()
        .ok_or_else(|| "the entry is not a mapping".to_owned())?;
    let field = |name: &str| -> std::result::Result<Option<&str>, String> {
        match object.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(format!("its \"{name}\" field is not a string")),
        }
    };
    let email = field("email")?.map(str::to_owned);
    if field("identitytoken")?.is_some() {
        return Err(
            "it holds an identity token (an OAuth refresh token from a browser login), which only the client that got it can use; sign in with a user name and token instead"
                .into(),
        );
    }
    let credentials = if let Some(auth) = field("auth")? {
        let decoded = decode_base64(auth).ok_or_else(|| {
            "its \"auth\" field is not valid base64 (the file may have been cut or edited)"
                .to_owned()
        })?;
        let text = std::str::from_utf8(&decoded)
            .map_err(|_| "its \"auth\" field does not decode to text".to_owned())?;
        let (username, password) = text.split_once(':').ok_or_else(|| {
            "its \"auth\" field does not hold user:password (no colon once decoded)".to_owned()
        })?;
        BasicCredentials::new(username, password)
    } else {
        match (field("username")?, field("password")?) {
            (Some(username), Some(password)) => BasicCredentials::new(username, password),
            (Some(_), None) => return Err("it has a user name but no password or token".into()),
            _ => {
                return Err(match helper(registry) {
                    Some(helper) => format!(
                        "its credentials are kept by the credential helper docker-credential-{helper}, not in the file"
                    ),
                    None => {
                        "it holds no credentials (no \"auth\", no username and password)".into()
                    }
                });
            }
        }
    };
    if credentials.username.is_empty() {
        return Err("its user name is empty".into());
    }
    if credentials.password.expose().is_empty() {
        return Err("its password or token is empty".into());
    }
    Ok(ImportedEntry {
        registry: registry.to_owned(),
        credentials,
        email,
    })
}

/// Base64 as Kubernetes and clients write it: standard alphabet with padding; line breaks
/// (what `base64` wraps at 76 columns) are ignored, and padding may be missing.
fn decode_base64(encoded: &str) -> Option<Zeroizing<Vec<u8>>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    let compact: Zeroizing<String> =
        Zeroizing::new(encoded.chars().filter(|c| !c.is_whitespace()).collect());
    if compact.is_empty() {
        return None;
    }
    STANDARD
        .decode(compact.as_bytes())
        .or_else(|_| STANDARD_NO_PAD.decode(compact.trim_end_matches('=').as_bytes()))
        .ok()
        .map(Zeroizing::new)
}

/// A value from the file shown in a message only when it is short plain words (a kind or a
/// type), never anything that could be a secret.
fn plain(value: &str) -> String {
    if value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "./-_".contains(c))
    {
        value.to_owned()
    } else {
        "(not shown)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    const RH_USER: &str = "12345678|registry-console";
    /// A registry service account's token looks like a long JWT.
    const RH_TOKEN: &str = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl-_x";

    fn auth(user: &str, password: &str) -> String {
        STANDARD.encode(format!("{user}:{password}"))
    }

    fn config(user: &str, password: &str) -> String {
        format!(
            r#"{{"auths":{{"registry.redhat.io":{{"auth":"{}","email":""}}}}}}"#,
            auth(user, password)
        )
    }

    /// The Secret as the Red Hat portal's "OpenShift Secret" tab downloads it.
    fn portal_secret(user: &str, password: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: 12345678-registry-console-pull-secret\ndata:\n  .dockerconfigjson: {}\ntype: kubernetes.io/dockerconfigjson\n",
            STANDARD.encode(config(user, password))
        )
    }

    fn only(parsed: &ImportedPullSecret) -> &ImportedEntry {
        assert_eq!(parsed.entries.len(), 1, "{parsed:?}");
        &parsed.entries[0]
    }

    fn reason(result: Result<ImportedPullSecret>) -> String {
        let error = result.unwrap_err();
        assert!(
            matches!(
                error,
                Error::ImportInvalid { .. } | Error::ImportTooLarge { .. }
            ),
            "{error:?}"
        );
        assert_eq!(error.code(), codes::ErrorCode::InvalidInput);
        error.to_string()
    }

    #[test]
    fn the_portal_secret_gives_the_service_account_as_it_is() {
        let parsed = parse(
            "12345678_registry-console-secret.yaml",
            portal_secret(RH_USER, RH_TOKEN).as_bytes(),
        )
        .unwrap();
        assert_eq!(parsed.format, ImportFormat::Secret);
        assert_eq!(
            parsed.secret_name.as_deref(),
            Some("12345678-registry-console-pull-secret")
        );
        assert_eq!(parsed.namespace, None);
        let entry = only(&parsed);
        assert_eq!(entry.registry, "registry.redhat.io");
        assert_eq!(entry.credentials.username, RH_USER);
        assert_eq!(entry.credentials.password.expose(), RH_TOKEN);
        assert_eq!(entry.email, None);
        assert!(parsed.skipped.is_empty());
        let view = parsed.view("import-1", "secret.yaml");
        assert_eq!(view.entries[0].username, RH_USER);
        assert_eq!(view.entries[0].registry_key, "registry.redhat.io");
        assert_eq!(view.entries[0].secret_length, RH_TOKEN.len());
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains(RH_TOKEN), "{json}");
        let sent = STANDARD.encode(portal_secret(RH_USER, RH_TOKEN));
        assert_eq!(
            only(&parse_base64("s.yaml", &sent).unwrap())
                .credentials
                .username,
            RH_USER
        );
        assert!(matches!(
            parse_base64("s.yaml", &"A".repeat(2 * MAX_FILE_BYTES as usize)),
            Err(Error::ImportTooLarge { .. })
        ));
        let debug = format!("{parsed:?}");
        assert!(
            !debug.contains(RH_TOKEN) && debug.contains("<redacted>"),
            "{debug}"
        );
    }

    #[test]
    fn a_secret_as_json_with_wrapped_base64_and_a_namespace_reads_too() {
        let data = STANDARD.encode(config(RH_USER, RH_TOKEN));
        let wrapped: Vec<String> = data
            .as_bytes()
            .chunks(76)
            .map(|c| String::from_utf8(c.to_vec()).unwrap())
            .collect();
        let json = serde_json::json!({
            "apiVersion": "v1", "kind": "Secret", "type": DOCKERCONFIGJSON,
            "metadata": {"name": "threescale-registry-auth", "namespace": "3scale"},
            "data": {".dockerconfigjson": wrapped.join("\n")},
        });
        let parsed = parse("secret.json", json.to_string().as_bytes()).unwrap();
        assert_eq!(parsed.namespace.as_deref(), Some("3scale"));
        assert_eq!(only(&parsed).credentials.password.expose(), RH_TOKEN);
    }

    #[test]
    fn string_data_and_a_legacy_dockercfg_secret_read() {
        let yaml = format!(
            "kind: Secret\napiVersion: v1\nmetadata: {{name: a}}\ntype: {DOCKERCONFIGJSON}\nstringData:\n  .dockerconfigjson: '{}'\n",
            config("u", "p")
        );
        assert_eq!(
            only(&parse("s.yaml", yaml.as_bytes()).unwrap())
                .credentials
                .username,
            "u"
        );
        let dockercfg = format!(
            r#"{{"quay.io":{{"auth":"{}","email":"a@b.c"}}}}"#,
            auth("robot+x", "t")
        );
        let yaml = format!(
            "kind: Secret\napiVersion: v1\nmetadata: {{name: a}}\ntype: {DOCKERCFG}\ndata:\n  .dockercfg: {}\n",
            STANDARD.encode(dockercfg)
        );
        let parsed = parse("s.yaml", yaml.as_bytes()).unwrap();
        assert_eq!(parsed.format, ImportFormat::DockercfgSecret);
        assert_eq!(only(&parsed).email.as_deref(), Some("a@b.c"));
    }

    #[test]
    fn bare_dockerconfigjson_config_json_and_auth_json_are_told_apart() {
        let bare = config(RH_USER, RH_TOKEN);
        assert_eq!(
            parse(".dockerconfigjson", bare.as_bytes()).unwrap().format,
            ImportFormat::DockerConfigJson
        );
        assert_eq!(
            parse("auth.json", bare.as_bytes()).unwrap().format,
            ImportFormat::PodmanAuth
        );
        assert_eq!(
            parse("config.json", bare.as_bytes()).unwrap().format,
            ImportFormat::DockerConfig
        );
        // Docker's own fields make it Docker's, whatever its name; entries kept by a helper
        // are listed with the reason.
        let docker = format!(
            r#"{{"auths":{{"https://index.docker.io/v1/":{{}},"quay.io":{{"auth":"{}"}}}},"credsStore":"desktop","HttpHeaders":{{"User-Agent":"Docker-Client"}}}}"#,
            auth("alice", "pw")
        );
        let parsed = parse("downloaded.json", docker.as_bytes()).unwrap();
        assert_eq!(parsed.format, ImportFormat::DockerConfig);
        assert_eq!(only(&parsed).registry, "quay.io");
        assert_eq!(parsed.skipped.len(), 1);
        assert!(
            parsed.skipped[0]
                .reason
                .contains("docker-credential-desktop"),
            "{:?}",
            parsed.skipped
        );
    }

    #[test]
    fn podman_username_password_fields_and_an_identity_token() {
        let file = format!(
            r#"{{"auths":{{
                "registry.redhat.io":{{"username":"{RH_USER}","password":"{RH_TOKEN}"}},
                "quay.io/org/repo":{{"auth":"{}"}},
                "myregistry.azurecr.io":{{"auth":"{}","identitytoken":"refresh-abc"}}
            }}}}"#,
            auth("org+robot", "ROBOTTOKEN"),
            auth("00000000-0000-0000-0000-000000000000", "")
        );
        let parsed = parse("auth.json", file.as_bytes()).unwrap();
        let registries: Vec<&str> = parsed.entries.iter().map(|e| e.registry.as_str()).collect();
        assert_eq!(registries, ["registry.redhat.io", "quay.io/org/repo"]);
        assert_eq!(
            parsed
                .entry("registry.redhat.io")
                .unwrap()
                .credentials
                .username,
            RH_USER
        );
        assert_eq!(
            parsed
                .entry("quay.io/org/repo")
                .unwrap()
                .credentials
                .password
                .expose(),
            "ROBOTTOKEN"
        );
        assert_eq!(parsed.skipped[0].registry, "myregistry.azurecr.io");
        assert!(parsed.skipped[0].reason.contains("identity token"));
        assert!(!format!("{parsed:?}").contains("refresh-abc"));
    }

    #[test]
    fn a_password_with_colons_keeps_them() {
        let parsed = parse("auth.json", config("u", "a:b:c").as_bytes()).unwrap();
        assert_eq!(only(&parsed).credentials.password.expose(), "a:b:c");
    }

    #[test]
    fn broken_files_say_what_is_wrong_without_quoting_the_secret() {
        // Bad base64 in the Secret's data.
        let bad = portal_secret(RH_USER, RH_TOKEN)
            .replace(".dockerconfigjson: ", ".dockerconfigjson: x*");
        let message = reason(parse("s.yaml", bad.as_bytes()));
        assert!(message.contains("not valid base64"), "{message}");
        // Bad base64 in an entry's auth: the one entry cannot be used, and that is the error.
        let message = reason(parse(
            "auth.json",
            br#"{"auths":{"r.example":{"auth":"not base64!"}}}"#,
        ));
        assert!(
            message.contains("r.example") && message.contains("not valid base64"),
            "{message}"
        );
        // No colon once decoded.
        let file = format!(
            r#"{{"auths":{{"r.example":{{"auth":"{}"}}}}}}"#,
            STANDARD.encode("tokenonly")
        );
        assert!(reason(parse("auth.json", file.as_bytes())).contains("no colon"));
        // Missing auths.
        let message = reason(parse(
            "x.json",
            br#"{"registry.redhat.io":{"auth":"YTpi"}}"#,
        ));
        assert!(message.contains("no \"auths\""), "{message}");
        let no_auths = portal_secret("a", "b").replace(
            &STANDARD.encode(config("a", "b")),
            &STANDARD.encode(r#"{"registry.redhat.io":{}}"#),
        );
        assert!(reason(parse("s.yaml", no_auths.as_bytes())).contains("has no \"auths\""));
        // Not YAML or JSON.
        let message = reason(parse("x.json", b"{\"auths\": {\"r\": "));
        assert!(message.contains("not valid JSON (line 1"), "{message}");
        let message = reason(parse("x.yaml", b"kind: Secret\n  data: [unclosed\n"));
        assert!(message.contains("neither YAML nor JSON"), "{message}");
        assert!(reason(parse("x", b"just some words")).contains("not a mapping"));
        assert!(reason(parse("x", b"\x89PNG\r\n\x1a\n\0\0")).contains("not text"));
        assert!(reason(parse("x", b"  \n")).contains("empty"));
        // An entry without credentials.
        let message = reason(parse(
            "auth.json",
            br#"{"auths":{"r.example":{"email":"a@b"}}}"#,
        ));
        assert!(message.contains("holds no credentials"), "{message}");
        assert!(
            reason(parse(
                "auth.json",
                br#"{"auths":{"r.example":{"username":"u"}}}"#
            ))
            .contains("no password")
        );
        assert!(reason(parse("auth.json", br#"{"auths":{}}"#)).contains("names no registry"));
        assert!(reason(parse("auth.json", br#"{"auths":[1]}"#)).contains("not a mapping"));
        // Another kind, another Secret type.
        let message = reason(parse("x.yaml", b"kind: ConfigMap\ndata: {}\n"));
        assert!(message.contains("\"ConfigMap\", not a Secret"), "{message}");
        let message = reason(parse(
            "x.yaml",
            b"kind: Secret\ntype: Opaque\ndata: {password: c2VjcmV0}\n",
        ));
        assert!(
            message.contains("\"Opaque\", not a pull secret"),
            "{message}"
        );
        // Nothing of the secret in any message.
        let message = reason(parse(
            "s.yaml",
            portal_secret(RH_USER, RH_TOKEN)
                .replace(DOCKERCONFIGJSON, "kubernetes.io/tls")
                .as_bytes(),
        ));
        assert!(
            !message.contains(RH_TOKEN) && !message.contains("eyJ"),
            "{message}"
        );
        // A kind that is not plain words is not repeated.
        assert!(
            reason(parse(
                "x.yaml",
                format!("kind: \"{RH_TOKEN} x\"\n").as_bytes()
            ))
            .contains("(not shown)")
        );
    }

    #[test]
    fn several_documents_pick_the_pull_secret() {
        let two = format!(
            "kind: ServiceAccount\napiVersion: v1\nmetadata: {{name: amp}}\n---\n{}",
            portal_secret(RH_USER, RH_TOKEN)
        );
        assert_eq!(
            only(&parse("all.yaml", two.as_bytes()).unwrap())
                .credentials
                .username,
            RH_USER
        );
        let both = format!(
            "{}---\n{}",
            portal_secret("a", "b"),
            portal_secret("c", "d")
        );
        assert!(reason(parse("all.yaml", both.as_bytes())).contains("2 pull secrets"));
        let list = serde_json::json!({"kind": "List", "items": [
            {"kind": "Secret", "type": DOCKERCONFIGJSON, "metadata": {"name": "x"},
             "data": {".dockerconfigjson": STANDARD.encode(config("u", "p"))}}]});
        assert_eq!(
            parse("l.json", list.to_string().as_bytes())
                .unwrap()
                .secret_name
                .as_deref(),
            Some("x")
        );
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let with_bom = format!("\u{feff}{}", portal_secret(RH_USER, RH_TOKEN));
        assert_eq!(
            only(&parse("s.yaml", with_bom.as_bytes()).unwrap())
                .credentials
                .username,
            RH_USER
        );
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.yaml");
        let file = std::fs::File::create(&path).unwrap();
        // Sparse: 5 GiB reported, nothing written. Reading it whole would take minutes.
        file.set_len(5 * 1024 * 1024 * 1024).unwrap();
        let started = std::time::Instant::now();
        let message = reason(read_file(&path));
        assert!(message.contains("larger than"), "{message}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(matches!(
            parse("x", &vec![b' '; MAX_FILE_BYTES as usize + 1]),
            Err(Error::ImportTooLarge { .. })
        ));
        // A readable file goes through the same parser.
        let path = dir.path().join("auth.json");
        std::fs::write(&path, config(RH_USER, RH_TOKEN)).unwrap();
        assert_eq!(read_file(&path).unwrap().format, ImportFormat::PodmanAuth);
        assert!(matches!(
            read_file(&dir.path().join("missing")),
            Err(Error::Read { .. })
        ));
    }

    #[test]
    fn a_folder_or_a_pipe_picked_instead_of_a_file_is_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let message = reason(read_file(dir.path()));
        assert!(message.contains("not a file"), "{message}");
        // A named pipe would make the open wait for a writer forever.
        let fifo = dir.path().join("pull-secret.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo runs");
        let message = reason(read_file(&fifo));
        assert!(message.contains("not a file"), "{message}");
    }

    /// `12345678|name` goes through every writer as it is, and what they write reads back.
    #[test]
    fn a_registry_service_account_user_works_everywhere() {
        let credentials = BasicCredentials::new(RH_USER, RH_TOKEN);
        // Login lines: the pipe is inside single quotes, so the shell does not pipe.
        let lines = crate::login::login_lines("registry.redhat.io", &credentials).unwrap();
        assert!(
            lines
                .podman
                .contains(&format!("podman login -u '{RH_USER}' 'registry.redhat.io'")),
            "{}",
            lines.podman
        );
        let shell = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "printf '%s' {}",
                crate::login::shell_quote(RH_USER)
            ))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&shell.stdout), RH_USER);
        // The auth file entry reads back through the importer.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth.json");
        crate::write(
            crate::model::AuthFileKind::Podman,
            &path,
            "registry.redhat.io",
            &credentials,
        )
        .unwrap();
        let back = read_file(&path).unwrap();
        assert_eq!(only(&back).credentials.username, RH_USER);
        assert_eq!(only(&back).credentials.password.expose(), RH_TOKEN);
        // So does the pull secret the Credentials page makes.
        let secret = crate::pull_secret::pull_secret(
            "registry.redhat.io",
            &credentials,
            &crate::model::PullSecretRequest {
                name: "threescale-registry-auth".into(),
                namespace: "3scale".into(),
                auth_server: None,
            },
        )
        .unwrap();
        let back = parse("secret.yaml", secret.yaml.as_bytes()).unwrap();
        assert_eq!(
            back.secret_name.as_deref(),
            Some("threescale-registry-auth")
        );
        assert_eq!(only(&back).credentials.username, RH_USER);
    }
}
