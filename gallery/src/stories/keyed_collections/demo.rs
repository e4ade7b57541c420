//! A 10,000-row list on a keyed collection, written with the hooks: `use_collection`
//! for the list (it renders when the set of ids changes), `use_row` for each row (it
//! renders when that row changes), `use_optimistic_action` for the changes (a patch of
//! one row through `patches.collection(...)`, and no render of the list that holds it).
//! Each row shows how many times it rendered; the list too.

use yew::prelude::*;
use yew_optimistic::use_virtual_rows;
use yew_optimistic::{
    use_collection, use_optimistic_action, use_row, CollectionObserver, OptimisticAction,
    QueryStatus,
};

use super::collection_server::{RowChange, SimCollections, Todo};
use super::feedback::{collection_top, Shown};
use super::meter::{use_meter, use_renders};
use super::one_row::KeyedRows;

/// The list's rows, changed one at a time by [`RowChange`]s.
pub const ROWS: KeyedRows<RowChange> = KeyedRows::new("rows", Shown::List);

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
    /// Only the rows in view are in the page ([`use_virtual_rows`]).
    #[prop_or_default]
    pub windowed: bool,
}

/// The height of a row when the list is windowed, in pixels (CSS `.keyed-row`).
const ROW_PX: f64 = 32.0;

/// The list: renders when ids come or go, not when a row changes.
#[component]
pub fn KeyedList(props: &KeyedListProps) -> Html {
    let renders = use_renders(|t| &mut t.lists);
    let rows = {
        let api = props.api.clone();
        use_collection(ROWS.options(move |ctx| api.rows(ctx.signal.clone())))
    };
    let change = {
        let api = props.api.clone();
        use_optimistic_action(ROWS.change_options(move |c, ctx| api.change_row(c, ctx)))
    };
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
                            />
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
    let top = collection_top(&ROWS, &rows, change.mutate_callback(), renders);
    html! {
        <div class="todo-list keyed-list" aria-busy={(rows.status == QueryStatus::Pending).to_string()}>
            { top }
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
}

/// One row: renders when this row changes.
#[component]
pub fn Row(props: &RowProps) -> Html {
    let renders = use_renders(|t| &mut t.rows);
    let meter = use_meter();
    let Some(todo) = use_row(&props.rows, props.id) else {
        return html! {};
    };
    let id = props.id;
    let toggle = {
        let (action, meter, done) = (props.action.clone(), meter.clone(), todo.done);
        Callback::from(move |_: MouseEvent| {
            meter.start(format!("toggle row {id}"));
            action.mutate(RowChange::Toggle { id, done: !done });
        })
    };
    let rename = {
        let (action, meter) = (props.action.clone(), meter.clone());
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
            data-done={todo.done.to_string()} data-renders={renders.to_string()}>
            <button type="button" class="tick" aria-pressed={todo.done.to_string()}
                aria-label={format!("Done: {}", todo.title)} data-testid="toggle" onclick={toggle}>
                { if todo.done { "☑" } else { "☐" } }
            </button>
            <span class={classes!("title", todo.done.then_some("done"))}>{ todo.title.clone() }</span>
            <button type="button" class="icon" aria-label={format!("Rename {}", todo.title)}
                data-testid="rename" onclick={rename}>{ "✎" }</button>
            <span class="render-count" data-testid="row-renders" title="renders of this row">
                { renders }
            </span>
        </li>
    }
}
