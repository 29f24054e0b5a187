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

/// Whether the discovery list `resources` names `name`.
fn items_named(resources: &Value, name: &str) -> bool {
    resources
        .as_array()
        .is_some_and(|r| r.iter().any(|x| x["name"] == name))
}

fn items(list: &Value) -> &[Value] {
    list["items"].as_array().map(Vec::as_slice).unwrap_or(&[])
}

impl ClusterClient {
    /// Whether the cluster serves API group `group` (discovery, which every signed-in user may
    /// read). An API the cluster lacks answers 403, not 404, to a user without rights on its
    /// path (RBAC runs before routing), so a 403 alone does not tell.
    async fn serves_group(&self, group: &str) -> Result<bool> {
        match self
            .call::<Value>(Method::GET, &format!("/apis/{group}"), None)
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether the cluster serves `resource` in `group_version` (discovery).
    async fn serves_resource(&self, group_version: &str, resource: &str) -> Result<bool> {
        match self
            .call::<Value>(Method::GET, &format!("/apis/{group_version}"), None)
            .await
        {
            Ok(list) => Ok(items_named(&list["resources"], resource)),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Whether `error` (from a path of API group `group`) means that the cluster does not
    /// have that API: a 404, or a 403 where discovery does not list the group.
    async fn lacks_group(&self, error: &Error, group: &str) -> Result<bool> {
        if error.is_not_found() {
            return Ok(true);
        }
        if error.is_forbidden() {
            return Ok(!self.serves_group(group).await?);
        }
        Ok(false)
    }

    /// Who the token belongs to: OpenShift's `users/~`; on a cluster without it, a
    /// SelfSubjectReview (`authentication.k8s.io/v1`, Kubernetes 1.28, or `v1beta1` since
    /// 1.27, `v1alpha1` since 1.26); on a cluster with neither, signed in with no name.
    pub async fn whoami(&self) -> Result<WhoAmI> {
        match self
            .call::<Value>(Method::GET, "/apis/user.openshift.io/v1/users/~", None)
            .await
        {
            Ok(user) => {
                return Ok(WhoAmI {
                    name: text(&user["metadata"]["name"]),
                    groups: strings(&user["groups"]),
                });
            }
            Err(e) if self.lacks_group(&e, "user.openshift.io").await? => {}
            Err(e) => return Err(e),
        }
        for version in ["v1", "v1beta1", "v1alpha1"] {
            // Asked of discovery first: a resource the cluster lacks is 403 to most users.
            if !self
                .serves_resource(
                    &format!("authentication.k8s.io/{version}"),
                    "selfsubjectreviews",
                )
                .await?
            {
                continue;
            }
            let review = json!({
                "apiVersion": format!("authentication.k8s.io/{version}"),
                "kind": "SelfSubjectReview",
            });
            let path = format!("/apis/authentication.k8s.io/{version}/selfsubjectreviews");
            match self.call::<Value>(Method::POST, &path, Some(&review)).await {
                Ok(reply) => {
                    let info = &reply["status"]["userInfo"];
                    return Ok(WhoAmI {
                        name: text(&info["username"]),
                        groups: strings(&info["groups"]),
                    });
                }
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(WhoAmI {
            name: None,
            groups: Vec::new(),
        })
    }

    /// The projects the user can see, sorted by name. Uses `project.openshift.io/v1`
    /// projects; when the cluster has no such API, lists namespaces instead; when the user may
    /// not list them either, an empty list marked `listing_refused`.
    pub async fn list_projects(&self) -> Result<ProjectList> {
        let (source, list) = match self
            .call::<Value>(Method::GET, "/apis/project.openshift.io/v1/projects", None)
            .await
        {
            Ok(list) => (ProjectSource::Projects, list),
            Err(e) if self.lacks_group(&e, "project.openshift.io").await? => {
                match self
                    .call::<Value>(Method::GET, "/api/v1/namespaces", None)
                    .await
                {
                    Ok(list) => (ProjectSource::Namespaces, list),
                    // A user with rights in some namespaces only: Kubernetes has no way to
                    // list just those; the user names the one to work in.
                    Err(e) if e.is_forbidden() => {
                        return Ok(ProjectList {
                            source: ProjectSource::Namespaces,
                            projects: Vec::new(),
                            listing_refused: true,
                        });
                    }
                    Err(e) => return Err(e),
                }
            }
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
        Ok(ProjectList {
            source,
            projects,
            listing_refused: false,
        })
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
