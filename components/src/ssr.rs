//! Server rendering: the runtime a [`QueryClient`] runs on inside `yew::ServerRenderer`,
//! and the page's state for the browser's [`HydrationBoundary`](crate::HydrationBoundary).
//!
//! The pattern is TanStack Query's: the server reads the page's data, puts it into a
//! client ([`prefetched_state`]), renders the app with that state (a
//! [`HydrationBoundary`](crate::HydrationBoundary) writes it in before the queries
//! render, so they render the rows, not a loading state), and writes the same state into
//! the page ([`state_script`]). In the browser, `yew::Renderer::hydrate` renders the app
//! again over the server's HTML; its boundary reads the script before the first render,
//! so the first render is the server's markup (no mismatch) and a query whose
//! `stale_time` the data is still within does not fetch on load.
//!
//! A `use_suspense_query` may also fetch during the server render (the renderer waits
//! for it); a plain `use_query` fetches in an effect, which never runs on the server, so
//! its data must be prefetched.
//!
//! ```
//! use yew_optimistic::optimistic_query::hydration::{DehydratedState, HydrationTypes};
//! use yew_optimistic::{keys, ssr};
//!
//! let types = HydrationTypes::new().query::<Vec<String>>(keys!["todos"]);
//! // Data the server read (from its database, an API...) before rendering.
//! let rows = vec!["milk".to_string(), "</script><b>".to_string()];
//! let state = ssr::prefetched_state(&types, |client| {
//!     client.set_query_data(&keys!["todos"], rows).expect("a new client takes it");
//! });
//! let script = ssr::state_script(&state);
//! assert!(script.starts_with(r#"<script type="application/json" id="yew-optimistic-state">"#));
//! assert!(!script.contains("</script><b>"), "user text cannot end the script");
//! let inner = &script[script.find('>').unwrap() + 1..script.rfind("</script>").unwrap()];
//! assert_eq!(DehydratedState::from_json(inner).unwrap().queries.len(), 1);
//! ```

use std::rc::Rc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::LocalBoxFuture;
use optimistic_query::hydration::{dehydrate, DehydratedState, HydrationTypes};
use optimistic_query::{Clock, Executor, Millis, QueryClient, QueryFilter, Runtime};

use crate::HYDRATION_SCRIPT_ID;

/// Wall-clock time, so that `updated_at` written on the server means the same instant to
/// the browser that compares it with its own clock for `stale_time`.
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX))
            .unwrap_or(0)
    }
}

/// Tasks on Yew's platform: the server renderer's own local task set, the one the
/// component tree of a `ServerRenderer` runs on.
struct YewPlatform;

impl Executor for YewPlatform {
    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        yew::platform::spawn_local(task);
    }
    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        Box::pin(yew::platform::time::sleep(Duration::from_millis(ms)))
    }
}

/// The runtime for a [`QueryClient`] created inside `yew::ServerRenderer` (by the app's
/// root component, as the browser's client is): wall-clock time, tasks on Yew's
/// platform, no storage (persistence belongs to the browser).
///
/// ```
/// use yew_optimistic::{ssr, QueryClient};
/// let client = QueryClient::new(ssr::server_runtime());
/// # drop(client);
/// ```
pub fn server_runtime() -> Runtime {
    Runtime {
        clock: Rc::new(SystemClock),
        executor: Rc::new(YewPlatform),
        storage: None,
    }
}

/// The state for a page: a client on the wall clock, filled by `fill` (typically with
/// `set_query_data` of what the server read), dehydrated with every query `types`
/// registers. Synchronous, so it can run in any server handler: the client never
/// crosses an `await` (it is not `Send`), only the state does (it is).
///
/// Data set now is fresh for a browser query with a `stale_time`: that query shows it
/// without fetching on load.
///
/// ```
/// use yew_optimistic::optimistic_query::hydration::HydrationTypes;
/// use yew_optimistic::{keys, ssr};
/// let types = HydrationTypes::new().query::<u32>(keys!["count"]);
/// let state = ssr::prefetched_state(&types, |client| {
///     let _ = client.set_query_data(&keys!["count"], 7u32);
/// });
/// assert_eq!(state.queries[0].data, serde_json::json!(7));
/// ```
pub fn prefetched_state(
    types: &HydrationTypes,
    fill: impl FnOnce(&QueryClient),
) -> DehydratedState {
    let client = QueryClient::new(Runtime {
        clock: Rc::new(SystemClock),
        // Nothing runs: the client is filled, read and dropped in this call.
        executor: optimistic_query::testing::TestRuntime::new()
            .runtime()
            .executor,
        storage: None,
    });
    fill(&client);
    dehydrate(&client, types, &QueryFilter::all())
}

/// `state` as the `<script type="application/json" id="yew-optimistic-state">` element
/// the browser's [`HydrationBoundary`](crate::HydrationBoundary) reads by default.
/// [`DehydratedState::to_json`] escapes `<`, `>` and `&`, so no text in the data can end
/// the script or open a tag.
///
/// ```
/// use yew_optimistic::optimistic_query::hydration::HydrationTypes;
/// use yew_optimistic::ssr;
/// let empty = ssr::prefetched_state(&HydrationTypes::new(), |_| {});
/// assert!(ssr::state_script(&empty).ends_with("</script>"));
/// ```
pub fn state_script(state: &DehydratedState) -> String {
    format!(
        r#"<script type="application/json" id="{HYDRATION_SCRIPT_ID}">{}</script>"#,
        state.to_json()
    )
}
