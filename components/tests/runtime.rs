//! Browser tests for the browser runtime's executor: run with
//! `wasm-pack test --headless --chrome components --test runtime`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew_optimistic::browser::runtime::BrowserExecutor;
use yew_optimistic::optimistic_query::Executor;

wasm_bindgen_test_configure!(run_in_browser);

/// Resolves after the next frame and a task after it.
async fn after_a_frame() {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let frame = gloo::render::request_animation_frame(move |_| {
        gloo::timers::callback::Timeout::new(0, move || {
            let _ = tx.send(());
        })
        .forget();
    });
    let _ = rx.await;
    drop(frame);
}

#[wasm_bindgen_test]
async fn tasks_after_the_paint_run_after_the_frame_in_order_and_may_queue_more() {
    let ran = Rc::new(RefCell::new(Vec::new()));
    for n in 0..3 {
        let ran = ran.clone();
        BrowserExecutor.spawn_after_paint(Box::pin(async move {
            ran.borrow_mut().push(n);
            if n == 0 {
                // Queued while the others wait to start: it gets a frame of its own.
                let again = ran.clone();
                BrowserExecutor.spawn_after_paint(Box::pin(async move {
                    again.borrow_mut().push(10);
                }));
            }
        }));
    }
    // Nothing runs in the task that queued them, nor in its microtasks (where
    // `spawn_local` tasks run): a frame cannot come in between.
    let resolved = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    let _ = wasm_bindgen_futures::JsFuture::from(resolved).await;
    assert!(
        ran.borrow().is_empty(),
        "ran before a frame: {:?}",
        ran.borrow()
    );
    after_a_frame().await;
    after_a_frame().await;
    after_a_frame().await;
    assert_eq!(*ran.borrow(), vec![0, 1, 2, 10]);
}
