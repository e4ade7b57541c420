//! Queries: loading, errors and retries, enabled, select, placeholder, cancel, remove,
//! garbage collection, intervals, focus.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::RefCell;
use std::rc::Rc;
use support::Gate;

type List = Vec<u32>;

fn setup(retry: RetryPolicy) -> (TestRuntime, QueryClient, Gate<List>, QueryOptions<List>) {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(2),
            ..Default::default()
        },
    );
    let gate: Gate<List> = Gate::default();
    let g = gate.clone();
    let opts = QueryOptions::new(keys!["n"], move |_| g.request("GET", None)).retry(retry);
    (rt, client, gate, opts)
}

#[test]
fn error_after_retries_is_visible_and_keeps_old_data() {
    let (rt, client, gate, opts) = setup(RetryPolicy::times(1).delays(50, 50).with_jitter(0.0));
    let obs = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    obs.refetch();
    rt.run();
    gate.answer_next(Err(FetchError::Http {
        status: 502,
        body: "bad gateway".into(),
    }));
    rt.run();
    assert_eq!(obs.result().failure_count, 1);
    assert!(
        obs.result().is_fetching(),
        "still fetching: a retry is scheduled"
    );
    rt.advance(50);
    gate.answer_next(Err(FetchError::Http {
        status: 502,
        body: "bad gateway".into(),
    }));
    rt.run();
    let r = obs.result();
    assert!(r.is_error() && !r.is_fetching());
    assert_eq!(r.data.as_deref(), Some(&vec![1]), "old data kept");
    assert_eq!(r.error.unwrap().kind(), ErrorKind::Http(502));
    assert_eq!(r.failure_count, 2);
}

#[test]
fn decode_errors_are_not_retried_and_leave_the_cache_as_it_was() {
    let (rt, client, gate, opts) = setup(RetryPolicy::times(3));
    client.set_query_data(&keys!["n"], vec![7_u32]).unwrap();
    let obs = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    gate.answer_next(Err(FetchError::Decode(
        "expected a list at line 1 column 1".into(),
    )));
    rt.settle(100_000);
    assert_eq!(gate.sent.borrow().len(), 1);
    let r = obs.result();
    assert!(r
        .error
        .unwrap()
        .to_string()
        .contains("could not read the server's answer"));
    assert_eq!(
        *client.get_query_data::<List>(&keys!["n"]).unwrap().unwrap(),
        vec![7]
    );
}

#[test]
fn disabled_queries_do_not_fetch() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::new(&client, opts.enabled(false)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0);
    assert!(obs.result().is_pending() && !obs.result().is_fetching());
    client.invalidate_queries(&QueryFilter::all());
    rt.run();
    assert_eq!(gate.len(), 0);
}

#[test]
fn fresh_data_is_not_refetched_and_observers_share_one_fetch() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let opts = opts.stale_time(1_000);
    let a = QueryObserver::new(&client, opts.clone()).unwrap();
    let b = QueryObserver::new(&client, opts.clone()).unwrap();
    rt.run();
    assert_eq!(gate.len(), 1, "deduplicated");
    gate.answer_next(Ok(vec![1]));
    rt.run();
    let c = QueryObserver::new(&client, opts.clone()).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "fresh: no refetch on mount");
    rt.advance(1_000);
    let d = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    assert_eq!(gate.len(), 1, "stale after stale_time");
    drop((a, b, c, d));
}

#[test]
fn placeholder_data_shows_until_real_data() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::new(&client, opts.placeholder_data(vec![0, 0])).unwrap();
    assert!(obs.result().is_placeholder);
    assert_eq!(obs.result().data.as_deref(), Some(&vec![0, 0]));
    assert!(
        client
            .get_query_data::<List>(&keys!["n"])
            .unwrap()
            .is_none(),
        "never cached"
    );
    rt.run();
    gate.answer_next(Ok(vec![5]));
    rt.run();
    assert!(!obs.result().is_placeholder);
    assert_eq!(obs.result().data.as_deref(), Some(&vec![5]));
}

#[test]
fn cancel_keeps_data_and_aborts_the_request() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let aborted = Rc::new(RefCell::new(false));
    let (g, a) = (gate.clone(), aborted.clone());
    let opts2 = QueryOptions::new(keys!["n"], move |ctx: FetchContext| {
        let a = a.clone();
        ctx.signal.on_abort(move || *a.borrow_mut() = true);
        g.request("GET", None)
    });
    client.set_query_data(&keys!["n"], vec![1_u32]).unwrap();
    let obs = QueryObserver::new(&client, opts2).unwrap();
    rt.run();
    assert!(obs.result().is_fetching());
    client.cancel_queries(&QueryFilter::key(keys!["n"]));
    assert!(*aborted.borrow(), "the AbortSignal fired");
    assert!(!obs.result().is_fetching());
    gate.answer_next(Ok(vec![99]));
    rt.run();
    assert_eq!(
        obs.result().data.as_deref(),
        Some(&vec![1]),
        "a cancelled answer never lands"
    );
    drop(opts);
}

