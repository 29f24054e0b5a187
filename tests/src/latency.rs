//! A TCP proxy that puts a network's round-trip time between a client and a local server.
//!
//! Everything here runs on loopback, where a round trip costs microseconds; a registry in
//! another building or a cloud region is 5–80 ms away, which is where concurrent requests
//! pay off. The kernel's `netem` would add that delay, but this machine's kernel has none, so
//! the proxy does it in user space: every chunk read from one side is written to the other
//! half the round-trip time later, in order, and a new connection waits one full round trip
//! (the TCP handshake) before its first byte goes through. Bandwidth is not limited.
//!
//! It runs on a thread with its own runtime, so the program being measured does not share
//! its scheduler; dropping the [`DelayProxy`] stops it.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::process::bind_loopback;
use crate::{Error, Result};

/// A running proxy: connect to [`DelayProxy::addr`] to reach the target `rtt` later.
pub struct DelayProxy {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DelayProxy {
    /// Starts a proxy on a free loopback port that forwards to `target` with `rtt` of delay
    /// per round trip (half each way).
    pub fn start(target: SocketAddr, rtt: Duration) -> Result<Self> {
        let (listener, port) = bind_loopback("the delay proxy")?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let (stop, stopped) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| Error::io("start the delay proxy's runtime", e))?;
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = TcpListener::from_std(listener) else {
                    return;
                };
                let accept = async {
                    while let Ok((client, _)) = listener.accept().await {
                        tokio::spawn(connection(client, target, rtt));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stopped => {}
                }
            });
        });
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, for an HTTP server behind the proxy.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for DelayProxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn connection(client: TcpStream, target: SocketAddr, rtt: Duration) {
    // The handshake of a connection across the link: one round trip before any data.
    tokio::time::sleep(rtt).await;
    let Ok(server) = TcpStream::connect(target).await else {
        return;
    };
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let one_way = rtt / 2;
    tokio::join!(
        pipe(client_read, server_write, one_way),
        pipe(server_read, client_write, one_way),
    );
}

/// Copies `from` to `to`, each chunk `delay` after it was read, in order; closes `to`'s
/// write side when `from` ends.
async fn pipe(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    delay: Duration,
) {
    let (queue, mut queued) = mpsc::unbounded_channel::<(Instant, Vec<u8>)>();
    let reader = async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match from.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if queue
                        .send((Instant::now() + delay, buf[..n].to_vec()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
        }
        // Dropping `queue` here lets the writer finish what is in flight, then close.
    };
    let writer = async move {
        while let Some((due, chunk)) = queued.recv().await {
            tokio::time::sleep_until(due).await;
            if to.write_all(&chunk).await.is_err() {
                return;
            }
        }
        let _ = to.shutdown().await;
    };
    tokio::join!(reader, writer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// An echo server on loopback, for the proxy to sit in front of.
    async fn echo_server() -> SocketAddr {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let (mut r, mut w) = socket.split();
                    let _ = tokio::io::copy(&mut r, &mut w).await;
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn each_round_trip_takes_the_rtt_and_bytes_arrive_whole_and_in_order() {
        let proxy = DelayProxy::start(echo_server().await, Duration::from_millis(40)).unwrap();
        let started = std::time::Instant::now();
        let mut stream = TcpStream::connect(proxy.addr()).await.unwrap();
        // Two round trips: the handshake, then one request and its echo.
        stream.write_all(b"ping").await.unwrap();
        let mut reply = [0u8; 4];
        stream.read_exact(&mut reply).await.unwrap();
        assert_eq!(&reply, b"ping");
        let first = started.elapsed();
        assert!(first >= Duration::from_millis(80), "{first:?}");

        // A second exchange on the open connection costs one round trip, not two.
        let again = std::time::Instant::now();
        let payload: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let (mut r, mut w) = stream.into_split();
        let sent = payload.clone();
        let send = tokio::spawn(async move {
            w.write_all(&sent).await.unwrap();
            w.shutdown().await.unwrap();
        });
        let mut echoed = Vec::new();
        r.read_to_end(&mut echoed).await.unwrap();
        send.await.unwrap();
        assert_eq!(echoed, payload);
        assert!(
            again.elapsed() >= Duration::from_millis(40),
            "{:?}",
            again.elapsed()
        );
    }

    #[tokio::test]
    async fn a_target_that_is_gone_closes_the_client_connection() {
        let gone = {
            let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
            listener.local_addr().unwrap()
        };
        let proxy = DelayProxy::start(gone, Duration::from_millis(2)).unwrap();
        let mut stream = TcpStream::connect(proxy.addr()).await.unwrap();
        let mut buf = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("closed, not hung");
        assert!(matches!(read, Ok(0) | Err(_)));
    }
}
