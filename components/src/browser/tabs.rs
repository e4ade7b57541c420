//! Tabs of one origin share local storage, so they share the persisted mutation queue.
//! Each tab replays its own calls; a tab learns that another closed through the
//! [Web Locks API](https://developer.mozilla.org/en-US/docs/Web/API/Web_Locks_API): every
//! tab holds the lock `yew-optimistic/tab/<its id>` for as long as its page lives, and the
//! browser releases it when the page goes (closed, reloaded, crashed). Another tab that
//! asks for that lock gets it exactly then, and takes the closed tab's calls over.
//!
//! Why Web Locks rather than a heartbeat in local storage: a lock is released by the
//! browser itself, at once, even when the page crashes; a heartbeat needs timers, and
//! browsers throttle the timers of background tabs (Chrome to once a minute), so a live
//! tab in the background would look closed and have its calls replayed twice. Web Locks
//! need a secure context (`https:`, or `http://localhost` / `127.0.0.1`); without them
//! [`tab_id`] is `None` and a client behaves as if it were alone (it replays every
//! persisted call; two tabs may then both send one, and the idempotency key makes the
//! server apply it once).
//!
//! `web-sys` offers `LockManager` only behind `--cfg web_sys_unstable_apis`, which every
//! app would have to set; the three calls needed here are bound directly instead.

use std::collections::HashSet;

/// Prefix of the Web Lock a tab holds while it is open: `yew-optimistic/tab/<id>`.
///
/// ```
/// use yew_optimistic::browser::tabs::TAB_LOCK_PREFIX;
/// assert_eq!(format!("{TAB_LOCK_PREFIX}a1"), "yew-optimistic/tab/a1");
/// ```
pub const TAB_LOCK_PREFIX: &str = "yew-optimistic/tab/";

/// This page load's tab id, for [`ClientConfig::tab_id`](crate::ClientConfig): random,
/// made on the first call and the same for the rest of the page's life (a reload is a new
/// page, with a new id). The first call also takes the tab's Web Lock, before any call of
/// this tab can reach the shared queue, so no other tab takes this one for closed.
///
/// `None` where the browser has no Web Locks (an insecure context, an old browser) and
/// outside a browser: the client then works alone.
///
/// Calling it is what opts the app into tab coordination: from then on
/// [`QueryClientProvider`](crate::QueryClientProvider) watches the tabs that own stored
/// calls (as [`coordinate_tabs`] does). An app that never calls either links none of
/// that code.
///
/// ```no_run
/// use yew_optimistic::browser::{browser_runtime, tabs::tab_id};
/// use yew_optimistic::{ClientConfig, QueryClient};
/// let client = QueryClient::with_config(
///     browser_runtime(),
///     ClientConfig { tab_id: tab_id(), ..ClientConfig::default() },
/// );
/// # let _ = client;
/// ```
pub fn tab_id() -> Option<String> {
    coordinate_tabs();
    imp::tab_id()
}

/// Makes every [`QueryClientProvider`](crate::QueryClientProvider) of this page
/// coordinate its client with the other tabs when the client has a
/// [`tab_id`](crate::ClientConfig::tab_id): at start, calls of tabs that are closed are
/// taken over before the children render; later, a tab that closes has its calls taken
/// over, and another tab's settled calls refetch what they patched here. [`tab_id`]
/// calls it; call it yourself when the tab ids come from elsewhere. Without it, a
/// provider whose client has a tab id replays only the calls of no tab and its own.
///
/// ```
/// yew_optimistic::browser::tabs::coordinate_tabs();
/// ```
pub fn coordinate_tabs() {
    super::tabs_sync::install();
}

/// The tabs of this origin that are open now (whose lock is held), this one included;
/// `None` without Web Locks.
///
/// ```no_run
/// # async fn demo() {
/// if let Some(open) = yew_optimistic::browser::tabs::open_tabs().await {
///     println!("{} tabs open", open.len());
/// }
/// # }
/// ```
pub async fn open_tabs() -> Option<HashSet<String>> {
    imp::open_tabs().await
}

/// Calls `on_closed` once the tab `id` is closed: at once (in a later task) if it is
/// closed already, else when its page goes. Dropping the returned watch first cancels it.
/// `None` without Web Locks.
///
/// ```no_run
/// use yew_optimistic::browser::tabs::when_closed;
/// let watch = when_closed("k3f9", || println!("tab k3f9 closed: take its calls over"));
/// // Keep `watch` for as long as the answer matters.
/// # drop(watch);
/// ```
pub fn when_closed(id: &str, on_closed: impl FnOnce() + 'static) -> Option<ClosedWatch> {
    imp::when_closed(id, Box::new(on_closed))
}

