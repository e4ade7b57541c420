//! Browser benchmark contender **plain Yew**: what a Yew developer writes by hand for the
//! same scenarios, and the lower bound for the others. State lives in `use_reducer`; a
//! click applies its change at once and remembers what it replaced; the server's answer
//! confirms it (no refetch: the answer is trusted), a failure restores what was there.
//! A refetch re-applies the changes still pending on top of the fresh data, and keeps the
//! old state (so nothing renders) when the data did not change.

use bench_common::data::{
    new_row_id, next_column, Card, Likes, ListChange, MoveCard, Row, RowAction, COLUMNS,
};
use bench_common::markup::{
    board_frame, column_frame, count_container, like_frame, list_frame, CardView, LikeView, RowView,
};
use bench_common::page::{self, Contender, Mount};
use bench_common::server;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

fn main() {
    page::start(
        Contender {
            name: "plain-yew",
            optimistic: true,
            concurrent: true,
        },
        |mount| match mount {
            Mount::List { list, .. } => html! { <ListApp list={AttrValue::from(list.clone())} /> },
            Mount::Board => html! { <BoardApp /> },
            Mount::Likes => html! { <LikeApp /> },
        },
    );
}

/// Numbers the changes sent, so that answers find their change.
#[derive(Default)]
struct Sequence(Cell<u64>);

impl Sequence {
    fn next(&self) -> u64 {
        let n = self.0.get() + 1;
        self.0.set(n);
        n
    }
}

#[hook]
fn use_sequence() -> Rc<Sequence> {
    use_memo((), |_| Sequence::default())
}

// ---------------------------------------------------------------------------------- list

#[derive(Clone)]
struct Pending {
    seq: u64,
    change: ListChange,
    /// The row the change replaced (`None` for an add), for the rollback.
    before: Option<Row>,
}

#[derive(Default)]
struct ListState {
    rows: Rc<Vec<Row>>,
    pending: Rc<Vec<Pending>>,
    fetching: usize,
}

enum ListMsg {
    FetchStarted,
    Fetched(Vec<Row>),
    FetchFailed,
    Change(u64, ListChange),
    Confirmed(u64, Row),
    Failed(u64),
}

impl Reducible for ListState {
    type Action = ListMsg;

    fn reduce(self: Rc<Self>, action: ListMsg) -> Rc<Self> {
        let mut rows = self.rows.clone();
        let mut pending = self.pending.clone();
        let mut fetching = self.fetching;
        match action {
            ListMsg::FetchStarted => fetching += 1,
            ListMsg::FetchFailed => fetching = fetching.saturating_sub(1),
            ListMsg::Fetched(mut fresh) => {
                fetching = fetching.saturating_sub(1);
                for p in pending.iter() {
                    p.change.apply(&mut fresh);
                }
                if fresh != *rows {
                    rows = Rc::new(fresh);
                } else if fetching == self.fetching {
                    return self;
                }
            }
            ListMsg::Change(seq, change) => {
                let before = rows.iter().find(|r| r.id == change.id()).cloned();
                change.apply(Rc::make_mut(&mut rows));
                Rc::make_mut(&mut pending).push(Pending {
                    seq,
                    change,
                    before,
                });
            }
            ListMsg::Confirmed(seq, row) => {
                let list = Rc::make_mut(&mut pending);
                list.retain(|p| p.seq != seq);
                // A later change of the same row still shows; otherwise the server's row.
                let still_pending = list.iter().any(|p| p.change.id() == row.id);
                let shown = rows.iter().position(|r| r.id == row.id);
                if let (false, Some(i)) = (still_pending, shown) {
                    if rows[i] != row {
                        Rc::make_mut(&mut rows)[i] = row;
                    }
                }
            }
            ListMsg::Failed(seq) => {
                let list = Rc::make_mut(&mut pending);
                if let Some(at) = list.iter().position(|p| p.seq == seq) {
                    let failed = list.remove(at);
                    let id = failed.change.id();
                    let rows = Rc::make_mut(&mut rows);
                    match failed.before {
                        Some(before) => {
                            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                                *row = before;
                            }
                        }
                        None => rows.retain(|r| r.id != id),
                    }
                    // Changes made after it, to the same row, show again on top.
                    for p in list.iter().filter(|p| p.change.id() == id) {
                        p.change.apply(rows);
                    }
                }
            }
        }
        Rc::new(ListState {
            rows,
            pending,
            fetching,
        })
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    list: AttrValue,
}

