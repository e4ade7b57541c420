//! The list's data as a keyed collection: each item under its id, with its place in the
//! server's order, and how a [`ListChange`] paints onto it as a changeset.
//!
//! Why a place and not the id as the order: a [`Collection`] is ordered by key, and item
//! ids (minted in browsers, or the app's own) do not sort in the order the server keeps.
//! Each row carries its index in the server's answer; the list shows a live view sorted
//! by it. A toggle or a rename leaves every place alone (one row changes); a move swaps
//! the places of the rows between its two ends, which are the rows that change place on
//! the server too, so the refetch after it is equal and renders nothing.

use super::source::{ItemId, ListChange, ListItem};
use optimistic_query::{sort_by, Collection, Patches, QueryKey};
use serde::{Deserialize, Serialize};

/// An item with its place in the list (its index in the server's order; an optimistic
/// add takes the place after the last).
///
/// ```
/// use yew_optimistic::editable_list::{Item, ItemId, Placed};
/// let milk = Placed { place: 0, item: Item { id: ItemId("a".into()), title: "milk".into(), done: false } };
/// assert_eq!(milk.item.title, "milk");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed<T> {
    /// Where it stands: rows are shown by increasing place.
    pub place: u64,
    /// The item.
    pub item: T,
}

/// The data of a list's query ([`list_query_key`](super::list_query_key)): its items by
/// id, each with its place.
///
/// ```
/// use yew_optimistic::editable_list::{list_rows, Item, ItemId, ListRows};
/// let item = |id: &str| Item { id: ItemId(id.into()), title: id.into(), done: false };
/// let rows: ListRows = list_rows(vec![item("b"), item("a")]);
/// assert_eq!(rows.get(&ItemId("b".into())).map(|r| r.place), Some(0));
/// ```
pub type ListRows<T = super::source::Item> = Collection<ItemId, Placed<T>>;

/// The rows of a source's answer, in its order.
///
/// ```
/// use yew_optimistic::editable_list::{list_rows, Item, ItemId};
/// let rows = list_rows(vec![Item { id: ItemId("a".into()), title: "milk".into(), done: false }]);
/// assert_eq!(rows.len(), 1);
/// ```
pub fn list_rows<T: ListItem>(items: Vec<T>) -> ListRows<T> {
    Collection::from_rows(
        items.into_iter().enumerate().map(|(i, item)| Placed {
            place: i as u64,
            item,
        }),
        |p| p.item.id(),
    )
}

/// The ids in the list's order (by place, then id).
pub(crate) fn ordered<T>(rows: &ListRows<T>) -> Vec<ItemId> {
    let mut order: Vec<(u64, &ItemId)> = rows.iter().map(|(k, r)| (r.place, k)).collect();
    sort_by(&mut order, Ord::cmp);
    order.into_iter().map(|(_, k)| k.clone()).collect()
}

/// Paints `change` on the list under `key`. A rename, a tick and a delete are changesets
/// of one row; an add (it goes after the last place) and a move (the rows between its ends
/// change place) need the other rows' places, so they edit the collection, still touching
/// only the rows that change.
pub(crate) fn paint<T: ListItem>(change: &ListChange, patches: &mut Patches, key: QueryKey) {
    let rows = |p: &mut Patches| p.collection::<ItemId, Placed<T>>(key.clone());
    match change.clone() {
        ListChange::Rename { id, title } => {
            rows(patches).update(id, move |r| r.item.set_title(title.clone()));
        }
        ListChange::Toggle { id, done } => {
            rows(patches).update(id, move |r| r.item.set_done(done));
        }
        ListChange::Delete { id } => {
            rows(patches).delete(id);
        }
        ListChange::Add { id, title } => {
            patches.modify(key, move |rows: &mut ListRows<T>| add(rows, &id, &title));
        }
        ListChange::Move { id, to } => {
            patches.modify(key, move |rows: &mut ListRows<T>| move_to(rows, &id, to));
        }
    }
}

