//! The list's state machine, without the DOM: which refused change shows on which row,
//! what a row action leads to (the change to send, the refused calls it makes moot, where
//! the focus goes next), and the inline title editor. Pure, so it is tested natively.

use super::source::{ItemId, ListChange};
use crate::feedback::RefusedChange;
use optimistic_query::{sort_by, MutationId};
use yew::AttrValue;

/// Which way a row moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Up,
    Down,
}

/// What a row asks its list to do. One callback carries all of them, so a row's props
/// hold one stable callback instead of seven.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RowAction {
    Toggle(ItemId, bool),
    Rename(ItemId, String),
    Delete(ItemId),
    Move(ItemId, Direction),
    Retry(ItemId),
    Dismiss(ItemId),
    /// Send the row's held changes again now.
    RetryNow(ItemId),
    /// Give up the row's held changes.
    Discard(ItemId),
}

/// A change of this list the server refused (read from the mutation cache).
pub(crate) type Refused = RefusedChange<ListChange>;

/// Why a row's last change did not stick: the change (so the message can say what
/// failed) and the server's reason.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RowFailure {
    pub change: ListChange,
    pub message: AttrValue,
}

/// The failure each row shows, in the order the rows first failed: an item's latest
/// refused change (an older one of the same item is moot once a newer one failed too).
pub(crate) fn row_failures(refused: &[Refused]) -> Vec<(ItemId, RowFailure)> {
    let mut out: Vec<(ItemId, RowFailure)> = Vec::new();
    let mut sorted: Vec<&Refused> = refused.iter().collect();
    sort_by(&mut sorted, |a, b| a.id.cmp(&b.id));
    for r in sorted {
        let failure = RowFailure {
            change: r.variables.clone(),
            message: r.message.clone().into(),
        };
        let id = r.variables.item();
        match out.iter_mut().find(|(i, _)| i == id) {
            // A later failure replaces the earlier one where it was, so ghost rows keep
            // their place.
            Some(slot) => slot.1 = failure,
            None => out.push((id.clone(), failure)),
        }
    }
    out
}

/// Refused calls a new `change` makes moot: a second tick of an item makes its failed
/// tick moot, a rename its failed rename, and a delete every failure of the item. A
/// failure of another kind stays offered (ticking an item does not drop the title the
/// user typed in a refused rename).
pub(crate) fn superseded_by(change: &ListChange, refused: &[Refused]) -> Vec<MutationId> {
    refused
        .iter()
        .filter(|r| r.variables.item() == change.item())
        .filter(|r| {
            matches!(change, ListChange::Delete { .. })
                || std::mem::discriminant(&r.variables) == std::mem::discriminant(change)
        })
        .map(|r| r.id)
        .collect()
}

/// A control of the list, named so it can be found again after a re-render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Control {
    Title,
    Toggle,
    EditInput,
    MoveUp,
    MoveDown,
    Delete,
    Retry,
    Dismiss,
    AddInput,
}

impl Control {
    const ALL: [Control; 9] = [
        Control::Title,
        Control::Toggle,
        Control::EditInput,
        Control::MoveUp,
        Control::MoveDown,
        Control::Delete,
        Control::Retry,
        Control::Dismiss,
        Control::AddInput,
    ];

    /// Its part of an element id (no `-` inside, so ids split back unambiguously).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Control::Title => "title",
            Control::Toggle => "toggle",
            Control::EditInput => "edit",
            Control::MoveUp => "up",
            Control::MoveDown => "down",
            Control::Delete => "delete",
            Control::Retry => "retry",
            Control::Dismiss => "dismiss",
            Control::AddInput => "add",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Control> {
        Control::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// A control inside the list: the row's item (none for the add field) and which one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FocusTarget {
    pub row: Option<ItemId>,
    pub control: Control,
}

impl FocusTarget {
    pub(crate) fn in_row(id: ItemId, control: Control) -> Self {
        FocusTarget {
            row: Some(id),
            control,
        }
    }

