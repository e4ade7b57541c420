//! The engine's injected [`Runtime`] in a browser.

use futures::future::LocalBoxFuture;
use optimistic_query::{Clock, Executor, Millis, Runtime, Storage};
use std::rc::Rc;

/// `Date.now()` as the engine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now(&self) -> Millis {
        // `Date.now()` is a whole number of milliseconds since 1970, far below 2^53.
        js_sys::Date::now().max(0.0) as Millis
    }

    fn entropy(&self) -> u64 {
        // Two draws of 32 bits each: Math.random has at least that much precision.
        let hi = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
        let lo = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
        (hi << 32) ^ lo ^ self.now()
    }
}

/// `wasm_bindgen_futures::spawn_local` and gloo timers.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserExecutor;

impl Executor for BrowserExecutor {
    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn sleep(&self, ms: Millis) -> LocalBoxFuture<'static, ()> {
        // setTimeout takes an i32; longer delays are clamped, which only matters for
        // gc times of more than 24 days.
        let ms = u32::try_from(ms).unwrap_or(u32::MAX).min(i32::MAX as u32);
        Box::pin(gloo_timers::future::TimeoutFuture::new(ms))
    }

    /// A task queued from `requestAnimationFrame` runs after that frame is painted:
    /// freeing a replaced 10,000-row list there does not delay the click's paint. All
    /// tasks of a frame share one frame request (a click that flushes several times asks
    /// the browser for one frame, not one each).
    fn spawn_after_paint(&self, task: LocalBoxFuture<'static, ()>) {
        use wasm_bindgen::JsCast;
        let first = AFTER_PAINT.with(|queue| {
            let mut queue = queue.borrow_mut();
            queue.push(task);
            queue.len() == 1
        });
        if !first {
            return;
        }
        // `once_into_js` closures free themselves once called (gloo's `Timeout::forget`
        // would leak one JS function and its Rust box per frame).
        let after_frame = wasm_bindgen::closure::Closure::once_into_js(move || {
            let run = wasm_bindgen::closure::Closure::once_into_js(run_after_paint);
            let queued = web_sys::window().is_some_and(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), 0)
                    .is_ok()
            });
            if !queued {
                run_after_paint();
            }
        });
        let scheduled = web_sys::window().is_some_and(|w| {
            w.request_animation_frame(after_frame.unchecked_ref())
                .is_ok()
        });
        if !scheduled {
            // No frames to wait for: run them now.
            run_after_paint();
        }
    }
}

thread_local! {
    /// Tasks waiting for the next paint; a frame is requested when the first one comes.
    static AFTER_PAINT: std::cell::RefCell<Vec<LocalBoxFuture<'static, ()>>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Starts every task that waited for the paint (taken out first: a task may queue more).
fn run_after_paint() {
    let tasks = AFTER_PAINT.with(|queue| std::mem::take(&mut *queue.borrow_mut()));
    for task in tasks {
        wasm_bindgen_futures::spawn_local(task);
    }
}

/// `window.localStorage` through gloo. Writes fail (with the browser's reason) when the
/// quota is full or storage is disabled; the engine reports that as an event and keeps
/// the queue in memory.
///
/// ```no_run
/// use yew_optimistic::browser::LocalStorage;
/// use yew_optimistic::optimistic_query::Storage;
/// LocalStorage.set("k", "v").ok();
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStorage;

impl Storage for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        use gloo_storage::Storage as _;
        gloo_storage::LocalStorage::raw()
            .get_item(key)
            .ok()
            .flatten()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        use gloo_storage::Storage as _;
        gloo_storage::LocalStorage::raw()
            .set_item(key, value)
            .map_err(|e| format!("{e:?}"))
    }

    fn remove(&self, key: &str) {
        use gloo_storage::Storage as _;
        let _ = gloo_storage::LocalStorage::raw().remove_item(key);
    }
}

/// The runtime a browser app gives its `QueryClient`: `Date.now()`, `spawn_local` with
/// gloo timers, and local storage for the offline queue.
///
/// ```no_run
/// use yew_optimistic::{browser::browser_runtime, optimistic_query::QueryClient};
/// let client = QueryClient::new(browser_runtime());
/// ```
pub fn browser_runtime() -> Runtime {
    // A patch of the wrong type is ignored; in a debug build the console says so.
    #[cfg(debug_assertions)]
    optimistic_query::warn::set_warning_sink(|message| {
        web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(message));
    });
    Runtime {
        clock: Rc::new(BrowserClock),
        executor: Rc::new(BrowserExecutor),
        storage: Some(Rc::new(LocalStorage)),
    }
}
