//! Offline: pause with layers kept, persist, reload, replay once and in order.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::storage::{MemoryStorage, Storage};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use serde::{Deserialize, Serialize};
use support::Gate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Add {
    title: String,
}

type List = Vec<String>;

const STORAGE_KEY: &str = "yew-optimistic/mutations";

struct Page {
    rt: TestRuntime,
    client: QueryClient,
}

fn add_options(gate: &Gate<()>) -> MutationOptions<Add, ()> {
    let gate = gate.clone();
    MutationOptions::new(move |a: Add, ctx: MutationContext| {
        gate.request(a.title, Some(ctx.idempotency_key))
    })
    .retry(RetryPolicy::times(2).delays(10, 10))
    .optimistic(|a: &Add, p| {
        let t = a.title.clone();
        p.update(keys!["todos"], move |l: &List| {
            [l.clone(), vec![t.clone()]].concat()
        });
    })
}

/// Opens a page over `storage`: registers the definition, restores the queue.
fn open(
    storage: &MemoryStorage,
    gate: &Gate<()>,
    online: bool,
) -> (Page, Result<RestoreReport, PersistError>) {
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::with_config(
        rt.runtime(),
        ClientConfig {
            seed: Some(9),
            ..Default::default()
        },
    );
    client.set_online(online);
    client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .unwrap();
    client.register_mutation(keys!["todos", "add"], add_options(gate));
    let report = client.restore_mutations();
    (Page { rt, client }, report)
}

fn visible(c: &QueryClient) -> List {
    (*c.get_query_data::<List>(&keys!["todos"]).unwrap().unwrap()).clone()
}

#[test]
fn offline_mutations_pause_persist_survive_reload_and_replay_in_order() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, report) = open(&storage, &gate, false);
    assert_eq!(report.unwrap().restored.len(), 0);
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    add.mutate(Add { title: "c".into() });
    page.rt.run();
    assert!(add.state().is_paused());
    assert_eq!(gate.len(), 0, "nothing sent while offline");
    assert_eq!(
        visible(&page.client),
        vec!["a", "b", "c"],
        "paused changes stay visible"
    );
    let saved = storage.get(STORAGE_KEY).expect("queue persisted");
    assert!(saved.contains("\"b\"") && saved.contains("\"c\""));

    // Reload: the old page is gone, a new one starts offline over the same storage.
    drop(add);
    drop(page);
    let (page, report) = open(&storage, &gate, false);
    let report = report.unwrap();
    assert_eq!(report.restored.len(), 2);
    page.rt.run();
    assert_eq!(
        visible(&page.client),
        vec!["a", "b", "c"],
        "layers rebuilt from the variables"
    );
    assert_eq!(gate.len(), 0);

    page.client.set_online(true);
    page.rt.run();
    assert_eq!(
        gate.labels(),
        vec!["b"],
        "replayed one at a time, oldest first"
    );
    let first_key = gate.queue_keys()[0].clone();
    gate.answer_next(Ok(()));
    page.rt.run();
    assert_eq!(gate.labels(), vec!["c"]);
    gate.answer_next(Ok(()));
    page.rt.run();
    assert_eq!(*gate.sent.borrow(), vec!["b", "c"], "each sent once");
    assert!(
        storage.get(STORAGE_KEY).is_none(),
        "queue emptied once everything settled"
    );
    assert!(first_key.is_some());
}

#[test]
fn replay_keeps_the_original_idempotency_key() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, false);
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    let original = add.state().idempotency_key.unwrap();
    drop(add);
    drop(page);
    let (page, _) = open(&storage, &gate, true);
    page.rt.run();
    assert_eq!(gate.queue_keys(), vec![Some(original)]);
}

#[test]
fn a_network_failure_while_going_offline_pauses_instead_of_failing() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, true);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    page.client.set_online(false);
    gate.answer_next(Err(FetchError::Network("connection lost".into())));
    page.rt.run();
    assert!(add.state().is_paused());
    assert_eq!(visible(&page.client), vec!["a", "b"]);
    page.client.set_online(true);
    page.rt.run();
    gate.answer_next(Ok(()));
    page.rt.run();
    assert!(add.state().is_success());
}

