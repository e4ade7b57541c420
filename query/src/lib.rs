//! `optimistic-query`: the framework-agnostic engine behind yew-optimistic.
//!
//! The examples are written as an app that depends on `yew-optimistic` writes them
//! (that crate re-exports this one): `yew_optimistic::QueryClient` for the items at its
//! root, `yew_optimistic::optimistic_query::...` for the rest. With this crate alone,
//! read `optimistic_query::` for both.
//!
//! TanStack-Query-style server state (queries, mutations, invalidation, retries, offline
//! queue) built around **optimistic layers**: every cache entry holds the data the server
//! last confirmed plus a stack of pending patches, one per mutation, in start order.
//! What observers see is the confirmed data with the layers applied. So:
//!
//! - a refused mutation rolls back by dropping *its* layers; overlapping edits stay; one
//!   whose outcome is unknown (network, timeout, 5xx) keeps them and is sent again under
//!   its idempotency key;
//! - a refetch that lands while mutations are pending replaces the confirmed data and the
//!   layers are re-applied on top (rebase): no flicker, no need to cancel queries first;
//! - success commits the layer and the server's answer replaces it in the same
//!   notification;
//! - invalidations asked for by a mutation wait until no related mutation is pending.
//!
//! The engine knows nothing of Yew or the browser: time, task spawning, timers and
//! storage are injected ([`Runtime`]), and [`testing::TestRuntime`] drives them by hand.
//!
//! # The rules that keep every change once
//!
//! Whatever order requests are sent, answered, fail, retried, replaced or replayed in,
//! nothing the server accepted is lost, nothing is applied twice, and nothing stays
//! pending for ever. The model checker (`tests/model.rs`) plays random interleavings
//! against a model of a real server and checks this after every step. What makes it
//! hold, for non-idempotent patches too (a push shown twice is a push applied twice):
//!
//! 1. **A fetch answer that overlaps a write is held, then judged.** When a mutation
//!    that patches a key was sent before an answer about that key arrived, and had not
//!    settled when the request went out, the answer may or may not include the change:
//!    folding the pending layer onto it could show the change twice, and an answer that
//!    predates a success would erase it. Such an answer is *held* beside the entry
//!    ([`CacheEvent::ResponseHeld`]; the newest held answer wins) until the writes it
//!    overlaps settle, then shown rebased under the layers still pending, or dropped:
//!    - a write that failed has no layer left: the answer shows (and the key is read
//!      again once no write is in flight, since the failure may have applied);
//!    - a write that succeeded and reported a version ([`VersionSlot`]) is in the answer
//!      when its version is at most the answer's: its layer retires; otherwise its
//!      layer stays on top. Exact: no refetch, no guess, no double;
//!    - a write that succeeded without versions: an idempotent change's layer stays on
//!      top (once or twice, the same data), the answer shows, and the key is read again
//!      once no write is in flight. A change not declared idempotent cannot be told
//!      apart (with its layer it might show twice, without it an accepted change might
//!      vanish): the answer is dropped ([`CacheEvent::UncertainResponseDropped`]) and
//!      the key fetched again once no write to it is in flight.
//!
//!    Layers of calls not sent yet (queued in a scope, paused offline, debounced), or
//!    sent after the answer arrived, are rebased onto every answer as usual; a success
//!    that settles while a read of its key is out stays a layer until that read is
//!    judged. An error answer (and a page of an infinite query) overlapping a write is
//!    dropped, not held (a 404 of an item whose create was in flight says nothing of the
//!    server now), and so is any answer older than an explicit write. A page asked for
//!    while accepted changes wait for the server's copy is dropped too (it may hold
//!    them, and merged under their layers they could show twice): the pages are read
//!    again, which retires them.
//!
//!    **The staleness bound.** Another writer's change made before a read was requested
//!    shows when that read lands, at the latest once the writes in flight at the time
//!    settle, unless one of them succeeded with a change not declared idempotent and
//!    without a version. So with versions, or with idempotent local writes, it shows
//!    within K = 1 read requested after it, however continuously the user writes (each
//!    write settling before the next read lands: a write still in flight holds the
//!    answer until it settles). Without versions, pushes (not idempotent) that overlap
//!    every read keep it hidden until they pause: the first read requested once no push
//!    is in flight shows it (rule 1 before holding; `tests/other_writers.rs` and
//!    `tests/versions.rs` show both).
//! 2. **A success folds its patch into the confirmed data** only when nothing else can
//!    bring the server's copy: without `invalidates`, for a call that cannot already be
//!    on the server, once every layer below it settled. Otherwise its layer waits,
//!    committed, for the next answer, which retires it in the same notification.
//! 3. **When the server's order may differ from the layers' order** (two writes to a key
//!    in flight at once, or a call sent ahead of an earlier one still queued), the key
//!    is fetched again once they settled, so the cache ends in the server's order.
//! 4. **Unknown is not failed.** Only the server refuses (a 4xx other than 408, 425 and
//!    429, or the app's own error: [`ErrorKind::is_refusal`]), or the user (cancel,
//!    discard). A call whose attempt ends *unknown* (a network error, a timeout, a 5xx,
//!    an answer that could not be read: [`ErrorKind::is_unknown`]) does not settle: it
//!    keeps its layers and its idempotency key, stays in the persisted queue (marked
//!    sent), shows as waiting for the server
//!    ([`MutationState::is_waiting_for_server`]), and is sent again under the same key
//!    with back-off and jitter ([`ClientConfig::unknown_resend`]); offline it pauses
//!    without spending a resend. After the resends allowed it is
//!    [`Held`](MutationStatus::Held) ("not saved yet") until the user's
//!    [`retry_mutation_now`](QueryClient::retry_mutation_now) or
//!    [`discard_mutation`](QueryClient::discard_mutation); a reload sends it again.
//!    A refusal rolls the layer back at once; a discard (or a refusal after an earlier
//!    request of the call may have landed) also refetches the keys it patched once
//!    related work settled. A call may opt out
//!    ([`MutationOptions::resend_unknown`]`(false)`): an unknown outcome then rolls back
//!    and refetches. **A page being torn down settles nothing**
//!    ([`QueryClient::suspend_for_unload`] on `pagehide`): outcomes that arrive then
//!    (the browser aborting the requests of a dying page) neither settle, roll back nor
//!    rewrite the persisted queue, so the next page resends every call that was on the
//!    wire under its key.
//! 5. **Calls restored after a reload replay through one queue,** oldest first, each
//!    with its original idempotency key, in the order the user made them, even when a
//!    definition is registered late. A call persisted as sent counts as possibly on the
//!    server (rule 1 applies to it from the start).
//! 6. **A replaced call** (`LatestWins`, `Debounce`, `Throttle`) is settled at once: its
//!    layers go in the notification that paints the newer call, its callbacks run with
//!    [`AbortReason::Superseded`](crate::AbortReason), and its record is collected.
//! 7. **No user closure runs, and no user value is dropped, while the cache is
//!    borrowed:** listeners, filter predicates, patches, fetchers, select functions,
//!    removed entries and records are taken out first. A closure may call back into the
//!    client.
//!
//! `set_query_data` is trusted as the server's data *without* the changes still in
//! flight; a server push that may already include one should invalidate instead.
//! `get_confirmed_data` (what `update_query_data` and `set_queries_data` hand the app)
//! includes the changes the server accepted that still wait for its copy, so writing
//! the app's result back keeps them. `invalidate_queries` marks a point on the cache's
//! timeline: a fetch already running (its answer may predate the change) is restarted,
//! not joined.
//!
//! Other tabs of the origin share the persisted queue. A tab learns that another settled
//! a call when the call leaves storage, whichever reads storage first (the storage event
//! or its own next write), and refetches what the call patched. When a write of the queue
//! fails (storage full), the calls it should have held say so
//! ([`MutationInfo::kept_on_device`], [`CacheEvent::NotKeptOnDevice`]) until a later write
//! holds them.
//!
//! A server that renders the page hands its data to the browser's client with
//! [`dehydrate`] and [`hydrate`] (rules in [`hydration`]): newer data wins, and data
//! never goes under the layers of a change the server may already hold.
//!
//! What the client remembers besides entries and records stays bounded by live work
//! ([`QueryClient::bookkeeping`]): one staleness timer per observed entry, own idempotency
//! keys of unsettled calls only, and a `Throttle` scope's last send only while its spacing
//! runs. A client dropped (its last handle gone: a provider unmounted) frees its entries
//! and records at once, and its timers (collection, staleness, polling) end then rather
//! than at their deadlines.
//!
//! One thing no page can know: a request of a closed page that reaches the server after
//! a later page settled its call (the replay was refused before applying, say) and
//! after that page's successor loaded. Idempotency keys keep it from applying twice;
//! the list shows it at the next read (focus, an interval, a reconnect, stale data on
//! mount). The model checker found this case in its 100,000-case run.
//!
//! ```
//! # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
//! use yew_optimistic::optimistic_query::{keys, testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
//!
//! let rt = TestRuntime::new();
//! let client = QueryClient::new(rt.runtime());
//! client.set_query_data(&keys!["todos"], vec!["buy milk".to_string()]).unwrap();
//!
//! let add = MutationObserver::new(&client, MutationOptions::new(|title: String, _ctx| async move {
//!         Err::<(), FetchError>(FetchError::Http { status: 422, body: "title taken".into() })
//!     })
//!     .retry(yew_optimistic::RetryPolicy::never())
//!     .optimistic(|title: &String, patches| {
//!         let title = title.clone();
//!         patches.update(keys!["todos"], move |list: &Vec<String>| {
//!             let mut list = list.clone();
//!             list.push(title.clone());
//!             list
//!         });
//!     }));
//!
//! add.mutate("walk dog".into());
//! assert_eq!(client.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap().len(), 2);
//! rt.run(); // the server says no: only this change is rolled back
//! assert_eq!(client.get_query_data::<Vec<String>>(&keys!["todos"]).unwrap().unwrap().len(), 1);
//! assert!(add.state().is_error());
//! ```

