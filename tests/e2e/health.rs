//! Issue 18's Health and Metrics tabs in the real window, against the real distribution
//! registry with its debug server (`/debug/health`, Prometheus `/metrics`): the user gives the
//! debug address on the Health tab and sees `/v2/` and every check pass; on the Metrics tab
//! the charts move while the test makes requests to the registry; the raw list filters. Then
//! a registry whose storage cannot be used: its failing check is named with its error. Light
//! and dark, English and Japanese; screenshots 180-199.

use harness::filler::demo_content;
use harness::registry::{Mode, Registry, RegistryOptions};

use crate::app::{Desktop, Running};
use crate::init;

/// Makes requests the charts count: the demo content's tags and manifests, and a 404.
async fn traffic(registry: &Registry, rounds: usize) {
    let http = registry.http_client().unwrap();
    for _ in 0..rounds {
        for path in [
            "/v2/",
            "/v2/demo/hello/tags/list",
            "/v2/nothing/here/tags/list",
        ] {
            let _ = http.get(format!("{}{path}", registry.url())).send().await;
        }
    }
}

/// The number of points the requests chart draws, as it says in `data-points`.
async fn chart_points(app: &Running) -> usize {
    let s = &app.session;
    match s
        .try_find("[data-testid=chart-requests-svg]")
        .await
        .unwrap()
    {
        Some(e) => s
            .attribute(&e, "data-points")
            .await
            .unwrap()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0),
        None => 0,
    }
}

/// Waits (scrape by scrape, making requests in between) until the requests chart has more
/// than `than` points; returns how many.
async fn wait_for_more_points(app: &Running, registry: &Registry, than: usize) -> usize {
    for _ in 0..60 {
        traffic(registry, 3).await;
        let n = chart_points(app).await;
        if n > than {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    panic!("the requests chart did not move past {than} points");
}

struct Words {
    all_pass: &'static str,
    failing: &'static str,
    storage: &'static str,
}

async fn health_and_metrics(lang: &str, suffix: &str, first: u32, dark: bool, words: &Words) {
    init();
    let registry = Registry::start_with(RegistryOptions {
        debug: true,
        ..RegistryOptions::new(Mode::Open)
    })
    .expect("registry starts");
    demo_content(&registry).await.expect("demo content");
    let mut desktop = Desktop::with_lang(lang);
    if dark {
        desktop.gtk_theme = Some("Adwaita:dark".into());
    }
    desktop.add_connection(
        "Demo registry",
        &registry.url(),
        connections::TlsMode::System,
    );

    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css("[data-testid=registry-tab-health]")
        .await
        .unwrap();
    s.wait_text("[data-testid=health-v2-api-version]", "registry/2.0")
        .await
        .unwrap();
    // The user gives the debug address where the tab asks for it.
    s.type_into(
        "[data-testid=health-debug-address]",
        &registry.debug_address().unwrap(),
    )
    .await
    .unwrap();
    s.click_css("[data-testid=health-debug-address-save]")
        .await
        .unwrap();
    s.wait_text_content("[data-testid=health-debug-status]", words.all_pass)
        .await
        .unwrap();
    app.screenshot(&format!("{first}-health-{suffix}")).await;

    s.click_css("[data-testid=registry-tab-metrics]")
        .await
        .unwrap();
    s.find("[data-testid=metrics-scrapes]").await.unwrap();
    let before = wait_for_more_points(&app, &registry, 0).await;
    let after = wait_for_more_points(&app, &registry, before).await;
    assert!(after > before, "the charts move: {before} then {after}");
    s.find("[data-testid=chart-latency-svg]").await.unwrap();
    s.find("[data-testid=chart-storage-svg]").await.unwrap();
    app.screenshot(&format!("{}-metrics-{suffix}", first + 1))
        .await;

    // Paused: no more scrapes while paused.
    s.click_css("[data-testid=metrics-pause]").await.unwrap();
    s.click_css("[data-testid=metrics-raw-toggle]")
        .await
        .unwrap();
    s.type_into(
        "[data-testid=metrics-raw-filter] input",
        "registry_http_requests_total",
    )
    .await
    .unwrap();
    s.wait_text_content("[data-testid=metrics-raw]", "code=\"404\"")
        .await
        .unwrap();
    app.screenshot(&format!("{}-metrics-raw-{suffix}", first + 2))
        .await;
    app.close().await;

    // The debug address was saved with the connection: the settings file holds it.
    let saved = std::fs::read_to_string(desktop.settings_path()).unwrap();
    assert!(
        saved.contains(&registry.debug_address().unwrap()),
        "{saved}"
    );

    // A registry whose storage cannot be used.
    let broken = Registry::start_with(RegistryOptions {
        debug: true,
        failing_storage: true,
        ..RegistryOptions::new(Mode::Open)
    })
    .expect("registry starts");
    let connection = desktop.add_connection(
        "Broken registry",
        &broken.url(),
        connections::TlsMode::System,
    );
    connections::SettingsStore::open(desktop.settings_path())
        .set_debug_address(
            &connection.id,
            Some(&format!("{}/", broken.debug_url().unwrap())),
        )
        .unwrap();
    let app = desktop.launch().await;
    let s = &app.session;
    s.click_css("[data-testid=nav-registries]").await.unwrap();
    s.click_css("[data-testid=registry-tab-health]")
        .await
        .unwrap();
    s.click_css(&format!(
        "[data-testid=registry-connection] option[value=\"{}\"]",
        connection.id
    ))
    .await
    .unwrap();
    // The checker runs every second: re-check until it has run.
    let mut failing = false;
    for _ in 0..30 {
        if s.try_find("[data-testid=health-storage-failing]")
            .await
            .unwrap()
            .is_some()
        {
            failing = true;
            break;
        }
        // While a check runs the button is disabled ("not interactable"): wait for the next turn.
        let _ = s.click_css("[data-testid=health-recheck]").await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(failing, "the failing storage check is shown");
    s.wait_text_content("[data-testid=health-debug-status]", words.failing)
        .await
        .unwrap();
    s.wait_text_content("[data-testid=health-debug-checks]", "not a directory")
        .await
        .unwrap();
    s.wait_text("[data-testid=health-storage-failing]", words.storage)
        .await
        .unwrap();
    app.screenshot(&format!("{}-health-storage-failing-{suffix}", first + 3))
        .await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_moving_metrics_of_a_registry_with_a_debug_address_en() {
    health_and_metrics(
        "en_US.UTF-8",
        "en",
        180,
        false,
        &Words {
            all_pass: "All checks pass",
            failing: "1 check(s) failing",
            storage: "cannot use its storage",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_moving_metrics_of_a_registry_with_a_debug_address_ja_dark() {
    health_and_metrics(
        "ja_JP.UTF-8",
        "ja-dark",
        184,
        true,
        &Words {
            all_pass: "すべてのチェックに合格しています",
            failing: "1 件のチェックが失敗しています",
            storage: "ストレージを使用できない",
        },
    )
    .await;
}
