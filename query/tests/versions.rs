//! Exact reconciliation with versions (issue 15, Replicache's idea): a source reports the
//! resource's version with every read answer and every write acknowledgement, and an
//! answer that overlaps a sent write is held until the write's acknowledgement says
//! whether the answer holds it. No refetch, no guess, no double.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use optimistic_query::testing::TestRuntime;
use optimistic_query::*;
use support::Gate;

type List = Vec<String>;

fn s(v: &[&str]) -> List {
    v.iter().map(|x| x.to_string()).collect()
}

struct World {
    rt: TestRuntime,
    client: QueryClient,
    /// Read answers: the list and its version (`None`: the source reports none).
    reads: Gate<(List, Option<u64>)>,
    /// Write acknowledgements: the version the change produced.
    writes: Gate<Option<u64>>,
    _obs: QueryObserver<List>,
}

impl World {
    /// An observed list whose first load answered `data` at `version`.
    fn new(data: &[&str], version: u64) -> Self {
        let rt = TestRuntime::new();
        let client = QueryClient::with_config(
            rt.runtime(),
            ClientConfig {
                seed: Some(7),
                query_retry: RetryPolicy::never(),
                mutation_retry: RetryPolicy::never(),
                ..Default::default()
            },
        );
        let reads: Gate<(List, Option<u64>)> = Gate::default();
        let gate = reads.clone();
        let opts = QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
            let answer = gate.request("GET", None);
            async move {
                let (list, version) = answer.await?;
                if let Some(v) = version {
                    ctx.set_version(v);
                }
                Ok::<_, FetchError>(list)
            }
        });
        let obs = QueryObserver::new(&client, opts).unwrap();
        rt.run();
        reads.answer_next(Ok((s(data), Some(version))));
        rt.run();
        World {
            rt,
            client,
            reads,
            writes: Gate::default(),
            _obs: obs,
        }
    }

    /// A push (not idempotent: pushing twice shows the title twice) whose
    /// acknowledgement reports the version the server gave it.
    fn push(&self) -> MutationObserver<String, ()> {
        let gate = self.writes.clone();
        let opts = MutationOptions::new(move |title: String, ctx: MutationContext| {
            let ack = gate.request(title, Some(ctx.idempotency_key.clone()));
            async move {
                if let Some(v) = ack.await? {
                    ctx.set_version(v);
                }
                Ok::<_, FetchError>(())
            }
        })
        .optimistic(|title: &String, p| {
            let title = title.clone();
            p.modify(keys!["todos"], move |l: &mut List| l.push(title.clone()));
        });
        MutationObserver::new(&self.client, opts)
    }

    fn refetch(&self) {
        self.client
            .refetch_queries(&QueryFilter::key(keys!["todos"]));
        self.rt.run();
    }

    fn visible(&self) -> List {
        self.client
            .get_query_data::<List>(&keys!["todos"])
            .unwrap()
            .map(|l| (*l).clone())
            .unwrap_or_default()
    }

    fn layers(&self) -> Vec<LayerInfo> {
        self.client.inspect(&keys!["todos"]).unwrap().layers
    }

    fn answer_read(&self, data: &[&str], version: Option<u64>) {
        self.reads.answer_next(Ok((s(data), version)));
        self.rt.run();
    }

    fn ack(&self, version: Option<u64>) {
        self.writes.answer_next(Ok(version));
        self.rt.run();
    }
}

/// The answer was read after the server applied the push (push version 5 <= answer 5):
/// it holds the push, whose layer retires; shown once, with no second read.
#[test]
fn an_answer_that_includes_the_write_retires_its_layer() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    w.refetch();
    m.mutate("B".into());
    w.rt.run();
    w.answer_read(&["A", "B", "Z"], Some(5));
    assert_eq!(
        w.visible(),
        s(&["A", "B"]),
        "held until the push is acknowledged"
    );
    w.ack(Some(5));
    assert_eq!(w.visible(), s(&["A", "B", "Z"]), "shown at the ack, B once");
    assert!(
        w.layers().is_empty(),
        "the answer holds the push: its layer retired"
    );
    assert_eq!(w.reads.len(), 0, "no refetch");
}

/// The answer was read before the server applied the push (push version 6 > answer 5):
/// the push's layer stays on top of it until an answer that holds it.
#[test]
fn an_answer_that_predates_the_write_keeps_its_layer_on_top() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    w.refetch();
    m.mutate("B".into());
    w.rt.run();
    w.answer_read(&["A", "Z"], Some(5));
    w.ack(Some(6));
    assert_eq!(w.visible(), s(&["A", "Z", "B"]));
    assert_eq!(w.reads.len(), 0, "no refetch");
    w.refetch();
    w.answer_read(&["A", "Z", "B"], Some(6));
    assert_eq!(w.visible(), s(&["A", "Z", "B"]), "B once");
    assert!(w.layers().is_empty());
}

