//! Browser benchmark contender **yew-collections**: the scenarios' apps written with the
//! library's keyed collections (issue 19) the way its docs teach them: the list is a
//! `Collection` read with `use_collection` (keys only), each row is a component that reads
//! its row with `use_row`, and changes go through `use_optimistic_action` as changesets
//! (`patches.collection(&key).update(..)` / `insert(..)`). Scope and invalidation are the
//! yew-optimistic contender's, so both make the same server calls and show the server's
//! state once confirmed. The board is one collection of cards with a live query per
//! column; the like button is the yew-optimistic contender's (not a collection case).

use bench_common::data::{next_column, Card, Likes, ListChange, MoveCard, Row, RowAction, COLUMNS};
#[cfg(not(feature = "windowed"))]
use bench_common::markup::column_frame;
#[cfg(not(feature = "windowed"))]
use bench_common::markup::list_frame_with;
use bench_common::markup::{
    board_frame_with, count_container, like_frame, status, CardView, LikeView, RowView,
};
#[cfg(feature = "windowed")]
use bench_common::markup::{column_frame_windowed, list_frame_windowed, WINDOWED_ROW_PX};
use bench_common::page::{self, Contender, Mount};
use bench_common::server::{self, ServerError};
use yew::prelude::*;
use yew_optimistic::browser::browser_runtime;
#[cfg(feature = "windowed")]
use yew_optimistic::use_virtual_rows;
use yew_optimistic::{
    keys, use_collection, use_is_fetching, use_is_mutating, use_live_query, use_optimistic_action,
    use_optimistic_mutation, use_query, use_row, ClientConfig, Collection, CollectionObserver,
    FetchError, MutationFilter, MutationOptions, QueryClient, QueryClientProvider, QueryFilter,
    QueryKey, QueryOptions, ScopePolicy, TypedKey,
};

fn main() {
    page::start(
        Contender {
            name: if cfg!(feature = "windowed") {
                "yew-windowed"
            } else {
                "yew-collections"
            },
            optimistic: true,
            concurrent: true,
        },
        |mount| match mount {
            // Every mount gets a provider, and so a client, of its own.
            Mount::List { list, gc: None } => html! {
                <QueryClientProvider><ListApp list={AttrValue::from(list.clone())} /></QueryClientProvider>
            },
            Mount::List { list, gc: Some(ms) } => html! {
                <ShortGc ms={*ms}><ListApp list={AttrValue::from(list.clone())} /></ShortGc>
            },
            Mount::Board => html! { <QueryClientProvider><BoardApp /></QueryClientProvider> },
            Mount::Likes => html! { <QueryClientProvider><LikeApp /></QueryClientProvider> },
        },
    );
    if cfg!(feature = "windowed") {
        page::only_families(&["list", "list10k", "board2k"]);
    }
}

#[derive(Properties, PartialEq)]
struct ShortGcProps {
    ms: u64,
    children: Html,
}

/// A provider whose client forgets settled mutations and unused queries after `ms`, for
/// the memory run that checks that what is kept is freed once that time is over.
#[function_component]
fn ShortGc(props: &ShortGcProps) -> Html {
    let ms = props.ms;
    let client = use_state(move || {
        let config = ClientConfig {
            gc_time: ms,
            mutation_gc_time: ms,
            ..ClientConfig::default()
        };
        QueryClient::with_config(browser_runtime(), config)
    });
    html! {
        <QueryClientProvider client={(*client).clone()}>{ props.children.clone() }</QueryClientProvider>
    }
}

fn fetch_error(e: ServerError) -> FetchError {
    match e {
        ServerError::Refused(why) => FetchError::Network(why),
        ServerError::Decode(why) => FetchError::Decode(why),
    }
}

/// Whether anything is on its way to or from the server.
#[hook]
fn use_busy() -> bool {
    let mutating = use_is_mutating(MutationFilter::default());
    let fetching = use_is_fetching(QueryFilter::all());
    mutating > 0 || fetching > 0
}

/// The status line in a component of its own: every click changes the busy state, and
/// only this component renders for it, not the list that holds it.
#[function_component]
fn Status() -> Html {
    status(use_busy())
}

// ---------------------------------------------------------------------------------- list

type Rows = Collection<u32, Row>;

/// The list's collection, keyed by row id. The map is ordered by key, which is the
/// server's order here: seeded rows have ids 0..n and added rows count up from 1,000,000
/// and are appended.
fn list_key(list: &str) -> TypedKey<Rows> {
    TypedKey::new(keys!["list", list])
}

#[derive(Properties, PartialEq)]
struct ListProps {
    list: AttrValue,
}

