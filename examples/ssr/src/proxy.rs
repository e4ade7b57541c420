//! `/api` and `/_faults` passed to the reference server this process runs, so the
//! browser talks to one origin (the page's), as the quickstart does through `trunk serve`.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// A client for the reference server at `addr`.
#[derive(Clone)]
pub struct Proxy {
    client: Client<HttpConnector, Body>,
    addr: SocketAddr,
}

impl Proxy {
    /// Passes requests to the server at `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Proxy {
            client: Client::builder(TokioExecutor::new()).build_http(),
            addr,
        }
    }
}

/// The request as it came (method, path, query, headers with the `Host` the browser
/// used, so the server's same-origin checks see the page's origin; body), and the
/// server's answer as it came.
pub async fn forward(State(proxy): State<Proxy>, req: Request) -> Response {
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let Ok(uri) = format!("http://{}{path}", proxy.addr).parse::<Uri>() else {
        return (StatusCode::BAD_REQUEST, "unreadable request path").into_response();
    };
    let (mut parts, body) = req.into_parts();
    parts.uri = uri;
    match proxy.client.request(Request::from_parts(parts, body)).await {
        Ok(answer) => answer.map(Body::new),
        // The reference server closed the connection (its offline fault) or is gone.
        Err(e) => (
            StatusCode::BAD_GATEWAY,
            format!("the API server did not answer: {e}"),
        )
            .into_response(),
    }
}
