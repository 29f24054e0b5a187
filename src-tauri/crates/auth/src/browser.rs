//! The browser half of a code flow (RFC 8252): PKCE, `state`, the system browser, and a
//! one-shot loopback listener on `127.0.0.1` that takes the redirect.
//!
//! The opener is a trait so that the app opens the system browser while tests drive the
//! authorization URL themselves (a reqwest "browser" that fills the provider's forms).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SecureRandom;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::error::{Error, Result};

/// How long the app waits for the browser, unless told otherwise.
pub const DEFAULT_BROWSER_TIMEOUT: Duration = Duration::from_secs(300);
/// The most of a request head the listener reads.
const HEAD_LIMIT: usize = 16 * 1024;

/// `n` random bytes, base64url without padding.
pub(crate) fn random_token(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .expect("the system random generator works");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A PKCE pair (RFC 7636): the verifier stays here, the S256 challenge goes to the browser.
#[derive(Clone)]
pub struct Pkce {
    verifier: vault::Secret,
    challenge: String,
}

impl Pkce {
    /// A fresh pair: 32 random bytes (43 characters) as the verifier.
    pub fn new() -> Self {
        let verifier = random_token(32);
        let challenge = URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            verifier.as_bytes(),
        ));
        Self {
            verifier: vault::Secret::new(verifier),
            challenge,
        }
    }

    /// The `code_verifier` for the token request.
    pub fn verifier(&self) -> &vault::Secret {
        &self.verifier
    }

    /// The `code_challenge` (`code_challenge_method=S256`).
    pub fn challenge(&self) -> &str {
        &self.challenge
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// Opens an authorization URL in a browser.
pub trait BrowserOpener: Send + Sync {
    /// Shows `url` to the user (or, in tests, visits it).
    fn open(&self, url: &url::Url) -> Result<()>;
}

impl<F> BrowserOpener for F
where
    F: Fn(&url::Url) -> Result<()> + Send + Sync,
{
    fn open(&self, url: &url::Url) -> Result<()> {
        self(url)
    }
}

/// A cancel switch for a browser sign-in: the UI's Cancel button.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<CancelInner>);

#[derive(Debug, Default)]
struct CancelInner {
    cancelled: AtomicBool,
    notify: tokio::sync::Notify,
}

impl Cancel {
    /// A switch that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels; waiting sign-ins end with [`Error::Cancelled`].
    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.notify.notify_waiters();
    }

    /// Whether [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    async fn cancelled(&self) {
        loop {
            let notified = self.0.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// How a browser sign-in waits.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// How long to wait for the redirect.
    pub timeout: Duration,
    /// The user's cancel switch.
    pub cancel: Cancel,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_BROWSER_TIMEOUT,
            cancel: Cancel::new(),
        }
    }
}

/// What came back on the redirect.
#[derive(Debug)]
pub struct Callback {
    /// The authorization code.
    pub code: vault::Secret,
    /// The `iss` parameter (RFC 9207), when the provider sends it.
    pub iss: Option<String>,
}

/// A listener on `127.0.0.1` on a port the OS picks, for one redirect to `/callback`.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    port: u16,
}

impl Loopback {
    /// Binds `127.0.0.1:0`.
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| Error::Callback {
                reason: format!("bind 127.0.0.1: {e}"),
            })?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::Callback {
                reason: e.to_string(),
            })?
            .port();
        Ok(Self { listener, port })
    }

    /// `http://127.0.0.1:<port>/callback`.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the browser's redirect to `/callback` with our `state`, answers the browser
    /// with a plain page, and closes (the listener is consumed: one use). Other paths (a
    /// browser's `/favicon.ico`) get 404, and a `/callback` with another `state` (or none)
    /// gets an error page; in both cases the wait goes on until the timeout or a cancel.
    pub async fn wait(self, state: &str, options: &BrowserOptions) -> Result<Callback> {
        let work = async {
            loop {
                let (stream, _) = self.listener.accept().await.map_err(|e| Error::Callback {
                    reason: format!("accept: {e}"),
                })?;
                if let Some(result) = handle(stream, state).await {
                    return result;
                }
            }
        };
        tokio::select! {
            result = tokio::time::timeout(options.timeout, work) => match result {
                Ok(result) => result,
                Err(_) => Err(Error::TimedOut { after: options.timeout }),
            },
            () = options.cancel.cancelled() => Err(Error::Cancelled),
        }
    }
}

