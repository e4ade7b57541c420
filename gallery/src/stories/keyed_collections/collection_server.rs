//! The keyed collections' simulated API: a list endpoint of up to 10,000 rows and one of
//! up to 2,000 cards (each read whole, as a list endpoint is), and a change endpoint for
//! each, with the gallery server's latency, failure injection, offline and idempotency
//! keys. The reference server has no such endpoints, so on the HTTP backend the page runs
//! on a simulated network of its own.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use serde::{Deserialize, Serialize};
use wire::limits::MAX_TITLE_CHARS;
use wire::problem::Problem;
use wire::validate;
use yew_optimistic::optimistic_query::AbortSignal;
use yew_optimistic::{FetchError, MutationContext};

use super::one_row::OneRowChange;
use crate::server::{idempotent_write, Replays, SimNetwork, SimWrite};

/// The most rows the list endpoint serves.
pub const MAX_ROWS: u32 = 10_000;
/// The most cards the board endpoint serves.
pub const MAX_CARDS: u32 = 2_000;
/// Columns of the board.
pub const COLUMNS: [&str; 5] = ["Backlog", "To do", "Doing", "Review", "Done"];

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Todo {
    /// Its key in the collection.
    pub id: u32,
    /// What it says.
    pub title: String,
    /// Ticked off.
    pub done: bool,
}

/// One card of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// Its key in the collection.
    pub id: u32,
    /// What it says.
    pub title: String,
    /// Index into [`COLUMNS`].
    pub column: u8,
    /// Order within its column, smallest first.
    pub position: i64,
}

/// A change to one row. It carries the value it sets, not "flip", so sending it twice
/// (a retry under its idempotency key) or after another change still means one thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RowChange {
    /// Sets `done`.
    Toggle {
        /// The row.
        id: u32,
        /// Its new state.
        done: bool,
    },
    /// Sets the title.
    Rename {
        /// The row.
        id: u32,
        /// Its new title.
        title: String,
    },
}

impl OneRowChange for RowChange {
    type Row = Todo;

    fn key_of(row: &Todo) -> u32 {
        row.id
    }

    fn id(&self) -> u32 {
        match self {
            RowChange::Toggle { id, .. } | RowChange::Rename { id, .. } => *id,
        }
    }

    fn apply(&self, row: &mut Todo) {
        match self {
            RowChange::Toggle { done, .. } => row.done = *done,
            RowChange::Rename { title, .. } => row.title.clone_from(title),
        }
    }

    fn describe(&self) -> String {
        match self {
            RowChange::Toggle { id, done: true } => format!("tick row {id}"),
            RowChange::Toggle { id, done: false } => format!("untick row {id}"),
            RowChange::Rename { id, title } => format!("rename row {id} to “{title}”"),
        }
    }
}

/// A card moved to another column, at a position the client chose (so the optimistic
/// board and the server's agree).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardMove {
    /// The card.
    pub id: u32,
    /// The column it is in (a card another move took elsewhere is a 409).
    pub from: u8,
    /// The column it goes to.
    pub to: u8,
    /// Its position there.
    pub position: i64,
}

impl OneRowChange for CardMove {
    type Row = Card;

    fn key_of(card: &Card) -> u32 {
        card.id
    }

    fn id(&self) -> u32 {
        self.id
    }

    fn apply(&self, card: &mut Card) {
        card.column = self.to;
        card.position = self.position;
    }

    fn describe(&self) -> String {
        let name = |c: u8| COLUMNS.get(usize::from(c)).copied().unwrap_or("?");
        format!(
            "move card {} from {} to {}",
            self.id,
            name(self.from),
            name(self.to)
        )
    }
}

/// The title a seeded row has.
pub fn row_title(id: u32) -> String {
    format!("Row {id}")
}

fn seed_rows(count: u32) -> BTreeMap<u32, Todo> {
    (1..=count.min(MAX_ROWS))
        .map(|id| {
            let todo = Todo {
                id,
                title: row_title(id),
                done: false,
            };
            (id, todo)
        })
        .collect()
}

/// Cards dealt round the columns, in order, so each column holds a fifth of them.
fn seed_cards(count: u32) -> BTreeMap<u32, Card> {
    let columns = COLUMNS.len() as u32;
    (1..=count.min(MAX_CARDS))
        .map(|id| {
            let card = Card {
                id,
                title: format!("Card {id}"),
                column: ((id - 1) % columns) as u8,
                position: i64::from(id),
            };
            (id, card)
        })
        .collect()
}

