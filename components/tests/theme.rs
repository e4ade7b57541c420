//! Browser tests of `ThemeRoot`: an explicit theme wins; without one, the system's
//! `prefers-color-scheme` picks it; the focus ring and control border variables are set.
#![cfg(target_arch = "wasm32")]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use yew::prelude::*;
use yew_optimistic::theme::{Theme, ThemeRoot, ThemeRootProps};

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Themed(props: &ThemeRootProps) -> Html {
    html! { <ThemeRoot theme={props.theme}><p>{ "app" }</p></ThemeRoot> }
}

fn themed(app: &common::Mounted<Themed>) -> (String, String, String) {
    let root = app.query("[data-theme]").expect("the theme root");
    let style = gloo::utils::window()
        .get_computed_style(&root)
        .ok()
        .flatten()
        .expect("a computed style");
    let var = |name: &str| {
        style
            .get_property_value(name)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    (
        root.get_attribute("data-theme").unwrap_or_default(),
        var("--yo-focus"),
        var("--yo-control-border"),
    )
}

#[wasm_bindgen_test]
async fn without_a_theme_the_system_preference_picks_it() {
    let app = common::mount::<Themed>(ThemeRootProps {
        theme: None,
        children: Html::default(),
    })
    .await;
    let system = if Theme::preferred() == Theme::Dark {
        "dark"
    } else {
        "light"
    };
    let (theme, focus, border) = themed(&app);
    assert_eq!(theme, system);
    let expected = if system == "dark" {
        ("#ffb020", "#7c889c")
    } else {
        ("#b45309", "#7a8494")
    };
    assert_eq!((focus.as_str(), border.as_str()), expected);
    app.unmount();
}

#[wasm_bindgen_test]
async fn an_explicit_theme_wins() {
    for (theme, name, focus) in [
        (Theme::Dark, "dark", "#ffb020"),
        (Theme::Light, "light", "#b45309"),
    ] {
        let app = common::mount::<Themed>(ThemeRootProps {
            theme: Some(theme),
            children: Html::default(),
        })
        .await;
        let (shown, ring, _) = themed(&app);
        assert_eq!((shown.as_str(), ring.as_str()), (name, focus));
        app.unmount();
    }
}
