//! Helpers shared by the browser tests: mount a component into a fresh root element and
//! wait for Yew to render, as Yew's own tests do.
//!
//! Each file in `tests/` is its own crate and may use only some of these helpers.
#![allow(dead_code)]

pub mod dom;
pub mod fake_server;
pub mod todos;
pub mod world;

use web_sys::Element;
use yew::{AppHandle, BaseComponent};

/// A fresh `<div>` appended to `<body>`, to mount one component into.
pub fn fresh_root() -> Element {
    let document = gloo::utils::document();
    let root = document
        .create_element("div")
        .expect("the test browser can create a <div>");
    gloo::utils::body()
        .append_child(&root)
        .expect("the test browser can append to <body>");
    root
}

/// A mounted component together with the element it was mounted into.
pub struct Mounted<C: BaseComponent> {
    /// Handle to the running Yew app; dropping it leaves the app mounted.
    pub app: AppHandle<C>,
    /// The root element the app renders into.
    pub root: Element,
}

impl<C: BaseComponent> Mounted<C> {
    /// The text the component renders, as a user would read it.
    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// The first element matching `selector` inside the component.
    pub fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).ok().flatten()
    }

    /// Re-render with new props and wait until Yew has rendered them.
    pub async fn update(&mut self, props: C::Properties) {
        self.app.update(props);
        yew::scheduler::flush().await;
    }

    /// Unmount the component and remove its root element from the page.
    pub fn unmount(self) {
        self.app.destroy();
        self.root.remove();
    }
}

/// Mount `C` with its default props into a fresh root and wait until Yew has rendered it.
pub async fn mount_default<C>() -> Mounted<C>
where
    C: BaseComponent,
    C::Properties: Default,
{
    let root = fresh_root();
    let app = yew::Renderer::<C>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    Mounted { app, root }
}

/// Mount `C` with `props` into a fresh root and wait until Yew has rendered it.
pub async fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let root = fresh_root();
    let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted { app, root }
}
