//! Other writers besides this client's own calls (issue 15, findings 1–5): the app
//! writing the cache while calls are in flight, server pushes that invalidate, error
//! answers racing writes, other tabs sharing the queue, and a page left open for hours.
//! Each test failed on the engine before its fix.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::storage::MemoryStorage;
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::rc::Rc;
use support::world::{config, s, List, World};
use support::Gate;

fn not_found() -> FetchError {
    FetchError::Http {
        status: 404,
        body: "no such item".into(),
    }
}

impl World {}

// 1 ------------------------------------------------------------------------------------

/// A call with `invalidates` succeeded and its committed layer waits for the refetch;
/// the app then edits the list with `update_query_data`. The data it is handed must hold
/// the accepted change, or the write (trusted as the server's copy) discards it while the
/// refetch, older than the write, is dropped.
#[test]
fn an_accepted_change_survives_update_query_data() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push().invalidates(keys!["todos"]));
    m.mutate("B".into());
    w.rt.run();
    w.writes.answer_next(Ok(()));
    w.rt.run();
    assert_eq!(w.reads.len(), 1, "the invalidation refetches");
    assert_eq!(w.visible(), s(&["A", "B"]));
    // The app touches the list (a local sort, a rename pushed by the server...).
    w.client
        .update_query_data(&keys!["todos"], |l: &List| {
            l.iter().map(|t| t.to_lowercase()).collect()
        })
        .unwrap();
    assert_eq!(w.visible(), s(&["a", "b"]), "the accepted change is kept");
    w.reads.answer_next(Ok(s(&["A", "B"])));
    w.rt.settle(60_000);
    assert_eq!(w.visible(), s(&["a", "b"]), "and does not vanish later");
}

/// The same through `set_queries_data`.
#[test]
fn an_accepted_change_survives_set_queries_data() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push().invalidates(keys!["todos"]));
    m.mutate("B".into());
    w.rt.run();
    w.writes.answer_next(Ok(()));
    w.rt.run();
    let written = w
        .client
        .set_queries_data(&QueryFilter::key(keys!["todos"]), |l: &List| l.clone());
    assert_eq!(written, vec![keys!["todos"]]);
    assert_eq!(w.visible(), s(&["A", "B"]));
    w.reads.answer_next(Ok(s(&["A", "B"])));
    w.rt.settle(60_000);
    assert_eq!(w.visible(), s(&["A", "B"]));
}

// 2 ------------------------------------------------------------------------------------

/// A fetch is running when a server push says the list changed: `invalidate_queries`
/// must restart it (its answer may predate the change), not join it.
#[test]
fn invalidate_queries_after_a_push_restarts_the_running_fetch() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    w.client.refetch_queries(&QueryFilter::key(keys!["todos"]));
    w.rt.run();
    assert_eq!(w.reads.len(), 1, "a refetch is on its way");
    // Another user adds "C"; the server pushes "todos changed".
    w.client
        .invalidate_queries(&QueryFilter::key(keys!["todos"]));
    w.rt.run();
    assert_eq!(
        w.reads.sent.borrow().len(),
        3,
        "the invalidation sent a new request"
    );
    // The old request's answer (from before the change) comes first, then the new one.
    w.reads.answer_next(Ok(s(&["A"])));
    w.rt.run();
    while !w.reads.is_empty() {
        w.reads.answer_next(Ok(s(&["A", "C"])));
        w.rt.run();
    }
    assert_eq!(w.visible(), s(&["A", "C"]), "the other user's row shows");
    assert!(!w.client.inspect(&keys!["todos"]).unwrap().invalidated);
}

// 3 ------------------------------------------------------------------------------------

