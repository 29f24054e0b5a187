//! A real Red Hat Quay on 127.0.0.1, from its source: PostgreSQL and Redis (Debian's), and
//! Quay 3.18.0 in one gunicorn process serving its web UI, `/api`, `/oauth` and `/v2`, as
//! `../shared/PEERS.md` ("Red Hat Quay, real, from source") describes.
//!
//! The source is `$QUAY_SOURCE` (a directory), else `../shared/servers/quay/quay-3.18.0.tar.gz`
//! beside the clone, unpacked once into `~/.cache/registry-console/quay/`; its Python
//! requirements go once into a venv there (about 4 minutes cold on 2 cores, with the three
//! packages `requirements.txt` pins from git taken from the same folder). Each [`Quay`] gets
//! its own database, Redis, storage and config in a temp dir, and a first user `admin`
//! (a superuser) with an OAuth token holding every scope. Without the source the harness fails
//! and says how to get it; it never skips.
//!
//! The database is a copy (`cp -a`) of a migrated, empty PostgreSQL data directory kept in the
//! cache (`pg-template-<quay>-pg<major>`, made once under a lock: initdb and `alembic upgrade
//! head`), and `boot.py` runs inside the gunicorn process that preloads Quay: a start takes
//! ~4 s instead of ~9–10 s (initdb, alembic and a separate boot.py each time) on 2 cores.
//! Delete the template to rebuild it (it is rebuilt by itself for another Quay or PostgreSQL).
//!
//! Quay's background workers do not run (garbage collection, tag expiry, notifications,
//! builds, scanning, mirroring): a test of those says so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::process::{ServerProcess, free_port, path_str, port_open, run, wait_until};

/// The Quay release the harness runs.
pub const VERSION: &str = "3.18.0";
/// The first user, a superuser.
pub const ADMIN: &str = "admin";
/// Its password.
pub const ADMIN_PASSWORD: &str = "quay-admin-password-1";

/// `shared/servers/quay` beside the clone (or beside the folder of worktrees the clone is in).
fn shared_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../../shared/servers/quay");
    let above = manifest.join("../../../shared/servers/quay");
    if !beside.is_dir() && above.is_dir() {
        above
    } else {
        beside
    }
}

fn cache_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map_or_else(std::env::temp_dir, PathBuf::from)
        .join(".cache/registry-console/quay")
}

/// Runs `f` holding an exclusive lock on `path` (one unpack or install at a time, across the
/// test processes that may start Quay together).
fn locked<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    use std::fs::OpenOptions;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(format!("open {}", path.display()), e))?;
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
        .map_err(|e| Error::io("lock the Quay cache", e.into()))?;
    let result = f();
    let _ = rustix::fs::flock(&file, rustix::fs::FlockOperation::Unlock);
    result
}

/// The Quay source tree: `$QUAY_SOURCE`, else the release archive beside the clone unpacked.
fn source() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("QUAY_SOURCE") {
        return Ok(PathBuf::from(dir));
    }
    let archive = shared_dir().join(format!("quay-{VERSION}.tar.gz"));
    if !archive.is_file() {
        return Err(Error::Other(format!(
            "the Quay {VERSION} source is not in {} : set QUAY_SOURCE to an unpacked source tree, \
             or put quay-{VERSION}.tar.gz there (https://github.com/quay/quay/archive/refs/tags/v{VERSION}.tar.gz)",
            archive.display()
        )));
    }
    let cache = cache_dir();
    std::fs::create_dir_all(&cache).map_err(|e| Error::io("create the Quay cache", e))?;
    let tree = cache.join("src").join(format!("quay-{VERSION}"));
    locked(&cache.join("unpack.lock"), || {
        if tree.join("app.py").is_file() {
            return Ok(());
        }
        let into = cache.join("src");
        std::fs::create_dir_all(&into).map_err(|e| Error::io("create the source dir", e))?;
        run(
            "unpack the Quay source",
            Command::new("tar")
                .arg("-xzf")
                .arg(&archive)
                .arg("-C")
                .arg(&into),
        )?;
        Ok(())
    })?;
    Ok(tree)
}

