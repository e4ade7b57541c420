//! The simulated kanban API behind [`BoardSource`]: the same [`BoardChange::apply`] the
//! board paints with.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use futures::TryFutureExt;
use yew_optimistic::kanban::{BoardChange, BoardSource, Card, CardId, Column, ColumnId};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use wire::limits::{MAX_ID_CHARS, MAX_ITEMS, MAX_TITLE_CHARS};
use wire::problem::Problem;
use wire::validate;

use super::idempotency::{handle_write, send_write, Accepted, Replays, SimWrite};
use super::network::SimNetwork;

/// The most cards a seeded board has.
pub const MAX_CARDS: usize = wire::seed::MAX_CARDS;

/// The seed board ([`wire::seed::board`], the reference server's seed): its columns, and
/// the first `count` seed cards by column.
fn seed_board(count: usize) -> (Vec<Column>, HashMap<ColumnId, Vec<Card>>) {
    wire::seed::board(count)
        .into_iter()
        .map(|(column, cards)| (column.clone(), (column.id, cards)))
        .unzip()
}

#[derive(Default)]
struct Boards {
    columns: HashMap<String, Vec<Column>>,
    cards: HashMap<(String, ColumnId), Vec<Card>>,
}

/// Boards kept in memory, by name.
#[derive(Clone)]
pub struct SimBoard {
    net: SimNetwork,
    cards: usize,
    boards: Rc<RefCell<Boards>>,
    replays: Rc<RefCell<Replays<BoardAnswer>>>,
}

impl SimBoard {
    /// An empty store on `net`; a board is seeded with `cards` cards when first asked
    /// for.
    pub fn new(net: SimNetwork, cards: usize) -> Self {
        SimBoard {
            net,
            cards,
            boards: Rc::default(),
            replays: Rc::default(),
        }
    }

    /// Puts every board back to its seed and forgets idempotency keys.
    pub fn reset(&self) {
        *self.boards.borrow_mut() = Boards::default();
        self.replays.borrow_mut().clear();
    }

    fn ensure(&self, board: &str) {
        let mut boards = self.boards.borrow_mut();
        if boards.columns.contains_key(board) {
            return;
        }
        let (columns, cards) = seed_board(self.cards);
        boards.columns.insert(board.to_owned(), columns);
        for (column, list) in cards {
            boards.cards.insert((board.to_owned(), column), list);
        }
    }

    /// The columns of `board` now.
    pub fn column_list(&self, board: &str) -> Vec<Column> {
        self.ensure(board);
        self.boards
            .borrow()
            .columns
            .get(board)
            .cloned()
            .unwrap_or_default()
    }

    /// The cards of one column now.
    pub fn card_list(&self, board: &str, column: &ColumnId) -> Vec<Card> {
        self.ensure(board);
        self.boards
            .borrow()
            .cards
            .get(&(board.to_owned(), column.clone()))
            .cloned()
            .unwrap_or_default()
    }
}

fn describe(change: &BoardChange) -> String {
    match change {
        BoardChange::AddCard { card, column } => format!("add “{}” to {}", card.title, column.0),
        BoardChange::EditCard { title, .. } => format!("rename card to “{title}”"),
        BoardChange::MoveCard { card, from, to, .. } => {
            format!("move “{}” {} → {}", card.title, from.0, to.0)
        }
    }
}

/// What the reference server checks without the data: the board's name (a 400), the
/// card and column ids and the card's title (422s).
fn check(board: &str, change: &BoardChange) -> Result<(), Problem> {
    super::check_name("board name", board)?;
    validate::id("card id", &change.card().0, MAX_ID_CHARS)?;
    for column in change.columns() {
        validate::id("column id", &column.0, MAX_ID_CHARS)?;
    }
    match change {
        BoardChange::AddCard { card, .. } | BoardChange::MoveCard { card, .. } => {
            validate::title(&card.title, MAX_TITLE_CHARS)
        }
        BoardChange::EditCard { title, .. } => validate::title(title, MAX_TITLE_CHARS),
    }
}

/// The answer to a board change, as the reference server gives it: the cards of every
/// column it touched, by column id.
pub type BoardAnswer = BTreeMap<String, Vec<Card>>;

