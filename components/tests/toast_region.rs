//! Browser tests of `ToastRegion`: info and success toasts leave by themselves, errors
//! stay until dismissed, a pointer over the region or the focus in it holds them, a keyed
//! toast is told once, and the region itself is not a second live region.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{all, texts};
use common::world::flush;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew_optimistic::feedback::{use_toasts, ToastKind, ToastRegion};

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Pusher() -> Html {
    let toasts = use_toasts();
    let push = |kind: ToastKind, text: &'static str| {
        let toasts = toasts.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = &toasts {
                t.push(kind, text);
            }
        })
    };
    let keyed = {
        let toasts = toasts.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = &toasts {
                t.push_keyed("call/1", ToastKind::Error, "refused once");
            }
        })
    };
    html! {
        <>
            <button class="info" onclick={push(ToastKind::Info, "saved")}>{ "info" }</button>
            <button class="error" onclick={push(ToastKind::Error, "failed")}>{ "error" }</button>
            <button class="keyed" onclick={keyed}>{ "keyed" }</button>
        </>
    }
}

#[component]
fn App() -> Html {
    html! { <ToastRegion timeout_ms={150}><Pusher /></ToastRegion> }
}

fn press(root: &Element, class: &str) {
    root.query_selector(&format!("button.{class}"))
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<HtmlElement>().ok())
        .expect("the button is there")
        .click();
}

fn region(root: &Element) -> Element {
    root.query_selector("[data-testid=toasts]")
        .ok()
        .flatten()
        .expect("the region is there")
}

fn shown(root: &Element) -> Vec<String> {
    texts(root, "[data-testid=toast] span")
}

/// Dispatches a mouse or focus event as the browser does.
fn dispatch(el: &Element, constructor: &str, kind: &str, bubbles: bool) {
    let f = js_sys::Function::new_with_args(
        "el, c, k, b",
        "el.dispatchEvent(new window[c](k, { bubbles: b, cancelable: true }));",
    );
    let args = js_sys::Array::of4(el, &c(constructor), &c(kind), &bubbles.into());
    f.apply(&wasm_bindgen::JsValue::NULL, &args)
        .expect("the test browser can dispatch the event");
}

fn c(s: &str) -> wasm_bindgen::JsValue {
    wasm_bindgen::JsValue::from_str(s)
}

async fn wait(ms: u32) {
    TimeoutFuture::new(ms).await;
    flush().await;
}

#[wasm_bindgen_test]
async fn info_leaves_by_itself_and_an_error_stays_until_dismissed() {
    let app = common::mount_default::<App>().await;
    press(&app.root, "info");
    press(&app.root, "error");
    flush().await;
    assert_eq!(shown(&app.root), vec!["saved", "failed"]);
    let roles: Vec<_> = all(&app.root, "[data-testid=toast]")
        .iter()
        .map(|t| t.get_attribute("role").unwrap_or_default())
        .collect();
    assert_eq!(
        roles,
        vec!["status", "alert"],
        "each toast announces itself"
    );
    assert_eq!(
        region(&app.root).get_attribute("aria-live"),
        None,
        "the region is not a second live region"
    );
    wait(450).await;
    assert_eq!(shown(&app.root), vec!["failed"], "the error stays");
    all(&app.root, "[data-testid=toast] button")[0]
        .clone()
        .dyn_into::<HtmlElement>()
        .expect("a button")
        .click();
    flush().await;
    assert!(shown(&app.root).is_empty());
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_pointer_over_the_region_holds_the_toasts() {
    let app = common::mount_default::<App>().await;
    press(&app.root, "info");
    flush().await;
    dispatch(&region(&app.root), "MouseEvent", "mouseenter", false);
    flush().await;
    wait(450).await;
    assert_eq!(shown(&app.root), vec!["saved"], "held while hovered");
    dispatch(&region(&app.root), "MouseEvent", "mouseleave", false);
    flush().await;
    wait(450).await;
    assert!(shown(&app.root).is_empty(), "released, it leaves");
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_focus_in_the_region_holds_the_toasts() {
    let app = common::mount_default::<App>().await;
    press(&app.root, "info");
    flush().await;
    let close = all(&app.root, "[data-testid=toast] button")[0]
        .clone()
        .dyn_into::<HtmlElement>()
        .expect("a button");
    close.focus().expect("the close button takes the focus");
    flush().await;
    wait(450).await;
    assert_eq!(shown(&app.root), vec!["saved"], "held while focused");
    close.blur().expect("blur");
    flush().await;
    wait(450).await;
    assert!(shown(&app.root).is_empty(), "released, it leaves");
    app.unmount();
}

#[wasm_bindgen_test]
async fn a_keyed_toast_is_told_once() {
    let app = common::mount_default::<App>().await;
    press(&app.root, "keyed");
    press(&app.root, "keyed");
    flush().await;
    assert_eq!(shown(&app.root), vec!["refused once"]);
    app.unmount();
}
