//! [`HttpListSource`]: the editable list over HTTP, against the reference server's list
//! API (docs/api.md) or any API of the same shape.

use futures::future::LocalBoxFuture;
use futures::TryFutureExt;
use optimistic_query::{FetchContext, FetchError, MutationContext};
use serde::de::IgnoredAny;

use super::{Item, ListChange, ListSource};
use crate::browser::http::Method;
use crate::browser::http_source::{http_source, read_json, write_json};

http_source! {
    /// A [`ListSource`] over HTTP:
    ///
    /// | call | request | answer |
    /// | --- | --- | --- |
    /// | `fetch(list)` | `GET {base}/api/lists/{list}` | `200 [Item, ...]` |
    /// | `apply(list, change, ctx)` | `POST {base}/api/lists/{list}/changes` with the [`ListChange`] as JSON and `Idempotency-Key: ctx.idempotency_key` | `200 [Item, ...]` (the list after the change) |
    ///
    /// Error answers in `application/problem+json` become [`FetchError::Http`] whose body
    /// is the problem's `detail` (see
    /// [`readable_error`](crate::browser::problem::readable_error)), so the list's toasts
    /// say what the server said. An app whose API has another shape writes its own
    /// [`ListSource`] over [`Http`](crate::browser::http::Http) the same way (its
    /// `get_json_versioned` and `send_json`).
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
    pub struct HttpListSource: dyn ListSource in editable_list, for EditableList;
    /// The URL of list `list` (its name percent-encoded as one path segment).
    pub fn list_url(list) at "/api/lists", e.g. "to do" => "to%20do";
}

impl ListSource for HttpListSource {
    /// Hands the engine's abort signal to the browser request and reports the answer's
    /// `X-Resource-Version` (docs/api.md, "Versions").
    fn fetch(
        &self,
        list: &str,
        ctx: &FetchContext,
    ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
        read_json(&self.http, &Self::path(list), ctx)
    }

    fn apply(
        &self,
        list: &str,
        change: ListChange,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
        // The answer (the list after the change) is not needed: the list invalidates
        // and refetches once its pending changes settle.
        let path = format!("{}/changes", Self::path(list));
        let request = write_json::<_, IgnoredAny>(&self.http, Method::POST, &path, &change, &ctx);
        Box::pin(request.map_ok(|_| ()))
    }
}