/// The venv with Quay's requirements, installed once.
fn venv(source: &Path) -> Result<PathBuf> {
    let cache = cache_dir();
    let venv = cache.join(format!("venv-{VERSION}"));
    locked(&cache.join("venv.lock"), || {
        if venv.join("installed").is_file() {
            return Ok(());
        }
        let shared = shared_dir();
        let requirements = std::fs::read_to_string(source.join("requirements.txt"))
            .map_err(|e| Error::io("read Quay's requirements", e))?;
        // The three packages pinned from git come from the shared folder (no code host here).
        let local: String = requirements
            .lines()
            .map(|line| {
                for (name, file) in [
                    ("aniso8601", "aniso8601-fake.tar.gz"),
                    ("py-bitbucket", "py-bitbucket.tar.gz"),
                    ("supervisor-stdout", "supervisor-stdout.tar.gz"),
                ] {
                    if line.starts_with(&format!("{name} @ git+")) {
                        return format!("{name} @ file://{}\n", path_str(&shared.join(file)));
                    }
                }
                format!("{line}\n")
            })
            .collect();
        let list = cache.join("requirements.local.txt");
        std::fs::write(&list, local).map_err(|e| Error::io("write the requirements", e))?;
        let python = ["/usr/bin/python3.11", "python3.11", "python3"]
            .into_iter()
            .find(|p| Command::new(p).arg("--version").output().is_ok())
            .ok_or_else(|| {
                Error::Other("Python 3.11 is missing (apt-get install python3-venv)".into())
            })?;
        run(
            "create Quay's venv",
            Command::new(python).args(["-m", "venv"]).arg(&venv),
        )?;
        run(
            "install Quay's requirements",
            Command::new(venv.join("bin/pip"))
                .args(["install", "-q", "-r"])
                .arg(&list),
        )?;
        std::fs::write(venv.join("installed"), VERSION)
            .map_err(|e| Error::io("mark the venv installed", e))?;
        Ok(())
    })?;
    Ok(venv)
}

/// The directory of PostgreSQL's server programs (the newest installed).
fn postgres_bin() -> Result<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| Error::Other("PostgreSQL is missing: apt-get install postgresql".into()))?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop().ok_or_else(|| {
        Error::Other("PostgreSQL's initdb is missing: apt-get install postgresql".into())
    })
}

