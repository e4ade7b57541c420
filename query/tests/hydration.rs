//! Dehydrate / hydrate: newer data wins, pending layers stay on top and are never
//! counted twice, filters pick what is written, and a state that cannot be read changes
//! nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::hydration::{DehydratedQuery, HydrationError, HYDRATION_VERSION};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use support::Gate;

type List = Vec<String>;

fn types() -> HydrationTypes {
    HydrationTypes::new()
        .query::<List>(keys!["todos"])
        .query::<u32>(keys!["count"])
}

fn list(items: &[&str]) -> List {
    items.iter().map(|s| s.to_string()).collect()
}

fn visible(c: &QueryClient) -> Option<List> {
    c.get_query_data::<List>(&keys!["todos"])
        .unwrap()
        .map(|l| (*l).clone())
}

/// A server client that fetched `todos` and `count` at `rt`'s time.
fn server(rt: &TestRuntime) -> QueryClient {
    let client = QueryClient::new(rt.runtime());
    client
        .set_query_data(&keys!["todos"], list(&["milk", "eggs"]))
        .unwrap();
    client.set_query_data(&keys!["count"], 2_u32).unwrap();
    client
}

fn add_options(gate: &Gate<()>) -> MutationOptions<String, ()> {
    let gate = gate.clone();
    MutationOptions::new(move |t: String, ctx: MutationContext| {
        gate.request(t, Some(ctx.idempotency_key))
    })
    .optimistic(|t: &String, p| {
        let t = t.clone();
        p.update(keys!["todos"], move |l: &List| {
            [l.clone(), vec![t.clone()]].concat()
        });
    })
}

#[test]
fn serde_round_trip_carries_data_and_fetch_times() {
    let rt = TestRuntime::new();
    rt.advance(1_000);
    let state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    assert_eq!(state.version, HYDRATION_VERSION);
    assert_eq!(state.queries.len(), 2);
    let back = DehydratedState::from_json(&state.to_json()).unwrap();
    assert_eq!(back.queries, state.queries);

    rt.advance(500);
    let browser = QueryClient::new(rt.runtime());
    let report = hydrate(&browser, &types(), &back).unwrap();
    assert_eq!(report.hydrated, vec![keys!["count"], keys!["todos"]]);
    assert!(report.skipped.is_empty());
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs"])));
    assert_eq!(
        *browser
            .get_query_data::<u32>(&keys!["count"])
            .unwrap()
            .unwrap(),
        2
    );
    // The server's fetch time, not the hydration's: staleness carries over.
    assert_eq!(
        browser.inspect(&keys!["todos"]).unwrap().data_updated_at,
        Some(1_000)
    );
}

#[test]
fn older_data_never_replaces_newer_and_equal_is_kept() {
    let rt = TestRuntime::new();
    let old = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    rt.advance(100);
    let browser = QueryClient::new(rt.runtime());
    browser
        .set_query_data(&keys!["todos"], list(&["fresh"]))
        .unwrap();
    let report = hydrate(&browser, &types(), &old).unwrap();
    assert_eq!(report.hydrated, vec![keys!["count"]]);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].0, keys!["todos"]);
    assert_eq!(visible(&browser), Some(list(&["fresh"])));
    assert_eq!(
        browser.inspect(&keys!["todos"]).unwrap().data_updated_at,
        Some(100)
    );

    // As fresh (same time): the cache keeps its own.
    let same = QueryClient::new(rt.runtime());
    same.set_query_data(&keys!["todos"], list(&["mine"]))
        .unwrap();
    let now_state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    hydrate(&same, &types(), &now_state).unwrap();
    assert_eq!(visible(&same), Some(list(&["mine"])));
}

#[test]
fn newer_data_replaces_older() {
    let rt = TestRuntime::new();
    let browser = QueryClient::new(rt.runtime());
    browser
        .set_query_data(&keys!["todos"], list(&["old"]))
        .unwrap();
    rt.advance(100);
    let newer = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    let report = hydrate(&browser, &types(), &newer).unwrap();
    assert!(report.hydrated.contains(&keys!["todos"]));
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs"])));
    assert_eq!(
        browser.inspect(&keys!["todos"]).unwrap().data_updated_at,
        Some(100)
    );
}

