//! The chrome the devtools panels share: the framed, scrolling card and its header with a
//! title, a count, a search box and one button.

use stylist::yew::use_style;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The class of a panel's frame and header; the panel adds its own class for its body.
#[hook]
pub(super) fn use_panel_class() -> Classes {
    let style = use_style!(
        r#"
        display: flex;
        flex-direction: column;
        min-height: 0;
        max-height: var(--yo-devtools-height, 24rem);
        border: 1px solid var(--yo-border, #d8dde5);
        border-radius: 8px;
        background: var(--yo-surface, #ffffff);
        color: var(--yo-text, #1d2430);
        font-size: 0.8rem;

        header {
            display: flex;
            align-items: center;
            gap: 0.5rem;
            padding: 0.4rem 0.6rem;
            border-bottom: 1px solid var(--yo-border, #d8dde5);
            background: var(--yo-surface-2, #f1f3f6);
            border-radius: 8px 8px 0 0;
        }
        h3 { margin: 0; font-size: 0.85rem; }
        .yo-count { color: var(--yo-muted, #5b6575); }
        input {
            margin-left: auto;
            min-width: 0;
            flex: 0 1 12rem;
            padding: 0.2rem 0.4rem;
            border: 1px solid var(--yo-border, #d8dde5);
            border-radius: 4px;
            background: var(--yo-surface, #ffffff);
            color: inherit;
            font: inherit;
        }
        header button {
            padding: 0.2rem 0.6rem;
            border: 1px solid var(--yo-border, #d8dde5);
            border-radius: 4px;
            background: var(--yo-surface, #ffffff);
            color: inherit;
            font: inherit;
            cursor: pointer;
        }
        input:focus-visible, button:focus-visible {
            outline: 2px solid var(--yo-focus, #b45309);
            outline-offset: 1px;
        }
        "#
    );
    style.into()
}

/// Props of [`PanelHeader`].
#[derive(Properties, PartialEq)]
pub(super) struct PanelHeaderProps {
    /// The heading.
    pub title: AttrValue,
    /// What the panel holds, e.g. "12 events".
    pub count: AttrValue,
    /// `data-testid` of the count, if any.
    #[prop_or_default]
    pub count_testid: Option<AttrValue>,
    /// Placeholder and accessible name of the search box.
    pub filter_label: AttrValue,
    /// `data-testid` of the search box.
    pub filter_testid: AttrValue,
    /// The search box's text.
    pub filter: AttrValue,
    /// Called with the new text on every input.
    pub onfilter: Callback<String>,
    /// The button's label.
    pub button_label: AttrValue,
    /// `data-testid` of the button, if any.
    #[prop_or_default]
    pub button_testid: Option<AttrValue>,
    /// Called on a click of the button.
    pub onbutton: Callback<MouseEvent>,
}

/// A panel's header: title, count, search box and button.
#[component]
pub(super) fn PanelHeader(props: &PanelHeaderProps) -> Html {
    let oninput = {
        let onfilter = props.onfilter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                onfilter.emit(input.value());
            }
        })
    };
    html! {
        <header>
            <h3>{ props.title.clone() }</h3>
            <span class="yo-count" data-testid={props.count_testid.clone()}>{ props.count.clone() }</span>
            <input
                type="search"
                placeholder={props.filter_label.clone()}
                aria-label={props.filter_label.clone()}
                data-testid={props.filter_testid.clone()}
                value={props.filter.clone()}
                {oninput}
            />
            <button type="button" data-testid={props.button_testid.clone()} onclick={props.onbutton.clone()}>{ props.button_label.clone() }</button>
        </header>
    }
}