/// Answers one connection; `None` when it was not the redirect.
async fn handle(mut stream: TcpStream, state: &str) -> Option<Result<Callback>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    loop {
        let n = match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf)).await {
            Ok(Ok(n)) => n,
            _ => return None,
        };
        if n == 0 {
            break;
        }
        head.extend_from_slice(&buf[..n]);
        if head.windows(4).any(|w| w == b"\r\n\r\n") || head.len() > HEAD_LIMIT {
            break;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut parts = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
        respond(&mut stream, 400, "Bad request.").await;
        return None;
    };
    if method != "GET" || url.path() != "/callback" {
        respond(&mut stream, 404, "Not found.").await;
        return None;
    }
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    if param("state").as_deref() != Some(state) {
        // Anything on this machine can reach the listener, so a request without our `state`
        // proves nothing about the sign-in: it is answered and ignored, and the wait goes on
        // for the browser's real redirect (ending here would let any local process abort a
        // sign-in, or feed it a provider error of its choosing).
        respond(
            &mut stream,
            400,
            "This reply does not belong to the sign-in Registry Console started, and was ignored. If you are signing in, finish in the browser tab Registry Console opened.",
        )
        .await;
        return None;
    }
    if let Some(error) = param("error") {
        let description = param("error_description");
        respond(
            &mut stream,
            400,
            &format!(
                "The sign-in failed: {}. Return to Registry Console.",
                description.as_deref().unwrap_or(&error)
            ),
        )
        .await;
        return Some(Err(Error::Provider {
            url: "the browser's redirect".into(),
            status: None,
            error,
            description,
        }));
    }
    let Some(code) = param("code") else {
        respond(&mut stream, 400, "The reply holds no authorization code.").await;
        return Some(Err(Error::bad_response(
            "the browser's redirect",
            "no code and no error",
        )));
    };
    respond(
        &mut stream,
        200,
        "Signed in. You can close this tab and return to Registry Console.",
    )
    .await;
    Some(Ok(Callback {
        code: vault::Secret::new(code),
        iss: param("iss"),
    }))
}

async fn respond(stream: &mut TcpStream, status: u16, text: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Registry Console</title></head><body style=\"font-family:sans-serif;margin:3em\"><h1>Registry Console</h1><p>{escaped}</p></body></html>"
    );
    let reply = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_is_the_s256_of_the_verifier() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            verifier.as_bytes(),
        ));
        assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        let pkce = Pkce::new();
        assert_eq!(pkce.verifier().expose().len(), 43);
        assert_ne!(Pkce::new().challenge(), pkce.challenge());
    }

    async fn get(port: u16, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        stream
            .write_all(format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.unwrap();
        let status = reply[9..12].parse().unwrap();
        (status, reply)
    }

    #[tokio::test]
    async fn listener_takes_the_code_after_ignoring_a_favicon_request() {
        let loopback = Loopback::bind().await.unwrap();
        let port: u16 = loopback.redirect_uri()[17..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let wait =
            tokio::spawn(async move { loopback.wait("st1", &BrowserOptions::default()).await });
        assert_eq!(get(port, "/favicon.ico").await.0, 404);
        let (status, page) = get(port, "/callback?code=c0de&state=st1&iss=http%3A%2F%2Fidp").await;
        assert_eq!(status, 200);
        assert!(page.contains("Signed in"));
        let callback = wait.await.unwrap().unwrap();
        assert_eq!(callback.code.expose(), "c0de");
        assert_eq!(callback.iss.as_deref(), Some("http://idp"));
        // One use: the listener is closed.
        assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());
    }

    #[tokio::test]
    async fn a_foreign_state_is_answered_and_ignored_and_the_real_redirect_still_signs_in() {
        let loopback = Loopback::bind().await.unwrap();
        let uri = loopback.redirect_uri();
        let port: u16 = uri[17..].split('/').next().unwrap().parse().unwrap();
        let wait =
            tokio::spawn(async move { loopback.wait("mine", &BrowserOptions::default()).await });
        for forged in [
            "/callback?code=c&state=theirs",
            "/callback?error=access_denied&state=theirs",
            "/callback?code=c",
        ] {
            let (status, page) = get(port, forged).await;
            assert_eq!(status, 400, "{forged}");
            assert!(page.contains("was ignored"), "{page}");
        }
        assert!(
            !wait.is_finished(),
            "a forged reply does not end the sign-in"
        );
        let (status, _) = get(port, "/callback?code=real&state=mine").await;
        assert_eq!(status, 200);
        assert_eq!(wait.await.unwrap().unwrap().code.expose(), "real");
    }

    #[tokio::test]
    async fn listener_reports_the_provider_error() {
        let loopback = Loopback::bind().await.unwrap();
        let port: u16 = loopback.redirect_uri()[17..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let wait =
            tokio::spawn(async move { loopback.wait("s", &BrowserOptions::default()).await });
        get(
            port,
            "/callback?error=access_denied&error_description=user%20said%20no&state=s",
        )
        .await;
        match wait.await.unwrap() {
            Err(Error::Provider {
                error, description, ..
            }) => {
                assert_eq!(error, "access_denied");
                assert_eq!(description.as_deref(), Some("user said no"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn listener_times_out_and_can_be_cancelled() {
        let loopback = Loopback::bind().await.unwrap();
        let options = BrowserOptions {
            timeout: Duration::from_millis(50),
            cancel: Cancel::new(),
        };
        assert!(matches!(
            loopback.wait("s", &options).await,
            Err(Error::TimedOut { .. })
        ));

        let loopback = Loopback::bind().await.unwrap();
        let options = BrowserOptions::default();
        let cancel = options.cancel.clone();
        let wait = tokio::spawn(async move { loopback.wait("s", &options).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        cancel.cancel();
        assert!(matches!(wait.await.unwrap(), Err(Error::Cancelled)));
    }
}