#[test]
fn corrupt_queue_is_reported_backed_up_and_the_app_still_works() {
    let storage = MemoryStorage::default();
    storage
        .set(
            STORAGE_KEY,
            "{\"format\": \"yew-optimistic/mutation-queue\", \"version\": 1, \"mutations\": [{]}",
        )
        .unwrap();
    let gate = Gate::default();
    let (page, report) = open(&storage, &gate, true);
    let err = report.unwrap_err();
    assert!(matches!(err, PersistError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("corrupt"));
    assert!(storage
        .get(&format!("{STORAGE_KEY}.corrupt"))
        .unwrap()
        .contains("[{]"));
    // The app goes on: new work is saved and sent.
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    page.client.set_online(false);
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    assert!(PersistedQueueCheck::parse(&storage).contains("\"b\""));
}

#[test]
fn a_queue_kept_aside_is_said_by_an_event_and_the_accessor_at_start_and_later() {
    let storage = MemoryStorage::default();
    storage.set(STORAGE_KEY, "{broken").unwrap();
    let gate = Gate::default();
    let (page, report) = open(&storage, &gate, true);
    assert!(report.is_err());
    let backup = format!("{STORAGE_KEY}.corrupt");
    assert_eq!(page.client.queue_kept_aside(), Some(backup.clone()));
    let kept_aside = |client: &QueryClient| {
        client
            .recent_events()
            .iter()
            .filter(|e| matches!(&e.event, CacheEvent::QueueKeptAside { backup_key } if *backup_key == backup))
            .count()
    };
    assert_eq!(kept_aside(&page.client), 1);

    // A page that read a healthy queue learns of a broken one another tab left later.
    let storage = MemoryStorage::default();
    let (page, report) = open(&storage, &gate, true);
    assert!(report.is_ok());
    assert_eq!(page.client.queue_kept_aside(), None);
    storage.set(STORAGE_KEY, "{broken").unwrap();
    page.client.queue_changed_elsewhere();
    assert_eq!(page.client.queue_kept_aside(), Some(backup.clone()));
    assert_eq!(kept_aside(&page.client), 1);
}

struct PersistedQueueCheck;
impl PersistedQueueCheck {
    fn parse(storage: &MemoryStorage) -> String {
        let text = storage.get(STORAGE_KEY).unwrap();
        persist::PersistedQueue::parse(&text).unwrap();
        text
    }
}

#[test]
fn queue_of_another_version_is_rejected_and_kept() {
    let storage = MemoryStorage::default();
    let old = r#"{"format":"yew-optimistic/mutation-queue","version":0,"mutations":[]}"#;
    storage.set(STORAGE_KEY, old).unwrap();
    let (_page, report) = open(&storage, &Gate::default(), true);
    assert_eq!(
        report.unwrap_err(),
        PersistError::UnsupportedVersion {
            found: 0,
            expected: 1
        }
    );
    assert_eq!(
        storage.get(&format!("{STORAGE_KEY}.corrupt")).as_deref(),
        Some(old)
    );
}

#[test]
fn unknown_mutation_keys_are_kept_for_a_build_that_knows_them() {
    let storage = MemoryStorage::default();
    let q = persist::PersistedQueue::new(vec![persist::PersistedMutation {
        mutation_key: keys!["from", "newer", "build"],
        variables: serde_json::json!({"x": 1}),
        idempotency_key: "k1".into(),
        scope: None,
        submitted_at: 5,
        sent: false,
        owner: None,
    }]);
    storage
        .set(STORAGE_KEY, &serde_json::to_string(&q).unwrap())
        .unwrap();
    let gate = Gate::default();
    let (page, report) = open(&storage, &gate, true);
    let report = report.unwrap();
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].1.contains("no mutation registered"));
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    let text = storage.get(STORAGE_KEY).unwrap();
    assert!(text.contains("newer") && text.contains("\"b\""), "{text}");
}

