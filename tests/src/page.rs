//! A page object for the gallery: open a story by its deep link, act on it as a person
//! would (click, type, flip the controls), and wait for what the story promises.

use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::Session;

/// How long the wasm bundle may take to load and render.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a story may take to settle (latencies up to 2 s, plus a busy machine).
pub const SETTLE: Duration = Duration::from_secs(15);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(60);

/// Finds one row by the text of its title: `arguments[0]` row selector, `[1]` title
/// selector inside it, `[2]` the title. Evaluates to the row element or `null`.
const FIND_ROW: &str = "const rows = [...document.querySelectorAll(arguments[0])];
    const row = rows.find(r => { const t = r.querySelector(arguments[1]); return t && t.textContent.trim() === arguments[2]; });";

/// The gallery in one browser tab.
#[derive(Clone)]
pub struct Page {
    client: Client,
}

/// Opens `hash` (e.g. `#/editable-list/optimistic`) in a fresh session, runs `body` on it,
/// keeps a screenshot under `target/e2e/<name>-failure.png` if it fails, and closes the
/// browser. Skips (and says why) when the prerequisites are missing, unless
/// `E2E_REQUIRED=1`.
pub async fn run<F, Fut>(name: &str, hash: &str, body: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let Some(session) = Session::start_or_skip(name).await else {
        return;
    };
    let result = async {
        let page = Page::open(&session, hash).await?;
        body(page).await
    }
    .await;
    let result = result.map_err(|e| format!("{name}: {e}"));
    if result.is_err() {
        // Best effort: a picture of what the browser showed.
        let _ = session.screenshot(&format!("{name}-failure")).await;
    }
    session.finish(result).await;
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// `client.goto(url)`, asked once more when the command did not reach chromedriver
/// (the HTTP client's pooled connection can be closed under it: "client error
/// (SendRequest)"); loading a page is safe to repeat.
pub async fn goto(client: &Client, url: &str) -> Result<(), String> {
    let first = client.goto(url).await;
    let result = match first {
        Err(CmdError::Failed(_) | CmdError::FailedC(_)) => {
            tokio::time::sleep(Duration::from_millis(200)).await;
            client.goto(url).await
        }
        other => other,
    };
    result.map_err(|e| format!("cannot open {url}: {e}"))
}

impl Page {
    /// Loads the gallery at `hash` and waits until it has rendered (a story's canvas, or
    /// the page's heading).
    pub async fn open(session: &Session, hash: &str) -> Result<Page, String> {
        let url = session.url(&format!("/{hash}"));
        goto(&session.client, &url).await?;
        let page = Page {
            client: session.client.clone(),
        };
        let ready = if hash.matches('/').count() >= 2 {
            "[data-testid=canvas]"
        } else {
            "main h2"
        };
        page.wait_for(ready, LOAD_TIMEOUT).await?;
        Ok(page)
    }

    /// The page in `client`'s current window.
    pub fn of(client: &Client) -> Page {
        Page {
            client: client.clone(),
        }
    }

    /// The WebDriver client, for what the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Runs `script` (a function body; `arguments[i]` are `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}\n{script}"))
    }

    /// Polls `script` until it returns something truthy, and returns that.
    pub async fn wait_js(
        &self,
        what: &str,
        timeout: Duration,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self.js(script, args.clone()).await?;
            if truthy(&value) {
                return Ok(value);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out after {timeout:?} waiting for {what} (last value {value})"
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until an element matches `css`.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Result<(), String> {
        self.wait_js(
            &format!("an element matching {css}"),
            timeout,
            "return document.querySelector(arguments[0]) !== null;",
            vec![css.into()],
        )
        .await
        .map(drop)
    }

    /// Waits until no element matches `css`.
    pub async fn wait_gone(&self, css: &str, timeout: Duration) -> Result<(), String> {
        self.wait_js(
            &format!("no element matching {css}"),
            timeout,
            "return document.querySelector(arguments[0]) === null;",
            vec![css.into()],
        )
        .await
        .map(drop)
    }

    /// How many elements match `css`.
    pub async fn count(&self, css: &str) -> Result<u64, String> {
        let v = self
            .js(
                "return document.querySelectorAll(arguments[0]).length;",
                vec![css.into()],
            )
            .await?;
        v.as_u64()
            .ok_or_else(|| format!("count of {css}: not a number: {v}"))
    }

    /// Waits until exactly `n` elements match `css`.
    pub async fn wait_count(&self, css: &str, n: u64, timeout: Duration) -> Result<(), String> {
        self.wait_js(
            &format!("{n} elements matching {css}"),
            timeout,
            "return document.querySelectorAll(arguments[0]).length === arguments[1];",
            vec![css.into(), n.into()],
        )
        .await
        .map(drop)
    }

    /// The trimmed text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String, String> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;",
                vec![css.into()],
            )
            .await?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no element matches {css}"))
    }

    /// An attribute of the first element matching `css` (`None` if absent).
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>, String> {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]);
                 if (!e) { return [false, null]; }
                 return [true, e.getAttribute(arguments[1])];",
                vec![css.into(), name.into()],
            )
            .await?;
        match v.as_array().map(Vec::as_slice) {
            Some([Value::Bool(true), value]) => Ok(value.as_str().map(str::to_owned)),
            _ => Err(format!("no element matches {css}")),
        }
    }

    /// Waits until the first element matching `css` has `name="value"`.
    pub async fn wait_attr(
        &self,
        css: &str,
        name: &str,
        value: &str,
        timeout: Duration,
    ) -> Result<(), String> {
        self.wait_js(
            &format!("{css} to have {name}={value:?}"),
            timeout,
            "const e = document.querySelector(arguments[0]); return !!e && e.getAttribute(arguments[1]) === arguments[2];",
            vec![css.into(), name.into(), value.into()],
        )
        .await
        .map(drop)
    }

    /// Clicks the first element matching `css`, through WebDriver (a real click).
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.js(
            "const e = document.querySelector(arguments[0]); if (e) { e.scrollIntoView({block: 'center'}); }",
            vec![css.into()],
        )
        .await?;
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("nothing to click at {css}: {e}"))?;
        element
            .click()
            .await
            .map_err(|e| format!("click on {css} failed: {e}"))
    }

    /// Types `text` into the first element matching `css`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("nowhere to type at {css}: {e}"))?;
        element
            .send_keys(text)
            .await
            .map_err(|e| format!("typing into {css} failed: {e}"))
    }

    /// Clicks `target` inside the row (matching `row`) whose `title` element reads
    /// `text`: the row is marked, then clicked through WebDriver.
    pub async fn click_in_row(
        &self,
        row: &str,
        title: &str,
        text: &str,
        target: &str,
    ) -> Result<(), String> {
        let script = format!(
            "{FIND_ROW}
             document.querySelectorAll('[data-e2e-target]').forEach(e => e.removeAttribute('data-e2e-target'));
             if (!row) {{ return 'no row'; }}
             const t = row.querySelector(arguments[3]);
             if (!t) {{ return 'no target'; }}
             t.setAttribute('data-e2e-target', '1');
             return 'ok';"
        );
        let found = self
            .js(
                &script,
                vec![row.into(), title.into(), text.into(), target.into()],
            )
            .await?;
        if found != "ok" {
            return Err(format!(
                "cannot click {target} in the row {text:?} ({row}): {found}"
            ));
        }
        self.click("[data-e2e-target='1']").await
    }

    /// `data-state` of the row whose title reads `text` (`None`: no such row).
    pub async fn row_state(
        &self,
        row: &str,
        title: &str,
        text: &str,
    ) -> Result<Option<String>, String> {
        let script = format!("{FIND_ROW} return row ? row.getAttribute('data-state') : null;");
        let v = self
            .js(&script, vec![row.into(), title.into(), text.into()])
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// Waits until the row whose title reads `text` has `data-state=state` (`"gone"`:
    /// until there is no such row).
    pub async fn wait_row_state(
        &self,
        row: &str,
        title: &str,
        text: &str,
        state: &str,
        timeout: Duration,
    ) -> Result<(), String> {
        let script = format!(
            "{FIND_ROW} return arguments[3] === 'gone' ? !row : (!!row && row.getAttribute('data-state') === arguments[3]);"
        );
        self.wait_js(
            &format!("row {text:?} to be {state}"),
            timeout,
            &script,
            vec![row.into(), title.into(), text.into(), state.into()],
        )
        .await
        .map(drop)
    }

    /// Whether the checkbox matching `check` in the row titled `text` is ticked.
    pub async fn row_checked(
        &self,
        row: &str,
        title: &str,
        text: &str,
        check: &str,
    ) -> Result<bool, String> {
        let script = format!(
            "{FIND_ROW} const c = row && row.querySelector(arguments[3]); return c ? c.checked : null;"
        );
        let v = self
            .js(
                &script,
                vec![row.into(), title.into(), text.into(), check.into()],
            )
            .await?;
        v.as_bool()
            .ok_or_else(|| format!("no checkbox {check} in the row {text:?}"))
    }

    /// Clicks a control of the story's controls panel (`data-control=name`).
    pub async fn control(&self, name: &str) -> Result<(), String> {
        self.click(&format!("[data-control='{name}']")).await
    }

    /// Sets a range control (latency, failure rate) as dragging it would.
    pub async fn set_range(&self, name: &str, value: u32) -> Result<(), String> {
        self.js(
            "const e = document.querySelector(`[data-control='${arguments[0]}']`);
             const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
             set.call(e, String(arguments[1]));
             e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![name.into(), value.into()],
        )
        .await
        .map(drop)
    }

    /// A counter of the simulated server (`requests`, `applied`, `replays`, `failures`).
    pub async fn stat(&self, name: &str) -> Result<u64, String> {
        let text = self.text(&format!("[data-server-stat='{name}']")).await?;
        text.parse()
            .map_err(|_| format!("server stat {name}: not a number: {text:?}"))
    }

    /// Waits until a server counter reads `n`.
    pub async fn wait_stat(&self, name: &str, n: u64, timeout: Duration) -> Result<(), String> {
        self.wait_js(
            &format!("server stat {name} = {n}"),
            timeout,
            "const e = document.querySelector(`[data-server-stat='${arguments[0]}']`); return !!e && e.textContent.trim() === String(arguments[1]);",
            vec![name.into(), n.into()],
        )
        .await
        .map(drop)
    }

    /// Switches the simulated network off or on (the controls' offline switch) and
    /// waits until the switch shows it.
    pub async fn set_offline(&self, offline: bool) -> Result<(), String> {
        let css = "[data-control='offline']";
        let now = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.checked : null;",
                vec![css.into()],
            )
            .await?;
        if now.as_bool() != Some(offline) {
            self.click(css).await?;
        }
        self.wait_js(
            &format!("the offline switch to read {offline}"),
            SETTLE,
            "const e = document.querySelector(arguments[0]); return !!e && e.checked === arguments[1];",
            vec![css.into(), offline.into()],
        )
        .await
        .map(drop)
    }

    /// Presses "Reload" (a new QueryClient over the same storage) and waits until the
    /// story has remounted.
    pub async fn reload_client(&self) -> Result<(), String> {
        let before = self
            .attr(".story-frame", "data-generation")
            .await?
            .unwrap_or_default();
        self.control("reload").await?;
        self.wait_js(
            "the story to remount with a new client",
            SETTLE,
            "const e = document.querySelector('.story-frame'); return !!e && e.getAttribute('data-generation') !== arguments[0];",
            vec![before.into()],
        )
        .await
        .map(drop)
    }

    /// Saves a PNG of the window as `target/e2e/<name>.png` (a record of a state the
    /// story promises; failing to save it does not fail the test).
    pub async fn screenshot(&self, name: &str) {
        let Ok(png) = self.client.screenshot().await else {
            return;
        };
        let dir = crate::artefacts_dir();
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = std::fs::write(dir.join(format!("{name}.png")), png);
        }
    }

    /// The second half of a list's Rollback story: the rows "Oat milk" and "Tomatoes",
    /// ticked while a doomed change was in flight, keep their ticks through its rollback,
    /// are confirmed ticked, and are the server's only two writes.
    pub async fn expect_ticks_survive_rollback(
        &self,
        row: &str,
        title: &str,
        toggle: &str,
    ) -> Result<(), String> {
        for name in ["Oat milk", "Tomatoes"] {
            Page::check(
                self.row_checked(row, title, name, toggle).await?,
                format!("{name} lost its tick"),
            )?;
        }
        for name in ["Oat milk", "Tomatoes"] {
            self.wait_row_state(row, title, name, "confirmed", SETTLE)
                .await?;
        }
        Page::check(
            self.row_checked(row, title, "Oat milk", toggle).await?,
            "Oat milk unticked after confirming",
        )?;
        self.wait_stat("applied", 2, SETTLE).await
    }

    /// A list's row `name`, changed offline: it stays pending, and after a reload it is
    /// still there, pending, and the server has applied nothing.
    pub async fn expect_pending_across_reload(
        &self,
        row: &str,
        title: &str,
        name: &str,
    ) -> Result<(), String> {
        Page::check(
            self.row_state(row, title, name).await?.as_deref() == Some("pending"),
            "an offline change should stay pending",
        )?;
        self.reload_client().await?;
        self.wait_row_state(row, title, name, "pending", SETTLE)
            .await?;
        Page::check(self.stat("applied").await? == 0, "sent while offline")
    }

    /// Back online after [`Page::expect_pending_across_reload`]: row `name` is confirmed
    /// and the server applied the change exactly once (checked again a moment later).
    pub async fn expect_sent_once_online(
        &self,
        row: &str,
        title: &str,
        name: &str,
    ) -> Result<(), String> {
        self.set_offline(false).await?;
        self.wait_row_state(row, title, name, "confirmed", SETTLE)
            .await?;
        self.wait_stat("applied", 1, SETTLE).await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        Page::check(
            self.stat("applied").await? == 1,
            "the server applied the change more than once",
        )
    }

    /// Fails unless `cond`, with `message`.
    pub fn check(cond: bool, message: impl Into<String>) -> Result<(), String> {
        if cond {
            Ok(())
        } else {
            Err(message.into())
        }
    }
}
