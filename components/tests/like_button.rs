//! Browser tests of `LikeButton`: the click paints at once, rapid clicks send at most two
//! requests and end in the last click's state, a failure rolls back to the server's truth
//! with a message and a toast, and the loading state. Time and tasks are driven by a
//! `TestRuntime`; the fake server answers only when the test says.
#![cfg(target_arch = "wasm32")]

mod common;

use common::fake_server::{server_error, Gate};
use common::world::{flush, World};
use common::Mounted;
use futures::future::LocalBoxFuture;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;
use yew_optimistic::feedback::{OfflineBanner, ToastRegion};
use yew_optimistic::like_button::{
    like_mutation_key, like_mutation_options, likes_query_key, LikeButton, LikeSource, Likes,
    SetLiked, LIKE_SEND_WINDOW_MS,
};
use yew_optimistic::optimistic_query::storage::Storage;
use yew_optimistic::{
    FetchError, MutationContext, MutationFilter, QueryClient, QueryClientProvider, SourceRef,
};

wasm_bindgen_test_configure!(run_in_browser);

/// A like API whose every request waits until the test answers it.
#[derive(Default)]
struct FakeLikes {
    reads: Gate<Likes>,
    writes: Gate<Likes>,
}

impl LikeSource for FakeLikes {
    fn fetch(
        &self,
        post: &str,
        _ctx: &yew_optimistic::FetchContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        Box::pin(self.reads.request(format!("GET {post}"), None))
    }

    fn set_liked(
        &self,
        change: SetLiked,
        ctx: MutationContext,
    ) -> LocalBoxFuture<'static, Result<Likes, FetchError>> {
        Box::pin(self.writes.request(
            format!("PUT {} liked={}", change.post, change.liked),
            Some(ctx.idempotency_key),
        ))
    }
}

#[derive(Properties, PartialEq)]
struct AppProps {
    client: QueryClient,
    source: SourceRef<dyn LikeSource>,
}

#[component]
fn App(props: &AppProps) -> Html {
    html! {
        <QueryClientProvider client={Some(props.client.clone())}>
            <OfflineBanner />
            <ToastRegion>
                <LikeButton source={props.source.clone()} post="p1" retry={None} />
            </ToastRegion>
        </QueryClientProvider>
    }
}

struct Page {
    w: World,
    reads: Gate<Likes>,
    writes: Gate<Likes>,
    app: Mounted<App>,
}

impl Page {
    /// Mounts the button; its likes are still loading.
    async fn mount() -> Page {
        Page::mount_in(World::new(), false).await
    }

    /// Mounts the button in world `w`; `register`: the like definition is registered, so
    /// changes are persisted in the queue.
    async fn mount_in(w: World, register: bool) -> Page {
        let fake = FakeLikes::default();
        let (reads, writes) = (fake.reads.clone(), fake.writes.clone());
        let source: SourceRef<dyn LikeSource> = SourceRef::new(Rc::new(fake));
        if register {
            w.client
                .register_mutation(like_mutation_key(), like_mutation_options(&source));
        }
        let app = common::mount::<App>(AppProps {
            client: w.client.clone(),
            source,
        })
        .await;
        w.run().await;
        Page {
            w,
            reads,
            writes,
            app,
        }
    }

    /// Mounts the button and answers its first read with `likes`.
    async fn open(likes: Likes) -> Page {
        Page::open_in(World::new(), false, likes).await
    }

    /// [`Page::open`] in world `w` (see [`Page::mount_in`]).
    async fn open_in(w: World, register: bool, likes: Likes) -> Page {
        let p = Page::mount_in(w, register).await;
        assert_eq!(p.reads.labels(), vec!["GET p1"]);
        p.reads.answer_next(Ok(likes));
        p.w.run().await;
        p
    }

    fn el(&self, testid: &str) -> Element {
        self.app
            .query(&format!("[data-testid={testid}]"))
            .unwrap_or_else(|| panic!("no [data-testid={testid}] in {:?}", self.app.text()))
    }

    fn button(&self) -> HtmlElement {
        self.el("like-button")
            .dyn_into::<HtmlElement>()
            .expect("the like button is an HTML element")
    }

    fn attr(&self, name: &str) -> String {
        self.button().get_attribute(name).unwrap_or_default()
    }

    fn pressed(&self) -> bool {
        self.attr("aria-pressed") == "true"
    }

    fn state(&self) -> String {
        self.attr("data-state")
    }

    fn count(&self) -> String {
        self.el("like-count").text_content().unwrap_or_default()
    }

