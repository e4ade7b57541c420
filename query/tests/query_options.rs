//! The TanStack query options people reach for: `initial_data` (with its timestamp),
//! `placeholder_data` as a function of the previous data, `refetch_on_mount`, `retry` as a
//! predicate and `retry_delay` as a function, and the results `is_stale`,
//! `is_refetching` and `failure_reason`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use support::Gate;

type List = Vec<u32>;

fn setup() -> (TestRuntime, QueryClient, Gate<List>) {
    let rt = TestRuntime::new();
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(3),
            query_retry: RetryPolicy::never(),
            ..Default::default()
        },
    );
    (rt, client, Gate::default())
}

fn list(gate: &Gate<List>, key: QueryKey) -> QueryOptions<List> {
    let g = gate.clone();
    let label = format!("GET {key}");
    QueryOptions::new(key, move |_| g.request(label.clone(), None))
}

fn http(status: u16) -> FetchError {
    FetchError::Http {
        status,
        body: String::new(),
    }
}

// ---------------------------------------------------------------- initial_data

#[test]
fn initial_data_is_written_to_the_cache_and_refetched_when_stale() {
    let (rt, client, gate) = setup();
    let obs =
        QueryObserver::new(&client, list(&gate, keys!["n"]).initial_data(vec![1, 2])).unwrap();
    let r = obs.result();
    assert_eq!(r.data.as_deref(), Some(&vec![1, 2]));
    assert!(
        r.is_success() && !r.is_placeholder,
        "real data, not a placeholder"
    );
    assert!(
        r.is_refetching(),
        "stale_time 0: stale at once, so it is refetched"
    );
    assert_eq!(
        *client.get_query_data::<List>(&keys!["n"]).unwrap().unwrap(),
        vec![1, 2],
        "other readers see it"
    );
    rt.run();
    gate.answer_next(Ok(vec![9]));
    rt.run();
    assert_eq!(obs.result().data.as_deref(), Some(&vec![9]));
}

