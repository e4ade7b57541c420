//! `cargo xtask`: the project's commands (see the README).
//!
//! - `cargo xtask setup [--gallery]`: install what is missing into the tool cache
//!   (`~/.cache/yew-optimistic/tools`): everything the tests need, or with `--gallery`
//!   only what serving the gallery needs.
//! - `cargo xtask gallery [--port N] [--db FILE] [--release]`: set up for serving, build
//!   the gallery, and serve it with the reference server (one process, one port);
//!   `--dev [ARGS]`: `trunk serve --offline [ARGS]` with the server behind its proxy.
//! - `cargo xtask test`: set up, then every check CI runs, in order, failing fast.
//! - `cargo xtask bench [ARGS]`: `cargo bench -p optimistic-query [ARGS]`.
//! - `cargo xtask bench --browser`: the browser benchmarks ([`bench_browser`]).
//! - `cargo xtask bench --size [--record --reason WHY] [--twiggy [N]] [--only ROWS]` and
//!   `--size-check`: the bundle sizes and their guard ([`size`]).
//! - `cargo xtask bench --record-cost [CALLS]`: the heap a settled mutation holds,
//!   natively and in wasm32 ([`record_cost`]).
//! - `cargo xtask readme`: check that the README shows the quickstart app as it is.
//! - `cargo xtask env`: the `PATH` line that puts the cached tools first, for a shell.
//!
//! Only std is used so that this builds in seconds.

