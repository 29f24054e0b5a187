//! The Certificates page in the window: a bundle with a missing SAN and a reversed chain opened
//! through the file input, both failures seen, the fixed order exported with mode 0600; the
//! harness's TLS registry inspected live (untrusted, its chain shown) and its CA trusted for a
//! connection; a server certificate generated and saved.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use harness::registry::{Mode, Registry, RegistryOptions};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};

use crate::app::Desktop;
use crate::init;
use crate::webdriver::Session;

/// A CA, an intermediate it signed, and a leaf the intermediate signed for `san` only.
struct Chain {
    ca_pem: String,
    intermediate_pem: String,
    leaf_pem: String,
    leaf_key_pem: String,
}

fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params
}

/// The current year, for validity dates (rcgen's default runs to 4096, which the doctor warns of).
fn this_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Average Gregorian year; a day off at New Year does not matter for a one-year validity.
    1970 + (secs / 31_556_952) as i32
}

fn chain_for(san: &str) -> Chain {
    let year = this_year();
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params("E2E Root CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let root = Issuer::new(ca, ca_key);

    let intermediate_key = KeyPair::generate().unwrap();
    let mut intermediate = ca_params("E2E Intermediate CA");
    intermediate.use_authority_key_identifier_extension = true;
    let intermediate_cert = intermediate.signed_by(&intermediate_key, &root).unwrap();
    let intermediate_issuer = Issuer::new(intermediate, intermediate_key);

    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::default();
    leaf.distinguished_name.push(DnType::CommonName, san);
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.subject_alt_names = vec![SanType::DnsName(san.try_into().unwrap())];
    leaf.use_authority_key_identifier_extension = true;
    leaf.not_before = rcgen::date_time_ymd(year - 1, 12, 1);
    leaf.not_after = rcgen::date_time_ymd(year + 1, 1, 1);
    let leaf_cert = leaf.signed_by(&leaf_key, &intermediate_issuer).unwrap();

    Chain {
        ca_pem: ca_cert.pem(),
        intermediate_pem: intermediate_cert.pem(),
        leaf_pem: leaf_cert.pem(),
        leaf_key_pem: leaf_key.serialize_pem(),
    }
}

/// The PEM blocks of a file, in order, as (label, base64 body without line breaks).
fn pem_blocks(text: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            current = Some((label.to_owned(), String::new()));
        } else if line.starts_with("-----END ") {
            blocks.extend(current.take());
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
        }
    }
    blocks
}

fn body_of(pem: &str) -> String {
    pem_blocks(pem)
        .into_iter()
        .next()
        .map(|(_, body)| body)
        .expect("one PEM block")
}

async fn select_option(s: &Session, select: &str, value: &str) {
    s.click_css(&format!("{select} option[value=\"{value}\"]"))
        .await
        .unwrap();
}

async fn scroll_to(s: &Session, css: &str) {
    let script = format!(
        "document.querySelector({}).scrollIntoView({{block: 'start'}}); return true;",
        serde_json::to_string(css).unwrap()
    );
    s.execute(&script).await.unwrap();
}

