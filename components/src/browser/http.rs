//! JSON over HTTP for query fetchers and mutation functions, over `gloo-net`, with every
//! failure mapped to the engine's typed [`FetchError`]:
//!
//! | what happened | error |
//! | --- | --- |
//! | the request never completed (offline, refused, DNS, CORS: the browser's `TypeError`), or could not be built (bad URL, bad header, unserialisable body) | [`FetchError::Network`] |
//! | no answer (headers and body) within the timeout; the browser request is aborted | [`FetchError::Timeout`] |
//! | a status outside `200..=299` | [`FetchError::Http`] with the body's words: the `detail` (else `title`) of an RFC 9457 `application/problem+json` body, so `to_string()` reads "the server answered 422: a title cannot be empty"; any other body as it is, cut at [`MAX_ERROR_BODY_BYTES`]. A 409 whose problem type is [`idempotency-key-in-progress`](super::problem::KEY_IN_PROGRESS) becomes a retryable 503 ([`readable_error`](super::problem::readable_error)) |
//! | a body that is not JSON, or not the expected shape | [`FetchError::Decode`] with serde's message (line and column) |
//! | the engine's [`AbortSignal`] fired; the browser request is aborted | [`FetchError::Aborted`]`(`[`AbortReason::Cancelled`]`)` |
//!
//! The methods return `'static` futures (they copy what they need before the first
//! `.await`), so they can be returned straight from a fetcher or mutation closure:
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use yew_optimistic::browser::http::{Http, Method};
//! use yew_optimistic::optimistic_query::{keys, FetchContext, MutationContext, MutationOptions, QueryOptions};
//!
//! #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
//! struct Todo { id: u32, title: String, done: bool }
//!
//! let api = Http::new("https://api.example.com/v1").timeout(10_000);
//!
//! let http = api.clone();
//! let todos: QueryOptions<Vec<Todo>> = QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
//!     http.get_json("/todos", &ctx.signal)
//! });
//!
//! let http = api.clone();
//! let save: MutationOptions<Todo, Todo> = MutationOptions::new(move |todo: Todo, ctx: MutationContext| {
//!     http.send_json(Method::PUT, &format!("/todos/{}", todo.id), &todo, &ctx)
//! });
//! # let _ = (todos, save);
//! ```
//!
//! Only the futures these methods return touch the browser, and only once polled; building
//! an [`Http`] and the request futures works anywhere.

use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use optimistic_query::{
    AbortReason, AbortSignal, FetchError, Millis, MutationContext, VersionSlot,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

/// The HTTP method of a request (`http::Method`, as re-exported by `gloo-net`).
///
/// ```
/// use yew_optimistic::browser::http::Method;
/// assert_eq!(Method::PATCH.as_str(), "PATCH");
/// ```
pub use gloo_net::http::Method;

/// The timeout of a new [`Http`]: 30 seconds, for the whole exchange (connection, headers
/// and body).
///
/// ```
/// use yew_optimistic::browser::http::{Http, DEFAULT_TIMEOUT_MS};
/// assert_eq!(Http::new("/api").timeout_ms(), Some(DEFAULT_TIMEOUT_MS));
/// ```
pub const DEFAULT_TIMEOUT_MS: Millis = 30_000;

/// How much of an error answer's body [`FetchError::Http`] keeps: 2 KB. A longer body is
/// cut on a character boundary and ends with a note giving its full size, so an HTML
/// error page does not flood logs and toasts.
///
/// ```
/// use yew_optimistic::browser::http::MAX_ERROR_BODY_BYTES;
/// assert_eq!(MAX_ERROR_BODY_BYTES, 2048);
/// ```
pub const MAX_ERROR_BODY_BYTES: usize = 2048;

/// A JSON API client: a base URL, a timeout and default headers, shared by every request.
///
/// Cloning is cheap (the settings are reference-counted), so clone it into each fetcher
/// or mutation closure. Two clients are equal when their settings are, which makes an
/// `Http` usable in Yew props and contexts.
///
/// ```
/// use yew_optimistic::browser::http::Http;
/// let api = Http::new("https://api.example.com")
///     .timeout(5_000)
///     .header("Authorization", "Bearer abc");
/// assert_eq!(api.url("/todos"), "https://api.example.com/todos");
/// assert_eq!(api.clone(), api);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    config: Rc<Config>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Config {
    base: String,
    timeout_ms: Option<Millis>,
    headers: Vec<(String, String)>,
}

impl Default for Http {
    /// A client for the page's own origin: `Http::new("")`.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// assert_eq!(Http::default(), Http::new(""));
    /// assert_eq!(Http::default().url("/api/todos"), "/api/todos");
    /// ```
    fn default() -> Self {
        Http::new("")
    }
}

impl Http {
    /// A client whose relative paths are joined to `base` (`""` means the page's origin),
    /// with a [`DEFAULT_TIMEOUT_MS`] timeout and no extra headers. Every request sends
    /// `Accept: application/json`.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// let api = Http::new("https://api.example.com/v1/");
    /// assert_eq!(api.base(), "https://api.example.com/v1/");
    /// ```
    pub fn new(base: impl Into<String>) -> Self {
        Http {
            config: Rc::new(Config {
                base: base.into(),
                timeout_ms: Some(DEFAULT_TIMEOUT_MS),
                headers: Vec::new(),
            }),
        }
    }

