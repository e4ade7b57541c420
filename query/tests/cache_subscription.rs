//! `QueryClient::subscribe_cache` (issue 18): queries and mutations added, updated and
//! removed, told after the operation with no borrow held, until the subscription drops.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::RefCell;
use std::rc::Rc;

fn log_of(client: &QueryClient) -> (Rc<RefCell<Vec<CacheChange>>>, Subscription) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let l = log.clone();
    let sub = client.subscribe_cache(move |c| l.borrow_mut().push(c.clone()));
    (log, sub)
}

#[test]
fn a_fetched_query_is_added_updated_and_collected() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let (log, _sub) = log_of(&client);
    let obs = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["todos"], |_| async { Ok::<u8, FetchError>(1) }).gc_time(10),
    )
    .unwrap();
    rt.run();
    let seen = log.borrow().clone();
    assert_eq!(seen.first(), Some(&CacheChange::QueryAdded(keys!["todos"])));
    assert!(seen[1..]
        .iter()
        .all(|c| *c == CacheChange::QueryUpdated(keys!["todos"])));
    assert!(seen.len() >= 2, "the fetch updated it: {seen:?}");
    log.borrow_mut().clear();
    drop(obs);
    rt.settle(1_000);
    assert_eq!(
        log.borrow().last(),
        Some(&CacheChange::QueryRemoved(keys!["todos"]))
    );
}

#[test]
fn a_call_is_added_updated_and_removed_when_collected() {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            mutation_gc_time: 10,
            ..ClientConfig::default()
        },
    );
    let (log, _sub) = log_of(&client);
    let m = MutationObserver::new(
        &client,
        MutationOptions::new(|n: u32, _| async move { Ok::<u32, FetchError>(n) }),
    );
    m.mutate(1);
    let id = client.mutation_infos(&MutationFilter::default())[0].id;
    assert_eq!(log.borrow().first(), Some(&CacheChange::MutationAdded(id)));
    rt.run();
    assert!(log.borrow().contains(&CacheChange::MutationUpdated(id)));
    drop(m);
    rt.settle(1_000);
    assert_eq!(log.borrow().last(), Some(&CacheChange::MutationRemoved(id)));
    assert!(
        log.borrow().iter().all(|c| c.mutation() == Some(id)),
        "no query was touched"
    );
}

#[test]
fn the_listener_may_call_back_into_the_client_and_stops_when_dropped() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (s, c) = (seen.clone(), client.clone());
    // Reading the cache from the listener would panic if it ran under the state's borrow.
    let sub = client.subscribe_cache(move |change| {
        if let Some(key) = change.key() {
            s.borrow_mut().push(c.inspect(key).is_some());
        }
    });
    client.set_query_data(&keys!["a"], 1_u8).unwrap();
    client.remove_queries(&QueryFilter::exact(keys!["a"]));
    assert_eq!(*seen.borrow(), [true, true, false]);
    drop(sub);
    client.set_query_data(&keys!["b"], 1_u8).unwrap();
    assert_eq!(seen.borrow().len(), 3, "dropped: no longer told");
}

#[test]
fn a_subscription_made_later_hears_nothing_from_before() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let (early, early_sub) = log_of(&client);
    client.batch(|| {
        client.set_query_data(&keys!["a"], 1_u8).unwrap();
        // Unsubscribed inside the operation that made the change: nobody hears it.
        drop(early_sub);
    });
    assert!(early.borrow().is_empty());
    let (late, _sub) = log_of(&client);
    client.set_query_data(&keys!["b"], 2_u8).unwrap();
    assert_eq!(
        *late.borrow(),
        [
            CacheChange::QueryAdded(keys!["b"]),
            CacheChange::QueryUpdated(keys!["b"])
        ]
    );
}
