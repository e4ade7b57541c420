//! `use_subscribed`: the one way a component follows something that tells of its changes
//! (the client's queries, mutations or events, a row or a live view of a collection, a
//! list's unsettled calls, a board's shared state). Every such hook and component goes
//! through it, so the rule "render reads, a change re-renders only when what the render
//! read is different" is written once.

use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How a source tells of a change: the hook's listener, given to `subscribe`.
pub(crate) type Changed = Box<dyn Fn()>;

type Read<D, S, T> = Rc<dyn Fn(&D, &S) -> T>;

struct Watch<D, S, T> {
    deps: D,
    /// What `subscribe` returned: the subscription (ends when dropped) and whatever the
    /// read needs from it (a live view, for one).
    source: Rc<S>,
    /// The latest render's read (its props may have changed what it selects).
    read: Read<D, S, T>,
    /// What the latest render showed.
    shown: T,
}

type Cell<D, S, T> = Rc<RefCell<Option<Watch<D, S, T>>>>;

/// `read(deps, source)` now, where `source` is what `subscribe(deps, changed)` returned
/// for these `deps` (subscribed once, and again when `deps` changes: the old
/// subscription ends after the new one started). After each change the source reports,
/// the component re-renders only if `read` gives something other than what the latest
/// render showed (by `PartialEq`).
#[hook]
pub(crate) fn use_subscribed<D, S, T>(
    deps: D,
    subscribe: impl FnOnce(&D, Changed) -> S,
    read: impl Fn(&D, &S) -> T + 'static,
) -> T
where
    D: PartialEq + 'static,
    S: 'static,
    T: Clone + PartialEq + 'static,
{
    let rerender = yew_hooks::use_update();
    // Not state: the listener compares with what the render showed, and a change that
    // reads the same must not render.
    let cell: Cell<D, S, T> = use_mut_ref(|| None);
    let read: Read<D, S, T> = Rc::new(read);
    let subscribed = cell
        .borrow()
        .as_ref()
        .filter(|w| w.deps == deps)
        .map(|w| w.source.clone());
    if let Some(source) = subscribed {
        // The same deps: the render's own are as good as the kept ones.
        let shown = read(&deps, &source);
        if let Some(w) = cell.borrow_mut().as_mut() {
            w.read = read;
            w.shown = shown.clone();
        }
        return shown;
    }
    let source = Rc::new(subscribe(&deps, listener(&cell, rerender)));
    let shown = read(&deps, &source);
    let old = cell.borrow_mut().replace(Watch {
        deps,
        source,
        read,
        shown: shown.clone(),
    });
    // The old subscription ends outside the borrow.
    drop(old);
    shown
}

/// The listener a subscription gets: reads again (no borrow held while the read runs)
/// and re-renders when the value differs from what is shown.
fn listener<D, S, T>(cell: &Cell<D, S, T>, rerender: Rc<dyn Fn()>) -> Changed
where
    D: 'static,
    S: 'static,
    T: PartialEq + 'static,
{
    let weak = Rc::downgrade(cell);
    Box::new(move || {
        let Some(cell) = weak.upgrade() else { return };
        let Some((source, read)) = cell
            .borrow()
            .as_ref()
            .map(|w| (w.source.clone(), w.read.clone()))
        else {
            return;
        };
        let changed = {
            let w = cell.borrow();
            w.as_ref()
                .is_some_and(|w| read(&w.deps, &source) != w.shown)
        };
        if changed {
            rerender();
        }
    })
}
