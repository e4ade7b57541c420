//! The small world most engine tests share: a client on a hand-driven runtime, a list
//! under `["todos"]` read through one gate and written (pushes) through another. Test
//! files add their own methods in an `impl World` of their own.

#![allow(clippy::unwrap_used)]

use super::Gate;
use optimistic_query::testing::TestRuntime;
use optimistic_query::*;

/// A list of titles.
pub type List = Vec<String>;

/// A list from string slices.
pub fn s(v: &[&str]) -> List {
    v.iter().map(|x| x.to_string()).collect()
}

/// A seeded client that never retries on its own.
pub fn config() -> ClientConfig {
    ClientConfig {
        seed: Some(7),
        query_retry: RetryPolicy::never(),
        mutation_retry: RetryPolicy::never(),
        ..Default::default()
    }
}

/// One client, its runtime, and the gates its reads and writes wait at.
pub struct World {
    pub rt: TestRuntime,
    pub client: QueryClient,
    pub reads: Gate<List>,
    pub writes: Gate<()>,
}

impl World {
    pub fn new() -> Self {
        let rt = TestRuntime::new();
        let client = QueryClient::with_config(rt.runtime(), config());
        World {
            rt,
            client,
            reads: Gate::default(),
            writes: Gate::default(),
        }
    }

    pub fn list(&self) -> QueryOptions<List> {
        let gate = self.reads.clone();
        QueryOptions::new(keys!["todos"], move |_| gate.request("GET", None))
    }

    /// An observed list whose first load answered `data`.
    pub fn loaded(&self, data: &[&str]) -> QueryObserver<List> {
        let obs = QueryObserver::new(&self.client, self.list()).unwrap();
        self.rt.run();
        self.reads.answer_next(Ok(s(data)));
        self.rt.run();
        obs
    }

    /// A push (not idempotent: pushing twice shows the title twice).
    pub fn push(&self) -> MutationOptions<String, ()> {
        let gate = self.writes.clone();
        MutationOptions::new(move |title: String, ctx: MutationContext| {
            gate.request(title, Some(ctx.idempotency_key))
        })
        .optimistic(|title: &String, p| {
            let title = title.clone();
            p.modify(keys!["todos"], move |l: &mut List| l.push(title.clone()));
        })
    }

    pub fn visible(&self) -> List {
        self.client
            .get_query_data::<List>(&keys!["todos"])
            .unwrap()
            .map(|l| (*l).clone())
            .unwrap_or_default()
    }
}
