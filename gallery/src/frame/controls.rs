//! The controls panel: latency, failure rate, offline, fail next, seed, reset and
//! reload, plus what the server did.

use yew::prelude::*;
use yew_optimistic::QueryClient;

use super::use_net::use_net;
use crate::server::SimServer;

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The story's server.
    pub server: SimServer,
    /// The story's current client (told about offline as a browser would tell it).
    pub client: QueryClient,
    /// Whether to offer "Reload".
    pub reload: bool,
    /// Remount with a new client over the same storage.
    pub on_reload: Callback<()>,
    /// Seed data back, new client, no queue.
    pub on_reset: Callback<()>,
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
}

fn input_checked(e: &Event) -> Option<bool> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.checked())
}

/// The panel beside every story.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let view = use_net(&props.server.net);
    let s = &view.settings;
    let net = props.server.net.clone();

    let on_latency = {
        let net = net.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(ms) = input_value(&e).and_then(|v| v.parse::<u32>().ok()) {
                net.update(|s| s.latency_ms = ms);
            }
        })
    };
    let on_failure = {
        let net = net.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(p) = input_value(&e).and_then(|v| v.parse::<u8>().ok()) {
                net.update(|s| s.failure_rate = p);
            }
        })
    };
    let on_fail_reads = {
        let net = net.clone();
        Callback::from(move |e: Event| {
            if let Some(on) = input_checked(&e) {
                net.update(|s| s.fail_reads = on);
            }
        })
    };
    let on_offline = {
        let net = net.clone();
        let client = props.client.clone();
        Callback::from(move |e: Event| {
            if let Some(offline) = input_checked(&e) {
                // Both sides, as when a laptop loses Wi-Fi: the server becomes
                // unreachable and the browser says so (`offline` event).
                net.update(|s| s.offline = offline);
                client.set_online(!offline);
            }
        })
    };
    let on_fail_next = {
        let net = net.clone();
        Callback::from(move |_: MouseEvent| net.update(|s| s.fail_next = !s.fail_next))
    };
    let on_seed = {
        let net = net.clone();
        Callback::from(move |e: Event| {
            if let Some(seed) = input_value(&e).and_then(|v| v.trim().parse::<u64>().ok()) {
                net.update(|s| s.seed = seed);
            }
        })
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_reload = props.on_reload.reform(|_: MouseEvent| ());

    let stats = &view.stats;
    html! {
        <section class="panel controls" aria-label="Controls">
            <h3>{ "Controls" }</h3>
            <label class="control">
                <span class="control-label">{ "Latency" }<output data-value="latency">{ format!("{} ms", s.latency_ms) }</output></span>
                <input type="range" min="0" max="3000" step="50" value={s.latency_ms.to_string()}
                    data-control="latency" oninput={on_latency} />
            </label>
            <label class="control">
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
            <div class="buttons">
                <button type="button" data-control="fail-next" aria-pressed={s.fail_next.to_string()} onclick={on_fail_next}>
                    { if s.fail_next { "Next request fails ✓" } else { "Fail the next request" } }
                </button>
                <button type="button" data-control="reset" onclick={on_reset}>{ "Reset data" }</button>
                if props.reload {
                    <button type="button" class="primary" data-control="reload" onclick={on_reload}
                        title="A new QueryClient over the same local storage, as after a page reload">
                        { "Reload" }
                    </button>
                }
            </div>
            <label class="control seed">
                <span class="control-label">{ "Seed" }</span>
                <input type="number" min="0" value={s.seed.to_string()} data-control="seed" onchange={on_seed} />
            </label>
            <h4>{ "Server" }</h4>
            <dl class="stats">
                <div><dt>{ "reads" }</dt><dd data-server-stat="reads">{ stats.reads }</dd></div>
                <div><dt>{ "writes" }</dt><dd data-server-stat="writes">{ stats.writes }</dd></div>
                <div><dt>{ "applied" }</dt><dd data-server-stat="applied">{ stats.applied }</dd></div>
                <div><dt>{ "replays" }</dt><dd data-server-stat="replays">{ stats.replays }</dd></div>
                <div><dt>{ "failed" }</dt><dd data-server-stat="failures">{ stats.failures }</dd></div>
            </dl>
            <ol class="server-log" aria-label="Server log" data-testid="server-log">
                { for view.log.iter().rev().take(8).map(|line| html! { <li>{ line }</li> }) }
            </ol>
        </section>
    }
}
