//! The simulated server in the page as a [`StoryBackend`].

use std::rc::Rc;

use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

use super::listeners::Registration;
use super::story_backend::StorageKeys;
use super::{BackendKind, Settings, Stat, StoryBackend};
use crate::server::{SimNetwork, SimServer};
use crate::stories::use_infinite_query::feed_server::{FeedSource, SimFeed};

/// Where a client of the simulated server persists its queue. Not the library's default
/// key: each story's simulated server starts afresh, and must not meet the queue of the
/// real server's stories.
const QUEUE_KEY: &str = "gallery/sim/mutations";
/// Where a client of the simulated server persists its chosen queries.
const QUERIES_KEY: &str = "gallery/sim/queries";

/// The clock's bits, so two page loads never share idempotency keys.
fn now_bits() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

impl StoryBackend for SimServer {
    fn kind(&self) -> BackendKind {
        BackendKind::Sim
    }
    fn heading(&self) -> &'static str {
        "Simulated server"
    }
    fn storage_keys(&self) -> StorageKeys {
        StorageKeys {
            queue: QUEUE_KEY.into(),
            queries: QUERIES_KEY.into(),
        }
    }
    /// The controls' seed, but never the same twice: a reloaded client's keys must not
    /// repeat the keys of the one before.
    fn client_seed(&self, generation: u32) -> Option<u64> {
        let seed = self.net.settings().seed;
        Some(seed ^ u64::from(generation).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ now_bits())
    }
    /// The simulated server lives in this page only: another tab's calls mean nothing
    /// to it.
    fn tab_id(&self) -> Option<String> {
        None
    }
    fn seeded_by_args(&self) -> bool {
        true
    }
    fn list_source(&self) -> SourceRef<dyn ListSource> {
        SimServer::list_source(self)
    }
    fn like_source(&self) -> SourceRef<dyn LikeSource> {
        SimServer::like_source(self)
    }
    fn board_source(&self) -> SourceRef<dyn BoardSource> {
        SimServer::board_source(self)
    }
    fn feed_source(&self) -> Rc<dyn FeedSource> {
        Rc::new(SimFeed::new(self.net.clone()))
    }
    fn settings(&self) -> Settings {
        self.net.settings()
    }
    fn update_with(&self, change: &mut dyn FnMut(&mut Settings)) {
        self.net.update(change);
    }
    fn stats(&self) -> Vec<Stat> {
        let st = self.net.stats();
        vec![
            Stat::new("reads", "reads", u64::from(st.reads)),
            Stat::new("writes", "writes", u64::from(st.writes)),
            Stat::new("applied", "applied", u64::from(st.applied)),
            Stat::new("replays", "replays", u64::from(st.replays)),
            Stat::new("failures", "failed", u64::from(st.failures)),
        ]
    }
    fn log(&self) -> Option<Vec<String>> {
        Some(self.net.log())
    }
    fn subscribe_boxed(&self, listener: Box<dyn Fn()>) -> Registration {
        self.net.subscribe(listener)
    }
    fn reset_data(&self) {
        SimServer::reset_data(self);
        self.net.update(|s| {
            s.fail_next = false;
            s.apply_then_fail = false;
        });
    }
    /// The simulated network decides alone.
    fn online_override(&self) -> Option<bool> {
        Some(!self.net.settings().offline)
    }
    fn sim_network(&self) -> Option<SimNetwork> {
        Some(self.net.clone())
    }
}
