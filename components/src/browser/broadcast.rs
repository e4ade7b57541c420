//! Query results shared between the tabs of one origin (TanStack's
//! `broadcastQueryClient`): a query that a tab fetched or wrote is sent to the other tabs
//! through a `BroadcastChannel`, and each hydrates it under the rules of [`hydrate`]:
//! newer data wins, older or equal never does, and a query with pending changes (or a call
//! on its way) is left alone.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_events::EventListener;
use optimistic_query::hydration::{dehydrate, hydrate, DehydratedState, HydrationTypes};
use optimistic_query::{CacheChange, Millis, QueryClient, QueryFilter, QueryKey, Subscription};
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::prelude::*;

/// What this tab last sent or received for each key (its `updated_at`): a query that
/// another tab's answer just updated is not sent back, and an answer is sent once.
type Seen = Rc<RefCell<HashMap<QueryKey, Option<Millis>>>>;

/// While alive, `client`'s query results go to the other tabs and theirs come here.
/// Dropping it closes the channel and stops both.
pub struct QueryBroadcast {
    channel: BroadcastChannel,
    _listener: EventListener,
    _cache: Subscription,
}

impl Drop for QueryBroadcast {
    fn drop(&mut self) {
        self.channel.close();
    }
}

/// Shares `client`'s successful query results with every other tab of this origin that
/// listens on the channel `name` (TanStack's `broadcastQueryClient`). Only the queries
/// `types` registers travel (their data is sent as JSON, the same registrations as for
/// [`dehydrate`]); a tab that receives one hydrates it: newer data wins, and a query
/// with pending changes keeps its own. Errors when the browser has no
/// `BroadcastChannel`.
///
/// ```
/// use yew_optimistic::browser::broadcast::broadcast_query_client;
/// use yew_optimistic::optimistic_query::hydration::HydrationTypes;
/// use yew_optimistic::{keys, QueryClient};
///
/// fn share(client: &QueryClient) {
///     let types = HydrationTypes::new().query::<Vec<String>>(keys!["todos"]);
///     // Keep it as long as the client lives (dropping it stops the sharing).
///     let sharing = broadcast_query_client(client, types, "my-app-queries");
///     std::mem::forget(sharing);
/// }
/// ```
pub fn broadcast_query_client(
    client: &QueryClient,
    types: HydrationTypes,
    name: &str,
) -> Result<QueryBroadcast, String> {
    let channel = BroadcastChannel::new(name)
        .map_err(|e| format!("no BroadcastChannel in this browser: {e:?}"))?;
    let seen: Seen = Rc::default();
    let cache = {
        let (client_ref, types, channel, seen) =
            (client.clone(), types.clone(), channel.clone(), seen.clone());
        client.subscribe_cache(move |change| {
            if let CacheChange::QueryUpdated(key) = change {
                send(&client_ref, &types, &channel, &seen, key);
            }
        })
    };
    let listener = {
        let client = client.clone();
        EventListener::new(&channel, "message", move |event| {
            let Some(text) = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            receive(&client, &types, &seen, &text);
        })
    };
    Ok(QueryBroadcast {
        channel,
        _listener: listener,
        _cache: cache,
    })
}

/// Sends `key`'s confirmed data when it is newer than what this tab last sent or
/// received for it.
fn send(
    client: &QueryClient,
    types: &HydrationTypes,
    channel: &BroadcastChannel,
    seen: &Seen,
    key: &QueryKey,
) {
    // A change of fetch status alone (a fetch starting) is no news: checked before the
    // data is encoded.
    let fresh = client.data_updated_at(key);
    if fresh.is_none() || seen.borrow().get(key).is_some_and(|at| *at >= fresh) {
        return;
    }
    let state = dehydrate(client, types, &QueryFilter::exact(key.clone()));
    let Some(query) = state.queries.first() else {
        return;
    };
    if seen
        .borrow()
        .get(key)
        .is_some_and(|at| *at >= query.updated_at)
    {
        return;
    }
    seen.borrow_mut().insert(key.clone(), query.updated_at);
    // A closed channel (the page going away) has no one left to tell.
    let _ = channel.post_message(&state.to_json().into());
}

/// Hydrates another tab's query; what it cannot read is reported on the console and
/// changes nothing.
fn receive(client: &QueryClient, types: &HydrationTypes, seen: &Seen, text: &str) {
    let state = match DehydratedState::from_json(text) {
        Ok(state) => state,
        Err(e) => {
            warn_unreadable(&e);
            return;
        }
    };
    // Marked as seen before hydrating, so that the update hydration makes is not sent
    // back; unmarked again when the state is refused.
    let before: Vec<(QueryKey, Option<Option<Millis>>)> = {
        let mut seen = seen.borrow_mut();
        let mut before = Vec::new();
        for q in &state.queries {
            if seen.get(&q.key).is_none_or(|at| *at < q.updated_at) {
                before.push((q.key.clone(), seen.insert(q.key.clone(), q.updated_at)));
            }
        }
        before
    };
    if let Err(e) = hydrate(client, types, &state) {
        let mut seen = seen.borrow_mut();
        for (key, old) in before {
            match old {
                Some(at) => seen.insert(key, at),
                None => seen.remove(&key),
            };
        }
        warn_unreadable(&e);
    }
}

fn warn_unreadable(e: &impl std::fmt::Display) {
    web_sys::console::warn_1(&format!("yew-optimistic: another tab's query: {e}").into());
}

/// [`broadcast_query_client`] for the provider's client, for as long as the component
/// is mounted (put it in the app's root component, below the provider). Logs a warning
/// once when the browser cannot share.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::browser::broadcast::use_broadcast_query_client;
/// use yew_optimistic::optimistic_query::hydration::HydrationTypes;
/// use yew_optimistic::keys;
///
/// #[component]
/// fn App() -> Html {
///     use_broadcast_query_client(
///         || HydrationTypes::new().query::<Vec<String>>(keys!["todos"]),
///         "my-app-queries",
///     );
///     html! { <main>{ "…" }</main> }
/// }
/// ```
#[hook]
pub fn use_broadcast_query_client(types: impl FnOnce() -> HydrationTypes, name: &'static str) {
    let client = crate::use_query_client();
    let types = use_memo((), |_| types());
    use_effect_with((client, name), move |(client, name)| {
        let sharing = match broadcast_query_client(client, (*types).clone(), name) {
            Ok(sharing) => Some(sharing),
            Err(e) => {
                web_sys::console::warn_1(&format!("yew-optimistic: {e}").into());
                None
            }
        };
        move || drop(sharing)
    });
}
