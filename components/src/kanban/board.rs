//! [`KanbanBoard`]: columns of cards, moved by drag and drop or keyboard, added and
//! renamed inline; every change shown at once and rolled back alone if refused. The
//! interaction lives in `interaction.rs`, the change states in `status.rs`, the styles in
//! `style.rs`; this file wires them to the caches and draws the board.

use super::column::BoardColumnOf;
use super::column::ColumnStatus;
use super::drag::{BoardIntent, FocusRequest};
use super::interaction::{BoardData, Ctx, Interaction};
use super::mutation::{
    board_mutation_key, board_mutation_options, board_scope, cards_query_key, columns_query,
};
use super::source::{BoardChange, BoardSource, Card, Column, ColumnId, KanbanCard};
use super::status::{badge, column_statuses, failure_text, refused_of_card, Tracked};
use super::strings::BoardStrings;
use super::style;
use crate::feedback::dom_id::instance_prefix;
use crate::feedback::RefusedChanges;
use crate::hooks::{use_mutation_state, use_query, UseMutationHandle};
use crate::provider::use_query_client;
use crate::scoped_changes::{use_scoped_changes, ScopedChanges};
use crate::source_ref::SourceRef;
use crate::status_badge::StatusBadge;
use optimistic_query::RetryPolicy;
use optimistic_query::{MutationFilter, MutationId, QueryClient};
use std::collections::HashMap;
use std::rc::Rc;
use stylist::yew::use_style;
use yew::prelude::*;
use yew_hooks::use_latest;

/// Props of [`KanbanBoard`] (and of [`KanbanBoardOf`] for an app's own card type `C`).
#[derive(Properties, PartialEq, Clone)]
pub struct KanbanBoardProps<C: KanbanCard = Card> {
    /// Where the board's columns and cards come from and where changes go.
    pub source: SourceRef<dyn BoardSource<C>>,
    /// The board's id (part of every query key and scope).
    pub board: AttrValue,
    /// A heading shown above the columns.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// Every word the board shows or announces, for translation (English by default).
    #[prop_or_default]
    pub strings: Rc<BoardStrings>,
    /// Renders a card's content in place of its title: an app's own fields (labels, an
    /// assignee). The title stays what a rename edits. Keep the callback stable
    /// (`use_callback`), or every card re-renders each time.
    #[prop_or_default]
    pub render_card: Option<Callback<C, Html>>,
    /// Show the keyboard shortcuts above the columns (default `true`).
    #[prop_or(true)]
    pub show_shortcuts: bool,
    /// How a change the server may not have received is retried (default: three times,
    /// with back-off, for network failures, timeouts, 5xx and 429; safe because every
    /// change carries its idempotency key). `None` follows the client's
    /// `mutation_retry`.
    #[prop_or(Some(RetryPolicy::default()))]
    pub retry: Option<RetryPolicy>,
}

/// What the latest render knew, for the one stable intent callback.
struct Snapshot<C: KanbanCard> {
    client: QueryClient,
    board: String,
    columns: Rc<Vec<Column>>,
    strings: Rc<BoardStrings>,
    refused: RefusedChanges<BoardChange<C>>,
    mutation: UseMutationHandle<BoardChange<C>, ()>,
}

impl<C: KanbanCard> BoardData<C> for Snapshot<C> {
    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn cards(&self, column: &ColumnId) -> Rc<Vec<C>> {
        self.client
            .get_query_data::<Vec<C>>(&cards_query_key(&self.board, column))
            .ok()
            .flatten()
            .unwrap_or_default()
    }
}