/// Adds an item after the last one; an id that is there already stays as it is (a replay).
fn add<T: ListItem>(rows: &mut ListRows<T>, id: &ItemId, title: &str) {
    if rows.contains_key(id) {
        return;
    }
    let place = rows.values().map(|r| r.place + 1).max().unwrap_or(0);
    let item = T::new_item(id, title.to_owned());
    rows.insert(id.clone(), Placed { place, item });
}

/// Moves an item to index `to` (clamped), as [`ListChange::apply`] does on a `Vec`: the
/// rows between the old and the new index take each other's places, in the new order.
fn move_to<T: ListItem>(rows: &mut ListRows<T>, id: &ItemId, to: usize) {
    let mut order = ordered(rows);
    let Some(from) = order.iter().position(|k| k == id) else {
        return;
    };
    let places: Vec<u64> = order
        .iter()
        .filter_map(|k| rows.get(k).map(|r| r.place))
        .collect();
    let moved = order.remove(from);
    let to = to.min(order.len());
    order.insert(to, moved);
    let (lo, hi) = (from.min(to), from.max(to));
    for (key, place) in order[lo..=hi].iter().zip(&places[lo..=hi]) {
        let place = *place;
        rows.update(key, |r| r.place = place);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editable_list::Item;

    fn item(id: &str) -> Item {
        Item {
            id: ItemId(id.into()),
            title: id.to_uppercase(),
            done: false,
        }
    }

    /// What the list shows: the items in place order.
    fn shown(rows: &ListRows) -> Vec<Item> {
        ordered(rows)
            .iter()
            .filter_map(|k| rows.get(k).map(|r| r.item.clone()))
            .collect()
    }

    fn apply(rows: &mut ListRows, change: &ListChange) {
        match change.clone() {
            ListChange::Rename { id, title } => {
                rows.update(&id, |r| r.item.title = title);
            }
            ListChange::Toggle { id, done } => {
                rows.update(&id, |r| r.item.done = done);
            }
            ListChange::Delete { id } => {
                rows.remove(&id);
            }
            ListChange::Add { id, title } => add(rows, &id, &title),
            ListChange::Move { id, to } => move_to(rows, &id, to),
        }
    }

    #[test]
    fn every_change_shows_what_the_same_change_makes_of_the_vec() {
        let start: Vec<Item> = ["d", "a", "c", "b", "e"].into_iter().map(item).collect();
        let id = |s: &str| ItemId(s.into());
        let changes = [
            ListChange::Move { id: id("e"), to: 0 },
            ListChange::Delete { id: id("c") },
            ListChange::Add {
                id: id("0"),
                title: "zero".into(),
            },
            ListChange::Move { id: id("d"), to: 9 },
            ListChange::Toggle {
                id: id("a"),
                done: true,
            },
            ListChange::Move { id: id("0"), to: 1 },
            ListChange::Rename {
                id: id("b"),
                title: "bee".into(),
            },
            ListChange::Add {
                id: id("0"),
                title: "again".into(),
            },
            ListChange::Move { id: id("x"), to: 0 },
            ListChange::Move { id: id("a"), to: 2 },
        ];
        let mut vec = start.clone();
        let mut rows = list_rows(start);
        for change in &changes {
            vec = change.apply(&vec);
            apply(&mut rows, change);
            assert_eq!(shown(&rows), vec, "after {change:?}");
        }
    }

    #[test]
    fn a_move_changes_the_places_of_the_rows_between_its_ends_only() {
        let mut rows = list_rows(["a", "b", "c", "d", "e"].into_iter().map(item).collect());
        let before = rows.clone();
        move_to(&mut rows, &ItemId("d".into()), 1);
        let changed: Vec<String> = before.diff(&rows).map(|c| c.key().0.clone()).collect();
        assert_eq!(changed, ["b", "c", "d"]);
        let from_server = list_rows(shown(&rows));
        assert_eq!(rows, from_server, "the refetch after it is equal");
    }
}
