//! The page's feedback, each in a component of its own so that what it watches renders
//! it alone, never the list or the board: how many changes are on their way, and the
//! changes the server refused (already rolled back), with Retry and Dismiss; and the top
//! the list and the board share, which shows them.

use yew::prelude::*;
use yew_optimistic::{
    use_is_mutating, use_refused_mutations, MutationFilter, QueryKey, QueryStatus,
    RefusedMutationsOptions, UseCollectionHandle,
};

use super::meter::PaintFigure;
use super::one_row::{KeyedRows, OneRowChange};

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
#[derive(Properties, PartialEq)]
pub struct RefusalsProps<V: PartialEq> {
    /// The mutation's key.
    pub mutation: QueryKey,
    /// Sends a change again (the action's `mutate_callback`).
    pub resend: Callback<V>,
}

/// Every change the server refused, newest last: the row or card is back as it was.
#[component]
pub fn Refusals<V>(props: &RefusalsProps<V>) -> Html
where
    V: OneRowChange + PartialEq,
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
                        { format!("Not saved, undone: {} ({}) ", r.variables.describe(), r.message) }
                        <button type="button" onclick={retry}>{ "Retry" }</button>
                        { " " }
                        <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                    </p>
                }
            }) }
        </div>
    }
}

/// The list or the board, for what their tops say and the tests read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The 10,000-row list.
    List,
    /// The 2,000-card board.
    Board,
}

/// The top of the list or the board (`keyed`'s), above its rows or columns: its head
/// (what its collection's load says, and how often it rendered: `renders`), the last
/// click's time to paint, and its changes on their way and refused (with Retry, which
/// sends one again through `resend`).
pub fn collection_top<C>(
    keyed: &KeyedRows<C>,
    rows: &UseCollectionHandle<u32, C::Row>,
    resend: Callback<C>,
    renders: u32,
) -> Html
where
    C: OneRowChange + PartialEq,
{
    let noun = keyed.name();
    let (title, what) = match keyed.shown {
        Shown::List => ("Rows", "list"),
        Shown::Board => ("Board", "board"),
    };
    let status = match (&rows.status, &rows.error) {
        (QueryStatus::Pending, _) => format!("Loading the {noun}…"),
        (QueryStatus::Error, Some(e)) => format!("Could not load the {noun}: {e}"),
        _ => format!("{} {noun}", rows.keys.len()),
    };
    html! {
        <>
            <header class="todo-head">
                <h3>{ title }</h3>
                <span class="muted" data-testid={format!("{noun}-status")}>{ status }</span>
                <span class="render-count" data-testid={format!("{what}-renders")} data-renders={renders.to_string()}>
                    { format!("{what} renders: {renders}") }
                </span>
            </header>
            <PaintFigure board={keyed.shown == Shown::Board} />
            <Pending mutation={keyed.change_key()} />
            <Refusals<C> mutation={keyed.change_key()} {resend} />
        </>
    }
}
