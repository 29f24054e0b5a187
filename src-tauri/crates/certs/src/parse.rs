//! Reads what the user gave (files as bytes, pasted text) into certificates and private keys,
//! noting everything odd on the way with its source and line.
//!
//! Our own PEM scanner rather than a library's: libraries skip what they do not understand
//! (an `ENCRYPTED PRIVATE KEY`, a legacy `Proc-Type: 4,ENCRYPTED` key, stray text, a block
//! without its END line), and the doctor must say so. It never panics on any input; the fuzz
//! target under `fuzz/` runs [`parse_sources`] on arbitrary bytes.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::keys::{self, KeyFormat, KeyMaterial, PrivateKey};
use crate::model::{NoteKind, ParseNote};

/// A certificate found in the input.
#[derive(Debug, Clone)]
pub(crate) struct FoundCert {
    /// Its DER.
    pub der: Vec<u8>,
}

/// Everything found in the input.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Certificates in input order, duplicates dropped.
    pub certs: Vec<FoundCert>,
    /// Private keys in input order, encrypted ones included.
    pub keys: Vec<PrivateKey>,
    /// What the parser noticed.
    pub notes: Vec<ParseNote>,
    /// Whether anything besides certificates and keys was given (stray text, other blocks,
    /// CRLF, duplicates, DER), so that the fixed bundle differs from the input.
    pub altered: bool,
    /// The sequence of items as given: `true` for a certificate, `false` for a key, with the
    /// index into `certs` / `keys`, duplicates included (for "did the order change").
    pub sequence: Vec<(bool, usize)>,
}

/// One input: its name ("pasted" for the text box) and its bytes.
pub(crate) struct Source<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// base64 as found in PEM files: padding optional.
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Parses every source in order.
pub(crate) fn parse_sources(sources: &[Source<'_>]) -> Parsed {
    let mut parsed = Parsed::default();
    for source in sources {
        parse_one(&mut parsed, source);
    }
    parsed
}

fn note(
    parsed: &mut Parsed,
    kind: NoteKind,
    source: &str,
    line: Option<u32>,
    detail: Option<String>,
) {
    parsed.notes.push(ParseNote {
        kind,
        source: source.to_owned(),
        line,
        detail,
    });
}

fn parse_one(parsed: &mut Parsed, source: &Source<'_>) {
    let bytes = source.bytes;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    if let Some((text, encoding)) = utf16_with_bom(bytes) {
        parsed.altered = true;
        note(
            parsed,
            NoteKind::ByteOrderMark,
            source.name,
            Some(1),
            Some(encoding.into()),
        );
        parse_text(parsed, source.name, &text);
        return;
    }
    let has_pem = contains(bytes, b"-----BEGIN");
    if !has_pem && bytes.first() == Some(&0x30) && parse_der(parsed, source) {
        return;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse_text(parsed, source.name, text),
        Err(_) if has_pem => parse_text(parsed, source.name, &String::from_utf8_lossy(bytes)),
        Err(_) => {
            parsed.altered = true;
            note(
                parsed,
                NoteKind::MalformedBlock,
                source.name,
                None,
                Some("binary data that is neither a DER certificate nor a DER private key".into()),
            );
        }
    }
}

/// Text saved as UTF-16 with its byte-order mark (Windows Notepad's "Unicode"), decoded.
fn utf16_with_bom(bytes: &[u8]) -> Option<(String, &'static str)> {
    let (rest, little, name) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true, "UTF-16LE"),
        [0xFE, 0xFF, rest @ ..] => (rest, false, "UTF-16BE"),
        _ => return None,
    };
    let units = rest.chunks_exact(2).map(|pair| {
        if little {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Some((text, name))
}

/// The byte-order mark U+FEFF, which Windows editors put at the start of a UTF-8 file (and
/// which `cat` then carries into the middle of a concatenated bundle).
const BOM: char = '\u{feff}';

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn parse_der(parsed: &mut Parsed, source: &Source<'_>) -> bool {
    let bytes = source.bytes;
    if let Ok((rest, _)) = x509_parser::parse_x509_certificate(bytes) {
        let len = bytes.len() - rest.len();
        note(
            parsed,
            NoteKind::DerInput,
            source.name,
            None,
            Some("CERTIFICATE".into()),
        );
        if !rest.is_empty() {
            note(
                parsed,
                NoteKind::StrayText,
                source.name,
                None,
                Some(format!("{} bytes after the certificate", rest.len())),
            );
        }
        parsed.altered = true;
        add_cert(parsed, source.name, None, bytes[..len].to_vec());
        return true;
    }
    if let Some(format) = keys::sniff_der(bytes) {
        note(
            parsed,
            NoteKind::DerInput,
            source.name,
            None,
            Some(format.label().into()),
        );
        parsed.altered = true;
        add_key(parsed, source.name, None, format, bytes.to_vec());
        return true;
    }
    false
}

fn add_cert(parsed: &mut Parsed, source: &str, line: Option<u32>, der: Vec<u8>) {
    if let Some(index) = parsed.certs.iter().position(|c| c.der == der) {
        parsed.altered = true;
        let subject = x509_parser::parse_x509_certificate(&der)
            .map(|(_, c)| c.subject().to_string())
            .ok();
        note(
            parsed,
            NoteKind::DuplicateCertificate,
            source,
            line,
            subject,
        );
        parsed.sequence.push((true, index));
        return;
    }
    parsed.sequence.push((true, parsed.certs.len()));
    parsed.certs.push(FoundCert { der });
}

fn add_key(parsed: &mut Parsed, source: &str, line: Option<u32>, format: KeyFormat, der: Vec<u8>) {
    parsed.sequence.push((false, parsed.keys.len()));
    parsed.keys.push(PrivateKey {
        format,
        der: KeyMaterial::new(der),
        source: source.to_owned(),
        line,
    });
}

/// `-----BEGIN X-----` → X.
fn marker<'a>(line: &'a str, which: &str) -> Option<&'a str> {
    let rest = line.strip_prefix("-----")?.strip_prefix(which)?;
    let rest = rest.strip_prefix(' ')?;
    Some(rest.strip_suffix("-----")?.trim())
}

