//! Private keys: which format a block holds, whether it is encrypted, and whether it belongs
//! to a certificate (the public half derived from the private key, compared with the
//! certificate's SubjectPublicKeyInfo).
//!
//! Key bytes live only in [`KeyMaterial`], which wipes them when dropped and prints
//! `<redacted>`. Nothing here returns key bytes to a caller outside the crate.

use std::fmt;

use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, Ed25519KeyPair};
use x509_parser::certificate::X509Certificate;
use zeroize::Zeroizing;

use crate::der::{self, tag};

/// id-rsaEncryption.
pub(crate) const OID_RSA: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey.
pub(crate) const OID_EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519.
pub(crate) const OID_ED25519: &str = "1.3.101.112";
/// secp256r1 (P-256).
pub(crate) const OID_P256: &str = "1.2.840.10045.3.1.7";
/// secp384r1 (P-384).
pub(crate) const OID_P384: &str = "1.3.132.0.34";
/// secp521r1 (P-521).
pub(crate) const OID_P521: &str = "1.3.132.0.35";

/// DER bytes of an rsaEncryption AlgorithmIdentifier's OID content.
const RSA_OID_BYTES: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// DER bytes of id-ecPublicKey's OID content.
const EC_OID_BYTES: [u8; 7] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/// Private key bytes: wiped on drop, never printed.
#[derive(Clone)]
pub struct KeyMaterial(Zeroizing<Vec<u8>>);

impl KeyMaterial {
    /// Wraps key bytes.
    pub(crate) fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The bytes, for the one place that writes or uses them.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl PartialEq for KeyMaterial {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_slice() == other.0.as_slice()
    }
}

