//! OpenShift and OpenID Connect sign-ins: sessions kept by `auth::SessionStore` (the OS
//! keyring, or this session only), and the browser sign-ins waiting for their redirect, which
//! the user can cancel by id.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use auth::browser::{BrowserOptions, Cancel, DEFAULT_BROWSER_TIMEOUT};
use auth::oidc::OidcProvider;
use auth::openshift::{OpenShift, OpenShiftOAuthInfo};
use auth::{Bearer, BrowserOpener, Session, SessionStore, SignInStatus};
use connections::Connection;
use vault::Secret;

use crate::{Console, Result, lock};

/// Sessions and the browser sign-ins waiting for their redirect.
pub struct SignIns {
    store: Arc<SessionStore>,
    /// Sign-in id → what cancels it, while it waits for the browser.
    waiting: Mutex<HashMap<String, Cancel>>,
}

impl std::fmt::Debug for SignIns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIns").finish_non_exhaustive()
    }
}

/// A browser sign-in's entry in [`SignIns::waiting`], removed when it ends, also when its
/// caller stops waiting for it. (A Quay token generated in the browser waits the same way, so
/// `auth_cancel` stops it too.)
pub(crate) struct Waiting<'a> {
    sign_ins: &'a SignIns,
    id: String,
    pub(crate) options: BrowserOptions,
}

impl<'a> Waiting<'a> {
    pub(crate) fn start(sign_ins: &'a SignIns, id: &str) -> Self {
        let options = BrowserOptions {
            timeout: DEFAULT_BROWSER_TIMEOUT,
            cancel: Cancel::new(),
        };
        lock(&sign_ins.waiting).insert(id.to_owned(), options.cancel.clone());
        Self {
            sign_ins,
            id: id.to_owned(),
            options,
        }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        lock(&self.sign_ins.waiting).remove(&self.id);
    }
}

/// The OpenShift cluster of `connection`.
fn openshift(connection: &Connection) -> Result<OpenShift> {
    Ok(OpenShift::new(&connection.url, &connection.tls)?)
}

impl SignIns {
    /// Sessions kept by `store`.
    pub fn new(store: Arc<SessionStore>) -> Self {
        Self {
            store,
            waiting: Mutex::default(),
        }
    }

    /// The session store (the kubeconfig import signs in through it; removing a connection
    /// deletes from it).
    pub fn store(&self) -> Arc<SessionStore> {
        Arc::clone(&self.store)
    }

