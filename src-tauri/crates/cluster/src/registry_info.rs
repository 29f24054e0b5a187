//! The cluster's own registry: its host names found the way `oc registry info` and
//! `oc registry login` find them, and image stream tags removed as `oc tag -d` does.
//!
//! Where the host names are written (each looked up; a 404 or 403 is a fact to report, not a
//! failure of the whole lookup):
//! - `config.openshift.io/v1` `images/cluster`: `status.externalRegistryHostnames` (the
//!   default route's host and any the administrator added) and
//!   `status.internalRegistryHostname` (`image-registry.openshift-image-registry.svc:5000`);
//! - the route `default-route` in `openshift-image-registry` (OpenShift 4 with
//!   `defaultRoute: true`);
//! - the route `docker-registry` in `default` (OpenShift 3.x, `oc expose svc docker-registry`);
//! - the first image stream of a project and of `openshift`: its
//!   `status.publicDockerImageRepository` and `status.dockerImageRepository`, which is all
//!   `oc registry info` and `oc registry login` read (and what a user without cluster rights
//!   can see).
//!
//! From a laptop only an external host name works: the internal one is a Service name
//! resolved inside the cluster. So the first external host served over TLS is chosen; a route
//! without TLS (plain http) is never chosen, since the user's token would cross the network
//! unencrypted.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::client::{ClusterClient, check_name, segment};
use crate::error::{Error, Result};

/// How many external host names of the image config are read (a hostile or broken config may
/// hold thousands).
pub const MAX_EXTERNAL_HOSTNAMES: usize = 16;

/// Where a host name was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RegistryHostSource {
    /// `images.config.openshift.io/cluster` `status.externalRegistryHostnames`.
    ImageConfigExternal,
    /// `images.config.openshift.io/cluster` `status.internalRegistryHostname`.
    ImageConfigInternal,
    /// The route `default-route` in `openshift-image-registry` (OpenShift 4).
    DefaultRoute,
    /// The route `docker-registry` in `default` (OpenShift 3.x).
    DockerRegistryRoute,
    /// An image stream's `status.publicDockerImageRepository` (as `oc registry login`).
    ImageStreamPublic,
    /// An image stream's `status.dockerImageRepository`.
    ImageStreamInternal,
}

/// One host name of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegistryHost {
    /// `host[:port]`, as `docker login` names a registry.
    pub host: String,
    /// Where it was written.
    pub source: RegistryHostSource,
    /// Reachable from outside the cluster (false for the internal Service name).
    pub external: bool,
    /// False for a route without TLS (plain http): never used, the token would travel in
    /// cleartext.
    pub tls: bool,
    /// The object it was read from (`openshift-image-registry/default-route`,
    /// `images.config.openshift.io/cluster`, `<project>/<image stream>`).
    pub object: String,
}

/// What one lookup gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LookupOutcome {
    /// Read; it named at least one host.
    Found,
    /// Read, but it names no host (an image config without status, no image stream).
    Empty,
    /// 404: the object (or its API) is not there.
    NotFound,
    /// 403: the signed-in user may not read it.
    Forbidden,
    /// Another error (the reply too large, not understood, a server error).
    Failed,
}

/// One place asked, and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegistryLookup {
    /// The request, as `GET path`.
    pub request: String,
    /// What it gave.
    pub outcome: LookupOutcome,
    /// The server's or the parser's words, for a refusal or a failure.
    pub message: Option<String>,
}

/// Why [`RegistryInfo::chosen`] is the one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RegistryChoice {
    /// An external host served over TLS: reachable from this machine.
    External,
    /// Only the internal Service name was found: it works only inside the cluster, so nothing
    /// is chosen (the administrator exposes the registry with a route first).
    InternalOnly,
    /// An external host was found, but only over plain http: not used.
    PlainHttpOnly,
    /// No host name at all.
    NotFound,
}

