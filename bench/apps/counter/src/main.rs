//! The bundle-size reference: a bare Yew 0.23 counter.

use yew::prelude::*;

#[function_component]
fn App() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! { <button {onclick}>{ *count }</button> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
