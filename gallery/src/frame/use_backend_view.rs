//! `use_net`: the simulated network's settings, counters and log, re-read whenever
//! they change.

use yew::prelude::*;

use crate::server::{Settings, SimNetwork, Stats};

/// What the controls panel shows.
#[derive(Clone, PartialEq)]
pub struct NetView {
    /// Current settings.
    pub settings: Settings,
    /// Counters.
    pub stats: Stats,
    /// Server log, newest last.
    pub log: Vec<String>,
}

/// The network's current state; the component re-renders when it changes.
#[hook]
pub fn use_net(net: &SimNetwork) -> NetView {
    let update = yew_hooks::use_update();
    {
        let net = net.clone();
        // Story frames are keyed by story, so a component keeps one network for life.
        use_effect_with((), move |_| {
            let registration = net.subscribe({
                let update = update.clone();
                move || update()
            });
            // Requests sent between the first render and this subscription (a story's
            // first fetch) would otherwise be missing until the next change.
            update();
            move || drop(registration)
        });
    }
    NetView {
        settings: net.settings(),
        stats: net.stats(),
        log: net.log(),
    }
}