    pub(crate) fn add_input() -> Self {
        FocusTarget {
            row: None,
            control: Control::AddInput,
        }
    }
}

/// What one row action leads to, carried out by the component once its borrows end.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Plan {
    /// Refused calls to drop from the mutation cache (retried, dismissed or moot).
    pub dismiss: Vec<MutationId>,
    /// The change to send.
    pub send: Option<ListChange>,
    /// Where the focus goes after the render (`None`: it stays where it is).
    pub focus: Option<FocusTarget>,
}

/// What `action` leads to, given the ids of the items shown now, in order, and the
/// refused changes.
pub(crate) fn plan(action: RowAction, items: &[ItemId], refused: &[Refused]) -> Plan {
    let send = |change: ListChange, focus: Option<FocusTarget>| Plan {
        dismiss: superseded_by(&change, refused),
        send: Some(change),
        focus,
    };
    match action {
        // Held changes are the mutation cache's business, not a new change.
        RowAction::RetryNow(_) | RowAction::Discard(_) => Plan::default(),
        RowAction::Toggle(id, done) => send(ListChange::Toggle { id, done }, None),
        RowAction::Rename(id, title) => send(ListChange::Rename { id, title }, None),
        RowAction::Delete(id) => {
            let focus = focus_after_delete(&id, items);
            send(ListChange::Delete { id }, Some(focus))
        }
        RowAction::Move(id, direction) => match moved_to(&id, direction, items) {
            Some(to) => send(ListChange::Move { id, to }, None),
            None => Plan::default(),
        },
        RowAction::Retry(id) => retry_plan(id, refused),
        RowAction::Dismiss(id) => dismiss_plan(id, items, refused),
    }
}

/// Where the focus goes when item `id` is deleted: the row goes at once, so to its
/// neighbour (the next row, else the previous one), not to `<body>`; to the add field
/// when it was the only row.
fn focus_after_delete(id: &ItemId, items: &[ItemId]) -> FocusTarget {
    let next = items.iter().position(|i| i == id).and_then(|i| {
        items
            .get(i + 1)
            .or_else(|| i.checked_sub(1).and_then(|p| items.get(p)))
    });
    match next {
        Some(n) => FocusTarget::in_row(n.clone(), Control::Title),
        None => FocusTarget::add_input(),
    }
}

/// The index item `id` moves to one step in `direction`; `None` at either end.
fn moved_to(id: &ItemId, direction: Direction, items: &[ItemId]) -> Option<usize> {
    let i = items.iter().position(|i| i == id)?;
    match direction {
        Direction::Up => i.checked_sub(1),
        Direction::Down => (i + 1 < items.len()).then_some(i + 1),
    }
}

/// Retry: the item's latest refused change is sent again and all its refused changes go.
fn retry_plan(id: ItemId, refused: &[Refused]) -> Plan {
    let mine = refused_of(&id, refused);
    let Some(latest) = mine.iter().max_by_key(|r| r.id) else {
        return Plan::default();
    };
    Plan {
        dismiss: mine.iter().map(|r| r.id).collect(),
        send: Some(latest.variables.clone()),
        // The Retry button disappears with the failure; the title stays.
        focus: Some(FocusTarget::in_row(id, Control::Title)),
    }
}

/// Dismiss: the item's refused changes go; the focus stays on its row, or moves to the
/// add field when the row was a ghost (it goes away with them).
fn dismiss_plan(id: ItemId, items: &[ItemId], refused: &[Refused]) -> Plan {
    let dismiss = refused_of(&id, refused).iter().map(|r| r.id).collect();
    let focus = if items.contains(&id) {
        FocusTarget::in_row(id, Control::Title)
    } else {
        FocusTarget::add_input()
    };
    Plan {
        dismiss,
        send: None,
        focus: Some(focus),
    }
}

/// The refused changes of item `id`.
fn refused_of<'a>(id: &ItemId, refused: &'a [Refused]) -> Vec<&'a Refused> {
    refused
        .iter()
        .filter(|r| r.variables.item() == id)
        .collect()
}

