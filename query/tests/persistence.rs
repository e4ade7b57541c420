//! Persisted queries (issue 8): chosen queries' confirmed data survives a reload, under
//! the restored queue's layers; old, busted, foreign or corrupt caches are refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::persist::{QueryCacheDiscarded, QueryPersistence};
use optimistic_query::storage::{MemoryStorage, Storage};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use serde::{Deserialize, Serialize};
use support::Gate;

type List = Vec<String>;
const QUERIES: &str = "yew-optimistic/queries";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Add(String);

struct Page {
    rt: TestRuntime,
    client: QueryClient,
}

fn config(buster: &str) -> ClientConfig {
    ClientConfig {
        seed: Some(11),
        query_retry: RetryPolicy::never(),
        query_persistence: QueryPersistence {
            buster: buster.into(),
            max_age: 60_000,
            throttle: 500,
            ..Default::default()
        },
        ..Default::default()
    }
}

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

/// Opens a page as an app does: register, restore queries, then the queue.
fn open(
    storage: &MemoryStorage,
    gate: &Gate<()>,
    online: bool,
    at: Millis,
    buster: &str,
) -> (Page, QueryRestoreReport) {
    let rt = TestRuntime::with_storage(storage.clone());
    rt.advance(at);
    let client = QueryClient::with_config(rt.runtime(), config(buster));
    client.set_online(online);
    client.persist_query::<List>(keys!["todos"]);
    client.register_mutation(keys!["todos", "add"], add(gate));
    let report = client.restore_queries();
    client.restore_mutations().unwrap();
    rt.run();
    (Page { rt, client }, report)
}

fn todos(reads: &Gate<List>) -> QueryOptions<List> {
    let g = reads.clone();
    QueryOptions::new(keys!["todos"], move |_| g.request("GET", None))
}

fn visible(c: &QueryClient) -> Option<List> {
    c.get_query_data::<List>(&keys!["todos"])
        .unwrap()
        .map(|l| (*l).clone())
}

fn s(v: &[&str]) -> List {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn a_reload_while_offline_shows_the_data_and_every_pending_change() {
    let storage = MemoryStorage::default();
    let (gate, reads) = (Gate::default(), Gate::default());
    let (page, _) = open(&storage, &gate, true, 0, "v1");
    let obs = QueryObserver::new(&page.client, todos(&reads)).unwrap();
    page.rt.run();
    reads.answer_next(Ok(s(&["milk"])));
    page.rt.run();
    page.client.set_online(false);
    let m = MutationObserver::new(&page.client, add(&gate).key(keys!["todos", "add"]));
    m.mutate(Add("eggs".into()));
    page.rt.advance(1_000); // the throttled write of the fetched data
    drop((obs, m, page));

    let (page, report) = open(&storage, &gate, false, 5_000, "v1");
    assert_eq!(report.restored, vec![keys!["todos"]]);
    assert_eq!(visible(&page.client), Some(s(&["milk", "eggs"])));
    let obs = QueryObserver::new(&page.client, todos(&reads)).unwrap();
    assert!(obs.result().is_optimistic, "the change is marked pending");
    assert!(obs.result().is_paused(), "no fetch while offline");
    assert_eq!(gate.len(), 0);
}

#[test]
fn a_settled_change_is_persisted_with_the_queue() {
    let storage = MemoryStorage::default();
    let (gate, reads) = (Gate::default(), Gate::default());
    let (page, _) = open(&storage, &gate, true, 0, "v1");
    let obs = QueryObserver::new(&page.client, todos(&reads)).unwrap();
    page.rt.run();
    reads.answer_next(Ok(s(&["milk"])));
    page.rt.run();
    let m = MutationObserver::new(&page.client, add(&gate).key(keys!["todos", "add"]));
    m.mutate(Add("eggs".into()));
    page.rt.run();
    gate.answer_next(Ok(()));
    page.rt.run();
    // Reloaded at once: no throttle ran, yet the accepted change is in the saved data.
    drop((obs, m, page));
    let (page, _) = open(&storage, &gate, false, 10, "v1");
    assert_eq!(visible(&page.client), Some(s(&["milk", "eggs"])));
    assert!(
        storage.get("yew-optimistic/mutations").is_none(),
        "nothing left to replay"
    );
}

#[test]
fn old_busted_foreign_and_corrupt_caches_are_not_used() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, true, 0, "v1");
    page.client
        .set_query_data(&keys!["todos"], s(&["milk"]))
        .unwrap();
    page.client.persist_queries_now();
    drop(page);

    let (page, report) = open(&storage, &gate, true, 120_000, "v1");
    assert!(matches!(
        report.discarded,
        Some(QueryCacheDiscarded::Expired { .. })
    ));
    assert_eq!(visible(&page.client), None);
    drop(page);

    let (page, report) = open(&storage, &gate, true, 10, "v2");
    assert_eq!(
        report.discarded,
        Some(QueryCacheDiscarded::Busted { found: "v1".into() })
    );
    assert_eq!(visible(&page.client), None);
    drop(page);

    storage
        .set(
            QUERIES,
            "{\"format\":\"yew-optimistic/query-cache\",\"version\":7}",
        )
        .unwrap();
    let (_page, report) = open(&storage, &gate, true, 10, "v1");
    assert_eq!(report.discarded, Some(QueryCacheDiscarded::OtherVersion(7)));

    storage.set(QUERIES, "<html>not json").unwrap();
    let (page, report) = open(&storage, &gate, true, 10, "v1");
    assert!(matches!(
        report.discarded,
        Some(QueryCacheDiscarded::Corrupt { .. })
    ));
    assert_eq!(
        storage.get(&format!("{QUERIES}.corrupt")).as_deref(),
        Some("<html>not json")
    );
    // The app goes on and saves afresh.
    page.client
        .set_query_data(&keys!["todos"], s(&["tea"]))
        .unwrap();
    page.client.persist_queries_now();
    assert!(storage.get(QUERIES).unwrap().contains("tea"));
}

