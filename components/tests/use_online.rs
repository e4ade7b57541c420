//! Browser tests of `use_online`: follows the client's network state, whether it is set
//! by the app or by the browser's `online` / `offline` events, rendering only on change.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{dispatch_window_event, text};
use common::world::{flush, Shared, World};
use std::cell::RefCell;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{use_online, QueryClient, QueryClientProvider};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    log: Shared<RefCell<Vec<bool>>>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Banner log={props.log.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct BannerProps {
    log: Shared<RefCell<Vec<bool>>>,
}

#[component]
fn Banner(props: &BannerProps) -> Html {
    let online = use_online();
    props.log.borrow_mut().push(online);
    html! {
        <p class="network">{ if online { "online" } else { "Offline: changes will be sent when you reconnect." } }</p>
    }
}

#[wasm_bindgen_test]
async fn follows_the_client_and_the_browsers_events() {
    let w = World::new();
    let log: Shared<RefCell<Vec<bool>>> = Shared::default();
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        log: log.clone(),
    })
    .await;
    let shown = || text(&app.root, ".network");
    assert_eq!(shown().as_deref(), Some("online"));

    w.client.set_online(false);
    flush().await;
    assert_eq!(
        shown().as_deref(),
        Some("Offline: changes will be sent when you reconnect.")
    );
    w.client.set_online(false);
    flush().await;

    dispatch_window_event("online");
    flush().await;
    assert_eq!(shown().as_deref(), Some("online"), "the browser's event");
    assert!(w.client.is_online());

    dispatch_window_event("offline");
    flush().await;
    assert_eq!(
        shown().as_deref(),
        Some("Offline: changes will be sent when you reconnect.")
    );
    assert!(!w.client.is_online());
    dispatch_window_event("online");
    flush().await;

    assert_eq!(
        *log.borrow(),
        vec![true, false, true, false, true],
        "one render per change, none for a repeated state"
    );
    app.unmount();
}
