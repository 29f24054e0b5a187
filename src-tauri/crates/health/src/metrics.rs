//! One Prometheus scrape, read and parsed: the distribution registry's debug `/metrics`
//! (`http.debug.prometheus.enabled: true`) or the OpenShift registry's
//! `/extensions/v2/metrics`, which takes the metrics secret as the password of HTTP Basic
//! authentication with any user name (seed 002, "メトリクス").
//!
//! The text format is parsed by `prometheus-parse`, then only the series the charts need are
//! kept in a [`Snapshot`], added up over the labels the charts do not show. Every number is
//! checked: a NaN, an infinity, a negative counter or a sum that overflows is left out, never
//! passed on (JSON has no NaN, and a chart cannot draw one).

use std::collections::BTreeMap;
use std::time::Instant;

use base64::Engine as _;
use prometheus_parse::{Scrape, Value};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;
use vault::Secret;

use crate::http::{self, excerpt};
use crate::{Error, Result};

/// The cap on a scrape's body: a busy registry's exposition is some hundreds of kilobytes.
pub const METRICS_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// At most this many samples are kept for the raw list.
pub const MAX_RAW_SAMPLES: usize = 20_000;
/// At most this many label combinations are kept per chart series (a hostile server could
/// send a million distinct codes).
pub const MAX_SERIES: usize = 200;

/// The user name sent with the metrics secret: the registry ignores it (seed 002: `<user>`
/// は任意), but it must not hold a colon, which would end it inside Basic credentials.
pub const METRICS_USER: &str = "registry-console";

/// Where a scrape is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MetricsSource {
    /// The distribution registry's debug server: `<debug address>/metrics`, no credentials.
    Debug,
    /// The OpenShift registry: `<registry>/extensions/v2/metrics` with the metrics secret.
    OpenShift,
}

/// The metric names of the distribution registry, and of OpenShift's image registry, which
/// exports the same series under its own prefix.
const PREFIXES: [&str; 2] = ["registry_", "imageregistry_"];

/// One sample as the raw list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RawSample {
    /// The metric's name (`registry_http_requests_total`; a histogram's own name).
    pub name: String,
    /// Its labels, `{a="b",…}`, or empty.
    pub labels: String,
    /// Its value as text (`NaN` and `+Inf` as the server sent them, a histogram's count).
    pub value: String,
}

/// The series the charts need, from one scrape.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Requests served, by (method, status code).
    pub requests: BTreeMap<(String, String), f64>,
    /// The request duration histogram added over handlers and methods: upper bound → count.
    pub duration_buckets: Vec<(f64, f64)>,
    /// Storage driver actions, by (driver, action): (seconds summed, count).
    pub storage: BTreeMap<(String, String), (f64, f64)>,
    /// Bytes received in requests, over all handlers.
    pub bytes_in: Option<f64>,
    /// Bytes sent in responses, over all handlers.
    pub bytes_out: Option<f64>,
    /// Cache lookups: (hits, misses).
    pub cache: Option<(f64, f64)>,
}

/// A parsed scrape: the snapshot, the raw list, and when it was read.
#[derive(Debug, Clone)]
pub struct Scraped {
    /// When the body had been read.
    pub at: Instant,
    /// The same moment in Unix milliseconds, for the chart's time axis.
    pub unix_ms: f64,
    /// The chart series.
    pub snapshot: Snapshot,
    /// Every sample, up to [`MAX_RAW_SAMPLES`].
    pub raw: Vec<RawSample>,
    /// More samples were sent than are kept in `raw`.
    pub raw_cut: bool,
}

