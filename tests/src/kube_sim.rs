//! A Kubernetes / OpenShift API server simulator, kept for what a real server cannot give on
//! demand: injected faults (500s, 429s, endless bodies, drops, stalls), a concurrent writer
//! at an exact moment (409s), OpenShift's own controllers (dockercfg secrets) and request logs.
//! Everything else runs on the real control plane (`kube`, `openshift_apis`); where the two
//! disagreed, the real server is right, and the tests that found it say so.
//!
//! It answers the published REST API for what Registry Console uses, the way the apiserver
//! does: the same paths, list objects with
//! `metadata.resourceVersion`, `Status` error bodies with the apiserver's exact messages, 401
//! for unknown or expired tokens, 403 from a real RBAC evaluation of the caller's bindings
//! (users, groups, `system:authenticated`, service accounts) against the seeded cluster
//! roles (RBAC's escalation check is the real server's: `cluster_real`), 409 `Conflict` on a stale
//! `resourceVersion` and 409 `AlreadyExists` on create. It also plays the controllers that
//! matter: a project gets its `builder`/`default`/`deployer` service accounts and OpenShift's
//! default role bindings, and the token controller fills `kubernetes.io/service-account-token`
//! secrets after they are created. TokenRequest mints tokens that then authenticate as the
//! service account.
//!
//! Tests drive the rest: they add users (token → user + groups), projects, image streams and
//! any object, inject faults (a 500, a dropped connection, a slow reply), and can run a
//! "concurrent writer" right before the next write to an object, to provoke a real 409.
//!
//! It runs on its own thread and current-thread runtime (like the token server) and stops
//! when dropped. Plain HTTP on 127.0.0.1.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::process::bind_loopback;

const RBAC: &str = "rbac.authorization.k8s.io";
const IMAGE: &str = "image.openshift.io";
const PROJECT: &str = "project.openshift.io";
const USER: &str = "user.openshift.io";
const AUTHZ: &str = "authorization.k8s.io";
const AUTHN: &str = "authentication.k8s.io";

/// The internal registry's service host, as an OpenShift cluster reports it.
pub const INTERNAL_REGISTRY: &str = "image-registry.openshift-image-registry.svc:5000";
/// The registry's public route host of the simulated cluster.
pub const PUBLIC_REGISTRY: &str = "default-route-openshift-image-registry.apps.sim.example";

/// One served resource type.
#[derive(Debug, Clone, Copy)]
struct Kind {
    group: &'static str,
    plural: &'static str,
    kind: &'static str,
    namespaced: bool,
    openshift: bool,
    verbs: &'static [&'static str],
}

const CRUD: &[&str] = &["create", "delete", "get", "list", "update"];
const KINDS: &[Kind] = &[
    Kind {
        group: "",
        plural: "namespaces",
        kind: "Namespace",
        namespaced: false,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: "",
        plural: "serviceaccounts",
        kind: "ServiceAccount",
        namespaced: true,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: "",
        plural: "secrets",
        kind: "Secret",
        namespaced: true,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: RBAC,
        plural: "roles",
        kind: "Role",
        namespaced: true,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: RBAC,
        plural: "rolebindings",
        kind: "RoleBinding",
        namespaced: true,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: RBAC,
        plural: "clusterroles",
        kind: "ClusterRole",
        namespaced: false,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: RBAC,
        plural: "clusterrolebindings",
        kind: "ClusterRoleBinding",
        namespaced: false,
        openshift: false,
        verbs: CRUD,
    },
    Kind {
        group: PROJECT,
        plural: "projects",
        kind: "Project",
        namespaced: false,
        openshift: true,
        verbs: &["get", "list"],
    },
    Kind {
        group: IMAGE,
        plural: "imagestreams",
        kind: "ImageStream",
        namespaced: true,
        openshift: true,
        verbs: CRUD,
    },
    Kind {
        group: USER,
        plural: "users",
        kind: "User",
        namespaced: false,
        openshift: true,
        verbs: &["get"],
    },
    Kind {
        group: AUTHZ,
        plural: "selfsubjectaccessreviews",
        kind: "SelfSubjectAccessReview",
        namespaced: false,
        openshift: false,
        verbs: &["create"],
    },
    Kind {
        group: AUTHN,
        plural: "selfsubjectreviews",
        kind: "SelfSubjectReview",
        namespaced: false,
        openshift: false,
        verbs: &["create"],
    },
];

fn find_kind(group: &str, plural: &str) -> Option<&'static Kind> {
    KINDS
        .iter()
        .find(|k| k.group == group && k.plural == plural)
}

/// What the simulated cluster is.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Serve the OpenShift groups (`project.openshift.io`, `image.openshift.io`,
    /// `user.openshift.io`). Off: a plain Kubernetes cluster, where they answer 404.
    pub openshift: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self { openshift: true }
    }
}

/// A misbehaviour for the next matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// HTTP 500 with an `InternalError` Status.
    InternalError,
    /// The reply's headers, then the connection is cut before the body.
    DropConnection,
    /// The normal answer, after this long.
    Slow(Duration),
    /// 429 `TooManyRequests` with `Retry-After: <seconds>`, as API Priority and Fairness
    /// answers a request it sheds ("Too many requests, please try again later.").
    TooManyRequests(u64),
    /// 200 with a body that never ends (a hostile or broken server).
    EndlessBody,
}

/// Who a token authenticates as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The user name (`alice`, `system:serviceaccount:ns:name`, `system:anonymous`).
    pub name: String,
    /// Every group, the implicit ones included.
    pub groups: Vec<String>,
    /// When the token stops working (minted tokens).
    expires: Option<SystemTime>,
}

type Mutation = Box<dyn FnOnce(&mut Value) + Send>;

struct Hook {
    plural: String,
    namespace: String,
    name: Option<String>,
    /// For updates: the stored object is changed (and its resourceVersion bumped).
    /// For creates: `object` is stored under the name the client will use.
    mutate: Option<Mutation>,
    object: Option<Value>,
}

struct FaultRule {
    path_contains: String,
    fault: Fault,
    remaining: u32,
}

#[derive(Default)]
struct State {
    openshift: bool,
    rv: u64,
    tokens: HashMap<String, Identity>,
    /// (plural, namespace or "", name) → object.
    objects: BTreeMap<(String, String, String), Value>,
    faults: Vec<FaultRule>,
    hooks: VecDeque<Hook>,
    log: Vec<String>,
    uid: u64,
}

impl State {
    fn next_rv(&mut self) -> String {
        self.rv += 1;
        self.rv.to_string()
    }

    fn next_uid(&mut self) -> String {
        self.uid += 1;
        format!("00000000-0000-4000-8000-{:012x}", self.uid)
    }

    fn key(plural: &str, namespace: &str, name: &str) -> (String, String, String) {
        (plural.to_owned(), namespace.to_owned(), name.to_owned())
    }

    fn get(&self, plural: &str, namespace: &str, name: &str) -> Option<&Value> {
        self.objects.get(&Self::key(plural, namespace, name))
    }

