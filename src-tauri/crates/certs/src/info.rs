//! What is shown of one certificate, in openssl's words: subject and issuer one-line, serial as
//! colon hex, SANs as `DNS:` / `IP Address:` values, openssl's extension and algorithm names,
//! the SHA-256 fingerprint. The integration tests compare every field with `openssl x509`.

use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};
use x509_parser::certificate::X509Certificate;
use x509_parser::error::X509Error;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::public_key::PublicKey;

use crate::keys::{OID_EC, OID_ED25519, OID_P256, OID_P384, OID_P521, OID_RSA};
use crate::model::{CertificateInfo, Extension, San, SanKind};

/// Whether `child` was signed by `parent`'s key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signed {
    /// The names match and the signature verifies.
    Verified,
    /// The names match; the algorithm or key size cannot be verified here (MD5, RSA < 2048
    /// with SHA-2, P-521): the names decide.
    NamesOnly,
    /// The names differ, or the signature does not verify.
    No,
}

/// Whether `child` names `parent` as issuer and carries its signature.
pub(crate) fn signed_by(child: &X509Certificate<'_>, parent: &X509Certificate<'_>) -> Signed {
    if child.issuer().as_raw() != parent.subject().as_raw() {
        return Signed::No;
    }
    match child.verify_signature(Some(parent.public_key())) {
        Ok(()) => Signed::Verified,
        Err(X509Error::SignatureUnsupportedAlgorithm) => Signed::NamesOnly,
        // ring refuses RSA keys under 2048 bits for SHA-2 signatures: that is the weak-key
        // check's finding, not proof of a wrong issuer.
        Err(_) if rsa_bits(parent).is_some_and(|b| b < 2048) => Signed::NamesOnly,
        Err(_) => Signed::No,
    }
}

/// Subject equals issuer and the certificate verifies with its own key.
pub(crate) fn is_self_signed(cert: &X509Certificate<'_>) -> bool {
    signed_by(cert, cert) != Signed::No
}

/// `CA:TRUE` in basicConstraints.
pub(crate) fn is_ca(cert: &X509Certificate<'_>) -> bool {
    matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca)
}

/// RSA modulus size in bits, for RSA keys.
pub(crate) fn rsa_bits(cert: &X509Certificate<'_>) -> Option<usize> {
    match cert.public_key().parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let m = crate::der::unsigned(rsa.modulus);
            let first = *m.first()?;
            Some(m.len() * 8 - first.leading_zeros() as usize)
        }
        _ => None,
    }
}

/// Key algorithm and size: ("RSA", 2048), ("EC", 256), ("Ed25519", 256), or the OID and 0.
pub(crate) fn key_kind(cert: &X509Certificate<'_>) -> (String, usize) {
    let spki = cert.public_key();
    match spki.algorithm.algorithm.to_id_string().as_str() {
        OID_RSA => ("RSA".into(), rsa_bits(cert).unwrap_or(0)),
        OID_EC => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string());
            let bits = match curve.as_deref() {
                Some(OID_P256) => 256,
                Some(OID_P384) => 384,
                Some(OID_P521) => 521,
                // Other curves: the point size (uncompressed: 1 + 2 × coordinate bytes).
                _ => spki.subject_public_key.data.len().saturating_sub(1) / 2 * 8,
            };
            ("EC".into(), bits)
        }
        OID_ED25519 => ("Ed25519".into(), 256),
        other => (other.to_owned(), 0),
    }
}

fn public_key_text(cert: &X509Certificate<'_>) -> String {
    let (kind, bits) = key_kind(cert);
    match kind.as_str() {
        "RSA" => format!("RSA {bits} bits"),
        "EC" => match bits {
            256 | 384 | 521 => format!("EC P-{bits}"),
            _ => format!("EC {bits} bits"),
        },
        "Ed25519" => kind,
        _ => format!("{kind} (unknown key type)"),
    }
}

/// openssl's name for a signature algorithm OID.
pub(crate) fn signature_algorithm_name(oid: &str) -> String {
    match oid {
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.3.14.3.2.29" => "sha1WithRSA",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        "1.2.840.10040.4.3" => "dsa_with_SHA1",
        "2.16.840.1.101.3.4.3.2" => "dsa_with_SHA256",
        other => return other.to_owned(),
    }
    .to_owned()
}

/// Whether a signature algorithm (openssl name) uses SHA-1, MD5 or MD2.
pub(crate) fn is_weak_signature(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.contains("sha1") || n.contains("md5") || n.contains("md2")
}

/// Bytes as colon-separated hex.
pub(crate) fn colon_hex(bytes: &[u8], upper: bool) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        if upper {
            let _ = write!(s, "{b:02X}");
        } else {
            let _ = write!(s, "{b:02x}");
        }
    }
    s
}

