//! The board's cards as one keyed collection: each card under its id, with its column
//! and its position there, and how a [`BoardChange`] paints onto it.
//!
//! Why positions and not the server's indices: a move then changes one row (the moved
//! card's column and position), so it renders that card and the two columns whose keys
//! changed, never the cards it passes. A fetch numbers each column's cards `0, GAP, 2·GAP,
//! …` in the server's order; a move to an index takes the middle of its new neighbours'
//! positions (or one `GAP` past the end). The gap (2³²) leaves room for 32 moves between
//! the same two cards before two positions meet; then, and only then, the column is
//! numbered again (every card of it changes). The next refetch replaces the positions
//! with the server's numbering (the order is the same, so the columns do not render).

use super::source::{BoardChange, CardId, ColumnId, KanbanCard};
use optimistic_query::{sort_by, Collection, Patches, QueryKey};
use serde::{Deserialize, Serialize};

/// The distance between two neighbours' positions in a fetched column.
pub(crate) const GAP: i64 = 1 << 32;

/// A card where the board shows it: its column and its position there (columns show
/// their cards by increasing position).
///
/// ```
/// use yew_optimistic::kanban::{Card, CardId, ColumnId, PlacedCard};
/// let card = Card { id: CardId("c1".into()), title: "ship".into() };
/// let placed = PlacedCard { column: ColumnId("todo".into()), position: 0, card };
/// assert_eq!(placed.card.title, "ship");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedCard<C> {
    /// The column it is in.
    pub column: ColumnId,
    /// Where it stands in that column (only the order of positions matters).
    pub position: i64,
    /// The card.
    pub card: C,
}

/// The data of a board's cards query ([`all_cards_query_key`](super::all_cards_query_key)):
/// every card of every column, by id.
///
/// ```
/// use yew_optimistic::kanban::{board_cards, BoardCards, Card, CardId, ColumnId};
/// let card = |id: &str| Card { id: CardId(id.into()), title: id.into() };
/// let todo = ColumnId("todo".into());
/// let cards: BoardCards = board_cards(vec![(todo.clone(), vec![card("b"), card("a")])]);
/// assert_eq!(cards.len(), 2);
/// assert_eq!(cards.get(&CardId("b".into())).map(|p| p.column.clone()), Some(todo));
/// ```
pub type BoardCards<C = super::source::Card> = Collection<CardId, PlacedCard<C>>;

/// The placed cards of the source's columns, each column numbered in its order.
pub(crate) fn placed<C: KanbanCard>(
    columns: Vec<(ColumnId, Vec<C>)>,
) -> impl Iterator<Item = PlacedCard<C>> {
    columns.into_iter().flat_map(|(column, cards)| {
        cards
            .into_iter()
            .zip(0_i64..)
            .map(move |(card, i)| PlacedCard {
                column: column.clone(),
                position: i * GAP,
                card,
            })
    })
}

/// The board's cards from the source's columns (each a list of cards in order).
///
/// ```
/// use yew_optimistic::kanban::{board_cards, Card, CardId, ColumnId};
/// let cards = board_cards(vec![(ColumnId("done".into()), vec![Card { id: CardId("c".into()), title: "x".into() }])]);
/// assert_eq!(cards.len(), 1);
/// ```
pub fn board_cards<C: KanbanCard>(columns: Vec<(ColumnId, Vec<C>)>) -> BoardCards<C> {
    Collection::from_rows(placed(columns), |p| p.card.id())
}

/// The ids of `column`'s cards in the order shown (by position, then id).
pub(crate) fn column_ids<C>(rows: &BoardCards<C>, column: &ColumnId) -> Vec<CardId> {
    let mut shown: Vec<(i64, &CardId)> = rows
        .iter()
        .filter(|(_, p)| &p.column == column)
        .map(|(k, p)| (p.position, k))
        .collect();
    sort_by(&mut shown, Ord::cmp);
    shown.into_iter().map(|(_, k)| k.clone()).collect()
}

/// The cards of `column` in the order shown.
pub(crate) fn column_cards<C: Clone>(rows: &BoardCards<C>, column: &ColumnId) -> Vec<C> {
    column_ids(rows, column)
        .iter()
        .filter_map(|k| rows.get(k).map(|p| p.card.clone()))
        .collect()
}

/// Paints `change` on the board's cards under `key`. A rename is a changeset of one row;
/// an add and a move need their new neighbours' positions, which only the rows as they
/// are when the layer is painted (or repainted on newer data) know, so they edit the
/// collection, still changing one row: the card's.
pub(crate) fn paint<C: KanbanCard>(change: &BoardChange<C>, patches: &mut Patches, key: QueryKey) {
    match change.clone() {
        BoardChange::EditCard { id, title, .. } => {
            patches
                .collection::<CardId, PlacedCard<C>>(key)
                .update(id, move |p| p.card.set_title(title.clone()));
        }
        BoardChange::AddCard { column, card } => {
            patches.modify(key, move |rows: &mut BoardCards<C>| {
                add(rows, &column, &card)
            });
        }
        BoardChange::MoveCard {
            card, to, index, ..
        } => {
            patches.modify(key, move |rows: &mut BoardCards<C>| {
                move_to(rows, &card, &to, index)
            });
        }
    }
}

/// Adds `card` at the end of `column`; a card that is there already stays (a replay).
pub(crate) fn add<C: KanbanCard>(rows: &mut BoardCards<C>, column: &ColumnId, card: &C) {
    let id = card.id();
    if rows.contains_key(&id) {
        return;
    }
    let position = rows
        .values()
        .filter(|p| &p.column == column)
        .map(|p| p.position.saturating_add(GAP))
        .max()
        .unwrap_or(0);
    let placed = PlacedCard {
        column: column.clone(),
        position,
        card: card.clone(),
    };
    rows.insert(id, placed);
}