    fn list(&self, plural: &str, namespace: Option<&str>) -> Vec<Value> {
        self.objects
            .iter()
            .filter(|((p, ns, _), _)| p == plural && namespace.is_none_or(|n| n == ns))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Stores an object as the apiserver would after a create: uid, resourceVersion,
    /// creationTimestamp, apiVersion and kind filled in.
    fn insert(&mut self, kind: &Kind, namespace: &str, mut object: Value) -> Value {
        let name = object["metadata"]["name"].as_str().unwrap_or("").to_owned();
        let rv = self.next_rv();
        let uid = self.next_uid();
        let meta = object["metadata"].as_object_mut().expect("metadata object");
        meta.insert("resourceVersion".into(), json!(rv));
        meta.insert("uid".into(), json!(uid));
        meta.insert(
            "creationTimestamp".into(),
            json!(rfc3339(SystemTime::now())),
        );
        if kind.namespaced {
            meta.insert("namespace".into(), json!(namespace));
        } else {
            meta.remove("namespace");
        }
        object["apiVersion"] = json!(api_version(kind.group));
        object["kind"] = json!(kind.kind);
        self.objects.insert(
            Self::key(
                kind.plural,
                if kind.namespaced { namespace } else { "" },
                &name,
            ),
            object.clone(),
        );
        object
    }

    /// The roles' rules a binding grants.
    fn role_rules(&self, binding_namespace: &str, role_ref: &Value) -> Vec<Value> {
        let name = role_ref["name"].as_str().unwrap_or("");
        let role = match role_ref["kind"].as_str() {
            Some("ClusterRole") => self.get("clusterroles", "", name),
            Some("Role") => self.get("roles", binding_namespace, name),
            _ => None,
        };
        role.and_then(|r| r["rules"].as_array().cloned())
            .unwrap_or_default()
    }

    /// The bindings that apply to `who` for a request in `namespace` (cluster bindings always).
    fn bindings_of<'a>(&'a self, who: &'a Identity, namespace: Option<&'a str>) -> Vec<&'a Value> {
        self.objects
            .iter()
            .filter(move |((plural, ns, _), _)| {
                plural == "clusterrolebindings"
                    || (plural == "rolebindings" && Some(ns.as_str()) == namespace)
            })
            .map(|(_, b)| b)
            .filter(|b| {
                b["subjects"]
                    .as_array()
                    .is_some_and(|subjects| subjects.iter().any(|s| subject_matches(s, who)))
            })
            .collect()
    }

    /// RBAC: the binding that allows the request, described as the apiserver's audit
    /// reason, or None.
    fn authorize(&self, who: &Identity, attrs: &Attrs) -> Option<String> {
        for binding in self.bindings_of(who, attrs.namespace.as_deref()) {
            let binding_ns = binding["metadata"]["namespace"].as_str().unwrap_or("");
            let rules = self.role_rules(binding_ns, &binding["roleRef"]);
            if rules.iter().any(|r| rule_allows(r, attrs)) {
                let subject = binding["subjects"]
                    .as_array()
                    .and_then(|s| s.iter().find(|s| subject_matches(s, who)))
                    .cloned()
                    .unwrap_or(Value::Null);
                let binding_desc = if binding_ns.is_empty() {
                    format!(
                        "ClusterRoleBinding \"{}\"",
                        binding["metadata"]["name"].as_str().unwrap_or("")
                    )
                } else {
                    format!(
                        "RoleBinding \"{}/{}\"",
                        binding["metadata"]["name"].as_str().unwrap_or(""),
                        binding_ns
                    )
                };
                return Some(format!(
                    "RBAC: allowed by {binding_desc} of {} \"{}\" to {} \"{}\"",
                    binding["roleRef"]["kind"].as_str().unwrap_or(""),
                    binding["roleRef"]["name"].as_str().unwrap_or(""),
                    subject["kind"].as_str().unwrap_or(""),
                    subject["name"].as_str().unwrap_or("")
                ));
            }
        }
        None
    }
}

/// The request attributes RBAC decides on.
#[derive(Debug, Clone)]
struct Attrs {
    verb: String,
    group: String,
    /// `resource` or `resource/subresource`.
    resource: String,
    namespace: Option<String>,
    name: Option<String>,
}

fn subject_matches(subject: &Value, who: &Identity) -> bool {
    let name = subject["name"].as_str().unwrap_or("");
    match subject["kind"].as_str() {
        Some("User") => who.name == name,
        Some("Group") => who.groups.iter().any(|g| g == name),
        Some("ServiceAccount") => {
            who.name
                == format!(
                    "system:serviceaccount:{}:{name}",
                    subject["namespace"].as_str().unwrap_or("")
                )
        }
        _ => false,
    }
}

fn has(list: &Value, wanted: &str) -> bool {
    list.as_array()
        .is_some_and(|l| l.iter().any(|v| v == "*" || v == wanted))
}

fn rule_allows(rule: &Value, attrs: &Attrs) -> bool {
    if !has(&rule["verbs"], &attrs.verb) || !has(&rule["apiGroups"], &attrs.group) {
        return false;
    }
    let resource_ok = rule["resources"].as_array().is_some_and(|l| {
        l.iter().any(|r| {
            r == "*"
                || r == attrs.resource.as_str()
                || r.as_str().is_some_and(|r| {
                    // `pods/*` allows every subresource of pods.
                    r.strip_suffix("/*").is_some_and(|base| {
                        attrs
                            .resource
                            .split_once('/')
                            .is_some_and(|(b, _)| b == base)
                    })
                })
        })
    });
    if !resource_ok {
        return false;
    }
    match rule["resourceNames"].as_array() {
        Some(names) if !names.is_empty() => attrs
            .name
            .as_deref()
            .is_some_and(|n| names.iter().any(|v| v == n)),
        _ => true,
    }
}

fn api_version(group: &str) -> String {
    if group.is_empty() {
        "v1".into()
    } else {
        format!("{group}/v1")
    }
}

/// `2026-01-02T03:04:05Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> Value {
    json!({"apiGroups": groups, "resources": resources, "verbs": verbs})
}

const READ: &[&str] = &["get", "list", "watch"];
const WRITE: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
const IMAGE_GROUPS: &[&str] = &["", IMAGE];
const STREAM_OBJECTS: &[&str] = &[
    "imagestreamimages",
    "imagestreammappings",
    "imagestreams",
    "imagestreamtags",
    "imagetags",
];

/// The cluster roles a plain Kubernetes cluster has too (the others are OpenShift's).
const KUBERNETES_ROLES: &[&str] = &[
    "cluster-admin",
    "admin",
    "edit",
    "view",
    "system:basic-user",
];

