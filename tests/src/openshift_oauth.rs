//! An OpenShift OAuth server and user API, for the sign-in tests.
//!
//! No OpenShift can run here, so this follows what `oc login` meets on a real cluster
//! (PEERS.md "OpenShift's OAuth server"): two hosts as on a cluster, the API server
//! (`/.well-known/oauth-authorization-server`, `/apis/user.openshift.io/v1/users/~`,
//! `oauthaccesstokens` deletion as `oc logout` does it) and the OAuth server
//! (`/oauth/authorize`, `/oauth/token`, `/login`, `/oauth/token/request`), with the three
//! built-in clients:
//!
//! - `openshift-challenging-client`: `response_type=token`; without credentials it answers
//!   401 with `WWW-Authenticate: Basic realm="openshift"` only when the request carries a
//!   non-empty `X-CSRF-Token` (otherwise 401 with a `Warning` header saying so, as the real
//!   password challenger does); with valid Basic credentials a 302 to
//!   `<oauth>/oauth/token/implicit#access_token=sha256~...&expires_in=...&token_type=Bearer`;
//!   a wrong password is the same 401 challenge again.
//! - `openshift-cli-client` (`oc login --web`): code grant, redirect
//!   `http://127.0.0.1:<any port>/callback`, PKCE required (`S256` or `plain`, the methods the
//!   discovery document lists); a missing or wrong `code_verifier`, a reused or expired code
//!   or another `redirect_uri` get 400 `invalid_grant`.
//! - `openshift-browser-client`: the token request page, which shows a token to paste.
//!
//! Tokens are `sha256~` + 43 base64url characters and expire. The user API answers 401 with
//! a Kubernetes `Status` for a bad or expired token and 403 for an anonymous request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;

use crate::error::{Error, Result};
use crate::process::bind_loopback;

/// The challenging client (`oc login -u`).
pub const CHALLENGING_CLIENT: &str = "openshift-challenging-client";
/// The CLI client (`oc login --web`).
pub const CLI_CLIENT: &str = "openshift-cli-client";
/// The token request page's client.
pub const BROWSER_CLIENT: &str = "openshift-browser-client";

/// A user of the identity provider (an htpasswd provider named `htpasswd`).
#[derive(Debug, Clone)]
pub struct SimUser {
    /// The login name.
    pub name: String,
    /// The password.
    pub password: String,
    /// Groups the user is a member of (besides the virtual `system:authenticated*`).
    pub groups: Vec<String>,
}

impl SimUser {
    /// A user.
    pub fn new(name: &str, password: &str, groups: &[&str]) -> Self {
        Self {
            name: name.into(),
            password: password.into(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        }
    }
}

/// Alice's password in [`OpenShiftConfig::default`].
pub const ALICE_PASSWORD: &str = "alice-oauth-s3cret";
/// Bob's password in [`OpenShiftConfig::default`].
pub const BOB_PASSWORD: &str = "bob-oauth-s3cret";

/// How the simulator is set up.
#[derive(Debug, Clone)]
pub struct OpenShiftConfig {
    /// Who may sign in.
    pub users: Vec<SimUser>,
    /// How long an access token lives (`expires_in`); OpenShift's default is 24 h.
    pub token_lifetime: Duration,
    /// How long an authorization code lives (OpenShift: 5 minutes).
    pub code_lifetime: Duration,
    /// A fault to inject: the `expires_in` the OAuth server states instead of the token's
    /// lifetime (in the redirect fragment and the token reply), as JSON: `1e300`,
    /// `18446744073709551615`, `-5`, `"3600"`. `None`: the lifetime, as OpenShift does.
    pub stated_expires_in: Option<serde_json::Value>,
}

impl Default for OpenShiftConfig {
    /// `alice` (group `registry-admins`) and `bob` (no group); tokens live 24 h, codes 5 min.
    fn default() -> Self {
        Self {
            users: vec![
                SimUser::new("alice", ALICE_PASSWORD, &["registry-admins"]),
                SimUser::new("bob", BOB_PASSWORD, &[]),
            ],
            token_lifetime: Duration::from_secs(86_400),
            code_lifetime: Duration::from_secs(300),
            stated_expires_in: None,
        }
    }
}

#[derive(Debug, Clone)]
struct TokenInfo {
    user: String,
    expires_at: i64,
}

#[derive(Debug, Clone)]
struct CodeInfo {
    client: String,
    redirect_uri: String,
    challenge: Option<(String, String)>,
    user: String,
    expires_at: i64,
    used: bool,
}

#[derive(Default)]
struct Db {
    tokens: HashMap<String, TokenInfo>,
    codes: HashMap<String, CodeInfo>,
    sessions: HashMap<String, String>,
    token_requests: u64,
    challenges: u64,
}

struct Shared {
    config: OpenShiftConfig,
    api_url: String,
    oauth_url: String,
    db: Mutex<Db>,
}

impl Shared {
    fn db(&self) -> std::sync::MutexGuard<'_, Db> {
        self.db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn new_token(&self, user: &str, lifetime_secs: i64) -> String {
        let token = format!("sha256~{}", random_b64(32));
        self.db().tokens.insert(
            token.clone(),
            TokenInfo {
                user: user.to_owned(),
                expires_at: unix_now() + lifetime_secs,
            },
        );
        token
    }

