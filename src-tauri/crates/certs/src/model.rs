//! What the UI sends and shows of certificates: bundle input, the doctor's checklist, SAN
//! coverage per host name, certificate details, a live endpoint's chain, generated certificates.
//!
//! Every type here is also a TypeScript type of the UI (exported by `ipc`). Check results carry
//! an id and parameters, not sentences: the UI words them in English or Japanese.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One file the user opened: picked in the native open dialog and read by the backend from
/// `path` (so a key never passes through the webview), or dropped on the window and sent as
/// bytes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InputFile {
    /// The file name as the user saw it (for messages: "registry.key, line 3").
    pub name: String,
    /// The whole content, base64 (PEM text or DER); empty when `path` is given.
    #[serde(default)]
    pub content_base64: String,
    /// The absolute path the open dialog gave: the backend reads the file (a regular file of at
    /// most [`crate::directory::MAX_CERT_FILE`] bytes) instead of `content_base64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

/// What the bundle doctor examines.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleInput {
    /// Files opened or dropped, in the order given.
    pub files: Vec<InputFile>,
    /// Text pasted into the box (may be empty).
    pub pasted: String,
    /// Host names and IP addresses the registry is really reached by.
    pub hosts: Vec<String>,
    /// A CA file to trust besides the system roots.
    pub ca_file: Option<InputFile>,
}

// A file's content may be a private key, and the pasted text usually holds one: their Debug
// prints sizes only (as does Signer's for the CA's key).
impl std::fmt::Debug for InputFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputFile")
            .field("name", &self.name)
            .field("content_base64", &Redacted(self.content_base64.len()))
            .field("path", &self.path)
            .finish()
    }
}

impl std::fmt::Debug for BundleInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BundleInput")
            .field("files", &self.files)
            .field("pasted", &Redacted(self.pasted.len()))
            .field("hosts", &self.hosts)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// Prints `<redacted> (N bytes)` in place of content that may hold a private key.
struct Redacted(usize);

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<redacted> ({} bytes)", self.0)
    }
}

/// Pass, warn or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CheckStatus {
    /// Fine.
    Pass,
    /// Works, but the user should know.
    Warn,
    /// Will not work as a registry's serving bundle.
    Fail,
}

/// The checklist items, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CheckId {
    /// At least one certificate. Params: `count`.
    CertificatePresent,
    /// Exactly one private key. Params: `count`.
    OnePrivateKey,
    /// The key is not encrypted (the console cannot use an encrypted key). Params: `source`.
    KeyUnencrypted,
    /// The key belongs to the server (first) certificate.
    KeyMatchesCertificate,
    /// Exactly one server (end-entity) certificate. Params: `count`, `subjects`,
    /// `keySubject` (the one the key belongs to), `leftOut` (left out of the fixed bundle).
    OneServerCertificate,
    /// Leaf first, then each certificate signed by the next. Params: `detail` (which pair).
    ChainOrder,
    /// The chain ends at a trusted root (system roots or the CA file). Params: `detail`; on a
    /// certificate generated self-signed as asked, a warning with `problem` `selfSignedAsAsked`
    /// and `host`.
    ChainTrusted,
    /// Every certificate is valid now. Params: `subject`, `notBefore`, `notAfter`.
    ValidNow,
    /// Days until the server certificate expires (warn under 30). Params: `days`.
    ExpiresSoon,
    /// Validity over two years (warned; the documents advise against longer). Params: `days`.
    ValidityLength,
    /// The server certificate is not a CA (`CA:TRUE` leaves are refused by rustls clients).
    LeafNotCa,
    /// The server certificate allows serverAuth (or has no extendedKeyUsage).
    ServerAuthUsage,
    /// No RSA key under 2048 bits (or EC under 256). Params: `subject`, `bits`.
    KeyStrength,
    /// No SHA-1 (or MD5) signature. Params: `subject`, `algorithm`.
    SignatureAlgorithm,
    /// The server certificate has SANs (a CN alone is ignored by modern clients). Params: `cn`.
    SubjectAltNames,
    /// Every wildcard DNS SAN is one TLS clients accept (`*` as the whole left-most label,
    /// once, above two labels or more). Only when the server certificate has a wildcard.
    /// Params: `names` (every wildcard), `invalid` (the refused ones), `problem`
    /// (`severalWildcards`, `notLeftmost`, `partialLabel`, `tooBroad`).
    WildcardNames,
    /// Every host name asked for is covered by a SAN. Params: `missing` (comma-separated).
    HostsCovered,
    /// No IP address written as a DNS SAN. Params: `names` (comma-separated).
    IpAsDnsName,
}

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Which check.
    pub id: CheckId,
    /// Its outcome.
    pub status: CheckStatus,
    /// Values the UI puts in its sentence (see each [`CheckId`]).
    pub params: BTreeMap<String, String>,
}

