//! Unknown is not failed: a write whose outcome the client does not know (a network
//! error, a timeout, a 5xx, an answer lost after the server applied it, a page torn
//! down mid-request) keeps its layer and its idempotency key and is sent again under that
//! key until the server gives a definite answer. Only a refusal (a 4xx, the app's own
//! error) or the user's discard removes it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::storage::{MemoryStorage, Storage};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use support::Gate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Add {
    title: String,
}

type List = Vec<String>;

const STORAGE_KEY: &str = "yew-optimistic/mutations";

/// The server's side: which changes it applied, by idempotency key (a replay under a
/// known key is answered from the stored outcome, never applied again).
#[derive(Clone, Default)]
struct Server {
    applied: Rc<RefCell<HashMap<String, u32>>>,
    order: Rc<RefCell<Vec<String>>>,
}

impl Server {
    /// Applies the change of the request with this key, once.
    fn apply(&self, key: &str, title: &str) {
        let mut applied = self.applied.borrow_mut();
        let n = applied.entry(key.to_owned()).or_insert(0);
        if *n == 0 {
            self.order.borrow_mut().push(title.to_owned());
        }
        *n += 1;
    }
    fn list(&self) -> List {
        let mut l = vec!["a".to_string()];
        l.extend(self.order.borrow().iter().cloned());
        l
    }
    fn applications(&self) -> usize {
        self.order.borrow().len()
    }
}

fn add_options(gate: &Gate<()>) -> MutationOptions<Add, ()> {
    let gate = gate.clone();
    MutationOptions::new(move |a: Add, ctx: MutationContext| {
        gate.request(a.title, Some(ctx.idempotency_key))
    })
    .key(keys!["todos", "add"])
    .optimistic(|a: &Add, p| {
        let t = a.title.clone();
        p.update(keys!["todos"], move |l: &List| {
            [l.clone(), vec![t.clone()]].concat()
        });
    })
}

struct Page {
    rt: TestRuntime,
    client: QueryClient,
}

fn open(storage: &MemoryStorage, gate: &Gate<()>, server: &Server) -> Page {
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(3),
            ..Default::default()
        },
    );
    // What the page knew before any of the calls (as a persisted query would hold):
    // `set_query_data` is trusted as the server's data without calls in flight.
    let _ = server;
    client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .unwrap();
    client.register_mutation(keys!["todos", "add"], add_options(gate));
    client.restore_mutations().unwrap();
    Page { rt, client }
}

fn visible(c: &QueryClient) -> List {
    (*c.get_query_data::<List>(&keys!["todos"]).unwrap().unwrap()).clone()
}

fn key_of_next(gate: &Gate<()>) -> String {
    gate.queue_keys()[0]
        .clone()
        .expect("the request carries its key")
}

/// Lets the retry timers run (the back-off is at most 30 s a step).
fn wait_out_backoff(rt: &TestRuntime) {
    rt.advance(31_000);
    rt.run();
}

fn unknown_answers() -> Vec<(&'static str, FetchError)> {
    vec![
        (
            "network error",
            FetchError::Network("connection reset".into()),
        ),
        ("timeout", FetchError::Timeout(10_000)),
        (
            "503",
            FetchError::Http {
                status: 503,
                body: "unavailable".into(),
            },
        ),
        (
            "500",
            FetchError::Http {
                status: 500,
                body: "oops".into(),
            },
        ),
        (
            "429",
            FetchError::Http {
                status: 429,
                body: "slow down".into(),
            },
        ),
        ("unreadable 2xx", FetchError::Decode("eof".into())),
    ]
}

