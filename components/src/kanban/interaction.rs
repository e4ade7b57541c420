//! The board's interaction state machine, without the DOM: a card picked up with the
//! keyboard or dragged with a pointer, where it would land, what the screen reader is
//! told, and the change a finished move sends. Pure (it reads the board through
//! [`BoardData`]), so it is tested natively.
//!
//! Two index spaces meet here. A *slot* counts positions in a column as it is shown, the
//! moving card included (slot `i` is "just before the `i`-th card"); it is what a
//! pointer hovers over. A *final index* is where the card ends up once it has left its old
//! place, which is what [`BoardChange::MoveCard`] carries.

use super::drag::{BoardIntent, DropTarget, FocusRequest, MoveDir, MoveMode, Moving};
use super::source::{BoardChange, CardId, Column, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use std::rc::Rc;

/// What the interaction reads of the board: its columns and the cards each shows now
/// (optimistic changes included). Read at every step rather than remembered, so a
/// refetch or another change landing mid-move never sends a stale position.
pub(crate) trait BoardData<C: KanbanCard> {
    fn columns(&self) -> &[Column];
    fn cards(&self, column: &ColumnId) -> Rc<Vec<C>>;

    /// Where a card is shown now: its column, index and the card.
    fn locate(&self, id: &CardId) -> Option<(ColumnId, usize, C)> {
        self.columns().iter().find_map(|col| {
            let cards = self.cards(&col.id);
            cards
                .iter()
                .position(|c| &c.id() == id)
                .map(|i| (col.id.clone(), i, cards[i].clone()))
        })
    }

    fn title_of(&self, column: &ColumnId) -> String {
        column_title(self.columns(), column)
    }

    /// "“Done”, position 2 of 3" for a target of a card coming from `from`.
    fn describe(&self, strings: &BoardStrings, from: &ColumnId, target: &DropTarget) -> String {
        let len = self.cards(&target.column).len();
        let total = if &target.column == from { len } else { len + 1 };
        BoardStrings::fill(
            &strings.position,
            &[
                ("column", &self.title_of(&target.column)),
                ("position", &(target.index + 1).to_string()),
                ("total", &total.max(1).to_string()),
            ],
        )
    }
}

/// A column's title (its id if it is not known).
pub(crate) fn column_title(columns: &[Column], id: &ColumnId) -> String {
    columns
        .iter()
        .find(|c| &c.id == id)
        .map_or_else(|| id.0.clone(), |c| c.title.clone())
}

/// The pointer or keyboard move in progress, and what the user was last told.
#[derive(Clone, Debug)]
pub(crate) struct Interaction<C> {
    pub moving: Option<Moving<C>>,
    pub announcement: String,
}

impl<C> Default for Interaction<C> {
    fn default() -> Self {
        Interaction {
            moving: None,
            announcement: String::new(),
        }
    }
}

/// What one intent leads to, carried out once the borrows are released.
#[derive(Debug, PartialEq)]
pub(crate) struct Outcome<C> {
    pub rerender: bool,
    pub send: Option<BoardChange<C>>,
}

impl<C> Default for Outcome<C> {
    fn default() -> Self {
        Outcome {
            rerender: false,
            send: None,
        }
    }
}

impl<C> Outcome<C> {
    fn render() -> Self {
        Outcome {
            rerender: true,
            send: None,
        }
    }

    fn send(change: BoardChange<C>) -> Self {
        Outcome {
            rerender: true,
            send: Some(change),
        }
    }
}

/// What the interaction reads while it handles an intent: the board's data, the words
/// it announces in, and the request that moves focus to a card's next element.
pub(crate) struct Ctx<'a, C> {
    pub board: &'a dyn BoardData<C>,
    pub words: &'a BoardStrings,
    pub focus: &'a FocusRequest,
}

impl<C: KanbanCard> Interaction<C> {
    /// Whether `id` is the card being moved in `mode`.
    fn is_moving(&self, id: &CardId, mode: MoveMode) -> bool {
        self.moving
            .as_ref()
            .is_some_and(|m| &m.card.id() == id && m.mode == mode)
    }