#[test]
fn a_pending_optimistic_call_stays_painted_over_hydrated_data() {
    let rt = TestRuntime::new();
    let gate = Gate::default();
    let browser = QueryClient::new(rt.runtime());
    let state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    hydrate(&browser, &types(), &state).unwrap();
    let add = MutationObserver::new(&browser, add_options(&gate));
    add.mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 1, "the call is on the wire");
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs", "bread"])));

    // A newer state arrives while the call is pending: it may or may not hold the
    // change, so it is not written (the layer would show it twice).
    rt.advance(100);
    let newer_server = QueryClient::new(rt.runtime());
    newer_server
        .set_query_data(&keys!["todos"], list(&["milk", "eggs", "bread"]))
        .unwrap();
    let newer = dehydrate(&newer_server, &types(), &QueryFilter::all());
    let report = hydrate(&browser, &types(), &newer).unwrap();
    assert!(report.skipped.iter().any(|(k, _)| *k == keys!["todos"]));
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs", "bread"])));
    assert_eq!(browser.inspect(&keys!["todos"]).unwrap().layers.len(), 1);
}

#[test]
fn an_unsent_call_without_data_gets_the_hydrated_data_under_its_layer() {
    let rt = TestRuntime::new();
    let gate = Gate::default();
    let browser = QueryClient::new(rt.runtime());
    browser.set_online(false);
    let add = MutationObserver::new(&browser, add_options(&gate));
    add.mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 0, "offline: nothing sent");
    assert_eq!(visible(&browser), None);

    let state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    let report = hydrate(&browser, &types(), &state).unwrap();
    assert!(report.hydrated.contains(&keys!["todos"]));
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs", "bread"])));
    assert_eq!(browser.inspect(&keys!["todos"]).unwrap().layers.len(), 1);
}

#[test]
fn a_sent_call_on_a_key_without_data_keeps_the_state_out() {
    let rt = TestRuntime::new();
    let gate = Gate::default();
    let browser = QueryClient::new(rt.runtime());
    let add = MutationObserver::new(&browser, add_options(&gate));
    add.mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 1);
    let state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    let report = hydrate(&browser, &types(), &state).unwrap();
    assert_eq!(report.hydrated, vec![keys!["count"]]);
    assert_eq!(visible(&browser), None);
}

#[test]
fn filters_and_registrations_pick_what_is_dehydrated() {
    let rt = TestRuntime::new();
    let server = server(&rt);
    server
        .set_query_data(&keys!["secret"], "not registered".to_string())
        .unwrap();
    let todos_only = dehydrate(&server, &types(), &QueryFilter::key(keys!["todos"]));
    assert_eq!(
        todos_only
            .queries
            .iter()
            .map(|q| q.key.clone())
            .collect::<Vec<_>>(),
        vec![keys!["todos"]]
    );
    let all = dehydrate(&server, &types(), &QueryFilter::all());
    assert_eq!(all.queries.len(), 2);
    assert_eq!(all.left_out, vec![keys!["secret"]]);
    assert!(!all.to_json().contains("not registered"));

    // A state key the client has no type for is skipped, the rest hydrated.
    let browser = QueryClient::new(rt.runtime());
    let only_todos = HydrationTypes::new().query::<List>(keys!["todos"]);
    let report = hydrate(&browser, &only_todos, &all).unwrap();
    assert_eq!(report.hydrated, vec![keys!["todos"]]);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].0, keys!["count"]);
    assert!(browser.inspect(&keys!["count"]).is_none());
}

#[test]
fn persisted_query_registrations_cover_hydration_too() {
    let rt = TestRuntime::new();
    let server = server(&rt);
    server.persist_query::<List>(keys!["todos"]);
    let state = dehydrate(&server, &HydrationTypes::new(), &QueryFilter::all());
    assert_eq!(state.queries.len(), 1);
    let browser = QueryClient::new(rt.runtime());
    browser.persist_query::<List>(keys!["todos"]);
    hydrate(&browser, &HydrationTypes::new(), &state).unwrap();
    assert_eq!(visible(&browser), Some(list(&["milk", "eggs"])));
}

/// A client with data, for the refusals: they must leave it exactly so.
fn untouched_client(rt: &TestRuntime) -> QueryClient {
    let c = QueryClient::new(rt.runtime());
    c.set_query_data(&keys!["count"], 7_u32).unwrap();
    c
}

fn assert_untouched(c: &QueryClient) {
    assert_eq!(c.query_keys(&QueryFilter::all()), vec![keys!["count"]]);
    assert_eq!(
        *c.get_query_data::<u32>(&keys!["count"]).unwrap().unwrap(),
        7
    );
}

#[test]
fn corrupt_text_is_a_clear_error() {
    for text in [
        "{not json",
        "[]",
        r#"{"format":"something else","version":1}"#,
    ] {
        match DehydratedState::from_json(text) {
            Err(HydrationError::Corrupt(why)) => assert!(!why.is_empty()),
            other => panic!("{text}: expected Corrupt, got {other:?}"),
        }
    }
    let rt = TestRuntime::new();
    let mut bad = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    bad.format = "nope".into();
    let c = untouched_client(&rt);
    assert!(matches!(
        hydrate(&c, &types(), &bad),
        Err(HydrationError::Corrupt(_))
    ));
    assert_untouched(&c);
}

