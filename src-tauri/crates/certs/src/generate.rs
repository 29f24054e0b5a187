//! Server certificates made here: self-signed (what the console makes when none is installed)
//! or signed by a CA the user picks (as `oc adm ca create-server-cert --hostnames=...` does).
//! ECDSA P-256 by default, `CA:FALSE`, serverAuth, host names split into DNS and IP SANs, the
//! first one also the CN.

use std::net::IpAddr;

use rcgen::{
    CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    SanType, SerialNumber,
};
use ring::rand::SecureRandom as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use time::{Duration, OffsetDateTime};

use crate::doctor::parse_ip;
use crate::error::{Error, Result};
use crate::keys::{self, KeyMatch, KeyMaterial};
use crate::model::{GenerateRequest, KeyType, Signer};
use crate::parse::{self, Source};

/// The longest validity accepted (ten years; the doctor warns past two).
pub const MAX_DAYS: u32 = 3650;

/// What was made.
pub(crate) struct Made {
    pub cert_der: Vec<u8>,
    pub ca_der: Option<Vec<u8>>,
    /// PKCS#8.
    pub key: KeyMaterial,
}

impl std::fmt::Debug for Made {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Made")
            .field("cert_der", &self.cert_der.len())
            .field("ca_der", &self.ca_der.as_ref().map(Vec::len))
            .field("key", &self.key)
            .finish()
    }
}

/// A host name as a SAN: an IP address, or a DNS name (a leading `*.` allowed).
pub(crate) fn san_for(name: &str) -> Result<SanType> {
    let invalid = || Error::InvalidHostname {
        name: name.to_owned(),
    };
    if let Some(ip) = parse_ip(name) {
        return Ok(SanType::IpAddress(ip));
    }
    let dns = name.trim_end_matches('.');
    let labels: Vec<&str> = dns.split('.').collect();
    let ok = !dns.is_empty()
        && dns.len() <= 253
        && labels.iter().enumerate().all(|(i, l)| {
            (i == 0 && *l == "*" && labels.len() > 2)
                || (!l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        });
    if !ok {
        return Err(invalid());
    }
    Ok(SanType::DnsName(
        dns.to_ascii_lowercase().try_into().map_err(|_| invalid())?,
    ))
}

fn rc(e: rcgen::Error) -> Error {
    Error::Generate {
        reason: e.to_string(),
    }
}

/// Makes the certificate asked for.
pub(crate) fn make(req: &GenerateRequest, now: OffsetDateTime) -> Result<Made> {
    let hosts: Vec<&str> = req
        .hostnames
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let Some(first) = hosts.first() else {
        return Err(Error::NoHostnames);
    };
    if req.days == 0 || req.days > MAX_DAYS {
        return Err(Error::InvalidDays { days: req.days });
    }
    let mut sans = Vec::with_capacity(hosts.len());
    for h in &hosts {
        let san = san_for(h)?;
        if !sans.contains(&san) {
            sans.push(san);
        }
    }

    let alg = match req.key_type {
        KeyType::EcdsaP256 => &rcgen::PKCS_ECDSA_P256_SHA256,
        KeyType::EcdsaP384 => &rcgen::PKCS_ECDSA_P384_SHA384,
    };
    let key = KeyPair::generate_for(alg).map_err(rc)?;

    let mut params = CertificateParams::default();
    params.distinguished_name.push(
        DnType::CommonName,
        parse_ip(first).map_or_else(
            || first.trim_end_matches('.').to_owned(),
            |ip: IpAddr| ip.to_string(),
        ),
    );
    params.subject_alt_names = sans;
    params.not_before = now - Duration::minutes(5);
    params.not_after = now + Duration::days(i64::from(req.days)) - Duration::minutes(5);
    params.serial_number = Some(random_serial()?);
    params.is_ca = IsCa::ExplicitNoCa;
    // keyEncipherment is for RSA key transport; these keys are ECDSA.
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];

    let (cert_der, ca_der) = match &req.signer {
        Signer::SelfSigned => (params.self_signed(&key).map_err(rc)?.der().to_vec(), None),
        Signer::Ca {
            certificate,
            key: ca_key,
        } => {
            let cert_bytes = crate::decode_file(certificate)?;
            let key_bytes = crate::decode_file(ca_key)?;
            let found_cert = parse::parse_sources(&[Source {
                name: &certificate.name,
                bytes: &cert_bytes,
            }]);
            let ca_der = found_cert
                .certs
                .first()
                .map(|c| c.der.clone())
                .ok_or_else(|| Error::CaCertificateMissing {
                    name: certificate.name.clone(),
                })?;
            let (_, ca_cert) = x509_parser::parse_x509_certificate(&ca_der).map_err(|_| {
                Error::CaCertificateMissing {
                    name: certificate.name.clone(),
                }
            })?;
            if !crate::info::is_ca(&ca_cert) {
                return Err(Error::NotACa {
                    subject: ca_cert.subject().to_string(),
                });
            }
            let found_key = parse::parse_sources(&[Source {
                name: &ca_key.name,
                bytes: &key_bytes,
            }]);
            let picked = found_key.keys.first().ok_or_else(|| Error::CaKeyMissing {
                name: ca_key.name.clone(),
            })?;
            if picked.format.is_encrypted() {
                return Err(Error::CaKeyEncrypted {
                    location: picked.location(),
                });
            }
            if keys::key_matches(picked, &ca_cert) == KeyMatch::No {
                return Err(Error::CaKeyMismatch {
                    location: picked.location(),
                    subject: ca_cert.subject().to_string(),
                });
            }
            let unsupported = || Error::CaKeyUnsupported {
                location: picked.location(),
            };
            let pkcs8 = keys::to_pkcs8(picked).ok_or_else(unsupported)?;
            let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8.expose().to_vec()));
            let signing = KeyPair::try_from(&der).map_err(|_| unsupported())?;
            let issuer =
                Issuer::from_ca_cert_der(&CertificateDer::from(ca_der.as_slice()), signing)
                    .map_err(rc)?;
            params.use_authority_key_identifier_extension = true;
            let cert = params.signed_by(&key, &issuer).map_err(rc)?;
            (cert.der().to_vec(), Some(ca_der))
        }
    };
    Ok(Made {
        cert_der,
        ca_der,
        key: KeyMaterial::new(key.serialize_der()),
    })
}

