//! Query results shared between tabs (`broadcast_query_client`, TanStack's
//! `broadcastQueryClient`): two clients of one page on one `BroadcastChannel`, as two
//! tabs are. A write in one reaches the other; newer wins, older does not; a query
//! nobody registered stays home; a message that is not a state changes nothing.
#![cfg(target_arch = "wasm32")]

mod common;

use common::world::World;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::BroadcastChannel;
use yew_optimistic::browser::broadcast::broadcast_query_client;
use yew_optimistic::optimistic_query::hydration::HydrationTypes;
use yew_optimistic::{keys, QueryClient, QueryKey};

wasm_bindgen_test_configure!(run_in_browser);

fn todos() -> QueryKey {
    keys!["todos"]
}

fn types() -> HydrationTypes {
    HydrationTypes::new().query::<Vec<String>>(keys!["todos"])
}

fn data(client: &QueryClient, key: &QueryKey) -> Option<Vec<String>> {
    client
        .get_query_data::<Vec<String>>(key)
        .ok()
        .flatten()
        .map(|d| (*d).clone())
}

/// Waits (real time: the channel delivers in a later task) until `done` holds, or
/// about a second has passed; returns whether it held.
async fn eventually(done: impl Fn() -> bool) -> bool {
    for _ in 0..40 {
        if done() {
            return true;
        }
        gloo::timers::future::TimeoutFuture::new(25).await;
    }
    done()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn channel_name(test: &str) -> String {
    format!("yo-broadcast-test-{test}-{}", js_sys::Math::random())
}

#[wasm_bindgen_test]
async fn a_write_in_one_tab_reaches_the_other_and_newer_wins() {
    let (a, b) = (World::new(), World::new());
    let name = channel_name("newer");
    let _sa = broadcast_query_client(&a.client, types(), &name).expect("a channel");
    let _sb = broadcast_query_client(&b.client, types(), &name).expect("a channel");

    a.client
        .set_query_data(&todos(), strings(&["milk"]))
        .expect("a write");
    assert!(
        eventually(|| data(&b.client, &todos()) == Some(strings(&["milk"]))).await,
        "tab b got tab a's data: {:?}",
        data(&b.client, &todos())
    );

    // Later in b: a sees it.
    b.rt.advance(1_000);
    b.client
        .set_query_data(&todos(), strings(&["milk", "bread"]))
        .expect("a write");
    assert!(
        eventually(|| data(&a.client, &todos()) == Some(strings(&["milk", "bread"]))).await,
        "tab a got tab b's newer data: {:?}",
        data(&a.client, &todos())
    );

    // A write in a stamped before b's last one does not win in b.
    a.client
        .set_query_data(&todos(), strings(&["stale"]))
        .expect("a write");
    assert!(
        !eventually(|| data(&b.client, &todos()) == Some(strings(&["stale"]))).await,
        "older data never wins"
    );
    assert_eq!(data(&b.client, &todos()), Some(strings(&["milk", "bread"])));
}

#[wasm_bindgen_test]
async fn unregistered_queries_stay_home_and_a_bad_message_changes_nothing() {
    let (a, b) = (World::new(), World::new());
    let name = channel_name("home");
    let _sa = broadcast_query_client(&a.client, types(), &name).expect("a channel");
    let _sb = broadcast_query_client(&b.client, types(), &name).expect("a channel");

    a.client
        .set_query_data(&keys!["secret"], strings(&["only here"]))
        .expect("a write");
    a.client
        .set_query_data(&todos(), strings(&["eggs"]))
        .expect("a write");
    assert!(eventually(|| data(&b.client, &todos()).is_some()).await);
    assert_eq!(
        data(&b.client, &keys!["secret"]),
        None,
        "not registered: not sent"
    );

    // Not a state, and a state of the wrong shape: warnings, nothing written.
    let stranger = BroadcastChannel::new(&name).expect("a channel");
    stranger.post_message(&"{oops".into()).expect("posted");
    stranger
        .post_message(
            &r#"{"format":"yew-optimistic/dehydrated","version":1,"dehydrated_at":0,"queries":[{"key":["todos"],"updated_at":99999999999,"data":{"not":"a list"}}]}"#
                .into(),
        )
        .expect("posted");
    gloo::timers::future::TimeoutFuture::new(200).await;
    assert_eq!(data(&b.client, &todos()), Some(strings(&["eggs"])));
    stranger.close();
    // The refused state's time did not stick: a's next write still arrives.
    a.rt.advance(1_000);
    a.client
        .set_query_data(&todos(), strings(&["eggs", "ham"]))
        .expect("a write");
    assert!(
        eventually(|| data(&b.client, &todos()) == Some(strings(&["eggs", "ham"]))).await,
        "a later write arrives after a refused message: {:?}",
        data(&b.client, &todos())
    );
}

#[wasm_bindgen_test]
async fn dropping_the_handle_stops_the_sharing() {
    let (a, b) = (World::new(), World::new());
    let name = channel_name("drop");
    let sa = broadcast_query_client(&a.client, types(), &name).expect("a channel");
    let _sb = broadcast_query_client(&b.client, types(), &name).expect("a channel");
    drop(sa);
    a.client
        .set_query_data(&todos(), strings(&["after"]))
        .expect("a write");
    let client = Rc::new(b.client.clone());
    assert!(
        !eventually(|| data(&client, &todos()).is_some()).await,
        "nothing is sent once the handle is gone"
    );
}
