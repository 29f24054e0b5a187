//! Benchmark of browsing a large registry (issue #3). Not a test: it asserts nothing and
//! prints figures. Run it with `make bench` (it needs the built app and a display, like e2e).
//!
//! Fixed input: an open distribution registry with `BENCH_REPOS` (10,000) repositories of
//! `BENCH_TAGS` (3) tags, filled once and kept under `~/.cache/registry-console/`.
//! Measured in one run against that registry:
//! 1. the full catalog + every repository's tags through our `RegistryClient`, against a plain
//!    concurrent HTTP loop (same concurrency) and a sequential loop, on loopback and again
//!    across a link with a round-trip time (`BENCH_RTT_MS`, 20; see [`across_a_link`]);
//! 2. in the real window: time from clicking Registries to the first repository row and to the
//!    whole catalog, keystroke-to-repaint of the filter, and the resident memory of every
//!    process of the app (shell, WebKit web and network processes) idle and with all rows.

#[allow(dead_code)]
#[path = "../e2e/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../e2e/secrets.rs"]
mod secrets;
#[allow(dead_code)]
#[path = "../e2e/webdriver.rs"]
mod webdriver;

use std::time::{Duration, Instant};

use futures_util::StreamExt;

/// How many requests are in flight at once, for ours and for the plain loop alike.
const CONCURRENCY: usize = 16;
/// Rounds of each listing; the median is reported.
const ROUNDS: usize = 4;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    harness::install_crypto_provider();
    let repos = env_usize("BENCH_REPOS", 10_000);
    let tags = env_usize("BENCH_TAGS", 3);
    let registry = harness::filler::bench_registry(repos, tags)
        .await
        .expect("the bench registry starts");
    let url = registry.url();
    println!(
        "registry {url}: {repos} repositories x {tags} tags; {CONCURRENCY} requests in flight; median of {ROUNDS}"
    );

    if std::env::var_os("BENCH_WINDOW_ONLY").is_some() {
        window(&url, repos).await;
        return;
    }
    // One unmeasured pass warms the registry's file cache; then ours and the plain loop take
    // turns going first, so neither gets the warmer half of the run.
    plain_loop(&url, CONCURRENCY).await;
    let (mut ours_times, mut plain_times) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            ours_times.push(ours(&url).await);
            plain_times.push(plain_loop(&url, CONCURRENCY).await);
        } else {
            plain_times.push(plain_loop(&url, CONCURRENCY).await);
            ours_times.push(ours(&url).await);
        }
    }
    let ours = median(ours_times);
    let plain = median(plain_times);
    let sequential = plain_loop(&url, 1).await;
    println!(
        "catalog + tags, ours (RegistryClient)   {:>8.2} s",
        ours.as_secs_f64()
    );
    println!(
        "catalog + tags, plain concurrent loop   {:>8.2} s  (ours / plain = {:.2}x)",
        plain.as_secs_f64(),
        ours.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "catalog + tags, sequential loop         {:>8.2} s  (sequential / ours = {:.1}x)",
        sequential.as_secs_f64(),
        sequential.as_secs_f64() / ours.as_secs_f64()
    );

    across_a_link(&url).await;
    window(&url, repos).await;
}

