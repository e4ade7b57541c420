//! The injected world: clock, executor with timers, storage. The engine never reads the
//! real time or spawns a thread itself, so tests drive it by hand.

use futures::future::LocalBoxFuture;
use std::rc::Rc;

/// Milliseconds since an arbitrary epoch chosen by the [`Clock`].
pub type Millis = u64;

/// Where the engine reads the time.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::{runtime::Clock, testing::TestRuntime};
/// let rt = TestRuntime::new();
/// rt.advance(5);
/// assert_eq!(rt.now(), 5);
/// ```
pub trait Clock {
    /// The current time.
    fn now(&self) -> Millis;

    /// Some unpredictable bits, to seed idempotency keys and retry jitter when the client
    /// config gives no seed. The default uses the time; a browser clock should use a real
    /// random source, so that two tabs opened in the same millisecond differ.
    fn entropy(&self) -> u64 {
        self.now()
    }
}

/// Runs the engine's background work (fetches, mutations, timers) on one thread.
///
/// In the browser this is `wasm_bindgen_futures::spawn_local` plus gloo timers; in tests it
/// is [`TestRuntime`](crate::testing::TestRuntime).
pub trait Executor {
    /// Starts `task`; it runs until it completes.
    fn spawn(&self, task: LocalBoxFuture<'static, ()>);
    /// A future that completes after `ms` milliseconds.
    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()>;

    /// Starts `task` once the frame being prepared has been painted (the engine frees
    /// replaced data there, off the click's path). By default, like
    /// [`spawn`](Self::spawn).
    fn spawn_after_paint(&self, task: LocalBoxFuture<'static, ()>) {
        self.spawn(task);
    }
}

/// Key-value text storage that survives a reload (local storage in the browser).
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::storage::{MemoryStorage, Storage};
/// let s = MemoryStorage::default();
/// s.set("k", "v").unwrap();
/// assert_eq!(s.get("k").as_deref(), Some("v"));
/// ```
pub trait Storage {
    /// The stored text, if any.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value`; an error says why the storage refused.
    fn set(&self, key: &str, value: &str) -> Result<(), String>;
    /// Forgets `key`.
    fn remove(&self, key: &str);
}

/// The three injected services, cheap to clone.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// use yew_optimistic::optimistic_query::testing::TestRuntime;
/// let runtime = TestRuntime::new().runtime();
/// assert!(runtime.storage.is_some());
/// ```
#[derive(Clone)]
pub struct Runtime {
    /// Time source.
    pub clock: Rc<dyn Clock>,
    /// Task spawner and timers.
    pub executor: Rc<dyn Executor>,
    /// Where paused mutations are persisted; `None` disables persistence.
    pub storage: Option<Rc<dyn Storage>>,
}
