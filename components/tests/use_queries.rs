//! Browser tests of `use_queries`: results in the order of the list, observers kept
//! for keys that stay (wherever they move), made for keys that appear and dropped for
//! keys that go.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::texts;
use common::fake_server::{decode, Gate};
use common::world::World;
use common::Mounted;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_combined_queries, use_queries, FetchError, Queries, QueryClient, QueryClientProvider,
    QueryFilter, QueryOptions,
};

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    ids: Vec<u32>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Users server={props.server.clone()} ids={props.ids.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct UsersProps {
    server: Gate<String>,
    ids: Vec<u32>,
}

#[component]
fn Users(props: &UsersProps) -> Html {
    let users = use_queries(
        props
            .ids
            .iter()
            .map(|&id| {
                let server = props.server.clone();
                QueryOptions::new(keys!["user", id], move |_| {
                    server.request(format!("GET /users/{id}"), None)
                })
                .stale_time(60_000)
            })
            .collect::<Vec<QueryOptions<String, String>>>(),
    );
    html! {
        <ul>
            { for users.iter().map(|u| html! {
                <li>{
                    match (&u.data, &u.error) {
                        (Some(name), _) => name.to_string(),
                        (None, Some(e)) => format!("error: {e}"),
                        (None, None) => "…".to_string(),
                    }
                }</li>
            }) }
        </ul>
    }
}

async fn mount(w: &World, server: &Gate<String>, ids: Vec<u32>) -> Mounted<App> {
    common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        ids,
    })
    .await
}

fn props(w: &World, server: &Gate<String>, ids: Vec<u32>) -> AppProps {
    AppProps {
        client: w.client.clone(),
        server: server.clone(),
        ids,
    }
}

fn observers(w: &World, id: u32) -> usize {
    w.client
        .inspect(&keys!["user", id])
        .map_or(0, |e| e.observers)
}

#[wasm_bindgen_test]
async fn results_follow_the_list_as_it_grows_shrinks_and_reorders() {
    let w = World::new();
    let server = Gate::default();
    let mut app = mount(&w, &server, vec![1, 2]).await;
    assert_eq!(texts(&app.root, "li"), vec!["…", "…"]);
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /users/1", "GET /users/2"]);
    server.answer_label("GET /users/2", Ok("Bea".into()));
    w.run().await;
    assert_eq!(
        texts(&app.root, "li"),
        vec!["…", "Bea"],
        "in the list's order"
    );
    server.answer_next(Ok("Ada".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["Ada", "Bea"]);

    // A third user appears: only it is fetched.
    app.update(props(&w, &server, vec![1, 2, 3])).await;
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /users/3"]);
    server.answer_next(Err(FetchError::Http {
        status: 404,
        body: "no such user".into(),
    }));
    w.run().await;
    assert_eq!(
        texts(&app.root, "li"),
        vec!["Ada", "Bea", "error: the server answered 404: no such user"]
    );

    // Reordered: the same observers, nothing fetched.
    app.update(props(&w, &server, vec![3, 2, 1])).await;
    w.run().await;
    assert!(server.is_empty());
    assert_eq!(texts(&app.root, "li")[1..], ["Bea", "Ada"]);
    assert_eq!((observers(&w, 1), observers(&w, 2)), (1, 1));

    // Two go: their observers go with them.
    app.update(props(&w, &server, vec![2])).await;
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["Bea"]);
    assert_eq!(
        (observers(&w, 1), observers(&w, 2), observers(&w, 3)),
        (0, 1, 0)
    );

    // An empty list is fine, and so is coming back (cached, fresh: no fetch).
    app.update(props(&w, &server, vec![])).await;
    assert!(texts(&app.root, "li").is_empty());
    app.update(props(&w, &server, vec![1, 2])).await;
    w.run().await;
    assert!(server.is_empty());
    assert_eq!(texts(&app.root, "li"), vec!["Ada", "Bea"]);
    app.unmount();
    common::world::flush().await;
    assert_eq!(observers(&w, 2), 0, "unmounting drops every observer");
}

