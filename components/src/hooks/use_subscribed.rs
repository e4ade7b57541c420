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

/// Whether a read now gives something other than what the latest render showed.
type Check = Rc<dyn Fn() -> bool>;

/// The latest render's check, as the listener reads it. Not generic: one listener's code
/// serves every use of the hook.
type Latest = Rc<RefCell<Option<Check>>>;

/// What the hook keeps across renders (one ref, not state: the listener compares with
/// what the render showed, and a change that reads the same must not render).
struct Kept<D, S> {
    latest: Latest,
    /// The subscription, and the deps it was made for.
    subscribed: Option<(Rc<D>, Rc<S>)>,
}

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
    // See `Kept`.
    let kept = use_mut_ref(|| Kept::<D, S> {
        latest: Latest::default(),
        subscribed: None,
    });
    let (latest, same) = {
        let k = kept.borrow();
        let same = k.subscribed.as_ref().filter(|(kept, _)| **kept == deps);
        (k.latest.clone(), same.map(|(d, s)| (d.clone(), s.clone())))
    };
    let (deps, source) = match same {
        Some(same) => same,
        None => {
            let source = Rc::new(subscribe(&deps, listener(&latest, rerender)));
            let deps = Rc::new(deps);
            let old = kept
                .borrow_mut()
                .subscribed
                .replace((deps.clone(), source.clone()));
            // The old subscription ends outside the borrow.
            drop(old);
            (deps, source)
        }
    };
    let shown = read(&deps, &source);
    let check: Check = {
        let shown = shown.clone();
        Rc::new(move || read(&deps, &source) != shown)
    };
    let old = latest.borrow_mut().replace(check);
    drop(old);
    shown
}

/// The listener a subscription gets: runs the latest render's check (no borrow held while
/// it reads) and re-renders when it says the value changed.
fn listener(latest: &Latest, rerender: Rc<dyn Fn()>) -> Changed {
    let weak = Rc::downgrade(latest);
    Box::new(move || {
        let check = weak.upgrade().and_then(|latest| latest.borrow().clone());
        if check.is_some_and(|changed| changed()) {
            rerender();
        }
    })
}
