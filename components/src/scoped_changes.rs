//! `use_scoped_changes`: the skeleton the editable list and the kanban board share:
//! their one mutation with the component's retry policy, and the refused changes of
//! the component's own scope, resent through that mutation and told in toasts.

use crate::feedback::{
    resend_through, use_refused_changes, with_retry, RefusedChange, RefusedChanges,
    RefusedChangesOptions,
};
use crate::hooks::{use_optimistic_mutation, UseMutationHandle};
use optimistic_query::{MutationFilter, MutationOptions, QueryKey, RetryPolicy};
use yew::prelude::*;

/// A component's one mutation and its own refused changes.
pub(crate) struct ScopedChanges<V: Clone + 'static> {
    /// The mutation, with the component's retry policy.
    pub mutation: UseMutationHandle<V, ()>,
    /// Refused calls the `filter` matches whose scope starts with the component's.
    pub refused: RefusedChanges<V>,
    /// Whether the component must announce a refusal itself (no toast region does).
    pub announce: bool,
}

/// The mutation `options` (retried by `retry` unless `None`, which follows the
/// client's), and the refused calls of `filter` in `scope` (matched part by part: a
/// list or board whose name extends this one's is another), resent through the
/// mutation and toasted in the words `toast` gives.
#[hook]
pub(crate) fn use_scoped_changes<V, F>(
    options: MutationOptions<V, ()>,
    retry: Option<RetryPolicy>,
    filter: MutationFilter,
    scope: QueryKey,
    toast: F,
) -> ScopedChanges<V>
where
    V: Clone + PartialEq + 'static,
    F: Fn(&RefusedChange<V>) -> String + 'static,
{
    let mutation = use_optimistic_mutation(with_retry(options, retry));
    let refused = use_refused_changes(
        RefusedChangesOptions::resending_with(filter, resend_through(&mutation))
            .keep(move |m, _| m.scope.as_ref().is_some_and(|s| s.starts_with(&scope)))
            .toast(toast),
    );
    let announce = !refused.announced_by_toasts();
    ScopedChanges {
        mutation,
        refused,
        announce,
    }
}