/// A detail fetch races its item's create: the server answers 404 while the create is
/// in flight. The error overlaps the write like a successful answer would: it must not
/// stick, and the detail is fetched again once the create settled.
#[test]
fn an_error_answer_overlapping_a_write_does_not_stick() {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(rt.runtime(), config());
    let reads: Gate<String> = Gate::default();
    let writes: Gate<()> = Gate::default();
    let r = reads.clone();
    let detail = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["item", 5], move |_| r.request("GET item 5", None)),
    )
    .unwrap();
    rt.run();
    assert_eq!(reads.len(), 1);
    let g = writes.clone();
    let create = MutationObserver::new(
        &client,
        MutationOptions::new(move |title: String, ctx: MutationContext| {
            g.request(title, Some(ctx.idempotency_key))
        })
        .optimistic(|title: &String, p| {
            p.set(keys!["item", 5], title.clone());
        }),
    );
    create.mutate("milk".into());
    rt.run();
    assert_eq!(writes.len(), 1, "the create is on its way");
    reads.answer_next(Err(not_found()));
    rt.run();
    writes.answer_next(Ok(()));
    rt.run();
    assert!(create.state().is_success());
    assert_eq!(
        reads.len(),
        1,
        "the detail is fetched again once the create settled"
    );
    reads.answer_next(Ok("milk (from the server)".into()));
    rt.run();
    let result = detail.result();
    assert_eq!(result.status, QueryStatus::Success);
    assert!(result.error.is_none(), "the 404 did not stick");
    assert_eq!(
        result.data.as_deref().map(String::as_str),
        Some("milk (from the server)")
    );
}

// 4 ------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Add(String);

fn add(gate: &Gate<()>) -> MutationOptions<Add, ()> {
    let g = gate.clone();
    MutationOptions::new(move |a: Add, ctx: MutationContext| {
        g.request(a.0.clone(), Some(ctx.idempotency_key))
    })
    .key(keys!["todos", "add"])
    .optimistic(|a: &Add, p| {
        let title = a.0.clone();
        p.modify(keys!["todos"], move |l: &mut List| l.push(title.clone()));
    })
}

struct Tab {
    rt: TestRuntime,
    client: QueryClient,
    add: MutationObserver<Add, ()>,
}

fn tab(name: &str, storage: &MemoryStorage, gate: &Gate<()>) -> Tab {
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(name.bytes().map(u64::from).sum::<u64>() * 7919),
            tab_id: Some(name.into()),
            ..config()
        },
    );
    client.register_mutation(keys!["todos", "add"], add(gate));
    client.set_query_data(&keys!["todos"], List::new()).unwrap();
    let add = MutationObserver::new(&client, add(gate));
    Tab { rt, client, add }
}

/// Tab b knows tab a's call is queued. Tab a settles it, and before b handles the
/// storage event, b writes the queue for a call of its own: that write must not hide
/// a's settle, so b still refetches what a's call patched.
#[test]
fn a_tabs_own_queue_write_does_not_hide_another_tabs_settle() {
    let storage = MemoryStorage::default();
    let (a_writes, b_writes) = (Gate::default(), Gate::default());
    let reads: Gate<List> = Gate::default();
    let a = tab("a", &storage, &a_writes);
    let b = tab("b", &storage, &b_writes);
    let r = reads.clone();
    let _obs = QueryObserver::new(
        &b.client,
        QueryOptions::new(keys!["todos"], move |_| r.request("GET in b", None)).stale_time(60_000),
    )
    .unwrap();
    a.add.mutate(Add("x".into()));
    a.rt.run();
    b.client.queue_changed_elsewhere(); // the storage event of a's write
    b.rt.run();
    assert_eq!(reads.sent.borrow().len(), 0, "nothing settled yet");
    a_writes.answer_next(Ok(()));
    a.rt.run();
    // b's own call writes the queue before b hears of a's settle.
    b.add.mutate(Add("y".into()));
    b.rt.run();
    b.client.queue_changed_elsewhere(); // the storage event of a's settle, late
    b.rt.run();
    assert_eq!(
        reads.sent.borrow().clone(),
        vec!["GET in b"],
        "b refetched what a's call patched"
    );
    b_writes.answer_next(Ok(()));
    b.rt.run();
}

