//! A browser session against the reference server (the release build of the gallery
//! served by the real `server` binary, on the HTTP backend), with what the tests of
//! issue 8 need beyond [`Session`](crate::Session): the browser's own network switched off
//! and on (DevTools network emulation, for pages and service workers), real reloads, more
//! windows, and the database to count in.

use std::sync::Mutex;
use std::time::Duration;

use fantoccini::wd::WindowHandle;
use fantoccini::Client;
use hyper::Method;
use serde_json::json;

use crate::db::Db;
use crate::page::{goto, Page, LOAD_TIMEOUT};
use crate::real::{server_binary, ssr_binary, ssr_dist_dir, Program, RealServer};
use crate::{announce, missing_prerequisite, required, Browser};

/// One browser (any number of windows) against one reference server.
pub struct LiveSession {
    /// The WebDriver client (its current window is the one acted on).
    pub client: Client,
    /// The server, its process and its database file.
    pub server: RealServer,
    browser: Browser,
    /// DevTools sessions on the service workers (target id, session id), kept attached:
    /// a detached session's network conditions end with it.
    workers: Mutex<Vec<(String, String)>>,
}

/// What is missing for a live session of `program`, if anything.
fn missing(program: Program) -> Option<String> {
    missing_prerequisite().or_else(|| match program {
        Program::Reference => server_binary().is_none().then(|| {
            "the reference server binary is missing: build it with `cargo build -p server \
             --release` (or run `cargo xtask test`; E2E_SERVER names another)"
                .to_string()
        }),
        Program::Ssr => {
            if ssr_binary().is_none() {
                Some(
                    "the ssr-example binary is missing: build it with `cargo build -p \
                     ssr-example` (or run `cargo xtask test`; E2E_SSR names another)"
                        .to_string(),
                )
            } else if !ssr_dist_dir().join("index.html").is_file() {
                Some(format!(
                    "the ssr-example client is not built: `trunk build --release` in \
                     examples/ssr (or run `cargo xtask test`; E2E_SSR_DIST names another \
                     folder than {})",
                    ssr_dist_dir().display()
                ))
            } else {
                None
            }
        }
    })
}

impl LiveSession {
    /// Starts a server and a browser for test `name`, or returns `None` after printing
    /// why the test is skipped (a panic instead when `E2E_REQUIRED=1`).
    pub async fn start_or_skip(name: &str) -> Option<LiveSession> {
        Self::start_program_or_skip(name, Program::Reference).await
    }

    /// As [`start_or_skip`](Self::start_or_skip), against `program`.
    pub async fn start_program_or_skip(name: &str, program: Program) -> Option<LiveSession> {
        if let Some(reason) = missing(program) {
            if required() {
                panic!("e2e test `{name}` cannot run (E2E_REQUIRED is set): {reason}");
            }
            announce(&format!("SKIPPED e2e test `{name}`: {reason}"));
            return None;
        }
        match Self::start(name, program).await {
            Ok(session) => Some(session),
            Err(error) => panic!("e2e test `{name}`: could not start: {error}"),
        }
    }

    async fn start(name: &str, program: Program) -> Result<LiveSession, String> {
        let server = RealServer::start_program(name, program)?;
        let (client, browser) = Browser::open().await?;
        Ok(LiveSession {
            client,
            server,
            browser,
            workers: Mutex::new(Vec::new()),
        })
    }

    /// The server's database.
    pub fn db(&self) -> Db {
        Db::new(self.server.db_path())
    }

    /// The gallery at `hash` on the HTTP backend, e.g. `/?backend=http#/editable-list/offline`.
    pub fn gallery_url(&self, hash: &str) -> String {
        self.server.url(&format!("/?backend=http{hash}"))
    }

    /// Opens the gallery at `hash` (HTTP backend) in the current window and waits until
    /// the story's canvas is there.
    pub async fn open(&self, hash: &str) -> Result<Page, String> {
        let url = self.gallery_url(hash);
        goto(&self.client, &url).await?;
        let page = Page::of(&self.client);
        page.wait_for("[data-testid=canvas]", LOAD_TIMEOUT).await?;
        Ok(page)
    }

    /// The browser's refresh button (a real page reload), then waits for the story.
    pub async fn reload(&self) -> Result<Page, String> {
        self.client
            .refresh()
            .await
            .map_err(|e| format!("reload failed: {e}"))?;
        let page = Page::of(&self.client);
        page.wait_for("[data-testid=canvas]", LOAD_TIMEOUT).await?;
        Ok(page)
    }

    /// Opens a new window (a tab of the same browser: same origin storage, same locks)
    /// and makes it current.
    pub async fn new_window(&self) -> Result<WindowHandle, String> {
        let window = self
            .client
            .new_window(true)
            .await
            .map_err(|e| format!("cannot open a window: {e}"))?;
        let handle = window.handle;
        self.switch_to(&handle).await?;
        Ok(handle)
    }

    /// The current window's handle.
    pub async fn window(&self) -> Result<WindowHandle, String> {
        self.client
            .window()
            .await
            .map_err(|e| format!("no current window: {e}"))
    }

    /// Makes `handle` the current window.
    pub async fn switch_to(&self, handle: &WindowHandle) -> Result<(), String> {
        self.client
            .switch_to_window(handle.clone())
            .await
            .map_err(|e| format!("cannot switch windows: {e}"))
    }

    /// Closes the current window (its page goes: its Web Lock is released).
    pub async fn close_window(&self) -> Result<(), String> {
        self.client
            .close_window()
            .await
            .map_err(|e| format!("cannot close the window: {e}"))
    }

