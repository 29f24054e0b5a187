//! Runs a blocking call on a worker thread and gives up waiting after a timeout, with at most
//! one call in flight per key.
//!
//! A keyring call can hang for as long as an unlock prompt stays open. Giving up on it does not
//! stop its thread, so without a limit every retry (the UI asks again, another page loads the
//! same sign-in) would leave one more blocked thread behind and, on desktops that prompt per
//! request, one more unlock prompt. [`InFlight`] lets one call per key run: a second call for
//! the same key waits for the first to finish, within its own timeout, and never starts a
//! thread while the first one is stuck.

use std::collections::HashSet;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

use crate::{Error, Result};

/// The keys whose call is running, shared by every caller that must not overlap.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    busy: Mutex<HashSet<String>>,
    finished: Condvar,
}

/// Marks `key` free again when the worker is done with it, even if the call panicked.
struct Release {
    calls: Arc<InFlight>,
    key: String,
}

impl Drop for Release {
    fn drop(&mut self) {
        self.calls.busy().remove(&self.key);
        self.calls.finished.notify_all();
    }
}

impl InFlight {
    fn busy(&self) -> MutexGuard<'_, HashSet<String>> {
        // The set is changed by single inserts and removes: a panic cannot leave it torn.
        self.busy.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `call` on a new thread and waits at most `after` in all (waiting for a call on
    /// the same `key` included) for its result.
    ///
    /// On timeout the thread is left to finish (or hang) on its own and its result is
    /// dropped; the caller gets [`Error::TimedOut`]. Plain threads and a channel, so this
    /// works from sync code and from inside an async runtime alike (from async code, call it
    /// in a blocking task).
    pub(crate) fn run<T, F>(self: &Arc<Self>, key: &str, after: Duration, call: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T> + Send + 'static,
    {
        let deadline = Instant::now() + after;
        let mut busy = self.busy();
        while busy.contains(key) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::TimedOut { after });
            }
            busy = self
                .finished
                .wait_timeout(busy, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        busy.insert(key.to_owned());
        drop(busy);
        let release = Release {
            calls: Arc::clone(self),
            key: key.to_owned(),
        };
        let (sender, receiver) = mpsc::sync_channel(1);
        // When the thread cannot start, the closure (and `release` in it) is dropped.
        std::thread::Builder::new()
            .name("vault-keyring".to_owned())
            .spawn(move || {
                let result = call();
                drop(release);
                // The receiver is gone after a timeout: nobody wants the result any more.
                let _ = sender.send(result);
            })
            .map_err(|e| Error::other(format!("could not start the keyring thread: {e}")))?;
        match receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(result) => result,
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::TimedOut { after }),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Error::other("the keyring call panicked"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn calls() -> Arc<InFlight> {
        Arc::new(InFlight::default())
    }

    #[test]
    fn a_call_that_blocks_times_out() {
        let (release, blocked) = mpsc::channel::<()>();
        let result = calls().run("a", Duration::from_millis(100), move || {
            let _ = blocked.recv();
            Ok(1)
        });
        assert_eq!(
            result,
            Err(Error::TimedOut {
                after: Duration::from_millis(100)
            })
        );
        drop(release);
    }

    #[test]
    fn a_quick_call_returns_its_result() {
        let calls = calls();
        assert_eq!(calls.run("a", Duration::from_secs(5), || Ok(7)), Ok(7));
        assert_eq!(
            calls.run::<(), _>("a", Duration::from_secs(5), || Err(Error::other("no"))),
            Err(Error::other("no"))
        );
    }

    #[test]
    fn a_panicking_call_is_an_error_and_frees_its_key() {
        let calls = calls();
        let result = calls.run::<(), _>("a", Duration::from_secs(5), || panic!("boom"));
        assert_eq!(result.unwrap_err().kind(), crate::ErrorKind::Other);
        assert_eq!(calls.run("a", Duration::from_secs(5), || Ok(2)), Ok(2));
    }

    #[test]
    fn a_second_call_for_a_stuck_key_starts_no_thread_and_a_later_one_runs() {
        let calls = calls();
        let started = Arc::new(AtomicUsize::new(0));
        let (release, blocked) = mpsc::channel::<()>();
        let (ran, finished) = mpsc::channel::<()>();
        let first = {
            let started = Arc::clone(&started);
            calls.run("a", Duration::from_millis(50), move || {
                started.fetch_add(1, Ordering::SeqCst);
                let _ = blocked.recv();
                let _ = ran.send(());
                Ok(())
            })
        };
        assert!(matches!(first, Err(Error::TimedOut { .. })));
        for _ in 0..3 {
            let started = Arc::clone(&started);
            let again = calls.run("a", Duration::from_millis(50), move || {
                started.fetch_add(1, Ordering::SeqCst);
                Ok(())
            });
            assert!(matches!(again, Err(Error::TimedOut { .. })));
        }
        assert_eq!(started.load(Ordering::SeqCst), 1, "one call in flight");
        // Another key is not held up by the stuck one.
        assert_eq!(calls.run("b", Duration::from_secs(5), || Ok(3)), Ok(3));
        // Once the stuck call finishes, the key is free again.
        drop(release);
        finished.recv().unwrap();
        let started_again = Arc::clone(&started);
        assert_eq!(
            calls.run("a", Duration::from_secs(5), move || {
                started_again.fetch_add(1, Ordering::SeqCst);
                Ok(4)
            }),
            Ok(4)
        );
        assert_eq!(started.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_second_call_waits_for_the_first_to_finish_within_its_own_timeout() {
        let calls = calls();
        let (release, blocked) = mpsc::channel::<()>();
        let holder = Arc::clone(&calls);
        let first = std::thread::spawn(move || {
            holder.run("a", Duration::from_secs(30), move || {
                let _ = blocked.recv();
                Ok(1)
            })
        });
        // Wait until the first call holds the key.
        while !calls.busy().contains("a") {
            std::thread::yield_now();
        }
        let waiter = Arc::clone(&calls);
        let second = std::thread::spawn(move || waiter.run("a", Duration::from_secs(30), || Ok(2)));
        release.send(()).unwrap();
        assert_eq!(first.join().unwrap(), Ok(1));
        assert_eq!(second.join().unwrap(), Ok(2));
    }
}