/// `program` as the `postgres` user when we are root (PostgreSQL refuses to run as root).
fn as_postgres(program: &Path) -> Command {
    if rustix::process::geteuid().is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// The migrated, empty PostgreSQL data directory of this Quay release and PostgreSQL major
/// version, made once in the cache (initdb, `CREATE DATABASE quay`, `pg_trgm`, `alembic upgrade
/// head`) and copied for each start. Made in a temp dir under a lock and renamed into place, so
/// two test processes never see half of one.
fn pg_template(source: &Path, venv: &Path, pg: &Path) -> Result<PathBuf> {
    let cache = cache_dir();
    std::fs::create_dir_all(&cache).map_err(|e| Error::io("create the Quay cache", e))?;
    let major = pg
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let template = cache.join(format!("pg-template-{VERSION}-pg{major}"));
    locked(&cache.join("pg-template.lock"), || {
        if template.join("PG_VERSION").is_file() {
            return Ok(());
        }
        // Made in /tmp (the `postgres` user cannot enter root's home), then copied beside the
        // template and renamed into place.
        let build = tempfile::tempdir().map_err(|e| Error::io("create a temp dir", e))?;
        let root = build.path();
        let data = root.join("pg");
        let (postgres, pg_port) = start_postgres(pg, root, false)?;
        // (Quay's app, which alembic imports, takes a Redis lock at import.)
        let (redis, redis_port) = start_redis(root)?;
        let conf = write_conf(source, root, "127.0.0.1:1", pg_port, redis_port)?;
        let mut alembic = Command::new(venv.join("bin/alembic"));
        alembic.args(["upgrade", "head"]);
        quay_env(&mut alembic, source, venv, &conf, root);
        run("migrate Quay's schema", &mut alembic)?;
        run(
            "stop the template's PostgreSQL",
            as_postgres(&pg.join("pg_ctl"))
                .args(["stop", "-m", "fast", "-w", "-D"])
                .arg(&data),
        )?;
        drop((postgres, redis));
        let staged = cache.join(format!("pg-template-{VERSION}-pg{major}.tmp"));
        let _ = std::fs::remove_dir_all(&staged);
        run(
            "copy the template",
            Command::new("cp").arg("-a").arg(&data).arg(&staged),
        )?;
        std::fs::rename(&staged, &template)
            .map_err(|e| Error::io("move the template into place", e))?;
        Ok(())
    })?;
    Ok(template)
}

/// Starts PostgreSQL on `root/pg` (a fresh `initdb` unless `copied`: then a copy of the
/// template is already there), owned by `postgres` when we are root; with `quay` and `pg_trgm`.
fn start_postgres(pg: &Path, root: &Path, copied: bool) -> Result<(ServerProcess, u16)> {
    let data = root.join("pg");
    let sockets = root.join("pg-sockets");
    for d in [&data, &sockets] {
        std::fs::create_dir_all(d).map_err(|e| Error::io("create the database dirs", e))?;
    }
    if rustix::process::geteuid().is_root() {
        run(
            "give the database dir to postgres",
            Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(root),
        )?;
    }
    if !copied {
        run(
            "initdb",
            as_postgres(&pg.join("initdb"))
                .args(["--auth=trust", "-U", "postgres", "-D"])
                .arg(&data),
        )?;
    }
    let pg_port = free_port()?;
    let mut command = as_postgres(&pg.join("postgres"));
    command
        .arg("-D")
        .arg(&data)
        .args([
            "-c",
            "listen_addresses=127.0.0.1",
            "-p",
            &pg_port.to_string(),
            "-k",
        ])
        .arg(&sockets);
    let mut postgres = ServerProcess::spawn("postgres", command, &root.join("postgres.log"))?;
    wait_until(&mut postgres, Duration::from_secs(30), |_| {
        Ok(port_open(pg_port))
    })?;
    if !copied {
        let psql = |database: &str, sql: &str| -> Result<()> {
            for _ in 0..50 {
                let out = Command::new(pg.join("psql"))
                    .args([
                        "-h",
                        "127.0.0.1",
                        "-p",
                        &pg_port.to_string(),
                        "-U",
                        "postgres",
                    ])
                    .args(["-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql])
                    .output()
                    .map_err(|e| Error::io("run psql", e))?;
                if out.status.success() {
                    return Ok(());
                }
                // "the database system is starting up"
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(Error::Other(format!("psql {sql} failed")))
        };
        psql("postgres", "CREATE DATABASE quay")?;
        psql("quay", "CREATE EXTENSION pg_trgm")?;
    }
    Ok((postgres, pg_port))
}

/// Redis on a free port, saving nothing.
fn start_redis(root: &Path) -> Result<(ServerProcess, u16)> {
    let redis_bin = Path::new("/usr/bin/redis-server");
    if !redis_bin.is_file() {
        return Err(Error::Other(
            "Redis is missing: apt-get install redis-server".into(),
        ));
    }
    let redis_port = free_port()?;
    let mut command = Command::new(redis_bin);
    command.args([
        "--bind",
        "127.0.0.1",
        "--port",
        &redis_port.to_string(),
        "--save",
        "",
        "--appendonly",
        "no",
    ]);
    let mut redis = ServerProcess::spawn("redis", command, &root.join("redis.log"))?;
    wait_until(&mut redis, Duration::from_secs(10), |_| {
        Ok(port_open(redis_port))
    })?;
    Ok((redis, redis_port))
}

/// Quay's config in `root/conf`: a copy of its conf/ with our stack/config.yaml.
fn write_conf(
    source: &Path,
    root: &Path,
    host: &str,
    pg_port: u16,
    redis_port: u16,
) -> Result<PathBuf> {
    let conf = root.join("conf");
    run(
        "copy Quay's conf",
        Command::new("cp")
            .arg("-r")
            .arg(source.join("conf"))
            .arg(&conf),
    )?;
    std::fs::create_dir_all(conf.join("stack")).map_err(|e| Error::io("create conf/stack", e))?;
    let storage = root.join("storage");
    std::fs::create_dir_all(&storage).map_err(|e| Error::io("create the storage", e))?;
    let redis_config = json!({"host": "127.0.0.1", "port": redis_port});
    let config = json!({
        "SERVER_HOSTNAME": host,
        "PREFERRED_URL_SCHEME": "http",
        "SETUP_COMPLETE": true,
        "AUTHENTICATION_TYPE": "Database",
        "DB_URI": format!("postgresql://postgres@127.0.0.1:{pg_port}/quay"),
        "DATABASE_SECRET_KEY": crate::random_hex(32),
        "SECRET_KEY": crate::random_hex(32),
        "BUILDLOGS_REDIS": redis_config,
        "USER_EVENTS_REDIS": redis_config,
        "PULL_METRICS_REDIS": redis_config,
        "DISTRIBUTED_STORAGE_CONFIG": {"default": ["LocalStorage", {"storage_path": path_str(&storage)}]},
        "DISTRIBUTED_STORAGE_PREFERENCE": ["default"],
        "DISTRIBUTED_STORAGE_DEFAULT_LOCATIONS": [],
        "FEATURE_USER_INITIALIZE": true,
        "SUPER_USERS": [ADMIN],
        "FEATURE_SUPERUSERS_FULL_ACCESS": true,
        "BROWSER_API_CALLS_XHR_ONLY": false,
        "FEATURE_MAILING": false,
        "FEATURE_BUILD_SUPPORT": false,
        "FEATURE_SECURITY_SCANNER": false,
        "FEATURE_REPO_MIRROR": false,
        "FEATURE_PROXY_CACHE": false,
        "FEATURE_USER_CREATION": true,
        "INSTANCE_SERVICE_KEY_EXPIRATION": 525_600,
        "TESTING": false,
    });
    // JSON is YAML.
    std::fs::write(conf.join("stack/config.yaml"), config.to_string())
        .map_err(|e| Error::io("write Quay's config", e))?;
    Ok(conf)
}

/// The environment of a Quay program run from `source` with `conf`.
fn quay_env(command: &mut Command, source: &Path, venv: &Path, conf: &Path, root: &Path) {
    command
        .current_dir(source)
        .env("QUAYCONF", conf)
        .env("QUAYDIR", source)
        .env("QUAYPATH", source)
        .env(
            "PYTHONPATH",
            format!("{}:{}", path_str(root), path_str(source)),
        )
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin", path_str(&venv.join("bin"))),
        );
}

/// A running Quay with its database and Redis. Dropping it stops all three.
#[derive(Debug)]
pub struct Quay {
    quay: ServerProcess,
    _redis: ServerProcess,
    _postgres: ServerProcess,
    url: String,
    host: String,
    admin_token: String,
    _dir: tempfile::TempDir,
}

impl Quay {
    /// Starts PostgreSQL (a copy of the migrated template), Redis and Quay, and makes the first
    /// user.
    pub fn start() -> Result<Self> {
        // One Quay boots at a time in a test binary: several booting together on a 2-core
        // machine (Python imports, migrations checked, the first user made) can outlast the
        // readiness wait. Once up, they run side by side.
        static BOOTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one_at_a_time = BOOTING.lock().unwrap_or_else(|p| p.into_inner());
        let source = source()?;
        let venv = venv(&source)?;
        let pg = postgres_bin()?;
        let template = pg_template(&source, &venv, &pg)?;
        let dir = tempfile::tempdir().map_err(|e| Error::io("create Quay's dir", e))?;
        let root = dir.path();

        // PostgreSQL on a copy of the migrated template, owned by `postgres` when we are root.
        run(
            "copy the database template",
            Command::new("cp")
                .arg("-a")
                .arg(&template)
                .arg(root.join("pg")),
        )?;
        let (postgres, pg_port) = start_postgres(&pg, root, true)?;

        let (redis, redis_port) = start_redis(root)?;

        let port = free_port()?;
        let host = format!("127.0.0.1:{port}");
        let conf = write_conf(&source, root, &host, pg_port, redis_port)?;
        let app_module = root.join("rc_quay_app.py");
        std::fs::write(
            &app_module,
            "# boot.py's work (the instance service key) in the same Python, which saves importing\n\
             # Quay twice; then web (UI, /api, /oauth) and registry (/v1, /v2) on one Flask app.\n\
             import boot\n\
             boot.main()\n\
             import web  # noqa: F401\n\
             import registry  # noqa: F401\n\
             from app import app as application\n",
        )
        .map_err(|e| Error::io("write Quay's app module", e))?;
        let mut command = Command::new(venv.join("bin/gunicorn"));
        command
            .args(["-k", "gevent", "--preload", "-w", "1", "-b"])
            .arg(&host)
            // Keep-alive as Quay's nginx does (75 s): gunicorn's own 2 s closes idle
            // connections a client's pool may reuse just then ("error sending request").
            .args([
                "--timeout",
                "120",
                "--keep-alive",
                "75",
                "rc_quay_app:application",
            ]);
        quay_env(&mut command, &source, &venv, &conf, root);
        let mut quay = ServerProcess::spawn("quay", command, &root.join("quay.log"))?;
        let url = format!("http://{host}");
        // (`/health/instance` asks the workers at localhost:8080, where Quay's nginx would be.)
        let health = format!("{url}/_internal_ping");
        wait_until(&mut quay, Duration::from_secs(240), |quay| {
            // Our gunicorn must be the one listening (not another test's server on the port).
            if !port_open(port) || !quay.log().contains(&format!("Listening at: {url}")) {
                return Ok(false);
            }
            Ok(http_status("GET", &health, None, None)? == 200)
        })?;

        // The first user, with an OAuth token holding every scope.
        let (status, reply) = http_json(
            "POST",
            &format!("{url}/api/v1/user/initialize"),
            None,
            Some(json!({"username": ADMIN, "password": ADMIN_PASSWORD,
                        "email": "admin@example.com", "access_token": true})),
        )?;
        let admin_token = reply["access_token"]
            .as_str()
            .filter(|_| status == 200)
            .ok_or_else(|| Error::Other(format!("initialize the first user: {status} {reply}")))?
            .to_owned();
        Ok(Self {
            quay,
            _redis: redis,
            _postgres: postgres,
            url,
            host,
            admin_token,
            _dir: dir,
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `127.0.0.1:<port>`, the registry host of image references.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The superuser's OAuth token (every scope).
    pub fn admin_token(&self) -> &str {
        &self.admin_token
    }

    /// Makes organization `org` (as the superuser) and pushes one small image per
    /// `(repository, tag)` into it over `/v2` with the superuser's OAuth token (`$oauthtoken`),
    /// as `podman push` would; the repositories are private, as Quay makes them.
    pub async fn organization_with_images(&self, org: &str, images: &[(&str, &str)]) -> Result<()> {
        let (status, reply) = self.api(
            "POST",
            "/organization/",
            Some(json!({"name": org, "email": format!("{org}@example.com")})),
        )?;
        if status != 201 {
            return Err(Error::Other(format!(
                "create organization {org}: {status} {reply}"
            )));
        }
        let Some((first, _)) = images.first() else {
            return Ok(());
        };
        let pusher = crate::client::RegistryClient::new(
            &self.url,
            Some(crate::client::Credentials::new(
                "$oauthtoken",
                &self.admin_token,
            )),
            None,
        )?;
        let filler = crate::filler::Filler::with_client(pusher, &format!("{org}/{first}")).await?;
        for (repository, tag) in images {
            filler
                .push_image(
                    &format!("{org}/{repository}"),
                    tag,
                    crate::filler::ManifestKind::Oci,
                    crate::filler::Arch::Amd64,
                )
                .await?;
        }
        Ok(())
    }

    /// `skopeo list-tags` of `repository` on this Quay, over plain HTTP, with `auth` as skopeo
    /// takes it (`["--creds", "user:token"]`, `["--no-creds"]`, `["--authfile", path]`), in a
    /// home of its own so no user auth file is read: the independent judge of what the app
    /// hands out.
    pub fn skopeo_list_tags(&self, repository: &str, auth: &[&str]) -> std::process::Output {
        Command::new("skopeo")
            .args(["list-tags", "--tls-verify=false"])
            .args(auth)
            .arg(format!("docker://{}/{repository}", self.host))
            .env("HOME", std::env::temp_dir())
            .output()
            .expect("skopeo runs")
    }

    /// The end of Quay's log, for a failing test's message.
    pub fn log_tail(&self) -> String {
        self.quay.log_tail(40)
    }

    /// Calls Quay's API (`/api/v1` + `path`) with the admin's token; the status and JSON.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> Result<(u16, Value)> {
        self.api_as(&self.admin_token, method, path, body)
    }

    /// Calls Quay's API (`/api/v1` + `path`) with `token`; the status and JSON.
    pub fn api_as(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Value)> {
        http_json(
            method,
            &format!("{}/api/v1{path}", self.url),
            Some(token),
            body,
        )
    }

    /// A token of the admin holding only `scopes` (Quay's names, space-separated:
    /// `repo:read repo:write repo:admin repo:create user:read user:admin org:admin super:user`),
    /// minted by an OAuth application of `org` (made here; the admin administers `org`) through
    /// `POST /organization/{org}/applications/{client_id}/tokens` (new in 3.18).
    pub fn admin_token_with_scopes(&self, org: &str, scopes: &str) -> Result<String> {
        let (status, app) = self.api(
            "POST",
            &format!("/organization/{org}/applications"),
            Some(json!({"name": format!("scoped-{}", crate::random_hex(4))})),
        )?;
        let client_id = app["client_id"]
            .as_str()
            .filter(|_| status == 200)
            .ok_or_else(|| Error::Other(format!("create an application: {status} {app}")))?;
        let (status, token) = self.api(
            "POST",
            &format!("/organization/{org}/applications/{client_id}/tokens"),
            Some(json!({"name": "scoped", "scope": scopes})),
        )?;
        token["token"]
            .as_str()
            .filter(|_| status == 200)
            .map(str::to_owned)
            .ok_or_else(|| Error::Other(format!("mint a token ({scopes}): {status} {token}")))
    }

    /// A user that is not a superuser, made as Quay's superuser panel makes one
    /// (`POST /superuser/users/`, which answers a generated password), with an OAuth token
    /// holding `scopes` (none of them `super:user`). The token is minted as Quay's UI would:
    /// the user signs in (`/csrf_token`, `POST /api/v1/signin`, a session cookie), makes an
    /// organization of its own, `<name>_apps`, with an application, and mints the token there
    /// (a token's scopes are not tied to that organization).
    pub fn create_user(&self, name: &str, scopes: &str) -> Result<QuayUser> {
        let (status, user) = self.api(
            "POST",
            "/superuser/users/",
            Some(json!({"username": name, "email": format!("{name}@example.com")})),
        )?;
        let password = user["password"]
            .as_str()
            .filter(|_| status == 200)
            .ok_or_else(|| Error::Other(format!("create user {name}: {status} {user}")))?
            .to_owned();
        let token = session_token(&self.url, name, &password, scopes)?;
        Ok(QuayUser {
            name: name.to_owned(),
            password,
            token,
        })
    }
}

/// A user made by [`Quay::create_user`].
#[derive(Debug, Clone)]
pub struct QuayUser {
    /// Its user name.
    pub name: String,
    /// Its password (Quay generated it).
    pub password: String,
    /// An OAuth token of it with the scopes asked for.
    pub token: String,
}

/// Signs `username` in through Quay's session (as its web UI does) and mints a token with
/// `scopes` by an application of a new organization `<username>_apps`.
fn session_token(url: &str, username: &str, password: &str, scopes: &str) -> Result<String> {
    let (url, username, password, scopes) = (
        url.to_owned(),
        username.to_owned(),
        password.to_owned(),
        scopes.to_owned(),
    );
    crate::install_crypto_provider();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("start a runtime", e))?;
        runtime.block_on(async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .timeout(Duration::from_secs(60))
                .build()
                .map_err(|e| Error::Other(e.to_string()))?;
            let fail = |what: &str, e: &dyn std::fmt::Display| Error::Other(format!("{what}: {e}"));
            let csrf: Value = client
                .get(format!("{url}/csrf_token"))
                .send()
                .await
                .map_err(|e| fail("csrf_token", &e))?
                .json()
                .await
                .map_err(|e| fail("csrf_token", &e))?;
            let mut csrf = csrf["csrf_token"].as_str().unwrap_or_default().to_owned();
            // Each call with the session: the CSRF header, and the next one Quay hands back.
            let mut call = async |path: &str, body: Value| -> Result<Value> {
                let reply = client
                    .post(format!("{url}/api/v1{path}"))
                    .header("X-CSRF-Token", &csrf)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| fail(path, &e))?;
                if let Some(next) = reply
                    .headers()
                    .get("X-Next-CSRF-Token")
                    .and_then(|v| v.to_str().ok())
                {
                    csrf = next.to_owned();
                }
                let status = reply.status();
                let value: Value = reply.json().await.unwrap_or(Value::Null);
                if status.is_success() {
                    Ok(value)
                } else {
                    Err(Error::Other(format!("POST {path}: {status} {value}")))
                }
            };
            call(
                "/signin",
                json!({"username": username, "password": password}),
            )
            .await?;
            let org = format!("{username}_apps");
            call(
                "/organization/",
                json!({"name": org, "email": format!("{org}@example.com")}),
            )
            .await?;
            let app = call(
                &format!("/organization/{org}/applications"),
                json!({"name": "tokens"}),
            )
            .await?;
            let client_id = app["client_id"].as_str().unwrap_or_default().to_owned();
            let token = call(
                &format!("/organization/{org}/applications/{client_id}/tokens"),
                json!({"name": "test", "scope": scopes}),
            )
            .await?;
            token["token"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| Error::Other(format!("no token in {token}")))
        })
    })
    .join()
    .map_err(|_| Error::Other("the harness's HTTP thread panicked".into()))?
}

