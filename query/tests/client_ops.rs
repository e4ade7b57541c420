//! Client operations TanStack users reach for: `ensure_query_data`, `set_queries_data`
//! and `reset_queries`.

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
            seed: Some(5),
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

type Out = Rc<RefCell<Option<Result<Rc<List>, FetchError>>>>;

fn ensure(rt: &TestRuntime, client: &QueryClient, opts: &QueryOptions<List>) -> Out {
    let out: Out = Rc::default();
    let (fut, o) = (client.ensure_query_data(opts), out.clone());
    rt.spawn(Box::pin(async move { *o.borrow_mut() = Some(fut.await) }));
    rt.run();
    out
}

fn ok(out: &Out) -> Vec<u32> {
    out.borrow().as_ref().unwrap().as_ref().unwrap().to_vec()
}

// ---------------------------------------------------------------- ensure_query_data

#[test]
fn ensure_query_data_fetches_what_is_missing_and_reuses_what_is_cached() {
    let (rt, client, gate) = setup();
    let opts = list(&gate, keys!["n"]);
    let first = ensure(&rt, &client, &opts);
    assert!(first.borrow().is_none(), "waits for the fetch");
    gate.answer_next(Ok(vec![1]));
    rt.run();
    assert_eq!(ok(&first), vec![1]);

    rt.advance(60_000); // stale by now (stale_time 0)
    let second = ensure(&rt, &client, &opts);
    assert_eq!(ok(&second), vec![1], "stale but cached: returned at once");
    assert_eq!(
        gate.len(),
        0,
        "and not refetched without revalidate_if_stale"
    );

    let third = ensure(&rt, &client, &opts.clone().revalidate_if_stale(true));
    assert_eq!(ok(&third), vec![1], "still the cached data at once");
    assert_eq!(gate.len(), 1, "refetched in the background");
    gate.answer_next(Ok(vec![2]));
    rt.run();
    assert_eq!(
        *client.get_query_data::<List>(&keys!["n"]).unwrap().unwrap(),
        vec![2]
    );
}

#[test]
fn ensure_query_data_joins_a_running_fetch_and_reports_errors() {
    let (rt, client, gate) = setup();
    let opts = list(&gate, keys!["n"]);
    let a = ensure(&rt, &client, &opts);
    let b = ensure(&rt, &client, &opts);
    assert_eq!(gate.len(), 1, "one request for both");
    gate.answer_next(Err(FetchError::Http {
        status: 500,
        body: "down".into(),
    }));
    rt.run();
    for out in [a, b] {
        let got = out.borrow_mut().take().unwrap();
        assert_eq!(got.unwrap_err().kind(), ErrorKind::Http(500));
    }
}

#[test]
fn ensure_query_data_returns_what_observers_see_and_initial_data() {
    let (rt, client, gate) = setup();
    client.set_query_data(&keys!["n"], vec![1_u32]).unwrap();
    let add = MutationObserver::new(
        &client,
        MutationOptions::new(|_: (), _| std::future::pending::<Result<(), FetchError>>())
            .optimistic(|_, p| {
                p.update(keys!["n"], |l: &List| [l.clone(), vec![2]].concat());
            }),
    );
    add.mutate(());
    assert_eq!(
        ok(&ensure(&rt, &client, &list(&gate, keys!["n"]))),
        vec![1, 2]
    );

    let seeded = list(&gate, keys!["m"]).initial_data(vec![9]);
    assert_eq!(ok(&ensure(&rt, &client, &seeded)), vec![9]);
    assert_eq!(gate.len(), 0);
}

// ---------------------------------------------------------------- set_queries_data

#[test]
fn set_queries_data_updates_every_match_of_its_type_in_one_notification() {
    let (rt, client, gate) = setup();
    client
        .set_query_data(&keys!["todos", "open"], vec![1_u32])
        .unwrap();
    client
        .set_query_data(&keys!["todos", "done"], vec![2_u32])
        .unwrap();
    client
        .set_query_data(&keys!["todos", "title"], "x".to_string())
        .unwrap();
    client.set_query_data(&keys!["users"], vec![3_u32]).unwrap();
    let open = QueryObserver::new(
        &client,
        list(&gate, keys!["todos", "open"]).stale_time(60_000),
    )
    .unwrap();
    let done = QueryObserver::new(
        &client,
        list(&gate, keys!["todos", "done"]).stale_time(60_000),
    )
    .unwrap();
    rt.run();
    let events = Rc::new(Cell::new(0));
    let e = events.clone();
    let _sub = client.subscribe_queries(move || e.set(e.get() + 1));

    let written = client.set_queries_data(&QueryFilter::key(keys!["todos"]), |l: &List| {
        l.iter().map(|n| n * 10).collect()
    });
    assert_eq!(
        written,
        vec![keys!["todos", "done"], keys!["todos", "open"]]
    );
    assert_eq!(open.result().data.as_deref(), Some(&vec![10]));
    assert_eq!(done.result().data.as_deref(), Some(&vec![20]));
    assert_eq!(events.get(), 1, "one notification for both");
    assert_eq!(
        *client
            .get_query_data::<String>(&keys!["todos", "title"])
            .unwrap()
            .unwrap(),
        "x",
        "another type is left alone"
    );
    assert_eq!(
        *client
            .get_query_data::<List>(&keys!["users"])
            .unwrap()
            .unwrap(),
        vec![3]
    );
}