/// Something the parser noticed in the input that is not itself a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NoteKind {
    /// Text outside any PEM block (ignored).
    StrayText,
    /// Windows (CRLF) line endings (accepted).
    CrlfLineEndings,
    /// The same certificate given twice (the copy is dropped from the fixed bundle).
    DuplicateCertificate,
    /// A PEM block of a type the doctor does not use (e.g. a CSR); ignored.
    UnknownBlock,
    /// A block that is not valid base64 / DER; ignored.
    MalformedBlock,
    /// A DER file (binary), read as one certificate or key.
    DerInput,
    /// A byte-order mark (as Windows editors save text) at the start of the file, the paste or
    /// a line; ignored. `detail` is the encoding (`UTF-8`, `UTF-16LE`, `UTF-16BE`).
    ByteOrderMark,
}

/// A parser note with where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ParseNote {
    /// What was noticed.
    pub kind: NoteKind,
    /// The file name, or "pasted".
    pub source: String,
    /// The 1-based line where it starts, when it has one.
    pub line: Option<u32>,
    /// The PEM label or a short excerpt (never key material).
    pub detail: Option<String>,
}

/// Kind of a subject alternative name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SanKind {
    /// `DNS:`
    Dns,
    /// `IP Address:`
    Ip,
    /// `email:`
    Email,
    /// `URI:`
    Uri,
    /// Any other kind (shown as text).
    Other,
}

/// One subject alternative name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct San {
    /// Its kind.
    pub kind: SanKind,
    /// As openssl prints it (`172.30.2.98`, `*.apps.example.com`, `2001:DB8:0:0:0:0:0:1`).
    pub value: String,
}

/// One X.509 extension, as openssl names and prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// Dotted OID.
    pub oid: String,
    /// openssl's name ("X509v3 Subject Alternative Name"), or the OID when unknown.
    pub name: String,
    /// Whether it is marked critical.
    pub critical: bool,
    /// Its value in one line of text.
    pub value: String,
}

/// Everything shown of one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CertificateInfo {
    /// Subject in openssl's one-line form (`CN=registry.example.com, O=Example`).
    pub subject: String,
    /// Issuer, same form.
    pub issuer: String,
    /// Serial number, colon-separated hex as openssl prints it.
    pub serial: String,
    /// Start of validity, RFC 3339 UTC.
    pub not_before: String,
    /// End of validity, RFC 3339 UTC.
    pub not_after: String,
    /// Subject alternative names.
    pub sans: Vec<San>,
    /// Public key, e.g. "RSA 2048 bits", "EC P-256".
    pub public_key: String,
    /// Signature algorithm as openssl names it (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`).
    pub signature_algorithm: String,
    /// SHA-256 of the DER, colon-separated upper-case hex.
    pub sha256_fingerprint: String,
    /// `CA:TRUE` in basicConstraints.
    pub is_ca: bool,
    /// Whether subject and issuer are the same and it verifies with its own key.
    pub self_signed: bool,
    /// Every extension.
    pub extensions: Vec<Extension>,
    /// The certificate itself, PEM.
    pub pem: String,
}

/// How a host name fares against the server certificate's SANs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HostCoverage {
    /// The name or IP asked for.
    pub host: String,
    /// Whether it is an IP address (must be matched by an IP SAN).
    pub is_ip: bool,
    /// Whether a SAN covers it.
    pub covered: bool,
    /// The SAN that covers it (`*.apps.example.com`), when covered.
    pub matched_by: Option<String>,
    /// Why not, when not covered and there is a near miss: `ipWrittenAsDns`,
    /// `invalidWildcard`, `wildcardOneLabelOnly`, or `commonNameOnly`.
    pub near_miss: Option<String>,
}

/// The bundle as the registry console needs it: certificates leaf first, then the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FixedBundle {
    /// Whether the order or the content changed from the input.
    pub changed: bool,
    /// Subjects in the fixed order (the key is last and not listed).
    pub order: Vec<String>,
    /// Whether the bundle can be exported (one unencrypted key matching the leaf).
    pub exportable: bool,
    /// Subjects of server certificates left out: end-entity certificates besides the one the
    /// key belongs to.
    pub left_out: Vec<String>,
}

/// Copy-ready steps that go with a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Instructions {
    /// OpenShift 3.x: `oc create secret generic ... --from-file=...` for the registry console's
    /// certificate directory (`/etc/cockpit/ws-certs.d`).
    pub oc_create_secret: String,
    /// Shell lines that put the CA at `/etc/docker/certs.d/<host>[:port]/ca.crt`, one per host.
    pub docker_certs_d: Vec<String>,
    /// The same for Podman, Buildah, Skopeo and CRI-O: `/etc/containers/certs.d/<host>[:port]/ca.crt`.
    pub podman_certs_d: Vec<String>,
    /// OpenShift 4.x: every node trusts the CA for these hosts: a config map in
    /// `openshift-config` (one key per host, `..` for the port's colon) named by
    /// `image.config.openshift.io/cluster`'s `additionalTrustedCA`. Empty without a host.
    pub additional_trusted_ca: String,
    /// OpenShift 4.x: the registry's route serves this certificate: the saved bundle split into
    /// `tls.crt` and `tls.key`, a TLS secret in `openshift-image-registry`, and a route in the
    /// registry operator's config for the first host outside the cluster.
    pub route_certificate: String,
    /// Red Hat Quay: the saved bundle split into `ssl.cert` and `ssl.key`, the files Quay reads
    /// beside its `config.yaml`, and the config bundle secret of the Quay Operator.
    pub quay_ssl: String,
}

