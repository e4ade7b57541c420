//! Everything a client holds, grouped by the concept it belongs to. One `RefCell` owns it
//! (see [`QueryClient::st`](crate::client::QueryClient)); the rule that keeps it sound is
//! that no user closure runs, and no user value is dropped, while it is borrowed.

use crate::mutation::cache::MutationCache;
use crate::notify::Notifier;
use crate::persist::PersistState;
use crate::query_cache::QueryCache;
use crate::retry::Jitter;
use futures::channel::oneshot;

/// Whether the app is online, focused and visible, and who waits for the network.
pub(crate) struct NetworkState {
    pub online: bool,
    pub focused: bool,
    pub visible: bool,
    pub online_waiters: Vec<oneshot::Sender<()>>,
}

pub(crate) struct State {
    pub queries: QueryCache,
    pub mutations: MutationCache,
    pub notify: Notifier,
    pub persist: PersistState,
    pub network: NetworkState,
    /// The page is being torn down (`pagehide`): outcomes that arrive now settle nothing
    /// and the persisted queue is left as it is; these wait for a resume (bfcache).
    pub unload: Option<Vec<oneshot::Sender<()>>>,
    /// Ids of listeners, observers and mutations: one counter, so mutation ids grow in
    /// submission order.
    next_id: u64,
    pub jitter: Jitter,
    /// Options by key prefix (`set_query_defaults`, `set_mutation_defaults`).
    pub defaults: Option<std::rc::Rc<dyn crate::defaults::Lookup>>,
}

impl State {
    pub fn new(seed: u64, event_history: usize) -> Self {
        State {
            queries: QueryCache::default(),
            mutations: MutationCache::default(),
            notify: Notifier::new(event_history),
            persist: PersistState::default(),
            network: NetworkState {
                online: true,
                focused: true,
                visible: true,
                online_waiters: Vec::new(),
            },
            unload: None,
            next_id: 0,
            jitter: Jitter::new(seed),
            defaults: None,
        }
    }

    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The next point on the cache's timeline of writes, sends and settles; a fetch
    /// answer is judged by where its request stands on it.
    pub fn next_seq(&mut self) -> u64 {
        self.queries.next_seq()
    }
}