// 5 ------------------------------------------------------------------------------------

/// A query refetched every second with a one-hour stale time: each new answer restarts
/// the staleness timer; the old ones must not keep running.
#[test]
fn staleness_timers_do_not_pile_up() {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(rt.runtime(), config());
    let n = Rc::new(Cell::new(0_u32));
    let c = n.clone();
    let _obs = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["clock"], move |_| {
            c.set(c.get() + 1);
            let v = c.get();
            async move { Ok::<u32, FetchError>(v) }
        })
        .stale_time(3_600_000)
        .refetch_interval(1_000),
    )
    .unwrap();
    for _ in 0..300 {
        rt.advance(1_000);
    }
    assert!(
        n.get() >= 300,
        "refetched every second ({} fetches)",
        n.get()
    );
    assert!(
        rt.pending_timers() <= 3,
        "one staleness timer per entry, not one per answer: {} pending timers",
        rt.pending_timers()
    );
}

/// Own idempotency keys (shared-queue bookkeeping) and Throttle scopes' last-send times
/// are forgotten once no live call or scope needs them.
#[test]
fn own_keys_and_throttle_records_stay_bounded() {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(rt.runtime(), config());
    let writes: Gate<()> = Gate::default();
    client.register_mutation(keys!["todos", "add"], add(&writes));
    client.set_query_data(&keys!["todos"], List::new()).unwrap();
    let m = MutationObserver::new(
        &client,
        add(&writes).scope(|a: &Add| keys![a.0.as_str()], ScopePolicy::Throttle(500)),
    );
    for i in 0..50 {
        m.mutate(Add(format!("item {i}")));
        rt.run();
        writes.answer_next(Ok(()));
        rt.advance(100);
    }
    rt.advance(1_000);
    // One more send, after every earlier scope's window ended.
    m.mutate(Add("last".into()));
    rt.run();
    writes.answer_next(Ok(()));
    rt.run();
    let b = client.bookkeeping();
    assert_eq!(
        b.own_idempotency_keys, 0,
        "no own call is live: no own key is needed ({b:?})"
    );
    assert!(
        b.scope_send_records <= 1,
        "only the scope whose throttle window still runs is remembered ({b:?})"
    );
}

// Storage failures ---------------------------------------------------------------------

/// Local storage is full: the calls made offline are pending but not in the persisted
/// queue. Each says so, an event says so, and a later write that holds them clears it.
#[test]
fn a_failed_queue_write_marks_its_calls_not_kept_until_a_later_write_holds_them() {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(rt.runtime(), config());
    let writes: Gate<()> = Gate::default();
    client.register_mutation(keys!["todos", "add"], add(&writes));
    client.set_query_data(&keys!["todos"], List::new()).unwrap();
    let m = MutationObserver::new(&client, add(&writes));
    client.set_online(false);
    rt.storage().refuse_writes(true);
    for t in ["a", "b", "c"] {
        m.mutate(Add(t.into()));
    }
    rt.run();
    let kept = |client: &QueryClient| -> Vec<Option<bool>> {
        client
            .mutation_infos(&MutationFilter::default())
            .iter()
            .map(|i| i.kept_on_device)
            .collect()
    };
    assert_eq!(
        kept(&client),
        vec![Some(false); 3],
        "none is kept on this device"
    );
    let not_kept: Vec<Vec<MutationId>> = client
        .recent_events()
        .into_iter()
        .filter_map(|e| match e.event {
            CacheEvent::NotKeptOnDevice { mutations } => Some(mutations),
            _ => None,
        })
        .collect();
    assert_eq!(
        not_kept.last().map(Vec::len),
        Some(3),
        "an event names the calls storage does not hold: {not_kept:?}"
    );
    // Space is freed; the network returns and the first call is sent, which writes the
    // queue again.
    rt.storage().refuse_writes(false);
    client.set_online(true);
    rt.run();
    assert_eq!(kept(&client), vec![Some(true); 3], "all kept now");
    assert!(client.recent_events().iter().any(
        |e| matches!(&e.event, CacheEvent::KeptOnDevice { mutations } if mutations.len() == 3)
    ));
    while !writes.is_empty() {
        writes.answer_next(Ok(()));
        rt.run();
    }
    assert!(rt.storage().keys().is_empty(), "nothing left to keep");
}