/// The cluster roles a fresh OpenShift 4 cluster has, with the rules that matter here (the
/// real ones hold more resources; none of the extra ones is asked about by the app).
pub fn default_cluster_roles() -> Vec<Value> {
    let view = vec![
        rule(
            &[""],
            &[
                "configmaps",
                "endpoints",
                "pods",
                "services",
                "serviceaccounts",
            ],
            READ,
        ),
        rule(&[""], &["namespaces"], READ),
        rule(IMAGE_GROUPS, STREAM_OBJECTS, READ),
        rule(IMAGE_GROUPS, &["imagestreams/status"], READ),
        // The web console shows image streams' layers: view may pull.
        rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get"]),
        rule(&[PROJECT], &["projects"], &["get"]),
    ];
    // edit aggregates view, and admin aggregates edit, as in the real cluster.
    let mut edit = view.clone();
    edit.extend([
        rule(
            &[""],
            &[
                "configmaps",
                "endpoints",
                "pods",
                "services",
                "secrets",
                "serviceaccounts",
            ],
            WRITE,
        ),
        rule(&[""], &["serviceaccounts/token"], &["create"]),
        rule(&[""], &["namespaces"], READ),
        rule(IMAGE_GROUPS, STREAM_OBJECTS, WRITE),
        rule(IMAGE_GROUPS, &["imagestreams/secrets"], WRITE),
        rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get", "update"]),
        rule(IMAGE_GROUPS, &["imagestreamimports"], &["create"]),
    ]);
    let mut admin = edit.clone();
    admin.push(rule(&[RBAC], &["roles", "rolebindings"], WRITE));
    admin.push(rule(
        &[PROJECT],
        &["projects"],
        &["delete", "get", "patch", "update"],
    ));
    admin.push(rule(
        &["authorization.openshift.io"],
        &["localresourceaccessreviews", "localsubjectaccessreviews"],
        &["create"],
    ));
    edit.push(rule(&[RBAC], &["roles", "rolebindings"], READ));
    let registry_viewer = vec![
        rule(IMAGE_GROUPS, STREAM_OBJECTS, READ),
        rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get"]),
        rule(&[PROJECT], &["projects"], &["get"]),
        rule(&[""], &["namespaces"], &["get"]),
    ];
    let registry_editor = vec![
        rule(IMAGE_GROUPS, STREAM_OBJECTS, WRITE),
        rule(IMAGE_GROUPS, &["imagestreams/secrets"], WRITE),
        rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get", "update"]),
        rule(IMAGE_GROUPS, &["imagestreamimports"], &["create"]),
        rule(&[PROJECT], &["projects"], &["get"]),
        rule(&[""], &["namespaces"], &["get"]),
    ];
    let mut registry_admin = registry_editor.clone();
    registry_admin.push(rule(&[RBAC], &["roles", "rolebindings"], WRITE));
    registry_admin.push(rule(&[""], &["serviceaccounts"], WRITE));
    registry_admin.push(rule(&[""], &["secrets"], READ));
    let roles: Vec<(&str, Vec<Value>)> = vec![
        (
            "cluster-admin",
            vec![
                rule(&["*"], &["*"], &["*"]),
                json!({"nonResourceURLs": ["*"], "verbs": ["*"]}),
            ],
        ),
        ("cluster-reader", vec![rule(&["*"], &["*"], READ)]),
        ("admin", admin),
        ("edit", edit),
        ("view", view),
        ("registry-admin", registry_admin),
        ("registry-editor", registry_editor),
        ("registry-viewer", registry_viewer),
        (
            "system:image-puller",
            vec![rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get"])],
        ),
        (
            "system:image-builder",
            vec![
                rule(IMAGE_GROUPS, &["imagestreams/layers"], &["get", "update"]),
                rule(IMAGE_GROUPS, &["imagestreams"], &["create"]),
            ],
        ),
        (
            "system:deployer",
            vec![rule(&[""], &["pods", "replicationcontrollers"], WRITE)],
        ),
        (
            "basic-user",
            vec![
                rule(&[USER], &["users"], &["get"]).tap_names(&["~"]),
                rule(&[PROJECT], &["projectrequests"], &["list"]),
                rule(&[PROJECT], &["projects"], &["list", "watch"]),
                // OpenShift lets every user read the cluster roles (`oc describe clusterrole`).
                rule(
                    &[RBAC, "authorization.openshift.io"],
                    &["clusterroles"],
                    &["get", "list"],
                ),
                rule(&[AUTHZ], &["selfsubjectaccessreviews"], &["create"]),
                rule(&[AUTHN], &["selfsubjectreviews"], &["create"]),
            ],
        ),
    ];
    roles
        .into_iter()
        .chain([(
            "system:basic-user",
            vec![
                rule(&[AUTHZ], &["selfsubjectaccessreviews", "selfsubjectrulesreviews"], &["create"]),
                rule(&[AUTHN], &["selfsubjectreviews"], &["create"]),
            ],
        )])
        .map(|(name, rules)| {
            json!({"metadata": {"name": name, "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"}}, "rules": rules})
        })
        .collect()
}

trait TapNames {
    fn tap_names(self, names: &[&str]) -> Value;
}

impl TapNames for Value {
    fn tap_names(mut self, names: &[&str]) -> Value {
        self["resourceNames"] = json!(names);
        self
    }
}

/// A user subject.
pub fn user_subject(name: &str) -> Value {
    json!({"kind": "User", "apiGroup": RBAC, "name": name})
}

/// A group subject.
pub fn group_subject(name: &str) -> Value {
    json!({"kind": "Group", "apiGroup": RBAC, "name": name})
}

/// A service account subject.
pub fn sa_subject(namespace: &str, name: &str) -> Value {
    json!({"kind": "ServiceAccount", "namespace": namespace, "name": name})
}

/// A RoleBinding object of `cluster_role` to `subjects`.
pub fn role_binding(name: &str, cluster_role: &str, subjects: Vec<Value>) -> Value {
    json!({
        "metadata": {"name": name},
        "roleRef": {"apiGroup": RBAC, "kind": "ClusterRole", "name": cluster_role},
        "subjects": subjects,
    })
}

