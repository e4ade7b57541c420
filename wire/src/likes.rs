//! The like button's data: a post's likes and the wish to like it, with the pure
//! [`Likes::with_liked`] shared by the component and both servers.

use serde::{Deserialize, Serialize};

/// What the server knows about one post's likes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Likes {
    /// Whether this user likes it.
    pub liked: bool,
    /// How many users like it.
    pub count: u32,
}

impl Likes {
    /// The likes after this user sets `liked`: the count moves only when the state
    /// changes, so applying the same wish twice (a replay, a rebase) counts once.
    ///
    /// ```
    /// use wire::likes::Likes;
    /// let l = Likes { liked: false, count: 10 };
    /// assert_eq!(l.with_liked(true), Likes { liked: true, count: 11 });
    /// assert_eq!(l.with_liked(true).with_liked(true).count, 11);
    /// assert_eq!(l.with_liked(false), l);
    /// ```
    pub fn with_liked(self, liked: bool) -> Likes {
        let count = match (self.liked, liked) {
            (false, true) => self.count.saturating_add(1),
            (true, false) => self.count.saturating_sub(1),
            _ => self.count,
        };
        Likes { liked, count }
    }
}

/// The variables of the like mutation: "this user wants post `post` liked (or not)".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetLiked {
    /// The post.
    pub post: String,
    /// The wish.
    pub liked: bool,
}
