//! Heap kept per settled mutation: what a call costs while its record waits for its
//! `mutation_gc_time` (TanStack keeps settled mutations for the same 5 minutes).
//!
//! `cargo run --release -p optimistic-query --example record_cost` submits calls shaped
//! as the benchmark apps' toggles (an optimistic patch of a list, an invalidation of it, a
//! per-row scope), lets each succeed, and prints the heap still held per settled call,
//! counted by a global allocator. Native pointers are 8 bytes; a wasm32 build holds
//! somewhat less.

use optimistic_query::testing::TestRuntime;
use optimistic_query::{
    keys, ClientConfig, FetchError, MutationObserver, MutationOptions, QueryClient, QueryObserver,
    QueryOptions, ScopePolicy,
};

// The benchmark apps' counting allocator (bench/common), here natively.
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

fn held() -> isize {
    ALLOCATOR.allocated() as isize
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u64,
    title: String,
    done: bool,
}

fn main() {
    let calls: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(1),
            ..Default::default()
        },
    );
    let rows: Vec<Row> = (0..100)
        .map(|id| Row {
            id,
            title: format!("Todo #{id}"),
            done: false,
        })
        .collect();
    let list = keys!["lists", "groceries"];
    // The list is observed, so the calls' invalidations refetch it and their layers go
    // (the server's copy here never changes: only the engine's bookkeeping is measured).
    let _shown = QueryObserver::new(
        &client,
        QueryOptions::new(list.clone(), move |_| {
            let rows = rows.clone();
            async move { Ok::<_, FetchError>(rows) }
        }),
    );
    let paint = list.clone();
    let toggle = MutationObserver::new(
        &client,
        MutationOptions::new(|(_, _): (u64, bool), _| async { Ok::<(), FetchError>(()) })
            .key(keys!["lists", "change"])
            .optimistic(move |&(id, done): &(u64, bool), patches| {
                patches.modify(paint.clone(), move |rows: &mut Vec<Row>| {
                    if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                        row.done = done;
                    }
                });
            })
            .invalidates(list.clone())
            .scope(
                |(id, _): &(u64, bool)| keys!["row", *id],
                ScopePolicy::Serial,
            ),
    );
    // Warm-up: the first calls grow tables that are then reused.
    for n in 0..100 {
        toggle.mutate((n % 100, n % 2 == 0));
        rt.run();
    }
    let before = held();
    for n in 0..calls as u64 {
        toggle.mutate((n % 100, n % 2 == 0));
        rt.run();
    }
    rt.advance(1);
    rt.run();
    let after = held();
    let settled = client
        .mutation_infos(&optimistic_query::MutationFilter::default())
        .len();
    println!(
        "{calls} settled calls ({settled} records kept): {} B held, {:.0} B a settled call",
        after - before,
        (after - before) as f64 / calls as f64
    );
}
