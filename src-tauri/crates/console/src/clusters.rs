//! The Access page's cluster clients: one `cluster::ClusterClient` per OpenShift connection,
//! signed in with the connection's OpenShift or OIDC session (read in one place,
//! [`Console::cluster`]), made anew when the connection or its token changes.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

use cluster::ClusterClient;
use connections::{Connection, ConnectionKind};
use vault::Secret;

use crate::{Console, Error, Result, lock};

/// Cluster clients, one per connection, with the connection and token each was made for.
#[derive(Default)]
pub struct Clusters {
    clients: Mutex<HashMap<String, (Connection, Secret, ClusterClient)>>,
}

impl Clusters {
    /// The kept client of `connection` when it was made for this connection and `token`, or a
    /// new one (kept for the next call).
    fn client(&self, connection: &Connection, token: &Secret) -> Result<ClusterClient> {
        let mut clients = lock(&self.clients);
        if let Some((seen, seen_token, client)) = clients.get(&connection.id)
            && seen == connection
            && seen_token.expose() == token.expose()
        {
            return Ok(client.clone());
        }
        let client = ClusterClient::new(&connection.url, &connection.tls, token.clone())?;
        clients.insert(
            connection.id.clone(),
            (connection.clone(), token.clone(), client.clone()),
        );
        Ok(client)
    }

    /// Forgets the client of `connection_id` if it still uses `token`.
    fn drop_if_token(&self, connection_id: &str, token: &Secret) {
        let mut clients = lock(&self.clients);
        if clients
            .get(connection_id)
            .is_some_and(|(_, seen, _)| seen.expose() == token.expose())
        {
            clients.remove(connection_id);
        }
    }

    /// Forgets the client of `connection_id` (the connection was edited or removed).
    pub(crate) fn drop_client(&self, connection_id: &str) {
        lock(&self.clients).remove(connection_id);
    }
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusters").finish_non_exhaustive()
    }
}

impl Console {
    /// The saved OpenShift connection `id`; [`Error::NotOpenShift`] for another kind.
    pub fn openshift_connection(&self, id: &str) -> Result<Connection> {
        let connection = self.connection(id)?;
        if connection.kind != ConnectionKind::Openshift {
            return Err(Error::NotOpenShift {
                connection: connection.name,
            });
        }
        Ok(connection)
    }

    /// Runs `request` with the client of the OpenShift connection `connection_id`, signed in
    /// with its session's token (an OIDC token about to expire is refreshed first, once however
    /// many calls ask at the same time). Without a session, or with an expired one,
    /// [`Error::SignInRequired`]. When the cluster refuses the token (401), the session that
    /// still holds it is forgotten (keyring entry and client), so the status shows signed-out
    /// and the UI's sign-in dialog asks again; a newer sign-in saved meanwhile is kept.
    pub async fn cluster<T, F, Fut>(&self, connection_id: &str, request: F) -> Result<T>
    where
        F: FnOnce(ClusterClient) -> Fut,
        Fut: Future<Output = cluster::Result<T>>,
    {
        let connection = self.openshift_connection(connection_id)?;
        let token = match self.sign_ins.bearer(&connection).await? {
            auth::Bearer::Token(token) => token,
            auth::Bearer::Expired => {
                return Err(Error::SignInRequired {
                    connection: connection.name,
                    expired: true,
                });
            }
            auth::Bearer::Missing => {
                return Err(Error::SignInRequired {
                    connection: connection.name,
                    expired: false,
                });
            }
        };
        let client = self.clusters.client(&connection, &token)?;
        match request(client).await {
            Err(error) if error.is_sign_in_required() => {
                self.clusters.drop_if_token(connection_id, &token);
                // The refusal is what the user must see; a keyring that cannot delete now
                // only leaves the stale entry to be refused again.
                let _ = self.sign_ins.drop_refused(&connection, token).await;
                Err(error.into())
            }
            result => Ok(result?),
        }
    }
}
