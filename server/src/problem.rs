//! RFC 9457 problem details: every error the server gives is an
//! `application/problem+json` body with `type`, `title`, `status` and `detail`, so a
//! client can show `detail` to a person and branch on `type`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// The media type of a problem body.
pub const PROBLEM_JSON: &str = wire::problem::PROBLEM_JSON;

/// Where problem type URIs start. They are `tag:` URIs (RFC 4151): names to branch on,
/// not pages to fetch, as RFC 9457 section 3.1.1 allows.
pub const PROBLEM_TYPE_PREFIX: &str = wire::problem::PROBLEM_TYPE_PREFIX;

/// An RFC 9457 problem: what went wrong, for a program (`type`, `status`) and for a
/// person (`title`, `detail`).
///
/// ```
/// use server::problem::Problem;
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
    /// A problem of kind `slug` (the end of its type URI) with this status, title and detail.
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use server::problem::Problem;
    /// let p = Problem::new(StatusCode::GONE, "gone", "Gone", "the list was archived");
    /// assert_eq!(p.kind, "tag:yew-optimistic,2026:problems/gone");
    /// assert_eq!(p.status, 410);
    /// ```
    pub fn new(
        status: StatusCode,
        slug: &str,
        title: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Problem {
            kind: format!("{PROBLEM_TYPE_PREFIX}{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            instance: None,
        }
    }

    /// The same problem, about the request path `path`.
    ///
    /// ```
    /// use server::problem::Problem;
    /// let p = Problem::not_found("nothing here").at("/api/nowhere");
    /// assert_eq!(p.instance.as_deref(), Some("/api/nowhere"));
    /// ```
    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.instance = Some(path.into());
        self
    }

    /// The HTTP status as a [`StatusCode`] (500 if the stored number is not one).
    ///
    /// ```
    /// use axum::http::StatusCode;
    /// use server::problem::Problem;
    /// assert_eq!(Problem::not_found("x").status_code(), StatusCode::NOT_FOUND);
    /// ```
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// 404: the resource (list item, board, column, card, path) does not exist.
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert_eq!(Problem::not_found("no board `x`").title, "Not found");
    /// ```
    pub fn not_found(detail: impl Into<String>) -> Self {
        wire::problem::Problem::not_found(detail).into()
    }

    /// 422: well-formed JSON that the server will not apply (an empty or too long title,
    /// an id of the wrong form, a body that disagrees with its URL).
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert_eq!(Problem::invalid("a title cannot be empty").status, 422);
    /// ```
    pub fn invalid(detail: impl Into<String>) -> Self {
        wire::problem::Problem::invalid(detail).into()
    }

    /// 409: the change contradicts what the server holds (an id that already exists, a
    /// card that is no longer where the move says it is).
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert_eq!(Problem::conflict("item `a` already exists").status, 409);
    /// ```
    pub fn conflict(detail: impl Into<String>) -> Self {
        wire::problem::Problem::conflict(detail).into()
    }

    /// 422: an add to a list or board column that holds the most items allowed.
    ///
    /// ```
    /// use server::problem::Problem;
    /// let p = Problem::too_many_items("list `l` already holds 1000 items");
    /// assert_eq!((p.status, p.kind.ends_with("/too-many-items")), (422, true));
    /// ```
    pub fn too_many_items(detail: impl Into<String>) -> Self {
        wire::problem::Problem::too_many_items(detail).into()
    }

    /// 400: the request itself is malformed (bad path segment, broken JSON).
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert_eq!(Problem::bad_request("malformed-json", "Malformed JSON", "line 1").status, 400);
    /// ```
    pub fn bad_request(slug: &str, title: &str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, slug, title, detail)
    }

    /// 500: something failed inside the server (the database). The detail says what,
    /// without internals a client could not use.
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert_eq!(Problem::internal("the database is unavailable").status, 500);
    /// ```
    pub fn internal(detail: impl Into<String>) -> Self {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            detail,
        )
    }

    /// The body text (JSON).
    ///
    /// ```
    /// use server::problem::Problem;
    /// assert!(Problem::not_found("x").to_json().starts_with("{\"type\""));
    /// ```
    pub fn to_json(&self) -> String {
        // A struct of strings and a number always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.title, self.detail)
    }
}

impl std::error::Error for Problem {}

/// The kinds of problem the gallery's simulated server gives too are built in
/// [`wire::problem`], so the two cannot name them differently.
///
/// ```
/// use server::problem::Problem;
/// let p: Problem = wire::problem::Problem::conflict("taken").into();
/// assert_eq!((p.status, p.detail.as_str()), (409, "taken"));
/// ```
impl From<wire::problem::Problem> for Problem {
    fn from(p: wire::problem::Problem) -> Self {
        Problem {
            kind: p.kind,
            title: p.title,
            status: p.status,
            detail: p.detail,
            instance: p.instance,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = (self.status_code(), self.to_json()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}
