//! Reading the cluster: who the token belongs to, the projects the user can see (OpenShift's
//! projects API, or namespaces where there is none), and a project's image streams with the
//! internal and external pull specs of each tag.

use reqwest::Method;
use serde_json::{Value, json};

use crate::client::{ClusterClient, check_name};
use crate::error::{Error, Result};
use crate::model::{ImageStream, ImageStreamTag, Project, ProjectList, ProjectSource, WhoAmI};

fn text(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
}

fn items(list: &Value) -> &[Value] {
    list["items"].as_array().map(Vec::as_slice).unwrap_or(&[])
}

impl ClusterClient {
    /// Who the token belongs to: OpenShift's `users/~`, or, on a cluster without it, a
    /// SelfSubjectReview (`authentication.k8s.io/v1`).
    pub async fn whoami(&self) -> Result<WhoAmI> {
        match self
            .call::<Value>(Method::GET, "/apis/user.openshift.io/v1/users/~", None)
            .await
        {
            Ok(user) => Ok(WhoAmI {
                name: text(&user["metadata"]["name"]).unwrap_or_default(),
                groups: strings(&user["groups"]),
            }),
            Err(e) if e.is_not_found() => {
                let review =
                    json!({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"});
                let reply: Value = self
                    .call(
                        Method::POST,
                        "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                        Some(&review),
                    )
                    .await?;
                let info = &reply["status"]["userInfo"];
                Ok(WhoAmI {
                    name: text(&info["username"]).unwrap_or_default(),
                    groups: strings(&info["groups"]),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// The projects the user can see, sorted by name. Uses `project.openshift.io/v1`
    /// projects; when the cluster has no such API (404), lists namespaces instead (which
    /// needs the right to list namespaces cluster-wide).
    pub async fn list_projects(&self) -> Result<ProjectList> {
        let (source, list) = match self
            .call::<Value>(Method::GET, "/apis/project.openshift.io/v1/projects", None)
            .await
        {
            Ok(list) => (ProjectSource::Projects, list),
            Err(e) if e.is_not_found() => (
                ProjectSource::Namespaces,
                self.call::<Value>(Method::GET, "/api/v1/namespaces", None)
                    .await?,
            ),
            Err(e) => return Err(e),
        };
        let mut projects: Vec<Project> = items(&list)
            .iter()
            .map(|p| {
                let annotations = &p["metadata"]["annotations"];
                Project {
                    name: text(&p["metadata"]["name"]).unwrap_or_default(),
                    display_name: text(&annotations["openshift.io/display-name"]),
                    description: text(&annotations["openshift.io/description"]),
                    requester: text(&annotations["openshift.io/requester"]),
                    phase: text(&p["status"]["phase"]),
                }
            })
            .collect();
        projects.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ProjectList { source, projects })
    }

    /// The image streams of `namespace`, sorted by name, each tag with its pull specs:
    /// `status.dockerImageRepository:<tag>` (inside the cluster) and
    /// `status.publicDockerImageRepository:<tag>` (from outside, when the registry is
    /// exposed).
    pub async fn list_image_streams(&self, namespace: &str) -> Result<Vec<ImageStream>> {
        check_name("project name", namespace)?;
        let path = format!("/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams");
        let list: Value = self
            .call(Method::GET, &path, None)
            .await
            .map_err(|e| match e {
                Error::NotFound { request, status } if status.is_none() => Error::NotFound {
                    request: format!("{request} (this cluster has no OpenShift image streams)"),
                    status,
                },
                other => other,
            })?;
        let mut streams: Vec<ImageStream> = items(&list)
            .iter()
            .map(|s| {
                let internal = text(&s["status"]["dockerImageRepository"]);
                let public = text(&s["status"]["publicDockerImageRepository"]);
                let tags = s["status"]["tags"]
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| {
                        let tag = text(&t["tag"]).unwrap_or_default();
                        let current = &t["items"][0];
                        ImageStreamTag {
                            internal_pull_spec: internal.as_ref().map(|r| format!("{r}:{tag}")),
                            external_pull_spec: public.as_ref().map(|r| format!("{r}:{tag}")),
                            image: text(&current["image"]),
                            created: text(&current["created"]),
                            tag,
                        }
                    })
                    .collect();
                ImageStream {
                    namespace: namespace.to_owned(),
                    name: text(&s["metadata"]["name"]).unwrap_or_default(),
                    internal_repository: internal,
                    public_repository: public,
                    tags,
                }
            })
            .collect();
        streams.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(streams)
    }
}

pub(crate) fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
