//! `use_refused_mutations`: every call of a mutation the server refused, read from the
//! mutation cache, with retry and dismiss. Unlike the handle's latest-call fields, it
//! keeps each refused call of overlapping calls.

use crate::hooks::{use_mutation_state, UseMutationHandle};
use crate::provider::use_query_client;
use optimistic_query::{
    ErrorKind, MutationFilter, MutationId, MutationInfo, MutationStatus, QueryClient, QueryKey,
};
use std::fmt;
use std::rc::Rc;
use yew::prelude::*;

/// A call the server refused: one that failed for good (not one a newer call of its scope
/// replaced, and not a cancelled one). Its optimistic change was already rolled back; it
/// stays in the mutation cache until retried or dismissed.
///
/// ```
/// use yew_optimistic::{ErrorKind, MutationId, RefusedMutation};
/// let refused = RefusedMutation {
///     id: MutationId(1),
///     variables: "milk".to_string(),
///     message: "the server answered 422: a title cannot be empty".into(),
///     kind: ErrorKind::Http(422),
///     idempotency_key: "k1".into(),
/// };
/// assert!(refused.message.ends_with("cannot be empty"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RefusedMutation<V> {
    /// The call, in the mutation cache.
    pub id: MutationId,
    /// What was asked.
    pub variables: V,
    /// Why it was refused, in words.
    pub message: String,
    /// What kind of failure it was (a 4xx is worth reading, a timeout worth retrying).
    pub kind: ErrorKind,
    /// Its idempotency key (the same across a reload for a restored call).
    pub idempotency_key: String,
}

type Keep<V> = Rc<dyn Fn(&MutationInfo, &V) -> bool>;

/// What [`use_refused_mutations`] reads: the calls a filter names (usually a mutation
/// key), maybe narrowed by `keep`, and how Retry sends one again.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, MutationFilter, RefusedMutationsOptions};
///
/// let resend: Callback<String> = Callback::noop();
/// let options = RefusedMutationsOptions::new(MutationFilter::key(keys!["todos", "add"]), resend)
///     .keep(|info, _title: &String| info.scope.is_none());
/// # let _ = options;
/// ```
pub struct RefusedMutationsOptions<V> {
    filter: MutationFilter,
    resend: Callback<RefusedMutation<V>>,
    keep: Option<Keep<V>>,
}

impl<V: Clone + 'static> RefusedMutationsOptions<V> {
    /// The refused calls of `mutation`, named by its mutation `key` (the one given to
    /// `MutationOptions::key`): Retry sends one again through `mutation` with
    /// [`resend_through`], under the same idempotency key when the failure may have
    /// reached the server. What an app usually wants.
    ///
    /// ```
    /// use yew::prelude::*;
    /// use yew_optimistic::{
    ///     keys, use_optimistic_mutation, use_refused_mutations, FetchError, MutationOptions,
    ///     RefusedMutationsOptions,
    /// };
    ///
    /// #[component]
    /// fn AddTodo() -> Html {
    ///     let add = use_optimistic_mutation(
    ///         MutationOptions::new(|title: String, _| async move { Ok::<_, FetchError>(title) })
    ///             .key(keys!["todos", "add"]),
    ///     );
    ///     let refused = use_refused_mutations(RefusedMutationsOptions::through(keys!["todos", "add"], &add));
    ///     html! { { refused.changes().len() } }
    /// }
    /// # let _ = html! { <AddTodo /> };
    /// ```
    pub fn through<D, E, C>(key: QueryKey, mutation: &UseMutationHandle<V, D, E, C>) -> Self
    where
        D: Clone + 'static,
        E: Clone + fmt::Display + 'static,
        C: 'static,
    {
        Self::resending_with(MutationFilter::key(key), resend_through(mutation))
    }
}

