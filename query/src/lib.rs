//! `optimistic-query`: the framework-agnostic engine behind yew-optimistic.
//!
//! TanStack-Query-style server state (queries, mutations, invalidation, retries, offline
//! queue) built around **optimistic layers**: every cache entry holds the data the server
//! last confirmed plus a stack of pending patches, one per mutation, in start order.
//! What observers see is the confirmed data with the layers applied. So:
//!
//! - a failed mutation rolls back by dropping *its* layers; overlapping edits stay;
//! - a refetch that lands while mutations are pending replaces the confirmed data and the
//!   layers are re-applied on top (rebase): no flicker, no need to cancel queries first;
//! - success commits the layer and the server's answer replaces it in the same
//!   notification;
//! - invalidations asked for by a mutation wait until no related mutation is pending.
//!
//! The engine knows nothing of Yew or the browser: time, task spawning, timers and
//! storage are injected ([`Runtime`]), and [`testing::TestRuntime`] drives them by hand.
//!
//! ```
//! use optimistic_query::{keys, testing::TestRuntime, FetchError, MutationObserver, MutationOptions, QueryClient};
//!
//! let rt = TestRuntime::new();
//! let client = QueryClient::new(rt.runtime());
//! client.set_query_data(&keys!["todos"], vec!["buy milk".to_string()]).unwrap();
//!
//! let add = MutationObserver::new(&client, MutationOptions::new(|title: String, _ctx| async move {
//!         Err::<(), FetchError>(FetchError::Http { status: 500, body: "down".into() })
//!     })
//!     .retry(optimistic_query::RetryPolicy::never())
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

pub mod client;
pub mod entry;
pub mod error;
pub mod event;
pub mod fetch;
pub mod filter;
mod gc;
pub mod key;
pub mod layer;
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
mod state;
pub mod storage;
pub mod testing;

pub use client::{ClientConfig, EntrySnapshot, QueryClient, Subscription};
pub use entry::{FetchStatus, QueryStatus};
pub use error::{AbortReason, CacheError, ErrorInfo, ErrorKind, FetchError, PersistError};
pub use event::{CacheEvent, TimedEvent};
pub use fetch::{AbortSignal, FetchContext};
pub use filter::QueryFilter;
pub use key::{KeySegment, QueryKey};
pub use layer::{LayerInfo, Patch, Patches};
pub use mutation::observer::MutationObserver;
pub use mutation::options::{MutationContext, MutationOptions};
pub use mutation::record::{MutationFilter, MutationInfo};
pub use mutation::scope::ScopePolicy;
pub use mutation::state::{MutationState, MutationStatus};
pub use mutation::MutationId;
pub use network::NetworkMode;
pub use observer::QueryObserver;
pub use persist::RestoreReport;
pub use query_options::QueryOptions;
pub use query_result::{NotifyOn, QueryResult};
pub use retry::RetryPolicy;
pub use runtime::{Clock, Executor, Millis, Runtime, Storage};
