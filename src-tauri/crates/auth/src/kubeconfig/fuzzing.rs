//! The fuzzing entry (`fuzz/`, cargo-fuzz): kubeconfig files read and merged from bytes, as
//! [`Kubeconfig::load`] reads them from disk, then listed and each context resolved. Not an
//! API: nothing outside `fuzz/` calls it.

use std::path::PathBuf;

use super::{Kubeconfig, KubeconfigListing, KubeconfigSource, parse_file};

/// Reads and merges `files` (as the files of a `$KUBECONFIG` list, in a directory that does
/// not exist, so relative `tokenFile`s and CA files are missing), lists the result and
/// resolves every context. None when a file does not parse (`load` refuses it too).
/// Panics when the listing and the resolution disagree, or when a name is listed twice.
pub fn merge(files: &[&[u8]]) -> Option<KubeconfigListing> {
    let mut config = Kubeconfig {
        files: Vec::new(),
        source: KubeconfigSource::Env,
        current_context: None,
        clusters: Vec::new(),
        contexts: Vec::new(),
        users: Vec::new(),
    };
    for (i, bytes) in files.iter().enumerate() {
        let path = PathBuf::from(format!("/nonexistent/registry-console-fuzz/{i}/config"));
        let raw = parse_file(&path, bytes).ok()?;
        config.merge(&path, raw);
    }
    let listing = config.listing();
    assert_eq!(listing.files.len(), files.len());
    assert!(listing.contexts.iter().filter(|c| c.current).count() <= 1);
    for (i, context) in listing.contexts.iter().enumerate() {
        assert!(
            listing.contexts[..i].iter().all(|c| c.name != context.name),
            "the first file to name a context wins"
        );
        match config.resolve(&context.name) {
            Ok(resolved) => {
                assert_eq!(context.problem, None);
                assert_eq!(resolved.context, context.name);
                assert!(!resolved.server.is_empty());
                assert_eq!(resolved.token.is_some(), context.has_token);
            }
            Err(_) => assert!(context.problem.is_some() || context.has_token),
        }
    }
    Some(listing)
}
