//! The certificate doctor against its oracles: what we show of each certificate equals what
//! `openssl x509` prints; what we generate passes `openssl verify` and is served by the real
//! registry in TLS mode to a `skopeo` that trusts only our CA; live inspection of that registry
//! shows its chain, untrusted without the CA and trusted with it; a plain HTTP port, a closed
//! port, an unknown host and a silent port each fail with their own error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use certs::Workbench;
use certs::model::{
    BundleInput, CertificateInfo, CheckStatus, EndpointInput, GenerateRequest, InputFile, KeyType,
    SavePart, Signer,
};
use harness::filler::{Arch, Filler, ManifestKind};
use harness::registry::{Mode, Registry, RegistryOptions};
use harness::tls::ServerCertificates;

fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn input_file(path: &Path) -> InputFile {
    InputFile {
        name: path.file_name().unwrap().to_string_lossy().into_owned(),
        content_base64: b64(&std::fs::read(path).unwrap()),
        path: None,
    }
}

/// Every distinct certificate in the bad-bundle corpus (RSA and EC, SHA-1, MD5, 1024 bits, CA
/// and leaf, CN only, wildcard, IP SANs...), as the doctor shows it.
fn corpus_certificates() -> Vec<CertificateInfo> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad-bundles");
    let mut seen = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json" || e == "sh") {
            continue;
        }
        let report = certs::examine(
            &BundleInput {
                files: vec![input_file(&path)],
                pasted: String::new(),
                hosts: vec![],
                ca_file: None,
            },
            &[],
        )
        .unwrap();
        for c in report.certificates {
            seen.entry(c.sha256_fingerprint.clone()).or_insert(c);
        }
    }
    seen.into_values().collect()
}

/// The value line(s) under `name:` in `openssl x509 -text`.
fn text_extension(text: &str, name: &str) -> Option<(bool, String)> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t == format!("{name}:") || t == format!("{name}: critical") {
            let value = lines.next().unwrap_or_default().trim().to_owned();
            return Some((t.ends_with("critical"), value));
        }
    }
    None
}