/// A call without a registered definition is never persisted: it does not claim to be
/// kept, nor to have failed.
#[test]
fn an_unregistered_call_is_not_reported_as_kept_or_lost() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push());
    m.mutate("B".into());
    let infos = w.client.mutation_infos(&MutationFilter::default());
    assert_eq!(infos[0].kept_on_device, None);
}

// Bounded staleness without versions ----------------------------------------------------

impl World {
    /// An idempotent change: adds the title unless it is there (a toggle, a set, an
    /// add-if-absent: applied once or twice, the same data).
    fn add_unique(&self) -> MutationOptions<String, ()> {
        let gate = self.writes.clone();
        MutationOptions::new(move |title: String, ctx: MutationContext| {
            gate.request(title, Some(ctx.idempotency_key))
        })
        .idempotent()
        .optimistic(|title: &String, p| {
            let title = title.clone();
            p.modify(keys!["todos"], move |l: &mut List| {
                if !l.contains(&title) {
                    l.push(title.clone())
                }
            });
        })
    }

    fn events(&self) -> Vec<CacheEvent> {
        self.client
            .recent_events()
            .into_iter()
            .map(|e| e.event)
            .collect()
    }
}

/// The bound (crate rules, "bounded staleness"): under a steady stream of idempotent
/// writes, each read overlaps a write that succeeds while it travels. Such an answer is
/// shown, the succeeded layer kept on top, so another user's change ("Z", made before
/// the first read below was requested) shows with that first read: K = 1. Before, every
/// one of these answers was dropped and "Z" showed in 0 of 20 rounds.
#[test]
fn another_writers_change_shows_within_one_read_under_continuous_idempotent_writes() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.add_unique());
    let mut server = s(&["A", "Z"]); // another user added "Z"
    m.mutate("w0".into());
    w.rt.run();
    let mut first_shown = None;
    for i in 0..20 {
        w.client.refetch_queries(&QueryFilter::key(keys!["todos"]));
        w.rt.run();
        m.mutate(format!("w{}", i + 1));
        w.rt.run();
        let title = w.writes.answer_next(Ok(()));
        server.push(title);
        w.rt.run();
        while !w.reads.is_empty() {
            w.reads.answer_next(Ok(server.clone()));
            w.rt.run();
        }
        let visible = w.visible();
        for t in &visible {
            assert_eq!(
                visible.iter().filter(|v| *v == t).count(),
                1,
                "{t} twice: {visible:?}"
            );
        }
        if visible.contains(&"Z".to_string()) {
            first_shown.get_or_insert(i + 1);
        } else {
            assert!(first_shown.is_none(), "Z vanished again in round {}", i + 1);
        }
    }
    assert_eq!(
        first_shown,
        Some(1),
        "shown by the first read requested after it"
    );
    let title = w.writes.answer_next(Ok(()));
    server.push(title);
    w.rt.run();
    while !w.reads.is_empty() {
        w.reads.answer_next(Ok(server.clone()));
        w.rt.run();
    }
    assert_eq!(
        w.visible(),
        server,
        "once the writes settled, the cache is the server"
    );
    assert!(w.client.inspect(&keys!["todos"]).unwrap().layers.is_empty());
}

