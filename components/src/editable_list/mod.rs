//! `EditableList`: add, rename inline, toggle, delete and reorder items, each change
//! shown at once and rolled back alone if the server refuses it.
//!
//! - `source.rs`: the data ([`Item`], [`ListChange`]) and the [`ListSource`] trait;
//! - `rows.rs`: the query's data as a keyed collection ([`ListRows`]) and how a change
//!   paints onto it, row by row;
//! - `mutation.rs`: query and mutation keys and the one mutation definition;
//! - `pending.rs`: each item's unsettled changes, told to its row alone;
//! - `state.rs`: the state machine (what a row action leads to, which failure shows
//!   where, the inline title editor), tested natively;
//! - `focus.rs`: element ids of the controls and the focus kept across re-renders;
//! - `list.rs`, `ordered_rows.rs`, `keyed_row.rs`, `row.rs`, `summary.rs`,
//!   `fetch_state.rs`, `add_form.rs`: the views, wiring and markup only (the list renders
//!   when its items come or go, each row when its item or its changes do);
//! - `strings.rs`: every word it shows ([`ListStrings`]), for translation;
//! - `style.rs`: the stylesheet.

mod add_form;
mod fetch_state;
mod focus;
#[cfg(feature = "http")]
mod http;
mod keyed_row;
mod list;
mod mutation;
mod ordered_rows;
mod pending;
mod row;
mod rows;
mod source;
mod state;
mod strings;
mod style;
mod summary;

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpListSource;
pub use list::{EditableList, EditableListOf, EditableListProps};
pub use mutation::{
    item_scope, list_mutation_key, list_mutation_options, list_query_key, list_query_options,
    new_item_id,
};
pub use rows::{list_rows, ListRows, Placed};
pub use source::{Item, ItemId, ListChange, ListItem, ListSource};
pub use strings::ListStrings;