#[test]
fn an_unknown_outcome_keeps_the_layer_and_resends_under_the_same_key() {
    for (what, error) in unknown_answers() {
        for applied_before_failing in [false, true] {
            let storage = MemoryStorage::default();
            let gate = Gate::default();
            let server = Server::default();
            let page = open(&storage, &gate, &server);
            let add = MutationObserver::new(&page.client, add_options(&gate));
            add.mutate(Add { title: "b".into() });
            page.rt.run();
            let key = key_of_next(&gate);
            if applied_before_failing {
                // The server applied it; the answer was lost on the way back.
                server.apply(&key, "b");
            }
            gate.answer_next(Err(error.clone()));
            page.rt.run();
            assert_eq!(
                visible(&page.client),
                vec!["a", "b"],
                "{what}: the layer stays while the outcome is unknown"
            );
            let s = add.state();
            assert!(s.is_pending(), "{what}: not settled: {:?}", s.status);
            assert!(s.is_waiting_for_server(), "{what}: shown waiting");
            assert_eq!(s.failure_count, 1, "{what}");
            assert_eq!(s.failure_reason.as_ref(), Some(&error), "{what}");
            let saved = storage.get(STORAGE_KEY).expect("still persisted");
            assert!(saved.contains(&key), "{what}: persisted under its key");

            wait_out_backoff(&page.rt);
            assert_eq!(gate.len(), 1, "{what}: sent again");
            assert_eq!(key_of_next(&gate), key, "{what}: under the same key");
            server.apply(&key, "b");
            gate.answer_next(Ok(()));
            page.rt.run();
            assert!(add.state().is_success(), "{what}");
            assert_eq!(server.applications(), 1, "{what}: applied exactly once");
            assert_eq!(visible(&page.client), vec!["a", "b"], "{what}");
            assert!(storage.get(STORAGE_KEY).is_none(), "{what}: queue emptied");
        }
    }
}

#[test]
fn a_refusal_rolls_back_at_once() {
    for status in [400, 404, 409, 422] {
        let storage = MemoryStorage::default();
        let gate = Gate::default();
        let server = Server::default();
        let page = open(&storage, &gate, &server);
        let add = MutationObserver::new(&page.client, add_options(&gate));
        add.mutate(Add { title: "b".into() });
        page.rt.run();
        gate.answer_next(Err(FetchError::Http {
            status,
            body: "no".into(),
        }));
        page.rt.run();
        assert!(add.state().is_error(), "{status}");
        assert_eq!(visible(&page.client), vec!["a"], "{status}: rolled back");
        wait_out_backoff(&page.rt);
        assert_eq!(gate.len(), 0, "{status}: not sent again");
        assert!(storage.get(STORAGE_KEY).is_none());
    }
    // The app's own typed error is a refusal too.
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let page = open(&storage, &gate, &Server::default());
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    gate.answer_next(Err(FetchError::App("title taken".into())));
    page.rt.run();
    assert!(add.state().is_error());
    assert_eq!(visible(&page.client), vec!["a"]);
}

#[test]
fn a_failure_while_the_network_drops_pauses_and_resends_on_reconnect() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let page = open(&storage, &gate, &server);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    let key = key_of_next(&gate);
    // The request fails in the instant before the page learns it is offline.
    // The page handles the failure while it still believes it is online, then learns.
    gate.answer_next(Err(FetchError::Network("Failed to fetch".into())));
    page.rt.run();
    page.client.set_online(false);
    page.rt.run();
    wait_out_backoff(&page.rt);
    wait_out_backoff(&page.rt);
    assert_eq!(gate.len(), 0, "nothing sent while offline");
    assert!(
        add.state().is_pending(),
        "not refused: {:?}",
        add.state().status
    );
    assert_eq!(visible(&page.client), vec!["a", "b"]);
    page.client.set_online(true);
    page.rt.run();
    wait_out_backoff(&page.rt);
    assert_eq!(gate.len(), 1, "resent on reconnect");
    assert_eq!(key_of_next(&gate), key);
    server.apply(&key, "b");
    gate.answer_next(Ok(()));
    page.rt.run();
    assert!(add.state().is_success());
    assert_eq!(server.applications(), 1);
}

