//! Server rendering (issue 20, first step): under `yew::ServerRenderer` a
//! `use_suspense_query` awaits its fetch, so the HTML already holds the rows, and the
//! client's cache can be dehydrated for the page. The runtime is the library's
//! `ssr::server_runtime` (tasks on Yew's platform, real time).
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;
use std::time::Duration;
use yew::prelude::*;
use yew_optimistic::optimistic_query::hydration::{dehydrate, DehydratedState, HydrationTypes};
use yew_optimistic::ssr::{prefetched_state, server_runtime};
use yew_optimistic::{
    keys, use_query, use_query_client, use_suspense_query, FetchError, HydrationBoundary,
    QueryClient, QueryClientProvider, QueryFilter, QueryOptions,
};

fn types() -> HydrationTypes {
    HydrationTypes::new().query::<Vec<String>>(keys!["todos"])
}

#[component]
fn Todos() -> HtmlResult {
    let todos = use_suspense_query(QueryOptions::new(keys!["todos"], |_ctx| async {
        // A database read that takes a moment.
        yew::platform::time::sleep(Duration::from_millis(5)).await;
        Ok::<_, FetchError>(vec!["milk".to_string(), "eggs & <ham>".to_string()])
    }))?;
    let Ok(todos) = todos else {
        return Ok(html! { <p role="alert">{ "failed" }</p> });
    };
    // The state is written once the data is here (a sibling rendered beside the
    // suspended list would run before it resumed, with an empty cache).
    Ok(html! {
        <>
            <ul>{ for todos.data.iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            <StateScript />
        </>
    })
}

/// The cache as the page will carry it, for the browser's `HydrationBoundary`.
#[component]
fn StateScript() -> Html {
    let client = use_query_client();
    let state: DehydratedState = dehydrate(&client, &types(), &QueryFilter::all());
    html! {
        <script type="application/json" id="yew-optimistic-state">{ state.to_json() }</script>
    }
}

#[component]
fn Page() -> Html {
    let client = use_memo((), |_| QueryClient::new(server_runtime()));
    html! {
        <QueryClientProvider client={Some((*client).clone())} restore={false}>
            <Suspense fallback={html! { <p>{ "Loading…" }</p> }}>
                <Todos />
            </Suspense>
        </QueryClientProvider>
    }
}

#[test]
fn a_suspense_query_is_awaited_and_the_html_holds_the_rows_and_the_state() {
    let html = futures::executor::block_on(yew::ServerRenderer::<Page>::new().render());
    assert!(
        html.contains("<li>milk</li><li>eggs &amp; &lt;ham&gt;</li>"),
        "{html}"
    );
    assert!(!html.contains("Loading"), "{html}");
    let start = html
        .find("id=\"yew-optimistic-state\">")
        .map(|i| i + "id=\"yew-optimistic-state\">".len())
        .expect("the state script");
    let end = start + html[start..].find("</script>").expect("closed");
    // Read as a browser reads a script element's text: raw, nothing unescaped.
    let state = DehydratedState::from_json(&html[start..end]).expect("a readable state");
    assert_eq!(state.queries.len(), 1);
    assert_eq!(state.queries[0].key, keys!["todos"]);
    assert_eq!(
        state.queries[0].data,
        serde_json::json!(["milk", "eggs & <ham>"])
    );
}

/// A plain `use_query` does not wait under server rendering (its fetch starts in an
/// effect, and effects do not run there: without data it renders its loading state,
/// whatever its `stale_time`): the server fills the cache first (here a
/// state made earlier, passed as JSON: the renderer's props must be `Send`), and the
/// `HydrationBoundary` the browser renders too writes it in before the list renders.
#[derive(Properties, PartialEq)]
struct PreparedProps {
    state_json: String,
}

#[component]
fn PlainTodos() -> Html {
    let todos = use_query(
        QueryOptions::new(keys!["todos"], |_ctx| async {
            Ok::<_, FetchError>(vec!["fetched during the render".to_string()])
        })
        .stale_time(60_000),
    );
    html! {
        <ul>
            if todos.is_loading() { <li>{ "Loading…" }</li> }
            { for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }
        </ul>
    }
}

#[component]
fn PreparedPage(props: &PreparedProps) -> Html {
    let client = use_memo((), |_| QueryClient::new(server_runtime()));
    let types = use_memo((), |_| types());
    let state = use_memo(props.state_json.clone(), |json| {
        DehydratedState::from_json(json).ok().map(Rc::new)
    });
    html! {
        <QueryClientProvider client={Some((*client).clone())} restore={false}>
            <HydrationBoundary types={(*types).clone()} state={(*state).clone()}>
                <PlainTodos />
            </HydrationBoundary>
        </QueryClientProvider>
    }
}

#[test]
fn a_use_query_renders_the_hydrated_rows_on_the_server_without_fetching() {
    // Set now: fresh for the page's `stale_time`.
    let state_json = prefetched_state(&types(), |prepared| {
        prepared
            .set_query_data(&keys!["todos"], vec!["prefetched".to_string()])
            .expect("an empty client takes the list");
    })
    .to_json();
    let html = futures::executor::block_on(
        yew::ServerRenderer::<PreparedPage>::with_props(move || PreparedProps { state_json })
            .render(),
    );
    assert!(html.contains("<li>prefetched</li>"), "{html}");
    assert!(!html.contains("Loading"), "{html}");
    assert!(!html.contains("fetched during the render"), "{html}");
}

/// The components under server rendering (issue 20): each renders its first state with
/// the server's runtime, without a browser (no `window()` at render time, styles through
/// stylist without a DOM), so a server-rendered page can hold them.
#[cfg(feature = "components")]
mod components {
    use super::server_runtime;
    use futures::future::{pending, LocalBoxFuture};
    use stylist::manager::{render_static, StaticWriter, StyleManager};
    use stylist::yew::ManagerProvider;
    use yew::prelude::*;
    use yew_optimistic::editable_list::{EditableList, Item, ListChange, ListSource};
    use yew_optimistic::kanban::{BoardChange, BoardSource, Card, Column, ColumnId, KanbanBoard};
    use yew_optimistic::like_button::{LikeButton, LikeSource, Likes, SetLiked};
    use yew_optimistic::{
        FetchContext, FetchError, MutationContext, QueryClient, QueryClientProvider, SourceRef,
    };

    /// A server that never answers: the components render their loading state.
    struct Silent;

    impl ListSource for Silent {
        fn fetch(
            &self,
            _: &str,
            _: &FetchContext,
        ) -> LocalBoxFuture<'static, Result<Vec<Item>, FetchError>> {
            Box::pin(pending())
        }
        fn apply(
            &self,
            _: &str,
            _: ListChange,
            _: MutationContext,
        ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
            Box::pin(pending())
        }
    }

    impl LikeSource for Silent {
        fn fetch(
            &self,
            _: &str,
            _: &FetchContext,
        ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
            Box::pin(pending())
        }
        fn set_liked(
            &self,
            _: SetLiked,
            _: MutationContext,
        ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
            Box::pin(pending())
        }
    }

    impl BoardSource for Silent {
        fn columns(
            &self,
            _: &str,
            _: &FetchContext,
        ) -> LocalBoxFuture<'static, Result<Vec<Column>, FetchError>> {
            Box::pin(pending())
        }
        fn cards(
            &self,
            _: &str,
            _: &ColumnId,
            _: &FetchContext,
        ) -> LocalBoxFuture<'static, Result<Vec<Card>, FetchError>> {
            Box::pin(pending())
        }
        fn apply(
            &self,
            _: &str,
            _: BoardChange,
            _: MutationContext,
        ) -> LocalBoxFuture<'static, Result<(), FetchError>> {
            Box::pin(pending())
        }
    }

    /// The writer stylist's manager collects the page's styles with (`Send`, as the
    /// renderer's props must be; taken once).
    #[derive(Properties)]
    struct PageProps {
        writer: std::sync::Arc<std::sync::Mutex<Option<StaticWriter>>>,
    }

    impl PartialEq for PageProps {
        fn eq(&self, other: &Self) -> bool {
            std::sync::Arc::ptr_eq(&self.writer, &other.writer)
        }
    }

    #[component]
    fn Styled(props: &PageProps) -> Html {
        let manager = use_memo((), |_| {
            let writer = props.writer.lock().ok().and_then(|mut w| w.take());
            let builder = StyleManager::builder();
            let builder = match writer {
                Some(writer) => builder.writer(writer),
                None => builder,
            };
            builder.build().expect("a style manager")
        });
        html! {
            <Suspense>
                <ManagerProvider manager={(*manager).clone()}><Page /></ManagerProvider>
            </Suspense>
        }
    }

    #[component]
    fn Page() -> Html {
        let client = use_memo((), |_| QueryClient::new(server_runtime()));
        let list: SourceRef<dyn ListSource> = SourceRef::new(std::rc::Rc::new(Silent));
        let likes: SourceRef<dyn LikeSource> = SourceRef::new(std::rc::Rc::new(Silent));
        let board: SourceRef<dyn BoardSource> = SourceRef::new(std::rc::Rc::new(Silent));
        html! {
            <QueryClientProvider client={Some((*client).clone())} restore={false}>
                <EditableList source={list} list="groceries" label="Groceries" />
                <LikeButton source={likes} post="post-1" />
                <KanbanBoard source={board} board="roadmap" />
            </QueryClientProvider>
        }
    }

    #[test]
    fn the_list_the_like_button_and_the_board_render_on_the_server_with_their_styles() {
        let (writer, reader) = render_static();
        let writer = std::sync::Arc::new(std::sync::Mutex::new(Some(writer)));
        let html = futures::executor::block_on(
            yew::ServerRenderer::<Styled>::with_props(move || PageProps { writer }).render(),
        );
        assert!(html.contains("Groceries"), "{html}");
        assert!(html.contains("<button"), "{html}");
        let mut styles = String::new();
        reader
            .read_style_data()
            .write_static_markup(&mut styles)
            .expect("styles as markup");
        // Every class the components use is in the styles the page carries, so the server's
        // HTML is styled before the wasm runs.
        let classes: Vec<&str> = html
            .match_indices("stylist-")
            .map(|(at, _)| {
                let rest = &html[at..];
                &rest[..rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                    .unwrap_or(rest.len())]
            })
            .collect();
        assert!(!classes.is_empty(), "styled: {html}");
        for class in classes {
            assert!(styles.contains(class), "no style for {class} in {styles}");
        }
    }
}
