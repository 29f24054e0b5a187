//! What names a registry in `docker login`, `podman login` and auth files, and the login
//! lines themselves.
//!
//! The key is `host[:port][/path]`, exactly as the client will look it up: skopeo, Podman and
//! Docker do not treat `localhost:5000` and `127.0.0.1:5000` as the same registry.

use base64::Engine as _;
use vault::BasicCredentials;

use crate::model::LoginLines;
use crate::{Error, Result};

/// The auth-file key of the registry at `url`: its host, its port when the URL names one,
/// and its path without slashes at the ends (`quay.io/org/repo` entries are allowed).
pub fn registry_key(url: &str) -> Result<String> {
    let invalid = |reason: &str| Error::InvalidRegistry {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    let with_scheme = if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    };
    let parsed = url::Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
    let host = match parsed.host() {
        Some(url::Host::Domain(d)) => d.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
        None => return Err(invalid("it has no host")),
    };
    let mut key = match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    };
    // Docker Hub has one name in auth files whatever host the API is reached by.
    if matches!(
        key.as_str(),
        "docker.io" | "index.docker.io" | "registry-1.docker.io"
    ) {
        return Ok(DOCKER_HUB.to_owned());
    }
    let path = parsed.path().trim_matches('/');
    // The API root is not part of a registry's name.
    let path = path
        .strip_suffix("v2")
        .map_or(path, |p| p.trim_end_matches('/'));
    if !path.is_empty() {
        key.push('/');
        key.push_str(path);
    }
    Ok(key)
}

/// Docker Hub's key in Podman's auth.json (and the name `podman login` takes).
pub const DOCKER_HUB: &str = "docker.io";

/// Docker Hub's key in Docker's config.json, as `docker login` writes it.
pub const DOCKER_HUB_LEGACY: &str = "https://index.docker.io/v1/";

/// The key `kind`'s client looks `key` up by: Docker keeps Docker Hub under its legacy URL.
pub fn key_for(kind: crate::model::AuthFileKind, key: &str) -> String {
    match kind {
        crate::model::AuthFileKind::Docker if key == DOCKER_HUB => DOCKER_HUB_LEGACY.to_owned(),
        _ => key.to_owned(),
    }
}

/// The host part of a key (`quay.io/org/repo` → `quay.io`): what `docker login` takes.
pub fn key_host(key: &str) -> &str {
    key.split('/').next().unwrap_or(key)
}

/// Refuses a user name that cannot be stored in an `auth` field.
pub fn check_username(username: &str) -> Result<()> {
    if username.contains(':') {
        return Err(Error::ColonInUsername {
            username: username.to_owned(),
        });
    }
    Ok(())
}

/// The `auth` field: base64 of `user:password`.
pub fn auth_field(credentials: &BasicCredentials) -> Result<String> {
    check_username(&credentials.username)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        credentials.username,
        credentials.password.expose()
    )))
}

/// What a secret looks like until revealed.
pub const MASK: &str = "••••••••";

/// Quotes `value` for a POSIX shell: in single quotes, each `'` written as `'\''`.
pub fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// `docker login` and `podman login` lines for `key` that hold no secret: the client prompts
/// for the password (without echo), where the user pastes it. A line with the password in it
/// (even piped to `--password-stdin`) would put it into the shell's history. Podman takes the
/// full key (a per-path entry); Docker only a host.
pub fn login_lines(key: &str, credentials: &BasicCredentials) -> Result<LoginLines> {
    check_username(&credentials.username)?;
    let user = shell_quote(&credentials.username);
    Ok(LoginLines {
        key: key.to_owned(),
        username: credentials.username.clone(),
        docker: format!("docker login -u {user} {}", shell_quote(key_host(key))),
        podman: format!("podman login -u {user} {}", shell_quote(key)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_key_is_host_port_and_path_exactly() {
        let cases = [
            ("http://127.0.0.1:5000", "127.0.0.1:5000"),
            ("https://registry.example.com", "registry.example.com"),
            ("https://registry.example.com:443/", "registry.example.com"),
            ("registry.example.com:8443", "registry.example.com:8443"),
            ("https://quay.io/org/repo/", "quay.io/org/repo"),
            ("https://r.example.com/v2/", "r.example.com"),
            ("http://localhost:5000", "localhost:5000"),
            ("http://[::1]:5000", "[::1]:5000"),
        ];
        for (url, key) in cases {
            assert_eq!(registry_key(url).unwrap(), key, "{url}");
        }
        assert!(registry_key("http://").is_err());
        for hub in [
            "https://registry-1.docker.io",
            "docker.io",
            "https://index.docker.io/v1/",
        ] {
            assert_eq!(registry_key(hub).unwrap(), DOCKER_HUB, "{hub}");
        }
        use crate::model::AuthFileKind;
        assert_eq!(key_for(AuthFileKind::Docker, DOCKER_HUB), DOCKER_HUB_LEGACY);
        assert_eq!(key_for(AuthFileKind::Podman, DOCKER_HUB), DOCKER_HUB);
        assert_eq!(key_for(AuthFileKind::Docker, "quay.io"), "quay.io");
    }

    #[test]
    fn a_user_name_with_a_colon_is_refused_with_words() {
        let credentials = BasicCredentials::new("system:admin", "pw");
        let error = login_lines("r:5000", &credentials).unwrap_err();
        assert!(error.to_string().contains("contains a colon"), "{error}");
        assert!(auth_field(&credentials).is_err());
        assert!(!error.to_string().contains("pw\""));
    }

    #[test]
    fn login_lines_hold_no_secret_and_quote_the_user_and_registry() {
        let credentials = BasicCredentials::new("o'neil", "it's $ecret");
        let lines = login_lines("quay.io/org/repo", &credentials).unwrap();
        assert_eq!(
            lines.podman,
            r"podman login -u 'o'\''neil' 'quay.io/org/repo'"
        );
        assert_eq!(lines.docker, r"docker login -u 'o'\''neil' 'quay.io'");
        let everything = format!("{lines:?}{}", serde_json::to_string(&lines).unwrap());
        assert!(!everything.contains("ecret"), "{everything}");
        assert!(!everything.contains("password-stdin"), "{everything}");
    }

    #[test]
    fn the_auth_field_is_base64_of_user_colon_password() {
        let auth = auth_field(&BasicCredentials::new("alice", "pa:ss")).unwrap();
        assert_eq!(auth, "YWxpY2U6cGE6c3M=");
    }
}