/// The simulator. Stops when dropped.
pub struct KubeSim {
    url: String,
    state: Arc<Mutex<State>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for KubeSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubeSim")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl KubeSim {
    /// Starts a simulator on a free port of 127.0.0.1, seeded with the default cluster roles,
    /// `basic-user` bound to `system:authenticated` and `cluster-admin` to
    /// `system:cluster-admins`. Ready when this returns.
    pub fn start(config: SimConfig) -> Result<Self> {
        let (listener, port) = bind_loopback("the Kubernetes API simulator")?;
        let state = Arc::new(Mutex::new(State {
            openshift: config.openshift,
            ..State::default()
        }));
        {
            let mut s = state.lock().expect("sim state");
            let cluster_roles = find_kind(RBAC, "clusterroles").expect("kind");
            for role in default_cluster_roles() {
                let name = role["metadata"]["name"].as_str().unwrap_or("");
                if config.openshift || KUBERNETES_ROLES.contains(&name) {
                    s.insert(cluster_roles, "", role);
                }
            }
            let crb = find_kind(RBAC, "clusterrolebindings").expect("kind");
            let (binding, role) = if config.openshift {
                ("basic-users", "basic-user")
            } else {
                ("system:basic-user", "system:basic-user")
            };
            s.insert(
                crb,
                "",
                role_binding(binding, role, vec![group_subject("system:authenticated")]),
            );
            s.insert(
                crb,
                "",
                role_binding(
                    "cluster-admins",
                    "cluster-admin",
                    vec![group_subject("system:cluster-admins")],
                ),
            );
        }
        let shared = state.clone();
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let shared = shared.clone();
                async move { handle(shared, method, uri, headers, body).await }
            },
        );
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("kube-sim-{port}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a current-thread runtime builds");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)
                        .expect("a bound std listener converts");
                    tokio::select! {
                        _ = axum::serve(listener, app) => {}
                        _ = rx => {}
                    }
                });
            })
            .map_err(|e| Error::io("start the simulator thread", e))?;
        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("sim state")
    }

    /// `http://127.0.0.1:PORT`, the API URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Makes `token` authenticate as `name` with `groups` (plus `system:authenticated` and,
    /// on OpenShift, `system:authenticated:oauth`, as the OAuth server's tokens do).
    pub fn add_user(&self, token: &str, name: &str, groups: &[&str]) {
        let mut s = self.state();
        let mut all: Vec<String> = groups.iter().map(|g| (*g).to_owned()).collect();
        all.push("system:authenticated".into());
        if s.openshift {
            all.push("system:authenticated:oauth".into());
        }
        s.tokens.insert(
            token.to_owned(),
            Identity {
                name: name.to_owned(),
                groups: all,
                expires: None,
            },
        );
    }

    /// Creates a project the way `oc new-project` run by `requester` does: the namespace
    /// (with the display name and requester annotations), the `builder`, `default` and
    /// `deployer` service accounts, and the default role bindings `admin` (the requester),
    /// `system:image-pullers`, `system:image-builders` and `system:deployers`. On plain
    /// Kubernetes: the namespace, its `default` service account and the `admin` binding.
    pub fn add_project(&self, name: &str, requester: Option<&str>) {
        let mut s = self.state();
        let openshift = s.openshift;
        let mut annotations = serde_json::Map::new();
        annotations.insert("openshift.io/display-name".into(), json!(""));
        if let Some(r) = requester {
            annotations.insert("openshift.io/requester".into(), json!(r));
        }
        s.insert(
            find_kind("", "namespaces").expect("kind"),
            "",
            json!({"metadata": {"name": name, "annotations": annotations}, "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
        );
        let sa = find_kind("", "serviceaccounts").expect("kind");
        let accounts: &[&str] = if openshift {
            &["builder", "default", "deployer"]
        } else {
            &["default"]
        };
        for account in accounts {
            s.insert(sa, name, json!({"metadata": {"name": account}}));
            if openshift {
                provision_dockercfg(&mut s, name, account);
            }
        }
        let rb = find_kind(RBAC, "rolebindings").expect("kind");
        if let Some(r) = requester {
            s.insert(
                rb,
                name,
                role_binding("admin", "admin", vec![user_subject(r)]),
            );
        }
        if !openshift {
            return;
        }
        s.insert(
            rb,
            name,
            role_binding(
                "system:image-pullers",
                "system:image-puller",
                vec![group_subject(&format!("system:serviceaccounts:{name}"))],
            ),
        );
        s.insert(
            rb,
            name,
            role_binding(
                "system:image-builders",
                "system:image-builder",
                vec![sa_subject(name, "builder")],
            ),
        );
        s.insert(
            rb,
            name,
            role_binding(
                "system:deployers",
                "system:deployer",
                vec![sa_subject(name, "deployer")],
            ),
        );
    }

    /// Adds an image stream with `tags` as (tag, image digest) pairs.
    pub fn add_image_stream(&self, namespace: &str, name: &str, tags: &[(&str, &str)]) {
        let stream = crate::openshift_apis::image_stream(namespace, name, tags, PUBLIC_REGISTRY);
        let mut s = self.state();
        s.insert(
            find_kind(IMAGE, "imagestreams").expect("kind"),
            namespace,
            stream,
        );
    }

    /// Stores any object of a served resource (`plural` in `group`), as a create would.
    pub fn put(&self, group: &str, plural: &str, namespace: &str, object: Value) -> Value {
        let kind = find_kind(group, plural).expect("a served resource");
        self.state().insert(kind, namespace, object)
    }

    /// The stored object, if any (`namespace` "" for cluster-scoped ones).
    pub fn object(&self, plural: &str, namespace: &str, name: &str) -> Option<Value> {
        self.state().get(plural, namespace, name).cloned()
    }

    /// The names of the stored objects of `plural` in `namespace`, sorted.
    pub fn names(&self, plural: &str, namespace: &str) -> Vec<String> {
        self.state()
            .list(plural, Some(namespace))
            .iter()
            .filter_map(|o| o["metadata"]["name"].as_str().map(str::to_owned))
            .collect()
    }

    /// The next `times` requests whose `METHOD /path` contains `pattern` misbehave
    /// (`"/imagestreams"`, `"POST /apis/rbac"`).
    pub fn fail_next(&self, path_contains: &str, fault: Fault, times: u32) {
        self.state().faults.push(FaultRule {
            path_contains: path_contains.to_owned(),
            fault,
            remaining: times,
        });
    }

    /// A concurrent writer: right before the next update (PUT) or delete of that object is
    /// processed,
    /// `mutate` changes the stored object and its resourceVersion moves on, so the client's
    /// copy is stale.
    pub fn before_next_write(
        &self,
        plural: &str,
        namespace: &str,
        name: &str,
        mutate: impl FnOnce(&mut Value) + Send + 'static,
    ) {
        self.state().hooks.push_back(Hook {
            plural: plural.to_owned(),
            namespace: namespace.to_owned(),
            name: Some(name.to_owned()),
            mutate: Some(Box::new(mutate)),
            object: None,
        });
    }

    /// A concurrent creator: right before the next create (POST) of `plural` in `namespace`,
    /// `object` is stored (complete with its name).
    pub fn before_next_create(&self, plural: &str, namespace: &str, object: Value) {
        self.state().hooks.push_back(Hook {
            plural: plural.to_owned(),
            namespace: namespace.to_owned(),
            name: None,
            mutate: None,
            object: Some(object),
        });
    }

    /// Every request so far, as `METHOD /path`.
    pub fn requests(&self) -> Vec<String> {
        self.state().log.clone()
    }

    /// Stops the simulator. Idempotent.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for KubeSim {
    fn drop(&mut self) {
        self.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// Replies

fn status_body(code: u16, reason: &str, message: &str, details: Option<Value>) -> Response {
    let mut body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    if let Some(d) = details {
        body["details"] = d;
    }
    (
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn ok_json(code: StatusCode, value: &Value) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// `rolebindings.rbac.authorization.k8s.io` or `serviceaccounts`.
fn qualified(group: &str, plural: &str) -> String {
    if group.is_empty() {
        plural.to_owned()
    } else {
        format!("{plural}.{group}")
    }
}

fn details(group: &str, plural: &str, name: Option<&str>) -> Value {
    let mut d = json!({"kind": plural});
    if !group.is_empty() {
        d["group"] = json!(group);
    }
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        d["name"] = json!(n);
    }
    d
}

fn forbidden(who: &Identity, attrs: &Attrs) -> Response {
    let (resource, sub) = match attrs.resource.split_once('/') {
        Some((r, s)) => (r.to_owned(), Some(s.to_owned())),
        None => (attrs.resource.clone(), None),
    };
    let target = qualified(&attrs.group, &resource);
    let subject = match attrs.name.as_deref() {
        Some(n) if !n.is_empty() => format!("{target} \"{n}\" is forbidden"),
        _ => format!("{target} is forbidden"),
    };
    let scope = match &attrs.namespace {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_owned(),
    };
    let shown_resource = match &sub {
        Some(s) => format!("{resource}/{s}"),
        None => resource.clone(),
    };
    let message = format!(
        "{subject}: User \"{}\" cannot {} resource \"{shown_resource}\" in API group \"{}\" {scope}",
        who.name, attrs.verb, attrs.group
    );
    status_body(
        403,
        "Forbidden",
        &message,
        Some(details(&attrs.group, &resource, attrs.name.as_deref())),
    )
}

fn not_found(group: &str, plural: &str, name: &str) -> Response {
    status_body(
        404,
        "NotFound",
        &format!("{} \"{name}\" not found", qualified(group, plural)),
        Some(details(group, plural, Some(name))),
    )
}

fn invalid(kind: &Kind, name: &str, causes: &[(&str, &str)]) -> Response {
    let list: Vec<String> = causes.iter().map(|(f, m)| format!("{f}: {m}")).collect();
    let message = format!(
        "{} \"{name}\" is invalid: {}",
        kind.kind,
        if list.len() == 1 {
            list[0].clone()
        } else {
            format!("[{}]", list.join(", "))
        }
    );
    let causes: Vec<Value> = causes
        .iter()
        .map(|(f, m)| json!({"reason": "FieldValueInvalid", "message": m, "field": f}))
        .collect();
    let mut d = details(kind.group, kind.plural, Some(name));
    d["kind"] = json!(kind.kind);
    d["causes"] = json!(causes);
    status_body(422, "Invalid", &message, Some(d))
}

fn unauthorized() -> Response {
    status_body(401, "Unauthorized", "Unauthorized", None)
}

fn page_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "404 page not found\n",
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Request handling

async fn handle(
    shared: Arc<Mutex<State>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let fault = {
        let mut s = shared.lock().expect("sim state");
        s.log.push(format!("{method} {path}"));
        let mut chosen = None;
        let line = format!("{method} {path}");
        for rule in s.faults.iter_mut() {
            if rule.remaining > 0 && line.contains(&rule.path_contains) {
                rule.remaining -= 1;
                chosen = Some(rule.fault.clone());
                break;
            }
        }
        s.faults.retain(|r| r.remaining > 0);
        chosen
    };
    match fault {
        Some(Fault::InternalError) => {
            return status_body(
                500,
                "InternalError",
                "Internal error occurred: etcdserver: request timed out",
                Some(json!({"causes": [{"message": "etcdserver: request timed out"}]})),
            );
        }
        Some(Fault::DropConnection) => {
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "simulated dropped connection",
                ))
            });
            return Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(stream))
                .expect("a response builds");
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(d).await,
        Some(Fault::TooManyRequests(seconds)) => {
            let mut response = status_body(
                429,
                "TooManyRequests",
                "Too many requests, please try again later.",
                Some(json!({"retryAfterSeconds": seconds})),
            );
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from_str(&seconds.to_string()).expect("a number"),
            );
            return response;
        }
        Some(Fault::EndlessBody) => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let stream = futures_util::stream::repeat_with(move || {
                Ok::<Bytes, std::io::Error>(chunk.clone())
            });
            return Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(stream))
                .expect("a response builds");
        }
        None => {}
    }
    let mut s = shared.lock().expect("sim state");
    route(&mut s, &method, &path, &headers, &body)
}

