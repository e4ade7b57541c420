//! The one shape of the components' HTTP data sources (`HttpListSource`,
//! `HttpLikeSource`, `HttpBoardSource`): a struct over an [`Http`] client with `new`,
//! `with_http` and `into_source` ([`http_source!`]), reading through [`read_json`] and
//! writing through [`write_json`]. Each source's file states only what differs: its docs
//! (the API table), its URLs and its source trait's impl.

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

use super::http::{Http, Method};
use super::problem::readable_error;

/// A data source's read: `GET path` decoded as JSON, aborted when the query's
/// `ctx.signal` fires, its version reported into `ctx.version`, a refusal's problem+json
/// made the error's words (as every [`Http`] error is).
pub(crate) fn read_json<T: DeserializeOwned + 'static>(
    http: &Http,
    path: &str,
    ctx: &FetchContext,
) -> LocalBoxFuture<'static, Result<T, FetchError>> {
    Box::pin(http.get_json_versioned::<T, String>(path, &ctx.signal, &ctx.version))
}

/// A data source's write: `body` as JSON with `method` to `path` under the mutation's
/// idempotency key, the answer decoded as `T`, a refusal's problem+json made the error's
/// words (see [`readable_error`]).
pub(crate) fn write_json<B, T>(
    http: &Http,
    method: Method,
    path: &str,
    body: &B,
    ctx: &MutationContext,
) -> impl Future<Output = Result<T, FetchError>> + 'static
where
    B: Serialize + ?Sized,
    T: DeserializeOwned + 'static,
{
    let request = http.send_json::<_, T, String>(method, path, body, ctx);
    async move { request.await.map_err(readable_error) }
}

/// Defines a component's HTTP data source: the public struct over an [`Http`] client,
/// its documented `new`, `with_http` and `into_source`, the URL of one of its resources
/// and that resource's path (`Self::path`, for the source trait's impl).
///
/// ```text
/// http_source! {
///     /// (the source's docs: its API table and an example)
///     pub struct HttpLikeSource: dyn LikeSource in like_button, for LikeButton;
///     /// The URL of post `post`'s likes.
///     pub fn likes_url(post) at "/api/likes", e.g. "a/b" => "a%2Fb";
/// }
/// ```
///
/// `in` names the public module the source is exported from and `for` the component
/// whose `source` prop it fills (both for the generated docs). The URL method joins the
/// client's base, the path `at` and its argument percent-encoded as one path segment;
/// `e.g.` is an argument and its encoding, which the doc examples check.
macro_rules! http_source {
    (
        $(#[$docs:meta])*
        pub struct $name:ident: dyn $source:ident in $module:ident, for $component:ident;
        $(#[$url_docs:meta])*
        pub fn $url:ident($arg:ident) at $at:literal, e.g. $example:literal => $encoded:literal;
    ) => {
        $(#[$docs])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            http: $crate::browser::http::Http,
        }

        impl $name {
            /// A source for the API at `base_url` (`""` for the page's origin), with
            /// [`Http`](crate::browser::http::Http)'s default timeout.
            ///
            /// ```
            #[doc = concat!("use yew_optimistic::", stringify!($module), "::", stringify!($name), ";")]
            #[doc = concat!("let source = ", stringify!($name), "::new(\"http://127.0.0.1:3000\");")]
            #[doc = concat!(
                "assert_eq!(source.", stringify!($url), "(", stringify!($example), "), ",
                "\"http://127.0.0.1:3000", $at, "/", $encoded, "\");"
            )]
            /// ```
            pub fn new(base_url: impl Into<String>) -> Self {
                Self::with_http($crate::browser::http::Http::new(base_url))
            }

            /// A source that sends its requests through `http` (its base URL, timeout and
            /// headers, e.g. an `Authorization`).
            ///
            /// ```
            /// use yew_optimistic::browser::http::Http;
            #[doc = concat!("use yew_optimistic::", stringify!($module), "::", stringify!($name), ";")]
            #[doc = concat!(
                "let source = ", stringify!($name),
                "::with_http(Http::new(\"/v2\").timeout(5_000).header(\"Authorization\", \"Bearer t\"));"
            )]
            #[doc = concat!(
                "assert_eq!(source.", stringify!($url), "(", stringify!($example), "), ",
                "\"/v2", $at, "/", $encoded, "\");"
            )]
            /// ```
            pub fn with_http(http: $crate::browser::http::Http) -> Self {
                Self { http }
            }

            #[doc = concat!(
                "This source as the `source` prop of a [`", stringify!($component), "`](super::",
                stringify!($component), ")."
            )]
            ///
            /// ```
            #[doc = concat!(
                "use yew_optimistic::", stringify!($module), "::{", stringify!($name), ", ",
                stringify!($source), "};"
            )]
            /// use yew_optimistic::SourceRef;
            #[doc = concat!(
                "let source: SourceRef<dyn ", stringify!($source), "> = ", stringify!($name),
                "::new(\"\").into_source();"
            )]
            /// # let _ = source;
            /// ```
            pub fn into_source(self) -> $crate::SourceRef<dyn $source> {
                $crate::SourceRef::new(::std::rc::Rc::new(self) as ::std::rc::Rc<dyn $source>)
            }

            $(#[$url_docs])*
            ///
            /// ```
            #[doc = concat!("use yew_optimistic::", stringify!($module), "::", stringify!($name), ";")]
            #[doc = concat!(
                "assert_eq!(", stringify!($name), "::new(\"\").", stringify!($url), "(",
                stringify!($example), "), \"", $at, "/", $encoded, "\");"
            )]
            /// ```
            pub fn $url(&self, $arg: &str) -> String {
                self.http.url(&Self::path($arg))
            }

            /// The path of the resource named `name`, below the base URL.
            fn path(name: &str) -> String {
                format!(
                    concat!($at, "/{}"),
                    $crate::browser::problem::path_segment(name)
                )
            }
        }
    };
}

pub(crate) use http_source;
