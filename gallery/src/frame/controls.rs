//! The controls panel: which backend, then latency, failure rate, offline, fail next,
//! apply then fail, client retries, seed, reset and reload, plus what the backend did.
//! The same controls drive the simulated server and the reference server (its
//! `/_faults`).

use yew::prelude::*;

use super::use_backend_view::BackendView;
use crate::backend::{Backend, BackendChoice, BackendKind, Settings};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The story's backend.
    pub backend: Backend,
    /// What the backend reports now.
    pub view: BackendView,
    /// Whether the story runs on this backend at all: a page whose resources the
    /// reference server lacks runs on a network of its own there, which no knob reaches.
    pub reaches: bool,
    /// The app's backend choice (the switch).
    pub choice: BackendChoice,
    /// Whether to offer "Reload".
    pub reload: bool,
    /// Remount with a new client over the same storage.
    pub on_reload: Callback<()>,
    /// Seed data back, new client, no queue.
    pub on_reset: Callback<()>,
    /// How many times the client retries a failed write.
    pub retries: u32,
    /// A new retry count (a new client).
    pub on_retries: Callback<u32>,
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
}

fn input_checked(e: &Event) -> Option<bool> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.checked())
}

/// The backend switch: the simulation, or the server the page came from.
fn backend_switch(current: BackendKind, choice: &BackendChoice) -> Html {
    let option = |kind: BackendKind| {
        let select = choice.select.reform(move |_: Event| kind);
        let unavailable = kind == BackendKind::Http && choice.http_available == Some(false);
        let title = unavailable.then_some(
            "No reference server at this origin: start one with `cargo xtask gallery`, \
             or `cargo run -p server -- --faults` beside `trunk serve`",
        );
        html! {
            <label class="switch" {title}>
                <input type="radio" name="backend" value={kind.slug()} checked={current == kind}
                    disabled={unavailable && current != kind}
                    data-control={format!("backend-{}", kind.slug())} onchange={select} />
                <span>{ kind.label() }</span>
            </label>
        }
    };
    html! {
        <fieldset class="backend" data-backend={current.slug()}>
            <legend>{ "Backend" }</legend>
            { option(BackendKind::Sim) }
            { option(BackendKind::Http) }
        </fieldset>
    }
}

/// The client's retries of a failed write (a new client when changed).
fn retries_control(retries: u32, on_retries: &Callback<u32>) -> Html {
    let on_retries = on_retries.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        if let Some(n) = input_value(&e).and_then(|v| v.parse::<u32>().ok()) {
            on_retries.emit(n);
        }
    });
    html! {
        <label class="control">
            <span class="control-label">{ "Client retries" }<output data-value="retries">{ retries }</output></span>
            <input type="range" min="0" max="10" step="1" value={retries.to_string()}
                data-control="retries" {oninput}
                title="How often the client resends a failed write, with the same idempotency key" />
        </label>
    }
}

/// A knob's input event, parsed, set into the backend's settings by `set`; an input
/// that does not parse changes nothing.
fn on_input<T: std::str::FromStr + 'static>(
    backend: &Backend,
    set: fn(&mut Settings, T),
) -> Callback<InputEvent> {
    let backend = backend.clone();
    Callback::from(move |e: InputEvent| {
        if let Some(value) = input_value(&e).and_then(|v| v.trim().parse::<T>().ok()) {
            backend.update(|s| set(s, value));
        }
    })
}

/// A switch's change, set into the backend's settings by `set`.
fn on_switch(backend: &Backend, set: fn(&mut Settings, bool)) -> Callback<Event> {
    let backend = backend.clone();
    Callback::from(move |e: Event| {
        if let Some(on) = input_checked(&e) {
            backend.update(|s| set(s, on));
        }
    })
}

/// A button that changes the backend's settings by `change`.
fn on_press(backend: &Backend, change: fn(&mut Settings)) -> Callback<MouseEvent> {
    let backend = backend.clone();
    Callback::from(move |_: MouseEvent| backend.update(change))
}

