//! Heap kept per settled mutation: what a call costs while its record waits for its
//! `mutation_gc_time` (TanStack keeps settled mutations for the same 5 minutes).
//!
//! [`measure`] submits calls shaped as the benchmark apps' toggles (an optimistic patch
//! of a list, an invalidation of it, a per-row scope), lets each succeed, and returns the
//! heap still held per settled call, counted by this crate's global allocator. The
//! engine alone: no Yew, no page. Natively pointers are 8 bytes; what a browser pays is
//! the wasm32 figure, which `cargo xtask bench --record-cost` gets by running this crate's
//! wasm build in Node through [`held_per_settled_call`].

use optimistic_query::testing::TestRuntime;
use optimistic_query::{
    keys, ClientConfig, FetchError, MutationFilter, MutationObserver, MutationOptions, QueryClient,
    QueryObserver, QueryOptions, ScopePolicy,
};
use wasm_bindgen::prelude::wasm_bindgen;

// The benchmark apps' counting allocator (bench/common).
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: u64,
    title: String,
    done: bool,
}

/// What [`measure`] found.
///
/// ```
/// let cost = bench_record_cost::measure(10);
/// assert!(cost.records >= 10);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct RecordCost {
    /// Bytes held per settled call.
    pub per_call: f64,
    /// Records the cache keeps at the end (the warm-up's and the measured calls').
    pub records: usize,
}

/// Runs `calls` settled toggles after a warm-up of 100 and counts the bytes they leave
/// held.
///
/// ```
/// let cost = bench_record_cost::measure(20);
/// println!("{:.0} B a settled call", cost.per_call);
/// ```
pub fn measure(calls: usize) -> RecordCost {
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
    let before = ALLOCATOR.allocated();
    for n in 0..calls as u64 {
        toggle.mutate((n % 100, n % 2 == 0));
        rt.run();
    }
    rt.advance(1);
    rt.run();
    let after = ALLOCATOR.allocated();
    RecordCost {
        per_call: (after as f64 - before as f64) / calls.max(1) as f64,
        records: client.mutation_infos(&MutationFilter::default()).len(),
    }
}

/// [`measure`]'s bytes per settled call, for the wasm32 build's caller in Node.
///
/// ```
/// assert!(bench_record_cost::held_per_settled_call(10).is_finite());
/// ```
#[wasm_bindgen]
pub fn held_per_settled_call(calls: u32) -> f64 {
    measure(calls as usize).per_call
}
