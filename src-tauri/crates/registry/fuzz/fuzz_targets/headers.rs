//! `WWW-Authenticate` and `Link` header values: every line of the input is one value of
//! each. Nothing may panic; a Bearer challenge written back with its values quoted reads the
//! same; a next link is a part of the values, and paging by it never leaves the registry
//! unnoticed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use registry::auth::Challenge;
use registry::link;

/// A quoted-string (RFC 9110 §5.6.4).
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn written(challenge: &Challenge) -> String {
    match challenge {
        Challenge::Basic { realm: None } => "Basic".into(),
        Challenge::Basic { realm: Some(realm) } => format!("Basic realm={}", quoted(realm)),
        Challenge::Bearer {
            realm,
            service,
            scope,
            error,
        } => {
            let mut out = format!("Bearer realm={}", quoted(realm));
            for (name, value) in [("service", service), ("scope", scope), ("error", error)] {
                if let Some(value) = value {
                    out.push_str(&format!(",{name}={}", quoted(value)));
                }
            }
            out
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let values: Vec<&str> = text.lines().collect();
    for value in &values {
        if let Some(challenge) = Challenge::parse(value) {
            let again = Challenge::parse(&written(&challenge));
            assert_eq!(
                again.as_ref(),
                Some(&challenge),
                "written back: {}",
                written(&challenge)
            );
        }
    }
    if let Some(target) = link::next_target(values.iter().copied()) {
        assert!(text.contains(&target), "the target comes from the values");
        let page = url::Url::parse("https://registry.example:5000/v2/_catalog?n=100").unwrap();
        if let Some(next) = link::resolve(&page, &target) {
            let _ = link::last_param(&next);
            if link::same_origin(&page, &next) {
                assert_eq!(next.host_str(), page.host_str());
                assert_eq!(next.port_or_known_default(), page.port_or_known_default());
            }
        }
    }
});
