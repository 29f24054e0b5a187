//! Signing in to OpenShift clusters and OpenID Connect providers: adapters over
//! `console::SignIns`. The one thing only the shell can do is open the system browser.

use auth::SignInStatus;
use auth::openshift::OpenShiftOAuthInfo;
use console::Console;
use ipc::CommandError;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use vault::Secret;

/// The user's default browser, opened through Tauri's opener plugin (`xdg-open` and its
/// fallbacks on Linux, Launch Services on macOS, the shell on Windows).
pub(crate) struct SystemBrowser(pub(crate) AppHandle);

impl auth::BrowserOpener for SystemBrowser {
    fn open(&self, url: &url::Url) -> auth::Result<()> {
        self.0
            .opener()
            .open_url(url.as_str(), None::<&str>)
            .map_err(|e| auth::Error::BrowserNotOpened {
                reason: e.to_string(),
            })
    }
}

/// The stored sign-in of a connection, or `null` (also when it was given for another origin
/// or TLS mode than the connection's now).
#[tauri::command]
pub async fn auth_status(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<Option<SignInStatus>, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console.sign_ins().status(&connection).await?)
}

/// The cluster's OAuth server, for the dialog's token request link.
#[tauri::command]
pub async fn auth_openshift_discover(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<OpenShiftOAuthInfo, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console.sign_ins().openshift_discover(&connection).await?)
}

/// Signs in through the system browser (`oc login --web`).
#[tauri::command]
pub async fn auth_openshift_browser(
    console: State<'_, Console>,
    app: AppHandle,
    connection_id: String,
    client_id: String,
    sign_in_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = console.connection(&connection_id)?;
    let browser = SystemBrowser(app);
    let work = console
        .sign_ins()
        .openshift_browser(&connection, &client_id, &browser, &sign_in_id);
    Ok(console.cluster_sign_in(&connection, work).await?)
}

/// Signs in with a user name and password (`oc login -u`).
#[tauri::command]
pub async fn auth_openshift_password(
    console: State<'_, Console>,
    connection_id: String,
    username: String,
    password: String,
) -> Result<SignInStatus, CommandError> {
    let connection = console.connection(&connection_id)?;
    let work = console
        .sign_ins()
        .openshift_password(&connection, &username, Secret::new(password));
    Ok(console.cluster_sign_in(&connection, work).await?)
}

/// Signs in with a pasted token (`oc whoami -t`).
#[tauri::command]
pub async fn auth_openshift_token(
    console: State<'_, Console>,
    connection_id: String,
    token: String,
) -> Result<SignInStatus, CommandError> {
    let connection = console.connection(&connection_id)?;
    let work = console
        .sign_ins()
        .openshift_token(&connection, Secret::new(token));
    Ok(console.cluster_sign_in(&connection, work).await?)
}

/// Signs in to an OpenID Connect provider through the system browser.
#[tauri::command]
pub async fn auth_oidc_browser(
    console: State<'_, Console>,
    app: AppHandle,
    connection_id: String,
    issuer: String,
    client_id: String,
    sign_in_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = console.connection(&connection_id)?;
    let browser = SystemBrowser(app);
    let work =
        console
            .sign_ins()
            .oidc_browser(&connection, &issuer, &client_id, &browser, &sign_in_id);
    Ok(console.cluster_sign_in(&connection, work).await?)
}

/// Cancels a browser sign-in that waits for its redirect.
#[tauri::command]
pub async fn auth_cancel(
    console: State<'_, Console>,
    sign_in_id: String,
) -> Result<(), CommandError> {
    console.sign_ins().cancel(&sign_in_id);
    Ok(())
}

/// Keeps a sign-in the keyring refused in memory until the app quits (the user's choice).
#[tauri::command]
pub async fn auth_keep_for_session(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<SignInStatus, CommandError> {
    Ok(console.sign_ins().keep_for_session(&connection_id).await?)
}

/// Uses the OIDC refresh token once; the rotated one is stored before this returns.
#[tauri::command]
pub async fn auth_refresh(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<SignInStatus, CommandError> {
    let connection = console.connection(&connection_id)?;
    Ok(console.sign_ins().refresh(&connection).await?)
}

/// Signs out: deletes the keyring entry and revokes the token where it was issued (OpenShift
/// as `oc logout` does; an OIDC provider at its RFC 7009 revocation endpoint, if it has one).
#[tauri::command]
pub async fn auth_sign_out(
    console: State<'_, Console>,
    connection_id: String,
) -> Result<(), CommandError> {
    Ok(console.sign_out_of_cluster(&connection_id).await?)
}