/// The doctor's answer for one bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleReport {
    /// Handle of the parsed bundle kept by the backend (for export; the key never returns).
    pub bundle_id: String,
    /// Certificates as given (duplicates dropped), in input order.
    pub certificates: Vec<CertificateInfo>,
    /// How many private keys were found, encrypted ones included.
    pub private_keys: u32,
    /// The checklist.
    pub checks: Vec<Check>,
    /// Host coverage, one per host asked for.
    pub hosts: Vec<HostCoverage>,
    /// Parser notes.
    pub notes: Vec<ParseNote>,
    /// The fixed bundle.
    pub fixed: FixedBundle,
    /// Copy-ready steps.
    pub instructions: Instructions,
}

/// What a live TLS endpoint presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointReport {
    /// Handle of this inspection (for "trust this CA").
    pub inspection_id: String,
    /// `host:port` connected to.
    pub address: String,
    /// The SNI name sent.
    pub server_name: String,
    /// `TLSv1.3` or `TLSv1.2`.
    pub tls_version: String,
    /// The negotiated cipher suite, IANA name.
    pub cipher_suite: String,
    /// The chain as presented, leaf first.
    pub chain: Vec<CertificateInfo>,
    /// Whether the chain verifies for `server_name` against the roots used.
    pub trusted: bool,
    /// Why not, in words, when not trusted.
    pub trust_error: Option<String>,
    /// The doctor's checklist on the presented chain (no key checks).
    pub checks: Vec<Check>,
    /// Host coverage for the name typed.
    pub hosts: Vec<HostCoverage>,
}

/// Where a live inspection connects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointInput {
    /// Host name or IP.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// SNI name, when it differs from `host`.
    pub server_name: Option<String>,
    /// A connection whose CA bundle is trusted besides the system roots.
    pub connection_id: Option<String>,
}

/// Key type of a generated certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum KeyType {
    /// ECDSA P-256 (the default).
    EcdsaP256,
    /// ECDSA P-384.
    EcdsaP384,
}

/// Who signs a generated certificate.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Signer {
    /// Self-signed (what the console makes when none is installed).
    SelfSigned,
    /// Signed by a CA the user picks, as `oc adm ca create-server-cert` does.
    Ca {
        /// The CA certificate.
        certificate: InputFile,
        /// The CA's unencrypted private key.
        key: InputFile,
    },
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::SelfSigned => f.write_str("SelfSigned"),
            Self::Ca { certificate, key } => f
                .debug_struct("Ca")
                .field("certificate", certificate)
                .field("key", &format_args!("<redacted> ({})", key.name))
                .finish(),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GenerateRequest {
    /// Host names and IPs (split into DNS and IP SANs); the first is also the CN.
    pub hostnames: Vec<String>,
    /// Days of validity (730 by default).
    pub days: u32,
    /// Key type.
    pub key_type: KeyType,
    /// Who signs.
    pub signer: Signer,
}

/// A generated certificate: shown, and kept by the backend for saving (the key never returns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    /// Handle for saving.
    pub generated_id: String,
    /// The new certificate.
    pub certificate: CertificateInfo,
    /// The signing CA's certificate, when CA-signed.
    pub ca: Option<CertificateInfo>,
    /// The doctor's checklist on the result.
    pub checks: Vec<Check>,
}

/// Which file to save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SavePart {
    /// The server certificate (and the CA after it, when CA-signed), PEM.
    Certificate,
    /// The private key, PEM (PKCS#8).
    Key,
    /// Certificates then key, the registry console's bundle.
    Bundle,
}

/// A file written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    /// Absolute path written.
    pub path: String,
    /// Bytes written.
    #[ts(type = "number")]
    pub bytes: u64,
    /// The Unix mode set (0o600 → 384).
    pub mode: u32,
}

/// The registry console's certificates directory to check (seed 002: `/etc/cockpit/ws-certs.d`,
/// or a copy of it on this machine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryInput {
    /// Absolute path of the directory.
    pub path: String,
    /// Host names and IP addresses the registry is really reached by.
    pub hosts: Vec<String>,
    /// A CA file to trust besides the system roots.
    pub ca_file: Option<InputFile>,
}

/// Which file the console would use, and the doctor's report on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryReport {
    /// The directory.
    pub path: String,
    /// Its `.cert` files in the order the console sorts them (the last is used).
    pub cert_files: Vec<String>,
    /// Other entries, which the console ignores.
    pub ignored: Vec<String>,
    /// The file the console uses; `None` when there is no `.cert` file, and the console then
    /// makes a self-signed certificate as `0-self-signed.cert`.
    pub used: Option<String>,
    /// The doctor's report on the used file.
    pub report: Option<BundleReport>,
}
