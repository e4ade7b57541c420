//! The sidebar: the introduction, the components and the hooks.

use yew::prelude::*;

use crate::route::Route;
use crate::stories::{PageKind, PAGES};

/// Props of [`Sidebar`].
#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    /// Where the gallery is, to mark the current entry.
    pub route: Route,
}

fn link(route: &Route, slug: &'static str, title: &'static str, href: String) -> Html {
    let current = match route {
        Route::Introduction => slug == "introduction",
        Route::Story { page, .. } => page == slug,
    };
    html! {
        <li key={slug}>
            <a {href} aria-current={current.then_some("page")} data-page={slug}>{ title }</a>
        </li>
    }
}

/// Links to every page.
#[component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    let route = &props.route;
    let section = |kind: PageKind| {
        PAGES
            .iter()
            .filter(move |p| p.kind == kind)
            .map(|p| {
                link(
                    route,
                    p.slug,
                    p.title,
                    Route::Story {
                        page: p.slug.into(),
                        story: None,
                        args: Default::default(),
                    }
                    .href(),
                )
            })
            .collect::<Html>()
    };
    html! {
        <nav class="sidebar" aria-label="Gallery pages">
            <h2>{ "Docs" }</h2>
            <ul>{ link(route, "introduction", "Introduction", Route::Introduction.href()) }</ul>
            <h2>{ "Components" }</h2>
            <ul>{ section(PageKind::Component) }</ul>
            <h2>{ "Hooks" }</h2>
            <ul class="hooks">{ section(PageKind::Hook) }</ul>
        </nav>
    }
}
