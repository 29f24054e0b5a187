//! A token server's reply body (docs/spec/auth/token.md): nothing may panic, and a token
//! that was read is served from the cache right away.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = registry::fuzzing::token_reply(data);
});
