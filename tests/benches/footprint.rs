//! What the installed app costs a laptop, beside an empty Tauri 2 window (issue #16). Not a
//! test: it prints figures and asserts nothing. Run it with `make bench-footprint`, which
//! builds both release binaries and the `.deb`, and runs this under Xvfb.
//!
//! Both binaries come from the same tauri version and features, with the same release profile:
//! the app (`FOOTPRINT_APP`) and `bench/empty-window` (`FOOTPRINT_EMPTY`). Each is started
//! `FOOTPRINT_RUNS` (10) times, taking turns, each time in a fresh home of its own:
//! 1. **start to interactive**: from just before the process is spawned to the first frame of
//!    its page, as the page itself reports it (the app's Connections page with one saved
//!    connection calls `app_ready`, the empty page calls `ready`; with
//!    `REGISTRY_CONSOLE_READY_STAMP` set both print `ready <unix ns>` on stderr);
//! 2. **PSS idle**: 10 s later, the proportional set size (`/proc/<pid>/smaps_rollup`) of the
//!    process and every process under it (WebKit's web and network processes), summed;
//! 3. **PSS with 10,000 repositories** (the app only, `FOOTPRINT_LOADED_RUNS`, 5): started
//!    through tauri-driver, Registries opened on the bench registry of `make bench`
//!    (`harness::filler::bench_registry`), every repository listed, then 10 s idle.
//!
//! Then the binaries' sizes and the `.deb`'s (`FOOTPRINT_DEB`). Targets (issue #16): start
//! ≤ 1.2× the empty window, PSS idle ≤ 1.3×, PSS loaded ≤ 1.6×, binary ≤ 25 MB.

#[allow(dead_code)]
#[path = "../e2e/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../e2e/secrets.rs"]
mod secrets;
#[allow(dead_code)]
#[path = "../e2e/webdriver.rs"]
mod webdriver;

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a started window is left alone before its memory is read.
const IDLE: Duration = Duration::from_secs(10);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn env_path(name: &str) -> PathBuf {
    PathBuf::from(
        std::env::var_os(name)
            .unwrap_or_else(|| panic!("{name} is not set: run make bench-footprint")),
    )
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    harness::install_crypto_provider();
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run make bench-footprint (xvfb-run)"
    );
    let app = env_path("FOOTPRINT_APP");
    let empty = env_path("FOOTPRINT_EMPTY");
    let runs = env_usize("FOOTPRINT_RUNS", 10);
    let loaded_runs = env_usize("FOOTPRINT_LOADED_RUNS", 5);
    let repos = env_usize("BENCH_REPOS", 10_000);
    let tags = env_usize("BENCH_TAGS", 3);
    let registry = harness::filler::bench_registry(repos, tags)
        .await
        .expect("the bench registry starts");
    let url = registry.url();
    println!(
        "app {}\nempty window {}\n{runs} starts each, taking turns; PSS {} s after the first frame",
        app.display(),
        empty.display(),
        IDLE.as_secs()
    );

    let (mut app_start, mut app_pss, mut empty_start, mut empty_pss) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..runs {
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for is_app in order {
            let desktop = app::Desktop::new();
            if is_app {
                desktop.add_connection("bench", &url, connections::TlsMode::System);
            }
            let binary = if is_app { &app } else { &empty };
            let (start, pss) = start_and_idle(&desktop, binary);
            if is_app {
                app_start.push(start);
                app_pss.push(pss);
            } else {
                empty_start.push(start);
                empty_pss.push(pss);
            }
            eprintln!(
                "  {} run {}: first frame {:.0} ms, PSS {:.1} MiB",
                if is_app { "app  " } else { "empty" },
                round + 1,
                start * 1000.0,
                pss
            );
        }
    }

    let mut loaded = Vec::new();
    for run in 0..loaded_runs {
        let pss = app_with_catalog(&app, &url, repos).await;
        eprintln!(
            "  app run {}: {repos} repositories listed, PSS {pss:.1} MiB",
            run + 1
        );
        loaded.push(pss);
    }

    let app_start = Stats::of(app_start.iter().map(|s| s * 1000.0).collect());
    let empty_start = Stats::of(empty_start.iter().map(|s| s * 1000.0).collect());
    let app_pss = Stats::of(app_pss);
    let empty_pss = Stats::of(empty_pss);
    let loaded = Stats::of(loaded);
    println!();
    println!("                                 median      min      max   ratio (target)");
    println!("start to first frame, empty   {} ms", empty_start.row());
    println!(
        "start to first frame, app     {} ms  {:.2}x (<= 1.2x)",
        app_start.row(),
        app_start.median / empty_start.median
    );
    println!("PSS idle, empty window        {} MiB", empty_pss.row());
    println!(
        "PSS idle, app                 {} MiB  {:.2}x (<= 1.3x)",
        app_pss.row(),
        app_pss.median / empty_pss.median
    );
    println!(
        "PSS, app, {repos} repositories {} MiB  {:.2}x (<= 1.6x)",
        loaded.row(),
        loaded.median / empty_pss.median
    );
    let mib = |path: &Path| {
        std::fs::metadata(path)
            .map(|m| m.len() as f64 / (1024.0 * 1024.0))
            .unwrap_or(f64::NAN)
    };
    println!(
        "binary, app                   {:>8.1} MiB (<= 25 MB = {:.1} MiB)",
        mib(&app),
        25e6 / (1024.0 * 1024.0)
    );
    println!("binary, empty window          {:>8.1} MiB", mib(&empty));
    if let Some(deb) = std::env::var_os("FOOTPRINT_DEB").map(PathBuf::from) {
        println!(
            "package, {:<20} {:>8.1} MiB",
            deb.file_name().unwrap_or_default().to_string_lossy(),
            mib(&deb)
        );
    }
}