mod bookkeeping;
pub mod cache_events;
pub mod client;
pub mod collection;
pub mod defaults;
pub mod entry;
pub mod error;
pub mod event;
pub mod fetch;
pub mod filter;
mod gc;
pub mod hydration;
pub mod infinite;
mod initial;
pub mod key;
pub mod layer;
mod lifetime;
pub mod meta;
pub mod mutation;
pub mod network;
mod notify;
pub mod observer;
pub mod persist;
mod query_cache;
pub mod query_options;
pub mod query_result;
pub mod retry;
mod retryer;
pub mod runtime;
mod skip;
mod sort;
mod stale;
mod state;
pub mod storage;
pub mod testing;
mod version;
pub mod warn;

pub use bookkeeping::Bookkeeping;
pub use cache_events::CacheChange;
pub use client::{ClientConfig, EntrySnapshot, QueryClient, Subscription};
pub use collection::{
    Collection, CollectionObserver, CollectionSubscription, LiveQuery, RowChange, RowChanges,
};
pub use defaults::{MutationDefaults, QueryDefaults};
pub use entry::{FetchStatus, QueryStatus};
pub use error::{AbortReason, CacheError, ErrorInfo, ErrorKind, FetchError, PersistError};
pub use event::{CacheEvent, TimedEvent};
pub use fetch::{AbortSignal, FetchContext};
pub use filter::QueryFilter;
pub use hydration::{dehydrate, hydrate, DehydratedState, HydrationError, HydrationTypes};
pub use infinite::{
    InfiniteData, InfiniteQueryObserver, InfiniteQueryOptions, InfiniteQueryResult, PageDirection,
    PageItems,
};
pub use key::{KeyFor, KeySegment, QueryKey, TypedKey};
pub use layer::{LayerInfo, Patch, Patches};
pub use meta::Meta;
pub use mutation::callbacks::MutateCallbacks;
pub use mutation::observer::MutationObserver;
pub use mutation::options::{MutationContext, MutationOptions};
pub use mutation::record::{MutationFilter, MutationInfo};
pub use mutation::scope::ScopePolicy;
pub use mutation::state::{MutationState, MutationStatus};
pub use mutation::MutationId;
pub use network::NetworkMode;
pub use observer::QueryObserver;
pub use persist::{Persistence, QueryPersistence, QueryRestoreReport, RestoreReport};
pub use query_options::{keep_previous_data, QueryOptions, Refetch, RefetchOnMount};
pub use query_result::{NotifyOn, QueryResult};
pub use retry::RetryPolicy;
pub use runtime::{Clock, Executor, Millis, Runtime, Storage};
pub use sort::sort_by;
pub use version::VersionSlot;
