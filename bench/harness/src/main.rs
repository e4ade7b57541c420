//! The browser benchmarks' harness (`cargo xtask bench --browser` builds the contenders,
//! then runs this): serves the built site, opens headless Chromium through chromedriver,
//! and visits the contenders' pages in turn, round after round, each visit running every
//! scenario (`benchDriver.round` in `bench/driver/driver.js`). The order of the
//! contenders rotates every round, so that a slow spell of the machine hits all of them.
//! Then, optionally, one memory run per contender. Prints median and p95 tables and
//! writes the raw samples next to them.
//!
//! ```text
//! bench-harness --site target/bench-browser/site [--rounds 10] [--reps 3] [--latency 30]
//!               [--contenders a,b] [--only list,overlap,list10k,board,board2k,likes] [--memory]
//!               [--mutations 10000] [--cycles 1000] [--no-timing] [--out DIR]
//!               [--profile SCENARIO [--top N]]
//! ```
//!
//! `--profile SCENARIO` (toggle-1k, toggle-10k, rename-10k, refetch-changed-10k,
//! overlap-100, like-burst-20, kanban-move-500, kanban-move-2k) records a CPU profile
//! (DevTools protocol) of `--reps` measured clicks per contender instead of timing,
//! prints the functions with the most self time, and writes
//! `<out>/<contender>-<scenario>.cpuprofile` (open it in Chromium's DevTools).

mod cdp;
mod report;
mod stats;

use fantoccini::wd::TimeoutConfiguration;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The contenders, by the folder their page is served from.
pub const CONTENDERS: [&str; 6] = [
    "yew-optimistic",
    "yew-collections",
    "yew-windowed",
    "plain-yew",
    "use-async",
    "tanstack-react",
];

/// Extra Chromium flags for measuring: `gc()` for the memory runs, unrounded
/// `performance.memory`, and no throttling of timers or frames.
const MEASURING_FLAGS: &[&str] = &[
    "--js-flags=--expose-gc",
    "--enable-precise-memory-info",
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
    "--disable-frame-rate-limit",
    "--disable-gpu-vsync",
];

/// `BENCH_VERBOSE=1` prints how long each scenario family took on each visit.
fn verbose() -> bool {
    std::env::var_os("BENCH_VERBOSE").is_some_and(|v| v == "1")
}

struct Options {
    site: PathBuf,
    out: PathBuf,
    rounds: usize,
    reps: usize,
    latency: u32,
    contenders: Vec<String>,
    only: Option<Vec<String>>,
    timing: bool,
    memory: bool,
    profile: Option<String>,
    top: usize,
    mutations: u32,
    cycles: u32,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        site: PathBuf::from("target/bench-browser/site"),
        out: PathBuf::from("target/bench-browser"),
        rounds: 10,
        reps: 3,
        latency: 30,
        contenders: CONTENDERS.iter().map(|s| s.to_string()).collect(),
        only: None,
        timing: true,
        memory: false,
        profile: None,
        top: 30,
        mutations: 10_000,
        cycles: 1_000,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let number = |text: String, name: &str| {
            text.parse::<u32>()
                .map_err(|e| format!("{name}: `{text}`: {e}"))
        };
        match arg.as_str() {
            "--site" => o.site = value("--site")?.into(),
            "--out" => o.out = value("--out")?.into(),
            "--rounds" => o.rounds = number(value("--rounds")?, "--rounds")? as usize,
            "--reps" => o.reps = number(value("--reps")?, "--reps")? as usize,
            "--latency" => o.latency = number(value("--latency")?, "--latency")?,
            "--mutations" => o.mutations = number(value("--mutations")?, "--mutations")?,
            "--cycles" => o.cycles = number(value("--cycles")?, "--cycles")?,
            "--contenders" => {
                o.contenders = value("--contenders")?
                    .split(',')
                    .map(str::to_string)
                    .collect()
            }
            "--only" => o.only = Some(value("--only")?.split(',').map(str::to_string).collect()),
            "--memory" => o.memory = true,
            "--profile" => o.profile = Some(value("--profile")?),
            "--top" => o.top = number(value("--top")?, "--top")? as usize,
            "--no-timing" => o.timing = false,
            "-h" | "--help" => {
                println!("see the header of bench/harness/src/main.rs, or bench/README.md");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if o.rounds == 0 || o.reps == 0 {
        return Err("--rounds and --reps must be at least 1".into());
    }
    Ok(o)
}

struct Browser {
    client: fantoccini::Client,
    _server: e2e::StaticServer,
    _driver: e2e::ChromeDriver,
    _profile: e2e::ProfileDir,
    base: String,
    version: String,
}

async fn open_browser(site: PathBuf) -> Result<Browser, String> {
    let chromium = e2e::chromium_binary().ok_or("Chromium not found (set CHROMIUM)")?;
    let chromedriver =
        e2e::chromedriver_binary().ok_or("chromedriver not found (set CHROMEDRIVER)")?;
    let server = e2e::StaticServer::start(site.clone())
        .map_err(|e| format!("cannot serve {}: {e}", site.display()))?;
    let driver = e2e::ChromeDriver::start(&chromedriver)?;
    let profile = e2e::ProfileDir::create().map_err(|e| format!("cannot create profile: {e}"))?;
    let mut args: Vec<String> = e2e::CHROMIUM_FLAGS
        .iter()
        .chain(MEASURING_FLAGS)
        .map(|s| s.to_string())
        .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let capabilities = json!({
        "goog:chromeOptions": { "binary": chromium.display().to_string(), "args": args }
    });
    let Value::Object(capabilities) = capabilities else {
        return Err("capabilities must be a JSON object".into());
    };
    let client =
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .map_err(|e| format!("cannot open a WebDriver session: {e}"))?;
    client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(900)),
            Some(Duration::from_secs(60)),
            Some(Duration::ZERO),
        ))
        .await
        .map_err(|e| format!("cannot set timeouts: {e}"))?;
    let version = client
        .capabilities()
        .and_then(|c| c.get("browserVersion"))
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    Ok(Browser {
        base: server.url("/"),
        client,
        _server: server,
        _driver: driver,
        _profile: profile,
        version,
    })
}

