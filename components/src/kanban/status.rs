//! Where the board's changes stand, derived from the mutation cache: each card's state,
//! the adds that failed, and the board's summary badge. Pure, so it is tested natively.

use super::card::CardStatus;
use super::column::FailedAdd;
use super::interaction::column_title;
use super::source::{BoardChange, CardId, Column, ColumnId, KanbanCard};
use super::strings::BoardStrings;
use crate::feedback::template::quote;
use crate::feedback::ItemState;
use crate::feedback::RefusedChange;
use crate::sorted_pairs;
use crate::status_badge::BadgeStatus;
use optimistic_query::{sort_by, ErrorKind, MutationId, MutationInfo, MutationStatus, QueryKey};
use yew::AttrValue;

/// What the board needs to know about one change (selected from the mutation cache, so
/// it re-renders only when this list changes).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tracked<C> {
    pub id: MutationId,
    pub status: MutationStatus,
    pub scope: Option<QueryKey>,
    pub error: Option<String>,
    /// What the last attempt's error was (an unknown outcome makes the card wait).
    pub kind: Option<ErrorKind>,
    /// Whether the persisted queue holds it (`Some(false)`: storage refused the write).
    pub kept: Option<bool>,
    pub change: Option<BoardChange<C>>,
}

impl<C: KanbanCard> Tracked<C> {
    pub(crate) fn of(m: &MutationInfo) -> Self {
        Tracked {
            id: m.id,
            status: m.status,
            scope: m.scope.clone(),
            // A call a newer one replaced, or a cancelled one, was not refused.
            error: m
                .error
                .as_ref()
                .filter(|e| e.kind != ErrorKind::Aborted)
                .map(|e| e.message.clone()),
            kind: m.error.as_ref().map(|e| e.kind),
            kept: m.kept_on_device,
            change: m.variables::<BoardChange<C>>().cloned(),
        }
    }
}

/// The words for a failed change: short inline on the card, long in a toast.
pub(crate) fn failure_text<C: KanbanCard>(
    words: &BoardStrings,
    change: &BoardChange<C>,
    columns: &[Column],
    reason: &str,
    long: bool,
) -> String {
    let fill = BoardStrings::fill;
    let title = |c: &ColumnId| column_title(columns, c);
    match change {
        BoardChange::MoveCard { card, from, to, .. } if long => fill(
            &words.move_refused_long,
            &[
                ("title", &quote(card.title())),
                ("to", &title(to)),
                ("from", &title(from)),
                ("reason", reason),
            ],
        ),
        BoardChange::MoveCard { to, .. } => fill(
            &words.move_refused,
            &[("to", &title(to)), ("reason", reason)],
        ),
        BoardChange::EditCard { title, .. } => fill(
            &words.rename_refused,
            &[("title", &quote(title)), ("reason", reason)],
        ),
        BoardChange::AddCard { card, column } => fill(
            &words.add_refused,
            &[
                ("title", &quote(card.title())),
                ("column", &title(column)),
                ("reason", reason),
            ],
        ),
    }
}

/// The changes of board `board` (their scope names it), oldest first.
pub(crate) fn of_board<'a, C>(
    tracked: &'a [Tracked<C>],
    board: &str,
) -> impl Iterator<Item = &'a Tracked<C>> + 'a {
    let prefix = super::mutation::board_scope(board);
    tracked
        .iter()
        .filter(move |t| t.scope.as_ref().is_some_and(|s| s.starts_with(&prefix)))
}

/// Where the board's changes stand: each card with a pending or failed change, and the
/// adds each column could not make. Every card and column selects its own piece of it
/// after each change event, and it is compared with the last one, so it is built in one
/// order for the same calls.
///
/// Sorted vectors, not maps ([`sorted_pairs`]): only cards with changes are in it (a
/// few, not the board's thousands).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct BoardStatus {
    /// Cards with a pending or failed change, sorted by id (the others are confirmed).
    cards: Vec<(CardId, CardStatus)>,
    /// The adds each column could not make (columns with none are not in it).
    failed_adds: Vec<(ColumnId, Vec<FailedAdd>)>,
}

impl BoardStatus {
    /// The state of one card (confirmed when no change of it is known).
    pub(crate) fn card(&self, id: &CardId) -> CardStatus {
        sorted_pairs::get(&self.cards, id)
            .cloned()
            .unwrap_or_default()
    }

    /// The adds `column` could not make.
    pub(crate) fn failed_adds(&self, column: &ColumnId) -> Vec<FailedAdd> {
        self.failed_adds
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, adds)| adds.clone())
            .unwrap_or_default()
    }

    /// Whether no card has a change and no add failed.
    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.cards.is_empty() && self.failed_adds.is_empty()
    }
}