impl SimBoard {
    /// The column `card` is in on `board`, if any.
    fn column_of(&self, board: &str, card: &CardId) -> Option<ColumnId> {
        let boards = self.boards.borrow();
        let columns = boards.columns.get(board)?;
        columns
            .iter()
            .find(|c| {
                boards
                    .cards
                    .get(&(board.to_owned(), c.id.clone()))
                    .is_some_and(|cards| cards.iter().any(|x| &x.id == card))
            })
            .map(|c| c.id.clone())
    }

    /// What the reference server checks against the data: the columns exist (404), an
    /// added card is new (409), an edited or moved card is where the change says it is
    /// (404 when it is on no column, 409 when another change moved it).
    fn against(&self, board: &str, change: &BoardChange) -> Result<(), Problem> {
        let columns = self.column_list(board);
        for column in change.columns() {
            if !columns.iter().any(|c| c.id == column) {
                return Err(Problem::not_found(format!(
                    "no column `{}` on board `{board}`",
                    column.0
                )));
            }
        }
        let id = change.card();
        let now_in = self.column_of(board, &id);
        let expected = match change {
            BoardChange::AddCard { .. } => {
                return match now_in {
                    Some(column) => Err(Problem::conflict(format!(
                        "a card with id `{}` already exists (in column `{}`)",
                        id.0, column.0
                    ))),
                    None => Ok(()),
                };
            }
            BoardChange::EditCard { column, .. } => column,
            BoardChange::MoveCard { from, .. } => from,
        };
        match now_in {
            None => Err(Problem::not_found(format!(
                "no card `{}` on board `{board}`",
                id.0
            ))),
            Some(column) if &column != expected => Err(Problem::conflict(format!(
                "card `{}` is in column `{}`, not in column `{}`",
                id.0, column.0, expected.0
            ))),
            Some(_) => Ok(()),
        }
    }

    /// The change applied to every column it touches, refused (nothing changed) when
    /// it would put more than [`MAX_ITEMS`] cards in one.
    fn apply_change(&self, board: &str, change: &BoardChange) -> Result<BoardAnswer, Problem> {
        let mut touched = Vec::new();
        for column in change.columns() {
            let old = self.card_list(board, &column);
            let new = change.apply(&column, &old);
            if new.len() > old.len() && new.len() > MAX_ITEMS {
                return Err(Problem::too_many_items(format!(
                    "column `{}` of board `{board}` already holds {MAX_ITEMS} cards, \
                     the most a column may hold",
                    column.0
                )));
            }
            touched.push((column, new));
        }
        let mut answer = BoardAnswer::new();
        let mut boards = self.boards.borrow_mut();
        for (column, cards) in touched {
            answer.insert(column.0.clone(), cards.clone());
            boards.cards.insert((board.to_owned(), column), cards);
        }
        Ok(answer)
    }

    /// `POST /boards/{board}/changes` with idempotency key `key`, once it has arrived:
    /// the touched columns after the change, or the reference server's refusal.
    pub fn handle(
        &self,
        board: &str,
        change: &BoardChange,
        key: &str,
    ) -> Result<Accepted<BoardAnswer>, Problem> {
        handle_write(
            &self.net,
            &self.replays,
            key,
            &write_of(board, change),
            || check(board, change),
            || {
                self.against(board, change)?;
                self.apply_change(board, change)
            },
        )
    }
}

/// The request that carries `change` to `board`.
fn write_of(board: &str, change: &BoardChange) -> SimWrite {
    SimWrite::new(
        "POST",
        &format!("/boards/{board}"),
        describe(change),
        wire::version::board(board),
        change,
    )
}

impl BoardSource for SimBoard {
    fn columns(
        &self,
        board: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        let (this, board) = (self.clone(), board.to_owned());
        let signal = ctx.signal.clone();
        self.net
            .read(format!("GET /boards/{board}"), signal, move || {
                this.column_list(&board)
            })
    }

    fn cards(
        &self,
        board: &str,
        column: &ColumnId,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        let (this, board, column) = (self.clone(), board.to_owned(), column.clone());
        let request = format!("GET /boards/{board}/columns/{}", column.0);
        self.net
            .read_versioned(request, wire::version::board(&board), ctx, move || {
                this.card_list(&board, &column)
            })
    }

    fn apply(
        &self,
        board: &str,
        change: BoardChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let (this, board) = (self.clone(), board.to_owned());
        let request = write_of(&board, &change).request;
        let sent = send_write(&self.net, ctx, request, move |key| {
            this.handle(&board, &change, key)
        });
        Box::pin(sent.map_ok(drop))
    }
}