impl Browser {
    /// Loads `contender`'s page and waits for its `benchApp`.
    async fn visit(&self, contender: &str) -> Result<(), String> {
        let url = format!("{}{contender}/index.html", self.base);
        self.client
            .goto(&url)
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        let ready = self
            .run(
                "const started = performance.now();
                 (function wait() {
                   if (window.benchApp && window.benchDriver) return done(true);
                   if (performance.now() - started > 30000) return done(false);
                   setTimeout(wait, 10);
                 })();",
                json!(null),
            )
            .await?;
        if ready != json!(true) {
            return Err(format!("{url}: no window.benchApp after 30 s"));
        }
        Ok(())
    }

    /// Runs `body` as an async script with `arg` and `done` in scope.
    async fn run(&self, body: &str, arg: Value) -> Result<Value, String> {
        let script = format!(
            "const arg = arguments[0]; const done = arguments[arguments.length - 1]; {body}"
        );
        self.client
            .execute_async(&script, vec![arg])
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Runs `benchDriver.<method>(opts)` and returns its JSON result.
    async fn driver(&self, method: &str, opts: Value) -> Result<Value, String> {
        let text = self
            .run(
                &format!(
                    "benchDriver.{method}(arg).then(
                       (r) => done(JSON.stringify(r)),
                       (e) => done(JSON.stringify({{ error: String(e && e.stack || e) }})));"
                ),
                opts,
            )
            .await?;
        let text = text.as_str().ok_or("the driver answered no text")?;
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("the driver's JSON: {e}"))?;
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            return Err(format!("benchDriver.{method}: {error}"));
        }
        Ok(value)
    }
}

