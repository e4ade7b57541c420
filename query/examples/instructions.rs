//! Instruction-count benchmark: the engine's hot paths, run under
//! `valgrind --tool=callgrind`, which counts instructions rather than time, so two builds
//! compare fairly on a busy machine (see BENCHMARKS.md, "Instruction counts").
//!
//! `cargo run --release -p optimistic-query --example instructions -- SCENARIO N` runs
//! `N` operations of `SCENARIO` after its set-up; the per-operation cost is the
//! difference of two runs with different `N`, divided by the difference of `N`.
//!
//! Scenarios (a list of rows cached under one key, 1,000 observers each selecting one
//! row, `layers` pending mutations whose requests are never answered):
//! - `patch-ROWS-LAYERS`: one optimistic toggle (`Patch::modify`) painted and delivered,
//!   then its request fails and it is rolled back;
//! - `rebase-ROWS-LAYERS`: `set_query_data` of a new server list under the pending
//!   layers (a refetch landing), delivered;
//! - `settle-ROWS`: one toggle that succeeds and folds into the confirmed data.
//!
//! The same on a keyed collection (`Collection<u64, Row>`, a `CollectionObserver` with
//! one row subscriber per row, as a list of `use_row` components has, and changesets
//! for layers): `cpatch-ROWS-LAYERS`, `crebase-ROWS-LAYERS` (a refetch answering a new
//! server list of which every third row changed), `crefetch10-ROWS-LAYERS` (a refetch in
//! which 10 rows changed), `csettle-ROWS`.

use optimistic_query::testing::TestRuntime;
use optimistic_query::{
    keys, ClientConfig, Collection, CollectionObserver, CollectionSubscription, FetchError,
    MutationObserver, MutationOptions, NotifyOn, QueryClient, QueryObserver, QueryOptions,
    RetryPolicy, TypedKey,
};
use std::hint::black_box;
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u64,
    title: String,
    done: bool,
}

type List = Vec<Row>;

const OBSERVERS: usize = 1_000;

fn rows(n: usize, version: u64) -> List {
    (0..n as u64)
        .map(|id| Row {
            id,
            title: format!("Todo #{id}: water the plants"),
            done: (id + version) % 3 == 0,
        })
        .collect()
}

/// A client with no retries and no kept settled calls, so counts hold only the work.
fn bench_client(rt: &TestRuntime) -> QueryClient {
    QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(1),
            query_retry: RetryPolicy::never(),
            mutation_retry: RetryPolicy::never(),
            mutation_gc_time: 0,
            ..Default::default()
        },
    )
}

/// A toggle call that answers `answer`, after waiting for ever when `pending`.
fn toggle_call(answer: Result<(), FetchError>, pending: bool) -> MutationOptions<(u64, bool), ()> {
    MutationOptions::new(move |_: (u64, bool), _| {
        let answer = answer.clone();
        async move {
            if pending {
                futures::future::pending::<()>().await;
            }
            answer
        }
    })
    .retry(RetryPolicy::never())
}

fn toggle(
    client: &QueryClient,
    answer: Result<(), FetchError>,
    pending: bool,
) -> MutationObserver<(u64, bool), ()> {
    MutationObserver::new(
        client,
        toggle_call(answer, pending).optimistic(|t: &(u64, bool), p| {
            let (id, done) = *t;
            p.modify(keys!["todos"], move |l: &mut List| {
                if let Some(r) = l.iter_mut().find(|r| r.id == id) {
                    r.done = done;
                }
            });
        }),
    )
}

type Rows = Collection<u64, Row>;

fn rows_key() -> TypedKey<Rows> {
    TypedKey::new(keys!["rows"])
}

fn collection(n: usize, version: u64) -> Rows {
    Collection::from_rows(rows(n, version), |r| r.id)
}

fn toggle_row(
    client: &QueryClient,
    answer: Result<(), FetchError>,
    pending: bool,
) -> MutationObserver<(u64, bool), ()> {
    MutationObserver::new(
        client,
        toggle_call(answer, pending).optimistic(|t: &(u64, bool), p| {
            let (id, done) = *t;
            p.collection(rows_key()).update(id, move |r| r.done = done);
        }),
    )
}

