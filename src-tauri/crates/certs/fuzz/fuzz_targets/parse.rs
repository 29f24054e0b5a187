//! Arbitrary bytes through the bundle parser and the whole doctor: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = certs::fuzz_parse(data);
});
