//! Feeds: rows of `feed_posts`, newest first by `seq`, read in pages after a cursor.

use wire::feed::{FeedPage, Post, PAGE_SIZE};

use crate::sql::{Sql, SqlResult};

/// The page of `feed` after the post `after` (the first page without one, or when no
/// post of the feed has that id), as [`FeedPage::after`] makes it from the whole feed.
pub fn page(conn: &dyn Sql, feed: &str, after: Option<&str>) -> SqlResult<FeedPage> {
    let below = match after {
        Some(id) => conn
            .row(
                "SELECT seq FROM feed_posts WHERE feed = ?1 AND id = ?2",
                &[feed.into(), id.into()],
            )?
            .map(|r| r.int(0))
            .transpose()?,
        None => None,
    };
    // One more than a page: whether another page follows.
    let mut posts = conn
        .rows(
            "SELECT id, text FROM feed_posts WHERE feed = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
            &[
                feed.into(),
                below.unwrap_or(i64::MAX).into(),
                (PAGE_SIZE + 1).into(),
            ],
        )?
        .iter()
        .map(|r| {
            Ok(Post {
                id: r.text(0)?,
                text: r.text(1)?,
            })
        })
        .collect::<SqlResult<Vec<Post>>>()?;
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
pub fn census(conn: &dyn Sql, feed: &str, id: &str) -> SqlResult<(bool, usize)> {
    let exists = conn
        .row(
            "SELECT 1 FROM feed_posts WHERE feed = ?1 AND id = ?2",
            &[feed.into(), id.into()],
        )?
        .is_some();
    let count = conn
        .row(
            "SELECT COUNT(*) FROM feed_posts WHERE feed = ?1",
            &[feed.into()],
        )?
        .map(|r| r.int(0))
        .transpose()?
        .unwrap_or(0);
    Ok((exists, usize::try_from(count).unwrap_or(usize::MAX)))
}

/// Puts `post` on top of `feed`.
pub fn add(conn: &dyn Sql, feed: &str, post: &Post) -> SqlResult<()> {
    conn.execute(
        "INSERT INTO feed_posts (feed, seq, id, text)
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM feed_posts WHERE feed = ?1), ?2, ?3)",
        &[feed.into(), (&post.id).into(), (&post.text).into()],
    )?;
    Ok(())
}
