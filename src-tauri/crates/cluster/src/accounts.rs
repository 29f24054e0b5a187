//! Robots for the registry: service accounts, their tokens (a TokenRequest with a chosen
//! lifetime, or the long-lived token secret the documents describe for push/pull robots),
//! `kubernetes.io/dockerconfigjson` pull secrets, and linking a secret to a service account
//! for pull or mount, as `oc secrets link` does.
//!
//! Tokens and pull-secret contents are returned as `vault::Secret` only.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};
use vault::Secret;

use crate::browse::strings;
use crate::client::{ClusterClient, check_name};
use crate::error::{Error, Result};
use crate::model::{LinkFor, PullSecretEntry, ServiceAccount};

/// The shortest lifetime the apiserver accepts for a TokenRequest (10 minutes).
pub const MIN_TOKEN_LIFETIME: Duration = Duration::from_secs(600);

/// A token minted with TokenRequest.
#[derive(Debug, Clone)]
pub struct MintedToken {
    /// The token.
    pub token: Secret,
    /// When it stops working (RFC 3339, as the cluster says).
    pub expires_at: String,
}

/// The token of a long-lived `kubernetes.io/service-account-token` secret.
#[derive(Debug, Clone)]
pub struct LongLivedToken {
    /// The secret that holds it (deleting the secret revokes the token).
    pub secret_name: String,
    /// The token.
    pub token: Secret,
}

fn sa_path(namespace: &str, name: &str) -> String {
    format!("/api/v1/namespaces/{namespace}/serviceaccounts/{name}")
}

fn names_of(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn to_service_account(namespace: &str, sa: &Value) -> ServiceAccount {
    let name = sa["metadata"]["name"].as_str().unwrap_or("").to_owned();
    ServiceAccount {
        namespace: namespace.to_owned(),
        user_name: format!("system:serviceaccount:{namespace}:{name}"),
        name,
        secrets: names_of(&sa["secrets"]),
        image_pull_secrets: names_of(&sa["imagePullSecrets"]),
        created: sa["metadata"]["creationTimestamp"]
            .as_str()
            .map(str::to_owned),
    }
}

/// The `.dockerconfigjson` of a pull secret: `{"auths": {"<registry>": {"username",
/// "password", "auth", "email"}}}`, one entry per registry path (the delegated-auth case
/// has two: the auth server and the registry). Two entries for the exact same path are
/// refused, as Docker and Podman support only one.
pub fn dockerconfigjson(entries: &[PullSecretEntry]) -> Result<Secret> {
    if entries.is_empty() {
        return Err(Error::InvalidInput(
            "a pull secret needs at least one registry".into(),
        ));
    }
    let mut auths = serde_json::Map::new();
    for entry in entries {
        let registry = entry.registry.trim();
        if registry.is_empty() || registry.contains(char::is_whitespace) {
            return Err(Error::InvalidInput(format!(
                "\"{}\" is not a registry host or path",
                entry.registry
            )));
        }
        if entry.username.contains(':') {
            return Err(Error::InvalidInput(format!(
                "the user name for {registry} must not contain a colon"
            )));
        }
        if entry.username.is_empty() {
            return Err(Error::InvalidInput(format!(
                "the user name for {registry} is empty (the OpenShift registry ignores it, but it must be there)"
            )));
        }
        if entry.password.expose().is_empty() {
            return Err(Error::InvalidInput(format!(
                "the password or token for {registry} is empty"
            )));
        }
        if auths.contains_key(registry) {
            return Err(Error::InvalidInput(format!(
                "{registry} appears twice; Docker and Podman allow one entry per registry path"
            )));
        }
        let auth = STANDARD.encode(format!("{}:{}", entry.username, entry.password.expose()));
        let mut value = json!({
            "username": entry.username,
            "password": entry.password.expose(),
            "auth": auth,
        });
        if let Some(email) = entry.email.as_deref().filter(|e| !e.is_empty()) {
            value["email"] = json!(email);
        }
        auths.insert(registry.to_owned(), value);
    }
    Ok(Secret::new(json!({"auths": auths}).to_string()))
}

/// The Secret object of a pull secret.
fn pull_secret_object(namespace: &str, name: &str, entries: &[PullSecretEntry]) -> Result<Value> {
    check_name("project name", namespace)?;
    check_name("secret name", name)?;
    let config = dockerconfigjson(entries)?;
    Ok(json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace},
        "type": "kubernetes.io/dockerconfigjson",
        "data": {".dockerconfigjson": STANDARD.encode(config.expose())},
    }))
}

/// The pull secret as YAML to copy (`oc create -f`), holding the credentials.
pub fn pull_secret_yaml(
    namespace: &str,
    name: &str,
    entries: &[PullSecretEntry],
) -> Result<Secret> {
    let object = pull_secret_object(namespace, name, entries)?;
    let data = object["data"][".dockerconfigjson"].as_str().unwrap_or("");
    Ok(Secret::new(format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {namespace}\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {data}\n"
    )))
}

