//! Scopes (the lock), latest-wins, debounce and retries.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use support::Gate;

fn client(rt: &TestRuntime, retry: RetryPolicy) -> QueryClient {
    let config = ClientConfig {
        seed: Some(3),
        mutation_retry: retry,
        ..Default::default()
    };
    QueryClient::with_config(rt.runtime(), config)
}

#[derive(Clone, Debug, PartialEq)]
struct SetLiked {
    post: u32,
    liked: bool,
}

fn like_options(gate: &Gate<bool>, policy: ScopePolicy) -> MutationOptions<SetLiked, bool> {
    let gate = gate.clone();
    MutationOptions::new(move |v: SetLiked, _| {
        gate.request(format!("like {} {}", v.post, v.liked), None)
    })
    .key(keys!["like"])
    .optimistic(|v: &SetLiked, p| {
        p.set(keys!["post", v.post, "liked"], v.liked);
    })
    .scope(|v: &SetLiked| keys!["post", v.post], policy)
}

fn liked(c: &QueryClient, post: u32) -> Option<bool> {
    c.get_query_data::<bool>(&keys!["post", post, "liked"])
        .unwrap()
        .map(|b| *b)
}

#[test]
fn serial_scope_sends_one_at_a_time_in_order() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let gate = Gate::default();
    let m = MutationObserver::new(&c, like_options(&gate, ScopePolicy::Serial));
    m.mutate(SetLiked {
        post: 1,
        liked: true,
    });
    m.mutate(SetLiked {
        post: 1,
        liked: false,
    });
    m.mutate(SetLiked {
        post: 2,
        liked: true,
    }); // another scope: not blocked
    rt.run();
    assert_eq!(gate.labels(), vec!["like 1 true", "like 2 true"]);
    assert_eq!(liked(&c, 1), Some(false), "every call painted at once");
    gate.answer(0, Ok(true));
    rt.run();
    assert_eq!(gate.labels(), vec!["like 2 true", "like 1 false"]);
    assert_eq!(
        c.is_mutating(&MutationFilter::default().scope(keys!["post", 1])),
        1
    );
}

#[test]
fn latest_wins_replaces_the_queued_call_not_the_one_in_flight() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let gate = Gate::default();
    let m = MutationObserver::new(&c, like_options(&gate, ScopePolicy::LatestWins));
    for (i, liked) in [true, false, true, false, true].into_iter().enumerate() {
        m.mutate(SetLiked { post: 1, liked });
        assert_eq!(
            liked_now(&c),
            Some(liked),
            "each click paints in the same frame"
        );
        if i == 0 {
            rt.run(); // the first click's request leaves before the next click
        }
    }
    rt.run();
    assert_eq!(
        gate.labels(),
        vec!["like 1 true"],
        "only the first is in flight"
    );
    gate.answer(0, Ok(true));
    rt.run();
    assert_eq!(
        gate.labels(),
        vec!["like 1 true"],
        "then only the last click is sent"
    );
    gate.answer(0, Ok(true));
    rt.run();
    assert_eq!(gate.sent.borrow().len(), 2, "five clicks, two requests");
    assert_eq!(liked_now(&c), Some(true));
    let superseded = c
        .mutation_infos(&MutationFilter::default())
        .iter()
        .filter(|i| {
            i.error
                .as_ref()
                .is_some_and(|e| e.kind == ErrorKind::Aborted)
        })
        .count();
    assert_eq!(superseded, 3);
}

fn liked_now(c: &QueryClient) -> Option<bool> {
    liked(c, 1)
}

#[test]
fn debounce_sends_only_the_last_of_a_burst() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let gate = Gate::default();
    let m = MutationObserver::new(&c, like_options(&gate, ScopePolicy::Debounce(300)));
    for liked in [true, false, true, false] {
        m.mutate(SetLiked { post: 1, liked });
        rt.advance(100);
        assert_eq!(gate.len(), 0);
    }
    rt.advance(199);
    assert_eq!(gate.len(), 0, "still inside the debounce window");
    rt.advance(1);
    assert_eq!(gate.labels(), vec!["like 1 false"]);
    gate.answer(0, Ok(false));
    rt.run();
    assert_eq!(liked_now(&c), Some(false));
    assert!(m.state().is_success());
}

