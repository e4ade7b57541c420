//! Acting on the DOM as a person would: find a button by its text and click it, read text.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Every element matching `selector` under `root`, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(selector)
        .unwrap_or_else(|e| panic!("invalid selector {selector:?}: {e:?}"));
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// The text of every element matching `selector`, in document order.
pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

/// The text of the first element matching `selector`, if there is one.
pub fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .ok()
        .flatten()
        .map(|e| e.text_content().unwrap_or_default())
}

/// The button whose visible text is `label`.
///
/// # Panics
///
/// When there is no such button: the UI does not offer what the test wants to press.
pub fn button(root: &Element, label: &str) -> HtmlElement {
    let buttons = all(root, "button");
    let found = buttons
        .iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .cloned();
    match found {
        Some(b) => b
            .dyn_into::<HtmlElement>()
            .expect("a <button> is an HtmlElement"),
        None => panic!(
            "no button {label:?}; buttons: {:?}",
            buttons
                .iter()
                .map(|b| b.text_content().unwrap_or_default())
                .collect::<Vec<_>>()
        ),
    }
}

/// Clicks the button labelled `label` (the handler runs synchronously; call
/// `yew::scheduler::flush().await` to see the render it causes).
pub fn click(root: &Element, label: &str) {
    button(root, label).click();
}

/// Dispatches a real `online` or `offline` event on `window`, as the browser does.
pub fn dispatch_window_event(name: &str) {
    let event = web_sys::Event::new(name).expect("the test browser can create an Event");
    gloo::utils::window()
        .dispatch_event(&event)
        .expect("the test browser can dispatch an Event on window");
}

/// Width and height of an element's box in CSS pixels (`getBoundingClientRect`, called
/// through JavaScript so the crate needs no extra web-sys feature).
pub fn size(el: &Element) -> (f64, f64) {
    let f = js_sys::Function::new_with_args(
        "el",
        "const r = el.getBoundingClientRect(); return [r.width, r.height];",
    );
    let v = f
        .call1(&wasm_bindgen::JsValue::NULL, el)
        .expect("the test browser can measure an element");
    let arr = js_sys::Array::from(&v);
    (
        arr.get(0).as_f64().unwrap_or_default(),
        arr.get(1).as_f64().unwrap_or_default(),
    )
}
