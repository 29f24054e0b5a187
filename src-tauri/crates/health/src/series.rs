//! Series over successive scrapes: each new scrape is compared with the one before it, and
//! the difference over the time between them becomes one chart point (requests per second
//! by method and code, latency percentiles, storage action latency, cache hit ratio, bytes
//! per second).
//!
//! Counters only grow while a registry runs. A counter lower than before means the registry
//! restarted and counts from zero again; as Prometheus' `rate()` does, its current value is
//! then the increase, never a negative rate, and the point says `restarted`.

use std::collections::{BTreeMap, VecDeque};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::metrics::{MetricsSource, RawSample, Scraped};

/// The points kept per connection and source (10 minutes at one scrape every 5 s).
pub const MAX_POINTS: usize = 120;

/// Requests per second of one method and status code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestRate {
    /// `GET`, `HEAD`, `PUT`, …
    pub method: String,
    /// `200`, `404`, …
    pub code: String,
    /// Requests per second over the interval.
    pub per_second: f64,
}

/// A storage driver action over the interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionLatency {
    /// The storage driver (`filesystem`, `s3aws`, …).
    pub driver: String,
    /// The action (`Stat`, `GetContent`, `Writer`, …).
    pub action: String,
    /// Its mean duration over the interval, in milliseconds (none when it did not run).
    pub mean_ms: Option<f64>,
    /// How many per second.
    pub per_second: f64,
}

/// One chart point: what happened between two scrapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsPoint {
    /// When the later scrape was read, Unix milliseconds.
    pub at_ms: f64,
    /// Seconds between the two scrapes.
    pub interval_seconds: f64,
    /// A counter went backwards: the registry restarted in between.
    pub restarted: bool,
    /// Requests per second by method and code (the registry's `registry_http_requests_total`).
    pub request_rates: Vec<RequestRate>,
    /// All requests per second.
    pub total_per_second: f64,
    /// Latency percentiles of the requests in the interval (from the
    /// `registry_http_request_duration_seconds` histogram), in milliseconds; none when no
    /// request was served.
    pub p50_ms: Option<f64>,
    /// 95th percentile.
    pub p95_ms: Option<f64>,
    /// 99th percentile.
    pub p99_ms: Option<f64>,
    /// Storage driver actions (`registry_storage_action_seconds`).
    pub storage: Vec<ActionLatency>,
    /// Cache hits over hits and misses in the interval (`registry_storage_cache_total`),
    /// when the registry exports it and looked something up.
    pub cache_hit_ratio: Option<f64>,
    /// Bytes received per second (request bodies), when exported.
    pub bytes_in_per_second: Option<f64>,
    /// Bytes sent per second (response bodies), when exported.
    pub bytes_out_per_second: Option<f64>,
}

/// What the Metrics tab draws: the points so far, and the latest scrape's raw samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsSeries {
    /// Where the scrapes come from.
    pub source: MetricsSource,
    /// The URL scraped.
    pub url: String,
    /// How many scrapes were read (the first gives no point: a rate needs two).
    pub scrapes: u32,
    /// The points, oldest first, at most [`MAX_POINTS`].
    pub points: Vec<MetricsPoint>,
    /// The latest scrape's samples.
    pub raw: Vec<RawSample>,
    /// The latest scrape had more samples than `raw` holds.
    pub raw_cut: bool,
    /// The latest scrape had none of the registry's series (not a registry's metrics).
    pub no_registry_series: bool,
}

/// The scrapes of one connection and source so far.
#[derive(Debug)]
pub struct History {
    url: String,
    source: MetricsSource,
    last: Option<Scraped>,
    points: VecDeque<MetricsPoint>,
    scrapes: u32,
}

impl History {
    /// An empty history of `source` at `url`.
    pub fn new(source: MetricsSource, url: &str) -> Self {
        Self {
            url: url.to_owned(),
            source,
            last: None,
            points: VecDeque::new(),
            scrapes: 0,
        }
    }

