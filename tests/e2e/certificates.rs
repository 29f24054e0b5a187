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
use crate::native;
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

    // Picked in GTK's open dialog, typed as a user does; the backend reads the files.
    s.click_css("[data-testid=doctor-open]").await.unwrap();
    native::choose_path("Certificate and key files", &bundle, || {});
    s.wait_text_content("[data-testid=doctor-files]", "registry-bundle.pem")
        .await
        .unwrap();
    s.click_css("[data-testid=doctor-ca]").await.unwrap();
    native::choose_path("CA file (optional)", &ca_file, || {});
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
    s.click_css("[data-testid=export]").await.unwrap();
    native::choose_path("Save as", &exported, || {});
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

    // How to install it, for the platform it goes to: a plain registry connection starts on
    // Podman's and Docker's certs.d; OpenShift 4.x and Quay are one click away.
    scroll_to(s, "[data-testid=instructions]").await;
    s.wait_text_content(
        "[data-testid=instructions-podman]",
        "/etc/containers/certs.d/registry.example.test:5000/ca.crt",
    )
    .await
    .unwrap();
    s.click_css("[data-testid=install-platform-v4]")
        .await
        .unwrap();
    let route = s
        .wait_text_content("#instructions-route-code", "public-route-tls")
        .await
        .unwrap();
    assert!(
        route.contains("\"hostname\":\"registry.example.test\""),
        "{route}"
    );
    s.wait_text_content(
        "[data-testid=instructions-trusted-ca]",
        "--from-file=registry.example.test..5000=ca.crt",
    )
    .await
    .unwrap();
    scroll_to(s, "[data-testid=instructions]").await;
    app.screenshot("175-certificates-install-openshift-4-en")
        .await;
    // The lines that split the saved bundle really give a chain and its key (openssl says so).
    let split: Vec<&str> = route
        .lines()
        .filter(|l| l.starts_with("sed ") || l.starts_with("openssl "))
        .collect();
    assert_eq!(split.len(), 2, "{route}");
    split_and_check(
        exported.parent().unwrap(),
        &split,
        "tls.crt",
        "tls.key",
        &chain,
    );
    s.click_css("[data-testid=install-platform-quay]")
        .await
        .unwrap();
    let quay = s
        .wait_text_content("#instructions-quay-code", "ssl.key")
        .await
        .unwrap();
    let split: Vec<&str> = quay
        .lines()
        .filter(|l| l.starts_with("sed ") || l.starts_with("openssl "))
        .collect();
    split_and_check(
        exported.parent().unwrap(),
        &split,
        "ssl.cert",
        "ssl.key",
        &chain,
    );
    scroll_to(s, "[data-testid=instructions]").await;
    app.screenshot("176-certificates-install-quay-en").await;

    // Replacing a file is asked by GTK's save dialog (the app does not ask a second time).
    app.close().await;
}

/// Runs the shown lines in `dir` (where the bundle was saved as console.cert) and checks with
/// openssl that `cert` holds the leaf then the intermediate, and `key` is the leaf's key.
fn split_and_check(dir: &Path, lines: &[&str], cert: &str, key: &str, chain: &Chain) {
    let run = std::process::Command::new("sh")
        .arg("-c")
        .arg(lines.join("\n"))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let certs = pem_blocks(&std::fs::read_to_string(dir.join(cert)).unwrap());
    let labels: Vec<&str> = certs.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["CERTIFICATE", "CERTIFICATE"],
        "{cert}: no key in it"
    );
    assert_eq!(certs[0].1, body_of(&chain.leaf_pem));
    assert_eq!(certs[1].1, body_of(&chain.intermediate_pem));
    let public = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    assert_eq!(
        public(&["x509", "-in", cert, "-noout", "-pubkey"]),
        public(&["pkey", "-in", key, "-pubout"]),
        "{key} is the key of {cert}'s first certificate"
    );
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
    // The OS's own words only under "Details", opened on request.
    s.click_css("[data-testid=endpoint-error] [data-testid=error-details] button")
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=endpoint-error] [data-testid=error-server-text]",
        "127.0.0.1",
    )
    .await
    .unwrap();
    app.screenshot("170-error-details-open-en").await;

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
    // Self-signed as asked: a warning that says so and how to trust it, listed before the
    // passes, and nothing failed.
    assert_eq!(status_of(s, "chainTrusted").await, "warn");
    s.wait_text(
        "[data-testid=check-row][data-check=chainTrusted]",
        "指定どおりの自己署名証明書です。",
    )
    .await
    .unwrap();
    let order = s
        .execute(
            "return [...document.querySelectorAll('[data-testid=generate-result] [data-testid=check-row]')]\
             .map(r => r.dataset.status).join(',');",
        )
        .await
        .unwrap();
    let order = order.as_str().unwrap_or_default().to_owned();
    assert!(!order.contains("fail"), "{order}");
    assert!(order.starts_with("warn"), "{order}");
    scroll_to(s, "[data-testid=generate-result] [data-testid=checklist]").await;
    app.screenshot("172-certificates-self-signed-as-asked-ja")
        .await;

    let key = files.path().join("registry.key");
    s.click_css("[data-testid=save-key]").await.unwrap();
    native::choose_path("秘密鍵", &key, || {});
    s.wait_text_content("[data-testid=save-key-saved]", "0600")
        .await
        .unwrap();
    scroll_to(s, "[data-testid=generate-save]").await;
    app.screenshot("49-certificates-generated-saved-ja").await;
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(text.contains("-----BEGIN PRIVATE KEY-----"), "a PKCS#8 key");
    assert_eq!(mode_of(&key), 0o600);

    // An error in Japanese: our words in sight, the OS's under 詳細 (Details).
    s.click_css("[data-testid=tab-endpoint]").await.unwrap();
    s.type_into("[data-testid=endpoint-host]", "127.0.0.1")
        .await
        .unwrap();
    s.type_into("[data-testid=endpoint-port]", "1")
        .await
        .unwrap();
    s.click_css("[data-testid=endpoint-inspect]").await.unwrap();
    s.find("[data-testid=endpoint-error] [data-testid=error-details]")
        .await
        .unwrap();
    s.click_css("[data-testid=endpoint-error] [data-testid=error-details] button")
        .await
        .unwrap();
    s.wait_text(
        "[data-testid=endpoint-error] [data-testid=error-details]",
        "詳細",
    )
    .await
    .unwrap();
    s.wait_text(
        "[data-testid=endpoint-error] [data-testid=error-server-text]",
        "127.0.0.1",
    )
    .await
    .unwrap();
    app.screenshot("171-error-details-open-ja").await;
    app.close().await;
}

