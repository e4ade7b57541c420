//! Staleness over time: fresh data of an observed entry goes stale `stale_time` after it
//! arrived, and its observers hear about it then (their `is_stale` turns true), as
//! TanStack's observers do. At most one timer counts per entry.

use crate::client::QueryClient;
use crate::key::QueryKey;
use crate::runtime::Millis;

impl QueryClient {
    /// Starts the timer that tells the observers of `key` when its data goes stale,
    /// unless the data is stale already, never goes stale, or a timer for that moment
    /// runs. Called after every delivery to observers, so new data restarts it.
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
            if at == Millis::MAX || e.stale_timer == Some(at) {
                return;
            }
            e.stale_timer = Some(at);
            (at, at - now)
        };
        let weak = self.downgrade();
        let key = key.clone();
        let sleep = self.runtime().executor.sleep(delay);
        self.runtime().executor.spawn(Box::pin(async move {
            sleep.await;
            let Some(client) = weak.upgrade() else { return };
            client.batch(|| {
                let mut st = client.st();
                let Some(e) = st.queries.entries.get_mut(&key) else {
                    return;
                };
                // A newer timer (new data) took over; this one has nothing to say.
                if e.stale_timer != Some(at) {
                    return;
                }
                e.stale_timer = None;
                // Delivering the entry recomputes every observer's result; the ones
                // whose `is_stale` changed are told (and the delivery starts the next
                // timer if the clock fired early).
                QueryClient::mark_dirty(&mut st, &key);
            });
        }));
    }
}
