//! Likes: one row of `likes` per post.

use rusqlite::{params, Connection, OptionalExtension};
use wire::likes::Likes;

/// The likes of `post`; a post nobody liked yet has none.
pub fn get(conn: &Connection, post: &str) -> rusqlite::Result<Likes> {
    let mut stmt = conn.prepare_cached("SELECT liked, count FROM likes WHERE post = ?1")?;
    let likes = stmt
        .query_row([post], |r| {
            Ok(Likes {
                liked: r.get(0)?,
                count: r.get(1)?,
            })
        })
        .optional()?;
    Ok(likes.unwrap_or_default())
}

/// Stores the likes of `post`.
pub fn put(conn: &Connection, post: &str, likes: Likes) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO likes (post, liked, count) VALUES (?1, ?2, ?3)
         ON CONFLICT (post) DO UPDATE SET liked = excluded.liked, count = excluded.count",
    )?
    .execute(params![post, likes.liked, likes.count])?;
    Ok(())
}
