//! A model checker for keyed collections: random interleavings of row changes
//! (changesets), write fates (applied, refused, applied with the answer lost, lost on the
//! way), reads, another user's writes, offline spells and page reloads with requests on
//! the wire, played against a model of a server that honours idempotency keys.
//!
//! Checked after every step: what the page shows is its confirmed rows with its pending
//! changesets on top, and each row subscriber was told exactly when its row's shown value
//! changed (and the list when the keys did). Checked at the end, once everything settled:
//! the page shows the server's rows, every change the server did not refuse was applied
//! exactly once, and none was applied twice (a resend under a new key would be).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::storage::{MemoryStorage, Storage};
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use support::Gate;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

type Todos = Collection<u32, Todo>;

fn todos_key() -> TypedKey<Todos> {
    TypedKey::new(keys!["todos"])
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Op {
    Toggle(u32),
    Rename(u32, String),
    Add(u32),
    Delete(u32),
}

/// One user change: `serial` tells the server's model which change a request carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Change {
    serial: u64,
    op: Op,
}

impl Op {
    fn apply(&self, rows: &mut BTreeMap<u32, Todo>) {
        match self {
            Op::Toggle(id) => {
                if let Some(t) = rows.get_mut(id) {
                    t.done = !t.done;
                }
            }
            Op::Rename(id, title) => {
                if let Some(t) = rows.get_mut(id) {
                    t.title = title.clone();
                }
            }
            Op::Add(id) => {
                rows.insert(
                    *id,
                    Todo {
                        id: *id,
                        title: format!("added {id}"),
                        done: false,
                    },
                );
            }
            Op::Delete(id) => {
                rows.remove(id);
            }
        }
    }

    fn paint(&self, rows: &RowChanges<u32, Todo>) {
        match self.clone() {
            Op::Toggle(id) => {
                rows.update(id, |t| t.done = !t.done);
            }
            Op::Rename(id, title) => {
                rows.update(id, move |t| t.title = title.clone());
            }
            Op::Add(id) => {
                rows.insert(
                    id,
                    Todo {
                        id,
                        title: format!("added {id}"),
                        done: false,
                    },
                );
            }
            Op::Delete(id) => {
                rows.delete(id);
            }
        }
    }
}

/// The server: its rows, the keys it answered (replayed, never applied again), and how
/// many times each change was applied.
#[derive(Default)]
struct ServerState {
    rows: BTreeMap<u32, Todo>,
    seen_keys: BTreeMap<String, bool>,
    applied: BTreeMap<u64, u32>,
    refused: BTreeSet<u64>,
}

#[derive(Clone, Default)]
struct Server(Rc<RefCell<ServerState>>);

#[derive(Clone, Copy, Debug)]
enum WriteFate {
    Apply,
    Refuse,
    ApplyThenDrop,
    LostOnTheWay,
}

impl Server {
    /// The server handles a write: at most once per idempotency key; a key it saw before
    /// gets the stored answer.
    fn handle(&self, change: &Change, key: &str, fate: WriteFate) -> Result<(), FetchError> {
        let mut st = self.0.borrow_mut();
        if matches!(fate, WriteFate::LostOnTheWay) {
            return Err(FetchError::Network("lost on the way".into()));
        }
        let accepted = match st.seen_keys.get(key) {
            Some(accepted) => *accepted,
            None => {
                let accept = !matches!(fate, WriteFate::Refuse);
                st.seen_keys.insert(key.to_string(), accept);
                if accept {
                    change.op.apply(&mut st.rows);
                    *st.applied.entry(change.serial).or_default() += 1;
                } else {
                    st.refused.insert(change.serial);
                }
                accept
            }
        };
        match (accepted, fate) {
            (_, WriteFate::ApplyThenDrop) => Err(FetchError::Network("answer lost".into())),
            (true, _) => Ok(()),
            (false, _) => Err(FetchError::Http {
                status: 422,
                body: "refused".into(),
            }),
        }
    }
}

struct Page {
    rt: TestRuntime,
    client: QueryClient,
    rows: CollectionObserver<u32, Todo>,
    action: MutationObserver<Change, ()>,
    told: Rc<RefCell<BTreeMap<u32, u32>>>,
    list_told: Rc<Cell<u32>>,
    _subs: Vec<CollectionSubscription>,
}

