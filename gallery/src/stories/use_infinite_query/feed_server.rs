//! The feed's API: pages of posts by cursor (the id of the last post seen, so new posts
//! never shift the pages already shown) and posting. [`SimFeed`] simulates it with the
//! gallery server's latency, failure injection and idempotency keys; [`HttpFeed`] is the
//! reference server's `/api/feeds/main`. Both follow `wire::feed`: the same pages, the
//! same refusals (an empty post, one over 140 characters or mentioning "spam": 422; an
//! id already in the feed: 409).

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::optimistic_query::AbortSignal;
use yew_optimistic::{FetchError, MutationContext, PageItems};

use crate::server::{idempotent_write, Replays, SimNetwork, SimWrite};

pub use wire::feed::Post;

/// A page of posts, newest first, and the cursor of the page after it (the wire's
/// `FeedPage`, here so that an infinite query can reach into its posts).
#[derive(Clone, Debug, PartialEq)]
pub struct FeedPage {
    /// The posts.
    pub posts: Vec<Post>,
    /// The last post's id when more follow.
    pub next: Option<String>,
}

impl From<wire::feed::FeedPage> for FeedPage {
    fn from(page: wire::feed::FeedPage) -> Self {
        FeedPage {
            posts: page.posts,
            next: page.next,
        }
    }
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

/// The feed's API as the story uses it, whichever backend answers.
pub trait FeedSource {
    /// `GET /feed?after=<cursor>`: the page after the post `after` (the first page
    /// without one); a cancelled fetch (`signal`) ends as aborted.
    fn page(
        &self,
        after: Option<String>,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<FeedPage, FetchError>>;

    /// `POST /feed`: the post goes on top, once per idempotency key.
    fn post(
        &self,
        post: Post,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>>;
}

/// The feed the simulated server holds, newest first.
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
            posts: Rc::new(RefCell::new(wire::feed::seed())),
            replays: Rc::default(),
        }
    }
}

impl FeedSource for SimFeed {
    fn page(
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
            FeedPage::from(wire::feed::FeedPage::after(
                &posts.borrow(),
                after.as_deref(),
            ))
        })
    }

    fn post(
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
                || wire::feed::validate(&post),
                || {
                    let (exists, count) = {
                        let posts = this.posts.borrow();
                        (posts.iter().any(|p| p.id == post.id), posts.len())
                    };
                    wire::feed::against(
                        &post,
                        wire::feed::FEED,
                        exists,
                        count,
                        wire::limits::MAX_ITEMS,
                    )?;
                    this.posts.borrow_mut().insert(0, post.clone());
                    Ok(())
                },
            )
            .await
        })
    }
}

/// The feed on the reference server (`/api/feeds/main`, docs/api.md).
pub struct HttpFeed {
    http: Http,
}

impl Default for HttpFeed {
    fn default() -> Self {
        HttpFeed {
            http: Http::new(""),
        }
    }
}

impl FeedSource for HttpFeed {
    fn page(
        &self,
        after: Option<String>,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<FeedPage, FetchError>> {
        let feed = wire::feed::FEED;
        let path = match &after {
            Some(id) => format!(
                "/api/feeds/{feed}?after={}",
                String::from(js_sys::encode_uri_component(id))
            ),
            None => format!("/api/feeds/{feed}"),
        };
        let page = self
            .http
            .get_json::<wire::feed::FeedPage, String>(&path, &signal);
        Box::pin(async move { page.await.map(FeedPage::from) })
    }

    fn post(
        &self,
        post: Post,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        let path = format!("/api/feeds/{}/posts", wire::feed::FEED);
        let sent = self
            .http
            .send_json::<Post, Post, String>(Method::POST, &path, &post, &ctx);
        Box::pin(async move { sent.await.map(drop) })
    }
}
