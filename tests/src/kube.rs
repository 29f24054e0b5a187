//! A real Kubernetes control plane on 127.0.0.1: Debian's `etcd`, the `kube-apiserver` and the
//! `kube-controller-manager` of `../shared/servers/kube/` (or `$KUBE_BIN_DIR`), with token
//! authentication for the test users, RBAC, service-account signing, and OpenShift's registry
//! roles (`openshift-registry-roles.yaml`) as ClusterRoles.
//!
//! Everything Kubernetes itself decides comes from the real server: authentication, RBAC and
//! its 403s (which run before routing, so an API the cluster lacks is 403 for a user without
//! rights and 404 for one with them), escalation refusals, 409 conflicts, TokenRequest, the
//! token Secrets and aggregated ClusterRoles the controller manager fills in. What only
//! OpenShift serves (projects, image streams, users, OAuth) is not here.
//!
//! Without the binaries the harness fails and says how to get them; it never skips.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::openshift_apis::OpenShiftApis;
use crate::process::{ServerProcess, free_port, path_str, port_open, wait_until};
use crate::tls::{ServerCertificates, server_certificates};

/// The admin's token (a member of `system:masters`).
pub const ADMIN_TOKEN: &str = "admin-token-0123456789abcdef";

/// A user the token file authenticates.
#[derive(Debug, Clone)]
pub struct KubeUser {
    /// The user name.
    pub name: String,
    /// The bearer token.
    pub token: String,
    /// Groups besides `system:authenticated`.
    pub groups: Vec<String>,
}

impl KubeUser {
    /// A user `name` with token `<name>-token-...` and `groups`.
    pub fn new(name: &str, groups: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            token: format!("{name}-token-5f3a9c1e7b2d4a6f"),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }
}

/// Where the binaries are: `$KUBE_BIN_DIR`, else `../shared/servers/kube/` beside the clone.
fn binary_dir() -> PathBuf {
    std::env::var_os("KUBE_BIN_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/servers/kube"),
        PathBuf::from,
    )
}

/// The executable `name`: `<dir>/<name>` itself, or `<dir>/<name>.gz` unpacked once into a
/// cache in the temp dir (keyed by the archive's size, so a new build is unpacked anew).
fn binary(name: &str) -> Result<PathBuf> {
    let dir = binary_dir();
    let plain = dir.join(name);
    if plain.is_file() {
        return Ok(plain);
    }
    let archive = dir.join(format!("{name}.gz"));
    let size = std::fs::metadata(&archive).map(|m| m.len()).map_err(|_| {
        Error::Other(format!(
            "{name} is not in {} (nor {name}.gz): set KUBE_BIN_DIR to a directory holding \
             kube-apiserver and kube-controller-manager (the official release binaries from \
             https://dl.k8s.io/release/<version>/bin/linux/amd64/ work), or put them in \
             ../shared/servers/kube/",
            dir.display()
        ))
    })?;
    let cache = std::env::temp_dir().join(format!("registry-console-kube-{size}"));
    let unpacked = cache.join(name);
    // Tests of one binary start their control planes on parallel threads: on a fresh machine
    // they would all unpack at once into the same `.{pid}.partial` file, and the first rename
    // pulls it from under the others. One unpack per process at a time; the others then find
    // the file in place.
    static UNPACKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = UNPACKING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if unpacked.is_file() {
        return Ok(unpacked);
    }
    std::fs::create_dir_all(&cache).map_err(|e| Error::io("create the kube binary cache", e))?;
    let mut bytes = Vec::new();
    let file = std::fs::File::open(&archive)
        .map_err(|e| Error::io(format!("open {}", archive.display()), e))?;
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("unpack {}", archive.display()), e))?;
    // Written aside and renamed: a test running beside this one never runs half a file.
    let partial = cache.join(format!("{name}.{}.partial", std::process::id()));
    std::fs::write(&partial, &bytes).map_err(|e| Error::io("write the kube binary", e))?;
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&partial, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("make the kube binary executable", e))?;
    std::fs::rename(&partial, &unpacked).map_err(|e| Error::io("place the kube binary", e))?;
    Ok(unpacked)
}

