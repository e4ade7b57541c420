//! A todo list over HTTP: `use_query` reads it, `use_optimistic_mutation` shows each
//! change at once, sends it, and rolls it back alone if the server refuses it;
//! `use_refused_mutations` lists every refused change with Retry and Dismiss.
//! Server: `GET /api/lists/{list}` and `POST /api/lists/{list}/changes` (a `ListChange`).

use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_optimistic::browser::http::{Http, Method};
use yew_optimistic::editable_list::{new_item_id, Item, ListChange};
use yew_optimistic::*;

const LIST: &str = "quickstart";

/// The list's key, typed: a patch or a read of another type is a compile error.
fn todos_key() -> TypedKey<Vec<Item>> {
    TypedKey::new(keys!["lists", LIST])
}

fn change_key() -> QueryKey {
    keys!["lists", LIST, "change"]
}

/// Reads the list as the server has it.
fn todos_query(api: Http) -> QueryOptions<Vec<Item>> {
    QueryOptions::new(todos_key().into(), move |ctx: FetchContext| {
        api.get_json(&format!("/api/lists/{LIST}"), &ctx.signal)
    })
}

/// Sends one change (with an `Idempotency-Key`): painted at once, one change per item at
/// a time, and the list refetched once no change to it is pending.
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
    let api = Http::default(); // the page's origin; `trunk serve` proxies /api (Trunk.toml)
    let todos = use_query(todos_query(api.clone()));
    let change = use_optimistic_mutation(change_mutation(api));
    // Every refused change, not only the latest call's: with two changes on their way,
    // the first refused and the second saved, the first still shows, with Retry.
    let refused = use_refused_mutations(RefusedMutationsOptions::through(change_key(), &change));
    let input = use_node_ref();

    let onsubmit = {
        let (change, input) = (change.clone(), input.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(field) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let title = field.value().trim().to_string();
            if !title.is_empty() {
                change.mutate(ListChange::Add {
                    id: new_item_id(),
                    title,
                });
                field.set_value("");
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
            <li key={item.id.to_string()}>
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

fn main() {
    yew::Renderer::<App>::new().render();
}

/// The client for the app's life, around the list. (`pub`: the browser test
/// `components/tests/quickstart.rs` mounts this very app.)
#[component]
pub fn App() -> Html {
    let client = use_memo((), |_| {
        let client = QueryClient::new(browser::browser_runtime());
        // The opt-in to persistence: changes made offline survive a reload.
        client.register_mutation(change_key(), change_mutation(Http::default()));
        client
    });
    html! { <QueryClientProvider client={Some((*client).clone())}><Todos /></QueryClientProvider> }
}
