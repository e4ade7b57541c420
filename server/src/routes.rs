//! The router: the API, the fault controls (with `--faults`), and the static gallery.

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{middleware, Router};
use tower_http::cors::{Any, CorsLayer};

use crate::hosts::AllowedHosts;
use crate::security_headers::SecurityHeaders;
use crate::static_files::StaticFiles;

use crate::api::{boards, feeds, likes, lists};
use crate::control;
use crate::idempotency::{IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use crate::problem::{Problem, PROBLEM_JSON};
use crate::state::App;

/// The whole HTTP surface of a server.
pub fn router(app: App, faults: bool, static_dir: Option<&Path>) -> Router {
    let api = Router::new()
        .route("/api/lists/{list}", get(lists::get))
        .route("/api/lists/{list}/changes", post(lists::post_change))
        .route("/api/likes/{post}", get(likes::get).put(likes::put))
        .route("/api/boards/{board}", get(boards::get_columns))
        .route(
            "/api/boards/{board}/columns/{column}/cards",
            get(boards::get_cards),
        )
        .route("/api/boards/{board}/changes", post(boards::post_change))
        .route("/api/feeds/{feed}", get(feeds::get))
        .route("/api/feeds/{feed}/posts", post(feeds::post))
        // Unknown API paths are a problem, never the gallery's index.html.
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
        .route_layer(middleware::from_fn_with_state(
            app.faults.clone(),
            crate::fault_injection::inject,
        ));
    let controls = if faults {
        Router::new()
            .route("/_faults", get(control::get).put(control::put))
            .route("/_faults/reset", post(control::reset))
            .route_layer(middleware::from_fn(control::guard))
    } else {
        Router::new()
    };
    // Without `--faults` the control paths do not exist (also not as index.html).
    let controls = controls.route("/_faults/{*rest}", any(not_found));
    let controls = if faults {
        controls
    } else {
        controls.route("/_faults", any(not_found))
    };
    let router = api
        .merge(controls)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app);
    let router = match static_dir {
        Some(dir) => {
            let files = StaticFiles::new(dir);
            router.fallback(move |req: axum::extract::Request| {
                let files = files.clone();
                async move { files.serve(req).await }
            })
        }
        None => router.fallback(not_found),
    };
    router.layer(middleware::map_response(problem_for_plain_errors))
}

/// `router` behind what every request passes through first: the `Host` allowlist (a
/// server bound to loopback) and the security headers on every answer.
pub fn harden(router: Router, hosts: Option<AllowedHosts>, headers: SecurityHeaders) -> Router {
    let router = match hosts {
        Some(hosts) => router.layer(middleware::from_fn(
            move |req: axum::extract::Request, next: middleware::Next| {
                let refused = hosts.refuse(&req);
                async move {
                    match refused {
                        None => next.run(req).await,
                        Some(refused) => refused,
                    }
                }
            },
        )),
        None => router,
    };
    router.layer(middleware::map_response(move |response: Response| {
        let headers = headers.clone();
        async move { headers.apply(response) }
    }))
}

/// CORS for pages of any origin: the methods and headers the API uses, and the replay
/// marker and the resource version readable by scripts. Preflights are answered before routing.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            IDEMPOTENCY_KEY,
        ])
        .expose_headers([IDEMPOTENT_REPLAYED, crate::version::RESOURCE_VERSION])
}

async fn not_found(uri: Uri) -> Problem {
    Problem::not_found(format!("nothing at `{}`", uri.path())).at(uri.path())
}

async fn method_not_allowed(uri: Uri) -> Problem {
    Problem::from_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        format!(
            "`{}` does not accept this method (see docs/api.md)",
            uri.path()
        ),
    )
    .at(uri.path())
}

/// Turns the few error answers that do not come from our handlers (a path parameter
/// axum could not decode, a 405 or 404 from the static files) into problem+json, so
/// every error a client sees has the same shape.
async fn problem_for_plain_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(Body::new(body), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let title = status.canonical_reason().unwrap_or("Error");
    let detail = if text.is_empty() {
        title.to_owned()
    } else {
        text
    };
    let slug = title.to_ascii_lowercase().replace(' ', "-");
    let mut out = Problem::from_status(status, &slug, title, detail).into_response();
    // Keep headers such as `Allow` on a 405.
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
