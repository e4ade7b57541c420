//! Moving a card by pointer (HTML5 drag and drop) or keyboard (pick up, arrows, drop):
//! what the user asked for ([`BoardIntent`]), where the card would land
//! ([`DropTarget`]), and the pure arithmetic of indices.
//!
//! Two index spaces meet here. A *slot* counts positions in a column as it is shown,
//! the moving card included (slot `i` is "just before the `i`-th card"); it is what a
//! pointer hovers over. A *final index* is where the card ends up once it has left its
//! old place, which is what [`BoardChange::MoveCard`](super::BoardChange) carries.

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
pub struct Moving {
    /// The card as shown when it was picked up.
    pub card: Card,
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

/// The final index of a card that sits at `from_index` in column `from` when it is put at
/// `slot` of column `to`. Within its own column the card first leaves its place, so every
/// slot below it is one less.
///
/// ```
/// use yew_optimistic::kanban::{final_index, ColumnId};
/// let (a, b) = (ColumnId("a".into()), ColumnId("b".into()));
/// assert_eq!(final_index(&a, 0, &a, 2), 1); // just below the next card
/// assert_eq!(final_index(&a, 2, &a, 0), 0);
/// assert_eq!(final_index(&a, 0, &b, 2), 2);
/// ```
pub fn final_index(from: &ColumnId, from_index: usize, to: &ColumnId, slot: usize) -> usize {
    if from == to && slot > from_index {
        slot - 1
    } else {
        slot
    }
}

/// Where to draw the drop indicator (a slot) for a card that would land at `index` of
/// the column: the inverse of [`final_index`]. `moving_at` is the moving card's place
/// when it is in this very column.
///
/// ```
/// use yew_optimistic::kanban::indicator_slot;
/// assert_eq!(indicator_slot(2, None), 2);
/// assert_eq!(indicator_slot(1, Some(0)), 2);
/// assert_eq!(indicator_slot(0, Some(0)), 0); // its own place
/// ```
pub fn indicator_slot(index: usize, moving_at: Option<usize>) -> usize {
    match moving_at {
        Some(at) if index > at => index + 1,
        _ => index,
    }
}

/// Whether dropping the card at `target` would leave it where it is (nothing is sent).
///
/// ```
/// use yew_optimistic::kanban::{is_noop, ColumnId, DropTarget};
/// let a = ColumnId("a".into());
/// assert!(is_noop(&a, 1, &DropTarget { column: a.clone(), index: 1 }));
/// assert!(!is_noop(&a, 1, &DropTarget { column: a.clone(), index: 0 }));
/// ```
pub fn is_noop(from: &ColumnId, from_index: usize, target: &DropTarget) -> bool {
    &target.column == from && target.index == from_index
}

/// One keyboard step of a picked-up card. `columns` lists every column with the number of
/// cards it shows; the card's own column (`from`) counts it, which is subtracted here.
/// Left/right keep the index where the other column has room; up/down stop at the ends.
///
/// ```
/// use yew_optimistic::kanban::{nudge, ColumnId, DropTarget, MoveDir};
/// let (a, b) = (ColumnId("a".into()), ColumnId("b".into()));
/// let cols = [(a.clone(), 3), (b.clone(), 1)];
/// let at = DropTarget { column: a.clone(), index: 2 };
/// assert_eq!(nudge(&cols, &a, &at, MoveDir::Right), DropTarget { column: b.clone(), index: 1 });
/// assert_eq!(nudge(&cols, &a, &at, MoveDir::Down), at); // already last
/// assert_eq!(nudge(&cols, &a, &at, MoveDir::Left), at); // no column to the left
/// assert_eq!(nudge(&cols, &a, &at, MoveDir::Up).index, 1);
/// ```
pub fn nudge(
    columns: &[(ColumnId, usize)],
    from: &ColumnId,
    at: &DropTarget,
    dir: MoveDir,
) -> DropTarget {
    let room = |i: usize| -> usize {
        let (id, len) = &columns[i];
        // The final index can be at most the number of the column's other cards.
        if id == from {
            len.saturating_sub(1)
        } else {
            *len
        }
    };
    let Some(pos) = columns.iter().position(|(id, _)| id == &at.column) else {
        return at.clone();
    };
    let (col, index) = match dir {
        MoveDir::Up => (pos, at.index.saturating_sub(1)),
        MoveDir::Down => (pos, (at.index + 1).min(room(pos))),
        MoveDir::Left if pos > 0 => (pos - 1, at.index.min(room(pos - 1))),
        MoveDir::Right if pos + 1 < columns.len() => (pos + 1, at.index.min(room(pos + 1))),
        MoveDir::Left | MoveDir::Right => (pos, at.index),
    };
    DropTarget {
        column: columns[col].0.clone(),
        index,
    }
}

/// The slot a pointer at height `y` points to, given the vertical midpoints of the
/// column's cards in order: before the first card whose middle is below the pointer.
///
/// ```
/// use yew_optimistic::kanban::slot_at;
/// let mids = [10.0, 30.0, 50.0];
/// assert_eq!(slot_at(&mids, 0.0), 0);
/// assert_eq!(slot_at(&mids, 35.0), 2);
/// assert_eq!(slot_at(&mids, 99.0), 3);
/// ```
pub fn slot_at(midpoints: &[f64], y: f64) -> usize {
    midpoints
        .iter()
        .position(|&m| y < m)
        .unwrap_or(midpoints.len())
}

/// The slot under the pointer at `client_y` in a list element whose card children carry
/// `data-testid="card"` (other children, such as the drop indicator, are skipped).
///
/// Reads `getBoundingClientRect` through `Reflect`, so no extra web-sys feature is
/// needed; a child whose box cannot be read counts as below the pointer.
///
/// ```no_run
/// # fn demo(list: &web_sys::Element) {
/// let slot = yew_optimistic::kanban::slot_in_list(list, 120.0);
/// # let _ = slot;
/// # }
/// ```
pub fn slot_in_list(list: &web_sys::Element, client_y: f64) -> usize {
    let mut mids = Vec::new();
    let mut child = list.first_element_child();
    while let Some(el) = child {
        if el.get_attribute("data-testid").as_deref() == Some("card") {
            mids.push(vertical_middle(&el).unwrap_or(f64::INFINITY));
        }
        child = el.next_element_sibling();
    }
    slot_at(&mids, client_y)
}

fn vertical_middle(el: &web_sys::Element) -> Option<f64> {
    use wasm_bindgen::JsCast;
    let f = js_sys::Reflect::get(el, &"getBoundingClientRect".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let rect = f.call0(el).ok()?;
    let top = js_sys::Reflect::get(&rect, &"top".into()).ok()?.as_f64()?;
    let height = js_sys::Reflect::get(&rect, &"height".into())
        .ok()?
        .as_f64()?;
    Some(top + height / 2.0)
}
