//! The seed data ([`wire::seed`], which the gallery's simulated server starts from too)
//! written into a new database (and on a reset).

use wire::board::{Card, Column};
use wire::likes::Likes;
use wire::list::Item;

use crate::sql::{Sql, SqlResult};
use crate::store;

pub use wire::seed::{BOARD, LIST, POSTS};

/// The items of the seeded list ([`wire::seed::list_items`], the first four).
///
/// ```
/// let items = server::seed::list_items();
/// assert_eq!(items.len(), 4);
/// assert_eq!(items[0].title, "Oat milk");
/// ```
pub fn list_items() -> Vec<Item> {
    wire::seed::list_items(wire::seed::DEFAULT_ROWS)
}

/// The columns of the seeded board and their cards ([`wire::seed::board`], five cards).
///
/// ```
/// let board = server::seed::board();
/// assert_eq!(board.iter().map(|(c, _)| c.id.0.as_str()).collect::<Vec<_>>(), ["todo", "doing", "done"]);
/// ```
pub fn board() -> Vec<(Column, Vec<Card>)> {
    wire::seed::board(wire::seed::DEFAULT_CARDS)
}

/// Writes the seed data (into empty tables).
pub fn write(conn: &dyn Sql) -> SqlResult<()> {
    store::lists::save(conn, LIST, &[], &list_items())?;
    for (post, count) in POSTS {
        store::likes::put(
            conn,
            post,
            Likes {
                liked: false,
                count: *count,
            },
        )?;
    }
    let board = board();
    let columns: Vec<Column> = board.iter().map(|(c, _)| c.clone()).collect();
    store::boards::put_columns(conn, BOARD, &columns)?;
    for (column, cards) in &board {
        store::boards::save_cards(conn, BOARD, &column.id, &[], cards)?;
    }
    write_feed(conn)
}

/// Writes the seeded feed ([`wire::feed::seed`], newest first) into feed
/// [`wire::feed::FEED`].
pub fn write_feed(conn: &dyn Sql) -> SqlResult<()> {
    for post in wire::feed::seed().iter().rev() {
        store::feeds::add(conn, wire::feed::FEED, post)?;
    }
    Ok(())
}
