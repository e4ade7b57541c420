//! `use_optimistic_mutation`: change server data, showing the change at once.

use crate::hooks::use_optimistic_action::{use_mutation_observer, OptimisticAction};
use optimistic_query::{ErrorKind, FetchError, MutationId, MutationOptions, MutationState};
use std::fmt;
use std::future::Future;
use std::ops::Deref;
use yew::prelude::*;

/// What [`use_optimistic_mutation`] returns: the latest call's state (through `Deref`:
/// `status`, `variables`, `error`, `failure_count`, `submitted_at`, `is_pending()`, ...)
/// and the functions to call it.
///
/// `error`, `variables`, [`retry`](Self::retry) and [`reset`](Self::reset) are about the
/// **latest** call only (as TanStack's `useMutation`): with two overlapping calls, the
/// first refused and the second saved, they show nothing of the refusal. To show every
/// refused call, with Retry and Dismiss, use
/// [`use_refused_mutations`](crate::use_refused_mutations).
pub struct UseMutationHandle<V, D, E = String, C = ()> {
    /// The calls, shared with [`action`](Self::action).
    action: OptimisticAction<V, D, E, C>,
    /// The latest call's state, as this render read it.
    state: MutationState<V, D, E>,
}

impl<V: Clone, D: Clone, E: Clone, C> Clone for UseMutationHandle<V, D, E, C> {
    fn clone(&self) -> Self {
        UseMutationHandle {
            action: self.action.clone(),
            state: self.state.clone(),
        }
    }
}

/// Two handles are equal when they drive the same mutation and show the same state, so
/// a handle can be passed as a prop.
impl<V: PartialEq, D: PartialEq, E: PartialEq, C> PartialEq for UseMutationHandle<V, D, E, C> {
    fn eq(&self, other: &Self) -> bool {
        self.action == other.action && self.state == other.state
    }
}

impl<V: fmt::Debug, D: fmt::Debug, E: fmt::Debug, C> fmt::Debug for UseMutationHandle<V, D, E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.state.fmt(f)
    }
}

impl<V, D, E, C> Deref for UseMutationHandle<V, D, E, C> {
    type Target = MutationState<V, D, E>;
    fn deref(&self) -> &Self::Target {
        &self.state
    }
}