#[test]
fn variables_that_do_not_decode_are_skipped_not_fatal() {
    let storage = MemoryStorage::default();
    let q = persist::PersistedQueue::new(vec![persist::PersistedMutation {
        mutation_key: keys!["todos", "add"],
        variables: serde_json::json!({"wrong": true}),
        idempotency_key: "k1".into(),
        scope: None,
        submitted_at: 5,
        sent: false,
        owner: None,
    }]);
    storage
        .set(STORAGE_KEY, &serde_json::to_string(&q).unwrap())
        .unwrap();
    let (_page, report) = open(&storage, &Gate::default(), true);
    let report = report.unwrap();
    assert!(
        report.skipped[0].1.contains("variables do not fit"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn storage_that_refuses_writes_emits_an_event_and_loses_nothing_in_memory() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, false);
    storage.refuse_writes(true);
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    assert!(page
        .client
        .recent_events()
        .iter()
        .any(|e| matches!(e.event, CacheEvent::PersistFailed { .. })));
    assert_eq!(visible(&page.client), vec!["a", "b"]);
}

#[test]
fn queries_pause_offline_and_fetch_on_reconnect() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_online(false);
    let gate: Gate<List> = Gate::default();
    let g = gate.clone();
    let obs = QueryObserver::new(
        &client,
        QueryOptions::new(keys!["todos"], move |_| g.request("GET", None)),
    )
    .unwrap();
    rt.run();
    assert!(obs.result().is_paused());
    assert_eq!(gate.len(), 0);
    client.set_online(true);
    rt.run();
    assert_eq!(gate.len(), 1);
    gate.answer_next(Ok(vec!["x".into()]));
    rt.run();
    assert!(obs.result().is_success());
}

#[test]
fn always_mode_ignores_the_network_state() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_online(false);
    let gate: Gate<()> = Gate::default();
    let g = gate.clone();
    let m = MutationObserver::new(
        &client,
        MutationOptions::new(move |_: (), _| g.request("x", None))
            .network_mode(NetworkMode::Always),
    );
    m.mutate(());
    rt.run();
    assert_eq!(gate.len(), 1);
}

#[test]
fn offline_first_tries_once_then_pauses_before_retrying() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client.set_online(false);
    let gate: Gate<()> = Gate::default();
    let g = gate.clone();
    let m = MutationObserver::new(
        &client,
        MutationOptions::new(move |_: (), _| g.request("x", None))
            .network_mode(NetworkMode::OfflineFirst)
            .retry(RetryPolicy::times(1).delays(10, 10)),
    );
    m.mutate(());
    rt.run();
    assert_eq!(
        gate.len(),
        1,
        "the first attempt goes out (a service worker may answer)"
    );
    gate.answer_next(Err(FetchError::Network("offline".into())));
    rt.settle(10_000);
    assert!(m.state().is_paused());
    assert_eq!(gate.len(), 0);
    client.set_online(true);
    rt.run();
    gate.answer_next(Ok(()));
    rt.run();
    assert!(m.state().is_success());
}

#[test]
fn losing_the_network_repeatedly_does_not_use_up_retries() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, true);
    let add = MutationObserver::new(&page.client, add_options(&gate));
    add.mutate(Add { title: "b".into() });
    for _ in 0..5 {
        page.rt.run();
        page.client.set_online(false);
        gate.answer_next(Err(FetchError::Network("connection lost".into())));
        page.rt.run();
        assert!(add.state().is_paused());
        page.client.set_online(true);
    }
    page.rt.run();
    gate.answer_next(Ok(()));
    page.rt.run();
    assert!(add.state().is_success(), "{:?}", add.state().status);
    assert_eq!(gate.sent.borrow().len(), 6);
}

