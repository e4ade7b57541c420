//! Feeds: rows of `feed_posts`, newest first by `seq`, read in pages after a cursor.

use rusqlite::{params, Connection, OptionalExtension};
use wire::feed::{FeedPage, Post, PAGE_SIZE};

/// The page of `feed` after the post `after` (the first page without one, or when no
/// post of the feed has that id), as [`FeedPage::after`] makes it from the whole feed.
pub fn page(conn: &Connection, feed: &str, after: Option<&str>) -> rusqlite::Result<FeedPage> {
    let below = match after {
        Some(id) => conn
            .prepare_cached("SELECT seq FROM feed_posts WHERE feed = ?1 AND id = ?2")?
            .query_row(params![feed, id], |r| r.get::<_, i64>(0))
            .optional()?,
        None => None,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, text FROM feed_posts WHERE feed = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
    )?;
    // One more than a page: whether another page follows.
    let rows = stmt.query_map(
        params![feed, below.unwrap_or(i64::MAX), (PAGE_SIZE + 1) as i64],
        |r| {
            Ok(Post {
                id: r.get(0)?,
                text: r.get(1)?,
            })
        },
    )?;
    let mut posts = rows.collect::<rusqlite::Result<Vec<Post>>>()?;
    let more = posts.len() > PAGE_SIZE;
    posts.truncate(PAGE_SIZE);
    let next = if more {
        posts.last().map(|p| p.id.clone())
    } else {
        None
    };
    Ok(FeedPage { posts, next })
}

/// Whether `feed` has a post `id`, and how many posts it has.
pub fn census(conn: &Connection, feed: &str, id: &str) -> rusqlite::Result<(bool, usize)> {
    let exists = conn
        .prepare_cached("SELECT 1 FROM feed_posts WHERE feed = ?1 AND id = ?2")?
        .query_row(params![feed, id], |_| Ok(()))
        .optional()?
        .is_some();
    let count: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM feed_posts WHERE feed = ?1")?
        .query_row([feed], |r| r.get(0))?;
    Ok((exists, usize::try_from(count).unwrap_or(usize::MAX)))
}

/// Puts `post` on top of `feed`.
pub fn add(conn: &Connection, feed: &str, post: &Post) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO feed_posts (feed, seq, id, text)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM feed_posts WHERE feed = ?1), ?2, ?3)",
    )?
    .execute(params![feed, post.id, post.text])?;
    Ok(())
}
