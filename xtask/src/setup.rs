//! `cargo xtask setup`: install only what is missing or at the wrong version.
//!
//! Tools go into the versioned cache of [`crate::tools`] (outside the clone, shared by
//! every clone on the machine), so a fresh clone installs nothing. Every check is a quick
//! `--version` or a file test, so a second run takes a moment.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// The one search for PostgreSQL's binaries, shared with the tests' throwaway clusters.
#[path = "../../idempotency/tests/support/pg_bin.rs"]
mod pg_bin;

use crate::tools::{self, Tool, WASM_TARGET};
use crate::util::{cargo, root, Cmd};

/// What a command needs set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `cargo xtask gallery`: the wasm target, trunk, wasm-bindgen-cli and wasm-opt.
    Serve,
    /// `cargo xtask test` (and plain `cargo xtask setup`): the above, plus rustfmt and
    /// clippy, wasm-pack, Chromium and chromedriver.
    Test,
}

/// The browser the tests drive, as found (or installed) by setup.
#[derive(Clone, Debug)]
pub struct Browser {
    /// Chromium or Chrome.
    pub chrome: PathBuf,
    /// A chromedriver for it.
    pub chromedriver: PathBuf,
}

/// What a setup run found and did.
#[derive(Default)]
pub struct Report {
    /// Things that were already there at the right version, and where.
    pub skipped: Vec<String>,
    /// Things this run installed.
    pub installed: Vec<String>,
    /// The browser, when the purpose needs one.
    pub browser: Option<Browser>,
}

/// Names distributions give Chromium or Chrome, tried in this order on `PATH`.
const CHROME_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Check what `purpose` needs, install what is missing, and print what was skipped and
/// installed.
pub fn run(purpose: Purpose) -> Result<Report, String> {
    let started = Instant::now();
    println!(
        "==> setup ({}): checking tools; cache: {}",
        match purpose {
            Purpose::Serve => "what serving the gallery needs",
            Purpose::Test => "everything the tests need",
        },
        tools::cache_dir().display()
    );
    let mut report = Report::default();
    let linker = c_linker();
    wasm_target(&mut report)?;
    if purpose == Purpose::Test {
        rust_components(&mut report)?;
        report.browser = Some(browser(&mut report)?);
        postgres(&mut report)?;
    }
    binaryen(&mut report)?;
    let wasm_bindgen = Tool::wasm_bindgen(&wanted_wasm_bindgen()?);
    // Quickest first, so that a failure shows early.
    let mut crates = vec![(wasm_bindgen, "~2 min")];
    if purpose == Purpose::Test {
        crates.push((Tool::wasm_pack(), "~3 min"));
        // What the bytes of the size apps are (`cargo xtask bench --size --twiggy`).
        crates.push((Tool::twiggy(), "~3 min"));
    }
    crates.push((Tool::trunk(), "~6 min"));
    for (tool, usually) in crates {
        cargo_tool(&mut report, &tool, usually, &linker)?;
    }

    println!("setup: already there, skipped:");
    print_list(&report.skipped, "(none)");
    println!("setup: installed now:");
    print_list(&report.installed, "(nothing)");
    println!("setup: done in {}", duration(started.elapsed()));
    Ok(report)
}

fn print_list(items: &[String], empty: &str) {
    if items.is_empty() {
        println!("  {empty}");
    }
    for item in items {
        println!("  - {item}");
    }
}

/// The first whitespace-separated word of `text` that starts with a digit, e.g.
/// `"0.21.14"` in `"trunk 0.21.14"` or `"132"` in `"wasm-opt version 132 (version_132)"`.
fn version_in(text: &str) -> Option<&str> {
    text.split_whitespace()
        .find(|word| word.starts_with(|c: char| c.is_ascii_digit()))
}

/// The version `program --version` prints, or `None` if it cannot run.
fn installed_version(program: impl AsRef<std::ffi::OsStr>) -> Option<String> {
    let output = Cmd::new(program).args(["--version"]).probe()?;
    version_in(&output).map(str::to_owned)
}