#[test]
fn every_field_we_show_equals_what_openssl_prints() {
    let certs = corpus_certificates();
    assert!(
        certs.len() >= 30,
        "only {} distinct certificates",
        certs.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let nameopt = "esc_2253,esc_ctrl,esc_msb,utf8,dump_nostr,dump_unknown,dump_der,sep_comma_plus_space,sname";
    for (i, c) in certs.iter().enumerate() {
        let path = dir.path().join(format!("{i}.pem"));
        std::fs::write(&path, &c.pem).unwrap();
        let p = path.to_str().unwrap();
        let field = |args: &[&str], prefix: &str| -> String {
            let mut all = vec!["x509", "-in", p, "-noout"];
            all.extend_from_slice(args);
            let out = openssl(&all);
            out.trim()
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("{out} has no {prefix}"))
                .to_owned()
        };
        let ctx = &c.subject;
        assert_eq!(
            field(&["-subject", "-nameopt", nameopt], "subject="),
            c.subject
        );
        assert_eq!(
            field(&["-issuer", "-nameopt", nameopt], "issuer="),
            c.issuer,
            "{ctx}"
        );
        assert_eq!(
            field(&["-serial"], "serial="),
            c.serial.replace(':', "").to_uppercase(),
            "{ctx}"
        );
        assert_eq!(
            field(&["-startdate", "-dateopt", "iso_8601"], "notBefore=").replace(' ', "T"),
            c.not_before,
            "{ctx}"
        );
        assert_eq!(
            field(&["-enddate", "-dateopt", "iso_8601"], "notAfter=").replace(' ', "T"),
            c.not_after,
            "{ctx}"
        );
        assert_eq!(
            field(&["-fingerprint", "-sha256"], "sha256 Fingerprint="),
            c.sha256_fingerprint,
            "{ctx}"
        );

        let text = openssl(&["x509", "-in", p, "-noout", "-text"]);
        let sig = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Signature Algorithm: "))
            .unwrap();
        assert_eq!(sig, c.signature_algorithm, "{ctx}");
        let bits = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("Public-Key: ("))
            .and_then(|rest| rest.strip_suffix(" bit)"))
            .unwrap();
        assert!(
            c.public_key.contains(bits),
            "{ctx}: we show {}, openssl {bits} bits",
            c.public_key
        );
        // SANs as openssl lists them.
        let sans = c
            .sans
            .iter()
            .map(|s| match s.kind {
                certs::model::SanKind::Dns => format!("DNS:{}", s.value),
                certs::model::SanKind::Ip => format!("IP Address:{}", s.value),
                _ => s.value.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        match text_extension(&text, "X509v3 Subject Alternative Name") {
            Some((_, value)) => assert_eq!(value, sans, "{ctx}"),
            None => assert!(c.sans.is_empty(), "{ctx}"),
        }
        // Every extension: openssl's name, critical flag, and (for the ones we render) value.
        for ext in &c.extensions {
            let (critical, value) = text_extension(&text, &ext.name)
                .unwrap_or_else(|| panic!("{ctx}: openssl does not show {}", ext.name));
            assert_eq!(critical, ext.critical, "{ctx}: {}", ext.name);
            if matches!(
                ext.name.as_str(),
                "X509v3 Basic Constraints"
                    | "X509v3 Key Usage"
                    | "X509v3 Extended Key Usage"
                    | "X509v3 Subject Key Identifier"
                    | "X509v3 Subject Alternative Name"
            ) {
                assert_eq!(value, ext.value, "{ctx}: {}", ext.name);
            }
        }
        assert_eq!(text.contains("CA:TRUE"), c.is_ca, "{ctx}");
    }
}

/// A CA made by openssl in `dir`: `ca.crt` and `ca.key` (the key in `key_format`).
fn openssl_ca(dir: &Path, key_format: &str) -> (PathBuf, PathBuf) {
    let key = dir.join("ca.key");
    let crt = dir.join("ca.crt");
    let k = key.to_str().unwrap();
    match key_format {
        "rsa-pkcs1" => {
            openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                k,
            ]);
            openssl(&["rsa", "-in", k, "-traditional", "-out", k]);
        }
        "ec-sec1" => {
            openssl(&[
                "ecparam",
                "-name",
                "prime256v1",
                "-genkey",
                "-noout",
                "-out",
                k,
            ]);
        }
        _ => {
            openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                k,
            ]);
        }
    }
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        k,
        "-subj",
        "/O=Registry Console tests/CN=Test Registry CA",
        "-days",
        "30",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        crt.to_str().unwrap(),
    ]);
    (crt, key)
}

fn generate(
    bench: &Workbench,
    hosts: &[&str],
    signer: Signer,
    key_type: KeyType,
) -> certs::model::Generated {
    bench
        .generate(&GenerateRequest {
            hostnames: hosts.iter().map(|h| (*h).to_owned()).collect(),
            days: 730,
            key_type,
            signer,
        })
        .unwrap()
}