#[test]
fn a_call_restored_after_a_reload_is_resent_under_its_key_and_applied_once() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let page = open(&storage, &gate, &server);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    let key = key_of_next(&gate);
    server.apply(&key, "b");
    // The answer is lost; the back-off runs; then the page reloads.
    gate.answer_next(Err(FetchError::Network("connection reset".into())));
    page.rt.run();
    drop(add);
    drop(page);
    let page = open(&storage, &gate, &server);
    page.rt.run();
    assert_eq!(visible(&page.client), vec!["a", "b"], "restored and shown");
    assert_eq!(gate.len(), 1, "resent after the reload");
    assert_eq!(key_of_next(&gate), key, "under the same key");
    server.apply(&key, "b");
    gate.answer_next(Ok(()));
    page.rt.run();
    assert_eq!(server.applications(), 1);
    assert!(storage.get(STORAGE_KEY).is_none());
}

#[test]
fn after_the_resends_allowed_the_call_is_held_until_retry_now_or_discard() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let page = open(&storage, &gate, &server);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    let id = add.mutate(Add { title: "b".into() });
    page.rt.run();
    let key = key_of_next(&gate);
    let allowed = page.client.config().unknown_resend.max_retries;
    // The first attempt and every resend allowed end unknown.
    for _ in 0..=allowed {
        assert_eq!(gate.len(), 1);
        gate.answer_next(Err(FetchError::Http {
            status: 503,
            body: "unavailable".into(),
        }));
        page.rt.run();
        wait_out_backoff(&page.rt);
    }
    assert_eq!(gate.len(), 0, "held: not sent again by itself");
    wait_out_backoff(&page.rt);
    assert_eq!(gate.len(), 0);
    let s = add.state();
    assert!(s.is_held(), "{:?}", s.status);
    assert!(s.is_pending(), "held is unsettled");
    assert_eq!(s.failure_count, allowed + 1);
    assert_eq!(visible(&page.client), vec!["a", "b"], "layer kept");
    assert!(
        storage.get(STORAGE_KEY).unwrap().contains(&key),
        "persisted"
    );
    assert!(page
        .client
        .recent_events()
        .iter()
        .any(|e| e.event == CacheEvent::MutationHeld { mutation: id }));

    // Retry now: sent again under the same key, and a success settles it.
    assert!(add.retry_now());
    page.rt.run();
    assert_eq!(gate.len(), 1);
    assert_eq!(key_of_next(&gate), key);
    assert!(!add.state().is_held());
    server.apply(&key, "b");
    gate.answer_next(Ok(()));
    page.rt.run();
    assert!(add.state().is_success());
    assert_eq!(server.applications(), 1);
}

#[test]
fn discarding_a_call_that_may_be_on_the_server_rolls_back_and_refetches() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(3),
            unknown_resend: RetryPolicy::times(1),
            ..Default::default()
        },
    );
    let fetches = Rc::new(RefCell::new(0));
    let (f, srv) = (fetches.clone(), server.clone());
    let todos = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["todos"], move |_ctx| {
            *f.borrow_mut() += 1;
            let list = srv.list();
            async move { Ok::<List, FetchError>(list) }
        }),
    )
    .unwrap();
    todos.subscribe(|| {});
    rt.run();
    let add = MutationObserver::new(&client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    rt.run();
    let key = key_of_next(&gate);
    // The server applied it; the answer is lost twice; the call is held.
    server.apply(&key, "b");
    gate.answer_next(Err(FetchError::Network("reset".into())));
    rt.run();
    wait_out_backoff(&rt);
    gate.answer_next(Err(FetchError::Network("reset".into())));
    rt.run();
    assert!(add.state().is_held());
    let before = *fetches.borrow();
    assert!(add.discard());
    rt.run();
    let s = add.state();
    assert!(s.is_error());
    assert_eq!(
        s.error,
        Some(FetchError::Aborted(AbortReason::Discarded)),
        "settled by the user's discard"
    );
    assert!(*fetches.borrow() > before, "its keys are fetched again");
    assert_eq!(
        visible(&client),
        vec!["a", "b"],
        "the server's state shows: it had applied the change"
    );
    assert!(storage.get(STORAGE_KEY).is_none());
    assert!(!add.discard(), "nothing left to discard");
}

