//! The simulated likes API behind [`LikeSource`]: the same [`Likes::with_liked`] the
//! like button paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::like_button::{LikeSource, Likes, SetLiked};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use super::idempotency::{idempotent_write, Replays};
use super::network::SimNetwork;

/// Every post starts with this many likes (not by this user).
const SEED_COUNT: u32 = 41;

/// Likes kept in memory, by post.
#[derive(Clone)]
pub struct SimLikes {
    net: SimNetwork,
    posts: Rc<RefCell<HashMap<String, Likes>>>,
    replays: Rc<RefCell<Replays<Likes>>>,
}

impl SimLikes {
    /// An empty store on `net`; a post is seeded when first asked for.
    pub fn new(net: SimNetwork) -> Self {
        SimLikes {
            net,
            posts: Rc::default(),
            replays: Rc::default(),
        }
    }

    /// Puts every post back to its seed and forgets idempotency keys.
    pub fn reset(&self) {
        self.posts.borrow_mut().clear();
        self.replays.borrow_mut().clear();
    }

    /// What the server holds for `post` now.
    pub fn likes(&self, post: &str) -> Likes {
        *self
            .posts
            .borrow_mut()
            .entry(post.to_owned())
            .or_insert(Likes {
                liked: false,
                count: SEED_COUNT,
            })
    }
}

impl LikeSource for SimLikes {
    fn fetch(
        &self,
        post: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        let (this, post) = (self.clone(), post.to_owned());
        self.net.read_versioned(
            format!("GET /posts/{post}/likes"),
            format!("likes:{post}"),
            ctx.version.clone(),
            move || this.likes(&post),
        )
    }

    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        let this = self.clone();
        Box::pin(async move {
            let what = format!(
                "{} post {}",
                if change.liked { "like" } else { "unlike" },
                change.post
            );
            let request = format!("PUT /posts/{}/like", change.post);
            idempotent_write(
                &this.net,
                &this.replays,
                &ctx,
                (&request, &what, &format!("likes:{}", change.post)),
                || Ok(()),
                || {
                    let next = this.likes(&change.post).with_liked(change.liked);
                    this.posts.borrow_mut().insert(change.post.clone(), next);
                    next
                },
            )
            .await
        })
    }
}
