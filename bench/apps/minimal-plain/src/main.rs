//! The minimal app (`bench/apps/minimal`) written by hand, the size reference of issue 16:
//! the same markup, the same HTTP calls and JSON (gloo-net, as the library's helper), the
//! optimistic toggle and its rollback with `use_reducer`, and the list fetched again once
//! no change is pending. No yew-optimistic.

use gloo_net::http::Request;
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::prelude::*;

#[cfg(any(feature = "query2", feature = "mutation2"))]
mod extra;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Todo {
    id: u32,
    title: String,
    done: bool,
}

/// The list as the server sent it, the changes not answered yet (shown on top), and the
/// last failure.
#[derive(Default, PartialEq)]
struct State {
    confirmed: Option<Vec<Todo>>,
    pending: Vec<(u64, Todo)>,
    error: Option<String>,
}

enum Action {
    Loaded(Vec<Todo>),
    Sent(u64, Todo),
    Saved(u64),
    Failed(u64, String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = State {
            confirmed: self.confirmed.clone(),
            pending: self.pending.clone(),
            error: self.error.clone(),
        };
        match action {
            Action::Loaded(list) => next.confirmed = Some(list),
            Action::Sent(id, todo) => {
                next.pending.push((id, todo));
                next.error = None;
            }
            Action::Saved(id) => next.pending.retain(|(p, _)| *p != id),
            // Rolled back: the change leaves the layers, the error is shown.
            Action::Failed(id, error) => {
                next.pending.retain(|(p, _)| *p != id);
                next.error = Some(error);
            }
        }
        Rc::new(next)
    }
}

impl State {
    /// The confirmed list with the pending changes applied, in order.
    fn shown(&self) -> Vec<Todo> {
        let mut list = self.confirmed.clone().unwrap_or_default();
        for (_, todo) in &self.pending {
            if let Some(t) = list.iter_mut().find(|t| t.id == todo.id) {
                *t = todo.clone();
            }
        }
        list
    }
}

async fn fetch_todos() -> Result<Vec<Todo>, String> {
    let response = Request::get("/api/todos")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}

async fn save_todo(todo: &Todo) -> Result<Todo, String> {
    let response = Request::put(&format!("/api/todos/{}", todo.id))
        .json(todo)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}

fn load(state: UseReducerDispatcher<State>) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(list) = fetch_todos().await {
            state.dispatch(Action::Loaded(list));
        }
    });
}

#[function_component]
fn Todos() -> Html {
    let state = use_reducer(State::default);
    // Each change's id, counted here: two clicks before a render must not share one.
    let ids = use_mut_ref(|| 0_u64);
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| load(dispatch));
    }
    let items: Html = state
        .shown()
        .into_iter()
        .map(|todo| {
            let dispatch = state.dispatcher();
            let flipped = Todo {
                done: !todo.done,
                ..todo.clone()
            };
            let ids = ids.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let (dispatch, todo) = (dispatch.clone(), flipped.clone());
                let pending = {
                    let mut ids = ids.borrow_mut();
                    *ids += 1;
                    *ids
                };
                dispatch.dispatch(Action::Sent(pending, todo.clone()));
                wasm_bindgen_futures::spawn_local(async move {
                    match save_todo(&todo).await {
                        Ok(_) => dispatch.dispatch(Action::Saved(pending)),
                        Err(e) => dispatch.dispatch(Action::Failed(pending, e)),
                    }
                    // The server has the last word: read the list again.
                    load(dispatch);
                });
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
            if let Some(e) = &state.error { <p role="alert">{ e }</p> }
        </>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}

#[cfg(not(any(feature = "query2", feature = "mutation2")))]
#[function_component]
fn App() -> Html {
    html! { <Todos /> }
}

#[cfg(any(feature = "query2", feature = "mutation2"))]
#[function_component]
fn App() -> Html {
    html! { <><Todos /><extra::Extra /></> }
}
