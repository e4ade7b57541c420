//! [`HttpLikeSource`]: the like button over HTTP, against the reference server's likes
//! API (docs/api.md) or any API of the same shape.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};

use super::{LikeSource, Likes, SetLiked};
use crate::browser::http::Method;
use crate::browser::http_source::{http_source, read_json, write_json};

http_source! {
    /// A [`LikeSource`] over HTTP:
    ///
    /// | call | request | answer |
    /// | --- | --- | --- |
    /// | `fetch(post)` | `GET {base}/api/likes/{post}` | `200 Likes` |
    /// | `set_liked(change, ctx)` | `PUT {base}/api/likes/{post}` with the [`SetLiked`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 Likes` (after the change) |
    ///
    /// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
    /// is the problem's `detail` (see
    /// [`readable_error`](crate::browser::problem::readable_error)).
    ///
    /// ```
    /// use yew::prelude::*;
    /// use yew_optimistic::like_button::{HttpLikeSource, LikeButton};
    ///
    /// #[component]
    /// fn Post() -> Html {
    ///     let source = use_memo((), |_| HttpLikeSource::new("").into_source());
    ///     html! { <LikeButton source={(*source).clone()} post="post-1" /> }
    /// }
    /// # let _ = html! { <Post /> };
    /// ```
    pub struct HttpLikeSource: dyn LikeSource in like_button, for LikeButton;
    /// The URL of post `post`'s likes.
    pub fn likes_url(post) at "/api/likes", e.g. "a/b" => "a%2Fb";
}

impl LikeSource for HttpLikeSource {
    /// Hands the engine's abort signal to the browser request and reports the answer's
    /// `X-Resource-Version` (docs/api.md, "Versions").
    fn fetch(
        &self,
        post: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        read_json(&self.http, &Self::path(post), ctx)
    }

    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        let path = Self::path(&change.post);
        Box::pin(write_json(&self.http, Method::PUT, &path, &change, &ctx))
    }
}
