//! One kubeconfig context becomes an OpenShift connection, signed in with its token.
//!
//! Order matters: everything that can be checked is checked before anything is written (the
//! context, its CA, its token file, the connection's name and URL); then the connection is
//! saved, its CA goes to the app's CA store as "Trust this CA" puts it
//! (`<config>/ca/<connection-id>.pem`, [`certs::trust_ca_file`]), and only then is the token
//! tried, exactly as a pasted token is (`/apis/user.openshift.io/v1/users/~`, then the OS
//! keyring). A token the cluster refuses leaves the connection in place: the user signs in
//! another way. The token never leaves the backend.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use connections::{Connection, ConnectionDraft, ConnectionKind, SettingsStore, TlsMode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Kubeconfig, Locations, ResolvedTls};
use crate::error::{Error, Result};
use crate::openshift::OpenShift;
use crate::session::{SessionStore, SignInStatus};

/// What the user chose to import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KubeconfigImport {
    /// The kubeconfig path as typed, or `null` for `$KUBECONFIG` / `~/.kube/config`.
    pub path: Option<String>,
    /// The context.
    pub context: String,
    /// The new connection's name.
    pub name: String,
}

/// How the sign-in with the context's token went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "result", rename_all = "camelCase")]
pub enum ImportedSignIn {
    /// The context has no token this app can use: the user signs in from the connection's row.
    NoToken,
    /// Signed in; the token is in the OS keyring.
    SignedIn {
        /// Who, as the cluster says.
        status: SignInStatus,
    },
    /// The cluster refused the token (401: expired, revoked, or for another cluster).
    TokenRefused {
        /// In words.
        message: String,
        /// The cluster's own message.
        detail: Option<String>,
    },
    /// The token was accepted but the OS keyring could not keep it; the sign-in waits for
    /// "keep for this session only" (`auth_keep_for_session`).
    KeyringUnavailable {
        /// In words.
        message: String,
        /// The keyring's reason.
        detail: Option<String>,
    },
    /// The token could not be checked (the cluster unreachable, a TLS failure, an answer
    /// that is not OpenShift's).
    Failed {
        /// In words.
        message: String,
        /// The underlying reason.
        detail: Option<String>,
    },
}

/// The imported connection and how its sign-in went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KubeconfigImported {
    /// The saved connection.
    pub connection: Connection,
    /// The sign-in with the context's token.
    pub sign_in: ImportedSignIn,
}

/// Imports `request.context` as an OpenShift connection named `request.name`, then signs in
/// with its token when it has one. Errors mean nothing was written; a refused token is not an
/// error (the connection is kept, see [`ImportedSignIn`]).
pub async fn import(
    locations: &Locations,
    request: &KubeconfigImport,
    settings: &Mutex<SettingsStore>,
    ca_dir: &Path,
    sessions: Arc<SessionStore>,
) -> Result<KubeconfigImported> {
    let resolved =
        Kubeconfig::load(locations, request.path.as_deref())?.resolve(&request.context)?;
    let draft = ConnectionDraft {
        name: request.name.clone(),
        kind: ConnectionKind::Openshift,
        url: resolved.server.clone(),
        tls: match resolved.tls {
            ResolvedTls::Insecure => TlsMode::Insecure,
            _ => TlsMode::System,
        },
        openshift_version: None,
    };
    let connection = {
        let mut store = settings.lock().unwrap_or_else(PoisonError::into_inner);
        // `add` refuses a taken name or an unusable URL before it writes anything.
        let added = store.add(&draft)?;
        match &resolved.tls {
            ResolvedTls::Ca { name, bytes } => {
                match certs::trust_ca_file(name, bytes, ca_dir, &mut store, &added.id) {
                    Ok(with_ca) => with_ca,
                    Err(e) => {
                        // Nothing half-written: the connection goes again.
                        let _ = store.remove(&added.id);
                        return Err(e.into());
                    }
                }
            }
            _ => added,
        }
    };
    let sign_in = match resolved.token {
        None => ImportedSignIn::NoToken,
        Some(token) => sign_in(&connection, token, sessions).await,
    };
    Ok(KubeconfigImported {
        connection,
        sign_in,
    })
}

/// The pasted-token sign-in (`auth_openshift_token`), with its failures as data.
async fn sign_in(
    connection: &Connection,
    token: vault::Secret,
    sessions: Arc<SessionStore>,
) -> ImportedSignIn {
    let checked = async {
        OpenShift::new(&connection.url, &connection.tls)?
            .login_with_token(token)
            .await
    }
    .await;
    let session = match checked {
        Ok(session) => session,
        Err(e @ Error::InvalidToken { .. }) => {
            return ImportedSignIn::TokenRefused {
                message: sentence(&e),
                detail: e.detail(),
            };
        }
        Err(e) => {
            return ImportedSignIn::Failed {
                message: sentence(&e),
                detail: e.detail(),
            };
        }
    };
    let bound_to = connection.clone();
    // The keyring may block up to its own timeout (an unlock prompt): off the async workers.
    let saved = tokio::task::spawn_blocking(move || {
        let storage = sessions.save(&bound_to, session.clone())?;
        Ok::<_, Error>(session.status(&bound_to.id, storage))
    })
    .await;
    match saved {
        Ok(Ok(status)) => ImportedSignIn::SignedIn { status },
        Ok(Err(e @ Error::Keyring { .. })) => ImportedSignIn::KeyringUnavailable {
            message: sentence(&e),
            detail: e.detail(),
        },
        Ok(Err(e)) => ImportedSignIn::Failed {
            message: sentence(&e),
            detail: e.detail(),
        },
        Err(e) => ImportedSignIn::KeyringUnavailable {
            message: "The OS keyring call did not finish.".to_owned(),
            detail: Some(e.to_string()),
        },
    }
}

/// An error as one sentence: capitalised, with a full stop.
fn sentence(error: &Error) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}