    fn lifetime(&self) -> i64 {
        i64::try_from(self.config.token_lifetime.as_secs()).unwrap_or(i64::MAX)
    }

    /// The `expires_in` the server states: the lifetime, or the injected fault.
    fn stated_expires_in(&self) -> serde_json::Value {
        self.config
            .stated_expires_in
            .clone()
            .unwrap_or_else(|| self.lifetime().into())
    }
}

/// A running simulator (API server and OAuth server on two ports); stopped on Drop.
pub struct OpenShiftOAuth {
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for OpenShiftOAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenShiftOAuth")
            .field("api_url", &self.shared.api_url)
            .field("oauth_url", &self.shared.oauth_url)
            .finish_non_exhaustive()
    }
}

impl OpenShiftOAuth {
    /// Starts the simulator; ready when this returns (sockets are bound first).
    pub fn start(config: OpenShiftConfig) -> Result<Self> {
        let (api_listener, api_port) = bind_loopback("the OpenShift API simulator")?;
        let (oauth_listener, oauth_port) = bind_loopback("the OpenShift OAuth simulator")?;
        let shared = Arc::new(Shared {
            config,
            api_url: format!("http://127.0.0.1:{api_port}"),
            oauth_url: format!("http://127.0.0.1:{oauth_port}"),
            db: Mutex::new(Db::default()),
        });
        let api = axum::Router::new()
            .route("/.well-known/oauth-authorization-server", get(discovery))
            .route("/apis/user.openshift.io/v1/users/{name}", get(user))
            .route(
                "/apis/oauth.openshift.io/v1/oauthaccesstokens/{name}",
                delete(delete_token),
            )
            .with_state(shared.clone());
        let oauth = axum::Router::new()
            .route("/oauth/authorize", get(authorize))
            .route("/oauth/token", axum::routing::post(token))
            .route("/login", get(login_page).post(login))
            .route("/oauth/token/request", get(token_request_page))
            .route("/oauth/token/implicit", get(implicit_page))
            .with_state(shared.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("openshift-sim-{api_port}"))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a current-thread runtime builds");
                runtime.block_on(async move {
                    let api_listener = tokio::net::TcpListener::from_std(api_listener)
                        .expect("a bound std listener converts");
                    let oauth_listener = tokio::net::TcpListener::from_std(oauth_listener)
                        .expect("a bound std listener converts");
                    tokio::select! {
                        _ = axum::serve(api_listener, api) => {}
                        _ = axum::serve(oauth_listener, oauth) => {}
                        _ = rx => {}
                    }
                });
            })
            .map_err(|e| Error::io("start the simulator thread", e))?;
        Ok(Self {
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The API server, `http://127.0.0.1:PORT` (what the user types as the cluster URL).
    pub fn api_url(&self) -> &str {
        &self.shared.api_url
    }

    /// The OAuth server (the discovery document's `issuer`), on another port.
    pub fn oauth_url(&self) -> &str {
        &self.shared.oauth_url
    }

    /// Issues a token for `user` directly (as the token request page would), living
    /// `lifetime_secs` (negative: already expired).
    pub fn issue_token(&self, user: &str, lifetime_secs: i64) -> String {
        self.shared.new_token(user, lifetime_secs)
    }

    /// Whether `token` is still known and unexpired.
    pub fn token_is_valid(&self, token: &str) -> bool {
        self.shared
            .db()
            .tokens
            .get(token)
            .is_some_and(|t| t.expires_at > unix_now())
    }

    /// How many tokens are still known and unexpired (any way they were issued).
    pub fn valid_tokens(&self) -> usize {
        let now = unix_now();
        self.shared
            .db()
            .tokens
            .values()
            .filter(|t| t.expires_at > now)
            .count()
    }

    /// How many tokens the token endpoint issued.
    pub fn token_requests(&self) -> u64 {
        self.shared.db().token_requests
    }

    /// How many Basic challenges were sent.
    pub fn challenges(&self) -> u64 {
        self.shared.db().challenges
    }

    /// Stops both servers. Idempotent.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for OpenShiftOAuth {
    fn drop(&mut self) {
        self.stop();
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn random_b64(bytes: usize) -> String {
    use ring::rand::SecureRandom;
    let mut buf = vec![0u8; bytes];
    ring::rand::SystemRandom::new()
        .fill(&mut buf)
        .expect("the system random generator works");
    URL_SAFE_NO_PAD.encode(buf)
}

/// A Kubernetes `Status` error reply.
fn status(code: StatusCode, reason: &str, message: &str) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": message,
            "reason": reason,
            "code": code.as_u16(),
        })
        .to_string(),
    )
        .into_response()
}