    /// Switches the browser's network off or on, as DevTools' "Offline" does: for every
    /// window (chromedriver's network conditions: `navigator.onLine` changes and every
    /// page gets `offline` / `online`) and for every service worker (DevTools network
    /// emulation on each worker's own target: chromedriver's setting covers pages only,
    /// and a worker's own `fetch` would still reach the network). While off, every
    /// request fails as without a network.
    pub async fn set_browser_offline(&self, offline: bool) -> Result<(), String> {
        // Set (not deleted) both ways: chromedriver applies a setting to every window,
        // but a deletion to the current one only.
        let body = json!({"network_conditions": {
            "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1
        }});
        self.driver_post("chromium/network_conditions", body)
            .await
            .map_err(|e| format!("network conditions: {e}"))?;
        self.set_workers_offline(offline).await
    }

    /// DevTools' network emulation for every service worker of the browser, through a
    /// session on the worker's target (`Target.sendMessageToTarget`: chromedriver runs
    /// commands on the current page only).
    async fn set_workers_offline(&self, offline: bool) -> Result<(), String> {
        let targets = self.cdp("Target.getTargets", json!({})).await?;
        let workers: Vec<String> = targets["targetInfos"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["type"] == "service_worker")
            .filter_map(|t| t["targetId"].as_str().map(str::to_owned))
            .collect();
        for target in workers {
            let known = self
                .workers
                .lock()
                .map_err(|_| "worker sessions poisoned")?
                .iter()
                .find(|(t, _)| *t == target)
                .map(|(_, session)| session.clone());
            let session = match known {
                Some(session) => session,
                None => {
                    let attached = self
                        .cdp(
                            "Target.attachToTarget",
                            json!({"targetId": target, "flatten": false}),
                        )
                        .await?;
                    let session = attached["sessionId"]
                        .as_str()
                        .ok_or_else(|| format!("no session on worker {target}: {attached}"))?
                        .to_owned();
                    self.worker_command(&session, 1, "Network.enable", json!({}))
                        .await?;
                    self.workers
                        .lock()
                        .map_err(|_| "worker sessions poisoned")?
                        .push((target, session.clone()));
                    session
                }
            };
            let conditions = json!({
                "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
            });
            self.worker_command(&session, 2, "Network.emulateNetworkConditions", conditions)
                .await?;
        }
        Ok(())
    }

    /// Sends `method` to the worker session `session` (its answer comes back as an event,
    /// which chromedriver does not show: the tests check the effect instead).
    async fn worker_command(
        &self,
        session: &str,
        id: u32,
        method: &str,
        params: serde_json::Value,
    ) -> Result<(), String> {
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.cdp(
            "Target.sendMessageToTarget",
            json!({"sessionId": session, "message": message}),
        )
        .await
        .map(drop)
    }

    /// Sends the DevTools Protocol command `cmd` to the current window's page (through
    /// chromedriver's `goog/cdp/execute`) and returns its result.
    pub async fn cdp(
        &self,
        cmd: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let reply = self
            .driver_post("goog/cdp/execute", json!({"cmd": cmd, "params": params}))
            .await
            .map_err(|e| format!("CDP {cmd}: {e}"))?;
        Ok(reply["value"].clone())
    }

    /// POSTs `body` to chromedriver's `/session/{id}/{command}` and returns the answer.
    async fn driver_post(
        &self,
        command: &str,
        body: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let session = self
            .client
            .session_id()
            .await
            .map_err(|e| e.to_string())?
            .ok_or("no WebDriver session")?;
        let path = format!("/session/{session}/{command}");
        let addr = self
            .browser
            .driver_url()
            .trim_start_matches("http://")
            .parse()
            .map_err(|e| format!("chromedriver address: {e}"))?;
        let mut http = server::client::Client::new(addr);
        let reply = http
            .write(Method::POST, &path, None, body.to_string())
            .await
            .map_err(|e| format!("chromedriver: {e}"))?;
        if !reply.status.is_success() {
            return Err(format!("{command}: {} {}", reply.status, reply.body));
        }
        serde_json::from_str(&reply.body).map_err(|e| format!("{command}: {e}: {}", reply.body))
    }

    /// Closes the browser, stops everything, then panics with `result`'s error if it has
    /// one (after a screenshot of the current window as `target/e2e/<name>-failure.png`).
    pub async fn finish(self, name: &str, result: Result<(), String>) {
        if result.is_err() {
            let page = Page::of(&self.client);
            page.screenshot(&format!("{name}-failure")).await;
        }
        let LiveSession {
            client,
            server,
            browser,
            ..
        } = self;
        let _ = client.close().await;
        drop(browser);
        drop(server);
        if let Err(error) = result {
            panic!("{name}: {error}");
        }
    }
}

/// Starts a live session for test `name`, runs `body` on it, and closes everything
/// (failing with the body's error, after a screenshot), or skips as
/// [`LiveSession::start_or_skip`] does.
pub async fn run(name: &str, body: impl AsyncFnOnce(&LiveSession) -> Result<(), String>) {
    run_program(name, Program::Reference, body).await;
}

/// As [`run`], against `program`.
pub async fn run_program(
    name: &str,
    program: Program,
    body: impl AsyncFnOnce(&LiveSession) -> Result<(), String>,
) {
    let Some(session) = LiveSession::start_program_or_skip(name, program).await else {
        return;
    };
    let result = body(&session).await;
    session.finish(name, result).await;
}

/// Waits `ms` milliseconds (to let answers arrive that must not change anything).
pub async fn pause(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}