    /// The URL this history scrapes.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Adds a scrape and returns the series so far.
    pub fn record(&mut self, scraped: Scraped) -> MetricsSeries {
        self.scrapes = self.scrapes.saturating_add(1);
        if let Some(last) = &self.last
            && let Some(point) = point_between(last, &scraped)
        {
            if self.points.len() == MAX_POINTS {
                self.points.pop_front();
            }
            self.points.push_back(point);
        }
        let s = &scraped.snapshot;
        let no_registry_series = s.requests.is_empty()
            && s.duration_buckets.is_empty()
            && s.storage.is_empty()
            && s.bytes_in.is_none()
            && s.cache.is_none();
        let series = MetricsSeries {
            source: self.source,
            url: self.url.clone(),
            scrapes: self.scrapes,
            points: self.points.iter().cloned().collect(),
            raw: scraped.raw.clone(),
            raw_cut: scraped.raw_cut,
            no_registry_series,
        };
        self.last = Some(scraped);
        series
    }
}

/// The increase of a counter from `before` to `now`: `now` itself after a restart.
fn increase(before: Option<f64>, now: f64, restarted: &mut bool) -> f64 {
    match before {
        Some(b) if now >= b => now - b,
        Some(_) => {
            *restarted = true;
            now
        }
        None => now,
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The point between two scrapes; none when they are not apart in time.
pub fn point_between(before: &Scraped, now: &Scraped) -> Option<MetricsPoint> {
    let seconds = now.at.checked_duration_since(before.at)?.as_secs_f64();
    if seconds < 0.001 {
        return None;
    }
    let (a, b) = (&before.snapshot, &now.snapshot);
    let mut restarted = false;

    let mut request_rates = Vec::new();
    let mut total = 0.0;
    for ((method, code), value) in &b.requests {
        let d = increase(
            a.requests.get(&(method.clone(), code.clone())).copied(),
            *value,
            &mut restarted,
        );
        let Some(rate) = finite(d / seconds) else {
            continue;
        };
        total += rate;
        request_rates.push(RequestRate {
            method: method.clone(),
            code: code.clone(),
            per_second: rate,
        });
    }

    let buckets = bucket_increase(&a.duration_buckets, &b.duration_buckets, &mut restarted);
    let percentile_ms = |q: f64| quantile(q, &buckets).and_then(|s| finite(s * 1000.0));

    let mut storage = Vec::new();
    for ((driver, action), (sum, count)) in &b.storage {
        let before = a.storage.get(&(driver.clone(), action.clone()));
        let ds = increase(before.map(|p| p.0), *sum, &mut restarted);
        let dc = increase(before.map(|p| p.1), *count, &mut restarted);
        storage.push(ActionLatency {
            driver: driver.clone(),
            action: action.clone(),
            mean_ms: (dc > 0.0).then(|| ds / dc * 1000.0).and_then(finite),
            per_second: finite(dc / seconds).unwrap_or(0.0),
        });
    }

    let cache_hit_ratio = b.cache.and_then(|(hits, misses)| {
        let (h0, m0) = a.cache.map_or((None, None), |(h, m)| (Some(h), Some(m)));
        let dh = increase(h0, hits, &mut restarted);
        let dm = increase(m0, misses, &mut restarted);
        (dh + dm > 0.0).then(|| dh / (dh + dm)).and_then(finite)
    });
    let per_second = |before: Option<f64>, now: Option<f64>, restarted: &mut bool| {
        now.and_then(|n| finite(increase(before, n, restarted) / seconds))
    };
    let bytes_in_per_second = per_second(a.bytes_in, b.bytes_in, &mut restarted);
    let bytes_out_per_second = per_second(a.bytes_out, b.bytes_out, &mut restarted);

    Some(MetricsPoint {
        at_ms: now.unix_ms,
        interval_seconds: seconds,
        restarted,
        request_rates,
        total_per_second: finite(total).unwrap_or(0.0),
        p50_ms: percentile_ms(0.5),
        p95_ms: percentile_ms(0.95),
        p99_ms: percentile_ms(0.99),
        storage,
        cache_hit_ratio,
        bytes_in_per_second,
        bytes_out_per_second,
    })
}

/// The histogram's cumulative counts gained in the interval, per upper bound, made
/// non-decreasing (a hostile or torn scrape may not be).
fn bucket_increase(
    before: &[(f64, f64)],
    now: &[(f64, f64)],
    restarted: &mut bool,
) -> Vec<(f64, f64)> {
    let before: BTreeMap<u64, f64> = before.iter().map(|(le, c)| (le.to_bits(), *c)).collect();
    let mut running = 0.0_f64;
    now.iter()
        .map(|(le, c)| {
            let d = increase(before.get(&le.to_bits()).copied(), *c, restarted);
            running = running.max(d);
            (*le, running)
        })
        .collect()
}

/// The `q` quantile of a cumulative histogram, interpolated linearly inside its bucket as
/// Prometheus' `histogram_quantile` does; a rank in the `+Inf` bucket gives the highest
/// finite bound. None when the histogram counted nothing.
pub fn quantile(q: f64, buckets: &[(f64, f64)]) -> Option<f64> {
    let total = buckets.last().map(|b| b.1)?;
    if total.is_nan() || total <= 0.0 || total.is_infinite() {
        return None;
    }
    let rank = q * total;
    let mut lower_bound = 0.0;
    let mut lower_count = 0.0;
    for (le, count) in buckets {
        if *count >= rank {
            if le.is_infinite() {
                return Some(lower_bound);
            }
            let width = count - lower_count;
            if width <= 0.0 {
                return Some(*le);
            }
            return Some(lower_bound + (le - lower_bound) * (rank - lower_count) / width);
        }
        lower_bound = *le;
        lower_count = *count;
    }
    Some(lower_bound)
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::metrics::Snapshot;

    fn scraped(at: Instant, snapshot: Snapshot) -> Scraped {
        Scraped {
            at,
            unix_ms: 0.0,
            snapshot,
            raw: Vec::new(),
            raw_cut: false,
        }
    }

    fn requests(n: f64) -> Snapshot {
        let mut s = Snapshot::default();
        s.requests.insert(("GET".into(), "200".into()), n);
        s.duration_buckets = vec![(0.1, n), (1.0, n * 2.0), (f64::INFINITY, n * 2.0)];
        s.cache = Some((n, n));
        s.bytes_out = Some(n * 100.0);
        s
    }

    #[test]
    fn two_scrapes_give_rates_per_second_and_percentiles() {
        let t = Instant::now();
        let p = point_between(
            &scraped(t, requests(10.0)),
            &scraped(t + Duration::from_secs(2), requests(30.0)),
        )
        .unwrap();
        assert!(!p.restarted);
        assert_eq!(p.request_rates[0].per_second, 10.0);
        assert_eq!(p.total_per_second, 10.0);
        // 20 under 0.1 s, 20 between 0.1 and 1 s: the median is at 0.1 s.
        assert!((p.p50_ms.unwrap() - 100.0).abs() < 1e-9);
        assert!((p.p95_ms.unwrap() - 910.0).abs() < 1e-6);
        assert_eq!(p.cache_hit_ratio, Some(0.5));
        assert_eq!(p.bytes_out_per_second, Some(1000.0));
    }

    #[test]
    fn a_counter_going_backwards_is_a_restart_not_a_negative_rate() {
        let t = Instant::now();
        let p = point_between(
            &scraped(t, requests(1000.0)),
            &scraped(t + Duration::from_secs(1), requests(4.0)),
        )
        .unwrap();
        assert!(p.restarted);
        assert_eq!(p.request_rates[0].per_second, 4.0);
        assert!(p.p99_ms.unwrap() >= 0.0);
    }

    #[test]
    fn no_requests_means_no_percentile_and_the_same_instant_no_point() {
        let t = Instant::now();
        assert!(point_between(&scraped(t, requests(1.0)), &scraped(t, requests(2.0))).is_none());
        let p = point_between(
            &scraped(t, requests(5.0)),
            &scraped(t + Duration::from_secs(5), requests(5.0)),
        )
        .unwrap();
        assert_eq!(p.p50_ms, None);
        assert_eq!(p.cache_hit_ratio, None);
        assert_eq!(p.total_per_second, 0.0);
    }

    #[test]
    fn a_rank_in_the_infinite_bucket_gives_the_highest_finite_bound() {
        assert_eq!(
            quantile(0.99, &[(0.5, 1.0), (f64::INFINITY, 10.0)]),
            Some(0.5)
        );
        assert_eq!(quantile(0.5, &[]), None);
        assert_eq!(quantile(0.5, &[(f64::INFINITY, f64::NAN)]), None);
    }

    #[test]
    fn the_history_keeps_a_bounded_number_of_points() {
        let mut h = History::new(MetricsSource::Debug, "http://x/metrics");
        let t = Instant::now();
        let mut last = None;
        for i in 0..(MAX_POINTS + 10) {
            last = Some(h.record(scraped(
                t + Duration::from_secs(i as u64),
                requests(i as f64),
            )));
        }
        let series = last.unwrap();
        assert_eq!(series.points.len(), MAX_POINTS);
        assert_eq!(series.scrapes as usize, MAX_POINTS + 10);
    }
}
