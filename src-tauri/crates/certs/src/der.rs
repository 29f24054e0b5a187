//! A minimal DER reader: enough to tell a private key's format apart (PKCS#8, PKCS#1, SEC1,
//! encrypted PKCS#8), read its public half, and wrap PKCS#1 / SEC1 keys as PKCS#8.
//!
//! x509-parser reads certificates; nothing in the tree reads private-key structures without
//! also needing the key in a form ring accepts, so this small reader exists. It never panics:
//! every length is checked against the bytes that are really there (the parser is fuzzed).

/// DER tags used here.
pub(crate) mod tag {
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const SEQUENCE: u8 = 0x30;
    /// `[0]` constructed, explicit.
    pub const CONTEXT_0: u8 = 0xa0;
    /// `[1]` constructed, explicit.
    pub const CONTEXT_1: u8 = 0xa1;
}

/// One tag-length-value. Its value may be part of a private key: `Debug` prints its length.
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
}

impl std::fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tlv")
            .field("tag", &format_args!("{:#04x}", self.tag))
            .field("len", &self.value.len())
            .finish_non_exhaustive()
    }
}

/// Reads one TLV from the front of `input`; returns it and the rest.
pub(crate) fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    // High tag numbers (0x1f) are not used by the structures read here.
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | usize::from(b);
        }
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let (value, rest) = rest.split_at(len);
    Some((Tlv { tag, value }, rest))
}

/// Reads one TLV that must have `tag`.
pub(crate) fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (tlv, rest) = read_tlv(input)?;
    (tlv.tag == tag).then_some((tlv.value, rest))
}

/// Whether `input` is exactly one SEQUENCE with nothing after it.
pub(crate) fn is_single_sequence(input: &[u8]) -> bool {
    matches!(read_tlv(input), Some((Tlv { tag: tag::SEQUENCE, .. }, rest)) if rest.is_empty())
}

/// Encodes one TLV.
pub(crate) fn encode(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    out.push(tag);
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(value);
    out
}

/// An OID's content bytes as dotted text (`1.2.840.10045.2.1`).
pub(crate) fn oid_to_string(content: &[u8]) -> Option<String> {
    let (&first, rest) = content.split_first()?;
    let mut parts = vec![u64::from(first / 40).min(2), 0];
    parts[1] = u64::from(first) - parts[0] * 40;
    let mut value: u64 = 0;
    for &b in rest {
        if value > (u64::MAX >> 8) {
            return None;
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            parts.push(value);
            value = 0;
        }
    }
    if rest.last().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    Some(
        parts
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// An INTEGER's content without leading zero bytes (how moduli are compared).
pub(crate) fn unsigned(content: &[u8]) -> &[u8] {
    let skip = content
        .iter()
        .take_while(|&&b| b == 0)
        .count()
        .min(content.len().saturating_sub(1));
    &content[skip..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let short = [0x04, 0x02, 0xaa, 0xbb, 0x00];
        let (tlv, rest) = read_tlv(&short).unwrap();
        assert_eq!(tlv.tag, tag::OCTET_STRING);
        assert_eq!(tlv.value, &[0xaa, 0xbb]);
        assert_eq!(rest, &[0x00]);

        let long = encode(tag::OCTET_STRING, &[7u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let (tlv, rest) = read_tlv(&long).unwrap();
        assert_eq!(tlv.value.len(), 300);
        assert!(rest.is_empty());
    }

    #[test]
    fn refuses_lengths_past_the_end() {
        assert!(read_tlv(&[0x30, 0x05, 0x01]).is_none());
        assert!(read_tlv(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_none());
        assert!(read_tlv(&[0x30, 0x80]).is_none());
        assert!(read_tlv(&[]).is_none());
        assert!(read_tlv(&[0x30]).is_none());
    }

    #[test]
    fn oids_print_dotted() {
        // 1.2.840.10045.2.1 (id-ecPublicKey)
        let oid = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
        assert_eq!(oid_to_string(&oid).unwrap(), "1.2.840.10045.2.1");
        assert!(oid_to_string(&[0x2a, 0x86]).is_none());
        assert!(oid_to_string(&[]).is_none());
    }
}
