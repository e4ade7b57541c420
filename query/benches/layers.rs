//! What one optimistic patch costs, compared with doing the same by hand on a plain `Vec`.
//!
//! Scenario: a `Vec<Row>` list cached under one key, 1,000 `QueryObserver`s on that key,
//! each selecting ONE row by index (`l[i].clone()`, `NotifyOn::Data`), and `N` layers of
//! earlier mutations whose requests are never answered. A `MutationObserver::mutate`
//! toggles `done` of one observed row. Exactly one observer listener must fire per patch.
//!
//! Groups (all in one run, so they share machine conditions):
//!
//! - `patch/{rows}rows_{layers}layers`: one `mutate` (optimistic layer pushed + every
//!   observer asked + the one listener called + the request task spawned).
//! - `baseline/clone_edit/{rows}rows`: clone the `Vec` and edit the same row.
//! - `baseline/clone_edit_compare/{rows}rows`: the same plus the 1,000 select-and-compare
//!   operations done by hand (clone the selected row, compare with the previous one, keep it).
//! - `baseline/clone_edit_compare_replace/{rows}rows`: the same, where the edited list
//!   replaces the current one, so freeing the previous list is timed too (a hand-written
//!   app's steady state).
//! - `rebase/{rows}rows_{layers}layers`: `set_query_data` replaces the confirmed list (a
//!   refetch landing) under `N` pending layers, which are re-applied, then observers are
//!   notified (exactly one selected row differs between the two server versions).
//! - `baseline/rebase_by_hand/{rows}rows_{layers}layers`: the user owns the new list and
//!   re-applies `N` edits in place, plus the 1,000 compares.
//!
//! Only the operation itself is timed (`iter_custom`); preparing inputs, rolling back and
//! checking happen outside the timer. See BENCHMARKS.md at the repository root.

use criterion::{Criterion, SamplingMode};
use optimistic_query::testing::TestRuntime;
use optimistic_query::{
    keys, ClientConfig, FetchError, MutationContext, MutationObserver, MutationOptions, NotifyOn,
    QueryClient, QueryKey, QueryObserver, QueryOptions, RetryPolicy,
};
use std::cell::Cell;
use std::future::Future;
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// One to-do item, as a list endpoint would return it.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u64,
    title: String,
    done: bool,
}

type List = Vec<Row>;

/// Variables of the "toggle a to-do" mutation.
#[derive(Clone, Debug)]
struct Toggle {
    id: u64,
    done: bool,
}

const OBSERVERS: usize = 1_000;

fn make_rows(n: usize) -> List {
    (0..n as u64)
        .map(|id| Row {
            id,
            title: format!("Todo #{id}: water the plants"),
            done: id % 3 == 0,
        })
        .collect()
}

/// The optimistic patch, and what a user would write by hand: clone, find the row, edit it.
fn toggled(list: &List, t: &Toggle) -> List {
    let mut l = list.clone();
    if let Some(r) = l.iter_mut().find(|r| r.id == t.id) {
        r.done = t.done;
    }
    l
}

/// Indices the observers select: evenly spread, so the middle one is the edited row.
fn observed(rows: usize) -> Vec<usize> {
    let stride = rows / OBSERVERS;
    (0..OBSERVERS).map(|j| j * stride).collect()
}

/// The row the timed patch edits: selected by exactly one observer.
fn target(rows: usize) -> u64 {
    observed(rows)[OBSERVERS / 2] as u64
}

/// The row the pending mutation `m` edits (never the target).
fn pending_row(rows: usize, m: usize) -> u64 {
    let stride = rows / OBSERVERS;
    (m * stride + 1) as u64
}

/// How the benchmark's mutations patch the list.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    /// `Patch::update`: a new list from the old one (clone + edit) per layer.
    Update,
    /// `Patch::modify`: an in-place edit; a re-fold clones once for all layers.
    Modify,
}

fn toggle_mutation<F, Fut>(
    client: &QueryClient,
    key: &QueryKey,
    style: Style,
    send: F,
) -> MutationObserver<Toggle, ()>
where
    F: Fn(Toggle, MutationContext) -> Fut + 'static,
    Fut: Future<Output = Result<(), FetchError>> + 'static,
{
    let key = key.clone();
    MutationObserver::new(
        client,
        MutationOptions::new(send)
            .retry(RetryPolicy::never())
            .optimistic(move |t: &Toggle, p| {
                let t = t.clone();
                match style {
                    Style::Update => p.update(key.clone(), move |l: &List| toggled(l, &t)),
                    Style::Modify => p.modify(key.clone(), move |l: &mut List| {
                        if let Some(r) = l.iter_mut().find(|r| r.id == t.id) {
                            r.done = t.done;
                        }
                    }),
                };
            }),
    )
}