/// A short excerpt of stray text, unless it could be key material (base64).
fn excerpt(line: &str) -> String {
    let looks_base64 = line.len() >= 16
        && line
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    if looks_base64 {
        return "base64 text outside a BEGIN/END block".to_owned();
    }
    let mut s: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        s.push('…');
    }
    s
}

struct Block<'a> {
    label: &'a str,
    begin_line: u32,
    headers: Vec<(&'a str, &'a str)>,
    body: String,
}

fn parse_text(parsed: &mut Parsed, source: &str, text: &str) {
    // A byte-order mark at the start of the text or of any line is not part of the PEM: `trim`
    // keeps it (U+FEFF is not white space), so left in place it would hide a BEGIN line.
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_prefix(BOM).unwrap_or(l))
        .collect();
    if let Some(i) = text.split('\n').position(|l| l.starts_with(BOM)) {
        parsed.altered = true;
        note(
            parsed,
            NoteKind::ByteOrderMark,
            source,
            line_no(i),
            Some("UTF-8".into()),
        );
    }
    if let Some(i) = lines.iter().position(|l| l.ends_with('\r')) {
        parsed.altered = true;
        note(parsed, NoteKind::CrlfLineEndings, source, line_no(i), None);
    }
    let mut i = 0;
    let mut stray_start: Option<usize> = None;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(label) = marker(line, "BEGIN") {
            if let Some(start) = stray_start.take() {
                stray(parsed, source, start, lines[start]);
            }
            i = read_block(parsed, source, &lines, i, label);
            continue;
        }
        if line.is_empty() {
            if let Some(start) = stray_start.take() {
                stray(parsed, source, start, lines[start]);
            }
        } else if stray_start.is_none() {
            stray_start = Some(i);
        }
        i += 1;
    }
    if let Some(start) = stray_start {
        stray(parsed, source, start, lines[start]);
    }
}

fn line_no(index: usize) -> Option<u32> {
    u32::try_from(index + 1).ok()
}