#[test]
fn retryable_errors_back_off_then_succeed_with_the_same_idempotency_key() {
    let rt = TestRuntime::new();
    let c = client(
        &rt,
        RetryPolicy::times(3).delays(100, 1_000).with_jitter(0.0),
    );
    let keys_seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let gate: Gate<()> = Gate::default();
    let (g, k) = (gate.clone(), keys_seen.clone());
    let m = MutationObserver::new(
        &c,
        MutationOptions::new(move |_: (), ctx: MutationContext| {
            k.borrow_mut()
                .push((ctx.attempt, ctx.idempotency_key.clone()));
            g.request("save", Some(ctx.idempotency_key))
        }),
    );
    m.mutate(());
    rt.run();
    gate.answer_next(Err(FetchError::Http {
        status: 503,
        body: "busy".into(),
    }));
    rt.run();
    assert_eq!(m.state().failure_count, 1);
    assert!(m.state().is_pending());
    rt.advance(99);
    assert_eq!(gate.len(), 0);
    rt.advance(1);
    assert_eq!(gate.len(), 1, "retried after 100 ms");
    gate.answer_next(Err(FetchError::Timeout(5_000)));
    rt.advance(199);
    assert_eq!(gate.len(), 0);
    rt.advance(1);
    assert_eq!(gate.len(), 1, "then after 200 ms");
    gate.answer_next(Ok(()));
    rt.run();
    assert!(m.state().is_success());
    let seen = keys_seen.borrow();
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(
        seen.iter().all(|s| s.1 == seen[0].1),
        "one idempotency key for all attempts"
    );
}

#[test]
fn client_errors_are_not_retried() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::times(3).delays(100, 1_000));
    let gate: Gate<()> = Gate::default();
    let g = gate.clone();
    let m = MutationObserver::new(
        &c,
        MutationOptions::new(move |_: (), _| g.request("save", None)),
    );
    m.mutate(());
    rt.run();
    gate.answer_next(Err(FetchError::Http {
        status: 422,
        body: "title is empty".into(),
    }));
    rt.settle(60_000);
    assert_eq!(gate.sent.borrow().len(), 1);
    let state = m.state();
    assert!(state.is_error());
    assert_eq!(
        state.error.unwrap().to_string(),
        "the server answered 422: title is empty"
    );
    assert_eq!(
        m.retry().map(|_| ()),
        Some(()),
        "retry with the same variables"
    );
    rt.run();
    assert_eq!(gate.sent.borrow().len(), 2);
}

#[test]
fn callbacks_run_in_order_with_context() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let log = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let (l1, l2, l3) = (log.clone(), log.clone(), log.clone());
    let m = MutationObserver::new(
        &c,
        MutationOptions::new(|n: u32, _| async move {
            Err::<u32, FetchError>(FetchError::App(format!("no {n}")))
        })
        .on_mutate(move |n: &u32, _| {
            l1.borrow_mut().push(format!("mutate {n}"));
            n * 10
        })
        .on_error(move |e, n, ctx: Option<&u32>, _| {
            l2.borrow_mut().push(format!("error {e} {n} {ctx:?}"))
        })
        .on_settled(move |d, e, _, _, _| {
            l3.borrow_mut()
                .push(format!("settled {d:?} {}", e.is_some()))
        }),
    );
    m.mutate(4);
    rt.run();
    assert_eq!(
        *log.borrow(),
        vec!["mutate 4", "error no 4 4 Some(40)", "settled None true"]
    );
}

#[test]
fn throttle_sends_the_first_at_once_and_the_last_after_the_window() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let gate = Gate::default();
    let m = MutationObserver::new(&c, like_options(&gate, ScopePolicy::Throttle(1_000)));
    m.mutate(SetLiked {
        post: 1,
        liked: true,
    });
    rt.run();
    assert_eq!(gate.labels(), vec!["like 1 true"], "leading edge");
    gate.answer_next(Ok(true));
    rt.advance(100);
    for liked in [false, true, false] {
        m.mutate(SetLiked { post: 1, liked });
        rt.advance(100);
    }
    assert_eq!(gate.len(), 0, "inside the window");
    rt.advance(599);
    assert_eq!(gate.len(), 0);
    rt.advance(1);
    assert_eq!(
        gate.labels(),
        vec!["like 1 false"],
        "trailing edge: the last click"
    );
    gate.answer_next(Ok(false));
    rt.run();
    assert_eq!(liked_now(&c), Some(false));
    assert_eq!(gate.sent.borrow().len(), 2);
}