/// The states of the changes of this board: a card is pending when any change of it is
/// on its way, failed when its latest change was refused (until dismissed or retried,
/// which drops it from the mutation cache).
pub(crate) fn board_status<C: KanbanCard>(
    tracked: &[Tracked<C>],
    board: &str,
    columns: &[Column],
    words: &BoardStrings,
) -> BoardStatus {
    let mut out = BoardStatus::default();
    for (card, changes) in changes_by_card(tracked, board) {
        let Some(&(last, last_change)) = changes.last() else {
            continue;
        };
        let status = if changes.iter().any(|(t, _)| t.status.is_unsettled()) {
            unsettled_status(&changes)
        } else if let (MutationStatus::Error, Some(reason)) = (last.status, &last.error) {
            let error = failure_text(words, last_change, columns, reason, false);
            if let BoardChange::AddCard { column, card } = last_change {
                let add = FailedAdd {
                    mutation: last.id,
                    title: card.title().to_owned().into(),
                    error: error.clone().into(),
                };
                match out.failed_adds.iter_mut().find(|(c, _)| c == column) {
                    Some((_, adds)) => adds.push(add),
                    None => out.failed_adds.push((column.clone(), vec![add])),
                }
            }
            CardStatus {
                state: ItemState::Failed,
                error: Some(error.into()),
                failed: Some(last.id),
                ..CardStatus::default()
            }
        } else {
            continue;
        };
        // In card order already: `changes_by_card` sorts by card.
        out.cards.push((card, status));
    }
    out
}

/// A card's changes, each with its tracked call, oldest first.
type Changes<'a, C> = Vec<(&'a Tracked<C>, &'a BoardChange<C>)>;