fn authenticate(s: &mut State, headers: &HeaderMap) -> Option<Identity> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Some(Identity {
            name: "system:anonymous".into(),
            groups: vec!["system:unauthenticated".into()],
            expires: None,
        });
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)?;
    let who = s.tokens.get(token).cloned()?;
    if who.expires.is_some_and(|e| e <= SystemTime::now()) {
        s.tokens.remove(token);
        return None;
    }
    Some(who)
}

fn route(s: &mut State, method: &Method, path: &str, headers: &HeaderMap, body: &[u8]) -> Response {
    let Some(who) = authenticate(s, headers) else {
        return unauthorized();
    };
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    // Discovery.
    match segments.as_slice() {
        ["api"] => {
            return ok_json(
                StatusCode::OK,
                &json!({"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]}),
            );
        }
        ["apis"] => {
            let mut groups: Vec<&str> = KINDS
                .iter()
                .filter(|k| !k.group.is_empty() && (s.openshift || !k.openshift))
                .map(|k| k.group)
                .collect();
            groups.dedup();
            let list: Vec<Value> = groups
                .iter()
                .map(|g| {
                    let gv = json!({"groupVersion": format!("{g}/v1"), "version": "v1"});
                    json!({"name": g, "versions": [gv], "preferredVersion": gv})
                })
                .collect();
            return ok_json(
                StatusCode::OK,
                &json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": list}),
            );
        }
        ["api", "v1"] => return resource_list(s, ""),
        ["apis", group, "v1"] => {
            if !served_group(s, group) {
                return page_not_found();
            }
            return resource_list(s, group);
        }
        _ => {}
    }
    let (group, rest): (&str, &[&str]) = match segments.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", group, "v1", rest @ ..] => (group, rest),
        _ => return page_not_found(),
    };
    if !group.is_empty() && !served_group(s, group) {
        return page_not_found();
    }
    let (namespace, plural, name, sub) = match rest {
        ["namespaces", ns, plural, tail @ ..] if !plural.is_empty() => (
            Some((*ns).to_owned()),
            *plural,
            tail.first().copied(),
            tail.get(1).copied(),
        ),
        [plural, tail @ ..] => (None, *plural, tail.first().copied(), tail.get(1).copied()),
        [] => return page_not_found(),
    };
    let Some(kind) = find_kind(group, plural) else {
        return status_body(
            404,
            "NotFound",
            "the server could not find the requested resource",
            Some(json!({})),
        );
    };
    if kind.namespaced != namespace.is_some() {
        return status_body(
            404,
            "NotFound",
            "the server could not find the requested resource",
            Some(json!({})),
        );
    }
    let name = name.map(str::to_owned);
    let verb = match (method.as_str(), name.is_some()) {
        ("GET", true) => "get",
        ("GET", false) => "list",
        ("POST", _) => "create",
        ("PUT", true) => "update",
        ("DELETE", true) => "delete",
        _ => {
            return status_body(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource",
                Some(json!({})),
            );
        }
    };
    let body: Value = if body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => {
                return status_body(
                    400,
                    "BadRequest",
                    &format!("the object provided is unrecognized: {e}"),
                    None,
                );
            }
        }
    };

    // Resources with their own semantics.
    match (kind.plural, sub) {
        ("serviceaccounts", Some("token")) if verb == "create" => {
            return token_request(
                s,
                &who,
                namespace.as_deref().unwrap_or(""),
                name.as_deref().unwrap_or(""),
                &body,
            );
        }
        ("selfsubjectaccessreviews", None) if verb == "create" => {
            return self_access_review(s, &who, &body);
        }
        ("selfsubjectreviews", None) if verb == "create" => {
            return ok_json(
                StatusCode::CREATED,
                &json!({"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview", "metadata": {"creationTimestamp": null}, "status": {"userInfo": {"username": who.name, "groups": who.groups}}}),
            );
        }
        ("users", None) => {}
        ("users", Some(_)) | (_, Some(_)) => {
            return status_body(
                404,
                "NotFound",
                "the server could not find the requested resource",
                Some(json!({})),
            );
        }
        _ => {}
    }
    if !kind.verbs.contains(&verb) {
        return status_body(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
            Some(json!({})),
        );
    }
    if kind.plural == "users" {
        let attrs = Attrs {
            verb: "get".into(),
            group: USER.into(),
            resource: "users".into(),
            namespace: None,
            name: name.clone(),
        };
        if s.authorize(&who, &attrs).is_none() {
            return forbidden(&who, &attrs);
        }
        if name.as_deref() != Some("~") {
            return not_found(USER, "users", name.as_deref().unwrap_or(""));
        }
        return ok_json(
            StatusCode::OK,
            &json!({"kind": "User", "apiVersion": "user.openshift.io/v1", "metadata": {"name": who.name}, "identities": [], "groups": who.groups.iter().filter(|g| !g.starts_with("system:")).collect::<Vec<_>>()}),
        );
    }
    if kind.plural == "projects" {
        return projects(s, &who, name.as_deref());
    }

    let attrs = Attrs {
        verb: verb.into(),
        group: group.into(),
        resource: kind.plural.into(),
        namespace: namespace.clone(),
        name: if verb == "create" { None } else { name.clone() },
    };
    if s.authorize(&who, &attrs).is_none() {
        return forbidden(&who, &attrs);
    }
    let ns = namespace.clone().unwrap_or_default();
    if kind.namespaced && s.get("namespaces", "", &ns).is_none() && verb == "create" {
        return status_body(
            404,
            "NotFound",
            &format!("namespaces \"{ns}\" not found"),
            Some(details("", "namespaces", Some(&ns))),
        );
    }
    match verb {
        "list" => {
            // Items of a list carry no kind or apiVersion of their own.
            let items: Vec<Value> = s
                .list(kind.plural, namespace.as_deref())
                .into_iter()
                .map(|mut item| {
                    if let Some(o) = item.as_object_mut() {
                        o.remove("kind");
                        o.remove("apiVersion");
                    }
                    item
                })
                .collect();
            ok_json(
                StatusCode::OK,
                &json!({
                    "kind": format!("{}List", kind.kind),
                    "apiVersion": api_version(kind.group),
                    "metadata": {"resourceVersion": s.rv.to_string()},
                    "items": items,
                }),
            )
        }
        "get" => {
            let name = name.unwrap_or_default();
            match s.get(kind.plural, &ns, &name) {
                Some(o) => ok_json(StatusCode::OK, o),
                None => not_found(group, kind.plural, &name),
            }
        }
        "create" => create(s, kind, &ns, body),
        "update" => update(s, kind, &ns, &name.unwrap_or_default(), body),
        "delete" => {
            let name = name.unwrap_or_default();
            let key = State::key(kind.plural, &ns, &name);
            run_write_hook(s, kind, &ns, &name);
            if let (Some(wanted), Some(current)) = (
                body["preconditions"]["resourceVersion"].as_str(),
                s.objects.get(&key),
            ) && current["metadata"]["resourceVersion"].as_str() != Some(wanted)
            {
                return status_body(
                    409,
                    "Conflict",
                    &format!(
                        "Operation cannot be fulfilled on {} \"{name}\": Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {}",
                        qualified(kind.group, kind.plural),
                        current["metadata"]["resourceVersion"]
                            .as_str()
                            .unwrap_or("")
                    ),
                    Some(details(kind.group, kind.plural, Some(&name))),
                );
            }
            match s.objects.remove(&key) {
                Some(_) => {
                    s.rv += 1;
                    ok_json(
                        StatusCode::OK,
                        &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details(group, kind.plural, Some(&name))}),
                    )
                }
                None => not_found(group, kind.plural, &name),
            }
        }
        _ => unreachable!("verbs are matched above"),
    }
}

