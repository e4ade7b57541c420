//! `EditableList`: add, rename inline, toggle, delete and reorder items, each change
//! shown at once and rolled back alone if the server refuses it.

#[cfg(feature = "http")]
mod http;
mod list;
mod mutation;
mod row;
mod source;

#[cfg(feature = "http")]
#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
pub use http::HttpListSource;
pub use list::{EditableList, EditableListProps};
pub use mutation::{
    item_scope, list_mutation_key, list_mutation_options, list_query_key, list_query_options,
    new_item_id,
};
pub use source::{Item, ItemId, ListChange, ListSource};
