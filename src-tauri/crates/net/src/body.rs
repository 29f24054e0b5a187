//! Reading a reply body with a cap: a server that sends an endless or huge body gets an error,
//! and the app's memory does not grow with it.

use bytes::{Bytes, BytesMut};

/// Caps for the kinds of body the app reads. A caller picks the one that fits what it asks
/// for; none is larger than what a real server sends for that kind.
pub mod limits {
    /// An error reply: only its message is shown.
    pub const ERROR_BODY: usize = 64 * 1024;
    /// A token reply, a discovery document, a user or identity document.
    pub const SMALL_JSON: usize = 1024 * 1024;
    /// An image manifest or index (the distribution registry refuses pushes over 4 MiB).
    pub const MANIFEST: usize = 4 * 1024 * 1024;
    /// A JSON list page (catalog, tags, a Kubernetes list): 10,000 names fit in ~1 MiB.
    pub const LIST_PAGE: usize = 16 * 1024 * 1024;
    /// An image config blob.
    pub const CONFIG_BLOB: usize = 8 * 1024 * 1024;
}

/// Why a body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The body is larger than the cap for its kind.
    #[error("the reply is larger than {limit} bytes")]
    TooLarge {
        /// The cap in force.
        limit: usize,
    },
    /// The connection failed or timed out before the body ended.
    #[error("the reply broke off: {0}")]
    Transport(#[source] reqwest::Error),
}

impl BodyError {
    /// Whether the request's time ran out while the body was read.
    pub fn is_timeout(&self) -> bool {
        matches!(self, BodyError::Transport(e) if e.is_timeout())
    }
}

/// The body of `response`, at most `limit` bytes. A declared `Content-Length` over the cap is
/// refused before anything is read; a body that grows past it while streaming is cut off.
pub async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if let Some(length) = response.content_length()
        && length > limit as u64
    {
        return Err(BodyError::TooLarge { limit });
    }
    let capacity = response
        .content_length()
        .map_or(8 * 1024, |l| usize::try_from(l).unwrap_or(limit));
    let mut body = BytesMut::with_capacity(capacity.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A one-connection HTTP server that answers with `head` and then writes `chunk`
    /// `repeat` times (or until the client goes away).
    async fn serve(head: String, chunk: Vec<u8>, repeat: usize) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 2048];
            let _ = socket.read(&mut request).await;
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for _ in 0..repeat {
                if socket.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        });
        format!("http://{addr}/")
    }

    async fn get(url: &str) -> reqwest::Response {
        let base = url::Url::parse(url).unwrap();
        let client = crate::Client::new(&base, &connections::TlsMode::System, &Default::default());
        client.unwrap().get(url).send().await.unwrap()
    }

    #[tokio::test]
    async fn an_endless_body_is_cut_at_the_cap() {
        // Close-delimited and effectively endless (64 MiB would come if it were read).
        let url = serve(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n".into(),
            vec![b' '; 64 * 1024],
            1024,
        )
        .await;
        let response = get(&url).await;
        let error = read_body(response, 1024 * 1024).await.unwrap_err();
        assert!(matches!(error, BodyError::TooLarge { limit } if limit == 1024 * 1024));
    }

    #[tokio::test]
    async fn a_declared_length_over_the_cap_is_refused_before_reading() {
        let url = serve(
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n".into(),
            b"x".to_vec(),
            1,
        )
        .await;
        let response = get(&url).await;
        assert!(matches!(
            read_body(response, 4096).await,
            Err(BodyError::TooLarge { limit: 4096 })
        ));
    }

    #[tokio::test]
    async fn a_body_within_the_cap_is_returned_whole() {
        let url = serve(
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".into(),
            b"0123456789".to_vec(),
            1,
        )
        .await;
        let response = get(&url).await;
        assert_eq!(&read_body(response, 10).await.unwrap()[..], b"0123456789");
    }
}
