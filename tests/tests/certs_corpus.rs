//! The bad-bundle corpus: every mistake in `tests/fixtures/bad-bundles/` (made by its
//! `generate.sh` with openssl) must be answered with the checks and parser notes that
//! `expected.json` records for it, and nothing else may fail.
//!
//! Only the corpus root (`ca.crt`) is trusted, never the system roots, so the answers do not
//! depend on the machine. The certificates are valid for 700 days from generation; once they
//! age, `validNow` and `expiresSoon` are the only failures allowed beyond the expected ones.

use std::collections::BTreeSet;
use std::path::PathBuf;

use base64::Engine as _;
use certs::model::{BundleInput, CheckId, CheckStatus, InputFile, NoteKind};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Entry {
    file: String,
    fails: Vec<CheckId>,
    warns: Vec<CheckId>,
    notes: Vec<NoteKind>,
    hosts: Vec<String>,
    ca: Option<String>,
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad-bundles")
}

fn file(name: &str) -> InputFile {
    let bytes = std::fs::read(corpus_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    InputFile {
        name: name.to_owned(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        path: None,
    }
}

#[test]
fn every_bad_bundle_gets_the_right_answer() {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap();
    let entries: Vec<Entry> = serde_json::from_str(&text).unwrap();
    assert!(
        entries.len() >= 50,
        "the corpus has {} bundles",
        entries.len()
    );
    let aging: BTreeSet<String> = [CheckId::ValidNow, CheckId::ExpiresSoon]
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();

    let mut wrong = Vec::new();
    for e in &entries {
        let input = BundleInput {
            files: vec![file(&e.file)],
            pasted: String::new(),
            hosts: e.hosts.clone(),
            ca_file: e.ca.as_deref().map(file),
        };
        let report = match certs::examine(&input, &[]) {
            Ok(r) => r,
            Err(err) => {
                wrong.push(format!("{}: error {err}", e.file));
                continue;
            }
        };
        let ids = |status: CheckStatus| -> BTreeSet<String> {
            report
                .checks
                .iter()
                .filter(|c| c.status == status)
                .map(|c| format!("{:?}", c.id))
                .collect()
        };
        let fails = ids(CheckStatus::Fail);
        let warns = ids(CheckStatus::Warn);
        let expected_fails: BTreeSet<String> = e.fails.iter().map(|c| format!("{c:?}")).collect();
        let missing: Vec<_> = expected_fails.difference(&fails).collect();
        let extra: Vec<_> = fails
            .difference(&expected_fails)
            .filter(|c| !aging.contains(*c))
            .collect();
        if !missing.is_empty() || !extra.is_empty() {
            wrong.push(format!(
                "{}: expected to fail {expected_fails:?}, failed {fails:?}",
                e.file
            ));
        }
        for w in &e.warns {
            if !warns.contains(&format!("{w:?}")) {
                wrong.push(format!(
                    "{}: expected a {w:?} warning, warned {warns:?}",
                    e.file
                ));
            }
        }
        let mut notes: Vec<NoteKind> = report.notes.iter().map(|n| n.kind).collect();
        for n in &e.notes {
            match notes.iter().position(|k| k == n) {
                Some(i) => {
                    notes.remove(i);
                }
                None => wrong.push(format!(
                    "{}: expected a {n:?} note, got {:?}",
                    e.file, report.notes
                )),
            }
        }
        // Every note names its source; a note from a text file names its line.
        for n in &report.notes {
            assert_eq!(n.source, e.file);
        }
        // A bundle whose every check passes must also be exportable and say whether it changed.
        if fails.is_empty() && !report.certificates.is_empty() {
            assert!(report.fixed.exportable, "{}: {:?}", e.file, report.fixed);
            assert_eq!(report.fixed.changed, !e.notes.is_empty(), "{}", e.file);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} wrong:\n{}",
        wrong.len(),
        entries.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_corpus_names_every_real_mistake_of_the_issue() {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap();
    let entries: Vec<Entry> = serde_json::from_str(&text).unwrap();
    let failing: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| e.fails.iter().chain(&e.warns))
        .map(|c| format!("{c:?}"))
        .collect();
    for id in [
        CheckId::CertificatePresent,
        CheckId::OnePrivateKey,
        CheckId::KeyUnencrypted,
        CheckId::KeyMatchesCertificate,
        CheckId::ChainOrder,
        CheckId::ChainTrusted,
        CheckId::ValidNow,
        CheckId::ExpiresSoon,
        CheckId::ValidityLength,
        CheckId::LeafNotCa,
        CheckId::ServerAuthUsage,
        CheckId::KeyStrength,
        CheckId::SignatureAlgorithm,
        CheckId::SubjectAltNames,
        CheckId::HostsCovered,
        CheckId::IpAsDnsName,
    ] {
        assert!(
            failing.contains(&format!("{id:?}")),
            "no bundle fails {id:?}"
        );
    }
    let notes: BTreeSet<String> = entries
        .iter()
        .flat_map(|e| &e.notes)
        .map(|n| format!("{n:?}"))
        .collect();
    for n in [
        NoteKind::StrayText,
        NoteKind::CrlfLineEndings,
        NoteKind::DuplicateCertificate,
        NoteKind::UnknownBlock,
        NoteKind::MalformedBlock,
        NoteKind::DerInput,
    ] {
        assert!(notes.contains(&format!("{n:?}")), "no bundle raises {n:?}");
    }
}