fn oauth_error(code: StatusCode, error: &str, description: &str) -> Response {
    (
        code,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

fn redirect(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location.to_owned())]).into_response()
}

async fn discovery(State(shared): State<Arc<Shared>>) -> Response {
    let o = &shared.oauth_url;
    axum::Json(json!({
        "issuer": o,
        "authorization_endpoint": format!("{o}/oauth/authorize"),
        "token_endpoint": format!("{o}/oauth/token"),
        "scopes_supported": ["user:check-access", "user:full", "user:info", "user:list-projects", "user:list-scoped-projects"],
        "response_types_supported": ["code", "token"],
        "grant_types_supported": ["authorization_code", "implicit"],
        "code_challenge_methods_supported": ["plain", "S256"],
    }))
    .into_response()
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|t| t.trim().to_owned())
}

/// The token's user, or the reply to send: 401 `Status` for a bad token, 403 for anonymous.
fn authenticate_bearer(
    shared: &Shared,
    headers: &HeaderMap,
    what: &str,
) -> std::result::Result<TokenInfo, Box<Response>> {
    let Some(token) = bearer(headers) else {
        return Err(Box::new(status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!(
                "{what} is forbidden: User \"system:anonymous\" cannot get resource \"users\" in API group \"user.openshift.io\" at the cluster scope"
            ),
        )));
    };
    match shared.db().tokens.get(&token) {
        Some(info) if info.expires_at > unix_now() => Ok(info.clone()),
        _ => Err(Box::new(status(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Unauthorized",
        ))),
    }
}

async fn user(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let info = match authenticate_bearer(
        &shared,
        &headers,
        &format!("users.user.openshift.io \"{name}\""),
    ) {
        Ok(info) => info,
        Err(reply) => return *reply,
    };
    if name != "~" && name != info.user {
        return status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!(
                "users.user.openshift.io \"{name}\" is forbidden: User \"{}\" cannot get resource \"users\" in API group \"user.openshift.io\" at the cluster scope",
                info.user
            ),
        );
    }
    let Some(user) = shared.config.users.iter().find(|u| u.name == info.user) else {
        return status(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("users.user.openshift.io \"{}\" not found", info.user),
        );
    };
    let mut groups = user.groups.clone();
    groups.extend([
        "system:authenticated".to_owned(),
        "system:authenticated:oauth".to_owned(),
    ]);
    axum::Json(json!({
        "kind": "User",
        "apiVersion": "user.openshift.io/v1",
        "metadata": {
            "name": user.name,
            "uid": format!("00000000-0000-4000-8000-{:012x}", user.name.len()),
            "resourceVersion": "1001",
            "creationTimestamp": "2026-01-05T09:00:00Z",
        },
        "identities": [format!("htpasswd:{}", user.name)],
        "groups": groups,
    }))
    .into_response()
}

