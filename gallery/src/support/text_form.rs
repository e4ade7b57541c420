//! A form of one text field and a button, which sends the text and clears the field:
//! what the demos add items and posts with.

use yew::prelude::*;

/// Props of [`TextForm`].
#[derive(Properties, PartialEq)]
pub struct TextFormProps {
    /// Gets the text, trimmed, when the form is sent (an empty one too: a server's 422
    /// then shows a validation failure rolling back).
    pub on_send: Callback<String>,
    /// The field's placeholder.
    pub placeholder: AttrValue,
    /// The field's accessible name.
    pub label: AttrValue,
    /// The button's text.
    pub button: AttrValue,
    /// The field's `data-testid`.
    pub field_id: AttrValue,
    /// The button's `data-testid`.
    pub button_id: AttrValue,
}

/// The field and its button; the field keeps what is typed until it is sent.
#[component]
pub fn TextForm(props: &TextFormProps) -> Html {
    let text = use_state(String::new);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                text.set(input.value());
            }
        })
    };
    let on_submit = {
        let (on_send, text) = (props.on_send.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_send.emit(text.trim().to_owned());
            text.set(String::new());
        })
    };
    html! {
        <form onsubmit={on_submit} class="todo-form">
            <input type="text" placeholder={props.placeholder.clone()} value={(*text).clone()} oninput={on_input}
                data-testid={props.field_id.clone()} aria-label={props.label.clone()} />
            <button type="submit" class="primary" data-testid={props.button_id.clone()}>{ props.button.clone() }</button>
        </form>
    }
}
