//! [`KanbanBoard`]: columns of cards, moved by drag and drop or keyboard, added and
//! renamed inline; every change shown at once and rolled back alone if refused. The
//! interaction lives in `interaction.rs`, the change states in `status.rs` and
//! `changes.rs`, the styles in `style.rs`; this file wires them to the caches and draws
//! the board. The board renders when its columns, its set of cards or its refused
//! changes change; a move, a rename and the states of changes render only the parts
//! they concern.

use super::cards::{column_cards, BoardCards, PlacedCard};
use super::changes::use_board_status;
use super::column::BoardColumn;
use super::drag::{BoardIntent, FocusRequest};
use super::interaction::{BoardData, Ctx, Interaction};
use super::keyed_card::CardContext;
use super::mutation::{
    all_cards_query_key, board_mutation_key, board_mutation_options, board_scope, cards_query_with,
    columns_query, ColumnAnswers,
};
use super::shared::{use_selected, Shared};
use super::source::{BoardChange, BoardSource, Card, CardId, Column, ColumnId, KanbanCard};
use super::status::BoardStatus;
use super::status::{badge, failure_text, refused_of_card, Tracked};
use super::strings::BoardStrings;
use super::style;
use crate::feedback::changes::{use_changes, Changes, ChangesOf};
use crate::feedback::dom_id::instance_prefix;
use crate::feedback::RefusedChanges;
use crate::hooks::{
    use_collection, use_is_fetching, use_mutation_state, use_query, OptimisticAction,
    UseCollectionHandle,
};
use crate::source_ref::SourceRef;
use crate::status_badge::StatusBadge;
use optimistic_query::{
    CollectionObserver, MutationFilter, MutationId, MutationOptions, QueryFilter, RetryPolicy,
};
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
    /// Test hook: called every time the board itself renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_board_render: Option<Callback<()>>,
    /// Test hook: called with a column's id every time it renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_column_render: Option<Callback<ColumnId>>,
    /// Test hook: called with a card's id every time it renders.
    #[doc(hidden)]
    #[prop_or_default]
    pub on_card_render: Option<Callback<CardId>>,
}

/// The board's one mutation: an optimistic action, so sending a change never renders the
/// board (the cards and columns it paints render themselves).
type Action<C> = OptimisticAction<BoardChange<C>, ()>;

type Cards<C> = CollectionObserver<CardId, PlacedCard<C>>;

/// What the latest render knew, for the one stable intent callback.
struct Snapshot<C: KanbanCard> {
    cards: Option<Cards<C>>,
    columns: Rc<Vec<Column>>,
    strings: Rc<BoardStrings>,
    refused: RefusedChanges<BoardChange<C>>,
    action: Action<C>,
}

impl<C: KanbanCard> BoardData<C> for Snapshot<C> {
    fn columns(&self) -> &[Column] {
        &self.columns
    }

    fn cards(&self, column: &ColumnId) -> Rc<Vec<C>> {
        let data: Option<Rc<BoardCards<C>>> = self.cards.as_ref().and_then(|o| o.data());
        Rc::new(data.map(|d| column_cards(&d, column)).unwrap_or_default())
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
                    self.action.mutate(change);
                }
            }
        }
    }
}

/// The board's mutation: [`board_mutation_options`], marking the
/// columns each change touched when it settles, so the refetch after it asks for those
/// columns alone. At settling, not at sending: a refetch that starts while the change
/// is on its way reads the columns before the server applied it, so its answers must not
/// stand in for them afterwards. (A change replayed through the app's registered
/// definition marks nothing: the refetch after it reads every column.)
fn board_action_options<C: KanbanCard>(
    source: &SourceRef<dyn BoardSource<C>>,
    board: &str,
    answers: &ColumnAnswers<C>,
) -> MutationOptions<BoardChange<C>, ()> {
    let answers = answers.clone();
    board_mutation_options(source.clone(), board).on_settled(
        move |_, _, change: &BoardChange<C>, _: Option<&()>, _| {
            answers.mark(change.columns());
        },
    )
}

