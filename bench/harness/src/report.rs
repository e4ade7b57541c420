//! The Markdown tables the harness prints (and BENCHMARKS.md quotes).

use crate::stats::{Summary, Table};
use serde_json::Value;
use std::fmt::Write as _;
use std::time::Duration;

/// The scenarios in report order: name, the metric of the main table, and what it means.
const SCENARIOS: &[(&str, &str, &str)] = &[
    ("toggle-1k", "paint", "click → painted change"),
    ("toggle-10k", "paint", "click → painted change"),
    ("rename-10k", "paint", "click → painted change"),
    ("add-1k", "paint", "click → painted change"),
    ("rename-1k", "paint", "click → painted change"),
    ("kanban-move-500", "paint", "click → painted change"),
    ("kanban-move-2k", "paint", "click → painted change"),
    (
        "like-burst-20",
        "paint",
        "click → painted change (median of 20 clicks)",
    ),
    (
        "refetch-changed-1k",
        "answer",
        "server answer → painted data",
    ),
    (
        "refetch-changed-10k",
        "answer",
        "server answer → painted data (10 rows changed)",
    ),
    (
        "refetch-equal-1k",
        "answer",
        "server answer → painted idle state",
    ),
    (
        "overlap-100",
        "paint",
        "first of 100 clicks → all 100 painted",
    ),
];

/// Everything a report shows.
pub struct Report<'a> {
    /// Chromium's version.
    pub browser: &'a str,
    /// The contenders, in the order given.
    pub contenders: &'a [String],
    /// Rounds (visits of each contender).
    pub rounds: usize,
    /// Measured repetitions per visit.
    pub reps: usize,
    /// Simulated latency, ms.
    pub latency: u32,
    /// Every sample (`contender`, `scenario`, metrics).
    pub samples: &'a [Value],
    /// One memory result per contender.
    pub memory: &'a [Value],
    /// Scenario runs that failed.
    pub errors: &'a [String],
    /// Wall time of the run.
    pub elapsed: Duration,
}

fn title(contender: &str) -> &str {
    match contender {
        "yew-optimistic" => "yew-optimistic",
        "yew-collections" => "yew-collections",
        "yew-windowed" => "yew-collections, windowed",
        "plain-yew" => "plain Yew",
        "use-async" => "use_async",
        "tanstack-react" => "TanStack/React",
        other => other,
    }
}

fn ms(s: Option<Summary>) -> String {
    match s {
        Some(s) => format!("{:.1} ({:.1})", s.median, s.p95),
        None => "n/a".into(),
    }
}

fn count(s: Option<Summary>) -> String {
    match s {
        Some(s) if s.median == s.p95 => format!("{}", s.median),
        Some(s) => format!("{} ({})", s.median, s.p95),
        None => "n/a".into(),
    }
}

fn bytes(v: &Value) -> String {
    match v.as_f64() {
        Some(b) => format!("{:.2} MB", b / 1_000_000.0),
        None => "n/a".into(),
    }
}

fn delta(after: &Value, before: &Value) -> String {
    match (after.as_f64(), before.as_f64()) {
        (Some(a), Some(b)) => format!("{:+.1} KB", (a - b) / 1_000.0),
        _ => "n/a".into(),
    }
}

