//! Reading the log newest first through a filter, a page at a time, and exporting what a
//! filter keeps as CSV or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use ts_rs::TS;

use crate::entry::{Action, Entry, Outcome, action_word, outcome_word};
use crate::error::{Error, Result};
use crate::log::{AuditLog, Backwards, Line};

/// Which outcomes to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityOutcomeFilter")]
pub enum OutcomeFilter {
    /// Changes that were done.
    Done,
    /// Changes that failed, whatever the code.
    Failed,
}

/// What to keep; an empty field keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityFilter")]
pub struct Filter {
    /// Only changes through this connection (by id).
    #[ts(optional)]
    #[serde(default)]
    pub connection_id: Option<String>,
    /// Only these actions (none: all).
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Only this outcome.
    #[ts(optional)]
    #[serde(default)]
    pub outcome: Option<OutcomeFilter>,
    /// Not before this time (RFC 3339).
    #[ts(optional)]
    #[serde(default)]
    pub from: Option<String>,
    /// Not after this time (RFC 3339).
    #[ts(optional)]
    #[serde(default)]
    pub to: Option<String>,
    /// Words that must each appear (ignoring case) in the connection, server, user, action,
    /// target or outcome.
    #[ts(optional)]
    #[serde(default)]
    pub text: Option<String>,
}

/// A filter ready to test entries: times parsed, words lowered.
struct Matcher<'a> {
    filter: &'a Filter,
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
    words: Vec<String>,
}

fn parse_time(value: &Option<String>) -> Result<Option<OffsetDateTime>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .map(Some)
            .map_err(|_| Error::InvalidTime {
                value: text.to_owned(),
            }),
    }
}

impl<'a> Matcher<'a> {
    fn new(filter: &'a Filter) -> Result<Self> {
        Ok(Self {
            filter,
            from: parse_time(&filter.from)?,
            to: parse_time(&filter.to)?,
            words: filter
                .text
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
        })
    }

    fn keeps(&self, entry: &Entry) -> bool {
        let f = self.filter;
        if let Some(id) = f.connection_id.as_deref().filter(|id| !id.is_empty())
            && entry
                .connection
                .as_ref()
                .is_none_or(|c| c.id.as_str() != id)
        {
            return false;
        }
        if !f.actions.is_empty() && !f.actions.contains(&entry.action) {
            return false;
        }
        match (f.outcome, entry.outcome) {
            (Some(OutcomeFilter::Done), Outcome::Failed(_))
            | (Some(OutcomeFilter::Failed), Outcome::Done) => return false,
            _ => {}
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(time) = entry.parsed_time() else {
                return false;
            };
            if self.from.is_some_and(|from| time < from) || self.to.is_some_and(|to| time > to) {
                return false;
            }
        }
        if !self.words.is_empty() {
            let haystack = searchable(entry);
            return self.words.iter().all(|word| haystack.contains(word));
        }
        true
    }
}

