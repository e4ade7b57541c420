//! The smallest yew-optimistic app, for the bundle-size check of `cargo xtask test`: one
//! query and one optimistic mutation over the library's HTTP helper, as the README shows.

use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::{
    keys, use_optimistic_mutation, use_query, FetchContext, MutationContext, MutationOptions,
    QueryClientProvider, QueryOptions,
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

#[function_component]
fn Todos() -> Html {
    let api = use_memo((), |_| Http::new("/api").timeout(10_000));
    let todos = use_query({
        let http = (*api).clone();
        QueryOptions::new(keys!["todos"], move |ctx: FetchContext| {
            http.get_json::<Vec<Todo>, String>("/todos", &ctx.signal)
        })
    });
    let save = use_optimistic_mutation({
        let http = (*api).clone();
        MutationOptions::new(move |todo: Todo, ctx: MutationContext| {
            http.send_json::<_, Todo, String>(
                Method::PUT,
                &format!("/todos/{}", todo.id),
                &todo,
                &ctx,
            )
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
    });
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

#[function_component]
fn App() -> Html {
    html! { <QueryClientProvider><Todos /></QueryClientProvider> }
}
