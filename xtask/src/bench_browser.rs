//! `cargo xtask bench --browser | --size | --size-check`: the browser benchmarks of
//! `bench/` (see bench/README.md).
//!
//! - `--browser [HARNESS ARGS]`: set up, build the four contenders into
//!   `target/bench-browser/site/` (three Yew apps with `trunk build --release`, the React
//!   one with esbuild, installing its npm packages when missing), print the bundle sizes,
//!   then run `bench-harness` (headless Chromium, contenders interleaved).
//! - `--size [--record]`: build the size apps (bare Yew counter, minimal yew-optimistic app,
//!   full components), print raw and gzip sizes, and check the minimal app against
//!   `bench/size-baseline.json` (`--record` rewrites that file instead).
//! - `--size-check`: build only the minimal app and fail when its gzip size is more than 5 %
//!   over the recorded figure (a step of `cargo xtask test`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{cargo, root, Cmd};

/// The Yew contenders, by their folder in `bench/apps/` (also their URL path).
const YEW_CONTENDERS: [&str; 3] = ["yew-optimistic", "plain-yew", "use-async"];
/// The size apps, by their folder in `bench/apps/`.
const SIZE_APPS: [&str; 3] = ["counter", "minimal", "components"];
/// How much the minimal app may grow over the recorded gzip size before the check fails.
const SIZE_TOLERANCE: f64 = 0.05;

fn out_dir() -> PathBuf {
    root().join("target").join("bench-browser")
}

/// Entry point: `args` are what follows `cargo xtask bench`.
pub fn run(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("--browser") => browser(&args[1..]),
        Some("--size") => {
            let record = match args.get(1).map(String::as_str) {
                None => false,
                Some("--record") => true,
                Some(other) => {
                    return Err(format!("`--size` takes only `--record` (got `{other}`)"))
                }
            };
            sizes(record)
        }
        Some("--size-check") => size_check(),
        _ => Err("expected --browser, --size or --size-check".into()),
    }
}

/// Whether `args` ask for one of this module's commands.
pub fn wanted(args: &[String]) -> bool {
    matches!(
        args.first().map(String::as_str),
        Some("--browser" | "--size" | "--size-check")
    )
}

/// `trunk build --release --offline` of `bench/apps/<app>` into `dist`, served at `/<url>/`.
fn trunk_build(app: &str, dist: &Path, url: &str) -> Result<(), String> {
    let dir = root().join("bench").join("apps").join(app);
    println!("\n==> trunk build --release of bench/apps/{app}");
    // trunk reads the Trunk.toml of the folder it runs in.
    let status = Command::new("trunk")
        .args(["build", "--release", "--offline", "--dist"])
        .arg(dist)
        .args(["--public-url", url])
        .current_dir(&dir)
        .env("PATH", crate::tools::path())
        .status()
        .map_err(|e| format!("cannot run trunk (run `cargo xtask setup`): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk build of bench/apps/{app} failed: {status}"))
    }
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

/// Builds the site the harness serves: the driver and the four contenders.
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
    react_build(&site)?;
    Ok(site)
}

