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
        /// For the memory runs: how long (ms) settled mutations and unused queries are
        /// kept. `None`: the library's defaults (5 minutes in both libraries).
        #[serde(default)]
        gc: Option<u64>,
    },
    /// The kanban board (five columns).
    Board,
    /// The like button.
    Likes,
}

/// What a contender tells the driver about itself.
#[derive(Clone, Copy, Debug)]
pub struct Contender {
    /// Its name in reports: `yew-optimistic`, `yew-collections`, `plain-yew`, `use-async`.
    pub name: &'static str,
    /// Whether a click shows its change before the server answers. When not, the driver
    /// takes "click to paint" as the click to the painted busy state.
    pub optimistic: bool,
    /// Whether it lets several changes be in flight at once (a contender that waits for
    /// the server disables its buttons meanwhile).
    pub concurrent: bool,
}

type View = Rc<dyn Fn(&Mount) -> Html>;

/// What the host shows: nothing, or the `generation`-th app mounted (a new generation is
/// a new component tree, even for the same kind of app).
type Showing = Option<(u64, Mount)>;

#[derive(Properties, Clone)]
struct HostProps {
    view: View,
}

impl PartialEq for HostProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.view, &other.view)
    }
}

thread_local! {
    /// How `benchApp.mount` / `unmount` reach the host component.
    static SHOW: RefCell<Option<Callback<Showing>>> = const { RefCell::new(None) };
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The one Yew app of the page. Scenario apps are mounted and unmounted *inside* it, as a
/// page switches views (and as the gallery switches stories): a Yew `Renderer` of its
/// own per mount would leak by design (Yew 0.23 never drops a root's event delegation).
#[function_component]
fn Host(props: &HostProps) -> Html {
    let showing = use_state(|| None::<(u64, Mount)>);
    {
        let setter = showing.setter();
        SHOW.with(|s| *s.borrow_mut() = Some(Callback::from(move |next| setter.set(next))));
    }
    match &*showing {
        Some((generation, mount)) => html! {
            <div class="mounted" key={*generation}>{ (props.view)(mount) }</div>
        },
        None => Html::default(),
    }
}

fn show(next: Showing) -> Result<(), JsValue> {
    let setter = SHOW
        .with(|s| s.borrow().clone())
        .ok_or_else(|| JsValue::from_str("benchApp: the host app is not running"))?;
    setter.emit(next);
    Ok(())
}

fn unmount() -> Result<(), JsValue> {
    show(None)
}

fn mount(request: &str) -> Result<(), JsValue> {
    let mount: Mount = serde_json::from_str(request)
        .map_err(|e| JsValue::from_str(&format!("benchApp.mount: {e}: {request}")))?;
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    show(Some((generation, mount)))
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

/// Bytes the app has allocated and not freed yet (the live Rust heap), as the driver
/// reads it through `benchApp.memory()`; also for native measurements of data layouts.
pub fn heap_allocated() -> usize {
    ALLOCATOR.allocated()
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
        &JsValue::from_f64(heap_allocated() as f64),
    );
    object.into()
}

/// Starts the page's host app in `#app` and publishes `window.benchApp` for `contender`,
/// whose `view` renders the app the driver asks for. Nothing shows until the driver calls
/// `benchApp.mount(json)`.
pub fn start(contender: Contender, view: impl Fn(&Mount) -> Html + 'static) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    let Some(root) = root else {
        web_sys::console::error_1(&JsValue::from_str("bench: no #app element"));
        return;
    };
    yew::Renderer::<Host>::with_root_and_props(
        root,
        HostProps {
            view: Rc::new(view),
        },
    )
    .render();
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
    let mount_fn = Closure::<dyn Fn(String) -> Result<(), JsValue>>::new(|r: String| mount(&r));
    set(&app, "mount", &mount_fn.into_js_value());
    let unmount_fn = Closure::<dyn Fn() -> Result<(), JsValue>>::new(unmount);
    set(&app, "unmount", &unmount_fn.into_js_value());
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

/// Limits the scenario families the driver runs for this contender to `families` (e.g.
/// a windowed list, which only the 10,000-row family is about). Call after [`start`].
pub fn only_families(families: &[&str]) {
    let list = js_sys::Array::new();
    for family in families {
        list.push(&JsValue::from_str(family));
    }
    let app = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("benchApp")).ok())
        .and_then(|a| a.dyn_into::<js_sys::Object>().ok());
    if let Some(app) = app {
        set(&app, "families", &list);
    }
}
