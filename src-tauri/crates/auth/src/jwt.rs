//! ID token checks (OpenID Connect Core §3.1.3.7): the JWS signature against the provider's
//! JWKS (RS256 or ES256, verified with ring), then `iss`, `aud`, `exp` and `nonce`.
//!
//! A small verifier of our own rather than a JWT crate: the ones on crates.io pull in a
//! second crypto provider, and ID tokens need only these two algorithms here.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// Leeway for clock skew on `exp` and `iat`, in seconds.
const LEEWAY: i64 = 60;

/// One key of a JWK Set (RFC 7517).
#[derive(Debug, Clone, Deserialize)]
pub struct Jwk {
    /// `RSA` or `EC`.
    pub kty: String,
    /// The key id.
    pub kid: Option<String>,
    /// The algorithm the key is for, when stated.
    pub alg: Option<String>,
    /// `sig` or `enc`, when stated.
    #[serde(rename = "use")]
    pub use_: Option<String>,
    /// RSA modulus (base64url).
    pub n: Option<String>,
    /// RSA exponent (base64url).
    pub e: Option<String>,
    /// EC curve (`P-256`).
    pub crv: Option<String>,
    /// EC x coordinate (base64url).
    pub x: Option<String>,
    /// EC y coordinate (base64url).
    pub y: Option<String>,
}

/// A JWK Set.
#[derive(Debug, Clone, Deserialize)]
pub struct JwkSet {
    /// The keys.
    pub keys: Vec<Jwk>,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
}

/// The claims of an ID token the app reads.
#[derive(Debug, Clone, Deserialize)]
pub struct IdClaims {
    /// Issuer.
    pub iss: String,
    /// Subject.
    pub sub: String,
    /// Audience: one client id or several.
    pub aud: Audience,
    /// Expiry (Unix seconds).
    pub exp: i64,
    /// The nonce sent in the authorization request.
    pub nonce: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// User name.
    pub preferred_username: Option<String>,
}

/// `aud` as a string or an array (RFC 7519 §4.1.3).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// One audience.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Self::One(a) => a == client_id,
            Self::Many(all) => all.iter().any(|a| a == client_id),
        }
    }
}

fn b64(part: &str, what: &str) -> Result<Vec<u8>, String> {
    URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|e| format!("{what} is not base64url: {e}"))
}

/// What the ID token is checked against.
pub struct Expected<'a> {
    /// The issuer signed in to.
    pub issuer: &'a str,
    /// The app's client id.
    pub client_id: &'a str,
    /// The nonce sent, or `None` on a refresh (where the provider may repeat the first one).
    pub nonce: Option<&'a str>,
    /// Now, in Unix seconds.
    pub now: i64,
}

/// Verifies `token`'s signature with a key of `jwks` and its claims against `expected`.
pub fn verify_id_token(
    token: &str,
    jwks: &JwkSet,
    expected: &Expected<'_>,
) -> Result<IdClaims, String> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("not a compact JWS (three parts)".into());
    };
    let header: Header = serde_json::from_slice(&b64(h, "the header")?)
        .map_err(|e| format!("the header is not JSON: {e}"))?;
    let signature = b64(s, "the signature")?;
    let message = format!("{h}.{p}");
    let kty = match header.alg.as_str() {
        "RS256" => "RSA",
        "ES256" => "EC",
        other => {
            return Err(format!(
                "the algorithm {other} is not accepted (RS256, ES256)"
            ));
        }
    };
    let candidates: Vec<&Jwk> = jwks
        .keys
        .iter()
        .filter(|k| k.kty == kty)
        .filter(|k| k.use_.as_deref().is_none_or(|u| u == "sig"))
        .filter(|k| k.alg.as_deref().is_none_or(|a| a == header.alg))
        .filter(|k| match (&header.kid, &k.kid) {
            (Some(want), Some(have)) => want == have,
            _ => true,
        })
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "no {} key{} in the provider's JWKS",
            header.alg,
            header
                .kid
                .as_deref()
                .map(|k| format!(" with kid {k}"))
                .unwrap_or_default()
        ));
    }
    let verified = candidates
        .iter()
        .any(|key| verify_with(key, &header.alg, message.as_bytes(), &signature).is_ok());
    if !verified {
        return Err("the signature does not match the provider's key".into());
    }
    let claims: IdClaims = serde_json::from_slice(&b64(p, "the payload")?)
        .map_err(|e| format!("the claims are not what an ID token holds: {e}"))?;
    if claims.iss != expected.issuer {
        return Err(format!("iss is {}, not {}", claims.iss, expected.issuer));
    }
    if !claims.aud.contains(expected.client_id) {
        return Err(format!(
            "aud does not name the client {}",
            expected.client_id
        ));
    }
    if claims.exp.saturating_add(LEEWAY) < expected.now {
        return Err("the ID token has expired".into());
    }
    if let Some(nonce) = expected.nonce
        && claims.nonce.as_deref() != Some(nonce)
    {
        return Err("the nonce is not the one sent".into());
    }
    Ok(claims)
}