#[test]
fn data_that_no_longer_fits_its_type_is_skipped() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    {
        let rt = TestRuntime::with_storage(storage.clone());
        let client = QueryClient::with_config(rt.runtime(), config("v1"));
        client.persist_query::<u32>(keys!["todos"]);
        client.set_query_data(&keys!["todos"], 5_u32).unwrap();
        client.persist_queries_now();
    }
    let (page, report) = open(&storage, &gate, true, 10, "v1");
    assert!(report.restored.is_empty());
    assert!(
        report.skipped[0].1.contains("does not fit"),
        "{:?}",
        report.skipped
    );
    assert_eq!(visible(&page.client), None);
}

#[test]
fn restored_data_keeps_its_age_so_a_stale_query_is_refetched() {
    let storage = MemoryStorage::default();
    let (gate, reads) = (Gate::default(), Gate::default());
    let (page, _) = open(&storage, &gate, true, 0, "v1");
    page.client
        .set_query_data(&keys!["todos"], s(&["milk"]))
        .unwrap();
    page.client.persist_queries_now();
    drop(page);
    let (page, _) = open(&storage, &gate, true, 30_000, "v1");
    let obs = QueryObserver::new(&page.client, todos(&reads).stale_time(10_000)).unwrap();
    page.rt.run();
    assert_eq!(obs.result().data.as_deref(), Some(&s(&["milk"])));
    assert_eq!(
        reads.len(),
        1,
        "30 s old data under a 10 s stale time is refetched"
    );
    assert_eq!(obs.result().data_updated_at, Some(0));
}

#[test]
fn fetched_data_is_written_within_the_throttle() {
    let storage = MemoryStorage::default();
    let (gate, reads) = (Gate::default(), Gate::default());
    let (page, _) = open(&storage, &gate, true, 0, "v1");
    let _obs = QueryObserver::new(&page.client, todos(&reads)).unwrap();
    page.rt.run();
    reads.answer_next(Ok(s(&["milk"])));
    page.rt.run();
    assert!(storage.get(QUERIES).is_none(), "not before the throttle");
    page.rt.advance(500);
    assert!(storage.get(QUERIES).unwrap().contains("milk"));
}

/// Persistence is opt-in (issue 16): a client that never asks for it leaves storage
/// alone, whatever its work, so its code can stay out of an app's bundle.
#[test]
fn a_client_that_never_opts_in_reads_and_writes_no_storage() {
    let storage = MemoryStorage::default();
    let garbage = "{\"format\": not a queue";
    storage.set("yew-optimistic/mutations", garbage).unwrap();
    storage.set(QUERIES, garbage).unwrap();
    let before = storage.keys();
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(rt.runtime(), config("v1"));
    assert!(client.persistence().is_none());

    let gate = Gate::default();
    client
        .set_query_data(&keys!["todos"], s(&["milk"]))
        .unwrap();
    let m = MutationObserver::new(&client, add(&gate));
    m.mutate(Add("eggs".into()));
    rt.run();
    client.persist_queries_now();
    client.queue_changed_elsewhere();
    gate.answer_next(Ok(()));
    rt.advance(5_000);

    assert!(client.persistence().is_none(), "nothing asked for it");
    assert_eq!(
        storage.keys(),
        before,
        "no write, no backup of the unreadable texts"
    );
    assert_eq!(
        storage.get("yew-optimistic/mutations").as_deref(),
        Some(garbage)
    );
    assert_eq!(storage.get(QUERIES).as_deref(), Some(garbage));
}

#[test]
fn registering_a_mutation_or_persisting_a_query_opts_in() {
    let gate = Gate::default();
    let rt = TestRuntime::new();
    let queue = QueryClient::with_config(rt.runtime(), config("v1"));
    queue.register_mutation(keys!["todos", "add"], add(&gate));
    assert!(queue.persistence().is_some());
    let m = MutationObserver::new(&queue, add(&gate));
    m.mutate(Add("eggs".into()));
    rt.run();
    assert!(
        rt.storage().get("yew-optimistic/mutations").is_some(),
        "the registered call is in the stored queue"
    );

    let queries = QueryClient::with_config(TestRuntime::new().runtime(), config("v1"));
    queries.persist_query::<List>(keys!["todos"]);
    assert!(queries.persistence().is_some());

    let explicit = QueryClient::with_config(TestRuntime::new().runtime(), config("v1"));
    let persistence = explicit.enable_persistence();
    assert!(persistence.other_owners().is_empty());
    assert!(explicit.persistence().is_some());
}
