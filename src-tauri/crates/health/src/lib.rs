//! A registry's health and metrics, for the Registries page's Health and Metrics tabs.
//!
//! Why a crate of its own: the checks speak to endpoints beside the registry API (the debug
//! server's `/debug/health` and `/metrics`, OpenShift's `/healthz` and
//! `/extensions/v2/metrics`), and the metrics need a Prometheus parser and arithmetic over
//! time that the registry client has no use for.
//!
//! - [`probe`]: the `/v2/` answer (status, API version, challenge, round trip), `/healthz`,
//!   `/debug/health` with each named check.
//! - [`metrics`]: one scrape read under a cap (with the metrics secret only to its own URL,
//!   never across a redirect) and parsed into the series the charts need.
//! - [`series`]: points between successive scrapes, restarts told from negative rates.
//!
//! Every request goes through the connection's `net::Client` with no redirect followed, and
//! every number from the server is checked before it is used. To add a chart: add the
//! series to [`metrics::Snapshot`], its parse, and its point in [`series::point_between`].

mod error;
mod http;
pub mod metrics;
pub mod probe;
pub mod series;

pub use error::{Error, FailureKind, Result};
