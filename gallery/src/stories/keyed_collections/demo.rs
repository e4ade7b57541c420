//! A 10,000-row list on a keyed collection, written with the hooks: `use_collection`
//! for the list (it renders when the set of ids changes), `use_row` for each row (it
//! renders when that row changes), `use_optimistic_action` for the changes (a patch of
//! one row through `patches.collection(...)`, and no render of the list that holds it).
//! Each row shows how many times it rendered; the list too.

use yew::prelude::*;
use yew_optimistic::use_virtual_rows;
use yew_optimistic::{
    keys, use_collection, use_optimistic_action, use_row, Collection, CollectionObserver,
    MutationOptions, OptimisticAction, QueryKey, QueryOptions, QueryStatus, ScopePolicy, TypedKey,
};

use super::collection_server::{RowChange, SimCollections, Todo};
use super::feedback::{collection_head, Pending, Refusals};
use super::meter::{Meter, PaintFigure};

/// The list's rows, by id.
pub type Rows = Collection<u32, Todo>;

/// Where the rows live in the cache.
pub fn rows_key() -> TypedKey<Rows> {
    TypedKey::new(keys!["keyed", "rows"])
}

/// The change mutation's key (for its refused calls and the pending count).
pub fn row_change_key() -> QueryKey {
    keys!["keyed", "rows", "change"]
}

/// Every row, from the list endpoint, as a collection keyed by id. An equal refetch
/// changes no row, so it renders nothing.
pub fn rows_options(api: SimCollections) -> QueryOptions<Rows> {
    QueryOptions::typed(&rows_key(), move |ctx| {
        let rows = api.rows(ctx.signal.clone());
        async move { Ok(Collection::from_rows(rows.await?, |t: &Todo| t.id)) }
    })
    .stale_time(60_000)
}

/// One row changed: painted at once as a changeset of that row alone, one change per
/// row at a time, rolled back if the server refuses it. No `invalidates`: a success
/// folds the change into the confirmed rows, and 10,000 rows are not fetched again for
/// one tick.
pub fn row_change_options(api: SimCollections) -> MutationOptions<RowChange, ()> {
    MutationOptions::new(move |change: RowChange, ctx| api.change_row(change, ctx))
        .key(row_change_key())
        .optimistic(|change: &RowChange, patches| {
            let change = change.clone();
            patches
                .collection(rows_key())
                .update(change.id(), move |row| change.apply(row));
        })
        .scope(|c| keys!["keyed", "row", c.id()], ScopePolicy::Serial)
        .idempotent()
}

/// The title a rename gives: the bench's, " (renamed)" on and off.
fn renamed(title: &str) -> String {
    match title.strip_suffix(" (renamed)") {
        Some(plain) => plain.to_owned(),
        None => format!("{title} (renamed)"),
    }
}

/// Props of [`KeyedList`].
#[derive(Properties, PartialEq)]
pub struct KeyedListProps {
    /// The simulated API.
    pub api: SimCollections,
    /// Counts renders and times clicks.
    pub meter: Meter,
    /// Only the rows in view are in the page ([`use_virtual_rows`]).
    #[prop_or_default]
    pub windowed: bool,
}

/// The height of a row when the list is windowed, in pixels (CSS `.keyed-row`).
const ROW_PX: f64 = 32.0;

/// The list: renders when ids come or go, not when a row changes.
#[component]
pub fn KeyedList(props: &KeyedListProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    props.meter.count(|t| &mut t.lists);
    let rows = use_collection(rows_options(props.api.clone()));
    let change = use_optimistic_action(row_change_options(props.api.clone()));
    // Windowed, the page holds the rows in view (and a few around them): the browser then
    // lays out and paints a few dozen rows for a click, not 10,000.
    let window = use_virtual_rows(rows.keys.len(), ROW_PX, 10);
    let body = match rows.observer.clone() {
        Some(observer) => {
            let shown = if props.windowed {
                &rows.keys[window.range.clone()]
            } else {
                &rows.keys[..]
            };
            let list = html! {
                <ul class={classes!("todos", "keyed-rows", props.windowed.then_some("windowed"))}
                    data-testid="rows" aria-label="Rows" data-rows={rows.keys.len().to_string()}
                    style={props.windowed.then(|| window.padding_style())}>
                    { for shown.iter().map(|id| html! {
                        <Row key={*id} rows={observer.clone()} id={*id} action={change.clone()}
                            meter={props.meter.clone()} />
                    }) }
                </ul>
            };
            // The viewport scrolls; the list inside it is padded for the rows not
            // rendered (padding on the viewport itself would add to its height).
            if props.windowed {
                html! {
                    <div class="keyed-viewport" data-testid="rows-viewport" ref={window.viewport.clone()}>
                        { list }
                    </div>
                }
            } else {
                list
            }
        }
        None => html! {},
    };
    let loaded = (
        &rows.status,
        rows.error.as_ref().map(ToString::to_string),
        rows.keys.len(),
    );
    let head = collection_head(
        "Rows",
        "rows",
        loaded,
        ("rows-status", "list-renders"),
        *renders.borrow(),
    );
    html! {
        <div class="todo-list keyed-list" aria-busy={(rows.status == QueryStatus::Pending).to_string()}>
            { head }
            <PaintFigure meter={props.meter.clone()} board={false} />
            <Pending mutation={row_change_key()} />
            <Refusals<RowChange> mutation={row_change_key()} resend={change.mutate_callback()}
                describe={RowChange::describe as fn(&RowChange) -> String} />
            { body }
        </div>
    }
}

/// Props of [`Row`].
#[derive(Properties, PartialEq)]
pub struct RowProps {
    /// The collection the row is read from.
    pub rows: CollectionObserver<u32, Todo>,
    /// The row.
    pub id: u32,
    /// The change mutation (the same one every render: passing it renders nothing).
    pub action: OptimisticAction<RowChange, ()>,
    /// Counts renders and times clicks.
    pub meter: Meter,
}

/// One row: renders when this row changes.
#[component]
pub fn Row(props: &RowProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    props.meter.count(|t| &mut t.rows);
    let Some(todo) = use_row(&props.rows, props.id) else {
        return html! {};
    };
    let id = props.id;
    let toggle = {
        let (action, meter, done) = (props.action.clone(), props.meter.clone(), todo.done);
        Callback::from(move |_: MouseEvent| {
            meter.start(format!("toggle row {id}"));
            action.mutate(RowChange::Toggle { id, done: !done });
        })
    };
    let rename = {
        let (action, meter) = (props.action.clone(), props.meter.clone());
        let title = renamed(&todo.title);
        Callback::from(move |_: MouseEvent| {
            meter.start(format!("rename row {id}"));
            action.mutate(RowChange::Rename {
                id,
                title: title.clone(),
            });
        })
    };
    html! {
        <li class="todo keyed-row" data-testid="row" data-id={id.to_string()}
            data-done={todo.done.to_string()} data-renders={renders.borrow().to_string()}>
            <button type="button" class="tick" aria-pressed={todo.done.to_string()}
                aria-label={format!("Done: {}", todo.title)} data-testid="toggle" onclick={toggle}>
                { if todo.done { "☑" } else { "☐" } }
            </button>
            <span class={classes!("title", todo.done.then_some("done"))}>{ todo.title.clone() }</span>
            <button type="button" class="icon" aria-label={format!("Rename {}", todo.title)}
                data-testid="rename" onclick={rename}>{ "✎" }</button>
            <span class="render-count" data-testid="row-renders" title="renders of this row">
                { *renders.borrow() }
            </span>
        </li>
    }
}