fn stray(parsed: &mut Parsed, source: &str, index: usize, line: &str) {
    parsed.altered = true;
    let trimmed = line.trim();
    let detail = if marker(trimmed, "END").is_some() {
        format!("{trimmed} without its BEGIN line")
    } else {
        excerpt(trimmed)
    };
    note(
        parsed,
        NoteKind::StrayText,
        source,
        line_no(index),
        Some(detail),
    );
}

/// Reads the block starting at `lines[start]`; returns the index of the next line to read.
fn read_block(
    parsed: &mut Parsed,
    source: &str,
    lines: &[&str],
    start: usize,
    label: &str,
) -> usize {
    let mut block = Block {
        label,
        begin_line: line_no(start).unwrap_or(u32::MAX),
        headers: Vec::new(),
        body: String::new(),
    };
    let mut in_headers = true;
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(end) = marker(line, "END") {
            if end != label {
                malformed(
                    parsed,
                    source,
                    &block,
                    &format!("{label} block ends with END {end}"),
                );
            } else {
                finish_block(parsed, source, &block);
            }
            return i + 1;
        }
        if marker(line, "BEGIN").is_some() {
            // A new block before this one ended: this one was cut short.
            malformed(
                parsed,
                source,
                &block,
                &format!("{label} block has no END line"),
            );
            return i;
        }
        if in_headers {
            if let Some((name, value)) = line.split_once(':')
                && !name.is_empty()
                && !name.contains(' ')
            {
                block.headers.push((name.trim(), value.trim()));
                i += 1;
                continue;
            }
            if line.is_empty() && !block.headers.is_empty() {
                i += 1;
                in_headers = false;
                continue;
            }
            in_headers = false;
        }
        block
            .body
            .extend(line.chars().filter(|c| !c.is_whitespace()));
        i += 1;
    }
    malformed(
        parsed,
        source,
        &block,
        &format!("{label} block has no END line"),
    );
    lines.len()
}

fn malformed(parsed: &mut Parsed, source: &str, block: &Block<'_>, why: &str) {
    parsed.altered = true;
    note(
        parsed,
        NoteKind::MalformedBlock,
        source,
        Some(block.begin_line),
        Some(why.to_owned()),
    );
}

