//! The editable list's data: items, the changes a user makes, and the source they go to.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchError, MutationContext};
use serde::{Deserialize, Serialize};

/// An item's id. New items get their id in the browser ([`new_item_id`](super::new_item_id)),
/// so an added item keeps one id from the first frame to the server's answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemId(pub String);

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable id.
    pub id: ItemId,
    /// What the user typed (rendered as text, never as HTML).
    pub title: String,
    /// Ticked off.
    pub done: bool,
}

/// A change to the list: the variables of the list's one mutation. The same pure
/// [`ListChange::apply`] paints it optimistically and (in the gallery's simulated server)
/// applies it on the server, so both sides agree on what a change means.
///
/// ```
/// use yew_optimistic::editable_list::{Item, ItemId, ListChange};
/// let list = vec![Item { id: ItemId("a".into()), title: "milk".into(), done: false }];
/// let toggled = ListChange::Toggle { id: ItemId("a".into()), done: true }.apply(&list);
/// assert!(toggled[0].done);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListChange {
    /// Adds an item at the end.
    Add {
        /// Id made in the browser.
        id: ItemId,
        /// Its title.
        title: String,
    },
    /// Renames an item.
    Rename {
        /// Which.
        id: ItemId,
        /// New title.
        title: String,
    },
    /// Ticks or unticks an item.
    Toggle {
        /// Which.
        id: ItemId,
        /// New state.
        done: bool,
    },
    /// Deletes an item.
    Delete {
        /// Which.
        id: ItemId,
    },
    /// Moves an item to another position.
    Move {
        /// Which.
        id: ItemId,
        /// Index in the list after the move (clamped to the list).
        to: usize,
    },
}

impl ListChange {
    /// The item this change is about (the scope that serialises changes to one item).
    ///
    /// ```
    /// use yew_optimistic::editable_list::{ItemId, ListChange};
    /// assert_eq!(ListChange::Delete { id: ItemId("x".into()) }.item(), &ItemId("x".into()));
    /// ```
    pub fn item(&self) -> &ItemId {
        match self {
            ListChange::Add { id, .. }
            | ListChange::Rename { id, .. }
            | ListChange::Toggle { id, .. }
            | ListChange::Delete { id }
            | ListChange::Move { id, .. } => id,
        }
    }

    /// The list after this change. Changes to items that are not there leave the list as
    /// it is (a concurrent delete won), and adding an id twice adds it once, so replays
    /// and rebases are harmless.
    ///
    /// ```
    /// use yew_optimistic::editable_list::{ItemId, ListChange};
    /// let add = ListChange::Add { id: ItemId("a".into()), title: "milk".into() };
    /// let once = add.apply(&[]);
    /// assert_eq!(add.apply(&once), once);
    /// ```
    pub fn apply(&self, items: &[Item]) -> Vec<Item> {
        let mut out = items.to_vec();
        let pos = |out: &[Item], id: &ItemId| out.iter().position(|i| &i.id == id);
        match self {
            ListChange::Add { id, title } => {
                if pos(&out, id).is_none() {
                    out.push(Item {
                        id: id.clone(),
                        title: title.clone(),
                        done: false,
                    });
                }
            }
            ListChange::Rename { id, title } => {
                if let Some(i) = pos(&out, id) {
                    out[i].title = title.clone();
                }
            }
            ListChange::Toggle { id, done } => {
                if let Some(i) = pos(&out, id) {
                    out[i].done = *done;
                }
            }
            ListChange::Delete { id } => out.retain(|i| &i.id != id),
            ListChange::Move { id, to } => {
                if let Some(i) = pos(&out, id) {
                    let item = out.remove(i);
                    let to = (*to).min(out.len());
                    out.insert(to, item);
                }
            }
        }
        out
    }

    /// A short description for toasts and logs ("rename “milk”").
    ///
    /// ```
    /// use yew_optimistic::editable_list::{ItemId, ListChange};
    /// assert_eq!(ListChange::Delete { id: ItemId("a".into()) }.describe(), "delete");
    /// ```
    pub fn describe(&self) -> String {
        match self {
            ListChange::Add { title, .. } => format!("add “{title}”"),
            ListChange::Rename { title, .. } => format!("rename to “{title}”"),
            ListChange::Toggle { done: true, .. } => "tick".into(),
            ListChange::Toggle { done: false, .. } => "untick".into(),
            ListChange::Delete { .. } => "delete".into(),
            ListChange::Move { .. } => "move".into(),
        }
    }
}

/// Where an [`EditableList`](super::EditableList) reads and writes: an app's API, or the
/// gallery's simulated server.
pub trait ListSource {
    /// The items of list `list`, in order.
    fn fetch(&self, list: &str) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>>;
    /// Applies one change on the server. `ctx.idempotency_key` must make a replay of the
    /// same change a no-op.
    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>>;
}
