//! `resume_paused_mutations` and the infinite query's client-side fetches (issue 18).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A mutation whose first `fail` sends end unknown (a network error), then succeed.
fn flaky(client: &QueryClient, fail: u32, sends: &Rc<Cell<u32>>) -> MutationObserver<u32, u32> {
    let s = sends.clone();
    MutationObserver::new(
        client,
        MutationOptions::new(move |n: u32, _| {
            s.set(s.get() + 1);
            let failing = s.get() <= fail;
            async move {
                if failing {
                    Err(FetchError::Network("reset".into()))
                } else {
                    Ok::<u32, FetchError>(n)
                }
            }
        })
        .retry(RetryPolicy::never()),
    )
}

#[test]
fn resume_sends_every_waiting_call_now_and_leaves_offline_pauses_alone() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let (a_sends, b_sends) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
    let a = flaky(&client, 1, &a_sends);
    let b = flaky(&client, 1, &b_sends);
    a.mutate(1);
    b.mutate(2);
    rt.run();
    assert!(a.state().is_waiting_for_server() && b.state().is_waiting_for_server());
    let before = rt.now();
    assert_eq!(client.resume_paused_mutations(), 2);
    rt.run();
    assert_eq!(rt.now(), before, "no back-off waited");
    assert!(a.state().is_success() && b.state().is_success());
    assert_eq!((a_sends.get(), b_sends.get()), (2, 2));
    assert_eq!(
        client.resume_paused_mutations(),
        0,
        "nothing waits any more"
    );

    // Offline, a new call pauses; resuming by hand does not send it into no network.
    client.set_online(false);
    let c_sends = Rc::new(Cell::new(0));
    let c = flaky(&client, 0, &c_sends);
    c.mutate(3);
    rt.run();
    assert_eq!(client.resume_paused_mutations(), 0);
    rt.run();
    assert_eq!(c_sends.get(), 0, "still paused offline");
    client.set_online(true);
    rt.run();
    assert!(c.state().is_success(), "back online, it resumed by itself");
}

fn feed(calls: &Rc<Cell<u32>>) -> InfiniteQueryOptions<Vec<u32>, u32> {
    let calls = calls.clone();
    InfiniteQueryOptions::new(keys!["feed"], 0_u32, move |_, page: u32| {
        calls.set(calls.get() + 1);
        async move { Ok::<_, FetchError>(vec![page]) }
    })
    .get_next_page_param(|_, _, page, _| (*page < 5).then_some(page + 1))
}

fn run<T: 'static>(rt: &TestRuntime, fut: futures::future::LocalBoxFuture<'static, T>) -> T {
    let out = Rc::new(RefCell::new(None));
    let o = out.clone();
    rt.spawn(Box::pin(async move {
        *o.borrow_mut() = Some(fut.await);
    }));
    rt.run();
    let v = out.borrow_mut().take();
    v.expect("the future ended")
}

#[test]
fn fetch_infinite_query_fetches_the_first_page_and_refetches_every_page_when_stale() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let calls = Rc::new(Cell::new(0));
    let data = run(&rt, client.fetch_infinite_query(&feed(&calls))).unwrap();
    assert_eq!(data.pages, vec![vec![0]]);
    // An observer adds a page; a later fetch (data stale at stale_time 0) refetches both.
    let obs = InfiniteQueryObserver::new(
        &client,
        feed(&calls).with_query(|q| q.refetch_on_mount(false)),
    )
    .unwrap();
    obs.fetch_next_page();
    rt.run();
    let before = calls.get();
    let data = run(&rt, client.fetch_infinite_query(&feed(&calls))).unwrap();
    assert_eq!(data.pages, vec![vec![0], vec![1]]);
    assert_eq!(calls.get(), before + 2, "both pages fetched again");
}

#[test]
fn fresh_pages_are_not_fetched_and_ensure_uses_the_cache() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let calls = Rc::new(Cell::new(0));
    let fresh = feed(&calls).with_query(|q| q.stale_time(60_000));
    client.prefetch_infinite_query(&fresh);
    rt.run();
    assert_eq!(calls.get(), 1);
    run(&rt, client.fetch_infinite_query(&fresh)).unwrap();
    assert_eq!(calls.get(), 1, "fresh: fetch_infinite_query uses the cache");
    rt.advance(120_000);
    let data = run(&rt, client.ensure_infinite_query_data(&feed(&calls))).unwrap();
    assert_eq!(data.pages.len(), 1);
    assert_eq!(calls.get(), 1, "stale, but ensure returns what is cached");
}