/// 16 random bytes, positive (high bit clear) and not starting with a zero byte.
fn random_serial() -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::Generate {
            reason: "the system random generator failed".into(),
        })?;
    bytes[0] = (bytes[0] & 0x7f) | 0x10;
    Ok(SerialNumber::from_slice(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_split_into_dns_and_ip_sans() {
        assert!(matches!(
            san_for("172.30.124.220").unwrap(),
            SanType::IpAddress(_)
        ));
        assert!(matches!(
            san_for("[2001:db8::1]").unwrap(),
            SanType::IpAddress(_)
        ));
        assert!(matches!(
            san_for("docker-registry.default.svc").unwrap(),
            SanType::DnsName(_)
        ));
        assert!(matches!(
            san_for("*.apps.example.com").unwrap(),
            SanType::DnsName(_)
        ));
        for bad in [
            "",
            "a b",
            "-x.example",
            "x..y",
            "*.com",
            "a.*.example.com",
            "ü.example",
        ] {
            assert!(
                matches!(san_for(bad), Err(Error::InvalidHostname { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_no_hosts_and_bad_days() {
        let mut req = GenerateRequest {
            hostnames: vec![" ".into()],
            days: 730,
            key_type: KeyType::EcdsaP256,
            signer: Signer::SelfSigned,
        };
        assert!(matches!(
            make(&req, OffsetDateTime::now_utc()),
            Err(Error::NoHostnames)
        ));
        req.hostnames = vec!["a.example".into()];
        req.days = 0;
        assert!(matches!(
            make(&req, OffsetDateTime::now_utc()),
            Err(Error::InvalidDays { days: 0 })
        ));
    }
}