    /// Applies one intent. Retry and Dismiss of refused changes are not the
    /// interaction's business (the board hands them to its refused changes).
    pub(crate) fn handle(&mut self, cx: &Ctx<'_, C>, intent: BoardIntent) -> Outcome<C> {
        match intent {
            BoardIntent::PickUp(id) => self.pick_up(cx, id),
            BoardIntent::Nudge(id, dir) => self.nudge(cx, id, dir),
            BoardIntent::Drop(id) => self.put_down(cx, &id),
            BoardIntent::Cancel(id) => self.cancel(cx, &id),
            BoardIntent::Shift(id, dir) => self.shift(cx, id, dir),
            BoardIntent::DragStart(id) => self.drag_start(cx.board, &id),
            BoardIntent::DragOver { column, slot } => self.drag_over(cx.board, column, slot),
            BoardIntent::DragLeave(column) => self.drag_leave(&column),
            BoardIntent::DropAt { column, slot } => self.drop_at(cx, column, slot),
            BoardIntent::DragEnd => Outcome {
                rerender: self
                    .moving
                    .take_if(|m| m.mode == MoveMode::Pointer)
                    .is_some(),
                send: None,
            },
            BoardIntent::Add { column, title } => self.add(cx, column, &title),
            BoardIntent::Edit {
                column,
                card,
                title,
            } => edit(cx.board, column, card, &title),
            BoardIntent::Retry(_) | BoardIntent::Dismiss(_) => Outcome::default(),
        }
    }

    /// The keyboard move ends where its target is.
    fn put_down(&mut self, cx: &Ctx<'_, C>, id: &CardId) -> Outcome<C> {
        if !self.is_moving(id, MoveMode::Keyboard) {
            return Outcome::default();
        }
        let moving = self.moving.take();
        let (Some(m), Some((from, index, card))) = (moving, cx.board.locate(id)) else {
            return Outcome::render();
        };
        match m.target {
            Some(target) => self.finish(cx, card, (from, index), target),
            None => Outcome::render(),
        }
    }

    /// The keyboard move ends with the card where it was.
    fn cancel(&mut self, cx: &Ctx<'_, C>, id: &CardId) -> Outcome<C> {
        if !self.is_moving(id, MoveMode::Keyboard) {
            return Outcome::default();
        }
        if let Some(m) = self.moving.take() {
            self.announcement = BoardStrings::fill(
                &cx.words.cancelled,
                &[
                    ("title", m.card.title()),
                    ("column", &cx.board.title_of(&m.from)),
                ],
            );
        }
        Outcome::render()
    }

    fn drag_start(&mut self, board: &dyn BoardData<C>, id: &CardId) -> Outcome<C> {
        let Some((from, _, card)) = board.locate(id) else {
            return Outcome::default();
        };
        self.moving = Some(Moving {
            card,
            from,
            mode: MoveMode::Pointer,
            target: None,
        });
        Outcome::render()
    }

    /// The pointer left `column`: no drop indicator there any more.
    fn drag_leave(&mut self, column: &ColumnId) -> Outcome<C> {
        match self.moving.as_mut() {
            Some(m)
                if m.mode == MoveMode::Pointer
                    && m.target.as_ref().is_some_and(|t| &t.column == column) =>
            {
                m.target = None;
                Outcome::render()
            }
            _ => Outcome::default(),
        }
    }

    fn drop_at(&mut self, cx: &Ctx<'_, C>, column: ColumnId, slot: usize) -> Outcome<C> {
        let Some(m) = self.moving.take_if(|m| m.mode == MoveMode::Pointer) else {
            return Outcome::default();
        };
        let Some((from, index, card)) = cx.board.locate(&m.card.id()) else {
            return Outcome::render();
        };
        let target = DropTarget {
            index: final_index(&from, index, &column, slot),
            column,
        };
        self.finish(cx, card, (from, index), target)
    }

