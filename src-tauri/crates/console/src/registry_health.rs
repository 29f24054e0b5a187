//! The Health and Metrics tabs of a registry connection: its checks, its debug server's
//! address (saved beside the connection), the series of its metrics scrapes, and the OpenShift
//! registry's metrics secret.
//!
//! The metrics secret is a connection's secret like its sign-in: one entry per connection in
//! the one store of a connection's secrets ([`vault::BoundStore`]), account
//! `metrics:<connection id>`, bound to the origin and TLS mode it was given for, so it is
//! never sent after the connection is pointed elsewhere. It never goes back to the webview:
//! the UI learns only whether one is kept, and where.
//!
//! The scrapes of each connection and source are kept here ([`health::series::History`]), so
//! the points survive the tab being closed and opened again; they go with the connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use connections::Connection;
use health::metrics::MetricsSource;
use health::probe::HealthReport;
use health::series::{History, MetricsSeries};
use serde::{Deserialize, Serialize};
use url::Url;
use vault::bound::{BoundSecret, BoundStore};
use vault::{Binding, KeptIn, Secret, SecretStore};

use crate::{Console, Error, Result, lock};

/// The path of the OpenShift registry's metrics (seed 002).
pub const OPENSHIFT_METRICS_PATH: &str = "/extensions/v2/metrics";
/// The path of the distribution registry's metrics on its debug server.
pub const DEBUG_METRICS_PATH: &str = "/metrics";

/// The health checks' client: quicker to give up than browsing, as a check that hangs says
/// as much as one that fails; no redirect followed.
fn check_options() -> net::Options {
    net::Options {
        connect_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(15),
        redirects: 0,
    }
}

/// The OpenShift registry's metrics secret, as its keyring entry holds it.
#[derive(Clone)]
pub struct MetricsSecret(pub Secret);

#[derive(Serialize)]
struct StoredRef<'a> {
    secret: &'a str,
    origin: &'a str,
    tls: &'a connections::TlsMode,
}

#[derive(Deserialize)]
struct Stored {
    secret: String,
    origin: String,
    tls: connections::TlsMode,
}

impl BoundSecret for MetricsSecret {
    type Error = vault::Error;

    fn account(connection_id: &str) -> String {
        format!("metrics:{connection_id}")
    }

    fn encode(&self, _connection_id: &str, binding: &Binding) -> vault::Result<Secret> {
        let stored = StoredRef {
            secret: self.0.expose(),
            origin: &binding.origin,
            tls: &binding.tls,
        };
        vault::json_secret(&stored, self.0.expose().len() + binding.origin.len()).map_err(|_| {
            vault::Error::Other {
                reason: "the metrics secret could not be encoded".to_owned(),
            }
        })
    }

    fn decode(_connection_id: &str, text: &Secret) -> vault::Result<(Self, Option<Binding>)> {
        // serde_json's message could quote the input, which is the secret: keep none of it.
        let stored: Stored =
            serde_json::from_str(text.expose()).map_err(|_| vault::Error::Other {
                reason: "the stored metrics secret is not in the expected format".to_owned(),
            })?;
        let binding = Binding {
            origin: stored.origin,
            tls: stored.tls,
        };
        Ok((Self(Secret::new(stored.secret)), Some(binding)))
    }
}

/// The health clients, scrape histories and metrics secrets of every connection.
pub struct Health {
    clients: Mutex<HashMap<String, (Connection, net::Client)>>,
    histories: Mutex<HashMap<(String, MetricsSource), History>>,
    secrets: Arc<BoundStore<MetricsSecret>>,
}

impl std::fmt::Debug for Health {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Health").finish_non_exhaustive()
    }
}

impl Health {
    /// Metrics secrets kept in `keyring`.
    pub fn new(keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            clients: Mutex::default(),
            histories: Mutex::default(),
            secrets: Arc::new(BoundStore::new(keyring)),
        }
    }

    fn client(&self, connection: &Connection) -> Result<net::Client> {
        if let Some((seen, client)) = lock(&self.clients).get(&connection.id)
            && seen == connection
        {
            return Ok(client.clone());
        }
        let base = base_url(connection)?;
        let client = net::Client::new(&base, &connection.tls, &check_options())
            .map_err(health::Error::from)?;
        lock(&self.clients).insert(connection.id.clone(), (connection.clone(), client.clone()));
        Ok(client)
    }

    /// Forgets what is kept for connection `id` (its client and scrapes), not its secret.
    pub(crate) fn drop_connection(&self, id: &str) {
        lock(&self.clients).remove(id);
        lock(&self.histories).retain(|(c, _), _| c != id);
    }

    async fn on_blocking_pool<T, F>(&self, call: F) -> vault::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&BoundStore<MetricsSecret>) -> vault::Result<T> + Send + 'static,
    {
        let secrets = Arc::clone(&self.secrets);
        tokio::task::spawn_blocking(move || call(&secrets))
            .await
            .unwrap_or_else(|e| {
                Err(vault::Error::Other {
                    reason: format!("the keyring call did not finish: {e}"),
                })
            })
    }
}

