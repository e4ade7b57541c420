//! The `Host` allowlist of a server bound to loopback. A page of another site can make
//! its own name resolve to 127.0.0.1 (DNS rebinding) and then call this server as if
//! same-origin; its requests still carry that name in `Host`. So a loopback server only
//! answers requests addressed to `127.0.0.1`, `localhost` or `[::1]`; others get 421
//! (misdirected request) as problem+json. The port is not checked: the attack lies in
//! the name, and a proxy in front may leave the port out (`trunk serve`'s proxy sends
//! `Host: 127.0.0.1` to a backend on port 3000).
//!
//! A server bound to another address is reached under names it cannot know (a proxy, a
//! DNS name), so it has no allowlist.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// The host names a loopback server answers to.
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// `127.0.0.1`, `localhost` and `[::1]`, with any port or none.
    ///
    /// ```
    /// use server::hosts::AllowedHosts;
    /// let hosts = AllowedHosts::loopback();
    /// assert!(hosts.allows("localhost:3000"));
    /// assert!(hosts.allows("127.0.0.1:3000"));
    /// assert!(hosts.allows("127.0.0.1"));
    /// assert!(hosts.allows("[::1]:3000"));
    /// assert!(!hosts.allows("evil.example:3000"));
    /// assert!(!hosts.allows("localhost.evil.example"));
    /// assert!(!hosts.allows("127.0.0.1.nip.io:3000"));
    /// ```
    pub fn loopback() -> AllowedHosts {
        let names = ["127.0.0.1", "localhost", "[::1]"];
        AllowedHosts {
            names: names.iter().map(|n| (*n).to_owned()).collect(),
        }
    }

    /// Whether a `Host` value names one of them (case-insensitively; any port).
    ///
    /// ```
    /// let hosts = server::hosts::AllowedHosts::loopback();
    /// assert!(hosts.allows("LOCALHOST:8080") && !hosts.allows("example.com"));
    /// ```
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        // `[::1]:3000` ends its name at `]`; the others at the last `:`.
        let name = match host.rfind(':') {
            Some(colon) if !host[colon..].contains(']') => &host[..colon],
            _ => host,
        };
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The 421 answer for a request to another host; `None` for the others. A request
    /// without a host (HTTP/1.0) passes: browsers always send one.
    ///
    /// ```
    /// use axum::body::Body;
    /// use axum::http::Request;
    /// let hosts = server::hosts::AllowedHosts::loopback();
    /// let rebound = Request::get("/").header("host", "evil.example:3000").body(Body::empty()).unwrap();
    /// assert_eq!(hosts.refuse(&rebound).unwrap().status(), 421);
    /// let local = Request::get("/").header("host", "127.0.0.1:3000").body(Body::empty()).unwrap();
    /// assert!(hosts.refuse(&local).is_none());
    /// ```
    pub fn refuse(&self, req: &Request) -> Option<Response> {
        let host = req
            .headers()
            .get(header::HOST)
            .map(|v| v.to_str().unwrap_or("?"))
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        match host {
            Some(host) if !self.allows(host) => Some(
                Problem::from_status(
                    StatusCode::MISDIRECTED_REQUEST,
                    "misdirected-request",
                    "Misdirected request",
                    format!(
                        "this server only answers requests to {} (it is bound to loopback; \
                     `Host: {host}` may be a DNS rebinding attack)",
                        self.names.join(", ")
                    ),
                )
                .at(req.uri().path())
                .into_response(),
            ),
            _ => None,
        }
    }
}