#[test]
fn initial_data_counts_as_fresh_from_its_timestamp() {
    let (rt, client, gate) = setup();
    rt.advance(10_000);
    // Written now: fresh for the stale time.
    let fresh = QueryObserver::new(
        &client,
        list(&gate, keys!["fresh"])
            .initial_data(vec![1])
            .stale_time(5_000),
    )
    .unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "fresh initial data is not fetched");
    assert!(!fresh.result().is_stale);
    assert_eq!(fresh.result().data_updated_at, Some(10_000));

    // Saved 6 s ago: already older than the stale time.
    let old = QueryObserver::new(
        &client,
        list(&gate, keys!["old"])
            .initial_data(vec![1])
            .initial_data_updated_at(4_000)
            .stale_time(5_000),
    )
    .unwrap();
    rt.run();
    assert_eq!(gate.labels(), vec![r#"GET ["old"]"#]);
    assert!(old.result().is_stale);
    assert_eq!(old.result().data_updated_at, Some(4_000));

    // Saved 2 s ago: fresh for 3 s more, then stale (observers are told).
    let recent = QueryObserver::new(
        &client,
        list(&gate, keys!["recent"])
            .initial_data(vec![1])
            .initial_data_updated_at(8_000)
            .stale_time(5_000),
    )
    .unwrap();
    let told = Rc::new(Cell::new(0));
    let t = told.clone();
    recent.subscribe(move || t.set(t.get() + 1));
    rt.advance(2_999);
    assert!(!recent.result().is_stale);
    rt.advance(1);
    assert!(
        recent.result().is_stale,
        "went stale 5 s after its timestamp"
    );
    assert_eq!(told.get(), 1, "the observer heard it");
}

#[test]
fn initial_data_never_overwrites_data_or_a_running_fetch() {
    let (rt, client, gate) = setup();
    client.set_query_data(&keys!["n"], vec![7_u32]).unwrap();
    let obs = QueryObserver::new(&client, list(&gate, keys!["n"]).initial_data(vec![1])).unwrap();
    assert_eq!(obs.result().data.as_deref(), Some(&vec![7]));

    // A first load already running: its answer is what the entry gets.
    let loading = QueryObserver::new(&client, list(&gate, keys!["m"])).unwrap();
    let late = QueryObserver::new(&client, list(&gate, keys!["m"]).initial_data(vec![1])).unwrap();
    assert!(late.result().data.is_none());
    rt.run();
    let label = gate
        .labels()
        .into_iter()
        .position(|l| l.contains("\"m\""))
        .unwrap();
    gate.answer(label, Ok(vec![5]));
    rt.run();
    assert_eq!(late.result().data.as_deref(), Some(&vec![5]));
    drop((obs, loading));
}

#[test]
fn initial_data_with_runs_once_with_no_borrow_and_may_read_the_cache() {
    let (rt, client, gate) = setup();
    client
        .set_query_data(&keys!["todos"], vec![(7_u32, "walk".to_string())])
        .unwrap();
    let calls = Rc::new(Cell::new(0));
    let (c, n) = (client.clone(), calls.clone());
    let g = gate.clone();
    let detail = QueryOptions::new(keys!["todo", 7], move |_| {
        let r = g.request("GET todo 7", None);
        async move { r.await.map(|v| v.len().to_string()) }
    })
    .initial_data_with(move || {
        n.set(n.get() + 1);
        let list = c
            .get_query_data::<Vec<(u32, String)>>(&keys!["todos"])
            .ok()??;
        list.iter().find(|(id, _)| *id == 7).map(|(_, t)| t.clone())
    })
    .stale_time(60_000);
    let a = QueryObserver::new(&client, detail.clone()).unwrap();
    let b = QueryObserver::new(&client, detail).unwrap();
    rt.run();
    assert_eq!(a.result().data.as_deref().map(String::as_str), Some("walk"));
    assert_eq!(b.result().data.as_deref().map(String::as_str), Some("walk"));
    assert_eq!(calls.get(), 1, "made once, for the empty entry");
    assert_eq!(gate.len(), 0);
}

#[test]
fn fetch_query_uses_fresh_initial_data() {
    let (rt, client, gate) = setup();
    let opts = list(&gate, keys!["n"])
        .initial_data(vec![3])
        .stale_time(1_000);
    let out = Rc::new(RefCell::new(None));
    let (fut, o) = (client.fetch_query(&opts), out.clone());
    rt.spawn(Box::pin(async move { *o.borrow_mut() = Some(fut.await) }));
    rt.run();
    assert_eq!(**out.borrow().as_ref().unwrap().as_ref().unwrap(), vec![3]);
    assert_eq!(gate.len(), 0);
}

// ---------------------------------------------------------------- placeholder_data

#[test]
fn keep_previous_data_shows_the_previous_key_while_the_new_one_loads() {
    let (rt, client, gate) = setup();
    let page = |n: u32| {
        list(&gate, keys!["page", n])
            .placeholder_data_with(keep_previous_data)
            .stale_time(60_000)
    };
    let first = QueryObserver::new(&client, page(1)).unwrap();
    assert!(
        first.result().data.is_none(),
        "nothing to keep on the first load"
    );
    rt.run();
    gate.answer_next(Ok(vec![1, 1]));
    rt.run();

    let second = QueryObserver::switch_from(&first, page(2), Rc::clone).unwrap();
    drop(first);
    let r = second.result();
    assert!(r.is_placeholder && r.is_success() && r.is_fetching());
    assert_eq!(r.data.as_deref(), Some(&vec![1, 1]));
    assert!(
        client
            .get_query_data::<List>(&keys!["page", 2])
            .unwrap()
            .is_none(),
        "a placeholder is never cached"
    );

    // Page 3 asked before page 2 came: page 1 is still the last real data.
    let third = QueryObserver::switch_from(&second, page(3), Rc::clone).unwrap();
    drop(second);
    assert_eq!(third.result().data.as_deref(), Some(&vec![1, 1]));
    rt.run();
    let at = gate.labels().iter().position(|l| l.contains('3')).unwrap();
    gate.answer(at, Ok(vec![3, 3]));
    rt.run();
    let r = third.result();
    assert!(!r.is_placeholder);
    assert_eq!(r.data.as_deref(), Some(&vec![3, 3]));

    // Back to page 1, still cached and fresh: no placeholder, no fetch.
    let back = QueryObserver::switch_from(&third, page(1), Rc::clone).unwrap();
    assert!(!back.result().is_placeholder);
    assert_eq!(back.result().data.as_deref(), Some(&vec![1, 1]));
}

#[test]
fn keep_previous_data_keeps_what_a_reset_took_away_until_the_refetch_lands() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(
        &client,
        list(&gate, keys!["n"]).placeholder_data_with(keep_previous_data),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1, 1]));
    rt.run();
    assert_eq!(obs.last_data().as_deref(), Some(&vec![1, 1]));

    client.reset_queries(&QueryFilter::key(keys!["n"]));
    let r = obs.result();
    assert!(r.is_placeholder && r.is_fetching());
    assert_eq!(
        r.data.as_deref(),
        Some(&vec![1, 1]),
        "the data before the reset"
    );
    assert_eq!(obs.last_data().as_deref(), Some(&vec![1, 1]));

    rt.run();
    gate.answer_next(Ok(vec![2]));
    rt.run();
    let r = obs.result();
    assert!(!r.is_placeholder);
    assert_eq!(r.data.as_deref(), Some(&vec![2]));
    assert_eq!(obs.last_data().as_deref(), Some(&vec![2]));
}