struct World {
    rt: TestRuntime,
    client: QueryClient,
    key: QueryKey,
    rows: usize,
    layers: usize,
    /// Kept alive: dropping them would unsubscribe.
    _observers: Vec<QueryObserver<List, String, Row>>,
    /// Listener calls of all observers.
    notified: Rc<Cell<u64>>,
    /// Holds the never-answered earlier mutations.
    _pending: MutationObserver<Toggle, ()>,
    /// The measured mutation: its request fails as soon as the executor runs, which rolls
    /// its layer back; until then it is pending like the others.
    timed: MutationObserver<Toggle, ()>,
}

impl World {
    fn new(rows: usize, layers: usize, style: Style) -> Self {
        let rt = TestRuntime::new();
        let config = ClientConfig {
            seed: Some(1),
            query_retry: RetryPolicy::never(),
            mutation_retry: RetryPolicy::never(),
            // Settled mutation records are dropped at the next `rt.run()`, so the mutation
            // table does not grow over the run.
            mutation_gc_time: 0,
            ..Default::default()
        };
        let client = QueryClient::with_config(rt.runtime(), config);
        let key = keys!["todos"];
        client
            .set_query_data(&key, make_rows(rows))
            .expect("fresh key");
        let notified = Rc::new(Cell::new(0));
        let observers = observed(rows)
            .into_iter()
            .map(|i| {
                let opts = QueryOptions::new(key.clone(), |_| {
                    futures::future::pending::<Result<List, FetchError>>()
                })
                .stale_time(u64::MAX)
                .notify_on(NotifyOn::Data);
                let o = QueryObserver::with_select(&client, opts, move |l: &Rc<List>| l[i].clone())
                    .expect("same type");
                let n = notified.clone();
                o.subscribe(move || n.set(n.get() + 1));
                o
            })
            .collect();
        let pending = toggle_mutation(&client, &key, style, |_, _| futures::future::pending());
        for m in 0..layers {
            let id = pending_row(rows, m);
            pending.mutate(Toggle {
                id,
                done: id % 3 != 0,
            });
        }
        let timed = toggle_mutation(&client, &key, style, |_, _| async {
            Err(FetchError::Http {
                status: 503,
                body: "rolled back by the benchmark".into(),
            })
        });
        rt.run(); // the earlier requests are sent and never answered
        let w = World {
            rt,
            client,
            key,
            rows,
            layers,
            _observers: observers,
            notified,
            _pending: pending,
            timed,
        };
        assert_eq!(w.layer_count(), layers);
        w
    }

    fn layer_count(&self) -> usize {
        self.client.inspect(&self.key).expect("cached").layers.len()
    }

    /// The `j`-th toggle of a run: alternates, so every one changes the selected row.
    fn toggle(&self, j: u64) -> Toggle {
        let id = target(self.rows);
        let original = id % 3 == 0;
        Toggle {
            id,
            done: if j % 2 == 0 { !original } else { original },
        }
    }

    /// Runs the timed mutations' requests (they fail) in one operation: their layers go,
    /// the `layers` earlier ones stay. Not timed.
    fn roll_back(&self) {
        self.client.batch(|| self.rt.run());
        debug_assert_eq!(self.layer_count(), self.layers);
    }
}

/// One optimistic patch + notify. Iterations run in chunks of `chunk` on one world: the
/// chunk starts with exactly `layers` pending layers and its `j`-th patch lands on
/// `layers + j` of them; after the chunk its patches are rolled back (untimed).
fn bench_patch(c: &mut Criterion, cases: &[(usize, usize, u64)]) {
    let mut g = c.benchmark_group("patch");
    g.sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));
    for &(rows, layers, chunk) in cases {
        let w = World::new(rows, layers, Style::Update);
        // Checked once, outside any timing: one patch wakes exactly one listener.
        let before = w.notified.get();
        w.timed.mutate(w.toggle(0));
        assert_eq!(
            w.notified.get() - before,
            1,
            "one patch must notify exactly one observer"
        );
        assert_eq!(w.layer_count(), layers + 1);
        let seen = w
            .client
            .get_query_data::<List>(&w.key)
            .expect("type")
            .expect("data");
        assert_eq!(seen[target(rows) as usize].done, w.toggle(0).done);
        w.roll_back();
        assert_eq!(w.layer_count(), layers);

        // With layers below, every iteration is followed by an untimed re-fold of the
        // stack (the rollback), which costs several patches: measure for less time there.
        let (secs, samples) = match (rows >= 100_000, layers > 0) {
            (false, false) => (3, 30),
            (false, true) => (2, 20),
            (true, false) => (4, 10),
            (true, true) => (3, 10),
        };
        g.measurement_time(Duration::from_secs(secs));
        g.sample_size(samples);
        g.bench_function(format!("{rows}rows_{layers}layers"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut done = 0;
                while done < iters {
                    let k = chunk.min(iters - done);
                    let before = w.notified.get();
                    for j in 0..k {
                        let t = w.toggle(j);
                        let start = Instant::now();
                        black_box(w.timed.mutate(t));
                        total += start.elapsed();
                    }
                    assert_eq!(w.notified.get() - before, k, "one listener per patch");
                    w.roll_back();
                    done += k;
                }
                total
            })
        });
    }
    g.finish();
}

