//! `window.benchApp`: how the driver (`bench/driver/driver.js`) mounts one scenario's app,
//! unmounts it, and reads the render counters and the wasm memory. The React contender
//! defines the same object.

use crate::markup::renders;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Counts every byte the app allocates, so the driver can read the live wasm heap (the
/// linear memory only ever grows, so its size alone cannot show memory coming back).
#[global_allocator]
static ALLOCATOR: cap::Cap<std::alloc::System> = cap::Cap::new(std::alloc::System, usize::MAX);

/// The app the driver asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Mount {
    /// The editable list named `list` (the driver seeded it on the server).
    List {
        /// Its name on the server.
        list: String,
    },
    /// The kanban board (five columns).
    Board,
    /// The like button.
    Likes,
}

/// What a contender tells the driver about itself.
#[derive(Clone, Copy, Debug)]
pub struct Contender {
    /// Its name in reports: `yew-optimistic`, `plain-yew`, `use-async`.
    pub name: &'static str,
    /// Whether a click shows its change before the server answers. When not, the driver
    /// takes "click to paint" as the click to the painted busy state.
    pub optimistic: bool,
    /// Whether it lets several changes be in flight at once (a contender that waits for
    /// the server disables its buttons meanwhile).
    pub concurrent: bool,
}

type View = Rc<dyn Fn(&Mount) -> Html>;

#[derive(Properties, Clone)]
struct HostProps {
    mount: Mount,
    view: View,
}

impl PartialEq for HostProps {
    fn eq(&self, other: &Self) -> bool {
        self.mount == other.mount && Rc::ptr_eq(&self.view, &other.view)
    }
}

#[function_component]
fn Host(props: &HostProps) -> Html {
    (props.view)(&props.mount)
}

thread_local! {
    static MOUNTED: RefCell<Option<yew::AppHandle<Host>>> = const { RefCell::new(None) };
}

fn unmount() {
    // Take the handle out first: destroying runs component code, which must not find the
    // slot borrowed.
    let handle = MOUNTED.with(|m| m.borrow_mut().take());
    if let Some(handle) = handle {
        handle.destroy();
    }
}

fn mount(view: &View, request: &str) -> Result<(), JsValue> {
    let mount: Mount = serde_json::from_str(request)
        .map_err(|e| JsValue::from_str(&format!("benchApp.mount: {e}: {request}")))?;
    unmount();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .ok_or_else(|| JsValue::from_str("benchApp.mount: no #app element"))?;
    let handle = yew::Renderer::<Host>::with_root_and_props(
        root,
        HostProps {
            mount,
            view: view.clone(),
        },
    )
    .render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
    Ok(())
}

fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    // Setting a property of a plain object we made cannot fail.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
}

fn counters() -> JsValue {
    let r = renders();
    let object = js_sys::Object::new();
    set(&object, "rows", &JsValue::from_f64(r.rows as f64));
    set(&object, "cards", &JsValue::from_f64(r.cards as f64));
    set(&object, "likes", &JsValue::from_f64(r.likes as f64));
    set(
        &object,
        "containers",
        &JsValue::from_f64(r.containers as f64),
    );
    object.into()
}

fn memory() -> JsValue {
    let object = js_sys::Object::new();
    let linear = js_sys::Reflect::get(&wasm_bindgen::memory(), &JsValue::from_str("buffer"))
        .and_then(|buffer| js_sys::Reflect::get(&buffer, &JsValue::from_str("byteLength")))
        .unwrap_or(JsValue::NULL);
    set(&object, "linear", &linear);
    set(
        &object,
        "allocated",
        &JsValue::from_f64(ALLOCATOR.allocated() as f64),
    );
    object.into()
}

/// Publishes `window.benchApp` for `contender`, whose `view` renders the app the driver
/// asks for. Nothing is mounted until the driver calls `benchApp.mount(json)`.
pub fn start(contender: Contender, view: impl Fn(&Mount) -> Html + 'static) {
    let view: View = Rc::new(view);
    let app = js_sys::Object::new();
    set(&app, "name", &JsValue::from_str(contender.name));
    set(
        &app,
        "optimistic",
        &JsValue::from_bool(contender.optimistic),
    );
    set(
        &app,
        "concurrent",
        &JsValue::from_bool(contender.concurrent),
    );
    let mount_fn =
        Closure::<dyn Fn(String) -> Result<(), JsValue>>::new(move |r: String| mount(&view, &r));
    set(&app, "mount", &mount_fn.into_js_value());
    set(
        &app,
        "unmount",
        &Closure::<dyn Fn()>::new(unmount).into_js_value(),
    );
    set(
        &app,
        "renders",
        &Closure::<dyn Fn() -> JsValue>::new(counters).into_js_value(),
    );
    set(
        &app,
        "memory",
        &Closure::<dyn Fn() -> JsValue>::new(memory).into_js_value(),
    );
    if let Some(window) = web_sys::window() {
        set(&window, "benchApp", &app);
    }
}
