//! The layer mode: a tower [`Layer`] for handlers that need no change to their code.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, Method, Request};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Limited};
use tower::{Layer, Service};

use crate::{
    now_ms, Fingerprint, Idempotency, IdempotencyError, IdempotencyKey, Options, Record, Store,
    StoredResponse,
};

type ScopeFn = Arc<dyn Fn(&Parts) -> Option<String> + Send + Sync>;

/// Idempotency for every route it wraps, recording the key **after** the handler.
///
/// For each request whose method is one of [`methods`](IdempotencyLayer::methods)
/// (`POST` and `PATCH` by default, the draft's non-idempotent methods):
///
/// 1. no `Idempotency-Key` is 400 (or passes through, with
///    [`optional`](IdempotencyLayer::optional)); an invalid one is 400;
/// 2. the body is buffered (413 over [`Options::max_request_bytes`]) and the request's
///    [`Fingerprint`] taken from its method, path and query, and body bytes;
/// 3. a request with the same key running in this process is 409 (422 for another
///    payload);
/// 4. a stored record is replayed (`Idempotent-Replayed: true`), or 422 when it was
///    made by another payload;
/// 5. otherwise the handler runs, and a 2xx response is stored under the key. Other
///    statuses are not stored: a refused request changed nothing, so it is answered
///    afresh when sent again.
///
/// **Guarantee: at most once for concurrent duplicates within one process, at least
/// once across a crash.** The handler's change and the record are written one after
/// the other, not together: if the process dies (or the store fails) between them, the
/// change is made and no record says so, and a retry makes it again. Handlers whose
/// change must happen exactly once use the transactional mode
/// ([`Idempotent::commit_with`](crate::Idempotent::commit_with)) instead.
///
/// ```
/// use axum::{routing::post, Router};
/// use axum_idempotency::{sqlite::SqliteStore, IdempotencyLayer, Options};
/// let store = SqliteStore::open_in_memory().unwrap();
/// let app: Router = Router::new()
///     .route("/orders", post(|| async { "created" }))
///     .layer(
///         IdempotencyLayer::new(store, Options::default())
///             // Keys per user: two users may pick the same key.
///             .scope(|parts| parts.headers.get("x-user").and_then(|v| v.to_str().ok()).map(str::to_owned)),
///     );
/// ```
#[derive(Clone)]
pub struct IdempotencyLayer<St> {
    store: St,
    idempotency: Idempotency,
    scope: Option<ScopeFn>,
    methods: Arc<[Method]>,
    required: bool,
}

impl<St: Store> IdempotencyLayer<St> {
    /// The layer with records in `store`.
    pub fn new(store: St, options: Options) -> IdempotencyLayer<St> {
        IdempotencyLayer {
            store,
            idempotency: Idempotency::new(options),
            scope: None,
            methods: Arc::from([Method::POST, Method::PATCH]),
            required: true,
        }
    }

    /// Keys scoped per user: `scope` reads the user's identity from the request
    /// (after authentication, so put this layer inside the auth layer); `None` is the
    /// shared scope.
    pub fn scope<F>(mut self, scope: F) -> IdempotencyLayer<St>
    where
        F: Fn(&Parts) -> Option<String> + Send + Sync + 'static,
    {
        self.scope = Some(Arc::new(scope));
        self
    }

    /// The methods that take a key (others pass through untouched).
    ///
    /// ```
    /// use axum::http::Method;
    /// use axum_idempotency::{sqlite::SqliteStore, IdempotencyLayer, Options};
    /// let layer = IdempotencyLayer::new(SqliteStore::open_in_memory().unwrap(), Options::default())
    ///     .methods([Method::POST, Method::PUT, Method::PATCH, Method::DELETE]);
    /// # drop(layer);
    /// ```
    pub fn methods(mut self, methods: impl IntoIterator<Item = Method>) -> IdempotencyLayer<St> {
        self.methods = methods.into_iter().collect();
        self
    }

    /// Requests without a key pass through (without idempotency) instead of 400.
    ///
    /// ```
    /// use axum_idempotency::{sqlite::SqliteStore, IdempotencyLayer, Options};
    /// let layer = IdempotencyLayer::new(SqliteStore::open_in_memory().unwrap(), Options::default()).optional();
    /// # drop(layer);
    /// ```
    pub fn optional(mut self) -> IdempotencyLayer<St> {
        self.required = false;
        self
    }
}

impl<St: Clone, S> Layer<S> for IdempotencyLayer<St> {
    type Service = IdempotencyService<St, S>;

    fn layer(&self, inner: S) -> Self::Service {
        IdempotencyService {
            layer: self.clone(),
            inner,
        }
    }
}

/// The service [`IdempotencyLayer`] wraps around a route.
#[derive(Clone)]
pub struct IdempotencyService<St, S> {
    layer: IdempotencyLayer<St>,
    inner: S,
}

impl<St, S> Service<Request<Body>> for IdempotencyService<St, S>
where
    St: Store,
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        // The clone is the one not polled ready: keep the ready one for this call.
        let clone = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, clone);
        let layer = self.layer.clone();
        Box::pin(async move {
            if !layer.methods.contains(request.method()) {
                let mut inner = inner;
                return inner.call(request).await;
            }
            let path = request.uri().path().to_owned();
            Ok(match handle(layer, inner, request).await {
                Ok(response) => response,
                Err(error) => error.response(Some(&path)),
            })
        })
    }
}

async fn handle<St, S>(
    layer: IdempotencyLayer<St>,
    mut inner: S,
    request: Request<Body>,
) -> Result<Response, IdempotencyError>
where
    St: Store,
    S: Service<Request<Body>, Response = Response, Error = Infallible>,
{
    let (parts, body) = request.into_parts();
    let key = match IdempotencyKey::from_headers(&parts.headers)? {
        Some(key) => key,
        None if layer.required => return Err(IdempotencyError::Missing),
        None => {
            return Ok(inner
                .call(Request::from_parts(parts, body))
                .await
                .into_response())
        }
    };
    let options = layer.idempotency.options().clone();
    let bytes = Limited::new(body, options.max_request_bytes)
        .collect()
        .await
        .map_err(|_| IdempotencyError::BodyTooLarge {
            limit: options.max_request_bytes,
        })?
        .to_bytes();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |p| p.as_str());
    let fingerprint = Fingerprint::of(parts.method.as_str(), target, &bytes);
    let scope = layer.scope.as_ref().and_then(|scope| scope(&parts));
    let guard = layer
        .idempotency
        .begin(scope.as_deref(), key, fingerprint)?;

    if let Some(record) = layer.store.lookup(guard.key(), now_ms()).await? {
        return Ok(guard.judge(record)?.replay());
    }

    let response = match inner
        .call(Request::from_parts(parts, Body::from(bytes)))
        .await
    {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if !response.status().is_success() {
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        // The handler's body failed half-way: nothing sensible to store or send.
        Err(e) => {
            return Err(IdempotencyError::Store(format!(
                "the response body failed: {e}"
            )))
        }
    };
    let record = Record {
        fingerprint: guard.fingerprint().clone(),
        response: StoredResponse {
            status: parts.status.as_u16(),
            content_type: parts
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body: body.to_vec(),
        },
    };
    // A failed save is not the client's problem now: the change is made, and the
    // answer says so. (The documented gap of this mode: a retry would make it again.)
    let _ = layer
        .store
        .save(guard.key(), &record, now_ms(), &options)
        .await;
    drop(guard);
    Ok(Response::from_parts(parts, Body::from(body)))
}