/// Median, min and max of some samples.
struct Stats {
    median: f64,
    min: f64,
    max: f64,
}

impl Stats {
    fn of(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        let median = match values.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => values[n / 2],
            n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        };
        Self {
            median,
            min: values.first().copied().unwrap_or(f64::NAN),
            max: values.last().copied().unwrap_or(f64::NAN),
        }
    }

    fn row(&self) -> String {
        format!("{:>8.1} {:>8.1} {:>8.1}", self.median, self.min, self.max)
    }
}

/// Starts `binary` in `desktop`'s environment, waits for its page's first frame, leaves it
/// idle for [`IDLE`] and reads the PSS of its whole process tree; then stops it. Returns
/// (seconds to the first frame, MiB).
fn start_and_idle(desktop: &app::Desktop, binary: &Path) -> (f64, f64) {
    use std::os::unix::process::CommandExt as _;
    let mut command = Command::new(binary);
    desktop.set_env(&mut command);
    command
        .env("REGISTRY_CONSOLE_READY_STAMP", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0);
    let spawned_at = unix_ns();
    let mut child = command.spawn().expect("start the binary");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    // Keeps reading after `ready`, so a chatty process never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(ns) = line
                .strip_prefix("ready ")
                .and_then(|n| n.parse::<u128>().ok())
            {
                let _ = tx.send(ns);
            }
        }
    });
    let ready = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(ns) => ns,
        Err(_) => {
            stop(&mut child);
            panic!(
                "{} did not report its first frame within 60 s",
                binary.display()
            );
        }
    };
    std::thread::sleep(IDLE);
    let pss = tree_pss_mib(child.id());
    stop(&mut child);
    (ready.saturating_sub(spawned_at) as f64 / 1e9, pss)
}

/// The app through tauri-driver: Registries, every repository listed, [`IDLE`], PSS.
async fn app_with_catalog(binary: &Path, url: &str, repos: usize) -> f64 {
    let desktop = app::Desktop::new();
    desktop.add_connection("bench", url, connections::TlsMode::System);
    let running = desktop.launch_binary(binary).await;
    let s = &running.session;
    s.click_css("[data-testid=nav-registries]")
        .await
        .expect("Registries");
    s.set_script_timeout(Duration::from_secs(300))
        .await
        .expect("script timeout");
    // The count replaces the progress once the whole catalog is in.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const check = () => {
            const count = document.querySelector('[data-testid=catalog-count]');
            if (count) { done(count.textContent); return; }
            setTimeout(check, 100);
        };
        check();
    "#;
    let count = s.execute_async(script).await.expect("the whole catalog");
    let digits: String = count
        .as_str()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert!(
        digits.parse::<usize>().is_ok_and(|n| n >= repos),
        "the catalog shows {count}, not {repos}"
    );
    tokio::time::sleep(IDLE).await;
    let root = find_process(binary).expect("the app's process");
    let pss = tree_pss_mib(root);
    running.close().await;
    pss
}

fn unix_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
}

/// Stops a process started in its own process group, with everything it started.
fn stop(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.wait();
}

/// (pid, parent pid) of every process.
fn processes() -> Vec<(u32, u32)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok());
        if let Some(ppid) = ppid {
            found.push((pid, ppid));
        }
    }
    found
}

/// The pid of the running process whose executable is `binary`.
fn find_process(binary: &Path) -> Option<u32> {
    let wanted = std::fs::canonicalize(binary).ok()?;
    processes()
        .into_iter()
        .map(|(pid, _)| pid)
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == wanted))
}

/// PSS (MiB) of `root` and every process under it.
fn tree_pss_mib(root: u32) -> f64 {
    let all = processes();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            all.iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    let kib: u64 = tree
        .iter()
        .map(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
                .unwrap_or_default()
                .lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        })
        .sum();
    kib as f64 / 1024.0
}
