//! One client per connection. "Verification off" is the connection's own origin only: a
//! request to any other origin (a registry's token realm, a cluster's OAuth server, a blob
//! redirect to object storage) goes through a second client that verifies as usual, and the
//! connection's own client skips verification only for its own host name, so a redirect it
//! follows elsewhere is verified too.

use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, RequestBuilder};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use url::Url;

use crate::error::{Error, Result};
use crate::travel::Origin;

/// Timeouts and redirects of a connection's client.
#[derive(Debug, Clone)]
pub struct Options {
    /// Time to establish a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub request_timeout: Duration,
    /// How many redirects are followed (0: none; the reply is returned). `Authorization` is
    /// dropped by reqwest when a redirect leaves the origin.
    pub redirects: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            redirects: 0,
        }
    }
}

/// The HTTP client of one connection. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    origin: Option<Origin>,
    /// For requests to the connection's own origin (verification as the connection says).
    own: reqwest::Client,
    /// For every other origin: always verified (system roots plus the connection's CA).
    other: reqwest::Client,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The client of the connection at `base`, checking certificates as `tls` says.
    pub fn new(base: &Url, tls: &connections::TlsMode, options: &Options) -> Result<Self> {
        let setup = |reason: String| Error::ClientSetup {
            url: base.to_string(),
            reason,
        };
        let extra_roots = match tls {
            connections::TlsMode::CaBundle { path } => crate::load_ca_bundle(path)?,
            _ => Vec::new(),
        };
        let unverified = match tls {
            connections::TlsMode::Insecure => base
                .host_str()
                .map(|h| {
                    h.trim_start_matches('[')
                        .trim_end_matches(']')
                        .to_ascii_lowercase()
                })
                .and_then(|h| ServerName::try_from(h).ok()),
            _ => None,
        };
        let own = build(options, &extra_roots, unverified).map_err(setup)?;
        let other = build(options, &extra_roots, None).map_err(setup)?;
        Ok(Self {
            origin: Origin::of(base),
            own,
            other,
        })
    }

    /// The client for a request to `url`.
    fn pick(&self, url: &str) -> &reqwest::Client {
        let origin = Url::parse(url).ok().and_then(|u| Origin::of(&u));
        if origin.is_some() && origin == self.origin {
            &self.own
        } else {
            &self.other
        }
    }

    /// A request to `url` through the client its origin calls for.
    pub fn request(&self, method: Method, url: impl AsRef<str>) -> RequestBuilder {
        let url = url.as_ref();
        self.pick(url).request(method, url)
    }

    /// A GET request.
    pub fn get(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::GET, url)
    }

    /// A HEAD request.
    pub fn head(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::HEAD, url)
    }

    /// A POST request.
    pub fn post(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::POST, url)
    }

    /// A PUT request.
    pub fn put(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::PUT, url)
    }

    /// A DELETE request.
    pub fn delete(&self, url: impl AsRef<str>) -> RequestBuilder {
        self.request(Method::DELETE, url)
    }
}

fn build(
    options: &Options,
    extra_roots: &[CertificateDer<'static>],
    unverified: Option<ServerName<'static>>,
) -> std::result::Result<reqwest::Client, String> {
    // ring is the process's provider (one TLS provider in the tree).
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let platform = rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots.iter().cloned(),
        provider.clone(),
    )
    .map_err(|e| format!("no usable TLS roots: {e}"))?;
    let verifier = Arc::new(ScopedVerifier {
        inner: platform,
        unverified,
    });
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let redirect = if options.redirects == 0 {
        reqwest::redirect::Policy::none()
    } else {
        reqwest::redirect::Policy::limited(options.redirects)
    };
    reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .redirect(redirect)
        .user_agent(concat!("registry-console/", env!("CARGO_PKG_VERSION")))
        .tls_backend_preconfigured(tls)
        .build()
        .map_err(|e| e.to_string())
}

/// The system verifier (roots plus the connection's CA), except for the one host name the
/// user turned verification off for.
#[derive(Debug)]
struct ScopedVerifier {
    inner: rustls_platform_verifier::Verifier,
    unverified: Option<ServerName<'static>>,
}