#[test]
fn set_queries_data_writes_confirmed_data_under_pending_layers() {
    let (rt, client, _gate) = setup();
    client
        .set_query_data(&keys!["todos", 1], vec![1_u32])
        .unwrap();
    let add = MutationObserver::new(
        &client,
        MutationOptions::new(|_: (), _| async {
            Err::<(), FetchError>(FetchError::App("no".into()))
        })
        .retry(RetryPolicy::never())
        .optimistic(|_, p| {
            p.update(keys!["todos", 1], |l: &List| [l.clone(), vec![99]].concat());
        }),
    );
    add.mutate(());
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s = seen.clone();
    client.set_queries_data(&QueryFilter::key(keys!["todos"]), move |l: &List| {
        s.borrow_mut().push(l.clone());
        vec![5]
    });
    assert_eq!(
        *seen.borrow(),
        vec![vec![1]],
        "the updater sees the confirmed data"
    );
    assert_eq!(
        *client
            .get_query_data::<List>(&keys!["todos", 1])
            .unwrap()
            .unwrap(),
        vec![5, 99],
        "the pending layer stays on top"
    );
    rt.run();
    assert_eq!(
        *client
            .get_query_data::<List>(&keys!["todos", 1])
            .unwrap()
            .unwrap(),
        vec![5],
        "rolled back onto the new data"
    );
}

#[test]
fn set_queries_data_updaters_may_read_the_cache() {
    let (_rt, client, _gate) = setup();
    client.set_query_data(&keys!["a"], vec![1_u32]).unwrap();
    client.set_query_data(&keys!["b"], vec![2_u32]).unwrap();
    let c = client.clone();
    let written = client.set_queries_data(&QueryFilter::all(), move |l: &List| {
        let other = c.get_query_data::<List>(&keys!["a"]).unwrap().unwrap();
        vec![l[0] + other[0]]
    });
    assert_eq!(written.len(), 2);
}

// ---------------------------------------------------------------- reset_queries

#[test]
fn reset_queries_cancels_restores_initial_data_and_refetches_active_queries() {
    let (rt, client, gate) = setup();
    let aborted = Rc::new(Cell::new(false));
    let (g, a) = (gate.clone(), aborted.clone());
    let active = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["q", "active"], move |ctx: FetchContext| {
            let a = a.clone();
            ctx.signal.on_abort(move || a.set(true));
            g.request("GET active", None)
        })
        .initial_data(vec![0]),
    )
    .unwrap();
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    client
        .set_query_data(&keys!["q", "inactive"], vec![7_u32])
        .unwrap();
    let disabled =
        QueryObserver::new(&client, list(&gate, keys!["q", "disabled"]).enabled(false)).unwrap();
    client
        .set_query_data(&keys!["q", "disabled"], vec![8_u32])
        .unwrap();
    active.refetch();
    rt.run();
    assert_eq!(gate.len(), 1, "a refetch in flight");

    client.reset_queries(&QueryFilter::key(keys!["q"]));
    assert!(aborted.get(), "the running fetch was cancelled");
    let r = active.result();
    assert_eq!(
        r.data.as_deref(),
        Some(&vec![0]),
        "back to its initial data"
    );
    assert!(r.is_fetching(), "and fetched again, being observed");
    assert!(client
        .get_query_data::<List>(&keys!["q", "inactive"])
        .unwrap()
        .is_none());
    assert!(disabled.result().data.is_none() && disabled.result().is_pending());
    rt.run();
    assert_eq!(gate.labels(), vec!["GET active", "GET active"]);
    gate.answer_next(Ok(vec![666])); // the cancelled request's late answer
    gate.answer_next(Ok(vec![2]));
    rt.run();
    assert_eq!(active.result().data.as_deref(), Some(&vec![2]));
    assert!(
        client
            .get_query_data::<List>(&keys!["q", "inactive"])
            .unwrap()
            .is_none(),
        "inactive queries are not refetched"
    );
    assert!(client.recent_events().iter().any(|e| e.event
        == CacheEvent::Reset {
            key: keys!["q", "active"]
        }));
}

#[test]
fn reset_queries_keeps_pending_layers_and_clears_errors() {
    let (rt, client, gate) = setup();
    let obs = QueryObserver::new(&client, list(&gate, keys!["n"])).unwrap();
    rt.run();
    gate.answer_next(Err(FetchError::Http {
        status: 500,
        body: String::new(),
    }));
    rt.run();
    assert!(obs.result().is_error());
    let pending = MutationObserver::new(
        &client,
        MutationOptions::new(|_: (), _| std::future::pending::<Result<(), FetchError>>())
            .optimistic(|_, p| {
                p.patch(
                    keys!["n"],
                    Patch::upsert(|l: Option<&List>| {
                        let mut l = l.cloned().unwrap_or_default();
                        if !l.contains(&42) {
                            l.push(42);
                        }
                        l
                    }),
                );
            })
            // Applied twice it gives the same list: answers may be rebased while it
            // is in flight (rule 1 of the crate docs).
            .idempotent(),
    );
    pending.mutate(());
    client.reset_queries(&QueryFilter::all());
    let r = obs.result();
    assert!(
        r.error.is_none() && r.failure_reason.is_none(),
        "errors gone"
    );
    assert!(r.is_loading(), "pending again, and loading");
    assert_eq!(
        client.inspect(&keys!["n"]).unwrap().layers.len(),
        1,
        "the layer stays"
    );
    rt.run();
    gate.answer_next(Ok(vec![1]));
    rt.run();
    assert_eq!(
        obs.result().data.as_deref(),
        Some(&vec![1, 42]),
        "rebased onto the new data"
    );
}
