//! What a registry asks for in `WWW-Authenticate`, and the Bearer tokens we hold per scope.
//!
//! The distribution token flow (docs/spec/auth/token.md): the registry answers 401 with
//! `Bearer realm="…",service="…",scope="…"`; the client asks the realm for a token with that
//! service and scope (Basic credentials when it has them), then repeats the request with the
//! token. Tokens are kept per scope until shortly before they expire, so listing 10,000
//! repositories costs one token request, not 10,000.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use vault::Secret;

/// The scheme a registry challenges with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Challenge {
    /// `Basic realm="…"`.
    Basic {
        /// The realm (shown only).
        realm: Option<String>,
    },
    /// `Bearer realm="…",service="…",scope="…",error="…"`.
    Bearer {
        /// The token server URL.
        realm: String,
        /// The service to name in the token request.
        service: Option<String>,
        /// The scope the registry wants for this request.
        scope: Option<String>,
        /// `invalid_token`, `insufficient_scope`, ... (RFC 6750 §3).
        error: Option<String>,
    },
}

impl Challenge {
    /// Parses one `WWW-Authenticate` value. Quoted values may hold commas and escaped quotes;
    /// parameter names are case-insensitive; an unknown scheme gives None.
    pub fn parse(header: &str) -> Option<Self> {
        let header = header.trim();
        let (scheme, rest) = match header.find(char::is_whitespace) {
            Some(i) => (&header[..i], &header[i..]),
            None => (header, ""),
        };
        let params = parse_params(rest);
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        if scheme.eq_ignore_ascii_case("basic") {
            Some(Self::Basic {
                realm: get("realm"),
            })
        } else if scheme.eq_ignore_ascii_case("bearer") {
            Some(Self::Bearer {
                realm: get("realm")?,
                service: get("service"),
                scope: get("scope"),
                error: get("error"),
            })
        } else {
            None
        }
    }

    /// True for a Bearer challenge that says the token lacks the rights asked for.
    pub fn is_insufficient_scope(&self) -> bool {
        matches!(self, Self::Bearer { error: Some(e), .. } if e == "insufficient_scope")
    }
}

/// `k=v, k="v, with comma", k="esc\"aped"` → pairs.
fn parse_params(input: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ',' || c.is_whitespace() {
                break;
            }
            name.push(c);
            chars.next();
        }
        if name.is_empty() {
            break;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            // A token68 or a bare word: no value.
            continue;
        }
        chars.next();
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(escaped) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                value.push(c);
                chars.next();
            }
            value = value.trim().to_owned();
        }
        params.push((name, value));
    }
    params
}

/// The token server's reply (docs/spec/auth/token.md, "Token Response Fields"). The
/// lifetime is read apart, by [`token_lifetime`]: a lifetime that cannot be read must not
/// throw away a good token.
#[derive(serde::Deserialize)]
pub(crate) struct TokenReply {
    pub token: Option<String>,
    pub access_token: Option<String>,
}

/// Tokens the spec says to assume live this long when the reply does not say.
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(60);

/// The longest a registry token is kept, whatever its server says: a day. Registry tokens
/// live minutes (Docker Hub 300 s, Quay 3600 s); a server saying more is wrong or hostile,
/// and an unbounded lifetime once overflowed `Instant` and crashed every request.
pub const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How long the token of a token reply (`body`) may be kept: its `expires_in` read by the
/// shared `net::lifetime` rules (an integer of any size, a float, a numeric string), then at
/// most [`MAX_TOKEN_LIFETIME`]. A missing, zero, negative or unreadable value (`-1`,
/// `"soon"`, `1e400`) is the spec's default of 60 s.
pub(crate) fn token_lifetime(body: &[u8]) -> Duration {
    // Read apart from the token: `1e400` makes the whole reply fail to parse as a Value.
    #[derive(serde::Deserialize)]
    struct Expiry {
        #[serde(default)]
        expires_in: Option<serde_json::Value>,
    }
    serde_json::from_slice::<Expiry>(body)
        .ok()
        .and_then(|e| e.expires_in)
        .and_then(|v| net::lifetime::from_json(&v))
        .filter(|d| !d.is_zero())
        .map_or(DEFAULT_TOKEN_LIFETIME, |d| d.min(MAX_TOKEN_LIFETIME))
}

struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

/// Bearer tokens by scope, each dropped shortly before it expires.
#[derive(Default)]
pub(crate) struct TokenCache {
    tokens: HashMap<String, CachedToken>,
}

impl TokenCache {
    /// The token for `scope` when it is still good.
    pub fn get(&self, scope: &str) -> Option<Secret> {
        self.tokens
            .get(scope)
            .filter(|t| Instant::now() < t.renew_at)
            .map(|t| t.token.clone())
    }

    /// Keeps a token that lives `lifetime` from now (at most [`MAX_TOKEN_LIFETIME`]); it is
    /// renewed a little early (a tenth of its life, at most 30 s) so a request never leaves
    /// with a token about to expire.
    pub fn put(&mut self, scope: &str, token: Secret, lifetime: Duration) {
        let lifetime = lifetime.min(MAX_TOKEN_LIFETIME);
        let margin = (lifetime / 10).min(Duration::from_secs(30));
        self.tokens.insert(
            scope.to_owned(),
            CachedToken {
                token,
                renew_at: net::lifetime::deadline(Instant::now(), lifetime.saturating_sub(margin)),
            },
        );
    }