impl ClusterClient {
    /// The service accounts of `namespace`, sorted by name.
    pub async fn list_service_accounts(&self, namespace: &str) -> Result<Vec<ServiceAccount>> {
        check_name("project name", namespace)?;
        let list: Value = self
            .call(
                Method::GET,
                &format!("/api/v1/namespaces/{namespace}/serviceaccounts"),
                None,
            )
            .await?;
        let mut out: Vec<ServiceAccount> = list["items"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|sa| to_service_account(namespace, sa))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Creates the service account `name` in `namespace` (`oc create serviceaccount`).
    pub async fn create_service_account(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<ServiceAccount> {
        check_name("project name", namespace)?;
        check_name("service account name", name)?;
        let body =
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}});
        let created: Value = self
            .call(
                Method::POST,
                &format!("/api/v1/namespaces/{namespace}/serviceaccounts"),
                Some(&body),
            )
            .await?;
        Ok(to_service_account(namespace, &created))
    }

    /// Mints a token for the service account with TokenRequest, living `lifetime` (at
    /// least 10 minutes; the cluster may shorten it, the returned expiry is the real one).
    pub async fn request_token(
        &self,
        namespace: &str,
        service_account: &str,
        lifetime: Duration,
    ) -> Result<MintedToken> {
        check_name("project name", namespace)?;
        check_name("service account name", service_account)?;
        if lifetime < MIN_TOKEN_LIFETIME {
            return Err(Error::InvalidInput(
                "a token must live at least 10 minutes".into(),
            ));
        }
        let body = json!({
            "apiVersion": "authentication.k8s.io/v1",
            "kind": "TokenRequest",
            "spec": {"expirationSeconds": lifetime.as_secs()},
        });
        let path = format!("{}/token", sa_path(namespace, service_account));
        let reply: Value = self.call(Method::POST, &path, Some(&body)).await?;
        let token = reply["status"]["token"].as_str().filter(|t| !t.is_empty());
        let Some(token) = token else {
            return Err(Error::BadResponse {
                request: format!("POST {path}"),
                reason: "the TokenRequest came back without status.token".into(),
            });
        };
        Ok(MintedToken {
            token: Secret::new(token),
            expires_at: reply["status"]["expirationTimestamp"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        })
    }

    /// Creates a long-lived token secret for the service account (type
    /// `kubernetes.io/service-account-token`, annotation
    /// `kubernetes.io/service-account.name`), waits for the cluster's token controller to
    /// fill it, and returns the token. The name is `<service account>-token-<random>`.
    pub async fn create_long_lived_token(
        &self,
        namespace: &str,
        service_account: &str,
    ) -> Result<LongLivedToken> {
        check_name("project name", namespace)?;
        check_name("service account name", service_account)?;
        // The service account must exist, or the controller never fills the secret.
        let _: Value = self
            .call(Method::GET, &sa_path(namespace, service_account), None)
            .await?;
        let body = json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "generateName": format!("{service_account}-token-"),
                "annotations": {"kubernetes.io/service-account.name": service_account},
            },
            "type": "kubernetes.io/service-account-token",
        });
        let created: Value = self
            .call(
                Method::POST,
                &format!("/api/v1/namespaces/{namespace}/secrets"),
                Some(&body),
            )
            .await?;
        let secret_name = created["metadata"]["name"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        check_name("secret name", &secret_name).map_err(|_| Error::BadResponse {
            request: format!("POST /api/v1/namespaces/{namespace}/secrets"),
            reason: "the created secret has no usable name".into(),
        })?;
        let started = Instant::now();
        loop {
            if let Some(token) = self.read_token_secret(namespace, &secret_name).await? {
                return Ok(LongLivedToken { secret_name, token });
            }
            if started.elapsed() >= self.options.token_wait {
                return Err(Error::TokenNotIssued {
                    namespace: namespace.to_owned(),
                    name: secret_name,
                    service_account: service_account.to_owned(),
                    seconds: self.options.token_wait.as_secs(),
                });
            }
            tokio::time::sleep(self.options.token_poll).await;
        }
    }

    /// The token of a `kubernetes.io/service-account-token` secret, or None while the token
    /// controller has not filled it yet.
    pub async fn read_token_secret(&self, namespace: &str, name: &str) -> Result<Option<Secret>> {
        check_name("project name", namespace)?;
        check_name("secret name", name)?;
        let path = format!("/api/v1/namespaces/{namespace}/secrets/{name}");
        let secret: Value = self.call(Method::GET, &path, None).await?;
        if secret["type"] != "kubernetes.io/service-account-token" {
            return Err(Error::InvalidInput(format!(
                "secret {namespace}/{name} is not a service account token secret"
            )));
        }
        let Some(encoded) = secret["data"]["token"].as_str().filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let bytes = STANDARD.decode(encoded).map_err(|e| Error::BadResponse {
            request: format!("GET {path}"),
            reason: format!("data.token is not base64: {e}"),
        })?;
        let token = String::from_utf8(bytes).map_err(|_| Error::BadResponse {
            request: format!("GET {path}"),
            reason: "data.token is not text".into(),
        })?;
        Ok(Some(Secret::new(token)))
    }

    /// Creates a `kubernetes.io/dockerconfigjson` pull secret `name` in `namespace`.
    pub async fn create_pull_secret(
        &self,
        namespace: &str,
        name: &str,
        entries: &[PullSecretEntry],
    ) -> Result<()> {
        let object = pull_secret_object(namespace, name, entries)?;
        let _: Value = self
            .call(
                Method::POST,
                &format!("/api/v1/namespaces/{namespace}/secrets"),
                Some(&object),
            )
            .await?;
        Ok(())
    }

    /// Links the secret to the service account, as `oc secrets link <sa> <secret>
    /// [--for=pull|mount]`: adds it to `imagePullSecrets` and/or `secrets` when not already
    /// there, keeping every other entry. The secret must exist. A concurrent change of the
    /// service account (409) is read again and the link re-applied.
    pub async fn link_secret(
        &self,
        namespace: &str,
        service_account: &str,
        secret: &str,
        link: LinkFor,
    ) -> Result<ServiceAccount> {
        check_name("project name", namespace)?;
        check_name("service account name", service_account)?;
        check_name("secret name", secret)?;
        if !link.pull && !link.mount {
            return Err(Error::InvalidInput(
                "choose pull, mount or both to link a secret".into(),
            ));
        }
        let _: Value = self
            .call(
                Method::GET,
                &format!("/api/v1/namespaces/{namespace}/secrets/{secret}"),
                None,
            )
            .await?;
        let path = sa_path(namespace, service_account);
        let mut last = String::new();
        for _ in 0..self.options.conflict_attempts {
            let mut sa: Value = self.call(Method::GET, &path, None).await?;
            let mut changed = false;
            for (field, wanted) in [("imagePullSecrets", link.pull), ("secrets", link.mount)] {
                if !wanted || strings_in(&sa[field]).iter().any(|n| n == secret) {
                    continue;
                }
                if !sa[field].is_array() {
                    sa[field] = json!([]);
                }
                if let Some(list) = sa[field].as_array_mut() {
                    list.push(json!({"name": secret}));
                }
                changed = true;
            }
            if !changed {
                return Ok(to_service_account(namespace, &sa));
            }
            match self.call::<Value>(Method::PUT, &path, Some(&sa)).await {
                Ok(updated) => return Ok(to_service_account(namespace, &updated)),
                Err(Error::Conflict { message, .. }) => last = message,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict {
            message: last,
            attempts: self.options.conflict_attempts,
        })
    }
}

