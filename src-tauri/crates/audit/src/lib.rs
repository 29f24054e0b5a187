//! The activity log: every change Registry Console makes (a grant, a delete, a token minted,
//! an auth file written, a connection added...), appended to a local file as JSON Lines, read
//! back newest first through a filter, and exported as CSV or JSON.
//!
//! It exists so that an administrator can say afterwards what the app changed, where and as
//! whom, without trusting the servers' own logs (a registry keeps none). Its entry type
//! ([`Entry`]) has no free-form text, so no secret can be written into it; its writer syncs
//! each line before the change's reply, rotates by size and never rewrites a line; its reader
//! reads files from the end, so the newest page of a 50 MB history comes at once.
//!
//! It knows nothing of connections or servers: the `console` crate builds each entry from the
//! names it acted on and records the outcome ([`Outcome`]).

mod entry;
mod error;
mod log;
mod query;

pub use entry::{
    Action, ConnectionRef, Entry, Name, Outcome, TargetKind, TargetPart, action_word, kind_word,
    outcome_word,
};
pub use error::{Error, Result};
pub use log::{AuditLog, FILE_NAME, Rotation};
pub use query::{ExportFormat, Exported, Filter, MAX_PAGE, OutcomeFilter, Page, csv_cell, to_csv};
