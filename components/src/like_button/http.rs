//! [`HttpLikeSource`]: the like button over HTTP, against the reference server's likes
//! API (docs/api.md) or any API of the same shape.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};

use super::{LikeSource, Likes, SetLiked};
use crate::browser::http::{read_json, Http, Method};
use crate::browser::problem::{path_segment, readable_error};
use crate::SourceRef;

/// A [`LikeSource`] over HTTP:
///
/// | call | request | answer |
/// | --- | --- | --- |
/// | `fetch(post)` | `GET {base}/api/likes/{post}` | `200 Likes` |
/// | `set_liked(change, ctx)` | `PUT {base}/api/likes/{post}` with the [`SetLiked`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 Likes` (after the change) |
///
/// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
/// is the problem's `detail` (see [`readable_error`]).
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
#[derive(Clone, Debug, PartialEq)]
pub struct HttpLikeSource {
    http: Http,
}

impl HttpLikeSource {
    /// A source for the API at `base_url` (`""` for the page's origin).
    ///
    /// ```
    /// use yew_optimistic::like_button::HttpLikeSource;
    /// let source = HttpLikeSource::new("http://127.0.0.1:3000");
    /// assert_eq!(source.likes_url("post-1"), "http://127.0.0.1:3000/api/likes/post-1");
    /// ```
    pub fn new(base_url: impl Into<String>) -> Self {
        HttpLikeSource::with_http(Http::new(base_url))
    }

    /// A source that sends its requests through `http` (base URL, timeout, headers).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::like_button::HttpLikeSource;
    /// let source = HttpLikeSource::with_http(Http::new("/v2").timeout(5_000));
    /// assert_eq!(source.likes_url("p"), "/v2/api/likes/p");
    /// ```
    pub fn with_http(http: Http) -> Self {
        HttpLikeSource { http }
    }

    /// This source as the prop a [`LikeButton`](super::LikeButton) takes.
    ///
    /// ```
    /// use yew_optimistic::like_button::{HttpLikeSource, LikeSource};
    /// use yew_optimistic::SourceRef;
    /// let source: SourceRef<dyn LikeSource> = HttpLikeSource::new("").into_source();
    /// # let _ = source;
    /// ```
    pub fn into_source(self) -> SourceRef<dyn LikeSource> {
        SourceRef::new(Rc::new(self) as Rc<dyn LikeSource>)
    }

    /// The URL of post `post`'s likes.
    ///
    /// ```
    /// use yew_optimistic::like_button::HttpLikeSource;
    /// assert_eq!(HttpLikeSource::new("").likes_url("a/b"), "/api/likes/a%2Fb");
    /// ```
    pub fn likes_url(&self, post: &str) -> String {
        self.http.url(&likes_path(post))
    }
}

fn likes_path(post: &str) -> String {
    format!("/api/likes/{}", path_segment(post))
}

impl LikeSource for HttpLikeSource {
    /// Hands the engine's abort signal to the browser request and reports the answer's
    /// `X-Resource-Version` (docs/api.md, "Versions").
    fn fetch(
        &self,
        post: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        read_json(&self.http, &likes_path(post), ctx)
    }

    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        let request = self.http.send_json::<_, Likes, String>(
            Method::PUT,
            &likes_path(&change.post),
            &change,
            &ctx,
        );
        Box::pin(async move { request.await.map_err(readable_error) })
    }
}