#[test]
fn a_call_may_opt_out_and_roll_back_as_before() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let page = open(&storage, &gate, &Server::default());
    let add = MutationObserver::new(&page.client, add_options(&gate).resend_unknown(false));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    gate.answer_next(Err(FetchError::Network("reset".into())));
    page.rt.run();
    assert!(add.state().is_error());
    assert_eq!(visible(&page.client), vec!["a"]);
    wait_out_backoff(&page.rt);
    assert_eq!(gate.len(), 0);
}

#[test]
fn page_teardown_settles_nothing_and_keeps_the_persisted_queue() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let page = open(&storage, &gate, &server);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    add.mutate(Add { title: "c".into() });
    page.rt.run();
    assert_eq!(gate.len(), 2);
    let keys: Vec<String> = gate.queue_keys().into_iter().flatten().collect();
    let saved = storage.get(STORAGE_KEY).unwrap();
    // `pagehide`: the browser then aborts both requests (one had reached the server)
    // and one answer (a refusal) still lands.
    page.client.suspend_for_unload();
    server.apply(&keys[0], "b");
    gate.answer_next(Err(FetchError::Aborted(AbortReason::Cancelled)));
    gate.answer_next(Err(FetchError::Http {
        status: 422,
        body: "no".into(),
    }));
    page.rt.run();
    wait_out_backoff(&page.rt);
    assert_eq!(
        storage.get(STORAGE_KEY).as_deref(),
        Some(saved.as_str()),
        "the persisted queue is unchanged"
    );
    assert_eq!(
        visible(&page.client),
        vec!["a", "b", "c"],
        "nothing rolled back"
    );
    assert_eq!(gate.len(), 0, "nothing sent from a dying page");
    drop(add);
    drop(page);

    // The next page restores both and sends them under their keys.
    let page = open(&storage, &gate, &server);
    page.rt.run();
    assert_eq!(visible(&page.client), vec!["a", "b", "c"]);
    assert_eq!(key_of_next(&gate), keys[0]);
    server.apply(&keys[0], "b");
    gate.answer_next(Ok(()));
    page.rt.run();
    assert_eq!(key_of_next(&gate), keys[1]);
    server.apply(&keys[1], "c");
    gate.answer_next(Ok(()));
    page.rt.run();
    assert_eq!(server.applications(), 2, "each applied once");
    assert!(storage.get(STORAGE_KEY).is_none());
}

#[test]
fn a_page_back_from_the_bfcache_resends_what_its_teardown_aborted() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let server = Server::default();
    let page = open(&storage, &gate, &server);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    let key = key_of_next(&gate);
    page.client.suspend_for_unload();
    gate.answer_next(Err(FetchError::Network("aborted".into())));
    page.rt.run();
    assert!(add.state().is_pending());
    assert_eq!(add.state().failure_count, 0, "the abort is not a failure");
    page.client.resume_after_unload();
    page.rt.run();
    assert_eq!(gate.len(), 1, "sent again at once");
    assert_eq!(key_of_next(&gate), key);
    gate.answer_next(Ok(()));
    page.rt.run();
    assert!(add.state().is_success());
}

#[test]
fn going_offline_during_the_back_off_pauses_the_call_at_once() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let page = open(&storage, &gate, &Server::default());
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    let key = key_of_next(&gate);
    gate.answer_next(Err(FetchError::Network("Failed to fetch".into())));
    page.rt.run();
    assert!(add.state().is_waiting_for_server());
    page.client.set_online(false);
    page.rt.run();
    assert!(add.state().is_paused(), "{:?}", add.state().status);
    assert_eq!(gate.len(), 0);
    page.client.set_online(true);
    page.rt.run();
    assert_eq!(
        gate.len(),
        1,
        "sent on reconnect, without waiting out the back-off"
    );
    assert_eq!(key_of_next(&gate), key);
    assert_eq!(
        add.state().failure_count,
        1,
        "no resend spent while offline"
    );
}