impl<V: 'static> RefusedMutationsOptions<V> {
    /// Refused calls the filter matches (its key, maybe a scope); `resend` sends a
    /// change again (a `mutate` callback: a new call, under a new idempotency key) when
    /// the user presses Retry.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, RefusedMutationsOptions};
    /// let _ = RefusedMutationsOptions::new(MutationFilter::key(keys!["likes"]), Callback::<bool>::noop());
    /// ```
    pub fn new(filter: MutationFilter, resend: Callback<V>) -> Self {
        Self::resending_with(filter, resend.reform(|c: RefusedMutation<V>| c.variables))
    }

    /// As [`new`](Self::new), with a `resend` that sees the whole refused call (its
    /// idempotency key above all), for a component that can resend the very same call
    /// ([`resend_through`]).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, RefusedMutation, RefusedMutationsOptions};
    /// let resend = Callback::from(|c: RefusedMutation<bool>| println!("again, key {}", c.idempotency_key));
    /// let _ = RefusedMutationsOptions::resending_with(MutationFilter::key(keys!["likes"]), resend);
    /// ```
    pub fn resending_with(filter: MutationFilter, resend: Callback<RefusedMutation<V>>) -> Self {
        RefusedMutationsOptions {
            filter,
            resend,
            keep: None,
        }
    }

    /// Keeps only the refused calls `keep` accepts (those of one list, one board...).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, RefusedMutationsOptions};
    /// let _ = RefusedMutationsOptions::new(MutationFilter::key(keys!["list"]), Callback::<u32>::noop())
    ///     .keep(|info, _| info.scope.as_ref().is_some_and(|s| s.starts_with(&keys!["list", "groceries"])));
    /// ```
    pub fn keep(mut self, keep: impl Fn(&MutationInfo, &V) -> bool + 'static) -> Self {
        self.keep = Some(Rc::new(keep));
        self
    }
}

/// What [`use_refused_mutations`] returns: the refused calls, oldest first, and what the
/// user can do about them.
pub struct RefusedMutations<V> {
    changes: Rc<Vec<RefusedMutation<V>>>,
    client: QueryClient,
    resend: Callback<RefusedMutation<V>>,
}

impl<V> Clone for RefusedMutations<V> {
    fn clone(&self) -> Self {
        RefusedMutations {
            changes: self.changes.clone(),
            client: self.client.clone(),
            resend: self.resend.clone(),
        }
    }
}

/// Equal when they list the same refused calls, so the handle can be a prop. (`resend`
/// is left out: it is made anew each render, and any render's resend sends through the
/// same mutation.)
impl<V: PartialEq> PartialEq for RefusedMutations<V> {
    fn eq(&self, other: &Self) -> bool {
        self.changes == other.changes
    }
}

impl<V: Clone + 'static> RefusedMutations<V> {
    /// The refused calls, oldest first.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, use_refused_mutations, RefusedMutationsOptions};
    /// #[component]
    /// fn Failed() -> Html {
    ///     let refused = use_refused_mutations(RefusedMutationsOptions::new(
    ///         MutationFilter::key(keys!["todos", "add"]), Callback::<String>::noop()));
    ///     html! { <ul>{ for refused.changes().iter().map(|r| html! { <li>{ &r.message }</li> }) }</ul> }
    /// }
    /// # let _ = html! { <Failed /> };
    /// ```
    pub fn changes(&self) -> &[RefusedMutation<V>] {
        &self.changes
    }

    /// Drops refused calls from the mutation cache (the user dismissed them, or a new
    /// change made them moot). Calls that are not refused are left alone.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, use_refused_mutations, RefusedMutationsOptions};
    /// #[component]
    /// fn ClearAll() -> Html {
    ///     let refused = use_refused_mutations(RefusedMutationsOptions::new(
    ///         MutationFilter::key(keys!["todos"]), Callback::<String>::noop()));
    ///     let onclick = {
    ///         let refused = refused.clone();
    ///         Callback::from(move |_| refused.dismiss(refused.changes().iter().map(|r| r.id)))
    ///     };
    ///     html! { <button {onclick}>{ "Dismiss all" }</button> }
    /// }
    /// # let _ = html! { <ClearAll /> };
    /// ```
    pub fn dismiss(&self, ids: impl IntoIterator<Item = MutationId>) {
        for id in ids {
            if self.changes.iter().any(|c| c.id == id) {
                self.client.dismiss_mutation(id);
            }
        }
    }

    /// Sends refused call `id` again and drops it (and the others in `moot`, made moot by
    /// the retry) from the mutation cache; `false` if `id` is not a refused call listed.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter, use_refused_mutations, RefusedMutationsOptions};
    /// #[component]
    /// fn RetryFirst() -> Html {
    ///     let refused = use_refused_mutations(RefusedMutationsOptions::new(
    ///         MutationFilter::key(keys!["todos"]), Callback::<String>::noop()));
    ///     let onclick = {
    ///         let refused = refused.clone();
    ///         Callback::from(move |_| {
    ///             if let Some(first) = refused.changes().first() { refused.retry(first.id, []); }
    ///         })
    ///     };
    ///     html! { <button {onclick}>{ "Retry" }</button> }
    /// }
    /// # let _ = html! { <RetryFirst /> };
    /// ```
    pub fn retry(&self, id: MutationId, moot: impl IntoIterator<Item = MutationId>) -> bool {
        let Some(change) = self.changes.iter().find(|c| c.id == id).cloned() else {
            return false;
        };
        self.dismiss(std::iter::once(id).chain(moot));
        self.resend.emit(change);
        true
    }
}

