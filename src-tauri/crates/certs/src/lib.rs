//! The certificate doctor: answers "will this bundle work?" before an admin installs it on a
//! registry, and "what is this endpoint presenting?" after; and makes server certificates.
//!
//! `model` is the UI contract (exported to TypeScript by `ipc`). [`Workbench`] is what the
//! shell holds: it runs the doctor, keeps parsed bundles, inspections and generated
//! certificates by handle (keys never go back to the UI), and writes files.
//!
//! Modules: [`parse`](crate::parse) reads PEM/DER input with notes, `keys` tells key formats
//! apart and matches keys with certificates, `info` renders a certificate as openssl does,
//! `doctor` runs the checklist, `live` inspects a TLS endpoint, `generate` makes
//! certificates, [`files`] writes them.
//!
//! Checks carry the params their [`model::CheckId`] documents, plus a few extra the UI may use:
//! `problem` (`leafNotFirst` / `notSignedByNext` / `unrelated` on `chainOrder`,
//! `issuerNotFound` / `selfSignedUntrusted` on `chainTrusted` (a warning `selfSignedAsAsked`,
//! with `host`, on a certificate generated self-signed as the user asked), `expired` / `notYetValid` on
//! `validNow`), `source` (`system` / `caFile`) on a passing `chainTrusted`, `subject` on
//! `keyMatchesCertificate`, `leafNotCa` and `serverAuthUsage`, and `matches` (the certificate
//! a wrong key does belong to) on a failing `keyMatchesCertificate`.
//!
//! The parser is fuzzed by `fuzz/` (its own workspace; not in CI):
//! `cd src-tauri/crates/certs/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run parse -- -max_total_time=600`.

mod der;
pub mod directory;
mod doctor;
pub mod error;
pub mod files;
mod generate;
mod info;
mod keys;
mod live;
pub mod model;
mod parse;
pub mod roots;

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;

use base64::Engine as _;
use rustls_pki_types::CertificateDer;
use time::OffsetDateTime;
use zeroize::Zeroizing;

pub use doctor::{EXPIRY_WARNING_DAYS, MAX_VALIDITY_DAYS};
pub use error::{Error, Result};
pub use generate::MAX_DAYS;
pub use live::TIMEOUT;

use crate::doctor::{Anchor, AnchorSource};
use crate::keys::{KeyMaterial, PrivateKey};
use crate::model::{
    BundleInput, BundleReport, DirectoryInput, DirectoryReport, EndpointInput, EndpointReport,
    FixedBundle, GenerateRequest, Generated, InputFile, SavePart, SavedFile, Signer,
};
use crate::parse::Source;

/// How many bundles, inspections and generated certificates are kept (oldest dropped).
const KEEP: usize = 16;

/// A fixed bundle kept for export: certificates in order, then the key.
struct KeptBundle {
    certs: Vec<Vec<u8>>,
    key: Option<PrivateKey>,
}

impl std::fmt::Debug for KeptBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptBundle")
            .field("certs", &self.certs.len())
            .field("key", &self.key)
            .finish()
    }
}

/// A generated certificate kept for saving.
struct KeptGenerated {
    cert_der: Vec<u8>,
    ca_der: Option<Vec<u8>>,
    key: KeyMaterial,
}

impl std::fmt::Debug for KeptGenerated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptGenerated")
            .field("cert_der", &self.cert_der.len())
            .field("ca_der", &self.ca_der.as_ref().map(Vec::len))
            .field("key", &self.key)
            .finish()
    }
}

/// Handles → values, the oldest dropped past [`KEEP`].
#[derive(Debug)]
struct Kept<T>(Mutex<VecDeque<(String, T)>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Self(Mutex::new(VecDeque::new()))
    }
}

impl<T> Kept<T> {
    fn insert(&self, value: T) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        let mut q = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        q.push_back((id.clone(), value));
        while q.len() > KEEP {
            q.pop_front();
        }
        id
    }

    fn with<R>(&self, what: &'static str, id: &str, f: impl FnOnce(&T) -> R) -> Result<R> {
        let q = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        q.iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| f(v))
            .ok_or_else(|| Error::UnknownHandle {
                what,
                id: id.to_owned(),
            })
    }
}

/// The bytes of a file the user opened: read from its path (capped, a regular file only), or
/// decoded from what the webview sent.
pub(crate) fn decode_file(file: &InputFile) -> Result<Vec<u8>> {
    if let Some(path) = &file.path {
        let path = std::path::Path::new(path);
        if !path.is_absolute() {
            return Err(Error::RelativePath {
                path: path.to_path_buf(),
            });
        }
        return directory::read_capped(path);
    }
    base64::engine::general_purpose::STANDARD
        .decode(file.content_base64.trim())
        .map_err(|_| Error::InputEncoding {
            name: file.name.clone(),
        })
}

/// Certificates (PEM or DER) of a CA file, as trust anchors; `name` names the file in the
/// error when it holds none.
pub fn ca_certificates(name: &str, bytes: &[u8]) -> Result<Vec<CertificateDer<'static>>> {
    let found = parse::parse_sources(&[Source { name, bytes }]);
    if found.certs.is_empty() {
        return Err(Error::CaFileWithoutCertificate {
            name: name.to_owned(),
        });
    }
    Ok(found
        .certs
        .into_iter()
        .map(|c| CertificateDer::from(c.der))
        .collect())
}

/// "Trust this CA for this connection" with the certificates of a CA file (PEM or DER; a
/// kubeconfig's `certificate-authority-data`): the same store as [`Workbench::trust_ca`].
pub fn trust_ca_file(
    name: &str,
    bytes: &[u8],
    ca_dir: &Path,
    store: &mut connections::SettingsStore,
    connection_id: &str,
) -> Result<connections::Connection> {
    let ders: Vec<Vec<u8>> = ca_certificates(name, bytes)?
        .iter()
        .map(|c| c.as_ref().to_vec())
        .collect();
    trust_for_connection(&ders, ca_dir, store, connection_id)
}

/// Appends the certificates not yet there to `<ca_dir>/<connection-id>.pem` (keeping what
/// the connection's CA bundle already held) and switches the connection to that file. When the
/// settings cannot be saved, the CA directory is left as it was.
fn trust_for_connection(
    ders: &[Vec<u8>],
    ca_dir: &Path,
    store: &mut connections::SettingsStore,
    connection_id: &str,
) -> Result<connections::Connection> {
    let connection = store.connection(connection_id)?;
    let path = ca_dir.join(format!("{connection_id}.pem"));
    let previous_here = std::fs::read(&path).ok();
    // What the connection trusted so far stays trusted.
    let mut text = match &connection.tls {
        connections::TlsMode::CaBundle { path: old } => {
            std::fs::read(old).map_err(|source| Error::Read {
                path: old.into(),
                source,
            })?
        }
        _ => previous_here.clone().unwrap_or_default(),
    };
    let held = ca_certificates("", &text).unwrap_or_default();
    for der in ders {
        if held.iter().any(|c| c.as_ref() == der.as_slice()) {
            continue;
        }
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        text.extend_from_slice(info::pem("CERTIFICATE", der).as_bytes());
    }
    std::fs::create_dir_all(ca_dir).map_err(|source| Error::Write {
        path: ca_dir.to_owned(),
        source,
    })?;
    files::write_private(&path, &text, true)?;
    let draft = connections::ConnectionDraft {
        name: connection.name.clone(),
        kind: connection.kind,
        url: connection.url.clone(),
        tls: connections::TlsMode::CaBundle {
            path: path.display().to_string(),
        },
        openshift_version: connection.openshift_version,
    };
    match store.update(connection_id, &draft) {
        Ok(updated) => Ok(updated),
        Err(e) => {
            // Leave the CA directory as it was.
            let _ = match previous_here {
                Some(old) => files::write_private(&path, &old, true).map(|_| ()),
                None => std::fs::remove_file(&path).map_err(|source| Error::Write {
                    path: path.clone(),
                    source,
                }),
            };
            Err(e.into())
        }
    }
}

