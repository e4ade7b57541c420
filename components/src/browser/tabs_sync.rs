//! What [`QueryClientProvider`](crate::QueryClientProvider) does for a client that shares
//! its persisted queue with the other tabs of the origin: at start, ask the browser which
//! tabs owning stored calls are still open and take over the calls of the closed ones;
//! then watch those tabs (Web Locks) and the other tabs' writes (the `storage` event).
//!
//! The provider reaches this code only through [`hooks`], which stay empty until the app
//! opts into tab coordination with [`tab_id`](super::tabs::tab_id) (or
//! [`coordinate_tabs`](super::tabs::coordinate_tabs)): an app that never does links none
//! of it.

use super::tabs::{self, ClosedWatch};
use optimistic_query::{PersistError, Persistence, RestoreReport};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use yew::Callback;

/// What a restore of the queue did, as the provider reports it.
pub(crate) type Report = Result<RestoreReport, PersistError>;

/// The provider's entry points into tab coordination.
pub(crate) struct TabHooks {
    /// At start: replays the stored calls of no tab and of this tab; says whether other
    /// tabs own stored calls (then [`finish_start`](Self::finish_start) must run before
    /// the children render).
    pub start: fn(&Persistence) -> (Report, bool),
    /// Asks the browser which tabs are open, takes over the calls of the closed ones,
    /// then calls `done` with what that did.
    pub finish_start: fn(Persistence, Box<dyn FnOnce(Report)>),
    /// Watches the tabs that own stored calls and the other tabs' writes while the
    /// returned value lives; `on_restore` hears of each takeover.
    pub watch: fn(Persistence, Callback<Report>) -> Box<dyn Any>,
}

static TAB_HOOKS: TabHooks = TabHooks {
    start,
    finish_start,
    watch,
};

thread_local! {
    static INSTALLED: Cell<Option<&'static TabHooks>> = const { Cell::new(None) };
}

/// Makes the provider coordinate tabs (called by the functions that opt in).
pub(crate) fn install() {
    INSTALLED.with(|hooks| hooks.set(Some(&TAB_HOOKS)));
}

/// The hooks, once an app opted in.
pub(crate) fn hooks() -> Option<&'static TabHooks> {
    INSTALLED.with(Cell::get)
}

fn start(persistence: &Persistence) -> (Report, bool) {
    // Calls of no tab, and this tab's own; other tabs' calls wait for the browser to
    // say whether their tab is still open.
    let report = persistence.adopt_mutations(&|_| false);
    (report, !persistence.other_owners().is_empty())
}

fn finish_start(persistence: Persistence, done: Box<dyn FnOnce(Report)>) {
    wasm_bindgen_futures::spawn_local(async move {
        let open = tabs::open_tabs().await;
        let report = persistence
            .adopt_mutations(&|owner| open.as_ref().is_none_or(|open| !open.contains(owner)));
        done(report);
    });
}

/// Watches every tab that owns stored calls, and takes those calls over when the tab
/// closes.
struct TabSync {
    persistence: Persistence,
    on_restore: Callback<Report>,
    watches: RefCell<HashMap<String, Option<ClosedWatch>>>,
}

impl TabSync {
    /// Watches the owners of stored calls not watched yet.
    fn watch_owners(self: &Rc<Self>) {
        for owner in self.persistence.other_owners() {
            if self.watches.borrow().contains_key(&owner) {
                continue;
            }
            let weak: Weak<TabSync> = Rc::downgrade(self);
            let closed = owner.clone();
            let watch = tabs::when_closed(&owner, move || {
                if let Some(sync) = weak.upgrade() {
                    sync.take_over(&closed);
                }
            });
            self.watches.borrow_mut().insert(owner, watch);
        }
    }

    /// Tab `closed` is gone: replay its calls here (the same idempotency keys, so a call
    /// it had already sent is applied once).
    fn take_over(self: &Rc<Self>, closed: &str) {
        let report = self.persistence.adopt_mutations(&|owner| owner == closed);
        let adopted = report.as_ref().map_or(true, |r| !r.restored.is_empty());
        if adopted {
            self.on_restore.emit(report);
        }
        self.watch_owners();
    }

    /// Another tab wrote storage under `key` (`None`: it cleared all of it), from `old`
    /// to `new`. The event's own values count: by the time a busy page handles it,
    /// storage may hold a later state (or this tab's stale write) that no longer shows
    /// the call that left.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn storage_changed(self: &Rc<Self>, key: Option<&str>, old: Option<&str>, new: Option<&str>) {
        let client = self.persistence.client();
        if key.is_none_or(|key| key == client.config().storage_key) {
            client.queue_changed_elsewhere_with(old, new);
            self.watch_owners();
        }
    }
}

/// Dropping it withdraws the lock requests and the `storage` listener.
struct Watching {
    sync: Rc<TabSync>,
    #[cfg(target_arch = "wasm32")]
    listener: Option<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        if let (Some(listener), Some(window)) = (self.listener.take(), web_sys::window()) {
            use wasm_bindgen::JsCast;
            let _ = window
                .remove_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
        }
        // Taken out first, so the watches (and what their closures hold) drop with no
        // borrow held.
        let watches = std::mem::take(&mut *self.sync.watches.borrow_mut());
        drop(watches);
    }
}

fn watch(persistence: Persistence, on_restore: Callback<Report>) -> Box<dyn Any> {
    let sync = Rc::new(TabSync {
        persistence,
        on_restore,
        watches: RefCell::default(),
    });
    sync.watch_owners();
    Box::new(Watching {
        #[cfg(target_arch = "wasm32")]
        listener: storage_listener(&sync),
        sync,
    })
}

#[cfg(target_arch = "wasm32")]
fn storage_listener(
    sync: &Rc<TabSync>,
) -> Option<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>> {
    use wasm_bindgen::JsCast;
    let weak = Rc::downgrade(sync);
    let listener = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
        move |event: web_sys::Event| {
            let Some(sync) = weak.upgrade() else { return };
            // `key` is null when another tab cleared the whole storage.
            let Ok(key) = js_sys::Reflect::get(&event, &"key".into()) else {
                return;
            };
            let value = |name: &str| {
                js_sys::Reflect::get(&event, &name.into())
                    .ok()
                    .and_then(|v| v.as_string())
            };
            let (old, new) = (value("oldValue"), value("newValue"));
            if key.is_null() {
                sync.storage_changed(None, old.as_deref(), new.as_deref());
            } else if let Some(key) = key.as_string() {
                sync.storage_changed(Some(&key), old.as_deref(), new.as_deref());
            }
        },
    );
    web_sys::window()?
        .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
        .ok()?;
    Some(listener)
}