#[function_component]
fn ListApp(props: &ListProps) -> Html {
    count_container();
    let list = props.list.to_string();
    let rows = use_collection({
        let list = list.clone();
        QueryOptions::collection(
            &list_key(&list),
            |r: &Row| r.id,
            move |_| {
                let list = list.clone();
                async move { server::fetch_list(&list).await.map_err(fetch_error) }
            },
        )
    });
    let change = use_optimistic_action({
        let (send, paint) = (list.clone(), list_key(&list));
        MutationOptions::new(move |change: ListChange, _ctx| {
            let list = send.clone();
            async move {
                server::change_list(&list, &change)
                    .await
                    .map_err(fetch_error)
            }
        })
        .optimistic(move |change: &ListChange, patches| {
            let rows = patches.collection(&paint);
            match change.clone() {
                ListChange::Toggle { id, done } => {
                    rows.update(id, move |r| r.done = done);
                }
                ListChange::Rename { id, title } => {
                    rows.update(id, move |r| r.title = title.clone());
                }
                ListChange::Add { id, title } => {
                    rows.insert(
                        id,
                        Row {
                            id,
                            title,
                            done: false,
                        },
                    );
                }
            }
        })
        .invalidates(keys!["list", list.as_str()])
        .scope(|c: &ListChange| keys!["row", c.id()], ScopePolicy::Serial)
    });
    // Stable callbacks: rows whose data did not change must not render again.
    let on_action = {
        let change = change.clone();
        use_callback((), move |action: RowAction, _| {
            change.mutate(action.into());
        })
    };
    let on_add = use_callback((), move |_: MouseEvent, _| {
        let id = bench_common::data::new_row_id();
        change.mutate(ListChange::Add {
            id,
            title: format!("New row {id}").into(),
        });
    });
    let on_refetch = {
        let rows = rows.clone();
        Callback::from(move |_: MouseEvent| rows.refetch())
    };
    let row = |id: &u32| match &rows.observer {
        Some(observer) => {
            html! { <ListRow key={*id} rows={observer.clone()} id={*id} on_action={on_action.clone()} /> }
        }
        None => Html::default(),
    };
    // Only the rows in view are in the page (the `windowed` build): the browser's layout
    // and paint then cost what a few dozen rows cost, not 10,000.
    #[cfg(feature = "windowed")]
    {
        let window = use_virtual_rows(rows.keys.len(), WINDOWED_ROW_PX, 10);
        let items: Html = rows.keys[window.range.clone()].iter().map(row).collect();
        list_frame_windowed(
            &list,
            on_refetch,
            on_add,
            html! { <Status /> },
            items,
            window.viewport.clone(),
            window.padding_style(),
            rows.keys.len(),
        )
    }
    #[cfg(not(feature = "windowed"))]
    {
        let items: Html = rows.keys.iter().map(row).collect();
        list_frame_with(
            &list,
            false,
            on_refetch,
            on_add,
            html! { <Status /> },
            items,
        )
    }
}

#[derive(Properties, PartialEq)]
struct ListRowProps {
    rows: CollectionObserver<u32, Row>,
    id: u32,
    on_action: Callback<RowAction>,
}

/// One row: renders when its own row changes, and then the shared markup (which renders
/// only when what it shows changed).
#[function_component]
fn ListRow(props: &ListRowProps) -> Html {
    match use_row(&props.rows, props.id) {
        Some(row) => html! { <RowView row={(*row).clone()} on_action={props.on_action.clone()} /> },
        None => Html::default(),
    }
}

// --------------------------------------------------------------------------------- board

/// A card where it is shown: its column and its place there (the server keeps each
/// column's order; the fetch numbers the cards 0.. in that order).
#[derive(Clone, Debug, PartialEq)]
struct Placed {
    card: Card,
    column: usize,
    position: u32,
}

type Cards = Collection<u32, Placed>;

fn cards_key() -> TypedKey<Cards> {
    TypedKey::new(keys!["board", "cards"])
}

/// A move as the mutation's variables: the server's request, and the place the card
/// takes at the end of its new column (computed at the click, so that a rebase puts it
/// at the same place).
#[derive(Clone, Debug, PartialEq)]
struct Move {
    request: MoveCard,
    position: u32,
}

/// The place after the last card of `column`.
fn end_of(cards: &CollectionObserver<u32, Placed>, column: usize) -> u32 {
    cards
        .data()
        .and_then(|all| {
            all.values()
                .filter(|p| p.column == column)
                .map(|p| p.position + 1)
                .max()
        })
        .unwrap_or(0)
}