#[test]
fn a_placeholder_function_gets_the_previous_data_and_may_give_none() {
    let (rt, client, gate) = setup();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    let opts = move |n: u32| {
        let s = s.clone();
        list(&gate, keys!["page", n]).placeholder_data_with(move |prev: Option<&Rc<List>>| {
            s.borrow_mut().push(prev.map(|p| p.len()));
            prev.filter(|p| p.len() > 1)
                .map(|p| Rc::new(vec![0; p.len()]))
        })
    };
    let a = QueryObserver::new(&client, opts(1)).unwrap();
    assert!(
        a.result().data.is_none(),
        "no previous data: the function gave none"
    );
    rt.run();
    drop(a);
    let b = QueryObserver::new(&client, opts(2)).unwrap();
    assert!(b.result().data.is_none());
    assert!(seen.borrow().iter().all(Option::is_none));
}

#[test]
fn a_failed_query_shows_its_error_not_its_placeholder() {
    let (rt, client, gate) = setup();
    let obs =
        QueryObserver::new(&client, list(&gate, keys!["n"]).placeholder_data(vec![0])).unwrap();
    assert!(obs.result().is_placeholder);
    rt.run();
    gate.answer_next(Err(http(500)));
    rt.run();
    let r = obs.result();
    assert!(r.is_error() && !r.is_placeholder && r.data.is_none());
}

// ---------------------------------------------------------------- refetch_on_mount

#[test]
fn refetch_on_mount_if_stale_never_or_always() {
    let (rt, client, gate) = setup();
    client.set_query_data(&keys!["n"], vec![1_u32]).unwrap();
    rt.advance(10);

    let stale =
        QueryObserver::new(&client, list(&gate, keys!["n"]).refetch_on_mount(false)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "false: stale data is not refetched on mount");
    assert!(stale.result().is_stale);

    let fresh = list(&gate, keys!["n"]).stale_time(60_000);
    let a = QueryObserver::new(&client, fresh.clone()).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "true (default): fresh data is not refetched");
    let b = QueryObserver::new(&client, fresh.refetch_on_mount(RefetchOnMount::Always)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 1, "always: refetched though fresh");
    gate.answer_next(Ok(vec![2]));
    rt.run();

    let empty =
        QueryObserver::new(&client, list(&gate, keys!["empty"]).refetch_on_mount(false)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 1, "false: a query without data still loads");
    drop((stale, a, b, empty));
}

#[test]
fn refetch_on_focus_and_reconnect_if_stale_never_or_always() {
    let (rt, client, gate) = setup();
    client.set_query_data(&keys!["fresh"], vec![1_u32]).unwrap();
    client.set_query_data(&keys!["stale"], vec![1_u32]).unwrap();
    let fresh = |when: Refetch| {
        list(&gate, keys!["fresh"])
            .stale_time(60_000)
            .refetch_on_window_focus(when)
            .refetch_on_reconnect(when)
    };
    let by_default =
        QueryObserver::new(&client, list(&gate, keys!["fresh"]).stale_time(60_000)).unwrap();
    let never = QueryObserver::new(&client, fresh(Refetch::Never)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "fresh data: nothing on mount");

    client.set_focused(false);
    client.set_focused(true);
    client.set_online(false);
    client.set_online(true);
    rt.run();
    assert_eq!(
        gate.len(),
        0,
        "fresh data is not refetched by default nor with Never"
    );

    let always = QueryObserver::new(&client, fresh(Refetch::Always)).unwrap();
    rt.run();
    assert_eq!(gate.len(), 0, "Always on focus is not Always on mount");
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(gate.len(), 1, "always: refetched on focus though fresh");
    gate.answer_next(Ok(vec![2]));
    rt.run();
    client.set_online(false);
    client.set_online(true);
    rt.run();
    assert_eq!(gate.len(), 1, "always: refetched on reconnect though fresh");
    gate.answer_next(Ok(vec![3]));
    rt.run();
    drop(always);

    // A bool still compiles and means what it meant: `false` never, `true` when stale.
    rt.advance(1);
    let off = QueryObserver::new(
        &client,
        list(&gate, keys!["stale"])
            .refetch_on_mount(false)
            .refetch_on_window_focus(false),
    )
    .unwrap();
    rt.run();
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(gate.len(), 0, "false: stale data is not refetched on focus");
    let on = QueryObserver::new(
        &client,
        list(&gate, keys!["stale"])
            .refetch_on_mount(false)
            .refetch_on_window_focus(true),
    )
    .unwrap();
    client.set_focused(false);
    client.set_focused(true);
    rt.run();
    assert_eq!(gate.len(), 1, "true: stale data is refetched on focus");
    drop((by_default, never, off, on));
}

