//! The simulated server in the page as a [`StoryBackend`].

use yew_optimistic::editable_list::ListSource;
use yew_optimistic::kanban::BoardSource;
use yew_optimistic::like_button::LikeSource;
use yew_optimistic::SourceRef;

use super::listeners::Registration;
use super::{BackendKind, Settings, Stat, StoryBackend};
use crate::server::{SimNetwork, SimServer};

impl StoryBackend for SimServer {
    fn kind(&self) -> BackendKind {
        BackendKind::Sim
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
    fn log(&self) -> Vec<String> {
        self.net.log()
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