impl Report<'_> {
    fn memory_tables(&self, out: &mut String) {
        out.push_str(
            "\n**Memory**, after `gc()`: JS heap (`performance.memory.usedJSHeapSize`) and \
             wasm bytes allocated (the live Rust heap; linear memory in brackets). With the \
             libraries' defaults (settled mutations and unused queries kept 5 minutes): \
             growth from the first 100 to the last of N settled toggles on one mounted \
             100-row list, and from cycle 100 to cycle N of mount → load → toggle → unmount \
             of a 100-row list app with its own client:\n\n",
        );
        out.push_str("| contender | N mutations | Δ JS heap | Δ wasm heap | N cycles | Δ JS heap | Δ wasm heap |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for m in self.memory {
            let (mu, cy) = (&m["mutations"], &m["cycles"]);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} ({}) | {} | {} | {} ({}) |",
                title(m["contender"].as_str().unwrap_or("?")),
                mu["mutations"],
                delta(&mu["after_all"]["js_heap"], &mu["after_100"]["js_heap"]),
                delta(
                    &mu["after_all"]["wasm_allocated"],
                    &mu["after_100"]["wasm_allocated"]
                ),
                bytes(&mu["after_all"]["wasm_linear"]),
                cy["cycles"],
                delta(&cy["after_all"]["js_heap"], &cy["after_100"]["js_heap"]),
                delta(
                    &cy["after_all"]["wasm_allocated"],
                    &cy["after_100"]["wasm_allocated"]
                ),
                bytes(&cy["after_all"]["wasm_linear"]),
            );
        }
        out.push_str(
            "\nWith a 1 s gc time, measured 2 s after the work (what is kept for good): \
             mutations: from before the list was mounted to after it was unmounted; cycles: \
             from cycle 100 to cycle N:\n\n",
        );
        out.push_str("| contender | N mutations | Δ JS heap | Δ wasm heap | N cycles | Δ JS heap | Δ wasm heap |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for m in self.memory {
            let (mu, cy) = (&m["mutations_gc"], &m["cycles_gc"]);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                title(m["contender"].as_str().unwrap_or("?")),
                mu["mutations"],
                delta(&mu["unmounted"]["js_heap"], &mu["before"]["js_heap"]),
                delta(
                    &mu["unmounted"]["wasm_allocated"],
                    &mu["before"]["wasm_allocated"]
                ),
                cy["cycles"],
                delta(&cy["after_all"]["js_heap"], &cy["after_100"]["js_heap"]),
                delta(
                    &cy["after_all"]["wasm_allocated"],
                    &cy["after_100"]["wasm_allocated"]
                ),
            );
        }
        for m in self.memory {
            if let Some(error) = m.get("error").and_then(Value::as_str) {
                let _ = writeln!(
                    out,
                    "\n{} memory run failed: {}",
                    m["contender"],
                    error.lines().next().unwrap_or(error)
                );
            }
        }
    }

    fn table(&self) -> Table {
        let mut table = Table::default();
        for sample in self.samples {
            if let Some(contender) = sample.get("contender").and_then(Value::as_str) {
                table.add(contender, sample);
            }
        }
        table
    }

    fn header(&self, out: &mut String, first: &str) {
        self.header_with(out, first, &[]);
    }

    /// A table's header: `first`, a column per contender, then the `last` columns.
    fn header_with(&self, out: &mut String, first: &str, last: &[String]) {
        let _ = write!(out, "| {first} |");
        for c in self.contenders {
            let _ = write!(out, " {} |", title(c));
        }
        for l in last {
            let _ = write!(out, " {l} |");
        }
        out.push_str("\n|---|");
        for _ in 0..self.contenders.len() + last.len() {
            out.push_str("---:|");
        }
        out.push('\n');
    }

    /// The whole report as Markdown.
    pub fn markdown(&self) -> String {
        let table = self.table();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Chromium {}; {} rounds x {} repetitions = {} samples per cell; contenders \
             interleaved (order rotated each round); simulated latency {} ms; run took {:.0} s.\n",
            self.browser,
            self.rounds,
            self.reps,
            self.rounds * self.reps,
            self.latency,
            self.elapsed.as_secs_f64()
        );

        out.push_str("**Main figure**, ms, median (p95):\n\n");
        // A ratio column per library contender run beside plain Yew.
        let ratios: Vec<&str> = if self.contenders.iter().any(|c| c == "plain-yew") {
            ["yew-optimistic", "yew-collections", "yew-windowed"]
                .into_iter()
                .filter(|r| self.contenders.iter().any(|c| c == r))
                .collect()
        } else {
            vec![]
        };
        let last: Vec<String> = ratios
            .iter()
            .map(|r| format!("{} / plain Yew", title(r)))
            .collect();
        self.header_with(&mut out, "scenario (metric)", &last);
        for (scenario, metric, meaning) in SCENARIOS {
            let _ = write!(out, "| {scenario} ({meaning}) |");
            for c in self.contenders {
                let _ = write!(out, " {} |", ms(table.get(scenario, c, metric)));
            }
            for r in &ratios {
                let ratio = match (
                    table.get(scenario, r, metric),
                    table.get(scenario, "plain-yew", metric),
                ) {
                    (Some(a), Some(b)) if b.median > 0.0 => format!("{:.2}", a.median / b.median),
                    _ => "n/a".into(),
                };
                let _ = write!(out, " {ratio} |");
            }
            out.push('\n');
        }

        out.push_str(
            "\n**Click → its script done**, ms, median (p95): the first task after the click \
             (the handler, the app's state update and render, DOM writes; a frame may come \
             before it); the rest of click → paint is the browser's style, layout and paint:\n\n",
        );
        self.header(&mut out, "scenario");
        for (scenario, _, _) in SCENARIOS.iter().filter(|(_, metric, _)| *metric == "paint") {
            if *scenario == "overlap-100" || *scenario == "like-burst-20" {
                continue;
            }
            let _ = write!(out, "| {scenario} |");
            for c in self.contenders {
                let _ = write!(out, " {} |", ms(table.get(scenario, c, "script")));
            }
            out.push('\n');
        }

        out.push_str(
            "\n**Confirmed state**, ms, median (p95): click → painted confirmed state \
             (overlap-100: release of the held answers → painted confirmed state) / last \
             server answer → that paint:\n\n",
        );
        self.header(&mut out, "scenario");
        for (scenario, _, _) in SCENARIOS {
            let _ = write!(out, "| {scenario} |");
            for c in self.contenders {
                let _ = write!(
                    out,
                    " {} / {} |",
                    ms(table.get(scenario, c, "settle")),
                    ms(table.get(scenario, c, "answer"))
                );
            }
            out.push('\n');
        }

        out.push_str(
            "\n**Renders and calls**, median (p95): row/card/like-button renders up to the \
             first paint / up to the confirmed paint; server calls answered; overlap-100 also \
             counts rows whose shown state flipped while the answers came in; lists: renders of \
             the components that hold a list, a column or a board, to the first paint / to the \
             confirmed paint:\n\n",
        );
        self.header(&mut out, "scenario");
        for (scenario, _, _) in SCENARIOS {
            let _ = write!(out, "| {scenario} |");
            for c in self.contenders {
                let mut cell = format!(
                    "{} / {}; calls {}",
                    count(table.get(scenario, c, "renders_paint")),
                    count(table.get(scenario, c, "renders_settle")),
                    count(table.get(scenario, c, "calls"))
                );
                if let Some(lists) = table.get(scenario, c, "containers_paint") {
                    let _ = write!(
                        cell,
                        "; lists {} / {}",
                        count(Some(lists)),
                        count(table.get(scenario, c, "containers_settle"))
                    );
                }
                if let Some(flips) = table.get(scenario, c, "flips") {
                    let _ = write!(cell, "; flips {}", count(Some(flips)));
                }
                let _ = write!(out, " {cell} |");
            }
            out.push('\n');
        }

        let heap: Vec<Option<Summary>> = self
            .contenders
            .iter()
            .map(|c| table.get("heap-10k", c, "heap_per_row"))
            .collect();
        if heap.iter().any(Option::is_some) {
            out.push_str(
                "\n**Heap per row**, bytes, median (p95) over visits: the live wasm heap \
                 (counting allocator) once a 10,000-row list is loaded minus before it was \
                 mounted, divided by 10,000 (data, components and virtual DOM):\n\n",
            );
            self.header(&mut out, "list");
            out.push_str("| list10k |");
            for h in heap {
                let _ = write!(out, " {} |", ms(h));
            }
            out.push('\n');
        }

        if !self.memory.is_empty() {
            self.memory_tables(&mut out);
        }

        if !self.errors.is_empty() {
            out.push_str("\n**Failed scenario runs:**\n\n");
            for e in self.errors {
                let _ = writeln!(out, "- {}", e.lines().next().unwrap_or(e));
            }
        }
        out
    }
}
