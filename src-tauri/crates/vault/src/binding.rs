//! Where a secret may go: the origin (scheme, host, port) and TLS mode of the connection it
//! was given for. A sign-in records its [`Binding`] when it is saved; a load for a connection
//! whose binding differs (its URL now points elsewhere, or `https` became `http`, or TLS
//! verification changed) gets nothing, so a password never follows an edited connection to a
//! server the user did not give it to.

use connections::{Connection, TlsMode};
use serde::{Deserialize, Serialize};

/// The origin and TLS mode a secret was given for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Binding {
    /// `scheme://host[:port]`, the port left out when it is the scheme's default (the URL
    /// standard's serialization of an origin), so `https://a` and `https://a:443` are one.
    pub origin: String,
    /// How the server's certificate is checked. Any change (another CA file, verification
    /// turned off or on) is another binding: the secret was given under the old checks.
    pub tls: TlsMode,
}

impl Binding {
    /// The binding of `connection` as it is now.
    pub fn of(connection: &Connection) -> Self {
        Self {
            origin: origin_of(&connection.url),
            tls: connection.tls.clone(),
        }
    }
}

/// The origin of `url`; the URL itself when it has no tuple origin (a saved connection's URL
/// is always `http(s)://host`, so this only keeps two unusable URLs apart).
fn origin_of(url: &str) -> String {
    match url::Url::parse(url).map(|u| u.origin()) {
        Ok(origin @ url::Origin::Tuple(..)) => origin.ascii_serialization(),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use connections::ConnectionKind;

    use super::*;

    fn connection(url: &str, tls: TlsMode) -> Connection {
        Connection {
            id: "c1".into(),
            name: "c1".into(),
            kind: ConnectionKind::Registry,
            url: url.into(),
            tls,
            linked_cluster: None,
            openshift_version: None,
        }
    }

    #[test]
    fn scheme_host_port_and_tls_mode_each_change_the_binding() {
        let base = Binding::of(&connection("https://a.example:5000", TlsMode::System));
        assert_eq!(base.origin, "https://a.example:5000");
        for other in [
            connection("https://b.example:5000", TlsMode::System),
            connection("http://a.example:5000", TlsMode::System),
            connection("https://a.example:5001", TlsMode::System),
            connection("https://a.example:5000", TlsMode::Insecure),
            connection(
                "https://a.example:5000",
                TlsMode::CaBundle {
                    path: "/ca.pem".into(),
                },
            ),
        ] {
            assert_ne!(Binding::of(&other), base, "{other:?}");
        }
    }

    #[test]
    fn the_default_port_and_a_path_do_not_change_the_origin() {
        assert_eq!(
            Binding::of(&connection("https://a.example", TlsMode::System)),
            Binding::of(&connection("https://A.example:443/api", TlsMode::System)),
        );
    }
}