    /// Gives up on a request after `ms` milliseconds with [`FetchError::Timeout`], and
    /// aborts it in the browser. The time covers the whole exchange, body included.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// assert_eq!(Http::new("").timeout(2_500).timeout_ms(), Some(2_500));
    /// ```
    pub fn timeout(mut self, ms: Millis) -> Self {
        Rc::make_mut(&mut self.config).timeout_ms = Some(ms);
        self
    }

    /// Waits as long as the browser does (requests still end on network errors and on
    /// the engine's abort signal).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// assert_eq!(Http::new("").no_timeout().timeout_ms(), None);
    /// ```
    pub fn no_timeout(mut self) -> Self {
        Rc::make_mut(&mut self.config).timeout_ms = None;
        self
    }

    /// Sends this header with every request. A second call with the same name (in any
    /// case) replaces the value. It may override `Accept` and `Content-Type`; the
    /// `Idempotency-Key` of a mutation always wins. An invalid name or value makes each
    /// request fail with [`FetchError::Network`] rather than panic.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// let a = Http::new("").header("X-Client", "gallery").header("x-client", "app");
    /// assert_eq!(a, Http::new("").header("x-client", "app"));
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        let headers = &mut Rc::make_mut(&mut self.config).headers;
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        headers.push((name, value));
        self
    }

    /// The base URL given to [`Http::new`].
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// assert_eq!(Http::new("/api").base(), "/api");
    /// ```
    pub fn base(&self) -> &str {
        &self.config.base
    }

    /// The timeout in milliseconds, `None` when there is none.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// assert_eq!(Http::new("/api").timeout(100).timeout_ms(), Some(100));
    /// ```
    pub fn timeout_ms(&self) -> Option<Millis> {
        self.config.timeout_ms
    }

    /// The URL a request for `path` goes to: `path` joined to the base with exactly one
    /// `/` between them, or `path` itself when it is absolute (it has a scheme such as
    /// `https:`, `data:` or `blob:`, or starts with `//`).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// let api = Http::new("https://api.example.com/v1/");
    /// assert_eq!(api.url("/todos"), "https://api.example.com/v1/todos");
    /// assert_eq!(api.url("todos?page=2"), "https://api.example.com/v1/todos?page=2");
    /// assert_eq!(api.url("https://cdn.example.com/a.json"), "https://cdn.example.com/a.json");
    /// ```
    pub fn url(&self, path: &str) -> String {
        join_url(&self.config.base, path)
    }

    /// `GET`s `path` and decodes the JSON answer as `T`; for query fetchers. Aborting
    /// `signal` (as `cancel_queries` or an unmounted observer does) aborts the browser
    /// request and ends the future with [`FetchError::Aborted`]; an already aborted
    /// signal sends nothing.
    ///
    /// An empty body (a `204`) decodes as JSON `null`, so `T = ()` or `Option<_>` accept
    /// it; use [`serde::de::IgnoredAny`] to ignore whatever the server sends.
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::optimistic_query::{keys, FetchContext, QueryOptions};
    ///
    /// #[derive(Clone, Debug, PartialEq, serde::Deserialize)]
    /// struct User { name: String }
    ///
    /// let http = Http::new("https://api.example.com");
    /// let me: QueryOptions<User> =
    ///     QueryOptions::new(keys!["me"], move |ctx: FetchContext| http.get_json("/me", &ctx.signal));
    /// # let _ = me;
    /// ```
    ///
    /// Awaited directly (in a browser):
    ///
    /// ```no_run
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::optimistic_query::{AbortSignal, FetchError};
    /// # async fn run() {
    /// let names: Result<Vec<String>, FetchError> =
    ///     Http::new("/api").get_json("/names", &AbortSignal::default()).await;
    /// # }
    /// ```
    pub fn get_json<T, E>(
        &self,
        path: &str,
        signal: &AbortSignal,
    ) -> impl Future<Output = Result<T, FetchError<E>>> + 'static
    where
        T: DeserializeOwned + 'static,
        E: 'static,
    {
        self.exchange(Method::GET, path, Ok(None), None, signal.clone(), None)
    }

    /// Like [`Http::get_json`], and reports the answer's [`VERSION_HEADER`] into
    /// `version` (a query fetcher passes its `ctx.version`), so the engine reconciles the
    /// answer exactly with the writes that travelled with it. An answer without the
    /// header reports nothing (the engine's rules without versions).
    ///
    /// ```
    /// use yew_optimistic::browser::http::Http;
    /// use yew_optimistic::optimistic_query::{keys, FetchContext, QueryOptions};
    /// let http = Http::new("https://api.example.com");
    /// let todos: QueryOptions<Vec<String>> = QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
    ///     http.get_json_versioned("/todos", &ctx.signal, &ctx.version)
    /// });
    /// # let _ = todos;
    /// ```
    pub fn get_json_versioned<T, E>(
        &self,
        path: &str,
        signal: &AbortSignal,
        version: &VersionSlot,
    ) -> impl Future<Output = Result<T, FetchError<E>>> + 'static
    where
        T: DeserializeOwned + 'static,
        E: 'static,
    {
        let version = Some(version.clone());
        self.exchange(Method::GET, path, Ok(None), None, signal.clone(), version)
    }

    /// Sends `body` as JSON with `method` to `path` and decodes the JSON answer as `T`;
    /// for mutation functions. Sends `Content-Type: application/json` and
    /// `Idempotency-Key: <ctx.idempotency_key>`, which stays the same on every retry and
    /// replay of the mutation, so a server that honours it applies the change once.
    ///
    /// An error answer reads as a sentence: the `detail` of an RFC 9457 problem+json
    /// body (`"the server answered 422: a title cannot be empty"`, not the raw JSON; see
    /// the table in the [module docs](self)).
    ///
    /// `body` is serialised at once, so the future borrows nothing. For a `204 No
    /// Content` (or any empty body) ask for `T = ()`; to ignore any answer ask for
    /// [`serde::de::IgnoredAny`].
    ///
    /// ```
    /// use serde::{Deserialize, Serialize};
    /// use yew_optimistic::browser::http::{Http, Method};
    /// use yew_optimistic::optimistic_query::{FetchError, MutationContext, MutationOptions};
    ///
    /// #[derive(Clone, Serialize)]
    /// struct Toggle { id: u32, done: bool }
    /// #[derive(Clone, Debug, PartialEq, Deserialize)]
    /// struct Todo { id: u32, done: bool }
    ///
    /// let http = Http::new("https://api.example.com");
    /// let toggle: MutationOptions<Toggle, Todo> =
    ///     MutationOptions::new(move |t: Toggle, ctx: MutationContext| {
    ///         http.send_json(Method::PATCH, &format!("/todos/{}", t.id), &t, &ctx)
    ///     });
    ///
    /// // A server that answers `204 No Content`:
    /// let http = Http::new("https://api.example.com");
    /// let archive: MutationOptions<Toggle, ()> =
    ///     MutationOptions::new(move |t: Toggle, ctx: MutationContext| {
    ///         http.send_json(Method::POST, "/archive", &t, &ctx)
    ///     });
    /// # let _ = (toggle, archive);
    /// ```
    pub fn send_json<B, T, E>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        ctx: &MutationContext,
    ) -> impl Future<Output = Result<T, FetchError<E>>> + 'static
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned + 'static,
        E: 'static,
    {
        // Mutations have no abort signal: once sent, they run to an answer or a timeout.
        self.exchange(
            method,
            path,
            encode_json(body).map(Some),
            Some(ctx.idempotency_key.clone()),
            AbortSignal::default(),
            Some(ctx.version.clone()),
        )
    }

    /// Like [`Http::send_json`] without a request body (a `DELETE`, a `POST` whose URL says
    /// it all); still sends the `Idempotency-Key`.
    ///
    /// ```
    /// use yew_optimistic::browser::http::{Http, Method};
    /// use yew_optimistic::optimistic_query::{MutationContext, MutationOptions};
    ///
    /// let http = Http::new("https://api.example.com");
    /// let delete: MutationOptions<u32, ()> = MutationOptions::new(move |id: u32, ctx: MutationContext| {
    ///     http.send(Method::DELETE, &format!("/todos/{id}"), &ctx)
    /// });
    /// # let _ = delete;
    /// ```
    pub fn send<T, E>(
        &self,
        method: Method,
        path: &str,
        ctx: &MutationContext,
    ) -> impl Future<Output = Result<T, FetchError<E>>> + 'static
    where
        T: DeserializeOwned + 'static,
        E: 'static,
    {
        self.exchange(
            method,
            path,
            Ok(None),
            Some(ctx.idempotency_key.clone()),
            AbortSignal::default(),
            Some(ctx.version.clone()),
        )
    }

    /// The one request path behind the public methods. Everything is owned here, before
    /// the `async` block, so the future is `'static`; nothing touches the browser until it
    /// is polled.
    ///
    /// Only the decoding is typed: the request, its race against the timeout and the
    /// abort, and the error mapping are one function for every answer type
    /// ([`exchange_text`](Self::exchange_text)).
    fn exchange<T, E>(
        &self,
        method: Method,
        path: &str,
        body: Result<Option<String>, Wire>,
        idempotency_key: Option<String>,
        signal: AbortSignal,
        version: Option<VersionSlot>,
    ) -> impl Future<Output = Result<T, FetchError<E>>> + 'static
    where
        T: DeserializeOwned + 'static,
        E: 'static,
    {
        let request = self.exchange_text(method, path, body, idempotency_key, signal);
        async move {
            let (text, reported) = request.await.map_err(widen)?;
            let answer = decode_json(&text)?;
            // Reported only with an answer the caller gets: a failed exchange says nothing.
            if let (Some(slot), Some(v)) = (version, reported) {
                slot.set(v);
            }
            Ok(answer)
        }
    }

    /// The request of [`exchange`](Self::exchange) up to the answer's text and reported
    /// version, boxed so that every answer type shares it.
    fn exchange_text(
        &self,
        method: Method,
        path: &str,
        body: Result<Option<String>, Wire>,
        idempotency_key: Option<String>,
        signal: AbortSignal,
    ) -> LocalBoxFuture<'static, Result<(String, Option<u64>), Wire>> {
        let config = Rc::clone(&self.config);
        let url = self.url(path);
        Box::pin(async move {
            // Nobody wants the answer any more: do not send anything.
            if signal.is_aborted() {
                return Err(FetchError::Aborted(AbortReason::Cancelled));
            }
            let body = body?;
            let headers = request_headers(&config.headers, body.is_some(), idempotency_key);
            let controller = AbortController::new().map_err(|e| build_failed(&js_message(&e)))?;
            // Until the exchange finishes, dropping this future (timeout, abort, or the
            // caller losing interest) aborts the browser request instead of leaving it
            // running in the background.
            let mut guard = AbortOnDrop(Some(controller.clone()));
            let aborted = abort_notice(&signal, controller.clone());
            let timed_out = timer(config.timeout_ms);
            let request = fetch_text(method, url, headers, body, controller.signal());
            let result = race(request, aborted, timed_out).await;
            if !matches!(result, Err(FetchError::Timeout(_) | FetchError::Aborted(_))) {
                // The browser is done with the request: nothing left to abort.
                guard.0 = None;
            }
            result
        })
    }
}