/// The text the free-text filter looks in, lowered.
fn searchable(entry: &Entry) -> String {
    let mut text = String::new();
    if let Some(c) = &entry.connection {
        text.push_str(c.name.as_str());
        text.push(' ');
    }
    for value in [&entry.server, &entry.user].into_iter().flatten() {
        text.push_str(value.as_str());
        text.push(' ');
    }
    text.push_str(&action_word(entry.action));
    text.push(' ');
    text.push_str(&entry.target_text());
    text.push(' ');
    text.push_str(&outcome_word(entry.outcome));
    text.to_lowercase()
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityPage")]
pub struct Page {
    /// The entries kept by the filter, newest first, from the page's offset.
    pub entries: Vec<Entry>,
    /// More entries are kept past this page.
    pub has_more: bool,
    /// Lines that could not be read as entries (a line torn by a crash, an edited file) met on
    /// the way: skipped, and said.
    pub skipped_lines: u32,
}

/// Walks the entries of every file newest first, giving each kept one to `take` until it says
/// stop; counts the unreadable lines met.
fn walk(log: &AuditLog, filter: &Filter, mut take: impl FnMut(Entry) -> bool) -> Result<u32> {
    let matcher = Matcher::new(filter)?;
    let mut skipped = 0u32;
    for path in log.files_newest_first() {
        let mut lines = match Backwards::open(&path) {
            Ok(lines) => lines,
            // Rotated away between the listing and the open: its entries are in the next file.
            Err(Error::Read { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                continue;
            }
            Err(error) => return Err(error),
        };
        while let Some(line) = lines.next_line()? {
            let bytes = match line {
                Line::Bytes(bytes) => bytes,
                Line::Overlong => {
                    skipped = skipped.saturating_add(1);
                    continue;
                }
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Entry>(&bytes) {
                Ok(entry) => {
                    if matcher.keeps(&entry) && !take(entry) {
                        return Ok(skipped);
                    }
                }
                Err(_) => skipped = skipped.saturating_add(1),
            }
        }
    }
    Ok(skipped)
}

/// The most entries a page holds.
pub const MAX_PAGE: u32 = 500;

impl AuditLog {
    /// The entries `filter` keeps, newest first, skipping `offset` and giving at most `limit`
    /// (capped at [`MAX_PAGE`]). Only as much of the files as the page needs is read.
    pub fn page(&self, filter: &Filter, offset: u32, limit: u32) -> Result<Page> {
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let mut seen = 0usize;
        let mut entries = Vec::new();
        let mut has_more = false;
        let skipped_lines = self.walk_kept(filter, |entry| {
            if seen < offset as usize {
                seen += 1;
                return true;
            }
            if entries.len() == limit {
                has_more = true;
                return false;
            }
            entries.push(entry);
            true
        })?;
        Ok(Page {
            entries,
            has_more,
            skipped_lines,
        })
    }

    fn walk_kept(&self, filter: &Filter, take: impl FnMut(Entry) -> bool) -> Result<u32> {
        walk(self, filter, take)
    }

    /// Writes every entry `filter` keeps, newest first, to `path` as `format`: into a temp
    /// file beside it, then renamed over it, so the file is whole or not there.
    pub fn export(&self, filter: &Filter, format: ExportFormat, path: &Path) -> Result<Exported> {
        if !path.is_absolute() {
            return Err(Error::RelativeExportPath {
                path: path.to_owned(),
            });
        }
        let mut entries = Vec::new();
        self.walk_kept(filter, |entry| {
            entries.push(entry);
            true
        })?;
        let bytes = match format {
            ExportFormat::Csv => to_csv(&entries).into_bytes(),
            ExportFormat::Json => {
                let mut json = serde_json::to_vec_pretty(&entries).unwrap_or_default();
                json.push(b'\n');
                json
            }
        };
        write_atomically(path, &bytes)?;
        Ok(Exported {
            path: path.display().to_string(),
            count: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        })
    }
}

/// The export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityExportFormat")]
pub enum ExportFormat {
    /// RFC 4180 CSV with a header line.
    Csv,
    /// A JSON array of entries, as in the log.
    Json,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ActivityExported")]
pub struct Exported {
    /// The file written.
    pub path: String,
    /// How many entries it holds.
    pub count: u32,
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let export_error = |source| Error::Export {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_owned);
    let mut temp = tempfile::NamedTempFile::new_in(&dir).map_err(export_error)?;
    temp.write_all(bytes).map_err(export_error)?;
    temp.as_file().sync_all().map_err(export_error)?;
    temp.persist(path).map_err(|e| export_error(e.error))?;
    Ok(())
}

/// The header of a CSV export.
const CSV_HEADER: [&str; 8] = [
    "time",
    "connection",
    "server",
    "user",
    "action",
    "target",
    "outcome",
    "connectionId",
];

/// `entries` as RFC 4180 CSV: a header line, CRLF line ends, every cell quoted when it holds
/// a quote, comma or line break, and every cell a spreadsheet would run as a formula made
/// text ([`csv_cell`]).
pub fn to_csv(entries: &[Entry]) -> String {
    let mut out = String::new();
    let mut row = |cells: &[&str]| {
        let line: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    };
    row(&CSV_HEADER);
    for entry in entries {
        let connection = entry.connection.as_ref();
        let target = entry.target_text();
        let action = action_word(entry.action);
        let outcome = outcome_word(entry.outcome);
        row(&[
            entry.time.as_str(),
            connection.map_or("", |c| c.name.as_str()),
            entry.server.as_ref().map_or("", |s| s.as_str()),
            entry.user.as_ref().map_or("", |u| u.as_str()),
            action.as_str(),
            target.as_str(),
            outcome.as_str(),
            connection.map_or("", |c| c.id.as_str()),
        ]);
    }
    out
}

/// One CSV cell. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be
/// run as a formula by Excel or LibreOffice (a tag named `=HYPERLINK(...)`): it gets a leading
/// `'`, which spreadsheets show as text. Then RFC 4180 quoting.
pub fn csv_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if neutral.contains(['"', ',', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}
