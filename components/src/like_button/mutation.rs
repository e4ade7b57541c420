//! The like button's query and mutation, usable without the component (a custom button,
//! a persisted-queue registry, a test).

use super::source::{LikeSource, Likes, SetLiked};
use crate::source_ref::SourceRef;
use optimistic_query::runtime::Millis;
use optimistic_query::{keys, MutationOptions, QueryFilter, QueryKey, QueryOptions, ScopePolicy};

/// How far apart two requests of one post's like may be sent, in milliseconds (the
/// window of the [`ScopePolicy::Throttle`] used by [`like_mutation_options`]).
///
/// A burst of clicks shorter than this sends at most two requests: the first click's at
/// once, and the last click's when the window ends.
///
/// ```
/// assert_eq!(yew_optimistic::like_button::LIKE_SEND_WINDOW_MS, 1_000);
/// ```
pub const LIKE_SEND_WINDOW_MS: Millis = 1_000;

/// The cache key of one post's [`Likes`]: `["likes", post]`.
///
/// ```
/// use yew_optimistic::{keys, like_button::likes_query_key};
/// assert_eq!(likes_query_key("post-1"), keys!["likes", "post-1"]);
/// ```
pub fn likes_query_key(post: &str) -> QueryKey {
    keys!["likes", post]
}

/// The scope that serialises the like requests of one post: `["likes", post]`.
///
/// ```
/// use yew_optimistic::keys;
/// assert_eq!(yew_optimistic::like_button::like_scope("p1"), keys!["likes", "p1"]);
/// ```
pub fn like_scope(post: &str) -> QueryKey {
    keys!["likes", post]
}

/// How to read one post's likes from `source`.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::{self, LocalBoxFuture};
/// use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// use yew_optimistic::like_button::{likes_query_key, likes_query_options, LikeSource, Likes, SetLiked};
///
/// struct Fixed;
/// impl LikeSource for Fixed {
///     fn fetch(&self, _post: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: false, count: 3 })))
///     }
///     fn set_liked(&self, c: SetLiked, _: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: 3 + u32::from(c.liked) })))
///     }
/// }
///
/// let source: SourceRef<dyn LikeSource> = SourceRef::new(Rc::new(Fixed));
/// let options = likes_query_options(&source, "p1");
/// assert_eq!(options.key(), &likes_query_key("p1"));
/// ```
pub fn likes_query_options(source: &SourceRef<dyn LikeSource>, post: &str) -> QueryOptions<Likes> {
    let source = source.clone();
    let owned = post.to_owned();
    QueryOptions::new(likes_query_key(post), move |ctx| source.fetch(&owned, &ctx))
}

/// The mutation key of "set my like": `["likes", "set"]`. Register
/// [`like_mutation_options`] under it so likes made offline survive a reload.
///
/// ```
/// use yew_optimistic::{keys, like_button::like_mutation_key};
/// assert_eq!(like_mutation_key(), keys!["likes", "set"]);
/// ```
pub fn like_mutation_key() -> QueryKey {
    keys!["likes", "set"]
}