/// The same three listings through [`harness::latency::DelayProxy`], which puts
/// `BENCH_RTT_MS` (20) of round-trip time between the loops and the registry, as a registry
/// in a nearby cloud region would be. On loopback every request costs only CPU, and with two
/// cores shared by the registry and the client, 16 in flight cannot beat one by much more
/// than 2x; across a link, a sequential loop waits out every round trip. 0 skips this part.
async fn across_a_link(url: &str) {
    let rtt_ms = env_usize("BENCH_RTT_MS", 20);
    if rtt_ms == 0 {
        return;
    }
    let target: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .parse()
        .expect("registry address");
    let proxy = harness::latency::DelayProxy::start(
        target,
        Duration::from_millis(u64::try_from(rtt_ms).unwrap_or(20)),
    )
    .expect("delay proxy");
    let linked = proxy.url();
    let plain = plain_loop(&linked, CONCURRENCY).await;
    let ours = ours(&linked).await;
    let sequential = plain_loop(&linked, 1).await;
    println!(
        "across a {rtt_ms} ms RTT link: ours {:.2} s, plain concurrent {:.2} s (ours / plain = {:.2}x), sequential {:.2} s (sequential / ours = {:.1}x)",
        ours.as_secs_f64(),
        plain.as_secs_f64(),
        ours.as_secs_f64() / plain.as_secs_f64(),
        sequential.as_secs_f64(),
        sequential.as_secs_f64() / ours.as_secs_f64()
    );
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn ours(url: &str) -> Duration {
    let connection = connections::Connection {
        id: "bench".into(),
        name: "bench".into(),
        kind: connections::ConnectionKind::Registry,
        url: url.to_owned(),
        tls: connections::TlsMode::System,
        linked_cluster: None,
        openshift_version: None,
    };
    let client = registry::RegistryClient::new(&connection, None).expect("client");
    let start = Instant::now();
    let mut names = Vec::new();
    let cancel = registry::CancelFlag::new();
    let mut collect = |event: registry::model::CatalogEvent| {
        if let registry::model::CatalogEvent::Page { repositories, .. } = event {
            names.extend(repositories);
        }
    };
    client
        .catalog(&cancel, &mut collect)
        .await
        .expect("catalog");
    let tags: usize = futures_util::stream::iter(names)
        .map(|name| {
            let client = client.clone();
            async move { client.tags(&name).await.map(|t| t.len()).unwrap_or(0) }
        })
        .buffer_unordered(CONCURRENCY)
        .fold(0, |sum, n| async move { sum + n })
        .await;
    assert!(tags > 0);
    start.elapsed()
}

/// What a script would do: page the catalog by `Link`, then GET each tag list.
async fn plain_loop(url: &str, concurrency: usize) -> Duration {
    let http = reqwest::Client::new();
    let start = Instant::now();
    let mut names: Vec<String> = Vec::new();
    let mut next = Some(format!("{url}/v2/_catalog?n=1000"));
    while let Some(page) = next.take() {
        let reply = http.get(&page).send().await.expect("catalog page");
        next = reply
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split('<').nth(1))
            .and_then(|v| v.split('>').next())
            .map(|path| format!("{url}{path}"));
        let body: serde_json::Value = reply.json().await.expect("catalog json");
        names.extend(
            body["repositories"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned)),
        );
    }
    let tags: usize = futures_util::stream::iter(names)
        .map(|name| {
            let http = http.clone();
            let url = format!("{url}/v2/{name}/tags/list");
            async move {
                let body: serde_json::Value = http
                    .get(url)
                    .send()
                    .await
                    .expect("tags")
                    .json()
                    .await
                    .expect("tags json");
                body["tags"].as_array().map_or(0, Vec::len)
            }
        })
        .buffer_unordered(concurrency)
        .fold(0, |sum, n| async move { sum + n })
        .await;
    assert!(tags > 0);
    start.elapsed()
}