/// Everything found about the cluster's registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegistryInfo {
    /// Every host name found, in the order asked, without repeats of the same host and source.
    pub hosts: Vec<RegistryHost>,
    /// Every place asked, and what it said.
    pub lookups: Vec<RegistryLookup>,
    /// The host the app uses from this machine, when there is one.
    pub chosen: Option<RegistryHost>,
    /// Why that one (or why none).
    pub choice: RegistryChoice,
}

/// Checks a host name a server gave as `host[:port]`: DNS labels or an IPv4 address, and a
/// port; anything else (a scheme, a path, user info, spaces) is refused.
pub fn check_registry_host(value: &str) -> Option<String> {
    let value = value.trim().to_ascii_lowercase();
    if value.is_empty() || value.len() > 253 + 6 {
        return None;
    }
    let (name, port) = match value.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (value.as_str(), None),
    };
    if let Some(port) = port
        && !(port.len() <= 5
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p)))
    {
        return None;
    }
    let labels_ok = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    labels_ok.then_some(value)
}

/// The registry part of a pull spec repository (`host[:port]/project/name` → `host[:port]`).
fn registry_of(repository: &str) -> Option<String> {
    let (host, rest) = repository.split_once('/')?;
    if rest.is_empty() {
        return None;
    }
    check_registry_host(host)
}

fn text(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.is_empty())
}

impl ClusterClient {
    /// One GET of a discovery source: the object, or the lookup's outcome when it was refused,
    /// missing or broken. A 401 ends the whole lookup (the token is no longer accepted).
    async fn look(&self, path: &str, lookups: &mut Vec<RegistryLookup>) -> Result<Option<Value>> {
        let request = format!("GET {path}");
        match self.call::<Value>(Method::GET, path, None).await {
            Ok(value) => Ok(Some(value)),
            Err(e) if e.is_sign_in_required() => Err(e),
            Err(e) => {
                let outcome = if e.is_not_found() {
                    LookupOutcome::NotFound
                } else if e.is_forbidden() {
                    LookupOutcome::Forbidden
                } else {
                    LookupOutcome::Failed
                };
                lookups.push(RegistryLookup {
                    request,
                    outcome,
                    message: Some(e.to_string()),
                });
                Ok(None)
            }
        }
    }

