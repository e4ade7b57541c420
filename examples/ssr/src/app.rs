//! The app, the same code on the server and in the browser: the quickstart's todo list,
//! under a [`HydrationBoundary`] that holds the server's data before the list renders.

use std::rc::Rc;

use yew::prelude::*;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::editable_list::{new_item_id, Item, ListChange};
use yew_optimistic::optimistic_query::hydration::{DehydratedState, HydrationTypes};
use yew_optimistic::*;

/// The id of the element the server renders the app into and the browser hydrates.
pub const ROOT_ID: &str = "app";

/// The list this page shows: the reference server's seeded one.
pub const LIST: &str = "groceries";

/// How long the server's rows count as fresh: within it, the browser does not fetch
/// them again on load.
pub const STALE_MS: u64 = 30_000;

/// The list's key.
pub fn todos_key() -> TypedKey<Vec<Item>> {
    TypedKey::new(keys!["lists", LIST])
}

fn change_key() -> QueryKey {
    keys!["lists", LIST, "change"]
}

/// What the page's state may hold (the server dehydrates with it, the browser hydrates).
pub fn hydration_types() -> HydrationTypes {
    HydrationTypes::new().query::<Vec<Item>>(todos_key().key().clone())
}

fn todos_query(api: Http) -> QueryOptions<Vec<Item>> {
    QueryOptions::new(todos_key().into(), move |ctx: FetchContext| {
        api.get_json(&format!("/api/lists/{LIST}"), &ctx.signal)
    })
    .stale_time(STALE_MS)
}

fn change_mutation(api: Http) -> MutationOptions<ListChange, Vec<Item>> {
    MutationOptions::new(move |change: ListChange, ctx: MutationContext| {
        api.send_json(
            Method::POST,
            &format!("/api/lists/{LIST}/changes"),
            &change,
            &ctx,
        )
    })
    .optimistic(|change: &ListChange, patches| {
        let change = change.clone();
        patches.update(todos_key(), move |items: &Vec<Item>| change.apply(items));
    })
    .scope(|c| keys!["item", &c.item().0], ScopePolicy::Serial)
    .invalidates(todos_key().key().clone())
    .key(change_key())
}

#[component]
fn Todos() -> Html {
    let api = Http::default();
    let todos = use_query(todos_query(api.clone()));
    let change = use_optimistic_mutation(change_mutation(api));
    let refused = use_refused_mutations(RefusedMutationsOptions::through(change_key(), &change));
    let input = use_node_ref();

    let onsubmit = {
        let (change, input) = (change.clone(), input.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(title) = take_input(&input) {
                change.mutate(ListChange::Add {
                    id: new_item_id(),
                    title,
                });
            }
        })
    };
    let send = |c: ListChange| change.mutate_callback().reform(move |_| c.clone());
    let row = |item: &Item| {
        let toggle = send(ListChange::Toggle {
            id: item.id.clone(),
            done: !item.done,
        });
        let delete = send(ListChange::Delete {
            id: item.id.clone(),
        });
        html! {
            <li key={item.id.to_string()} data-id={item.id.to_string()}>
                <label><input type="checkbox" checked={item.done} onclick={toggle} />{ &item.title }</label>
                <button onclick={delete} aria-label={format!("Delete {}", item.title)}>{ "×" }</button>
            </li>
        }
    };
    let failed = |r: &RefusedMutation<ListChange>| {
        let (retry, dismiss, id) = (refused.clone(), refused.clone(), r.id);
        html! {
            <p role="alert" key={id.0}>{ format!("Could not {}: {}", r.variables.describe(), r.message) }
                <button onclick={move |_| { retry.retry(id, []); }}>{ "Retry" }</button>
                <button onclick={move |_| dismiss.dismiss([id])}>{ "Dismiss" }</button></p>
        }
    };

    html! {
        <main>
            <h1>{ "Todos" }</h1>
            <form {onsubmit}>
                <input ref={input} placeholder="What needs doing?" aria-label="New todo" />
                <button>{ "Add" }</button>
            </form>
            if let (Some(error), None) = (&todos.error, &todos.data) {
                <p role="alert">{ format!("Could not load the list: {error}") }
                    <button onclick={todos.refetch_callback().reform(|_| ())}>{ "Retry" }</button></p>
            }
            if todos.is_loading() { <p>{ "Loading…" }</p> }
            <ul>{ for todos.data.iter().flat_map(|items| items.iter()).map(row) }</ul>
            { for refused.changes().iter().map(failed) }
        </main>
    }
}

/// The new todo's title, and the field emptied (in the browser only: there is no field
/// on the server).
#[cfg(target_arch = "wasm32")]
fn take_input(input: &NodeRef) -> Option<String> {
    let field = input.cast::<web_sys::HtmlInputElement>()?;
    let title = field.value().trim().to_string();
    field.set_value("");
    (!title.is_empty()).then_some(title)
}

#[cfg(not(target_arch = "wasm32"))]
fn take_input(_: &NodeRef) -> Option<String> {
    None
}

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The page's state as JSON, on the server (props must be `Send`, the state's text
    /// is); `None` in the browser, where the boundary reads it from the page.
    #[prop_or_default]
    pub state_json: Option<String>,
}

/// The page: one client for its life, the server's data hydrated, the list.
#[component]
pub fn App(props: &AppProps) -> Html {
    let client = use_memo((), |_| {
        let client = QueryClient::new(runtime());
        // Changes made offline survive a reload, as in the quickstart.
        #[cfg(target_arch = "wasm32")]
        client.register_mutation(change_key(), change_mutation(Http::default()));
        client
    });
    let types = use_memo((), |_| hydration_types());
    let state = use_memo(props.state_json.clone(), |json| {
        json.as_deref()
            .and_then(|j| DehydratedState::from_json(j).ok())
            .map(Rc::new)
    });
    html! {
        // The first render is the server's (hydrating); changes restored from an
        // earlier visit show on top just after it.
        <QueryClientProvider client={Some((*client).clone())} hydrating=true>
            <HydrationBoundary types={(*types).clone()} state={(*state).clone()}>
                <Todos />
            </HydrationBoundary>
        </QueryClientProvider>
    }
}

#[cfg(target_arch = "wasm32")]
fn runtime() -> optimistic_query::Runtime {
    browser::browser_runtime()
}

#[cfg(not(target_arch = "wasm32"))]
fn runtime() -> optimistic_query::Runtime {
    ssr::server_runtime()
}