mod bench_browser;
mod doc_paths;
mod readme;
mod record_cost;
mod setup;
mod size;
mod tools;
mod util;

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use setup::{duration, Purpose};
use util::{cargo, fail, root, Cmd};

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  setup [--gallery]  install what is missing into ~/.cache/yew-optimistic/tools (or
                     $XDG_CACHE_HOME/...): wasm32 target, wasm-bindgen-cli (version from
                     Cargo.lock), trunk 0.21.14, binaryen 132 (npm); and, unless --gallery,
                     rustfmt + clippy, wasm-pack 0.15.1, twiggy 0.8.0, Chromium +
                     chromedriver
  gallery [--port N] [--db FILE] [--release]
                     setup --gallery, `trunk build` into dist/, then the reference server
                     with `--static-dir dist --faults` on one port (http://127.0.0.1:8080):
                     the gallery on its HTTP backend
  gallery --dev [ARGS]
                     the reference server on port 3000 and `trunk serve --offline [ARGS]`
                     (Trunk.toml proxies /api and /_faults to it), rebuilding on change
  ssr [ARGS]         setup --gallery, `trunk build --release` of examples/ssr's client, then
                     the server-rendering example (http://127.0.0.1:3001; ARGS go to it:
                     --port N, --db FILE, --faults)
  test               setup, then fmt, README check, clippy (native, wasm32, every feature
                     combination), native tests, docs, browser tests, gallery and quickstart
                     release builds, end-to-end tests, the README's commands as a
                     newcomer runs them, packaging; stops at the first failure
  bench [ARGS]       cargo bench -p optimistic-query [ARGS]
  bench --size [--record --reason WHY] [--twiggy [N]] [--only ROW,...]
                     bundle sizes of bench/apps (counter, minimal-plain, minimal,
                     components, the minimal app with each opt-in part) against
                     bench/size-baseline.json (+1 % at most); --record writes them with
                     the reason; --twiggy prints twiggy's top N of minimal and components
  bench --browser    the browser benchmarks (bench/README.md)
  bench --record-cost [CALLS]
                     the heap a settled mutation holds (the engine alone), natively and
                     in wasm32 run in Node (bench/record-cost)
  readme             check that README.md shows examples/quickstart line for line
  doc-paths          check that rustdoc examples use yew_optimistic:: paths, not optimistic_query::
  env                print `export PATH=...` with the cached tools first
                     (use: eval \"$(cargo xtask env)\")
  help               this message";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let outcome = match command.as_str() {
        "setup" => setup_command(&rest),
        "gallery" => gallery(&rest),
        "ssr" => ssr(&rest),
        "test" => test(&rest),
        "bench" if bench_browser::wanted(&rest) => bench_browser::run(&rest),
        "bench" => bench(&rest),
        "readme" => readme::check(&root())
            .map(|()| println!("README.md shows examples/quickstart as it is")),
        "doc-paths" => doc_paths::check(&root())
            .map(|()| println!("rustdoc examples use the paths of a yew-optimistic app")),
        "env" => {
            print_env();
            Ok(())
        }
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        "" => Err(format!("no command given\n\n{USAGE}")),
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask setup [--gallery]`.
fn setup_command(args: &[String]) -> Result<(), String> {
    let purpose = match args {
        [] => Purpose::Test,
        [flag] if flag == "--gallery" => Purpose::Serve,
        _ => {
            return Err(format!(
                "`cargo xtask setup` takes only `--gallery` (got `{}`)",
                args.join(" ")
            ))
        }
    };
    setup::run(purpose).map(|_| ())
}

/// `cargo xtask env`: a line for `eval` that puts the cache's `bin` folders first.
fn print_env() {
    let dirs: Vec<String> = tools::all()
        .iter()
        .map(|tool| tool.bin().display().to_string())
        .collect();
    println!("export PATH=\"{}:$PATH\"", dirs.join(":"));
}

/// What `cargo xtask gallery` was asked for.
#[derive(Debug, PartialEq, Eq)]
struct GalleryArgs {
    /// The port the demo answers on.
    port: u16,
    /// `trunk serve` (its proxy to a server on 3000) instead of one server process.
    dev: bool,
    /// A release build (smaller, slower to build).
    release: bool,
    /// The server's database file.
    db: Option<String>,
    /// `--dev`: arguments passed on to `trunk serve`.
    trunk: Vec<String>,
}

/// The port of the development server Trunk.toml's proxy points at.
const DEV_SERVER_PORT: u16 = 3000;

fn gallery_args(args: &[String]) -> Result<GalleryArgs, String> {
    let mut out = GalleryArgs {
        port: 8080,
        dev: false,
        release: false,
        db: None,
        trunk: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--dev" => out.dev = true,
            "--release" => out.release = true,
            "--port" => {
                let value = it.next().ok_or("`--port` needs a number")?;
                out.port = value
                    .parse()
                    .map_err(|_| format!("`--port {value}`: not a port number"))?;
            }
            "--db" => out.db = Some(it.next().ok_or("`--db` needs a file")?.clone()),
            other if out.dev => out.trunk.push(other.to_owned()),
            other => {
                return Err(format!(
                    "`cargo xtask gallery` takes `--port N`, `--db FILE`, `--release` and \
                     `--dev [trunk serve args]` (got `{other}`)"
                ))
            }
        }
    }
    Ok(out)
}

/// `cargo xtask gallery`: set up what serving needs, build the gallery into `dist/`, and
/// serve it with the reference server (`--static-dir dist --faults`): one process, one
/// port, the page on the HTTP backend. `--dev`: `trunk serve` (rebuilds on change) with
/// the reference server beside it on port 3000, behind trunk's proxy.
fn gallery(args: &[String]) -> Result<(), String> {
    let args = gallery_args(args)?;
    setup::run(Purpose::Serve)?;
    if args.dev {
        return gallery_dev(&args);
    }
    let mut build = Cmd::new("trunk").args(["build", "--offline"]);
    if args.release {
        build = build.args(["--release"]);
    }
    println!("\n==> {}", build.display());
    build.run()?;
    let db = args.db.clone().unwrap_or_else(|| {
        root()
            .join("target")
            .join("gallery.sqlite3")
            .display()
            .to_string()
    });
    let port = args.port.to_string();
    let serve = Cmd::new(cargo()).args([
        "run",
        "-p",
        "server",
        "--bin",
        "server",
        "--release",
        "--",
        "--port",
        &port,
        "--db",
        &db,
        "--static-dir",
        "dist",
        "--faults",
    ]);
    println!("\n==> {}", serve.display());
    println!(
        "    the gallery on the reference server: http://127.0.0.1:{port}/ \
         (?backend=sim for the in-page simulation); data in {db}; Ctrl-C stops it"
    );
    // This process becomes the server: Ctrl-C, or SIGTERM to the id of the process that
    // ran `cargo xtask gallery`, stops the server itself, cleanly, and nothing is left.
    serve.exec()
}

/// `cargo xtask ssr`: set up what building the client needs, build the server-rendering
/// example's hydrating client into examples/ssr/dist, and run its server (which renders
/// the page, serves the client and runs the reference server inside).
fn ssr(args: &[String]) -> Result<(), String> {
    setup::run(Purpose::Serve)?;
    let build = Cmd::new("trunk")
        .args(["build", "--release", "--offline"])
        .dir(SSR_EXAMPLE);
    println!("\n==> {}", build.display());
    build.run()?;
    let dist = root().join(SSR_EXAMPLE).join("dist").display().to_string();
    let serve = Cmd::new(cargo())
        .args([
            "run",
            "-p",
            "ssr-example",
            "--release",
            "--",
            "--dist",
            &dist,
        ])
        .args(args);
    println!("\n==> {}", serve.display());
    // This process becomes the server: Ctrl-C stops it.
    serve.exec()
}

/// `cargo xtask gallery --dev`: the server on port 3000 in the background, `trunk serve`
/// in front (Trunk.toml proxies `/api` and `/_faults` to it); both stop together.
fn gallery_dev(args: &GalleryArgs) -> Result<(), String> {
    let port = DEV_SERVER_PORT.to_string();
    let mut server_args = vec![
        "run", "-p", "server", "--bin", "server", "--", "--port", &port, "--faults",
    ];
    if let Some(db) = &args.db {
        server_args.extend(["--db", db.as_str()]);
    }
    let server = Cmd::new(cargo()).args(server_args);
    println!("\n==> {} (in the background)", server.display());
    let mut child = server.spawn()?;
    let trunk = Cmd::new("trunk")
        .args(["serve", "--offline", "--port", &args.port.to_string()])
        .args(&args.trunk);
    println!("\n==> {}", trunk.display());
    let served = trunk.run();
    // Ctrl-C reached the server too (same process group); this covers trunk failing.
    let _ = child.kill();
    let _ = child.wait();
    served
}

/// `cargo xtask bench`: the engine's benchmarks.
fn bench(args: &[String]) -> Result<(), String> {
    Cmd::new(cargo())
        .args(["bench", "-p", "optimistic-query"])
        .args(args)
        .run()
}

/// What one step of `cargo xtask test` does.
enum Action {
    /// Run these commands in order.
    Run(Vec<Cmd>),
    /// Check something in-process.
    Check(fn() -> Result<(), String>),
}

/// One step of `cargo xtask test`.
struct Step {
    name: String,
    action: Action,
}

impl Step {
    fn run(name: impl Into<String>, cmds: Vec<Cmd>) -> Step {
        Step {
            name: name.into(),
            action: Action::Run(cmds),
        }
    }

    fn one(name: impl Into<String>, cmd: Cmd) -> Step {
        Step::run(name, vec![cmd])
    }
}

/// The optional features of yew-optimistic; the test lints every combination.
const FEATURES: [&str; 3] = ["components", "devtools", "http"];

/// Every combination of [`FEATURES`] but the full one (the default, which the workspace
/// steps lint), smallest first: `""`, `"components"`, ..., `"devtools,http"`.
fn feature_combinations() -> Vec<String> {
    let all = (1u32 << FEATURES.len()) - 1;
    let mut combos: Vec<u32> = (0..all).collect();
    combos.sort_by_key(|mask| (mask.count_ones(), *mask));
    combos
        .into_iter()
        .map(|mask| {
            FEATURES
                .iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, name)| *name)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

/// `cargo clippy` of yew-optimistic with exactly `features`, for `target` (None: native).
fn clippy_features(features: &str, target: Option<&str>) -> Cmd {
    let mut cmd =
        Cmd::new(cargo()).args(["clippy", "-p", "yew-optimistic", "--no-default-features"]);
    if !features.is_empty() {
        cmd = cmd.args(["--features", features]);
    }
    if let Some(target) = target {
        cmd = cmd.args(["--target", target]);
    }
    cmd.args(["--all-targets", "--", "-D", "warnings"])
}

/// `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
fn test(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{arg}`)"
        ));
    }
    let started = Instant::now();
    let report = setup::run(Purpose::Test)?;
    let setup_time = started.elapsed();
    let browser = report
        .browser
        .ok_or("setup found no browser for the tests")?;

    let root = root();
    let quickstart_manifest = format!("{}/Cargo.toml", readme::QUICKSTART);
    // The quickstart is its own workspace; building it into the shared target dir reuses
    // the artifacts of the workspace's own crates.
    let shared_target: OsString = root.join("target").into();
    let wasm = Some(tools::WASM_TARGET);
    let combos = feature_combinations();
    // Chromium leaves a whole profile in the temporary folder whenever it is stopped
    // without its own clean-up (about 77 MB each; hundreds had piled up in /tmp on a
    // machine whose disk CI shares). The browser steps get a temporary folder of their
    // own, emptied at the start and at the end of the run.
    let browser_tmp = root.join("target").join("tmp").join("browsers");
    let _ = std::fs::remove_dir_all(&browser_tmp);
    std::fs::create_dir_all(&browser_tmp)
        .map_err(|e| format!("cannot create {}: {e}", browser_tmp.display()))?;
    let mut feature_lints: Vec<Cmd> = combos.iter().map(|f| clippy_features(f, None)).collect();
    feature_lints.extend(combos.iter().map(|f| clippy_features(f, wasm)));

    let steps = vec![
        Step::run(
            "format",
            vec![
                Cmd::new(cargo()).args(["fmt", "--all", "--check"]),
                Cmd::new(cargo()).args(["fmt", "--check", "--manifest-path", &quickstart_manifest]),
            ],
        ),
        Step {
            name: "README shows the quickstart app line for line".into(),
            action: Action::Check(|| readme::check(&util::root())),
        },
        Step {
            name: "rustdoc examples use yew-optimistic's paths (no `optimistic_query::`)".into(),
            action: Action::Check(|| doc_paths::check(&util::root())),
        },
        Step::one(
            "clippy (native, whole workspace)",
            Cmd::new(cargo()).args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        Step::one(
            "clippy (wasm32: yew-optimistic, gallery, the SSR example's client)",
            Cmd::new(cargo()).args([
                "clippy",
                "--target",
                tools::WASM_TARGET,
                "-p",
                "yew-optimistic",
                "-p",
                "gallery",
                "-p",
                "ssr-example",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        Step::run(
            format!(
                "clippy of yew-optimistic's other feature combinations ({} native + {} wasm32)",
                combos.len(),
                combos.len()
            ),
            feature_lints,
        ),
        Step::one(
            "native tests (unit, property, doc)",
            Cmd::new(cargo()).args(["test", "--workspace", "--exclude", "e2e"]),
        ),
        Step::run(
            "Postgres (throwaway clusters): axum-idempotency's Postgres store (claims across \
             connections, crash before the commit, lease takeover, 20 at once); two server \
             processes on one database (same key at both, one killed mid-write)",
            vec![
                Cmd::new(cargo()).args([
                    "clippy",
                    "-p",
                    "axum-idempotency",
                    "--all-features",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ]),
                Cmd::new(cargo())
                    .args([
                        "test",
                        "-p",
                        "axum-idempotency",
                        "--features",
                        "postgres",
                        "--test",
                        "postgres",
                    ])
                    .env("E2E_REQUIRED", "1"),
                // Also run, skippable, by the native tests step; here it must run.
                Cmd::new(cargo())
                    .args(["test", "-p", "server", "--test", "postgres"])
                    .env("E2E_REQUIRED", "1"),
            ],
        ),
        Step::one(
            "docs (rustdoc, warnings are errors: no broken intra-doc links)",
            Cmd::new(cargo())
                .args(["doc", "--workspace", "--no-deps", "--exclude", "e2e"])
                .env("RUSTDOCFLAGS", "-D warnings"),
        ),
        Step::one(
            "browser tests (headless Chromium)",
            Cmd::new("wasm-pack")
                .args(["test", "--headless", "--chrome", "components"])
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("TMPDIR", &browser_tmp),
        ),
        Step::one(
            "gallery release build (trunk)",
            Cmd::new("trunk").args(["build", "--release", "--offline"]),
        ),
        Step::run(
            "quickstart app: clippy (wasm32) and release build (trunk)",
            vec![
                Cmd::new(cargo())
                    .args([
                        "clippy",
                        "--manifest-path",
                        &quickstart_manifest,
                        "--target",
                        tools::WASM_TARGET,
                        "--",
                        "-D",
                        "warnings",
                    ])
                    .env("CARGO_TARGET_DIR", &shared_target),
                Cmd::new("trunk")
                    .args(["build", "--release", "--offline"])
                    .dir(readme::QUICKSTART)
                    .env("CARGO_TARGET_DIR", &shared_target),
            ],
        ),
        Step::one(
            "server-rendering example: release build of its hydrating client (trunk)",
            Cmd::new("trunk")
                .args(["build", "--release", "--offline"])
                .dir(SSR_EXAMPLE),
        ),
        Step::one(
            "bundle sizes: minimal, components, the minimal app with every opt-in part \
             (bench/size-baseline.json, +1 % at most); no opt-in part in the minimal app",
            Cmd::new(cargo()).args(["xtask", "bench", "--size-check"]),
        ),
        Step::run(
            "end-to-end tests (built gallery and SSR example in headless Chromium; the reference server)",
            vec![
                // The server binary the tests start (built already by the native tests;
                // named, so that an older release build lying in target/ is not used).
                Cmd::new(cargo()).args(["build", "-p", "server", "-p", "ssr-example"]),
                Cmd::new(cargo())
                    .args(["test", "-p", "e2e"])
                    .env("E2E_REQUIRED", "1")
                    .env("E2E_DIST", root.join("dist"))
                    .env(
                        "E2E_SERVER",
                        root.join("target").join("debug").join("server"),
                    )
                    .env(
                        "E2E_SSR",
                        root.join("target").join("debug").join("ssr-example"),
                    )
                    .env("E2E_SSR_DIST", root.join(SSR_EXAMPLE).join("dist"))
                    .env("CHROMIUM", &browser.chrome)
                    .env("CHROMEDRIVER", &browser.chromedriver)
                    .env("TMPDIR", &browser_tmp),
            ],
        ),
        Step::one(
            "README commands, run as a newcomer runs them (cargo xtask gallery, cargo run -p \
             server, cargo xtask gallery --dev, the quickstart's trunk serve)",
            Cmd::new(cargo())
                .args([
                    "test",
                    "-p",
                    "e2e",
                    "--test",
                    "readme_commands",
                    "--",
                    "--ignored",
                    "--test-threads",
                    "1",
                ])
                .env("E2E_REQUIRED", "1")
                .env("CHROMIUM", &browser.chrome)
                .env("CHROMEDRIVER", &browser.chromedriver)
                .env("TMPDIR", &browser_tmp),
        ),
        Step {
            name: "package the library crates (cargo package, verified together)".into(),
            action: Action::Check(package),
        },
    ];

    // The README step's tests append each command they proved here.
    let proved_list = root.join("target").join("e2e").join("readme-commands.txt");
    let _ = std::fs::remove_file(&proved_list);

    let total = steps.len();
    let mut timings: Vec<(String, Duration)> = vec![("setup".into(), setup_time)];
    for (index, step) in steps.into_iter().enumerate() {
        let number = index + 1;
        println!("\n==> [{number}/{total}] {}", step.name);
        let step_started = Instant::now();
        let result = match &step.action {
            Action::Run(cmds) => cmds.iter().try_for_each(|cmd| {
                println!("    $ {}", cmd.display());
                cmd.run()
            }),
            Action::Check(check) => check(),
        };
        let took = step_started.elapsed();
        match result {
            Ok(()) => {
                println!(
                    "<== [{number}/{total}] {}: ok in {}",
                    step.name,
                    duration(took)
                );
                timings.push((step.name, took));
            }
            Err(error) => {
                print_timings(&timings);
                return fail(format!(
                    "step {number}/{total} `{}` failed after {}: {error}",
                    step.name,
                    duration(took)
                ));
            }
        }
    }
    print_timings(&timings);
    print_proved(&proved_list);
    let _ = std::fs::remove_dir_all(&browser_tmp);
    println!(
        "\nxtask test: all {total} steps passed in {}",
        duration(started.elapsed())
    );
    Ok(())
}

/// The server-rendering example (a workspace member; trunk builds its client here).
const SSR_EXAMPLE: &str = "examples/ssr";

/// `cargo package` of the three library crates, yew-optimistic verified against the
/// other two as packaged. Cargo unpacks the packaged crates into
/// `$CARGO_HOME/registry/src/<temporary registry>/` and never unpacks the same name and version again, and it never rebuilds a
/// registry crate it built once: a copy or a build left by an earlier run (of older code)
/// would be used instead of this one (seen here: the verification of yew-optimistic failed
/// on an engine without the API it now uses). All go first.
fn package() -> Result<(), String> {
    for stale in stale_unpacked_crates(
        &cargo_home(),
        &["optimistic-query-", "optimistic-wire-", "yew-optimistic-"],
    ) {
        std::fs::remove_dir_all(&stale)
            .map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
    }
    // Cargo takes a registry crate's build for immutable: one built by an earlier run's
    // verification (of older engine code, under the same name and version) would be
    // linked again, so the engine's and wire's builds go too (rebuilt in under a minute).
    let clean =
        Cmd::new(cargo()).args(["clean", "-p", "optimistic-query", "-p", "optimistic-wire"]);
    println!("    $ {}", clean.display());
    clean.run()?;
    let cmd = Cmd::new(cargo()).args([
        "package",
        "-p",
        "optimistic-query",
        "-p",
        "optimistic-wire",
        "-p",
        "yew-optimistic",
        "-p",
        "axum-idempotency",
        "--allow-dirty",
    ]);
    println!("    $ {}", cmd.display());
    cmd.run()
}

/// `$CARGO_HOME`, or `~/.cargo`.
fn cargo_home() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(Into::into)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| ".cargo".into())
}

/// The unpacked copies of our own crates under `<cargo home>/registry/src/*/`.
fn stale_unpacked_crates(
    cargo_home: &std::path::Path,
    prefixes: &[&str],
) -> Vec<std::path::PathBuf> {
    let Ok(registries) = std::fs::read_dir(cargo_home.join("registry").join("src")) else {
        return Vec::new();
    };
    registries
        .flatten()
        .filter_map(|registry| std::fs::read_dir(registry.path()).ok())
        .flat_map(|crates| crates.flatten())
        .filter(|c| {
            let name = c.file_name();
            let name = name.to_string_lossy();
            prefixes.iter().any(|p| name.starts_with(p))
        })
        .map(|c| c.path())
        .collect()
}

/// The README's commands this run started and checked, as the README step wrote them down.
fn print_proved(list: &std::path::Path) {
    let proved = std::fs::read_to_string(list).unwrap_or_default();
    println!("\nREADME commands proved in this run (started, checked, stopped cleanly):");
    for command in proved.lines() {
        println!("  {command}");
    }
    println!("  cargo xtask test (this command; .ci/run calls it)");
}

fn print_timings(timings: &[(String, Duration)]) {
    println!("\nsteps that passed:");
    for (name, took) in timings {
        println!("  {:>8}  {name}", duration(*took));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_our_unpacked_crates_in_any_registry_and_nothing_else() {
        let home = std::env::temp_dir().join(format!("xtask-cargo-home-{}", std::process::id()));
        let tmp_registry = home.join("registry/src/-14cd1cce6819ff87");
        let crates_io = home.join("registry/src/index.crates.io-1949cf8c6b5b557f");
        for dir in [
            tmp_registry.join("optimistic-query-0.1.0"),
            tmp_registry.join("yew-optimistic-0.1.0"),
            crates_io.join("serde-1.0.229"),
        ] {
            std::fs::create_dir_all(dir).unwrap();
        }
        let mut found =
            super::stale_unpacked_crates(&home, &["optimistic-query-", "yew-optimistic-"]);
        found.sort();
        let _ = std::fs::remove_dir_all(&home);
        assert_eq!(
            found,
            vec![
                tmp_registry.join("optimistic-query-0.1.0"),
                tmp_registry.join("yew-optimistic-0.1.0")
            ]
        );
    }

    #[test]
    fn gallery_arguments() {
        let args = |a: &[&str]| gallery_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            args(&["--port", "9000", "--release"]).map(|a| (a.port, a.release, a.dev)),
            Ok((9000, true, false))
        );
        assert_eq!(
            args(&["--dev", "--open"]).map(|a| (a.dev, a.trunk)),
            Ok((true, vec!["--open".to_string()]))
        );
        assert!(args(&["--open"]).is_err(), "trunk's flags only with --dev");
        assert!(args(&["--port", "x"]).is_err());
    }

    #[test]
    fn lints_every_feature_combination_but_the_default() {
        assert_eq!(
            feature_combinations(),
            vec![
                "",
                "components",
                "devtools",
                "http",
                "components,devtools",
                "components,http",
                "devtools,http",
            ]
        );
    }
}