fn base_url(connection: &Connection) -> Result<Url> {
    Url::parse(&connection.url).map_err(|e| {
        Error::from(health::Error::BadResponse {
            url: connection.url.clone(),
            reason: format!("the connection's URL cannot be used: {e}"),
        })
    })
}

impl Console {
    /// The Health tab's checks of registry connection `id`: `/v2/`, `/healthz`, and
    /// `/debug/health` when a debug address is saved.
    pub async fn registry_health(&self, id: &str) -> Result<HealthReport> {
        let connection = self.connection(id)?;
        let client = self.health.client(&connection)?;
        let base = base_url(&connection)?;
        let debug = self.debug_url(id)?;
        Ok(health::probe::check_all(&client, &base, debug.as_ref()).await)
    }

    fn debug_url(&self, id: &str) -> Result<Option<Url>> {
        let saved = lock(&self.settings).debug_address(id);
        Ok(match saved {
            Some(address) => Some(health::probe::parse_debug_address(&address)?),
            None => None,
        })
    }

    /// Saves the debug server's address of connection `id` (`None` or blank forgets it) after
    /// checking it; returns it as saved (`http://host:port/`). Its scrapes start over.
    pub fn set_debug_address(&self, id: &str, address: Option<&str>) -> Result<Option<String>> {
        let normalized = match address.map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => Some(health::probe::parse_debug_address(a)?.to_string()),
            None => None,
        };
        lock(&self.settings).set_debug_address(id, normalized.as_deref())?;
        lock(&self.health.histories).remove(&(id.to_owned(), MetricsSource::Debug));
        Ok(normalized)
    }

    /// Reads one more scrape of connection `id`'s metrics from `source` and returns the series
    /// so far. The OpenShift source sends the saved metrics secret
    /// ([`health::Error::MetricsSecretRequired`] when there is none).
    pub async fn registry_metrics(&self, id: &str, source: MetricsSource) -> Result<MetricsSeries> {
        let connection = self.connection(id)?;
        let client = self.health.client(&connection)?;
        let base = base_url(&connection)?;
        let (url, secret) = match source {
            MetricsSource::Debug => {
                let debug = self.debug_url(id)?.ok_or_else(|| {
                    Error::from(health::Error::InvalidDebugAddress {
                        address: String::new(),
                        reason: "no debug address is saved for this connection".to_owned(),
                    })
                })?;
                (join(&debug, DEBUG_METRICS_PATH)?, None)
            }
            MetricsSource::OpenShift => {
                let url = join(&base, OPENSHIFT_METRICS_PATH)?;
                let c = connection.clone();
                let saved = self
                    .health
                    .on_blocking_pool(move |s| s.get(&c))
                    .await?
                    .map(|(s, _)| s.0);
                match saved {
                    Some(secret) => (url, Some(secret)),
                    None => {
                        return Err(health::Error::MetricsSecretRequired {
                            url: url.to_string(),
                        }
                        .into());
                    }
                }
            }
        };
        let scraped = health::metrics::scrape(&client, &base, &url, secret.as_ref()).await?;
        let key = (id.to_owned(), source);
        let mut histories = lock(&self.health.histories);
        let history = histories
            .entry(key)
            .or_insert_with(|| History::new(source, url.as_str()));
        if history.url() != url.as_str() {
            *history = History::new(source, url.as_str());
        }
        Ok(history.record(scraped))
    }

    /// Where connection `id`'s metrics secret is kept, if one is.
    pub async fn metrics_secret_kept(&self, id: &str) -> Result<Option<KeptIn>> {
        let connection = self.connection(id)?;
        Ok(self
            .health
            .on_blocking_pool(move |s| s.get(&connection))
            .await?
            .map(|(_, kept)| kept))
    }

    /// Keeps the metrics secret of connection `id` in `kept_in`, bound to the connection as it
    /// is now. The OpenShift scrapes start over.
    pub async fn save_metrics_secret(
        &self,
        id: &str,
        secret: Secret,
        kept_in: KeptIn,
    ) -> Result<()> {
        let connection = self.connection(id)?;
        self.health
            .on_blocking_pool(move |s| s.put(&connection, MetricsSecret(secret), kept_in))
            .await?;
        lock(&self.health.histories).remove(&(id.to_owned(), MetricsSource::OpenShift));
        Ok(())
    }

    /// Forgets the metrics secret of connection `id`.
    pub async fn forget_metrics_secret(&self, id: &str) -> Result<()> {
        let id = id.to_owned();
        self.health
            .on_blocking_pool(move |s| s.remove(&id).map(|_| ()))
            .await?;
        Ok(())
    }
}

fn join(base: &Url, path: &str) -> Result<Url> {
    base.join(path).map_err(|e| {
        Error::from(health::Error::BadResponse {
            url: base.to_string(),
            reason: e.to_string(),
        })
    })
}
