//! The markup every contender renders (`bench/react/src/markup.jsx` is the same in
//! React), and the render counters the driver reads.
//!
//! Rows, cards and the like button are components with `PartialEq` props, so a parent
//! that passes unchanged props (and stable callbacks) does not render them again: the
//! counters show how many a contender actually rendered.

use crate::data::{renamed, Card, Likes, Row, RowAction};
use std::cell::Cell;
use yew::prelude::*;

/// What the counters count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Renders {
    /// Renders of [`RowView`].
    pub rows: u64,
    /// Renders of [`CardView`].
    pub cards: u64,
    /// Renders of [`LikeView`].
    pub likes: u64,
    /// Renders of the components that hold a list, a column or a board (each contender
    /// calls [`count_container`] in them).
    pub containers: u64,
}

thread_local! {
    static RENDERS: Cell<Renders> = const { Cell::new(Renders { rows: 0, cards: 0, likes: 0, containers: 0 }) };
}

fn bump(f: impl FnOnce(&mut Renders)) {
    RENDERS.with(|r| {
        let mut now = r.get();
        f(&mut now);
        r.set(now);
    });
}

/// The counters now.
pub fn renders() -> Renders {
    RENDERS.with(Cell::get)
}

/// Counts one render of a list, column or board component.
pub fn count_container() {
    bump(|r| r.containers += 1);
}

/// Props of [`RowView`].
#[derive(Properties, PartialEq)]
pub struct RowProps {
    /// The row as it should show.
    pub row: Row,
    /// Told what the row's buttons ask for. Pass a stable callback, or every row renders
    /// whenever its parent does.
    pub on_action: Callback<RowAction>,
}

/// One row: a tick box, the title and a Rename button.
#[function_component]
pub fn RowView(props: &RowProps) -> Html {
    bump(|r| r.rows += 1);
    let Row { id, title, done } = props.row.clone();
    let toggle = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(RowAction::Toggle(id, !done)))
    };
    let rename = {
        let on_action = props.on_action.clone();
        let title = title.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(RowAction::Rename(id, renamed(&title))))
    };
    html! {
        <li class="row" data-id={id.to_string()} data-done={if done { "true" } else { "false" }}>
            <button class="toggle" aria-pressed={if done { "true" } else { "false" }} onclick={toggle}>
                { if done { "☑" } else { "☐" } }
            </button>
            <span class="title">{ AttrValue::Rc(title) }</span>
            <button class="rename" onclick={rename}>{ "Rename" }</button>
        </li>
    }
}

/// The status line: whether anything is still on its way to or from the server.
pub fn status(busy: bool) -> Html {
    html! {
        <output class="status" data-busy={if busy { "true" } else { "false" }}>
            { if busy { "saving…" } else { "saved" } }
        </output>
    }
}

/// A list's frame: Refresh and Add buttons, the status line and the rows. `locked`
/// disables the buttons while a contender that waits for the server is busy (one
/// attribute on a fieldset, so no row renders for it).
pub fn list_frame(
    name: &str,
    busy: bool,
    locked: bool,
    on_refetch: Callback<MouseEvent>,
    on_add: Callback<MouseEvent>,
    rows: Html,
) -> Html {
    list_frame_with(name, locked, on_refetch, on_add, status(busy), rows)
}

/// [`list_frame`] with the status line given as `status` (the same markup as
/// [`status`]), for a contender that renders it in a component of its own so that a
/// change of the busy state does not render the list.
pub fn list_frame_with(
    name: &str,
    locked: bool,
    on_refetch: Callback<MouseEvent>,
    on_add: Callback<MouseEvent>,
    status: Html,
    rows: Html,
) -> Html {
    html! {
        <section class="list" data-list={name.to_string()}>
            <fieldset class="controls" disabled={locked}>
                { list_header(on_refetch, on_add, status) }
                <ul class="rows">{ rows }</ul>
            </fieldset>
        </section>
    }
}

/// A list's Refresh and Add buttons and its status line.
fn list_header(
    on_refetch: Callback<MouseEvent>,
    on_add: Callback<MouseEvent>,
    status: Html,
) -> Html {
    html! {
        <header>
            <button class="refetch" onclick={on_refetch}>{ "Refresh" }</button>
            <button class="add" onclick={on_add}>{ "Add" }</button>
            { status }
        </header>
    }
}

/// A windowed `<ul class={list_class}>` of `count` items (only `items`, those in view,
/// rendered) in a viewport `height_px` high that scrolls: its items (`.{item_class}`) are
/// [`WINDOWED_ROW_PX`] high, and `padding` (CSS) stands in for those not rendered. The
/// driver reads `data-rows` and `data-row-height`.
fn windowed_list(
    item_class: &str,
    list_class: &'static str,
    height_px: u32,
    viewport: NodeRef,
    padding: String,
    count: usize,
    items: Html,
) -> Html {
    let item_style = format!(
        ".viewport .{item_class} {{ height: {WINDOWED_ROW_PX}px; box-sizing: border-box; overflow: hidden; white-space: nowrap; }}"
    );
    html! {
        <>
            <style>{ item_style }</style>
            <div class="viewport" ref={viewport} style={format!("height: {height_px}px; overflow-y: auto")}>
                <ul class={list_class} style={padding} data-rows={count.to_string()}
                    data-row-height={WINDOWED_ROW_PX.to_string()}>{ items }</ul>
            </div>
        </>
    }
}

