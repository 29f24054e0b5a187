//! One app per user: a second launch (a second click on the launcher) hands over to the
//! running window and exits, so two instances never hold two copies of the settings that each
//! would write back over the other's.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::app::{Desktop, app_binary};
use crate::init;

/// How long the second launch may take to give way. Only a bound for a failing run (a second
/// window stays open for ever); a passing one exits within a second or two of starting.
const EXIT_BOUND: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread")]
async fn a_second_launch_exits_and_the_running_window_keeps_its_settings() {
    init();
    let desktop = Desktop::new();
    let url = "http://127.0.0.1:5999";
    desktop.add_connection("kept registry", url, connections::TlsMode::System);
    let settings = std::fs::read(desktop.settings_path()).expect("settings saved");
    let row = "[data-testid=connection-row][data-name=\"kept registry\"]";

    let app = desktop.launch().await;
    let s = &app.session;
    // The window shows the settings: the first instance is up, its plugins set up before it.
    s.wait_text(row, url).await.unwrap();

    // The same binary, started again as the launcher would: same home, same session bus.
    let log_path = desktop.home().join("second-launch.log");
    let log = std::fs::File::create(&log_path).expect("second launch log");
    let mut command = Command::new(app_binary());
    desktop.set_env(&mut command);
    use std::os::unix::process::CommandExt as _;
    let mut second = command
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .process_group(0)
        .spawn()
        .expect("the app starts a second time");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait().expect("the second launch is waited for") {
            break Some(status);
        }
        if started.elapsed() > EXIT_BOUND {
            break None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let Some(status) = status else {
        let group = format!("-{}", second.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = second.wait();
        app.screenshot("single-instance-two-windows").await;
        panic!(
            "the second launch was still running after {EXIT_BOUND:?}: it opened a second window\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
    };
    assert!(
        status.success(),
        "the second launch exited with {status}\n{}",
        std::fs::read_to_string(&log_path).unwrap_or_default()
    );

    // The first instance still runs, with its settings, and nothing rewrote them.
    s.wait_text(row, url).await.unwrap();
    app.screenshot("single-instance-after-second-launch").await;
    app.close().await;
    // The connections are as they were (the running app may have saved the page shown last).
    let connections = |bytes: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(bytes).unwrap()["connections"].clone()
    };
    assert_eq!(
        connections(&std::fs::read(desktop.settings_path()).expect("settings still there")),
        connections(&settings)
    );
}