async fn run(o: Options) -> Result<(), String> {
    if !o.site.join("driver.js").is_file() {
        return Err(format!(
            "{} has no driver.js: build the site first (`cargo xtask bench --browser`)",
            o.site.display()
        ));
    }
    let started = Instant::now();
    let browser = open_browser(o.site.clone()).await?;
    println!("Chromium {}", browser.version);
    if let Some(scenario) = &o.profile {
        let result = profile(&browser, &o, scenario).await;
        let _ = browser.client.close().await;
        return result;
    }
    let mut samples: Vec<Value> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    if o.timing {
        let n = o.contenders.len();
        for round in 0..o.rounds {
            let round_started = Instant::now();
            for i in 0..n {
                let contender = &o.contenders[(i + round) % n];
                browser.visit(contender).await?;
                let result = browser
                    .driver(
                        "round",
                        json!({ "seed": round, "reps": o.reps, "latency": o.latency, "only": o.only }),
                    )
                    .await
                    .map_err(|e| format!("{contender}, round {round}: {e}"))?;
                for sample in result["samples"].as_array().into_iter().flatten() {
                    let mut sample = sample.clone();
                    sample["contender"] = json!(contender);
                    sample["round"] = json!(round);
                    samples.push(sample);
                }
                if verbose() {
                    println!("  {contender}: {}", result["durations"]);
                }
                for error in result["errors"].as_array().into_iter().flatten() {
                    errors.push(format!(
                        "{contender}, round {round}: {}",
                        error.as_str().unwrap_or("?")
                    ));
                }
            }
            println!(
                "round {}/{} done in {:.1} s",
                round + 1,
                o.rounds,
                round_started.elapsed().as_secs_f64()
            );
        }
    }
    let mut memory: Vec<Value> = Vec::new();
    if o.memory {
        for contender in &o.contenders {
            let t = Instant::now();
            browser.visit(contender).await?;
            let result = browser
                .driver(
                    "memory",
                    json!({ "mutations": o.mutations, "cycles": o.cycles, "latency": 0 }),
                )
                .await
                .map_err(|e| format!("{contender}, memory: {e}"))?;
            println!(
                "memory run of {contender} done in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            memory.push(result);
        }
    }
    let _ = browser.client.close().await;

    let report = report::Report {
        browser: &browser.version,
        contenders: &o.contenders,
        rounds: o.rounds,
        reps: o.reps,
        latency: o.latency,
        samples: &samples,
        memory: &memory,
        errors: &errors,
        elapsed: started.elapsed(),
    };
    let markdown = report.markdown();
    println!("\n{markdown}");
    std::fs::create_dir_all(&o.out).map_err(|e| format!("{}: {e}", o.out.display()))?;
    let raw = json!({ "browser": browser.version, "samples": samples, "memory": memory, "errors": errors });
    let raw_path = o.out.join("results.json");
    let md_path = o.out.join("results.md");
    std::fs::write(&raw_path, raw.to_string())
        .map_err(|e| format!("{}: {e}", raw_path.display()))?;
    std::fs::write(&md_path, &markdown).map_err(|e| format!("{}: {e}", md_path.display()))?;
    println!(
        "raw samples: {}\ntables: {}",
        raw_path.display(),
        md_path.display()
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} scenario runs failed (listed above)",
            errors.len()
        ))
    }
}

/// One CPU profile per contender of the measured clicks of one scenario
/// (`--profile SCENARIO`), after its app was mounted and warmed up: the top functions by
/// self time.
async fn profile(browser: &Browser, o: &Options, scenario: &str) -> Result<(), String> {
    std::fs::create_dir_all(&o.out).map_err(|e| format!("{}: {e}", o.out.display()))?;
    for contender in &o.contenders {
        browser.visit(contender).await?;
        let opts = json!({ "scenario": scenario, "reps": o.reps, "latency": o.latency });
        browser.driver("prepare", opts.clone()).await?;
        cdp::send(&browser.client, "Profiler.enable", json!({})).await?;
        cdp::send(
            &browser.client,
            "Profiler.setSamplingInterval",
            json!({ "interval": 50 }),
        )
        .await?;
        cdp::send(&browser.client, "Profiler.start", json!({})).await?;
        let result = browser.driver("act", opts).await;
        let stopped = cdp::send(&browser.client, "Profiler.stop", json!({})).await?;
        browser.driver("finish", json!(null)).await?;
        let samples = result?;
        let profile = &stopped["profile"];
        let path = o.out.join(format!("{contender}-{scenario}.cpuprofile"));
        std::fs::write(&path, profile.to_string())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let paints: Vec<String> = samples
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| format!("{:.1}", s["paint"].as_f64().unwrap_or(f64::NAN)))
            .collect();
        println!(
            "\n{contender}, {scenario}: click to paint (ms) {}",
            paints.join(", ")
        );
        println!("top self time (ms); profile in {}", path.display());
        for (ms, name) in cdp::self_times(profile).into_iter().take(o.top) {
            println!("  {ms:8.1}  {name}");
        }
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let outcome = parse_args().and_then(|o| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("tokio: {e}"))?
            .block_on(run(o))
    });
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench-harness: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