fn browser(harness_args: &[String]) -> Result<(), String> {
    crate::setup::run(crate::setup::Purpose::Test)?;
    let site = build_site()?;
    let mut table = vec![];
    for app in YEW_CONTENDERS {
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

/// Raw and gzip sizes of a built app's `.wasm` and `.js` files.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Sizes {
    wasm: u64,
    wasm_gzip: u64,
    js: u64,
    js_gzip: u64,
}

impl Sizes {
    fn total_gzip(&self) -> u64 {
        self.wasm_gzip + self.js_gzip
    }
}

/// `gzip -9 -n` of `file`, in bytes.
fn gzip_size(file: &Path) -> Result<u64, String> {
    let output = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    if !output.status.success() {
        return Err(format!("gzip {} failed: {}", file.display(), output.status));
    }
    Ok(output.stdout.len() as u64)
}

fn measure(dist: &Path) -> Result<Sizes, String> {
    let mut sizes = Sizes::default();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", dist.display()))?
            .path();
        let raw = std::fs::metadata(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .len();
        match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => {
                sizes.wasm += raw;
                sizes.wasm_gzip += gzip_size(&path)?;
            }
            Some("js") => {
                sizes.js += raw;
                sizes.js_gzip += gzip_size(&path)?;
            }
            _ => {}
        }
    }
    if sizes.wasm + sizes.js == 0 {
        return Err(format!("{} holds no .wasm or .js", dist.display()));
    }
    Ok(sizes)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

fn print_sizes(table: &[(String, Sizes)]) {
    println!(
        "| app | wasm | wasm gzip | js | js gzip | total gzip |\n|---|---:|---:|---:|---:|---:|"
    );
    for (name, s) in table {
        println!(
            "| {name} | {} | {} | {} | {} | {} |",
            kb(s.wasm),
            kb(s.wasm_gzip),
            kb(s.js),
            kb(s.js_gzip),
            kb(s.total_gzip())
        );
    }
}

fn baseline_path() -> PathBuf {
    root().join("bench").join("size-baseline.json")
}

/// The recorded total gzip bytes of the minimal app. The file is small and written by
/// `--size --record`; it is read without a JSON library (xtask uses std only).
fn recorded_baseline() -> Result<u64, String> {
    let path = baseline_path();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let field = "\"minimal_total_gzip\":";
    let at = text
        .find(field)
        .ok_or_else(|| format!("{} has no {field}", path.display()))?;
    let digits: String = text[at + field.len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .map_err(|e| format!("{}: {field} is not a number: {e}", path.display()))
}

fn record_baseline(minimal: &Sizes, counter: Option<&Sizes>) -> Result<(), String> {
    let counter_line = counter
        .map(|c| format!(",\n  \"counter_total_gzip\": {}", c.total_gzip()))
        .unwrap_or_default();
    let text = format!(
        "{{\n  \"comment\": \"Bytes of bench/apps/minimal built with trunk build --release (wasm-opt 132), .wasm + .js, gzip -9. Checked by cargo xtask test (fails above +5 %); rewrite with cargo xtask bench --size --record.\",\n  \"minimal_total_gzip\": {},\n  \"minimal_wasm_gzip\": {},\n  \"minimal_wasm\": {}{counter_line}\n}}\n",
        minimal.total_gzip(),
        minimal.wasm_gzip,
        minimal.wasm
    );
    let path = baseline_path();
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("recorded {}", path.display());
    Ok(())
}

/// Compares the minimal app with the recorded size; `Err` when it grew more than allowed.
fn check_against_baseline(minimal: &Sizes) -> Result<(), String> {
    let recorded = recorded_baseline()?;
    let now = minimal.total_gzip();
    let growth = now as f64 / recorded as f64 - 1.0;
    println!(
        "minimal app: {now} bytes gzip (.wasm + .js), recorded {recorded} ({:+.1} %, limit +{:.0} %)",
        growth * 100.0,
        SIZE_TOLERANCE * 100.0
    );
    if growth > SIZE_TOLERANCE {
        return Err(format!(
            "the minimal app grew {:.1} % over bench/size-baseline.json ({now} > {recorded} bytes gzip). \
             If that is intended, record the new size with `cargo xtask bench --size --record`",
            growth * 100.0
        ));
    }
    Ok(())
}

fn size_dist(app: &str) -> PathBuf {
    out_dir().join("size").join(app)
}

fn sizes(record: bool) -> Result<(), String> {
    crate::setup::run(crate::setup::Purpose::Test)?;
    let mut table = vec![];
    for app in SIZE_APPS {
        trunk_build(app, &size_dist(app), "/")?;
        table.push((app.to_string(), measure(&size_dist(app))?));
    }
    println!("\nbundle sizes (trunk build --release, wasm-opt 132; gzip -9):");
    print_sizes(&table);
    let find = |name: &str| table.iter().find(|(n, _)| n == name).map(|(_, s)| *s);
    let (Some(minimal), Some(counter)) = (find("minimal"), find("counter")) else {
        return Err("the minimal or counter app was not measured".into());
    };
    println!(
        "\nminimal app - bare counter: {:+.1} KB gzip",
        (minimal.total_gzip() as f64 - counter.total_gzip() as f64) / 1024.0
    );
    if record {
        record_baseline(&minimal, Some(&counter))
    } else {
        check_against_baseline(&minimal)
    }
}

fn size_check() -> Result<(), String> {
    trunk_build("minimal", &size_dist("minimal"), "/")?;
    let minimal = measure(&size_dist("minimal"))?;
    check_against_baseline(&minimal)
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
