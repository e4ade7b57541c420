//! `cargo xtask`: the project's commands (see the README).
//!
//! - `cargo xtask setup`: install what is missing (wasm target, wasm-bindgen-cli at the
//!   version in Cargo.lock, trunk, wasm-pack, Chromium + chromedriver, wasm-opt from npm).
//! - `cargo xtask gallery [ARGS]`: set up, then `trunk serve --offline [ARGS]`.
//! - `cargo xtask test`: set up, then every check CI runs, in order, failing fast.
//! - `cargo xtask bench [ARGS]`: `cargo bench -p optimistic-query [ARGS]`.
//! - `cargo xtask bench --browser | --size | --size-check`: the browser benchmarks
//!   ([`bench_browser`]).
//!
//! Only std is used so that this builds in seconds.

mod bench_browser;
mod setup;
mod util;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use util::{cargo, fail, path_with_tools, root, Cmd};

const USAGE: &str = "\
usage: cargo xtask <command> [args]

commands:
  setup            install what is missing: wasm32 target, wasm-bindgen-cli (version from
                   Cargo.lock), trunk 0.21.14, wasm-pack, chromium + chromedriver (apt),
                   binaryen 132 (npm, into tools/)
  gallery [ARGS]   setup, then `trunk serve --offline [ARGS]` (the gallery, at http://127.0.0.1:8080)
  test             setup, then fmt, clippy (native + wasm32), native tests, browser tests,
                   release gallery build, end-to-end tests; stops at the first failure
  bench [ARGS]     cargo bench -p optimistic-query [ARGS]
  bench --browser [ARGS]  build bench/'s four contenders, run them interleaved in headless
                   Chromium (bench-harness ARGS: --rounds N --reps N --memory ...)
  bench --size [--record]  bundle sizes of bench/apps/{counter,minimal,components};
                   check (or record) bench/size-baseline.json
  help             this message";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let outcome = match command.as_str() {
        "setup" => setup::run().map(|_| ()),
        "gallery" => gallery(&rest),
        "test" => test(&rest),
        "bench" if bench_browser::wanted(&rest) => bench_browser::run(&rest),
        "bench" => bench(&rest),
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

/// `cargo xtask gallery`: set up, then serve the gallery with trunk.
fn gallery(args: &[String]) -> Result<(), String> {
    setup::run()?;
    println!("\n==> trunk serve --offline {}", args.join(" "));
    Cmd::new("trunk")
        .args(["serve", "--offline"])
        .args(args)
        .env("PATH", path_with_tools())
        .run()
}

/// `cargo xtask bench`: the engine's benchmarks.
fn bench(args: &[String]) -> Result<(), String> {
    Cmd::new(cargo())
        .args(["bench", "-p", "optimistic-query"])
        .args(args)
        .run()
}

/// One step of `cargo xtask test`.
struct Step {
    name: &'static str,
    cmd: Cmd,
}

/// `cargo xtask test`: everything CI checks, in order, stopping at the first failure.
fn test(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{arg}`)"
        ));
    }
    let started = Instant::now();
    setup::run()?;
    let setup_time = started.elapsed();

    let root = root();
    let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| {
        if std::path::Path::new("/usr/bin/chromedriver").is_file() {
            "/usr/bin/chromedriver".into()
        } else {
            "chromedriver".into()
        }
    });
    let steps = vec![
        Step {
            name: "format",
            cmd: Cmd::new(cargo()).args(["fmt", "--all", "--check"]),
        },
        Step {
            name: "clippy (native, whole workspace)",
            cmd: Cmd::new(cargo()).args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Step {
            name: "clippy (wasm32: yew-optimistic, gallery)",
            cmd: Cmd::new(cargo()).args([
                "clippy",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "yew-optimistic",
                "-p",
                "gallery",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        },
        Step {
            name: "native tests (unit, property, doc)",
            cmd: Cmd::new(cargo()).args(["test", "--workspace", "--exclude", "e2e"]),
        },
        Step {
            name: "browser tests (headless Chromium)",
            cmd: Cmd::new("wasm-pack")
                .args(["test", "--headless", "--chrome", "components"])
                .env("CHROMEDRIVER", &chromedriver),
        },
        Step {
            name: "gallery release build (trunk)",
            cmd: Cmd::new("trunk")
                .args(["build", "--release", "--offline"])
                .env("PATH", path_with_tools()),
        },
        Step {
            name: "bundle size of the minimal app (bench/size-baseline.json, +5 % at most)",
            cmd: Cmd::new(cargo()).args(["xtask", "bench", "--size-check"]),
        },
        Step {
            name: "end-to-end tests (built gallery in headless Chromium)",
            cmd: Cmd::new(cargo())
                .args(["test", "-p", "e2e"])
                .env("E2E_REQUIRED", "1")
                .env("E2E_DIST", root.join("dist"))
                .env("CHROMEDRIVER", &chromedriver),
        },
    ];

    let total = steps.len();
    let mut timings: Vec<(&str, Duration)> = vec![("setup", setup_time)];
    for (index, step) in steps.into_iter().enumerate() {
        let number = index + 1;
        println!(
            "\n==> [{number}/{total}] {}\n    $ {}",
            step.name,
            step.cmd.display()
        );
        let step_started = Instant::now();
        let result = step.cmd.run();
        let took = step_started.elapsed();
        match result {
            Ok(()) => {
                println!(
                    "<== [{number}/{total}] {}: ok in {}",
                    step.name,
                    seconds(took)
                );
                timings.push((step.name, took));
            }
            Err(error) => {
                print_timings(&timings);
                return fail(format!(
                    "step {number}/{total} `{}` failed after {}: {error}",
                    step.name,
                    seconds(took)
                ));
            }
        }
    }
    print_timings(&timings);
    println!(
        "\nxtask test: all {total} steps passed in {}",
        seconds(started.elapsed())
    );
    Ok(())
}

fn print_timings(timings: &[(&str, Duration)]) {
    println!("\nsteps that passed:");
    for (name, took) in timings {
        println!("  {:>8}  {name}", seconds(*took));
    }
}

fn seconds(duration: Duration) -> String {
    format!("{:.1}s", duration.as_secs_f64())
}
