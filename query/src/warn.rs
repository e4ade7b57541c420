//! Warnings about a mistake the engine survives but the app should not make: a patch or
//! a `set_query_data` of another type than the data under its key, which is ignored.
//! Debug builds only: a release build holds none of this code. Each key and type is
//! warned about once.

use std::cell::Cell;
#[cfg(debug_assertions)]
use std::cell::RefCell;
#[cfg(debug_assertions)]
use std::collections::HashSet;

thread_local! {
    static SINK: Cell<Option<fn(&str)>> = const { Cell::new(None) };
}

#[cfg(debug_assertions)]
thread_local! {
    static WARNED: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// Where the engine's warnings go in debug builds (the browser runtime sends them to
/// `console.warn`); without a sink they go to standard error. Release builds never warn.
///
/// ```
/// # mod yew_optimistic { pub use ::optimistic_query::*; pub mod optimistic_query { pub use ::optimistic_query::*; } }
/// yew_optimistic::optimistic_query::warn::set_warning_sink(|message| eprintln!("engine: {message}"));
/// ```
pub fn set_warning_sink(sink: fn(&str)) {
    SINK.with(|s| s.set(Some(sink)));
}

/// Warns that a write of type `requested` under `key`, which holds `stored`, was
/// ignored; once per key and type. `what` names the write ("the optimistic patch of
/// mutation 3", "set_query_data").
#[cfg(debug_assertions)]
pub(crate) fn type_mismatch(what: &str, key: &crate::QueryKey, stored: &str, requested: &str) {
    let first = WARNED.with(|w| w.borrow_mut().insert(format!("{key} {requested}")));
    if !first {
        return;
    }
    let message = format!(
        "optimistic-query: {what} on {key} was ignored: the cache holds `{stored}` there, \
         the write has `{requested}` (use a TypedKey for the key, and the wrong type is a \
         compile error)"
    );
    match SINK.with(Cell::get) {
        Some(sink) => sink(&message),
        None => eprintln!("{message}"),
    }
}
