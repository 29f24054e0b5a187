//! Starting, waiting for and stopping server processes.
//!
//! Every server runs in its own process group, so that stopping it also stops anything it
//! spawned (gnome-keyring's helpers, node's workers). Its stdout and stderr go to a log file
//! in the server's temp dir; when it does not come up, the error quotes the log's last lines.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long a server may take to become ready before the harness gives up.
pub const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A running server process, killed with its process group on [`ServerProcess::stop`] or Drop.
#[derive(Debug)]
pub struct ServerProcess {
    name: String,
    child: Option<Child>,
    pid: u32,
    log_path: PathBuf,
}

impl ServerProcess {
    /// Spawns `command` in a new process group with stdout and stderr appended to `log_path`
    /// (unless the caller already chose where stdout goes) and stdin closed (unless set).
    pub fn spawn(name: &str, mut command: Command, log_path: &Path) -> Result<Self> {
        let log = File::options()
            .create(true)
            .append(true)
            .open(log_path)
            .map_err(|e| Error::io(format!("open {}", log_path.display()), e))?;
        let log2 = log
            .try_clone()
            .map_err(|e| Error::io("duplicate the log file handle", e))?;
        command.stdout(log).stderr(log2).process_group(0);
        Self::spawn_configured(name, command, log_path)
    }

    /// Spawns a command whose stdio the caller has configured; only the process group is set.
    pub fn spawn_configured(name: &str, mut command: Command, log_path: &Path) -> Result<Self> {
        command.process_group(0);
        let child = command
            .spawn()
            .map_err(|e| Error::io(format!("start {name} ({command:?})"), e))?;
        Ok(Self {
            name: name.to_owned(),
            pid: child.id(),
            child: Some(child),
            log_path: log_path.to_owned(),
        })
    }

    /// The server's name, as used in error messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The process id (also its process group id).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The child, for callers that need its stdin or stdout.
    pub fn child_mut(&mut self) -> Option<&mut Child> {
        self.child.as_mut()
    }

    /// Where the server's output goes.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// The whole log so far (lossy UTF-8; empty when it cannot be read).
    pub fn log(&self) -> String {
        std::fs::read(&self.log_path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }

    /// The last `lines` lines of the log.
    pub fn log_tail(&self, lines: usize) -> String {
        let log = self.log();
        let all: Vec<&str> = log.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// The exit status, if the process has exited.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// An [`Error::Start`] for this server, quoting its log.
    pub fn start_error(&self, reason: impl Into<String>) -> Error {
        Error::Start {
            server: self.name.clone(),
            reason: reason.into(),
            log_tail: self.log_tail(30),
        }
    }

    /// Kills the process group with SIGKILL and reaps the process. Idempotent.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Some(pid) = rustix::process::Pid::from_raw(self.pid as i32) {
                let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Polls `ready` every 50 ms until it says yes, the process exits, or `timeout` passes.
/// `ready` returning an error stops the wait with that error.
pub fn wait_until(
    process: &mut ServerProcess,
    timeout: Duration,
    mut ready: impl FnMut(&mut ServerProcess) -> Result<bool>,
) -> Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        if ready(process)? {
            return Ok(());
        }
        if let Some(status) = process.exited() {
            return Err(process.start_error(format!("it exited while starting ({status})")));
        }
        if Instant::now() >= deadline {
            return Err(process.start_error(format!("not ready after {timeout:?}")));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// True when something accepts TCP connections on 127.0.0.1:`port`.
pub fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_millis(200),
    )
    .is_ok()
}

/// A port that was free on 127.0.0.1 a moment ago. Another process may take it before the
/// server binds it; callers that spawn servers retry with a new port when the bind fails.
pub fn free_port() -> Result<u16> {
    // Ports handed out by this process, so two tests of one binary starting servers at the same
    // moment never get the same one (the kernel may give a just-released port again, and a
    // server that loses the race would see its readiness check answered by the other one).
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    for _ in 0..64 {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| Error::io("bind 127.0.0.1:0 to find a free port", e))?;
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .map_err(|e| Error::io("read the free port", e))?;
        let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
        if !given.contains(&port) {
            given.push(port);
            return Ok(port);
        }
    }
    Err(Error::Other(
        "no free port on 127.0.0.1 not already handed out".into(),
    ))
}

/// A non-blocking listener on a free port of 127.0.0.1, for an in-process server to hand to
/// tokio, and its port. `what` names the server in errors ("the token server").
pub fn bind_loopback(what: &str) -> Result<(TcpListener, u16)> {
    let listener =
        TcpListener::bind(("127.0.0.1", 0)).map_err(|e| Error::io(format!("bind {what}"), e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io(format!("make {what}'s socket non-blocking"), e))?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io(format!("read {what}'s port"), e))?
        .port();
    Ok((listener, port))
}

/// Runs a short command to completion, failing with its output when it does not succeed.
pub fn run(what: &str, command: &mut Command) -> Result<std::process::Output> {
    let output = command
        .output()
        .map_err(|e| Error::io(format!("{what} ({command:?})"), e))?;
    if !output.status.success() {
        return Err(Error::Other(format!(
            "{what} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(output)
}

/// A path as a string for config files; temp dirs are always UTF-8 here.
pub fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
