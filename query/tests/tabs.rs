//! Tabs of one origin share the persisted queue (issue 8): each replays its own calls,
//! none overwrites another's, a closed tab's calls are adopted by another, and a tab
//! learns when another settled a call.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::persist::PersistedQueue;
use optimistic_query::storage::{MemoryStorage, Storage};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use serde::{Deserialize, Serialize};
use support::Gate;

type List = Vec<String>;
const QUEUE: &str = "yew-optimistic/mutations";

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

fn tab(name: &str, storage: &MemoryStorage, gate: &Gate<()>, online: bool) -> Tab {
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            // Tabs draw their keys from different random seeds.
            seed: Some(name.bytes().map(u64::from).sum::<u64>() * 7919),
            tab_id: Some(name.into()),
            ..Default::default()
        },
    );
    client.set_online(online);
    client.register_mutation(keys!["todos", "add"], add(gate));
    client.set_query_data(&keys!["todos"], List::new()).unwrap();
    let add = MutationObserver::new(&client, add(gate).key(keys!["todos", "add"]));
    Tab { rt, client, add }
}

fn queued(storage: &MemoryStorage) -> Vec<(String, Option<String>)> {
    storage
        .get(QUEUE)
        .map(|t| {
            PersistedQueue::parse(&t)
                .unwrap()
                .mutations
                .into_iter()
                .map(|m| {
                    (
                        m.variables.as_str().unwrap_or_default().to_string(),
                        m.owner,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn two_tabs_offline_keep_both_queues_and_each_change_is_sent_once() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let a = tab("a", &storage, &gate, false);
    let b = tab("b", &storage, &gate, false);
    a.add.mutate(Add("from a".into()));
    b.rt.advance(1);
    b.add.mutate(Add("from b".into()));
    a.rt.advance(2);
    a.add.mutate(Add("again a".into()));
    a.rt.run();
    b.rt.run();
    assert_eq!(
        queued(&storage),
        vec![
            ("from a".into(), Some("a".into())),
            ("from b".into(), Some("b".into())),
            ("again a".into(), Some("a".into())),
        ],
        "neither tab overwrote the other's calls"
    );
    // Both reconnect together.
    a.client.set_online(true);
    b.client.set_online(true);
    for _ in 0..10 {
        a.rt.run();
        b.rt.run();
        if !gate.is_empty() {
            gate.answer_next(Ok(()));
        }
    }
    let mut sent = gate.sent.borrow().clone();
    sent.sort();
    assert_eq!(
        sent,
        vec!["again a", "from a", "from b"],
        "each change once"
    );
    assert!(storage.get(QUEUE).is_none(), "nothing left");
}

#[test]
fn a_tab_closed_mid_replay_hands_its_calls_over() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    {
        let a = tab("a", &storage, &gate, true);
        a.add.mutate(Add("x".into()));
        a.rt.run();
        assert_eq!(gate.len(), 1, "sent");
        // The tab closes before the answer comes.
    }
    let key = gate.queue_keys()[0].clone();
    let b = tab("b", &storage, &gate, true);
    let report = b.client.adopt_mutations(|owner| owner == "a").unwrap();
    assert_eq!(report.restored.len(), 1);
    b.rt.run();
    assert_eq!(
        *b.client
            .get_query_data::<List>(&keys!["todos"])
            .unwrap()
            .unwrap(),
        vec!["x".to_string()]
    );
    assert_eq!(
        gate.queue_keys()[1],
        key,
        "replayed under the same idempotency key"
    );
    assert_eq!(
        queued(&storage),
        vec![("x".into(), Some("b".into()))],
        "b owns it now"
    );
    gate.answer(1, Ok(()));
    b.rt.run();
    assert!(storage.get(QUEUE).is_none());
}

#[test]
fn calls_of_an_open_tab_are_left_to_it() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let a = tab("a", &storage, &gate, false);
    a.add.mutate(Add("x".into()));
    a.rt.run();
    let b = tab("b", &storage, &gate, true);
    let report = b.client.adopt_mutations(|owner| owner != "a").unwrap();
    assert!(report.restored.is_empty());
    b.rt.run();
    assert_eq!(gate.len(), 0, "b does not send a's call");
    b.add.mutate(Add("y".into()));
    b.rt.run();
    assert_eq!(
        queued(&storage),
        vec![
            ("x".into(), Some("a".into())),
            ("y".into(), Some("b".into()))
        ],
        "b's own call is queued next to a's, which b does not touch"
    );
    gate.answer_next(Ok(()));
    b.rt.run();
    assert_eq!(queued(&storage), vec![("x".into(), Some("a".into()))]);
}

#[test]
fn a_tab_learns_that_another_settled_a_call_and_refetches() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let reads: Gate<List> = Gate::default();
    let a = tab("a", &storage, &gate, true);
    let b = tab("b", &storage, &gate, true);
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
    assert_eq!(reads.len(), 0, "nothing settled yet");
    gate.answer_next(Ok(()));
    a.rt.run();
    b.client.queue_changed_elsewhere(); // the storage event of a's settle
    b.rt.run();
    assert_eq!(
        reads.labels(),
        vec!["GET in b"],
        "b refetched what a's call patched"
    );
}

#[test]
fn a_call_adopted_by_one_tab_is_not_adopted_by_another() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    {
        let a = tab("a", &storage, &gate, false);
        a.add.mutate(Add("x".into()));
        a.rt.run();
    }
    let b = tab("b", &storage, &gate, true);
    let c = tab("c", &storage, &gate, true);
    b.client.adopt_mutations(|o| o == "a").unwrap();
    // c also sees a closed, but b took the call over first (and b is open).
    let report = c.client.adopt_mutations(|o| o == "a").unwrap();
    assert!(report.restored.is_empty());
    b.rt.run();
    c.rt.run();
    assert_eq!(gate.len(), 1, "sent once, by b");
    assert_eq!(queued(&storage), vec![("x".into(), Some("b".into()))]);
    // Had both raced (read before either wrote), both would send under the call's one
    // idempotency key, and the server would apply it once.
}

/// b's reads in the tests below: a GET that b's observer of `todos` makes.
fn watch_todos(b: &Tab, reads: &Gate<List>) -> QueryObserver<List> {
    let r = reads.clone();
    QueryObserver::new(
        &b.client,
        QueryOptions::new(keys!["todos"], move |_| r.request("GET in b", None)).stale_time(60_000),
    )
    .unwrap()
}

#[test]
fn a_call_that_came_and_went_before_the_storage_events_were_handled_still_refetches() {
    // A busy page handles storage events late: by the time it reads storage for the
    // first one, the other tab's call was written and removed again. The events
    // themselves carry what changed.
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let reads: Gate<List> = Gate::default();
    let a = tab("a", &storage, &gate, true);
    let b = tab("b", &storage, &gate, true);
    let _obs = watch_todos(&b, &reads);
    a.add.mutate(Add("x".into()));
    a.rt.run();
    let with_x = storage.get(QUEUE);
    assert!(with_x.is_some());
    gate.answer_next(Ok(()));
    a.rt.run();
    assert_eq!(storage.get(QUEUE), None, "a settled its call");
    // The two events (a's write, a's settle), handled only now.
    b.client
        .queue_changed_elsewhere_with(None, with_x.as_deref());
    b.client
        .queue_changed_elsewhere_with(with_x.as_deref(), None);
    b.rt.run();
    assert_eq!(
        reads.labels(),
        vec!["GET in b"],
        "b refetched what a's call patched"
    );
}

#[test]
fn a_settled_call_written_back_by_a_stale_write_still_refetches_and_is_cleaned_up() {
    // Local storage is not transactional across tabs: b's write, made from b's copy
    // of the queue before a's removal reached it, puts a's settled call back. b's own
    // reads then always find the call, so only the event of a's settle says it left;
    // and a, which owns the call, removes it again.
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let reads: Gate<List> = Gate::default();
    let a = tab("a", &storage, &gate, true);
    let b = tab("b", &storage, &gate, true);
    let _obs = watch_todos(&b, &reads);
    a.add.mutate(Add("x".into()));
    a.rt.run();
    let with_x = storage.get(QUEUE);
    b.client
        .queue_changed_elsewhere_with(None, with_x.as_deref());
    gate.answer_next(Ok(()));
    a.rt.run();
    assert_eq!(storage.get(QUEUE), None, "a settled its call");
    // b's stale write lands after a's removal.
    storage.set(QUEUE, with_x.as_deref().unwrap()).unwrap();
    b.client
        .queue_changed_elsewhere_with(with_x.as_deref(), None);
    b.rt.run();
    assert_eq!(
        reads.labels(),
        vec!["GET in b"],
        "b refetched what a's call patched"
    );
    // a hears of the write that put its settled call back, and takes it out.
    a.client
        .queue_changed_elsewhere_with(None, with_x.as_deref());
    a.rt.run();
    assert_eq!(
        queued(&storage),
        vec![],
        "a's settled call left storage again"
    );
    assert!(a.add.state().is_success());
}
