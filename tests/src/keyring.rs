//! A Secret Service (gnome-keyring) in a private D-Bus session bus.
//!
//! The app keeps passwords and tokens in the OS keyring; on Linux that is the Secret Service
//! on the session bus. Tests must never touch the developer's own keyring, so this module
//! starts a session bus of its own (with no service activation, so nothing else is started
//! behind our back) and a `gnome-keyring-daemon` unlocked with a known password, with HOME and
//! the XDG dirs in a temp dir. Child processes that should use it get [`KeyringDaemon::env`]
//! (or [`KeyringDaemon::apply`], which also removes `DISPLAY`: with a display and a locked
//! keyring, calls hang on the unlock prompter, see PEERS.md).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::process::{START_TIMEOUT, ServerProcess, path_str, run, wait_until};

/// The password the login keyring is created and unlocked with.
pub const KEYRING_PASSWORD: &str = "registry-console-test";

/// The Secret Service's bus name.
pub const SECRETS_BUS_NAME: &str = "org.freedesktop.secrets";

/// A private session bus with an unlocked gnome-keyring Secret Service on it.
#[derive(Debug)]
pub struct KeyringDaemon {
    // Drop order: the keyring before the bus it talks to, both before their files.
    keyring: ServerProcess,
    bus: ServerProcess,
    address: String,
    home: PathBuf,
    dir: tempfile::TempDir,
}

impl KeyringDaemon {
    /// Starts the bus and the keyring daemon and waits until `org.freedesktop.secrets` is
    /// owned on the bus.
    pub fn start() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("rc-keyring-")
            .tempdir()
            .map_err(|e| Error::io("make the keyring's temp dir", e))?;
        let home = dir.path().join("home");
        let runtime = dir.path().join("runtime");
        for d in [
            &home,
            &runtime,
            &home.join(".local/share"),
            &home.join(".config"),
            &home.join(".cache"),
        ] {
            std::fs::create_dir_all(d)
                .map_err(|e| Error::io(format!("make {}", d.display()), e))?;
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| Error::io("make the runtime dir private", e))?;

        let socket = dir.path().join("bus");
        let address = format!("unix:path={}", path_str(&socket));
        let config = dir.path().join("session.conf");
        std::fs::write(&config, bus_config(&address))
            .map_err(|e| Error::io(format!("write {}", config.display()), e))?;

        let mut daemon = Command::new("dbus-daemon");
        daemon
            .arg(format!("--config-file={}", path_str(&config)))
            .arg("--nofork")
            .arg("--nopidfile");
        set_env(&mut daemon, &home, &runtime, &address);
        let mut bus = ServerProcess::spawn(
            "dbus-daemon (private session bus)",
            daemon,
            &dir.path().join("dbus.log"),
        )?;
        wait_until(&mut bus, START_TIMEOUT, |_| Ok(socket.exists()))?;

        let log_path = dir.path().join("gnome-keyring.log");
        let log = std::fs::File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| Error::io(format!("open {}", log_path.display()), e))?;
        let log2 = log
            .try_clone()
            .map_err(|e| Error::io("duplicate the log handle", e))?;
        let mut keyring = Command::new("gnome-keyring-daemon");
        keyring
            .args(["--unlock", "--components=secrets", "--foreground"])
            .stdin(Stdio::piped())
            .stdout(log)
            .stderr(log2);
        set_env(&mut keyring, &home, &runtime, &address);
        let mut keyring =
            ServerProcess::spawn_configured("gnome-keyring-daemon", keyring, &log_path)?;
        // --unlock reads the password from stdin until end of file.
        if let Some(mut stdin) = keyring.child_mut().and_then(|c| c.stdin.take()) {
            stdin
                .write_all(KEYRING_PASSWORD.as_bytes())
                .map_err(|e| Error::io("give gnome-keyring its password", e))?;
        }
        let this_address = address.clone();
        wait_until(&mut keyring, START_TIMEOUT, |_| {
            name_has_owner(&this_address, SECRETS_BUS_NAME)
        })?;

        Ok(Self {
            keyring,
            bus,
            address,
            home,
            dir,
        })
    }

    /// The bus address (`unix:path=...`), the value of `DBUS_SESSION_BUS_ADDRESS`.
    pub fn bus_address(&self) -> &str {
        &self.address
    }

    /// The environment a child process needs to use this keyring and nothing else: the bus
    /// address, and HOME and XDG dirs in the temp dir.
    pub fn env(&self) -> Vec<(String, String)> {
        let home = path_str(&self.home);
        vec![
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.address.clone()),
            ("HOME".into(), home.clone()),
            ("XDG_DATA_HOME".into(), format!("{home}/.local/share")),
            ("XDG_CONFIG_HOME".into(), format!("{home}/.config")),
            ("XDG_CACHE_HOME".into(), format!("{home}/.cache")),
            (
                "XDG_RUNTIME_DIR".into(),
                path_str(&self.dir.path().join("runtime")),
            ),
        ]
    }

    /// Sets [`KeyringDaemon::env`] on `command` and removes `DISPLAY`, so that a locked
    /// keyring fails instead of waiting on a prompt.
    pub fn apply<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        command
            .envs(self.env())
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
    }

    /// The temp dir holding the bus socket, logs and the keyring files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The keyring daemon's log (and the bus's).
    pub fn log(&self) -> String {
        format!("{}\n{}", self.keyring.log(), self.bus.log())
    }

    /// The keyring daemon's process id.
    pub fn pid(&self) -> u32 {
        self.keyring.pid()
    }

    /// Locks the login keyring (Secret Service `Lock`), so that reads and writes need an
    /// unlock prompt, which without a display is dismissed: the "locked keyring" case.
    pub fn lock(&self) -> Result<()> {
        run(
            "lock the login keyring",
            Command::new("dbus-send")
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.secrets",
                    "/org/freedesktop/secrets",
                    "org.freedesktop.Secret.Service.Lock",
                    "array:objpath:/org/freedesktop/secrets/aliases/default",
                ]),
        )
        .map(|_| ())
    }

    /// Stops the keyring daemon and the bus. Idempotent.
    pub fn stop(&mut self) {
        self.keyring.stop();
        self.bus.stop();
    }
}

fn set_env(command: &mut Command, home: &Path, runtime: &Path, address: &str) {
    let home_s = path_str(home);
    command
        .env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
        )
        .env("HOME", &home_s)
        .env("XDG_DATA_HOME", format!("{home_s}/.local/share"))
        .env("XDG_CONFIG_HOME", format!("{home_s}/.config"))
        .env("XDG_CACHE_HOME", format!("{home_s}/.cache"))
        .env("XDG_RUNTIME_DIR", path_str(runtime))
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .env("LANG", "C.UTF-8");
}

/// A session bus that listens only on our socket and activates no services.
fn bus_config(address: &str) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>{address}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#
    )
}

/// Asks the bus whether `name` has an owner.
fn name_has_owner(address: &str, name: &str) -> Result<bool> {
    let output = Command::new("dbus-send")
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            &format!("string:{name}"),
        ])
        .output()
        .map_err(|e| Error::io("run dbus-send", e))?;
    Ok(output.status.success() && String::from_utf8_lossy(&output.stdout).contains("boolean true"))
}
