//! A router's answer to one request, as the tests compare it.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// `request` sent to `router`: the status, whether the answer is a replay
/// (`Idempotent-Replayed: true`), and the body as text.
pub async fn answer(router: &Router, request: Request<Body>) -> (StatusCode, bool, String) {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        replayed,
        String::from_utf8_lossy(&body).into_owned(),
    )
}