const QUEUE_KEY: &str = "yew-optimistic/mutations";

fn change_options(
    writes: &Gate<()>,
    changes: &Rc<RefCell<BTreeMap<String, Change>>>,
) -> MutationOptions<Change, ()> {
    let (writes, changes) = (writes.clone(), changes.clone());
    MutationOptions::new(move |c: Change, ctx: MutationContext| {
        changes
            .borrow_mut()
            .insert(ctx.idempotency_key.clone(), c.clone());
        writes.request(c.serial.to_string(), Some(ctx.idempotency_key))
    })
    .key(keys!["todos", "change"])
    .retry(RetryPolicy::times(3).delays(100, 100))
    .optimistic(|c: &Change, patches| c.op.paint(&patches.collection(todos_key())))
    .scope(|_| keys!["todos"], ScopePolicy::Serial)
    .invalidates(keys!["todos"])
}

impl Page {
    fn open(
        storage: &MemoryStorage,
        reads: &Gate<Vec<Todo>>,
        writes: &Gate<()>,
        changes: &Rc<RefCell<BTreeMap<String, Change>>>,
        online: bool,
        load: u64,
    ) -> Page {
        let rt = TestRuntime::with_storage(storage.clone());
        let client = QueryClient::with_config(
            rt.runtime(),
            ClientConfig {
                // Each page load draws its own idempotency keys, as a browser's does.
                seed: Some(load),
                query_retry: RetryPolicy::never(),
                ..Default::default()
            },
        );
        client.set_online(online);
        client.register_mutation(keys!["todos", "change"], change_options(writes, changes));
        let reads = reads.clone();
        let rows = CollectionObserver::new(
            &client,
            QueryOptions::typed(&todos_key(), move |_| {
                let answer = reads.request("GET /todos", None);
                async move {
                    answer
                        .await
                        .map(|rows| Collection::from_rows(rows, |t| t.id))
                }
            }),
        )
        .unwrap();
        let report = client.restore_mutations().expect("the queue reads back");
        assert!(report.skipped.is_empty(), "{report:?}");
        let told: Rc<RefCell<BTreeMap<u32, u32>>> = Rc::default();
        let mut subs: Vec<CollectionSubscription> = (0..ID_SPACE)
            .map(|id| {
                let told = told.clone();
                rows.subscribe_row(id, move || *told.borrow_mut().entry(id).or_default() += 1)
            })
            .collect();
        let list_told = Rc::new(Cell::new(0));
        let lt = list_told.clone();
        subs.push(rows.subscribe_keys(move || lt.set(lt.get() + 1)));
        let action = MutationObserver::new(&client, change_options(writes, changes));
        Page {
            rt,
            client,
            rows,
            action,
            told,
            list_told,
            _subs: subs,
        }
    }

    fn shown(&self) -> Option<BTreeMap<u32, Todo>> {
        self.rows
            .data()
            .map(|c| c.iter().map(|(k, v)| (*k, (**v).clone())).collect())
    }
}

const ID_SPACE: u32 = 10;

#[derive(Clone, Debug)]
enum Step {
    Submit(Op),
    Write(u8, u8),
    Read(u8, bool),
    Refetch,
    OtherUser(u32, u8),
    Online(bool),
    Advance(u64),
    Reload,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..ID_SPACE).prop_map(Op::Toggle),
        (0..ID_SPACE, 0..4_u8).prop_map(|(i, n)| Op::Rename(i, format!("t{n}"))),
        (0..ID_SPACE).prop_map(Op::Add),
        (0..ID_SPACE).prop_map(Op::Delete),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => op().prop_map(Step::Submit),
        4 => (any::<u8>(), any::<u8>()).prop_map(|(p, f)| Step::Write(p, f)),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(p, ok)| Step::Read(p, ok)),
        1 => Just(Step::Refetch),
        1 => (0..ID_SPACE, 0..4_u8).prop_map(|(i, n)| Step::OtherUser(i, n)),
        1 => any::<bool>().prop_map(Step::Online),
        1 => (50..400_u64).prop_map(Step::Advance),
        1 => Just(Step::Reload),
    ]
}

fn fate(n: u8) -> WriteFate {
    match n % 6 {
        0 | 1 => WriteFate::Apply,
        2 => WriteFate::Refuse,
        3 => WriteFate::ApplyThenDrop,
        _ => WriteFate::LostOnTheWay,
    }
}

