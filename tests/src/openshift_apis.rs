//! OpenShift's own API groups served beside a real kube-apiserver the way OpenShift serves
//! them: an aggregated API server (here in-process) registered with `APIService` objects, to
//! which the kube-apiserver proxies requests for `project.openshift.io`, `image.openshift.io`
//! and `user.openshift.io` after its own authentication and RBAC.
//!
//! The server trusts only the kube-apiserver's front-proxy client certificate (TLS client
//! authentication against the front-proxy CA) and reads the caller from `X-Remote-User` /
//! `X-Remote-Group`, as `openshift-apiserver` does. So who may list image streams, see a
//! project or ask `users/~` is decided by the real server's RBAC; this server only answers:
//! - projects: the namespaces the caller may `get` (one SubjectAccessReview per namespace,
//!   asked of the real server), with their annotations, as OpenShift's project list does;
//! - image streams: kept in memory per namespace, seeded by tests
//!   ([`OpenShiftApis::add_image_stream`]);
//! - `users/~`: the caller, with its groups;
//! - image stream tags: `GET` and `DELETE` (`oc tag -d`) on the streams above, with the real
//!   API's `Status` replies (`NotFound`, `BadRequest` for a name without `:`); with the
//!   integrated registry's storage given ([`OpenShiftApis::serve_tags_of`]), a removed tag
//!   leaves the registry's tag list too, as the OpenShift registry lists a repository's tags
//!   from its image stream;
//! - routes (`route.openshift.io/v1`): kept in memory per namespace, seeded by tests
//!   ([`OpenShiftApis::add_route`]), served with the real `Route` shape;
//! - `TokenReview` for the API server's token webhook, as OpenShift's OAuth API server
//!   answers it for its `sha256~` tokens: tokens added and expired while a test runs
//!   ([`OpenShiftApis::add_token`], [`OpenShiftApis::expire_token`]).

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::kube_sim::rfc3339;

pub use crate::kube_sim::INTERNAL_REGISTRY;
/// The registry's public route, as a cluster that exposes it names it.
pub const PUBLIC_REGISTRY: &str = "default-route-openshift-image-registry.apps.example.com";

/// What the server answers from.
struct Shared {
    /// The real API server, and the admin token the server asks it with (its own
    /// SubjectAccessReviews, as `openshift-apiserver` asks with its service account).
    api_url: String,
    admin_token: String,
    client: reqwest::Client,
    /// Namespace → image streams.
    image_streams: Mutex<HashMap<String, Vec<Value>>>,
    /// Namespace → routes.
    routes: Mutex<HashMap<String, Vec<Value>>>,
    /// Token → (user, groups), for the token webhook.
    tokens: Mutex<HashMap<String, (String, Vec<String>)>>,
    /// The integrated registry's storage root, whose tags follow the image streams.
    registry_storage: Mutex<Option<std::path::PathBuf>>,
}

/// The running server. Dropping it stops it.
pub struct OpenShiftApis {
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    port: u16,
}

impl std::fmt::Debug for OpenShiftApis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenShiftApis")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// The caller the kube-apiserver vouches for.
struct Caller {
    user: String,
    groups: Vec<String>,
}

fn caller(headers: &HeaderMap) -> Option<Caller> {
    let user = headers.get("x-remote-user")?.to_str().ok()?.to_owned();
    let groups = headers
        .get_all("x-remote-group")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    Some(Caller { user, groups })
}

fn status(code: StatusCode, reason: &str, message: String) -> Response {
    (
        code,
        axum::Json(json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code.as_u16(),
        })),
    )
        .into_response()
}

fn resource_list(group_version: &str, resources: Value) -> Response {
    axum::Json(json!({
        "kind": "APIResourceList", "apiVersion": "v1",
        "groupVersion": group_version, "resources": resources,
    }))
    .into_response()
}

async fn project_discovery() -> Response {
    resource_list(
        "project.openshift.io/v1",
        json!([
            {"name": "projects", "singularName": "", "namespaced": false, "kind": "Project",
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]},
            {"name": "projectrequests", "singularName": "", "namespaced": false,
             "kind": "ProjectRequest", "verbs": ["create", "list"]},
        ]),
    )
}

