//! What the page measures of each action: click → paint time (from the click handler to
//! the first task after the next frame's rendering: `requestAnimationFrame`, then a
//! message posted from it, as `bench/driver` measures) and how many list, row, board,
//! column and card components rendered in between. Gallery code, not the library's.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::backend::listeners::{Listeners, Registration};

/// Renders of each kind of component, counted as they happen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// The 10,000-row list.
    pub lists: u32,
    /// Its row components.
    pub rows: u32,
    /// The board.
    pub boards: u32,
    /// Its columns.
    pub columns: u32,
    /// Its cards.
    pub cards: u32,
}

impl Tally {
    fn since(self, before: Tally) -> Tally {
        Tally {
            lists: self.lists - before.lists,
            rows: self.rows - before.rows,
            boards: self.boards - before.boards,
            columns: self.columns - before.columns,
            cards: self.cards - before.cards,
        }
    }
}

/// One measured action.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    /// What was clicked, in words.
    pub what: String,
    /// Click → paint, in milliseconds.
    pub ms: f64,
    /// What rendered in between.
    pub rendered: Tally,
}

struct Started {
    what: String,
    at: f64,
    tally: Tally,
}

#[derive(Default)]
struct Inner {
    tally: Cell<Tally>,
    /// Which action is being measured: a click before the last one's frame replaces it.
    generation: Cell<u64>,
    started: RefCell<Option<Started>>,
    last: RefCell<Option<Measure>>,
    listeners: Listeners,
}

/// The page's meter, handed to every component that counts or starts a measure. Equal
/// when it is the same meter, so passing it as a prop never renders anything.
#[derive(Clone, Default)]
pub struct Meter(Rc<Inner>);

impl PartialEq for Meter {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl Meter {
    /// Counts one render: `count(|t| &mut t.rows)`.
    pub fn count(&self, which: impl FnOnce(&mut Tally) -> &mut u32) {
        let mut tally = self.0.tally.get();
        *which(&mut tally) += 1;
        self.0.tally.set(tally);
    }

    /// The last measure, if any.
    pub fn last(&self) -> Option<Measure> {
        self.0.last.borrow().clone()
    }

    /// Calls `listener` when a measure ends.
    pub fn subscribe(&self, listener: impl Fn() + 'static) -> Registration {
        self.0.listeners.add(listener)
    }

    /// Starts measuring `what`: call it first thing in the click handler.
    pub fn start(&self, what: String) {
        let generation = self.0.generation.get() + 1;
        self.0.generation.set(generation);
        *self.0.started.borrow_mut() = Some(Started {
            what,
            at: now(),
            tally: self.0.tally.get(),
        });
        let Some(window) = web_sys::window() else {
            return;
        };
        let meter = self.clone();
        let frame = Closure::once_into_js(move || meter.after_frame(generation));
        // Without a frame callback there is nothing to measure: the figure stays.
        let _ = window.request_animation_frame(frame.unchecked_ref());
    }

    /// In the frame's callback: the rendering of that frame comes next, so the first
    /// task after it (a posted message, not a timer: timers may be clamped) ends the
    /// measure.
    fn after_frame(&self, generation: u64) {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return;
        };
        let meter = self.clone();
        // The channel must live until its message arrives: the closure keeps it.
        let keep = channel.clone();
        let done = Closure::once_into_js(move |_: JsValue| {
            drop(keep);
            meter.finish(generation);
        });
        channel.port1().set_onmessage(Some(done.unchecked_ref()));
        let _ = channel.port2().post_message(&JsValue::NULL);
    }

    fn finish(&self, generation: u64) {
        if self.0.generation.get() != generation {
            return;
        }
        let Some(started) = self.0.started.borrow_mut().take() else {
            return;
        };
        let measure = Measure {
            what: started.what,
            ms: now() - started.at,
            rendered: self.0.tally.get().since(started.tally),
        };
        *self.0.last.borrow_mut() = Some(measure);
        self.0.listeners.notify();
    }
}

/// The story's meter, which it provides to every component of the list or the board
/// (a `ContextProvider<Meter>`), so that none is handed it as a prop. Outside one, a
/// meter of its own that nothing reads.
#[hook]
pub fn use_meter() -> Meter {
    use_context::<Meter>().unwrap_or_default()
}

/// How many times the calling component has rendered, this render included; each
/// render is also counted in the story's meter (`which` of its counts).
#[hook]
pub fn use_renders(which: fn(&mut Tally) -> &mut u32) -> u32 {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    use_meter().count(which);
    let now = *renders.borrow();
    now
}

/// Props of [`PaintFigure`].
#[derive(Properties, PartialEq)]
pub struct PaintFigureProps {
    /// Which counts to show: the list's (`false`) or the board's (`true`).
    pub board: bool,
}

fn plural(n: u32, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The last action's click → paint time and what rendered for it. It alone renders when
/// a measure ends.
#[component]
pub fn PaintFigure(props: &PaintFigureProps) -> Html {
    let update = yew_hooks::use_update();
    let meter = use_meter();
    {
        use_effect_with(meter.clone(), move |meter| {
            let registration = meter.subscribe(move || update());
            move || drop(registration)
        });
    }
    let Some(last) = meter.last() else {
        return html! {
            <p class="paint-figure muted" data-testid="click-paint" data-ms="">
                { "Click a button: the time from the click to the painted change shows here." }
            </p>
        };
    };
    let r = last.rendered;
    let rendered = if props.board {
        format!(
            "{}, {}, {}",
            plural(r.cards, "card"),
            plural(r.columns, "column"),
            plural(r.boards, "board")
        )
    } else {
        format!("{}, {}", plural(r.rows, "row"), plural(r.lists, "list"))
    };
    html! {
        <p class="paint-figure" data-testid="click-paint" data-ms={format!("{:.1}", last.ms)}
            data-rows={r.rows.to_string()} data-lists={r.lists.to_string()}
            data-cards={r.cards.to_string()} data-columns={r.columns.to_string()}
            data-boards={r.boards.to_string()}>
            <strong>{ format!("{:.1} ms", last.ms) }</strong>
            { format!(" click → paint ({}); rendered {rendered}", last.what) }
        </p>
    }
}