#[function_component]
fn ListApp(props: &ListProps) -> Html {
    count_container();
    let state = use_reducer(ListState::default);
    let dispatch = state.dispatcher();
    let sequence = use_sequence();
    let refetch = {
        let (dispatch, list) = (dispatch.clone(), props.list.clone());
        use_callback((), move |(), _| {
            dispatch.dispatch(ListMsg::FetchStarted);
            let (dispatch, list) = (dispatch.clone(), list.clone());
            spawn_local(async move {
                match server::fetch_list(&list).await {
                    Ok(rows) => dispatch.dispatch(ListMsg::Fetched(rows)),
                    Err(_) => dispatch.dispatch(ListMsg::FetchFailed),
                }
            });
        })
    };
    {
        let refetch = refetch.clone();
        use_effect_with((), move |_| refetch.emit(()));
    }
    let send = {
        let (dispatch, list) = (dispatch.clone(), props.list.clone());
        use_callback((), move |change: ListChange, _| {
            let seq = sequence.next();
            dispatch.dispatch(ListMsg::Change(seq, change.clone()));
            let (dispatch, list) = (dispatch.clone(), list.clone());
            spawn_local(async move {
                match server::change_list(&list, &change).await {
                    Ok(row) => dispatch.dispatch(ListMsg::Confirmed(seq, row)),
                    Err(_) => dispatch.dispatch(ListMsg::Failed(seq)),
                }
            });
        })
    };
    let on_action = {
        let send = send.clone();
        use_callback((), move |action: RowAction, _| send.emit(action.into()))
    };
    let on_add = use_callback((), move |_: MouseEvent, _| {
        let id = new_row_id();
        send.emit(ListChange::Add {
            id,
            title: format!("New row {id}").into(),
        });
    });
    let busy = state.fetching > 0 || !state.pending.is_empty();
    let items: Html = state
        .rows
        .iter()
        .map(|row| html! { <RowView key={row.id} row={row.clone()} on_action={on_action.clone()} /> })
        .collect();
    let on_refetch = refetch.reform(|_: MouseEvent| ());
    list_frame(&props.list, busy, false, on_refetch, on_add, items)
}

// --------------------------------------------------------------------------------- board

#[derive(Default)]
struct BoardState {
    columns: [Rc<Vec<Card>>; COLUMNS],
    pending: Rc<Vec<(u64, MoveCard)>>,
    fetching: usize,
}

enum BoardMsg {
    FetchStarted,
    Fetched(Vec<Vec<Card>>),
    FetchFailed,
    Move(u64, MoveCard),
    Confirmed(u64),
    Failed(u64),
}

impl Reducible for BoardState {
    type Action = BoardMsg;

    fn reduce(self: Rc<Self>, action: BoardMsg) -> Rc<Self> {
        let mut columns = self.columns.clone();
        let mut pending = self.pending.clone();
        let mut fetching = self.fetching;
        match action {
            BoardMsg::FetchStarted => fetching += 1,
            BoardMsg::FetchFailed => fetching = fetching.saturating_sub(1),
            BoardMsg::Fetched(fresh) => {
                fetching = fetching.saturating_sub(1);
                for (c, mut cards) in fresh.into_iter().enumerate().take(COLUMNS) {
                    for (_, m) in pending.iter() {
                        m.apply(c, &mut cards);
                    }
                    if cards != *columns[c] {
                        columns[c] = Rc::new(cards);
                    }
                }
            }
            BoardMsg::Move(seq, m) => {
                for c in [m.from, m.to] {
                    m.apply(c, Rc::make_mut(&mut columns[c]));
                }
                Rc::make_mut(&mut pending).push((seq, m));
            }
            BoardMsg::Confirmed(seq) => Rc::make_mut(&mut pending).retain(|(s, _)| *s != seq),
            BoardMsg::Failed(seq) => {
                let list = Rc::make_mut(&mut pending);
                if let Some(at) = list.iter().position(|(s, _)| *s == seq) {
                    let (_, m) = list.remove(at);
                    let back = MoveCard {
                        card: m.card.clone(),
                        from: m.to,
                        to: m.from,
                    };
                    for c in [back.from, back.to] {
                        back.apply(c, Rc::make_mut(&mut columns[c]));
                    }
                }
            }
        }
        Rc::new(BoardState {
            columns,
            pending,
            fetching,
        })
    }
}

