//! The simulated kanban API behind [`BoardSource`]: the same [`BoardChange::apply`] the
//! board paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::kanban::{BoardChange, BoardSource, Card, CardId, Column, ColumnId};
use yew_optimistic::{FetchError, MutationContext};

use super::idempotency::{idempotent_write, Replays};
use super::network::SimNetwork;

/// The seed board: three columns and a few cards.
fn seed_board() -> (Vec<Column>, HashMap<ColumnId, Vec<Card>>) {
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
    let mut cards = HashMap::new();
    cards.insert(
        ColumnId("todo".into()),
        vec![
            card("c1", "Write the release notes"),
            card("c2", "Fix the login redirect"),
            card("c3", "Review the offline queue"),
        ],
    );
    cards.insert(
        ColumnId("doing".into()),
        vec![card("c4", "Kanban drag and drop")],
    );
    cards.insert(ColumnId("done".into()), vec![card("c5", "Set up CI")]);
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
    boards: Rc<RefCell<Boards>>,
    replays: Rc<RefCell<Replays<()>>>,
}

impl SimBoard {
    /// An empty store on `net`; a board is seeded when first asked for.
    pub fn new(net: SimNetwork) -> Self {
        SimBoard {
            net,
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
        let (columns, cards) = seed_board();
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
    fn columns(&self, board: &str) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
        let (this, board) = (self.clone(), board.to_owned());
        self.net.read(format!("GET /boards/{board}"), move || {
            this.column_list(&board)
        })
    }

    fn cards(
        &self,
        board: &str,
        column: &ColumnId,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        let (this, board, column) = (self.clone(), board.to_owned(), column.clone());
        let request = format!("GET /boards/{board}/columns/{}", column.0);
        self.net
            .read(request, move || this.card_list(&board, &column))
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
                (&request, &what),
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