    fn error(&self) -> Option<String> {
        self.app
            .query("[data-testid=like-error]")
            .map(|e| e.text_content().unwrap_or_default())
    }

    fn text_of(&self, testid: &str) -> Option<String> {
        self.app
            .query(&format!("[data-testid={testid}]"))
            .map(|e| e.text_content().unwrap_or_default())
    }

    fn click(&self, testid: &str) {
        self.el(testid)
            .dyn_into::<HtmlElement>()
            .expect("an HTML element")
            .click();
    }

    fn toasts(&self) -> Vec<String> {
        common::dom::texts(&self.app.root, "[data-testid=toast]")
    }

    fn layers(&self) -> usize {
        self.w
            .client
            .inspect(&likes_query_key("p1"))
            .map_or(0, |s| s.layers.len())
    }
}

#[wasm_bindgen_test]
async fn shows_a_disabled_skeleton_while_loading() {
    let p = Page::mount().await;
    let button = p.button();
    assert!(button.has_attribute("disabled"), "nothing to toggle yet");
    assert_eq!(p.attr("data-loading"), "true");
    assert_eq!(p.state(), "pending");
    assert_eq!(p.count(), "", "a skeleton, not a made-up number");
    assert!(p.app.query(".yo-like-skeleton").is_some());

    p.reads.answer_next(Ok(Likes {
        liked: true,
        count: 7,
    }));
    p.w.run().await;
    assert!(!p.button().has_attribute("disabled"));
    assert!(!p.button().has_attribute("data-loading"));
    assert_eq!(p.count(), "7");
    assert!(p.pressed());
    assert_eq!(p.state(), "confirmed");
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn one_click_paints_before_the_server_answers() {
    let p = Page::open(Likes {
        liked: false,
        count: 10,
    })
    .await;
    assert_eq!((p.pressed(), p.count().as_str()), (false, "10"));
    assert_eq!(p.state(), "confirmed");

    p.button().click();
    flush().await;
    assert!(p.writes.sent().is_empty(), "no task has run yet");
    assert!(p.pressed(), "pressed in the frame of the click");
    assert_eq!(p.count(), "11");
    assert_eq!(p.state(), "pending");
    assert!(p.app.text().contains("Saving…"), "pending is announced");

    p.w.run().await;
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=true"]);
    assert_eq!((p.pressed(), p.count().as_str()), (true, "11"));
    assert_eq!(p.state(), "pending");

    // Someone else liked it meanwhile: the server's count wins, in the same render that
    // retires the layer.
    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 15,
    }));
    p.w.run().await;
    assert_eq!((p.pressed(), p.count().as_str()), (true, "15"));
    assert_eq!(p.state(), "confirmed");
    assert!(!p.app.text().contains("Saving…"));
    assert_eq!(p.layers(), 0);
    assert_eq!(p.error(), None);
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn two_clicks_in_one_frame_toggle_twice() {
    let p = Page::open(Likes {
        liked: false,
        count: 10,
    })
    .await;
    // No render between the clicks: the second must toggle what the first painted in
    // the cache, not the stale render.
    p.button().click();
    p.button().click();
    flush().await;
    assert_eq!((p.pressed(), p.count().as_str()), (false, "10"));
    p.w.run().await;
    assert_eq!(
        p.writes.sent(),
        vec!["PUT p1 liked=false"],
        "the first call was replaced before it was sent"
    );
    p.writes.answer_next(Ok(Likes {
        liked: false,
        count: 10,
    }));
    p.w.run().await;
    assert_eq!(
        (p.pressed(), p.count().as_str(), p.state().as_str()),
        (false, "10", "confirmed")
    );
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn five_rapid_clicks_send_at_most_two_requests_and_end_in_the_last_state() {
    let p = Page::open(Likes {
        liked: false,
        count: 10,
    })
    .await;
    let mut expect_liked = false;
    for i in 0..5 {
        p.button().click();
        expect_liked = !expect_liked;
        // Tasks run between clicks, as the browser's microtasks do: the first click's
        // request leaves at once.
        p.w.run().await;
        assert_eq!(p.pressed(), expect_liked, "click {i} paints at once");
        assert_eq!(
            p.count(),
            if expect_liked { "11" } else { "10" },
            "click {i}: the count follows the heart"
        );
        assert_eq!(p.state(), "pending");
    }
    assert_eq!(
        p.writes.sent(),
        vec!["PUT p1 liked=true"],
        "later clicks wait"
    );

    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 11,
    }));
    p.w.run().await;
    assert_eq!(
        (p.pressed(), p.count().as_str()),
        (true, "11"),
        "the last click's layer stays on the server's answer"
    );
    assert!(
        p.writes.is_empty(),
        "the survivor waits for the throttle window"
    );
    assert_eq!(p.state(), "pending");

    p.w.advance(LIKE_SEND_WINDOW_MS).await;
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=true"]);
    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 11,
    }));
    p.w.run().await;

    assert_eq!(p.writes.sent().len(), 2, "five clicks, two requests");
    assert_eq!(
        (p.pressed(), p.count().as_str()),
        (true, "11"),
        "the last click won"
    );
    assert_eq!(p.state(), "confirmed");
    assert_eq!(p.layers(), 0);
    assert_eq!(p.w.client.is_mutating(&MutationFilter::default()), 0);
    assert_eq!(p.error(), None, "replaced clicks are not failures");
    assert!(p.toasts().is_empty());
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_failure_rolls_back_to_the_servers_truth_with_a_message() {
    let p = Page::open(Likes {
        liked: false,
        count: 10,
    })
    .await;
    p.button().click();
    p.w.run().await;
    assert_eq!((p.pressed(), p.count().as_str()), (true, "11"));

    p.writes.answer_next(Err(server_error("likes are down")));
    p.w.run().await;
    assert_eq!(
        (p.pressed(), p.count().as_str()),
        (false, "10"),
        "rolled back in the render that reports the failure"
    );
    assert_eq!(p.state(), "failed");
    let error = p.error().expect("an inline message");
    assert!(error.contains("Couldn't save your like."), "{error}");
    let toasts = p.toasts();
    assert_eq!(toasts.len(), 1, "{toasts:?}");
    assert!(toasts[0].contains("likes are down"), "{toasts:?}");
    let described = p.attr("aria-describedby");
    let message = p.el("like-error");
    assert_eq!(described, message.id(), "the button points at its message");
    assert_eq!(p.layers(), 0);

    // Our copy may be out of date after a failure: the likes are read again.
    assert_eq!(p.reads.labels(), vec!["GET p1"]);
    p.reads.answer_next(Ok(Likes {
        liked: false,
        count: 12,
    }));
    p.w.run().await;
    assert_eq!(
        (p.pressed(), p.count().as_str()),
        (false, "12"),
        "the server's truth"
    );
    assert_eq!(p.toasts().len(), 1, "one toast per failure");

    // Retry sends the same wish again.
    common::dom::click(&p.app.root, "Retry");
    flush().await;
    assert_eq!((p.pressed(), p.count().as_str()), (true, "13"));
    assert_eq!(p.state(), "pending");
    assert_eq!(p.error(), None);
    p.w.run().await;
    p.w.advance(LIKE_SEND_WINDOW_MS).await;
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=true"]);
    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 13,
    }));
    p.w.run().await;
    assert_eq!(
        (p.pressed(), p.count().as_str(), p.state().as_str()),
        (true, "13", "confirmed")
    );
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_load_offers_a_reload() {
    let p = Page::mount().await;
    // A 4xx is not retried (the query's own retry policy would retry a 5xx).
    p.reads.answer_next(Err(FetchError::Http {
        status: 403,
        body: "no likes today".into(),
    }));
    p.w.run().await;
    assert_eq!(p.state(), "failed");
    assert!(p.button().has_attribute("disabled"));
    let error = p.error().expect("an inline message");
    assert!(error.contains("Couldn't load likes."), "{error}");

    common::dom::click(&p.app.root, "Reload");
    p.w.run().await;
    p.reads.answer_next(Ok(Likes {
        liked: false,
        count: 3,
    }));
    p.w.run().await;
    assert_eq!(p.count(), "3");
    assert_eq!(p.state(), "confirmed");
    assert_eq!(p.error(), None);
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_like_restored_after_a_reload_and_refused_says_so() {
    use yew_optimistic::like_button::{like_mutation_key, like_mutation_options};
    let fake = Rc::new(FakeLikes::default());
    let (reads, writes) = (fake.reads.clone(), fake.writes.clone());
    let source: SourceRef<dyn LikeSource> = SourceRef::new(fake);
    // Registered, so a like made offline is persisted and rebuilt after a reload.
    let register = |client: &QueryClient| {
        client.register_mutation(like_mutation_key(), like_mutation_options(&source))
    };
    let w = World::new();
    register(&w.client);
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        source: source.clone(),
    })
    .await;
    w.run().await;
    reads.answer_next(Ok(Likes {
        liked: false,
        count: 9,
    }));
    w.run().await;
    w.client.set_online(false);
    flush().await;
    let p = Page {
        w,
        reads: reads.clone(),
        writes: writes.clone(),
        app,
    };
    p.button().click();
    p.w.run().await;
    assert_eq!((p.pressed(), p.count()), (true, "10".to_string()));
    assert!(writes.sent().is_empty(), "nothing is sent offline");
    let storage = p.w.storage();
    p.app.unmount();

    // The reload: a new client over the same storage, the definition registered first.
    let w = World::with_storage(storage);
    register(&w.client);
    let app = common::mount::<App>(AppProps {
        client: w.client.clone(),
        source: source.clone(),
    })
    .await;
    let p = Page {
        w,
        reads: reads.clone(),
        writes: writes.clone(),
        app,
    };
    p.w.run().await;
    reads.answer_next(Ok(Likes {
        liked: false,
        count: 9,
    }));
    p.w.run().await;
    assert!(p.pressed(), "the restored like is shown");
    assert_eq!(writes.labels(), vec!["PUT p1 liked=true"]);
    writes.answer_next(Err(server_error("post is locked")));
    p.w.run().await;
    assert!(!p.pressed(), "rolled back");
    assert_eq!(p.state(), "failed");
    let message = p.error().expect("a message next to the button");
    assert!(message.contains("Couldn't save your like"), "{message}");
    assert_eq!(
        p.el("like-error").get_attribute("role"),
        None,
        "the toast announces it; the message is not a second alert"
    );
    let toasts = p.toasts();
    assert_eq!(toasts.len(), 1, "{toasts:?}");
    assert!(toasts[0].contains("post is locked"), "{toasts:?}");
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn an_unknown_outcome_waits_then_is_held_with_retry_now_and_discard() {
    // One resend allowed, then the change is held.
    let config = yew_optimistic::ClientConfig {
        unknown_resend: yew_optimistic::RetryPolicy::times(1).delays(100, 100),
        ..common::world::config()
    };
    let w = World::with_config(Default::default(), config);
    let p = Page::open_in(
        w,
        false,
        Likes {
            liked: false,
            count: 10,
        },
    )
    .await;
    p.button().click();
    p.w.run().await;
    let key = p.writes.waiting_keys();
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=true"]);
    // A dropped connection is not a refusal: the like stays, the button waits.
    p.writes
        .answer_next(Err(FetchError::Network("connection reset".into())));
    p.w.run().await;
    assert_eq!(p.state(), "waiting");
    assert_eq!((p.pressed(), p.count().as_str()), (true, "11"), "kept");
    let note = p.text_of("like-note").unwrap_or_default();
    assert!(note.contains("Waiting for the server…"), "{note}");
    assert_eq!(
        p.el("like-note").get_attribute("role").as_deref(),
        Some("status")
    );
    assert_eq!(p.error(), None);
    assert!(p.toasts().is_empty(), "nothing was refused");
    assert!(p.app.query("[data-testid=like-retry-now]").is_none());

    // Sent again under the same key; a 503, and the change is held.
    p.w.advance(150).await;
    assert_eq!(p.writes.waiting_keys(), key);
    p.writes.answer_next(Err(FetchError::Http {
        status: 503,
        body: "unavailable".into(),
    }));
    p.w.advance(1_000).await;
    assert!(p.writes.is_empty(), "held: not sent by itself");
    assert_eq!(p.state(), "held");
    assert_eq!(
        (p.pressed(), p.count().as_str()),
        (true, "11"),
        "still kept"
    );
    let note = p.text_of("like-note").unwrap_or_default();
    assert!(note.contains("Not saved yet"), "{note}");
    assert_eq!(p.attr("aria-describedby"), p.el("like-note").id());
    assert_eq!(p.error(), None);
    assert!(p.toasts().is_empty());

    // Retry now: the same key again; the server accepts.
    assert_eq!(p.text_of("like-retry-now").as_deref(), Some("Retry now"));
    p.click("like-retry-now");
    p.w.run().await;
    assert_eq!(p.writes.waiting_keys(), key);
    assert!(p.app.query("[data-testid=like-retry-now]").is_none());
    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 11,
    }));
    p.w.run().await;
    assert_eq!(p.state(), "confirmed");
    assert_eq!(p.text_of("like-note").as_deref(), Some(""));

    // Held again (an unlike); Discard rolls it back and reads the likes again.
    p.w.advance(LIKE_SEND_WINDOW_MS).await;
    p.button().click();
    p.w.run().await;
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=false"]);
    for _ in 0..2 {
        p.writes
            .answer_next(Err(FetchError::Network("connection reset".into())));
        p.w.advance(150).await;
    }
    assert_eq!(p.state(), "held");
    assert!(!p.pressed());
    assert_eq!(p.text_of("like-discard").as_deref(), Some("Discard"));
    p.click("like-discard");
    p.w.run().await;
    assert!(p.pressed(), "rolled back: the server never applied it");
    assert_eq!(
        p.reads.labels(),
        vec!["GET p1"],
        "read again: it may be there"
    );
    p.reads.answer_next(Ok(Likes {
        liked: true,
        count: 11,
    }));
    p.w.run().await;
    assert_eq!(p.state(), "confirmed");
    assert_eq!((p.pressed(), p.count().as_str()), (true, "11"));
    assert!(p.toasts().is_empty(), "a discard is not a refusal");
    assert_eq!(p.error(), None);
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_change_storage_refuses_says_not_kept_on_this_device_until_a_write_holds_it() {
    let w = World::new();
    let storage = w.storage();
    let p = Page::open_in(
        w,
        true,
        Likes {
            liked: false,
            count: 10,
        },
    )
    .await;
    assert!(p.app.query("[data-testid=storage-banner]").is_none());
    // Offline, with storage full: the like is shown and waits, but is not persisted.
    p.w.client.set_online(false);
    storage.refuse_writes(true);
    p.button().click();
    p.w.run().await;
    assert!(p.pressed());
    assert!(p.writes.is_empty(), "offline: nothing sent");
    assert_eq!(p.attr("data-kept"), "false");
    let note = p.text_of("like-not-kept").unwrap_or_default();
    assert_eq!(note, "Not kept on this device");
    let banner = p.text_of("offline-banner").expect("the offline banner");
    assert!(banner.contains("Offline"), "{banner}");
    assert!(banner.contains("not kept on this device"), "{banner}");
    assert_eq!(
        p.el("offline-banner")
            .get_attribute("data-not-kept")
            .as_deref(),
        Some("1")
    );

    // Storage takes writes again; the next write of the queue (the call is sent when the
    // network is back) holds it, and the warnings go.
    storage.refuse_writes(false);
    p.w.client.set_online(true);
    p.w.run().await;
    assert_eq!(p.writes.labels(), vec!["PUT p1 liked=true"]);
    assert!(
        storage.get(common::world::QUEUE_KEY).is_some(),
        "the queue holds the call now"
    );
    assert_eq!(p.state(), "pending");
    assert_eq!(p.attr("data-kept"), "");
    assert!(p.app.query("[data-testid=like-not-kept]").is_none());
    assert!(p.app.query("[data-testid=offline-banner]").is_none());
    assert!(p.app.query("[data-testid=storage-banner]").is_none());
    p.writes.answer_next(Ok(Likes {
        liked: true,
        count: 11,
    }));
    p.w.run().await;
    assert_eq!(p.state(), "confirmed");
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn an_unreadable_saved_queue_is_said_on_the_page() {
    let storage = yew_optimistic::optimistic_query::storage::MemoryStorage::default();
    storage
        .set(common::world::QUEUE_KEY, "{broken")
        .expect("memory storage takes writes");
    let p = Page::open_in(
        World::with_storage(storage.clone()),
        true,
        Likes {
            liked: false,
            count: 10,
        },
    )
    .await;
    let banner = p.text_of("storage-banner").expect("a storage notice");
    assert!(banner.contains("could not be read"), "{banner}");
    assert_eq!(
        storage
            .get(&format!("{}.corrupt", common::world::QUEUE_KEY))
            .as_deref(),
        Some("{broken"),
        "kept aside, as the notice says"
    );
    assert!(
        p.app.query("[data-testid=offline-banner]").is_none(),
        "online"
    );
    p.app.unmount();
}

#[wasm_bindgen_test]
async fn a_saved_queue_found_unreadable_later_is_said_on_the_page_at_once() {
    let w = World::new();
    let storage = w.storage();
    let p = Page::open_in(
        w,
        true,
        Likes {
            liked: false,
            count: 10,
        },
    )
    .await;
    assert!(p.app.query("[data-testid=storage-banner]").is_none());
    // Another tab (or a broken build) leaves text this build cannot read.
    storage
        .set(common::world::QUEUE_KEY, "{broken")
        .expect("memory storage takes writes");
    p.w.client.queue_changed_elsewhere();
    flush().await;
    let banner = p.text_of("storage-banner").expect("a storage notice");
    assert!(banner.contains("could not be read"), "{banner}");
    p.app.unmount();
}
