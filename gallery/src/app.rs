//! The app shell: a header, a sidebar listing the pages, and the selected page.

use stylist::yew::{styled_component, Global};
use yew::prelude::*;

use crate::pages::Page;

/// The whole gallery.
#[styled_component]
pub fn App() -> Html {
    let current = use_state(|| Page::Introduction);

    // Page-wide styles: fonts, colours, no body margin.
    let global = css!(
        r#"
        html, body {
            margin: 0;
            padding: 0;
            font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
            color: #111827;
            background: #f9fafb;
        }
        "#
    );

    let shell = css!(
        r#"
        display: grid;
        grid-template-columns: 16rem 1fr;
        grid-template-rows: auto 1fr;
        min-height: 100vh;
        "#
    );
    let header = css!(
        r#"
        grid-column: 1 / span 2;
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.75rem 1.25rem;
        background: #111827;
        color: #f9fafb;
        h1 { margin: 0; font-size: 1.125rem; font-weight: 600; }
        "#
    );
    let sidebar = css!(
        r#"
        border-right: 1px solid #e5e7eb;
        background: #ffffff;
        padding: 1rem 0.5rem;
        h2 {
            margin: 0 0.75rem 0.5rem;
            font-size: 0.75rem;
            text-transform: uppercase;
            letter-spacing: 0.05em;
            color: #6b7280;
        }
        ul { list-style: none; margin: 0; padding: 0; }
        button {
            display: block;
            width: 100%;
            text-align: left;
            border: 0;
            border-radius: 0.375rem;
            padding: 0.5rem 0.75rem;
            background: transparent;
            font: inherit;
            cursor: pointer;
        }
        button:hover { background: #f3f4f6; }
        button[aria-current="page"] { background: #e0e7ff; color: #3730a3; font-weight: 600; }
        "#
    );
    let main = css!(
        r#"
        padding: 1.5rem 2rem;
        max-width: 48rem;
        "#
    );

    let links = Page::ALL.iter().map(|&page| {
        let onclick = {
            let current = current.clone();
            Callback::from(move |_: MouseEvent| current.set(page))
        };
        let aria_current = (*current == page).then_some("page");
        html! {
            <li key={page.slug()}>
                <button type="button" {onclick} aria-current={aria_current} data-page={page.slug()}>
                    { page.title() }
                </button>
            </li>
        }
    });

    html! {
        <>
            <Global css={global} />
            <div class={shell}>
                <header class={header}>
                    <h1>{ "yew-optimistic gallery" }</h1>
                </header>
                <nav class={sidebar} aria-label="Gallery pages">
                    <h2>{ "Docs" }</h2>
                    <ul>{ for links }</ul>
                </nav>
                <main class={main} data-page={current.slug()}>
                    { current.render() }
                </main>
            </div>
        </>
    }
}
