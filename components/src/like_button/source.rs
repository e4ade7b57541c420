//! Where the like button's data comes from. The data is the `wire` crate's, shared
//! with the servers, and re-exported here.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};

pub use wire::likes::{Likes, SetLiked};

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
