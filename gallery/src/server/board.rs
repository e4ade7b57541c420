//! The simulated kanban API behind [`BoardSource`]: the same [`BoardChange::apply`] the
//! board paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::kanban::{BoardChange, BoardSource, Card, CardId, Column, ColumnId};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use super::idempotency::{idempotent_write, Replays};
use super::network::SimNetwork;

/// Card titles of the seed board, in the order they are dealt.
const SEED_CARDS: [&str; 12] = [
    "Write the release notes",
    "Fix the login redirect",
    "Review the offline queue",
    "Kanban drag and drop",
    "Set up CI",
    "Translate the gallery",
    "Profile the list at 10k rows",
    "Audit the focus order",
    "Idempotency keys on the server",
    "Dark theme screenshots",
    "Benchmark against TanStack",
    "Ship 0.1",
];

/// The most cards a seeded board has.
pub const MAX_CARDS: usize = SEED_CARDS.len();

/// The seed board: three columns, and the first `count` seed cards dealt to them in the
/// pattern To do, To do, To do, Doing, Done (five cards: three, one, one).
fn seed_board(count: usize) -> (Vec<Column>, HashMap<ColumnId, Vec<Card>>) {
    let column = |id: &str, title: &str| Column {
        id: ColumnId(id.into()),
        title: title.into(),
    };
    let card = |id: &str, title: &str| Card {
        id: CardId(id.into()),
        title: title.into(),
    };
    let columns = vec![
        column("todo", "To do"),
        column("doing", "Doing"),
        column("done", "Done"),
    ];
    let mut cards: HashMap<ColumnId, Vec<Card>> =
        columns.iter().map(|c| (c.id.clone(), Vec::new())).collect();
    const DEAL: [&str; 5] = ["todo", "todo", "todo", "doing", "done"];
    for (i, title) in SEED_CARDS.iter().take(count).enumerate() {
        let column = ColumnId(DEAL[i % DEAL.len()].into());
        if let Some(list) = cards.get_mut(&column) {
            list.push(card(&format!("c{}", i + 1), title));
        }
    }
    (columns, cards)
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
    replays: Rc<RefCell<Replays<()>>>,
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

/// The 422 a real API gives for an empty title.
fn validate(change: &BoardChange) -> Result<(), String> {
    let title = match change {
        BoardChange::AddCard { card, .. } => &card.title,
        BoardChange::EditCard { title, .. } => title,
        BoardChange::MoveCard { .. } => return Ok(()),
    };
    if title.trim().is_empty() {
        Err("a card title cannot be empty".into())
    } else {
        Ok(())
    }
}

impl BoardSource for SimBoard {
    fn columns(
        &self,
        board: &str,
        _ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        let (this, board) = (self.clone(), board.to_owned());
        self.net.read(format!("GET /boards/{board}"), move || {
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
        self.net.read_versioned(
            request,
            format!("board:{board}"),
            ctx.version.clone(),
            move || this.card_list(&board, &column),
        )
    }

    fn apply(
        &self,
        board: &str,
        change: BoardChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let this = self.clone();
        let board = board.to_owned();
        Box::pin(async move {
            let what = describe(&change);
            let request = format!("POST /boards/{board} {what}");
            idempotent_write(
                &this.net,
                &this.replays,
                &ctx,
                (&request, &what, &format!("board:{board}")),
                || validate(&change),
                || {
                    for column in change.columns() {
                        let next = change.apply(&column, &this.card_list(&board, &column));
                        this.boards
                            .borrow_mut()
                            .cards
                            .insert((board.clone(), column), next);
                    }
                },
            )
            .await
        })
    }
}
