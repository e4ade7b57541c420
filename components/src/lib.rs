//! # yew-optimistic
//!
//! TanStack-Query-style server state for [Yew](https://yew.rs), built around optimistic
//! mutations that stay correct when many of them overlap.
//!
//! This crate is what applications import: [`QueryClientProvider`], the hooks
//! ([`use_query`], [`use_queries`], [`use_combined_queries`], [`use_suspense_query`],
//! [`use_suspense_queries`], [`use_infinite_query`], [`use_suspense_infinite_query`],
//! [`use_optimistic_mutation`], [`use_refused_mutations`], [`use_mutation_state`], [`use_is_mutating`],
//! [`use_is_fetching`], [`use_online`], [`use_query_client`]), the
//! browser glue ([`browser`]), and components. The framework-agnostic engine is
//! re-exported as `optimistic_query` ([its docs](https://docs.rs/optimistic-query)), and
//! its everyday types at the crate root.
//!
//! ## Cargo features
//!
//! All on by default. With `default-features = false` the crate is the hooks, the
//! provider and the browser runtime ([`browser::browser_runtime`]), without stylist or
//! gloo-net of its own.
//!
//! | feature | what it adds |
//! | --- | --- |
//! | `components` | `editable_list`, `like_button`, `kanban`, `feedback`, `theme`, `StatusBadge`, `SourceRef` (styled with stylist) |
//! | `devtools` | `devtools::{EventLog, CacheInspector}` (styled with stylist) |
//! | `http` | `browser::http`: JSON over HTTP (gloo-net) with typed errors in readable words (a problem+json body becomes its `detail`), timeouts, abort and the idempotency key |
//!
//! ```toml
//! [dependencies]
//! yew-optimistic = { version = "0.1", default-features = false, features = ["http"] }
//! ```
//!
//! ```
//! use yew::prelude::*;
//! use yew_optimistic::*;
//!
//! #[component]
//! fn Todos() -> Html {
//!     let todos = use_query(QueryOptions::new(keys!["todos"], |_| async {
//!         Ok::<_, FetchError>(vec!["buy milk".to_string()])
//!     }));
//!     let add = use_optimistic_mutation(
//!         MutationOptions::new(|title: String, _ctx| async move { Ok::<_, FetchError>(title) })
//!             .optimistic(|title: &String, p| {
//!                 let title = title.clone();
//!                 p.update(keys!["todos"], move |l: &Vec<String>| [l.clone(), vec![title.clone()]].concat());
//!             })
//!             .invalidates(keys!["todos"]),
//!     );
//!     let onclick = { let add = add.clone(); Callback::from(move |_| { add.mutate("walk dog".into()); }) };
//!     html! {
//!         <>
//!             <ul>{ for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }</ul>
//!             <button {onclick}>{ "Add" }</button>
//!             if let Some(e) = &add.error { <p role="alert">{ e.to_string() }</p> }
//!         </>
//!     }
//! }
//! # let _ = html! { <QueryClientProvider><Todos /></QueryClientProvider> };
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
// Functions stay short enough to read at once (the threshold is in clippy.toml).
#![warn(clippy::too_many_lines)]

pub use optimistic_query;
pub use optimistic_query::{
    keep_previous_data, keys, CacheEvent, ClientConfig, Collection, CollectionObserver, ErrorKind,
    FetchContext, FetchError, InfiniteData, InfiniteQueryOptions, InfiniteQueryResult,
    MutateCallbacks, MutationContext, MutationFilter, MutationId, MutationInfo, MutationOptions,
    MutationState, MutationStatus, NetworkMode, NotifyOn, PageItems, Patch, Patches, QueryClient,
    QueryFilter, QueryKey, QueryOptions, QueryResult, QueryStatus, Refetch, RefetchOnMount,
    RetryPolicy, ScopePolicy, TypedKey,
};

pub mod browser;
#[cfg(feature = "devtools")]
#[cfg_attr(docsrs, doc(cfg(feature = "devtools")))]
pub mod devtools;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub mod editable_list;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub mod feedback;
mod hooks;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub mod kanban;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub mod like_button;
mod provider;
#[cfg(feature = "components")]
mod sorted_pairs;
#[cfg(feature = "components")]
#[cfg(feature = "components")]
mod source_ref;
#[cfg(all(feature = "ssr", not(target_arch = "wasm32")))]
#[cfg_attr(docsrs, doc(cfg(feature = "ssr")))]
pub mod ssr;
#[cfg(feature = "components")]
mod status_badge;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub mod theme;

pub use hooks::{
    resend_through, use_collection, use_combined_queries, use_infinite_query, use_is_fetching,
    use_is_mutating, use_is_restoring, use_live_query, use_mutation_state, use_online,
    use_optimistic_action, use_optimistic_mutation, use_prefetch_query, use_queries, use_query,
    use_query_select, use_refused_mutations, use_row, use_row_with, use_suspense_infinite_query,
    use_suspense_queries, use_suspense_query, use_virtual_rows, OptimisticAction, Queries,
    QueryIndex, QueryResults, RefusedMutation, RefusedMutations, RefusedMutationsOptions,
    SuspenseQueryError, UseCollectionHandle, UseInfiniteQueryHandle, UseMutationHandle,
    UseQueryHandle, UseSuspenseQueryHandle, VirtualRows,
};
pub use provider::{
    use_query_client, HydrationBoundary, HydrationBoundaryProps, QueryClientProvider,
    QueryClientProviderProps, HYDRATION_SCRIPT_ID,
};
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub use source_ref::SourceRef;
#[cfg(feature = "components")]
#[cfg_attr(docsrs, doc(cfg(feature = "components")))]
pub use status_badge::{BadgeStatus, StatusBadge, StatusBadgeProps};