fn served_group(s: &State, group: &str) -> bool {
    KINDS
        .iter()
        .any(|k| k.group == group && (s.openshift || !k.openshift))
}

fn resource_list(s: &State, group: &str) -> Response {
    let resources: Vec<Value> = KINDS
        .iter()
        .filter(|k| k.group == group && (s.openshift || !k.openshift))
        .map(|k| {
            json!({"name": k.plural, "singularName": k.kind.to_lowercase(), "namespaced": k.namespaced, "kind": k.kind, "verbs": k.verbs})
        })
        .chain(
            (group.is_empty())
                .then(|| json!({"name": "serviceaccounts/token", "singularName": "", "namespaced": true, "group": AUTHN, "version": "v1", "kind": "TokenRequest", "verbs": ["create"]})),
        )
        .collect();
    ok_json(
        StatusCode::OK,
        &json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": api_version(group), "resources": resources}),
    )
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:".contains(&b))
}

fn create(s: &mut State, kind: &Kind, ns: &str, mut body: Value) -> Response {
    // A concurrent creator runs first.
    if let Some(pos) = s
        .hooks
        .iter()
        .position(|h| h.name.is_none() && h.plural == kind.plural && h.namespace == ns)
        && let Some(hook) = s.hooks.remove(pos)
        && let Some(object) = hook.object
    {
        s.insert(kind, ns, object);
    }
    if !body["metadata"].is_object() {
        return status_body(400, "BadRequest", "the object has no metadata", None);
    }
    let mut name = body["metadata"]["name"].as_str().unwrap_or("").to_owned();
    if name.is_empty()
        && let Some(prefix) = body["metadata"]["generateName"].as_str()
    {
        name = format!("{prefix}{}", &crate::random_hex(3)[..5]);
        body["metadata"]["name"] = json!(name);
    }
    let colon_ok = matches!(
        kind.plural,
        "rolebindings" | "roles" | "clusterroles" | "clusterrolebindings"
    );
    if !valid_name(&name) || (!colon_ok && name.contains(':')) {
        return invalid(
            kind,
            &name,
            &[(
                "metadata.name",
                &format!(
                    "Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
                ),
            )],
        );
    }
    if s.get(kind.plural, if kind.namespaced { ns } else { "" }, &name)
        .is_some()
    {
        return status_body(
            409,
            "AlreadyExists",
            &format!(
                "{} \"{name}\" already exists",
                qualified(kind.group, kind.plural)
            ),
            Some(details(kind.group, kind.plural, Some(&name))),
        );
    }
    if kind.plural == "secrets"
        && let Some(r) = check_secret(kind, &name, &body)
    {
        return r;
    }
    if kind.plural == "namespaces" {
        body["status"] = json!({"phase": "Active"});
    }
    let created = s.insert(kind, ns, body);
    // The token controller: fill a service-account-token secret after the create returned.
    if kind.plural == "secrets" {
        fill_token_secret(s, ns, &name);
    }
    // OpenShift's service account controller: a dockercfg pull secret for the internal
    // registry, added after the create returned.
    if kind.plural == "serviceaccounts" && s.openshift {
        provision_dockercfg(s, ns, &name);
    }
    ok_json(StatusCode::CREATED, &strip_controller_fields(kind, created))
}

