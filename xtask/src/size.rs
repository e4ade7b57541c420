//! `cargo xtask bench --size [--record --reason WHY] [--twiggy [N]] [--only ROWS]` and
//! `--size-check`: the bundle sizes of `bench/apps/` (issue 16) and their guard.
//!
//! Rows: the bare Yew counter, the minimal app written by hand (`minimal-plain`), the
//! minimal yew-optimistic app, the full components app, the minimal app once per
//! cargo feature (each adds one use of an opt-in part: `minimal+queue`, ...), and the
//! hand-written app with the same second query type and second mutation type as the
//! `query2` and `mutation2` rows (`minimal-plain+query2`, `minimal-plain+mutation2`), so
//! that the library's share of one more type is printed apart from the app's own code.
//! Each row is `trunk build --release` (wasm-opt 132), `.wasm` + `.js`, `gzip -9`.
//!
//! The guard compares rows with `bench/size-baseline.json`: smaller is fine (and may be
//! recorded), more than [`TOLERANCE`] larger fails, naming the row and the bytes; and it
//! fails when a function of an opt-in part is found in the minimal app. `--size` checks
//! every row; `--size-check` (the size step of `cargo xtask test`) the [`CHECKED`] ones,
//! to keep that step within a few minutes.
//! `--record --reason "..."` rewrites the figures and appends the reason to the file's
//! history, so a growth always says why.
//!
//! `--twiggy [N]`: for the minimal and components apps, the top N of `twiggy top`,
//! `dominators` and `monos` on the same build with its function names kept (trunk's
//! wasm-bindgen output, which keeps the `name` section, optimised again with
//! `wasm-opt -O -g`: the code trunk ships, plus names), and for the minimal app the
//! functions of each opt-in part found in it (none: the linker dropped them).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::root;

/// How much a row may grow over the recorded gzip size before the guard fails.
const TOLERANCE: f64 = 0.01;

/// One measured build.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    /// Its name in tables and in the baseline file.
    pub name: &'static str,
    /// The folder in `bench/apps/`.
    pub app: &'static str,
    /// Cargo features of that app (`""`: none).
    pub features: &'static str,
    /// The row it is compared with in the per-feature table.
    pub base: Option<&'static str>,
    /// Function-name fragments of the code of the part it adds: none may be in the minimal
    /// app. (The engine's hooks into a part, a few bytes each that find it absent and
    /// return, are not marked.)
    pub marks: &'static [&'static str],
}

const fn app(name: &'static str) -> Row {
    Row {
        name,
        app: name,
        features: "",
        base: None,
        marks: &[],
    }
}

const fn feature(
    name: &'static str,
    features: &'static str,
    base: &'static str,
    marks: &'static [&'static str],
) -> Row {
    Row {
        name,
        app: "minimal",
        features,
        base: Some(base),
        marks,
    }
}

/// The hand-written minimal app with one cargo feature: the same extra type as the
/// library's row of that feature, written by hand, so that the app's own share of one
/// more type is measured and the library's share is the rest.
const fn plain(name: &'static str, features: &'static str) -> Row {
    Row {
        name,
        app: "minimal-plain",
        features,
        base: Some("minimal-plain"),
        marks: &[],
    }
}

