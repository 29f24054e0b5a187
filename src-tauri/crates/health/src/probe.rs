//! The Health tab's checks: the registry's `/v2/` answer, the OpenShift registry's
//! `/healthz`, and the distribution registry's `/debug/health` on its debug address.
//!
//! Each check asks anonymously: the `/v2/` answer of interest is the challenge itself (the
//! auth scheme and realm a client would be sent to), and the health endpoints take no
//! credentials. Bodies are capped; `/debug/health`'s checks are capped in number and length,
//! so a hostile debug server cannot flood the tab.

use std::collections::BTreeMap;

use reqwest::header::WWW_AUTHENTICATE;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::error::FailureKind;
use crate::http::{self, excerpt};
use crate::{Error, Result};

/// The cap on a health reply (`/v2/`, `/healthz`, `/debug/health`).
pub const HEALTH_BODY_LIMIT: usize = 256 * 1024;
/// At most this many named checks are shown from `/debug/health`.
pub const MAX_CHECKS: usize = 100;
/// A check's name and error text are cut to this many characters.
pub const MAX_CHECK_TEXT: usize = 1000;

/// A check that could not be made, with the kind for the UI's sentence and the detail in
/// English (URL, status, the server's words) shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckFailure {
    /// What kind of failure it was.
    pub kind: FailureKind,
    /// The detail.
    pub message: String,
}

impl From<&Error> for CheckFailure {
    fn from(error: &Error) -> Self {
        Self {
            kind: error.kind(),
            message: error.to_string(),
        }
    }
}

/// What the registry's `/v2/` said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct V2Answer {
    /// The URL asked.
    pub url: String,
    /// Its HTTP status: 200 (open), 401 (it wants a sign-in: the challenge says how).
    pub status: u16,
    /// `Docker-Distribution-API-Version` (`registry/2.0`), when sent.
    pub api_version: Option<String>,
    /// The scheme of `WWW-Authenticate` (`Bearer`, `Basic`), when challenged.
    pub auth_scheme: Option<String>,
    /// The challenge's realm: the token server for Bearer, a name for Basic.
    pub realm: Option<String>,
    /// A Bearer challenge's `service`.
    pub service: Option<String>,
    /// From sending the request to the end of the reply, in milliseconds.
    pub round_trip_ms: u32,
    /// The registry's own error envelope, as `CODE: message` lines, for any status but 200
    /// and 401 (a 503 from a failing health check says so here).
    pub registry_error: Option<String>,
}

impl V2Answer {
    /// The registry answers its API: 200, or 401 with a challenge.
    pub fn answers(&self) -> bool {
        self.status == 200 || self.status == 401
    }
}

/// What the OpenShift registry's `/healthz` said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthzAnswer {
    /// The URL asked.
    pub url: String,
    /// Its HTTP status.
    pub status: u16,
    /// A 2xx status.
    pub healthy: bool,
    /// The start of its body (`ok`, or what failed).
    pub body: String,
    /// Round trip in milliseconds.
    pub round_trip_ms: u32,
}

/// One named check of the distribution registry's health checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DebugCheck {
    /// Its name (`storagedriver_filesystem`, `http_…`, `tcp_…`, `file_…`).
    pub name: String,
    /// The error it reports.
    pub error: String,
}

/// What `/debug/health` said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DebugHealth {
    /// The URL asked.
    pub url: String,
    /// 200 when every check passes, 503 otherwise.
    pub status: u16,
    /// No check failing.
    pub healthy: bool,
    /// The failing checks, by name (the health checker lists only the failing ones).
    pub checks: Vec<DebugCheck>,
    /// More failing checks were sent than are shown.
    pub more_checks: bool,
    /// Round trip in milliseconds.
    pub round_trip_ms: u32,
}

fn millis(d: std::time::Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_CHECK_TEXT).collect()
}

/// `GET <base>/v2/`, anonymously.
pub async fn check_v2(client: &net::Client, base: &Url) -> Result<V2Answer> {
    let url = base.join("/v2/").map_err(|e| Error::BadResponse {
        url: base.to_string(),
        reason: e.to_string(),
    })?;
    let reply = http::get(client, &url, HEALTH_BODY_LIMIT, |r| r).await?;
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(MAX_CHECK_TEXT).collect::<String>())
    };
    let challenge = reply
        .headers
        .get(WWW_AUTHENTICATE)
        .and_then(|v| v.to_str().ok());
    let (auth_scheme, realm, service) = match challenge.map(registry::auth::Challenge::parse) {
        Some(Some(registry::auth::Challenge::Bearer { realm, service, .. })) => (
            Some("Bearer".to_owned()),
            Some(cut(&realm)),
            service.map(|s| cut(&s)),
        ),
        Some(Some(registry::auth::Challenge::Basic { realm })) => {
            (Some("Basic".to_owned()), realm.map(|r| cut(&r)), None)
        }
        // A scheme we do not speak: named as sent, nothing more.
        Some(None) => (
            challenge.and_then(|c| c.split_whitespace().next()).map(cut),
            None,
            None,
        ),
        None => (None, None, None),
    };
    let status = reply.status.as_u16();
    let registry_error = if status == 200 || status == 401 {
        None
    } else {
        Some(
            registry::ErrorEnvelope::parse(&reply.body)
                .map(|e| cut(&e.lines()))
                .unwrap_or_else(|| excerpt(&reply.body)),
        )
    };
    Ok(V2Answer {
        url: url.to_string(),
        status,
        api_version: header("docker-distribution-api-version"),
        auth_scheme,
        realm,
        service,
        round_trip_ms: millis(reply.round_trip),
        registry_error,
    })
}