/// The board's changes: its mutation ([`board_action_options`]), its refused changes
/// (told in words that name the columns) and whether it announces failures itself.
#[hook]
fn use_board_changes<C: KanbanCard>(
    props: &KanbanBoardProps<C>,
    answers: &ColumnAnswers<C>,
    columns: Rc<Vec<Column>>,
) -> Changes<BoardChange<C>> {
    let words = props.strings.clone();
    use_changes(ChangesOf {
        options: board_action_options(&props.source, &props.board, answers),
        retry: props.retry,
        filter: MutationFilter::key(board_mutation_key()).exact(),
        scope: board_scope(&props.board),
        describe: Box::new(move |r| failure_text(&words, &r.variables, &columns, &r.message, true)),
    })
}

/// The board's cards: one collection query (made once per list of columns, so the
/// answers it keeps for the columns nothing changed stay the same between renders),
/// fetching once the columns are `loaded`; and those answers, for the mutation to mark.
#[hook]
fn use_board_cards<C: KanbanCard>(
    props: &KanbanBoardProps<C>,
    columns: &[Column],
    loaded: bool,
) -> (ColumnAnswers<C>, UseCollectionHandle<CardId, PlacedCard<C>>) {
    let board = props.board.to_string();
    let answers = use_memo((props.source.clone(), board.clone()), |_| {
        ColumnAnswers::<C>::default()
    });
    let ids: Vec<ColumnId> = columns.iter().map(|c| c.id.clone()).collect();
    let deps = (props.source.clone(), board, ids, loaded);
    let kept = (*answers).clone();
    let options = use_memo(deps, move |(source, board, ids, loaded)| {
        cards_query_with(source, board, ids, kept).enabled(*loaded)
    });
    ((*answers).clone(), use_collection((*options).clone()))
}

/// One callback for the whole board, created once: it reads the latest render's
/// knowledge, so cards and columns keep equal props. The move in progress changes in
/// `interaction` (the parts it concerns render, not the board); a change it decides is
/// sent through the board's action.
#[hook]
fn use_intent_callback<C: KanbanCard>(
    now: Snapshot<C>,
    interaction: &Shared<Interaction<C>>,
    focus: &FocusRequest,
) -> Callback<BoardIntent> {
    let latest = use_latest(now);
    let (interaction, focus) = (interaction.clone(), focus.clone());
    use_callback((), move |intent: BoardIntent, _| {
        let now = latest.current();
        let mut ix = (*interaction.get()).clone();
        let cx = Ctx {
            board: &*now,
            words: &now.strings,
            focus: &focus,
        };
        let outcome = ix.handle(&cx, intent.clone());
        if outcome.rerender {
            interaction.set(ix);
        }
        now.act(&intent, outcome.send);
    })
}

