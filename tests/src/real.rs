//! The reference server as the tests run it: the real `server` binary in its own process,
//! on a free port, with its own database file, serving the built gallery
//! (`--static-dir dist --faults`); killed (SIGKILL) and started again on the same port
//! and file when a test says so. Its fault injection is driven over HTTP, as the
//! gallery's controls drive it.

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use hyper::Method;
use serde_json::Value;
use server::client::Client;

use crate::{artefacts_dir, dist_dir, workspace_root};

/// The server binary: `$E2E_SERVER`, else `target/release/server`, else
/// `target/debug/server` (build it with `cargo build -p server --release`; `cargo xtask
/// test` does).
pub fn server_binary() -> Option<PathBuf> {
    built_binary("E2E_SERVER", "server")
}

/// The server-rendering example's binary: `$E2E_SSR`, else `target/{release,debug}/ssr-example`
/// (build it with `cargo build -p ssr-example`; `cargo xtask test` does).
pub fn ssr_binary() -> Option<PathBuf> {
    built_binary("E2E_SSR", "ssr-example")
}

/// The file `$env` names (if it is one), else `target/release/<name>`, else
/// `target/debug/<name>`.
fn built_binary(env: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let target = workspace_root().join("target");
    ["release", "debug"]
        .iter()
        .map(|profile| target.join(profile).join(name))
        .find(|p| p.is_file())
}

/// The server-rendering example's client as trunk built it: `$E2E_SSR_DIST`, else
/// `examples/ssr/dist` (`trunk build --release` in examples/ssr).
pub fn ssr_dist_dir() -> PathBuf {
    match std::env::var_os("E2E_SSR_DIST") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("examples").join("ssr").join("dist"),
    }
}

/// Which program serves: the reference server with the gallery, or the server-rendering
/// example (which runs the reference server inside and serves its own page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// `server --static-dir dist --faults`.
    Reference,
    /// `ssr-example --dist examples/ssr/dist --faults`.
    Ssr,
}

/// A folder under the system temp dir for one test's database, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Result<TempDir, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path =
            std::env::temp_dir().join(format!("e2e-server-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One reference server process (and the next, after a restart).
pub struct RealServer {
    binary: PathBuf,
    program: Program,
    addr: SocketAddr,
    db: PathBuf,
    log: PathBuf,
    child: RefCell<Option<Child>>,
    _dir: TempDir,
}

impl RealServer {
    /// Starts `server --port 0 --db <new file> --static-dir dist --faults` for test
    /// `name`, and waits for its "listening" line.
    pub fn start(name: &str) -> Result<RealServer, String> {
        Self::start_program(name, Program::Reference)
    }

    /// Starts `program` for test `name` (on a free port, with a new database file) and
    /// waits for its "listening" line.
    pub fn start_program(name: &str, program: Program) -> Result<RealServer, String> {
        let binary = match program {
            Program::Reference => server_binary().ok_or("the server binary is missing")?,
            Program::Ssr => ssr_binary().ok_or("the ssr-example binary is missing")?,
        };
        let dir = TempDir::new(name)?;
        let db = dir.0.join("e2e.sqlite3");
        std::fs::create_dir_all(artefacts_dir()).map_err(|e| e.to_string())?;
        let log = artefacts_dir().join(format!("{name}-server.log"));
        let (child, addr) = spawn(&binary, program, 0, &db, &log)?;
        Ok(RealServer {
            binary,
            program,
            addr,
            db,
            log,
            child: RefCell::new(Some(child)),
            _dir: dir,
        })
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its database file (it outlives restarts).
    pub fn db_path(&self) -> &Path {
        &self.db
    }

    /// Kills the process at once (SIGKILL): no clean shutdown, requests in flight lost.
    pub fn kill(&self) {
        if let Some(mut child) = self.child.borrow_mut().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port with the same database.
    pub fn restart(&self) -> Result<(), String> {
        self.kill();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match spawn(
                &self.binary,
                self.program,
                self.addr.port(),
                &self.db,
                &self.log,
            ) {
                Ok((child, _)) => {
                    *self.child.borrow_mut() = Some(child);
                    return Ok(());
                }
                // The port may take a moment to be free again.
                Err(e) if Instant::now() < deadline => {
                    crate::announce(&format!("restart: {e}; trying again"));
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// A new HTTP client of it.
    pub fn client(&self) -> Client {
        Client::new(self.addr)
    }

    /// `GET /_faults`.
    pub async fn faults(&self) -> Result<Value, String> {
        let reply = self
            .client()
            .get("/_faults")
            .await
            .map_err(|e| e.to_string())?;
        reply.json()
    }

    /// `PUT /_faults` with `settings` (only the fields given change).
    pub async fn set_faults(&self, settings: Value) -> Result<Value, String> {
        let reply = self
            .client()
            .write(Method::PUT, "/_faults", None, settings.to_string())
            .await
            .map_err(|e| e.to_string())?;
        if !reply.status.is_success() {
            return Err(format!(
                "PUT /_faults {settings}: {} {}",
                reply.status, reply.body
            ));
        }
        reply.json()
    }

    /// A counter of `GET /_faults`'s `stats`.
    pub async fn stat(&self, name: &str) -> Result<u64, String> {
        let faults = self.faults().await?;
        faults["stats"][name]
            .as_u64()
            .ok_or_else(|| format!("no stat {name} in {faults}"))
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Spawns the binary and waits (up to 20 s) for its JSON "listening" line.
fn spawn(
    binary: &Path,
    program: Program,
    port: u16,
    db: &Path,
    log: &Path,
) -> Result<(Child, SocketAddr), String> {
    let (files_flag, files) = match program {
        Program::Reference => ("--static-dir", dist_dir()),
        Program::Ssr => ("--dist", ssr_dist_dir()),
    };
    let stderr = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let mut child = Command::new(binary)
        .arg("--port")
        .arg(port.to_string())
        .arg("--db")
        .arg(db)
        .arg(files_flag)
        .arg(files)
        .arg("--faults")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
        // The server prints nothing more on stdout; the pipe closes with it.
    });
    let line = match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) => line,
        Err(_) => {
            let _ = child.kill();
            return Err(format!(
                "{} printed no listening line in 20 s",
                binary.display()
            ));
        }
    };
    let parsed: Value = match serde_json::from_str(line.trim()) {
        Ok(v) => v,
        Err(_) => {
            let status = child.try_wait().ok().flatten();
            let _ = child.kill();
            return Err(format!(
                "the server did not start on port {port} ({status:?}); its log: {}",
                log.display()
            ));
        }
    };
    let addr = parsed["addr"]
        .as_str()
        .and_then(|a| a.parse().ok())
        .ok_or_else(|| format!("no address in {line}"))?;
    Ok((child, addr))
}