/// Resident memory (MiB) of every process of the app: the shell and WebKit's helpers.
fn app_rss_mib() -> f64 {
    let mut kib = 0u64;
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let name = status.lines().next().unwrap_or_default();
        if ["registry-consol", "WebKitWebProces", "WebKitNetworkPr"]
            .iter()
            .any(|n| name.contains(n))
        {
            kib += status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    kib as f64 / 1024.0
}

async fn window(url: &str, repos: usize) {
    if std::env::var_os("DISPLAY").is_none() {
        println!("window: skipped (no DISPLAY; run `make bench`)");
        return;
    }
    let desktop = app::Desktop::new();
    desktop.add_connection("bench", url, connections::TlsMode::System);
    let running = desktop.launch().await;
    let s = &running.session;
    s.find("[data-testid=nav-registries]")
        .await
        .expect("window up");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let idle = app_rss_mib();

    // Time to first rows and to the whole catalog, measured in the page by a MutationObserver.
    let script = r#"
        const done = arguments[arguments.length - 1];
        const t0 = performance.now();
        performance.mark('click');
        let first = null;
        const check = () => {
            if (first === null && document.querySelector('[data-testid=repository-row]')) first = performance.now() - t0;
            const count = document.querySelector('[data-testid=catalog-count]');
            if (first !== null && count) { observer.disconnect(); done([first, performance.now() - t0]); return true; }
            return false;
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
        document.querySelector('[data-testid=nav-registries]').click();
        setTimeout(() => { observer.disconnect(); done([first, null]); }, 120000);
    "#;
    s.set_script_timeout(Duration::from_secs(150))
        .await
        .expect("script timeout");
    let timings = s.execute_async(script).await.expect("first rows");
    let first_ms = timings[0].as_f64().unwrap_or(f64::NAN);
    // Where the time to first rows goes, from the marks useCatalog.ts sets: the page mounting
    // until it asks for the catalog, then the first page reaching the window.
    let marks = s
        .execute(
            r#"
            const at = (name) => performance.getEntriesByName(name, 'mark').map(m => m.startTime);
            const click = at('click').pop();
            const start = at('catalog-start').find(t => t >= click);
            const page = at('catalog-page').find(t => t >= click);
            return [start - click, page - click];
        "#,
        )
        .await
        .expect("marks");
    let asked_ms = marks[0].as_f64().unwrap_or(f64::NAN);
    let page_ms = marks[1].as_f64().unwrap_or(f64::NAN);
    let all_ms = timings[1].as_f64().unwrap_or(f64::NAN);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let loaded = app_rss_mib();

    // Keystroke to repaint: from keydown to the first animation frame after the list changed.
    s.execute(
        r#"
        window.__latencies = [];
        const input = document.querySelector('[data-testid=repository-filter]');
        window.__echoes = [];
        input.addEventListener('keydown', () => {
            const t0 = performance.now();
            // The frame that shows the typed character (the field echoes before the list).
            requestAnimationFrame(() => window.__echoes.push(performance.now() - t0));
            const observer = new MutationObserver(() => {
                observer.disconnect();
                const changed = performance.now() - t0;
                requestAnimationFrame(() => window.__latencies.push([changed, performance.now() - t0]));
            });
            observer.observe(document.querySelector('[data-testid=repository-list]') || document.body,
                {subtree: true, childList: true, characterData: true});
        }, true);
    "#,
    )
    .await
    .expect("install probe");
    let filter = s
        .find("[data-testid=repository-filter]")
        .await
        .expect("filter");
    // Names are `fill/repo-0000`..`fill/repo-9999`: every one of these keys changes the rows in
    // view (3,439 → 280 → 20 → 1 matches, then back out with Backspace); three times over.
    let keys = [
        "9", "9", "9", "9", "\u{E003}", "\u{E003}", "\u{E003}", "\u{E003}",
    ];
    for key in keys.iter().cycle().take(3 * keys.len()) {
        s.send_keys(&filter, key).await.expect("key");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let pairs: Vec<(f64, f64)> = s
        .execute("return window.__latencies")
        .await
        .expect("latencies")
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    let stats = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (
            values.get(values.len() / 2).copied().unwrap_or(f64::NAN),
            values.last().copied().unwrap_or(f64::NAN),
        )
    };
    let echoes: Vec<f64> = s
        .execute("return window.__echoes")
        .await
        .expect("echoes")
        .as_array()
        .map(|v| v.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    let (echo_p50, echo_max) = stats(echoes);
    let (dom_p50, dom_max) = stats(pairs.iter().map(|p| p.0).collect());
    let (p50, max) = stats(pairs.iter().map(|p| p.1).collect());

    // For comparison: a bare <input> outside React, keydown to the next frame. No list, no
    // framework; what is left is WebKitGTK's own input-to-frame path on this display.
    s.execute(
        r#"
        const bare = document.createElement('input');
        bare.setAttribute('data-testid', 'bench-bare-input');
        bare.style = 'position:fixed;top:0;left:0;z-index:99999';
        document.body.appendChild(bare);
        window.__bare = [];
        bare.addEventListener('keydown', () => {
            const t0 = performance.now();
            requestAnimationFrame(() => window.__bare.push(performance.now() - t0));
        }, true);
    "#,
    )
    .await
    .expect("install the bare input");
    let bare = s
        .find("[data-testid=bench-bare-input]")
        .await
        .expect("bare input");
    for key in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        s.send_keys(&bare, key).await.expect("key");
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let bare_frames: Vec<f64> = s
        .execute("return window.__bare")
        .await
        .expect("bare frames")
        .as_array()
        .map(|v| v.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    let (bare_p50, bare_max) = stats(bare_frames);
    running.close().await;

    println!(
        "window: first repository rows after         {first_ms:>8.0} ms  (catalog asked at {asked_ms:.0} ms, first page in the window at {page_ms:.0} ms)"
    );
    println!("window: all {repos} repositories after      {all_ms:>8.0} ms");
    println!(
        "window: filter keystroke to its echo frame, median {echo_p50:>5.1} ms, max {echo_max:.1} ms"
    );
    println!(
        "window: filter keystroke to DOM change, median {dom_p50:>6.1} ms, max {dom_max:.1} ms"
    );
    println!(
        "window: filter keystroke to repaint, median {p50:>8.1} ms, max {max:.1} ms over {} keys",
        pairs.len()
    );
    println!(
        "window: bare <input> (no React, no list) keystroke to its frame, median {bare_p50:>5.1} ms, max {bare_max:.1} ms"
    );
    println!("window: app RSS idle                        {idle:>8.0} MiB");
    println!("window: app RSS with {repos} rows loaded    {loaded:>8.0} MiB");
}
