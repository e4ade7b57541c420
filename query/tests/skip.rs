//! `QueryOptions::new_or_skip` (TanStack's `skipToken`, issue 18): a query without its
//! arguments never calls its fetcher, whatever asks it to fetch.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::Cell;
use std::rc::Rc;

fn user(id: Option<u32>, calls: &Rc<Cell<u32>>) -> QueryOptions<String> {
    let calls = calls.clone();
    QueryOptions::new_or_skip(
        keys!["user", i64::from(id.unwrap_or(0))],
        id,
        move |id: u32, _| {
            calls.set(calls.get() + 1);
            async move { Ok::<_, FetchError>(format!("user {id}")) }
        },
    )
}

#[test]
fn a_skipped_query_never_calls_its_fetcher_even_when_asked_to_refetch() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let calls = Rc::new(Cell::new(0));
    let opts = user(None, &calls).enabled(true);
    assert!(opts.is_skipped(), "enabled(true) does not undo a skip");
    let obs = QueryObserver::new(&client, opts.clone()).unwrap();
    rt.run();
    assert_eq!(calls.get(), 0, "mounting does not fetch");
    obs.refetch();
    client.invalidate_queries(&QueryFilter::all());
    client.prefetch_query(&opts);
    rt.run();
    assert_eq!(
        calls.get(),
        0,
        "refetch, invalidate and prefetch do not call it either"
    );
    assert!(obs.result().data.is_none());

    let out = Rc::new(std::cell::RefCell::new(None));
    let o = out.clone();
    let fut = client.fetch_query(&opts);
    rt.spawn(Box::pin(async move {
        *o.borrow_mut() = Some(fut.await);
    }));
    rt.run();
    let answer = out.borrow_mut().take().expect("fetch_query ends");
    assert!(
        matches!(answer, Err(FetchError::Aborted(AbortReason::Cancelled))),
        "fetch_query of a skipped query ends as cancelled: {answer:?}"
    );
    assert_eq!(calls.get(), 0);
}

#[test]
fn once_the_arguments_come_the_same_code_fetches_with_them() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let calls = Rc::new(Cell::new(0));
    let skipped = QueryObserver::new(&client, user(None, &calls)).unwrap();
    rt.run();
    assert!(skipped.result().data.is_none());
    let with_id = user(Some(7), &calls);
    assert!(!with_id.is_skipped());
    // A new key, so a new observer (as the hooks do when the key changes).
    let obs = QueryObserver::new(&client, with_id).unwrap();
    rt.run();
    assert_eq!(calls.get(), 1);
    assert_eq!(
        obs.result().data.as_deref().map(String::as_str),
        Some("user 7")
    );
}
