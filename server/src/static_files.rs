//! The built gallery as static files, for every path outside `/api` and `/_faults`:
//!
//! - a file of the folder is served as it is, but only when its real path (symlinks
//!   resolved) is inside the folder: a link pointing out of it is a 404;
//! - a missing path with a file extension (`/missing.js`) is a 404, so a missing asset
//!   never arrives as HTML;
//! - a missing path without one (`/story/editable-list`, a deep link of the gallery's
//!   router) gets `index.html`, as do `/` and folders;
//! - `/api/...` and `/_faults/...` never get `index.html`;
//! - no redirect is ever answered: a folder's redirect to its path plus `/` would send
//!   `//sub` (a path) to `//sub/`, which a browser reads as another host.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::problem::Problem;
use crate::serve::is_api;

/// A folder of static files with the gallery's `index.html` fallback.
#[derive(Clone, Debug)]
pub struct StaticFiles {
    root: PathBuf,
    files: ServeDir,
    index: PathBuf,
}

impl StaticFiles {
    /// The files of `dir` (resolved to its real path once, now).
    ///
    /// ```
    /// let files = server::static_files::StaticFiles::new(std::path::Path::new("dist"));
    /// # let _ = files;
    /// ```
    pub fn new(dir: &Path) -> StaticFiles {
        let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        StaticFiles {
            files: ServeDir::new(&root).append_index_html_on_directories(false),
            index: root.join("index.html"),
            root,
        }
    }

    /// Answers `req`: a file, `index.html`, or a 404 problem.
    pub async fn serve(&self, req: Request) -> Response {
        let path = req.uri().path().to_owned();
        if is_reserved(&path) {
            return not_found(&path);
        }
        let Some(file) = file_path(&self.root, &path) else {
            return not_found(&path);
        };
        // A path that does not exist is left to the fallback below; one that does must
        // really be inside the folder.
        if let Ok(real) = tokio::fs::canonicalize(&file).await {
            if !real.starts_with(&self.root) {
                return not_found(&path);
            }
        }
        let (parts, body) = req.into_parts();
        let answer = match self
            .files
            .clone()
            .oneshot(Request::from_parts(parts.clone(), body))
            .await
        {
            Ok(answer) => answer.map(Body::new),
            Err(never) => match never {},
        };
        if answer.status() != StatusCode::NOT_FOUND {
            return answer;
        }
        if !is_navigation(&path) {
            return not_found(&path);
        }
        match ServeFile::new(&self.index)
            .oneshot(Request::from_parts(parts, Body::empty()))
            .await
        {
            Ok(answer) => answer.map(Body::new),
            Err(never) => match never {},
        }
    }
}

fn not_found(path: &str) -> Response {
    Problem::not_found(format!("nothing at `{path}`"))
        .at(path)
        .into_response()
}

/// Whether `path` belongs to the API or the fault controls (never a static file).
///
/// ```
/// use server::static_files::is_reserved;
/// assert!(is_reserved("/api/"));
/// assert!(is_reserved("/_faults/"));
/// assert!(!is_reserved("/_faultsy"));
/// ```
pub fn is_reserved(path: &str) -> bool {
    is_api(path) || path == "/_faults" || path.starts_with("/_faults/")
}

/// Whether a missing `path` is a page of the gallery's router (no file extension in
/// its last segment) rather than a missing file.
///
/// ```
/// use server::static_files::is_navigation;
/// assert!(is_navigation("/story/editable-list/offline"));
/// assert!(is_navigation("/"));
/// assert!(!is_navigation("/missing.js"));
/// assert!(!is_navigation("/assets/app-1234.wasm"));
/// ```
pub fn is_navigation(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

/// The file a request path names under `root`, as tower-http's `ServeDir` builds it
/// (percent-decoded, only plain components); `None` for paths it refuses (`..`).
fn file_path(root: &Path, request_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(request_path.trim_start_matches('/'))
        .decode_utf8()
        .ok()?;
    let mut file = root.to_path_buf();
    for component in Path::new(&*decoded).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            Component::Prefix(_) | Component::RootDir | Component::ParentDir => return None,
        }
    }
    Some(file)
}
