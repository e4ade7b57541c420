//! [`KanbanBoard`]: columns of cards, moved by drag and drop or keyboard, added and
//! renamed inline; every change shown at once and rolled back alone if refused.

use super::card::CardStatus;
use super::column::{dom_id, BoardColumn, ColumnStatus, FailedAdd};
use super::drag::{
    final_index, is_noop, nudge, BoardIntent, DropTarget, FocusRequest, MoveDir, MoveMode, Moving,
};
use super::mutation::{
    board_mutation_key, board_mutation_options, cards_query_key, columns_query, new_card_id,
};
use super::source::{BoardChange, BoardSource, Card, CardId, Column, ColumnId};
use crate::feedback::{use_toasts, ItemState, ToastKind};
use crate::hooks::{use_mutation_state, use_optimistic_mutation, use_query, UseMutationHandle};
use crate::provider::use_query_client;
use crate::source_ref::SourceRef;
use crate::status_badge::{BadgeStatus, StatusBadge};
use optimistic_query::{
    FetchError, MutationFilter, MutationId, MutationInfo, MutationStatus, QueryClient,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use stylist::yew::use_style;
use yew::prelude::*;

/// Props of [`KanbanBoard`].
#[derive(Properties, PartialEq, Clone)]
pub struct KanbanBoardProps {
    /// Where the board's columns and cards come from and where changes go.
    pub source: SourceRef<dyn BoardSource>,
    /// The board's id (part of every query key and scope).
    pub board: AttrValue,
    /// A heading shown above the columns.
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

/// What the board needs to know about one change (selected from the mutation cache, so
/// it re-renders only when this list changes).
#[derive(Clone, Debug, PartialEq)]
struct Tracked {
    id: MutationId,
    status: MutationStatus,
    scope: Option<String>,
    error: Option<String>,
    change: Option<BoardChange>,
}

impl Tracked {
    fn of(m: &MutationInfo) -> Self {
        Tracked {
            id: m.id,
            status: m.status,
            scope: m.scope.clone(),
            error: m.error.as_ref().map(|e| e.message.clone()),
            change: m.variables::<BoardChange>().cloned(),
        }
    }
}

/// The pointer or keyboard interaction in progress, and what the user was last told.
/// Kept outside Yew state so the one stable intent callback always sees the latest.
#[derive(Default)]
struct Interaction {
    moving: Option<Moving>,
    dismissed: HashSet<MutationId>,
    announcement: String,
}

/// What the latest render knew, for the stable intent callback.
struct Latest {
    client: QueryClient,
    board: String,
    columns: Rc<Vec<Column>>,
    tracked: Vec<Tracked>,
    mutation: UseMutationHandle<BoardChange, ()>,
}

impl Latest {
    /// The cards a column shows now (optimistic changes included).
    fn cards(&self, column: &ColumnId) -> Rc<Vec<Card>> {
        self.client
            .get_query_data::<Vec<Card>>(&cards_query_key(&self.board, column))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Where a card is shown now: read at every step rather than remembered, so a
    /// refetch or another change landing mid-move never sends a stale position.
    fn locate(&self, id: &CardId) -> Option<(ColumnId, usize, Card)> {
        self.columns.iter().find_map(|col| {
            let cards = self.cards(&col.id);
            cards
                .iter()
                .position(|c| &c.id == id)
                .map(|i| (col.id.clone(), i, cards[i].clone()))
        })
    }

    fn title_of(&self, column: &ColumnId) -> String {
        column_title(&self.columns, column)
    }

    /// "“Done”, position 2 of 3" for a target.
    fn describe(&self, from: &ColumnId, target: &DropTarget) -> String {
        let len = self.cards(&target.column).len();
        let total = if &target.column == from { len } else { len + 1 };
        format!(
            "“{}”, position {} of {}",
            self.title_of(&target.column),
            target.index + 1,
            total.max(1)
        )
    }
}

fn column_title(columns: &[Column], id: &ColumnId) -> String {
    columns
        .iter()
        .find(|c| &c.id == id)
        .map_or_else(|| id.0.clone(), |c| c.title.clone())
}

/// The words for a failed change: short inline on the card, long in a toast.
fn failure_text(change: &BoardChange, columns: &[Column], reason: &str, long: bool) -> String {
    match change {
        BoardChange::MoveCard { card, from, to, .. } if long => format!(
            "Could not move “{}” to “{}”: {reason}. It is back in “{}”.",
            card.title,
            column_title(columns, to),
            column_title(columns, from)
        ),
        BoardChange::MoveCard { to, .. } => format!(
            "Could not move to “{}”: {reason}",
            column_title(columns, to)
        ),
        BoardChange::EditCard { title, .. } => {
            format!("Could not rename to “{title}”: {reason}")
        }
        BoardChange::AddCard { card, column } => format!(
            "Could not add “{}” to “{}”: {reason}",
            card.title,
            column_title(columns, column)
        ),
    }
}

/// What one intent leads to, applied once the borrows are released.
#[derive(Default)]
struct Outcome {
    rerender: bool,
    send: Option<BoardChange>,
}

impl Outcome {
    fn render() -> Self {
        Outcome {
            rerender: true,
            send: None,
        }
    }
    fn send(change: BoardChange) -> Self {
        Outcome {
            rerender: true,
            send: Some(change),
        }
    }
}

fn handle(l: &Latest, ix: &mut Interaction, focus: &FocusRequest, intent: BoardIntent) -> Outcome {
    let mine = |id: &CardId, mode: MoveMode| {
        ix.moving
            .as_ref()
            .is_some_and(|m| &m.card.id == id && m.mode == mode)
    };
    match intent {
        BoardIntent::PickUp(id) => {
            let Some((from, index, card)) = l.locate(&id) else {
                return Outcome::default();
            };
            ix.announcement = format!(
                "Picked up card “{}”. Use arrow keys to move, Space to drop, Escape to cancel.",
                card.title
            );
            ix.moving = Some(Moving {
                card,
                from: from.clone(),
                mode: MoveMode::Keyboard,
                target: Some(DropTarget {
                    column: from,
                    index,
                }),
            });
            Outcome::render()
        }
        BoardIntent::Nudge(id, dir) => {
            if !mine(&id, MoveMode::Keyboard) {
                return Outcome::default();
            }
            let Some((from, index, _)) = l.locate(&id) else {
                ix.moving = None;
                return Outcome::render();
            };
            let counts: Vec<(ColumnId, usize)> = l
                .columns
                .iter()
                .map(|c| (c.id.clone(), l.cards(&c.id).len()))
                .collect();
            let Some(m) = ix.moving.as_mut() else {
                return Outcome::default();
            };
            m.from = from.clone();
            let at = m.target.clone().unwrap_or(DropTarget {
                column: from.clone(),
                index,
            });
            let next = nudge(&counts, &from, &at, dir);
            ix.announcement = format!("“{}”: {}.", m.card.title, l.describe(&from, &next));
            m.target = Some(next);
            Outcome::render()
        }
        BoardIntent::Drop(id) => {
            if !mine(&id, MoveMode::Keyboard) {
                return Outcome::default();
            }
            let moving = ix.moving.take();
            let (Some(m), Some((from, index, card))) = (moving, l.locate(&id)) else {
                return Outcome::render();
            };
            let Some(target) = m.target else {
                return Outcome::render();
            };
            finish_move(l, ix, focus, card, from, index, target)
        }
        BoardIntent::Cancel(id) => {
            if !mine(&id, MoveMode::Keyboard) {
                return Outcome::default();
            }
            if let Some(m) = ix.moving.take() {
                ix.announcement = format!(
                    "Move cancelled. “{}” is back in “{}”.",
                    m.card.title,
                    l.title_of(&m.from)
                );
            }
            Outcome::render()
        }
        BoardIntent::Shift(id, dir) => {
            let Some((from, index, card)) = l.locate(&id) else {
                return Outcome::default();
            };
            let Some(pos) = l.columns.iter().position(|c| c.id == from) else {
                return Outcome::default();
            };
            let to = match dir {
                MoveDir::Left => pos.checked_sub(1),
                MoveDir::Right => Some(pos + 1),
                MoveDir::Up | MoveDir::Down => None,
            }
            .and_then(|i| l.columns.get(i));
            let Some(to) = to else {
                return Outcome::default();
            };
            let target = DropTarget {
                column: to.id.clone(),
                index: index.min(l.cards(&to.id).len()),
            };
            finish_move(l, ix, focus, card, from, index, target)
        }
        BoardIntent::DragStart(id) => {
            let Some((from, _, card)) = l.locate(&id) else {
                return Outcome::default();
            };
            ix.moving = Some(Moving {
                card,
                from,
                mode: MoveMode::Pointer,
                target: None,
            });
            Outcome::render()
        }
        BoardIntent::DragOver { column, slot } => {
            let Some(m) = ix.moving.as_ref().filter(|m| m.mode == MoveMode::Pointer) else {
                return Outcome::default();
            };
            let Some((from, index, _)) = l.locate(&m.card.id) else {
                return Outcome::default();
            };
            let target = Some(DropTarget {
                index: final_index(&from, index, &column, slot),
                column,
            });
            match ix.moving.as_mut() {
                // dragover fires many times a second; render only when the target moves.
                Some(m) if m.target != target || m.from != from => {
                    m.target = target;
                    m.from = from;
                    Outcome::render()
                }
                _ => Outcome::default(),
            }
        }
        BoardIntent::DragLeave(column) => match ix.moving.as_mut() {
            Some(m)
                if m.mode == MoveMode::Pointer
                    && m.target.as_ref().is_some_and(|t| t.column == column) =>
            {
                m.target = None;
                Outcome::render()
            }
            _ => Outcome::default(),
        },
        BoardIntent::DropAt { column, slot } => {
            let Some(m) = ix.moving.take_if(|m| m.mode == MoveMode::Pointer) else {
                return Outcome::default();
            };
            let Some((from, index, card)) = l.locate(&m.card.id) else {
                return Outcome::render();
            };
            let target = DropTarget {
                index: final_index(&from, index, &column, slot),
                column,
            };
            finish_move(l, ix, focus, card, from, index, target)
        }
        BoardIntent::DragEnd => {
            if ix.moving.take_if(|m| m.mode == MoveMode::Pointer).is_some() {
                Outcome::render()
            } else {
                Outcome::default()
            }
        }
        BoardIntent::Add { column, title } => {
            let title = title.trim().to_string();
            if title.is_empty() {
                return Outcome::default();
            }
            ix.announcement = format!("Added “{title}” to “{}”.", l.title_of(&column));
            Outcome::send(BoardChange::AddCard {
                column,
                card: Card {
                    id: new_card_id(),
                    title,
                },
            })
        }
        BoardIntent::Edit {
            column,
            card,
            title,
        } => {
            let title = title.trim().to_string();
            let unchanged = l.locate(&card).is_some_and(|(_, _, c)| c.title == title);
            if title.is_empty() || unchanged {
                return Outcome::default();
            }
            Outcome::send(BoardChange::EditCard {
                column,
                id: card,
                title,
            })
        }
        BoardIntent::Retry(mutation) => {
            let change = l
                .tracked
                .iter()
                .find(|t| t.id == mutation)
                .and_then(|t| t.change.clone());
            ix.dismissed.insert(mutation);
            match change {
                Some(change) => Outcome::send(change),
                None => Outcome::render(),
            }
        }
        BoardIntent::Dismiss(mutation) => {
            ix.dismissed.insert(mutation);
            Outcome::render()
        }
    }
}

/// Ends a move at `target`: sends one `MoveCard`, or nothing when the card would stay
/// where it is.
fn finish_move(
    l: &Latest,
    ix: &mut Interaction,
    focus: &FocusRequest,
    card: Card,
    from: ColumnId,
    index: usize,
    target: DropTarget,
) -> Outcome {
    if is_noop(&from, index, &target) {
        ix.announcement = format!("“{}” stays where it was.", card.title);
        return Outcome::render();
    }
    ix.announcement = format!("Moved “{}” to {}.", card.title, l.describe(&from, &target));
    // The card's element is re-created in its new column (or moved in its list): the
    // column that shows it next focuses it, so the keyboard user keeps their place.
    focus.request(card.id.clone());
    Outcome::send(BoardChange::MoveCard {
        card,
        from,
        to: target.column,
        index: target.index,
    })
}

/// Per-column states of the changes of this board: pending when any change of a card is
/// on its way, failed when its latest change was refused (until dismissed or retried).
fn column_statuses(
    tracked: &[Tracked],
    board: &str,
    columns: &[Column],
    dismissed: &HashSet<MutationId>,
) -> HashMap<ColumnId, ColumnStatus> {
    let prefix = format!("kanban/{board}/");
    let mut by_card: BTreeMap<CardId, Vec<(&Tracked, &BoardChange)>> = BTreeMap::new();
    for t in tracked {
        let ours = t.scope.as_deref().is_some_and(|s| s.starts_with(&prefix));
        if let (true, Some(change)) = (ours, &t.change) {
            by_card
                .entry(change.card().clone())
                .or_default()
                .push((t, change));
        }
    }
    let mut out: HashMap<ColumnId, ColumnStatus> = HashMap::new();
    for (card, mut changes) in by_card {
        changes.sort_by_key(|(t, _)| t.id);
        let Some(&(last, last_change)) = changes.last() else {
            continue;
        };
        let status = if changes.iter().any(|(t, _)| t.status.is_unsettled()) {
            CardStatus {
                state: ItemState::Pending,
                ..CardStatus::default()
            }
        } else if last.status == MutationStatus::Error && !dismissed.contains(&last.id) {
            let reason = last.error.as_deref().unwrap_or("the server refused it");
            let error = failure_text(last_change, columns, reason, false);
            if let BoardChange::AddCard { column, card } = last_change {
                out.entry(column.clone())
                    .or_default()
                    .failed_adds
                    .push(FailedAdd {
                        mutation: last.id,
                        title: card.title.clone().into(),
                        error: error.clone().into(),
                    });
            }
            CardStatus {
                state: ItemState::Failed,
                error: Some(error.into()),
                failed: Some(last.id),
            }
        } else {
            continue;
        };
        for (_, change) in &changes {
            for column in change.columns() {
                out.entry(column)
                    .or_default()
                    .cards
                    .insert(card.clone(), status.clone());
            }
        }
    }
    out
}

/// A kanban board: columns of cards from a [`BoardSource`], nested as board -> columns
/// -> cards, each column reading its own query (`["kanban", board, "column", id]`), so a
/// move patches exactly two keys and re-renders only those two columns.
///
/// - **Move** a card by dragging it, or with the keyboard: focus it, Space/Enter picks it
///   up (announced), the arrow keys move it between and within columns, Space drops it
///   (one request), Escape puts it back. The focus stays on the card after the move. The
///   ←/→ buttons on each card move it one column at once.
/// - **Add** a card with the field under each column (Enter or "Add"); **rename** one
///   with ✎, a double click or F2 (Enter saves, Escape cancels).
/// - Every change shows at once, marked pending (dashed border and "Saving…"). Changes
///   of one card are sent one at a time, in order. A refetch that lands mid-move does not
///   throw the card back. A refused change is rolled back alone; the card says why
///   (`data-state="failed"`, Retry/Dismiss) and a toast does too when a
///   [`ToastRegion`](crate::feedback::ToastRegion) is above the board. Moving a card onto
///   its own place sends nothing.
///
/// Test ids: `kanban-board`, `board-loading`, `board-error`, `board-status`,
/// `board-announcer` (the `aria-live` region), then per column and card those of
/// [`BoardColumn`](super::BoardColumn) and [`BoardCard`](super::BoardCard)
/// (`column[data-id]`, `column-title`, `column-count`, `add-card-input`,
/// `add-card-button`, `card[data-id][data-state]`, `card-title`, `card-edit-input`,
/// `card-error`, `card-retry`, `card-dismiss`, `card-move-left`, `card-move-right`,
/// `drop-indicator`).
///
/// ```
/// use std::rc::Rc;
/// use futures::future::LocalBoxFuture;
/// use yew::prelude::*;
/// use yew_optimistic::{FetchError, MutationContext, QueryClientProvider, SourceRef};
/// use yew_optimistic::feedback::ToastRegion;
/// use yew_optimistic::kanban::{BoardChange, BoardSource, Card, Column, ColumnId, KanbanBoard};
///
/// struct Api;
/// impl BoardSource for Api {
///     fn columns(&self, _board: &str) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
///         Box::pin(async { Ok(vec![Column { id: ColumnId("todo".into()), title: "To do".into() }]) })
///     }
///     fn cards(&self, _board: &str, _column: &ColumnId) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
///         Box::pin(async { Ok(vec![]) })
///     }
///     fn apply(&self, _board: &str, _change: BoardChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
///
/// #[function_component]
/// fn App() -> Html {
///     let source = use_memo((), |_| SourceRef::<dyn BoardSource>::new(Rc::new(Api)));
///     html! {
///         <QueryClientProvider>
///             <ToastRegion>
///                 <KanbanBoard source={(*source).clone()} board="roadmap" title="Roadmap" />
///             </ToastRegion>
///         </QueryClientProvider>
///     }
/// }
/// # let _ = html! { <App /> };
/// ```
#[function_component]
pub fn KanbanBoard(props: &KanbanBoardProps) -> Html {
    let client = use_query_client();
    let toasts = use_toasts();
    let columns_q = use_query(columns_query(&props.source, &props.board));
    let tracked = use_mutation_state(
        MutationFilter::key(board_mutation_key()).exact(),
        Tracked::of,
    );
    let shared = use_mut_ref(Interaction::default);
    let latest = use_mut_ref(|| None::<Latest>);
    let focus = use_memo((), |_| FocusRequest::default());
    let force = use_force_update();
    let class = use_style!(
        r#"
        display: flex;
        flex-direction: column;
        gap: 0.75rem;
        min-width: 0;
        color: var(--yo-text, #1d2430);
        .toolbar {
            display: flex;
            align-items: center;
            gap: 0.75rem;
            min-height: 1.75rem;
        }
        h2 { margin: 0; font-size: 1.15rem; font-weight: 700; }
        .columns {
            display: flex;
            align-items: flex-start;
            gap: 0.9rem;
            overflow-x: auto;
            padding: 0.25rem 0.1rem 0.75rem;
            scroll-snap-type: x proximity;
            -webkit-overflow-scrolling: touch;
        }
        .sr-only {
            position: absolute;
            width: 1px;
            height: 1px;
            padding: 0;
            margin: -1px;
            overflow: hidden;
            clip: rect(0 0 0 0);
            white-space: nowrap;
            border: 0;
        }
        .notice {
            margin: 0;
            padding: 0.75rem 1rem;
            border-radius: 10px;
            border: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface, #ffffff);
        }
        .notice[data-kind="error"] {
            color: var(--yo-error-text, #9b1c1c);
            background: var(--yo-error-bg, #fde8e8);
            border-color: var(--yo-error-text, #9b1c1c);
        }
        .notice button {
            margin-left: 0.75rem;
            font: inherit;
            padding: 0.2rem 0.6rem;
            border-radius: 6px;
            border: 1px solid currentColor;
            background: transparent;
            color: inherit;
            cursor: pointer;
        }
        "#
    );

    let columns: Rc<Vec<Column>> = columns_q.data.clone().unwrap_or_default();
    let board = props.board.to_string();

    let on_error = {
        let toasts = toasts.clone();
        let columns = columns.clone();
        move |e: &FetchError, change: &BoardChange, _: Option<&()>, _: &QueryClient| {
            if let Some(t) = &toasts {
                t.push(
                    ToastKind::Error,
                    failure_text(change, &columns, &e.to_string(), true),
                );
            }
        }
    };
    let mutation = use_optimistic_mutation(
        board_mutation_options(props.source.clone(), &board).on_error(on_error),
    );
    *latest.borrow_mut() = Some(Latest {
        client: client.clone(),
        board: board.clone(),
        columns: columns.clone(),
        tracked: tracked.clone(),
        mutation: mutation.clone(),
    });

    // One callback for the whole board, created once: it reads the latest render's
    // knowledge through `latest`, so cards and columns keep equal props.
    let on_intent = {
        let latest = latest.clone();
        let shared = shared.clone();
        let focus = (*focus).clone();
        let force = force.clone();
        use_callback((), move |intent: BoardIntent, _| {
            let (outcome, mutation) = {
                let latest = latest.borrow();
                let Some(l) = latest.as_ref() else { return };
                let mut ix = shared.borrow_mut();
                (handle(l, &mut ix, &focus, intent), l.mutation.clone())
            };
            // Mutate after the borrows end: the engine notifies observers synchronously.
            if let Some(change) = outcome.send {
                mutation.mutate(change);
            }
            if outcome.rerender {
                force.force_update();
            }
        })
    };

    let ix = shared.borrow();
    let mut statuses = column_statuses(&tracked, &board, &columns, &ix.dismissed);
    let help_id = AttrValue::from(dom_id(&["kanban", &board, "help"]));
    let count = columns.len();
    let column_views = columns.iter().enumerate().map(|(i, col)| {
        let moving = ix
            .moving
            .as_ref()
            .filter(|m| m.from == col.id)
            .map(|m| (m.card.id.clone(), m.mode));
        let indicator = ix
            .moving
            .as_ref()
            .and_then(|m| m.target.as_ref())
            .filter(|t| t.column == col.id)
            .map(|t| t.index);
        html! {
            <BoardColumn
                key={col.id.0.clone()}
                source={props.source.clone()}
                board={props.board.clone()}
                column={col.clone()}
                can_move_left={i > 0}
                can_move_right={i + 1 < count}
                status={Rc::new(statuses.remove(&col.id).unwrap_or_default())}
                {moving}
                {indicator}
                focus={(*focus).clone()}
                help_id={help_id.clone()}
                on_intent={on_intent.clone()}
            />
        }
    });

    let ours = format!("kanban/{board}/");
    let of_board = || {
        tracked
            .iter()
            .filter(|t| t.scope.as_deref().is_some_and(|s| s.starts_with(&ours)))
    };
    let pending = of_board().filter(|t| t.status.is_unsettled()).count();
    let failed = of_board()
        .filter(|t| t.status == MutationStatus::Error && !ix.dismissed.contains(&t.id))
        .count();
    let saved = of_board().any(|t| t.status == MutationStatus::Success);
    let plural = |n: usize| if n == 1 { "change" } else { "changes" };
    let badge = if pending > 0 {
        Some((
            BadgeStatus::Pending,
            format!("Saving {pending} {}…", plural(pending)),
        ))
    } else if failed > 0 {
        Some((
            BadgeStatus::Error,
            format!("{failed} {} not saved", plural(failed)),
        ))
    } else if saved {
        Some((BadgeStatus::Success, "All changes saved".to_string()))
    } else {
        None
    };

    let body = match (&columns_q.data, &columns_q.error) {
        (None, Some(e)) => html! {
            <p class="notice" data-kind="error" data-testid="board-error" role="alert">
                { format!("Could not load the board: {e}") }
                <button type="button" onclick={columns_q.refetch_callback().reform(|_: MouseEvent| ())}>{ "Try again" }</button>
            </p>
        },
        (None, None) => html! {
            <p class="notice" data-testid="board-loading" role="status" aria-busy="true">{ "Loading board…" }</p>
        },
        (Some(_), _) => html! {
            <div class="columns" data-testid="board-columns">
                { for column_views }
            </div>
        },
    };

    html! {
        <div class={class} data-testid="kanban-board" data-board={props.board.clone()}
             aria-busy={(columns_q.data.is_none() && columns_q.error.is_none()).to_string()}>
            <div class="toolbar">
                if let Some(title) = &props.title {
                    <h2>{ title.clone() }</h2>
                }
                <span data-testid="board-status">
                    if let Some((status, label)) = badge {
                        <StatusBadge {status} label={label} />
                    }
                </span>
            </div>
            <p id={help_id.clone()} class="sr-only">
                { "Press Space or Enter to pick a card up, the arrow keys to move it, Space to drop it and Escape to cancel. F2 renames it." }
            </p>
            <div class="sr-only" data-testid="board-announcer" aria-live="assertive" aria-atomic="true">
                { ix.announcement.clone() }
            </div>
            { body }
        </div>
    }
}