impl<V, D, E, C> UseMutationHandle<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    /// Calls the mutation. Its optimistic change is in the cache when this returns, so the
    /// frame that handles the click already shows it.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Like() -> Html {
    ///     let like = use_optimistic_mutation(MutationOptions::new(|on: bool, _| async move { Ok::<_, FetchError>(on) }));
    ///     let onclick = { let like = like.clone(); Callback::from(move |_| { like.mutate(true); }) };
    ///     html! { <button {onclick}>{ "♥" }</button> }
    /// }
    /// # let _ = html! { <Like /> };
    /// ```
    pub fn mutate(&self, variables: V) -> MutationId {
        self.action.mutate(variables)
    }

    /// Calls the mutation with callbacks of this call (TanStack's `mutate(vars, { onSuccess,
    /// onError, onSettled })`): they run after the options' callbacks, only for the
    /// component's **latest** call (a call made before the previous one settled replaces
    /// its callbacks), and not at all once the component has unmounted (the call itself
    /// still goes on). See [`MutateCallbacks`](crate::MutateCallbacks).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, MutateCallbacks, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Rename() -> Html {
    ///     let editing = use_state(|| true);
    ///     let rename = use_optimistic_mutation(MutationOptions::new(|title: String, _| async move { Ok::<_, FetchError>(title) }));
    ///     let onclick = {
    ///         let (rename, editing) = (rename.clone(), editing.clone());
    ///         Callback::from(move |_| {
    ///             let editing = editing.clone();
    ///             // Close the editor only when this save went through.
    ///             rename.mutate_with("New title".to_string(), MutateCallbacks::new().on_success(move |_, _| editing.set(false)));
    ///         })
    ///     };
    ///     html! { <button {onclick} disabled={!*editing}>{ "Save" }</button> }
    /// }
    /// # let _ = html! { <Rename /> };
    /// ```
    pub fn mutate_with(
        &self,
        variables: V,
        callbacks: optimistic_query::MutateCallbacks<V, D, E>,
    ) -> MutationId {
        self.action.mutate_with(variables, callbacks)
    }

    /// Calls the mutation and returns a future of its outcome (TanStack's `mutateAsync`).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Save() -> Html {
    ///     let save = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = {
    ///         let save = save.clone();
    ///         Callback::from(move |_| {
    ///             let done = save.mutate_async(1);
    ///             wasm_bindgen_futures::spawn_local(async move { let _ = done.await; });
    ///         })
    ///     };
    ///     html! { <button {onclick}>{ "save" }</button> }
    /// }
    /// # let _ = html! { <Save /> };
    /// ```
    pub fn mutate_async(
        &self,
        variables: V,
    ) -> impl Future<Output = Result<D, FetchError<E>>> + 'static {
        self.action.mutate_async(variables)
    }

    /// `mutate` as a callback.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Like() -> Html {
    ///     let like = use_optimistic_mutation(MutationOptions::new(|on: bool, _| async move { Ok::<_, FetchError>(on) }));
    ///     html! { <button onclick={like.mutate_callback().reform(|_| true)}>{ "♥" }</button> }
    /// }
    /// # let _ = html! { <Like /> };
    /// ```
    pub fn mutate_callback(&self) -> Callback<V> {
        self.action.mutate_callback()
    }

    /// Forgets the latest call (TanStack's `reset`): the state is idle again. A call still
    /// running goes on.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Dismiss() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = { let m = m.clone(); Callback::from(move |_| m.reset()) };
    ///     html! { <button {onclick}>{ "dismiss" }</button> }
    /// }
    /// # let _ = html! { <Dismiss /> };
    /// ```
    pub fn reset(&self) {
        self.action.observer().reset();
    }

    /// Calls the mutation again with the variables of the failed latest call; `None` when
    /// the latest call did not fail (an earlier call's failure is
    /// [`use_refused_mutations`](crate::use_refused_mutations)'s to retry).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn RetryButton() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = { let m = m.clone(); Callback::from(move |_| { m.retry(); }) };
    ///     html! { <button {onclick} disabled={!m.is_error()}>{ "Retry" }</button> }
    /// }
    /// # let _ = html! { <RetryButton /> };
    /// ```
    pub fn retry(&self) -> Option<MutationId> {
        self.action.observer().retry()
    }

    /// Sends the latest call again now, under its idempotency key, when it waits for the
    /// server after an unknown outcome or is held ("not saved yet"); `false` otherwise.
    /// See `MutationObserver::retry_now`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn RetryNow() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let held = m.state().is_held();
    ///     let onclick = Callback::from(move |_| { m.retry_now(); });
    ///     html! { <button {onclick} hidden={!held}>{ "Retry now" }</button> }
    /// }
    /// # let _ = html! { <RetryNow /> };
    /// ```
    pub fn retry_now(&self) -> bool {
        self.action.observer().retry_now()
    }

    /// Gives up the latest call when it waits for the server or is held: its change is
    /// rolled back and the data it touched fetched again (it may be on the server);
    /// `false` otherwise. See `MutationObserver::discard`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Discard() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = Callback::from(move |_| { m.discard(); });
    ///     html! { <button {onclick}>{ "Discard" }</button> }
    /// }
    /// # let _ = html! { <Discard /> };
    /// ```
    pub fn discard(&self) -> bool {
        self.action.observer().discard()
    }

    /// Sends another failed call of this mutation again (a refused change read from the
    /// mutation cache): under its idempotency key when the failure may have reached the
    /// server, else under a new one. See `MutationObserver::resend`.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, ErrorKind, MutationId, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn ResendButton() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     let onclick = Callback::from(move |_| { m.resend(7, "key-1", ErrorKind::Timeout, MutationId(1)); });
    ///     html! { <button {onclick}>{ "Send again" }</button> }
    /// }
    /// # let _ = html! { <ResendButton /> };
    /// ```
    pub fn resend(
        &self,
        variables: V,
        idempotency_key: &str,
        failure: ErrorKind,
        of: MutationId,
    ) -> MutationId {
        self.action.resend(variables, idempotency_key, failure, of)
    }

    /// The calls without the state: the same [`OptimisticAction`] on every render, so a
    /// row component given it does not render when this call's state changes (the handle
    /// itself compares its state too).
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, OptimisticAction, optimistic_query::{FetchError, MutationOptions}};
    /// #[derive(Properties, PartialEq)]
    /// struct RowProps { id: u32, toggle: OptimisticAction<u32, u32> }
    ///
    /// #[component]
    /// fn Row(props: &RowProps) -> Html {
    ///     html! { <button onclick={props.toggle.mutate_callback().reform({ let id = props.id; move |_| id })}>{ props.id }</button> }
    /// }
    ///
    /// #[component]
    /// fn Rows() -> Html {
    ///     let toggle = use_optimistic_mutation(MutationOptions::new(|id: u32, _| async move { Ok::<_, FetchError>(id) }));
    ///     html! {
    ///         <>
    ///             if toggle.is_error() { <p role="alert">{ "Not saved" }</p> }
    ///             { for (1..=3).map(|id| html! { <Row key={id} {id} toggle={toggle.action().clone()} /> }) }
    ///         </>
    ///     }
    /// }
    /// # let _ = html! { <Rows /> };
    /// ```
    pub fn action(&self) -> &OptimisticAction<V, D, E, C> {
        &self.action
    }

    /// The state without the handle.
    ///
    /// ```
    /// # use yew::prelude::*;
    /// # use yew_optimistic::{use_optimistic_mutation, optimistic_query::{FetchError, MutationOptions}};
    /// #[component]
    /// fn Status() -> Html {
    ///     let m = use_optimistic_mutation(MutationOptions::new(|n: u32, _| async move { Ok::<_, FetchError>(n) }));
    ///     html! { { format!("{:?}", m.state().status) } }
    /// }
    /// # let _ = html! { <Status /> };
    /// ```
    pub fn state(&self) -> MutationState<V, D, E> {
        self.state.clone()
    }
}

