//! The devtools beside a story: the components' own event log and cache inspector, with
//! the gallery's data types printed as JSON.

use yew::prelude::*;
use yew_optimistic::devtools::{Formatters, QueryDevtools};
use yew_optimistic::editable_list::{Item, ListRows};
use yew_optimistic::kanban::{Card, Column};
use yew_optimistic::keys;
use yew_optimistic::like_button::Likes;

/// How the inspector prints what the gallery's stories cache.
fn formatters() -> Formatters {
    Formatters::new()
        .json::<Vec<Item>>(keys!["list"])
        .json::<ListRows>(keys!["list"])
        .json::<Vec<Item>>(keys!["todos"])
        .json::<Vec<Item>>(keys!["groceries"])
        .json::<Likes>(keys!["likes"])
        .json::<Vec<Column>>(keys!["kanban"])
        .json::<Vec<Card>>(keys!["kanban"])
}

/// The components' event log and cache inspector, side by side, for the story's client
/// (mounted per client).
#[component]
pub fn Devtools() -> Html {
    let formatters = use_memo((), |_| formatters());
    html! {
        <section class="devtools" aria-label="Devtools">
            <QueryDevtools formatters={(*formatters).clone()} capacity={300} />
        </section>
    }
}