async fn status_of(s: &Session, check: &str) -> String {
    let row = s
        .find(&format!("[data-testid=check-row][data-check={check}]"))
        .await
        .unwrap();
    s.attribute(&row, "data-status")
        .await
        .unwrap()
        .unwrap_or_default()
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reversed_bundle_missing_a_san_fails_both_checks_and_exports_in_the_fixed_order() {
    init();
    let chain = chain_for("other.example.test");
    let files = tempfile::tempdir().unwrap();
    // Leaf last: the intermediate first, then the server certificate, then its key.
    let bundle = files.path().join("registry-bundle.pem");
    std::fs::write(
        &bundle,
        format!(
            "{}{}{}",
            chain.intermediate_pem, chain.leaf_pem, chain.leaf_key_pem
        ),
    )
    .unwrap();
    let ca_file = files.path().join("ca.crt");
    std::fs::write(&ca_file, &chain.ca_pem).unwrap();

    let desktop = Desktop::new();
    let connection = desktop.add_connection(
        "Lab registry",
        "https://registry.example.test:5000",
        connections::TlsMode::System,
    );
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.wait_text("[data-testid=page-title]", "Certificates")
        .await
        .unwrap();

    // W3C Element Send Keys on <input type=file> sets its files.
    let input = s.find("[data-testid=doctor-open-input]").await.unwrap();
    s.send_keys(&input, &bundle.display().to_string())
        .await
        .unwrap();
    s.wait_text_content("[data-testid=doctor-files]", "registry-bundle.pem")
        .await
        .unwrap();
    let ca_input = s.find("[data-testid=doctor-ca-input]").await.unwrap();
    s.send_keys(&ca_input, &ca_file.display().to_string())
        .await
        .unwrap();
    s.wait_text_content("[data-testid=doctor-ca-file]", "ca.crt")
        .await
        .unwrap();
    select_option(s, "[data-testid=doctor-connection]", &connection.id).await;
    s.wait_text_content("[data-testid=doctor-hosts]", "registry.example.test")
        .await
        .unwrap();
    app.screenshot("40-certificates-doctor-input-en").await;

    s.click_css("[data-testid=doctor-run]").await.unwrap();
    s.find("[data-testid=doctor-result]").await.unwrap();
    assert_eq!(status_of(s, "chainOrder").await, "fail");
    assert_eq!(status_of(s, "hostsCovered").await, "fail");
    assert_eq!(status_of(s, "keyMatchesCertificate").await, "pass");
    assert_eq!(status_of(s, "chainTrusted").await, "pass");
    assert_eq!(status_of(s, "validityLength").await, "pass");
    let hosts = s
        .wait_text_content("[data-testid=host-coverage]", "registry.example.test")
        .await
        .unwrap();
    assert!(hosts.contains("Missing"), "{hosts}");
    let sentence = s
        .wait_text_content(
            "[data-testid=check-row][data-check=hostsCovered]",
            "Not in the SANs",
        )
        .await
        .unwrap();
    assert!(sentence.contains("registry.example.test"), "{sentence}");
    scroll_to(s, "[data-testid=doctor-result]").await;
    app.screenshot("41-certificates-doctor-checklist-en").await;

    // The fixed order: the server certificate, then the intermediate, then the key.
    let order = s
        .wait_text_content("[data-testid=fixed-order]", "E2E Intermediate CA")
        .await
        .unwrap();
    let leaf_at = order.find("other.example.test").expect("leaf listed");
    let intermediate_at = order.find("E2E Intermediate CA").unwrap();
    assert!(leaf_at < intermediate_at, "{order}");
    let exported = files.path().join("export").join("console.cert");
    std::fs::create_dir_all(exported.parent().unwrap()).unwrap();
    s.type_into("[data-testid=export-path]", &exported.display().to_string())
        .await
        .unwrap();
    s.click_css("[data-testid=export]").await.unwrap();
    let saved = s
        .wait_text_content("[data-testid=export-saved]", "0600")
        .await
        .unwrap();
    assert!(saved.contains(&exported.display().to_string()), "{saved}");
    scroll_to(s, "[data-testid=fixed-bundle]").await;
    app.screenshot("42-certificates-doctor-export-en").await;

    let written = std::fs::read_to_string(&exported).unwrap();
    let blocks = pem_blocks(&written);
    let labels: Vec<&str> = blocks.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["CERTIFICATE", "CERTIFICATE", "PRIVATE KEY"]);
    assert_eq!(blocks[0].1, body_of(&chain.leaf_pem));
    assert_eq!(blocks[1].1, body_of(&chain.intermediate_pem));
    assert_eq!(blocks[2].1, body_of(&chain.leaf_key_pem));
    assert_eq!(mode_of(&exported), 0o600);

    // Exporting over it asks once; only "Overwrite" writes.
    s.click_css("[data-testid=export]").await.unwrap();
    s.find("[data-testid=export-exists]").await.unwrap();
    s.click_css("[data-testid=export-overwrite]").await.unwrap();
    s.find("[data-testid=export-saved]").await.unwrap();
    assert_eq!(mode_of(&exported), 0o600);
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tls_registry_is_inspected_untrusted_and_its_ca_trusted_for_a_connection() {
    init();
    // The registry sends its whole chain (leaf, then CA), as many real ones do.
    let certs_dir = tempfile::tempdir().unwrap();
    let mut certificates = harness::tls::server_certificates(certs_dir.path()).unwrap();
    let chain_path = certs_dir.path().join("server-chain.crt");
    let leaf = std::fs::read_to_string(&certificates.cert_path).unwrap();
    std::fs::write(&chain_path, format!("{leaf}{}", certificates.ca_pem)).unwrap();
    certificates.cert_path = chain_path;
    let registry = Registry::start_with(RegistryOptions {
        certificates: Some(certificates),
        ..RegistryOptions::new(Mode::Tls)
    })
    .expect("TLS registry starts");
    let desktop = Desktop::new();
    let connection = desktop.add_connection(
        "TLS registry",
        &registry.url(),
        connections::TlsMode::System,
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.click_css("[data-testid=tab-endpoint]").await.unwrap();

    // Nothing listens on port 1: refused, said in words where the user acted.
    s.type_into("[data-testid=endpoint-host]", "127.0.0.1")
        .await
        .unwrap();
    s.type_into("[data-testid=endpoint-port]", "1")
        .await
        .unwrap();
    s.click_css("[data-testid=endpoint-inspect]").await.unwrap();
    s.wait_text("[data-testid=endpoint-error]", "cannot be reached")
        .await
        .unwrap();
    app.screenshot("43-certificates-endpoint-refused-en").await;

    select_option(s, "[data-testid=endpoint-connection]", &connection.id).await;
    s.click_css("[data-testid=endpoint-inspect]").await.unwrap();
    s.find("[data-testid=endpoint-result]").await.unwrap();
    s.wait_gone("[data-testid=endpoint-error]").await.unwrap();
    let trust = s.find("[data-testid=endpoint-trust]").await.unwrap();
    assert_eq!(
        s.attribute(&trust, "data-trusted")
            .await
            .unwrap()
            .as_deref(),
        Some("false")
    );
    let cards = s
        .find_all("[data-testid=endpoint-tab] [data-testid=certificate-card]")
        .await
        .unwrap();
    assert_eq!(cards.len(), 2, "leaf and CA presented");
    s.wait_text_content("[data-testid=endpoint-chain]", "Registry Console test CA")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=endpoint-tls-version]", "TLSv1.")
        .await
        .unwrap();
    app.screenshot("44-certificates-endpoint-untrusted-en")
        .await;

    // Open the server certificate's details: the fields openssl shows.
    s.click_css("[data-testid=endpoint-tab] [data-testid=certificate-toggle]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=endpoint-tab] [data-testid=certificate-sans]",
        "IP Address:127.0.0.1",
    )
    .await
    .unwrap();
    scroll_to(s, "[data-testid=endpoint-chain]").await;
    app.screenshot("45-certificates-endpoint-chain-en").await;

    s.click_css("[data-testid=trust-ca]").await.unwrap();
    s.find("[data-testid=trust-ca-modal]").await.unwrap();
    app.screenshot("46-certificates-trust-ca-confirm-en").await;
    s.click_css("[data-testid=trust-ca-confirm]").await.unwrap();
    s.wait_text_content("[data-testid=trust-done]", "TLS registry")
        .await
        .unwrap();
    let settings = std::fs::read_to_string(desktop.settings_path()).unwrap();
    assert!(
        settings.contains("caBundle") || settings.contains("ca_bundle"),
        "{settings}"
    );

    // Inspected again through that connection, the chain is trusted.
    s.click_css("[data-testid=inspect-again]").await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let trust = s.find("[data-testid=endpoint-trust]").await.unwrap();
        if s.attribute(&trust, "data-trusted")
            .await
            .unwrap()
            .as_deref()
            == Some("true")
        {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still untrusted");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.screenshot("47-certificates-endpoint-trusted-en").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_generated_certificate_splits_dns_and_ip_sans_and_saves_its_key_with_mode_0600() {
    init();
    let files = tempfile::tempdir().unwrap();
    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.wait_text("[data-testid=page-title]", "証明書")
        .await
        .unwrap();
    s.click_css("[data-testid=tab-generate]").await.unwrap();
    s.type_into(
        "[data-testid=generate-hostnames]",
        "registry.example.test, 172.30.124.220",
    )
    .await
    .unwrap();
    s.wait_text_content("[data-testid=generate-ip]", "IP Address:172.30.124.220")
        .await
        .unwrap();
    s.click_css("[data-testid=generate-submit]").await.unwrap();
    s.find("[data-testid=generate-result]").await.unwrap();
    let sans = s
        .wait_text_content(
            "[data-testid=generate-result] [data-testid=certificate-sans]",
            "IP Address:172.30.124.220",
        )
        .await
        .unwrap();
    assert!(sans.contains("DNS:registry.example.test"), "{sans}");
    app.screenshot("48-certificates-generated-ja").await;

    let key = files.path().join("registry.key");
    s.type_into("[data-testid=save-key-path]", &key.display().to_string())
        .await
        .unwrap();
    s.click_css("[data-testid=save-key]").await.unwrap();
    s.wait_text_content("[data-testid=save-key-saved]", "0600")
        .await
        .unwrap();
    scroll_to(s, "[data-testid=generate-save]").await;
    app.screenshot("49-certificates-generated-saved-ja").await;
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.contains("-----BEGIN PRIVATE KEY-----"), "a PKCS#8 key");
    assert_eq!(mode_of(&key), 0o600);
    app.close().await;
}