async fn image_discovery() -> Response {
    resource_list(
        "image.openshift.io/v1",
        json!([
            {"name": "imagestreams", "singularName": "", "namespaced": true, "kind": "ImageStream",
             "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]},
            {"name": "imagestreams/layers", "singularName": "", "namespaced": true,
             "kind": "ImageStreamLayers", "verbs": ["get"]},
            {"name": "imagestreamtags", "singularName": "", "namespaced": true,
             "kind": "ImageStreamTag", "verbs": ["create", "delete", "get", "list", "patch", "update"]},
        ]),
    )
}

async fn route_discovery() -> Response {
    resource_list(
        "route.openshift.io/v1",
        json!([
            {"name": "routes", "singularName": "", "namespaced": true, "kind": "Route",
             "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]},
            {"name": "routes/status", "singularName": "", "namespaced": true, "kind": "Route",
             "verbs": ["get", "patch", "update"]},
        ]),
    )
}

/// The routes of a namespace (the real server's RBAC let the caller list them).
async fn routes(State(shared): State<Arc<Shared>>, Path(namespace): Path<String>) -> Response {
    let items = shared
        .routes
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&namespace)
        .cloned()
        .unwrap_or_default();
    axum::Json(json!({
        "kind": "RouteList", "apiVersion": "route.openshift.io/v1",
        "metadata": {}, "items": items,
    }))
    .into_response()
}

/// One route, or the real API's 404 `Status`.
async fn route(
    State(shared): State<Arc<Shared>>,
    Path((namespace, name)): Path<(String, String)>,
) -> Response {
    let found = shared
        .routes
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&namespace)
        .and_then(|r| {
            r.iter()
                .find(|r| r["metadata"]["name"] == name.as_str())
                .cloned()
        });
    match found {
        Some(route) => axum::Json(route).into_response(),
        None => not_found("route.openshift.io", "routes", &name),
    }
}

/// The real API's 404 for object `name` of `resource` in `group`.
fn not_found(group: &str, resource: &str, name: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": format!("{resource}.{group} \"{name}\" not found"),
            "reason": "NotFound",
            "details": {"name": name, "group": group, "kind": resource},
            "code": 404,
        })),
    )
        .into_response()
}

/// Splits an image stream tag's name `<stream>:<tag>`, or the real API's 400.
fn stream_and_tag(name: &str) -> std::result::Result<(&str, &str), Box<Response>> {
    match name.split_once(':') {
        Some((stream, tag)) if !stream.is_empty() && !tag.is_empty() && !tag.contains(':') => {
            Ok((stream, tag))
        }
        _ => Err(Box::new(status(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "ImageStreamTags must be retrieved with <name>:<tag>".into(),
        ))),
    }
}

/// `GET imagestreamtags/<stream>:<tag>`: the tag as an `ImageStreamTag`.
async fn image_stream_tag(
    State(shared): State<Arc<Shared>>,
    Path((namespace, name)): Path<(String, String)>,
) -> Response {
    let (stream, tag) = match stream_and_tag(&name) {
        Ok(parts) => parts,
        Err(refusal) => return *refusal,
    };
    let streams = shared
        .image_streams
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let found = streams
        .get(&namespace)
        .and_then(|s| s.iter().find(|s| s["metadata"]["name"] == stream))
        .and_then(|s| {
            s["status"]["tags"]
                .as_array()
                .and_then(|t| t.iter().find(|t| t["tag"] == tag))
                .cloned()
        });
    let Some(found) = found else {
        return not_found("image.openshift.io", "imagestreamtags", &name);
    };
    let current = &found["items"][0];
    axum::Json(json!({
        "kind": "ImageStreamTag", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": name, "namespace": namespace},
        "tag": null,
        "generation": current["generation"],
        "lookupPolicy": {"local": false},
        "image": {
            "metadata": {"name": current["image"]},
            "dockerImageReference": current["dockerImageReference"],
        },
    }))
    .into_response()
}

