//! Browser benchmark contender **yew-optimistic**: the scenarios' apps written with the
//! library's hooks as its README shows (a query per list or column, one optimistic
//! mutation with `optimistic` + `invalidates` + `scope`), over the shared markup.

use bench_common::data::{next_column, Card, Likes, ListChange, MoveCard, Row, RowAction, COLUMNS};
use bench_common::markup::{
    board_frame, column_frame, count_container, like_frame, list_frame, CardView, LikeView, RowView,
};
use bench_common::page::{self, Contender, Mount};
use bench_common::server::{self, ServerError};
use yew::prelude::*;
use yew_optimistic::browser::browser_runtime;
use yew_optimistic::{
    keys, use_is_fetching, use_is_mutating, use_optimistic_mutation, use_query, ClientConfig,
    FetchError, MutationFilter, MutationOptions, QueryClient, QueryClientProvider, QueryFilter,
    QueryKey, QueryOptions, ScopePolicy,
};

fn main() {
    page::start(
        Contender {
            name: "yew-optimistic",
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

fn list_key(list: &str) -> QueryKey {
    keys!["list", list]
}

#[derive(Properties, PartialEq)]
struct ListProps {
    list: AttrValue,
}

#[function_component]
fn ListApp(props: &ListProps) -> Html {
    count_container();
    let list = props.list.to_string();
    let rows = use_query({
        let list = list.clone();
        QueryOptions::new(list_key(&list), move |_| {
            let list = list.clone();
            async move { server::fetch_list(&list).await.map_err(fetch_error) }
        })
    });
    let change = use_optimistic_mutation({
        let (send, paint) = (list.clone(), list.clone());
        MutationOptions::new(move |change: ListChange, _ctx| {
            let list = send.clone();
            async move {
                server::change_list(&list, &change)
                    .await
                    .map_err(fetch_error)
            }
        })
        .optimistic(move |change: &ListChange, patches| {
            let change = change.clone();
            patches.modify(list_key(&paint), move |rows: &mut Vec<Row>| {
                change.apply(rows)
            });
        })
        .invalidates(list_key(&list))
        .scope(|c: &ListChange| keys!["row", c.id()], ScopePolicy::Serial)
    });
    let busy = use_busy();
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
        let refetch = rows.refetch_callback();
        Callback::from(move |_: MouseEvent| refetch.emit(()))
    };
    let items: Html = rows
        .data
        .iter()
        .flat_map(|rows| rows.iter())
        .map(|row| html! { <RowView key={row.id} row={row.clone()} on_action={on_action.clone()} /> })
        .collect();
    list_frame(&list, busy, false, on_refetch, on_add, items)
}

fn column_key(column: usize) -> QueryKey {
    keys!["board", "column", column as u64]
}

#[function_component]
fn BoardApp() -> Html {
    count_container();
    let mover = use_optimistic_mutation(
        MutationOptions::new(|m: MoveCard, _ctx| async move {
            server::move_card(&m).await.map_err(fetch_error)
        })
        // One move patches its two columns: two layers that live and die together.
        .optimistic(|m: &MoveCard, patches| {
            for column in [m.from, m.to] {
                let m = m.clone();
                patches.modify(column_key(column), move |cards: &mut Vec<Card>| {
                    m.apply(column, cards)
                });
            }
        })
        .invalidates_with(|m: &MoveCard| {
            vec![
                QueryFilter::exact(column_key(m.from)),
                QueryFilter::exact(column_key(m.to)),
            ]
        })
        .scope(|m: &MoveCard| keys!["card", m.card.id], ScopePolicy::Serial),
    );
    let busy = use_busy();
    let on_move = use_callback((), move |(card, from): (Card, usize), _| {
        mover.mutate(MoveCard {
            card,
            from,
            to: next_column(from),
        });
    });
    let columns: Html = (0..COLUMNS)
        .map(|c| html! { <ColumnApp key={c} column={c} on_move={on_move.clone()} /> })
        .collect();
    board_frame(busy, false, columns)
}

#[derive(Properties, PartialEq)]
struct ColumnProps {
    column: usize,
    on_move: Callback<(Card, usize)>,
}

#[function_component]
fn ColumnApp(props: &ColumnProps) -> Html {
    count_container();
    let column = props.column;
    let cards = use_query(QueryOptions::new(column_key(column), move |_| async move {
        server::fetch_column(column).await.map_err(fetch_error)
    }));
    let list = cards.data.clone().unwrap_or_default();
    let items: Html = list
        .iter()
        .map(|card| html! { <CardView key={card.id} card={card.clone()} {column} on_move={props.on_move.clone()} /> })
        .collect();
    column_frame(column, list.len(), items)
}

#[function_component]
fn LikeApp() -> Html {
    count_container();
    let likes = use_query(QueryOptions::new(keys!["likes"], |_| async {
        server::fetch_likes().await.map_err(fetch_error)
    }));
    let set_liked = use_optimistic_mutation(
        MutationOptions::new(|liked: bool, _ctx| async move {
            server::set_liked(liked).await.map_err(fetch_error)
        })
        .optimistic(|liked: &bool, patches| {
            let liked = *liked;
            patches.update(keys!["likes"], move |l: &Likes| l.with_liked(liked));
        })
        // As the library's LikeButton: the server's answer replaces the layer.
        .on_success(|server: &Likes, _liked: &bool, _ctx: Option<&()>, client| {
            let _ = client.set_query_data(&keys!["likes"], *server);
        })
        // A burst sends the call in flight and the latest click, not every click.
        .scope(|_| keys!["likes"], ScopePolicy::LatestWins),
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