/// Moves `card` to final index `index` (clamped) of column `to`, as
/// [`BoardChange::apply`] does on the columns' `Vec`s: the card takes a position between
/// its new neighbours and keeps the title the board has (an edit may have landed since
/// the move was made). A card already there stays as it is; a card the board does not
/// have comes in as the move carries it.
pub(crate) fn move_to<C: KanbanCard>(
    rows: &mut BoardCards<C>,
    card: &C,
    to: &ColumnId,
    index: usize,
) {
    let id = card.id();
    let mut order = column_ids(rows, to);
    if order.get(index) == Some(&id) {
        return;
    }
    order.retain(|k| k != &id);
    let index = index.min(order.len());
    let position_of = |k: &CardId| rows.get(k).map(|p| p.position);
    let before = index.checked_sub(1).and_then(|i| position_of(&order[i]));
    let after = order.get(index).and_then(position_of);
    let position = match (before, after) {
        (Some(b), Some(a)) if a - b >= 2 => Some(b + (a - b) / 2),
        (Some(_), Some(_)) => None,
        (Some(b), None) => Some(b.saturating_add(GAP)),
        (None, Some(a)) => Some(a.saturating_sub(GAP)),
        (None, None) => Some(0),
    };
    let mut placed = rows
        .get(&id)
        .map(|p| (**p).clone())
        .unwrap_or_else(|| PlacedCard {
            column: to.clone(),
            position: 0,
            card: card.clone(),
        });
    placed.column = to.clone();
    match position {
        Some(position) => {
            placed.position = position;
            rows.insert(id, placed);
        }
        None => {
            // No room left between the neighbours: number the column again.
            order.insert(index, id.clone());
            rows.insert(id, placed);
            for (k, i) in order.iter().zip(0_i64..) {
                rows.update(k, |p| p.position = i * GAP);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanban::Card;

    fn card(id: &str) -> Card {
        Card {
            id: CardId(id.into()),
            title: id.to_uppercase(),
        }
    }

    fn col(id: &str) -> ColumnId {
        ColumnId(id.into())
    }

    const COLUMNS: [&str; 3] = ["todo", "doing", "done"];

    fn columns_of(rows: &BoardCards) -> Vec<Vec<Card>> {
        COLUMNS
            .iter()
            .map(|c| column_cards(rows, &col(c)))
            .collect()
    }

    fn apply(rows: &mut BoardCards, change: &BoardChange) {
        match change {
            BoardChange::EditCard { id, title, .. } => {
                rows.update(id, |p| p.card.title = title.clone());
            }
            BoardChange::AddCard { column, card } => add(rows, column, card),
            BoardChange::MoveCard {
                card, to, index, ..
            } => move_to(rows, card, to, *index),
        }
    }

    #[test]
    fn every_change_shows_what_the_same_change_makes_of_the_columns() {
        let start = vec![
            (col("todo"), vec![card("a"), card("b"), card("c")]),
            (col("doing"), vec![card("d")]),
            (col("done"), vec![]),
        ];
        let mut vecs: Vec<Vec<Card>> = start.iter().map(|(_, v)| v.clone()).collect();
        let mut rows = board_cards(start);
        let mv = |id: &str, from: &str, to: &str, index| BoardChange::MoveCard {
            card: card(id),
            from: col(from),
            to: col(to),
            index,
        };
        let changes = [
            mv("a", "todo", "doing", 1),
            mv("c", "todo", "todo", 0),
            mv("d", "doing", "done", 0),
            BoardChange::AddCard {
                column: col("done"),
                card: card("n"),
            },
            mv("n", "done", "done", 0),
            mv("a", "doing", "done", 1),
            mv("a", "done", "done", 1),
            BoardChange::EditCard {
                column: col("done"),
                id: CardId("a".into()),
                title: "alpha".into(),
            },
            mv("b", "todo", "done", 9),
            // A replay of the add: the card is there already.
            BoardChange::AddCard {
                column: col("done"),
                card: card("n"),
            },
        ];
        for change in &changes {
            for (i, c) in COLUMNS.iter().enumerate() {
                vecs[i] = change.apply(&col(c), &vecs[i]);
            }
            apply(&mut rows, change);
            assert_eq!(columns_of(&rows), vecs, "after {change:?}");
        }
    }

    #[test]
    fn a_move_changes_the_moved_card_alone_until_its_neighbours_leave_no_room() {
        let mut rows = board_cards(vec![
            (col("todo"), vec![card("a"), card("b")]),
            (col("done"), vec![card("x"), card("y")]),
        ]);
        let before = rows.clone();
        move_to(&mut rows, &card("a"), &col("done"), 1);
        let changed: Vec<String> = before.diff(&rows).map(|c| c.key().0.clone()).collect();
        assert_eq!(changed, ["a"]);
        assert_eq!(
            column_ids(&rows, &col("done")),
            [CardId("x".into()), CardId("a".into()), CardId("y".into())]
        );
        // Bisecting the same gap again and again ends in a renumbered column, in order.
        let mut vec = column_cards(&rows, &col("done"));
        for _ in 0..40 {
            let last = vec[vec.len() - 1].clone();
            let change = BoardChange::MoveCard {
                card: last.clone(),
                from: col("done"),
                to: col("done"),
                index: 1,
            };
            vec = change.apply(&col("done"), &vec);
            move_to(&mut rows, &last, &col("done"), 1);
            assert_eq!(column_cards(&rows, &col("done")), vec);
        }
    }
}
