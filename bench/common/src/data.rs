//! The data of the scenarios and the changes made to it. The JSON field names are the ones
//! `bench/driver/driver.js` (the simulated server) and the React contender use.

use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::rc::Rc;

/// One row of a list. The title is an `Rc<str>` so that a row is cheap to clone into
/// props (every Yew contender uses this same type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// Stable id (the key of the row's element).
    pub id: u32,
    /// Shown text.
    pub title: Rc<str>,
    /// Ticked.
    pub done: bool,
}

/// One card of the kanban board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Stable id.
    pub id: u32,
    /// Shown text.
    pub title: Rc<str>,
}

/// The like button's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Likes {
    /// Whether this user likes the post.
    pub liked: bool,
    /// How many users like it.
    pub count: u32,
}

impl Likes {
    /// The state after this user sets `liked` (the count follows).
    pub fn with_liked(self, liked: bool) -> Likes {
        let count = match (self.liked, liked) {
            (false, true) => self.count.saturating_add(1),
            (true, false) => self.count.saturating_sub(1),
            _ => self.count,
        };
        Likes { liked, count }
    }
}

/// What a click on a row (or the list's Add button) asks for. The server's JSON names
/// the variant in `op`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum ListChange {
    /// Tick or untick row `id`.
    Toggle {
        /// Which row.
        id: u32,
        /// Its new state.
        done: bool,
    },
    /// Give row `id` a new title.
    Rename {
        /// Which row.
        id: u32,
        /// Its new title.
        title: Rc<str>,
    },
    /// Append a row made in the browser.
    Add {
        /// Its id, made in the browser ([`new_row_id`]).
        id: u32,
        /// Its title.
        title: Rc<str>,
    },
}

impl ListChange {
    /// The row this change is about.
    pub fn id(&self) -> u32 {
        match self {
            ListChange::Toggle { id, .. }
            | ListChange::Rename { id, .. }
            | ListChange::Add { id, .. } => *id,
        }
    }

    /// Applies the change to `rows` in place (the same rule as the server's).
    pub fn apply(&self, rows: &mut Vec<Row>) {
        match self {
            ListChange::Toggle { id, done } => {
                if let Some(row) = rows.iter_mut().find(|r| r.id == *id) {
                    row.done = *done;
                }
            }
            ListChange::Rename { id, title } => {
                if let Some(row) = rows.iter_mut().find(|r| r.id == *id) {
                    row.title = title.clone();
                }
            }
            ListChange::Add { id, title } => {
                if !rows.iter().any(|r| r.id == *id) {
                    rows.push(Row {
                        id: *id,
                        title: title.clone(),
                        done: false,
                    });
                }
            }
        }
    }
}

/// What a row's buttons ask for: the list turns it into a [`ListChange`] with the row's
/// current state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowAction {
    /// The tick box was clicked; `done` is the state it asks for.
    Toggle(u32, bool),
    /// The rename button was clicked; `title` is the new title ([`renamed`]).
    Rename(u32, Rc<str>),
}

impl From<RowAction> for ListChange {
    fn from(action: RowAction) -> Self {
        match action {
            RowAction::Toggle(id, done) => ListChange::Toggle { id, done },
            RowAction::Rename(id, title) => ListChange::Rename { id, title },
        }
    }
}

/// The title a click on Rename gives: the suffix " (renamed)" is added, or removed when
/// it is there (so repeated runs stay bounded). The React contender does the same.
pub fn renamed(title: &str) -> Rc<str> {
    match title.strip_suffix(" (renamed)") {
        Some(base) => base.into(),
        None => format!("{title} (renamed)").into(),
    }
}

thread_local! {
    static NEXT_ROW: Cell<u32> = const { Cell::new(0) };
}

/// A fresh id for a row added in the browser: the driver's seeded lists use ids below
/// 1,000,000, added rows count up from there (the React contender starts at 2,000,000).
pub fn new_row_id() -> u32 {
    NEXT_ROW.with(|n| {
        let id = n.get();
        n.set(id + 1);
        1_000_000 + id
    })
}

/// A card move: from column `from` to the end of column `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveCard {
    /// The card, as it was shown when it was moved.
    pub card: Card,
    /// Where it was.
    pub from: usize,
    /// Where it goes.
    pub to: usize,
}

impl MoveCard {
    /// Applies the move to column `column`'s cards in place (the same rule as the server's).
    pub fn apply(&self, column: usize, cards: &mut Vec<Card>) {
        if column == self.from {
            cards.retain(|c| c.id != self.card.id);
        }
        if column == self.to && !cards.iter().any(|c| c.id == self.card.id) {
            cards.push(self.card.clone());
        }
    }
}

/// The number of kanban columns.
pub const COLUMNS: usize = 5;

/// The column after `column` (the last wraps to the first).
pub fn next_column(column: usize) -> usize {
    (column + 1) % COLUMNS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_adds_then_removes_the_suffix() {
        let once = renamed("Row 1");
        assert_eq!(&*once, "Row 1 (renamed)");
        assert_eq!(&*renamed(&once), "Row 1");
    }

    #[test]
    fn changes_apply_like_the_server() {
        let mut rows = vec![Row {
            id: 1,
            title: "a".into(),
            done: false,
        }];
        ListChange::Toggle { id: 1, done: true }.apply(&mut rows);
        assert!(rows[0].done);
        let add = ListChange::Add {
            id: 2,
            title: "b".into(),
        };
        add.apply(&mut rows);
        add.apply(&mut rows);
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn a_move_leaves_one_column_and_ends_the_other() {
        let card = Card {
            id: 7,
            title: "c".into(),
        };
        let mut from = vec![card.clone()];
        let mut to = vec![];
        let m = MoveCard {
            card,
            from: 0,
            to: 1,
        };
        m.apply(0, &mut from);
        m.apply(1, &mut to);
        assert!(from.is_empty());
        assert_eq!(to.len(), 1);
        assert_eq!(next_column(COLUMNS - 1), 0);
    }

    #[test]
    fn likes_count_follows() {
        let l = Likes {
            liked: false,
            count: 3,
        };
        assert_eq!(l.with_liked(true).count, 4);
        assert_eq!(l.with_liked(true).with_liked(false), l);
    }
}