/// One request on a runtime of its own; the status and the reply as JSON (`Null` if not).
fn http_json(
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Result<(u16, Value)> {
    let (method, url, token) = (
        reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|e| Error::Other(format!("method {method}: {e}")))?,
        url.to_owned(),
        token.map(str::to_owned),
    );
    crate::install_crypto_provider();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io("start a runtime", e))?;
        runtime.block_on(async move {
            let client = reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .map_err(|e| Error::Other(e.to_string()))?;
            let mut request = client.request(method, &url);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
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
        })
    })
    .join()
    .map_err(|_| Error::Other("the harness's HTTP thread panicked".into()))?
}

fn http_status(method: &str, url: &str, token: Option<&str>, body: Option<Value>) -> Result<u16> {
    Ok(http_json(method, url, token, body).map_or(0, |(s, _)| s))
}

/// The operator's CRD (`config/crd/bases/quay.redhat.com_quayintegrations.yaml`), its spec
/// schema as published, without the descriptions and the status.
pub fn quay_integration_crd() -> Value {
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "quayintegrations.quay.redhat.com"},
        "spec": {
            "group": "quay.redhat.com",
            "names": {"kind": "QuayIntegration", "listKind": "QuayIntegrationList",
                      "plural": "quayintegrations", "singular": "quayintegration"},
            "scope": "Cluster",
            "versions": [{
                "name": "v1", "served": true, "storage": true,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {
                    "type": "object",
                    "properties": {
                        "apiVersion": {"type": "string"},
                        "kind": {"type": "string"},
                        "metadata": {"type": "object"},
                        "spec": {
                            "type": "object",
                            "required": ["clusterID", "credentialsSecret", "quayHostname"],
                            "properties": {
                                "allowlistNamespaces": {"type": "array", "items": {"type": "string"}},
                                "clusterID": {"type": "string"},
                                "credentialsSecret": {
                                    "type": "object",
                                    "required": ["name", "namespace"],
                                    "properties": {
                                        "key": {"type": "string"},
                                        "name": {"type": "string"},
                                        "namespace": {"type": "string"},
                                    },
                                },
                                "denylistNamespaces": {"type": "array", "items": {"type": "string"}},
                                "insecureRegistry": {"type": "boolean"},
                                "organizationPrefix": {"type": "string"},
                                "quayHostname": {"type": "string"},
                                "scheduledImageStreamImport": {"type": "boolean"},
                            },
                        },
                        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                    },
                }},
            }],
        },
    })
}