/// The changes of board `board`, by card, sorted by card.
fn changes_by_card<'a, C: KanbanCard>(
    tracked: &'a [Tracked<C>],
    board: &str,
) -> Vec<(CardId, Changes<'a, C>)> {
    let mut by_card: Vec<(CardId, Changes<'_, C>)> = Vec::new();
    for t in of_board(tracked, board) {
        if let Some(change) = &t.change {
            sorted_pairs::push_to(&mut by_card, change.card(), (t, change));
        }
    }
    for (_, changes) in &mut by_card {
        sort_by(changes, |(a, _), (b, _)| a.id.cmp(&b.id));
    }
    by_card
}

/// The state of a card with changes still on their way.
fn unsettled_status<C: KanbanCard>(changes: &[(&Tracked<C>, &BoardChange<C>)]) -> CardStatus {
    let unsettled = || changes.iter().filter(|(t, _)| t.status.is_unsettled());
    CardStatus {
        // Held beats waiting for the server beats pending.
        state: ItemState::of_calls(unsettled().map(|(t, _)| (t.status, t.kind)))
            .unwrap_or(ItemState::Pending),
        held: unsettled()
            .filter(|(t, _)| t.status == MutationStatus::Held)
            .map(|(t, _)| t.id)
            .collect(),
        not_kept: unsettled().any(|(t, _)| t.kept == Some(false)),
        ..CardStatus::default()
    }
}

/// The refused changes of a card (all of them: retrying, dismissing or changing the
/// card again makes every one moot).
pub(crate) fn refused_of_card<C: KanbanCard>(
    refused: &[RefusedChange<BoardChange<C>>],
    card: &CardId,
) -> Vec<MutationId> {
    refused
        .iter()
        .filter(|r| &r.variables.card() == card)
        .map(|r| r.id)
        .collect()
}

/// The board's summary: saving, not saved, or all saved (nothing before the first
/// change).
pub(crate) fn badge<C>(
    tracked: &[Tracked<C>],
    board: &str,
    words: &BoardStrings,
) -> Option<(BadgeStatus, AttrValue)> {
    let pending = of_board(tracked, board)
        .filter(|t| t.status.is_unsettled())
        .count();
    let failed = of_board(tracked, board)
        .filter(|t| t.status == MutationStatus::Error && t.error.is_some())
        .count();
    let saved = of_board(tracked, board).any(|t| t.status == MutationStatus::Success);
    let count = |one: &AttrValue, many: &AttrValue, n: usize| -> AttrValue {
        if n == 1 {
            one.clone()
        } else {
            BoardStrings::fill(many, &[("count", &n.to_string())]).into()
        }
    };
    if pending > 0 {
        let label = count(&words.saving_one, &words.saving_many, pending);
        Some((BadgeStatus::Pending, label))
    } else if failed > 0 {
        let label = count(&words.refused_one, &words.refused_many, failed);
        Some((BadgeStatus::Error, label))
    } else if saved {
        Some((BadgeStatus::Success, words.all_saved.clone()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kanban::{card_scope, Card};

    fn col(id: &str) -> ColumnId {
        ColumnId(id.into())
    }

    fn columns() -> Vec<Column> {
        vec![
            Column {
                id: col("todo"),
                title: "To do".into(),
            },
            Column {
                id: col("done"),
                title: "Done".into(),
            },
        ]
    }

    fn card(id: &str) -> Card {
        Card {
            id: CardId(id.into()),
            title: id.to_uppercase(),
        }
    }

    fn tracked(n: u64, status: MutationStatus, change: BoardChange) -> Tracked<Card> {
        Tracked {
            id: MutationId(n),
            status,
            scope: Some(card_scope("b1", &change.card())),
            error: (status == MutationStatus::Error).then(|| "503".to_string()),
            kind: (status == MutationStatus::Error).then_some(ErrorKind::Http(503)),
            kept: None,
            change: Some(change),
        }
    }

    fn mv(id: &str) -> BoardChange {
        BoardChange::MoveCard {
            card: card(id),
            from: col("todo"),
            to: col("done"),
            index: 0,
        }
    }

    #[test]
    fn a_pending_move_marks_the_card_pending_and_no_other() {
        let t = [tracked(1, MutationStatus::Pending, mv("a"))];
        let s = board_status(&t, "b1", &columns(), &BoardStrings::default());
        assert_eq!(s.card(&CardId("a".into())).state, ItemState::Pending);
        assert_eq!(s.card(&CardId("b".into())), CardStatus::default());
        assert!(s.failed_adds(&col("todo")).is_empty());
        assert_eq!(
            badge(&t, "b1", &BoardStrings::default()).map(|b| b.1),
            Some(AttrValue::from("Saving 1 change…"))
        );
    }

    #[test]
    fn a_refused_latest_change_fails_the_card_and_a_refused_add_shows_below() {
        let add = BoardChange::AddCard {
            column: col("todo"),
            card: card("n"),
        };
        let t = [
            tracked(1, MutationStatus::Success, mv("a")),
            tracked(2, MutationStatus::Error, mv("a")),
            tracked(3, MutationStatus::Error, add),
        ];
        let s = board_status(&t, "b1", &columns(), &BoardStrings::default());
        let a = s.card(&CardId("a".into()));
        assert_eq!(a.state, ItemState::Failed);
        assert_eq!(a.failed, Some(MutationId(2)));
        assert_eq!(a.error.as_deref(), Some("Could not move to “Done”: 503"));
        assert_eq!(s.failed_adds(&col("todo")).len(), 1);
        assert!(s.failed_adds(&col("done")).is_empty());
        assert_eq!(s.card(&CardId("n".into())).state, ItemState::Failed);
        assert_eq!(
            badge(&t, "b1", &BoardStrings::default()).map(|b| b.1),
            Some(AttrValue::from("2 changes not saved"))
        );
        assert_eq!(
            failure_text(&BoardStrings::default(), &mv("a"), &columns(), "503", true),
            "Could not move “A” to “Done”: 503. It is back in “To do”."
        );
    }

    #[test]
    fn unknown_outcomes_make_the_card_wait_then_held_with_its_calls() {
        let mut waiting = tracked(1, MutationStatus::Pending, mv("a"));
        waiting.kind = Some(ErrorKind::Network);
        waiting.kept = Some(false);
        let s = board_status(
            &[waiting.clone()],
            "b1",
            &columns(),
            &BoardStrings::default(),
        );
        let a = s.card(&CardId("a".into()));
        assert_eq!(a.state, ItemState::Waiting);
        assert!(a.held.is_empty() && a.not_kept);
        let mut held = tracked(2, MutationStatus::Held, mv("a"));
        held.kind = Some(ErrorKind::Network);
        let s = board_status(&[waiting, held], "b1", &columns(), &BoardStrings::default());
        let a = s.card(&CardId("a".into()));
        assert_eq!(a.state, ItemState::Held);
        assert_eq!(a.held, vec![MutationId(2)]);
    }

    #[test]
    fn other_boards_changes_are_not_this_boards() {
        let mut t = tracked(1, MutationStatus::Pending, mv("a"));
        t.scope = Some(card_scope("b2", &CardId("a".into())));
        assert!(board_status(&[t.clone()], "b1", &columns(), &BoardStrings::default()).is_empty());
        assert_eq!(badge(&[t], "b1", &BoardStrings::default()), None);
    }

    #[test]
    fn a_board_whose_name_extends_another_boards_scope_is_not_that_board() {
        // Board `b1/card/x` is a name the server accepts: its card `a` must not count,
        // hold or lock as board `b1`'s card `x/card/a`, nor the other way round.
        let mut theirs = tracked(1, MutationStatus::Pending, mv("a"));
        theirs.scope = Some(card_scope("b1/card/x", &CardId("a".into())));
        assert!(
            board_status(
                &[theirs.clone()],
                "b1",
                &columns(),
                &BoardStrings::default()
            )
            .is_empty(),
            "counted with the other board"
        );
        assert_eq!(
            badge(&[theirs.clone()], "b1", &BoardStrings::default()),
            None
        );
        let mine = card_scope("b1", &CardId("x/card/a".into()));
        assert_ne!(theirs.scope, Some(mine), "one lock for two boards' cards");
    }
}
