//! The like button's data and source.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};
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
    /// use yew_optimistic::like_button::Likes;
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

/// Where a [`LikeButton`](super::LikeButton) reads and writes.
pub trait LikeSource {
    /// The likes of `post`. Hand `ctx.signal` to the request, so that a read the engine
    /// gives up (`cancel_queries`, a cleared client) stops on the network too, and report
    /// the likes' version with `ctx.set_version` if the source knows it
    /// ([`HttpLikeSource`](super::HttpLikeSource) does both).
    fn fetch(
        &self,
        post: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>>;
    /// Sets this user's like; answers the post's likes after it.
    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>>;
}