    /// Forgets the token of `scope` (after the registry refused it).
    pub fn remove(&mut self, scope: &str) {
        self.tokens.remove(scope);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_challenge_of_htpasswd_registry() {
        assert_eq!(
            Challenge::parse(r#"Basic realm="basic-realm""#),
            Some(Challenge::Basic {
                realm: Some("basic-realm".into())
            })
        );
    }

    #[test]
    fn parses_bearer_challenge_with_realm_service_and_scope() {
        let c = Challenge::parse(
            r#"Bearer realm="http://127.0.0.1:5001/token",service="registry-console-test",scope="repository:demo/hello:pull""#,
        )
        .unwrap();
        assert_eq!(
            c,
            Challenge::Bearer {
                realm: "http://127.0.0.1:5001/token".into(),
                service: Some("registry-console-test".into()),
                scope: Some("repository:demo/hello:pull".into()),
                error: None,
            }
        );
        assert!(!c.is_insufficient_scope());
    }

    #[test]
    fn keeps_commas_inside_quoted_scope_and_reads_insufficient_scope() {
        let c = Challenge::parse(
            r#"Bearer realm="https://auth.docker.io/token", service="registry.docker.io", scope="repository:demo/new:pull,push", error="insufficient_scope""#,
        )
        .unwrap();
        let Challenge::Bearer { scope, error, .. } = &c else {
            panic!("not bearer: {c:?}")
        };
        assert_eq!(scope.as_deref(), Some("repository:demo/new:pull,push"));
        assert_eq!(error.as_deref(), Some("insufficient_scope"));
        assert!(c.is_insufficient_scope());
    }

    #[test]
    fn parses_catalog_scope_case_insensitive_names_and_unquoted_values() {
        let c = Challenge::parse(
            r#"bearer Realm="https://quay.io/v2/auth",SERVICE=quay.io,scope="registry:catalog:*""#,
        )
        .unwrap();
        assert_eq!(
            c,
            Challenge::Bearer {
                realm: "https://quay.io/v2/auth".into(),
                service: Some("quay.io".into()),
                scope: Some("registry:catalog:*".into()),
                error: None,
            }
        );
    }

    #[test]
    fn unescapes_quoted_pairs_and_rejects_unknown_schemes_and_realmless_bearer() {
        let c = Challenge::parse(r#"Basic realm="say \"hi\", please""#).unwrap();
        assert_eq!(
            c,
            Challenge::Basic {
                realm: Some(r#"say "hi", please"#.into())
            }
        );
        assert_eq!(Challenge::parse("Negotiate"), None);
        assert_eq!(Challenge::parse(r#"Bearer service="x""#), None);
        assert_eq!(
            Challenge::parse("Basic"),
            Some(Challenge::Basic { realm: None })
        );
    }

    #[test]
    fn token_said_to_live_longer_than_an_instant_holds_is_kept_and_served() {
        // Found by review of the `token_reply` fuzz target's input
        // `{"token":"t","expires_in":18446744073709551615}`: it panicked adding to an Instant.
        let mut cache = TokenCache::default();
        cache.put("a", Secret::new("t"), Duration::from_secs(u64::MAX));
        assert_eq!(cache.get("a").unwrap().expose(), "t");
    }

    #[test]
    fn cached_token_is_served_until_renewal_and_removed_on_refusal() {
        let mut cache = TokenCache::default();
        cache.put("a", Secret::new("t1"), Duration::from_secs(300));
        assert_eq!(cache.get("a").unwrap().expose(), "t1");
        assert!(cache.get("b").is_none());
        cache.put("z", Secret::new("t0"), Duration::ZERO);
        assert!(cache.get("z").is_none(), "an expired token is not served");
        cache.remove("a");
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn token_lifetime_is_clamped_to_a_day_and_unreadable_values_are_the_default() {
        let life = |body: &str| token_lifetime(body.as_bytes());
        assert_eq!(
            life(r#"{"token":"t","expires_in":300}"#),
            Duration::from_secs(300)
        );
        assert_eq!(
            life(r#"{"token":"t","expires_in":"300"}"#),
            Duration::from_secs(300)
        );
        for huge in [
            "18446744073709551615",
            "1e300",
            "9223372036854775807",
            "86401",
        ] {
            let body = format!(r#"{{"token":"t","expires_in":{huge}}}"#);
            assert_eq!(life(&body), MAX_TOKEN_LIFETIME, "{huge}");
        }
        for odd in ["-1", "0", "-1e300", "1e400", "\"soon\"", "null", "[]", "{}"] {
            let body = format!(r#"{{"token":"t","expires_in":{odd}}}"#);
            assert_eq!(life(&body), DEFAULT_TOKEN_LIFETIME, "{odd}");
        }
        assert_eq!(life(r#"{"token":"t"}"#), DEFAULT_TOKEN_LIFETIME);
    }

    #[test]
    fn a_token_said_to_live_forever_is_cached_without_overflowing() {
        let mut cache = TokenCache::default();
        cache.put("a", Secret::new("t1"), Duration::MAX);
        assert_eq!(cache.get("a").unwrap().expose(), "t1");
    }
}