/// Changes server data optimistically, as TanStack's `useMutation` plus declarative
/// layers: `optimistic` patches show at once; a failure removes only this call's patches
/// (other pending edits stay); success swaps patch for server answer in one render;
/// `invalidates` refetches once related work has settled; `scope` serialises calls on one
/// entity. The component re-renders when the latest call's state changes.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::{use_optimistic_mutation, optimistic_query::{keys, FetchError, MutationOptions, ScopePolicy}};
///
/// #[component]
/// fn LikeButton() -> Html {
///     let like = use_optimistic_mutation(
///         MutationOptions::new(|liked: bool, _ctx| async move { Ok::<_, FetchError>(liked) })
///             .optimistic(|liked: &bool, patches| { patches.set(keys!["post", 1, "liked"], *liked); })
///             .scope(|_| keys!["post", 1], ScopePolicy::LatestWins)
///             .invalidates(keys!["post", 1]),
///     );
///     let onclick = { let like = like.clone(); Callback::from(move |_| { like.mutate(true); }) };
///     html! {
///         <button {onclick} aria-busy={like.is_pending().to_string()}>
///             { if like.is_error() { "Could not like: retry?" } else { "Like" } }
///         </button>
///     }
/// }
/// # let _ = html! { <LikeButton /> };
/// ```
#[hook]
pub fn use_optimistic_mutation<V, D, E, C>(
    options: MutationOptions<V, D, E, C>,
) -> UseMutationHandle<V, D, E, C>
where
    V: Clone + 'static,
    D: Clone + 'static,
    E: Clone + fmt::Display + 'static,
    C: 'static,
{
    let action = use_mutation_observer(options, true);
    let state = action.observer().state();
    UseMutationHandle { action, state }
}
