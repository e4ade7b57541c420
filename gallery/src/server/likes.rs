//! The simulated likes API behind [`LikeSource`]: the same [`Likes::with_liked`] the
//! like button paints with.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::like_button::{LikeSource, Likes, SetLiked};
use yew_optimistic::{FetchContext, FetchError, MutationContext};

use wire::problem::Problem;

use super::idempotency::{handle_write, send_write, Accepted, Replays, SimWrite};
use super::network::SimNetwork;

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

    /// What the server holds for `post` now (at first, the reference server's seed:
    /// [`wire::seed::likes`]).
    pub fn likes(&self, post: &str) -> Likes {
        *self
            .posts
            .borrow_mut()
            .entry(post.to_owned())
            .or_insert_with(|| wire::seed::likes(post))
    }
}

impl SimLikes {
    /// `PUT /likes/{post}` with idempotency key `key`, once it has arrived: the likes
    /// after the change, or the reference server's refusal.
    pub fn handle(&self, change: &SetLiked, key: &str) -> Result<Accepted<Likes>, Problem> {
        handle_write(
            &self.net,
            &self.replays,
            key,
            &write_of(change),
            || super::check_name("post id", &change.post),
            || {
                let next = self.likes(&change.post).with_liked(change.liked);
                self.posts.borrow_mut().insert(change.post.clone(), next);
                Ok(next)
            },
        )
    }
}

/// The request that carries `change`.
fn write_of(change: &SetLiked) -> SimWrite {
    let what = format!(
        "{} post {}",
        if change.liked { "like" } else { "unlike" },
        change.post
    );
    SimWrite::new(
        "PUT",
        &format!("/likes/{}", change.post),
        what,
        wire::version::likes(&change.post),
        change,
    )
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
            wire::version::likes(&post),
            ctx,
            move || this.likes(&post),
        )
    }

    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        let this = self.clone();
        let request = write_of(&change).request;
        send_write(&self.net, ctx, request, move |key| {
            this.handle(&change, key)
        })
    }
}