/// A pending [`when_closed`]; dropping it withdraws the request.
#[must_use = "dropping a ClosedWatch cancels it"]
pub struct ClosedWatch {
    #[cfg(target_arch = "wasm32")]
    abort: web_sys::AbortController,
}

impl std::fmt::Debug for ClosedWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClosedWatch")
    }
}

impl Drop for ClosedWatch {
    fn drop(&mut self) {
        #[cfg(target_arch = "wasm32")]
        self.abort.abort();
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{ClosedWatch, TAB_LOCK_PREFIX};
    use std::cell::RefCell;
    use std::collections::HashSet;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        /// `navigator.locks`.
        type LockManager;

        /// `locks.request(name, options, callback)`: the promise settles when the
        /// callback's promise does (or rejects when the request is aborted).
        #[wasm_bindgen(method, js_name = request)]
        fn request(
            this: &LockManager,
            name: &str,
            options: &JsValue,
            callback: &js_sys::Function,
        ) -> js_sys::Promise;

        /// `locks.query()`: a promise of `{ held: [{ name }], pending: [...] }`.
        #[wasm_bindgen(method)]
        fn query(this: &LockManager) -> js_sys::Promise;
    }

    thread_local! {
        static TAB_ID: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
    }

    fn locks() -> Option<LockManager> {
        let navigator = web_sys::window()?.navigator();
        let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
        (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
    }

    fn random_id() -> String {
        // 64 random bits as 16 hex digits: two tabs never draw the same.
        let hi = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
        let lo = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
        format!("{:016x}", (hi << 32) | lo)
    }

    pub(super) fn tab_id() -> Option<String> {
        TAB_ID.with(|cell| {
            cell.borrow_mut()
                .get_or_insert_with(|| {
                    let locks = locks()?;
                    let id = random_id();
                    // Held until the page goes: the callback's promise never settles. The
                    // request is queued in the lock manager now, so any other tab's
                    // request for this name comes after it.
                    let hold = Closure::once_into_js(|_lock: JsValue| {
                        js_sys::Promise::new(&mut |_, _| {})
                    });
                    let _ = locks.request(
                        &format!("{TAB_LOCK_PREFIX}{id}"),
                        &js_sys::Object::new(),
                        hold.unchecked_ref(),
                    );
                    Some(id)
                })
                .clone()
        })
    }

    pub(super) async fn open_tabs() -> Option<HashSet<String>> {
        let answer = wasm_bindgen_futures::JsFuture::from(locks()?.query())
            .await
            .ok()?;
        let held = js_sys::Reflect::get(&answer, &JsValue::from_str("held")).ok()?;
        let held: js_sys::Array = held.dyn_into().ok()?;
        Some(
            held.iter()
                .filter_map(|lock| js_sys::Reflect::get(&lock, &JsValue::from_str("name")).ok())
                .filter_map(|name| name.as_string())
                .filter_map(|name| name.strip_prefix(TAB_LOCK_PREFIX).map(str::to_owned))
                .collect(),
        )
    }

    pub(super) fn when_closed(id: &str, on_closed: Box<dyn FnOnce()>) -> Option<ClosedWatch> {
        let locks = locks()?;
        let abort = web_sys::AbortController::new().ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &JsValue::from_str("signal"), &abort.signal()).ok()?;
        // Granted once the tab's page is gone; the lock is given back at once (the
        // callback returns), so any other tab waiting for it learns the same.
        let granted = Closure::once_into_js(move |_lock: JsValue| {
            on_closed();
            JsValue::UNDEFINED
        });
        let request = locks.request(
            &format!("{TAB_LOCK_PREFIX}{id}"),
            &options,
            granted.unchecked_ref(),
        );
        // An aborted request rejects its promise; nothing waits for the outcome.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(request).await;
        });
        Some(ClosedWatch { abort })
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    //! Outside a browser there are no other tabs.
    use super::ClosedWatch;
    use std::collections::HashSet;

    pub(super) fn tab_id() -> Option<String> {
        None
    }

    pub(super) async fn open_tabs() -> Option<HashSet<String>> {
        None
    }

    pub(super) fn when_closed(_id: &str, _on_closed: Box<dyn FnOnce()>) -> Option<ClosedWatch> {
        None
    }
}