    /// A new card titled `title` (trimmed; nothing for an empty title) at the end of
    /// `column`.
    fn add(&mut self, cx: &Ctx<'_, C>, column: ColumnId, title: &str) -> Outcome<C> {
        let title = title.trim().to_string();
        if title.is_empty() {
            return Outcome::default();
        }
        self.announcement = BoardStrings::fill(
            &cx.words.added,
            &[("title", &title), ("column", &cx.board.title_of(&column))],
        );
        Outcome::send(BoardChange::AddCard {
            column,
            card: C::new_card(&super::new_card_id(), title),
        })
    }

    fn pick_up(&mut self, cx: &Ctx<'_, C>, id: CardId) -> Outcome<C> {
        let (board, words) = (cx.board, cx.words);
        let Some((from, index, card)) = board.locate(&id) else {
            return Outcome::default();
        };
        self.announcement = BoardStrings::fill(&words.picked_up, &[("title", card.title())]);
        self.moving = Some(Moving {
            card,
            from: from.clone(),
            mode: MoveMode::Keyboard,
            target: Some(DropTarget {
                column: from,
                index,
            }),
        });
        Outcome::render()
    }

    fn nudge(&mut self, cx: &Ctx<'_, C>, id: CardId, dir: MoveDir) -> Outcome<C> {
        let (board, words) = (cx.board, cx.words);
        if !self.is_moving(&id, MoveMode::Keyboard) {
            return Outcome::default();
        }
        let Some((from, index, _)) = board.locate(&id) else {
            self.moving = None;
            return Outcome::render();
        };
        let counts: Vec<(ColumnId, usize)> = board
            .columns()
            .iter()
            .map(|c| (c.id.clone(), board.cards(&c.id).len()))
            .collect();
        let Some(m) = self.moving.as_mut() else {
            return Outcome::default();
        };
        m.from = from.clone();
        let at = m.target.clone().unwrap_or(DropTarget {
            column: from.clone(),
            index,
        });
        let next = nudge(&counts, &from, &at, dir);
        self.announcement = BoardStrings::fill(
            &words.moving_to,
            &[
                ("title", m.card.title()),
                ("position", &board.describe(words, &from, &next)),
            ],
        );
        m.target = Some(next);
        Outcome::render()
    }

    fn shift(&mut self, cx: &Ctx<'_, C>, id: CardId, dir: MoveDir) -> Outcome<C> {
        let board = cx.board;
        let Some((from, index, card)) = board.locate(&id) else {
            return Outcome::default();
        };
        let columns = board.columns();
        let Some(pos) = columns.iter().position(|c| c.id == from) else {
            return Outcome::default();
        };
        let to = match dir {
            MoveDir::Left => pos.checked_sub(1),
            MoveDir::Right => Some(pos + 1),
            MoveDir::Up | MoveDir::Down => None,
        }
        .and_then(|i| columns.get(i));
        let Some(to) = to else {
            return Outcome::default();
        };
        let target = DropTarget {
            column: to.id.clone(),
            index: index.min(board.cards(&to.id).len()),
        };
        self.finish(cx, card, (from, index), target)
    }

    fn drag_over(&mut self, board: &dyn BoardData<C>, column: ColumnId, slot: usize) -> Outcome<C> {
        let Some(m) = self.moving.as_ref().filter(|m| m.mode == MoveMode::Pointer) else {
            return Outcome::default();
        };
        let Some((from, index, _)) = board.locate(&m.card.id()) else {
            return Outcome::default();
        };
        let target = Some(DropTarget {
            index: final_index(&from, index, &column, slot),
            column,
        });
        match self.moving.as_mut() {
            // dragover fires many times a second; render only when the target moves.
            Some(m) if m.target != target || m.from != from => {
                m.target = target;
                m.from = from;
                Outcome::render()
            }
            _ => Outcome::default(),
        }
    }