#[test]
fn what_we_generate_passes_openssl_verify() {
    let bench = Workbench::with_roots(vec![]);
    for key_format in ["pkcs8-ec", "rsa-pkcs1", "ec-sec1"] {
        let dir = tempfile::tempdir().unwrap();
        let (ca_crt, ca_key) = openssl_ca(dir.path(), key_format);
        let hosts = [
            "docker-registry.default.svc.cluster.local",
            "docker-registry.default.svc",
            "172.30.124.220",
        ];
        let g = generate(
            &bench,
            &hosts,
            Signer::Ca {
                certificate: input_file(&ca_crt),
                key: input_file(&ca_key),
            },
            KeyType::EcdsaP256,
        );
        let cert = dir.path().join("registry.crt");
        let key = dir.path().join("registry.key");
        bench
            .save_generated(&g.generated_id, SavePart::Certificate, &cert, false)
            .unwrap();
        bench
            .save_generated(&g.generated_id, SavePart::Key, &key, false)
            .unwrap();
        let c = cert.to_str().unwrap();
        let out = openssl(&[
            "verify",
            "-x509_strict",
            "-purpose",
            "sslserver",
            "-CAfile",
            ca_crt.to_str().unwrap(),
            c,
        ]);
        assert_eq!(out.trim(), format!("{c}: OK"), "{key_format}");
        for h in &hosts[..2] {
            let out = openssl(&["x509", "-in", c, "-noout", "-checkhost", h]);
            assert!(out.contains("does match certificate"), "{out}");
        }
        let out = openssl(&["x509", "-in", c, "-noout", "-checkip", hosts[2]]);
        assert!(out.contains("does match certificate"), "{out}");
        // The key is the certificate's.
        let from_key = openssl(&["pkey", "-in", key.to_str().unwrap(), "-pubout"]);
        let from_cert = openssl(&["x509", "-in", c, "-noout", "-pubkey"]);
        assert_eq!(from_key, from_cert);
        let text = openssl(&["x509", "-in", c, "-noout", "-text"]);
        assert!(text.contains("CA:FALSE"), "{text}");
        assert!(text.contains("TLS Web Server Authentication"), "{text}");
        assert!(
            !text.contains("Key Encipherment"),
            "an EC key has no keyEncipherment"
        );
        assert!(
            text.contains("Subject: CN = docker-registry.default.svc.cluster.local"),
            "{text}"
        );
        assert!(text.contains("ASN1 OID: prime256v1"), "{text}");
        let days = {
            let (_, nb, na) = (0, &g.certificate.not_before, &g.certificate.not_after);
            let parse = |s: &str| {
                time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                    .unwrap()
            };
            (parse(na) - parse(nb)).whole_days()
        };
        assert_eq!(days, 730);
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&key).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
    }

    // Self-signed, P-384: its own CA file verifies it (as the console's 0-self-signed.cert).
    let dir = tempfile::tempdir().unwrap();
    let g = generate(
        &bench,
        &["registry.example.com"],
        Signer::SelfSigned,
        KeyType::EcdsaP384,
    );
    let cert = dir.path().join("self.crt");
    bench
        .save_generated(&g.generated_id, SavePart::Certificate, &cert, false)
        .unwrap();
    let c = cert.to_str().unwrap();
    let out = openssl(&["verify", "-purpose", "sslserver", "-CAfile", c, c]);
    assert_eq!(out.trim(), format!("{c}: OK"));
    assert!(openssl(&["x509", "-in", c, "-noout", "-text"]).contains("NIST CURVE: P-384"));
}

/// A CA by openssl and a server certificate for localhost/127.0.0.1 made by the app, written
/// as the harness's TLS registry expects them. The server certificate file holds the CA
/// after the leaf (the Certificate part of a CA-signed certificate), so the registry
/// presents both.
fn our_server_certificates(dir: &Path, bench: &Workbench) -> ServerCertificates {
    let (ca_crt, ca_key) = openssl_ca(dir, "pkcs8-ec");
    let g = generate(
        bench,
        &["localhost", "127.0.0.1"],
        Signer::Ca {
            certificate: input_file(&ca_crt),
            key: input_file(&ca_key),
        },
        KeyType::EcdsaP256,
    );
    let cert_path = dir.join("server.crt");
    let key_path = dir.join("server.key");
    bench
        .save_generated(&g.generated_id, SavePart::Certificate, &cert_path, false)
        .unwrap();
    bench
        .save_generated(&g.generated_id, SavePart::Key, &key_path, false)
        .unwrap();
    ServerCertificates {
        ca_pem: std::fs::read_to_string(&ca_crt).unwrap(),
        ca_path: ca_crt,
        cert_path,
        key_path,
    }
}

