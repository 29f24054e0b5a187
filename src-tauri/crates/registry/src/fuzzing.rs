//! The fuzzing entries (`fuzz/`, cargo-fuzz): the crate's parsers of what a registry or its
//! token server sends, reached without a network, each checking what it can of its own result.
//! Not an API: nothing outside `fuzz/` calls these.

use vault::Secret;

use crate::auth::{MAX_TOKEN_LIFETIME, TokenCache, TokenReply, token_lifetime};
use crate::digest;
use crate::manifest;
use crate::model::ManifestKind;

/// A manifest body as `fetch_manifest` receives it: its digest as computed and verified, then
/// the parse into the model; for an image, `config` as its config blob. Panics when a digest
/// that verifies does not cover the bytes, or when the raw view does not show the manifest.
pub fn manifest(content_type: Option<&str>, bytes: &[u8], config: &[u8]) {
    let plain = digest::sha256(bytes);
    assert!(digest::is_sha256(&plain));
    assert_eq!(digest::verify(bytes, &plain), Ok(plain.clone()));
    assert_eq!(digest::manifest_digest(bytes, false), plain);
    let signed = digest::manifest_digest(bytes, true);
    assert!(digest::is_sha256(&signed));
    if signed != plain {
        // The digest of a signed schema 1 manifest covers its payload: that payload must be
        // the manifest received, without its signatures, or a registry could serve any bytes
        // under a digest it did not compute over them.
        let payload = digest::schema1_payload(bytes).expect("a payload digest has a payload");
        let shown: serde_json::Value = serde_json::from_slice(bytes).expect("signed is JSON");
        let mut shown = shown;
        if let Some(object) = shown.as_object_mut() {
            object.remove("signatures");
        }
        let covered: Option<serde_json::Value> = serde_json::from_slice(&payload).ok();
        assert_eq!(
            covered.as_ref(),
            Some(&shown),
            "the digest covers other content than the manifest shown"
        );
    }
    let Ok(parsed) = manifest::parse(content_type, bytes) else {
        return;
    };
    if let Some(kind) = content_type.and_then(manifest::kind_of_media_type) {
        assert_eq!(parsed.kind, kind, "the Content-Type names the kind");
    }
    // The raw view is the JSON received, re-indented. (serde skips the fields the model does
    // not read without checking their strings' UTF-8 and escapes, so a manifest that parses
    // is not always JSON that a `Value` accepts.)
    let raw = manifest::pretty_json(bytes);
    if let Ok(received) = serde_json::from_slice::<serde_json::Value>(bytes) {
        let reread: serde_json::Value = serde_json::from_str(&raw).expect("the raw view is JSON");
        assert_eq!(reread, received, "the raw view changes the manifest");
    }
    let entries = parsed.entries();
    assert_eq!(entries.len(), parsed.manifest.manifests.len());
    if let Some(entry) = manifest::representative(&entries) {
        assert!(entries.iter().any(|e| std::ptr::eq(e, entry)));
    }
    if matches!(
        parsed.kind,
        ManifestKind::DockerV2 | ManifestKind::OciManifest
    ) && let Ok(image) = manifest::image_detail(&parsed.manifest, config)
    {
        assert_eq!(image.layers.len(), parsed.manifest.layers.len());
        assert!(image.total_size >= image.config_size);
        assert!(image.layers.iter().all(|l| image.total_size >= l.size));
    }
}

/// A token server's reply as `fetch_token` reads it, kept in the token cache for its scope.
/// Returns the token kept, when the reply holds one.
pub fn token_reply(bytes: &[u8]) -> Option<Secret> {
    let reply: TokenReply = serde_json::from_slice(bytes).ok()?;
    // As `RegistryClient::fetch_token` chooses the token and its lifetime.
    let token = reply
        .token
        .or(reply.access_token)
        .filter(|t| !t.is_empty())?;
    let lifetime = token_lifetime(bytes);
    assert!(!lifetime.is_zero() && lifetime <= MAX_TOKEN_LIFETIME);
    let mut cache = TokenCache::default();
    cache.put("repository:fuzz:pull", Secret::new(token.clone()), lifetime);
    // A token that lives at least a second is served right after it was kept.
    let kept = cache
        .get("repository:fuzz:pull")
        .expect("a fresh token is served");
    assert_eq!(kept.expose(), token);
    Some(kept)
}