#[function_component]
fn BoardApp() -> Html {
    count_container();
    let state = use_reducer(BoardState::default);
    let dispatch = state.dispatcher();
    let sequence = use_sequence();
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            dispatch.dispatch(BoardMsg::FetchStarted);
            spawn_local(async move {
                match server::fetch_board().await {
                    Ok(columns) => dispatch.dispatch(BoardMsg::Fetched(columns)),
                    Err(_) => dispatch.dispatch(BoardMsg::FetchFailed),
                }
            });
        });
    }
    let on_move = use_callback((), move |(card, from): (Card, usize), _| {
        let seq = sequence.next();
        let m = MoveCard {
            card,
            from,
            to: next_column(from),
        };
        dispatch.dispatch(BoardMsg::Move(seq, m.clone()));
        let dispatch = dispatch.clone();
        spawn_local(async move {
            match server::move_card(&m).await {
                Ok(_) => dispatch.dispatch(BoardMsg::Confirmed(seq)),
                Err(_) => dispatch.dispatch(BoardMsg::Failed(seq)),
            }
        });
    });
    let busy = state.fetching > 0 || !state.pending.is_empty();
    let columns: Html = state
        .columns
        .iter()
        .enumerate()
        .map(|(c, cards)| html! { <ColumnView key={c} column={c} cards={cards.clone()} on_move={on_move.clone()} /> })
        .collect();
    board_frame(busy, false, columns)
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

// --------------------------------------------------------------------------------- likes

#[derive(Default)]
struct LikeState {
    /// What the button shows.
    shown: Option<Likes>,
    /// The sequence number of the latest click; older answers are ignored.
    latest: u64,
    in_flight: usize,
}

enum LikeMsg {
    Fetched(Likes),
    Click(u64, bool),
    Answered(u64, Option<Likes>),
}

impl Reducible for LikeState {
    type Action = LikeMsg;

    fn reduce(self: Rc<Self>, action: LikeMsg) -> Rc<Self> {
        let mut next = LikeState {
            shown: self.shown,
            latest: self.latest,
            in_flight: self.in_flight,
        };
        match action {
            LikeMsg::Fetched(likes) => next.shown = Some(likes),
            LikeMsg::Click(seq, liked) => {
                next.shown = next.shown.map(|l| l.with_liked(liked));
                next.latest = seq;
                next.in_flight += 1;
            }
            LikeMsg::Answered(seq, answer) => {
                next.in_flight = next.in_flight.saturating_sub(1);
                // Only the latest click's answer is shown; on its failure the button keeps
                // the click's state until the next fetch (a hand-written simplification).
                if let (true, Some(likes)) = (seq == next.latest, answer) {
                    next.shown = Some(likes);
                }
            }
        }
        Rc::new(next)
    }
}

#[function_component]
fn LikeApp() -> Html {
    count_container();
    let state = use_reducer(LikeState::default);
    let dispatch = state.dispatcher();
    let sequence = use_sequence();
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(likes) = server::fetch_likes().await {
                    dispatch.dispatch(LikeMsg::Fetched(likes));
                }
            });
        });
    }
    let on_click = use_callback((), move |liked: bool, _| {
        let seq = sequence.next();
        dispatch.dispatch(LikeMsg::Click(seq, liked));
        let dispatch = dispatch.clone();
        spawn_local(async move {
            let answer = server::set_liked(liked).await.ok();
            dispatch.dispatch(LikeMsg::Answered(seq, answer));
        });
    });
    let button = match state.shown {
        Some(likes) => html! { <LikeView {likes} {on_click} /> },
        None => Html::default(),
    };
    like_frame(state.in_flight > 0, false, button)
}
