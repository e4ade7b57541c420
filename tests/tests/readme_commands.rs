//! The README's commands, run as a newcomer runs them: the real commands (not a copy of
//! what they do), each started as its own process from the workspace root, checked over
//! HTTP and in headless Chromium, then stopped as a person stops them (SIGTERM to the
//! process id, or Ctrl-C to the process group) and checked to have exited cleanly.
//!
//! - `cargo xtask gallery --port N --db FILE`: the gallery on the reference server;
//! - `cargo run -p server --release -- --port 0 --db FILE` (server/README.md), with the
//!   README's `curl` examples;
//! - `cargo xtask gallery --dev --port N` (the server on port 3000 behind `trunk serve`),
//!   and while it runs the quickstart's `trunk serve` (examples/quickstart), whose proxy
//!   reaches that server: a todo added in the page lands in the server.
//!
//! They build the gallery into `dist/` (a debug build, replacing what the other e2e
//! tests use) and the server in release mode, so they are `#[ignore]`d in the plain
//! `cargo test -p e2e`; `cargo xtask test` runs them in a step of their own, after the
//! other e2e tests, and prints what they proved (each passing test appends its command
//! to `target/e2e/readme-commands.txt`). By hand, with the tools on `PATH`
//! (`eval "$(cargo xtask env)"`):
//! `cargo test -p e2e --test readme_commands -- --ignored --test-threads 1`.

use std::fs::File;
use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use e2e::page::{goto, Page, LOAD_TIMEOUT, SETTLE};
use e2e::ui::list;
use e2e::{announce, artefacts_dir, workspace_root, Browser};
use hyper::Method;
use serde_json::{json, Value};
use server::client::{Client, Reply};

/// How long a command may take to build before it answers: the first run on a fresh
/// machine compiles the gallery (wasm) and the server (release) from nothing.
const BUILD_TIMEOUT: Duration = Duration::from_secs(20 * 60);
/// How long a stopped command may take to exit.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
/// The port `cargo xtask gallery --dev` starts the server on (Trunk.toml's proxies, and
/// the quickstart's, point there).
const DEV_SERVER_PORT: u16 = 3000;

/// A README command running in its own process (and, when started as a group, its own
/// process group, as a shell would start it), its output in a log file; killed with
/// everything it started if the test ends without stopping it.
struct Running {
    what: String,
    child: Child,
    log: PathBuf,
    group: bool,
}

impl Running {
    /// Starts `program args` in `dir` (relative to the workspace root), as typed in a
    /// shell there: none of the variables `cargo test` sets for this test leak into it.
    fn start(
        name: &str,
        dir: &str,
        program: &str,
        args: &[&str],
        group: bool,
    ) -> Result<Running, String> {
        let what = format!("{program} {}", args.join(" "));
        std::fs::create_dir_all(artefacts_dir()).map_err(|e| e.to_string())?;
        let log = artefacts_dir().join(format!("readme-{name}.log"));
        let out = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new(program);
        command
            .args(args)
            .current_dir(workspace_root().join(dir))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        for (key, _) in std::env::vars_os() {
            let key_text = key.to_string_lossy();
            let from_this_run = key_text.starts_with("CARGO_")
                && !matches!(key_text.as_ref(), "CARGO_HOME" | "CARGO_TARGET_DIR");
            if from_this_run || key_text == "CARGO" || key_text.starts_with("E2E_") {
                command.env_remove(&key);
            }
        }
        if group {
            use std::os::unix::process::CommandExt as _;
            command.process_group(0);
        }
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start `{what}`: {e}"))?;
        announce(&format!(
            "readme: started `{what}` (pid {}), output in {}",
            child.id(),
            log.display()
        ));
        Ok(Running {
            what,
            child,
            log,
            group,
        })
    }

