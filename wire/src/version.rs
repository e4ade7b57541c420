//! The version every read and every write acknowledgement carries (docs/api.md,
//! "Versions"): which resource it is about, and the header that carries it.
//!
//! A resource's version is the sequence number of the last change applied to it (`0`
//! before any), one sequence for the whole server, so it only grows: a write is in a
//! read exactly when the write's version is at most the read's. The reference server and
//! the gallery's simulated server name resources alike, and the components' HTTP helper
//! reads the same header.

/// The header: the decimal version of the resource the answer describes.
pub const HEADER: &str = "x-resource-version";

/// A [`HEADER`] value: decimal digits, nothing else.
///
/// ```
/// assert_eq!(wire::version::parse(" 42 "), Some(42));
/// assert_eq!(wire::version::parse("W/\"42\""), None);
/// assert_eq!(wire::version::parse("-1"), None);
/// ```
pub fn parse(value: &str) -> Option<u64> {
    value.trim().parse().ok()
}

/// The resource a list's reads and changes are versioned under.
///
/// ```
/// assert_eq!(wire::version::list("groceries"), "list:groceries");
/// ```
pub fn list(list: &str) -> String {
    format!("list:{list}")
}

/// The resource a post's likes are versioned under.
///
/// ```
/// assert_eq!(wire::version::likes("post-1"), "likes:post-1");
/// ```
pub fn likes(post: &str) -> String {
    format!("likes:{post}")
}

/// The resource a board's columns and cards are versioned under (one for the board).
///
/// ```
/// assert_eq!(wire::version::board("roadmap"), "board:roadmap");
/// ```
pub fn board(board: &str) -> String {
    format!("board:{board}")
}

/// The resource a feed's posts are versioned under.
///
/// ```
/// assert_eq!(wire::version::feed("main"), "feed:main");
/// ```
pub fn feed(feed: &str) -> String {
    format!("feed:{feed}")
}
