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