/// SHA-256 of the DER, colon-separated upper-case hex (`openssl x509 -fingerprint -sha256`).
pub(crate) fn fingerprint(der: &[u8]) -> String {
    colon_hex(&Sha256::digest(der), true)
}

/// An IP SAN as openssl prints it (IPv6: eight upper-case groups, no compression).
pub(crate) fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => format!("{}.{}.{}.{}", bytes[0], bytes[1], bytes[2], bytes[3]),
        16 => bytes
            .chunks(2)
            .map(|c| format!("{:X}", u16::from_be_bytes([c[0], c[1]])))
            .collect::<Vec<_>>()
            .join(":"),
        _ => format!("<invalid {}>", colon_hex(bytes, true)),
    }
}

/// The certificate's SANs.
pub(crate) fn sans(cert: &X509Certificate<'_>) -> Vec<San> {
    let Ok(Some(ext)) = cert.subject_alternative_name() else {
        return Vec::new();
    };
    ext.value.general_names.iter().map(san_of).collect()
}

fn san_of(name: &GeneralName<'_>) -> San {
    let (kind, value) = match name {
        GeneralName::DNSName(d) => (SanKind::Dns, (*d).to_owned()),
        GeneralName::IPAddress(ip) => (SanKind::Ip, ip_text(ip)),
        GeneralName::RFC822Name(e) => (SanKind::Email, (*e).to_owned()),
        GeneralName::URI(u) => (SanKind::Uri, (*u).to_owned()),
        GeneralName::DirectoryName(n) => (SanKind::Other, format!("DirName:{n}")),
        GeneralName::RegisteredID(oid) => (SanKind::Other, format!("Registered ID:{oid}")),
        GeneralName::OtherName(oid, _) => (SanKind::Other, format!("othername:{oid}")),
        _ => (SanKind::Other, "<unsupported>".to_owned()),
    };
    San { kind, value }
}

