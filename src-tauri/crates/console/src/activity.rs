//! The activity log (`audit` crate): every change the console makes is recorded here, with
//! its outcome, by [`Console::recorded`] (async changes) or [`Console::record`] (sync ones),
//! one call per operation, so that no change can be made without its entry. The Activity
//! page reads it back and exports it.
//!
//! A log that cannot be written never undoes or fails the change: the change is made, and the
//! failure goes to the warning sink the shell supplies ([`Console::set_audit_warnings`]),
//! which tells the window at once.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use audit::{Action, Entry, ExportFormat, Exported, Filter, Outcome, Page, TargetKind};
use codes::ErrorCode;
use connections::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Console, Error, Result};

/// A change made whose activity entry could not be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditWarning {
    /// The change that was made (and stays made).
    pub action: Action,
    /// Why the log could not be written: its path and the system's reason (never a secret:
    /// the entry's contents are not in it).
    pub message: String,
}

/// The window event the shell sends each [`AuditWarning`] as.
pub const AUDIT_WARNING_EVENT: &str = "audit-warning";

/// Where the console sends [`AuditWarning`]s: the shell turns them into a window event.
pub type AuditWarnings = Arc<dyn Fn(AuditWarning) + Send + Sync>;

/// The activity log's directory beside the settings and CA files of `config_dir`.
pub fn log_dir(config_dir: &std::path::Path) -> PathBuf {
    config_dir.join("activity")
}

impl Error {
    /// The code the UI gets for this error, as the activity log records it: an area crate's
    /// own code, or the console's ([`Error::own_code`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Connections(e) => e.code(),
            Self::Registry(e) => e.code(),
            Self::Cluster(e) => e.code(),
            Self::Auth(e) => e.code(),
            Self::Vault(e) => e.code(),
            Self::Credentials(e) => e.code(),
            Self::Quay(e) => e.code(),
            Self::Certs(e) => e.code(),
            Self::Audit(e) => e.code(),
            own => own.own_code().unwrap_or(ErrorCode::Other),
        }
    }
}

impl Console {
    /// Sends the log's write failures to `sink` from now on (the shell's window event).
    pub fn set_audit_warnings(&self, sink: AuditWarnings) {
        let _ = self.audit_warnings.set(sink);
    }

    /// An entry for `action` through `connection`: its id, name and server.
    pub(crate) fn entry(action: Action, connection: &Connection) -> Entry {
        Entry::new(action)
            .connection(&connection.id, &connection.name)
            .server(&connection.url)
    }

    /// An entry for `action` through the saved connection `id`, or with no connection when
    /// it is not found (the change then fails for the same reason, which is recorded).
    pub(crate) fn entry_for(&self, action: Action, connection_id: &str) -> Entry {
        match self.connection(connection_id) {
            Ok(connection) => Self::entry(action, &connection),
            Err(_) => Entry::new(action).target(TargetKind::Value, connection_id),
        }
    }

    /// Like [`Console::entry_for`], for a change made on a cluster: with the user the saved
    /// sign-in names (read from the session already kept, no call to the server), so the log
    /// says who granted, revoked or deleted.
    pub(crate) async fn cluster_entry(&self, action: Action, connection_id: &str) -> Entry {
        let entry = self.entry_for(action, connection_id);
        let Ok(connection) = self.connection(connection_id) else {
            return entry;
        };
        match self.sign_ins.status(&connection).await {
            Ok(Some(status)) => entry.user(Some(&status.identity.user)),
            _ => entry,
        }
    }

    /// Writes `entry` with the outcome of `result`; a log that cannot be written is said to
    /// the warning sink, and the change stands. Syncs to disk: call from blocking code or
    /// through [`Console::recorded`].
    pub(crate) fn record<T>(&self, entry: Entry, result: &Result<T>) {
        let outcome = match result {
            Ok(_) => Outcome::Done,
            Err(error) => Outcome::Failed(error.code()),
        };
        let action = entry.action;
        if let Err(error) = self.audit.append(&entry.outcome(outcome)) {
            self.warn(action, &error);
        }
    }

    fn warn(&self, action: Action, error: &audit::Error) {
        if let Some(sink) = self.audit_warnings.get() {
            sink(AuditWarning {
                action,
                message: error.to_string(),
            });
        }
    }

    /// Runs the change `work` and records `entry` with its outcome, the write (a disk sync)
    /// on the blocking pool.
    pub(crate) async fn recorded<T, Fut>(&self, entry: Entry, work: Fut) -> Result<T>
    where
        Fut: Future<Output = Result<T>>,
    {
        let result = work.await;
        let outcome = match &result {
            Ok(_) => Outcome::Done,
            Err(error) => Outcome::Failed(error.code()),
        };
        let action = entry.action;
        let log = Arc::clone(&self.audit);
        let entry = entry.outcome(outcome);
        let written = tokio::task::spawn_blocking(move || log.append(&entry)).await;
        match written {
            Ok(Ok(())) => {}
            Ok(Err(error)) => self.warn(action, &error),
            Err(_) => self.warn(
                action,
                &audit::Error::Write {
                    path: self.audit.path(),
                    source: std::io::Error::other("the write did not finish"),
                },
            ),
        }
        result
    }

    /// A page of the activity log through `filter`, newest first.
    pub async fn activity_page(&self, filter: Filter, offset: u32, limit: u32) -> Result<Page> {
        let log = Arc::clone(&self.audit);
        tokio::task::spawn_blocking(move || log.page(&filter, offset, limit))
            .await
            .map_err(|_| audit::Error::Read {
                path: self.audit.path(),
                source: std::io::Error::other("the read did not finish"),
            })?
            .map_err(Error::from)
    }

    /// Writes what `filter` keeps to `path` (from the save dialog) as `format`, atomically;
    /// the export is itself recorded.
    pub async fn activity_export(
        &self,
        filter: Filter,
        format: ExportFormat,
        path: String,
    ) -> Result<Exported> {
        let entry = Entry::new(Action::ActivityExported).target(TargetKind::File, &path);
        let log = Arc::clone(&self.audit);
        let work = async move {
            tokio::task::spawn_blocking(move || {
                log.export(&filter, format, std::path::Path::new(&path))
            })
            .await
            .map_err(|_| {
                Error::Audit(audit::Error::Export {
                    path: PathBuf::new(),
                    source: std::io::Error::other("the export did not finish"),
                })
            })?
            .map_err(Error::from)
        };
        self.recorded(entry, work).await
    }

    /// The directory of the activity log's files.
    pub fn activity_dir(&self) -> &std::path::Path {
        self.audit.dir()
    }
}