// ---------------------------------------------------------------- retry

#[test]
fn retry_if_decides_with_the_failure_count_and_the_error() {
    let (rt, client, gate) = setup();
    let asked = Rc::new(RefCell::new(Vec::new()));
    let a = asked.clone();
    let c = client.clone();
    let obs = QueryObserver::new(
        &client,
        list(&gate, keys!["n"])
            .retry(RetryPolicy::never().delays(10, 10).with_jitter(0.0))
            .retry_if(move |failure_count, e: &FetchError| {
                // No borrow is held: the predicate may read the cache.
                let _ = c.get_query_data::<List>(&keys!["n"]);
                a.borrow_mut().push((failure_count, e.kind()));
                failure_count < 2 && !matches!(e, FetchError::Http { status: 404, .. })
            }),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Err(http(503)));
    rt.advance(10);
    gate.answer_next(Err(http(503)));
    rt.advance(10);
    gate.answer_next(Err(http(503)));
    rt.advance(10);
    assert_eq!(
        gate.sent.borrow().len(),
        3,
        "the predicate overrides the policy's count"
    );
    assert_eq!(
        *asked.borrow(),
        vec![
            (0, ErrorKind::Http(503)),
            (1, ErrorKind::Http(503)),
            (2, ErrorKind::Http(503))
        ],
        "TanStack's failure_count: failures before this one"
    );
    assert!(obs.result().is_error());

    // 404 stops at once; a 400 (not retryable by kind) is retried when it says so.
    obs.refetch();
    rt.run();
    gate.answer_next(Err(http(404)));
    rt.advance(100);
    assert_eq!(gate.sent.borrow().len(), 4);
    obs.refetch();
    rt.run();
    gate.answer_next(Err(http(400)));
    rt.advance(10);
    assert_eq!(
        gate.sent.borrow().len(),
        6,
        "a 400 was retried: the function decides"
    );
}

#[test]
fn retry_delay_sets_the_wait_before_each_retry() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(
        &client,
        list(&gate, keys!["n"])
            .retry(RetryPolicy::times(3))
            .retry_delay(|failure_count, e: &FetchError| match e {
                FetchError::Http { status: 429, .. } => 5_000,
                _ => 100 * (u64::from(failure_count) + 1),
            }),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Err(http(500)));
    rt.advance(99);
    assert_eq!(gate.len(), 0, "first retry after 100 ms");
    rt.advance(1);
    assert_eq!(gate.len(), 1);
    gate.answer_next(Err(http(429)));
    rt.advance(4_999);
    assert_eq!(gate.len(), 0, "a 429 waits 5 s");
    rt.advance(1);
    gate.answer_next(Err(http(500)));
    rt.advance(299);
    assert_eq!(gate.len(), 0, "third retry after 300 ms");
    rt.advance(1);
    gate.answer_next(Ok(vec![1]));
    rt.run();
    assert_eq!(obs.result().data.as_deref(), Some(&vec![1]));
}

