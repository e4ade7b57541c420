//! Keyed collections: a change of k rows tells k row subscribers and no list, layers
//! are changesets that roll back alone, and live views follow from the changed rows.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::{
    keys, testing::TestRuntime, Collection, CollectionObserver, FetchError, MutationObserver,
    MutationOptions, QueryClient, QueryOptions, TypedKey,
};
use proptest::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use support::Gate;

#[derive(Clone, Debug, PartialEq)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

type Todos = Collection<u32, Todo>;

fn todos_key() -> TypedKey<Todos> {
    TypedKey::new(keys!["todos"])
}

/// The server's rows, read by every fetch.
#[derive(Clone, Default)]
struct Server(Rc<RefCell<BTreeMap<u32, Todo>>>);

impl Server {
    fn with_rows(n: u32) -> Self {
        let s = Server::default();
        for id in 0..n {
            s.0.borrow_mut().insert(
                id,
                Todo {
                    id,
                    title: format!("todo {id}"),
                    done: false,
                },
            );
        }
        s
    }

    /// The list endpoint, as an app declares it.
    fn options(&self) -> QueryOptions<Todos> {
        let server = self.clone();
        QueryOptions::collection(
            &todos_key(),
            |t: &Todo| t.id,
            move |_| {
                let rows: Vec<Todo> = server.0.borrow().values().cloned().collect();
                async move { Ok::<_, FetchError>(rows) }
            },
        )
    }

    /// The same endpoint answering whole collections (the structural-sharing path).
    fn collection_options(&self) -> QueryOptions<Todos> {
        let server = self.clone();
        QueryOptions::typed(&todos_key(), move |_| {
            let rows: Vec<Todo> = server.0.borrow().values().cloned().collect();
            async move { Ok::<_, FetchError>(Collection::from_rows(rows, |t| t.id)) }
        })
    }
}

fn counter() -> (Rc<Cell<u32>>, impl Fn() + 'static) {
    let n = Rc::new(Cell::new(0));
    let c = n.clone();
    (n, move || c.set(c.get() + 1))
}

/// A toggle mutation whose answers the test gives by hand.
fn toggles(client: &QueryClient, gate: &Gate<()>) -> MutationObserver<u32, ()> {
    let gate = gate.clone();
    MutationObserver::new(
        client,
        MutationOptions::new(move |id: u32, _| gate.request(format!("toggle {id}"), None))
            .optimistic(|id: &u32, patches| {
                patches
                    .collection(todos_key())
                    .update(*id, |t| t.done = !t.done);
            }),
    )
}

#[test]
fn a_toggle_of_one_row_of_10_000_tells_that_row_alone_and_its_rollback_only_it_again() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(10_000);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    rt.run();
    let (row7, on_row7) = counter();
    let (row8, on_row8) = counter();
    let (list, on_list) = counter();
    let _s7 = todos.subscribe_row(7, on_row7);
    let _s8 = todos.subscribe_row(8, on_row8);
    let _sl = todos.subscribe_keys(on_list);

    let gate = Gate::default();
    let m = toggles(&client, &gate);
    m.mutate(7);
    rt.run();
    assert_eq!((row7.get(), row8.get(), list.get()), (1, 0, 0));
    assert!(todos.row(&7).unwrap().done, "painted at once");

    gate.answer_next(Err(FetchError::Http {
        status: 422,
        body: "no".into(),
    }));
    rt.run();
    assert_eq!((row7.get(), row8.get(), list.get()), (2, 0, 0));
    assert!(!todos.row(&7).unwrap().done, "rolled back");
    assert_eq!(todos.len(), 10_000);
}

