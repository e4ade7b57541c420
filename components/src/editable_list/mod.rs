//! `EditableList`: add, rename inline, toggle, delete and reorder items, each change
//! shown at once and rolled back alone if the server refuses it.
//!
//! - `source.rs`: the data ([`Item`], [`ListChange`]) and the [`ListSource`] trait;
//! - `mutation.rs`: query and mutation keys and the one mutation definition;
//! - `state.rs`: the state machine (what a row action leads to, which failure shows
//!   where, the inline title editor), tested natively;
//! - `focus.rs`: element ids of the controls and the focus kept across re-renders;
//! - `list.rs`, `row.rs`, `add_form.rs`: the views, wiring and markup only;
//! - `strings.rs`: every word it shows ([`ListStrings`]), for translation;
//! - `style.rs`: the stylesheet.

mod add_form;
mod focus;
#[cfg(feature = "http")]
mod http;
mod list;
mod mutation;
mod row;
mod source;
mod state;
mod strings;
mod style;

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpListSource;
pub use list::{EditableList, EditableListOf, EditableListProps};
pub use mutation::{
    item_scope, list_mutation_key, list_mutation_options, list_query_key, list_query_options,
    new_item_id,
};
pub use source::{Item, ItemId, ListChange, ListItem, ListSource};
pub use strings::ListStrings;
