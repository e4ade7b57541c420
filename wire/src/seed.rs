//! The seed data: what the reference server's new database (and a reset) and the
//! gallery's simulated server start with, so both show the same rows for the same
//! setting: a grocery list, posts with likes and a roadmap board.

use crate::board::{Card, CardId, Column, ColumnId};
use crate::likes::Likes;
use crate::list::{Item, ItemId};

/// The seeded list's name.
pub const LIST: &str = "groceries";
/// The seeded board's name.
pub const BOARD: &str = "roadmap";
/// The reference server's seeded posts and their likes (not by this user).
pub const POSTS: &[(&str, u32)] = &[("post-1", 41), ("post-2", 7), ("post-3", 128)];

/// The likes a post starts with: its count in [`POSTS`], none for any other post (nobody
/// liked it yet), and never by this user.
///
/// ```
/// use wire::likes::Likes;
/// assert_eq!(wire::seed::likes("post-2"), Likes { liked: false, count: 7 });
/// assert_eq!(wire::seed::likes("post-9"), Likes { liked: false, count: 0 });
/// ```
pub fn likes(post: &str) -> Likes {
    let count = POSTS
        .iter()
        .find(|(p, _)| *p == post)
        .map_or(0, |(_, count)| *count);
    Likes {
        liked: false,
        count,
    }
}

/// Items of a new list on the reference server.
pub const DEFAULT_ROWS: usize = 4;
/// Cards of a new board on the reference server.
pub const DEFAULT_CARDS: usize = 5;

/// Titles of the seed items, in order (the third is done).
const ITEM_TITLES: [&str; 12] = [
    "Oat milk",
    "Sourdough bread",
    "Coffee beans",
    "Tomatoes",
    "Olive oil",
    "Basil",
    "Lemons",
    "Rice",
    "Chickpeas",
    "Dark chocolate",
    "Apples",
    "Parmesan",
];

/// Card titles of the seed board, in the order they are dealt.
const CARD_TITLES: [&str; 12] = [
    "Write the release notes",
    "Fix the login redirect",
    "Review the offline queue",
    "Kanban drag and drop",
    "Set up CI",
    "Translate the gallery",
    "Profile the list at 10k rows",
    "Audit the focus order",
    "Idempotency keys on the server",
    "Dark theme screenshots",
    "Benchmark against TanStack",
    "Ship 0.1",
];

/// The most items a seeded list has.
pub const MAX_ROWS: usize = ITEM_TITLES.len();
/// The most cards a seeded board has.
pub const MAX_CARDS: usize = CARD_TITLES.len();

/// The first `rows` seed items (at most [`MAX_ROWS`]), with ids `seed-1`, `seed-2`, ...;
/// the third is done.
///
/// ```
/// let items = wire::seed::list_items(wire::seed::DEFAULT_ROWS);
/// assert_eq!(items.len(), 4);
/// assert_eq!((items[0].id.0.as_str(), items[0].title.as_str()), ("seed-1", "Oat milk"));
/// assert!(items[2].done);
/// assert_eq!(wire::seed::list_items(99).len(), wire::seed::MAX_ROWS);
/// ```
pub fn list_items(rows: usize) -> Vec<Item> {
    ITEM_TITLES
        .iter()
        .take(rows)
        .enumerate()
        .map(|(i, title)| Item {
            id: ItemId(format!("seed-{}", i + 1)),
            title: (*title).to_owned(),
            done: i == 2,
        })
        .collect()
}

/// The seed board: the columns To do, Doing and Done, and the first `cards` seed cards
/// (at most [`MAX_CARDS`], ids `c1`, `c2`, ...) dealt to them in the pattern To do, To do,
/// To do, Doing, Done (five cards: three, one, one).
///
/// ```
/// let board = wire::seed::board(wire::seed::DEFAULT_CARDS);
/// let shape: Vec<(&str, usize)> = board.iter().map(|(c, cards)| (c.id.0.as_str(), cards.len())).collect();
/// assert_eq!(shape, [("todo", 3), ("doing", 1), ("done", 1)]);
/// assert_eq!(board[1].1[0].id.0, "c4");
/// ```
pub fn board(cards: usize) -> Vec<(Column, Vec<Card>)> {
    let column = |id: &str, title: &str| {
        (
            Column {
                id: ColumnId(id.into()),
                title: title.into(),
            },
            Vec::new(),
        )
    };
    let mut board = vec![
        column("todo", "To do"),
        column("doing", "Doing"),
        column("done", "Done"),
    ];
    const DEAL: [usize; 5] = [0, 0, 0, 1, 2];
    for (i, title) in CARD_TITLES.iter().take(cards).enumerate() {
        board[DEAL[i % DEAL.len()]].1.push(Card {
            id: CardId(format!("c{}", i + 1)),
            title: (*title).to_owned(),
        });
    }
    board
}