    /// Ends a move at `target`: sends one `MoveCard`, or nothing when the card would stay
    /// where it is.
    fn finish(
        &mut self,
        cx: &Ctx<'_, C>,
        card: C,
        (from, index): (ColumnId, usize),
        target: DropTarget,
    ) -> Outcome<C> {
        let (board, words) = (cx.board, cx.words);
        if is_noop(&from, index, &target) {
            self.announcement = BoardStrings::fill(&words.stays, &[("title", card.title())]);
            return Outcome::render();
        }
        self.announcement = BoardStrings::fill(
            &words.moved,
            &[
                ("title", card.title()),
                ("position", &board.describe(words, &from, &target)),
            ],
        );
        // The card's element is re-created in its new column (or moved in its list): the
        // column that shows it next focuses it, so the keyboard user keeps their place.
        cx.focus.request(card.id());
        Outcome::send(BoardChange::MoveCard {
            card,
            from,
            to: target.column,
            index: target.index,
        })
    }
}

/// A rename of `card` to `title` (trimmed); nothing when it is empty or the same.
fn edit<C: KanbanCard>(
    board: &dyn BoardData<C>,
    column: ColumnId,
    card: CardId,
    title: &str,
) -> Outcome<C> {
    let title = title.trim().to_string();
    let unchanged = board
        .locate(&card)
        .is_some_and(|(_, _, c)| c.title() == title);
    if title.is_empty() || unchanged {
        return Outcome::default();
    }
    Outcome::send(BoardChange::EditCard {
        column,
        id: card,
        title,
    })
}

/// The final index of a card that sits at `from_index` in column `from` when it is put at
/// `slot` of column `to`. Within its own column the card first leaves its place, so every
/// slot below it is one less.
pub(crate) fn final_index(from: &ColumnId, from_index: usize, to: &ColumnId, slot: usize) -> usize {
    if from == to && slot > from_index {
        slot - 1
    } else {
        slot
    }
}

/// Where to draw the drop indicator (a slot) for a card that would land at `index` of
/// the column: the inverse of [`final_index`]. `moving_at` is the moving card's place
/// when it is in this very column.
pub(crate) fn indicator_slot(index: usize, moving_at: Option<usize>) -> usize {
    match moving_at {
        Some(at) if index > at => index + 1,
        _ => index,
    }
}

/// Whether dropping the card at `target` would leave it where it is (nothing is sent).
pub(crate) fn is_noop(from: &ColumnId, from_index: usize, target: &DropTarget) -> bool {
    &target.column == from && target.index == from_index
}

