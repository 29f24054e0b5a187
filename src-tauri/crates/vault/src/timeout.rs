//! Runs a blocking call on a worker thread and gives up waiting after a timeout.

use std::sync::mpsc;
use std::time::Duration;

use crate::{Error, Result};

/// Runs `call` on a new thread and waits at most `after` for its result.
///
/// On timeout the thread is left to finish (or hang) on its own and its result is dropped;
/// the caller gets [`Error::TimedOut`]. Plain threads and a channel, so this works from sync
/// code and from inside an async runtime alike (from async code, call it in a blocking task).
pub(crate) fn run_with_timeout<T, F>(after: Duration, call: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let (sender, receiver) = mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name("vault-keyring".to_owned())
        .spawn(move || {
            // The receiver is gone after a timeout: nobody wants the result any more.
            let _ = sender.send(call());
        })
        .map_err(|e| Error::other(format!("could not start the keyring thread: {e}")))?;
    match receiver.recv_timeout(after) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::TimedOut { after }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::other("the keyring call panicked")),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn a_call_that_blocks_times_out_promptly() {
        let started = Instant::now();
        let result = run_with_timeout(Duration::from_millis(100), || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(1)
        });
        assert_eq!(
            result,
            Err(Error::TimedOut {
                after: Duration::from_millis(100)
            })
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_quick_call_returns_its_result() {
        assert_eq!(run_with_timeout(Duration::from_secs(5), || Ok(7)), Ok(7));
        assert_eq!(
            run_with_timeout::<(), _>(Duration::from_secs(5), || Err(Error::other("no"))),
            Err(Error::other("no"))
        );
    }

    #[test]
    fn a_panicking_call_is_an_error_not_a_panic() {
        let result = run_with_timeout::<(), _>(Duration::from_secs(5), || panic!("boom"));
        assert_eq!(result.unwrap_err().kind(), crate::ErrorKind::Other);
    }
}
