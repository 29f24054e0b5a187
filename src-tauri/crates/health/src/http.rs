//! The one way this crate asks a server: a GET through the connection's `net::Client` (no
//! redirect followed: a 3xx is an error naming where it pointed), the body read under a cap,
//! transport failures put in words.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use url::Url;

use crate::{Error, Result};

/// The longest `Location` kept in an error.
const MAX_LOCATION: usize = 300;
/// The longest body excerpt kept in an error.
const MAX_EXCERPT: usize = 300;

/// A reply, read whole under a cap.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// From sending the request to the end of the body.
    pub round_trip: Duration,
}

/// GETs `url` and reads at most `limit` bytes of the reply. A redirect is returned as
/// [`Error::Redirected`] (the client follows none). `request` adds headers (the metrics
/// secret) to the request.
pub(crate) async fn get(
    client: &net::Client,
    url: &Url,
    limit: usize,
    request: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> Result<Reply> {
    let started = Instant::now();
    let response = request(client.get(url.as_str()))
        .send()
        .await
        .map_err(|e| transport_error(&e, url))?;
    let status = response.status();
    let headers = response.headers().clone();
    if status.is_redirection() {
        let location = headers
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(MAX_LOCATION)
            .collect();
        return Err(Error::Redirected {
            url: url.to_string(),
            location,
        });
    }
    let body = net::read_body(response, limit)
        .await
        .map_err(|e| Error::Body {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    Ok(Reply {
        status,
        headers,
        body,
        round_trip: started.elapsed(),
    })
}

/// The start of a body as text, for an error or a row: printable characters only, capped.
pub(crate) fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(MAX_EXCERPT * 4)])
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .take(MAX_EXCERPT)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A failed send in words: TLS (with rustls' reason), timeout, or the innermost cause.
fn transport_error(error: &reqwest::Error, url: &Url) -> Error {
    if let Some(reason) = tls_reason(error) {
        return Error::Tls {
            url: url.to_string(),
            reason,
        };
    }
    let reason = if error.is_timeout() {
        "no answer in time".to_owned()
    } else {
        sources(error)
            .last()
            .map(ToString::to_string)
            .unwrap_or_else(|| error.to_string())
    };
    Error::Unreachable {
        url: url.to_string(),
        reason,
    }
}

fn sources(error: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    let first: &(dyn std::error::Error + 'static) = error;
    std::iter::successors(Some(first), |e| e.source())
}

/// rustls' error inside a failed send, if the handshake is what failed. It reaches us
/// wrapped in io::Errors (hyper-rustls, then hyper-util), whose `source()` skips the wrapped
/// error itself, so those are opened by hand.
fn tls_reason(error: &reqwest::Error) -> Option<String> {
    for e in sources(error) {
        if let Some(r) = e.downcast_ref::<rustls::Error>() {
            return Some(r.to_string());
        }
        let mut inner = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        while let Some(i) = inner {
            if let Some(r) = i.downcast_ref::<rustls::Error>() {
                return Some(r.to_string());
            }
            inner = i
                .downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::get_ref);
        }
    }
    None
}