fn verify_with(key: &Jwk, alg: &str, message: &[u8], signature: &[u8]) -> Result<(), String> {
    use ring::signature;
    match alg {
        "RS256" => {
            let n = b64(key.n.as_deref().ok_or("RSA key without n")?, "n")?;
            let e = b64(key.e.as_deref().ok_or("RSA key without e")?, "e")?;
            signature::RsaPublicKeyComponents { n: &n, e: &e }
                .verify(&signature::RSA_PKCS1_2048_8192_SHA256, message, signature)
                .map_err(|_| "bad signature".to_owned())
        }
        "ES256" => {
            if key.crv.as_deref() != Some("P-256") {
                return Err("EC key not on P-256".into());
            }
            let x = b64(key.x.as_deref().ok_or("EC key without x")?, "x")?;
            let y = b64(key.y.as_deref().ok_or("EC key without y")?, "y")?;
            let mut point = vec![0x04];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                .verify(message, signature)
                .map_err(|_| "bad signature".to_owned())
        }
        other => Err(format!("unsupported algorithm {other}")),
    }
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};

    use super::*;

    fn es256_key() -> (EcdsaKeyPair, JwkSet) {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = pair.public_key().as_ref();
        let jwk = Jwk {
            kty: "EC".into(),
            kid: Some("k1".into()),
            alg: Some("ES256".into()),
            use_: Some("sig".into()),
            n: None,
            e: None,
            crv: Some("P-256".into()),
            x: Some(URL_SAFE_NO_PAD.encode(&public[1..33])),
            y: Some(URL_SAFE_NO_PAD.encode(&public[33..65])),
        };
        (pair, JwkSet { keys: vec![jwk] })
    }

    fn sign(pair: &EcdsaKeyPair, claims: &serde_json::Value) -> String {
        let h = URL_SAFE_NO_PAD.encode(br#"{"alg":"ES256","kid":"k1"}"#);
        let p = URL_SAFE_NO_PAD.encode(claims.to_string());
        let sig = pair
            .sign(&SystemRandom::new(), format!("{h}.{p}").as_bytes())
            .unwrap();
        format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(sig.as_ref()))
    }

    fn expected(now: i64) -> Expected<'static> {
        Expected {
            issuer: "http://idp",
            client_id: "rc",
            nonce: Some("n1"),
            now,
        }
    }

    #[test]
    fn es256_token_verifies_and_any_change_fails() {
        let (pair, jwks) = es256_key();
        let claims = serde_json::json!({"iss":"http://idp","sub":"u1","aud":"rc","exp":2000,"nonce":"n1","email":"u1@x"});
        let token = sign(&pair, &claims);
        let ok = verify_id_token(&token, &jwks, &expected(1000)).unwrap();
        assert_eq!((ok.sub.as_str(), ok.email.as_deref()), ("u1", Some("u1@x")));

        // A payload changed after signing.
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(
            serde_json::json!({"iss":"http://idp","sub":"admin","aud":"rc","exp":2000,"nonce":"n1"}).to_string(),
        );
        assert!(
            verify_id_token(&parts.join("."), &jwks, &expected(1000))
                .unwrap_err()
                .contains("signature")
        );
        // Another key.
        let (_, other) = es256_key();
        assert!(verify_id_token(&token, &other, &expected(1000)).is_err());
        // Claims.
        assert!(
            verify_id_token(&token, &jwks, &expected(3000))
                .unwrap_err()
                .contains("expired")
        );
        let wrong_nonce = Expected {
            nonce: Some("n2"),
            ..expected(1000)
        };
        assert!(
            verify_id_token(&token, &jwks, &wrong_nonce)
                .unwrap_err()
                .contains("nonce")
        );
        let wrong_aud = Expected {
            client_id: "other",
            ..expected(1000)
        };
        assert!(
            verify_id_token(&token, &jwks, &wrong_aud)
                .unwrap_err()
                .contains("aud")
        );
        let wrong_iss = Expected {
            issuer: "http://evil",
            ..expected(1000)
        };
        assert!(
            verify_id_token(&token, &jwks, &wrong_iss)
                .unwrap_err()
                .contains("iss")
        );
    }

    #[test]
    fn an_exp_at_the_end_of_time_neither_overflows_nor_panics() {
        let (pair, jwks) = es256_key();
        let claims = serde_json::json!({"iss":"http://idp","sub":"u1","aud":"rc","exp":i64::MAX,"nonce":"n1"});
        let token = sign(&pair, &claims);
        assert!(verify_id_token(&token, &jwks, &expected(1000)).is_ok());
    }

    #[test]
    fn unsigned_and_hs256_tokens_are_refused() {
        let (_, jwks) = es256_key();
        let p =
            URL_SAFE_NO_PAD.encode(r#"{"iss":"http://idp","sub":"u","aud":"rc","exp":9999999999}"#);
        for alg in ["none", "HS256"] {
            let h = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
            let err = verify_id_token(&format!("{h}.{p}.AAAA"), &jwks, &expected(0)).unwrap_err();
            assert!(err.contains("not accepted"), "{err}");
        }
    }
}