fn skopeo(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("skopeo")
        .args(args)
        .env("HOME", home)
        .env("XDG_RUNTIME_DIR", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .output()
        .expect("skopeo runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registry_serves_our_certificate_and_skopeo_trusts_it_with_the_ca() {
    harness::install_crypto_provider();
    let bench = Workbench::with_roots(vec![]);
    let dir = tempfile::tempdir().unwrap();
    let certificates = our_server_certificates(dir.path(), &bench);
    let ca_path = certificates.ca_path.clone();
    let registry = Registry::start_with(RegistryOptions {
        certificates: Some(certificates),
        ..RegistryOptions::new(Mode::Tls)
    })
    .unwrap();
    let filler = Filler::new(&registry).await.unwrap();
    filler
        .push_image("demo/hello", "v1", ManifestKind::Oci, Arch::Amd64)
        .await
        .unwrap();

    let home = tempfile::tempdir().unwrap();
    let cert_dir = home.path().join("certs.d");
    std::fs::create_dir_all(&cert_dir).unwrap();
    std::fs::copy(&ca_path, cert_dir.join("ca.crt")).unwrap();
    let image = format!("docker://{}/demo/hello:v1", registry.host());
    let ok = skopeo(
        home.path(),
        &["inspect", "--cert-dir", cert_dir.to_str().unwrap(), &image],
    );
    assert!(
        ok.status.success(),
        "skopeo: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let inspected: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(inspected["Architecture"], "amd64");

    // Without our CA skopeo refuses the certificate: the trust really comes from the CA.
    let empty = home.path().join("empty.d");
    std::fs::create_dir_all(&empty).unwrap();
    let refused = skopeo(
        home.path(),
        &["inspect", "--cert-dir", empty.to_str().unwrap(), &image],
    );
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("certificate"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspecting_the_tls_registry_shows_its_chain_untrusted_then_trusted_with_its_ca() {
    let registry = Registry::start(Mode::Tls).unwrap();
    // The system roots (this machine's /etc/ssl/certs) do not hold the test CA.
    let bench = Workbench::new();
    let input = EndpointInput {
        host: "127.0.0.1".into(),
        port: registry.port(),
        server_name: None,
        connection_id: None,
    };
    let r = bench.inspect(&input, None).await.unwrap();
    assert_eq!(r.address, registry.host());
    assert_eq!(r.server_name, "127.0.0.1");
    assert_eq!(r.tls_version, "TLSv1.3");
    assert!(r.cipher_suite.starts_with("TLS_"), "{}", r.cipher_suite);
    assert_eq!(r.chain.len(), 1);
    assert_eq!(r.chain[0].subject, "CN=localhost");
    assert_eq!(r.chain[0].issuer, "CN=Registry Console test CA");
    assert!(!r.trusted);
    let why = r.trust_error.clone().unwrap();
    assert!(why.contains("trusted root"), "{why}");
    assert!(r.hosts[0].covered, "{:?}", r.hosts);
    let trusted_check = r
        .checks
        .iter()
        .find(|c| c.id == certs::model::CheckId::ChainTrusted)
        .unwrap();
    assert_eq!(trusted_check.status, CheckStatus::Fail);
    assert!(
        !r.checks
            .iter()
            .any(|c| c.id == certs::model::CheckId::OnePrivateKey)
    );

    let r = bench.inspect(&input, registry.ca_path()).await.unwrap();
    assert!(r.trusted, "{:?}", r.trust_error);
    assert_eq!(r.trust_error, None);
    let failing: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .collect();
    assert!(failing.is_empty(), "{failing:#?}");

    // By the name the certificate is for, and by a name it is not for.
    let by_name = EndpointInput {
        server_name: Some("localhost".into()),
        ..input.clone()
    };
    let r = bench.inspect(&by_name, registry.ca_path()).await.unwrap();
    assert!(r.trusted);
    let wrong = EndpointInput {
        server_name: Some("registry.example.com".into()),
        ..input
    };
    let r = bench.inspect(&wrong, registry.ca_path()).await.unwrap();
    assert!(!r.trusted);
    assert!(
        r.trust_error
            .unwrap()
            .contains("not valid for registry.example.com")
    );
    assert!(!r.hosts[0].covered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_this_ca_adds_it_to_the_connection_and_the_next_inspection_trusts_it() {
    harness::install_crypto_provider();
    let bench = Workbench::with_roots(vec![]);
    let dir = tempfile::tempdir().unwrap();
    let certificates = our_server_certificates(dir.path(), &bench);
    let registry = Registry::start_with(RegistryOptions {
        certificates: Some(certificates),
        ..RegistryOptions::new(Mode::Tls)
    })
    .unwrap();
    let config = tempfile::tempdir().unwrap();
    let mut store = connections::SettingsStore::open(config.path().join("settings.json"));
    let conn = store
        .add(&connections::ConnectionDraft {
            name: "tls".into(),
            kind: connections::ConnectionKind::Registry,
            url: registry.url(),
            tls: connections::TlsMode::System,
            openshift_version: None,
        })
        .unwrap();
    let input = EndpointInput {
        host: "127.0.0.1".into(),
        port: registry.port(),
        server_name: None,
        connection_id: Some(conn.id.clone()),
    };
    let r = bench.inspect(&input, None).await.unwrap();
    assert!(!r.trusted);
    assert_eq!(r.chain.len(), 2, "leaf and CA are presented");
    assert!(r.chain[1].is_ca);
    let ca_dir = config.path().join("ca");
    // The leaf is not a CA: refused, nothing changed.
    let err = bench
        .trust_ca(&r.inspection_id, 0, &ca_dir, &mut store, &conn.id)
        .unwrap_err();
    assert!(matches!(err, certs::Error::TrustNotCa { .. }), "{err}");
    assert_eq!(
        store.settings().connections[0].tls,
        connections::TlsMode::System
    );

    let updated = bench
        .trust_ca(&r.inspection_id, 1, &ca_dir, &mut store, &conn.id)
        .unwrap();
    let path = ca_dir.join(format!("{}.pem", conn.id));
    assert_eq!(
        updated.tls,
        connections::TlsMode::CaBundle {
            path: path.display().to_string()
        }
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), r.chain[1].pem);
    // Trusting it again does not append a copy.
    bench
        .trust_ca(&r.inspection_id, 1, &ca_dir, &mut store, &conn.id)
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&path)
            .unwrap()
            .matches("BEGIN")
            .count(),
        1
    );
    // The saved settings say so too.
    let reopened = connections::SettingsStore::open(config.path().join("settings.json"));
    assert_eq!(reopened.settings().connections[0].tls, updated.tls);

    let r = bench.inspect(&input, Some(&path)).await.unwrap();
    assert!(r.trusted, "{:?}", r.trust_error);

    // An unknown connection is refused with the connections crate's NotFound.
    let err = bench
        .trust_ca(&r.inspection_id, 1, &ca_dir, &mut store, "no-such-id")
        .unwrap_err();
    assert!(matches!(
        err,
        certs::Error::Settings(connections::Error::NotFound { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_refused_unknown_and_silent_endpoints_each_say_what_happened() {
    let bench = Workbench::new();
    let at = |host: &str, port: u16| EndpointInput {
        host: host.into(),
        port,
        server_name: None,
        connection_id: None,
    };

    let open = Registry::start(Mode::Open).unwrap();
    let err = bench
        .inspect(&at("127.0.0.1", open.port()), None)
        .await
        .unwrap_err();
    assert!(matches!(err, certs::Error::PlainHttp { .. }), "{err:?}");
    let ui = ipc::CommandError::from(err);
    assert_eq!(ui.code, ipc::ErrorCode::TlsFailure);
    println!(
        "plain HTTP: {} {}",
        serde_json::to_string(&ui.code).unwrap(),
        ui.message
    );

    let closed = harness::process::free_port().unwrap();
    let err = bench
        .inspect(&at("127.0.0.1", closed), None)
        .await
        .unwrap_err();
    assert!(matches!(err, certs::Error::Refused { .. }), "{err:?}");
    let ui = ipc::CommandError::from(err);
    assert_eq!(ui.code, ipc::ErrorCode::Unreachable);
    println!(
        "refused: {} {}",
        serde_json::to_string(&ui.code).unwrap(),
        ui.message
    );

    let err = bench
        .inspect(&at("no-such-host.invalid", 443), None)
        .await
        .unwrap_err();
    assert!(matches!(err, certs::Error::Resolve { .. }), "{err:?}");
    let ui = ipc::CommandError::from(err);
    assert_eq!(ui.code, ipc::ErrorCode::Unreachable);
    println!(
        "dns: {} {} ({:?})",
        serde_json::to_string(&ui.code).unwrap(),
        ui.message,
        ui.detail
    );

    // A port that accepts the connection and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let err = bench
        .inspect(&at("127.0.0.1", port), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            certs::Error::Timeout {
                stage: "TLS handshake",
                ..
            }
        ),
        "{err:?}"
    );
    let ui = ipc::CommandError::from(err);
    assert_eq!(ui.code, ipc::ErrorCode::Unreachable);
    println!(
        "timeout: {} {}",
        serde_json::to_string(&ui.code).unwrap(),
        ui.message
    );
    drop(silent);
}