/// Runs `future` to completion on a runtime of its own (the harness is called from sync code
/// and from inside tests' runtimes alike).
fn block_on<T: Send + 'static>(
    future: impl std::future::Future<Output = T> + Send + 'static,
) -> Result<T> {
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map(|rt| rt.block_on(future))
    })
    .join()
    .map_err(|_| Error::Other("the harness's HTTP thread panicked".into()))?
    .map_err(|e| Error::io("start a runtime", e))
}

/// A running control plane. Dropping it stops the three processes.
#[derive(Debug)]
pub struct KubeCluster {
    // Declared first so they are dropped (stopped) before the temp dir goes.
    controller_manager: ServerProcess,
    apiserver: ServerProcess,
    _etcd: ServerProcess,
    url: String,
    certs: ServerCertificates,
    users: Vec<KubeUser>,
    openshift: Option<OpenShiftApis>,
    _dir: tempfile::TempDir,
}

impl KubeCluster {
    /// Starts etcd, the API server and the controller manager, with `users` (and the admin)
    /// in the token file, and waits until the cluster answers and its aggregated roles are
    /// filled in. The OpenShift registry roles are created as ClusterRoles.
    pub fn start(users: &[KubeUser]) -> Result<Self> {
        Self::start_with(users, false)
    }

    /// [`KubeCluster::start`] with OpenShift's API groups (projects, image streams, users)
    /// served beside it by an aggregated API server ([`OpenShiftApis`]), and OpenShift's
    /// bootstrap roles that go with them (`basic-user` for everyone signed in, image stream
    /// rights aggregated into `admin`, `edit` and `view`).
    pub fn start_openshift(users: &[KubeUser]) -> Result<Self> {
        Self::start_with(users, true)
    }

    fn start_with(users: &[KubeUser], openshift: bool) -> Result<Self> {
        let apiserver_bin = binary("kube-apiserver")?;
        let kcm_bin = binary("kube-controller-manager")?;
        let etcd_bin = which("etcd").ok_or_else(|| {
            Error::Other("etcd is not installed: apt-get install etcd-server (make setup)".into())
        })?;
        let dir = tempfile::tempdir().map_err(|e| Error::io("create the cluster's dir", e))?;
        let root = dir.path();

        // etcd, on ports that another test may take first: a lost race starts again.
        let (etcd, etcd_url) = retry_bind(|| {
            let (client, peer, metrics) = (free_port()?, free_port()?, free_port()?);
            let etcd_url = format!("http://127.0.0.1:{client}");
            let peer_url = format!("http://127.0.0.1:{peer}");
            let mut command = Command::new(&etcd_bin);
            command
                .arg("--data-dir")
                .arg(root.join(format!("etcd-{client}")))
                .args(["--name", "test"])
                .args(["--listen-client-urls", &etcd_url])
                .args(["--advertise-client-urls", &etcd_url])
                .args(["--listen-peer-urls", &peer_url])
                .args(["--initial-advertise-peer-urls", &peer_url])
                .args(["--initial-cluster", &format!("test={peer_url}")])
                .args([
                    "--listen-metrics-urls",
                    &format!("http://127.0.0.1:{metrics}"),
                ]);
            let log = root.join(format!("etcd-{client}.log"));
            let mut etcd = ServerProcess::spawn("etcd", command, &log)?;
            // Serving on its client port, and still running a moment later (the port may be
            // another test's etcd that took it first).
            wait_until(&mut etcd, Duration::from_secs(30), |_| {
                Ok(port_open(client))
            })?;
            std::thread::sleep(Duration::from_millis(300));
            if let Some(status) = etcd.exited() {
                return Err(etcd.start_error(format!("it exited while starting ({status})")));
            }
            Ok((etcd, etcd_url))
        })?;

        // Certificates, keys and the token file.
        let certs = server_certificates(root)?;
        // The front proxy: the client certificate the API server shows the aggregated server.
        let front_proxy = front_proxy_certificates(root)?;
        let aggregated = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| Error::io("bind the OpenShift APIs' port", e))?;
        let aggregated_port = aggregated
            .local_addr()
            .map_err(|e| Error::io("read the OpenShift APIs' port", e))?
            .port();
        // The token webhook (OpenShift's OAuth tokens), on the OpenShift APIs' server, which
        // the API server reaches with the front proxy's client certificate.
        let webhook_path = root.join("token-webhook.kubeconfig");
        let webhook = json!({
            "apiVersion": "v1", "kind": "Config", "current-context": "webhook",
            "clusters": [{"name": "openshift", "cluster": {
                "server": format!("https://127.0.0.1:{aggregated_port}/tokenreview"),
                "insecure-skip-tls-verify": true}}],
            "users": [{"name": "apiserver", "user": {
                "client-certificate": path_str(&front_proxy.cert_path),
                "client-key": path_str(&front_proxy.key_path)}}],
            "contexts": [{"name": "webhook", "context": {"cluster": "openshift", "user": "apiserver"}}],
        });
        std::fs::write(&webhook_path, webhook.to_string())
            .map_err(|e| Error::io("write the token webhook's kubeconfig", e))?;
        let sa_key = rcgen::KeyPair::generate()
            .map_err(|e| Error::Other(format!("generate the service-account key: {e}")))?;
        let sa_key_path = root.join("sa.key");
        std::fs::write(&sa_key_path, sa_key.serialize_pem())
            .map_err(|e| Error::io("write the service-account key", e))?;
        let sa_pub_path = root.join("sa.pub");
        std::fs::write(&sa_pub_path, sa_key.public_key_pem())
            .map_err(|e| Error::io("write the service-account public key", e))?;
        let mut everyone = vec![KubeUser {
            name: "admin".into(),
            token: ADMIN_TOKEN.into(),
            groups: vec!["system:masters".into()],
        }];
        everyone.extend_from_slice(users);
        let tokens: String = everyone
            .iter()
            .enumerate()
            .map(|(i, u)| {
                format!(
                    "{},{},uid-{i},\"{}\"\n",
                    u.token,
                    u.name,
                    u.groups.join(",")
                )
            })
            .collect();
        let tokens_path = root.join("tokens.csv");
        std::fs::write(&tokens_path, tokens).map_err(|e| Error::io("write the token file", e))?;

