//! The `Host` allowlist of a server bound to loopback. A page of another site can make
//! its own name resolve to 127.0.0.1 (DNS rebinding) and then call this server as if
//! same-origin; its requests still carry that name in `Host`. So a loopback server only
//! answers requests addressed to `127.0.0.1`, `localhost` or `[::1]` with its port;
//! others get 421 (misdirected request) as problem+json.
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
    /// `127.0.0.1`, `localhost` and `[::1]` with `port` (and without it on port 80,
    /// which a `Host` header leaves out).
    ///
    /// ```
    /// use server::hosts::AllowedHosts;
    /// let hosts = AllowedHosts::loopback(3000);
    /// assert!(hosts.allows("localhost:3000"));
    /// assert!(hosts.allows("127.0.0.1:3000"));
    /// assert!(hosts.allows("[::1]:3000"));
    /// assert!(!hosts.allows("evil.example:3000"));
    /// assert!(!hosts.allows("localhost:3001"));
    /// assert!(AllowedHosts::loopback(80).allows("localhost"));
    /// ```
    pub fn loopback(port: u16) -> AllowedHosts {
        let mut names = Vec::new();
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            names.push(format!("{host}:{port}"));
            if port == 80 {
                names.push(host.to_owned());
            }
        }
        AllowedHosts { names }
    }

    /// Whether a `Host` value is one of them (names compare case-insensitively).
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim();
        self.names.iter().any(|n| n.eq_ignore_ascii_case(host))
    }

    /// The 421 answer for a request to another host; `None` for the others. A request
    /// without a host (HTTP/1.0) passes: browsers always send one.
    pub fn refuse(&self, req: &Request) -> Option<Response> {
        let host = req
            .headers()
            .get(header::HOST)
            .map(|v| v.to_str().unwrap_or("?"))
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        match host {
            Some(host) if !self.allows(host) => Some(
                Problem::new(
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
