//! End-to-end test harness: serve the built gallery (`dist/`) on a local port, start
//! `chromedriver` on another, and drive headless Chromium through WebDriver with
//! [`fantoccini`], as a person would use the gallery.
//!
//! Two ways to serve it: a small static file server ([`Session`]: the gallery on its
//! in-page simulation), or the reference server itself, the real `server` binary with
//! its own database file ([`live::LiveSession`]: the gallery on its HTTP backend, with
//! the database to count in ([`db::Db`]), the server to kill and restart
//! ([`real::RealServer`]), and the browser's own network to switch off).
//!
//! The tests in `tests/tests/` skip (print why and pass) when `dist/`, Chromium or
//! chromedriver is missing, unless `E2E_REQUIRED=1` is set — `cargo xtask test` sets it
//! after building `dist/`, so there the tests always run for real.
//!
//! ```no_run
//! # async fn demo() {
//! let Some(session) = e2e::Session::start_or_skip("demo").await else {
//!     return; // skipped: the reason was printed
//! };
//! let result = async {
//!     session.client.goto(&session.url("/")).await.map_err(|e| e.to_string())?;
//!     Ok::<(), String>(())
//! }
//! .await;
//! session.finish(result).await;
//! # }
//! ```

pub mod agree;
pub mod axe;
pub mod db;
mod driver;
pub mod live;
pub mod page;
mod permit;
pub mod real;
mod server;
pub mod ui;

use std::io::Write as _;
use std::path::{Path, PathBuf};

pub use driver::{Browser, ChromeDriver, ProfileDir};
pub use page::Page;
pub use permit::BrowserPermit;
pub use server::StaticServer;

/// Headless Chromium flags that work as root on a closed network (see TOOLCHAIN.md).
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1200,800",
];

/// The workspace root (the parent of this crate's folder), from `CARGO_MANIFEST_DIR` at
/// run time (`cargo test` sets it) or else at build time.
pub fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The built gallery: `$E2E_DIST` if set, else `dist/` at the workspace root
/// (what `trunk build` writes).
pub fn dist_dir() -> PathBuf {
    match std::env::var_os("E2E_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("dist"),
    }
}

/// Where tests may write artefacts such as screenshots: `target/e2e/`.
pub fn artefacts_dir() -> PathBuf {
    workspace_root().join("target").join("e2e")
}

/// Whether a missing prerequisite must fail the test instead of skipping it
/// (`E2E_REQUIRED=1`, set by `cargo xtask test`).
pub fn required() -> bool {
    matches!(
        std::env::var("E2E_REQUIRED").as_deref(),
        Ok("1") | Ok("true") | Ok("yes")
    )
}

/// `$name` if it points to an existing file, else the first of `defaults` that exists,
/// else the first `program` found on `PATH`.
pub fn find_program(env_name: &str, defaults: &[&str], program: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_name).map(PathBuf::from) {
        if path.is_file() {
            return Some(path);
        }
    }
    if let Some(found) = defaults.iter().map(PathBuf::from).find(|p| p.is_file()) {
        return Some(found);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The Chromium binary: `$CHROMIUM`, `/usr/bin/chromium`, or `chromium` on `PATH`.
pub fn chromium_binary() -> Option<PathBuf> {
    find_program("CHROMIUM", &["/usr/bin/chromium"], "chromium")
}

/// The chromedriver binary: `$CHROMEDRIVER`, `/usr/bin/chromedriver`, or `chromedriver`
/// on `PATH`.
pub fn chromedriver_binary() -> Option<PathBuf> {
    find_program("CHROMEDRIVER", &["/usr/bin/chromedriver"], "chromedriver")
}

/// Print `message` to the real stderr, bypassing the test harness's output capture so
/// that a skip is visible in a normal `cargo test` run.
pub fn announce(message: &str) {
    let mut stderr = std::io::stderr().lock();
    // Nothing useful to do if stderr is closed.
    let _ = writeln!(stderr, "{message}");
}

/// Why the end-to-end tests cannot run on this machine, if they cannot.
pub fn missing_prerequisite() -> Option<String> {
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        return Some(format!(
            "{} has no index.html: build the gallery first with `trunk build --release --offline` \
             (or run `cargo xtask test`)",
            dist.display()
        ));
    }
    if chromium_binary().is_none() {
        return Some(
            "Chromium not found (set CHROMIUM, or install it with `cargo xtask setup`)".into(),
        );
    }
    if chromedriver_binary().is_none() {
        return Some(
            "chromedriver not found (set CHROMEDRIVER, or install it with `cargo xtask setup`)"
                .into(),
        );
    }
    None
}

/// One browser session against the served gallery. Everything it started (file server,
/// chromedriver, browser profile) is stopped or removed when it is dropped.
pub struct Session {
    /// The WebDriver client driving Chromium.
    pub client: fantoccini::Client,
    /// Serves `dist/`.
    pub server: StaticServer,
    browser: Browser,
}

impl Session {
    /// Start a session for the test `name`, or return `None` after printing why the test
    /// is skipped. Panics instead of skipping when [`required`] is true, and panics when
    /// the prerequisites exist but the session cannot start.
    pub async fn start_or_skip(name: &str) -> Option<Session> {
        if let Some(reason) = missing_prerequisite() {
            if required() {
                panic!("e2e test `{name}` cannot run (E2E_REQUIRED is set): {reason}");
            }
            announce(&format!("SKIPPED e2e test `{name}`: {reason}"));
            return None;
        }
        match Self::start().await {
            Ok(session) => Some(session),
            Err(error) => panic!("e2e test `{name}`: could not start the browser session: {error}"),
        }
    }

    /// Serve `dist/`, start chromedriver and open a fresh headless Chromium.
    pub async fn start() -> Result<Session, String> {
        let server = StaticServer::start(dist_dir())
            .map_err(|e| format!("cannot serve {}: {e}", dist_dir().display()))?;
        let (client, browser) = Browser::open().await?;
        Ok(Session {
            client,
            server,
            browser,
        })
    }

    /// The gallery URL for `path` (e.g. `"/"`).
    pub fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    /// Save a PNG screenshot of the page as `target/e2e/<name>.png` and return its path.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot failed: {e}"))?;
        let dir = artefacts_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }

    /// Close the browser, stop everything, then panic with `result`'s error if it has one.
    /// Call it with the outcome of the test body so the browser is closed even when the
    /// checks fail.
    pub async fn finish(self, result: Result<(), String>) {
        let Session {
            client,
            server,
            browser,
        } = self;
        let closed = client.close().await;
        drop(browser);
        drop(server);
        if let Err(error) = result {
            panic!("{error}");
        }
        if let Err(error) = closed {
            panic!("closing the browser failed: {error}");
        }
    }
}