#[test]
fn mutation_retry_if_and_retry_delay() {
    let (rt, client, _gate) = setup();
    let calls: Gate<u32> = Gate::default();
    let g = calls.clone();
    let m = MutationObserver::new(
        &client,
        MutationOptions::new(move |n: u32, ctx: MutationContext| {
            g.request(format!("POST {n}"), Some(ctx.idempotency_key))
        })
        .retry_if(|failure_count, e: &FetchError| {
            failure_count < 1 && e.kind() == ErrorKind::Http(409)
        })
        .retry_delay(|_, _| 50),
    );
    m.mutate(1);
    rt.run();
    calls.answer_next(Err(http(409)));
    rt.advance(49);
    assert_eq!(calls.len(), 0);
    rt.advance(1);
    assert_eq!(calls.len(), 1, "retried once after 50 ms");
    let keys = calls.queue_keys();
    calls.answer_next(Err(http(409)));
    rt.advance(1_000);
    assert_eq!(calls.len(), 0, "then it gave up");
    assert!(m.state().is_error());
    assert!(keys[0].is_some(), "the retry kept an idempotency key");
}

// ---------------------------------------------------------------- results

#[test]
fn failure_reason_is_set_while_retrying_and_cleared_by_success() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(
        &client,
        list(&gate, keys!["n"]).retry(RetryPolicy::times(1).delays(10, 10).with_jitter(0.0)),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Err(FetchError::Network("reset".into())));
    rt.run();
    let r = obs.result();
    assert!(
        r.error.is_none() && r.is_fetching(),
        "still retrying: no error yet"
    );
    assert_eq!(r.failure_count, 1);
    assert_eq!(
        r.failure_reason.as_ref().map(FetchError::kind),
        Some(ErrorKind::Network)
    );
    rt.advance(10);
    gate.answer_next(Ok(vec![1]));
    rt.run();
    let r = obs.result();
    assert!(r.failure_reason.is_none() && r.failure_count == 0);

    // A failed fetch keeps its reason; the next fetch starts afresh.
    obs.refetch();
    rt.run();
    gate.answer_next(Err(http(500)));
    rt.advance(10);
    gate.answer_next(Err(http(502)));
    rt.run();
    let r = obs.result();
    assert!(r.is_error());
    assert_eq!(
        r.failure_reason.as_ref().map(FetchError::kind),
        Some(ErrorKind::Http(502))
    );
    obs.refetch();
    let r = obs.result();
    assert!(r.failure_reason.is_none() && r.failure_count == 0 && r.is_refetching());
    assert!(r.error.is_some(), "the last error stays until a success");
}

#[test]
fn is_refetching_excludes_the_first_load() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(&client, list(&gate, keys!["n"])).unwrap();
    let r = obs.result();
    assert!(r.is_loading() && !r.is_refetching());
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    obs.refetch();
    let r = obs.result();
    assert!(r.is_refetching() && !r.is_loading());
}

#[test]
fn is_stale_follows_time_invalidation_and_new_data() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(&client, list(&gate, keys!["n"]).stale_time(1_000)).unwrap();
    assert!(obs.result().is_stale, "no data yet");
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    assert!(!obs.result().is_stale);
    rt.advance(500);
    client.set_query_data(&keys!["n"], vec![2_u32]).unwrap();
    rt.advance(999);
    assert!(!obs.result().is_stale, "the write restarted the clock");
    rt.advance(1);
    assert!(obs.result().is_stale);
    client.set_query_data(&keys!["n"], vec![3_u32]).unwrap();
    assert!(!obs.result().is_stale);
    client.invalidate_queries(&QueryFilter::key(keys!["n"]));
    assert!(obs.result().is_stale, "invalidated");
}

#[test]
fn a_stale_timer_does_not_notify_observers_that_ignore_it() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(
        &client,
        list(&gate, keys!["n"])
            .stale_time(100)
            .notify_on(NotifyOn::Data),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    let told = Rc::new(Cell::new(0));
    let t = told.clone();
    obs.subscribe(move || t.set(t.get() + 1));
    rt.advance(100);
    assert!(obs.result().is_stale);
    assert_eq!(
        told.get(),
        0,
        "NotifyOn::Data: staleness alone does not notify"
    );
}

// ---------------------------------------------------------------- per-call mutate callbacks

type Log = Rc<RefCell<Vec<String>>>;

/// A mutation whose options log their callbacks, answered through `gate`.
fn logged_mutation(gate: &Gate<u32>, log: &Log) -> MutationOptions<u32, u32> {
    let g = gate.clone();
    let (s, e, d) = (log.clone(), log.clone(), log.clone());
    MutationOptions::new(move |n: u32, _| g.request(format!("POST {n}"), None))
        .retry(RetryPolicy::never())
        .on_success(move |_, n, _, _| s.borrow_mut().push(format!("options success {n}")))
        .on_error(move |_, n, _, _| e.borrow_mut().push(format!("options error {n}")))
        .on_settled(move |_, _, n, _, _| d.borrow_mut().push(format!("options settled {n}")))
}

