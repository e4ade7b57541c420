//! RFC 9457 problem details (`application/problem+json`) in error answers, turned into
//! messages a person can read, and path segments for REST-style URLs. Every error answer
//! of [`Http`](super::http::Http) goes through [`readable_error`], so an app's own
//! fetchers and the components' HTTP data sources get readable errors alike.

use optimistic_query::FetchError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Deserialize;

/// An RFC 9457 problem, as a server sends it in an error answer.
///
/// ```
/// use yew_optimistic::browser::problem::ProblemDetails;
/// let body = r#"{"type":"tag:x,2026:problems/invalid-change","title":"The change is not valid",
///                "status":422,"detail":"a title cannot be empty"}"#;
/// let p = ProblemDetails::parse(body).unwrap();
/// assert_eq!(p.detail.as_deref(), Some("a title cannot be empty"));
/// assert_eq!(p.message(), "a title cannot be empty");
/// assert!(ProblemDetails::parse("<html>502 Bad Gateway</html>").is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ProblemDetails {
    /// A URI naming the kind of problem.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// A short summary of the kind.
    #[serde(default)]
    pub title: Option<String>,
    /// The HTTP status.
    #[serde(default)]
    pub status: Option<u16>,
    /// What went wrong this time.
    #[serde(default)]
    pub detail: Option<String>,
    /// The URI of the request it is about.
    #[serde(default)]
    pub instance: Option<String>,
}

impl ProblemDetails {
    /// Reads a problem from an error body; `None` if the body is not a JSON object with
    /// a `title` or a `detail`.
    pub fn parse(body: &str) -> Option<ProblemDetails> {
        let problem: ProblemDetails = serde_json::from_str(body).ok()?;
        (problem.title.is_some() || problem.detail.is_some()).then_some(problem)
    }

    /// What to show a person: the `detail`, else the `title`.
    ///
    /// ```
    /// use yew_optimistic::browser::problem::ProblemDetails;
    /// let p = ProblemDetails { title: Some("Not found".into()), ..Default::default() };
    /// assert_eq!(p.message(), "Not found");
    /// ```
    pub fn message(&self) -> String {
        words(self.detail.clone(), self.title.clone())
    }

    /// Whether the problem's `type` URI ends with `/{slug}` (or is `slug`).
    ///
    /// ```
    /// use yew_optimistic::browser::problem::ProblemDetails;
    /// let p = ProblemDetails { kind: Some("tag:x,2026:problems/conflict".into()), ..Default::default() };
    /// assert!(p.is("conflict"));
    /// assert!(!p.is("not-found"));
    /// ```
    pub fn is(&self, slug: &str) -> bool {
        self.kind.as_deref().is_some_and(|k| names(k, slug))
    }
}

/// What a problem says to a person: the `detail`, else the `title`.
fn words(detail: Option<String>, title: Option<String>) -> String {
    detail
        .filter(|d| !d.trim().is_empty())
        .or(title)
        .unwrap_or_default()
}

/// Whether problem type URI `kind` ends with `/{slug}` (or is `slug`).
fn names(kind: &str, slug: &str) -> bool {
    kind.strip_suffix(slug)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('/'))
}

/// The fields of a problem that [`readable_error`] reads: every [`Http`] error answer goes
/// through it, so only these are decoded (the smallest decoder in every app's bundle).
///
/// [`Http`]: super::http::Http
#[derive(Deserialize)]
struct Words {
    #[serde(rename = "type")]
    kind: Option<String>,
    title: Option<String>,
    detail: Option<String>,
}

/// The problem type a server that follows the Idempotency-Key draft gives a request whose
/// key is still being processed (409): the same change is on its way, so it is worth
/// retrying, unlike other 409s.
pub const KEY_IN_PROGRESS: &str = "idempotency-key-in-progress";

/// An HTTP error whose body is a problem, with the body replaced by the problem's
/// message (so `to_string()` reads "the server answered 422: a title cannot be
/// empty"). Other errors are returned as they are.
///
/// A 409 `idempotency-key-in-progress` (the same change, with the same key, is still
/// being processed: the engine's retry after a timeout can overtake the first attempt)
/// becomes a 503, which the engine retries; the retry then gets the first attempt's
/// stored answer.
///
/// ```
/// use yew_optimistic::browser::problem::readable_error;
/// use yew_optimistic::FetchError;
/// let e: FetchError = FetchError::Http {
///     status: 404,
///     body: r#"{"type":"about:blank","title":"Not found","status":404,"detail":"no item `x` in list `l`"}"#.into(),
/// };
/// assert_eq!(readable_error(e).to_string(), "the server answered 404: no item `x` in list `l`");
///
/// let busy: FetchError = FetchError::Http {
///     status: 409,
///     body: r#"{"type":"tag:x:problems/idempotency-key-in-progress","title":"In progress","status":409,"detail":"still processing"}"#.into(),
/// };
/// assert!(readable_error(busy).kind().is_retryable());
/// ```
pub fn readable_error<E>(error: FetchError<E>) -> FetchError<E> {
    let FetchError::Http { status, body } = error else {
        return error;
    };
    let problem = serde_json::from_str::<Words>(&body)
        .ok()
        .filter(|p| p.title.is_some() || p.detail.is_some());
    let Some(Words {
        kind,
        title,
        detail,
    }) = problem
    else {
        return FetchError::Http { status, body };
    };
    let message = words(detail, title);
    if status == 409 && kind.is_some_and(|k| names(&k, KEY_IN_PROGRESS)) {
        return FetchError::Http {
            status: 503,
            body: format!(
                "{message} (409 Conflict: the same change is still being processed; retrying)"
            ),
        };
    }
    FetchError::Http {
        status,
        body: message,
    }
}

/// The characters a path segment keeps as they are: RFC 3986's unreserved set.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded as one URL path segment (a `/` in a name stays inside it).
///
/// ```
/// use yew_optimistic::browser::problem::path_segment;
/// assert_eq!(path_segment("groceries"), "groceries");
/// assert_eq!(path_segment("a/b c?"), "a%2Fb%20c%3F");
/// assert_eq!(path_segment("crème"), "cr%C3%A8me");
/// ```
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}
