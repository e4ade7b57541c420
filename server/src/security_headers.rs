//! Headers every answer carries, so a browser neither sniffs a type, nor frames a page,
//! nor runs scripts the gallery does not ship, nor leaks the URL to other sites:
//!
//! - `X-Content-Type-Options: nosniff`;
//! - `Content-Security-Policy`: only this origin's scripts, plus the inline loader
//!   script trunk writes into `index.html` (allowed by its SHA-256, worked out when the
//!   server starts), `'wasm-unsafe-eval'` to compile the WebAssembly, inline styles
//!   (stylist injects `<style>` elements at run time, which no hash can name in
//!   advance), no plugins, no `<base>`, and `frame-ancestors 'none'`;
//! - `X-Frame-Options: DENY` (the same for browsers without `frame-ancestors`);
//! - `Referrer-Policy: no-referrer`.

use std::path::Path;

use axum::http::{header, HeaderValue};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers, worked out once.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    csp: HeaderValue,
}

impl SecurityHeaders {
    /// The headers for a server whose static files are `static_dir` (its `index.html`
    /// read now for inline scripts).
    ///
    /// ```
    /// let headers = server::security_headers::SecurityHeaders::new(None);
    /// assert!(headers.csp().contains("frame-ancestors 'none'"));
    /// ```
    pub fn new(static_dir: Option<&Path>) -> SecurityHeaders {
        let index = static_dir
            .and_then(|dir| std::fs::read_to_string(dir.join("index.html")).ok())
            .unwrap_or_default();
        let hashes: String = inline_scripts(&index)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                let b64 = base64::engine::general_purpose::STANDARD.encode(digest);
                format!(" 'sha256-{b64}'")
            })
            .collect();
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        SecurityHeaders {
            // Built from ASCII only (base64 and fixed text).
            csp: HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        }
    }

    /// The Content-Security-Policy.
    ///
    /// ```
    /// let csp = server::security_headers::SecurityHeaders::new(None);
    /// assert!(csp.csp().contains("'wasm-unsafe-eval'"));
    /// ```
    pub fn csp(&self) -> &str {
        self.csp.to_str().unwrap_or_default()
    }

    /// `response` with the headers (a handler's own value of one is kept).
    ///
    /// ```
    /// let headers = server::security_headers::SecurityHeaders::new(None);
    /// let answer = headers.apply(axum::response::Response::default());
    /// assert_eq!(answer.headers()["x-content-type-options"], "nosniff");
    /// assert_eq!(answer.headers()["x-frame-options"], "DENY");
    /// ```
    pub fn apply(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        headers
            .entry(header::X_CONTENT_TYPE_OPTIONS)
            .or_insert(HeaderValue::from_static("nosniff"));
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(self.csp.clone());
        headers
            .entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("DENY"));
        headers
            .entry(header::REFERRER_POLICY)
            .or_insert(HeaderValue::from_static("no-referrer"));
        response
    }
}

/// The text of each inline `<script>` (one without `src`) of an HTML page, as the
/// browser hashes it: everything between `>` and `</script>`.
///
/// ```
/// use server::security_headers::inline_scripts;
/// let page = r#"<script type="module">go()</script><script src="/a.js"></script>"#;
/// assert_eq!(inline_scripts(page).collect::<Vec<_>>(), ["go()"]);
/// ```
pub fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (body, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}