/// `DELETE imagestreamtags/<stream>:<tag>` (`oc tag -d`): the tag leaves the stream; the
/// image stays in the registry. The real API answers a `Status` of `Success`.
async fn delete_image_stream_tag(
    State(shared): State<Arc<Shared>>,
    Path((namespace, name)): Path<(String, String)>,
) -> Response {
    let (stream, tag) = match stream_and_tag(&name) {
        Ok(parts) => parts,
        Err(refusal) => return *refusal,
    };
    let mut streams = shared
        .image_streams
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let removed = streams
        .get_mut(&namespace)
        .and_then(|s| s.iter_mut().find(|s| s["metadata"]["name"] == stream))
        .and_then(|s| s["status"]["tags"].as_array_mut())
        .is_some_and(|tags| {
            let before = tags.len();
            tags.retain(|t| t["tag"] != tag);
            tags.len() < before
        });
    if !removed {
        return not_found("image.openshift.io", "imagestreamtags", &name);
    }
    drop(streams);
    // The OpenShift registry lists and resolves a repository's tags from its image stream: the
    // tag is gone from the registry too (its manifest and blobs stay until pruned). The names
    // are those of a stream and tag that existed, so they are plain path segments.
    if let Some(root) = shared
        .registry_storage
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
    {
        let link = root
            .join("docker/registry/v2/repositories")
            .join(&namespace)
            .join(stream)
            .join("_manifests/tags")
            .join(tag);
        let _ = std::fs::remove_dir_all(link);
    }
    axum::Json(json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
        "details": {"name": name, "group": "image.openshift.io", "kind": "imagestreamtags"},
    }))
    .into_response()
}

async fn user_discovery() -> Response {
    resource_list(
        "user.openshift.io/v1",
        json!([
            {"name": "users", "singularName": "", "namespaced": false, "kind": "User",
             "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]},
        ]),
    )
}

/// `users/~`: the caller.
async fn user(headers: HeaderMap, Path(name): Path<String>) -> Response {
    let Some(caller) = caller(&headers) else {
        return status(StatusCode::UNAUTHORIZED, "Unauthorized", "no caller".into());
    };
    if name != "~" && name != caller.user {
        return status(
            StatusCode::NOT_FOUND,
            "NotFound",
            format!("users.user.openshift.io \"{name}\" not found"),
        );
    }
    let groups: Vec<&String> = caller
        .groups
        .iter()
        .filter(|g| !g.starts_with("system:authenticated"))
        .collect();
    axum::Json(json!({
        "kind": "User", "apiVersion": "user.openshift.io/v1",
        "metadata": {"name": caller.user},
        "identities": [], "groups": groups,
    }))
    .into_response()
}

impl Shared {
    /// Sends `method path` to the real server as the admin.
    async fn ask(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Option<Value> {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.api_url))
            .bearer_auth(&self.admin_token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.ok()?.json().await.ok()
    }

    /// Whether the caller may see project `namespace`: `get` on it as a project or as a
    /// namespace, asked of the real server's RBAC.
    async fn may_see(&self, caller: &Caller, namespace: &str) -> bool {
        for (group, resource) in [("project.openshift.io", "projects"), ("", "namespaces")] {
            let review = json!({
                "apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
                "spec": {
                    "user": caller.user, "groups": caller.groups,
                    "resourceAttributes": {"namespace": namespace, "verb": "get",
                        "group": group, "resource": resource, "name": namespace},
                },
            });
            let answer = self
                .ask(
                    reqwest::Method::POST,
                    "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                    Some(review),
                )
                .await;
            if answer.is_some_and(|a| a["status"]["allowed"] == true) {
                return true;
            }
        }
        false
    }
}

/// The projects the caller may see.
async fn projects(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(caller) = caller(&headers) else {
        return status(StatusCode::UNAUTHORIZED, "Unauthorized", "no caller".into());
    };
    let Some(namespaces) = shared
        .ask(reqwest::Method::GET, "/api/v1/namespaces", None)
        .await
    else {
        return status(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            "the namespaces could not be read".into(),
        );
    };
    let mut items = Vec::new();
    for namespace in namespaces["items"].as_array().into_iter().flatten() {
        let name = namespace["metadata"]["name"].as_str().unwrap_or_default();
        if shared.may_see(&caller, name).await {
            items.push(json!({
                "kind": "Project", "apiVersion": "project.openshift.io/v1",
                "metadata": {
                    "name": name,
                    "annotations": namespace["metadata"]["annotations"],
                    "creationTimestamp": namespace["metadata"]["creationTimestamp"],
                },
                "spec": namespace["spec"],
                "status": namespace["status"],
            }));
        }
    }
    axum::Json(json!({
        "kind": "ProjectList", "apiVersion": "project.openshift.io/v1",
        "metadata": {}, "items": items,
    }))
    .into_response()
}

/// The API server's token webhook: a `TokenReview` of a token this server issued.
async fn token_review(State(shared): State<Arc<Shared>>, body: axum::Json<Value>) -> Response {
    let token = body["spec"]["token"].as_str().unwrap_or_default();
    let found = shared
        .tokens
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(token)
        .cloned();
    let status = match found {
        Some((user, groups)) => json!({
            "authenticated": true,
            "user": {"username": user, "uid": format!("uid-{user}"), "groups": groups},
        }),
        None => json!({"authenticated": false, "error": "token not found or expired"}),
    };
    axum::Json(json!({
        "apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "status": status,
    }))
    .into_response()
}

/// The image streams of a namespace (the real server's RBAC let the caller list them).
async fn image_streams(
    State(shared): State<Arc<Shared>>,
    Path(namespace): Path<String>,
) -> Response {
    let items = shared
        .image_streams
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&namespace)
        .cloned()
        .unwrap_or_default();
    axum::Json(json!({
        "kind": "ImageStreamList", "apiVersion": "image.openshift.io/v1",
        "metadata": {}, "items": items,
    }))
    .into_response()
}