/// What Retry does with a refused call of `mutation`: sends it again through `mutation`,
/// under its own idempotency key when the failure may have reached the server (so the
/// server applies it once), else under a new one; for a call made by another component or
/// restored after a reload too. For [`RefusedMutationsOptions::resending_with`]
/// ([`RefusedMutationsOptions::through`] uses it).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{
///     keys, resend_through, use_optimistic_mutation, use_refused_mutations, FetchError,
///     MutationFilter, MutationOptions, RefusedMutationsOptions,
/// };
///
/// #[component]
/// fn Likes() -> Html {
///     let like = use_optimistic_mutation(
///         MutationOptions::new(|liked: bool, _| async move { Ok::<_, FetchError>(liked) })
///             .key(keys!["like"]),
///     );
///     let refused = use_refused_mutations(RefusedMutationsOptions::resending_with(
///         MutationFilter::key(keys!["like"]),
///         resend_through(&like),
///     ));
///     html! { { refused.changes().len() } }
/// }
/// # let _ = html! { <Likes /> };
/// ```
pub fn resend_through<V, D, E, C>(
    mutation: &UseMutationHandle<V, D, E, C>,
) -> Callback<RefusedMutation<V>>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    let mutation = mutation.clone();
    Callback::from(move |r: RefusedMutation<V>| {
        mutation.resend(r.variables, &r.idempotency_key, r.kind, r.id);
    })
}

/// Every call the server refused among those `options` names, read from the mutation
/// cache, with Retry and Dismiss: so with two overlapping calls of which the first is
/// refused and the second succeeds, the first still shows (the handle's `error` and
/// `variables` describe only its latest call). A call made by another component, or
/// restored from the offline queue after a reload and refused then, shows too. The
/// component re-renders only when the list changes. In the hooks-only build; the
/// `components` feature adds toasts (`feedback::use_refused_changes`).
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{
///     keys, use_optimistic_mutation, use_refused_mutations, FetchError, MutationOptions,
///     RefusedMutationsOptions,
/// };
///
/// #[component]
/// fn AddTodo() -> Html {
///     let add = use_optimistic_mutation(
///         MutationOptions::new(|title: String, _| async move { Ok::<_, FetchError>(title) })
///             .key(keys!["todos", "add"]),
///     );
///     let refused = use_refused_mutations(RefusedMutationsOptions::through(keys!["todos", "add"], &add));
///     html! {
///         <ul>
///             { for refused.changes().iter().map(|r| {
///                 let (retry, dismiss, id) = (refused.clone(), refused.clone(), r.id);
///                 html! {
///                     <li role="alert">
///                         { format!("“{}” was not added: {}", r.variables, r.message) }
///                         <button onclick={move |_| { retry.retry(id, []); }}>{ "Retry" }</button>
///                         <button onclick={move |_| dismiss.dismiss([id])}>{ "Dismiss" }</button>
///                     </li>
///                 }
///             }) }
///         </ul>
///     }
/// }
/// # let _ = html! { <AddTodo /> };
/// ```
#[hook]
pub fn use_refused_mutations<V>(options: RefusedMutationsOptions<V>) -> RefusedMutations<V>
where
    V: Clone + PartialEq + 'static,
{
    let client = use_query_client();
    let keep = options.keep;
    let changes: Vec<RefusedMutation<V>> =
        use_mutation_state(options.filter.status(MutationStatus::Error), move |m| {
            // A call replaced by a newer one in its scope, or cancelled, was not refused.
            let error = m.error.as_ref().filter(|e| e.kind != ErrorKind::Aborted)?;
            let variables = m.variables::<V>()?;
            if !keep.as_ref().is_none_or(|keep| keep(m, variables)) {
                return None;
            }
            Some(RefusedMutation {
                id: m.id,
                variables: variables.clone(),
                message: error.message.clone(),
                kind: error.kind,
                idempotency_key: m.idempotency_key.clone(),
            })
        })
        .into_iter()
        .flatten()
        .collect();
    RefusedMutations {
        changes: Rc::new(changes),
        client,
        resend: options.resend,
    }
}
