//! Where a secret may be sent. A password or token the user gave for a server reached over
//! https must not cross the network in cleartext because a server (a registry's token realm,
//! an OAuth discovery document) named an `http://` URL: anyone on the path would read it.
//! Loopback never leaves the machine, so it is allowed; so is a connection the user set up
//! as plain http themselves.

use std::net::IpAddr;

use url::Url;

/// An origin (RFC 6454): scheme, host and port. A secret is bound to the origin it was given
/// for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lowercase (IPv6 in brackets).
    pub host: String,
    /// The port, the scheme's default when none is written.
    pub port: u16,
}

impl Origin {
    /// The origin of `url`; `None` for URLs without a host or a known port.
    pub fn of(url: &Url) -> Option<Self> {
        Some(Self {
            scheme: url.scheme().to_ascii_lowercase(),
            host: url.host_str()?.to_ascii_lowercase(),
            port: url.port_or_known_default()?,
        })
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Whether `url` names this machine: `localhost` (and `*.localhost`, RFC 6761 §6.3), 127.0.0.0/8
/// or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// A refusal to send a secret in cleartext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{target} is plain http, but {connection} was reached over https: the credentials would \
     cross the network unencrypted, so they were not sent"
)]
pub struct CleartextRefusal {
    /// Where the secret would have gone.
    pub target: String,
    /// The connection it was given for.
    pub connection: String,
}

/// Whether a secret given for `connection` may be sent to `target`: always over https;
/// over http only when the connection itself is http (the user chose it) or `target` is
/// loopback.
pub fn secret_may_travel(connection: &Url, target: &Url) -> Result<(), CleartextRefusal> {
    if target.scheme() == "https" || connection.scheme() == "http" || is_loopback(target) {
        return Ok(());
    }
    Err(CleartextRefusal {
        target: strip(target),
        connection: strip(connection),
    })
}

/// `scheme://host[:port]/path`, never a query (which may carry a secret) or user info.
fn strip(url: &Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_secret_for_an_https_server_never_goes_to_plain_http_elsewhere() {
        let https = u("https://registry.example.com");
        assert!(secret_may_travel(&https, &u("https://auth.example.com/token")).is_ok());
        let refused =
            secret_may_travel(&https, &u("http://auth.example.com/token?x=1")).unwrap_err();
        assert_eq!(refused.target, "http://auth.example.com/token");
        assert!(refused.to_string().contains("unencrypted"), "{refused}");
        assert!(secret_may_travel(&https, &u("http://127.0.0.1:5001/token")).is_ok());
        assert!(secret_may_travel(&https, &u("http://localhost:5001/token")).is_ok());
        assert!(secret_may_travel(&https, &u("http://[::1]:5001/token")).is_ok());
        assert!(secret_may_travel(&u("http://registry.lan:5000"), &u("http://auth.lan/t")).is_ok());
    }

    #[test]
    fn loopback_is_only_this_machine() {
        assert!(is_loopback(&u("http://127.8.9.1/")));
        assert!(is_loopback(&u("http://app.localhost/")));
        assert!(!is_loopback(&u("http://localhost.evil.com/")));
        assert!(!is_loopback(&u("http://10.0.0.1/")));
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        assert_eq!(
            Origin::of(&u("https://Registry.Example.com/v2/")),
            Origin::of(&u("https://registry.example.com:443"))
        );
        assert_ne!(
            Origin::of(&u("https://registry.example.com")),
            Origin::of(&u("http://registry.example.com:443"))
        );
        assert_eq!(
            Origin::of(&u("http://h:5000")).unwrap().to_string(),
            "http://h:5000"
        );
    }
}
