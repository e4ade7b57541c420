//! The seed data: what a new database (and a reset) starts with. The same spirit as the
//! gallery's simulated server: a grocery list, three posts with likes, a roadmap board.

use yew_optimistic::editable_list::{Item, ItemId};
use yew_optimistic::kanban::{Card, CardId, Column, ColumnId};
use yew_optimistic::like_button::Likes;

use crate::sql::{Sql, SqlResult};
use crate::store;

/// The seeded list's name.
pub const LIST: &str = "groceries";
/// The seeded board's name.
pub const BOARD: &str = "roadmap";
/// The seeded posts and their likes (not by this user).
pub const POSTS: &[(&str, u32)] = &[("post-1", 41), ("post-2", 7), ("post-3", 128)];

/// The items of the seeded list.
///
/// ```
/// let items = server::seed::list_items();
/// assert_eq!(items.len(), 4);
/// assert_eq!(items[0].title, "Oat milk");
/// ```
pub fn list_items() -> Vec<Item> {
    ["Oat milk", "Sourdough bread", "Coffee beans", "Tomatoes"]
        .iter()
        .enumerate()
        .map(|(i, title)| Item {
            id: ItemId(format!("seed-{}", i + 1)),
            title: (*title).to_owned(),
            done: i == 2,
        })
        .collect()
}

/// The columns of the seeded board and their cards.
///
/// ```
/// let board = server::seed::board();
/// assert_eq!(board.iter().map(|(c, _)| c.id.0.as_str()).collect::<Vec<_>>(), ["todo", "doing", "done"]);
/// ```
pub fn board() -> Vec<(Column, Vec<Card>)> {
    let column = |id: &str, title: &str| Column {
        id: ColumnId(id.into()),
        title: title.into(),
    };
    let card = |id: &str, title: &str| Card {
        id: CardId(id.into()),
        title: title.into(),
    };
    vec![
        (
            column("todo", "To do"),
            vec![
                card("c1", "Write the release notes"),
                card("c2", "Fix the login redirect"),
                card("c3", "Review the offline queue"),
            ],
        ),
        (
            column("doing", "Doing"),
            vec![card("c4", "Kanban drag and drop")],
        ),
        (column("done", "Done"), vec![card("c5", "Set up CI")]),
    ]
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