    /// Finds the cluster's registry host names (see the module's docs), asking the image
    /// config, the two routes, and the first image stream of `project` (when given) and of
    /// `openshift`; says which host the app uses from this machine and why.
    pub async fn registry_info(&self, project: Option<&str>) -> Result<RegistryInfo> {
        if let Some(p) = project {
            check_name("project name", p)?;
        }
        let mut hosts: Vec<RegistryHost> = Vec::new();
        let mut lookups: Vec<RegistryLookup> = Vec::new();
        let add = |hosts: &mut Vec<RegistryHost>, host: RegistryHost| {
            if !hosts
                .iter()
                .any(|h| h.host == host.host && h.source == host.source)
            {
                hosts.push(host);
            }
        };

        // The image config (a cluster-scoped custom resource of config.openshift.io).
        let path = "/apis/config.openshift.io/v1/images/cluster";
        if let Some(config) = self.look(path, &mut lookups).await? {
            let before = hosts.len();
            let object = "images.config.openshift.io/cluster".to_owned();
            let status = &config["status"];
            for name in status["externalRegistryHostnames"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .take(MAX_EXTERNAL_HOSTNAMES)
                .filter_map(|v| v.as_str())
                .filter_map(check_registry_host)
            {
                add(
                    &mut hosts,
                    RegistryHost {
                        host: name,
                        source: RegistryHostSource::ImageConfigExternal,
                        external: true,
                        tls: true,
                        object: object.clone(),
                    },
                );
            }
            if let Some(name) =
                text(&status["internalRegistryHostname"]).and_then(check_registry_host)
            {
                add(
                    &mut hosts,
                    RegistryHost {
                        host: name,
                        source: RegistryHostSource::ImageConfigInternal,
                        external: false,
                        tls: true,
                        object,
                    },
                );
            }
            lookups.push(found(path, hosts.len() > before));
        }

        // The routes: OpenShift 4's default route, then 3.x's docker-registry route.
        for (namespace, name, source) in [
            (
                "openshift-image-registry",
                "default-route",
                RegistryHostSource::DefaultRoute,
            ),
            (
                "default",
                "docker-registry",
                RegistryHostSource::DockerRegistryRoute,
            ),
        ] {
            let path = format!("/apis/route.openshift.io/v1/namespaces/{namespace}/routes/{name}");
            if let Some(route) = self.look(&path, &mut lookups).await? {
                let host = text(&route["spec"]["host"])
                    .or_else(|| text(&route["status"]["ingress"][0]["host"]))
                    .and_then(check_registry_host);
                let tls = route["spec"]["tls"]["termination"].as_str().is_some();
                if let Some(host) = &host {
                    add(
                        &mut hosts,
                        RegistryHost {
                            host: host.clone(),
                            source,
                            external: true,
                            tls,
                            object: format!("{namespace}/{name}"),
                        },
                    );
                }
                lookups.push(found(&path, host.is_some()));
            }
        }

        // The first image stream, as `oc registry info` reads it.
        let mut namespaces: Vec<&str> = project.into_iter().collect();
        if !namespaces.contains(&"openshift") {
            namespaces.push("openshift");
        }
        for namespace in namespaces {
            let path = format!(
                "/apis/image.openshift.io/v1/namespaces/{}/imagestreams?limit=1",
                segment(namespace)
            );
            let Some(list) = self.look(&path, &mut lookups).await? else {
                continue;
            };
            let first = &list["items"][0];
            let stream = text(&first["metadata"]["name"]).unwrap_or_default();
            let object = format!("{namespace}/{stream}");
            let public =
                text(&first["status"]["publicDockerImageRepository"]).and_then(registry_of);
            let internal = text(&first["status"]["dockerImageRepository"]).and_then(registry_of);
            let any = public.is_some() || internal.is_some();
            if let Some(host) = public {
                add(
                    &mut hosts,
                    RegistryHost {
                        host,
                        source: RegistryHostSource::ImageStreamPublic,
                        external: true,
                        tls: true,
                        object: object.clone(),
                    },
                );
            }
            if let Some(host) = internal {
                add(
                    &mut hosts,
                    RegistryHost {
                        host,
                        source: RegistryHostSource::ImageStreamInternal,
                        external: false,
                        tls: true,
                        object,
                    },
                );
            }
            lookups.push(found(&path, any));
            if any {
                break;
            }
        }

        let (chosen, choice) = choose(&hosts);
        Ok(RegistryInfo {
            hosts,
            lookups,
            chosen,
            choice,
        })
    }

    /// Removes tag `tag` from image stream `stream` in `namespace`, as `oc tag -d
    /// <stream>:<tag>` does (`DELETE .../imagestreamtags/<stream>:<tag>`). The image stays in
    /// the registry until `oc adm prune images` removes what no tag points at.
    pub async fn delete_image_stream_tag(
        &self,
        namespace: &str,
        stream: &str,
        tag: &str,
    ) -> Result<()> {
        check_name("project name", namespace)?;
        check_image_stream_name(stream)?;
        check_tag(tag)?;
        let path = format!(
            "/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreamtags/{stream}:{tag}"
        );
        self.call_raw(Method::DELETE, &path, None).await?;
        Ok(())
    }
}

fn found(path: &str, any: bool) -> RegistryLookup {
    RegistryLookup {
        request: format!("GET {path}"),
        outcome: if any {
            LookupOutcome::Found
        } else {
            LookupOutcome::Empty
        },
        message: None,
    }
}

/// The host used from outside the cluster: the first external one served over TLS.
fn choose(hosts: &[RegistryHost]) -> (Option<RegistryHost>, RegistryChoice) {
    if let Some(h) = hosts.iter().find(|h| h.external && h.tls) {
        return (Some(h.clone()), RegistryChoice::External);
    }
    if hosts.iter().any(|h| h.external) {
        return (None, RegistryChoice::PlainHttpOnly);
    }
    if hosts.is_empty() {
        (None, RegistryChoice::NotFound)
    } else {
        (None, RegistryChoice::InternalOnly)
    }
}

/// An image stream name: a path segment component of a repository (lowercase letters, digits,
/// `.`, `_`, `-`), at most 253 characters.
pub fn check_image_stream_name(value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 253
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "image stream name",
            value: value.to_owned(),
            reason: "only lowercase letters, digits, '.', '_' and '-' are allowed".into(),
        })
    }
}