/// `Ok(())` when a C compiler/linker (`cc`) answers; otherwise the message saying what to
/// install. Rust links native binaries (the xtask, `cargo install`ed tools, build
/// scripts) with it.
fn c_linker() -> Result<(), String> {
    if Cmd::new("cc").args(["--version"]).probe().is_some() {
        return Ok(());
    }
    let message = "no C compiler/linker (`cc`) found. Rust needs one to link native programs \
                   (build scripts, the tools setup installs with `cargo install`): install \
                   `build-essential` (Debian/Ubuntu), `gcc` (Fedora, Arch), or the Xcode \
                   command line tools (`xcode-select --install`, macOS)";
    println!("setup: warning: {message}");
    Err(message.into())
}

/// Announces a long install and prints a line every minute until `work` returns, so that
/// the first set-up does not look hung.
fn with_progress<T>(what: &str, usually: &str, cmd: &Cmd, work: impl FnOnce() -> T) -> T {
    println!("setup: installing {what} (usually {usually} on 2 cores; its output follows)");
    println!("    $ {}", cmd.display());
    let started = Instant::now();
    let (done, wait) = mpsc::channel::<()>();
    let label = what.to_owned();
    let usually_note = usually.to_owned();
    let ticker = std::thread::spawn(move || {
        while let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(Duration::from_secs(60))
        {
            println!(
                "setup: ... still installing {label}: {} so far (usually {usually_note})",
                duration(started.elapsed())
            );
        }
    });
    let result = work();
    // The ticker ends when the sender is gone; a send error only means it already ended.
    let _ = done.send(());
    let _ = ticker.join();
    println!("setup: {what}: finished in {}", duration(started.elapsed()));
    result
}

/// `1m 05s` or `4.2s`.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m {:02}s", whole / 60, whole % 60)
    }
}

fn wasm_target(report: &mut Report) -> Result<(), String> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or(
            "`rustup target list --installed` failed; is rustup installed? (https://rustup.rs)",
        )?;
    let what = format!("rust target {WASM_TARGET}");
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        report.skipped.push(what);
        return Ok(());
    }
    println!("setup: installing {what} (seconds)");
    Cmd::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .run()
        .map_err(|e| format!("installing {what} failed: {e}"))?;
    report.installed.push(what);
    Ok(())
}

