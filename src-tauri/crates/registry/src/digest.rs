//! Content digests (`sha256:<64 hex>`): computing them over the exact bytes received, and
//! telling a digest reference from a tag.

use sha2::{Digest as _, Sha256};

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in hash {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
    }
    out
}

/// True when `reference` is a digest (`algorithm:hex`) rather than a tag; tags cannot hold `:`.
pub fn is_digest(reference: &str) -> bool {
    reference.contains(':')
}

/// True for a well-formed sha256 digest.
pub fn is_sha256(digest: &str) -> bool {
    digest.strip_prefix("sha256:").is_some_and(|hex| {
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The digest of a manifest as the registry computes it: the sha256 of its bytes, except for a
/// signed schema 1 manifest (`application/vnd.docker.distribution.manifest.v1+prettyjws`),
/// whose digest covers its JWS payload, the manifest without its `signatures`.
pub fn manifest_digest(bytes: &[u8], signed_schema1: bool) -> String {
    match signed_schema1.then(|| schema1_payload(bytes)).flatten() {
        Some(payload) => sha256(&payload),
        None => sha256(bytes),
    }
}

/// The JWS payload of a signed schema 1 manifest (libtrust's "pretty JWS"): the bytes up to
/// `formatLength` followed by the base64url `formatTail`, both read from the first signature's
/// protected header. None when the manifest carries no usable signature, or when the payload
/// is not the manifest received without its `signatures`.
pub fn schema1_payload(bytes: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut manifest: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let protected = manifest["signatures"][0]["protected"].as_str()?;
    let header: serde_json::Value =
        serde_json::from_slice(&b64.decode(protected.trim_end_matches('=')).ok()?).ok()?;
    let length = usize::try_from(header["formatLength"].as_u64()?).ok()?;
    let tail = b64
        .decode(header["formatTail"].as_str()?.trim_end_matches('='))
        .ok()?;
    let mut payload = bytes.get(..length)?.to_vec();
    payload.extend_from_slice(&tail);
    // The digest covers the payload, the detail shows the bytes: the header's cut must give
    // back this manifest, or a registry could serve any content under another's digest.
    manifest.as_object_mut()?.remove("signatures");
    let covered: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    (covered == manifest).then_some(payload)
}

/// Checks `bytes` against `expected`; Err carries the digest actually computed.
pub fn verify(bytes: &[u8], expected: &str) -> Result<String, String> {
    let actual = sha256(bytes);
    if actual == expected {
        Ok(actual)
    } else {
        Err(actual)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A schema 1 manifest signed the way libtrust does it: the signature block is spliced in
    /// before the closing brace, and the protected header says how to cut it out again.
    fn signed_schema1(payload: &str) -> Vec<u8> {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let cut = payload.rfind('\n').expect("pretty JSON");
        let protected = b64.encode(format!(
            r#"{{"formatLength":{cut},"formatTail":"{}","time":"2016-01-01T00:00:00Z"}}"#,
            b64.encode(&payload[cut..])
        ));
        format!(
            "{},\n   \"signatures\": [{{\"header\": {{\"alg\": \"ES256\"}}, \"signature\": \"c2ln\", \"protected\": \"{protected}\"}}]{}",
            &payload[..cut],
            &payload[cut..]
        )
        .into_bytes()
    }

    #[test]
    fn signed_schema1_digest_covers_the_payload_without_signatures() {
        let payload = "{\n   \"schemaVersion\": 1,\n   \"name\": \"demo/old\",\n   \"tag\": \"v1\",\n   \"fsLayers\": []\n}";
        let signed = signed_schema1(payload);
        assert_ne!(sha256(&signed), sha256(payload.as_bytes()));
        assert_eq!(schema1_payload(&signed).unwrap(), payload.as_bytes());
        assert_eq!(manifest_digest(&signed, true), sha256(payload.as_bytes()));
        // Other manifests, and schema 1 without usable signatures, are digested as they are.
        assert_eq!(manifest_digest(&signed, false), sha256(&signed));
        assert_eq!(
            manifest_digest(payload.as_bytes(), true),
            sha256(payload.as_bytes())
        );
    }

    #[test]
    fn signed_schema1_whose_payload_is_not_the_manifest_is_digested_as_received() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        // The header cuts the manifest before its signatures and puts other content after
        // the cut: the digest would be of a manifest naming another image.
        let shown = "{\n   \"schemaVersion\": 1,\n   \"name\": \"demo/old\"";
        let protected = b64.encode(format!(
            r#"{{"formatLength":{},"formatTail":"{}"}}"#,
            shown.len(),
            b64.encode(",\n   \"name\": \"demo/evil\"\n}")
        ));
        let served = format!(
            "{shown},\n   \"signatures\": [{{\"signature\": \"c2ln\", \"protected\": \"{protected}\"}}]\n}}"
        );
        assert_eq!(schema1_payload(served.as_bytes()), None);
        assert_eq!(
            manifest_digest(served.as_bytes(), true),
            sha256(served.as_bytes())
        );
        // Found by the `manifest` fuzz target: the cut keeps the signatures and the tail
        // closes the object again, so the payload is not even JSON.
        let crash = br#"{
   "nameschemaVersion": 1,
   "hi": [
     {    "v1Compatibility": "{\"id\":\"x\"}"
      }
   ],
   "signatures": [{"sign": {"jwk": {"crvy": "EC"}, "alg": "ES256"},"signature": "c2ln", "protected": "eyJmb3JtYXRMZW5ndGgiOiAzMDYsICJmb3JtYXRUYWlsIjogIkNuMCIsICJ0aW1lIjogIjIwMTYtMDEtMDFUMDA6MDA6MDBaIn0"}]
}"#;
        assert_eq!(schema1_payload(crash), None);
        assert_eq!(manifest_digest(crash, true), sha256(crash));
    }

    #[test]
    fn sha256_of_known_bytes() {
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256(b"hello"),
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }

    #[test]
    fn verify_accepts_matching_bytes_and_reports_the_real_digest_otherwise() {
        let good = sha256(b"{}");
        assert_eq!(verify(b"{}", &good), Ok(good.clone()));
        assert_eq!(verify(b"{ }", &good), Err(sha256(b"{ }")));
    }

    #[test]
    fn tells_digests_from_tags() {
        assert!(is_digest(&sha256(b"x")));
        assert!(!is_digest("v1.2.3"));
        assert!(is_sha256(&sha256(b"x")));
        assert!(!is_sha256("sha256:ABC"));
        assert!(!is_sha256("sha512:00"));
    }
}