/// The same edit without the library: clone + edit, and clone + edit + 1,000 selections
/// compared with the previous ones by hand.
fn bench_baseline(c: &mut Criterion, row_counts: &[usize]) {
    let mut g = c.benchmark_group("baseline");
    g.sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500));
    for &rows in row_counts {
        let base = make_rows(rows);
        let id = target(rows);
        let original = id % 3 == 0;
        let toggle = |j: u64| Toggle {
            id,
            done: if j % 2 == 0 { !original } else { original },
        };
        g.measurement_time(Duration::from_secs(if rows >= 100_000 { 4 } else { 3 }));
        g.sample_size(if rows >= 100_000 { 10 } else { 30 });

        let mut kept: List = Vec::new();
        g.bench_function(format!("clone_edit/{rows}rows"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for j in 0..iters {
                    let t = toggle(j);
                    let start = Instant::now();
                    let out = toggled(black_box(&base), &t);
                    total += start.elapsed();
                    // The base stays, as the cache keeps the confirmed list. The previous
                    // output is freed outside the timer, after the new one was allocated:
                    // freeing it first would let glibc trim the heap top and turn the next
                    // clone into page faults (5x slower at 100,000 rows).
                    drop(std::mem::replace(&mut kept, black_box(out)));
                }
                total
            })
        });

        let idx = observed(rows);
        let mut selected: Vec<Row> = idx.iter().map(|&i| base[i].clone()).collect();
        let mut parity = 0u64; // continues across runs, so every edit changes the selection
        let mut kept: List = Vec::new();
        g.bench_function(format!("clone_edit_compare/{rows}rows"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut changed = 0u64;
                for _ in 0..iters {
                    let t = toggle(parity);
                    parity += 1;
                    let start = Instant::now();
                    let out = toggled(black_box(&base), &t);
                    for (sel, &i) in selected.iter_mut().zip(&idx) {
                        let next = out[i].clone();
                        if next != *sel {
                            changed += 1;
                        }
                        *sel = next;
                    }
                    total += start.elapsed();
                    drop(std::mem::replace(&mut kept, black_box(out)));
                }
                assert_eq!(changed, iters, "one changed selection per edit");
                total
            })
        });

        // Steady state of a hand-written app: the edited list replaces the current one, so
        // the previous list is freed inside the timed region (as the cache frees the
        // previous visible list once a patch lands on a stack that is not empty).
        let mut current = base.clone();
        let mut selected: Vec<Row> = idx.iter().map(|&i| current[i].clone()).collect();
        let mut parity = 0u64;
        g.bench_function(format!("clone_edit_compare_replace/{rows}rows"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut changed = 0u64;
                for _ in 0..iters {
                    let t = toggle(parity);
                    parity += 1;
                    let start = Instant::now();
                    let out = toggled(black_box(&current), &t);
                    for (sel, &i) in selected.iter_mut().zip(&idx) {
                        let next = out[i].clone();
                        if next != *sel {
                            changed += 1;
                        }
                        *sel = next;
                    }
                    current = out;
                    total += start.elapsed();
                }
                assert_eq!(changed, iters, "one changed selection per edit");
                total
            })
        });
    }
    g.finish();
}

