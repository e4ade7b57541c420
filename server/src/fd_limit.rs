//! The process's limit on open files, which bounds how many connections it can hold.

/// Raises the soft limit on open files to the hard limit (as most servers do: the soft
/// limit is often 1,024 while the hard one is far higher), and returns the soft limit
/// now in force. `None` where it cannot be read.
///
/// ```
/// if let Some(n) = server::fd_limit::raise_open_files() {
///     assert!(n >= 16);
/// }
/// ```
#[cfg(unix)]
pub fn raise_open_files() -> Option<u64> {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.maximum.is_none() || limit.current < limit.maximum {
        // Unlimited hard limits are refused by some kernels; stay within a sane number.
        let target = limit.maximum.unwrap_or(1 << 20).min(1 << 20);
        if limit.current.is_some_and(|c| c < target) {
            limit.current = Some(target);
            let _ = setrlimit(Resource::Nofile, limit);
        }
    }
    open_files()
}

/// Raising the limit is a Unix notion; elsewhere the limit is left as it is.
#[cfg(not(unix))]
pub fn raise_open_files() -> Option<u64> {
    open_files()
}

/// The soft limit on open files (`ulimit -n`), `None` where it cannot be read or is
/// unlimited.
///
/// ```
/// assert!(server::fd_limit::open_files().unwrap_or(64) > 0);
/// ```
#[cfg(unix)]
pub fn open_files() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

/// Unknown off Unix.
#[cfg(not(unix))]
pub fn open_files() -> Option<u64> {
    None
}