/// What `create` returns is the object before the token controller saw it.
fn strip_controller_fields(kind: &Kind, mut object: Value) -> Value {
    if kind.plural == "secrets"
        && object["type"] == "kubernetes.io/service-account-token"
        && let Some(data) = object["data"].as_object_mut()
    {
        {
            data.remove("token");
            data.remove("ca.crt");
            data.remove("namespace");
        }
    }
    object
}

fn check_secret(kind: &Kind, name: &str, body: &Value) -> Option<Response> {
    let data = body["data"].as_object();
    match body["type"].as_str() {
        Some("kubernetes.io/dockerconfigjson") => {
            let Some(raw) = data
                .and_then(|d| d.get(".dockerconfigjson"))
                .and_then(Value::as_str)
            else {
                return Some(invalid(
                    kind,
                    name,
                    &[("data[.dockerconfigjson]", "Required value")],
                ));
            };
            let parsed = STANDARD
                .decode(raw)
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
            if parsed.is_none_or(|p| !p["auths"].is_object()) {
                return Some(invalid(
                    kind,
                    name,
                    &[(
                        "data[.dockerconfigjson]",
                        "Invalid value: \"<secret contents redacted>\": invalid character looking for beginning of value",
                    )],
                ));
            }
            None
        }
        Some("kubernetes.io/service-account-token") => {
            if body["metadata"]["annotations"]["kubernetes.io/service-account.name"]
                .as_str()
                .is_none_or(str::is_empty)
            {
                return Some(invalid(
                    kind,
                    name,
                    &[(
                        "metadata.annotations[kubernetes.io/service-account.name]",
                        "Required value",
                    )],
                ));
            }
            None
        }
        _ => None,
    }
}

