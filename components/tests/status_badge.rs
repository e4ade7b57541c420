//! Browser tests for `StatusBadge`: run with
//! `wasm-pack test --headless --chrome components`.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew_optimistic::{BadgeStatus, StatusBadge, StatusBadgeProps};

wasm_bindgen_test_configure!(run_in_browser);

fn props(status: BadgeStatus, label: Option<&'static str>) -> StatusBadgeProps {
    StatusBadgeProps {
        status,
        label: label.map(Into::into),
    }
}

#[wasm_bindgen_test]
async fn shows_the_default_label_of_each_status() {
    for status in [
        BadgeStatus::Idle,
        BadgeStatus::Pending,
        BadgeStatus::Success,
        BadgeStatus::Error,
    ] {
        let badge = common::mount::<StatusBadge>(props(status, None)).await;
        assert_eq!(badge.text(), status.label());
        let span = badge
            .query("span[role=status]")
            .expect("the badge renders a status span");
        assert_eq!(
            span.get_attribute("data-status").as_deref(),
            Some(status.as_str())
        );
        badge.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_custom_label_replaces_the_default() {
    let badge = common::mount::<StatusBadge>(props(BadgeStatus::Pending, Some("Saving…"))).await;
    assert_eq!(badge.text(), "Saving…");
    badge.unmount();
}

#[wasm_bindgen_test]
async fn rerenders_when_the_status_changes() {
    let mut badge = common::mount::<StatusBadge>(props(BadgeStatus::Pending, None)).await;
    assert_eq!(badge.text(), "Pending");

    badge.update(props(BadgeStatus::Error, None)).await;
    assert_eq!(badge.text(), "Error");
    let span = badge
        .query("[data-status]")
        .expect("the badge still renders its span");
    assert_eq!(span.get_attribute("data-status").as_deref(), Some("error"));
    badge.unmount();
}

#[wasm_bindgen_test]
async fn is_styled_with_a_generated_class() {
    let badge = common::mount::<StatusBadge>(props(BadgeStatus::Success, None)).await;
    let span = badge
        .query("span[role=status]")
        .expect("the badge renders a status span");
    let class = span.class_name();
    assert!(
        class.starts_with("stylist-"),
        "expected a stylist class, got {class:?}"
    );
    badge.unmount();
}
