//! The feed: posts newest first, read in pages by cursor (the id of the last post seen,
//! so a new post never shifts the pages already shown), and posting. The reference
//! server's `/api/feeds/{feed}` and the gallery's simulated feed both follow it.

use serde::{Deserialize, Serialize};

use crate::problem::Problem;

/// Posts on a page.
pub const PAGE_SIZE: usize = 5;
/// Longest post, in characters.
pub const MAX_POST_CHARS: usize = 140;
/// Longest post id, in characters.
pub const MAX_POST_ID_CHARS: usize = 100;
/// The feed the gallery shows.
pub const FEED: &str = "main";

/// One post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Made in the browser, so an optimistic post keeps its id when it is confirmed.
    pub id: String,
    /// What it says (text, never HTML).
    pub text: String,
}

/// A page of posts, newest first, and the cursor of the page after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPage {
    /// The posts.
    pub posts: Vec<Post>,
    /// The last post's id when more follow.
    pub next: Option<String>,
}

impl FeedPage {
    /// The page of `posts` (all of a feed, newest first) after the post `after` (the
    /// first page without one, or when no post has that id).
    ///
    /// ```
    /// use wire::feed::{seed, FeedPage, PAGE_SIZE};
    /// let posts = seed();
    /// let first = FeedPage::after(&posts, None);
    /// assert_eq!(first.posts.len(), PAGE_SIZE);
    /// let second = FeedPage::after(&posts, first.next.as_deref());
    /// assert_eq!(second.posts[0], posts[PAGE_SIZE]);
    /// ```
    pub fn after(posts: &[Post], after: Option<&str>) -> FeedPage {
        let start = after
            .and_then(|id| posts.iter().position(|p| p.id == id).map(|i| i + 1))
            .unwrap_or(0);
        let end = (start + PAGE_SIZE).min(posts.len());
        FeedPage {
            posts: posts[start..end].to_vec(),
            next: (end < posts.len()).then(|| posts[end - 1].id.clone()),
        }
    }
}

/// What the server refuses, with a 422 `invalid-change`: an empty post, one over
/// [`MAX_POST_CHARS`], one mentioning spam, or a bad id.
///
/// ```
/// use wire::feed::{validate, Post};
/// let post = |text: &str| Post { id: "p1".into(), text: text.into() };
/// assert!(validate(&post("Hello <b>world</b>")).is_ok());
/// assert_eq!(validate(&post("  ")).unwrap_err().detail, "a post cannot be empty");
/// assert_eq!(validate(&post("Buy SPAM now")).unwrap_err().status, 422);
/// assert!(validate(&post(&"x".repeat(141))).is_err());
/// ```
pub fn validate(post: &Post) -> Result<(), Problem> {
    crate::validate::id("post id", &post.id, MAX_POST_ID_CHARS)?;
    let text = post.text.trim();
    if text.is_empty() {
        Err(Problem::invalid("a post cannot be empty"))
    } else if text.chars().count() > MAX_POST_CHARS {
        Err(Problem::invalid(format!(
            "a post has at most {MAX_POST_CHARS} characters"
        )))
    } else if text.to_lowercase().contains("spam") {
        Err(Problem::invalid("this looks like spam"))
    } else {
        Ok(())
    }
}

/// What needs the feed: a post's id must be new there (409 `conflict` otherwise: a
/// retry of the same post comes under its idempotency key and is replayed, never
/// refused), and a feed holds at most `max_posts` posts (422 `too-many-items`).
///
/// ```
/// use wire::feed::{against, Post};
/// let post = Post { id: "p1".into(), text: "hi".into() };
/// assert!(against(&post, "main", false, 3, 1000).is_ok());
/// assert_eq!(against(&post, "main", true, 3, 1000).unwrap_err().status, 409);
/// assert_eq!(against(&post, "main", false, 1000, 1000).unwrap_err().status, 422);
/// ```
pub fn against(
    post: &Post,
    feed: &str,
    exists: bool,
    posts: usize,
    max_posts: usize,
) -> Result<(), Problem> {
    if exists {
        Err(Problem::conflict(format!(
            "a post with id `{}` already exists in feed `{feed}`",
            post.id
        )))
    } else if posts >= max_posts {
        Err(Problem::too_many_items(format!(
            "feed `{feed}` already holds {max_posts} posts, the most a feed may hold"
        )))
    } else {
        Ok(())
    }
}

/// The posts a new feed starts with, newest first.
///
/// ```
/// let posts = wire::feed::seed();
/// assert_eq!((posts.len(), posts[0].id.as_str()), (18, "seed-18"));
/// ```
pub fn seed() -> Vec<Post> {
    (1..=18)
        .rev()
        .map(|n| Post {
            id: format!("seed-{n}"),
            text: format!("Post #{n} of the seed data: scroll on for older ones."),
        })
        .collect()
}