#[test]
fn another_version_is_refused_and_nothing_changes() {
    let rt = TestRuntime::new();
    let state = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    let text = state.to_json().replace(
        &format!("\"version\":{HYDRATION_VERSION}"),
        "\"version\":99",
    );
    let err = DehydratedState::from_json(&text).unwrap_err();
    assert_eq!(err, HydrationError::OtherVersion(99));
    assert!(err.to_string().contains("99"));

    let mut other = state.clone();
    other.version = 99;
    let c = untouched_client(&rt);
    assert_eq!(
        hydrate(&c, &types(), &other),
        Err(HydrationError::OtherVersion(99))
    );
    assert_untouched(&c);
}

#[test]
fn data_that_does_not_fit_refuses_the_whole_state() {
    let rt = TestRuntime::new();
    rt.advance(10);
    let mut state = dehydrate(&server(&rt), &types(), &QueryFilter::key(keys!["todos"]));
    // A valid query first, then one whose data is not a u32: nothing is written.
    state.queries.push(DehydratedQuery {
        key: keys!["count"],
        updated_at: Some(10),
        data: serde_json::json!("two"),
    });
    let c = QueryClient::new(rt.runtime());
    c.set_query_data(&keys!["count"], 7_u32).unwrap();
    match hydrate(&c, &types(), &state) {
        Err(HydrationError::DataMismatch { key, reason }) => {
            assert_eq!(key, keys!["count"]);
            assert!(reason.contains("u32"), "{reason}");
        }
        other => panic!("expected DataMismatch, got {other:?}"),
    }
    assert_untouched(&c);
    assert_eq!(visible(&c), None);
}

#[test]
fn data_under_pending_changes_is_not_overwritten_even_by_newer_data() {
    let rt = TestRuntime::new();
    let gate = Gate::default();
    let browser = QueryClient::new(rt.runtime());
    browser
        .set_query_data(&keys!["todos"], list(&["a"]))
        .unwrap();
    browser.set_online(false);
    let add = MutationObserver::new(&browser, add_options(&gate));
    add.mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 0, "offline: nothing sent");
    rt.advance(100);
    let newer = dehydrate(&server(&rt), &types(), &QueryFilter::all());
    let report = hydrate(&browser, &types(), &newer).unwrap();
    assert_eq!(report.hydrated, vec![keys!["count"]]);
    assert_eq!(visible(&browser), Some(list(&["a", "bread"])));
}

/// A page over `storage` with the add call registered (so its queue is persisted and
/// restored), offline unless told.
fn page(
    storage: &optimistic_query::storage::MemoryStorage,
    gate: &Gate<()>,
) -> (TestRuntime, QueryClient) {
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::new(rt.runtime());
    client.register_mutation(keys!["todos", "add"], add_options(gate));
    (rt, client)
}

#[test]
fn after_a_reload_restored_unsent_changes_go_on_top_and_sent_ones_keep_the_state_out() {
    let state_at = |rt: &TestRuntime| dehydrate(&server(rt), &types(), &QueryFilter::all());

    // Unsent (made offline): the hydrated data goes under the restored layer.
    let storage = optimistic_query::storage::MemoryStorage::default();
    let gate = Gate::default();
    let (rt, first) = page(&storage, &gate);
    first.set_online(false);
    MutationObserver::new(&first, add_options(&gate).key(keys!["todos", "add"]))
        .mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 0);
    drop(first);
    let (rt, second) = page(&storage, &gate);
    second.set_online(false);
    assert_eq!(second.restore_mutations().unwrap().restored.len(), 1);
    let report = hydrate(&second, &types(), &state_at(&rt)).unwrap();
    assert!(report.hydrated.contains(&keys!["todos"]));
    assert_eq!(visible(&second), Some(list(&["milk", "eggs", "bread"])));

    // Sent before the reload: the server's copy may hold it, so no hydration there.
    let storage = optimistic_query::storage::MemoryStorage::default();
    let gate = Gate::default();
    let (rt, first) = page(&storage, &gate);
    MutationObserver::new(&first, add_options(&gate).key(keys!["todos", "add"]))
        .mutate("bread".into());
    rt.run();
    assert_eq!(gate.len(), 1, "sent");
    drop(first);
    let (rt, second) = page(&storage, &gate);
    second.set_online(false);
    assert_eq!(second.restore_mutations().unwrap().restored.len(), 1);
    let report = hydrate(&second, &types(), &state_at(&rt)).unwrap();
    assert_eq!(report.hydrated, vec![keys!["count"]]);
    assert!(report.skipped.iter().any(|(k, _)| *k == keys!["todos"]));
}
