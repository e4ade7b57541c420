//! A hand-driven runtime for deterministic tests: the clock moves only when the test says
//! so, and tasks run only when the test asks.

use crate::runtime::{Clock, Executor, Millis, Runtime};
use crate::storage::MemoryStorage;
use futures::executor::{LocalPool, LocalSpawner};
use futures::future::LocalBoxFuture;
use futures::task::LocalSpawnExt;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
struct Timer {
    fired: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

struct Sleep(Rc<Timer>);

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0.fired.get() {
            Poll::Ready(())
        } else {
            *self.0.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

struct Inner {
    now: Cell<Millis>,
    pool: RefCell<LocalPool>,
    spawner: LocalSpawner,
    timers: RefCell<BTreeMap<(Millis, u64), Rc<Timer>>>,
    next_timer: Cell<u64>,
    storage: MemoryStorage,
}

impl Clock for Inner {
    fn now(&self) -> Millis {
        self.now.get()
    }
}

impl Executor for Inner {
    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        // Spawning only fails after the pool is dropped, when nothing can run anyway.
        let _ = self.spawner.spawn_local(task);
    }
    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        let timer = Rc::new(Timer::default());
        let id = self.next_timer.get();
        self.next_timer.set(id + 1);
        self.timers
            .borrow_mut()
            .insert((self.now.get().saturating_add(ms), id), timer.clone());
        Box::pin(Sleep(timer))
    }
}

/// A manual clock, executor and in-memory storage.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{runtime::Executor, testing::TestRuntime};
/// use std::{cell::Cell, rc::Rc};
/// let rt = TestRuntime::new();
/// let done = Rc::new(Cell::new(false));
/// let (d, sleep) = (done.clone(), rt.sleep(100));
/// rt.spawn(Box::pin(async move { sleep.await; d.set(true) }));
/// rt.advance(99);
/// assert!(!done.get());
/// rt.advance(1);
/// assert!(done.get());
/// ```
#[derive(Clone)]
pub struct TestRuntime {
    inner: Rc<Inner>,
}

impl Default for TestRuntime {
    fn default() -> Self {
        Self::new()
    }
}

impl TestRuntime {
    /// A runtime at time 0 with empty storage.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// assert_eq!(yew_optimistic::optimistic_query::testing::TestRuntime::new().now(), 0);
    /// ```
    pub fn new() -> Self {
        Self::with_storage(MemoryStorage::default())
    }

    /// A runtime over existing storage: a new client over it is a page reload.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{storage::MemoryStorage, testing::TestRuntime};
    /// let storage = MemoryStorage::default();
    /// let rt = TestRuntime::with_storage(storage.clone());
    /// assert!(rt.storage().keys().is_empty());
    /// ```
    pub fn with_storage(storage: MemoryStorage) -> Self {
        let pool = LocalPool::new();
        let spawner = pool.spawner();
        TestRuntime {
            inner: Rc::new(Inner {
                now: Cell::new(0),
                pool: RefCell::new(pool),
                spawner,
                timers: RefCell::new(BTreeMap::new()),
                next_timer: Cell::new(0),
                storage,
            }),
        }
    }

    /// The [`Runtime`] to give a `QueryClient`.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// use yew_optimistic::optimistic_query::{testing::TestRuntime, QueryClient};
    /// let rt = TestRuntime::new();
    /// let _client = QueryClient::new(rt.runtime());
    /// ```
    pub fn runtime(&self) -> Runtime {
        Runtime {
            clock: self.inner.clone(),
            executor: self.inner.clone(),
            storage: Some(Rc::new(self.inner.storage.clone())),
        }
    }

    /// The storage this runtime persists to.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// assert!(rt.storage().keys().is_empty());
    /// ```
    pub fn storage(&self) -> MemoryStorage {
        self.inner.storage.clone()
    }

    /// The current fake time.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// rt.advance(10);
    /// assert_eq!(rt.now(), 10);
    /// ```
    pub fn now(&self) -> Millis {
        self.inner.now.get()
    }

    /// Spawns a task (it runs at the next [`run`](Self::run) or [`advance`](Self::advance)).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// rt.spawn(Box::pin(async {}));
    /// rt.run();
    /// ```
    pub fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        Executor::spawn(&*self.inner, task);
    }

    /// A future that completes once the fake clock has moved `ms` forward.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// let _sleep = rt.sleep(10);
    /// assert_eq!(rt.pending_timers(), 1);
    /// ```
    pub fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        Executor::sleep(&*self.inner, ms)
    }

    /// Runs every task that can make progress and fires timers that are due, without
    /// moving the clock.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// rt.run();
    /// ```
    pub fn run(&self) {
        self.advance(0);
    }

    /// Moves the clock forward by `ms`, firing timers in deadline order and running the
    /// tasks they wake at each step.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// rt.advance(1_000);
    /// assert_eq!(rt.now(), 1_000);
    /// ```
    pub fn advance(&self, ms: Millis) {
        let target = self.inner.now.get().saturating_add(ms);
        loop {
            self.inner.pool.borrow_mut().run_until_stalled();
            let due: Vec<Rc<Timer>> = {
                let mut timers = self.inner.timers.borrow_mut();
                let Some((&(deadline, _), _)) = timers.iter().next() else {
                    break;
                };
                if deadline > target {
                    break;
                }
                self.inner.now.set(deadline.max(self.inner.now.get()));
                let later = timers.split_off(&(deadline, u64::MAX));
                let due = std::mem::replace(&mut *timers, later);
                due.into_values().collect()
            };
            for t in due {
                t.fired.set(true);
                if let Some(w) = t.waker.borrow_mut().take() {
                    w.wake();
                }
            }
        }
        self.inner.now.set(target);
        self.inner.pool.borrow_mut().run_until_stalled();
    }

    /// Runs until no timer is left (at most `limit` ms of fake time), i.e. until all
    /// retries, delays and debounces have played out.
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// let _sleep = rt.sleep(50);
    /// rt.settle(10_000);
    /// assert_eq!(rt.now(), 50);
    /// ```
    pub fn settle(&self, limit: Millis) {
        let end = self.now().saturating_add(limit);
        loop {
            self.run();
            let next = self.inner.timers.borrow().keys().next().map(|k| k.0);
            match next {
                Some(t) if t <= end => self.advance(t.saturating_sub(self.now())),
                _ => break,
            }
        }
    }

    /// Number of timers not yet fired that a task still waits on (a sleep dropped before
    /// its deadline no longer counts, as a cleared browser timer).
    ///
    /// ```
    /// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
    /// let rt = yew_optimistic::optimistic_query::testing::TestRuntime::new();
    /// let sleep = rt.sleep(10);
    /// assert_eq!(rt.pending_timers(), 1);
    /// drop(sleep);
    /// assert_eq!(rt.pending_timers(), 0);
    /// ```
    pub fn pending_timers(&self) -> usize {
        // The map holds one reference; a waiting sleep holds the other.
        self.inner
            .timers
            .borrow()
            .values()
            .filter(|timer| Rc::strong_count(timer) > 1)
            .count()
    }
}