async fn delete_token(
    State(shared): State<Arc<Shared>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let info = match authenticate_bearer(
        &shared,
        &headers,
        &format!("oauthaccesstokens.oauth.openshift.io \"{name}\""),
    ) {
        Ok(info) => info,
        Err(reply) => return *reply,
    };
    let mut db = shared.db();
    let found = db.tokens.iter().find_map(|(token, t)| {
        let body = token.strip_prefix("sha256~").unwrap_or(token);
        let object = format!(
            "sha256~{}",
            URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, body.as_bytes()))
        );
        (object == name).then(|| (token.clone(), t.user.clone()))
    });
    match found {
        Some((token, owner)) if owner == info.user => {
            db.tokens.remove(&token);
            axum::Json(json!({
                "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                "details": {"name": name, "group": "oauth.openshift.io", "kind": "oauthaccesstokens"},
            }))
            .into_response()
        }
        Some(_) => status(
            StatusCode::FORBIDDEN,
            "Forbidden",
            &format!(
                "oauthaccesstokens.oauth.openshift.io \"{name}\" is forbidden: User \"{}\" cannot delete resource \"oauthaccesstokens\"",
                info.user
            ),
        ),
        None => status(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("oauthaccesstokens.oauth.openshift.io \"{name}\" not found"),
        ),
    }
}

fn basic_user(shared: &Shared, headers: &HeaderMap) -> Option<std::result::Result<String, ()>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value.strip_prefix("Basic ")?;
    let decoded = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|d| String::from_utf8(d).ok());
    let Some((name, password)) = decoded.as_deref().and_then(|d| d.split_once(':')) else {
        return Some(Err(()));
    };
    Some(
        shared
            .config
            .users
            .iter()
            .find(|u| u.name == name && u.password == password)
            .map(|u| u.name.clone())
            .ok_or(()),
    )
}

/// The password challenger's reply: a Basic challenge only for requests with `X-CSRF-Token`.
fn challenge(shared: &Shared, headers: &HeaderMap) -> Response {
    let csrf = headers
        .get("X-CSRF-Token")
        .is_some_and(|v| !v.as_bytes().is_empty());
    let mut response = (StatusCode::UNAUTHORIZED, "").into_response();
    if csrf {
        shared.db().challenges += 1;
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"openshift\""),
        );
    } else {
        response.headers_mut().insert(
            header::WARNING,
            HeaderValue::from_static(
                "199 Origin \"A non-empty X-CSRF-Token header is required to receive basic-auth challenges\"",
            ),
        );
    }
    response
}

fn cookie_session(shared: &Shared, headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let id = cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == "ssn")
        .map(|(_, v)| v.to_owned())?;
    shared.db().sessions.get(&id).cloned()
}

fn loopback_redirect_ok(uri: &str) -> bool {
    let Ok(url) = url::Url::parse(uri) else {
        return false;
    };
    url.scheme() == "http"
        && matches!(url.host_str(), Some("127.0.0.1" | "[::1]"))
        && url.path() == "/callback"
        && url.query().is_none()
        && url.fragment().is_none()
}

