//! The page's feedback, each in a component of its own so that what it watches renders
//! it alone, never the list or the board: how many changes are on their way, and the
//! changes the server refused (already rolled back), with Retry and Dismiss.

use yew::prelude::*;
use yew_optimistic::{
    use_is_mutating, use_refused_mutations, MutationFilter, QueryKey, QueryStatus,
    RefusedMutationsOptions,
};

/// Props of [`Pending`].
#[derive(Properties, PartialEq)]
pub struct PendingProps {
    /// The mutation's key.
    pub mutation: QueryKey,
}

/// "N changes on their way" while the server has not answered them.
#[component]
pub fn Pending(props: &PendingProps) -> Html {
    let pending = use_is_mutating(MutationFilter::key(props.mutation.clone()));
    html! {
        <p class="muted pending-count" role="status" data-testid="pending" data-count={pending.to_string()}>
            { match pending {
                0 => "Every change is saved.".to_owned(),
                1 => "1 change on its way (shown already).".to_owned(),
                n => format!("{n} changes on their way (shown already)."),
            } }
        </p>
    }
}

/// Props of [`Refusals`].
#[derive(Properties)]
pub struct RefusalsProps<V: PartialEq> {
    /// The mutation's key.
    pub mutation: QueryKey,
    /// Sends a change again (the action's `mutate_callback`).
    pub resend: Callback<V>,
    /// A change in words.
    pub describe: fn(&V) -> String,
}

/// `describe` is left out: a function's address says nothing (the same function may
/// have two), and the page passes the same one every render.
impl<V: PartialEq> PartialEq for RefusalsProps<V> {
    fn eq(&self, other: &Self) -> bool {
        self.mutation == other.mutation && self.resend == other.resend
    }
}

/// Every change the server refused, newest last: the row or card is back as it was.
#[component]
pub fn Refusals<V>(props: &RefusalsProps<V>) -> Html
where
    V: Clone + PartialEq + 'static,
{
    let refused = use_refused_mutations(RefusedMutationsOptions::new(
        MutationFilter::key(props.mutation.clone()),
        props.resend.clone(),
    ));
    if refused.changes().is_empty() {
        return html! {};
    }
    html! {
        <div class="failures">
            { for refused.changes().iter().rev().take(3).map(|r| {
                let retry = {
                    let (refused, id) = (refused.clone(), r.id);
                    Callback::from(move |_: MouseEvent| { refused.retry(id, []); })
                };
                let dismiss = {
                    let (refused, id) = (refused.clone(), r.id);
                    Callback::from(move |_: MouseEvent| refused.dismiss([id]))
                };
                html! {
                    <p role="alert" class="error" data-testid="refused" key={r.id.0.to_string()}>
                        { format!("Not saved, undone: {} ({}) ", (props.describe)(&r.variables), r.message) }
                        <button type="button" onclick={retry}>{ "Retry" }</button>
                        { " " }
                        <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                    </p>
                }
            }) }
        </div>
    }
}

/// The head of the keyed list or board: its title, what its collection's load says
/// (`noun`: "rows", "cards"), and how often it rendered (`data-testid`s `status_id` and
/// `renders_id`, so the tests tell the two apart).
pub fn collection_head(
    title: &str,
    noun: &str,
    loaded: (&QueryStatus, Option<String>, usize),
    ids: (&'static str, &'static str),
    renders: u32,
) -> Html {
    let (status_id, renders_id) = ids;
    let status = match loaded {
        (QueryStatus::Pending, _, _) => format!("Loading the {noun}…"),
        (QueryStatus::Error, Some(e), _) => format!("Could not load the {noun}: {e}"),
        (_, _, n) => format!("{n} {noun}"),
    };
    let what = if renders_id == "board-renders" {
        "board"
    } else {
        "list"
    };
    html! {
        <header class="todo-head">
            <h3>{ title.to_owned() }</h3>
            <span class="muted" data-testid={status_id}>{ status }</span>
            <span class="render-count" data-testid={renders_id} data-renders={renders.to_string()}>
                { format!("{what} renders: {renders}") }
            </span>
        </header>
    }
}