/// An answer that lands while a push is in flight is held, not dropped: the push is
/// refused (so the answer cannot hold it) and the held answer shows at once, with
/// another user's "Z", without a second read. Before, it was dropped and "Z" waited for
/// a refetch.
#[test]
fn a_held_answer_shows_once_the_push_it_overlapped_is_refused() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push());
    w.client.refetch_queries(&QueryFilter::key(keys!["todos"]));
    w.rt.run();
    m.mutate("B".into());
    w.rt.run();
    w.reads.answer_next(Ok(s(&["A", "Z"])));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["A", "B"]),
        "held: the push may or may not be in it"
    );
    assert!(w.events().contains(&CacheEvent::ResponseHeld {
        key: keys!["todos"]
    }));
    w.writes.answer_next(Err(FetchError::Http {
        status: 422,
        body: "no".into(),
    }));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["A", "Z"]),
        "shown once the push was refused"
    );
    // A refusal may follow an earlier request that applied: the key is read again.
    while !w.reads.is_empty() {
        w.reads.answer_next(Ok(s(&["A", "Z"])));
        w.rt.run();
    }
    assert_eq!(w.visible(), s(&["A", "Z"]));
}

/// The other half of the rule: the held answer holds the push (the server applied it
/// before answering) and the push succeeds. Without a version nothing tells whether it
/// holds it: shown with the layer it would show "B" twice, shown without it would hide
/// "B" if it did not. It is dropped and the key read again, and "B" shows once all along.
#[test]
fn a_held_answer_is_dropped_not_doubled_when_the_push_it_overlapped_succeeds() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push());
    w.client.refetch_queries(&QueryFilter::key(keys!["todos"]));
    w.rt.run();
    m.mutate("B".into());
    w.rt.run();
    w.reads.answer_next(Ok(s(&["A", "B"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["A", "B"]));
    w.writes.answer_next(Ok(()));
    w.rt.run();
    assert_eq!(w.visible(), s(&["A", "B"]), "not doubled");
    assert!(w.events().contains(&CacheEvent::UncertainResponseDropped {
        key: keys!["todos"]
    }));
    assert_eq!(w.reads.len(), 1, "read again");
    w.reads.answer_next(Ok(s(&["A", "B", "Z"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["A", "B", "Z"]));
}

// The limit without versions ------------------------------------------------------------

/// Rule 1 without versions, for changes not declared idempotent: under a steady stream
/// of pushes, every read overlaps a push that succeeds while it travels, and nothing
/// tells whether the answer holds it (showing it could show the push twice or hide it),
/// so another user's change ("Z") does not show while the user keeps pushing; it shows
/// once the writes settle. Versions lift this (see `versions.rs`).
#[test]
fn without_versions_continuous_pushes_still_hide_other_writers_until_they_settle() {
    let w = World::new();
    let _obs = w.loaded(&["A"]);
    let m = MutationObserver::new(&w.client, w.push());
    let mut server = s(&["A", "Z"]); // another user added "Z"
    m.mutate("w0".into());
    w.rt.run();
    let mut shown = 0;
    for i in 0..20 {
        w.client.refetch_queries(&QueryFilter::key(keys!["todos"]));
        w.rt.run();
        m.mutate(format!("w{}", i + 1));
        w.rt.run();
        let title = w.writes.answer_next(Ok(()));
        server.push(title);
        w.rt.run();
        while !w.reads.is_empty() {
            w.reads.answer_next(Ok(server.clone()));
            w.rt.run();
        }
        if w.visible().contains(&"Z".to_string()) {
            shown += 1;
        }
    }
    assert_eq!(shown, 0, "no read landed while writes kept overlapping");
    let title = w.writes.answer_next(Ok(()));
    server.push(title);
    w.rt.run();
    while !w.reads.is_empty() {
        w.reads.answer_next(Ok(server.clone()));
        w.rt.run();
    }
    assert_eq!(
        w.visible(),
        server,
        "once the writes settled, the refetch shows it all"
    );
}
