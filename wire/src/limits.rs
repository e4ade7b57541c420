//! The limits both servers enforce by default (the reference server's flags can change
//! them; the simulation uses these).

/// Longest item or card title, in characters (422 `invalid-change` above it).
///
/// ```
/// assert_eq!(wire::limits::MAX_TITLE_CHARS, 200);
/// ```
pub const MAX_TITLE_CHARS: usize = 200;

/// Longest id (item, card, column) or name (list, post, board), in characters.
///
/// ```
/// assert_eq!(wire::limits::MAX_ID_CHARS, 100);
/// ```
pub const MAX_ID_CHARS: usize = 100;

/// Most items in a list, and cards in a board column (422 `too-many-items` for an add
/// beyond it). Every write's answer is stored for its key's replay, so this also bounds
/// what one idempotency record holds.
///
/// ```
/// assert_eq!(wire::limits::MAX_ITEMS, 1000);
/// ```
pub const MAX_ITEMS: usize = 1000;