/// Refused adds whose item is not in the list: kept as "ghost" rows with the user's
/// text, so no typing is ever lost.
pub(crate) fn ghosts<'a>(
    failures: &'a [(ItemId, RowFailure)],
    items: &[ItemId],
) -> Vec<(&'a ItemId, &'a RowFailure, &'a str)> {
    // Refused adds are few: a scan of the list for each is less work than a set of the
    // whole list on every render, and no set type of its own in every app.
    failures
        .iter()
        .filter_map(|(id, failure)| match &failure.change {
            ListChange::Add { title, .. } if !items.contains(id) => {
                Some((id, failure, title.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// The inline title editor of one row: closed, or open with a draft.
///
/// A plain struct behind a `RefCell`, not Yew state: the input's `blur` (fired when Enter
/// or Escape removes it) must see that the edit already ended, not the render's copy.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TitleEdit {
    open: bool,
    draft: String,
    /// Give focus back to the title once closed (closed by keyboard; a click elsewhere
    /// keeps the focus where the user clicked).
    refocus: bool,
}

impl TitleEdit {
    pub(crate) fn is_open(&self) -> bool {
        self.open
    }

    pub(crate) fn draft(&self) -> &str {
        &self.draft
    }

    /// Opens the editor with the current title.
    pub(crate) fn start(&mut self, title: &str) {
        self.open = true;
        self.draft = title.to_owned();
        self.refocus = false;
    }

    pub(crate) fn input(&mut self, text: String) {
        self.draft = text;
    }

    /// Closes the editor; the new title to send when `save` and it differs from
    /// `current`. An emptied title is taken as "never mind": deleting is its own button.
    /// `None` also when the editor was already closed (Enter then the blur it causes).
    pub(crate) fn finish(&mut self, save: bool, refocus: bool, current: &str) -> Option<String> {
        if !std::mem::take(&mut self.open) {
            return None;
        }
        self.refocus = refocus;
        let title = std::mem::take(&mut self.draft).trim().to_owned();
        (save && !title.is_empty() && title != current).then_some(title)
    }

    /// Whether the title should take the focus now (asked once, after the close renders).
    pub(crate) fn take_refocus(&mut self) -> bool {
        std::mem::take(&mut self.refocus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ItemId {
        ItemId(s.into())
    }

    fn item(s: &str) -> ItemId {
        id(s)
    }

    fn refused(n: u64, change: ListChange) -> Refused {
        Refused {
            id: MutationId(n),
            variables: change,
            message: format!("no {n}"),
            kind: optimistic_query::ErrorKind::Http(500),
            idempotency_key: format!("k{n}"),
        }
    }

    fn abc() -> Vec<ItemId> {
        vec![item("a"), item("b"), item("c")]
    }

    #[test]
    fn a_row_shows_its_latest_failure_where_it_first_failed() {
        let r = [
            refused(
                1,
                ListChange::Toggle {
                    id: id("b"),
                    done: true,
                },
            ),
            refused(2, ListChange::Delete { id: id("a") }),
            refused(
                3,
                ListChange::Rename {
                    id: id("b"),
                    title: "x".into(),
                },
            ),
        ];
        let f = row_failures(&r);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, id("b"));
        assert_eq!(f[0].1.message.as_str(), "no 3");
        assert_eq!(f[1].0, id("a"));
    }

    #[test]
    fn a_change_supersedes_failures_of_its_kind_and_a_delete_all() {
        let r = [
            refused(
                1,
                ListChange::Toggle {
                    id: id("a"),
                    done: true,
                },
            ),
            refused(
                2,
                ListChange::Rename {
                    id: id("a"),
                    title: "x".into(),
                },
            ),
            refused(
                3,
                ListChange::Toggle {
                    id: id("b"),
                    done: true,
                },
            ),
        ];
        let tick = ListChange::Toggle {
            id: id("a"),
            done: false,
        };
        assert_eq!(superseded_by(&tick, &r), vec![MutationId(1)]);
        let delete = ListChange::Delete { id: id("a") };
        assert_eq!(
            superseded_by(&delete, &r),
            vec![MutationId(1), MutationId(2)]
        );
    }

    #[test]
    fn delete_sends_and_moves_focus_to_the_neighbour() {
        let p = plan(RowAction::Delete(id("b")), &abc(), &[]);
        assert_eq!(p.send, Some(ListChange::Delete { id: id("b") }));
        assert_eq!(p.focus, Some(FocusTarget::in_row(id("c"), Control::Title)));
        let p = plan(RowAction::Delete(id("c")), &abc(), &[]);
        assert_eq!(p.focus, Some(FocusTarget::in_row(id("b"), Control::Title)));
        let p = plan(RowAction::Delete(id("a")), &[item("a")], &[]);
        assert_eq!(p.focus, Some(FocusTarget::add_input()));
    }

    #[test]
    fn moves_stop_at_the_ends() {
        let p = plan(RowAction::Move(id("b"), Direction::Up), &abc(), &[]);
        assert_eq!(p.send, Some(ListChange::Move { id: id("b"), to: 0 }));
        assert_eq!(
            plan(RowAction::Move(id("a"), Direction::Up), &abc(), &[]),
            Plan::default()
        );
        assert_eq!(
            plan(RowAction::Move(id("c"), Direction::Down), &abc(), &[]),
            Plan::default()
        );
    }

    #[test]
    fn retry_resends_the_latest_refused_change_and_drops_them_all() {
        let r = [
            refused(
                1,
                ListChange::Toggle {
                    id: id("a"),
                    done: true,
                },
            ),
            refused(
                2,
                ListChange::Rename {
                    id: id("a"),
                    title: "x".into(),
                },
            ),
        ];
        let p = plan(RowAction::Retry(id("a")), &abc(), &r);
        assert_eq!(
            p.send,
            Some(ListChange::Rename {
                id: id("a"),
                title: "x".into()
            })
        );
        assert_eq!(p.dismiss, vec![MutationId(1), MutationId(2)]);
        assert_eq!(p.focus, Some(FocusTarget::in_row(id("a"), Control::Title)));
        assert_eq!(plan(RowAction::Retry(id("b")), &abc(), &r), Plan::default());
    }

    #[test]
    fn dismissing_a_ghost_sends_focus_to_the_add_field() {
        let r = [refused(
            4,
            ListChange::Add {
                id: id("g"),
                title: "caviar".into(),
            },
        )];
        let p = plan(RowAction::Dismiss(id("g")), &abc(), &r);
        assert_eq!(p.dismiss, vec![MutationId(4)]);
        assert_eq!(p.send, None);
        assert_eq!(p.focus, Some(FocusTarget::add_input()));
        let failures = row_failures(&r);
        let g = ghosts(&failures, &abc());
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].2, "caviar");
        let added = [item("a"), item("g")];
        assert!(
            ghosts(&failures, &added).is_empty(),
            "an add that landed is no ghost"
        );
    }

    #[test]
    fn controls_round_trip_through_their_names() {
        for c in Control::ALL {
            assert_eq!(Control::parse(c.as_str()), Some(c));
            assert!(!c.as_str().contains('-'));
        }
        assert_eq!(Control::parse("nope"), None);
    }

    #[test]
    fn the_title_editor_saves_once_and_only_real_changes() {
        let mut e = TitleEdit::default();
        assert!(!e.is_open());
        e.start("milk");
        assert!(e.is_open());
        assert_eq!(e.draft(), "milk");
        e.input("  oat milk ".into());
        assert_eq!(e.finish(true, true, "milk").as_deref(), Some("oat milk"));
        assert!(e.take_refocus());
        assert!(!e.take_refocus(), "asked once");
        // The blur that removing the input causes finds the edit closed.
        assert_eq!(e.finish(true, false, "milk"), None);

        e.start("milk");
        e.input("   ".into());
        assert_eq!(
            e.finish(true, true, "milk"),
            None,
            "emptied means never mind"
        );
        e.start("milk");
        assert_eq!(e.finish(true, false, "milk"), None, "unchanged");
        assert!(!e.take_refocus(), "a click elsewhere keeps the focus there");
        e.start("milk");
        e.input("bread".into());
        assert_eq!(e.finish(false, true, "milk"), None, "Escape");
    }
}
