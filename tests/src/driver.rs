//! chromedriver as a child process, a throw-away Chromium profile folder, and the two
//! together with a WebDriver session: one headless Chromium ([`Browser`]).

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{chromedriver_binary, chromium_binary, BrowserPermit, CHROMIUM_FLAGS};

/// One headless Chromium of its own (chromedriver on a free port, a fresh profile, a
/// slot of the [`BrowserPermit`]), driven by the [`fantoccini::Client`] that
/// [`Browser::open`] returns beside it. Close the client first, then drop this.
pub struct Browser {
    driver: ChromeDriver,
    _profile: ProfileDir,
    _permit: BrowserPermit,
}

impl Browser {
    /// Waits for a browser slot, starts chromedriver and opens Chromium with
    /// [`CHROMIUM_FLAGS`] on a fresh profile.
    pub async fn open() -> Result<(fantoccini::Client, Browser), String> {
        // Blocking wait on purpose: each test runs on its own runtime and thread.
        let permit = BrowserPermit::acquire();
        let chromium = chromium_binary().ok_or("Chromium not found")?;
        let chromedriver = chromedriver_binary().ok_or("chromedriver not found")?;
        let driver = ChromeDriver::start(&chromedriver)?;
        let profile = ProfileDir::create().map_err(|e| format!("cannot create profile: {e}"))?;
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({
            "goog:chromeOptions": { "binary": chromium.display().to_string(), "args": args }
        });
        let Value::Object(capabilities) = capabilities else {
            return Err("capabilities must be a JSON object".into());
        };
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .map_err(|e| format!("cannot open a WebDriver session at {}: {e}", driver.url()))?;
        let browser = Browser {
            driver,
            _profile: profile,
            _permit: permit,
        };
        Ok((client, browser))
    }

    /// chromedriver's URL, for WebDriver commands fantoccini has no method for.
    pub fn driver_url(&self) -> String {
        self.driver.url()
    }
}

/// A running `chromedriver --port=<free port>`, killed when dropped.
pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    /// Start `binary` on a free local port and wait (up to 20 s) until it accepts
    /// connections.
    pub fn start(binary: &Path) -> Result<ChromeDriver, String> {
        let port = free_port().map_err(|e| format!("no free port: {e}"))?;
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut driver = ChromeDriver { child, port };

        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return Ok(driver);
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("{} exited early: {status}", binary.display()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{} did not listen on port {port} within 20 s",
                    binary.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The WebDriver URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// A fresh, empty `--user-data-dir` for one browser, removed when dropped.
pub struct ProfileDir {
    path: PathBuf,
}

impl ProfileDir {
    /// Create an empty folder under the system temp dir.
    pub fn create() -> std::io::Result<ProfileDir> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "e2e-chromium-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&path)?;
        Ok(ProfileDir { path })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
