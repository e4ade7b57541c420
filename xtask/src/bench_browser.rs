//! `cargo xtask bench --browser | --size | --size-check`: the browser benchmarks of
//! `bench/` (see bench/README.md).
//!
//! - `--browser [HARNESS ARGS]`: set up, build the six contenders into
//!   `target/bench-browser/site/` (five Yew apps with `trunk build --release`, one of them
//!   `yew-collections` again with its `windowed` feature as `yew-windowed`; the React one
//!   with esbuild, installing its npm packages when missing), print the bundle sizes,
//!   then run `bench-harness` (headless Chromium, contenders interleaved).
//! - `--size ...` and `--size-check`: the bundle sizes and their guard ([`crate::size`]).
//! - `--record-cost [CALLS]`: the heap a settled mutation holds ([`crate::record_cost`]).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::size::{measure, print_sizes};
use crate::util::{cargo, root, Cmd};

/// The Yew contenders, by their folder in `bench/apps/` (also their URL path).
const YEW_CONTENDERS: [&str; 4] = [
    "yew-optimistic",
    "yew-collections",
    "plain-yew",
    "use-async",
];

/// `bench/apps/yew-collections` built with its `windowed` feature: the list renders only
/// the rows (and board cards) in view. It runs the list, list10k and board2k families.
const WINDOWED: &str = "yew-windowed";

fn out_dir() -> PathBuf {
    root().join("target").join("bench-browser")
}

/// Entry point: `args` are what follows `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("--browser") => browser(&args[1..]),
        Some("--size") => crate::size::run(&args[1..]),
        Some("--size-check") => crate::size::check_command(),
        Some("--record-cost") => crate::record_cost::run(&args[1..]),
        _ => Err("expected --browser, --size, --size-check or --record-cost".into()),
    }
}

/// Whether `args` ask for one of this module's commands.
pub fn wanted(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some("--browser" | "--size" | "--size-check" | "--record-cost")
    )
}

fn trunk_build(app: &str, dist: &Path, url: &str) -> Result<(), String> {
    crate::size::trunk_build(app, "", dist, url)
}

/// The React contender: `npm ci` when `node_modules` is missing, then esbuild.
fn react_build(site: &Path) -> Result<(), String> {
    let dir = root().join("bench").join("react");
    if !dir
        .join("node_modules")
        .join(".bin")
        .join("esbuild")
        .is_file()
    {
        println!("\n==> npm ci (bench/react: react, react-dom, @tanstack/react-query, esbuild)");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() {
            return Err(format!("npm ci in bench/react failed: {status}"));
        }
    }
    let dist = site.join("tanstack-react");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    println!("\n==> esbuild bench/react/src/main.jsx (minified, production React)");
    let status = Command::new(dir.join("node_modules").join(".bin").join("esbuild"))
        .args([
            "src/main.jsx",
            "--bundle",
            "--minify",
            "--format=iife",
            "--jsx=automatic",
            "--target=es2020",
            "--define:process.env.NODE_ENV=\"production\"",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", dist.join("app.js").display()))
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run esbuild: {e}"))?;
    if !status.success() {
        return Err(format!("esbuild failed: {status}"));
    }
    copy(&dir.join("index.html"), &dist.join("index.html"))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// Builds the site the harness serves: the driver and the five contenders.
fn build_site() -> Result<PathBuf, String> {
    let site = out_dir().join("site");
    std::fs::create_dir_all(&site).map_err(|e| format!("{}: {e}", site.display()))?;
    copy(
        &root().join("bench").join("driver").join("driver.js"),
        &site.join("driver.js"),
    )?;
    for app in YEW_CONTENDERS {
        trunk_build(app, &site.join(app), &format!("/{app}/"))?;
    }
    crate::size::trunk_build(
        "yew-collections",
        "windowed",
        &site.join(WINDOWED),
        &format!("/{WINDOWED}/"),
    )?;
    react_build(&site)?;
    Ok(site)
}

fn browser(harness_args: &[String]) -> Result<(), String> {
    crate::setup::run(crate::setup::Purpose::Test)?;
    let site = build_site()?;
    let mut table = vec![];
    for app in YEW_CONTENDERS.into_iter().chain([WINDOWED]) {
        table.push((app.to_string(), measure(&site.join(app))?));
    }
    table.push((
        "tanstack-react".into(),
        measure(&site.join("tanstack-react"))?,
    ));
    println!("\nbundles of the contenders (the React one is JavaScript only):");
    print_sizes(&table);
    println!("\n==> bench-harness {}", harness_args.join(" "));
    Cmd::new(cargo())
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "bench-harness",
            "--",
            "--site",
        ])
        .arg_path(&site)
        .args(["--out"])
        .arg_path(&out_dir())
        .args(harness_args)
        .run()
}

/// `Cmd::args` for one path.
trait ArgPath {
    fn arg_path(self, path: &Path) -> Self;
}

impl ArgPath for Cmd {
    fn arg_path(self, path: &Path) -> Cmd {
        self.args([path.as_os_str()])
    }
}
