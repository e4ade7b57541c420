//! Browser tests of `use_optimistic_mutation`: the change is painted before the server
//! answers, a failure rolls back only its own change (with the error and the variables
//! kept for a retry), overlapping mutations and refetches never flicker (asserted over the
//! log of every render), and scopes serialise or drop calls.
#![cfg(target_arch = "wasm32")]

mod common;

use common::dom::{click, text, texts};
use common::fake_server::{server_error, Gate};
use common::todos::{add_todo, list, todos_query, List};
use common::world::{entries, flush, record, RenderLog, World};
use common::Mounted;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::{
    keys, use_optimistic_mutation, use_query, MutationFilter, MutationOptions, QueryClient,
    QueryClientProvider, QueryOptions, RetryPolicy, ScopePolicy,
};

wasm_bindgen_test_configure!(run_in_browser);

fn todos_options(server: &Gate<String>) -> QueryOptions<List> {
    todos_query(server).retry(RetryPolicy::never())
}

/// What the add mutation does once the server accepted it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Settle {
    /// Keep the optimistic change as the new data.
    Keep,
    /// Refetch the list once nothing related is pending.
    Invalidate,
    /// Write the server's version of the item (`"b ✓"`) in `on_success`.
    WriteServerCopy,
}

fn add_options(writes: &Gate<()>, settle: Settle) -> MutationOptions<String, ()> {
    match settle {
        Settle::Keep => add_todo(writes),
        Settle::Invalidate => add_todo(writes).invalidates(keys!["todos"]),
        Settle::WriteServerCopy => add_todo(writes).on_success(|_, title: &String, _, client| {
            let saved = format!("{title} ✓");
            let written = client.update_query_data(&keys!["todos"], |list: &List| {
                list.iter()
                    .map(|t| if t == title { saved.clone() } else { t.clone() })
                    .collect()
            });
            assert!(written.is_ok(), "the list holds strings");
        }),
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    server: Gate<String>,
    writes: Gate<()>,
    log: RenderLog<List>,
    settle: Settle,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Editor
                server={props.server.clone()}
                writes={props.writes.clone()}
                log={props.log.clone()}
                settle={props.settle}
            />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    server: Gate<String>,
    writes: Gate<()>,
    log: RenderLog<List>,
    settle: Settle,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    let todos = use_query(todos_options(&props.server));
    let add = use_optimistic_mutation(add_options(&props.writes, props.settle));
    record(
        &props.log,
        todos.data.as_deref().cloned().unwrap_or_default(),
    );
    let add_title = |title: &'static str| {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| {
            add.mutate(title.to_string());
        })
    };
    let retry = {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| {
            add.retry();
        })
    };
    let dismiss = {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| add.reset())
    };
    html! {
        <section>
            <ul>
                { for todos.data.iter().flat_map(|l| l.iter()).map(|t| html! { <li>{ t }</li> }) }
            </ul>
            <p class="status">{ format!("{:?}", add.status) }</p>
            if let Some(e) = &add.error {
                <p role="alert">
                    { format!("Could not add {:?}: {e}", add.variables.clone().unwrap_or_default()) }
                </p>
                <button onclick={retry}>{ "Retry" }</button>
                <button onclick={dismiss}>{ "Dismiss" }</button>
            }
            <button onclick={add_title("b")}>{ "Add b" }</button>
            <button onclick={add_title("c")}>{ "Add c" }</button>
            <button onclick={todos.refetch_callback().reform(|_: MouseEvent| ())}>{ "Refetch" }</button>
        </section>
    }
}

struct Page {
    w: World,
    server: Gate<String>,
    writes: Gate<()>,
    log: RenderLog<List>,
    app: Mounted<App>,
}