    /// Runs a keyring call on the blocking pool: the keyring may take up to its timeout (an
    /// unlock prompt), and the async workers must keep serving other calls.
    pub(crate) async fn with_store<T, F>(&self, call: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&SessionStore) -> auth::Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        match tokio::task::spawn_blocking(move || call(&store)).await {
            Ok(result) => Ok(result?),
            Err(e) => Err(vault::Error::Other {
                reason: format!("the keyring call did not finish: {e}"),
            }
            .into()),
        }
    }

    /// Stores a new session, bound to `connection` as it is now: in the keyring, or an
    /// [`auth::Error::Keyring`] with the session waiting for the user's "this session only".
    async fn keep(&self, connection: &Connection, session: Session) -> Result<SignInStatus> {
        // A refresh of the old session running now would save its tokens over this sign-in.
        let lock = self.store.refresh_lock(&connection.id);
        let _refreshing = lock.lock().await;
        let connection = connection.clone();
        self.with_store(move |store| {
            let storage = store.save(&connection, session.clone())?;
            Ok(session.status(&connection.id, storage))
        })
        .await
    }

    /// What the connection's session gives to call its cluster with: an OIDC token about to
    /// expire is refreshed first (once, however many calls ask at the same time); an expired
    /// one without a refresh token is forgotten.
    pub async fn bearer(&self, connection: &Connection) -> Result<Bearer> {
        Ok(auth::oidc::fresh_bearer(&self.store, connection).await?)
    }

    /// Forgets the connection's session when its token is still `refused` (the cluster
    /// answered 401). A newer sign-in saved meanwhile is kept.
    pub async fn drop_refused(&self, connection: &Connection, refused: Secret) -> Result<bool> {
        let connection = connection.clone();
        self.with_store(move |store| store.remove_if_token(&connection, &refused))
            .await
    }

    /// The stored sign-in of `connection`, or `None` (also when it was given for another
    /// origin or TLS mode than the connection's now).
    pub async fn status(&self, connection: &Connection) -> Result<Option<SignInStatus>> {
        let connection = connection.clone();
        self.with_store(move |store| {
            Ok(store
                .load(&connection)?
                .map(|(session, storage)| session.status(&connection.id, storage)))
        })
        .await
    }

    /// The cluster's OAuth server, for the dialog's token request link.
    pub async fn openshift_discover(&self, connection: &Connection) -> Result<OpenShiftOAuthInfo> {
        Ok(openshift(connection)?.discover().await?.info())
    }

    /// Signs in through the system browser (`oc login --web`); [`SignIns::cancel`] with
    /// `sign_in_id` stops the wait for the redirect.
    pub async fn openshift_browser(
        &self,
        connection: &Connection,
        client_id: &str,
        browser: &dyn BrowserOpener,
        sign_in_id: &str,
    ) -> Result<SignInStatus> {
        let session = {
            let waiting = Waiting::start(self, sign_in_id);
            openshift(connection)?
                .login_with_browser(client_id.trim(), browser, &waiting.options)
                .await?
        };
        self.keep(connection, session).await
    }

    /// Signs in with a user name and password (`oc login -u`).
    pub async fn openshift_password(
        &self,
        connection: &Connection,
        username: &str,
        password: Secret,
    ) -> Result<SignInStatus> {
        let session = openshift(connection)?
            .login_with_password(username.trim(), &password)
            .await?;
        self.keep(connection, session).await
    }

    /// Signs in with a pasted token (`oc whoami -t`).
    pub async fn openshift_token(
        &self,
        connection: &Connection,
        token: Secret,
    ) -> Result<SignInStatus> {
        let session = openshift(connection)?.login_with_token(token).await?;
        self.keep(connection, session).await
    }

    /// Signs in to the OpenID Connect provider `issuer` through the system browser.
    pub async fn oidc_browser(
        &self,
        connection: &Connection,
        issuer: &str,
        client_id: &str,
        browser: &dyn BrowserOpener,
        sign_in_id: &str,
    ) -> Result<SignInStatus> {
        let session = {
            let waiting = Waiting::start(self, sign_in_id);
            OidcProvider::discover_for(issuer.trim(), &connection.url, &connection.tls)
                .await?
                .login(client_id.trim(), browser, &waiting.options)
                .await?
        };
        self.keep(connection, session).await
    }

    /// Cancels the browser sign-in `sign_in_id`; nothing when it has ended already.
    pub fn cancel(&self, sign_in_id: &str) {
        if let Some(cancel) = lock(&self.waiting).remove(sign_in_id) {
            cancel.cancel();
        }
    }

    /// Keeps a sign-in the keyring refused in memory until the app quits (the user's choice).
    pub async fn keep_for_session(&self, connection_id: &str) -> Result<SignInStatus> {
        let id = connection_id.to_owned();
        self.with_store(move |store| store.keep_for_session(&id))
            .await
    }

    /// Uses the OIDC refresh token once; the rotated one is stored before this returns.
    pub async fn refresh(&self, connection: &Connection) -> Result<SignInStatus> {
        Ok(auth::oidc::refresh_stored(&self.store, connection).await?)
    }

    /// Signs out of `connection_id`: deletes its session and revokes the token where it was
    /// issued (OpenShift as `oc logout` does; an OIDC provider at its RFC 7009 revocation
    /// endpoint, if it has one) when the connection is `still_saved`.
    pub async fn sign_out(
        &self,
        connection_id: &str,
        still_saved: Option<&Connection>,
    ) -> Result<()> {
        // A refresh running now would save the session again after it was removed.
        let lock = self.store.refresh_lock(connection_id);
        let _refreshing = lock.lock().await;
        let id = connection_id.to_owned();
        let removed = self.with_store(move |store| store.remove(&id)).await?;
        if let (Some(session), Some(connection)) = (removed, still_saved) {
            // The local sign-out has happened; a server that cannot be reached keeps the token
            // until it expires, which is what `oc logout` does too.
            let _ = auth::revoke::revoke(&session, connection).await;
        }
        Ok(())
    }
}

impl Console {
    /// Runs the OpenShift or OIDC sign-in `work` (one of [`SignIns`]' sign-ins) for
    /// `connection` and records it, as the user the server said.
    pub async fn cluster_sign_in<Fut>(
        &self,
        connection: &Connection,
        work: Fut,
    ) -> Result<SignInStatus>
    where
        Fut: std::future::Future<Output = Result<SignInStatus>>,
    {
        let result = work.await;
        let mut entry = Self::entry(audit::Action::SignIn, connection);
        if let Ok(status) = &result {
            entry = entry.user(Some(&status.identity.user));
        }
        self.recorded(entry, async { result }).await
    }

    /// Signs out of the connection `connection_id` ([`SignIns::sign_out`]), revoking its token
    /// at the server it names now.
    pub async fn sign_out_of_cluster(&self, connection_id: &str) -> Result<()> {
        let entry = self.entry_for(audit::Action::SignOut, connection_id);
        self.recorded(entry, self.sign_out_of_cluster_unrecorded(connection_id))
            .await
    }

    async fn sign_out_of_cluster_unrecorded(&self, connection_id: &str) -> Result<()> {
        let saved = self.connection(connection_id).ok();
        self.sign_ins
            .sign_out(connection_id, saved.as_ref())
            .await?;
        self.clusters.drop_client(connection_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_sign_in_is_forgotten_when_it_ends_and_cancelling_an_unknown_one_is_nothing() {
        let sign_ins = SignIns::new(Arc::new(SessionStore::new(Arc::new(
            vault::MemoryStore::new(),
        ))));
        let waiting = Waiting::start(&sign_ins, "s1");
        sign_ins.cancel("s1");
        assert!(waiting.options.cancel.is_cancelled());
        drop(waiting);
        assert!(lock(&sign_ins.waiting).is_empty());
        sign_ins.cancel("s1");
        sign_ins.cancel("never-started");
    }
}