/// `GET <base>/healthz`: the OpenShift registry's integrated health check. A 404 is
/// [`Error::NotOffered`] (a registry that is not OpenShift's).
pub async fn check_healthz(client: &net::Client, base: &Url) -> Result<HealthzAnswer> {
    let url = base.join("/healthz").map_err(|e| Error::BadResponse {
        url: base.to_string(),
        reason: e.to_string(),
    })?;
    let reply = http::get(client, &url, HEALTH_BODY_LIMIT, |r| r).await?;
    let status = reply.status.as_u16();
    if status == 404 {
        return Err(Error::NotOffered {
            url: url.to_string(),
            status,
        });
    }
    Ok(HealthzAnswer {
        url: url.to_string(),
        status,
        healthy: reply.status.is_success(),
        body: excerpt(&reply.body),
        round_trip_ms: millis(reply.round_trip),
    })
}

/// `GET <debug>/debug/health`: each failing check of the distribution registry's health
/// checker by name, with its error (`{}` when all pass, with 200; the failures with 503).
pub async fn check_debug_health(client: &net::Client, debug: &Url) -> Result<DebugHealth> {
    let url = debug
        .join("/debug/health")
        .map_err(|e| Error::BadResponse {
            url: debug.to_string(),
            reason: e.to_string(),
        })?;
    let reply = http::get(client, &url, HEALTH_BODY_LIMIT, |r| r).await?;
    let status = reply.status.as_u16();
    if status == 404 {
        return Err(Error::NotOffered {
            url: url.to_string(),
            status,
        });
    }
    if status != 200 && status != 503 {
        return Err(Error::Status {
            url: url.to_string(),
            status,
            excerpt: excerpt(&reply.body),
        });
    }
    let map: BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&reply.body).map_err(|e| Error::BadResponse {
            url: url.to_string(),
            reason: format!("not the health checker's JSON object: {e}"),
        })?;
    let more_checks = map.len() > MAX_CHECKS;
    let checks: Vec<DebugCheck> = map
        .into_iter()
        .take(MAX_CHECKS)
        .map(|(name, error)| DebugCheck {
            name: cut(&name),
            error: cut(&match error {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            }),
        })
        .collect();
    Ok(DebugHealth {
        url: url.to_string(),
        status,
        healthy: status == 200 && checks.is_empty(),
        checks,
        more_checks,
        round_trip_ms: millis(reply.round_trip),
    })
}

/// Every check of the Health tab, made at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthReport {
    /// The registry's `/v2/` answer, or why there was none.
    pub v2: Option<V2Answer>,
    /// Why `/v2/` could not be asked.
    pub v2_failure: Option<CheckFailure>,
    /// `/healthz` (the OpenShift registry), or why there was none.
    pub healthz: Option<HealthzAnswer>,
    /// Why `/healthz` could not be asked (`notOffered` on a registry that is not OpenShift's).
    pub healthz_failure: Option<CheckFailure>,
    /// The debug server's base URL, when one is saved for the connection.
    pub debug_address: Option<String>,
    /// `/debug/health`, when a debug address is saved.
    pub debug: Option<DebugHealth>,
    /// Why `/debug/health` could not be asked.
    pub debug_failure: Option<CheckFailure>,
}

fn split<T>(result: Result<T>) -> (Option<T>, Option<CheckFailure>) {
    match result {
        Ok(answer) => (Some(answer), None),
        Err(error) => (None, Some(CheckFailure::from(&error))),
    }
}

/// Makes every check at once: `/v2/` and `/healthz` at `base`, `/debug/health` at `debug`.
pub async fn check_all(client: &net::Client, base: &Url, debug: Option<&Url>) -> HealthReport {
    let debug_check = async {
        match debug {
            Some(d) => Some(check_debug_health(client, d).await),
            None => None,
        }
    };
    let (v2, healthz, debug_result) = futures_util::future::join3(
        check_v2(client, base),
        check_healthz(client, base),
        debug_check,
    )
    .await;
    let (v2, v2_failure) = split(v2);
    let (healthz, healthz_failure) = split(healthz);
    let (debug_answer, debug_failure) = match debug_result {
        Some(r) => split(r),
        None => (None, None),
    };
    HealthReport {
        v2,
        v2_failure,
        healthz,
        healthz_failure,
        debug_address: debug.map(ToString::to_string),
        debug: debug_answer,
        debug_failure,
    }
}

/// The debug server's base URL from what the user typed: `host:port`, or an `http(s)://`
/// URL with no path, query, fragment or user info. A bare `host:port` is http, as the
/// distribution registry's debug server speaks plain HTTP.
pub fn parse_debug_address(input: &str) -> Result<Url> {
    let trimmed = input.trim();
    let invalid = |reason: &str| Error::InvalidDebugAddress {
        address: trimmed.chars().take(200).collect(),
        reason: reason.to_owned(),
    };
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    let text = if trimmed.contains("://") {
        trimmed.to_owned()
    } else {
        format!("http://{trimmed}")
    };
    let url = Url::parse(&text).map_err(|e| invalid(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid("only http and https are spoken"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not hold a user name or password"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "give the host and port only (the paths /debug/health and /metrics are added)",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debug_address_is_host_and_port_or_a_bare_url() {
        assert_eq!(
            parse_debug_address(" 127.0.0.1:5001 ").unwrap().as_str(),
            "http://127.0.0.1:5001/"
        );
        assert_eq!(
            parse_debug_address("https://reg.example:5001")
                .unwrap()
                .as_str(),
            "https://reg.example:5001/"
        );
        for bad in [
            "",
            "ftp://x:1",
            "http://u:p@x:1",
            "x:1/debug/health",
            "http://x:1/?a=b",
        ] {
            assert!(
                matches!(
                    parse_debug_address(bad),
                    Err(Error::InvalidDebugAddress { .. })
                ),
                "{bad:?} should be refused"
            );
        }
    }
}