/// Every row, in table order.
pub const ROWS: [Row; 17] = [
    app("counter"),
    app("minimal-plain"),
    app("minimal"),
    app("components"),
    feature(
        "minimal+queue",
        "queue",
        "minimal",
        &[
            "JsonStorage",
            "write_queue",
            "read_queue",
            "adopt_stored",
            "PersistedQueue",
        ],
    ),
    feature(
        "minimal+queries",
        "queries",
        "minimal",
        &[
            "write_queries",
            "read_stored_queries",
            "schedule_query_write",
            "StoredCache",
        ],
    ),
    feature(
        "minimal+queue+tabs",
        "tabs",
        "minimal+queue",
        &["tabs_sync", "browser::tabs"],
    ),
    feature("minimal+devtools", "devtools", "minimal", &["devtools::"]),
    feature(
        "minimal+components",
        "components",
        "minimal",
        &[
            "like_button::",
            "editable_list::",
            "kanban::",
            "feedback::",
            "theme::",
        ],
    ),
    feature("minimal+infinite", "infinite", "minimal", &["infinite::"]),
    feature(
        "minimal+suspense",
        "suspense",
        "minimal",
        &["use_suspense_query", "SuspenseQuery"],
    ),
    feature("minimal+query2", "query2", "minimal", &[]),
    plain("minimal-plain+query2", "query2"),
    feature("minimal+mutation2", "mutation2", "minimal", &[]),
    plain("minimal-plain+mutation2", "mutation2"),
    feature(
        "minimal+collections",
        "collections",
        "minimal",
        &["collection::", "imbl::"],
    ),
    feature(
        "minimal+all",
        "queue,queries,tabs,devtools,components,infinite,suspense,query2,mutation2,collections",
        "minimal",
        &[],
    ),
];

/// The rows `cargo xtask test` builds (`--size-check`): the library's two apps and the
/// minimal app with every opt-in part at once, which grows when any part does. Each row
/// is a whole LTO build (about a minute on this machine), so the single parts are
/// measured by `--size`; that they are absent from the minimal app is checked here too,
/// from its function names.
const CHECKED: [&str; 3] = ["minimal", "components", "minimal+all"];

/// What `--size` was asked for.
#[derive(Debug, Default, PartialEq)]
struct Args {
    record: bool,
    reason: Option<String>,
    twiggy: Option<usize>,
    only: Option<Vec<String>>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut it = args.iter().peekable();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--record" => out.record = true,
            "--reason" => out.reason = Some(it.next().ok_or("`--reason` needs a text")?.clone()),
            "--twiggy" => {
                let n = match it.peek().and_then(|n| n.parse().ok()) {
                    Some(n) => {
                        it.next();
                        n
                    }
                    None => 20,
                };
                out.twiggy = Some(n);
            }
            "--only" => {
                let list = it.next().ok_or("`--only` needs row names")?;
                out.only = Some(list.split(',').map(str::to_owned).collect());
            }
            other => {
                return Err(format!(
                    "`--size` takes `--record --reason WHY`, `--twiggy [N]` and `--only ROWS` \
                     (got `{other}`)"
                ))
            }
        }
    }
    if out.record && out.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Err(
            "`--record` needs `--reason \"...\"`: the reason is kept with the figures".into(),
        );
    }
    if out.record && out.only.is_some() {
        return Err("`--record` records every row: leave out `--only`".into());
    }
    Ok(out)
}

/// `cargo xtask bench --size ...`.
pub fn run(args: &[String]) -> Result<(), String> {
    let args = parse(args)?;
    crate::setup::run(crate::setup::Purpose::Test)?;
    let rows: Vec<Row> = match &args.only {
        None => ROWS.to_vec(),
        Some(names) => names
            .iter()
            .map(|n| {
                ROWS.iter()
                    .find(|r| r.name == n)
                    .copied()
                    .ok_or_else(|| format!("no size row `{n}`"))
            })
            .collect::<Result<_, _>>()?,
    };
    let measured = build_all(&rows, args.twiggy)?;
    report(&measured);
    if args.record {
        let reason = args.reason.unwrap_or_default();
        record(&measured, &reason)
    } else {
        check(&measured)
    }
}

/// `cargo xtask bench --size-check`: the [`CHECKED`] rows against the baseline, and no
/// opt-in part in the minimal app (the size step of `cargo xtask test`).
pub fn check_command() -> Result<(), String> {
    let rows: Vec<Row> = ROWS
        .iter()
        .filter(|r| CHECKED.contains(&r.name))
        .copied()
        .collect();
    let measured = build_all(&rows, None)?;
    report(&measured);
    check(&measured)
}

fn out_dir() -> PathBuf {
    root().join("target").join("bench-browser").join("size")
}