/// A finite, non-negative number, or nothing.
fn usable(v: f64) -> Option<f64> {
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// `a + b`, or nothing when the sum is no longer finite (two 1e308 counters).
fn add(a: f64, b: f64) -> Option<f64> {
    let s = a + b;
    s.is_finite().then_some(s)
}

fn scalar(value: &Value) -> Option<f64> {
    match value {
        Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => usable(*v),
        _ => None,
    }
}

fn strip_prefix(name: &str) -> Option<&str> {
    PREFIXES.iter().find_map(|p| name.strip_prefix(p))
}

/// Parses a scrape's text into its snapshot and raw list.
pub fn parse(body: &str) -> Result<(Snapshot, Vec<RawSample>, bool)> {
    let scrape =
        Scrape::parse(body.lines().map(|l| Ok(l.to_owned()))).map_err(|e| Error::BadResponse {
            url: String::new(),
            reason: e.to_string(),
        })?;
    let mut snapshot = Snapshot::default();
    let mut buckets: BTreeMap<u64, (f64, f64)> = BTreeMap::new();
    let mut bytes_in: Option<f64> = None;
    let mut bytes_out: Option<f64> = None;
    let mut hits: Option<f64> = None;
    let mut misses: Option<f64> = None;
    let mut storage_sum: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut storage_count: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut raw = Vec::new();
    let total = scrape.samples.len();

    for sample in &scrape.samples {
        if raw.len() < MAX_RAW_SAMPLES {
            raw.push(raw_sample(sample));
        }
        let Some(name) = strip_prefix(&sample.metric) else {
            continue;
        };
        let label = |n: &str| sample.labels.get(n).unwrap_or("").to_owned();
        match name {
            "http_requests_total" => {
                let Some(v) = scalar(&sample.value) else {
                    continue;
                };
                let key = (label("method").to_ascii_uppercase(), label("code"));
                if !snapshot.requests.contains_key(&key) && snapshot.requests.len() >= MAX_SERIES {
                    continue;
                }
                let entry = snapshot.requests.entry(key).or_insert(0.0);
                if let Some(s) = add(*entry, v) {
                    *entry = s;
                }
            }
            "http_request_duration_seconds" => {
                let Value::Histogram(counts) = &sample.value else {
                    continue;
                };
                for c in counts {
                    // +Inf is a bound like any other here; NaN bounds and counts are dropped.
                    if c.less_than.is_nan() || usable(c.count).is_none() {
                        continue;
                    }
                    if !buckets.contains_key(&c.less_than.to_bits()) && buckets.len() >= MAX_SERIES
                    {
                        continue;
                    }
                    let entry = buckets
                        .entry(c.less_than.to_bits())
                        .or_insert((c.less_than, 0.0));
                    if let Some(s) = add(entry.1, c.count) {
                        entry.1 = s;
                    }
                }
            }
            "http_request_size_bytes_sum" => {
                if let Some(v) = scalar(&sample.value) {
                    bytes_in = add(bytes_in.unwrap_or(0.0), v);
                }
            }
            "http_response_size_bytes_sum" => {
                if let Some(v) = scalar(&sample.value) {
                    bytes_out = add(bytes_out.unwrap_or(0.0), v);
                }
            }
            "storage_action_seconds_sum" | "storage_action_seconds_count" => {
                let Some(v) = scalar(&sample.value) else {
                    continue;
                };
                let key = (label("driver"), label("action"));
                let map = if name.ends_with("_sum") {
                    &mut storage_sum
                } else {
                    &mut storage_count
                };
                if !map.contains_key(&key) && map.len() >= MAX_SERIES {
                    continue;
                }
                let entry = map.entry(key).or_insert(0.0);
                if let Some(s) = add(*entry, v) {
                    *entry = s;
                }
            }
            // The distribution registry: type Hit, Miss, Request. OpenShift's: Hit, Miss.
            "storage_cache_total" | "digest_cache_requests_total" => {
                let Some(v) = scalar(&sample.value) else {
                    continue;
                };
                match sample.labels.get("type") {
                    Some(t) if t.eq_ignore_ascii_case("hit") => {
                        hits = add(hits.unwrap_or(0.0), v);
                    }
                    Some(t) if t.eq_ignore_ascii_case("miss") => {
                        misses = add(misses.unwrap_or(0.0), v);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let mut sorted: Vec<(f64, f64)> = buckets.into_values().collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    snapshot.duration_buckets = sorted;
    snapshot.storage = storage_sum
        .into_iter()
        .filter_map(|(k, sum)| storage_count.get(&k).map(|c| (k, (sum, *c))))
        .collect();
    snapshot.bytes_in = bytes_in;
    snapshot.bytes_out = bytes_out;
    snapshot.cache = match (hits, misses) {
        (None, None) => None,
        (h, m) => Some((h.unwrap_or(0.0), m.unwrap_or(0.0))),
    };
    Ok((snapshot, raw, total > MAX_RAW_SAMPLES))
}

fn raw_sample(sample: &prometheus_parse::Sample) -> RawSample {
    let value = match &sample.value {
        Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => format_number(*v),
        Value::Histogram(h) => format!(
            "histogram, {} buckets, {} in +Inf",
            h.len(),
            h.iter()
                .find(|c| c.less_than.is_infinite())
                .map_or_else(|| "?".to_owned(), |c| format_number(c.count))
        ),
        Value::Summary(s) => s
            .iter()
            .map(|q| format!("q{}={}", format_number(q.quantile), format_number(q.count)))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let labels = sample.labels.to_string();
    RawSample {
        name: sample.metric.clone(),
        labels: if labels == "{}" {
            String::new()
        } else {
            labels
        },
        value,
    }
}

/// A number as Prometheus writes it (`NaN`, `+Inf`, `-Inf`).
fn format_number(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v == f64::INFINITY {
        "+Inf".to_owned()
    } else if v == f64::NEG_INFINITY {
        "-Inf".to_owned()
    } else {
        v.to_string()
    }
}

/// Reads one scrape from `url`, with the metrics secret as Basic authentication's password
/// when `secret` is given. The secret goes only to `url` itself: it is refused for a
/// cleartext URL the rule of `net::secret_may_travel` forbids (checked against
/// `connection_url`), and a redirect is never followed with it ([`Error::Redirected`]).
pub async fn scrape(
    client: &net::Client,
    connection_url: &Url,
    url: &Url,
    secret: Option<&Secret>,
) -> Result<Scraped> {
    if secret.is_some() {
        net::secret_may_travel(connection_url, url).map_err(|e| Error::CleartextRefused {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    }
    let reply = http::get(client, url, METRICS_BODY_LIMIT, |request| match secret {
        Some(secret) => {
            let basic = base64::engine::general_purpose::STANDARD
                .encode(format!("{METRICS_USER}:{}", secret.expose()));
            request.header(reqwest::header::AUTHORIZATION, format!("Basic {basic}"))
        }
        None => request,
    })
    .await?;
    let status = reply.status.as_u16();
    match status {
        200 => {}
        401 | 403 if secret.is_some() => {
            return Err(Error::MetricsSecretRefused {
                url: url.to_string(),
                status,
            });
        }
        401 | 403 => {
            return Err(Error::MetricsSecretRequired {
                url: url.to_string(),
            });
        }
        404 | 405 => {
            return Err(Error::NotOffered {
                url: url.to_string(),
                status,
            });
        }
        _ => {
            return Err(Error::Status {
                url: url.to_string(),
                status,
                excerpt: excerpt(&reply.body),
            });
        }
    }
    let text = std::str::from_utf8(&reply.body).map_err(|_| Error::BadResponse {
        url: url.to_string(),
        reason: "the metrics are not UTF-8 text".to_owned(),
    })?;
    let (snapshot, raw, raw_cut) = parse(text).map_err(|e| match e {
        Error::BadResponse { reason, .. } => Error::BadResponse {
            url: url.to_string(),
            reason,
        },
        other => other,
    })?;
    let unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    Ok(Scraped {
        at: Instant::now(),
        unix_ms,
        snapshot,
        raw,
        raw_cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of a real distribution 2.8.2 debug scrape (cut to a few series).
    pub(crate) const REAL_SHAPE: &str = r#"# HELP registry_http_request_duration_seconds The HTTP request latencies in seconds.
# TYPE registry_http_request_duration_seconds histogram
registry_http_request_duration_seconds_bucket{handler="base",method="get",le="0.005"} 1
registry_http_request_duration_seconds_bucket{handler="base",method="get",le="0.01"} 1
registry_http_request_duration_seconds_bucket{handler="base",method="get",le="+Inf"} 1
registry_http_request_duration_seconds_sum{handler="base",method="get"} 0.001403193
registry_http_request_duration_seconds_count{handler="base",method="get"} 1
registry_http_request_duration_seconds_bucket{handler="tags",method="get",le="0.005"} 0
registry_http_request_duration_seconds_bucket{handler="tags",method="get",le="0.01"} 0
registry_http_request_duration_seconds_bucket{handler="tags",method="get",le="+Inf"} 1
registry_http_request_duration_seconds_sum{handler="tags",method="get"} 0.010583685
registry_http_request_duration_seconds_count{handler="tags",method="get"} 1
# HELP registry_http_request_size_bytes The HTTP request sizes in bytes.
# TYPE registry_http_request_size_bytes histogram
registry_http_request_size_bytes_sum{handler="base"} 60
registry_http_request_size_bytes_sum{handler="tags"} 74
# HELP registry_http_requests_total Total number of HTTP requests made.
# TYPE registry_http_requests_total counter
registry_http_requests_total{code="200",handler="base",method="get"} 1
registry_http_requests_total{code="200",handler="catalog",method="get"} 1
registry_http_requests_total{code="404",handler="tags",method="get"} 1
# HELP registry_http_response_size_bytes The HTTP response sizes in bytes.
# TYPE registry_http_response_size_bytes histogram
registry_http_response_size_bytes_sum{handler="base"} 2
registry_http_response_size_bytes_sum{handler="tags"} 112
# TYPE registry_storage_action_seconds histogram
registry_storage_action_seconds_sum{action="Stat",driver="filesystem"} 0.00015
registry_storage_action_seconds_count{action="Stat",driver="filesystem"} 3
# TYPE registry_storage_cache_total counter
registry_storage_cache_total{type="Hit"} 3
registry_storage_cache_total{type="Miss"} 1
registry_storage_cache_total{type="Request"} 4
"#;

    #[test]
    fn a_distribution_scrape_gives_requests_histogram_storage_bytes_and_cache() {
        let (s, raw, cut) = parse(REAL_SHAPE).unwrap();
        assert!(!cut);
        assert_eq!(s.requests[&("GET".into(), "200".into())], 2.0);
        assert_eq!(s.requests[&("GET".into(), "404".into())], 1.0);
        assert_eq!(
            s.duration_buckets,
            vec![(0.005, 1.0), (0.01, 1.0), (f64::INFINITY, 2.0)]
        );
        assert_eq!(
            s.storage[&("filesystem".into(), "Stat".into())],
            (0.00015, 3.0)
        );
        assert_eq!(s.bytes_in, Some(134.0));
        assert_eq!(s.bytes_out, Some(114.0));
        assert_eq!(s.cache, Some((3.0, 1.0)));
        assert!(raw.iter().any(|r| r.name == "registry_http_requests_total"
            && r.labels.contains("code=\"404\"")
            && r.value == "1"));
    }

    #[test]
    fn nan_infinite_and_negative_counters_are_left_out_and_overflow_is_not_summed() {
        let text = "# TYPE registry_http_requests_total counter\n\
            registry_http_requests_total{code=\"200\",method=\"get\",handler=\"a\"} NaN\n\
            registry_http_requests_total{code=\"201\",method=\"put\",handler=\"a\"} +Inf\n\
            registry_http_requests_total{code=\"202\",method=\"put\",handler=\"a\"} -5\n\
            registry_http_requests_total{code=\"500\",method=\"get\",handler=\"a\"} 1e308\n\
            registry_http_requests_total{code=\"500\",method=\"get\",handler=\"b\"} 1e308\n";
        let (s, raw, _) = parse(text).unwrap();
        assert!(!s.requests.contains_key(&("GET".into(), "200".into())));
        assert!(!s.requests.contains_key(&("PUT".into(), "201".into())));
        assert!(!s.requests.contains_key(&("PUT".into(), "202".into())));
        // The second 1e308 would make +Inf: the first is kept, the overflow is not.
        assert_eq!(s.requests[&("GET".into(), "500".into())], 1e308);
        assert!(raw.iter().any(|r| r.value == "NaN"));
        assert!(raw.iter().any(|r| r.value == "+Inf"));
    }

    #[test]
    fn a_flood_of_label_values_is_capped() {
        let mut text = String::from("# TYPE registry_http_requests_total counter\n");
        for i in 0..(MAX_SERIES + 50) {
            text.push_str(&format!(
                "registry_http_requests_total{{code=\"{i}\",method=\"get\",handler=\"a\"}} 1\n"
            ));
        }
        let (s, _, _) = parse(&text).unwrap();
        assert_eq!(s.requests.len(), MAX_SERIES);
    }

    #[test]
    fn garbage_is_not_a_sample() {
        let (s, raw, _) = parse("<html>\nnot metrics {{{\n\u{0}\u{1}\n").unwrap();
        assert!(s.requests.is_empty());
        assert!(raw.is_empty());
    }
}