#[test]
fn unobserved_queries_are_collected_after_gc_time() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::new(&client, opts.gc_time(1_000)).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    drop(obs);
    rt.advance(999);
    assert!(client.inspect(&keys!["n"]).is_some());
    rt.advance(1);
    assert!(client.inspect(&keys!["n"]).is_none());
}

#[test]
fn remove_queries_empties_observed_entries() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    client.remove_queries(&QueryFilter::key(keys!["n"]));
    assert!(obs.result().data.is_none());
    assert!(obs.result().is_pending());
}

#[test]
fn refetch_interval_polls_while_observed() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs =
        QueryObserver::new(&client, opts.refetch_interval(1_000).stale_time(u64::MAX)).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.advance(1_000);
    assert_eq!(gate.len(), 1);
    gate.answer_next(Ok(vec![2]));
    rt.run();
    assert_eq!(obs.result().data.as_deref(), Some(&vec![2]));
    drop(obs);
    rt.advance(5_000);
    assert_eq!(gate.len(), 0, "stops when unobserved");
}

#[test]
fn focus_refetches_stale_queries_only_when_asked() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let _obs = QueryObserver::new(&client, opts).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(gate.len(), 1);
    let (rt2, client2, gate2, opts2) = setup(RetryPolicy::never());
    let _obs2 = QueryObserver::new(&client2, opts2.refetch_on_window_focus(false)).unwrap();
    rt2.run();
    gate2.answer_next(Ok(vec![1]));
    client2.set_focused(false);
    client2.set_focused(true);
    rt2.run();
    assert_eq!(gate2.len(), 0);
}

#[test]
fn a_refetch_with_equal_data_notifies_data_observers_nothing() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::new(&client, opts.notify_on(NotifyOn::Data)).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1, 2]));
    rt.run();
    let count = Rc::new(RefCell::new(0));
    let c = count.clone();
    obs.subscribe(move || *c.borrow_mut() += 1);
    obs.refetch();
    rt.run();
    gate.answer_next(Ok(vec![1, 2]));
    rt.run();
    assert_eq!(*count.borrow(), 0);
}

#[test]
fn is_fetching_and_events_tell_what_happens() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let _obs = QueryObserver::new(&client, opts).unwrap();
    assert_eq!(client.is_fetching(&QueryFilter::all()), 1);
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    assert_eq!(client.is_fetching(&QueryFilter::all()), 0);
    let log: Vec<String> = client
        .recent_events()
        .iter()
        .map(|e| e.event.to_string())
        .collect();
    assert_eq!(
        log,
        vec![
            r#"fetch started ["n"]"#,
            r#"fetch succeeded ["n"] (0 pending layers rebased)"#
        ]
    );
}

#[test]
fn queries_use_the_clients_retry_and_network_mode_unless_they_set_their_own() {
    let rt = TestRuntime::new();
    let config = ClientConfig {
        query_retry: RetryPolicy::never(),
        network_mode: NetworkMode::Always,
        ..Default::default()
    };
    let client = QueryClient::with_config(rt.runtime(), config);
    client.set_online(false);
    let gate: Gate<List> = Gate::default();
    let g = gate.clone();
    let obs = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["n"], move |_| g.request("GET", None)),
    )
    .unwrap();
    rt.run();
    assert_eq!(
        gate.len(),
        1,
        "network mode Always from the client: fetched while offline"
    );
    gate.answer_next(Err(FetchError::Network("down".into())));
    rt.run();
    assert!(obs.result().is_error(), "no retry from the client's policy");
}

#[test]
fn a_new_select_runs_on_unchanged_data() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let obs = QueryObserver::with_select(&client, opts.clone(), |l: &Rc<List>| l[0]).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1, 2, 3]));
    rt.run();
    assert_eq!(obs.result().data, Some(1));
    obs.set_options(opts, |l: &Rc<List>| l[2]).unwrap();
    assert_eq!(obs.result().data, Some(3));
}

#[test]
fn polling_pauses_only_while_the_page_is_hidden() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let _obs =
        QueryObserver::new(&client, opts.refetch_interval(1_000).stale_time(u64::MAX)).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    // Another window took the focus: the page is still shown, polling goes on.
    client.set_focused(false);
    rt.advance(1_000);
    assert_eq!(gate.len(), 1, "a blur does not stop polling");
    gate.answer_next(Ok(vec![2]));
    // The tab went to the background: polling pauses.
    client.set_visible(false);
    rt.advance(5_000);
    assert_eq!(gate.len(), 0, "a hidden page does not poll");
    client.set_visible(true);
    rt.advance(1_000);
    assert_eq!(
        gate.len(),
        1,
        "polling resumes when the page is shown again"
    );
}

#[test]
fn refetch_interval_in_background_polls_while_hidden() {
    let (rt, client, gate, opts) = setup(RetryPolicy::never());
    let options = opts
        .refetch_interval(1_000)
        .refetch_interval_in_background(true)
        .stale_time(u64::MAX);
    let _obs = QueryObserver::new(&client, options).unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    client.set_focused(false);
    client.set_visible(false);
    rt.advance(1_000);
    assert_eq!(gate.len(), 1, "polls while hidden when asked to");
}