/// rustfmt and clippy, which `cargo xtask test` runs first.
fn rust_components(report: &mut Report) -> Result<(), String> {
    let fmt = Cmd::new(cargo()).args(["fmt", "--version"]).probe();
    let clippy = Cmd::new(cargo()).args(["clippy", "--version"]).probe();
    let mut missing = Vec::new();
    for (name, found) in [("rustfmt", &fmt), ("clippy", &clippy)] {
        match found.as_deref().and_then(version_in) {
            Some(version) => report.skipped.push(format!("{name} {version}")),
            None => missing.push(name),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let what = missing.join(" + ");
    println!("setup: installing {what} (rustup component add, seconds)");
    Cmd::new("rustup")
        .args(["component", "add"])
        .args(&missing)
        .run()
        .map_err(|e| format!("installing {what} failed: {e}"))?;
    report.installed.push(what);
    Ok(())
}

/// The wasm-bindgen version Cargo.lock pins (writing Cargo.lock first when a fresh
/// checkout has none).
fn wanted_wasm_bindgen() -> Result<String, String> {
    let lock_path = root().join("Cargo.lock");
    if !lock_path.is_file() {
        // `cargo metadata` writes Cargo.lock without updating anything already locked.
        Cmd::new(cargo())
            .args(["metadata", "--format-version", "1"])
            .probe();
    }
    tools::locked_wasm_bindgen().ok_or_else(|| {
        format!(
            "cannot read the wasm-bindgen version from {}",
            lock_path.display()
        )
    })
}

/// Where each of `tool`'s programs is, when every one reports the wanted version: in the
/// cache, or else (a copy of the user's own at that version) on `PATH`.
fn find_tool(tool: &Tool) -> Option<String> {
    let in_cache = tool
        .programs
        .iter()
        .all(|p| installed_version(tool.bin().join(p)).as_deref() == Some(&tool.version));
    if in_cache {
        return Some(format!("in {}", tool.dir().display()));
    }
    let mut places = Vec::new();
    for program in tool.programs {
        let path = tools::which(program)?;
        if installed_version(&path).as_deref() != Some(&tool.version) {
            return None;
        }
        places.push(path.display().to_string());
    }
    Some(format!("on PATH: {}", places.join(", ")))
}

/// A crates.io tool: skipped when found at the right version, else `cargo install --root
/// <cache>/<tool>-<version>`.
fn cargo_tool(
    report: &mut Report,
    tool: &Tool,
    usually: &str,
    linker: &Result<(), String>,
) -> Result<(), String> {
    let what = format!("{} {}", tool.package, tool.version);
    if let Some(place) = find_tool(tool) {
        report.skipped.push(format!("{what} ({place})"));
        return Ok(());
    }
    linker
        .clone()
        .map_err(|e| format!("cannot install {what}: {e}"))?;
    let root_dir = tool.dir();
    let mut args: Vec<String> = vec![
        "install".into(),
        "--root".into(),
        root_dir.display().to_string(),
        tool.package.into(),
        "--version".into(),
        tool.version.clone(),
    ];
    // wasm-bindgen-cli's own lock names a crate version crates.io lacks, so it cannot be
    // `--locked`; trunk 0.21.14 only compiles with its lock.
    if tool.package != "wasm-bindgen-cli" {
        args.push("--locked".into());
    }
    let install = Cmd::new(cargo()).args(&args);
    with_progress(
        &format!("{what} into {}", root_dir.display()),
        usually,
        &install,
        || install.run(),
    )
    .map_err(|e| format!("installing {what} failed: {e}"))?;
    for program in tool.programs {
        let found = installed_version(tool.bin().join(program));
        if found.as_deref() != Some(&tool.version) {
            return Err(format!(
                "{what} was installed, but {}/{program} --version reports {}",
                tool.bin().display(),
                found.as_deref().unwrap_or("nothing")
            ));
        }
    }
    report
        .installed
        .push(format!("{what} (in {})", root_dir.display()));
    Ok(())
}

/// wasm-opt from npm's binaryen, into `<cache>/binaryen-<version>`.
fn binaryen(report: &mut Report) -> Result<(), String> {
    let tool = Tool::binaryen();
    let what = format!("binaryen {} (wasm-opt)", tool.version);
    if let Some(place) = find_tool(&tool) {
        report.skipped.push(format!("{what} ({place})"));
        return Ok(());
    }
    if Cmd::new("npm").args(["--version"]).probe().is_none() {
        return Err(format!(
            "npm not found: {what} comes from npm; install Node.js (with npm) from your \
             package manager or https://nodejs.org, then run this again"
        ));
    }
    let dir = tool.dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let install = Cmd::new("npm").args([
        "install",
        "--prefix",
        &dir.display().to_string(),
        "--no-audit",
        "--no-fund",
        &format!("binaryen@{}", tool.version),
    ]);
    with_progress(
        &format!("{what} into {}", dir.display()),
        "~10 s",
        &install,
        || install.run(),
    )
    .map_err(|e| format!("installing {what} failed: {e}"))?;
    let found = installed_version(tool.bin().join("wasm-opt"));
    if found.as_deref() != Some(&tool.version) {
        return Err(format!(
            "{what} was installed, but {}/wasm-opt --version reports {}",
            tool.bin().display(),
            found.as_deref().unwrap_or("nothing")
        ));
    }
    report
        .installed
        .push(format!("{what} (in {})", dir.display()));
    Ok(())
}

/// `$VAR` as a program: a path, or a name looked up on `PATH`. `Err` when it is set but
/// names nothing runnable (a typo should not silently fall back to another browser).
fn from_env(var: &str) -> Result<Option<PathBuf>, String> {
    let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let given = PathBuf::from(&value);
    let found = if given.components().count() > 1 {
        given.is_file().then_some(given.clone())
    } else {
        given.to_str().and_then(tools::which)
    };
    found
        .map(Some)
        .ok_or_else(|| format!("{var}={} does not name a program", given.display()))
}

/// Chromium (or Chrome) and chromedriver: `$CHROME` / `$CHROMEDRIVER`, else the names
/// distributions use on `PATH`.
fn find_browser() -> Result<(Option<PathBuf>, Option<PathBuf>), String> {
    let chrome = match from_env("CHROME")? {
        Some(path) => Some(path),
        None => CHROME_NAMES.iter().find_map(|name| tools::which(name)),
    };
    let chromedriver = match from_env("CHROMEDRIVER")? {
        Some(path) => Some(path),
        None => tools::which("chromedriver"),
    };
    Ok((chrome, chromedriver))
}

fn browser(report: &mut Report) -> Result<Browser, String> {
    if let (Some(chrome), Some(chromedriver)) = find_browser()? {
        let found = describe_browser(&chrome, &chromedriver);
        report.skipped.push(found);
        return Ok(Browser {
            chrome,
            chromedriver,
        });
    }
    let Some(apt) = apt_get() else {
        let (chrome, chromedriver) = find_browser()?;
        return Err(missing_browser_message(
            chrome.as_deref(),
            chromedriver.as_deref(),
        ));
    };
    let what = "chromium + chromium-driver (apt)";
    let update = apt(&["update"]);
    println!(
        "setup: updating the apt package lists\n    $ {}",
        update.display()
    );
    update
        .run()
        .map_err(|e| format!("apt-get update failed: {e}"))?;
    let install = apt(&["install", "-y", "chromium", "chromium-driver"]);
    with_progress(what, "~1 min", &install, || install.run())
        .map_err(|e| format!("installing {what} failed: {e}"))?;
    match find_browser()? {
        (Some(chrome), Some(chromedriver)) => {
            report
                .installed
                .push(describe_browser(&chrome, &chromedriver));
            Ok(Browser {
                chrome,
                chromedriver,
            })
        }
        (chrome, chromedriver) => Err(format!(
            "{what} installed, but that was not enough: {}",
            missing_browser_message(chrome.as_deref(), chromedriver.as_deref())
        )),
    }
}

/// The folder of PostgreSQL's server binaries (`initdb`, `pg_ctl`), found where the
/// tests' throwaway clusters find them (the same file, `pg_bin.rs`).
fn find_postgres() -> Option<PathBuf> {
    pg_bin::find_bin().ok()
}

/// PostgreSQL for the tests of the Postgres idempotency store and the two-instance
/// server test (each starts a throwaway cluster of its own): the distribution's
/// `postgresql` package when missing.
fn postgres(report: &mut Report) -> Result<(), String> {
    if let Some(bin) = find_postgres() {
        report
            .skipped
            .push(format!("PostgreSQL server binaries ({})", bin.display()));
        return Ok(());
    }
    let Some(apt) = apt_get() else {
        return Err(
            "the Postgres tests need PostgreSQL's server binaries (initdb, pg_ctl), \
             and there is no apt-get (with root or sudo) to install them: install \
             PostgreSQL with your package manager (e.g. `sudo dnf install \
             postgresql-server`, `brew install postgresql`) or point PG_BIN at its \
             bin folder, then run the command again"
                .into(),
        );
    };
    let what = "postgresql (apt)";
    apt(&["update"])
        .run()
        .map_err(|e| format!("apt-get update failed: {e}"))?;
    let install = apt(&["install", "-y", "postgresql"]);
    with_progress(what, "~1 min", &install, || install.run())
        .map_err(|e| format!("installing {what} failed: {e}"))?;
    match find_postgres() {
        Some(bin) => {
            report
                .installed
                .push(format!("PostgreSQL server binaries ({})", bin.display()));
            Ok(())
        }
        None => Err(format!(
            "{what} installed, but no initdb and pg_ctl were found afterwards"
        )),
    }
}

/// `chromium 156.0.x (/usr/bin/chromium) + chromedriver 156.0.x (/usr/bin/chromedriver)`,
/// with a warning when their major versions differ (chromedriver refuses then).
fn describe_browser(chrome: &Path, chromedriver: &Path) -> String {
    let chrome_version = installed_version(chrome);
    let driver_version = installed_version(chromedriver);
    let major = |v: &Option<String>| {
        v.as_deref()
            .and_then(|v| v.split('.').next().map(str::to_owned))
    };
    if let (Some(a), Some(b)) = (major(&chrome_version), major(&driver_version)) {
        if a != b {
            println!(
                "setup: warning: {} is version {a} but {} is version {b}; chromedriver only \
                 drives its own major version",
                chrome.display(),
                chromedriver.display()
            );
        }
    }
    format!(
        "browser {} ({}) + chromedriver {} ({})",
        chrome_version.as_deref().unwrap_or("?"),
        chrome.display(),
        driver_version.as_deref().unwrap_or("?"),
        chromedriver.display()
    )
}

/// How to run apt-get here (as root, or through sudo), or `None` when there is no apt.
fn apt_get() -> Option<impl Fn(&[&str]) -> Cmd> {
    tools::which("apt-get")?;
    let is_root = Cmd::new("id")
        .args(["-u"])
        .probe()
        .is_some_and(|uid| uid.trim() == "0");
    if !is_root {
        tools::which("sudo")?;
    }
    Some(move |args: &[&str]| {
        let cmd = if is_root {
            Cmd::new("apt-get").args(args)
        } else {
            Cmd::new("sudo").args(["apt-get"]).args(args)
        };
        cmd.env("DEBIAN_FRONTEND", "noninteractive")
    })
}

/// What is missing of the browser pair, and how to get it without apt.
fn missing_browser_message(chrome: Option<&Path>, chromedriver: Option<&Path>) -> String {
    let state = |what: &str, found: Option<&Path>, tried: &str| match found {
        Some(path) => format!("{what}: found at {}", path.display()),
        None => format!("{what}: NOT FOUND (tried {tried})"),
    };
    format!(
        "the browser tests need Chromium (or Chrome) and a chromedriver of the same major \
         version.\n  {}\n  {}\nThere is no apt-get (with root or sudo) to install them. \
         Install them with your package manager, for example\n\
         \x20 Fedora:   sudo dnf install chromium chromedriver\n\
         \x20 Arch:     sudo pacman -S chromium   (chromedriver comes with it)\n\
         \x20 openSUSE: sudo zypper install chromium chromedriver\n\
         \x20 macOS:    brew install --cask google-chrome chromedriver\n\
         or point CHROME and CHROMEDRIVER at them (e.g. CHROME=\"/Applications/Google \
         Chrome.app/Contents/MacOS/Google Chrome\"), then run the command again.",
        state(
            "Chromium/Chrome",
            chrome,
            &format!("$CHROME, then {} on PATH", CHROME_NAMES.join(", "))
        ),
        state(
            "chromedriver",
            chromedriver,
            "$CHROMEDRIVER, then chromedriver on PATH"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_versions_in_version_output() {
        assert_eq!(version_in("trunk 0.21.14\n"), Some("0.21.14"));
        assert_eq!(version_in("wasm-bindgen 0.2.130"), Some("0.2.130"));
        assert_eq!(
            version_in("wasm-opt version 132 (version_132)"),
            Some("132")
        );
        assert_eq!(
            version_in("Chromium 156.0.7000.1 built on Debian"),
            Some("156.0.7000.1")
        );
        assert_eq!(version_in("no version here"), None);
    }

    #[test]
    fn durations_read_as_minutes_once_long() {
        assert_eq!(duration(Duration::from_millis(4_200)), "4.2s");
        assert_eq!(duration(Duration::from_secs(365)), "6m 05s");
    }

    #[test]
    fn the_missing_browser_message_says_what_to_install() {
        let message = missing_browser_message(Some(Path::new("/usr/bin/chromium")), None);
        assert!(
            message.contains("Chromium/Chrome: found at /usr/bin/chromium"),
            "{message}"
        );
        assert!(
            message.contains("chromedriver: NOT FOUND (tried $CHROMEDRIVER"),
            "{message}"
        );
        assert!(
            message.contains("dnf install chromium chromedriver"),
            "{message}"
        );
        let message = missing_browser_message(None, None);
        assert!(message.contains("google-chrome-stable"), "{message}");
    }
}