/// A tag as the registry and OpenShift accept it: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
pub fn check_tag(value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 128
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        && value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidName {
            what: "tag",
            value: value.to_owned(),
            reason:
                "a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'"
                    .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(h: &str, source: RegistryHostSource, external: bool, tls: bool) -> RegistryHost {
        RegistryHost {
            host: h.into(),
            source,
            external,
            tls,
            object: "x".into(),
        }
    }

    #[test]
    fn host_names_from_a_server_are_checked() {
        assert_eq!(
            check_registry_host("Default-Route-openshift-image-registry.apps.Example.com"),
            Some("default-route-openshift-image-registry.apps.example.com".into())
        );
        assert_eq!(
            check_registry_host("image-registry.openshift-image-registry.svc:5000"),
            Some("image-registry.openshift-image-registry.svc:5000".into())
        );
        assert_eq!(
            check_registry_host("127.0.0.1:5000"),
            Some("127.0.0.1:5000".into())
        );
        for bad in [
            "",
            "http://evil.example",
            "host/path",
            "user@host",
            "host:0",
            "host:99999",
            "host:",
            "-a.example",
            "a..b",
            "a b",
            &"a".repeat(300),
        ] {
            assert_eq!(check_registry_host(bad), None, "{bad}");
        }
        assert_eq!(
            registry_of("registry.example.com:443/p/app"),
            Some("registry.example.com:443".into())
        );
        assert_eq!(registry_of("noslash"), None);
    }

    #[test]
    fn the_external_tls_host_is_chosen_over_the_internal_one() {
        let internal = host(
            "image-registry.openshift-image-registry.svc:5000",
            RegistryHostSource::ImageConfigInternal,
            false,
            true,
        );
        let plain = host(
            "docker-registry-default.apps.example.com",
            RegistryHostSource::DockerRegistryRoute,
            true,
            false,
        );
        let route = host(
            "default-route-openshift-image-registry.apps.example.com",
            RegistryHostSource::DefaultRoute,
            true,
            true,
        );
        assert_eq!(choose(&[]), (None, RegistryChoice::NotFound));
        assert_eq!(
            choose(std::slice::from_ref(&internal)),
            (None, RegistryChoice::InternalOnly)
        );
        assert_eq!(
            choose(&[internal.clone(), plain.clone()]),
            (None, RegistryChoice::PlainHttpOnly)
        );
        assert_eq!(
            choose(&[internal, plain, route.clone()]),
            (Some(route), RegistryChoice::External)
        );
    }

    #[test]
    fn names_that_would_change_the_tag_path_are_refused() {
        assert!(check_image_stream_name("app").is_ok());
        assert!(check_image_stream_name("my_app.v2-x").is_ok());
        for bad in ["", "App", "a/b", "a:b", ".a", "a%2f"] {
            assert!(check_image_stream_name(bad).is_err(), "{bad}");
        }
        assert!(check_tag("v1.0_rc-1").is_ok());
        assert!(check_tag("latest").is_ok());
        for bad in ["", ".x", "-x", "a/b", "a:b", &"t".repeat(129)] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
    }
}
