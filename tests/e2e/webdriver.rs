//! A small W3C WebDriver client: the handful of endpoints the e2e tests use, over reqwest.
//!
//! `tauri-driver` forwards these to WebKitWebDriver, which drives the app's real webview.
//! Every wait is bounded, so a missing element fails the test with the selector it wanted.

use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// The key under which WebDriver returns an element reference (W3C §12.1).
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long `find` and `wait_for` poll before failing.
pub const WAIT: Duration = Duration::from_secs(15);

/// An open WebDriver session.
pub struct Session {
    http: reqwest::Client,
    base: String,
    id: String,
}

/// An element of the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Opens a session that starts the app at `application` (tauri-driver's capability).
    pub async fn start(driver_url: &str, application: &str) -> Result<Self, String> {
        // No browserName: with one set, tauri-driver refuses to create the session.
        Self::start_with(
            driver_url,
            json!({ "tauri:options": { "application": application } }),
        )
        .await
    }

    /// Opens a session with these `alwaysMatch` capabilities (any W3C driver).
    pub async fn start_with(driver_url: &str, capabilities: Value) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let reply = call(
            &http,
            reqwest::Method::POST,
            &format!("{driver_url}/session"),
            Some(body),
        )
        .await?;
        let id = reply["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no sessionId in {reply}"))?
            .to_owned();
        Ok(Self {
            http,
            base: format!("{driver_url}/session/{id}"),
            id,
        })
    }

    /// Loads `url` in the session's window.
    pub async fn navigate(&self, url: &str) -> Result<(), String> {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .map(|_| ())
    }

    /// The address of the page the window shows.
    pub async fn current_url(&self) -> Result<String, String> {
        let v = self.cmd(reqwest::Method::GET, "/url", None).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        call(&self.http, method, &format!("{}{path}", self.base), body).await
    }

    /// Ends the session; tauri-driver closes the app.
    pub async fn quit(self) -> Result<(), String> {
        let _ = &self.id;
        self.cmd(reqwest::Method::DELETE, "", None)
            .await
            .map(|_| ())
    }

    /// The first element matching the CSS selector, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Result<Element, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.try_find(css).await? {
                Some(element) => return Ok(element),
                None if Instant::now() > deadline => {
                    return Err(format!("no element matches {css} after {WAIT:?}"));
                }
                None => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The first element matching the CSS selector now, if any.
    pub async fn try_find(&self, css: &str) -> Result<Option<Element>, String> {
        let reply = self.find_all(css).await?;
        Ok(reply.into_iter().next())
    }

    /// Waits until exactly `count` elements match `css` (a list still settling).
    pub async fn wait_count(&self, css: &str, count: usize) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let seen = self.find_all(css).await?.len();
            if seen == count {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{css}: wanted {count} elements, saw {seen} after {WAIT:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Every element matching the CSS selector now. WebKitWebDriver fails the whole query
    /// with "stale element" when the page removes a match while it makes the handles (a list
    /// re-rendering): the query is then asked again, a few times.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let mut attempt = 0;
        let reply = loop {
            let result = self
                .cmd(
                    reqwest::Method::POST,
                    "/elements",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            match result {
                Err(e) if e.contains("stale element") && attempt < 10 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                other => break other?,
            }
        };
        Ok(reply
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|v| v[ELEMENT_KEY].as_str().map(|s| Element(s.to_owned())))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Waits until no element matches the CSS selector.
    pub async fn wait_gone(&self, css: &str) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        while self.try_find(css).await?.is_some() {
            if Instant::now() > deadline {
                return Err(format!("{css} still present after {WAIT:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Waits until the element's visible text contains `needle`, and returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(element) = self.try_find(css).await? {
                let text = self.text(&element).await?;
                if text.contains(needle) {
                    return Ok(text);
                }
                if Instant::now() > deadline {
                    return Err(format!("{css} says {text:?}, not {needle:?}"));
                }
            } else if Instant::now() > deadline {
                return Err(format!("no element matches {css} after {WAIT:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the element.
    pub async fn click(&self, element: &Element) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/click", element.0),
            Some(json!({})),
        )
        .await
        .map(|_| ())
    }

    /// Finds and clicks.
    /// A control that is there but not yet clickable (still sliding in, covered by a
    /// closing popover, re-rendered under the pointer) is tried again until `WAIT` is up, as a
    /// user waits for it; one that never becomes clickable fails.
    pub async fn click_css(&self, css: &str) -> Result<(), String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(css).await?;
            match self.click(&element).await {
                Err(e)
                    if (e.contains("not interactable")
                        || e.contains("click intercepted")
                        || e.contains("stale element"))
                        && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                other => return other,
            }
        }
    }

    /// Empties an input, then types `text` into it as key presses.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let element = self.find(css).await?;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/clear", element.0),
            Some(json!({})),
        )
        .await?;
        // WebKitWebDriver refuses empty text; a space and Backspace (U+E003) leave the input
        // empty through real key events, which is what React's onChange listens to.
        let text = if text.is_empty() { " \u{E003}" } else { text };
        self.send_keys(&element, text).await
    }

    /// The element's rendered text.
    pub async fn text(&self, element: &Element) -> Result<String, String> {
        let v = self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/text", element.0),
                None,
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// An attribute of the element.
    pub async fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        let v = self
            .cmd(
                reqwest::Method::GET,
                &format!("/element/{}/attribute/{name}", element.0),
                None,
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// The DOM text of the first element matching `css`, waiting for it to contain `needle`.
    ///
    /// WebKitWebDriver's element text leaves out PatternFly labels (their text sits in an
    /// ellipsis box it judges invisible, though it is painted), so checks of labels use this.
    pub async fn wait_text_content(&self, css: &str, needle: &str) -> Result<String, String> {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent : null;",
            serde_json::to_string(css).map_err(|e| e.to_string())?
        );
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.execute(&script).await?;
            if let Some(text) = text.as_str()
                && text.contains(needle)
            {
                return Ok(text.to_owned());
            }
            if Instant::now() > deadline {
                return Err(format!("{css} has text {text}, not {needle:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs a script in the page and returns its result.
    pub async fn execute(&self, script: &str) -> Result<Value, String> {
        self.run_script("sync", script).await
    }

    async fn run_script(&self, mode: &str, script: &str) -> Result<Value, String> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/execute/{mode}"),
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    /// How long an asynchronous script may run before WebDriver gives up (default 30 s).
    #[allow(dead_code)] // used by benches/browse.rs
    pub async fn set_script_timeout(&self, timeout: Duration) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            "/timeouts",
            Some(json!({"script": timeout.as_millis() as u64})),
        )
        .await
        .map(|_| ())
    }

    /// Runs an asynchronous script (it calls its last argument with the result).
    pub async fn execute_async(&self, script: &str) -> Result<Value, String> {
        self.run_script("async", script).await
    }

    /// Types `text` into an element without clearing it first.
    pub async fn send_keys(&self, element: &Element, text: &str) -> Result<(), String> {
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{}/value", element.0),
            Some(json!({"text": text})),
        )
        .await
        .map(|_| ())
    }

    /// Presses `keys` together and releases them in reverse (a chord such as Ctrl+K), as a
    /// person does, through WebDriver actions: they go to whatever has the focus, so a
    /// shortcut is tried where the user would press it. Special keys are in [`keys`].
    pub async fn chord(&self, keys: &[&str]) -> Result<(), String> {
        let mut steps: Vec<Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        steps.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        self.cmd(
            reqwest::Method::POST,
            "/actions",
            Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": steps}]})),
        )
        .await
        .map(|_| ())
    }

    /// Waits until the page has no running CSS animation or transition (a modal fading out)
    /// and two frames were painted, so a screenshot shows what the DOM says. WebKit's
    /// WebDriver otherwise captures the last painted frame, which can lag behind.
    pub async fn settle(&self) -> Result<(), String> {
        let script = r#"
            const done = arguments[arguments.length - 1];
            const deadline = Date.now() + 3000;
            const frames = (n) => n === 0 ? done(true) : requestAnimationFrame(() => frames(n - 1));
            const poll = () => {
                const running = document.getAnimations().some((a) => a.playState === "running");
                if (running && Date.now() < deadline) { setTimeout(poll, 50); } else { frames(2); }
            };
            poll();
        "#;
        self.execute_async(script).await.map(|_| ())
    }

    /// A PNG of the window's page.
    pub async fn screenshot(&self) -> Result<Vec<u8>, String> {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await?;
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot is not base64: {e}"))
    }
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    body: Option<Value>,
) -> Result<Value, String> {
    let mut request = http.request(method.clone(), url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let reply = request
        .send()
        .await
        .map_err(|e| format!("{method} {url}: {e}"))?;
    let status = reply.status();
    let json: Value = reply
        .json()
        .await
        .map_err(|e| format!("{method} {url}: reply is not JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {}", json["value"]));
    }
    Ok(json["value"].clone())
}

/// WebDriver's codes for keys that are not characters (for [`Session::chord`]).
#[allow(dead_code)] // not every binary that includes this file presses every key
pub mod keys {
    pub const CONTROL: &str = "\u{E009}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const ARROW_UP: &str = "\u{E013}";
    pub const ARROW_DOWN: &str = "\u{E015}";
    pub const F5: &str = "\u{E035}";
}