type Check = Result<(), String>;

struct World {
    storage: MemoryStorage,
    server: Server,
    reads: Gate<Vec<Todo>>,
    writes: Gate<()>,
    changes: Rc<RefCell<BTreeMap<String, Change>>>,
    page: Page,
    online: bool,
    loads: u64,
    serial: u64,
    submitted: BTreeSet<u64>,
    shown_before: Option<BTreeMap<u32, Todo>>,
    expected_told: BTreeMap<u32, u32>,
    expected_list_told: u32,
}

impl World {
    fn new() -> World {
        let storage = MemoryStorage::default();
        let server = Server::default();
        for id in 0..5 {
            server.0.borrow_mut().rows.insert(
                id,
                Todo {
                    id,
                    title: format!("todo {id}"),
                    done: false,
                },
            );
        }
        let (reads, writes) = (Gate::default(), Gate::default());
        let changes = Rc::default();
        let page = Page::open(&storage, &reads, &writes, &changes, true, 1);
        World {
            storage,
            server,
            reads,
            writes,
            changes,
            page,
            online: true,
            loads: 1,
            serial: 0,
            submitted: BTreeSet::new(),
            shown_before: None,
            expected_told: BTreeMap::new(),
            expected_list_told: 0,
        }
    }

    fn answer_write(&self, i: usize, fate: WriteFate) {
        let key = self.writes.queue_keys()[i]
            .clone()
            .expect("writes carry a key");
        let change = self.changes.borrow()[&key].clone();
        let answer = self.server.handle(&change, &key, fate);
        self.writes.answer(i, answer);
    }

    fn answer_read(&self, i: usize, ok: bool) {
        let answer = if ok {
            Ok(self.server.0.borrow().rows.values().cloned().collect())
        } else {
            Err(FetchError::Network("read lost".into()))
        };
        self.reads.answer(i, answer);
    }

    fn play(&mut self, step: &Step) -> Check {
        match step {
            Step::Submit(op) => {
                self.serial += 1;
                self.submitted.insert(self.serial);
                self.page.action.mutate(Change {
                    serial: self.serial,
                    op: op.clone(),
                });
            }
            Step::Write(pick, f) => {
                if !self.writes.is_empty() {
                    self.answer_write(*pick as usize % self.writes.len(), fate(*f));
                }
            }
            Step::Read(pick, ok) => {
                if !self.reads.is_empty() {
                    self.answer_read(*pick as usize % self.reads.len(), *ok);
                }
            }
            Step::Refetch => self.page.rows.refetch(),
            Step::OtherUser(id, n) => {
                if let Some(t) = self.server.0.borrow_mut().rows.get_mut(id) {
                    t.title = format!("other {n}");
                }
            }
            Step::Online(on) => {
                self.online = *on;
                self.page.client.set_online(*on);
            }
            Step::Advance(ms) => self.page.rt.advance(*ms),
            Step::Reload => return self.reload(),
        }
        self.page.rt.run();
        self.check_step()
    }

    /// The page goes (pagehide: nothing settles from here, its requests stay on the wire
    /// and may still reach the server) and a new one opens over the same storage.
    fn reload(&mut self) -> Check {
        self.page.client.suspend_for_unload();
        self.page.rt.advance(500);
        self.loads += 1;
        let page = Page::open(
            &self.storage,
            &self.reads,
            &self.writes,
            &self.changes,
            self.online,
            self.loads,
        );
        drop(std::mem::replace(&mut self.page, page));
        self.shown_before = None;
        self.expected_told.clear();
        self.expected_list_told = 0;
        self.page.rt.run();
        self.check_step()
    }

