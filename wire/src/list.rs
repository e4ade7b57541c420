//! The editable list's data: items and the changes a user makes, with the pure
//! [`ListChange::apply`] that the component paints optimistically, the gallery's simulated
//! server applies, and the reference server stores, so all three agree on what a change
//! means.

use serde::{Deserialize, Serialize};

use crate::text::quote;

/// An item's id. New items get their id in the browser (yew-optimistic's `editable_list::new_item_id`),
/// so an added item keeps one id from the first frame to the server's answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemId(pub String);

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What yew-optimistic's `EditableList` needs of an item: an id, a title to
/// show and rename, a done flag to tick, and a way to make one from an add. An app's own
/// item type implements it (and keeps its other fields: a due date, an assignee), and
/// the list's `render_item` prop can show them.
///
/// ```
/// use wire::list::{ItemId, ListChange, ListItem};
///
/// #[derive(Clone, PartialEq)]
/// struct Task { id: u64, text: String, completed: bool, assignee: Option<String> }
///
/// impl ListItem for Task {
///     fn id(&self) -> ItemId { ItemId(self.id.to_string()) }
///     fn title(&self) -> &str { &self.text }
///     fn done(&self) -> bool { self.completed }
///     fn set_title(&mut self, title: String) { self.text = title; }
///     fn set_done(&mut self, done: bool) { self.completed = done; }
///     fn new_item(id: &ItemId, title: String) -> Self {
///         Task { id: id.0.parse().unwrap_or_default(), text: title, completed: false, assignee: None }
///     }
/// }
///
/// let tasks = vec![Task { id: 7, text: "ship".into(), completed: false, assignee: Some("Ada".into()) }];
/// let done = ListChange::Toggle { id: ItemId("7".into()), done: true }.apply(&tasks);
/// assert!(done[0].completed);
/// assert_eq!(done[0].assignee.as_deref(), Some("Ada"), "its own fields stay");
/// ```
pub trait ListItem: Clone + PartialEq + 'static {
    /// Its stable id.
    fn id(&self) -> ItemId;
    /// The text shown and renamed (rendered as text, never as HTML).
    fn title(&self) -> &str;
    /// Ticked off.
    fn done(&self) -> bool;
    /// Renames it.
    fn set_title(&mut self, title: String);
    /// Ticks or unticks it.
    fn set_done(&mut self, done: bool);
    /// A new item made by an add (its other fields get their defaults until the server's
    /// answer replaces it).
    fn new_item(id: &ItemId, title: String) -> Self;
}

/// One row of the list: the item type the list uses unless an app brings its own.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable id.
    pub id: ItemId,
    /// What the user typed (rendered as text, never as HTML).
    pub title: String,
    /// Ticked off.
    pub done: bool,
}

impl ListItem for Item {
    fn id(&self) -> ItemId {
        self.id.clone()
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn done(&self) -> bool {
        self.done
    }
    fn set_title(&mut self, title: String) {
        self.title = title;
    }
    fn set_done(&mut self, done: bool) {
        self.done = done;
    }
    fn new_item(id: &ItemId, title: String) -> Self {
        Item {
            id: id.clone(),
            title,
            done: false,
        }
    }
}

/// A change to the list: the variables of the list's one mutation. The same pure
/// [`ListChange::apply`] paints it optimistically and (in the gallery's simulated server)
/// applies it on the server, so both sides agree on what a change means.
///
/// ```
/// use wire::list::{Item, ItemId, ListChange};
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
    /// use wire::list::{ItemId, ListChange};
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
    /// use wire::list::{Item, ItemId, ListChange};
    /// let add = ListChange::Add { id: ItemId("a".into()), title: "milk".into() };
    /// let once: Vec<Item> = add.apply(&[]);
    /// assert_eq!(add.apply(&once), once);
    /// ```
    pub fn apply<T: ListItem>(&self, items: &[T]) -> Vec<T> {
        let mut out = items.to_vec();
        let pos = |out: &[T], id: &ItemId| out.iter().position(|i| &i.id() == id);
        match self {
            ListChange::Add { id, title } => {
                if pos(&out, id).is_none() {
                    out.push(T::new_item(id, title.clone()));
                }
            }
            ListChange::Rename { id, title } => {
                if let Some(i) = pos(&out, id) {
                    out[i].set_title(title.clone());
                }
            }
            ListChange::Toggle { id, done } => {
                if let Some(i) = pos(&out, id) {
                    out[i].set_done(*done);
                }
            }
            ListChange::Delete { id } => out.retain(|i| &i.id() != id),
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

    /// A short English description for logs ("rename to “milk”"); the list's own words
    /// are its `ListStrings`. A title is quoted up to 80 characters
    /// (then "…"), so a refusal of a long one still makes a short message.
    ///
    /// ```
    /// use wire::list::{ItemId, ListChange};
    /// assert_eq!(ListChange::Delete { id: ItemId("a".into()) }.describe(), "delete");
    /// let long = ListChange::Add { id: ItemId("b".into()), title: "x".repeat(201) };
    /// assert_eq!(long.describe(), format!("add “{}…”", "x".repeat(80)));
    /// ```
    pub fn describe(&self) -> String {
        match self {
            ListChange::Add { title, .. } => format!("add “{}”", quote(title)),
            ListChange::Rename { title, .. } => format!("rename to “{}”", quote(title)),
            ListChange::Toggle { done: true, .. } => "tick".into(),
            ListChange::Toggle { done: false, .. } => "untick".into(),
            ListChange::Delete { .. } => "delete".into(),
            ListChange::Move { .. } => "move".into(),
        }
    }
}
