//! `EditableList`: add, rename inline, toggle, delete and reorder items, each change
//! shown at once and rolled back alone if the server refuses it.

mod source;

pub use source::{Item, ItemId, ListChange, ListSource};