/// Aborts the browser request when dropped, unless disarmed by taking the controller.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

/// Hooks the engine's signal to the browser's: when it fires, the request is aborted in
/// the browser and the returned future completes.
fn abort_notice(signal: &AbortSignal, controller: AbortController) -> impl Future<Output = ()> {
    let (tx, rx) = oneshot::channel::<()>();
    signal.on_abort(move || {
        controller.abort();
        // The request may have finished and dropped the receiver: nothing to tell then.
        let _ = tx.send(());
    });
    async move {
        // A dropped sender means the signal itself is gone, not that it fired.
        if rx.await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Completes with the timeout after `ms`, or never for `None`. Dropping the future clears
/// the browser timer.
fn timer(ms: Option<Millis>) -> impl Future<Output = Millis> {
    let (tx, rx) = oneshot::channel::<()>();
    let handle = ms.map(|ms| {
        gloo_timers::callback::Timeout::new(timer_delay(ms), move || {
            let _ = tx.send(());
        })
    });
    async move {
        let _handle = handle;
        match (rx.await, ms) {
            (Ok(()), Some(ms)) => ms,
            // No timeout: the sender was dropped unused.
            _ => std::future::pending().await,
        }
    }
}

/// The largest body sent with `keepalive`: the browser refuses keepalive requests whose
/// bodies (of all keepalive requests in flight together) exceed 64 KiB, so leave room.
const KEEPALIVE_MAX_BODY_BYTES: usize = 32 * 1024;

/// The browser request. web-sys's `RequestInit` has no setter for `keepalive`, so it is
/// set as a plain property. gloo-net's builder is not used: one way to build every
/// request is less code in every app than two.
fn browser_request(
    method: &Method,
    url: &str,
    headers: &web_sys::Headers,
    body: Option<&str>,
    signal: &web_sys::AbortSignal,
) -> Result<web_sys::Request, wasm_bindgen::JsValue> {
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    init.set_headers(headers);
    init.set_signal(Some(signal));
    if let Some(body) = body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
        // A write goes out with `keepalive` when the browser allows it (bodies up to
        // 64 KiB), so that a change sent as the page closes can still reach the server;
        // the next page resends it under the same idempotency key either way.
        if body.len() <= KEEPALIVE_MAX_BODY_BYTES {
            js_sys::Reflect::set(
                &init,
                &wasm_bindgen::JsValue::from_str("keepalive"),
                &wasm_bindgen::JsValue::TRUE,
            )?;
        }
    }
    web_sys::Request::new_with_str_and_init(url, &init)
}

/// Sends the request through gloo-net and reads the whole answer.
async fn fetch_text(
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
    signal: web_sys::AbortSignal,
) -> Result<(String, Option<u64>), Wire> {
    // `gloo_net::http::Headers::set` throws on an invalid name or value (`unwrap_throw`);
    // the idempotency key may come from persisted storage, so build them fallibly.
    let raw = web_sys::Headers::new().map_err(|e| build_failed(&js_message(&e)))?;
    for (name, value) in &headers {
        raw.set(name, value)
            .map_err(|e| build_failed(&format!("header `{name}`: {}", js_message(&e))))?;
    }
    let request = browser_request(&method, &url, &raw, body.as_deref(), &signal)
        .map(gloo_net::http::Request::from)
        .map_err(|e| build_failed(&js_message(&e)))?;
    let response = request.send().await.map_err(gloo_failure)?;
    let status = response.status();
    let text = response.text().await;
    if !is_success(status) {
        // The status is what matters; a body that cannot be read is reported as empty.
        return Err(http_error(status, text.as_deref().unwrap_or("")));
    }
    let text = text.map_err(gloo_failure)?;
    Ok((text, parse_version(response.headers().get(VERSION_HEADER))))
}

/// The errors of the request itself: every variant but the application's.
type Wire = FetchError<Infallible>;

/// A request error as the caller's error type.
fn widen<E>(e: Wire) -> FetchError<E> {
    e.map_app(|never| match never {})
}

/// The header in which a server says which version of the resource an answer describes
/// (docs/api.md, "Versions"): a read's data, or the change a write produced.
pub const VERSION_HEADER: &str = wire::version::HEADER;

/// A [`VERSION_HEADER`] value: decimal digits, nothing else.
///
/// ```
/// use yew_optimistic::browser::http::parse_version;
/// assert_eq!(parse_version(Some("42".into())), Some(42));
/// assert_eq!(parse_version(Some("W/\"42\"".into())), None);
/// assert_eq!(parse_version(None), None);
/// ```
pub fn parse_version(value: Option<String>) -> Option<u64> {
    wire::version::parse(&value?)
}

/// Waits for the first of: the engine's abort, the answer, the timeout. Polled in that
/// order, so an answer that lands in the same turn as a cancel is dropped (nobody wants
/// it) and one that lands with the timeout is kept (it did arrive).
async fn race<T, E>(
    request: impl Future<Output = Result<T, FetchError<E>>>,
    aborted: impl Future<Output = ()>,
    timed_out: impl Future<Output = Millis>,
) -> Result<T, FetchError<E>> {
    let mut request = pin!(request);
    let mut aborted = pin!(aborted);
    let mut timed_out = pin!(timed_out);
    std::future::poll_fn(move |cx| {
        if aborted.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(FetchError::Aborted(AbortReason::Cancelled)));
        }
        if let Poll::Ready(result) = request.as_mut().poll(cx) {
            return Poll::Ready(result);
        }
        if let Poll::Ready(ms) = timed_out.as_mut().poll(cx) {
            return Poll::Ready(Err(FetchError::Timeout(ms)));
        }
        Poll::Pending
    })
    .await
}

