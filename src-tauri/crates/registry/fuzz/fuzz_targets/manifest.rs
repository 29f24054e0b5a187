//! A manifest or index body with the `Content-Type` it came with, and an image config blob:
//! the first line is the `Content-Type` (empty for none), the rest up to a NUL byte the
//! manifest (JSON never holds a raw NUL), after it the config. Nothing may panic; a digest
//! that verifies covers the bytes shown; the raw view is the manifest received.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (first, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let content_type = std::str::from_utf8(first).ok().filter(|c| !c.is_empty());
    let (manifest, config) = match rest.iter().position(|&b| b == 0) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &b"{}"[..]),
    };
    registry::fuzzing::manifest(content_type, manifest, config);
});
