//! A `kubernetes.io/dockerconfigjson` Secret to copy: the pull secret of seed 001 (5.4.2),
//! `oc create secret docker-registry` without a cluster, including the delegated-auth case
//! (5.4.2.3: one entry for the registry and one for its auth server).

use base64::Engine as _;
use serde_json::{Map, Value, json};
use vault::BasicCredentials;

use crate::login::{MASK, auth_field, registry_key};
use crate::model::{PullSecret, PullSecretRequest};
use crate::{Error, Result};

/// The `.dockerconfigjson` content: `{"auths": {key: {"auth": ...}}}` for each key.
pub fn docker_config_json(keys: &[String], credentials: &BasicCredentials) -> Result<String> {
    let auth = auth_field(credentials)?;
    let auths: Map<String, Value> = keys
        .iter()
        .map(|k| (k.clone(), json!({ "auth": auth })))
        .collect();
    Ok(json!({ "auths": auths }).to_string())
}

/// Checks a Kubernetes name: a DNS-1123 subdomain (`label = false`) or label (`true`).
pub fn check_name(what: &'static str, value: &str, label: bool) -> Result<()> {
    let invalid = |reason| Error::InvalidName {
        what,
        value: value.to_owned(),
        reason,
    };
    let max = if label { 63 } else { 253 };
    if value.is_empty() {
        return Err(invalid("it is empty"));
    }
    if value.len() > max {
        return Err(invalid(if label {
            "it is longer than 63 characters"
        } else {
            "it is longer than 253 characters"
        }));
    }
    let allowed =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (!label && c == '.');
    if !value.chars().all(allowed) {
        return Err(invalid(if label {
            "use only lowercase letters, digits and '-'"
        } else {
            "use only lowercase letters, digits, '-' and '.'"
        }));
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(value.chars().next()) || !alnum(value.chars().last()) {
        return Err(invalid("it must start and end with a letter or digit"));
    }
    Ok(())
}

/// The Secret YAML for the registry `key`, with an entry for the auth server when asked.
pub fn pull_secret(
    key: &str,
    credentials: &BasicCredentials,
    request: &PullSecretRequest,
) -> Result<PullSecret> {
    check_name("secret name", &request.name, false)?;
    let namespace = request.namespace.trim();
    if !namespace.is_empty() {
        check_name("namespace", namespace, true)?;
    }
    let mut keys = vec![key.to_owned()];
    if let Some(server) = request
        .auth_server
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let server_key = registry_key(server)?;
        if !keys.contains(&server_key) {
            keys.push(server_key);
        }
    }
    let content = docker_config_json(&keys, credentials)?;
    let data = base64::engine::general_purpose::STANDARD.encode(content);
    let yaml = |data: &str| {
        let mut out = String::from("apiVersion: v1\nkind: Secret\nmetadata:\n");
        out.push_str(&format!("  name: {}\n", request.name));
        if !namespace.is_empty() {
            out.push_str(&format!("  namespace: {namespace}\n"));
        }
        out.push_str("type: kubernetes.io/dockerconfigjson\ndata:\n");
        out.push_str(&format!("  .dockerconfigjson: {data}\n"));
        out
    };
    Ok(PullSecret {
        yaml: yaml(&data),
        yaml_masked: yaml(MASK),
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, namespace: &str, auth_server: Option<&str>) -> PullSecretRequest {
        PullSecretRequest {
            name: name.into(),
            namespace: namespace.into(),
            auth_server: auth_server.map(Into::into),
        }
    }

    fn decoded(yaml: &str) -> Value {
        let data = yaml
            .lines()
            .find_map(|l| l.trim().strip_prefix(".dockerconfigjson: "))
            .unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::STANDARD
                .decode(data)
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn the_secret_decodes_to_an_auths_entry_for_the_registry() {
        let credentials = BasicCredentials::new("alice", "s3cret");
        let secret = pull_secret(
            "127.0.0.1:5000",
            &credentials,
            &request("my-pull", "project-a", None),
        )
        .unwrap();
        assert!(secret.yaml.starts_with("apiVersion: v1\nkind: Secret\nmetadata:\n  name: my-pull\n  namespace: project-a\ntype: kubernetes.io/dockerconfigjson\n"), "{}", secret.yaml);
        assert_eq!(
            decoded(&secret.yaml),
            json!({"auths": {"127.0.0.1:5000": {"auth": "YWxpY2U6czNjcmV0"}}})
        );
        assert!(secret.yaml_masked.contains(MASK));
        assert!(
            !secret
                .yaml_masked
                .contains(&secret.yaml.lines().last().unwrap()[22..])
        );
        assert!(!format!("{secret:?}").contains("eyJ"));
    }

    #[test]
    fn delegated_auth_adds_the_auth_server_entry() {
        let credentials = BasicCredentials::new("alice", "s3cret");
        let secret = pull_secret(
            "registry.example.com",
            &credentials,
            &request("pull", "", Some("https://auth.example.com:8443/token")),
        )
        .unwrap();
        assert_eq!(
            secret.keys,
            ["registry.example.com", "auth.example.com:8443/token"]
        );
        assert!(!secret.yaml.contains("namespace:"));
        let json = decoded(&secret.yaml);
        assert_eq!(json["auths"].as_object().unwrap().len(), 2);
    }

    #[test]
    fn names_follow_kubernetes_rules() {
        let credentials = BasicCredentials::new("alice", "s3cret");
        for (name, namespace) in [
            ("", "a"),
            ("My", "a"),
            ("a_b", "a"),
            ("-a", "a"),
            ("ok", "a.b"),
            ("ok", "A"),
        ] {
            let error =
                pull_secret("r", &credentials, &request(name, namespace, None)).unwrap_err();
            assert!(
                matches!(error, Error::InvalidName { .. }),
                "{name} {namespace}"
            );
        }
        assert!(pull_secret("r", &credentials, &request("a.b-c", "ns-1", None)).is_ok());
        let colon = BasicCredentials::new("a:b", "x");
        assert!(matches!(
            pull_secret("r", &colon, &request("ok", "", None)),
            Err(Error::ColonInUsername { .. })
        ));
    }
}
