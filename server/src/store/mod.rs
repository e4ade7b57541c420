//! Typed reads and writes of the resources in SQLite or Postgres ([`crate::sql`]), in the components' own
//! types. Writers store the difference between the old and the new order, so a toggle
//! writes one row, not the whole list.

pub mod boards;
pub mod feeds;
pub mod likes;
pub mod lists;