/// One keyboard step of a picked-up card. `columns` lists every column with the number of
/// cards it shows; the card's own column (`from`) counts it, which is subtracted here.
/// Left/right keep the index where the other column has room; up/down stop at the ends.
pub(crate) fn nudge(
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
pub(crate) fn slot_at(midpoints: &[f64], y: f64) -> usize {
    midpoints
        .iter()
        .position(|&m| y < m)
        .unwrap_or(midpoints.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanban::Card;
    use std::collections::HashMap;

    fn col(id: &str) -> ColumnId {
        ColumnId(id.into())
    }

    fn card(id: &str) -> Card {
        Card {
            id: CardId(id.into()),
            title: id.to_uppercase(),
        }
    }

    struct Fixture {
        columns: Vec<Column>,
        cards: HashMap<ColumnId, Rc<Vec<Card>>>,
    }

    impl BoardData<Card> for Fixture {
        fn columns(&self) -> &[Column] {
            &self.columns
        }
        fn cards(&self, column: &ColumnId) -> Rc<Vec<Card>> {
            self.cards.get(column).cloned().unwrap_or_default()
        }
    }

    /// To do: a, b, c; Doing: d; Done: nothing.
    /// A board, its words and its focus request, for a test's [`Ctx`].
    struct Env {
        board: Fixture,
        words: BoardStrings,
        focus: FocusRequest,
    }

    impl Env {
        fn new() -> Self {
            Env {
                board: board(),
                words: BoardStrings::default(),
                focus: FocusRequest::default(),
            }
        }

        fn cx(&self) -> Ctx<'_, Card> {
            Ctx {
                board: &self.board,
                words: &self.words,
                focus: &self.focus,
            }
        }
    }

    fn board() -> Fixture {
        let column = |id: &str, title: &str| Column {
            id: col(id),
            title: title.into(),
        };
        let mut cards = HashMap::new();
        cards.insert(col("todo"), Rc::new(vec![card("a"), card("b"), card("c")]));
        cards.insert(col("doing"), Rc::new(vec![card("d")]));
        Fixture {
            columns: vec![
                column("todo", "To do"),
                column("doing", "Doing"),
                column("done", "Done"),
            ],
            cards,
        }
    }

    fn id(s: &str) -> CardId {
        CardId(s.into())
    }

    #[test]
    fn slots_and_final_indices_are_inverse() {
        let (a, b) = (col("a"), col("b"));
        assert_eq!(final_index(&a, 0, &a, 2), 1, "just below the next card");
        assert_eq!(final_index(&a, 2, &a, 0), 0);
        assert_eq!(final_index(&a, 0, &b, 2), 2);
        assert_eq!(indicator_slot(2, None), 2);
        assert_eq!(indicator_slot(1, Some(0)), 2);
        assert_eq!(indicator_slot(0, Some(0)), 0, "its own place");
        for from in 0..4 {
            for slot in 0..5 {
                let index = final_index(&a, from, &a, slot);
                if slot != from + 1 {
                    assert_eq!(indicator_slot(index, Some(from)), slot, "{from} {slot}");
                }
            }
        }
        assert!(is_noop(
            &a,
            1,
            &DropTarget {
                column: a.clone(),
                index: 1
            }
        ));
        assert!(!is_noop(
            &a,
            1,
            &DropTarget {
                column: a.clone(),
                index: 0
            }
        ));
    }

    #[test]
    fn nudges_stay_inside_the_board() {
        let (a, b) = (col("a"), col("b"));
        let cols = [(a.clone(), 3), (b.clone(), 1)];
        let at = DropTarget {
            column: a.clone(),
            index: 2,
        };
        assert_eq!(
            nudge(&cols, &a, &at, MoveDir::Right),
            DropTarget {
                column: b.clone(),
                index: 1
            }
        );
        assert_eq!(nudge(&cols, &a, &at, MoveDir::Down), at, "already last");
        assert_eq!(
            nudge(&cols, &a, &at, MoveDir::Left),
            at,
            "no column to the left"
        );
        assert_eq!(nudge(&cols, &a, &at, MoveDir::Up).index, 1);
    }

    #[test]
    fn the_slot_under_the_pointer_is_before_the_first_lower_middle() {
        let mids = [10.0, 30.0, 50.0];
        assert_eq!(slot_at(&mids, 0.0), 0);
        assert_eq!(slot_at(&mids, 35.0), 2);
        assert_eq!(slot_at(&mids, 99.0), 3);
        assert_eq!(slot_at(&[], 5.0), 0);
    }

    #[test]
    fn a_keyboard_move_picks_up_nudges_and_drops_as_one_change() {
        let env = Env::new();
        let cx = env.cx();
        let mut ix = Interaction::<Card>::default();
        let o = ix.handle(&cx, BoardIntent::PickUp(id("b")));
        assert!(o.rerender && o.send.is_none());
        assert!(ix.announcement.starts_with("Picked up card “B”"));
        ix.handle(&cx, BoardIntent::Nudge(id("b"), MoveDir::Right));
        assert_eq!(ix.announcement, "“B”: “Doing”, position 2 of 2.");
        ix.handle(&cx, BoardIntent::Nudge(id("b"), MoveDir::Up));
        let o = ix.handle(&cx, BoardIntent::Drop(id("b")));
        assert_eq!(
            o.send,
            Some(BoardChange::MoveCard {
                card: card("b"),
                from: col("todo"),
                to: col("doing"),
                index: 0
            })
        );
        assert!(ix.moving.is_none());
        assert_eq!(
            env.focus.take_if(|c| c == &id("b")),
            Some(id("b")),
            "focus follows the card"
        );
    }

    #[test]
    fn cancel_and_a_drop_on_its_own_place_send_nothing() {
        let env = Env::new();
        let cx = env.cx();
        let mut ix = Interaction::<Card>::default();
        ix.handle(&cx, BoardIntent::PickUp(id("a")));
        let o = ix.handle(&cx, BoardIntent::Cancel(id("a")));
        assert_eq!(o.send, None);
        assert_eq!(ix.announcement, "Move cancelled. “A” is back in “To do”.");
        ix.handle(&cx, BoardIntent::PickUp(id("a")));
        let o = ix.handle(&cx, BoardIntent::Drop(id("a")));
        assert_eq!(o.send, None);
        assert_eq!(ix.announcement, "“A” stays where it was.");
        // Keys for a card that is not picked up do nothing.
        assert_eq!(
            ix.handle(&cx, BoardIntent::Nudge(id("a"), MoveDir::Down)),
            Outcome::<Card>::default()
        );
    }

    #[test]
    fn a_drag_renders_only_when_its_target_moves_and_drops_where_it_points() {
        let env = Env::new();
        let cx = env.cx();
        let mut ix = Interaction::<Card>::default();
        assert!(ix.handle(&cx, BoardIntent::DragStart(id("a"))).rerender);
        let over = |slot| BoardIntent::DragOver {
            column: col("todo"),
            slot,
        };
        assert!(ix.handle(&cx, over(3)).rerender);
        assert!(!ix.handle(&cx, over(3)).rerender, "same target");
        let o = ix.handle(
            &cx,
            BoardIntent::DropAt {
                column: col("todo"),
                slot: 3,
            },
        );
        assert_eq!(
            o.send,
            Some(BoardChange::MoveCard {
                card: card("a"),
                from: col("todo"),
                to: col("todo"),
                index: 2
            })
        );
        assert!(
            !ix.handle(&cx, BoardIntent::DragEnd).rerender,
            "already dropped"
        );
    }

    #[test]
    fn shift_moves_one_column_and_stops_at_the_edges() {
        let env = Env::new();
        let cx = env.cx();
        let mut ix = Interaction::<Card>::default();
        let o = ix.handle(&cx, BoardIntent::Shift(id("c"), MoveDir::Right));
        assert_eq!(
            o.send,
            Some(BoardChange::MoveCard {
                card: card("c"),
                from: col("todo"),
                to: col("doing"),
                index: 1
            })
        );
        assert_eq!(
            ix.handle(&cx, BoardIntent::Shift(id("a"), MoveDir::Left)),
            Outcome::<Card>::default()
        );
    }

    #[test]
    fn adds_and_edits_send_trimmed_titles_and_skip_no_ops() {
        let env = Env::new();
        let cx = env.cx();
        let mut ix = Interaction::<Card>::default();
        let o = ix.handle(
            &cx,
            BoardIntent::Add {
                column: col("done"),
                title: "  ship ".into(),
            },
        );
        match o.send {
            Some(BoardChange::AddCard { column, card }) => {
                assert_eq!(column, col("done"));
                assert_eq!(card.title, "ship");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            ix.handle(
                &cx,
                BoardIntent::Add {
                    column: col("done"),
                    title: " ".into()
                }
            ),
            Outcome::<Card>::default()
        );
        let edit = |title: &str| BoardIntent::Edit {
            column: col("todo"),
            card: id("a"),
            title: title.into(),
        };
        assert_eq!(
            ix.handle(&cx, edit("A")),
            Outcome::<Card>::default(),
            "unchanged"
        );
        assert!(ix.handle(&cx, edit("Alpha")).send.is_some());
    }
}
