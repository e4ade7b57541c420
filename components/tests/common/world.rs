//! A deterministic world for hook tests: a `QueryClient` over a hand-driven
//! `TestRuntime`, advanced by the test, with Yew's scheduler flushed after each step.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;
use yew_optimistic::optimistic_query::storage::MemoryStorage;
use yew_optimistic::optimistic_query::testing::TestRuntime;
use yew_optimistic::{ClientConfig, QueryClient, RetryPolicy};

/// The storage key of the persisted mutation queue.
pub const QUEUE_KEY: &str = "yew-optimistic/mutations";

/// A client over a hand-driven runtime. Time moves and tasks run only when the test says.
pub struct World {
    /// The runtime: `rt.run()` runs ready tasks, `rt.advance(ms)` moves the clock.
    pub rt: TestRuntime,
    /// The client to hand to `QueryClientProvider`.
    pub client: QueryClient,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    /// A fresh world with empty storage, no retries and a fixed seed.
    pub fn new() -> Self {
        Self::with_storage(MemoryStorage::default())
    }

    /// A world over existing storage: a new world over the same storage is a page reload.
    pub fn with_storage(storage: MemoryStorage) -> Self {
        Self::with_config(storage, config())
    }

    /// A world with a given client configuration.
    pub fn with_config(storage: MemoryStorage, config: ClientConfig) -> Self {
        let rt = TestRuntime::with_storage(storage);
        let client = QueryClient::with_config(rt.runtime(), config);
        World { rt, client }
    }

    /// The storage of this world's runtime.
    pub fn storage(&self) -> MemoryStorage {
        self.rt.storage()
    }

    /// Runs every task that can make progress (without moving the clock) and lets Yew
    /// render what changed; twice, so work started by a render also gets its turn.
    pub async fn run(&self) {
        for _ in 0..2 {
            self.rt.run();
            yew::scheduler::flush().await;
        }
    }

    /// Moves the clock by `ms` (firing due timers) and lets Yew render.
    pub async fn advance(&self, ms: u64) {
        self.rt.advance(ms);
        yew::scheduler::flush().await;
        self.run().await;
    }
}

/// The default test configuration: no retries unless a test asks, a fixed seed.
pub fn config() -> ClientConfig {
    ClientConfig {
        seed: Some(7),
        query_retry: RetryPolicy::never(),
        mutation_retry: RetryPolicy::never(),
        ..ClientConfig::default()
    }
}

/// Lets Yew render what is scheduled (after a click, a prop change, a direct cache write).
pub async fn flush() {
    yew::scheduler::flush().await;
}

/// An `Rc` compared by identity, so shared test state (a render log, a counter) can be
/// passed as a component prop.
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T: Default> Default for Shared<T> {
    fn default() -> Self {
        Shared::new(T::default())
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// What a component rendered, one entry per render, pushed from the component body.
pub type RenderLog<T> = Shared<RefCell<Vec<T>>>;

/// Appends one render's entry.
pub fn record<T>(log: &RenderLog<T>, entry: T) {
    log.borrow_mut().push(entry);
}

/// A copy of the whole log.
pub fn entries<T: Clone>(log: &RenderLog<T>) -> Vec<T> {
    log.borrow().clone()
}