#[test]
fn a_rollback_keeps_an_overlapping_changeset_on_the_same_row() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(10);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    rt.run();
    let gate = Gate::default();
    let gate2 = gate.clone();
    let rename = MutationObserver::new(
        &client,
        MutationOptions::new(move |(id, _): (u32, String), _| {
            gate2.request(format!("rename {id}"), None)
        })
        .optimistic(|(id, title): &(u32, String), patches| {
            let title = title.clone();
            patches
                .collection(todos_key())
                .update(*id, move |t| t.title = title.clone());
        }),
    );
    let toggle = toggles(&client, &gate);
    toggle.mutate(3);
    rename.mutate((3, "renamed".into()));
    rt.run();
    assert_eq!(
        (
            todos.row(&3).unwrap().done,
            todos.row(&3).unwrap().title.as_str()
        ),
        (true, "renamed")
    );
    // The toggle is refused; the rename, still pending, stays.
    gate.answer(
        0,
        Err(FetchError::Http {
            status: 422,
            body: String::new(),
        }),
    );
    rt.run();
    let row = todos.row(&3).unwrap();
    assert_eq!((row.done, row.title.as_str()), (false, "renamed"));
}

#[test]
fn a_refetch_that_changes_10_rows_of_10_000_tells_those_10_and_an_equal_one_tells_nobody() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(10_000);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    rt.run();
    let told = Rc::new(RefCell::new(Vec::new()));
    let subs: Vec<_> = (0..10_000)
        .map(|id| {
            let told = told.clone();
            todos.subscribe_row(id, move || told.borrow_mut().push(id))
        })
        .collect();
    let (list, on_list) = counter();
    let _sl = todos.subscribe_keys(on_list);

    todos.refetch();
    rt.run();
    assert!(
        told.borrow().is_empty(),
        "equal refetch: {:?}",
        told.borrow()
    );
    assert_eq!(list.get(), 0);

    for id in (0..10_000).step_by(1_000) {
        server.0.borrow_mut().get_mut(&id).unwrap().title = format!("changed {id}");
    }
    todos.refetch();
    rt.run();
    let told: Vec<u32> = told.borrow().clone();
    assert_eq!(told, (0..10_000).step_by(1_000).collect::<Vec<_>>());
    assert_eq!(list.get(), 0, "the same keys: the list is not told");
    drop(subs);
}

#[test]
fn a_refetch_keeps_the_rows_it_shares_with_the_cached_collection() {
    let server = Server::with_rows(1_000);
    refetch_keeps_shared_rows(&server, server.options());
    let server = Server::with_rows(1_000);
    refetch_keeps_shared_rows(&server, server.collection_options());
}

fn refetch_keeps_shared_rows(server: &Server, options: QueryOptions<Todos>) {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let todos = CollectionObserver::new(&client, options).unwrap();
    rt.run();
    let before = todos.data().unwrap();
    server.0.borrow_mut().get_mut(&5).unwrap().done = true;
    server.0.borrow_mut().remove(&9);
    todos.refetch();
    rt.run();
    let after = todos.data().unwrap();
    assert!(after.get(&5).unwrap().done);
    assert!(
        Rc::ptr_eq(before.get(&6).unwrap(), after.get(&6).unwrap()),
        "an unchanged row is the cached allocation"
    );
    assert!(!after.contains_key(&9), "a row gone from the server goes");
    assert_eq!(before.diff(&after).count(), 2);
}

#[test]
fn a_transaction_across_two_collections_paints_together_and_rolls_back_together() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(5);
    let archive_key: TypedKey<Todos> = TypedKey::new(keys!["archive"]);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    let archive = CollectionObserver::new(
        &client,
        QueryOptions::typed(&archive_key, |_| async {
            Ok::<_, FetchError>(Todos::new())
        }),
    )
    .unwrap();
    rt.run();
    // Every delivery, with what both collections show at that moment.
    let seen = Rc::new(RefCell::new(Vec::new()));
    let record = |seen: &Rc<RefCell<Vec<(bool, bool)>>>| {
        let (seen, t, a) = (seen.clone(), todos.clone(), archive.clone());
        move || {
            seen.borrow_mut()
                .push((t.row(&2).is_some(), a.row(&2).is_some()))
        }
    };
    let _s1 = todos.subscribe_keys(record(&seen));
    let _s2 = archive.subscribe_keys(record(&seen));

    let gate: Gate<()> = Gate::default();
    let g = gate.clone();
    let ak = archive_key.clone();
    let archive_one = MutationObserver::new(
        &client,
        MutationOptions::new(move |id: u32, _| g.request(format!("archive {id}"), None))
            .optimistic(move |id: &u32, patches| {
                let row = Todo {
                    id: *id,
                    title: format!("todo {id}"),
                    done: true,
                };
                patches.collection(todos_key()).delete(*id);
                patches.collection(&ak).insert(*id, row);
            }),
    );
    archive_one.mutate(2);
    rt.run();
    // Both listeners ran after both collections changed: no state with the row in
    // both places or in neither.
    assert_eq!(*seen.borrow(), [(false, true), (false, true)]);
    gate.answer_next(Err(FetchError::Http {
        status: 409,
        body: String::new(),
    }));
    rt.run();
    assert_eq!(seen.borrow()[2..], [(true, false), (true, false)]);
}