/// Parses input and runs the doctor, without keeping anything (what the fuzz target and
/// the corpus test call). `roots` are the trusted roots besides the input's CA file.
pub fn examine(input: &BundleInput, roots: &[CertificateDer<'_>]) -> Result<BundleReport> {
    examine_at(input, roots, OffsetDateTime::now_utc()).map(|(report, _)| report)
}

fn examine_at(
    input: &BundleInput,
    roots: &[CertificateDer<'_>],
    now: OffsetDateTime,
) -> Result<(BundleReport, KeptBundle)> {
    let mut decoded = Vec::with_capacity(input.files.len());
    for f in &input.files {
        decoded.push((f.name.as_str(), decode_file(f)?));
    }
    let mut sources: Vec<Source<'_>> = decoded
        .iter()
        .map(|(name, bytes)| Source { name, bytes })
        .collect();
    sources.push(Source {
        name: "pasted",
        bytes: input.pasted.as_bytes(),
    });
    let parsed = parse::parse_sources(&sources);

    let mut anchors: Vec<Anchor> = roots
        .iter()
        .map(|r| Anchor {
            der: r.to_vec(),
            source: AnchorSource::System,
        })
        .collect();
    if let Some(ca) = &input.ca_file {
        let bytes = decode_file(ca)?;
        anchors.extend(
            ca_certificates(&ca.name, &bytes)?
                .into_iter()
                .map(|c| Anchor {
                    der: c.to_vec(),
                    source: AnchorSource::CaFile,
                }),
        );
    }

    let ders: Vec<Vec<u8>> = parsed.certs.iter().map(|c| c.der.clone()).collect();
    let findings = doctor::examine(&ders, Some(&parsed.keys), &input.hosts, &anchors, now);

    let ordered: Vec<Vec<u8>> = findings.order.iter().map(|&i| ders[i].clone()).collect();
    let exportable = parsed.keys.len() == 1 && findings.matching_key.is_some();
    let key = findings
        .matching_key
        .filter(|_| exportable)
        .and_then(|i| parsed.keys.get(i).cloned());
    let mut expected: Vec<(bool, usize)> = findings.order.iter().map(|&i| (true, i)).collect();
    if let Some(k) = findings.matching_key {
        expected.push((false, k));
    }
    let changed = parsed.altered || parsed.sequence != expected;

    let certificates = ders
        .iter()
        .filter_map(|d| {
            x509_parser::parse_x509_certificate(d)
                .ok()
                .map(|(_, c)| info::certificate_info(d, &c))
        })
        .collect();
    let order = ordered
        .iter()
        .filter_map(|d| {
            x509_parser::parse_x509_certificate(d)
                .ok()
                .map(|(_, c)| c.subject().to_string())
        })
        .collect();
    let left_out = findings
        .left_out
        .iter()
        .filter_map(|&i| {
            x509_parser::parse_x509_certificate(&ders[i])
                .ok()
                .map(|(_, c)| c.subject().to_string())
        })
        .collect();
    let report = BundleReport {
        bundle_id: String::new(),
        certificates,
        private_keys: u32::try_from(parsed.keys.len()).unwrap_or(u32::MAX),
        checks: findings.checks,
        hosts: findings.hosts,
        notes: parsed.notes,
        fixed: FixedBundle {
            changed,
            order,
            exportable,
            left_out,
        },
        instructions: findings
            .instructions
            .unwrap_or_else(|| model::Instructions {
                oc_create_secret: String::new(),
                docker_certs_d: Vec::new(),
                podman_certs_d: Vec::new(),
                additional_trusted_ca: String::new(),
                route_certificate: String::new(),
                quay_ssl: String::new(),
            }),
    };
    Ok((
        report,
        KeptBundle {
            certs: ordered,
            key,
        },
    ))
}

/// The fixed bundle's text: certificates leaf first, then the key (LF line endings).
fn bundle_text(certs: &[Vec<u8>], key: Option<&PrivateKey>) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    for c in certs {
        out.push_str(&info::pem("CERTIFICATE", c));
    }
    if let Some(k) = key {
        out.push_str(&Zeroizing::new(info::pem(k.format.label(), k.der.expose())));
    }
    out
}

/// What the shell holds: the doctor with its kept bundles, inspections and generated
/// certificates.
#[derive(Debug, Default)]
pub struct Workbench {
    bundles: Kept<KeptBundle>,
    inspections: Kept<Vec<CertificateDer<'static>>>,
    generated: Kept<KeptGenerated>,
    /// Roots used instead of the system's (tests).
    roots: Option<Vec<CertificateDer<'static>>>,
}

impl Workbench {
    /// A workbench trusting the system roots.
    pub fn new() -> Self {
        Self::default()
    }

    /// A workbench trusting only `roots` (besides CA files given), for tests.
    pub fn with_roots(roots: Vec<CertificateDer<'static>>) -> Self {
        Self {
            roots: Some(roots),
            ..Self::default()
        }
    }

    fn roots(&self) -> &[CertificateDer<'static>] {
        match &self.roots {
            Some(r) => r,
            None => roots::system_roots(),
        }
    }

    /// Runs the doctor on a bundle and keeps the fixed bundle for [`Self::export_bundle`].
    pub fn doctor(&self, input: &BundleInput) -> Result<BundleReport> {
        let (mut report, kept) = examine_at(input, self.roots(), OffsetDateTime::now_utc())?;
        report.bundle_id = self.bundles.insert(kept);
        Ok(report)
    }

    /// Finds the file the registry console would use in its certificates directory (the last
    /// `.cert` file in alphabetical order) and runs the doctor on it; with no `.cert` file the
    /// report says the console makes `0-self-signed.cert` instead.
    pub fn doctor_directory(&self, input: &DirectoryInput) -> Result<DirectoryReport> {
        let dir = Path::new(&input.path);
        let choice = directory::choose(dir)?;
        let report = match choice.used() {
            Some(name) => {
                let bytes = directory::read_capped(&dir.join(name))?;
                Some(self.doctor(&BundleInput {
                    files: vec![InputFile {
                        name: name.to_owned(),
                        content_base64: base64::engine::general_purpose::STANDARD.encode(&bytes),
                        path: None,
                    }],
                    pasted: String::new(),
                    hosts: input.hosts.clone(),
                    ca_file: input.ca_file.clone(),
                })?)
            }
            None => None,
        };
        Ok(DirectoryReport {
            path: input.path.clone(),
            used: choice.used().map(str::to_owned),
            cert_files: choice.cert_files,
            ignored: choice.ignored,
            report,
        })
    }

    /// Writes the fixed bundle (certificates leaf first, then the key) with mode 0600.
    pub fn export_bundle(
        &self,
        bundle_id: &str,
        path: &Path,
        overwrite: bool,
    ) -> Result<SavedFile> {
        let text = self.bundles.with("bundle", bundle_id, |b| {
            b.key.as_ref().map(|key| bundle_text(&b.certs, Some(key)))
        })?;
        let text = text.ok_or(Error::NotExportable)?;
        files::write_private(path, text.as_bytes(), overwrite)
    }

    /// Connects to a TLS endpoint and reports its chain; `ca_file` is the connection's CA
    /// bundle (PEM or DER), trusted besides the system roots.
    pub async fn inspect(
        &self,
        input: &EndpointInput,
        ca_file: Option<&Path>,
    ) -> Result<EndpointReport> {
        let extra = match ca_file {
            // The same reader (and size cap) as the connection's own clients use.
            Some(path) => net::load_ca_bundle(&path.display().to_string())?,
            None => Vec::new(),
        };
        let presented = live::handshake(
            &input.host,
            input.port,
            input.server_name.as_deref(),
            self.roots(),
            &extra,
        )
        .await?;
        let anchors: Vec<Anchor> = self
            .roots()
            .iter()
            .map(|r| (r, AnchorSource::System))
            .chain(extra.iter().map(|r| (r, AnchorSource::CaFile)))
            .map(|(r, source)| Anchor {
                der: r.to_vec(),
                source,
            })
            .collect();
        let ders: Vec<Vec<u8>> = presented.chain.iter().map(|c| c.to_vec()).collect();
        let host = presented.server_name.clone();
        let findings = doctor::examine(&ders, None, &[host], &anchors, OffsetDateTime::now_utc());
        let chain = ders
            .iter()
            .filter_map(|d| {
                x509_parser::parse_x509_certificate(d)
                    .ok()
                    .map(|(_, c)| info::certificate_info(d, &c))
            })
            .collect();
        let inspection_id = self.inspections.insert(presented.chain);
        Ok(EndpointReport {
            inspection_id,
            address: presented.address,
            server_name: presented.server_name,
            tls_version: presented.tls_version,
            cipher_suite: presented.cipher_suite,
            chain,
            trusted: presented.trust_error.is_none(),
            trust_error: presented.trust_error,
            checks: findings.checks,
            hosts: findings.hosts,
        })
    }

    /// Certificate `index` (0 = leaf) of an inspected chain, PEM.
    pub fn inspected_certificate_pem(&self, inspection_id: &str, index: usize) -> Result<String> {
        let der = self
            .inspections
            .with("inspection", inspection_id, |chain| {
                chain.get(index).map(|c| c.to_vec()).ok_or(chain.len())
            })?
            .map_err(|len| Error::NoSuchCertificate { index, len })?;
        Ok(info::pem("CERTIFICATE", &der))
    }

    /// "Trust this CA for this connection": appends certificate `index` of an inspection
    /// to `<ca_dir>/<connection-id>.pem` (keeping what the connection's CA bundle already
    /// held) and switches the connection to that CA bundle. Refuses non-CA certificates.
    pub fn trust_ca(
        &self,
        inspection_id: &str,
        index: usize,
        ca_dir: &Path,
        store: &mut connections::SettingsStore,
        connection_id: &str,
    ) -> Result<connections::Connection> {
        // Checks the index (the error names the chain's length).
        self.inspected_certificate_pem(inspection_id, index)?;
        let der = self
            .inspections
            .with("inspection", inspection_id, |chain| chain[index].to_vec())?;
        let (_, cert) =
            x509_parser::parse_x509_certificate(&der).map_err(|_| Error::TrustNotCa {
                subject: format!("certificate {index}"),
            })?;
        if !info::is_ca(&cert) {
            return Err(Error::TrustNotCa {
                subject: cert.subject().to_string(),
            });
        }
        trust_for_connection(&[der], ca_dir, store, connection_id)
    }

    /// Makes a server certificate and keeps it (with its key) for [`Self::save_generated`].
    pub fn generate(&self, request: &GenerateRequest) -> Result<Generated> {
        let now = OffsetDateTime::now_utc();
        let made = generate::make(request, now)?;
        let mut ders = vec![made.cert_der.clone()];
        let mut anchors = Vec::new();
        if let Some(ca) = &made.ca_der {
            ders.push(ca.clone());
            anchors.push(Anchor {
                der: ca.clone(),
                source: AnchorSource::CaFile,
            });
        }
        let key = PrivateKey {
            format: keys::KeyFormat::Pkcs8,
            der: made.key.clone(),
            source: "generated".into(),
            line: None,
        };
        let mut findings = doctor::examine(&ders, Some(&[key]), &request.hostnames, &anchors, now);
        // Self-signed is what the user chose: said as such, not failed for it.
        if matches!(request.signer, Signer::SelfSigned) {
            doctor::self_signed_as_asked(&mut findings.checks, &request.hostnames);
        }
        let render = |d: &[u8]| {
            x509_parser::parse_x509_certificate(d)
                .map(|(_, c)| info::certificate_info(d, &c))
                .map_err(|e| Error::Generate {
                    reason: e.to_string(),
                })
        };
        let certificate = render(&made.cert_der)?;
        let ca = made.ca_der.as_deref().map(render).transpose()?;
        let generated_id = self.generated.insert(KeptGenerated {
            cert_der: made.cert_der,
            ca_der: made.ca_der,
            key: made.key,
        });
        Ok(Generated {
            generated_id,
            certificate,
            ca,
            checks: findings.checks,
        })
    }

    /// Writes the certificate (then the CA, when CA-signed), the key, or both as the
    /// console's bundle, with mode 0600.
    pub fn save_generated(
        &self,
        generated_id: &str,
        part: SavePart,
        path: &Path,
        overwrite: bool,
    ) -> Result<SavedFile> {
        let text = self
            .generated
            .with("generated certificate", generated_id, |g| {
                let mut certs = vec![g.cert_der.clone()];
                certs.extend(g.ca_der.clone());
                let key = PrivateKey {
                    format: keys::KeyFormat::Pkcs8,
                    der: g.key.clone(),
                    source: "generated".into(),
                    line: None,
                };
                match part {
                    SavePart::Certificate => bundle_text(&certs, None),
                    SavePart::Key => bundle_text(&[], Some(&key)),
                    SavePart::Bundle => bundle_text(&certs, Some(&key)),
                }
            })?;
        files::write_private(path, text.as_bytes(), overwrite)
    }
}

/// Runs only the parser on raw bytes (the fuzz target's entry point): never panics.
pub fn fuzz_parse(bytes: &[u8]) -> usize {
    let parsed = parse::parse_sources(&[Source {
        name: "fuzz",
        bytes,
    }]);
    let ders: Vec<Vec<u8>> = parsed.certs.iter().map(|c| c.der.clone()).collect();
    let findings = doctor::examine(
        &ders,
        Some(&parsed.keys),
        &["registry.example.com".to_owned(), "172.30.2.98".to_owned()],
        &[],
        OffsetDateTime::now_utc(),
    );
    for d in &ders {
        if let Ok((_, c)) = x509_parser::parse_x509_certificate(d) {
            let _ = info::certificate_info(d, &c);
        }
    }
    parsed.notes.len() + findings.checks.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckId, CheckStatus, KeyType, NoteKind, Signer};
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose, SanType,
    };

    struct Ca {
        pem: String,
        der: Vec<u8>,
        issuer: Issuer<'static, KeyPair>,
        key_pem: String,
    }

    fn ca(cn: &str, parent: Option<&Ca>) -> Ca {
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::default();
        p.distinguished_name.push(DnType::CommonName, cn);
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let cert = match parent {
            Some(parent) => p.signed_by(&key, &parent.issuer).unwrap(),
            None => p.self_signed(&key).unwrap(),
        };
        let key_pem = key.serialize_pem();
        Ca {
            pem: cert.pem(),
            der: cert.der().to_vec(),
            issuer: Issuer::new(p, key),
            key_pem,
        }
    }

    struct Leaf {
        pem: String,
        key_pem: String,
    }

    fn leaf(issuer: &Ca, edit: impl FnOnce(&mut CertificateParams)) -> Leaf {
        let key = KeyPair::generate().unwrap();
        let mut p = CertificateParams::default();
        p.distinguished_name
            .push(DnType::CommonName, "registry.example.com");
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.subject_alt_names = vec![
            SanType::DnsName("registry.example.com".try_into().unwrap()),
            SanType::DnsName("docker-registry.default.svc".try_into().unwrap()),
            SanType::IpAddress("172.30.2.98".parse().unwrap()),
        ];
        let now = OffsetDateTime::now_utc();
        p.not_before = now - time::Duration::days(1);
        p.not_after = now + time::Duration::days(365);
        edit(&mut p);
        let cert = p.signed_by(&key, &issuer.issuer).unwrap();
        Leaf {
            pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    fn input(pasted: String, hosts: &[&str], ca: Option<&Ca>) -> BundleInput {
        BundleInput {
            files: vec![],
            pasted,
            hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
            ca_file: ca.map(|c| InputFile {
                name: "ca.crt".into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(&c.pem),
                path: None,
            }),
        }
    }

    fn status(report: &BundleReport, id: CheckId) -> Option<CheckStatus> {
        report.checks.iter().find(|c| c.id == id).map(|c| c.status)
    }

    fn param(report: &BundleReport, id: CheckId, key: &str) -> String {
        report
            .checks
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.params.get(key).cloned())
            .unwrap_or_default()
    }

    fn failing(report: &BundleReport) -> Vec<CheckId> {
        report
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| c.id)
            .collect()
    }

    fn bench() -> Workbench {
        Workbench::with_roots(vec![])
    }

    #[test]
    fn a_good_bundle_passes_every_check() {
        let root = ca("Root CA", None);
        let inter = ca("Intermediate CA", Some(&root));
        let l = leaf(&inter, |_| {});
        let text = format!("{}{}{}", l.pem, inter.pem, l.key_pem);
        let r = bench()
            .doctor(&input(
                text,
                &[
                    "registry.example.com",
                    "docker-registry.default.svc",
                    "172.30.2.98",
                ],
                Some(&root),
            ))
            .unwrap();
        let not_pass: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.status != CheckStatus::Pass)
            .collect();
        assert!(not_pass.is_empty(), "{not_pass:#?}");
        assert_eq!(
            r.checks.len(),
            17,
            "every check is present (no wildcard: no wildcard check)"
        );
        assert!(r.fixed.left_out.is_empty());
        assert!(!r.fixed.changed);
        assert!(r.fixed.exportable);
        assert_eq!(
            r.fixed.order,
            vec!["CN=registry.example.com", "CN=Intermediate CA"]
        );
        assert_eq!(param(&r, CheckId::ChainTrusted, "source"), "caFile");
        assert!(r.hosts.iter().all(|h| h.covered));
        assert_eq!(r.hosts[2].matched_by.as_deref(), Some("172.30.2.98"));
        assert!(
            r.instructions
                .oc_create_secret
                .starts_with("oc create secret generic console-secret --from-file=console.cert")
        );
        assert_eq!(
            r.instructions.docker_certs_d[2],
            "sudo mkdir -p /etc/docker/certs.d/172.30.2.98 && sudo cp ca.crt /etc/docker/certs.d/172.30.2.98/ca.crt"
        );
    }

    #[test]
    fn two_server_certificates_are_said_plainly_and_the_strangers_leave_the_fixed_bundle() {
        let root = ca("Root CA", None);
        let inter = ca("Intermediate CA", Some(&root));
        let ours = leaf(&inter, |_| {});
        let stranger = leaf(&inter, |p| {
            p.distinguished_name = rcgen::DistinguishedName::new();
            p.distinguished_name
                .push(DnType::CommonName, "old-registry.example.com");
        });
        // The stranger first, as when an old server certificate was pasted above the new one.
        let text = format!("{}{}{}{}", stranger.pem, ours.pem, inter.pem, ours.key_pem);
        let wb = bench();
        let r = wb.doctor(&input(text, &[], Some(&root))).unwrap();
        assert_eq!(
            status(&r, CheckId::OneServerCertificate),
            Some(CheckStatus::Fail)
        );
        assert_eq!(param(&r, CheckId::OneServerCertificate, "count"), "2");
        assert_eq!(
            param(&r, CheckId::OneServerCertificate, "keySubject"),
            "CN=registry.example.com"
        );
        assert_eq!(
            param(&r, CheckId::OneServerCertificate, "leftOut"),
            "CN=old-registry.example.com"
        );
        assert_eq!(r.fixed.left_out, vec!["CN=old-registry.example.com"]);
        assert_eq!(
            status(&r, CheckId::ChainOrder),
            Some(CheckStatus::Pass),
            "the rest is in order: the stranger is not an order problem"
        );
        assert_eq!(
            r.fixed.order,
            vec!["CN=registry.example.com", "CN=Intermediate CA"],
            "the fixed bundle keeps only the key's certificate and its chain"
        );
        assert!(r.fixed.changed && r.fixed.exportable);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.cert");
        wb.export_bundle(&r.bundle_id, &path, false).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written.matches("BEGIN CERTIFICATE").count(), 2);
        assert!(!written.contains(stranger.pem.lines().nth(1).unwrap()));

        // Without a key nothing says which is the server's: both stay, and the check says so.
        let text = format!("{}{}{}", stranger.pem, ours.pem, inter.pem);
        let r = wb.doctor(&input(text, &[], Some(&root))).unwrap();
        assert_eq!(
            status(&r, CheckId::OneServerCertificate),
            Some(CheckStatus::Fail)
        );
        assert_eq!(param(&r, CheckId::OneServerCertificate, "keySubject"), "");
        assert!(r.fixed.left_out.is_empty());
        assert_eq!(r.fixed.order.len(), 3);
    }

    #[test]
    fn wildcards_tls_clients_refuse_fail_and_say_the_near_miss() {
        let root = ca("Root CA", None);
        let l = leaf(&root, |p| {
            p.subject_alt_names = vec![
                SanType::DnsName("*.*.example.com".try_into().unwrap()),
                SanType::DnsName("f*.apps.example.com".try_into().unwrap()),
                SanType::DnsName("*.registry.example.com".try_into().unwrap()),
            ];
        });
        let text = format!("{}{}", l.pem, l.key_pem);
        let r = bench()
            .doctor(&input(
                text,
                &[
                    "a.b.example.com",
                    "foo.apps.example.com",
                    "x.registry.example.com",
                ],
                Some(&root),
            ))
            .unwrap();
        assert_eq!(status(&r, CheckId::WildcardNames), Some(CheckStatus::Fail));
        assert_eq!(
            param(&r, CheckId::WildcardNames, "invalid"),
            "*.*.example.com, f*.apps.example.com"
        );
        assert_eq!(
            param(&r, CheckId::WildcardNames, "problem"),
            "severalWildcards"
        );
        let near: Vec<_> = r
            .hosts
            .iter()
            .map(|h| (h.covered, h.near_miss.clone()))
            .collect();
        assert_eq!(
            near,
            vec![
                (false, Some("invalidWildcard".into())),
                (false, Some("invalidWildcard".into())),
                (true, None)
            ]
        );

        let good = leaf(&root, |p| {
            p.subject_alt_names = vec![SanType::DnsName("*.apps.example.com".try_into().unwrap())];
        });
        let r = bench()
            .doctor(&input(
                format!("{}{}", good.pem, good.key_pem),
                &[],
                Some(&root),
            ))
            .unwrap();
        assert_eq!(status(&r, CheckId::WildcardNames), Some(CheckStatus::Pass));
    }

    #[test]
    fn a_bundle_saved_with_a_byte_order_mark_checks_its_first_certificate() {
        let root = ca("Root CA", None);
        let inter = ca("Intermediate CA", Some(&root));
        let l = leaf(&inter, |_| {});
        let bytes = format!("\u{feff}{}{}{}", l.pem, inter.pem, l.key_pem);
        let mut i = input(String::new(), &[], Some(&root));
        i.files.push(InputFile {
            name: "console.cert".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(bytes.as_bytes()),
            path: None,
        });
        let r = bench().doctor(&i).unwrap();
        assert!(failing(&r).is_empty(), "{:?}", failing(&r));
        assert_eq!(r.fixed.order[0], "CN=registry.example.com");
        assert_eq!(r.notes[0].kind, NoteKind::ByteOrderMark);
        assert!(r.fixed.changed, "the exported bundle has no mark");
    }

    #[test]
    fn the_certificates_directory_is_doctored_through_the_file_the_console_uses() {
        let root = ca("Root CA", None);
        let old = leaf(&root, |p| {
            p.not_after = OffsetDateTime::now_utc() - time::Duration::days(1);
        });
        let new = leaf(&root, |_| {});
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("0-self-signed.cert"),
            format!("{}{}", old.pem, old.key_pem),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("console.cert"),
            format!("{}{}", new.pem, new.key_pem),
        )
        .unwrap();
        let input = |path: &Path| DirectoryInput {
            path: path.display().to_string(),
            hosts: vec!["registry.example.com".into()],
            ca_file: Some(InputFile {
                name: "ca.crt".into(),
                content_base64: base64::engine::general_purpose::STANDARD.encode(&root.pem),
                path: None,
            }),
        };
        let r = bench().doctor_directory(&input(dir.path())).unwrap();
        assert_eq!(r.used.as_deref(), Some("console.cert"));
        assert_eq!(r.cert_files, vec!["0-self-signed.cert", "console.cert"]);
        let report = r.report.unwrap();
        assert!(failing(&report).is_empty(), "{:?}", failing(&report));

        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join("README"), "x").unwrap();
        let r = bench().doctor_directory(&input(empty.path())).unwrap();
        assert_eq!((r.used, r.report), (None, None));
        assert_eq!(r.ignored, vec!["README"]);
    }

    #[test]
    fn reversed_chain_fails_order_and_is_fixed_for_export() {
        let root = ca("Root CA", None);
        let inter = ca("Intermediate CA", Some(&root));
        let l = leaf(&inter, |_| {});
        let text = format!("{}{}{}", l.key_pem, inter.pem, l.pem);
        let wb = bench();
        let r = wb.doctor(&input(text, &[], Some(&root))).unwrap();
        assert_eq!(failing(&r), vec![CheckId::ChainOrder]);
        assert_eq!(param(&r, CheckId::ChainOrder, "problem"), "leafNotFirst");
        assert!(r.fixed.changed && r.fixed.exportable);
        assert_eq!(r.fixed.order[0], "CN=registry.example.com");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("console.cert");
        let saved = wb.export_bundle(&r.bundle_id, &path, false).unwrap();
        assert_eq!(saved.mode, 0o600);
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            written,
            format!("{}{}{}", l.pem, inter.pem, l.key_pem).replace("\r\n", "\n")
        );
        // Written once; a second export without overwrite is refused.
        assert!(matches!(
            wb.export_bundle(&r.bundle_id, &path, false),
            Err(Error::Exists { .. })
        ));
        // The fixed bundle is clean.
        let again = wb.doctor(&input(written, &[], Some(&root))).unwrap();
        assert!(failing(&again).is_empty(), "{:?}", failing(&again));
        assert!(!again.fixed.changed);
    }

    #[test]
    fn intermediates_out_of_order_fail_with_the_pair() {
        let root = ca("Root CA", None);
        let a = ca("Intermediate A", Some(&root));
        let b = ca("Intermediate B", Some(&a));
        let l = leaf(&b, |_| {});
        let text = format!("{}{}{}{}", l.pem, a.pem, b.pem, l.key_pem);
        let r = bench().doctor(&input(text, &[], Some(&root))).unwrap();
        assert_eq!(failing(&r), vec![CheckId::ChainOrder]);
        assert_eq!(param(&r, CheckId::ChainOrder, "problem"), "notSignedByNext");
        assert_eq!(
            param(&r, CheckId::ChainOrder, "detail"),
            "CN=registry.example.com → CN=Intermediate A"
        );
        assert_eq!(
            r.fixed.order,
            vec![
                "CN=registry.example.com",
                "CN=Intermediate B",
                "CN=Intermediate A"
            ]
        );
    }

    #[test]
    fn untrusted_chain_names_the_missing_issuer() {
        let root = ca("Root CA", None);
        let l = leaf(&root, |_| {});
        let r = bench()
            .doctor(&input(format!("{}{}", l.pem, l.key_pem), &[], None))
            .unwrap();
        assert_eq!(failing(&r), vec![CheckId::ChainTrusted]);
        assert_eq!(
            param(&r, CheckId::ChainTrusted, "problem"),
            "issuerNotFound"
        );
        assert_eq!(param(&r, CheckId::ChainTrusted, "detail"), "CN=Root CA");
        // Trusted when the root is a system root.
        let wb = Workbench::with_roots(vec![CertificateDer::from(root.der.clone())]);
        let r = wb
            .doctor(&input(format!("{}{}", l.pem, l.key_pem), &[], None))
            .unwrap();
        assert_eq!(param(&r, CheckId::ChainTrusted, "source"), "system");
    }

    #[test]
    fn missing_sans_ip_as_dns_and_wildcards_per_host() {
        let root = ca("Root CA", None);
        let l = leaf(&root, |p| {
            p.subject_alt_names = vec![
                SanType::DnsName("*.apps.example.com".try_into().unwrap()),
                SanType::DnsName("172.30.2.98".try_into().unwrap()),
                SanType::DnsName("10.0.0.1".try_into().unwrap()),
                SanType::IpAddress("10.0.0.1".parse().unwrap()),
            ];
        });
        let hosts = [
            "registry.apps.example.com",
            "a.registry.apps.example.com",
            "172.30.2.98",
            "docker-registry.default.svc:5000",
        ];
        let r = bench()
            .doctor(&input(
                format!("{}{}", l.pem, l.key_pem),
                &hosts,
                Some(&root),
            ))
            .unwrap();
        assert_eq!(status(&r, CheckId::HostsCovered), Some(CheckStatus::Fail));
        assert_eq!(
            param(&r, CheckId::HostsCovered, "missing"),
            "a.registry.apps.example.com, 172.30.2.98, docker-registry.default.svc:5000"
        );
        // 172.30.2.98 is only a DNS SAN: fail; 10.0.0.1 also has its IP SAN.
        assert_eq!(status(&r, CheckId::IpAsDnsName), Some(CheckStatus::Fail));
        assert_eq!(
            param(&r, CheckId::IpAsDnsName, "names"),
            "172.30.2.98, 10.0.0.1"
        );
        let near: Vec<_> = r.hosts.iter().map(|h| h.near_miss.as_deref()).collect();
        assert_eq!(
            near,
            vec![
                None,
                Some("wildcardOneLabelOnly"),
                Some("ipWrittenAsDns"),
                None
            ]
        );
        assert_eq!(r.hosts[0].matched_by.as_deref(), Some("*.apps.example.com"));
        assert!(r.hosts[2].is_ip);
        assert!(
            r.instructions.docker_certs_d[3]
                .contains("/etc/docker/certs.d/docker-registry.default.svc:5000/ca.crt")
        );
        assert!(
            r.instructions.podman_certs_d[3]
                .contains("/etc/containers/certs.d/docker-registry.default.svc:5000/ca.crt")
        );
        // OpenShift 4.x: one config map key per host, the port's colon as "..".
        assert!(
            r.instructions
                .additional_trusted_ca
                .contains("--from-file=docker-registry.default.svc..5000=ca.crt")
        );
        assert!(r.instructions.additional_trusted_ca.contains(
            "oc patch image.config.openshift.io/cluster --type=merge -p '{\"spec\":{\"additionalTrustedCA\":{\"name\":\"registry-cas\"}}}'"
        ));
        // The route is for the first name outside the cluster, never an IP or a .svc name.
        let route = &r.instructions.route_certificate;
        assert!(
            route.contains("\"hostname\":\"registry.apps.example.com\""),
            "{route}"
        );
        assert!(route.contains("oc create secret tls public-route-tls -n openshift-image-registry --cert=tls.crt --key=tls.key"));
        assert!(
            r.instructions
                .quay_ssl
                .contains("--from-file=ssl.cert=./ssl.cert --from-file=ssl.key=./ssl.key")
        );
    }

    #[test]
    fn ip_written_as_dns_next_to_its_ip_san_only_warns() {
        let root = ca("Root CA", None);
        // The documents' own example.
        let l = leaf(&root, |p| {
            p.subject_alt_names = vec![
                SanType::DnsName("docker-registry-public.openshift.com".try_into().unwrap()),
                SanType::DnsName("172.30.2.98".try_into().unwrap()),
                SanType::IpAddress("172.30.2.98".parse().unwrap()),
            ];
        });
        let r = bench()
            .doctor(&input(
                format!("{}{}", l.pem, l.key_pem),
                &["172.30.2.98"],
                Some(&root),
            ))
            .unwrap();
        assert_eq!(status(&r, CheckId::IpAsDnsName), Some(CheckStatus::Warn));
        assert!(r.hosts[0].covered);
    }

    #[test]
    fn leaf_problems_each_fail_their_check() {
        let root = ca("Root CA", None);
        let now = OffsetDateTime::now_utc();
        type Edit = Box<dyn FnOnce(&mut CertificateParams)>;
        let cases: Vec<(Edit, CheckId, CheckStatus)> = vec![
            (
                Box::new(|p| p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained)),
                CheckId::LeafNotCa,
                CheckStatus::Fail,
            ),
            (
                Box::new(|p| p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth]),
                CheckId::ServerAuthUsage,
                CheckStatus::Fail,
            ),
            (
                Box::new(move |p| {
                    p.not_before = now - time::Duration::days(400);
                    p.not_after = now - time::Duration::days(2);
                }),
                CheckId::ValidNow,
                CheckStatus::Fail,
            ),
            (
                Box::new(move |p| {
                    p.not_before = now + time::Duration::days(2);
                    p.not_after = now + time::Duration::days(400);
                }),
                CheckId::ValidNow,
                CheckStatus::Fail,
            ),
            (
                Box::new(move |p| p.not_after = now + time::Duration::days(10)),
                CheckId::ExpiresSoon,
                CheckStatus::Warn,
            ),
            (
                Box::new(move |p| p.not_after = now + time::Duration::days(3650)),
                CheckId::ValidityLength,
                CheckStatus::Warn,
            ),
            (
                Box::new(|p| p.subject_alt_names.clear()),
                CheckId::SubjectAltNames,
                CheckStatus::Fail,
            ),
        ];
        for (edit, id, expected) in cases {
            let l = leaf(&root, edit);
            let r = bench()
                .doctor(&input(
                    format!("{}{}", l.pem, l.key_pem),
                    &["registry.example.com"],
                    Some(&root),
                ))
                .unwrap();
            assert_eq!(status(&r, id), Some(expected), "{id:?}: {:#?}", r.checks);
        }
    }

    #[test]
    fn expiry_days_and_validity_length_are_reported() {
        let root = ca("Root CA", None);
        let now = OffsetDateTime::now_utc();
        let l = leaf(&root, |p| {
            p.not_before = now - time::Duration::days(5);
            p.not_after = now + time::Duration::days(10) + time::Duration::hours(1);
        });
        let r = bench()
            .doctor(&input(format!("{}{}", l.pem, l.key_pem), &[], Some(&root)))
            .unwrap();
        assert_eq!(param(&r, CheckId::ExpiresSoon, "days"), "10");
        assert_eq!(param(&r, CheckId::ValidityLength, "days"), "15");
    }

    #[test]
    fn cn_only_certificate_is_a_common_name_near_miss() {
        let root = ca("Root CA", None);
        let l = leaf(&root, |p| p.subject_alt_names.clear());
        let r = bench()
            .doctor(&input(
                format!("{}{}", l.pem, l.key_pem),
                &["registry.example.com"],
                Some(&root),
            ))
            .unwrap();
        assert_eq!(
            param(&r, CheckId::SubjectAltNames, "cn"),
            "registry.example.com"
        );
        assert_eq!(r.hosts[0].near_miss.as_deref(), Some("commonNameOnly"));
    }

    #[test]
    fn key_problems() {
        let root = ca("Root CA", None);
        let a = leaf(&root, |_| {});
        let b = leaf(&root, |_| {});
        let wb = bench();
        // Wrong key.
        let r = wb
            .doctor(&input(format!("{}{}", a.pem, b.key_pem), &[], Some(&root)))
            .unwrap();
        assert_eq!(failing(&r), vec![CheckId::KeyMatchesCertificate]);
        assert!(!r.fixed.exportable);
        assert!(matches!(
            wb.export_bundle(&r.bundle_id, Path::new("/tmp/never-written.cert"), false),
            Err(Error::NotExportable)
        ));
        // Two keys.
        let r = wb
            .doctor(&input(
                format!("{}{}{}", a.pem, a.key_pem, b.key_pem),
                &[],
                Some(&root),
            ))
            .unwrap();
        assert_eq!(failing(&r), vec![CheckId::OnePrivateKey]);
        assert_eq!(param(&r, CheckId::OnePrivateKey, "count"), "2");
        // No key.
        let r = wb.doctor(&input(a.pem.clone(), &[], Some(&root))).unwrap();
        assert_eq!(failing(&r), vec![CheckId::OnePrivateKey]);
        // Encrypted PKCS#8 key (structure only; the parser must not need the passphrase).
        let enc = info::pem(
            "ENCRYPTED PRIVATE KEY",
            &der::encode(
                der::tag::SEQUENCE,
                &[
                    der::encode(
                        der::tag::SEQUENCE,
                        &der::encode(
                            der::tag::OID,
                            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d],
                        ),
                    ),
                    der::encode(der::tag::OCTET_STRING, &[1, 2, 3, 4]),
                ]
                .concat(),
            ),
        );
        let r = wb
            .doctor(&input(format!("{}{enc}", a.pem), &[], Some(&root)))
            .unwrap();
        assert_eq!(status(&r, CheckId::KeyUnencrypted), Some(CheckStatus::Fail));
        assert_eq!(
            param(&r, CheckId::KeyUnencrypted, "source"),
            format!("pasted, line {}", a.pem.lines().count() + 1)
        );
        assert_eq!(r.private_keys, 1);
        // Nothing at all.
        let r = wb.doctor(&input(String::new(), &[], None)).unwrap();
        assert_eq!(
            failing(&r),
            vec![CheckId::CertificatePresent, CheckId::OnePrivateKey]
        );
    }

    #[test]
    fn files_and_paste_combine_with_notes_per_source() {
        let root = ca("Root CA", None);
        let l = leaf(&root, |_| {});
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let r = bench()
            .doctor(&BundleInput {
                files: vec![
                    InputFile {
                        name: "registry.crt".into(),
                        content_base64: b64(&format!("{}{}", l.pem, l.pem)),
                        path: None,
                    },
                    InputFile {
                        name: "registry.key".into(),
                        content_base64: b64(&l.key_pem.replace('\n', "\r\n")),
                        path: None,
                    },
                ],
                pasted: "see attached".into(),
                hosts: vec![],
                ca_file: Some(InputFile {
                    name: "ca.crt".into(),
                    content_base64: b64(&root.pem),
                    path: None,
                }),
            })
            .unwrap();
        let notes: Vec<_> = r
            .notes
            .iter()
            .map(|n| (n.kind, n.source.as_str(), n.line))
            .collect();
        assert_eq!(
            notes,
            vec![
                (
                    NoteKind::DuplicateCertificate,
                    "registry.crt",
                    Some(u32::try_from(l.pem.lines().count() + 1).unwrap())
                ),
                (NoteKind::CrlfLineEndings, "registry.key", Some(1)),
                (NoteKind::StrayText, "pasted", Some(1)),
            ]
        );
        assert_eq!(r.certificates.len(), 1);
        assert!(failing(&r).is_empty());
        assert!(r.fixed.changed);
    }

    #[test]
    fn ca_file_without_certificates_and_bad_base64_are_errors() {
        let mut i = input(String::new(), &[], None);
        i.ca_file = Some(InputFile {
            name: "ca.crt".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode("nothing"),
            path: None,
        });
        assert!(matches!(
            bench().doctor(&i),
            Err(Error::CaFileWithoutCertificate { .. })
        ));
        i.ca_file = None;
        i.files.push(InputFile {
            name: "x.pem".into(),
            content_base64: "***".into(),
            path: None,
        });
        assert!(matches!(
            bench().doctor(&i),
            Err(Error::InputEncoding { .. })
        ));
    }

    /// A file picked in the native open dialog: only its path crosses from the window.
    fn picked(path: &std::path::Path) -> InputFile {
        InputFile {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            content_base64: String::new(),
            path: Some(path.display().to_string()),
        }
    }

    #[test]
    fn files_picked_by_path_are_read_by_the_backend_within_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let root = ca("Registry CA", None);
        let l = leaf(&root, |_| {});
        let cert = dir.path().join("registry.crt");
        let key = dir.path().join("registry.key");
        std::fs::write(&cert, &l.pem).unwrap();
        std::fs::write(&key, &l.key_pem).unwrap();
        let mut i = input(String::new(), &["registry.example.com"], Some(&root));
        i.files = vec![picked(&cert), picked(&key)];
        let r = bench().doctor(&i).unwrap();
        assert_eq!(r.certificates.len(), 1);
        assert!(failing(&r).is_empty(), "{:?}", failing(&r));

        // Too big: refused before it is read whole.
        let big = dir.path().join("big.pem");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(directory::MAX_CERT_FILE + 1)
            .unwrap();
        i.files = vec![picked(&big)];
        assert!(matches!(
            bench().doctor(&i),
            Err(Error::FileTooLarge { .. })
        ));
        // A directory, and a pipe that would never end, are not files.
        i.files = vec![picked(dir.path())];
        let error = bench().doctor(&i).unwrap_err();
        assert!(matches!(error, Error::NotAFile { .. }), "{error:?}");
        let fifo = dir.path().join("fifo.pem");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo runs");
        i.files = vec![picked(&fifo)];
        let error = bench().doctor(&i).unwrap_err();
        assert!(matches!(error, Error::NotAFile { .. }), "{error:?}");
        // Missing, and relative (the window only ever sends the dialog's absolute paths).
        i.files = vec![picked(&dir.path().join("gone.pem"))];
        assert!(matches!(bench().doctor(&i), Err(Error::Read { .. })));
        i.files = vec![InputFile {
            path: Some("registry.crt".into()),
            ..picked(&cert)
        }];
        assert!(matches!(
            bench().doctor(&i),
            Err(Error::RelativePath { .. })
        ));
    }

    #[test]
    fn generated_certificates_pass_the_doctor_and_save_in_parts() {
        let wb = bench();
        let root = ca("Registry CA", None);
        let hosts: Vec<String> = [
            "docker-registry.default.svc.cluster.local",
            "docker-registry.default.svc",
            "172.30.124.220",
        ]
        .map(String::from)
        .to_vec();
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let g = wb
            .generate(&GenerateRequest {
                hostnames: hosts.clone(),
                days: 730,
                key_type: KeyType::EcdsaP256,
                signer: Signer::Ca {
                    certificate: InputFile {
                        name: "ca.crt".into(),
                        content_base64: b64(&root.pem),
                        path: None,
                    },
                    key: InputFile {
                        name: "ca.key".into(),
                        content_base64: b64(&root.key_pem),
                        path: None,
                    },
                },
            })
            .unwrap();
        let bad: Vec<_> = g
            .checks
            .iter()
            .filter(|c| c.status != CheckStatus::Pass)
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
        assert_eq!(
            g.certificate.subject,
            "CN=docker-registry.default.svc.cluster.local"
        );
        assert_eq!(g.certificate.issuer, "CN=Registry CA");
        assert_eq!(g.certificate.public_key, "EC P-256");
        assert!(!g.certificate.is_ca);
        let sans: Vec<_> = g
            .certificate
            .sans
            .iter()
            .map(|s| (s.kind, s.value.as_str()))
            .collect();
        assert_eq!(
            sans,
            vec![
                (
                    model::SanKind::Dns,
                    "docker-registry.default.svc.cluster.local"
                ),
                (model::SanKind::Dns, "docker-registry.default.svc"),
                (model::SanKind::Ip, "172.30.124.220"),
            ]
        );
        assert_eq!(g.ca.as_ref().unwrap().subject, "CN=Registry CA");

        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("console.cert");
        wb.save_generated(&g.generated_id, SavePart::Bundle, &bundle, false)
            .unwrap();
        let text = std::fs::read_to_string(&bundle).unwrap();
        assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2);
        assert!(text.trim_end().ends_with("-----END PRIVATE KEY-----"));
        // The saved bundle passes the doctor as is.
        let r = wb
            .doctor(&input(
                text,
                &hosts.iter().map(String::as_str).collect::<Vec<_>>(),
                Some(&root),
            ))
            .unwrap();
        let not_pass: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.status != CheckStatus::Pass)
            .collect();
        assert!(not_pass.is_empty(), "{not_pass:#?}");

        let key = dir.path().join("registry.key");
        wb.save_generated(&g.generated_id, SavePart::Key, &key, false)
            .unwrap();
        let key_text = std::fs::read_to_string(&key).unwrap();
        assert!(key_text.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(!key_text.contains("CERTIFICATE"));

        // Self-signed P-384.
        let g = wb
            .generate(&GenerateRequest {
                hostnames: vec!["localhost".into(), "127.0.0.1".into()],
                days: 30,
                key_type: KeyType::EcdsaP384,
                signer: Signer::SelfSigned,
            })
            .unwrap();
        assert!(g.certificate.self_signed);
        // Self-signed as asked: a warning that says so, never a failure for it.
        let failed: Vec<_> = g
            .checks
            .iter()
            .filter(|c| c.status == CheckStatus::Fail)
            .map(|c| c.id)
            .collect();
        assert!(failed.is_empty(), "{failed:?}");
        let chain = g
            .checks
            .iter()
            .find(|c| c.id == CheckId::ChainTrusted)
            .unwrap();
        assert_eq!(chain.status, CheckStatus::Warn);
        assert_eq!(chain.params["problem"], "selfSignedAsAsked");
        assert_eq!(chain.params["host"], "localhost");
        assert_eq!(g.certificate.public_key, "EC P-384");
        assert_eq!(g.certificate.signature_algorithm, "ecdsa-with-SHA384");
        assert!(g.ca.is_none());
    }

    #[test]
    fn ca_signing_refuses_a_wrong_or_encrypted_key_and_a_non_ca() {
        let wb = bench();
        let root = ca("Registry CA", None);
        let other = ca("Other CA", None);
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let req = |cert: &str, key: &str| GenerateRequest {
            hostnames: vec!["a.example".into()],
            days: 730,
            key_type: KeyType::EcdsaP256,
            signer: Signer::Ca {
                certificate: InputFile {
                    name: "ca.crt".into(),
                    content_base64: b64(cert),
                    path: None,
                },
                key: InputFile {
                    name: "ca.key".into(),
                    content_base64: b64(key),
                    path: None,
                },
            },
        };
        assert!(matches!(
            wb.generate(&req(&root.pem, &other.key_pem)),
            Err(Error::CaKeyMismatch { .. })
        ));
        assert!(matches!(
            wb.generate(&req(&root.pem, "")),
            Err(Error::CaKeyMissing { .. })
        ));
        let l = leaf(&root, |_| {});
        assert!(matches!(
            wb.generate(&req(&l.pem, &l.key_pem)),
            Err(Error::NotACa { .. })
        ));
        let err = wb.generate(&req(&root.pem, &other.key_pem)).unwrap_err();
        assert!(!err.to_string().contains("PRIVATE"), "{err}");
    }

    /// The private scalar of an EC key in PKCS#8 (RFC 5208 PrivateKeyInfo around an RFC 5915
    /// ECPrivateKey): the part of the key that no certificate also holds.
    fn scalar_of(pkcs8: &[u8]) -> Vec<u8> {
        let (info, _) = der::read_tlv(pkcs8).unwrap();
        let (_version, rest) = der::read_tlv(info.value).unwrap();
        let (_algorithm, rest) = der::read_tlv(rest).unwrap();
        let (private_key, _) = der::read_tlv(rest).unwrap();
        let (ec_private_key, _) = der::read_tlv(private_key.value).unwrap();
        let (_version, rest) = der::read_tlv(ec_private_key.value).unwrap();
        let (scalar, _) = der::read_tlv(rest).unwrap();
        assert_eq!(scalar.value.len(), 32, "a P-256 scalar");
        scalar.value.to_vec()
    }

    /// Fails when `debug` shows the key of `pkcs8`: its private scalar (as Rust prints bytes,
    /// or as hex), a line of its PEM, the PEM base64-encoded as the UI sends files, or a
    /// private key's PEM label.
    fn assert_no_key(debug: &str, pkcs8: &[u8]) {
        let what = |part: &str| format!("key material ({part}) in {debug}");
        assert!(!debug.contains("PRIVATE KEY"), "{}", what("label"));
        let scalar = scalar_of(pkcs8);
        for window in scalar.chunks_exact(8) {
            let listed = format!("{window:?}");
            assert!(
                !debug.contains(&listed[1..listed.len() - 1]),
                "{}",
                what("bytes")
            );
            let hex: String = window.iter().map(|b| format!("{b:02x}")).collect();
            assert!(
                !debug.to_ascii_lowercase().contains(&hex),
                "{}",
                what("hex")
            );
        }
        let pem = info::pem("PRIVATE KEY", pkcs8);
        for line in pem.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!debug.contains(line), "{}", what("PEM line"));
        }
        let sent = base64::engine::general_purpose::STANDARD.encode(&pem);
        for window in sent.as_bytes()[40..].chunks_exact(24) {
            let window = std::str::from_utf8(window).unwrap();
            assert!(!debug.contains(window), "{}", what("base64 of the file"));
        }
    }

    fn der_of(key_pem: &str) -> Vec<u8> {
        let body: String = key_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    }

    #[test]
    fn every_type_holding_a_private_key_debugs_as_redacted() {
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let root = ca("Registry CA", None);
        let l = leaf(&root, |_| {});
        let (leaf_key, root_key) = (der_of(&l.key_pem), der_of(&root.key_pem));
        // PKCS#8 as rcgen writes it: the label the check looks for is really there.
        assert!(l.key_pem.contains("PRIVATE KEY"));

        // What the UI sends: a pasted bundle, a dropped key file.
        let key_file = InputFile {
            name: "registry.key".into(),
            content_base64: b64(&l.key_pem),
            path: None,
        };
        let mut bundle = input(format!("{}{}", l.pem, l.key_pem), &[], Some(&root));
        bundle.files.push(key_file.clone());
        let debug = format!("{key_file:?}");
        assert!(
            debug.contains("registry.key") && debug.contains("<redacted>"),
            "{debug}"
        );
        assert_no_key(&debug, &leaf_key);
        let debug = format!("{bundle:?}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert_no_key(&debug, &leaf_key);
        let request = GenerateRequest {
            hostnames: vec!["registry.example.com".into()],
            days: 730,
            key_type: KeyType::EcdsaP256,
            signer: Signer::Ca {
                certificate: InputFile {
                    name: "ca.crt".into(),
                    content_base64: b64(&root.pem),
                    path: None,
                },
                key: InputFile {
                    name: "ca.key".into(),
                    content_base64: b64(&root.key_pem),
                    path: None,
                },
            },
        };
        assert_no_key(&format!("{request:?}"), &root_key);
        assert_no_key(&format!("{:?}", request.signer), &root_key);

        // What the backend keeps: the parsed key, the fixed bundle, the generated key.
        let parsed = parse::parse_sources(&[Source {
            name: "pasted",
            bytes: bundle.pasted.as_bytes(),
        }]);
        assert_eq!(parsed.keys.len(), 1);
        assert_no_key(&format!("{parsed:?}"), &leaf_key);
        assert_no_key(&format!("{:?}", parsed.keys[0]), &leaf_key);
        assert_no_key(&format!("{:?}", parsed.keys[0].der), &leaf_key);
        let (tlv, _) = der::read_tlv(&leaf_key).unwrap();
        assert_no_key(&format!("{tlv:?}"), &leaf_key);
        let made = generate::make(&request, OffsetDateTime::now_utc()).unwrap();
        let made_key = made.key.expose().to_vec();
        assert_no_key(&format!("{made:?}"), &made_key);

        let wb = bench();
        // The key once (not also as a file), so that the fixed bundle keeps it for export.
        let report = wb
            .doctor(&input(format!("{}{}", l.pem, l.key_pem), &[], Some(&root)))
            .unwrap();
        assert!(report.fixed.exportable, "the bundle's key is kept");
        let generated = wb.generate(&request).unwrap();
        let kept_key = wb
            .generated
            .with("generated certificate", &generated.generated_id, |g| {
                g.key.expose().to_vec()
            })
            .unwrap();
        let debug = format!("{wb:?}");
        for key in [&leaf_key, &root_key, &kept_key] {
            assert_no_key(&debug, key);
        }
    }

    #[test]
    fn handles_expire_and_unknown_ones_are_refused() {
        let wb = bench();
        assert!(matches!(
            wb.export_bundle("nope", Path::new("/tmp/x"), false),
            Err(Error::UnknownHandle { what: "bundle", .. })
        ));
        let first = wb
            .doctor(&input(String::new(), &[], None))
            .unwrap()
            .bundle_id;
        for _ in 0..KEEP {
            wb.doctor(&input(String::new(), &[], None)).unwrap();
        }
        assert!(matches!(
            wb.export_bundle(&first, Path::new("/tmp/x"), false),
            Err(Error::UnknownHandle { .. })
        ));
    }
}
