//! The one reader of a connection's CA bundle file.

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::error::{Error, Result};

/// The largest CA bundle read: the whole Mozilla store is ~220 KiB of PEM.
const MAX_BUNDLE_BYTES: u64 = 4 * 1024 * 1024;

/// The certificates of a CA bundle file: PEM (any number of `CERTIFICATE` blocks) or one DER
/// certificate. A file that is too large, unreadable or holds no certificate is an error that
/// names the file.
pub fn load_ca_bundle(path: &str) -> Result<Vec<CertificateDer<'static>>> {
    let bad = |reason: String| Error::CaBundle {
        path: path.to_owned(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| bad(e.to_string()))?;
    if meta.len() > MAX_BUNDLE_BYTES {
        return Err(bad(format!(
            "it is {} bytes, more than a CA bundle can be ({MAX_BUNDLE_BYTES})",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut certs = Vec::new();
    for der in CertificateDer::pem_slice_iter(&bytes) {
        certs.push(der.map_err(|e| bad(format!("invalid PEM: {e}")))?);
    }
    if certs.is_empty() {
        // A DER certificate starts with a SEQUENCE tag.
        if bytes.first() == Some(&0x30) {
            certs.push(CertificateDer::from(bytes));
        } else {
            return Err(bad("it holds no PEM or DER certificate".into()));
        }
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ca_pem() -> String {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn pem_and_der_bundles_are_read_and_garbage_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let pem = dir.path().join("ca.pem");
        std::fs::write(&pem, format!("{}{}", ca_pem(), ca_pem())).unwrap();
        assert_eq!(load_ca_bundle(pem.to_str().unwrap()).unwrap().len(), 2);

        let der = dir.path().join("ca.der");
        let one = load_ca_bundle(pem.to_str().unwrap()).unwrap().remove(0);
        std::fs::write(&der, one.as_ref()).unwrap();
        assert_eq!(load_ca_bundle(der.to_str().unwrap()).unwrap().len(), 1);

        let junk = dir.path().join("junk.txt");
        std::fs::write(&junk, "hello").unwrap();
        let e = load_ca_bundle(junk.to_str().unwrap()).unwrap_err();
        assert!(e.to_string().contains("junk.txt"), "{e}");
        assert!(e.to_string().contains("no PEM or DER"), "{e}");

        let missing = dir.path().join("missing.pem");
        assert!(load_ca_bundle(missing.to_str().unwrap()).is_err());
    }

    #[test]
    fn a_huge_file_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.pem");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_BUNDLE_BYTES + 1).unwrap();
        let e = load_ca_bundle(big.to_str().unwrap()).unwrap_err();
        assert!(e.to_string().contains("more than a CA bundle"), "{e}");
    }
}