/// A kanban board: columns of cards from a [`BoardSource`]. The cards of every column are
/// one keyed collection ([`BoardCards`](super::BoardCards), under
/// [`all_cards_query_key`](super::all_cards_query_key)); each column is a live query of
/// it (its cards by position) and each card reads its own row, so a move is one change
/// of one card: it renders that card and the two columns whose cards changed, never the
/// board or the other cards.
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
/// `board-refreshing` (while the cards are fetched again), `board-announcer` (the
/// `aria-live` region), then per column (`column[data-id][data-drop-target]`,
/// `column-title`, `column-count`, `column-loading`, `column-error`, `column-empty`,
/// `drop-indicator`, `add-card-input`, `add-card-button`, `failed-add`) and per card
/// those of [`BoardCard`](super::BoardCard) (`card[data-id][data-state]`, `card-title`,
/// `card-edit-input`, `card-error`, `card-retry`, `card-dismiss`, `card-note`,
/// `card-held`, `card-not-kept`, `card-retry-now`, `card-discard`, `card-move-left`,
/// `card-move-right`).
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
    if let Some(on_board_render) = &props.on_board_render {
        on_board_render.emit(());
    }
    let columns_q = use_query(columns_query(&props.source, &props.board));
    let columns: Rc<Vec<Column>> = columns_q.data.clone().unwrap_or_default();
    let words = props.strings.clone();
    let (answers, cards) = use_board_cards(props, &columns, columns_q.data.is_some());
    let changes = use_board_changes(props, &answers, columns.clone());
    let announce = changes.announce;
    let status = use_board_status::<C>(&props.board, columns.clone(), words.clone());
    let interaction = use_memo((), |_| Shared::new(Interaction::<C>::default()));
    let focus = use_memo((), |_| FocusRequest::default());
    let prefix = use_memo((), |_| AttrValue::from(instance_prefix("kanban")));
    let class = use_style(style::board());
    let now = Snapshot {
        cards: cards.observer.clone(),
        columns: columns.clone(),
        strings: words.clone(),
        refused: changes.refused,
        action: changes.action,
    };
    let on_intent = use_intent_callback(now, &interaction, &focus);
    let help_id = help_id_of(&prefix);
    let body = match (&columns_q.data, &columns_q.error, &cards.observer) {
        (None, Some(e), _) => board_error(
            &words,
            Some(&e.to_string()),
            Some(columns_q.refetch_callback()),
        ),
        (Some(_), _, Some(observer)) => Parts {
            props,
            board: card_context(props, observer, &status, &on_intent, &prefix, announce),
            loaded: observer.data().is_some(),
            error: cards.error.as_ref().map(|e| AttrValue::from(e.to_string())),
            interaction: &interaction,
            focus: &focus,
        }
        .columns(&columns),
        (Some(_), _, None) => {
            board_error(&words, cards.error.map(|e| e.to_string()).as_deref(), None)
        }
        (None, None, _) => {
            html! { <p class="notice" data-testid="board-loading" role="status" aria-busy="true">{ words.loading_board.clone() }</p> }
        }
    };
    html! {
        <div class={class} data-testid="kanban-board" data-board={props.board.clone()}
             aria-busy={(columns_q.data.is_none() && columns_q.error.is_none()).to_string()}>
            { toolbar(props) }
            { keyboard_help(&words, help_id, props.show_shortcuts) }
            <BoardAnnouncer<C> interaction={(*interaction).clone()} />
            { body }
        </div>
    }
}

/// The id of the board's keyboard help, on a board whose ids start with `prefix`.
fn help_id_of(prefix: &str) -> AttrValue {
    AttrValue::from(format!("{prefix}-help"))
}

/// What every card of the board shares, for this render.
fn card_context<C: KanbanCard>(
    props: &KanbanBoardProps<C>,
    cards: &Cards<C>,
    status: &Shared<BoardStatus>,
    on_intent: &Callback<BoardIntent>,
    prefix: &AttrValue,
    announce_failures: bool,
) -> Rc<CardContext<C>> {
    Rc::new(CardContext {
        cards: cards.clone(),
        status: status.clone(),
        render_card: props.render_card.clone(),
        strings: props.strings.clone(),
        help_id: Some(help_id_of(prefix)),
        id_prefix: prefix.clone(),
        announce_failures,
        on_intent: on_intent.clone(),
        on_card_render: props.on_card_render.clone(),
    })
}

/// What every column of one render shares.
struct Parts<'a, C: KanbanCard> {
    props: &'a KanbanBoardProps<C>,
    board: Rc<CardContext<C>>,
    loaded: bool,
    error: Option<AttrValue>,
    interaction: &'a Shared<Interaction<C>>,
    focus: &'a FocusRequest,
}

