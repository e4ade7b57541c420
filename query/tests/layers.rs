//! The optimistic-layer semantics of DESIGN.md, scenario by scenario.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use std::cell::RefCell;
use std::rc::Rc;
use support::Gate;

type List = Vec<String>;

/// A definite refusal: only the server's "no" rolls a change back (a 5xx is unknown, and
/// is sent again: tests/unknown.rs).
fn refusal() -> FetchError {
    FetchError::Http {
        status: 422,
        body: "boom".into(),
    }
}

struct World {
    rt: TestRuntime,
    client: QueryClient,
    fetches: Gate<List>,
    writes: Gate<()>,
}

fn world() -> World {
    let rt = TestRuntime::new();
    let config = ClientConfig {
        seed: Some(1),
        query_retry: RetryPolicy::never(),
        mutation_retry: RetryPolicy::never(),
        ..Default::default()
    };
    let client = QueryClient::with_config(rt.runtime(), config);
    World {
        rt,
        client,
        fetches: Gate::default(),
        writes: Gate::default(),
    }
}

impl World {
    fn list_options(&self) -> QueryOptions<List> {
        let gate = self.fetches.clone();
        QueryOptions::new(keys!["todos"], move |_| gate.request("GET todos", None))
    }

    fn add_mutation(&self) -> MutationObserver<String, ()> {
        let gate = self.writes.clone();
        MutationObserver::new(
            &self.client,
            MutationOptions::new(move |title: String, ctx: MutationContext| {
                gate.request(format!("POST {title}"), Some(ctx.idempotency_key))
            })
            .optimistic(|title: &String, p| {
                let title = title.clone();
                p.update(keys!["todos"], move |l: &List| {
                    let mut l = l.clone();
                    l.push(title.clone());
                    l
                });
            }),
        )
    }

    fn visible(&self) -> List {
        self.client
            .get_query_data::<List>(&keys!["todos"])
            .unwrap()
            .map(|l| (*l).clone())
            .unwrap_or_default()
    }
}

fn s(v: &[&str]) -> List {
    v.iter().map(|x| x.to_string()).collect()
}

/// Records what the list looks like at every notification of `obs`: the render log a
/// component would produce.
fn record_renders(
    obs: &QueryObserver<List>,
    client: &QueryClient,
) -> Rc<RefCell<Vec<Option<List>>>> {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (l, client) = (log.clone(), client.clone());
    obs.subscribe(move || {
        let now = client.get_query_data::<List>(&keys!["todos"]).unwrap();
        l.borrow_mut().push(now.map(|l| (*l).clone()));
    });
    log
}

#[test]
fn loading_then_success() {
    let w = world();
    let obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    assert!(obs.result().is_loading());
    w.rt.run();
    assert_eq!(w.fetches.len(), 1);
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let r = obs.result();
    assert!(r.is_success() && !r.is_fetching());
    assert_eq!(r.data.as_deref(), Some(&s(&["a"])));
}

#[test]
fn failure_rolls_back_only_its_own_layer() {
    let w = world();
    let _obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let m1 = w.add_mutation();
    let m2 = w.add_mutation();
    m1.mutate("b".into());
    m2.mutate("c".into());
    assert_eq!(w.visible(), s(&["a", "b", "c"]));
    w.rt.run();
    assert_eq!(w.writes.len(), 2);
    w.writes.answer(0, Err(refusal()));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["a", "c"]),
        "the second change survives the first's rollback"
    );
    assert!(m1.state().is_error());
    assert_eq!(m1.state().variables.as_deref(), Some("b"));
    assert!(m2.state().is_pending());
}