/// Builds and measures `rows`; for the minimal app also proves that no opt-in part is
/// in it (an `Err` names the functions found), and with `twiggy` prints the breakdowns.
fn build_all(rows: &[Row], twiggy: Option<usize>) -> Result<Vec<(Row, Sizes)>, String> {
    let mut measured = Vec::new();
    let mut leaks = Vec::new();
    for row in rows {
        let dist = out_dir().join(row.name);
        let started = std::time::Instant::now();
        trunk_build(row.app, row.features, &dist, "/")?;
        let sizes = measure(&dist)?;
        println!(
            "    {}: {} bytes gzip, built in {:.0} s",
            row.name,
            sizes.total_gzip(),
            started.elapsed().as_secs_f64()
        );
        let breakdown = twiggy.filter(|_| matches!(row.name, "minimal" | "components"));
        if breakdown.is_some() || row.name == "minimal" {
            let named = named_build(row)?;
            if let Some(n) = breakdown {
                twiggy_report(row, &named, n)?;
            }
            if row.name == "minimal" {
                leaks = absent_parts(&named)?;
            }
        }
        measured.push((*row, sizes));
    }
    if !leaks.is_empty() {
        return Err(format!(
            "opt-in parts are linked into the minimal app, which does not use them:\n  {}",
            leaks.join("\n  ")
        ));
    }
    Ok(measured)
}

/// `trunk build --release --offline` of `bench/apps/<app>` with `features` into `dist`,
/// served at `url`.
pub fn trunk_build(app: &str, features: &str, dist: &Path, url: &str) -> Result<(), String> {
    let dir = root().join("bench").join("apps").join(app);
    let with = if features.is_empty() {
        String::new()
    } else {
        format!(" --features {features}")
    };
    println!("\n==> trunk build --release{with} of bench/apps/{app}");
    let mut cmd = Command::new("trunk");
    cmd.args(["build", "--release", "--offline", "--dist"])
        .arg(dist)
        .args(["--public-url", url]);
    if !features.is_empty() {
        cmd.args(["--features", features]);
    }
    // trunk reads the Trunk.toml of the folder it runs in.
    let status = cmd
        .current_dir(&dir)
        .env("PATH", crate::tools::path())
        .status()
        .map_err(|e| format!("cannot run trunk (run `cargo xtask setup`): {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "trunk build{with} of bench/apps/{app} failed: {status}"
        ))
    }
}

/// Raw and gzip sizes of a built app's `.wasm` and `.js` files.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sizes {
    pub wasm: u64,
    pub wasm_gzip: u64,
    pub js: u64,
    pub js_gzip: u64,
}