async fn authorize(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let param = |name: &str| query.get(name).cloned();
    let client = param("client_id").unwrap_or_default();
    let response_type = param("response_type").unwrap_or_default();
    let oauth = shared.oauth_url.clone();
    match client.as_str() {
        CHALLENGING_CLIENT => {
            if response_type != "token" && response_type != "code" {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_response_type",
                    "The authorization server does not support obtaining an authorization code using this method.",
                );
            }
            match basic_user(&shared, &headers) {
                Some(Ok(user)) => {
                    let token = shared.new_token(&user, shared.lifetime());
                    shared.db().token_requests += 1;
                    let fragment = url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("access_token", &token)
                        .append_pair(
                            "expires_in",
                            &match shared.stated_expires_in() {
                                serde_json::Value::String(s) => s,
                                other => other.to_string(),
                            },
                        )
                        .append_pair("scope", "user:full")
                        .append_pair("token_type", "Bearer")
                        .finish();
                    redirect(&format!("{oauth}/oauth/token/implicit#{fragment}"))
                }
                // A wrong password is challenged again, as the real server does.
                Some(Err(())) | None => challenge(&shared, &headers),
            }
        }
        CLI_CLIENT | BROWSER_CLIENT => {
            let redirect_uri = param("redirect_uri").unwrap_or_default();
            let valid_redirect = if client == CLI_CLIENT {
                loopback_redirect_ok(&redirect_uri)
            } else {
                redirect_uri == format!("{oauth}/oauth/token/display")
            };
            if !valid_redirect {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. (redirect_uri does not match the client)",
                );
            }
            let back = |pairs: &[(&str, &str)]| {
                let mut url = url::Url::parse(&redirect_uri).expect("checked above");
                {
                    let mut q = url.query_pairs_mut();
                    for (k, v) in pairs {
                        q.append_pair(k, v);
                    }
                    if let Some(state) = query.get("state") {
                        q.append_pair("state", state);
                    }
                }
                redirect(url.as_str())
            };
            if response_type != "code" {
                return back(&[
                    ("error", "unsupported_response_type"),
                    (
                        "error_description",
                        "The authorization server does not support obtaining an authorization code using this method.",
                    ),
                ]);
            }
            let challenge = match (param("code_challenge"), param("code_challenge_method")) {
                (Some(c), method) => {
                    let method = method.unwrap_or_else(|| "plain".into());
                    if method != "S256" && method != "plain" {
                        return back(&[
                            ("error", "invalid_request"),
                            (
                                "error_description",
                                "code_challenge_method transform algorithm not supported",
                            ),
                        ]);
                    }
                    Some((c, method))
                }
                (None, _) if client == CLI_CLIENT => {
                    return back(&[
                        ("error", "invalid_request"),
                        (
                            "error_description",
                            "code_challenge (rfc7636) required for public clients",
                        ),
                    ]);
                }
                (None, _) => None,
            };
            let Some(user) = cookie_session(&shared, &headers) else {
                let then = format!(
                    "/oauth/authorize?{}",
                    url::form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(query.iter())
                        .finish()
                );
                let login = format!(
                    "{oauth}/login?{}",
                    url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("then", &then)
                        .finish()
                );
                return redirect(&login);
            };
            let code = random_b64(32);
            shared.db().codes.insert(
                code.clone(),
                CodeInfo {
                    client: client.clone(),
                    redirect_uri: redirect_uri.clone(),
                    challenge,
                    user,
                    expires_at: unix_now()
                        + i64::try_from(shared.config.code_lifetime.as_secs()).unwrap_or(300),
                    used: false,
                },
            );
            back(&[("code", &code)])
        }
        _ => oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "The client is not authorized to request a token using this method.",
        ),
    }
}

fn login_form(then: &str, error: Option<&str>) -> Html<String> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    Html(format!(
        "<!doctype html><html><head><title>Log in</title></head><body><h1>Log in to your account</h1>{}\
         <form action=\"/login\" method=\"POST\"><input type=\"hidden\" name=\"then\" value=\"{}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <input type=\"text\" name=\"username\" value=\"\"><input type=\"password\" name=\"password\" value=\"\">\
         <button type=\"submit\">Log in</button></form></body></html>",
        error
            .map(|e| format!("<p class=\"error\">{}</p>", esc(e)))
            .unwrap_or_default(),
        esc(then),
        random_b64(16),
    ))
}

async fn login_page(Query(query): Query<HashMap<String, String>>) -> Response {
    login_form(query.get("then").map_or("/", String::as_str), None).into_response()
}

async fn login(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let then = get("then");
    let user = shared
        .config
        .users
        .iter()
        .find(|u| u.name == get("username") && u.password == get("password"));
    let Some(user) = user else {
        return login_form(&then, Some("Invalid login or password. Please try again."))
            .into_response();
    };
    let session = random_b64(24);
    shared
        .db()
        .sessions
        .insert(session.clone(), user.name.clone());
    // Only a local path is followed after login (the real server refuses open redirects).
    let target = if then.starts_with('/') && !then.starts_with("//") {
        then
    } else {
        "/".into()
    };
    let mut response = redirect(&format!("{}{target}", shared.oauth_url));
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&format!("ssn={session}; Path=/; HttpOnly")).expect("a valid cookie"),
    );
    response
}

