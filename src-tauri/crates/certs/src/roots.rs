//! The operating system's trusted roots, read once from the system store (on Linux
//! `/etc/ssl/certs`, or `SSL_CERT_FILE` / `SSL_CERT_DIR`): offline, the same roots `curl` and
//! `openssl` use on this machine.

use std::sync::OnceLock;

use rustls_pki_types::CertificateDer;

static SYSTEM: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();

/// The system roots (empty when the store cannot be read: every chain is then untrusted).
pub fn system_roots() -> &'static [CertificateDer<'static>] {
    SYSTEM.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}