impl<C: KanbanCard> Snapshot<C> {
    /// Carries out an intent the interaction does not own (retry and dismiss of refused
    /// changes) or sends what it decided, dropping the refused changes it makes moot.
    fn act(&self, intent: &BoardIntent, send: Option<BoardChange<C>>) {
        let refused = self.refused.changes();
        let of_card_of = |id: &MutationId| {
            let card = refused
                .iter()
                .find(|r| r.id == *id)
                .map(|r| r.variables.card());
            card.map(|c| refused_of_card(refused, &c))
                .unwrap_or_default()
        };
        match intent {
            BoardIntent::Retry(id) => {
                self.refused.retry(*id, of_card_of(id));
            }
            BoardIntent::Dismiss(id) => self.refused.dismiss(of_card_of(id)),
            _ => {
                if let Some(change) = send {
                    // A new change of a card makes its refused ones moot.
                    self.refused
                        .dismiss(refused_of_card(refused, &change.card()));
                    self.mutation.mutate(change);
                }
            }
        }
    }
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
/// - A change that got no answer (a dropped connection, a 503) is kept and sent again:
///   the card says "Waiting for the server…" (`data-state="waiting"`); after every
///   resend allowed it is held, "Not saved yet" with Retry now and Discard
///   (`data-state="held"`). A change that storage refused to keep on this device says so
///   on its card. Both are announced in a polite live region (`card-note`).
/// - Persistence is the app's opt-in: changes made offline survive a reload only when the
///   app registers [`board_mutation_options`](super::board_mutation_options) under
///   [`board_mutation_key`](super::board_mutation_key) on its client; without that line
///   the queue lives in memory only and no persistence code is in the bundle.
///
/// Test ids: `kanban-board`, `board-loading`, `board-error`, `board-status`,
/// `board-announcer` (the `aria-live` region), then per column and card those of
/// [`BoardColumn`](super::BoardColumn) and [`BoardCard`](super::BoardCard)
/// (`column[data-id]`, `column-title`, `column-count`, `add-card-input`,
/// `add-card-button`, `card[data-id][data-state]`, `card-title`, `card-edit-input`,
/// `card-error`, `card-retry`, `card-dismiss`, `card-note`, `card-held`,
/// `card-not-kept`, `card-retry-now`, `card-discard`, `card-move-left`,
/// `card-move-right`, `drop-indicator`).
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
///     fn columns(&self, _board: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
///         Box::pin(async { Ok(vec![Column { id: ColumnId("todo".into()), title: "To do".into() }]) })
///     }
///     fn cards(&self, _board: &str, _column: &ColumnId, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
///         Box::pin(async { Ok(vec![]) })
///     }
///     fn apply(&self, _board: &str, _change: BoardChange, _ctx: MutationContext) -> LocalBoxFuture<'static, Result<(), FetchError>> {
///         Box::pin(async { Ok(()) })
///     }
/// }
///
/// #[component]
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
#[component]
pub fn KanbanBoardOf<C: KanbanCard>(props: &KanbanBoardProps<C>) -> Html {
    let client = use_query_client();
    let columns_q = use_query(columns_query(&props.source, &props.board));
    let tracked = use_mutation_state(
        MutationFilter::key(board_mutation_key()).exact(),
        Tracked::<C>::of,
    );
    let interaction = use_mut_ref(Interaction::<C>::default);
    let words = props.strings.clone();
    let focus = use_memo((), |_| FocusRequest::default());
    let prefix = use_memo((), |_| AttrValue::from(instance_prefix("kanban")));
    let force = use_force_update();
    let class = use_style(style::board());
    let columns: Rc<Vec<Column>> = columns_q.data.clone().unwrap_or_default();
    let board = props.board.to_string();
    let ScopedChanges {
        mutation,
        refused,
        announce,
    } = {
        let (columns, words) = (columns.clone(), words.clone());
        use_scoped_changes(
            board_mutation_options(props.source.clone(), &board),
            props.retry,
            MutationFilter::key(board_mutation_key()).exact(),
            board_scope(&board),
            move |r| failure_text(&words, &r.variables, &columns, &r.message, true),
        )
    };
    let latest = use_latest(Snapshot {
        client,
        board: board.clone(),
        columns: columns.clone(),
        strings: words.clone(),
        refused,
        mutation,
    });

    // One callback for the whole board, created once: it reads the latest render's
    // knowledge, so cards and columns keep equal props.
    let on_intent = {
        let (interaction, focus) = (interaction.clone(), (*focus).clone());
        use_callback((), move |intent: BoardIntent, _| {
            let now = latest.current();
            let cx = Ctx {
                board: &*now,
                words: &now.strings,
                focus: &focus,
            };
            let outcome = interaction.borrow_mut().handle(&cx, intent.clone());
            // Mutate after the borrow ends: the engine notifies observers synchronously.
            now.act(&intent, outcome.send);
            if outcome.rerender {
                force.force_update();
            }
        })
    };

    let ix = interaction.borrow();
    let mut statuses = column_statuses(&tracked, &board, &columns, &words);
    let help_id = AttrValue::from(format!("{prefix}-help"));
    let parts = Parts {
        props,
        interaction: &ix,
        focus: &focus,
        help_id: &help_id,
        id_prefix: &prefix,
        announce,
        on_intent: &on_intent,
    };
    let column_views = parts.columns(&columns, &mut statuses);
    let body = match (&columns_q.data, &columns_q.error) {
        (None, Some(e)) => html! {
            <p class="notice" data-kind="error" data-testid="board-error" role="alert">
                { BoardStrings::fill(&words.board_error, &[("error", &e.to_string())]) }
                <button type="button" onclick={columns_q.refetch_callback().reform(|_: MouseEvent| ())}>{ words.try_again.clone() }</button>
            </p>
        },
        (None, None) => html! {
            <p class="notice" data-testid="board-loading" role="status" aria-busy="true">{ words.loading_board.clone() }</p>
        },
        (Some(_), _) => html! {
            <div class="columns" data-testid="board-columns">{ column_views }</div>
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
                    if let Some((status, label)) = badge(&tracked, &board, &words) {
                        <StatusBadge {status} label={label} />
                    }
                </span>
            </div>
            <p id={help_id.clone()} class="sr-only">{ words.keyboard_help.clone() }</p>
            if props.show_shortcuts {
                <p class="keys" data-testid="board-shortcuts" aria-hidden="true">{ words.shortcuts.clone() }</p>
            }
            <div class="sr-only" data-testid="board-announcer" aria-live="assertive" aria-atomic="true">
                { ix.announcement.clone() }
            </div>
            { body }
        </div>
    }
}

/// What every column of one render shares.
struct Parts<'a, C: KanbanCard> {
    props: &'a KanbanBoardProps<C>,
    interaction: &'a Interaction<C>,
    focus: &'a FocusRequest,
    help_id: &'a AttrValue,
    id_prefix: &'a AttrValue,
    announce: bool,
    on_intent: &'a Callback<BoardIntent>,
}

impl<C: KanbanCard> Parts<'_, C> {
    /// The columns, each told what of the move in progress and of the changes is its.
    fn columns(&self, columns: &[Column], statuses: &mut HashMap<ColumnId, ColumnStatus>) -> Html {
        let moving = self.interaction.moving.as_ref();
        let count = columns.len();
        let props = self.props;
        columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                let here = moving
                    .filter(|m| m.from == col.id)
                    .map(|m| (m.card.id(), m.mode));
                let indicator = moving
                    .and_then(|m| m.target.as_ref())
                    .filter(|t| t.column == col.id)
                    .map(|t| t.index);
                html! {
                    <BoardColumnOf<C>
                        key={col.id.0.clone()}
                        source={props.source.clone()}
                        strings={props.strings.clone()}
                        render_card={props.render_card.clone()}
                        board={props.board.clone()}
                        column={col.clone()}
                        can_move_left={i > 0}
                        can_move_right={i + 1 < count}
                        status={Rc::new(statuses.remove(&col.id).unwrap_or_default())}
                        moving={here}
                        {indicator}
                        focus={self.focus.clone()}
                        help_id={self.help_id.clone()}
                        id_prefix={self.id_prefix.clone()}
                        announce_failures={self.announce}
                        on_intent={self.on_intent.clone()}
                    />
                }
            })
            .collect()
    }
}

/// [`KanbanBoardOf`] over the crate's own [`Card`]: what most apps start with.
pub type KanbanBoard = KanbanBoardOf<Card>;