/// The network's knobs: latency, failure rate, failing reads, offline.
fn network_knobs(s: &Settings, backend: &Backend) -> Html {
    let on_latency = on_input(backend, |s, ms: u32| s.latency_ms = ms);
    let on_failure = on_input(backend, |s, p: u8| s.failure_rate = p);
    let on_fail_reads = on_switch(backend, |s, on| s.fail_reads = on);
    // Both sides, as when a laptop loses Wi-Fi: the server becomes unreachable, and the
    // frame tells the client so (the provider's `online` override).
    let on_offline = on_switch(backend, |s, offline| s.offline = offline);
    html! {
        <>
            <label class="control">
                <span class="control-label">{ "Latency" }<output data-value="latency">{ format!("{} ms", s.latency_ms) }</output></span>
                <input type="range" min="0" max="3000" step="50" value={s.latency_ms.to_string()}
                    data-control="latency" oninput={on_latency} />
            </label>
            <label class="control" title="Share of writes the server refuses (422: rolled back). With “Reads fail too”, reads get a 503.">
                <span class="control-label">{ "Failure rate" }<output data-value="failure-rate">{ format!("{} %", s.failure_rate) }</output></span>
                <input type="range" min="0" max="100" step="5" value={s.failure_rate.to_string()}
                    data-control="failure-rate" oninput={on_failure} />
            </label>
            <label class="switch">
                <input type="checkbox" checked={s.fail_reads} data-control="fail-reads" onchange={on_fail_reads} />
                <span>{ "Reads fail too" }</span>
            </label>
            <label class="switch">
                <input type="checkbox" role="switch" checked={s.offline} data-control="offline" onchange={on_offline} />
                <span>{ if s.offline { "Offline" } else { "Online" } }</span>
            </label>
        </>
    }
}

/// The buttons: fail the next request, apply then fail, reset, and reload where the
/// story offers it.
fn fault_buttons(s: &Settings, backend: &Backend, props: &ControlsProps) -> Html {
    let on_fail_next = on_press(backend, |s| s.fail_next = !s.fail_next);
    let on_apply_then_fail = on_press(backend, |s| s.apply_then_fail = !s.apply_then_fail);
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_reload = props.on_reload.reform(|_: MouseEvent| ());
    html! {
        <div class="buttons">
            <button type="button" data-control="fail-next" title="The next write is refused (422); the next read, with “Reads fail too”, gets a 503" aria-pressed={s.fail_next.to_string()} onclick={on_fail_next}>
                { if s.fail_next { "Next request fails ✓" } else { "Fail the next request" } }
            </button>
            <button type="button" data-control="apply-then-fail" aria-pressed={s.apply_then_fail.to_string()}
                onclick={on_apply_then_fail}
                title="The next change is applied by the server, then answered with a 503: the client does not know, keeps the change and sends it again under its key">
                { if s.apply_then_fail { "Next change: apply, then fail ✓" } else { "Apply, then fail the next change" } }
            </button>
            <button type="button" data-control="reset" onclick={on_reset}>{ "Reset data" }</button>
            if props.reload {
                <button type="button" class="primary" data-control="reload" onclick={on_reload}
                    title="A new QueryClient over the same local storage, as after a page reload">
                    { "Reload" }
                </button>
            }
        </div>
    }
}

/// What the backend did: its heading, why it cannot be reached (if so), its counters
/// and its log.
fn backend_report(view: &BackendView, backend: &Backend) -> Html {
    html! {
        <>
            <h4>{ backend.heading() }</h4>
            if let Some(error) = &view.error {
                <p class="server-error" role="status" data-testid="server-error">{ format!("Unreachable: {error}") }</p>
            }
            <dl class="stats">
                { for view.stats.iter().map(|stat| html! {
                    <div><dt>{ stat.label }</dt><dd data-server-stat={stat.name}>{ stat.value }</dd></div>
                }) }
            </dl>
            if let Some(log) = &view.log {
                <ol class="server-log" aria-label="Server log" data-testid="server-log">
                    { for log.iter().rev().take(8).map(|line| html! { <li>{ line }</li> }) }
                </ol>
            }
        </>
    }
}

/// The panel beside every story.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let view = &props.view;
    let s = &view.settings;
    let backend = &props.backend;
    let kind = backend.kind();
    if !props.reaches {
        // Knobs that would change nothing the story uses are not shown.
        return html! {
            <section class="panel controls" aria-label="Controls">
                <h3>{ "Controls" }</h3>
                { backend_switch(kind, &props.choice) }
                <p class="muted" data-testid="controls-unreached">
                    { "This page runs on a simulated network of its own here: the server's controls do not reach it. Switch to the in-page simulation to drive it." }
                </p>
                // The client's own setting: it applies whatever it talks to.
                { retries_control(props.retries, &props.on_retries) }
            </section>
        };
    }
    let on_seed = {
        let backend = backend.clone();
        Callback::from(move |e: Event| {
            if let Some(seed) = input_value(&e).and_then(|v| v.trim().parse::<u64>().ok()) {
                backend.update(|s| s.seed = seed);
            }
        })
    };
    html! {
        <section class="panel controls" aria-label="Controls">
            <h3>{ "Controls" }</h3>
            { backend_switch(kind, &props.choice) }
            { network_knobs(s, backend) }
            { fault_buttons(s, backend, props) }
            { retries_control(props.retries, &props.on_retries) }
            <label class="control seed">
                <span class="control-label">{ "Seed" }</span>
                <input type="number" min="0" value={s.seed.to_string()} data-control="seed" onchange={on_seed} />
            </label>
            { backend_report(view, backend) }
        </section>
    }
}
