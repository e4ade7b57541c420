//! Browser benchmark contender **yew-hooks `use_async`**: what most Yew apps do today. No
//! optimism: a click sends the change, the controls are disabled while it is on its way,
//! and the data is reloaded once the server has it (`use_async` per request, `run()` to
//! reload), so the change shows when the server's data does.

use bench_common::data::{new_row_id, next_column, Card, ListChange, MoveCard, RowAction, COLUMNS};
use bench_common::markup::{
    board_frame, column_frame, count_container, like_frame, list_frame, CardView, LikeView, RowView,
};
use bench_common::page::{self, Contender, Mount};
use bench_common::server::{self, ServerError};
use std::rc::Rc;
use yew::prelude::*;
use yew_hooks::{use_async, use_async_with_options, UseAsyncOptions};

fn main() {
    page::start(
        Contender {
            name: "use-async",
            optimistic: false,
            concurrent: false,
        },
        |mount| match mount {
            Mount::List { list, .. } => html! { <ListApp list={AttrValue::from(list.clone())} /> },
            Mount::Board => html! { <BoardApp /> },
            Mount::Likes => html! { <LikeApp /> },
        },
    );
}

fn nothing_to_send() -> ServerError {
    ServerError::Refused("nothing to send".into())
}

#[derive(Properties, PartialEq)]
struct ListProps {
    list: AttrValue,
}

#[function_component]
fn ListApp(props: &ListProps) -> Html {
    count_container();
    let name = props.list.to_string();
    let rows = {
        let name = name.clone();
        use_async_with_options(
            async move { server::fetch_list(&name).await.map(Rc::new) },
            UseAsyncOptions::enable_auto(),
        )
    };
    // What the next run of `change` sends (use_async's future takes no arguments).
    let next = use_mut_ref(|| None::<ListChange>);
    let change = {
        let (rows, next, name) = (rows.clone(), next.clone(), name.clone());
        use_async(async move {
            let change = next.borrow_mut().take().ok_or_else(nothing_to_send)?;
            let row = server::change_list(&name, &change).await?;
            rows.run();
            Ok::<_, ServerError>(row)
        })
    };
    let on_action = {
        let (next, change) = (next.clone(), change.clone());
        use_callback((), move |action: RowAction, _| {
            *next.borrow_mut() = Some(action.into());
            change.run();
        })
    };
    let on_add = {
        let change = change.clone();
        use_callback((), move |_: MouseEvent, _| {
            let id = new_row_id();
            *next.borrow_mut() = Some(ListChange::Add {
                id,
                title: format!("New row {id}").into(),
            });
            change.run();
        })
    };
    let on_refetch = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| rows.run())
    };
    let busy = rows.loading || change.loading;
    let items: Html = rows
        .data
        .iter()
        .flat_map(|rows| rows.iter())
        .map(|row| html! { <RowView key={row.id} row={row.clone()} on_action={on_action.clone()} /> })
        .collect();
    list_frame(&name, busy, busy, on_refetch, on_add, items)
}

#[function_component]
fn BoardApp() -> Html {
    count_container();
    let board = use_async_with_options(
        async {
            let columns = server::fetch_board().await?;
            Ok::<_, ServerError>(Rc::new(
                columns.into_iter().map(Rc::new).collect::<Vec<_>>(),
            ))
        },
        UseAsyncOptions::enable_auto(),
    );
    let next = use_mut_ref(|| None::<MoveCard>);
    let mover = {
        let (board, next) = (board.clone(), next.clone());
        use_async(async move {
            let m = next.borrow_mut().take().ok_or_else(nothing_to_send)?;
            let card = server::move_card(&m).await?;
            board.run();
            Ok::<_, ServerError>(card)
        })
    };
    let on_move = {
        let mover = mover.clone();
        use_callback((), move |(card, from): (Card, usize), _| {
            *next.borrow_mut() = Some(MoveCard {
                card,
                from,
                to: next_column(from),
            });
            mover.run();
        })
    };
    let busy = board.loading || mover.loading;
    let columns: Html = board
        .data
        .iter()
        .flat_map(|columns| columns.iter().take(COLUMNS).enumerate())
        .map(|(c, cards)| html! { <ColumnView key={c} column={c} cards={cards.clone()} on_move={on_move.clone()} /> })
        .collect();
    board_frame(busy, busy, columns)
}

#[derive(Properties, PartialEq)]
struct ColumnProps {
    column: usize,
    cards: Rc<Vec<Card>>,
    on_move: Callback<(Card, usize)>,
}

#[function_component]
fn ColumnView(props: &ColumnProps) -> Html {
    count_container();
    let column = props.column;
    let items: Html = props
        .cards
        .iter()
        .map(|card| html! { <CardView key={card.id} card={card.clone()} {column} on_move={props.on_move.clone()} /> })
        .collect();
    column_frame(column, props.cards.len(), items)
}

#[function_component]
fn LikeApp() -> Html {
    count_container();
    let likes = use_async_with_options(server::fetch_likes(), UseAsyncOptions::enable_auto());
    let next = use_mut_ref(|| None::<bool>);
    let set_liked = {
        let (likes, next) = (likes.clone(), next.clone());
        use_async(async move {
            let liked = next.borrow_mut().take().ok_or_else(nothing_to_send)?;
            let answer = server::set_liked(liked).await?;
            likes.run();
            Ok::<_, ServerError>(answer)
        })
    };
    let on_click = {
        let set_liked = set_liked.clone();
        use_callback((), move |liked: bool, _| {
            *next.borrow_mut() = Some(liked);
            set_liked.run();
        })
    };
    let busy = likes.loading || set_liked.loading;
    let button = match likes.data {
        Some(likes) => html! { <LikeView {likes} {on_click} /> },
        None => Html::default(),
    };
    like_frame(busy, busy, button)
}