/// `setTimeout` treats a delay above `i32::MAX` ms as 0 (fires at once); clamp instead.
fn timer_delay(ms: Millis) -> u32 {
    u32::try_from(ms.min(i32::MAX as Millis)).unwrap_or(i32::MAX as u32)
}

/// Joins `path` to `base` with one `/`; absolute paths are taken as they are.
fn join_url(base: &str, path: &str) -> String {
    if base.is_empty() || has_scheme(path) || path.starts_with("//") {
        return path.to_owned();
    }
    if path.is_empty() || path.starts_with('?') || path.starts_with('#') {
        return format!("{base}{path}");
    }
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// Whether `s` starts with a URL scheme (RFC 3986: a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`) before any `/`, `?` or `#`.
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The headers of a request, in the order they are set (a later one with the same name
/// replaces an earlier one, as `Headers.set` does): `Accept`, then `Content-Type` when
/// there is a body, then the client's own headers, then the mutation's idempotency key.
fn request_headers(
    defaults: &[(String, String)],
    json_body: bool,
    idempotency_key: Option<String>,
) -> Vec<(String, String)> {
    let mut headers = vec![("Accept".to_owned(), "application/json".to_owned())];
    if json_body {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    headers.extend(defaults.iter().cloned());
    if let Some(key) = idempotency_key {
        headers.push(("Idempotency-Key".to_owned(), key));
    }
    // Keep the last value of each name so that the list says what is actually sent.
    let mut out: Vec<(String, String)> = Vec::with_capacity(headers.len());
    for (name, value) in headers {
        out.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        out.push((name, value));
    }
    out
}

fn is_success(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// The error for a non-success status, in readable words: a problem+json body becomes
/// its `detail` (and a 409 "key in progress" a retryable 503,
/// [`readable_error`](super::problem::readable_error)); any other body is kept, at most
/// [`MAX_ERROR_BODY_BYTES`] of it.
fn http_error<E>(status: u16, body: &str) -> FetchError<E> {
    match super::problem::readable_error::<E>(FetchError::Http {
        status,
        body: body.to_owned(),
    }) {
        FetchError::Http { status, body } => FetchError::Http {
            status,
            body: truncate_body(&body, MAX_ERROR_BODY_BYTES),
        },
        other => other,
    }
}

/// Cuts `body` to at most `max` bytes (on a character boundary) plus a note saying how
/// long it was.
fn truncate_body(body: &str, max: usize) -> String {
    if body.len() <= max {
        return body.to_owned();
    }
    let mut end = max;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}… [truncated: {} of {} bytes shown]",
        &body[..end],
        end,
        body.len()
    )
}

/// Decodes a JSON answer. An empty (or blank) body reads as `null`, so `()`, `Option<_>`
/// and `IgnoredAny` accept a `204`. Errors keep serde's message, which gives the line
/// and column, and add the expected type and the start of the body.
fn decode_json<T: DeserializeOwned, E>(body: &str) -> Result<T, FetchError<E>> {
    let text = if body.trim().is_empty() { "null" } else { body };
    serde_json::from_str(text)
        .map_err(|e| FetchError::Decode(decode_error(&e, std::any::type_name::<T>(), body)))
}

/// The message of [`decode_json`]'s error, built only on failure and shared by every
/// answer type.
fn decode_error(e: &serde_json::Error, type_name: &str, body: &str) -> String {
    let expected = short_type_name(type_name);
    if body.trim().is_empty() {
        format!(
            "the answer is empty, but `{expected}` was expected (use `()` or `Option` for an answer without a body)"
        )
    } else {
        format!(
            "{e} (expected `{expected}`; the answer starts with {:?})",
            excerpt(body, 80)
        )
    }
}

/// A type name without module paths (`Vec<Todo>`, not `alloc::vec::Vec<app::api::Todo>`),
/// short enough for an error shown to a person.
fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    // Where the path being read started in `out`: a `::` drops everything since.
    let mut path_start = 0;
    let mut chars = full.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.truncate(path_start);
        } else {
            out.push(c);
            if !(c.is_alphanumeric() || c == '_') {
                path_start = out.len();
            }
        }
    }
    out
}