#[test]
fn a_definition_registered_after_the_restore_replays_its_waiting_entries() {
    let storage = MemoryStorage::default();
    let gate = Gate::default();
    let (page, _) = open(&storage, &gate, false);
    let add = MutationObserver::new(&page.client, add_options(&gate).key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    page.rt.run();
    drop(add);
    drop(page);
    // The new page restores before the part of the app that defines the mutation loads.
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::new(rt.runtime());
    client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .unwrap();
    let report = client.restore_mutations().unwrap();
    assert_eq!(report.skipped.len(), 1);
    assert!(
        storage.get(STORAGE_KEY).unwrap().contains("\"b\""),
        "kept while unknown"
    );
    client.register_mutation(keys!["todos", "add"], add_options(&gate));
    assert_eq!(visible(&client), vec!["a", "b"]);
    rt.run();
    assert_eq!(gate.labels(), vec!["b"]);
}

#[test]
fn a_queue_an_older_build_wrote_with_string_scopes_restores_under_typed_scopes() {
    let storage = MemoryStorage::default();
    // As the build before typed scopes wrote it: the scope as a plain string.
    let old = r#"{"format":"yew-optimistic/mutation-queue","version":1,"mutations":[
        {"mutation_key":["todos","add"],"variables":{"title":"b"},"idempotency_key":"k-old",
         "scope":"todo/b","submitted_at":5,"sent":false}]}"#;
    storage.set(STORAGE_KEY, old).unwrap();
    let gate = Gate::default();
    let scoped = || {
        add_options(&gate).scope(
            |a: &Add| keys!["todo", a.title.as_str()],
            ScopePolicy::Serial,
        )
    };
    let rt = TestRuntime::with_storage(storage.clone());
    let client = QueryClient::new(rt.runtime());
    client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .unwrap();
    client.register_mutation(keys!["todos", "add"], scoped());
    let report = client.restore_mutations().unwrap();
    assert_eq!(report.restored.len(), 1, "{:?}", report.skipped);
    assert_eq!(visible(&client), vec!["a", "b"]);
    let restored = client.mutation_infos(&MutationFilter::default());
    assert_eq!(
        restored[0].scope,
        Some(keys!["todo", "b"]),
        "the definition's scope"
    );
    // A new call of the same item waits for the restored one: they share one lock.
    let add = MutationObserver::new(&client, scoped().key(keys!["todos", "add"]));
    add.mutate(Add { title: "b".into() });
    rt.run();
    assert_eq!(gate.labels(), vec!["b"]);
    assert_eq!(gate.queue_keys(), vec![Some("k-old".to_string())]);
    // What it writes back an older build still reads (a string scope), and this build
    // reads its typed scope back.
    let text = storage.get(STORAGE_KEY).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = value["mutations"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{text}");
    assert!(entries.iter().all(|m| m["scope"].is_string()), "{text}");
    let back = persist::PersistedQueue::parse(&text).unwrap();
    assert_eq!(back.mutations[1].scope, Some(keys!["todo", "b"]));
    gate.answer(0, Ok(()));
    rt.run();
    assert_eq!(gate.labels(), vec!["b"], "then the new call");
}

#[test]
fn resend_keeps_the_key_of_a_call_that_may_have_landed_and_not_of_a_refused_one() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let gate: Gate<()> = Gate::default();
    client
        .set_query_data(&keys!["todos"], vec!["a".to_string()])
        .unwrap();
    // Opted out of resending unknown outcomes, so the timeout settles as a failure.
    let other = MutationObserver::new(
        &client,
        add_options(&gate)
            .retry(RetryPolicy::never())
            .resend_unknown(false),
    );
    other.mutate(Add { title: "b".into() });
    other.mutate(Add { title: "c".into() });
    rt.run();
    let keys = gate.queue_keys();
    gate.answer(0, Err(FetchError::Timeout(5_000)));
    gate.answer(
        0,
        Err(FetchError::Http {
            status: 422,
            body: "no".into(),
        }),
    );
    rt.run();
    let failed = client.mutation_infos(&MutationFilter::default().status(MutationStatus::Error));
    assert_eq!(failed.len(), 2);
    // Another observer of the same definition (a Retry button in a list) resends both.
    let retry = MutationObserver::new(&client, add_options(&gate).retry(RetryPolicy::never()));
    for info in &failed {
        let error = info.error.as_ref().unwrap().kind;
        retry.resend(
            info.variables::<Add>().unwrap().clone(),
            &info.idempotency_key,
            error,
            info.id,
        );
    }
    rt.run();
    let resent = gate.queue_keys();
    assert_eq!(resent[0], keys[0], "a timeout may have landed: same key");
    assert_ne!(resent[1], keys[1], "a 422 was refused: a new key");
}