/// Mounts the editor and loads `["a"]` from the server.
async fn open(settle: Settle) -> Page {
    let w = World::new();
    let (server, writes, log) = (Gate::default(), Gate::default(), RenderLog::default());
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        server: server.clone(),
        writes: writes.clone(),
        log: log.clone(),
        settle,
    })
    .await;
    w.run().await;
    server.answer_next(Ok(r#"["a"]"#.into()));
    w.run().await;
    assert_eq!(texts(&app.root, "li"), vec!["a"]);
    Page {
        w,
        server,
        writes,
        log,
        app,
    }
}

impl Page {
    fn items(&self) -> Vec<String> {
        texts(&self.app.root, "li")
    }
    fn status(&self) -> Option<String> {
        text(&self.app.root, ".status")
    }
    fn alert(&self) -> Option<String> {
        text(&self.app.root, "[role=alert]")
    }
    async fn click(&self, label: &str) {
        click(&self.app.root, label);
        flush().await;
    }
    /// The renders from index `from` on.
    fn renders_since(&self, from: usize) -> Vec<List> {
        entries(&self.log).split_off(from)
    }
}

#[wasm_bindgen_test]
async fn the_optimistic_value_is_in_the_dom_before_the_server_answers() {
    let p = open(Settle::Keep).await;
    let before = p.log.borrow().len();
    p.click("Add b").await;
    assert_eq!(
        p.items(),
        vec!["a", "b"],
        "painted by the click's own render"
    );
    assert_eq!(p.status().as_deref(), Some("Pending"));
    assert!(p.writes.is_empty(), "not even sent yet");

    p.w.run().await;
    assert_eq!(p.writes.labels(), vec!["POST b"]);
    assert_eq!(
        p.items(),
        vec!["a", "b"],
        "still shown while the server thinks"
    );

    p.writes.answer_next(Ok(()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "b"]);
    assert_eq!(p.status().as_deref(), Some("Success"));
    let renders = p.renders_since(before);
    assert_eq!(renders.first(), Some(&list(&["a", "b"])));
    assert!(
        renders.iter().all(|r| *r == list(&["a", "b"])),
        "no render lost the change: {renders:?}"
    );
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_failure_rolls_back_shows_the_error_and_retry_sends_the_same_variables() {
    let p = open(Settle::Keep).await;
    p.click("Add b").await;
    p.w.run().await;
    p.writes.answer_next(Err(server_error("boom")));
    p.w.run().await;

    assert_eq!(p.items(), vec!["a"], "rolled back");
    assert_eq!(p.status().as_deref(), Some("Error"));
    assert_eq!(
        p.alert().as_deref(),
        Some(r#"Could not add "b": the server answered 422: boom"#),
        "the error and the kept variables are shown"
    );

    p.click("Retry").await;
    assert_eq!(p.items(), vec!["a", "b"], "the retry paints again at once");
    assert!(p.alert().is_none());
    assert_eq!(p.status().as_deref(), Some("Pending"));
    p.w.run().await;
    assert_eq!(
        p.writes.sent(),
        vec!["POST b", "POST b"],
        "a second request with the same variables"
    );

    p.writes.answer_next(Ok(()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "b"]);
    assert_eq!(p.status().as_deref(), Some("Success"));
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn reset_returns_the_handle_to_idle() {
    let p = open(Settle::Keep).await;
    p.click("Add b").await;
    p.w.run().await;
    p.writes.answer_next(Err(server_error("boom")));
    p.w.run().await;
    assert!(p.alert().is_some());

    p.click("Dismiss").await;
    assert_eq!(p.status().as_deref(), Some("Idle"));
    assert!(p.alert().is_none(), "the error is gone");
    assert!(
        common::dom::all(&p.app.root, "button")
            .iter()
            .all(|b| b.text_content().as_deref() != Some("Retry")),
        "nothing left to retry"
    );
    assert_eq!(p.items(), vec!["a"]);
    assert_eq!(p.writes.sent(), vec!["POST b"], "reset sends nothing");
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn when_the_first_of_two_overlapping_mutations_fails_the_second_stays_visible() {
    let p = open(Settle::Invalidate).await;
    p.click("Add b").await;
    let from_c = p.log.borrow().len();
    p.click("Add c").await;
    assert_eq!(p.items(), vec!["a", "b", "c"]);
    p.w.run().await;
    let mut in_flight = p.writes.labels();
    in_flight.sort();
    assert_eq!(
        in_flight,
        vec!["POST b", "POST c"],
        "both in flight at once"
    );

    p.writes.answer_label("POST b", Err(server_error("boom")));
    p.w.run().await;
    assert_eq!(
        p.items(),
        vec!["a", "c"],
        "only the failed change is rolled back"
    );
    assert!(p.server.is_empty(), "no refetch while c is pending");

    p.writes.answer_next(Ok(()));
    p.w.run().await;
    assert_eq!(
        p.server.labels(),
        vec!["GET /todos"],
        "one refetch once both settled"
    );
    assert_eq!(p.items(), vec!["a", "c"]);
    p.server.answer_next(Ok(r#"["a","c"]"#.into()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "c"]);

    let renders = p.renders_since(from_c);
    assert!(renders.len() >= 3, "renders: {renders:?}");
    for r in &renders {
        assert!(
            r.contains(&"c".to_string()),
            "a render lost the pending change c: {renders:?}"
        );
    }
    let after_failure = renders
        .iter()
        .position(|r| *r == list(&["a", "c"]))
        .expect("the rollback rendered");
    assert!(
        renders[after_failure..]
            .iter()
            .all(|r| *r == list(&["a", "c"])),
        "b never came back: {renders:?}"
    );
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_refetch_landing_under_a_mutation_in_flight_never_shows_unpatched_data() {
    let p = open(Settle::Invalidate).await;
    let from = p.log.borrow().len();
    p.click("Add b").await;
    p.w.run().await;
    assert_eq!(p.writes.labels(), vec!["POST b"]);

    p.click("Refetch").await;
    p.w.run().await;
    assert_eq!(p.server.labels(), vec!["GET /todos"]);
    // Someone else added "x". Whether the server had seen "b" when it answered cannot
    // be known (a push shown twice would be a push applied twice): the answer is not
    // used, and "b" stays.
    p.server.answer_next(Ok(r#"["a","x"]"#.into()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "b"], "not overwritten, not doubled");

    p.writes.answer_next(Ok(()));
    p.w.run().await;
    assert_eq!(
        p.server.labels(),
        vec!["GET /todos"],
        "invalidated once settled"
    );
    assert_eq!(
        p.items(),
        vec!["a", "b"],
        "the layer waits for the server's copy"
    );
    p.server.answer_next(Ok(r#"["a","x","b"]"#.into()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "x", "b"]);
    assert!(
        p.w.client
            .inspect(&keys!["todos"])
            .expect("the list is cached")
            .layers
            .is_empty(),
        "the server's copy replaced the layer"
    );

    let renders = p.renders_since(from);
    for r in &renders {
        assert!(
            r.contains(&"b".to_string()),
            "a render showed the un-patched list: {renders:?}"
        );
    }
    assert!(!renders.contains(&list(&["a", "x"])));
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn success_swaps_the_patch_for_the_servers_copy_without_a_frame_in_between() {
    let p = open(Settle::WriteServerCopy).await;
    let from = p.log.borrow().len();
    p.click("Add b").await;
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "b"]);
    p.writes.answer_next(Ok(()));
    p.w.run().await;
    assert_eq!(p.items(), vec!["a", "b ✓"]);
    assert_eq!(p.status().as_deref(), Some("Success"));

    let renders = p.renders_since(from);
    let saved_at = renders
        .iter()
        .position(|r| *r == list(&["a", "b ✓"]))
        .expect("the server's copy rendered");
    assert!(
        renders[..saved_at].iter().all(|r| *r == list(&["a", "b"])),
        "before: only the optimistic change: {renders:?}"
    );
    assert!(
        renders[saved_at..]
            .iter()
            .all(|r| *r == list(&["a", "b ✓"])),
        "after: only the server's copy, never the old list: {renders:?}"
    );
    p.app.unmount();
}

// ---- scopes ----------------------------------------------------------------------------

#[derive(Properties, PartialEq)]
struct LikeAppProps {
    client: QueryClient,
    reads: Gate<bool>,
    writes: Gate<()>,
    policy: ScopePolicyProp,
}

/// `ScopePolicy` as a prop.
#[derive(Clone, Copy, PartialEq)]
struct ScopePolicyProp(ScopePolicy);

#[component]
fn LikeApp(props: &LikeAppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <LikeButton reads={props.reads.clone()} writes={props.writes.clone()} policy={props.policy} />
        </QueryClientProvider>
    }
}

#[derive(Properties, PartialEq)]
struct LikeButtonProps {
    reads: Gate<bool>,
    writes: Gate<()>,
    policy: ScopePolicyProp,
}

#[component]
fn LikeButton(props: &LikeButtonProps) -> Html {
    let reads = props.reads.clone();
    let liked = use_query(
        QueryOptions::new(keys!["post", 1, "liked"], move |_| {
            reads.request("GET /posts/1/liked", None)
        })
        .stale_time(u64::MAX),
    );
    let writes = props.writes.clone();
    let set_liked = use_optimistic_mutation(
        MutationOptions::new(move |on: bool, _ctx| writes.request(format!("PUT liked={on}"), None))
            .key(keys!["post", 1, "like"])
            .optimistic(|on: &bool, patches| {
                patches.set(keys!["post", 1, "liked"], *on);
            })
            .scope(|_| keys!["post", 1], props.policy.0),
    );
    let on = liked.data.as_deref().copied().unwrap_or(false);
    html! {
        <>
            <p class="liked">{ if on { "liked" } else { "not liked" } }</p>
            <button onclick={set_liked.mutate_callback().reform(|_: MouseEvent| true)}>{ "Like" }</button>
            <button onclick={set_liked.mutate_callback().reform(|_: MouseEvent| false)}>{ "Unlike" }</button>
        </>
    }
}

async fn open_like(policy: ScopePolicy) -> (World, Gate<bool>, Gate<()>, Mounted<LikeApp>) {
    let w = World::new();
    w.client
        .set_query_data(&keys!["post", 1, "liked"], false)
        .expect("a fresh cache takes a bool");
    let (reads, writes) = (Gate::default(), Gate::default());
    let app = common::mount::<LikeApp>(LikeAppProps {
        client: w.client.clone(),
        reads: reads.clone(),
        writes: writes.clone(),
        policy: ScopePolicyProp(policy),
    })
    .await;
    w.run().await;
    assert_eq!(text(&app.root, ".liked").as_deref(), Some("not liked"));
    (w, reads, writes, app)
}

#[wasm_bindgen_test]
async fn a_scope_sends_the_second_call_only_after_the_first_is_answered() {
    let (w, reads, writes, app) = open_like(ScopePolicy::Serial).await;
    click(&app.root, "Like");
    flush().await;
    assert_eq!(text(&app.root, ".liked").as_deref(), Some("liked"));
    click(&app.root, "Unlike");
    flush().await;
    assert_eq!(
        text(&app.root, ".liked").as_deref(),
        Some("not liked"),
        "every click paints at once"
    );

    w.run().await;
    w.advance(10_000).await;
    assert_eq!(
        writes.labels(),
        vec!["PUT liked=true"],
        "the second waits for the first"
    );
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(writes.labels(), vec!["PUT liked=false"]);
    assert_eq!(text(&app.root, ".liked").as_deref(), Some("not liked"));
    writes.answer_next(Ok(()));
    w.run().await;

    assert_eq!(writes.sent(), vec!["PUT liked=true", "PUT liked=false"]);
    assert_eq!(text(&app.root, ".liked").as_deref(), Some("not liked"));
    assert_eq!(w.client.is_mutating(&MutationFilter::default()), 0);
    assert!(reads.sent().is_empty(), "the seeded data was fresh");
    app.unmount();
}

#[wasm_bindgen_test]
async fn latest_wins_drops_a_queued_call() {
    let (w, _reads, writes, app) = open_like(ScopePolicy::LatestWins).await;
    click(&app.root, "Like");
    flush().await;
    w.run().await;
    assert_eq!(
        writes.labels(),
        vec!["PUT liked=true"],
        "the first is in flight"
    );

    for (label, shown) in [
        ("Unlike", "not liked"),
        ("Like", "liked"),
        ("Unlike", "not liked"),
    ] {
        click(&app.root, label);
        flush().await;
        assert_eq!(
            text(&app.root, ".liked").as_deref(),
            Some(shown),
            "{label} paints at once"
        );
    }
    w.run().await;
    assert_eq!(writes.labels(), vec!["PUT liked=true"], "queued calls wait");

    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(
        writes.labels(),
        vec!["PUT liked=false"],
        "only the latest queued call is sent"
    );
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(
        writes.sent(),
        vec!["PUT liked=true", "PUT liked=false"],
        "four clicks, two requests"
    );
    assert_eq!(text(&app.root, ".liked").as_deref(), Some("not liked"));
    app.unmount();
}

// ------------------------------------------------ per-call callbacks (`mutate_with`)

type CallLog = std::rc::Rc<std::cell::RefCell<Vec<String>>>;

#[derive(Properties, PartialEq)]
struct SaverProps {
    client: QueryClient,
    writes: Gate<()>,
    calls: CallLog,
}

#[component]
fn SaverApp(props: &SaverProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <Saver client={props.client.clone()} writes={props.writes.clone()} calls={props.calls.clone()} />
        </QueryClientProvider>
    }
}

/// Saves a title; the options log `options <title>`, each call logs `call <title>` and
/// shows "Saved <title>" through a state of the component.
#[component]
fn Saver(props: &SaverProps) -> Html {
    let saved = use_state(String::new);
    let options_log = props.calls.clone();
    let add = use_optimistic_mutation(add_todo(&props.writes).on_settled(
        move |_, _, title: &String, _, _| options_log.borrow_mut().push(format!("options {title}")),
    ));
    let save = |title: &'static str| {
        let (add, saved, calls) = (add.clone(), saved.clone(), props.calls.clone());
        Callback::from(move |_: MouseEvent| {
            let (saved, calls) = (saved.clone(), calls.clone());
            add.mutate_with(
                title.to_string(),
                yew_optimistic::MutateCallbacks::new().on_success(move |_, title: &String| {
                    calls.borrow_mut().push(format!("call {title}"));
                    saved.set(format!("Saved {title}"));
                }),
            );
        })
    };
    html! {
        <section>
            <p class="saved">{ (*saved).clone() }</p>
            <button onclick={save("b")}>{ "Save b" }</button>
            <button onclick={save("c")}>{ "Save c" }</button>
        </section>
    }
}

async fn open_saver() -> (World, Gate<()>, CallLog, Mounted<SaverApp>) {
    let w = World::new();
    let (writes, calls) = (Gate::default(), CallLog::default());
    let app = common::mount::<SaverApp>(SaverProps {
        client: w.client.clone(),
        writes: writes.clone(),
        calls: calls.clone(),
    })
    .await;
    (w, writes, calls, app)
}

#[wasm_bindgen_test]
async fn mutate_with_runs_the_latest_calls_callbacks_after_the_options() {
    let (w, writes, calls, app) = open_saver().await;
    click(&app.root, "Save b");
    click(&app.root, "Save c");
    w.run().await;
    assert_eq!(writes.labels(), vec!["POST b", "POST c"]);
    // The later call answers first; the earlier one's callbacks were replaced by it.
    writes.answer(1, Ok(()));
    w.run().await;
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(*calls.borrow(), vec!["options c", "call c", "options b"]);
    assert_eq!(text(&app.root, ".saved").as_deref(), Some("Saved c"));
    app.unmount();
}

#[wasm_bindgen_test]
async fn mutate_with_callbacks_do_not_run_after_unmount() {
    let (w, writes, calls, app) = open_saver().await;
    click(&app.root, "Save b");
    w.run().await;
    app.unmount();
    flush().await; // Yew destroys the component on its scheduler's next turn
    writes.answer_next(Ok(()));
    w.run().await;
    assert_eq!(
        *calls.borrow(),
        vec!["options b"],
        "the call settled (options ran), its own callbacks did not"
    );
    assert_eq!(
        w.client.mutation_infos(&MutationFilter::default()).len(),
        1,
        "the call is still in the cache"
    );
}
