//! Moving a card by pointer (HTML5 drag and drop) or keyboard (pick up, arrows, drop):
//! what the user asked for ([`BoardIntent`]) and where the card would land
//! ([`DropTarget`]). The board's parts speak these; the arithmetic of indices and the
//! state machine that interprets them are in `interaction.rs`.

use super::source::{Card, CardId, ColumnId};
use optimistic_query::MutationId;
use std::cell::RefCell;
use std::rc::Rc;

/// A direction of a keyboard move (or of the move-left/right buttons).
///
/// ```
/// use yew_optimistic::kanban::MoveDir;
/// assert_eq!(MoveDir::from_key("ArrowLeft"), Some(MoveDir::Left));
/// assert_eq!(MoveDir::from_key("a"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoveDir {
    /// To the previous column.
    Left,
    /// To the next column.
    Right,
    /// One place up in the column.
    Up,
    /// One place down in the column.
    Down,
}

impl MoveDir {
    /// The direction of an arrow key (`KeyboardEvent.key`).
    ///
    /// ```
    /// use yew_optimistic::kanban::MoveDir;
    /// assert_eq!(MoveDir::from_key("ArrowDown"), Some(MoveDir::Down));
    /// ```
    pub fn from_key(key: &str) -> Option<MoveDir> {
        match key {
            "ArrowLeft" | "Left" => Some(MoveDir::Left),
            "ArrowRight" | "Right" => Some(MoveDir::Right),
            "ArrowUp" | "Up" => Some(MoveDir::Up),
            "ArrowDown" | "Down" => Some(MoveDir::Down),
            _ => None,
        }
    }
}

/// How a card is being moved.
///
/// ```
/// use yew_optimistic::kanban::MoveMode;
/// assert_ne!(MoveMode::Keyboard, MoveMode::Pointer);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoveMode {
    /// Picked up with Space/Enter, moved with the arrow keys.
    Keyboard,
    /// Dragged with a pointer.
    Pointer,
}

/// Where a moving card would land: a column and the final index in it.
///
/// ```
/// use yew_optimistic::kanban::{ColumnId, DropTarget};
/// let t = DropTarget { column: ColumnId("done".into()), index: 0 };
/// assert_eq!(t.index, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DropTarget {
    /// The column it would enter.
    pub column: ColumnId,
    /// Its index there after the move.
    pub index: usize,
}

/// A card being moved. It is keyed by the card's id and relocated on every step, so a
/// re-render or a refetch landing mid-drag does not lose or misplace it.
///
/// ```
/// use yew_optimistic::kanban::{Card, CardId, ColumnId, MoveMode, Moving};
/// let m = Moving {
///     card: Card { id: CardId("c1".into()), title: "ship".into() },
///     from: ColumnId("todo".into()),
///     mode: MoveMode::Keyboard,
///     target: None,
/// };
/// assert!(m.target.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moving<C = Card> {
    /// The card as shown when it was picked up.
    pub card: C,
    /// The column it is in.
    pub from: ColumnId,
    /// Keyboard or pointer.
    pub mode: MoveMode,
    /// Where it would land now, if over a column.
    pub target: Option<DropTarget>,
}

/// What a part of the board asks the board to do. Columns and cards send these through
/// one stable callback, so their props stay equal between renders.
///
/// ```
/// use yew_optimistic::kanban::{BoardIntent, CardId, MoveDir};
/// let i = BoardIntent::Nudge(CardId("c1".into()), MoveDir::Down);
/// assert_eq!(i, BoardIntent::Nudge(CardId("c1".into()), MoveDir::Down));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BoardIntent {
    /// Keyboard: pick the card up.
    PickUp(CardId),
    /// Keyboard: move the picked-up card's target one step.
    Nudge(CardId, MoveDir),
    /// Keyboard: drop the picked-up card where its target is (sends one move).
    Drop(CardId),
    /// Keyboard: put the picked-up card back.
    Cancel(CardId),
    /// Move the card one column left or right at once (the small arrow buttons).
    Shift(CardId, MoveDir),
    /// Pointer: a drag of the card started.
    DragStart(CardId),
    /// Pointer: the drag is over `column`, at slot `slot`.
    DragOver {
        /// The column under the pointer.
        column: ColumnId,
        /// The slot under the pointer.
        slot: usize,
    },
    /// Pointer: the drag left `column`.
    DragLeave(ColumnId),
    /// Pointer: the card was dropped on `column` at slot `slot`.
    DropAt {
        /// The column it was dropped on.
        column: ColumnId,
        /// The slot it was dropped at.
        slot: usize,
    },
    /// Pointer: the drag ended (after a drop, or cancelled).
    DragEnd,
    /// Add a card titled `title` at the end of `column`.
    Add {
        /// The column.
        column: ColumnId,
        /// The title typed.
        title: String,
    },
    /// Rename a card.
    Edit {
        /// The column it is in.
        column: ColumnId,
        /// The card.
        card: CardId,
        /// The new title.
        title: String,
    },
    /// Send a failed change again.
    Retry(MutationId),
    /// Hide a failed change's message.
    Dismiss(MutationId),
}

/// Which card should take the keyboard focus once it is rendered where it now is (after
/// a move re-creates it in another column, or a reorder moves its element). Shared by
/// the board and its columns; two handles are equal when they are the same request slot.
///
/// ```
/// use yew_optimistic::kanban::{CardId, FocusRequest};
/// let f = FocusRequest::default();
/// f.request(CardId("c1".into()));
/// assert!(f.clone() == f);
/// assert_eq!(f.take_if(|id| id.0 == "c2"), None);
/// assert_eq!(f.take_if(|id| id.0 == "c1"), Some(CardId("c1".into())));
/// assert_eq!(f.take_if(|_| true), None);
/// ```
#[derive(Clone, Debug, Default)]
pub struct FocusRequest(Rc<RefCell<Option<CardId>>>);

impl PartialEq for FocusRequest {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl FocusRequest {
    /// Asks that `card` take the focus when next rendered.
    ///
    /// ```
    /// # use yew_optimistic::kanban::{CardId, FocusRequest};
    /// FocusRequest::default().request(CardId("c1".into()));
    /// ```
    pub fn request(&self, card: CardId) {
        *self.0.borrow_mut() = Some(card);
    }

    /// Withdraws the request (the move it was for sent nothing).
    ///
    /// ```
    /// # use yew_optimistic::kanban::{CardId, FocusRequest};
    /// let f = FocusRequest::default();
    /// f.request(CardId("c1".into()));
    /// f.clear();
    /// assert_eq!(f.take_if(|_| true), None);
    /// ```
    pub fn clear(&self) {
        *self.0.borrow_mut() = None;
    }

    /// Takes the requested card if `here` says this part of the board shows it.
    ///
    /// ```
    /// # use yew_optimistic::kanban::{CardId, FocusRequest};
    /// let f = FocusRequest::default();
    /// assert_eq!(f.take_if(|_| true), None);
    /// ```
    pub fn take_if(&self, here: impl Fn(&CardId) -> bool) -> Option<CardId> {
        let mut slot = self.0.borrow_mut();
        if slot.as_ref().is_some_and(here) {
            slot.take()
        } else {
            None
        }
    }
}