/// The rows and cards the server holds.
#[derive(Clone)]
pub struct SimCollections {
    net: SimNetwork,
    rows: Rc<RefCell<BTreeMap<u32, Todo>>>,
    cards: Rc<RefCell<BTreeMap<u32, Card>>>,
    replays: Rc<RefCell<Replays<()>>>,
}

/// Equal when it is the same server.
impl PartialEq for SimCollections {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
    }
}

impl SimCollections {
    /// `rows` rows and `cards` cards on `net`.
    pub fn new(net: SimNetwork, rows: u32, cards: u32) -> Self {
        SimCollections {
            net,
            rows: Rc::new(RefCell::new(seed_rows(rows))),
            cards: Rc::new(RefCell::new(seed_cards(cards))),
            replays: Rc::default(),
        }
    }

    /// `GET /rows`: every row, by id.
    pub fn rows(
        &self,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<Vec<Todo>, FetchError>> {
        let rows = self.rows.clone();
        self.net.read("GET /rows".into(), signal, move || {
            rows.borrow().values().cloned().collect()
        })
    }

    /// `GET /cards`: every card, by id.
    pub fn cards(
        &self,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
        let cards = self.cards.clone();
        self.net.read("GET /cards".into(), signal, move || {
            cards.borrow().values().cloned().collect()
        })
    }

    /// `POST /rows/{id}`: one row changed, once per idempotency key; a 404 for a row
    /// that is not there, a 422 for a title the reference server would refuse.
    pub fn change_row(
        &self,
        change: RowChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let this = self.clone();
        Box::pin(async move {
            let id = change.id();
            let write = SimWrite::new(
                "POST",
                &format!("/rows/{id}"),
                change.describe(),
                "rows".into(),
                &change,
            );
            let check = || match &change {
                RowChange::Rename { title, .. } => validate::title(title, MAX_TITLE_CHARS),
                RowChange::Toggle { .. } => Ok(()),
            };
            let apply = || match this.rows.borrow_mut().get_mut(&id) {
                Some(row) => {
                    change.apply(row);
                    Ok(())
                }
                None => Err(Problem::not_found(format!("no row {id}"))),
            };
            idempotent_write(&this.net, &this.replays, &ctx, &write, check, apply).await
        })
    }

    /// `POST /cards/{id}/move`: one card moved, once per idempotency key; a 404 for an
    /// unknown card or column, a 409 when the card is no longer where the move says.
    pub fn move_card(
        &self,
        change: CardMove,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let this = self.clone();
        Box::pin(async move {
            let write = SimWrite::new(
                "POST",
                &format!("/cards/{}/move", change.id),
                change.describe(),
                "cards".into(),
                &change,
            );
            let check = || {
                if usize::from(change.to) < COLUMNS.len() {
                    Ok(())
                } else {
                    Err(Problem::not_found(format!("no column {}", change.to)))
                }
            };
            let apply = || match this.cards.borrow_mut().get_mut(&change.id) {
                None => Err(Problem::not_found(format!("no card {}", change.id))),
                Some(card) if card.column != change.from => Err(Problem::conflict(format!(
                    "card {} is in column {}, not {}",
                    change.id, card.column, change.from
                ))),
                Some(card) => {
                    change.apply(card);
                    Ok(())
                }
            };
            idempotent_write(&this.net, &this.replays, &ctx, &write, check, apply).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_deals_cards_evenly_round_the_columns() {
        let cards = seed_cards(MAX_CARDS);
        for column in 0..COLUMNS.len() as u8 {
            let n = cards.values().filter(|c| c.column == column).count();
            assert_eq!(n, 400, "column {column}");
        }
        assert_eq!(seed_rows(MAX_ROWS + 5).len(), MAX_ROWS as usize);
    }

    #[test]
    fn a_change_sets_a_value_so_applying_it_twice_is_applying_it_once() {
        let mut row = Todo {
            id: 1,
            title: row_title(1),
            done: false,
        };
        let tick = RowChange::Toggle { id: 1, done: true };
        tick.apply(&mut row);
        tick.apply(&mut row);
        assert!(row.done);
    }
}
