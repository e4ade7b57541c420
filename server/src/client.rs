//! A small HTTP/1.1 client for the tests and the load generator: one keep-alive
//! connection, opened again after an error, and nothing retried behind the caller's back
//! (a dropped connection is reported as such, which is what the fault tests look for).

use std::net::SocketAddr;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{handshake, SendRequest};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use tokio::net::TcpStream;

/// An answer: status, headers and the whole body.
#[derive(Clone, Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
}

impl Reply {
    /// The body decoded as `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(&self.body).map_err(|e| format!("{e} in {:?}", self.body))
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether this is a replayed response (`Idempotent-Replayed: true`).
    pub fn replayed(&self) -> bool {
        self.header("idempotent-replayed") == Some("true")
    }
}

/// How a request failed without an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoReply {
    /// The connection could not be opened.
    Connect(String),
    /// The connection closed (or broke) before an answer came.
    Closed(String),
}

impl std::fmt::Display for NoReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoReply::Connect(e) => write!(f, "could not connect: {e}"),
            NoReply::Closed(e) => write!(f, "no answer: {e}"),
        }
    }
}

/// A client of one server.
pub struct Client {
    addr: SocketAddr,
    conn: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    /// A client of the server at `addr` (connects on the first request).
    pub fn new(addr: SocketAddr) -> Self {
        Client { addr, conn: None }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Result<Reply, NoReply> {
        self.send(Method::GET, path, &[], None).await
    }

    /// A JSON write: `method path` with `body`, `Content-Type: application/json` and,
    /// when given, `Idempotency-Key: key`.
    pub async fn write(
        &mut self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: impl Into<Bytes>,
    ) -> Result<Reply, NoReply> {
        let mut headers = vec![("content-type", "application/json".to_owned())];
        if let Some(key) = key {
            headers.push(("idempotency-key", key.to_owned()));
        }
        self.send(method, path, &headers, Some(body.into())).await
    }

    /// Any request.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, String)],
        body: Option<Bytes>,
    ) -> Result<Reply, NoReply> {
        let mut sender = match self.conn.take() {
            Some(s) if !s.is_closed() => s,
            _ => self.connect().await?,
        };
        sender
            .ready()
            .await
            .map_err(|e| NoReply::Closed(e.to_string()))?;
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.addr.to_string());
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| NoReply::Connect(format!("bad header name: {e}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|e| NoReply::Connect(format!("bad header value: {e}")))?;
            request = request.header(name, value);
        }
        let request = request
            .body(Full::new(body.unwrap_or_default()))
            .map_err(|e| NoReply::Connect(format!("bad request: {e}")))?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|e| NoReply::Closed(e.to_string()))?;
        let (parts, body) = response.into_parts();
        let bytes = body
            .collect()
            .await
            .map_err(|e| NoReply::Closed(e.to_string()))?
            .to_bytes();
        self.conn = Some(sender);
        Ok(Reply {
            status: parts.status,
            headers: parts.headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, NoReply> {
        let stream = TcpStream::connect(self.addr)
            .await
            .map_err(|e| NoReply::Connect(e.to_string()))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = handshake(TokioIo::new(stream))
            .await
            .map_err(|e| NoReply::Connect(e.to_string()))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }
}
