//! The feed's simulated API: pages of posts by cursor (the id of the last post seen,
//! so new posts never shift the pages already shown) and posting, with the gallery
//! server's latency, failure injection and idempotency keys. A post the server refuses
//! (empty, too long, or mentioning "spam") gets a 422.

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use wire::problem::Problem;
use yew_optimistic::optimistic_query::AbortSignal;
use yew_optimistic::{FetchError, MutationContext, PageItems};

use crate::server::{idempotent_write, Replays, SimNetwork, SimWrite};

/// Posts on a page.
pub const PAGE_SIZE: usize = 5;
/// Longest post the server takes.
pub const MAX_LEN: usize = 140;

/// One post.
#[derive(Clone, Debug, PartialEq)]
pub struct Post {
    /// Made in the browser, so an optimistic post keeps its id when it is confirmed.
    pub id: String,
    /// What it says.
    pub text: String,
}

/// A page of posts, newest first, and the cursor of the page after it.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedPage {
    /// The posts.
    pub posts: Vec<Post>,
    /// The last post's id when more follow.
    pub next: Option<String>,
}

impl PageItems for FeedPage {
    type Item = Post;
    fn items(&self) -> &[Post] {
        &self.posts
    }
    fn items_mut(&mut self) -> &mut Vec<Post> {
        &mut self.posts
    }
}

fn seed() -> Vec<Post> {
    (1..=18)
        .rev()
        .map(|n| Post {
            id: format!("seed-{n}"),
            text: format!("Post #{n} of the seed data: scroll on for older ones."),
        })
        .collect()
}

/// The feed the server holds, newest first.
#[derive(Clone)]
pub struct SimFeed {
    net: SimNetwork,
    posts: Rc<RefCell<Vec<Post>>>,
    replays: Rc<RefCell<Replays<()>>>,
}

impl PartialEq for SimFeed {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.posts, &other.posts)
    }
}

impl SimFeed {
    /// The seeded feed on `net`.
    pub fn new(net: SimNetwork) -> Self {
        SimFeed {
            net,
            posts: Rc::new(RefCell::new(seed())),
            replays: Rc::default(),
        }
    }

    /// `GET /feed?after=<cursor>`: the page after the post `after` (the first page
    /// without one); a cancelled fetch (`signal`) ends as aborted.
    pub fn page(
        &self,
        after: Option<String>,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<FeedPage, FetchError>> {
        let posts = self.posts.clone();
        let request = match &after {
            Some(id) => format!("GET /feed?after={id}"),
            None => "GET /feed".to_owned(),
        };
        self.net.read(request, signal, move || {
            let posts = posts.borrow();
            let start = after
                .and_then(|id| posts.iter().position(|p| p.id == id).map(|i| i + 1))
                .unwrap_or(0);
            let end = (start + PAGE_SIZE).min(posts.len());
            FeedPage {
                posts: posts[start..end].to_vec(),
                next: (end < posts.len()).then(|| posts[end - 1].id.clone()),
            }
        })
    }

    /// `POST /feed`: the post goes on top, once per idempotency key.
    pub fn post(
        &self,
        post: Post,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let this = self.clone();
        Box::pin(async move {
            let what = format!("post {:?}", post.text);
            let write = SimWrite::new("POST", "/feed", what, "feed".into(), &post.text);
            idempotent_write(
                &this.net,
                &this.replays,
                &ctx,
                &write,
                || validate(&post.text).map_err(Problem::invalid),
                || {
                    this.posts.borrow_mut().insert(0, post.clone());
                    Ok(())
                },
            )
            .await
        })
    }
}

/// What the server refuses, with a 422.
fn validate(text: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        Err("a post cannot be empty".into())
    } else if text.chars().count() > MAX_LEN {
        Err(format!("a post has at most {MAX_LEN} characters"))
    } else if text.to_lowercase().contains("spam") {
        Err("this looks like spam".into())
    } else {
        Ok(())
    }
}