/// The collection scenarios: `ROWS` row subscribers, `layers` pending changesets.
fn collection_scenario(kind: &str, row_count: usize, layers: usize, n: u64) {
    let rt = TestRuntime::new();
    let client = bench_client(&rt);
    client
        .set_query_data(&rows_key(), collection(row_count, 0))
        .expect("fresh key");
    // What the next refetch answers: a list, as decoded from JSON.
    let answer = Rc::new(std::cell::RefCell::new(rows(row_count, 0)));
    let next = answer.clone();
    let observer = CollectionObserver::new(
        &client,
        QueryOptions::collection(
            &rows_key(),
            |r: &Row| r.id,
            move |_| {
                let rows = next.borrow().clone();
                async move { Ok::<_, FetchError>(rows) }
            },
        )
        .stale_time(u64::MAX),
    )
    .expect("same type");
    let subscriptions: Vec<CollectionSubscription> = (0..row_count as u64)
        .map(|id| observer.subscribe_row(id, || {}))
        .collect();
    let list = observer.subscribe_keys(|| {});
    let pending = toggle_row(&client, Ok(()), true);
    for m in 0..layers {
        pending.mutate(((m * 7 + 1) as u64, true));
    }
    rt.run();
    let target = (row_count / 2) as u64;
    match kind {
        "cpatch" => {
            let failing = toggle_row(
                &client,
                Err(FetchError::Http {
                    status: 422,
                    body: "rolled back".into(),
                }),
                false,
            );
            for j in 0..n {
                failing.mutate((target, j % 2 == 0));
                rt.run();
            }
        }
        "csettle" => {
            let ok = toggle_row(&client, Ok(()), false);
            for j in 0..n {
                ok.mutate((target, j % 2 == 0));
                rt.run();
            }
        }
        "crebase" => {
            for j in 0..n {
                *answer.borrow_mut() = rows(row_count, j + 1);
                observer.refetch();
                rt.run();
            }
        }
        "crefetch10" => {
            for j in 0..n {
                {
                    let mut rows = answer.borrow_mut();
                    for i in 0..10 {
                        let at = (i * (row_count / 10) + j as usize) % row_count;
                        rows[at].done = !rows[at].done;
                    }
                }
                observer.refetch();
                rt.run();
            }
        }
        other => panic!("unknown scenario {other}"),
    }
    drop(black_box((observer, subscriptions, list, pending)));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let scenario = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "patch-10000-0".into());
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let parts: Vec<&str> = scenario.split('-').collect();
    let kind = parts[0];
    let row_count: usize = parts.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let layers: usize = parts.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
    if kind.starts_with('c') {
        collection_scenario(kind, row_count, layers, n);
        return;
    }

    let rt = TestRuntime::new();
    let client = bench_client(&rt);
    client
        .set_query_data(&keys!["todos"], rows(row_count, 0))
        .expect("fresh key");
    let stride = row_count / OBSERVERS;
    let observers: Vec<_> = (0..OBSERVERS)
        .map(|j| {
            let i = j * stride;
            let opts = QueryOptions::new(keys!["todos"], |_| {
                futures::future::pending::<Result<List, FetchError>>()
            })
            .stale_time(u64::MAX)
            .notify_on(NotifyOn::Data);
            let o = QueryObserver::with_select(&client, opts, move |l: &Rc<List>| l[i].clone())
                .expect("same type");
            o.subscribe(|| {});
            o
        })
        .collect();
    let pending = toggle(&client, Ok(()), true);
    for m in 0..layers {
        pending.mutate(((m * stride + 1) as u64, true));
    }
    rt.run();
    let target = (OBSERVERS / 2 * stride) as u64;
    match kind {
        "patch" => {
            let failing = toggle(
                &client,
                // A refusal: since "unknown is not failed", a 503 keeps the layer and
                // resends, so the painted-and-rolled-back path needs a 4xx.
                Err(FetchError::Http {
                    status: 422,
                    body: "rolled back".into(),
                }),
                false,
            );
            for j in 0..n {
                failing.mutate((target, j % 2 == 0));
                rt.run();
            }
        }
        "settle" => {
            let ok = toggle(&client, Ok(()), false);
            for j in 0..n {
                ok.mutate((target, j % 2 == 0));
                rt.run();
            }
        }
        "rebase" => {
            for j in 0..n {
                client
                    .set_query_data(&keys!["todos"], rows(row_count, j + 1))
                    .expect("same type");
                rt.run();
            }
        }
        other => panic!("unknown scenario {other}"),
    }
    black_box((observers, pending));
}