/// How a private key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyFormat {
    /// `BEGIN PRIVATE KEY` (PKCS#8).
    Pkcs8,
    /// `BEGIN RSA PRIVATE KEY` (PKCS#1).
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY` (SEC1).
    Sec1,
    /// `BEGIN ENCRYPTED PRIVATE KEY` (PKCS#8 EncryptedPrivateKeyInfo).
    EncryptedPkcs8,
    /// A PKCS#1 / SEC1 block with `Proc-Type: 4,ENCRYPTED` headers (OpenSSL's legacy format).
    LegacyEncrypted,
}

impl KeyFormat {
    /// Whether the key cannot be used without a passphrase.
    pub(crate) fn is_encrypted(self) -> bool {
        matches!(self, Self::EncryptedPkcs8 | Self::LegacyEncrypted)
    }

    /// The PEM label the key is written with.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Pkcs8 => "PRIVATE KEY",
            Self::Pkcs1 => "RSA PRIVATE KEY",
            Self::Sec1 => "EC PRIVATE KEY",
            Self::EncryptedPkcs8 => "ENCRYPTED PRIVATE KEY",
            Self::LegacyEncrypted => "(legacy encrypted) PRIVATE KEY",
        }
    }
}

/// A private key found in the input. `Debug` says where it was, never what it is.
#[derive(Clone)]
pub(crate) struct PrivateKey {
    /// Its format.
    pub format: KeyFormat,
    /// Its DER (for encrypted keys: the encrypted structure; for legacy ones: the ciphertext).
    pub der: KeyMaterial,
    /// File name or "pasted".
    pub source: String,
    /// 1-based line of its BEGIN line.
    pub line: Option<u32>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("format", &self.format)
            .field("der", &self.der)
            .field("source", &self.source)
            .field("line", &self.line)
            .finish()
    }
}

impl PrivateKey {
    /// "registry.key, line 3" for messages and params.
    pub(crate) fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}, line {line}", self.source),
            None => self.source.clone(),
        }
    }
}

/// The parts of an unencrypted key needed to match it with a certificate.
enum KeyParts {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    Ec {
        curve: Option<String>,
        scalar: Zeroizing<Vec<u8>>,
        public: Option<Vec<u8>>,
    },
    Ed25519 {
        seed: Zeroizing<Vec<u8>>,
    },
    Other,
}

/// Whether `der` is a well-formed key of `format` (encrypted ones: the outer structure only).
pub(crate) fn is_well_formed(der: &[u8], format: KeyFormat) -> bool {
    match format {
        KeyFormat::EncryptedPkcs8 => encrypted_pkcs8_ok(der),
        // The legacy format's body is ciphertext: nothing to check but that it is there.
        KeyFormat::LegacyEncrypted => !der.is_empty(),
        _ => parts(der, format).is_some(),
    }
}

fn encrypted_pkcs8_ok(der: &[u8]) -> bool {
    (|| {
        let (body, rest) = der::expect(der, tag::SEQUENCE)?;
        if !rest.is_empty() {
            return None;
        }
        let (alg, body) = der::expect(body, tag::SEQUENCE)?;
        der::expect(alg, tag::OID)?;
        der::expect(body, tag::OCTET_STRING)?;
        Some(())
    })()
    .is_some()
}

/// Guesses the format of a DER key file (no PEM label to go by).
pub(crate) fn sniff_der(der: &[u8]) -> Option<KeyFormat> {
    [
        KeyFormat::Pkcs8,
        KeyFormat::Pkcs1,
        KeyFormat::Sec1,
        KeyFormat::EncryptedPkcs8,
    ]
    .into_iter()
    .find(|&f| der::is_single_sequence(der) && is_well_formed(der, f))
}

fn parts(der: &[u8], format: KeyFormat) -> Option<KeyParts> {
    match format {
        KeyFormat::Pkcs8 => pkcs8_parts(der),
        KeyFormat::Pkcs1 => pkcs1_parts(der),
        KeyFormat::Sec1 => sec1_parts(der, None),
        KeyFormat::EncryptedPkcs8 | KeyFormat::LegacyEncrypted => None,
    }
}

fn pkcs8_parts(der: &[u8]) -> Option<KeyParts> {
    let (body, rest) = der::expect(der, tag::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (_version, body) = der::expect(body, tag::INTEGER)?;
    let (alg, body) = der::expect(body, tag::SEQUENCE)?;
    let (oid, params) = der::expect(alg, tag::OID)?;
    let (private, _attributes) = der::expect(body, tag::OCTET_STRING)?;
    match der::oid_to_string(oid)?.as_str() {
        OID_RSA => pkcs1_parts(private),
        OID_EC => {
            let curve = der::expect(params, tag::OID).and_then(|(c, _)| der::oid_to_string(c));
            sec1_parts(private, curve)
        }
        OID_ED25519 => {
            let (seed, _) = der::expect(private, tag::OCTET_STRING)?;
            (seed.len() == 32).then(|| KeyParts::Ed25519 {
                seed: Zeroizing::new(seed.to_vec()),
            })
        }
        _ => Some(KeyParts::Other),
    }
}

fn pkcs1_parts(der: &[u8]) -> Option<KeyParts> {
    let (body, rest) = der::expect(der, tag::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (_version, body) = der::expect(body, tag::INTEGER)?;
    let (n, body) = der::expect(body, tag::INTEGER)?;
    let (e, body) = der::expect(body, tag::INTEGER)?;
    // The private exponent must be there: a public key is not a private key.
    der::expect(body, tag::INTEGER)?;
    Some(KeyParts::Rsa {
        n: der::unsigned(n).to_vec(),
        e: der::unsigned(e).to_vec(),
    })
}

fn sec1_parts(der: &[u8], curve_from_outside: Option<String>) -> Option<KeyParts> {
    let (body, rest) = der::expect(der, tag::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (version, body) = der::expect(body, tag::INTEGER)?;
    if version != [1] {
        return None;
    }
    let (scalar, mut body) = der::expect(body, tag::OCTET_STRING)?;
    if scalar.is_empty() {
        return None;
    }
    let mut curve = curve_from_outside;
    let mut public = None;
    while let Some((tlv, rest)) = der::read_tlv(body) {
        match tlv.tag {
            tag::CONTEXT_0 => {
                if let Some((oid, _)) = der::expect(tlv.value, tag::OID) {
                    curve = curve.or_else(|| der::oid_to_string(oid));
                }
            }
            tag::CONTEXT_1 => {
                if let Some((bits, _)) = der::expect(tlv.value, tag::BIT_STRING) {
                    // The first byte of a BIT STRING counts unused bits.
                    public = bits.get(1..).map(<[u8]>::to_vec);
                }
            }
            _ => return None,
        }
        body = rest;
    }
    if !body.is_empty() {
        return None;
    }
    Some(KeyParts::Ec {
        curve,
        scalar: Zeroizing::new(scalar.to_vec()),
        public,
    })
}

/// Whether a key belongs to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyMatch {
    /// The public half derived from the key is the certificate's.
    Yes,
    /// It is not.
    No,
    /// The key is encrypted or of a type that cannot be compared here.
    Unknown,
}

/// Compares a key's public half with the certificate's public key.
pub(crate) fn key_matches(key: &PrivateKey, cert: &X509Certificate<'_>) -> KeyMatch {
    let Some(parts) = parts(key.der.expose(), key.format) else {
        return KeyMatch::Unknown;
    };
    let spki = cert.public_key();
    let cert_alg = spki.algorithm.algorithm.to_id_string();
    let cert_public = spki.subject_public_key.data.as_ref();
    let yes = |b: bool| if b { KeyMatch::Yes } else { KeyMatch::No };
    match parts {
        KeyParts::Rsa { n, e } => {
            if cert_alg != OID_RSA {
                return KeyMatch::No;
            }
            let Some((body, _)) = der::expect(cert_public, tag::SEQUENCE) else {
                return KeyMatch::No;
            };
            let Some((cn, body)) = der::expect(body, tag::INTEGER) else {
                return KeyMatch::No;
            };
            let Some((ce, _)) = der::expect(body, tag::INTEGER) else {
                return KeyMatch::No;
            };
            yes(der::unsigned(cn) == n.as_slice() && der::unsigned(ce) == e.as_slice())
        }
        KeyParts::Ec {
            curve,
            scalar,
            public,
        } => {
            if cert_alg != OID_EC {
                return KeyMatch::No;
            }
            let cert_curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string());
            if let (Some(k), Some(c)) = (&curve, &cert_curve)
                && k != c
            {
                return KeyMatch::No;
            }
            let alg: &'static signature::EcdsaSigningAlgorithm =
                match curve.as_deref().or(cert_curve.as_deref()) {
                    Some(OID_P256) => &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                    Some(OID_P384) => &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
                    // ring has no P-521: compare the public key stored in the key, if any.
                    _ => {
                        return match public {
                            Some(p) => yes(p == cert_public),
                            None => KeyMatch::Unknown,
                        };
                    }
                };
            // ring checks that the private scalar really yields the certificate's point.
            yes(EcdsaKeyPair::from_private_key_and_public_key(
                alg,
                &scalar,
                cert_public,
                &SystemRandom::new(),
            )
            .is_ok())
        }
        KeyParts::Ed25519 { seed } => {
            if cert_alg != OID_ED25519 {
                return KeyMatch::No;
            }
            yes(Ed25519KeyPair::from_seed_and_public_key(&seed, cert_public).is_ok())
        }
        KeyParts::Other => KeyMatch::Unknown,
    }
}

/// The key as PKCS#8 (what rcgen's ring backend signs with); `None` when encrypted or unreadable.
pub(crate) fn to_pkcs8(key: &PrivateKey) -> Option<KeyMaterial> {
    let der = key.der.expose();
    match (key.format, parts(der, key.format)?) {
        (KeyFormat::Pkcs8, _) => Some(key.der.clone()),
        (KeyFormat::Pkcs1, _) => {
            let mut alg = der::encode(tag::OID, &RSA_OID_BYTES);
            alg.extend(der::encode(tag::NULL, &[]));
            Some(wrap_pkcs8(&alg, der))
        }
        (KeyFormat::Sec1, KeyParts::Ec { curve: Some(c), .. }) => {
            let curve_bytes = match c.as_str() {
                OID_P256 => &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07][..],
                OID_P384 => &[0x2b, 0x81, 0x04, 0x00, 0x22][..],
                _ => return None,
            };
            let mut alg = der::encode(tag::OID, &EC_OID_BYTES);
            alg.extend(der::encode(tag::OID, curve_bytes));
            Some(wrap_pkcs8(&alg, der))
        }
        _ => None,
    }
}

fn wrap_pkcs8(alg_content: &[u8], private: &[u8]) -> KeyMaterial {
    let mut body = Zeroizing::new(der::encode(tag::INTEGER, &[0]));
    body.extend(der::encode(tag::SEQUENCE, alg_content));
    body.extend(Zeroizing::new(der::encode(tag::OCTET_STRING, private)).iter());
    KeyMaterial::new(der::encode(tag::SEQUENCE, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_material_is_redacted() {
        let k = KeyMaterial::new(vec![1, 2, 3]);
        assert_eq!(format!("{k:?}"), "<redacted>");
    }

    #[test]
    fn garbage_is_not_a_key() {
        for f in [
            KeyFormat::Pkcs8,
            KeyFormat::Pkcs1,
            KeyFormat::Sec1,
            KeyFormat::EncryptedPkcs8,
        ] {
            assert!(!is_well_formed(b"", f));
            assert!(!is_well_formed(&[0x30, 0x03, 0x02, 0x01, 0x00], f));
        }
        assert_eq!(sniff_der(&[0x30, 0x00]), None);
    }

    #[test]
    fn generated_ec_key_matches_its_certificate_and_not_another() {
        let a = rcgen::generate_simple_self_signed(vec!["a.example".into()]).unwrap();
        let b = rcgen::generate_simple_self_signed(vec!["b.example".into()]).unwrap();
        let key = PrivateKey {
            format: KeyFormat::Pkcs8,
            der: KeyMaterial::new(a.signing_key.serialize_der()),
            source: "pasted".into(),
            line: Some(1),
        };
        let (_, ca) = x509_parser::parse_x509_certificate(a.cert.der()).unwrap();
        let (_, cb) = x509_parser::parse_x509_certificate(b.cert.der()).unwrap();
        assert_eq!(key_matches(&key, &ca), KeyMatch::Yes);
        assert_eq!(key_matches(&key, &cb), KeyMatch::No);
        assert_eq!(to_pkcs8(&key).unwrap(), key.der);
    }
}
