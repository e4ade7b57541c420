//! chromedriver as a child process, a throw-away Chromium profile folder, and the two
//! together with a WebDriver session: one headless Chromium ([`Browser`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

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
    /// Start `binary` on a port it picks itself (`--port=0`) and wait (up to 20 s) until
    /// it says which one.
    ///
    /// Not a port picked here and handed over: between our check and chromedriver's bind,
    /// another test's chromedriver could take the same port. The second one then exits
    /// ("bind() failed"), while a connect to the port still succeeds, to the first test's
    /// chromedriver, whose session dies with that test (seen in a full run: "webdriver
    /// server did not respond").
    pub fn start(binary: &Path) -> Result<ChromeDriver, String> {
        let mut child = Command::new(binary)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| format!("{} has no stdout", binary.display()))?;
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        // Reads every line, also after the port, so chromedriver never blocks on a full pipe.
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut told = false;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if !told {
                    if let Some(port) = started_on_port(&line) {
                        told = true;
                        let _ = port_tx.send(port);
                    }
                }
            }
        });
        let mut driver = ChromeDriver { child, port: 0 };
        match port_rx.recv_timeout(Duration::from_secs(20)) {
            Ok(port) => {
                driver.port = port;
                Ok(driver)
            }
            Err(_) => match driver.child.try_wait() {
                Ok(Some(status)) => Err(format!("{} exited early: {status}", binary.display())),
                _ => Err(format!(
                    "{} did not say its port within 20 s",
                    binary.display()
                )),
            },
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

/// The port of chromedriver's "ChromeDriver was started successfully on port N." line.
fn started_on_port(line: &str) -> Option<u16> {
    let rest = line.split("started successfully on port ").nth(1)?;
    rest.trim_end().trim_end_matches('.').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::started_on_port;

    #[test]
    fn reads_the_port_chromedriver_picked() {
        assert_eq!(
            started_on_port("ChromeDriver was started successfully on port 40629."),
            Some(40629)
        );
        assert_eq!(started_on_port("Only local connections are allowed."), None);
        assert_eq!(started_on_port("... started successfully on port x."), None);
    }
}
