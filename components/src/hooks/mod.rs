//! The hooks: thin over the engine, as TanStack's react-query is over its query-core.

pub(crate) mod after_render;
mod query_list;
mod query_slot;
pub(crate) mod subscription;
mod use_collection;
mod use_combined_queries;
mod use_infinite_query;
mod use_is_fetching;
mod use_is_mutating;
mod use_is_restoring;
mod use_live_query;
mod use_mutation_state;
mod use_online;
mod use_optimistic_action;
mod use_optimistic_mutation;
mod use_prefetch_query;
mod use_queries;
mod use_query;
mod use_refused_mutations;
mod use_row;
mod use_suspense_infinite_query;
mod use_suspense_queries;
mod use_suspense_query;
mod use_virtual_rows;

pub use query_list::{Queries, QueryIndex, QueryResults};
pub use use_collection::{use_collection, UseCollectionHandle};
pub use use_combined_queries::use_combined_queries;
pub use use_infinite_query::{use_infinite_query, UseInfiniteQueryHandle};
pub use use_is_fetching::use_is_fetching;
pub use use_is_mutating::use_is_mutating;
pub use use_is_restoring::use_is_restoring;
pub use use_live_query::use_live_query;
pub use use_mutation_state::use_mutation_state;
pub use use_online::use_online;
pub use use_optimistic_action::{use_optimistic_action, OptimisticAction};
pub use use_optimistic_mutation::{use_optimistic_mutation, UseMutationHandle};
pub use use_prefetch_query::use_prefetch_query;
pub use use_queries::use_queries;
pub use use_query::{use_query, use_query_select, UseQueryHandle};
pub use use_refused_mutations::{
    resend_through, use_refused_mutations, RefusedMutation, RefusedMutations,
    RefusedMutationsOptions,
};
pub use use_row::{use_row, use_row_with};
pub use use_suspense_infinite_query::use_suspense_infinite_query;
pub use use_suspense_queries::use_suspense_queries;
pub use use_suspense_query::{use_suspense_query, SuspenseQueryError, UseSuspenseQueryHandle};
pub use use_virtual_rows::{use_virtual_rows, VirtualRows};