impl<C: KanbanCard> Parts<'_, C> {
    /// The columns; each reads what of the move in progress and of the changes is its.
    fn columns(&self, columns: &[Column]) -> Html {
        let count = columns.len();
        let props = self.props;
        let views: Html = columns
            .iter()
            .enumerate()
            .map(|(i, col)| {
                html! {
                    <BoardColumn<C>
                        key={col.id.0.clone()}
                        board={self.board.clone()}
                        loaded={self.loaded}
                        error={self.error.clone()}
                        interaction={self.interaction.clone()}
                        column={col.clone()}
                        can_move_left={i > 0}
                        can_move_right={i + 1 < count}
                        focus={self.focus.clone()}
                        on_render={props.on_column_render.clone()}
                    />
                }
            })
            .collect();
        html! { <div class="columns" data-testid="board-columns">{ views }</div> }
    }
}

/// How to use the board from the keyboard: for screen readers always (the cards point
/// at it), on screen when `shown`.
fn keyboard_help(words: &BoardStrings, help_id: AttrValue, shown: bool) -> Html {
    html! {
        <>
            <p id={help_id} class="sr-only">{ words.keyboard_help.clone() }</p>
            if shown {
                <p class="keys" data-testid="board-shortcuts" aria-hidden="true">{ words.shortcuts.clone() }</p>
            }
        </>
    }
}

/// Why the board cannot show its columns, with "Try again" when `retry` is given.
fn board_error(words: &BoardStrings, error: Option<&str>, retry: Option<Callback<()>>) -> Html {
    html! {
        <p class="notice" data-kind="error" data-testid="board-error" role="alert">
            { error.map(|e| BoardStrings::fill(&words.board_error, &[("error", e)])) }
            if let Some(retry) = retry {
                <button type="button" onclick={retry.reform(|_: MouseEvent| ())}>{ words.try_again.clone() }</button>
            }
        </p>
    }
}

/// The board's heading, "Refreshing…" and the summary of its changes.
fn toolbar<C: KanbanCard>(props: &KanbanBoardProps<C>) -> Html {
    html! {
        <div class="toolbar">
            if let Some(title) = &props.title {
                <h2>{ title.clone() }</h2>
            }
            <BoardRefreshing board={props.board.clone()} strings={props.strings.clone()} />
            <BoardBadge<C> board={props.board.clone()} strings={props.strings.clone()} />
        </div>
    }
}

/// [`KanbanBoardOf`] over the crate's own [`Card`]: what most apps start with.
pub type KanbanBoard = KanbanBoardOf<Card>;

#[derive(Properties, PartialEq)]
struct BoardAnnouncerProps<C: KanbanCard> {
    interaction: Shared<Interaction<C>>,
}

/// The `aria-live` region that says what a move did; renders when the words change.
#[component]
fn BoardAnnouncer<C: KanbanCard>(props: &BoardAnnouncerProps<C>) -> Html {
    let said = use_selected(&props.interaction, |ix| ix.announcement.clone());
    html! {
        <div class="sr-only" data-testid="board-announcer" aria-live="assertive" aria-atomic="true">
            { said }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct BoardPartProps {
    board: AttrValue,
    strings: Rc<BoardStrings>,
}

/// The board's summary of its changes (saving, not saved, all saved).
#[component]
fn BoardBadge<C: KanbanCard>(props: &BoardPartProps) -> Html {
    let tracked = use_mutation_state(
        MutationFilter::key(board_mutation_key()).exact(),
        Tracked::<C>::of,
    );
    html! {
        <span data-testid="board-status">
            if let Some((status, label)) = badge(&tracked, &props.board, &props.strings) {
                <StatusBadge {status} label={label} />
            }
        </span>
    }
}

/// "Refreshing…" while the board's cards are fetched again.
#[component]
fn BoardRefreshing(props: &BoardPartProps) -> Html {
    let fetching = use_is_fetching(QueryFilter::exact(all_cards_query_key(&props.board)));
    html! {
        if fetching > 0 {
            <span class="refreshing" data-testid="board-refreshing">{ props.strings.refreshing.clone() }</span>
        }
    }
}
