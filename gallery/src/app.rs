//! The app shell: a header with the theme toggle, the sidebar, and the page the URL
//! hash names.

use stylist::yew::Global;
use yew::prelude::*;
use yew_hooks::use_hash;
use yew_optimistic::theme::{Theme, ThemeRoot};

use crate::backend::{use_backend_choice, BackendChoice};
use crate::pages::{Introduction, StoryPage};
use crate::route::Route;
use crate::shell::{global_css, initial_theme, remember, Sidebar};
use crate::stories::page;

/// What the URL names: the introduction, a page of stories, or a page that is not there.
fn page_content(route: &Route) -> Html {
    match route {
        Route::Introduction => html! { <Introduction /> },
        Route::Story {
            page: slug,
            story,
            args,
        } => match page(slug) {
            Some(p) => html! {
                <StoryPage page={p} story={story.clone().map(AttrValue::from)} args={args.clone()} />
            },
            None => html! {
                <article class="not-found">
                    <h2>{ "Not found" }</h2>
                    <p>{ format!("No page is called “{slug}”. ") }<a href="#/introduction">{ "Back to the introduction" }</a></p>
                </article>
            },
        },
    }
}

/// The whole gallery.
#[component]
pub fn App() -> Html {
    // `use_hash` follows `hashchange`, so links, back and forward all route.
    let hash = use_hash();
    let route = Route::parse(&hash);
    let theme = use_state(initial_theme);
    // Which backend stories talk to: asked once, shared by every story.
    let backend = use_backend_choice();
    let nav_open = use_state(|| false);

    let toggle_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.toggled();
            remember(next);
            theme.set(next);
        })
    };
    let toggle_nav = {
        let nav_open = nav_open.clone();
        Callback::from(move |_: MouseEvent| nav_open.set(!*nav_open))
    };
    {
        // A link followed on a narrow screen closes the menu.
        let nav_open = nav_open.clone();
        use_effect_with(route.clone(), move |_| nav_open.set(false));
    }

    let content = page_content(&route);
    let dark = *theme == Theme::Dark;
    html! {
        <ThemeRoot theme={*theme}>
          <ContextProvider<BackendChoice> context={backend}>
            { for global_css().into_iter().map(|css| html! { <Global {css} /> }) }
            <div class={classes!("shell", nav_open.then_some("nav-open"))}>
                <header class="topbar">
                    <button type="button" class="menu" onclick={toggle_nav} aria-label="Menu"
                        aria-expanded={nav_open.to_string()}>{ "☰" }</button>
                    <a class="brand" href="#/introduction">
                        <span class="logo" aria-hidden="true">{ "◐" }</span>
                        <h1>{ "yew-optimistic" }<span class="wordmark-extra">{ " gallery" }</span></h1>
                    </a>
                    <span class="spacer" />
                    <button type="button" class="theme-toggle" onclick={toggle_theme} data-control="theme"
                        aria-pressed={dark.to_string()} title="Switch between light and dark">
                        { if dark { "☀ Light" } else { "☾ Dark" } }
                    </button>
                </header>
                <Sidebar route={route.clone()} />
                <main class="content">{ content }</main>
            </div>
          </ContextProvider<BackendChoice>>
        </ThemeRoot>
    }
}
