//! The add field of an [`EditableList`](super::EditableList): its own component, so
//! typing re-renders the field, not the list.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(crate) struct AddFormProps {
    /// Element id of the text field (the list puts the focus back on it).
    pub input_id: AttrValue,
    pub label: AttrValue,
    pub placeholder: AttrValue,
    pub button: AttrValue,
    pub on_add: Callback<String>,
}

#[component]
pub(crate) fn AddForm(props: &AddFormProps) -> Html {
    let draft = use_state_eq(String::new);
    let submit = {
        let (draft, on_add) = (draft.clone(), props.on_add.clone());
        Callback::from(move |()| {
            let title = draft.trim();
            if !title.is_empty() {
                on_add.emit(title.to_string());
                // Focus stays in the field, ready for the next item.
                draft.set(String::new());
            }
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            draft.set(input.value());
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                // Handled here, so the form's own submit does not add it twice.
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let onsubmit = submit.reform(|e: SubmitEvent| e.prevent_default());
    let empty = draft.trim().is_empty();
    html! {
        <form class="yo-add" {onsubmit}>
            <input
                type="text"
                id={props.input_id.clone()}
                class="yo-add-input"
                data-testid="list-add-input"
                aria-label={props.label.clone()}
                placeholder={props.placeholder.clone()}
                value={(*draft).clone()}
                {oninput}
                {onkeydown}
            />
            <button type="submit" class="yo-primary" data-testid="list-add-button"
                aria-disabled={empty.then_some("true")}>{ props.button.clone() }</button>
        </form>
    }
}