#[test]
fn live_views_follow_rows_moving_between_them_and_hear_nothing_of_other_views() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(6);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    rt.run();
    let open = todos.live(|t| !t.done, |t| t.title.clone());
    let done = todos.live(|t| t.done, |t| std::cmp::Reverse(t.id));
    let (open_told, on_open) = counter();
    let _so = open.subscribe(on_open);
    assert_eq!(&*open.keys(), [0, 1, 2, 3, 4, 5]);
    assert!(done.is_empty());

    let gate = Gate::default();
    let m = toggles(&client, &gate);
    m.mutate(4);
    m.mutate(1);
    rt.run();
    assert_eq!(&*open.keys(), [0, 2, 3, 5]);
    assert_eq!(&*done.keys(), [4, 1]);
    assert_eq!(open_told.get(), 2);

    // A rename that keeps a row's place in the open view does not tell the view.
    client
        .update_query_data(&todos_key(), |c: &Todos| {
            let mut c = c.clone();
            c.update(&0, |t| t.title = "todo 0 (again)".into());
            c
        })
        .unwrap();
    assert_eq!(open_told.get(), 2);
    // One that moves it does.
    client
        .update_query_data(&todos_key(), |c: &Todos| {
            let mut c = c.clone();
            c.update(&0, |t| t.title = "z last".into());
            c
        })
        .unwrap();
    assert_eq!(open_told.get(), 3);
    assert_eq!(&*open.keys(), [2, 3, 5, 0]);
}

#[test]
fn a_dropped_row_subscription_and_view_are_no_longer_told() {
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    let server = Server::with_rows(3);
    let todos = CollectionObserver::new(&client, server.options()).unwrap();
    rt.run();
    let (row, on_row) = counter();
    let sub = todos.subscribe_row(1, on_row);
    drop(sub);
    let view = todos.live(|_| true, |t| t.id);
    drop(view);
    client
        .update_query_data(&todos_key(), |c: &Todos| {
            let mut c = c.clone();
            c.update(&1, |t| t.done = true);
            c.remove(&2);
            c
        })
        .unwrap();
    assert_eq!(row.get(), 0);
}

#[derive(Clone, Debug)]
enum Step {
    Toggle(u32),
    Rename(u32, u8),
    Add(u32),
    Delete(u32),
    /// Answer the oldest pending call: accept (the server applies it) or refuse.
    Answer(bool),
    /// Another writer changes a row on the server, then the list is read again.
    OtherWriter(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..12_u32).prop_map(Step::Toggle),
        (0..12_u32, any::<u8>()).prop_map(|(i, n)| Step::Rename(i, n)),
        (0..12_u32).prop_map(Step::Add),
        (0..12_u32).prop_map(Step::Delete),
        any::<bool>().prop_map(Step::Answer),
        (0..12_u32).prop_map(Step::OtherWriter),
    ]
}

#[derive(Clone, Debug)]
enum Change {
    Toggle(u32),
    Rename(u32, String),
    Add(u32),
    Delete(u32),
}