/// The first `max` characters of `s`, with `…` when there is more.
fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Serialises a request body; a failure (a map with non-string keys, a failing
/// `Serialize` impl) means the request cannot be built.
fn encode_json<B: Serialize + ?Sized, E>(body: &B) -> Result<String, FetchError<E>> {
    serde_json::to_string(body)
        .map_err(|e| build_failed(&format!("the body is not serialisable as JSON: {e}")))
}

/// A request that could not even be built never reached the server: `Network`, as the
/// variant's documentation says.
fn build_failed<E>(message: &str) -> FetchError<E> {
    FetchError::Network(format!("could not build the request: {message}"))
}

/// Maps a gloo-net error. The JSON variant cannot occur here (decoding is ours), but maps
/// to `Decode` should it.
fn gloo_failure<E>(error: gloo_net::Error) -> FetchError<E> {
    match error {
        gloo_net::Error::JsError(js) => js_failure(&js.name, &js.message),
        gloo_net::Error::SerdeError(e) => FetchError::Decode(e.to_string()),
        gloo_net::Error::GlooError(message) => FetchError::Network(message),
    }
}

/// Maps a JavaScript exception from `fetch` or the body read. An `AbortError` that our
/// own race did not report first was not asked for by anyone here: the browser aborted
/// the request (a page going away, a navigation). Whether the server got it is unknown,
/// so it is a network failure (a write is then sent again under its idempotency key),
/// never a refusal. Anything else (`TypeError: Failed to fetch`, ...) means the request
/// did not complete either.
fn js_failure<E>(name: &str, message: &str) -> FetchError<E> {
    match name {
        "AbortError" => FetchError::Network(format!("the browser aborted the request: {message}")),
        _ if message.is_empty() => FetchError::Network(name.to_owned()),
        _ => FetchError::Network(format!("{name}: {message}")),
    }
}

/// The text of a JavaScript exception thrown by a web-sys call.
fn js_message(value: &JsValue) -> String {
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => value.as_string().unwrap_or_else(|| format!("{value:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;
    use std::collections::BTreeMap;
    use std::future::{pending, ready};

    type Result<T> = std::result::Result<T, FetchError<String>>;

    #[test]
    fn builder_sets_base_timeout_and_headers() {
        let a = Http::new("https://api.example.com")
            .timeout(10)
            .header("X-A", "1")
            .header("x-a", "2");
        assert_eq!(a.base(), "https://api.example.com");
        assert_eq!(a.timeout_ms(), Some(10));
        assert_eq!(a.config.headers, vec![("x-a".to_owned(), "2".to_owned())]);
        assert_ne!(a, Http::new("https://api.example.com"));
        assert_eq!(Http::new("x").no_timeout().timeout_ms(), None);
        assert_eq!(Http::new("x").timeout_ms(), Some(DEFAULT_TIMEOUT_MS));
    }

    #[test]
    fn builder_does_not_change_earlier_clones() {
        let a = Http::new("/api");
        let b = a.clone().timeout(1).header("X", "y");
        assert_eq!(a.timeout_ms(), Some(DEFAULT_TIMEOUT_MS));
        assert!(a.config.headers.is_empty());
        assert_eq!(b.timeout_ms(), Some(1));
    }

    #[test]
    fn urls_join_with_exactly_one_slash() {
        for (base, path, url) in [
            (
                "https://a.example/v1",
                "/todos",
                "https://a.example/v1/todos",
            ),
            (
                "https://a.example/v1/",
                "/todos",
                "https://a.example/v1/todos",
            ),
            (
                "https://a.example/v1/",
                "todos",
                "https://a.example/v1/todos",
            ),
            (
                "https://a.example/v1",
                "todos/3?x=1",
                "https://a.example/v1/todos/3?x=1",
            ),
            ("https://a.example/v1", "", "https://a.example/v1"),
            (
                "https://a.example/todos",
                "?page=2",
                "https://a.example/todos?page=2",
            ),
            ("", "/api/todos", "/api/todos"),
            ("", "todos", "todos"),
            ("/api", "/todos", "/api/todos"),
            ("/api", "https://b.example/x", "https://b.example/x"),
            (
                "/api",
                "data:application/json,%5B%5D",
                "data:application/json,%5B%5D",
            ),
            (
                "/api",
                "blob:http://127.0.0.1:8000/uuid",
                "blob:http://127.0.0.1:8000/uuid",
            ),
            ("/api", "//cdn.example/x", "//cdn.example/x"),
            ("/api", "todos/a:b", "/api/todos/a:b"),
        ] {
            assert_eq!(join_url(base, path), url, "join_url({base:?}, {path:?})");
        }
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("data:,"));
        assert!(has_scheme("web+app:x"));
        assert!(!has_scheme("/a:b"));
        assert!(!has_scheme("1http://x"));
        assert!(!has_scheme(":x"));
        assert!(!has_scheme("todos"));
    }

    #[test]
    fn headers_accept_json_and_send_the_idempotency_key_last() {
        let defaults = vec![
            ("Authorization".to_owned(), "Bearer t".to_owned()),
            ("idempotency-key".to_owned(), "not mine".to_owned()),
        ];
        let h = request_headers(&defaults, true, Some("mut-1".to_owned()));
        assert_eq!(
            h,
            vec![
                ("Accept".to_owned(), "application/json".to_owned()),
                ("Content-Type".to_owned(), "application/json".to_owned()),
                ("Authorization".to_owned(), "Bearer t".to_owned()),
                ("Idempotency-Key".to_owned(), "mut-1".to_owned()),
            ]
        );
        // A GET sends no Content-Type and no key; client headers may override Accept.
        let h = request_headers(
            &[("accept".to_owned(), "application/vnd.api+json".to_owned())],
            false,
            None,
        );
        assert_eq!(
            h,
            vec![("accept".to_owned(), "application/vnd.api+json".to_owned())]
        );
    }

    #[test]
    fn success_is_2xx_only() {
        assert!(is_success(200));
        assert!(is_success(204));
        assert!(is_success(299));
        assert!(!is_success(199));
        assert!(!is_success(304));
        assert!(!is_success(404));
        assert!(!is_success(0));
    }

    #[test]
    fn non_success_keeps_status_and_body() {
        let e: FetchError<String> = http_error(422, r#"{"error":"title is empty"}"#);
        assert_eq!(
            e,
            FetchError::Http {
                status: 422,
                body: r#"{"error":"title is empty"}"#.to_owned()
            }
        );
        assert!(!e.kind().is_retryable());
        assert!(http_error::<String>(503, "").kind().is_retryable());
    }

    #[test]
    fn a_problem_body_becomes_its_detail() {
        let body = r#"{"type":"tag:x,2026:problems/invalid-change","title":"The change is not valid","status":422,"detail":"a title cannot be empty"}"#;
        let e: FetchError<String> = http_error(422, body);
        assert_eq!(
            e.to_string(),
            "the server answered 422: a title cannot be empty"
        );
        assert!(!e.kind().is_retryable());
        let busy = r#"{"type":"tag:x,2026:problems/idempotency-key-in-progress","title":"In progress","status":409}"#;
        assert!(http_error::<String>(409, busy).kind().is_retryable());
    }

    #[test]
    fn long_error_bodies_are_cut_with_a_note() {
        let page = "x".repeat(5000);
        let FetchError::Http { body, .. } = http_error::<String>(500, &page) else {
            panic!("expected an Http error");
        };
        assert!(body.starts_with(&"x".repeat(MAX_ERROR_BODY_BYTES)));
        assert!(
            body.ends_with("[truncated: 2048 of 5000 bytes shown]"),
            "{body}"
        );
        assert!(body.len() < MAX_ERROR_BODY_BYTES + 64);
        assert_eq!(truncate_body("short", 10), "short");
        assert_eq!(truncate_body("exact", 5), "exact");
    }

    #[test]
    fn truncation_never_splits_a_character() {
        // "é" is two bytes: a cut at 3 bytes falls inside the second one.
        let cut = truncate_body("éééé", 3);
        assert!(cut.starts_with("é…"), "{cut}");
        assert!(cut.contains("2 of 8 bytes"), "{cut}");
    }

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Todo {
        id: u32,
        title: String,
    }

    #[test]
    fn decodes_the_expected_shape() {
        let todo: Result<Todo> = decode_json(r#"{"id":1,"title":"milk"}"#);
        assert_eq!(
            todo,
            Ok(Todo {
                id: 1,
                title: "milk".into()
            })
        );
    }

    #[test]
    fn malformed_json_is_a_decode_error_with_line_and_column() {
        let r: Result<Todo> = decode_json("{\"id\":1,\n\"title\": oops}");
        let Err(FetchError::Decode(m)) = r else {
            panic!("expected Decode, got {r:?}");
        };
        assert!(m.contains("line 2 column 10"), "{m}");
        assert!(m.contains("expected `Todo`"), "{m}");
        assert!(!FetchError::<String>::Decode(m).kind().is_retryable());
    }

    #[test]
    fn wrong_shape_is_a_decode_error_that_says_what_was_wrong() {
        let r: Result<Todo> = decode_json(r#"{"id":"one","title":"milk"}"#);
        let Err(FetchError::Decode(m)) = r else {
            panic!("expected Decode, got {r:?}");
        };
        assert!(
            m.contains("invalid type: string \"one\", expected u32"),
            "{m}"
        );
        assert!(m.contains("line 1 column"), "{m}");

        let r: Result<Vec<Todo>> = decode_json("<!doctype html><p>Bad gateway</p>");
        let Err(FetchError::Decode(m)) = r else {
            panic!("expected Decode, got {r:?}");
        };
        assert!(m.contains("expected value at line 1 column 1"), "{m}");
        assert!(m.contains("<!doctype html>"), "{m}");
    }

    #[test]
    fn empty_bodies_decode_as_null() {
        assert_eq!(decode_json::<(), String>(""), Ok(()));
        assert_eq!(decode_json::<(), String>(" \n"), Ok(()));
        assert_eq!(decode_json::<Option<Todo>, String>(""), Ok(None));
        assert!(decode_json::<serde::de::IgnoredAny, String>("").is_ok());
        assert!(decode_json::<serde::de::IgnoredAny, String>(r#"{"ok":true}"#).is_ok());
        let r: Result<Vec<Todo>> = decode_json("");
        let Err(FetchError::Decode(m)) = r else {
            panic!("expected Decode, got {r:?}");
        };
        assert!(m.contains("the answer is empty"), "{m}");
    }

    #[test]
    fn type_names_lose_their_paths() {
        assert_eq!(
            short_type_name(std::any::type_name::<Vec<Todo>>()),
            "Vec<Todo>"
        );
        assert_eq!(
            short_type_name(std::any::type_name::<(u32, Option<String>)>()),
            "(u32, Option<String>)"
        );
        assert_eq!(short_type_name("()"), "()");
    }

    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(excerpt("abc", 5), "abc");
        assert_eq!(excerpt("ééé", 2), "éé…");
    }

    #[test]
    fn unserialisable_bodies_fail_before_sending() {
        let mut map = BTreeMap::new();
        map.insert((1, 2), "tuple keys are not JSON object keys");
        let r: Result<String> = encode_json(&map);
        let Err(FetchError::Network(m)) = r else {
            panic!("expected Network, got {r:?}");
        };
        assert!(m.starts_with("could not build the request"), "{m}");
        assert_eq!(
            encode_json::<_, String>(&Todo {
                id: 2,
                title: "x".into()
            }),
            Ok(r#"{"id":2,"title":"x"}"#.to_owned())
        );
    }

    #[test]
    fn javascript_failures_map_to_network_even_a_browser_abort() {
        assert_eq!(
            js_failure::<String>("TypeError", "Failed to fetch"),
            FetchError::Network("TypeError: Failed to fetch".into())
        );
        assert_eq!(
            js_failure::<String>("AbortError", "The user aborted a request."),
            FetchError::Network(
                "the browser aborted the request: The user aborted a request.".into()
            )
        );
        assert_eq!(
            js_failure::<String>("NetworkError", ""),
            FetchError::Network("NetworkError".into())
        );
    }

    #[test]
    fn timer_delays_never_wrap_around() {
        assert_eq!(timer_delay(0), 0);
        assert_eq!(timer_delay(1_500), 1_500);
        assert_eq!(timer_delay(u64::MAX), i32::MAX as u32);
        assert_eq!(timer_delay(i32::MAX as u64 + 1), i32::MAX as u32);
    }

    #[test]
    fn race_returns_the_answer_when_it_comes_first() {
        let r: Result<u8> = race(ready(Ok(7)), pending(), pending())
            .now_or_never()
            .expect("ready");
        assert_eq!(r, Ok(7));
        // An answer and the timeout in the same turn: the answer did arrive, keep it.
        let r: Result<u8> = race(ready(Ok(7)), pending(), ready(50))
            .now_or_never()
            .expect("ready");
        assert_eq!(r, Ok(7));
    }

    #[test]
    fn race_times_out_a_request_that_never_answers() {
        let r: Result<u8> = race(pending(), pending(), ready(250))
            .now_or_never()
            .expect("ready");
        assert_eq!(r, Err(FetchError::Timeout(250)));
        // Without a timeout it waits.
        assert!(race::<u8, String>(pending(), pending(), pending())
            .now_or_never()
            .is_none());
    }

    #[test]
    fn race_prefers_the_abort_over_a_late_answer() {
        let r: Result<u8> = race(ready(Ok(7)), ready(()), ready(1))
            .now_or_never()
            .expect("ready");
        assert_eq!(r, Err(FetchError::Aborted(AbortReason::Cancelled)));
    }

    #[test]
    fn race_wakes_when_the_engine_aborts() {
        let signal = AbortSignal::default();
        let (tx, rx) = oneshot::channel::<()>();
        signal.on_abort(move || {
            let _ = tx.send(());
        });
        let aborted = async move {
            let _ = rx.await;
        };
        let mut fut = Box::pin(race::<u8, String>(pending(), aborted, pending()));
        assert!(fut.as_mut().now_or_never().is_none());
        signal.abort();
        assert_eq!(
            futures::executor::block_on(fut),
            Err(FetchError::Aborted(AbortReason::Cancelled))
        );
    }

    #[test]
    fn an_aborted_signal_sends_nothing() {
        // Runs natively: the check comes before any browser call, so nothing is built.
        let signal = AbortSignal::default();
        signal.abort();
        let http = Http::new("https://api.example.com");
        let r: Result<Vec<Todo>> = futures::executor::block_on(http.get_json("/todos", &signal));
        assert_eq!(r, Err(FetchError::Aborted(AbortReason::Cancelled)));
    }

    #[test]
    fn request_futures_are_static_and_lazy() {
        // Building the futures calls nothing in the browser (this runs natively) and they
        // outlive the client, the path and the context they were made from.
        fn is_static<F: Future + 'static>(_: &F) {}
        let ctx = MutationContext {
            mutation: optimistic_query::MutationId(1),
            idempotency_key: "k".into(),
            attempt: 1,
            version: Default::default(),
            meta: None,
        };
        let get = {
            let http = Http::new("/api");
            let path = String::from("/todos");
            http.get_json::<Vec<Todo>, String>(&path, &AbortSignal::default())
        };
        let put = Http::new("/api").send_json::<_, Todo, String>(
            Method::PUT,
            "/todos/1",
            &Todo {
                id: 1,
                title: "x".into(),
            },
            &ctx,
        );
        let delete = Http::new("/api").send::<(), String>(Method::DELETE, "/todos/1", &ctx);
        is_static(&get);
        is_static(&put);
        is_static(&delete);
    }
}
