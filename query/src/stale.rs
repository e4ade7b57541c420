//! Staleness over time: fresh data of an observed entry goes stale `stale_time` after it
//! arrived, and its observers hear about it then (their `is_stale` turns true), as
//! TanStack's observers do. One timer runs per entry: new data does not start another,
//! the running one sleeps on to the new deadline when it wakes.

use crate::client::QueryClient;
use crate::key::QueryKey;
use crate::runtime::Millis;

/// What a staleness timer finds when it wakes.
enum Wake {
    /// Another timer took over, or the entry is gone: nothing to do.
    Done,
    /// The data went stale: observers were told.
    Told,
    /// Newer data moved the deadline: sleep this much longer.
    Later(Millis),
}

impl QueryClient {
    /// Makes sure a timer tells the observers of `key` when its data goes stale, unless
    /// the data is stale already or never goes stale. Called after every delivery to
    /// observers; a timer already running that wakes no later than the new deadline is
    /// kept (it sleeps on when it wakes), so a query refetched every second holds one
    /// timer, not one per answer.
    pub(crate) fn ensure_stale_timer(&self, key: &QueryKey) {
        let (at, delay) = {
            let now = self.now();
            let mut st = self.st();
            let Some(e) = st.queries.entries.get_mut(key) else {
                return;
            };
            if e.observers.is_empty() || e.is_stale(now) {
                return;
            }
            let Some(updated) = e.data_updated_at else {
                return;
            };
            let at = updated.saturating_add(e.stale_time);
            if at == Millis::MAX || e.stale_timer.is_some_and(|wake| wake <= at) {
                return;
            }
            // No timer, or one that wakes too late (the stale time was shortened): this
            // one takes over, and the other finds on waking that it is not the running one.
            e.stale_timer = Some(at);
            (at, at - now)
        };
        self.stale_timer_at(key.clone(), at, delay);
    }

    /// Wakes the stale timer of `key` that was set for `wake` after `delay`; it sleeps on
    /// when the deadline moved later meanwhile. The client is held only while awake, so
    /// the timer keeps no page alive.
    fn stale_timer_at(&self, key: QueryKey, wake: Millis, delay: Millis) {
        self.after(
            delay,
            Box::new(move |client| {
                if let Wake::Later(at) = client.stale_timer_woke(&key, wake) {
                    client.stale_timer_at(key, at, at - client.now());
                }
            }),
        );
    }

    /// The staleness timer of `key` that was due at `wake` fired.
    fn stale_timer_woke(&self, key: &QueryKey, wake: Millis) -> Wake {
        self.batch(|| {
            let now = self.now();
            let mut st = self.st();
            let Some(e) = st.queries.entries.get_mut(key) else {
                return Wake::Done;
            };
            // A newer timer took over; this one has nothing to say.
            if e.stale_timer != Some(wake) {
                return Wake::Done;
            }
            let later = e
                .data_updated_at
                .map(|t| t.saturating_add(e.stale_time))
                .filter(|&at| at > now && at != Millis::MAX && !e.is_stale(now));
            if let Some(at) = later {
                if !e.observers.is_empty() {
                    e.stale_timer = Some(at);
                    return Wake::Later(at);
                }
            }
            e.stale_timer = None;
            // Delivering the entry recomputes every observer's result; the ones whose
            // `is_stale` changed are told (and the delivery starts the next timer if the
            // clock fired early).
            QueryClient::mark_dirty(&mut st, key);
            Wake::Told
        })
    }
}
