//! Certificates for the TLS registry: a test CA and a leaf it signed.
//!
//! rustls refuses a certificate that is its own CA as a server certificate
//! (`CaUsedAsEndEntity`), so a plain `openssl req -x509` will not do (see PEERS.md): the
//! leaf says `CA:FALSE`, `serverAuth`, and names both `localhost` and `127.0.0.1`.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

use crate::error::{Error, Result};

/// The files of a CA and a server certificate it signed, written into a directory.
#[derive(Debug, Clone)]
pub struct ServerCertificates {
    /// The CA certificate (PEM) that clients must trust.
    pub ca_path: PathBuf,
    /// The server's certificate (PEM).
    pub cert_path: PathBuf,
    /// The server's private key (PKCS#8 PEM).
    pub key_path: PathBuf,
    /// The CA certificate's PEM text.
    pub ca_pem: String,
}

/// Makes a CA and a leaf for `localhost` / `127.0.0.1` and writes `ca.crt`, `server.crt`
/// and `server.key` into `dir`.
pub fn server_certificates(dir: &Path) -> Result<ServerCertificates> {
    let rc = |what: &str, e: rcgen::Error| Error::Other(format!("{what}: {e}"));

    let ca_key = KeyPair::generate().map_err(|e| rc("generate the CA key", e))?;
    let mut ca_params = CertificateParams::default();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Registry Console test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca_params
        .self_signed(&ca_key)
        .map_err(|e| rc("sign the CA certificate", e))?;
    let issuer = Issuer::new(ca_params, ca_key);

    let leaf_key = KeyPair::generate().map_err(|e| rc("generate the server key", e))?;
    let mut leaf = CertificateParams::default();
    leaf.distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.subject_alt_names = vec![
        SanType::DnsName(
            "localhost"
                .try_into()
                .map_err(|e| rc("name localhost", e))?,
        ),
        SanType::IpAddress([127, 0, 0, 1].into()),
    ];
    leaf.use_authority_key_identifier_extension = true;
    let leaf_cert = leaf
        .signed_by(&leaf_key, &issuer)
        .map_err(|e| rc("sign the server certificate", e))?;

    let files = ServerCertificates {
        ca_path: dir.join("ca.crt"),
        cert_path: dir.join("server.crt"),
        key_path: dir.join("server.key"),
        ca_pem: ca_cert.pem(),
    };
    write(&files.ca_path, &files.ca_pem)?;
    write(&files.cert_path, &leaf_cert.pem())?;
    write(&files.key_path, &leaf_key.serialize_pem())?;
    Ok(files)
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io(format!("write {}", path.display()), e))
}