/// A leaf signed by `issuer` for `sans` (DNS names, wildcards as given).
fn leaf_for(cn: &str, sans: &[&str], issuer: &Issuer<'_, KeyPair>) -> (String, String) {
    let year = this_year();
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::default();
    leaf.distinguished_name.push(DnType::CommonName, cn);
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.subject_alt_names = sans
        .iter()
        .map(|s| SanType::DnsName((*s).try_into().unwrap()))
        .collect();
    leaf.not_before = rcgen::date_time_ymd(year - 1, 12, 1);
    leaf.not_after = rcgen::date_time_ymd(year + 1, 1, 1);
    let cert = leaf.signed_by(&key, issuer).unwrap();
    (cert.pem(), key.serialize_pem())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_certificates_directory_names_the_file_used_and_its_real_world_faults() {
    init();
    let ca_key = KeyPair::generate().unwrap();
    let ca = ca_params("E2E Root CA");
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let root = Issuer::new(ca, ca_key);
    let (old_pem, old_key) = leaf_for(
        "old-registry.example.test",
        &["old-registry.example.test"],
        &root,
    );
    let (leaf_pem, leaf_key) = leaf_for(
        "registry.example.test",
        &["registry.example.test", "r*.apps.example.test"],
        &root,
    );
    // The registry console's directory, copied from the pod: the generated certificate, and
    // the admin's bundle saved by a Windows editor (a byte-order mark) with last year's server
    // certificate still pasted above the new one.
    let files = tempfile::tempdir().unwrap();
    let dir = files.path().join("ws-certs.d");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("0-self-signed.cert"),
        format!("{old_pem}{old_key}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("registry.cert"),
        format!("\u{feff}{old_pem}{leaf_pem}{leaf_key}"),
    )
    .unwrap();
    let ca_file = files.path().join("ca.crt");
    std::fs::write(&ca_file, &ca_pem).unwrap();

    let desktop = Desktop::with_lang("ja_JP.UTF-8");
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.wait_text("[data-testid=page-title]", "証明書")
        .await
        .unwrap();
    s.click_css("[data-testid=doctor-ca]").await.unwrap();
    native::choose_path("CA ファイル (任意)", &ca_file, || {});
    s.wait_text_content("[data-testid=doctor-ca-file]", "ca.crt")
        .await
        .unwrap();
    s.type_into("[data-testid=doctor-add-host]", "rx.apps.example.test")
        .await
        .unwrap();
    s.click_css("[data-testid=doctor-add-host-button]")
        .await
        .unwrap();
    s.type_into("[data-testid=doctor-dir]", &dir.display().to_string())
        .await
        .unwrap();
    s.click_css("[data-testid=doctor-dir-run]").await.unwrap();
    let used = s
        .wait_text_content("[data-testid=doctor-dir-result]", "registry.cert")
        .await
        .unwrap();
    assert!(used.contains("アルファベット順で最後"), "{used}");
    s.find("[data-testid=doctor-result]").await.unwrap();
    // The byte-order mark hid nothing: both certificates were read, and the key's one is the
    // server certificate.
    assert_eq!(status_of(s, "oneServerCertificate").await, "fail");
    assert_eq!(status_of(s, "keyMatchesCertificate").await, "pass");
    assert_eq!(status_of(s, "chainOrder").await, "pass");
    assert_eq!(status_of(s, "wildcardNames").await, "fail");
    assert_eq!(status_of(s, "hostsCovered").await, "fail");
    let two = s
        .wait_text_content(
            "[data-testid=check-row][data-check=oneServerCertificate]",
            "CN=registry.example.test",
        )
        .await
        .unwrap();
    assert!(two.contains("CN=old-registry.example.test"), "{two}");
    s.wait_text_content("[data-testid=parse-notes]", "バイトオーダーマーク")
        .await
        .unwrap();
    scroll_to(s, "[data-testid=doctor-dir-result]").await;
    app.screenshot("116-certificates-directory-ja").await;
    let reason = s
        .wait_text_content("[data-testid=host-coverage]", "rx.apps.example.test")
        .await
        .unwrap();
    assert!(reason.contains("ワイルドカード"), "{reason}");
    let left_out = s
        .wait_text_content("[data-testid=fixed-left-out]", "old-registry.example.test")
        .await
        .unwrap();
    assert!(left_out.contains("除外"), "{left_out}");
    let order = s
        .wait_text_content("[data-testid=fixed-order]", "CN=registry.example.test")
        .await
        .unwrap();
    assert!(!order.contains("old-registry"), "{order}");
    scroll_to(s, "[data-testid=check-row][data-check=wildcardNames]").await;
    app.screenshot("117-certificates-directory-checks-ja").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_openshift_3_cluster_is_picked_once_and_its_certificate_steps_follow_in_japanese_dark() {
    init();
    let chain = chain_for("docker-registry.default.svc");
    let mut desktop = Desktop::with_lang("ja_JP.UTF-8");
    desktop.gtk_theme = Some("Adwaita:dark".into());
    let app = desktop.launch().await;
    let s = &app.session;

    // The version is picked once, in the connection form.
    s.click_css("[data-testid=add-connection]").await.unwrap();
    s.type_into("#connection-name", "旧クラスター")
        .await
        .unwrap();
    select_option(s, "#connection-kind", "openshift").await;
    s.click_css("#platform-v3").await.unwrap();
    s.type_into("#connection-url", "https://master.example.com:8443")
        .await
        .unwrap();
    app.screenshot("177-add-connection-openshift-3-ja-dark")
        .await;
    s.click_css("[data-testid=connection-save]").await.unwrap();
    let row = "[data-testid=connection-row][data-name=\"旧クラスター\"]";
    s.wait_text_content(
        &format!("{row} [data-testid=connection-kind]"),
        "OpenShift 3.x クラスター",
    )
    .await
    .unwrap();
    app.screenshot("178-connections-openshift-3-ja-dark").await;
    // Kept in the settings file as picked.
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(desktop.settings_path()).unwrap()).unwrap();
    let saved = &settings["connections"][0];
    assert_eq!(saved["openshiftVersion"], "v3", "{settings}");
    let id = saved["id"].as_str().unwrap().to_owned();

    // The Certificates page follows it: 3.x's service names, the registry console's steps.
    s.click_css("[data-testid=nav-certificates]").await.unwrap();
    s.find("[data-testid=doctor-connection]").await.unwrap();
    select_option(s, "[data-testid=doctor-connection]", &id).await;
    s.wait_text_content(
        "[data-testid=doctor-hosts]",
        "docker-registry.default.svc.cluster.local",
    )
    .await
    .unwrap();
    // Pasted as a paste does it (typed keys would lose the new lines): the whole text at once.
    let pem = format!(
        "{}{}{}",
        chain.leaf_pem, chain.intermediate_pem, chain.leaf_key_pem
    );
    s.execute(&format!(
        "const t = document.querySelector('[data-testid=doctor-paste]');\
         Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(t, {});\
         t.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;",
        serde_json::to_string(&pem).unwrap()
    ))
    .await
    .unwrap();
    s.click_css("[data-testid=doctor-run]").await.unwrap();
    s.wait_text_content(
        "[data-testid=instructions-oc]",
        "oc create secret generic console-secret",
    )
    .await
    .unwrap();
    s.find("#install-platform-v3[aria-pressed=true]")
        .await
        .unwrap();
    s.wait_text_content(
        "[data-testid=instructions]",
        "レジストリーコンソール用のシークレットを作成",
    )
    .await
    .unwrap();
    scroll_to(s, "[data-testid=instructions]").await;
    app.screenshot("179-certificates-install-openshift-3-ja-dark")
        .await;
    app.close().await;
}
