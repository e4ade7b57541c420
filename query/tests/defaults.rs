//! `set_query_defaults` / `set_mutation_defaults` (issue 18): options by key prefix, the
//! longest prefix on top, the query's own options over all of them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::Cell;
use std::rc::Rc;

fn counted(key: QueryKey, calls: &Rc<Cell<u32>>) -> QueryOptions<u32> {
    let calls = calls.clone();
    QueryOptions::new(key, move |_| {
        calls.set(calls.get() + 1);
        let n = calls.get();
        async move { Ok::<_, FetchError>(n) }
    })
}

fn failing(key: QueryKey, calls: &Rc<Cell<u32>>) -> QueryOptions<u32> {
    let calls = calls.clone();
    QueryOptions::new(key, move |_| {
        calls.set(calls.get() + 1);
        async move { Err::<u32, _>(FetchError::Network("down".into())) }
    })
}

#[test]
fn the_longest_matching_prefix_wins_and_shorter_ones_fill_the_rest() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_query_defaults(
        keys!["todos"],
        QueryDefaults::default()
            .retry(RetryPolicy::times(3).delays(1, 1))
            .meta("todos"),
    );
    client.set_query_defaults(
        keys!["todos", "done"],
        QueryDefaults::default().retry(RetryPolicy::never()),
    );

    let calls = Rc::new(Cell::new(0));
    let _done = QueryObserver::new(&client, failing(keys!["todos", "done", 1], &calls)).unwrap();
    rt.settle(10_000);
    assert_eq!(calls.get(), 1, "[todos, done] says never retry");
    let snap = client.inspect(&keys!["todos", "done", 1]).unwrap();
    assert_eq!(
        snap.meta.and_then(|m| m.get::<&str>().copied()),
        Some("todos"),
        "the shorter prefix fills what the longer leaves unset"
    );

    let calls = Rc::new(Cell::new(0));
    let _open = QueryObserver::new(&client, failing(keys!["todos", "open"], &calls)).unwrap();
    rt.settle(10_000);
    assert_eq!(calls.get(), 4, "[todos] says three retries");

    let calls = Rc::new(Cell::new(0));
    let _other = QueryObserver::new(&client, failing(keys!["users"], &calls)).unwrap();
    rt.settle(100_000);
    let config_retries = ClientConfig::default().query_retry;
    assert!(
        config_retries.should_retry(0, ErrorKind::Network),
        "the client's policy retries"
    );
    assert!(
        calls.get() > 1,
        "a key no prefix matches keeps the client's config"
    );
    assert!(client.inspect(&keys!["users"]).unwrap().meta.is_none());
}

#[test]
fn options_set_on_the_query_win_over_its_keys_defaults() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_query_defaults(
        keys!["todos"],
        QueryDefaults::default()
            .stale_time(60_000)
            .retry(RetryPolicy::never())
            .meta("default"),
    );
    let calls = Rc::new(Cell::new(0));
    let own = counted(keys!["todos"], &calls).stale_time(0).meta("own");
    let _a = QueryObserver::new(&client, own.clone()).unwrap();
    rt.run();
    let _b = QueryObserver::new(&client, own).unwrap();
    rt.run();
    assert_eq!(
        calls.get(),
        2,
        "its own stale_time(0): a new observer refetches"
    );
    let meta = client.inspect(&keys!["todos"]).unwrap().meta.unwrap();
    assert_eq!(meta.get::<&str>(), Some(&"own"));

    let calls = Rc::new(Cell::new(0));
    let retried = failing(keys!["todos", 2], &calls).retry(RetryPolicy::times(1).delays(1, 1));
    let _c = QueryObserver::new(&client, retried).unwrap();
    rt.settle(10_000);
    assert_eq!(calls.get(), 2, "its own retry policy, not the key's never");
}

#[test]
fn defaults_make_data_fresh_and_turn_off_focus_refetches() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_query_defaults(
        keys!["settings"],
        QueryDefaults::default()
            .stale_time(60_000)
            .refetch_on_window_focus(false),
    );
    let calls = Rc::new(Cell::new(0));
    let _a = QueryObserver::new(&client, counted(keys!["settings"], &calls)).unwrap();
    rt.run();
    let _b = QueryObserver::new(&client, counted(keys!["settings"], &calls)).unwrap();
    rt.run();
    assert_eq!(
        calls.get(),
        1,
        "fresh for a minute: the second observer does not fetch"
    );
    rt.advance(120_000);
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(
        calls.get(),
        1,
        "stale now, but focus does not refetch [settings]"
    );

    let others = Rc::new(Cell::new(0));
    let _c = QueryObserver::new(&client, counted(keys!["news"], &others)).unwrap();
    rt.run();
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(others.get(), 2, "another key still refetches on focus");
}

#[test]
fn setting_a_prefix_again_replaces_its_defaults() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_query_defaults(keys!["a"], QueryDefaults::default().meta(1_u8));
    client.set_query_defaults(keys!["a"], QueryDefaults::default().meta(2_u8));
    client.prefetch_query(&QueryOptions::new(keys!["a"], |_| async {
        Ok::<u8, FetchError>(0)
    }));
    rt.run();
    let meta = client.inspect(&keys!["a"]).unwrap().meta.unwrap();
    assert_eq!(meta.get::<u8>(), Some(&2));
}

#[test]
fn mutation_defaults_apply_by_key_and_the_calls_own_options_win() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_mutation_defaults(
        keys!["todos"],
        MutationDefaults::default()
            .retry(RetryPolicy::times(2).delays(1, 1))
            .meta("Could not save your todo"),
    );
    let calls = Rc::new(Cell::new(0));
    let make = |calls: &Rc<Cell<u32>>| {
        let calls = calls.clone();
        MutationOptions::new(move |_: u32, _| {
            calls.set(calls.get() + 1);
            async move {
                Err::<u32, _>(FetchError::<String>::Http {
                    status: 429,
                    body: String::new(),
                })
            }
        })
        // After its retries the call ends, rather than being resent as unknown.
        .resend_unknown(false)
    };
    let m = MutationObserver::new(&client, make(&calls).key(keys!["todos", "add"]));
    m.mutate(1);
    rt.settle(10_000);
    assert_eq!(calls.get(), 3, "two retries from [todos]");
    let info = client
        .mutation_infos(&MutationFilter::default())
        .pop()
        .unwrap();
    assert_eq!(
        info.meta.and_then(|m| m.get::<&str>().copied()),
        Some("Could not save your todo")
    );

    let own = Rc::new(Cell::new(0));
    let m = MutationObserver::new(
        &client,
        make(&own)
            .key(keys!["todos", "add"])
            .retry(RetryPolicy::never()),
    );
    m.mutate(2);
    rt.settle(10_000);
    assert_eq!(own.get(), 1, "its own retry wins");

    let unkeyed = Rc::new(Cell::new(0));
    let m = MutationObserver::new(&client, make(&unkeyed).retry(RetryPolicy::never()));
    m.mutate(3);
    rt.settle(10_000);
    let infos = client.mutation_infos(&MutationFilter::default());
    assert!(
        infos
            .iter()
            .filter(|i| i.key.is_none())
            .all(|i| i.meta.is_none()),
        "no key, no defaults"
    );
}
