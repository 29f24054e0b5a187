//! The cluster's own registry on the real control plane: OpenShift's image config
//! (`images.config.openshift.io/cluster`), which OpenShift serves as a custom resource of the
//! kube-apiserver (so here it is one: a real CRD, with its status written by the test as the
//! image registry operator writes it), and the integrated registry played by a real
//! distribution registry in token mode over TLS, whose token server authenticates the
//! cluster's tokens and decides grants by SubjectAccessReview
//! ([`crate::token_server::ClusterAuth`]).

use std::time::Duration;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::kube::{ADMIN_TOKEN, KubeCluster};
use crate::registry::{Mode, Registry, RegistryOptions};
use crate::token_server::{ClusterAuth, TokenServerConfig};

const IMAGES: &str = "/apis/config.openshift.io/v1/images";

impl KubeCluster {
    /// Installs the `images.config.openshift.io` CRD (cluster-scoped, `status` subresource)
    /// and waits until the API server serves it.
    pub fn install_image_config_crd(&self) -> Result<()> {
        self.create(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            json!({
                "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": "images.config.openshift.io"},
                "spec": {
                    "group": "config.openshift.io", "scope": "Cluster",
                    "names": {"plural": "images", "singular": "image", "kind": "Image", "listKind": "ImageList"},
                    "versions": [{
                        "name": "v1", "served": true, "storage": true,
                        "subresources": {"status": {}},
                        "schema": {"openAPIV3Schema": {
                            "type": "object",
                            "properties": {
                                "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                                "status": {"type": "object", "properties": {
                                    "internalRegistryHostname": {"type": "string"},
                                    "externalRegistryHostnames": {"type": "array", "items": {"type": "string"}},
                                }},
                            },
                        }},
                    }],
                },
            }),
        )?;
        for _ in 0..300 {
            if self.admin("GET", IMAGES, None)?.0 == 200 {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::Other(
            "the API server does not serve images.config.openshift.io after 30 s".into(),
        ))
    }

    /// Creates (or replaces) `images.config.openshift.io/cluster` and writes `status` into it,
    /// as the image registry operator does.
    pub fn set_image_config_status(&self, status: Value) -> Result<()> {
        let (code, existing) = self.admin("GET", &format!("{IMAGES}/cluster"), None)?;
        let object = if code == 200 {
            existing
        } else {
            self.create(
                IMAGES,
                json!({"apiVersion": "config.openshift.io/v1", "kind": "Image",
                       "metadata": {"name": "cluster"}, "spec": {}}),
            )?
        };
        let mut object = object;
        object["status"] = status;
        let (code, reply) = self.admin("PUT", &format!("{IMAGES}/cluster/status"), Some(object))?;
        if code != 200 {
            return Err(Error::Other(format!(
                "PUT the image config status: {code} {reply}"
            )));
        }
        Ok(())
    }

    /// What the integrated registry's token server asks this cluster with.
    pub fn registry_auth(&self) -> ClusterAuth {
        ClusterAuth {
            api_url: self.url().to_owned(),
            ca_pem: self.certificates().ca_pem.clone(),
            admin_token: ADMIN_TOKEN.to_owned(),
        }
    }

    /// Starts the integrated registry: a distribution registry in token mode, over TLS with a
    /// certificate of the cluster's CA (as the router serves a route), whose token server
    /// accepts this cluster's tokens, and whose tags follow the image streams (a tag removed
    /// through the image API leaves its tag list).
    pub fn start_integrated_registry(&self) -> Result<Registry> {
        let registry = Registry::start_with(RegistryOptions {
            token: TokenServerConfig {
                cluster: Some(self.registry_auth()),
                // The OpenShift registry checks the OAuth token itself on each request (its
                // token endpoint hands back the same token), so an ended token is refused at
                // once; short-lived JWTs come close to that.
                lifetime: Duration::from_secs(3),
                ..TokenServerConfig::default()
            },
            certificates: Some(self.certificates().clone()),
            // The filler signs in as the cluster admin (its token as the password).
            username: Some("user".into()),
            password: Some(ADMIN_TOKEN.into()),
            ..RegistryOptions::new(Mode::Token)
        })?;
        // Its tags follow the image streams, as the OpenShift registry's do.
        if let Some(apis) = self.openshift() {
            apis.serve_tags_of(registry.data_dir());
        }
        Ok(registry)
    }
}
