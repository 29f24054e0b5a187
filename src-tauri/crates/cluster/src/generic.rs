//! Objects the Quay Bridge Operator's set-up asks an admin to make with `oc`: an Opaque secret
//! with one key (`oc create secret generic quay-integration --from-literal=token=...`), and a
//! cluster-scoped custom resource (`oc create -f quay-integration.yaml`), created, or updated
//! in place when it exists already.
//!
//! A secret's value is a [`Secret`] in and out; it never enters an error.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};
use vault::Secret;

use crate::client::{ClusterClient, check_name};
use crate::error::{Error, Result};

/// What a create-or-update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Applied {
    /// The object did not exist and was created.
    Created,
    /// The object existed and was updated.
    Updated,
}

/// A key of a secret's `data`: letters, digits, `-`, `_` and `.` (Kubernetes' rule).
fn check_key(key: &str) -> Result<()> {
    if !key.is_empty()
        && key.len() <= 253
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && key != "."
        && key != ".."
    {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "secret key",
            value: key.to_owned(),
            reason: "only letters, digits, '-', '_' and '.' are allowed".into(),
        })
    }
}

/// An API group, version or resource plural that can go into a path as is.
fn check_api_part(what: &'static str, value: &str) -> Result<()> {
    if value.is_empty() && what == "API group" {
        return Ok(());
    }
    check_name(what, value)
}

impl ClusterClient {
    /// Writes `key` = `value` into the Opaque secret `name` of `namespace`: creates the secret
    /// (as `oc create secret generic <name> --from-literal=<key>=<value>`), or, when it
    /// exists, sets the key and keeps its other keys. A secret of another type is refused.
    pub async fn put_opaque_secret(
        &self,
        namespace: &str,
        name: &str,
        key: &str,
        value: &Secret,
    ) -> Result<Applied> {
        check_name("project name", namespace)?;
        check_name("secret name", name)?;
        check_key(key)?;
        let encoded = STANDARD.encode(value.expose().as_bytes());
        let object = json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": name, "namespace": namespace},
            "type": "Opaque",
            "data": {key: encoded},
        });
        let collection = format!("/api/v1/namespaces/{namespace}/secrets");
        match self
            .call::<Value>(Method::POST, &collection, Some(&object))
            .await
        {
            Ok(_) => return Ok(Applied::Created),
            Err(Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(e),
        }
        let path = format!("{collection}/{name}");
        let mut last = String::new();
        for _ in 0..self.options.conflict_attempts {
            let mut existing: Value = self.call(Method::GET, &path, None).await?;
            if existing["type"].as_str().unwrap_or("Opaque") != "Opaque" {
                return Err(Error::InvalidInput(format!(
                    "secret {namespace}/{name} exists and is of type {}, not Opaque",
                    existing["type"].as_str().unwrap_or_default()
                )));
            }
            if !existing["data"].is_object() {
                existing["data"] = json!({});
            }
            existing["data"][key] = json!(encoded);
            match self
                .call::<Value>(Method::PUT, &path, Some(&existing))
                .await
            {
                Ok(_) => return Ok(Applied::Updated),
                Err(Error::Conflict { message, .. }) => last = message,
                Err(e) => return Err(e),
            }
        }
        Err(Error::Conflict {
            message: last,
            attempts: self.options.conflict_attempts,
        })
    }

    /// The value of `key` in secret `name` of `namespace`; None when the secret lacks the key.
    pub async fn read_secret_value(
        &self,
        namespace: &str,
        name: &str,
        key: &str,
    ) -> Result<Option<Secret>> {
        check_name("project name", namespace)?;
        check_name("secret name", name)?;
        check_key(key)?;
        let path = format!("/api/v1/namespaces/{namespace}/secrets/{name}");
        let secret: Value = self.call(Method::GET, &path, None).await?;
        let Some(encoded) = secret["data"][key].as_str() else {
            return Ok(None);
        };
        let bytes = STANDARD.decode(encoded).map_err(|_| Error::BadResponse {
            request: format!("GET {path}"),
            reason: format!("data.{key} is not base64"),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::BadResponse {
            request: format!("GET {path}"),
            reason: format!("data.{key} is not text"),
        })?;
        Ok(Some(Secret::new(text)))
    }

    /// Applies the cluster-scoped `object` (JSON, or YAML read into JSON) of resource `plural`
    /// in `group`/`version` (`quay.redhat.com`, `v1`, `quayintegrations`), as `oc apply`
    /// would for one object: creates it, or, when one of its name exists, replaces its
    /// `spec` (and labels and annotations given) keeping the server's metadata. A concurrent
    /// change (409) is read again and applied again. The stored object is returned.
    pub async fn apply_cluster_resource(
        &self,
        group: &str,
        version: &str,
        plural: &str,
        object: &Value,
    ) -> Result<(Applied, Value)> {
        check_api_part("API group", group)?;
        check_api_part("API version", version)?;
        check_api_part("resource", plural)?;
        let name = object["metadata"]["name"].as_str().unwrap_or_default();
        check_name("object name", name)?;
        if object["metadata"]["namespace"].is_string() {
            return Err(Error::InvalidInput(format!(
                "{plural} are cluster-scoped: the object must not name a namespace"
            )));
        }
        let collection = if group.is_empty() {
            format!("/api/{version}/{plural}")
        } else {
            format!("/apis/{group}/{version}/{plural}")
        };
        match self
            .call::<Value>(Method::POST, &collection, Some(object))
            .await
        {
            Ok(created) => return Ok((Applied::Created, created)),
            Err(Error::AlreadyExists { .. }) => {}
            Err(e) => return Err(e),
        }
        let path = format!("{collection}/{name}");
        let mut last = String::new();
        for _ in 0..self.options.conflict_attempts {
            let mut existing: Value = self.call(Method::GET, &path, None).await?;
            if let Some(fields) = object.as_object() {
                for (field, value) in fields {
                    if field != "metadata" && field != "status" {
                        existing[field] = value.clone();
                    }
                }
            }
            for part in ["labels", "annotations"] {
                if let Some(given) = object["metadata"][part].as_object() {
                    if !existing["metadata"][part].is_object() {
                        existing["metadata"][part] = json!({});
                    }
                    for (k, v) in given {
                        existing["metadata"][part][k] = v.clone();
                    }
                }
            }
            match self
                .call::<Value>(Method::PUT, &path, Some(&existing))
                .await
            {
                Ok(updated) => return Ok((Applied::Updated, updated)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_keys_and_api_parts_that_would_change_the_path_are_refused() {
        for good in ["token", ".dockerconfigjson", "tls.crt", "KEY_1"] {
            assert!(check_key(good).is_ok(), "{good}");
        }
        for bad in ["", ".", "..", "a/b", "a b", "k=v"] {
            assert!(check_key(bad).is_err(), "{bad}");
        }
        assert!(check_api_part("API group", "").is_ok());
        assert!(check_api_part("API group", "quay.redhat.com").is_ok());
        assert!(check_api_part("resource", "").is_err());
        assert!(check_api_part("resource", "quayintegrations/x").is_err());
    }
}