/// A refetch landing under pending layers: `set_query_data` with a list that differs from
/// the confirmed one in one observed row (two server versions, alternating). The new list
/// is built outside the timer; writing it, re-applying the layers and notifying is timed.
fn bench_rebase(c: &mut Criterion, cases: &[(usize, usize)], style: Style) {
    let mut g = c.benchmark_group(match style {
        Style::Update => "rebase",
        Style::Modify => "rebase_modify",
    });
    g.sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    for &(rows, layers) in cases {
        let w = World::new(rows, layers, style);
        let a = make_rows(rows);
        let mut b = a.clone();
        let edited = observed(rows)[OBSERVERS / 4];
        b[edited].title = "Renamed on the server by someone else".into();
        let parity = Cell::new(0u64);
        let next = || {
            let p = parity.get();
            parity.set(p + 1);
            if p % 2 == 0 {
                b.clone()
            } else {
                a.clone()
            }
        };
        let before = w.notified.get();
        w.client.set_query_data(&w.key, next()).expect("type");
        assert_eq!(
            w.notified.get() - before,
            1,
            "a refetch changing one row must notify exactly one observer"
        );
        assert_eq!(
            w.layer_count(),
            layers,
            "pending layers stay on top of the new data"
        );
        let seen = w
            .client
            .get_query_data::<List>(&w.key)
            .expect("type")
            .expect("data");
        assert_eq!(seen[edited].title, b[edited].title);
        if layers > 0 {
            assert_eq!(
                seen[pending_row(rows, 0) as usize].done,
                pending_row(rows, 0) % 3 != 0
            );
        }

        g.bench_function(format!("{rows}rows_{layers}layers"), |bench| {
            bench.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let before = w.notified.get();
                for _ in 0..iters {
                    let data = next();
                    let start = Instant::now();
                    w.client.set_query_data(&w.key, data).expect("type");
                    total += start.elapsed();
                }
                assert_eq!(w.notified.get() - before, iters, "one listener per refetch");
                total
            })
        });
    }
    g.finish();
    if style == Style::Modify {
        return; // the by-hand baseline is the same for both styles
    }

    // By hand: the user owns the fetched list and re-applies the pending edits in place.
    let mut g = c.benchmark_group("baseline");
    g.sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    for &(rows, layers) in cases.iter().filter(|(_, l)| *l > 0) {
        let a = make_rows(rows);
        let mut b = a.clone();
        let edited = observed(rows)[OBSERVERS / 4];
        b[edited].title = "Renamed on the server by someone else".into();
        let edits: Vec<Toggle> = (0..layers)
            .map(|m| {
                let id = pending_row(rows, m);
                Toggle {
                    id,
                    done: id % 3 != 0,
                }
            })
            .collect();
        let idx = observed(rows);
        let mut current = a.clone();
        let mut selected: Vec<Row> = idx.iter().map(|&i| current[i].clone()).collect();
        let mut parity = 0u64;
        g.bench_function(
            format!("rebase_by_hand/{rows}rows_{layers}layers"),
            |bench| {
                bench.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let mut incoming = if parity % 2 == 0 {
                            b.clone()
                        } else {
                            a.clone()
                        };
                        parity += 1;
                        let start = Instant::now();
                        for t in &edits {
                            if let Some(r) = incoming.iter_mut().find(|r| r.id == t.id) {
                                r.done = t.done;
                            }
                        }
                        for (sel, &i) in selected.iter_mut().zip(&idx) {
                            let next = incoming[i].clone();
                            black_box(next != *sel);
                            *sel = next;
                        }
                        current = incoming; // the old list is dropped, as the cache drops it
                        total += start.elapsed();
                    }
                    black_box(&current);
                    total
                })
            },
        );
    }
    g.finish();
}

fn layers(c: &mut Criterion) {
    // Each row count's baseline runs right before its patches, so that the ratios compare
    // measurements taken under the same machine conditions.
    // (rows, pending layers, chunk): see `bench_patch`.
    bench_baseline(c, &[10_000]);
    bench_patch(c, &[(10_000, 0, 1), (10_000, 10, 1), (10_000, 100, 10)]);
    bench_baseline(c, &[1_000]);
    bench_patch(c, &[(1_000, 0, 1), (1_000, 10, 1)]);
    bench_baseline(c, &[100_000]);
    bench_patch(c, &[(100_000, 0, 1), (100_000, 10, 1)]);
    bench_rebase(
        c,
        &[(10_000, 0), (10_000, 10), (10_000, 100)],
        Style::Update,
    );
    bench_rebase(c, &[(10_000, 10), (10_000, 100)], Style::Modify);
}

// `criterion_group!`/`criterion_main!` spelled out: the macros' public function would
// trip the workspace's `missing_docs` lint.
fn main() {
    let mut c = Criterion::default().configure_from_args();
    layers(&mut c);
    c.final_summary();
}
