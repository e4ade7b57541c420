//! A write of the wrong type under a key (a `set_query_data`, an optimistic patch) is
//! ignored, and in a debug build the warning sink hears of it once per key and type.
#![cfg(debug_assertions)]

use optimistic_query::testing::TestRuntime;
use optimistic_query::{keys, FetchError, MutationObserver, MutationOptions, QueryClient};
use std::cell::RefCell;

thread_local! {
    static HEARD: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn listen() {
    optimistic_query::warn::set_warning_sink(|m| HEARD.with(|h| h.borrow_mut().push(m.into())));
}

fn heard() -> Vec<String> {
    HEARD.with(|h| h.borrow().clone())
}

#[test]
fn set_query_data_of_another_type_warns_once_per_key_and_type() {
    listen();
    let client = QueryClient::new(TestRuntime::new().runtime());
    client.set_query_data(&keys!["count"], 1_u32).unwrap();
    let _ = client.set_query_data(&keys!["count"], "one");
    let _ = client.set_query_data(&keys!["count"], "uno");
    assert_eq!(
        client
            .get_query_data::<u32>(&keys!["count"])
            .unwrap()
            .as_deref(),
        Some(&1)
    );
    let heard = heard();
    assert_eq!(heard.len(), 1, "once per key and type: {heard:?}");
    assert!(heard[0].contains("set_query_data"), "{}", heard[0]);
    assert!(
        heard[0].contains("u32") && heard[0].contains("&str"),
        "{}",
        heard[0]
    );
    assert!(heard[0].contains("TypedKey"), "{}", heard[0]);
    let _ = client.set_query_data(&keys!["count"], 1.5_f64);
    assert_eq!(heard_count(), 2, "another type is another warning");
}

fn heard_count() -> usize {
    HEARD.with(|h| h.borrow().len())
}

#[test]
fn an_optimistic_patch_of_another_type_warns_and_names_the_mutation() {
    listen();
    let rt = TestRuntime::new();
    let client = QueryClient::new(rt.runtime());
    client
        .set_query_data(&keys!["todos"], vec!["milk".to_string()])
        .unwrap();
    let add = MutationObserver::new(
        &client,
        MutationOptions::new(|_title: String, _| async { Ok::<(), FetchError>(()) }).optimistic(
            // The list holds `Vec<String>`; this edits `Vec<&str>`: ignored.
            |title: &String, patches| {
                let title = title.clone();
                patches.update(keys!["todos"], move |v: &Vec<&'static str>| {
                    let mut v = v.clone();
                    v.push(if title.is_empty() { "" } else { "x" });
                    v
                });
            },
        ),
    );
    add.mutate("eggs".into());
    add.mutate("bread".into());
    rt.run();
    let heard = heard();
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert!(
        heard[0].contains("optimistic patch of mutation"),
        "{}",
        heard[0]
    );
    assert!(heard[0].contains("todos"), "{}", heard[0]);
    assert_eq!(
        client
            .get_query_data::<Vec<String>>(&keys!["todos"])
            .unwrap()
            .as_deref(),
        Some(&vec!["milk".to_string()])
    );
}
