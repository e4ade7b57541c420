//! `use_browser_signals`: the browser's network, focus and page-life events, told to the
//! client.

use optimistic_query::QueryClient;
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

fn browser_visible() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        gloo_utils::document().visibility_state() == web_sys::VisibilityState::Visible
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
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
    let (c, f) = (client.clone(), forced.clone());
    yew_hooks::use_event_with_window("online", move |_: Event| {
        if f.borrow().is_none() {
            c.set_online(true);
        }
    });
    let (c, f) = (client.clone(), forced);
    yew_hooks::use_event_with_window("offline", move |_: Event| {
        if f.borrow().is_none() {
            c.set_online(false);
        }
    });
    let c = client.clone();
    yew_hooks::use_event_with_window("focus", move |_: Event| c.set_focused(true));
    let c = client.clone();
    yew_hooks::use_event_with_window("blur", move |_: Event| c.set_focused(false));
    use_page_life(client);
}

/// The page being hidden, unloaded, or shown again from the back/forward cache.
#[hook]
fn use_page_life(client: &QueryClient) {
    let c = client.clone();
    yew_hooks::use_event_with_window("visibilitychange", move |_: Event| {
        let visible = browser_visible();
        c.set_focused(visible);
        c.set_visible(visible);
        if !visible {
            // The page may be closed from here without another event.
            c.persist_queries_now();
        }
    });
    let c = client.clone();
    yew_hooks::use_event_with_window("pagehide", move |_: Event| {
        c.persist_queries_now();
        // From here the browser aborts this page's requests: those outcomes say
        // nothing about the server, so nothing settles and the persisted queue
        // keeps every call on the wire for the next page to resend.
        c.suspend_for_unload();
    });
    let c = client.clone();
    yew_hooks::use_event_with_window("pageshow", move |e: Event| {
        // Back from the back/forward cache: the same page lives on.
        let persisted = js_sys::Reflect::get(&e, &wasm_bindgen::JsValue::from_str("persisted"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if persisted {
            c.resume_after_unload();
        }
    });
}