/// The height of a row in [`list_frame_windowed`], in pixels (the driver reads it from the
/// list's `data-row-height` to scroll a row into view).
pub const WINDOWED_ROW_PX: f64 = 24.0;

/// [`list_frame_with`] for a windowed list: the rows scroll in a viewport of their own
/// (`viewport`, 600 px high), rows are [`WINDOWED_ROW_PX`] high, and `padding` (CSS)
/// stands in for the rows not rendered. `total` is the number of rows in the list, which
/// the driver reads from `data-rows` as only the rendered ones are in the page.
#[allow(clippy::too_many_arguments)]
pub fn list_frame_windowed(
    name: &str,
    on_refetch: Callback<MouseEvent>,
    on_add: Callback<MouseEvent>,
    status: Html,
    rows: Html,
    viewport: NodeRef,
    padding: String,
    total: usize,
) -> Html {
    html! {
        <section class="list" data-list={name.to_string()}>
            <fieldset class="controls">
                { list_header(on_refetch, on_add, status) }
                { windowed_list("row", "rows", 600, viewport, padding, total, rows) }
            </fieldset>
        </section>
    }
}

/// Props of [`CardView`].
#[derive(Properties, PartialEq)]
pub struct CardProps {
    /// The card.
    pub card: Card,
    /// The column it shows in.
    pub column: usize,
    /// Told `(card, column)` when its move button is clicked. Pass a stable callback.
    pub on_move: Callback<(Card, usize)>,
}

/// One kanban card: its title and a button that moves it to the next column.
#[function_component]
pub fn CardView(props: &CardProps) -> Html {
    bump(|r| r.cards += 1);
    let onclick = {
        let (on_move, card, column) = (props.on_move.clone(), props.card.clone(), props.column);
        Callback::from(move |_: MouseEvent| on_move.emit((card.clone(), column)))
    };
    html! {
        <li class="card" data-id={props.card.id.to_string()} data-col={props.column.to_string()}>
            <span class="title">{ AttrValue::Rc(props.card.title.clone()) }</span>
            <button class="move" {onclick}>{ "→" }</button>
        </li>
    }
}

/// A kanban column's frame around its cards.
pub fn column_frame(column: usize, count: usize, cards: Html) -> Html {
    html! {
        <section class="column" data-col={column.to_string()}>
            <h2>{ format!("Column {} ({count})", column + 1) }</h2>
            <ul class="cards">{ cards }</ul>
        </section>
    }
}

/// [`column_frame`] for a windowed column: its cards scroll in a viewport of their own
/// (`viewport`, 400 px high), cards are [`WINDOWED_ROW_PX`] high, and `padding` (CSS)
/// stands in for the cards not rendered; `data-rows` says how many cards it has.
pub fn column_frame_windowed(
    column: usize,
    count: usize,
    cards: Html,
    viewport: NodeRef,
    padding: String,
) -> Html {
    html! {
        <section class="column" data-col={column.to_string()}>
            <h2>{ format!("Column {} ({count})", column + 1) }</h2>
            { windowed_list("card", "cards", 400, viewport, padding, count, cards) }
        </section>
    }
}

/// The board's frame around its columns, with the status line.
pub fn board_frame(busy: bool, locked: bool, columns: Html) -> Html {
    board_frame_with(locked, status(busy), columns)
}

/// [`board_frame`] with the status line given as `status` (see [`list_frame_with`]).
pub fn board_frame_with(locked: bool, status: Html, columns: Html) -> Html {
    html! {
        <section class="board">
            <fieldset class="controls" disabled={locked}>
                <header>{ status }</header>
                <div class="columns">{ columns }</div>
            </fieldset>
        </section>
    }
}

/// Props of [`LikeView`].
#[derive(Properties, PartialEq)]
pub struct LikeProps {
    /// What to show.
    pub likes: Likes,
    /// Told the state a click asks for (`!liked`).
    pub on_click: Callback<bool>,
}

/// The like button.
#[function_component]
pub fn LikeView(props: &LikeProps) -> Html {
    bump(|r| r.likes += 1);
    let Likes { liked, count } = props.likes;
    let onclick = {
        let on_click = props.on_click.clone();
        Callback::from(move |_: MouseEvent| on_click.emit(!liked))
    };
    html! {
        <button class="like" aria-pressed={if liked { "true" } else { "false" }} {onclick}>
            { if liked { "♥ " } else { "♡ " } }<span class="count">{ count }</span>
        </button>
    }
}

/// The like button's frame, with the status line.
pub fn like_frame(busy: bool, locked: bool, button: Html) -> Html {
    html! {
        <section class="likes">
            <fieldset class="controls" disabled={locked}>
                { button }
                { status(busy) }
            </fieldset>
        </section>
    }
}