/// Two pushes in flight; the answer holds the first (5) and not the second (7).
#[test]
fn several_writes_are_each_judged_by_their_version() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    let n = w.push();
    w.refetch();
    m.mutate("B".into());
    n.mutate("C".into());
    w.rt.run();
    w.answer_read(&["A", "B"], Some(5));
    w.ack(Some(5));
    assert_eq!(
        w.visible(),
        s(&["A", "B", "C"]),
        "still held: C is in flight"
    );
    w.ack(Some(7));
    // B retired (in the answer); C, acknowledged and not in it, folds on top.
    assert_eq!(w.visible(), s(&["A", "B", "C"]));
    assert!(w.layers().is_empty());
    // Two writes were in flight at once: rule 3 reads once more for the server's order.
    while !w.reads.is_empty() {
        w.answer_read(&["A", "B", "C"], Some(7));
    }
    assert_eq!(w.visible(), s(&["A", "B", "C"]));
}

/// Found by the model checker (versions everywhere, a second client): two pushes in
/// flight at once reach the server in the other order (in the model the first was lost
/// on the way and sent again). The answer held meanwhile predates both, so both layers
/// stay on top, in the order the user made them, not the server's. Rule 3 reads the list
/// again once they settled; the exact judgement of the held answer must not call that
/// read off (it did: the cache kept `A, B, C` while the server held `A, C, B`).
#[test]
fn writes_that_landed_in_another_order_are_read_again_after_an_exact_answer_older_than_both() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    let n = w.push();
    w.refetch();
    m.mutate("B".into());
    n.mutate("C".into());
    w.rt.run();
    w.answer_read(&["A"], Some(4));
    // C lands first, then B.
    w.writes.answer(1, Ok(Some(5)));
    w.rt.run();
    w.writes.answer(0, Ok(Some(6)));
    w.rt.run();
    assert_eq!(
        w.visible(),
        s(&["A", "B", "C"]),
        "the answer holds neither: both layers on top, in the user's order"
    );
    assert_eq!(
        w.reads.len(),
        1,
        "rule 3: read again for the server's order"
    );
    w.answer_read(&["A", "C", "B"], Some(6));
    assert_eq!(w.visible(), s(&["A", "C", "B"]), "the server's order");
    assert!(w.layers().is_empty());
}

/// The push is refused after the answer was held: the answer shows as it is.
#[test]
fn a_write_that_fails_after_the_answer_was_held_lets_it_show() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    w.refetch();
    m.mutate("B".into());
    w.rt.run();
    w.answer_read(&["A", "Z"], Some(5));
    w.writes.answer_next(Err(FetchError::Http {
        status: 422,
        body: "no".into(),
    }));
    w.rt.run();
    assert_eq!(w.visible(), s(&["A", "Z"]));
    assert!(w.layers().is_empty());
}

/// Without a version on the write, the rules without versions apply: a push that
/// succeeded while the answer travelled cannot be told apart, the answer is dropped and
/// the key read again.
#[test]
fn without_a_write_version_the_answer_is_dropped_and_read_again() {
    let w = World::new(&["A"], 4);
    let m = w.push();
    w.refetch();
    m.mutate("B".into());
    w.rt.run();
    w.answer_read(&["A", "B", "Z"], Some(5));
    w.ack(None);
    assert_eq!(w.visible(), s(&["A", "B"]), "not shown, not doubled");
    assert_eq!(w.reads.len(), 1, "read again");
    w.answer_read(&["A", "B", "Z"], None);
    assert_eq!(w.visible(), s(&["A", "B", "Z"]));
}

/// The bound with versions: under a steady stream of pushes (each read overlaps one
/// that succeeds while it travels and another still in flight), another user's change
/// shows with the first read requested after it (K = 1), and nothing shows twice.
/// Without versions it stays hidden until the pushes pause (`other_writers.rs`).
#[test]
fn another_writers_change_shows_within_one_read_under_continuous_pushes() {
    let w = World::new(&["A"], 1);
    let m = w.push();
    let mut server = s(&["A", "Z"]); // another user added "Z": version 2
    let mut version = 2;
    m.mutate("w0".into());
    w.rt.run();
    let mut first_shown = None;
    for i in 0..20 {
        w.refetch();
        m.mutate(format!("w{}", i + 1));
        w.rt.run();
        let title = w.writes.labels()[0].clone();
        server.push(title);
        version += 1;
        w.ack(Some(version));
        while !w.reads.is_empty() {
            w.reads.answer_next(Ok((server.clone(), Some(version))));
            w.rt.run();
        }
        let visible = w.visible();
        for t in &visible {
            assert_eq!(
                visible.iter().filter(|v| *v == t).count(),
                1,
                "{t} twice: {visible:?}"
            );
        }
        if visible.contains(&"Z".to_string()) {
            first_shown.get_or_insert(i + 1);
        } else {
            assert!(first_shown.is_none(), "Z vanished in round {}", i + 1);
        }
    }
    assert_eq!(
        first_shown,
        Some(2),
        "shown once the write in flight with the first read settled"
    );
    let title = w.writes.labels()[0].clone();
    server.push(title);
    version += 1;
    w.ack(Some(version));
    w.refetch();
    w.answer_read(
        &server.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(version),
    );
    assert_eq!(w.visible(), server, "page = server at the end");
    assert!(w.layers().is_empty());
}