    /// The last lines of its output, for error messages.
    fn tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(25);
        format!(
            "last lines of {}:\n{}",
            self.log.display(),
            lines[start..].join("\n")
        )
    }

    /// Fails when it has exited already.
    fn still_running(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!(
                "`{}` exited with {status} before it answered; {}",
                self.what,
                self.tail()
            )),
            Err(e) => Err(format!("`{}`: {e}", self.what)),
        }
    }

    /// Waits until `GET path` on `addr` answers (any status), building meanwhile.
    async fn wait_answers(&mut self, addr: SocketAddr, path: &str) -> Result<Reply, String> {
        let started = Instant::now();
        loop {
            self.still_running()?;
            if let Ok(reply) = Client::new(addr).get(path).await {
                announce(&format!(
                    "readme: `{}` answered GET {path} after {:.0} s",
                    self.what,
                    started.elapsed().as_secs_f64()
                ));
                return Ok(reply);
            }
            if started.elapsed() > BUILD_TIMEOUT {
                return Err(format!(
                    "`{}` did not answer on {addr} within {BUILD_TIMEOUT:?}; {}",
                    self.what,
                    self.tail()
                ));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Sends `signal` (`TERM`, `INT`) to its process, or to its whole group as a
    /// terminal's Ctrl-C does, and waits for it to exit.
    fn stop(&mut self, signal: &str) -> Result<ExitStatus, String> {
        let target = if self.group {
            format!("-{}", self.child.id())
        } else {
            self.child.id().to_string()
        };
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), "--", &target])
            .status()
            .map_err(|e| format!("cannot run kill: {e}"))?;
        if !sent.success() {
            return Err(format!("kill -{signal} {target}: {sent}"));
        }
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Ok(status);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "`{}` did not exit within {STOP_TIMEOUT:?} of SIG{signal}; {}",
                    self.what,
                    self.tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            if self.group {
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", self.child.id())])
                    .status();
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A port nothing listens on now.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

fn local(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// Waits until nothing listens on `port` any more (the process that did is gone).
fn wait_closed(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + STOP_TIMEOUT;
    while TcpStream::connect(local(port)).is_ok() {
        if Instant::now() > deadline {
            return Err(format!(
                "something still listens on port {port} after the stop"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

/// A database file of its own in a fresh temporary folder (removed when dropped).
struct TempDb(PathBuf);

impl TempDb {
    fn new(name: &str) -> Result<TempDb, String> {
        let dir = std::env::temp_dir().join(format!(
            "e2e-readme-{name}-{}-{}",
            std::process::id(),
            free_port()?
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(TempDb(dir))
    }

    fn file(&self) -> String {
        self.0.join("readme.sqlite3").display().to_string()
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `GET path`, which must answer 200 with JSON.
async fn get_json(addr: SocketAddr, path: &str) -> Result<Value, String> {
    let reply = Client::new(addr)
        .get(path)
        .await
        .map_err(|e| format!("GET {path}: {e}"))?;
    if reply.status != 200 {
        return Err(format!("GET {path}: {} {}", reply.status, reply.body));
    }
    reply.json()
}

/// The titles of a list as the server holds it.
async fn titles(addr: SocketAddr, list: &str) -> Result<Vec<String>, String> {
    let items = get_json(addr, &format!("/api/lists/{list}")).await?;
    let items = items
        .as_array()
        .ok_or_else(|| format!("/api/lists/{list} is not a list: {items}"))?;
    Ok(items
        .iter()
        .filter_map(|item| item["title"].as_str().map(String::from))
        .collect())
}

/// Writes down that `command` did what the README says (for `cargo xtask test`'s summary).
fn proved(command: &str) {
    let path = artefacts_dir().join("readme-commands.txt");
    if let Ok(mut file) = File::options().create(true).append(true).open(&path) {
        let _ = writeln!(file, "{command}");
    }
    announce(&format!("readme: proved `{command}`"));
}

/// Runs `body` in a fresh headless Chromium and closes it, whatever the outcome.
async fn in_browser(
    name: &str,
    body: impl AsyncFnOnce(&fantoccini::Client) -> Result<(), String>,
) -> Result<(), String> {
    let (client, browser) = Browser::open().await?;
    let result = body(&client).await;
    if result.is_err() {
        Page::of(&client)
            .screenshot(&format!("readme-{name}-failure"))
            .await;
    }
    let _ = client.close().await;
    drop(browser);
    result
}

fn check(cond: bool, message: impl Into<String>) -> Result<(), String> {
    Page::check(cond, message)
}

/// Fails the test with `result`'s error.
fn expect(name: &str, result: Result<(), String>) {
    if let Err(error) = result {
        panic!("{name}: {error}");
    }
}

#[tokio::test]
#[ignore = "builds dist/ and the release server: run by `cargo xtask test` (README step)"]
async fn cargo_xtask_gallery_serves_the_gallery_on_the_reference_server() {
    expect("cargo xtask gallery", xtask_gallery().await);
}

async fn xtask_gallery() -> Result<(), String> {
    let port = free_port()?;
    let db = TempDb::new("gallery")?;
    let db_file = db.file();
    let port_text = port.to_string();
    let mut gallery = Running::start(
        "gallery",
        ".",
        "cargo",
        &["xtask", "gallery", "--port", &port_text, "--db", &db_file],
        false,
    )?;
    let addr = local(port);
    let index = gallery.wait_answers(addr, "/").await?;
    check(
        index.status == 200 && index.body.contains("<html"),
        format!("GET / answered {} {:.200}", index.status, index.body),
    )?;
    let faults = get_json(addr, "/_faults").await?;
    check(
        faults["settings"].is_object(),
        format!("GET /_faults: {faults}"),
    )?;
    let groceries = titles(addr, "groceries").await?;
    check(
        groceries.len() == 4,
        format!("GET /api/lists/groceries: {groceries:?}"),
    )?;

    in_browser("gallery", async |client| {
        goto(client, &format!("http://{addr}/#/editable-list/default")).await?;
        let page = Page::of(client);
        page.wait_for("[data-testid=canvas]", LOAD_TIMEOUT).await?;
        // Served by the reference server, the gallery finds it and uses it.
        page.wait_for(".story-frame[data-backend=http]", SETTLE)
            .await?;
        list::loaded(&page, 4).await?;
        let shown: Vec<String> = list::rows(&page)
            .await?
            .into_iter()
            .map(|row| row.title)
            .collect();
        check(
            shown == groceries,
            format!("the page shows {shown:?}, the server holds {groceries:?}"),
        )
    })
    .await?;

    // The process `cargo xtask gallery` started as is the server now: stopping it by its
    // id stops the server, cleanly, and leaves nothing listening.
    let status = gallery.stop("TERM")?;
    check(
        status.success(),
        format!("after SIGTERM it exited with {status}; {}", gallery.tail()),
    )?;
    wait_closed(port)?;
    proved("cargo xtask gallery --port N --db FILE");
    Ok(())
}

#[tokio::test]
#[ignore = "builds the release server: run by `cargo xtask test` (README step)"]
async fn cargo_run_server_as_its_readme_writes_it() {
    expect("cargo run -p server", run_server().await);
}

async fn run_server() -> Result<(), String> {
    let db = TempDb::new("server")?;
    let db_file = db.file();
    let mut server = Running::start(
        "server",
        ".",
        "cargo",
        &[
            "run",
            "-p",
            "server",
            "--release",
            "--",
            "--port",
            "0",
            "--db",
            &db_file,
        ],
        false,
    )?;
    // With `--port 0` the one JSON line on stdout names the port (server/README.md).
    let started = Instant::now();
    let addr: SocketAddr = loop {
        server.still_running()?;
        let log = std::fs::read_to_string(&server.log).unwrap_or_default();
        let listening = log
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .find(|line| line["event"] == "listening");
        if let Some(addr) = listening.and_then(|l| l["addr"].as_str()?.parse().ok()) {
            break addr;
        }
        if started.elapsed() > BUILD_TIMEOUT {
            return Err(format!("no listening line; {}", server.tail()));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    // The README's curl examples.
    let before = titles(addr, "groceries").await?;
    check(before.len() == 4, format!("the seeded list: {before:?}"))?;
    let add = json!({"Add": {"id": "n1", "title": "Eggs"}}).to_string();
    let mut client = Client::new(addr);
    for attempt in 0..2 {
        let reply = client
            .write(
                Method::POST,
                "/api/lists/groceries/changes",
                Some("add-eggs-1"),
                add.clone(),
            )
            .await
            .map_err(|e| format!("POST a change: {e}"))?;
        check(
            reply.status == 200 && reply.replayed() == (attempt == 1),
            format!(
                "POST #{attempt} with the same key: {} replayed={} {}",
                reply.status,
                reply.replayed(),
                reply.body
            ),
        )?;
    }
    let after = titles(addr, "groceries").await?;
    check(
        after.iter().filter(|t| *t == "Eggs").count() == 1 && after.len() == 5,
        format!("after the same add twice: {after:?}"),
    )?;
    // Without --faults there is no fault API.
    let faults = client
        .get("/_faults")
        .await
        .map_err(|e| format!("GET /_faults: {e}"))?;
    check(
        faults.status == 404,
        format!("/_faults without --faults answered {}", faults.status),
    )?;
    let status = server.stop("TERM")?;
    check(
        status.success(),
        format!("after SIGTERM it exited with {status}; {}", server.tail()),
    )?;
    wait_closed(addr.port())?;
    check(
        Path::new(&db_file).is_file(),
        format!("--db {db_file}: no database file kept"),
    )?;
    proved("cargo run -p server --release -- --port 0 --db FILE");
    Ok(())
}

#[tokio::test]
#[ignore = "builds the gallery and the quickstart with trunk: run by `cargo xtask test` (README step)"]
async fn cargo_xtask_gallery_dev_and_the_quickstarts_trunk_serve() {
    expect(
        "cargo xtask gallery --dev + quickstart trunk serve",
        gallery_dev_and_quickstart().await,
    );
}

async fn gallery_dev_and_quickstart() -> Result<(), String> {
    if TcpStream::connect(local(DEV_SERVER_PORT)).is_ok() {
        return Err(format!(
            "port {DEV_SERVER_PORT} is taken by another program: `cargo xtask gallery --dev` \
             and the quickstart's proxy need it (stop that program and run again)"
        ));
    }
    let port = free_port()?;
    let port_text = port.to_string();
    let mut dev = Running::start(
        "gallery-dev",
        ".",
        "cargo",
        &["xtask", "gallery", "--dev", "--port", &port_text],
        true,
    )?;
    let addr = local(port);
    let index = dev.wait_answers(addr, "/").await?;
    check(
        index.status == 200 && index.body.contains("<html"),
        format!("trunk serve answered {} {:.200}", index.status, index.body),
    )?;
    // Trunk's proxy reaches the server on 3000 (it may still be starting).
    dev.wait_answers(local(DEV_SERVER_PORT), "/api/lists/groceries")
        .await?;
    let through_proxy = titles(addr, "groceries").await?;
    check(
        through_proxy.len() == 4,
        format!("/api/lists/groceries through trunk's proxy: {through_proxy:?}"),
    )?;

    // The quickstart, as its README section runs it (`cd examples/quickstart && trunk
    // serve`), on a free port, while the dev server answers on 3000. It shares the
    // workspace's target/ (as the test command's quickstart build does) only so that it
    // does not compile Yew a second time.
    let quick_port = free_port()?;
    let quick_port_text = quick_port.to_string();
    let mut quickstart = Running::start(
        "quickstart",
        "examples/quickstart",
        "env",
        &[
            &format!(
                "CARGO_TARGET_DIR={}",
                workspace_root().join("target").display()
            ),
            "trunk",
            "serve",
            "--port",
            &quick_port_text,
        ],
        true,
    )?;
    let quick = local(quick_port);
    quickstart.wait_answers(quick, "/").await?;
    let title = format!("Quickstart check {}", std::process::id());
    in_browser("quickstart", async |client| {
        goto(client, &format!("http://{quick}/")).await?;
        let page = Page::of(client);
        page.wait_for("main h1", LOAD_TIMEOUT).await?;
        check(
            page.text("main h1").await? == "Todos",
            "the quickstart's heading",
        )?;
        page.type_into("input[aria-label='New todo']", &title)
            .await?;
        page.click("form button").await?;
        page.wait_js(
            "the new todo on the page",
            SETTLE,
            "return [...document.querySelectorAll('main li')].some(li => li.textContent.includes(arguments[0]));",
            vec![title.clone().into()],
        )
        .await?;
        let alerts = page.count("[role=alert]").await?;
        check(alerts == 0, "the quickstart shows an error")
    })
    .await?;
    // The todo reached the server through the quickstart's proxy.
    let deadline = Instant::now() + SETTLE;
    while !titles(local(DEV_SERVER_PORT), "quickstart")
        .await?
        .contains(&title)
    {
        if Instant::now() > deadline {
            return Err(format!(
                "{title:?} never reached the server's quickstart list"
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Ctrl-C in each terminal: everything they started stops.
    quickstart.stop("INT")?;
    wait_closed(quick_port)?;
    dev.stop("INT")?;
    wait_closed(port)?;
    wait_closed(DEV_SERVER_PORT)?;
    proved("cargo xtask gallery --dev --port N");
    proved("(cd examples/quickstart && trunk serve --port N), against the dev server on 3000");
    Ok(())
}
