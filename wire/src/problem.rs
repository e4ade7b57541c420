//! RFC 9457 problem details: every refusal is an `application/problem+json` body with
//! `type`, `title`, `status` and `detail`, so a client can show `detail` to a person and
//! branch on `type`. The kinds both servers give for a change are built here, so their
//! `type` and `title` cannot drift apart.

use serde::{Deserialize, Serialize};

/// The media type of a problem body.
///
/// ```
/// assert_eq!(wire::problem::PROBLEM_JSON, "application/problem+json");
/// ```
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Where problem type URIs start. They are `tag:` URIs (RFC 4151): names to branch on,
/// not pages to fetch, as RFC 9457 section 3.1.1 allows.
///
/// ```
/// assert!(wire::problem::PROBLEM_TYPE_PREFIX.starts_with("tag:"));
/// ```
pub const PROBLEM_TYPE_PREFIX: &str = "tag:yew-optimistic,2026:problems/";

/// An RFC 9457 problem: what went wrong, for a program (`type`, `status`) and for a
/// person (`title`, `detail`).
///
/// ```
/// use wire::problem::Problem;
/// let p = Problem::not_found("no item `x` in list `groceries`");
/// assert_eq!(p.status, 404);
/// assert_eq!(p.kind, "tag:yew-optimistic,2026:problems/not-found");
/// let json = serde_json::to_value(&p).unwrap();
/// assert_eq!(json["type"], "tag:yew-optimistic,2026:problems/not-found");
/// assert_eq!(json["detail"], "no item `x` in list `groceries`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the kind of problem (serialised as `type`).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind, the same for every occurrence.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, in words a person can act on.
    pub detail: String,
    /// The request path the problem is about, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub instance: Option<String>,
}

impl Problem {
    /// A problem of kind `slug` (the end of its type URI) with this status, title and
    /// detail.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// let p = Problem::new(410, "gone", "Gone", "the list was archived");
    /// assert_eq!(p.kind, "tag:yew-optimistic,2026:problems/gone");
    /// ```
    pub fn new(
        status: u16,
        slug: &str,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            kind: format!("{PROBLEM_TYPE_PREFIX}{slug}"),
            title: title.into(),
            status,
            detail: detail.into(),
            instance: None,
        }
    }

    /// The end of the type URI (`not-found`, `invalid-change`, ...).
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::conflict("x").slug(), "conflict");
    /// ```
    pub fn slug(&self) -> &str {
        self.kind
            .strip_prefix(PROBLEM_TYPE_PREFIX)
            .unwrap_or(&self.kind)
    }

    /// 400: a name in the request path (list, post, board, column) is blank, too long or
    /// holds control characters.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// let p = Problem::invalid_name("the list name cannot be empty");
    /// assert_eq!((p.status, p.slug()), (400, "invalid-name"));
    /// ```
    pub fn invalid_name(detail: impl Into<String>) -> Self {
        Problem::new(400, "invalid-name", "Invalid name in the URL", detail)
    }

    /// 404: the resource (list item, board, column, card, path) does not exist.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::not_found("no board `x`").title, "Not found");
    /// ```
    pub fn not_found(detail: impl Into<String>) -> Self {
        Problem::new(404, "not-found", "Not found", detail)
    }

    /// 422: well-formed JSON that the server will not apply (an empty or too long title,
    /// an id of the wrong form, a body that disagrees with its URL).
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::invalid("a title cannot be empty").status, 422);
    /// ```
    pub fn invalid(detail: impl Into<String>) -> Self {
        Problem::new(422, "invalid-change", "The change is not valid", detail)
    }

    /// 409: the change contradicts what the server holds (an id that already exists, a
    /// card that is no longer where the move says it is).
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::conflict("item `a` already exists").status, 409);
    /// ```
    pub fn conflict(detail: impl Into<String>) -> Self {
        Problem::new(
            409,
            "conflict",
            "The change conflicts with the current data",
            detail,
        )
    }

    /// 422: an add to a list or board column that holds the most items allowed.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// let p = Problem::too_many_items("list `l` already holds 1000 items");
    /// assert_eq!((p.status, p.slug()), (422, "too-many-items"));
    /// ```
    pub fn too_many_items(detail: impl Into<String>) -> Self {
        Problem::new(422, "too-many-items", "Too many items", detail)
    }

    /// 422: the idempotency key was already used for another payload or URL.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// let p = Problem::key_reused();
    /// assert_eq!((p.status, p.slug()), (422, "idempotency-key-reused"));
    /// ```
    pub fn key_reused() -> Self {
        Problem::new(
            422,
            "idempotency-key-reused",
            "Idempotency-Key is already used",
            "This Idempotency-Key was already used for another request (another payload or \
             URL). Use a new key for a new change.",
        )
    }

    /// The body text (JSON).
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert!(Problem::not_found("x").to_json().starts_with("{\"type\""));
    /// ```
    pub fn to_json(&self) -> String {
        // A struct of strings and a number always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Problem {
    /// 400: the request itself is malformed (bad path segment, broken JSON).
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::bad_request("malformed-json", "Malformed JSON", "line 1").status, 400);
    /// ```
    pub fn bad_request(slug: &str, title: &str, detail: impl Into<String>) -> Self {
        Problem::new(400, slug, title, detail)
    }

    /// 500: something failed inside the server (the database). The detail says what,
    /// without internals a client could not use.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// assert_eq!(Problem::internal("the database is unavailable").status, 500);
    /// ```
    pub fn internal(detail: impl Into<String>) -> Self {
        Problem::new(500, "internal", "Internal server error", detail)
    }

    /// The same problem, about the request path `path`.
    ///
    /// ```
    /// use wire::problem::Problem;
    /// let p = Problem::not_found("nothing here").at("/api/nowhere");
    /// assert_eq!(p.instance.as_deref(), Some("/api/nowhere"));
    /// ```
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.instance = Some(path.into());
        self
    }
}

#[cfg(feature = "axum")]
mod response {
    use super::{Problem, PROBLEM_JSON};
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};

    impl Problem {
        /// A problem with an axum status (feature `axum`).
        ///
        /// ```
        /// use axum::http::StatusCode;
        /// use wire::problem::Problem;
        /// let p = Problem::from_status(StatusCode::GONE, "gone", "Gone", "the list was archived");
        /// assert_eq!((p.status, p.slug()), (410, "gone"));
        /// ```
        pub fn from_status(
            status: StatusCode,
            slug: &str,
            title: impl Into<String>,
            detail: impl Into<String>,
        ) -> Self {
            Problem::new(status.as_u16(), slug, title, detail)
        }

        /// The HTTP status as a [`StatusCode`] (500 if the stored number is not one).
        ///
        /// ```
        /// use axum::http::StatusCode;
        /// use wire::problem::Problem;
        /// assert_eq!(Problem::not_found("x").status_code(), StatusCode::NOT_FOUND);
        /// ```
        pub fn status_code(&self) -> StatusCode {
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }

    /// The status, an `application/problem+json` content type and the JSON body.
    impl IntoResponse for Problem {
        fn into_response(self) -> Response {
            let mut response = (self.status_code(), self.to_json()).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
            response
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

impl std::error::Error for Problem {}
