//! "What is this endpoint presenting?": connects to host:port with rustls (ring), records the
//! chain the server sends and whether it verifies against the system roots (plus a
//! connection's CA bundle), and completes the handshake either way so an untrusted chain is
//! shown, never hidden. Nothing is sent after the handshake.
//!
//! Failures before a chain is seen are told apart: DNS, refused, timeout, another socket
//! error, plain HTTP on the port (probed with a second connection), and other TLS failures.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::error::{Error, Result};

/// How long connecting, and then the handshake, may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What the handshake showed.
#[derive(Debug)]
pub(crate) struct Presented {
    pub address: String,
    pub server_name: String,
    pub tls_version: String,
    pub cipher_suite: String,
    pub chain: Vec<CertificateDer<'static>>,
    /// `None` when the chain verified; the reason in words otherwise.
    pub trust_error: Option<String>,
}

/// Records the chain and the real verifier's verdict, and lets the handshake go on.
#[derive(Debug)]
struct Recorder {
    real: std::result::Result<Arc<WebPkiServerVerifier>, String>,
    provider: Arc<CryptoProvider>,
    seen: Mutex<Option<(Vec<CertificateDer<'static>>, Option<String>)>>,
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let verdict = match &self.real {
            Ok(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .err()
                .map(|e| in_words(&e, server_name)),
            Err(why) => Some(why.clone()),
        };
        let chain = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.clone().into_owned())
            .collect();
        *self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((chain, verdict));
        // The verdict is reported, not enforced: nothing is sent over this connection.
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// rustls' verdict in words a registry admin acts on.
fn in_words(error: &rustls::Error, server_name: &ServerName<'_>) -> String {
    let name = server_name.to_str();
    match error {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::UnknownIssuer => "the chain does not lead to a trusted root: its CA is not in the system roots or the connection's CA bundle".into(),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("the certificate is not valid for {name}: no SAN matches it")
            }
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                "the certificate has expired".into()
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                "the certificate is not valid yet (check the clocks)".into()
            }
            CertificateError::BadSignature => "a signature in the chain does not verify".into(),
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                "the certificate is not for server authentication (extendedKeyUsage)".into()
            }
            other => {
                let text = format!("{other:?}");
                if text.contains("CaUsedAsEndEntity") {
                    "the server certificate is a CA (CA:TRUE): rustls clients refuse it".into()
                } else {
                    format!("the certificate was refused: {other}")
                }
            }
        },
        other => other.to_string(),
    }
}

/// Connects, handshakes and records; `extra_ca` is PEM or DER CA certificates to trust too.
pub(crate) async fn handshake(
    host: &str,
    port: u16,
    sni: Option<&str>,
    system_roots: &[CertificateDer<'static>],
    extra_ca: &[CertificateDer<'static>],
) -> Result<Presented> {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    let sni = sni.map(str::trim).filter(|s| !s.is_empty()).unwrap_or(host);
    if host.is_empty() {
        return Err(Error::InvalidServerName { name: host.into() });
    }
    let server_name =
        ServerName::try_from(sni.to_owned()).map_err(|_| Error::InvalidServerName {
            name: sni.to_owned(),
        })?;
    let address = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };

    let tcp = connect(host, port, &address).await?;

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(system_roots.iter().cloned());
    roots.add_parsable_certificates(extra_ca.iter().cloned());
    let real = if roots.is_empty() {
        Err("no trusted roots are available (the system store is empty)".to_owned())
    } else {
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| e.to_string())
    };
    let recorder = Arc::new(Recorder {
        real,
        provider: provider.clone(),
        seen: Mutex::new(None),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::TlsSetup {
            reason: e.to_string(),
        })?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let outcome = tokio::time::timeout(TIMEOUT, connector.connect(server_name, tcp)).await;
    let mut stream = match outcome {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => {
            if speaks_plain_http(host, port).await {
                return Err(Error::PlainHttp { address });
            }
            return Err(Error::Handshake {
                address,
                reason: e.to_string(),
            });
        }
        Err(_) => {
            if speaks_plain_http(host, port).await {
                return Err(Error::PlainHttp { address });
            }
            return Err(Error::Timeout {
                address,
                seconds: TIMEOUT.as_secs(),
                stage: "TLS handshake",
            });
        }
    };
    let (_, conn) = stream.get_ref();
    let tls_version = match conn.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3".to_owned(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2".to_owned(),
        Some(other) => format!("{other:?}"),
        None => "unknown".to_owned(),
    };
    let cipher_suite = conn
        .negotiated_cipher_suite()
        .map(|s| iana_name(s.suite()))
        .unwrap_or_default();
    let seen = recorder
        .seen
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let (chain, trust_error) = match seen {
        Some(seen) => seen,
        // A resumed session skips verification; this client never resumes, but be exact.
        None => (
            conn.peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|c| c.clone().into_owned())
                .collect(),
            Some("the server's chain was not verified".to_owned()),
        ),
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.shutdown()).await;
    Ok(Presented {
        address,
        server_name: sni.to_owned(),
        tls_version,
        cipher_suite,
        chain,
        trust_error,
    })
}

