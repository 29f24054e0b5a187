//! Checks a [`ConnectionDraft`] before it is kept: a name, a URL a client can use, and a CA
//! bundle that really holds certificates. The UI shows each refusal under the field it names.

use std::path::Path;

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

use crate::error::{Error, Result};
use crate::model::{ConnectionDraft, ConnectionKind, TlsMode};

/// Returns the draft with its name trimmed and its URL normalized, or the first refusal.
pub fn check_draft(draft: &ConnectionDraft) -> Result<ConnectionDraft> {
    let name = draft.name.trim();
    if name.is_empty() {
        return Err(Error::EmptyName);
    }
    let url = normalize_url(&draft.url, draft.kind)?;
    if let TlsMode::CaBundle { path } = &draft.tls {
        count_certificates(Path::new(path))?;
    }
    Ok(ConnectionDraft {
        name: name.to_owned(),
        kind: draft.kind,
        url,
        tls: draft.tls.clone(),
        openshift_version: (draft.kind == ConnectionKind::Openshift)
            .then(|| draft.openshift_version.unwrap_or_default()),
    })
}

/// Parses a base URL the way users type them: `registry.example.com:5000` means https.
///
/// A registry URL keeps only scheme, host and port, because the Registry v2 API always lives
/// at `/v2/` of the host; an OpenShift API URL or a Quay URL keeps its path, since both are
/// sometimes served below a prefix behind a proxy.
pub fn normalize_url(input: &str, kind: ConnectionKind) -> Result<String> {
    let typed = input.trim();
    let refuse = |reason: &str| Error::InvalidUrl {
        url: typed.to_owned(),
        reason: reason.to_owned(),
    };
    if typed.is_empty() {
        return Err(refuse("the URL is empty"));
    }
    let with_scheme = if typed.contains("://") {
        typed.to_owned()
    } else {
        format!("https://{typed}")
    };
    let mut url = url::Url::parse(&with_scheme).map_err(|e| refuse(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("only http:// and https:// are supported"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("the URL has no host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a URL would end up in the settings file in plain text.
        return Err(refuse(
            "remove the user name and password from the URL; sign in instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse("a base URL cannot have a query or a fragment"));
    }
    if kind == ConnectionKind::Registry {
        let path = url.path().trim_end_matches('/');
        if !(path.is_empty() || path == "/v2") {
            return Err(refuse(
                "a registry URL is the host (and port) only; repositories are browsed inside it",
            ));
        }
        url.set_path("");
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Counts the certificates in a PEM (one or more `BEGIN CERTIFICATE` blocks) or DER file.
pub fn count_certificates(path: &Path) -> Result<usize> {
    let bytes = std::fs::read(path).map_err(|source| Error::CaBundleUnreadable {
        path: path.to_owned(),
        source,
    })?;
    let mut count = 0;
    let mut parse_error = None;
    for item in CertificateDer::pem_slice_iter(&bytes) {
        match item {
            Ok(_) => count += 1,
            Err(e) => {
                parse_error = Some(e.to_string());
                break;
            }
        }
    }
    if count == 0 && parse_error.is_none() && looks_like_der_certificate(&bytes) {
        count = 1;
    }
    if count == 0 {
        return Err(Error::CaBundleWithoutCertificate {
            path: path.to_owned(),
            reason: parse_error,
        });
    }
    Ok(count)
}

/// A DER X.509 certificate is one SEQUENCE whose length covers the whole file.
fn looks_like_der_certificate(bytes: &[u8]) -> bool {
    let [0x30, len0, rest @ ..] = bytes else {
        return false;
    };
    let (len, header) = match *len0 {
        n if n < 0x80 => (usize::from(n), 2),
        0x81 => (rest.first().map_or(0, |&b| usize::from(b)), 3),
        0x82 => match rest {
            [a, b, ..] => ((usize::from(*a) << 8) | usize::from(*b), 4),
            _ => return false,
        },
        0x83 => match rest {
            [a, b, c, ..] => (
                (usize::from(*a) << 16) | (usize::from(*b) << 8) | usize::from(*c),
                5,
            ),
            _ => return false,
        },
        _ => return false,
    };
    header + len == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(url: &str) -> ConnectionDraft {
        ConnectionDraft {
            name: " demo ".into(),
            kind: ConnectionKind::Registry,
            url: url.into(),
            tls: TlsMode::System,
            openshift_version: None,
        }
    }

    #[test]
    fn registry_url_without_scheme_gets_https_and_loses_v2_path() {
        let checked = check_draft(&draft("registry.example.com:5000/v2/")).unwrap();
        assert_eq!(checked.url, "https://registry.example.com:5000");
        assert_eq!(checked.name, "demo");
    }

    #[test]
    fn plain_http_is_kept_as_typed() {
        assert_eq!(
            normalize_url("http://127.0.0.1:5000", ConnectionKind::Registry).unwrap(),
            "http://127.0.0.1:5000"
        );
    }

    #[test]
    fn an_openshift_connection_is_3_or_4_and_the_others_are_neither() {
        use crate::model::OpenshiftVersion;
        let cluster = |version| ConnectionDraft {
            kind: ConnectionKind::Openshift,
            openshift_version: version,
            ..draft("https://api.example.com:6443")
        };
        assert_eq!(
            check_draft(&cluster(None)).unwrap().openshift_version,
            Some(OpenshiftVersion::V4),
            "not picked: 4.x"
        );
        assert_eq!(
            check_draft(&cluster(Some(OpenshiftVersion::V3)))
                .unwrap()
                .openshift_version,
            Some(OpenshiftVersion::V3)
        );
        let registry = ConnectionDraft {
            openshift_version: Some(OpenshiftVersion::V3),
            ..draft("registry.example.com")
        };
        assert_eq!(check_draft(&registry).unwrap().openshift_version, None);
        // As the settings file and the UI write it.
        let read: ConnectionDraft = serde_json::from_str(
            r#"{"name":"c","kind":"openshift","url":"https://api.c:6443","tls":{"mode":"system"},"openshiftVersion":"v3"}"#,
        )
        .unwrap();
        assert_eq!(read.openshift_version, Some(OpenshiftVersion::V3));
        assert_eq!(
            OpenshiftVersion::V3.internal_registry(),
            "docker-registry.default.svc:5000"
        );
    }

    #[test]
    fn openshift_api_url_keeps_its_path() {
        assert_eq!(
            normalize_url(
                "https://api.example.com:6443/prefix/",
                ConnectionKind::Openshift
            )
            .unwrap(),
            "https://api.example.com:6443/prefix"
        );
    }

    #[test]
    fn refuses_unusable_urls_with_a_reason() {
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://u:p@host",
            "https://h?x=1",
            "https://h/team/app",
            "http://exa mple.com",
        ] {
            let err = normalize_url(bad, ConnectionKind::Registry).unwrap_err();
            assert!(matches!(err, Error::InvalidUrl { .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_name_is_refused() {
        let mut d = draft("h");
        d.name = "   ".into();
        assert!(matches!(check_draft(&d), Err(Error::EmptyName)));
    }

    #[test]
    fn ca_bundle_must_hold_a_certificate() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let mut d = draft("h");
        d.tls = TlsMode::CaBundle {
            path: empty.display().to_string(),
        };
        assert!(matches!(
            check_draft(&d),
            Err(Error::CaBundleWithoutCertificate { .. })
        ));

        d.tls = TlsMode::CaBundle {
            path: dir.path().join("missing.pem").display().to_string(),
        };
        assert!(matches!(
            check_draft(&d),
            Err(Error::CaBundleUnreadable { .. })
        ));
    }

    #[test]
    fn pem_blocks_and_der_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        // Any bytes inside a CERTIFICATE block count: this module checks the file is a
        // bundle; the certificate checker validates what is inside.
        let block = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\r\n";
        let pem = dir.path().join("two.pem");
        std::fs::write(&pem, format!("junk before\n{block}{block}")).unwrap();
        assert_eq!(count_certificates(&pem).unwrap(), 2);

        let der = dir.path().join("one.der");
        std::fs::write(&der, [0x30, 0x03, 0x02, 0x01, 0x01]).unwrap();
        assert_eq!(count_certificates(&der).unwrap(), 1);
    }
}