fn finish_block(parsed: &mut Parsed, source: &str, block: &Block<'_>) {
    let line = Some(block.begin_line);
    let encrypted_headers = block.headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("Proc-Type") && value.to_ascii_uppercase().contains("ENCRYPTED")
    });
    let der = match B64.decode(block.body.as_bytes()) {
        Ok(der) if !der.is_empty() => der,
        Ok(_) => {
            malformed(
                parsed,
                source,
                block,
                &format!("{} block is empty", block.label),
            );
            return;
        }
        Err(_) => {
            malformed(
                parsed,
                source,
                block,
                &format!("{} block is not valid base64", block.label),
            );
            return;
        }
    };
    match block.label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            match x509_parser::parse_x509_certificate(&der) {
                Ok((rest, _)) => {
                    if !rest.is_empty() && block.label != "TRUSTED CERTIFICATE" {
                        malformed(
                            parsed,
                            source,
                            block,
                            &format!("{} bytes after the certificate were ignored", rest.len()),
                        );
                    }
                    let len = der.len() - rest.len();
                    add_cert(parsed, source, line, der[..len].to_vec());
                }
                Err(e) => malformed(
                    parsed,
                    source,
                    block,
                    &format!("CERTIFICATE block is not a valid X.509 certificate ({e})"),
                ),
            }
        }
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
            let format = if encrypted_headers {
                KeyFormat::LegacyEncrypted
            } else {
                match block.label {
                    "PRIVATE KEY" => KeyFormat::Pkcs8,
                    "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
                    "EC PRIVATE KEY" => KeyFormat::Sec1,
                    _ => KeyFormat::EncryptedPkcs8,
                }
            };
            if keys::is_well_formed(&der, format) {
                add_key(parsed, source, line, format, der);
            } else {
                // Never quote the content: it may be (part of) a key.
                malformed(
                    parsed,
                    source,
                    block,
                    &format!("{} block is not a valid key", block.label),
                );
            }
        }
        other => {
            parsed.altered = true;
            note(
                parsed,
                NoteKind::UnknownBlock,
                source,
                line,
                Some(other.to_owned()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Parsed {
        parse_sources(&[Source {
            name: "pasted",
            bytes: text.as_bytes(),
        }])
    }

    fn kinds(p: &Parsed) -> Vec<(NoteKind, Option<u32>)> {
        p.notes.iter().map(|n| (n.kind, n.line)).collect()
    }

    fn cert_pem() -> String {
        rcgen::generate_simple_self_signed(vec!["a.example".into()])
            .unwrap()
            .cert
            .pem()
    }

    #[test]
    fn empty_input_has_nothing_and_no_notes() {
        let p = parse("  \n\n");
        assert!(p.certs.is_empty() && p.keys.is_empty() && p.notes.is_empty());
    }

    #[test]
    fn stray_text_is_noted_with_its_line() {
        let pem = cert_pem();
        let p = parse(&format!("subject=CN = a\nissuer=CN = a\n{pem}\ntrailing"));
        assert_eq!(p.certs.len(), 1);
        let trailing = u32::try_from(2 + pem.lines().count() + 2).unwrap();
        assert_eq!(
            kinds(&p),
            vec![
                (NoteKind::StrayText, Some(1)),
                (NoteKind::StrayText, Some(trailing))
            ]
        );
        assert_eq!(p.notes[0].detail.as_deref(), Some("subject=CN = a"));
    }

    #[test]
    fn a_utf8_byte_order_mark_hides_no_certificate_at_the_start_or_mid_file() {
        let (first, second) = (cert_pem(), cert_pem());
        // As a Windows editor saves it, then `cat`-ed with another file that has one too.
        let text = format!("\u{feff}{first}\u{feff}{second}");
        let p = parse(&text);
        assert_eq!(
            p.certs.len(),
            2,
            "both certificates are read: {:?}",
            p.notes
        );
        let first_der = rustls_pki_types::pem::PemObject::from_pem_slice(first.as_bytes())
            .map(|c: rustls_pki_types::CertificateDer<'_>| c.to_vec())
            .unwrap();
        assert_eq!(
            p.certs[0].der, first_der,
            "the first certificate stays first"
        );
        assert_eq!(kinds(&p), vec![(NoteKind::ByteOrderMark, Some(1))]);
        assert_eq!(p.notes[0].detail.as_deref(), Some("UTF-8"));
        assert!(p.altered, "the fixed bundle drops the marks");
    }

    #[test]
    fn utf16_text_with_its_byte_order_mark_is_decoded() {
        let pem = cert_pem();
        for (bom, little) in [([0xFF_u8, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut bytes = bom.to_vec();
            for unit in pem.encode_utf16() {
                bytes.extend(if little {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                });
            }
            let p = parse_sources(&[Source {
                name: "notepad.cert",
                bytes: &bytes,
            }]);
            assert_eq!(p.certs.len(), 1, "{:?}", p.notes);
            assert_eq!(p.notes[0].kind, NoteKind::ByteOrderMark);
            let expected = if little { "UTF-16LE" } else { "UTF-16BE" };
            assert_eq!(p.notes[0].detail.as_deref(), Some(expected));
        }
    }

    #[test]
    fn crlf_is_accepted_and_noted_once() {
        let pem = cert_pem().replace('\n', "\r\n");
        let p = parse(&format!("{pem}{pem}"));
        assert_eq!(p.certs.len(), 1);
        let k = kinds(&p);
        assert_eq!(k[0], (NoteKind::CrlfLineEndings, Some(1)));
        assert_eq!(k[1].0, NoteKind::DuplicateCertificate);
        assert_eq!(p.sequence, vec![(true, 0), (true, 0)]);
    }

    #[test]
    fn truncated_and_mismatched_blocks_are_malformed() {
        let pem = cert_pem();
        let cut: String = pem.lines().take(5).collect::<Vec<_>>().join("\n");
        let p = parse(&format!("{cut}\n{pem}"));
        assert_eq!(
            p.certs.len(),
            1,
            "the whole block after the cut one is read"
        );
        assert_eq!(p.notes[0].kind, NoteKind::MalformedBlock);
        assert_eq!(p.notes[0].line, Some(1));

        let wrong_end = pem.replace("END CERTIFICATE", "END PRIVATE KEY");
        let p = parse(&wrong_end);
        assert!(p.certs.is_empty());
        assert_eq!(p.notes[0].kind, NoteKind::MalformedBlock);

        let bad_b64 = "-----BEGIN CERTIFICATE-----\nMII*&^\n-----END CERTIFICATE-----\n";
        let p = parse(bad_b64);
        assert_eq!(
            p.notes[0].detail.as_deref(),
            Some("CERTIFICATE block is not valid base64")
        );
    }

    #[test]
    fn unknown_blocks_are_noted_by_label() {
        let p = parse(
            "-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQE=\n-----END CERTIFICATE REQUEST-----\n",
        );
        assert_eq!(p.notes[0].kind, NoteKind::UnknownBlock);
        assert_eq!(p.notes[0].detail.as_deref(), Some("CERTIFICATE REQUEST"));
    }

    #[test]
    fn legacy_encrypted_rsa_key_is_recognised_by_its_headers() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ\n-----END RSA PRIVATE KEY-----\n";
        let p = parse(text);
        assert_eq!(p.keys.len(), 1);
        assert_eq!(p.keys[0].format, KeyFormat::LegacyEncrypted);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn malformed_key_detail_never_quotes_the_content() {
        let p = parse("-----BEGIN PRIVATE KEY-----\nc2VjcmV0c2VjcmV0\n-----END PRIVATE KEY-----\n");
        assert!(p.keys.is_empty());
        let detail = p.notes[0].detail.clone().unwrap();
        assert!(!detail.contains("c2Vj"), "{detail}");
    }

    #[test]
    fn der_certificate_and_garbage_bytes() {
        let cert = rcgen::generate_simple_self_signed(vec!["a".into()]).unwrap();
        let p = parse_sources(&[Source {
            name: "server.der",
            bytes: cert.cert.der(),
        }]);
        assert_eq!(p.certs.len(), 1);
        assert_eq!(p.notes[0].kind, NoteKind::DerInput);

        let key = cert.signing_key.serialize_der();
        let p = parse_sources(&[Source {
            name: "server.key.der",
            bytes: &key,
        }]);
        assert_eq!(p.keys.len(), 1);
        assert_eq!(p.keys[0].format, KeyFormat::Pkcs8);

        let p = parse_sources(&[Source {
            name: "x.bin",
            bytes: &[0x30, 0x82, 0xff, 0x00, 0x01],
        }]);
        assert_eq!(p.notes[0].kind, NoteKind::MalformedBlock);
    }

    #[test]
    fn text_starting_with_a_zero_is_text_not_der() {
        let p = parse("0-self-signed.cert is what the console makes\n");
        assert_eq!(p.notes[0].kind, NoteKind::StrayText);
        let p = parse_sources(&[Source {
            name: "blob",
            bytes: &[0x47, 0xff, 0xfe, 0x00, 0x10],
        }]);
        assert_eq!(p.notes[0].kind, NoteKind::MalformedBlock);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let samples: Vec<Vec<u8>> = vec![
            b"-----BEGIN ".to_vec(),
            b"-----BEGIN CERTIFICATE-----".to_vec(),
            b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----".to_vec(),
            b"-----BEGIN -----\n-----END -----".to_vec(),
            vec![0x30],
            vec![0x30, 0x80],
            vec![0xff; 64],
            "-----BEGIN PRIVATE KEY-----\n\u{feff}\n-----END PRIVATE KEY-----".into(),
            b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type:\n\n-----END RSA PRIVATE KEY-----"
                .to_vec(),
        ];
        for s in samples {
            let _ = parse_sources(&[Source {
                name: "f",
                bytes: &s,
            }]);
        }
    }
}
