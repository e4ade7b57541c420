//! The kanban board's data (columns of cards) and the changes a user makes, with the pure
//! [`BoardChange::apply`] shared by the component, the gallery's simulated server and the
//! reference server.

use serde::{Deserialize, Serialize};

/// A card's id (made in the browser for new cards).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CardId(pub String);

/// A column's id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ColumnId(pub String);

/// What yew-optimistic's `KanbanBoard` needs of a card: an id, a title to show and
/// rename, and a way to make one from an add. An app's own card type implements it (and
/// keeps its other fields: labels, an assignee), and the board's `render_card` prop can
/// show them.
///
/// ```
/// use wire::board::{BoardChange, CardId, ColumnId, KanbanCard};
///
/// #[derive(Clone, PartialEq)]
/// struct Ticket { key: String, summary: String, points: u8 }
///
/// impl KanbanCard for Ticket {
///     fn id(&self) -> CardId { CardId(self.key.clone()) }
///     fn title(&self) -> &str { &self.summary }
///     fn set_title(&mut self, title: String) { self.summary = title; }
///     fn new_card(id: &CardId, title: String) -> Self {
///         Ticket { key: id.0.clone(), summary: title, points: 0 }
///     }
/// }
///
/// let todo = vec![Ticket { key: "T-1".into(), summary: "ship".into(), points: 3 }];
/// let (a, b) = (ColumnId("todo".into()), ColumnId("done".into()));
/// let mv = BoardChange::MoveCard { card: todo[0].clone(), from: a.clone(), to: b.clone(), index: 0 };
/// assert_eq!(mv.apply(&b, &[])[0].points, 3, "its own fields travel with it");
/// ```
pub trait KanbanCard: Clone + PartialEq + 'static {
    /// Its stable id.
    fn id(&self) -> CardId;
    /// The text shown and renamed (rendered as text, never as HTML).
    fn title(&self) -> &str;
    /// Renames it.
    fn set_title(&mut self, title: String);
    /// A new card made by an add (its other fields get their defaults until the server's
    /// answer replaces it).
    fn new_card(id: &CardId, title: String) -> Self;
}

/// A card: the card type the board uses unless an app brings its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// Stable id.
    pub id: CardId,
    /// Title, rendered as text.
    pub title: String,
}

impl KanbanCard for Card {
    fn id(&self) -> CardId {
        self.id.clone()
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn set_title(&mut self, title: String) {
        self.title = title;
    }
    fn new_card(id: &CardId, title: String) -> Self {
        Card {
            id: id.clone(),
            title,
        }
    }
}

/// A column's header; its cards are the board's cards whose column it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Stable id.
    pub id: ColumnId,
    /// Title.
    pub title: String,
}

/// A change to the board. The board paints it as one change of one card in its
/// collection of cards (a move: the card's column and position). `C` is the card type
/// (by default [`Card`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoardChange<C = Card> {
    /// Adds a card at the end of a column.
    AddCard {
        /// Column.
        column: ColumnId,
        /// The new card.
        card: C,
    },
    /// Edits a card's title.
    EditCard {
        /// Column it is in.
        column: ColumnId,
        /// Card.
        id: CardId,
        /// New title.
        title: String,
    },
    /// Moves a card to `index` in column `to` (which may be `from`). It carries the card,
    /// so the column it enters can show it before the server answers.
    MoveCard {
        /// The card as the user saw it.
        card: C,
        /// Column it leaves.
        from: ColumnId,
        /// Column it enters.
        to: ColumnId,
        /// Position in `to` after the move (clamped).
        index: usize,
    },
}

impl<C: KanbanCard> BoardChange<C> {
    /// The card the change is about (the scope that serialises its moves).
    ///
    /// ```
    /// use wire::board::{BoardChange, Card, CardId, ColumnId};
    /// let card = Card { id: CardId("c".into()), title: "ship".into() };
    /// let m = BoardChange::MoveCard { card, from: ColumnId("a".into()), to: ColumnId("b".into()), index: 0 };
    /// assert_eq!(m.card(), CardId("c".into()));
    /// ```
    pub fn card(&self) -> CardId {
        match self {
            BoardChange::AddCard { card, .. } | BoardChange::MoveCard { card, .. } => card.id(),
            BoardChange::EditCard { id, .. } => id.clone(),
        }
    }

    /// The cards of `column` after this change (unchanged if the change does not touch
    /// it). Idempotent: a card already where the move puts it stays there, a card added
    /// twice is added once.
    ///
    /// ```
    /// use wire::board::{BoardChange, Card, CardId, ColumnId};
    /// let todo = vec![Card { id: CardId("c".into()), title: "ship".into() }];
    /// let mv = BoardChange::MoveCard { card: todo[0].clone(), from: ColumnId("todo".into()), to: ColumnId("done".into()), index: 0 };
    /// assert!(mv.apply(&ColumnId("todo".into()), &todo).is_empty());
    /// assert_eq!(mv.apply(&ColumnId("done".into()), &[]), todo);
    /// ```
    pub fn apply(&self, column: &ColumnId, cards: &[C]) -> Vec<C> {
        let mut out = cards.to_vec();
        match self {
            BoardChange::AddCard { column: c, card }
                if c == column && !out.iter().any(|x| x.id() == card.id()) =>
            {
                out.push(card.clone());
            }
            BoardChange::EditCard {
                column: c,
                id,
                title,
            } if c == column => {
                if let Some(card) = out.iter_mut().find(|x| &x.id() == id) {
                    card.set_title(title.clone());
                }
            }
            BoardChange::MoveCard {
                card,
                from,
                to,
                index,
            } if from == column || to == column => {
                // Keep the title the column has (an edit may have landed since the move
                // was made), else the one the move carries.
                let taken = out
                    .iter()
                    .position(|x| x.id() == card.id())
                    .map(|i| out.remove(i));
                if to == column {
                    let moved = taken.unwrap_or_else(|| card.clone());
                    out.insert((*index).min(out.len()), moved);
                }
            }
            _ => {}
        }
        out
    }

    /// The columns this change touches.
    ///
    /// ```
    /// use wire::board::{BoardChange, Card, CardId, ColumnId};
    /// let card = Card { id: CardId("c".into()), title: "ship".into() };
    /// let m = BoardChange::MoveCard { card, from: ColumnId("a".into()), to: ColumnId("b".into()), index: 0 };
    /// assert_eq!(m.columns().len(), 2);
    /// ```
    pub fn columns(&self) -> Vec<ColumnId> {
        match self {
            BoardChange::AddCard { column, .. } | BoardChange::EditCard { column, .. } => {
                vec![column.clone()]
            }
            BoardChange::MoveCard { from, to, .. } if from == to => vec![from.clone()],
            BoardChange::MoveCard { from, to, .. } => vec![from.clone(), to.clone()],
        }
    }
}