impl Sizes {
    pub fn total_gzip(&self) -> u64 {
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

pub fn measure(dist: &Path) -> Result<Sizes, String> {
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

pub fn print_sizes(table: &[(String, Sizes)]) {
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

fn signed_kb(bytes: i64) -> String {
    format!("{:+.1} KB ({bytes:+} B)", bytes as f64 / 1024.0)
}

/// The size table, the differences the goals are about, and the per-feature
/// table.
fn report(measured: &[(Row, Sizes)]) {
    let table: Vec<(String, Sizes)> = measured
        .iter()
        .map(|(row, s)| (row.name.to_string(), *s))
        .collect();
    println!("\nbundle sizes (trunk build --release, wasm-opt 132; gzip -9):");
    print_sizes(&table);
    let find = |name: &str| {
        measured
            .iter()
            .find(|(r, _)| r.name == name)
            .map(|(_, s)| s.total_gzip() as i64)
    };
    if let (Some(minimal), Some(plain)) = (find("minimal"), find("minimal-plain")) {
        println!(
            "\nminimal - minimal-plain: {} gzip (issue 16's goal: at most +40 KB)",
            signed_kb(minimal - plain)
        );
    }
    if let (Some(minimal), Some(counter)) = (find("minimal"), find("counter")) {
        println!("minimal - counter: {} gzip", signed_kb(minimal - counter));
    }
    let features: Vec<_> = measured.iter().filter(|(r, _)| r.base.is_some()).collect();
    if features.is_empty() {
        return;
    }
    println!("\n| opt-in part | used: bytes gzip | cost over | not used |\n|---|---:|---:|---|");
    for (row, sizes) in features {
        let base = row.base.unwrap_or("minimal");
        let cost = find(base).map_or("?".into(), |b| signed_kb(sizes.total_gzip() as i64 - b));
        // The minimal app is the "not used" build of every part; that it holds none of
        // the part's code is the absence check printed with its build.
        let unused = if row.app != "minimal" {
            "(written by hand)".to_string()
        } else if row.marks.is_empty() || find("minimal").is_none() {
            "= minimal".to_string()
        } else {
            format!("= minimal (0 functions of `{}`)", row.marks.join("`, `"))
        };
        println!(
            "| {} | {} | {cost} over {base} | {unused} |",
            row.name,
            sizes.total_gzip()
        );
    }
    for (what, feature) in [("query", "query2"), ("mutation", "mutation2")] {
        let grown = |app: &str| Some(find(&format!("{app}+{feature}"))? - find(app)?);
        if let (Some(library), Some(by_hand)) = (grown("minimal"), grown("minimal-plain")) {
            println!(
                "one more {what} type: {} with the library, {} by hand: the library's share {}",
                signed_kb(library),
                signed_kb(by_hand),
                signed_kb(library - by_hand)
            );
        }
    }
}

fn baseline_path() -> PathBuf {
    root().join("bench").join("size-baseline.json")
}

/// The recorded total gzip bytes of every row in the baseline file. The file is written
/// by `--record`, one `"row": bytes` a line; it is read without a JSON library (xtask
/// uses std only).
fn recorded() -> Result<Vec<(String, u64)>, String> {
    let path = baseline_path();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(parse_rows(&text))
}

fn parse_rows(text: &str) -> Vec<(String, u64)> {
    let Some(start) = text.find("\"total_gzip\"") else {
        return Vec::new();
    };
    let body = &text[start..];
    let body = &body[body.find('{').map_or(0, |i| i + 1)..body.find('}').unwrap_or(body.len())];
    body.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().trim_end_matches(',').split_once(':')?;
            let name = name.trim().trim_matches('"').to_string();
            let value = value.trim().parse().ok()?;
            Some((name, value))
        })
        .collect()
}

/// The history lines already in the baseline file (each a JSON string).
fn history(text: &str) -> Vec<String> {
    let Some(start) = text.find("\"history\"") else {
        return Vec::new();
    };
    let body = &text[start..];
    let body = &body[body.find('[').map_or(0, |i| i + 1)..body.find(']').unwrap_or(body.len())];
    body.lines()
        .map(|l| l.trim().trim_end_matches(',').to_string())
        .filter(|l| l.starts_with('"'))
        .collect()
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Rewrites the baseline with `measured` and appends `reason` (with what changed) to its
/// history.
fn record(measured: &[(Row, Sizes)], reason: &str) -> Result<(), String> {
    let path = baseline_path();
    let old_text = std::fs::read_to_string(&path).unwrap_or_default();
    let old = parse_rows(&old_text);
    let changes: Vec<String> = measured
        .iter()
        .filter_map(|(row, s)| {
            let before = old.iter().find(|(n, _)| n == row.name).map(|(_, b)| *b)?;
            let delta = s.total_gzip() as i64 - before as i64;
            (delta != 0).then(|| format!("{} {delta:+} B", row.name))
        })
        .collect();
    let mut lines = history(&old_text);
    lines.push(json_string(&format!(
        "{}: {reason} ({})",
        today(),
        if changes.is_empty() {
            "first record of these rows".to_string()
        } else {
            changes.join(", ")
        }
    )));
    let rows: Vec<String> = measured
        .iter()
        .map(|(row, s)| format!("    \"{}\": {}", row.name, s.total_gzip()))
        .collect();
    let text = format!(
        "{{\n  \"comment\": \"Bytes (gzip -9, .wasm + .js) of each row of cargo xtask bench --size (bench/apps, trunk build --release, wasm-opt 132). cargo xtask test fails when a row grows more than 1 %; record a growth with cargo xtask bench --size --record --reason WHY.\",\n  \"total_gzip\": {{\n{}\n  }},\n  \"history\": [\n    {}\n  ]\n}}\n",
        rows.join(",\n"),
        lines.join(",\n    ")
    );
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("recorded {} (reason: {reason})", path.display());
    Ok(())
}

/// Every measured row against the baseline; `Err` naming each row that grew too much.
fn check(measured: &[(Row, Sizes)]) -> Result<(), String> {
    let recorded = recorded()?;
    check_rows(measured, &recorded)
}

fn check_rows(measured: &[(Row, Sizes)], recorded: &[(String, u64)]) -> Result<(), String> {
    let mut grown = Vec::new();
    println!(
        "\nagainst bench/size-baseline.json (limit +{:.0} %):",
        TOLERANCE * 100.0
    );
    for (row, sizes) in measured {
        let now = sizes.total_gzip();
        let Some(before) = recorded
            .iter()
            .find(|(n, _)| n == row.name)
            .map(|(_, b)| *b)
        else {
            grown.push(format!("{}: {now} bytes, not in the baseline", row.name));
            continue;
        };
        let delta = now as i64 - before as i64;
        let growth = delta as f64 / before as f64;
        println!(
            "  {:<22} {now:>7} B, recorded {before:>7} B ({delta:+} B, {:+.2} %)",
            row.name,
            growth * 100.0
        );
        if growth > TOLERANCE {
            grown.push(format!(
                "{} (bench/apps/{}{}) grew by {delta} bytes gzip ({:+.2} %): {before} -> {now}",
                row.name,
                row.app,
                if row.features.is_empty() {
                    String::new()
                } else {
                    format!(" --features {}", row.features)
                },
                growth * 100.0
            ));
        }
    }
    if grown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "bundle size over bench/size-baseline.json by more than {:.0} %:\n  {}\n\
         If the growth is intended, record it with its reason: \
         cargo xtask bench --size --record --reason \"...\"",
        TOLERANCE * 100.0,
        grown.join("\n  ")
    ))
}

/// `row`'s build with function names kept: trunk's wasm-bindgen output (which keeps the
/// `name` section) optimised as trunk does, with `-g` so wasm-opt keeps the names.
fn named_build(row: &Row) -> Result<PathBuf, String> {
    let bindgen = root()
        .join("target")
        .join("wasm-bindgen")
        .join("release")
        .join(format!("size-{}_bg.wasm", row.app));
    let named = out_dir().join(format!("{}.named.wasm", row.name));
    let status = Command::new("wasm-opt")
        .arg("-O")
        .arg("-g")
        .arg(&bindgen)
        .arg("-o")
        .arg(&named)
        .env("PATH", crate::tools::path())
        .status()
        .map_err(|e| format!("cannot run wasm-opt: {e}"))?;
    if !status.success() {
        return Err(format!("wasm-opt -O -g of {} failed", bindgen.display()));
    }
    Ok(named)
}

fn twiggy(args: &[&str], wasm: &Path) -> Result<String, String> {
    let output = Command::new("twiggy")
        .args(args)
        .arg(wasm)
        .env("PATH", crate::tools::path())
        .output()
        .map_err(|e| format!("cannot run twiggy (run `cargo xtask setup`): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "twiggy {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// twiggy's top, dominators and monos (top `n`) of `row`'s named build.
fn twiggy_report(row: &Row, named: &Path, n: usize) -> Result<(), String> {
    let rows = n;
    let n = n.to_string();
    // twiggy's own `-r` cuts the dominator tree oddly (a handful of rows): the whole tree
    // to depth 3 comes sorted by retained size, so its first lines are the top.
    let runs: [(Vec<&str>, usize); 3] = [
        (vec!["top", "-n", &n], usize::MAX),
        (vec!["dominators", "-d", "3"], rows + 4),
        (vec!["monos", "-m", &n, "-n", "0"], usize::MAX),
    ];
    for (args, lines) in runs {
        println!(
            "\n==> twiggy {} of {} (names kept: wasm-opt -O -g)",
            args.join(" "),
            row.name
        );
        for line in twiggy(&args, named)?.lines().take(lines) {
            println!("{line}");
        }
    }
    Ok(())
}

/// Proves per opt-in part that the minimal app links none of it: the functions whose
/// names hold one of the part's marks (printed; returned when there are any).
fn absent_parts(named: &Path) -> Result<Vec<String>, String> {
    let listing = twiggy(&["top", "-n", "100000"], named)?;
    let mut leaks = Vec::new();
    println!("\nfunctions of each opt-in part in the minimal app (0: not linked):");
    for row in ROWS.iter().filter(|r| !r.marks.is_empty()) {
        let found: Vec<&str> = listing
            .lines()
            .filter(|l| row.marks.iter().any(|m| l.contains(m)))
            .collect();
        println!(
            "  {:<22} {} ({})",
            row.name,
            found.len(),
            row.marks.join(", ")
        );
        for line in &found {
            println!("      {}", line.trim());
            leaks.push(format!("{}: {}", row.name, line.trim()));
        }
    }
    for (name, marks) in UNROWED_PARTS {
        let found: Vec<&str> = listing
            .lines()
            .filter(|l| marks.iter().any(|m| l.contains(m)))
            .collect();
        println!("  {:<22} {} ({})", name, found.len(), marks.join(", "));
        for line in &found {
            println!("      {}", line.trim());
            leaks.push(format!("{name}: {}", line.trim()));
        }
    }
    Ok(leaks)
}

/// Opt-in parts without a row of their own (no app builds them yet), whose absence from
/// the minimal app is checked all the same: their function names' marks.
const UNROWED_PARTS: [(&str, &[&str]); 1] = [(
    "hydration",
    &[
        "hydration::",
        "DehydratedState",
        "HydrationTypes",
        "HydrationBoundary",
    ],
)];

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Result<Args, String> {
        parse(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn record_needs_a_reason() {
        assert!(args(&["--record"]).is_err());
        assert!(args(&["--record", "--reason", " "]).is_err());
        let a = args(&["--record", "--reason", "tabs"]).expect("valid");
        assert!(a.record);
        assert_eq!(args(&["--twiggy"]).map(|a| a.twiggy), Ok(Some(20)));
        assert_eq!(args(&["--twiggy", "5"]).map(|a| a.twiggy), Ok(Some(5)));
    }

    #[test]
    fn the_baseline_round_trips_and_growth_names_the_row() {
        let text = "{\n  \"total_gzip\": {\n    \"minimal\": 1000,\n    \"minimal+queue\": 2000\n  },\n  \"history\": [\n    \"a\",\n    \"b\"\n  ]\n}\n";
        assert_eq!(
            parse_rows(text),
            vec![("minimal".into(), 1000), ("minimal+queue".into(), 2000)]
        );
        assert_eq!(history(text), vec!["\"a\"", "\"b\""]);
        let sizes = |total| Sizes {
            wasm_gzip: total,
            ..Sizes::default()
        };
        let recorded = parse_rows(text);
        let minimal = ROWS[2];
        // Within 1 %, and smaller: fine.
        assert!(check_rows(&[(minimal, sizes(1010))], &recorded).is_ok());
        assert!(check_rows(&[(minimal, sizes(500))], &recorded).is_ok());
        let err = check_rows(&[(minimal, sizes(1011))], &recorded).expect_err("grew");
        assert!(
            err.contains("minimal (bench/apps/minimal) grew by 11 bytes"),
            "{err}"
        );
        assert!(err.contains("--record --reason"), "{err}");
    }
}