#[test]
fn a_manual_retry_after_a_timeout_keeps_the_idempotency_key_but_not_after_a_4xx() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let gate: Gate<()> = Gate::default();
    let g = gate.clone();
    let m = MutationObserver::new(
        &c,
        // Opted out of resending unknown outcomes: the timeout settles as a failure
        // and the user retries it by hand.
        MutationOptions::new(move |_: (), ctx: MutationContext| {
            g.request("save", Some(ctx.idempotency_key))
        })
        .resend_unknown(false),
    );
    m.mutate(());
    rt.run();
    let first = gate.queue_keys()[0].clone();
    gate.answer_next(Err(FetchError::Timeout(10_000)));
    rt.run();
    m.retry().unwrap();
    rt.run();
    assert_eq!(
        gate.queue_keys()[0],
        first,
        "same key: the server may have applied it"
    );
    gate.answer_next(Err(FetchError::Http {
        status: 409,
        body: "conflict".into(),
    }));
    rt.run();
    m.retry().unwrap();
    rt.run();
    assert_ne!(
        gate.queue_keys()[0],
        first,
        "refused: a new key asks afresh"
    );
}

/// The application's own error type, not `String`: the engine keeps errors without
/// their types, and an abort it decides itself must still reach the app typed.
#[derive(Clone, Debug, PartialEq)]
enum Refusal {
    Taken,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("taken")
    }
}

/// What a test collects from a task or callback.
type Shared<T> = std::rc::Rc<std::cell::RefCell<T>>;

#[test]
fn a_replaced_call_reports_its_abort_in_the_apps_error_type() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let errors: Shared<Vec<(u32, FetchError<Refusal>)>> = Shared::default();
    let seen = errors.clone();
    let opts = MutationOptions::new(|n: u32, _| async move {
        if n == 1 {
            futures::future::pending::<()>().await;
        }
        Err::<u32, _>(FetchError::App(Refusal::Taken))
    })
    .scope(|_: &u32| keys!["one"], ScopePolicy::LatestWins)
    .on_error(move |e, n: &u32, _ctx: Option<&()>, _client| {
        seen.borrow_mut().push((*n, e.clone()));
    });
    let m = MutationObserver::new(&c, opts);
    m.mutate(1);
    rt.run(); // the first is in flight and never answers
    let replaced = m.mutate_async(2);
    m.mutate(3);
    let outcome: Shared<Option<Result<u32, FetchError<Refusal>>>> = Shared::default();
    let out = outcome.clone();
    rt.spawn(Box::pin(async move {
        *out.borrow_mut() = Some(replaced.await);
    }));
    rt.run();
    assert_eq!(
        *outcome.borrow(),
        Some(Err(FetchError::Aborted(AbortReason::Superseded))),
        "the caller of the replaced call learns why, in its own error type"
    );
    assert_eq!(
        errors.borrow()[0],
        (2, FetchError::Aborted(AbortReason::Superseded))
    );
    assert!(
        !m.state().is_success(),
        "the newest call is still queued behind the first"
    );
}

#[test]
fn the_apps_own_error_reaches_its_callbacks_and_state_as_it_was() {
    let rt = TestRuntime::new();
    let c = client(&rt, RetryPolicy::never());
    let m = MutationObserver::new(
        &c,
        MutationOptions::new(
            |_: u32, _| async move { Err::<u32, _>(FetchError::App(Refusal::Taken)) },
        ),
    );
    m.mutate(7);
    rt.run();
    let state = m.state();
    assert!(state.is_error());
    assert_eq!(state.error, Some(FetchError::App(Refusal::Taken)));
    assert_eq!(state.variables, Some(7));
}