#[function_component]
fn BoardApp() -> Html {
    count_container();
    // One collection of every card, filled from the server's columns in one call.
    let cards = use_collection(QueryOptions::collection(
        &cards_key(),
        |p: &Placed| p.card.id,
        |_| async {
            let columns = server::fetch_board().await.map_err(fetch_error)?;
            let placed = columns.into_iter().enumerate().flat_map(|(column, cards)| {
                cards
                    .into_iter()
                    .zip(0u32..)
                    .map(move |(card, position)| Placed {
                        card,
                        column,
                        position,
                    })
            });
            Ok(placed.collect())
        },
    ));
    let mover = use_optimistic_action(
        MutationOptions::new(|m: Move, _ctx| async move {
            server::move_card(&m.request).await.map_err(fetch_error)
        })
        // A move is one update of one row: its column and its place.
        .optimistic(|m: &Move, patches| {
            let (to, position) = (m.request.to, m.position);
            patches
                .collection(cards_key())
                .update(m.request.card.id, move |p| {
                    p.column = to;
                    p.position = position;
                });
        })
        .invalidates(keys!["board", "cards"])
        .scope(
            |m: &Move| keys!["card", m.request.card.id],
            ScopePolicy::Serial,
        ),
    );
    let on_move = {
        let observer = cards.observer.clone();
        use_callback((), move |(card, from): (Card, usize), _| {
            let Some(observer) = &observer else { return };
            let to = next_column(from);
            mover.mutate(Move {
                request: MoveCard { card, from, to },
                position: end_of(observer, to),
            });
        })
    };
    let columns: Html = match &cards.observer {
        Some(observer) => (0..COLUMNS)
            .map(|c| html! { <ColumnApp key={c} cards={observer.clone()} column={c} on_move={on_move.clone()} /> })
            .collect(),
        None => Html::default(),
    };
    board_frame_with(false, html! { <Status /> }, columns)
}

#[derive(Properties, PartialEq)]
struct ColumnProps {
    cards: CollectionObserver<u32, Placed>,
    column: usize,
    on_move: Callback<(Card, usize)>,
}

/// A column: a live query of the cards in it, by place; renders when that list of ids
/// changes.
#[function_component]
fn ColumnApp(props: &ColumnProps) -> Html {
    count_container();
    let column = props.column;
    let ids = use_live_query(
        &props.cards,
        column,
        move |p: &Placed| p.column == column,
        |p| p.position,
    );
    let card = |id: &u32| html! { <CardRow key={*id} cards={props.cards.clone()} id={*id} on_move={props.on_move.clone()} /> };
    // Windowed: only the cards in view of the column's own viewport are in the page.
    #[cfg(feature = "windowed")]
    {
        let window = use_virtual_rows(ids.len(), WINDOWED_ROW_PX, 5);
        let items: Html = ids[window.range.clone()].iter().map(card).collect();
        column_frame_windowed(
            column,
            ids.len(),
            items,
            window.viewport.clone(),
            window.padding_style(),
        )
    }
    #[cfg(not(feature = "windowed"))]
    {
        let items: Html = ids.iter().map(card).collect();
        column_frame(column, ids.len(), items)
    }
}

#[derive(Properties, PartialEq)]
struct CardRowProps {
    cards: CollectionObserver<u32, Placed>,
    id: u32,
    on_move: Callback<(Card, usize)>,
}

#[function_component]
fn CardRow(props: &CardRowProps) -> Html {
    match use_row(&props.cards, props.id) {
        Some(p) => {
            html! { <CardView card={p.card.clone()} column={p.column} on_move={props.on_move.clone()} /> }
        }
        None => Html::default(),
    }
}

// --------------------------------------------------------------------------------- likes

fn likes_key() -> QueryKey {
    keys!["likes"]
}

/// The yew-optimistic contender's like button: one value, not a collection.
#[function_component]
fn LikeApp() -> Html {
    count_container();
    let likes = use_query(QueryOptions::new(likes_key(), |_| async {
        server::fetch_likes().await.map_err(fetch_error)
    }));
    let set_liked = use_optimistic_mutation(
        MutationOptions::new(|liked: bool, _ctx| async move {
            server::set_liked(liked).await.map_err(fetch_error)
        })
        .optimistic(|liked: &bool, patches| {
            let liked = *liked;
            patches.update(likes_key(), move |l: &Likes| l.with_liked(liked));
        })
        .on_success(|server: &Likes, _liked: &bool, _ctx: Option<&()>, client| {
            let _ = client.set_query_data(&likes_key(), *server);
        })
        .scope(|_| likes_key(), ScopePolicy::LatestWins),
    );
    let busy = use_busy();
    let on_click = use_callback((), move |liked: bool, _| {
        set_liked.mutate(liked);
    });
    let button = match &likes.data {
        Some(l) => html! { <LikeView likes={**l} {on_click} /> },
        None => Html::default(),
    };
    like_frame(busy, false, button)
}