fn strings_in(list: &Value) -> Vec<String> {
    let names = names_of(list);
    if names.is_empty() {
        strings(list)
    } else {
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(registry: &str, user: &str, password: &str) -> PullSecretEntry {
        PullSecretEntry {
            registry: registry.into(),
            username: user.into(),
            password: Secret::new(password),
            email: None,
        }
    }

    #[test]
    fn dockerconfigjson_has_one_entry_per_path_with_auth() {
        let config = dockerconfigjson(&[
            entry("auth.example.com", "robot", "s3cret"),
            entry("registry.example.com:5000", "openshift", "tok"),
        ])
        .unwrap();
        let v: Value = serde_json::from_str(config.expose()).unwrap();
        assert_eq!(
            v["auths"]["auth.example.com"]["auth"],
            STANDARD.encode("robot:s3cret")
        );
        assert_eq!(v["auths"]["registry.example.com:5000"]["password"], "tok");
        assert!(
            dockerconfigjson(&[entry("quay.io", "a", "b"), entry("quay.io", "c", "d")]).is_err()
        );
        assert!(
            dockerconfigjson(&[
                entry("quay.io", "a", "b"),
                entry("quay.io/org/repo", "c", "d")
            ])
            .is_ok()
        );
        assert!(dockerconfigjson(&[entry("quay.io", "a:b", "c")]).is_err());
        assert!(dockerconfigjson(&[]).is_err());
    }

    #[test]
    fn pull_secret_yaml_carries_the_base64_config() {
        let yaml = pull_secret_yaml("p", "my-registry", &[entry("r.example", "u", "p")]).unwrap();
        let text = yaml.expose();
        assert!(
            text.contains("type: kubernetes.io/dockerconfigjson"),
            "{text}"
        );
        let data = text
            .lines()
            .find_map(|l| l.trim().strip_prefix(".dockerconfigjson: "))
            .unwrap();
        let decoded: Value = serde_json::from_slice(&STANDARD.decode(data).unwrap()).unwrap();
        assert_eq!(decoded["auths"]["r.example"]["username"], "u");
        assert!(format!("{yaml:?}") == "<redacted>");
    }
}