impl OpenShiftApis {
    /// Starts the server on 127.0.0.1, accepting only clients with a certificate signed by
    /// `front_proxy_ca` (the kube-apiserver's proxy client), serving with `cert`/`key`, and
    /// asking the real server at `api_url` (trusting `api_ca`) with `admin_token`.
    pub fn start(
        listener: TcpListener,
        front_proxy_ca: &str,
        cert: &str,
        key: &str,
        api_url: &str,
        api_ca: &str,
        admin_token: &str,
    ) -> Result<Self> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        crate::install_crypto_provider();
        let port = listener
            .local_addr()
            .map_err(|e| Error::io("read the OpenShift APIs' port", e))?
            .port();
        let bad = |what: &str, e: String| Error::Other(format!("the OpenShift APIs' {what}: {e}"));
        let mut roots = rustls::RootCertStore::empty();
        for ca in CertificateDer::pem_slice_iter(front_proxy_ca.as_bytes()) {
            roots
                .add(ca.map_err(|e| bad("front-proxy CA", e.to_string()))?)
                .map_err(|e| bad("front-proxy CA", e.to_string()))?;
        }
        let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots))
            .build()
            .map_err(|e| bad("client verifier", e.to_string()))?;
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert.as_bytes())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| bad("certificate", e.to_string()))?;
        let key =
            PrivateKeyDer::from_pem_slice(key.as_bytes()).map_err(|e| bad("key", e.to_string()))?;
        let mut config = rustls::ServerConfig::builder()
            .with_client_cert_verifier(verifier)
            .with_single_cert(chain, key)
            .map_err(|e| bad("TLS setup", e.to_string()))?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));

        let ca = reqwest::Certificate::from_pem(api_ca.as_bytes())
            .map_err(|e| bad("API CA", e.to_string()))?;
        let client = reqwest::Client::builder()
            .tls_certs_only([ca])
            .build()
            .map_err(|e| bad("client", e.to_string()))?;
        let shared = Arc::new(Shared {
            api_url: api_url.to_owned(),
            admin_token: admin_token.to_owned(),
            client,
            image_streams: Mutex::default(),
            routes: Mutex::default(),
            tokens: Mutex::default(),
            registry_storage: Mutex::default(),
        });
        let app = Router::new()
            .route("/apis/project.openshift.io/v1", get(project_discovery))
            .route("/apis/project.openshift.io/v1/projects", get(projects))
            .route("/apis/image.openshift.io/v1", get(image_discovery))
            .route(
                "/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreams",
                get(image_streams),
            )
            .route(
                "/apis/image.openshift.io/v1/namespaces/{namespace}/imagestreamtags/{name}",
                get(image_stream_tag).delete(delete_image_stream_tag),
            )
            .route("/apis/route.openshift.io/v1", get(route_discovery))
            .route(
                "/apis/route.openshift.io/v1/namespaces/{namespace}/routes",
                get(routes),
            )
            .route(
                "/apis/route.openshift.io/v1/namespaces/{namespace}/routes/{name}",
                get(route),
            )
            .route("/apis/user.openshift.io/v1", get(user_discovery))
            .route("/apis/user.openshift.io/v1/users/{name}", get(user))
            .route("/tokenreview", axum::routing::post(token_review))
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("make the OpenShift APIs' socket non-blocking", e))?;
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let serve = async {
                    loop {
                        let Ok((tcp, _)) = listener.accept().await else {
                            continue;
                        };
                        let (acceptor, app) = (acceptor.clone(), app.clone());
                        tokio::spawn(async move {
                            let Ok(tls) = acceptor.accept(tcp).await else {
                                return;
                            };
                            let service = hyper_util::service::TowerToHyperService::new(app);
                            let _ = hyper_util::server::conn::auto::Builder::new(
                                hyper_util::rt::TokioExecutor::new(),
                            )
                            .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                            .await;
                        });
                    }
                };
                tokio::select! {
                    () = serve => {}
                    _ = stopped => {}
                }
            });
        });
        Ok(Self {
            shared,
            stop: Some(stop),
            port,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Makes `token` authenticate as `user` in `groups` (besides `system:authenticated`), as
    /// a sign-in to OpenShift's OAuth server does.
    pub fn add_token(&self, token: &str, user: &str, groups: &[&str]) {
        let mut groups: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
        groups.push("system:authenticated:oauth".into());
        self.shared
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token.to_owned(), (user.to_owned(), groups));
    }

    /// Ends `token` (its lifetime is over, or it was revoked): the API server refuses it (401).
    pub fn expire_token(&self, token: &str) {
        self.shared
            .tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(token);
    }

    /// Adds route `name` to `namespace` for `host`, as the registry's routes are: to the
    /// registry's Service, re-encrypting TLS at the router when `tls`, plain http otherwise
    /// (as `oc expose svc` makes it).
    pub fn add_route(&self, namespace: &str, name: &str, host: &str, tls: bool) {
        let mut spec = json!({
            "host": host,
            "to": {"kind": "Service", "name": "image-registry", "weight": 100},
            "port": {"targetPort": "5000-tcp"},
            "wildcardPolicy": "None",
        });
        if tls {
            spec["tls"] =
                json!({"termination": "reencrypt", "insecureEdgeTerminationPolicy": "Redirect"});
        }
        let route = json!({
            "kind": "Route", "apiVersion": "route.openshift.io/v1",
            "metadata": {"name": name, "namespace": namespace,
                         "creationTimestamp": rfc3339(SystemTime::now())},
            "spec": spec,
            "status": {"ingress": [{
                "host": host, "routerName": "default", "wildcardPolicy": "None",
                "conditions": [{"type": "Admitted", "status": "True",
                                "lastTransitionTime": rfc3339(SystemTime::now())}],
            }]},
        });
        self.shared
            .routes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(namespace.to_owned())
            .or_default()
            .push(route);
    }

    /// Makes the registry stored under `data_dir` (a distribution registry's filesystem root)
    /// the integrated registry: a tag removed from an image stream through the image API
    /// leaves that registry's tag list, as it does on OpenShift.
    pub fn serve_tags_of(&self, data_dir: &std::path::Path) {
        *self
            .shared
            .registry_storage
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(data_dir.to_owned());
    }

    /// Adds image stream `name` to `namespace`, its `tags` as (tag, image digest), with the
    /// pull specs OpenShift gives them.
    pub fn add_image_stream(&self, namespace: &str, name: &str, tags: &[(&str, &str)]) {
        self.add_image_stream_at(namespace, name, tags, PUBLIC_REGISTRY);
    }

    /// [`OpenShiftApis::add_image_stream`] with `public_registry` as the registry's public
    /// host name.
    pub fn add_image_stream_at(
        &self,
        namespace: &str,
        name: &str,
        tags: &[(&str, &str)],
        public_registry: &str,
    ) {
        let stream = image_stream(namespace, name, tags, public_registry);
        self.shared
            .image_streams
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(namespace.to_owned())
            .or_default()
            .push(stream);
    }
}

/// Image stream `name` of `namespace` as OpenShift serves it: its `tags` as (tag, image
/// digest), each with the internal pull spec and the one through `public_registry`.
pub fn image_stream(
    namespace: &str,
    name: &str,
    tags: &[(&str, &str)],
    public_registry: &str,
) -> Value {
    let created = rfc3339(SystemTime::now());
    let tags: Vec<Value> = tags
        .iter()
        .map(|(tag, digest)| {
            json!({"tag": tag, "items": [{
                "created": created,
                "dockerImageReference": format!("{INTERNAL_REGISTRY}/{namespace}/{name}@{digest}"),
                "image": digest,
                "generation": 1,
            }]})
        })
        .collect();
    json!({
        "kind": "ImageStream", "apiVersion": "image.openshift.io/v1",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"lookupPolicy": {"local": false}},
        "status": {
            "dockerImageRepository": format!("{INTERNAL_REGISTRY}/{namespace}/{name}"),
            "publicDockerImageRepository": format!("{public_registry}/{namespace}/{name}"),
            "tags": tags,
        },
    })
}

impl Drop for OpenShiftApis {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
