//! `use_changes`: the skeleton the list and the board share. A component whose changes
//! go through one optimistic mutation keeps that mutation, the changes the server
//! refused (told once in the toast region, resent under their idempotency keys) and
//! whether it must announce failures itself (no toast region above it).

use super::refused::{use_refused_changes, with_retry, RefusedChange, RefusedChanges};
use super::RefusedChangesOptions;
use crate::hooks::{use_optimistic_action, OptimisticAction};
use optimistic_query::{MutationFilter, MutationOptions, QueryKey, RetryPolicy};
use yew::prelude::*;

/// A refused call in words.
type Describe<V> = Box<dyn Fn(&RefusedChange<V>) -> String>;

/// What [`use_changes`] returns.
pub(crate) struct Changes<V: 'static> {
    /// The mutation every change of the component is a call of.
    pub action: OptimisticAction<V, ()>,
    /// The refused calls of the mutation within the component's scope.
    pub refused: RefusedChanges<V>,
    /// No toast region tells the failures: the component's own messages are live regions.
    pub announce: bool,
}

/// Whose changes a component shows, and how a refused one is told.
pub(crate) struct ChangesOf<V: 'static> {
    /// The component's mutation.
    pub options: MutationOptions<V, ()>,
    /// The component's `retry` prop (`None`: the client's default).
    pub retry: Option<RetryPolicy>,
    /// The mutation's calls.
    pub filter: MutationFilter,
    /// The component's calls among them: those whose scope starts with this one.
    pub scope: QueryKey,
    /// A refused call in words, for its toast.
    pub describe: Describe<V>,
}

/// The mutation, refused changes and announcement mode of one component (see the module
/// docs).
#[hook]
pub(crate) fn use_changes<V>(of: ChangesOf<V>) -> Changes<V>
where
    V: Clone + PartialEq + 'static,
{
    let ChangesOf {
        options,
        retry,
        filter,
        scope,
        describe,
    } = of;
    let action = use_optimistic_action(with_retry(options, retry));
    let resend = {
        let action = action.clone();
        Callback::from(move |r: RefusedChange<V>| {
            action.resend(r.variables, &r.idempotency_key, r.kind, r.id);
        })
    };
    let refused = use_refused_changes(
        RefusedChangesOptions::resending_with(filter, resend)
            .keep(move |m, _| m.scope.as_ref().is_some_and(|s| s.starts_with(&scope)))
            .toast(describe),
    );
    let announce = !refused.announced_by_toasts();
    Changes {
        action,
        refused,
        announce,
    }
}