    fn check_step(&mut self) -> Check {
        let shown = self.page.shown();
        // Shown = confirmed with the pending changesets on top, in start order.
        if let Some(snap) = self.page.client.inspect(todos_key().query_key()) {
            if let Some(confirmed) = snap
                .confirmed
                .as_ref()
                .and_then(|c| c.downcast_ref::<Todos>())
            {
                let mut expected: BTreeMap<u32, Todo> =
                    confirmed.iter().map(|(k, v)| (*k, (**v).clone())).collect();
                let infos = self.page.client.mutation_infos(&MutationFilter::default());
                let by_id: BTreeMap<MutationId, Change> = infos
                    .iter()
                    .filter_map(|i| Some((i.id, i.variables::<Change>()?.clone())))
                    .collect();
                for committed in [true, false] {
                    for layer in snap.layers.iter().filter(|l| l.committed == committed) {
                        let Some(c) = by_id.get(&layer.mutation) else {
                            return Err(format!("layer of unknown call {:?}", layer.mutation));
                        };
                        c.op.apply(&mut expected);
                    }
                }
                if shown.as_ref() != Some(&expected) {
                    return Err(format!(
                        "shown {shown:?} != confirmed + layers {expected:?}"
                    ));
                }
            }
        }
        for id in 0..ID_SPACE {
            let before = self.shown_before.as_ref().and_then(|s| s.get(&id));
            let now = shown.as_ref().and_then(|s| s.get(&id));
            if before != now {
                *self.expected_told.entry(id).or_default() += 1;
            }
        }
        let keys_before: Option<Vec<u32>> = self
            .shown_before
            .as_ref()
            .map(|s| s.keys().copied().collect());
        let keys_now: Option<Vec<u32>> = shown.as_ref().map(|s| s.keys().copied().collect());
        let status_changed = self.shown_before.is_none() != shown.is_none();
        if keys_before != keys_now || status_changed {
            self.expected_list_told += 1;
        }
        if *self.page.told.borrow() != self.expected_told {
            return Err(format!(
                "rows told {:?}, rows changed {:?}",
                self.page.told.borrow(),
                self.expected_told
            ));
        }
        if self.page.list_told.get() < self.expected_list_told {
            return Err(format!(
                "list told {} times, keys changed {} times",
                self.page.list_told.get(),
                self.expected_list_told
            ));
        }
        self.shown_before = shown;
        Ok(())
    }

    /// Online, every write applied, every read answered, time enough for every retry.
    fn settle(&mut self) -> Check {
        self.online = true;
        self.page.client.set_online(true);
        for _ in 0..200 {
            self.page.rt.run();
            if !self.writes.is_empty() {
                self.answer_write(0, WriteFate::Apply);
            } else if !self.reads.is_empty() {
                self.answer_read(0, true);
            } else {
                self.page.rt.advance(1_000);
                self.page.rt.run();
                if self.writes.is_empty() && self.reads.is_empty() {
                    break;
                }
            }
            self.check_step()?;
        }
        self.page.rows.refetch();
        self.page.rt.run();
        while !self.reads.is_empty() {
            self.answer_read(0, true);
            self.page.rt.run();
        }
        self.check_step()?;
        let st = self.server.0.borrow();
        if self.page.shown().as_ref() != Some(&st.rows) {
            return Err(format!(
                "settled: shown {:?}, server {:?}",
                self.page.shown(),
                st.rows
            ));
        }
        for serial in &self.submitted {
            let applied = st.applied.get(serial).copied().unwrap_or(0);
            if applied > 1 {
                return Err(format!("change {serial} applied {applied} times"));
            }
            if applied == 0 && !st.refused.contains(serial) {
                return Err(format!("change {serial} lost: neither applied nor refused"));
            }
        }
        let pending = self
            .page
            .client
            .mutation_infos(&MutationFilter::default().status(MutationStatus::Pending));
        if !pending.is_empty() {
            return Err(format!("still pending after settling: {pending:?}"));
        }
        if self.storage.get(QUEUE_KEY).is_some() {
            return Err("the persisted queue was not emptied".into());
        }
        Ok(())
    }
}

fn cases() -> u32 {
    std::env::var("COLLECTION_MODEL_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn collections_agree_with_the_server_model(steps in prop::collection::vec(step(), 1..60)) {
        let mut w = World::new();
        w.page.rt.run();
        if !w.reads.is_empty() { w.answer_read(0, true); }
        w.page.rt.run();
        if let Err(e) = w.check_step() { prop_assert!(false, "{}", e); }
        for (i, s) in steps.iter().enumerate() {
            if let Err(e) = w.play(s) {
                prop_assert!(false, "step {} {:?}: {}", i, s, e);
            }
        }
        if let Err(e) = w.settle() {
            prop_assert!(false, "settle: {}", e);
        }
    }
}
