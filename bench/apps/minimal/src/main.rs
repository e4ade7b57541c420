//! The smallest yew-optimistic app, for the bundle-size check of `cargo xtask test`: one
//! query and one optimistic mutation over the library's HTTP helper, as the README shows.
//!
//! Its cargo features each add one use of an opt-in part, for the per-feature rows of
//! `cargo xtask bench --size` (BENCHMARKS.md): `queue` (the persisted mutation queue),
//! `queries` (persisted queries), `tabs` (the queue shared with other tabs), `devtools`,
//! `components` (a ready component), `infinite` (an infinite query), `suspense` (a
//! suspense query), `query2` (one more query type), `mutation2` (one more mutation
//! type) and `collections` (a keyed collection with a row component and an optimistic
//! action). Without features it is the minimal app itself.

use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::{
    keys, use_optimistic_mutation, use_query, FetchContext, MutationContext, MutationOptions,
    QueryClientProvider, QueryOptions,
};

#[cfg(any(
    feature = "devtools",
    feature = "components",
    feature = "infinite",
    feature = "suspense",
    feature = "query2",
    feature = "mutation2",
    feature = "collections"
))]
mod extra;
#[cfg(any(feature = "queue", feature = "queries", feature = "tabs"))]
mod persisted;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

fn api() -> Http {
    Http::new("/api").timeout(10_000)
}

/// Saves one todo, shown at once, the list refetched once no change is pending.
fn save_todo(http: Http) -> MutationOptions<Todo, Todo> {
    MutationOptions::new(move |todo: Todo, ctx: MutationContext| {
        http.send_json::<_, Todo, String>(Method::PUT, &format!("/todos/{}", todo.id), &todo, &ctx)
    })
    .optimistic(|todo: &Todo, patches| {
        let todo = todo.clone();
        patches.modify(keys!["todos"], move |list: &mut Vec<Todo>| {
            if let Some(t) = list.iter_mut().find(|t| t.id == todo.id) {
                *t = todo.clone();
            }
        });
    })
    .invalidates(keys!["todos"])
}

#[function_component]
fn Todos() -> Html {
    let api = use_memo((), |_| api());
    let todos = use_query({
        let http = (*api).clone();
        QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
            http.get_json::<Vec<Todo>, String>("/todos", &ctx.signal)
        })
    });
    let save = use_optimistic_mutation(save_todo((*api).clone()));
    let items: Html = todos
        .data
        .iter()
        .flat_map(|list| list.iter())
        .map(|todo| {
            let save = save.clone();
            let flipped = Todo {
                done: !todo.done,
                ..todo.clone()
            };
            let onclick = Callback::from(move |_: MouseEvent| {
                save.mutate(flipped.clone());
            });
            html! {
                <li key={todo.id}>
                    <button {onclick}>{ if todo.done { "☑" } else { "☐" } }</button>
                    { &todo.title }
                </li>
            }
        })
        .collect();
    html! {
        <>
            <ul>{ items }</ul>
            if let Some(e) = &save.error { <p role="alert">{ e.to_string() }</p> }
        </>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}

#[cfg(not(any(feature = "queue", feature = "queries", feature = "tabs")))]
#[function_component]
fn App() -> Html {
    html! { <QueryClientProvider><Todos />{ extra() }</QueryClientProvider> }
}

#[cfg(any(feature = "queue", feature = "queries", feature = "tabs"))]
#[function_component]
fn App() -> Html {
    let client = use_memo((), |_| persisted::client());
    html! {
        <QueryClientProvider client={Some((*client).clone())}>
            <Todos />{ extra() }
        </QueryClientProvider>
    }
}

/// What the features other than persistence add to the page.
#[cfg(any(
    feature = "devtools",
    feature = "components",
    feature = "infinite",
    feature = "suspense",
    feature = "query2",
    feature = "mutation2",
    feature = "collections"
))]
fn extra() -> Html {
    html! { <extra::Extra /> }
}

#[cfg(not(any(
    feature = "devtools",
    feature = "components",
    feature = "infinite",
    feature = "suspense",
    feature = "query2",
    feature = "mutation2",
    feature = "collections"
)))]
fn extra() -> Html {
    Html::default()
}