impl Change {
    fn apply(&self, rows: &mut BTreeMap<u32, Todo>) {
        match self {
            Change::Toggle(id) => {
                if let Some(t) = rows.get_mut(id) {
                    t.done = !t.done;
                }
            }
            Change::Rename(id, title) => {
                if let Some(t) = rows.get_mut(id) {
                    t.title = title.clone();
                }
            }
            Change::Add(id) => {
                rows.insert(
                    *id,
                    Todo {
                        id: *id,
                        title: format!("added {id}"),
                        done: false,
                    },
                );
            }
            Change::Delete(id) => {
                rows.remove(id);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// At every step: what the observer shows is the server's rows with the pending
    /// changes applied in order; each row subscriber was told exactly when its row's
    /// shown value changed; the keys and a live view equal their recomputation.
    #[test]
    fn collections_keep_the_layer_invariant_and_tell_exactly_the_changed_rows(steps in prop::collection::vec(step(), 1..40)) {
        let rt = TestRuntime::new();
        let client = QueryClient::new(rt.runtime());
        let server = Server::with_rows(8);
        let todos = CollectionObserver::new(&client, server.options()).unwrap();
        rt.run();
        let gate: Gate<()> = Gate::default();
        let pending: Rc<RefCell<Vec<Change>>> = Rc::default();
        let (g, srv, pend) = (gate.clone(), server.clone(), pending.clone());
        let m = MutationObserver::new(
            &client,
            MutationOptions::new(move |c: Change, _| {
                let (srv, pend) = (srv.clone(), pend.clone());
                let answer = g.request(format!("{c:?}"), None);
                async move {
                    let r = answer.await;
                    if r.is_ok() {
                        c.apply(&mut srv.0.borrow_mut());
                    }
                    pend.borrow_mut().remove(0);
                    r
                }
            })
            .optimistic(|c: &Change, patches| {
                let rows = patches.collection(todos_key());
                match c.clone() {
                    Change::Toggle(id) => { rows.update(id, |t| t.done = !t.done); }
                    Change::Rename(id, title) => { rows.update(id, move |t| t.title = title.clone()); }
                    Change::Add(id) => { rows.insert(id, Todo { id, title: format!("added {id}"), done: false }); }
                    Change::Delete(id) => { rows.delete(id); }
                }
            })
            .scope(|_| keys!["todos"], optimistic_query::ScopePolicy::Serial)
            .invalidates(keys!["todos"]),
        );
        let view = todos.live(|t| !t.done, |t| t.title.clone());
        let (view_told, on_view) = counter();
        let _sv = view.subscribe(on_view);
        let mut open_before: Vec<u32> = view.keys().to_vec();
        let mut expected_view_told = 0;
        let told: Rc<RefCell<BTreeMap<u32, u32>>> = Rc::default();
        let subs: Vec<_> = (0..12_u32).map(|id| {
            let told = told.clone();
            todos.subscribe_row(id, move || *told.borrow_mut().entry(id).or_default() += 1)
        }).collect();
        let mut shown_before: BTreeMap<u32, Todo> = todos.data().unwrap().iter().map(|(k, v)| (*k, (**v).clone())).collect();
        let mut expected_told: BTreeMap<u32, u32> = BTreeMap::new();
        for s in steps {
            match s {
                Step::Toggle(id) => { pending.borrow_mut().push(Change::Toggle(id)); m.mutate(Change::Toggle(id)); }
                Step::Rename(id, n) => { let c = Change::Rename(id, format!("t{n}")); pending.borrow_mut().push(c.clone()); m.mutate(c); }
                Step::Add(id) => { pending.borrow_mut().push(Change::Add(id)); m.mutate(Change::Add(id)); }
                Step::Delete(id) => { pending.borrow_mut().push(Change::Delete(id)); m.mutate(Change::Delete(id)); }
                Step::Answer(accept) => {
                    if !gate.is_empty() {
                        let r = if accept { Ok(()) } else { Err(FetchError::Http { status: 422, body: String::new() }) };
                        gate.answer_next(r);
                    }
                }
                Step::OtherWriter(id) => {
                    if let Some(t) = server.0.borrow_mut().get_mut(&id) { t.title = format!("other {id}"); }
                    todos.refetch();
                }
            }
            rt.run();
            if gate.is_empty() && pending.borrow().is_empty() {
                // Nothing pending: once the deferred read lands, the server's rows show.
                rt.run();
            }
            let shown: BTreeMap<u32, Todo> = todos.data().map(|c| c.iter().map(|(k, v)| (*k, (**v).clone())).collect()).unwrap_or_default();
            // What the observer shows is the confirmed data with the pending layers on top.
            let confirmed = client.get_confirmed_data(&todos_key()).unwrap().unwrap();
            let mut expected: BTreeMap<u32, Todo> = confirmed.iter().map(|(k, v)| (*k, (**v).clone())).collect();
            for c in pending.borrow().iter() { c.apply(&mut expected); }
            prop_assert_eq!(&shown, &expected);
            for id in 0..12_u32 {
                if shown_before.get(&id) != shown.get(&id) {
                    *expected_told.entry(id).or_default() += 1;
                }
            }
            prop_assert_eq!(&*told.borrow(), &expected_told);
            shown_before = shown.clone();
            let keys: Vec<u32> = shown.keys().copied().collect();
            prop_assert_eq!(&*todos.keys(), &keys[..]);
            let mut open: Vec<(String, u32)> = shown.values().filter(|t| !t.done).map(|t| (t.title.clone(), t.id)).collect();
            open.sort();
            let open: Vec<u32> = open.into_iter().map(|(_, id)| id).collect();
            prop_assert_eq!(&*view.keys(), &open[..]);
            if open != open_before {
                expected_view_told += 1;
            }
            prop_assert_eq!(view_told.get(), expected_view_told, "the view is told when its keys change, only then");
            open_before = open;
        }
        while !gate.is_empty() { gate.answer_next(Ok(())); rt.run(); }
        rt.run();
        let shown: BTreeMap<u32, Todo> = todos.data().unwrap().iter().map(|(k, v)| (*k, (**v).clone())).collect();
        prop_assert_eq!(&shown, &*server.0.borrow(), "settled: the server's rows");
        drop(subs);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// `from_rows` (which inserts in an order that fills the tree's leaves) and
    /// `share_rows` into an empty collection hold what inserting the rows one by one into a
    /// map holds: every key once, the last row given for it, in key order, and the same
    /// changes afterwards.
    #[test]
    fn from_rows_holds_the_last_row_of_each_key_in_key_order(
        rows in prop::collection::vec((0u16..400, any::<u8>()), 0..700),
        edits in prop::collection::vec((0u16..450, any::<u8>()), 0..20),
    ) {
        let mut want: BTreeMap<u16, (u16, u8)> = BTreeMap::new();
        for r in &rows {
            want.insert(r.0, *r);
        }
        let built = Collection::from_rows(rows.clone(), |r| r.0);
        let shared = Collection::<u16, (u16, u8)>::new().share_rows(rows.clone(), |r| r.0);
        for c in [&built, &shared] {
            let got: Vec<(u16, (u16, u8))> = c.iter().map(|(k, v)| (*k, **v)).collect();
            let expected: Vec<(u16, (u16, u8))> = want.iter().map(|(k, v)| (*k, *v)).collect();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(c.len(), want.len());
        }
        // Edits on the filled tree: inserts into full leaves split them as usual.
        let mut edited = built.clone();
        for (k, n) in &edits {
            edited.insert(*k, (*k, *n));
            want.insert(*k, (*k, *n));
        }
        let got: Vec<(u16, (u16, u8))> = edited.iter().map(|(k, v)| (*k, **v)).collect();
        let expected: Vec<(u16, (u16, u8))> = want.iter().map(|(k, v)| (*k, *v)).collect();
        prop_assert_eq!(got, expected);
        let changed = want
            .iter()
            .filter(|(k, v)| built.get(k).map(|b| **b) != Some(**v))
            .count();
        prop_assert_eq!(built.diff(&edited).count(), changed);
    }
}
