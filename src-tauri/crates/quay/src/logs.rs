//! Quay's audit logs of an organization or a repository: one page at a time (Quay's opaque
//! `next_page` token), optionally between two dates, and the kinds of entry in a period (from
//! Quay's aggregated counts: it has no list of kinds in its API) to filter by.
//!
//! Quay reads dates as whole UTC days (`MM/DD/YYYY`); without them it answers the last day;
//! the end day is included.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::repos::repository_path;
use crate::{QuayClient, Result, check_name, url_encode};

/// Whose logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum LogScope {
    /// An organization's (`/organization/{org}/logs`; admins, `org:admin` scope).
    Organization {
        /// Its name.
        name: String,
    },
    /// A repository's (`/repository/{ns}/{repo}/logs`; its admins, `repo:admin` scope).
    Repository {
        /// Its namespace.
        namespace: String,
        /// Its name.
        name: String,
    },
}

impl LogScope {
    fn path(&self, what: &str) -> Result<String> {
        match self {
            Self::Organization { name } => {
                check_name("organization name", name, false)?;
                Ok(format!("/organization/{name}/{what}"))
            }
            Self::Repository { namespace, name } => Ok(format!(
                "/repository/{}/{what}",
                repository_path(namespace, name)?
            )),
        }
    }
}

/// A UTC day, as Quay's log queries take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogDay {
    /// The year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl LogDay {
    /// The UTC day of Unix time `seconds`.
    pub fn of_unix(seconds: i64) -> Self {
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        Self {
            year: u16::try_from(year).unwrap_or(0),
            month,
            day,
        }
    }

    fn quay(self) -> String {
        format!("{:02}/{:02}/{:04}", self.month, self.day, self.year)
    }
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    /// Quay's kind of event (`push_repo`, `create_tag`, `change_repo_permission`, ...).
    pub kind: String,
    /// When, in Unix seconds.
    #[ts(type = "number | null")]
    pub time: Option<i64>,
    /// Who did it (a user or `org+robot`), if anyone.
    pub performer: Option<String>,
    /// Whether the performer is a robot.
    pub performer_is_robot: bool,
    /// From which address.
    pub ip: Option<String>,
    /// The event's details as compact JSON text.
    pub metadata: String,
}

/// One page of logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogPage {
    /// The entries, newest first (as Quay orders them).
    pub entries: Vec<LogEntry>,
    /// The token of the next page, if there is one.
    pub next_page: Option<String>,
}

/// How many entries of a kind a period has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogKindCount {
    /// Quay's kind.
    pub kind: String,
    /// Entries of it.
    #[ts(type = "number")]
    pub count: u64,
}

fn entry_of(log: &Value) -> Option<LogEntry> {
    Some(LogEntry {
        kind: log["kind"].as_str()?.to_owned(),
        time: log["datetime"].as_str().and_then(parse_http_date),
        performer: log["performer"]["name"].as_str().map(str::to_owned),
        performer_is_robot: log["performer"]["is_robot"].as_bool().unwrap_or(false),
        ip: log["ip"].as_str().map(str::to_owned),
        metadata: match &log["metadata"] {
            Value::Null => "{}".to_owned(),
            m => m.to_string(),
        },
    })
}

/// `Tue, 14 Nov 2023 22:13:20 -0000` (Quay's `format_date`) in Unix seconds.
pub(crate) fn parse_http_date(text: &str) -> Option<i64> {
    let mut parts = text.split_whitespace().skip(1);
    let day: i64 = parts.next()?.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| Some(*m) == parts.clone().next())? as i64
        + 1;
    parts.next();
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    let zone = parts.next().unwrap_or("+0000");
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone: i64 = zone.trim_start_matches(['+', '-']).parse().ok()?;
    let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn date_query(start: Option<LogDay>, end: Option<LogDay>) -> String {
    let mut query = String::new();
    for (key, day) in [("starttime", start), ("endtime", end)] {
        if let Some(day) = day {
            query.push_str(&format!("&{key}={}", url_encode(&day.quay())));
        }
    }
    query
}

impl QuayClient {
    /// One page of `scope`'s audit log between the UTC days `start` and `end` (both included;
    /// Quay's default is the last day), after `page` (a [`LogPage::next_page`]).
    pub async fn logs(
        &self,
        scope: &LogScope,
        start: Option<LogDay>,
        end: Option<LogDay>,
        page: Option<&str>,
    ) -> Result<LogPage> {
        let mut path = format!("{}?{}", scope.path("logs")?, date_query(start, end));
        if let Some(page) = page {
            path.push_str(&format!("&next_page={}", url_encode(page)));
        }
        let reply: Value = self.call(Method::GET, &path, None).await?;
        Ok(LogPage {
            entries: reply["logs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(entry_of)
                .collect(),
            next_page: reply["next_page"]
                .as_str()
                .filter(|p| !p.is_empty() && Some(*p) != page)
                .map(str::to_owned),
        })
    }

    /// The kinds of entry in `scope`'s log between `start` and `end`, with their counts,
    /// sorted by kind (Quay's `aggregatelogs`, summed over the days).
    pub async fn log_kinds(
        &self,
        scope: &LogScope,
        start: Option<LogDay>,
        end: Option<LogDay>,
    ) -> Result<Vec<LogKindCount>> {
        let path = format!(
            "{}?{}",
            scope.path("aggregatelogs")?,
            date_query(start, end)
        );
        let reply: Value = self.call(Method::GET, &path, None).await?;
        let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
        for count in reply["aggregated"].as_array().into_iter().flatten() {
            if let Some(kind) = count["kind"].as_str() {
                *counts.entry(kind.to_owned()).or_default() += count["count"].as_u64().unwrap_or(0);
            }
        }
        Ok(counts
            .into_iter()
            .map(|(kind, count)| LogKindCount { kind, count })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quays_dates_and_days() {
        assert_eq!(
            parse_http_date("Tue, 14 Nov 2023 22:13:20 -0000"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 01:00:00 +0100"), Some(0));
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 00:00:00 -0000"),
            Some(1_709_164_800)
        );
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(parse_http_date("Tue, 14 Foo 2023 22:13:20 -0000"), None);
        let day = LogDay::of_unix(1_700_000_000);
        assert_eq!((day.year, day.month, day.day), (2023, 11, 14));
        assert_eq!(day.quay(), "11/14/2023");
        assert_eq!(LogDay::of_unix(1_709_164_800).quay(), "02/29/2024");
        assert_eq!(date_query(Some(day), None), "&starttime=11%2F14%2F2023");
    }

    #[test]
    fn a_log_entry_keeps_its_metadata_compact() {
        let log = json!({
            "kind": "push_repo", "ip": "127.0.0.1",
            "datetime": "Tue, 14 Nov 2023 22:13:20 -0000",
            "metadata": {"repo": "web", "tag": "1.0"},
            "performer": {"kind": "user", "name": "ops+ci", "is_robot": true}
        });
        let entry = entry_of(&log).unwrap();
        assert_eq!(entry.kind, "push_repo");
        assert_eq!(entry.time, Some(1_700_000_000));
        assert_eq!(entry.performer.as_deref(), Some("ops+ci"));
        assert!(entry.performer_is_robot);
        assert_eq!(entry.metadata, r#"{"repo":"web","tag":"1.0"}"#);
        let bare = entry_of(&json!({"kind": "x"})).unwrap();
        assert_eq!((bare.performer, bare.metadata.as_str()), (None, "{}"));
        assert!(entry_of(&json!({})).is_none());
    }
}