fn san_list_text(names: &[GeneralName<'_>]) -> String {
    names
        .iter()
        .map(|n| {
            let san = san_of(n);
            match san.kind {
                SanKind::Dns => format!("DNS:{}", san.value),
                SanKind::Ip => format!("IP Address:{}", san.value),
                SanKind::Email => format!("email:{}", san.value),
                SanKind::Uri => format!("URI:{}", san.value),
                SanKind::Other => san.value,
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn extension_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.17" => "X509v3 Subject Alternative Name",
        "2.5.29.18" => "X509v3 Issuer Alternative Name",
        "2.5.29.19" => "X509v3 Basic Constraints",
        "2.5.29.15" => "X509v3 Key Usage",
        "2.5.29.37" => "X509v3 Extended Key Usage",
        "2.5.29.14" => "X509v3 Subject Key Identifier",
        "2.5.29.35" => "X509v3 Authority Key Identifier",
        "2.5.29.31" => "X509v3 CRL Distribution Points",
        "2.5.29.32" => "X509v3 Certificate Policies",
        "2.5.29.30" => "X509v3 Name Constraints",
        "2.5.29.36" => "X509v3 Policy Constraints",
        "2.5.29.54" => "X509v3 Inhibit Any Policy",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.4.1.11129.2.4.2" => "CT Precertificate SCTs",
        "1.3.6.1.4.1.11129.2.4.3" => "CT Precertificate Poison",
        "2.16.840.1.113730.1.1" => "Netscape Cert Type",
        "2.16.840.1.113730.1.13" => "Netscape Comment",
        _ => return None,
    })
}

fn extension_value(ext: &x509_parser::extensions::X509Extension<'_>) -> String {
    match ext.parsed_extension() {
        ParsedExtension::SubjectAlternativeName(san) => san_list_text(&san.general_names),
        ParsedExtension::IssuerAlternativeName(ian) => san_list_text(&ian.general_names),
        ParsedExtension::BasicConstraints(bc) => {
            let mut s = if bc.ca { "CA:TRUE" } else { "CA:FALSE" }.to_owned();
            if let Some(n) = bc.path_len_constraint {
                let _ = write!(s, ", pathlen:{n}");
            }
            s
        }
        ParsedExtension::KeyUsage(ku) => {
            let names = [
                (ku.digital_signature(), "Digital Signature"),
                (ku.non_repudiation(), "Non Repudiation"),
                (ku.key_encipherment(), "Key Encipherment"),
                (ku.data_encipherment(), "Data Encipherment"),
                (ku.key_agreement(), "Key Agreement"),
                (ku.key_cert_sign(), "Certificate Sign"),
                (ku.crl_sign(), "CRL Sign"),
                (ku.encipher_only(), "Encipher Only"),
                (ku.decipher_only(), "Decipher Only"),
            ];
            names
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        }
        // In the order written (as openssl prints them); x509-parser's flags lose it.
        ParsedExtension::ExtendedKeyUsage(_) => eku_text(ext.value),
        ParsedExtension::SubjectKeyIdentifier(id) => colon_hex(id.0, true),
        ParsedExtension::AuthorityKeyIdentifier(aki) => aki
            .key_identifier
            .as_ref()
            .map(|id| colon_hex(id.0, true))
            .unwrap_or_default(),
        _ => {
            let raw = ext.value;
            let shown = &raw[..raw.len().min(32)];
            let mut s = colon_hex(shown, true);
            if raw.len() > shown.len() {
                s.push_str(":…");
            }
            s
        }
    }
}

/// The purposes of an extendedKeyUsage value (a SEQUENCE of OIDs), in order, openssl's names.
fn eku_text(value: &[u8]) -> String {
    let Some((mut body, _)) = crate::der::expect(value, crate::der::tag::SEQUENCE) else {
        return colon_hex(value, true);
    };
    let mut names = Vec::new();
    while let Some((oid, rest)) = crate::der::expect(body, crate::der::tag::OID) {
        let dotted = crate::der::oid_to_string(oid).unwrap_or_default();
        names.push(
            match dotted.as_str() {
                "1.3.6.1.5.5.7.3.1" => "TLS Web Server Authentication",
                "1.3.6.1.5.5.7.3.2" => "TLS Web Client Authentication",
                "1.3.6.1.5.5.7.3.3" => "Code Signing",
                "1.3.6.1.5.5.7.3.4" => "E-mail Protection",
                "1.3.6.1.5.5.7.3.8" => "Time Stamping",
                "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
                "2.5.29.37.0" => "Any Extended Key Usage",
                _ => "",
            }
            .to_owned(),
        );
        if names.last().is_some_and(String::is_empty) {
            names.pop();
            names.push(dotted);
        }
        body = rest;
    }
    names.join(", ")
}

/// The certificate's Common Name, when it has one.
pub(crate) fn common_name(cert: &X509Certificate<'_>) -> Option<String> {
    cert.subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map(str::to_owned)
}

/// Validity bound as RFC 3339 UTC.
pub(crate) fn rfc3339(t: &x509_parser::time::ASN1Time) -> String {
    t.to_datetime()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

/// DER as a PEM block with `label`.
pub(crate) fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    let _ = writeln!(out, "-----BEGIN {label}-----");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    let _ = writeln!(out, "-----END {label}-----");
    out
}

/// Everything shown of one certificate.
pub(crate) fn certificate_info(der: &[u8], cert: &X509Certificate<'_>) -> CertificateInfo {
    let serial = {
        let raw = cert.raw_serial();
        colon_hex(crate::der::unsigned(raw), false)
    };
    CertificateInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        serial,
        not_before: rfc3339(&cert.validity().not_before),
        not_after: rfc3339(&cert.validity().not_after),
        sans: sans(cert),
        public_key: public_key_text(cert),
        signature_algorithm: signature_algorithm_name(
            &cert.signature_algorithm.algorithm.to_id_string(),
        ),
        sha256_fingerprint: fingerprint(der),
        is_ca: is_ca(cert),
        self_signed: is_self_signed(cert),
        extensions: cert
            .extensions()
            .iter()
            .map(|ext| {
                let oid = ext.oid.to_id_string();
                Extension {
                    name: extension_name(&oid).map_or_else(|| oid.clone(), str::to_owned),
                    oid,
                    critical: ext.critical,
                    value: extension_value(ext),
                }
            })
            .collect(),
        pem: pem("CERTIFICATE", der),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_prints_like_openssl() {
        let ip: std::net::Ipv6Addr = "2001:db8::1".parse().unwrap();
        assert_eq!(ip_text(&ip.octets()), "2001:DB8:0:0:0:0:0:1");
        assert_eq!(ip_text(&[172, 30, 2, 98]), "172.30.2.98");
    }

    #[test]
    fn weak_signatures_are_named() {
        assert!(is_weak_signature("sha1WithRSAEncryption"));
        assert!(is_weak_signature("md5WithRSAEncryption"));
        assert!(is_weak_signature("ecdsa-with-SHA1"));
        assert!(!is_weak_signature("sha256WithRSAEncryption"));
        assert!(!is_weak_signature("ecdsa-with-SHA256"));
    }

    #[test]
    fn pem_wraps_at_64() {
        let p = pem("CERTIFICATE", &[0u8; 100]);
        let lines: Vec<_> = p.lines().collect();
        assert_eq!(lines[0], "-----BEGIN CERTIFICATE-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines.last().unwrap(), &"-----END CERTIFICATE-----");
    }
}