/// "Set my like of a post", optimistic, for any post: the post is in the variables, so
/// one definition serves every button and can be registered for offline replay.
///
/// - **Optimistic**: the post's [`Likes`] get `with_liked(wish)` at once. The patch is
///   absolute ("liked = true"), not relative ("+1"), so it can be re-applied on a refetched
///   value (rebase) or replayed without counting twice.
/// - **Success**: the server's answer is written with `set_query_data` in the same
///   notification that retires the layer, so no frame shows the old count; no
///   invalidation is needed.
/// - **Failure**: the engine drops only this call's layer, so the button falls back to
///   the last confirmed value; the post's likes are then refetched, because after a
///   failure (a timeout above all) our copy of the server's truth may be out of date.
/// - **Scope**: calls on one post run one at a time under
///   [`ScopePolicy::Throttle`]`(`[`LIKE_SEND_WINDOW_MS`]`)`. Every click paints at once
///   (the button sends `liked = !visible.liked`, so it toggles what the user sees); the
///   first click of a burst is sent at once, later ones replace each other while they
///   wait, and the survivor, the last click, is sent when the window ends. So a burst
///   sends at most two requests and ends in the state of the last click.
///   `LatestWins` alone bounds a burst only by the server's latency (a fast server would
///   get every click); `Debounce` would send one request but delay even a single click.
///
/// ```
/// use std::rc::Rc;
/// use futures::future::{self, LocalBoxFuture};
/// use yew_optimistic::{FetchError, MutationContext, QueryClient, SourceRef};
/// use yew_optimistic::optimistic_query::{testing::TestRuntime, MutationObserver};
/// use yew_optimistic::like_button::{like_mutation_options, likes_query_key, LikeSource, Likes, SetLiked};
///
/// struct Server;
/// impl LikeSource for Server {
///     fn fetch(&self, _post: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: false, count: 10 })))
///     }
///     fn set_liked(&self, c: SetLiked, _: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         // Someone else liked it meanwhile: the server's count is authoritative.
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: 12 })))
///     }
/// }
///
/// let rt = TestRuntime::new();
/// let client = QueryClient::new(rt.runtime());
/// let key = likes_query_key("p1");
/// client.set_query_data(&key, Likes { liked: false, count: 10 }).unwrap();
///
/// let source: SourceRef<dyn LikeSource> = SourceRef::new(Rc::new(Server));
/// let like = MutationObserver::new(&client, like_mutation_options(&source));
/// like.mutate(SetLiked { post: "p1".into(), liked: true });
/// assert_eq!(*client.get_query_data::<Likes>(&key).unwrap().unwrap(), Likes { liked: true, count: 11 });
/// rt.run();
/// assert_eq!(*client.get_query_data::<Likes>(&key).unwrap().unwrap(), Likes { liked: true, count: 12 });
/// assert!(client.inspect(&key).unwrap().layers.is_empty());
/// ```
pub fn like_mutation_options(
    source: &SourceRef<dyn LikeSource>,
) -> MutationOptions<SetLiked, Likes> {
    like_mutation_options_with_window(source, LIKE_SEND_WINDOW_MS)
}

/// [`like_mutation_options`] with another send window: at most one request per post
/// every `window_ms` (0 sends every click, each replacing the one still queued).
///
/// ```
/// use std::rc::Rc;
/// use futures::future::{self, LocalBoxFuture};
/// use yew_optimistic::{FetchError, MutationContext, SourceRef};
/// use yew_optimistic::like_button::{like_mutation_options_with_window, LikeSource, Likes, SetLiked};
///
/// struct Api;
/// impl LikeSource for Api {
///     fn fetch(&self, _post: &str, _ctx: &yew_optimistic::FetchContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes::default())))
///     }
///     fn set_liked(&self, c: SetLiked, _: MutationContext) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
///         Box::pin(future::ready(Ok(Likes { liked: c.liked, count: u32::from(c.liked) })))
///     }
/// }
/// let source: SourceRef<dyn LikeSource> = SourceRef::new(Rc::new(Api));
/// let _slower = like_mutation_options_with_window(&source, 3_000);
/// ```
pub fn like_mutation_options_with_window(
    source: &SourceRef<dyn LikeSource>,
    window_ms: Millis,
) -> MutationOptions<SetLiked, Likes> {
    let source = source.clone();
    MutationOptions::new(move |change: SetLiked, ctx| source.set_liked(change, ctx))
        .key(like_mutation_key())
        // Its changes are idempotent by design (applying one twice gives the same data),
        // so answers fetched while a change is in flight can be rebased onto.
        .idempotent()
        .optimistic(|change: &SetLiked, patches| {
            let liked = change.liked;
            patches.update(likes_query_key(&change.post), move |l: &Likes| {
                l.with_liked(liked)
            });
        })
        .on_success(
            |server: &Likes, change: &SetLiked, _ctx: Option<&()>, client| {
                // Only fails when the app stored another type under this key; the layer is
                // gone either way, and the refetch of such an entry is the app's business.
                let _ = client.set_query_data(&likes_query_key(&change.post), *server);
            },
        )
        .on_error(|_error, change: &SetLiked, _ctx: Option<&()>, client| {
            client.invalidate_queries(&QueryFilter::exact(likes_query_key(&change.post)));
        })
        .scope(
            |change: &SetLiked| like_scope(&change.post),
            ScopePolicy::Throttle(window_ms),
        )
}
