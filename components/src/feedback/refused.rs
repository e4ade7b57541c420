//! `use_refused_changes`: the changes the server refused (the hooks-only
//! [`use_refused_mutations`](crate::use_refused_mutations)), announced once in the nearest
//! toast region.

use crate::feedback::{use_toasts, ToastKind};
use crate::hooks::{use_refused_mutations, RefusedMutations, RefusedMutationsOptions};
use optimistic_query::{MutationFilter, MutationId, MutationInfo, MutationOptions, RetryPolicy};
use std::rc::Rc;
use yew::prelude::*;

/// A change the server refused: [`RefusedMutation`](crate::RefusedMutation) under the
/// name the components use.
pub use crate::hooks::RefusedMutation as RefusedChange;

/// What a component's Retry does with a refused call of its own mutation (the
/// hooks-only [`resend_through`](crate::resend_through), under the components' path).
pub use crate::hooks::resend_through;

type Describe<V> = Rc<dyn Fn(&RefusedChange<V>) -> String>;
/// What [`use_refused_changes`] reads, and what it does with what it finds.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, MutationFilter};
/// use yew_optimistic::feedback::RefusedChangesOptions;
///
/// let resend: Callback<String> = Callback::noop();
/// let options = RefusedChangesOptions::new(MutationFilter::key(keys!["todos", "add"]), resend)
///     .keep(|info, _title: &String| info.scope.is_none())
///     .toast(|refused| format!("Couldn't add “{}”: {}", refused.variables, refused.message));
/// # let _ = options;
/// ```
pub struct RefusedChangesOptions<V> {
    read: RefusedMutationsOptions<V>,
    describe: Option<Describe<V>>,
}

impl<V: 'static> RefusedChangesOptions<V> {
    /// Refused calls the filter matches (its key, maybe a scope); `resend` sends a
    /// change again (usually the component's `mutate`) when the user presses Retry.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::RefusedChangesOptions;
    /// let _ = RefusedChangesOptions::new(MutationFilter::key(keys!["likes"]), Callback::<bool>::noop());
    /// ```
    pub fn new(filter: MutationFilter, resend: Callback<V>) -> Self {
        Self::resending_with(filter, resend.reform(|c: RefusedChange<V>| c.variables))
    }

    /// As [`new`](Self::new), with a `resend` that sees the whole refused call (its
    /// idempotency key above all), for a component that can resend the very same call.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::{RefusedChange, RefusedChangesOptions};
    /// let resend = Callback::from(|c: RefusedChange<bool>| println!("again, key {}", c.idempotency_key));
    /// let _ = RefusedChangesOptions::resending_with(MutationFilter::key(keys!["likes"]), resend);
    /// ```
    pub fn resending_with(filter: MutationFilter, resend: Callback<RefusedChange<V>>) -> Self {
        RefusedChangesOptions {
            read: RefusedMutationsOptions::resending_with(filter, resend),
            describe: None,
        }
    }

    /// Keeps only the refused calls `keep` accepts (those of one list, one board...).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::RefusedChangesOptions;
    /// let _ = RefusedChangesOptions::new(MutationFilter::key(keys!["list"]), Callback::<u32>::noop())
    ///     .keep(|info, _| info.scope.as_ref().is_some_and(|s| s.starts_with(&keys!["list", "groceries"])));
    /// ```
    pub fn keep(mut self, keep: impl Fn(&MutationInfo, &V) -> bool + 'static) -> Self {
        self.read = self.read.keep(keep);
        self
    }

    /// Announces each refused call once in the nearest
    /// [`ToastRegion`](super::ToastRegion), in these words; the toast goes when the call
    /// is retried or dismissed.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::RefusedChangesOptions;
    /// let _ = RefusedChangesOptions::new(MutationFilter::key(keys!["likes"]), Callback::<bool>::noop())
    ///     .toast(|r| format!("Couldn't save your like: {}", r.message));
    /// ```
    pub fn toast(mut self, describe: impl Fn(&RefusedChange<V>) -> String + 'static) -> Self {
        self.describe = Some(Rc::new(describe));
        self
    }
}

/// What [`use_refused_changes`] returns: the refused changes, oldest first, and what the
/// user can do about them.
pub struct RefusedChanges<V> {
    refused: RefusedMutations<V>,
    toasted: bool,
}

impl<V> Clone for RefusedChanges<V> {
    fn clone(&self) -> Self {
        RefusedChanges {
            refused: self.refused.clone(),
            toasted: self.toasted,
        }
    }
}

/// Equal when they show the same refused changes the same way, so the handle can be a
/// prop. (`resend` is left out: it is made anew each render, and any render's resend
/// sends through the same mutation.)
impl<V: PartialEq> PartialEq for RefusedChanges<V> {
    fn eq(&self, other: &Self) -> bool {
        self.refused == other.refused && self.toasted == other.toasted
    }
}

