//! Subscriptions, `use_source` and `use_subscribed`: the one way a component follows
//! something that tells of its changes (a query's observer, a mutation's, the client's
//! queries, mutations or events, a row or a live view of a collection, a list's unsettled
//! calls, a board's shared state). Every such hook and component goes through `use_source`, so
//! keeping the source across renders, handing it over when its deps change, dropping the
//! old one outside any borrow and "a change re-renders only when the check says so" are
//! written once.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// How a source tells of a change: the hook's listener, given to `subscribe`.
pub(crate) type Changed = Box<dyn Fn()>;

/// Whether a change the source told of re-renders the component.
pub(crate) type Check = Rc<dyn Fn() -> bool>;

/// The latest render's check, as the listener reads it. Not generic: one listener's code
/// serves every use of the hook.
type Latest = Rc<RefCell<Option<Check>>>;

/// What the hook keeps across renders (one ref, not state: the listener decides whether a
/// change renders, and a change that reads the same must not render).
struct Kept<D, S> {
    latest: Latest,
    /// The source, and the deps it was made for.
    source: Option<(Rc<D>, Rc<S>)>,
}

/// What the hook held when this render began, for `prepare`.
pub(crate) enum Before<'a, S> {
    /// Nothing: the first render.
    Nothing,
    /// The source made for other deps. It ends once the new source `prepare` returned
    /// took its place, so the new one can take over from it (a query observer's
    /// `switch_from`).
    Other(&'a S),
    /// The source made for these deps: apply this render's options to it and give back
    /// the token to keep it, or return a new one.
    Same(&'a S, Keep),
}

/// The token [`Before::Same`] carries: only a source the hook holds can be kept.
pub(crate) struct Keep(());

/// What `prepare` decided.
pub(crate) enum Next<S> {
    /// Go on with the source the hook holds.
    Keep(Keep),
    /// A new source (the old one, if any, ends after it was made).
    New(S),
}

/// The way a new source tells the hook of its changes.
pub(crate) struct Listen<'a> {
    latest: &'a Latest,
    rerender: &'a Rc<dyn Fn()>,
}

impl Listen<'_> {
    /// A listener for the new source: it runs the latest render's check (no borrow held
    /// while it reads) and re-renders when the check says so (see
    /// [`Source::rerender_when`]).
    pub(crate) fn changed(&self) -> Changed {
        listener(self.latest, self.rerender.clone())
    }

    /// A listener that re-renders on every change, with no check: for a source that tells
    /// only of changes it compared itself (an engine observer compares what it selected,
    /// by `PartialEq`, before it notifies), where a second comparison here would be
    /// O(n) for nothing.
    pub(crate) fn rerender(&self) -> Changed {
        let rerender = self.rerender.clone();
        Box::new(move || rerender())
    }
}

/// This render's source, and the way to tell the listener what a change means.
pub(crate) struct Source<D, S> {
    pub(crate) deps: Rc<D>,
    pub(crate) source: Rc<S>,
    latest: Latest,
    kept: Weak<RefCell<Kept<D, S>>>,
}

impl<D, S> Source<D, S> {
    /// From now on the listener re-renders when `check` returns `true`.
    pub(crate) fn rerender_when(&self, check: Check) {
        replace_check(&self.latest, check);
    }

    /// The source the hook holds when it is called, for a callback made once (a
    /// `refetch` that must reach the observer of the current key).
    pub(crate) fn current(&self) -> Current<D, S> {
        Current(self.kept.clone())
    }
}

/// The source a hook holds, read when needed (see [`Source::current`]).
pub(crate) struct Current<D, S>(Weak<RefCell<Kept<D, S>>>);

impl<D, S> Current<D, S> {
    /// The source held now (none once the component is gone); no borrow is held after.
    pub(crate) fn get(&self) -> Option<Rc<S>> {
        let kept = self.0.upgrade()?;
        let source = kept.borrow().source.as_ref().map(|(_, s)| s.clone());
        source
    }
}

/// The source `prepare(deps, before, listen)` gives, kept across renders: `prepare` runs
/// on every render (with no borrow of the hook held), applies this render's options to
/// the source it gets with [`Before::Same`] or makes a new one, subscribing it with
/// `listen.changed()`. A replaced source ends after the new one was made, outside any
/// borrow (dropping it may run the app's closures). What a change does is the caller's
/// choice: a listener from [`Listen::rerender`] renders on every change; one from
/// [`Listen::changed`] runs the check of [`Source::rerender_when`] (until there is one, a
/// change renders nothing).
#[hook]
pub(crate) fn use_source<D, S>(
    deps: D,
    prepare: impl FnOnce(&D, Before<'_, S>, Listen<'_>) -> Next<S>,
) -> Source<D, S>
where
    D: PartialEq + 'static,
    S: 'static,
{
    // The crate's one engine-subscription slot: every hook that follows a source keeps
    // it here (see `Kept`), and its listener re-renders through this.
    let rerender = yew_hooks::use_update();
    let kept = use_mut_ref(|| Kept::<D, S> {
        latest: Latest::default(),
        source: None,
    });
    let (latest, held) = {
        let k = kept.borrow();
        (k.latest.clone(), k.source.clone())
    };
    let listen = Listen {
        latest: &latest,
        rerender: &rerender,
    };
    let before = match &held {
        Some((d, s)) if **d == deps => Before::Same(&**s, Keep(())),
        Some((_, s)) => Before::Other(&**s),
        None => Before::Nothing,
    };
    // One call: the app's options reach `prepare` in one place (its code is not copied).
    let next = prepare(&deps, before, listen);
    let (deps, source) = match (next, held) {
        (Next::Keep(_), Some(held)) => held,
        (Next::New(source), held) => {
            let new = (Rc::new(deps), Rc::new(source));
            let old = kept.borrow_mut().source.replace(new.clone());
            // The old source ends outside the borrow.
            drop((old, held));
            new
        }
        // `Keep` comes only with `Before::Same`, which comes only with a held source.
        (Next::Keep(_), None) => unreachable!("kept a source the hook did not hold"),
    };
    Source {
        deps,
        source,
        latest,
        kept: Rc::downgrade(&kept),
    }
}

/// `read(deps, source)` now, where `source` is what `subscribe(deps, changed)` returned
/// for these `deps` (subscribed once, and again when `deps` changes: the old
/// subscription ends after the new one started). After each change the source reports,
/// the component re-renders only if `read` gives something other than what the latest
/// render showed (by `PartialEq`): for sources that tell of changes they did not compare.
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
    let held = use_source(deps, |deps, before, listen| match before {
        Before::Same(_, keep) => Next::Keep(keep),
        _ => Next::New(subscribe(deps, listen.changed())),
    });
    let shown = read(&held.deps, &held.source);
    let check: Check = {
        let (shown, deps, source) = (shown.clone(), held.deps.clone(), held.source.clone());
        Rc::new(move || read(&deps, &source) != shown)
    };
    held.rerender_when(check);
    shown
}

/// The listener a subscription gets: runs the latest render's check (no borrow held while
/// it reads) and re-renders when it says so.
fn listener(latest: &Latest, rerender: Rc<dyn Fn()>) -> Changed {
    let weak = Rc::downgrade(latest);
    Box::new(move || {
        let check = weak.upgrade().and_then(|latest| latest.borrow().clone());
        if check.is_some_and(|check| check()) {
            rerender();
        }
    })
}

/// Replaces the latest check; the old one (it may hold the app's closures) is dropped
/// after the borrow.
fn replace_check(latest: &Latest, check: Check) {
    let old = latest.borrow_mut().replace(check);
    drop(old);
}
