//! The demo of every EditableList story: one grocery list fed by the simulated server,
//! its props from the page's args, and the component's own mutation definition
//! registered on each new client (so changes made offline survive a reload).

use yew::prelude::*;
use yew_optimistic::editable_list::{list_mutation_key, list_mutation_options, EditableList};
use yew_optimistic::QueryClient;

use crate::args::{use_args, Args};
use crate::backend::Backend;
use crate::frame::use_backend;
use crate::stories::words;

/// The list the stories edit.
pub const LIST: &str = "groceries";

/// Runs on every new client before it mounts.
pub fn register(client: &QueryClient, backend: &Backend, _args: &Args) {
    client.register_mutation(
        list_mutation_key(),
        list_mutation_options(backend.list_source(), LIST),
    );
}

/// The list, its props from the args: `label`, `lang` (its strings), `shortcuts`.
#[component]
pub fn Groceries() -> Html {
    let backend = use_backend();
    let args = use_args();
    let strings = use_memo(args.get("lang"), |lang| words::list(lang));
    html! {
        <EditableList
            source={backend.list_source()}
            list={LIST}
            label={args.get("label")}
            strings={(*strings).clone()}
            show_shortcuts={args.flag("shortcuts")}
            // The gallery's client retries nothing: failures show as they happen.
            retry={None}
        />
    }
}
