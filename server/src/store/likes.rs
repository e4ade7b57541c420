//! Likes: one row of `likes` per post.

use crate::sql::{Sql, SqlResult};
use wire::likes::Likes;

/// The likes of `post`; a post nobody liked yet has none.
pub fn get(conn: &dyn Sql, post: &str) -> SqlResult<Likes> {
    match conn.row(
        "SELECT liked, count FROM likes WHERE post = ?1",
        &[post.into()],
    )? {
        Some(r) => Ok(Likes {
            liked: r.bool(0)?,
            count: u32::try_from(r.int(1)?).unwrap_or(u32::MAX),
        }),
        None => Ok(Likes::default()),
    }
}

/// Stores the likes of `post`.
pub fn put(conn: &dyn Sql, post: &str, likes: Likes) -> SqlResult<()> {
    conn.execute(
        "INSERT INTO likes (post, liked, count) VALUES (?1, ?2, ?3)
         ON CONFLICT (post) DO UPDATE SET liked = excluded.liked, count = excluded.count",
        &[post.into(), likes.liked.into(), likes.count.into()],
    )?;
    Ok(())
}