async fn token_request_page(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(user) = cookie_session(&shared, &headers) else {
        return redirect(&format!(
            "{}/login?then=%2Foauth%2Ftoken%2Frequest",
            shared.oauth_url
        ));
    };
    let token = shared.new_token(&user, shared.lifetime());
    Html(format!(
        "<!doctype html><html><body><h2>Your API token is</h2><pre><code id=\"token\">{token}</code></pre>\
         <h2>Log in with this token</h2><pre>oc login --token={token} --server={}</pre></body></html>",
        shared.api_url
    ))
    .into_response()
}

async fn implicit_page() -> Html<&'static str> {
    Html("<!doctype html><html><body>Click to copy your token</body></html>")
}

async fn token(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| form.get(k).cloned();
    if get("grant_type").as_deref() != Some("authorization_code") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        );
    }
    let invalid_grant = |why: &str| {
        oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            &format!(
                "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client. ({why})"
            ),
        )
    };
    let Some(code) = get("code") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "code is required",
        );
    };
    let client = get("client_id").unwrap_or_default();
    let info = {
        let mut db = shared.db();
        let Some(info) = db.codes.get_mut(&code) else {
            return invalid_grant("unknown code");
        };
        if info.used {
            return invalid_grant("the code was already used");
        }
        info.used = true;
        info.clone()
    };
    if info.expires_at <= unix_now() {
        return invalid_grant("the code has expired");
    }
    if info.client != client {
        return invalid_grant("the code was issued to another client");
    }
    if get("redirect_uri").as_deref() != Some(info.redirect_uri.as_str()) {
        return invalid_grant("redirect_uri does not match");
    }
    if let Some((challenge, method)) = &info.challenge {
        let Some(verifier) = get("code_verifier") else {
            return invalid_grant("code_verifier missing");
        };
        let computed = if method == "S256" {
            URL_SAFE_NO_PAD.encode(ring::digest::digest(
                &ring::digest::SHA256,
                verifier.as_bytes(),
            ))
        } else {
            verifier
        };
        if &computed != challenge {
            return invalid_grant("code_verifier does not match the code_challenge");
        }
    }
    let lifetime = shared.lifetime();
    let token = shared.new_token(&info.user, lifetime);
    shared.db().token_requests += 1;
    axum::Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": shared.stated_expires_in(),
        "scope": "user:full",
    }))
    .into_response()
}

/// A browser stand-in for the OAuth server's login page: follows redirects on the OAuth
/// server, posts the login form as `user`, and returns the first redirect that leaves it
/// (to the client's `redirect_uri`), with its `code` and `state` (or `error`).
pub async fn browser_login(
    browser: &reqwest::Client,
    oauth_url: &str,
    authorization_url: &str,
    user: &str,
    password: &str,
) -> Result<url::Url> {
    let mut next = Some((authorization_url.to_owned(), None::<Vec<(String, String)>>));
    for _ in 0..10 {
        let Some((url, form)) = next.take() else {
            break;
        };
        let request = match &form {
            Some(form) => browser.post(&url).form(form),
            None => browser.get(&url),
        };
        let response = request
            .send()
            .await
            .map_err(|e| Error::http(format!("visit {url}"), e))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| Error::Other(format!("{status} from {url} without Location")))?;
            let target = url::Url::parse(&url)
                .and_then(|b| b.join(location))
                .map_err(|e| Error::Other(format!("bad Location {location}: {e}")))?;
            if !target.as_str().starts_with(oauth_url) {
                return Ok(target);
            }
            next = Some((target.to_string(), None));
            continue;
        }
        let body = response.text().await.unwrap_or_default();
        if status != StatusCode::OK {
            return Err(Error::Unexpected {
                context: format!("GET {url}"),
                status: status.as_u16(),
                body,
            });
        }
        if body.contains("Invalid login or password") {
            return Err(Error::Other("the login page refused the password".into()));
        }
        let form = crate::oidc::first_form(&body)
            .ok_or_else(|| Error::Other(format!("no form on {url}: {body}")))?;
        let fields = form
            .fields
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                "username" => (k, user.to_owned()),
                "password" => (k, password.to_owned()),
                _ => (k, v),
            })
            .collect();
        let action = url::Url::parse(&url)
            .and_then(|b| b.join(&form.action))
            .map_err(|e| Error::Other(format!("bad form action: {e}")))?;
        next = Some((action.to_string(), Some(fields)));
    }
    Err(Error::Other(format!(
        "the login from {authorization_url} did not reach the redirect URI"
    )))
}