/// IANA name of a cipher suite (`TLS_AES_128_GCM_SHA256`, `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`).
fn iana_name(suite: rustls::CipherSuite) -> String {
    let name = suite
        .as_str()
        .map_or_else(|| format!("{suite:?}"), str::to_owned);
    match name.strip_prefix("TLS13_") {
        Some(rest) => format!("TLS_{rest}"),
        None => name,
    }
}

async fn connect(host: &str, port: u16, address: &str) -> Result<TcpStream> {
    let addrs: Vec<std::net::SocketAddr> =
        match tokio::time::timeout(TIMEOUT, tokio::net::lookup_host((host, port))).await {
            Ok(Ok(addrs)) => addrs.collect(),
            Ok(Err(source)) => {
                return Err(Error::Resolve {
                    host: host.to_owned(),
                    source,
                });
            }
            Err(_) => {
                return Err(Error::Timeout {
                    address: address.to_owned(),
                    seconds: TIMEOUT.as_secs(),
                    stage: "resolving the host name",
                });
            }
        };
    if addrs.is_empty() {
        return Err(Error::Resolve {
            host: host.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address found"),
        });
    }
    let mut last = None;
    for addr in addrs {
        match tokio::time::timeout(TIMEOUT, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => return Ok(stream),
            Ok(Err(e)) => last = Some(e),
            Err(_) => {
                return Err(Error::Timeout {
                    address: address.to_owned(),
                    seconds: TIMEOUT.as_secs(),
                    stage: "connecting",
                });
            }
        }
    }
    let source = last.unwrap_or_else(|| std::io::Error::other("no address to connect to"));
    if source.kind() == std::io::ErrorKind::ConnectionRefused {
        return Err(Error::Refused {
            address: address.to_owned(),
        });
    }
    Err(Error::Connect {
        address: address.to_owned(),
        source,
    })
}

/// Whether the port answers a plain HTTP request with an HTTP status line.
async fn speaks_plain_http(host: &str, port: u16) -> bool {
    let probe = async {
        let mut s = TcpStream::connect((host, port)).await.ok()?;
        let request = format!("HEAD / HTTP/1.0\r\nHost: {host}\r\n\r\n");
        s.write_all(request.as_bytes()).await.ok()?;
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).await.ok()?;
        Some(&buf == b"HTTP/")
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(5), probe).await,
        Ok(Some(true))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_suites_get_their_iana_names() {
        assert_eq!(
            iana_name(rustls::CipherSuite::TLS13_AES_128_GCM_SHA256),
            "TLS_AES_128_GCM_SHA256"
        );
        assert_eq!(
            iana_name(rustls::CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        );
    }
}
