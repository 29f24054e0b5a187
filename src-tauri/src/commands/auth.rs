//! Signing in to OpenShift clusters and OpenID Connect providers: adapters over the `auth`
//! crate. Sessions live in the OS keyring through `auth::SessionStore`; a browser sign-in in
//! progress can be cancelled by its id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use auth::browser::{BrowserOptions, Cancel, DEFAULT_BROWSER_TIMEOUT};
use auth::oidc::OidcProvider;
use auth::openshift::{OpenShift, OpenShiftOAuthInfo};
use auth::{BrowserOpener, Session, SessionStore, SignInStatus};
use connections::{Connection, SettingsStore};
use ipc::CommandError;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use vault::{KeyringStore, Secret};

/// Sessions (in the OS keyring) and the browser sign-ins waiting for their redirect.
pub struct Auth {
    store: Arc<SessionStore>,
    waiting: Mutex<HashMap<String, Cancel>>,
}

impl Default for Auth {
    fn default() -> Self {
        Self {
            store: Arc::new(SessionStore::new(Arc::new(KeyringStore::new()))),
            waiting: Mutex::new(HashMap::new()),
        }
    }
}

/// Runs a keyring call on a blocking thread: the keyring may take up to its timeout (an
/// unlock prompt), and the async runtime's workers must keep serving other commands.
async fn with_store<T, F>(auth: &Auth, call: F) -> Result<T, CommandError>
where
    T: Send + 'static,
    F: FnOnce(&SessionStore) -> auth::Result<T> + Send + 'static,
{
    let store = auth.store.clone();
    tauri::async_runtime::spawn_blocking(move || call(&store))
        .await
        .map_err(|e| {
            CommandError::new(
                ipc::ErrorCode::KeyringUnavailable,
                "The OS keyring call did not finish.",
            )
            .with_detail(Some(e.to_string()))
        })?
        .map_err(CommandError::from)
}

/// What the connection's stored session gives to call its cluster with, for the Access page's
/// cluster calls: an OIDC token about to expire is refreshed first (once, however many calls
/// ask at the same time), an expired one without a refresh token is forgotten.
pub(crate) async fn session_bearer(
    auth: &Auth,
    connection: &Connection,
) -> Result<auth::Bearer, CommandError> {
    Ok(auth::oidc::fresh_bearer(&auth.store, connection).await?)
}

/// Forgets the connection's session when its token is still `refused` (the cluster answered
/// 401): the status then shows signed-out. A newer sign-in saved meanwhile is kept.
pub(crate) async fn drop_refused_session(
    auth: &Auth,
    connection: &Connection,
    refused: Secret,
) -> Result<bool, CommandError> {
    let connection = connection.clone();
    with_store(auth, move |store| {
        store.remove_if_token(&connection, &refused)
    })
    .await
}

use super::{connection, lock};

/// The user's default browser, opened through Tauri's opener plugin (`xdg-open` and its
/// fallbacks on Linux, Launch Services on macOS, the shell on Windows).
struct SystemBrowser(AppHandle);

impl BrowserOpener for SystemBrowser {
    fn open(&self, url: &url::Url) -> auth::Result<()> {
        self.0
            .opener()
            .open_url(url.as_str(), None::<&str>)
            .map_err(|e| auth::Error::BrowserNotOpened {
                reason: e.to_string(),
            })
    }
}

fn cluster(connection: &Connection) -> Result<OpenShift, CommandError> {
    Ok(OpenShift::new(&connection.url, &connection.tls)?)
}

/// Stores a new session, bound to `connection` as it is now: the keyring, or a
/// [`ipc::ErrorCode::KeyringUnavailable`] error with the session waiting for the user's
/// "this session only".
async fn keep(
    auth: &Auth,
    connection: &Connection,
    session: Session,
) -> Result<SignInStatus, CommandError> {
    // A refresh of the old session running now would save its tokens over this sign-in.
    let lock = auth.store.refresh_lock(&connection.id);
    let _refreshing = lock.lock().await;
    let connection = connection.clone();
    with_store(auth, move |store| {
        let storage = store.save(&connection, session.clone())?;
        Ok(session.status(&connection.id, storage))
    })
    .await
}

impl Auth {
    /// The session store, for the kubeconfig import's sign-in.
    pub(crate) fn sessions(&self) -> Arc<SessionStore> {
        self.store.clone()
    }

    fn browser_options(&self, sign_in_id: &str) -> BrowserOptions {
        let options = BrowserOptions {
            timeout: DEFAULT_BROWSER_TIMEOUT,
            cancel: Cancel::new(),
        };
        lock(&self.waiting).insert(sign_in_id.to_owned(), options.cancel.clone());
        options
    }