#[test]
fn refetch_under_a_layer_not_sent_yet_rebases() {
    let w = world();
    // The list is read whatever the network state; the change waits for the network.
    let obs = QueryObserver::new(
        &w.client,
        w.list_options().network_mode(NetworkMode::Always),
    )
    .unwrap();
    let seen = record_renders(&obs, &w.client);
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    w.client.set_online(false);
    let m = w.add_mutation();
    m.mutate("b".into());
    w.rt.run();
    assert!(m.state().is_paused());
    obs.refetch();
    w.rt.run();
    // The server now has another item from someone else; our "b" is still pending.
    w.fetches.answer_next(Ok(s(&["a", "x"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["a", "x", "b"]));
    for v in seen.borrow().iter().skip(1) {
        assert!(
            v.as_ref().unwrap().contains(&"b".to_string()),
            "a render lost the pending change: {v:?}"
        );
    }
}

#[test]
fn refetch_while_the_change_is_in_flight_is_asked_again_after_it() {
    let w = world();
    let obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    let seen = record_renders(&obs, &w.client);
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let m = w.add_mutation();
    m.mutate("b".into());
    obs.refetch();
    w.rt.run();
    // Whether this answer includes "b" cannot be known: it is not used.
    w.fetches.answer_next(Ok(s(&["a", "x"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["a", "b"]));
    w.writes.answer_next(Ok(()));
    w.rt.run();
    assert_eq!(w.fetches.len(), 1, "asked again once the change settled");
    w.fetches.answer_next(Ok(s(&["a", "x", "b"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["a", "x", "b"]));
    for v in seen.borrow().iter().skip(1) {
        assert!(
            v.as_ref().unwrap().contains(&"b".to_string()),
            "a render lost the pending change: {v:?}"
        );
    }
}

#[test]
fn stale_response_is_dropped() {
    let w = world();
    let _obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    w.rt.run();
    // A write lands while the fetch is in flight: the fetch's answer predates it.
    w.client
        .set_query_data(&keys!["todos"], s(&["new"]))
        .unwrap();
    w.fetches.answer_next(Ok(s(&["old"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["new"]));
    assert!(w
        .client
        .recent_events()
        .iter()
        .any(|e| matches!(e.event, CacheEvent::StaleResponseDropped { .. })));
}

#[test]
fn success_with_write_has_no_frame_of_old_value() {
    let w = world();
    let obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let seen = record_renders(&obs, &w.client);
    let gate = w.writes.clone();
    let m = MutationObserver::new(
        &w.client,
        MutationOptions::new(move |t: String, _| gate.request(t, None))
            .optimistic(|t: &String, p| {
                let t = t.clone();
                p.update(keys!["todos"], move |l: &List| {
                    [l.clone(), vec![t.clone()]].concat()
                });
            })
            .on_success(|_, t: &String, _, c| {
                let server = vec!["a".to_string(), format!("{t} (saved)")];
                c.set_query_data(&keys!["todos"], server).unwrap();
            }),
    );
    m.mutate("b".into());
    w.rt.run();
    w.writes.answer_next(Ok(()));
    w.rt.run();
    assert_eq!(
        *seen.borrow(),
        vec![Some(s(&["a", "b"])), Some(s(&["a", "b (saved)"]))]
    );
    assert!(w.client.inspect(&keys!["todos"]).unwrap().layers.is_empty());
}

#[test]
fn invalidation_waits_for_related_mutations_and_layer_waits_for_refetch() {
    let w = world();
    let _obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let gate = w.writes.clone();
    let opts = MutationOptions::new(move |t: String, _| gate.request(t, None))
        .optimistic(|t: &String, p| {
            let t = t.clone();
            p.update(keys!["todos"], move |l: &List| {
                [l.clone(), vec![t.clone()]].concat()
            });
        })
        .invalidates(keys!["todos"]);
    let m1 = MutationObserver::new(&w.client, opts.clone());
    let m2 = MutationObserver::new(&w.client, opts);
    m1.mutate("b".into());
    m2.mutate("c".into());
    w.rt.run();
    w.writes.answer(0, Ok(()));
    w.rt.run();
    assert_eq!(
        w.fetches.len(),
        0,
        "no refetch while the second mutation is pending"
    );
    assert_eq!(
        w.visible(),
        s(&["a", "b", "c"]),
        "the succeeded layer stays until the server's copy"
    );
    w.writes.answer(0, Ok(()));
    w.rt.run();
    assert_eq!(w.fetches.len(), 1, "one refetch once everything settled");
    assert_eq!(w.visible(), s(&["a", "b", "c"]));
    w.fetches.answer_next(Ok(s(&["a", "b", "c"])));
    w.rt.run();
    assert_eq!(w.visible(), s(&["a", "b", "c"]));
    assert!(w.client.inspect(&keys!["todos"]).unwrap().layers.is_empty());
}

#[test]
fn one_mutation_patches_two_keys_and_both_roll_back_together() {
    let w = world();
    w.client
        .set_query_data(&keys!["col", "todo"], s(&["card"]))
        .unwrap();
    w.client
        .set_query_data(&keys!["col", "done"], s(&[]))
        .unwrap();
    let notified = Rc::new(RefCell::new(0));
    let gate = w.writes.clone();
    let m = MutationObserver::new(
        &w.client,
        MutationOptions::new(move |_: (), _| gate.request("move", None)).optimistic(|_, p| {
            p.update(keys!["col", "todo"], |_: &List| Vec::new());
            p.update(keys!["col", "done"], |_: &List| vec!["card".to_string()]);
        }),
    );
    let n = notified.clone();
    let _sub = w.client.subscribe_events(move |_| *n.borrow_mut() += 1);
    m.mutate(());
    let events_for_submit = *notified.borrow();
    assert!(events_for_submit >= 2);
    assert!(w
        .client
        .get_query_data::<List>(&keys!["col", "todo"])
        .unwrap()
        .unwrap()
        .is_empty());
    w.rt.run();
    w.writes.answer_next(Err(refusal()));
    w.rt.run();
    assert_eq!(
        *w.client
            .get_query_data::<List>(&keys!["col", "todo"])
            .unwrap()
            .unwrap(),
        s(&["card"])
    );
    assert!(w
        .client
        .get_query_data::<List>(&keys!["col", "done"])
        .unwrap()
        .unwrap()
        .is_empty());
}

#[test]
fn observer_with_select_ignores_unrelated_changes() {
    let w = world();
    w.client
        .set_query_data(&keys!["todos"], s(&["a", "b"]))
        .unwrap();
    let opts = w
        .list_options()
        .stale_time(u64::MAX)
        .notify_on(NotifyOn::Data);
    let first = QueryObserver::with_select(&w.client, opts, |l: &Rc<List>| l[0].clone()).unwrap();
    let count = Rc::new(RefCell::new(0));
    let c = count.clone();
    first.subscribe(move || *c.borrow_mut() += 1);
    w.client
        .set_query_data(&keys!["todos"], s(&["a", "changed"]))
        .unwrap();
    assert_eq!(*count.borrow(), 0);
    w.client
        .set_query_data(&keys!["todos"], s(&["z", "changed"]))
        .unwrap();
    assert_eq!(*count.borrow(), 1);
    assert_eq!(first.result().data.as_deref(), Some("z"));
}

#[test]
fn wrong_type_is_an_error_not_a_panic() {
    let w = world();
    w.client.set_query_data(&keys!["todos"], s(&["a"])).unwrap();
    let err = w.client.get_query_data::<u32>(&keys!["todos"]).unwrap_err();
    assert!(err.to_string().contains("u32"));
    let bad = QueryOptions::new(keys!["todos"], |_| async { Ok::<u32, FetchError>(1) });
    assert!(QueryObserver::new(&w.client, bad).is_err());
}

#[test]
fn without_invalidation_a_success_folds_into_confirmed_in_order() {
    let w = world();
    w.client.set_query_data(&keys!["todos"], s(&["a"])).unwrap();
    let m1 = w.add_mutation();
    let m2 = w.add_mutation();
    m1.mutate("b".into());
    m2.mutate("c".into());
    w.rt.run();
    // The newer call succeeds first: it cannot fold past the older pending layer.
    w.writes.answer(1, Ok(()));
    w.rt.run();
    let snap = w.client.inspect(&keys!["todos"]).unwrap();
    assert_eq!(snap.layers.len(), 2);
    assert!(snap.layers[1].committed && !snap.layers[0].committed);
    assert_eq!(w.visible(), s(&["a", "b", "c"]));
    // Then the older one: both fold, in start order, and nothing visible changes.
    w.writes.answer(0, Ok(()));
    w.rt.run();
    let snap = w.client.inspect(&keys!["todos"]).unwrap();
    assert!(snap.layers.is_empty());
    let confirmed = snap.confirmed.unwrap();
    assert_eq!(
        confirmed.downcast_ref::<List>().unwrap(),
        &s(&["a", "b", "c"])
    );
}

#[test]
fn a_fetch_sent_before_a_fold_cannot_undo_it() {
    let w = world();
    let obs = QueryObserver::new(&w.client, w.list_options()).unwrap();
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    let m = w.add_mutation();
    m.mutate("b".into());
    obs.refetch(); // sent before the server has "b"
    w.rt.run();
    w.writes.answer_next(Ok(()));
    w.rt.run();
    w.fetches.answer_next(Ok(s(&["a"])));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["a", "b"]),
        "the older answer is dropped, not shown"
    );
}

#[test]
fn in_place_patches_rebase_and_roll_back_like_any_other() {
    let w = world();
    w.client.set_query_data(&keys!["todos"], s(&["a"])).unwrap();
    let gate = w.writes.clone();
    let opts = MutationOptions::new(move |t: String, _| gate.request(t, None)).optimistic(
        |t: &String, p| {
            let t = t.clone();
            p.modify(keys!["todos"], move |l: &mut List| l.push(t.clone()));
        },
    );
    let m1 = MutationObserver::new(&w.client, opts.clone());
    let m2 = MutationObserver::new(&w.client, opts);
    m1.mutate("b".into());
    m2.mutate("c".into());
    let confirmed_before = w
        .client
        .get_confirmed_data::<List>(&keys!["todos"])
        .unwrap()
        .unwrap();
    assert_eq!(
        *confirmed_before,
        s(&["a"]),
        "editing in place never touches the confirmed data"
    );
    assert_eq!(w.visible(), s(&["a", "b", "c"]));
    w.client
        .set_query_data(&keys!["todos"], s(&["a", "x"]))
        .unwrap();
    assert_eq!(w.visible(), s(&["a", "x", "b", "c"]), "rebased");
    w.rt.run();
    w.writes.answer(0, Err(refusal()));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["a", "x", "c"]),
        "only the failed edit is gone"
    );
    assert_eq!(
        *w.client
            .get_confirmed_data::<List>(&keys!["todos"])
            .unwrap()
            .unwrap(),
        s(&["a", "x"])
    );
}