fn fill_token_secret(s: &mut State, ns: &str, name: &str) {
    let Some(secret) = s.get("secrets", ns, name).cloned() else {
        return;
    };
    if secret["type"] != "kubernetes.io/service-account-token" {
        return;
    }
    let account = secret["metadata"]["annotations"]["kubernetes.io/service-account.name"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let Some(sa) = s.get("serviceaccounts", ns, &account).cloned() else {
        return;
    };
    let token = format!("sha256~{}", crate::random_hex(24));
    s.tokens
        .insert(token.clone(), sa_identity(ns, &account, None));
    let rv = s.next_rv();
    let key = State::key("secrets", ns, name);
    if let Some(stored) = s.objects.get_mut(&key) {
        stored["metadata"]["annotations"]["kubernetes.io/service-account.uid"] =
            sa["metadata"]["uid"].clone();
        stored["metadata"]["resourceVersion"] = json!(rv);
        let data = stored["data"]
            .as_object_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let mut data = data;
        data.insert("token".into(), json!(STANDARD.encode(&token)));
        data.insert(
            "ca.crt".into(),
            json!(
                STANDARD
                    .encode("-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n")
            ),
        );
        data.insert("namespace".into(), json!(STANDARD.encode(ns)));
        stored["data"] = Value::Object(data);
    }
}

/// What OpenShift does for every new service account: a `kubernetes.io/dockercfg` secret
/// `<sa>-dockercfg-<random>` holding a token of the account for the internal registry,
/// listed in the account's `secrets` and `imagePullSecrets`.
fn provision_dockercfg(s: &mut State, ns: &str, account: &str) {
    let name = format!("{account}-dockercfg-{}", &crate::random_hex(3)[..5]);
    let token = format!("sha256~{}", crate::random_hex(24));
    s.tokens
        .insert(token.clone(), sa_identity(ns, account, None));
    let auth = STANDARD.encode(format!("<token>:{token}"));
    let cfg = json!({
        INTERNAL_REGISTRY: {"username": "<token>", "password": token, "auth": auth, "email": "serviceaccount@example.org"},
    });
    let uid = s
        .get("serviceaccounts", ns, account)
        .map(|sa| sa["metadata"]["uid"].clone())
        .unwrap_or(Value::Null);
    let secret = json!({
        "metadata": {
            "name": name,
            "annotations": {
                "kubernetes.io/service-account.name": account,
                "kubernetes.io/service-account.uid": uid,
                "openshift.io/internal-registry-auth-token.service-account": account,
            },
        },
        "type": "kubernetes.io/dockercfg",
        "data": {".dockercfg": STANDARD.encode(cfg.to_string())},
    });
    s.insert(find_kind("", "secrets").expect("kind"), ns, secret);
    let rv = s.next_rv();
    if let Some(sa) = s
        .objects
        .get_mut(&State::key("serviceaccounts", ns, account))
    {
        for field in ["secrets", "imagePullSecrets"] {
            if !sa[field].is_array() {
                sa[field] = json!([]);
            }
            if let Some(list) = sa[field].as_array_mut() {
                list.push(json!({"name": name}));
            }
        }
        sa["metadata"]["resourceVersion"] = json!(rv);
    }
}

fn sa_identity(ns: &str, name: &str, expires: Option<SystemTime>) -> Identity {
    Identity {
        name: format!("system:serviceaccount:{ns}:{name}"),
        groups: vec![
            "system:serviceaccounts".into(),
            format!("system:serviceaccounts:{ns}"),
            "system:authenticated".into(),
        ],
        expires,
    }
}

/// A concurrent writer registered for this object runs before the request is processed.
fn run_write_hook(s: &mut State, kind: &Kind, ns: &str, name: &str) {
    let key = State::key(kind.plural, if kind.namespaced { ns } else { "" }, name);
    if let Some(pos) = s.hooks.iter().position(|h| {
        h.name.as_deref() == Some(name) && h.plural == kind.plural && h.namespace == ns
    }) && let Some(hook) = s.hooks.remove(pos)
        && let Some(mutate) = hook.mutate
    {
        let rv = s.next_rv();
        if let Some(stored) = s.objects.get_mut(&key) {
            mutate(stored);
            stored["metadata"]["resourceVersion"] = json!(rv);
        }
    }
}

fn update(s: &mut State, kind: &Kind, ns: &str, name: &str, body: Value) -> Response {
    let key = State::key(kind.plural, if kind.namespaced { ns } else { "" }, name);
    run_write_hook(s, kind, ns, name);
    let Some(current) = s.objects.get(&key).cloned() else {
        return not_found(kind.group, kind.plural, name);
    };
    if body["metadata"]["name"].as_str() != Some(name) {
        return status_body(
            400,
            "BadRequest",
            &format!(
                "the name of the object ({}) does not match the name on the URL ({name})",
                body["metadata"]["name"].as_str().unwrap_or("")
            ),
            None,
        );
    }
    if let Some(rv) = body["metadata"]["resourceVersion"].as_str()
        && current["metadata"]["resourceVersion"].as_str() != Some(rv)
    {
        return status_body(
            409,
            "Conflict",
            &format!(
                "Operation cannot be fulfilled on {} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                qualified(kind.group, kind.plural)
            ),
            Some(details(kind.group, kind.plural, Some(name))),
        );
    }
    if kind.plural == "rolebindings" && body["roleRef"] != current["roleRef"] {
        return invalid(
            kind,
            name,
            &[("roleRef", "Invalid value: cannot change roleRef")],
        );
    }
    let mut object = body;
    let rv = s.next_rv();
    let meta = object["metadata"]
        .as_object_mut()
        .expect("metadata checked above");
    meta.insert("resourceVersion".into(), json!(rv));
    meta.insert("uid".into(), current["metadata"]["uid"].clone());
    meta.insert(
        "creationTimestamp".into(),
        current["metadata"]["creationTimestamp"].clone(),
    );
    if kind.namespaced {
        meta.insert("namespace".into(), json!(ns));
    }
    object["apiVersion"] = json!(api_version(kind.group));
    object["kind"] = json!(kind.kind);
    s.objects.insert(key, object.clone());
    ok_json(StatusCode::OK, &object)
}

fn token_request(s: &mut State, who: &Identity, ns: &str, name: &str, body: &Value) -> Response {
    let attrs = Attrs {
        verb: "create".into(),
        group: String::new(),
        resource: "serviceaccounts/token".into(),
        namespace: Some(ns.to_owned()),
        name: Some(name.to_owned()),
    };
    if s.authorize(who, &attrs).is_none() {
        return forbidden(who, &attrs);
    }
    if s.get("serviceaccounts", ns, name).is_none() {
        return not_found("", "serviceaccounts", name);
    }
    let seconds = body["spec"]["expirationSeconds"].as_i64().unwrap_or(3600);
    if seconds < 600 {
        let kind = Kind {
            group: AUTHN,
            plural: "tokenrequests",
            kind: "TokenRequest",
            namespaced: true,
            openshift: false,
            verbs: &[],
        };
        return invalid(
            &kind,
            name,
            &[(
                "spec.expirationSeconds",
                "Invalid value: may not specify a duration less than 10 minutes",
            )],
        );
    }
    if seconds > 1 << 32 {
        let kind = Kind {
            group: AUTHN,
            plural: "tokenrequests",
            kind: "TokenRequest",
            namespaced: true,
            openshift: false,
            verbs: &[],
        };
        return invalid(
            &kind,
            name,
            &[(
                "spec.expirationSeconds",
                "Invalid value: may not specify a duration larger than 2^32 seconds",
            )],
        );
    }
    let expires = SystemTime::now() + Duration::from_secs(seconds as u64);
    let token = format!("eyJhbGciOiJSUzI1NiJ9.{}.sim", crate::random_hex(32));
    s.tokens
        .insert(token.clone(), sa_identity(ns, name, Some(expires)));
    let mut reply = body.clone();
    if !reply.is_object() {
        reply = json!({});
    }
    reply["apiVersion"] = json!("authentication.k8s.io/v1");
    reply["kind"] = json!("TokenRequest");
    reply["metadata"] = json!({"name": name, "namespace": ns, "creationTimestamp": null});
    reply["spec"]["expirationSeconds"] = json!(seconds);
    reply["status"] = json!({"token": token, "expirationTimestamp": rfc3339(expires)});
    ok_json(StatusCode::CREATED, &reply)
}

fn self_access_review(s: &State, who: &Identity, body: &Value) -> Response {
    let ra = &body["spec"]["resourceAttributes"];
    let resource = match ra["subresource"].as_str().filter(|x| !x.is_empty()) {
        Some(sub) => format!("{}/{sub}", ra["resource"].as_str().unwrap_or("")),
        None => ra["resource"].as_str().unwrap_or("").to_owned(),
    };
    let attrs = Attrs {
        verb: ra["verb"].as_str().unwrap_or("").to_owned(),
        group: ra["group"].as_str().unwrap_or("").to_owned(),
        resource,
        namespace: ra["namespace"]
            .as_str()
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
        name: ra["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .map(str::to_owned),
    };
    let mut reply = body.clone();
    reply["apiVersion"] = json!("authorization.k8s.io/v1");
    reply["kind"] = json!("SelfSubjectAccessReview");
    reply["metadata"] = json!({"creationTimestamp": null});
    reply["status"] = match s.authorize(who, &attrs) {
        Some(reason) => json!({"allowed": true, "reason": reason}),
        None => json!({"allowed": false}),
    };
    ok_json(StatusCode::CREATED, &reply)
}

/// The projects API: the namespaces the caller may see (`get` on the namespace in it), like
/// OpenShift's project authorization cache.
fn projects(s: &State, who: &Identity, name: Option<&str>) -> Response {
    let can_see = |ns: &str| {
        s.authorize(
            who,
            &Attrs {
                verb: "get".into(),
                group: String::new(),
                resource: "namespaces".into(),
                namespace: Some(ns.to_owned()),
                name: Some(ns.to_owned()),
            },
        )
        .is_some()
            || s.authorize(
                who,
                &Attrs {
                    verb: "get".into(),
                    group: PROJECT.into(),
                    resource: "projects".into(),
                    namespace: Some(ns.to_owned()),
                    name: Some(ns.to_owned()),
                },
            )
            .is_some()
    };
    let as_project = |ns: &Value| {
        let mut p = ns.clone();
        p["apiVersion"] = json!("project.openshift.io/v1");
        p["kind"] = json!("Project");
        p
    };
    let as_item = |ns: &Value| {
        let mut p = ns.clone();
        if let Some(o) = p.as_object_mut() {
            o.remove("kind");
            o.remove("apiVersion");
        }
        p
    };
    match name {
        Some(n) => match s.get("namespaces", "", n) {
            Some(ns) if can_see(n) => ok_json(StatusCode::OK, &as_project(ns)),
            _ => forbidden(
                who,
                &Attrs {
                    verb: "get".into(),
                    group: PROJECT.into(),
                    resource: "projects".into(),
                    namespace: Some(n.to_owned()),
                    name: Some(n.to_owned()),
                },
            ),
        },
        None => {
            let items: Vec<Value> = s
                .list("namespaces", Some(""))
                .iter()
                .filter(|ns| can_see(ns["metadata"]["name"].as_str().unwrap_or("")))
                .map(as_item)
                .collect();
            ok_json(
                StatusCode::OK,
                &json!({"kind": "ProjectList", "apiVersion": "project.openshift.io/v1", "metadata": {}, "items": items}),
            )
        }
    }
}