    fn done(&self, sign_in_id: &str) {
        lock(&self.waiting).remove(sign_in_id);
    }
}

/// The stored sign-in of a connection, or `null` (also when it was given for another origin
/// or TLS mode than the connection's now).
#[tauri::command]
pub async fn auth_status(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    connection_id: String,
) -> Result<Option<SignInStatus>, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    with_store(&auth, move |store| {
        Ok(store
            .load(&connection)?
            .map(|(session, storage)| session.status(&connection.id, storage)))
    })
    .await
}

/// The cluster's OAuth server, for the dialog's token request link.
#[tauri::command]
pub async fn auth_openshift_discover(
    settings: State<'_, Mutex<SettingsStore>>,
    connection_id: String,
) -> Result<OpenShiftOAuthInfo, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(cluster(&connection)?.discover().await?.info())
}

/// Signs in through the system browser (`oc login --web`).
#[tauri::command]
pub async fn auth_openshift_browser(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    app: AppHandle,
    connection_id: String,
    client_id: String,
    sign_in_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let options = auth.browser_options(&sign_in_id);
    let result = cluster(&connection)?
        .login_with_browser(client_id.trim(), &SystemBrowser(app), &options)
        .await;
    auth.done(&sign_in_id);
    keep(&auth, &connection, result?).await
}

/// Signs in with a user name and password (`oc login -u`).
#[tauri::command]
pub async fn auth_openshift_password(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    connection_id: String,
    username: String,
    password: String,
) -> Result<SignInStatus, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let password = Secret::new(password);
    let session = cluster(&connection)?
        .login_with_password(username.trim(), &password)
        .await?;
    keep(&auth, &connection, session).await
}

/// Signs in with a pasted token (`oc whoami -t`).
#[tauri::command]
pub async fn auth_openshift_token(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    connection_id: String,
    token: String,
) -> Result<SignInStatus, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let session = cluster(&connection)?
        .login_with_token(Secret::new(token))
        .await?;
    keep(&auth, &connection, session).await
}

/// Signs in to an OpenID Connect provider through the system browser.
#[tauri::command]
pub async fn auth_oidc_browser(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    app: AppHandle,
    connection_id: String,
    issuer: String,
    client_id: String,
    sign_in_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    let options = auth.browser_options(&sign_in_id);
    let result = async {
        let provider =
            OidcProvider::discover_for(issuer.trim(), &connection.url, &connection.tls).await?;
        provider
            .login(client_id.trim(), &SystemBrowser(app), &options)
            .await
    }
    .await;
    auth.done(&sign_in_id);
    keep(&auth, &connection, result?).await
}

/// Cancels a browser sign-in that waits for its redirect.
#[tauri::command]
pub async fn auth_cancel(auth: State<'_, Auth>, sign_in_id: String) -> Result<(), CommandError> {
    if let Some(cancel) = lock(&auth.waiting).remove(&sign_in_id) {
        cancel.cancel();
    }
    Ok(())
}

/// Keeps a sign-in the keyring refused in memory until the app quits (the user's choice).
#[tauri::command]
pub async fn auth_keep_for_session(
    auth: State<'_, Auth>,
    connection_id: String,
) -> Result<SignInStatus, CommandError> {
    with_store(&auth, move |store| store.keep_for_session(&connection_id)).await
}

/// Uses the OIDC refresh token once; the rotated one is stored before this returns.
#[tauri::command]
pub async fn auth_refresh(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    connection_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = connection(&settings, &connection_id)?;
    Ok(auth::oidc::refresh_stored(&auth.store, &connection).await?)
}

/// Signs out: deletes the keyring entry and revokes the token where it was issued (OpenShift
/// as `oc logout` does; an OIDC provider at its RFC 7009 revocation endpoint, if it has one).
#[tauri::command]
pub async fn auth_sign_out(
    settings: State<'_, Mutex<SettingsStore>>,
    auth: State<'_, Auth>,
    connection_id: String,
) -> Result<(), CommandError> {
    // A refresh running now would save the session again after it was removed.
    let lock = auth.store.refresh_lock(&connection_id);
    let _refreshing = lock.lock().await;
    let id = connection_id.clone();
    let removed = with_store(&auth, move |store| store.remove(&id)).await?;
    if let Some(session) = removed
        && let Ok(connection) = connection(&settings, &connection_id)
    {
        // The local sign-out has happened; a server that cannot be reached keeps the token
        // until it expires, which is what `oc logout` does too.
        let _ = auth::revoke::revoke(&session, &connection).await;
    }
    Ok(())
}
