//! The args panel: a knob for each of the component's own props (Storybook's
//! "Controls"). It is its own panel, apart from the server's controls: it changes what
//! the component is given, not how the server behaves.

use yew::prelude::*;

use crate::args::{ArgDef, ArgKind, Args};
use crate::route::ArgValues;

/// Props of [`ArgsPanel`].
#[derive(Properties, PartialEq)]
pub struct ArgsPanelProps {
    /// The page's args and their values.
    pub args: Args,
    /// New values (the page puts them in the URL and re-renders the story).
    pub on_change: Callback<ArgValues>,
    /// Whether the story's backend is seeded from the args: the knobs that seed its
    /// data (Rows) show only then.
    pub seeded_by_args: bool,
}

fn value_of(e: &Event) -> Option<String> {
    if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
        return Some(if input.type_() == "checkbox" {
            input.checked().to_string()
        } else {
            input.value()
        });
    }
    e.target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|s| s.value())
}

/// One knob.
fn knob(def: &ArgDef, args: &Args, on_change: &Callback<ArgValues>) -> Html {
    let id = format!("arg-{}", def.name);
    let set = {
        let (args, on_change, name) = (args.clone(), on_change.clone(), def.name);
        Callback::from(move |e: Event| {
            if let Some(value) = value_of(&e) {
                on_change.emit(args.with(name, &value));
            }
        })
    };
    let value = args.get(def.name);
    let input = match def.kind {
        ArgKind::Text => {
            let oninput = set.reform(|e: InputEvent| e.into());
            // An empty default means "the component's own"; say so.
            let placeholder = def.default.is_empty().then_some("(default)");
            html! { <input type="text" {id} value={value} {placeholder} data-arg={def.name} {oninput} /> }
        }
        ArgKind::Number { min, max, step } => {
            let oninput = set.reform(|e: InputEvent| e.into());
            html! {
                <span class="arg-range">
                    <input type="range" id={id.clone()} min={min.to_string()} max={max.to_string()}
                        step={step.to_string()} value={args.number(def.name).to_string()}
                        data-arg={def.name} {oninput} />
                    <output for={id}>{ args.number(def.name) }</output>
                </span>
            }
        }
        ArgKind::Choice(options) => html! {
            <select {id} data-arg={def.name} onchange={set}>
                { for options.iter().map(|(v, label)| html! {
                    <option value={*v} selected={value == *v}>{ *label }</option>
                }) }
            </select>
        },
        ArgKind::Toggle => html! {
            <input type="checkbox" {id} checked={args.flag(def.name)} data-arg={def.name} onchange={set} />
        },
    };
    let toggle = matches!(def.kind, ArgKind::Toggle);
    html! {
        <div class={classes!("arg", toggle.then_some("arg-toggle"))}>
            <label for={format!("arg-{}", def.name)}>
                <span class="arg-name">{ def.label }</span>
                <code class="arg-prop">{ def.prop }</code>
            </label>
            { input }
        </div>
    }
}

/// The component's props as knobs; every change goes into the URL, so a link shows the
/// story as it is now.
#[component]
pub fn ArgsPanel(props: &ArgsPanelProps) -> Html {
    let args = &props.args;
    let knobs: Vec<&ArgDef> = args.knobs(props.seeded_by_args).collect();
    if knobs.is_empty() {
        return html! {};
    }
    let reset = props.on_change.reform(|_: MouseEvent| ArgValues::new());
    let changed = !args.values().is_empty();
    html! {
        <section class="panel args" aria-labelledby="args-heading" data-testid="args-panel">
            <h3 id="args-heading">{ "Props" }</h3>
            { for knobs.into_iter().map(|def| knob(def, args, &props.on_change)) }
            if changed {
                <button type="button" data-control="reset-args" onclick={reset}>{ "Reset props" }</button>
            }
        </section>
    }
}