fn per_call(log: &Log) -> MutateCallbacks<u32, u32> {
    let (s, e, d) = (log.clone(), log.clone(), log.clone());
    MutateCallbacks::new()
        .on_success(move |saved, n| s.borrow_mut().push(format!("call success {n} -> {saved}")))
        .on_error(move |err, n| {
            e.borrow_mut()
                .push(format!("call error {n}: {:?}", err.kind()))
        })
        .on_settled(move |data, err, n| {
            d.borrow_mut()
                .push(format!("call settled {n} {:?} {}", data, err.is_some()))
        })
}

#[test]
fn mutate_with_runs_its_callbacks_after_the_options_ones() {
    let (rt, client, _) = setup();
    let (gate, log): (Gate<u32>, Log) = (Gate::default(), Log::default());
    let m = MutationObserver::new(&client, logged_mutation(&gate, &log));
    m.mutate_with(1, per_call(&log));
    rt.run();
    gate.answer_next(Ok(10));
    rt.run();
    assert_eq!(
        *log.borrow(),
        [
            "options success 1",
            "options settled 1",
            "call success 1 -> 10",
            "call settled 1 Some(10) false"
        ]
    );
    log.borrow_mut().clear();
    m.mutate_with(2, per_call(&log));
    rt.run();
    gate.answer_next(Err(http(422)));
    rt.run();
    assert_eq!(
        *log.borrow(),
        [
            "options error 2",
            "options settled 2",
            "call error 2: Http(422)",
            "call settled 2 None true"
        ]
    );
}

#[test]
fn mutate_with_callbacks_run_only_for_the_latest_call() {
    let (rt, client, _) = setup();
    let (gate, log): (Gate<u32>, Log) = (Gate::default(), Log::default());
    let m = MutationObserver::new(&client, logged_mutation(&gate, &log));
    m.mutate_with(1, per_call(&log));
    m.mutate_with(2, per_call(&log));
    m.mutate_with(3, per_call(&log));
    rt.run();
    assert_eq!(gate.len(), 3);
    // The last call answers first, then the others: the options' callbacks run for each,
    // the per-call ones once, for the last call.
    gate.answer(2, Ok(30));
    rt.run();
    gate.answer_next(Ok(10));
    gate.answer_next(Err(http(422)));
    rt.run();
    let calls: Vec<String> = log
        .borrow()
        .iter()
        .filter(|l| l.starts_with("call"))
        .cloned()
        .collect();
    assert_eq!(
        calls,
        ["call success 3 -> 30", "call settled 3 Some(30) false"]
    );
    assert_eq!(
        log.borrow()
            .iter()
            .filter(|l| l.starts_with("options settled"))
            .count(),
        3
    );

    // A plain `mutate` is a later call too: it drops the earlier call's callbacks.
    log.borrow_mut().clear();
    m.mutate_with(4, per_call(&log));
    m.mutate(5);
    rt.run();
    gate.answer_next(Ok(40));
    gate.answer_next(Ok(50));
    rt.run();
    assert!(
        log.borrow().iter().all(|l| !l.starts_with("call")),
        "{:?}",
        log.borrow()
    );
}

#[test]
fn mutate_with_callbacks_do_not_run_after_the_observer_is_gone_or_reset() {
    let (rt, client, _) = setup();
    let (gate, log): (Gate<u32>, Log) = (Gate::default(), Log::default());
    client.set_query_data(&keys!["n"], 0_u32).unwrap();
    let m = MutationObserver::new(
        &client,
        logged_mutation(&gate, &log).on_success(|n, _, _, c| {
            let _ = c.set_query_data(&keys!["n"], *n);
        }),
    );
    m.mutate_with(1, per_call(&log));
    rt.run();
    drop(m); // the component unmounted
    gate.answer_next(Ok(7));
    rt.run();
    assert_eq!(
        *client.get_query_data::<u32>(&keys!["n"]).unwrap().unwrap(),
        7,
        "the call still went on"
    );
    assert!(log.borrow().iter().all(|l| !l.starts_with("call")));

    let m = MutationObserver::new(&client, logged_mutation(&gate, &log));
    m.mutate_with(2, per_call(&log));
    m.reset();
    rt.run();
    gate.answer_next(Ok(8));
    rt.run();
    assert!(log.borrow().iter().all(|l| !l.starts_with("call")));
}