        // The API server, with the same retry for its port.
        let (apiserver, url) = retry_bind(|| {
            let port = free_port()?;
            let url = format!("https://127.0.0.1:{port}");
            let mut command = Command::new(&apiserver_bin);
            command
                .arg(format!("--etcd-servers={etcd_url}"))
                .args(["--bind-address=127.0.0.1", "--advertise-address=127.0.0.1"])
                .arg(format!("--secure-port={port}"))
                .arg(format!("--tls-cert-file={}", path_str(&certs.cert_path)))
                .arg(format!(
                    "--tls-private-key-file={}",
                    path_str(&certs.key_path)
                ))
                .arg(format!("--client-ca-file={}", path_str(&certs.ca_path)))
                .arg(format!("--cert-dir={}", path_str(&root.join("certs"))))
                .arg("--authorization-mode=RBAC")
                .arg(format!("--token-auth-file={}", path_str(&tokens_path)))
                .arg("--service-account-issuer=https://kubernetes.default.svc")
                .arg(format!(
                    "--service-account-key-file={}",
                    path_str(&sa_pub_path)
                ))
                .arg(format!(
                    "--service-account-signing-key-file={}",
                    path_str(&sa_key_path)
                ))
                .arg("--api-audiences=https://kubernetes.default.svc")
                .arg("--service-cluster-ip-range=10.96.0.0/24")
                .arg("--profiling=false")
                .arg(format!(
                    "--requestheader-client-ca-file={}",
                    path_str(&front_proxy.ca_path)
                ))
                .arg("--requestheader-allowed-names=front-proxy-client")
                .arg("--requestheader-username-headers=X-Remote-User")
                .arg("--requestheader-group-headers=X-Remote-Group")
                .arg("--requestheader-extra-headers-prefix=X-Remote-Extra-")
                .arg(format!(
                    "--proxy-client-cert-file={}",
                    path_str(&front_proxy.cert_path)
                ))
                .arg(format!(
                    "--proxy-client-key-file={}",
                    path_str(&front_proxy.key_path)
                ));
            if openshift {
                command
                    .arg(format!(
                        "--authentication-token-webhook-config-file={}",
                        path_str(&webhook_path)
                    ))
                    .arg("--authentication-token-webhook-version=v1")
                    // The webhook's own cache; the API server's token cache (10 s) stays.
                    .arg("--authentication-token-webhook-cache-ttl=1ms");
            }
            let log = root.join(format!("apiserver-{port}.log"));
            let mut apiserver = ServerProcess::spawn("kube-apiserver", command, &log)?;
            let ca = certs.ca_pem.clone();
            let ready_url = url.clone();
            wait_until(&mut apiserver, Duration::from_secs(60), |_| {
                if !port_open(port) {
                    return Ok(false);
                }
                let (url, ca) = (ready_url.clone(), ca.clone());
                block_on(async move {
                    let Ok(client) = admin_client(&ca) else {
                        return false;
                    };
                    client
                        .get(format!("{url}/readyz"))
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success())
                })
            })?;
            Ok((apiserver, url))
        })?;

        // The controller manager, through a kubeconfig with the admin's token.
        let kubeconfig = json!({
            "apiVersion": "v1", "kind": "Config", "current-context": "admin",
            "clusters": [{"name": "test", "cluster": {
                "server": url, "certificate-authority": path_str(&certs.ca_path)}}],
            "users": [{"name": "admin", "user": {"token": ADMIN_TOKEN}}],
            "contexts": [{"name": "admin", "context": {"cluster": "test", "user": "admin"}}],
        });
        let kubeconfig_path = root.join("kcm.kubeconfig");
        std::fs::write(&kubeconfig_path, kubeconfig.to_string())
            .map_err(|e| Error::io("write the controller manager's kubeconfig", e))?;
        let mut command = Command::new(&kcm_bin);
        command
            .arg(format!("--kubeconfig={}", path_str(&kubeconfig_path)))
            .arg("--controllers=serviceaccount-token,clusterrole-aggregation,serviceaccount")
            .arg(format!(
                "--service-account-private-key-file={}",
                path_str(&sa_key_path)
            ))
            .arg(format!("--root-ca-file={}", path_str(&certs.ca_path)))
            .args([
                "--leader-elect=false",
                "--secure-port=0",
                "--bind-address=127.0.0.1",
            ]);
        let controller_manager = ServerProcess::spawn(
            "kube-controller-manager",
            command,
            &root.join("controller-manager.log"),
        )?;

        let cluster = Self {
            controller_manager,
            apiserver,
            _etcd: etcd,
            url,
            certs,
            users: everyone,
            openshift: None,
            _dir: dir,
        };
        let mut cluster = cluster;
        cluster.create_registry_roles()?;
        if openshift {
            let read = |path: &Path| {
                std::fs::read_to_string(path)
                    .map_err(|e| Error::io(format!("read {}", path.display()), e))
            };
            let apis = OpenShiftApis::start(
                aggregated,
                &front_proxy.ca_pem,
                &read(&cluster.certs.cert_path)?,
                &read(&cluster.certs.key_path)?,
                &cluster.url,
                &cluster.certs.ca_pem,
                ADMIN_TOKEN,
            )?;
            cluster.register_openshift_apis(apis.port())?;
            cluster.openshift = Some(apis);
        }
        cluster.wait_for_aggregated_roles()?;
        Ok(cluster)
    }

    /// The API server's URL (`https://127.0.0.1:<port>`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The CA that signed the API server's certificate (a connection's CA bundle).
    pub fn ca_path(&self) -> &Path {
        &self.certs.ca_path
    }

    /// The API server's certificate, key and CA: a certificate for `localhost` and
    /// `127.0.0.1` signed by the cluster's CA, which a server of the cluster (the integrated
    /// registry behind its route) may serve too.
    pub fn certificates(&self) -> &ServerCertificates {
        &self.certs
    }

    /// The token of user `name` (`admin` included).
    pub fn token(&self, name: &str) -> &str {
        self.users
            .iter()
            .find(|u| u.name == name)
            .map_or("", |u| u.token.as_str())
    }

    /// The last lines of the API server's log, for a failing test's message.
    pub fn apiserver_log_tail(&self) -> String {
        self.apiserver.log_tail(40)
    }

    /// Sends `method path` with `body` as the admin, and returns the reply's status and JSON
    /// (`Null` when the body is not JSON).
    pub fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Result<(u16, Value)> {
        let url = format!("{}{path}", self.url);
        let ca = self.certs.ca_pem.clone();
        let method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| Error::Other(format!("method {method}: {e}")))?;
        block_on(async move {
            let client = admin_client(&ca)?;
            let mut request = client.request(method, &url).bearer_auth(ADMIN_TOKEN);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let reply = request
                .send()
                .await
                .map_err(|e| Error::Other(format!("{url}: {e}")))?;
            let status = reply.status().as_u16();
            let text = reply.text().await.unwrap_or_default();
            Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
        })?
    }

    /// Creates `object` at `path` as the admin; an error unless the server answers 201/200.
    pub fn create(&self, path: &str, object: Value) -> Result<Value> {
        let (status, reply) = self.admin("POST", path, Some(object))?;
        if status != 201 && status != 200 {
            return Err(Error::Other(format!("POST {path}: {status} {reply}")));
        }
        Ok(reply)
    }

    /// Creates namespace `name`.
    pub fn create_namespace(&self, name: &str) -> Result<()> {
        self.create(
            "/api/v1/namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
        )?;
        Ok(())
    }

    /// Waits until the API server refuses `token` (401): it keeps a token's review for 10 s
    /// (its token cache, which no flag changes), as a real cluster keeps a revoked OAuth
    /// token working for its cache's lifetime.
    pub fn wait_until_refused(&self, token: &str) -> Result<()> {
        let url = format!("{}/api", self.url);
        let ca = self.certs.ca_pem.clone();
        let token = token.to_owned();
        for _ in 0..300 {
            let (url, ca, token) = (url.clone(), ca.clone(), token.clone());
            let status = block_on(async move {
                let client = admin_client(&ca)?;
                let reply = client
                    .get(&url)
                    .bearer_auth(&token)
                    .send()
                    .await
                    .map_err(|e| Error::Other(format!("{url}: {e}")))?;
                Ok::<_, Error>(reply.status().as_u16())
            })??;
            if status == 401 {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::Other(
            "the API server still accepts the token after 30 s".into(),
        ))
    }

    /// Creates project `name` as OpenShift's project request does: the namespace (with the
    /// requester and display-name annotations), the `builder` and `deployer` service
    /// accounts, and the default role bindings: `admin` to the requester,
    /// `system:image-pullers` (every service account of the project may pull),
    /// `system:image-builders` and `system:deployers`.
    pub fn add_project(&self, name: &str, requester: Option<&str>) -> Result<()> {
        let mut annotations = serde_json::Map::new();
        annotations.insert("openshift.io/display-name".into(), json!(""));
        if let Some(r) = requester {
            annotations.insert("openshift.io/requester".into(), json!(r));
        }
        self.create(
            "/api/v1/namespaces",
            json!({"apiVersion": "v1", "kind": "Namespace",
                   "metadata": {"name": name, "annotations": annotations}}),
        )?;
        for account in ["builder", "deployer"] {
            self.create(
                &format!("/api/v1/namespaces/{name}/serviceaccounts"),
                json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": account}}),
            )?;
        }
        let rbac = "rbac.authorization.k8s.io";
        let mut bindings = vec![
            (
                "system:image-pullers",
                "system:image-puller",
                json!({"kind": "Group", "apiGroup": rbac, "name": format!("system:serviceaccounts:{name}")}),
            ),
            (
                "system:image-builders",
                "system:image-builder",
                json!({"kind": "ServiceAccount", "name": "builder", "namespace": name}),
            ),
            (
                "system:deployers",
                "system:deployer",
                json!({"kind": "ServiceAccount", "name": "deployer", "namespace": name}),
            ),
        ];
        if let Some(r) = requester {
            bindings.push((
                "admin",
                "admin",
                json!({"kind": "User", "apiGroup": rbac, "name": r}),
            ));
        }
        for (binding, role, subject) in bindings {
            self.create(
                &format!("/apis/{rbac}/v1/namespaces/{name}/rolebindings"),
                json!({
                    "apiVersion": format!("{rbac}/v1"), "kind": "RoleBinding",
                    "metadata": {"name": binding, "namespace": name},
                    "roleRef": {"apiGroup": rbac, "kind": "ClusterRole", "name": role},
                    "subjects": [subject],
                }),
            )?;
        }
        self.wait_for_default_account(name)
    }

    /// Waits until the controller manager has made the `default` service account of
    /// `namespace`, as every project has one on a real cluster by the time a user opens it.
    fn wait_for_default_account(&self, namespace: &str) -> Result<()> {
        for _ in 0..600 {
            if self
                .object("", "serviceaccounts", namespace, "default")?
                .is_some()
            {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::Other(format!(
            "the controller manager did not make {namespace}/default in 60 s\n{}",
            self.controller_manager.log_tail(30)
        )))
    }

    /// Whether object `name` of `plural` (in API group `group`, `""` for core) exists in
    /// `namespace`, and its JSON.
    pub fn object(
        &self,
        group: &str,
        plural: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Option<Value>> {
        let base = if group.is_empty() {
            "/api/v1".to_owned()
        } else {
            format!("/apis/{group}/v1")
        };
        let (status, object) = self.admin(
            "GET",
            &format!("{base}/namespaces/{namespace}/{plural}/{name}"),
            None,
        )?;
        Ok((status == 200).then_some(object))
    }

    /// Binds ClusterRole `role` to user `user` in `namespace` (a RoleBinding named
    /// `<role>-<user>`), as `oc policy add-role-to-user` does.
    pub fn bind_in_namespace(&self, namespace: &str, role: &str, user: &str) -> Result<()> {
        let name = format!("{}-{user}", role.replace(':', "-"));
        self.create(
            &format!("/apis/rbac.authorization.k8s.io/v1/namespaces/{namespace}/rolebindings"),
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": name, "namespace": namespace},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}],
            }),
        )?;
        Ok(())
    }

    /// The aggregated server of OpenShift's API groups, when started with them.
    pub fn openshift(&self) -> Option<&OpenShiftApis> {
        self.openshift.as_ref()
    }

    /// Registers the OpenShift API groups served on 127.0.0.1:`port` (an `ExternalName`
    /// Service and one `APIService` per group, as OpenShift registers `openshift-apiserver`),
    /// creates OpenShift's bootstrap roles for them, and waits until the API server serves
    /// each group.
    fn register_openshift_apis(&self, port: u16) -> Result<()> {
        self.create(
            "/api/v1/namespaces/default/services",
            json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": "openshift-apis", "namespace": "default"},
                "spec": {"type": "ExternalName", "externalName": "127.0.0.1",
                         "ports": [{"name": "https", "port": port}]},
            }),
        )?;
        for group in OPENSHIFT_GROUPS {
            self.create(
                "/apis/apiregistration.k8s.io/v1/apiservices",
                json!({
                    "apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
                    "metadata": {"name": format!("v1.{group}")},
                    "spec": {
                        "group": group, "version": "v1",
                        "service": {"namespace": "default", "name": "openshift-apis", "port": port},
                        // The harness's own server: the proxy's trust in it is not under test.
                        "insecureSkipTLSVerify": true,
                        "groupPriorityMinimum": 9900, "versionPriority": 15,
                    },
                }),
            )?;
        }
        let rbac = "/apis/rbac.authorization.k8s.io/v1";
        self.create(
            &format!("{rbac}/clusterroles"),
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                "metadata": {"name": "basic-user"},
                "rules": [
                    {"apiGroups": ["user.openshift.io"], "resources": ["users"], "resourceNames": ["~"], "verbs": ["get"]},
                    {"apiGroups": ["project.openshift.io"], "resources": ["projectrequests"], "verbs": ["list"]},
                    {"apiGroups": ["project.openshift.io"], "resources": ["projects"], "verbs": ["list", "watch"]},
                    {"apiGroups": ["authorization.k8s.io"], "resources": ["selfsubjectaccessreviews"], "verbs": ["create"]},
                    // As OpenShift's basic-user: anyone signed in may read the cluster roles.
                    {"apiGroups": ["rbac.authorization.k8s.io"], "resources": ["clusterroles"], "verbs": ["get", "list", "watch"]},
                ],
            }),
        )?;
        self.create(
            &format!("{rbac}/clusterrolebindings"),
            json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": {"name": "basic-users"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "basic-user"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:authenticated"}],
            }),
        )?;
        // What OpenShift aggregates into admin, edit and view for its own groups (the legacy
        // `""` group beside each, as its bootstrap policy has them), so that a project admin
        // holds every rule of the registry roles and may grant them.
        let images = ["image.openshift.io", ""];
        let all = [
            "get",
            "list",
            "watch",
            "create",
            "update",
            "patch",
            "delete",
            "deletecollection",
        ];
        let image_resources = [
            "imagestreamimages",
            "imagestreammappings",
            "imagestreams",
            "imagestreams/secrets",
            "imagestreamtags",
        ];
        let edit_rules = json!([
            {"apiGroups": images, "resources": image_resources, "verbs": all},
            {"apiGroups": images, "resources": ["imagestreamimports"], "verbs": ["create"]},
            {"apiGroups": images, "resources": ["imagestreams/layers"], "verbs": ["get", "update"]},
            {"apiGroups": ["build.openshift.io", ""], "resources": ["builds"], "verbs": all},
            {"apiGroups": ["build.openshift.io", ""], "resources": ["builds/details"], "verbs": ["update"]},
            {"apiGroups": ["project.openshift.io", ""], "resources": ["projects"], "verbs": ["get"]},
            // Kubernetes 1.24 (OpenShift 4.11) put TokenRequest into edit and admin; this
            // control plane predates it, so the aggregate gives it as a current cluster does.
            {"apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]},
        ]);
        let mut admin_rules = edit_rules.clone();
        if let Some(rules) = admin_rules.as_array_mut() {
            rules.extend([
                json!({"apiGroups": ["project.openshift.io", ""], "resources": ["projects"],
                       "verbs": ["delete", "patch", "update"]}),
                json!({"apiGroups": ["authorization.openshift.io", ""], "resources": ["rolebindings", "roles"],
                       "verbs": all}),
                json!({"apiGroups": ["authorization.openshift.io", ""],
                       "resources": ["localresourceaccessreviews", "localsubjectaccessreviews",
                                     "subjectrulesreviews", "resourceaccessreviews", "subjectaccessreviews"],
                       "verbs": ["create"]}),
            ]);
        }
        let view_rules = json!([
            {"apiGroups": images, "resources": image_resources, "verbs": ["get", "list", "watch"]},
            // A viewer may pull, as on OpenShift.
            {"apiGroups": images, "resources": ["imagestreams/layers"], "verbs": ["get"]},
            {"apiGroups": ["project.openshift.io", ""], "resources": ["projects"], "verbs": ["get"]},
        ]);
        for (to, rules) in [
            ("admin", &admin_rules),
            ("edit", &edit_rules),
            ("view", &view_rules),
        ] {
            self.create(
                &format!("{rbac}/clusterroles"),
                json!({
                    "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                    "metadata": {"name": format!("system:openshift:aggregate-to-{to}"),
                        "labels": {format!("rbac.authorization.k8s.io/aggregate-to-{to}"): "true"}},
                    "rules": rules,
                }),
            )?;
        }
        for group in OPENSHIFT_GROUPS {
            let path = format!("/apis/{group}/v1");
            let mut last = (0, Value::Null);
            for _ in 0..300 {
                last = self.admin("GET", &path, None)?;
                if last.0 == 200 {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            if last.0 != 200 {
                return Err(Error::Other(format!(
                    "the API server does not serve {group} through its APIService: {} {}\n{}",
                    last.0,
                    last.1,
                    self.apiserver_log_tail()
                )));
            }
        }
        Ok(())
    }

    /// Creates every ClusterRole of `openshift-registry-roles.yaml`.
    fn create_registry_roles(&self) -> Result<()> {
        let path = binary_dir().join("openshift-registry-roles.yaml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::io(format!("read {}", path.display()), e))?;
        for document in serde_yaml_ng::Deserializer::from_str(&text) {
            let role: Value = serde::Deserialize::deserialize(document)
                .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
            if role.is_null() {
                continue;
            }
            self.create("/apis/rbac.authorization.k8s.io/v1/clusterroles", role)?;
        }
        Ok(())
    }

    /// Waits until the controller manager has aggregated the `admin` role's rules (until then
    /// a namespace admin may do nothing).
    fn wait_for_aggregated_roles(&self) -> Result<()> {
        for _ in 0..300 {
            let (_, role) = self.admin(
                "GET",
                "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin",
                None,
            )?;
            if role["rules"].as_array().is_some_and(|r| !r.is_empty()) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(Error::Other(format!(
            "the controller manager did not aggregate the admin role in 30 s\n{}",
            self.controller_manager.log_tail(30)
        )))
    }
}

/// The API groups only OpenShift serves.
const OPENSHIFT_GROUPS: [&str; 4] = [
    "project.openshift.io",
    "image.openshift.io",
    "user.openshift.io",
    "route.openshift.io",
];

/// The front proxy's CA and the client certificate it signed (CN `front-proxy-client`), which
/// the API server shows an aggregated server.
fn front_proxy_certificates(dir: &Path) -> Result<ServerCertificates> {
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    let rc = |what: &str, e: rcgen::Error| Error::Other(format!("{what}: {e}"));
    let ca_key = KeyPair::generate().map_err(|e| rc("generate the front-proxy CA key", e))?;
    let mut ca = CertificateParams::default();
    ca.distinguished_name
        .push(DnType::CommonName, "front-proxy-ca");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca
        .self_signed(&ca_key)
        .map_err(|e| rc("sign the front-proxy CA", e))?;
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().map_err(|e| rc("generate the front-proxy client key", e))?;
    let mut leaf = CertificateParams::default();
    leaf.distinguished_name
        .push(DnType::CommonName, "front-proxy-client");
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let cert = leaf
        .signed_by(&key, &issuer)
        .map_err(|e| rc("sign the front-proxy client certificate", e))?;
    let files = ServerCertificates {
        ca_path: dir.join("front-proxy-ca.crt"),
        cert_path: dir.join("front-proxy-client.crt"),
        key_path: dir.join("front-proxy-client.key"),
        ca_pem: ca_cert.pem(),
    };
    for (path, text) in [
        (&files.ca_path, files.ca_pem.clone()),
        (&files.cert_path, cert.pem()),
        (&files.key_path, key.serialize_pem()),
    ] {
        std::fs::write(path, text)
            .map_err(|e| Error::io(format!("write {}", path.display()), e))?;
    }
    Ok(files)
}

/// Runs `start` again (up to five times) while it fails because a port it picked was taken by
/// another test's server between `free_port` and the bind.
fn retry_bind<T>(mut start: impl FnMut() -> Result<T>) -> Result<T> {
    let mut attempt = 0;
    loop {
        match start() {
            Err(Error::Start { log_tail, .. })
                if attempt < 4 && log_tail.contains("address already in use") =>
            {
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// A client that trusts the cluster's CA (and nothing else).
fn admin_client(ca_pem: &str) -> Result<reqwest::Client> {
    // One TLS provider in the tree (ring); an error only means it is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes())
        .map_err(|e| Error::Other(format!("the cluster CA: {e}")))?;
    reqwest::Client::builder()
        .tls_certs_only([ca])
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| Error::Other(format!("the harness's client: {e}")))
}

/// `name` on the PATH.
fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}
