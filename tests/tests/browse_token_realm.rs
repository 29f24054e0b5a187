//! Where the registry client sends the user's credentials and whom it trusts when a registry
//! names a token realm: an `https://` registry must not get our password sent in clear to an
//! `http://` realm elsewhere, and a connection with verification off trusts only its own
//! origin, not the realm a registry points at.
//!
//! The registries here are in-process HTTPS servers (rustls on a blocking thread, one reply
//! per connection) so a test can choose the challenge; the token servers are axum on
//! 127.0.0.1.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use connections::{Connection, ConnectionKind, TlsMode};
use harness::tls::{ServerCertificates, server_certificates};
use registry::{ClientOptions, Error, RegistryClient};
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use vault::BasicCredentials;

fn client(url: &str, tls: TlsMode, credentials: Option<BasicCredentials>) -> RegistryClient {
    let connection = Connection {
        id: "realm".into(),
        name: "realm".into(),
        kind: ConnectionKind::Registry,
        url: url.into(),
        tls,
        linked_cluster: None,
        openshift_version: None,
    };
    let options = ClientOptions {
        connect_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(5),
        retry_backoff: vec![],
        ..ClientOptions::default()
    };
    RegistryClient::with_options(&connection, credentials, options).unwrap()
}

fn alice() -> Option<BasicCredentials> {
    Some(BasicCredentials::new("alice", "alice-pw-7"))
}

/// An HTTPS server with certificates from its own test CA. For every request it answers
/// `reply(request head)`; it serves until the test process ends.
struct TlsServer {
    url: String,
    certificates: ServerCertificates,
    _dir: tempfile::TempDir,
}

fn tls_server(reply: impl Fn(&str) -> String + Send + Sync + 'static) -> TlsServer {
    harness::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let certificates = server_certificates(dir.path()).unwrap();
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(&certificates.cert_path)
            .unwrap()
            .map(Result::unwrap)
            .collect();
    let key = PrivateKeyDer::from_pem_file(&certificates.key_path).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let reply = Arc::new(reply);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (config, reply) = (config.clone(), reply.clone());
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let answer = reply(&String::from_utf8_lossy(&head));
                let _ = tls.write_all(answer.as_bytes());
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    TlsServer {
        url: format!("https://127.0.0.1:{port}"),
        certificates,
        _dir: dir,
    }
}

fn http_reply(status: &str, headers: &[(&str, String)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    text
}

/// A registry that wants a Bearer token from `realm` and accepts the token `good-token`.
fn registry_with_realm(realm: String) -> TlsServer {
    tls_server(move |head| {
        let bearer = head
            .lines()
            .any(|l| l.eq_ignore_ascii_case("authorization: bearer good-token"));
        if bearer {
            return http_reply("200 OK", &[], "{}");
        }
        http_reply(
            "401 Unauthorized",
            &[(
                "WWW-Authenticate",
                format!(r#"Bearer realm="{realm}",service="realm-test""#),
            )],
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#,
        )
    })
}

/// An HTTP token server on 127.0.0.1 that hands out `good-token` and records the
/// `Authorization` of each request.
async fn loopback_token_server() -> (String, Arc<Mutex<Vec<Option<String>>>>) {
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let router = Router::new()
        .route(
            "/token",
            axum::routing::get(
                |State(seen): State<Arc<Mutex<Vec<Option<String>>>>>, headers: HeaderMap| async move {
                    let auth = headers
                        .get(header::AUTHORIZATION)
                        .map(|v| v.to_str().unwrap().to_owned());
                    seen.lock().unwrap().push(auth);
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        r#"{"token":"good-token","expires_in":300}"#,
                    )
                        .into_response()
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (format!("http://127.0.0.1:{port}/token"), seen)
}

#[tokio::test]
async fn credentials_are_not_sent_in_clear_to_an_http_realm_of_an_https_registry() {
    // Not loopback, not the registry's origin: the password would cross the network in clear.
    // The name does not resolve, so nothing could be sent even if the client tried; the
    // refusal has to come first.
    let realm = "http://token.invalid/token?account=x";
    let registry = registry_with_realm(realm.into());
    let ca = TlsMode::CaBundle {
        path: registry.certificates.ca_path.display().to_string(),
    };
    let error = client(&registry.url, ca.clone(), alice())
        .check()
        .await
        .unwrap_err();
    let Error::CleartextRealm { realm: named } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(named, "http://token.invalid/token");
    let text = error.to_string();
    assert!(text.contains("http://token.invalid/token"), "{text}");
    assert!(text.contains("they were not sent"), "{text}");
    assert!(!text.contains("alice-pw-7"), "{text}");
    let shown = ipc::CommandError::from(error);
    assert!(
        shown.message.contains("http://token.invalid/token"),
        "{shown:?}"
    );

    // Without credentials there is nothing to protect: the client goes to the realm (and
    // finds no such host).
    let error = client(&registry.url, ca, None).check().await.unwrap_err();
    assert!(matches!(error, Error::Unreachable { .. }), "{error:?}");
}

#[tokio::test]
async fn credentials_still_reach_a_loopback_http_realm_of_an_https_registry() {
    let (realm, seen) = loopback_token_server().await;
    let registry = registry_with_realm(realm);
    let ca = TlsMode::CaBundle {
        path: registry.certificates.ca_path.display().to_string(),
    };
    client(&registry.url, ca, alice()).check().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0].as_deref().is_some_and(|a| a.starts_with("Basic ")),
        "the token server got the credentials: {seen:?}"
    );
}
#[tokio::test]
async fn verification_off_trusts_the_registry_but_not_a_token_realm_on_another_origin() {
    // Both servers have certificates from CAs nobody trusts. The user turned verification off
    // for the registry only; the realm, on another port, must still be verified.
    let token = tls_server(|_| http_reply("200 OK", &[], r#"{"token":"good-token"}"#));
    let registry = registry_with_realm(format!("{}/token", token.url));
    let error = client(&registry.url, TlsMode::Insecure, alice())
        .check()
        .await
        .unwrap_err();
    let Error::Tls { url, .. } = &error else {
        panic!("the realm's certificate was not verified: {error:?}")
    };
    assert!(url.starts_with(&token.url), "{url}");

    // The registry itself is reached with verification off: with a realm that can be
    // verified (loopback http here), the same connection works.
    let (realm, _) = loopback_token_server().await;
    let registry = registry_with_realm(realm);
    client(&registry.url, TlsMode::Insecure, alice())
        .check()
        .await
        .unwrap();
}