impl<V: Clone + 'static> RefusedChanges<V> {
    /// The refused changes, oldest first.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::{use_refused_changes, RefusedChangesOptions};
    /// #[component]
    /// fn Failed() -> Html {
    ///     let refused = use_refused_changes(RefusedChangesOptions::new(
    ///         MutationFilter::key(keys!["todos", "add"]), Callback::<String>::noop()));
    ///     html! { <ul>{ for refused.changes().iter().map(|r| html! { <li>{ &r.message }</li> }) }</ul> }
    /// }
    /// # let _ = html! { <Failed /> };
    /// ```
    pub fn changes(&self) -> &[RefusedChange<V>] {
        self.refused.changes()
    }

    /// Whether a toast region announces them. Then an inline message must not be a live
    /// region too: one event, one announcement.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::{use_refused_changes, RefusedChangesOptions};
    /// #[component]
    /// fn Note() -> Html {
    ///     let refused = use_refused_changes(RefusedChangesOptions::new(
    ///         MutationFilter::key(keys!["todos"]), Callback::<String>::noop()));
    ///     let role = (!refused.announced_by_toasts()).then_some("alert");
    ///     html! { <p {role}>{ refused.changes().len() }</p> }
    /// }
    /// # let _ = html! { <Note /> };
    /// ```
    pub fn announced_by_toasts(&self) -> bool {
        self.toasted
    }

    /// Drops refused calls from the mutation cache (the user dismissed them, or a new
    /// change made them moot). Calls that are not refused are left alone.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::{use_refused_changes, RefusedChangesOptions};
    /// #[component]
    /// fn ClearAll() -> Html {
    ///     let refused = use_refused_changes(RefusedChangesOptions::new(
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
        self.refused.dismiss(ids);
    }

    /// Sends refused call `id` again and drops it (and the others in `moot`, made moot by
    /// the retry) from the mutation cache; `false` if `id` is not a refused call shown.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{keys, MutationFilter};
    /// # use yew_optimistic::feedback::{use_refused_changes, RefusedChangesOptions};
    /// #[component]
    /// fn RetryFirst() -> Html {
    ///     let refused = use_refused_changes(RefusedChangesOptions::new(
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
        self.refused.retry(id, moot)
    }
}

/// A component's mutation with its `retry` prop applied (`None`: the client's default).
pub(crate) fn with_retry<V, D, E, C>(
    options: MutationOptions<V, D, E, C>,
    retry: Option<RetryPolicy>,
) -> MutationOptions<V, D, E, C> {
    match retry {
        Some(policy) => options.retry(policy),
        None => options,
    }
}

/// The effect that tells each refused call once, given the ids it is keyed by.
type TellRefused = Box<dyn FnOnce(&Vec<MutationId>)>;

/// The changes the server refused among the calls `options` names, read from the
/// mutation cache, so a call made by another component, or restored from the offline
/// queue after a reload and refused then, shows too. Each is announced once in the
/// nearest [`ToastRegion`](super::ToastRegion) (when `options` has words for it);
/// [`RefusedChanges::announced_by_toasts`] tells an inline message whether to be a live
/// region itself. The component re-renders only when the list changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{keys, use_optimistic_mutation, FetchError, MutationFilter, MutationOptions};
/// use yew_optimistic::feedback::{use_refused_changes, RefusedChangesOptions};
///
/// #[component]
/// fn AddTodo() -> Html {
///     let add = use_optimistic_mutation(
///         MutationOptions::new(|title: String, _| async move { Ok::<_, FetchError>(title) })
///             .key(keys!["todos", "add"]),
///     );
///     let refused = use_refused_changes(
///         RefusedChangesOptions::new(MutationFilter::key(keys!["todos", "add"]), add.mutate_callback())
///             .toast(|r| format!("Couldn't add “{}”: {}", r.variables, r.message)),
///     );
///     let role = (!refused.announced_by_toasts()).then_some("alert");
///     html! {
///         <ul>
///             { for refused.changes().iter().map(|r| {
///                 let (retry, dismiss, id) = (refused.clone(), refused.clone(), r.id);
///                 html! {
///                     <li role={role}>
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
pub fn use_refused_changes<V>(options: RefusedChangesOptions<V>) -> RefusedChanges<V>
where
    V: Clone + PartialEq + 'static,
{
    let toasts = use_toasts();
    let describe = options.describe;
    let refused = use_refused_mutations(options.read);
    let toasted = toasts.is_some() && describe.is_some();
    {
        // Each refused call is told once (the region ignores a key it already showed, so
        // two buttons of one post make one toast); its toast goes when it does.
        // A vector: a few calls at a time, and no map type of its own in every app.
        let shown = use_mut_ref(Vec::<(MutationId, String)>::new);
        // Keyed by the calls' ids (only a call coming or going changes what is told),
        // and boxed: every change type shares one compiled copy of Yew's effect code.
        let changes = refused.changes().to_vec();
        let ids: Vec<MutationId> = changes.iter().map(|c| c.id).collect();
        let tell: TellRefused = Box::new(move |_| {
            let (Some(toasts), Some(describe)) = (toasts, describe) else {
                return;
            };
            let mut shown = shown.borrow_mut();
            shown.retain(|(id, key)| {
                let still = changes.iter().any(|c| c.id == *id);
                if !still {
                    toasts.dismiss_key(key);
                }
                still
            });
            for change in &changes {
                if !shown.iter().any(|(id, _)| *id == change.id) {
                    let key = format!("refused/{}", change.idempotency_key);
                    toasts.push_keyed(&key, ToastKind::Error, describe(change));
                    shown.push((change.id, key));
                }
            }
        });
        use_effect_with(ids, tell);
    }
    RefusedChanges { refused, toasted }
}
