//! `use_browser_signals`: the browser's network, focus and page-life events, told to the
//! client.

use super::client_effect::use_client_effect;
#[cfg(target_arch = "wasm32")]
use gloo_events::EventListener;
use optimistic_query::QueryClient;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Whether the browser says it is online (always, outside a browser).
pub(super) fn browser_online() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::window().navigator().on_line()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

#[cfg(target_arch = "wasm32")]
fn browser_visible() -> bool {
    gloo_utils::document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Keeps `client` in step with the browser: the network state (or the `online`
/// override, which the `online` / `offline` events then leave alone), focus and
/// visibility (stale queries refetch), and the page's life (queries written when it is
/// hidden; requests cut by its unload settle nothing; back from the back/forward cache,
/// it goes on).
#[hook]
pub(super) fn use_browser_signals(client: &QueryClient, online: Option<bool>) {
    // The override, as the event handlers read it.
    let forced = use_mut_ref(|| online);
    *forced.borrow_mut() = online;
    use_effect_with((client.clone(), online), |(c, online)| {
        c.set_online(online.unwrap_or_else(browser_online));
    });
    // One effect for every window event: each event hook of its own would be another
    // compiled copy of Yew's effect code.
    use_client_effect(
        client,
        Box::new(move |c| {
            let listeners = window_listeners(c, forced);
            Box::new(move || drop(listeners))
        }),
    );
}

/// What an event of the window does to the client.
#[cfg(target_arch = "wasm32")]
type Reaction = Box<dyn Fn(&QueryClient, &Event)>;

/// The window's network, focus and page-life events, told to `c` for as long as the
/// listeners are kept. `forced`: the provider's `online` prop, which overrides the
/// browser's network events while set.
#[cfg(target_arch = "wasm32")]
fn window_listeners(c: &QueryClient, forced: Rc<RefCell<Option<bool>>>) -> Vec<EventListener> {
    let window = gloo_utils::window();
    let on = |event: &'static str, react: Reaction| {
        let c = c.clone();
        EventListener::new(&window, event, move |e| react(&c, e))
    };
    let f = forced.clone();
    vec![
        on(
            "online",
            Box::new(move |c, _| {
                if f.borrow().is_none() {
                    c.set_online(true);
                }
            }),
        ),
        on(
            "offline",
            Box::new(move |c, _| {
                if forced.borrow().is_none() {
                    c.set_online(false);
                }
            }),
        ),
        on("focus", Box::new(|c, _| c.set_focused(true))),
        on("blur", Box::new(|c, _| c.set_focused(false))),
        on("visibilitychange", Box::new(|c, _| visibility_changed(c))),
        on(
            "pagehide",
            Box::new(|c, _| {
                c.persist_queries_now();
                // From here the browser aborts this page's requests: those outcomes say
                // nothing about the server, so nothing settles and the persisted queue
                // keeps every call on the wire for the next page to resend.
                c.suspend_for_unload();
            }),
        ),
        on("pageshow", Box::new(page_shown)),
    ]
}

/// Outside a browser there is no window to listen to.
#[cfg(not(target_arch = "wasm32"))]
fn window_listeners(_: &QueryClient, _: Rc<RefCell<Option<bool>>>) -> Vec<()> {
    Vec::new()
}

/// The page was hidden or shown: a hidden page is also unfocused, and writes its
/// persisted queries now (it may never be shown again).
#[cfg(target_arch = "wasm32")]
fn visibility_changed(c: &QueryClient) {
    let visible = browser_visible();
    c.set_focused(visible);
    c.set_visible(visible);
    if !visible {
        // The page may be closed from here without another event.
        c.persist_queries_now();
    }
}

/// A page restored from the back-forward cache takes up the calls its unload paused.
#[cfg(target_arch = "wasm32")]
fn page_shown(c: &QueryClient, e: &Event) {
    // Back from the back/forward cache: the same page lives on.
    let persisted = js_sys::Reflect::get(e, &wasm_bindgen::JsValue::from_str("persisted"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if persisted {
        c.resume_after_unload();
    }
}
