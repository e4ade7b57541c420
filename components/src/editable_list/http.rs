//! [`HttpListSource`]: the editable list over HTTP, against the reference server's list
//! API (docs/api.md) or any API of the same shape.

use std::rc::Rc;

use futures::future::LocalBoxFuture;
use optimistic_query::{FetchContext, FetchError, MutationContext};
use serde::de::IgnoredAny;

use super::{Item, ListChange, ListSource};
use crate::browser::http::{read_json, Http, Method};
use crate::browser::problem::{path_segment, readable_error};
use crate::SourceRef;

/// A [`ListSource`] over HTTP:
///
/// | call | request | answer |
/// | --- | --- | --- |
/// | `fetch(list)` | `GET {base}/api/lists/{list}` | `200 [Item, ...]` |
/// | `apply(list, change, ctx)` | `POST {base}/api/lists/{list}/changes` with the [`ListChange`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 [Item, ...]` (the list after the change) |
///
/// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
/// is the problem's `detail` (see [`readable_error`]), so the list's toasts say what the
/// server said. An app whose API has another shape writes its own [`ListSource`] the
/// same way: this file is the example.
///
/// ```
/// use yew::prelude::*;
/// use yew_optimistic::editable_list::{EditableList, HttpListSource};
///
/// #[component]
/// fn Groceries() -> Html {
///     // One line: the list API at the page's own origin.
///     let source = use_memo((), |_| HttpListSource::new("").into_source());
///     html! { <EditableList source={(*source).clone()} list="groceries" label="Groceries" /> }
/// }
/// # let _ = html! { <Groceries /> };
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HttpListSource {
    http: Http,
}

impl HttpListSource {
    /// A source for the API at `base_url` (`""` for the page's origin), with
    /// [`Http`]'s default timeout.
    ///
    /// ```
    /// use yew_optimistic::editable_list::HttpListSource;
    /// let source = HttpListSource::new("http://127.0.0.1:3000");
    /// assert_eq!(source.list_url("groceries"), "http://127.0.0.1:3000/api/lists/groceries");
    /// ```
    pub fn new(base_url: impl Into<String>) -> Self {
        HttpListSource::with_http(Http::new(base_url))
    }

    /// A source that sends its requests through `http` (its base URL, timeout and
    /// headers, e.g. an `Authorization`).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::editable_list::HttpListSource;
    /// let source = HttpListSource::with_http(Http::new("/v2").timeout(5_000).header("Authorization", "Bearer t"));
    /// assert_eq!(source.list_url("todo"), "/v2/api/lists/todo");
    /// ```
    pub fn with_http(http: Http) -> Self {
        HttpListSource { http }
    }

    /// This source as the prop an [`EditableList`](super::EditableList) takes.
    ///
    /// ```
    /// use yew_optimistic::editable_list::{HttpListSource, ListSource};
    /// use yew_optimistic::SourceRef;
    /// let source: SourceRef<dyn ListSource> = HttpListSource::new("").into_source();
    /// # let _ = source;
    /// ```
    pub fn into_source(self) -> SourceRef<dyn ListSource> {
        SourceRef::new(Rc::new(self) as Rc<dyn ListSource>)
    }

    /// The URL of list `list` (its name percent-encoded as one path segment).
    ///
    /// ```
    /// use yew_optimistic::editable_list::HttpListSource;
    /// assert_eq!(HttpListSource::new("").list_url("to do"), "/api/lists/to%20do");
    /// ```
    pub fn list_url(&self, list: &str) -> String {
        self.http.url(&list_path(list))
    }
}

fn list_path(list: &str) -> String {
    format!("/api/lists/{}", path_segment(list))
}

impl ListSource for HttpListSource {
    /// Hands the engine's abort signal to the browser request and reports the answer's
    /// `X-Resource-Version` (docs/api.md, "Versions").
    fn fetch(
        &self,
        list: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
        read_json(&self.http, &list_path(list), ctx)
    }

    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        // The answer (the list after the change) is not needed: the list invalidates
        // and refetches once its pending changes settle.
        let request = self.http.send_json::<_, IgnoredAny, String>(
            Method::POST,
            &format!("{}/changes", list_path(list)),
            &change,
            &ctx,
        );
        Box::pin(async move { request.await.map(|_| ()).map_err(readable_error) })
    }
}