impl ServerCertVerifier for ScopedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if self
            .unverified
            .as_ref()
            .is_some_and(|u| same_name(u, server_name))
        {
            return Ok(ServerCertVerified::assertion());
        }
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        // The handshake signature is checked even when the chain is not: the peer must hold
        // the key of the certificate it shows.
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn same_name(a: &ServerName<'_>, b: &ServerName<'_>) -> bool {
    match (a, b) {
        (ServerName::DnsName(a), ServerName::DnsName(b)) => {
            a.as_ref().eq_ignore_ascii_case(b.as_ref())
        }
        (ServerName::IpAddress(a), ServerName::IpAddress(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// An https server on 127.0.0.1 with a certificate for `names`, self-signed or signed by
    /// `ca`, answering every request with 200 "ok".
    async fn server(names: &[&str], ca: Option<&rcgen::Issuer<'_, rcgen::KeyPair>>) -> u16 {
        let key = rcgen::KeyPair::generate().unwrap();
        let params =
            rcgen::CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap();
        let cert = match ca {
            None => params.self_signed(&key).unwrap(),
            Some(issuer) => params.signed_by(&key, issuer).unwrap(),
        };
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::try_from(key.serialize_der()).unwrap(),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(socket).await else {
                        return;
                    };
                    let mut buf = [0u8; 4096];
                    let _ = tls.read(&mut buf).await;
                    let _ = tls
                        .write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                        )
                        .await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        port
    }

    async fn self_signed_server(names: &[&str]) -> u16 {
        server(names, None).await
    }

    fn options() -> Options {
        Options {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(5),
            redirects: 0,
        }
    }

    #[tokio::test]
    async fn verification_off_applies_to_the_connections_own_origin_only() {
        let own = self_signed_server(&["localhost"]).await;
        let elsewhere = self_signed_server(&["127.0.0.1", "localhost"]).await;
        let base = Url::parse(&format!("https://localhost:{own}")).unwrap();
        let client = Client::new(&base, &connections::TlsMode::Insecure, &options()).unwrap();

        let reply = client
            .get(format!("https://localhost:{own}/v2/"))
            .send()
            .await;
        assert_eq!(reply.unwrap().status(), 200, "the connection's own origin");

        // Another host (a token realm, an identity provider): verified, so refused.
        let other_host = client
            .get(format!("https://127.0.0.1:{elsewhere}/token"))
            .send()
            .await;
        assert!(other_host.is_err(), "another host must be verified");
        // The same host on another port is another origin too.
        let other_port = client
            .get(format!("https://localhost:{elsewhere}/token"))
            .send()
            .await;
        assert!(other_port.is_err(), "another port must be verified");
    }

    #[tokio::test]
    async fn verification_on_refuses_a_self_signed_server_and_a_ca_bundle_trusts_its_leaves() {
        let port = self_signed_server(&["localhost"]).await;
        let base = Url::parse(&format!("https://localhost:{port}")).unwrap();
        let strict = Client::new(&base, &connections::TlsMode::System, &options()).unwrap();
        assert!(strict.get(base.as_str()).send().await.is_err());

        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca_params.clone().self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let dir = tempfile::tempdir().unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca.pem()).unwrap();
        let port = server(&["localhost"], Some(&issuer)).await;
        let base = Url::parse(&format!("https://localhost:{port}")).unwrap();
        let tls = connections::TlsMode::CaBundle {
            path: ca_file.to_string_lossy().into_owned(),
        };
        let with_ca = Client::new(&base, &tls, &options()).unwrap();
        assert_eq!(
            with_ca.get(base.as_str()).send().await.unwrap().status(),
            200
        );
    }

    #[test]
    fn a_missing_ca_bundle_is_an_error_naming_the_file() {
        let base = Url::parse("https://registry.example.com").unwrap();
        let tls = connections::TlsMode::CaBundle {
            path: "/nonexistent/ca.pem".into(),
        };
        let e = Client::new(&base, &tls, &options()).unwrap_err();
        assert!(e.to_string().contains("/nonexistent/ca.pem"), "{e}");
    }
}