#[wasm_bindgen_test]
async fn a_write_to_one_query_shows_in_its_place() {
    let w = World::new();
    let server = Gate::default();
    let app = mount(&w, &server, vec![1, 2]).await;
    w.run().await;
    server.answer_next(Ok("Ada".into()));
    server.answer_next(Ok("Bea".into()));
    w.run().await;
    w.client
        .set_query_data(&keys!["user", 2], "Beatrice".to_string())
        .expect("a String encodes");
    common::world::flush().await;
    assert_eq!(texts(&app.root, "li"), vec!["Ada", "Beatrice"]);
}

// ------------------------------------------------ use_combined_queries (mixed types, combine)

#[derive(Properties, PartialEq)]
struct ProfileAppProps {
    client: QueryClient,
    server: Gate<String>,
    id: u32,
    renders: Rc<Cell<u32>>,
}

#[component]
fn ProfileApp(props: &ProfileAppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Profile server={props.server.clone()} id={props.id} renders={props.renders.clone()} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct ProfileProps {
    server: Gate<String>,
    id: u32,
    renders: Rc<Cell<u32>>,
}

/// A user's name (a `String`) and the number of their posts (from a `Vec<u32>`), combined
/// into one line.
#[component]
fn Profile(props: &ProfileProps) -> Html {
    props.renders.set(props.renders.get() + 1);
    let id = props.id;
    let mut queries = Queries::new();
    let server = props.server.clone();
    let name = queries.add(QueryOptions::new(keys!["user", id], move |_| {
        server.request(format!("GET /users/{id}"), None)
    }));
    let server = props.server.clone();
    let posts = queries.add(QueryOptions::new(keys!["posts", id], move |_| {
        let reply = server.request(format!("GET /users/{id}/posts"), None);
        async move { decode::<Vec<u32>>(reply.await) }
    }));
    let line = use_combined_queries(queries, move |r| {
        match (r.get(name).data, r.get(posts).data) {
            (Some(name), Some(posts)) => format!("{name}: {} posts", posts.len()),
            _ => format!("loading {} of {}", r.pending(), r.len()),
        }
    });
    html! { <p>{ line }</p> }
}

#[wasm_bindgen_test]
async fn combined_queries_of_two_types_re_render_only_when_the_combined_value_changes() {
    let w = World::new();
    let (server, renders) = (Gate::default(), Rc::new(Cell::new(0)));
    let mut app = common::mount::<ProfileApp>(ProfileAppProps {
        client: w.client.clone(),
        server: server.clone(),
        id: 1,
        renders: renders.clone(),
    })
    .await;
    assert_eq!(texts(&app.root, "p"), vec!["loading 2 of 2"]);
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /users/1", "GET /users/1/posts"]);
    server.answer_next(Ok("Ada".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "p"), vec!["loading 1 of 2"]);
    server.answer_next(Ok("[1,2,3]".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "p"), vec!["Ada: 3 posts"]);

    // Other posts, as many: the combined line is the same, so no render.
    let before = renders.get();
    w.client
        .set_query_data(&keys!["posts", 1], vec![4_u32, 5, 6])
        .expect("a Vec<u32> encodes");
    w.client
        .refetch_queries(&QueryFilter::key(keys!["user", 1]));
    w.run().await;
    assert_eq!(
        renders.get(),
        before,
        "neither new posts of the same count nor a refetch starting re-render"
    );
    // The refetch brings a new name: one render with the new line.
    server.answer_next(Ok("Ada L.".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "p"), vec!["Ada L.: 3 posts"]);
    assert_eq!(renders.get(), before + 1);

    // Another user: new observers for the new keys, the old ones go.
    app.update(ProfileAppProps {
        client: w.client.clone(),
        server: server.clone(),
        id: 2,
        renders: renders.clone(),
    })
    .await;
    w.run().await;
    assert_eq!(server.labels(), vec!["GET /users/2", "GET /users/2/posts"]);
    assert_eq!(
        w.client
            .inspect(&keys!["user", 1])
            .map_or(0, |e| e.observers),
        0
    );
    server.answer_next(Ok("Bea".into()));
    server.answer_next(Ok("[]".into()));
    w.run().await;
    assert_eq!(texts(&app.root, "p"), vec!["Bea: 0 posts"]);
    app.unmount();
}
